"""China-US export-restriction game: solve it at the calibration and across one parameter's range.

Run with ``python examples/china_us_export_restriction.py``.

China sets its rare-earth export valve (Open, License, Embargo); the US
complies or diversifies. The payoffs depend on three sourced parameters
(China's separation share, US import dependence, and the premium of
alternative supply over China's price). The script prints the equilibria at
the calibrated values and at both ends of the premium's range, then evaluates
the payoffs for a whole grid of premiums in one vectorised call.

That is the library's three-parameter *teaching* version, in units of China's
rent, whose leverage multiplies the US's dependence on China by China's world
separation share. The script ends with the calibrated version the scenarios
solve (:func:`leverage.scenarios.export_restriction.calibrated_export_restriction_game`):
payoffs in US$ bn per year, leverage the US dependence alone, and the
coefficients named illustrative parameters. In one unit the premium of
alternative supply, paid on the US's import bill, weighs more against the
concession, counted in China's smaller rent: licensing with compliance holds
down to a premium of about 1.25 (1.93 in the teaching version).
"""

from __future__ import annotations

import numpy as np

from leverage import equilibria
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

    calibrated = calibrated_export_restriction_game()
    print("\ncalibrated version (US$ bn per year; illustrative: "
          + ", ".join(n for n, p in calibrated.parameters.items() if p.illustrative) + ")")
    for label, value in (("low", premium.low), ("calibrated", premium.value), ("high", premium.high)):
        game = calibrated.game(diversification_premium=value)
        for eq in equilibria(game):
            pay = ", ".join(f"{u:.3f}" for u in eq.payoffs)
            print(f"premium {value:.2f} ({label}): {describe(eq)}  (payoffs US$ bn/yr {pay})")


if __name__ == "__main__":
    main()
