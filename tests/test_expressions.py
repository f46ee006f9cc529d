"""The payoff-formula parser: whitelist, bounds, evaluation and sympy conversion."""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import math
import re
import time
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import assume, given
from hypothesis import strategies as st

from leverage.io import expressions as expressions_module
from leverage.io.expressions import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    ExpressionError,
    parse_expression,
)
from leverage.testing.io_strategies import DrawnExpression, expressions

NAMES = ("a", "b")
POSITIVE = st.floats(0.25, 4.0, allow_nan=False, allow_infinity=False)


# ------------------------------------------------------------------ references
_NUMPY_CALLS = {
    "exp": np.exp,
    "abs": np.abs,
    "log": np.log,
    "sqrt": np.sqrt,
    "min": lambda *args: functools.reduce(np.minimum, args),
    "max": lambda *args: functools.reduce(np.maximum, args),
    "clip": lambda x, low, high: np.minimum(np.maximum(x, low), high),
}
_NUMPY_OPS = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide, "**": np.power}


def reference(tree: tuple, values: dict[str, np.ndarray]) -> np.ndarray:
    """Evaluate a drawn tree with numpy directly, without the parser."""
    kind = tree[0]
    if kind == "num":
        return np.float64(tree[1])
    if kind == "name":
        return values[tree[1]]
    if kind == "neg":
        return np.negative(reference(tree[1], values))
    if kind == "pos":
        return np.positive(reference(tree[1], values))
    if kind == "call":
        return _NUMPY_CALLS[tree[1]](*(reference(arg, values) for arg in tree[2]))
    return _NUMPY_OPS[kind](reference(tree[1], values), reference(tree[2], values))


class _NotReal(Exception):
    pass


def precise(tree: tuple, values: dict[str, float], digits: int) -> tuple[mpmath.mpf, mpmath.mpf]:
    """Evaluate a drawn tree in mpmath at ``digits`` digits: (value, largest intermediate magnitude)."""
    largest = [mpmath.mpf(0)]

    def walk(node: tuple) -> mpmath.mpf:
        kind = node[0]
        if kind == "num":
            out = mpmath.mpf(repr(node[1]))
        elif kind == "name":
            out = mpmath.mpf(values[node[1]])
        elif kind == "neg":
            out = -walk(node[1])
        elif kind == "pos":
            out = walk(node[1])
        elif kind == "call":
            args = [walk(arg) for arg in node[2]]
            name = node[1]
            if name in ("log", "sqrt") and args[0] <= 0:
                raise _NotReal
            out = {
                "exp": lambda x: mpmath.exp(x),
                "abs": lambda x: abs(x),
                "log": lambda x: mpmath.log(x),
                "sqrt": lambda x: mpmath.sqrt(x),
                "min": lambda *xs: min(xs),
                "max": lambda *xs: max(xs),
                "clip": lambda x, low, high: min(max(x, low), high),
            }[name](*args)
        else:
            left, right = walk(node[1]), walk(node[2])
            if kind == "+":
                out = left + right
            elif kind == "-":
                out = left - right
            elif kind == "*":
                out = left * right
            elif kind == "/":
                if right == 0:
                    raise _NotReal
                out = left / right
            else:
                if left == 0 and right <= 0:
                    raise _NotReal
                out = mpmath.power(left, right)
        if not isinstance(out, mpmath.mpf) or not mpmath.isfinite(out):
            raise _NotReal
        largest[0] = max(largest[0], abs(out))
        return out

    with mpmath.workdps(digits):
        return walk(tree), largest[0]


def sympy_value(expr: sympy.Expr, values: dict[str, float]) -> float | None:
    """The sympy expression at the point, at 50 digits; None where it is not a finite real."""
    substituted = expr.xreplace({sympy.Symbol(n, real=True): sympy.Float(v, 60) for n, v in values.items()})
    try:
        result = substituted.evalf(50)
    except (TypeError, ValueError):
        return None
    if not result.is_real or not result.is_finite or not result.is_number:
        return None
    return result


# ----------------------------------------------------------------- the basics
def test_evaluates_with_broadcasting_over_arrays_of_draws():
    e = parse_expression("rent * (1 - share) - cost / 2", ["rent", "share", "cost"])
    got = e.evaluate(rent=np.array([1.0, 2.0])[:, None], share=np.array([0.0, 0.5]), cost=1.0)
    np.testing.assert_array_equal(got, np.array([[0.5, 0.0], [1.5, 0.5]]))
    assert e.evaluate(rent=2.0, share=0.5, cost=1.0) == 0.5


def test_names_lists_used_parameters_in_order_of_first_appearance():
    e = parse_expression("c * a + a - exp(c)", ["a", "b", "c"])
    assert e.names == ("c", "a")


def test_a_formula_without_names_broadcasts_as_a_scalar():
    e = parse_expression("2 ** -1", ["a"])
    assert e.names == ()
    assert e.evaluate(a=np.ones(3)) == 0.5


def test_extra_values_are_ignored_and_missing_ones_named():
    e = parse_expression("a + 1", ["a", "b"])
    assert e.evaluate(a=1.0, b=5.0, unrelated=7.0) == 2.0
    with pytest.raises(TypeError, match=r"missing a value for 'a'"):
        e.evaluate(b=1.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abs(a - 3)", 1.0),
        ("exp(a - 2)", 1.0),
        ("log(a / 2)", 0.0),
        ("sqrt(a * 8)", 4.0),
        ("min(a, 5, 1.5)", 1.5),
        ("max(a, -1)", 2.0),
        ("clip(a, 0, 1)", 1.0),
        ("clip(a, 3, 4)", 3.0),
        ("clip(a, 0, 5)", 2.0),
        ("-a ** 2", -4.0),
        ("(-a) ** 2", 4.0),
        ("2 ** 3 ** 2", 512.0),
        ("a - 1 - 1", 0.0),
        ("a / 4 / 2", 0.25),
        ("+a", 2.0),
    ],
)
def test_each_function_and_operator_follows_python_and_numpy(text, expected):
    assert parse_expression(text, ["a"]).evaluate(a=2.0) == expected


def test_equality_and_hash_follow_the_syntax_tree_not_the_spacing():
    e = parse_expression("a+b*2", NAMES)
    same = parse_expression("  a + b * 2 ", NAMES)
    assert e == same and hash(e) == hash(same)
    assert e != parse_expression("b*2+a", NAMES)
    assert e.text == "a+b*2" and str(e) == "a + b * 2"
    assert repr(e) == "Expression('a + b * 2')"


def test_to_sympy_builds_exact_numbers_and_the_whitelisted_functions():
    a, b = sympy.symbols("a b", real=True)
    e = parse_expression("0.1 * a + clip(b, 0, 1) + abs(a) + max(a, b, 2) + min(a, 1) + sqrt(b) - log(exp(a))", NAMES)
    expected = (
        sympy.Rational(1, 10) * a
        + sympy.Min(sympy.Max(b, 0), 1)
        + sympy.Abs(a)
        + sympy.Max(a, b, 2)
        + sympy.Min(a, 1)
        + sympy.sqrt(b)
        - a
    )
    assert sympy.simplify(e.to_sympy() - expected) == 0


def test_to_sympy_uses_the_symbols_given():
    p = sympy.Symbol("a", positive=True)
    expr = parse_expression("sqrt(a ** 2)", ["a"]).to_sympy({"a": p})
    assert expr == p


def test_names_match_python_identifier_normalisation():
    micro = "\u00b5"  # MICRO SIGN; Python reads it as GREEK SMALL LETTER MU
    e = parse_expression(f"2 * {micro}", [micro])
    assert e.names == (micro,)
    assert e.evaluate(**{micro: 1.5}) == 3.0
    assert e.to_sympy() == 2 * sympy.Symbol(micro, real=True)


def test_text_must_be_a_string_and_names_an_iterable_of_names():
    with pytest.raises(TypeError, match="text must be a string"):
        parse_expression(3, ["a"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not a single string"):
        parse_expression("a", "a")


# ---------------------------------------------------------------- rejections
def _sentinel_payloads(sentinel: Path) -> list[str]:
    s = str(sentinel)
    return [
        f"__import__('os').system('touch {s}')",
        f"__import__('pathlib').Path('{s}').touch()",
        f"open('{s}', 'w')",
        f"().__class__.__bases__[0].__subclasses__()[0]('{s}')",
        f"exec('open(\"{s}\", \"w\")')",
        f"eval('open(\"{s}\", \"w\")')",
        f"[open('{s}', 'w') for _ in (1,)]",
        f"(lambda: open('{s}', 'w'))()",
        f"abs(open('{s}', 'w'))",
        f"a if open('{s}', 'w') else 0",
        f"(f := open('{s}', 'w'))",
        f"a.__class__.__init__.__globals__['os'].system('touch {s}')",
        "getattr(a, '__class__')",
        f"breakpoint() or open('{s}', 'w')",
    ]


@pytest.mark.parametrize("index", range(len(_sentinel_payloads(Path("x")))))
def test_a_malicious_formula_is_rejected_without_any_side_effect(index, tmp_path):
    sentinel = tmp_path / "hacked"
    payload = _sentinel_payloads(sentinel)[index]
    with pytest.raises(ExpressionError, match="not allowed|double underscore"):
        parse_expression(payload, ["a"])
    assert not sentinel.exists()


@pytest.mark.parametrize(
    ("text", "construct"),
    [
        ("__import__('os').system('echo hacked')", "attribute access is not allowed"),
        ("().__class__.__bases__[0].__subclasses__()", "attribute access is not allowed"),
        ("rent.__class__", "attribute access is not allowed"),
        ("(lambda: 1)()", "lambda is not allowed"),
        ("open('/etc/passwd')", "a call to 'open' is not allowed"),
        ("__import__", "'__import__' begins with a double underscore"),
        ("rent[0]", "subscript is not allowed"),
        ("rent < 1", "comparison is not allowed"),
        ("rent and 1", "boolean operator is not allowed"),
        ("rent if rent else 1", "conditional expression is not allowed"),
        ("[x for x in rent]", "comprehension is not allowed"),
        ("(rent, 1)", "tuple is not allowed"),
        ("'text'", "a string is not allowed"),
        ("b'bytes'", "a bytes literal is not allowed"),
        ("True", "the constant True is not allowed"),
        ("None", "the constant None is not allowed"),
        ("1j", "a complex number is not allowed"),
        ("rent // 2", "the operator '//' is not allowed"),
        ("rent % 2", "the operator '%' is not allowed"),
        ("rent @ rent", "the operator '@' is not allowed"),
        ("rent ^ 1", "the operator '^' is not allowed"),
        ("~rent", "the operator '~' is not allowed"),
        ("not rent", "the operator 'not' is not allowed"),
        ("abs(x=rent)", "keyword arguments are not allowed in a call to 'abs'"),
        ("max(*rent)", "a starred argument is not allowed"),
        ("f'{rent}'", "f-string is not allowed"),
        ("(rent := 2)", "assignment expression is not allowed"),
        ("exp(rent)(2)", "only the named functions may be called"),
        ("rent.real", "attribute access is not allowed"),
    ],
)
def test_each_forbidden_construct_is_named(text, construct):
    with pytest.raises(ExpressionError) as info:
        parse_expression(text, ["rent"])
    assert construct in str(info.value)
    assert "column" in str(info.value)


def test_the_error_gives_the_column_of_the_offending_construct():
    with pytest.raises(ExpressionError) as info:
        parse_expression("rent + cost.real", ["rent", "cost"])
    assert info.value.column == 8
    assert "'cost.real' at column 8" in str(info.value)
    with pytest.raises(ExpressionError) as info:
        parse_expression("é + tax", ["é"])  # a non-ASCII name before: columns count characters
    assert info.value.column == 5


def test_an_unknown_name_is_reported_with_the_known_ones():
    with pytest.raises(ExpressionError, match=r"unknown name 'tax': 'tax' at column 8; known names: cost, rent"):
        parse_expression("rent - tax", ["rent", "cost"])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("abs(1, 2)", "abs() takes exactly 1 argument, got 2"),
        ("max(1)", "max() takes at least 2 arguments, got 1"),
        ("clip(1, 2)", "clip() takes exactly 3 arguments, got 2"),
    ],
)
def test_calls_with_the_wrong_number_of_arguments_are_refused(text, problem):
    with pytest.raises(ExpressionError, match=re.escape(problem)):
        parse_expression(text, [])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("9**9**9**9", "exceeds the bound"),
        ("9**9**9", "exceeds the bound"),
        ("2 ** 101", "the exponent 101 exceeds the bound"),
        ("2 ** -101", "the exponent -101 exceeds the bound"),
        ("2 ** (50 * 3)", "the exponent 150 exceeds the bound"),
        ("(a ** 10) ** 11", "nested powers raise to the power 110"),
        ("((a ** 4) ** 5) ** 6", "nested powers raise to the power 120"),
        ("2 ** 1e400", "too large"),
        ("1e999", "too large"),
    ],
)
def test_huge_constant_exponents_are_refused_at_once(text, problem):
    start = time.perf_counter()
    with pytest.raises(ExpressionError, match=re.escape(problem)):
        parse_expression(text, ["a"])
    assert time.perf_counter() - start < 1.0


def test_powers_within_the_bound_are_accepted_and_exact_in_sympy():
    e = parse_expression(f"2 ** {MAX_EXPONENT}", [])
    assert e.to_sympy() == sympy.Integer(2) ** MAX_EXPONENT
    assert parse_expression("(a ** 10) ** 10", ["a"]).evaluate(a=1.0) == 1.0
    # an exponent in the parameters is not a constant: it is evaluated in floating point
    with np.errstate(over="ignore"):
        assert parse_expression("a ** a ** 100", ["a"]).evaluate(a=1.5) == np.inf


def test_length_and_depth_are_bounded():
    with pytest.raises(ExpressionError, match=f"more than the limit of {MAX_LENGTH}"):
        parse_expression("+".join(["a"] * MAX_LENGTH), ["a"])
    with pytest.raises(ExpressionError, match=f"nested more than {MAX_DEPTH} levels deep"):
        parse_expression("-" * (MAX_DEPTH + 1) + "a", ["a"])
    assert parse_expression("-" * (MAX_DEPTH - 1) + "a", ["a"]).evaluate(a=1.0) == (-1.0) ** (MAX_DEPTH - 1)
    with pytest.raises(ExpressionError, match="invalid syntax"):
        parse_expression("(" * 300 + "a" + ")" * 300, ["a"])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "the formula is empty"),
        ("   ", "the formula is empty"),
        ("a +", "invalid syntax at column 4"),
        ("a b", "invalid syntax at column 3"),
        ("abs(", "invalid syntax at column 4"),
        ("a\n+ 1", "invalid syntax"),
        ("a = 1", "invalid syntax"),
        ("a\x00", "cannot be parsed|invalid syntax"),
    ],
)
def test_syntax_errors_are_expression_errors_with_a_position(text, problem):
    with pytest.raises(ExpressionError, match=problem):
        parse_expression(text, ["a"])


def test_the_parser_never_executes_the_text(monkeypatch):
    """eval and exec are never called, and no call to them appears in the module."""

    def refuse(*args, **kwargs):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    e = parse_expression("max(a, 2) ** 2 - log(b) / sqrt(a)", NAMES)
    assert math.isclose(e.evaluate(a=3.0, b=1.0), 9.0)
    assert e.to_sympy().subs({sympy.Symbol("a", real=True): 3, sympy.Symbol("b", real=True): 1}) == 9

    tree = ast.parse(inspect.getsource(expressions_module))
    called = {
        node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert not called & {"eval", "exec", "compile", "sympify", "parse_expr", "lambdify"}


def test_the_function_table_is_the_documented_one():
    assert sorted(FUNCTIONS) == ["abs", "clip", "exp", "log", "max", "min", "sqrt"]


# ------------------------------------------------------------ property tests
@given(drawn=expressions(NAMES), a=st.lists(POSITIVE, min_size=3, max_size=3), b=POSITIVE)
def test_evaluate_matches_a_direct_numpy_evaluation_of_the_drawn_tree(drawn: DrawnExpression, a, b):
    values = {"a": np.array(a), "b": np.float64(b)}
    e = parse_expression(drawn.text, NAMES)
    with np.errstate(all="ignore"):
        got = e.evaluate(**values)
        want = reference(drawn.tree, values)
    np.testing.assert_array_equal(got, np.broadcast_to(want, np.shape(got)), err_msg=drawn.text)
    assert set(e.names) <= set(NAMES)


@given(drawn=expressions(NAMES))
def test_str_reads_back_as_the_same_expression(drawn: DrawnExpression):
    e = parse_expression(drawn.text, NAMES)
    again = parse_expression(str(e), NAMES)
    assert again == e and str(again) == str(e)


@given(drawn=expressions(NAMES), a=POSITIVE, b=POSITIVE)
def test_to_sympy_agrees_with_a_high_precision_evaluation_and_with_evaluate(drawn: DrawnExpression, a, b):
    point = {"a": a, "b": b}
    try:
        value, largest = precise(drawn.tree, point, 80)
        coarse, _ = precise(drawn.tree, point, 50)
        double, _ = precise(drawn.tree, point, 15)
    except (_NotReal, ZeroDivisionError, OverflowError, ValueError):
        assume(False)
        return
    e = parse_expression(drawn.text, NAMES)
    symbolic = sympy_value(e.to_sympy(), point)
    with mpmath.workdps(90):
        scale = 1 + abs(value)
        # well-conditioned: 50 and 80 digits agree, so the exact value is known to ~40 digits
        assume(abs(coarse - value) <= mpmath.mpf(10) ** -40 * (1 + largest))
        assume(symbolic is not None)  # sympy may simplify a near-zero denominator to an exact zero
        error = abs(mpmath.mpf(str(symbolic)) - value)
        assert error <= mpmath.mpf(10) ** -30 * (1 + largest), drawn.text
        accurate_in_double = abs(double - value) <= mpmath.mpf(10) ** -9 * scale
    # where double precision is accurate enough, evaluate() agrees with sympy too
    if accurate_in_double:
        with np.errstate(all="ignore"):
            numeric = e.evaluate(**point)
        assert math.isclose(numeric, float(symbolic), rel_tol=1e-6, abs_tol=1e-6 * float(scale)), drawn.text


@given(drawn=expressions(["a"], functions=False), extra=st.sampled_from(["b", "cost", "x1"]))
def test_a_formula_is_refused_exactly_when_it_uses_a_name_outside_the_allowed_ones(drawn, extra):
    text = f"{drawn.text} + {extra}"
    with pytest.raises(ExpressionError, match=f"unknown name '{extra}'"):
        parse_expression(text, ["a"])
    assert parse_expression(text, ["a", extra]).names[-1] == extra
