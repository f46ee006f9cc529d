"""Screening: the target's diversification cost is private. Closed forms of the uniform case are the oracles.

With X = 0 and lam = 0 and K uniform on [0, K_max] (the issue's notation): P(exit | r) = min(1, a r) with
a = L / ((1 - dt) K_max), V(r) = f(r) [1 - min(1, a r) dc**tau] / (1 - dc) with f(r) = R (1 - r) + c L r, and,
for g = c L - R > 0, the best level at which some types stay is
r_in = clip(1 / (2 a dc**tau) - R / (2 g), 0, min(1, 1 / a)); when 1 / a < 1 the corner r = 1 (every type exits)
is worth f(1) (1 - dc**tau) / (1 - dc). The code never uses these formulas: it optimises.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from scipy import stats

from leverage import Parameter, ParameterSet
from leverage.coercion import ScreeningModel, coercer_present_values, coercion_regime_map, screening_parameters
from leverage.sensitivity.regimes import RegimeModel, regime_map
from leverage.testing.strategies import parameters
from leverage.tolerance import tolerances


def closed_form(v: dict[str, float]) -> dict[str, float]:
    """The uniform case's oracle (X = 0, lam = 0, g > 0)."""
    R, L, c, kmax = v["rent"], v["target_loss"], v["concession_share"], v["diversification_cost_max"]
    dc, dt, tau = v["coercer_discount"], v["target_discount"], v["build_time"]
    a, g, b = L / ((1 - dt) * kmax), c * L - R, dc**tau

    def f(r: float) -> float:
        return R * (1 - r) + c * L * r

    def value(r: float) -> float:
        return f(r) * (1 - min(1.0, a * r) * b) / (1 - dc)

    r_in = float(np.clip(1 / (2 * a * b) - R / (2 * g), 0.0, min(1.0, 1 / a)))
    out = {"a": a, "r_in": r_in, "v_in": value(r_in), "r": r_in, "v": value(r_in)}
    if 1 / a < 1:
        corner = f(1.0) * (1 - b) / (1 - dc)
        out["v_corner"] = corner
        if corner > out["v"]:
            out["r"], out["v"] = 1.0, corner
    out["p"] = min(1.0, a * out["r"])
    return out


def test_worked_example_with_a_ceiling_of_80():
    model = ScreeningModel()
    v = model.values()
    oracle = closed_form(v)
    assert (oracle["r"], oracle["p"], oracle["v"]) == pytest.approx((0.6111, 0.3056, 11.681), abs=1e-3)
    out = model.solve()
    assert out.optimal_restriction == pytest.approx(oracle["r"], abs=1e-7)
    assert out.p_exit == pytest.approx(oracle["p"], abs=1e-7)
    assert out.value == pytest.approx(oracle["v"], abs=1e-9)
    assert out.regime == "calibrated" and not out.on_boundary
    assert out.cutoff == pytest.approx(v["target_loss"] * out.optimal_restriction / (1 - v["target_discount"]))
    assert np.isnan(out.corner_value)  # 1 / a = 2 > 1: some types stay at every level


def test_a_long_build_and_a_low_ceiling_make_squeezing_everyone_pay():
    model = ScreeningModel(screening_parameters(diversification_cost_max=20.0, build_time=20.0))
    oracle = closed_form(model.values())
    assert oracle["r_in"] == pytest.approx(0.5) and oracle["v_in"] == pytest.approx(13.18, abs=5e-3)
    assert oracle["v_corner"] == pytest.approx(17.57, abs=5e-3)
    out = model.solve()
    assert (out.optimal_restriction, out.p_exit, out.regime) == (1.0, 1.0, "squeeze-and-lose")
    assert out.value == pytest.approx(oracle["v_corner"])
    assert out.interior_restriction == pytest.approx(0.5) and out.interior_value == pytest.approx(oracle["v_in"])
    assert out.corner_value == pytest.approx(oracle["v_corner"])
    assert model.expected_value(0.5) == pytest.approx(oracle["v_in"])


def test_the_probability_of_exit_is_the_uniform_cdf_at_the_indifferent_type():
    model = ScreeningModel()
    v = model.values()
    a = v["target_loss"] / ((1 - v["target_discount"]) * v["diversification_cost_max"])
    r = np.linspace(0, 1, 11)
    np.testing.assert_allclose(model.p_exit(r), np.minimum(1.0, a * r))
    np.testing.assert_allclose(model.p_exit(r, diversification_cost_max=20.0), np.minimum(1.0, 4 * a * r))


@given(parameters(screening_parameters(), vary=["rent", "target_loss", "concession_share", "diversification_cost_max",
                                                  "build_time", "coercer_discount", "target_discount"]))
def test_uniform_optimum_is_the_better_of_the_closed_form_candidates(values):
    g = values["concession_share"] * values["target_loss"] - values["rent"]
    assume(g > 1e-3)
    oracle = closed_form(values)
    out = ScreeningModel(screening_parameters(**values)).solve()
    stay, exit_ = coercer_present_values(values, np.linspace(0, 1, 21))
    tol = float(tolerances([np.concatenate([stay, exit_])])[0])
    assert out.value == pytest.approx(oracle["v"], abs=4 * tol + 1e-12)
    if not out.on_boundary:
        assert out.optimal_restriction == pytest.approx(oracle["r"], abs=1e-5)
        assert out.p_exit == pytest.approx(oracle["p"], abs=1e-4)


def test_the_interior_closed_form_needs_concessions_worth_more_than_the_rent():
    """Discrepancy with the issue's formula outside its domain: with g = c L - R < 0 the clip formula points at
    the top of the branch, but V is decreasing there and the optimum is the status quo."""
    values = screening_parameters(concession_share=0.1).defaults  # g = 0.4 - 1 < 0
    a, b = 4 / (0.1 * 80), 0.9
    g = 0.1 * 4 - 1
    formula = float(np.clip(1 / (2 * a * b) - 1 / (2 * g), 0.0, min(1.0, 1 / a)))
    assert formula == 1.0
    out = ScreeningModel(screening_parameters(**values)).solve()
    assert out.optimal_restriction == 0.0 and out.regime == "status quo"
    assert out.value > float(ScreeningModel(screening_parameters(**values)).expected_value(formula))


@pytest.mark.parametrize("dist", [stats.expon(scale=40.0), stats.lognorm(s=1.0, scale=30.0), stats.gamma(a=3.0, scale=8.0),
                                  stats.truncnorm(-1.0, 3.0, loc=20.0, scale=20.0)],
                         ids=["expon", "lognorm", "gamma", "truncnorm"])
def test_any_continuous_distribution_matches_a_brute_force_search(dist):
    model = ScreeningModel(screening_parameters(reliability_loss=1.0, counter_leverage=0.5), distribution=dist)
    out = model.solve()
    grid = np.linspace(0, 1, 20001)
    vals = model.expected_value(grid)
    k = int(np.argmax(vals))
    assert out.value >= vals[k] - 1e-9 and out.value == pytest.approx(vals[k], abs=1e-6)
    assert out.optimal_restriction == pytest.approx(grid[k], abs=2e-4)
    v = model.values()
    cut = v["target_loss"] * out.optimal_restriction / (1 - v["target_discount"])
    assert out.p_exit == pytest.approx(dist.cdf(cut))


def test_a_point_of_no_return_below_one_only_for_bounded_costs():
    bounded = ScreeningModel(screening_parameters(diversification_cost_max=20.0)).solve()
    unbounded = ScreeningModel(distribution=stats.expon(scale=20.0)).solve()
    assert not np.isnan(bounded.corner_value) and np.isnan(unbounded.corner_value)


# ---------------------------------------------------------------- regime map over (K_max, tau)


def test_regime_map_over_the_ceiling_and_the_build_time():
    """The library's regime_map takes the screening model through the RegimeModel protocol."""
    model = ScreeningModel()
    assert isinstance(model, RegimeModel)
    kmax, tau = [10.0, 20.0, 80.0, 400.0], [1.0, 10.0, 20.0]
    m = regime_map(model, ("diversification_cost_max", kmax), ("build_time", tau))
    assert m.labels.shape == (3, 4) and m.solved.all()
    for i, t in enumerate(tau):
        for j, k in enumerate(kmax):
            assert m.labels[i, j] == model.solve(diversification_cost_max=k, build_time=t).regime
    assert m.labels[2, 1] == "squeeze-and-lose"  # the corner case: K_max = 20, tau = 20
    assert m.labels[0, 2] == "calibrated" and m.labels[0, 3] == "embargo accepted"
    assert set(m.regimes) <= {"status quo", "calibrated", "squeeze-and-lose", "embargo accepted"}
    assert m.boundary().any()
    # the convenience wrapper is the same call
    again = coercion_regime_map(model, ("diversification_cost_max", kmax), ("build_time", tau))
    assert (again.labels == m.labels).all()


def test_regime_map_rejects_bad_axes():
    model = ScreeningModel()
    with pytest.raises(ValueError, match=r"regime_map\(\): x and y must name two different parameters"):
        regime_map(model, ("build_time", [1]), ("build_time", [2]))
    with pytest.raises(KeyError, match=r"regime_map\(\): unknown parameter 'diversification_cost'"):
        regime_map(model, ("diversification_cost", [1]), ("build_time", [2]))
    with pytest.raises(TypeError, match=r"regime_map\(\): regime labels games; a RegimeModel names its own regime"):
        regime_map(model, ("diversification_cost_max", [20]), ("build_time", [2]), regime=str)
    with pytest.raises(ValueError, match=r"^coercion_regime_map\(\): x and y must name two different parameters"):
        coercion_regime_map(model, ("build_time", [1]), ("build_time", [2]))  # regime_map's error, renamed
    with pytest.raises(ValueError, match=r"coercion_regime_map\(\): at must not fix the axis parameter 'build_time'"):
        coercion_regime_map(model, ("diversification_cost_max", [20]), ("build_time", [2]), at={"build_time": 3})
    with pytest.raises(ValueError, match=r"outside"):
        coercion_regime_map(model, ("diversification_cost_max", [0.5]), ("build_time", [2]))
    with pytest.raises(TypeError, match=r"coercion_regime_map\(\): model must be a CoercionModel or a ScreeningModel"):
        coercion_regime_map("model", ("a", [1]), ("b", [2]))


# ---------------------------------------------------------------- bad input


def test_bad_input_gets_a_clear_error():
    with pytest.raises(ValueError, match=r"ScreeningModel\(\): distribution of the diversification cost must have "
                                         r"non-negative support; its support starts at -inf"):
        ScreeningModel(distribution=stats.norm(10, 5))
    with pytest.raises(ValueError, match=r"support starts at -5"):
        ScreeningModel(distribution=stats.uniform(-5, 10))
    with pytest.raises(TypeError, match=r"ScreeningModel\(\): distribution must be a frozen continuous scipy.stats"):
        ScreeningModel(distribution=stats.poisson(3))
    with pytest.raises(TypeError, match=r"distribution must be a frozen continuous"):
        ScreeningModel(distribution=stats.uniform)
    params = dict(screening_parameters().items())
    for bad in (0.0, -10.0):
        params["diversification_cost_max"] = Parameter(bad, -20.0, 100.0, "u", "test")
        with pytest.raises(ValueError, match=r"ScreeningModel\(\): diversification_cost_max must be"):
            ScreeningModel(ParameterSet(params))
    with pytest.raises(ValueError, match=r"diversification_cost_max=0 lies outside its range"):
        ScreeningModel().solve(diversification_cost_max=0.0)
    params = dict(screening_parameters().items())
    params["coercer_discount"] = Parameter(1.0, 0.0, 1.0, "u", "test")
    with pytest.raises(ValueError, match=r"ScreeningModel\(\): coercer_discount must be a discount factor in the open "
                                         r"interval \(0, 1\); got 1.0"):
        ScreeningModel(ParameterSet(params))
    params = dict(screening_parameters().items())
    params["reliability_loss"] = Parameter(-0.5, -1.0, 1.0, "u", "test")
    with pytest.raises(ValueError, match=r"reliability_loss must be non-negative; got -0.5"):
        ScreeningModel(ParameterSet(params))
    with pytest.raises(ValueError, match=r"ScreeningModel.p_exit\(\): r must lie in \[0, 1\]; got 1.5"):
        ScreeningModel().p_exit(1.5)
    with pytest.raises(ValueError, match=r"ScreeningModel.expected_value\(\): r must lie in \[0, 1\]"):
        ScreeningModel().expected_value([0.5, -0.5])
