"""Lemke's algorithm for LCPs, the sequence form, Lemke on the sequence form, and the zero-sum LP."""

from __future__ import annotations

import importlib
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linprog

from leverage import Game, GameTree, SolverError
from leverage.extensive.lcp import (
    LCPBreakdownError,
    PivotBoundError,
    RayTerminationError,
    lcp_violation,
    lemke,
)
from leverage.extensive.sequence_form import (
    sequence_form,
    sequence_form_equilibrium,
    sequence_form_lcp,
    zero_sum_value,
)
from leverage.extensive.tree import ExtensiveGame
from leverage.nodes import Chance, Decision, Terminal
from leverage.testing.extensive_strategies import extensive_games

# the modules themselves (leverage.extensive re-exports a function named sequence_form)
sf_module = importlib.import_module("leverage.extensive.sequence_form")
lcp_module = importlib.import_module("leverage.extensive.lcp")


# ============================================================================= games
def matching_pennies() -> ExtensiveGame:
    return ExtensiveGame(
        Decision("A", {
            "H": Decision("B", {"h": Terminal([1, -1]), "t": Terminal([-1, 1])}, infoset="B"),
            "T": Decision("B", {"h": Terminal([-1, 1]), "t": Terminal([1, -1])}, infoset="B"),
        }),
        players=("A", "B"),
    )


def kuhn_poker(stake: float = 1.0) -> ExtensiveGame:
    """Kuhn (1950) poker: cards J < Q < K, antes 1, one bet of 1; payoffs times ``stake``."""
    cards = "JQK"

    def show(c1: str, c2: str, amount: float) -> Terminal:
        win = amount if cards.index(c1) > cards.index(c2) else -amount
        return Terminal([stake * win, -stake * win])

    def deal(c1: str, c2: str) -> Decision:
        p2_after_check = Decision("P2", {
            "check": show(c1, c2, 1),
            "bet": Decision("P1", {
                "fold": Terminal([-stake, stake]),
                "call": show(c1, c2, 2),
            }, infoset=f"1{c1}:cb"),
        }, infoset=f"2{c2}:c")
        p2_after_bet = Decision("P2", {
            "fold": Terminal([stake, -stake]),
            "call": show(c1, c2, 2),
        }, infoset=f"2{c2}:b")
        return Decision("P1", {"check": p2_after_check, "bet": p2_after_bet}, infoset=f"1{c1}")

    deals = [(a, b) for a in cards for b in cards if a != b]
    return ExtensiveGame(Chance({a + b: (1 / 6, deal(a, b)) for a, b in deals}), players=("P1", "P2"))


def hand_built() -> ExtensiveGame:
    """Chance (1/4, 3/4); P1 at I (blind to chance); P2 at J (blind); P1 again at K after R/a/c."""
    return ExtensiveGame(
        Chance({
            "L": (0.25, Decision("P1", {
                "a": Decision("P2", {"c": Terminal([2, -1]), "d": Terminal([0, 3])}, infoset="J"),
                "b": Terminal([1, 2]),
            }, infoset="I")),
            "R": (0.75, Decision("P1", {
                "a": Decision("P2", {
                    "c": Decision("P1", {"e": Terminal([4, 0]), "f": Terminal([-2, 1])}, infoset="K"),
                    "d": Terminal([3, 3]),
                }, infoset="J"),
                "b": Terminal([0, 4]),
            }, infoset="I")),
        }),
        players=("P1", "P2"),
    )


def layered_tree(rng: np.random.Generator, levels: int, branching: int = 2, payoffs=None) -> ExtensiveGame:
    """Alternating moves after a chance draw seen by P1 only; a move is seen by the other player
    at randomly chosen levels (fixed per tree: perfect recall); payoffs uniform unless given."""
    seen = rng.random(levels) < 0.5
    draw_payoff = payoffs or (lambda: list(rng.random(2)))

    def build(level: int, draw: int, history: tuple[str, ...]):
        if level == levels:
            return Terminal(draw_payoff())
        mover = level % 2
        view = [f"d{draw}"] if mover == 0 else []
        view += [a if k % 2 == mover else (f"{k}{a}" if seen[k] else "?") for k, a in enumerate(history)]
        label = f"P{mover + 1}|" + ",".join(view)
        acts = [f"a{j}" for j in range(branching)]
        return Decision(f"P{mover + 1}", {a: build(level + 1, draw, history + (a,)) for a in acts}, infoset=label)

    return ExtensiveGame(Chance({f"d{k}": (1 / 3, build(0, k, ())) for k in range(3)}), players=("P1", "P2"))


def three_player_game() -> ExtensiveGame:
    return ExtensiveGame(
        Decision("A", {"x": Decision("B", {"l": Terminal([1, 0, 0]), "r": Terminal([0, 1, 0])}),
                       "y": Decision("C", {"u": Terminal([0, 0, 1]), "d": Terminal([1, 1, 1])})}),
        players=("A", "B", "C"),
    )


def normal_form_value(game: ExtensiveGame) -> float:
    """Value of the reduced normal form by an independent LP: max v s.t. A^T x >= v, sum x = 1."""
    A = game.to_game().payoffs[0]
    m, n = A.shape
    res = linprog(
        np.r_[np.zeros(m), -1.0],
        A_ub=np.hstack([-A.T, np.ones((n, 1))]), b_ub=np.zeros(n),
        A_eq=np.r_[np.ones(m), 0.0][None, :], b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)], method="highs",
    )
    assert res.status == 0
    return float(-res.fun)


def assert_normal_form_nash(game: ExtensiveGame, behaviour) -> None:
    """The behaviour profile, as mixed reduced plans, is a Nash equilibrium of the reduced normal form."""
    normal = game.to_game(max_cells=10**6)
    mixed = game.mixed_from_behaviour(behaviour)
    assert np.all(normal.regret(mixed) <= normal.tolerances() * 10), normal.regret(mixed)


# ============================================================================= LCP
class TestLemke:
    def test_positive_definite_problem_has_its_unique_solution(self):
        # 2 z1 + z2 = 5, z1 + 2 z2 = 6  ->  z = (4/3, 7/3), w = 0
        M = np.array([[2.0, 1.0], [1.0, 2.0]])
        sol = lemke(M, np.array([-5.0, -6.0]))
        np.testing.assert_allclose(sol.z, [4 / 3, 7 / 3], rtol=1e-14)
        np.testing.assert_array_equal(sol.w, [0.0, 0.0])
        assert sol.method == "float" and sol.z_exact is None

    def test_exact_path_gives_rationals(self):
        sol = lemke([[2, 1], [1, 2]], [-5, -6], method="exact")
        assert sol.z_exact == (Fraction(4, 3), Fraction(7, 3))
        assert sol.method == "exact" and sol.violation == 0.0

    def test_nonnegative_q_is_solved_by_zero_without_pivots(self):
        sol = lemke(np.array([[1.0, -3.0], [2.0, 0.5]]), np.array([0.0, 2.0]))
        assert sol.pivots == 0
        np.testing.assert_array_equal(sol.z, [0.0, 0.0])
        np.testing.assert_array_equal(sol.w, [0.0, 2.0])

    def test_pivot_count_of_a_two_step_path(self):
        # z0 enters (w_0 leaves), then z_0 enters and z0 leaves: exactly two pivots
        sol = lemke(np.eye(2), np.array([-1.0, 2.0]))
        np.testing.assert_array_equal(sol.z, [1.0, 0.0])
        np.testing.assert_array_equal(sol.w, [0.0, 2.0])
        assert sol.pivots == 2
        assert lemke(np.eye(2), [-1, 2], method="exact").pivots == 2

    def test_covering_vector_scales_z0_not_the_solution(self):
        M, q = np.array([[2.0, 1.0], [1.0, 2.0]]), np.array([-5.0, -6.0])
        for d in ([1.0, 1.0], [0.5, 3.0], [7.0, 0.1]):
            np.testing.assert_allclose(lemke(M, q, d).z, [4 / 3, 7 / 3], rtol=1e-12)

    def test_degenerate_problem_with_tied_rows_terminates(self):
        # both rows tie at the start and M is singular; lex rule: the last tied row leaves first
        M, q = np.ones((2, 2)), np.array([-1.0, -1.0])
        f, e = lemke(M, q, method="float"), lemke(M, q, method="exact")
        np.testing.assert_array_equal(f.z, [0.0, 1.0])
        assert e.z_exact == (0, 1)
        assert f.violation == 0.0

    def test_z0_leaves_as_soon_as_it_ties_for_the_minimum_ratio(self):
        # at the third pivot z0 and another row tie at ratio 0; letting z0 leave ends the path there
        # (the plain lexicographic choice would take a fourth pivot to the same solution)
        M, q = [[2, 2, 2], [0, 1, 1], [1, 1, 1]], [-2, -1, 0]
        for method in ("float", "exact"):
            sol = lemke(M, q, method=method)
            assert sol.pivots == 3
            np.testing.assert_array_equal(sol.z, [0.0, 1.0, 0.0])

    @given(st.integers(0, 2**32 - 1))
    def test_degenerate_feasible_psd_problems_are_solved_in_both_arithmetics(self, seed):
        # M = R R^T (+ a 0/1 diagonal) is positive semidefinite, hence copositive-plus; q = w* - M z*
        # with complementary 0/1 vectors is feasible, so Lemke must end at a solution. Integer data
        # and 0/1 patterns make ties (degeneracy) the rule.
        rng = np.random.default_rng(seed)
        n = int(rng.integers(2, 8))
        R = rng.integers(-1, 2, (n, 2))
        M = (R @ R.T + np.diag(rng.integers(0, 2, n))).astype(float)
        zs = rng.integers(0, 2, n)
        q = (rng.integers(0, 2, n) * (zs == 0) - M @ zs).astype(float)
        f, e = lemke(M, q, method="float"), lemke(M, q, method="exact")
        assert f.violation <= 1e-12
        assert lcp_violation(M, q, e.z) == 0.0
        z = np.array([float(v) for v in e.z_exact])
        w = q + M @ z
        assert np.all(z >= 0) and np.all(w >= 0) and float(z @ w) == 0.0

    @pytest.mark.parametrize("seed", [4, 5])
    def test_float_path_is_the_exact_lexicographic_path_on_degenerate_sequence_forms(self, seed):
        # Sequence-form LCPs of trees with tied integer payoffs: most ratio tests tie (at ratio 0) and are
        # settled by the lexicographic rule. In exact arithmetic the path is unique, so float pivoting
        # (tolerant ties, rows of B^-1 compared column by column) must take the same number of pivots
        # to the same point.
        rng = np.random.default_rng(seed)
        games = [hand_built(), layered_tree(rng, 4, payoffs=lambda: list(rng.integers(0, 3, 2) * 1.0))]
        for game in games:
            sf = sequence_form(game)
            A, B = np.asarray(sf.A), np.asarray(sf.B)
            # payoffs made negative where terminals sit (A <= 0, B <= 0: the path ends at a solution)
            M, q, d = sequence_form_lcp(A - (A != 0) * (A.max() + 1), B - (B != 0) * (B.max() + 1),
                                        sf.E, sf.e, sf.F, sf.f)
            f, e = lemke(M, q, d, method="float"), lemke(M, q, d, method="exact")
            assert f.pivots == e.pivots > 10
            np.testing.assert_allclose(f.z, [float(v) for v in e.z_exact], atol=1e-12)

    def test_ray_termination_is_reported(self):
        # w = -1 - z + z0 : z0 = 1 + z grows with z, no blocking row
        with pytest.raises(RayTerminationError, match=r"lemke\(\): ray termination after 1 pivots") as info:
            lemke(np.array([[-1.0]]), np.array([-1.0]))
        assert info.value.entering == "z[0]" and info.value.pivots == 1

    def test_ray_termination_on_an_infeasible_two_dimensional_problem(self):
        # w1 = -1 + z2, w2 = -1 - z1: w2 >= 0 is impossible
        with pytest.raises(RayTerminationError) as info:
            lemke(np.array([[0.0, 1.0], [-1.0, 0.0]]), np.array([-1.0, -1.0]), method="float")
        assert info.value.pivots >= 1

    def test_pivot_bound(self):
        with pytest.raises(PivotBoundError, match=r"lemke\(\): no solution within the pivot bound max_pivots=1 "):
            lemke(np.array([[1.0, 2.0], [2.0, 1.0]]), np.array([-1.0, -1.0]), max_pivots=1)
        with pytest.raises(PivotBoundError, match=r"max_pivots=1 \(exact pivoting\)"):
            lemke(np.array([[1.0, 2.0], [2.0, 1.0]]), np.array([-1.0, -1.0]), max_pivots=1, method="exact")
        # the same problem needs exactly 2 pivots
        assert lemke(np.array([[1.0, 2.0], [2.0, 1.0]]), np.array([-1.0, -1.0]), max_pivots=2).pivots == 2

    def test_auto_falls_back_to_exact_when_the_float_point_fails_the_check(self):
        M, q = np.array([[0.1, 0.3], [0.2, 0.7]]), np.array([-0.3, -0.1])
        assert lemke(M, q).method == "float"
        assert lemke(M, q).violation > 0  # float rounding at the end point
        assert lemke(M, q, rtol=0.0).method == "exact"
        with pytest.raises(LCPBreakdownError, match=r"lemke\(\): the float end point fails the check"):
            lemke(M, q, rtol=0.0, method="float")

    @pytest.mark.parametrize(
        ("args", "kwargs", "error", "message"),
        [
            (([[1.0, 0.0]], [1.0]), {}, ValueError, r"lemke\(\): M must be square of size len\(q\)=1"),
            ((np.eye(2), [-1.0, 1.0], [1.0, -1.0]), {}, ValueError, r"lemke\(\): the covering vector d must be nonnegative"),
            ((np.eye(2), [-1.0, 1.0], [0.0, 1.0]), {}, ValueError, r"positive wherever q is negative .* index 0"),
            ((np.eye(2), [np.nan, 1.0]), {}, ValueError, r"lemke\(\): q must be finite"),
            ((np.eye(2), [-1.0, 1.0]), {"max_pivots": 0}, ValueError, r"lemke\(\): max_pivots must be a positive int"),
            ((np.eye(2), [-1.0, 1.0]), {"method": "fast"}, ValueError, r"lemke\(\): method must be"),
            ((np.eye(2), [-1.0, 1.0]), {"rtol": 2.0}, ValueError, r"lemke\(\): rtol must be"),
        ],
    )
    def test_bad_input_is_named(self, args, kwargs, error, message):
        with pytest.raises(error, match=message):
            lemke(*args, **kwargs)

    def test_violation_measures_each_condition(self):
        M = np.eye(2)
        assert lcp_violation(M, [-1.0, 2.0], [1.0, 0.0]) == 0.0
        assert lcp_violation(M, [-1.0, 2.0], [-0.5, 0.0]) > 0  # z < 0
        assert lcp_violation(M, [1.0, 2.0], [1.0, 0.0]) > 0  # w_0 = 2, z_0 = 1: not complementary


# ============================================================================= the sequence form
class TestSequenceForm:
    def test_matrices_of_a_hand_built_game_entry_by_entry(self):
        g = hand_built()
        sf = sequence_form(g)
        s1 = {label: k for k, label in enumerate(sf.sequence_labels(0))}
        s2 = {label: k for k, label in enumerate(sf.sequence_labels(1))}
        assert set(s1) == {"()", "I:a", "I:b", "I:a/K:e", "I:a/K:f"}
        assert set(s2) == {"()", "J:c", "J:d"}
        A = np.zeros((5, 3))
        B = np.zeros((5, 3))
        # by hand: chance 1/4 on L, 3/4 on R
        A[s1["I:a"], s2["J:c"]] = 0.25 * 2             # L/a/c
        B[s1["I:a"], s2["J:c"]] = 0.25 * -1
        A[s1["I:a"], s2["J:d"]] = 0.25 * 0 + 0.75 * 3  # L/a/d and R/a/d
        B[s1["I:a"], s2["J:d"]] = 0.25 * 3 + 0.75 * 3
        A[s1["I:b"], s2["()"]] = 0.25 * 1 + 0.75 * 0   # L/b and R/b: P2 has not moved
        B[s1["I:b"], s2["()"]] = 0.25 * 2 + 0.75 * 4
        A[s1["I:a/K:e"], s2["J:c"]] = 0.75 * 4         # R/a/c/e
        B[s1["I:a/K:e"], s2["J:c"]] = 0.75 * 0
        A[s1["I:a/K:f"], s2["J:c"]] = 0.75 * -2        # R/a/c/f
        B[s1["I:a/K:f"], s2["J:c"]] = 0.75 * 1
        np.testing.assert_array_equal(sf.A, A)
        np.testing.assert_array_equal(sf.B, B)
        E = np.zeros((3, 5))
        E[0, s1["()"]] = 1
        E[1, [s1["()"], s1["I:a"], s1["I:b"]]] = [-1, 1, 1]
        E[2, [s1["I:a"], s1["I:a/K:e"], s1["I:a/K:f"]]] = [-1, 1, 1]
        np.testing.assert_array_equal(sf.E, E)
        np.testing.assert_array_equal(sf.e, [1, 0, 0])
        F = np.zeros((2, 3))
        F[0, s2["()"]] = 1
        F[1, [s2["()"], s2["J:c"], s2["J:d"]]] = [-1, 1, 1]
        np.testing.assert_array_equal(sf.F, F)
        np.testing.assert_array_equal(sf.f, [1, 0])
        assert sf.infosets == (("I", "K"), ("J",))
        assert sf.players == ("P1", "P2")
        assert not sf.A.flags.writeable

    def test_bilinear_payoffs_match_the_tree(self):
        g = hand_built()
        sf = sequence_form(g)
        rng = np.random.default_rng(3)
        for _ in range(5):
            behaviour = {s.id: dict(zip(s.actions, rng.dirichlet(np.ones(len(s.actions))))) for s in g.infosets}
            x, y = (g.realization_plan(behaviour, p) for p in g.players)
            np.testing.assert_allclose(sf.E @ x, sf.e, atol=1e-15)
            np.testing.assert_allclose(sf.F @ y, sf.f, atol=1e-15)
            np.testing.assert_allclose(sf.payoffs(x, y), g.expected_payoffs(behaviour), rtol=1e-13)

    def test_perfect_information_tree_is_accepted(self):
        tree = GameTree(Decision("A", {"x": Terminal([1, 0]), "y": Decision("B", {"l": Terminal([0, 2]),
                                                                                "r": Terminal([3, 1])})}),
                        players=("A", "B"))
        sf = sequence_form(tree)
        assert sf.shape == (3, 3)
        eq = sequence_form_equilibrium(tree)
        assert eq.payoffs.tolist() == [1.0, 0.0]  # B answers y with l, so A takes x

    def test_lcp_layout(self):
        sf = sequence_form(matching_pennies())
        M, q, d = sequence_form_lcp(sf.A, sf.B, sf.E, sf.e, sf.F, sf.f)
        n1, n2 = sf.shape
        k1, k2 = sf.E.shape[0], sf.F.shape[0]
        assert M.shape == (n1 + n2 + 2 * k1 + 2 * k2,) * 2
        np.testing.assert_array_equal(M[:n1, n1:n1 + n2], -sf.A)
        np.testing.assert_array_equal(M[n1:n1 + n2, :n1], -sf.B.T)
        # the E and F blocks are skew: z^T M z = -x^T (A + B) y
        z = np.random.default_rng(0).random(M.shape[0])
        x, y = z[:n1], z[n1:n1 + n2]
        assert z @ M @ z == pytest.approx(-x @ (sf.A + sf.B) @ y)
        np.testing.assert_array_equal(q[n1 + n2:n1 + n2 + k1], sf.e)
        np.testing.assert_array_equal(q[n1 + n2 + k1:n1 + n2 + 2 * k1], -sf.e)
        assert np.all(d == 1)


# ============================================================================= Lemke on the sequence form
class TestSequenceFormEquilibrium:
    def test_matching_pennies(self):
        eq = sequence_form_equilibrium(matching_pennies())
        assert dict(eq.behaviour["root"]) == pytest.approx({"H": 0.5, "T": 0.5}, abs=1e-12)
        assert dict(eq.behaviour["B"]) == pytest.approx({"h": 0.5, "t": 0.5}, abs=1e-12)
        assert eq.payoffs.tolist() == [0.0, 0.0]
        assert eq.method == "sequence_form_lemke"

    def test_kuhn_poker_value_and_player_two_strategy(self):
        g = kuhn_poker()
        eq = sequence_form_equilibrium(g)
        assert eq.payoffs[0] == pytest.approx(-1 / 18, abs=1e-10)
        assert eq.payoffs[1] == pytest.approx(1 / 18, abs=1e-10)
        # player 2's optimal strategy in Kuhn poker is unique (Kuhn 1950)
        expected = {"2J:c": {"bet": 1 / 3}, "2J:b": {"call": 0.0}, "2Q:c": {"bet": 0.0},
                    "2Q:b": {"call": 1 / 3}, "2K:c": {"bet": 1.0}, "2K:b": {"call": 1.0}}
        for sid, probs in expected.items():
            for action, p in probs.items():
                assert eq.behaviour[sid][action] == pytest.approx(p, abs=1e-9), sid
        # player 1: J bets with alpha <= 1/3, K bets with 3 alpha, Q always checks
        alpha = eq.behaviour["1J"]["bet"]
        assert 0 <= alpha <= 1 / 3 + 1e-9
        assert eq.behaviour["1K"]["bet"] == pytest.approx(3 * alpha, abs=1e-9)
        assert eq.behaviour["1Q"]["check"] == pytest.approx(1.0, abs=1e-9)

    def test_kuhn_poker_exact_lcp(self):
        # the exact path on the sequence-form LCP with rational data gives the value exactly
        g = kuhn_poker()
        sf = sequence_form(g)
        rat = np.vectorize(lambda v: Fraction(v).limit_denominator(1000), otypes=[object])
        A = rat(sf.A)  # payoffs in [-2, 2] times the chance probability 1/6
        shift = Fraction(3)  # payoffs - 3 are negative; a constant shift changes no equilibrium
        weights = np.zeros(sf.shape, dtype=object)
        weights[:, :] = Fraction(0)
        for s, t in g.terminal_sequences:
            weights[s, t] += Fraction(1, 6)
        An, Bn = A - shift * weights, rat(sf.B) - shift * weights
        M, q, d = sequence_form_lcp(An, Bn, *(rat(a) for a in (sf.E, sf.e, sf.F, sf.f)))
        sol = lemke(M, q, d, method="exact")
        n1, n2 = sf.shape
        x, y = np.array(sol.z_exact[:n1], dtype=object), np.array(sol.z_exact[n1:n1 + n2], dtype=object)
        assert x @ A @ y == Fraction(-1, 18)
        assert list(rat(sf.E) @ x) == list(rat(sf.e)) and list(rat(sf.F) @ y) == list(rat(sf.f))

    @given(extensive_games())
    def test_random_trees_give_nash_equilibria_of_the_reduced_normal_form(self, g):
        eq = sequence_form_equilibrium(g)
        assert np.all(g.regrets(eq.behaviour) <= g.tolerances())
        assert_normal_form_nash(g, eq.behaviour)

    @given(extensive_games(max_depth=5, max_actions=2, payoffs=st.integers(0, 1).map(float)))
    def test_degenerate_trees_with_tied_payoffs(self, g):
        eq = sequence_form_equilibrium(g)
        assert_normal_form_nash(g, eq.behaviour)

    @pytest.mark.parametrize("seed", range(12))
    def test_layered_trees_with_float_payoffs(self, seed):
        g = layered_tree(np.random.default_rng(seed), levels=4)
        eq = sequence_form_equilibrium(g)
        assert eq.regret <= g.tolerances().min()
        assert_normal_form_nash(g, eq.behaviour)

    def test_constant_payoffs(self):
        g = layered_tree(np.random.default_rng(0), levels=3, payoffs=lambda: [0.0, 0.0])
        eq = sequence_form_equilibrium(g)
        assert eq.regret == 0.0 and eq.payoffs.tolist() == [0.0, 0.0]

    def test_duplicated_actions_and_ties(self):
        # every action of both players leads to the same payoffs in a degenerate way
        g = layered_tree(np.random.default_rng(1), levels=4, payoffs=lambda: [1.0, 1.0])
        assert sequence_form_equilibrium(g).regret == 0.0
        rng = np.random.default_rng(2)
        g = layered_tree(rng, levels=4, payoffs=lambda: [float(rng.integers(0, 2)), 1.0])
        eq = sequence_form_equilibrium(g)
        assert_normal_form_nash(g, eq.behaviour)

    def test_pivot_bound_names_the_function_and_the_bound(self):
        with pytest.raises(PivotBoundError, match=r"sequence_form_equilibrium\(\): .*max_pivots=3 \(float"):
            sequence_form_equilibrium(kuhn_poker(), max_pivots=3)
        assert isinstance(PivotBoundError("x"), SolverError)

    def test_exact_path_is_used_when_float_pivoting_breaks_down(self, monkeypatch):
        calls = []

        def flaky(M, q, d, *, max_pivots, method):
            calls.append(method)
            if method == "float":
                raise LCPBreakdownError("lemke(): float pivoting met a basis twice after 7 pivots")
            return lemke(M, q, d, max_pivots=max_pivots, method=method)

        monkeypatch.setattr(sf_module, "lemke", flaky)
        eq = sequence_form_equilibrium(kuhn_poker())
        assert calls == ["float", "exact"]
        assert eq.method == "sequence_form_lemke_exact"
        assert eq.payoffs[0] == pytest.approx(-1 / 18, abs=1e-12)

    def test_failure_of_both_paths_says_what_was_tried(self, monkeypatch):
        def broken(M, q, d, *, max_pivots, method):
            raise RayTerminationError(f"lemke(): ray ({method})", 5, "z[0]")

        monkeypatch.setattr(sf_module, "lemke", broken)
        with pytest.raises(SolverError, match=r"sequence_form_equilibrium\(\): no verified equilibrium; tried "
                                              r"float pivoting: lemke\(\): ray \(float\); exact pivoting"):
            sequence_form_equilibrium(matching_pennies())

    def test_not_a_tree(self):
        with pytest.raises(TypeError, match=r"sequence_form_equilibrium\(\): game must be an ExtensiveGame or a "
                                            r"GameTree; got Game"):
            sequence_form_equilibrium(Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]))
        with pytest.raises(TypeError, match=r"sequence_form\(\): game must be"):
            sequence_form("tree")

    def test_three_players(self):
        with pytest.raises(ValueError, match=r"sequence_form_equilibrium\(\): .* this game has 3 players \(A, B, C\)"):
            sequence_form_equilibrium(three_player_game())
        with pytest.raises(ValueError, match=r"sequence_form\(\): .*3 players"):
            sequence_form(three_player_game())

    @pytest.mark.parametrize(("kwargs", "message"), [
        ({"max_pivots": 0}, r"sequence_form_equilibrium\(\): max_pivots must be a positive int"),
        ({"max_pivots": 2.5}, r"sequence_form_equilibrium\(\): max_pivots must be a positive int"),
        ({"tol": -1.0}, r"sequence_form_equilibrium\(\): tol must be"),
    ])
    def test_bad_options(self, kwargs, message):
        with pytest.raises(ValueError, match=message):
            sequence_form_equilibrium(matching_pennies(), **kwargs)


# ============================================================================= zero-sum LP
class TestZeroSumValue:
    def test_matching_pennies(self):
        sol = zero_sum_value(matching_pennies())
        assert sol.value == 0.0
        assert dict(sol.equilibrium.behaviour["root"]) == pytest.approx({"H": 0.5, "T": 0.5}, abs=1e-9)
        assert dict(sol.equilibrium.behaviour["B"]) == pytest.approx({"h": 0.5, "t": 0.5}, abs=1e-9)
        assert sol.method == "sequence_form_lp"

    def test_kuhn_poker_is_worth_minus_one_eighteenth_to_player_one(self):
        sol = zero_sum_value(kuhn_poker())
        assert sol.value == pytest.approx(-1 / 18, abs=1e-9)
        x, y = sol.realization
        assert x[0] == 1.0 and y[0] == 1.0
        assert sol.equilibrium.behaviour["2Q:b"]["call"] == pytest.approx(1 / 3, abs=1e-7)

    def test_value_scales_with_the_stakes(self):
        assert zero_sum_value(kuhn_poker(stake=3.0)).value == pytest.approx(-3 / 18, abs=1e-8)

    @given(extensive_games(zero_sum=True))
    def test_value_equals_the_value_of_the_reduced_normal_form(self, g):
        sol = zero_sum_value(g)
        scale = max(1.0, float(np.ptp(g.terminal_payoffs[:, 0])))
        assert sol.value == pytest.approx(normal_form_value(g), abs=1e-7 * scale)
        assert np.all(g.regrets(sol.equilibrium.behaviour) <= g.tolerances())

    @pytest.mark.parametrize("seed", range(6))
    def test_layered_zero_sum_trees(self, seed):
        rng = np.random.default_rng(seed)

        def pay():
            v = float(rng.normal())
            return [v, -v]

        g = layered_tree(rng, levels=4, payoffs=pay)
        sol = zero_sum_value(g)
        assert sol.value == pytest.approx(normal_form_value(g), abs=1e-8)
        # Lemke's equilibrium of a zero-sum game is optimal too
        assert sequence_form_equilibrium(g).payoffs[0] == pytest.approx(sol.value, abs=1e-8)

    def test_not_zero_sum(self):
        g = ExtensiveGame(Decision("A", {"x": Terminal([1, -1]), "y": Terminal([2, -1])}), players=("A", "B"))
        with pytest.raises(ValueError, match=r"zero_sum_value\(\): the game is not zero-sum: payoffs at terminal "
                                             r"'root/y' sum to 1"):
            zero_sum_value(g)

    def test_bad_input(self):
        with pytest.raises(ValueError, match=r"zero_sum_value\(\): .*3 players"):
            zero_sum_value(three_player_game())
        with pytest.raises(TypeError, match=r"zero_sum_value\(\): game must be"):
            zero_sum_value([[1, -1], [-1, 1]])


def test_default_pivot_bound_is_linear_in_the_dimension():
    assert lcp_module.default_max_pivots(474) == 100 * 474 + 1000
