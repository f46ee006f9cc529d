"""Bargaining: closed forms from the literature as oracles, and the axioms as properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from leverage import Game
from leverage.bargaining import BargainingProblem, patient_limit, rubinstein
from leverage.solvers.minmax import minmax_values
from leverage.testing.strategies import bargaining_problems

SOLUTIONS = ("nash_solution", "kalai_smorodinsky", "egalitarian", "utilitarian")


def pie(d, size=1.0, players=None):
    return BargainingProblem.from_points([[size, 0.0], [0.0, size]], d, players=players)


def nash_on_pie(d, w, size=1.0):
    """Closed form: on u1 + u2 <= size, u_i = d_i + w_i (size - d_1 - d_2)."""
    surplus = size - sum(d)
    return np.array([d[0] + w[0] * surplus, d[1] + w[1] * surplus])


def rubinstein_share(d1, d2):
    """Rubinstein (1982): the first proposer's share (1 - d2) / (1 - d1 d2)."""
    return (1 - d2) / (1 - d1 * d2)


# ---------------------------------------------------------------- published values


def test_nash_solution_on_a_pie():
    d = (0.2, 0.1)
    p = pie(d)
    np.testing.assert_allclose(p.nash_solution().utilities, nash_on_pie(d, (0.5, 0.5)), atol=1e-12)
    np.testing.assert_allclose(p.nash_solution().utilities, [0.55, 0.45], atol=1e-12)
    weighted = p.nash_solution(weights=[0.6, 0.4]).utilities
    np.testing.assert_allclose(weighted, nash_on_pie(d, (0.6, 0.4)), atol=1e-12)
    assert weighted[0] == pytest.approx(0.62, abs=1e-12)


@pytest.mark.parametrize("delta, published", [((0.9, 0.8), 0.714286), ((0.9, 0.9), 0.526316)])
def test_rubinstein_published_values(delta, published):
    share = rubinstein(delta).shares[0]
    assert share == pytest.approx(rubinstein_share(*delta), abs=1e-12)
    assert round(share, 6) == published


def test_rubinstein_second_proposer_is_the_mirror():
    out = rubinstein((0.9, 0.8), proposer=1)
    assert out.shares[1] == pytest.approx(rubinstein_share(0.8, 0.9))


def test_kalai_smorodinsky_uses_the_individually_rational_ideal_point():
    # frontier u2 = 1 - u1^2 with d = (0, 0.75): IR part has u1 <= 0.5, so the ideal is (0.5, 1)
    p = BargainingProblem.from_frontier(lambda x: 1 - x**2, [0.0, 0.75], bounds=(0, 1))
    np.testing.assert_allclose(p.ideal_point(), [0.5, 1.0], atol=1e-9)
    ks = p.kalai_smorodinsky().utilities
    # on the segment from d to the ideal: u2 - 0.75 = 0.5 u1, and on the frontier
    t = (-0.5 + math.sqrt(0.25 + 4 * 0.25)) / 2  # u1 solves u1^2 + 0.5 u1 - 0.25 = 0
    np.testing.assert_allclose(ks, [t, 0.75 + 0.5 * t], atol=1e-9)


def test_nash_solution_on_a_concave_frontier_matches_the_first_order_condition():
    # u2 = 1 - u1^2, d = 0: maximise u1 (1 - u1^2) -> u1 = 1/sqrt(3)
    p = BargainingProblem.from_frontier(lambda x: 1 - x**2, [0, 0], bounds=(0, 1))
    u1 = 1 / math.sqrt(3)
    np.testing.assert_allclose(p.nash_solution().utilities, [u1, 1 - u1**2], atol=1e-9)


def test_three_player_nash_on_a_simplex():
    d = np.array([0.1, 0.2, 0.0])
    w = np.array([0.5, 0.3, 0.2])
    p = BargainingProblem.from_points(np.eye(3), d)
    np.testing.assert_allclose(p.nash_solution(w).utilities, d + w * (1 - d.sum()), atol=1e-9)
    frontier = BargainingProblem.from_frontier(lambda x, y: 1 - x - y, d, bounds=[(0, 1), (0, 1)])
    np.testing.assert_allclose(frontier.nash_solution(w).utilities, d + w * (1 - d.sum()), atol=1e-6)


def test_no_agreement_is_explicit():
    for d in ([0.7, 0.5], [2.0, 0.0], [1.0, 0.0]):
        p = pie(d)
        assert p.zopa().empty
        for name in SOLUTIONS:
            res = getattr(p, name)()
            assert not res.agreement and res.utilities is None and res.reason
    finite = BargainingProblem.from_points([[1, 0], [0, 1]], [0.5, 0.5], convex=False)
    assert not finite.nash_solution().agreement


def test_finite_sets_choose_an_outcome():
    deals = [[3, 1], [2, 2], [1, 3], [1, 1]]
    p = BargainingProblem.from_points(deals, [0, 0], convex=False, labels=["A", "B", "C", "D"])
    nash = p.nash_solution()
    assert nash.outcome == 1 and nash.label == "B"
    # with a convex hull, the same deals give the same point
    assert BargainingProblem.from_points(deals, [0, 0]).nash_solution().utilities.tolist() == [2.0, 2.0]
    # bargaining power moves the finite choice: weight 0.8 on player 1 picks A
    assert p.nash_solution(weights=[0.8, 0.2]).label == "A"


def test_from_game_disagreement_options():
    pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    by_minmax = BargainingProblem.from_game(pd)
    np.testing.assert_allclose(by_minmax.disagreement, minmax_values(pd))
    np.testing.assert_allclose(by_minmax.nash_solution().utilities, [3, 3], atol=1e-9)
    by_nash = BargainingProblem.from_game(pd, disagreement="nash")
    np.testing.assert_allclose(by_nash.disagreement, [1, 1])
    by_vector = BargainingProblem.from_game(pd, disagreement=[2.0, 0.0])
    sol = by_vector.nash_solution().utilities
    assert sol[0] >= 2.0 and by_vector.is_pareto_optimal(sol)


def test_batna_sensitivity_on_a_pie_is_one_half():
    p = pie([0.2, 0.1])
    np.testing.assert_allclose(p.batna_sensitivity(0), [0.5, -0.5], atol=1e-6)
    np.testing.assert_allclose(p.batna_sensitivity(1, solution="kalai_smorodinsky"), [-0.5, 0.5], atol=1e-6)


def test_patient_limit_equals_generalised_nash_and_is_the_limit_of_rubinstein():
    rates = (0.05, 0.12)
    lim = patient_limit(rates)
    np.testing.assert_allclose(lim.shares, lim.nash_solution, atol=1e-9)
    np.testing.assert_allclose(lim.shares, [rates[1] / sum(rates), rates[0] / sum(rates)])
    dt = 1e-5
    delta = (math.exp(-rates[0] * dt), math.exp(-rates[1] * dt))
    assert rubinstein(delta).shares[0] == pytest.approx(lim.shares[0], abs=1e-4)
    assert rubinstein(delta, proposer=1).shares[0] == pytest.approx(lim.shares[0], abs=1e-4)


def test_outside_option_principle():
    delta = (0.9, 0.9)
    plain = rubinstein(delta)
    responder_share = plain.shares[1]
    # an option below the responder's share changes nothing
    assert rubinstein(delta, outside_options=(0.0, responder_share * 0.99)).shares == plain.shares
    # a binding option gives the responder exactly its option (not a shifted disagreement point)
    out = rubinstein(delta, outside_options=(0.0, 0.6))
    assert out.shares[1] == pytest.approx(0.6) and out.binding == (False, True)
    # options that together exceed the pie: no agreement
    assert not rubinstein(delta, outside_options=(0.6, 0.6)).agreement


def test_a_point_dominating_the_whole_set_is_the_pareto_optimal_solution():
    # every other point is disposed of: each solution is the dominating point (a case where
    # HiGHS's presolve wrongly reports the membership problem infeasible)
    problem = BargainingProblem.from_points([[0, 0], [0, 1], [0.25, 6]], [0, 0])
    assert problem.contains([0.25, 6.0])
    assert problem.is_pareto_optimal([0.25, 6.0]) and not problem.is_pareto_optimal([0.2, 6.0])
    for name in SOLUTIONS:
        np.testing.assert_allclose(getattr(problem, name)().utilities, [0.25, 6.0], atol=1e-9)


# ---------------------------------------------------------------- properties


@given(bargaining_problems(n_players=st.integers(2, 3)), st.sampled_from(SOLUTIONS))
def test_every_solution_is_pareto_optimal_and_individually_rational(problem, name):
    res = getattr(problem, name)()
    assert res.agreement
    assert np.all(res.utilities >= problem.disagreement - 1e-9)
    assert problem.is_pareto_optimal(res.utilities)


@given(
    bargaining_problems(kind=st.sampled_from(["convex", "frontier"])),
    st.floats(0.1, 10),
    st.floats(-5, 5),
    st.integers(0, 1),
    st.sampled_from(["nash_solution", "kalai_smorodinsky"]),
)
def test_nash_and_ks_are_invariant_to_affine_rescaling(problem, a, b, player, name):
    scale, shift = np.ones(2), np.zeros(2)
    scale[player], shift[player] = a, b
    before = getattr(problem, name)().utilities
    after = getattr(problem.affine(scale, shift), name)().utilities
    # on a frontier the maximiser locates the flat optimum to about sqrt(eps) of the frontier's scale,
    # and rescaling one player by a steepens the frontier by up to 1/a: the tolerance follows both
    np.testing.assert_allclose(after, scale * before + shift, atol=1e-5 * max(a, 1.0 / a))


@given(bargaining_problems(kind=st.sampled_from(["convex", "frontier"]), symmetric=True), st.sampled_from(SOLUTIONS))
def test_symmetric_problems_get_symmetric_solutions(problem, name):
    u = getattr(problem, name)().utilities
    assert u[0] == pytest.approx(u[1], abs=1e-6)


@given(st.floats(0.5, 10), st.floats(0.5, 10), st.floats(0.0, 0.9), st.floats(0.05, 0.95))
def test_ks_equals_nash_on_a_linear_frontier(s1, s2, t, x):
    f = lambda u: s2 * (1 - u / s1)  # noqa: E731
    d = [t * x * s1, t * f(x * s1)]
    p = BargainingProblem.from_frontier(f, d, bounds=(0, s1))
    np.testing.assert_allclose(p.kalai_smorodinsky().utilities, p.nash_solution().utilities, atol=1e-6)
    q = BargainingProblem.from_points([[s1, 0], [0, s2]], d)
    np.testing.assert_allclose(q.kalai_smorodinsky().utilities, q.nash_solution().utilities, atol=1e-7)


@given(bargaining_problems(n_players=st.integers(2, 3)))
def test_weighted_nash_with_equal_weights_is_nash(problem):
    n = problem.n_players
    np.testing.assert_allclose(
        problem.nash_solution(np.full(n, 1.0 / n)).utilities, problem.nash_solution().utilities, atol=1e-9
    )


@given(bargaining_problems(kind="convex"))
def test_improving_a_batna_never_lowers_that_sides_nash_utility(problem):
    base = problem.nash_solution().utilities
    d = problem.disagreement.copy()
    gain = problem.zopa().ideal - d
    d[0] += 0.5 * gain[0]
    better = BargainingProblem.from_points(problem.feasible_set.points, d)
    assume(not better.zopa().empty)
    assert better.nash_solution().utilities[0] >= base[0] - 1e-7


discounts = st.floats(0.01, 0.99)


@given(discounts, discounts, st.floats(0.1, 100), st.integers(0, 1))
def test_rubinstein_shares_sum_to_the_pie(d1, d2, size, proposer):
    out = rubinstein((d1, d2), proposer=proposer, pie=size)
    assert sum(out.shares) == pytest.approx(size)


@given(discounts, discounts, discounts)
def test_rubinstein_share_rises_with_own_patience_and_falls_with_the_opponents(d1, d1b, d2):
    low, high = sorted((d1, d1b))
    assume(high - low > 1e-6)
    assert rubinstein((high, d2)).shares[0] >= rubinstein((low, d2)).shares[0]
    assert rubinstein((d2, high)).shares[0] <= rubinstein((d2, low)).shares[0]


def test_rubinstein_tends_to_one_half_as_both_become_patient():
    shares = [rubinstein((1 - e, 1 - e)).shares[0] for e in (1e-1, 1e-2, 1e-3, 1e-4)]
    gaps = [abs(s - 0.5) for s in shares]
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] < 1e-4


@given(discounts, discounts, st.floats(0.0, 0.999), st.floats(0.0, 0.999))
def test_outside_options_below_the_rubinstein_shares_change_nothing(d1, d2, f1, f2):
    plain = rubinstein((d1, d2))
    # player 2's option below its responder share, player 1's below what it gets as responder
    o1 = f1 * d1 * (1 - d2) / (1 - d1 * d2)
    o2 = f2 * plain.shares[1]
    assert rubinstein((d1, d2), outside_options=(o1, o2)).shares == pytest.approx(plain.shares)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: rubinstein((1.0, 0.5)), ValueError, r"rubinstein\(\): discount factors must lie in \(0, 1\); delta\[0\] = 1.0"),
        (lambda: rubinstein((0.5, 0.0)), ValueError, r"delta\[1\] = 0.0"),
        (lambda: rubinstein((0.5, 0.5), proposer=2), ValueError, "proposer must be 0 or 1"),
        (lambda: rubinstein((0.5, 0.5), pie=-1), ValueError, "pie must be positive"),
        (lambda: rubinstein((0.5, 0.5), outside_options=(-0.1, 0)), ValueError, "outside_options must be non-negative"),
        (lambda: rubinstein(0.5), TypeError, "delta must be a pair"),
        (lambda: patient_limit((0.0, 0.1)), ValueError, r"patient_limit\(\): discount rates must be positive"),
        (lambda: pie([0.2, 0.1]).nash_solution(weights=[0.7, 0.4]), ValueError, "weights must sum to 1"),
        (lambda: pie([0.2, 0.1]).nash_solution(weights=[1.2, -0.2]), ValueError, "weights must be positive"),
        (lambda: pie([0.2, 0.1]).nash_solution(weights=[1.0]), ValueError, "weights has 1 entries but there are 2 players"),
        (lambda: BargainingProblem.from_points([[1], [2]], [0]), ValueError, "needs at least two players"),
        (lambda: BargainingProblem.from_points([[1, np.nan]], [0, 0]), ValueError, "non-finite utilities"),
        (lambda: BargainingProblem.from_points([[1, 0]], [0, np.inf]), ValueError, "disagreement has non-finite values"),
        (lambda: BargainingProblem.from_points([[1, 0]], [0, 0, 0]), ValueError, "disagreement has 3 entries"),
        (lambda: BargainingProblem.from_frontier(lambda x: x, [0, 0], bounds=(0, 1)), ValueError, "must be non-increasing"),
        (lambda: BargainingProblem.from_frontier(lambda x: 1 - x, [0, 0], bounds=(1, 0)), ValueError, "low < high"),
        (lambda: BargainingProblem.from_game(Game([np.zeros(2)])), ValueError, "at least two players"),
        (lambda: BargainingProblem.from_game(Game.from_bimatrix([[1]], [[1]]), "best"), ValueError, "'minmax', 'nash'"),
        (lambda: pie([0.2, 0.1]).batna_sensitivity("Japan"), ValueError, "unknown player 'Japan'"),
        (lambda: pie([0.2, 0.1]).batna_sensitivity(0, solution="median"), ValueError, "unknown solution 'median'"),
        (lambda: pie([0.2, 0.1]).affine([0, 1], [0, 0]), ValueError, "scale must be positive"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_disagreement_outside_the_feasible_set_is_an_explicit_no_agreement():
    p = pie([1.5, 0.0])
    z = p.zopa()
    assert z.empty and "outside the feasible set" in z.reason
    assert "no agreement" in repr(p.nash_solution())


def stationary_split(delta, options, iterations=20000):
    """Independent oracle: iterate the stationary SPE equations of alternating offers with options.

    x: player 1's share when proposing; y: player 1's share when player 2 proposes.
    x = 1 - max(o2, d2 (1 - y)),  y = max(o1, d1 x)   (a contraction).
    """
    (d1, d2), (o1, o2) = delta, options
    x = y = 0.5
    for _ in range(iterations):
        x_new = 1 - max(o2, d2 * (1 - y))
        y_new = max(o1, d1 * x_new)
        if abs(x_new - x) + abs(y_new - y) < 1e-15:
            return x_new
        x, y = x_new, y_new
    return x


@given(discounts, discounts, st.floats(0.0, 0.7), st.floats(0.0, 0.7))
def test_outside_options_match_the_stationary_equilibrium(d1, d2, o1, o2):
    assume(o1 + o2 < 0.999)
    out = rubinstein((d1, d2), outside_options=(o1, o2))
    assert out.shares[0] == pytest.approx(stationary_split((d1, d2), (o1, o2)), abs=1e-9)
