"""The EU and Japan bargain with China over rare-earth supply terms, before and after a recycling plant.

Run with ``python examples/recycling_batna.py``.

Per kilogram of NdPr oxide, the surplus of a long-term supply contract is the
buyers' value of secure supply minus China's production cost. The split moves
along a concave frontier (the buyers value the first tonnes most). Talks fail
into the BATNAs: China sells to other buyers at its domestic price; the buyers
turn to allied supply at the US price floor and -- once the Franco-Japanese
recycling plant runs -- cover part of their demand from recycled material.
The script prints the Nash and Kalai-Smorodinsky outcomes before and after the
plant raises the buyers' BATNA, and what the plant is worth at the table.
"""

from __future__ import annotations

from leverage import Parameter, ParameterSet
from leverage.bargaining import BargainingProblem

PARAMETERS = ParameterSet(
    china_price=Parameter(52.5, 45.0, 90.0, "USD/kg", "Fastmarkets, NdPr oxide China FOB, Apr-Jun 2024"),
    china_cost=Parameter(45.0, 35.0, 52.5, "USD/kg", "lower end of the Fastmarkets China FOB range, mid-2024",
                         note="China's cost is taken at the bottom of its export price range"),
    buyer_value=Parameter(110.0, 85.0, 130.0, "USD/kg", "MP Materials press release, Jul 2025 (US price floor)",
                          note="what secure supply is worth to EU and Japanese magnet makers"),
    allied_price=Parameter(110.0, 82.5, 130.0, "USD/kg", "MP Materials press release, Jul 2025; Argus Europe Sep 2025"),
    recycled_share=Parameter(0.25, 0.0, 0.40, "share of EU consumption",
                             "Regulation (EU) 2024/1252 (Critical Raw Materials Act), Art. 5: 25% recycling benchmark"),
    recycled_cost=Parameter(83.75, 60.0, 110.0, "USD/kg", "Argus, NdPr oxide Europe, Sep 2025 (US$82.5-85/kg)"),
)


def problem(params: ParameterSet, with_plant: bool) -> BargainingProblem:
    v = params.values
    surplus = v["buyer_value"] - v["china_cost"]

    def frontier(china_rent: float) -> float:
        # buyers' surplus when China takes `china_rent` per kg: concave, decreasing
        return surplus * (1.0 - (china_rent / surplus) ** 1.5) ** (1 / 1.5)

    china_batna = v["china_price"] - v["china_cost"]
    buyers_batna = v["buyer_value"] - v["allied_price"]
    if with_plant:
        buyers_batna += v["recycled_share"] * (v["allied_price"] - v["recycled_cost"])
    return BargainingProblem.from_frontier(
        frontier, [china_batna, buyers_batna], bounds=(0.0, surplus), players=("China", "EU and Japan")
    )


def main() -> None:
    print("Per kg of NdPr oxide (USD); BATNAs and outcomes")
    rows = {}
    for label, with_plant in (("before the plant", False), ("after the plant", True)):
        p = problem(PARAMETERS, with_plant)
        nash, ks = p.nash_solution(), p.kalai_smorodinsky()
        rows[label] = (p, nash, ks)
        print(f"\n{label}: BATNAs China {p.disagreement[0]:.2f}, EU and Japan {p.disagreement[1]:.2f}")
        print(f"  Nash solution:        China {nash.utilities[0]:6.2f}   EU and Japan {nash.utilities[1]:6.2f}")
        print(f"  Kalai-Smorodinsky:    China {ks.utilities[0]:6.2f}   EU and Japan {ks.utilities[1]:6.2f}")
    (_, n0, k0), (p1, n1, k1) = rows["before the plant"], rows["after the plant"]
    print("\nWhat the plant is worth at the table (buyers' gain per kg):")
    print(f"  under Nash bargaining:        {n1.utilities[1] - n0.utilities[1]:.2f}")
    print(f"  under Kalai-Smorodinsky:      {k1.utilities[1] - k0.utilities[1]:.2f}")
    print(f"  BATNA improvement itself:     {p1.disagreement[1] - rows['before the plant'][0].disagreement[1]:.2f}")
    slope = p1.batna_sensitivity("EU and Japan")
    print(f"  each further USD of BATNA moves the Nash deal by {slope[1]:.2f} for the buyers, {slope[0]:.2f} for China")


if __name__ == "__main__":
    main()
