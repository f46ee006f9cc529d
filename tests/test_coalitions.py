"""Coalitional games: closed forms from the literature as oracles, and the axioms as properties."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linprog

from leverage import Game
from leverage.coalitions import (
    MAX_STRUCTURE_PLAYERS,
    Allocation,
    CoalitionalGame,
    cheapest_split,
    coalition_structures,
    split_cost,
)
from leverage.testing.coalition_strategies import coalitional_games

# ---------------------------------------------------------------- oracles written from the definitions


def subsets(players):
    return itertools.chain.from_iterable(itertools.combinations(players, k) for k in range(len(players) + 1))


def shapley_by_formula(players, v):
    """phi_i = sum over S without i of |S|! (n - |S| - 1)! / n! (v(S + i) - v(S)), in exact fractions."""
    n = len(players)
    out = {}
    for i in players:
        others = [p for p in players if p != i]
        out[i] = sum(
            Fraction(math.factorial(len(S)) * math.factorial(n - len(S) - 1), math.factorial(n))
            * (Fraction(v(frozenset(S) | {i})) - Fraction(v(frozenset(S))))
            for S in subsets(others)
        )
    return out


def bell(n):
    """Bell numbers by B_{k+1} = sum_j C(k, j) B_j."""
    b = [1]
    for k in range(n):
        b.append(sum(math.comb(k, j) * b[j] for j in range(k + 1)))
    return b[n]


def is_balanced(collection, n):
    """Positive weights lambda_S >= 1 with sum lambda_S 1_S proportional to 1_N (an LP feasibility check)."""
    k = len(collection)
    A = np.array([[1.0 if m >> i & 1 else 0.0 for m in collection] for i in range(n)])
    A_eq = np.hstack([A, -np.ones((n, 1))])  # sum_S lambda_S 1_S(i) - t = 0
    res = linprog(np.zeros(k + 1), A_eq=A_eq, b_eq=np.zeros(n), bounds=[(1, None)] * k + [(0, None)], method="highs")
    return res.status == 0


def glove_value(S):
    return min(len(S & {"L"}), len(S & {"R1", "R2"}))


GLOVE = CoalitionalGame(["L", "R1", "R2"], glove_value)


def symmetrised(game, i, j):
    """The game averaged with its image under swapping players i and j: they are symmetric in it."""
    swap = np.arange(len(game.values))
    bi, bj = 1 << i, 1 << j
    has_i, has_j = (swap & bi) > 0, (swap & bj) > 0
    swapped = swap & ~(bi | bj) | np.where(has_i, bj, 0) | np.where(has_j, bi, 0)
    return CoalitionalGame(game.players, (game.values + game.values[swapped]) / 2)


def additive_game(players, a):
    return CoalitionalGame(players, lambda S: sum(a[players.index(p)] for p in S))


# ---------------------------------------------------------------- the glove game (Shapley 1953; Gillies 1959)


def test_glove_shapley_value_is_two_thirds_and_one_sixth():
    expected = shapley_by_formula(GLOVE.players, glove_value)
    assert expected == {"L": Fraction(2, 3), "R1": Fraction(1, 6), "R2": Fraction(1, 6)}
    phi = GLOVE.shapley_value()
    assert phi.method == "shapley (exact)" and phi.stderr is None
    for p in GLOVE.players:
        assert phi[p] == pytest.approx(float(expected[p]), abs=1e-12)


def test_glove_core_is_the_single_point_where_the_left_glove_takes_all():
    corner = {"L": 1.0, "R1": 0.0, "R2": 0.0}
    assert GLOVE.in_core(corner) and GLOVE.in_core([1, 0, 0])
    for delta in (1e-3, 1e-6):
        for nearby in ([1 - delta, delta, 0], [1 - delta, delta / 2, delta / 2], [1 - delta, 0, delta],
                       [1 + delta, -delta, 0], [1, delta, -delta], [1, 0, 0 + delta]):
            assert not GLOVE.in_core(nearby), nearby
    core = GLOVE.core()
    assert core is not None and GLOVE.in_core(core)
    np.testing.assert_allclose(core.payoffs, [1, 0, 0], atol=1e-9)
    eps, point = GLOVE.least_core()
    assert abs(eps) <= GLOVE.tolerance()
    np.testing.assert_allclose(point.payoffs, [1, 0, 0], atol=1e-9)


def test_glove_nucleolus_is_the_core_point():
    nuc = GLOVE.nucleolus()
    np.testing.assert_allclose(nuc.payoffs, [1, 0, 0], atol=1e-12)
    assert nuc.as_dict() == {"L": 1.0, "R1": 0.0, "R2": 0.0}
    assert GLOVE.in_core(nuc) and nuc.method == "nucleolus"
    assert nuc.info["max_excess"] == pytest.approx(0.0, abs=1e-12)


def test_glove_game_is_superadditive_but_not_convex():
    assert GLOVE.is_superadditive() and GLOVE.is_essential()
    # v(L,R1) + v(L,R2) = 2 > v(N) + v(L) = 1: not supermodular
    assert not GLOVE.is_convex()


def test_glove_stability_and_the_price_of_splitting_a_pair():
    blocked = GLOVE.is_stable([["L", "R1"], ["R2"]])
    assert not blocked and blocked.blocking == ("L", "R2")
    # the Shapley split of the pair gives L and R1 one half each; L and R2 are worth 1
    assert blocked.gain == pytest.approx(0.5)
    assert blocked.allocation.as_dict() == pytest.approx({"L": 0.5, "R1": 0.5, "R2": 0.0})
    assert GLOVE.is_stable([["L", "R1", "R2"]], allocation=[1, 0, 0]).stable
    offer = cheapest_split(GLOVE)
    assert offer.member == "R1" and offer.cost == pytest.approx(1 / 6)
    assert split_cost(GLOVE, GLOVE.players, "L") == pytest.approx(2 / 3)
    assert split_cost(GLOVE, GLOVE.players, "L", rule="nucleolus") == pytest.approx(1.0)
    assert split_cost(GLOVE, GLOVE.players, "R2", rule="nucleolus") == 0.0


# ---------------------------------------------------------------- other closed forms


def test_nucleolus_of_a_three_player_game_with_a_core_interval():
    # core {(a, 4 - a, 0): 2 <= a <= 4}; the nucleolus balances v(A,C) - x_A - x_C = x_B + x_C - v(B,C): a = 3
    g = CoalitionalGame(["A", "B", "C"], {"A": 0, "B": 0, "C": 0, ("A", "B"): 4, ("A", "C"): 2, ("B", "C"): 0,
                                          ("A", "B", "C"): 4})
    nuc = g.nucleolus()
    np.testing.assert_allclose(nuc.payoffs, [3, 1, 0], atol=1e-12)
    assert nuc.info["levels"] == (0.0, -1.0)


def test_least_core_of_the_three_player_majority_with_side_deals():
    # any pair can take 0.9 of 1: symmetric least-core point 1/3 each, eps = 0.9 - 2/3
    g = CoalitionalGame(["A", "B", "C"], lambda S: [0, 0, 0.9, 1][len(S)])
    eps, x = g.least_core()
    assert eps == pytest.approx(0.9 - 2 / 3)
    np.testing.assert_allclose(x.payoffs, [1 / 3] * 3, atol=1e-9)
    assert g.core() is None
    np.testing.assert_allclose(g.nucleolus().payoffs, [1 / 3] * 3, atol=1e-9)


@pytest.mark.parametrize("n", [3, 5, 7])
def test_banzhaf_of_simple_majority_matches_the_binomial_count(n):
    g = CoalitionalGame.weighted_voting({f"P{k}": 1 for k in range(n)}, quota=(n + 1) / 2)
    # a player swings exactly the coalitions of the others with (n - 1) / 2 members
    raw = math.comb(n - 1, (n - 1) // 2) / 2 ** (n - 1)
    np.testing.assert_allclose(g.banzhaf(normalized=False).payoffs, raw, rtol=1e-12)
    np.testing.assert_allclose(g.banzhaf().payoffs, 1 / n, rtol=1e-12)


def test_banzhaf_of_a_weighted_vote_matches_counting_swings():
    weights = {"A": 4, "B": 3, "C": 2, "D": 1}
    quota = 6
    g = CoalitionalGame.weighted_voting(weights, quota)
    names = list(weights)
    swings = {
        p: sum(
            1
            for S in subsets([q for q in names if q != p])
            if sum(weights[q] for q in S) < quota <= sum(weights[q] for q in S) + weights[p]
        )
        for p in names
    }
    assert swings == {"A": 5, "B": 3, "C": 3, "D": 1}  # the textbook count for [6; 4, 3, 2, 1]
    total = sum(swings.values())
    np.testing.assert_allclose(g.banzhaf().payoffs, [swings[p] / total for p in names], rtol=1e-12)
    np.testing.assert_allclose(g.banzhaf(normalized=False).payoffs, [swings[p] / 8 for p in names], rtol=1e-12)
    # the small party of [51; 49, 49, 2] has as much power as the large ones
    np.testing.assert_allclose(
        CoalitionalGame.weighted_voting({"A": 49, "B": 49, "C": 2}, 51).banzhaf().payoffs, [1 / 3] * 3
    )


def test_from_normal_form_prisoners_dilemma_and_a_mixed_zero_sum_value():
    pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("China", "US"))
    g = CoalitionalGame.from_normal_form(pd)
    assert (g.value("China"), g.value("US"), g.value(["China", "US"])) == (1.0, 1.0, 6.0)
    # zero-sum [[2, -1], [-1, 1]]: no saddle point; value (ad - bc) / (a + d - b - c) = 1/5
    A = np.array([[2.0, -1.0], [-1.0, 1.0]])
    zs = CoalitionalGame.from_normal_form(Game.from_bimatrix(A, -A))
    assert zs.value(["Player 1"]) == pytest.approx(0.2, abs=1e-9)
    assert zs.value(["Player 2"]) == pytest.approx(-0.2, abs=1e-9)
    assert zs.value(zs.players) == 0.0


def test_from_normal_form_lets_the_complement_act_jointly():
    # three players choose 0/1; Japan and Korea earn 1 each unless China matches Japan's choice, and China
    # earns 1 when it matches. Mixing, Japan guarantees 1/2 and China 1/2; Korea's payoff is decided by the
    # others, who jointly hold it to 0; Japan and China together always earn exactly 1
    u = np.zeros((3, 2, 2, 2))
    for a, b, c in itertools.product(range(2), repeat=3):
        match = a == c
        u[0][a, b, c] = u[1][a, b, c] = 0.0 if match else 1.0
        u[2][a, b, c] = 1.0 if match else 0.0
    g = CoalitionalGame.from_normal_form(Game(list(u), players=("Japan", "Korea", "China")))
    assert g.value("Japan") == pytest.approx(0.5, abs=1e-9)
    assert g.value(["Japan", "Korea"]) == pytest.approx(1.0, abs=1e-9)
    assert g.value("China") == pytest.approx(0.5, abs=1e-9)
    assert g.value("Korea") == 0.0
    assert g.value(["Japan", "China"]) == pytest.approx(1.0, abs=1e-12)
    assert g.value(g.players) == 2.0
    assert g.is_superadditive()


def test_pooled_offtake_follows_its_documented_formula_and_is_convex():
    d = {"US": 0.4, "EU": 0.3, "Japan": 0.2, "Korea": 0.1}
    s, price, volume = 0.25, 52.5, 10.0
    g = CoalitionalGame.pooled_offtake(d, scale=s, price=price, volume=volume)

    def cost(x):
        return price * volume * x ** (1 - s)

    for S in subsets(list(d)):
        expected = sum(cost(d[p]) for p in S) - cost(sum(d[p] for p in S)) if len(S) > 1 else 0.0
        assert g.value(S) == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert g.is_convex() and g.is_superadditive() and g.is_essential()
    assert g.in_core(g.shapley_value())
    assert CoalitionalGame.pooled_offtake(d, scale=0.0).is_essential() is False


def test_structures_are_the_bell_number_many_partitions():
    for n in range(1, 8):
        names = [f"P{k}" for k in range(n)]
        structures = coalition_structures(names)
        assert len(structures) == bell(n)
        assert len({frozenset(frozenset(b) for b in s) for s in structures}) == bell(n)
        for s in structures:
            assert sorted(p for block in s for p in block) == sorted(names)
    assert coalition_structures(["A"]) == [(("A",),)]


def test_structure_value_is_the_sum_of_its_blocks():
    g = CoalitionalGame.pooled_offtake({"US": 0.5, "EU": 0.3, "Japan": 0.2}, scale=0.3)
    best = max(coalition_structures(g), key=g.structure_value)
    assert best == (("US", "EU", "Japan"),)  # superadditive: the grand coalition is worth most
    assert g.structure_value([["US"], ["EU", "Japan"]]) == pytest.approx(g.value(["EU", "Japan"]))


def test_sampled_shapley_is_within_its_standard_errors_of_the_exact_value():
    rng = np.random.default_rng(7)
    values = np.concatenate([[0.0], rng.normal(size=2**8 - 1)])
    g = CoalitionalGame([f"P{k}" for k in range(8)], values)
    exact = g.shapley_value()
    sampled = g.shapley_value(method="sample", n=20_000, seed=3)
    assert sampled.stderr is not None and np.all(sampled.stderr > 0)
    assert np.all(np.abs(sampled.payoffs - exact.payoffs) <= 5 * sampled.stderr)
    assert sampled.total == pytest.approx(g.value(g.players), abs=1e-9)  # every order is efficient
    again = g.shapley_value(method="sample", n=20_000, seed=3)
    np.testing.assert_array_equal(again.payoffs, sampled.payoffs)
    assert sampled.info["samples"] == 20_000


def test_large_games_are_given_by_a_function_and_sampled():
    n = 24
    g = CoalitionalGame.pooled_offtake({f"B{k}": 1 / n for k in range(n)}, scale=0.2, price=50.0)
    assert not g.is_tabulated
    total = g.value(g.players)
    assert total == pytest.approx(50.0 * (n * (1 / n) ** 0.8 - 1.0))
    phi = g.shapley_value(method="sample", n=200, seed=0)
    assert phi.total == pytest.approx(total)
    # symmetric buyers: each estimate is within five standard errors of v(N) / n
    assert np.all(np.abs(phi.payoffs - total / n) <= 5 * phi.stderr + 1e-12)
    for call in (g.core, g.shapley_value, g.nucleolus, lambda: g.values):
        with pytest.raises(ValueError, match="at most 20 players"):
            call()


def test_game_algebra_and_subgames():
    g = CoalitionalGame.pooled_offtake({"US": 0.5, "EU": 0.3, "Japan": 0.2}, scale=0.2)
    h = CoalitionalGame.unanimity(g.players, ["US", "Japan"], 2.0)
    np.testing.assert_allclose((g + 2 * h).values, g.values + 2 * h.values)
    sub = g.subgame(["Japan", "US"])
    assert sub.players == ("US", "Japan") and sub.value(["US", "Japan"]) == g.value(["US", "Japan"])
    assert g == CoalitionalGame(g.players, g.values) and g != h


def test_allocations_are_read_only_named_mappings():
    x = GLOVE.shapley_value()
    assert isinstance(x, Allocation) and list(x) == ["L", "R1", "R2"] and "L" in x
    assert dict(x) == x.as_dict() and np.asarray(x).shape == (3,)
    with pytest.raises(ValueError):
        x.payoffs[0] = 5.0
    with pytest.raises(KeyError, match="unknown player 'China'"):
        x["China"]


# ---------------------------------------------------------------- bad input, named in the message


@pytest.mark.parametrize(
    "build, error, pattern",
    [
        (lambda: CoalitionalGame(["A", "B"], {"A": 1, "B": 1}), ValueError,
         r"CoalitionalGame\(\): value is missing 1 of the 3 non-empty coalitions \(for example \{A, B\}\)"),
        (lambda: CoalitionalGame(["A", "B"], {(): 1, "A": 0, "B": 0, ("A", "B"): 1}), ValueError,
         r"CoalitionalGame\(\): the empty coalition must be worth 0"),
        (lambda: CoalitionalGame(["A", "B"], lambda S: 1.0), ValueError,
         r"CoalitionalGame\(\): the empty coalition must be worth 0; value\(frozenset\(\)\) returned 1.0"),
        (lambda: CoalitionalGame(["A", "B"], [1.0, 0.0, 0.0, 1.0]), ValueError,
         r"CoalitionalGame\(\): the empty coalition \(entry 0 of value\) must be worth 0"),
        (lambda: CoalitionalGame(["A", "B", "A"], lambda S: 0.0), ValueError,
         r"CoalitionalGame\(\): duplicate player 'A' in players"),
        (lambda: CoalitionalGame(["A", "B"], {"A": 1, "B": float("inf"), ("A", "B"): 1}), ValueError,
         r"CoalitionalGame\(\): value\['B'\] must be finite; got inf"),
        (lambda: CoalitionalGame(["A", "B"], lambda S: float("nan") if len(S) == 2 else 0.0), ValueError,
         r"CoalitionalGame\(\): value\(\{'[AB]', '[AB]'\}\) must be finite; got nan"),
        (lambda: CoalitionalGame(["A", "B"], [0.0, 1.0, np.nan, 2.0]), ValueError,
         r"CoalitionalGame\(\): value must be finite; coalition \['B'\] \(bitmask 2\) is worth nan"),
        (lambda: CoalitionalGame(["A", "B"], {"A": 1, "B": 0, 5: 1}), TypeError,
         r"CoalitionalGame\(\): a coalition of value must be a frozenset, set, tuple or list of player names"),
        (lambda: CoalitionalGame(["A", "B"], {"A": 1, "C": 1, ("A", "B"): 1}), ValueError,
         r"CoalitionalGame\(\): unknown player 'C' in a coalition of value; players are A, B"),
        (lambda: CoalitionalGame(["A", "B"], {"A": 1, "B": 0, ("A", "B"): 2, ("B", "A"): 3}), ValueError,
         r"CoalitionalGame\(\): the coalition \('B', 'A'\) is given twice in value"),
        (lambda: CoalitionalGame(["A", "B"], {"A": "x", "B": 0, ("A", "B"): 2}), TypeError,
         r"CoalitionalGame\(\): value\['A'\] must be a real number"),
        (lambda: CoalitionalGame("AB", lambda S: 0.0), TypeError,
         r"CoalitionalGame\(\): players must be a sequence of names, not a single string"),
        (lambda: GLOVE.value(["L", "China"]), ValueError,
         r"CoalitionalGame.value\(\): unknown player 'China' in coalition; players are L, R1, R2"),
        (lambda: GLOVE.in_core({"L": 1, "R1": 0}), ValueError,
         r"CoalitionalGame.in_core\(\): x gives no payoff to 'R2'"),
        (lambda: GLOVE.in_core({"L": 1, "R1": 0, "R2": 0, "China": 0}), ValueError,
         r"CoalitionalGame.in_core\(\): unknown player\(s\) 'China' in x"),
        (lambda: GLOVE.in_core([1, 0]), ValueError,
         r"CoalitionalGame.in_core\(\): x must have one payoff per player \(3\)"),
        (lambda: GLOVE.shapley_value(method="guess"), ValueError,
         r"CoalitionalGame.shapley_value\(\): method must be 'exact' or 'sample'"),
        (lambda: GLOVE.shapley_value(n=100), ValueError,
         r"CoalitionalGame.shapley_value\(\): n \(the number of sampled orders\) is only used with method='sample'"),
        (lambda: GLOVE.shapley_value(method="sample", n=1), ValueError,
         r"CoalitionalGame.shapley_value\(\): n must be an integer >= 2"),
        (lambda: GLOVE.is_stable([["L", "R1"]]), ValueError,
         r"CoalitionalGame.is_stable\(\): structure leaves out R2"),
        (lambda: GLOVE.is_stable([["L", "R1"], ["R1", "R2"]]), ValueError,
         r"CoalitionalGame.is_stable\(\): player\(s\) R1 belong to two blocks of structure"),
        (lambda: GLOVE.is_stable([["L", "R1", "R2"]], allocation=[1, 1, 0]), ValueError,
         r"CoalitionalGame.is_stable\(\): allocation is not feasible: the block \('L', 'R1', 'R2'\) receives 2"),
        (lambda: GLOVE.is_stable([["L", "R1", "R2"]], rule="equal"), ValueError,
         r"CoalitionalGame.is_stable\(\): rule must be 'shapley' or 'nucleolus'"),
        (lambda: split_cost(GLOVE, ["L", "R1"], "R2"), ValueError,
         r"split_cost\(\): member 'R2' is not in the coalition \('L', 'R1'\)"),
        (lambda: cheapest_split(GLOVE, ["L", "Japan"]), ValueError,
         r"cheapest_split\(\): unknown player 'Japan' in coalition"),
        (lambda: coalition_structures([f"P{k}" for k in range(MAX_STRUCTURE_PLAYERS + 1)]), ValueError,
         r"coalition_structures\(\): 11 players have 678,570 coalition structures \(the Bell number B_11\)"),
        (lambda: CoalitionalGame.pooled_offtake({"US": 0.5, "EU": -0.1}, scale=0.2), ValueError,
         r"CoalitionalGame.pooled_offtake\(\): demand_shares\['EU'\] must be non-negative"),
        (lambda: CoalitionalGame.pooled_offtake({"US": 0.5}, scale=1.0), ValueError,
         r"CoalitionalGame.pooled_offtake\(\): scale must lie in \[0, 1\)"),
        (lambda: CoalitionalGame(["A", "B"], [0, 2, 1, 1]).nucleolus(), ValueError,
         r"CoalitionalGame.nucleolus\(\): the imputation set is empty"),
        (lambda: CoalitionalGame.from_normal_form([[1, 0], [0, 1]]), TypeError,
         r"CoalitionalGame.from_normal_form\(\): game must be a leverage.Game"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_problem(build, error, pattern):
    with pytest.raises(error, match=pattern):
        build()


def test_a_failing_value_function_says_which_coalition_it_failed_on():
    def v(S):
        if S == {"A", "B"}:
            raise ZeroDivisionError("no data")
        return 0.0

    with pytest.raises(ZeroDivisionError) as info:
        CoalitionalGame(["A", "B"], v)
    assert "raised by the value function for the coalition ['A', 'B']" in "".join(info.value.__notes__)


# ---------------------------------------------------------------- the axioms, as properties


@given(coalitional_games())
def test_shapley_value_is_efficient(game):
    phi = game.shapley_value()
    assert abs(phi.total - game.value(game.players)) <= game.tolerance()


@given(coalitional_games(), st.data())
def test_symmetric_players_get_the_same_shapley_value(game, data):
    i, j = data.draw(st.lists(st.integers(0, game.n_players - 1), min_size=2, max_size=2, unique=True))
    sym = symmetrised(game, i, j)
    phi = sym.shapley_value().payoffs
    assert abs(phi[i] - phi[j]) <= sym.tolerance()
    # and relabelling the players relabels the value
    order = data.draw(st.permutations(range(game.n_players)))
    names = [game.players[k] for k in order]
    relabelled = CoalitionalGame(names, lambda S: game.value(S))
    assert relabelled.shapley_value().as_dict() == pytest.approx(game.shapley_value().as_dict(), abs=game.tolerance())


@given(coalitional_games(n_players=st.integers(1, 5)), st.booleans())
def test_a_dummy_gets_its_stand_alone_worth_and_changes_nobody_else(game, null):
    c = 0.0 if null else 2.5
    extended = CoalitionalGame(
        (*game.players, "Dummy"), lambda S: game.value(S - {"Dummy"}) + (c if "Dummy" in S else 0.0)
    )
    phi = extended.shapley_value()
    assert abs(phi["Dummy"] - c) <= extended.tolerance()
    np.testing.assert_allclose(phi.payoffs[:-1], game.shapley_value().payoffs, atol=extended.tolerance())
    assert abs(extended.banzhaf(normalized=False)["Dummy"] - c) <= extended.tolerance()


@given(st.data())
def test_shapley_value_is_additive_over_games(data):
    v = data.draw(coalitional_games())
    w = data.draw(coalitional_games(players=v.players))
    total = v + w
    np.testing.assert_allclose(
        total.shapley_value().payoffs, v.shapley_value().payoffs + w.shapley_value().payoffs, atol=total.tolerance()
    )


@given(coalitional_games())
def test_nucleolus_lies_in_the_core_whenever_the_core_is_non_empty(game):
    core = game.core()
    eps, _ = game.least_core()
    assert (core is None) == (eps > game.tolerance())
    if core is None:
        return
    assert game.in_core(core)
    nuc = game.nucleolus()
    assert game.in_core(nuc)
    np.testing.assert_allclose(nuc.payoffs, game.nucleolus(pre=True).payoffs, atol=game.tolerance(1e-6))
    assert game.is_stable([game.players], allocation=nuc).stable


@given(coalitional_games(convex=True))
def test_convex_games_have_a_core_containing_the_shapley_value(game):
    assert game.is_convex() and game.is_superadditive()
    assert game.core() is not None
    assert game.in_core(game.shapley_value())
    assert game.is_stable([game.players]).stable  # the default Shapley split of the grand coalition


@given(coalitional_games(superadditive=True))
def test_drawn_superadditive_games_pass_the_pairwise_definition(game):
    assert game.is_superadditive()
    full = (1 << game.n_players) - 1
    v = game.values
    for A in range(1, full + 1):
        B = full ^ A
        sub = B
        while sub:
            assert v[A | sub] >= v[A] + v[sub] - game.tolerance()
            sub = (sub - 1) & B


@given(coalitional_games(n_players=st.integers(2, 4)))
def test_prenucleolus_satisfies_kohlbergs_criterion(game):
    """Kohlberg (1971): x is the prenucleolus iff every top set of coalitions by excess is balanced."""
    x = game.nucleolus(pre=True)
    n = game.n_players
    full = (1 << n) - 1
    ex = game.excesses(x)
    tol = game.tolerance(1e-6)
    eps, _ = game.least_core()
    assert ex[1:full].max() == pytest.approx(eps, abs=tol)  # it lies in the least core
    levels = sorted(set(np.round(ex[1:full] / tol).astype(np.int64).tolist()), reverse=True)
    for level in levels:
        collection = [S for S in range(1, full) if ex[S] >= level * tol - tol]
        assert is_balanced(collection, n), (x, level * tol)


@given(coalitional_games(superadditive=True), st.floats(0.1, 10), st.lists(st.integers(-5, 5), min_size=6, max_size=6))
def test_nucleolus_moves_with_strategically_equivalent_games(game, a, shift):
    b = shift[: game.n_players]
    moved = a * game + additive_game(list(game.players), b)
    np.testing.assert_allclose(
        moved.nucleolus().payoffs, a * game.nucleolus().payoffs + np.array(b, dtype=float),
        atol=moved.tolerance(1e-6),
    )


@given(coalitional_games(n_players=st.integers(2, 5)), st.data())
def test_cheapest_split_is_the_smallest_split_cost(game, data):
    members = data.draw(st.lists(st.sampled_from(game.players), min_size=1, unique=True))
    offer = cheapest_split(game, members)
    costs = {p: split_cost(game, members, p) for p in members}
    assert offer.cost == pytest.approx(min(costs.values()), abs=game.tolerance()) and offer.cost >= 0
    assert offer.member == next(p for p in game.players if p in members and costs[p] <= offer.cost)
    sub = game.subgame(members).shapley_value()
    for p in members:
        assert costs[p] == pytest.approx(max(0.0, sub[p] - game.value(p)), abs=game.tolerance())


@given(coalitional_games(n_players=st.integers(2, 5)), st.data())
def test_a_blocking_coalition_really_gains(game, data):
    structure = data.draw(st.sampled_from(coalition_structures(game)))
    result = game.is_stable(structure)
    for block in structure:
        assert sum(result.allocation[p] for p in block) == pytest.approx(game.value(block), abs=game.tolerance())
    if result.stable:
        assert result.blocking is None
        assert max(game.excesses(result.allocation)[1:]) <= game.tolerance()
    else:
        gain = game.value(result.blocking) - sum(result.allocation[p] for p in result.blocking)
        assert gain > game.tolerance() and gain == pytest.approx(result.gain)
