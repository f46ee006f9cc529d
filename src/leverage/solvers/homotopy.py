"""All isolated solutions of support indifference systems by a multihomogeneous homotopy.

The exact Groebner bases of :mod:`leverage.solvers.polynomial` become slow
beyond systems of about a dozen unknowns times degree (four players with
three strategies each, for example). This module solves the same systems
numerically, by homotopy continuation, for all the support profiles of a
game at once.

The system
----------
For supports ``S = (S_1, ..., S_n)`` let ``x_j`` be the probabilities of
``S_j`` minus its first strategy (``d_j = |S_j| - 1`` unknowns), the first
one being ``1 - sum(x_j)``. Player ``i``'s ``d_i`` indifference equations
are multilinear: of degree one in each group ``x_j`` of a mixing opponent
and of degree zero in ``x_i`` (McKelvey and McLennan 1997).

The start system
----------------
Each equation ``e`` of player ``i`` is replaced by a product of random
complex affine forms, one per mixing opponent ``j``:
``g_e(x) = prod_j (a_ej . x_j + b_ej)``. It has the same multidegree
structure, and its solutions are found by linear algebra: pick for each
equation one factor to vanish so that each group ``j`` is picked exactly
``d_j`` times; each such choice gives one solution. Their number is the
multihomogeneous Bezout number, which bounds the number of isolated
solutions of every system of this structure and is attained by generic
games (McKelvey and McLennan 1997).

Tracking
--------
The homotopy ``H(x, t) = (1 - t) gamma g(x) + t f(x)`` with a random
complex ``gamma`` (the "gamma trick") is followed from ``t = 0`` to ``t =
1`` from every start solution, all paths of all supports in one vectorised
computation (each system is padded to the game's unknowns, the unused ones
held at 0 by the equation ``x = 0`` in both systems): a fourth-order Runge-Kutta predictor on ``dx/dt =
-H_x^{-1} H_t``, at most :data:`CORRECTOR_ITERATIONS` Newton corrections,
halving the step on failure and doubling it after :data:`GROWTH_AFTER`
successes. With probability one (over ``gamma`` and the start system) the
paths are smooth for ``t < 1`` and their end points include every isolated
solution of ``f`` (Morgan and Sommese 1987; Sommese and Wampler 2005,
chapters 7-8). Paths whose norm exceeds :data:`DIVERGENCE` go to solutions
at infinity and are dropped (an equilibrium's probabilities are in
``[0, 1]``).

What can go wrong is reported, never hidden: a path whose step falls below
:data:`MIN_STEP` or that runs out of :data:`MAX_STEPS` *failed*; an end point
where the Jacobian is singular may lie on a continuum of solutions (a
degenerate game); two paths ending at the same regular solution jumped
between paths. A system whose Jacobian is singular at random points has
no isolated solution at all (its solutions, if any, form continua, which the
paths need not reach). Each of these marks its support as *unresolved*;
:func:`~leverage.solvers.polynomial.polynomial_equilibria` then warns that
its list may be incomplete. Every end point is only a candidate: the
equilibria returned are polished and verified by the caller.

References
----------
A. P. Morgan and A. J. Sommese (1987), "A homotopy for solving general
polynomial systems that respects m-homogeneous structures", Applied
Mathematics and Computation 24(2), 101-113.

R. D. McKelvey and A. McLennan (1997), "The maximal number of regular totally
mixed Nash equilibria", Journal of Economic Theory 72(2), 411-425.

A. J. Sommese and C. W. Wampler (2005), *The Numerical Solution of Systems of
Polynomials Arising in Engineering and Science*, World Scientific.

R. S. Datta (2010), "Finding all Nash equilibria of a finite game using
polynomial algebra", Economic Theory 42(1), 55-96.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import prod
from typing import Any

import numpy as np

from leverage.checks import check_rng
from leverage.game import payoff_arrays
from leverage.tolerance import (
    HOMOTOPY_CORRECTOR_TOL,
    HOMOTOPY_END_RESIDUAL,
    HOMOTOPY_MIN_STEP,
    HOMOTOPY_RANK_RCOND,
    HOMOTOPY_SAME_POINT,
    HOMOTOPY_SINGULAR_RCOND,
    TINY,
)

# Internal helpers, not in __all__ (other leverage modules import them by name and pass them data a public
# function has checked; they do not check it again): start_assignments.
__all__ = [
    "MAX_BEZOUT_UNKNOWNS",
    "HomotopyResult",
    "bezout_number",
    "track_supports",
    "MAX_PATHS",
]

Supports = tuple[tuple[int, ...], ...]

#: Largest number of paths tracked by one call of :func:`track_supports` (all its supports together).
MAX_PATHS = 200_000
#: Paths tracked in one vectorised batch.
BATCH_PATHS = 16_384
#: Bound on predictor-corrector steps per path, rejected ones included.
MAX_STEPS = 4_000
#: Smallest step in ``t`` before a path is declared failed.
MIN_STEP = HOMOTOPY_MIN_STEP
#: Largest step in ``t``.
MAX_STEP = 0.05
#: Most unknowns (``sum(size - 1)``) :func:`bezout_number` counts for.
MAX_BEZOUT_UNKNOWNS = 16
#: First step in ``t``.
FIRST_STEP = 0.01
#: Newton corrections per step.
CORRECTOR_ITERATIONS = 3
#: A corrector converges when its last correction is at most this, relative to ``1 + |x|``.
CORRECTOR_TOL = HOMOTOPY_CORRECTOR_TOL
#: Consecutive accepted steps after which the step doubles.
GROWTH_AFTER = 3
#: Paths whose largest coordinate exceeds this go to infinity.
DIVERGENCE = 1e7
#: Newton iterations on the target system at ``t = 1``.
END_ITERATIONS = 8
#: An end point whose Jacobian has a reciprocal condition number below this is singular.
SINGULAR_RCOND = HOMOTOPY_SINGULAR_RCOND
#: A path that fails after this ``t`` is finished by Newton's method at ``t = 1`` (paths to
#: singular solutions slow down there).
END_ZONE = 0.999
#: A path that stops in the end zone farther than this from the box ``[0, 1]`` cannot end at an
#: equilibrium and does not count as failed.
END_FAR = 1.0
#: Newton's method at ``t = 1`` from a path stopped in the end zone may move it at most this far
#: (relative to ``1 + |x|``).
END_MOVE = 1e-2
#: An end point solves the target when its residual is at most this, relative to ``1 + |x|``.
END_RESIDUAL = HOMOTOPY_END_RESIDUAL
#: Singular end points farther than this from the box ``[0, 1]`` (in every coordinate, real and
#: imaginary parts) cannot be probabilities and are ignored.
BOX_MARGIN = 0.1
#: Two regular end points closer than this (relative) are the same solution.
SAME_POINT = HOMOTOPY_SAME_POINT
#: Seed of the random start system and ``gamma``: results are reproducible.
SEED = 20_261_122


@dataclass(frozen=True, eq=False)
class HomotopyResult:
    """End points of the homotopy paths of a list of support profiles.

    Attributes
    ----------
    roots : list of numpy.ndarray
        For each support profile, its finite regular end points, shape
        ``(k, unknowns)`` (complex), distinct.
    singular : list of numpy.ndarray
        For each support profile, its end points with a singular Jacobian
        (candidates on a continuum, or multiple roots) that lie within
        :data:`BOX_MARGIN` of the box ``[0, 1]`` of probabilities, shape
        ``(k, unknowns)``; singular end points farther away cannot be
        equilibria and are dropped.
    failed : numpy.ndarray
        For each support profile, the number of paths that failed (step
        too small or too many steps).
    jumped : numpy.ndarray
        For each support profile, the number of regular end points reached
        by more than one path (path jumping).
    paths : numpy.ndarray
        For each support profile, the number of paths tracked (the Bezout
        number of its sizes).
    deficient : numpy.ndarray
        For each support profile, whether its Jacobian is singular at random
        points: then every solution lies on a continuum (a degenerate game),
        which the paths need not reach.

    Examples
    --------
    >>> import numpy as np
    >>> u = np.zeros((2, 2, 2)); u[0, 0, 0] = u[1, 1, 1] = 1.0
    >>> out = track_supports([u, u, u], [((0, 1), (0, 1), (0, 1))])
    >>> out.paths.tolist(), np.round(out.roots[0].real, 6).tolist()
    ([2], [[0.5, 0.5, 0.5]])
    """

    roots: list[np.ndarray]
    singular: list[np.ndarray]
    failed: np.ndarray
    jumped: np.ndarray
    paths: np.ndarray
    deficient: np.ndarray

    def unresolved(self, k: int) -> bool:
        """Whether support ``k`` may have solutions that were not found.

        Examples
        --------
        >>> import numpy as np
        >>> u = np.zeros((2, 2, 2)); u[0, 0, 0] = u[1, 1, 1] = 1.0
        >>> track_supports([u, u, u], [((0, 1), (0, 1), (0, 1))]).unresolved(0)
        False
        """
        return bool(self.failed[k] or self.jumped[k] or len(self.singular[k]) or self.deficient[k])


# ----------------------------------------------------------------------------- start system


def start_assignments(degrees: Sequence[int], owners: Sequence[int], factors: Sequence[Sequence[int]]) -> np.ndarray:
    """Every choice of one vanishing factor per equation that makes the start system square.

    Parameters
    ----------
    degrees : sequence of int
        ``d_j``, the number of unknowns of each group.
    owners : sequence of int
        For each equation, the player it belongs to.
    factors : sequence of sequence of int
        For each player, the groups its equations have a factor in.

    Returns
    -------
    numpy.ndarray
        Shape ``(B, equations)``: the group chosen for each equation, one row
        per start solution, each group ``j`` chosen exactly ``d_j`` times.

    Examples
    --------
    Three players with two strategies each: the two cyclic choices, so two
    totally mixed equilibria at most.

    >>> start_assignments([1, 1, 1], [0, 1, 2], [[1, 2], [0, 2], [0, 1]]).tolist()
    [[1, 2, 0], [2, 0, 1]]
    """
    need = list(degrees)
    rows: list[list[int]] = []
    choice = [0] * len(owners)

    def fill(e: int) -> None:
        if e == len(owners):
            rows.append(list(choice))
            return
        if len(rows) > MAX_PATHS:
            return
        for j in factors[owners[e]]:
            if need[j]:
                need[j] -= 1
                choice[e] = j
                fill(e + 1)
                need[j] += 1

    fill(0)
    return np.array(rows, dtype=np.intp).reshape(len(rows), len(owners))


@lru_cache(maxsize=4096)
def _bezout(sizes: tuple[int, ...]) -> int:
    degrees, owners, factors = _structure(sizes)
    return len(start_assignments(degrees, owners, factors))


def bezout_number(sizes: Sequence[int]) -> int:
    """The multihomogeneous Bezout number of the indifference system of supports of these sizes.

    It bounds the number of isolated solutions -- and so of regular
    equilibria with exactly these support sizes -- and generic games attain
    it (McKelvey and McLennan 1997).

    Examples
    --------
    Three players with two strategies: 2; three with three: 10; four with
    two: 9 (the derangements of four).

    >>> bezout_number([2, 2, 2]), bezout_number([3, 3, 3]), bezout_number([2, 2, 2, 2])
    (2, 10, 9)
    """
    caller = "bezout_number()"
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"{caller}: sizes must be a sequence of support sizes; got {sizes!r}")
    for m in sizes:
        if isinstance(m, (bool, np.bool_)) or not isinstance(m, (int, np.integer)) or m < 1:
            raise ValueError(f"{caller}: sizes must be positive integers; got {list(sizes)!r}")
    unknowns = sum(int(m) - 1 for m in sizes)
    if unknowns > MAX_BEZOUT_UNKNOWNS:
        raise ValueError(
            f"{caller}: supports of sizes {list(sizes)} have {unknowns} unknowns, more than MAX_BEZOUT_UNKNOWNS="
            f"{MAX_BEZOUT_UNKNOWNS}; the count is found by listing the start solutions, which grow exponentially"
        )
    return _bezout(tuple(int(m) for m in sizes))


def _structure(sizes: Sequence[int]) -> tuple[list[int], list[int], list[list[int]]]:
    degrees = [m - 1 for m in sizes]
    owners = [i for i, d in enumerate(degrees) for _ in range(d)]
    factors = [[j for j, dj in enumerate(degrees) if dj and j != i] for i in range(len(sizes))]
    return degrees, owners, factors


class _System:
    """Target and start systems of many support profiles, padded to one shape and evaluated on many paths.

    Every profile's system is written in the unknowns of the whole game:
    player ``j`` has ``m_j - 1`` slots, the first ``|S_j| - 1`` holding the
    probabilities of ``S_j[1:]`` and the others *dummy* slots, whose equation
    ``x = 0`` is the same in the start and target systems (so they stay 0
    along every path). Paths of all profiles then share array shapes and are
    tracked together, whatever their support sizes.
    """

    def __init__(self, payoffs: Sequence[np.ndarray], profiles: Sequence[Supports], rng: np.random.Generator):
        n = len(payoffs)
        shape = payoffs[0].shape
        K = len(profiles)
        self.n = n
        self.degrees = [m - 1 for m in shape]
        self.N = N = sum(self.degrees)
        self.offsets = np.concatenate([[0], np.cumsum(self.degrees)]).astype(int)
        self.used = np.array([[len(S) - 1 for S in profile] for profile in profiles], dtype=int)  # (K, n)
        # unknown c is slot _slot[c] of player _group[c]; dummy[k, c]: slot unused by profile k
        self._group = np.repeat(np.arange(n), self.degrees)
        self._slot = np.concatenate([np.arange(d) for d in self.degrees]).astype(int)
        self.dummy = self._slot[None, :] >= self.used[:, self._group]
        # p_j = c_j + M_j x_j for each profile
        self.M = [np.zeros((K, m, m - 1)) for m in shape]
        self.c = [np.zeros((K, m)) for m in shape]
        for k, profile in enumerate(profiles):
            for j, S in enumerate(profile):
                self.c[j][k, S[0]] = 1.0
                for slot, s in enumerate(S[1:]):
                    self.M[j][k, s, slot] = 1.0
                    self.M[j][k, S[0], slot] = -1.0
        # payoff differences of each player's equations over the whole game: (K, m_i - 1, m_j for j != i)
        self.differences: list[np.ndarray | None] = []
        for i in range(n):
            if not self.degrees[i]:
                self.differences.append(None)
                continue
            u = np.moveaxis(np.asarray(payoffs[i], dtype=float), i, 0)
            D = np.zeros((K, self.degrees[i]) + u.shape[1:], dtype=complex)
            for k, profile in enumerate(profiles):
                S = profile[i]
                D[k, : len(S) - 1] = u[list(S[1:])] - u[S[0]]
            self.differences.append(D)
        # start system: per profile, one random affine form per (real equation, mixing opponent)
        dmax = max(self.degrees)
        self.a = np.zeros((K, N, n, dmax), dtype=complex)
        self.b = np.ones((K, N, n), dtype=complex)
        for k in range(K):
            for e in range(N):
                i = self._group[e]
                if self.dummy[k, e]:
                    continue
                for j in range(n):
                    d = self.used[k, j]
                    if j != i and d:
                        self.a[k, e, j, :d] = _random_complex(rng, d)
                        self.b[k, e, j] = _random_complex(rng, 1)[0]
        self.gamma = _random_complex(rng, 1)[0]

    def take(self, which: np.ndarray) -> _System:
        """The same systems with one profile per path: the per-profile arrays gathered once.

        Evaluating the result with ``which=None`` skips the gathering, which
        the several evaluations of one predictor-corrector step then share.
        """
        out = copy.copy(self)
        out.M = [M[which] for M in self.M]
        out.c = [c[which] for c in self.c]
        out.differences = [None if D is None else D[which] for D in self.differences]
        out.dummy, out.a, out.b, out.used = self.dummy[which], self.a[which], self.b[which], self.used[which]
        return out

    def start_points(self) -> tuple[np.ndarray, np.ndarray]:
        """The start systems' solutions ``(B, N)`` and the profile of each."""
        points, owner = [], []
        for k, used in enumerate(self.used):
            rows = np.flatnonzero(~self.dummy[k])  # real equations, in player order
            for choice in start_assignments(*_structure(used + 1)):
                point = np.zeros(self.N, dtype=complex)
                for j, d in enumerate(used):
                    if d:
                        chosen = rows[choice == j]
                        point[self.offsets[j] : self.offsets[j] + d] = np.linalg.solve(
                            self.a[k, chosen, j, :d], -self.b[k, chosen, j]
                        )
                points.append(point)
                owner.append(k)
        return np.array(points, dtype=complex).reshape(len(points), self.N), np.array(owner, dtype=np.intp)

    def _probabilities(self, x: np.ndarray, which: np.ndarray | slice) -> list[np.ndarray]:
        out = []
        for j, d in enumerate(self.degrees):
            xj = x[:, self.offsets[j] : self.offsets[j + 1]]
            out.append(self.c[j][which] + (self.M[j][which] @ xj[:, :, None])[:, :, 0])
        return out

    def target(self, x: np.ndarray, which: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Values ``(P, N)`` and Jacobians ``(P, N, N)`` of the indifference systems.

        ``which`` gives each point's profile; None when the system was taken
        for these points (:meth:`take`)."""
        P = len(x)
        which = slice(None) if which is None else which
        p = self._probabilities(x, which)
        F = np.empty((P, self.N), dtype=complex)
        J = np.zeros((P, self.N, self.N), dtype=complex)
        for i in range(self.n):
            D = self.differences[i]
            if D is None:
                continue
            others = [j for j in range(self.n) if j != i]
            value, grads = _multilinear(D[which], [p[j] for j in others])
            rows = slice(self.offsets[i], self.offsets[i + 1])
            F[:, rows] = value
            for j, g in zip(others, grads):
                if self.degrees[j]:
                    J[:, rows, self.offsets[j] : self.offsets[j + 1]] = g @ self.M[j][which]
        dummy = self.dummy[which]
        F += np.where(dummy, x, 0.0)
        J[:, np.arange(self.N), np.arange(self.N)] += dummy
        return F, J

    def start(self, x: np.ndarray, which: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Values and Jacobians of the start systems (products of affine forms)."""
        P = len(x)
        which = slice(None) if which is None else which
        padded = np.zeros((P, self.n, self.a.shape[3]), dtype=complex)
        padded[:, self._group, self._slot] = x
        a = self.a[which]
        L = np.einsum("zjk,zejk->zej", padded, a) + self.b[which]  # (P, N, n)
        ones = np.ones((P, self.N, 1), dtype=complex)
        before = np.cumprod(np.concatenate([ones, L[:, :, :-1]], axis=2), axis=2)
        after = np.cumprod(np.concatenate([ones, L[:, :, :0:-1]], axis=2), axis=2)[:, :, ::-1]
        rest = before * after  # product of every factor but the j-th
        J = rest[:, :, self._group] * a[:, :, self._group, self._slot]
        dummy = self.dummy[which]
        G = np.where(dummy, x, before[:, :, -1] * L[:, :, -1])
        J[:, np.arange(self.N), np.arange(self.N)] += dummy
        return G, J

    def homotopy(
        self, x: np.ndarray, t: np.ndarray, which: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``H``, ``H_x`` and ``H_t`` at points ``x`` and times ``t``."""
        F, JF = self.target(x, which)
        G, JG = self.start(x, which)
        s = (1.0 - t)[:, None] * self.gamma
        H = s * G + t[:, None] * F
        Hx = s[:, :, None] * JG + t[:, None, None] * JF
        return H, Hx, F - self.gamma * G

    def reduced(self, points: np.ndarray, k: int) -> np.ndarray:
        """Points of profile ``k`` in its own unknowns (``S_j[1:]`` of each player, in order)."""
        columns = np.flatnonzero(~self.dummy[k])
        return points[:, columns]


def _multilinear(D: np.ndarray, vectors: Sequence[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Contract ``D`` of shape ``(P, d, m_1, ..., m_k)`` with one vector per trailing axis.

    Returns the value ``(P, d)`` and, for each axis ``a``, the contraction with
    every vector but the ``a``-th, ``(P, d, m_a)`` (the partial derivatives).
    Batched matrix products on suffix contractions: ``k (k + 1) / 2`` of them
    rather than ``k + 1`` full multi-operand sums.
    """
    P = len(D)
    k = len(vectors)
    suffix = [D] * (k + 1)
    for a in range(k - 1, -1, -1):  # suffix[a]: the axes from a on contracted
        T = suffix[a + 1]
        inner = prod(T.shape[1:-1])
        suffix[a] = (T.reshape(P, inner, T.shape[-1]) @ vectors[a][:, :, None]).reshape(T.shape[:-1])
    grads = []
    for a in range(k):
        T = suffix[a + 1]  # axes 0..a left; contract the leading ones
        for b in range(a):
            rest = prod(T.shape[3:])
            T = (vectors[b][:, None, None, :] @ T.reshape(P, T.shape[1], T.shape[2], rest)).reshape(T.shape[:2] + T.shape[3:])
        grads.append(T)
    return suffix[0], grads


def _random_complex(rng: np.random.Generator, size: int) -> np.ndarray:
    angle = rng.uniform(0.0, 2.0 * np.pi, size)
    return np.exp(1j * angle) * rng.uniform(0.5, 1.5, size)


def _solve(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Batched ``A^{-1} b``; singular matrices give NaN rows instead of raising."""
    try:
        return np.linalg.solve(A, b[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full(b.shape, np.nan, dtype=complex)
        with np.errstate(invalid="ignore"):
            sv = np.linalg.svd(np.nan_to_num(A), compute_uv=False)
        good = np.flatnonzero(np.all(np.isfinite(A), axis=(1, 2)) & (sv[:, -1] > HOMOTOPY_RANK_RCOND * sv[:, 0]))
        try:
            out[good] = np.linalg.solve(A[good], b[good][..., None])[..., 0]
        except np.linalg.LinAlgError:  # pragma: no cover - a pivot still vanished: one by one
            for k in good:
                try:
                    out[k] = np.linalg.solve(A[k], b[k])
                except np.linalg.LinAlgError:
                    pass
        return out


# ----------------------------------------------------------------------------- tracking


def _velocity(system: _System, x: np.ndarray, t: np.ndarray, which: np.ndarray | None) -> np.ndarray:
    _, Hx, Ht = system.homotopy(x, t, which)
    return -_solve(Hx, Ht)


def _track(
    system: _System, x: np.ndarray, which: np.ndarray, max_step: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Follow every path from ``t = 0`` to 1; end points, a status and the last ``t`` per path.

    Status codes: 0 reached ``t = 1``, 1 diverged, 2 failed.
    """
    P = len(x)
    x = x.copy()
    t = np.zeros(P)
    h = np.full(P, min(FIRST_STEP, max_step))
    streak = np.zeros(P, dtype=int)
    status = np.full(P, -1)
    for _ in range(MAX_STEPS):
        live = np.flatnonzero(status < 0)
        if not len(live):
            break
        xl, tl, hl, w = x[live], t[live], np.minimum(h[live], 1.0 - t[live]), which[live]
        live_system = system.take(w)  # gathered once for the step's evaluations
        # Runge-Kutta predictor
        k1 = _velocity(live_system, xl, tl, None)
        k2 = _velocity(live_system, xl + 0.5 * hl[:, None] * k1, tl + 0.5 * hl, None)
        k3 = _velocity(live_system, xl + 0.5 * hl[:, None] * k2, tl + 0.5 * hl, None)
        k4 = _velocity(live_system, xl + hl[:, None] * k3, tl + hl, None)
        t1 = np.where(hl >= 1.0 - tl, 1.0, tl + hl)
        x1 = xl + (hl / 6.0)[:, None] * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        # Newton corrector at t1, on the rows not yet converged
        iterating = np.all(np.isfinite(x1), axis=1)
        converged = np.zeros(len(live), dtype=bool)
        first = np.full(len(live), np.inf)
        for it in range(CORRECTOR_ITERATIONS):
            rows = np.flatnonzero(iterating & ~converged)
            if not len(rows):
                break
            H, Hx, _ = live_system.homotopy(x1[rows], t1[rows], rows)
            dx = _solve(Hx, H)
            x1[rows] -= dx
            size = np.abs(dx).max(axis=1)
            finite = np.isfinite(size)
            iterating[rows[~finite]] = False
            if it == 0:
                first[rows] = size
            small = size <= CORRECTOR_TOL * (1.0 + np.abs(np.nan_to_num(x1[rows])).max(axis=1))
            converged[rows[finite & small]] = True
        scale = 1.0 + np.abs(np.nan_to_num(x1)).max(axis=1)
        ok = converged & iterating & (first <= 0.1 * scale)
        # accept or shrink
        acc, rej = live[ok], live[~ok]
        x[acc], t[acc] = x1[ok], t1[ok]
        streak[acc] += 1
        grow = acc[streak[acc] >= GROWTH_AFTER]
        h[grow] = np.minimum(2.0 * h[grow], max_step)
        streak[grow] = 0
        h[rej] *= 0.5
        streak[rej] = 0
        status[acc[t[acc] >= 1.0]] = 0
        status[acc[np.abs(x[acc]).max(axis=1) > DIVERGENCE]] = 1
        late = acc[t[acc] >= END_ZONE]
        status[late[_box_distance(x[late]) > END_FAR]] = 1  # cannot end at an equilibrium any more
        status[rej[h[rej] < MIN_STEP]] = 2
    status[status < 0] = 2
    return x, status, t


def _end_game(system: _System, x: np.ndarray, which: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Newton on the target at ``t = 1``; points, whether each is regular and whether it solves the target."""
    for _ in range(END_ITERATIONS):
        F, J = system.target(x, which)
        dx = _solve(J, F)
        step = np.where(np.isfinite(dx), dx, 0.0)
        x = x - step
    F, J = system.target(x, which)
    regular = ~_singular(J)
    solved = np.abs(F).max(axis=1, initial=0.0) <= END_RESIDUAL * (1.0 + np.abs(x).max(axis=1, initial=0.0))
    return x, regular, solved


def _rank_deficient(system: _System, K: int, rng: np.random.Generator) -> np.ndarray:
    """Whether each support's Jacobian is singular at two random complex points (its generic rank
    is below the number of unknowns, so its solutions, if any, form continua)."""
    points = (rng.normal(size=(2 * K, system.N)) + 1j * rng.normal(size=(2 * K, system.N))) / 2.0 + 0.5
    _, J = system.target(points, np.repeat(np.arange(K), 2))
    return _singular(J).reshape(K, 2).all(axis=1)


def _singular(J: np.ndarray) -> np.ndarray:
    """Whether each matrix of a stack has a reciprocal condition number below :data:`SINGULAR_RCOND`."""
    if not J.size:
        return np.zeros(len(J), dtype=bool)
    sv = np.linalg.svd(J, compute_uv=False)
    return sv[:, -1] <= SINGULAR_RCOND * np.maximum(sv[:, 0], TINY)


def _box_distance(points: np.ndarray) -> np.ndarray:
    """Largest distance of a coordinate of each point from ``[0, 1]`` (real and imaginary parts)."""
    real, imag = np.nan_to_num(points.real, nan=np.inf), np.nan_to_num(points.imag, nan=np.inf)
    outside = np.maximum(np.maximum(-real, real - 1.0), np.abs(imag))
    return np.maximum(outside, 0.0).max(axis=1, initial=0.0)


def _distinct(points: np.ndarray) -> tuple[np.ndarray, int]:
    """Distinct points (relative :data:`SAME_POINT`) and how many duplicates there were."""
    kept: list[np.ndarray] = []
    duplicates = 0
    for point in points:
        scale = 1.0 + np.abs(point).max(initial=0.0)
        if any(np.abs(point - other).max(initial=0.0) <= SAME_POINT * scale for other in kept):
            duplicates += 1
        else:
            kept.append(point)
    return (np.array(kept) if kept else np.empty((0, points.shape[1]), dtype=complex)), duplicates


def _is_index(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def track_supports(
    payoffs: Sequence[np.ndarray], profiles: Sequence[Supports], *, rng: Any = None, seed: int | None = None,
    max_step: float = MAX_STEP,
) -> HomotopyResult:
    """Track the homotopy paths of support profiles, all of them together.

    Parameters
    ----------
    payoffs : sequence of numpy.ndarray
        Each player's payoffs (best rescaled to a common range such as
        ``[0, 1]``), all of the game's shape.
    profiles : sequence of tuple of tuple of int
        Support profiles, each with at least two players mixing and a
        nonzero Bezout number (:func:`bezout_number`); their sizes may
        differ.
    rng : numpy.random.Generator or int, optional
        The generator of the random start system and ``gamma`` (its state
        advances), or a non-negative integer seed; None: the fixed :data:`SEED`,
        so that results are reproducible.
    seed : int, optional
        The older name of an integer ``rng`` (give one of the two).
    max_step : float
        Largest step in ``t``, in ``[1 / MAX_STEPS, 1]``; smaller steps make path jumping rarer (below
        ``1 / MAX_STEPS`` no path could reach ``t = 1`` within its steps).

    Returns
    -------
    HomotopyResult
        Candidate solutions per support profile and what went wrong, if
        anything. The candidates are not yet equilibria: they may be complex
        or negative and must be verified.

    Raises
    ------
    TypeError
        If ``payoffs`` is not a sequence of real arrays, ``profiles`` not a
        list of support profiles, ``rng`` not a generator, an integer or
        None, or both ``rng`` and ``seed`` are given.
    ValueError
        If a payoff is not finite, the payoff shapes differ, a profile does
        not fit the game, has fewer than two players mixing or no start
        solution, or the number of paths exceeds :data:`MAX_PATHS`.

    Examples
    --------
    McKelvey and McLennan's 2 x 2 x 2 game has two totally mixed equilibria,
    the Bezout number of its structure:

    >>> import numpy as np
    >>> u = np.zeros((3, 2, 2, 2))
    >>> u[:, 0, 0, 0] = 9, 8, 12
    >>> u[:, 1, 1, 0] = 9, 8, 2
    >>> u[:, 0, 1, 1] = u[:, 1, 0, 1] = 3, 4, 6
    >>> out = track_supports(list(u / 12), [((0, 1), (0, 1), (0, 1))])
    >>> out.paths.tolist(), len(out.roots[0]), out.unresolved(0)
    ([2], 2, False)
    """
    caller = "track_supports()"
    payoffs = payoff_arrays(payoffs, caller)
    if not isinstance(profiles, (list, tuple)) or not all(
        isinstance(profile, (list, tuple))
        and all(isinstance(S, (list, tuple)) and all(_is_index(k) for k in S) for S in profile)
        for profile in profiles
    ):
        raise TypeError(f"{caller}: profiles must be a list of support profiles (one tuple of strategy indices per "
                        f"player); got {profiles!r}")
    if not profiles:
        raise ValueError(f"{caller}: profiles is empty")
    rng = check_rng(SEED if rng is None and seed is None else rng, caller, seed=seed)
    if isinstance(max_step, (bool, np.bool_)) or not isinstance(max_step, (int, float, np.integer, np.floating)):
        raise TypeError(f"{caller}: max_step must be a number; got {max_step!r}")
    if not 0.0 < max_step <= 1.0:
        raise ValueError(f"{caller}: max_step must be in (0, 1]; got {max_step!r}")
    if max_step < 1.0 / MAX_STEPS:
        raise ValueError(
            f"{caller}: max_step={max_step!r} is below 1 / MAX_STEPS = {1.0 / MAX_STEPS:g}: no path could reach t = 1"
        )
    shape = tuple(np.shape(payoffs[0]))
    for profile in profiles:
        sizes = tuple(len(S) for S in profile)
        if len(profile) != len(shape) or any(not S or max(S) >= m or min(S) < 0 for S, m in zip(profile, shape)):
            raise ValueError(f"{caller}: the support profile {profile} does not fit a game of shape {shape}")
        if sum(m > 1 for m in sizes) < 2:
            raise ValueError(f"{caller}: at least two players must mix; the sizes are {sizes}")
        if bezout_number(sizes) == 0:
            raise ValueError(f"{caller}: the support sizes {sizes} give no start solution (no isolated solutions)")
    system = _System(payoffs, profiles, rng)
    start, which = system.start_points()
    K, total = len(profiles), len(start)
    if total > MAX_PATHS:
        raise ValueError(f"{caller}: {total} paths is more than MAX_PATHS={MAX_PATHS}")
    ends = np.empty((total, system.N), dtype=complex)
    status = np.empty(total, dtype=int)
    reached = np.empty(total)
    for lo in range(0, total, BATCH_PATHS):
        part = slice(lo, min(lo + BATCH_PATHS, total))
        ends[part], status[part], reached[part] = _track(system, start[part], which[part], max_step)
    # paths that reached t = 1, and failed ones close to it (slowed down by a singular solution) unless
    # they are so far from the box of probabilities that they cannot end at an equilibrium
    far = _box_distance(ends) > END_FAR
    finished = (status == 0) | ((status == 2) & (reached >= END_ZONE) & ~far)
    last = ends[finished]
    points, regular, solved = _end_game(system, last, which[finished])
    # Newton from a stopped path must stay near it, or it may land on another path's solution
    moved = np.abs(points - last).max(axis=1, initial=0.0)
    solved &= (status[finished] == 0) | (moved <= END_MOVE * (1.0 + np.abs(last).max(axis=1, initial=0.0)))
    owner = which[finished]
    unsolved = ((status == 2) | finished) & ~far
    unsolved[np.flatnonzero(finished)[solved]] = False
    failed = np.bincount(which[unsolved], minlength=K)
    points, regular, owner = points[solved], regular[solved], owner[solved]
    roots, singular = [], []
    jumped = np.zeros(K, dtype=int)
    finite = np.all(np.isfinite(points), axis=1) & (np.abs(np.nan_to_num(points)).max(axis=1, initial=0.0) < DIVERGENCE)
    near = _box_distance(points) <= BOX_MARGIN
    for k in range(K):
        mine = owner == k
        distinct, duplicates = _distinct(system.reduced(points[mine & regular & finite], k))
        roots.append(distinct)
        jumped[k] = duplicates
        singular.append(system.reduced(points[mine & ~regular & finite & near], k))
    return HomotopyResult(
        roots=roots,
        singular=singular,
        failed=failed,
        jumped=jumped,
        paths=np.bincount(which, minlength=K),
        deficient=_rank_deficient(system, K, rng),
    )
