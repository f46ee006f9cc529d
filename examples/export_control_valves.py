"""China's export controls as valves, 2023-2025, and how far they are from an embargo.

Run with ``python examples/export_control_valves.py``.

Two licensing regimes read as restriction levels:

- gallium and germanium licences (Aug 2023; MOFCOM) -- an illustrative 0.25,
  since the calibration gives no export volumes for them;
- licensing of seven medium and heavy rare earths and magnets (4 Apr 2025):
  China's magnet exports in May 2025 were 1,238 t, 74% below May 2024, so the
  trough reads as 0.74; but July 2025 exports (5,577 t) were above the 2024
  monthly mean (58,152 t / 12), so the valve reopened within three months:
  the trough is not the steady licensing level.

The script solves :class:`leverage.coercion.CoercionModel` at its default
calibration (illustrative: rent 1, loss 4, concession share 0.5,
diversification cost 10, build time 1, discount factors 0.9), shows that its
optimum is an interior restriction the target accepts, and finds for each
parameter how far it must move, the others fixed, before the coercer's best
choice becomes an embargo (``r = 1``, accepted or not).
"""

from __future__ import annotations

import numpy as np

from leverage.coercion import CoercionModel

MONTHLY_2024 = 58_152 / 12  # t of magnets, China customs via Adamas Intelligence
EPISODES = {
    "Ga/Ge licences, Aug 2023 (illustrative)": 0.25,
    "rare-earth licences, trough of May 2025": 1 - 1_238 / 4_760,  # May 2025: 1,238 t, -74% y/y
    "rare-earth licences, July 2025": max(0.0, 1 - 5_577 / MONTHLY_2024),
}
EMBARGO = {"embargo accepted", "squeeze-and-lose"}


def is_embargo(model: CoercionModel, **values: float) -> bool:
    out = model.solve(**values)
    return out.optimal_restriction == 1.0 and out.regime in EMBARGO


def distance_to_embargo(model: CoercionModel, name: str, points: int = 11) -> tuple[float | None, str]:
    """The value of ``name`` nearest the calibration at which the optimum becomes an embargo (scan, then bisection)."""
    p = model.parameters[name]
    here = p.value
    for end in (p.high, p.low):
        if end == here:
            continue
        previous = here
        for x in np.linspace(here, end, points)[1:]:
            if is_embargo(model, **{name: float(x)}):
                lo, hi = previous, float(x)  # no embargo at lo, embargo at hi
                for _ in range(30):
                    mid = 0.5 * (lo + hi)
                    lo, hi = (lo, mid) if is_embargo(model, **{name: mid}) else (mid, hi)
                return hi, model.solve(**{name: hi}).regime
            previous = float(x)
    return None, "none in range"


def main() -> None:
    model = CoercionModel()
    out = model.solve()
    print(f"default calibration: {out}")
    print(f"the coercer's best restriction is {out.optimal_restriction:.2f} ({out.regime}): the target stays, "
          f"worth {out.optimum:.2f} to the coercer against {out.status_quo:.2f} for open trade and "
          f"{out.embargo:.2f} for an embargo it would leave.")

    print("\nthe episodes as restriction levels:")
    for label, r in EPISODES.items():
        stays = bool(model.stays(r))
        print(f"  {label:42s} r = {r:4.2f}: the target {'stays' if stays else 'leaves'}, "
              f"coercer's value {float(model.value(r)):6.2f}")

    print("\nhow far each parameter must move (the others at the calibration) before the best choice is an embargo:")
    rows = []
    for name, p in model.parameters.items():
        value, regime = distance_to_embargo(model, name)
        share = np.inf if value is None else abs(value - p.value) / (p.high - p.low)
        rows.append((share, name, p.value, value, regime))
    for share, name, calibrated, value, regime in sorted(rows):
        where = "never, within its range" if value is None else f"at {value:.4g} ({regime}; {share:.0%} of its range)"
        print(f"  {name:21s} calibrated {calibrated:6g} -> embargo {where}")

    routes = [f"{name} from {calibrated:g} to {value:.3g} ({regime})"
              for _, name, calibrated, value, regime in sorted(rows) if value is not None]
    print(f"\nConclusion: at the default calibration the licences are interior valves -- the coercer restricts to "
          f"{out.optimal_restriction:.2f}, the most the target accepts, as the 2023 gallium and germanium licences "
          f"did. The May 2025 trough (0.74) lies above that threshold and would push the target to build other "
          f"supply; the valve reopened by July. An embargo becomes the coercer's best choice only if one of these "
          f"moves a long way: {'; '.join(routes)}. The others never make it so within their ranges.")


if __name__ == "__main__":
    main()
