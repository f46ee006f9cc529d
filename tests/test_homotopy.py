"""Mixed equilibria of n-player games by homotopy continuation.

Oracles: the exact Groebner-basis solver on the same support systems, the
multihomogeneous Bezout numbers of McKelvey and McLennan (1997) computed
from their generating polynomial, derangement numbers, two-player solvers
(nashpy, vertex enumeration) on the pairs of games played side by side, and
the oddness of the number of equilibria of generic games (Wilson 1971).
"""

from __future__ import annotations

import warnings
from itertools import product
from math import factorial

import nashpy
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from leverage import Game, IncompleteEnumerationWarning, equilibria
from leverage.solvers import polynomial_equilibria
from leverage.solvers.homotopy import bezout_number, start_assignments, track_supports
from leverage.solvers.polynomial import support_profiles
from leverage.solvers.polynomial_systems import exact_payoffs, indifference_system, solve_system
from leverage.testing.strategies import games, payoff_values, side_by_side_games

# ----------------------------------------------------------------------------- oracles


def bezout_oracle(sizes):
    """Coefficient of prod_j z_j^(d_j) in prod_i (sum over mixing j != i of z_j)^(d_i)."""
    d = [m - 1 for m in sizes]
    z = sympy.symbols(f"z0:{len(sizes)}")
    poly = sympy.Integer(1)
    for i, di in enumerate(d):
        poly *= sum((z[j] for j in range(len(sizes)) if j != i and d[j]), sympy.Integer(0)) ** di
    target = sympy.Mul(*(z[j] ** d[j] for j in range(len(sizes))))
    return int(sympy.Poly(sympy.expand(poly), *z).coeff_monomial(target))


def derangements(n):
    return sum((-1) ** k * factorial(n) // factorial(k) for k in range(n + 1))


def nashpy_equilibria(game):
    A, B = game.payoffs
    return [(np.asarray(x), np.asarray(y)) for x, y in nashpy.Game(A, B).support_enumeration()]


def profile_key(profile):
    return tuple(np.round(np.concatenate([np.asarray(s, dtype=float) for s in profile]), 6))


def rescaled(payoffs):
    return [(u - u.min()) / max(float(np.ptp(u)), 1.0) for u in payoffs]


def exact_roots_in_box(payoffs, supports):
    """The exact solver's real roots strictly inside the box; None for a continuum."""
    R, polys = indifference_system(exact_payoffs(payoffs), supports)
    roots, continuum = solve_system(R, polys, [27])
    if continuum:
        return None
    real = np.abs(roots.imag).max(axis=1, initial=0.0) < 1e-9
    inside = np.all((roots.real > 1e-6) & (roots.real < 1 - 1e-6), axis=1)
    return roots[real & inside].real


# ----------------------------------------------------------------------------- start systems


@pytest.mark.parametrize("sizes", [(2, 2, 2), (3, 3, 3), (2, 2, 2, 2), (3, 3, 3, 3), (2, 3, 2, 3), (3, 2, 2), (2, 2, 2, 2, 2)])
def test_path_counts_are_the_multihomogeneous_bezout_numbers(sizes):
    assert bezout_number(sizes) == bezout_oracle(sizes)


@pytest.mark.parametrize("n", [3, 4, 5, 6])
def test_n_players_with_two_strategies_have_as_many_paths_as_derangements(n):
    # McKelvey and McLennan (1997): at most d(n) totally mixed equilibria
    assert bezout_number([2] * n) == derangements(n)


def test_start_assignments_pick_each_group_as_often_as_it_has_unknowns():
    degrees, owners = [2, 1, 2], [0, 0, 1, 2, 2]
    factors = [[1, 2], [0, 2], [0, 1]]
    rows = start_assignments(degrees, owners, factors)
    assert len(rows) == len({tuple(r) for r in rows}) > 0
    for row in rows:
        assert [int(np.sum(row == j)) for j in range(3)] == degrees
        assert all(row[e] in factors[owners[e]] for e in range(len(owners)))


# ----------------------------------------------------------------------------- against the exact solver


@pytest.mark.parametrize("seed, shape", [(1, (3, 3, 3)), (2, (3, 3, 3)), (3, (2, 3, 3)), (4, (2, 2, 2, 2))])
def test_every_solution_in_the_box_of_every_support_matches_the_exact_solver(seed, shape):
    # integer payoffs up to 1000 in magnitude: exact arithmetic stays cheap and ties are rare
    rng = np.random.default_rng(seed)
    integers = [rng.integers(-1000, 1001, size=shape).astype(float) for _ in shape]
    profiles = [S for S in support_profiles(shape)
                if sum(len(s) > 1 for s in S) >= 2 and bezout_number([len(s) for s in S]) > 0]
    out = track_supports(rescaled(integers), profiles)  # every size at once; roots do not change under rescaling
    for k, supports in enumerate(profiles):
        assert out.paths[k] == bezout_number([len(s) for s in supports])
        expected = exact_roots_in_box(integers, supports)
        if expected is None:  # a tie in the integer payoffs gave a continuum: nothing to compare
            continue
        found = out.roots[k]
        found = found[(np.abs(found.imag).max(axis=1, initial=0.0) < 1e-7)
                      & np.all((found.real > 1e-6) & (found.real < 1 - 1e-6), axis=1)].real
        assert len(found) == len(expected), supports
        for root in expected:
            assert np.abs(found - root).max(axis=1).min() < 1e-7


@settings(max_examples=4, deadline=None)
@given(st.sampled_from([(2, 2, 2), (2, 3, 3), (2, 2, 2, 2)]).flatmap(
    lambda shape: games(n_players=len(shape), shape=shape, payoffs=payoff_values(integers=True, bound=9))))
def test_homotopy_and_exact_solvers_return_the_same_equilibria(game):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteEnumerationWarning)
        exact = polynomial_equilibria(game, solver="exact", full_output=True)
        numerical = polynomial_equilibria(game, solver="homotopy", full_output=True)
    if exact.complete and numerical.complete:
        assert sorted(profile_key(eq.strategies) for eq in numerical.equilibria) == sorted(
            profile_key(eq.strategies) for eq in exact.equilibria
        )
    # whatever happens, every equilibrium returned is verified, and the exact solver's pure ones are all there
    assert all(eq.regret <= 1e-8 * 20 for eq in numerical.equilibria)
    pure = {profile_key(eq.strategies) for eq in exact.equilibria if all(len(s) == 1 for s in eq.support)}
    assert pure <= {profile_key(eq.strategies) for eq in numerical.equilibria}


def test_gambit_2x2x2_game_has_its_nine_equilibria_by_homotopy_too():
    u = np.zeros((3, 2, 2, 2))
    u[:, 0, 0, 0] = 9, 8, 12
    u[:, 1, 1, 0] = 9, 8, 2
    u[:, 0, 1, 1] = u[:, 1, 0, 1] = 3, 4, 6
    game = Game(list(u))
    out = polynomial_equilibria(game, solver="homotopy", full_output=True)
    assert out.complete and len(out.equilibria) == 9
    assert out.supports_tracked > 0
    exact = polynomial_equilibria(game, solver="exact")
    assert sorted(profile_key(e.strategies) for e in out.equilibria) == sorted(profile_key(e.strategies) for e in exact)


# ----------------------------------------------------------------------------- four players, three strategies


def coordination_pairs(seed):
    rng = np.random.default_rng(seed)
    return [Game([3 * np.eye(3) + rng.uniform(0, 1, (3, 3)) for _ in range(2)]) for _ in range(2)]


@settings(max_examples=1, database=None, deadline=None)  # the pairs are given: one draw
@given(side_by_side_games(pairs=coordination_pairs(7)))
def test_four_players_with_three_strategies_side_by_side_have_every_product_equilibrium(drawn):
    # two perturbed 3 x 3 coordination games: 7 equilibria each (one per nonempty
    # support of equal size on both sides), so 49 in all. The pairs are solved by
    # two-player vertex enumeration; nashpy is only checked to find nothing else.
    game, pairs = drawn
    first, second = ([eq.strategies for eq in equilibria(pair, method="vertex")] for pair in pairs)
    assert len(first) == len(second) == 7
    for pair, listed in zip(pairs, (first, second)):
        for x, y in nashpy_equilibria(pair):
            assert any(np.allclose(x, a, atol=1e-9) and np.allclose(y, b, atol=1e-9) for a, b in listed)
    expected = sorted(profile_key([*a, *b]) for a, b in product(first, second))
    out = polynomial_equilibria(game, full_output=True)
    assert out.complete and out.supports_tracked > 0
    assert len(out.equilibria) == len(expected) == len(first) * len(second)
    assert sorted(profile_key(eq.strategies) for eq in out.equilibria) == expected
    assert max(eq.regret for eq in out.equilibria) <= 1e-8 * max(float(np.ptp(u)) for u in game.payoffs)


@settings(max_examples=3, deadline=None)
@given(side_by_side_games(n_pairs=2, shape=(2, 3)))
def test_side_by_side_games_have_the_products_of_their_pairs_equilibria(drawn):
    # the pairs are solved by two-player vertex enumeration, a separate code path
    game, pairs = drawn
    first, second = ([eq.strategies for eq in equilibria(pair, method="vertex")] for pair in pairs)
    expected = sorted(profile_key([*a, *b]) for a, b in product(first, second))
    found = polynomial_equilibria(game, solver="homotopy")
    assert sorted(profile_key(eq.strategies) for eq in found) == expected


@pytest.mark.thorough  # about 20 s; smaller generic games below check the same parity every run
def test_a_generic_four_player_three_strategy_game_has_an_odd_number_of_verified_equilibria():
    rng = np.random.default_rng(4)
    game = Game([rng.normal(size=(3, 3, 3, 3)) for _ in range(4)])
    out = polynomial_equilibria(game, dominance=False, full_output=True)
    assert out.complete
    assert out.supports_tracked > 0
    assert len(out.equilibria) % 2 == 1  # Wilson's oddness theorem
    assert sum(all(len(s) > 1 for s in eq.support) for eq in out.equilibria) >= 1
    assert max(eq.regret for eq in out.equilibria) <= 1e-8 * max(float(np.ptp(u)) for u in game.payoffs)


@settings(max_examples=6, deadline=None)
@given(st.sampled_from([(2, 2, 2, 3), (3, 3, 2, 2), (2, 2, 2, 2, 2)]).flatmap(
    lambda shape: games(n_players=len(shape), shape=shape, degenerate=False)))
def test_generic_games_beyond_the_exact_limits_have_an_odd_number_of_equilibria(game):
    # Wilson (1971): a generic game has an odd number of equilibria; one missed breaks the parity. Supports
    # the closed forms do not cover (four players mixing with one of them over three strategies, five
    # players) are tracked, unless dominance rules them out
    out = polynomial_equilibria(game, full_output=True)
    assert out.complete
    assert len(out.equilibria) % 2 == 1
    assert max(eq.regret for eq in out.equilibria) <= 1e-8 * max(float(np.ptp(u)) for u in game.payoffs)


def test_relabelling_strategies_permutes_the_homotopy_equilibria():
    rng = np.random.default_rng(12)
    game = Game([rng.normal(size=(2, 2, 2, 3)) for _ in range(4)])
    perm = [np.array([1, 0]), np.array([0, 1]), np.array([1, 0]), np.array([2, 0, 1])]
    shuffled = Game([u[np.ix_(*perm)] for u in game.payoffs])
    original = polynomial_equilibria(game, solver="homotopy")
    relabelled = polynomial_equilibria(shuffled, solver="homotopy")
    back = sorted(profile_key([s[np.argsort(p)] for s, p in zip(eq.strategies, perm)]) for eq in relabelled)
    assert back == sorted(profile_key(eq.strategies) for eq in original)
    assert len(original) % 2 == 1


# ----------------------------------------------------------------------------- what is reported


def test_a_continuum_solved_by_homotopy_is_reported_as_unresolved_with_verified_points():
    # players 1 and 2 play matching pennies (one mixed equilibrium, each at 1/2) whatever player 3
    # does, and player 3 never cares: every mixture of player 3 completes an equilibrium
    u1 = np.zeros((2, 2, 2)); u1[0, 0, :] = u1[1, 1, :] = 1.0
    u2 = np.zeros((2, 2, 2)); u2[0, 1, :] = u2[1, 0, :] = 1.0
    u3 = np.zeros((2, 2, 2))
    game = Game([u1, u2, u3])
    with pytest.warns(IncompleteEnumerationWarning, match=r"polynomial_equilibria\(\): homotopy continuation could not resolve"):
        out = polynomial_equilibria(game, solver="homotopy", full_output=True, dominance=False)
    assert not out.complete and out.unresolved == (((0, 1), (0, 1), (0, 1)),)
    assert out.equilibria and all(eq.regret <= 1e-8 for eq in out.equilibria)
    assert all(np.allclose(eq.strategies[0], 0.5) and np.allclose(eq.strategies[1], 0.5) for eq in out.equilibria)


def test_a_path_stopped_near_infinity_is_never_finished_onto_another_paths_solution():
    # a seeded integer 3 x 3 x 3 game in which one support has one finite root and one path to
    # infinity that stops just before t = 1; Newton's method from there must not land on the root
    rng = np.random.default_rng(11)
    payoffs = [rng.integers(-9, 10, size=(3, 3, 3)).astype(float) for _ in range(3)]
    supports = ((0, 2), (0, 1, 2), (0, 1))
    out = track_supports(rescaled(payoffs), [supports])
    assert not out.unresolved(0)
    expected = exact_roots_in_box(payoffs, supports)
    assert len(out.roots[0]) >= len(expected) == 1
    exact = polynomial_equilibria(Game(payoffs), solver="exact", full_output=True)
    numerical = polynomial_equilibria(Game(payoffs), solver="homotopy", full_output=True)
    assert numerical.complete and exact.complete
    assert sorted(profile_key(e.strategies) for e in numerical.equilibria) == sorted(
        profile_key(e.strategies) for e in exact.equilibria
    )


def test_bad_input_to_track_supports_is_rejected_with_a_clear_message():
    u = [np.zeros((2, 2, 2))] * 3
    with pytest.raises(ValueError, match=r"track_supports\(\): profiles is empty"):
        track_supports(u, [])
    with pytest.raises(ValueError, match=r"track_supports\(\): the support profile \(\(0, 2\), \(0, 1\), \(0,\)\) does not fit a game of shape \(2, 2, 2\)"):
        track_supports(u, [((0, 2), (0, 1), (0,))])
    three = [np.zeros((3, 2, 2))] * 3
    with pytest.raises(ValueError, match=r"track_supports\(\): the support sizes \(3, 2, 1\) give no start solution"):
        track_supports(three, [((0, 1, 2), (0, 1), (0,))])
    with pytest.raises(ValueError, match=r"track_supports\(\): at least two players must mix; the sizes are \(2, 1, 1\)"):
        track_supports(u, [((0, 1), (0,), (0,))])
    with pytest.raises(ValueError, match=r"track_supports\(\): max_step must be in \(0, 1\]; got 0"):
        track_supports(u, [((0, 1), (0, 1), (0,))], max_step=0)
