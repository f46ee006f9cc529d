"""Parameters, parameter sets and parameterised games."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leverage import Game, Parameter, ParameterSet, ParametricGame, equilibria
from leverage.testing.strategies import parameters


def export_game_parameters() -> ParameterSet:
    return ParameterSet(
        rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative export rent"),
        loss=Parameter(4.0, 1.0, 8.0, "bn USD/yr", "illustrative target loss"),
        cost=Parameter(3.0, 0.0, 10.0, "bn USD", "illustrative diversification cost"),
    )


def export_game_payoffs(rent, loss, cost):
    # China: Open / Restrict; US: Comply / Diversify
    china = [[rent, rent], [rent + 0.5 * loss, 0.5 * rent]]
    us = [[0.0, -cost], [-0.5 * loss, -cost]]
    return china, us


def export_model() -> ParametricGame:
    return ParametricGame(
        export_game_parameters(),
        export_game_payoffs,
        players=("China", "US"),
        strategies=(("Open", "Restrict"), ("Comply", "Diversify")),
    )


def test_parameter_holds_value_range_unit_source():
    p = Parameter(0.91, 0.85, 0.95, "share", "IEA GCMO 2024", note="separation")
    assert p.range == (0.85, 0.95)
    assert p.contains(0.9) and not p.contains(0.99)
    np.testing.assert_array_equal(p.contains([0.8, 0.9]), [False, True])
    assert p.with_value(0.85).value == 0.85


@pytest.mark.parametrize(
    "args, error, message",
    [
        ((1.2, 0.0, 1.0, "share", "src"), ValueError, r"Parameter\(\): value 1.2 lies outside its range \[0.0, 1.0\]"),
        ((0.5, 1.0, 0.0, "share", "src"), ValueError, r"low \(1.0\) is greater than high \(0.0\)"),
        ((0.5, 0.0, 1.0, "share", ""), ValueError, "source must be a non-empty citation"),
        ((0.5, 0.0, 1.0, "share", "   "), ValueError, "source must be a non-empty citation"),
        ((float("nan"), 0.0, 1.0, "share", "src"), ValueError, "value must be finite"),
        ((0.5, 0.0, float("inf"), "share", "src"), ValueError, "high must be finite"),
        (("a", 0.0, 1.0, "share", "src"), TypeError, "value must be a real number"),
        ((True, 0.0, 1.0, "share", "src"), TypeError, "got a bool"),
        ((0.5, 0.0, 1.0, 3, "src"), TypeError, "unit must be a string"),
        ((0.5, 0.0, 1.0, "share", None), TypeError, "source must be a string"),
    ],
)
def test_bad_parameter(args, error, message):
    with pytest.raises(error, match=message):
        Parameter(*args)


def test_parameter_set_is_ordered_and_replace_returns_new_set():
    ps = export_game_parameters()
    assert ps.names == ("rent", "loss", "cost")
    new = ps.replace(loss=8.0)
    assert new["loss"].value == 8.0 and ps["loss"].value == 4.0
    assert new["loss"].source == ps["loss"].source
    np.testing.assert_array_equal(ps.lows, [0.5, 1.0, 0.0])
    np.testing.assert_array_equal(ps.highs, [2.0, 8.0, 10.0])


def test_bad_parameter_set():
    p = Parameter(1.0, 0.0, 2.0, "u", "s")
    with pytest.raises(ValueError, match=r"ParameterSet.replace\(\): loss=9 lies outside its range \[1, 8\]"):
        export_game_parameters().replace(loss=9)
    with pytest.raises(KeyError, match="unknown parameter 'gain'"):
        export_game_parameters().replace(gain=1.0)
    with pytest.raises(TypeError, match="parameter 'a' must be a Parameter; got float"):
        ParameterSet(a=1.0)
    with pytest.raises(ValueError, match="not a valid identifier"):
        ParameterSet({"a b": p})
    with pytest.raises(ValueError, match="duplicate parameter name 'a'"):
        ParameterSet({"a": p}, a=p)
    with pytest.raises(TypeError, match="parameters must be a mapping"):
        ParameterSet([p])


def test_parametric_game_at_calibration_and_overrides():
    model = export_model()
    g = model.game()
    assert isinstance(g, Game) and g.players == ("China", "US")
    np.testing.assert_allclose(g.payoffs[0], [[1.0, 1.0], [3.0, 0.5]])
    g2 = model.game(loss=1.0)
    np.testing.assert_allclose(g2.payoffs[0], [[1.0, 1.0], [1.5, 0.5]])
    assert g2.strategies == g.strategies


def test_parametric_equilibrium_moves_with_a_parameter():
    # with a cheap alternative (cost below loss/2) the US diversifies against a restriction
    model = export_model()
    cheap = equilibria(model.game(cost=1.0))
    dear = equilibria(model.game(cost=10.0))
    assert [e.as_dict() for e in dear] == [{"China": {"Restrict": 1.0}, "US": {"Comply": 1.0}}]
    assert all(e.as_dict()["China"] != {"Restrict": 1.0} or e.as_dict()["US"] != {"Comply": 1.0} for e in cheap)


@given(st.lists(parameters(export_game_parameters()), min_size=1, max_size=20))
def test_batch_agrees_with_game_draw_by_draw(draws):
    model = export_model()
    values = np.array([[d[name] for name in model.parameters.names] for d in draws])
    A, B = model.batch(values)
    assert A.shape == (len(draws), 2, 2)
    for k, d in enumerate(draws):
        g = model.game(**d)
        np.testing.assert_allclose(A[k], g.payoffs[0], rtol=0, atol=1e-12)
        np.testing.assert_allclose(B[k], g.payoffs[1], rtol=0, atol=1e-12)


def test_batch_by_mapping_keeps_other_parameters_calibrated():
    model = export_model()
    A, B = model.batch({"cost": np.array([0.0, 5.0, 10.0])})
    np.testing.assert_allclose(B[:, 0, 1], [0.0, -5.0, -10.0])
    np.testing.assert_allclose(A[:, 1, 0], [3.0, 3.0, 3.0])
    games = model.games({"cost": [1.0, 2.0]})
    assert len(games) == 2 and games[1].payoffs[1][0, 1] == -2.0


def test_batch_accepts_ndarray_payoffs_with_draws_last():
    ps = ParameterSet(a=Parameter(1.0, 0.0, 2.0, "u", "s"))
    model = ParametricGame(ps, lambda a: (np.array([[a, a * 0], [a * 0, 2 * a]]), np.ones((2, 2))))
    A, B = model.batch({"a": [0.5, 1.5]})
    np.testing.assert_allclose(A[:, 1, 1], [1.0, 3.0])
    np.testing.assert_allclose(B, np.ones((2, 2, 2)))


def test_bad_parametric_input():
    model = export_model()
    with pytest.raises(ValueError, match=r"ParametricGame.batch\(\): cost=11 lies outside its range"):
        model.batch({"cost": [1.0, 11.0]})
    with pytest.raises(KeyError, match="unknown parameter"):
        model.batch({"tariff": [1.0]})
    with pytest.raises(ValueError, match="values of 'cost' must be finite"):
        model.batch({"cost": [np.nan]})
    with pytest.raises(ValueError, match="different shapes"):
        model.batch({"cost": [1.0, 2.0], "loss": [2.0]})
    with pytest.raises(ValueError, match=r"array of shape \(N, 3\)"):
        model.batch(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="outside its range"):
        model.game(rent=5.0)
    with pytest.raises(TypeError, match=r"ParametricGame\(\): parameters must be a ParameterSet"):
        ParametricGame({"a": 1}, export_game_payoffs)
    with pytest.raises(TypeError, match="payoffs must be a callable"):
        ParametricGame(export_game_parameters(), [[1, 2]])


@pytest.mark.parametrize("method", ["lhs", "sobol", "random"])
def test_sample_stays_in_range_is_reproducible_and_feeds_batch(method):
    ps = export_game_parameters()
    draws = ps.sample(64, seed=3, method=method)
    assert draws.shape == (64, 3)
    assert np.all(draws >= ps.lows) and np.all(draws <= ps.highs)
    np.testing.assert_array_equal(draws, ps.sample(64, seed=3, method=method))
    assert not np.array_equal(draws, ps.sample(64, seed=4, method=method))
    A, B = export_model().batch(draws)
    assert A.shape == (64, 2, 2)


def test_latin_hypercube_stratifies_every_range():
    ps = export_game_parameters()
    draws = ps.sample(10, seed=0)
    for j, name in enumerate(ps.names):
        cells = np.floor((draws[:, j] - ps.lows[j]) / (ps.highs[j] - ps.lows[j]) * 10).astype(int)
        assert sorted(cells.tolist()) == list(range(10))


def test_bad_sample_arguments():
    ps = export_game_parameters()
    with pytest.raises(ValueError, match=r"ParameterSet.sample\(\): n must be a positive integer"):
        ps.sample(0)
    with pytest.raises(ValueError, match="unknown method 'grid'"):
        ps.sample(4, method="grid")


def test_parameter_set_is_a_mapping_and_defaults_are_the_values():
    ps = export_game_parameters()
    assert list(ps.values()) == [ps["rent"], ps["loss"], ps["cost"]]
    assert all(isinstance(p, Parameter) for p in ps.values())
    assert list(ps.keys()) == ["rent", "loss", "cost"] and "loss" in ps.keys()
    assert dict(ps.items()) == {"rent": ps["rent"], "loss": ps["loss"], "cost": ps["cost"]}
    assert ps.defaults == {"rent": 1.0, "loss": 4.0, "cost": 3.0}
    assert ps.replace(cost=7.5).defaults["cost"] == 7.5 and ps.defaults["cost"] == 3.0


def test_to_salib_problem_is_the_documented_dict():
    ps = export_game_parameters()
    problem = ps.to_salib_problem()
    assert problem == {"num_vars": 3, "names": ["rent", "loss", "cost"],
                       "bounds": [[0.5, 2.0], [1.0, 8.0], [0.0, 10.0]], "dists": ["unif", "unif", "unif"]}
    # SALib reads num_vars names and bounds in the same order; each bound is a [low, high] list of floats
    assert all(type(b) is list and len(b) == 2 and b[0] < b[1] for b in problem["bounds"])
    problem["names"].append("x")  # a fresh dict each call
    assert ps.to_salib_problem()["names"] == ["rent", "loss", "cost"]


def test_to_salib_problem_refuses_what_salib_cannot_sample():
    fixed = ParameterSet(rent=Parameter(1.0, 0.5, 2.0, "u", "s"), share=Parameter(0.3, 0.3, 0.3, "share", "s"))
    with pytest.raises(ValueError, match=r"ParameterSet.to_salib_problem\(\): parameter 'share' has a zero-width "
                                         r"range \[0.3, 0.3\]; SALib cannot sample it"):
        fixed.to_salib_problem()
    with pytest.raises(ValueError, match=r"ParameterSet.to_salib_problem\(\): the parameter set is empty"):
        ParameterSet().to_salib_problem()
