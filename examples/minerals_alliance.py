"""An offtake alliance among the US, the EU, Japan, Australia, Canada, South Korea and India.

Run with ``python examples/minerals_alliance.py``.

The members contract NdPr oxide together, outside China. A coalition's worth
(USD m per year) has two parts:

- *pooled offtake*: what its buyers save by buying their China-exposed demand
  together (:meth:`~leverage.coalitions.CoalitionalGame.pooled_offtake`: the
  unit price falls with volume at a constant elasticity, anchored at the China
  FOB price for the whole bloc's volume);
- *secured supply*: the non-Chinese NdPr its producers (US, Australia,
  Canada) can deliver to its own buyers, ``min(supply, demand)``, valued at
  the premium the US Department of Defense pays for non-Chinese NdPr -- its
  price floor minus the China FOB price.

A buyer's China-exposed demand is its share of world magnet rare-earth demand
times its dependence on China. The calibration gives the world demand, the
prices, the US and Japanese dependence and the mine tonnages; it gives no
consumption shares and no dependence for the EU, South Korea, India,
Australia or Canada. Those enter as parameters whose source is
"illustrative", with a note; the script lists them before its results, so no
illustrative figure is read as a sourced one.

The script prints whether the grand coalition is stable (the core is
non-empty), the Shapley and nucleolus shares of the bloc's worth, whether the
Shapley split is blocked, the cheapest member for China to peel off, and
Australia's choice between the bloc and selling its feed to China.
"""

from __future__ import annotations

from leverage import Parameter, ParameterSet
from leverage.actors import actor
from leverage.coalitions import CoalitionalGame, cheapest_split

MEMBERS = ("US", "EU", "Japan", "Australia", "Canada", "South Korea", "India")
KEYS = {"US": "us", "EU": "eu", "Japan": "japan", "Australia": "australia", "Canada": "canada",
        "South Korea": "korea", "India": "india"}
_PM20 = "range +/-20% (assumed: no range is published with the figure)"


def _illustrative(value: float, low: float, high: float, unit: str, note: str) -> Parameter:
    return Parameter(value, low, high, unit, "illustrative", note=f"illustrative: {note}")


def alliance_parameters() -> ParameterSet:
    """The sourced and the illustrative figures of the alliance game."""
    china, us, eu, japan, australia = (actor(k) for k in ("china", "us", "eu", "japan", "australia"))
    sourced = {
        "ndpr_price": china.parameters["ndpr_price_fob"],
        "price_floor": us.parameters["ndpr_price_floor"],
        "us_exposure": us.parameters["import_dependence_china"],
        "japan_exposure": japan.parameters["import_dependence_china"],
        "magnet_demand": Parameter(93.0, 74.4, 111.6, "kt/yr", "IEA GCMO 2024",
                                   note=f"magnet rare-earth demand, 2023; {_PM20}"),
        "world_mining": Parameter(390.0, 370.0, 410.0, "kt REO", "USGS MCS 2025",
                                  note="world rare-earth mine production, 2024; published range"),
        "us_mining_share": us.parameters["mining_share"],
        "australia_mining_share": australia.parameters["mining_share"],
        "canada_ndpr": Parameter(1.0, 0.5, 1.2, "kt/yr", "Caixin, Jun 2025",
                                 note="approximate: Saskatchewan processing centre moving towards 1,000 t/yr "
                                      "of NdPr, a target; range assumed"),
    }
    crma_cap = eu.parameters["crma_single_supplier_cap"].value
    share_note = "share of world magnet rare-earth demand; no consumption figure is in the calibration"
    illustrative = {
        "us_consumption": _illustrative(0.06, 0.03, 0.09, "share", share_note),
        "eu_consumption": _illustrative(0.08, 0.04, 0.12, "share", share_note),
        "japan_consumption": _illustrative(0.07, 0.035, 0.105, "share", share_note),
        "korea_consumption": _illustrative(0.04, 0.02, 0.06, "share", share_note),
        "india_consumption": _illustrative(0.02, 0.01, 0.03, "share", share_note),
        "australia_consumption": _illustrative(0.005, 0.0025, 0.0075, "share", share_note),
        "canada_consumption": _illustrative(0.005, 0.0025, 0.0075, "share", share_note),
        "eu_exposure": _illustrative(
            0.80, crma_cap, 0.95, "share",
            "no sourced figure for the EU's dependence on China; the range starts at the Critical Raw Materials "
            f"Act's cap of {crma_cap:.0%} from any one third country (Regulation (EU) 2024/1252, Art. 5), "
            "which the benchmark is meant to bring it down to"),
        "korea_exposure": _illustrative(0.80, 0.60, 0.95, "share", "dependence on China; not in the calibration"),
        "india_exposure": _illustrative(0.80, 0.60, 0.95, "share", "dependence on China; not in the calibration"),
        "australia_exposure": _illustrative(0.50, 0.30, 0.80, "share",
                                            "dependence on China; not in the calibration"),
        "canada_exposure": _illustrative(0.50, 0.30, 0.80, "share", "dependence on China; not in the calibration"),
        "ndpr_content": _illustrative(0.20, 0.15, 0.25, "share",
                                      "NdPr share of mined rare-earth oxide; not in the calibration"),
        "scale": _illustrative(0.15, 0.05, 0.30, "elasticity",
                               "each 1% more volume bought together lowers the unit price by about 0.15%; "
                               "not in the calibration"),
        "china_premium": _illustrative(15.0, 0.0, 60.0, "USD/kg",
                                       "premium over the FOB price China offers for Australian feed under a "
                                       "long-term contract; not in the calibration"),
    }
    return ParameterSet({**sourced, **illustrative})


PARAMETERS = alliance_parameters()


def demand_and_supply(values: dict[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """Each member's China-exposed NdPr demand and its non-Chinese NdPr supply, kt/yr."""
    demand = {m: values["magnet_demand"] * values[f"{KEYS[m]}_consumption"] * values[f"{KEYS[m]}_exposure"]
              for m in MEMBERS}
    mined = values["world_mining"] * values["ndpr_content"]
    supply = dict.fromkeys(MEMBERS, 0.0)
    supply["US"] = mined * values["us_mining_share"]
    supply["Australia"] = mined * values["australia_mining_share"]
    supply["Canada"] = values["canada_ndpr"]
    return demand, supply


def alliance_game(values: dict[str, float]) -> CoalitionalGame:
    """The alliance's coalitional game, worths in USD m/yr (kt/yr times USD/kg)."""
    demand, supply = demand_and_supply(values)
    total = sum(demand.values())
    offtake = CoalitionalGame.pooled_offtake(
        {m: demand[m] / total for m in MEMBERS}, scale=values["scale"], price=values["ndpr_price"], volume=total
    )
    premium = values["price_floor"] - values["ndpr_price"]
    secured = CoalitionalGame(
        MEMBERS, lambda S: premium * min(sum(supply[m] for m in S), sum(demand[m] for m in S))
    )
    return offtake + secured


def main() -> None:
    values = PARAMETERS.defaults
    print("Illustrative figures (no sourced value in the calibration):")
    for name, p in PARAMETERS.items():
        if p.source == "illustrative":
            print(f"  {name:22s} {p.value:8.4g} {p.unit:10s} [{p.low:g}, {p.high:g}]")
    print("Sourced figures:", ", ".join(f"{k} ({p.source})" for k, p in PARAMETERS.items()
                                        if p.source != "illustrative"))

    game = alliance_game(values)
    demand, supply = demand_and_supply(values)
    grand = game.value(MEMBERS)
    eps, _ = game.least_core()
    core = game.core()
    print(f"\nThe bloc's worth v(N): {grand:,.0f} USD m/yr "
          f"(superadditive: {game.is_superadditive()}, convex: {game.is_convex()})")
    print(f"Grand coalition in the core (core non-empty): {core is not None}; least-core epsilon {eps:,.1f} "
          f"USD m/yr")

    shapley, nucleolus = game.shapley_value(), game.nucleolus()
    print("\nShares of the bloc's worth, USD m/yr")
    print(f"  {'member':12s} {'demand kt':>9s} {'supply kt':>9s} {'alone':>7s} {'Shapley':>8s} {'nucleolus':>9s}")
    for m in MEMBERS:
        print(f"  {m:12s} {demand[m]:9.2f} {supply[m]:9.2f} {game.value(m):7.0f} {shapley[m]:8.0f} "
              f"{nucleolus[m]:9.0f}")
    stable = game.is_stable([MEMBERS])
    if stable:
        print("The Shapley split of the grand coalition is stable: no group does better on its own.")
    else:
        print(f"The Shapley split is blocked by {', '.join(stable.blocking)}: together they are worth "
              f"{stable.gain:,.0f} USD m/yr more than it gives them; the nucleolus split is "
              f"{'stable' if game.is_stable([MEMBERS], allocation=nucleolus) else 'blocked too'}.")

    print("\nChina's cheapest split offer (side payment to leave the bloc, USD m/yr):")
    for rule in ("shapley", "nucleolus"):
        offer = cheapest_split(game, MEMBERS, rule=rule)
        print(f"  by the {rule:9s} share: {offer.member} for {offer.cost:,.1f} "
              f"(share {offer.share:,.1f}, alone {offer.outside_option:,.1f})")

    aus_supply = supply["Australia"]
    outside = values["china_premium"] * aus_supply
    breakeven = shapley["Australia"] / aus_supply
    choice = "join the bloc" if shapley["Australia"] > outside else "sell to China"
    print(f"\nAustralia: Shapley share in the bloc {shapley['Australia']:,.0f} USD m/yr against China's offer "
          f"of {values['china_premium']:g} USD/kg over FOB on {aus_supply:.1f} kt/yr = {outside:,.0f} USD m/yr: "
          f"{choice}.")
    print(f"  China would have to offer more than {breakeven:,.1f} USD/kg over FOB to win Australia's feed "
          f"(the illustrative range of the premium is {PARAMETERS['china_premium'].low:g}-"
          f"{PARAMETERS['china_premium'].high:g} USD/kg).")


if __name__ == "__main__":
    main()
