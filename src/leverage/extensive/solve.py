"""Every extreme equilibrium of an extensive-form game, through its reduced normal form.

:func:`extensive_equilibria` solves the reduced normal form
(:meth:`~leverage.extensive.ExtensiveGame.to_game`) with the normal-form
enumerators (:func:`leverage.equilibria`: every extreme equilibrium of a
two-player game, degenerate games included; mixed equilibria of small n-player
games), maps each mixed plan back to behaviour strategies by Kuhn's theorem
and verifies the behaviour profile in the tree. Its cost grows with the
reduced normal form, which is exponential in the tree; for one equilibrium of
a large two-player tree use :func:`leverage.equilibrium`, which runs Lemke's
algorithm on the sequence form (linear in the tree).

This module registers both solvers with :func:`leverage.equilibria` and
:func:`leverage.equilibrium`, so those accept an
:class:`~leverage.extensive.ExtensiveGame` or a :class:`~leverage.GameTree`:
``equilibrium`` runs :func:`~leverage.extensive.sequence_form.sequence_form_equilibrium`
on two-player trees and returns the first equilibrium of
:func:`extensive_equilibria` on others.

Examples
--------
An entry game: the incumbent's threat to fight is not
credible, but the reduced normal form has a Nash equilibrium that rests on it.

>>> import leverage
>>> from leverage.nodes import Decision, Terminal
>>> from leverage.extensive.tree import ExtensiveGame
>>> game = ExtensiveGame(
...     Decision("Entrant", {
...         "Enter": Decision("Incumbent", {"Fight": Terminal([-1, -1]), "Share": Terminal([1, 1])}),
...         "Out": Terminal([0, 2]),
...     }),
...     players=("Entrant", "Incumbent"),
... )
>>> for eq in leverage.equilibria(game):
...     print(dict(eq.behaviour["root"]), dict(eq.behaviour["root/Enter"]))
{'Enter': 1.0, 'Out': 0.0} {'Fight': 0.0, 'Share': 1.0}
{'Enter': 0.0, 'Out': 1.0} {'Fight': 1.0, 'Share': 0.0}
{'Enter': 0.0, 'Out': 1.0} {'Fight': 0.5, 'Share': 0.5}
"""

from __future__ import annotations

from leverage.checks import renamed
from leverage.extensive.profiles import (
    ExtensiveEquilibrium,
    unique_extensive_equilibria,
    verified_extensive_equilibrium,
)
from leverage.extensive.sequence_form import sequence_form_equilibrium
from leverage.extensive.tree import MAX_CELLS, ExtensiveGame
from leverage.results import EquilibriumList, SolverError, UnverifiedEquilibriumError
from leverage.sequential import GameTree
from leverage.solvers.enumeration import METHODS, equilibria
from leverage.solvers.complementary_pivoting import equilibrium
from leverage.tolerance import resolve_rtol

__all__ = ["extensive_equilibria", "as_extensive_game"]


def as_extensive_game(game: object, caller: str) -> ExtensiveGame:
    """``game`` as an :class:`ExtensiveGame` (a :class:`GameTree` is converted); a clear error otherwise.

    Examples
    --------
    >>> from leverage import GameTree
    >>> from leverage.nodes import Decision, Terminal
    >>> as_extensive_game(GameTree(Decision("A", {"x": Terminal([1])}), players=("A",)), "f()")
    ExtensiveGame(A; 1 information set, 1 decision node, 0 chance nodes, 1 terminal)
    >>> as_extensive_game(3, "f()")
    Traceback (most recent call last):
    ...
    TypeError: f(): game must be an ExtensiveGame or a GameTree; got int
    """
    if isinstance(game, ExtensiveGame):
        return game
    if isinstance(game, GameTree):
        return ExtensiveGame.from_tree(game)
    raise TypeError(f"{caller}: game must be an ExtensiveGame or a GameTree; got {type(game).__name__}")


def extensive_equilibria(
    game: ExtensiveGame | GameTree,
    method: str = "auto",
    rtol: float | None = None,
    max_cells: int = MAX_CELLS,
    *,
    max_equilibria: int | None = None,
    time_limit: float | None = None,
    tol: float | None = None,
) -> EquilibriumList:
    """Every extreme Nash equilibrium of a small extensive-form game, in behaviour strategies.

    The reduced normal form is solved by :func:`leverage.equilibria` (every
    extreme equilibrium for two players; every equilibrium of small n-player
    games with finitely many), each mixed plan is turned into behaviour
    strategies (Kuhn 1953) -- uniform at information sets a player's own plan
    never reaches -- and verified in the tree. Mixed plans that give the same
    behaviour profile are reported once.

    Parameters
    ----------
    game : ExtensiveGame or GameTree
        The game.
    method : str
        The normal-form method (see :func:`leverage.equilibria`).
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.RTOL`).
    max_cells : int
        Bound on the size of the reduced normal form.
    max_equilibria, time_limit : optional
        Bounds on the normal-form enumeration (see :func:`leverage.equilibria`).

    Returns
    -------
    EquilibriumList of ExtensiveEquilibrium
        Each with its behaviour strategies, payoffs, beliefs on path and regret;
        ``method`` is ``"reduced normal form/"`` followed by the normal-form method.
        ``complete`` is False when the normal-form enumeration stopped at a bound.

    Raises
    ------
    TypeError
        If ``game`` is not an extensive-form game.
    ValueError
        If ``method`` is unknown or the reduced normal form exceeds ``max_cells``.
    SolverError
        If an equilibrium of the normal form does not verify in the tree.

    Examples
    --------
    Matching pennies played in turns, the second mover not seeing the first:

    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive.tree import ExtensiveGame
    >>> g = ExtensiveGame(
    ...     Decision("A", {
    ...         "H": Decision("B", {"h": Terminal([1, -1]), "t": Terminal([-1, 1])}, infoset="B"),
    ...         "T": Decision("B", {"h": Terminal([-1, 1]), "t": Terminal([1, -1])}, infoset="B"),
    ...     }),
    ...     players=("A", "B"),
    ... )
    >>> eq, = extensive_equilibria(g)
    >>> dict(eq.behaviour["B"]), dict(eq.beliefs["B"])
    ({'h': 0.5, 't': 0.5}, {'root/H': 0.5, 'root/T': 0.5})
    """
    caller = "extensive_equilibria()"
    tree = as_extensive_game(game, caller)
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(f"{caller}: unknown method {method!r}; choose one of {', '.join(METHODS)}")
    rtol = resolve_rtol(rtol, tol, "extensive_equilibria")
    with renamed(("equilibria():", "ExtensiveGame.to_game():"), f"{caller}:"):
        normal = tree.to_game(max_cells=max_cells)
        listed = equilibria(normal, method=method, tol=rtol, max_equilibria=max_equilibria, time_limit=time_limit)
    found = []
    for eq in listed:
        behaviour = tree.behaviour_from_mixed(eq.strategies)
        try:
            found.append(verified_extensive_equilibrium(tree, behaviour, f"reduced normal form/{eq.method}", rtol))
        except UnverifiedEquilibriumError as exc:
            raise SolverError(f"{caller}: an equilibrium of the reduced normal form fails in the tree: {exc}") from exc
    complete = getattr(listed, "complete", True)
    return EquilibriumList(
        unique_extensive_equilibria(found), complete=complete, reason=getattr(listed, "reason", None)
    )


@equilibria.register(ExtensiveGame)
@equilibria.register(GameTree)
def _equilibria_of_tree(
    game: ExtensiveGame | GameTree,
    method: str = "auto",
    tol: float | None = None,
    *,
    max_equilibria: int | None = None,
    time_limit: float | None = None,
) -> EquilibriumList:
    return extensive_equilibria(game, method=method, tol=tol, max_equilibria=max_equilibria, time_limit=time_limit)


@equilibrium.register(ExtensiveGame)
@equilibrium.register(GameTree)
def _equilibrium_of_tree(
    game: ExtensiveGame | GameTree, initial_label: int | None = None, max_pivots: int | None = None
) -> ExtensiveEquilibrium:
    caller = "equilibrium()"
    tree = as_extensive_game(game, caller)
    if initial_label is not None:
        raise ValueError(f"{caller}: initial_label applies to normal-form games, not to extensive-form games")
    if tree.n_players == 2:
        return sequence_form_equilibrium(tree, max_pivots=max_pivots)
    if max_pivots is not None:
        raise ValueError(f"{caller}: max_pivots applies to two-player games; this tree has {tree.n_players} players")
    found = extensive_equilibria(tree)
    if not found:
        raise SolverError(f"{caller}: no verified equilibrium of this {tree.n_players}-player tree was found")
    return found[0]
