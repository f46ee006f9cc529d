"""The coercion model with complete information: worked examples as oracles, game-theoretic facts as properties.

Closed forms (the threshold, the present values, the switch point K-hat) are computed here, from the
model's equations, and never used by the code, which optimises over all restriction levels.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from leverage.coercion import (
    CoercionModel,
    coercion_parameters,
    drezner_concession,
    risk_return,
    tsebelis,
)
from leverage.coercion.payoffs import coercer_present_values, maximise_on_interval, target_present_values
from leverage.extensive import ExtensiveGame, check_pbe
from leverage.sequential import backward_induction
from leverage.testing.strategies import parameters
from leverage.tolerance import RTOL, tolerances

R, L, C, K, D, TAU = 1.0, 4.0, 0.5, 10.0, 0.9, 1.0  # the worked example


def worked(**changes: float) -> CoercionModel:
    return CoercionModel(coercion_parameters(**changes))


def k_hat(v: dict[str, float]) -> float:
    """The switch point at lam = 0: the target exits iff K < K-hat (closed form, from the model's equations)."""
    g = v["concession_share"] * v["target_loss"] - v["rent"]
    gain = (v["concession_share"] * v["target_loss"] - v["counter_leverage"]) * (1 - v["coercer_discount"] ** v["build_time"])
    return v["target_loss"] * max(gain - v["rent"], 0.0) / (g * (1 - v["target_discount"]))


# ---------------------------------------------------------------- the checks of the issue


def test_worked_example_threshold_present_values_and_optimum():
    out = worked().solve()
    threshold = K * (1 - D) / L
    assert threshold == pytest.approx(0.25)
    assert out.threshold == pytest.approx(threshold, abs=1e-12)
    calibrated = (R * (1 - threshold) + C * L * threshold) / (1 - D)
    status_quo = R / (1 - D)
    embargo = C * L * (1 - D**TAU) / (1 - D)  # the target leaves after one period of squeeze
    assert (calibrated, status_quo, embargo) == pytest.approx((12.5, 10.0, 2.0))
    assert out.optimal_restriction == pytest.approx(threshold, abs=1e-9)
    assert (out.answer, out.regime, out.winner) == ("Stay", "calibrated", "keep")
    assert out.optimum == pytest.approx(calibrated, abs=1e-9)
    assert out.status_quo == pytest.approx(status_quo) and out.embargo == pytest.approx(embargo)
    assert out.keep_value == pytest.approx(calibrated) and out.squeeze_value == pytest.approx(embargo)
    # the optimum sits on the threshold: the target is indifferent and the tie rule keeps it
    assert out.target_indifferent and not out.on_boundary
    assert out.target_value == pytest.approx(-L * threshold / (1 - D))


def test_reliability_loss_two_keeps_the_threshold_and_lowers_the_value():
    out = worked(reliability_loss=2.0).solve()
    r = K * (1 - D) / L
    assert out.optimal_restriction == pytest.approx(r, abs=1e-9)
    assert out.optimum == pytest.approx((R * (1 - r) + C * L * r - 2.0 * r**2) / (1 - D)) == pytest.approx(11.25)


def test_reliability_loss_three_stops_inside_the_staying_region():
    out = worked(reliability_loss=3.0).solve()
    r = (C * L - R) / (2 * 3.0)  # the flow's peak, below the threshold 0.25
    assert r == pytest.approx(1 / 6)
    assert out.optimal_restriction == pytest.approx(r, abs=1e-7)
    assert out.optimum == pytest.approx((R + (C * L - R) * r - 3.0 * r**2) / (1 - D)) == pytest.approx(10.8333, abs=1e-4)
    assert out.answer == "Stay" and not out.target_indifferent


def test_a_long_build_splits_at_k_hat():
    v = coercion_parameters(build_time=10.0).defaults
    switch = k_hat(v)
    assert switch == pytest.approx(12.106, abs=1e-3)
    cheap = worked(build_time=10.0).solve()
    squeeze = (C * L) * (1 - D**10) / (1 - D)
    assert (cheap.optimal_restriction, cheap.answer, cheap.regime) == (1.0, "Exit", "squeeze-and-lose")
    assert cheap.optimum == pytest.approx(squeeze) == pytest.approx(13.026, abs=1e-3)
    dear = worked(build_time=10.0).solve(diversification_cost=15.0)
    assert dear.optimal_restriction == pytest.approx(0.375, abs=1e-9) and dear.answer == "Stay"
    assert dear.optimum == pytest.approx((R + (C * L - R) * 0.375) / (1 - D)) == pytest.approx(13.75)
    # the switch itself, located from the solved model by bisection, is K-hat
    lo, hi = 10.0, 15.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if worked(build_time=10.0).solve(diversification_cost=mid).answer == "Exit" else (lo, mid)
    assert hi == pytest.approx(switch, rel=1e-6)


def test_the_old_tie_is_gone_one_subgame_perfect_equilibrium_off_the_threshold():
    # the earlier model had 9 equilibria here, six of them at r = 0, because complying and resisting tied
    tree = CoercionModel(levels=[0, 0.2, 1]).tree()
    spes = backward_induction(tree, ties="all")
    assert len(spes) == 1
    assert spes[0].path == (("root", "r=0.2"), ("root/r=0.2", "Stay"))


def test_at_the_threshold_the_tree_has_a_second_equilibrium_and_the_model_reports_the_tie():
    model = CoercionModel(levels=[0, 0.25, 0.5, 1])
    spes = backward_induction(model.tree(), ties="all")
    assert len(spes) == 2
    paths = {spe.path for spe in spes}
    assert paths == {(("root", "r=0.25"), ("root/r=0.25", "Stay")), (("root", "r=0"), ("root/r=0", "Stay"))}
    out = model.solve()
    assert out.optimal_restriction == 0.25 and out.target_indifferent and out.method == "grid"


def test_game_is_the_normal_form_of_the_tree():
    model = CoercionModel()
    levels = [0.0, 0.25, 1.0]
    game, tree = model.game(levels), model.tree(levels)
    reference = tree.to_game()
    assert game.strategies == reference.strategies and len(game.strategies[1]) == 2 ** len(levels)
    for a, b in zip(game.payoffs, reference.payoffs, strict=True):
        np.testing.assert_array_equal(a, b)
    spe = backward_induction(tree, ties="first")[0]
    assert game.is_nash(tree.profile_of(spe))


def test_default_tree_contains_the_optimum_and_backward_induction_finds_it():
    for changes in ({}, {"build_time": 10.0}, {"reliability_loss": 3.0}):
        model = worked(**changes)
        out = model.solve()
        spe = backward_induction(model.tree(), ties="first")[0]
        assert spe.path[0][1] == f"r={out.optimal_restriction:.12g}" and spe.path[1][1] == out.answer
        assert spe.payoffs[0] == pytest.approx(out.optimum)


def test_grid_model_agrees_with_backward_induction():
    model = CoercionModel(levels=np.linspace(0, 1, 9))
    for changes in ({}, {"build_time": 10.0}, {"diversification_cost": 100.0}, {"reliability_loss": 3.0}):
        out = model.solve(**changes)
        spe = backward_induction(model.tree(**changes), ties="first")[0]
        assert spe.strategy == dict(out.strategy)
        assert spe.payoffs[0] == pytest.approx(out.optimum)


def test_the_regret_is_computed_on_the_tree():
    out = worked(build_time=10.0).solve()
    tree = worked(build_time=10.0).tree(out.levels)
    check = check_pbe(ExtensiveGame.from_tree(tree), dict(out.strategy), {})
    assert check.ok
    assert out.regret == pytest.approx(max(check.gains.values()), abs=1e-12)
    # a profile that is not subgame perfect has a positive regret: the target exits where it should stay
    wrong = dict(out.strategy)
    wrong["root/r=0"] = "Exit"
    assert not check_pbe(ExtensiveGame.from_tree(tree), wrong, {}).ok


def test_flat_branch_is_reported_as_a_boundary():
    # c L = R: keeping the target is worth R / (1 - dc) at every level it accepts; the lowest, r = 0, is taken
    out = worked(concession_share=0.25).solve()
    assert out.optimal_restriction == 0.0 and out.regime == "status quo" and out.on_boundary


def test_maximise_on_interval_returns_the_lower_end_of_a_flat_function_and_exact_ends():
    assert maximise_on_interval(lambda r: 0 * r + 3.0, 0.2, 0.9) == (0.2, 3.0)
    assert maximise_on_interval(lambda r: r, 0.0, 0.7) == (0.7, 0.7)
    with pytest.raises(ValueError, match=r"maximise_on_interval\(\): low and high"):
        maximise_on_interval(lambda r: r, 1.0, 0.0)


# ---------------------------------------------------------------- properties


VARY = ["rent", "target_loss", "concession_share", "diversification_cost", "build_time", "coercer_discount",
        "target_discount", "counter_leverage", "reliability_loss"]


def brute_force(v: dict[str, float]) -> tuple[float, float]:
    """The coercer's best value by a fine grid over r, refined locally (the target stays when it is not worse off)."""

    def value(r: np.ndarray) -> np.ndarray:
        ts, te = target_present_values(v, r)
        cs, ce = coercer_present_values(v, r)
        return np.where(ts >= te, cs, ce)

    grid = np.linspace(0.0, 1.0, 4001)
    vals = value(grid)
    best_r, best = 0.0, -np.inf
    padded = np.concatenate([[-np.inf], vals, [-np.inf]])
    peaks = np.flatnonzero((vals >= padded[:-2]) & (vals >= padded[2:]))  # every local maximum of the grid
    for k in peaks[np.argsort(vals[peaks])[::-1]][:20]:  # a jump up to a higher branch hides behind one
        r, val, h = float(grid[k]), float(vals[k]), 1.0 / 4000
        for _ in range(6):
            local = np.clip(np.linspace(r - 2 * h, r + 2 * h, 401), 0.0, 1.0)
            lv = value(local)
            j = int(np.argmax(lv))
            if lv[j] > val:
                r, val = float(local[j]), float(lv[j])
            h /= 100
        if val > best:
            best_r, best = r, val
    return best_r, best


def coercer_tolerance(v: dict[str, float]) -> float:
    cs, ce = coercer_present_values(v, np.linspace(0, 1, 21))
    return float(tolerances([np.concatenate([cs, ce])])[0])


@given(parameters(coercion_parameters(), vary=VARY))
def test_the_reported_optimum_is_the_brute_force_maximum(values):
    out = CoercionModel(coercion_parameters(**values)).solve()
    r_b, v_b = brute_force(values)
    tol = coercer_tolerance(values)
    assert out.optimum == pytest.approx(v_b, abs=2 * tol)
    if not out.on_boundary:
        assert out.optimal_restriction == pytest.approx(r_b, abs=1e-4)


@given(parameters(coercion_parameters(), vary=VARY))
def test_every_reported_equilibrium_is_subgame_perfect_on_the_tree(values):
    model = CoercionModel(coercion_parameters(**values))
    out = model.solve()
    tree = model.tree(out.levels)
    check = check_pbe(ExtensiveGame.from_tree(tree), dict(out.strategy), {})
    assert check.ok, check.failures
    assert out.regret == pytest.approx(max(check.gains.values()), abs=1e-12)
    assert out.regret <= max(tree.tolerances())
    assert out.strategy["root"] == f"r={out.optimal_restriction:.12g}"
    assert out.strategy[f"root/{out.strategy['root']}"] == out.answer


@given(parameters(coercion_parameters(), vary=VARY),
       st.lists(st.floats(0.0, 1.0), min_size=1, max_size=6))
def test_a_grid_model_is_solved_as_backward_induction_solves_its_tree(values, levels):
    model = CoercionModel(coercion_parameters(**values), levels=levels)
    out = model.solve()
    tree = model.tree()
    spe = backward_induction(tree, ties="first")[0]
    assert spe.strategy == dict(out.strategy)  # the same tie rule: the target stays, the lowest level wins
    assert spe.payoffs[0] == pytest.approx(out.optimum, abs=1e-12 * max(1.0, abs(out.optimum)))
    assert check_pbe(ExtensiveGame.from_tree(tree), dict(out.strategy), {}).ok


@given(parameters(coercion_parameters(), vary=VARY), st.floats(0.0, 1000.0))
def test_a_dearer_way_out_never_hurts_the_coercer_and_the_target_exits_below_one_switch(values, other):
    model = CoercionModel(coercion_parameters(**values))
    low, high = sorted((values["diversification_cost"], other))
    at_low, at_high = model.solve(diversification_cost=low), model.solve(diversification_cost=high)
    tol = coercer_tolerance(values)
    assert at_high.optimum >= at_low.optimum - tol
    # exit happens on a lower interval of K: if the target exits at the higher cost, it exits at the lower one
    if at_high.answer == "Exit" and not at_low.on_boundary:
        assert at_low.answer == "Exit"


@given(parameters(coercion_parameters(reliability_loss=0.0), vary=[k for k in VARY if k != "reliability_loss"]))
def test_without_reliability_loss_the_optimum_follows_the_closed_form(values):
    g = values["concession_share"] * values["target_loss"] - values["rent"]
    assume(g > 1e-6)
    switch = k_hat(values)
    cap = values["target_loss"] / (1 - values["target_discount"])
    k = values["diversification_cost"]
    assume(abs(k - switch) > 1e-6 * max(1.0, switch) and abs(k - cap) > 1e-6 * cap)
    out = CoercionModel(coercion_parameters(**values)).solve()
    if k < switch:
        assert (out.optimal_restriction, out.answer) == (1.0, "Exit")
    elif k < cap:
        assert out.answer == "Stay"
        assert out.optimal_restriction == pytest.approx(k * (1 - values["target_discount"]) / values["target_loss"],
                                                        abs=1e-9)
    else:
        assert (out.optimal_restriction, out.answer) == (1.0, "Stay")


def test_the_closed_form_optimum_needs_concessions_worth_more_than_the_rent():
    """Discrepancy with the issue's lam = 0 statement outside its domain: K-hat divides by g = c L - R, and with
    g < 0 the issue's rule (r = K (1 - dt) / L between K-hat and L / (1 - dt)) would restrict, though each unit of
    restriction then costs the coercer more rent than it gains: the optimum is the status quo."""
    v = coercion_parameters(concession_share=0.1).defaults  # g = 0.4 - 1 < 0
    g = v["concession_share"] * v["target_loss"] - v["rent"]
    assert g < 0 and k_hat(v) == 0.0                         # the K-hat: no exit region
    rule = v["diversification_cost"] * (1 - v["target_discount"]) / v["target_loss"]
    assert round(rule, 12) == 0.25                            # what the rule would pick
    out = CoercionModel(coercion_parameters(**v)).solve()
    assert (out.optimal_restriction, out.answer, out.regime) == (0.0, "Stay", "status quo")
    assert out.optimum > float(CoercionModel(coercion_parameters(**v)).value(rule)[()])


@given(parameters(coercion_parameters(), vary=VARY),
       st.lists(st.floats(-1.0, 1.0), min_size=len(VARY), max_size=len(VARY)))
def test_no_tie_decides_a_reported_result(values, direction):
    """A perturbation far below the tolerance leaves the optimum in place, unless the result says it is on a boundary."""
    ps = coercion_parameters()
    out = CoercionModel(coercion_parameters(**values)).solve()
    assume(not out.on_boundary)
    moved = {}
    for name, d in zip(VARY, direction, strict=True):
        p = ps[name]
        moved[name] = float(np.clip(values[name] + 1e-12 * d * (p.high - p.low), p.low, p.high))
    again = CoercionModel(coercion_parameters(**moved)).solve()
    assert again.regime == out.regime and again.answer == out.answer
    assert again.optimal_restriction == pytest.approx(out.optimal_restriction, abs=1e-6)
    assert again.optimum == pytest.approx(out.optimum, abs=10 * RTOL * max(1.0, abs(out.optimum)))


# ---------------------------------------------------------------- bad input


def test_bad_input_gets_a_clear_error():
    from leverage import Parameter, ParameterSet

    def wide(name: str, value: float) -> ParameterSet:
        params = dict(coercion_parameters().items())
        params[name] = Parameter(value, min(value, -5.0), max(value, 5.0), "u", "test")
        return ParameterSet(params)

    with pytest.raises(ValueError, match=r"CoercionModel\(\): reliability_loss must be non-negative; got -1"):
        CoercionModel(wide("reliability_loss", -1.0))
    with pytest.raises(ValueError, match=r"CoercionModel\(\): target_discount must be a discount factor in the open interval"):
        CoercionModel(wide("target_discount", 1.0))
    with pytest.raises(ValueError, match=r"CoercionModel\(\): coercer_discount must be a discount factor"):
        CoercionModel(wide("coercer_discount", 0.0))
    with pytest.raises(ValueError, match=r"CoercionModel\(\): levels must lie in \[0, 1\]; got \[0.0, 1.5\]"):
        CoercionModel(levels=[0.0, 1.5])
    with pytest.raises(ValueError, match=r"CoercionModel.value\(\): r must lie in \[0, 1\]; got -0.1"):
        CoercionModel().value(-0.1)
    with pytest.raises(ValueError, match=r"CoercionModel.tree\(\): levels must lie in \[0, 1\]"):
        CoercionModel().tree(levels=[2.0])
    with pytest.raises(ValueError, match=r"CoercionModel\(\): levels is empty"):
        CoercionModel(levels=[])
    with pytest.raises(TypeError, match=r"CoercionModel\(\): parameters must be a ParameterSet; got dict"):
        CoercionModel({"rent": 1.0})
    with pytest.raises(KeyError, match=r"CoercionModel\(\): parameters lack reliability_loss"):
        CoercionModel(ParameterSet({k: p for k, p in coercion_parameters().items() if k != "reliability_loss"}))
    with pytest.raises(ValueError, match=r"reliability_loss=-1 lies outside its range"):
        CoercionModel().solve(reliability_loss=-1.0)


# ---------------------------------------------------------------- the classic models (moved unchanged)


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
    s_cn, s_vn, s_cs, s_vs = sender
    p_violate = (s_cn - s_cs) / ((s_cn - s_cs) + (s_vs - s_vn))
    assert eq1.strategies[0][1] == pytest.approx(p_violate)
    assert eq2.strategies[0][1] == pytest.approx(p_violate)


def test_drezner_published_values():
    assert [round(drezner_concession(1.0, 0.4, b), 4) for b in (1.0, 0.5, 0.0)] == [1.0, 0.5333, 0.3]


def test_tsebelis_equilibrium_is_verified_and_mixed():
    from leverage import pure_equilibria

    game, eq = tsebelis()
    assert not pure_equilibria(game)
    assert game.is_nash(eq.strategies) and all(len(s) == 2 for s in eq.support)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: risk_return(-0.1, 0.1, 0.3), ValueError, r"risk_return\(\): p must be a probability in \[0, 1\]"),
        (lambda: risk_return(0.5, 0.1, 0.0), ValueError, "cost_b_max must be positive"),
        (lambda: drezner_concession(1.0, 0.4, 2.0), ValueError, "beta must be a probability"),
        (lambda: tsebelis((0, 0, 0, 0), (1, 0, -1, 2)), ValueError, "the target must prefer violating unsanctioned"),
    ],
)
def test_classic_models_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_fearon_risk_is_positive_whenever_b_may_be_cheaper_to_fight_even_by_one_ulp():
    # the premium (cost_b_max - cost_a) / 2 is below p's rounding unit here; it must not vanish
    cost_a = 0.05
    cost_b_max = float(np.nextafter(cost_a, 1.0))
    _, risk = risk_return(0.5, cost_a, cost_b_max)
    assert risk > 0
    assert risk == pytest.approx((cost_b_max - cost_a) / (2 * cost_b_max), rel=1e-12)


# ---------------------------------------------------------------- regime map over (lam, X)


def test_regime_map_over_reliability_loss_and_counter_leverage():
    from leverage.sensitivity.regimes import regime_map

    model = worked(build_time=10.0, diversification_cost=5.0)
    lam, X = [0.0, 0.05, 0.5, 2.0], [0.0, 0.2, 0.35, 1.0, 5.0]
    m = regime_map(model, ("reliability_loss", lam), ("counter_leverage", X))
    assert m.labels.shape == (len(X), len(lam))
    for i, x in enumerate(X):
        for j, lo in enumerate(lam):
            assert m.labels[i, j] == model.solve(reliability_loss=lo, counter_leverage=x).regime
    # at lam = 0 squeezing (r = 1) beats keeping (r at the threshold 0.125) while X < X*, from the model's equations
    r_keep = 5.0 * (1 - D) / L
    x_star = C * L - (R + (C * L - R) * r_keep) / (1 - D**10)
    assert x_star == pytest.approx(0.2728, abs=1e-4)
    assert [m.labels[i, 0] for i in range(len(X))] == ["squeeze-and-lose" if x < x_star else "calibrated" for x in X]
    assert set(m.regimes) == {"squeeze-and-lose", "calibrated"}


def test_distance_to_flip_finds_the_build_time_at_which_squeezing_wins():
    """The regime tools' distance_to_flip takes the coercion model; the flip in tau is where K-hat(tau) = K."""
    from leverage import ParameterSet
    from leverage.sensitivity.regimes import RegimeModel, distance_to_flip

    model = worked()
    assert isinstance(model, RegimeModel)

    class BuildTimeOnly:  # the same model, scanned along the build time only (a RegimeModel of one parameter)
        parameters = ParameterSet(build_time=model.parameters["build_time"])

        def regime(self, **values: float) -> str:
            return model.regime(**values)

    flip = distance_to_flip(BuildTimeOnly(), num=4)["build_time"]
    # K-hat(tau) = L [c L (1 - dc**tau) - R] / (g (1 - dt)) = K  <=>  dc**tau = 1 - (R + K g (1 - dt) / L) / (c L)
    g = C * L - R
    tau = float(np.log(1 - (R + K * g * (1 - D) / L) / (C * L)) / np.log(D))
    assert round(tau, 4) == 9.3093
    assert flip.regime == "calibrated" and flip.down is None
    assert flip.up == pytest.approx(tau, rel=np.sqrt(RTOL))
    span = model.parameters["build_time"].high - model.parameters["build_time"].low
    assert model.regime(build_time=tau + np.sqrt(RTOL) * span) == "squeeze-and-lose"
    assert model.regime(build_time=tau - np.sqrt(RTOL) * span) == "calibrated"
