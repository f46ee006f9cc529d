"""Supply talks between China and the EU and Japan, before and after a recycling plant.

Per kilogram of NdPr oxide, the surplus of a long-term supply contract is the
buyers' value of secure supply minus China's production cost. The split moves
along a concave frontier (the buyers value the first tonnes most). Talks fail
into the BATNAs: China sells to other buyers at its export price; the buyers
turn to allied supply at the US price floor and -- once a recycling plant runs
-- cover part of their demand from recycled material. A better BATNA for the
buyers moves the bargaining solutions their way (Nash 1950; Kalai and
Smorodinsky 1975).
"""

from __future__ import annotations

from leverage.bargaining import BargainingProblem
from leverage.checks import check_flag, renamed
from leverage.parameters import Parameter, ParameterSet, require_parameters

__all__ = ["recycling_parameters", "recycling_bargaining", "recycling_outcome", "FRONTIER_CURVATURE"]

#: Exponent ``q`` of the frontier ``u_buyers = S (1 - (u_China / S)^q)^(1/q)``; 1.5 makes it concave.
FRONTIER_CURVATURE = 1.5


def recycling_parameters() -> ParameterSet:
    """Sourced prices and the recycling benchmark of the EU Critical Raw Materials Act.

    Examples
    --------
    >>> recycling_parameters()["recycled_share"].value
    0.25
    """
    return ParameterSet(
        china_price=Parameter(52.5, 45.0, 90.0, "USD/kg", "Fastmarkets, NdPr oxide China FOB, Apr-Jun 2024"),
        china_cost=Parameter(45.0, 35.0, 52.5, "USD/kg", "lower end of the Fastmarkets China FOB range, mid-2024",
                             note="China's cost is taken at the bottom of its export price range"),
        buyer_value=Parameter(110.0, 85.0, 130.0, "USD/kg", "MP Materials press release, Jul 2025 (US price floor)",
                              note="what secure supply is worth to EU and Japanese magnet makers"),
        allied_price=Parameter(110.0, 82.5, 130.0, "USD/kg",
                               "MP Materials press release, Jul 2025; Argus Europe Sep 2025"),
        recycled_share=Parameter(0.25, 0.0, 0.40, "share of EU consumption",
                                 "Regulation (EU) 2024/1252 (Critical Raw Materials Act), Art. 5: 25% recycling benchmark"),
        recycled_cost=Parameter(83.75, 60.0, 110.0, "USD/kg", "Argus, NdPr oxide Europe, Sep 2025 (US$82.5-85/kg)"),
    )


def recycling_bargaining(parameters: ParameterSet | None = None, with_plant: bool = True) -> BargainingProblem:
    """The China / EU-and-Japan supply bargaining problem, per kg of NdPr oxide.

    Parameters
    ----------
    parameters : ParameterSet, optional
        Must contain the names of :func:`recycling_parameters` (the default);
        other names are ignored.
    with_plant : bool
        Whether the recycling plant runs: it raises the buyers' BATNA by
        ``recycled_share * (allied_price - recycled_cost)``.

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
    v = ps.values
    surplus = v["buyer_value"] - v["china_cost"]
    q = FRONTIER_CURVATURE

    def frontier(china_rent: float) -> float:
        return surplus * (1.0 - (china_rent / surplus) ** q) ** (1.0 / q)

    china_batna = v["china_price"] - v["china_cost"]
    buyers_batna = v["buyer_value"] - v["allied_price"]
    if with_plant:
        buyers_batna += v["recycled_share"] * (v["allied_price"] - v["recycled_cost"])
    return BargainingProblem.from_frontier(
        frontier, [china_batna, buyers_batna], bounds=(0.0, surplus), players=("China", "EU and Japan")
    )


def recycling_outcome(parameters: ParameterSet | None = None) -> dict[str, float | bool]:
    """What each side gets under Nash bargaining, before and after the plant (per kg).

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
    >>> round(out["plant's value"], 2), round(out["batna gain"], 2)
    (2.29, 6.56)
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
