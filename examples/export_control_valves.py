"""China's export controls as valves, 2023-2025, and how far they are from an embargo.

Run with ``python examples/export_control_valves.py``.

Two licensing regimes read as restriction levels:

- gallium and germanium licences (Aug 2023; MOFCOM) -- an illustrative 0.25,
  since the calibration gives no export volumes for them;
- licensing of seven medium and heavy rare earths and magnets (4 Apr 2025;
  MOFCOM): China's magnet exports in May 2025 were 1,238 t, 74% below May
  2024 (China customs via WSJ / Reuters), so the trough reads as 0.74; but
  July 2025 exports (5,577 t) were above the 2024 monthly mean (58,152 t / 12;
  China customs via Adamas Intelligence), so the valve reopened within three
  months: the trough is not the steady licensing level.

The script solves :class:`leverage.coercion.CoercionModel` at its default
calibration (illustrative: rent 1, loss 4, concession share 0.5,
diversification cost 10, build time 1, discount factors 0.9), shows that its
optimum is an interior restriction the target accepts, and finds for each
parameter how far it must move, the others fixed, before the coercer's best
choice becomes an embargo (``r = 1``, accepted or not), with the library's
regime tool :func:`leverage.sensitivity.regimes.distance_to_flip`.
"""

from __future__ import annotations

import numpy as np

from leverage import ParameterSet
from leverage.coercion import CoercionModel
from leverage.sensitivity.regimes import distance_to_flip
from leverage.tolerance import RTOL

CUSTOMS = "China customs via WSJ / Reuters"
MAY_2025_FALL = 0.74  # May 2025 magnet exports 1,238 t, -74% year on year (China customs via WSJ / Reuters)
JULY_2025 = 5_577  # t of magnets, July 2025 (China customs via WSJ / Reuters)
MONTHLY_2024 = 58_152 / 12  # t of magnets a month in 2024 (China customs via Adamas Intelligence)
EPISODES = {
    "Ga/Ge licences, Aug 2023 (illustrative level)": 0.25,
    "rare-earth licences, trough of May 2025": MAY_2025_FALL,
    "rare-earth licences, July 2025": max(0.0, 1 - JULY_2025 / MONTHLY_2024),
}
EMBARGO = {"embargo accepted", "squeeze-and-lose"}


class EmbargoOrValve:
    """The coercion model seen through one question: is the coercer's best choice an embargo (r = 1)?

    It follows the :class:`leverage.sensitivity.regimes.RegimeModel` protocol (``parameters`` and ``regime(**values)``),
    so :func:`leverage.sensitivity.regimes.distance_to_flip` finds how far each parameter must move before the answer flips.
    """

    def __init__(self, model: CoercionModel) -> None:
        self.model = model
        self.parameters: ParameterSet = model.parameters

    def regime(self, **values: float) -> str:
        out = self.model.solve(**values)
        return out.regime if out.optimal_restriction == 1.0 and out.regime in EMBARGO else "valve"


def main() -> None:
    model = CoercionModel()
    out = model.solve()
    print("All model parameters are the default calibration, which is illustrative (rent 1, loss 4, concession "
          "share 0.5, diversification cost 10, build time 1, discount factors 0.9).")
    print(f"default calibration: {out}")
    print(f"the coercer's best restriction is {out.optimal_restriction:.2f} ({out.regime}): the target stays, "
          f"worth {out.optimum:.2f} to the coercer against {out.status_quo:.2f} for open trade and "
          f"{out.embargo:.2f} for an embargo it would leave.")

    print(f"\nthe episodes as restriction levels (magnet exports: May 2025 -{MAY_2025_FALL:.0%} year on year, "
          f"July 2025 {JULY_2025:,} t against a 2024 monthly mean of {MONTHLY_2024:,.0f} t; {CUSTOMS}, "
          f"Adamas Intelligence for 2024):")
    for label, r in EPISODES.items():
        stays = bool(model.stays(r))
        print(f"  {label:46s} r = {r:4.2f}: the target {'stays' if stays else 'leaves'}, "
              f"coercer's value {float(model.value(r)):6.2f}")

    print("\nhow far each parameter must move (the others at the calibration) before the best choice is an embargo "
          "(leverage.sensitivity.regimes.distance_to_flip):")
    flips = distance_to_flip(EmbargoOrValve(model), num=10)
    assert all(f.regime == "valve" for f in flips.values())
    routes = []
    for name, flip in flips.items():
        value = flip.up if flip.up is not None else flip.down
        if value is None:
            print(f"  {name:21s} calibrated {flip.value:6g} -> embargo never, within its range")
            continue
        p = model.parameters[name]
        step = np.sqrt(RTOL) * (p.high - p.low) * (1 if value == flip.up else -1)  # just past the flip
        regime = EmbargoOrValve(model).regime(**{name: value + step})
        print(f"  {name:21s} calibrated {flip.value:6g} -> {regime} at {value:.4g} ({flip.distance:.0%} of its range)")
        routes.append(f"{name} from {flip.value:g} to {value:.3g} ({regime})")

    print(f"\nConclusion: at the default calibration the licences are interior valves -- the coercer restricts to "
          f"{out.optimal_restriction:.2f}, the most the target accepts; the 2023 gallium and germanium licences are "
          f"read (illustratively) as such a valve. The May 2025 trough ({MAY_2025_FALL:.2f}) lies above that "
          f"threshold and would push the target to build other supply; the valve had reopened by July. An embargo "
          f"becomes the coercer's best choice only if one of these moves a long way: {'; '.join(routes)}. The others "
          f"never make it so within their ranges.")


if __name__ == "__main__":
    main()
