"""Issue 19: the corrected calibration, one payoff unit per game, and scenarios on the command line.

Each corrected figure is checked against the calibration notes (``../shared/calibration.md``),
restated here as the numbers the notes print, computed in the test: a figure either says
what its source says or is marked illustrative. Each game's payoffs are recomputed from
the parameters, in US$ bn per year, by a formula written out here independently of the
library's vectorised code.
"""

from __future__ import annotations

import itertools
import math
import tomllib
from pathlib import Path

import numpy as np
import pytest

from leverage import equilibria, pure_equilibria
from leverage.actors import ACTORS, actor, calibration, resource_states
from leverage.scenarios.alignment import alignment_game, alignment_parameters, alignment_payoffs
from leverage.scenarios.export_restriction import (
    PAYOFF_UNIT,
    RESTRICTION_LEVELS,
    calibrated_export_restriction_game,
    calibrated_export_restriction_parameters,
    export_restriction_game,
)
from leverage.scenarios.london_talks import london_talks_games, london_talks_parameters
from leverage.scenarios.recycling import recycling_bargaining, recycling_parameters
from leverage.scenarios.registry import packaged_scenario, packaged_scenarios
from leverage.scenarios.trajectories import TRAJECTORIES, default_parameters
from leverage.tolerance import RTOL, tolerances

# -- the calibration notes' figures ------------------------------------------------------------
WORLD_MINING_KT = 390.0  # USGS MCS 2025
AUSTRALIA_KT, MYANMAR_KT = 13.0, 31.0  # USGS MCS 2025
MALAYSIA_2023, MALAYSIA_2030, MALAYSIA_LOW, MALAYSIA_HIGH = 0.05, 0.12, 0.04, 0.12  # IEA GCMO 2024
MAGNETS_2024_T, MAY_2025_FALL, JULY_2025_T = 58_152, 0.74, 5_577  # China customs (Adamas; WSJ / Reuters)
EUROPE_PRICE = (82.5 + 85.0) / 2  # Argus, Sep 2025
CHINA_FOB = (50.0 + 55.0) / 2  # Fastmarkets, mid-2024
JAPAN_2010, JAPAN_NOW_LOW, JAPAN_NOW_HIGH = 0.90, 0.60, 0.70  # Argus; JOGMEC
EXPORTS_BN = 2.86  # China's magnet exports 2024, US$ bn (Adamas)
CRMA_SINGLE_SUPPLIER_CAP = 0.65  # Regulation (EU) 2024/1252, Art. 5
DEFAULTS = default_parameters()


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


# -- a test per corrected figure ---------------------------------------------------------------
def test_eu_dependence_is_marked_illustrative_not_sourced_to_the_magnet_share():
    p = DEFAULTS["eu_dependence"]
    assert p.illustrative and p.source == "illustrative"
    assert "not EU dependence" in p.note and "no sourced figure" in p.note
    assert close(p.low, CRMA_SINGLE_SUPPLIER_CAP) and p.high == 1.0
    assert close(actor("eu").parameters["crma_single_supplier_cap"].value, p.low)


def test_resource_share_counts_one_stage_of_the_lynas_chain():
    p = DEFAULTS["resource_share"]
    assert close(p.value, AUSTRALIA_KT / WORLD_MINING_KT) and p.source == "USGS MCS 2025"
    assert not close(p.value, MALAYSIA_2023 + AUSTRALIA_KT / WORLD_MINING_KT)  # the old double count, 0.083
    assert close(p.low, 0.8 * AUSTRALIA_KT / WORLD_MINING_KT) and close(p.high, 1.2 * AUSTRALIA_KT / WORLD_MINING_KT)
    assert "not added" in p.note and p.unit == "share of world mine supply"


def test_alt_capacity_is_one_projected_growth_shared_by_the_underwriters():
    p = DEFAULTS["alt_capacity"]
    assert close(p.value, MALAYSIA_2030 - MALAYSIA_2023) and p.source == "IEA GCMO 2024"
    assert p.low == 0.01 and "assumed" in p.note and close(p.high, MALAYSIA_HIGH - MALAYSIA_LOW)
    # both underwriters together add alt_capacity, not twice it: China's rent with the valve open
    # is R (1 - a), so the change of a from no underwriter to two is read off China's payoff
    v = alignment_parameters().defaults
    china = alignment_payoffs(**v)[0]
    rent = (1 - v["china_cost"] / v["china_price"]) * v["market_value"]
    open_, china_chain = 0, 0
    a_none = 1 - china[open_, 1, 1, china_chain] / rent
    a_both = 1 - china[open_, 0, 0, china_chain] / rent
    assert math.isclose(a_both - a_none, p.value, rel_tol=1e-9)


def test_license_level_range_spans_the_post_london_state_and_the_may_trough():
    p = DEFAULTS["license_level"]
    monthly_2024 = MAGNETS_2024_T / 12
    post_london = max(0.0, 1 - JULY_2025_T / monthly_2024)  # July 2025 above the 2024 monthly mean
    assert post_london == 0.0 and p.low == post_london and close(p.high, MAY_2025_FALL)
    assert p.illustrative and close(p.value, (p.low + p.high) / 2)
    assert "5,577" in p.source and "1,238" in p.source and "58,152" in p.source


def test_market_lost_after_an_embargo_is_a_yearly_share_marked_illustrative():
    p = DEFAULTS["market_loss_share"]
    years = 15  # 2010 to 2025
    assert p.illustrative and "per year" in p.unit
    assert close(p.high, (1 - JAPAN_NOW_LOW / JAPAN_2010) / years)
    assert close(p.value, (1 - (JAPAN_NOW_LOW + JAPAN_NOW_HIGH) / 2 / JAPAN_2010) / years)
    assert p.value < (1 - 60 / 90) / 10  # far below the old per-period 1 - 60/90


def test_recycling_quantities_have_their_real_meaning_or_are_illustrative():
    ps = recycling_parameters()
    assert close(ps["allied_price"].value, EUROPE_PRICE) and ps["allied_price"].source == "Argus, Sep 2025"
    assert close(ps["china_price"].value, CHINA_FOB) and "Fastmarkets" in ps["china_price"].source
    for name in ("china_cost", "buyer_value", "recycled_cost", "contract_volume", "frontier_curvature"):
        assert ps[name].illustrative, name
    assert "not a price EU or Japanese" in ps["buyer_value"].note.replace("which EU and Japanese buyers cannot",
                                                                         "not a price EU or Japanese")
    assert "not a recycling cost" in ps["recycled_cost"].note
    # China's cost stays below its price over the whole box: its margin is never zero or negative
    assert ps["china_cost"].high < ps["china_price"].low


def test_leverage_is_the_us_dependence_not_multiplied_by_the_world_separation_share():
    model = calibrated_export_restriction_game()
    comply, license_ = 0, 1
    at = {name: [model.parameters[name].low, model.parameters[name].high] for name in ("separation_share",)}
    low, high = (model.game(separation_share=s).payoffs[1][license_, comply] for s in at["separation_share"])
    assert low == high  # the concession does not depend on China's world share
    v = model.parameters.defaults
    rent = (1 - v["china_cost"] / v["china_price"]) * v["market_value"]
    r = RESTRICTION_LEVELS["License"]
    assert math.isclose(low, -rent * v["concession_multiplier"] * v["us_import_dependence"] * r * (1 - r / 2),
                        rel_tol=1e-12)


def test_ira_sourcing_rule_runs_from_40_percent_to_an_80_percent_cap():
    us = calibration("us")
    share, step = us["us_ira_sourcing_share"], us["us_ira_sourcing_step"]
    assert (share.value, share.low, share.high) == (0.40, 0.40, 0.80)
    assert share.source == "26 USC 30D(e)(1)(B)" and step.source == share.source
    assert close(share.low + 4 * step.value, share.high)  # 2023 + 4 years of 10 points = the 2027 cap


def test_the_ev_credit_says_it_ended_after_september_2025():
    credit = calibration("us")["us_ev_tax_credit"]
    assert (credit.value, credit.low, credit.high) == (0.0, 0.0, 7500.0)
    assert "Public Law 119-21" in credit.source
    assert "30 September 2025" in credit.note


def test_myanmar_canada_and_kazakhstan_are_actors_with_their_figures():
    assert {"myanmar", "canada", "kazakhstan"} <= set(ACTORS)
    assert {a.key for a in resource_states()} >= {"myanmar", "canada", "kazakhstan"}
    myanmar = actor("Myanmar").parameters["mining_share"]
    assert close(myanmar.value, MYANMAR_KT / WORLD_MINING_KT) and myanmar.source == "USGS MCS 2025"
    canada = actor("Canada").parameters["ndpr_processing_target"]
    assert canada.value == 1.0 and canada.unit == "kt/yr" and "Caixin" in canada.source
    kazakhstan = actor("Kazakhstan").parameters["uranium_mining_share"]
    assert kazakhstan.value == 0.40 and "approximate" in kazakhstan.note


def test_the_unlisted_constants_are_named_illustrative_parameters():
    for name in ("rent_forfeit", "concession_multiplier", "shortage_rate", "frontier_curvature",
                 "licence_reward", "licence_punishment", "chip_reward", "chip_punishment"):
        assert DEFAULTS[name].illustrative, name
    assert (DEFAULTS["rent_forfeit"].value, DEFAULTS["concession_multiplier"].value,
            DEFAULTS["shortage_rate"].value, DEFAULTS["frontier_curvature"].value) == (0.8, 3.0, 0.2, 1.5)


def test_linked_quantities_are_one_parameter_shared_by_every_game():
    # China's price and cost enter the export game, the alignment game (China's margin) and the
    # recycling talks: one definition each, so a scenario that changes one changes all three
    for name in ("china_price", "china_cost", "market_value"):
        assert calibrated_export_restriction_parameters()[name] == alignment_parameters()[name]
    for name in ("china_price", "china_cost"):
        assert calibrated_export_restriction_parameters()[name] == recycling_parameters()[name]
    assert recycling_parameters()["allied_price"].value == actor("eu").parameters["ndpr_price_europe"].value
    cheaper = DEFAULTS.replace(china_cost=30.0)
    assert (calibrated_export_restriction_game(cheaper).game().payoffs[0][0, 0]
            > calibrated_export_restriction_game(DEFAULTS).game().payoffs[0][0, 0])
    assert (recycling_bargaining(cheaper).disagreement[0] > recycling_bargaining(DEFAULTS).disagreement[0])


def test_every_parameter_is_sourced_or_marked_illustrative():
    for name, p in DEFAULTS.items():
        assert p.illustrative or (p.source.strip() and not p.source.casefold().startswith("illustrative")), name
    flagged = [n for n, p in DEFAULTS.items() if p.source.casefold().startswith("illustrative")]
    assert all(DEFAULTS[n].illustrative for n in flagged)
    assert DEFAULTS["license_level"].illustrative  # flagged explicitly: its range is sourced, its value is not


# -- one unit: each game's payoffs recomputed independently in US$ bn per year -----------------------
def test_every_game_states_its_payoff_unit():
    import leverage.scenarios.alignment as alignment
    import leverage.scenarios.export_restriction as export
    import leverage.scenarios.london_talks as london
    import leverage.scenarios.recycling as recycling

    assert PAYOFF_UNIT == "US$ bn per year"
    for module in (alignment, export, london, recycling):
        assert "US$ bn per year" in module.__doc__, module.__name__
    assert "US$ bn per year" in (calibrated_export_restriction_game.__doc__ or "")


def _export_by_hand(v: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    rent = v["market_value"] * (v["china_price"] - v["china_cost"]) / v["china_price"]  # margin x volume
    bill = v["market_value"]  # the buyers' purchases at China's price
    d, s = v["us_import_dependence"], v["separation_share"]
    p = max(v["floor_price"] / v["china_price"], 1.0)  # the premium, derived; a floor does not bind below the price
    china, us = np.zeros((3, 2)), np.zeros((3, 2))
    for i, r in enumerate((0.0, 0.5, 1.0)):
        concession = rent * v["concession_multiplier"] * d * r * (1 - r / 2)
        kept = rent * (1 - v["rent_forfeit"] * r)
        china[i] = (kept + concession, kept * (1 - d))
        us[i] = (-concession, -bill * (p - 1) * d - rent * v["shortage_rate"] * r * d * s)
    return china, us


@pytest.mark.parametrize("seed", [None, 1, 2])
def test_export_restriction_payoffs_in_usd_bn_match_an_independent_computation(seed):
    model = calibrated_export_restriction_game()
    ps = model.parameters
    v = ps.defaults if seed is None else dict(zip(ps.names, ps.sample(1, seed=seed)[0]))
    game = model.game(**v)
    china, us = _export_by_hand(v)
    np.testing.assert_allclose(game.payoffs[0], china, rtol=RTOL)
    np.testing.assert_allclose(game.payoffs[1], us, rtol=RTOL)
    if seed is None:  # the scale: China's rent with the valve open, about US$0.68 bn a year
        assert math.isclose(game.payoffs[0][0, 0], EXPORTS_BN * (1 - 40 / CHINA_FOB), rel_tol=1e-12)


@pytest.mark.parametrize("premium", [110 / 90, 1.5, 110 / 52.5, 110 / 45])
def test_the_teaching_view_is_the_calibrated_game_at_the_price_its_premium_implies(premium):
    # one unit (US$ bn per year) and one price: a premium p is the floor over China's price, 110 / p
    teaching = export_restriction_game()
    v = {**calibrated_export_restriction_parameters().defaults, "separation_share": 0.88,
         "us_import_dependence": 0.75}
    v["china_price"] = v["floor_price"] / premium
    china, us = _export_by_hand(v)
    game = teaching.game(separation_share=0.88, us_import_dependence=0.75, diversification_premium=premium)
    np.testing.assert_allclose(game.payoffs[0], china, rtol=RTOL)
    np.testing.assert_allclose(game.payoffs[1], us, rtol=RTOL)
    if math.isclose(premium, 110 / 52.5):  # the calibration itself
        calibrated = calibrated_export_restriction_game().game(separation_share=0.88, us_import_dependence=0.75)
        np.testing.assert_allclose(game.payoffs, calibrated.payoffs, rtol=RTOL)


def test_a_floor_below_chinas_price_does_not_bind():
    # a price floor is a minimum: with China's price above it, diversifying or underwriting costs no premium
    v = {**DEFAULTS.defaults, "floor_price": 82.5, "china_price": 90.0}
    export = calibrated_export_restriction_game(DEFAULTS)
    us = export.game(**{k: v[k] for k in export.parameters.names}).payoffs[1]
    assert us[0, 1] == 0.0  # open valve, the US diversifies: no premium, no shortage
    align = alignment_game(DEFAULTS)
    us_align = align.game(**{k: v[k] for k in align.parameters.names}).payoffs[1]
    assert us_align[0, 0, 1, 0] == us_align[0, 1, 1, 0]  # underwriting against an open valve costs nothing


def test_a_price_set_once_moves_the_premium_in_every_game_that_uses_it():
    # the premium is derived (floor over China's price), never set twice: changing China's price alone moves
    # the US's cost of diversifying in the export game and of underwriting in the alignment game
    base = DEFAULTS.defaults
    dearer = {**base, "china_price": 80.0}
    export = calibrated_export_restriction_game(DEFAULTS)
    for values in (base, dearer):
        premium = values["floor_price"] / values["china_price"]
        us = export.game(**{k: values[k] for k in export.parameters.names}).payoffs[1]
        np.testing.assert_allclose(us[0, 1], -values["market_value"] * (premium - 1) * values["us_import_dependence"],
                                   rtol=RTOL)
        align = alignment_game(DEFAULTS)
        us_align = align.game(**{k: values[k] for k in align.parameters.names}).payoffs[1]
        floor = values["market_value"] * (premium - 1) * values["alt_capacity"] / 2
        # open valve, the US underwrites minus abstains: the floor's cost alone (the EU and states held fixed)
        np.testing.assert_allclose(us_align[0, 0, 1, 0] - us_align[0, 1, 1, 0], -floor, rtol=RTOL)
    assert "diversification_premium" not in DEFAULTS  # only the two prices are parameters of the scenario
    assert DEFAULTS["floor_price"].value == 110.0 and close(DEFAULTS["floor_price"].low, 82.5)


def _alignment_by_hand(v: dict[str, float]) -> list[np.ndarray]:
    V = v["market_value"]
    rent = V * (1 - v["china_cost"] / v["china_price"])
    levels = (0.0, v["license_level"], 1.0)
    out = [np.zeros((3, 2, 2, 3)) for _ in range(4)]
    for i, j, k, c in itertools.product(range(3), range(2), range(2), range(3)):
        r, us_u, eu_u = levels[i], j == 0, k == 0
        n = us_u + eu_u
        m = (0.0, 1.0, 0.5)[c]
        a = min(1.0, 1 - v["separation_share"] + v["alt_capacity"] * n / 2 + v["resource_share"] * m * (n >= 1))
        dbar = (v["us_import_dependence"] + v["eu_dependence"]) / 2
        L = v["restriction_loss"]
        out[0][i, j, k, c] = rent * ((1 - a) * (1 - r) + v["concession_share"] * L * r * (1 - a) * dbar
                                     - v["market_loss_share"] * r * r)
        premium = max(v["floor_price"] / v["china_price"], 1.0)
        floor = V * (premium - 1) * v["alt_capacity"] / 2
        out[1][i, j, k, c] = -rent * L * v["us_import_dependence"] * r * (1 - a) - us_u * floor
        out[2][i, j, k, c] = -rent * L * v["eu_dependence"] * r * (1 - a) - eu_u * floor
        revenue = v["resource_share"] * V
        cover = min(1.0, n * v["alt_capacity"] / 2 / v["resource_share"])
        us_chain = revenue * (1 + (premium - 1) * cover - v["switching_cost"])
        out[3][i, j, k, c] = (revenue, us_chain, (revenue + us_chain) / 2 + revenue * v["hedge_bonus"] * (n >= 1))[c]
    return out


@pytest.mark.parametrize("seed", [None, 3, 4])
def test_alignment_payoffs_in_usd_bn_match_an_independent_computation(seed):
    model = alignment_game()
    ps = model.parameters
    v = ps.defaults if seed is None else dict(zip(ps.names, ps.sample(1, seed=seed)[0]))
    game = model.game(**v)
    for mine, theirs in zip(_alignment_by_hand(v), game.payoffs, strict=True):
        np.testing.assert_allclose(theirs, mine, rtol=RTOL, atol=1e-15)


def test_recycling_payoffs_in_usd_bn_match_an_independent_computation():
    v = recycling_parameters().defaults
    per_kg_to_bn = v["contract_volume"] * 1e6 / 1e9  # kt -> kg, USD -> US$ bn
    without, with_plant = recycling_bargaining(with_plant=False), recycling_bargaining(with_plant=True)
    china_batna = (v["china_price"] - v["china_cost"]) * per_kg_to_bn
    buyers_batna = (v["buyer_value"] - v["allied_price"]) * per_kg_to_bn
    plant = v["recycled_share"] * (v["allied_price"] - v["recycled_cost"]) * per_kg_to_bn
    np.testing.assert_allclose(without.disagreement, [china_batna, buyers_batna], rtol=RTOL)
    np.testing.assert_allclose(with_plant.disagreement, [china_batna, buyers_batna + plant], rtol=RTOL)
    # the Nash bargain lies on the frontier u_b = S (1 - (u_c / S)^q)^(1/q), S in US$ bn per year
    S, q = (v["buyer_value"] - v["china_cost"]) * per_kg_to_bn, v["frontier_curvature"]
    uc, ub = without.nash_solution().utilities
    assert math.isclose(ub, S * (1 - (uc / S) ** q) ** (1 / q), rel_tol=1e-6)


def test_london_talks_stage_payoffs_are_the_named_parameters():
    v = london_talks_parameters().defaults
    licences, chips = london_talks_games()
    for game, issue in ((licences, "licence"), (chips, "chip")):
        T, R, P = v[f"{issue}_temptation"], v[f"{issue}_reward"], v[f"{issue}_punishment"]
        np.testing.assert_array_equal(game.payoffs[0], [[R, 0.0], [T, P]])
        np.testing.assert_array_equal(game.payoffs[1], [[R, T], [0.0, P]])
        assert T > R > P > 0  # a strict prisoner's dilemma (sucker's payoff 0) at the calibration ...
    ps = london_talks_parameters()
    for issue in ("licence", "chip"):  # ... and across the whole box
        assert ps[f"{issue}_temptation"].low > ps[f"{issue}_reward"].high > ps[f"{issue}_punishment"].high
        assert ps[f"{issue}_punishment"].low > 0


def test_each_london_talks_stage_game_has_one_strict_equilibrium():
    # the punishment payoff above the sucker's payoff: mutual defection is the only equilibrium, and strict
    for game in london_talks_games():
        found = equilibria(game)
        assert [eq.support for eq in found] == [((1,), (1,))]
        assert _strict_margin(game, (1, 1)) > 1e3


# -- the flip and the ties -----------------------------------------------------------------------
def _pure_profiles(game) -> list[tuple[str, ...]]:
    return [tuple(names[s[0]] for names, s in zip(game.strategies, eq.support)) for eq in pure_equilibria(game)]


def test_one_unit_flips_the_alignment_game():
    v = alignment_parameters().defaults
    game = alignment_game().game()
    # in the old, mixed units China's terms were counted as if its margin were 1 (cost 0)
    from leverage import Game

    old = Game(alignment_payoffs(**{**v, "china_cost": 0.0}), players=game.players, strategies=game.strategies)
    assert ("Embargo", "Underwrite", "Underwrite", "US chain") in _pure_profiles(old)
    new = _pure_profiles(game)
    assert not any(p[1] == p[2] == "Underwrite" for p in new)  # no longer do both consumers underwrite
    assert new == [("Embargo", "Underwrite", "Abstain", "US chain"), ("Embargo", "Abstain", "Underwrite", "US chain"),
                   ("Embargo", "Abstain", "Abstain", "China chain")]


def _strict_margin(game, profile: tuple[int, ...]) -> float:
    """The smallest loss of any player from any unilateral deviation, relative to the game's tolerance."""
    tol = tolerances(game.payoffs)
    worst = math.inf
    for i in range(game.n_players):
        here = game.payoffs[i][profile]
        for k in range(game.shape[i]):
            if k != profile[i]:
                there = game.payoffs[i][profile[:i] + (k,) + profile[i + 1:]]
                worst = min(worst, (here - there) / tol[i])
    return worst


def test_no_reported_equilibrium_rests_on_a_tie():
    export = calibrated_export_restriction_game().game()
    found = equilibria(export)
    assert [eq.support for eq in found] == [((1,), (0,))]
    assert _strict_margin(export, (1, 0)) > 1e3
    for ps in [DEFAULTS] + [t.parameters() for t in TRAJECTORIES.values()]:
        game = alignment_game(ps).game()
        for eq in pure_equilibria(game):
            assert _strict_margin(game, tuple(s[0] for s in eq.support)) > 1e3


# -- packaged scenarios ---------------------------------------------------------------------------------
def test_the_packaged_scenarios_are_the_three_trajectories_with_the_same_values():
    packaged = packaged_scenarios()
    assert sorted(packaged) == sorted(name.replace(" ", "_") for name in TRAJECTORIES)
    examples = Path(__file__).resolve().parents[1] / "examples" / "scenarios"
    for name, t in TRAJECTORIES.items():
        path = packaged_scenario(name)
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["scenario"]["name"] == name
        assert {k: e["value"] for k, e in data["parameters"].items()} == dict(t.values)
        example = tomllib.loads((examples / path.name).read_text(encoding="utf-8"))
        assert example == data


# -- the games denominated in China's rent, converted to US$ bn ---------------------------------
def _rent_by_hand(v: dict[str, float]) -> float:
    return v["market_value"] * (v["china_price"] - v["china_cost"]) / v["china_price"]


@pytest.mark.parametrize("china_price", [52.5, 80.0])
def test_the_coercion_game_is_in_usd_bn_at_chinas_derived_rent(china_price):
    from leverage.coercion import CoercionModel, coercion_parameters
    from leverage.scenarios.trajectories import COERCION_MONEY, coercion_model

    ps = DEFAULTS.replace(china_price=china_price)
    v = ps.defaults
    rent = _rent_by_hand(v)
    model = coercion_model(ps)
    assert close(model.parameters["rent"].value, rent) and model.parameters["rent"].unit == "US$ bn/yr"
    for name in COERCION_MONEY:  # multiples of the rent, converted
        assert close(model.parameters[name].value, rent * v["coercion_" + name])
    out = model.solve()
    # the status quo: the rent for ever, discounted: R / (1 - delta)
    assert math.isclose(out.status_quo, rent / (1 - v["coercion_coercer_discount"]), rel_tol=1e-9)
    # the same model in units of the rent: the same choices, every present value divided by the rent
    unit = CoercionModel(coercion_parameters(**{n: v["coercion_" + n] for n in coercion_parameters().names
                                                if n != "rent"}))
    in_rent = unit.solve()
    assert (out.answer, out.regime) == (in_rent.answer, in_rent.regime)
    assert math.isclose(out.optimal_restriction, in_rent.optimal_restriction, rel_tol=1e-9)
    for field in ("status_quo", "optimum", "embargo"):
        assert math.isclose(getattr(out, field), rent * getattr(in_rent, field), rel_tol=1e-9), field
    assert "coercion_rent" not in ps  # derived, not set twice


def test_the_race_value_in_usd_bn_is_the_race_solved_in_usd_bn():
    from leverage.scenarios.diversification_race import race_outcome
    from leverage.scenarios.trajectory_paths import trajectory_outcome

    out = trajectory_outcome("managed rivalry", static=False, periods=4)
    rent = _rent_by_hand(DEFAULTS.defaults)
    assert close(out.rent, rent)
    race = out.race_parameters
    money = ("rent", "target_loss", "reliability_loss", "investment_cost")
    scaled = race.replace(**{n: race[n].value * rent for n in money})  # every money parameter, in US$ bn
    in_usd = race_outcome(scaled, periods=4)
    np.testing.assert_allclose(in_usd.path["restriction"], out.race.path["restriction"], atol=1e-9)
    assert math.isclose(in_usd.china_value, out.china_value_usd, rel_tol=1e-7)
