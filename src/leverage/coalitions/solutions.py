"""The solutions of a coalitional game: excesses, the core and least core, the Shapley and Banzhaf values, the nucleolus.

:class:`SolutionMethods` holds them as methods of
:class:`~leverage.coalitions.CoalitionalGame` (a mix-in class; the work is
done on the bitmask arrays of :mod:`leverage.coalitions.tables`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from leverage.coalitions.allocations import Allocation, LeastCore
from leverage.coalitions.tables import (
    MAX_LEAST_CORE_PLAYERS,
    MAX_NUCLEOLUS_PLAYERS,
    NOISE,
    banzhaf_raw,
    coalition_sums,
    least_core_lp,
    nucleolus_lp,
    refuse_players,
    shapley_exact,
)
from leverage.checks import check_rng
from leverage.results import SolverError
from leverage.tolerance import resolve_rtol

__all__ = ["SolutionMethods"]


class SolutionMethods:
    """The solution concepts of :class:`~leverage.coalitions.CoalitionalGame` (a mix-in: use them through a game).

    Examples
    --------
    >>> from leverage.coalitions import CoalitionalGame
    >>> issubclass(CoalitionalGame, SolutionMethods)
    True
    """

    __slots__ = ()

    def excesses(self, x: Any) -> np.ndarray:
        """The excess ``v(S) - x(S)`` of every coalition, indexed by bitmask (read-only).

        A positive excess is what ``S`` would gain by leaving the allocation ``x``.

        Examples
        --------
        >>> from leverage.coalitions import CoalitionalGame
        >>> g = CoalitionalGame(["A", "B"], {"A": 1, "B": 0, ("A", "B"): 2})
        >>> g.excesses([0.5, 1.5])
        array([ 0. ,  0.5, -1.5,  0. ])
        """
        caller = "CoalitionalGame.excesses()"
        v = self._require_table(caller)
        out = v - coalition_sums(self._point(x, caller))
        out.setflags(write=False)
        return out

    def in_core(self, x: Any, rtol: float | None = None, *, tol: float | None = None) -> bool:
        """Whether ``x`` lies in the core: efficient, and no coalition gets less than its worth.

        ``|x(N) - v(N)| <= tol`` and ``v(S) - x(S) <= tol`` for every
        coalition ``S`` (Gillies 1959), with ``tol`` the library's rule
        (``rtol`` times the range of the worths).

        Parameters
        ----------
        x : mapping or array_like
            One payoff per player (a mapping of every player's name, an
            :class:`Allocation`, or an array in player order).
        rtol : float, optional
            ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
            Relative tolerance (default :data:`leverage.tolerance.RTOL`).

        Examples
        --------
        >>> from leverage.coalitions import CoalitionalGame
        >>> g = CoalitionalGame(["A", "B"], {"A": 1, "B": 0, ("A", "B"): 2})
        >>> g.in_core({"A": 1.5, "B": 0.5}), g.in_core([0.5, 1.5]), g.in_core([1.5, 1.0])
        (True, False, False)
        """
        rtol = resolve_rtol(rtol, tol, "SolutionMethods.in_core")
        caller = "CoalitionalGame.in_core"
        v = self._require_table(f"{caller}()")
        x = self._point(x, f"{caller}()")
        atol = self.tolerance(rtol)
        ex = v - coalition_sums(x)
        return bool(abs(ex[-1]) <= atol and ex.max() <= atol)

    def least_core(self) -> LeastCore:
        """The least core's ``epsilon`` and a point of it, by one linear program.

        Minimises ``epsilon`` subject to ``x(S) >= v(S) - epsilon`` for every
        coalition other than the empty and the grand one, and
        ``x(N) = v(N)`` (Maschler, Peleg and Shapley 1979). The returned
        ``epsilon`` is the largest excess of the returned point, so the point
        certifies it. The core is non-empty exactly when ``epsilon`` is at
        most the tolerance. The nucleolus (:meth:`nucleolus` with
        ``pre=True``) is the canonical point of the least core.

        Returns
        -------
        LeastCore
            ``epsilon`` and the point as an :class:`Allocation`; with one
            player there is no coalition to constrain and ``epsilon`` is
            ``-inf``.

        Raises
        ------
        ValueError
            If the game has more than :data:`~leverage.coalitions.MAX_LEAST_CORE_PLAYERS`
            players (the programme has ``2**n`` constraints), or is not tabulated.

        Examples
        --------
        Three players who share 1, any two of whom may take 0.9 for themselves:
        the core is empty, and at best every pair falls 0.9 - 2/3 short of its worth.

        >>> from leverage.coalitions import CoalitionalGame
        >>> g = CoalitionalGame(["A", "B", "C"], lambda S: {0: 0, 1: 0, 2: 0.9, 3: 1}[len(S)])
        >>> eps, x = g.least_core()
        >>> round(eps, 9), x.as_dict()
        (0.233333333, {'A': 0.333333..., 'B': 0.333333..., 'C': 0.333333...})
        >>> g.core() is None
        True
        """
        caller = "CoalitionalGame.least_core()"
        v = self._require_table(caller)
        n = self.n_players
        refuse_players(n, MAX_LEAST_CORE_PLAYERS, caller, "a linear programme over 2**n coalitions")
        if n == 1:
            return LeastCore(float("-inf"), Allocation(self._players, [v[1]], "least core"))
        eps, x = least_core_lp(v, n, caller)
        eps = 0.0 if abs(eps) <= NOISE * self._scale() else eps
        return LeastCore(eps, Allocation(self._players, self._clean(x), "least core", info={"epsilon": eps}))

    def core(self, rtol: float | None = None, *, tol: float | None = None) -> Allocation | None:
        """A point in the core, or ``None`` when the core is empty (Gillies 1959).

        The point is a least-core point (:meth:`least_core`): when the core
        is non-empty it lies as deep inside it as any, in the sense that the
        smallest slack ``x(S) - v(S)`` over proper coalitions is largest. The
        point is checked with :meth:`in_core` before it is returned.

        Parameters
        ----------
        rtol : float, optional
            ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
            Relative tolerance (default :data:`leverage.tolerance.RTOL`).

        Raises
        ------
        ValueError
            As :meth:`least_core`.

        Examples
        --------
        >>> from leverage.coalitions import CoalitionalGame
        >>> g = CoalitionalGame(["A", "B"], {"A": 1, "B": 0, ("A", "B"): 2})
        >>> g.core()
        Allocation(core (least-core point): A=1.5, B=0.5)
        """
        rtol = resolve_rtol(rtol, tol, "SolutionMethods.core")
        self._require_table("CoalitionalGame.core()")
        refuse_players(self.n_players, MAX_LEAST_CORE_PLAYERS, "CoalitionalGame.core()",
                       "a linear programme over 2**n coalitions")
        lc = self.least_core()
        if lc.epsilon > self.tolerance(rtol) or not self.in_core(lc.allocation, rtol):
            return None
        return Allocation(self._players, lc.allocation.payoffs, "core (least-core point)",
                          info={"epsilon": lc.epsilon})

    # ------------------------------------------------------------------ values
    def shapley_value(self, method: str = "exact", n: int | None = None, *, rng: Any = None,
                      seed: Any = None) -> Allocation:
        """The Shapley value (Shapley 1953): each player's average marginal contribution.

        ``phi_i = sum_{S not containing i} |S|! (n - |S| - 1)! / n! * (v(S + i) - v(S))``.

        Parameters
        ----------
        method : {"exact", "sample"}
            ``"exact"``: by subsets, one vectorised pass over the ``2**(n-1)``
            coalitions without each player (tabulated games, up to
            :data:`MAX_TABULATED_PLAYERS` players). ``"sample"``: the mean
            marginal contribution over ``n`` uniformly random orders of the
            players (Castro, Gomez and Tejada 2009); each order's
            contributions sum to ``v(N)``, so the estimate is exactly
            efficient. Works for untabulated (large) games too.
        n : int, optional
            Number of sampled orders (``method="sample"`` only; default 10,000;
            at least 2).
        rng : numpy.random.Generator or int, optional
            The generator of the sampled orders (its state advances), or a
            non-negative integer seed for reproducible samples; None: fresh
            entropy (``method="sample"`` only).
        seed : int, optional
            The older name of an integer ``rng`` (give one of the two).

        Returns
        -------
        Allocation
            With ``stderr`` -- the standard error of each sampled mean, the
            sample standard deviation over ``sqrt(n)`` -- when sampled.

        Raises
        ------
        ValueError
            If ``method`` is unknown, ``n`` is not an integer >= 2 or is given
            with ``method="exact"``, or an exact value is asked of an
            untabulated game.
        TypeError
            If ``rng`` is not a generator, an integer or None, or both
            ``rng`` and ``seed`` are given.

        Examples
        --------
        >>> from leverage.coalitions import CoalitionalGame
        >>> g = CoalitionalGame.pooled_offtake({"US": 0.5, "EU": 0.3, "Japan": 0.2}, scale=0.2)
        >>> exact = g.shapley_value()
        >>> sampled = g.shapley_value(method="sample", n=4000, rng=1)
        >>> bool(np.all(np.abs(sampled.payoffs - exact.payoffs) <= 5 * sampled.stderr))
        True
        >>> round(sampled.total, 12) == round(g.value(g.players), 12)
        True
        """
        caller = "CoalitionalGame.shapley_value()"
        generator = check_rng(rng, caller, seed=seed)
        given = seed if seed is not None else (None if isinstance(rng, np.random.Generator) else rng)
        if method == "exact":
            if n is not None:
                raise ValueError(f"{caller}: n (the number of sampled orders) is only used with method='sample'")
            v = self._require_table(caller)
            return Allocation(self._players, shapley_exact(v, self.n_players), "shapley (exact)")
        if method != "sample":
            raise ValueError(f"{caller}: method must be 'exact' or 'sample'; got {method!r}")
        samples = 10_000 if n is None else n
        if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 2:
            raise ValueError(f"{caller}: n must be an integer >= 2 (the number of sampled orders); got {n!r}")
        samples = int(samples)
        if self._table is not None:
            mean, sd = self._sample_tabulated(generator, samples)
        else:
            mean, sd = self._sample_lazy(generator, samples, caller)
        return Allocation(self._players, mean, f"shapley (sampled, {samples} orders)", stderr=sd / math.sqrt(samples),
                          info={"samples": samples, "seed": given})

    def _sample_tabulated(self, rng: np.random.Generator, samples: int) -> tuple[np.ndarray, np.ndarray]:
        v = self._table
        assert v is not None
        n = self.n_players
        total = np.zeros(n)
        total_sq = np.zeros(n)
        chunk = max(1, 2_000_000 // max(n, 1))
        done = 0
        while done < samples:
            m = min(chunk, samples - done)
            orders = rng.permuted(np.tile(np.arange(n), (m, 1)), axis=1)
            bits = np.left_shift(np.int64(1), orders)
            after = np.cumsum(bits, axis=1)  # distinct bits: the sum is the union
            contrib = v[after] - v[after - bits]
            per_player = np.empty_like(contrib)
            np.put_along_axis(per_player, orders, contrib, axis=1)
            total += per_player.sum(axis=0)
            total_sq += (per_player**2).sum(axis=0)
            done += m
        mean = total / samples
        var = np.clip((total_sq - samples * mean**2) / (samples - 1), 0.0, None)
        return mean, np.sqrt(var)

    def _sample_lazy(self, rng: np.random.Generator, samples: int, caller: str) -> tuple[np.ndarray, np.ndarray]:
        n = self.n_players
        draws = np.empty((samples, n))
        for k in range(samples):
            order = rng.permutation(n)
            mask = 0
            before = 0.0
            for i in order:
                mask |= 1 << int(i)
                after = self._lazy(mask, caller)
                draws[k, i] = after - before
                before = after
        return draws.mean(axis=0), draws.std(axis=0, ddof=1)

    def banzhaf(self, normalized: bool = True) -> Allocation:
        """The Banzhaf index (Banzhaf 1965): each player's average marginal contribution over coalitions.

        The raw value is ``beta_i = 2**-(n-1) sum_{S not containing i}
        (v(S + i) - v(S))`` -- in a simple game, the share of the coalitions
        without ``i`` that ``i`` swings from losing to winning. The
        normalised index divides by the sum, so the indices add up to 1.

        Parameters
        ----------
        normalized : bool
            Return the normalised index (default) or the raw value. The
            other is kept in ``info`` (``"raw"`` or ``"normalized"``).

        Raises
        ------
        ValueError
            If the normalised index is asked but the raw values sum to zero
            (within the tolerance rule).

        Examples
        --------
        In ``[51; 49, 49, 2]`` the small party swings as often as the large ones:

        >>> from leverage.coalitions import CoalitionalGame
        >>> g = CoalitionalGame.weighted_voting({"A": 49, "B": 49, "C": 2}, quota=51)
        >>> g.banzhaf().as_dict()
        {'A': 0.333333..., 'B': 0.333333..., 'C': 0.333333...}
        >>> g.banzhaf(normalized=False).as_dict()
        {'A': 0.5, 'B': 0.5, 'C': 0.5}
        """
        caller = "CoalitionalGame.banzhaf()"
        v = self._require_table(caller)
        raw = banzhaf_raw(v, self.n_players)
        total = float(raw.sum())
        if abs(total) <= self.tolerance():
            if normalized:
                raise ValueError(
                    f"{caller}: the raw Banzhaf values sum to {total:.3g}, so they cannot be normalised; "
                    f"use normalized=False"
                )
            return Allocation(self._players, raw, "banzhaf (raw)")
        norm = raw / total
        if normalized:
            return Allocation(self._players, norm, "banzhaf (normalised)", info={"raw": tuple(raw.tolist())})
        return Allocation(self._players, raw, "banzhaf (raw)", info={"normalized": tuple(norm.tolist())})

    def nucleolus(self, pre: bool = False) -> Allocation:
        """The nucleolus (Schmeidler 1969), or the prenucleolus, by sequential linear programs.

        The nucleolus is the imputation (efficient, ``x_i >= v({i})``) that
        lexicographically minimises the excesses ``v(S) - x(S)`` sorted from
        the largest down: first the largest excess is made as small as
        possible, then the next, and so on. Each round is one linear program;
        after a round, the coalitions whose excess cannot be lowered further
        (positive dual value) are fixed and the next round lowers the others,
        until the fixed coalitions determine the point (at most ``n - 1``
        rounds; Maschler, Peleg and Shapley 1979; Guajardo and Jornsten 2015).
        The nucleolus is unique, lies in the core whenever the core is
        non-empty, and treats symmetric players alike.

        Parameters
        ----------
        pre : bool
            Compute the prenucleolus instead: the same minimisation over all
            efficient vectors, without ``x_i >= v({i})``. It lies in the least
            core and equals the nucleolus when the core is non-empty.

        Returns
        -------
        Allocation
            With ``info["levels"]``, the minimised largest excess of each
            round, and ``info["max_excess"]``.

        Raises
        ------
        ValueError
            If the imputation set is empty (``v(N) < sum_i v({i})``) and
            ``pre`` is False, or the game has more than
            :data:`~leverage.coalitions.MAX_NUCLEOLUS_PLAYERS` players (up to
            ``n - 1`` programmes of ``2**n`` constraints each).
        leverage.SolverError
            If a linear program fails.

        Examples
        --------
        >>> from leverage.coalitions import CoalitionalGame
        >>> g = CoalitionalGame(["A", "B", "C"], {"A": 0, "B": 0, "C": 0, ("A", "B"): 4,
        ...                     ("A", "C"): 2, ("B", "C"): 0, ("A", "B", "C"): 4})
        >>> x = g.nucleolus()
        >>> x.as_dict(), x.info["levels"]
        ({'A': 3.0, 'B': 1.0, 'C': 0.0}, (0.0, -1.0))
        """
        caller = "CoalitionalGame.nucleolus()"
        v = self._require_table(caller)
        n = self.n_players
        refuse_players(n, MAX_NUCLEOLUS_PLAYERS, caller, "up to n - 1 linear programmes over 2**n coalitions")
        name = "prenucleolus" if pre else "nucleolus"
        full = (1 << n) - 1
        alone = sum(float(v[1 << i]) for i in range(n))
        atol = self.tolerance()
        if not pre and v[full] < alone - atol:
            raise ValueError(
                f"{caller}: the imputation set is empty: v(N) = {v[full]:.6g} is less than the sum of the "
                f"players' stand-alone worths ({alone:.6g}), so the nucleolus is undefined; use pre=True for "
                f"the prenucleolus"
            )
        if n == 1:
            return Allocation(self._players, [v[1]], name, info={"levels": (), "max_excess": float("-inf")})
        x, levels = nucleolus_lp(v, n, imputations=not pre, caller=caller)
        x = self._clean(x)
        ex = v - coalition_sums(x)
        if abs(ex[full]) > atol or (not pre and np.any(-ex[[1 << i for i in range(n)]] < -atol)):
            raise SolverError(f"{caller}: the computed point {x} is not an imputation; the programmes were inaccurate")
        max_excess = float(ex[1:full].max())
        levels = tuple(0.0 if abs(e) <= NOISE * self._scale() else e for e in levels)
        return Allocation(self._players, x, name, info={"levels": levels, "rounds": len(levels),
                                                        "max_excess": max_excess})
