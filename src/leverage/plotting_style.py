"""The house style of leverage's figures, shared by :mod:`leverage.plotting` and :mod:`leverage.figures`.

- :func:`parameter_label`: a parameter's name as a figure prints it, in
  words, with its unit and "(illustrative)" when the parameter is;
- :func:`pyplot_or_explain`: ``matplotlib.pyplot``, or an ``ImportError``
  saying how to install it (``pip install "leverage[plot]"``);
- :func:`axes_or_new`: the axes given, or those of a new figure of
  :data:`FIGSIZE`;
- :func:`legend_outside`: a legend to the right of the plotting area, where
  it cannot hide data;
- the argument checks and colours the plotting functions share.

matplotlib is imported only inside the functions that need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["FIGSIZE", "parameter_label"]

#: Size in inches (width, height) of the figures the plotting functions create when ``ax`` is None.
FIGSIZE: tuple[float, float] = (8.0, 5.0)

#: Titles are wrapped at this many characters, so that they fit above axes that share the figure with a legend.
TITLE_WIDTH: int = 64


def pyplot_or_explain(caller: str) -> Any:
    """Import ``matplotlib.pyplot``, or say how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            f'{caller}: plotting needs matplotlib, which is not installed; install it with pip install "leverage[plot]"'
        ) from exc
    return plt


def axes_or_new(ax: Any, caller: str, plt: Any) -> Axes:
    """``ax`` itself, or the axes of a new figure of :data:`FIGSIZE` when it is None."""
    from matplotlib.axes import Axes

    if ax is None:
        _, ax = plt.subplots(figsize=FIGSIZE, layout="constrained")
        return ax
    if not isinstance(ax, Axes):
        raise TypeError(f"{caller}: ax must be a matplotlib Axes or None; got {type(ax).__name__}")
    return ax


def text_argument(value: Any, argument: str, caller: str) -> str | None:
    """A text argument (a title, a unit, an outcome's name): a string or None."""
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{caller}: {argument} must be a string or None; got {value!r}")
    return value


def parameter_source(parameters: Any, caller: str) -> Any:
    """The ParameterSet that gives units and labels (a ParametricGame's own), or None."""
    from leverage.parameters import ParameterSet
    from leverage.parametric import ParametricGame

    if isinstance(parameters, ParametricGame):
        return parameters.parameters
    if parameters is not None and not isinstance(parameters, ParameterSet):
        raise TypeError(f"{caller}: parameters must be a ParameterSet, a ParametricGame or None; "
                        f"got {type(parameters).__name__}")
    return parameters


def parameter_label(name: str, parameters: Any = None, unit: bool = True) -> str:
    """A parameter's name as figures print it: in words, with its unit, marked when illustrative.

    The parameter's ``label`` if it has one, else its name with underscores
    turned into spaces; then ``(unit)`` when ``unit`` is true and the unit is
    known, and ``(illustrative)`` when the parameter is illustrative.

    Examples
    --------
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(china_price=Parameter(60.0, 50.0, 70.0, "USD/kg", "Fastmarkets"),
    ...                   discount=Parameter(0.4, 0.2, 0.9, "per round", "illustrative"))
    >>> parameter_label("china_price", ps), parameter_label("discount", ps, unit=False)
    ('china price (USD/kg)', 'discount (illustrative)')
    >>> parameter_label("rent_forfeit")
    'rent forfeit'
    """
    if not isinstance(name, str):
        raise TypeError(f"parameter_label(): name must be a string; got {type(name).__name__}")
    from leverage.parameters import ParameterSet

    if parameters is not None and not isinstance(parameters, ParameterSet):
        raise TypeError(f"parameter_label(): parameters must be a ParameterSet or None; got {type(parameters).__name__}")
    p = parameters[name] if parameters is not None and name in parameters else None
    label = getattr(p, "label", None)
    text = label if isinstance(label, str) and label else name.replace("_", " ")
    if p is not None and unit and p.unit:
        text += f" ({p.unit})"
    if p is not None and p.illustrative:
        text += " (illustrative)"
    return text


def set_title(ax: Axes, title: str | None, default: str) -> None:
    """Title the axes with ``title`` (``default`` when None), lines longer than :data:`TITLE_WIDTH` wrapped."""
    import textwrap

    text = default if title is None else title
    ax.set_title("\n".join(textwrap.fill(line, TITLE_WIDTH) if line else line for line in text.split("\n")))


def legend_outside(ax: Axes, **kwargs: Any) -> Any:
    """A legend to the right of the plotting area, where it cannot hide data."""
    return ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, **kwargs)


def distinct_colours(n: int) -> list[tuple[float, float, float, float]]:
    """``n`` distinct colours: the qualitative tab10/tab20 palettes, then evenly spaced hues."""
    if n <= 10:
        return [palette("tab10")(i) for i in range(n)]
    if n <= 20:
        return [palette("tab20")(i) for i in range(n)]
    return [tuple(c) for c in palette("turbo")(np.linspace(0.0, 1.0, n))]


def palette(name: str) -> Any:
    """A registered matplotlib colormap by name."""
    import matplotlib

    return matplotlib.colormaps[name]
