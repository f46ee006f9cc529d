"""The EU and Japan bargain with China over rare-earth supply terms, before and after a recycling plant.

Run with ``python examples/recycling_batna.py``.

Payoffs are in US$ m per year here (the library's unit is US$ bn per year):
the per-kilogram surplus of a long-term supply contract -- the buyers' value of
secure supply minus China's production cost, both illustrative -- times the
contract's yearly volume (illustrative). The split moves along a concave
frontier (the buyers value the first tonnes most). Talks fail into the BATNAs:
China sells to other buyers at its export price (Fastmarkets); the buyers pay
the European market price (Argus, Sep 2025; the US$110/kg floor is paid by the
US Department of Defense to MP Materials and is not open to them) and -- once
the Franco-Japanese recycling plant runs -- cover part of their demand from
recycled material at an illustrative cost.
The script prints the Nash and Kalai-Smorodinsky outcomes before and after the
plant raises the buyers' BATNA, and what the plant is worth at the table.
"""

from __future__ import annotations

from leverage.scenarios.recycling import recycling_bargaining, recycling_parameters

PARAMETERS = recycling_parameters()


def problem(params, with_plant: bool):
    return recycling_bargaining(params, with_plant)


M = 1000.0  # US$ m per US$ bn


def main() -> None:
    volume = PARAMETERS["contract_volume"].value
    print(f"US$ m per year, on a contract of {volume:g} kt of NdPr oxide a year; BATNAs and outcomes")
    rows = {}
    for label, with_plant in (("before the plant", False), ("after the plant", True)):
        p = problem(PARAMETERS, with_plant)
        nash, ks = p.nash_solution(), p.kalai_smorodinsky()
        rows[label] = (p, nash, ks)
        print(f"\n{label}: BATNAs China {M * p.disagreement[0]:.1f}, EU and Japan {M * p.disagreement[1]:.1f}")
        print(f"  Nash solution:        China {M * nash.utilities[0]:6.1f}   EU and Japan {M * nash.utilities[1]:6.1f}")
        print(f"  Kalai-Smorodinsky:    China {M * ks.utilities[0]:6.1f}   EU and Japan {M * ks.utilities[1]:6.1f}")
    (_, n0, k0), (p1, n1, k1) = rows["before the plant"], rows["after the plant"]
    print("\nWhat the plant is worth at the table (buyers' gain, US$ m per year):")
    print(f"  under Nash bargaining:        {M * (n1.utilities[1] - n0.utilities[1]):.1f}")
    print(f"  under Kalai-Smorodinsky:      {M * (k1.utilities[1] - k0.utilities[1]):.1f}")
    print(f"  BATNA improvement itself:     {M * (p1.disagreement[1] - rows['before the plant'][0].disagreement[1]):.1f}")
    slope = p1.batna_sensitivity("EU and Japan")
    print(f"  each further dollar of BATNA moves the Nash deal by {slope[1]:.2f} for the buyers, {slope[0]:.2f} for China")


if __name__ == "__main__":
    main()
