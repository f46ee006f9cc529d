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

from leverage.scenarios.recycling import recycling_bargaining, recycling_parameters

PARAMETERS = recycling_parameters()


def problem(params, with_plant: bool):
    return recycling_bargaining(params, with_plant)


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
