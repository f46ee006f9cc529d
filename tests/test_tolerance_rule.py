"""One tolerance rule, in fact (issue 21).

1. Metamorphic: rescaling every payoff (by 1e-6 or 1e6) and shifting each
   player's payoffs by a constant changes no verdict of any model family.
2. Source scan: no float literal below 1e-5 (other than 0) outside
   :mod:`leverage.tolerance`.
3. Every public entry point that takes a relative tolerance validates it and
   names itself and the argument in the error.
"""

from __future__ import annotations

import ast
import dataclasses
import pathlib

import numpy as np
import pytest

from leverage import Game, Parameter, ParameterSet, ParametricGame, equilibria, is_degenerate, pure_equilibria
from leverage.bargaining import BargainingProblem
from leverage.coercion import CoercionModel
from leverage.coercion.payoffs import coercion_parameters
from leverage.extensive.signalling import beer_quiche, pure_pbe
from leverage.nodes import Decision, Terminal
from leverage.sensitivity.regimes import regime_map, threshold
from leverage.repeated import critical_discount_factor, folk_theorem_region, is_sustainable
from leverage.sequential import GameTree, backward_induction
from leverage.tolerance import RTOL, check_rtol, resolve_rtol, value_scale

FACTORS = (1e-6, 1e6)
SHIFTS = ((0.0, 0.0), (7.0, -3.0), (-250.0, 1000.0))


def _transform(game: Game, factor: float, shift: tuple[float, ...]) -> Game:
    # shifted in the game's own units, then rescaled: a shift far beyond the payoff range would
    # drown the payoffs in rounding error, whatever the tolerance rule
    return Game([factor * (u + s) for u, s in zip(game.payoffs, shift)], players=game.players,
                strategies=game.strategies)


def _profiles(eqs):
    return sorted(tuple(np.round(np.concatenate(eq.strategies), 6)) for eq in eqs)


PD = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D")))
BOS = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
DEGENERATE = Game.from_bimatrix([[1, 1], [0, 1]], [[1, 0], [0, 1]])  # a tie: a component of equilibria
RPS = Game.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]])
GAMES = {"pd": PD, "bos": BOS, "degenerate": DEGENERATE, "rps": RPS}


# ----------------------------------------------------------------------------- normal form
@pytest.mark.parametrize("name", sorted(GAMES))
@pytest.mark.parametrize("factor", FACTORS)
@pytest.mark.parametrize("shift", SHIFTS)
def test_normal_form_verdicts_are_invariant(name, factor, shift):
    game = GAMES[name]
    other = _transform(game, factor, shift)
    assert _profiles(equilibria(other)) == _profiles(equilibria(game))
    assert _profiles(pure_equilibria(other)) == _profiles(pure_equilibria(game))
    assert is_degenerate(other) == is_degenerate(game)
    for eq in equilibria(game):
        assert other.is_nash(eq.strategies)


# ----------------------------------------------------------------------------- repeated games
@pytest.mark.parametrize("factor", FACTORS)
@pytest.mark.parametrize("shift", SHIFTS)
def test_repeated_thresholds_are_invariant(factor, shift):
    other = _transform(PD, factor, shift)
    for punishment in ("nash", "minmax"):
        a = critical_discount_factor(PD, "C/C", punishment)
        b = critical_discount_factor(other, "C/C", punishment)
        np.testing.assert_allclose(b.per_player, a.per_player, rtol=1e-9)
        for delta in (0.4, 0.5, 0.6):
            assert is_sustainable(other, "C/C", delta, punishment) == is_sustainable(PD, "C/C", delta, punishment)
    region, moved = folk_theorem_region(PD), folk_theorem_region(other)
    for u, strict in (([3, 3], False), ([1, 1], False), ([1, 1], True), ([0.5, 4], False)):
        v = factor * (np.asarray(u, dtype=float) + np.asarray(shift))
        assert moved.contains(v, strict=strict) == region.contains(u, strict=strict)


# ----------------------------------------------------------------------------- bargaining
@pytest.mark.parametrize("factor", FACTORS)
@pytest.mark.parametrize("shift", SHIFTS)
def test_bargaining_solutions_scale_and_shift(factor, shift):
    points = np.array([[1.0, 0.0], [0.0, 1.0], [0.7, 0.6]])
    d = np.array([0.2, 0.1])
    s = np.asarray(shift)
    base = BargainingProblem.from_points(points, d)
    moved = BargainingProblem.from_points(factor * points + s, factor * d + s)
    for solve in ("nash_solution", "kalai_smorodinsky"):
        a, b = getattr(base, solve)().utilities, getattr(moved, solve)().utilities
        np.testing.assert_allclose((b - s) / factor, a, rtol=1e-7, atol=1e-9)
    assert moved.is_pareto_optimal(factor * points[2] + s) == base.is_pareto_optimal(points[2])


# ----------------------------------------------------------------------------- coercion
MONEY = ("rent", "target_loss", "diversification_cost", "counter_leverage", "reliability_loss")


def _scaled_coercion(factor: float) -> CoercionModel:
    ps = coercion_parameters()
    scaled = {}
    for name in ps.keys():
        p = ps[name]
        if name in MONEY:
            p = dataclasses.replace(p, value=p.value * factor, low=p.low * factor, high=p.high * factor)
        scaled[name] = p
    return CoercionModel(ParameterSet(**scaled))


@pytest.mark.parametrize("factor", FACTORS)
@pytest.mark.parametrize("overrides", [{}, {"build_time": 10.0}, {"reliability_loss": 3.0}])
def test_coercion_outcome_is_invariant(factor, overrides):
    base = CoercionModel().solve(**overrides)
    money = {k: v * factor if k in MONEY else v for k, v in overrides.items()}
    other = _scaled_coercion(factor).solve(**money)
    assert (other.answer, other.regime, other.target_indifferent) == (base.answer, base.regime, base.target_indifferent)
    assert other.optimal_restriction == pytest.approx(base.optimal_restriction, abs=1e-6)
    assert other.threshold == pytest.approx(base.threshold, abs=1e-6)
    assert other.optimum == pytest.approx(factor * base.optimum, rel=1e-7)


# ----------------------------------------------------------------------------- regimes
def _entry_model(factor: float) -> ParametricGame:
    ps = ParameterSet(cost=Parameter(1.0, 0.0, 3.0, "bn USD/yr", "illustrative"),
                      rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"))

    def payoffs(cost, rent):
        china = factor * np.array([[rent, rent], [2.0 * rent, 2.0 * rent - cost]])
        us = factor * np.array([[0.0, -1.0], [-2.0, -1.0]])
        return china, us

    return ParametricGame(ps, payoffs, players=("China", "US"),
                          strategies=(("Open", "Restrict"), ("Comply", "Diversify")))


@pytest.mark.parametrize("factor", (1.0,) + FACTORS)
def test_regime_threshold_is_invariant(factor):
    model = _entry_model(factor)

    def restricts(game: Game) -> bool:
        return any(eq.strategies[0][1] > 0.5 for eq in pure_equilibria(game))

    base = threshold(_entry_model(1.0), "cost", restricts, bracket=(0.0, 3.0))
    assert base == pytest.approx(1.0, abs=1e-6)  # the tie at cost 1 is resolved by the rule, within RTOL
    assert threshold(model, "cost", restricts, bracket=(0.0, 3.0)) == pytest.approx(base, abs=1e-9)
    labels = regime_map(model, ("cost", [0.5, 1.5, 2.5]), ("rent", [1.0, 2.0])).labels.tolist()
    assert labels == regime_map(_entry_model(1.0), ("cost", [0.5, 1.5, 2.5]), ("rent", [1.0, 2.0])).labels.tolist()


# ----------------------------------------------------------------------------- extensive form
def _tree(factor: float, shift: tuple[float, float]) -> GameTree:
    def t(a, b):
        return Terminal([factor * a + shift[0], factor * b + shift[1]])

    return GameTree(Decision("China", {"Restrict": Decision("Japan", {"Comply": t(3, 1), "Diversify": t(0, 1)}),
                                       "Open": t(2, 2)}), players=("China", "Japan"))


@pytest.mark.parametrize("factor", FACTORS)
@pytest.mark.parametrize("shift", SHIFTS)
def test_spe_and_pbe_are_invariant(factor, shift):
    base = [spe.strategy for spe in backward_induction(_tree(1.0, (0.0, 0.0)))]
    assert [spe.strategy for spe in backward_induction(_tree(factor, shift))] == base
    assert len(base) == 2  # Japan's tie survives the rescaling
    game = beer_quiche()
    assert len(pure_pbe(game)) == 2


# ----------------------------------------------------------------------------- helpers
def test_value_scale_is_the_rule():
    assert value_scale([3.0, 5.0]) == 2.0 and value_scale([7.0, 7.0]) == 7.0 and value_scale([0.0, 0.0]) == 1.0
    x = np.array([1.0, 4.0, 2.0])
    assert value_scale(1e6 * x + 5.0) == pytest.approx(1e6 * value_scale(x))


# ----------------------------------------------------------------------------- source scan
SRC = pathlib.Path(__file__).resolve().parents[1] / "src" / "leverage"
# only the tolerance module may hold small float literals
ALLOW = {
    "tolerance.py",  # the one place where tolerances live
}


def _small_literals(path: pathlib.Path) -> list[tuple[int, float]]:
    tree = ast.parse(path.read_text())
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, float)
            and node.value != 0 and abs(node.value) < 1e-5]


def test_no_tolerance_literal_outside_tolerance_module():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel in ALLOW:
            continue
        found += [f"{rel}:{line}: {value!r}" for line, value in _small_literals(path)]
    assert not found, "tolerance literals outside leverage.tolerance (name them there):\n" + "\n".join(found)


def test_the_scan_bites(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("x = 1e-9 * 3\ny = 0.0\nz = 1e-3\n")
    assert _small_literals(bad) == [(1, 1e-9)]


# ----------------------------------------------------------------------------- validation
def _entry_points():
    from leverage.coalitions import CoalitionalGame
    from leverage.dynamic import StochasticGame  # noqa: F401 -- the package imports
    from leverage.extensive import check_pbe  # noqa: F401
    from leverage.solvers import equilibrium_components, iterated_dominance

    cg = CoalitionalGame(["A", "B"], {"A": 1, "B": 1, ("A", "B"): 4})
    bq = beer_quiche()
    return [
        ("Game.is_nash", lambda **kw: BOS.is_nash([0, 0], **kw)),
        ("Game.tolerances", lambda **kw: BOS.tolerances(**kw)),
        ("Game.best_responses", lambda **kw: BOS.best_responses([0, 0], 0, **kw)),
        ("equilibria", lambda **kw: equilibria(BOS, **kw)),
        ("pure_equilibria", lambda **kw: pure_equilibria(BOS, **kw)),
        ("is_degenerate", lambda **kw: is_degenerate(BOS, **kw)),
        ("iterated_dominance", lambda **kw: iterated_dominance(PD, **kw)),
        ("equilibrium_components", lambda **kw: equilibrium_components(BOS, **kw)),
        ("pure_pbe", lambda **kw: pure_pbe(bq, **kw)),
        ("SignallingGame.tolerances", lambda **kw: bq.tolerances(**kw)),
        ("CoalitionalGame.tolerance", lambda **kw: cg.tolerance(**kw)),
        ("CoalitionalGame.is_convex", lambda **kw: cg.is_convex(**kw)),
    ]


ENTRY_POINTS = _entry_points()
BAD = [("tol", -1, ValueError), ("rtol", 1, ValueError), ("rtol", float("nan"), ValueError), ("rtol", "x", TypeError),
       ("tol", float("inf"), ValueError)]


@pytest.mark.parametrize(("name", "call"), ENTRY_POINTS, ids=[n for n, _ in ENTRY_POINTS])
@pytest.mark.parametrize(("arg", "value", "error"), BAD, ids=[f"{a}={v!r}" for a, v, _ in BAD])
def test_bad_tolerances_are_refused_by_name(name, call, arg, value, error):
    with pytest.raises(error, match=rf"{name.split(':')[0]}\(\): {arg} must be"):
        call(**{arg: value})


@pytest.mark.parametrize(("name", "call"), ENTRY_POINTS, ids=[n for n, _ in ENTRY_POINTS])
def test_tol_is_an_alias_of_rtol(name, call):
    a, b = call(rtol=1e-6), call(tol=1e-6)
    if isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b)
    else:
        assert repr(a) == repr(b)


def test_rtol_and_tol_together_are_refused():
    with pytest.raises(TypeError, match=r"Game.is_nash\(\): pass rtol or its alias tol, not both"):
        BOS.is_nash([0, 0], rtol=1e-6, tol=1e-6)
    assert resolve_rtol(None, None, "f") == RTOL
