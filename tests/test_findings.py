"""Findings (issue 19): robustness, nearest flip, illustrative share and confidence, checked against closed forms.

The oracle model is a 2 x 2 game whose equilibrium switches on a known line:
the row player's first strategy strictly dominates exactly when
``a + b > 1.2``, with ``a`` uniform on ``[0, 1]`` and ``b`` on ``[0, 2]``. The
share of the box on the ``Hold`` side is ``1 - (1.2 - 1/2) / 2 = 0.65``, and
from ``(a, b) = (0.7, 0.9)`` the nearest flip is ``b`` falling to ``0.5`` (a
fifth of its range; ``a`` would need 0.4 of its own).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings

from leverage import Parameter, ParameterSet, ParametricGame
from leverage.sensitivity.regimes import threshold
from leverage.scenarios.findings import (
    CONFIDENCE_RULE,
    Conclusion,
    Finding,
    NearestFlip,
    confidence,
    find,
    game_outcome,
    grouped_sobol,
    illustrative_names,
    is_illustrative,
    nearest_flip,
    pointwise,
    robustness,
)
from leverage.sensitivity import sobol
from leverage.testing.findings_strategies import linear_boundaries

LINE = 1.2
EXACT_SHARE = 1.0 - (LINE - 0.5) / 2.0  # P(a + b > 1.2), a ~ U[0, 1], b ~ U[0, 2]


def _payoffs(a, b):
    gain = a + b - LINE
    zero = 0.0 * a
    return [[gain, gain], [zero, zero]], [[zero + 1.0, zero], [zero + 1.0, zero]]


def _model(illustrative_b: bool = False) -> ParametricGame:
    ps = ParameterSet(a=Parameter(0.7, 0.0, 1.0, "share", "test figure"),
                      b=Parameter(0.9, 0.0, 2.0, "share", "illustrative" if illustrative_b else "test figure"))
    return ParametricGame(ps, _payoffs, players=("Row", "Column"), strategies=(("Hold", "Fold"), ("Left", "Right")))


def test_the_oracle_game_switches_on_the_line():
    outcome = game_outcome(_model())
    labels = outcome(a=np.array([0.7, 0.7, 0.1]), b=np.array([0.9, 0.4, 0.9]))
    assert labels.tolist() == ["Hold/Left", "Fold/Left", "Fold/Left"]


def test_robustness_matches_the_exact_share_and_an_independent_monte_carlo_estimate():
    model = _model()
    outcome = game_outcome(model)
    share, se = robustness(outcome, model.parameters, here="Hold/Left", replicates=16, points=256, seed=3)
    assert 0 < se < 0.01
    assert abs(share - EXACT_SHARE) < 4 * se + 1e-3
    # an independent plain Monte Carlo estimate of the same model: numpy draws, not scipy's QMC
    rng = np.random.default_rng(12345)
    n = 20_000
    hits = outcome(a=rng.uniform(0.0, 1.0, n), b=rng.uniform(0.0, 2.0, n)) == "Hold/Left"
    mc, mc_se = float(hits.mean()), float(hits.std(ddof=1) / math.sqrt(n))
    assert abs(mc - EXACT_SHARE) < 4 * mc_se
    assert abs(share - mc) < 4 * math.hypot(se, mc_se)


def test_robustness_of_an_indicator_and_its_standard_error_shrinks_with_more_points():
    ps = _model().parameters
    holds = lambda a, b: a + b > LINE  # noqa: E731
    small = robustness(holds, ps, replicates=8, points=32, seed=0)
    large = robustness(holds, ps, replicates=8, points=1024, seed=0)
    assert large[1] < small[1]
    assert abs(large[0] - EXACT_SHARE) < 4 * large[1] + 1e-3


def test_nearest_flip_is_the_exact_threshold():
    model = _model()
    flip = nearest_flip(game_outcome(model), model.parameters, xtol=1e-9)
    assert flip.parameter == "b" and flip.result == "Fold/Left"
    assert abs(flip.to - (LINE - 0.7)) <= 1e-9 * 2.0
    assert flip.relative_change == pytest.approx((LINE - 0.7 - 0.9) / 2.0, abs=1e-8)
    # the same line found by leverage.sensitivity.regimes.threshold on the game itself
    holds = lambda g: g.payoffs[0][0, 0] > g.payoffs[0][1, 0]  # noqa: E731
    assert flip.to == pytest.approx(threshold(model, "b", holds), abs=1e-8)
    # from the other side of the line (a + b = 0.6): b must rise to 1.1, 0.3 of its range (a: 0.6 of its)
    flip = nearest_flip(game_outcome(model), model.parameters, at={"a": 0.1, "b": 0.5}, xtol=1e-9)
    assert flip.parameter == "b" and flip.result == "Hold/Left"
    assert flip.to == pytest.approx(1.1, abs=2e-9) and flip.relative_change == pytest.approx(0.3, abs=1e-8)


def test_nearest_flip_from_another_point_and_none_when_nothing_flips():
    model = _model()
    # at a = 0.95, b = 0.5: a must fall to 0.7 (0.25 of its range), b to 0.25 (0.125 of its range)
    flip = nearest_flip(game_outcome(model), model.parameters, at={"a": 0.95, "b": 0.5}, xtol=1e-9)
    assert (flip.parameter, flip.value) == ("b", 0.5)
    assert flip.to == pytest.approx(0.25, abs=2e-9)
    ps = ParameterSet(a=Parameter(0.5, 0.0, 1.0, "u", "s"))
    assert nearest_flip(pointwise(lambda v: "same"), ps) is None


@settings(max_examples=25)
@given(linear_boundaries())
def test_nearest_flip_finds_any_linear_threshold(boundary):
    ps, outcome, flip_to = boundary
    flip = nearest_flip(outcome, ps, num=3, xtol=1e-7)
    assert flip is not None and flip.parameter == "x"
    assert abs(flip.to - flip_to) <= 1e-7 * (ps["x"].high - ps["x"].low)


def test_grouped_sobol_on_additive_and_product_models():
    ps = ParameterSet(**{k: Parameter(0.5, 0.0, 1.0, "u", "s") for k in "abc"})
    additive = lambda a, b, c: a + 2 * b + 3 * c  # noqa: E731 -- variance shares 1 : 4 : 9
    res = grouped_sobol(additive, ps, ["b", "c"], n=4096, seed=2)
    assert res.first_order == pytest.approx(13 / 14, abs=0.02)
    assert res.total_order == pytest.approx(13 / 14, abs=0.02)
    # one parameter as a group: the per-parameter indices of leverage.sensitivity.sobol
    single = grouped_sobol(additive, ps, ["a"], n=4096, seed=2)
    per_parameter = sobol(additive, ps, n=4096, seed=2)
    assert single.total_order == pytest.approx(1 / 14, abs=0.01)
    assert single.first_order == pytest.approx(float(per_parameter.first_order[0]), abs=0.02)
    # a product: Var(ab) = 7/144, Var(E[ab | a]) = 3/144, so S_a = 3/7 and S_Ta = 1 - S_b = 4/7
    two = ParameterSet(a=ps["a"], b=ps["b"])
    prod = grouped_sobol(lambda a, b: a * b, two, ["a"], n=8192, seed=1)
    assert prod.first_order == pytest.approx(3 / 7, abs=0.02)
    assert prod.total_order == pytest.approx(4 / 7, abs=0.02)
    # the empty group and the whole set need no sampling of A_B
    assert grouped_sobol(additive, ps, [], n=64).total_order == 0.0
    assert grouped_sobol(additive, ps, ["a", "b", "c"], n=64).total_order == 1.0
    assert math.isnan(grouped_sobol(lambda a, b, c: 0 * a, ps, ["a"], n=64).total_order)


def test_illustrative_parameters_are_those_flagged():
    flagged = Parameter(0.4, 0.1, 0.9, "per round", "illustrative: one round a year")
    sourced = Parameter(0.7, 0.65, 0.8, "share", "USGS MCS 2025")
    assert is_illustrative(flagged) and not is_illustrative(sourced)
    assert is_illustrative(Parameter(0.7, 0.65, 0.8, "share", "a guess", illustrative=True))
    assert illustrative_names(ParameterSet(x=sourced, y=flagged)) == ("y",)


@pytest.mark.parametrize(("share", "flip", "illustrative", "label"), [
    (0.95, 0.3, 0.1, "high"), (0.9, 0.1, 0.5, "high"), (0.95, None, None, "high"),
    (0.89, 0.3, 0.1, "medium"), (0.95, 0.09, 0.1, "medium"), (0.95, 0.3, 0.51, "medium"),
    (0.59, 0.3, 0.1, "low"), (0.95, -0.019, 0.1, "low"), (0.95, 0.3, 0.81, "low"), (0.6, 0.02, 0.8, "medium"),
])
def test_the_confidence_rule(share, flip, illustrative, label):
    assert confidence(share, flip, illustrative) == label
    assert "high: robustness >= 0.9" in CONFIDENCE_RULE


def test_find_states_a_conclusion_with_its_figures():
    model = _model(illustrative_b=True)
    conclusion = Conclusion("line", model.parameters, game_outcome(model),
                            lambda label: f"The row player plays {label.split('/')[0]}.")
    f = find(conclusion, replicates=8, points=256, flip_num=8, seed=4)
    assert f.statement == "The row player plays Hold." and f.label == "Hold/Left"
    assert abs(f.robustness - EXACT_SHARE) < 4 * f.robustness_se + 1e-3
    assert f.draws == 2 * 8 * 256 and f.illustrative == ("b",)
    assert f.nearest_flip.parameter == "b" and abs(f.nearest_flip.to - 0.5) < 1e-6 * 2
    # the indicator of a + b > 1.2: b's total index is 1 - Var(E[Y | a]) / Var(Y), in closed form
    # P(b > 1.2 - a | a) = (0.8 + a) / 2 for a in [0, 1]: its variance is Var(a) / 4 = 1/48
    p, var_given_a = EXACT_SHARE, 1 / 48
    assert f.illustrative_share == pytest.approx(1 - var_given_a / (p * (1 - p)), abs=0.05)
    assert f.confidence == confidence(f.robustness, f.nearest_flip.relative_change, f.illustrative_share)
    data = json.loads(json.dumps(f.as_dict(), allow_nan=False))
    assert data["nearest_flip"]["parameter"] == "b" and data["illustrative"] == ["b"]


def test_headline_coercion_finding_agrees_with_the_model():
    from scipy.stats import qmc

    from leverage.scenarios.analysis import headline_findings
    from leverage.scenarios.trajectories import COERCION_PREFIX, coercion_model, default_parameters
    from leverage.scenarios import analysis

    (finding,) = headline_findings(games=("coercion",))
    assert finding.label == "calibrated" and "about 25% of supply" in finding.statement
    assert 0 < finding.robustness < 1 and finding.confidence in ("high", "medium", "low")
    # the vectorised conclusion names the regime that CoercionModel.solve() finds, draw by draw
    ps = default_parameters()
    conclusion = analysis._coercion_conclusion(ps)  # noqa: SLF001 -- the definition under test
    box = conclusion.parameters
    X = qmc.scale(qmc.Sobol(len(box), seed=7).random(16), box.lows, box.highs)
    labels = conclusion.outcome(**{k: X[:, j] for j, k in enumerate(box.names)})
    solved = [coercion_model(ps.replace(**dict(zip(box.names, row)))).solve().regime for row in X]
    assert labels.tolist() == solved
    assert box.names[0].startswith(COERCION_PREFIX)


def test_the_json_output_holds_the_findings_then_the_tables(monkeypatch, capsys):
    import leverage.scenarios.analysis as analysis
    from leverage.__main__ import main

    # the main job's own output path, on an analysis that is quick to compute: real findings, and a
    # table holding the values JSON cannot (NaN, infinity, numpy scalars)
    stated = tuple(analysis.headline_findings(games=("coercion",)))
    tables = {"regime flips": [{"parameter": "x", "distance": float("inf"), "regret": float("nan"),
                                "holds": np.bool_(True), "count": np.int64(3)}]}

    def small(parameters=None, games=None, morris_trajectories=10, seed=0, findings=True, quick=False):
        return analysis.Analysis(tables, parameters, stated)

    monkeypatch.setattr(analysis, "flagship_analysis", small)
    assert main(["--format", "json"]) == 0
    text = capsys.readouterr().out
    assert "NaN" not in text and "Infinity" not in text  # json.loads would accept them: check by hand
    data = json.loads(text)
    assert list(data)[:2] == ["title", "findings"] and "tables" in data
    assert data["tables"]["regime flips"] == [{"parameter": "x", "distance": None, "regret": None, "holds": True,
                                               "count": 3}]
    assert [f["name"] for f in data["findings"]] == ["coercion"]
    for f in data["findings"]:
        for key in ("statement", "robustness", "robustness_se", "nearest_flip", "illustrative_share", "confidence"):
            assert key in f, key
        assert isinstance(f["statement"], str) and f["statement"].endswith(".")
        assert 0.0 <= f["robustness"] <= 1.0 and f["robustness_se"] >= 0.0
        assert f["illustrative_share"] is None or 0.0 <= f["illustrative_share"] <= 1.0
        assert f["confidence"] in ("high", "medium", "low")
        flip = f["nearest_flip"]
        assert flip is None or {"parameter", "from", "to", "relative_change", "result"} <= set(flip)
    assert data["findings"][0]["statement"] == stated[0].statement
    # the text output prints the findings before the first table
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.index("Findings") < out.index("Distance from the calibration to a regime flip")
    assert "China's best restriction is interior" in out


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: robustness(None, _model().parameters), TypeError, r"robustness\(\): outcome"),
    (lambda: robustness(lambda a, b: a > b, _model().parameters, points=3), ValueError, r"robustness\(\): points"),
    (lambda: robustness(lambda a, b: a > b, _model().parameters, replicates=1), ValueError,
     r"robustness\(\): replicates"),
    (lambda: robustness(lambda a, b: a + b, _model().parameters), ValueError, r"robustness\(\): the outcome"),
    (lambda: robustness(lambda a, b: a > b, "box"), TypeError, r"robustness\(\): parameters"),
    (lambda: grouped_sobol(lambda a, b: a, _model().parameters, ["c"]), ValueError, r"grouped_sobol\(\): group"),
    (lambda: grouped_sobol(lambda a, b: a, _model().parameters, "a"), TypeError, r"grouped_sobol\(\): group"),
    (lambda: grouped_sobol(lambda a, b: a, _model().parameters, ["a"], n=100), ValueError, r"grouped_sobol\(\): n"),
    (lambda: nearest_flip(game_outcome(_model()), _model().parameters, num=0), ValueError, r"nearest_flip\(\): num"),
    (lambda: nearest_flip(game_outcome(_model()), _model().parameters, xtol=1.0), ValueError,
     r"nearest_flip\(\): xtol"),
    (lambda: nearest_flip(game_outcome(_model()), _model().parameters, at={"a": 5.0}), ValueError,
     r"nearest_flip\(\): a=5"),
    (lambda: confidence(1.5, 0.1, 0.1), ValueError, r"confidence\(\): robustness"),
    (lambda: confidence(0.5, "far", 0.1), TypeError, r"confidence\(\): flip_distance"),
    (lambda: find("a conclusion"), TypeError, r"find\(\): conclusion"),
    (lambda: Conclusion("", _model().parameters, str, str), TypeError, r"Conclusion\(\): name"),
    (lambda: Conclusion("x", _model().parameters, None, str), TypeError, r"Conclusion\(\): outcome"),
    (lambda: game_outcome("a game"), TypeError, r"game_outcome\(\): model"),
    (lambda: pointwise(3), TypeError, r"pointwise\(\): label"),
    (lambda: is_illustrative(0.5), TypeError, r"is_illustrative\(\): parameter"),
])
def test_bad_input_errors_name_the_function_and_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_finding_without_a_flip_or_variance_writes_null():
    f = Finding("x", "Always.", "always", 1.0, 0.0, None, None, "high")
    assert f.as_dict()["nearest_flip"] is None and f.as_dict()["illustrative_share"] is None
    flip = NearestFlip("a", 0.5, 0.25, -0.25, "other")
    assert Finding("x", "S.", "s", 0.5, 0.1, flip, 0.2, "low").as_dict()["nearest_flip"]["to"] == 0.25
