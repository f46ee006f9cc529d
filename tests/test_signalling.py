"""Signalling games: pure PBE against beer-quiche (Cho and Kreps 1987) and a brute-force oracle,
belief sets against closed forms, the intuitive criterion, and every PBE checked on the tree."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leverage import Parameter, ParameterSet
from leverage.extensive.pbe import check_pbe, supporting_beliefs
from leverage.extensive.intuitive import intuitive_criterion
from leverage.extensive.signalling import (
    SignallingGame,
    beer_quiche,
    pbe_classes,
    pure_pbe,
)
from leverage.testing.strategies import signalling_games
from leverage.tolerance import RTOL

STRONG, WEAK = 0, 1
BEER, QUICHE = 0, 1
NO_DUEL, DUEL = 0, 1


def beer_quiche_from_the_paper(prior_strong=0.9):
    """Beer-quiche written out from the description: sender 1 for the preferred breakfast + 2 without
    a duel; receiver 1 for dueling the weak or not dueling the strong."""
    preferred = {STRONG: BEER, WEAK: QUICHE}
    u = np.zeros((2, 2, 2))
    v = np.zeros((2, 2, 2))
    for t, m, a in itertools.product(range(2), repeat=3):
        u[t, m, a] = (1 if m == preferred[t] else 0) + (2 if a == NO_DUEL else 0)
        v[t, m, a] = 1 if (t == WEAK and a == DUEL) or (t == STRONG and a == NO_DUEL) else 0
    return SignallingGame(["Strong", "Weak"], [prior_strong, 1 - prior_strong], ["Beer", "Quiche"],
                          ["NoDuel", "Duel"], u, v)


def threshold_weak():
    """Belief in the weak type at which the receiver is indifferent between dueling and not."""
    v = beer_quiche_from_the_paper().receiver_payoffs[:, BEER, :]
    strong_gain = v[STRONG, NO_DUEL] - v[STRONG, DUEL]
    weak_gain = v[WEAK, DUEL] - v[WEAK, NO_DUEL]
    return strong_gain / (strong_gain + weak_gain)


# ---------------------------------------------------------------------------- beer-quiche


def test_beer_quiche_factory_matches_the_paper():
    ours, paper = beer_quiche(), beer_quiche_from_the_paper()
    np.testing.assert_array_equal(ours.sender_payoffs, paper.sender_payoffs)
    np.testing.assert_array_equal(ours.receiver_payoffs, paper.receiver_payoffs)
    np.testing.assert_array_equal(ours.prior, paper.prior)


def test_beer_quiche_has_exactly_two_pooling_classes():
    game = beer_quiche_from_the_paper()
    pbes = pure_pbe(game)
    classes = pbe_classes(pbes)
    assert len(pbes) == 2
    assert len(classes) == 2
    assert [c.kind for c in classes] == ["pooling", "pooling"]
    assert not any(eq.kind == "separating" for eq in pbes)
    for eq, (on, off) in zip(pbes, [("Beer", "Quiche"), ("Quiche", "Beer")], strict=True):
        assert eq.sender == {"Strong": on, "Weak": on}
        assert eq.on_path == (on,) and eq.off_path == (off,)
        assert eq.receiver == {on: "NoDuel", off: "Duel"}
        assert eq.regret <= RTOL
        # on path: the prior; off path: weight at least 1/2 on the weak type
        np.testing.assert_allclose(eq.beliefs[on].witness, [0.9, 0.1])
        lo, hi = eq.beliefs[off].interval("Weak")
        tol_r = game.tolerances()[1]
        assert abs(lo - threshold_weak()) <= tol_r and lo <= 0.5
        assert hi == 1.0
        assert eq.beliefs[off].interval("Strong") == pytest.approx((0.0, 0.5), abs=tol_r)
        assert eq.beliefs[off].contains([0.5, 0.5]) and not eq.beliefs[off].contains([0.5 + 1e-6, 0.5 - 1e-6])
    beer, quiche = pbes
    np.testing.assert_allclose(beer.sender_payoffs, [3.0, 2.0])  # strong: beer, no duel; weak: beer, no duel
    np.testing.assert_allclose(quiche.sender_payoffs, [2.0, 3.0])
    np.testing.assert_allclose(beer.payoffs, [0.9 * 3 + 0.1 * 2, 0.9])


def test_intuitive_criterion_rejects_pooling_on_quiche_only():
    game = beer_quiche_from_the_paper()
    beer, quiche = pure_pbe(game)
    kept, rejected = intuitive_criterion(game, beer), intuitive_criterion(game, quiche)
    assert kept.passes and kept.failing == ()
    (test,) = kept.tests
    assert test.message == "Quiche" and test.dominated == ("Strong",) and test.responses == ("Duel",)
    assert not rejected.passes and rejected.failing == ("Beer",)
    (test,) = rejected.tests
    assert test.dominated == ("Weak",)  # the weak type gets 3 from quiche, at most 2 from beer
    assert test.responses == ("NoDuel",) and test.breaking == ("Strong",)
    assert test.best_payoffs == {"Strong": 3.0, "Weak": 2.0}


def test_every_beer_quiche_pbe_passes_check_pbe_on_the_tree():
    game = beer_quiche_from_the_paper()
    tree = game.tree()
    for eq in pure_pbe(game):
        behaviour, beliefs = game.assessment(eq)
        check = check_pbe(tree, behaviour, beliefs)
        assert check.ok, check.failures
        np.testing.assert_allclose(tree.expected_payoffs(behaviour), eq.payoffs)


def test_pooling_on_quiche_fails_check_pbe_with_a_belief_outside_its_set():
    game = beer_quiche_from_the_paper()
    _, quiche = pure_pbe(game)
    behaviour, beliefs = game.assessment(quiche)
    beliefs["Receiver|Beer"] = {"root/Strong/Beer": 0.5 + 1e-6, "root/Weak/Beer": 0.5 - 1e-6}
    check = check_pbe(game.tree(), behaviour, beliefs)
    assert not check.ok and [f.infoset for f in check.not_rational] == ["Receiver|Beer"]


def test_tree_layout():
    tree = beer_quiche_from_the_paper().tree()
    assert tree.players == ("Sender", "Receiver")
    assert tree.chance_probabilities("root") == {"Strong": 0.9, "Weak": pytest.approx(0.1)}
    assert tree.infoset("Receiver|Beer").nodes == ("root/Strong/Beer", "root/Weak/Beer")
    assert tree.infoset("Sender|Weak").nodes == ("root/Weak",)
    np.testing.assert_array_equal(tree.payoffs_at("root/Weak/Quiche/NoDuel"), [3.0, 0.0])
    assert len(tree.terminal_ids) == 8


def test_on_path_tie_at_the_tolerance_boundary():
    """Pooling on beer with no duel on the path needs P(strong) >= 1/2, within the receiver's tolerance."""
    def pooled_no_duel(prior_strong):
        return [eq for eq in pure_pbe(beer_quiche_from_the_paper(prior_strong))
                if eq.sender == {"Strong": "Beer", "Weak": "Beer"} and eq.receiver["Beer"] == "NoDuel"]

    tol = RTOL  # the receiver's payoff range is 1; its gain from dueling is 1 - 2 P(strong)
    assert len(pooled_no_duel(0.5 - 0.4 * tol)) == 1
    assert len(pooled_no_duel(0.5 - 0.6 * tol)) == 0


# ---------------------------------------------------------------------------- more types


def guess_the_type(n):
    """The receiver earns 1 for naming the true type; ``n`` types, actions and messages."""
    v = np.zeros((n, n, n))
    for t in range(n):
        v[t, :, t] = 1.0
    return v


def test_three_type_belief_polytope_matches_closed_form():
    """Naming type 0 is best iff mu_0 >= mu_1 and mu_0 >= mu_2: mu_0 in [1/3, 1], the others in [0, 1/2]."""
    v = guess_the_type(3)[:, 0, :]
    s = supporting_beliefs(v, 0, atol=0.0, states=("A", "B", "C"))
    np.testing.assert_allclose(s.lower, [1 / 3, 0, 0], atol=1e-9)
    np.testing.assert_allclose(s.upper, [1, 0.5, 0.5], atol=1e-9)
    assert s.contains(s.witness) and s.contains([0.4, 0.4, 0.2]) and not s.contains([0.3, 0.4, 0.3])
    restricted = supporting_beliefs(v, 0, atol=0.0, states=("A", "B", "C"), support=("B", "C"))
    assert restricted is None
    assert supporting_beliefs(v, 1, atol=0.0, states=("A", "B", "C"), support=("B", "C")).intervals["B"] == (
        pytest.approx(0.5), pytest.approx(1.0))


def test_semi_separating_with_three_types():
    """Types A and B prefer message a whatever happens, C prefers c: A, B pool and C separates."""
    u = np.zeros((3, 2, 3))
    u[[0, 1], 0, :] = 1.0
    u[2, 1, :] = 1.0
    v = guess_the_type(3)[:, :2, :]
    game = SignallingGame(["A", "B", "C"], [0.5, 0.25, 0.25], ["a", "c"], ["A?", "B?", "C?"], u, v)
    pbes = pure_pbe(game)
    assert [eq.kind for eq in pbes] == ["semi-separating"]
    (eq,) = pbes
    assert eq.receiver == {"a": "A?", "c": "C?"}
    np.testing.assert_allclose(eq.beliefs["a"].witness, [2 / 3, 1 / 3, 0])
    behaviour, beliefs = game.assessment(eq)
    assert check_pbe(game.tree(), behaviour, beliefs).ok


def test_zero_prior_type_and_unsent_message():
    """A type of zero probability still best-responds, but its message carries no weight."""
    u = np.zeros((2, 2, 2))
    u[1, 1, :] = 1.0  # the impossible type prefers message "m2"
    v = np.zeros((2, 2, 2))
    v[:, :, 0] = 1.0
    game = SignallingGame(["Real", "Ghost"], [1.0, 0.0], ["m1", "m2"], ["x", "y"], u, v)
    pbes = pure_pbe(game)
    assert len(pbes) == 2  # Real sends m1 or m2 (indifferent), Ghost sends m2, the receiver plays x
    for eq in pbes:
        assert eq.sender["Ghost"] == "m2" and set(eq.receiver.values()) == {"x"}
        assert eq.kind == "pooling"
        behaviour, beliefs = game.assessment(eq)
        assert check_pbe(game.tree(), behaviour, beliefs).ok
    assert pbes[0].off_path == ("m2",)


def test_classes_group_off_path_variants():
    v = np.zeros((2, 2, 2))
    v[0, :, 0] = v[1, :, 1] = 1.0
    game = SignallingGame(["A", "B"], [0.5, 0.5], ["a", "b"], ["x", "y"], np.zeros((2, 2, 2)), v)
    pbes = pure_pbe(game)
    # every sender strategy is optimal (the sender is indifferent); pooling: 2 on-path x 2 off-path actions;
    # separating: the receiver names each type, 1 profile each
    assert len(pbes) == 2 * 4 + 2
    classes = pbe_classes(pbes)
    assert [len(c.members) for c in classes] == [2, 2, 1, 1, 2, 2]
    assert sum(len(c.members) for c in classes) == len(pbes)


# ---------------------------------------------------------------------------- brute-force oracle


def oracle_pbe(u, v, prior, tol_s, tol_r):
    """Pure PBE of a two-type game by brute force: off-path beliefs are tried at the vertices of the
    interval arrangement (0, 1 and every tie between two actions), where any non-empty interval has one."""
    T, M, A = u.shape
    found = []
    for s in itertools.product(range(M), repeat=T):
        for r in itertools.product(range(A), repeat=M):
            ok = True
            for m in range(M):
                mass = np.array([prior[t] if s[t] == m else 0.0 for t in range(T)])
                vm = v[:, m, :]
                if mass.sum() > 0:
                    values = (mass / mass.sum()) @ vm
                    ok &= bool(values[r[m]] >= values.max() - tol_r)
                else:
                    candidates = [0.0, 1.0]
                    for a, b in itertools.combinations(range(A), 2):
                        d0, d1 = vm[0, a] - vm[0, b], vm[1, a] - vm[1, b]
                        if d0 != d1:  # p d0 + (1 - p) d1 = 0
                            p = d1 / (d1 - d0)
                            if 0 <= p <= 1:
                                candidates.append(p)
                    ok &= any(
                        (np.array([p, 1 - p]) @ vm)[r[m]] >= (np.array([p, 1 - p]) @ vm).max() - tol_r
                        for p in candidates
                    )
            for t in range(T):
                ok &= bool(u[t, s[t], r[s[t]]] >= max(u[t, m, r[m]] for m in range(M)) - tol_s)
            if ok:
                found.append((s, r))
    return found


@given(
    st.integers(2, 3),
    st.integers(2, 3),
    st.sampled_from([0.5, 0.25, 0.9, 1.0]),
    st.data(),
)
def test_pure_pbe_matches_brute_force_on_random_two_type_games(M, A, p, data):
    """Small integer payoffs make ties (and degenerate belief intervals) frequent."""
    cells = st.lists(st.integers(-2, 2), min_size=2 * M * A, max_size=2 * M * A)
    u = np.array(data.draw(cells), dtype=float).reshape(2, M, A)
    v = np.array(data.draw(cells), dtype=float).reshape(2, M, A)
    game = SignallingGame(["t1", "t2"], [p, 1 - p], [f"m{k}" for k in range(M)], [f"a{k}" for k in range(A)], u, v)
    tol_s, tol_r = game.tolerances()
    expected = oracle_pbe(u, v, game.prior, tol_s, tol_r)
    pbes = pure_pbe(game)
    got = [(tuple(game.messages.index(eq.sender[t]) for t in game.types),
            tuple(game.actions.index(eq.receiver[m]) for m in game.messages)) for eq in pbes]
    assert len(got) == len(expected)
    assert got == expected
    tree = game.tree()
    for eq in pbes:
        assert eq.sender_regret <= tol_s and eq.receiver_regret <= tol_r
        behaviour, beliefs = game.assessment(eq)
        assert check_pbe(tree, behaviour, beliefs).ok
        for m in eq.off_path:
            s = eq.beliefs[m]
            assert s.contains(s.witness)
            lo, hi = s.interval("t1")
            for q in (lo, hi):
                point = np.array([q, 1 - q])
                assert s.largest_gain(point) <= tol_r * (1 + 1e-6) + 1e-12


@given(st.data())
def test_pbe_invariant_under_affine_payoff_changes(data):
    cells = st.lists(st.integers(-2, 2), min_size=8, max_size=8)
    u = np.array(data.draw(cells), dtype=float).reshape(2, 2, 2)
    v = np.array(data.draw(cells), dtype=float).reshape(2, 2, 2)
    a, b = data.draw(st.sampled_from([(1000.0, -7.0), (0.001, 3.0)])), data.draw(st.sampled_from([(2.0, 1.0), (50.0, -4.0)]))
    base = SignallingGame(["t1", "t2"], [0.3, 0.7], ["m1", "m2"], ["x", "y"], u, v)
    scaled = SignallingGame(["t1", "t2"], [0.3, 0.7], ["m1", "m2"], ["x", "y"], a[0] * u + a[1], b[0] * v + b[1])
    first, second = pure_pbe(base), pure_pbe(scaled)
    assert [(e.sender, e.receiver) for e in first] == [(e.sender, e.receiver) for e in second]
    for e1, e2 in zip(first, second, strict=True):
        for m in base.messages:
            np.testing.assert_allclose(e1.beliefs[m].lower, e2.beliefs[m].lower, atol=1e-6)


# ---------------------------------------------------------------------------- construction and errors


def test_from_parameters():
    ps = ParameterSet(p=Parameter(0.9, 0.1, 0.99, "probability", "Cho and Kreps (1987)"))
    paper = beer_quiche_from_the_paper()

    def model(p):
        return [p, 1 - p], paper.sender_payoffs, paper.receiver_payoffs

    game = SignallingGame.from_parameters(ps, model, types=paper.types, messages=paper.messages,
                                          actions=paper.actions)
    np.testing.assert_allclose(game.prior, [0.9, 0.1], rtol=0, atol=1e-15)
    assert len(pure_pbe(game)) == 2
    low = SignallingGame.from_parameters(ps, model, types=paper.types, messages=paper.messages,
                                         actions=paper.actions, p=0.2)
    # with the weak type likely the receiver duels a pooled sender, so the type that dislikes the
    # pooled breakfast deviates; separating fails for any prior: no pure PBE at all
    assert pure_pbe(low) == []
    with pytest.raises(ValueError, match="outside its range"):
        SignallingGame.from_parameters(ps, model, types=paper.types, messages=paper.messages,
                                       actions=paper.actions, p=1.0)


ARGS = dict(types=["S", "W"], prior=[0.9, 0.1], messages=["B", "Q"], actions=["N", "D"],
            sender_payoffs=np.zeros((2, 2, 2)), receiver_payoffs=np.zeros((2, 2, 2)))


@pytest.mark.parametrize(
    "change, error, message",
    [
        (dict(prior=[0.9, 0.2]), ValueError, r"SignallingGame\(\): prior must sum to 1; got 1.1"),
        (dict(prior=[1.2, -0.2]), ValueError, "prior has negative probabilities"),
        (dict(prior=[0.5, 0.25, 0.25]), ValueError, r"prior must have shape \(2,\)"),
        (dict(prior=[np.nan, 1.0]), ValueError, "non-finite"),
        (dict(prior="uniform"), TypeError, "prior must be an array"),
        (dict(sender_payoffs=np.zeros((2, 2))), ValueError, r"sender_payoffs must have shape \(2, 2, 2\)"),
        (dict(receiver_payoffs=np.zeros((2, 3, 2))), ValueError, "receiver_payoffs must have shape"),
        (dict(receiver_payoffs=np.full((2, 2, 2), np.inf)), ValueError, "non-finite"),
        (dict(types=["S", "S"]), ValueError, "duplicate name"),
        (dict(types=["S"]), ValueError, r"prior must have shape \(1,\)"),
        (dict(messages=["B", ""]), ValueError, "empty name"),
        (dict(actions=["N/D", "D"]), ValueError, "contains '/'"),
        (dict(types="SW"), TypeError, "types must be a sequence of names"),
        (dict(players=("Only",)), ValueError, "players must have 2 names"),
        (dict(players=("X", "X")), ValueError, "duplicate name"),
        (dict(messages=[1, 2]), TypeError, "messages must be strings"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(change, error, message):
    with pytest.raises(error, match=message):
        SignallingGame(**{**ARGS, **change})


def test_bad_arguments_to_the_functions():
    game = beer_quiche()
    with pytest.raises(TypeError, match="pure_pbe"):
        pure_pbe("beer")
    with pytest.raises(ValueError, match="tol must be"):
        pure_pbe(game, tol=-1)
    with pytest.raises(ValueError, match="max_profiles=15"):
        pure_pbe(game, max_profiles=15)  # 2**2 * 2**2 = 16 profiles
    assert len(pure_pbe(game, max_profiles=16)) == 2
    other = SignallingGame(**{**ARGS, "types": ["Strong", "Weak"]})
    with pytest.raises(ValueError, match="does not belong"):
        intuitive_criterion(other, pure_pbe(game)[0])
    with pytest.raises(ValueError, match="unknown type"):
        game.sender_infoset("Medium")


# ---------------------------------------------------------------------------- the shipped strategy


@settings(max_examples=25)
@given(signalling_games())
def test_every_pure_pbe_of_a_drawn_game_passes_the_pbe_verifier(game):
    tree = game.tree()
    for eq in pure_pbe(game):
        behaviour, beliefs = game.assessment(eq)
        check = check_pbe(tree, behaviour, beliefs)
        assert check.ok, check.failures
        np.testing.assert_allclose(tree.expected_payoffs(behaviour), eq.payoffs, atol=1e-9)
