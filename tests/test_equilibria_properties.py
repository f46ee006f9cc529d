"""Game-theoretic properties of the equilibrium enumerators over random games."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from leverage import Game, equilibria, equilibrium_components

sizes = st.integers(1, 6)
seeds = st.integers(0, 2**32 - 1)


@st.composite
def generic_games(draw, min_size=1, max_size=6):
    """Games with continuous random payoffs: nondegenerate with probability one."""
    m = draw(st.integers(min_size, max_size))
    n = draw(st.integers(min_size, max_size))
    rng = np.random.default_rng(draw(seeds))
    return Game.from_bimatrix(rng.normal(size=(m, n)), rng.normal(size=(m, n)))


@st.composite
def tie_games(draw, max_size=5):
    """Games with small integer payoffs: ties and degeneracy are common."""
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    rng = np.random.default_rng(draw(seeds))
    k = draw(st.integers(1, 3))
    return Game.from_bimatrix(rng.integers(-k, k + 1, (m, n)), rng.integers(-k, k + 1, (m, n)))


def same_set(first, second, atol=1e-7):
    if len(first) != len(second):
        return False
    return all(any(a.isclose(b, atol=atol) for b in second) for a in first)


def strategies_of(eqs):
    return [tuple(np.asarray(s) for s in eq.strategies) for eq in eqs]


@given(generic_games())
def test_generic_games_have_an_odd_number_of_verified_equilibria(game):
    eqs = equilibria(game)
    assert len(eqs) % 2 == 1
    for eq in eqs:
        assert game.is_nash(eq.strategies)


@given(tie_games())
def test_vertex_and_support_methods_agree_on_games_with_ties(game):
    by_vertex = equilibria(game, method="vertex")
    by_support = equilibria(game, method="support")
    assert len(by_vertex) >= 1
    assert same_set(by_vertex, by_support)
    for eq in by_vertex:
        assert game.is_nash(eq.strategies)


@given(tie_games())
def test_every_equilibrium_lies_in_a_component(game):
    comps = equilibrium_components(game)
    for comp in comps:
        x = np.mean(comp.row_strategies, axis=0)
        y = np.mean(comp.column_strategies, axis=0)
        assert game.is_nash((x, y))
    for eq in equilibria(game):
        assert any(c.contains(eq.strategies) for c in comps)


@given(st.one_of(generic_games(), tie_games()), st.floats(0.01, 100), st.floats(-100, 100), st.booleans())
def test_positive_affine_transformation_leaves_the_set_unchanged(game, scale, shift, row):
    A, B = game.payoffs
    if row:
        A = scale * A + shift
    else:
        B = scale * B + shift
    assert same_set(equilibria(game), equilibria(Game.from_bimatrix(A, B)))


@given(st.one_of(generic_games(), tie_games()), seeds)
def test_relabelling_strategies_permutes_the_set(game, seed):
    rng = np.random.default_rng(seed)
    m, n = game.shape
    pr, pc = rng.permutation(m), rng.permutation(n)
    A, B = game.payoffs
    relabelled = Game.from_bimatrix(A[np.ix_(pr, pc)], B[np.ix_(pr, pc)])
    mapped = [(x[pr], y[pc]) for x, y in strategies_of(equilibria(game))]
    found = equilibria(relabelled)
    assert len(found) == len(mapped)
    for profile in mapped:
        assert any(eq.isclose(profile, atol=1e-7) for eq in found)


@given(st.one_of(generic_games(), tie_games()))
def test_swapping_players_mirrors_the_set(game):
    A, B = game.payoffs
    swapped = Game.from_bimatrix(B.T, A.T)
    mirrored = [(y, x) for x, y in strategies_of(equilibria(game))]
    found = equilibria(swapped)
    assert len(found) == len(mirrored)
    for profile in mirrored:
        assert any(eq.isclose(profile, atol=1e-7) for eq in found)


@given(st.one_of(generic_games(), tie_games()), st.floats(0.1, 10))
def test_adding_a_strictly_dominated_strategy_changes_nothing(game, margin):
    A, B = game.payoffs
    # a new row strictly worse than row 0 for the row player against every column
    A2 = np.vstack([A, A[0] - margin])
    B2 = np.vstack([B, B[0]])
    extended = Game.from_bimatrix(A2, B2)
    expected = [(np.append(x, 0.0), y) for x, y in strategies_of(equilibria(game))]
    found = equilibria(extended)
    assert len(found) == len(expected)
    for profile in expected:
        assert any(eq.isclose(profile, atol=1e-7) for eq in found)
