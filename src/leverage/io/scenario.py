"""Scenario files: sourced parameters and the games built from them, in TOML.

A scenario names a set of :class:`~leverage.Parameter` values with their
ranges and sources, the registered games to build from them (the names of
:func:`leverage.io.game_registry.registered_games`, where
:mod:`leverage.scenarios` registers the rare-earth games) and, optionally, games of its own
whose payoffs are formulas in the parameters. :func:`load_scenario` reads a
file into a :class:`Scenario`, checking every entry; :func:`save_scenario`
writes one back, so that loading what was saved gives an equal scenario.

Schema
------
An example file::

    [scenario]
    name = "managed rivalry"                      # required, not empty
    description = "Licensing as the steady state" # optional, default ""
    games = ["export_restriction"]                # optional: registered games

    [parameters.separation_share]                 # one table per parameter
    value = 0.91                                  # required: low <= value <= high
    low = 0.85                                    # required
    high = 0.95                                   # required
    unit = "share"                                # required (may be "")
    source = "IEA Global Critical Minerals Outlook 2024"  # required, not empty
    note = "refining share, 2023"                 # optional
    illustrative = false                          # optional

    [parameters.rent]
    value = 1.0
    low = 0.5
    high = 2.0
    unit = "bn USD/yr"
    source = "illustrative"

    [games.valve]                                 # optional: a game of formulas
    players = ["China", "US"]                     # two or more, distinct
    strategies = [["Open", "Restrict"], ["Comply", "Diversify"]]
    payoffs.China = [["rent", "rent * (1 - separation_share)"], ["2 * rent", "0"]]
    payoffs.US = [["-rent", "-1"], ["-2 * rent", "-0.5"]]

Parameter names are Python identifiers (as :class:`~leverage.ParameterSet`
requires). ``payoffs`` has one entry per player, each a nested array with one
level per player, of lengths the numbers of strategies: ``payoffs.China[i][j]``
is China's payoff when China plays its ``i``-th strategy and the US its
``j``-th. Each entry is a formula in the parameter names, read by
:func:`leverage.io.parse_expression` (a whitelist of arithmetic and a few
functions; nothing is executed), or a plain number. Formula games are built
as :class:`~leverage.ParametricGame` over all of the scenario's parameters.
Names of games of formulas may not shadow registered games.

With ``load_scenario(path, base=parameter_set)`` a file may give only some
fields -- typically just ``value`` -- for parameters of ``base``: the other
fields (range, unit, source, note) are inherited, and the parameters of
``base`` the file does not mention are kept. This makes presets short. A
file's own ``low``, ``high`` and ``source`` replace the base's, so a value
outside the base's range is accepted when the file gives its own range. With
a ``base``, a parameter name the base does not know is an error with a "did
you mean" suggestion (:func:`unknown_parameter_message`), unless the file's
own games use it: a misspelt name never runs silently with the defaults.

``illustrative = true`` (optional) marks a value as illustrative rather than
sourced (:class:`~leverage.Parameter`); a source starting with
"illustrative" does the same. A file that gives its own ``source`` for a
parameter of the base without ``illustrative`` is taken at its word.

The code is split in three modules: this one (the :class:`Scenario`,
loading and saving), :mod:`leverage.io.formulas` (games of formulas and
:class:`ScenarioError`) and :mod:`leverage.io.toml_writer`; every name is
importable from here as before.

Limits
------
A scenario file is a regular file of at most :data:`MAX_SCENARIO_BYTES`
(1 MB); devices, FIFOs and sockets are refused before anything is read, so
``/dev/zero`` or a named pipe never blocks the reader. Arrays and inline
tables nest at most :data:`MAX_SCENARIO_DEPTH` levels deep, and a dotted key
has at most :data:`MAX_SCENARIO_KEY_PARTS` parts; both are checked on the
text before it is parsed (a deeper file would exhaust the TOML parser's
recursion, or its time).

Errors
------
Every problem raises :class:`ScenarioError`, a :class:`ValueError` whose
message names the file, the key as a dotted path (``parameters.rent.low``,
``games.valve.payoffs.China[1][0]``) and the problem. Loading returns a
complete scenario or raises; saving writes a temporary file next to the
target and moves it into place with :func:`os.replace`, so that a failed
save leaves an existing file untouched.

Examples
--------
>>> import tempfile, pathlib
>>> from leverage import Parameter, ParameterSet
>>> from leverage.io import Scenario, formula_game, load_scenario, save_scenario
>>> ps = ParameterSet(rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"),
...                   cost=Parameter(3.0, 1.0, 5.0, "bn USD/yr", "illustrative"))
>>> valve = formula_game(ps, players=["China", "US"],
...                      strategies=[["Open", "Restrict"], ["Comply", "Diversify"]],
...                      payoffs={"China": [["rent", "rent"], ["2 * rent", "-cost"]],
...                               "US": [["0", "-1"], ["-2", "-1"]]})
>>> scenario = Scenario("illustration", "a two-by-two valve", ps, custom_games={"valve": valve})
>>> path = pathlib.Path(tempfile.mkdtemp()) / "illustration.toml"
>>> _ = save_scenario(scenario, path)
>>> print(path.read_text(encoding="utf-8"))  # doctest: +NORMALIZE_WHITESPACE
[scenario]
name = "illustration"
description = "a two-by-two valve"
games = []
<BLANKLINE>
[parameters.rent]
value = 1.0
low = 0.5
high = 2.0
unit = "bn USD/yr"
source = "illustrative"
<BLANKLINE>
[parameters.cost]
value = 3.0
low = 1.0
high = 5.0
unit = "bn USD/yr"
source = "illustrative"
<BLANKLINE>
[games.valve]
players = ["China", "US"]
strategies = [["Open", "Restrict"], ["Comply", "Diversify"]]
<BLANKLINE>
[games.valve.payoffs]
China = [["rent", "rent"], ["2 * rent", "-cost"]]
US = [["0", "-1"], ["-2", "-1"]]
>>> loaded = load_scenario(path)
>>> loaded == scenario
True
>>> loaded.model("valve").game(cost=5.0).payoffs[0]
array([[ 1.,  1.],
       [ 2., -5.]])
"""

from __future__ import annotations

import difflib
import keyword
import math
import os
import re
import secrets
import stat
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from leverage.io.files import FileRefusedError, read_bytes_bounded, writable_path
from leverage.io.game_registry import registered_games
from leverage.io.formulas import FormulaPayoffs, ScenarioError, describe_value, formula_game, formula_model
from leverage.io.toml_writer import dotted_key, dumps_toml
from leverage.io.nesting import toml_nesting_problem
from leverage.parameters import Parameter, ParameterSet
from leverage.parametric import ParametricGame

__all__ = [
    "MAX_SCENARIO_BYTES",
    "MAX_SCENARIO_DEPTH",
    "MAX_SCENARIO_KEY_PARTS",
    "FormulaPayoffs",
    "dumps_toml",
    "Scenario",
    "ScenarioError",
    "formula_game",
    "load_scenario",
    "save_scenario",
    "unknown_parameter_message",
]

PathLike = str | os.PathLike[str]

#: Largest scenario file read, in bytes (1 MB).
MAX_SCENARIO_BYTES = 1_000_000
#: Deepest nesting of arrays and inline tables in a scenario file.
MAX_SCENARIO_DEPTH = 32
#: Most parts of a dotted key (``a.b.c`` has three) in a scenario file.
MAX_SCENARIO_KEY_PARTS = 32


def _registered_games() -> Mapping[str, Callable[[ParameterSet], Any]]:
    # looked up at call time: games may be registered after this module is imported
    return registered_games()




# ------------------------------------------------------------------- Scenario
@dataclass(frozen=True, eq=False)
class Scenario:
    """A named set of sourced parameters and the games to build from them.

    Parameters
    ----------
    name : str
        A short, non-empty name.
    description : str, optional
        Free text.
    parameters : ParameterSet, optional
        The sourced parameters.
    games : sequence of str, optional
        Names of registered games (:func:`leverage.io.game_registry.registered_games`)
        to build from the parameters.
    custom_games : mapping of str to ParametricGame, optional
        Games written as formulas (built with :func:`formula_game`) over
        ``parameters``.
    source_path : pathlib.Path, optional
        The file the scenario was read from; not part of equality.

    Raises
    ------
    ScenarioError
        If a field has the wrong type, a game name is unknown or repeated,
        or a custom game is not made of formulas over ``parameters``.

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_parameters
    >>> s = Scenario("baseline", parameters=export_restriction_parameters(),
    ...              games=["export_restriction"])
    >>> s.model("export_restriction").players
    ('China', 'US')
    >>> Scenario("baseline", games=["no_such_game"])
    Traceback (most recent call last):
    ...
    leverage.io.formulas.ScenarioError: Scenario(): games[0]: unknown game 'no_such_game'; known games: export_restriction, ...
    """

    name: str
    description: str = ""
    parameters: ParameterSet = field(default_factory=ParameterSet)
    games: tuple[str, ...] = ()
    custom_games: Mapping[str, ParametricGame] = field(default_factory=dict)
    source_path: Path | None = None

    def __post_init__(self) -> None:
        caller = "Scenario()"

        def fail(key: str, problem: str) -> ScenarioError:
            return ScenarioError(problem, None, key, caller=caller)

        if not isinstance(self.name, str) or not self.name.strip():
            raise fail("name", f"must be a non-empty string; got {self.name!r}")
        if not isinstance(self.description, str):
            raise fail("description", f"must be a string; got {describe_value(self.description)}")
        if not isinstance(self.parameters, ParameterSet):
            raise fail("parameters", f"must be a ParameterSet; got {type(self.parameters).__name__}")
        if isinstance(self.games, str) or not isinstance(self.games, Sequence):
            raise fail("games", f"must be a sequence of game names; got {describe_value(self.games)}")
        games = tuple(self.games)
        known = _registered_games()
        for k, game in enumerate(games):
            if not isinstance(game, str):
                raise fail(f"games[{k}]", f"must be a game name; got {describe_value(game)}")
            if game not in known:
                raise fail(f"games[{k}]", _unknown_game(game, known))
            if game in games[:k]:
                raise fail(f"games[{k}]", f"the game {game!r} is listed twice")
        if not isinstance(self.custom_games, Mapping):
            raise fail("custom_games", f"must be a mapping of names to games; got {describe_value(self.custom_games)}")
        custom = dict(self.custom_games)
        for name, model in custom.items():
            key = f"custom_games[{name!r}]"
            if not isinstance(name, str) or not name.strip():
                raise fail(key, "a game name must be a non-empty string")
            if name in known:
                raise fail(key, f"the name shadows the registered game {name!r}")
            if not isinstance(model, ParametricGame) or not isinstance(model.payoff_function, FormulaPayoffs):
                raise fail(key, "must be a ParametricGame of formulas, as built by formula_game()")
            if model.parameters != self.parameters:
                raise fail(key, "is built over other parameters than the scenario's")
        source = self.source_path
        if source is not None and not isinstance(source, Path):
            if not isinstance(source, (str, os.PathLike)):
                raise fail("source_path", f"must be a path or None; got {describe_value(source)}")
            source = Path(source)
        object.__setattr__(self, "games", games)
        object.__setattr__(self, "custom_games", MappingProxyType(custom))
        object.__setattr__(self, "source_path", source)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented

        def formulas(s: Scenario) -> dict[str, Any]:
            return {name: model.payoff_function for name, model in s.custom_games.items()}

        return (
            self.name == other.name
            and self.description == other.description
            and self.parameters == other.parameters
            and self.games == other.games
            and formulas(self) == formulas(other)
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def game_names(self) -> tuple[str, ...]:
        """The registered games, then the custom games."""
        return self.games + tuple(self.custom_games)

    def model(self, name: str) -> Any:
        """Build one of the scenario's games from its parameters.

        Parameters
        ----------
        name : str
            A name in :attr:`games` (built by the registry) or in
            :attr:`custom_games`.

        Raises
        ------
        ScenarioError
            If the name is not one of the scenario's games, or the registered
            builder rejects the parameters.
        """
        if name in self.custom_games:
            return self.custom_games[name]
        if name not in self.games:
            raise ScenarioError(
                f"the scenario has no game {name!r}; its games: {', '.join(self.game_names) or '(none)'}",
                self.source_path,
                caller="Scenario.model()",
            )
        known = _registered_games()
        if name not in known:
            raise ScenarioError(_unknown_game(name, known), self.source_path, caller="Scenario.model()")
        try:
            return known[name](self.parameters)
        except (TypeError, ValueError, KeyError) as exc:
            raise ScenarioError(
                f"the game {name!r} cannot be built from the scenario's parameters: {exc}",
                self.source_path,
                caller="Scenario.model()",
            ) from exc


def _unknown_game(name: str, known: Mapping[str, Any]) -> str:
    return f"unknown game {name!r}; known games: {', '.join(known) or '(none)'}"




_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _formula_words(games: Any) -> set[str]:
    """Every identifier-like word in the strings of a ``[games]`` table (text only: nothing is evaluated)."""
    words: set[str] = set()
    stack = [games]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            words.update(_WORD.findall(node))
        elif isinstance(node, Mapping):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return words


def unknown_parameter_message(name: str, known: Sequence[str]) -> str:
    """The message for a parameter name that is not known, with a "did you mean" suggestion.

    The suggestion is the closest known name by :func:`difflib.get_close_matches`
    (if any is close enough).

    Parameters
    ----------
    name : str
        The name as written.
    known : sequence of str
        The known names.

    Raises
    ------
    TypeError
        If ``name`` is not a string or ``known`` not a sequence of strings.

    Examples
    --------
    >>> unknown_parameter_message("seperation_share", ["separation_share", "discount"])
    "unknown parameter 'seperation_share'; did you mean 'separation_share'? (a file may add a parameter only for its own games)"
    >>> unknown_parameter_message("tariff", ["discount"])
    "unknown parameter 'tariff'; no known parameter is close (a file may add a parameter only for its own games)"
    """
    caller = "unknown_parameter_message()"
    if not isinstance(name, str):
        raise TypeError(f"{caller}: name must be a string; got {type(name).__name__}")
    if isinstance(known, str) or not isinstance(known, Sequence) or not all(isinstance(k, str) for k in known):
        raise TypeError(f"{caller}: known must be a sequence of names (strings); got {known!r}")
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else "no known parameter is close"
    return f"unknown parameter {name!r}; {hint} (a file may add a parameter only for its own games)"


# -------------------------------------------------------------------- loading
class _Loader:
    def __init__(self, path: PathLike) -> None:
        self.path = path

    def error(self, key: str | None, problem: str) -> ScenarioError:
        return ScenarioError(problem, self.path, key, caller="load_scenario()")

    def table(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(key, f"must be a table; got {describe_value(value)}")
        return value

    def keys(self, table: Mapping[str, Any], key: str, allowed: Sequence[str], required: Sequence[str]) -> None:
        for name in table:
            if name not in allowed:
                raise self.error(dotted_key(key, name), f"unknown key; expected one of: {', '.join(allowed)}")
        for name in required:
            if name not in table:
                raise self.error(dotted_key(key, name), "missing required key")

    def string(self, value: Any, key: str, non_empty: bool = False) -> str:
        if not isinstance(value, str):
            raise self.error(key, f"must be a string; got {describe_value(value)}")
        if non_empty and not value.strip():
            raise self.error(key, "must not be empty")
        return value

    def number(self, value: Any, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"must be a number; got {describe_value(value)}")
        try:
            out = float(value)
        except OverflowError:
            raise self.error(key, f"must be a finite number; {value} is too large") from None
        if not math.isfinite(out):
            raise self.error(key, f"must be a finite number; got {value!r}")
        return out

    # ---------------------------------------------------------------- pieces
    def scenario(self, data: Mapping[str, Any]) -> tuple[str, str, tuple[str, ...]]:
        if "scenario" not in data:
            raise self.error("scenario", "missing required table [scenario]")
        table = self.table(data["scenario"], "scenario")
        self.keys(table, "scenario", ("name", "description", "games"), ("name",))
        name = self.string(table["name"], "scenario.name", non_empty=True)
        description = self.string(table.get("description", ""), "scenario.description")
        games = table.get("games", [])
        if not isinstance(games, list):
            raise self.error("scenario.games", f"must be an array of game names; got {describe_value(games)}")
        known = _registered_games()
        for k, game in enumerate(games):
            key = f"scenario.games[{k}]"
            if not isinstance(game, str):
                raise self.error(key, f"must be a game name; got {describe_value(game)}")
            if game not in known:
                raise self.error(key, _unknown_game(game, known))
            if game in games[:k]:
                raise self.error(key, f"the game {game!r} is listed twice")
        return name, description, tuple(games)

    def flag(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.error(key, f"must be true or false; got {describe_value(value)}")
        return value

    def parameters(self, data: Mapping[str, Any], base: ParameterSet | None) -> ParameterSet:
        fields = ("value", "low", "high", "unit", "source", "note", "illustrative")
        table = self.table(data.get("parameters", {}), "parameters")
        params: dict[str, Parameter] = dict(base.items()) if base is not None else {}
        referenced = _formula_words(data.get("games", {}))
        for name, entry in table.items():
            key = dotted_key("parameters", name)
            if not name.isidentifier():
                raise self.error(key, "a parameter name must be a Python identifier (letters, digits, underscores)")
            if keyword.iskeyword(name):
                raise self.error(key, "a parameter name must not be a Python keyword")
            if base is not None and name not in base and name not in referenced:
                raise self.error(key, unknown_parameter_message(name, base.names))
            entry = self.table(entry, key)
            inherited = base is not None and name in base
            self.keys(entry, key, fields, () if inherited else ("value", "low", "high", "unit", "source"))
            given: dict[str, Any] = {}
            for f in ("value", "low", "high"):
                if f in entry:
                    given[f] = self.number(entry[f], dotted_key(key, f))
            for f in ("unit", "source", "note"):
                if f in entry:
                    given[f] = self.string(entry[f], dotted_key(key, f))
            if "illustrative" in entry:
                given["illustrative"] = self.flag(entry["illustrative"], dotted_key(key, "illustrative"))
            elif "source" in given:
                given["illustrative"] = False  # a file that cites its own source says itself what it is
            origin = ""
            if inherited:
                old = base[name]  # type: ignore[index]
                merged = {"value": old.value, "low": old.low, "high": old.high, "unit": old.unit,
                          "source": old.source, "note": old.note, "illustrative": old.illustrative, **given}
                if "low" not in given and "high" not in given:
                    origin = " (the range comes from the base parameters; give low and high in the file to widen it)"
                elif "low" not in given or "high" not in given:
                    origin = " (the other end of the range comes from the base parameters)"
            else:
                merged = {"note": None, **given}
            if not merged["source"].strip():
                raise self.error(dotted_key(key, "source"), "must be a non-empty citation")
            low, high, value = merged["low"], merged["high"], merged["value"]
            if low > high:
                raise self.error(dotted_key(key, "low"), f"low ({low!r}) is greater than high ({high!r}){origin}")
            if not low <= value <= high:
                raise self.error(
                    dotted_key(key, "value"), f"value {value!r} lies outside its range [{low!r}, {high!r}]{origin}"
                )
            try:
                params[name] = Parameter(**merged)
            except (TypeError, ValueError) as exc:  # pragma: no cover - the checks above mirror Parameter's
                raise self.error(key, str(exc)) from None
        return ParameterSet(params)

    def custom_games(self, data: Mapping[str, Any], parameters: ParameterSet) -> dict[str, ParametricGame]:
        table = self.table(data.get("games", {}), "games")
        known = _registered_games()
        out: dict[str, ParametricGame] = {}
        for name, entry in table.items():
            key = dotted_key("games", name)
            if not name.strip():
                raise self.error(key, "a game name must not be empty")
            if name in known:
                raise self.error(key, f"the name shadows the registered game {name!r}; choose another")
            entry = self.table(entry, key)
            self.keys(entry, key, ("players", "strategies", "payoffs"), ("players", "strategies", "payoffs"))
            out[name] = formula_model(
                parameters, entry["players"], entry["strategies"], entry["payoffs"], self.error, key
            )
        return out


_TOML_POSITION = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$", re.DOTALL)
_TOML_END = re.compile(r"^(?P<message>.*) \(at end of document\)$", re.DOTALL)


def _decode_error(exc: tomllib.TOMLDecodeError, source: str) -> str:
    text = str(exc)
    match = _TOML_POSITION.match(text)
    if match:
        return f"invalid TOML at line {match['line']}, column {match['column']}: {match['message']}"
    match = _TOML_END.match(text)
    if match:
        line = source.count("\n") + 1
        column = len(source) - (source.rfind("\n") + 1) + 1
        return f"invalid TOML at line {line}, column {column} (the end of the file): {match['message']}"
    return f"invalid TOML: {text}"


def load_scenario(path: PathLike, base: ParameterSet | None = None) -> Scenario:
    """Read a scenario file, checking every entry.

    Parameters
    ----------
    path : str or path-like
        The TOML file (schema in the module documentation).
    base : ParameterSet, optional
        Parameters the file may refer to by giving only some fields (for
        example just ``value``); the other fields are inherited, and the
        parameters of ``base`` the file does not mention are kept, first
        and in their order.

    Returns
    -------
    Scenario
        With ``source_path`` set to ``path``.

    Raises
    ------
    ScenarioError
        If the file cannot be read, is not a regular file, is larger than
        :data:`MAX_SCENARIO_BYTES`, is not UTF-8 or not valid TOML, nests
        deeper than :data:`MAX_SCENARIO_DEPTH` or has a key of more than
        :data:`MAX_SCENARIO_KEY_PARTS` parts, or an entry is missing,
        mistyped, unknown or out of range; the message names the file, the
        key and the problem.
    TypeError
        If ``base`` is not a ParameterSet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from leverage.scenarios import export_restriction_parameters
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tight.toml"
    >>> _ = path.write_text('''
    ... [scenario]
    ... name = "tight market"
    ... games = ["export_restriction"]
    ... [parameters.separation_share]
    ... value = 0.95
    ... ''', encoding="utf-8")
    >>> s = load_scenario(path, base=export_restriction_parameters())
    >>> s.parameters["separation_share"].value, s.parameters["separation_share"].source
    (0.95, 'IEA Global Critical Minerals Outlook 2024; IEA commentary Oct 2025')
    >>> load_scenario(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    leverage.io.formulas.ScenarioError: .../tight.toml: parameters.separation_share.low: missing required key
    """
    if base is not None and not isinstance(base, ParameterSet):
        raise TypeError(f"load_scenario(): base must be a ParameterSet or None; got {type(base).__name__}")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load_scenario(): path must be a path; got {type(path).__name__}")
    loader = _Loader(path)
    try:
        raw = read_bytes_bounded(path, MAX_SCENARIO_BYTES, "load_scenario()")
    except FileRefusedError as exc:
        problem = exc.problem.replace(f"the file {exc.path!r}", "the file").replace(f"{exc.path!r} is", "the path is")
        raise loader.error(None, problem.replace("(the limit)", "(MAX_SCENARIO_BYTES)")) from None
    except OSError as exc:
        raise loader.error(None, f"cannot read the file ({os.strerror(exc.errno) if exc.errno else exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise loader.error(None, f"the file is not UTF-8 text (byte {exc.start})") from None
    too_deep = toml_nesting_problem(text, MAX_SCENARIO_DEPTH, MAX_SCENARIO_KEY_PARTS)
    if too_deep:
        bound = "MAX_SCENARIO_DEPTH" if "nested" in too_deep else "MAX_SCENARIO_KEY_PARTS"
        raise loader.error(None, f"{too_deep} ({bound})")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise loader.error(None, _decode_error(exc, text)) from None
    except RecursionError:  # pragma: no cover -- toml_nesting_problem refuses such files first
        raise loader.error(None, f"the file is nested too deeply (more than {MAX_SCENARIO_DEPTH} levels)") from None
    for name in data:
        if name not in ("scenario", "parameters", "games"):
            raise loader.error(name, "unknown key; expected one of: scenario, parameters, games")
    name, description, games = loader.scenario(data)
    parameters = loader.parameters(data, base)
    custom = loader.custom_games(data, parameters)
    return Scenario(
        name=name,
        description=description,
        parameters=parameters,
        games=games,
        custom_games=custom,
        source_path=Path(path),
    )


# -------------------------------------------------------------------- writing

def _scenario_data(scenario: Scenario, path: PathLike) -> dict[str, Any]:
    data: dict[str, Any] = {
        "scenario": {"name": scenario.name, "description": scenario.description, "games": list(scenario.games)},
    }
    if len(scenario.parameters):
        params: dict[str, Any] = {}
        for name, p in scenario.parameters.items():
            entry: dict[str, Any] = {"value": p.value, "low": p.low, "high": p.high, "unit": p.unit, "source": p.source}
            if p.note is not None:
                entry["note"] = p.note
            if p.illustrative and not p.source.strip().casefold().startswith("illustrative"):
                entry["illustrative"] = True
            params[name] = entry
        data["parameters"] = params
    if scenario.custom_games:
        games: dict[str, Any] = {}
        for name, model in scenario.custom_games.items():
            function = model.payoff_function
            if not isinstance(function, FormulaPayoffs):  # pragma: no cover - Scenario() refuses these
                raise ScenarioError("the game is not made of formulas", path, dotted_key("games", name), "save_scenario()")
            games[name] = {
                "players": list(function.players),
                "strategies": [list(s) for s in function.strategies],
                "payoffs": function.texts(),
            }
        data["games"] = games
    return data


def _same(a: Any, b: Any) -> bool:
    """Structural equality with floats compared bit for bit (so -0.0 differs from 0.0)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return np.float64(a).tobytes() == np.float64(b).tobytes()
    return type(a) is type(b) and a == b


def save_scenario(scenario: Scenario, path: PathLike) -> Path:
    """Write a scenario to a TOML file that :func:`load_scenario` reads back equal.

    The text is written to a temporary file in the target's directory and
    moved into place with :func:`os.replace`; on any failure the temporary
    file is removed and an existing file at ``path`` is left untouched.
    Before anything is written, the text is read back with :mod:`tomllib`
    and compared with the scenario, float by float.

    Parameters
    ----------
    scenario : Scenario
    path : str or path-like

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    TypeError
        If ``scenario`` is not a Scenario.
    ScenarioError
        If a text cannot be written as TOML (a lone surrogate) or the file
        cannot be written; the message names the file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from leverage.scenarios import export_restriction_parameters
    >>> s = Scenario("baseline", parameters=export_restriction_parameters(), games=["export_restriction"])
    >>> path = save_scenario(s, pathlib.Path(tempfile.mkdtemp()) / "baseline.toml")
    >>> load_scenario(path) == s
    True
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"save_scenario(): scenario must be a Scenario; got {type(scenario).__name__}")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"save_scenario(): path must be a path; got {type(path).__name__}")
    try:
        target = Path(writable_path(path, "save_scenario()"))
    except FileRefusedError as exc:
        raise ScenarioError(f"cannot write the file ({exc.problem}); nothing was changed", path,
                            caller="save_scenario()") from None
    data = _scenario_data(scenario, path)
    try:
        text = dumps_toml(data)
        payload = text.encode("utf-8")
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise ScenarioError(f"cannot write the scenario as TOML: {exc}", path, caller="save_scenario()") from None
    if not _same(tomllib.loads(text), data):  # pragma: no cover - a writer bug, not a user error
        raise ScenarioError("the TOML text does not read back as the scenario; nothing was written", path,
                            caller="save_scenario()")
    _write_atomically(target, payload)
    return target


def _write_atomically(target: Path, payload: bytes) -> None:
    directory = target.parent
    temporary: Path | None = None
    try:
        for _ in range(100):
            candidate = directory / f".{target.name}.{secrets.token_hex(6)}.tmp"
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            temporary = candidate
            break
        else:  # pragma: no cover - 100 collisions of 48-bit random names
            raise FileExistsError("no free temporary file name")
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        except FileNotFoundError:
            pass
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise ScenarioError(f"cannot write the file ({exc.strerror or exc}); nothing was changed", target,
                            caller="save_scenario()") from exc
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:  # pragma: no cover
                pass
