"""Scenario files: sourced parameters and the games built from them, in TOML.

A scenario names a set of :class:`~leverage.Parameter` values with their
ranges and sources, the registered games to build from them (the names of
:data:`leverage.scenarios.registry.GAMES`) and, optionally, games of its own
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
``base`` the file does not mention are kept. This makes presets short.

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

from leverage.io.expressions import Expression, ExpressionError, parse_expression
from leverage.io.files import FileRefusedError, read_bytes_bounded, writable_path
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
]

PathLike = str | os.PathLike[str]

#: Largest scenario file read, in bytes (1 MB).
MAX_SCENARIO_BYTES = 1_000_000
#: Deepest nesting of arrays and inline tables in a scenario file.
MAX_SCENARIO_DEPTH = 32
#: Most parts of a dotted key (``a.b.c`` has three) in a scenario file.
MAX_SCENARIO_KEY_PARTS = 32


class ScenarioError(ValueError):
    """A scenario file (or a scenario to be saved) that is not valid.

    The message reads ``"<file>: <key>: <problem>"`` (with the function
    instead of the file when no file is involved); the parts are also
    available as attributes.

    Attributes
    ----------
    path : str or None
        The file.
    key : str or None
        The dotted path of the offending entry, such as ``parameters.rent.low``.
    problem : str
        What is wrong.

    Examples
    --------
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"))
    >>> try:
    ...     formula_game(ps, ["China", "US"], [["Open"], ["Comply"]], {"China": [["tax"]], "US": [["0"]]})
    ... except ScenarioError as exc:
    ...     print(exc.key, "|", exc.problem)
    payoffs.China[0][0] | unknown name 'tax': 'tax' at column 1; known names: rent
    """

    def __init__(
        self, problem: str, path: PathLike | None = None, key: str | None = None, caller: str | None = None
    ) -> None:
        self.path = None if path is None else os.fspath(path)
        self.key = key
        self.problem = problem
        parts = [part for part in (self.path or caller, key) if part]
        super().__init__(": ".join([*parts, problem]))


def _registered_games() -> Mapping[str, Callable[[ParameterSet], Any]]:
    # looked up at call time: games may be registered after this module is imported
    from leverage.scenarios import registry

    return registry.GAMES


# ------------------------------------------------------------- formula games
def _nested(value: Any, depth: int) -> Any:
    """Map a nested tuple of depth ``depth`` to nested lists (leaves unchanged)."""
    return value if depth == 0 else [_nested(v, depth - 1) for v in value]


class FormulaPayoffs:
    """The payoff function of a game written as formulas, one per player and profile.

    Calling it with parameter values (scalars or arrays of draws) returns
    one nested list of payoffs per player, as
    :class:`~leverage.ParametricGame` expects. Build games with
    :func:`formula_game` rather than directly.

    Attributes
    ----------
    players : tuple of str
    strategies : tuple of tuple of str
    formulas : tuple
        Per player, nested tuples of :class:`~leverage.io.Expression` of
        shape ``(m_1, ..., m_n)``.

    Examples
    --------
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"))
    >>> model = formula_game(ps, ["China", "US"], [["Open", "Restrict"], ["Comply"]],
    ...                      {"China": [["rent"], ["2 * rent"]], "US": [["0"], [-1.5]]})
    >>> payoffs = model.payoff_function
    >>> payoffs.formulas[0]
    ((Expression('rent'),), (Expression('2 * rent'),))
    >>> payoffs(rent=1.5)
    [[[1.5], [3.0]], [[0.0], [-1.5]]]
    """

    __slots__ = ("players", "strategies", "formulas")

    def __init__(
        self,
        players: tuple[str, ...],
        strategies: tuple[tuple[str, ...], ...],
        formulas: tuple[Any, ...],
    ) -> None:
        self.players = players
        self.strategies = strategies
        self.formulas = formulas

    def __call__(self, **values: Any) -> list[Any]:
        def walk(node: Any) -> Any:
            if isinstance(node, Expression):
                return node.evaluate(**values)
            return [walk(child) for child in node]

        return [walk(player) for player in self.formulas]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FormulaPayoffs):
            return NotImplemented
        return (self.players, self.strategies, self.formulas) == (
            other.players,
            other.strategies,
            other.formulas,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FormulaPayoffs(players={self.players!r}, strategies={self.strategies!r})"

    @property
    def names(self) -> tuple[str, ...]:
        """The parameters the formulas use, in order of first appearance."""
        seen: dict[str, None] = {}

        def walk(node: Any) -> None:
            if isinstance(node, Expression):
                seen.update(dict.fromkeys(node.names))
            else:
                for child in node:
                    walk(child)

        walk(self.formulas)
        return tuple(seen)

    def texts(self) -> dict[str, Any]:
        """The formulas as written: player -> nested lists of strings."""

        def walk(node: Any) -> Any:
            return node.text if isinstance(node, Expression) else [walk(child) for child in node]

        return {player: walk(table) for player, table in zip(self.players, self.formulas, strict=True)}


def _check_names(names: Any, what: str, minimum: int) -> tuple[str, ...]:
    """A tuple of distinct non-empty strings, at least ``minimum`` of them (else ValueError)."""
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise ValueError(f"{what} must be an array of names; got {_describe(names)}")
    for k, name in enumerate(names):
        if not isinstance(name, str):
            raise ValueError(f"{what} must be strings; entry {k} is {_describe(name)}")
        if not name.strip():
            raise ValueError(f"{what} contains an empty name (entry {k})")
    if len(set(names)) != len(names):
        duplicates = sorted({n for n in names if list(names).count(n) > 1})
        raise ValueError(f"{what} contains the name(s) {', '.join(map(repr, duplicates))} twice")
    if len(names) < minimum:
        raise ValueError(f"{what} has {len(names)} name(s); at least {minimum} are needed")
    return tuple(names)


def _formula(value: Any, names: ParameterSet) -> Expression:
    """An Expression from a formula string or a plain number."""
    if isinstance(value, Expression):
        unknown = [n for n in value.names if n not in names]
        if unknown:
            raise ExpressionError(
                f"the formula {value.text!r} uses unknown name(s) {', '.join(map(repr, unknown))}; "
                f"known names: {', '.join(sorted(names))}"
            )
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"must be a formula (a string) or a number; got {_describe(value)}")
    if isinstance(value, str):
        return parse_expression(value, names)
    if not math.isfinite(value):
        raise ValueError(f"must be a finite number; got {value!r}")
    return parse_expression(repr(value), names)


def _formula_table(
    table: Any, shape: tuple[int, ...], strategies: tuple[tuple[str, ...], ...], players: tuple[str, ...],
    names: ParameterSet, where: str, on_error: Callable[[str, str], Exception],
) -> Any:
    """Check a nested payoff table against ``shape``; return nested tuples of Expression."""
    level = len(strategies) - len(shape)
    if not shape:
        try:
            return _formula(table, names)
        except (ExpressionError, ValueError) as exc:
            raise on_error(where, exc.problem if isinstance(exc, ExpressionError) else str(exc)) from None
    if isinstance(table, (str, bytes)) or not isinstance(table, Sequence):
        raise on_error(
            where,
            f"must be an array of {shape[0]} entries, one per strategy of {players[level]!r}; "
            f"got {_describe(table)}",
        )
    if len(table) != shape[0]:
        raise on_error(
            where,
            f"has {len(table)} entries where {shape[0]} were expected, one per strategy of "
            f"{players[level]!r} ({', '.join(strategies[level])})",
        )
    return tuple(
        _formula_table(entry, shape[1:], strategies, players, names, f"{where}[{k}]", on_error)
        for k, entry in enumerate(table)
    )


def _formula_model(
    parameters: ParameterSet, players: Any, strategies: Any, payoffs: Any,
    on_error: Callable[[str, str], Exception], prefix: str,
) -> ParametricGame:
    """Shared by formula_game() and the loader; errors go through ``on_error(key, problem)``."""
    try:
        players = _check_names(players, "players", 2)
    except ValueError as exc:
        raise on_error(_join(prefix, "players"), str(exc)) from None
    if isinstance(strategies, str) or not isinstance(strategies, Sequence):
        raise on_error(_join(prefix, "strategies"), f"must be an array of arrays of names; got {_describe(strategies)}")
    if len(strategies) != len(players):
        raise on_error(
            _join(prefix, "strategies"),
            f"has {len(strategies)} entries but there are {len(players)} players ({', '.join(players)})",
        )
    checked: list[tuple[str, ...]] = []
    for i, (player, names) in enumerate(zip(players, strategies, strict=True)):
        try:
            checked.append(_check_names(names, f"the strategies of {player!r}", 1))
        except ValueError as exc:
            raise on_error(f"{_join(prefix, 'strategies')}[{i}]", str(exc)) from None
    strategy_names = tuple(checked)
    shape = tuple(len(s) for s in strategy_names)
    key = _join(prefix, "payoffs")
    if not isinstance(payoffs, Mapping):
        raise on_error(key, f"must be a table with one entry per player; got {_describe(payoffs)}")
    for name in payoffs:
        if name not in players:
            raise on_error(_join(key, str(name)), f"unknown player; the players are {', '.join(players)}")
    formulas = []
    for player in players:
        if player not in payoffs:
            raise on_error(_join(key, player), f"missing payoffs for player {player!r}")
        formulas.append(
            _formula_table(payoffs[player], shape, strategy_names, players, parameters, _join(key, player), on_error)
        )
    function = FormulaPayoffs(players, strategy_names, tuple(formulas))
    try:
        # a payoff that is not finite at the calibration is reported below, not warned about
        with np.errstate(all="ignore"):
            return ParametricGame(parameters, function, players=players, strategies=strategy_names)
    except (ValueError, TypeError) as exc:
        raise on_error(prefix or "payoffs", f"the game cannot be built at the calibrated values: {exc}") from None


def formula_game(
    parameters: ParameterSet,
    players: Sequence[str],
    strategies: Sequence[Sequence[str]],
    payoffs: Mapping[str, Any],
) -> ParametricGame:
    """A :class:`~leverage.ParametricGame` whose payoffs are formulas in the parameters.

    Parameters
    ----------
    parameters : ParameterSet
        The parameters the formulas may use.
    players : sequence of str
        Two or more distinct player names.
    strategies : sequence of sequences of str
        The strategy names of each player.
    payoffs : mapping of str to nested sequences
        For each player, nested sequences of shape ``(m_1, ..., m_n)`` whose
        entries are formulas (strings, see :func:`leverage.io.parse_expression`),
        :class:`~leverage.io.Expression` objects or numbers.

    Returns
    -------
    ParametricGame
        Its ``payoff_function`` is a :class:`FormulaPayoffs`, which keeps the
        formulas (and lets :func:`save_scenario` write them).

    Raises
    ------
    TypeError
        If ``parameters`` is not a ParameterSet.
    ScenarioError
        If a name list, a payoff shape or a formula is not valid, or the
        payoffs are not finite at the calibrated values; the message names
        the entry, such as ``payoffs.US[1][0]``.

    Examples
    --------
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"))
    >>> model = formula_game(ps, ["China", "US"], [["Open", "Restrict"], ["Comply"]],
    ...                      {"China": [["rent"], ["2 * rent"]], "US": [["0"], [-1.5]]})
    >>> model.batch({"rent": [0.5, 2.0]})[0][:, 1, 0]
    array([1., 4.])
    >>> formula_game(ps, ["China", "US"], [["Open", "Restrict"], ["Comply"]],
    ...              {"China": [["rent"], ["tax"]], "US": [["0"], ["0"]]})
    Traceback (most recent call last):
    ...
    leverage.io.scenario.ScenarioError: formula_game(): payoffs.China[1][0]: unknown name 'tax': 'tax' at column 1; known names: rent
    """
    if not isinstance(parameters, ParameterSet):
        raise TypeError(f"formula_game(): parameters must be a ParameterSet; got {type(parameters).__name__}")

    def on_error(key: str, problem: str) -> ScenarioError:
        return ScenarioError(problem, None, key, caller="formula_game()")

    return _formula_model(parameters, players, strategies, payoffs, on_error, "")


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
        Names of registered games (:data:`leverage.scenarios.registry.GAMES`)
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
    leverage.io.scenario.ScenarioError: Scenario(): games[0]: unknown game 'no_such_game'; known games: export_restriction, ...
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
            raise fail("description", f"must be a string; got {_describe(self.description)}")
        if not isinstance(self.parameters, ParameterSet):
            raise fail("parameters", f"must be a ParameterSet; got {type(self.parameters).__name__}")
        if isinstance(self.games, str) or not isinstance(self.games, Sequence):
            raise fail("games", f"must be a sequence of game names; got {_describe(self.games)}")
        games = tuple(self.games)
        known = _registered_games()
        for k, game in enumerate(games):
            if not isinstance(game, str):
                raise fail(f"games[{k}]", f"must be a game name; got {_describe(game)}")
            if game not in known:
                raise fail(f"games[{k}]", _unknown_game(game, known))
            if game in games[:k]:
                raise fail(f"games[{k}]", f"the game {game!r} is listed twice")
        if not isinstance(self.custom_games, Mapping):
            raise fail("custom_games", f"must be a mapping of names to games; got {_describe(self.custom_games)}")
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
                raise fail("source_path", f"must be a path or None; got {_describe(source)}")
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


def _describe(value: Any) -> str:
    kinds = {str: "a string", bool: "a boolean", int: "an integer", float: "a float", list: "an array",
             dict: "a table", tuple: "an array"}
    for kind, text in kinds.items():
        if type(value) is kind:
            return f"{text} ({value!r})" if kind in (str, bool, int, float) else text
    return f"a {type(value).__name__}"


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def _join(prefix: str, key: str) -> str:
    """A dotted key path, quoting keys as TOML would."""
    part = key if _BARE_KEY.match(key) else _toml_string(key)
    return f"{prefix}.{part}" if prefix else part


# -------------------------------------------------------------------- loading
class _Loader:
    def __init__(self, path: PathLike) -> None:
        self.path = path

    def error(self, key: str | None, problem: str) -> ScenarioError:
        return ScenarioError(problem, self.path, key, caller="load_scenario()")

    def table(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(key, f"must be a table; got {_describe(value)}")
        return value

    def keys(self, table: Mapping[str, Any], key: str, allowed: Sequence[str], required: Sequence[str]) -> None:
        for name in table:
            if name not in allowed:
                raise self.error(_join(key, name), f"unknown key; expected one of: {', '.join(allowed)}")
        for name in required:
            if name not in table:
                raise self.error(_join(key, name), "missing required key")

    def string(self, value: Any, key: str, non_empty: bool = False) -> str:
        if not isinstance(value, str):
            raise self.error(key, f"must be a string; got {_describe(value)}")
        if non_empty and not value.strip():
            raise self.error(key, "must not be empty")
        return value

    def number(self, value: Any, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"must be a number; got {_describe(value)}")
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
            raise self.error("scenario.games", f"must be an array of game names; got {_describe(games)}")
        known = _registered_games()
        for k, game in enumerate(games):
            key = f"scenario.games[{k}]"
            if not isinstance(game, str):
                raise self.error(key, f"must be a game name; got {_describe(game)}")
            if game not in known:
                raise self.error(key, _unknown_game(game, known))
            if game in games[:k]:
                raise self.error(key, f"the game {game!r} is listed twice")
        return name, description, tuple(games)

    def parameters(self, data: Mapping[str, Any], base: ParameterSet | None) -> ParameterSet:
        fields = ("value", "low", "high", "unit", "source", "note")
        table = self.table(data.get("parameters", {}), "parameters")
        params: dict[str, Parameter] = dict(base.items()) if base is not None else {}
        for name, entry in table.items():
            key = _join("parameters", name)
            if not name.isidentifier():
                raise self.error(key, "a parameter name must be a Python identifier (letters, digits, underscores)")
            if keyword.iskeyword(name):
                raise self.error(key, "a parameter name must not be a Python keyword")
            entry = self.table(entry, key)
            inherited = base is not None and name in base
            self.keys(entry, key, fields, () if inherited else ("value", "low", "high", "unit", "source"))
            given: dict[str, Any] = {}
            for f in ("value", "low", "high"):
                if f in entry:
                    given[f] = self.number(entry[f], _join(key, f))
            for f in ("unit", "source", "note"):
                if f in entry:
                    given[f] = self.string(entry[f], _join(key, f))
            origin = ""
            if inherited:
                old = base[name]  # type: ignore[index]
                merged = {"value": old.value, "low": old.low, "high": old.high, "unit": old.unit,
                          "source": old.source, "note": old.note, **given}
                origin = " (fields not in the file come from the base parameters)"
            else:
                merged = {"note": None, **given}
            if not merged["source"].strip():
                raise self.error(_join(key, "source"), "must be a non-empty citation")
            low, high, value = merged["low"], merged["high"], merged["value"]
            if low > high:
                raise self.error(_join(key, "low"), f"low ({low!r}) is greater than high ({high!r}){origin}")
            if not low <= value <= high:
                raise self.error(
                    _join(key, "value"), f"value {value!r} lies outside its range [{low!r}, {high!r}]{origin}"
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
            key = _join("games", name)
            if not name.strip():
                raise self.error(key, "a game name must not be empty")
            if name in known:
                raise self.error(key, f"the name shadows the registered game {name!r}; choose another")
            entry = self.table(entry, key)
            self.keys(entry, key, ("players", "strategies", "payoffs"), ("players", "strategies", "payoffs"))
            out[name] = _formula_model(
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
    leverage.io.scenario.ScenarioError: .../tight.toml: parameters.separation_share.low: missing required key
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
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_string(text: str) -> str:
    """A TOML basic string; control characters are escaped."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:
            raise ValueError(f"the string {text!r} contains a lone surrogate, which TOML cannot hold")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)  # the shortest text that reads back as the same float
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write a value of type {type(value).__name__} to TOML")


def _toml_table(lines: list[str], prefix: tuple[str, ...], table: Mapping[str, Any]) -> None:
    scalars = [(k, v) for k, v in table.items() if not isinstance(v, Mapping)]
    tables = [(k, v) for k, v in table.items() if isinstance(v, Mapping)]
    if prefix and (scalars or not tables):
        if lines:
            lines.append("")
        lines.append("[" + ".".join(_join("", k) for k in prefix) + "]")
    for k, v in scalars:
        lines.append(f"{_join('', k)} = {_toml_value(v)}")
    for k, v in tables:
        _toml_table(lines, prefix + (k,), v)


def dumps_toml(data: Mapping[str, Any]) -> str:
    """Write a mapping as TOML: strings, numbers, booleans, arrays and nested tables.

    Floats are written with :func:`repr`, the shortest text that reads back
    as the same float, so ``tomllib.loads(dumps_toml(d)) == d`` for such data
    (with tuples read back as lists).

    Examples
    --------
    >>> print(dumps_toml({"a": {"x": 1.0, "label": 'say "hi"\\n'}, "b": [[1, 2], [3]]}))
    b = [[1, 2], [3]]
    <BLANKLINE>
    [a]
    x = 1.0
    label = "say \\"hi\\"\\n"
    <BLANKLINE>
    >>> import tomllib
    >>> tomllib.loads(dumps_toml({"t": {"v": 0.1 + 0.2}}))["t"]["v"] == 0.1 + 0.2
    True
    """
    if not isinstance(data, Mapping):
        raise TypeError(f"dumps_toml(): data must be a mapping (a TOML table); got {type(data).__name__}")
    lines: list[str] = []
    try:
        _toml_table(lines, (), data)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"dumps_toml(): {exc}") from None
    return "\n".join(lines) + "\n"


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
            params[name] = entry
        data["parameters"] = params
    if scenario.custom_games:
        games: dict[str, Any] = {}
        for name, model in scenario.custom_games.items():
            function = model.payoff_function
            if not isinstance(function, FormulaPayoffs):  # pragma: no cover - Scenario() refuses these
                raise ScenarioError("the game is not made of formulas", path, _join("games", name), "save_scenario()")
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
