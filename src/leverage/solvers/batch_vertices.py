"""Vertices of many best-response polytopes at once, for :mod:`leverage.solvers.batch`.

:func:`vertex_keys` enumerates, for a stack of games, every basis of the
polytope ``{z >= 0, C z <= 1}`` of each game -- all pairs of ``s`` binding
constraints and ``s`` support strategies, solved by Cramer's rule in closed
form for ``s <= 3`` -- and returns the candidate vertices with their label bit
masks, in the labelling of :func:`leverage.solvers.polytope.vertex_labels`.
:func:`leverage.solvers.batch.solve_batch` pairs them into equilibria.

These are helpers of :mod:`leverage.solvers.batch`, not public API: the
module exports nothing in ``__all__``.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

import numpy as np

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


def _solve_ones(M: list[list[np.ndarray]]) -> tuple[list[np.ndarray], np.ndarray]:
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


def key_dtype(labels: int) -> type:
    """The smallest unsigned integer type with a bit for each of ``labels`` labels (a helper, not in ``__all__``)."""
    for dtype in (np.uint8, np.uint16, np.uint32, np.uint64):
        if labels <= 8 * np.dtype(dtype).itemsize:
            return dtype
    raise ValueError(f"solve_batch(): games with {labels} strategies in all are too large")  # pragma: no cover


def _pack(labels: np.ndarray, dtype: type) -> np.ndarray:
    """Bit masks from a boolean array whose first axis runs over labels (label ``l`` is bit ``l``)."""
    key = labels[0].astype(dtype)
    tmp = np.empty_like(key)
    for l in range(1, len(labels)):
        np.left_shift(labels[l].view(np.uint8), dtype(l), out=tmp, casting="unsafe")
        key |= tmp
    return key


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
    Z : numpy.ndarray
        Shape ``(d, V, N)``: one candidate vertex per basis and game
        (duplicates possible).
    keys : numpy.ndarray
        Shape ``(V, N)``, label bit masks; 0 where the basis gives no vertex.
    """
    k, d, N = C.shape
    dtype = key_dtype(k + d)
    bases = _bases(k, d)
    V = sum(len(I) for _, I in bases)
    Z = np.zeros((d, V, N))
    keys = np.empty((V, N), dtype=dtype)
    start = 0
    for K, I in bases:
        b, s = I.shape
        block = slice(start, start + b)
        start += b
        M = [[C[K[:, r], I[:, c]] for c in range(s)] for r in range(s)]  # each (b, N)
        zI, ok = _solve_ones(M)
        for z in zI:
            ok &= z >= -FEASIBILITY_TOL
        zI = [np.maximum(z, 0.0) for z in zI]
        total = zI[0].copy()
        for z in zI[1:]:
            total += z
        ok &= total > ORIGIN_TOL
        # label matrix (labels, bases, games): first z_i = 0 -- always outside the
        # support, by the rule of vertex_labels inside it -- then binding constraints
        labels = np.empty((k + d, b, N), dtype=bool)
        rows = np.arange(b)
        outside = np.ones((b, d), dtype=bool)
        outside[rows[:, None], I] = False
        labels[zero_shift : zero_shift + d] = outside.T[:, :, None]
        small = PROBABILITY_LABEL_TOL * np.maximum(total, TINY)
        for c in range(s):
            labels[zero_shift + I[:, c], rows] = zI[c] <= small
        # binding constraints: 1 - (C z)_j <= rtol * sum(z); feasibility: (C z)_j <= 1
        limit = 1.0 - rtol * total
        for j in range(k):
            Cz = C[j, I[:, 0]] * zI[0]
            for c in range(1, s):
                Cz += C[j, I[:, c]] * zI[c]
            ok &= Cz <= 1.0 + FEASIBILITY_TOL
            np.greater_equal(Cz, limit, out=labels[bind_shift + j])
        keys[block] = _pack(labels, dtype)
        keys[block] *= ok
        for c in range(s):
            Z[I[:, c], rows + block.start] = zI[c]
    return Z, keys
