"""Hypothesis strategies for payoff formulas and scenario files.

- :func:`expressions`: arithmetic formulas over given names, drawn as a tree
  (:class:`DrawnExpression`) together with their text, so that a property
  can evaluate the tree on its own and compare with
  :func:`leverage.io.parse_expression`;
- :func:`scenarios`: complete :class:`~leverage.io.Scenario` objects with
  awkward floats, escaped strings and games of formulas, for round trips
  through :func:`leverage.io.save_scenario` and
  :func:`leverage.io.load_scenario`.

Examples
--------
>>> from hypothesis import given
>>> from leverage.io import parse_expression
>>> @given(expressions(["a", "b"]))
... def check(drawn):
...     assert set(parse_expression(drawn.text, ["a", "b"]).names) <= {"a", "b"}
>>> check()
"""

from __future__ import annotations

import functools
import keyword
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

try:
    from hypothesis import assume
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without hypothesis
    raise ImportError(
        "leverage.testing needs hypothesis: pip install 'leverage[test]' or pip install hypothesis"
    ) from exc

from leverage.checks import check_flag
from leverage.io.scenario import Scenario, ScenarioError, formula_game
from leverage.parameters import Parameter, ParameterSet
from leverage.testing.arguments import MAX_COUNT, MAX_DEPTH, count
from leverage.testing.arguments import names as name_list

__all__ = ["DrawnExpression", "expressions", "parameter_names", "scenarios"]

#: A formula tree: ``("num", x)``, ``("name", n)``, ``("neg", t)``, ``("pos", t)``,
#: ``(op, left, right)`` with op in ``+ - * / **``, or ``("call", f, (args...))``.
Tree = tuple[Any, ...]

_PRECEDENCE = {"+": 10, "-": 10, "*": 20, "/": 20, "neg": 30, "pos": 30, "**": 40}
_ATOM = 100


@dataclass(frozen=True)
class DrawnExpression:
    """A drawn formula: its tree and a text that Python's grammar reads as that tree.

    Attributes
    ----------
    tree : tuple
        The formula as nested tuples (see :data:`Tree`).
    text : str
        The formula written with the fewest parentheses Python's precedence
        rules need, plus some drawn redundant ones and varied spacing.

    Examples
    --------
    The text reads back as the tree it was drawn from:

    >>> from leverage.io import parse_expression
    >>> drawn = DrawnExpression(("*", ("num", 2.0), ("+", ("name", "x"), ("num", 1.0))), "2.0 * (x + 1.0)")
    >>> float(parse_expression(drawn.text, ["x"]).evaluate(x=3.0))
    8.0
    """

    tree: Tree
    text: str


def _precedence(tree: Tree) -> int:
    return _PRECEDENCE.get(tree[0], _ATOM)


def _render(draw: Any, tree: Tree) -> str:
    """Text for ``tree``: parentheses where Python's precedence needs them, some more at random."""
    kind = tree[0]
    space = draw(st.sampled_from(["", " "]))

    def wrap(child: Tree, needed: bool) -> str:
        text = _render(draw, child)
        if needed or (child[0] not in ("num", "name") and draw(st.integers(0, 9)) == 0):
            return f"({text})"
        return text

    if kind == "num":
        value = tree[1]
        return repr(value)
    if kind == "name":
        return tree[1]
    if kind in ("neg", "pos"):
        sign = "-" if kind == "neg" else "+"
        # a unary operand binds looser than ** but tighter than * and +
        return sign + wrap(tree[1], _precedence(tree[1]) < 30)
    if kind == "call":
        return f"{tree[1]}(" + f",{space}".join(_render(draw, arg) for arg in tree[2]) + ")"
    left, right = tree[1], tree[2]
    p = _PRECEDENCE[kind]
    if kind == "**":
        # right-associative; the left operand of ** binds tighter than unary minus
        left_text = wrap(left, _precedence(left) <= p)
        right_text = wrap(right, _precedence(right) < 30)
    else:
        # left-associative: an equal-precedence right operand keeps its parentheses
        left_text = wrap(left, _precedence(left) < p)
        right_text = wrap(right, _precedence(right) <= p)
    return f"{left_text}{space}{kind}{space}{right_text}"


def _numbers() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(0, 12),
        st.sampled_from([0.5, 0.25, 1.5, 2.5, 0.1, 3.75]),
    )


@functools.lru_cache(maxsize=256)
def _trees(names: tuple[str, ...], depth: int, positive: bool, functions: bool, powers: bool) -> st.SearchStrategy[Tree]:
    """Trees of at most ``depth`` operator levels; ``positive`` ones are > 0 for positive names."""
    leaves = st.one_of(
        st.sampled_from([("name", n) for n in names]),
        _numbers().filter(lambda v: v > 0 or not positive).map(lambda v: ("num", v)),
    )
    if depth == 0:
        return leaves

    def sub(positive_: bool) -> st.SearchStrategy[Tree]:
        return _trees(names, depth - 1, positive_, functions, powers)

    exponents = st.one_of(
        st.sampled_from([("num", 2), ("num", 3), ("num", 0.5), ("neg", ("num", 1)), ("num", 0)]),
        st.sampled_from([("name", n) for n in names]),
    )
    branches = [
        leaves,
        st.tuples(st.sampled_from(["+", "*", "/"]), sub(positive), sub(positive)),
    ]
    if not positive:
        branches += [
            st.tuples(st.just("-"), sub(False), sub(False)),
            st.tuples(st.sampled_from(["neg", "pos"]), sub(False)),
        ]
    if powers:
        # a positive base takes any small exponent; any base takes an integer one
        branches.append(st.tuples(st.just("**"), sub(True), exponents))
        if not positive:
            branches.append(st.tuples(st.just("**"), sub(False), st.sampled_from([("num", 2), ("num", 3)])))
    if functions:
        branches += [
            st.tuples(st.just("call"), st.sampled_from(["exp", "abs"]), st.tuples(sub(False))).filter(
                lambda t: not positive or t[1] == "exp"
            ),
            st.tuples(st.just("call"), st.sampled_from(["log", "sqrt"]), st.tuples(sub(True))).filter(
                lambda t: not positive or t[1] == "sqrt"
            ),
            st.tuples(
                st.just("call"), st.sampled_from(["min", "max"]), st.lists(sub(positive), min_size=2, max_size=3).map(tuple)
            ),
            st.tuples(st.just("call"), st.just("clip"), st.tuples(sub(positive), sub(positive), sub(positive))),
        ]
    return st.one_of(*branches)


@st.composite
def expressions(
    draw: Any,
    names: Sequence[str],
    max_depth: int = 3,
    functions: bool = True,
    powers: bool = True,
) -> DrawnExpression:
    """Arithmetic formulas over ``names``, as a tree and a text.

    Powers take small exponents (2, 3, 1/2, -1, 0 or a name), so the drawn
    formulas stay within the parser's bound on constant exponents; the
    arguments of ``log`` and ``sqrt`` and the bases of fractional powers are
    built to be positive when the names' values are, so that the formulas are
    real-valued there.

    Parameters
    ----------
    names : sequence of str
        The names the formulas may use (at least one).
    max_depth : int
        Maximum number of nested operator levels.
    functions : bool
        Whether to draw calls to ``abs``, ``exp``, ``log``, ``sqrt``,
        ``min``, ``max`` and ``clip``.
    powers : bool
        Whether to draw ``**``.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(expressions(["x"], max_depth=1, functions=False))
    ... def check(drawn):
    ...     assert drawn.tree[0] in ("num", "name", "+", "-", "*", "/", "**", "neg", "pos")
    >>> check()
    """
    caller = "expressions()"
    names = list(name_list(names, "names", caller))
    if not names:
        raise ValueError(f"{caller}: names must not be empty")
    if len(set(names)) != len(names):
        raise ValueError(f"{caller}: names must be distinct; got {names!r}")
    max_depth = count(max_depth, "max_depth", caller, high=MAX_DEPTH)
    functions, powers = check_flag(functions, "functions", caller), check_flag(powers, "powers", caller)
    tree = draw(_trees(tuple(names), max_depth, False, functions, powers))
    return DrawnExpression(tree, _render(draw, tree))


def parameter_names() -> st.SearchStrategy[str]:
    """Parameter names: identifiers (some non-ASCII) that are not keywords nor dunder names.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(parameter_names())
    ... def check(name):
    ...     assert name.isidentifier()
    >>> check()
    """
    ascii_names = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)
    other = st.sampled_from(["α_share", "prämie", "dépendance", "x_1", "rent", "cost"])
    return st.one_of(ascii_names, other).filter(lambda n: not keyword.iskeyword(n))


def _texts(min_size: int = 0) -> st.SearchStrategy[str]:
    # any text without lone surrogates, which no UTF-8 file can hold
    return st.text(st.characters(blacklist_categories=("Cs",)), min_size=min_size, max_size=30)


@st.composite
def _parameter(draw: Any) -> Parameter:
    floats = st.one_of(
        st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
        # edge cases: rounding, the smallest subnormal and normal numbers, signed zero, beyond 2**53
        st.sampled_from([0.1 + 0.2, math.ulp(0.0), -0.0, 1e16, 2.0**53 + 2, 1 / 3, sys.float_info.min]),
    )
    a, b, c = sorted(draw(st.tuples(floats, floats, floats)))
    source = draw(_texts(1).filter(lambda s: s.strip() != ""))
    note = draw(st.none() | _texts())
    return Parameter(b, a, c, draw(_texts()), source, note=note)


@st.composite
def scenarios(draw: Any, max_parameters: int = 4, max_custom_games: int = 2) -> Scenario:
    """Complete scenarios: awkward floats and strings, registered games and games of formulas.

    Parameter values include ``0.1 + 0.2``, ``-0.0``, subnormals and large
    integers-as-floats; texts include quotes, backslashes, control and
    non-ASCII characters. Games of formulas have two or three players with
    one to three strategies each.

    Parameters
    ----------
    max_parameters : int
        Most parameters drawn (at least one is).
    max_custom_games : int
        Most games of formulas drawn.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(scenarios())
    ... def check(scenario):
    ...     assert len(scenario.parameters) >= 1
    >>> check()
    """
    from leverage.scenarios import registry

    max_parameters = count(max_parameters, "max_parameters", "scenarios()", low=1, high=MAX_COUNT)
    max_custom_games = count(max_custom_games, "max_custom_games", "scenarios()", high=MAX_COUNT)
    names = draw(st.lists(parameter_names(), min_size=1, max_size=max_parameters, unique=True))
    parameters = ParameterSet({name: draw(_parameter()) for name in names})
    games = draw(st.lists(st.sampled_from(sorted(registry.GAMES)), unique=True, max_size=3)) if registry.GAMES else []
    custom: dict[str, Any] = {}
    n_games = draw(st.integers(0, max_custom_games))
    labels = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8).filter(
        lambda s: s.strip() != ""
    )
    for _ in range(n_games):
        name = draw(labels.filter(lambda s: s not in registry.GAMES and s not in custom))
        n = draw(st.integers(2, 3))
        players = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
        strategies = [draw(st.lists(labels, min_size=1, max_size=3 if n == 2 else 2, unique=True)) for _ in players]
        shape = [len(s) for s in strategies]
        formulas = expressions(names, max_depth=2, functions=False, powers=False).map(lambda d: d.text)

        def table(level: int) -> Any:
            if level == len(shape):
                return draw(formulas)
            return [table(level + 1) for _ in range(shape[level])]

        payoffs = {player: table(0) for player in players}
        try:
            with np.errstate(all="ignore"):
                custom[name] = formula_game(parameters, players, strategies, payoffs)
        except ScenarioError:
            assume(False)  # payoffs not finite at the calibrated values (a division by zero)
    return Scenario(
        name=draw(labels),
        description=draw(_texts()),
        parameters=parameters,
        games=games,
        custom_games=custom,
    )
