"""Regimes: thresholds against closed forms, regime-map boundaries, distances to a flip."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from leverage.sensitivity.regimes import distance_to_flip, equilibrium_regime, regime_map, threshold
from leverage.scenarios import export_restriction_game
from leverage.scenarios.export_restriction import calibrated_export_restriction_parameters
from leverage.testing.strategies import parameters


def closed_form_premium(separation_share):
    """The premium above which the US complies with licensing, from the calibrated parameter values.

    Against licensing (r = 1/2) complying costs the US ``0.375 k R d`` and diversifying ``V (p - 1) d
    + 0.5 g s R d``, where China's rent at the price ``F / p`` is ``R = (1 - c p / F) V``. So the US
    complies iff ``V (p - 1) >= (1 - c p / F) V A`` with ``A = 0.375 k - 0.5 g s``, that is iff
    ``p >= (1 + A) / (1 + A c / F)``; ``d`` and ``V`` cancel.
    """
    v = calibrated_export_restriction_parameters().defaults
    a = 0.375 * v["concession_multiplier"] - 0.5 * v["shortage_rate"] * separation_share
    return (1 + a) / (1 + a * v["china_cost"] / v["floor_price"])


def us_complies_with_licensing(game):
    return game.payoffs[1][1, 0] >= game.payoffs[1][1, 1]


@given(parameters(export_restriction_game().parameters, vary=["separation_share", "us_import_dependence"]))
def test_threshold_matches_the_closed_form(values):
    model = export_restriction_game()
    at = {k: v for k, v in values.items() if k != "diversification_premium"}
    found = threshold(model, "diversification_premium", us_complies_with_licensing, at=at)
    assert found == pytest.approx(closed_form_premium(values["separation_share"]), abs=1e-9)


def test_regime_map_boundary_is_within_one_cell_of_the_threshold():
    model = export_restriction_game()
    xs = np.linspace(1.25, 2.4, 47)
    ys = np.linspace(0.85, 0.95, 5)
    m = regime_map(model, ("diversification_premium", xs), ("separation_share", ys))
    step = xs[1] - xs[0]
    for i, s in enumerate(ys):
        licensing = np.array(["License/Comply" == label for label in m.labels[i]])
        assert licensing[-1] and not licensing[0]
        first = xs[np.argmax(licensing)]
        assert abs(first - closed_form_premium(s)) <= step * (1 + 1e-9)
    assert "License/Comply" in m.regimes


def test_refined_regime_map_locates_the_boundary_within_one_refined_cell():
    model = export_restriction_game()
    xs = np.linspace(1.25, 2.4, 6)
    ys = np.linspace(0.85, 0.95, 3)
    rounds = 4
    m = regime_map(model, ("diversification_premium", xs), ("separation_share", ys), refine=rounds)
    step = (xs[1] - xs[0]) / 2**rounds
    assert np.allclose(np.diff(m.x), step) and len(m.x) == (len(xs) - 1) * 2**rounds + 1
    for i, s in enumerate(m.y):
        licensing = np.array(["License/Comply" == label for label in m.labels[i]])
        first = m.x[np.argmax(licensing)]
        assert licensing[-1] and not licensing[0]
        assert np.all(licensing[np.argmax(licensing):])  # one boundary per row
        assert abs(first - closed_form_premium(s)) <= step * (1 + 1e-9)
    # refinement solved only near the boundary, yet agrees with solving every cell of the fine grid
    full = regime_map(model, ("diversification_premium", m.x), ("separation_share", m.y))
    assert m.labels.tolist() == full.labels.tolist()
    assert m.solved.sum() < 0.5 * m.solved.size


def test_refinement_with_a_cell_by_cell_regime_function_agrees_with_the_batched_one():
    model = export_restriction_game()
    xs, ys = np.linspace(1.25, 2.4, 4), np.array([0.9])
    fast = regime_map(model, ("diversification_premium", xs), ("separation_share", ys), refine=2)
    slow = regime_map(model, ("diversification_premium", xs), ("separation_share", ys), refine=2,
                      regime=equilibrium_regime)
    assert fast.labels.tolist() == slow.labels.tolist()
    assert fast.labels.shape == (1, 13)


def test_distance_to_flip_finds_the_premium_threshold():
    model = export_restriction_game()
    flips = distance_to_flip(model)
    premium = flips["diversification_premium"]
    assert premium.regime == equilibrium_regime(model.game())
    # the regime label changes where the tolerance rule stops calling the US indifferent: within
    # rtol (1e-8) of the payoff range of the exact threshold
    assert premium.down == pytest.approx(closed_form_premium(0.91), abs=1e-7)
    assert premium.up is None
    p = model.parameters["diversification_premium"]
    assert premium.distance == pytest.approx((p.value - premium.down) / (p.high - p.low))
    assert list(flips)[0] == "diversification_premium"


def test_bad_input():
    model = export_restriction_game()
    with pytest.raises(ValueError, match=r"threshold\(\): the predicate is true at both ends"):
        threshold(model, "diversification_premium", lambda g: True)
    with pytest.raises(ValueError, match="must be increasing and inside"):
        threshold(model, "diversification_premium", us_complies_with_licensing, bracket=(2.0, 1.5))
    with pytest.raises(KeyError, match="unknown parameter 'tariff'"):
        threshold(model, "tariff", us_complies_with_licensing)
    with pytest.raises(TypeError, match=r"regime_map\(\): model must be a ParametricGame or a RegimeModel"):
        regime_map(model.game(), ("a", [1]), ("b", [1]))
    with pytest.raises(ValueError, match="outside its range"):
        regime_map(model, ("separation_share", [0.5]), ("us_import_dependence", [0.7]))
    with pytest.raises(ValueError, match=r"regime_map\(\): refine must be a non-negative integer"):
        regime_map(model, ("separation_share", [0.9]), ("us_import_dependence", [0.7]), refine=-1)
    with pytest.raises(ValueError, match="must be strictly increasing to be refined"):
        regime_map(model, ("separation_share", [0.9, 0.85]), ("us_import_dependence", [0.7]), refine=1)
    with pytest.raises(ValueError, match="num must be an integer >= 2"):
        distance_to_flip(model, num=1)


def test_vectorised_regime_map_agrees_with_cell_by_cell_labels():
    model = export_restriction_game()
    xs = np.linspace(1.25, 2.4, 9)
    ys = np.linspace(0.85, 0.95, 4)
    fast = regime_map(model, ("diversification_premium", xs), ("separation_share", ys))
    slow = regime_map(model, ("diversification_premium", xs), ("separation_share", ys), regime=equilibrium_regime)
    assert fast.labels.tolist() == slow.labels.tolist()


def test_tornado_marks_the_bar_that_crosses_the_regime_boundary():
    from leverage.sensitivity import tornado

    model = export_restriction_game()
    bars = tornado(model, "payoff_US")
    by_name = {b.parameter: b for b in bars}
    # the premium's range contains the closed-form threshold (about 1.48 at s = 0.91); the others' ranges do not flip
    assert by_name["diversification_premium"].crosses_regime
    assert not by_name["us_import_dependence"].crosses_regime
    assert bars == sorted(bars, key=lambda b: -b.swing)
    narrow = tornado(model, "payoff_US", ranges={"diversification_premium": (2.0, 2.4)})
    assert not {b.parameter: b for b in narrow}["diversification_premium"].crosses_regime
    with pytest.raises(KeyError, match="not a column of the sweep"):
        tornado(model, "payoff_Japan")


# ---------------------------------------------------------------- models that name their own regime


class Entry:
    """A RegimeModel with a known switch: enter iff cost < demand (the closed form is the oracle)."""

    def __init__(self) -> None:
        from leverage import Parameter, ParameterSet

        self.parameters = ParameterSet(cost=Parameter(1.0, 0.0, 3.0, "bn USD", "test"),
                                       demand=Parameter(2.0, 0.0, 3.0, "bn USD", "test"))
        self.calls = 0

    def regime(self, **values: float) -> str:
        self.calls += 1
        assert set(values) == {"cost", "demand"}  # called with every parameter by name
        return "enter" if values["cost"] < values["demand"] else "stay out"


def test_a_regime_model_is_mapped_and_its_flips_found_by_the_same_tools():
    from leverage.sensitivity.regimes import RegimeModel

    model = Entry()
    assert isinstance(model, RegimeModel) and not isinstance(export_restriction_game(), RegimeModel)
    cost, demand = np.linspace(0.0, 3.0, 7), np.linspace(0.5, 2.5, 5)
    m = regime_map(model, ("cost", cost), ("demand", demand))
    expected = np.where(cost[None, :] < demand[:, None], "enter", "stay out")
    assert (m.labels == expected).all() and m.solved.all()
    refined = regime_map(model, ("cost", cost), ("demand", demand), refine=2)
    X, Y = np.meshgrid(refined.x, refined.y)
    assert (refined.labels == np.where(X < Y, "enter", "stay out")).all() and not refined.solved.all()
    flips = distance_to_flip(model)
    assert flips["cost"].regime == "enter" and flips["cost"].down is None
    assert flips["cost"].up == pytest.approx(2.0)            # cost rises to the demand
    assert flips["demand"].down == pytest.approx(1.0) and flips["demand"].up is None
    assert flips["cost"].distance == pytest.approx(1.0 / 3.0)
    moved = distance_to_flip(model, at={"demand": 2.5})
    assert moved["cost"].up == pytest.approx(2.5)


def test_a_regime_model_is_checked():
    model = Entry()
    with pytest.raises(TypeError, match=r"regime_map\(\): regime labels games; a RegimeModel names its own regime"):
        regime_map(model, ("cost", [1.0]), ("demand", [2.0]), regime=equilibrium_regime)
    assert model.calls == 0  # refused before any solving
    with pytest.raises(TypeError, match=r"distance_to_flip\(\): regime labels games"):
        distance_to_flip(model, regime=equilibrium_regime)
    with pytest.raises(TypeError, match=r"distance_to_flip\(\): model must be a ParametricGame or a RegimeModel"):
        distance_to_flip(object())

    class NotAString(Entry):
        def regime(self, **values: float) -> str:
            return 1  # type: ignore[return-value]

    with pytest.raises(TypeError, match=r"regime_map\(\): NotAString.regime\(\) must return a str; got int"):
        regime_map(NotAString(), ("cost", [1.0]), ("demand", [2.0]))

    class NoParameterSet:
        parameters = {"cost": 1.0}

        def regime(self, **values: float) -> str:
            return "x"

    with pytest.raises(TypeError, match=r"regime_map\(\): model must be a ParametricGame or a RegimeModel"):
        regime_map(NoParameterSet(), ("cost", [1.0]), ("demand", [2.0]))
    with pytest.raises(ValueError, match=r"regime_map\(\).*outside its range"):
        regime_map(model, ("cost", [4.0]), ("demand", [2.0]))


def test_the_batched_scan_of_distance_to_flip_gives_the_point_by_point_flips():
    # the default labeller is scanned in one batched sweep; an explicit labeller is called point by point
    from leverage.scenarios.registry import GAMES
    from leverage.scenarios.trajectories import default_parameters

    model = GAMES["export_restriction"](default_parameters())
    batched = distance_to_flip(model, num=8)
    one_by_one = distance_to_flip(model, regime=equilibrium_regime, num=8)
    assert list(batched) == list(one_by_one)
    for a, b in zip(batched.values(), one_by_one.values()):
        assert (a.regime, a.down, a.up, a.distance) == (b.regime, b.down, b.up, b.distance)
    assert any(f.down is not None or f.up is not None for f in batched.values())
