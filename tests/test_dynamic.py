"""Stochastic games: Shapley values, pure and mixed stationary MPE, simulation, and clear errors.

Oracles are computed here, never by the library: closed forms of 2 x 2 matrix
games, an LP on the discounted formulation of a one-player game, a brute-force
one-shot deviation check with its own policy evaluation, and games whose MPE
are known by reasoning.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import linprog

from leverage import Game, pure_equilibria
from leverage.checks import UnknownNameError
from leverage.dynamic import (
    MarkovResult,
    StochasticGame,
    markov_equilibrium,
    one_shot_regrets,
    policy_values,
    pure_markov_equilibria,
    shapley,
    simulate,
    state_distribution,
    verified_markov_equilibrium,
)
from leverage.dynamic.pure import MAX_PURE_PROFILES
from leverage.results import SolverError, UnverifiedEquilibriumError
from leverage.tolerance import RTOL

# ----------------------------------------------------------------------------- oracles written here


def brute_force_regret(game, policy):
    """Largest one-shot gain over states and players, with policy evaluation written out here."""
    S, n = game.n_states, game.n_players
    V = np.zeros((S, n))
    P = np.zeros((S, S))
    r = np.zeros((S, n))
    for k in range(S):
        for prof in itertools.product(*[range(len(v)) for v in policy[k]]):
            w = np.prod([policy[k][i][a] for i, a in enumerate(prof)])
            P[k] += w * game.transitions[k][prof]
            r[k] += w * game.payoffs[k][(slice(None), *prof)]
    for i in range(n):
        V[:, i] = np.linalg.solve(np.eye(S) - game.discount[i] * P, r[:, i])
    worst = 0.0
    for k in range(S):
        for i in range(n):
            def value(own):
                total = 0.0
                others = [range(len(v)) if j != i else [None] for j, v in enumerate(policy[k])]
                for prof in itertools.product(*others):
                    full = tuple(own if j == i else a for j, a in enumerate(prof))
                    w = np.prod([policy[k][j][a] for j, a in enumerate(full) if j != i])
                    total += w * (game.payoffs[k][(i, *full)] + game.discount[i] * game.transitions[k][full] @ V[:, i])
                return total
            on_path = sum(policy[k][i][a] * value(a) for a in range(len(policy[k][i])))
            worst = max(worst, max(value(a) for a in range(len(policy[k][i]))) - on_path)
    return worst, V


def value_2x2(M):
    """Value of a 2 x 2 zero-sum game (rows maximise) by the textbook formula."""
    lower = max(M.min(axis=1))
    upper = min(M.max(axis=0))
    if lower == upper:
        return lower
    a, b, c, d = M.ravel()
    return (a * d - b * c) / (a + d - b - c)


def mdp_value_by_lp(game):
    """Optimal values of a one-decision-maker game: min sum V s.t. V(s) >= u(s, a) + delta P(s, a) V."""
    S = game.n_states
    d = game.discount[0]
    rows, rhs = [], []
    for k in range(S):
        u = game.payoffs[k][0].reshape(-1)
        P = game.transitions[k].reshape(-1, S)
        for a in range(len(u)):
            row = d * P[a].copy()
            row[k] -= 1.0
            rows.append(row)
            rhs.append(-u[a])
    res = linprog(np.ones(S), A_ub=np.array(rows), b_ub=np.array(rhs), bounds=[(None, None)] * S, method="highs")
    assert res.status == 0
    return res.x


# ----------------------------------------------------------------------------- games


def pd(discount):
    g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D")))
    return StochasticGame.from_game(g, discount)


def grab_or_wait(discount):
    """Grabbing pays 1 once and ends the relationship; waiting pays 0.5 a period. Wait iff delta > 1/2."""
    return StochasticGame(
        ("Holder", "Other"), ("open", "closed"),
        actions={"open": (("grab", "wait"), ("-",)), "closed": (("-",), ("-",))},
        payoffs={"open": [[[1.0], [0.5]], [[0.0], [0.0]]], "closed": [[[0.0]], [[0.0]]]},
        transitions={"open": [[[0.0, 1.0]], [[1.0, 0.0]]], "closed": [[[0.0, 1.0]]]},
        discount=discount)


def pennies_with_exit(discount):
    """Matching pennies whose (H, H) cell moves to an absorbing state paying the maximiser 1 a period."""
    return StochasticGame(
        ("Max", "Min"), ("play", "won"),
        actions={"play": (("H", "T"), ("H", "T")), "won": (("-",), ("-",))},
        payoffs={"play": [[[0.0, -1.0], [-1.0, 1.0]], [[0.0, 1.0], [1.0, -1.0]]], "won": [[[1.0]], [[-1.0]]]},
        transitions={"play": [[[0.0, 1.0], [1.0, 0.0]], [[1.0, 0.0], [1.0, 0.0]]], "won": [[[0.0, 1.0]]]},
        discount=discount)


# ----------------------------------------------------------------------------- Shapley


def test_shapley_value_of_repeated_pennies_is_the_stage_value_over_one_minus_delta():
    M = np.array([[3.0, -1.0], [-2.0, 4.0]])  # value (12 - 2) / (3 + 4 + 1 + 2) = 1
    g = StochasticGame.from_game(Game.from_bimatrix(M, -M), 0.8)
    result = shapley(g)
    assert result.status == "converged"
    assert result.values[0, 0] == pytest.approx(value_2x2(M) / (1 - 0.8), abs=1e-7)
    x = result.equilibrium.policy[0][0]
    assert x == pytest.approx([0.6, 0.4], abs=1e-7)  # (d - c) / (a + d - b - c)


def test_shapley_value_with_an_absorbing_state_solves_the_scalar_fixed_point():
    delta = 0.7
    won = 1.0 / (1.0 - delta)
    v = 0.0
    for _ in range(5000):  # the scalar contraction v = val(M(v)), by the 2 x 2 formula
        v = value_2x2(np.array([[delta * won, -1.0 + delta * v], [-1.0 + delta * v, 1.0 + delta * v]]))
    result = shapley(pennies_with_exit(delta))
    assert result.values[:, 0] == pytest.approx([v, won], abs=1e-7)
    assert brute_force_regret(result.equilibrium.game, result.equilibrium.policy)[0] <= 1e-7


def test_shapley_equals_the_lp_of_the_discounted_formulation_for_a_one_decision_maker_game():
    rng = np.random.default_rng(5)
    S = 4
    actions = [(("a", "b", "c"), ("-",))] * S
    u = [rng.integers(-3, 4, (3, 1)).astype(float) for _ in range(S)]
    payoffs = [np.stack([x, -x]) for x in u]
    transitions = [rng.dirichlet(np.ones(S), size=(3, 1)) for _ in range(S)]
    g = StochasticGame(("Max", "Min"), tuple(f"s{k}" for k in range(S)), actions, payoffs, transitions, 0.85)
    assert shapley(g).values[:, 0] == pytest.approx(mdp_value_by_lp(g), abs=1e-6)


def test_shapley_refuses_games_that_are_not_two_player_zero_sum_with_one_discount():
    with pytest.raises(ValueError, match=r"shapley\(\): the game is not zero-sum at state 's'"):
        shapley(pd(0.5))
    M = np.eye(2)
    g = StochasticGame.from_game(Game.from_bimatrix(M, -M), [0.5, 0.6])
    with pytest.raises(ValueError, match=r"shapley\(\): both players must share one discount factor"):
        shapley(g)


def test_shapley_stopped_by_max_iter_is_a_status_without_a_result():
    result = shapley(pennies_with_exit(0.95), max_iter=2)
    assert result.status == "not_converged" and result.equilibria == ()
    with pytest.raises(SolverError, match="no equilibrium"):
        result.equilibrium


# ----------------------------------------------------------------------------- pure MPE


def test_the_repeated_prisoners_dilemma_has_one_pure_stationary_mpe_defect_for_ever():
    found = pure_markov_equilibria(pd(0.95))
    assert found.status == "complete"
    assert [eq.pure_policy() for eq in found.equilibria] == [{"s": ("D", "D")}]
    assert found.equilibrium.values[0] == pytest.approx([1 / 0.05, 1 / 0.05])


@pytest.mark.parametrize("delta, action", [(0.9, "wait"), (0.4, "grab")])
def test_patience_decides_whether_the_holder_grabs(delta, action):
    # wait is worth 0.5 / (1 - delta), grab 1: wait exactly when delta > 1/2
    found = pure_markov_equilibria(grab_or_wait(delta))
    assert [eq.pure_policy()["open"][0] for eq in found.equilibria] == [action]
    assert markov_equilibrium(grab_or_wait(delta)).equilibrium.pure_policy()["open"][0] == action


def test_at_discount_zero_the_pure_mpe_are_the_products_of_the_stage_equilibria():
    coord = np.array([[[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]]])
    g = StochasticGame(("A", "B"), ("x", "y"), [(("l", "r"), ("l", "r"))] * 2, [coord, coord[::-1]],
                       [np.full((2, 2, 2), 0.5)] * 2, 0.0)
    found = {tuple(sorted(eq.pure_policy().items())) for eq in pure_markov_equilibria(g).equilibria}
    stage = {("l", "l"), ("r", "r")}
    assert found == {(("x", a), ("y", b)) for a in stage for b in stage}


def test_a_game_too_large_for_enumeration_is_refused_before_any_work():
    S = 10  # 4**10 profiles
    g = StochasticGame(("A", "B"), tuple(f"s{k}" for k in range(S)), [(("a", "b"), ("a", "b"))] * S,
                       [np.zeros((2, 2, 2))] * S, [np.full((2, 2, S), 1 / S)] * S, 0.5)
    assert 4**S > MAX_PURE_PROFILES
    with pytest.raises(ValueError, match=r"pure_markov_equilibria\(\): the game has 1,048,576 pure stationary "
                                         r"profiles, more than MAX_PURE_PROFILES"):
        pure_markov_equilibria(g)


# ----------------------------------------------------------------------------- mixed MPE and verification


def test_repeated_matching_pennies_mixes_half_and_half():
    g = StochasticGame.from_game(Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]), 0.9)
    eq = markov_equilibrium(g).equilibrium
    assert [v.tolist() for v in eq.policy[0]] == [[0.5, 0.5], [0.5, 0.5]]
    assert eq.values[0] == pytest.approx([0.0, 0.0], abs=1e-9)


def test_the_mixed_iteration_agrees_with_shapley_on_a_zero_sum_game():
    g = pennies_with_exit(0.7)
    eq = markov_equilibrium(g).equilibrium
    assert eq.values[:, 0] == pytest.approx(shapley(g).values[:, 0], abs=1e-7)
    assert brute_force_regret(g, eq.policy)[0] <= 1e-7


def test_non_convergence_is_a_status_and_never_a_result():
    result = markov_equilibrium(grab_or_wait(0.9), max_iter=1)  # myopic grab fails the one-shot check
    assert result.status == "not_converged" and result.equilibria == () and not result.converged
    with pytest.raises(ValueError, match=r"MarkovResult\(\): a run that did not converge returns no equilibrium"):
        MarkovResult("not_converged", markov_equilibrium(grab_or_wait(0.9)).equilibria, 1, 0.0, "x")


def test_a_profile_that_fails_the_one_shot_check_is_refused_and_its_gain_is_exact():
    reg, tol = one_shot_regrets(pd(0.9), [("C", "C")])
    assert reg[0] == pytest.approx([2.0, 2.0])  # 5 - 3 now; the continuation is the same
    assert np.all(tol == RTOL * (5 + 0.9 * 30 - (0 + 0.9 * 30)))  # range of the augmented stage game
    with pytest.raises(UnverifiedEquilibriumError, match="one-shot deviation at state 's'"):
        verified_markov_equilibrium(pd(0.9), [("C", "C")], "guess")


def test_policy_values_are_present_values_of_the_stage_payoffs():
    g = grab_or_wait(0.6)
    assert policy_values(g, {"open": ("wait", "-"), "closed": ("-", "-")})[0, 0] == pytest.approx(0.5 / 0.4)
    assert policy_values(g, {"open": ("grab", "-"), "closed": ("-", "-")})[0, 0] == pytest.approx(1.0)


def test_the_selection_rule_picks_among_the_stage_equilibria_of_a_repeated_stag_hunt():
    hunt = Game.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]], strategies=(("Stag", "Hare"), ("Stag", "Hare")))
    g = StochasticGame.from_game(hunt, 0.9)
    pareto = markov_equilibrium(g, rule="pareto").equilibrium
    risk = markov_equilibrium(g, rule="risk_dominant").equilibrium
    assert pareto.pure_policy() == {"s": ("Stag", "Stag")} and pareto.values[0] == pytest.approx([40.0, 40.0])
    assert risk.pure_policy() == {"s": ("Hare", "Hare")} and risk.values[0] == pytest.approx([30.0, 30.0])


def test_a_parametric_game_moves_its_mpe_across_the_patience_threshold():
    from leverage import Parameter, ParameterSet
    from leverage.dynamic import ParametricStochasticGame

    ps = ParameterSet(patience=Parameter(0.9, 0.1, 0.95, "per period", "illustrative"))
    model = ParametricStochasticGame(ps, lambda patience: grab_or_wait(patience))
    choice = {d: pure_markov_equilibria(model.game(patience=d)).equilibrium.pure_policy()["open"][0]
              for d in (0.45, 0.55)}
    assert choice == {0.45: "grab", 0.55: "wait"}  # the threshold is 1/2
    with pytest.raises(ValueError, match=r"ParametricStochasticGame.values\(\): .*outside its range"):
        model.game(patience=0.99)


# ----------------------------------------------------------------------------- simulation


def test_simulated_paths_follow_the_equilibrium_and_match_the_exact_distribution():
    g = StochasticGame(("A",), ("on", "off"), [(("stay",),), (("stay",),)], [[[1.0]], [[0.0]]],
                       [[[0.5, 0.5]], [[0.2, 0.8]]], 0.5)
    eq = pure_markov_equilibria(g).equilibrium
    dist = state_distribution(eq, "on", 4)
    stationary = np.array([0.2, 0.5]) / 0.7  # pi = pi P
    assert dist[1] == pytest.approx([0.5, 0.5]) and dist[2] == pytest.approx([0.35, 0.65])
    paths = simulate(eq, "on", periods=4, seed=1, runs=4000)
    share_on = (paths["state"][paths["period"] == 3] == "on").mean()
    assert share_on == pytest.approx(dist[3, 0], abs=0.03)
    assert np.all(paths["payoff A"] == (paths["state"] == "on"))
    assert stationary @ np.array([[0.5, 0.5], [0.2, 0.8]]) == pytest.approx(stationary)
    assert simulate(eq, "on", 5, seed=3)["state"].tolist() == simulate(eq, "on", 5, seed=3)["state"].tolist()


def test_to_pandas_gives_one_row_per_run_and_period(require_extra):
    require_extra("pandas", extra="tables")
    frame = simulate(pure_markov_equilibria(pd(0.5)), "s", periods=3, seed=0, runs=2).to_pandas()
    assert len(frame) == 6 and set(frame["action Player 1"]) == {"D"}


# ----------------------------------------------------------------------------- bad input: clear errors


def _two_state(**changes):
    spec = dict(players=("A", "B"), states=("x", "y"), actions={"x": (("a", "b"), ("c",)), "y": (("a",), ("c",))},
                payoffs={"x": np.zeros((2, 2, 1)), "y": np.zeros((2, 1, 1))},
                transitions={"x": np.full((2, 1, 2), 0.5), "y": np.full((1, 1, 2), 0.5)}, discount=0.9)
    spec.update(changes)
    return StochasticGame(**spec)


@pytest.mark.parametrize(
    "changes, error, message",
    [
        ({"transitions": {"x": np.full((2, 1, 2), 0.6), "y": np.full((1, 1, 2), 0.5)}}, ValueError,
         r"StochasticGame\(\): transitions\['x'\] has a row that is not a probability distribution"),
        ({"transitions": {"x": [[[1.5, -0.5]], [[0.5, 0.5]]], "y": np.full((1, 1, 2), 0.5)}}, ValueError,
         r"not a probability distribution"),
        ({"discount": 1.0}, ValueError, r"StochasticGame\(\): discount factors must lie in \[0, 1\)"),
        ({"discount": [0.5, -0.1]}, ValueError, r"discount factors must lie in \[0, 1\)"),
        ({"actions": {"x": (("a", "b"), ()), "y": (("a",), ("c",))}}, ValueError,
         r"StochasticGame\(\): state 'x' has no actions for B"),
        ({"payoffs": {"x": np.zeros((2, 2, 2)), "y": np.zeros((2, 1, 1))}}, ValueError,
         r"StochasticGame\(\): payoffs\['x'\] has shape \(2, 2, 2\); expected \(2, 2, 1\)"),
        ({"transitions": {"x": np.full((2, 1, 3), 1 / 3), "y": np.full((1, 1, 2), 0.5)}}, ValueError,
         r"transitions\['x'\] has shape \(2, 1, 3\); expected \(2, 1, 2\)"),
        ({"payoffs": {"x": np.zeros((2, 2, 1)), "z": np.zeros((2, 1, 1))}}, UnknownNameError,
         r"StochasticGame\(\): payoffs names unknown state"),
    ],
)
def test_bad_games_are_refused_with_an_error_naming_the_function_and_the_argument(changes, error, message):
    _two_state()  # the unchanged game is valid
    with pytest.raises(error, match=message):
        _two_state(**changes)


def test_unknown_state_names_in_simulate_are_refused():
    eq = pure_markov_equilibria(pd(0.5))
    with pytest.raises(UnknownNameError, match=r"simulate\(\): unknown state 'nowhere'; states: s"):
        simulate(eq, "nowhere", 3)
    with pytest.raises(UnknownNameError, match=r"state_distribution\(\): unknown state"):
        state_distribution(eq, "nowhere", 3)


# ----------------------------------------------------------------------------- properties (hypothesis)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from leverage.testing.dynamic_strategies import relabellings, stochastic_games  # noqa: E402

FAST = settings(max_examples=25, deadline=None)


def pure_set(result):
    return {tuple(sorted(eq.pure_policy().items())) for eq in result.equilibria}


def scale_of(game):
    return max(1.0, max(float(np.abs(u).max()) for u in game.payoffs)) / (1 - max(game.discount))


@FAST
@given(stochastic_games(max_states=1, max_actions=3))
def test_one_state_games_have_the_stage_equilibria_played_every_period_as_pure_mpe(game):
    stage = game.stage_game(0)
    expected = {(("s0", tuple(stage.strategies[i][int(np.argmax(v))] for i, v in enumerate(eq.strategies))),)
                for eq in pure_equilibria(stage)}
    assert pure_set(pure_markov_equilibria(game)) == expected


@FAST
@given(stochastic_games(max_states=3, discount=0.0))
def test_at_discount_zero_mpe_are_stage_equilibria_state_by_state(game):
    expected = [{tuple(game.actions[k][i][int(np.argmax(v))] for i, v in enumerate(eq.strategies))
                 for eq in pure_equilibria(game.stage_game(k))} for k in range(game.n_states)]
    found = pure_markov_equilibria(game)
    assert len(found.equilibria) == int(np.prod([len(e) for e in expected]))
    for eq in found.equilibria:
        assert all(eq.pure_policy()[s] in expected[k] for k, s in enumerate(game.states))
    mixed = markov_equilibrium(game)
    assert mixed.converged
    for k in range(game.n_states):
        assert game.stage_game(k).is_nash(mixed.equilibrium.policy[k])


def column_player_value(M):
    """min_y max_i (M y)_i by the column player's LP, the dual of the formulation shapley() uses."""
    m, n = M.shape
    res = linprog(np.r_[np.zeros(n), 1.0], A_ub=np.hstack([M, -np.ones((m, 1))]), b_ub=np.zeros(m),
                  A_eq=np.r_[np.ones(n), 0.0][None], b_eq=[1.0], bounds=[(0, None)] * n + [(None, None)],
                  method="highs")
    return res.x[-1]


@settings(max_examples=12, deadline=None)
@given(stochastic_games(max_states=3, max_actions=3, zero_sum=True))
def test_zero_sum_values_solve_shapleys_fixed_point(game):
    result = shapley(game)
    assert result.status == "converged"
    V = result.values
    for k in range(game.n_states):
        M = game.continuation_payoffs(k, V)[0]
        assert V[k, 0] == pytest.approx(column_player_value(M), abs=1e-6 * scale_of(game))
    assert brute_force_regret(game, result.equilibrium.policy)[0] <= 1e-6 * scale_of(game)


@FAST
@given(st.integers(1, 3).flatmap(lambda n: stochastic_games(n_players=n, max_states=3 if n < 3 else 2)))
def test_every_mpe_returned_passes_the_one_shot_check_at_every_state(game):
    for eq in pure_markov_equilibria(game).equilibria + markov_equilibrium(game, max_iter=50).equilibria:
        regret, V = brute_force_regret(game, eq.policy)
        assert regret <= 1e-6 * scale_of(game)
        assert eq.values == pytest.approx(V, abs=1e-7 * scale_of(game))


@FAST
@given(st.data())
def test_relabelling_states_or_actions_changes_nothing(data):
    game = data.draw(stochastic_games(max_states=3, max_actions=3))
    new, order, _ = data.draw(relabellings(game))
    before, after = pure_markov_equilibria(game), pure_markov_equilibria(new)
    assert pure_set(before) == pure_set(after)
    by_policy = {tuple(sorted(eq.pure_policy().items())): eq.values for eq in before.equilibria}
    for eq in after.equilibria:
        assert eq.values == pytest.approx(by_policy[tuple(sorted(eq.pure_policy().items()))][list(order)])


@FAST
@given(stochastic_games(max_states=3), st.integers(0, 1), st.integers(-50, 50))
def test_adding_a_constant_to_a_players_payoffs_changes_no_policy(game, player, c):
    shifted = [u.copy() for u in game.payoffs]
    for u in shifted:
        u[player] += c
    other = StochasticGame(game.players, game.states, game.actions, shifted, game.transitions, game.discount)
    before, after = pure_markov_equilibria(game), pure_markov_equilibria(other)
    assert pure_set(before) == pure_set(after)
    shift = np.zeros(game.n_players)
    shift[player] = c / (1 - game.discount[player])
    by_policy = {tuple(sorted(eq.pure_policy().items())): eq.values for eq in before.equilibria}
    for eq in after.equilibria:
        assert eq.values == pytest.approx(by_policy[tuple(sorted(eq.pure_policy().items()))] + shift)
