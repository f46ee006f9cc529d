"""Coercion and sanctions: worked examples and published values as oracles, comparative statics as properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from leverage import pure_equilibria
from leverage.coercion import (
    ANSWERS,
    CoercionModel,
    coercion_parameters,
    drezner_concession,
    risk_return,
    threat_then_impose,
    tsebelis,
)
from leverage.sequential import backward_induction
from leverage.testing.strategies import parameters

WORKED = dict(rent=1.0, target_loss=4.0, concession_share=0.5, diversification_cost=10.0,
              coercer_discount=0.9, target_discount=0.9, build_time=1.0)


# ---------------------------------------------------------------- the limit-coercion worked example


def test_limit_coercion_worked_example():
    R, L, c, K, d = 1.0, 4.0, 0.5, 10.0, 0.9
    model = CoercionModel(coercion_parameters(**WORKED))
    out = model.solve()
    threshold = K * (1 - d) / L  # the target diversifies once L r / (1 - d) exceeds K
    assert out.threshold == pytest.approx(threshold) and threshold == pytest.approx(0.25)
    assert out.optimal_restriction == pytest.approx(threshold)
    assert out.answer == "comply" and out.regime == "calibrated coercion"
    calibrated = (R * (1 - threshold) + c * L * threshold) / (1 - d)
    status_quo = R / (1 - d)
    embargo = c * L * 1  # one period of build time, then the market is lost
    assert out.optimum == pytest.approx(calibrated) and calibrated == pytest.approx(12.5)
    assert out.status_quo == pytest.approx(status_quo) and status_quo == pytest.approx(10.0)
    assert out.embargo == pytest.approx(embargo) and embargo == pytest.approx(2.0)
    assert out.optimum > out.status_quo > out.embargo
    assert out.answers[-1] == "diversify"


def test_solve_agrees_with_backward_induction_on_the_tree():
    model = CoercionModel(coercion_parameters(**WORKED), levels=np.linspace(0, 1, 9))
    out = model.solve()
    spe = backward_induction(model.tree(), ties="first")[0]
    (_, level), (_, answer) = spe.path
    assert level == f"r={out.optimal_restriction:g}" and answer == out.answer
    assert spe.payoffs[0] == pytest.approx(out.optimum)
    # on a small grid the SPE is a Nash equilibrium of the tree's normal form
    small = CoercionModel(coercion_parameters(**WORKED), levels=[0, 0.25, 1])
    tree = small.tree()
    spe = backward_induction(tree, ties="first")[0]
    assert tree.to_game().is_nash(tree.profile_of(spe))


def test_counter_leverage_makes_diversification_costlier_for_the_coercer():
    base = CoercionModel(coercion_parameters(**WORKED))
    hit = base.solve(counter_leverage=2.0)
    assert hit.embargo < base.solve().embargo
    assert hit.optimal_restriction <= base.solve().optimal_restriction


def test_normal_form_and_parametric_game_agree():
    model = CoercionModel(levels=[0, 0.25, 0.5, 1])
    pg = model.parametric_game()
    C, T = pg.batch({"diversification_cost": [10.0, 40.0]})
    for k, K in enumerate((10.0, 40.0)):
        g = model.game(diversification_cost=K)
        np.testing.assert_allclose(C[k], g.payoffs[0])
        np.testing.assert_allclose(T[k], g.payoffs[1])
    assert g.strategies[1] == ANSWERS


# ---------------------------------------------------------------- properties


@given(parameters(coercion_parameters(), vary=["diversification_cost", "target_loss", "concession_share",
                                               "target_discount", "counter_leverage", "build_time"]),
       st.floats(0.0, 1000.0))
def test_a_higher_diversification_cost_never_lowers_the_calibrated_restriction(values, other_cost):
    model = CoercionModel(coercion_parameters(**values))
    low, high = sorted((values["diversification_cost"], other_cost))
    at_low, at_high = model.solve(diversification_cost=low), model.solve(diversification_cost=high)
    # while the coercer keeps the target (the restriction it chooses does not trigger diversification),
    # a dearer way out lets it restrict more
    assume(at_low.answer != "diversify" and at_high.answer != "diversify")
    assert at_high.optimal_restriction >= at_low.optimal_restriction


def test_squeezing_a_departing_target_can_beat_keeping_it():
    # when diversifying is free, any restriction drives the target out; with a large loss and full
    # concession share the coercer then squeezes it during the build (an embargo), but with a dear way
    # out it keeps the target at the threshold: the optimal restriction *falls* as the cost rises.
    values = dict(rent=1.0, target_loss=20.0, concession_share=1.0, target_discount=0.99, build_time=1.0)
    model = CoercionModel(coercion_parameters(**values, diversification_cost=0.0))
    free, dear = model.solve(), model.solve(diversification_cost=1000.0)
    assert (free.optimal_restriction, free.answer) == (1.0, "diversify")
    assert dear.answer == "comply" and dear.optimal_restriction == pytest.approx(dear.threshold)
    assert dear.optimal_restriction < free.optimal_restriction


@given(parameters(coercion_parameters(), vary=["rent", "target_loss", "concession_share", "coercer_discount"]))
def test_without_diversification_or_counter_leverage_the_optimum_is_the_embargo_when_the_concession_pays(values):
    values["counter_leverage"] = 0.0
    R, L, c = values["rent"], values["target_loss"], values["concession_share"]
    assume(abs(c * L - R) > 1e-9)
    out = CoercionModel(coercion_parameters(**values)).solve(allow_diversification=False)
    expected = 1.0 if c * L > R else 0.0
    assert out.optimal_restriction == expected


@given(st.floats(0.05, 0.95), st.floats(0.0, 1.0), st.floats(0.01, 1.0))
def test_fearon_demand_and_risk(p, cost_a, cost_b_max):
    x, risk = risk_return(p, cost_a, cost_b_max)
    closed = min(p + max(0.0, (cost_b_max - cost_a) / 2), p + cost_b_max, 1.0)  # Fearon (1995)
    assert x == pytest.approx(closed)
    assert risk == pytest.approx((closed - p) / cost_b_max)
    assert (risk > 0) == (cost_b_max > cost_a and p < 1.0 - 1e-12)


@given(st.floats(0.5, 5), st.floats(0.5, 5), st.floats(-5, -0.1), st.floats(0.1, 5))
def test_tsebelis_violation_probability_depends_only_on_the_senders_payoffs(a, b, t_low, shift):
    sender = (1.0, 0.0, -1.0, 2.0)
    target_1 = (0.0, a, 0.0, t_low)
    target_2 = (0.0, a + shift, b, t_low - shift)
    assume(target_2[2] > target_2[3])
    _, eq1 = tsebelis(target_1, sender)
    _, eq2 = tsebelis(target_2, sender)
    # the sender's indifference fixes the target's mix: p_violate = (s_CN - s_CS) / ((s_CN - s_CS) + (s_VS - s_VN))
    s_cn, s_vn, s_cs, s_vs = sender
    p_violate = (s_cn - s_cs) / ((s_cn - s_cs) + (s_vs - s_vn))
    assert eq1.strategies[0][1] == pytest.approx(p_violate)
    assert eq2.strategies[0][1] == pytest.approx(p_violate)


@given(st.floats(0.0, 1.0))
def test_imposed_sanctions_are_a_selected_sample(p_resolute):
    out = threat_then_impose(p_resolute)
    if out.threaten and out.p_imposed > 0:
        assert out.p_success_if_imposed <= out.p_concede_at_threat / (1.0 - out.p_imposed + 1e-300) + 1e-12
        assert out.p_success_if_imposed < out.p_success_overall or out.p_success_overall == 0.0


def test_drezner_published_values():
    assert [round(drezner_concession(1.0, 0.4, b), 4) for b in (1.0, 0.5, 0.0)] == [1.0, 0.5333, 0.3]


def test_tsebelis_equilibrium_is_verified_and_mixed():
    game, eq = tsebelis()
    assert not pure_equilibria(game)
    assert game.is_nash(eq.strategies) and all(len(s) == 2 for s in eq.support)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: CoercionModel(levels=[0, 0.5, 1.2]), ValueError, r"CoercionModel\(\): restriction levels must lie in \[0, 1\]"),
        (lambda: CoercionModel(levels=[-0.1]), ValueError, "restriction levels must lie in"),
        (lambda: CoercionModel(levels=[]), ValueError, "levels is empty"),
        (lambda: CoercionModel().solve(target_discount=1.5), ValueError, "outside its range"),
        (lambda: threat_then_impose(1.5), ValueError, r"threat_then_impose\(\): p_resolute must be a probability in \[0, 1\]"),
        (lambda: threat_then_impose(0.5, sanction_cost=-1), ValueError, "sanction_cost must be finite and non-negative"),
        (lambda: risk_return(-0.1, 0.1, 0.3), ValueError, r"risk_return\(\): p must be a probability in \[0, 1\]"),
        (lambda: risk_return(0.5, 0.1, 0.0), ValueError, "cost_b_max must be positive"),
        (lambda: drezner_concession(1.0, 0.4, 2.0), ValueError, "beta must be a probability"),
        (lambda: tsebelis((0, 0, 0, 0), (1, 0, -1, 2)), ValueError, "the target must prefer violating unsanctioned"),
        (lambda: CoercionModel(parameters={"rent": 1}), TypeError, "parameters must be a ParameterSet"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_fearon_risk_is_positive_whenever_b_may_be_cheaper_to_fight_even_by_one_ulp():
    # the premium (cost_b_max - cost_a) / 2 is below p's rounding unit here; it must not vanish
    cost_a = 0.05
    cost_b_max = float(np.nextafter(cost_a, 1.0))
    _, risk = risk_return(0.5, cost_a, cost_b_max)
    assert risk > 0
    assert risk == pytest.approx((cost_b_max - cost_a) / (2 * cost_b_max), rel=1e-12)
