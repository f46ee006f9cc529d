"""The games a scenario can build, by name.

Each entry maps a game's name (as written in a scenario file) to a function
of a :class:`~leverage.ParameterSet` (the combined set of
:func:`~leverage.scenarios.trajectories.default_parameters`, or any set with
the names the game needs) returning the model or its solved outcome. The
payoffs of every game are in US$ bn per year
(:data:`~leverage.scenarios.export_restriction.PAYOFF_UNIT`); ``export_restriction``
is the calibrated version of the export-restriction game (names a scenario does
not give take their calibrated values). Scenario files
(:func:`leverage.io.load_scenario`) name games from this registry.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from leverage.checks import UnknownNameError
from leverage.io.game_registry import register_game, registered_games
from leverage.parameters import ParameterSet
from leverage.scenarios.alignment import alignment_game
from leverage.scenarios.export_restriction import (
    calibrated_export_restriction_game,
    calibrated_export_restriction_parameters,
)
from leverage.scenarios.london_talks import london_talks_linkage
from leverage.scenarios.recycling import recycling_outcome
from leverage.scenarios.trajectories import coercion_model


__all__ = ["GAMES", "game_names", "packaged_scenarios", "packaged_scenario"]


def _export_restriction(parameters: ParameterSet) -> Any:
    """The calibrated export-restriction game; names the set lacks take their calibrated values."""
    if not isinstance(parameters, ParameterSet):
        raise TypeError(f"export_restriction: parameters must be a ParameterSet; got {type(parameters).__name__}")
    defaults = calibrated_export_restriction_parameters()
    return calibrated_export_restriction_game(
        ParameterSet({k: parameters[k] if k in parameters else p for k, p in defaults.items()}))


for _name, _builder in {
    "export_restriction": _export_restriction,
    "alignment": alignment_game,
    "coercion": coercion_model,
    "recycling": recycling_outcome,
    "london_talks": london_talks_linkage,
}.items():
    register_game(_name, _builder, replace=True)

#: Builders of the scenario games: name -> function of a ParameterSet (the registry of
#: :mod:`leverage.io.game_registry`, where these games are registered).
GAMES: dict[str, Callable[[ParameterSet], Any]] = registered_games()


def game_names() -> tuple[str, ...]:
    """The names of the games a scenario can build.

    Examples
    --------
    >>> "export_restriction" in game_names()
    True
    """
    return tuple(GAMES)


def packaged_scenarios() -> dict[str, Path]:
    """The scenario files packaged with leverage, by name: the three trajectories.

    Each is a TOML file of values only (ranges, units and sources come from
    :func:`~leverage.scenarios.trajectories.default_parameters`), for
    ``python -m leverage --scenario <name>`` or
    ``leverage.io.load_scenario(path, base=default_parameters())``.

    Examples
    --------
    >>> sorted(packaged_scenarios())
    ['managed_rivalry', 'overshoot_into_confrontation', 'reluctant_multilateralism']
    """
    folder = resources.files("leverage.scenarios") / "presets"
    return {Path(entry.name).stem: Path(str(entry)) for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".toml")}


def packaged_scenario(name: str) -> Path:
    """The path of a packaged scenario, by name; spaces, hyphens and underscores are interchangeable.

    Parameters
    ----------
    name : str
        ``"managed_rivalry"``, ``"managed rivalry"`` or ``"Managed-Rivalry"``.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    UnknownNameError
        If no packaged scenario has that name (a ``KeyError`` and a
        ``ValueError``); the message suggests the closest name and lists them.

    Examples
    --------
    >>> packaged_scenario("managed rivalry").name
    'managed_rivalry.toml'
    >>> packaged_scenario("managed_rivaly")
    Traceback (most recent call last):
    ...
    leverage.checks.UnknownNameError: packaged_scenario(): unknown scenario 'managed_rivaly'; did you mean 'managed_rivalry'? Packaged: managed_rivalry, overshoot_into_confrontation, reluctant_multilateralism
    """
    if not isinstance(name, str):
        raise TypeError(f"packaged_scenario(): name must be a string; got {type(name).__name__}")
    known = packaged_scenarios()
    key = "_".join(name.casefold().replace("-", " ").replace("_", " ").split())
    if key in known:
        return known[key]
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise UnknownNameError(
        f"packaged_scenario(): unknown scenario {name!r}; {hint}Packaged: {', '.join(known)}"
    )
