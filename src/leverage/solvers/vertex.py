"""Vertex enumeration of the best-response polytopes (qhull on the polar).

The polytope ``{z >= 0, C z <= 1}`` is bounded because ``C`` is positive.
Translating it so that a strictly interior point sits at the origin, each
inequality ``g . z <= h`` (``h > 0``) becomes the polar point ``g / h``; the
facets of the convex hull of those points are the vertices of the polytope
(Avis and Fukuda 1992; the same duality that scipy's ``HalfspaceIntersection``
uses). One qhull call lists every vertex; labels are then recomputed from the
original inequalities, so a vertex on which more inequalities bind than its
dimension (a degenerate game) gets all of its labels even when qhull splits
the matching facet into several simplices.

References
----------
D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel (2010), "Enumeration of
Nash equilibria for two-player games", Economic Theory 42, 9-37.
B. von Stengel (2007), "Equilibrium computation for two-player games in
strategic and extensive form", ch. 3 of Algorithmic Game Theory (Nisan et al., eds.).
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import ConvexHull, QhullError

from leverage.solvers.polytope import normalized_bimatrix, vertex_labels
from leverage.tolerance import RTOL

__all__ = ["polytope_vertices_qhull", "is_degenerate"]


def polytope_vertices_qhull(C: np.ndarray) -> np.ndarray:
    """Vertices other than the origin of ``{z in R^d : z >= 0, C z <= 1}``.

    Parameters
    ----------
    C : numpy.ndarray
        Shape ``(k, d)`` with positive entries (``d >= 2``).

    Returns
    -------
    numpy.ndarray
        Shape ``(N, d)``, one vertex per row; a vertex of a degenerate
        polytope may repeat (one row per simplicial facet of the polar).

    Raises
    ------
    scipy.spatial.QhullError
        If qhull fails (callers fall back to the support method).

    Examples
    --------
    >>> V = polytope_vertices_qhull(np.array([[1.0, 1.0]]))
    >>> V = np.unique(np.round(V, 12), axis=0)
    >>> V[np.lexsort(V.T)]
    array([[1., 0.],
           [0., 1.]])
    """
    k, d = C.shape
    if d == 1:
        t = 1.0 / C[:, 0].max()
        return np.array([[t]])
    # interior point c * 1: C (c 1) <= 2 d c < 1 and c > 0
    c = 1.0 / (4.0 * d * max(1.0, C.max() / 2.0))
    G = np.concatenate([C, -np.eye(d)])
    h = np.concatenate([1.0 - C.sum(axis=1) * c, np.full(d, c)])
    points = G / h[:, None]
    hull = ConvexHull(points)
    eq = hull.equations  # normal . p + offset = 0, offset < 0 (origin inside)
    offsets = eq[:, -1]
    Z = -eq[:, :-1] / offsets[:, None]
    V = Z + c
    # drop the origin of the untranslated polytope
    V = V[V.sum(axis=1) > 1e-9]
    V[V < 0] = np.maximum(V[V < 0], 0.0)
    return V


def is_degenerate(game, tol: float | None = None) -> bool:
    """Whether the bimatrix game is degenerate: some vertex of a best-response
    polytope carries more labels than its dimension.

    Examples
    --------
    >>> from leverage import Game
    >>> is_degenerate(Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]))
    False
    >>> is_degenerate(Game.from_bimatrix([[1, 1], [1, 1]], [[1, 0], [0, 1]]))
    True
    """
    from leverage.solvers.support import polytope_vertices_bases

    rtol = RTOL if tol is None else tol
    A, B = game.payoffs
    An, Bn = normalized_bimatrix(A, B)
    # quick sufficient test: a pure strategy with two pure best responses
    for M, axis in ((An, 0), (Bn, 1)):
        best = M.max(axis=axis, keepdims=True)
        if np.any((M >= best - rtol).sum(axis=axis) > 1):
            return True
    for C in (Bn.T, An):
        d = C.shape[1]
        try:
            V = polytope_vertices_qhull(C) if d > 4 else polytope_vertices_bases(C)
        except QhullError:
            V = polytope_vertices_bases(C)
        if np.any(vertex_labels(V, C, rtol).sum(axis=1) > d):
            return True
    return False
