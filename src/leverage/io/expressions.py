"""A restricted parser for payoff formulas written in scenario files.

A payoff formula is an arithmetic expression in named parameters, such as
``"rent - 0.2 * cost"`` or ``"max(0, premium - 1) * dependence"``.
:func:`parse_expression` reads it with :func:`ast.parse` and checks every
node of the tree against a whitelist; the result, an :class:`Expression`,
is evaluated over numpy arrays and turned into a sympy expression by walking
the same checked tree. The text is never executed: no ``eval``, ``exec``,
``compile`` or sympy string parsing touches it.

Grammar
-------
Allowed:

- numbers: integer and decimal literals (``2``, ``0.5``, ``1e-3``);
- names of the parameters passed to :func:`parse_expression`;
- the binary operators ``+``, ``-``, ``*``, ``/`` and ``**``, the unary
  operators ``+`` and ``-``, and parentheses;
- calls, with positional arguments only, to the functions of
  :data:`FUNCTIONS`: ``abs(x)``, ``exp(x)``, ``log(x)`` (natural),
  ``sqrt(x)``, ``min(x, y, ...)``, ``max(x, y, ...)`` and
  ``clip(x, low, high)`` (that is, ``min(max(x, low), high)``).

Everything else is refused with an :class:`ExpressionError` that names the
construct and its column: attributes, subscripts, comparisons, boolean
operators, conditional expressions, lambdas, comprehensions, strings,
keyword arguments, calls to any other name, names beginning with a double
underscore, and the operators ``//``, ``%``, ``@``, ``~`` and the bitwise ones.

Bounds
------
A formula has at most :data:`MAX_LENGTH` characters and its tree at most
:data:`MAX_DEPTH` levels. A power whose exponent involves no parameter
(``x ** 3``, ``2 ** (1 / 2)``) has its exponent computed in floating point
when the formula is parsed; its absolute value, multiplied by the constant
exponents of any powers nested in its base (``(x ** 4) ** 8`` counts 32),
must not exceed :data:`MAX_EXPONENT`. So ``9**9**9`` is refused at once, and
neither :meth:`Expression.evaluate` (numpy floats) nor
:meth:`Expression.to_sympy` (exact numbers) can be made to run for long.

Examples
--------
>>> e = parse_expression("max(0, rent - cost) / 2", names=["rent", "cost", "premium"])
>>> e.names
('rent', 'cost')
>>> e.evaluate(rent=[1.0, 4.0], cost=2.0)
array([0., 1.])
>>> e.to_sympy()
Max(0, -cost + rent)/2
>>> parse_expression("rent.__class__", names=["rent"])
Traceback (most recent call last):
...
leverage.io.expressions.ExpressionError: parse_expression(): attribute access is not allowed in a formula: 'rent.__class__' at column 1
"""

from __future__ import annotations

import ast
import functools
import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "Expression",
    "ExpressionError",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "parse_expression",
]

#: Longest formula accepted, in characters.
MAX_LENGTH = 1000
#: Deepest syntax tree accepted (a name or number alone has depth 1).
MAX_DEPTH = 40
#: Largest absolute constant exponent, counting nested powers multiplied together.
MAX_EXPONENT = 100


class ExpressionError(ValueError):
    """A formula that is not valid, or uses a construct outside the whitelist.

    Attributes
    ----------
    text : str
        The formula.
    column : int or None
        1-based column (in characters) of the offending construct, if known.
    problem : str
        The message without the name of the function that raised it.

    Examples
    --------
    >>> try:
    ...     parse_expression("rent + __import__('os')", ["rent"])
    ... except ExpressionError as exc:
    ...     print(exc.column, exc)
    8 parse_expression(): the name '__import__' begins with a double underscore and is not allowed: '__import__' at column 8
    """

    def __init__(self, message: str, text: str = "", column: int | None = None, caller: str | None = None) -> None:
        super().__init__(f"{caller}: {message}" if caller else message)
        self.problem = message
        self.text = text
        self.column = column


# ------------------------------------------------------------------ functions
def _np_min(*args: Any) -> Any:
    return functools.reduce(np.minimum, args)


def _np_max(*args: Any) -> Any:
    return functools.reduce(np.maximum, args)


def _np_clip(x: Any, low: Any, high: Any) -> Any:
    return np.minimum(np.maximum(x, low), high)


def _sympy_function(name: str) -> Callable[..., Any]:
    import sympy

    table: dict[str, Callable[..., Any]] = {
        "abs": sympy.Abs,
        "exp": sympy.exp,
        "log": sympy.log,
        "sqrt": sympy.sqrt,
        "min": sympy.Min,
        "max": sympy.Max,
        "clip": lambda x, low, high: sympy.Min(sympy.Max(x, low), high),
    }
    return table[name]


@dataclass(frozen=True)
class _Function:
    numpy: Callable[..., Any]
    min_args: int
    max_args: int | None  # None: no upper limit

    def arity(self) -> str:
        if self.max_args == self.min_args:
            return f"exactly {self.min_args} argument{'s' if self.min_args != 1 else ''}"
        return f"at least {self.min_args} arguments"


#: The functions a formula may call: name -> numpy implementation and arity.
FUNCTIONS: Mapping[str, _Function] = {
    "abs": _Function(np.abs, 1, 1),
    "exp": _Function(np.exp, 1, 1),
    "log": _Function(np.log, 1, 1),
    "sqrt": _Function(np.sqrt, 1, 1),
    "min": _Function(_np_min, 2, None),
    "max": _Function(_np_max, 2, None),
    "clip": _Function(_np_clip, 3, 3),
}

_BINARY: dict[type[ast.operator], tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Add: ("+", np.add),
    ast.Sub: ("-", np.subtract),
    ast.Mult: ("*", np.multiply),
    ast.Div: ("/", np.true_divide),
    ast.Pow: ("**", np.power),
}
_UNARY: dict[type[ast.unaryop], tuple[str, Callable[[Any], Any]]] = {
    ast.UAdd: ("+", np.positive),
    ast.USub: ("-", np.negative),
}
_FORBIDDEN_OPERATORS = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.Invert: "~",
    ast.Not: "not",
}
_CONSTRUCTS = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscript",
    ast.Slice: "slice",
    ast.Compare: "comparison",
    ast.BoolOp: "boolean operator",
    ast.IfExp: "conditional expression",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehension",
    ast.SetComp: "comprehension",
    ast.DictComp: "comprehension",
    ast.GeneratorExp: "comprehension",
    ast.Tuple: "tuple",
    ast.List: "list",
    ast.Set: "set",
    ast.Dict: "dict",
    ast.Starred: "starred argument",
    ast.NamedExpr: "assignment expression",
    ast.JoinedStr: "f-string",
    ast.FormattedValue: "f-string",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}


# ------------------------------------------------------------------- checking
class _Checker:
    """Validate a parsed tree against the whitelist, collecting the names used."""

    def __init__(self, text: str, allowed: frozenset[str]) -> None:
        self.text = text
        self.allowed = allowed
        self.used: dict[str, None] = {}
        self._lines = text.split("\n")
        # Python reads identifiers in NFKC form; match the allowed names the same way
        self._normalised: dict[str, list[str]] = {}
        for name in sorted(allowed):
            self._normalised.setdefault(_nfkc(name), []).append(name)

    def column(self, node: ast.AST) -> int | None:
        lineno = getattr(node, "lineno", None)
        offset = getattr(node, "col_offset", None)
        if lineno is None or offset is None or not 1 <= lineno <= len(self._lines):
            return None
        # ast offsets count UTF-8 bytes; report characters
        prefix = self._lines[lineno - 1].encode("utf-8")[:offset]
        column = len(prefix.decode("utf-8", errors="ignore")) + 1
        # count columns over the whole text when the formula spans lines
        return column + sum(len(line) + 1 for line in self._lines[: lineno - 1])

    def fail(self, node: ast.AST, problem: str, suffix: str = "") -> ExpressionError:
        column = self.column(node)
        segment = ast.get_source_segment(self.text, node)
        if segment is not None and len(segment) > 60:
            segment = segment[:57] + "..."
        where = f"{segment!r} at column {column}" if segment is not None else f"at column {column}"
        if column is None:
            where = repr(segment) if segment is not None else "in the formula"
        return ExpressionError(f"{problem}: {where}{suffix}", self.text, column)

    def check(self, node: ast.AST, depth: int) -> int:
        """Check ``node``; return the product of the constant exponents applied inside it."""
        if depth > MAX_DEPTH:
            raise self.fail(node, f"the formula is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or value is None or value is Ellipsis:
                raise self.fail(node, f"the constant {value!r} is not allowed in a formula")
            if isinstance(value, str):
                raise self.fail(node, "a string is not allowed in a formula")
            if isinstance(value, bytes):
                raise self.fail(node, "a bytes literal is not allowed in a formula")
            if isinstance(value, complex):
                raise self.fail(node, "a complex number is not allowed in a formula")
            if not isinstance(value, (int, float)):
                raise self.fail(node, f"a constant of type {type(value).__name__} is not allowed")
            try:
                finite = math.isfinite(float(value))
            except OverflowError:
                finite = False
            if not finite:
                raise self.fail(node, "the number is too large (not a finite float)")
            return 1
        if isinstance(node, ast.Name):
            if node.id.startswith("__"):
                raise self.fail(node, f"the name {node.id!r} begins with a double underscore and is not allowed")
            originals = self._normalised.get(node.id, [])
            if not originals:
                known = ", ".join(sorted(self.allowed)) or "(none)"
                raise self.fail(node, f"unknown name {node.id!r}", f"; known names: {known}")
            if len(originals) > 1:
                raise self.fail(
                    node, f"the name {node.id!r} is ambiguous: it may be any of {', '.join(originals)}"
                )
            self.used.setdefault(originals[0], None)
            return 1
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINARY:
                symbol = _FORBIDDEN_OPERATORS.get(type(node.op), type(node.op).__name__)
                raise self.fail(node, f"the operator {symbol!r} is not allowed in a formula")
            left = self.check(node.left, depth + 1)
            right = self.check(node.right, depth + 1)
            if isinstance(node.op, ast.Pow) and self._is_constant(node.right):
                exponent = _fold(node.right)
                if not math.isfinite(exponent) or abs(exponent) > MAX_EXPONENT:
                    raise self.fail(
                        node.right, f"the exponent {exponent:g} exceeds the bound {MAX_EXPONENT}"
                    )
                total = left * max(1.0, abs(exponent))
                if total > MAX_EXPONENT:
                    raise self.fail(
                        node,
                        f"nested powers raise to the power {total:g}, beyond the bound {MAX_EXPONENT}",
                    )
                return int(math.ceil(total))
            return max(left, right)
        if isinstance(node, ast.UnaryOp):
            if type(node.op) not in _UNARY:
                symbol = _FORBIDDEN_OPERATORS.get(type(node.op), type(node.op).__name__)
                raise self.fail(node, f"the operator {symbol!r} is not allowed in a formula")
            return self.check(node.operand, depth + 1)
        if isinstance(node, ast.Call):
            return self._check_call(node, depth)
        construct = _CONSTRUCTS.get(type(node), type(node).__name__)
        raise self.fail(node, f"{construct} is not allowed in a formula")

    def _check_call(self, node: ast.Call, depth: int) -> int:
        func = node.func
        allowed = ", ".join(sorted(FUNCTIONS))
        if not isinstance(func, ast.Name):
            # report what is being called (an attribute, a lambda, a subscript...)
            if isinstance(func, (ast.Attribute, ast.Lambda, ast.Subscript, ast.Call)):
                self.check(func, depth + 1)
            raise self.fail(node, "only the named functions may be called", f"; allowed: {allowed}")
        if func.id.startswith("__"):
            raise self.fail(func, f"the name {func.id!r} begins with a double underscore and is not allowed")
        if func.id not in FUNCTIONS:
            raise self.fail(node, f"a call to {func.id!r} is not allowed", f"; allowed functions: {allowed}")
        if node.keywords:
            raise self.fail(node, f"keyword arguments are not allowed in a call to {func.id!r}")
        spec = FUNCTIONS[func.id]
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail(arg, "a starred argument is not allowed in a formula")
        count = len(node.args)
        if count < spec.min_args or (spec.max_args is not None and count > spec.max_args):
            raise self.fail(node, f"{func.id}() takes {spec.arity()}, got {count}")
        return max(self.check(arg, depth + 1) for arg in node.args)

    @staticmethod
    def _is_constant(node: ast.AST) -> bool:
        return not any(isinstance(child, ast.Name) for child in ast.walk(node))


def _nfkc(name: str) -> str:
    return unicodedata.normalize("NFKC", name)


def _fold(node: ast.AST) -> float:
    """The float value of a checked, name-free subtree (inf or nan on overflow)."""
    with np.errstate(all="ignore"):
        return float(_evaluate(node, {}))


# ----------------------------------------------------------------- evaluating
def _evaluate(node: ast.AST, values: Mapping[str, Any]) -> Any:
    """Evaluate a checked tree over numpy values (only whitelisted nodes occur)."""
    if isinstance(node, ast.Constant):
        return np.float64(node.value)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)][1](_evaluate(node.left, values), _evaluate(node.right, values))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)][1](_evaluate(node.operand, values))
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        return FUNCTIONS[node.func.id].numpy(*(_evaluate(arg, values) for arg in node.args))
    raise AssertionError(f"unchecked node {type(node).__name__}")  # pragma: no cover


def _sympy_number(value: int | float) -> Any:
    import sympy

    if isinstance(value, int):
        return sympy.Integer(value)
    # the shortest decimal that reads back as this float: what the author wrote
    return sympy.Rational(repr(value))


def _to_sympy(node: ast.AST, symbols: Mapping[str, Any]) -> Any:
    import sympy

    if isinstance(node, ast.Constant):
        return _sympy_number(node.value)
    if isinstance(node, ast.Name):
        return symbols[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _to_sympy(node.left, symbols), _to_sympy(node.right, symbols)
        op = type(node.op)
        if op is ast.Add:
            return sympy.Add(left, right)
        if op is ast.Sub:
            return sympy.Add(left, sympy.Mul(sympy.Integer(-1), right))
        if op is ast.Mult:
            return sympy.Mul(left, right)
        if op is ast.Div:
            return sympy.Mul(left, sympy.Pow(right, sympy.Integer(-1)))
        return sympy.Pow(left, right)
    if isinstance(node, ast.UnaryOp):
        operand = _to_sympy(node.operand, symbols)
        return sympy.Mul(sympy.Integer(-1), operand) if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        return _sympy_function(node.func.id)(*(_to_sympy(arg, symbols) for arg in node.args))
    raise AssertionError(f"unchecked node {type(node).__name__}")  # pragma: no cover


# ------------------------------------------------------------------ public API
class Expression:
    """A checked payoff formula: evaluate it over numpy arrays or turn it into sympy.

    Build one with :func:`parse_expression`. Two expressions are equal when
    their syntax trees are (``"a+b"`` equals ``"a + b"`` but not ``"b + a"``).

    Attributes
    ----------
    text : str
        The formula as written (surrounding whitespace removed).
    names : tuple of str
        The parameters the formula uses, in order of first appearance.

    Examples
    --------
    >>> e = parse_expression("premium * 2 - clip(rent, 0, 1)", ["rent", "premium"])
    >>> e.names
    ('premium', 'rent')
    >>> e.evaluate(premium=1.5, rent=3.0)
    2.0
    >>> str(e)
    'premium * 2 - clip(rent, 0, 1)'
    >>> e == parse_expression("premium*2-clip(rent,0,1)", ["rent", "premium"])
    True
    """

    __slots__ = ("_text", "_tree", "_names", "_dump")

    def __init__(self, text: str, tree: ast.Expression, names: tuple[str, ...]) -> None:
        # parse_expression() is the way to obtain a checked tree; a tree built by hand is checked here
        if not (isinstance(text, str) and isinstance(tree, ast.Expression) and isinstance(names, tuple)
                and all(isinstance(n, str) for n in names)):
            raise TypeError("Expression(): build an expression with parse_expression(text, names); got "
                            f"{type(text).__name__}, {type(tree).__name__}, {type(names).__name__}")
        checker = _Checker(text, frozenset(names))  # cheap: formulas are at most MAX_LENGTH characters
        try:
            checker.check(tree.body, 1)
        except ExpressionError as exc:
            raise ExpressionError(exc.problem, exc.text, exc.column, caller="Expression()") from None
        if tuple(checker.used) != names:
            raise ValueError(f"Expression(): names must be the names the formula uses, in order of first "
                             f"appearance: {tuple(checker.used)}; got {names}")
        self._text = text
        self._tree = tree
        self._names = names
        self._dump = ast.dump(tree.body)

    @property
    def text(self) -> str:
        """The formula as written."""
        return self._text

    @property
    def names(self) -> tuple[str, ...]:
        """The parameters used, in order of first appearance."""
        return self._names

    def __str__(self) -> str:
        return ast.unparse(self._tree.body)

    def __repr__(self) -> str:
        return f"Expression({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Expression):
            return NotImplemented
        return self._dump == other._dump

    def __hash__(self) -> int:
        return hash(self._dump)

    def evaluate(self, **values: Any) -> np.ndarray | float:
        """The formula's value over numpy arrays, with the usual broadcasting.

        Parameters
        ----------
        **values : float or array_like
            A value (or array of values) for each name in :attr:`names`;
            other names are ignored, so all of a model's parameters may be
            passed.

        Returns
        -------
        float or numpy.ndarray
            A float when every value is a scalar, else the broadcast array.
            Out-of-domain operations (``log`` of a negative number, division
            by zero) follow numpy: they give ``nan`` or ``inf`` with a warning.

        Raises
        ------
        TypeError
            If a value for a name used by the formula is missing.

        Examples
        --------
        >>> e = parse_expression("rent * (1 - share) ** 2", ["rent", "share"])
        >>> e.evaluate(rent=2.0, share=[0.0, 0.5])
        array([2. , 0.5])
        >>> e.evaluate(rent=2.0)
        Traceback (most recent call last):
        ...
        TypeError: Expression.evaluate(): missing a value for 'share' in 'rent * (1 - share) ** 2'
        """
        missing = [name for name in self._names if name not in values]
        if missing:
            raise TypeError(
                f"Expression.evaluate(): missing a value for {', '.join(map(repr, missing))} in {str(self)!r}"
            )
        arrays = {_nfkc(name): np.asarray(values[name], dtype=float) for name in self._names}
        out = np.asarray(_evaluate(self._tree.body, arrays), dtype=float)
        return float(out) if out.ndim == 0 else out

    def to_sympy(self, symbols: Mapping[str, Any] | None = None) -> Any:
        """The formula as a sympy expression, built node by node from the checked tree.

        Decimal literals become the exact rationals they denote (``0.1`` is
        ``1/10``); integers stay integers.

        Parameters
        ----------
        symbols : mapping of str to sympy.Symbol, optional
            Symbols to use for some names; the others are
            ``sympy.Symbol(name, real=True)``, as in
            :func:`leverage.solvers.symbolic.parameter_symbols`.

        Returns
        -------
        sympy.Expr

        Examples
        --------
        >>> import sympy
        >>> e = parse_expression("rent - 0.5 * cost", ["rent", "cost"])
        >>> expr = e.to_sympy()
        >>> expr
        -cost/2 + rent
        >>> sympy.solve(expr, sympy.Symbol("rent", real=True))
        [cost/2]
        """
        import sympy

        chosen = dict(symbols or {})
        table = {_nfkc(name): chosen.get(name, sympy.Symbol(name, real=True)) for name in self._names}
        return _to_sympy(self._tree.body, table)


def _syntax_column(text: str, exc: SyntaxError) -> int | None:
    """1-based column over the whole text of a syntax error (past the end when at the end)."""
    if exc.lineno is None or exc.offset is None:
        return None
    lines = text.split("\n")
    if not 1 <= exc.lineno <= len(lines):
        return len(text) + 1
    before = sum(len(line) + 1 for line in lines[: exc.lineno - 1])
    offset = exc.offset if exc.offset >= 1 else len(lines[exc.lineno - 1]) + 1
    return before + min(offset, len(lines[exc.lineno - 1]) + 1)


def parse_expression(text: str, names: Iterable[str]) -> Expression:
    """Parse and check a payoff formula against the whitelist of the module.

    Parameters
    ----------
    text : str
        The formula, for example ``"rent - 0.2 * cost"``.
    names : iterable of str
        The names the formula may use (for example a
        :class:`~leverage.ParameterSet`, whose iteration gives its names).

    Returns
    -------
    Expression

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    ExpressionError
        If the formula is empty, too long or too deep, not valid syntax, uses
        a name outside ``names`` or a construct outside the whitelist, or
        raises to a constant power beyond :data:`MAX_EXPONENT`. The message
        names the construct and its column.

    Examples
    --------
    >>> parse_expression("rent - cost", ["rent", "cost"]).evaluate(rent=3, cost=1)
    2.0
    >>> parse_expression("rent - tax", ["rent", "cost"])
    Traceback (most recent call last):
    ...
    leverage.io.expressions.ExpressionError: parse_expression(): unknown name 'tax': 'tax' at column 8; known names: cost, rent
    >>> parse_expression("open('/etc/passwd')", ["rent"])
    Traceback (most recent call last):
    ...
    leverage.io.expressions.ExpressionError: parse_expression(): a call to 'open' is not allowed: "open('/etc/passwd')" at column 1; allowed functions: abs, clip, exp, log, max, min, sqrt
    >>> parse_expression("9**9**9", [])
    Traceback (most recent call last):
    ...
    leverage.io.expressions.ExpressionError: parse_expression(): the exponent 3.87421e+08 exceeds the bound 100: '9**9' at column 4
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_expression(): text must be a string; got {type(text).__name__}")
    if isinstance(names, (str, bytes)):
        raise TypeError("parse_expression(): names must be an iterable of names, not a single string")
    if not isinstance(names, Iterable):
        raise TypeError(f"parse_expression(): names must be an iterable of names; got {type(names).__name__}")
    names = list(names)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"parse_expression(): names must be strings; got {name!r}")
    try:
        return _parse(text, frozenset(names))
    except ExpressionError as exc:
        raise ExpressionError(exc.problem, exc.text, exc.column, caller="parse_expression()") from None


def _parse(text: str, allowed: frozenset[str]) -> Expression:
    stripped = text.strip()
    if not stripped:
        raise ExpressionError("the formula is empty", text)
    if len(stripped) > MAX_LENGTH:
        raise ExpressionError(
            f"the formula has {len(stripped)} characters, more than the limit of {MAX_LENGTH}", text
        )
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        column = _syntax_column(stripped, exc)
        where = f" at column {column}" if column is not None else ""
        raise ExpressionError(f"invalid syntax{where}: {exc.msg}", stripped, column) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ExpressionError(f"the formula cannot be parsed: {exc}", stripped) from None
    checker = _Checker(stripped, allowed)
    checker.check(tree.body, 1)
    return Expression(stripped, tree, tuple(checker.used))
