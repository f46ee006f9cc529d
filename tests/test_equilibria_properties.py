"""Game-theoretic properties of the equilibrium enumerators over random games.

Written with leverage's own strategies (:mod:`leverage.testing.strategies`) and
metamorphic assertions (:func:`leverage.testing.assert_invariant`).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from leverage import Game, equilibria, equilibrium_components
from leverage.testing import assert_equilibrium, assert_invariant
from leverage.testing.strategies import bimatrix_games, payoff_values

generic = bimatrix_games(degenerate=False, max_strategies=6)
with_ties = bimatrix_games(payoffs=payoff_values(integers=True, bound=2), max_strategies=5)
degenerate = st.one_of(
    bimatrix_games(degenerate=True, payoffs=payoff_values(integers=True, bound=3)),
    bimatrix_games(degenerate=True, payoffs=payoff_values(decimals=3)),  # planted ties among float payoffs
)
any_game = st.one_of(generic, with_ties, degenerate)
seeds = st.integers(0, 2**32 - 1)


def same_set(first, second, atol=1e-7):
    return len(first) == len(second) and all(any(a.isclose(b, atol=atol) for b in second) for a in first)


@given(generic)
def test_generic_games_have_an_odd_number_of_verified_equilibria(game):
    eqs = equilibria(game)
    assert len(eqs) % 2 == 1
    for eq in eqs:
        assert_equilibrium(game, eq)


@given(st.one_of(with_ties, degenerate))
def test_vertex_and_support_methods_agree_on_degenerate_games(game):
    by_vertex = equilibria(game, method="vertex")
    by_support = equilibria(game, method="support")
    assert len(by_vertex) >= 1
    assert same_set(by_vertex, by_support)
    for eq in by_vertex:
        assert_equilibrium(game, eq)


@given(st.one_of(with_ties, degenerate))
def test_every_equilibrium_lies_in_a_component_and_components_are_convex(game):
    comps = equilibrium_components(game)
    for comp in comps:
        # the barycentre of a maximal convex set is an equilibrium
        assert_equilibrium(game, (np.mean(comp.row_strategies, axis=0), np.mean(comp.column_strategies, axis=0)))
    for eq in equilibria(game):
        assert any(c.contains(eq.strategies) for c in comps)


@given(any_game, st.floats(0.01, 100), st.floats(-100, 100), st.booleans())
def test_positive_affine_transformation_leaves_the_set_unchanged(game, scale, shift, row):
    def rescale(g: Game) -> Game:
        A, B = g.payoffs
        return Game.from_bimatrix(scale * A + shift, B) if row else Game.from_bimatrix(A, scale * B + shift)

    assert_invariant(game, rescale, name="positive affine rescaling")


@given(any_game, seeds)
def test_relabelling_strategies_permutes_the_set(game, seed):
    rng = np.random.default_rng(seed)
    pr, pc = rng.permutation(game.shape[0]), rng.permutation(game.shape[1])

    def relabel(g: Game) -> Game:
        A, B = g.payoffs
        return Game.from_bimatrix(A[np.ix_(pr, pc)], B[np.ix_(pr, pc)])

    assert_invariant(game, relabel, map_profile=lambda p: (p[0][pr], p[1][pc]), name="relabelling")


@given(any_game)
def test_swapping_players_mirrors_the_set(game):
    def swap(g: Game) -> Game:
        A, B = g.payoffs
        return Game.from_bimatrix(B.T, A.T)

    assert_invariant(game, swap, map_profile=lambda p: (p[1], p[0]), name="swapping players")


@given(any_game, st.floats(0.1, 10), seeds)
def test_adding_a_strictly_dominated_strategy_changes_nothing(game, margin, seed):
    rng = np.random.default_rng(seed)
    weights = rng.dirichlet(np.ones(game.shape[0]))

    def add_dominated_row(g: Game) -> Game:
        A, B = g.payoffs
        # strictly worse than the mixture `weights` of existing rows against every column
        return Game.from_bimatrix(np.vstack([A, weights @ A - margin]), np.vstack([B, B[0]]))

    assert_invariant(
        game,
        add_dominated_row,
        map_profile=lambda p: (np.append(p[0], 0.0), p[1]),
        name="adding a strictly dominated strategy",
    )
