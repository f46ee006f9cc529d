"""Reduced pure plans, the reduced normal form, and Kuhn's theorem both ways.

A *reduced plan* of a player chooses an action at every information set that
the player's own earlier choices do not rule out; plans that differ only at
sets their own moves exclude are one plan (Osborne and Rubinstein 1994,
chapter 11). The *reduced normal form* has these plans as strategies and the
expected payoffs over chance as payoffs. Plan names join the player's actions
at its information sets, in order, with ``"/"``, and ``"*"`` where the plan
never arrives.

Kuhn's theorem (1953): under perfect recall, a mixed plan and the behaviour
strategy read off its realization plan induce the same distribution over the
terminals, whatever the others do. :func:`behaviour_from_mixed` and
:func:`mixed_from_behaviour` convert both ways.

These functions use only the public interface of
:class:`~leverage.extensive.ExtensiveGame` (its methods of the same names
call them).

Examples
--------
>>> from leverage.nodes import Decision, Terminal
>>> from leverage.extensive import ExtensiveGame
>>> g = ExtensiveGame(Decision("A", {"x": Decision("A", {"l": Terminal([1]), "r": Terminal([0])}),
...                                  "y": Terminal([0])}), players=("A",))
>>> reduced_plans(g, "A")
({'root': 'x', 'root/x': 'l'}, {'root': 'x', 'root/x': 'r'}, {'root': 'y'})
>>> plan_names(g, "A")
('x/l', 'x/r', 'y/*')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from leverage.checks import real_array
from leverage.game import Game
from leverage.nodes import PATH_SEPARATOR
from leverage.tolerance import PROBABILITY_ATOL

if TYPE_CHECKING:  # only for annotations: the game type lives in leverage.extensive.tree
    from leverage.extensive.tree import ExtensiveGame

__all__ = [
    "MAX_CELLS",
    "NOT_REACHED",
    "behaviour_from_mixed",
    "mixed_from_behaviour",
    "plan_count",
    "plan_names",
    "plan_realization",
    "reduced_normal_form",
    "reduced_plans",
]

#: Default bound on the number of cells of the reduced normal form.
MAX_CELLS: int = 1_000_000

#: Plan-name entry at an information set the plan's own earlier moves rule out.
NOT_REACHED = "*"

#: Mixed plans must sum to 1 within this tolerance (per entry).
_MIX_ATOL = PROBABILITY_ATOL


_NO_PLAYER = object()


#: What these functions read of a game: an :class:`~leverage.extensive.ExtensiveGame` has all of it. The
#: check is by these attributes, not by the class, so that this module does not import the one that
#: defines the class (which imports this one): the import graph stays acyclic.
_GAME_INTERFACE = ("players", "n_players", "infosets", "infosets_of", "action_sequence", "terminal_sequences",
                   "terminal_payoffs", "terminal_chance", "plans", "check_behaviour", "behaviour_from_realization")


def _check(game: Any, caller: str, player: Any = _NO_PLAYER) -> None:
    """Raise unless ``game`` is an extensive game and ``player`` (when given) one of its players."""
    if isinstance(game, type) or not all(hasattr(game, name) for name in _GAME_INTERFACE):
        raise TypeError(f"{caller}: game must be an ExtensiveGame; got {type(game).__name__}")
    if player is not _NO_PLAYER and (not isinstance(player, str) or player not in game.players):
        raise ValueError(f"{caller}: unknown player {player!r}; players are {game.players}")


def _settle_order(game: ExtensiveGame, player: str) -> list[Any]:
    """The player's information sets, deepest first: a set's action sequences come after its parent's."""
    sets = game.infosets_of(player)
    return sorted(sets, key=lambda s: -game.action_sequence(s.id, s.actions[0]))


def plan_count(game: ExtensiveGame, player: str) -> int:
    """How many reduced plans ``player`` has, without listing them.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive import ExtensiveGame
    >>> g = ExtensiveGame(Decision("A", {"x": Decision("A", {"l": Terminal([1]), "r": Terminal([0])}),
    ...                                  "y": Terminal([0])}), players=("A",))
    >>> plan_count(g, "A")
    3
    """
    _check(game, "plan_count()", player)
    count = [1] * len(game.sequences(player))
    for s in _settle_order(game, player):
        count[game.parent_sequence(s.id)] *= sum(count[game.action_sequence(s.id, a)] for a in s.actions)
    return count[0]


def reduced_plans(game: ExtensiveGame, player: str) -> tuple[dict[str, str], ...]:
    """``player``'s reduced pure plans, ``{information set id: action}``.

    Sets are taken in preorder and actions in declaration order, so the first
    plan takes the first action everywhere. Recursion depth is the number of
    the player's own moves on a path.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive import ExtensiveGame
    >>> g = ExtensiveGame(Decision("A", {"x": Terminal([1]), "y": Terminal([0])}), players=("A",))
    >>> reduced_plans(g, "A")
    ({'root': 'x'}, {'root': 'y'})
    """
    _check(game, "reduced_plans()", player)
    children: dict[int, list[Any]] = {}
    for s in game.infosets_of(player):
        children.setdefault(game.parent_sequence(s.id), []).append(s)

    def below(seq: int) -> list[dict[str, str]]:
        plans: list[dict[str, str]] = [{}]
        for s in children.get(seq, ()):
            options = [{s.id: a, **rest} for a in s.actions for rest in below(game.action_sequence(s.id, a))]
            plans = [{**p, **q} for p in plans for q in options]
        return plans

    order = {s.id: k for k, s in enumerate(game.infosets_of(player))}
    return tuple(dict(sorted(p.items(), key=lambda item: order[item[0]])) for p in below(0))


def plan_names(game: ExtensiveGame, player: str) -> tuple[str, ...]:
    """Names of ``player``'s reduced plans: its action at each of its sets, ``"*"`` where not reached.

    A player without information sets has the single plan ``"-"``.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive import ExtensiveGame
    >>> g = ExtensiveGame(Decision("A", {"x": Terminal([1, 0]), "y": Terminal([0, 0])}), players=("A", "B"))
    >>> plan_names(g, "A"), plan_names(g, "B")
    (('x', 'y'), ('-',))
    """
    _check(game, "plan_names()", player)
    sets = [s.id for s in game.infosets_of(player)]
    if not sets:
        return ("-",)
    return tuple(PATH_SEPARATOR.join(p.get(s, NOT_REACHED) for s in sets) for p in game.plans(player))


def plan_realization(game: ExtensiveGame, player: str) -> np.ndarray:
    """0/1 matrix ``(plans, sequences)``: which of ``player``'s sequences each reduced plan plays.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive import ExtensiveGame
    >>> g = ExtensiveGame(Decision("A", {"x": Terminal([1]), "y": Terminal([0])}), players=("A",))
    >>> plan_realization(g, "A")
    array([[1., 1., 0.],
           [1., 0., 1.]])
    """
    _check(game, "plan_realization()", player)
    plans = game.plans(player)
    R = np.zeros((len(plans), len(game.sequences(player))))
    R[:, 0] = 1.0
    for row, plan in enumerate(plans):
        for sid, action in plan.items():
            R[row, game.action_sequence(sid, action)] = 1.0
    return R


def reduced_normal_form(game: ExtensiveGame, max_cells: int = MAX_CELLS, *, caller: str = "reduced_normal_form()") -> Game:
    """The reduced normal form: every reduced plan of every player, expected payoffs over chance.

    The payoff of a plan profile is ``sum_z c(z) u(z) prod_i [plan_i plays
    seq_i(z)]`` over the terminals ``z``, with ``c(z)`` the product of the
    chance probabilities on the path: one ``numpy.einsum`` over the plans'
    realization matrices.

    Parameters
    ----------
    game : ExtensiveGame
        The game.
    max_cells : int
        Largest number of pure profiles allowed (default :data:`MAX_CELLS`);
        the reduced normal form grows exponentially with the tree.

    Raises
    ------
    ValueError
        If the normal form would have more than ``max_cells`` cells.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive import ExtensiveGame
    >>> g = ExtensiveGame(Decision("A", {"x": Decision("B", {"l": Terminal([2, 1]), "r": Terminal([0, 0])}),
    ...                                  "y": Terminal([1, 2])}), players=("A", "B"))
    >>> reduced_normal_form(g).payoffs[0]
    array([[2., 0.],
           [1., 1.]])
    """
    _check(game, caller)
    if isinstance(max_cells, bool) or not isinstance(max_cells, (int, np.integer)):
        raise TypeError(f"{caller}: max_cells must be an integer; got {max_cells!r}")
    if max_cells < 1:
        raise ValueError(f"{caller}: max_cells must be at least 1; got {max_cells}")
    counts = [plan_count(game, p) for p in game.players]
    cells = math.prod(counts)
    if cells > max_cells:
        raise ValueError(
            f"{caller}: the reduced normal form would have {cells} cells (plans per player: "
            f"{tuple(counts)}), more than max_cells={max_cells}; solve the tree in behaviour strategies "
            f"(leverage.equilibrium) instead"
        )
    n = game.n_players
    seqs = game.terminal_sequences
    mats = [plan_realization(game, p)[:, seqs[:, i]] for i, p in enumerate(game.players)]
    letters = "abcdefghijklmnopqrstuvwxy"[:n]
    spec = ",".join(f"{c}z" for c in letters) + ",zp->p" + letters
    weights = game.terminal_payoffs * game.terminal_chance[:, None]
    full = np.einsum(spec, *mats, weights, optimize=True)
    return Game(
        [np.ascontiguousarray(full[i]) for i in range(n)],
        players=game.players,
        strategies=[plan_names(game, p) for p in game.players],
    )


def behaviour_from_mixed(
    game: ExtensiveGame, mixes: Sequence[Any], *, caller: str = "behaviour_from_mixed()"
) -> dict[str, dict[str, float]]:
    """The behaviour profile of mixed reduced plans (Kuhn's theorem).

    Each player's realization plan is its mixed plan times the plans'
    realization matrix; the behaviour at a set is the realization of each
    action's sequence over that of the set's parent sequence (uniform where
    the player's own mix never arrives).

    Parameters
    ----------
    game : ExtensiveGame
        The game.
    mixes : sequence of array_like
        One probability vector over the reduced plans per player (a mixed
        strategy of the reduced normal form, or an :class:`~leverage.Equilibrium`).

    Raises
    ------
    ValueError
        If there is not one probability vector of the right length per player.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive import ExtensiveGame
    >>> g = ExtensiveGame(Decision("A", {"x": Decision("A", {"l": Terminal([1]), "r": Terminal([0])}),
    ...                                  "y": Terminal([0])}), players=("A",))
    >>> behaviour_from_mixed(g, [[0.25, 0.25, 0.5]])
    {'root': {'x': 0.5, 'y': 0.5}, 'root/x': {'l': 0.5, 'r': 0.5}}
    """
    _check(game, caller)
    if hasattr(mixes, "strategies"):
        mixes = mixes.strategies
    if isinstance(mixes, (str, bytes)) or not isinstance(mixes, Iterable):
        raise TypeError(f"{caller}: mixes must hold one mixed plan per player; got {mixes!r}")
    mixes = list(mixes)
    if len(mixes) != game.n_players:
        raise ValueError(f"{caller}: need one mixed plan per player ({game.n_players}); got {len(mixes)}")
    out: dict[str, dict[str, float]] = {}
    for player, mix in zip(game.players, mixes):
        R = plan_realization(game, player)
        try:
            vec = real_array(mix, f"the mixed plan of {player!r}", caller, finite=False)
        except (TypeError, ValueError):
            raise TypeError(f"{caller}: the mixed plan of {player!r} must be a vector of numbers") from None
        if vec.shape != (R.shape[0],):
            raise ValueError(
                f"{caller}: the mixed plan of {player!r} must have {R.shape[0]} entries; got shape {vec.shape}"
            )
        if not np.all(np.isfinite(vec)) or vec.min() < -_MIX_ATOL or abs(vec.sum() - 1) > _MIX_ATOL * len(vec):
            raise ValueError(f"{caller}: the mixed plan of {player!r} is not a probability vector: {vec}")
        out.update(game.behaviour_from_realization(player, np.clip(vec, 0, None) @ R))
    return {s.id: out[s.id] for s in game.infosets}


def mixed_from_behaviour(
    game: ExtensiveGame, behaviour: Any, *, caller: str = "mixed_from_behaviour()"
) -> tuple[np.ndarray, ...]:
    """Mixed reduced plans equivalent to a behaviour profile: each plan's probability is the product of its moves.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive import ExtensiveGame
    >>> g = ExtensiveGame(Decision("A", {"x": Decision("A", {"l": Terminal([1]), "r": Terminal([0])}),
    ...                                  "y": Terminal([0])}), players=("A",))
    >>> mixed_from_behaviour(g, {"root": {"x": 0.5, "y": 0.5}, "root/x": {"l": 0.5, "r": 0.5}})
    (array([0.25, 0.25, 0.5 ]),)
    """
    _check(game, caller)
    profile = game.check_behaviour(behaviour, caller)
    return tuple(
        np.array([math.prod(profile[sid][action] for sid, action in plan.items()) for plan in game.plans(p)])
        for p in game.players
    )
