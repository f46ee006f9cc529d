"""The cooperative bargaining problem: a feasible set of utility vectors, the BATNAs, and the classical solutions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from leverage.bargaining.checks import GAIN_TOL, as_vector, as_weights
from leverage.bargaining.results import BargainingSolution, Zopa
from leverage.bargaining.sets import FeasibleSet, FiniteSet, FrontierSet, PolytopeSet
from leverage.tolerance import BARGAINING_NOISE, BARGAINING_SOLUTION_RTOL, ROUNDING_NOISE, noise_scale

__all__ = ["BargainingProblem", "MAX_FRONTIER_PLAYERS"]

#: Most players of a frontier given as a function (its shape is checked on a grid of ``7 ** (n - 1)`` points).
MAX_FRONTIER_PLAYERS = 6


def _names(names: Any, caller: str, argument: str, strings: bool = True) -> tuple[Any, ...]:
    if isinstance(names, (str, bytes)) or not isinstance(names, Iterable):
        raise TypeError(f"{caller}: {argument} must be a sequence of strings; got {names!r}")
    out = tuple(names)
    if strings and not all(isinstance(x, str) for x in out):
        raise TypeError(f"{caller}: {argument} must be strings; got {out!r}")
    return out


class BargainingProblem:
    """An n-player bargaining problem: a feasible set of utility vectors and the BATNAs.

    Build one with :meth:`from_points`, :meth:`from_frontier` or :meth:`from_game`.

    Examples
    --------
    Dividing a pie of size 1 when the BATNAs are 0.2 and 0.1:

    >>> pie = BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1], players=("EU", "China"))
    >>> pie.nash_solution().utilities
    array([0.55, 0.45])
    >>> pie.nash_solution(weights=[0.6, 0.4]).utilities
    array([0.62, 0.38])
    >>> pie.kalai_smorodinsky().utilities
    array([0.55, 0.45])
    """

    def __init__(
        self,
        feasible: FeasibleSet,
        disagreement: np.ndarray,
        players: Sequence[str] | None,
        kind: str,
        labels: Sequence[str] | None = None,
    ) -> None:
        caller = "BargainingProblem()"
        if not isinstance(feasible, FeasibleSet):
            raise TypeError(
                f"{caller}: feasible must be a FeasibleSet (build problems with BargainingProblem.from_points "
                f"or from_frontier); got {type(feasible).__name__}"
            )
        if not isinstance(kind, str):
            raise TypeError(f"{caller}: kind must be a string; got {kind!r}")
        self._set = feasible
        self.disagreement = as_vector(disagreement, caller, "disagreement", feasible.n).copy()
        self.disagreement.setflags(write=False)
        self.n_players = feasible.n
        self.kind = kind
        self.labels = None if labels is None else _names(labels, caller, "labels", strings=False)
        if players is None:
            self.players = tuple(f"Player {i + 1}" for i in range(self.n_players))
        else:
            names = _names(players, caller, "players")
            if len(names) != self.n_players or len(set(names)) != len(names):
                raise ValueError(f"{caller}: players must be {self.n_players} distinct names; got {names!r}")
            self.players = names

    def __repr__(self) -> str:
        d = ", ".join(f"{p} {v:.4g}" for p, v in zip(self.players, self.disagreement))
        return f"BargainingProblem({self.kind}; BATNAs {d})"

    # ------------------------------------------------------------ constructors
    @classmethod
    def from_points(
        cls,
        points: Any,
        disagreement: Any,
        convex: bool = True,
        players: Sequence[str] | None = None,
        labels: Sequence[str] | None = None,
    ) -> BargainingProblem:
        """Feasible set from utility points.

        Parameters
        ----------
        points : array_like, shape (k, n)
            Utility vectors of the possible deals, one row per deal.
        disagreement : array_like, shape (n,)
            The BATNAs.
        convex : bool
            True: the convex hull of the points with free disposal (lotteries
            over deals, and value can be given away). False: only the points
            themselves (indivisible package deals, barter).
        players : sequence of str, optional
            Player names.
        labels : sequence of str, optional
            Names of the deals (finite sets report the chosen label).

        Raises
        ------
        ValueError
            Fewer than two players, no points, non-finite utilities, or
            shapes that disagree; with ``convex=True``, more than
            :data:`~leverage.bargaining.hull.MAX_HULL_PLAYERS` players or a
            hull beyond :data:`~leverage.bargaining.hull.MAX_HULL_WORK`.

        Examples
        --------
        >>> deals = [[3, 1], [2, 2], [1, 3]]
        >>> p = BargainingProblem.from_points(deals, [0, 0], convex=False, labels=["A", "B", "C"])
        >>> p.nash_solution()
        BargainingSolution(nash: Player 1 2, Player 2 2; outcome B)
        """
        caller = "BargainingProblem.from_points()"
        try:
            P = np.array(points, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"{caller}: points must be numeric; got {points!r}") from None
        if P.ndim != 2 or P.shape[0] < 1:
            raise ValueError(f"{caller}: points must be a 2-D array with one row per deal; got shape {P.shape}")
        if P.shape[1] < 2:
            raise ValueError(f"{caller}: a bargaining problem needs at least two players; points have {P.shape[1]} column(s)")
        if not np.all(np.isfinite(P)):
            raise ValueError(f"{caller}: points have non-finite utilities")
        d = as_vector(disagreement, caller, "disagreement", P.shape[1])
        if not isinstance(convex, (bool, np.bool_)):
            raise TypeError(f"{caller}: convex must be True or False; got {convex!r}")
        if labels is not None and len(labels) != len(P):
            raise ValueError(f"{caller}: {len(labels)} labels for {len(P)} points")
        feasible = PolytopeSet(P, caller) if convex else FiniteSet(P, caller)
        kind = "convex hull with free disposal" if convex else "finite set"
        return cls(feasible, d, players, kind, labels)

    @classmethod
    def from_frontier(
        cls,
        f: Callable[..., float],
        disagreement: Any,
        bounds: Sequence[tuple[float, float]] | tuple[float, float],
        players: Sequence[str] | None = None,
    ) -> BargainingProblem:
        """Feasible set under a Pareto frontier given as a function.

        The frontier is ``u_n = f(u_1, ..., u_{n-1})`` for ``u_j`` in
        ``bounds[j]``; every utility vector below a frontier point is feasible
        (free disposal). ``f`` must be non-increasing in each argument (the
        frontier of a comprehensive set).

        Parameters
        ----------
        f : callable
            The frontier. For two players, ``u_2 = f(u_1)``.
        disagreement : array_like, shape (n,)
            The BATNAs.
        bounds : (low, high) or sequence of them
            Domain of each of the first ``n - 1`` utilities.
        players : sequence of str, optional
            Player names.

        Raises
        ------
        ValueError
            If ``f`` is not finite or increases somewhere on the domain,
            bounds are not ordered, or there are more than
            :data:`MAX_FRONTIER_PLAYERS` players.

        Examples
        --------
        A concave frontier ``u_2 = 1 - u_1^2``:

        >>> p = BargainingProblem.from_frontier(lambda x: 1 - x**2, [0, 0], bounds=(0, 1))
        >>> np.round(p.nash_solution().utilities, 6)   # u_1 = 1/sqrt(3)
        array([0.57735 , 0.666667])
        """
        caller = "BargainingProblem.from_frontier()"
        if not callable(f):
            raise TypeError(f"{caller}: f must be a callable; got {type(f).__name__}")
        B = np.array(bounds, dtype=float)
        if B.ndim == 1:
            B = B[None, :]
        if B.ndim != 2 or B.shape[1] != 2:
            raise ValueError(f"{caller}: bounds must be (low, high) pairs; got {bounds!r}")
        if not np.all(np.isfinite(B)) or np.any(B[:, 0] >= B[:, 1]):
            raise ValueError(f"{caller}: each bound must be a finite (low, high) with low < high; got {B.tolist()}")
        n = B.shape[0] + 1
        if n > MAX_FRONTIER_PLAYERS:
            raise ValueError(
                f"{caller}: a frontier is accepted for at most {MAX_FRONTIER_PLAYERS} players (MAX_FRONTIER_PLAYERS: "
                f"it is checked on a grid of 7 ** (n - 1) points); got {n}"
            )
        d = as_vector(disagreement, caller, "disagreement", n)
        feasible = FrontierSet(f, B, n, caller)
        # check monotonicity on a grid
        for x in feasible.grid(7):
            fx = feasible.value_at(x)
            for j in range(n - 1):
                y = x.copy()
                y[j] = min(B[j, 1], x[j] + (B[j, 1] - B[j, 0]) / 6)
                if feasible.value_at(y) > fx + GAIN_TOL * feasible.scale:
                    raise ValueError(
                        f"{caller}: f must be non-increasing (a Pareto frontier); it increases between "
                        f"{x.tolist()} and {y.tolist()}"
                    )
        return cls(feasible, d, players, "Pareto frontier with free disposal")

    @classmethod
    def from_game(
        cls,
        game: Any,
        disagreement: Any = "minmax",
    ) -> BargainingProblem:
        """The convex hull of a normal-form game's payoff profiles.

        Parameters
        ----------
        game : Game
            Any number of players.
        disagreement : array_like, "minmax", "nash" or Equilibrium
            A BATNA vector; ``"minmax"``: the players' minmax values (what
            each can guarantee itself, see :func:`~leverage.solvers.minmax.minmax_values`);
            ``"nash"``: the payoffs of the equilibrium that
            :func:`~leverage.equilibrium` finds; or an
            :class:`~leverage.Equilibrium` of the game.

        Examples
        --------
        >>> from leverage import Game
        >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> BargainingProblem.from_game(pd).nash_solution().utilities
        array([3., 3.])
        """
        from leverage.results import Equilibrium
        from leverage.game import Game
        from leverage.solvers import equilibrium
        from leverage.solvers.minmax import minmax_values

        caller = "BargainingProblem.from_game()"
        if not isinstance(game, Game):
            raise TypeError(f"{caller}: game must be a leverage.Game; got {type(game).__name__}")
        if game.n_players < 2:
            raise ValueError(f"{caller}: a bargaining problem needs at least two players")
        if isinstance(disagreement, str):
            if disagreement == "minmax":
                d = minmax_values(game)
            elif disagreement == "nash":
                d = np.array(equilibrium(game).payoffs)
            else:
                raise ValueError(f"{caller}: disagreement must be a vector, 'minmax', 'nash' or an Equilibrium; got {disagreement!r}")
        elif isinstance(disagreement, Equilibrium):
            d = np.array(disagreement.payoffs)
        else:
            d = as_vector(disagreement, caller, "disagreement", game.n_players)
        points = np.stack([u.ravel() for u in game.payoffs], axis=1)
        labels = ["+".join(game.strategies[i][k] for i, k in enumerate(idx)) for idx in np.ndindex(*game.shape)]
        problem = cls.from_points(points, d, convex=True, players=game.players, labels=labels)
        return problem

    # ------------------------------------------------------------ set queries
    @property
    def feasible_set(self) -> FeasibleSet:
        """The feasible set of utility vectors (a :class:`~leverage.bargaining.sets.FeasibleSet`).

        Examples
        --------
        >>> BargainingProblem.from_points([[1, 0], [0, 1]], [0, 0]).feasible_set.points.shape
        (2, 2)
        """
        return self._set

    def contains(self, utilities: Any) -> bool:
        """Whether a utility vector is feasible (within the library's tolerance).

        Examples
        --------
        >>> p = BargainingProblem.from_points([[1, 0], [0, 1]], [0, 0])
        >>> p.contains([0.5, 0.5]), p.contains([0.6, 0.6])
        (True, False)
        """
        u = as_vector(utilities, "BargainingProblem.contains()", "utilities", self.n_players)
        return bool(self._set.contains(u))

    def is_pareto_optimal(self, utilities: Any) -> bool:
        """Whether a feasible utility vector cannot be improved for one side without hurting another.

        Examples
        --------
        >>> p = BargainingProblem.from_points([[1, 0], [0, 1]], [0, 0])
        >>> p.is_pareto_optimal([0.5, 0.5]), p.is_pareto_optimal([0.4, 0.5])
        (True, False)
        """
        u = as_vector(utilities, "BargainingProblem.is_pareto_optimal()", "utilities", self.n_players)
        if not self._set.contains(u):
            return False
        tol = BARGAINING_SOLUTION_RTOL * self._set.scale
        if isinstance(self._set, FiniteSet):
            P = self._set.points
            return not bool(np.any(np.all(P >= u - tol, axis=1) & np.any(P > u + tol, axis=1)))
        for i in range(self.n_players):
            e = np.zeros(self.n_players)
            e[i] = 1.0
            if self._set.ray(u, e) > tol:
                return False
        return True

    def affine(self, scale: Any, shift: Any) -> BargainingProblem:
        """The same problem with utilities changed to ``scale * u + shift`` (positive scales).

        Examples
        --------
        >>> p = BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1])
        >>> p.affine([2, 1], [0, 5]).nash_solution().utilities
        array([1.1 , 5.45])
        """
        caller = "BargainingProblem.affine()"
        a = as_vector(scale, caller, "scale", self.n_players)
        b = as_vector(shift, caller, "shift", self.n_players)
        if np.any(a <= 0):
            raise ValueError(f"{caller}: scale must be positive; got {a}")
        d = a * self.disagreement + b
        if isinstance(self._set, (PolytopeSet, FiniteSet)):
            P = self._set.points * a + b
            feasible: FeasibleSet = PolytopeSet(P, caller) if isinstance(self._set, PolytopeSet) else FiniteSet(P, caller)
            return BargainingProblem(feasible, d, self.players, self.kind, self.labels)
        fr = self._set
        assert isinstance(fr, FrontierSet)
        f0 = fr.f
        n = self.n_players

        def f(*x: float) -> float:
            inner = [(xi - b[j]) / a[j] for j, xi in enumerate(x)]
            return a[-1] * float(f0(*inner)) + b[-1]

        bounds = fr.bounds * a[:-1, None] + b[:-1, None]
        return BargainingProblem(FrontierSet(f, bounds, n, fr._caller), d, self.players, self.kind)

    # ------------------------------------------------------------ helpers
    def _no_agreement(self, solution: str) -> BargainingSolution | None:
        z = self.zopa()
        if z.empty:
            return BargainingSolution(solution, False, None, self.disagreement, self.players, reason=z.reason)
        return None

    def _result(self, solution: str, u: np.ndarray) -> BargainingSolution:
        u = np.array(u, dtype=float)
        u[np.abs(u) <= BARGAINING_NOISE * self._set.scale] = 0.0
        u = np.where(np.abs(u - np.round(u, 12)) <= BARGAINING_NOISE * self._set.scale, np.round(u, 12), u)
        u.setflags(write=False)
        return BargainingSolution(solution, True, u, self.disagreement, self.players)

    def _finite_choice(self, solution: str, score: Callable[[np.ndarray], np.ndarray]) -> BargainingSolution:
        """Pick the individually rational, Pareto-optimal point maximising ``score`` (ties: leximin, then index)."""
        P = self._set.points  # type: ignore[attr-defined]
        d = self.disagreement
        tol = GAIN_TOL * self._set.scale
        rational = np.all(P > d + tol, axis=1)
        idx = np.flatnonzero(rational)
        # Pareto filter among rational points
        keep = []
        for i in idx:
            dominated = np.any(np.all(P[idx] >= P[i] - tol, axis=1) & np.any(P[idx] > P[i] + tol, axis=1))
            if not dominated:
                keep.append(i)
        keep_arr = np.array(keep)
        s = score(P[keep_arr] - d)
        best = keep_arr[s >= s.max() - ROUNDING_NOISE * noise_scale(s.max())]
        if len(best) > 1:
            gains = np.sort(P[best] - d, axis=1)
            order = np.lexsort(gains.T[::-1])
            best = best[order[-1:]]
        k = int(best[0])
        res = self._result(solution, P[k])
        label = self.labels[k] if self.labels is not None else None
        return BargainingSolution(solution, True, res.utilities, d, self.players, outcome=k, label=label)

    # ------------------------------------------------------------ solutions
    def zopa(self) -> Zopa:
        """The zone of possible agreement.

        Empty when the BATNAs leave no room: no feasible point gives every
        side strictly more than its BATNA (this includes BATNAs outside the
        feasible set, which beat every deal).

        References
        ----------
        H. Raiffa (1982), The Art and Science of Negotiation, Harvard University Press.

        Examples
        --------
        >>> BargainingProblem.from_points([[1, 0], [0, 1]], [0.6, 0.5]).zopa().empty
        True
        """
        d = self.disagreement
        tol = GAIN_TOL * self._set.scale
        if isinstance(self._set, FiniteSet):
            P = self._set.points
            ok = np.all(P > d + tol, axis=1)
            if not ok.any():
                return Zopa(True, d, None, "no deal gives every side more than its BATNA")
            return Zopa(False, d, P[ok].max(axis=0))
        if not self._set.contains(d):
            return Zopa(True, d, None, "the BATNAs lie outside the feasible set: together they beat every deal")
        t = self._set.ray(d, np.ones(self.n_players))
        if t <= tol:
            return Zopa(True, d, None, "no feasible deal gives every side strictly more than its BATNA")
        ideal = self.ideal_point()
        return Zopa(False, d, ideal)

    def ideal_point(self) -> np.ndarray:
        """Each side's best utility over the individually rational part of the feasible set.

        Examples
        --------
        >>> BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1]).ideal_point()
        array([0.9, 0.8])
        """
        d = self.disagreement
        if isinstance(self._set, FiniteSet):
            P = self._set.points
            return P[np.all(P >= d, axis=1)].max(axis=0)
        a = np.empty(self.n_players)
        for i in range(self.n_players):
            e = np.zeros(self.n_players)
            e[i] = 1.0
            u = self._set.maximize(e, d)
            a[i] = d[i] if u is None else u[i]
        return a

    def nash_solution(self, weights: Any = None) -> BargainingSolution:
        """The (generalised) Nash bargaining solution.

        Maximises ``prod (u_i - d_i)^{w_i}`` over the feasible points that
        give every side more than its BATNA (Nash 1950). Equal weights give
        the symmetric solution; unequal weights model bargaining power.

        Parameters
        ----------
        weights : array_like, optional
            Positive weights summing to 1 (default: equal).

        Raises
        ------
        ValueError
            If weights are not positive, do not sum to 1, or have the wrong length.

        References
        ----------
        J. F. Nash (1950), "The bargaining problem", Econometrica 18(2), 155-162;
        A. E. Roth (1979), Axiomatic Models of Bargaining, Springer (the generalised solution).

        Examples
        --------
        >>> p = BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1])
        >>> p.nash_solution(weights=[0.6, 0.4]).utilities
        array([0.62, 0.38])
        """
        w = as_weights(weights, self.n_players, "BargainingProblem.nash_solution()")
        none = self._no_agreement("nash")
        if none is not None:
            return none
        if isinstance(self._set, FiniteSet):
            return self._finite_choice("nash", lambda g: np.log(g) @ w)
        return self._result("nash", self._set.nash(self.disagreement, w))

    def kalai_smorodinsky(self) -> BargainingSolution:
        """The Kalai-Smorodinsky solution: proportional gains towards the ideal point.

        The ideal point is taken over the individually rational part of the
        feasible set (each side's best utility among deals that leave every
        side at least its BATNA). The solution is the maximal feasible point
        on the segment from the BATNAs to the ideal point, extended to the
        Pareto frontier lexicographically if that point is only weakly
        Pareto optimal. On finite sets: the Pareto-optimal deal maximising
        the smallest proportional gain.

        References
        ----------
        E. Kalai and M. Smorodinsky (1975), "Other solutions to Nash's bargaining
        problem", Econometrica 43(3), 513-518.

        Examples
        --------
        >>> p = BargainingProblem.from_frontier(lambda x: 1 - x**2, [0, 0], bounds=(0, 1))
        >>> np.round(p.kalai_smorodinsky().utilities, 6)   # u_1 = u_2 on 1 - x^2
        array([0.618034, 0.618034])
        """
        none = self._no_agreement("kalai_smorodinsky")
        if none is not None:
            return none
        d = self.disagreement
        a = self.ideal_point()
        span = a - d
        if isinstance(self._set, FiniteSet):
            return self._finite_choice("kalai_smorodinsky", lambda g: (g / span).min(axis=1))
        t = self._set.ray(d, span)
        u = self._set.pareto_improve(d + t * span)
        return self._result("kalai_smorodinsky", u)

    def egalitarian(self) -> BargainingSolution:
        """The egalitarian solution: equal gains over the BATNAs, extended lexicographically.

        References
        ----------
        E. Kalai (1977), "Proportional solutions to bargaining situations:
        interpersonal utility comparisons", Econometrica 45(7), 1623-1630.

        Examples
        --------
        >>> p = BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1])
        >>> p.egalitarian().utilities
        array([0.55, 0.45])
        """
        none = self._no_agreement("egalitarian")
        if none is not None:
            return none
        if isinstance(self._set, FiniteSet):
            return self._finite_choice("egalitarian", lambda g: g.min(axis=1))
        return self._result("egalitarian", self._set.pareto_improve(self.disagreement.copy()))

    def utilitarian(self) -> BargainingSolution:
        """The utilitarian solution: the largest total utility among deals that beat every BATNA.

        When several deals maximise the total, the one with the most equal
        gains is chosen (so symmetric problems get symmetric solutions).

        References
        ----------
        W. Thomson (1994), "Cooperative models of bargaining", ch. 35 of the
        Handbook of Game Theory, vol. 2.

        Examples
        --------
        >>> p = BargainingProblem.from_points([[4, 0], [0, 2]], [0, 0])
        >>> p.utilitarian().utilities
        array([4., 0.])
        """
        none = self._no_agreement("utilitarian")
        if none is not None:
            return none
        d = self.disagreement
        if isinstance(self._set, FiniteSet):
            return self._finite_choice("utilitarian", lambda g: g.sum(axis=1))
        ones = np.ones(self.n_players)
        u = self._set.maximize(ones, d)
        assert u is not None
        total = float(u.sum())
        tol = GAIN_TOL * self._set.scale
        # among maximisers of the total, the leximin point
        if isinstance(self._set, PolytopeSet):
            start = self._set.most_equal_at_total(d, total - tol)
            if start is not None:
                u = self._set.pareto_improve(start)
        else:
            equal = self._set.pareto_improve(d.copy())
            if equal.sum() >= total - tol:
                u = equal
        return self._result("utilitarian", u)

    def batna_sensitivity(self, player: int | str, solution: str = "nash", step: float | None = None) -> np.ndarray:
        """How the solution moves per unit of improvement in one side's BATNA.

        Central finite differences of the solution's utilities with respect
        to ``disagreement[player]``.

        Parameters
        ----------
        player : int or str
            Whose BATNA improves.
        solution : {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}
            Which solution.
        step : float, optional
            Finite-difference step (default ``1e-5`` times the problem's scale).

        Returns
        -------
        numpy.ndarray
            ``d u / d d_player``, one entry per player.

        Raises
        ------
        ValueError
            If there is no agreement at or near the current BATNAs, or the
            player or solution is unknown.

        References
        ----------
        R. Fisher and W. Ury (1981), Getting to Yes (the BATNA); J. F. Nash (1950).

        Examples
        --------
        On a pie, each unit of BATNA improvement moves the Nash split by half a unit:

        >>> p = BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1])
        >>> np.round(p.batna_sensitivity(0), 6)
        array([ 0.5, -0.5])
        """
        caller = "BargainingProblem.batna_sensitivity()"
        if isinstance(player, str):
            if player not in self.players:
                raise ValueError(f"{caller}: unknown player {player!r}; players are {self.players}")
            i = self.players.index(player)
        else:
            if isinstance(player, bool) or not isinstance(player, (int, np.integer)) or not 0 <= player < self.n_players:
                raise ValueError(f"{caller}: player must be a name or an index in [0, {self.n_players}); got {player!r}")
            i = int(player)
        methods = {"nash": "nash_solution", "kalai_smorodinsky": "kalai_smorodinsky",
                   "egalitarian": "egalitarian", "utilitarian": "utilitarian"}
        if solution not in methods:
            raise ValueError(f"{caller}: unknown solution {solution!r}; choose one of {', '.join(methods)}")
        h = 1e-5 * self._set.scale if step is None else float(step)
        values = []
        for sign in (+1, -1):
            d = self.disagreement.copy()
            d[i] += sign * h
            moved = BargainingProblem(self._set, d, self.players, self.kind, self.labels)
            res = getattr(moved, methods[solution])()
            if not res.agreement:
                raise ValueError(f"{caller}: no agreement when {self.players[i]}'s BATNA moves by {sign * h:g}")
            values.append(res.utilities)
        return (values[0] - values[1]) / (2 * h)

