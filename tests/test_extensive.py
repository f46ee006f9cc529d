"""Extensive-form games with information sets: construction, perfect recall, sequences,
the reduced normal form, Kuhn's theorem and equilibria through the normal form."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leverage
from leverage import ExtensiveGame, GameTree, IncompleteEnumerationWarning, UnverifiedEquilibriumError
from leverage.extensive import extensive_equilibria, verified_extensive_equilibrium
from leverage.nodes import Chance, Decision, Terminal
from leverage.testing.strategies import extensive_games, game_trees


def matching_pennies() -> ExtensiveGame:
    return ExtensiveGame(
        Decision("A", {
            "H": Decision("B", {"h": Terminal([1, -1]), "t": Terminal([-1, 1])}, infoset="B"),
            "T": Decision("B", {"h": Terminal([-1, 1]), "t": Terminal([1, -1])}, infoset="B"),
        }),
        players=("A", "B"),
    )


def own_move_then_second_move() -> ExtensiveGame:
    """A moves, B answers, A moves again only after x: A's reduced plans are 3, full ones 4."""
    return ExtensiveGame(
        Decision("A", {
            "x": Decision("B", {
                "l": Decision("A", {"u": Terminal([3, 0]), "d": Terminal([0, 2])}, infoset="A2"),
                "r": Decision("A", {"u": Terminal([1, 1]), "d": Terminal([2, 0])}, infoset="A2"),
            }, infoset="B1"),
            "y": Terminal([1, 3]),
        }, infoset="A1"),
        players=("A", "B"),
    )


# ----------------------------------------------------------------------------- construction
class TestConstruction:
    def test_information_sets_group_labelled_nodes(self):
        g = matching_pennies()
        assert [s.id for s in g.infosets] == ["root", "B"]
        assert g.infoset("B").nodes == ("root/H", "root/T")
        assert g.infoset_of("root/T").id == "B"
        assert g.infosets_of("B")[0].actions == ("h", "t")
        assert not g.is_perfect_information

    def test_perfect_information_tree_converts(self):
        tree = GameTree(Decision("A", {"x": Decision("B", {"l": Terminal([1, 0]), "r": Terminal([0, 1])}),
                                       "y": Terminal([0, 0])}), players=("A", "B"))
        g = ExtensiveGame.from_tree(tree)
        assert g.is_perfect_information
        assert [s.id for s in g.infosets] == ["root", "root/x"]

    def test_game_tree_refuses_shared_information_sets(self):
        with pytest.raises(ValueError, match=r"GameTree\(\): decision nodes 'root/H' and 'root/T' share information set 'B'"):
            GameTree(matching_pennies().root, players=("A", "B"))

    def test_imperfect_recall_is_named(self):
        # A forgets its own first move: both second nodes in one set
        root = Decision("A", {
            "x": Decision("A", {"u": Terminal([1]), "d": Terminal([0])}, infoset="A2"),
            "y": Decision("A", {"u": Terminal([0]), "d": Terminal([1])}, infoset="A2"),
        })
        with pytest.raises(ValueError, match=r"ExtensiveGame\(\): information set 'A2' breaks perfect recall: 'A' reaches node 'root/x' after its own moves \(root: x\) but node 'root/y' after \(root: y\)"):
            ExtensiveGame(root, players=("A",))

    def test_forgetting_information_breaks_perfect_recall(self):
        # A knew the chance draw at its first move and has forgotten it at the second
        def second(label):
            return Decision("A", {"u": Terminal([1]), "d": Terminal([0])}, infoset=label)
        root = Chance({
            "L": (0.5, Decision("A", {"go": second("A3")}, infoset="A1")),
            "H": (0.5, Decision("A", {"go": second("A3")}, infoset="A2")),
        })
        with pytest.raises(ValueError, match="information set 'A3' breaks perfect recall"):
            ExtensiveGame(root, players=("A",))

    def test_absent_minded_driver_breaks_perfect_recall(self):
        root = Decision("D", {"exit": Terminal([0]),
                              "go": Decision("D", {"exit": Terminal([4]), "go": Terminal([1])}, infoset="I")},
                        infoset="I")
        with pytest.raises(ValueError, match="information set 'I' breaks perfect recall"):
            ExtensiveGame(root, players=("D",))

    def test_information_set_with_two_players(self):
        root = Chance({"a": (0.5, Decision("A", {"u": Terminal([1, 0])}, infoset="I")),
                       "b": (0.5, Decision("B", {"u": Terminal([1, 0])}, infoset="I"))})
        with pytest.raises(ValueError, match=r"information set 'I' mixes players: node 'root/a' belongs to 'A' and node 'root/b' to 'B'"):
            ExtensiveGame(root, players=("A", "B"))

    def test_information_set_with_different_actions(self):
        root = Chance({"a": (0.5, Decision("A", {"u": Terminal([1]), "d": Terminal([0])}, infoset="I")),
                       "b": (0.5, Decision("A", {"u": Terminal([1]), "x": Terminal([0])}, infoset="I"))})
        with pytest.raises(ValueError, match=r"information set 'I' has different actions at its nodes"):
            ExtensiveGame(root, players=("A",))

    def test_label_equal_to_an_unlabelled_node_id(self):
        root = Decision("A", {"x": Decision("A", {"u": Terminal([1])}, infoset="root")})
        with pytest.raises(ValueError, match=r"label 'root' is also the identifier of the unlabelled decision node 'root'"):
            ExtensiveGame(root, players=("A",))

    def test_same_actions_in_another_order_are_matched_by_name(self):
        root = Chance({"a": (0.5, Decision("A", {"u": Terminal([1]), "d": Terminal([0])}, infoset="I")),
                       "b": (0.5, Decision("A", {"d": Terminal([5]), "u": Terminal([2])}, infoset="I"))})
        g = ExtensiveGame(root, players=("A",))
        assert g.expected_payoffs({"I": "u"})[0] == pytest.approx(1.5)
        assert g.expected_payoffs({"I": "d"})[0] == pytest.approx(2.5)

    @pytest.mark.parametrize("probs, message", [
        ((-0.5, 1.5), r"probability of 'a' is -0.5, outside \[0, 1\]"),
        ((0.5, 0.4), r"probabilities sum to 0.9, not 1"),
    ])
    def test_chance_probabilities(self, probs, message):
        root = Chance({"a": (probs[0], Terminal([1])), "b": (probs[1], Terminal([0]))})
        with pytest.raises(ValueError, match=r"ExtensiveGame\(\): chance node 'root': " + message):
            ExtensiveGame(root, players=("A",))

    def test_missing_payoffs(self):
        with pytest.raises(ValueError, match=r"ExtensiveGame\(\): terminal 'root/x' has 1 payoffs but there are 2 players"):
            ExtensiveGame(Decision("A", {"x": Terminal([1]), "y": Terminal([0, 1])}), players=("A", "B"))

    def test_repeated_node_object(self):
        leaf = Terminal([1])
        with pytest.raises(ValueError, match=r"ExtensiveGame\(\): repeated node"):
            ExtensiveGame(Decision("A", {"x": leaf, "y": leaf}), players=("A",))

    def test_not_a_node(self):
        with pytest.raises(TypeError, match=r"ExtensiveGame\(\): root must be a Terminal, Decision or Chance node"):
            ExtensiveGame("root", players=("A",))


# ----------------------------------------------------------------------------- sequences and plans
class TestSequencesAndPlans:
    def test_sequences(self):
        g = own_move_then_second_move()
        assert g.sequences("A") == ((), (("A1", "x"),), (("A1", "y"),),
                                    (("A1", "x"), ("A2", "u")), (("A1", "x"), ("A2", "d")))
        assert g.sequences("B") == ((), (("B1", "l"),), (("B1", "r"),))
        assert g.parent_sequence("A2") == 1
        assert g.action_sequence("A2", "d") == 4
        # terminals in preorder: x/l/u, x/l/d, x/r/u, x/r/d, y
        np.testing.assert_array_equal(g.terminal_sequences, [[3, 1], [4, 1], [3, 2], [4, 2], [2, 0]])

    def test_reduced_plans_merge_what_own_moves_rule_out(self):
        g = own_move_then_second_move()
        assert g.plans("A") == ({"A1": "x", "A2": "u"}, {"A1": "x", "A2": "d"}, {"A1": "y"})
        game = g.to_game()
        assert game.strategies == (("x/u", "x/d", "y/*"), ("l", "r"))
        np.testing.assert_array_equal(game.payoffs[0], [[3, 1], [0, 2], [1, 1]])
        np.testing.assert_array_equal(game.payoffs[1], [[0, 1], [2, 0], [3, 3]])
        # unreduced, A would have one strategy per choice at each of its two sets: 4
        assert np.prod([len(s.actions) for s in g.infosets_of("A")]) == 4

    def test_plan_realization(self):
        g = own_move_then_second_move()
        np.testing.assert_array_equal(g.plan_realization("A"), [[1, 1, 0, 1, 0], [1, 1, 0, 0, 1], [1, 0, 1, 0, 0]])

    def test_to_game_bound(self):
        with pytest.raises(ValueError, match=r"ExtensiveGame.to_game\(\): the reduced normal form would have 6 cells"):
            own_move_then_second_move().to_game(max_cells=5)

    def test_chance_weights_the_normal_form(self):
        g = ExtensiveGame(Chance({"L": (0.25, Decision("A", {"u": Terminal([4]), "d": Terminal([0])}, infoset="I")),
                                  "H": (0.75, Decision("A", {"u": Terminal([0]), "d": Terminal([1])}, infoset="I"))}),
                          players=("A",))
        np.testing.assert_allclose(g.to_game().payoffs[0], [1.0, 0.75])
        np.testing.assert_allclose(g.terminal_chance, [0.25, 0.25, 0.75, 0.75])


# ----------------------------------------------------------------------------- behaviour strategies
class TestBehaviour:
    def test_bad_behaviour(self):
        g = matching_pennies()
        with pytest.raises(ValueError, match=r"ExtensiveGame.outcome\(\): behaviour has no entry for information set 'B'"):
            g.outcome({"root": "H"})
        with pytest.raises(ValueError, match=r"'x' is not an action at 'B'"):
            g.outcome({"root": "H", "B": "x"})
        with pytest.raises(ValueError, match=r"behaviour at 'B' sums to 0.9, not 1"):
            g.outcome({"root": "H", "B": {"h": 0.9}})
        with pytest.raises(ValueError, match=r"negative or non-finite"):
            g.outcome({"root": "H", "B": {"h": 1.5, "t": -0.5}})
        with pytest.raises(ValueError, match=r"names 'C', which is not an information set"):
            g.outcome({"root": "H", "B": "h", "C": "h"})
        with pytest.raises(TypeError, match=r"ExtensiveGame.regrets\(\): behaviour must be a dict"):
            g.regrets([0.5, 0.5])

    def test_beliefs_follow_bayes_rule(self):
        g = matching_pennies()
        beliefs = g.beliefs({"root": {"H": 0.2, "T": 0.8}, "B": "h"})
        assert beliefs["B"] == pytest.approx({"root/H": 0.2, "root/T": 0.8})

    def test_unreached_sets_have_no_beliefs(self):
        g = own_move_then_second_move()
        beliefs = g.beliefs({"A1": "y", "B1": "l", "A2": "u"})
        assert set(beliefs) == {"A1"}

    def test_regret_of_a_non_equilibrium(self):
        g = matching_pennies()
        np.testing.assert_allclose(g.regrets({"root": "H", "B": "h"}), [0, 2])
        assert g.best_response({"root": "H", "B": "h"}, "B") == {"B": "t"}

    def test_verification_refuses_a_profile_with_regret(self):
        with pytest.raises(UnverifiedEquilibriumError, match=r"manual: .* B's regret 2 exceeds"):
            verified_extensive_equilibrium(matching_pennies(), {"root": "H", "B": "h"}, "manual")


def _walk(node, plans, prob, out):
    """Terminal probabilities in preorder under pure plans {infoset label: action} (independent of the library)."""
    if isinstance(node, Terminal):
        out.append(prob)
    elif isinstance(node, Chance):
        for p, child in node.outcomes.values():
            _walk(child, plans, prob * p, out)
    else:
        chosen = plans.get(node.infoset)
        for action, child in node.actions.items():
            _walk(child, plans, prob if action == chosen else 0.0, out)
    return out


@settings(max_examples=40)
@given(extensive_games(n_players=st.integers(1, 3)), st.data())
def test_kuhn_theorem_behaviour_from_mixed_plans_gives_the_same_outcome(game, data):
    mixes = []
    for p in game.players:
        k = len(game.plans(p))
        w = np.array(data.draw(st.lists(st.integers(0, 5), min_size=k, max_size=k).filter(any)), dtype=float)
        mixes.append(w / w.sum())
    expected = np.zeros(len(game.terminal_ids))
    for profile in itertools.product(*(range(len(m)) for m in mixes)):
        weight = np.prod([m[s] for m, s in zip(mixes, profile)])
        if weight == 0:
            continue
        plans = {}
        for p, s in zip(game.players, profile):
            plans.update(game.plans(p)[s])
        expected += weight * np.array(_walk(game.root, plans, 1.0, []))
    behaviour = game.behaviour_from_mixed(mixes)
    np.testing.assert_allclose(game.outcome(behaviour), expected, atol=1e-12)
    # and back: the product-form mixed plans give the same outcome again
    back = game.behaviour_from_mixed(game.mixed_from_behaviour(behaviour))
    np.testing.assert_allclose(game.outcome(back), expected, atol=1e-12)


# ----------------------------------------------------------------------------- equilibria through the normal form
class TestEquilibria:
    def test_matching_pennies(self):
        eq, = leverage.equilibria(matching_pennies())
        assert dict(eq.behaviour["root"]) == {"H": 0.5, "T": 0.5}
        assert dict(eq.behaviour["B"]) == {"h": 0.5, "t": 0.5}
        assert dict(eq.beliefs["B"]) == {"root/H": 0.5, "root/T": 0.5}
        np.testing.assert_allclose(eq.payoffs, [0, 0])
        assert eq.method == "reduced normal form/vertex"

    def test_entry_game_has_the_credible_and_the_incredible_equilibria(self):
        tree = GameTree(Decision("Entrant", {
            "Enter": Decision("Incumbent", {"Fight": Terminal([-1, -1]), "Share": Terminal([1, 1])}),
            "Out": Terminal([0, 2]),
        }), players=("Entrant", "Incumbent"))
        found = leverage.equilibria(tree)
        # Enter/Share, and the component Out with Fight at least 1/2 (extreme points 1 and 1/2)
        assert len(found) == 3
        fight = sorted(eq.behaviour["root/Enter"]["Fight"] for eq in found if eq.behaviour["root"]["Out"] == 1)
        assert fight == pytest.approx([0.5, 1.0])

    def test_not_a_game(self):
        with pytest.raises(TypeError, match=r"equilibria\(\): game must be a leverage.Game, ExtensiveGame or GameTree; got str"):
            leverage.equilibria("tree")
        with pytest.raises(TypeError, match=r"extensive_equilibria\(\): game must be an ExtensiveGame or a GameTree"):
            extensive_equilibria(leverage.Game.from_bimatrix([[1]], [[1]]))

    # at most 24 cells: a degenerate three-player tree of 54 cells can take a minute of polynomial solving
    @given(game_trees(imperfect=True, n_players=st.integers(2, 3), max_cells=24))
    def test_normal_form_equilibria_are_verified_behaviour_profiles_with_the_same_payoffs(self, game):
        normal = game.to_game()
        with warnings.catch_warnings():
            # degenerate three-player trees may have continua, sampled with a warning
            warnings.simplefilter("ignore", IncompleteEnumerationWarning)
            found = leverage.equilibria(game)
        assert found  # every finite game has an equilibrium
        tol = game.tolerances()
        for eq in found:
            assert np.all(game.regrets(eq.behaviour) <= tol)
            mixes = game.mixed_from_behaviour(eq.behaviour)
            assert normal.is_nash(mixes)
            np.testing.assert_allclose(normal.expected_payoffs(mixes), eq.payoffs, atol=1e-9 * max(1, np.ptp(game.terminal_payoffs)))

    @given(extensive_games())
    def test_relabelling_actions_changes_nothing(self, game):
        rename = {a: f"{a}'" for s in game.infosets for a in s.actions}

        def relabel(node):
            if isinstance(node, Terminal):
                return Terminal(node.payoffs)
            if isinstance(node, Chance):
                return Chance({o: (p, relabel(c)) for o, (p, c) in node.outcomes.items()})
            return Decision(node.player, {rename[a]: relabel(c) for a, c in node.actions.items()}, infoset=node.infoset)

        other = ExtensiveGame(relabel(game.root), game.players)
        ours, theirs = leverage.equilibria(game), leverage.equilibria(other)
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs, strict=True):
            np.testing.assert_allclose(a.payoffs, b.payoffs)
            assert b.isclose({s: {rename[x]: p for x, p in probs.items()} for s, probs in a.behaviour.items()})

    @given(extensive_games(chance=False))
    def test_a_strictly_dominated_first_move_changes_nothing(self, game):
        root = game.root
        mover = game.players.index(root.player)
        low = game.terminal_payoffs[:, mover].min() - 1.0
        bad = Terminal([low if i == mover else 0.0 for i in range(game.n_players)])
        bigger = ExtensiveGame(Decision(root.player, {**root.actions, "Embargo": bad}, infoset=root.infoset), game.players)
        ours, theirs = leverage.equilibria(game), leverage.equilibria(bigger)
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs, strict=True):
            assert b.behaviour[root.infoset]["Embargo"] == 0.0
            np.testing.assert_allclose(a.payoffs, b.payoffs)
