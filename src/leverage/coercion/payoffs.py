"""Parameters, flows and present values of the coercion model.

Everything here is a plain function of parameter values and restriction
levels; :mod:`leverage.coercion.model` (complete information) and
:mod:`leverage.coercion.screening` (a private diversification cost) build on
it.

Flows (per period, while the target depends on the coercer)
-----------------------------------------------------------
- coercer: ``R (1 - r) + c L r - lam r**2``, minus ``X r`` while a departing
  target hits back;
- target: ``-L r``.

A target that stays depends on the coercer for ever; one that exits depends on
it for the ``tau`` periods of the build, then pays ``K`` (discounted from the
completion date) and is gone: the coercer gets nothing more from it.

Present values (units of the coercer's rent per period)
-------------------------------------------------------
- ``U_T(Stay) = -L r / (1 - dt)``
- ``U_T(Exit) = -L r (1 - dt**tau) / (1 - dt) - dt**tau K``
- ``U_C(Stay) = (R (1 - r) + c L r - lam r**2) / (1 - dc)``
- ``U_C(Exit) = (R (1 - r) + c L r - lam r**2 - X r) (1 - dc**tau) / (1 - dc)``

The target stays iff ``r <= K (1 - dt) / L``, the *diversification threshold*
(the factor ``dt**tau`` cancels, so it does not depend on ``tau``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar

from leverage.checks import UnknownNameError, real_array
from leverage.parameters import Parameter, ParameterSet
from leverage.tolerance import MINIMISER_XATOL, noise_scale

__all__ = [
    "COERCION_NAMES",
    "coercion_parameters",
    "replace_values",
    "check_coercion_values",
    "check_restriction",
    "diversification_threshold",
    "coercer_present_values",
    "target_present_values",
    "maximise_on_interval",
]

#: Largest grid :func:`maximise_on_interval` evaluates (``points``).
MAX_GRID_POINTS: int = 1_000_000

#: The parameters of the complete-information model, in order.
COERCION_NAMES: tuple[str, ...] = (
    "rent",
    "target_loss",
    "concession_share",
    "diversification_cost",
    "build_time",
    "coercer_discount",
    "target_discount",
    "counter_leverage",
    "reliability_loss",
)

_COERCER_NAMES = ("rent", "target_loss", "concession_share", "build_time", "coercer_discount", "counter_leverage",
                  "reliability_loss")
_TARGET_NAMES = ("target_loss", "diversification_cost", "build_time", "target_discount")
_NON_NEGATIVE = ("rent", "target_loss", "diversification_cost", "diversification_cost_max", "build_time",
                 "counter_leverage", "reliability_loss")
_DISCOUNTS = ("coercer_discount", "target_discount")


def coercion_parameters(**overrides: float) -> ParameterSet:
    """Default parameters of the coercion model: the worked example of the issue that defined it.

    Rent 1, target loss 4 per period at full restriction, concession share
    0.5, diversification cost 10, build time 1 period, both discount factors
    0.9, no counter-leverage and no reliability loss. Values are in units of
    the coercer's export rent per period (``rent = 1``); all but the rent's
    normalisation are illustrative.

    Parameters
    ----------
    **overrides : float
        Values replacing the defaults (checked against the ranges).

    Examples
    --------
    >>> ps = coercion_parameters()
    >>> ps.names
    ('rent', 'target_loss', 'concession_share', 'diversification_cost', 'build_time', 'coercer_discount', 'target_discount', 'counter_leverage', 'reliability_loss')
    >>> coercion_parameters(reliability_loss=2.0)["reliability_loss"].value
    2.0
    """
    ps = ParameterSet(
        rent=Parameter(1.0, 0.1, 5.0, "rent/period", "normalisation: the coercer's export rent"),
        target_loss=Parameter(4.0, 0.5, 20.0, "rent/period at full restriction",
                              "illustrative; Gholz and Hughes (2021) on the 2010 episode"),
        concession_share=Parameter(0.5, 0.0, 1.0, "share", "illustrative"),
        diversification_cost=Parameter(10.0, 0.0, 1000.0, "rent (present value at completion)",
                                       "illustrative; Japan's dependence fell from about 90% to about 60% after 2010 "
                                       "(Argus; JOGMEC)"),
        build_time=Parameter(1.0, 0.0, 20.0, "periods", "illustrative"),
        coercer_discount=Parameter(0.9, 0.5, 0.99, "per period", "illustrative"),
        target_discount=Parameter(0.9, 0.5, 0.99, "per period", "illustrative"),
        counter_leverage=Parameter(0.0, 0.0, 10.0, "rent/period at full restriction",
                                   "illustrative; chips, lithography and ore imports as counter-levers"),
        reliability_loss=Parameter(0.0, 0.0, 10.0, "rent/period at full restriction (times r squared)",
                                   "illustrative; a supplier who cuts one buyer off is trusted less by all"),
    )
    return replace_values(ps, overrides, "coercion_parameters()")


def replace_values(parameters: ParameterSet, overrides: Mapping[str, Any], caller: str) -> ParameterSet:
    """``parameters.replace(**overrides)``, with errors that name ``caller``.

    Raises
    ------
    KeyError
        If an override names an unknown parameter.
    TypeError, ValueError
        If an override is not a finite number inside its parameter's range.

    Examples
    --------
    >>> replace_values(coercion_parameters(), {"build_time": 10}, "f()")["build_time"].value
    10.0
    >>> replace_values(coercion_parameters(), {"build_time": 99}, "f()")
    Traceback (most recent call last):
    ...
    ValueError: f(): ParameterSet.replace(): build_time=99 lies outside its range [0, 20]
    """
    if not isinstance(parameters, ParameterSet):
        raise TypeError(f"{caller}: parameters must be a ParameterSet; got {type(parameters).__name__}")
    if not isinstance(overrides, Mapping):
        raise TypeError(f"{caller}: overrides must be a mapping of parameter names to values; got "
                        f"{type(overrides).__name__}")
    if not overrides:
        return parameters
    try:
        return parameters.replace(**overrides)
    except (KeyError, TypeError, ValueError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        raise type(exc)(f"{caller}: {message}") from None


def _mapping(values: Any, caller: str) -> Mapping[str, Any]:
    if not isinstance(values, Mapping):
        raise TypeError(f"{caller}: values must be a mapping of parameter names to values; got {type(values).__name__}")
    return values


def _levels(r: Any, caller: str) -> np.ndarray:
    if isinstance(r, np.ndarray) and r.dtype == np.float64:  # the optimisers' calls: only finiteness to check
        if not np.isfinite(r).all():
            raise ValueError(f"{caller}: r has non-finite values (NaN or infinite)")
        return r
    return real_array(r, "r", caller)


def _require(values: Mapping[str, Any], names: tuple[str, ...], caller: str) -> None:
    missing = [k for k in names if k not in values]
    if missing:
        raise UnknownNameError(f"{caller}: parameters lack {', '.join(missing)}")


def _value_arrays(values: Mapping[str, Any], names: tuple[str, ...], r: np.ndarray,
                  caller: str) -> dict[str, float | np.ndarray]:
    """The values of ``names``, each a float or a real array broadcasting against ``r``, in its range."""
    _require(values, names, caller)
    out: dict[str, float | np.ndarray] = {}
    for k in names:
        x = values[k]
        # the optimisers' calls pass floats that a public function checked: only finiteness to check
        out[k] = x if type(x) is float and math.isfinite(x) else real_array(x, k, caller)
        if k in _DISCOUNTS and not np.all((out[k] > 0.0) & (out[k] < 1.0)):
            raise ValueError(f"{caller}: {k} must be a discount factor in the open interval (0, 1); got {x!r}")
        if k == "concession_share" and not np.all((out[k] >= 0.0) & (out[k] <= 1.0)):
            raise ValueError(f"{caller}: concession_share must lie in [0, 1]; got {x!r}")
        if k in _NON_NEGATIVE and not np.all(out[k] >= 0.0):
            raise ValueError(f"{caller}: {k} must be non-negative; got {x!r}")
    try:
        np.broadcast_shapes(np.shape(r), *(np.shape(out[k]) for k in names))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(out[k])}" for k in names if np.shape(out[k]))
        raise ValueError(f"{caller}: the values' shapes ({shapes}) do not broadcast against r {np.shape(r)}") from None
    return out


def _number(value: Any, caller: str, name: str) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{caller}: {name} must be a number; got {value!r}")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: {name} must be a number; got {value!r}") from None
    if not np.isfinite(x):
        raise ValueError(f"{caller}: {name} must be finite; got {value!r}")
    return x


def check_coercion_values(values: Mapping[str, Any], caller: str,
                          names: tuple[str, ...] = COERCION_NAMES) -> dict[str, float]:
    """Validate parameter values of a coercion model and return them as floats.

    Parameters
    ----------
    values : mapping
        ``{name: value}``; must hold every name in ``names`` (others are ignored).
    caller : str
        The public function or class, named in error messages.
    names : tuple of str
        The names required (default :data:`COERCION_NAMES`).

    Raises
    ------
    UnknownNameError
        If a name is missing (a ``KeyError`` and a ``ValueError``).
    TypeError
        If a value is not a number.
    ValueError
        If a value is not finite; a discount factor lies outside ``(0, 1)``; the
        concession share outside ``[0, 1]``; or the rent, target loss,
        diversification cost (or its maximum), build time, counter-leverage or
        reliability loss is negative.

    Examples
    --------
    >>> v = check_coercion_values(coercion_parameters().defaults, "f()")
    >>> v["target_discount"]
    0.9
    >>> check_coercion_values({**v, "reliability_loss": -1.0}, "f()")
    Traceback (most recent call last):
    ...
    ValueError: f(): reliability_loss must be non-negative; got -1.0
    """
    if not isinstance(names, (tuple, list)) or not all(isinstance(k, str) for k in names):
        raise TypeError(f"{caller}: names must be a tuple of parameter names; got {names!r}")
    _require(_mapping(values, caller), tuple(names), caller)
    out = {k: _number(values[k], caller, k) for k in names}
    for k in names:
        x = out[k]
        if k in _DISCOUNTS and not 0.0 < x < 1.0:
            raise ValueError(f"{caller}: {k} must be a discount factor in the open interval (0, 1); got {x!r}")
        if k == "concession_share" and not 0.0 <= x <= 1.0:
            raise ValueError(f"{caller}: concession_share must lie in [0, 1]; got {x!r}")
        if k in _NON_NEGATIVE and x < 0:
            raise ValueError(f"{caller}: {k} must be non-negative; got {x!r}")
    return out


def check_restriction(r: Any, caller: str, name: str = "r") -> np.ndarray:
    """Restriction levels as a float array, checked to lie in ``[0, 1]``.

    Raises
    ------
    TypeError
        If ``r`` is not numeric.
    ValueError
        If a level is not finite or lies outside ``[0, 1]``.

    Examples
    --------
    >>> check_restriction([0, 0.5], "f()")
    array([0. , 0.5])
    >>> check_restriction(1.5, "f()")
    Traceback (most recent call last):
    ...
    ValueError: f(): r must lie in [0, 1]; got 1.5
    """
    arr = real_array(r, name, caller, finite=False)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr > 1):
        shown = arr.tolist() if arr.ndim else float(arr)
        raise ValueError(f"{caller}: {name} must lie in [0, 1]; got {shown}")
    return arr


def diversification_threshold(values: Mapping[str, float]) -> float:
    """The largest restriction the target accepts: ``K (1 - dt) / L`` (``inf`` when ``L = 0``).

    The target is indifferent there and stays (the tie rule).

    Examples
    --------
    >>> round(diversification_threshold(coercion_parameters().defaults), 12)
    0.25
    """
    v = check_coercion_values(_mapping(values, "diversification_threshold()"), "diversification_threshold()",
                              ("target_loss", "diversification_cost", "target_discount"))
    L = v["target_loss"]
    if L <= 0:
        return float("inf")
    return float(v["diversification_cost"] * (1.0 - v["target_discount"]) / L)


def coercer_present_values(values: Mapping[str, Any], r: Any) -> tuple[np.ndarray, np.ndarray]:
    """The coercer's present values ``(U_C(Stay), U_C(Exit))`` at restriction ``r``.

    Parameters
    ----------
    values : mapping
        Parameter values (scalars, or arrays broadcasting against ``r``).
    r : float or array_like
        Restriction levels.

    Examples
    --------
    The worked example: keeping the target at ``r = 0.25`` is worth 12.5;
    an embargo would be worth 20 if the target stayed, and is worth 2 as
    it leaves.

    >>> stay, exit_ = coercer_present_values(coercion_parameters().defaults, [0.25, 1.0])
    >>> stay.round(6).tolist(), exit_.round(6).tolist()
    ([12.5, 20.0], [1.25, 2.0])
    """
    caller = "coercer_present_values()"
    r = _levels(r, caller)
    values = _value_arrays(_mapping(values, caller), _COERCER_NAMES, r, caller)
    R, L, c = values["rent"], values["target_loss"], values["concession_share"]
    dc, tau = values["coercer_discount"], values["build_time"]
    flow = R * (1.0 - r) + c * L * r - values["reliability_loss"] * r**2
    annuity = 1.0 / (1.0 - dc)
    stay = flow * annuity
    exit_ = (flow - values["counter_leverage"] * r) * (1.0 - dc**tau) * annuity
    return np.asarray(stay, dtype=float), np.asarray(exit_, dtype=float)


def target_present_values(values: Mapping[str, Any], r: Any) -> tuple[np.ndarray, np.ndarray]:
    """The target's present values ``(U_T(Stay), U_T(Exit))`` at restriction ``r``.

    Examples
    --------
    At the threshold the target is indifferent:

    >>> stay, exit_ = target_present_values(coercion_parameters().defaults, 0.25)
    >>> round(float(stay), 9), round(float(exit_), 9)
    (-10.0, -10.0)
    """
    caller = "target_present_values()"
    r = _levels(r, caller)
    values = _value_arrays(_mapping(values, caller), _TARGET_NAMES, r, caller)
    L, K = values["target_loss"], values["diversification_cost"]
    dt, tau = values["target_discount"], values["build_time"]
    annuity = 1.0 / (1.0 - dt)
    stay = -L * r * annuity
    exit_ = -L * r * (1.0 - dt**tau) * annuity - dt**tau * K
    return np.asarray(stay, dtype=float), np.asarray(exit_, dtype=float)


def maximise_on_interval(f: Callable[[np.ndarray], np.ndarray], low: float, high: float,
                         points: int = 65) -> tuple[float, float]:
    """Maximise ``f`` on ``[low, high]``: a grid, then bounded Brent around the best grid point.

    The grid (``points`` levels, both ends included) finds the best region;
    ``scipy.optimize.minimize_scalar(method="bounded")`` then polishes inside
    the two grid cells around the best grid point. Of the grid point and the
    polished point the better is returned, the grid point on a tie, so an
    optimum at an end of the interval is returned exactly, and a function
    constant on the interval returns ``low``.

    Parameters
    ----------
    f : callable
        Vectorised: ``f(array of x) -> array of values``.
    low, high : float
        The interval, ``low <= high``.
    points : int
        Grid size, from 3 to :data:`MAX_GRID_POINTS`.

    Returns
    -------
    (float, float)
        The maximiser and the maximum.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return real numbers.
    ValueError
        If ``low > high``, an end is not finite, ``points`` is outside
        ``[3, MAX_GRID_POINTS]``, or ``f`` returns NaN or not one value per level.

    Examples
    --------
    >>> x, fx = maximise_on_interval(lambda r: 1 + r - 3 * r**2, 0.0, 1.0)
    >>> round(x, 8), round(fx, 8)
    (0.16666667, 1.08333333)
    """
    caller = "maximise_on_interval()"
    if not callable(f):
        raise TypeError(f"{caller}: f must be a callable; got {type(f).__name__}")
    low, high = (_number(x, caller, name) for x, name in ((low, "low"), (high, "high")))
    if low > high:
        raise ValueError(f"{caller}: low and high must be finite with low <= high; got [{low!r}, {high!r}]")
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or points < 3:
        raise ValueError(f"{caller}: points must be an integer >= 3; got {points!r}")
    if points > MAX_GRID_POINTS:
        raise ValueError(f"{caller}: points must be at most MAX_GRID_POINTS={MAX_GRID_POINTS:,}; got {points!r}")

    def values_at(x: np.ndarray) -> np.ndarray:
        y = real_array(f(x), "f's values", caller, finite=False)
        if y.shape != x.shape:
            raise ValueError(f"{caller}: f must return one value per level (shape {x.shape}); got shape {y.shape}")
        if np.isnan(y).any():
            raise ValueError(f"{caller}: f returned NaN at {x[np.isnan(y)].tolist()[:3]}")
        return y

    if low == high:
        return float(low), float(values_at(np.array([low]))[0])
    xs = np.linspace(low, high, int(points))
    ys = values_at(xs)
    k = int(np.argmax(ys))  # the first maximum: the lowest x among exact ties
    a, b = xs[max(k - 1, 0)], xs[min(k + 1, len(xs) - 1)]
    res = minimize_scalar(lambda x: -float(values_at(np.array([x]))[0]), bounds=(a, b), method="bounded",
                          options={"xatol": MINIMISER_XATOL * noise_scale(high - low), "maxiter": 200})
    x, fx = float(xs[k]), float(ys[k])
    if np.isfinite(res.fun) and -res.fun > fx:
        x, fx = float(res.x), float(-res.fun)
    return x, fx
