"""Figures of leverage's results, drawn with matplotlib (the optional ``plot`` extra).

Each function takes one of the library's result objects, draws it on ``ax``
(a new figure when ``ax`` is None) and returns the
:class:`matplotlib.axes.Axes`, so that figures can be combined and restyled:

- :func:`plot_regime_map`: the equilibrium regime in each cell of a
  :class:`~leverage.sensitivity.regimes.RegimeMap`, one colour per regime;
- :func:`plot_tornado`: the outcome swing of each parameter
  (:func:`~leverage.sensitivity.tornado`), bars that cross a regime boundary
  hatched;
- :func:`plot_sobol`: first-order and total Sobol' indices
  (:class:`~leverage.sensitivity.SobolIndices`), with confidence intervals
  when given;
- :func:`plot_bargaining`: a two-player :class:`~leverage.BargainingProblem`:
  the feasible set, the Pareto frontier, the BATNAs and the solutions, and
  how the solutions move when a BATNA changes.

Every figure has a title (``title=`` replaces it), axes labelled in words
with their units (a parameter's from its :class:`~leverage.Parameter`, given
as ``parameters=``; an outcome's from ``unit=``), "(illustrative)" after every
illustrative parameter it names (:func:`~leverage.plotting_style.parameter_label`),
and its legend outside the plotting area, where it hides no data. Other
keyword arguments style the main artists (they go to ``pcolormesh``,
``barh``, ``bar`` or ``plot``). :mod:`leverage.figures` draws the flagship
analysis' figures with these functions.

matplotlib is imported only when a function draws, so ``import
leverage.plotting`` works without it; drawing without it raises an
``ImportError`` that says how to install it (``pip install "leverage[plot]"``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from leverage.checks import UnknownNameError, check_flag, real_array
from leverage.plotting_style import (
    axes_or_new,
    distinct_colours,
    legend_outside,
    palette,
    parameter_label,
    parameter_source,
    pyplot_or_explain,
    set_title,
    text_argument,
)
from leverage.tolerance import PLOT_MIN_SPAN, noise_scale

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from leverage.bargaining import BargainingProblem
    from leverage.sensitivity.regimes import RegimeMap
    from leverage.sensitivity.indices import SobolIndices
    from leverage.sensitivity.local import TornadoBar

__all__ = ["plot_regime_map", "plot_tornado", "plot_sobol", "plot_bargaining"]

#: Display names of the bargaining solutions :func:`plot_bargaining` can mark.
SOLUTION_NAMES = {
    "nash": "Nash",
    "kalai_smorodinsky": "Kalai-Smorodinsky",
    "egalitarian": "egalitarian",
    "utilitarian": "utilitarian",
}

_SOLUTION_METHODS = {
    "nash": "nash_solution",
    "kalai_smorodinsky": "kalai_smorodinsky",
    "egalitarian": "egalitarian",
    "utilitarian": "utilitarian",
}

_SOLUTION_MARKERS = {"nash": "o", "kalai_smorodinsky": "s", "egalitarian": "D", "utilitarian": "^"}
_SOLUTION_COLOURS = {"nash": "tab:blue", "kalai_smorodinsky": "tab:green", "egalitarian": "tab:orange",
                     "utilitarian": "tab:brown"}

#: Hatch of the tornado bars whose swing crosses a regime boundary.
CROSSING_HATCH = "//"


# ---------------------------------------------------------------- shared helpers


def _edges(values: np.ndarray) -> np.ndarray:
    """Cell edges around sorted grid values: midpoints inside, half a step beyond the ends."""
    if len(values) == 1:
        half = 0.05 * abs(float(values[0])) if values[0] != 0 else 0.5
        return np.array([values[0] - half, values[0] + half])
    mid = 0.5 * (values[1:] + values[:-1])
    return np.concatenate([[2 * values[0] - mid[0]], mid, [2 * values[-1] - mid[-1]]])


# ---------------------------------------------------------------- regime maps


def _calibration_point(calibration: Any, rmap: RegimeMap, caller: str) -> tuple[float, float]:
    """The (x, y) of the calibrated point from a mapping, a ParameterSet, a ParametricGame or a pair."""
    from leverage.parameters import ParameterSet
    from leverage.parametric import ParametricGame

    if isinstance(calibration, ParametricGame):
        calibration = calibration.parameters
    if isinstance(calibration, ParameterSet):
        calibration = calibration.defaults
    if isinstance(calibration, Mapping):
        missing = [k for k in (rmap.x_name, rmap.y_name) if k not in calibration]
        if missing:
            raise UnknownNameError(f"{caller}: calibration has no value for {', '.join(map(repr, missing))}")
        pair: Any = (calibration[rmap.x_name], calibration[rmap.y_name])
    else:
        pair = calibration
    try:
        x, y = (float(v) for v in pair)
    except (TypeError, ValueError):
        raise TypeError(
            f"{caller}: calibration must be a mapping of parameter values, a ParameterSet, a ParametricGame "
            f"or an (x, y) pair; got {calibration!r}"
        ) from None
    if not (np.isfinite(x) and np.isfinite(y)):
        raise ValueError(f"{caller}: calibration must be finite; got ({x!r}, {y!r})")
    return x, y


def plot_regime_map(
    regime_map_result: RegimeMap,
    ax: Axes | None = None,
    calibration: Any = None,
    legend: bool = True,
    *,
    parameters: Any = None,
    title: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw a two-parameter regime map: one colour per equilibrium regime.

    Each grid value is the centre of a cell (cells reach halfway to the
    neighbouring values), so uneven grids are drawn to scale. Colours follow
    the order of :attr:`RegimeMap.regimes <leverage.sensitivity.regimes.RegimeMap.regimes>`
    (first appearance), and the legend names every regime.

    Parameters
    ----------
    regime_map_result : RegimeMap
        The result of :func:`leverage.sensitivity.regimes.regime_map`.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    calibration : mapping, ParameterSet, ParametricGame or (float, float), optional
        Marks the calibrated point: parameter values by name (for example
        ``model.parameters.defaults``), the model or its parameters, or the
        point's ``(x, y)``.
    legend : bool
        Whether to add the legend of regimes (placed to the right of the axes).
    parameters : ParameterSet or ParametricGame, optional
        Where the axes' units and illustrative flags come from (default: the
        calibration, when it is a ParameterSet or a ParametricGame).
    title : str, optional
        The title (default: "Equilibrium regimes over <x> and <y>").
    **kwargs
        Passed on to :meth:`~matplotlib.axes.Axes.pcolormesh` (``alpha``,
        ``edgecolors``, ``linewidth``, ...).

    Returns
    -------
    matplotlib.axes.Axes
        The axes, each axis labelled by its parameter in words
        (:func:`parameter_label`: unit, and "(illustrative)" when it is).

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    TypeError
        If ``regime_map_result`` is not a RegimeMap, ``ax`` is not an Axes,
        ``calibration`` is not one of the accepted forms, ``parameters`` is not a
        ParameterSet or ``title`` is not a string.
    KeyError
        If ``calibration`` is a mapping without a value for one of the two parameters.
    ValueError
        If the labels do not have shape ``(len(y), len(x))`` or the grid values
        are not finite.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from leverage.sensitivity.regimes import regime_map
    >>> from leverage.scenarios import export_restriction_game
    >>> model = export_restriction_game()
    >>> rmap = regime_map(model, ("diversification_premium", np.linspace(1.25, 2.4, 24)),
    ...                   ("us_import_dependence", np.linspace(0.65, 0.8, 16)))
    >>> ax = plot_regime_map(rmap, calibration=model)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('diversification premium (ratio)', 'us import dependence (share)')
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['{Open,License}/{Comply,Diversify}', 'License/Comply', 'calibration']
    >>> print(ax.get_title())  # wrapped to fit above the axes
    Equilibrium regimes over diversification premium and us import
    dependence
    >>> plt.close(ax.figure)
    """
    from leverage.parameters import ParameterSet
    from leverage.parametric import ParametricGame
    from leverage.sensitivity.regimes import RegimeMap

    caller = "plot_regime_map()"
    plt = pyplot_or_explain(caller)
    if not isinstance(regime_map_result, RegimeMap):
        raise TypeError(
            f"{caller}: regime_map_result must be a RegimeMap (from leverage.sensitivity.regimes.regime_map); "
            f"got {type(regime_map_result).__name__}"
        )
    legend = check_flag(legend, "legend", caller)
    title = text_argument(title, "title", caller)
    parameters = parameter_source(parameters, caller)
    if parameters is None and isinstance(calibration, (ParameterSet, ParametricGame)):
        parameters = parameter_source(calibration, caller)
    rmap = regime_map_result
    xs, ys = np.asarray(rmap.x, dtype=float), np.asarray(rmap.y, dtype=float)
    labels = np.asarray(rmap.labels, dtype=object)
    if labels.shape != (len(ys), len(xs)):
        raise ValueError(
            f"{caller}: regime_map_result.labels has shape {labels.shape}; expected (len(y), len(x)) = "
            f"({len(ys)}, {len(xs)})"
        )
    for name, vals in ((rmap.x_name, xs), (rmap.y_name, ys)):
        if vals.ndim != 1 or vals.size == 0 or not np.all(np.isfinite(vals)):
            raise ValueError(f"{caller}: the grid of {name!r} must be a non-empty 1-D sequence of finite numbers")
    point = None if calibration is None else _calibration_point(calibration, rmap, caller)
    ax = axes_or_new(ax, caller, plt)

    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    regimes = rmap.regimes
    code = {r: k for k, r in enumerate(regimes)}
    codes = np.vectorize(code.__getitem__, otypes=[float])(labels)
    xo, yo = np.argsort(xs, kind="stable"), np.argsort(ys, kind="stable")
    codes = codes[np.ix_(yo, xo)]
    colours = distinct_colours(len(regimes))
    cmap = ListedColormap(colours)
    norm = BoundaryNorm(np.arange(len(regimes) + 1) - 0.5, len(regimes))
    ax.pcolormesh(_edges(xs[xo]), _edges(ys[yo]), codes, **{"cmap": cmap, "norm": norm, "shading": "flat", **kwargs})
    ax.set_xlabel(parameter_label(rmap.x_name, parameters))
    ax.set_ylabel(parameter_label(rmap.y_name, parameters))
    set_title(ax, title, f"Equilibrium regimes over {parameter_label(rmap.x_name)} and {parameter_label(rmap.y_name)}")
    handles: list[Any] = [Patch(facecolor=c, edgecolor="none", label=r) for r, c in zip(regimes, colours)]
    if point is not None:
        (marker,) = ax.plot(*point, marker="*", markersize=14, color="white", markeredgecolor="black",
                            linestyle="none", label="calibration")
        handles.append(marker)
    if legend:
        legend_outside(ax, handles=handles, title="equilibrium regime")
    return ax


# ---------------------------------------------------------------- tornado diagrams


def plot_tornado(bars: Sequence[TornadoBar], ax: Axes | None = None, outcome: str | None = None, *,
                 unit: str | None = None, parameters: Any = None, title: str | None = None, **kwargs: Any) -> Axes:
    """Draw a tornado diagram: each parameter's outcome swing, widest at the top.

    Each bar spans the outcome between the parameter's two ends (its width
    is :attr:`TornadoBar.swing <leverage.sensitivity.TornadoBar.swing>`), and
    the ends are annotated with the parameter values that produce them. Bars
    whose swing crosses a regime boundary are hatched and coloured
    differently, and the legend says which is which.

    Parameters
    ----------
    bars : sequence of TornadoBar
        The result of :func:`leverage.sensitivity.tornado` (any order; drawn
        sorted by swing).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    outcome : str, optional
        Name of the outcome for the x-axis label (default ``"outcome"``).
    unit : str, optional
        The outcome's unit, added to the x-axis label (``"US payoff (US$ bn per year)"``).
    parameters : ParameterSet or ParametricGame, optional
        Where the bars' labels come from: names in words, "(illustrative)"
        after the illustrative ones (:func:`parameter_label`).
    title : str, optional
        The title (default: "Tornado: the <outcome> as each parameter swings over its range").
    **kwargs
        Passed on to :meth:`~matplotlib.axes.Axes.barh` (``color`` colours every
        bar, crossing or not; the hatch still marks the crossings).

    Returns
    -------
    matplotlib.axes.Axes
        The axes; one bar patch per parameter, from the widest (top) to the narrowest.

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    TypeError
        If ``bars`` is not a sequence of TornadoBar, ``ax`` is not an Axes,
        ``parameters`` is not a ParameterSet, or a text argument is not a string.
    ValueError
        If ``bars`` is empty.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from leverage.scenarios import export_restriction_game
    >>> from leverage.sensitivity import tornado
    >>> model = export_restriction_game()
    >>> bars = tornado(model, "payoff_US")
    >>> ax = plot_tornado(bars, outcome="US payoff", unit="US$ bn per year", parameters=model)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['diversification premium', 'us import dependence', 'separation share']
    >>> ax.get_xlabel()
    'US payoff (US$ bn per year)'
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['crosses a regime boundary', 'same regime']
    >>> plt.close(ax.figure)
    """
    from leverage.sensitivity.local import TornadoBar

    caller = "plot_tornado()"
    plt = pyplot_or_explain(caller)
    if outcome is not None and not isinstance(outcome, str):
        raise TypeError(f"{caller}: outcome must be the outcome's name (a string) or None; got {outcome!r}")
    unit, title = text_argument(unit, "unit", caller), text_argument(title, "title", caller)
    parameters = parameter_source(parameters, caller)
    if isinstance(bars, TornadoBar):
        raise TypeError(f"{caller}: bars must be a sequence of TornadoBar; got a single TornadoBar (wrap it in a list)")
    if isinstance(bars, (str, bytes, Mapping)) or not isinstance(bars, Sequence):
        raise TypeError(
            f"{caller}: bars must be a sequence of TornadoBar (from leverage.sensitivity.tornado); "
            f"got {type(bars).__name__}"
        )
    for k, bar in enumerate(bars):
        if not isinstance(bar, TornadoBar):
            raise TypeError(f"{caller}: bars[{k}] must be a TornadoBar; got {type(bar).__name__}")
    if len(bars) == 0:
        raise ValueError(f"{caller}: bars is empty; there is nothing to draw")
    ax = axes_or_new(ax, caller, plt)

    ordered = sorted(bars, key=lambda b: -b.swing)  # stable: ties keep their order
    same_colour, cross_colour = palette("tab10")(0), palette("tab10")(3)
    lefts = [min(b.outcome_low, b.outcome_high) for b in ordered]
    widths = [b.swing for b in ordered]
    crossing = [b.crosses_regime for b in ordered]
    if "color" in kwargs:
        same_colour = cross_colour = kwargs["color"]
    style = {"color": [cross_colour if c else same_colour for c in crossing], "edgecolor": "black",
             "linewidth": 0.6, **kwargs}
    container = ax.barh(np.arange(len(ordered)), widths, left=lefts, **style)
    for patch, crosses in zip(container.patches, crossing):
        if crosses:
            patch.set_hatch(CROSSING_HATCH)
    for y, b in enumerate(ordered):
        for k, (value, end) in enumerate(((b.low, b.outcome_low), (b.high, b.outcome_high))):
            # the end with the larger outcome is labelled on the right; on a bar of no swing the low end
            # goes left and the high end right, so that the two labels never sit on top of each other
            right = end >= max(b.outcome_low, b.outcome_high) if b.swing > 0 else k == 1
            ax.annotate(f"{value:.3g}", (end, y), xytext=(3 if right else -3, 0), textcoords="offset points",
                        ha="left" if right else "right", va="center", fontsize="small")
    ax.set_yticks(np.arange(len(ordered)), [parameter_label(b.parameter, parameters, unit=False) for b in ordered])
    ax.set_ylim(len(ordered) - 0.5, -0.5)  # widest bar at the top
    ax.set_xlabel(f"{outcome or 'outcome'}{f' ({unit})' if unit else ''}")
    set_title(ax, title, f"Tornado: the {outcome or 'outcome'} as each parameter swings over its range")
    lo = min(lefts)
    hi = max(left + width for left, width in zip(lefts, widths))
    pad = 0.2 * (hi - lo) if hi > lo else 0.1 * max(1.0, abs(lo))
    ax.set_xlim(lo - pad, hi + pad)  # room for the annotations at the ends
    from matplotlib.patches import Patch

    handles = []
    if any(crossing):
        handles.append(Patch(facecolor=cross_colour, edgecolor="black", hatch=CROSSING_HATCH,
                             label="crosses a regime boundary"))
    if not all(crossing):
        handles.append(Patch(facecolor=same_colour, edgecolor="black", label="same regime"))
    legend_outside(ax, handles=handles)
    return ax


# ---------------------------------------------------------------- Sobol' indices


def _floats(values: Any, caller: str, argument: str) -> np.ndarray:
    try:
        return real_array(values, argument, caller, finite=False)
    except TypeError:
        raise TypeError(f"{caller}: {argument} must be numbers (low, high bounds); got {values!r}") from None


def _interval(ci: Any, n: int, caller: str, argument: str) -> np.ndarray | None:
    """Confidence bounds as an array of shape (n, 2), from (n, 2) bounds or an object with ``low``/``high``."""
    if ci is None:
        return None
    if hasattr(ci, "low") and hasattr(ci, "high"):
        low, high = _floats(ci.low, caller, f"{argument}.low"), _floats(ci.high, caller, f"{argument}.high")
        if low.ndim != 1 or low.shape != high.shape:
            raise ValueError(
                f"{caller}: {argument}.low and {argument}.high must be 1-D arrays of one shape; "
                f"got {low.shape} and {high.shape}"
            )
        raw = np.column_stack([low, high])
    else:
        raw = _floats(ci, caller, argument)
    if raw.shape != (n, 2):
        raise ValueError(
            f"{caller}: {argument} must have one (low, high) pair per parameter, shape ({n}, 2); got {raw.shape}"
        )
    if not np.all(np.isfinite(raw)) or np.any(raw[:, 0] > raw[:, 1]):
        raise ValueError(f"{caller}: {argument} must hold finite bounds with low <= high; got {raw.tolist()}")
    return raw


def plot_sobol(
    indices: SobolIndices,
    ax: Axes | None = None,
    first_order_ci: Any = None,
    total_order_ci: Any = None,
    *,
    outcome: str | None = None,
    parameters: Any = None,
    title: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw first-order and total Sobol' indices side by side for each parameter.

    Confidence intervals are drawn as vertical lines from the lower to the
    upper bound. They are taken from the arguments, or else from attributes
    ``first_order_ci`` and ``total_order_ci`` of ``indices`` when it has them.

    Parameters
    ----------
    indices : SobolIndices
        The result of :func:`leverage.sensitivity.sobol`.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    first_order_ci, total_order_ci : array_like of shape (P, 2), optional
        ``(low, high)`` bounds per parameter, or an object with ``low`` and
        ``high`` arrays (such as the intervals of ``scipy.stats``' bootstrap).
    outcome : str, optional
        The outcome whose variance is split, for the title.
    parameters : ParameterSet or ParametricGame, optional
        Where the bars' labels come from: names in words, "(illustrative)"
        after the illustrative ones (:func:`parameter_label`).
    title : str, optional
        The title (default: "Sobol' indices of the <outcome>: shares of its variance").
    **kwargs
        Passed on to both calls of :meth:`~matplotlib.axes.Axes.bar` (``color``,
        ``alpha``, ``edgecolor``, ...).

    Returns
    -------
    matplotlib.axes.Axes
        The axes, the y axis labelled "share of variance"; ``ax.containers[0]`` holds the first-order bars and
        ``ax.containers[1]`` the total-order bars, in the order of ``indices.names``.

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    TypeError
        If ``indices`` is not a SobolIndices, ``ax`` is not an Axes,
        ``parameters`` is not a ParameterSet, or a text argument is not a string.
    ValueError
        If the indices or the intervals do not have one entry per parameter,
        or are not finite.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from leverage import Parameter, ParameterSet
    >>> from leverage.sensitivity import sobol
    >>> ps = ParameterSet(a=Parameter(0.5, 0.0, 1.0, "u", "s"), b=Parameter(0.5, 0.0, 1.0, "u", "illustrative"))
    >>> res = sobol(lambda a, b: a + 2 * b, ps, n=1024, seed=1)
    >>> ax = plot_sobol(res, outcome="sum", parameters=ps)
    >>> [t.get_text() for t in ax.get_xticklabels()], ax.get_ylabel()
    (['a', 'b (illustrative)'], 'share of variance')
    >>> [round(float(p.get_height()), 1) for p in ax.containers[0].patches]
    [0.2, 0.8]
    >>> plt.close(ax.figure)
    """
    from leverage.sensitivity.indices import SobolIndices

    caller = "plot_sobol()"
    plt = pyplot_or_explain(caller)
    outcome, title = text_argument(outcome, "outcome", caller), text_argument(title, "title", caller)
    parameters = parameter_source(parameters, caller)
    if not isinstance(indices, SobolIndices):
        raise TypeError(
            f"{caller}: indices must be a SobolIndices (from leverage.sensitivity.sobol); got {type(indices).__name__}"
        )
    names = list(indices.names)
    n = len(names)
    first = np.asarray(indices.first_order, dtype=float).ravel()
    total = np.asarray(indices.total_order, dtype=float).ravel()
    for argument, values in (("first_order", first), ("total_order", total)):
        if values.shape != (n,):
            raise ValueError(f"{caller}: indices.{argument} has {values.size} entries for {n} parameters")
        if not np.all(np.isfinite(values)):
            raise ValueError(f"{caller}: indices.{argument} has non-finite values: {values}")
    ci_first = _interval(first_order_ci if first_order_ci is not None else getattr(indices, "first_order_ci", None),
                         n, caller, "first_order_ci")
    ci_total = _interval(total_order_ci if total_order_ci is not None else getattr(indices, "total_order_ci", None),
                         n, caller, "total_order_ci")
    ax = axes_or_new(ax, caller, plt)

    x = np.arange(n)
    width = 0.38
    ax.bar(x - width / 2, first, width, **{"label": "first order $S_i$", "color": palette("tab10")(0), **kwargs})
    ax.bar(x + width / 2, total, width, **{"label": "total $S_{Ti}$", "color": palette("tab10")(1), **kwargs})
    drew_ci = False
    for centre, ci in ((x - width / 2, ci_first), (x + width / 2, ci_total)):
        if ci is not None:
            ax.vlines(centre, ci[:, 0], ci[:, 1], colors="black", linewidth=1.2,
                      label=None if drew_ci else "confidence interval")
            drew_ci = True
    ax.axhline(0.0, color="black", linewidth=0.6)
    many = n > 4 or sum(len(s) for s in names) > 40
    ax.set_xticks(x, [parameter_label(name, parameters, unit=False) for name in names],
                  rotation=30 if many else 0, ha="right" if many else "center")
    ax.set_ylabel("share of variance")
    set_title(ax, title, f"Sobol' indices of the {outcome or 'outcome'}: shares of its variance")
    top = max(1.0, float(np.max(total)), *(float(ci[:, 1].max()) for ci in (ci_first, ci_total) if ci is not None))
    bottom = min(0.0, float(np.min(first)), *(float(ci[:, 0].min()) for ci in (ci_first, ci_total) if ci is not None))
    ax.set_ylim(bottom - 0.02, top + 0.05)
    legend_outside(ax)
    return ax


# ---------------------------------------------------------------- bargaining


def _upper_right_hull(points: np.ndarray) -> np.ndarray:
    """Vertices of the Pareto frontier of the comprehensive convex hull of 2-D points, left to right."""
    pts = np.unique(points, axis=0)  # sorted by u1, then u2
    hull: list[np.ndarray] = []
    for p in pts:  # Andrew's monotone chain, upper hull
        while len(hull) >= 2:
            o, a = hull[-2], hull[-1]
            if (a[0] - o[0]) * (p[1] - o[1]) - (a[1] - o[1]) * (p[0] - o[0]) >= 0:
                hull.pop()
            else:
                break
        hull.append(p)
    upper = np.array(hull)
    top = np.flatnonzero(upper[:, 1] == upper[:, 1].max())[-1]  # rightmost point of greatest u2
    return upper[top:]


def _feasible_outline(problem: BargainingProblem, caller: str) -> tuple[str, np.ndarray, np.ndarray]:
    """The kind of set, its Pareto frontier (rows u1, u2, left to right) and its defining points."""
    from leverage.bargaining.sets import FiniteSet, FrontierSet, PolytopeSet

    fs = problem.feasible_set
    if isinstance(fs, FiniteSet):
        P = fs.points
        pareto = np.array([problem.is_pareto_optimal(p) for p in P])
        frontier = P[pareto]
        return "finite", frontier[np.argsort(frontier[:, 0], kind="stable")], P
    if isinstance(fs, PolytopeSet):
        return "hull", _upper_right_hull(fs.points), fs.points
    if isinstance(fs, FrontierSet):
        lo, hi = fs.bounds[0]
        u1 = np.linspace(lo, hi, 201)
        u2 = np.array([fs.value_at(np.array([v])) for v in u1])
        frontier = np.column_stack([u1, u2])
        return "curve", frontier, frontier
    raise ValueError(f"{caller}: cannot draw a feasible set of kind {problem.kind!r}")


def _shifted_disagreement(problem: BargainingProblem, batna_shift: Any, caller: str) -> np.ndarray:
    """The new BATNAs: a new disagreement point, or ``{player: change}`` added to the current one."""
    d = np.array(problem.disagreement, dtype=float)
    if isinstance(batna_shift, Mapping):
        new = d.copy()
        for key, change in batna_shift.items():
            if isinstance(key, str):
                if key not in problem.players:
                    raise ValueError(f"{caller}: batna_shift names unknown player {key!r}; players are {problem.players}")
                i = problem.players.index(key)
            elif isinstance(key, (int, np.integer)) and not isinstance(key, bool) and 0 <= key < problem.n_players:
                i = int(key)
            else:
                raise ValueError(
                    f"{caller}: batna_shift keys must be player names or indices in [0, {problem.n_players}); got {key!r}"
                )
            if not isinstance(change, (int, float, np.integer, np.floating)) or isinstance(change, (bool, np.bool_)):
                raise TypeError(f"{caller}: batna_shift[{key!r}] must be a number; got {change!r}")
            delta = float(change)
            if not np.isfinite(delta):
                raise ValueError(f"{caller}: batna_shift[{key!r}] must be finite; got {change!r}")
            new[i] += delta
        return new
    try:
        new = real_array(batna_shift, "batna_shift", caller, finite=False)
    except (TypeError, ValueError):
        raise TypeError(
            f"{caller}: batna_shift must be a new disagreement point (two numbers) or a mapping "
            f"{{player: change}}; got {batna_shift!r}"
        ) from None
    if new.shape != (problem.n_players,):
        raise ValueError(
            f"{caller}: batna_shift as a new disagreement point must have {problem.n_players} entries; "
            f"got shape {new.shape}"
        )
    if not np.all(np.isfinite(new)):
        raise ValueError(f"{caller}: batna_shift has non-finite values: {new}")
    return new


def plot_bargaining(
    problem: BargainingProblem,
    batna_shift: Any = None,
    solutions: Sequence[str] = ("nash", "kalai_smorodinsky"),
    ax: Axes | None = None,
    *,
    unit: str | None = None,
    title: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw a two-player bargaining problem: feasible set, frontier, BATNAs and solutions.

    The feasible set is shaded (for finite sets, the deals are drawn as
    points), its Pareto frontier drawn as a line, the disagreement point
    (the BATNAs) marked, and each requested solution marked. With
    ``batna_shift`` the new disagreement point and each solution of the
    changed problem are marked too, with arrows from the old to the new
    positions. A solution without agreement is not marked; the legend
    says "no agreement" instead.

    Parameters
    ----------
    problem : BargainingProblem
        A problem with exactly two players.
    batna_shift : array_like of 2 numbers or mapping, optional
        The new disagreement point, or the change of some BATNAs as
        ``{player name or index: change}``.
    solutions : sequence of str
        Which solutions to mark, from ``"nash"``, ``"kalai_smorodinsky"``,
        ``"egalitarian"`` and ``"utilitarian"``.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    unit : str, optional
        The unit of the players' payoffs (``"US$ bn per year"``): the axes read
        "<player> payoff (<unit>)"; without it, "<player> utility".
    title : str, optional
        The title (default: "Bargaining between <player 1> and <player 2>").
    **kwargs
        Passed on to :meth:`~matplotlib.axes.Axes.plot` of the Pareto frontier
        (of the deals, for a finite set): ``color``, ``linewidth``, ...

    Returns
    -------
    matplotlib.axes.Axes
        The axes, x for the first player's payoff and y for the second's.
        The marks are lines labelled ``"BATNA"``, ``"new BATNA"``, ``"Nash"``,
        ``"Nash (new BATNA)"`` and so on, in the legend.

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    TypeError
        If ``problem`` is not a BargainingProblem, ``ax`` is not an Axes,
        ``batna_shift`` is neither a point nor a mapping of numbers, or a text
        argument is not a string.
    ValueError
        If the problem does not have two players, a solution name is
        unknown, or ``batna_shift`` has the wrong length or names an unknown player.

    Examples
    --------
    A pie of size 1: the EU's BATNA improves by 0.1, and the Nash split moves
    by half of that (:meth:`~leverage.BargainingProblem.batna_sensitivity`):

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from leverage import BargainingProblem
    >>> pie = BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1], players=("EU", "China"))
    >>> ax = plot_bargaining(pie, batna_shift={"EU": 0.1}, solutions=("nash",), unit="US$ bn")
    >>> marks = {line.get_label(): line.get_xydata()[0].round(6).tolist() for line in ax.get_lines()
    ...          if line.get_marker() not in ("None", "")}
    >>> marks["Nash"], marks["Nash (new BATNA)"]
    ([0.55, 0.45], [0.6, 0.4])
    >>> ax.get_xlabel(), ax.get_title()
    ('EU payoff (US$ bn)', 'Bargaining between EU and China')
    >>> plt.close(ax.figure)
    """
    from leverage.bargaining import BargainingProblem

    caller = "plot_bargaining()"
    plt = pyplot_or_explain(caller)
    unit, title = text_argument(unit, "unit", caller), text_argument(title, "title", caller)
    if not isinstance(problem, BargainingProblem):
        raise TypeError(
            f"{caller}: problem must be a leverage.BargainingProblem; got {type(problem).__name__}"
        )
    if problem.n_players != 2:
        raise ValueError(
            f"{caller}: problem has {problem.n_players} players; only two-player problems can be drawn in the plane"
        )
    if isinstance(solutions, str):
        solutions = (solutions,)
    try:
        requested = list(dict.fromkeys(solutions))
    except TypeError:
        raise TypeError(f"{caller}: solutions must be a sequence of solution names; got {solutions!r}") from None
    for name in requested:
        if name not in _SOLUTION_METHODS:
            raise ValueError(f"{caller}: unknown solution {name!r}; choose from {', '.join(_SOLUTION_METHODS)}")
    new_d = None if batna_shift is None else _shifted_disagreement(problem, batna_shift, caller)
    kind, frontier, points = _feasible_outline(problem, caller)
    ax = axes_or_new(ax, caller, plt)

    d = np.array(problem.disagreement, dtype=float)
    anchors = [points, d[None, :]] + ([] if new_d is None else [new_d[None, :]])
    everything = np.vstack(anchors)
    span = np.maximum(np.ptp(everything, axis=0), PLOT_MIN_SPAN * noise_scale(everything))
    floor = everything.min(axis=0) - 0.15 * span
    set_colour = palette("tab10")(7)
    if kind == "finite":
        ax.plot(points[:, 0], points[:, 1], marker="o", linestyle="none", markerfacecolor="none",
                color=set_colour, label="deals")
        ax.plot(frontier[:, 0], frontier[:, 1], **{"marker": "o", "linestyle": ":", "color": "black",
                                                   "label": "Pareto-optimal deals", **kwargs})
    else:
        left, right = frontier[0], frontier[-1]
        outline = np.vstack([[floor[0], left[1]], frontier, [right[0], floor[1]], floor])
        ax.fill(outline[:, 0], outline[:, 1], color=set_colour, alpha=0.25, linewidth=0, label="feasible set")
        ax.plot(frontier[:, 0], frontier[:, 1], **{"color": "black", "linewidth": 1.5, "label": "Pareto frontier",
                                                   **kwargs})

    ax.plot(*d, marker="X", markersize=10, color="tab:red", linestyle="none", label="BATNA")
    if new_d is not None:
        ax.plot(*new_d, marker="X", markersize=10, color="tab:purple", linestyle="none", label="new BATNA")
        ax.annotate("", xy=tuple(new_d), xytext=tuple(d),
                    arrowprops={"arrowstyle": "->", "color": "tab:purple", "linestyle": "--"})
        moved = BargainingProblem(problem._set, new_d, problem.players, problem.kind, problem.labels)

    for name in requested:
        shown, colour, marker = SOLUTION_NAMES[name], _SOLUTION_COLOURS[name], _SOLUTION_MARKERS[name]
        before = getattr(problem, _SOLUTION_METHODS[name])()
        if before.agreement:
            ax.plot(*before.utilities, marker=marker, markersize=9, color=colour, linestyle="none", label=shown)
        else:
            ax.plot([], [], linestyle="none", label=f"{shown}: no agreement")
        if new_d is None:
            continue
        after = getattr(moved, _SOLUTION_METHODS[name])()
        if after.agreement:
            ax.plot(*after.utilities, marker=marker, markersize=9, markerfacecolor="white", color=colour,
                    linestyle="none", label=f"{shown} (new BATNA)")
            if before.agreement:
                ax.annotate("", xy=tuple(after.utilities), xytext=tuple(before.utilities),
                            arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1.5})
        else:
            ax.plot([], [], linestyle="none", label=f"{shown} (new BATNA): no agreement")
    for axis, player in ((ax.xaxis, problem.players[0]), (ax.yaxis, problem.players[1])):
        axis.set_label_text(f"{player} payoff ({unit})" if unit else f"{player} utility")
    set_title(ax, title, f"Bargaining between {problem.players[0]} and {problem.players[1]}")
    legend_outside(ax, fontsize="small")
    return ax
