"""Vertex enumeration of the best-response polytopes: qhull on the polar, or double description.

:func:`polytope_vertices` chooses the method. qhull (below) is the faster on
the polytopes of generic games, but it cannot be interrupted, and on highly
degenerate polytopes (games with 0/1 payoffs, say) it is slower than the
double description method by orders of magnitude; so it is used only where
it is safe -- on games without tied best responses to a pure strategy and
without a deadline, or on polytopes so small that their vertices are few
whatever the game -- and the double description method
(:mod:`leverage.solvers.double_description`) everywhere else.

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

from math import comb

import numpy as np
from scipy.spatial import ConvexHull, QhullError

from leverage.game import Game
from leverage.results import SolverError
from leverage.solvers.double_description import polytope_vertices_dd
from leverage.solvers.polytope import check_polytope, normalized_bimatrix, unit_scale, vertex_labels
from leverage.tolerance import ORIGIN_TOL, resolve_rtol

# Internal helpers, not in __all__ (other leverage modules import them by name and pass them data a public
# function has checked; they do not check it again): has_tied_best_responses.
__all__ = [
    "polytope_vertices_qhull",
    "polytope_vertices",
    "is_degenerate",
    "SMALL_POLYTOPE_BASES",
]

#: Polytopes with at most this many bases, ``C(k + d, d)``, are small enough for qhull in any case.
SMALL_POLYTOPE_BASES = 4096


class QhullFailedError(SolverError, QhullError):
    """qhull could not build the hull (a :class:`~leverage.SolverError` naming the function, and a ``QhullError``)."""


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
    TypeError, ValueError
        If ``C`` is not a 2-D array of finite, positive real numbers.
    leverage.SolverError
        If qhull fails (callers fall back to the double description method);
        the error is also a ``scipy.spatial.QhullError``.

    Examples
    --------
    >>> V = polytope_vertices_qhull(np.array([[1.0, 1.0]]))
    >>> V = np.unique(np.round(V, 12), axis=0)
    >>> V[np.lexsort(V.T)]
    array([[1., 0.],
           [0., 1.]])
    """
    C = check_polytope(C, "polytope_vertices_qhull()")
    if (f := unit_scale(C)) != 1.0:
        return polytope_vertices_qhull(f * C) * f
    k, d = C.shape
    if d == 1:
        t = 1.0 / C[:, 0].max()
        return np.array([[t]])
    # interior point c * 1: C (c 1) <= 2 d c < 1 and c > 0
    c = 1.0 / (4.0 * d * max(1.0, C.max() / 2.0))
    G = np.concatenate([C, -np.eye(d)])
    h = np.concatenate([1.0 - C.sum(axis=1) * c, np.full(d, c)])
    points = G / h[:, None]
    try:
        hull = ConvexHull(points)
    except QhullError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QhullFailedError(f"polytope_vertices_qhull(): qhull failed on this polytope ({reason}); "
                               f"polytope_vertices() falls back to the double description method") from None
    eq = hull.equations  # normal . p + offset = 0, offset < 0 (origin inside)
    offsets = eq[:, -1]
    Z = -eq[:, :-1] / offsets[:, None]
    V = Z + c
    # drop the origin of the untranslated polytope
    V = V[V.sum(axis=1) > ORIGIN_TOL]
    V[V < 0] = np.maximum(V[V < 0], 0.0)
    return V


def polytope_vertices(C: np.ndarray, *, generic: bool = False, deadline: float | None = None) -> np.ndarray:
    """Vertices other than the origin of ``{z >= 0, C z <= 1}``, by qhull where safe, else double description.

    Parameters
    ----------
    C : numpy.ndarray
        Shape ``(k, d)``, positive entries.
    generic : bool
        Whether the caller has found no sign of degeneracy
        (:func:`has_tied_best_responses` is False).
    deadline : float, optional
        A :func:`time.monotonic` time after which the enumeration stops.

    Returns
    -------
    numpy.ndarray
        Shape ``(N, d)``; a vertex of a degenerate polytope may repeat.

    Raises
    ------
    TypeError, ValueError
        If ``C`` is not a 2-D array of finite, positive real numbers, or ``deadline`` is not a number.
    leverage.solvers.polytope.EnumerationStopped
        When the double description method reaches the deadline or its memory budget.

    Notes
    -----
    qhull runs when the polytope has at most :data:`SMALL_POLYTOPE_BASES`
    bases, or when ``generic`` is True and there is no deadline; if qhull
    fails, the double description method runs instead.

    Examples
    --------
    >>> V = polytope_vertices(np.array([[1.0, 2.0], [2.0, 1.0]]))
    >>> np.round(V[np.lexsort(V.T)], 6)
    array([[0.5     , 0.      ],
           [0.333333, 0.333333],
           [0.      , 0.5     ]])
    """
    C = check_polytope(C, "polytope_vertices()", deadline)
    if (f := unit_scale(C)) != 1.0:
        return polytope_vertices(f * C, generic=generic, deadline=deadline) * f
    k, d = C.shape
    if comb(k + d, d) <= SMALL_POLYTOPE_BASES or (generic and deadline is None):
        try:
            return polytope_vertices_qhull(C)
        except QhullError:
            pass
    return polytope_vertices_dd(C, deadline=deadline)


def has_tied_best_responses(An: np.ndarray, Bn: np.ndarray, rtol: float) -> bool:
    """Whether some pure strategy has two pure best responses (a sufficient sign of degeneracy).

    Parameters
    ----------
    An, Bn : numpy.ndarray
        The bimatrix game, payoffs rescaled to ``[1, 2]``
        (:func:`~leverage.solvers.polytope.normalized_bimatrix`).
    rtol : float
        Relative tolerance: payoffs within ``rtol`` (of the range 1) tie.

    Examples
    --------
    >>> has_tied_best_responses(np.array([[2.0, 1.0], [1.0, 2.0]]), np.array([[2.0, 1.0], [1.0, 2.0]]), 1e-8)
    False
    >>> has_tied_best_responses(np.array([[2.0, 1.0], [2.0, 1.0]]), np.array([[2.0, 1.0], [1.0, 2.0]]), 1e-8)
    True
    """
    for M, axis in ((An, 0), (Bn, 1)):
        best = M.max(axis=axis, keepdims=True)
        if np.any((M >= best - rtol).sum(axis=axis) > 1):
            return True
    return False


def is_degenerate(game: Game, rtol: float | None = None, *, tol: float | None = None) -> bool:
    """Whether the bimatrix game is degenerate: some vertex of a best-response
    polytope carries more labels than its dimension.

    A bimatrix game is nondegenerate when no mixed strategy with support of
    size ``k`` has more than ``k`` pure best responses (von Stengel 2007,
    Definition 3.2). Ties between payoffs (equal outside options, "do
    nothing" rows) usually make a game degenerate. Exported as
    ``leverage.is_degenerate`` and ``leverage.solvers.is_degenerate``.

    Parameters
    ----------
    game : Game
        A two-player game.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Returns
    -------
    bool
        ``True`` if the game is degenerate under the tolerance rule.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~leverage.Game`.
    ValueError
        If ``tol`` is not a finite number in ``[0, 1)`` or the game does not have two players.

    Examples
    --------
    >>> from leverage import Game
    >>> is_degenerate(Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]))
    False
    >>> is_degenerate(Game.from_bimatrix([[1, 1], [1, 1]], [[1, 0], [0, 1]]))
    True
    >>> is_degenerate(Game.from_bimatrix([[1, 1], [0, 1]], [[1, 0], [0, 1]]), rtol=1e-8)
    True
    """
    if not isinstance(game, Game):
        raise TypeError(f"is_degenerate(): game must be a leverage.Game; got {type(game).__name__}")
    rtol = resolve_rtol(rtol, tol, "is_degenerate")
    if len(game.payoffs) != 2:
        raise ValueError(
            f"is_degenerate(): degeneracy is defined here for two-player games; got {len(game.payoffs)} players"
        )
    A, B = game.payoffs
    An, Bn = normalized_bimatrix(A, B)
    if has_tied_best_responses(An, Bn, rtol):
        return True
    for C in (Bn.T, An):
        V = polytope_vertices(C)  # qhull only on small polytopes: this game may be degenerate
        if np.any(vertex_labels(V, C, rtol).sum(axis=1) > C.shape[1]):
            return True
    return False
