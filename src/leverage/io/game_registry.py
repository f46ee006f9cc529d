"""The games a scenario file can name: a registry that modules defining games fill.

Scenario files (:mod:`leverage.io.scenario`) name games by a string. This
module holds the table from names to builders -- functions of a
:class:`~leverage.ParameterSet` returning the model or its solved outcome --
and knows nothing of the games themselves: a module that defines games
registers them with :func:`register_game` (:mod:`leverage.scenarios.registry`
registers the rare-earth games when :mod:`leverage.scenarios` is imported,
which ``import leverage`` does). So the input layer never imports the
scenarios above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from leverage.parameters import ParameterSet

__all__ = ["GameBuilder", "register_game", "registered_games"]

#: A game builder: a function of a parameter set returning the model or its outcome.
GameBuilder = Callable[[ParameterSet], Any]

_GAMES: dict[str, GameBuilder] = {}


def register_game(name: str, builder: GameBuilder, replace: bool = False) -> None:
    """Register a game that scenario files can name.

    Parameters
    ----------
    name : str
        The name a scenario file uses (a non-empty string).
    builder : callable
        ``builder(parameters)`` returns the model or its outcome.
    replace : bool
        Whether an existing registration of ``name`` may be replaced.

    Raises
    ------
    TypeError
        If ``name`` is not a string or ``builder`` is not callable.
    ValueError
        If ``name`` is empty, or already registered and ``replace`` is False.

    Examples
    --------
    >>> register_game("my_game", lambda parameters: "built", replace=True)
    >>> registered_games()["my_game"](None)
    'built'
    >>> register_game("my_game", print)
    Traceback (most recent call last):
    ...
    ValueError: register_game(): the game 'my_game' is already registered (pass replace=True to replace it)
    >>> del registered_games()["my_game"]
    """
    if not isinstance(name, str):
        raise TypeError(f"register_game(): name must be a string; got {type(name).__name__}")
    if not name.strip():
        raise ValueError("register_game(): name must be a non-empty string")
    if not callable(builder):
        raise TypeError(f"register_game(): builder must be callable; got {type(builder).__name__}")
    if not isinstance(replace, bool):
        raise TypeError(f"register_game(): replace must be True or False; got {replace!r}")
    if name in _GAMES and not replace and _GAMES[name] is not builder:
        raise ValueError(f"register_game(): the game {name!r} is already registered (pass replace=True to "
                         f"replace it)")
    _GAMES[name] = builder


def registered_games() -> dict[str, GameBuilder]:
    """The registry itself: game name -> builder (looked up when a scenario is checked).

    Examples
    --------
    >>> import leverage  # registers the rare-earth games
    >>> "export_restriction" in registered_games()
    True
    """
    return _GAMES
