"""The rare-earth scenario games: structural facts that must hold at every calibration."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from leverage import pure_equilibria
from leverage.scenarios.alignment import ALIGNMENT_STRATEGIES, alignment_game, alignment_parameters
from leverage.scenarios.recycling import recycling_bargaining, recycling_outcome, recycling_parameters
from leverage.scenarios.trajectories import (
    TRAJECTORIES,
    coercion_model,
    default_parameters,
    outcomes,
    trajectory,
)
from leverage.testing.assertions import assert_equilibrium
from leverage.testing.strategies import parameters

ALIGNMENT = alignment_game()
CHINA, US, EU, STATES = range(4)
OPEN, LICENSE, EMBARGO = range(3)
UNDERWRITE, ABSTAIN = range(2)
CHINA_CHAIN, US_CHAIN, HEDGE = range(3)


@given(parameters(ALIGNMENT.parameters))
def test_no_consumer_underwrites_against_an_open_valve(values):
    # with free supply there is no loss to insure against, and underwriting costs the floor's premium:
    # strictly where the floor binds (above China's price), nothing (a tie) where it does not
    us = ALIGNMENT.game(**values).payoffs[US]
    eu = ALIGNMENT.game(**values).payoffs[EU]
    if values["floor_price"] > values["china_price"]:
        assert np.all(us[OPEN, ABSTAIN, :, :] > us[OPEN, UNDERWRITE, :, :])
        assert np.all(eu[OPEN, :, ABSTAIN, :] > eu[OPEN, :, UNDERWRITE, :])
    else:
        np.testing.assert_array_equal(us[OPEN, ABSTAIN, :, :], us[OPEN, UNDERWRITE, :, :])
        np.testing.assert_array_equal(eu[OPEN, :, ABSTAIN, :], eu[OPEN, :, UNDERWRITE, :])


@given(parameters(ALIGNMENT.parameters))
def test_resource_states_do_not_join_an_unbacked_us_chain(values):
    states = ALIGNMENT.game(**values).payoffs[STATES]
    unbacked = states[:, ABSTAIN, ABSTAIN, :]
    assert np.all(unbacked[:, US_CHAIN] <= unbacked[:, CHINA_CHAIN])
    assert np.all(unbacked[:, HEDGE] <= unbacked[:, CHINA_CHAIN])


@given(parameters(ALIGNMENT.parameters))
def test_every_pure_equilibrium_is_verified_and_restriction_is_never_free_for_consumers(values):
    game = ALIGNMENT.game(**values)
    for eq in pure_equilibria(game):
        assert_equilibrium(game, eq.strategies)
    us = game.payoffs[US]
    # a tighter valve never helps a consumer, whatever the others do
    assert np.all(us[LICENSE] <= us[OPEN] + 1e-12) and np.all(us[EMBARGO] <= us[LICENSE] + 1e-12)


@given(parameters(ALIGNMENT.parameters, vary=["floor_price", "china_price"]))
def test_a_costlier_floor_never_makes_underwriting_more_attractive(values):
    cheap = ALIGNMENT.game(**{**values, "floor_price": ALIGNMENT.parameters["floor_price"].low})
    dear = ALIGNMENT.game(**values)
    gain = lambda g: g.payoffs[US][:, UNDERWRITE] - g.payoffs[US][:, ABSTAIN]
    assert np.all(gain(dear) <= gain(cheap) + 1e-12)


def test_batches_agree_with_single_games():
    draws = ALIGNMENT.parameters.sample(5, seed=2)
    stacked = ALIGNMENT.batch(draws)
    for k, row in enumerate(draws):
        game = ALIGNMENT.game(**dict(zip(ALIGNMENT.parameters.names, row)))
        for player in range(4):
            np.testing.assert_array_equal(stacked[player][k], game.payoffs[player])
    assert ALIGNMENT.strategies == ALIGNMENT_STRATEGIES


def test_recycling_plant_never_hurts_the_buyers():
    @given(parameters(recycling_parameters()))
    def check(values):
        out = recycling_outcome(recycling_parameters().replace(**values))
        per_kg_to_bn = values["contract_volume"] * 1e-3  # USD/kg on kt a year -> US$ bn a year
        gain = values["recycled_share"] * (values["allied_price"] - values["recycled_cost"]) * per_kg_to_bn
        assert out["batna gain"] == pytest.approx(gain)
        # a better BATNA never lowers the buyers' Nash outcome; a worse one never raises it
        assert out["plant's value"] * np.sign(gain) >= -1e-8
        if out["agreement after"]:
            assert out["buyers after"] >= out["buyers before"] - 1e-8 or gain < 0

    check()


def test_trajectories_are_inside_the_ranges_and_differ_where_they_should():
    base = default_parameters()
    results = {name: outcomes(t.parameters()) for name, t in TRAJECTORIES.items()}
    for name, t in TRAJECTORIES.items():
        assert set(t.values) <= set(base.names), name
        assert t.parameters().defaults != base.defaults
    rank = {"Open": 0, "License": 1, "Embargo": 2}

    def china_level(out):
        return max(rank[p.split(" / ")[0]] for p in out["alignment"])

    # overshoot restricts at least as hard as managed rivalry, and its impatience breaks linked cooperation
    assert china_level(results["overshoot into confrontation"]) >= china_level(results["managed rivalry"])
    assert not results["overshoot into confrontation"]["linkage"]["cooperation holds"]
    assert results["managed rivalry"]["linkage"]["cooperation holds"]
    # pooled recycling raises the buyers' bargaining gain from the plant
    assert (results["reluctant multilateralism"]["recycling"]["plant's value"]
            > results["managed rivalry"]["recycling"]["plant's value"])


def test_coercion_model_of_the_combined_set_is_the_worked_example():
    out = coercion_model().solve()
    v = default_parameters().defaults
    K, dt, L = v["coercion_diversification_cost"], v["coercion_target_discount"], v["coercion_target_loss"]
    assert out.threshold == pytest.approx(K * (1 - dt) / L)


def test_bad_input():
    with pytest.raises(KeyError, match=r"trajectory\(\): unknown trajectory 'detente'; known: 'managed rivalry'"):
        trajectory("detente")
    with pytest.raises(KeyError, match=r"alignment_game\(\): parameters lack"):
        alignment_game(recycling_parameters())
    with pytest.raises(KeyError, match=r"recycling_bargaining\(\): parameters lack"):
        recycling_bargaining(alignment_parameters())


def test_flagship_analysis_rejects_unknown_games_and_tabulates_the_ones_asked_for():
    from leverage.scenarios.analysis import flagship_analysis

    with pytest.raises(ValueError, match=r"flagship_analysis\(\): unknown game\(s\) 'tariffs'; known: 'export_restriction'"):
        flagship_analysis(games=("tariffs",))
    a = flagship_analysis(games=("recycling",), morris_trajectories=2, findings=False)  # findings: test_findings
    assert "bargaining" in a.tables and "coercion" not in a.tables and "linkage" not in a.tables
    rows = a.tables["bargaining"]
    with_plant = [r for r in rows if r["BATNA"] == "with recycling" and r["solution"] == "nash"][0]
    without = [r for r in rows if r["BATNA"] == "without recycling" and r["solution"] == "nash"][0]
    assert with_plant["EU and Japan"] >= without["EU and Japan"]  # a better BATNA never hurts at the table
