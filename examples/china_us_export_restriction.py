"""China-US export-restriction game: solve it at the calibration and across one parameter's range.

Run with ``python examples/china_us_export_restriction.py``.

China sets its rare-earth export valve (Open, License, Embargo); the US
complies or diversifies. Payoffs are in US$ bn per year.

The script first uses the library's three-parameter *teaching* view of the
game (:func:`leverage.scenarios.export_restriction_game`): China's separation
share, US import dependence and the premium of alternative supply over
China's price are free, every other parameter is at its calibrated value, and
China's price is the US$110/kg floor over the premium. It prints the
equilibria at the calibrated values and at both ends of the premium's range,
then evaluates the payoffs for a whole grid of premiums in one vectorised
call. Against licensing the US complies iff the premium is at least
``(1 + A) / (1 + A c / F)`` with ``A = 0.375 k - 0.5 g s`` (about 1.48 at the
calibration); below it China mixes Open and License and the US mixes.

The script ends with the calibrated version the scenarios solve
(:func:`leverage.scenarios.export_restriction.calibrated_export_restriction_game`),
where the premium is not a parameter but derived, ``floor_price /
china_price``: at China's calibrated price even the lowest floor (the
European market price, US$82.5/kg, a premium of about 1.57) keeps licensing
with compliance an equilibrium.
"""

from __future__ import annotations

import numpy as np

from leverage import equilibria
from leverage.sensitivity.regimes import threshold
from leverage.scenarios import export_restriction_game
from leverage.scenarios.export_restriction import calibrated_export_restriction_game


def describe(eq) -> str:
    return "; ".join(
        f"{player}: " + ", ".join(f"{name} {prob:.2f}" for name, prob in mix.items())
        for player, mix in eq.as_dict().items()
    )


def main() -> None:
    model = export_restriction_game()
    premium = model.parameters["diversification_premium"]
    print(model)
    for label, value in (("low", premium.low), ("calibrated", premium.value), ("high", premium.high)):
        game = model.game(diversification_premium=value)
        for eq in equilibria(game):
            print(f"premium {value:.2f} ({label}): {describe(eq)}  (regret {eq.regret:.1e})")

    # payoffs for 9 premiums in one call; find where licensing stops being an equilibrium
    grid = np.linspace(premium.low, premium.high, 9)
    for value, game in zip(grid, model.games({"diversification_premium": grid})):
        licensing = any(eq.as_dict() == {"China": {"License": 1.0}, "US": {"Comply": 1.0}} for eq in equilibria(game))
        print(f"premium {value:.3f}: (License, Comply) is {'an' if licensing else 'not an'} equilibrium")
    complies = lambda game: game.payoffs[1][1, 0] >= game.payoffs[1][1, 1]  # noqa: E731
    flip = threshold(model, "diversification_premium", complies)
    print(f"the US complies with licensing from a premium of {flip:.3f}")

    calibrated = calibrated_export_restriction_game()
    floor = calibrated.parameters["floor_price"]
    china_price = calibrated.parameters["china_price"].value
    print("\ncalibrated version (US$ bn per year; illustrative: "
          + ", ".join(n for n, p in calibrated.parameters.items() if p.illustrative) + ")")
    for label, value in (("low", floor.low), ("calibrated", floor.value)):
        game = calibrated.game(floor_price=value)
        for eq in equilibria(game):
            pay = ", ".join(f"{u:.3f}" for u in eq.payoffs)
            print(f"floor US${value:.1f}/kg ({label}; premium {value / china_price:.2f}): {describe(eq)}  "
                  f"(payoffs US$ bn/yr {pay})")


if __name__ == "__main__":
    main()
