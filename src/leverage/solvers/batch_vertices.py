"""Vertices of many best-response polytopes at once, for :mod:`leverage.solvers.batch`.

:func:`vertex_keys` enumerates, for a stack of games, every basis of the
polytope ``{z >= 0, C z <= 1}`` of each game -- all pairs of ``s`` binding
constraints and ``s`` support strategies, solved by Cramer's rule in closed
form for ``s <= 3`` (:func:`solve_ones`) -- and returns the candidate vertices
with their label bit masks, in the labelling of
:func:`leverage.solvers.polytope.vertex_labels`.
:func:`leverage.solvers.batch.solve_batch` pairs them into equilibria; the fast
path of nondegenerate games (:mod:`leverage.solvers.batch_supports`) solves its
bases with the same :func:`solve_ones`, so that both give the same strategies
bit for bit.

These are helpers of :mod:`leverage.solvers.batch`, not public API: the
module exports nothing in ``__all__``.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

import numpy as np

from leverage.results import clean_probability_array
from leverage.solvers.polytope import PROBABILITY_LABEL_TOL
from leverage.solvers.support import SINGULAR_RCOND
from leverage.tolerance import BASIS_FEASIBILITY_TOL, ORIGIN_TOL, TINY

__all__: list[str] = []

#: Slack allowed in ``z >= 0`` and ``C z <= 1`` for float error (as in the support method).
FEASIBILITY_TOL = BASIS_FEASIBILITY_TOL


# ----------------------------------------------------------------------------- vertices
#
# Arrays inside a chunk are laid out "structure of arrays": the games run along
# the *last* axis, so that every operation is an elementwise operation on long
# contiguous vectors rather than a reduction over an axis of length 2 or 3.


@lru_cache(maxsize=None)
def _bases(k: int, d: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """For each size ``s``: binding constraints ``K`` and supports ``I``, all pairs, stacked."""
    out = []
    for s in range(1, min(k, d) + 1):
        rows = np.array(list(combinations(range(k), s)), dtype=np.intp)
        cols = np.array(list(combinations(range(d), s)), dtype=np.intp)
        K = np.repeat(rows, len(cols), axis=0)
        I = np.tile(cols, (len(rows), 1))
        out.append((K, I))
    return tuple(out)


def solve_ones(M: list[list[np.ndarray]]) -> tuple[list[np.ndarray], np.ndarray]:
    """Solve ``M z = 1`` for stacked ``s x s`` systems with entries in ``[1, 2]``.

    ``M[r][c]`` holds entry ``(r, c)`` of every system (arrays of one shape).
    Returns the ``s`` solution components and a mask of non-singular systems.
    A system counts as singular unless ``|det M| > SINGULAR_RCOND * (2 s)^s``:
    the largest singular value is at most ``2 s``, so every accepted system has
    ``sigma_min > SINGULAR_RCOND * sigma_max``, the test of the support method.
    Sizes up to 3 use Cramer's rule in closed form; larger ones a stacked
    :func:`numpy.linalg.solve`.
    """
    s = len(M)
    threshold = SINGULAR_RCOND * float((2 * s) ** s)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if s == 1:
            a = M[0][0]
            return [1.0 / a], np.ones(a.shape, dtype=bool)
        if s == 2:
            (a, b), (c, d) = M
            det = a * d - b * c
            ok = np.abs(det) > threshold
            inv = 1.0 / np.where(ok, det, 1.0)
            return [(d - b) * inv, (a - c) * inv], ok
        if s == 3:
            (a, b, c), (d, e, f), (g, h, i) = M
            ei, fh, fg, di, dh, eg = e * i, f * h, f * g, d * i, d * h, e * g
            det = a * (ei - fh) + b * (fg - di) + c * (dh - eg)
            ok = np.abs(det) > threshold
            inv = 1.0 / np.where(ok, det, 1.0)
            # z = adj(M) 1 / det, adj(M) the transposed cofactor matrix
            z0 = (ei - fh + c * h - b * i + b * f - c * e) * inv
            z1 = (fg - di + a * i - c * g + c * d - a * f) * inv
            z2 = (dh - eg + b * g - a * h + a * e - b * d) * inv
            return [z0, z1, z2], ok
    stacked = np.stack([np.stack(row, axis=-1) for row in M], axis=-2)  # (..., s, s)
    det = np.linalg.det(stacked)
    ok = np.abs(det) > threshold
    safe = np.where(ok[..., None, None], stacked, np.eye(s))
    z = np.linalg.solve(safe, np.ones(stacked.shape[:-1] + (1,)))[..., 0]
    return [z[..., c] for c in range(s)], ok


def strategy_columns(V: np.ndarray) -> np.ndarray:
    """Vertices (the columns of ``V``, shape ``(d, M)``) as cleaned mixed strategies, in place.

    Each column is divided by its sum and cleaned by
    :func:`leverage.results.clean_probability_array`, as
    :func:`leverage.results.clean_probabilities` cleans one vector: the one
    normalisation of both paths of :func:`leverage.solvers.batch.solve_batch`.
    """
    V /= V.sum(axis=0, keepdims=True)
    return clean_probability_array(V, axis=0)


def key_dtype(labels: int) -> type:
    """The smallest unsigned integer type with a bit for each of ``labels`` labels (a helper, not in ``__all__``)."""
    for dtype in (np.uint8, np.uint16, np.uint32, np.uint64):
        if labels <= 8 * np.dtype(dtype).itemsize:
            return dtype
    raise ValueError(f"solve_batch(): games with {labels} strategies in all are too large")  # pragma: no cover


class BasisVertices:
    """The vertices of :func:`vertex_keys`, ``d`` coordinates for each of ``V`` bases and ``N`` games, kept sparse.

    Only the support entries of each block of bases are stored (the other
    coordinates are 0): ``blocks`` holds ``(start, I, z)`` with ``I`` the
    supports ``(b, s)`` of bases ``start .. start + b - 1`` and ``z`` the
    ``s`` arrays ``(b, N)`` of their entries. ``len()`` is ``d``.
    """

    def __init__(self, d: int, N: int) -> None:
        self.d, self.N = d, N
        self.blocks: list[tuple[int, np.ndarray, list[np.ndarray]]] = []

    def __len__(self) -> int:
        return self.d

    def columns(self, index: np.ndarray) -> np.ndarray:
        """The vertices at flat indices ``index`` (``basis * N + game``) as the columns of a ``(d, len(index))`` array."""
        out = np.zeros((self.d, len(index)))
        basis, game = np.divmod(index, self.N)
        for start, I, z in self.blocks:
            sel = np.flatnonzero((basis >= start) & (basis < start + len(I)))
            if len(sel):
                rows, cols = basis[sel] - start, game[sel]
                for c, zc in enumerate(z):
                    out[I[rows, c], sel] = zc[rows, cols]
        return out


def _support_bits(I: np.ndarray, d: int, zero_shift: int, dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """Per basis: the bits of the ``z_i = 0`` labels outside the support, and the bit of each support entry."""
    outside = np.ones((len(I), d), dtype=bool)
    outside[np.arange(len(I))[:, None], I] = False
    weights = np.left_shift(np.ones(d, dtype=np.uint64), np.arange(zero_shift, zero_shift + d, dtype=np.uint64))
    bits = (outside * weights).sum(axis=1).astype(dtype)
    return bits[:, None], (zero_shift + I).astype(dtype)


def vertex_keys(C: np.ndarray, rtol: float, zero_shift: int, bind_shift: int) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of ``{z >= 0, C z <= 1}`` for stacked ``C`` and their label bit masks.

    Parameters
    ----------
    C : numpy.ndarray
        Shape ``(k, d, N)`` (games last), entries in ``[1, 2]``.
    rtol : float
        Relative tolerance of the labels (:func:`leverage.solvers.polytope.vertex_labels`).
    zero_shift, bind_shift : int
        Bit positions of the first ``z_i = 0`` label and of the first binding
        constraint label.

    Returns
    -------
    Z : BasisVertices
        One candidate vertex per basis and game (duplicates possible), kept
        as the support entries of each block of bases;
        :meth:`BasisVertices.columns` gives the full vectors of chosen ones.
    keys : numpy.ndarray
        Shape ``(V, N)``, label bit masks; 0 where the basis gives no vertex.

    Notes
    -----
    The bits are set straight into the keys (no boolean label array). With
    entries of ``C`` in ``[1, 2]``, a single-strategy basis has
    ``z = 1 / C[j, i]`` in ``[1/2, 1]``: it is never negative, never at the
    origin and never labelled ``z_i = 0``, so those tests are skipped there.
    """
    k, d, N = C.shape
    dtype = key_dtype(k + d)
    bases = _bases(k, d)
    V = sum(len(I) for _, I in bases)
    Z = BasisVertices(d, N)
    keys = np.empty((V, N), dtype=dtype)
    start = 0
    for K, I in bases:
        b, s = I.shape
        block = slice(start, start + b)
        start += b
        M = [[C[K[:, r], I[:, c]] for c in range(s)] for r in range(s)]  # each (b, N)
        zI, ok = solve_ones(M)
        key = keys[block]
        outside, inside = _support_bits(I, d, zero_shift, dtype)
        key[...] = outside  # z_i = 0 outside the support
        tmp = np.empty((b, N), dtype=dtype)
        flag = np.empty((b, N), dtype=bool)
        if s == 1:  # z = 1 / C[j, i] in [1/2, 1]: feasible sign, away from the origin, no zero label
            total = zI[0]
        else:
            for z in zI:
                np.greater_equal(z, -FEASIBILITY_TOL, out=flag)
                ok &= flag
                np.maximum(z, 0.0, out=z)
            total = zI[0] + zI[1]
            for z in zI[2:]:
                total += z
            np.greater(total, ORIGIN_TOL, out=flag)
            ok &= flag
            # inside the support, by the rule of vertex_labels
            small = np.maximum(total, TINY)
            small *= PROBABILITY_LABEL_TOL
            for c in range(s):
                np.less_equal(zI[c], small, out=flag)
                np.left_shift(flag.view(np.uint8), inside[:, c : c + 1], out=tmp, casting="unsafe")
                key |= tmp
        # binding constraints: 1 - (C z)_j <= rtol * sum(z); feasibility: (C z)_j <= 1
        limit = rtol * total
        np.subtract(1.0, limit, out=limit)
        Cz = np.empty((b, N))
        term = np.empty((b, N))
        for j in range(k):
            np.multiply(C[j, I[:, 0]], zI[0], out=Cz)
            for c in range(1, s):
                np.multiply(C[j, I[:, c]], zI[c], out=term)
                Cz += term
            np.less_equal(Cz, 1.0 + FEASIBILITY_TOL, out=flag)
            ok &= flag
            np.greater_equal(Cz, limit, out=flag)
            np.left_shift(flag.view(np.uint8), dtype(bind_shift + j), out=tmp, casting="unsafe")
            key |= tmp
        key *= ok
        Z.blocks.append((block.start, I, zI))
    return Z, keys
