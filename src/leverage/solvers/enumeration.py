"""``equilibria(game, method="auto")``: every extreme Nash equilibrium of a game."""

from __future__ import annotations

import warnings

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
from leverage.solvers.polytope import extreme_equilibrium_candidates
from leverage.solvers.pure import pure_equilibria
from leverage.solvers.support import polytope_vertices_bases
from leverage.solvers.vertex import polytope_vertices_qhull
from leverage.tolerance import check_rtol

__all__ = ["equilibria", "METHODS"]

METHODS = ("auto", "vertex", "support", "pure")


def _enumerate(game: Game, method: str, rtol: float) -> list[Equilibrium]:
    A, B = game.payoffs
    lister = polytope_vertices_qhull if method == "vertex" else polytope_vertices_bases
    candidates, _, _ = extreme_equilibrium_candidates(A, B, lister, rtol)
    found = [verified_equilibrium(game, (x, y), method, rtol=rtol) for x, y in candidates]
    return unique_equilibria(found)


def equilibria(game: Game, method: str = "auto", tol: float | None = None) -> list[Equilibrium]:
    """Every extreme Nash equilibrium of a two-player game; pure ones for n players.

    For two players the result holds every *extreme* equilibrium -- degenerate
    games included -- so that every equilibrium of the game is a convex
    combination of returned ones within a component (see
    :func:`~leverage.equilibrium_components`). Each one is verified against the
    library's tolerance rule.

    Parameters
    ----------
    game : Game
        The game.
    method : {"auto", "vertex", "support", "pure"}
        ``"vertex"``: vertex enumeration of the best-response polytopes (one
        qhull call per player); ``"support"``: support enumeration by batched
        linear solves, with unequal supports in degenerate games;
        ``"pure"``: pure equilibria only; ``"auto"``: vertex enumeration (the
        faster at every size measured), falling back to support enumeration
        if qhull fails or a candidate does not verify.
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
        If no method can produce verified equilibria.

    Warns
    -----
    IncompleteEnumerationWarning
        For games with more than two players: only pure equilibria are
        enumerated for now, mixed n-player equilibria are not.

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
    """
    if not isinstance(game, Game):
        raise TypeError(f"equilibria(): game must be a leverage.Game; got {type(game).__name__}")
    if method not in METHODS:
        raise ValueError(f"equilibria(): unknown method {method!r}; choose one of {', '.join(METHODS)}")
    rtol = check_rtol(tol, "equilibria")
    if method == "pure":
        return pure_equilibria(game, tol=rtol)
    if game.n_players != 2:
        if method != "auto":
            raise ValueError(
                f"equilibria(): method {method!r} is for two-player games; this game has "
                f"{game.n_players} players (use method='pure' or 'auto')"
            )
        warnings.warn(
            f"equilibria(): for {game.n_players}-player games only pure equilibria are enumerated; "
            "mixed n-player equilibria are not yet supported, so the list may be incomplete",
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
