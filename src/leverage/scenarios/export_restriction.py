"""The China-US export-restriction game: the calibrated game, and a three-parameter view of it for teaching.

Two views of one game live here, both with payoffs in US$ bn per year (the
numeraire of the rare-earth games):

- :func:`calibrated_export_restriction_game`, on
  :func:`calibrated_export_restriction_parameters`: the one the scenarios and
  ``python -m leverage`` solve.
- :func:`export_restriction_game`, on three parameters: separation share,
  US import dependence and the diversification premium, with every other
  parameter held at its calibrated value. It is the library's running example
  (its regime maps, thresholds and sweeps appear throughout the
  documentation). The premium is the floor price over China's price; the
  floor is held at US$110/kg, so a premium ``p`` means China's price is
  ``110 / p`` (its margin follows from that price): at ``p = 110 / 52.5`` it
  is the calibrated game.

The game
--------
**Timing.** One shot, simultaneous: China sets its rare-earth export valve --
``Open``, ``License`` (licences slowed and narrowed, as in April 2025) or
``Embargo`` -- while the United States either ``Comply`` (concedes on the
linked issue to keep supply flowing) or ``Diversify`` (pays a premium for
alternative supply, as under the Department of Defense price floor for MP
Materials). Payoffs are flows per year.

**Payoffs, US$ bn per year.** With the market at stake ``V``
(``market_value``: China's magnet exports, the buyers' purchases at China's
price), China's margin ``mu = 1 - china_cost / china_price``, its rent
``R = mu V``, the premium ``p = max(floor_price / china_price, 1)`` (a floor
is a minimum price: below China's price it does not bind), the US's import
dependence on China ``d`` (a China-specific share: the supply China can
withhold) and the restriction level ``r`` (0, 1/2, 1):

- China: ``R (1 - f r) + R k d r (1 - r/2)`` if the US complies,
  ``R (1 - f r)(1 - d)`` if it diversifies;
- US: ``-R k d r (1 - r/2)`` if it complies; ``-V (p - 1) d - R g r d s``
  if it diversifies (the premium on the supply it replaces, in the US's
  import bill, and a shortage on the withheld supply that other separators
  cannot replace at once, China's separation share ``s``).

``f``, ``k``, ``g`` are ``rent_forfeit`` (the rent China forfeits while it
restricts), ``concession_multiplier`` (what a complying US concedes, with
diminishing returns in ``r``) and ``shortage_rate``: illustrative, named and
ranged.

**Ties.** At the calibration every best response is strict (no reported
equilibrium rests on a tie); on a regime boundary the solvers report every
equilibrium, pure and mixed.

At the calibration licensing is China's best response to compliance and
compliance the US's best response to licensing; an embargo would push the
US to diversify. When alternative supply is cheap (a low premium) the pure
equilibrium disappears and China mixes. In the three-parameter view the US
complies with licensing iff ``V (p - 1) >= R(p) (0.375 k - 0.5 g s)`` with
``R(p)`` China's rent at the price ``110 / p`` (``d`` cancels).

The game is stylised: it shows how the parameters move the equilibrium, not a
forecast. The figures and their sources are those of :mod:`leverage.actors`
and the calibration notes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from leverage.actors import actor
from leverage.checks import real_array
from leverage.parameters import Parameter, ParameterSet, require_parameters
from leverage.parametric import ParametricGame

__all__ = [
    "export_restriction_parameters",
    "export_restriction_game",
    "calibrated_export_restriction_parameters",
    "calibrated_export_restriction_game",
    "export_restriction_payoffs",
    "RESTRICTION_LEVELS",
    "PAYOFF_UNIT",
]

#: The numeraire of the rare-earth scenario games.
PAYOFF_UNIT = "US$ bn per year"

#: Restriction level of each of China's strategies.
RESTRICTION_LEVELS = {"Open": 0.0, "License": 0.5, "Embargo": 1.0}

_FASTMARKETS = "Fastmarkets, NdPr oxide China FOB, Apr-Jun 2024"
_MP_FLOOR = "MP Materials press release, Jul 2025 (US Department of Defense NdPr floor US$110/kg)"


def export_restriction_parameters() -> ParameterSet:
    """The three parameters of the teaching view of the export-restriction game.

    The diversification premium is the floor price (held at its calibrated
    US$110/kg) over China's price; its range is that of China's price
    (Fastmarkets, US$45-90/kg). The other parameters of the game are held at
    their calibrated values (:func:`calibrated_export_restriction_parameters`).

    Examples
    --------
    >>> ps = export_restriction_parameters()
    >>> ps.names
    ('separation_share', 'us_import_dependence', 'diversification_premium')
    >>> ps["separation_share"].source
    'IEA Global Critical Minerals Outlook 2024; IEA commentary Oct 2025'
    """
    china, us = actor("china").parameters, actor("us").parameters
    return ParameterSet(
        separation_share=china["separation_share"],
        us_import_dependence=us["import_dependence_china"],
        diversification_premium=Parameter(
            110.0 / 52.5,
            110.0 / 90.0,
            110.0 / 45.0,
            "ratio",
            "MP Materials press release, Jul 2025 (NdPr floor US$110/kg); " + _FASTMARKETS
            + " (US$45-90/kg, mid-2024 about US$52.5/kg)",
            note="the floor price of alternative supply over China's NdPr price; the floor held at US$110/kg, "
                 "China's price is 110 / premium",
        ),
    )


@lru_cache(maxsize=1)
def _calibrated_values() -> tuple[tuple[str, float], ...]:
    return tuple(calibrated_export_restriction_parameters().defaults.items())


def _payoffs(separation_share: Any, us_import_dependence: Any, diversification_premium: Any) -> list[list[list[Any]]]:
    """The calibrated payoffs with the premium free: China's price is the floor over the premium."""
    fixed = dict(_calibrated_values())
    floor = fixed["floor_price"]
    premium = real_array(diversification_premium, "diversification_premium", "export_restriction_game()")
    if np.any(premium <= 0):
        raise ValueError(f"export_restriction_game(): diversification_premium must be positive; "
                         f"got {diversification_premium!r}")
    fixed.update(separation_share=separation_share, us_import_dependence=us_import_dependence,
                 china_price=floor / premium)
    return export_restriction_payoffs(**fixed)


def export_restriction_game(parameters: ParameterSet | None = None) -> ParametricGame:
    """The export-restriction game seen through three parameters (US$ bn per year).

    The calibrated game (:func:`calibrated_export_restriction_game`) with the
    separation share, the US's import dependence and the diversification
    premium free, every other parameter at its calibrated value, and China's
    price derived from the premium (the floor held at US$110/kg).

    Parameters
    ----------
    parameters : ParameterSet, optional
        Defaults to :func:`export_restriction_parameters`.

    Examples
    --------
    >>> from leverage import equilibria
    >>> model = export_restriction_game()
    >>> model.strategies
    (('Open', 'License', 'Embargo'), ('Comply', 'Diversify'))
    >>> [eq.support for eq in equilibria(model.game())]
    [((1,), (0,))]
    """
    names = export_restriction_parameters().names
    caller = "export_restriction_game()"
    params = export_restriction_parameters() if parameters is None else require_parameters(parameters, names, caller)
    return ParametricGame(
        params,
        _payoffs,
        players=("China", "US"),
        strategies=(tuple(RESTRICTION_LEVELS), ("Comply", "Diversify")),
    )


# ---------------------------------------------------------------- calibrated version



def calibrated_export_restriction_parameters() -> ParameterSet:
    """Parameters of the calibrated export-restriction game (payoffs in US$ bn per year).

    The sourced figures: China's separation share, the US's import
    dependence, the value of the market at stake, China's price and the price
    floor of alternative supply (the premium is derived from the two prices);
    and illustrative ones: China's cost (hence its margin) and the game's
    three coefficients, named so that they are swept and printed like any
    other parameter.

    Examples
    --------
    >>> ps = calibrated_export_restriction_parameters()
    >>> ps["market_value"].value, ps["market_value"].unit
    (2.86, 'US$ bn/yr')
    >>> round(ps["floor_price"].value / ps["china_price"].value, 4)  # the premium, derived
    2.0952
    >>> [n for n, p in ps.items() if p.illustrative]
    ['china_cost', 'rent_forfeit', 'concession_multiplier', 'shortage_rate']
    """
    china = actor("china").parameters
    base = export_restriction_parameters()
    exports = china["magnet_export_value_2024"]
    return ParameterSet(
        separation_share=base["separation_share"],
        us_import_dependence=base["us_import_dependence"],
        floor_price=Parameter(
            110.0, 82.5, 110.0, "USD/kg", _MP_FLOOR + "; Argus, Sep 2025 (NdPr oxide, Europe, US$82.5-85/kg)",
            note="the price of alternative supply to the US: the floor the Department of Defense guarantees MP "
                 "Materials for NdPr for ten years; down to the European market price (Argus) for "
                 "alternative supply bought without a floor. The diversification premium is derived: "
                 "floor_price / china_price",
        ),
        market_value=Parameter(
            exports.value, exports.low, exports.high, "US$ bn/yr", exports.source,
            note="value of China's rare-earth magnet exports, 2024 (US$2.86 bn for 58,152 t), taken as the "
                 "market at stake in the rare-earth games, the buyers' purchases at China's price (a "
                 "stylisation: the US stands for China's buyers); range +/-20% (assumed: no range is "
                 "published with the figure)",
        ),
        china_price=Parameter(52.5, 45.0, 90.0, "USD/kg", _FASTMARKETS,
                              note="NdPr oxide price, China FOB, mid-2024: US$50-55/kg (midpoint 52.5); "
                                   "published range US$45-90/kg"),
        china_cost=Parameter(40.0, 30.0, 44.0, "USD/kg", "illustrative",
                             note="China's production cost of NdPr oxide: no sourced figure; the range lies "
                                  "below the bottom of the Fastmarkets price range (US$45/kg), so that China's "
                                  "margin, 1 - china_cost / china_price (derived from it), is positive across "
                                  "the whole box"),
        rent_forfeit=Parameter(0.8, 0.5, 1.0, "share of rent withheld", "illustrative",
                               note="the share of the rent on the restricted supply that China forfeits "
                                    "while the restriction lasts"),
        concession_multiplier=Parameter(3.0, 1.0, 5.0, "multiple of China's rent", "illustrative",
                                        note="what a complying US concedes on the linked issue, per unit of "
                                             "dependence and of restriction, in multiples of China's rent"),
        shortage_rate=Parameter(0.2, 0.0, 0.5, "multiple of China's rent", "illustrative",
                                note="the shortage the US suffers while it builds alternative supply, per "
                                     "unit of withheld supply that other separators cannot replace"),
    )


def export_restriction_payoffs(
    separation_share: Any, us_import_dependence: Any, floor_price: Any, market_value: Any,
    china_price: Any, china_cost: Any, rent_forfeit: Any, concession_multiplier: Any, shortage_rate: Any,
) -> list[list[list[Any]]]:
    """Payoffs of the calibrated export-restriction game, in US$ bn per year.

    The formulas are in the module documentation: ``mu = 1 - china_cost /
    china_price``, ``R = mu V``, the premium ``p = max(floor_price /
    china_price, 1)`` (a floor is a minimum price: below China's price it
    does not bind); for restriction ``r``:

    - China: ``R (1 - f r) + R k d r (1 - r/2)`` if the US complies,
      ``R (1 - f r)(1 - d)`` if it diversifies;
    - US: ``-R k d r (1 - r/2)`` if it complies; ``-V (p - 1) d - R g r d s``
      if it diversifies.

    Arguments may be arrays of draws (they broadcast).

    Returns
    -------
    list
        ``[china, us]``, each a 3 x 2 nested list (strategies as in
        :data:`RESTRICTION_LEVELS` and ``("Comply", "Diversify")``).

    Examples
    --------
    >>> china, us = export_restriction_payoffs(0.91, 0.7, 105.0, 2.86, 52.5, 45.0, 0.8, 3.0, 0.2)
    >>> round(float(china[0][0]), 4), round(float(us[0][1]), 4)  # open: the rent; diversify: -2.86 x 0.7 x 1
    (0.4086, -2.002)
    """
    caller = "export_restriction_payoffs()"
    given = dict(separation_share=separation_share, us_import_dependence=us_import_dependence,
                 floor_price=floor_price, market_value=market_value,
                 china_price=china_price, china_cost=china_cost, rent_forfeit=rent_forfeit,
                 concession_multiplier=concession_multiplier, shortage_rate=shortage_rate)
    arrays = {name: real_array(x, name, caller) for name, x in given.items()}
    if np.any(arrays["china_price"] <= 0):
        raise ValueError(f"{caller}: china_price must be positive; got {china_price!r}")
    try:
        np.broadcast_shapes(*(x.shape for x in arrays.values()))
    except ValueError:
        raise ValueError(f"{caller}: the arguments' shapes do not broadcast") from None
    s, d, V = (arrays[k] for k in ("separation_share", "us_import_dependence", "market_value"))
    p = np.maximum(arrays["floor_price"] / arrays["china_price"], 1.0)  # a floor is a minimum price
    rent_forfeit, concession_multiplier, shortage_rate = (
        arrays[k] for k in ("rent_forfeit", "concession_multiplier", "shortage_rate"))
    rent = (1.0 - arrays["china_cost"] / arrays["china_price"]) * V
    china, us = [], []
    for r in RESTRICTION_LEVELS.values():
        kept = 1.0 - rent_forfeit * r
        concession = concession_multiplier * d * r * (1.0 - r / 2.0)
        china.append([rent * (kept + concession), rent * kept * (1.0 - d)])
        us.append([-rent * concession, -V * (p - 1.0) * d - rent * shortage_rate * r * d * s])
    return [china, us]


def calibrated_export_restriction_game(parameters: ParameterSet | None = None) -> ParametricGame:
    """The calibrated China-US export-restriction game; payoffs in US$ bn per year.

    Parameters
    ----------
    parameters : ParameterSet, optional
        Holds the names of :func:`calibrated_export_restriction_parameters`
        (the default); other names are ignored.

    Raises
    ------
    TypeError
        If ``parameters`` is not a ParameterSet.
    KeyError
        If a needed parameter is missing.

    Examples
    --------
    At the calibration China licenses and the US complies: converted to one
    unit, the floor's premium on the US import bill costs far more than the
    concession, which is counted in China's (smaller) rent.

    >>> from leverage import equilibria
    >>> game = calibrated_export_restriction_game().game()
    >>> [eq.support for eq in equilibria(game)]
    [((1,), (0,))]
    """
    caller = "calibrated_export_restriction_game()"
    names = calibrated_export_restriction_parameters().names
    ps = calibrated_export_restriction_parameters() if parameters is None else require_parameters(parameters, names,
                                                                                                   caller)
    return ParametricGame(ps, export_restriction_payoffs, players=("China", "US"),
                          strategies=(tuple(RESTRICTION_LEVELS), ("Comply", "Diversify")))
