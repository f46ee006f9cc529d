"""The games a scenario can build, by name.

Each entry maps a game's name (as written in a scenario file) to a function
of a :class:`~leverage.ParameterSet` (the combined set of
:func:`~leverage.scenarios.trajectories.default_parameters`, or any set with
the names the game needs) returning the model or its solved outcome. Scenario files
(:func:`leverage.io.load_scenario`) name games from this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from leverage.parameters import ParameterSet
from leverage.scenarios.alignment import alignment_game
from leverage.scenarios.export_restriction import export_restriction_game, export_restriction_parameters
from leverage.scenarios.london_talks import london_talks_linkage
from leverage.scenarios.recycling import recycling_outcome
from leverage.scenarios.trajectories import coercion_model


def _export_restriction(parameters: ParameterSet) -> Any:
    names = export_restriction_parameters().names
    return export_restriction_game(ParameterSet({k: parameters[k] for k in names}))

__all__ = ["GAMES", "game_names"]

#: Builders of the scenario games: name -> function of a ParameterSet.
GAMES: dict[str, Callable[[ParameterSet], Any]] = {
    "export_restriction": _export_restriction,
    "alignment": alignment_game,
    "coercion": coercion_model,
    "recycling": recycling_outcome,
    "london_talks": london_talks_linkage,
}


def game_names() -> tuple[str, ...]:
    """The names of the games a scenario can build.

    Examples
    --------
    >>> "export_restriction" in game_names()
    True
    """
    return tuple(GAMES)
