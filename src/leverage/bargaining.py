"""BATNAs and bargaining: cooperative solutions over real feasible sets, and alternating offers.

A BATNA (best alternative to a negotiated agreement) is what a side gets if
talks fail; the vector of BATNAs is the *disagreement point* ``d``. A
:class:`BargainingProblem` pairs ``d`` with a feasible set of utility vectors
and offers the classical solutions:

- :meth:`~BargainingProblem.nash_solution`: maximise ``prod (u_i - d_i)^{w_i}``
  (Nash 1950; with weights, the generalised solution of bargaining power);
- :meth:`~BargainingProblem.kalai_smorodinsky`: the maximal point on the
  segment from ``d`` to the ideal point, the ideal taken over the
  *individually rational* part of the set (Kalai and Smorodinsky 1975);
- :meth:`~BargainingProblem.egalitarian`: equal gains, extended
  lexicographically (leximin);
- :meth:`~BargainingProblem.utilitarian`: the largest sum of utilities
  (equal-gain tie-break among maximisers);
- :meth:`~BargainingProblem.zopa`: the zone of possible agreement.

When the BATNAs leave no room -- no feasible point gives every side strictly
more than its BATNA, or the BATNAs lie outside the feasible set -- the zone is
empty and every solution says "no agreement" explicitly
(``BargainingSolution.agreement is False``) instead of returning a point.

Strategic bargaining: :func:`rubinstein` gives the subgame-perfect split of
alternating offers (Rubinstein 1982) with the outside-option principle
(Binmore, Shaked and Sutton 1989), and :func:`patient_limit` its limit as
offers come quickly, which is the generalised Nash solution with bargaining
powers inversely proportional to the discount rates (Binmore, Rubinstein and
Wolinsky 1986).

Feasible sets
-------------
``from_points(points, d, convex=True)``: the convex hull of the points *with
free disposal* (any utility vector below a feasible one is feasible: a side can
always give value away). ``convex=False``: the finite set itself (package
deals, barter). ``from_frontier(f, d, bounds)``: the utilities under a Pareto
frontier ``u_n = f(u_1, ..., u_{n-1})``, with free disposal.
``from_game(game, disagreement)``: the convex hull of a game's payoff profiles.

References
----------
J. F. Nash (1950), "The bargaining problem", Econometrica 18(2), 155-162.
E. Kalai and M. Smorodinsky (1975), "Other solutions to Nash's bargaining
problem", Econometrica 43(3), 513-518.
A. Rubinstein (1982), "Perfect equilibrium in a bargaining model",
Econometrica 50(1), 97-109.
K. Binmore, A. Rubinstein and A. Wolinsky (1986), "The Nash bargaining
solution in economic modelling", RAND Journal of Economics 17(2), 176-188.
K. Binmore, A. Shaked and J. Sutton (1989), "An outside option experiment",
Quarterly Journal of Economics 104(4), 753-770.
A. Muthoo (1999), Bargaining Theory with Applications, Cambridge University
Press, ch. 5 (outside options).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import brentq, linprog, minimize, minimize_scalar

__all__ = [
    "BargainingProblem",
    "BargainingSolution",
    "Zopa",
    "RubinsteinOutcome",
    "PatientLimit",
    "rubinstein",
    "patient_limit",
]

#: Gains below this (relative to the scale of the problem) count as zero.
GAIN_TOL = 1e-9


# ---------------------------------------------------------------- validation helpers


def _vector(values: Any, caller: str, argument: str, n: int | None = None) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: {argument} must be a vector of numbers; got {values!r}") from None
    if arr.ndim != 1:
        raise ValueError(f"{caller}: {argument} must be a 1-D vector; got shape {arr.shape}")
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"{caller}: {argument} has {arr.shape[0]} entries but there are {n} players")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{caller}: {argument} has non-finite values: {arr}")
    return arr


def _weights(weights: Any, n: int, caller: str) -> np.ndarray:
    if weights is None:
        return np.full(n, 1.0 / n)
    w = _vector(weights, caller, "weights", n)
    if np.any(w <= 0):
        raise ValueError(f"{caller}: weights must be positive; got {w}")
    if abs(w.sum() - 1.0) > 1e-9:
        raise ValueError(f"{caller}: weights must sum to 1; they sum to {w.sum():.12g}")
    return w


# ---------------------------------------------------------------- results


@dataclass(frozen=True, eq=False)
class BargainingSolution:
    """A bargaining solution: the agreed utilities, or an explicit "no agreement".

    Attributes
    ----------
    solution : str
        Which solution concept (``"nash"``, ``"kalai_smorodinsky"``, ...).
    agreement : bool
        False when the zone of possible agreement is empty.
    utilities : numpy.ndarray or None
        The agreed utility vector (None without agreement).
    outcome : int or None
        For finite feasible sets, the index of the chosen point.
    label : str or None
        For finite feasible sets with labels, the chosen point's label.
    disagreement : numpy.ndarray
        The BATNAs.
    reason : str
        Why there is no agreement (empty when there is one).
    players : tuple of str
        Player names.

    Examples
    --------
    >>> p = BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1])
    >>> p.nash_solution()
    BargainingSolution(nash: Player 1 0.55, Player 2 0.45)
    """

    solution: str
    agreement: bool
    utilities: np.ndarray | None
    disagreement: np.ndarray
    players: tuple[str, ...]
    outcome: int | None = None
    label: str | None = None
    reason: str = ""

    def __repr__(self) -> str:
        if not self.agreement:
            return f"BargainingSolution({self.solution}: no agreement -- {self.reason})"
        assert self.utilities is not None
        body = ", ".join(f"{p} {u:.6g}" for p, u in zip(self.players, self.utilities))
        extra = f"; outcome {self.label or self.outcome}" if self.outcome is not None else ""
        return f"BargainingSolution({self.solution}: {body}{extra})"

    @property
    def gains(self) -> np.ndarray | None:
        """Utilities minus BATNAs (None without agreement)."""
        return None if self.utilities is None else self.utilities - self.disagreement


@dataclass(frozen=True, eq=False)
class Zopa:
    """The zone of possible agreement: feasible utility vectors at least as good as every BATNA.

    Attributes
    ----------
    empty : bool
        True when no feasible point gives every side strictly more than its BATNA.
    disagreement : numpy.ndarray
        The BATNAs (the zone's lower corner).
    ideal : numpy.ndarray or None
        Each side's best utility inside the zone (the zone's upper corner).
    reason : str
        Why the zone is empty.

    Examples
    --------
    >>> z = BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1]).zopa()
    >>> z.empty, z.ranges
    (False, [(0.2, 0.9), (0.1, 0.8)])
    """

    empty: bool
    disagreement: np.ndarray
    ideal: np.ndarray | None
    reason: str = ""

    @property
    def ranges(self) -> list[tuple[float, float]]:
        """Per player, the interval of utilities reachable inside the zone."""
        if self.empty or self.ideal is None:
            return []
        return [(round(float(a), 12), round(float(b), 12)) for a, b in zip(self.disagreement, self.ideal)]


# ---------------------------------------------------------------- feasible sets


def _highs(c: np.ndarray, **kwargs: Any) -> Any:
    """``scipy.optimize.linprog`` with HiGHS; an "infeasible" verdict is checked again without presolve.

    HiGHS's presolve can declare a feasible problem infeasible when a bound is
    met within its tolerance (for example a point of the set lying exactly on
    a constraint); solving again without presolve settles it.
    """
    res = linprog(c, method="highs", **kwargs)
    if res.status == 2:
        res = linprog(c, method="highs", options={"presolve": False}, **kwargs)
    return res


class _FeasibleSet:
    """Interface: membership, linear maximisation, rays, and the Nash product."""

    n: int
    scale: float

    def contains(self, u: np.ndarray) -> bool:
        raise NotImplementedError

    def maximize(self, c: np.ndarray, lower: np.ndarray) -> np.ndarray | None:
        """A maximiser of ``c . u`` over the set with ``u >= lower`` (None if empty)."""
        raise NotImplementedError

    def ray(self, origin: np.ndarray, direction: np.ndarray) -> float:
        """Largest ``t >= 0`` with ``origin + t direction`` feasible (origin feasible)."""
        raise NotImplementedError

    def nash(self, d: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Maximiser of ``sum w log(u - d)`` (a point with positive gains exists)."""
        raise NotImplementedError

    def pareto_improve(self, u: np.ndarray) -> np.ndarray:
        """A Pareto-optimal point weakly above ``u`` (leximin on the gains over ``u``)."""
        return _leximin(self, u)


def _leximin(fs: _FeasibleSet, base: np.ndarray) -> np.ndarray:
    """Lexicographic maximin of gains over ``base``.

    Raise every free player's utility by the same amount as far as the set
    allows, then fix the players who cannot gain even alone, and repeat with
    the others (at most ``n`` rounds). On a convex set the result is Pareto
    optimal and weakly above ``base``.
    """
    u = base.astype(float).copy()
    free = np.ones(fs.n, dtype=bool)
    tol = GAIN_TOL * fs.scale
    for _ in range(fs.n):
        t = fs.ray(u, free.astype(float))
        u = u + t * free
        still = np.zeros(fs.n, dtype=bool)
        for i in np.flatnonzero(free):
            e = np.zeros(fs.n)
            e[i] = 1.0
            still[i] = fs.ray(u, e) > tol
        if not still.any() or (t <= tol and np.array_equal(still, free)):
            break
        free = still
    return u


class _PointSet(_FeasibleSet):
    """A set given by utility points (one row per deal)."""

    def __init__(self, points: np.ndarray):
        self.points = points
        self.n = points.shape[1]
        self.scale = max(1.0, float(np.ptp(points, axis=0).max()), float(np.abs(points).max()))


class _Polytope(_PointSet):
    """Convex hull of points with free disposal."""

    def __init__(self, points: np.ndarray):
        super().__init__(points)
        self._equations = self._hull_equations()

    def _hull_equations(self) -> np.ndarray | None:
        """Facets ``a . u <= b`` of the comprehensive hull (a >= 0), when full-dimensional."""
        from scipy.spatial import ConvexHull, QhullError

        span = self.scale * 10.0
        low = self.points.min(axis=0) - span
        extra = []
        for p in self.points:  # disposal corners make the hull full-dimensional
            for i in range(self.n):
                q = p.copy()
                q[i] = low[i]
                extra.append(q)
        extra.append(low)
        pts = np.unique(np.vstack([self.points, np.array(extra)]), axis=0)
        try:
            hull = ConvexHull(pts)
        except (QhullError, ValueError):
            return None
        eq = hull.equations  # normal . u + offset <= 0
        keep = np.all(eq[:, :-1] > 1e-12, axis=1)  # Pareto facets: strictly positive normals
        return eq[keep]

    def contains(self, u: np.ndarray) -> bool:
        return self.maximize(np.zeros(self.n), u) is not None

    def _lp(self, c_lambda: np.ndarray, lower: np.ndarray, extra_ub=None, extra_b=None) -> Any:
        k = len(self.points)
        A_ub = -self.points.T  # points^T lambda >= lower
        b_ub = -lower
        if extra_ub is not None:
            A_ub = np.vstack([A_ub, extra_ub])
            b_ub = np.concatenate([b_ub, extra_b])
        return _highs(
            -c_lambda,
            A_ub=A_ub,
            b_ub=b_ub,
            A_eq=np.ones((1, k)),
            b_eq=[1.0],
            bounds=[(0, None)] * k,
        )

    def maximize(self, c: np.ndarray, lower: np.ndarray) -> np.ndarray | None:
        res = self._lp(self.points @ c, lower - GAIN_TOL * self.scale)
        if res.status != 0:
            return None
        return np.maximum(self.points.T @ res.x, lower)

    def ray(self, origin: np.ndarray, direction: np.ndarray) -> float:
        # maximise t s.t. points^T lambda >= origin + t direction
        k = len(self.points)
        c = np.zeros(k + 1)
        c[-1] = -1.0
        A_ub = np.hstack([-self.points.T, direction[:, None]])
        res = _highs(
            c,
            A_ub=A_ub,
            b_ub=-origin + GAIN_TOL * self.scale * 1e-3,
            A_eq=np.append(np.ones(k), 0.0)[None, :],
            b_eq=[1.0],
            bounds=[(0, None)] * k + [(0, None)],
        )
        if res.status != 0:
            return 0.0
        return max(0.0, float(res.x[-1]))

    def nash(self, d: np.ndarray, w: np.ndarray) -> np.ndarray:
        k = len(self.points)
        P = self.points
        # start from a strictly individually rational point: halfway along the equal-gains ray
        lam0 = np.full(k, 1.0 / k)
        t = self.ray(d, np.ones(self.n))
        res0 = self._lp(np.zeros(k), d + 0.5 * t)
        if res0.status == 0:
            lam0 = res0.x

        def objective(lam: np.ndarray) -> float:
            g = P.T @ lam - d
            if np.any(g <= 0):
                return 1e30
            return -float(w @ np.log(g))

        def gradient(lam: np.ndarray) -> np.ndarray:
            g = np.maximum(P.T @ lam - d, 1e-300)
            return -(P @ (w / g))

        res = minimize(
            objective,
            lam0,
            jac=gradient,
            method="SLSQP",
            bounds=[(0, 1)] * k,
            constraints=[{"type": "eq", "fun": lambda lam: lam.sum() - 1.0, "jac": lambda lam: np.ones(k)}],
            options={"ftol": 1e-15, "maxiter": 500},
        )
        lam = np.clip(res.x, 0, None)
        lam /= lam.sum()
        u = P.T @ lam
        return self._polish_nash(u, d, w)

    def _polish_nash(self, u: np.ndarray, d: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Snap the numerical optimum to the closed form on the active facet, or to a vertex."""
        best, best_val = u, float(w @ np.log(np.maximum(u - d, 1e-300)))
        candidates = []
        if self._equations is not None:
            for row in self._equations:
                a, b = row[:-1], -row[-1]
                if abs(a @ u - b) <= 1e-6 * self.scale * np.abs(a).sum():
                    c = b - a @ d
                    if c > 0:
                        candidates.append(d + w * c / a)
        candidates.extend(p for p in self.points if np.all(p > d))
        for v in candidates:
            if np.all(v > d) and self.contains(v):
                val = float(w @ np.log(v - d))
                if val >= best_val - 1e-12:
                    best, best_val = v, val
        return best


class _Finite(_PointSet):
    """A finite set of utility vectors (no convexification, no disposal)."""

    def contains(self, u: np.ndarray) -> bool:
        return bool(np.any(np.all(np.abs(self.points - u) <= GAIN_TOL * self.scale, axis=1)))


class _Frontier(_FeasibleSet):
    """Utilities under a Pareto frontier ``u_n = f(u_1..u_{n-1})`` on a box, with free disposal."""

    def __init__(self, f: Callable[..., float], bounds: np.ndarray, n: int):
        self.f = f
        self.bounds = bounds  # shape (n - 1, 2)
        self.n = n
        grid = self._grid()
        values = np.array([self._f(x) for x in grid])
        self.scale = max(1.0, float(np.ptp(values)), float(np.ptp(bounds)), float(np.abs(values).max()))

    def _grid(self, k: int = 9) -> list[np.ndarray]:
        axes = [np.linspace(lo, hi, k) for lo, hi in self.bounds]
        return [np.array(x) for x in np.array(np.meshgrid(*axes, indexing="ij")).reshape(self.n - 1, -1).T]

    def _f(self, x: np.ndarray) -> float:
        value = float(self.f(*x)) if self.n > 2 else float(self.f(float(x[0])))
        if not np.isfinite(value):
            raise ValueError(f"BargainingProblem.from_frontier(): f({', '.join(map(str, x))}) is not finite")
        return value

    def _clip(self, x: np.ndarray) -> np.ndarray:
        return np.clip(x, self.bounds[:, 0], self.bounds[:, 1])

    def contains(self, u: np.ndarray) -> bool:
        x = np.maximum(u[:-1], self.bounds[:, 0])
        if np.any(x > self.bounds[:, 1] + GAIN_TOL * self.scale):
            return False
        return self._f(self._clip(x)) >= u[-1] - GAIN_TOL * self.scale

    def ray(self, origin: np.ndarray, direction: np.ndarray) -> float:
        if not self.contains(origin):
            return 0.0
        hi = np.inf
        for j in range(self.n - 1):
            if direction[j] > 0:
                hi = min(hi, (self.bounds[j, 1] - max(origin[j], self.bounds[j, 0])) / direction[j])
        if not np.isfinite(hi):
            hi = 10.0 * self.scale / max(direction[-1], 1e-300)
        hi = max(hi, 0.0)

        def slack(t: float) -> float:
            p = origin + t * direction
            return self._f(self._clip(np.maximum(p[:-1], self.bounds[:, 0]))) - p[-1]

        if slack(hi) >= 0:
            return float(hi)
        if slack(0.0) <= 0:
            return 0.0
        return float(brentq(slack, 0.0, hi, xtol=1e-14 * self.scale, rtol=4 * np.finfo(float).eps))

    def _box(self, lower: np.ndarray) -> np.ndarray | None:
        lo = np.maximum(self.bounds[:, 0], lower[:-1])
        if np.any(lo > self.bounds[:, 1]):
            return None
        return np.column_stack([lo, self.bounds[:, 1]])

    def _optimize(self, objective: Callable[[np.ndarray], float], lower: np.ndarray) -> np.ndarray | None:
        box = self._box(lower)
        if box is None:
            return None
        floor = lower[-1]

        def penalised(x: np.ndarray) -> float:
            x = self._clip(np.asarray(x, dtype=float))
            value = self._f(x)
            if value < floor - GAIN_TOL * self.scale:
                return 1e30 + (floor - value)
            return -objective(np.append(x, value))

        if self.n == 2:
            # the feasible part of the box: f(x) >= floor, an interval since f is non-increasing
            a, b = box[0]
            if self._f(np.array([a])) < floor - GAIN_TOL * self.scale:
                return None
            if self._f(np.array([b])) < floor:
                b = brentq(lambda x: self._f(np.array([x])) - floor, a, b, xtol=1e-14 * self.scale)
            if b - a <= 1e-15 * self.scale:
                x = np.array([a])
            else:
                res = minimize_scalar(lambda x: penalised(np.array([x])), bounds=(a, b), method="bounded",
                                      options={"xatol": 1e-13 * self.scale})
                x = np.array([res.x])
                for end in (a, b):  # the optimum may sit at an end of the interval
                    if penalised(np.array([end])) <= penalised(x):
                        x = np.array([end])
        else:
            start = np.maximum(lower, np.append(self.bounds[:, 0], -np.inf))
            if not self.contains(start):
                return None
            x0 = (start + 0.5 * self.ray(start, np.ones(self.n)))[:-1]

            def neg_objective(x: np.ndarray) -> float:
                x = self._clip(np.asarray(x, dtype=float))
                return -objective(np.append(x, self._f(x)))

            res = minimize(
                neg_objective,
                x0,
                method="SLSQP",
                bounds=[tuple(r) for r in box],
                constraints=[{"type": "ineq", "fun": lambda x: self._f(self._clip(x)) - floor}],
                options={"ftol": 1e-15, "maxiter": 500},
            )
            x = self._clip(res.x) if np.isfinite(res.fun) and neg_objective(res.x) <= neg_objective(x0) else x0
        u = np.append(x, self._f(x))
        if u[-1] < floor - GAIN_TOL * self.scale:
            return None
        return u

    def maximize(self, c: np.ndarray, lower: np.ndarray) -> np.ndarray | None:
        return self._optimize(lambda u: float(c @ u), lower)

    def nash(self, d: np.ndarray, w: np.ndarray) -> np.ndarray:
        def objective(u: np.ndarray) -> float:
            g = u - d
            return float(w @ np.log(g)) if np.all(g > 0) else -1e30 * (1.0 + float(np.abs(np.minimum(g, 0)).sum()))

        u = self._optimize(objective, d)
        assert u is not None
        return u


# ---------------------------------------------------------------- the problem


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
        feasible: _FeasibleSet,
        disagreement: np.ndarray,
        players: Sequence[str] | None,
        kind: str,
        labels: Sequence[str] | None = None,
    ) -> None:
        self._set = feasible
        self.disagreement = disagreement
        self.disagreement.setflags(write=False)
        self.n_players = feasible.n
        self.kind = kind
        self.labels = None if labels is None else tuple(labels)
        if players is None:
            self.players = tuple(f"Player {i + 1}" for i in range(self.n_players))
        else:
            names = tuple(players)
            if len(names) != self.n_players or len(set(names)) != len(names):
                raise ValueError(
                    f"BargainingProblem: players must be {self.n_players} distinct names; got {names!r}"
                )
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
            shapes that disagree.

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
        d = _vector(disagreement, caller, "disagreement", P.shape[1])
        if not isinstance(convex, (bool, np.bool_)):
            raise TypeError(f"{caller}: convex must be True or False; got {convex!r}")
        if labels is not None and len(labels) != len(P):
            raise ValueError(f"{caller}: {len(labels)} labels for {len(P)} points")
        feasible = _Polytope(P) if convex else _Finite(P)
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
            If ``f`` is not finite or increases somewhere on the domain, or
            bounds are not ordered.

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
        d = _vector(disagreement, caller, "disagreement", n)
        feasible = _Frontier(f, B, n)
        # check monotonicity on a grid
        for x in feasible._grid(7):
            fx = feasible._f(x)
            for j in range(n - 1):
                y = x.copy()
                y[j] = min(B[j, 1], x[j] + (B[j, 1] - B[j, 0]) / 6)
                if feasible._f(y) > fx + 1e-9 * feasible.scale:
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
            d = _vector(disagreement, caller, "disagreement", game.n_players)
        points = np.stack([u.ravel() for u in game.payoffs], axis=1)
        labels = ["+".join(game.strategies[i][k] for i, k in enumerate(idx)) for idx in np.ndindex(*game.shape)]
        problem = cls.from_points(points, d, convex=True, players=game.players, labels=labels)
        return problem

    # ------------------------------------------------------------ set queries
    def contains(self, utilities: Any) -> bool:
        """Whether a utility vector is feasible (within the library's tolerance).

        Examples
        --------
        >>> p = BargainingProblem.from_points([[1, 0], [0, 1]], [0, 0])
        >>> p.contains([0.5, 0.5]), p.contains([0.6, 0.6])
        (True, False)
        """
        u = _vector(utilities, "BargainingProblem.contains()", "utilities", self.n_players)
        return bool(self._set.contains(u))

    def is_pareto_optimal(self, utilities: Any) -> bool:
        """Whether a feasible utility vector cannot be improved for one side without hurting another.

        Examples
        --------
        >>> p = BargainingProblem.from_points([[1, 0], [0, 1]], [0, 0])
        >>> p.is_pareto_optimal([0.5, 0.5]), p.is_pareto_optimal([0.4, 0.5])
        (True, False)
        """
        u = _vector(utilities, "BargainingProblem.is_pareto_optimal()", "utilities", self.n_players)
        if not self._set.contains(u):
            return False
        tol = 1e-7 * self._set.scale
        if isinstance(self._set, _Finite):
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
        a = _vector(scale, caller, "scale", self.n_players)
        b = _vector(shift, caller, "shift", self.n_players)
        if np.any(a <= 0):
            raise ValueError(f"{caller}: scale must be positive; got {a}")
        d = a * self.disagreement + b
        if isinstance(self._set, (_Polytope, _Finite)):
            P = self._set.points * a + b
            feasible: _FeasibleSet = _Polytope(P) if isinstance(self._set, _Polytope) else _Finite(P)
            return BargainingProblem(feasible, d, self.players, self.kind, self.labels)
        fr = self._set
        assert isinstance(fr, _Frontier)
        f0 = fr.f
        n = self.n_players

        def f(*x: float) -> float:
            inner = [(xi - b[j]) / a[j] for j, xi in enumerate(x)]
            return a[-1] * float(f0(*inner)) + b[-1]

        bounds = fr.bounds * a[:-1, None] + b[:-1, None]
        return BargainingProblem(_Frontier(f, bounds, n), d, self.players, self.kind)

    # ------------------------------------------------------------ helpers
    def _no_agreement(self, solution: str) -> BargainingSolution | None:
        z = self.zopa()
        if z.empty:
            return BargainingSolution(solution, False, None, self.disagreement, self.players, reason=z.reason)
        return None

    def _result(self, solution: str, u: np.ndarray) -> BargainingSolution:
        u = np.array(u, dtype=float)
        u[np.abs(u) <= 1e-13 * self._set.scale] = 0.0
        u = np.where(np.abs(u - np.round(u, 12)) <= 1e-13 * self._set.scale, np.round(u, 12), u)
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
        best = keep_arr[s >= s.max() - 1e-12 * max(1.0, abs(s.max()))]
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
        if isinstance(self._set, _Finite):
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
        if isinstance(self._set, _Finite):
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
        w = _weights(weights, self.n_players, "BargainingProblem.nash_solution()")
        none = self._no_agreement("nash")
        if none is not None:
            return none
        if isinstance(self._set, _Finite):
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
        if isinstance(self._set, _Finite):
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
        if isinstance(self._set, _Finite):
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
        if isinstance(self._set, _Finite):
            return self._finite_choice("utilitarian", lambda g: g.sum(axis=1))
        ones = np.ones(self.n_players)
        u = self._set.maximize(ones, d)
        assert u is not None
        total = float(u.sum())
        tol = 1e-9 * self._set.scale
        # among maximisers of the total, the leximin point
        if isinstance(self._set, _Polytope):
            k = len(self._set.points)
            extra = -(self._set.points.sum(axis=1))[None, :]
            c = np.zeros(k + 1)
            c[-1] = -1.0
            A_ub = np.vstack([
                np.hstack([-self._set.points.T, np.ones((self.n_players, 1))]),
                np.hstack([extra, [[0.0]]]),
            ])
            b_ub = np.concatenate([-d, [-(total - tol)]])
            res = _highs(c, A_ub=A_ub, b_ub=b_ub, A_eq=np.append(np.ones(k), 0.0)[None, :], b_eq=[1.0],
                         bounds=[(0, None)] * k + [(None, None)])
            if res.status == 0:
                u = self._set.pareto_improve(np.maximum(self._set.points.T @ res.x[:k], d))
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


# ---------------------------------------------------------------- strategic bargaining


def _discounts(delta: Any, caller: str) -> tuple[float, float]:
    try:
        d1, d2 = (float(x) for x in delta)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: delta must be a pair of discount factors (d1, d2); got {delta!r}") from None
    for k, v in enumerate((d1, d2), start=1):
        if not (0.0 < v < 1.0):
            raise ValueError(f"{caller}: discount factors must lie in (0, 1); delta[{k - 1}] = {v!r}")
    return d1, d2


@dataclass(frozen=True)
class RubinsteinOutcome:
    """The subgame-perfect outcome of alternating-offers bargaining.

    Attributes
    ----------
    shares : tuple of float
        The two players' shares of the pie (None when the outside options
        together exceed the pie: no agreement).
    proposer : int
        Who makes the first offer.
    agreement : bool
        Whether the players agree (immediately, in the first period).
    binding : tuple of bool
        Whether each player's outside option binds.

    Examples
    --------
    >>> rubinstein((0.9, 0.9), outside_options=(0.0, 0.6))
    RubinsteinOutcome(shares=(0.4, 0.6), proposer=0, agreement=True, binding=(False, True))
    >>> rubinstein((0.9, 0.9), outside_options=(0.6, 0.6)).agreement   # the options exceed the pie
    False
    """

    shares: tuple[float, float] | None
    proposer: int
    agreement: bool
    binding: tuple[bool, bool] = (False, False)


def rubinstein(
    delta: Sequence[float],
    proposer: int = 0,
    pie: float = 1.0,
    outside_options: Sequence[float] | None = None,
) -> RubinsteinOutcome:
    """Subgame-perfect split of alternating-offers bargaining (Rubinstein 1982).

    With discount factors ``delta = (d1, d2)`` and player 1 proposing first,
    player 1 gets ``x1 = (1 - d2) / (1 - d1 d2)`` of the pie and agreement is
    immediate.

    Outside options ``(o1, o2)`` can be taken by a player when it responds to
    an offer. By the *outside-option principle* (Binmore, Shaked and Sutton
    1989) an option changes the split only when it binds -- when it is worth
    more than what the player would get as responder without it -- and then
    the player gets exactly its option; it is not a shifted disagreement
    point (Muthoo 1999, Theorem 5.3).

    Parameters
    ----------
    delta : (float, float)
        Discount factors in (0, 1).
    proposer : {0, 1}
        Who proposes first.
    pie : float
        Size of the pie (positive).
    outside_options : (float, float), optional
        Non-negative outside options, in the pie's units.

    Returns
    -------
    RubinsteinOutcome

    Raises
    ------
    ValueError
        Discount factors outside (0, 1), a proposer other than 0 or 1, a
        non-positive pie, or negative or non-finite outside options.

    References
    ----------
    A. Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica
    50(1), 97-109; K. Binmore, A. Shaked and J. Sutton (1989), "An outside option
    experiment", Quarterly Journal of Economics 104(4), 753-770; A. Muthoo (1999),
    Bargaining Theory with Applications, Theorem 5.3.

    Examples
    --------
    >>> [round(x, 6) for x in rubinstein((0.9, 0.8)).shares]
    [0.714286, 0.285714]
    >>> round(rubinstein((0.9, 0.9)).shares[0], 6)
    0.526316
    >>> rubinstein((0.9, 0.9), outside_options=(0.0, 0.6)).shares   # player 2's option binds
    (0.4, 0.6)
    """
    caller = "rubinstein()"
    d1, d2 = _discounts(delta, caller)
    if proposer not in (0, 1) or isinstance(proposer, bool):
        raise ValueError(f"{caller}: proposer must be 0 or 1; got {proposer!r}")
    try:
        pie = float(pie)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: pie must be a number; got {pie!r}") from None
    if not np.isfinite(pie) or pie <= 0:
        raise ValueError(f"{caller}: pie must be positive and finite; got {pie!r}")
    # work with the proposer as "player a" and the responder as "player b"
    da, db = (d1, d2) if proposer == 0 else (d2, d1)
    if outside_options is None:
        oa = ob = 0.0
    else:
        o = _vector(outside_options, caller, "outside_options", 2)
        if np.any(o < 0):
            raise ValueError(f"{caller}: outside_options must be non-negative; got {o}")
        oa, ob = (o[0], o[1]) if proposer == 0 else (o[1], o[0])
        oa, ob = oa / pie, ob / pie
    if oa + ob >= 1.0 and outside_options is not None:
        return RubinsteinOutcome(None, proposer, False, (True, True))
    x_plain = (1.0 - db) / (1.0 - da * db)  # proposer's share without options
    responder_plain = 1.0 - x_plain  # = db (1 - da) / (1 - da db)
    a_as_responder = da * (1.0 - db) / (1.0 - da * db)
    b_binds = ob > responder_plain
    a_binds = oa > a_as_responder
    if not a_binds and not b_binds:
        x = x_plain
    elif b_binds and oa <= da * (1.0 - ob):
        x = 1.0 - ob
    elif a_binds and ob <= db * (1.0 - oa):
        x = 1.0 - db * (1.0 - oa)
    else:
        x = 1.0 - ob
    binding_ab = (bool(a_binds and not (b_binds and oa <= da * (1 - ob))), bool(b_binds or (a_binds and ob > db * (1 - oa))))
    shares_ab = (float(x * pie), float((1.0 - x) * pie))
    if proposer == 0:
        return RubinsteinOutcome(shares_ab, 0, True, binding_ab)
    return RubinsteinOutcome((shares_ab[1], shares_ab[0]), 1, True, (binding_ab[1], binding_ab[0]))


@dataclass(frozen=True, eq=False)
class PatientLimit:
    """The limit of the Rubinstein split as the time between offers goes to zero.

    Attributes
    ----------
    shares : numpy.ndarray
        ``(r2, r1) / (r1 + r2)`` times the pie.
    nash_weights : numpy.ndarray
        Bargaining powers ``(1/r_i) / sum_j (1/r_j)``.
    nash_solution : numpy.ndarray
        The generalised Nash solution of the pie with those weights and
        zero BATNAs, computed independently; equal to ``shares``.

    Examples
    --------
    The more patient side (the lower discount rate) gets the larger share:

    >>> lim = patient_limit((0.05, 0.10))
    >>> np.round(lim.shares, 4), np.round(lim.nash_weights, 4)
    (array([0.6667, 0.3333]), array([0.6667, 0.3333]))
    """

    shares: np.ndarray
    nash_weights: np.ndarray
    nash_solution: np.ndarray = field(repr=False)


def patient_limit(rates: Sequence[float], pie: float = 1.0) -> PatientLimit:
    """Limit of the Rubinstein split as offers come ever faster (Binmore, Rubinstein and Wolinsky 1986).

    With discount factors ``delta_i = exp(-r_i * dt)``, as ``dt -> 0`` the
    split tends to ``x_1 = r_2 / (r_1 + r_2)``, whoever proposes first: the
    generalised Nash solution with bargaining power inversely proportional to
    the discount rate. The function computes both and returns them.

    Parameters
    ----------
    rates : (float, float)
        Positive discount rates.
    pie : float
        Size of the pie.

    Raises
    ------
    ValueError
        If a rate is not positive and finite.

    References
    ----------
    K. Binmore, A. Rubinstein and A. Wolinsky (1986), "The Nash bargaining solution
    in economic modelling", RAND Journal of Economics 17(2), 176-188.

    Examples
    --------
    >>> lim = patient_limit((0.05, 0.10))
    >>> np.round(lim.shares, 6), np.round(lim.nash_solution, 6)
    (array([0.666667, 0.333333]), array([0.666667, 0.333333]))
    """
    caller = "patient_limit()"
    r = _vector(rates, caller, "rates", 2)
    if np.any(r <= 0):
        raise ValueError(f"{caller}: discount rates must be positive; got {r}")
    if not np.isfinite(pie) or pie <= 0:
        raise ValueError(f"{caller}: pie must be positive and finite; got {pie!r}")
    shares = pie * np.array([r[1], r[0]]) / r.sum()
    weights = (1.0 / r) / (1.0 / r).sum()
    nash = BargainingProblem.from_points([[pie, 0.0], [0.0, pie]], [0.0, 0.0]).nash_solution(weights).utilities
    return PatientLimit(shares, weights, np.array(nash))
