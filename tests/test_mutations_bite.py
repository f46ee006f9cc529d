"""Game-theoretic facts that pin down details small code changes could get wrong.

Each test checks a fact with an oracle that does not come from the code under
test (a closed form, a hand computation explained in a comment, or an
independent implementation), chosen so that an off-by-one or a swapped index
in the library makes it fail (issue 21, "Tests that bite").
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

import leverage.solvers.complementary_pivoting as lh
from leverage import Game, SolverError, equilibrium
from leverage.bargaining import BargainingProblem
from leverage.solvers.integer_pivoting import exact_lemke_howson
from leverage.solvers.vertex import is_degenerate
from leverage.tolerance import check_rtol, tolerances

MATCHING_PENNIES = Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
BATTLE_OF_THE_SEXES = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])


# ----------------------------------------------------------------------------- the tolerance rule


def test_a_relative_tolerance_of_one_would_certify_every_profile_so_it_is_refused():
    # In matching pennies the column player's regret at (Heads, Heads) is 1 - (-1) = 2, her
    # whole payoff range: a relative tolerance of 1 (tolerance = range) would call this
    # pure profile, which is no equilibrium, a Nash equilibrium. The rule is rtol in [0, 1).
    B = MATCHING_PENNIES.payoffs[1]
    profile = (np.array([1.0, 0.0]), np.array([1.0, 0.0]))
    regret = (profile[0] @ B).max() - profile[0] @ B @ profile[1]
    assert regret == B.max() - B.min() == 2.0
    for call in (
        lambda: check_rtol(1, "f"),
        lambda: check_rtol(1.0, "f"),
        lambda: tolerances(MATCHING_PENNIES.payoffs, 1.0),
        lambda: MATCHING_PENNIES.is_nash(profile, tol=1.0),
        lambda: is_degenerate(MATCHING_PENNIES, tol=1.0),
    ):
        with pytest.raises(ValueError, match=r"\[0, 1\)"):
            call()
    # the largest tolerance accepted is still below the range, so the profile is rejected
    below_one = float(np.nextafter(1.0, 0.0))
    assert check_rtol(below_one, "f") == below_one
    assert not MATCHING_PENNIES.is_nash(profile, tol=below_one)


# ----------------------------------------------------------------------------- degeneracy


def _degeneracy_2xn(A, B) -> str | None:
    """Why a 2 x n game is degenerate (``"pure"``, ``"mixed"``) or None, in exact arithmetic.

    A game is degenerate when some mixed strategy with support size k has more
    than k pure best responses. For the row player (two strategies), either a
    pure row has two best columns, or some x = (p, 1 - p) with 0 < p < 1 has
    three best columns: three payoff lines p B[0, j] + (1 - p) B[1, j] meeting at
    a point of their upper envelope. The column player's mixed strategies have
    at most two best rows, so only a pure column with tied rows counts.
    ``"pure"``: some pure strategy has two pure best responses; ``"mixed"``: only
    a mixed strategy shows the degeneracy.
    """
    A = [[Fraction(v) for v in row] for row in A]
    B = [[Fraction(v) for v in row] for row in B]
    n = len(A[0])
    for j in range(n):  # pure column, tied best rows
        if A[0][j] == A[1][j]:
            return "pure"
    for i in range(2):  # pure row, tied best columns
        if sorted(B[i])[-1] == sorted(B[i])[-2]:
            return "pure"
    for j, k in itertools.combinations(range(n), 2):  # where two column lines cross
        slope = (B[0][j] - B[1][j]) - (B[0][k] - B[1][k])
        if slope == 0:
            continue
        p = (B[1][k] - B[1][j]) / slope
        if 0 < p < 1:
            value = [p * B[0][c] + (1 - p) * B[1][c] for c in range(n)]
            if value.count(max(value)) >= 3:
                return "mixed"
    return None


def test_a_game_degenerate_only_through_a_mixed_strategy_is_degenerate():
    # x = (1/2, 1/2) makes all three columns best responses (each pays 1.5): three
    # best responses to a strategy with support 2, so the vertex of the row player's
    # best-response polytope at x carries 3 labels in dimension 2. No pure strategy
    # has two pure best responses, so only the label count reveals it.
    A = [[1, 0, 2], [0, 1, 0]]
    B = [[3, 0, 1.5], [0, 3, 1.5]]
    x = np.array([0.5, 0.5])
    assert np.array_equal(x @ np.array(B), [1.5, 1.5, 1.5])
    for M, axis in ((np.array(A), 0), (np.array(B), 1)):
        best = M.max(axis=axis, keepdims=True)
        assert np.all((M == best).sum(axis=axis) == 1)  # no pure ties
    assert _degeneracy_2xn(A, B) == "mixed"
    assert is_degenerate(Game.from_bimatrix(A, B))
    # lowering the third column removes the triple tie: the game is nondegenerate
    B_generic = [[3, 0, 1.4], [0, 3, 1.4]]
    assert _degeneracy_2xn(A, B_generic) is None
    assert not is_degenerate(Game.from_bimatrix(A, B_generic))


def test_is_degenerate_agrees_with_an_exact_count_of_best_responses_on_2x3_games():
    # Half the games have a third column averaging the first two (plus -1/2, 0 or 1/2):
    # its payoff line then passes through the crossing of the other two, which gives a
    # mixed strategy three best responses whenever that crossing is on the envelope.
    rng = np.random.default_rng(21)
    seen = set()
    for k in range(80):
        A, B = rng.integers(0, 4, size=(2, 2, 3)).astype(float)
        if k % 2:
            B[:, 2] = (B[:, 0] + B[:, 1]) / 2 + rng.choice([-0.5, 0.0, 0.5])
        expected = _degeneracy_2xn(A.tolist(), B.tolist())
        seen.add(expected)
        assert is_degenerate(Game.from_bimatrix(A, B)) == (expected is not None), (A.tolist(), B.tolist())
    assert seen == {"pure", "mixed", None}


# ----------------------------------------------------------------------------- Lemke-Howson

# Degenerate integer games (ties broken by the lexicographic rule) on which a wrong
# entry in the float tableau's bookkeeping of basic variables sends some label's
# path to another equilibrium.
DEGENERATE_INTEGER_GAMES = [
    ([[0, 1, 2], [0, 1, 2], [1, 2, 0]], [[1, 2, 2], [2, 1, 1], [2, 2, 1]]),
    ([[0, 2, 1], [1, 1, 1], [2, 0, 1]], [[2, 2, 2], [1, 0, 0], [0, 2, 2]]),
    ([[0, 2, 1], [1, 0, 1], [1, 1, 0]], [[1, 1, 2], [2, 0, 2], [1, 2, 1]]),
    ([[0, 2, 2], [2, 1, 0], [1, 1, 2]], [[2, 1, 2], [0, 2, 0], [1, 0, 1]]),
    ([[1, 1, 0], [1, 2, 1], [0, 1, 1]], [[1, 2, 2], [1, 1, 0], [2, 1, 1]]),
    ([[2, 1, 2], [2, 2, 1], [1, 2, 1]], [[0, 2, 1], [0, 2, 2], [2, 0, 1]]),
]


@pytest.mark.parametrize(("A", "B"), DEGENERATE_INTEGER_GAMES)
def test_float_lemke_howson_ends_where_exact_integer_pivoting_ends_from_every_label(A, B):
    # The lexicographic Lemke-Howson path from a given label is unique, so the float
    # pivoting must end where integer pivoting on the exact payoffs ends.
    A, B = np.array(A, dtype=float), np.array(B, dtype=float)
    game = Game.from_bimatrix(A, B)
    m, n = game.shape
    for label in range(m + n):
        x, y = lh.lemke_howson(game, label).strategies
        x_exact, y_exact = exact_lemke_howson(A, B, label, lh.default_max_pivots(m, n))
        np.testing.assert_allclose(x, x_exact, atol=1e-9, err_msg=f"label {label}")
        np.testing.assert_allclose(y, y_exact, atol=1e-9, err_msg=f"label {label}")


def test_every_lemke_howson_path_of_the_battle_of_the_sexes_takes_exactly_two_pivots():
    # Battle of the sexes, A = [[2, 0], [0, 1]], B = [[1, 0], [0, 2]]; labels 0, 1 are the
    # rows, 2, 3 the columns. Dropping label 0 at the artificial equilibrium (0, 0):
    #   pivot 1: x_0 enters P; the column player's unique best response to row 0 is
    #            column 0 (1 > 0), so its slack s_0 (label 2) leaves;
    #   pivot 2: label 2 is now duplicate, so y_0 enters Q; the row player's unique best
    #            response to column 0 is row 0 (2 > 0), so r_0 (label 0) leaves:
    #            label 0 is back and the path ends at the pure equilibrium (row 0, column 0).
    # Label 2 runs the same two steps in the other order, and labels 1 and 3 do the same
    # with row 1 and column 1 (1 > 0 and 2 > 0). So every path is exactly 2 pivots long:
    # a bound of 2 suffices and a bound of 1 does not.
    expected = {0: ((0,), (0,)), 1: ((1,), (1,)), 2: ((0,), (0,)), 3: ((1,), (1,))}
    A, B = BATTLE_OF_THE_SEXES.payoffs
    for label, support in expected.items():
        assert lh.lemke_howson(BATTLE_OF_THE_SEXES, label, max_pivots=2).support == support
        with pytest.raises(SolverError, match=rf"initial label {label} within the pivot bound max_pivots=1\b"):
            lh.lemke_howson(BATTLE_OF_THE_SEXES, label, max_pivots=1)
        # the exact (integer-pivoting) path counts the same way
        x, y = exact_lemke_howson(A, B, label, 2)
        assert (tuple(np.flatnonzero(x)), tuple(np.flatnonzero(y))) == support
        with pytest.raises(SolverError, match=r"max_pivots=1\b"):
            exact_lemke_howson(A, B, label, 1)
    # equilibrium() gives every label the same bound: 2 pivots find one, 1 pivot none
    # (it then falls back to enumeration)
    assert equilibrium(BATTLE_OF_THE_SEXES, max_pivots=2).method == "lemke_howson"
    assert equilibrium(BATTLE_OF_THE_SEXES, max_pivots=1).method != "lemke_howson"


# ----------------------------------------------------------------------------- bargaining


def test_bargaining_from_an_asymmetric_game_keeps_each_player_with_their_own_payoffs():
    # Row's payoffs A, Column's B; the pure outcomes pay (3, 1), (0, 0), (0, 0), (1, 4).
    A = [[3, 0], [0, 1]]
    B = [[1, 0], [0, 4]]
    game = Game.from_bimatrix(A, B, players=("Row", "Column"))
    problem = BargainingProblem.from_game(game)
    assert problem.players == ("Row", "Column")
    # Minmax values. Row: min over y of max(3 y0, 1 - y0) = 3/4 at y0 = 1/4.
    # Column: min over x of max(x0, 4 (1 - x0)) = 4/5 at x0 = 4/5.
    np.testing.assert_allclose(problem.disagreement, [3 / 4, 4 / 5], atol=1e-9)
    # The feasible set: the hull of (3, 1), (1, 4), (0, 0); Row can get 3 at most, Column 4.
    assert problem.contains([3, 1]) and problem.contains([1, 4])
    assert not problem.contains([4, 1]) and not problem.contains([1, 4.2]) and not problem.contains([3.2, 0])
    np.testing.assert_allclose(problem.ideal_point(), [3, 4], atol=1e-9)
    # Nash solution on the segment u2 = 11/2 - 3/2 u1 between (3, 1) and (1, 4):
    # maximise (u1 - 3/4)(11/2 - 3/2 u1 - 4/5): 47/10 - 3 u1 + 9/8 = 0, u1 = 233/120.
    u1 = 233 / 120
    np.testing.assert_allclose(problem.nash_solution().utilities, [u1, 11 / 2 - 3 / 2 * u1], atol=1e-6)
    # with the equilibrium as disagreement point: Lemke-Howson from label 0 finds (row 0,
    # column 0), which pays (3, 1)
    by_nash = BargainingProblem.from_game(game, disagreement="nash")
    np.testing.assert_allclose(by_nash.disagreement, [3, 1], atol=1e-9)
