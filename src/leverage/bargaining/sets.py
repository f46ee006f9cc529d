"""Feasible sets of a bargaining problem: a comprehensive hull of deals, a finite set of deals, a frontier.

Each set answers the queries the solutions need: membership, the largest
step along a ray, linear maximisation and the Nash product's maximiser. The
hull of deals (:class:`PolytopeSet`) answers them from its facets
(:mod:`leverage.bargaining.hull`): in closed form, or with linear programmes
in the ``n`` utilities, never with one variable per deal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.optimize import brentq, linprog, minimize, minimize_scalar

from leverage.bargaining.checks import GAIN_TOL
from leverage.bargaining.hull import comprehensive_hull, nash_point, ray_length
from leverage.checks import check_callable, check_int, real_array
from leverage.tolerance import (
    BARGAINING_BRACKET,
    BARGAINING_FTOL,
    BARGAINING_XATOL,
    BARGAINING_XTOL,
    BRENTQ_RTOL,
    TINY,
    value_scale,
)

__all__ = ["FeasibleSet", "PointSet", "PolytopeSet", "FiniteSet", "FrontierSet", "leximin"]


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


def _lp(c: np.ndarray, A_ub: np.ndarray, b_ub: np.ndarray, bounds: list[tuple[float | None, float | None]]) -> Any:
    """A linear programme in the few utilities over the many facets (HiGHS without presolve).

    HiGHS's presolve looks for parallel rows, which takes seconds on the
    thousands of facets of a large hull; the programme itself takes
    milliseconds.
    """
    return linprog(c, A_ub=A_ub, b_ub=b_ub, bounds=bounds, method="highs", options={"presolve": False})


class FeasibleSet:
    """Interface: membership, linear maximisation, rays, and the Nash product.

    Examples
    --------
    >>> issubclass(PolytopeSet, FeasibleSet) and issubclass(FrontierSet, FeasibleSet)
    True
    """

    n: int
    scale: float

    def contains(self, u: np.ndarray) -> bool:
        """Whether ``u`` is feasible, within ``GAIN_TOL`` times the scale."""
        raise NotImplementedError

    def maximize(self, c: np.ndarray, lower: np.ndarray) -> np.ndarray | None:
        """A maximiser of ``c . u`` (``c >= 0``) over the set with ``u >= lower`` (None if empty)."""
        raise NotImplementedError

    def ray(self, origin: np.ndarray, direction: np.ndarray) -> float:
        """Largest ``t >= 0`` with ``origin + t direction`` feasible (0 if ``origin`` is not)."""
        raise NotImplementedError

    def nash(self, d: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Maximiser of ``sum w log(u - d)`` (a point with positive gains exists)."""
        raise NotImplementedError

    def pareto_improve(self, u: np.ndarray) -> np.ndarray:
        """A Pareto-optimal point weakly above ``u`` (leximin on the gains over ``u``)."""
        return leximin(self, u)


def leximin(fs: FeasibleSet, base: np.ndarray) -> np.ndarray:
    """Lexicographic maximin of gains over ``base``.

    Raise every free player's utility by the same amount as far as the set
    allows, then fix the players who cannot gain even alone, and repeat with
    the others (at most ``n`` rounds). On a convex set the result is Pareto
    optimal and weakly above ``base``.

    Parameters
    ----------
    fs : FeasibleSet
        The set.
    base : numpy.ndarray
        A point of the set, one utility per player.

    Raises
    ------
    TypeError
        If ``fs`` is not a FeasibleSet or ``base`` is not real.
    ValueError
        If ``base`` is not a finite vector of length ``fs.n`` or lies outside the set.

    Examples
    --------
    >>> leximin(PolytopeSet(np.array([[1.0, 0.0], [0.0, 1.0]])), np.array([0.2, 0.1]))
    array([0.55, 0.45])
    """
    caller = "leximin()"
    if not isinstance(fs, FeasibleSet):
        raise TypeError(f"{caller}: fs must be a FeasibleSet; got {type(fs).__name__}")
    u = real_array(base, "base", caller).copy()
    if u.shape != (fs.n,):
        raise ValueError(f"{caller}: base must be a vector of length {fs.n}; got shape {u.shape}")
    if not fs.contains(u):
        raise ValueError(f"{caller}: base={u.tolist()} lies outside the set (no point of it is weakly above base)")
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


class PointSet(FeasibleSet):
    """A set given by utility points (one row per deal).

    Examples
    --------
    >>> PointSet(np.array([[3.0, 1.0], [1.0, 3.0]])).scale   # each player's range is 2
    2.0
    """

    def __init__(self, points: np.ndarray, caller: str | None = None):
        caller = caller or f"{type(self).__name__}()"
        points = real_array(points, "points", caller, ndim=2)
        if points.shape[0] < 1 or points.shape[1] < 2:
            raise ValueError(
                f"{caller}: points must have one row per deal and one column per player (at least 2); "
                f"got shape {points.shape}"
            )
        self.points = points
        self.n = points.shape[1]
        self.scale = float(value_scale(points, axis=0).max())  # the tolerance rule's scale of the largest player


class PolytopeSet(PointSet):
    """The convex hull of points with free disposal, held as its facets (:func:`~leverage.bargaining.hull.comprehensive_hull`).

    Examples
    --------
    >>> s = PolytopeSet(np.array([[1.0, 0.0], [0.0, 1.0]]))
    >>> s.contains(np.array([0.5, 0.5])), s.ray(np.zeros(2), np.ones(2)), s.nash(np.zeros(2), np.full(2, 0.5))
    (True, 0.5, array([0.5, 0.5]))
    """

    def __init__(self, points: np.ndarray, caller: str = "PolytopeSet()"):
        super().__init__(points, caller)
        self.hull = comprehensive_hull(points, caller)

    def contains(self, u: np.ndarray) -> bool:
        return self.hull.contains(u, GAIN_TOL * self.scale)

    def maximize(self, c: np.ndarray, lower: np.ndarray) -> np.ndarray | None:
        if not self.contains(lower):  # the set is downward closed: nothing above lower lies in it
            return None
        c = np.asarray(c, dtype=float)
        axes = np.flatnonzero(c)
        if len(axes) == 1:  # one side's best: as far as the set allows along its axis
            u = np.array(lower, dtype=float)
            u[axes[0]] += self.ray(u, np.eye(self.n)[axes[0]])
            return u
        for slack in (0.0, GAIN_TOL * self.scale):  # lower may lie outside by less than the tolerance
            res = _lp(-c, self.hull.normals, self.hull.offsets, [(float(v), None) for v in lower - slack])
            if res.status == 0:
                return np.maximum(res.x, lower)
        return None

    def ray(self, origin: np.ndarray, direction: np.ndarray) -> float:
        return ray_length(self.hull, origin, direction, GAIN_TOL * self.scale)

    def nash(self, d: np.ndarray, w: np.ndarray) -> np.ndarray:
        return nash_point(self.hull, d, w)

    def most_equal_at_total(self, d: np.ndarray, total: float) -> np.ndarray | None:
        """Among points with ``sum(u) >= total`` and ``u >= d``, one maximising the smallest gain."""
        n = self.n
        c = np.zeros(n + 1)
        c[-1] = -1.0  # variables (u, t): maximise t
        A_ub = np.vstack([
            np.hstack([self.hull.normals, np.zeros((len(self.hull.normals), 1))]),
            np.hstack([-np.eye(n), np.ones((n, 1))]),  # u_i - d_i >= t
            np.append(-np.ones(n), 0.0)[None, :],  # sum u >= total
        ])
        b_ub = np.concatenate([self.hull.offsets, -d, [-total]])
        res = _lp(c, A_ub, b_ub, [(None, None)] * (n + 1))
        if res.status != 0:
            return None
        return np.maximum(res.x[:n], d)


class FiniteSet(PointSet):
    """A finite set of utility vectors (no convexification, no disposal).

    Examples
    --------
    >>> s = FiniteSet(np.array([[3.0, 1.0], [1.0, 3.0]]))
    >>> s.contains(np.array([3.0, 1.0])), s.contains(np.array([2.0, 2.0]))
    (True, False)
    """

    def contains(self, u: np.ndarray) -> bool:
        return bool(np.any(np.all(np.abs(self.points - u) <= GAIN_TOL * self.scale, axis=1)))


class FrontierSet(FeasibleSet):
    """Utilities under a Pareto frontier ``u_n = f(u_1..u_{n-1})`` on a box, with free disposal.

    Examples
    --------
    >>> s = FrontierSet(lambda x: 1 - x**2, np.array([[0.0, 1.0]]), 2)
    >>> s.contains(np.array([0.5, 0.75])), s.contains(np.array([0.5, 0.8])), round(s.value_at(np.array([0.5])), 6)
    (True, False, 0.75)
    """

    def __init__(self, f: Callable[..., float], bounds: np.ndarray, n: int, caller: str = "FrontierSet()"):
        self._caller = caller
        self.f = check_callable(f, "f", caller)
        self.n = check_int(n, "n", caller, low=2)
        bounds = real_array(bounds, "bounds", caller, ndim=2)
        if bounds.shape != (self.n - 1, 2) or np.any(bounds[:, 0] >= bounds[:, 1]):
            raise ValueError(f"{caller}: bounds must be {self.n - 1} (low, high) pairs with low < high; got {bounds.tolist()}")
        self.bounds = bounds  # shape (n - 1, 2)
        grid = self.grid()
        values = np.array([self.value_at(x) for x in grid])
        # the tolerance rule's scale: the last player's values, and the other players' ranges
        self.scale = max(value_scale(values), float(np.ptp(bounds, axis=1).max()))

    def grid(self, k: int = 9) -> list[np.ndarray]:
        """A ``k``-point grid on each of the box's axes (``k**(n-1)`` points)."""
        axes = [np.linspace(lo, hi, k) for lo, hi in self.bounds]
        return [np.array(x) for x in np.array(np.meshgrid(*axes, indexing="ij")).reshape(self.n - 1, -1).T]

    def value_at(self, x: np.ndarray) -> float:
        """``f(x)``, checked to be finite."""
        try:
            out = self.f(*x) if self.n > 2 else self.f(float(x[0]))
        except ArithmeticError as exc:  # overflow or division by zero inside f
            raise ValueError(f"{self._caller}: f({', '.join(map(str, x))}) failed: {exc!r}") from exc
        if not isinstance(out, (int, float, np.integer, np.floating)) or isinstance(out, (bool, np.bool_)):
            raise TypeError(f"{self._caller}: f({', '.join(map(str, x))}) must be a real number; got {out!r}")
        value = float(out)
        if not np.isfinite(value):
            raise ValueError(f"{self._caller}: f({', '.join(map(str, x))}) is not finite")
        return value

    def _clip(self, x: np.ndarray) -> np.ndarray:
        return np.clip(x, self.bounds[:, 0], self.bounds[:, 1])

    def contains(self, u: np.ndarray) -> bool:
        x = np.maximum(u[:-1], self.bounds[:, 0])
        if np.any(x > self.bounds[:, 1] + GAIN_TOL * self.scale):
            return False
        return bool(self.value_at(self._clip(x)) >= u[-1] - GAIN_TOL * self.scale)

    def ray(self, origin: np.ndarray, direction: np.ndarray) -> float:
        if not self.contains(origin):
            return 0.0
        hi = np.inf
        for j in range(self.n - 1):
            if direction[j] > 0:
                hi = min(hi, (self.bounds[j, 1] - max(origin[j], self.bounds[j, 0])) / direction[j])
        if not np.isfinite(hi):
            hi = 10.0 * self.scale / max(direction[-1], TINY)
        hi = max(hi, 0.0)

        def slack(t: float) -> float:
            p = origin + t * direction
            return self.value_at(self._clip(np.maximum(p[:-1], self.bounds[:, 0]))) - p[-1]

        if slack(hi) >= 0:
            return float(hi)
        if slack(0.0) <= 0:
            return 0.0
        return float(brentq(slack, 0.0, hi, xtol=BARGAINING_XTOL * self.scale, rtol=BRENTQ_RTOL))

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
            value = self.value_at(x)
            if value < floor - GAIN_TOL * self.scale:
                return 1e30 + (floor - value)
            return -objective(np.append(x, value))

        if self.n == 2:
            # the feasible part of the box: f(x) >= floor, an interval since f is non-increasing
            a, b = box[0]
            if self.value_at(np.array([a])) < floor - GAIN_TOL * self.scale:
                return None
            if self.value_at(np.array([b])) < floor:
                b = brentq(lambda x: self.value_at(np.array([x])) - floor, a, b, xtol=BARGAINING_XTOL * self.scale)
            if b - a <= BARGAINING_BRACKET * self.scale:
                x = np.array([a])
            else:
                res = minimize_scalar(lambda x: penalised(np.array([x])), bounds=(a, b), method="bounded",
                                      options={"xatol": BARGAINING_XATOL * self.scale})
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
                return -objective(np.append(x, self.value_at(x)))

            res = minimize(
                neg_objective,
                x0,
                method="SLSQP",
                bounds=[tuple(r) for r in box],
                constraints=[{"type": "ineq", "fun": lambda x: self.value_at(self._clip(x)) - floor}],
                options={"ftol": BARGAINING_FTOL, "maxiter": 500},
            )
            x = self._clip(res.x) if np.isfinite(res.fun) and neg_objective(res.x) <= neg_objective(x0) else x0
        u = np.append(x, self.value_at(x))
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

