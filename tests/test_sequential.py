"""Games of perfect information: backward induction against closed reasoning, and
subgame perfection, completeness and the normal form as properties of random trees."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leverage import Game, SolverError, pure_equilibria
from leverage.sequential import (
    Chance,
    Decision,
    GameTree,
    SubgamePerfectEquilibrium,
    Terminal,
    backward_induction,
)
from leverage.testing.strategies import game_trees, payoff_values

PLAYERS = ("China", "Japan")


def coercion(comply, diversify, open_):
    """China restricts or stays open; after a restriction Japan complies or diversifies."""
    return GameTree(
        Decision("China", {
            "Restrict": Decision("Japan", {"Comply": Terminal(comply), "Diversify": Terminal(diversify)}),
            "Open": Terminal(open_),
        }),
        players=PLAYERS,
    )


def centipede(length, named=False):
    """Rosenthal's centipede: at node k the mover takes (k + 2 for it, k for the other) or
    passes; if everyone passes both get ``length``."""
    node = Terminal([length, length], name="end" if named else None)
    for k in reversed(range(length)):
        mover = k % 2
        take = [k, k]
        take[mover] = k + 2
        node = Decision(PLAYERS[mover], {"Take": Terminal(take, name=f"take{k}" if named else None), "Pass": node},
                        name=f"node{k}" if named else None)
    return GameTree(node, players=PLAYERS)


def node_id(node, parent_id, label):
    return node.name if node.name is not None else f"{parent_id}/{label}"


def walk(node, nid, strategy):
    """Expected payoffs of ``strategy`` from ``node``, by direct recursion over the node objects."""
    if isinstance(node, Terminal):
        return np.array(node.payoffs)
    if isinstance(node, Decision):
        action = strategy[nid]
        child = node.actions[action]
        return walk(child, node_id(child, nid, action), strategy)
    return sum(p * walk(child, node_id(child, nid, label), strategy) for label, (p, child) in node.outcomes.items())


def root_id(tree):
    return tree.root.name if tree.root.name is not None else "root"


def continuation_values(node, nid, strategy, out):
    """Fill ``out[decision node id] = {action: payoffs of taking it, then following strategy}``."""
    if isinstance(node, Terminal):
        return
    if isinstance(node, Decision):
        out[nid] = {}
        for action, child in node.actions.items():
            cid = node_id(child, nid, action)
            out[nid][action] = walk(child, cid, strategy)
            continuation_values(child, cid, strategy, out)
    else:
        for label, (_, child) in node.outcomes.items():
            continuation_values(child, node_id(child, nid, label), strategy, out)


def pure_profiles(game):
    return {tuple(s[0] for s in eq.support) for eq in pure_equilibria(game)}


def as_key(strategy):
    return tuple(sorted(strategy.items()))


# ---------------------------------------------------------------- closed reasoning


@pytest.mark.parametrize(
    "comply, diversify, open_",
    [
        ((3, 1), (0, 0), (2, 2)),  # threat not credible: China restricts, Japan complies
        ((3, 0), (0, 1), (2, 2)),  # threat credible: Japan would diversify, so China stays open
        ((3, 1), (-1, 0), (4, 2)),  # China prefers open anyway
    ],
)
def test_coercion_game_matches_closed_reasoning(comply, diversify, open_):
    tree = coercion(comply, diversify, open_)
    # Japan, after a restriction, picks its larger payoff; China compares what it then gets with Open
    japan = "Comply" if comply[1] > diversify[1] else "Diversify"
    after_restrict = comply if japan == "Comply" else diversify
    china = "Restrict" if after_restrict[0] > open_[0] else "Open"
    expected = after_restrict if china == "Restrict" else open_

    (spe,) = backward_induction(tree)
    assert spe.strategy == {"root": china, "root/Restrict": japan}
    assert spe.strategies_by_player() == {"China": {"root": china}, "Japan": {"root/Restrict": japan}}
    np.testing.assert_array_equal(spe.payoffs, expected)
    if china == "Restrict":
        assert spe.path == (("root", "Restrict"), ("root/Restrict", japan))
        assert spe.end == f"root/Restrict/{japan}"
    else:
        assert spe.path == (("root", "Open"),) and spe.end == "root/Open"

    game = tree.to_game()
    assert game.strategies == (("Restrict", "Open"), ("Comply", "Diversify"))
    profile = tree.profile_of(spe)
    assert game.strategies[0][profile[0]] == china and game.strategies[1][profile[1]] == japan
    assert game.is_nash(profile)


def test_non_credible_threat_is_a_nash_equilibrium_but_not_subgame_perfect():
    tree = coercion((3, 1), (0, 0), (2, 2))
    nash = pure_profiles(tree.to_game())
    # (Restrict, Comply) and the threat (Open, Diversify): Japan's threat costs it nothing off the path
    assert nash == {(0, 0), (1, 1)}
    spe = backward_induction(tree)
    assert [tree.profile_of(s) for s in spe] == [(0, 0)]
    # the threat fails in the subgame after Restrict
    sub = tree.subgame("root/Restrict")
    threat = tree.strategy_of(("Open", "Diversify"))
    assert threat == {"root": "Open", "root/Restrict": "Diversify"}
    assert not sub.to_game().is_nash(sub.profile_of(sub.restrict(threat)))


@pytest.mark.parametrize("length", [1, 2, 3, 4, 7])
def test_centipede_everyone_takes(length):
    tree = centipede(length)
    # Closed reasoning: at node k taking gives the mover k + 2; passing gives it what the next
    # mover leaves: k + 1 if that mover takes, or `length` after the last node, where
    # k = length - 1 and length < k + 2. So at every node taking is strictly better.
    for k in range(length):
        assert k + 2 > (k + 1 if k < length - 1 else length)
    (spe,) = backward_induction(tree)
    assert set(spe.strategy.values()) == {"Take"} and len(spe.strategy) == length
    assert spe.path == (("root", "Take"),) and spe.end == "root/Take"
    np.testing.assert_array_equal(spe.payoffs, [2, 0])
    # passing to the end would give both players `length`, at least as much as taking at once
    assert tree.play({nid: "Pass" for nid in tree.decision_nodes}).payoffs.tolist() == [length, length]
    game = tree.to_game()
    assert game.is_nash(tree.profile_of(spe))
    # every Nash equilibrium of the normal form also ends at once (the outcome is unique)
    for profile in pure_profiles(game):
        np.testing.assert_array_equal([u[profile] for u in game.payoffs], [2, 0])


def test_long_centipede_needs_no_recursion():
    tree = centipede(1500, named=True)
    (spe,) = backward_induction(tree)
    assert spe.path == (("node0", "Take"),) and spe.strategy["node1499"] == "Take"
    with pytest.raises(ValueError, match=r"to_game\(\): the normal form would have .* cells"):
        tree.to_game()


def test_ties_give_every_subgame_perfect_equilibrium():
    # Japan indifferent after Restrict: each choice is credible, China's reply differs
    tree = coercion((3, 1), (0, 1), (2, 2))
    spes = backward_induction(tree)
    assert [s.strategy for s in spes] == [
        {"root": "Restrict", "root/Restrict": "Comply"},
        {"root": "Open", "root/Restrict": "Diversify"},
    ]
    assert backward_induction(tree, ties="first") == spes[:1]

    # China indifferent at the root: both actions
    tree = GameTree(Decision("China", {"A": Terminal([1, 0]), "B": Terminal([1, 5])}), players=PLAYERS)
    assert [s.payoffs.tolist() for s in backward_induction(tree)] == [[1, 0], [1, 5]]

    # two tied Japanese nodes, one of them off the path: 2 x 2 continuations, China strictly
    # prefers A under each of them
    tree = GameTree(
        Decision("China", {
            "A": Decision("Japan", {"x": Terminal([1, 0]), "y": Terminal([1, 0])}),
            "B": Decision("Japan", {"u": Terminal([0, 0]), "v": Terminal([0, 0])}),
        }),
        players=PLAYERS,
    )
    spes = backward_induction(tree)
    assert len(spes) == 4
    assert {as_key(s.strategy) for s in spes} == {
        as_key({"root": "A", "root/A": x, "root/B": u}) for x in "xy" for u in "uv"
    }
    assert all(s.path[0] == ("root", "A") for s in spes)


def test_ties_within_the_tolerance_rule():
    # payoffs differ by 1e-12 of Japan's range of 1e6: a tie; by 1e-6 of it: not a tie
    def tree(gap):
        return GameTree(Decision("Japan", {"x": Terminal([0, 1e6]), "y": Terminal([0, 1e6 - gap]),
                                           "z": Terminal([0, 0])}), players=PLAYERS)

    assert len(backward_induction(tree(1e-6))) == 2
    assert len(backward_induction(tree(1.0))) == 1
    assert len(backward_induction(tree(1.0), tol=1e-5)) == 2


def test_chance_nodes_path_stops_and_payoffs_average():
    tree = GameTree(
        Decision("China", {
            "Restrict": Chance({
                "Long": (0.25, Decision("Japan", {"Comply": Terminal([4, 1]), "Diversify": Terminal([-2, 2])})),
                "Short": (0.75, Decision("Japan", {"Comply": Terminal([2, 1]), "Diversify": Terminal([0, 0])})),
            }, name="embargo"),
            "Open": Terminal([1, 2]),
        }),
        players=PLAYERS,
    )
    # Japan diversifies against a long embargo, complies with a short one: China expects
    # 0.25 * -2 + 0.75 * 2 = 1, Japan 0.25 * 2 + 0.75 * 1 = 1.25; Open gives China 1 too: a tie
    assert tree.decision_nodes == ("root", "embargo/Long", "embargo/Short")
    spes = backward_induction(tree)
    assert len(spes) == 2
    restrict, open_ = spes
    assert restrict.strategy == {"root": "Restrict", "embargo/Long": "Diversify", "embargo/Short": "Comply"}
    assert restrict.path == (("root", "Restrict"),) and restrict.end == "embargo"
    np.testing.assert_allclose(restrict.payoffs, [1.0, 1.25])
    assert open_.path == (("root", "Open"),) and open_.end == "root/Open"
    assert open_.strategy["embargo/Long"] == "Diversify"
    game = tree.to_game()
    assert game.shape == (2, 4)
    assert game.strategies[1] == ("Comply/Comply", "Comply/Diversify", "Diversify/Comply", "Diversify/Diversify")
    for s in spes:
        assert game.is_nash(tree.profile_of(s))
        np.testing.assert_allclose([u[tree.profile_of(s)] for u in game.payoffs], s.payoffs)


def test_repr_and_restriction():
    tree = coercion((3, 1), (0, 0), (2, 2))
    (spe,) = backward_induction(tree)
    assert repr(spe) == (
        "SubgamePerfectEquilibrium(China: Restrict at root; Japan: Comply at root/Restrict; "
        "path Restrict, Comply; payoffs (3, 1))"
    )
    sub = spe.restrict(tree.subgame("root/Restrict"))
    assert isinstance(sub, SubgamePerfectEquilibrium)
    assert sub.strategy == {"root/Restrict": "Comply"} and sub.end == "root/Restrict/Comply"
    assert sub == backward_induction(tree.subgame("root/Restrict"))[0]
    assert repr(tree) == "GameTree(China, Japan; 2 decision nodes, 0 chance nodes, 3 terminals)"


def test_trivial_trees():
    # a terminal root: one equilibrium with no moves; a player who never moves has strategy "-"
    tree = GameTree(Terminal([1, 2]), players=PLAYERS)
    (spe,) = backward_induction(tree)
    assert spe.strategy == {} and spe.path == () and spe.end == "root"
    game = tree.to_game()
    assert game.shape == (1, 1) and game.strategies == (("-",), ("-",))
    tree = GameTree(Decision("Japan", {"only": Terminal([1, 2])}), players=PLAYERS)
    assert tree.to_game().strategies == (("-",), ("only",))


# ---------------------------------------------------------------- properties


def brute_force_spe(tree):
    """Pure profiles of the normal form whose restriction is a Nash equilibrium of every subgame."""
    subs = [(sub, pure_profiles(sub.to_game())) for sub in tree.subgames()]
    game = tree.to_game()
    out = set()
    for profile in np.ndindex(*game.shape):
        strategy = tree.strategy_of(profile)
        if all(sub.profile_of(sub.restrict(strategy)) in nash for sub, nash in subs):
            out.add(as_key(strategy))
    return out


@given(game_trees())
def test_backward_induction_finds_exactly_the_subgame_perfect_equilibria(tree):
    spes = backward_induction(tree)
    keys = [as_key(s.strategy) for s in spes]
    assert len(set(keys)) == len(keys)
    # Selten's definition, checked by brute force: Nash in every subgame
    assert set(keys) == brute_force_spe(tree)


@given(game_trees())
def test_every_equilibrium_is_nash_in_every_subgame_and_survives_one_shot_deviations(tree):
    game = tree.to_game()
    subs = [(sub, sub.to_game()) for sub in tree.subgames()]
    atol = tree.tolerances()
    for spe in backward_induction(tree):
        assert set(spe.strategy) == set(tree.decision_nodes)
        assert game.is_nash(tree.profile_of(spe))
        for sub, sub_game in subs:
            assert sub_game.is_nash(sub.profile_of(spe.restrict(sub)))
        # one-shot deviations: at every node, on or off the path, no action does better
        values = {}
        continuation_values(tree.root, root_id(tree), spe.strategy, values)
        for nid, by_action in values.items():
            i = tree.players.index(tree.mover(nid))
            chosen = by_action[spe.strategy[nid]][i]
            assert all(v[i] <= chosen + atol[i] for v in by_action.values())


@given(game_trees())
def test_ties_first_is_the_first_of_all(tree):
    spes = backward_induction(tree)
    (first,) = backward_induction(tree, ties="first")
    assert first == spes[0]
    # the rule: at every node, the first optimal action in declaration order
    values = {}
    continuation_values(tree.root, root_id(tree), first.strategy, values)
    atol = tree.tolerances()
    for nid, by_action in values.items():
        i = tree.players.index(tree.mover(nid))
        best = max(v[i] for v in by_action.values())
        optimal = [a for a, v in by_action.items() if v[i] >= best - atol[i]]
        assert first.strategy[nid] == optimal[0]


@given(game_trees(), st.data())
def test_payoffs_are_those_of_the_terminal_reached(tree, data):
    game = tree.to_game()
    rid = root_id(tree)
    for spe in backward_induction(tree):
        np.testing.assert_allclose(spe.payoffs, walk(tree.root, rid, spe.strategy), rtol=1e-12, atol=1e-12)
        profile = tree.profile_of(spe)
        np.testing.assert_allclose([u[profile] for u in game.payoffs], spe.payoffs, rtol=1e-12, atol=1e-12)
        # the path follows the strategy to a terminal (whose payoffs are the equilibrium's) or a chance node
        node, nid = tree.root, rid
        for step_id, action in spe.path:
            assert step_id == nid and spe.strategy[nid] == action
            node = node.actions[action]
            nid = node_id(node, nid, action)
        assert nid == spe.end and not isinstance(node, Decision)
        if isinstance(node, Terminal):
            np.testing.assert_array_equal(spe.payoffs, node.payoffs)
    # the normal form at any profile is the expected payoff of the corresponding strategy
    profile = tuple(data.draw(st.integers(0, m - 1)) for m in game.shape)
    strategy = tree.strategy_of(profile)
    assert tree.profile_of(strategy) == profile
    assert tree.strategy_of([game.strategies[i][s] for i, s in enumerate(profile)]) == strategy
    np.testing.assert_allclose([u[profile] for u in game.payoffs], walk(tree.root, rid, strategy), atol=1e-12)


@given(game_trees(payoffs=payoff_values(), chance_denominator=10))
def test_float_payoffs_regret_within_the_tree_tolerance(tree):
    # with float payoffs and probabilities like 0.1 a tie is decided at the scale of the tree's
    # terminal payoffs, which may exceed the range of the normal form (chance averages payoffs),
    # so regrets are checked against the tree's tolerances, plus float rounding of expectations
    game = tree.to_game()
    atol = tree.tolerances() + 1e-12
    spes = backward_induction(tree)
    assert len(spes) >= 1
    for spe in spes:
        assert np.all(game.regret(tree.profile_of(spe)) <= atol)
        for sub in tree.subgames():
            assert np.all(sub.to_game().regret(sub.profile_of(spe.restrict(sub))) <= atol)


@given(game_trees(n_players=st.integers(1, 4), max_depth=2, named=True, chance=False))
def test_strategy_parameters_are_respected(tree):
    assert 1 <= tree.n_players <= 4
    assert all(not isinstance(tree.node(nid), Chance) for nid in tree.node_ids)
    assert all(tree.node(nid).name == nid for nid in tree.node_ids)
    assert math.prod(tree.to_game().shape) <= 256


# ---------------------------------------------------------------- bounds


def test_too_many_equilibria_raise_instead_of_hanging():
    # nature picks one of 20 markets, in each Japan is indifferent: 2 ** 20 equilibria
    tied = {f"m{k}": (1 / 20, Decision("Japan", {"x": Terminal([0, 1]), "y": Terminal([0, 1])})) for k in range(20)}
    tree = GameTree(Chance(tied), players=PLAYERS)
    with pytest.raises(SolverError, match=r"more than max_equilibria=10000 pure subgame-perfect equilibria"):
        backward_induction(tree)
    (first,) = backward_induction(tree, ties="first")
    assert set(first.strategy.values()) == {"x"}
    small = GameTree(
        Decision("China", {
            "A": Decision("Japan", {"x": Terminal([1, 0]), "y": Terminal([1, 0])}),
            "B": Decision("Japan", {"u": Terminal([0, 0]), "v": Terminal([0, 0])}),
        }),
        players=PLAYERS,
    )
    assert len(backward_induction(small, max_equilibria=4)) == 4
    with pytest.raises(SolverError, match="max_equilibria=3"):
        backward_induction(small, max_equilibria=3)


# ---------------------------------------------------------------- bad input


def test_bad_trees():
    t = Terminal([0, 0])
    with pytest.raises(ValueError, match=r"GameTree\(\): terminal 'x' has 1 payoffs but there are 2 players"):
        GameTree(Decision("China", {"a": Terminal([1], name="x"), "b": Terminal([1, 2])}), players=PLAYERS)
    with pytest.raises(ValueError, match=r"GameTree\(\): terminal 'root/a' has 0 payoffs"):
        GameTree(Decision("China", {"a": Terminal([])}), players=PLAYERS)
    with pytest.raises(ValueError, match=r"GameTree\(\): terminal 'root/a' has a non-finite payoff"):
        GameTree(Decision("China", {"a": Terminal([np.nan, 0])}), players=PLAYERS)
    with pytest.raises(ValueError, match=r"GameTree\(\): terminal 'root' has a non-finite payoff"):
        GameTree(Terminal([np.inf, 0]), players=PLAYERS)
    with pytest.raises(ValueError, match=r"GameTree\(\): repeated node: the same Terminal object appears at 'root/a'"):
        GameTree(Decision("China", {"a": t, "b": t}), players=PLAYERS)
    japan = Decision("Japan", {"c": Terminal([0, 0])}, name="japan")
    with pytest.raises(ValueError, match=r"repeated node: the same Decision object"):
        GameTree(Decision("China", {"a": japan, "b": japan}), players=PLAYERS)
    with pytest.raises(ValueError, match=r"GameTree\(\): duplicate node name 'end'"):
        GameTree(Decision("China", {"a": Terminal([0, 0], name="end"), "b": Terminal([1, 1], name="end")}),
                 players=PLAYERS)
    with pytest.raises(ValueError, match=r"duplicate node name 'root/a'.*automatic path names"):
        GameTree(Decision("China", {"a": Terminal([0, 0]), "b": Terminal([1, 1], name="root/a")}), players=PLAYERS)
    with pytest.raises(ValueError, match=r"GameTree\(\): decision node 'root' belongs to unknown player 'Korea'"):
        GameTree(Decision("Korea", {"a": t}), players=PLAYERS)
    with pytest.raises(ValueError, match=r"GameTree\(\): decision node 'root/a' has no actions"):
        GameTree(Decision("China", {"a": Decision("Japan", {})}), players=PLAYERS)
    with pytest.raises(ValueError, match=r"GameTree\(\): chance node 'root' has no outcomes"):
        GameTree(Chance({}), players=PLAYERS)
    with pytest.raises(ValueError, match=r"chance node 'root': probability of 'a' is 1.5, outside \[0, 1\]"):
        GameTree(Chance({"a": (1.5, Terminal([0, 0])), "b": (-0.5, Terminal([0, 0]))}), players=PLAYERS)
    with pytest.raises(ValueError, match=r"probability of 'b' is -0.5, outside \[0, 1\]"):
        GameTree(Chance({"a": (1.0, Terminal([0, 0])), "b": (-0.5, Terminal([0, 0]))}), players=PLAYERS)
    with pytest.raises(ValueError, match=r"probability of 'a' is nan"):
        GameTree(Chance({"a": (np.nan, Terminal([0, 0]))}), players=PLAYERS)
    with pytest.raises(ValueError, match=r"GameTree\(\): chance node 'c': probabilities sum to 0.9, not 1"):
        GameTree(Chance({"a": (0.5, Terminal([0, 0])), "b": (0.4, Terminal([0, 0]))}, name="c"), players=PLAYERS)
    # within 1e-9 of 1 is accepted
    GameTree(Chance({"a": (0.5, Terminal([0, 0])), "b": (0.5 + 1e-12, Terminal([0, 0]))}), players=PLAYERS)
    with pytest.raises(TypeError, match=r"GameTree\(\): root must be a Terminal, Decision or Chance node; got list"):
        GameTree([t], players=PLAYERS)
    with pytest.raises(TypeError, match=r"GameTree\(\): players must be a sequence of names, not a single string"):
        GameTree(t, players="China")
    with pytest.raises(ValueError, match=r"GameTree\(\): players is empty"):
        GameTree(Terminal([]), players=())
    with pytest.raises(ValueError, match=r"GameTree\(\): duplicate name 'China' in players"):
        GameTree(t, players=("China", "China"))


def test_bad_nodes():
    with pytest.raises(TypeError, match=r"Terminal\(\): payoffs must be a sequence of numbers"):
        Terminal("high")
    with pytest.raises(TypeError, match=r"Terminal\(\): payoffs must be a flat sequence"):
        Terminal(3.0)
    with pytest.raises(TypeError, match=r"Terminal\(\): name must be a string or None"):
        Terminal([1], name=3)
    with pytest.raises(ValueError, match=r"Decision\(\): action name 'a/b' contains '/'"):
        Decision("China", {"a/b": Terminal([0])})
    with pytest.raises(ValueError, match=r"Decision\(\): action names must be non-empty"):
        Decision("China", {"": Terminal([0])})
    with pytest.raises(TypeError, match=r"Decision\(\): action 'a' leads to 3, which is not a Terminal"):
        Decision("China", {"a": 3})
    with pytest.raises(TypeError, match=r"Decision\(\): actions must be a dict"):
        Decision("China", [Terminal([0])])
    with pytest.raises(TypeError, match=r"Decision\(\): player must be a player name"):
        Decision(0, {"a": Terminal([0])})
    with pytest.raises(TypeError, match=r"Chance\(\): outcome 'a' must be a pair \(probability, child node\)"):
        Chance({"a": Terminal([0])})
    with pytest.raises(TypeError, match=r"Chance\(\): the probability of outcome 'a' must be a number"):
        Chance({"a": ("half", Terminal([0]))})
    with pytest.raises(ValueError, match=r"Chance\(\): outcome name 'x/y' contains '/'"):
        Chance({"x/y": (1.0, Terminal([0]))})


def test_bad_calls():
    tree = coercion((3, 1), (0, 0), (2, 2))
    with pytest.raises(TypeError, match=r"backward_induction\(\): tree must be a GameTree; got Game"):
        backward_induction(tree.to_game())
    with pytest.raises(ValueError, match=r"backward_induction\(\): ties must be 'all' or 'first'; got 'random'"):
        backward_induction(tree, ties="random")
    with pytest.raises(ValueError, match=r"backward_induction\(\): max_equilibria must be at least 1; got 0"):
        backward_induction(tree, max_equilibria=0)
    with pytest.raises(TypeError, match=r"backward_induction\(\): max_equilibria must be an integer"):
        backward_induction(tree, max_equilibria=1.5)
    with pytest.raises(ValueError, match=r"backward_induction\(\): tol must be a finite number in \[0, 1\)"):
        backward_induction(tree, tol=2.0)
    with pytest.raises(ValueError, match=r"to_game\(\): the normal form would have 4 cells .* more than max_cells=3"):
        tree.to_game(max_cells=3)
    with pytest.raises(ValueError, match=r"profile_of\(\): strategy has no action for decision node 'root/Restrict'"):
        tree.profile_of({"root": "Open"})
    with pytest.raises(ValueError, match=r"profile_of\(\): 'Wait' is not an action at 'root'"):
        tree.profile_of({"root": "Wait", "root/Restrict": "Comply"})
    with pytest.raises(ValueError, match=r"play\(\): strategy names 'root/Open', which is not a decision node"):
        tree.play({"root": "Open", "root/Restrict": "Comply", "root/Open": "x"})
    with pytest.raises(TypeError, match=r"play\(\): strategy must be a dict"):
        tree.play(["Open", "Comply"])
    with pytest.raises(ValueError, match=r"strategy_of\(\): profile has 1 strategies but the tree has 2 players"):
        tree.strategy_of((0,))
    with pytest.raises(ValueError, match=r"strategy_of\(\): profile\[1\] = 2 is not a strategy index in \[0, 2\)"):
        tree.strategy_of((0, 2))
    with pytest.raises(ValueError, match=r"strategy_of\(\): 'Japan' has no strategy 'Retaliate'"):
        tree.strategy_of(("Open", "Retaliate"))
    with pytest.raises(ValueError, match=r"subgame\(\): node 'root/Open' is a terminal"):
        tree.subgame("root/Open")
    with pytest.raises(ValueError, match=r"subgame\(\): unknown node 'Beijing'"):
        tree.subgame("Beijing")
    with pytest.raises(ValueError, match=r"mover\(\): node 'root/Open' is not a decision node"):
        tree.mover("root/Open")
    with pytest.raises(ValueError, match=r"nodes_of\(\): unknown player 'Korea'"):
        tree.nodes_of("Korea")
    (spe,) = backward_induction(tree)
    with pytest.raises(TypeError, match=r"restrict\(\): subgame must be a GameTree"):
        spe.restrict(Game.from_bimatrix([[0]], [[0]]))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"max_depth": -1}, r"game_trees\(\): max_depth must be an integer >= 0"),
        ({"max_actions": 0}, r"game_trees\(\): max_actions must be an integer >= 1"),
        ({"max_actions": 9}, r"game_trees\(\): max_actions must be at most 6"),
        ({"n_players": 0}, r"game_trees\(\): n_players must be an integer in \[1, 6\]"),
        ({"chance_denominator": 0}, r"game_trees\(\): chance_denominator must be an integer >= 1"),
    ],
)
def test_bad_strategy_arguments(kwargs, match):
    @given(game_trees(**kwargs))
    def draw(tree):
        pass

    with pytest.raises(ValueError, match=match):
        draw()
