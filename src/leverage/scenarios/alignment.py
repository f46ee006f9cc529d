"""The multi-actor alignment game: supply chains, restriction and price floors.

Four players move at once:

- **China** sets its export valve: ``Open`` (``r = 0``), ``License`` (the
  calibrated level ``r = license_level``) or ``Embargo`` (``r = 1``);
- **the US** and **the EU** each ``Underwrite`` alternative processing (a
  price floor with offtake, as in the US Department of Defense deal with MP
  Materials at US$110/kg of NdPr) or ``Abstain``;
  (the EU is assumed to underwrite at the same floor: no EU floor is
  published, and the US$110/kg floor itself is paid to MP Materials only);
- **resource states** supply the ``China chain``, the ``US chain`` or
  ``Hedge`` between them.

Payoffs in US$ bn per year (the numeraire of the rare-earth games)
------------------------------------------------------------------
Let ``V`` be the market at stake (``market_value``, China's magnet exports),
``mu = 1 - china_cost / china_price`` China's margin and ``R = mu V`` its
rent; ``n`` the number of underwriters and ``m`` the resource states' weight
on the US chain (1, 1/2 when hedging, 0). ``alt_capacity`` is the growth of
non-China refining that underwriting pays for, in all: each of the two
possible underwriters pays for half of it (the same projected capacity is not
credited to both). Non-China supply available to the consumers is::

    a = (1 - separation_share) + alt_capacity * n / 2 + resource_share * m * [n >= 1]

(resource states' output counts only if someone pays for processing it).

- China: ``R [(1 - a)(1 - r) + c L r (1 - a) dbar - lost r^2]``: the rent on
  the market it keeps, the concession it extracts from dependent consumers
  (``dbar``: the mean of the US and EU dependence; ``L``:
  ``restriction_loss``, the consumers' loss in multiples of China's rent),
  and the market lost for good each year restrictions push customers to
  diversify (``lost``: ``market_loss_share``, a yearly share).
- The US and the EU (``i``): ``-R L d_i r (1 - a) - u_i V (premium - 1) alt_capacity / 2``
  with ``premium = max(floor_price / china_price, 1)`` (derived, so a change of
  either price moves it; a floor is a minimum price and does not bind below
  China's price):
  the loss from the restriction on the supply still bought from China (in
  China's rent, as the concession is) and the cost of underwriting: the
  floor's premium over China's price on the capacity underwritten, in the
  buyers' import bill.
- Resource states: their revenue ``resource_share V`` times 1 in the China
  chain; in the US chain ``1 + (premium - 1) cover - switching_cost`` with
  ``cover = min(1, n alt_capacity / (2 resource_share))`` (no buyer at the
  floor without an underwriter: ``1 - switching_cost``); hedging gets the
  mean of the two plus ``hedge_bonus`` when both chains bid (processing at
  home).

Before the conversion China's terms were in its rent and the underwriting
cost in the import bill, as if China's margin were 1: with the calibrated
margin (about 24%) the restriction losses underwriting insures against shrink
against its cost, and the equilibrium where both consumers underwrite
disappears: at most one does (``tests/test_calibration.py`` checks both).

Solved for its pure equilibria (:func:`leverage.pure_equilibria`).

References
----------
D. W. Drezner (1998), "Conflict expectations and the paradox of economic
coercion"; E. Gholz and L. Hughes (2021), "Market structure and economic
sanctions: the 2010 rare earth elements episode".
"""

from __future__ import annotations

from typing import Any

import numpy as np

from leverage.checks import real_array
from leverage.parameters import Parameter, ParameterSet, require_parameters
from leverage.parametric import ParametricGame
from leverage.scenarios.export_restriction import calibrated_export_restriction_parameters

__all__ = ["ALIGNMENT_PLAYERS", "ALIGNMENT_STRATEGIES", "alignment_parameters", "alignment_payoffs", "alignment_game"]

ALIGNMENT_PLAYERS = ("China", "US", "EU", "Resource states")
ALIGNMENT_STRATEGIES = (
    ("Open", "License", "Embargo"),
    ("Underwrite", "Abstain"),
    ("Underwrite", "Abstain"),
    ("China chain", "US chain", "Hedge"),
)


def alignment_parameters() -> ParameterSet:
    """Parameters of the alignment game, each with its source and range.

    ``separation_share``, ``us_import_dependence``, ``floor_price``,
    ``market_value``, ``china_price`` and ``china_cost`` are shared with the calibrated export-restriction game.

    Examples
    --------
    >>> ps = alignment_parameters()
    >>> ps["license_level"].range, ps["license_level"].illustrative
    ((0.0, 0.74), True)
    >>> ps["eu_dependence"].illustrative, ps["resource_share"].source
    (True, 'USGS MCS 2025')
    """
    shared = calibrated_export_restriction_parameters()
    monthly_2024 = 58.152 / 12  # kt of magnets a month in 2024 (Adamas)
    return ParameterSet(
        separation_share=shared["separation_share"],
        us_import_dependence=shared["us_import_dependence"],
        floor_price=shared["floor_price"],
        market_value=shared["market_value"],
        china_price=shared["china_price"],
        china_cost=shared["china_cost"],
        eu_dependence=Parameter(
            0.9, 0.65, 1.0, "share", "illustrative",
            note="no sourced figure for the EU's dependence on China exists in the calibration (the 94% "
                 "figure is China's share of world sintered-magnet production, not EU dependence); the range "
                 "runs from the EU's 65% single-supplier cap (CRMA 2030 benchmark) to full dependence",
        ),
        license_level=Parameter(
            0.37, 0.0, 0.74, "restriction level",
            "illustrative value; range: China customs via WSJ / Reuters (magnet exports May 2025: 1,238 t, "
            "-74% y/y; July 2025: 5,577 t) and via Adamas Intelligence (2024: 58,152 t)",
            note=f"the range runs from about 0 (July 2025 exports of 5,577 t exceeded the 2024 monthly mean "
                 f"of {monthly_2024 * 1000:,.0f} t: the post-London state) to 0.74 (the May 2025 trough, a "
                 "single month); no month gives a steady licensing level, so the value, the midpoint, is "
                 "illustrative",
            illustrative=True,
        ),
        alt_capacity=Parameter(
            0.07, 0.01, 0.08, "share of world refining, all underwriters together", "IEA GCMO 2024",
            note="projected growth of non-China refining, Malaysia 5% (2023) to 12% (2030) (derived: "
                 "0.12 - 0.05 = 0.07); shared between the underwriters, each paying for half, so the same "
                 "growth is not credited twice; range: up to 0.12 - 0.04 = 0.08 (derived from Malaysia's "
                 "published range 4-12%), down to 0.01 (assumed: with no growth at all underwriting would buy "
                 "nothing and the two strategies would tie)",
        ),
        resource_share=Parameter(
            13.0 / 390.0, 0.8 * 13.0 / 390.0, 1.2 * 13.0 / 390.0, "share of world mine supply", "USGS MCS 2025",
            note="Australia's rare-earth mining, 13 kt of 390 kt REO in 2024 (derived: 13/390 = 0.0333), one "
                 "stage only: Malaysia's 5% of refining is Lynas processing this same ore and is not added; "
                 "range: the tonnage +/-20%",
        ),
        market_loss_share=Parameter(
            (1 - 65 / 90) / 15, 0.0, (1 - 60 / 90) / 15, "share of China's market per year", "illustrative",
            note="Japan's dependence on China fell from about 90% (2010) to about 60-70% (now; Argus; JOGMEC) "
                 "over about 15 years of investment, not through the two-month halt alone; spread over those "
                 "years it is at most (1 - 60/90)/15 = 0.022 of the market a year (the value uses 65%); "
                 "attributing it to restriction is an assumption",
        ),
        restriction_loss=Parameter(4.0, 1.0, 8.0, "multiple of China's rent", "illustrative",
                                   note="a consumer's loss per year from a full restriction, per unit of "
                                        "dependence, in multiples of China's rent"),
        concession_share=Parameter(0.5, 0.1, 0.9, "share", "illustrative",
                                   note="the share of the consumers' loss China turns into concessions"),
        switching_cost=Parameter(0.3, 0.0, 1.0, "share of the resource states' revenue", "illustrative",
                                 note="what a resource state gives up by leaving the China-centred chain"),
        hedge_bonus=Parameter(0.1, 0.0, 0.5, "share of the resource states' revenue", "illustrative",
                              note="processing at home won by playing the chains off against each other"),
    )


def alignment_payoffs(
    separation_share: Any, us_import_dependence: Any, floor_price: Any, market_value: Any,
    china_price: Any, china_cost: Any, eu_dependence: Any, license_level: Any, alt_capacity: Any,
    resource_share: Any, market_loss_share: Any, restriction_loss: Any, concession_share: Any,
    switching_cost: Any, hedge_bonus: Any,
) -> list[np.ndarray]:
    """Payoff arrays of the alignment game in US$ bn per year, shape ``(3, 2, 2, 3) + batch``.

    Players in :data:`ALIGNMENT_PLAYERS` order; the formulas are in the
    module documentation. Arguments may be arrays of draws (they broadcast).

    Examples
    --------
    >>> ps = alignment_parameters()
    >>> china, us, eu, states = alignment_payoffs(**ps.defaults)
    >>> china.shape
    (3, 2, 2, 3)
    >>> round(float(states[0, 0, 0, 0]), 4)  # the China chain: the resource states' revenue, 13/390 x 2.86
    0.0953
    """
    caller = "alignment_payoffs()"
    given = dict(
        separation_share=separation_share, us_import_dependence=us_import_dependence,
        floor_price=floor_price, market_value=market_value, china_price=china_price,
        china_cost=china_cost, eu_dependence=eu_dependence, license_level=license_level, alt_capacity=alt_capacity,
        resource_share=resource_share, market_loss_share=market_loss_share, restriction_loss=restriction_loss,
        concession_share=concession_share, switching_cost=switching_cost, hedge_bonus=hedge_bonus)
    v = [real_array(x, name, caller) for name, x in given.items()]
    for name in ("china_price", "resource_share"):
        if np.any(v[list(given).index(name)] <= 0):
            raise ValueError(f"{caller}: {name} must be positive; got {given[name]!r}")
    try:
        s, d_us, floor, V, price, cost, d_eu, lic, cap, rs, lost, L, c, kappa, h = np.broadcast_arrays(*v)
    except ValueError:
        raise ValueError(f"{caller}: the arguments' shapes do not broadcast: {[x.shape for x in v]}") from None
    batch = s.shape
    rent = (1 - cost / price) * V
    prem = np.maximum(floor / price, 1.0)  # the floor's premium over China's price, derived; a floor is a minimum

    def ax(values: list[float], k: int) -> np.ndarray:
        """``values`` along strategy axis ``k`` (the batch axes trail)."""
        return np.asarray(values, dtype=float).reshape(tuple(-1 if i == k else 1 for i in range(4)) + (1,) * len(batch))

    zero = np.zeros(batch)
    r = np.stack([zero, lic, np.ones(batch)]).reshape((3, 1, 1, 1) + batch)
    u_us = ax([1, 0], 1)
    u_eu = ax([1, 0], 2)
    m = ax([0.0, 1.0, 0.5], 3)
    n = u_us + u_eu
    backed = (n >= 1).astype(float)
    a = np.minimum(1.0, (1 - s) + cap * n / 2 + rs * m * backed)
    dbar = 0.5 * (d_us + d_eu)
    china = rent * ((1 - a) * (1 - r) + c * L * r * (1 - a) * dbar - lost * r**2)
    floor_cost = V * (prem - 1) * cap / 2
    us = -rent * L * d_us * r * (1 - a) - u_us * floor_cost
    eu = -rent * L * d_eu * r * (1 - a) - u_eu * floor_cost
    cover = np.minimum(1.0, n * cap / (2 * rs))
    revenue = rs * V
    china_chain = revenue * np.ones(batch)
    us_chain = revenue * (1 + (prem - 1) * cover - kappa)
    hedge = 0.5 * (china_chain + us_chain) + revenue * h * backed
    chain = ax([1.0, 0.0, 0.0], 3) * china_chain + ax([0.0, 1.0, 0.0], 3) * us_chain + ax([0.0, 0.0, 1.0], 3) * hedge
    shape = (3, 2, 2, 3) + batch
    return [np.broadcast_to(x, shape).copy() for x in (china, us, eu, chain)]


def alignment_game(parameters: ParameterSet | None = None) -> ParametricGame:
    """The four-player alignment game as a :class:`~leverage.ParametricGame`.

    Parameters
    ----------
    parameters : ParameterSet, optional
        Contains the names of :func:`alignment_parameters` (the default);
        other names are ignored.

    Raises
    ------
    KeyError
        If a needed parameter is missing.

    Examples
    --------
    At the calibration, in one unit (US$ bn per year), China embargoes and
    at most one consumer underwrites alternative processing (each would leave
    it to the other); the resource states follow the underwriter, if any:

    >>> from leverage import pure_equilibria
    >>> model = alignment_game()
    >>> game = model.game()
    >>> for eq in pure_equilibria(game):
    ...     print(" / ".join(names[s[0]] for names, s in zip(game.strategies, eq.support)))
    Embargo / Underwrite / Abstain / US chain
    Embargo / Abstain / Underwrite / US chain
    Embargo / Abstain / Abstain / China chain
    """
    names = alignment_parameters().names
    sub = require_parameters(alignment_parameters() if parameters is None else parameters, names, "alignment_game()")
    return ParametricGame(sub, alignment_payoffs, players=ALIGNMENT_PLAYERS, strategies=ALIGNMENT_STRATEGIES)
