"""Bayesian games: the induced normal form against direct sums, Bayes-Nash equilibria against the
closed form of the public-good game with private costs, pure equilibria against brute force on
games with correlated types, zero-probability types, and bad input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leverage import Game, equilibria
from leverage.extensive.bayesian import BayesianGame, bayes_nash_equilibria, public_good
from leverage.testing.strategies import bayesian_games

C, K = 0, 1  # Contribute, Keep
LOW, HIGH = 0, 1


def public_good_from_the_text(p, c_low, c_high):
    """1 if anyone contributes, minus one's own cost if one contributes; costs independent, Low w.p. p."""
    cost = [c_low, c_high]
    u = [np.zeros((2, 2, 2, 2)), np.zeros((2, 2, 2, 2))]
    for t1, t2, a1, a2 in itertools.product(range(2), repeat=4):
        good = 1.0 if C in (a1, a2) else 0.0
        u[0][t1, t2, a1, a2] = good - (cost[t1] if a1 == C else 0.0)
        u[1][t1, t2, a1, a2] = good - (cost[t2] if a2 == C else 0.0)
    marginal = np.array([p, 1 - p])
    return BayesianGame([["Low", "High"], ["Low", "High"]], np.outer(marginal, marginal),
                        [["Contribute", "Keep"], ["Contribute", "Keep"]], u)


def closed_form(p, c_low):
    """Bayes-Nash equilibria as (q1, q2), the low types' contribution probabilities (high types keep).

    A low type contributes for 1 - c_low or keeps and gets the good when the other's low type
    contributes: p * q_other. If p < 1 - c_low contributing is dominant; if p > 1 - c_low there
    are two asymmetric equilibria and a symmetric one with q = (1 - c_low) / p."""
    if p < 1 - c_low:
        return [(1.0, 1.0)]
    q = (1 - c_low) / p
    return [(1.0, 0.0), (q, q), (0.0, 1.0)]


def ex_ante(p, c_low, q1, q2):
    """Player 1's ex-ante payoff when low types contribute with probabilities q1, q2 (high types keep)."""
    low = q1 * (1 - c_low) + (1 - q1) * p * q2
    high = p * q2
    return p * low + (1 - p) * high


@pytest.mark.parametrize("p, c_low, c_high", [(0.9, 0.2, 1.5), (0.95, 0.5, 2.0), (0.5, 0.2, 1.5), (0.7, 0.25, 1.1)])
def test_public_good_matches_closed_form(p, c_low, c_high):
    game = public_good_from_the_text(p, c_low, c_high)
    found = bayes_nash_equilibria(game)
    expected = closed_form(p, c_low)
    assert len(found) == len(expected)
    tols = game.to_game().tolerances()
    for eq, (q1, q2) in zip(found, expected, strict=True):
        assert eq.regret <= tols.max()
        for player, q in zip(game.players, (q1, q2)):
            assert eq.strategies[player]["Low"]["Contribute"] == pytest.approx(q, abs=1e-9)
            assert eq.strategies[player]["High"] == {"Contribute": 0.0, "Keep": 1.0}
        assert eq.payoffs[0] == pytest.approx(ex_ante(p, c_low, q1, q2), abs=1e-9)
        assert eq.payoffs[1] == pytest.approx(ex_ante(p, c_low, q2, q1), abs=1e-9)
        # interim: the high type free-rides on the other's low type
        assert eq.interim_payoffs["Player 1"]["High"] == pytest.approx(p * q2, abs=1e-9)
        assert eq.interim_regrets["Player 1"]["Low"] <= 1e-7
        assert eq.arbitrary == ()
    assert public_good(p, c_low, c_high).to_game() == game.to_game()


def test_induced_normal_form_against_direct_sums():
    game = public_good_from_the_text(0.9, 0.2, 1.5)
    normal = game.to_game()
    assert normal.shape == (4, 4)
    assert normal.strategies[0] == ("Low:Contribute/High:Contribute", "Low:Contribute/High:Keep",
                                    "Low:Keep/High:Contribute", "Low:Keep/High:Keep")
    maps = list(itertools.product(range(2), repeat=2))  # (action of Low, action of High)
    for (k1, s1), (k2, s2) in itertools.product(enumerate(maps), repeat=2):
        for i in range(2):
            direct = sum(game.prior[t1, t2] * game.payoffs[i][t1, t2, s1[t1], s2[t2]]
                         for t1, t2 in itertools.product(range(2), repeat=2))
            assert normal.payoffs[i][k1, k2] == pytest.approx(direct, abs=1e-12)


def brute_force_pure_bne(game, tol):
    """Pure Bayes-Nash equilibria by checking every type's interim best response directly."""
    n = game.n_players
    maps = [list(itertools.product(range(len(a)), repeat=len(t))) for t, a in zip(game.types, game.actions)]
    out = []
    for profile in itertools.product(*maps):
        ok = True
        for i in range(n):
            for ti in range(len(game.types[i])):
                values = np.zeros(len(game.actions[i]))
                for types in itertools.product(*(range(len(t)) for t in game.types)):
                    if types[i] != ti:
                        continue
                    acts = [profile[j][types[j]] for j in range(n)]
                    for ai in range(len(game.actions[i])):
                        acts[i] = ai
                        values[ai] += game.prior[types] * game.payoffs[i][types + tuple(acts)]
                ok &= bool(values[profile[i][ti]] >= values.max() - tol[i])
        if ok:
            out.append(profile)
    return out


@given(st.data())
def test_pure_equilibria_match_brute_force_with_correlated_types(data):
    """Two players, two types each, a joint prior that need not be a product, integer payoffs."""
    weights = np.array(data.draw(st.lists(st.integers(0, 3), min_size=4, max_size=4)), dtype=float)
    weights[0] += weights.sum() == 0
    prior = (weights / weights.sum()).reshape(2, 2)
    cells = st.lists(st.integers(-3, 3), min_size=16, max_size=16)
    payoffs = [np.array(data.draw(cells), dtype=float).reshape(2, 2, 2, 2) for _ in range(2)]
    game = BayesianGame([["a", "b"], ["c", "d"]], prior, [["x", "y"], ["z", "w"]], payoffs)
    found = bayes_nash_equilibria(game)
    tol = game.to_game().tolerances()
    keep = [[t for t in range(2) if game.marginal(i)[t] > 0] for i in range(2)]
    # profiles that differ only at zero-probability types are one equilibrium
    expected = {tuple(tuple(p[i][t] for t in keep[i]) for i in range(2)) for p in brute_force_pure_bne(game, tol)}
    pure = set()
    for eq in found:
        assert eq.regret <= tol.max()
        if eq.is_pure:
            pure.add(tuple(
                tuple(game.actions[i].index(max(eq.strategies[p][game.types[i][t]].items(), key=lambda kv: kv[1])[0])
                      for t in keep[i])
                for i, p in enumerate(game.players)))
        for i, p in enumerate(game.players):
            for t, name in enumerate(game.types[i]):
                assert (eq.strategies[p][name] is None) == (t not in keep[i])
    # every pure equilibrium of the normal form is an extreme point, so the solver finds it
    assert pure == expected


def test_zero_probability_types_are_arbitrary():
    prior = np.array([[0.5, 0.0], [0.5, 0.0]])  # player 2 is never "Ghost"
    u = np.zeros((2, 2, 2, 2))
    u[:, :, 0, 0] = u[:, :, 1, 1] = 1.0  # coordination, whatever the types
    game = BayesianGame([["A", "B"], ["Real", "Ghost"]], prior, [["x", "y"], ["x", "y"]], [u, u])
    assert game.to_game().shape == (4, 4)  # the ghost type is still in the normal form
    found = bayes_nash_equilibria(game)
    assert len(found) >= 2
    for eq in found:
        assert eq.arbitrary == (("Player 2", "Ghost"),)
        assert eq.strategies["Player 2"]["Ghost"] is None
        assert eq.interim_payoffs["Player 2"]["Ghost"] is None
        assert eq.interim_payoffs["Player 2"]["Real"] is not None
    assert "arbitrary" in repr(found[0])


def test_one_type_each_is_the_normal_form():
    A = np.array([[2.0, 0.0], [0.0, 1.0]])
    B = np.array([[1.0, 0.0], [0.0, 2.0]])
    game = BayesianGame([["only"], ["only"]], [[1.0]], [["F", "O"], ["F", "O"]], [A[None, None], B[None, None]])
    found = bayes_nash_equilibria(game)
    plain = equilibria(Game.from_bimatrix(A, B))
    assert len(found) == len(plain) == 3
    for eq, ref in zip(found, plain, strict=True):
        np.testing.assert_allclose(list(eq.strategies["Player 1"]["only"].values()), ref.strategies[0], atol=1e-12)
        np.testing.assert_allclose(eq.payoffs, ref.payoffs, atol=1e-12)


# ---------------------------------------------------------------------------- errors


GOOD = dict(types=[["H", "L"], ["x"]], prior=[[0.5], [0.5]], actions=[["a", "b"], ["c", "d"]],
            payoffs=[np.zeros((2, 1, 2, 2)), np.zeros((2, 1, 2, 2))])


@pytest.mark.parametrize(
    "change, error, message",
    [
        (dict(prior=[[0.5], [0.6]]), ValueError, r"BayesianGame\(\): prior must sum to 1; got 1.1"),
        (dict(prior=[[1.5], [-0.5]]), ValueError, "prior has negative probabilities"),
        (dict(prior=[0.5, 0.5]), ValueError, r"prior must have shape \(2, 1\)"),
        (dict(prior=[[np.nan], [0.5]]), ValueError, "non-finite"),
        (dict(payoffs=[np.zeros((2, 2, 2)), np.zeros((2, 1, 2, 2))]), ValueError, r"payoffs\[0\] must have shape"),
        (dict(payoffs=[np.zeros((2, 1, 2, 2))]), ValueError, "payoffs has 1 entries but there are 2 players"),
        (dict(actions=[["a", "b"]]), ValueError, "actions has 1 entries"),
        (dict(actions=[["a", "a"], ["c", "d"]]), ValueError, "duplicate name"),
        (dict(types=[["H:1", "L"], ["x"]]), ValueError, "contains ':'"),
        (dict(types=[["H", "L"], []]), ValueError, "is empty"),
        (dict(types="HL"), TypeError, "types must be a sequence"),
        (dict(players=("A", "B", "C")), ValueError, "players has 3 entries"),
        (dict(payoffs=[np.full((2, 1, 2, 2), np.inf), np.zeros((2, 1, 2, 2))]), ValueError, "non-finite"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(change, error, message):
    with pytest.raises(error, match=message):
        BayesianGame(**{**GOOD, **change})


def test_bad_arguments_to_the_functions():
    with pytest.raises(TypeError, match="bayes_nash_equilibria"):
        bayes_nash_equilibria(Game.from_bimatrix([[1]], [[1]]))
    with pytest.raises(ValueError, match="tol must be"):
        bayes_nash_equilibria(public_good(), tol=2.0)
    with pytest.raises(ValueError, match="max_cells=15"):
        public_good().to_game(max_cells=15)  # 4 x 4 = 16 profiles
    assert public_good().to_game(max_cells=16).shape == (4, 4)


# ---------------------------------------------------------------------------- the shipped strategy


@settings(max_examples=25)
@given(bayesian_games(correlated=True))
def test_bayes_nash_equilibria_of_drawn_games_are_nash_of_the_induced_normal_form(game):
    normal = game.to_game()
    found = bayes_nash_equilibria(game)
    assert found
    for eq in found:
        assert eq.regret <= float(normal.tolerances().max())
        # each type's mixed action is a best reply given its interim beliefs
        for player in game.players:
            for regret in eq.interim_regrets[player].values():
                assert regret <= 1e-7 * max(1.0, float(np.ptp(normal.payoffs[game.players.index(player)])))
