"""Iterated elimination of strictly dominated strategies, for any number of players.

A strategy ``s`` of player ``i`` is *strictly dominated* when some other
strategy of ``i`` -- a pure one, or (with ``mixed=True``) a mixture of ``i``'s
other surviving strategies -- gives ``i`` strictly more against *every*
surviving pure profile of the opponents. A rational player never plays a
strictly dominated strategy, and, once everybody knows that, strategies that
become dominated after the removal may be removed in turn (Fudenberg and Tirole
1991, section 2.1; Osborne and Rubinstein 1994, chapter 4).

"Strictly more" follows the library's one tolerance rule
(:mod:`leverage.tolerance`): the dominator must win by more than
``rtol * scale_i`` against every surviving opponent profile, where
``scale_i`` is player ``i``'s payoff range in the *original* game (kept fixed
through all rounds). A strategy that only ties somewhere -- weakly dominated
-- survives.

Checks
------
* Pure dominance: one vectorised pass per player computes, for every pair
  ``(s, k)`` of surviving strategies, the worst-case margin
  ``min_t u_i(k, t) - u_i(s, t)`` over the opponents' surviving pure profiles
  ``t``.
* Mixed dominance: for each remaining candidate ``s`` a linear program
  (:func:`scipy.optimize.linprog`, HiGHS) maximises ``eps`` subject to
  ``sum_k sigma_k u_i(k, t) >= u_i(s, t) + eps`` for every ``t`` and ``sigma``
  in the simplex over ``i``'s other surviving strategies. The mixture returned
  is then *re-evaluated* directly: a strategy is eliminated only when that
  mixture's exact worst-case margin exceeds the tolerance, so no elimination
  rests on the LP solver's own feasibility tolerance. A strategy that is a best
  response (within the tolerance) to some surviving opponent profile can never
  be strictly dominated and is skipped without an LP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linprog

from leverage.results import Equilibrium, SolverError, clean_probabilities
from leverage.game import Game
from leverage.tolerance import LP_FEASIBILITY_TOL, resolve_rtol

__all__ = ["DominanceResult", "Elimination", "iterated_dominance"]

#: Upper bound on the number of float64 entries of the temporary margin array of the pure check.
_PURE_CHUNK_ENTRIES = 2**22


def _describe_mixture(vector: np.ndarray, names: Sequence[str]) -> str:
    support = np.flatnonzero(vector > 0)
    return ", ".join(f"{names[k]} {vector[k]:.6g}" for k in support)


@dataclass(frozen=True, eq=False)
class Elimination:
    """One elimination step of :func:`iterated_dominance`.

    Attributes
    ----------
    player : int
        Index of the player whose strategy is eliminated.
    player_name : str
        Name of that player.
    strategy : int
        Index of the eliminated strategy in the *original* game.
    strategy_name : str
        Name of the eliminated strategy.
    round : int
        Round of elimination, from 1. All eliminations of a round are checked
        against the strategies that survived the previous round.
    dominator : numpy.ndarray
        Probability vector over the player's *original* strategies (read-only)
        that strictly dominates the eliminated strategy against every opponent
        profile surviving at the start of the round. Its support lies in the
        player's strategies surviving at the start of the round (it may
        include another strategy eliminated in the same round).
    margin : float
        Worst-case advantage of the dominator over the eliminated strategy, in
        payoff units; it exceeds the player's tolerance.
    strategy_names : tuple of str
        The player's original strategy names (aligned with ``dominator``).

    Examples
    --------
    >>> from leverage import Game, iterated_dominance
    >>> g = Game.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]])
    >>> iterated_dominance(g).eliminated[0]
    Elimination(round 1: Player 1's 's3' dominated by s1 0.5, s2 0.5; margin 0.5)
    """

    player: int
    player_name: str
    strategy: int
    strategy_name: str
    round: int
    dominator: np.ndarray
    margin: float
    strategy_names: tuple[str, ...] = field(default=(), repr=False)

    @property
    def is_pure(self) -> bool:
        """Whether the dominator is a pure strategy."""
        return int(np.count_nonzero(self.dominator)) == 1

    def __repr__(self) -> str:
        names = self.strategy_names or tuple(f"s{k + 1}" for k in range(len(self.dominator)))
        return (
            f"Elimination(round {self.round}: {self.player_name}'s {self.strategy_name!r} dominated by "
            f"{_describe_mixture(self.dominator, names)}; margin {self.margin:.6g})"
        )


@dataclass(frozen=True, eq=False)
class DominanceResult:
    """Outcome of :func:`iterated_dominance`.

    Attributes
    ----------
    game : Game
        The reduced game: same player names, only the surviving strategies
        (with their names, in their original order).
    surviving : tuple of tuple of int
        For each player, the indices in the original game of the surviving
        strategies.
    eliminated : list of Elimination
        The eliminations, in order (by round, then player, then strategy).
    mixed : bool
        Whether domination by mixed strategies was allowed.
    original : Game
        The game that was reduced.

    Examples
    --------
    >>> from leverage import Game, iterated_dominance
    >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Column"),
    ...                         strategies=(("Cooperate", "Defect"), ("Cooperate", "Defect")))
    >>> res = iterated_dominance(pd)
    >>> res
    DominanceResult(Row: Defect; Column: Defect; 2 eliminated in 1 round; mixed=True)
    >>> res.expand([[1.0], [1.0]])
    (array([0., 1.]), array([0., 1.]))
    """

    game: Game
    surviving: tuple[tuple[int, ...], ...]
    eliminated: list[Elimination]
    mixed: bool
    original: Game = field(repr=False)

    @property
    def rounds(self) -> int:
        """Number of rounds in which something was eliminated."""
        return max((e.round for e in self.eliminated), default=0)

    @property
    def dominance_solvable(self) -> bool:
        """Whether exactly one strategy per player survives."""
        return all(len(s) == 1 for s in self.surviving)

    def expand(self, profile: Any) -> tuple[np.ndarray, ...]:
        """Map a profile of the reduced game to the original strategy space.

        Parameters
        ----------
        profile : sequence or Equilibrium
            One probability vector (or pure strategy index) per player over the
            *reduced* game's strategies, or an :class:`~leverage.Equilibrium`
            of the reduced game.

        Returns
        -------
        tuple of numpy.ndarray
            One probability vector per player over the original strategies,
            with probability 0 on every eliminated strategy.

        Raises
        ------
        ValueError, TypeError
            If ``profile`` is not a valid profile of the reduced game.

        Examples
        --------
        >>> from leverage import Game, equilibria, iterated_dominance
        >>> g = Game.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]])
        >>> res = iterated_dominance(g)
        >>> [g.is_nash(res.expand(eq)) for eq in equilibria(res.game)]
        [True, True, True]
        >>> res.expand([1, [0.25, 0.75]])
        (array([0., 1., 0.]), array([0.25, 0.75]))
        """
        if isinstance(profile, Equilibrium):
            profile = profile.strategies
        reduced = self.game.profile(profile, "DominanceResult.expand")
        out = []
        for vec, kept, m in zip(reduced, self.surviving, self.original.shape):
            full = np.zeros(m)
            full[list(kept)] = vec
            out.append(full)
        return tuple(out)

    def __repr__(self) -> str:
        parts = [
            f"{player}: {', '.join(names)}" for player, names in zip(self.game.players, self.game.strategies)
        ]
        count = len(self.eliminated)
        if count:
            rounds = self.rounds
            summary = f"{count} eliminated in {rounds} round{'s' if rounds != 1 else ''}"
        else:
            summary = "nothing eliminated"
        return f"DominanceResult({'; '.join(parts)}; {summary}; mixed={self.mixed})"


def _pure_margins(U: np.ndarray) -> np.ndarray:
    """``M[s, k] = min_t U[k, t] - U[s, t]``, with ``-inf`` on the diagonal."""
    m, T = U.shape
    M = np.empty((m, m))
    chunk = max(1, _PURE_CHUNK_ENTRIES // max(1, m * T))
    for start in range(0, m, chunk):
        rows = U[start : start + chunk]
        M[start : start + chunk] = (U[None, :, :] - rows[:, None, :]).min(axis=2)
    np.fill_diagonal(M, -np.inf)
    return M


def _mixed_dominator(U: np.ndarray, s: int, scale: float, caller: str, what: str) -> tuple[np.ndarray, float]:
    """Best mixture over the rows of ``U`` other than ``s`` against row ``s``.

    Returns the mixture over the other rows (in order) and its exactly
    evaluated worst-case margin ``min_t sigma @ U[others, t] - U[s, t]``.
    """
    others = np.delete(np.arange(U.shape[0]), s)
    D = U[others] - U[s]  # (K, T): advantage of each other strategy at each opponent profile
    K, T = D.shape
    Ds = D / scale  # scaled so that HiGHS's absolute tolerances are relative to the payoff range
    c = np.zeros(K + 1)
    c[-1] = -1.0  # maximise eps
    A_ub = np.hstack([-Ds.T, np.ones((T, 1))])  # eps - sum_k sigma_k D[k, t] <= 0
    b_ub = np.zeros(T)
    A_eq = np.ones((1, K + 1))
    A_eq[0, -1] = 0.0
    bounds = [(0.0, None)] * K + [(None, None)]
    res = linprog(
        c,
        A_ub=A_ub,
        b_ub=b_ub,
        A_eq=A_eq,
        b_eq=[1.0],
        bounds=bounds,
        method="highs",
        options={"primal_feasibility_tolerance": LP_FEASIBILITY_TOL, "dual_feasibility_tolerance": LP_FEASIBILITY_TOL},
    )
    if res.status != 0 or res.x is None:
        raise SolverError(f"{caller}(): the dominance linear program for {what} failed: {res.message}")
    try:
        sigma = clean_probabilities(res.x[:K])
    except ValueError:
        raise SolverError(f"{caller}(): the dominance linear program for {what} returned no mixture") from None
    margin = float(np.min(sigma @ D))
    return sigma, margin


def iterated_dominance(game: Game, mixed: bool = True, rtol: float | None = None, *, tol: float | None = None) -> DominanceResult:
    """Iterated elimination of strictly dominated strategies.

    In each round, every player's surviving strategies are checked against the
    opponents' surviving pure profiles; all strategies found strictly
    dominated are removed together, and rounds repeat until nothing changes
    (at most as many rounds as there are strategies in total).

    Parameters
    ----------
    game : Game
        Any number of players.
    mixed : bool, default True
        Whether a strategy may be dominated by a mixture of the player's other
        surviving strategies (found by linear programming). With ``False`` only
        pure dominators count, which may eliminate less.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`): a
        dominator must win by more than ``tol`` times the player's payoff range
        in the original game against every surviving opponent profile.

    Returns
    -------
    DominanceResult
        The reduced game, the surviving strategy indices, and the eliminations
        with their dominators.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~leverage.Game`, ``mixed`` is not a bool,
        or ``tol`` is not a number.
    ValueError
        If ``tol`` is not in ``[0, 1)``.
    SolverError
        If a dominance linear program fails.

    Notes
    -----
    For *strict* dominance the order of elimination does not matter: removing
    strictly dominated strategies in any order, one at a time or many at once,
    ends with the same surviving sets (Osborne and Rubinstein 1994, section
    4.2.3). Hence eliminating everything dominated in a round at once is
    harmless. The same is not true of weak dominance, which this function does
    not perform: a strategy that ties its would-be dominator against some
    surviving profile (within the tolerance) survives.

    Strict dominance never removes a strategy played in a Nash equilibrium:
    every equilibrium of the original game is an equilibrium of the reduced
    game, and every equilibrium of the reduced game, expanded with
    :meth:`DominanceResult.expand`, is one of the original game. Solving the
    reduced game is therefore a safe (and often much faster) way to solve the
    original one.

    Mixed dominance is decided on the mixture returned by the LP, re-evaluated
    exactly; a strategy is never eliminated without such a certificate. A
    mixture whose margin exceeds the tolerance by less than the LP solver's
    precision (about :data:`~leverage.tolerance.LP_FEASIBILITY_TOL` of the payoff range) may be missed.

    References
    ----------
    Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, section 2.1.
    Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*. MIT
    Press, chapter 4.

    Examples
    --------
    The prisoner's dilemma is solved by dominance:

    >>> from leverage import Game, iterated_dominance
    >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Column"),
    ...                         strategies=(("Cooperate", "Defect"), ("Cooperate", "Defect")))
    >>> res = iterated_dominance(pd)
    >>> res.surviving
    ((1,), (1,))
    >>> res.game.strategies
    (('Defect',), ('Defect',))
    >>> for step in res.eliminated:
    ...     print(step)
    Elimination(round 1: Row's 'Cooperate' dominated by Defect 1; margin 1)
    Elimination(round 1: Column's 'Cooperate' dominated by Defect 1; margin 1)

    A strategy dominated only by a mixture: the row ``Hedge`` pays 1 whatever
    the column, less than the 1.5 of mixing ``Up`` and ``Down`` half and half,
    but more than either of them against one of the columns.

    >>> g = Game.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]],
    ...                        strategies=(("Up", "Down", "Hedge"), ("Left", "Right")))
    >>> iterated_dominance(g, mixed=False).surviving
    ((0, 1, 2), (0, 1))
    >>> res = iterated_dominance(g)
    >>> res.surviving
    ((0, 1), (0, 1))
    >>> res.eliminated[0].dominator
    array([0.5, 0.5, 0. ])
    """
    caller = "iterated_dominance"
    if not isinstance(game, Game):
        raise TypeError(f"{caller}(): game must be a leverage.Game; got {type(game).__name__}")
    if not isinstance(mixed, (bool, np.bool_)):
        raise TypeError(f"{caller}(): mixed must be True or False; got {mixed!r}")
    mixed = bool(mixed)
    rtol = resolve_rtol(rtol, tol, caller)
    payoffs = game.payoffs
    n = game.n_players
    scales = game.payoff_scale
    tols = rtol * scales
    surviving = [np.arange(m) for m in game.shape]
    eliminated: list[Elimination] = []

    for round_ in range(1, sum(game.shape) + 1):
        removals: list[tuple[int, int, np.ndarray, float]] = []  # (player, local index, local dominator, margin)
        for i in range(n):
            m = len(surviving[i])
            if m < 2:
                continue
            sub = payoffs[i][np.ix_(*surviving)]
            U = np.moveaxis(sub, i, 0).reshape(m, -1)  # rows: own strategies; columns: opponents' profiles
            margins = _pure_margins(U)
            best = margins.argmax(axis=1)
            best_margin = margins[np.arange(m), best]
            colmax = U.max(axis=0)
            for s in range(m):
                if best_margin[s] > tols[i]:
                    local = np.zeros(m)
                    local[best[s]] = 1.0
                    removals.append((i, s, local, float(best_margin[s])))
                    continue
                if not mixed or m < 3:
                    continue
                # a best response to some opponent profile cannot be beaten there by more than tol
                if np.any(U[s] >= colmax - tols[i]):
                    continue
                what = f"{game.players[i]}'s strategy {game.strategies[i][surviving[i][s]]!r}"
                sigma, margin = _mixed_dominator(U, s, scales[i], caller, what)
                if margin > tols[i]:
                    local = np.insert(sigma, s, 0.0)
                    removals.append((i, s, local, margin))
        if not removals:
            break
        dropped: list[set[int]] = [set() for _ in range(n)]
        for i, s, local, margin in removals:
            dominator = np.zeros(game.shape[i])
            dominator[surviving[i]] = local
            dominator.setflags(write=False)
            index = int(surviving[i][s])
            eliminated.append(
                Elimination(
                    player=i,
                    player_name=game.players[i],
                    strategy=index,
                    strategy_name=game.strategies[i][index],
                    round=round_,
                    dominator=dominator,
                    margin=margin,
                    strategy_names=game.strategies[i],
                )
            )
            dropped[i].add(s)
        surviving = [np.delete(kept, sorted(d)) for kept, d in zip(surviving, dropped)]

    kept = tuple(tuple(int(k) for k in s) for s in surviving)
    reduced = Game(
        [u[np.ix_(*surviving)] for u in payoffs],
        players=game.players,
        strategies=[[names[k] for k in s] for names, s in zip(game.strategies, kept)],
    )
    return DominanceResult(game=reduced, surviving=kept, eliminated=eliminated, mixed=mixed, original=game)
