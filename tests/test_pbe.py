"""check_pbe on general trees: sequential rationality at every information set (with the
continuation re-optimised at the player's later sets), Bayes consistency on the path, belief
validation, the tolerance boundary, and subgame perfection as a property of random trees."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leverage.extensive.pbe import check_beliefs, check_pbe, supporting_beliefs
from leverage.extensive.tree import ExtensiveGame
from leverage.nodes import Chance, Decision, Terminal
from leverage.sequential import backward_induction
from leverage.testing.strategies import game_trees


def entry_game(fight=-1.0, entrant_fought=-1.0):
    return ExtensiveGame(Decision("Entrant", {
        "Out": Terminal([0, 2]),
        "In": Decision("Incumbent", {"Fight": Terminal([entrant_fought, fight]), "Share": Terminal([1, 1])}),
    }), players=("Entrant", "Incumbent"))


def test_non_credible_threat_fails_off_the_path():
    game = entry_game()
    check = check_pbe(game, {"root": "Out", "root/In": "Fight"}, {})
    assert not check.ok
    assert check.on_path == ("root",)
    (failure,) = check.not_rational
    assert (failure.infoset, failure.player, failure.best_action) == ("root/In", "Incumbent", "Share")
    assert (failure.value, failure.best, failure.gain) == (-1.0, 1.0, 2.0)
    assert check.not_consistent == ()
    assert check_pbe(game, {"root": "In", "root/In": "Share"}, {}).ok


def test_tolerance_boundary_for_sequential_rationality():
    """Fighting costs the incumbent 1 - fight against sharing; its tolerance is 1e-8 times its payoff
    range (2 - fight, about 1). Half the tolerance passes, one and a half fails."""
    for excess, ok in ((0.5, True), (1.5, False)):
        fight = 1.0 - excess * 1e-8
        game = entry_game(fight, entrant_fought=1.0)  # the entrant enters either way
        tol = game.tolerances()[1]
        gain = 1.0 - fight
        assert bool(gain <= tol) is ok
        check = check_pbe(game, {"root": "In", "root/In": "Fight"}, {})
        assert check.ok is ok
        assert check.gains["root/In"] == pytest.approx(gain, rel=1e-6)


def recall_game():
    """Chance picks x1 or x2 (1/2 each); player A, not knowing which, stops (4) or goes on; after going
    on A, still not knowing, picks L (10 at x1, 0 at x2) or R (0 at x1, 4 at x2)."""
    return ExtensiveGame(Chance({
        "x1": (0.5, Decision("A", {"stop": Terminal([4.0]),
                                   "go": Decision("A", {"L": Terminal([10.0]), "R": Terminal([0.0])}, infoset="J")},
                             infoset="I")),
        "x2": (0.5, Decision("A", {"stop": Terminal([4.0]),
                                   "go": Decision("A", {"L": Terminal([0.0]), "R": Terminal([4.0])}, infoset="J")},
                             infoset="I")),
    }), players=("A",))


def test_continuation_reoptimises_later_own_information_sets():
    """Stopping is one-shot optimal against the prescribed R (go then R earns 2 < 4), and R is optimal at J
    given J's own (off-path) belief; but going on and then playing L earns 5 > 4 at I."""
    game = recall_game()
    behaviour = {"I": "stop", "J": "R"}
    beliefs = {"I": {"root/x1": 0.5, "root/x2": 0.5}, "J": {"root/x2/go": 1.0}}
    check = check_pbe(game, behaviour, beliefs)
    assert not check.ok
    (failure,) = check.not_rational
    assert failure.infoset == "I" and failure.best_action == "go"
    assert (failure.value, failure.best) == pytest.approx((4.0, 5.0))
    assert check.gains["J"] == 0.0
    # going on and playing L, with Bayes beliefs at J, is a PBE
    good = check_pbe(game, {"I": "go", "J": "L"}, {"I": {"root/x1": 0.5, "root/x2": 0.5},
                                                   "J": {"root/x1/go": 0.5, "root/x2/go": 0.5}})
    assert good.ok and good.on_path == ("I", "J")


def test_bayes_consistency_is_checked_on_the_path_only():
    game = recall_game()
    stated = {"I": {"root/x1": 0.9, "root/x2": 0.1}, "J": {"root/x1/go": 0.5, "root/x2/go": 0.5}}
    check = check_pbe(game, {"I": "go", "J": "L"}, stated)
    assert [f.infoset for f in check.not_consistent] == ["I"]
    (f,) = check.not_consistent
    assert f.deviation == pytest.approx(0.4) and f.reach == pytest.approx(1.0)
    assert f.bayes == {"root/x1": 0.5, "root/x2": 0.5}
    assert any("Bayes" in text for text in check.failures)
    # J off the path: any belief is consistent, and rationality at J is judged with it
    for belief_j, failing in (({"root/x2/go": 1.0}, ["I"]), ({"root/x1/go": 1.0}, ["I", "J"])):
        off = check_pbe(game, {"I": "stop", "J": "R"}, {"I": {"root/x1": 0.5, "root/x2": 0.5}, "J": belief_j})
        assert off.not_consistent == () and [f.infoset for f in off.not_rational] == failing


def matching_pennies():
    return ExtensiveGame(Decision("A", {
        "H": Decision("B", {"h": Terminal([1, -1]), "t": Terminal([-1, 1])}, infoset="B"),
        "T": Decision("B", {"h": Terminal([-1, 1]), "t": Terminal([1, -1])}, infoset="B"),
    }), players=("A", "B"))


def test_mixed_behaviour():
    game = matching_pennies()
    half = {"root": {"H": 0.5, "T": 0.5}, "B": {"h": 0.5, "t": 0.5}}
    assert check_pbe(game, half, {"B": {"root/H": 0.5, "root/T": 0.5}}).ok
    skew = {"root": {"H": 0.6, "T": 0.4}, "B": {"h": 0.5, "t": 0.5}}
    check = check_pbe(game, skew, {"B": {"root/H": 0.6, "root/T": 0.4}})
    assert check.not_consistent == ()
    assert [f.infoset for f in check.not_rational] == ["B"]
    assert check.not_rational[0].gain == pytest.approx(0.2)  # t earns 0.2, the mix 0


def test_belief_validation():
    game = matching_pennies()
    with pytest.raises(ValueError, match="sum to 1.2, not 1"):
        check_beliefs(game, {"B": {"root/H": 0.6, "root/T": 0.6}})
    with pytest.raises(ValueError, match="negative"):
        check_beliefs(game, {"B": {"root/H": 1.5, "root/T": -0.5}})
    with pytest.raises(ValueError, match="not in information set 'B'"):
        check_beliefs(game, {"B": {"root": 1.0}})
    with pytest.raises(ValueError, match="no entry for information set 'B'"):
        check_beliefs(game, {})
    with pytest.raises(ValueError, match="not an information set"):
        check_beliefs(game, {"C": {"root": 1.0}})
    with pytest.raises(TypeError, match="must be a dict"):
        check_beliefs(game, [0.5, 0.5])
    assert check_beliefs(game, {"B": {"root/T": 1.0}}) == {"root": {"root": 1.0}, "B": {"root/H": 0.0, "root/T": 1.0}}
    with pytest.raises(ValueError, match=r"check_pbe\(\)"):
        check_pbe(game, {"root": "H"}, {"B": {"root/H": 1.0}})
    with pytest.raises(TypeError, match="ExtensiveGame"):
        check_pbe("game", {}, {})


def test_supporting_beliefs_arguments():
    with pytest.raises(ValueError, match="unknown action"):
        supporting_beliefs([[1.0, 0.0]], "z", atol=0.0, actions=("x", "y"))
    with pytest.raises(ValueError, match="2-D"):
        supporting_beliefs([1.0, 0.0], 0, atol=0.0)
    # a strictly dominated action has no supporting belief; a single state is a point
    assert supporting_beliefs([[1.0, 0.0], [1.0, 0.0]], 1, atol=0.0) is None
    point = supporting_beliefs([[1.0, 0.0]], 0, atol=0.0, states=("only",))
    assert point.intervals == {"only": (1.0, 1.0)}


@given(game_trees(chance=True, max_depth=3))
def test_pure_profiles_pass_check_pbe_iff_subgame_perfect(tree):
    """In a game of perfect information every information set is a node, and a pure profile is a PBE
    exactly when it is subgame perfect (here: a profile found by backward induction)."""
    game = ExtensiveGame.from_tree(tree)
    spe = {tuple(sorted(eq.strategy.items())) for eq in backward_induction(tree)}
    sets = game.infosets
    profiles = list(itertools.product(*(s.actions for s in sets)))
    if len(profiles) > 64:
        profiles = profiles[:: len(profiles) // 64 + 1]
    for choice in profiles:
        behaviour = {s.id: a for s, a in zip(sets, choice)}
        check = check_pbe(game, behaviour, {})
        assert check.ok is (tuple(sorted(behaviour.items())) in spe), behaviour
    for eq in spe:
        assert check_pbe(game, dict(eq), {}).ok


@given(game_trees(imperfect=True, max_depth=3, max_actions=2))
def test_nash_equilibria_reaching_every_information_set_are_pbe(game):
    """A Nash equilibrium that reaches every information set, with Bayes beliefs, is sequentially rational."""
    from leverage.extensive.solve import extensive_equilibria

    for eq in extensive_equilibria(game):
        bayes = game.beliefs(eq.behaviour)
        reach = game.reach(eq.behaviour)
        if not game.infosets or len(bayes) < len(game.infosets):
            continue
        weakest = min(sum(reach[v] for v in s.nodes) for s in game.infosets)
        # the tolerance rule applies ex ante; conditional on a set, gains scale by 1 / reach
        check = check_pbe(game, eq.behaviour, bayes, tol=1e-8 / weakest)
        assert check.ok, check.failures


def value_from(game, node, behaviour, i):
    """Player i's expected payoff from ``node`` on, by direct recursion over the tree."""
    kind = game.kind(node)
    if kind == "terminal":
        return float(game.payoffs_at(node)[i])
    children = game.children(node)
    if kind == "chance":
        probs = game.chance_probabilities(node)
        return sum(probs[label] * value_from(game, child, behaviour, i) for label, child in children.items())
    mix = behaviour[game.infoset_of(node).id]
    return sum(mix[label] * value_from(game, child, behaviour, i) for label, child in children.items() if mix[label] > 0)


def weights(data, k):
    raw = np.array(data.draw(st.lists(st.integers(0, 4), min_size=k, max_size=k)), dtype=float)
    raw[0] += raw.sum() == 0
    return raw / raw.sum()


@given(game_trees(imperfect=True, max_depth=3, max_actions=2, chance=True), st.data())
def test_gains_match_brute_force_over_pure_continuations(game, data):
    """The best continuation at each information set, against every pure choice at all the player's sets."""
    behaviour = {s.id: dict(zip(s.actions, weights(data, len(s.actions)))) for s in game.infosets}
    beliefs = {s.id: dict(zip(s.nodes, weights(data, len(s.nodes)))) for s in game.infosets}
    check = check_pbe(game, behaviour, beliefs)
    for s in game.infosets:
        i = game.players.index(s.player)
        own = game.infosets_of(s.player)
        prescribed = sum(p * value_from(game, x, behaviour, i) for x, p in beliefs[s.id].items())
        best = -np.inf
        for choice in itertools.islice(itertools.product(*(t.actions for t in own)), 512):
            changed = dict(behaviour)
            changed.update({t.id: {a: float(a == c) for a in t.actions} for t, c in zip(own, choice)})
            best = max(best, sum(p * value_from(game, x, changed, i) for x, p in beliefs[s.id].items()))
        assert check.gains[s.id] == pytest.approx(max(0.0, best - prescribed), abs=1e-9)
