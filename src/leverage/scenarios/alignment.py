"""The multi-actor alignment game: supply chains, restriction and price floors.

Four players move at once:

- **China** sets its export valve: ``Open`` (``r = 0``), ``License`` (the
  calibrated level ``r = license_level``) or ``Embargo`` (``r = 1``);
- **the US** and **the EU** each ``Underwrite`` alternative processing (a
  price floor with offtake, as in the US Department of Defense deal with MP
  Materials at US$110/kg of NdPr) or ``Abstain``;
- **resource states** supply the ``China chain``, the ``US chain`` or
  ``Hedge`` between them.

Payoffs per period, in units of China's export rent
---------------------------------------------------
Let ``n`` be the number of underwriters and ``m`` the resource states' weight
on the US chain (1, 1/2 when hedging, 0). Non-China supply available to the
consumers is::

    a = (1 - separation_share) + alt_capacity * n + resource_share * m * [n >= 1]

(resource states' output counts only if someone pays for processing it).

- China: ``(1 - a)(1 - r) + c L r (1 - a) dbar - lost r^2``: the export rent
  on the market it keeps, the concession it extracts from dependent consumers
  (``dbar``: the mean of the US and EU dependence), and the market lost for
  good when restrictions push customers to diversify (Japan's dependence on
  China fell from about 90% to about 60% after the 2010 halt:
  ``lost = 1 - 60/90``).
- The US and the EU (``i``): ``-L d_i r (1 - a) - u_i (premium - 1) alt_capacity``:
  the loss from the restriction on the supply still bought from China, and the
  cost of underwriting (the floor's premium over China's price on the
  capacity underwritten).
- Resource states: 1 in the China chain; in the US chain
  ``1 + (premium - 1) cover - switching_cost`` with
  ``cover = min(1, n alt_capacity / resource_share)`` (no buyer at the floor
  without an underwriter: ``1 - switching_cost``); hedging gets the mean of the
  two plus ``hedge_bonus`` when both chains bid (processing at home).

Solved for its pure equilibria (:func:`leverage.pure_equilibria`).

References
----------
D. W. Drezner (1998), "Conflict expectations and the paradox of economic
coercion"; E. Gholz and L. Hughes (2021), "Market structure and economic
sanctions: the 2010 rare earth elements episode".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from leverage.actors import actor
from leverage.parameters import Parameter, ParameterSet, require_parameters
from leverage.parametric import ParametricGame
from leverage.scenarios.export_restriction import export_restriction_parameters

__all__ = ["ALIGNMENT_PLAYERS", "ALIGNMENT_STRATEGIES", "alignment_parameters", "alignment_game"]

ALIGNMENT_PLAYERS = ("China", "US", "EU", "Resource states")
ALIGNMENT_STRATEGIES = (
    ("Open", "License", "Embargo"),
    ("Underwrite", "Abstain"),
    ("Underwrite", "Abstain"),
    ("China chain", "US chain", "Hedge"),
)


def alignment_parameters() -> ParameterSet:
    """Parameters of the alignment game, each with its source and range.

    ``separation_share``, ``us_import_dependence`` and
    ``diversification_premium`` are shared with the export-restriction game.

    Examples
    --------
    >>> ps = alignment_parameters()
    >>> round(ps["market_loss_share"].value, 4), ps["license_level"].value
    (0.3333, 0.74)
    """
    shared = export_restriction_parameters()
    return ParameterSet(
        separation_share=shared["separation_share"],
        us_import_dependence=shared["us_import_dependence"],
        diversification_premium=shared["diversification_premium"],
        eu_dependence=replace(
            actor("china").parameters["magnet_share"],
            note="the EU taken to be as dependent on China as the world magnet market (China's share of "
                 "sintered NdFeB magnet making)",
        ),
        license_level=Parameter(
            0.74, 0.25, 0.9, "restriction level", "China customs via WSJ / Reuters (magnet exports May 2025: 1,238 t, -74% y/y)",
            note="the April 2025 licensing read as the share of magnet exports withheld",
        ),
        alt_capacity=Parameter(
            0.07, 0.04, 0.12, "share of world refining per underwriter", "IEA GCMO 2024 (Malaysia 5% in 2023, 12% projected for 2030)",
            note="the projected growth of non-China refining, 12% - 5%, per underwriter",
        ),
        resource_share=Parameter(
            0.08, 0.06, 0.16, "share of world supply", "IEA GCMO 2024; USGS MCS 2025 (Australia 13 kt of 390 kt)",
            note="Malaysia's 5% of refining plus Australia's 3.3% of mining; up to Malaysia's 12% projected for 2030",
        ),
        market_loss_share=Parameter(
            1 - 60 / 90, 1 - 70 / 90, 1 - 60 / 90, "share of China's market", "Argus; JOGMEC (Japan's dependence about 90% in 2010, 60-70% now)",
            note="the share of a customer lost for good after a full embargo: 1 - 60/90",
        ),
        restriction_loss=Parameter(4.0, 1.0, 8.0, "China's rent per period at full restriction", "illustrative",
                                   note="a consumer's loss per period from a full restriction, per unit of dependence"),
        concession_share=Parameter(0.5, 0.1, 0.9, "share", "illustrative",
                                   note="the share of the consumers' loss China turns into concessions"),
        switching_cost=Parameter(0.3, 0.0, 1.0, "resource state's revenue", "illustrative",
                                 note="what a resource state gives up by leaving the China-centred chain"),
        hedge_bonus=Parameter(0.1, 0.0, 0.5, "resource state's revenue", "illustrative",
                              note="processing at home won by playing the chains off against each other"),
    )


def _alignment_payoffs(
    separation_share: Any, us_import_dependence: Any, diversification_premium: Any, eu_dependence: Any,
    license_level: Any, alt_capacity: Any, resource_share: Any, market_loss_share: Any,
    restriction_loss: Any, concession_share: Any, switching_cost: Any, hedge_bonus: Any,
) -> list[np.ndarray]:
    """Payoff arrays of shape ``(3, 2, 2, 3) + batch`` (players in ALIGNMENT_PLAYERS order)."""
    v = [np.asarray(x, dtype=float) for x in (
        separation_share, us_import_dependence, diversification_premium, eu_dependence, license_level,
        alt_capacity, resource_share, market_loss_share, restriction_loss, concession_share, switching_cost,
        hedge_bonus)]
    s, d_us, prem, d_eu, lic, cap, rs, lost, L, c, kappa, h = np.broadcast_arrays(*v)
    batch = s.shape

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
    a = np.minimum(1.0, (1 - s) + cap * n + rs * m * backed)
    dbar = 0.5 * (d_us + d_eu)
    china = (1 - a) * (1 - r) + c * L * r * (1 - a) * dbar - lost * r**2
    floor_cost = (prem - 1) * cap
    us = -L * d_us * r * (1 - a) - u_us * floor_cost
    eu = -L * d_eu * r * (1 - a) - u_eu * floor_cost
    cover = np.minimum(1.0, n * cap / rs)
    china_chain = np.ones(batch)
    us_chain = 1 + (prem - 1) * cover - kappa
    hedge = 0.5 * (china_chain + us_chain) + h * backed
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
    At the calibration China licenses, both the US and the EU underwrite
    alternative processing and the resource states join the US chain:

    >>> from leverage import pure_equilibria
    >>> model = alignment_game()
    >>> game = model.game()
    >>> [tuple(names[s[0]] for names, s in zip(game.strategies, eq.support)) for eq in pure_equilibria(game)]
    [('License', 'Underwrite', 'Underwrite', 'US chain')]
    """
    names = alignment_parameters().names
    sub = require_parameters(alignment_parameters() if parameters is None else parameters, names, "alignment_game()")
    return ParametricGame(sub, _alignment_payoffs, players=ALIGNMENT_PLAYERS, strategies=ALIGNMENT_STRATEGIES)
