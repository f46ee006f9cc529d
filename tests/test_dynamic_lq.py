"""Feedback Nash equilibria of LQ games: QuantEcon's ``nnash`` on its lecture's duopoly, and oracles without it.

The oracles: each player's rule must be the optimal regulator of the
single-agent problem left when the others' rules are fixed -- solved here by
scipy's discrete algebraic Riccati solver, an independent algorithm (the
one-shot deviation principle for LQ games) -- and a closed form for symmetric
scalar games.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import solve_discrete_are

from leverage.dynamic import LQGame, lq_feedback_nash, simulate

# The duopoly of QuantEcon's "Markov Perfect Equilibrium" lecture: inverse demand p = a0 - a1 (q1 + q2),
# adjustment cost gamma (q_{t+1} - q_t)**2, state x = (1, q1, q2), control u_i = q_{i,t+1} - q_{i,t}.
A0, A1, BETA, GAMMA = 10.0, 2.0, 0.96, 12.0


def duopoly():
    A = np.eye(3)
    B1 = np.array([[0.0], [1.0], [0.0]])
    B2 = np.array([[0.0], [0.0], [1.0]])
    R1 = np.array([[0.0, -A0 / 2, 0.0], [-A0 / 2, A1, A1 / 2], [0.0, A1 / 2, 0.0]])
    R2 = np.array([[0.0, 0.0, -A0 / 2], [0.0, 0.0, A1 / 2], [-A0 / 2, A1 / 2, A1]])
    return A, B1, B2, R1, R2


def single_agent_rule(game, i, F):
    """Player i's optimal rule and value matrix against the others' fixed rules, by scipy's DARE solver."""
    others = [j for j in range(game.n_players) if j != i]
    lam = game.A - sum(game.B[j] @ F[j] for j in others)
    R = game.R[i] + sum(F[j].T @ game.S[i][j] @ F[j] for j in others)
    N = game.W[i] - sum(F[j].T @ game.M[i][j] for j in others)
    a, b = np.sqrt(game.beta) * lam, np.sqrt(game.beta) * game.B[i]
    P = solve_discrete_are(a, b, R, game.Q[i], s=N)
    return np.linalg.solve(game.Q[i] + b.T @ P @ b, b.T @ P @ a + N.T), P


def test_agrees_with_quantecon_nnash_on_the_lecture_duopoly(require_extra):
    qe = require_extra("quantecon", extra="bench")
    A, B1, B2, R1, R2 = duopoly()
    # nnash stops when its rules change by less than tol; 1e-10 puts its own error well inside 1e-8
    F1, F2, P1, P2 = qe.nnash(A, B1, B2, R1, R2, GAMMA, GAMMA, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, beta=BETA, tol=1e-10)
    sol = lq_feedback_nash(LQGame(A=A, B=[B1, B2], R=[R1, R2], Q=[GAMMA, GAMMA], beta=BETA))
    assert sol.converged
    np.testing.assert_allclose(sol.F[0], F1, atol=1e-8, rtol=0)
    np.testing.assert_allclose(sol.F[1], F2, atol=1e-8, rtol=0)
    # nnash stops on the rules alone, so the constant's entry P[0, 0] (on which no rule depends) is not
    # converged there; every other entry must agree
    mask = np.ones((3, 3), dtype=bool)
    mask[0, 0] = False
    np.testing.assert_allclose(sol.P[0][mask], P1[mask], atol=1e-8, rtol=0)
    np.testing.assert_allclose(sol.P[1][mask], P2[mask], atol=1e-8, rtol=0)


def test_each_duopolist_rule_is_the_optimal_regulator_against_the_other_rule():
    A, B1, B2, R1, R2 = duopoly()
    game = LQGame(A=A, B=[B1, B2], R=[R1, R2], Q=[GAMMA, GAMMA], beta=BETA)
    sol = lq_feedback_nash(game)
    for i in range(2):
        F, P = single_agent_rule(game, i, sol.F)
        np.testing.assert_allclose(sol.F[i], F, atol=1e-8, rtol=0)
        np.testing.assert_allclose(sol.P[i], P, atol=1e-6 * np.abs(P).max(), rtol=0)
    # the rules QuantEcon's lecture prints for this duopoly (8 digits, from nnash run to its default tol=1e-8,
    # so the printed rule is itself about 1e-8 from the fixed point)
    assert sol.F[0][0] == pytest.approx([-0.66846615, 0.29512482, 0.07584666], abs=5e-8)


def test_three_players_with_cross_terms_each_play_the_optimal_regulator():
    rng = np.random.default_rng(2)
    n = 3
    A = np.eye(n) * 0.9 + 0.05 * rng.standard_normal((n, n))
    B = [rng.standard_normal((n, 1)) for _ in range(3)]
    R = [np.eye(n) * (1 + i) for i in range(3)]
    Q = [np.array([[1.0 + i]]) for i in range(3)]
    W = [0.1 * rng.standard_normal((n, 1)) for _ in range(3)]
    S = [[np.array([[0.2]])] * 3 for _ in range(3)]
    M = [[np.array([[0.05]])] * 3 for _ in range(3)]
    game = LQGame(A=A, B=B, R=R, Q=Q, W=W, S=S, M=M, beta=0.95)
    sol = lq_feedback_nash(game)
    assert sol.converged
    for i in range(3):
        F, _ = single_agent_rule(game, i, sol.F)
        np.testing.assert_allclose(sol.F[i], F, atol=1e-8, rtol=0)


def test_symmetric_scalar_game_meets_its_closed_form():
    # x' = x + u1 + u2, loss x**2 + u_i**2, beta = 1: F = P / (1 + 2P) and
    # P = 1 + F**2 + P (1 - 2F)**2 (Bellman with u_i = -F x), so P solves a polynomial equation
    sol = lq_feedback_nash(LQGame(A=[[1.0]], B=[[1.0], [1.0]], R=[[[1.0]], [[1.0]]], Q=[[[1.0]], [[1.0]]]))
    P = sol.P[0].item()
    F = P / (1 + 2 * P)
    assert sol.F[0].item() == pytest.approx(F, abs=1e-10)
    assert P == pytest.approx(1 + F**2 + P * (1 - 2 * F) ** 2, abs=1e-8)


def test_max_iter_reached_is_a_status_with_no_rules():
    A, B1, B2, R1, R2 = duopoly()
    sol = lq_feedback_nash(LQGame(A=A, B=[B1, B2], R=[R1, R2], Q=[GAMMA, GAMMA], beta=BETA), max_iter=3)
    assert sol.status == "not_converged" and sol.F == () and not sol.converged
    with pytest.raises(ValueError, match=r"simulate\(\): the LQ solution did not converge"):
        simulate(sol, [1.0, 0.0, 0.0], 3)


def test_lq_paths_follow_the_rules():
    sol = lq_feedback_nash(LQGame(A=[[1.0]], B=[[1.0], [1.0]], R=[[[1.0]], [[1.0]]], Q=[[[1.0]], [[1.0]]]))
    paths = simulate(sol, [2.0], periods=3)
    F = sol.F[0].item()
    assert paths["x[0]"] == pytest.approx([2.0, 2.0 * (1 - 2 * F), 2.0 * (1 - 2 * F) ** 2])
    assert paths["u[0] player 1"] == pytest.approx(-F * paths["x[0]"])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"A": [[1.0, 0.0]]}, r"LQGame\(\): A must be square"),
        ({"B": [[[1.0], [2.0]], [[1.0]]]}, r"LQGame\(\): B\[0\] must have 1 rows"),
        ({"beta": 0.0}, r"LQGame\(\): beta must be positive"),
        ({"beta": 1.5}, r"LQGame\(\): beta must be at most 1"),
        ({"Q": [[[1.0]]]}, r"LQGame\(\): Q must hold one entry per player \(2\)"),
        ({"R": [[[1.0, 0.0]], [[1.0]]]}, r"LQGame\(\): R\[0\] must have shape \(1, 1\)"),
    ],
)
def test_bad_lq_games_are_refused_by_name(kwargs, message):
    spec = dict(A=[[1.0]], B=[[1.0], [1.0]], R=[[[1.0]], [[1.0]]], Q=[[[1.0]], [[1.0]]])
    spec.update(kwargs)
    with pytest.raises((ValueError, TypeError), match=message):
        LQGame(**spec)
