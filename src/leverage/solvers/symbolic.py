"""Symbolic equilibria of two-player games whose payoffs are expressions in named parameters.

A :class:`SymbolicGame` holds two payoff matrices of sympy expressions in
symbols named after the parameters of a :class:`~leverage.ParameterSet`.
:func:`symbolic_equilibria` lists, for 2 x n and m x 2 games, every candidate
equilibrium -- each pure profile and each pair of supports of two strategies
-- as a :class:`SymbolicEquilibrium`: closed-form strategies and payoffs, and
the conditions on the parameters under which the candidate is an equilibrium.
The same expressions are compiled with :func:`sympy.lambdify` into numpy
functions, so that a regime map can ask "where does this equilibrium exist?"
over whole arrays of parameter values.

Method
------
On a support pair ``(I, J)`` of equal size ``k`` the column player's mixed
strategy makes the row player indifferent across ``I`` and the row player's
makes the column player indifferent across ``J``:

.. math::

    A_{IJ}\\, y_J = v_1 \\mathbf{1}, \\quad \\mathbf{1}^\\top y_J = 1, \\qquad
    B_{IJ}^\\top x_I = v_2 \\mathbf{1}, \\quad \\mathbf{1}^\\top x_I = 1.

Each bordered system is solved exactly by Cramer's rule (adjugate over
determinant), so every probability and payoff is a rational function of the
parameters. The candidate is an equilibrium where the probabilities are
non-negative, no strategy outside the support pays more than the support
(the best response condition; von Stengel 2007, Proposition 3.1), and the two
determinants are not zero (the support is nondegenerate). In a nondegenerate
game every equilibrium has supports of equal size (von Stengel 2007,
Proposition 3.3), and in a game where one player has two strategies supports
have at most two strategies; so the candidates listed are complete.

References
----------
B. von Stengel (2007), "Equilibrium computation for two-player games in
strategic and extensive form", chapter 3 of Algorithmic Game Theory (Nisan,
Roughgarden, Tardos and Vazirani, eds.), Cambridge University Press.

G. Tsebelis (1990), "Are sanctions effective? A game-theoretic analysis",
Journal of Conflict Resolution 34(1), 3-28.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations, product
from typing import Any

import numpy as np
import sympy

from leverage.game import Game
from leverage.parameters import ParameterSet
from leverage.parametric import ParametricGame
from leverage.results import Equilibrium, verified_equilibrium
from leverage.solvers.symbolic_expressions import (
    NumpyFunction,
    PayoffFunction,
    Support,
    SupportSolution,
    as_matrix,
    bordered_solution,
    payoff_scales,
)
from leverage.tolerance import RTOL

__all__ = ["SymbolicGame", "SymbolicEquilibrium", "symbolic_equilibria", "parameter_symbols"]


def parameter_symbols(parameters: ParameterSet) -> dict[str, sympy.Symbol]:
    """One real sympy symbol per parameter, named after it.

    Parameters
    ----------
    parameters : ParameterSet
        The parameters.

    Returns
    -------
    dict of str to sympy.Symbol
        ``{name: Symbol(name, real=True)}`` in the order of the set.

    Raises
    ------
    TypeError
        If ``parameters`` is not a ParameterSet.

    Examples
    --------
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(rent=Parameter(1.0, 0.5, 2.0, "bn USD", "illustrative"))
    >>> parameter_symbols(ps)
    {'rent': rent}
    """
    if not isinstance(parameters, ParameterSet):
        raise TypeError(f"parameter_symbols(): parameters must be a ParameterSet; got {type(parameters).__name__}")
    return {name: sympy.Symbol(name, real=True) for name in parameters}


# ----------------------------------------------------------------------------- the game


class SymbolicGame:
    """A two-player game whose payoffs are sympy expressions in the parameters.

    Parameters
    ----------
    parameters : ParameterSet
        Named, sourced, ranged parameters with calibrated values.
    payoffs : pair of matrices, or callable
        The row player's and the column player's payoff matrices (nested
        lists, sympy matrices or object arrays) whose entries are sympy
        expressions in symbols named after parameters, or numbers. A callable
        is called with one real symbol per parameter, by keyword
        (see :func:`parameter_symbols`), and must return such a pair.
        Strings are never parsed into expressions.
    players : sequence of str, optional
        Player names.
    strategies : sequence of sequences of str, optional
        Strategy names per player.

    Raises
    ------
    TypeError
        If ``parameters`` is not a ParameterSet, an entry is a string or not
        a real expression or number, or the payoff function fails on symbols.
    ValueError
        If the payoffs use symbols that are not parameters (or two symbols
        of one name with different assumptions), entries are not finite, the
        matrices are not rectangular or differ in shape, or names are
        invalid.

    See Also
    --------
    symbolic_equilibria : candidate equilibria and where they exist.
    leverage.sensitivity.statics.comparative_statics : derivatives of the equilibrium.

    Examples
    --------
    An inspection game of coercion: the coercer restricts (licensing that
    bites a defiant target) or stays open; the target complies (paying the
    concession) or defies.

    >>> import sympy
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(
    ...     concession=Parameter(1.0, 0.5, 2.0, "bn USD", "illustrative"),
    ...     loss=Parameter(4.0, 3.0, 8.0, "bn USD", "illustrative"),
    ...     cost=Parameter(0.5, 0.2, 1.5, "bn USD", "illustrative"),
    ...     credibility=Parameter(3.0, 2.0, 6.0, "bn USD", "illustrative"),
    ... )
    >>> c, L, k, r = sympy.symbols("concession loss cost credibility", positive=True)
    >>> coercer = [[c - k, -k], [c, -r]]
    >>> target = [[-c, -L], [-c, 0]]
    >>> game = SymbolicGame(ps, (coercer, target), players=("Coercer", "Target"),
    ...                     strategies=(("Restrict", "Open"), ("Comply", "Defy")))
    >>> game
    SymbolicGame(Coercer, Target; shape (2, 2); parameters concession, loss, cost, credibility)
    >>> game.game(cost=1.0).payoffs[0]
    array([[ 0., -1.],
           [ 1., -3.]])
    >>> A, B = game.parametric_game().batch({"loss": [3.0, 8.0]})
    >>> B[:, 0, 1]
    array([-3., -8.])

    A string entry is refused, not parsed:

    >>> SymbolicGame(ps, ([["concession", 0], [0, 0]], target))
    Traceback (most recent call last):
    ...
    TypeError: SymbolicGame(): payoffs[0][0][0] is a string ('concession'); strings are never parsed ...
    """

    def __init__(
        self,
        parameters: ParameterSet,
        payoffs: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
    ) -> None:
        caller = "SymbolicGame()"
        if not isinstance(parameters, ParameterSet):
            raise TypeError(f"{caller}: parameters must be a ParameterSet; got {type(parameters).__name__}")
        if callable(payoffs) and not isinstance(payoffs, (sympy.Basic, sympy.MatrixBase)):
            try:
                payoffs = payoffs(**parameter_symbols(parameters))
            except Exception as exc:
                raise TypeError(
                    f"{caller}: the payoff function failed when called with sympy symbols ({type(exc).__name__}: "
                    f"{exc}); write it with arithmetic operators and sympy functions"
                ) from exc
        if isinstance(payoffs, (str, sympy.Basic, sympy.MatrixBase)) or not isinstance(payoffs, (Sequence, np.ndarray)):
            raise TypeError(
                f"{caller}: payoffs must be a pair of matrices (row player's, column player's); "
                f"got {type(payoffs).__name__}"
            )
        payoffs = list(payoffs)
        if len(payoffs) != 2:
            raise ValueError(f"{caller}: payoffs must hold two matrices (a two-player game); got {len(payoffs)}")
        A, B = (as_matrix(p, f"payoffs[{i}]", caller) for i, p in enumerate(payoffs))
        if A.shape != B.shape:
            raise ValueError(f"{caller}: payoffs[0] has shape {A.shape} but payoffs[1] has shape {B.shape}")
        found: dict[str, sympy.Symbol] = {}
        for sym in sorted(A.free_symbols | B.free_symbols, key=sympy.default_sort_key):
            if not isinstance(sym, sympy.Symbol):
                raise ValueError(f"{caller}: the payoffs contain {sym!r}, which is not a plain symbol")
            if sym.name in found and found[sym.name] != sym:
                raise ValueError(
                    f"{caller}: the payoffs use two different symbols named {sym.name!r} "
                    "(with different assumptions); use one symbol per parameter"
                )
            found[sym.name] = sym
        unknown = [name for name in found if name not in parameters]
        if unknown:
            raise ValueError(
                f"{caller}: the payoffs use symbol(s) {', '.join(map(repr, unknown))} that are not parameters; "
                f"known parameters: {', '.join(parameters)}"
            )
        shape = (int(A.shape[0]), int(A.shape[1]))
        try:  # the names are checked as a Game checks them
            names = Game([np.zeros(shape), np.zeros(shape)], players=players, strategies=strategies)
        except (TypeError, ValueError) as exc:
            raise type(exc)(str(exc).replace("Game()", caller, 1)) from None
        self._parameters = parameters
        self._payoffs = (A, B)
        self._shape = shape
        self._players = names.players
        self._strategies = names.strategies
        self._symbols = {name: found.get(name, sympy.Symbol(name, real=True)) for name in parameters}
        self._support_cache: dict[tuple[Support, Support], Any] = {}
        self._payoff_function = NumpyFunction(tuple(self._symbols.values()), tuple(A) + tuple(B))
        self._parametric: ParametricGame | None = None

    def __repr__(self) -> str:
        return (
            f"SymbolicGame({', '.join(self._players)}; shape {self._shape}; "
            f"parameters {', '.join(self._parameters)})"
        )

    # ------------------------------------------------------------------ data
    @property
    def parameters(self) -> ParameterSet:
        """The parameter set."""
        return self._parameters

    @property
    def payoffs(self) -> tuple[sympy.ImmutableMatrix, sympy.ImmutableMatrix]:
        """The two payoff matrices (immutable sympy matrices)."""
        return self._payoffs

    @property
    def symbols(self) -> dict[str, sympy.Symbol]:
        """``{name: symbol}`` for every parameter: the payoffs' own symbol, or a real symbol if unused."""
        return dict(self._symbols)

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Strategy names per player."""
        return self._strategies

    @property
    def shape(self) -> tuple[int, int]:
        """Number of strategies of each player."""
        return self._shape

    @property
    def n_players(self) -> int:
        """Number of players (always 2)."""
        return 2

    # ------------------------------------------------------------------ numbers
    def _arguments(
        self, values: Mapping[str, Any] | None, arrays: Mapping[str, Any], caller: str
    ) -> tuple[list[np.ndarray], tuple[int, ...]]:
        """Parameter values in order (calibrated where missing), checked and broadcast."""
        merged: dict[str, Any] = {}
        if values is not None:
            if not isinstance(values, Mapping):
                raise TypeError(f"{caller}: values must be a mapping of parameter names to values; got {type(values).__name__}")
            merged.update(values)
        twice = sorted(set(merged) & set(arrays))
        if twice:
            raise ValueError(f"{caller}: parameter(s) {', '.join(map(repr, twice))} given both in values and by keyword")
        merged.update(arrays)
        checked = self._parameters.check_values(merged, caller)
        args = [checked[name] for name in self._parameters]
        try:
            batch = np.broadcast_shapes(*(a.shape for a in args))
        except ValueError:
            shapes = {name: a.shape for name, a in zip(self._parameters, args) if a.shape}
            raise ValueError(f"{caller}: the arrays of parameter values do not broadcast together: {shapes}") from None
        return args, batch

    def payoff_arrays(self, values: Mapping[str, Any] | None = None, /, **arrays: Any) -> tuple[np.ndarray, np.ndarray]:
        """Numeric payoff matrices at parameter values (scalars or broadcastable arrays).

        Parameters
        ----------
        values : mapping, optional
            ``{name: value or array}``; parameters not given take their
            calibrated values.
        **arrays
            More values by keyword.

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            The two players' payoffs, shape ``batch + (m, n)``.

        Raises
        ------
        KeyError
            If a name is not a parameter.
        ValueError
            If a value lies outside its parameter's range or the arrays do
            not broadcast together.

        Examples
        --------
        >>> import sympy
        >>> from leverage import Parameter, ParameterSet
        >>> a = sympy.Symbol("a")
        >>> g = SymbolicGame(ParameterSet(a=Parameter(1.0, 0.0, 2.0, "u", "s")), ([[a, 0]], [[1, 2 * a]]))
        >>> g.payoff_arrays(a=[0.0, 2.0])[1]
        array([[[1., 0.]],
        <BLANKLINE>
               [[1., 4.]]])
        """
        args, batch = self._arguments(values, arrays, "SymbolicGame.payoff_arrays()")
        m, n = self._shape
        out = np.moveaxis(self._payoff_function(*args).reshape((2, m, n) + batch), (1, 2), (-2, -1))
        return out[0], out[1]

    def game(self, **overrides: float) -> Game:
        """The numeric game at the calibrated values, with some parameters replaced.

        Raises
        ------
        KeyError
            If an override names an unknown parameter.
        ValueError
            If an override lies outside its parameter's range, or a payoff is
            not finite there.

        Examples
        --------
        >>> import sympy
        >>> from leverage import Parameter, ParameterSet
        >>> a = sympy.Symbol("a")
        >>> g = SymbolicGame(ParameterSet(a=Parameter(1.0, 0.0, 2.0, "u", "s")), ([[a, 0], [0, 1]], [[1, 0], [0, a]]))
        >>> g.game(a=2.0).payoffs[1]
        array([[1., 0.],
               [0., 2.]])
        """
        values = self._parameters.replace(**overrides).defaults if overrides else self._parameters.defaults
        m, n = self._shape
        out = self._payoff_function(*values.values()).reshape(2, m, n)
        return Game([out[0], out[1]], players=self._players, strategies=self._strategies)

    def parametric_game(self) -> ParametricGame:
        """The same game as a :class:`~leverage.ParametricGame` with a lambdified numpy payoff function.

        The payoff function broadcasts over arrays of parameter values
        (constant entries included), so the result works with
        :meth:`~leverage.ParametricGame.batch`, sweeps and regime maps, and
        it can be pickled for process pools.

        Examples
        --------
        >>> import sympy
        >>> from leverage import Parameter, ParameterSet
        >>> a = sympy.Symbol("a")
        >>> g = SymbolicGame(ParameterSet(a=Parameter(1.0, 0.0, 2.0, "u", "s")), ([[a, 0], [0, 1]], [[1, 0], [0, a]]))
        >>> A, B = g.parametric_game().batch({"a": [0.5, 1.5]})
        >>> A[:, 0, 0], B[:, 0, 0]
        (array([0.5, 1.5]), array([1., 1.]))
        """
        if self._parametric is None:
            function = PayoffFunction(tuple(self._parameters), self._payoff_function, self._shape)
            self._parametric = ParametricGame(
                self._parameters, function, players=self._players, strategies=self._strategies
            )
        return self._parametric

    # ------------------------------------------------------------------ supports
    def _support_solution(self, I: Support, J: Support) -> SupportSolution | None:
        """Closed-form solution of the indifference conditions on ``(I, J)``, cached.

        None when a bordered system is singular for every parameter value.
        """
        key = (I, J)
        if key not in self._support_cache:
            A, B = self._payoffs
            row = bordered_solution(A.extract(list(I), list(J)))  # y on J and v1
            col = bordered_solution(B.extract(list(I), list(J)).T)  # x on I and v2
            self._support_cache[key] = None if row is None or col is None else SupportSolution(I, J, self._shape, col, row)
        return self._support_cache[key]


# ----------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class _Check:
    """One condition in numeric form: ``slack >= 0`` (or ``slack != 0`` when nondegenerate)."""

    kind: str  # "probability", "deviation" or "nondegenerate"
    player: int
    slack: sympy.Expr


@dataclass(frozen=True, eq=False)
class SymbolicEquilibrium:
    """A candidate equilibrium in closed form, with the conditions under which it exists.

    Attributes
    ----------
    support : tuple of tuple of int
        Indices of the strategies each player may play with positive probability.
    strategies : tuple of sympy.ImmutableMatrix
        Each player's mixed strategy, a column of expressions in the parameters.
    payoffs : tuple of sympy.Expr
        Each player's expected payoff.
    conditions : tuple of sympy relationals
        Where the candidate is an equilibrium: ``p >= 0`` for each probability
        on the support, ``gain <= 0`` for each strategy outside the support
        (what the player would gain by switching to it), and ``det != 0``
        for each indifference system (the support is nondegenerate).
        Conditions that do not involve the parameters are decided at once:
        true ones are not listed, and a candidate with a false one is not
        returned.
    game : SymbolicGame
        The game.

    Notes
    -----
    The numeric methods take parameter values as a mapping and/or by
    keyword (scalars or arrays that broadcast together; parameters not
    given take their calibrated values) and use the library's tolerance
    rule: a deviation may pay up to ``RTOL`` times the player's payoff range
    more, and a probability may be ``-RTOL``.

    Examples
    --------
    >>> import sympy
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(a=Parameter(2.0, 0.5, 4.0, "u", "illustrative"))
    >>> a = sympy.Symbol("a", positive=True)
    >>> game = SymbolicGame(ps, ([[a, 0], [0, 1]], [[1, 0], [0, a]]))   # battle of the sexes
    >>> eqs = symbolic_equilibria(game)
    >>> [eq.support for eq in eqs]
    [((0,), (0,)), ((1,), (0,)), ((1,), (1,)), ((0, 1), (0, 1))]
    >>> eqs[1].conditions        # at (s2, s1) each player would gain a by switching
    (a <= 0, a <= 0)
    >>> [eq.support for eq in eqs if eq.exists()]
    [((0,), (0,)), ((1,), (1,)), ((0, 1), (0, 1))]
    >>> mixed = eqs[-1]
    >>> mixed.strategies[0].T
    Matrix([[a/(a + 1), 1/(a + 1)]])
    >>> mixed.numeric(a=[1.0, 3.0])[0]
    array([[0.5 , 0.5 ],
           [0.75, 0.25]])
    >>> mixed.condition_values(a=3.0)      # det_row, det_col, then the four probabilities
    array([4.  , 4.  , 0.75, 0.25, 0.25, 0.75])
    """

    support: tuple[Support, Support]
    strategies: tuple[sympy.ImmutableMatrix, sympy.ImmutableMatrix]
    payoffs: tuple[sympy.Expr, sympy.Expr]
    conditions: tuple[sympy.Basic, ...]
    game: SymbolicGame = field(repr=False)
    _checks: tuple[_Check, ...] = field(repr=False, default=())
    _evaluator: NumpyFunction | None = field(repr=False, default=None)
    _offset: int = field(repr=False, default=0)

    def __repr__(self) -> str:
        parts = []
        for i, vec in enumerate(self.strategies):
            names = self.game.strategies[i]
            mix = ", ".join(f"{names[k]} {sympy.sstr(vec[k])}" for k in self.support[i])
            parts.append(f"{self.game.players[i]}: {mix}")
        pay = ", ".join(sympy.sstr(p) for p in self.payoffs)
        count = len(self.conditions)
        return f"SymbolicEquilibrium({'; '.join(parts)}; payoffs ({pay}); {count} condition{'s' * (count != 1)})"

    @property
    def is_pure(self) -> bool:
        """Whether each player plays one strategy."""
        return all(len(s) == 1 for s in self.support)

    def _expressions(self) -> list[sympy.Expr]:
        """Strategies, payoffs and slacks, in the order of the compiled function."""
        return [*self.strategies[0], *self.strategies[1], *self.payoffs, *(c.slack for c in self._checks)]

    @cached_property
    def _function(self) -> tuple[NumpyFunction, int]:
        """The compiled function holding this candidate's expressions after the game's payoffs, and where."""
        if self._evaluator is not None:
            return self._evaluator, self._offset
        A, B = self.game.payoffs
        return NumpyFunction(tuple(self.game.symbols.values()), [*A, *B, *self._expressions()]), 2 * len(A)

    @cached_property
    def strategy_functions(self) -> tuple[NumpyFunction, NumpyFunction]:
        """Each player's strategy as a numpy function of the parameters.

        Call with one value or array per parameter, positionally in the order
        of ``game.parameters.names``; the result has shape
        ``(m_i,) + broadcast shape``. No range check is made (use
        :meth:`numeric` for checked values).
        """
        symbols = tuple(self.game.symbols.values())
        return NumpyFunction(symbols, list(self.strategies[0])), NumpyFunction(symbols, list(self.strategies[1]))

    def _values(
        self, values: Mapping[str, Any] | None, arrays: Mapping[str, Any], caller: str
    ) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
        """The game's payoff entries and this candidate's expressions at the values, and the broadcast shape."""
        args, batch = self.game._arguments(values, arrays, caller)
        function, offset = self._function
        out = function(*args)
        m, n = self.game.shape
        return out[: 2 * m * n], out[offset : offset + m + n + 2 + len(self._checks)], batch

    def numeric(self, values: Mapping[str, Any] | None = None, /, **arrays: Any) -> tuple[np.ndarray, np.ndarray]:
        """The two mixed strategies at parameter values, shapes ``batch + (m,)`` and ``batch + (n,)``.

        Values where the candidate does not exist (see :meth:`exists`) give
        numbers that are not an equilibrium, possibly negative or not finite.

        Raises
        ------
        KeyError
            If a name is not a parameter.
        ValueError
            If a value lies outside its parameter's range.
        """
        _, out, _ = self._values(values, arrays, "SymbolicEquilibrium.numeric()")
        m, n = self.game.shape
        return np.moveaxis(out[:m], 0, -1), np.moveaxis(out[m : m + n], 0, -1)

    def payoff_values(self, values: Mapping[str, Any] | None = None, /, **arrays: Any) -> np.ndarray:
        """The two expected payoffs at parameter values, shape ``batch + (2,)``.

        Raises
        ------
        KeyError
            If a name is not a parameter.
        ValueError
            If a value lies outside its parameter's range.
        """
        _, out, _ = self._values(values, arrays, "SymbolicEquilibrium.payoff_values()")
        m, n = self.game.shape
        return np.moveaxis(out[m + n : m + n + 2], 0, -1)

    def condition_values(self, values: Mapping[str, Any] | None = None, /, **arrays: Any) -> np.ndarray:
        """The slack of each condition, shape ``batch + (len(conditions),)``.

        For ``p >= 0`` the slack is ``p``, for ``gain <= 0`` it is ``-gain``
        and for ``det != 0`` it is ``det``. Its distance from zero says how far the
        point is from the boundary of the region where the candidate exists.

        Raises
        ------
        KeyError
            If a name is not a parameter.
        ValueError
            If a value lies outside its parameter's range.
        """
        _, out, _ = self._values(values, arrays, "SymbolicEquilibrium.condition_values()")
        m, n = self.game.shape
        return np.moveaxis(out[m + n + 2 :], 0, -1)

    def exists(self, values: Mapping[str, Any] | None = None, /, **arrays: Any) -> np.ndarray | bool:
        """Whether the candidate is an equilibrium at parameter values (vectorised).

        Returns
        -------
        bool or numpy.ndarray of bool
            A bool for scalar values, else an array of the broadcast shape.

        Raises
        ------
        KeyError
            If a name is not a parameter.
        ValueError
            If a value lies outside its parameter's range.
        """
        entries, out, batch = self._values(values, arrays, "SymbolicEquilibrium.exists()")
        m, n = self.game.shape
        scales = payoff_scales(entries.reshape((2, m * n) + batch))
        ok = np.all(np.isfinite(out[: m + n + 2]), axis=0)
        for check, slack in zip(self._checks, out[m + n + 2 :]):
            if check.kind == "probability":
                ok &= slack >= -RTOL
            elif check.kind == "deviation":
                ok &= slack >= -RTOL * scales[check.player]
            else:
                ok &= np.abs(slack) > RTOL * scales[check.player]
        ok = np.broadcast_to(ok, batch)
        return bool(ok) if ok.ndim == 0 else ok.copy()

    def equilibrium(self, values: Mapping[str, Any] | None = None, /, **scalars: float) -> Equilibrium:
        """The candidate at one parameter point as a verified :class:`~leverage.Equilibrium`.

        Raises
        ------
        ValueError
            If a value is not a scalar inside its range, or the candidate is
            not an equilibrium there.
        UnverifiedEquilibriumError
            If the profile fails the library's verification.
        """
        caller = "SymbolicEquilibrium.equilibrium()"
        args, batch = self.game._arguments(values, scalars, caller)
        if batch:
            raise ValueError(f"{caller}: give one value per parameter (scalars); got arrays of shape {batch}")
        point = {name: float(a) for name, a in zip(self.game.parameters, args)}
        if not self.exists(point):
            raise ValueError(f"{caller}: the candidate on support {self.support} is not an equilibrium at {point}")
        x, y = self.numeric(point)
        return verified_equilibrium(self.game.game(**point), (np.clip(x, 0, None), np.clip(y, 0, None)), "symbolic")


def _condition(kind: str, player: int, slack: sympy.Expr) -> tuple[Any, _Check]:
    """The readable condition and its numeric check; a condition without parameters is decided at once."""
    check = _Check(kind, player, slack)
    if slack.is_number:
        holds = bool(slack != 0) if kind == "nondegenerate" else bool(slack >= 0)
        return (sympy.true if holds else sympy.false), check
    if kind == "probability":
        return sympy.Ge(slack, 0, evaluate=False), check
    if kind == "deviation":
        return sympy.Le(-slack, 0, evaluate=False), check
    return sympy.Ne(slack, 0, evaluate=False), check


_Parts = tuple[tuple[Support, Support], list[sympy.Expr], list[sympy.Expr], sympy.Expr, sympy.Expr, list[tuple[Any, _Check]]]


def _candidate(game: SymbolicGame, I: Support, J: Support) -> _Parts | None:
    """The candidate on the support pair ``(I, J)``, or None if it can never be an equilibrium."""
    A, B = game.payoffs
    m, n = game.shape
    items = []
    if len(I) == 1:
        (i,), (j,) = I, J
        x = [sympy.Integer(int(r == i)) for r in range(m)]
        y = [sympy.Integer(int(c == j)) for c in range(n)]
        v1, v2 = A[i, j], B[i, j]
        # what each player would gain by switching alone: never positive in an equilibrium
        items.extend(_condition("deviation", 0, sympy.expand(v1 - A[r, j])) for r in range(m) if r != i)
        items.extend(_condition("deviation", 1, sympy.expand(v2 - B[i, c])) for c in range(n) if c != j)
    else:
        sol = game._support_solution(I, J)
        if sol is None:
            return None
        x, y, (v1, v2) = sol.x, sol.y, sol.payoffs
        det_row, det_col = sol.dets
        items.append(_condition("nondegenerate", 0, det_row))
        items.append(_condition("nondegenerate", 1, det_col))
        items.extend(_condition("probability", 0, x[r]) for r in I)
        items.extend(_condition("probability", 1, y[c]) for c in J)
        # gains from outside strategies, over the common denominator of the support's solution
        v1_num, v2_num = sol.value_numerators
        for r in range(m):
            if r not in I:
                loss = sympy.expand(v1_num - sum((A[r, c] * sol.y_numerators[c] for c in J), sympy.Integer(0)))
                items.append(_condition("deviation", 0, loss / det_row))
        for c in range(n):
            if c not in J:
                loss = sympy.expand(v2_num - sum((sol.x_numerators[r] * B[r, c] for r in I), sympy.Integer(0)))
                items.append(_condition("deviation", 1, loss / det_col))
    if any(condition is sympy.false for condition, _ in items):
        return None
    kept = [(condition, check) for condition, check in items if condition is not sympy.true]
    return (I, J), x, y, v1, v2, kept


def symbolic_equilibria(game: SymbolicGame) -> list[SymbolicEquilibrium]:
    """Every candidate equilibrium of a 2 x n or m x 2 symbolic game, in closed form.

    Parameters
    ----------
    game : SymbolicGame
        A game in which at least one player has at most two strategies.

    Returns
    -------
    list of SymbolicEquilibrium
        Pure profiles in row-major order, then mixed candidates on each pair
        of two-strategy supports in lexicographic order. Candidates that
        cannot be equilibria at any parameter value (a condition without
        parameters fails, or an indifference system is singular for all
        values) are left out. At a nondegenerate parameter point the candidates that
        :meth:`~SymbolicEquilibrium.exists` are exactly the equilibria of the
        game there.

    Raises
    ------
    TypeError
        If ``game`` is not a SymbolicGame.
    ValueError
        If both players have more than two strategies.

    References
    ----------
    B. von Stengel (2007), "Equilibrium computation for two-player games in
    strategic and extensive form", Propositions 3.1 and 3.3.

    Examples
    --------
    The sanctions game of Tsebelis (1990) with symbolic payoffs: in its mixed
    equilibrium the target's violation probability depends only on the
    sender's payoffs.

    >>> import sympy
    >>> from leverage import Parameter, ParameterSet
    >>> names = "t_cn t_vn t_cs t_vs s_cn s_vn s_cs s_vs"
    >>> defaults = (1.0, 2.0, 0.0, -1.0, 1.0, 0.0, -1.0, 2.0)
    >>> ps = ParameterSet({n: Parameter(v, v - 0.25, v + 0.25, "utility", "Tsebelis (1990)")
    ...                    for n, v in zip(names.split(), defaults)})
    >>> t_cn, t_vn, t_cs, t_vs, s_cn, s_vn, s_cs, s_vs = sympy.symbols(names)
    >>> game = SymbolicGame(ps, ([[t_cn, t_cs], [t_vn, t_vs]], [[s_cn, s_cs], [s_vn, s_vs]]),
    ...                     players=("Target", "Sender"),
    ...                     strategies=(("Comply", "Violate"), ("No sanction", "Sanction")))
    >>> (mixed,) = [eq for eq in symbolic_equilibria(game) if eq.exists()]
    >>> violate = mixed.strategies[0][1]
    >>> sorted(map(str, violate.free_symbols))
    ['s_cn', 's_cs', 's_vn', 's_vs']
    >>> mixed.numeric()[0]
    array([0.5, 0.5])
    """
    caller = "symbolic_equilibria()"
    if not isinstance(game, SymbolicGame):
        raise TypeError(f"{caller}: game must be a SymbolicGame; got {type(game).__name__}")
    m, n = game.shape
    if min(m, n) > 2:
        raise ValueError(
            f"{caller}: only games in which one player has at most two strategies (2 x n or m x 2) are "
            f"supported; this game is {m} x {n}"
        )
    supports = [((i,), (j,)) for i, j in product(range(m), range(n))]
    supports += [(I, J) for I in combinations(range(m), 2) for J in combinations(range(n), 2)]
    parts = [p for p in (_candidate(game, I, J) for I, J in supports) if p is not None]
    # one compiled function for all candidates (numpy evaluation is cheap, compiling is not)
    A, B = game.payoffs
    exprs: list[sympy.Expr] = [*A, *B]
    offsets = []
    for _, x, y, v1, v2, kept in parts:
        offsets.append(len(exprs))
        exprs.extend([*x, *y, v1, v2, *(check.slack for _, check in kept)])
    evaluator = NumpyFunction(tuple(game.symbols.values()), exprs)
    return [
        SymbolicEquilibrium(
            support=support,
            strategies=(sympy.ImmutableMatrix(x), sympy.ImmutableMatrix(y)),
            payoffs=(v1, v2),
            conditions=tuple(condition for condition, _ in kept),
            game=game,
            _checks=tuple(check for _, check in kept),
            _evaluator=evaluator,
            _offset=offset,
        )
        for (support, x, y, v1, v2, kept), offset in zip(parts, offsets)
    ]
