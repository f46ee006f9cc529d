"""Regime maps of the coercion models over two parameters.

:func:`leverage.regimes.regime_map` labels the equilibrium of a finite normal
form (a :class:`~leverage.ParametricGame`) cell by cell. The coercion models
are not finite normal forms: the coercer chooses its restriction from a
continuum, and in the screening model the target's cost is a continuous
type, so their regime is the result of an optimisation
(:meth:`CoercionModel.solve`, :meth:`ScreeningModel.solve`), not a label of a
game. (The game tree's normal form on a grid of ``n`` levels has ``2**n``
plans of the target, and its optimum is rounded to the grid.)
:func:`coercion_regime_map` therefore labels each cell by the solved model's
regime -- status quo, calibrated, squeeze-and-lose, embargo accepted -- and
returns the same :class:`~leverage.regimes.RegimeMap` as the regime tools, so
its ``regimes`` and ``boundary()`` (and the plotting of regime maps) work as
for any other map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from leverage.checks import UnknownNameError
from leverage.coercion.model import CoercionModel
from leverage.coercion.screening import ScreeningModel
from leverage.regimes import RegimeMap

__all__ = ["coercion_regime_map", "MAX_MAP_CELLS"]

#: Largest number of cells :func:`coercion_regime_map` solves (each cell is one optimisation).
MAX_MAP_CELLS: int = 100_000


def coercion_regime_map(
    model: CoercionModel | ScreeningModel,
    x: tuple[str, Sequence[float]],
    y: tuple[str, Sequence[float]],
    at: Mapping[str, float] | None = None,
) -> RegimeMap:
    """Label each cell of a two-parameter grid by the coercion model's regime.

    Parameters
    ----------
    model : CoercionModel or ScreeningModel
        The model (its calibrated values fix the other parameters).
    x, y : (str, sequence of float)
        Parameter name and grid values of each axis (inside the parameter's range).
    at : mapping, optional
        Values of other parameters replacing the calibrated ones.

    Returns
    -------
    RegimeMap
        ``labels[i, j]`` is the regime at ``(x[j], y[i])``; every cell is solved.

    Raises
    ------
    TypeError
        If ``model`` is not a CoercionModel or ScreeningModel.
    UnknownNameError
        If a parameter name is unknown (a ``KeyError`` and a ``ValueError``).
    ValueError
        If both axes name the same parameter, ``at`` names an axis, a grid is
        empty, not 1-D or leaves the parameter's range, or the grid has more
        than :data:`MAX_MAP_CELLS` cells.

    Examples
    --------
    Screening over the ceiling of the target's cost and the build time. A
    low ceiling keeps the coercer at the status quo when the build is short
    and makes it squeeze every type when the build is long; a high ceiling
    makes an embargo pay that most types accept.

    >>> from leverage.coercion import ScreeningModel
    >>> m = coercion_regime_map(ScreeningModel(), ("diversification_cost_max", [20, 80, 400]),
    ...                         ("build_time", [1, 20]))
    >>> m.labels.tolist()
    [['status quo', 'calibrated', 'embargo accepted'], ['squeeze-and-lose', 'embargo accepted', 'embargo accepted']]
    """
    caller = "coercion_regime_map()"
    if not isinstance(model, (CoercionModel, ScreeningModel)):
        raise TypeError(f"{caller}: model must be a CoercionModel or a ScreeningModel; got {type(model).__name__}")
    (xn, xv), (yn, yv) = x, y
    if xn == yn:
        raise ValueError(f"{caller}: x and y must name two different parameters; both are {xn!r}")
    fixed = dict(at or {})
    for name in (xn, yn):
        if name not in model.parameters:
            raise UnknownNameError(f"{caller}: unknown parameter {name!r}; known: {', '.join(model.parameters)}")
        if name in fixed:
            raise ValueError(f"{caller}: at must not fix the axis parameter {name!r}")
    grids = []
    for name, vals in ((xn, xv), (yn, yv)):
        arr = np.asarray(vals, dtype=float)
        if arr.ndim != 1 or arr.size == 0:
            raise ValueError(f"{caller}: the grid of {name!r} must be a non-empty 1-D sequence")
        model.parameters.check_values({name: arr}, caller)
        grids.append(arr)
    xs, ys = grids
    if xs.size * ys.size > MAX_MAP_CELLS:
        raise ValueError(f"{caller}: a {ys.size} x {xs.size} grid has more than MAX_MAP_CELLS={MAX_MAP_CELLS:,} cells")
    model.values(**fixed)  # checks `at` once, with the model's name in the message
    labels = np.empty((ys.size, xs.size), dtype=object)
    for i, b in enumerate(ys.tolist()):
        for j, a in enumerate(xs.tolist()):
            labels[i, j] = _label(model, {**fixed, xn: a, yn: b})
    return RegimeMap(xn, yn, xs, ys, labels, np.ones(labels.shape, dtype=bool))


def _label(model: Any, values: dict[str, float]) -> str:
    return str(model.solve(**values).regime)
