"""Regime maps of the coercion models over two parameters: a thin convenience over the regime tools.

The coercion models are not finite normal forms -- the coercer chooses its
restriction from a continuum, and in the screening model the target's cost
is a continuous type -- so their regime is the result of an optimisation
(:meth:`CoercionModel.solve`, :meth:`ScreeningModel.solve`), not a label of
a game. Both models implement the protocol
:class:`leverage.sensitivity.regimes.RegimeModel` (a ``parameters`` ParameterSet and a
``regime(**values)`` method), so the library's regime tools take them
directly: :func:`leverage.sensitivity.regimes.regime_map` maps them over two parameters
(with adaptive refinement) and :func:`leverage.sensitivity.regimes.distance_to_flip`
finds how far each parameter may move before the regime changes.
:func:`coercion_regime_map` is that same :func:`~leverage.sensitivity.regimes.regime_map`
call, restricted to the two coercion models and to
:data:`MAX_MAP_CELLS` cells (each cell is one optimisation).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from leverage.checks import renamed
from leverage.coercion.model import CoercionModel
from leverage.coercion.screening import ScreeningModel
from leverage.sensitivity.regimes import RegimeMap, regime_map

__all__ = ["coercion_regime_map", "MAX_MAP_CELLS"]

#: Largest number of cells :func:`coercion_regime_map` solves (each cell is one optimisation).
MAX_MAP_CELLS: int = 100_000


def coercion_regime_map(
    model: CoercionModel | ScreeningModel,
    x: tuple[str, Sequence[float]],
    y: tuple[str, Sequence[float]],
    at: Mapping[str, float] | None = None,
    refine: int = 0,
) -> RegimeMap:
    """Label each cell of a two-parameter grid by the coercion model's regime (via :func:`~leverage.sensitivity.regimes.regime_map`).

    Regimes: status quo, calibrated, squeeze-and-lose, embargo accepted
    (:data:`leverage.coercion.REGIMES`).

    Parameters
    ----------
    model : CoercionModel or ScreeningModel
        The model (its calibrated values fix the other parameters).
    x, y : (str, sequence of float)
        Parameter name and grid values of each axis (inside the parameter's range).
    at : mapping, optional
        Values of other parameters replacing the calibrated ones.
    refine : int
        Rounds of adaptive refinement, as in :func:`~leverage.sensitivity.regimes.regime_map`.

    Returns
    -------
    RegimeMap
        ``labels[i, j]`` is the regime at ``(x[j], y[i])``.

    Raises
    ------
    TypeError
        If ``model`` is not a CoercionModel or ScreeningModel.
    UnknownNameError
        If a parameter name is unknown (a ``KeyError`` and a ``ValueError``).
    ValueError
        If both axes name the same parameter, ``at`` fixes an axis, a grid is empty, not 1-D or
        leaves the parameter's range, or the grid has more than
        :data:`MAX_MAP_CELLS` cells.

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
    for name, axis in (("x", x), ("y", y)):
        if isinstance(axis, Sequence) and len(axis) == 2 and not isinstance(axis[0], str):
            raise TypeError(f"{caller}: {name} must be a (parameter name, values) pair; got a name of {axis[0]!r}")
    cells = 1
    for axis in (x, y):
        if isinstance(axis, Sequence) and not isinstance(axis, (str, bytes)) and len(axis) == 2:
            try:
                cells *= max(1, int(np.size(axis[1])))
            except TypeError:
                pass  # regime_map reports a malformed grid
    for axis in (x, y):
        if isinstance(axis, Sequence) and len(axis) == 2 and isinstance(at, Mapping) and axis[0] in at:
            raise ValueError(f"{caller}: at must not fix the axis parameter {axis[0]!r}")
    if cells > MAX_MAP_CELLS:
        raise ValueError(f"{caller}: the grid has {cells:,} cells, more than MAX_MAP_CELLS={MAX_MAP_CELLS:,}")
    with renamed("regime_map():", caller + ":"):
        return regime_map(model, x, y, at=at, refine=refine)
