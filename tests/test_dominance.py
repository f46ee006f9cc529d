"""Iterated elimination of strictly dominated strategies (leverage.solvers.dominance)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import leverage.solvers.dominance as dominance
from leverage import DominanceResult, Game, equilibria, iterated_dominance, pure_equilibria
from leverage.solvers.dominance import Elimination
from leverage.testing.strategies import bimatrix_games as lev_bimatrix_games
from leverage.testing.strategies import games, payoff_values
from leverage.tolerance import tolerances

# ---------------------------------------------------------------------------- strategies


# Games come from leverage's own strategies (leverage.testing.strategies).
INTEGERS = payoff_values(integers=True, bound=4)


def bimatrix_games(max_size=4):
    """Small integer payoffs: ties, weak dominance and degeneracy are common."""
    return lev_bimatrix_games(payoffs=INTEGERS, max_strategies=max_size)


def nplayer_games(max_players=3, max_size=3):
    return games(n_players=st.integers(1, max_players), payoffs=INTEGERS, max_strategies=max_size)


def generic_bimatrix_games(max_size=4):
    """Continuous payoffs (no exact ties)."""
    return lev_bimatrix_games(payoffs=payoff_values(), max_strategies=max_size)


def pure_profiles(game):
    return {tuple(s[0] for s in eq.support) for eq in pure_equilibria(game)}


def survivors_at_start_of(result, round_):
    """Original indices surviving at the start of ``round_``."""
    out = [set(s) for s in result.surviving]
    for step in result.eliminated:
        if step.round >= round_:
            out[step.player].add(step.strategy)
    return [sorted(s) for s in out]


# ---------------------------------------------------------------------------- known games


def test_prisoners_dilemma_reduces_to_defect_defect():
    pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Column"),
                            strategies=(("Cooperate", "Defect"), ("Cooperate", "Defect")))
    res = iterated_dominance(pd)
    assert isinstance(res, DominanceResult)
    assert res.surviving == ((1,), (1,))
    assert res.game.players == ("Row", "Column")
    assert res.game.strategies == (("Defect",), ("Defect",))
    assert res.game.shape == (1, 1)
    assert res.dominance_solvable and res.rounds == 1 and res.mixed is True
    assert [(e.player, e.strategy, e.strategy_name, e.round) for e in res.eliminated] == [
        (0, 0, "Cooperate", 1),
        (1, 0, "Cooperate", 1),
    ]
    for step in res.eliminated:
        assert isinstance(step, Elimination)
        np.testing.assert_array_equal(step.dominator, [0.0, 1.0])
        assert step.is_pure and step.margin == 1.0
        assert not step.dominator.flags.writeable
    assert repr(res) == "DominanceResult(Row: Defect; Column: Defect; 2 eliminated in 1 round; mixed=True)"
    assert res.original is pd
    assert pd.is_nash(res.expand([0, 0]))
    # identical with pure dominators only
    assert iterated_dominance(pd, mixed=False).surviving == ((1,), (1,))


def test_dominated_only_by_a_mixture():
    g = Game.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]],
                           strategies=(("Up", "Down", "Hedge"), ("Left", "Right")))
    pure_only = iterated_dominance(g, mixed=False)
    assert pure_only.surviving == ((0, 1, 2), (0, 1))
    assert pure_only.eliminated == [] and pure_only.rounds == 0
    assert "nothing eliminated" in repr(pure_only)
    assert pure_only.game == g

    res = iterated_dominance(g, mixed=True)
    assert res.surviving == ((0, 1), (0, 1))
    assert res.game.strategies == (("Up", "Down"), ("Left", "Right"))
    (step,) = res.eliminated
    assert (step.player, step.strategy, step.strategy_name, step.round) == (0, 2, "Hedge", 1)
    np.testing.assert_allclose(step.dominator, [0.5, 0.5, 0.0], atol=1e-9)
    assert not step.is_pure
    assert step.margin == pytest.approx(0.5)
    assert "Hedge" in repr(step) and "Up 0.5" in repr(step)


def test_mixture_margin_below_tolerance_is_not_dominance():
    # (1/2, 1/2) of Up and Down gives 1.5; Hedge gets 1.5 - 1e-12: a tie under the tolerance rule
    A = [[3, 0], [0, 3], [1.5 - 1e-12, 1.5 - 1e-12]]
    g = Game.from_bimatrix(A, np.zeros((3, 2)))
    assert iterated_dominance(g).surviving == ((0, 1, 2), (0, 1))
    assert iterated_dominance(g, tol=0).surviving == ((0, 1), (0, 1))
    g2 = Game.from_bimatrix([[3, 0], [0, 3], [1.4, 1.4]], np.zeros((3, 2)))
    assert iterated_dominance(g2).surviving == ((0, 1), (0, 1))


def test_three_player_game():
    u1 = np.zeros((2, 2, 2))
    u1[0, :, 0], u1[1, :, 0] = 1, 2  # Top is worse than Bottom when Carol plays In ...
    u1[0, :, 1], u1[1, :, 1] = 5, 0  # ... but better when she plays Out
    u2 = np.zeros((2, 2, 2))
    u2[0, :, 0] = [0, 1]
    u2[1, :, 0] = [1, 0]  # against Bottom, Bob prefers Left; with Out he is indifferent
    u3 = np.zeros((2, 2, 2))
    u3[:, :, 0] = 1  # Carol: In strictly dominates Out
    g = Game([u1, u2, u3], players=("Ann", "Bob", "Carol"),
             strategies=(("Top", "Bottom"), ("Left", "Right"), ("In", "Out")))
    res = iterated_dominance(g)
    assert res.surviving == ((1,), (0,), (0,))
    assert res.game.players == ("Ann", "Bob", "Carol")
    assert res.game.strategies == (("Bottom",), ("Left",), ("In",))
    assert [(e.player_name, e.strategy_name, e.round) for e in res.eliminated] == [
        ("Carol", "Out", 1),
        ("Ann", "Top", 2),
        ("Bob", "Right", 3),
    ]
    assert res.rounds == 3 and res.dominance_solvable
    assert g.is_nash(res.expand([0, 0, 0]))
    assert pure_profiles(g) == {(1, 0, 0)}


def test_weakly_dominated_strategy_survives():
    # Down ties Up against Left and is worse against Right: weakly, not strictly, dominated
    g = Game.from_bimatrix([[1, 1], [1, 0]], [[1, 1], [1, 1]])
    for mixed in (True, False):
        assert iterated_dominance(g, mixed=mixed).surviving == ((0, 1), (0, 1))
    # a tie within the tolerance rule is still a tie
    g = Game.from_bimatrix([[1 + 1e-12, 2], [1, 0]], [[0, 0], [0, 0]])
    assert iterated_dominance(g).surviving == ((0, 1), (0, 1))
    assert iterated_dominance(g, tol=0.0).surviving == ((0,), (0, 1))


def test_iterated_elimination():
    # Right is dominated by Middle; only then is Down dominated by Up; only then Left by Middle
    A = [[1, 1, 0], [0, 0, 2]]
    B = [[0, 2, 1], [3, 1, 0]]
    g = Game.from_bimatrix(A, B, players=("R", "C"), strategies=(("Up", "Down"), ("Left", "Middle", "Right")))
    res = iterated_dominance(g)
    assert res.surviving == ((0,), (1,))
    assert [(e.player_name, e.strategy_name, e.round) for e in res.eliminated] == [
        ("C", "Right", 1),
        ("R", "Down", 2),
        ("C", "Left", 3),
    ]
    assert iterated_dominance(g, mixed=False).surviving == ((0,), (1,))
    assert "3 eliminated in 3 rounds" in repr(res)


def test_one_player_game_keeps_the_best_strategies():
    g = Game([[1.0, 3.0, 2.0, 3.0]], players=("Solo",))
    res = iterated_dominance(g)
    assert res.surviving == ((1, 3),)
    assert res.game.strategies == (("s2", "s4"),)


def test_expand_profiles_and_equilibria():
    g = Game.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]])
    res = iterated_dominance(g)
    x, y = res.expand([[0.25, 0.75], 1])
    np.testing.assert_array_equal(x, [0.25, 0.75, 0.0])
    np.testing.assert_array_equal(y, [0.0, 1.0])
    eqs = equilibria(res.game)
    assert eqs
    for eq in eqs:
        assert g.is_nash(res.expand(eq))
    with pytest.raises(ValueError, match="DominanceResult.expand"):
        res.expand([[0.2, 0.3, 0.5], 0])
    with pytest.raises(ValueError, match="players"):
        res.expand([0])


def test_chunked_pure_check_agrees(monkeypatch):
    rng = np.random.default_rng(7)
    g = Game.from_bimatrix(rng.integers(-3, 4, (9, 7)), rng.integers(-3, 4, (9, 7)))
    expected = iterated_dominance(g)
    monkeypatch.setattr(dominance, "_PURE_CHUNK_ENTRIES", 5)
    got = iterated_dominance(g)
    assert got.surviving == expected.surviving
    assert [(e.player, e.strategy, e.round) for e in got.eliminated] == [
        (e.player, e.strategy, e.round) for e in expected.eliminated
    ]


# ---------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("bad", [None, [[1, 0], [0, 1]], np.eye(2), "game"])
def test_game_must_be_a_game(bad):
    with pytest.raises(TypeError, match=r"iterated_dominance\(\): game must be a leverage.Game; got"):
        iterated_dominance(bad)


@pytest.mark.parametrize("bad", [1, 0, None, "yes", 1.0])
def test_mixed_must_be_a_bool(bad):
    g = Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(TypeError, match=r"iterated_dominance\(\): mixed must be True or False"):
        iterated_dominance(g, mixed=bad)


def test_tol_is_validated():
    g = Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=r"iterated_dominance\(\): tol must be a finite number in \[0, 1\)"):
        iterated_dominance(g, tol=-1e-3)
    with pytest.raises(ValueError, match="tol must be a finite number"):
        iterated_dominance(g, tol=float("nan"))
    with pytest.raises(TypeError, match=r"iterated_dominance\(\): tol must be a number"):
        iterated_dominance(g, tol="small")


# ---------------------------------------------------------------------------- properties


@given(bimatrix_games())
def test_equilibria_of_reduced_game_are_equilibria_of_original(g):
    res = iterated_dominance(g)
    for eq in equilibria(res.game):
        assert g.is_nash(res.expand(eq))


@given(generic_bimatrix_games())
def test_equilibria_of_reduced_generic_game_are_equilibria_of_original(g):
    res = iterated_dominance(g)
    for eq in equilibria(res.game):
        assert g.is_nash(res.expand(eq))


@given(nplayer_games(), st.booleans())
def test_pure_equilibria_are_preserved(g, mixed):
    res = iterated_dominance(g, mixed=mixed)
    reduced = {tuple(res.surviving[i][k] for i, k in enumerate(p)) for p in pure_profiles(res.game)}
    assert reduced == pure_profiles(g)


@given(bimatrix_games(max_size=3), st.data())
def test_adding_a_dominated_row_is_undone(g, data):
    A, B = g.payoffs
    m, n = A.shape
    weights = np.array(data.draw(st.lists(st.integers(0, 3), min_size=m, max_size=m).filter(any)), dtype=float)
    sigma = weights / weights.sum()
    new_row = sigma @ A - data.draw(st.sampled_from([1.0, 0.5, 3.0]))
    new_col_payoffs = np.array(data.draw(st.lists(INTEGERS, min_size=n, max_size=n)))
    at = data.draw(st.integers(0, m))
    bigger = Game.from_bimatrix(np.insert(A, at, new_row, axis=0), np.insert(B, at, new_col_payoffs, axis=0))

    res = iterated_dominance(bigger)
    expected = iterated_dominance(g)
    rows = tuple(k if k < at else k + 1 for k in expected.surviving[0])
    assert at not in res.surviving[0]
    assert res.surviving == (rows, expected.surviving[1])


@given(nplayer_games(), st.booleans())
def test_every_elimination_has_a_valid_certificate(g, mixed):
    res = iterated_dominance(g, mixed=mixed)
    tols = tolerances(g.payoffs)
    assert all(len(s) >= 1 for s in res.surviving)
    assert sum(len(s) for s in res.surviving) + len(res.eliminated) == sum(g.shape)
    rounds = [e.round for e in res.eliminated]
    assert rounds == sorted(rounds)
    for step in res.eliminated:
        alive = survivors_at_start_of(res, step.round)
        assert step.strategy in alive[step.player]
        assert np.all(step.dominator >= 0) and step.dominator.sum() == pytest.approx(1.0)
        assert step.dominator[step.strategy] == 0
        assert set(np.flatnonzero(step.dominator)) <= set(alive[step.player])
        if not mixed:
            assert step.is_pure
        i = step.player
        sub = np.moveaxis(g.payoffs[i][np.ix_(*alive)], i, 0).reshape(len(alive[i]), -1)
        local = step.dominator[alive[i]]
        own = sub[alive[i].index(step.strategy)]
        margin = np.min(local @ sub - own)
        assert margin > tols[i]
        assert margin == pytest.approx(step.margin)


@given(nplayer_games(), st.booleans())
def test_reduced_game_has_nothing_left_to_eliminate(g, mixed):
    res = iterated_dominance(g, mixed=mixed)
    again = iterated_dominance(res.game, mixed=mixed)
    assert again.eliminated == []


@given(nplayer_games())
def test_mixed_dominance_eliminates_at_least_as_much(g):
    with_mixed = iterated_dominance(g, mixed=True).surviving
    pure_only = iterated_dominance(g, mixed=False).surviving
    assert all(set(a) <= set(b) for a, b in zip(with_mixed, pure_only))


@given(nplayer_games(), st.data())
def test_invariant_under_positive_affine_payoff_changes(g, data):
    n = g.n_players
    factors = data.draw(st.lists(st.sampled_from([1e-3, 0.5, 7.0, 1e6]), min_size=n, max_size=n))
    shifts = data.draw(st.lists(st.integers(-100, 100), min_size=n, max_size=n))
    h = Game([a * u + b for u, a, b in zip(g.payoffs, factors, shifts)])
    for mixed in (True, False):
        assert iterated_dominance(h, mixed=mixed).surviving == iterated_dominance(g, mixed=mixed).surviving
