"""Vertices one at a time, by a search of the polytope's graph; equilibria as they are found.

:func:`face_vertices` lists the vertices of ``{z in R^d : z >= 0, C z <= 1}``
(``C`` positive), or of one of its faces, as a generator: a caller that stops
consuming it -- at a count, a deadline, a memory budget -- keeps every vertex
it was given. :func:`progressive_equilibria` builds on it to yield the extreme
equilibria of a bimatrix game one by one. The double description method
(:mod:`leverage.solvers.double_description`) is the faster way to list *every*
vertex, but it yields nothing before it ends; this module is what
:func:`leverage.equilibria` falls back on when a bound stops it.

Inequality ``t < d`` is ``z_t >= 0`` and inequality ``d + r`` is row ``r`` of
``C``. The whole polytope, and any face too large for the direct method below,
is listed by a breadth-first search of its graph, keyed by the bit mask of each
vertex's tight inequalities (a vertex is fixed by its tight set):

- the start is the origin for the whole polytope; for the face on which the
  ``required`` inequalities bind, a vertex from a linear program (HiGHS dual
  simplex), moved onto a vertex of the face along null-space directions if
  need be (an infeasible program: the face is empty);
- at a vertex with tight set ``I``, the edges leave along the extreme rays of
  the cone ``{dz : a_i . dz = 0 (i required), a_i . dz <= 0 (other i in I)}``:
  when ``I`` holds exactly as many inequalities as the face's dimension calls
  for, they are the columns of a matrix inverse; with one more, every pair of
  those across its hyperplane; on a more degenerate vertex (games with 0/1
  payoffs have many) a small double description of the cone, pairs of rays
  being joined when adjacent by the combinatorial test (Fukuda and Prodon
  1996);
- along each ray a ratio test finds the next vertex. Breadth first, the
  paths from the start stay as short as the graph's diameter, so float errors
  do not pile up.

Unlike lexicographic reverse search, which visits one basis per vertex of a
perturbed polytope (hundreds of thousands on a 16 x 16 game with 0/1 payoffs),
the search visits each vertex once, so degeneracy costs only the cone
enumerations. Its price is the set of visited vertices, which is bounded by a
memory budget (:data:`~leverage.solvers.double_description.VERTEX_MEMORY_BUDGET`);
the deadline is checked at every vertex. Tight tests use
:data:`~leverage.solvers.double_description.TIGHT_TOL`, as the double
description method does, so both list the same vertices.

A face of low dimension ``e`` (the null space of the required rows) is listed
directly: with ``e <= 1`` by one ratio test along the line, and otherwise, when
the ``e x e`` systems -- one per choice of ``e`` further rows -- hold at most
:data:`FACE_SOLVE_ENTRIES` entries in all, by solving them at once and keeping
the feasible solutions.

Equilibria: for each vertex ``x != 0`` of ``P = {x >= 0, B^T x <= 1}`` as the
search reaches it, the labels missing from ``x`` must all be labels of ``y``,
so the partners of ``x`` are the vertices of the face of
``Q = {A y <= 1, y >= 0}`` on which those labels bind -- a single point for
most ``x``, a low-dimensional face for most others. Each complete pair is
verified (:func:`~leverage.results.verified_equilibrium`) and yielded at once.
Labels are those of :func:`~leverage.solvers.polytope.vertex_labels`, but the
faces bind exactly: on a game with payoff differences between ``TIGHT_TOL``
and the library's tolerance (in normalised units) the search may miss an
extreme equilibrium that the full enumeration pairs by tolerance, or return
two a hair apart. Games with exact ties (integer or 0/1 payoffs) and generic
games are not affected.

When :func:`leverage.equilibria` uses this module is decided there (see
:mod:`leverage.solvers.enumeration`).

References
----------
K. Fukuda and A. Prodon (1996), "Double description method revisited", in
Combinatorics and Computer Science, LNCS 1120, 91-111.

D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel (2010), "Enumeration of
Nash equilibria for two-player games", Economic Theory 42, 9-37.
"""

from __future__ import annotations

import math
import numbers
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import combinations
from typing import Any

import numpy as np
from scipy.linalg import qr
from scipy.optimize import linprog

from leverage.checks import check_int, real_array
from leverage.game import Game
from leverage.results import Equilibrium, verified_equilibrium
from leverage.solvers.double_description import TIGHT_TOL, VERTEX_MEMORY_BUDGET
from leverage.solvers.polytope import EnumerationStopped, check_deadline, normalized_bimatrix, vertex_labels
from leverage.tolerance import resolve_rtol

__all__ = ["face_vertices", "progressive_equilibria", "FACE_SOLVE_ENTRIES"]

#: Faces whose square systems (one per choice of rows that may fix a vertex) hold at most this many entries
#: in all are listed by solving them at once, not by a graph search.
FACE_SOLVE_ENTRIES = 1 << 15  # measured best of 2**12 .. 2**18 on the 16 x 16 and 20 x 20 0/1 games

#: Bytes of bookkeeping per visited vertex beyond its coordinates and tight set (hash-set entry, int key, stack).
_VERTEX_OVERHEAD = 200


def _check_deadline_arg(deadline: Any, caller: str) -> float | None:
    if deadline is None:
        return None
    if isinstance(deadline, (bool, np.bool_)) or not isinstance(deadline, numbers.Real):
        raise TypeError(f"{caller}: deadline must be a time.monotonic() time or None; got {deadline!r}")
    if np.isnan(float(deadline)):
        raise ValueError(f"{caller}: deadline must be a number, not NaN")
    return float(deadline)


def _check_polytope(C: Any, caller: str) -> np.ndarray:
    C = real_array(C, "C", caller, ndim=2)
    if C.shape[0] < 1 or C.shape[1] < 1:
        raise ValueError(f"{caller}: C must have at least one row and one column; got shape {C.shape}")
    if not np.all(C > 0):
        raise ValueError(f"{caller}: C must have positive entries (so that the polytope is bounded)")
    return C


def _keys(tight: np.ndarray) -> list[bytes]:
    """The tight sets of the columns of ``tight`` (inequalities x points) as byte strings: hashable and compact."""
    packed = np.packbits(tight.T, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view(f"S{packed.shape[1]}").ravel().tolist()


def _rank_tol(s: np.ndarray) -> float:
    return TIGHT_TOL * max(1.0, float(s[0])) if len(s) else 0.0


def _null_space(M: np.ndarray) -> np.ndarray:
    """Orthonormal basis of ``{x : M x = 0}`` as columns."""
    d = M.shape[1]
    if len(M) == 0:
        return np.eye(d)
    _, s, vt = np.linalg.svd(M)
    rank = int(np.sum(s > _rank_tol(s)))
    return vt[rank:].T.copy()


def _popcount(words: np.ndarray) -> np.ndarray:
    """Set bits of each row of 64-bit words, shape ``(..., W) -> (...)``."""
    if hasattr(np, "bitwise_count"):  # numpy >= 2.0
        return np.bitwise_count(words).sum(axis=-1, dtype=np.int64)
    as_bytes = np.ascontiguousarray(words).view(np.uint8)
    return np.unpackbits(as_bytes, axis=-1).sum(axis=-1, dtype=np.int64)


def _bits(rows: np.ndarray, p: int) -> np.ndarray:
    """Boolean rows ``(N, p)`` packed into 64-bit words ``(N, ceil(p / 64))``."""
    W = (p + 63) // 64
    padded = np.zeros((len(rows), 64 * W), dtype=bool)
    padded[:, :p] = rows
    return np.ascontiguousarray(np.packbits(padded, axis=1, bitorder="little")).view("<u8").astype(np.uint64)


def _cone_rays(M: np.ndarray, deadline: float | None, max_rays: int) -> np.ndarray:
    """Extreme rays (columns) of the pointed cone ``{w : M w <= 0}``, ``M`` of full column rank.

    Double description: the rays of the simplicial cone of ``e`` independent
    rows, then one further row at a time; rays on opposite sides of its
    hyperplane are joined when adjacent (at least ``e - 2`` rows are tight at
    both, and no third ray is tight on all of those). Sets of tight rows are
    bit masks.
    """
    p, e = M.shape
    if p < e:  # pragma: no cover - a point whose tight rows do not fix it (numerical trouble): no edges
        return np.zeros((e, 0))
    if p == e:
        rays = -np.linalg.inv(M)
        return rays / np.abs(rays).max(axis=0)
    _, order = qr(M.T, pivoting=True, mode="r", check_finite=False)  # e independent rows first
    basis, rest = order[:e], order[e:]
    rays = -np.linalg.inv(M[basis]).T  # row j: tight on every basis row but j
    rays /= np.abs(rays).max(axis=1, keepdims=True)
    if len(rest) == 1:  # one row too many: every pair across its hyperplane is adjacent
        s = rays @ M[rest[0]]
        pos, neg = np.flatnonzero(s > TIGHT_TOL), np.flatnonzero(s < -TIGHT_TOL)
        u, w = np.repeat(pos, len(neg)), np.tile(neg, len(pos))
        r = s[u, None] * rays[w] - s[w, None] * rays[u]
        r /= np.abs(r).max(axis=1, keepdims=True)
        return np.concatenate([rays[s <= TIGHT_TOL], r]).T
    tight = np.zeros((e, p), dtype=bool)
    tight[:, basis] = True
    tight[np.arange(e), basis] = False
    Z = _bits(tight, p)
    for q in rest:
        check_deadline(deadline)
        s = rays @ M[q]
        above, below = s > TIGHT_TOL, s < -TIGHT_TOL
        pos, neg = np.flatnonzero(above), np.flatnonzero(below)
        bit = _bits(np.arange(p)[None, :] == q, p)[0]
        new_rays, new_Z = [], []
        if len(pos) and len(neg):
            common = Z[pos][:, None, :] & Z[neg][None, :, :]
            a, b = np.nonzero(_popcount(common) >= e - 2)
            common = common[a, b]
            # the pair is tight on all of `common`; an edge needs no third ray to be
            inside = np.all((Z[None, :, :] & common[:, None, :]) == common[:, None, :], axis=2)
            ok = inside.sum(axis=1) == 2
            u, w = pos[a[ok]], neg[b[ok]]
            r = s[u, None] * rays[w] - s[w, None] * rays[u]
            new_rays.append(r / np.abs(r).max(axis=1, keepdims=True))
            new_Z.append(common[ok] | bit)
        Z[~(above | below)] |= bit
        rays = np.concatenate([rays[~above], *new_rays])
        Z = np.concatenate([Z[~above], *new_Z])
        if len(rays) > max_rays:
            raise EnumerationStopped("memory")
    return rays.T


class _Polytope:
    """``{z : G z <= h}`` with ``G = [-I; C]``, ``h = [0; 1]``, and the search over one of its faces."""

    def __init__(self, C: np.ndarray) -> None:
        k, d = C.shape
        self.d = d
        self.G = np.concatenate([-np.eye(d), C])
        self.h = np.concatenate([np.zeros(d), np.ones(k)])

    def slack(self, z: np.ndarray) -> np.ndarray:
        return self.h - self.G @ z

    def start(self, required: np.ndarray) -> np.ndarray | None:
        """A vertex of the face where ``required`` binds (the origin if none is), or None if the face is empty."""
        d, G, h = self.d, self.G, self.h
        if len(required) == 0:
            return np.zeros(d)
        G_R, h_R = G[required], h[required]
        res = linprog(-np.ones(d), A_ub=G, b_ub=h, A_eq=G_R, b_eq=h_R, bounds=(None, None), method="highs-ds")
        if res.status != 0:
            return None  # infeasible: the face is empty
        z = self.to_vertex(res.x, required)
        if z is None or np.abs(G_R @ z - h_R).max() > TIGHT_TOL or self.slack(z).min() < -TIGHT_TOL:
            return None
        return z

    def to_vertex(self, z: np.ndarray, required: np.ndarray) -> np.ndarray | None:
        """Move a point of the face along null-space directions of its tight rows until they fix it."""
        for _ in range(self.d + 1):
            tight = self.slack(z) <= TIGHT_TOL
            tight[required] = True
            N = _null_space(self.G[tight])
            if N.shape[1] == 0:
                return np.linalg.lstsq(self.G[tight], self.h[tight], rcond=None)[0]
            u = N[:, 0]
            Gu = self.G @ u
            if not np.any(Gu > TIGHT_TOL):
                u, Gu = -u, -Gu
            up = Gu > TIGHT_TOL
            z = z + u * max(0.0, float(np.min(self.slack(z)[up] / Gu[up])))
        return None  # pragma: no cover - each step fixes one more direction

    def small_face(self, required: np.ndarray) -> list[np.ndarray] | None:
        """Every vertex other than the origin of the face; None if that takes more than :data:`FACE_SOLVE_ENTRIES`.

        The face is ``{y0 + N w : A w <= b}`` in coordinates ``w`` on the null
        space ``N`` of the required rows (``e`` dimensions). With ``e <= 1`` its
        vertices come from one ratio test; otherwise each choice of ``e`` rows
        of ``A`` is an ``e x e`` system, and all of them are solved at once.
        """
        G, h = self.G, self.h
        G_R, h_R = G[required], h[required]
        u, sv, vt = np.linalg.svd(G_R)
        rank = int(np.sum(sv > _rank_tol(sv)))
        y0 = vt[:rank].T @ ((u[:, :rank].T @ h_R) / sv[:rank])  # least-norm solution of G_R y = h_R
        if np.abs(G_R @ y0 - h_R).max() > TIGHT_TOL:
            return []  # the required equations are inconsistent
        if rank == self.d:  # one point
            feasible = (h - G @ y0).min() >= -TIGHT_TOL and y0.sum() > TIGHT_TOL
            return [np.maximum(y0, 0.0)] if feasible else []
        N = vt[rank:].T
        e = N.shape[1]
        free = np.ones(len(G), dtype=bool)
        free[required] = False
        rest = np.flatnonzero(free)
        A, b = G[rest] @ N, h[rest] - G[rest] @ y0
        flat = np.abs(A).max(axis=1, initial=0.0) <= TIGHT_TOL  # rows the face cannot move
        if np.any(b[flat] < -TIGHT_TOL):
            return []
        A, b = A[~flat], b[~flat]
        if e == 1:
            a = A[:, 0]
            up, down = a > 0, a < 0
            hi, lo = np.min(b[up] / a[up], initial=np.inf), np.max(b[down] / a[down], initial=-np.inf)
            W = np.array([[lo], [hi]]) if lo <= hi + TIGHT_TOL else np.zeros((0, 1))
        else:
            count = math.comb(len(A), e)
            if count * e * e > FACE_SOLVE_ENTRIES:
                return None
            rows = np.array(list(combinations(range(len(A)), e)), dtype=np.int64).reshape(count, e)
            systems = A[rows]
            volume = np.abs(np.linalg.det(systems)) / np.prod(np.linalg.norm(systems, axis=2), axis=1)
            regular = volume > TIGHT_TOL
            W = np.linalg.solve(systems[regular], b[rows[regular]][:, :, None])[:, :, 0]
        Z = y0 + W @ N.T
        slack = h - Z @ G.T
        ok = (slack.min(axis=1, initial=0.0) >= -TIGHT_TOL) & (Z.sum(axis=1) > TIGHT_TOL)
        Z, tight = Z[ok], slack[ok] <= TIGHT_TOL
        _, first = np.unique(np.array(_keys(tight.T), dtype=object), return_index=True)
        return [np.maximum(Z[i], 0.0) for i in np.sort(first)]

    def search(self, required: np.ndarray, deadline: float | None, memory_budget: int) -> Iterator[np.ndarray]:
        """Breadth-first search of the face's graph (paths stay short, so float errors do not pile up)."""
        d, G, h = self.d, self.G, self.h
        check_deadline(deadline)
        if len(required):
            vertices = self.small_face(required)
            if vertices is not None:
                yield from vertices
                return
        start = self.start(required)  # faces of two or more dimensions from here on
        if start is None:
            return
        N = _null_space(G[required])
        free_rows = np.ones(len(G), dtype=bool)
        free_rows[required] = False
        whole = len(required) == 0
        max_vertices = max(1, memory_budget // (8 * d + len(G) + _VERTEX_OVERHEAD))
        max_rays = max(d + 1, memory_budget // (8 * (d + len(G))))
        tight = self.slack(start) <= TIGHT_TOL
        visited = set(_keys(tight[:, None]))
        queue = deque([(start, tight)])
        if start.sum() > TIGHT_TOL:
            yield np.maximum(start, 0.0)
        while queue:
            check_deadline(deadline)
            v, tight = queue.popleft()
            rows = np.flatnonzero(tight & free_rows)
            M = G[rows] if whole else G[rows] @ N
            dirs = _cone_rays(M, deadline, max_rays)
            if not whole:
                dirs = N @ dirs
            Gd = G @ dirs
            Gd[tight] = 0.0  # along an edge these stay within tolerance
            up = Gd > TIGHT_TOL
            with np.errstate(divide="ignore"):
                ratio = np.where(up, (h - G @ v)[:, None] / np.where(up, Gd, 1.0), np.inf)
            step = ratio.min(axis=0)
            W = v[:, None] + dirs[:, np.isfinite(step)] * step[np.isfinite(step)]  # (bounded: always finite)
            tight_W = (h[:, None] - G @ W) <= TIGHT_TOL
            for j, key in enumerate(_keys(tight_W)):
                if key in visited:
                    continue
                visited.add(key)
                if len(visited) > max_vertices:
                    raise EnumerationStopped("memory")
                w = W[:, j].copy()  # a view would keep all of W alive while w waits in the queue
                queue.append((w, tight_W[:, j].copy()))
                if w.sum() > TIGHT_TOL:
                    yield np.maximum(w, 0.0)


def face_vertices(
    C: np.ndarray,
    required: Iterable[int] = (),
    *,
    deadline: float | None = None,
    memory_budget: int = VERTEX_MEMORY_BUDGET,
) -> Iterator[np.ndarray]:
    """Vertices other than the origin of ``{z >= 0, C z <= 1}``, or of a face of it, one at a time.

    Parameters
    ----------
    C : numpy.ndarray
        Shape ``(k, d)``, positive entries (``k, d >= 1``).
    required : iterable of int
        Inequalities that must bind: ``t < d`` is ``z_t >= 0``, ``d + r`` is
        row ``r`` of ``C``. Empty (the default): the whole polytope.
    deadline : float, optional
        A :func:`time.monotonic` time; the generator raises
        :class:`~leverage.solvers.polytope.EnumerationStopped` (``"time_limit"``)
        at the first vertex after it.
    memory_budget : int
        Bytes the record of visited vertices may take (default
        :data:`~leverage.solvers.double_description.VERTEX_MEMORY_BUDGET`);
        past it the generator raises ``EnumerationStopped("memory")``.

    Returns
    -------
    iterator of numpy.ndarray
        Each vertex once, shape ``(d,)``, as soon as the search reaches it (the
        arguments are checked at the call, the search runs as it is consumed).

    Raises
    ------
    TypeError, ValueError
        If ``C`` is not a 2-D array of positive finite numbers, ``required``
        not a collection of inequality indices, ``deadline`` not a number or
        ``memory_budget`` not a positive integer.

    Examples
    --------
    The vertices of a 2 x 2 game's polytope, then those on which ``z_0 = 0``
    binds:

    >>> C = np.array([[1.0, 2.0], [2.0, 1.0]])
    >>> V = np.array(list(face_vertices(C)))
    >>> np.round(V[np.lexsort(V.T)], 6)
    array([[0.5     , 0.      ],
           [0.333333, 0.333333],
           [0.      , 0.5     ]])
    >>> [v.tolist() for v in face_vertices(C, required=[0])]
    [[0.0, 0.5]]

    The generator can be left early; the vertices it gave are final:

    >>> from itertools import islice
    >>> len(list(islice(face_vertices(C), 2)))
    2
    """
    caller = "face_vertices()"
    C = _check_polytope(C, caller)
    k, d = C.shape
    if isinstance(required, (str, bytes)) or not isinstance(required, Iterable):
        raise TypeError(f"{caller}: required must be a collection of inequality indices; got {required!r}")
    indices = []
    for r in required:
        indices.append(check_int(r, "required", caller, low=0, high=k + d - 1))
    deadline = _check_deadline_arg(deadline, caller)
    memory_budget = check_int(memory_budget, "memory_budget", caller, low=1)
    return _face(C, np.unique(np.array(indices, dtype=np.int64)), deadline, memory_budget)


def _face(C: np.ndarray, required: np.ndarray, deadline: float | None, memory_budget: int) -> Iterator[np.ndarray]:
    # the vertices of {C z <= 1} are f times those of {f C z <= 1}; with f a power of two that brings the largest
    # entry to [0.5, 1), the scaling is exact and the absolute thresholds keep their meaning at any magnitude
    f = math.ldexp(1.0, -math.frexp(float(C.max()))[1])
    for z in _Polytope(f * C).search(required, deadline, memory_budget):
        yield f * z


def progressive_equilibria(
    game: Game,
    rtol: float | None = None,
    *,
    deadline: float | None = None,
    memory_budget: int = VERTEX_MEMORY_BUDGET,
    tol: float | None = None,
) -> Iterator[Equilibrium]:
    """Extreme equilibria of a bimatrix game, verified, one at a time as the vertex search finds them.

    Every extreme equilibrium is yielded once the generator is exhausted (each
    once, up to float noise: de-duplicate with
    :func:`~leverage.results.unique_equilibria`); a consumer may stop at any
    point and keep what it has.

    Parameters
    ----------
    game : Game
        A two-player game.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).
    deadline : float, optional
        A :func:`time.monotonic` time; past it the generator raises
        :class:`~leverage.solvers.polytope.EnumerationStopped` (``"time_limit"``).
    memory_budget : int
        Bytes each polytope's record of visited vertices may take; past it the
        generator raises ``EnumerationStopped("memory")``.

    Returns
    -------
    iterator of Equilibrium
        Verified equilibria (method ``"vertex"``).

    Raises
    ------
    TypeError, ValueError
        If ``game`` is not a two-player :class:`~leverage.Game`, or ``tol``,
        ``deadline`` or ``memory_budget`` is invalid.
    leverage.UnverifiedEquilibriumError
        While consuming, if a complete pair fails verification.

    Notes
    -----
    The vertices ``x`` come in the order of a breadth-first search from the
    origin, and each one's partners at once, so equilibria arrive from the
    start: on the 20 x 20 game with 0/1 payoffs, whose polytopes the double
    description method cannot list within its memory budget, about 1,700 in
    the first second. Faces bind exactly, not by tolerance: see the module
    notes on payoff differences at the tolerance's scale.

    Examples
    --------
    >>> from leverage import Game
    >>> bos = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> sorted(np.round(eq.strategies[0], 4).tolist() for eq in progressive_equilibria(bos))
    [[0.0, 1.0], [0.6667, 0.3333], [1.0, 0.0]]
    """
    caller = "progressive_equilibria()"
    if not isinstance(game, Game):
        raise TypeError(f"{caller}: game must be a leverage.Game; got {type(game).__name__}")
    if game.n_players != 2:
        raise ValueError(f"{caller}: game must have two players; got {game.n_players}")
    rtol = resolve_rtol(rtol, tol, "progressive_equilibria")
    deadline = _check_deadline_arg(deadline, caller)
    memory_budget = check_int(memory_budget, "memory_budget", caller, low=1)
    return _equilibria(game, rtol, deadline, memory_budget)


def _equilibria(game: Game, rtol: float, deadline: float | None, memory_budget: int) -> Iterator[Equilibrium]:
    A, B = game.payoffs
    m, n = A.shape
    An, Bn = normalized_bimatrix(A, B)
    P, Q = _Polytope(Bn.T), _Polytope(An)
    # label l < m: x_l = 0 or row l of A binds at y (Q's inequality n + l); label m + j: column j binds at x
    # or y_j = 0 (Q's inequality j)
    to_q = np.concatenate([np.arange(n, n + m), np.arange(n)])
    for x in P.search(np.zeros(0, dtype=np.int64), deadline, memory_budget):
        lx = vertex_labels(x[None], Bn.T, rtol)[0]
        required = np.sort(to_q[~lx])  # never empty: some x_i > 0
        for y in Q.search(required, deadline, memory_budget):
            ly = vertex_labels(y[None], An, rtol)[0]
            if not np.all(lx | np.concatenate([ly[n:], ly[:n]])):
                continue  # pragma: no cover - the face holds only y carrying every missing label
            yield verified_equilibrium(game, (x / x.sum(), y / y.sum()), "vertex", rtol)
