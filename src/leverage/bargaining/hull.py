"""The comprehensive hull of utility points, and the Nash product maximised on its Pareto facets.

With free disposal the feasible set of a bargaining problem over deals
``p_1, ..., p_k`` is the *comprehensive hull*
``H = conv(p_1, ..., p_k) - R^n_+``: lotteries over deals, and any utility
vector below one of those. Every solution the library offers lies on the
Pareto part of ``H``, so :func:`comprehensive_hull` describes ``H`` by its
facets ``a . u <= b`` (all with ``a >= 0``), built with Qhull
(``scipy.spatial.ConvexHull``, ``O(k log k)`` in two and three dimensions)
and never with one variable per deal:

1. the extreme points ``V`` of the deals (Qhull; all distinct deals when they
   do not span the space: one or two deals, collinear or coplanar ones). For
   two players, the undominated deals instead, by one sort;
2. the hull ``Q`` of ``V`` and of each extreme point moved down by ``M`` along
   every axis, ``v - M e_i`` (for two players, only the two ends of the
   staircase of undominated deals: the walls start there). ``Q`` is
   full-dimensional whatever the deals;
3. the facets of ``Q`` through at least one point of ``V``. Each facet of
   ``H`` contains a point of ``V`` and is such a facet of ``Q``; conversely
   such a facet has ``a >= 0`` (below a point of ``V`` the set ``Q`` extends
   down every axis), so its inequality holds on all of ``H``. Hence
   ``H = {u : A u <= b}`` over those facets, exactly, for any ``M > 0``.

:func:`nash_point` maximises ``sum_i w_i log(u_i - d_i)`` over ``H``. The
maximiser gives every side a positive gain, so it is Pareto optimal and lies
on the facets kept above:

- two players: each facet is an edge ``[A, B]``, and the product along it is
  maximised in closed form: ``u = A + t (B - A)`` with
  ``t = -(w_1 D_1 x_2 + w_2 D_2 x_1) / (D_1 D_2)`` (``D = B - A``,
  ``x = A - d``) when the edge slopes down (``D_1 D_2 < 0``), clipped to the
  edge; otherwise the product is monotone along the edge and the better end
  wins. One vectorised pass over the edges;
- more players: the closed form ``u = d + w (b - a . d) / a`` on each facet's
  hyperplane is the answer whenever it falls inside that facet (the
  maximiser over the half-space ``a . u <= b`` then lies in ``H``);
  otherwise the maximiser sits on a lower-dimensional face, found by a
  log-barrier Newton method in the ``n`` utilities over the facets and
  polished by Newton's method on the face its active facets define.

References
----------
C. B. Barber, D. P. Dobkin and H. Huhdanpaa (1996), "The Quickhull algorithm
for convex hulls", ACM Transactions on Mathematical Software 22(4), 469-483.
J. F. Nash (1950), "The bargaining problem", Econometrica 18(2), 155-162.
S. Boyd and L. Vandenberghe (2004), Convex Optimization, Cambridge University
Press, section 11.3 (the barrier method).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.checks import check_real, real_array
from leverage.tolerance import (
    BARGAINING_ACTIVE,
    BARGAINING_DECREMENT,
    BARGAINING_DIRECTION_NOISE,
    BARGAINING_MIN_SPAN,
    BARGAINING_NOISE,
    BARGAINING_RTOL,
    BARGAINING_STEP_NOISE,
    PROBABILITY_ATOL,
    RANK_TOL,
    ROUNDING_NOISE,
    RTOL,
    noise_scale,
    value_scale,
)

__all__ = [
    "MAX_HULL_PLAYERS",
    "MAX_HULL_WORK",
    "ComprehensiveHull",
    "comprehensive_hull",
    "pareto_vertices",
    "nash_point",
    "nash_value",
    "ray_length",
]

#: Most players whose hull of deals is built: the number of facets grows like ``k ** (n // 2)``.
MAX_HULL_PLAYERS = 6
#: Bound on ``(points given to Qhull) ** (n // 2)``, the order of the facet count, for four or
#: more players (two and three players have no bound: their hulls are built in ``O(k log k)``).
MAX_HULL_WORK = 1e8
#: Newton iterations per barrier weight, and barrier weights (1 down to 1e-12) of the n-player solve.
_NEWTON_STEPS = 60
_BARRIER_WEIGHTS = tuple(10.0 ** -k for k in range(13))
#: Step halvings of the barrier method's backtracking line search.
_HALVINGS = 60
#: A facet is active at the barrier solution when its slack is below this (units of the scale).
_ACTIVE = BARGAINING_ACTIVE


@dataclass(frozen=True, eq=False)
class ComprehensiveHull:
    """The set ``conv(points) - R^n_+`` as facets ``A u <= b``, with the vertices that span them.

    Build one with :func:`comprehensive_hull`.

    Attributes
    ----------
    normals : numpy.ndarray
        Shape ``(m, n)``: the facets' outward unit normals, all ``>= 0``.
    offsets : numpy.ndarray
        Shape ``(m,)``: ``normals @ u <= offsets`` on the set.
    facets : numpy.ndarray
        Shape ``(m, n, n)``: each facet as a simplex, one vertex per row (a
        facet of more vertices comes as several simplices on one hyperplane).
        Vertices below the points, ``v - M e_i``, stand for the rays of free
        disposal.
    vertices : numpy.ndarray
        Shape ``(r, n)``: the points that are vertices of the set, the Pareto
        frontier's corners included.
    scale : float
        The size of the numbers: the largest of the players' scales of the tolerance rule
        (:func:`leverage.tolerance.value_scale` of each player's utilities).

    Examples
    --------
    >>> h = comprehensive_hull([[1, 0], [0, 1], [0.2, 0.2]])
    >>> h.vertices.tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    >>> bool(h.contains([0.5, 0.5])), bool(h.contains([0.6, 0.6])), bool(h.contains([-50, 0.9]))
    (True, False, True)
    """

    normals: np.ndarray
    offsets: np.ndarray
    facets: np.ndarray
    vertices: np.ndarray
    scale: float

    @property
    def n(self) -> int:
        """The number of players (the dimension)."""
        return int(self.normals.shape[1])

    def slack(self, u: np.ndarray) -> np.ndarray:
        """``offsets - normals @ u``: non-negative exactly on the set."""
        return self.offsets - self.normals @ np.asarray(u, dtype=float)

    def contains(self, u: np.ndarray, atol: float | None = None) -> bool:
        """Whether ``u`` lies in the set, within ``atol`` (default :data:`~leverage.tolerance.BARGAINING_RTOL` times the scale)."""
        tol = BARGAINING_RTOL * self.scale if atol is None else atol
        return bool(np.all(self.slack(u) >= -tol))


def _qhull(points: np.ndarray):  # noqa: ANN202 -- scipy's ConvexHull
    """``ConvexHull(points)``, or None when Qhull refuses (a flat or too small set)."""
    from scipy.spatial import ConvexHull, QhullError

    try:
        return ConvexHull(points)
    except (QhullError, ValueError):
        return None


def _pareto_staircase(P: np.ndarray) -> np.ndarray:
    """Two players: the undominated points, by decreasing ``u_1`` (``O(k log k)``).

    A dominated point is never a vertex of the comprehensive hull; in the
    plane its walls start at the two ends of this staircase.
    """
    order = np.lexsort((-P[:, 1], -P[:, 0]))
    S = P[order]
    best_before = np.concatenate([[-np.inf], np.maximum.accumulate(S[:-1, 1])])
    return S[S[:, 1] > best_before]


def _check_work(count: int, n: int, budget: float, caller: str, what: str) -> None:
    if n >= 4 and float(count) ** (n // 2) > budget:
        raise ValueError(
            f"{caller}: {what} of {count:,} points in {n} dimensions would have of the order of "
            f"{float(count) ** (n // 2):.2g} facets, above MAX_HULL_WORK = {MAX_HULL_WORK:.0e}; give fewer deals "
            f"(or pass convex=False for the finite set of deals)"
        )


def comprehensive_hull(points: np.ndarray, caller: str = "comprehensive_hull()") -> ComprehensiveHull:
    """The facets of ``conv(points) - R^n_+`` (free disposal), for any set of points.

    Parameters
    ----------
    points : array_like, shape (k, n)
        Finite utility vectors, ``k >= 1`` and ``n >= 2``; duplicates,
        collinear or coplanar points and fewer than ``n + 1`` points are all
        allowed.

    caller : str
        The public function building the hull, named in error messages.

    Returns
    -------
    ComprehensiveHull

    Raises
    ------
    ValueError
        If ``points`` is not a non-empty finite 2-D array with at least two
        columns, has more than :data:`MAX_HULL_PLAYERS` columns, the hull
        would exceed :data:`MAX_HULL_WORK` (four or more players and many
        extreme points), or Qhull fails on the set.

    Examples
    --------
    Two deals on a line: the hull is the segment, with everything below it.

    >>> h = comprehensive_hull([[3, 1], [1, 3]])
    >>> np.round(h.normals, 6).tolist(), np.round(h.offsets, 6).tolist()
    ([[0.0, 1.0], [0.707107, 0.707107], [1.0, 0.0]], [3.0, 2.828427, 3.0])
    """
    P = real_array(points, "points", caller, finite=False)
    if P.ndim != 2 or P.shape[0] < 1 or P.shape[1] < 2 or not np.all(np.isfinite(P)):
        raise ValueError(
            f"{caller}: points must be a non-empty finite 2-D array with at least two columns; got shape {P.shape}"
        )
    n = P.shape[1]
    if n > MAX_HULL_PLAYERS:
        raise ValueError(
            f"{caller}: the convex hull of deals is built for at most {MAX_HULL_PLAYERS} players (MAX_HULL_PLAYERS: "
            f"its facets grow like k ** (n // 2)); got {n}: pass convex=False for the finite set of deals"
        )
    scale = float(value_scale(P, axis=0).max())
    if n == 2:
        V = _pareto_staircase(P)
    else:
        _check_work(len(P), n, 10 * MAX_HULL_WORK, caller, "the convex hull")
        first = _qhull(P) if len(P) > n else None
        V = np.unique(P[first.vertices] if first is not None else P, axis=0)
        _check_work((n + 1) * len(V), n, MAX_HULL_WORK, caller, "the hull with free disposal")
    # work relative to the componentwise maximum: Qhull's rounding is then relative to the spread
    top = V.max(axis=0)
    W = V - top
    span = float(np.ptp(V, axis=0).max()) if len(V) > 1 else 0.0
    M = 2.0 * n * max(span, BARGAINING_MIN_SPAN * scale)
    if n == 2:  # the rays of disposal start at the two ends of the staircase
        lowered = [W, W[:1] - M * np.eye(2)[1], W[-1:] - M * np.eye(2)[0]]
    else:
        lowered = [W] + [W - M * np.eye(n)[i] for i in range(n)]
    hull = _qhull(np.vstack(lowered))
    if hull is None:  # pragma: no cover -- the lowered copies make the set full-dimensional
        raise ValueError(f"{caller}: Qhull failed on {len(V)} extreme points in {n} dimensions")
    simplices = np.asarray(hull.simplices)
    real = simplices < len(V)
    keep = real.any(axis=1)
    simplices, eq = simplices[keep], hull.equations[keep]
    normals = np.maximum(eq[:, :-1], 0.0)  # >= 0 in exact arithmetic; drop rounding noise
    offsets = -eq[:, -1] + normals @ top
    corners = hull.points[simplices] + top
    used = np.unique(simplices[real[keep]])
    vertices = V[used]
    order = np.lexsort(vertices.T[::-1])
    rows = np.lexsort(np.round(normals, 12).T[::-1])  # a reproducible order of the facets
    return ComprehensiveHull(normals[rows], offsets[rows], corners[rows], vertices[order], scale)


def pareto_vertices(points: np.ndarray, caller: str = "pareto_vertices()") -> np.ndarray:
    """The points that are vertices of ``conv(points) - R^n_+``: all a bargaining solution needs.

    Dropping the other points leaves the comprehensive hull, and so every
    solution over it, unchanged.

    Examples
    --------
    >>> pareto_vertices([[2, 0], [0, 2], [1.5, 1.5], [1, 1], [0.5, 0.5], [2, 0]]).tolist()
    [[0.0, 2.0], [1.5, 1.5], [2.0, 0.0]]
    """
    return comprehensive_hull(points, caller).vertices


def ray_length(hull: ComprehensiveHull, origin: np.ndarray, direction: np.ndarray, atol: float | None = None) -> float:
    """Largest ``t >= 0`` with ``origin + t direction`` in the set (0 when ``origin`` is outside).

    ``direction`` must be non-negative and non-zero.

    Raises
    ------
    TypeError
        If ``hull`` is not a ComprehensiveHull or a vector is not real.
    ValueError
        If a vector is not finite or not of length ``hull.n``, ``direction`` is
        negative somewhere or zero, or ``atol`` is negative.

    Examples
    --------
    >>> h = comprehensive_hull([[1, 0], [0, 1]])
    >>> ray_length(h, np.array([0.2, 0.1]), np.ones(2))
    0.35
    """
    caller = "ray_length()"
    _check_hull(hull, caller)
    origin = _vector(origin, "origin", hull.n, caller)
    direction = _vector(direction, "direction", hull.n, caller)
    if np.any(direction < 0) or not np.any(direction > 0):
        raise ValueError(f"{caller}: direction must be non-negative and non-zero; got {direction.tolist()}")
    if atol is not None:
        atol = check_real(atol, "atol", caller, low=0.0)
    tol = BARGAINING_RTOL * hull.scale if atol is None else atol
    s = hull.slack(origin)
    if np.any(s < -tol):
        return 0.0
    rate = hull.normals @ np.asarray(direction, dtype=float)
    up = rate > BARGAINING_DIRECTION_NOISE * noise_scale(direction)
    if not up.any():  # pragma: no cover -- the set is bounded above along any non-negative direction
        return 0.0
    return float(max(0.0, np.min(np.maximum(s[up], 0.0) / rate[up])))


def _check_hull(hull: Any, caller: str) -> None:
    if not isinstance(hull, ComprehensiveHull):
        raise TypeError(f"{caller}: hull must be a ComprehensiveHull (see comprehensive_hull()); "
                        f"got {type(hull).__name__}")


def _vector(value: Any, name: str, n: int, caller: str) -> np.ndarray:
    arr = real_array(value, name, caller)
    if arr.shape != (n,):
        raise ValueError(f"{caller}: {name} must be a vector of length {n}; got shape {arr.shape}")
    return arr


def nash_value(u: np.ndarray, d: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``sum_i w_i log(u_i - d_i)`` along the last axis (``-inf`` where a gain is not positive).

    Raises
    ------
    TypeError
        If an argument is not real.
    ValueError
        If an entry is not finite, ``d`` or ``w`` does not have one entry per
        player (the last axis of ``u``), or a weight is negative.

    Examples
    --------
    >>> float(nash_value(np.array([0.55, 0.45]), np.array([0.2, 0.1]), np.array([0.5, 0.5])))
    -1.0498221244986778
    """
    caller = "nash_value()"
    u = real_array(u, "u", caller)
    if u.ndim == 0 or u.shape[-1] == 0:
        raise ValueError(f"{caller}: u must have the players along its last axis; got shape {u.shape}")
    d = _vector(d, "d", u.shape[-1], caller)
    w = _vector(w, "w", u.shape[-1], caller)
    if np.any(w < 0):
        raise ValueError(f"{caller}: w must be non-negative weights; got {w.tolist()}")
    g = u - d
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(g > 0, np.log(np.where(g > 0, g, 1.0)), -np.inf) @ w
    return value


def _nash_on_edges(hull: ComprehensiveHull, d: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Two players: the closed-form maximiser on every edge, and the best of them."""
    A = hull.facets[:, 0, :]
    D = hull.facets[:, 1, :] - A
    x = A - d
    tiny = BARGAINING_DIRECTION_NOISE * hull.scale
    with np.errstate(divide="ignore", invalid="ignore"):
        # t-interval on which both gains are positive
        bound = np.where(np.abs(D) > tiny, -x / np.where(np.abs(D) > tiny, D, 1.0), np.nan)
        lo = np.max(np.where(D > tiny, bound, 0.0), axis=1, initial=0.0)
        lo = np.maximum(lo, 0.0)
        hi = np.min(np.where(D < -tiny, bound, 1.0), axis=1, initial=1.0)
        hi = np.minimum(hi, 1.0)
        prod = D[:, 0] * D[:, 1]
        stationary = -(w[0] * D[:, 0] * x[:, 1] + w[1] * D[:, 1] * x[:, 0]) / np.where(prod < 0, prod, -1.0)
    rising = D.sum(axis=1) >= 0
    t = np.where(prod < 0, np.clip(stationary, lo, hi), np.where(rising, hi, lo))
    t = np.where(hi >= lo, t, 0.0)
    U = A + t[:, None] * D
    values = nash_value(U, d, w)
    best = int(np.argmax(values))
    return U[best]


def _facet_closed_forms(hull: ComprehensiveHull, d: np.ndarray, w: np.ndarray) -> np.ndarray | None:
    """The closed form on a facet's hyperplane, when it falls inside that facet (n players)."""
    a, b = hull.normals, hull.offsets
    c = b - a @ d
    ok = np.all(a > ROUNDING_NOISE, axis=1) & (c > ROUNDING_NOISE * hull.scale)
    if not ok.any():
        return None
    a, c, S = a[ok], c[ok], hull.facets[ok]
    U = d + w * (c[:, None] / a)
    # barycentric coordinates of U in each simplex (shifted by d: the hyperplane misses the origin)
    try:
        lam = np.linalg.solve(np.transpose(S - d, (0, 2, 1)), (U - d)[:, :, None])[:, :, 0]
    except np.linalg.LinAlgError:
        return None
    inside = np.all(lam >= -PROBABILITY_ATOL, axis=1) & np.all(np.isfinite(lam), axis=1)
    if not inside.any():
        return None
    U = U[inside]
    return U[int(np.argmax(nash_value(U, d, w)))]


def _barrier(A: np.ndarray, beta: np.ndarray, w: np.ndarray, x0: np.ndarray) -> np.ndarray:
    """Maximise ``sum w log x`` over ``A x <= beta`` by the log-barrier method (all quantities scaled to ~1)."""
    x = x0.copy()

    def phi(z: np.ndarray, mu: float) -> float:
        s = beta - A @ z
        if np.any(z <= 0) or np.any(s <= 0):
            return -np.inf
        return float(w @ np.log(z) + mu * np.sum(np.log(s)))

    for mu in _BARRIER_WEIGHTS:
        for _ in range(_NEWTON_STEPS):
            s = beta - A @ x
            g = w / x - mu * (A.T @ (1.0 / s))
            H = np.diag(w / x**2) + mu * (A.T * (1.0 / s**2)) @ A
            try:
                p = np.linalg.solve(H, g)
            except np.linalg.LinAlgError:  # pragma: no cover -- H is positive definite
                break
            decrement = float(g @ p)
            if decrement <= BARGAINING_DECREMENT:
                break
            base, step = phi(x, mu), 1.0
            for _ in range(_HALVINGS):
                if phi(x + step * p, mu) >= base + 0.25 * step * decrement:
                    break
                step *= 0.5
            else:
                break
            x = x + step * p
    return x


def _polish(A: np.ndarray, beta: np.ndarray, w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Newton's method on the face of the facets active at ``x``; ``x`` itself if that fails."""
    s = beta - A @ x
    active = s <= _ACTIVE
    if not active.any():
        return x
    As = A[active]
    _, sv, Vt = np.linalg.svd(As)
    rank = int(np.sum(sv > RANK_TOL * sv[0]))
    n = len(x)
    # the point of the face nearest x, then Newton in the face's directions
    y = x + np.linalg.lstsq(As, beta[active] - As @ x, rcond=None)[0]
    N = Vt[rank:].T
    for _ in range(_NEWTON_STEPS if rank < n else 0):
        if np.any(y <= 0):
            break
        g = N.T @ (w / y)
        H = (N.T * (w / y**2)) @ N
        step = np.linalg.solve(H, g)
        move = N @ step
        scale = 1.0
        for _ in range(_HALVINGS):  # stay at positive gains
            if np.all(y + scale * move > 0):
                break
            scale *= 0.5
        y = y + scale * move
        if float(np.abs(scale * move).max()) <= BARGAINING_STEP_NOISE * noise_scale(y):
            break
    feasible = np.all(y > 0) and np.all(beta - A @ y >= -ROUNDING_NOISE)
    if feasible and float(w @ np.log(y)) >= float(w @ np.log(x)) - BARGAINING_NOISE:
        return y
    return x


def nash_point(hull: ComprehensiveHull, d: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The maximiser of ``sum_i w_i log(u_i - d_i)`` over the set.

    The set must hold a point with every gain ``u_i - d_i`` positive.

    Parameters
    ----------
    hull : ComprehensiveHull
    d : numpy.ndarray
        The disagreement point.
    w : numpy.ndarray
        Positive weights summing to 1.

    Returns
    -------
    numpy.ndarray
        The (generalised) Nash bargaining solution.

    Raises
    ------
    TypeError
        If ``hull`` is not a ComprehensiveHull or a vector is not real.
    ValueError
        If ``d`` or ``w`` is not a finite vector of length ``hull.n``, the
        weights are not positive with sum 1, or no point of the set gives
        every player a positive gain.

    Examples
    --------
    >>> h = comprehensive_hull([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    >>> np.round(nash_point(h, np.array([0.1, 0.2, 0.0]), np.array([0.5, 0.3, 0.2])), 12)
    array([0.45, 0.41, 0.14])
    """
    caller = "nash_point()"
    _check_hull(hull, caller)
    d = _vector(d, "d", hull.n, caller)
    w = _vector(w, "w", hull.n, caller)
    if np.any(w <= 0) or abs(float(w.sum()) - 1.0) > RTOL:
        raise ValueError(f"{caller}: w must be positive weights summing to 1; got {w.tolist()}")
    if ray_length(hull, d, np.ones(hull.n)) <= 0:
        raise ValueError(f"{caller}: no point of the set gives every player a positive gain over d={d.tolist()}")
    if hull.n == 2:
        return _nash_on_edges(hull, d, w)
    exact = _facet_closed_forms(hull, d, w)
    if exact is not None:
        return exact
    sigma = hull.scale
    A = hull.normals
    beta = (hull.offsets - A @ d) / sigma
    t = float(np.min(beta / A.sum(axis=1)))
    x = _barrier(A, beta, w, np.full(hull.n, 0.5 * t))
    x = _polish(A, beta, w, x)
    return d + sigma * x
