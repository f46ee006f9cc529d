"""Expressions of a symbolic game: checked inputs, compiled numpy functions, exact support solutions.

The machinery under :mod:`leverage.solvers.symbolic`: :func:`as_expression`
and :func:`as_matrix` turn payoff entries into finite real sympy expressions
(never parsing strings), :class:`NumpyFunction` compiles a list of
expressions with :func:`sympy.lambdify` into one picklable numpy function, and
:func:`bordered_solution` solves the indifference system of a support exactly
by Cramer's rule (adjugate over determinant; von Stengel 2007), which
:class:`SupportSolution` turns into full-length strategies and payoffs.

These are helpers of :mod:`leverage.solvers.symbolic` and
:mod:`leverage.sensitivity.statics`, not public API: the module exports
nothing in ``__all__``.

References
----------
B. von Stengel (2007), "Equilibrium computation for two-player games in
strategic and extensive form", chapter 3 of Algorithmic Game Theory (Nisan,
Roughgarden, Tardos and Vazirani, eds.), Cambridge University Press.
"""

from __future__ import annotations

import fractions
import inspect
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from leverage.tolerance import value_scale
import sympy

__all__: list[str] = []

#: A support: the indices of the strategies played, increasing.
Support = tuple[int, ...]


# ----------------------------------------------------------------------------- input checks


def as_expression(value: Any, where: str, caller: str) -> sympy.Expr:
    """A finite real sympy expression from an expression or a number (never from a string)."""
    if isinstance(value, str):
        raise TypeError(
            f"{caller}: {where} is a string ({value!r}); strings are never parsed into expressions: "
            "build the entry from sympy symbols named after the parameters, or give a number"
        )
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{caller}: {where} is a bool ({value!r}); expected a sympy expression or a real number")
    if isinstance(value, sympy.Basic):
        if not isinstance(value, sympy.Expr):
            raise TypeError(
                f"{caller}: {where} is a {type(value).__name__} ({value}); expected a sympy expression or a real number"
            )
        if value.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan):
            raise ValueError(f"{caller}: {where} is not finite ({value})")
        if value.has(sympy.I):
            raise ValueError(f"{caller}: {where} is not real ({value})")
        return value
    if isinstance(value, (int, np.integer)):
        return sympy.Integer(int(value))
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise ValueError(f"{caller}: {where} is not finite ({value!r})")
        return sympy.Float(float(value))
    if isinstance(value, fractions.Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    raise TypeError(
        f"{caller}: {where} is a {type(value).__name__} ({value!r}); expected a sympy expression or a real number"
    )


def as_matrix(value: Any, where: str, caller: str) -> sympy.ImmutableMatrix:
    """A rectangular, non-empty matrix of :func:`as_expression` entries from rows (never from strings)."""
    if isinstance(value, str):
        raise TypeError(f"{caller}: {where} is a string ({value!r}); expected a matrix of expressions (a list of rows)")
    if isinstance(value, sympy.MatrixBase):
        rows = value.tolist()
    elif isinstance(value, np.ndarray):
        if value.ndim != 2:
            raise ValueError(f"{caller}: {where} must be a 2-D matrix; got an array of shape {value.shape}")
        rows = value.tolist()
    else:
        try:
            rows = [row for row in value]
        except TypeError:
            raise ValueError(f"{caller}: {where} must be a matrix (a list of rows); got {value!r}") from None
        for r, row in enumerate(rows):
            if isinstance(row, str):
                raise TypeError(
                    f"{caller}: {where}[{r}] is a string ({row!r}); strings are never parsed into expressions"
                )
            try:
                rows[r] = list(row)
            except TypeError:
                raise ValueError(f"{caller}: {where} must be a matrix (a list of rows); row {r} is {row!r}") from None
    if not rows or not rows[0]:
        raise ValueError(f"{caller}: {where} is empty; each player needs at least one strategy")
    width = len(rows[0])
    for r, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(f"{caller}: {where} is not rectangular: row {r} has {len(row)} entries, row 0 has {width}")
    entries = [[as_expression(v, f"{where}[{r}][{c}]", caller) for c, v in enumerate(row)] for r, row in enumerate(rows)]
    return sympy.ImmutableMatrix(entries)


# ----------------------------------------------------------------------------- numpy functions


# dummify: parameter names may clash with names in the generated code; cse: shared subexpressions
# are printed and evaluated once; no docstring: printing it costs as much as the code
_LAMBDIFY_OPTIONS: dict[str, Any] = {"modules": "numpy", "dummify": True, "cse": True}
if "docstring_limit" in inspect.signature(sympy.lambdify).parameters:
    _LAMBDIFY_OPTIONS["docstring_limit"] = 0


class NumpyFunction:
    """A list of expressions compiled (lazily) into one numpy function; picklable.

    Called with one value or array per symbol (positionally), it returns an
    array of shape ``(len(exprs),) + broadcast shape of the arguments``.
    """

    def __init__(self, symbols: Sequence[sympy.Symbol], exprs: Sequence[sympy.Expr]) -> None:
        self.symbols = tuple(symbols)
        self.exprs = tuple(exprs)
        self._compiled: Callable[..., Any] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"symbols": self.symbols, "exprs": self.exprs}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.symbols = state["symbols"]
        self.exprs = state["exprs"]
        self._compiled = None

    def __call__(self, *args: Any) -> np.ndarray:
        if self._compiled is None:
            self._compiled = sympy.lambdify(self.symbols, list(self.exprs), **_LAMBDIFY_OPTIONS)
        arrays = [np.asarray(a, dtype=float) for a in args]
        batch = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
        out = np.empty((len(self.exprs),) + batch)
        with np.errstate(all="ignore"):
            values = self._compiled(*arrays)
            for k, v in enumerate(values):
                out[k] = v
        return out


def payoff_scales(entries: np.ndarray) -> np.ndarray:
    """Each player's payoff scale of the tolerance rule (:mod:`leverage.tolerance`) at each point.

    ``entries`` has shape ``(2, m * n) + batch``; the result ``(2,) + batch``.
    """
    return value_scale(entries, axis=1)


class PayoffFunction:
    """``payoffs(**values)`` of :meth:`leverage.solvers.symbolic.SymbolicGame.parametric_game`: arrays of shape ``(m, n) + batch``."""

    def __init__(self, names: tuple[str, ...], function: NumpyFunction, shape: tuple[int, int]) -> None:
        self.names = names
        self.function = function
        self.shape = shape

    def __call__(self, **values: Any) -> tuple[np.ndarray, np.ndarray]:
        out = self.function(*(values[name] for name in self.names))
        out = out.reshape((2,) + self.shape + out.shape[1:])
        return out[0], out[1]


# ----------------------------------------------------------------------------- support solutions
def bordered_solution(M_block: sympy.MatrixBase) -> tuple[list[sympy.Expr], sympy.Expr, sympy.Expr] | None:
    """Solve ``M p = v 1, 1'p = 1`` exactly by Cramer's rule.

    Returns the numerators of ``p`` and ``v`` and their common denominator
    ``det`` (the determinant of the bordered matrix, with a positive leading
    sign), or None when ``det`` is identically zero.
    """
    k = M_block.shape[0]
    if k == 1:
        return [sympy.Integer(1)], M_block[0, 0], sympy.Integer(1)
    if k == 2:
        (a, b), (c, d) = M_block.tolist()
        det = sympy.expand(a - b - c + d)
        numerators = [sympy.expand(d - b), sympy.expand(a - c)]
        value = sympy.expand(a * d - b * c)
    else:
        M = sympy.zeros(k + 1, k + 1)
        M[:k, :k] = M_block
        for r in range(k):
            M[r, k] = -1
            M[k, r] = 1
        det = sympy.expand(M.det(method="berkowitz"))
        adj = M.adjugate(method="berkowitz")
        numerators = [sympy.expand(adj[r, k]) for r in range(k)]
        value = sympy.expand(adj[k, k])
    if det == 0:
        return None
    if det.could_extract_minus_sign():
        det, numerators, value = -det, [-p for p in numerators], -value
    return numerators, value, det


class SupportSolution:
    """Probabilities and payoffs on a support pair as ``numerator / det``, full-length strategies."""

    def __init__(self, I: Support, J: Support, shape: tuple[int, int], col: tuple, row: tuple) -> None:
        m, n = shape
        (x_num, v2_num, det_col), (y_num, v1_num, det_row) = col, row
        self.x_numerators = dict(zip(I, x_num))
        self.y_numerators = dict(zip(J, y_num))
        self.value_numerators = (v1_num, v2_num)
        self.dets = (det_row, det_col)
        self.x = [self.x_numerators[r] / det_col if r in I else sympy.Integer(0) for r in range(m)]
        self.y = [self.y_numerators[c] / det_row if c in J else sympy.Integer(0) for c in range(n)]
        self.payoffs = (v1_num / det_row, v2_num / det_col)
