"""The games a scenario can build, by name.

Each entry maps a game's name (as written in a scenario file) to a function
of a :class:`~leverage.ParameterSet` returning the model. Scenario files
(:func:`leverage.io.load_scenario`) name games from this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from leverage.parameters import ParameterSet
from leverage.scenarios.export_restriction import export_restriction_game

__all__ = ["GAMES", "game_names"]

#: Builders of the scenario games: name -> function of a ParameterSet.
GAMES: dict[str, Callable[[ParameterSet], Any]] = {
    "export_restriction": export_restriction_game,
}


def game_names() -> tuple[str, ...]:
    """The names of the games a scenario can build.

    Examples
    --------
    >>> "export_restriction" in game_names()
    True
    """
    return tuple(GAMES)
