"""Linkage and repeated games: closed-form thresholds as oracles, pooling as properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leverage import Game, equilibria
from leverage.linkage import MultiIssueNegotiation, link, side_payment
from leverage.repeated import (
    RepeatedGame,
    critical_discount_factor,
    folk_theorem_region,
    is_sustainable,
    linked_critical_discount_factor,
)
from leverage.testing.strategies import PRISONERS_DILEMMA, bimatrix_games, ordered_games


def pd(T, R, P, S=0.0):
    return Game.from_bimatrix([[R, S], [T, P]], [[R, T], [S, P]], strategies=(("C", "D"), ("C", "D")))


def grim_trigger_threshold(T, R, P):
    """Friedman (1971): cooperation holds iff delta >= (T - R) / (T - P)."""
    return (T - R) / (T - P)


def pooled_threshold(issues):
    """Bernheim and Whinston (1990): sum of deviation gains over sum of punishment losses."""
    return sum(T - R for T, R, P in issues) / sum(T - P for T, R, P in issues)


# ---------------------------------------------------------------- published values


def test_prisoners_dilemma_threshold_is_one_half():
    res = critical_discount_factor(pd(5, 3, 1), ("C", "C"))
    assert res.value == pytest.approx(grim_trigger_threshold(5, 3, 1))
    assert res.value == pytest.approx(0.5)


def test_two_linked_issues():
    issues = [(5, 3, 1), (4, 3.5, 0)]
    res = linked_critical_discount_factor([pd(*i) for i in issues], [("C", "C"), ("C", "C")])
    separate = [t.value for t in res.separate]
    assert separate == pytest.approx([grim_trigger_threshold(*i) for i in issues])
    assert separate == pytest.approx([0.5, 0.125])
    assert res.value == pytest.approx(pooled_threshold(issues))
    assert res.value == pytest.approx(0.3125)
    assert res.sustainable(0.4) == {"separate": (False, True), "linked": True}
    # slack: issue 1 short of incentive at 0.4, issue 2 with surplus, enough in total
    slack = res.slack(0.4)
    assert np.all(slack[0] < 0) and np.all(slack[1] > 0) and np.all(slack.sum(axis=0) >= 0)


def test_punishments_minmax_and_profile():
    g = pd(5, 3, 1)
    assert critical_discount_factor(g, "C/C", punishment="minmax").value == pytest.approx(0.5)
    assert critical_discount_factor(g, (0, 0), punishment=("D", "D")).value == pytest.approx(0.5)
    # a punishment that does not hurt: cooperation cannot be sustained
    assert critical_discount_factor(g, (0, 0), punishment=("C", "C")).value == np.inf
    assert not is_sustainable(g, (0, 0), 0.99, punishment=("C", "C"))


def test_repeated_game_and_folk_region():
    rg = RepeatedGame(pd(5, 3, 1), 0.6)
    assert rg.sustains(("C", "C")) and not RepeatedGame(pd(5, 3, 1), 0.4).sustains(("C", "C"))
    np.testing.assert_allclose(rg.minmax_values(), [1, 1])
    region = folk_theorem_region(pd(5, 3, 1))
    assert region.contains([3, 3]) and region.contains([1, 1]) and not region.contains([1, 1], strict=True)
    assert not region.contains([4.5, 0.5])
    V = region.vertices
    for v in V:
        assert region.contains(v)


def test_linked_game_strategies_and_payoffs():
    a = pd(5, 3, 1)
    b = pd(4, 3.5, 0)
    linked = link(a, b)
    assert linked.strategies[0] == ("C+C", "C+D", "D+C", "D+D")
    rng = np.random.default_rng(0)
    for _ in range(10):
        i1, i2, j1, j2 = rng.integers(0, 2, 4)
        for p in range(2):
            assert linked.payoffs[p][2 * i1 + i2, 2 * j1 + j2] == a.payoffs[p][i1, j1] + b.payoffs[p][i2, j2]
    weighted = link(a, b, weights=[[2, 1], [1, 3]])
    assert weighted.payoffs[1][0, 3] == 1 * a.payoffs[1][0, 1] + 3 * b.payoffs[1][0, 1]
    concave = link(a, b, aggregate=lambda u: np.sqrt(np.maximum(u, 0)).sum(axis=0))
    assert concave.payoffs[0][0, 0] == pytest.approx(np.sqrt(3) + np.sqrt(3.5))


def test_side_payment_can_make_cooperation_an_equilibrium():
    g = pd(5, 3, 1)
    # each player receives 2.5 from the other when the other defects while it cooperates... a fine
    T = np.zeros((2, 2, 2))
    T[0, 1, 0], T[1, 1, 0] = -2.5, 2.5  # row defects on a cooperator: pays 2.5
    T[0, 0, 1], T[1, 0, 1] = 2.5, -2.5
    fined = side_payment(g, T)
    assert any(eq.support == ((0,), (0,)) for eq in equilibria(fined))
    assert not any(eq.support == ((0,), (0,)) for eq in equilibria(g))


def test_bundling_creates_and_destroys_zones_of_agreement():
    pie = [[1, 0], [0, 1]]
    creates = MultiIssueNegotiation([pie, pie], [[1, 3], [3, 1]], [[0.6, 0.5], [0.5, 0.6]])
    report = creates.compare()
    assert report.separate_zopa == (False, False) and report.bundled_zopa and report.effect == "creates"
    assert report.gain_from_logrolling > 0
    # an issue with a zone and one with a large deficit: the all-or-nothing package has none
    destroys = MultiIssueNegotiation([pie, pie], [[1, 1], [1, 1]], [[0.2, 0.2], [0.9, 0.9]])
    report = destroys.compare()
    assert report.separate_zopa == (True, False) and not report.bundled_zopa and report.effect == "destroys"


def test_logrolling_gain_matches_the_closed_form():
    # two pies, saliences (1, 3) and (3, 1), zero BATNAs: bundled, China takes issue 2 and the US issue 1
    # (each gets 3), while the separate Nash split gives each 1/2 of each issue: 2 each.
    talks = MultiIssueNegotiation([[[1, 0], [0, 1]]] * 2, [[1, 3], [3, 1]], [[0, 0], [0, 0]])
    report = talks.compare()
    np.testing.assert_allclose(report.separate_total, [2, 2], atol=1e-9)
    np.testing.assert_allclose(report.bundled.utilities, [3, 3], atol=1e-7)
    assert report.gain_from_logrolling == pytest.approx(2.0, abs=1e-6)


# ---------------------------------------------------------------- properties


@given(st.lists(ordered_games(PRISONERS_DILEMMA), min_size=2, max_size=4))
def test_linked_threshold_lies_between_the_separate_ones(games):
    res = linked_critical_discount_factor(games, [(0, 0)] * len(games))
    sep = np.array([t.per_player for t in res.separate])
    assert np.all(res.linked >= sep.min(axis=0) - 1e-12)
    assert np.all(res.linked <= sep.max(axis=0) + 1e-12)


@given(ordered_games(PRISONERS_DILEMMA), st.integers(2, 4))
def test_linking_identical_games_changes_nothing(game, k):
    res = linked_critical_discount_factor([game] * k, [(0, 0)] * k)
    assert res.value == pytest.approx(res.separate[0].value)


@settings(max_examples=max(20, settings.default.max_examples // 3))  # each example checks 16 cell pairs
@given(bimatrix_games(shape=(2, 2)), bimatrix_games(shape=(2, 2)), st.floats(0.0, 0.99))
def test_additive_linking_never_shrinks_the_sustainable_set(g1, g2, delta):
    # relabel the second game's players to match the first's
    g2 = Game(g2.payoffs, players=g1.players)
    for c1 in np.ndindex(*g1.shape):
        for c2 in np.ndindex(*g2.shape):
            alone = (is_sustainable(g1, c1, delta, "minmax"), is_sustainable(g2, c2, delta, "minmax"))
            if all(alone):
                res = linked_critical_discount_factor([g1, g2], [c1, c2], punishment="minmax")
                assert res.value <= delta + 1e-9


def test_gains_that_tie_in_each_game_still_tie_when_pooled():
    # regression: player 2 gains 1e-12 (its whole payoff range) by deviating in each game. The
    # tolerance rule counts that as no gain in each game alone, so the pooled gain of 2e-12 must
    # count as none too: the linked threshold stays 0, never inf.
    g = Game.from_bimatrix([[0, 0], [0, 0]], [[0, 0], [0, 1e-12]])
    tol = g.tolerances()[1]
    assert critical_discount_factor(g, (1, 0), "minmax").value == (0.0 if 1e-12 <= tol else np.inf)
    alone = critical_discount_factor(g, (1, 0), "minmax").value
    assert linked_critical_discount_factor([g, g], [(1, 0), (1, 0)], punishment="minmax").value == alone


# ---------------------------------------------------------------- bad input


def test_bad_input():
    g = pd(5, 3, 1)
    with pytest.raises(ValueError, match=r"is_sustainable\(\): discount factor must lie in \[0, 1\); got 1.0"):
        is_sustainable(g, (0, 0), 1.0)
    with pytest.raises(ValueError, match=r"RepeatedGame\(\): discount factor must lie in \[0, 1\)"):
        RepeatedGame(g, -0.1)
    other = Game(g.payoffs, players=("China", "US"))
    with pytest.raises(ValueError, match="games have different players"):
        linked_critical_discount_factor([g, other], [(0, 0), (0, 0)])
    with pytest.raises(ValueError, match="link\\(\\): games have different players"):
        link(g, other)
    with pytest.raises(ValueError, match="is not a profile of the game: 'Player 1' has no strategy 'Cooperate'"):
        critical_discount_factor(g, ("Cooperate", "C"))
    with pytest.raises(ValueError, match="index 2 is out of range"):
        critical_discount_factor(g, (2, 0))
    with pytest.raises(ValueError, match="names 3 strategies but the game has 2 players"):
        critical_discount_factor(g, (0, 0, 0))
    with pytest.raises(ValueError, match="punishment must be 'nash', 'minmax' or a profile"):
        critical_discount_factor(g, (0, 0), punishment="grim")
    with pytest.raises(ValueError, match="link at least two games"):
        link(g)
    with pytest.raises(ValueError, match="weights must be positive"):
        link(g, g, weights=[1, -1])
    with pytest.raises(ValueError, match="transfers must sum to zero"):
        side_payment(g, [1.0, 0.0])
    with pytest.raises(ValueError, match="saliences must be positive"):
        MultiIssueNegotiation([[[1, 0], [0, 1]]], [[0, 1]], [[0, 0]])
    with pytest.raises(TypeError, match=r"critical_discount_factor\(\): stage must be a leverage.Game"):
        critical_discount_factor([[1]], (0,))


def test_link_refuses_a_linked_game_beyond_its_bound():
    from leverage.linkage import MAX_LINKED_CELLS, link

    g = Game.from_bimatrix(np.zeros((4, 4)), np.zeros((4, 4)))
    k = 1
    while 16 ** k <= MAX_LINKED_CELLS:
        k += 1
    with pytest.raises(ValueError, match=r"link\(\): the linked game would have .* more than MAX_LINKED_CELLS"):
        link(*([g] * k))
    assert link(g, g).shape == (16, 16)
