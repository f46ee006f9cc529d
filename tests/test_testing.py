"""leverage.testing: strategies keep their constraints, assertions name counterexamples,
false assumptions are caught and shrunk."""

from __future__ import annotations

import pytest
from hypothesis import find, given, settings
from hypothesis.errors import NoSuchExample

from leverage import Assumption, Game, Parameter, ParameterSet, ParametricGame, is_degenerate, pure_equilibria
from leverage.scenarios import export_restriction_game
from leverage.testing import (
    assert_equilibrium,
    assert_invariant,
    assert_monotone,
    assert_regime,
    check_assumptions,
)
from leverage.testing.strategies import (
    CHICKEN,
    COERCION,
    PRISONERS_DILEMMA,
    STAG_HUNT,
    Ordering,
    bimatrix_games,
    games,
    ordered_games,
    parameters,
    parametric_games,
    payoff_values,
)
from test_regimes import closed_form_premium  # noqa: E402 -- tests/ is on the path (tests/conftest.py)

#: Ten times the profile's examples: 400 draws in the suite, 4,000 with LEVERAGE_HYPOTHESIS=thorough.
THOUSANDS = settings(max_examples=10 * settings.default.max_examples, database=None, deadline=None)


def never(strategy, violated):
    """Search hundreds (thorough: thousands) of draws for one that violates a constraint; there must be none."""
    with pytest.raises(NoSuchExample):
        find(strategy, violated, settings=THOUSANDS)


# ---------------------------------------------------------------- constraints over thousands of draws


@pytest.mark.parametrize("ordering", [PRISONERS_DILEMMA, CHICKEN, STAG_HUNT, COERCION], ids=lambda o: o.name)
def test_ordered_games_keep_their_ordering(ordering):
    never(ordered_games(ordering), lambda game: not ordering.check(game))


def test_degenerate_games_are_degenerate_and_generic_games_are_not():
    never(bimatrix_games(degenerate=True), lambda game: not is_degenerate(game))
    never(bimatrix_games(degenerate=False), lambda game: is_degenerate(game))


def test_parameter_draws_stay_in_their_ranges():
    ps = export_restriction_game().parameters
    never(parameters(ps), lambda values: any(not ps[k].contains(v) for k, v in values.items()))


def test_fixed_parameters_stay_fixed_and_unvaried_stay_calibrated():
    ps = export_restriction_game().parameters
    strategy = parameters(ps, fixed={"us_import_dependence": 0.8}, vary=["diversification_premium"])
    never(
        strategy,
        lambda v: v["us_import_dependence"] != 0.8 or v["separation_share"] != ps["separation_share"].value,
    )


def test_parameter_draws_shrink_to_the_calibration():
    ps = export_restriction_game().parameters
    # the simplest draw is the calibrated point itself
    assert find(parameters(ps), lambda v: True) == ps.defaults


def test_integer_payoffs_give_ties():
    # small integer payoffs make some draws degenerate: the strategy covers ties
    find(bimatrix_games(payoffs=payoff_values(integers=True, bound=1)), lambda g: is_degenerate(g))


# ---------------------------------------------------------------- ordered games: game-theoretic facts


@given(ordered_games(PRISONERS_DILEMMA))
def test_prisoners_dilemma_has_mutual_defection_as_only_equilibrium(game):
    (eq,) = pure_equilibria(game)
    assert eq.support == ((1,), (1,))


@given(ordered_games(CHICKEN))
def test_chicken_has_two_asymmetric_pure_equilibria(game):
    assert sorted(eq.support for eq in pure_equilibria(game)) == [((0,), (1,)), ((1,), (0,))]


@given(ordered_games(STAG_HUNT))
def test_stag_hunt_has_two_symmetric_pure_equilibria(game):
    assert sorted(eq.support for eq in pure_equilibria(game)) == [((0,), (0,)), ((1,), (1,))]


@given(ordered_games(COERCION))
def test_a_long_embargo_is_never_met_with_compliance_in_equilibrium(game):
    for eq in pure_equilibria(game):
        assert eq.support != ((1,), (0,))


# ---------------------------------------------------------------- assumptions


def licensing_model() -> ParametricGame:
    return export_restriction_game()


def us_complies_with_licensing(game: Game, values: dict) -> bool:
    return game.payoffs[1][1, 0] >= game.payoffs[1][1, 1]


def test_a_false_assumption_is_caught_and_shrunk_to_a_minimal_counterexample():
    model = licensing_model()
    report = check_assumptions(model, [Assumption("US complies with licensing", us_complies_with_licensing)])
    assert not report.ok
    (result,) = report.failures
    cex = result.counterexample
    calibrated = model.parameters.defaults
    # minimal: the parameters that need not move stay at their calibrated values
    assert cex["separation_share"] == calibrated["separation_share"]
    assert cex["us_import_dependence"] == calibrated["us_import_dependence"]
    # closed form: the US complies with licensing iff p >= (1 + A) / (1 + A c / F), A = 0.375 k - 0.5 g s
    threshold = closed_form_premium(cex["separation_share"])
    assert cex["diversification_premium"] < threshold
    assert not us_complies_with_licensing(model.game(**cex), cex)
    assert "FAILS: US complies with licensing at" in str(result)
    with pytest.raises(AssertionError, match="diversification_premium="):
        report.raise_if_failed()


def test_a_true_assumption_holds_and_attached_assumptions_are_checked():
    def licensing_beats_embargo(game, values):
        return game.payoffs[0][1, 0] >= game.payoffs[0][2, 0]

    model = licensing_model().with_assumptions(Assumption("licensing beats embargo", licensing_beats_embargo))
    report = check_assumptions(model, max_examples=100)
    assert report.ok and report.results[0].holds


def test_an_assumption_that_crashes_is_reported_with_the_error():
    def crashes(game, values):
        if values["separation_share"] > 0.92:
            raise ZeroDivisionError("boom")
        return True

    report = check_assumptions(licensing_model(), [Assumption("crashes", crashes)])
    (result,) = report.failures
    assert result.counterexample["separation_share"] > 0.92
    assert "ZeroDivisionError: boom" in result.error


# ---------------------------------------------------------------- assertions


def test_assert_monotone_names_the_parameter_values_where_it_breaks():
    model = licensing_model()
    us_licensing = lambda g: g.payoffs[1][1, 1]  # noqa: E731
    assert_monotone(model, "diversification_premium", us_licensing, increasing=False)
    with pytest.raises(AssertionError, match=r"not increasing in diversification_premium: diversification_premium=1.22"):
        assert_monotone(model, "diversification_premium", us_licensing, increasing=True)


@given(parametric_games(licensing_model(), with_values=True))
def test_china_gains_from_licensing_rise_with_us_dependence_everywhere(draw):
    values, _ = draw
    at = {k: v for k, v in values.items() if k != "us_import_dependence"}
    assert_monotone(licensing_model(), "us_import_dependence", lambda g: g.payoffs[0][1, 0], at=at, num=5)


def test_assert_regime():
    model = licensing_model()
    assert_regime(model, {"diversification_premium": 2.4}, "License/Comply")
    assert_regime(model, {"diversification_premium": 1.25}, lambda label: "Diversify" in label)
    with pytest.raises(AssertionError, match="at diversification_premium=1.25 the regime is"):
        assert_regime(model, {"diversification_premium": 1.25}, "License/Comply")


def test_assert_equilibrium_and_invariant_messages():
    g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("China", "US"))
    assert_equilibrium(g, ([0, 1], [0, 1]))
    with pytest.raises(AssertionError, match="China's regret 2 exceeds"):
        assert_equilibrium(g, ([1, 0], [1, 0]))
    breaks = lambda h: Game.from_bimatrix(h.payoffs[1], h.payoffs[0])  # noqa: E731  not an invariance
    with pytest.raises(AssertionError, match="flip changed the equilibrium set"):
        assert_invariant(Game.from_bimatrix([[1, 0], [0, 0]], [[0, 0], [0, 1]]), breaks, name="flip")


# ---------------------------------------------------------------- bad input


def test_bad_input_to_strategies_and_checks():
    with pytest.raises(ValueError, match="contain a cycle"):
        Ordering("cyclic", ("A", "B"), (("x", "y"), ("z",)), {"A": [(("x", "z"), ("y", "z")), (("y", "z"), ("x", "z"))]})
    with pytest.raises(ValueError, match="unknown strategy 'w'"):
        Ordering("bad", ("A", "B"), (("x", "y"), ("z",)), {"A": [(("w", "z"), ("y", "z"))]})
    with pytest.raises(ValueError, match="unknown player 'C'"):
        Ordering("bad", ("A", "B"), (("x", "y"), ("z",)), {"C": []})
    with pytest.raises(TypeError, match=r"ordered_games\(\): ordering must be an Ordering"):
        find(ordered_games("chicken"), lambda g: True)
    with pytest.raises(ValueError, match=r"games\(\): shape \(2,\) does not have one entry per player"):
        find(games(n_players=2, shape=(2,)), lambda g: True)
    with pytest.raises(TypeError, match=r"parameters\(\): parameter_set must be a ParameterSet"):
        find(parameters({"a": 1}), lambda v: True)
    with pytest.raises(ValueError, match=r"parameters\(\): a=5 lies outside its range"):
        find(parameters(ParameterSet(a=Parameter(1.0, 0.0, 2.0, "u", "s")), fixed={"a": 5.0}), lambda v: True)
    with pytest.raises(TypeError, match=r"check_assumptions\(\): model must be a ParametricGame"):
        check_assumptions(Game.from_bimatrix([[1]], [[1]]))
    with pytest.raises(ValueError, match="has no assumptions to check"):
        check_assumptions(licensing_model())
    with pytest.raises(ValueError, match="max_examples must be a positive integer"):
        check_assumptions(licensing_model(), [Assumption("x", lambda g, v: True)], max_examples=0)
    with pytest.raises(ValueError, match=r"Assumption\(\): name must be a non-empty string"):
        Assumption("", lambda g, v: True)
    with pytest.raises(TypeError, match="holds must be a callable"):
        Assumption("x", True)
    with pytest.raises(KeyError, match="unknown parameter 'tariff'"):
        assert_monotone(licensing_model(), "tariff", lambda g: 0.0)
    with pytest.raises(ValueError, match="num must be an integer >= 2"):
        assert_monotone(licensing_model(), "separation_share", lambda g: 0.0, num=1)
    with pytest.raises(ValueError, match="assert_regime.*lies outside its range"):
        assert_regime(licensing_model(), {"separation_share": 2.0}, "x")
    with pytest.raises(TypeError, match="assumptions must be Assumption objects"):
        ParametricGame(licensing_model().parameters, licensing_model().payoff_function, assumptions=[lambda g: 1])


def test_assert_sweeps_identical_names_the_first_difference():
    from leverage.scenarios import export_restriction_game
    from leverage.sensitivity import sweep
    from leverage.testing.assertions import assert_sweeps_identical

    model = export_restriction_game()
    grid = {"kind": "grid", "values": {"diversification_premium": [1.5, 2.4]}}
    table = sweep(model, grid)
    assert_sweeps_identical(table, sweep(model, grid, chunksize=1))
    other = sweep(model, {"kind": "grid", "values": {"diversification_premium": [1.5, 2.3]}})
    with pytest.raises(AssertionError, match=r"column 'diversification_premium' differs first at row 1"):
        assert_sweeps_identical(table, other)
    with pytest.raises(AssertionError, match="rows"):
        assert_sweeps_identical(table, sweep(model, {"kind": "grid", "values": {"diversification_premium": [1.5]}}))
