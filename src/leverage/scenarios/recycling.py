"""Supply talks between China and the EU and Japan, before and after a recycling plant.

Payoffs are in **US$ bn per year** (the numeraire of the rare-earth games):
the per-kilogram figures below times the contract's yearly volume
(``contract_volume``, kt of NdPr oxide; 1 USD/kg on 1 kt is US$ 0.001 bn).

Per kilogram of NdPr oxide, the surplus of a long-term supply contract is the
buyers' value of secure supply minus China's production cost. The split moves
along a concave frontier (the buyers value the first tonnes most). Talks fail
into the BATNAs: China sells to other buyers at its export price; the buyers
turn to allied supply at the European market price (Argus; the US$110/kg
floor is paid by the US Department of Defense to MP Materials and is not open
to EU or Japanese buyers) and -- once a recycling plant runs -- cover part of
their demand from recycled material at its (illustrative) cost. A better BATNA for the
buyers moves the bargaining solutions their way (Nash 1950; Kalai and
Smorodinsky 1975).
"""

from __future__ import annotations

from leverage.bargaining import BargainingProblem
from leverage.checks import check_flag, renamed
from leverage.actors import actor
from leverage.parameters import Parameter, ParameterSet, require_parameters
from leverage.scenarios.export_restriction import calibrated_export_restriction_parameters

__all__ = ["recycling_parameters", "recycling_bargaining", "recycling_outcome", "FRONTIER_CURVATURE"]

#: Default exponent ``q`` of the frontier ``u_buyers = S (1 - (u_China / S)^q)^(1/q)``; 1.5 makes it
#: concave. The games read it from the parameter ``frontier_curvature``.
FRONTIER_CURVATURE = 1.5

#: US$ bn per (USD/kg x kt).
_BN_PER_USD_KG_KT = 1e-3


def recycling_parameters() -> ParameterSet:
    """Prices, the recycling benchmark of the EU Critical Raw Materials Act and illustrative figures.

    ``china_price`` and ``china_cost`` are shared with the calibrated
    export-restriction game; ``allied_price`` is the EU actor's Argus price
    (:mod:`leverage.actors`), not set a second time here.

    Examples
    --------
    >>> ps = recycling_parameters()
    >>> ps["recycled_share"].value, ps["allied_price"].value
    (0.25, 83.75)
    >>> [n for n, p in ps.items() if p.illustrative]
    ['china_cost', 'buyer_value', 'recycled_cost', 'contract_volume', 'frontier_curvature']
    """
    shared = calibrated_export_restriction_parameters()
    europe = actor("eu").parameters["ndpr_price_europe"]
    return ParameterSet(
        china_price=shared["china_price"],
        china_cost=shared["china_cost"],
        buyer_value=Parameter(110.0, 85.0, 130.0, "USD/kg", "illustrative",
                              note="what secure supply is worth to EU and Japanese magnet makers: no sourced "
                                   "figure; set at the US$110/kg NdPr floor the US Department of Defense pays "
                                   "MP Materials (MP Materials press release, Jul 2025), which EU and Japanese "
                                   "buyers cannot buy at"),
        allied_price=Parameter(europe.value, europe.low, europe.high, "USD/kg", europe.source,
                               note="NdPr oxide price, Europe, September 2025: US$82.5-85/kg (midpoint 83.75), "
                                    "what the buyers pay outside a contract with China; range +/-20% (assumed: "
                                    "no range is published with the figure)"),
        recycled_share=Parameter(0.25, 0.0, 0.40, "share of EU consumption",
                                 "Regulation (EU) 2024/1252 (Critical Raw Materials Act), Art. 5: 25% recycling benchmark",
                                 note="the benchmark for 2030 (the 2023 proposal said 15%); range 0 (no plant) "
                                      "to 40% (assumed)"),
        recycled_cost=Parameter(75.0, 55.0, 110.0, "USD/kg", "illustrative",
                                note="cost of recycled NdPr oxide: no sourced figure (the Argus European price, "
                                     "US$82.5-85/kg, is a market price, not a recycling cost)"),
        contract_volume=Parameter(10.0, 5.0, 20.0, "kt NdPr oxide/yr", "illustrative",
                                  note="the yearly volume of the long-term contract; world demand for magnet "
                                       "rare earths was 93 kt in 2023 (IEA GCMO 2024)"),
        frontier_curvature=Parameter(FRONTIER_CURVATURE, 1.0, 3.0, "exponent", "illustrative",
                                     note="exponent q of the bargaining frontier; 1 is linear, larger is more "
                                          "concave"),
    )


def recycling_bargaining(parameters: ParameterSet | None = None, with_plant: bool = True) -> BargainingProblem:
    """The China / EU-and-Japan supply bargaining problem, in US$ bn per year.

    Parameters
    ----------
    parameters : ParameterSet, optional
        Must contain the names of :func:`recycling_parameters` (the default);
        other names are ignored.
    with_plant : bool
        Whether the recycling plant runs: it raises the buyers' BATNA by
        ``recycled_share * (allied_price - recycled_cost)`` per kg.

    Returns
    -------
    BargainingProblem
        Players ``("China", "EU and Japan")``.

    Raises
    ------
    KeyError
        If a needed parameter is missing.

    Examples
    --------
    >>> before = recycling_bargaining(with_plant=False)
    >>> after = recycling_bargaining(with_plant=True)
    >>> bool(after.nash_solution().utilities[1] > before.nash_solution().utilities[1])
    True
    """
    caller = "recycling_bargaining()"
    with_plant = check_flag(with_plant, "with_plant", caller)
    names = recycling_parameters().names
    ps = recycling_parameters() if parameters is None else require_parameters(parameters, names, caller)
    v = ps.defaults
    scale = v["contract_volume"] * _BN_PER_USD_KG_KT
    surplus = (v["buyer_value"] - v["china_cost"]) * scale
    q = v["frontier_curvature"]

    def frontier(china_rent: float) -> float:
        return surplus * (1.0 - (china_rent / surplus) ** q) ** (1.0 / q)

    china_batna = (v["china_price"] - v["china_cost"]) * scale
    buyers_batna = (v["buyer_value"] - v["allied_price"]) * scale
    if with_plant:
        buyers_batna += v["recycled_share"] * (v["allied_price"] - v["recycled_cost"]) * scale
    return BargainingProblem.from_frontier(
        frontier, [china_batna, buyers_batna], bounds=(0.0, surplus), players=("China", "EU and Japan")
    )


def recycling_outcome(parameters: ParameterSet | None = None) -> dict[str, float | bool]:
    """What each side gets under Nash bargaining, before and after the plant (US$ bn per year).

    Without agreement (the BATNAs lie outside the feasible set) a side gets
    its BATNA.

    Returns
    -------
    dict
        ``china before``, ``buyers before``, ``china after``, ``buyers after``,
        ``plant's value`` (the buyers' gain at the table), ``batna gain``
        (the plant's raise of the buyers' BATNA) and ``agreement before`` /
        ``agreement after``.

    Examples
    --------
    >>> out = recycling_outcome()
    >>> round(out["batna gain"], 6)   # 0.25 x (83.75 - 75) USD/kg on 10 kt
    0.021875
    >>> bool(out["plant's value"] > 0)
    True
    """
    out: dict[str, float | bool] = {}
    for label, plant in (("before", False), ("after", True)):
        with renamed("recycling_bargaining():", "recycling_outcome():"):
            problem = recycling_bargaining(parameters, with_plant=plant)
        sol = problem.nash_solution()
        u = sol.utilities if sol.agreement else problem.disagreement
        out[f"china {label}"], out[f"buyers {label}"] = float(u[0]), float(u[1])
        out[f"agreement {label}"] = bool(sol.agreement)
        out[f"batna {label}"] = float(problem.disagreement[1])
    out["plant's value"] = out["buyers after"] - out["buyers before"]  # type: ignore[operator]
    out["batna gain"] = out.pop("batna after") - out.pop("batna before")  # type: ignore[operator]
    return out
