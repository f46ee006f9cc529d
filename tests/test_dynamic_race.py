"""The diversification race: its calibration is met by the computed path, and its limits are the static models."""

from __future__ import annotations

import numpy as np
import pytest

from leverage.dynamic import simulate
from leverage.parameters import ParameterSet
from leverage.scenarios.diversification_race import (
    RESTRICTION_LEVELS,
    calibrate_investment_cost,
    diversification_race,
    race_outcome,
    race_parameters,
)


@pytest.fixture(scope="module")
def baseline():
    return race_outcome()


def test_the_calibration_target_is_met_by_the_computed_path(baseline):
    v = race_parameters().defaults
    assert baseline.result.status == "converged"
    assert baseline.path["dependence"][0] == v["start_dependence"] == 0.9
    # the articles: Japan's dependence fell from about 0.9 to about 0.6 in a decade
    assert abs(baseline.path["dependence"][10] - v["target_dependence"]) <= 0.05
    assert np.all(np.diff(baseline.path["dependence"]) <= 0)  # dependence never rises
    assert baseline.years_below(0.65) is not None and baseline.years_below(0.65) <= 10


def test_the_calibrated_cost_is_the_best_of_its_neighbours():
    cost = race_parameters()["investment_cost"].value
    best, dependence = calibrate_investment_cost(costs=[cost / 2, cost])  # 0.52 and 0.57 after ten years
    assert best == cost and dependence == pytest.approx(race_outcome().path["dependence"][10])


def static_optimum(v, d):
    """argmax_r of China's flow d (R (1 - r) + c L r) - lam r**2 on the grid, ties to the lowest level."""
    r = np.array(RESTRICTION_LEVELS)
    flow = d * (v["rent"] * (1 - r) + v["concession_share"] * v["target_loss"] * r) - v["reliability_loss"] * r**2
    return r[np.flatnonzero(flow >= flow.max() - 1e-12)[0]]


def test_without_investment_the_race_is_the_repeated_coercion_model_at_its_static_optimum():
    v = race_parameters().defaults
    out = race_outcome(investment=False)
    grid = out.dependence
    assert out.restriction.tolist() == [static_optimum(v, d) for d in grid]
    assert np.all(out.path["dependence"] == 0.9)  # nothing is built
    assert np.all(out.path["restriction"] == static_optimum(v, 0.9))  # the same restriction every year


def test_without_restriction_the_target_never_invests():
    out = race_outcome(restriction=False)
    assert np.all(out.investment == 0) and np.all(out.path["dependence"] == 0.9)


def test_china_restricts_less_than_statically_when_the_target_can_build(baseline):
    v = race_parameters().defaults
    static = np.array([static_optimum(v, d) for d in baseline.dependence])
    assert np.all(baseline.restriction <= static + 1e-12) and np.any(baseline.restriction < static)


def test_an_overshoot_uses_the_believed_policy_on_the_true_path(baseline):
    wrong = race_outcome(policy_parameters=race_parameters(investment_cost=1.5))
    assert not np.allclose(wrong.restriction, baseline.restriction)
    assert wrong.china_value < baseline.china_value  # acting on a wrong belief costs China


def test_simulated_race_paths_average_to_the_exact_path(baseline):
    paths = simulate(baseline.result, "d=0.90", periods=11, seed=4, runs=3000)
    years10 = paths["state"][paths["period"] == 10]
    mean = np.mean([float(s[2:]) for s in years10])
    assert mean == pytest.approx(baseline.path["dependence"][10], abs=0.01)


def test_bad_race_inputs_name_the_function():
    with pytest.raises(ValueError, match=r"race_parameters\(\): .*completion=0.9 lies outside its range"):
        race_parameters(completion=0.9)
    with pytest.raises(TypeError, match=r"diversification_race\(\): restriction must be True or False"):
        diversification_race(restriction="no")
    with pytest.raises((KeyError, ValueError), match=r"diversification_race\(\)"):
        diversification_race(ParameterSet())
