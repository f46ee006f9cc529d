"""Symbolic equilibria: closed forms, where they exist, and agreement with the numeric solvers."""

from __future__ import annotations

import fractions
import pickle

import numpy as np
import pytest
import sympy
from hypothesis import assume, event, given
from hypothesis import strategies as st

from leverage import Parameter, ParameterSet, ParametricGame, equilibria
from leverage.coercion import tsebelis
from leverage.results import unique_equilibria, verified_equilibrium
from leverage.sensitivity import sweep
from leverage.solvers.symbolic import SymbolicGame, parameter_symbols, symbolic_equilibria
from leverage.testing.strategies import parameters
from leverage.testing.symbolic_strategies import symbolic_games

# ----------------------------------------------------------------------------- the sanctions game of Tsebelis (1990)

TARGET = ("t_cn", "t_vn", "t_cs", "t_vs")  # (comply | violate) x (no sanction | sanction)
SENDER = ("s_cn", "s_vn", "s_cs", "s_vs")


def sanctions_parameters() -> ParameterSet:
    """Ranges that keep the sanctions-game ordering: the target prefers to violate unsanctioned
    (t_vn > t_cn) and to comply when sanctioned (t_cs > t_vs); the sender prefers not to sanction
    a complier (s_cn > s_cs) and to sanction a violator (s_vs > s_vn). Calibrated at the defaults
    of leverage.coercion.tsebelis."""
    source = "Tsebelis (1990), ordinal structure; illustrative cardinal values"
    return ParameterSet(
        t_cn=Parameter(1.0, 0.5, 1.5, "utility", source),
        t_vn=Parameter(2.0, 1.75, 3.0, "utility", source),
        t_cs=Parameter(0.0, -0.5, 0.5, "utility", source),
        t_vs=Parameter(-1.0, -2.0, -0.75, "utility", source),
        s_cn=Parameter(1.0, 0.5, 1.5, "utility", source),
        s_vn=Parameter(0.0, -1.0, 0.25, "utility", source),
        s_cs=Parameter(-1.0, -2.0, -0.25, "utility", source),
        s_vs=Parameter(2.0, 1.0, 3.0, "utility", source),
    )


def sanctions_game() -> SymbolicGame:
    t_cn, t_vn, t_cs, t_vs, s_cn, s_vn, s_cs, s_vs = sympy.symbols(TARGET + SENDER)
    target = [[t_cn, t_cs], [t_vn, t_vs]]  # rows Comply, Violate; columns No sanction, Sanction
    sender = [[s_cn, s_cs], [s_vn, s_vs]]
    return SymbolicGame(
        sanctions_parameters(),
        (target, sender),
        players=("Target", "Sender"),
        strategies=(("Comply", "Violate"), ("No sanction", "Sanction")),
    )


SANCTIONS = sanctions_game()
SANCTIONS_CANDIDATES = symbolic_equilibria(SANCTIONS)


def mixed_candidate(candidates):
    (mixed,) = [c for c in candidates if not c.is_pure]
    return mixed


def test_sanctions_game_violation_depends_only_on_the_senders_payoffs():
    mixed = mixed_candidate(SANCTIONS_CANDIDATES)
    symbols = SANCTIONS.symbols
    target_symbols = {symbols[name] for name in TARGET}
    sender_symbols = {symbols[name] for name in SENDER}
    violate = mixed.strategies[0][1]
    sanction = mixed.strategies[1][1]
    assert violate.free_symbols and violate.free_symbols <= sender_symbols
    assert sanction.free_symbols and sanction.free_symbols <= target_symbols
    # the whole strategy of each player, not only one entry
    assert set().union(*(p.free_symbols for p in mixed.strategies[0])) <= sender_symbols
    assert set().union(*(p.free_symbols for p in mixed.strategies[1])) <= target_symbols


def test_sanctions_game_closed_form_is_the_indifference_condition():
    mixed = mixed_candidate(SANCTIONS_CANDIDATES)
    s = SANCTIONS.symbols
    # the sender is indifferent: (1-p) s_cn + p s_vn = (1-p) s_cs + p s_vs
    p = (s["s_cn"] - s["s_cs"]) / (s["s_cn"] - s["s_cs"] + s["s_vs"] - s["s_vn"])
    # the target is indifferent: (1-q) t_cn + q t_cs = (1-q) t_vn + q t_vs
    q = (s["t_vn"] - s["t_cn"]) / (s["t_vn"] - s["t_cn"] + s["t_cs"] - s["t_vs"])
    assert sympy.cancel(mixed.strategies[0][1] - p) == 0
    assert sympy.cancel(mixed.strategies[1][1] - q) == 0


@given(parameters(SANCTIONS.parameters))
def test_sanctions_game_has_only_the_mixed_equilibrium_of_tsebelis(values):
    exists = [c.exists(values) for c in SANCTIONS_CANDIDATES]
    assert sum(exists) == 1
    (found,) = [c for c, e in zip(SANCTIONS_CANDIDATES, exists) if e]
    assert found.support == ((0, 1), (0, 1))
    order = ("cn", "vn", "cs", "vs")
    _, expected = tsebelis(
        target=[values[f"t_{k}"] for k in order], sender=[values[f"s_{k}"] for k in order]
    )
    x, y = found.numeric(values)
    np.testing.assert_allclose(x, expected.strategies[0], atol=1e-12)
    np.testing.assert_allclose(y, expected.strategies[1], atol=1e-12)
    np.testing.assert_allclose(found.payoff_values(values), expected.payoffs, atol=1e-12)


# ----------------------------------------------------------------------------- agreement with the numeric solvers

#: Each drawn symbolic game is solved and compiled by sympy (tens of milliseconds): fewer examples
#: than the suite's profile, each checking several parameter points.


def nondegenerate(game: SymbolicGame, candidates, point, margin: float = 1e-6) -> bool:
    """No condition of a candidate is within ``margin`` of its boundary, and no pure strategy has tied best responses."""
    for c in candidates:
        if np.any(np.abs(c.condition_values(point)) <= margin):
            return False
    A, B = game.payoff_arrays(point)
    for column in A.T:  # the row player's payoffs against each column
        top = np.sort(column)[-2:]
        if len(top) == 2 and top[1] - top[0] <= margin:
            return False
    for row in B:
        top = np.sort(row)[-2:]
        if len(top) == 2 and top[1] - top[0] <= margin:
            return False
    return True


@given(st.data())
def test_existing_candidates_are_exactly_the_equilibria_of_random_games(data):
    game = data.draw(symbolic_games())
    candidates = symbolic_equilibria(game)
    points = [data.draw(parameters(game.parameters)) for _ in range(3)]
    points = [p for p in points if nondegenerate(game, candidates, p)]
    assume(points)
    # one vectorised call per candidate over all the points
    arrays = {name: np.array([p[name] for p in points]) for name in game.parameters}
    exists = np.array([c.exists(arrays) for c in candidates]).reshape(len(candidates), len(points))
    for k, point in enumerate(points):
        numeric = game.game(**point)
        expected = equilibria(numeric)
        found = unique_equilibria(
            [verified_equilibrium(numeric, c.numeric(point), "symbolic") for c in np.array(candidates)[exists[:, k]]]
        )
        assert len(found) == len(expected)
        assert len(found) % 2 == 1  # a nondegenerate game has an odd number of equilibria
        event(f"{game.shape[0]} x {game.shape[1]}, {len(found)} equilibria, {sum(not e.is_pure for e in found)} mixed")
        for mine, theirs in zip(found, expected, strict=True):
            assert mine.support == theirs.support
            assert mine.isclose(theirs, atol=1e-9)
            np.testing.assert_allclose(mine.payoffs, theirs.payoffs, atol=1e-9)


def test_exists_over_a_grid_matches_the_equilibria_on_each_side_of_a_regime_boundary():
    # Battle of the sexes while a > 0; for a < 0 the row player's second strategy dominates.
    ps = ParameterSet(a=Parameter(1.0, -1.0, 2.0, "u", "illustrative"))
    a = sympy.Symbol("a", real=True)
    game = SymbolicGame(ps, ([[a, 0], [0, 1]], [[1, 0], [0, 2]]))
    candidates = symbolic_equilibria(game)
    grid = np.linspace(-0.95, 1.95, 11)  # avoids the boundary a = 0
    exists = np.array([c.exists(a=grid) for c in candidates])
    assert exists.shape == (len(candidates), len(grid))
    for k, value in enumerate(grid):
        supports = sorted(c.support for c, e in zip(candidates, exists[:, k]) if e)
        assert supports == sorted(eq.support for eq in equilibria(game.game(a=float(value))))
        assert len(supports) == (3 if value > 0 else 1)


def test_strategies_are_invariant_under_positive_affine_changes_of_payoffs():
    A, B = SANCTIONS.payoffs
    scaled = SymbolicGame(SANCTIONS.parameters, (A, 3 * B + 7 * sympy.ones(2, 2)))
    original = mixed_candidate(SANCTIONS_CANDIDATES)
    changed = mixed_candidate(symbolic_equilibria(scaled))
    for mine, theirs in zip(original.strategies, changed.strategies, strict=True):
        assert all(sympy.cancel(p - q) == 0 for p, q in zip(mine, theirs, strict=True))
    assert sympy.cancel(changed.payoffs[1] - (3 * original.payoffs[1] + 7)) == 0


def test_relabelling_strategies_permutes_the_candidates():
    A, B = SANCTIONS.payoffs
    swapped = SymbolicGame(SANCTIONS.parameters, (A[::-1, :], B[::-1, :]))
    original = mixed_candidate(SANCTIONS_CANDIDATES)
    changed = mixed_candidate(symbolic_equilibria(swapped))
    assert sympy.cancel(changed.strategies[0][0] - original.strategies[0][1]) == 0
    assert sympy.cancel(changed.strategies[1][1] - original.strategies[1][1]) == 0


# ----------------------------------------------------------------------------- the numeric front


def coercion_payoffs(concession, loss, cost):
    """Coercer (Restrict, Open) against target (Comply, Defy); one constant entry."""
    coercer = [[concession - cost, -cost], [concession, -2]]
    target = [[-concession, -loss], [-concession, 0]]
    return coercer, target


COERCION_PARAMETERS = ParameterSet(
    concession=Parameter(1.0, 0.5, 2.0, "bn USD", "illustrative"),
    loss=Parameter(4.0, 3.0, 8.0, "bn USD", "illustrative"),
    cost=Parameter(0.5, 0.2, 1.5, "bn USD", "illustrative"),
)


def test_parametric_game_broadcasts_constant_entries_and_matches_the_numeric_game():
    game = SymbolicGame(COERCION_PARAMETERS, coercion_payoffs)
    model = game.parametric_game()
    draws = COERCION_PARAMETERS.sample(7, seed=3)
    A, B = model.batch(draws)
    assert A.shape == B.shape == (7, 2, 2)
    for k, row in enumerate(draws):
        values = dict(zip(COERCION_PARAMETERS.names, row.tolist()))
        expected = coercion_payoffs(**values)
        np.testing.assert_allclose(A[k], expected[0], rtol=0, atol=1e-12)
        np.testing.assert_allclose(B[k], expected[1], rtol=0, atol=1e-12)
        np.testing.assert_allclose(game.game(**values).payoffs[1], expected[1], rtol=0, atol=1e-12)
    assert np.all(B[:, 1, 1] == 0.0) and np.all(A[:, 1, 1] == -2.0)


def test_parametric_game_pickles_and_sweeps_like_the_handwritten_model():
    game = SymbolicGame(COERCION_PARAMETERS, coercion_payoffs, players=("Coercer", "Target"))
    model = pickle.loads(pickle.dumps(game.parametric_game()))
    handwritten = ParametricGame(COERCION_PARAMETERS, coercion_payoffs, players=("Coercer", "Target"))
    space = {"kind": "lhs", "n": 16}
    ours, theirs = sweep(model, space, seed=2), sweep(handwritten, space, seed=2)
    for name in theirs.names:
        if theirs.column(name).dtype.kind == "f":
            np.testing.assert_allclose(ours.column(name), theirs.column(name), atol=1e-12)
        else:
            assert ours.column(name).tolist() == theirs.column(name).tolist()


def test_callable_payoffs_get_one_real_symbol_per_parameter():
    game = SymbolicGame(COERCION_PARAMETERS, coercion_payoffs)
    assert game.symbols == parameter_symbols(COERCION_PARAMETERS)
    assert all(s.is_real for s in game.symbols.values())
    assert game.payoffs[1][0, 1] == -game.symbols["loss"]


def test_numbers_of_every_kind_are_exact_or_float_entries():
    ps = ParameterSet(a=Parameter(1.0, 0.0, 2.0, "u", "s"))
    game = SymbolicGame(ps, ([[np.int64(2), fractions.Fraction(1, 3)]], [[0.25, np.float64(1.5)]]))
    assert game.payoffs[0][0, 1] == sympy.Rational(1, 3)
    np.testing.assert_allclose(game.game().payoffs[0], [[2.0, 1 / 3]])


def test_candidate_as_a_verified_equilibrium_and_where_it_does_not_exist():
    mixed = mixed_candidate(SANCTIONS_CANDIDATES)
    eq = mixed.equilibrium()
    assert eq.support == ((0, 1), (0, 1)) and eq.regret <= 1e-12
    pure = SANCTIONS_CANDIDATES[0]
    message = r"SymbolicEquilibrium.equilibrium\(\): the candidate on support .* is not an equilibrium"
    with pytest.raises(ValueError, match=message):
        pure.equilibrium()
    with pytest.raises(ValueError, match="give one value per parameter"):
        mixed.equilibrium(t_cn=[0.6, 0.7])


# ----------------------------------------------------------------------------- errors


def test_a_string_entry_is_refused_not_parsed():
    message = r"SymbolicGame\(\): payoffs\[1\]\[0\]\[1\] is a string \('loss'\); strings are never parsed"
    with pytest.raises(TypeError, match=message):
        SymbolicGame(COERCION_PARAMETERS, ([[0, 0], [0, 0]], [[0, "loss"], [0, 0]]))
    with pytest.raises(TypeError, match=r"payoffs\[0\]\[1\] is a string"):
        SymbolicGame(COERCION_PARAMETERS, ([[0, 0], "loss"], [[0, 0], [0, 0]]))
    with pytest.raises(TypeError, match=r"SymbolicGame\(\): payoffs must be a pair of matrices"):
        SymbolicGame(COERCION_PARAMETERS, "[[loss]]")


def test_symbols_that_are_not_parameters_are_named():
    loss, tariff = sympy.symbols("loss tariff")
    with pytest.raises(ValueError, match=r"SymbolicGame\(\): the payoffs use symbol\(s\) 'tariff' that are not parameters"):
        SymbolicGame(COERCION_PARAMETERS, ([[loss, tariff]], [[0, 0]]))
    with pytest.raises(ValueError, match="two different symbols named 'loss'"):
        SymbolicGame(COERCION_PARAMETERS, ([[loss, sympy.Symbol("loss", positive=True)]], [[0, 0]]))


@pytest.mark.parametrize(
    ("payoffs", "error", "message"),
    [
        (([[0, 0]], [[0, 0], [0, 0]]), ValueError, r"payoffs\[0\] has shape \(1, 2\) but payoffs\[1\] has shape \(2, 2\)"),
        (([[0, 0]],), ValueError, "payoffs must hold two matrices"),
        (([[0, 0], [0]], [[0, 0], [0, 0]]), ValueError, "not rectangular"),
        (([[sympy.oo, 0]], [[0, 0]]), ValueError, r"payoffs\[0\]\[0\]\[0\] is not finite"),
        (([[float("nan"), 0]], [[0, 0]]), ValueError, "is not finite"),
        (([[sympy.I, 0]], [[0, 0]]), ValueError, "is not real"),
        (([[True, 0]], [[0, 0]]), TypeError, "is a bool"),
        (([[sympy.Symbol("loss") > 1, 0]], [[0, 0]]), TypeError, "StrictGreaterThan"),
        (([[None, 0]], [[0, 0]]), TypeError, r"payoffs\[0\]\[0\]\[0\] is a NoneType"),
        (([[]], [[]]), ValueError, "is empty"),
    ],
)
def test_malformed_payoffs_are_refused(payoffs, error, message):
    with pytest.raises(error, match=message):
        SymbolicGame(COERCION_PARAMETERS, payoffs)


def test_other_bad_arguments():
    with pytest.raises(TypeError, match=r"SymbolicGame\(\): parameters must be a ParameterSet; got dict"):
        SymbolicGame({"a": 1.0}, ([[0]], [[0]]))
    with pytest.raises(ValueError, match=r"SymbolicGame\(\): players has 1 names but 2 are needed"):
        SymbolicGame(COERCION_PARAMETERS, coercion_payoffs, players=("Coercer",))
    with pytest.raises(TypeError, match="the payoff function failed when called with sympy symbols"):
        SymbolicGame(COERCION_PARAMETERS, lambda concession, loss, cost: ([[np.exp(loss)]], [[0]]))
    with pytest.raises(TypeError, match=r"symbolic_equilibria\(\): game must be a SymbolicGame; got ParametricGame"):
        symbolic_equilibria(ParametricGame(COERCION_PARAMETERS, coercion_payoffs))
    square = SymbolicGame(COERCION_PARAMETERS, (np.zeros((3, 3), dtype=int).tolist(),) * 2)
    message = r"symbolic_equilibria\(\): only games in which one player has at most two strategies .* 3 x 3"
    with pytest.raises(ValueError, match=message):
        symbolic_equilibria(square)


def test_bad_parameter_values_are_named():
    mixed = mixed_candidate(SANCTIONS_CANDIDATES)
    with pytest.raises(KeyError, match=r"SymbolicEquilibrium.exists\(\): unknown parameter\(s\) 'tariff'"):
        mixed.exists(tariff=1.0)
    with pytest.raises(ValueError, match=r"SymbolicEquilibrium.numeric\(\): t_cn=9 lies outside its range"):
        mixed.numeric(t_cn=9.0)
    with pytest.raises(ValueError, match="do not broadcast together"):
        mixed.exists(t_cn=[0.6, 0.7], t_vn=[2.0, 2.1, 2.2])
    with pytest.raises(ValueError, match="given both in values and by keyword"):
        mixed.exists({"t_cn": 0.6}, t_cn=0.7)
    with pytest.raises(TypeError, match="values must be a mapping"):
        mixed.exists([0.6])
