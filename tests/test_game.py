"""The Game core: payoffs, best responses, regret, the tolerance rule, and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leverage import Equilibrium, Game, IncompleteEnumerationWarning, equilibria, is_degenerate, pure_equilibria
from leverage.results import UnverifiedEquilibriumError, clean_probabilities, verified_equilibrium
from leverage.tolerance import RTOL, payoff_scale, tolerances


def three_player_coordination() -> Game:
    """Everyone gets 1 when all choose the same strategy, 0 otherwise."""
    u = np.zeros((2, 2, 2))
    u[0, 0, 0] = u[1, 1, 1] = 1.0
    return Game([u, u, u], players=("China", "US", "EU"))


def test_named_players_and_strategies():
    g = Game.from_bimatrix(
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        players=("China", "US"),
        strategies=(("Open", "Restrict"), ("Comply", "Retaliate")),
    )
    assert g.players == ("China", "US")
    assert g.strategies == (("Open", "Restrict"), ("Comply", "Retaliate"))
    assert g.shape == (2, 2)
    (eq,) = pure_equilibria(g)
    assert eq.as_dict() == {"China": {"Restrict": 1.0}, "US": {"Retaliate": 1.0}}
    assert "China: Restrict 1" in repr(eq)


def test_expected_payoffs_and_best_responses_three_players():
    g = three_player_coordination()
    profile = ([1, 0], [1, 0], [0.5, 0.5])
    # player 3 mixes: the common payoff is 1/2
    np.testing.assert_allclose(g.expected_payoffs(profile), [0.5, 0.5, 0.5])
    np.testing.assert_array_equal(g.best_responses(profile, 2), [0])
    np.testing.assert_array_equal(g.best_responses(profile, "China"), [0])
    np.testing.assert_allclose(g.regret(profile), [0.0, 0.0, 0.5])
    assert not g.is_nash(profile)
    assert g.is_nash(([1, 0], [1, 0], [1, 0]))


def test_pure_equilibria_of_three_player_coordination():
    eqs = pure_equilibria(three_player_coordination())
    assert [eq.support for eq in eqs] == [((0,), (0,), (0,)), ((1,), (1,), (1,))]


def test_equilibria_of_n_player_game_include_the_mixed_one():
    # everyone mixing 1/2-1/2 makes each player indifferent (its payoff is 1/4 either way)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", IncompleteEnumerationWarning)
        eqs = equilibria(three_player_coordination())
    assert len(eqs) == 3
    profiles = sorted(tuple(float(s[0]) for s in eq.strategies) for eq in eqs)
    np.testing.assert_allclose(profiles, [(0, 0, 0), (0.5, 0.5, 0.5), (1, 1, 1)], atol=1e-12)


def test_tolerance_is_relative_to_each_players_range():
    A = np.array([[0.0, 1e6], [2e6, 0.0]])
    B = np.array([[0.0, 1.0], [2.0, 0.0]])
    np.testing.assert_allclose(tolerances([A, B]), [RTOL * 2e6, RTOL * 2.0])
    # constant payoffs fall back to max(1, |u|)
    np.testing.assert_allclose(payoff_scale([np.full((2, 2), 5.0)]), [5.0])
    np.testing.assert_allclose(payoff_scale([np.zeros((2, 2))]), [1.0])


def test_is_nash_uses_the_relative_rule_not_float_equality():
    # 0.1 + 0.2 and 0.3 differ in floating point; the rule treats them as a tie
    g = Game.from_bimatrix([[0.1 + 0.2, 0.0], [0.3, 0.0]], [[1.0, 0.0], [1.0, 0.0]])
    assert g.is_nash(([1, 0], [1, 0]))
    assert g.is_nash(([0, 1], [1, 0]))
    # a regret just above the tolerance is not an equilibrium
    eps = 10 * RTOL
    g2 = Game.from_bimatrix([[1.0, 0.0], [1.0 + eps, 0.0]], [[1.0, 0.0], [1.0, 0.0]])
    assert not g2.is_nash(([1, 0], [1, 0]))
    assert g2.is_nash(([1, 0], [1, 0]), tol=100 * RTOL)


@given(st.floats(1e-3, 1e3), st.floats(-1e3, 1e3))
def test_is_nash_is_invariant_to_affine_rescaling(scale, shift):
    A = np.array([[2.0, 0.0], [0.0, 1.0]])
    B = np.array([[1.0, 0.0], [0.0, 2.0]])
    g = Game.from_bimatrix(scale * A + shift, B)
    for profile in (([1, 0], [1, 0]), ([2 / 3, 1 / 3], [1 / 3, 2 / 3]), ([0, 1], [0, 1])):
        assert g.is_nash(profile)
    assert not g.is_nash(([1, 0], [0, 1]))


def test_clean_probabilities_removes_float_noise():
    v = clean_probabilities(np.array([0.5, -1e-17, 0.5 + 1e-17]))
    assert v[1] == 0.0
    assert v.sum() == pytest.approx(1.0)


def test_verified_equilibrium_refuses_a_non_equilibrium():
    g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(UnverifiedEquilibriumError, match="regret 2 exceeds the tolerance"):
        verified_equilibrium(g, (np.array([1.0, 0.0]), np.array([1.0, 0.0])), "test")


def test_equilibrium_is_frozen():
    g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    (eq,) = equilibria(g)
    assert isinstance(eq, Equilibrium)
    with pytest.raises(AttributeError):
        eq.method = "other"  # type: ignore[misc]
    with pytest.raises(ValueError):
        eq.strategies[0][0] = 0.5


def test_nondegenerate_and_degenerate():
    assert not is_degenerate(Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
    # a "do nothing" row that ties with another row against one column
    assert is_degenerate(Game.from_bimatrix([[1, 0], [1, 2]], [[1, 0], [0, 2]]))
    with pytest.raises(ValueError, match="is_degenerate.*two-player"):
        is_degenerate(three_player_coordination())


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "payoffs, kwargs, error, message",
    [
        ([[[1, np.nan]], [[1, 2]]], {}, ValueError, r"Game\(\): payoffs\[0\] has a non-finite value"),
        ([[[1, np.inf]], [[1, 2]]], {}, ValueError, "non-finite"),
        ([np.zeros((2, 2)), np.zeros((2, 3))], {}, ValueError, "inconsistent shapes"),
        ([np.zeros((2, 2)), np.zeros(2)], {}, ValueError, "has 1 dimensions but there are 2 players"),
        ([np.zeros((0, 2)), np.zeros((0, 2))], {}, ValueError, "player 'Player 1' has no strategies"),
        ([np.zeros((2, 2))] * 2, {"players": ("China", "China")}, ValueError, "duplicate name 'China'"),
        ([np.zeros((2, 2))] * 2, {"players": ("China",)}, ValueError, "players has 1 names but 2 are needed"),
        ([np.zeros((2, 2))] * 2, {"players": "China"}, TypeError, "not a single string"),
        ([np.zeros((2, 2))] * 2, {"players": ("China", 3)}, TypeError, "must be strings"),
        ([np.zeros((2, 2))] * 2, {"players": ("China", "")}, ValueError, "empty name"),
        (
            [np.zeros((2, 2))] * 2,
            {"strategies": (("a", "a"), ("b", "c"))},
            ValueError,
            "duplicate name 'a' in strategies of 'Player 1'",
        ),
        (
            [np.zeros((2, 2))] * 2,
            {"strategies": (("a",), ("b", "c"))},
            ValueError,
            "strategies of 'Player 1' has 1 names but 2 are needed",
        ),
        ([np.zeros((2, 2))] * 2, {"strategies": (("a", "b"),)}, ValueError, "strategies has 1 entries"),
        ([[["x", 1]], [[1, 2]]], {}, TypeError, r"payoffs\[0\] is not a numeric array"),
        (np.zeros((2, 2, 2)), {}, TypeError, "payoffs must be a sequence of n arrays"),
        ([], {}, ValueError, "payoffs is empty"),
    ],
)
def test_bad_game_input(payoffs, kwargs, error, message):
    with pytest.raises(error, match=message):
        Game(payoffs, **kwargs)


def test_from_bimatrix_shape_errors():
    with pytest.raises(ValueError, match=r"from_bimatrix\(\): A has shape \(2, 2\) but B has shape \(2, 3\)"):
        Game.from_bimatrix(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"from_bimatrix\(\): A must be a 2-D matrix"):
        Game.from_bimatrix(np.zeros(2), np.zeros(2))


@pytest.mark.parametrize(
    "profile, message",
    [
        (([0.5, 0.6], [1, 0]), r"Game.is_nash\(\): profile\[0\] is not a probability vector: it sums to 1.1"),
        (([1.5, -0.5], [1, 0]), r"profile\[0\] is not a probability vector: it has negative entries"),
        (([1, 0], [np.nan, 1]), r"profile\[1\] is not a probability vector: it has non-finite entries"),
        (([1, 0, 0], [1, 0]), r"profile\[0\] has shape \(3,\); expected \(2,\)"),
        (([1, 0],), "profile has 1 strategies but the game has 2 players"),
        ((5, 0), r"profile\[0\] = 5 is not a strategy index"),
    ],
)
def test_bad_profile(profile, message):
    g = Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=message):
        g.is_nash(profile)


def test_bad_profile_type_and_player():
    g = Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(TypeError, match=r"Game.regret\(\): profile must be a sequence"):
        g.regret(3)
    with pytest.raises(ValueError, match=r"best_responses\(\): unknown player 'Japan'"):
        g.best_responses(([1, 0], [1, 0]), "Japan")
    with pytest.raises(ValueError, match="player index 2 is out of range"):
        g.strategy_payoffs(([1, 0], [1, 0]), 2)
    with pytest.raises(ValueError, match=r"tol must be a finite number in \[0, 1\)"):
        g.is_nash(([1, 0], [1, 0]), tol=-1)


def test_solver_argument_errors():
    g = Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=r"equilibria\(\): unknown method 'simplex'"):
        equilibria(g, method="simplex")
    with pytest.raises(TypeError, match=r"equilibria\(\): game must be a leverage.Game, ExtensiveGame or GameTree; got ndarray"):
        equilibria(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="method 'vertex' is for two-player games"):
        equilibria(three_player_coordination(), method="vertex")
    with pytest.raises(TypeError, match=r"pure_equilibria\(\): game must be a leverage.Game"):
        pure_equilibria([[1, 0]])


def test_component_and_minmax_argument_errors():
    from leverage import equilibrium_components, minmax_values

    with pytest.raises(TypeError, match=r"equilibrium_components\(\): game must be a leverage.Game"):
        equilibrium_components([[1, 0]])
    with pytest.raises(ValueError, match=r"equilibrium_components\(\): defined for two-player games; this game has 3"):
        equilibrium_components(three_player_coordination())
    with pytest.raises(TypeError, match=r"minmax_values\(\): game must be a leverage.Game"):
        minmax_values(np.zeros((2, 2)))
    # minmax values against correlated punishment in a three-player game
    np.testing.assert_allclose(minmax_values(three_player_coordination()), [0.0, 0.0, 0.0])
