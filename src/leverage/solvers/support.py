"""Support enumeration, degenerate games included.

For every support ``I`` of the row player's strategy and every set ``K`` of
``|I|`` columns that it makes indifferent, solve the square system
``B[I, K]^T x_I = 1`` (payoffs rescaled to ``[1, 2]``). A non-negative solution
that no column beats is a vertex of the best-response polytope ``P``; every
vertex arises from at least one non-singular pair ``(I, K)``. The same is done
for the column player, and vertices are paired by complete labelling
(:mod:`leverage.solvers.polytope`).

Pairing by labels rather than by "support of y equals K" is what makes the
method exact on degenerate games: there a strategy may have more best
responses than its support size, and equilibria may have supports of unequal
sizes (von Stengel 2007, section 3.5). The systems are solved in batched
``numpy.linalg.solve`` calls of at most :data:`BASES_PER_BLOCK` systems each,
so memory stays bounded; the number of systems, ``C(k + d, d) - 1``, is not,
which is why :func:`leverage.equilibria` lists vertices by double description
unless asked for this method, and why a deadline can stop it between blocks.

References
----------
B. von Stengel (2007), "Equilibrium computation for two-player games in
strategic and extensive form", Algorithm 3.4 and section 3.5, in Algorithmic
Game Theory (Nisan, Roughgarden, Tardos and Vazirani, eds.).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, islice, product

import numpy as np

from leverage.checks import check_real
from leverage.solvers.polytope import check_deadline, check_polytope, unit_scale
from leverage.tolerance import BASIS_FEASIBILITY_TOL, ORIGIN_TOL, SINGULAR_RCOND as _SINGULAR_RCOND

__all__ = ["polytope_vertices_bases", "SINGULAR_RCOND", "BASES_PER_BLOCK"]

#: Systems whose smallest-to-largest singular value ratio is below this are skipped as singular.
SINGULAR_RCOND = _SINGULAR_RCOND

#: Largest number of square systems solved in one batched call.
BASES_PER_BLOCK = 1 << 15


def _basis_blocks(k: int, d: int, s: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """All pairs (binding rows ``K``, support ``I``) of size ``s``, at most :data:`BASES_PER_BLOCK` at a time."""
    pairs = product(combinations(range(k), s), combinations(range(d), s))
    while True:
        block = list(islice(pairs, BASES_PER_BLOCK))
        if not block:
            return
        K, I = zip(*block)
        yield np.array(K, dtype=np.intp), np.array(I, dtype=np.intp)


def polytope_vertices_bases(C: np.ndarray, feas_tol: float = BASIS_FEASIBILITY_TOL, *, deadline: float | None = None) -> np.ndarray:
    """Vertices other than the origin of ``{z >= 0, C z <= 1}`` by solving all bases.

    Parameters
    ----------
    C : numpy.ndarray
        Shape ``(k, d)``, positive entries.
    feas_tol : float
        Slack allowed in ``z >= 0`` and ``C z <= 1`` for float error.
    deadline : float, optional
        A :func:`time.monotonic` time after which the method stops.

    Returns
    -------
    numpy.ndarray
        Shape ``(N, d)``; a vertex reached from several bases repeats.

    Raises
    ------
    TypeError, ValueError
        If ``C`` is not a 2-D array of finite, positive real numbers, ``feas_tol``
        is not in ``[0, 1]`` or ``deadline`` is not a number.
    leverage.solvers.polytope.EnumerationStopped
        When the deadline passes (checked between blocks of systems).

    Examples
    --------
    >>> V = np.unique(np.round(polytope_vertices_bases(np.array([[1.0, 2.0], [2.0, 1.0]])), 9), axis=0)
    >>> np.round(V[np.lexsort(V.T)], 6)
    array([[0.5     , 0.      ],
           [0.333333, 0.333333],
           [0.      , 0.5     ]])
    """
    caller = "polytope_vertices_bases()"
    C = check_polytope(C, caller, deadline)
    check_real(feas_tol, "feas_tol", caller, low=0.0, high=1.0)
    if (f := unit_scale(C)) != 1.0:
        return polytope_vertices_bases(f * C, feas_tol, deadline=deadline) * f
    k, d = C.shape
    found = []
    for s in range(1, min(k, d) + 1):
        for K, I in _basis_blocks(k, d, s):  # binding constraints K, support I
            check_deadline(deadline)
            M = C[K[:, :, None], I[:, None, :]]
            sv = np.linalg.svd(M, compute_uv=False)
            ok = sv[:, -1] > SINGULAR_RCOND * sv[:, 0]
            if not ok.any():
                continue
            M, I = M[ok], I[ok]
            zI = np.linalg.solve(M, np.ones((len(M), s, 1)))[:, :, 0]
            keep = np.all(zI >= -feas_tol, axis=1)
            if not keep.any():
                continue
            zI, I = zI[keep], I[keep]
            Z = np.zeros((len(zI), d))
            np.put_along_axis(Z, I, np.maximum(zI, 0.0), axis=1)
            feasible = np.all(Z @ C.T <= 1.0 + feas_tol, axis=1)
            found.append(Z[feasible])
    if not found:
        return np.zeros((0, d))
    V = np.concatenate(found)
    V = V[V.sum(axis=1) > ORIGIN_TOL]
    return V
