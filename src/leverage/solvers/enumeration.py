"""``equilibria(game, method="auto")``: every extreme Nash equilibrium of a game.

Two-player games go to vertex or support enumeration; games with more players
to the polynomial method of :mod:`leverage.solvers.polynomial`.
"""

from __future__ import annotations

import functools
import warnings

from typing import Any

import numpy as np  # noqa: F401  (used by the doctests)
from scipy.spatial import QhullError

from leverage.results import (
    Equilibrium,
    IncompleteEnumerationWarning,
    SolverError,
    UnverifiedEquilibriumError,
    unique_equilibria,
    verified_equilibrium,
)
from leverage.game import Game
from leverage.solvers.polynomial import GameTooLargeError, polynomial_equilibria
from leverage.solvers.polytope import extreme_equilibrium_candidates
from leverage.solvers.pure import pure_equilibria
from leverage.solvers.support import polytope_vertices_bases
from leverage.solvers.vertex import polytope_vertices_qhull
from leverage.tolerance import check_rtol

__all__ = ["equilibria", "METHODS"]

METHODS = ("auto", "vertex", "support", "polynomial", "pure")


def _enumerate(game: Game, method: str, rtol: float) -> list[Equilibrium]:
    A, B = game.payoffs
    lister = polytope_vertices_qhull if method == "vertex" else polytope_vertices_bases
    candidates, _, _ = extreme_equilibrium_candidates(A, B, lister, rtol)
    found = [verified_equilibrium(game, (x, y), method, rtol=rtol) for x, y in candidates]
    return unique_equilibria(found)


def _polynomial(game: Game, rtol: float) -> list[Equilibrium]:
    # the polynomial method's own warnings name polynomial_equilibria(); point them at the caller
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", IncompleteEnumerationWarning)
        found = polynomial_equilibria(game, tol=rtol)
    for w in caught:
        if issubclass(w.category, IncompleteEnumerationWarning):
            message = str(w.message).removeprefix("polynomial_equilibria(): ")
            warnings.warn(f"equilibria(): {message}", IncompleteEnumerationWarning, stacklevel=3)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return found


@functools.singledispatch
def equilibria(game: Game, method: str = "auto", tol: float | None = None) -> list[Any]:
    """Every extreme Nash equilibrium of a two-player game; mixed ones of small n-player games too.

    Extensive-form games (:class:`~leverage.extensive.ExtensiveGame`,
    :class:`~leverage.GameTree`) are accepted too: their modules register a
    solver for them here (:func:`functools.singledispatch`), which solves the
    reduced normal form and returns behaviour strategies
    (:func:`leverage.extensive.extensive_equilibria`).

    For two players the result holds every *extreme* equilibrium -- degenerate
    games included -- so that every equilibrium of the game is a convex
    combination of returned ones within a component (see
    :func:`~leverage.equilibrium_components`). For more players it holds every
    equilibrium, mixed ones included, of games within the limits of
    :func:`~leverage.solvers.polynomial.polynomial_equilibria` that have
    finitely many equilibria. Each one is verified against the library's
    tolerance rule.

    Parameters
    ----------
    game : Game
        The game.
    method : {"auto", "vertex", "support", "polynomial", "pure"}
        ``"vertex"``: vertex enumeration of the best-response polytopes (one
        qhull call per player); ``"support"``: support enumeration by batched
        linear solves, with unequal supports in degenerate games;
        ``"polynomial"``: support enumeration over polynomial indifference
        systems solved by Groebner bases or homotopy continuation, any
        number of players up to six
        (:func:`~leverage.solvers.polynomial.polynomial_equilibria`);
        ``"pure"``: pure equilibria only; ``"auto"``: for two players vertex
        enumeration (the faster at every size measured), falling back to
        support enumeration if qhull fails or a candidate does not verify;
        for other numbers of players the polynomial method, falling back to
        pure equilibria (with a warning) when the game is beyond its limits.
    tol : float, optional
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Returns
    -------
    list of Equilibrium
        Distinct equilibria in a deterministic order.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~leverage.Game`.
    ValueError
        If ``method`` is unknown, or a two-player method is asked of an
        n-player game.
    SolverError
        If no method can produce verified equilibria;
        :class:`~leverage.solvers.polynomial.GameTooLargeError` if
        ``method="polynomial"`` is asked of a game beyond its limits.

    Warns
    -----
    IncompleteEnumerationWarning
        For games with more than two players, when the game is degenerate and
        some supports may carry a continuum of equilibria (the points returned
        there are samples), or when the game is beyond the limits of the
        polynomial method and only pure equilibria are returned.

    Examples
    --------
    Battle of the sexes has two pure equilibria and one mixed:

    >>> from leverage import Game, equilibria
    >>> bos = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> for eq in equilibria(bos):
    ...     print(np.round(eq.strategies[0], 4), np.round(eq.strategies[1], 4))
    [1. 0.] [1. 0.]
    [0.6667 0.3333] [0.3333 0.6667]
    [0. 1.] [0. 1.]

    A degenerate game (the column player is indifferent) has a continuum of
    equilibria, given by its extreme points:

    >>> g = Game.from_bimatrix([[1, 0], [0, 1]], [[0, 0], [0, 0]])
    >>> len(equilibria(g))
    4

    Three players who all want to choose alike: two pure equilibria and one
    where everybody mixes half and half:

    >>> u = np.zeros((2, 2, 2)); u[0, 0, 0] = u[1, 1, 1] = 1.0
    >>> [np.round(eq.strategies[2], 3) for eq in equilibria(Game([u, u, u]))]
    [array([1., 0.]), array([0.5, 0.5]), array([0., 1.])]
    """
    if not isinstance(game, Game):
        raise TypeError(
            f"equilibria(): game must be a leverage.Game, ExtensiveGame or GameTree; got {type(game).__name__}"
        )
    if method not in METHODS:
        raise ValueError(f"equilibria(): unknown method {method!r}; choose one of {', '.join(METHODS)}")
    rtol = check_rtol(tol, "equilibria")
    if method == "pure":
        return pure_equilibria(game, tol=rtol)
    if method == "polynomial":
        return _polynomial(game, rtol)
    if game.n_players != 2:
        if method != "auto":
            raise ValueError(
                f"equilibria(): method {method!r} is for two-player games; this game has "
                f"{game.n_players} players (use method='polynomial', 'pure' or 'auto')"
            )
        try:
            return _polynomial(game, rtol)
        except GameTooLargeError as exc:
            warnings.warn(
                f"equilibria(): only pure equilibria are enumerated for this {game.n_players}-player game, "
                f"so the list may be incomplete: {exc}",
                IncompleteEnumerationWarning,
                stacklevel=2,
            )
            return pure_equilibria(game, tol=rtol)
    if method == "auto":
        method = "vertex"
    try:
        return _enumerate(game, method, rtol)
    except (QhullError, UnverifiedEquilibriumError) as exc:
        if method == "support":
            raise SolverError(f"equilibria(): support enumeration could not verify its result: {exc}") from exc
        first = exc
    try:
        return _enumerate(game, "support", rtol)
    except UnverifiedEquilibriumError as exc:
        raise SolverError(
            f"equilibria(): neither vertex enumeration ({first}) nor support enumeration ({exc}) "
            "produced verified equilibria"
        ) from exc
