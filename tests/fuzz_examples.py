"""Valid arguments for the bad-input fuzzer (``tests/test_fuzz_api.py``): the baselines it mutates.

A parameter's baseline comes from, in order: the target's entry in
:data:`OVERRIDES`; the parameter's default; the first class named in its
annotation (:data:`BY_ANNOTATION`); its name (:data:`BY_NAME`). A required
parameter with none of these is drawn bad as well ("fuzz all arguments").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import leverage
from leverage import Game, Parameter, ParameterSet
from leverage.bargaining.sets import FiniteSet


@functools.cache
def _cached(key: str) -> Any:
    return MAKERS[key]()


def example(key: str) -> Any:
    """A valid object of kind ``key`` (immutable ones are shared; files are written in the working directory)."""
    return _cached(key) if key in IMMUTABLE else MAKERS[key]()


# ----------------------------------------------------------------------------- makers


def _game() -> Game:
    return Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=("EU", "China"),
                              strategies=(("Stockpile", "Wait"), ("Open", "Restrict")))


def _game3() -> Game:
    rng = np.random.default_rng(3)
    return Game([rng.integers(0, 4, (2, 2, 2)).astype(float) for _ in range(3)])


def _extensive() -> Any:
    from leverage.extensive import ExtensiveGame
    from leverage.nodes import Chance, Decision, Terminal

    return ExtensiveGame(
        Decision("China", {
            "Squeeze": Chance({
                "Low": (0.5, Decision("Japan", {"Comply": Terminal([2, -1]), "Resist": Terminal([-1, 0])},
                                      infoset="J")),
                "High": (0.5, Decision("Japan", {"Comply": Terminal([1, -1]), "Resist": Terminal([0, 1])},
                                       infoset="J")),
            }),
            "Open": Terminal([1, 0]),
        }),
        players=("China", "Japan"),
    )


def _tree() -> Any:
    from leverage.nodes import Chance, Decision, Terminal
    from leverage.sequential import GameTree

    return GameTree(
        Decision("China", {
            "Restrict": Chance({"Long": (0.5, Decision("Japan", {"Comply": Terminal([3, 1]),
                                                                 "Diversify": Terminal([-1, 0])})),
                                "Short": (0.5, Terminal([1, 2]))}),
            "Open": Terminal([2, 2]),
        }),
        players=("China", "Japan"),
    )


def _extensive_zero_sum() -> Any:
    from leverage.extensive import ExtensiveGame
    from leverage.nodes import Decision, Terminal

    return ExtensiveGame(
        Decision("A", {"x": Decision("B", {"l": Terminal([1, -1]), "r": Terminal([-1, 1])}, infoset="b"),
                       "y": Decision("B", {"l": Terminal([-1, 1]), "r": Terminal([1, -1])}, infoset="b")},
                 infoset="a"),
        players=("A", "B"),
    )


def _parameter_set() -> ParameterSet:
    return ParameterSet(
        rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"),
        cost=Parameter(3.0, 1.0, 5.0, "bn USD/yr", "illustrative"),
    )


def _model() -> Any:
    from leverage.scenarios import export_restriction_game

    return export_restriction_game()


def _problem() -> Any:
    return leverage.BargainingProblem.from_points([[1, 0], [0, 1], [0.6, 0.6]], [0.2, 0.1], players=("EU", "China"))


def _coalitional() -> Any:
    return leverage.CoalitionalGame(["US", "EU", "Japan"], {
        "US": 1, "EU": 1, "Japan": 0, ("US", "EU"): 4, ("US", "Japan"): 3, ("EU", "Japan"): 2,
        ("US", "EU", "Japan"): 6})


def _symbolic() -> Any:
    import sympy

    from leverage.solvers.symbolic import SymbolicGame

    ps = ParameterSet(concession=Parameter(1.0, 0.5, 2.0, "bn USD", "illustrative"),
                      loss=Parameter(4.0, 3.0, 8.0, "bn USD", "illustrative"))
    c, loss = sympy.symbols("concession loss", positive=True)
    return SymbolicGame(ps, ([[c - 1, -1], [c, -3]], [[-c, -loss], [-c, 0]]))


def _parametric_tree() -> Any:
    from leverage.extensive import ExtensiveGame
    from leverage.extensive.parametric import ParametricTree
    from leverage.nodes import Decision, Terminal

    ps = ParameterSet(cost=Parameter(1.0, 0.0, 3.0, "bn USD", "illustrative"))
    return ParametricTree(ps, lambda cost: ExtensiveGame(
        Decision("A", {"x": Terminal([2 - cost, 0.0]), "y": Terminal([1.0, 1.0])}), players=("A", "B")))


def _signalling() -> Any:
    from leverage.extensive.signalling import beer_quiche

    return beer_quiche()


def _signalling_pbe() -> Any:
    from leverage.extensive.signalling import pure_pbe

    return pure_pbe(_cached("signalling"))[0]


def _bayesian() -> Any:
    from leverage.extensive.bayesian import public_good

    return public_good()


def _equilibria() -> list[Any]:
    return list(leverage.equilibria(_cached("game")))


def _regime_map() -> Any:
    from leverage.sensitivity.regimes import regime_map

    return regime_map(_cached("model"), ("diversification_premium", [1.3, 2.0, 2.4]),
                      ("separation_share", [0.85, 0.95]))


def _sobol_indices() -> Any:
    from leverage.sensitivity import sobol

    return sobol(lambda rent, cost: rent + 2 * cost, _cached("parameter_set"), n=64, seed=1)


def _tornado_bars() -> list[Any]:
    from leverage.sensitivity import tornado

    return tornado(_cached("model"), "payoff_US")


def _scenario() -> Any:
    from leverage.io.scenario import Scenario
    from leverage.scenarios import export_restriction_parameters

    return Scenario("baseline", parameters=export_restriction_parameters(), games=("export_restriction",))


def _scenario_file() -> Path:
    path = Path("scenario.toml").resolve()
    path.write_text('[scenario]\nname = "small"\ngames = ["export_restriction"]\n', encoding="utf-8")
    return path


def _nfg_file() -> Path:
    from leverage.io import write_nfg

    path = Path("game.nfg").resolve()
    write_nfg(_cached("game"), path)
    return path


def _efg_file() -> Path:
    from leverage.io.efg import write_efg

    path = Path("game.efg").resolve()
    write_efg(_cached("extensive"), path)
    return path


def _text_file() -> Path:
    path = Path("ten.txt").resolve()
    path.write_bytes(b"0123456789")
    return path


def _assumption() -> Any:
    return leverage.Assumption("rent is positive", lambda game, values: values["separation_share"] > 0)


def _ordering() -> Any:
    from leverage.testing.strategies import PRISONERS_DILEMMA

    return PRISONERS_DILEMMA


def _sweep_result() -> Any:
    from leverage.sensitivity import sweep

    return sweep(_cached("model"), {"kind": "lhs", "n": 4}, seed=1)


def _qre_point() -> Any:
    from leverage.solvers.qre import qre

    return qre(_cached("game"), 1.0)


def _coercion(kind: str) -> Any:
    from leverage import coercion

    return {
        "coercion_model": lambda: coercion.CoercionModel(),
        "screening_model": lambda: coercion.ScreeningModel(),
        "coercion_outcome": lambda: coercion.CoercionModel().solve(),
        "screening_outcome": lambda: coercion.ScreeningModel().solve(),
        "threat_outcome": lambda: coercion.threat_then_impose(),
        "threat_sweep": lambda: coercion.sweep_threats(4, rng=0),
        "investment_result": lambda: coercion.investment_signalling(),
    }[kind]()


def _findings(kind: str) -> Any:
    """Valid arguments of the findings (leverage.scenarios.findings), on the (rent, cost) parameter set."""
    from leverage.scenarios import findings

    def outcome(rent: Any, cost: Any) -> np.ndarray:
        return np.where(np.asarray(rent) * 3 > np.asarray(cost), "rent wins", "cost wins").astype(object)

    conclusion = findings.Conclusion("race", _parameter_set(), outcome, lambda label: f"{label}.")
    flip = findings.NearestFlip("rent", 1.0, 1.5, 0.33, "cost wins")
    finding = findings.Finding("race", "Rent wins.", "rent wins", 0.5, 0.05, flip, 0.4, "low", ("rent",), 16)
    return {"outcome": outcome, "conclusion": conclusion, "flip": flip, "finding": finding}[kind]


def fields(key: str | Any) -> dict[str, Any]:
    """The fields of a dataclass (or of the example ``key``), as constructor arguments (shallow: values are shared)."""
    import dataclasses

    obj = example(key) if isinstance(key, str) else key
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.init}


MAKERS: dict[str, Callable[[], Any]] = {
    "game": _game,
    "game3": _game3,
    "extensive": _extensive,
    "extensive_zero_sum": _extensive_zero_sum,
    "tree": _tree,
    "parameter_set": _parameter_set,
    "model": _model,
    "problem": _problem,
    "coalitional": _coalitional,
    "symbolic": _symbolic,
    "parametric_tree": _parametric_tree,
    "signalling": _signalling,
    "signalling_pbe": _signalling_pbe,
    "bayesian": _bayesian,
    "equilibria": _equilibria,
    "equilibrium": lambda: _cached("equilibria")[0],
    "regime_map": _regime_map,
    "sobol_indices": _sobol_indices,
    "tornado_bars": _tornado_bars,
    "scenario": _scenario,
    "scenario_file": _scenario_file,
    "nfg_file": _nfg_file,
    "efg_file": _efg_file,
    "text_file": _text_file,
    "assumption": _assumption,
    "assumptions": lambda: [_assumption()],
    "ordering": _ordering,
    "sweep_result": _sweep_result,
    "qre_point": _qre_point,
    "parameter": lambda: Parameter(0.91, 0.85, 0.95, "share", "illustrative"),
    "finite_set": lambda: FiniteSet(np.array([[3.0, 1.0], [1.0, 3.0]])),
    "points": lambda: np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]]),
    "profile": lambda: [[0.5, 0.5], [0.5, 0.5]],
    "node": lambda: _cached("tree").root,
    **{key: functools.partial(_coercion, key) for key in (
        "coercion_model", "screening_model", "coercion_outcome", "screening_outcome", "threat_outcome",
        "threat_sweep", "investment_result")},
    "coercion_values": lambda: dict(_coercion("coercion_model").parameters.defaults),
}

#: Makers whose objects are immutable (or never changed by the library), so one copy is shared.
IMMUTABLE = frozenset(set(MAKERS) - {"scenario_file", "nfg_file", "efg_file", "text_file", "points", "profile",
                                     "assumptions", "equilibria", "tornado_bars", "coercion_values"})

#: The first of these class names found in an annotation picks the example (longer names first).
BY_ANNOTATION: list[tuple[str, str]] = [
    ("SignallingPBE", "signalling_pbe"), ("SignallingGame", "signalling"), ("BayesianGame", "bayesian"),
    ("CoalitionalGame", "coalitional"), ("SymbolicGame", "symbolic"), ("ParametricTree", "parametric_tree"),
    ("ParametricGame", "model"), ("ExtensiveGame", "extensive"), ("GameTree", "tree"),
    ("BargainingProblem", "problem"), ("ParameterSet", "parameter_set"), ("Parameter", "parameter"),
    ("Sequence[Equilibrium]", "equilibria"), ("Equilibrium", "equilibrium"), ("RegimeMap", "regime_map"),
    ("SobolIndices", "sobol_indices"), ("Sequence[TornadoBar]", "tornado_bars"), ("Scenario", "scenario"),
    ("FeasibleSet", "finite_set"), ("Sequence[Assumption]", "assumptions"), ("Assumption", "assumption"),
    ("Ordering", "ordering"), ("Node", "node"), ("Game", "game"),
]

#: Examples by parameter name, where the annotation says nothing the registry knows.
BY_NAME: dict[str, str] = {
    "game": "game", "stage": "game", "tree": "tree", "model": "model", "parameters": "parameter_set",
    "parameter_set": "parameter_set", "problem": "problem", "points": "points", "profile": "profile",
    "scenario": "scenario",
}

#: Plain values by parameter name.
PLAIN: dict[str, Callable[[], Any]] = {
    "tol": lambda: 1e-8, "rtol": lambda: 1e-8, "atol": lambda: 1e-9, "seed": lambda: 0, "n": lambda: 8,
    "text": lambda: "x", "name": lambda: "x", "discount": lambda: 0.9, "lam": lambda: 1.0,
    "weights": lambda: [0.5, 0.5], "disagreement": lambda: [0.0, 0.0], "player": lambda: 0,
    "players": lambda: ("EU", "China"), "cooperative": lambda: ("Stockpile", "Open"),
    "delta": lambda: [0.9, 0.8], "rates": lambda: [0.1, 0.2], "param": lambda: "diversification_premium",
    "outcome": lambda: "payoff_US", "column": lambda: "payoff_US", "method": lambda: "auto", "rule": lambda: "first",
    "select": lambda: "first", "equilibria": lambda: example("equilibria"), "eqs": lambda: example("equilibria"),
    "caller": None,  # filled per target
}


def _from_annotation(annotation: Any) -> str | None:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    if text.startswith("Callable"):
        return None  # a function returning a game is not a game
    for token, key in BY_ANNOTATION:
        if re.search(rf"(?<![\w.]){re.escape(token)}(?!\w)", text):
            return key
    return None


def baseline(target: Any, params: list[Any]) -> dict[str, Any]:
    """Valid values for as many of ``params`` as the registry knows, by the rules of the module docstring."""
    override = OVERRIDES.get(target.path)
    fixed = override() if override else {}
    out: dict[str, Any] = {}
    for p in params:
        if p.name in fixed:
            out[p.name] = fixed[p.name]
        elif p.kind is p.VAR_POSITIONAL or p.kind is p.VAR_KEYWORD:
            continue
        elif p.default is not p.empty:
            out[p.name] = p.default
        elif p.name == "caller":
            out[p.name] = f"{target.name}()"
        elif (key := _from_annotation(p.annotation)) is not None:
            out[p.name] = example(key)
        elif p.name in BY_NAME:
            out[p.name] = example(BY_NAME[p.name])
        elif p.name in PLAIN:
            out[p.name] = PLAIN[p.name]()
    return out


# ----------------------------------------------------------------------------- per-target baselines


def _bimatrix_stack() -> dict[str, Any]:
    return {"A": np.array([[[2.0, 0.0], [0.0, 1.0]]] * 2), "B": np.array([[[1.0, 0.0], [0.0, 2.0]]] * 2)}


def _polytope() -> dict[str, Any]:
    # the polytope {z >= 0, C z <= 1} of a normalised 2x2 game (entries of C in [1, 2])
    return {"C": np.array([[1.0, 2.0], [2.0, 1.0]])}


def _polytope_set() -> Any:
    from leverage.bargaining.sets import PolytopeSet

    return PolytopeSet(np.array([[1.0, 0.0], [0.0, 1.0]]))


def _hull() -> Any:
    from leverage.bargaining.hull import comprehensive_hull

    return comprehensive_hull(example("points"))


def _sequence_form_arrays() -> dict[str, Any]:
    from leverage.extensive.sequence_form import sequence_form

    sf = sequence_form(example("extensive"))
    return {k: getattr(sf, k) for k in ("A", "B", "E", "e", "F", "f")}


def _symbolic_payoffs() -> Any:
    import sympy

    c, loss = sympy.symbols("concession loss", positive=True)
    return ([[c - 1, -1], [c, -3]], [[-c, -loss], [-c, 0]])


def _beliefs() -> dict[str, dict[str, float]]:
    return {"J": {"root/Squeeze/Low": 0.5, "root/Squeeze/High": 0.5}}


# ----------------------------------------------------------------------------- dynamic games (leverage.dynamic)


def _stochastic_spec() -> dict[str, Any]:
    """A two-state game: China restricts or opens while the market is tight."""
    return {"players": ("China", "Japan"), "states": ("tight", "loose"),
            "actions": {"tight": (("Restrict", "Open"), ("Wait",)), "loose": (("Open",), ("Wait",))},
            "payoffs": {"tight": [[[2.0], [1.0]], [[-2.0], [0.0]]], "loose": [[[1.0]], [[0.0]]]},
            "transitions": {"tight": [[[0.8, 0.2]], [[0.0, 1.0]]], "loose": [[[0.0, 1.0]]]},
            "discount": 0.9}


def _stochastic_game() -> Any:
    from leverage.dynamic import StochasticGame

    return StochasticGame(**_stochastic_spec())


def _zero_sum_stochastic() -> Any:
    from leverage.dynamic import StochasticGame

    M = np.array([[1.0, -1.0], [-1.0, 1.0]])
    return StochasticGame.from_game(Game.from_bimatrix(M, -M), 0.5)


def _markov_policy() -> dict[str, Any]:
    return {"tight": ("Restrict", "Wait"), "loose": ("Open", "Wait")}


def _markov_result() -> Any:
    from leverage.dynamic import pure_markov_equilibria

    return pure_markov_equilibria(_stochastic_game())


def _lq_spec() -> dict[str, Any]:
    return {"A": [[1.0]], "B": [[1.0], [1.0]], "R": [[[1.0]], [[1.0]]], "Q": [[[1.0]], [[1.0]]], "beta": 0.9}


def _lq_game() -> Any:
    from leverage.dynamic import LQGame

    return LQGame(**_lq_spec())


def _dynamic_overrides() -> dict[str, Callable[[], dict[str, Any]]]:
    game = lambda: {"game": _stochastic_game()}  # noqa: E731
    with_policy = lambda: {"game": _stochastic_game(), "policy": _markov_policy()}  # noqa: E731
    return {
        "leverage.dynamic.game.StochasticGame": _stochastic_spec,
        "leverage.dynamic.game.ParametricStochasticGame": lambda: {
            "parameters": example("parameter_set"), "build": lambda rent, cost: _stochastic_game()},
        "leverage.dynamic.markov.as_policy": with_policy,
        "leverage.dynamic.markov.policy_values": with_policy,
        "leverage.dynamic.markov.one_shot_regrets": with_policy,
        "leverage.dynamic.markov.verified_markov_equilibrium": lambda: {**with_policy(), "method": "fuzz"},
        "leverage.dynamic.markov.MarkovResult": lambda: {"status": "complete", "equilibria": (), "iterations": 1,
                                                         "residual": 0.0, "method": "fuzz"},
        "leverage.dynamic.zero_sum.shapley": lambda: {"game": _zero_sum_stochastic()},
        "leverage.dynamic.zero_sum.matrix_game": lambda: {"M": np.array([[1.0, -1.0], [-1.0, 1.0]])},
        "leverage.dynamic.pure.pure_markov_equilibria": game,
        "leverage.dynamic.pure.pure_profile_count": game,
        "leverage.dynamic.mixed.markov_equilibrium": game,
        "leverage.dynamic.lq.LQGame": _lq_spec,
        "leverage.dynamic.lq.lq_feedback_nash": lambda: {"game": _lq_game()},
        "leverage.dynamic.simulation.simulate": lambda: {"solution": _markov_result(), "start": "tight", "periods": 3},
        "leverage.dynamic.simulation.state_distribution": lambda: {"solution": _markov_result(), "start": "tight",
                                                                 "periods": 3},
        "leverage.testing.dynamic_strategies.relabellings": game,
        "leverage.scenarios.diversification_race.calibrate_investment_cost": lambda: {"costs": [0.5]},
        "leverage.scenarios.diversification_race.levels_of": lambda: {"game": _race()},
    }


def _race() -> Any:
    from leverage.scenarios.diversification_race import diversification_race

    return diversification_race()


def _race_path_overrides() -> dict[str, Callable[[], dict[str, Any]]]:
    """Valid calls of the trajectories' race paths and the race's sensitivity (issue 18, items 4 and 5)."""

    def cheap_race() -> Any:  # no investment pays: solved in a few hundredths of a second
        from leverage.scenarios.diversification_race import race_outcome, race_parameters

        return race_outcome(race_parameters(investment_cost=2.0), periods=3)

    def overshoot() -> Any:
        from leverage.scenarios.trajectory_paths import trajectory_outcome

        return trajectory_outcome("overshoot into confrontation", static=False, periods=3)

    return {
        "leverage.scenarios.trajectories.Trajectory": lambda: {
            "name": "mine", "description": "a test", "values": {"discount": 0.5}, "race": {"completion": 0.5},
            "believed": {"investment_cost": 2.0}, "reasons": {"discount": "illustrative"}},
        "leverage.scenarios.trajectory_paths.trajectory_outcome": lambda: {
            "name": "overshoot into confrontation", "static": False, "periods": 3},
        "leverage.scenarios.trajectory_paths.trajectory_outcomes": lambda: {
            "race_base": __import__("leverage.scenarios.diversification_race", fromlist=["x"]).race_parameters(
                completion=0.1), "static": False, "periods": 3},
        "leverage.scenarios.trajectory_paths.path_table": lambda: {"outcome": cheap_race()},
        "leverage.scenarios.trajectory_paths.compare_trajectories": lambda: {
            "results": {"overshoot into confrontation": overshoot()}},
        "leverage.scenarios.race_sensitivity.RaceModel": lambda: {"vary": ["investment_cost"], "periods": 3},
        "leverage.scenarios.race_sensitivity.race_measures": lambda: {"outcome": cheap_race()},
        "leverage.scenarios.race_sensitivity.race_measure": lambda: {"measure": "china_value"},
        "leverage.scenarios.race_sensitivity.race_sweep": lambda: {
            "space": {"kind": "grid", "values": {"investment_cost": [2.0]}}},
    }


def _calibration() -> Any:
    from leverage.scenarios.trajectories import default_parameters

    return default_parameters()


OVERRIDES: dict[str, Callable[[], dict[str, Any]]] = {
    "leverage.checks.check_choice": lambda: {"value": "first", "name": "rule", "choices": ("first", "pareto")},
    "leverage.checks.renamed": lambda: {"inner": "equilibria():"},
    **{f"leverage.checks.{name}": lambda: {"name": "x"}
       for name in ("check_int", "check_real", "real_array", "check_flag", "check_callable")},
    **{f"leverage.testing.arguments.{name}": lambda: {"name": "x"}
       for name in ("count", "count_strategy", "elements", "mapping", "names")},
    "leverage.game.Game": lambda: {"payoffs": [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]},
    "leverage.game.as_profile": lambda: {"profile": [[1, 0], [0.5, 0.5]], "shape": (2, 2)},
    "leverage.game.regrets": lambda: {"payoffs": list(example("game").payoffs),
                                      "profile": [np.array([1.0, 0.0]), np.array([0.5, 0.5])]},
    "leverage.game.strategy_payoffs": lambda: {"payoff": example("game").payoffs[0],
                                               "profile": [np.array([1.0, 0.0]), np.array([0.5, 0.5])],
                                               "player": 0},
    "leverage.tolerance.payoff_scale": lambda: {"payoffs": list(example("game").payoffs)},
    "leverage.tolerance.stacked_payoff_scale": lambda: {"payoffs": list(_bimatrix_stack().values())},
    "leverage.tolerance.tolerances": lambda: {"payoffs": list(example("game").payoffs)},
    "leverage.tolerance.check_rtol": lambda: {"rtol": 1e-6},
    "leverage.solvers.batch.solve_batch": _bimatrix_stack,
    "leverage.solvers.batch.pure_batch": lambda: {"payoffs": list(_bimatrix_stack().values())},
    "leverage.solvers.batch.batch_tolerances": lambda: {"payoffs": list(_bimatrix_stack().values())},
    "leverage.solvers.double_description.polytope_vertices_dd": _polytope,
    "leverage.solvers.adjacency.face_vertices": _polytope,
    "leverage.solvers.support.polytope_vertices_bases": _polytope,
    "leverage.solvers.vertex.polytope_vertices": _polytope,
    "leverage.solvers.vertex.polytope_vertices_qhull": _polytope,
    "leverage.solvers.homotopy.bezout_number": lambda: {"sizes": [2, 2]},
    "leverage.solvers.polynomial.support_profiles": lambda: {"shape": (2, 2)},
    "leverage.solvers.qre.qre": lambda: {"lam": 1.0},
    "leverage.solvers.complementary_pivoting.default_max_pivots": lambda: {"m": 2, "n": 2},
    "leverage.results.verified_equilibrium": lambda: {"strategies": [np.array([1.0, 0.0]), np.array([1.0, 0.0])],
                                                      "method": "fuzz"},
    "leverage.results.clean_probabilities": lambda: {"vector": np.array([0.5, 0.5])},
    "leverage.results.unique_rows_greedy": lambda: {"points": np.array([[0.0, 1.0], [0.0, 1.0]]), "atol": 1e-9},
    "leverage.parameters.Parameter": lambda: {"value": 0.91, "low": 0.85, "high": 0.95, "unit": "share",
                                              "source": "illustrative"},
    "leverage.parameters.ParameterSet": lambda: {"parameters": {"rent": example("parameter")}},
    "leverage.parametric.ParametricGame": lambda: {
        "parameters": example("parameter_set"),
        "payoffs": lambda rent, cost: ([[rent, rent], [2 * rent, -cost]], [[0, -1], [-2, -1]])},
    "leverage.assumptions.Assumption": lambda: {"name": "a", "holds": lambda game, values: True},
    "leverage.actors.actor": lambda: {"name_or_key": "china"},
    "leverage.sensitivity.regimes.threshold": lambda: {"param": "diversification_premium",
                                           "predicate": lambda g: g.is_nash([[0, 1, 0], [1, 0]])},
    "leverage.sensitivity.regimes.regime_map": lambda: {"x": ("diversification_premium", [1.3, 2.4]),
                                            "y": ("separation_share", [0.85, 0.95])},
    "leverage.sensitivity.regimes.distance_to_flip": lambda: {"num": 5},
    "leverage.repeated.RepeatedGame": lambda: {"discount": 0.9},
    "leverage.repeated.critical_discount_factor": lambda: {"cooperative": ("Stockpile", "Open")},
    "leverage.repeated.is_sustainable": lambda: {"cooperative": ("Stockpile", "Open"), "discount": 0.9},
    "leverage.repeated.linked_critical_discount_factor": lambda: {
        "games": [example("game"), example("game")], "cooperative_profiles": [(0, 0), (1, 1)]},
    "leverage.linkage.link": lambda: {"games": (example("game"), example("game"))},
    "leverage.linkage.MultiIssueNegotiation": lambda: {
        "issues": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], "saliences": [[1, 3], [3, 1]],
        "batnas": [[0.6, 0.5], [0.5, 0.6]]},
    "leverage.bargaining.rubinstein": lambda: {"delta": [0.9, 0.8]},
    "leverage.bargaining.patient_limit": lambda: {"rates": [0.1, 0.2]},
    "leverage.bargaining.checks.as_vector": lambda: {"values": [1.0, 2.0], "argument": "d", "n": 2},
    "leverage.bargaining.checks.as_weights": lambda: {"weights": [0.4, 0.6], "n": 2},
    "leverage.bargaining.hull.comprehensive_hull": lambda: {"points": example("points")},
    "leverage.bargaining.hull.pareto_vertices": lambda: {"points": example("points")},
    "leverage.bargaining.sets.FiniteSet": lambda: {"points": example("points")},
    "leverage.bargaining.sets.PointSet": lambda: {"points": example("points")},
    "leverage.bargaining.sets.PolytopeSet": lambda: {"points": example("points")},
    "leverage.bargaining.sets.FrontierSet": lambda: {"f": lambda x: 1 - x**2, "bounds": np.array([[0.0, 1.0]]),
                                                     "n": 2},
    "leverage.bargaining.sets.leximin": lambda: {"fs": _polytope_set(), "base": np.array([0.2, 0.1])},
    "leverage.bargaining.problem.BargainingProblem": lambda: {
        "feasible": example("finite_set"), "disagreement": np.array([0.0, 0.0]), "players": None, "kind": "finite"},
    "leverage.bargaining.hull.nash_point": lambda: {"hull": _hull(), "d": np.zeros(2), "w": np.full(2, 0.5)},
    "leverage.bargaining.hull.nash_value": lambda: {"u": example("points"), "d": np.zeros(2), "w": np.full(2, 0.5)},
    "leverage.bargaining.hull.ray_length": lambda: {"hull": _hull(), "origin": np.zeros(2),
                                                    "direction": np.ones(2)},
    "leverage.actors.Actor": lambda: {"name": "Ruritania", "key": "ruritania", "kind": "resource state",
                                      "parameters": example("parameter_set")},
    "leverage.extensive.parametric.ParametricTree": lambda: {"parameters": example("parametric_tree").parameters,
                                                             "build": example("parametric_tree").build},
    "leverage.extensive.solve.as_extensive_game": lambda: {"game": example("extensive")},
    "leverage.extensive.sequence_form.zero_sum_value": lambda: {"game": example("extensive_zero_sum")},
    "leverage.extensive.sequence_form.sequence_form_lcp": _sequence_form_arrays,
    "leverage.extensive.lcp.lemke": lambda: {"M": np.array([[2.0, 1.0], [1.0, 2.0]]), "q": np.array([-5.0, -6.0])},
    "leverage.extensive.lcp.lcp_violation": lambda: {"M": np.array([[2.0, 1.0], [1.0, 2.0]]),
                                                     "q": np.array([-5.0, -6.0]), "z": np.array([4 / 3, 7 / 3])},
    "leverage.extensive.tree.ExtensiveGame": lambda: {"root": example("extensive").root,
                                                      "players": ("China", "Japan")},
    "leverage.game_tree.GameTree": lambda: {"players": ("China", "Japan")},
    "leverage.extensive.signalling.SignallingGame": lambda: {
        "types": ["High", "Low"], "prior": [0.5, 0.5], "messages": ["Stockpile", "Wait"],
        "actions": ["Comply", "Resist"],
        "sender_payoffs": np.arange(8.0).reshape(2, 2, 2), "receiver_payoffs": -np.arange(8.0).reshape(2, 2, 2)},
    "leverage.extensive.bayesian.BayesianGame": lambda: {
        "types": [["H", "L"], ["x"]], "prior": [[0.5], [0.5]], "actions": [["Fight", "Yield"], ["Enter", "Stay"]],
        "payoffs": [np.arange(8.0).reshape(2, 1, 2, 2), np.ones((2, 1, 2, 2))]},
    "leverage.extensive.pbe.supporting_beliefs": lambda: {"values": [[2.0, 1.5, 0.0], [0.0, 1.5, 2.0]], "action": 1,
                                                          "atol": 0.0},
    "leverage.io.formulas.ScenarioError": lambda: {"problem": "a problem"},
    "leverage.io.formulas.FormulaPayoffs": lambda: {
        "players": ("A", "B"), "strategies": (("a",), ("b",)), "formulas": ()},
    "leverage.linkage.side_payment": lambda: {"transfer": [0.5, -0.5]},
    "leverage.nodes.flatten_tree": lambda: {"root": example("node"), "players": ("China", "Japan"), "root_id": "root"},
    "leverage.scenarios.trajectories.trajectory": lambda: {"name": "managed rivalry"},
    "leverage.solvers.selection.logit_index": lambda: {"strategies": [np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]])]},
    "leverage.solvers.homotopy.track_supports": lambda: {"payoffs": list(example("game3").payoffs),
                                                         "profiles": [((0, 1), (0, 1), (0, 1))]},
    "leverage.solvers.symbolic.SymbolicGame": lambda: {"parameters": example("symbolic").parameters,
                                                       "payoffs": _symbolic_payoffs()},
    "leverage.testing.assumptions.check_assumptions": lambda: {"max_examples": 5, "assumptions": [_assumption()]},
    "leverage.testing.io_strategies.accept.<locals>.expressions": lambda: {"names": ["a", "b"]},
    "leverage.testing.strategies.Ordering": lambda: {
        "name": "pd", "players": ("A", "B"), "strategies": (("C", "D"), ("C", "D")),
        "preferences": {"A": [(("D", "C"), ("C", "C"))], "B": [(("C", "D"), ("C", "C"))]}},
    "leverage.coalitions.game.CoalitionalGame": lambda: {"players": ["US", "EU"],
                                                         "value": {"US": 1, "EU": 1, ("US", "EU"): 3}},
    "leverage.coalitions.formation.coalition_structures": lambda: {"players": ["US", "EU", "Japan"]},
    "leverage.coalitions.formation.split_cost": lambda: {"coalition": ("US", "EU"), "member": "US"},
    "leverage.coalitions.tables.refuse_players": lambda: {"n": 3, "bound": 10, "work": "fuzzing"},
    "leverage.extensive.plans.plan_count": lambda: {"player": "China"},
    "leverage.extensive.plans.plan_names": lambda: {"player": "China"},
    "leverage.extensive.plans.plan_realization": lambda: {"player": "China"},
    "leverage.extensive.plans.reduced_plans": lambda: {"player": "China"},
    "leverage.extensive.plans.behaviour_from_mixed": lambda: {"mixes": [[0.5, 0.5], [0.5, 0.5]]},
    "leverage.extensive.plans.mixed_from_behaviour": lambda: {
        "behaviour": {"root": {"Squeeze": 1.0, "Open": 0.0}, "J": {"Comply": 0.5, "Resist": 0.5}}},
    "leverage.extensive.profiles.verified_extensive_equilibrium": lambda: {
        "behaviour": {"root": {"Squeeze": 0.0, "Open": 1.0}, "J": {"Comply": 0.0, "Resist": 1.0}}, "method": "fuzz"},
    "leverage.extensive.pbe.check_beliefs": lambda: {"beliefs": _beliefs()},
    "leverage.extensive.pbe.check_pbe": lambda: {
        "behaviour": {"root": {"Squeeze": 0.0, "Open": 1.0}, "J": {"Comply": 0.0, "Resist": 1.0}},
        "beliefs": _beliefs()},
    "leverage.io.expressions.parse_expression": lambda: {"text": "a * (1 - b)", "names": ["a", "b"]},
    "leverage.io.files.read_bytes_bounded": lambda: {"path": example("text_file"), "limit": 100},
    "leverage.io.files.read_text_bounded": lambda: {"path": example("text_file"), "limit": 100},
    "leverage.io.files.file_kind": lambda: {"mode": 0o100644},
    "leverage.io.nfg.read_nfg": lambda: {"source": example("nfg_file")},
    "leverage.io.nfg.write_nfg": lambda: {"path": Path("out.nfg").resolve()},
    "leverage.io.efg.read_efg": lambda: {"source": example("efg_file")},
    "leverage.io.efg.write_efg": lambda: {"path": Path("out.efg").resolve()},
    "leverage.io.scenario.load_scenario": lambda: {"path": example("scenario_file")},
    "leverage.io.scenario.save_scenario": lambda: {"path": Path("saved.toml").resolve()},
    # issue 19 (calibration, one unit, scenario files): the public callables it added
    "leverage.io.scenario.unknown_parameter_message": lambda: {"name": "seperation_share",
                                                               "known": ["separation_share", "discount"]},
    "leverage.io.toml_writer.toml_string": lambda: {"text": 'say "hi"'},
    "leverage.io.toml_writer.dotted_key": lambda: {"prefix": "parameters", "key": "rent"},
    "leverage.io.formulas.describe_value": lambda: {"value": 3},
    "leverage.io.formulas.formula_model": lambda: {
        "parameters": example("parameter_set"), "players": ["A", "B"], "strategies": [["a1"], ["b1"]],
        "payoffs": {"A": [["rent"]], "B": [["cost"]]},
        "on_error": lambda key, problem: ValueError(f"formula_model(): {key}: {problem}"),
        "prefix": "games.g"},
    "leverage.scenarios.export_restriction.export_restriction_payoffs": lambda: {
        "separation_share": 0.91, "us_import_dependence": 0.7, "floor_price": 105.0, "market_value": 2.86,
        "china_price": 52.5, "china_cost": 40.0, "rent_forfeit": 0.8, "concession_multiplier": 3.0,
        "shortage_rate": 0.2},
    "leverage.scenarios.alignment.alignment_payoffs": lambda: __import__(
        "leverage.scenarios.alignment", fromlist=["alignment_parameters"]).alignment_parameters().defaults,
    "leverage.scenarios.registry.packaged_scenario": lambda: {"name": "managed_rivalry"},
    "leverage.io.toml_writer.dumps_toml": lambda: {"data": {"scenario": {"name": "x"}}},
    "leverage.io.formulas.formula_game": lambda: {
        "parameters": example("parameter_set"), "players": ["A", "B"], "strategies": [["a1", "a2"], ["b1", "b2"]],
        "payoffs": {"A": [["rent", "0"], ["0", "1"]], "B": [["1", "0"], ["0", "cost"]]}},
    "leverage.nodes.Terminal": lambda: {"payoffs": (1.0, 2.0)},
    "leverage.nodes.Decision": lambda: {"player": "A", "actions": {"x": example("node")}},
    "leverage.nodes.Chance": lambda: {"outcomes": {"x": (1.0, example("node"))}},
    "leverage.nodes.format_payoff": lambda: {"value": 1.5},
    "leverage.sensitivity.sweeps.sweep": lambda: {"space": {"kind": "lhs", "n": 4}, "seed": 1},
    "leverage.sensitivity.indices.morris": lambda: {"outcome": lambda rent, cost: rent + 3 * cost,
                                                    "trajectories": 4, "seed": 0},
    "leverage.sensitivity.indices.sobol": lambda: {"outcome": lambda rent, cost: rent + 2 * cost, "n": 64,
                                                   "seed": 1},
    "leverage.sensitivity.local.tornado": lambda: {"outcome": "payoff_US"},
    "leverage.sensitivity.indices.sweep_outcome": lambda: {"column": "payoff_US"},
    "leverage.sensitivity.fingerprint.fingerprint": lambda: {"obj": {"a": 1}},
    "leverage.scenarios.analysis.flagship_analysis": lambda: {"games": ("export_restriction",), "findings": False,
                                                              "morris_trajectories": 2},
    "leverage.scenarios.tables.format_table": lambda: {"rows": [{"a": 1.0, "b": "x"}]},
    # the figures and the report (issue 20): the calibration they draw, quickly
    "leverage.figures.analysis_figures": lambda: {"parameters": _calibration(), "quick": True},
    "leverage.figures.write_figures": lambda: {"parameters": _calibration(), "directory": "figures", "quick": True},
    "leverage.scenarios.analysis.truncation_note": lambda: {"found": leverage.equilibria(example("game"))},
    # the findings (issue 19)
    "leverage.scenarios.analysis.headline_findings": lambda: {"games": ("coercion",)},
    "leverage.scenarios.findings.robustness": lambda: {"outcome": _findings("outcome"), "here": "rent wins",
                                                       "replicates": 2, "points": 4},
    "leverage.scenarios.findings.grouped_sobol": lambda: {"outcome": _findings("outcome"), "group": ["rent"],
                                                          "here": "rent wins", "n": 4},
    "leverage.scenarios.findings.nearest_flip": lambda: {"outcome": _findings("outcome"), "num": 2, "xtol": 1e-3},
    "leverage.scenarios.findings.confidence": lambda: {"robustness": 0.9, "flip_distance": 0.2,
                                                       "illustrative_share": 0.1},
    "leverage.scenarios.findings.find": lambda: {"conclusion": _findings("conclusion"), "replicates": 2,
                                                 "points": 4, "flip_num": 2, "flip_xtol": 1e-3},
    "leverage.scenarios.findings.Conclusion": lambda: {"name": "race", "outcome": _findings("outcome"),
                                                       "statement": lambda label: f"{label}."},
    "leverage.scenarios.findings.Finding": lambda: fields(_findings("finding")),
    "leverage.scenarios.findings.NearestFlip": lambda: fields(_findings("flip")),
    "leverage.scenarios.findings.GroupIndices": lambda: {"group": ("rent",), "first_order": 0.2, "total_order": 0.3,
                                                         "variance": 0.25, "n": 8},
    "leverage.scenarios.findings.pointwise": lambda: {"label": lambda values: "up"},
    "leverage.testing.assertions.assert_equilibrium": lambda: {"profile": [[1, 0], [1, 0]]},
    "leverage.testing.assertions.assert_invariant": lambda: {"transform": lambda g: g},
    "leverage.testing.assertions.assert_monotone": lambda: {"param": "diversification_premium",
                                                            "outcome": lambda g: 0.0, "num": 3},
    "leverage.testing.assertions.assert_regime": lambda: {"params": {}, "expected": lambda regime: True},
    "leverage.testing.assertions.assert_sweeps_identical": lambda: {"first": example("sweep_result"),
                                                                    "second": example("sweep_result")},
    "leverage.testing.assertions.format_values": lambda: {"values": {"a": 1.0}},
    "leverage.extensive.signalling.pbe_classes": lambda: {"pbes": [example("signalling_pbe")]},
    "leverage.extensive.intuitive.intuitive_criterion": lambda: {"pbe": example("signalling_pbe")},
    "leverage.solvers.symbolic.parameter_symbols": lambda: {"parameters": example("parameter_set")},
    "leverage.plotting.plot_bargaining": lambda: {},
    "leverage.plotting.plot_regime_map": lambda: {"regime_map_result": example("regime_map")},
    "leverage.plotting.plot_sobol": lambda: {"indices": example("sobol_indices")},
    "leverage.plotting.plot_tornado": lambda: {"bars": example("tornado_bars")},
    "leverage.sensitivity.statics.comparative_statics": lambda: {"model": example("symbolic")},
    # the coercion package
    "leverage.coercion.crisis.drezner_concession": lambda: {"target_cost": 1.0, "sender_cost": 0.4, "beta": 0.5},
    "leverage.coercion.crisis.risk_return": lambda: {"p": 0.5, "cost_a": 0.1, "cost_b_max": 0.3},
    "leverage.coercion.maps.coercion_regime_map": lambda: {
        "model": example("coercion_model"), "x": ("rent", [0.5, 1.0]), "y": ("build_time", [1.0, 2.0])},
    "leverage.coercion.model.CoercionOutcome": lambda: fields("coercion_outcome"),
    "leverage.coercion.model.level_name": lambda: {"r": 0.5},
    "leverage.coercion.payoffs.check_coercion_values": lambda: {"values": example("coercion_values")},
    "leverage.coercion.payoffs.check_restriction": lambda: {"r": [0.0, 0.5]},
    "leverage.coercion.payoffs.coercer_present_values": lambda: {"values": example("coercion_values"),
                                                                 "r": [0.0, 0.5]},
    "leverage.coercion.payoffs.target_present_values": lambda: {"values": example("coercion_values"),
                                                                "r": [0.0, 0.5]},
    "leverage.coercion.payoffs.diversification_threshold": lambda: {"values": example("coercion_values")},
    "leverage.coercion.payoffs.maximise_on_interval": lambda: {"f": lambda r: -(r - 0.3) ** 2, "low": 0.0,
                                                               "high": 1.0},
    "leverage.coercion.payoffs.replace_values": lambda: {"parameters": example("coercion_model").parameters,
                                                         "overrides": {"rent": 1.5}},
    "leverage.coercion.sanctions.ThreatOutcome": lambda: fields("threat_outcome"),
    "leverage.coercion.threat_sweep.ThreatSweep": lambda: fields("threat_sweep"),
    "leverage.coercion.threat_sweep.sweep_threats": lambda: {"samples": 4, "rng": 0},
    "leverage.coercion.screening.ScreeningOutcome": lambda: fields("screening_outcome"),
    "leverage.coercion.signalling.InvestmentOutcome": lambda: fields(example("investment_result").outcomes[0]),
    "leverage.coercion.signalling.InvestmentSignallingResult": lambda: fields("investment_result"),
    **_dynamic_overrides(),  # leverage.dynamic and the diversification race (issue 18)
    **_race_path_overrides(),  # the trajectories' race paths and the race's sensitivity (issue 18)
}
