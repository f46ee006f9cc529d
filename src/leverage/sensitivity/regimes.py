"""Equilibrium regimes of parameterised games: labels, thresholds and the distance to a flip.

The analyst's question is rarely "what is the variance share"; it is "where
does the equilibrium change, and how far are we from that line". A *regime*
is a label of a game's equilibrium set (by default the supports of its
equilibria, by name); :func:`threshold` finds the exact parameter value at
which a predicate on the game changes truth value, and
:func:`distance_to_flip` how far each parameter can move from the
calibration before the regime changes.

The same tools serve models that are not finite normal forms -- a coercer
choosing its restriction from a continuum, a target whose cost is a
continuous type -- through a small protocol, :class:`RegimeModel`: a
``parameters`` attribute (a :class:`~leverage.ParameterSet`) and a method
``regime(**values) -> str`` that solves the model at those parameter values
and names the regime. :func:`regime_map` and :func:`distance_to_flip` take
either a :class:`~leverage.ParametricGame` or such a model
(:class:`leverage.coercion.CoercionModel` and
:class:`leverage.coercion.ScreeningModel` are two).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
from scipy.optimize import brentq

from leverage.checks import UnknownNameError, check_callable, real_array
from leverage.game import Game
from leverage.parameters import ParameterSet
from leverage.parametric import ParametricGame, base_values, check_parametric_model
from leverage.progress import ProgressBar, check_progress, progress_bar
from leverage.sensitivity.frames import regime_dataset, regime_frame, regime_html, regime_repr
from leverage.tolerance import THRESHOLD_XTOL, noise_scale

__all__ = [
    "equilibrium_regime", "threshold", "distance_to_flip", "Flip", "regime_map", "RegimeMap", "RegimeModel",
    "MAX_REGIME_CELLS", "MAX_FLIP_GRID",
]

#: Largest grid :func:`regime_map` labels, counting the cells refinement adds (each round
#: nearly quadruples the grid, so ``refine`` must stay small).
MAX_REGIME_CELLS = 4_000_000

#: Most grid points :func:`distance_to_flip` scans on each side of each parameter (each is a solve).
MAX_FLIP_GRID = 10_000

Regime = Callable[[Game], str]


@runtime_checkable
class RegimeModel(Protocol):
    """A model that names its own regime: what :func:`regime_map` and :func:`distance_to_flip` need.

    A :class:`~leverage.ParametricGame` is labelled by solving its normal
    form; a model whose equilibrium comes from elsewhere (an optimisation
    over a continuum of actions, a continuous type) labels itself through
    this protocol instead.

    Attributes
    ----------
    parameters : ParameterSet
        The parameters, their calibrated values and ranges; the axes of a map
        and the parameters scanned for a flip are taken from it.

    The method ``regime(**values) -> str`` solves the model at the given
    parameter values and names the regime of its solution.

    Examples
    --------
    >>> from leverage import Parameter
    >>> class Entry:
    ...     parameters = ParameterSet(cost=Parameter(1.0, 0.0, 3.0, "bn USD", "illustrative"),
    ...                               demand=Parameter(2.0, 0.0, 3.0, "bn USD", "illustrative"))
    ...     def regime(self, cost: float, demand: float) -> str:
    ...         return "enter" if cost < demand else "stay out"
    >>> isinstance(Entry(), RegimeModel)
    True
    >>> regime_map(Entry(), ("cost", [0.5, 2.5]), ("demand", [2.0])).labels.tolist()
    [['enter', 'stay out']]
    >>> flip = distance_to_flip(Entry())["cost"]
    >>> flip.regime, round(flip.up, 9), flip.down
    ('enter', 2.0, None)
    """

    parameters: ParameterSet

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("RegimeModel(): a protocol, not a class to instantiate; give regime_map or distance_to_flip "
                        "any object with a ParameterSet `parameters` and a method `regime(**values) -> str`")

    def regime(self, **values: float) -> str:
        """Solve the model at ``values`` and name the regime of its solution.

        The regime tools call it with every parameter of :attr:`parameters`
        by name, each value checked against its range first; a value the
        model cannot take should raise ``ValueError``.
        """
        ...  # pragma: no cover


def equilibrium_regime(game: Game) -> str:
    """A readable label of a game's equilibrium set: each equilibrium's supports by name.

    Pure equilibria read ``"License/Comply"``; mixed ones list the support,
    ``"{Open,License}/{Comply,Diversify}"``; several equilibria are joined
    by ``" | "``.

    Examples
    --------
    >>> g = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...                        strategies=(("Open", "Restrict"), ("Comply", "Diversify")))
    >>> equilibrium_regime(g)
    'Open/Comply | {Open,Restrict}/{Comply,Diversify} | Restrict/Diversify'
    """
    from leverage.solvers import equilibria

    if not isinstance(game, Game):
        raise TypeError(f"equilibrium_regime(): game must be a leverage.Game; got {type(game).__name__}")
    labels = []
    for eq in equilibria(game):
        parts = []
        for names, support in zip(game.strategies, eq.support):
            chosen = [names[k] for k in support]
            parts.append(chosen[0] if len(chosen) == 1 else "{" + ",".join(chosen) + "}")
        labels.append("/".join(parts))
    return " | ".join(labels)


def check_regime_model(model: Any, caller: str) -> ParametricGame | RegimeModel:
    """Raise ``TypeError`` naming ``caller`` unless ``model`` is a ParametricGame or a :class:`RegimeModel`."""
    if isinstance(model, ParametricGame):
        return model
    if isinstance(model, RegimeModel) and isinstance(model.parameters, ParameterSet) and callable(model.regime):
        return model
    raise TypeError(
        f"{caller}: model must be a ParametricGame or a RegimeModel (a ParameterSet `parameters` and a method "
        f"`regime(**values) -> str`); got {type(model).__name__}"
    )


def _labeller(model: ParametricGame | RegimeModel, regime: Regime | None, caller: str) -> Callable[[dict], str]:
    """``label(values) -> str``: the regime of ``model`` at a full set of parameter values."""
    if isinstance(model, ParametricGame):
        label_of = regime or equilibrium_regime
        return lambda values: label_of(model.game(**values))
    if regime is not None:
        raise TypeError(f"{caller}: regime labels games; a RegimeModel names its own regime, so leave regime=None")

    def label(values: dict) -> str:
        out = model.regime(**values)
        if not isinstance(out, str):
            raise TypeError(f"{caller}: {type(model).__name__}.regime() must return a str; got {type(out).__name__}")
        return out

    return label


def threshold(
    model: ParametricGame,
    param: str,
    predicate: Callable[[Game], bool],
    bracket: tuple[float, float] | None = None,
    at: Mapping[str, float] | None = None,
    xtol: float = THRESHOLD_XTOL,
) -> float:
    """The parameter value at which ``predicate(game)`` changes truth value.

    Brent's method (``scipy.optimize.brentq``) on the sign of the predicate
    locates the switch to within ``xtol`` (times the parameter's scale).

    Parameters
    ----------
    model : ParametricGame
        The model.
    param : str
        The parameter to move.
    predicate : callable
        ``predicate(game) -> bool``, for example "(License, Comply) is an
        equilibrium".
    bracket : (float, float), optional
        Values of ``param`` at which the predicate differs (default: the
        parameter's range).
    at : mapping, optional
        Values of the other parameters (default: calibrated).
    xtol : float
        Tolerance on the location, relative to ``max(1, |low|, |high|)`` of
        the bracket: a finite number in ``(0, 1)`` (default
        :data:`leverage.tolerance.THRESHOLD_XTOL`).

    Raises
    ------
    ValueError
        If the predicate has the same value at both ends of the bracket, the
        bracket leaves the parameter's range, or ``xtol`` is not in ``(0, 1)``.

    Examples
    --------
    The US stops complying with licensing once alternative supply is cheap enough:

    >>> from leverage.scenarios import export_restriction_game
    >>> model = export_restriction_game()
    >>> complies = lambda g: g.payoffs[1][1, 0] >= g.payoffs[1][1, 1]
    >>> round(threshold(model, "diversification_premium", complies), 9)
    1.478197674

    The closed form: with ``A = 0.375 k - 0.5 g s`` (concession multiplier
    ``k``, shortage rate ``g``, separation share ``s``), China's cost ``c``
    and the floor price ``F``, the US complies iff the premium is at least
    ``(1 + A) / (1 + A c / F)``:

    >>> from leverage.scenarios.export_restriction import calibrated_export_restriction_parameters
    >>> v = calibrated_export_restriction_parameters().defaults
    >>> A = 0.375 * v["concession_multiplier"] - 0.5 * v["shortage_rate"] * v["separation_share"]
    >>> round((1 + A) / (1 + A * v["china_cost"] / v["floor_price"]), 9)
    1.478197674
    """
    caller = "threshold()"
    model = check_parametric_model(model, caller)
    if isinstance(xtol, (bool, np.bool_)) or not isinstance(xtol, (int, float, np.integer, np.floating)):
        raise TypeError(f"{caller}: xtol must be a number; got {xtol!r}")
    if not 0.0 < float(xtol) < 1.0:
        raise ValueError(f"{caller}: xtol must be a relative tolerance in (0, 1); got {xtol!r}")
    if not isinstance(param, str) or param not in model.parameters:
        raise UnknownNameError(f"{caller}: unknown parameter {param!r}; known: {', '.join(model.parameters)}")
    check_callable(predicate, "predicate", caller)
    p = model.parameters[param]
    if bracket is None:
        lo, hi = p.low, p.high
    else:
        ends = real_array(bracket, "bracket", caller, ndim=1)
        if ends.shape != (2,):
            raise ValueError(f"{caller}: bracket must be a (low, high) pair; got {bracket!r}")
        lo, hi = float(ends[0]), float(ends[1])
    if not (p.low <= lo < hi <= p.high):
        raise ValueError(f"{caller}: bracket ({lo:g}, {hi:g}) must be increasing and inside [{p.low:g}, {p.high:g}]")
    base = base_values(model, at, caller)

    def sign(x: float) -> float:
        return 1.0 if predicate(model.game(**{**base, param: float(x)})) else -1.0

    a, b = sign(lo), sign(hi)
    if a == b:
        state = "true" if a > 0 else "false"
        raise ValueError(f"{caller}: the predicate is {state} at both ends of the bracket ({lo:g}, {hi:g}) of {param!r}")
    return float(brentq(sign, lo, hi, xtol=xtol * noise_scale([lo, hi]), maxiter=500))


@dataclass(frozen=True)
class Flip:
    """Where the regime changes when one parameter moves from the calibration.

    Attributes
    ----------
    parameter : str
        The parameter moved.
    value : float
        Its value at the calibration (or at ``at``).
    regime : str
        The regime there.
    down, up : float or None
        The nearest value below and above at which the regime changes
        (None when it does not change within the range).
    distance : float
        The smaller distance to a flip as a share of the parameter's range
        (``inf`` when the regime never changes).

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> flip = distance_to_flip(export_restriction_game())["diversification_premium"]
    >>> flip.regime, round(flip.value, 4), round(flip.down, 4), flip.up, round(flip.distance, 3)
    ('License/Comply', 2.0952, 1.4782, None, 0.505)
    """

    parameter: str
    value: float
    regime: str
    down: float | None
    up: float | None
    distance: float


def distance_to_flip(
    model: ParametricGame | RegimeModel,
    at: Mapping[str, float] | None = None,
    regime: Regime | None = None,
    num: int = 33,
) -> dict[str, Flip]:
    """For each parameter, how far it can move before the equilibrium regime changes.

    Each parameter is scanned on ``num`` points on either side of its current
    value (the others held fixed); the first change is then located exactly
    by Brent's method on whether the regime differs (as in :func:`threshold`).

    Parameters
    ----------
    model : ParametricGame or RegimeModel
        The model: a parametric normal form, or any model that names its own
        regime (:class:`RegimeModel`).
    at : mapping, optional
        The point of departure (default: the calibration).
    regime : callable, optional
        Labels a game (default :func:`equilibrium_regime`); only for a
        ParametricGame.
    num : int
        Scan points per side.

    Returns
    -------
    dict of str to Flip
        Ordered from the nearest flip to the farthest.

    Raises
    ------
    TypeError
        If ``model`` is neither a ParametricGame nor a RegimeModel, or
        ``regime`` is given for a RegimeModel.
    ValueError
        If ``num`` is not an integer from 2 to :data:`MAX_FLIP_GRID`, or
        ``at`` leaves a parameter's range.

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> flips = distance_to_flip(export_restriction_game())
    >>> first = next(iter(flips.values()))
    >>> first.parameter, round(first.down, 6)
    ('diversification_premium', 1.478198)
    """
    caller = "distance_to_flip()"
    model = check_regime_model(model, caller)
    if isinstance(num, bool) or not isinstance(num, (int, np.integer)) or num < 2:
        raise ValueError(f"{caller}: num must be an integer >= 2; got {num!r}")
    if num > MAX_FLIP_GRID:
        raise ValueError(
            f"{caller}: num={num:,} grid points per side is more than MAX_FLIP_GRID={MAX_FLIP_GRID:,}; the grid "
            f"only brackets each flip, which is then found to xtol by threshold()"
        )
    if regime is not None:
        check_callable(regime, "regime", caller)
    label_at = _labeller(model, regime, caller)
    base = base_values(model, at, caller)
    here = label_at(base)
    grids = {(name, side): np.linspace(base[name], end, num + 1)[1:]
             for name, p in model.parameters.items() for side, end in (("down", p.low), ("up", p.high))
             if end != base[name]}
    scanned = _scan_labels(model, regime, base, grids)
    out = []
    for name, p in model.parameters.items():
        v = base[name]
        found: dict[str, float | None] = {"down": None, "up": None}
        for side, end in (("down", p.low), ("up", p.high)):
            if end == v:
                continue
            grid = grids[name, side]
            labels = scanned.get((name, side))
            previous = v
            for k, x in enumerate(grid):
                label = labels[k] if labels is not None else label_at({**base, name: float(x)})
                if label != here:
                    lo, hi = sorted((previous, float(x)))
                    found[side] = _switch(lambda y, name=name: label_at({**base, name: float(y)}) != here, lo, hi)
                    break
                previous = float(x)
        span = p.high - p.low
        dists = [abs(x - v) / span for x in found.values() if x is not None and span > 0]
        out.append(Flip(name, v, here, found["down"], found["up"], min(dists) if dists else np.inf))
    out.sort(key=lambda f: f.distance)
    return {f.parameter: f for f in out}


def _scan_labels(model: ParametricGame | RegimeModel, regime: Regime | None, base: dict[str, float],
                 grids: dict[tuple[str, str], np.ndarray]) -> dict[tuple[str, str], list[str]]:
    """The regime at every point of the one-parameter ``grids``, in one batched solve where one applies.

    A small two-player ParametricGame labelled by :func:`equilibrium_regime` is
    solved for all the points at once (:func:`leverage.sensitivity.sweep`, whose
    ``regime`` column is that label); any other model gives ``{}``, and the caller
    labels point by point. So does a grid with a draw the sweep could not solve,
    so that its error is raised as the point-by-point call raises it.
    """
    if not grids or not (isinstance(model, ParametricGame) and regime is None and model.n_players == 2
                         and max(model.shape) <= 4):
        return {}
    from leverage.sensitivity.sweeps import sweep

    names = model.parameters.names
    keys = list(grids)
    points = np.tile(np.array([base[k] for k in names], dtype=float), (sum(len(grids[k]) for k in keys), 1))
    start = 0
    for name, side in keys:
        grid = grids[name, side]
        points[start:start + len(grid), names.index(name)] = grid
        start += len(grid)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a failed draw is labelled again point by point, and raises there
        table = sweep(model, points)
    labels, status = table.column("regime"), table.column("status")
    out: dict[tuple[str, str], list[str]] = {}
    start = 0
    for key in keys:
        stop = start + len(grids[key])
        if not np.any(status[start:stop] == "error"):
            out[key] = [str(label) for label in labels[start:stop]]
        start = stop
    return out


def _switch(differs: Callable[[float], bool], lo: float, hi: float, xtol: float = THRESHOLD_XTOL) -> float:
    """Where ``differs`` changes truth value in ``[lo, hi]`` (it does), to ``xtol`` times the bracket's scale."""
    a = differs(lo)

    def sign(x: float) -> float:
        return 1.0 if differs(x) != a else -1.0

    return float(brentq(sign, lo, hi, xtol=xtol * noise_scale([lo, hi]), maxiter=500))


@dataclass(frozen=True, eq=False)
class RegimeMap:
    """Regime labels on a grid of two parameters.

    Attributes
    ----------
    x_name, y_name : str
        The parameters on the axes.
    x, y : numpy.ndarray
        The grid values.
    labels : numpy.ndarray
        Shape ``(len(y), len(x))``, the regime in each cell.
    solved : numpy.ndarray
        Shape ``(len(y), len(x))``, True where the cell's game was solved;
        False where an adaptive refinement took the label from the solved
        cells around it (all of which agree).
    units : (str, str)
        The units of the x and y parameters (empty when unknown).
    illustrative : (bool, bool)
        Whether the x and y parameters are illustrative (shown wherever the map is printed).

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> m = regime_map(export_restriction_game(), ("diversification_premium", [1.3, 2.0, 2.4]),
    ...                ("separation_share", [0.85, 0.95]))
    >>> m.labels.shape, m.regimes
    ((2, 3), ['{Open,License}/{Comply,Diversify}', 'License/Comply'])
    >>> m
    RegimeMap(x=diversification_premium [1.3..2.4 ratio] × y=separation_share [0.85..0.95 share], 3×2 points, regimes: License/Comply 67%, {Open,License}/{Comply,Diversify} 33%)
    """

    x_name: str
    y_name: str
    x: np.ndarray
    y: np.ndarray
    labels: np.ndarray
    solved: np.ndarray
    units: tuple[str, str] = ("", "")
    illustrative: tuple[bool, bool] = (False, False)

    def __repr__(self) -> str:
        """One line, at most 300 characters whatever the grid: the axes, the grid size, the regimes' shares."""
        return regime_repr(self)

    def _repr_html_(self) -> str:
        """The notebook view: the regimes with their cells and shares, the axes, and the grid when small."""
        return regime_html(self)

    def to_pandas(self) -> Any:
        """The map in long format: one row per cell with both parameters, ``regime`` (categorical) and ``solved``.

        The rows run over x first, then y (the order of ``labels.ravel()``).

        Raises
        ------
        ImportError
            If pandas is not installed (``pip install 'leverage[tables]'``).
        """
        return regime_frame(self, "RegimeMap.to_pandas()")

    def to_xarray(self) -> Any:
        """The map as an :class:`xarray.Dataset` on its grid: ``regime`` and ``solved`` over ``(y_name, x_name)``.

        The coordinates are named after the parameters and carry their
        ``units`` (and whether they are illustrative) as attributes.

        Raises
        ------
        ImportError
            If xarray is not installed (``pip install 'leverage[tables]'``).
        """
        return regime_dataset(self, "RegimeMap.to_xarray()")

    @property
    def regimes(self) -> list[str]:
        """Distinct regimes, in order of first appearance."""
        return list(dict.fromkeys(self.labels.ravel().tolist()))

    def boundary(self) -> np.ndarray:
        """Cells next to a cell of another regime (left, right, above or below), shape ``(len(y), len(x))``.

        Examples
        --------
        >>> m = RegimeMap("a", "b", np.arange(3.0), np.arange(1.0),
        ...               np.array([["x", "x", "y"]], dtype=object), np.ones((1, 3), dtype=bool))
        >>> m.boundary().tolist()
        [[False, True, True]]
        """
        lab = self.labels
        edge = np.zeros(lab.shape, dtype=bool)
        dx = lab[:, 1:] != lab[:, :-1]
        dy = lab[1:, :] != lab[:-1, :]
        edge[:, 1:] |= dx
        edge[:, :-1] |= dx
        edge[1:, :] |= dy
        edge[:-1, :] |= dy
        return edge


def _label_points(
    model: ParametricGame | RegimeModel, base: dict[str, float], xn: str, yn: str, xv: np.ndarray, yv: np.ndarray,
    regime: Regime | None, caller: str, bar: ProgressBar, progress: bool = False,
) -> np.ndarray:
    """Regime labels at the points ``(xv[k], yv[k])``, the other parameters at ``base``; ``bar`` counts the cells."""
    if isinstance(model, ParametricGame) and regime is None and model.n_players == 2 and max(model.shape) <= 4:
        # vectorised: one batched solve over all the points (leverage.sensitivity.sweep), about 50 with a bar
        from leverage.sensitivity.sweeps import sweep

        names = model.parameters.names
        grid = np.tile(np.array([base[k] for k in names], dtype=float), (len(xv), 1))
        grid[:, names.index(xn)] = xv
        grid[:, names.index(yn)] = yv
        out = np.empty(len(xv), dtype=object)
        ends = np.linspace(0, len(xv), min(50 if progress else 1, len(xv)) + 1).astype(int)
        for a, b in zip(ends[:-1], ends[1:]):
            out[a:b] = sweep(model, grid[a:b]).column("regime")
            bar.update(b - a)
        return out
    label_at = _labeller(model, regime, caller)
    out = np.empty(len(xv), dtype=object)
    for k, (a, b) in enumerate(zip(xv.tolist(), yv.tolist())):
        out[k] = label_at({**base, xn: a, yn: b})
        bar.update(1)
    return out


def _refine(values: np.ndarray) -> np.ndarray:
    """The grid with the midpoint of every pair of neighbours inserted."""
    out = np.empty(2 * len(values) - 1)
    out[0::2] = values
    out[1::2] = 0.5 * (values[:-1] + values[1:])
    return out


def _axis(axis: Any, label: str, caller: str) -> tuple[str, Any]:
    """``(name, values)`` of one axis of a regime map."""
    if isinstance(axis, (str, bytes)) or not isinstance(axis, Sequence) or len(axis) != 2:
        raise TypeError(f"{caller}: {label} must be a (parameter name, values) pair; got {axis!r}")
    name, values = axis
    if not isinstance(name, str):
        raise TypeError(f"{caller}: {label}[0] must be a parameter name; got {name!r}")
    return name, values


def regime_map(
    model: ParametricGame | RegimeModel,
    x: tuple[str, Sequence[float]],
    y: tuple[str, Sequence[float]],
    at: Mapping[str, float] | None = None,
    regime: Regime | None = None,
    refine: int = 0,
    *,
    progress: bool = False,
) -> RegimeMap:
    """Label each cell of a two-parameter grid by the equilibrium regime that holds there.

    With the default regime labels and a small two-player model the grid is
    solved in one vectorised batch (a 400 x 400 map of a 3 x 2 game takes
    about half a second); other regime functions are applied cell by cell.

    *Adaptive refinement* (``refine=k``) halves the grid spacing ``k`` times
    but solves only near boundaries: at each round the midpoints are added,
    and a new cell is solved only if the solved cells around it (the two or
    four grid points it lies between) disagree; otherwise it takes their
    common label. The boundaries are then located to within
    ``spacing / 2**k`` for the cost of a few rows of cells along each
    boundary. A region of one regime lying wholly inside a cell of the
    initial grid, with the same regime at all its corners, is not seen: the
    initial grid must be fine enough to meet every region once.

    A model that is not a finite normal form -- the coercion models, whose
    coercer chooses its restriction from a continuum -- is mapped through
    :class:`RegimeModel`: each cell is labelled by ``model.regime(**values)``.

    Parameters
    ----------
    model : ParametricGame or RegimeModel
        The model: a parametric normal form, or any model that names its own
        regime (:class:`RegimeModel`).
    x, y : (str, sequence of float)
        Parameter name and grid values of each axis (increasing, when refining).
    at : mapping, optional
        Values of the other parameters (default: calibrated).
    regime : callable, optional
        Labels a game (default :func:`equilibrium_regime`); only for a
        ParametricGame.
    refine : int
        Rounds of adaptive refinement (default 0: the grid as given).
    progress : bool
        Show a :mod:`tqdm` progress bar over the cells solved (the cells of
        each round of refinement are added to it as they are found).

    Returns
    -------
    RegimeMap
        The labels, with ``solved`` marking the cells whose game was solved.

    Raises
    ------
    TypeError
        If ``model`` is neither a ParametricGame nor a RegimeModel, or
        ``regime`` is given for a RegimeModel.
    KeyError
        If a parameter name is unknown.
    ValueError
        If both axes name the same parameter; if a grid is empty, not 1-D,
        outside the parameter's range, or not increasing when
        ``refine > 0``; if ``refine`` is not a non-negative integer, or the
        refined grid would have more than :data:`MAX_REGIME_CELLS` cells.

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> m = regime_map(export_restriction_game(), ("diversification_premium", [1.3, 2.4]),
    ...                ("separation_share", [0.85, 0.95]))
    >>> m.labels[0, 1]
    'License/Comply'

    Refining a coarse map three times locates the boundary to an eighth of
    the spacing while solving only part of the cells:

    >>> m = regime_map(export_restriction_game(), ("diversification_premium", np.linspace(1.25, 2.4, 6)),
    ...                ("separation_share", [0.85, 0.9, 0.95]), refine=3)
    >>> m.labels.shape, int(m.solved.sum()) < m.solved.size
    ((17, 41), True)

    The coercion models name their own regime. Over the ceiling of the
    target's private cost and the build time of other supply:

    >>> from leverage.coercion import ScreeningModel
    >>> m = regime_map(ScreeningModel(), ("diversification_cost_max", [20, 80, 400]), ("build_time", [1, 20]))
    >>> m.labels.tolist()
    [['status quo', 'calibrated', 'embargo accepted'], ['squeeze-and-lose', 'embargo accepted', 'embargo accepted']]
    """
    caller = "regime_map()"
    model = check_regime_model(model, caller)
    progress = check_progress(progress, caller)
    if isinstance(refine, bool) or not isinstance(refine, (int, np.integer)) or refine < 0:
        raise ValueError(f"{caller}: refine must be a non-negative integer; got {refine!r}")
    if regime is not None:
        check_callable(regime, "regime", caller)
    _labeller(model, regime, caller)  # refuses a regime function for a RegimeModel before any solving
    (xn, xv), (yn, yv) = (_axis(axis, label, caller) for axis, label in ((x, "x"), (y, "y")))
    if xn == yn:
        raise ValueError(f"{caller}: x and y must name two different parameters; both are {xn!r}")
    xs, ys = real_array(xv, f"the grid of {xn!r}", caller), real_array(yv, f"the grid of {yn!r}", caller)
    for name, vals in ((xn, xs), (yn, ys)):
        if name not in model.parameters:
            raise UnknownNameError(f"{caller}: unknown parameter {name!r}")
        if vals.ndim != 1 or vals.size == 0:
            raise ValueError(f"{caller}: the grid of {name!r} must be a non-empty 1-D sequence")
        model.parameters.check_values({name: vals}, caller)
        if refine and np.any(np.diff(vals) <= 0):
            raise ValueError(f"{caller}: the grid of {name!r} must be strictly increasing to be refined")
    rounds = int(refine) if max(len(xs), len(ys)) > 1 else 0  # a single point has nothing to refine
    refined = [(len(v) - 1) * 2 ** min(rounds, 64) + 1 for v in (xs, ys)]  # Python integers: no overflow
    if refined[0] * refined[1] > MAX_REGIME_CELLS:
        raise ValueError(
            f"{caller}: refine={rounds} would make a grid of more than {MAX_REGIME_CELLS:,} cells "
            f"(MAX_REGIME_CELLS); use fewer rounds of refinement or a coarser grid"
        )
    base = base_values(model, at, caller)
    with progress_bar(len(xs) * len(ys), "regime map", progress, "cell", stacklevel=3) as bar:
        labels, solved, xs, ys = _fill_map(model, base, xn, yn, xs, ys, regime, caller, rounds, bar)
    params = [model.parameters[xn], model.parameters[yn]]
    return RegimeMap(xn, yn, xs, ys, labels, solved, units=(params[0].unit, params[1].unit),
                     illustrative=(bool(params[0].illustrative), bool(params[1].illustrative)))


def _fill_map(
    model: ParametricGame | RegimeModel, base: dict[str, float], xn: str, yn: str, xs: np.ndarray, ys: np.ndarray,
    regime: Regime | None, caller: str, rounds: int, bar: ProgressBar,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The labels, the solved cells and the grids of :func:`regime_map` after ``rounds`` of refinement."""
    progress = bar.bar is not None
    X, Y = np.meshgrid(xs, ys)
    labels = _label_points(model, base, xn, yn, X.ravel(), Y.ravel(), regime, caller, bar, progress).reshape(X.shape)
    solved = np.ones(X.shape, dtype=bool)
    for _ in range(rounds):
        xs, ys = _refine(xs) if len(xs) > 1 else xs, _refine(ys) if len(ys) > 1 else ys
        sx, sy = (2 if len(xs) > 1 else 1), (2 if len(ys) > 1 else 1)
        _, codes = np.unique(labels.astype(str), return_inverse=True)
        codes = codes.reshape(labels.shape)
        # for every cell of the finer grid, the coarse points it lies between
        i, j = np.meshgrid(np.arange(len(ys)), np.arange(len(xs)), indexing="ij")
        lo_i, hi_i, lo_j, hi_j = i // sy, (i + sy - 1) // sy, j // sx, (j + sx - 1) // sx
        corners = np.stack([codes[lo_i, lo_j], codes[lo_i, hi_j], codes[hi_i, lo_j], codes[hi_i, hi_j]])
        agree = np.all(corners == corners[0], axis=0)
        fine = np.empty((len(ys), len(xs)), dtype=object)
        fine[::sy, ::sx] = labels
        inherited = agree.copy()
        inherited[::sy, ::sx] = False
        fine[inherited] = labels[lo_i[inherited], lo_j[inherited]]
        new_solved = np.zeros(fine.shape, dtype=bool)
        new_solved[::sy, ::sx] = solved
        todo = ~agree
        todo[::sy, ::sx] = False
        if todo.any():
            Xf, Yf = np.meshgrid(xs, ys)
            bar.extend(int(todo.sum()))
            fine[todo] = _label_points(model, base, xn, yn, Xf[todo], Yf[todo], regime, caller, bar, progress)
            new_solved |= todo
        labels, solved = fine, new_solved
    return labels, solved, xs, ys
