"""Local sensitivity: tornado diagrams that mark the bars crossing a regime boundary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass, fields
from typing import Any

import numpy as np

from leverage.checks import UnknownNameError, real_array, renamed
from leverage.display import html_table, require_pandas
from leverage.parametric import ParametricGame, base_values, check_parametric_model

__all__ = ["TornadoBar", "TornadoBars", "tornado"]


@dataclass(frozen=True)
class TornadoBar:
    """One bar of a tornado diagram.

    Attributes
    ----------
    parameter : str
        The parameter swung over its range (others held at the base point).
    low, high : float
        The parameter's values at the ends of the bar.
    outcome_low, outcome_high : float
        The outcome at those ends.
    swing : float
        ``|outcome_high - outcome_low|``.
    crosses_regime : bool
        Whether the equilibrium regime at either end differs from the base regime.

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> bar = tornado(export_restriction_game(), "payoff_US")[0]
    >>> bar.parameter, round(bar.low, 4), round(bar.high, 4), bar.crosses_regime
    ('diversification_premium', 1.2222, 2.4444, True)
    >>> round(bar.swing, 4) == round(abs(bar.outcome_high - bar.outcome_low), 4)
    True
    """

    parameter: str
    low: float
    high: float
    outcome_low: float
    outcome_high: float
    swing: float
    crosses_regime: bool


class TornadoBars(list):
    """The bars of a tornado diagram, from the largest swing to the smallest: a list of :class:`TornadoBar`.

    It is a plain list (indexing, iteration, ``len`` work as before) with a
    table view: :meth:`to_pandas` and a notebook view.

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> bars = tornado(export_restriction_game(), "payoff_US")
    >>> isinstance(bars, list), bars[0].parameter
    (True, 'diversification_premium')
    >>> frame = bars.to_pandas()
    >>> frame.index.name, list(frame.columns)[:2]
    ('parameter', ['low', 'high'])
    """

    def __init__(self, bars: Iterable[TornadoBar] = ()) -> None:
        if isinstance(bars, (str, bytes)) or not isinstance(bars, Iterable):
            raise TypeError(f"TornadoBars(): bars must be an iterable of TornadoBar; got {type(bars).__name__}")
        items = list(bars)
        wrong = [type(b).__name__ for b in items if not isinstance(b, TornadoBar)]
        if wrong:
            raise TypeError(f"TornadoBars(): every bar must be a TornadoBar; got a {wrong[0]}")
        super().__init__(items)

    def rows(self) -> list[tuple[Any, ...]]:
        """One tuple per bar, in the order of :class:`TornadoBar`'s fields."""
        return [astuple(bar) for bar in self]

    def to_pandas(self) -> Any:
        """One row per bar (index ``parameter``), a column per field of :class:`TornadoBar`.

        Raises
        ------
        ImportError
            If pandas is not installed (``pip install 'leverage[tables]'``).
        """
        pd = require_pandas("TornadoBars.to_pandas()")
        names = [f.name for f in fields(TornadoBar)]
        frame = pd.DataFrame(self.rows(), columns=names)
        return frame.set_index("parameter")

    def _repr_html_(self) -> str:
        names = [f.name for f in fields(TornadoBar)]
        return html_table(names, self.rows(), caption="Tornado bars (largest swing first)")


def tornado(
    model: ParametricGame,
    outcome: str,
    at: Mapping[str, float] | None = None,
    ranges: Mapping[str, tuple[float, float]] | None = None,
    select: str = "first",
) -> TornadoBars:
    """Swing each parameter over its range and rank the parameters by the outcome's swing.

    All ``2 P + 1`` games are solved in one batch (:func:`~leverage.sensitivity.sweep`).

    Parameters
    ----------
    model : ParametricGame
        The model.
    outcome : str
        A column of the sweep table, such as ``"payoff_US"`` or ``"p_China_License"``.
    at : mapping, optional
        The base point (default: the calibration).
    ranges : mapping, optional
        ``{name: (low, high)}`` overriding the parameters' ranges for the bars.
    select : str
        The equilibrium-selection rule.

    Returns
    -------
    TornadoBars
        A list of :class:`TornadoBar`, from the largest swing to the
        smallest, with :meth:`TornadoBars.to_pandas`.

    Raises
    ------
    KeyError
        If ``outcome`` is not a column of the sweep, or a name is unknown.
    ValueError
        If a range leaves its parameter's plausible range.

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> bars = tornado(export_restriction_game(), "payoff_US")
    >>> [(b.parameter, b.crosses_regime) for b in bars][0]
    ('diversification_premium', True)
    """
    from leverage.sensitivity.sweeps import sweep

    caller = "tornado()"
    model = check_parametric_model(model, caller)
    names = model.parameters.names
    base = base_values(model, at, caller)
    ends = {k: (model.parameters[k].low, model.parameters[k].high) for k in names}
    if not isinstance(outcome, str):
        raise TypeError(f"{caller}: outcome must be the name of a sweep column (a string); got {outcome!r}")
    if ranges is not None and not isinstance(ranges, Mapping):
        raise TypeError(f"{caller}: ranges must map parameter names to (low, high) pairs, or be None; got {ranges!r}")
    for k, pair in (ranges or {}).items():
        if k not in model.parameters:
            raise UnknownNameError(f"{caller}: unknown parameter {k!r}")
        pair = real_array(pair, f"ranges[{k!r}]", caller)
        if pair.shape != (2,):
            raise ValueError(f"{caller}: ranges[{k!r}] must be a (low, high) pair; got shape {pair.shape}")
        model.parameters.check_values({k: pair}, caller)
        ends[k] = (float(pair[0]), float(pair[1]))
    rows = [[base[k] for k in names]]
    for j, k in enumerate(names):
        for v in ends[k]:
            row = [base[n] for n in names]
            row[j] = v
            rows.append(row)
    with renamed("sweep():", f"{caller}:"):
        table = sweep(model, np.array(rows), select=select)
    if outcome not in table.names:
        raise UnknownNameError(f"{caller}: {outcome!r} is not a column of the sweep; columns: {', '.join(table.names)}")
    y = np.asarray(table.column(outcome), dtype=float)
    regimes = table.column("regime")
    bars = []
    for j, k in enumerate(names):
        lo_i, hi_i = 1 + 2 * j, 2 + 2 * j
        bars.append(
            TornadoBar(
                parameter=k,
                low=ends[k][0],
                high=ends[k][1],
                outcome_low=float(y[lo_i]),
                outcome_high=float(y[hi_i]),
                swing=float(abs(y[hi_i] - y[lo_i])),
                crosses_regime=bool(regimes[lo_i] != regimes[0] or regimes[hi_i] != regimes[0]),
            )
        )
    bars.sort(key=lambda b: -b.swing)
    return TornadoBars(bars)
