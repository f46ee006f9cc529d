"""The figures of the flagship analysis, as the main job writes them and the report embeds them.

:func:`analysis_figures` draws four figures from a calibration (the
:class:`~leverage.parameters.ParameterSet` analysed), each a
:class:`matplotlib.figure.Figure` keyed by a file-name stem:

- ``regime_map``: the equilibrium regime of the China-US export-restriction
  game over China's price and the concession a complying US makes, with the
  calibration marked (:func:`~leverage.plotting.plot_regime_map`);
- ``tornado``: how far the US payoff swings as each parameter of that game
  moves over its range (:func:`~leverage.plotting.plot_tornado`);
- ``sobol``: the Sobol' indices of the US payoff, with their confidence
  intervals when the indices carry them (:func:`~leverage.plotting.plot_sobol`);
- ``bargaining``: the bargaining frontier of China and the EU and Japan, and
  how the recycling plant's raise of the buyers' BATNA moves the deals
  (:func:`~leverage.plotting.plot_bargaining`).

:func:`write_figures` saves them as PNG files, :func:`figure_png` turns one
into PNG bytes, and :data:`FIGURE_CAPTIONS` says in a sentence how to read
each. With ``quick=True`` the grids and samples are small (a few seconds in
all). matplotlib (the ``plot`` extra) is imported only when a figure is drawn.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from leverage.checks import check_flag, check_int
from leverage.plotting_style import FIGSIZE, pyplot_or_explain

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from leverage.parameters import ParameterSet

__all__ = ["FIGURE_CAPTIONS", "FIGURE_NAMES", "MONEY", "analysis_figures", "figure_png", "write_figures"]

#: The unit of the game payoffs the figures show.
MONEY = "US$ bn per year"

#: The figures of :func:`analysis_figures`, in the order they are drawn (file-name stems).
FIGURE_NAMES: tuple[str, ...] = ("regime_map", "tornado", "sobol", "bargaining")

#: How to read each figure, one or two sentences (the report's captions, the gallery's text).
FIGURE_CAPTIONS: dict[str, str] = {
    "regime_map": (
        "Which equilibrium the China-US export-restriction game has at each combination of China's NdPr "
        "price and the concession a complying US makes; the star is the calibration. The farther the star "
        "sits from a boundary between colours, the more either figure can be off before the outcome changes."
    ),
    "tornado": (
        "How far the US payoff moves (US$ bn per year) when one parameter of the export-restriction game "
        "swings over its plausible range, the others held at the calibration; the numbers at the ends are "
        "the parameter's values, and hatched bars cross into another equilibrium."
    ),
    "sobol": (
        "The share of the variance of the US payoff, over the whole plausible parameter box, owed to each "
        "parameter alone (first order) and with its interactions (total); black lines are confidence "
        "intervals when they are estimated. A large total with a small first order means interactions."
    ),
    "bargaining": (
        "The deals China and the EU and Japan can strike over an NdPr supply contract (US$ bn per year "
        "each): the shaded set, its Pareto frontier, the BATNAs (crosses) and the Nash and "
        "Kalai-Smorodinsky bargains; the arrows show how the recycling plant, by raising the buyers' "
        "BATNA, moves each bargain."
    ),
}


def _check_parameters(parameters: Any, caller: str) -> ParameterSet:
    from leverage.parameters import ParameterSet

    if not isinstance(parameters, ParameterSet):
        raise TypeError(f"{caller}: parameters must be a ParameterSet (the calibration analysed); "
                        f"got {type(parameters).__name__}")
    from leverage.checks import UnknownNameError
    from leverage.scenarios.trajectories import default_parameters

    missing = [name for name in default_parameters() if name not in parameters]
    if missing:
        raise UnknownNameError(f"{caller}: parameters must hold the calibration's parameters (as "
                               f"leverage.scenarios.trajectories.default_parameters() does); missing "
                               f"{', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}")
    return parameters


def _grid(parameter: Any, num: int) -> np.ndarray:
    """``num`` evenly spaced values over a parameter's range (one value when the range is a point)."""
    return np.unique(np.linspace(parameter.low, parameter.high, num))


def analysis_figures(parameters: ParameterSet, *, quick: bool = False, sobol_n: int = 256) -> dict[str, Figure]:
    """Draw the four figures of the flagship analysis at a calibration.

    Parameters
    ----------
    parameters : ParameterSet
        The calibration analysed (for example
        :func:`~leverage.scenarios.trajectories.default_parameters`, or a
        scenario's parameters): values, ranges, units and sources.
    quick : bool
        Small grids and samples: a 9 x 5 regime map without refinement and
        Sobol' indices from 64 base draws (a few seconds in all), instead of
        a 25 x 9 map refined near its boundaries and ``sobol_n`` draws.
    sobol_n : int
        Base sample size of the Sobol' indices when not ``quick`` (a power of 2).

    Returns
    -------
    dict of str to matplotlib.figure.Figure
        Keyed by :data:`FIGURE_NAMES`, each a figure of one titled axes. The
        figures are not registered with pyplot: no need to close them.

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    TypeError
        If ``parameters`` is not a ParameterSet, or ``quick`` is not a bool.
    KeyError
        If ``parameters`` lacks a parameter the export-restriction game or the
        recycling talks need.
    ValueError
        If ``sobol_n`` is not a power of 2.

    Examples
    --------
    >>> from leverage.scenarios.trajectories import default_parameters
    >>> figures = analysis_figures(default_parameters(), quick=True)
    >>> list(figures)
    ['regime_map', 'tornado', 'sobol', 'bargaining']
    >>> figures["tornado"].axes[0].get_xlabel()
    'US payoff (US$ bn per year)'
    """
    caller = "analysis_figures()"
    ps = _check_parameters(parameters, caller)
    quick = bool(check_flag(quick, "quick", caller))
    sobol_n = check_int(sobol_n, "sobol_n", caller, low=2)
    if sobol_n & (sobol_n - 1):
        raise ValueError(f"{caller}: sobol_n must be a power of 2 (at least 2); got {sobol_n}")
    pyplot_or_explain(caller)
    from matplotlib.figure import Figure

    from leverage.plotting import plot_bargaining, plot_regime_map, plot_sobol, plot_tornado
    from leverage.scenarios.recycling import recycling_bargaining, recycling_outcome
    from leverage.scenarios.registry import GAMES
    from leverage.sensitivity import sobol, sweep_outcome, tornado
    from leverage.sensitivity.regimes import regime_map

    export = GAMES["export_restriction"](ps)
    game_ps = export.parameters
    # China's price (the floor's premium is derived from it) against what a complying US concedes
    price, concession = game_ps["china_price"], game_ps["concession_multiplier"]
    grid = (9, 5) if quick else (25, 9)
    rmap = regime_map(export, ("china_price", _grid(price, grid[0])),
                      ("concession_multiplier", _grid(concession, grid[1])), refine=0 if quick else 3)
    indices = sobol(sweep_outcome(export, "payoff_US"), game_ps, n=64 if quick else sobol_n, seed=0)
    ci = {name: getattr(indices, name, None) for name in ("first_order_ci", "total_order_ci")}
    gain = recycling_outcome(ps)["batna gain"]
    problem = recycling_bargaining(ps, with_plant=False)
    draw = {
        "regime_map": lambda ax: plot_regime_map(
            rmap, ax=ax, calibration=game_ps,
            title="Export-restriction game: the equilibrium by China's price\nand the concession a complying US makes"),
        "tornado": lambda ax: plot_tornado(
            tornado(export, "payoff_US"), ax=ax, outcome="US payoff", unit=MONEY, parameters=game_ps,
            title="Export-restriction game: the US payoff\nas each parameter swings over its range"),
        "sobol": lambda ax: plot_sobol(
            indices, ax=ax, outcome="US payoff", parameters=game_ps, **ci,
            title=f"Sobol' indices of the US payoff in the export-restriction game\n({indices.n} base draws)"),
        "bargaining": lambda ax: plot_bargaining(
            problem, batna_shift={problem.players[1]: gain}, ax=ax, unit=MONEY,
            title=f"Bargaining between {problem.players[0]} and the {problem.players[1]}:\n"
                  f"the recycling plant raises the buyers' BATNA by US$ {gain:.3g} bn per year"),
    }
    figures: dict[str, Figure] = {}
    for name in FIGURE_NAMES:
        fig = Figure(figsize=FIGSIZE, layout="constrained")
        draw[name](fig.add_subplot())
        figures[name] = fig
    return figures


def figure_png(fig: Figure, *, dpi: int = 100) -> bytes:
    """A figure as the bytes of a PNG image.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    dpi : int
        Resolution, in dots per inch (the image is ``figsize * dpi`` pixels).

    Returns
    -------
    bytes
        The PNG file's content (it starts with ``b"\\x89PNG"``).

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib Figure.
    ValueError
        If ``dpi`` is not a positive integer.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1))
    >>> png = figure_png(fig, dpi=50)
    >>> png[:4], int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    (b'\\x89PNG', 100, 50)
    """
    caller = "figure_png()"
    pyplot_or_explain(caller)
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"{caller}: fig must be a matplotlib Figure; got {type(fig).__name__}")
    dpi = check_int(dpi, "dpi", caller, low=1)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def write_figures(parameters: ParameterSet, directory: Any, *, quick: bool = False, dpi: int = 120) -> list[Path]:
    """Draw the figures of :func:`analysis_figures` and save them as PNG files.

    Parameters
    ----------
    parameters : ParameterSet
        The calibration analysed.
    directory : str or path-like
        Where to write ``regime_map.png``, ``tornado.png``, ``sobol.png`` and
        ``bargaining.png`` (created, with its parents, if needed; files of
        those names are replaced).
    quick : bool
        Small grids and samples (see :func:`analysis_figures`).
    dpi : int
        Resolution of the images, in dots per inch.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of :data:`FIGURE_NAMES`.

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    TypeError
        If ``parameters`` is not a ParameterSet or ``directory`` is not a path.
    ValueError
        If ``directory`` is empty or names an existing file, or ``dpi`` is not a positive integer.

    Examples
    --------
    >>> import tempfile
    >>> from leverage.scenarios.trajectories import default_parameters
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_figures(default_parameters(), d, quick=True, dpi=40)]
    ['regime_map.png', 'tornado.png', 'sobol.png', 'bargaining.png']
    """
    import os

    caller = "write_figures()"
    _check_parameters(parameters, caller)
    if not isinstance(directory, (str, os.PathLike)) or isinstance(directory, bytes):
        raise TypeError(f"{caller}: directory must be a path (str or path-like); got {type(directory).__name__}")
    if not os.fspath(directory):
        raise ValueError(f"{caller}: directory must not be empty (use '.' for the current directory)")
    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{caller}: directory {str(out)!r} is an existing file, not a directory")
    dpi = check_int(dpi, "dpi", caller, low=1)
    figures = analysis_figures(parameters, quick=quick)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, fig in figures.items():
        path = out / f"{name}.png"
        path.write_bytes(figure_png(fig, dpi=dpi))
        paths.append(path)
    return paths
