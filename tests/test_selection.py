"""Equilibrium selection: Pareto and risk dominance, Nash products, against textbook facts."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from leverage import Game, equilibria
from leverage.solvers.selection import SELECTION_RULES, logit_index, select
from leverage.testing.strategies import STAG_HUNT, bimatrix_games, ordered_games, payoff_values


def test_stag_hunt_textbook():
    # Harsanyi and Selten (1988): in the stag hunt (4,4) (0,3) / (3,0) (3,3), hunting the stag is
    # payoff-dominant and hunting hare is risk-dominant
    hunt = Game.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]], strategies=(("Stag", "Hare"), ("Stag", "Hare")))
    found = equilibria(hunt)
    assert len(found) == 3
    assert select(found, "pareto", hunt).support == ((0,), (0,))
    assert select(found, "payoff_dominant", hunt).support == ((0,), (0,))
    assert select(found, "risk_dominant", hunt).support == ((1,), (1,))
    assert select(found, "first", hunt) is found[0]


@given(ordered_games(STAG_HUNT))
def test_risk_dominant_strategy_is_the_best_response_to_a_uniform_belief(game):
    # in a symmetric 2x2 coordination game, the risk-dominant equilibrium is the one whose strategy is
    # the best reply to an opponent mixing 50/50 (Harsanyi and Selten 1988) -- an oracle independent
    # of the product of deviation losses
    A, B = game.payoffs
    symmetric = Game.from_bimatrix(A, A.T, strategies=game.strategies)
    found = equilibria(symmetric)
    pure = [eq for eq in found if all(len(s) == 1 for s in eq.support)]
    assume(len(pure) == 2)
    against_uniform = A.mean(axis=1)
    assume(abs(against_uniform[0] - against_uniform[1]) > 1e-6 * np.ptp(A))
    chosen = select(found, "risk_dominant", symmetric)
    assert chosen.support[0] == (int(np.argmax(against_uniform)),)


@given(bimatrix_games(shape=(3, 3), payoffs=payoff_values(decimals=2)))
def test_pareto_choice_is_not_dominated_and_a_dominant_equilibrium_wins(game):
    found = equilibria(game)
    chosen = select(found, "pareto", game)
    tol = 1e-8 * np.array([np.ptp(u) or 1.0 for u in game.payoffs])
    dominates = lambda a, b: np.all(a.payoffs >= b.payoffs - tol) and np.any(a.payoffs > b.payoffs + tol)
    assert not any(dominates(eq, chosen) for eq in found)
    for eq in found:
        if all(dominates(eq, other) for other in found if other is not eq) and len(found) > 1:
            assert chosen is eq


@given(bimatrix_games(shape=(2, 3), payoffs=payoff_values(decimals=2)),
       st.tuples(payoff_values(bound=3, decimals=1), payoff_values(bound=3, decimals=1)))
def test_nash_product_maximises_the_product_of_gains(game, d):
    found = equilibria(game)
    d = np.array(d)
    chosen = select(found, "nash_product", game, disagreement=d)
    score = lambda eq: float(np.prod(np.maximum(eq.payoffs - d, 0.0)))
    assert score(chosen) >= max(score(eq) for eq in found) - 1e-6


def test_rules_that_need_the_game_and_bad_input():
    hunt = Game.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    found = equilibria(hunt)
    with pytest.raises(ValueError, match=r"select\(\): equilibria is empty"):
        select([], "first")
    with pytest.raises(ValueError, match=r"select\(\): rule must be one of 'first'"):
        select(found, "largest", hunt)
    with pytest.raises(ValueError, match=r"select\(\): the rule 'pareto' needs the game"):
        select(found, "pareto")
    with pytest.raises(TypeError, match=r"select\(\): equilibria must hold Equilibrium objects"):
        select([(1, 0)], "first")
    with pytest.raises(ValueError, match=r"select\(\): disagreement must be 2 finite numbers"):
        select(found, "nash_product", hunt, disagreement=[0, np.nan])
    other = Game.from_bimatrix(np.zeros((3, 3)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match=r"select\(\): the equilibria do not belong to a game of shape"):
        select(found, "pareto", other)
    assert "logit" in SELECTION_RULES


def test_logit_selection_is_the_limit_of_the_logit_path():
    from leverage.solvers.qre import qre_path

    # in the stag hunt the logit path ends at the risk-dominant equilibrium (hare, hare)
    hunt = Game.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    found = equilibria(hunt)
    chosen = select(found, "logit", hunt)
    limit = qre_path(hunt).limit
    assert chosen.support == limit.support == select(found, "risk_dominant", hunt).support


def test_logit_index_matches_the_limit_and_never_chooses_padding():
    hunt = Game.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    found = equilibria(hunt)
    x = np.array([eq.strategies[0] for eq in found])
    y = np.array([eq.strategies[1] for eq in found])
    k = logit_index(hunt, [x, y])
    assert found[k] is select(found, "logit", hunt)
    # padded rows (NaN, as in solve_batch's arrays) are skipped, the rows keep their indices
    pad = np.full((1, 2), np.nan)
    assert logit_index(hunt, [np.vstack([pad, x]), np.vstack([pad, y])]) == k + 1
    with pytest.raises(ValueError, match=r"logit_index\(\): strategies must be one \(E, m_i\) array per player"):
        logit_index(hunt, [x])
    with pytest.raises(ValueError, match=r"logit_index\(\): strategies must be one \(E, m_i\) array per player"):
        logit_index(hunt, [x, y[:1]])
    with pytest.raises(ValueError, match=r"logit_index\(\): strategies lists no equilibrium free of NaN"):
        logit_index(hunt, [pad, pad])


def test_logit_selection_without_a_verified_limit_raises(monkeypatch):
    import leverage.solvers.qre as qre

    hunt = Game.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    path = qre.qre_path(hunt)
    monkeypatch.setattr(qre, "qre_path", lambda game, *args, **kwargs: replace(path, limit=None, status="polish_failed"))
    found = equilibria(hunt)
    assert logit_index(hunt, [np.array([eq.strategies[i] for eq in found]) for i in range(2)]) is None
    with pytest.raises(ValueError, match=r"select\(\): the logit path did not reach a verified equilibrium"):
        select(found, "logit", hunt)
