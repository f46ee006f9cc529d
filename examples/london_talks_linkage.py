"""London talks, June 2025: rare-earth licences linked with chip export controls.

Run with ``python examples/london_talks_linkage.py``.

Two issues between China and the US, each a prisoner's dilemma in repeated play:

- rare-earth licences: China speeds approvals for non-military US firms or slows them;
  the US eases or tightens its scrutiny of Chinese buyers;
- chip export controls: the US relaxes or tightens; China buys or retaliates.

Issue by issue, cooperation on licences is not self-enforcing at the calibrated
patience: the temptation to slow licences before a summit is large. Linked --
a defection on either issue triggers punishment on both -- the surplus incentive
on chips carries licences. The script reports the discount factors and the
salience ranges in which linkage matters.
"""

from __future__ import annotations

import numpy as np

from leverage.repeated import linked_critical_discount_factor
from leverage.scenarios.london_talks import london_talks_games, london_talks_parameters

PARAMETERS = london_talks_parameters()


def games(values: dict[str, float]):
    return london_talks_games(PARAMETERS.replace(**values))


def main() -> None:
    values = PARAMETERS.defaults
    res = linked_critical_discount_factor(games(values), [("Speed", "Ease"), ("Buy", "Relax")])
    delta = values["discount"]
    print(f"critical discount factors: licences {res.separate[0].value:.4f}, chips {res.separate[1].value:.4f}, "
          f"linked {res.value:.4f}")
    print(f"at discount {delta}: {res.sustainable(delta)}")
    print("slack by issue (rows) and player (columns) at that discount:")
    print(np.round(res.slack(delta), 3))

    grid = np.linspace(0.05, 0.95, 19)
    matters = [d for d in grid if res.sustainable(d)["linked"] and not all(res.sustainable(d)["separate"])]
    print(f"\nlinkage matters for discount factors in [{res.value:.3f}, {res.separate[0].value:.3f}) "
          f"(grid points {matters[0]:.2f} to {matters[-1]:.2f})")

    print("\nsalience of chips relative to licences (both players) and the linked threshold:")
    for salience in (0.25, 0.5, 1.0, 2.0, 4.0):
        linked = linked_critical_discount_factor(games(values), [("Speed", "Ease"), ("Buy", "Relax")],
                                                 weights=[1.0, salience])
        status = "linkage sustains both" if linked.value <= delta < res.separate[0].value else "no change at this discount"
        print(f"  salience {salience:4.2f}: linked threshold {linked.value:.4f} -> {status}")


if __name__ == "__main__":
    main()
