"""Best-response polytopes of a bimatrix game and complete labelling.

For a bimatrix game ``(A, B)`` with payoffs rescaled to lie in ``[1, 2]`` (a
positive affine change per player, which leaves the equilibria unchanged), the
best-response polytopes are (von Stengel 2007, eq. 3.8)::

    P = {x in R^m : x >= 0, B^T x <= 1}
    Q = {y in R^n : A y <= 1, y >= 0}

Label ``i < m`` marks ``x_i = 0`` or a binding row ``(A y)_i = 1``; label
``m + j`` marks a binding column ``(B^T x)_j = 1`` or ``y_j = 0``. A pair of
vertices ``(x, y) != (0, 0)`` that carries every label is an extreme Nash
equilibrium after normalisation, and every extreme equilibrium arises this
way, degenerate games included (vertices may then carry more labels than their
dimension).

This module holds what the vertex and support methods share: the rescaling, the
labels of a vertex, the matching of complete pairs (in blocks of bounded
memory) and the exception that stops an enumeration at a bound
(:class:`EnumerationStopped`). The methods differ only in how they list the
vertices.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

import numpy as np

from leverage.checks import real_array
from leverage.tolerance import RTOL, TINY, PROBABILITY_LABEL_TOL as _PROBABILITY_LABEL_TOL

# Internal helpers, not in __all__: other leverage modules import them by name. The enumeration machinery
# (normalized_bimatrix, vertex_labels, complete_pairs, complete_pair_blocks, pack_labels, check_deadline,
# labelled_vertices, extreme_equilibrium_candidates) runs on data a public function has checked and does not
# check it again; check_polytope and unit_scale are the argument check and the scaling of the public vertex
# enumerators.
__all__ = [
    "EnumerationStopped",
    "PROBABILITY_LABEL_TOL",
    "PAIR_BLOCK_WORDS",
]

#: A vertex coordinate below this (relative to the coordinate sum) counts as zero.
PROBABILITY_LABEL_TOL = _PROBABILITY_LABEL_TOL

#: Largest number of 64-bit words compared at once when vertices with surplus labels are paired.
PAIR_BLOCK_WORDS = 1 << 22


class EnumerationStopped(Exception):
    """An enumeration stopped at a bound before it finished.

    Raised inside the solvers and caught by :func:`leverage.equilibria`,
    which returns what was found and says why the list is incomplete.

    Parameters
    ----------
    reason : str
        ``"time_limit"`` (the deadline passed) or ``"memory"`` (an
        intermediate result would have outgrown its budget).

    Examples
    --------
    >>> EnumerationStopped("time_limit").reason
    'time_limit'
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_deadline(deadline: float | None) -> None:
    """Raise :class:`EnumerationStopped` if the :func:`time.monotonic` ``deadline`` has passed.

    Examples
    --------
    >>> check_deadline(None)
    >>> check_deadline(time.monotonic() - 1.0)
    Traceback (most recent call last):
    ...
    leverage.solvers.polytope.EnumerationStopped: time_limit
    """
    if deadline is not None and time.monotonic() > deadline:
        raise EnumerationStopped("time_limit")


def check_polytope(C: Any, caller: str, deadline: Any = None) -> np.ndarray:
    """``C`` of a polytope ``{z >= 0, C z <= 1}`` as a float array: 2-D, nonempty, finite, positive.

    Also checks that ``deadline`` is None or a real number (a :func:`time.monotonic` time).
    The vertex enumerators of leverage call it first.

    Examples
    --------
    >>> check_polytope([[1, 2], [2, 1]], "polytope_vertices()")
    array([[1., 2.],
           [2., 1.]])
    >>> check_polytope([[1.0, 0.0]], "polytope_vertices()")
    Traceback (most recent call last):
    ...
    ValueError: polytope_vertices(): C must have positive entries (the polytope must be bounded); got min 0.0
    """
    arr = real_array(C, "C", caller, ndim=2)
    if arr.size == 0:
        raise ValueError(f"{caller}: C must be nonempty; got shape {arr.shape}")
    if not np.all(arr > 0):
        raise ValueError(f"{caller}: C must have positive entries (the polytope must be bounded); got min {float(arr.min())!r}")
    if deadline is not None and not (isinstance(deadline, (int, float, np.integer, np.floating))
                                     and not isinstance(deadline, (bool, np.bool_))):
        raise TypeError(f"{caller}: deadline must be a time.monotonic() time or None; got {deadline!r}")
    return arr


#: Polytopes whose largest entry of ``C`` lies within ``2**-UNIT_EXPONENT`` and ``2**UNIT_EXPONENT`` are
#: enumerated as given; others are first scaled by a power of two (exactly) to entries at most 1.
UNIT_EXPONENT = 10


def unit_scale(C: np.ndarray) -> float:
    """A power of two ``f`` such that ``f * C`` has its largest entry in ``[0.5, 1)``, or 1 when ``C`` is moderate.

    The vertices of ``{z >= 0, C z <= 1}`` are ``f`` times those of
    ``{z >= 0, f C z <= 1}``; scaling by a power of two is exact, and keeps
    the absolute thresholds of the enumerators (vertex sums, feasibility
    slack) meaningful for payoffs of any magnitude.

    Examples
    --------
    >>> unit_scale(np.array([[1.0, 2.0]])), unit_scale(np.array([[3e300]])) * 3e300
    (1.0, 0.5599...)
    """
    exponent = math.frexp(float(np.max(C)))[1]
    return 1.0 if -UNIT_EXPONENT <= exponent <= UNIT_EXPONENT else math.ldexp(1.0, -exponent)


def rescaled_payoffs(
    M: np.ndarray, axis: int | tuple[int, ...] = (-2, -1)
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rescale each game's payoffs affinely to ``[1, 2]``; a game with constant payoffs becomes all 1.

    The one implementation of the rescaling that the per-game enumerations
    (:func:`normalized_bimatrix`) and the batched solver
    (:func:`leverage.solvers.batch.solve_batch`) apply before listing
    vertices: ``(M - lo) / (hi - lo) + 1`` per game, a positive affine change
    that leaves the equilibria unchanged.

    Parameters
    ----------
    M : numpy.ndarray
        One player's payoffs. ``axis`` names the axes of one game; every other
        axis indexes games: ``(N, m, n)`` with the default, a single game
        ``(m, n)``, or games last, ``(m, n, N)`` with ``axis=(0, 1)``.
    axis : int or tuple of int
        The payoff axes of one game.

    Returns
    -------
    rescaled : numpy.ndarray
        The rescaled payoffs, a new float array of the shape of ``M``.
    lo, spread : numpy.ndarray
        Each game's smallest payoff and payoff range ``max - min``, with the
        payoff axes kept (length 1), so that they broadcast against ``M``.

    Examples
    --------
    >>> M = np.array([[[0.0, 4.0], [2.0, 0.0]], [[3.0, 3.0], [3.0, 3.0]]])
    >>> rescaled, lo, spread = rescaled_payoffs(M)
    >>> rescaled
    array([[[1. , 2. ],
            [1.5, 1. ]],
    <BLANKLINE>
           [[1. , 1. ],
            [1. , 1. ]]])
    >>> lo.ravel(), spread.ravel()
    (array([0., 3.]), array([4., 0.]))
    """
    lo = M.min(axis=axis, keepdims=True)
    spread = M.max(axis=axis, keepdims=True) - lo
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (M - lo) / spread + 1.0
    if not np.all(spread > 0):
        out[np.broadcast_to(spread <= 0, out.shape)] = 1.0
    return out, lo, spread


def normalized_bimatrix(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rescale each player's payoffs affinely to ``[1, 2]`` (constant payoffs become 1): :func:`rescaled_payoffs`.

    Examples
    --------
    >>> A, B = normalized_bimatrix(np.array([[0., 4.], [2., 0.]]), np.array([[3., 3.], [3., 3.]]))
    >>> A
    array([[1. , 2. ],
           [1.5, 1. ]])
    >>> B
    array([[1., 1.],
           [1., 1.]])
    """
    return rescaled_payoffs(np.asarray(A, dtype=float))[0], rescaled_payoffs(np.asarray(B, dtype=float))[0]


def vertex_labels(V: np.ndarray, C: np.ndarray, rtol: float = RTOL) -> np.ndarray:
    """Labels of points of the polytope ``{z >= 0, C z <= 1}``.

    Parameters
    ----------
    V : numpy.ndarray
        Points, shape ``(N, d)``.
    C : numpy.ndarray
        Constraint matrix, shape ``(k, d)``, entries in ``[1, 2]``.
    rtol : float
        The library's relative tolerance: a constraint ``(C z)_j <= 1`` binds
        when ``1 - (C z)_j <= rtol * sum(z)``, which is the tolerance rule in
        the normalised payoff units (payoff range 1).

    Returns
    -------
    numpy.ndarray
        Boolean array ``(N, d + k)``: first the ``d`` labels ``z_i = 0``, then
        the ``k`` labels of binding constraints.

    Examples
    --------
    The triangle ``{z >= 0, z_1 + z_2 <= 1}``: its two vertices other than the
    origin carry two labels each, an interior point none.

    >>> vertex_labels(np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.25]]), np.array([[1.0, 1.0]]))
    array([[False,  True,  True],
           [ True, False,  True],
           [False, False, False]])
    """
    total = V.sum(axis=1, keepdims=True)
    zero = V <= PROBABILITY_LABEL_TOL * np.maximum(total, TINY)
    binding = 1.0 - V @ C.T <= rtol * total
    return np.concatenate([zero, binding], axis=1)


def pack_labels(labels: np.ndarray) -> np.ndarray:
    """Pack a boolean label matrix ``(N, L)`` into 64-bit words ``(N, ceil(L / 64))``; label ``l`` is bit ``l``.

    Examples
    --------
    >>> pack_labels(np.array([[True, False, True], [False, True, False]]))
    array([[5],
           [2]], dtype=uint64)
    """
    N, L = labels.shape
    W = max(1, (L + 63) // 64)
    padded = np.zeros((N, 64 * W), dtype=bool)
    padded[:, :L] = labels
    as_bytes = np.packbits(padded, axis=1, bitorder="little")
    return np.ascontiguousarray(as_bytes).view("<u8").astype(np.uint64)


def _full_mask(L: int) -> np.ndarray:
    return pack_labels(np.ones((1, L), dtype=bool))[0]


def complete_pair_blocks(
    LX: np.ndarray, LY: np.ndarray, m: int, deadline: float | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Indices ``(a, b)`` of vertex pairs whose labels together cover every label, block by block.

    Vertices of a simple polytope carry exactly as many labels as their
    dimension; for those, a pair is complete exactly when the two label sets
    are complementary, which is matched by sorting bit masks in
    ``O(N log N)``. Vertices with surplus labels (degenerate games) are
    matched against all others by bit operations on blocks of at most
    :data:`PAIR_BLOCK_WORDS` words, so memory stays bounded whatever the
    number of vertices.

    Parameters
    ----------
    LX, LY : numpy.ndarray
        Boolean label matrices ``(Nx, L)`` and ``(Ny, L)`` in the same label order.
    m : int
        Dimension of the first polytope (``L - m`` is the second's).
    deadline : float, optional
        A :func:`time.monotonic` time; :class:`EnumerationStopped` is raised
        between blocks once it has passed.

    Yields
    ------
    tuple of numpy.ndarray
        Row indices into ``LX`` and ``LY``; each complete pair once.

    Examples
    --------
    >>> LX = np.array([[True, False, True, False], [False, True, False, True]])
    >>> LY = np.array([[False, True, False, True], [True, False, True, False]])
    >>> [(a.tolist(), b.tolist()) for a, b in complete_pair_blocks(LX, LY, 2)]
    [([0, 1], [0, 1])]
    """
    L = LX.shape[1]
    n = L - m
    kx, ky = pack_labels(LX), pack_labels(LY)
    W = kx.shape[1]
    full = _full_mask(L)
    extra_x = LX.sum(axis=1) > m
    extra_y = LY.sum(axis=1) > n
    ax, by = np.flatnonzero(~extra_x), np.flatnonzero(~extra_y)
    if len(ax) and len(by):
        # simple vertices: the complement of x's labels must be exactly y's
        want = full ^ kx[ax]
        weights = np.random.default_rng(12345).integers(1, 2**63, W, dtype=np.uint64) | np.uint64(1)
        hy = (ky[by] * weights).sum(axis=1, dtype=np.uint64)
        hx = (want * weights).sum(axis=1, dtype=np.uint64)
        order = np.argsort(hy, kind="stable")
        sorted_keys = hy[order]
        left = np.searchsorted(sorted_keys, hx, side="left")
        counts = np.searchsorted(sorted_keys, hx, side="right") - left
        total = int(counts.sum())
        if total:
            a_idx = np.repeat(np.arange(len(ax)), counts)
            offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            b_idx = order[np.repeat(left, counts) + offsets]
            same = np.all(want[a_idx] == ky[by][b_idx], axis=1)
            yield ax[a_idx[same]], by[b_idx[same]]
    # pairs with at least one vertex carrying surplus labels: the union must be full
    dx, dy = np.flatnonzero(extra_x), np.flatnonzero(extra_y)
    for rows, cols in ((dx, np.arange(len(ky))), (ax, dy)):
        if not len(rows) or not len(cols):
            continue
        for a, b, _ in union_complete_pairs(kx[:, None, :], ky[:, None, :], full, rows, cols,
                                            8 * PAIR_BLOCK_WORDS, deadline):
            if len(a):
                yield a, b


def union_complete_pairs(
    kx: np.ndarray,
    ky: np.ndarray,
    full: np.ndarray,
    rows_x: np.ndarray | None = None,
    rows_y: np.ndarray | None = None,
    block_bytes: int = 8 * PAIR_BLOCK_WORDS,
    deadline: float | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Vertex pairs whose labels together are every label, for many games at once, block by block.

    The one test of complete pairs of the per-game enumeration (for vertices
    with surplus labels, :func:`complete_pair_blocks`) and of the batched one
    (:func:`leverage.solvers.batch.solve_batch`): the union of the two label
    masks must be ``full``. Complete pairs are sparse, so each block's boolean
    array is scanned eight bytes at a time.

    Parameters
    ----------
    kx, ky : numpy.ndarray
        Label bit masks of shapes ``(Vx, G, W)`` and ``(Vy, G, W)``: vertex,
        game, word (unsigned integers).
    full : numpy.ndarray
        The mask of every label, shape ``(W,)``.
    rows_x, rows_y : numpy.ndarray, optional
        The vertices to pair (default: all).
    block_bytes : int
        Bound on the memory of one block.
    deadline : float, optional
        A :func:`time.monotonic` time; :class:`EnumerationStopped` is raised
        between blocks once it has passed.

    Yields
    ------
    tuple of numpy.ndarray
        ``(a, b, g)``: vertex ``a`` of ``kx`` and ``b`` of ``ky`` make a
        complete pair in game ``g``.

    Examples
    --------
    >>> kx = np.array([[[0b0101]], [[0b0011]]], dtype=np.uint64)
    >>> ky = np.array([[[0b1010]], [[0b1100]]], dtype=np.uint64)
    >>> [tuple(x.tolist() for x in p) for p in union_complete_pairs(kx, ky, np.array([0b1111], dtype=np.uint64))]
    [([0, 1], [0, 1], [0, 0])]
    """
    Vx, G, W = kx.shape
    rows_x = np.arange(Vx) if rows_x is None else rows_x
    rows_y = np.arange(ky.shape[0]) if rows_y is None else rows_y
    kyc = ky[rows_y]
    width = max(1, len(rows_y) * G * (W * kx.dtype.itemsize + 1))
    step = max(1, block_bytes // width)
    for start in range(0, len(rows_x), step):
        check_deadline(deadline)
        block = rows_x[start : start + step]
        size = len(block) * len(rows_y) * G
        buf = np.zeros(-(-size // 8) * 8, dtype=bool)
        out = buf[:size].reshape(len(block), len(rows_y), G)
        if W == 1:
            np.equal(kx[block][:, None, :, 0] | kyc[None, :, :, 0], full[0], out=out)
        else:
            np.all((kx[block][:, None] | kyc[None]) == full, axis=-1, out=out)
        words = np.flatnonzero(buf.view(np.uint64))
        row, col = np.nonzero(buf.reshape(-1, 8)[words])
        ab, g = np.divmod(words[row] * 8 + col, G)
        a, b = np.divmod(ab, len(rows_y))
        yield block[a], rows_y[b], g


def complete_pairs(LX: np.ndarray, LY: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(a, b)`` of vertex pairs whose labels together cover every label.

    All blocks of :func:`complete_pair_blocks` at once.

    Parameters
    ----------
    LX, LY : numpy.ndarray
        Boolean label matrices ``(Nx, L)`` and ``(Ny, L)`` in the same label order.
    m : int
        Dimension of the first polytope (``L - m`` is the second's).

    Returns
    -------
    tuple of numpy.ndarray
        Row indices into ``LX`` and ``LY``.

    Examples
    --------
    Four labels, two per polytope: each vertex pairs with the one carrying the
    other two labels.

    >>> LX = np.array([[True, False, True, False], [False, True, False, True]])
    >>> LY = np.array([[False, True, False, True], [True, False, True, False]])
    >>> complete_pairs(LX, LY, 2)
    (array([0, 1]), array([0, 1]))

    A vertex with a surplus label (a degenerate game) needs only the rest:

    >>> complete_pairs(np.array([[True, True, True, False]]),
    ...                np.array([[False, False, True, True], [True, True, False, False]]), 2)
    (array([0]), array([0]))
    """
    blocks = list(complete_pair_blocks(LX, LY, m))
    if not blocks:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    return np.concatenate([a for a, _ in blocks]), np.concatenate([b for _, b in blocks])


@lru_cache(maxsize=64)
def _projection(d: int) -> np.ndarray:
    """A fixed random direction used to hash rows."""
    return np.random.default_rng(12345).random(d)


def unique_rows(V: np.ndarray, decimals: int = 9, labels: np.ndarray | None = None) -> np.ndarray:
    """Indices of the first occurrence of each distinct row (rounded), in order.

    Rows are compared after rounding to ``decimals`` digits relative to the
    largest entry -- and, when ``labels`` are given, only rows with the same
    labels count as equal, so that two vertices a hair apart but with
    different labels (a game with payoff differences below the tolerance)
    both survive. The comparison hashes each rounded row to one float by a
    fixed random projection, then confirms equal hashes row by row.

    Examples
    --------
    >>> unique_rows(np.array([[1.0, 0.0], [0.5, 0.5], [1.0, 1e-15]]))
    array([0, 1])
    >>> unique_rows(np.array([[1.0, 0.0], [1.0, 1e-15]]), labels=np.array([[True], [False]]))
    array([0, 1])
    """
    if len(V) == 0:
        return np.array([], dtype=np.int64)
    scale = np.abs(V).max()
    key = np.round(V / (scale if scale > 0 else 1.0), decimals) + 0.0
    if labels is not None:
        key = np.concatenate([key, labels.astype(float)], axis=1)
    projection = key @ _projection(key.shape[1])
    order = np.argsort(projection, kind="stable")
    sorted_keys = key[order]
    new_group = np.ones(len(V), dtype=bool)
    new_group[1:] = np.any(sorted_keys[1:] != sorted_keys[:-1], axis=1)
    return np.sort(order[new_group])


VertexLister = Callable[[np.ndarray], np.ndarray]


def labelled_vertices(C: np.ndarray, list_vertices: VertexLister, rtol: float = RTOL) -> tuple[np.ndarray, np.ndarray]:
    """The distinct vertices of ``{z >= 0, C z <= 1}`` other than the origin, with their labels.

    Parameters
    ----------
    C : numpy.ndarray
        Constraint matrix, shape ``(k, d)``, entries in ``[1, 2]``.
    list_vertices : callable
        ``list_vertices(C)`` returns the vertices other than the origin,
        shape ``(N, d)`` (repeats allowed: they are removed here, after labelling).
    rtol : float
        The library's relative tolerance (see :func:`vertex_labels`).

    Returns
    -------
    V : numpy.ndarray
        Vertices, shape ``(N, d)``.
    labels : numpy.ndarray
        Their labels, shape ``(N, d + k)``: first ``z_i = 0``, then binding rows.

    Examples
    --------
    >>> V, labels = labelled_vertices(np.array([[1.0, 1.0]]), lambda C: np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]))
    >>> V
    array([[1., 0.],
           [0., 1.]])
    >>> labels
    array([[False,  True,  True],
           [ True, False,  True]])
    """
    V = list_vertices(C)
    labels = vertex_labels(V, C, rtol)
    keep = unique_rows(V, labels=labels)
    return V[keep], labels[keep]


def extreme_equilibrium_candidates(
    A: np.ndarray, B: np.ndarray, list_vertices: VertexLister, rtol: float = RTOL
) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray, np.ndarray]:
    """Completely labelled vertex pairs of the best-response polytopes.

    Parameters
    ----------
    A, B : numpy.ndarray
        The bimatrix game.
    list_vertices : callable
        ``list_vertices(C)`` returns the vertices of ``{z >= 0, C z <= 1}``
        other than the origin, shape ``(N, d)`` (repeats allowed: they are
        removed here, after labelling).
    rtol : float
        The library's relative tolerance.

    Returns
    -------
    candidates : list of (x, y)
        Normalised mixed strategies of every complete pair.
    LX, LY : numpy.ndarray
        Label matrices of the vertices of ``P`` and ``Q`` (label order ``0..m+n-1``).

    Examples
    --------
    Matching pennies: one complete pair, both players mixing half and half.

    >>> from leverage.solvers.support import polytope_vertices_bases
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> candidates, LX, LY = extreme_equilibrium_candidates(A, -A, polytope_vertices_bases)
    >>> [(x.tolist(), y.tolist()) for x, y in candidates]
    [([0.5, 0.5], [0.5, 0.5])]
    """
    m, n = A.shape
    An, Bn = normalized_bimatrix(A, B)
    X, LX = labelled_vertices(Bn.T, list_vertices, rtol)  # [x_i = 0 (m), columns binding (n)]
    Y, LYq = labelled_vertices(An, list_vertices, rtol)  # [y_j = 0 (n), rows binding (m)]
    LY = np.concatenate([LYq[:, n:], LYq[:, :n]], axis=1)
    a, b = complete_pairs(LX, LY, m)
    candidates = [(X[i] / X[i].sum(), Y[j] / Y[j].sum()) for i, j in zip(a, b)]
    return candidates, LX, LY
