"""Parameterised games: payoffs as functions of named, sourced, ranged parameters.

A :class:`ParametricGame` couples a :class:`~leverage.parameters.ParameterSet`
with a payoff function written with numpy. The same function gives the game at
the calibrated values (``.game()``) and stacked payoff arrays for many
parameter draws in one call (``.batch(values)``), with no Python loop per draw.

Two checks serve every tool that takes a model (:mod:`leverage.sensitivity`,
:mod:`leverage.scenarios`): :func:`check_parametric_model` refuses anything but
a :class:`ParametricGame`, and :func:`base_values` resolves the parameter values
a tool starts from (the calibration, with some values set and range-checked).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from leverage.assumptions import Assumption
from leverage.checks import real_array
from leverage.game import Game
from leverage.parameters import ParameterSet

__all__ = ["ParametricGame", "base_values", "check_parametric_model"]

PayoffFunction = Callable[..., Sequence[Any]]


def _assemble(entry: Any, strategy_shape: tuple[int, ...], batch_shape: tuple[int, ...], where: str) -> np.ndarray:
    """Turn one player's payoff output into an array of shape ``batch_shape + strategy_shape``.

    ``entry`` may be a nested list whose leaves are scalars or arrays of draws,
    or an ndarray of shape ``strategy_shape`` (constant over draws) or
    ``strategy_shape + batch_shape`` (draws on the trailing axes).
    """
    k = len(batch_shape)
    if isinstance(entry, (complex, np.complexfloating)) or (isinstance(entry, np.ndarray) and entry.dtype.kind == "c"):
        raise TypeError(f"{where} holds complex values; payoffs must be real")
    if isinstance(entry, np.ndarray) and entry.dtype != object:
        arr = entry.astype(float, copy=False)
        if arr.shape == strategy_shape + batch_shape:
            return np.moveaxis(arr, tuple(range(len(strategy_shape), arr.ndim)), tuple(range(k))) if k else arr
        if arr.shape == strategy_shape:
            return np.broadcast_to(arr, batch_shape + strategy_shape)
        if arr.shape == batch_shape + strategy_shape and k:
            return arr
        raise ValueError(
            f"{where} has shape {arr.shape}; expected {strategy_shape} or {strategy_shape + batch_shape}"
        )
    if not strategy_shape:
        leaf = np.asarray(entry, dtype=float)
        try:
            return np.broadcast_to(leaf, batch_shape)
        except ValueError:
            raise ValueError(f"{where} has shape {leaf.shape}, which does not broadcast to the draws {batch_shape}") from None
    try:
        items = list(entry)
    except TypeError:
        raise ValueError(f"{where} is a scalar where {strategy_shape[0]} entries were expected") from None
    if len(items) != strategy_shape[0]:
        raise ValueError(f"{where} has {len(items)} entries where {strategy_shape[0]} were expected")
    parts = [_assemble(item, strategy_shape[1:], batch_shape, f"{where}[{j}]") for j, item in enumerate(items)]
    return np.stack(parts, axis=k)


class ParametricGame:
    """A normal-form game whose payoffs are functions of named parameters.

    Parameters
    ----------
    parameters : ParameterSet
        Named, sourced, ranged parameters with calibrated values.
    payoffs : callable
        ``payoffs(**values)`` returns one payoff array per player. Write it
        with numpy operations so that it also accepts *arrays* of values (one
        entry per draw): each player's output may be a nested list whose
        entries are scalars or arrays of draws, or an ndarray.
    players : sequence of str, optional
        Player names.
    strategies : sequence of sequences of str, optional
        Strategy names per player.
    assumptions : sequence of Assumption, optional
        Claims about the model that should hold at every plausible parameter
        value; check them with :func:`leverage.testing.check_assumptions`.

    Examples
    --------
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(
    ...     rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"),
    ...     cost=Parameter(3.0, 1.0, 5.0, "bn USD/yr", "illustrative"),
    ... )
    >>> def payoffs(rent, cost):
    ...     china = [[rent, rent], [2 * rent, -cost]]
    ...     us = [[0, -1], [-2, -1]]
    ...     return china, us
    >>> model = ParametricGame(ps, payoffs, players=("China", "US"),
    ...                        strategies=(("Open", "Restrict"), ("Comply", "Diversify")))
    >>> model.game().payoffs[0]
    array([[ 1.,  1.],
           [ 2., -3.]])
    >>> A, B = model.batch({"cost": [1.0, 5.0]})
    >>> A.shape, A[:, 1, 1]
    ((2, 2, 2), array([-1., -5.]))
    """

    def __init__(
        self,
        parameters: ParameterSet,
        payoffs: PayoffFunction,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        assumptions: Sequence[Assumption] = (),
    ) -> None:
        caller = f"{type(self).__name__}()"
        if not isinstance(parameters, ParameterSet):
            raise TypeError(f"{caller}: parameters must be a ParameterSet; got {type(parameters).__name__}")
        if not callable(payoffs):
            raise TypeError(f"{caller}: payoffs must be a callable; got {type(payoffs).__name__}")
        if isinstance(assumptions, (str, bytes)) or not isinstance(assumptions, Iterable):
            raise TypeError(f"{caller}: assumptions must be a sequence of Assumption objects; got {assumptions!r}")
        assumptions = tuple(assumptions)
        for a in assumptions:
            if not isinstance(a, Assumption):
                raise TypeError(f"{caller}: assumptions must be Assumption objects; got {type(a).__name__}")
        self.parameters = parameters
        self.payoff_function = payoffs
        self.assumptions = assumptions
        # evaluating once at the calibrated values fixes the strategy shape and checks names
        base = self._evaluate(parameters.defaults, (), caller)
        self._shape = base[0].shape
        try:
            self._base_game = Game(base, players=players, strategies=strategies)
        except (TypeError, ValueError) as exc:  # name this constructor, not the Game it builds
            raise type(exc)(str(exc).replace("Game():", caller, 1)) from None

    def __repr__(self) -> str:
        return f"ParametricGame({', '.join(self.players)}; shape {self.shape}; parameters {', '.join(self.parameters)})"

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._base_game.players

    def with_assumptions(self, *assumptions: Assumption) -> ParametricGame:
        """A copy of the model with more assumptions attached."""
        return ParametricGame(
            self.parameters,
            self.payoff_function,
            players=self.players,
            strategies=self.strategies,
            assumptions=self.assumptions + tuple(assumptions),
        )

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Strategy names per player."""
        return self._base_game.strategies

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return self._shape

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._shape)

    def _evaluate(self, values: Mapping[str, Any], batch_shape: tuple[int, ...], caller: str) -> list[np.ndarray]:
        try:
            out = self.payoff_function(**values)
        except TypeError as exc:
            raise TypeError(
                f"{caller}: the payoff function failed when called with the parameters "
                f"{', '.join(values)} as keywords: {exc}"
            ) from exc
        try:
            out = list(out)
        except TypeError:
            raise TypeError(f"{caller}: the payoff function must return one payoff array per player") from None
        if not batch_shape:
            arrays = []
            for i, u in enumerate(out):
                try:
                    arrays.append(real_array(u, f"the payoffs of player {i}", caller, finite=False).copy())
                except (TypeError, ValueError) as exc:
                    if "complex" in str(exc):
                        raise
                    raise ValueError(f"{caller}: the payoff function's output for player {i} is not numeric ({exc})") from None
            return arrays
        return [
            np.ascontiguousarray(_assemble(u, self._shape, batch_shape, f"{caller}: payoffs for player {i}"))
            for i, u in enumerate(out)
        ]

    def values(self, **overrides: float) -> dict[str, float]:
        """Calibrated values with some replaced (checked against their ranges)."""
        return self.parameters.replace(**overrides).defaults

    def game(self, **overrides: float) -> Game:
        """The game at the calibrated values, with some parameters replaced.

        Raises
        ------
        KeyError
            If an override names an unknown parameter.
        ValueError
            If an override lies outside its parameter's range, or the payoffs
            are not finite there.
        """
        if not overrides:
            return self._base_game
        values = self.parameters.replace(**overrides).defaults
        payoffs = self._evaluate(values, (), "ParametricGame.game()")
        return Game(payoffs, players=self.players, strategies=self.strategies)

    def batch(self, values: Mapping[str, Any] | np.ndarray) -> tuple[np.ndarray, ...]:
        """Stacked payoff arrays for many parameter draws, in one vectorised call.

        Parameters
        ----------
        values : mapping or 2-D array
            Either ``{name: array of draws}`` (parameters not named stay at
            their calibrated values) or an array of shape ``(N, P)`` whose
            columns follow ``parameters.names``.

        Returns
        -------
        tuple of numpy.ndarray
            One array per player of shape ``(N, m_1, ..., m_n)``.

        Raises
        ------
        KeyError
            If a name is unknown.
        ValueError
            If a draw is non-finite or outside its parameter's range, the
            arrays have different lengths, or payoffs are non-finite.
        """
        caller = "ParametricGame.batch()"
        if isinstance(values, Mapping):
            mapping = dict(values)
        else:
            arr = np.asarray(values, dtype=float)
            if arr.ndim != 2 or arr.shape[1] != len(self.parameters):
                raise ValueError(
                    f"{caller}: values must be a mapping or an array of shape (N, {len(self.parameters)}); "
                    f"got shape {arr.shape}"
                )
            mapping = {name: arr[:, j] for j, name in enumerate(self.parameters.names)}
        checked = self.parameters.check_values(mapping, caller)
        lengths = {np.shape(v) for k, v in checked.items() if k in mapping}
        if len(lengths) > 1:
            raise ValueError(f"{caller}: the arrays of draws have different shapes {sorted(lengths)}")
        batch_shape = lengths.pop() if lengths else (1,)
        if len(batch_shape) != 1:
            raise ValueError(f"{caller}: each array of draws must be 1-D; got shape {batch_shape}")
        arrays = {k: np.broadcast_to(v, batch_shape) for k, v in checked.items()}
        payoffs = self._evaluate(arrays, batch_shape, caller)
        for i, u in enumerate(payoffs):
            if not np.all(np.isfinite(u)):
                raise ValueError(f"{caller}: payoffs for player {self.players[i]!r} are not finite for some draws")
        return tuple(payoffs)

    def games(self, values: Mapping[str, Any] | np.ndarray) -> list[Game]:
        """One :class:`Game` per draw (a convenience over :meth:`batch`)."""
        stacked = self.batch(values)
        return [
            Game([u[k] for u in stacked], players=self.players, strategies=self.strategies)
            for k in range(stacked[0].shape[0])
        ]


def check_parametric_model(model: Any, caller: str) -> ParametricGame:
    """Check that ``model`` is a :class:`ParametricGame`, for a tool that solves its normal form.

    Parameters
    ----------
    model : ParametricGame
        The model to check.
    caller : str
        The callable to name in the error message, e.g. ``"tornado()"``.

    Returns
    -------
    ParametricGame
        ``model``, unchanged.

    Raises
    ------
    TypeError
        If ``model`` is not a :class:`ParametricGame`.

    Examples
    --------
    >>> from leverage import Parameter
    >>> ps = ParameterSet(cost=Parameter(3.0, 1.0, 5.0, "bn USD/yr", "illustrative"))
    >>> model = ParametricGame(ps, lambda cost: ([[1, 0], [2, -cost]], [[0, -1], [-2, -1]]))
    >>> check_parametric_model(model, "tornado()") is model
    True
    >>> check_parametric_model("a game", "tornado()")
    Traceback (most recent call last):
    ...
    TypeError: tornado(): model must be a ParametricGame; got str
    """
    if not isinstance(model, ParametricGame):
        raise TypeError(f"{caller}: model must be a ParametricGame; got {type(model).__name__}")
    return model


def base_values(model: Any, at: Mapping[str, float] | None, caller: str) -> dict[str, float]:
    """The values of a model's parameters a tool starts from: the calibration, with ``at`` applied.

    Parameters
    ----------
    model : ParametricGame or RegimeModel
        Any model with a :class:`~leverage.parameters.ParameterSet` in its
        ``parameters`` attribute (a :class:`ParametricGame`, or a
        :class:`~leverage.sensitivity.regimes.RegimeModel` such as
        :class:`leverage.coercion.CoercionModel`).
    at : mapping of str to float, or None
        Values that replace the calibrated ones, by parameter name; each is a
        single number checked against its parameter's range. ``None`` or an
        empty mapping keeps the calibration.
    caller : str
        The callable to name in the error messages, e.g. ``"threshold()"``.

    Returns
    -------
    dict of str to float
        One value per parameter of the model, in the order of its
        ParameterSet.

    Raises
    ------
    TypeError
        If ``model`` has no ParameterSet ``parameters`` or ``at`` is not a
        mapping.
    ValueError
        If a value of ``at`` is not a finite single number or lies outside its
        parameter's range; :class:`~leverage.checks.UnknownNameError` (a
        ``KeyError`` and ``ValueError``) if it names no parameter.

    Examples
    --------
    >>> from leverage import Parameter
    >>> ps = ParameterSet(rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"),
    ...                   cost=Parameter(3.0, 1.0, 5.0, "bn USD/yr", "illustrative"))
    >>> model = ParametricGame(ps, lambda rent, cost: ([[rent, rent], [2 * rent, -cost]], [[0, -1], [-2, -1]]))
    >>> base_values(model, {"cost": 4}, "threshold()")
    {'rent': 1.0, 'cost': 4.0}
    >>> base_values(model, None, "threshold()")
    {'rent': 1.0, 'cost': 3.0}
    >>> base_values(model, {"cost": 9.0}, "threshold()")
    Traceback (most recent call last):
    ...
    ValueError: threshold(): cost=9 lies outside its range [1, 5]
    """
    parameters = getattr(model, "parameters", None)
    if not isinstance(parameters, ParameterSet):
        raise TypeError(f"{caller}: model must have a ParameterSet `parameters` (a ParametricGame or a RegimeModel); "
                        f"got {type(model).__name__}")
    values = dict(parameters.defaults)
    if at is not None and not isinstance(at, Mapping):
        raise TypeError(f"{caller}: at must be a mapping of parameter names to values, or None; got {at!r}")
    if at:
        checked = parameters.check_values(at, caller)
        for name in at:
            if np.ndim(checked[name]) != 0:
                raise ValueError(f"{caller}: at[{name!r}] must be a single number; got shape {np.shape(checked[name])}")
            values[name] = float(checked[name])
    return values
