"""Assertions about games and parameterised models whose failures name the parameter values.

Each function raises ``AssertionError`` with a message that says what broke
and where -- the profile and each player's regret, or the parameter values at
which an outcome stopped being monotone or changed regime -- so that a failing
property test reads as a counterexample, not a stack trace.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from leverage.checks import UnknownNameError, check_callable, check_flag, check_real
from leverage.results import Equilibrium
from leverage.game import Game
from leverage.parametric import ParametricGame
from leverage.sensitivity.regimes import equilibrium_regime
from leverage.tolerance import PROFILE_ATOL, RTOL, check_rtol, tolerances, value_scale

__all__ = [
    "assert_equilibrium",
    "assert_monotone",
    "assert_invariant",
    "assert_regime",
    "assert_sweeps_identical",
    "equilibrium_regime",
    "format_values",
]


#: Most games :func:`assert_monotone` solves along the parameter's range.
MAX_GRID = 100_000


def format_values(values: Mapping[str, float]) -> str:
    """``name=value`` pairs for messages.

    Examples
    --------
    >>> format_values({"cost": 2.5, "delta": 0.9})
    'cost=2.5, delta=0.9'
    """
    if not isinstance(values, Mapping):
        raise TypeError(f"format_values(): values must be a mapping of names to numbers; got {values!r}")
    return ", ".join(f"{k}={_number(v, f'values[{k!r}]', 'format_values()'):.10g}" for k, v in values.items())


def _number(value: Any, what: str, caller: str) -> float:
    """``value`` as a float (NaN and infinities included); strings, complex numbers and the rest are refused."""
    if isinstance(value, (str, bytes, bool, np.bool_)) or np.iscomplexobj(value):
        raise TypeError(f"{caller}: {what} must be a real number; got {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: {what} must be a real number; got {value!r}") from None


def assert_equilibrium(game: Game, profile: Any, tol: float | None = None) -> None:
    """Assert that ``profile`` is a Nash equilibrium of ``game`` under the tolerance rule.

    Parameters
    ----------
    game : Game
        The game.
    profile : sequence or Equilibrium
        One probability vector (or pure index) per player, or an
        :class:`~leverage.Equilibrium`.
    tol : float, optional
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Raises
    ------
    AssertionError
        Naming each player whose regret exceeds the tolerance, with the
        profile and the regret.

    Examples
    --------
    >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("China", "US"))
    >>> assert_equilibrium(g, ([0, 1], [0, 1]))
    >>> assert_equilibrium(g, ([1, 0], [1, 0]))
    Traceback (most recent call last):
    ...
    AssertionError: not a Nash equilibrium: China's regret 2 exceeds 5e-08; US's regret 2 exceeds 5e-08 (profile China: [1. 0.], US: [1. 0.])
    """
    if not isinstance(game, Game):
        raise TypeError(f"assert_equilibrium(): game must be a leverage.Game; got {type(game).__name__}")
    if isinstance(profile, Equilibrium):
        profile = profile.strategies
    rtol = check_rtol(tol, "assert_equilibrium")
    prof = game.profile(profile, "assert_equilibrium")
    regret = game.regret(prof)
    limit = tolerances(game.payoffs, rtol)
    bad = [i for i in range(game.n_players) if regret[i] > limit[i]]
    if bad:
        parts = "; ".join(f"{game.players[i]}'s regret {regret[i]:.6g} exceeds {limit[i]:.3g}" for i in bad)
        shown = ", ".join(f"{p}: {np.round(v, 6)}" for p, v in zip(game.players, prof))
        raise AssertionError(f"not a Nash equilibrium: {parts} (profile {shown})")


def _parameter_grid(model: ParametricGame, param: str, num: int, caller: str) -> np.ndarray:
    if not isinstance(model, ParametricGame):
        raise TypeError(f"{caller}: model must be a ParametricGame; got {type(model).__name__}")
    if not isinstance(param, str) or param not in model.parameters:
        raise UnknownNameError(f"{caller}: unknown parameter {param!r}; known: {', '.join(model.parameters)}")
    if isinstance(num, (bool, np.bool_)) or not isinstance(num, (int, np.integer)) or num < 2:
        raise ValueError(f"{caller}: num must be an integer >= 2; got {num!r}")
    if num > MAX_GRID:
        raise ValueError(f"{caller}: num={num:,} is more than MAX_GRID={MAX_GRID:,} games")
    p = model.parameters[param]
    return np.linspace(p.low, p.high, int(num))


def assert_monotone(
    model: ParametricGame,
    param: str,
    outcome: Callable[[Game], float],
    increasing: bool = True,
    at: Mapping[str, float] | None = None,
    num: int = 21,
    strict: bool = False,
    atol: float | None = None,
) -> None:
    """Assert that ``outcome(game)`` moves monotonically as ``param`` sweeps its range.

    Parameters
    ----------
    model : ParametricGame
        The model.
    param : str
        The parameter to sweep over ``num`` evenly spaced values of its range.
    outcome : callable
        Maps a :class:`~leverage.Game` to a number (for example a player's
        payoff in the selected equilibrium).
    increasing : bool
        Direction asserted.
    at : mapping, optional
        Values of the other parameters (default: calibrated). Combine with
        :func:`~leverage.testing.strategies.parameters` to test monotonicity
        everywhere in the parameter space.
    num : int
        Number of grid points.
    strict : bool
        Require strict monotonicity.
    atol : float, optional
        Absolute slack allowed against the direction (float noise). By
        default the library's tolerance rule: :data:`~leverage.tolerance.RTOL`
        times the range of the outcomes over the grid
        (:func:`~leverage.tolerance.value_scale`).

    Raises
    ------
    AssertionError
        Naming the two consecutive parameter values (and the other
        parameters) where monotonicity breaks, with both outcomes.

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> model = export_restriction_game()
    >>> us_payoff = lambda g: g.payoffs[1][1, 1]   # US diversifying against licensing
    >>> assert_monotone(model, "diversification_premium", us_payoff, increasing=False)
    """
    caller = "assert_monotone()"
    grid = _parameter_grid(model, param, num, caller)
    check_callable(outcome, "outcome", caller)
    increasing, strict = check_flag(increasing, "increasing", caller), check_flag(strict, "strict", caller)
    atol = None if atol is None else check_real(atol, "atol", caller, low=0.0)
    if at is not None and not isinstance(at, Mapping):
        raise TypeError(f"{caller}: at must be a mapping of parameter names to values, or None; got {at!r}")
    base = dict(model.parameters.defaults)
    base.update(at or {})
    model.parameters.check_values(base, caller)
    points = []
    for value in grid:
        values = {**base, param: float(value)}
        y = _number(outcome(model.game(**values)), "the outcome", caller)
        if not np.isfinite(y):
            raise AssertionError(f"outcome is not finite ({y}) at {format_values(values)}")
        points.append((float(value), y, values))
    if atol is None:
        atol = RTOL * value_scale([y for _, y, _ in points])
    previous = None
    for value, y, values in points:
        if previous is not None:
            x0, y0 = previous
            step = (y - y0) if increasing else (y0 - y)
            broken = step <= 0 if strict else step < -atol
            if broken:
                others = {k: v for k, v in values.items() if k != param}
                word = "increasing" if increasing else "decreasing"
                raise AssertionError(
                    f"outcome is not {'strictly ' if strict else ''}{word} in {param}: "
                    f"{param}={x0:.10g} gives {y0:.10g} but {param}={value:.10g} gives {y:.10g} "
                    f"(other parameters: {format_values(others)})"
                )
        previous = (float(value), y)


def _equilibrium_set_equal(first: list[Equilibrium], second: list[Equilibrium], atol: float) -> bool:
    return len(first) == len(second) and all(any(a.isclose(b, atol=atol) for b in second) for a in first)


def assert_invariant(
    game: Game,
    transform: Callable[[Game], Game],
    outcome: Callable[[Game], Any] | None = None,
    map_profile: Callable[[tuple[np.ndarray, ...]], tuple[np.ndarray, ...]] | None = None,
    atol: float = PROFILE_ATOL,
    name: str | None = None,
) -> None:
    """Assert that a transformation of a game leaves an outcome unchanged (a metamorphic test).

    Parameters
    ----------
    game : Game
        The game.
    transform : callable
        Maps the game to the transformed game (rescale a payoff, relabel
        strategies, swap players, add a dominated strategy...).
    outcome : callable, optional
        Maps a game to a number or array to compare. By default the outcome
        is the set of equilibria (``leverage.equilibria``), compared as sets.
    map_profile : callable, optional
        With the default outcome: maps an equilibrium profile of ``game`` to
        the corresponding profile of the transformed game (identity by default).
    atol : float
        Absolute tolerance of the comparison (default
        :data:`~leverage.tolerance.PROFILE_ATOL`, for probabilities).
    name : str, optional
        Name of the transformation, for the message.

    Raises
    ------
    AssertionError
        Showing both outcomes.

    Examples
    --------
    >>> g = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> rescale = lambda h: Game.from_bimatrix(3 * h.payoffs[0] + 1, h.payoffs[1])
    >>> assert_invariant(g, rescale, name="affine rescaling of the row player")
    >>> swap = lambda h: Game.from_bimatrix(h.payoffs[1].T, h.payoffs[0].T)
    >>> assert_invariant(g, swap, map_profile=lambda p: (p[1], p[0]), name="swapping players")
    """
    from leverage.solvers import equilibria

    caller = "assert_invariant()"
    if not isinstance(game, Game):
        raise TypeError(f"{caller}: game must be a leverage.Game; got {type(game).__name__}")
    check_callable(transform, "transform", caller)
    for argument, value in (("outcome", outcome), ("map_profile", map_profile)):
        if value is not None:
            check_callable(value, argument, caller)
    atol = check_real(atol, "atol", caller, low=0.0)
    if name is not None and not isinstance(name, str):
        raise TypeError(f"{caller}: name must be a string or None; got {name!r}")
    label = name or getattr(transform, "__name__", "transformation")
    transformed = transform(game)
    if not isinstance(transformed, Game):
        raise TypeError(f"{caller}: transform must return a leverage.Game; it returned {type(transformed).__name__}")
    if outcome is None:
        before = equilibria(game)
        after = equilibria(transformed)
        mapped = [map_profile(e.strategies) if map_profile else e.strategies for e in before]
        try:
            ok = len(before) == len(after) and all(any(e.isclose(p, atol=atol) for e in after) for p in mapped)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{caller}: map_profile must return a profile of the transformed game ({exc})") from None
        if not ok:
            raise AssertionError(
                f"{label} changed the equilibrium set: {len(before)} equilibria before, {len(after)} after; "
                f"expected {[tuple(np.round(s, 6) for s in p) for p in mapped]}, "
                f"found {[tuple(np.round(s, 6) for s in e.strategies) for e in after]}"
            )
        return
    a, b = outcome(game), outcome(transformed)
    try:
        same = np.shape(a) == np.shape(b) and np.allclose(a, b, atol=atol, rtol=0)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: outcome must return numbers (or arrays of numbers); got {a!r} and {b!r}") from None
    if not same:
        raise AssertionError(f"{label} changed the outcome: {a!r} before, {b!r} after")


def assert_regime(
    model: ParametricGame,
    params: Mapping[str, float],
    expected: str | Callable[[str], bool],
    regime: Callable[[Game], str] | None = None,
) -> None:
    """Assert which equilibrium regime holds at given parameter values.

    Parameters
    ----------
    model : ParametricGame
        The model.
    params : mapping
        Parameter values (others calibrated), checked against their ranges.
    expected : str or callable
        The expected label, or a predicate on the label.
    regime : callable, optional
        Labels a game; default :func:`equilibrium_regime`.

    Raises
    ------
    AssertionError
        Naming the parameter values, the label found and the one expected.

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> model = export_restriction_game()
    >>> assert_regime(model, {"diversification_premium": 2.4}, "License/Comply")
    >>> assert_regime(model, {"diversification_premium": 1.25}, "License/Comply")
    Traceback (most recent call last):
    ...
    AssertionError: at diversification_premium=1.25 the regime is '{Open,License}/{Comply,Diversify}', not 'License/Comply'
    """
    caller = "assert_regime()"
    if not isinstance(model, ParametricGame):
        raise TypeError(f"{caller}: model must be a ParametricGame; got {type(model).__name__}")
    if not isinstance(params, Mapping):
        raise TypeError(f"{caller}: params must be a mapping of parameter names to values; got {params!r}")
    if not (isinstance(expected, str) or callable(expected)):
        raise TypeError(f"{caller}: expected must be a regime label or a predicate on labels; got {expected!r}")
    if regime is not None:
        check_callable(regime, "regime", caller)
    model.parameters.check_values(params, caller)
    label_of = regime or equilibrium_regime
    label = label_of(model.game(**params))
    ok = expected(label) if callable(expected) else label == expected
    if not ok:
        want = f"{expected!r}" if not callable(expected) else "one accepted by the predicate"
        raise AssertionError(f"at {format_values(params)} the regime is {label!r}, not {want}")


def assert_sweeps_identical(first: Any, second: Any) -> None:
    """Assert that two sweep tables are identical: same columns, dtypes and values, NaN where NaN.

    This is the sense in which :func:`leverage.sensitivity.sweep` promises the
    same table whatever the executor, the chunk size or an interruption.

    Raises
    ------
    AssertionError
        Naming the first column that differs and the first row where it does.

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> from leverage.sensitivity import sweep
    >>> model = export_restriction_game()
    >>> assert_sweeps_identical(sweep(model, {"kind": "lhs", "n": 6}, seed=1),
    ...                         sweep(model, {"kind": "lhs", "n": 6}, seed=1, chunksize=2))
    """
    for argument, table in (("first", first), ("second", second)):
        if not (hasattr(table, "names") and callable(getattr(table, "column", None))):
            raise TypeError(f"assert_sweeps_identical(): {argument} must be a SweepResult; got {type(table).__name__}")
    if first.names != second.names:
        raise AssertionError(f"the tables have different columns: {first.names} and {second.names}")
    for name in first.names:
        a, b = first.column(name), second.column(name)
        if a.dtype.kind != b.dtype.kind:
            raise AssertionError(f"column {name!r} has dtype {a.dtype} in one table and {b.dtype} in the other")
        same = np.array_equal(a, b, equal_nan=True) if a.dtype.kind == "f" else np.array_equal(a, b)
        if not same:
            if a.shape != b.shape:
                raise AssertionError(f"column {name!r} has {len(a)} rows in one table and {len(b)} in the other")
            equal = (a == b) | (np.isnan(a) & np.isnan(b)) if a.dtype.kind == "f" else a == b
            k = int(np.argmin(equal))
            raise AssertionError(f"column {name!r} differs first at row {k}: {a[k]!r} != {b[k]!r}")
