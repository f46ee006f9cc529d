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
labels of a vertex and the matching of complete pairs. The two methods differ
only in how they list the vertices.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np

from leverage.tolerance import RTOL

__all__ = ["normalized_bimatrix", "vertex_labels", "complete_pairs", "PROBABILITY_LABEL_TOL"]

#: A vertex coordinate below this (relative to the coordinate sum) counts as zero.
PROBABILITY_LABEL_TOL = 1e-11


def normalized_bimatrix(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rescale each player's payoffs affinely to ``[1, 2]`` (constant payoffs become 1).

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
    out = []
    for M in (A, B):
        lo, spread = M.min(), M.max() - M.min()
        out.append((M - lo) / spread + 1.0 if spread > 0 else np.ones_like(M, dtype=float))
    return out[0], out[1]


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
    zero = V <= PROBABILITY_LABEL_TOL * np.maximum(total, 1e-300)
    binding = 1.0 - V @ C.T <= rtol * total
    return np.concatenate([zero, binding], axis=1)


def complete_pairs(LX: np.ndarray, LY: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(a, b)`` of vertex pairs whose labels together cover every label.

    Vertices of a simple polytope carry exactly as many labels as their
    dimension; for those, a pair is complete exactly when the two label sets
    are complementary, which is matched by hashing bit masks in ``O(N log N)``.
    Vertices with surplus labels (degenerate games) are matched against all
    others by one counting matrix product.

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
    L = LX.shape[1]
    n = L - m
    extra_x = LX.sum(axis=1) > m
    extra_y = LY.sum(axis=1) > n
    pairs_a: list[np.ndarray] = []
    pairs_b: list[np.ndarray] = []
    if L <= 62:
        weights = np.left_shift(np.int64(1), np.arange(L, dtype=np.int64))
        kx = LX.astype(np.int64) @ weights
        ky = LY.astype(np.int64) @ weights
        full = np.int64((1 << L) - 1)
        ax = np.flatnonzero(~extra_x)
        by = np.flatnonzero(~extra_y)
        want = full ^ kx[ax]
        order = np.argsort(ky[by], kind="stable")
        sorted_keys = ky[by][order]
        left = np.searchsorted(sorted_keys, want, side="left")
        right = np.searchsorted(sorted_keys, want, side="right")
        counts = right - left
        if counts.sum():
            a_idx = np.repeat(ax, counts)
            starts = np.repeat(left, counts)
            offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            b_idx = by[order[starts + offsets]]
            pairs_a.append(a_idx)
            pairs_b.append(b_idx)
        simple_x = ax
    else:
        simple_x = np.array([], dtype=np.int64)
        extra_x = np.ones(len(LX), dtype=bool)
    # pairs with at least one vertex carrying surplus labels: count labels missing from both
    missing_x = (~LX).astype(np.float32)
    missing_y = (~LY).astype(np.float32)
    dx = np.flatnonzero(extra_x)
    if len(dx):
        a, b = np.nonzero(missing_x[dx] @ missing_y.T == 0)
        pairs_a.append(dx[a])
        pairs_b.append(b)
    dy = np.flatnonzero(extra_y)
    if len(dy) and len(simple_x):
        a, b = np.nonzero(missing_x[simple_x] @ missing_y[dy].T == 0)
        pairs_a.append(simple_x[a])
        pairs_b.append(dy[b])
    if not pairs_a:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    return np.concatenate(pairs_a), np.concatenate(pairs_b)


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
    """
    m, n = A.shape
    An, Bn = normalized_bimatrix(A, B)
    X = list_vertices(Bn.T)  # vertices of P, shape (Nx, m)
    Y = list_vertices(An)  # vertices of Q, shape (Ny, n)
    LX = vertex_labels(X, Bn.T, rtol)  # [x_i = 0 (m), columns binding (n)]
    LYq = vertex_labels(Y, An, rtol)  # [y_j = 0 (n), rows binding (m)]
    keep_x, keep_y = unique_rows(X, labels=LX), unique_rows(Y, labels=LYq)
    X, LX, Y, LYq = X[keep_x], LX[keep_x], Y[keep_y], LYq[keep_y]
    LY = np.concatenate([LYq[:, n:], LYq[:, :n]], axis=1)
    a, b = complete_pairs(LX, LY, m)
    candidates = [(X[i] / X[i].sum(), Y[j] / Y[j].sum()) for i, j in zip(a, b)]
    return candidates, LX, LY
