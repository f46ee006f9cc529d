"""Vertex enumeration by the double description method, degenerate polytopes included.

The polytope ``{z in R^d : z >= 0, C z <= 1}`` (``C`` positive, so bounded) is
built one inequality at a time (Motzkin et al. 1953; Fukuda and Prodon 1996,
the method of cddlib). It starts from the simplex cut out by ``z >= 0`` and
the first row of ``C``, whose vertices are known. Each further inequality
``g . z <= 1`` splits the current vertices into those that satisfy it
strictly, those on its hyperplane and those that violate it; the violating
ones are dropped, and every edge from a kept vertex to a dropped one gives a
new vertex where the edge meets the hyperplane.

Two vertices ``u`` and ``w`` span an edge when the set ``Z`` of inequalities
tight at both has at least ``d - 1`` members and no third vertex is tight on
all of ``Z`` (the combinatorial test, Fukuda and Prodon 1996, Proposition 7).
Tight sets are bit masks, so the test is a few integer operations per pair:

- two vertices that each carry exactly ``d`` tight inequalities (the generic
  case) are adjacent exactly when they share ``d - 1`` of them, which is found
  by hashing each vertex's ``d`` subsets of size ``d - 1`` -- ``O(V d)`` work
  instead of ``O(V^2)``;
- pairs with a degenerate vertex (more than ``d`` tight inequalities) are
  screened by counting shared inequalities, in blocks of bounded size, and
  confirmed by the combinatorial test.

Unlike pivoting methods (lexicographic reverse search visits one basis per
vertex of a perturbed, simple polytope: about 200,000 bases for the 6,664
vertices of a best-response polytope of a 16 x 16 game with 0/1 payoffs), the
method's work follows the vertices themselves, so highly degenerate games are
its easy case. Its intermediate polytopes can still outgrow the final one, so
every step checks a deadline and a budget on the number of vertices, and the
method stops with :class:`~leverage.solvers.polytope.EnumerationStopped`
rather than run on without bound.

Arithmetic is in floating point: an inequality is tight at a vertex when its
slack is at most :data:`TIGHT_TOL` (the polytope's coordinates are at most 1,
payoffs having been rescaled to ``[1, 2]``). The best-response polytopes of a
game with payoffs on a coarse grid (integers, 0/1) are computed exactly up to
float rounding.

References
----------
T. S. Motzkin, H. Raiffa, G. L. Thompson and R. M. Thrall (1953), "The double
description method", in Contributions to the Theory of Games II, 51-73.

K. Fukuda and A. Prodon (1996), "Double description method revisited", in
Combinatorics and Computer Science, LNCS 1120, 91-111.

D. Avis and K. Fukuda (1992), "A pivoting algorithm for convex hulls and vertex
enumeration of arrangements and polyhedra", Discrete Comput. Geom. 8, 295-313.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from leverage.checks import check_int
from leverage.solvers.polytope import EnumerationStopped, check_deadline, check_polytope, unit_scale
from leverage.tolerance import TIGHT_TOL as _TIGHT_TOL

__all__ = ["polytope_vertices_dd", "TIGHT_TOL", "VERTEX_MEMORY_BUDGET"]

#: An inequality whose slack at a vertex is at most this counts as tight there.
TIGHT_TOL = _TIGHT_TOL

#: Bytes the vertices of an intermediate polytope, and the temporaries of one step, may take before the method stops.
VERTEX_MEMORY_BUDGET = 256 * 2**20

#: Largest number of 64-bit words handled at once when pairs are screened or tested.
_BLOCK_WORDS = 1 << 22

_BYTE_COUNTS = np.array([bin(b).count("1") for b in range(256)], dtype=np.uint8)


def _popcount(words: np.ndarray) -> np.ndarray:
    """Number of set bits of each row of 64-bit words, shape ``(..., W) -> (...)``."""
    if hasattr(np, "bitwise_count"):  # numpy >= 2.0
        return np.bitwise_count(words).sum(axis=-1, dtype=np.int64)
    as_bytes = np.ascontiguousarray(words).view(np.uint8)
    return _BYTE_COUNTS[as_bytes].sum(axis=-1, dtype=np.int64)


@lru_cache(maxsize=16)
def _hash_weights(W: int) -> np.ndarray:
    """Fixed odd 64-bit multipliers used to hash multi-word bit masks."""
    return np.random.default_rng(2024).integers(1, 2**63, W, dtype=np.uint64) | np.uint64(1)


def _bit(index: int, W: int) -> np.ndarray:
    out = np.zeros(W, dtype=np.uint64)
    out[index // 64] = np.uint64(1) << np.uint64(index % 64)
    return out


def _generic_pairs(Su: np.ndarray, Sw: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of vertices with exactly ``d`` tight inequalities each that share ``d - 1``.

    Each vertex contributes its ``d`` masks with one tight bit cleared; equal
    masks on the two sides are joined by sorting hashed keys, then confirmed
    word by word.
    """
    W = Su.shape[1]

    def keys(S: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        bits = np.unpackbits(S.astype("<u8").view(np.uint8), axis=1, bitorder="little")  # bit p of the mask
        owner, pos = np.nonzero(bits)  # d set bits per row, in row order
        K = np.repeat(S, d, axis=0)
        K[np.arange(len(K)), pos // 64] ^= np.left_shift(np.uint64(1), (pos % 64).astype(np.uint64))
        return K, owner

    if len(Su) == 0 or len(Sw) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    Ku, ou = keys(Su)
    Kw, ow = keys(Sw)
    weights = _hash_weights(W)
    hu = (Ku * weights).sum(axis=1, dtype=np.uint64) if W > 1 else Ku[:, 0]
    hw = (Kw * weights).sum(axis=1, dtype=np.uint64) if W > 1 else Kw[:, 0]
    order = np.argsort(hw, kind="stable")
    sorted_hw = hw[order]
    left = np.searchsorted(sorted_hw, hu, side="left")
    right = np.searchsorted(sorted_hw, hu, side="right")
    counts = right - left
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    iu = np.repeat(np.arange(len(hu)), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    iw = order[np.repeat(left, counts) + offsets]
    same = np.all(Ku[iu] == Kw[iw], axis=1)
    return ou[iu[same]], ow[iw[same]]


def _screened_pairs(
    Su: np.ndarray, Sw: np.ndarray, d: int, deadline: float | None, max_pairs: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (rows of ``Su``, rows of ``Sw``) sharing at least ``d - 1`` tight inequalities."""
    if len(Su) == 0 or len(Sw) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    W = Su.shape[1]
    rows = max(1, _BLOCK_WORDS // (len(Sw) * W))
    found_u, found_w = [], []
    count = 0
    for start in range(0, len(Su), rows):
        check_deadline(deadline)
        shared = _popcount(Su[start : start + rows, None, :] & Sw[None, :, :])
        a, b = np.nonzero(shared >= d - 1)
        count += len(a)
        if count > max_pairs:
            raise EnumerationStopped("memory")
        found_u.append(a + start)
        found_w.append(b)
    return np.concatenate(found_u), np.concatenate(found_w)


def _edges(S: np.ndarray, u: np.ndarray, w: np.ndarray, deadline: float | None) -> np.ndarray:
    """Mask of the pairs ``(u, w)`` that pass the combinatorial test against all vertices ``S``."""
    Z = S[u] & S[w]
    W = S.shape[1]
    keep = np.empty(len(u), dtype=bool)
    rows = max(1, _BLOCK_WORDS // (len(S) * W))
    for start in range(0, len(u), rows):
        check_deadline(deadline)
        z = Z[start : start + rows]
        inside = np.all((S[None, :, :] & z[:, None, :]) == z[:, None, :], axis=2)
        keep[start : start + rows] = inside.sum(axis=1) == 2  # only u and w hold all of Z
    return keep


def polytope_vertices_dd(
    C: np.ndarray,
    *,
    deadline: float | None = None,
    memory_budget: int = VERTEX_MEMORY_BUDGET,
) -> np.ndarray:
    """Vertices other than the origin of ``{z in R^d : z >= 0, C z <= 1}`` by double description.

    Parameters
    ----------
    C : numpy.ndarray
        Shape ``(k, d)``, positive entries (``k, d >= 1``).
    deadline : float, optional
        A :func:`time.monotonic` time after which the method stops.
    memory_budget : int
        Bytes the vertices of an intermediate polytope may take, with the
        temporaries of one step of the method (default
        :data:`VERTEX_MEMORY_BUDGET`); the vertex arrays themselves are a
        fraction of it.

    Returns
    -------
    numpy.ndarray
        Shape ``(N, d)``: each vertex once, in a deterministic order.

    Raises
    ------
    leverage.solvers.polytope.EnumerationStopped
        With ``reason`` ``"time_limit"`` when the deadline passes, or
        ``"memory"`` when an intermediate polytope would outgrow the budget.

    Examples
    --------
    The two best-response vertices of a 2 x 2 game's polytope and the mixed one:

    >>> V = polytope_vertices_dd(np.array([[1.0, 2.0], [2.0, 1.0]]))
    >>> np.round(V[np.lexsort(V.T)], 6)
    array([[0.5     , 0.      ],
           [0.333333, 0.333333],
           [0.      , 0.5     ]])

    A degenerate polytope: a third row through the mixed vertex makes three
    inequalities tight there; the vertex is still listed once.

    >>> len(polytope_vertices_dd(np.array([[1.0, 2.0], [2.0, 1.0], [1.5, 1.5]])))
    3
    """
    caller = "polytope_vertices_dd()"
    C = check_polytope(C, caller, deadline)
    check_int(memory_budget, "memory_budget", caller, low=1)
    if (f := unit_scale(C)) != 1.0:  # exact: the absolute thresholds below assume entries of order 1
        return polytope_vertices_dd(f * C, deadline=deadline, memory_budget=memory_budget) * f
    k, d = C.shape
    L = d + k
    W = (L + 63) // 64
    # per vertex: coordinates and tight set, and the temporaries of the hashed join (d keys of W words,
    # their hashes, owners and sort order, the unpacked bits); per candidate pair: two indices and Z
    max_vertices = max(d + 2, memory_budget // (8 * (d + W) + 8 * d * (W + 6) + 64 * W))
    max_pairs = max(1, memory_budget // (8 * (3 + W)))
    # inequality t < d is z_t >= 0; inequality d + r is row r of C
    V = np.zeros((d + 1, d))
    V[1:] = np.diag(1.0 / C[0])
    S = np.zeros((d + 1, W), dtype=np.uint64)
    for t in range(d):
        S[np.arange(d + 1) != t + 1] |= _bit(t, W)  # z_t = 0 everywhere but at vertex t
    S[1:] |= _bit(d, W)
    for r in range(1, k):
        check_deadline(deadline)
        slack = 1.0 - V @ C[r]
        cut = slack < -TIGHT_TOL
        on = np.abs(slack) <= TIGHT_TOL
        new_bit = _bit(d + r, W)
        if not cut.any():
            S[on] |= new_bit
            continue
        kept = np.flatnonzero(slack > TIGHT_TOL)
        dropped = np.flatnonzero(cut)
        simple = _popcount(S) == d
        ku, kw = kept[simple[kept]], dropped[simple[dropped]]
        a, b = _generic_pairs(S[ku], S[kw], d)
        u_parts, w_parts = [ku[a]], [kw[b]]
        # pairs with a degenerate vertex: screen by shared count, confirm by the combinatorial test
        du, dw = kept[~simple[kept]], dropped[~simple[dropped]]
        for left, right in ((du, dropped), (ku, dw)):
            a, b = _screened_pairs(S[left], S[right], d, deadline, max_pairs)
            if len(a):
                a, b = left[a], right[b]
                ok = _edges(S, a, b, deadline)
                u_parts.append(a[ok])
                w_parts.append(b[ok])
        u, w = np.concatenate(u_parts), np.concatenate(w_parts)
        total = len(V) - len(dropped) + len(u)
        if total > max_vertices:
            raise EnumerationStopped("memory")
        step = slack[u] / (slack[u] - slack[w])
        V_new = V[u] + (V[w] - V[u]) * step[:, None]
        S_new = (S[u] & S[w]) | new_bit
        S[on] |= new_bit
        keep = ~cut
        V = np.concatenate([V[keep], V_new])
        S = np.concatenate([S[keep], S_new])
    V = V[V.sum(axis=1) > TIGHT_TOL]  # the origin
    np.maximum(V, 0.0, out=V)
    return V
