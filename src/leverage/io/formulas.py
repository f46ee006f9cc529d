"""Games written as formulas in the parameters, and the error of scenario files.

:func:`formula_game` builds a :class:`~leverage.ParametricGame` whose payoffs
are formulas (read by :func:`leverage.io.parse_expression`, never executed);
:class:`FormulaPayoffs` is its payoff function, which keeps the formulas so
that :func:`leverage.io.save_scenario` can write them back.
:class:`ScenarioError` is the error of everything in scenario files
(:mod:`leverage.io.scenario`, which also exports these names).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from leverage.io.expressions import Expression, ExpressionError, parse_expression
from leverage.io.toml_writer import dotted_key
from leverage.parameters import ParameterSet
from leverage.parametric import ParametricGame

__all__ = ["ScenarioError", "FormulaPayoffs", "formula_game", "formula_model", "describe_value"]

PathLike = str | os.PathLike[str]


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
        for name, value in (("problem", problem), ("key", key), ("caller", caller)):
            if not (isinstance(value, str) or (value is None and name != "problem")):
                raise TypeError(f"ScenarioError(): {name} must be a string; got {value!r}")
        if path is not None and not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"ScenarioError(): path must be a path or None; got {path!r}")
        self.path = None if path is None else os.fspath(path)
        self.key = key
        self.problem = problem
        parts = [part for part in (self.path or caller, key) if part]
        super().__init__(": ".join([*parts, problem]))



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
        raise ValueError(f"{what} must be an array of names; got {describe_value(names)}")
    for k, name in enumerate(names):
        if not isinstance(name, str):
            raise ValueError(f"{what} must be strings; entry {k} is {describe_value(name)}")
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
        raise ValueError(f"must be a formula (a string) or a number; got {describe_value(value)}")
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
            f"got {describe_value(table)}",
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


def formula_model(
    parameters: ParameterSet, players: Any, strategies: Any, payoffs: Any,
    on_error: Callable[[str, str], Exception], prefix: str = "",
) -> ParametricGame:
    """A game of formulas, its errors reported through ``on_error(key, problem)``.

    What :func:`formula_game` and :func:`leverage.io.load_scenario` share:
    ``on_error`` turns a dotted key (under ``prefix``, such as
    ``games.valve``) and a problem into the exception raised.

    Raises
    ------
    Exception
        Whatever ``on_error`` returns, for the first problem found.

    Examples
    --------
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"))
    >>> fail = lambda key, problem: ValueError(f"{key}: {problem}")
    >>> formula_model(ps, ["A", "B"], [["x"], ["y"]], {"A": [["rent"]], "B": [["-rent"]]}, fail).game().payoffs[1]
    array([[-1.]])
    >>> formula_model(ps, ["A", "B"], [["x"], ["y"]], {"A": [["rent"]]}, fail, "games.g")
    Traceback (most recent call last):
    ...
    ValueError: games.g.payoffs.B: missing payoffs for player 'B'
    """
    if not isinstance(parameters, ParameterSet):
        raise TypeError(f"formula_model(): parameters must be a ParameterSet; got {type(parameters).__name__}")
    if not callable(on_error):
        raise TypeError(f"formula_model(): on_error must be callable; got {type(on_error).__name__}")
    if not isinstance(prefix, str):
        raise TypeError(f"formula_model(): prefix must be a string; got {type(prefix).__name__}")
    try:
        players = _check_names(players, "players", 2)
    except ValueError as exc:
        raise on_error(dotted_key(prefix, "players"), str(exc)) from None
    if isinstance(strategies, str) or not isinstance(strategies, Sequence):
        raise on_error(dotted_key(prefix, "strategies"), f"must be an array of arrays of names; got {describe_value(strategies)}")
    if len(strategies) != len(players):
        raise on_error(
            dotted_key(prefix, "strategies"),
            f"has {len(strategies)} entries but there are {len(players)} players ({', '.join(players)})",
        )
    checked: list[tuple[str, ...]] = []
    for i, (player, names) in enumerate(zip(players, strategies, strict=True)):
        try:
            checked.append(_check_names(names, f"the strategies of {player!r}", 1))
        except ValueError as exc:
            raise on_error(f"{dotted_key(prefix, 'strategies')}[{i}]", str(exc)) from None
    strategy_names = tuple(checked)
    shape = tuple(len(s) for s in strategy_names)
    key = dotted_key(prefix, "payoffs")
    if not isinstance(payoffs, Mapping):
        raise on_error(key, f"must be a table with one entry per player; got {describe_value(payoffs)}")
    for name in payoffs:
        if name not in players:
            raise on_error(dotted_key(key, str(name)), f"unknown player; the players are {', '.join(players)}")
    formulas = []
    for player in players:
        if player not in payoffs:
            raise on_error(dotted_key(key, player), f"missing payoffs for player {player!r}")
        formulas.append(
            _formula_table(payoffs[player], shape, strategy_names, players, parameters, dotted_key(key, player), on_error)
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
    leverage.io.formulas.ScenarioError: formula_game(): payoffs.China[1][0]: unknown name 'tax': 'tax' at column 1; known names: rent
    """
    if not isinstance(parameters, ParameterSet):
        raise TypeError(f"formula_game(): parameters must be a ParameterSet; got {type(parameters).__name__}")

    def on_error(key: str, problem: str) -> ScenarioError:
        return ScenarioError(problem, None, key, caller="formula_game()")

    return formula_model(parameters, players, strategies, payoffs, on_error, "")


def describe_value(value: Any) -> str:
    """A value as a message names it: its TOML kind, and the value itself when it is a scalar.

    Examples
    --------
    >>> describe_value(3), describe_value([1, 2]), describe_value(None)
    ('an integer (3)', 'an array', 'a NoneType')
    """
    kinds = {str: "a string", bool: "a boolean", int: "an integer", float: "a float", list: "an array",
             dict: "a table", tuple: "an array"}
    for kind, text in kinds.items():
        if type(value) is kind:
            return f"{text} ({value!r})" if kind in (str, bool, int, float) else text
    return f"a {type(value).__name__}"

