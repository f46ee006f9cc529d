"""Randomness per SPEC 7: every random function takes ``rng=`` (a Generator, a seed or None), ``seed=`` as its alias.

For each function: ``rng=<int>`` gives what ``seed=<int>`` gives; a Generator is used as it is (two
calls with one generator differ, two fresh generators of one seed agree); ``rng`` and ``seed``
together, or an ``rng`` of the wrong kind, raise a TypeError naming the function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from leverage import Parameter, ParameterSet

PS = ParameterSet(a=Parameter(0.8, 0.0, 1.0, "share", "s"), b=Parameter(0.5, 0.0, 1.0, "share", "illustrative"))


def _sample(**kw: Any) -> Any:
    return PS.sample(4, **kw)


def _robustness(**kw: Any) -> Any:
    from leverage.scenarios.findings import robustness

    return robustness(lambda a, b: a > b, PS, replicates=4, points=32, **kw)


def _grouped_sobol(**kw: Any) -> Any:
    from leverage.scenarios.findings import grouped_sobol

    res = grouped_sobol(lambda a, b: a + 2 * b * b, PS, ["b"], n=16, **kw)
    return res.first_order, res.total_order


def _find(**kw: Any) -> Any:
    from leverage.scenarios.findings import Conclusion, find

    c = Conclusion("race", PS, lambda a, b: np.where(a > b, "a wins", "b wins"), lambda lab: f"{lab}.")
    f = find(c, replicates=4, points=32, flip_num=2, **kw)
    return f.robustness, f.robustness_se, f.illustrative_share


def _race_sweep(**kw: Any) -> Any:
    from leverage.results import SolverError
    from leverage.scenarios.race_sensitivity import RaceModel, race_sweep

    class Unsolved(RaceModel):  # the draws are what is tested here, not the (slow) solves
        def outcome(self, **values: float) -> Any:
            raise SolverError("not solved in this test")

    swept = race_sweep({"kind": "random", "n": 3}, Unsolved(vary=("completion", "investment_cost")), **kw)
    assert set(swept.regime) == {"unsolved"}
    return swept.values


def _track_supports(**kw: Any) -> Any:
    from leverage.solvers.homotopy import track_supports

    u = np.zeros((3, 2, 2, 2))  # McKelvey and McLennan's game: two totally mixed equilibria
    u[:, 0, 0, 0] = 9, 8, 12
    u[:, 1, 1, 0] = 9, 8, 2
    u[:, 0, 1, 1] = u[:, 1, 0, 1] = 3, 4, 6
    out = track_supports(list(u / 12), [((0, 1), (0, 1), (0, 1))], **kw)
    assert len(out.roots[0]) == 2  # the same two solutions whatever the start system
    return np.sort_complex(out.roots[0].ravel())


def _simulate(**kw: Any) -> Any:
    from leverage.dynamic import StochasticGame, pure_markov_equilibria, simulate

    g = StochasticGame(("A",), ("on", "off"), [(("stay",),), (("stay",),)], [[[1.0]], [[0.0]]],
                       [[[0.5, 0.5]], [[0.5, 0.5]]], 0.5)
    return simulate(pure_markov_equilibria(g).equilibrium, "on", 12, runs=4, **kw)["state"]


def _shapley(**kw: Any) -> Any:
    from leverage.coalitions import CoalitionalGame

    g = CoalitionalGame.pooled_offtake({"US": 0.5, "EU": 0.3, "Japan": 0.2}, scale=0.2)
    return g.shapley_value(method="sample", n=20, **kw).payoffs


def _sweep_threats(**kw: Any) -> Any:
    from leverage.coercion.threat_sweep import sweep_threats

    return np.column_stack(list(sweep_threats(2, **kw).parameters.values()))


#: (function as named in its errors, a small call returning a comparable value)
CASES: list[tuple[str, Callable[..., Any]]] = [
    ("ParameterSet.sample()", _sample),
    ("robustness()", _robustness),
    ("grouped_sobol()", _grouped_sobol),
    ("find()", _find),
    ("race_sweep()", _race_sweep),
    ("track_supports()", _track_supports),
    ("simulate()", _simulate),
    ("CoalitionalGame.shapley_value()", _shapley),
    ("sweep_threats()", _sweep_threats),
]
IDS = [name for name, _ in CASES]


def same(x: Any, y: Any) -> bool:
    return all(np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(np.atleast_1d(x), np.atleast_1d(y))) \
        if not isinstance(x, tuple) else all(same(a, b) for a, b in zip(x, y))


@pytest.mark.parametrize(("name", "call"), CASES, ids=IDS)
def test_rng_int_is_seed_and_a_generator_is_used(name, call):
    assert same(call(rng=5), call(seed=5))
    shared = np.random.default_rng(11)
    first, second = call(rng=shared), call(rng=shared)
    assert same(first, call(rng=np.random.default_rng(11)))  # a fresh generator of one seed: the same
    assert not same(first, second)  # the generator's state advanced between the calls
    if name == "track_supports()":
        # other start systems, other paths: the same roots, up to the corrector's tolerance, not bit for bit
        np.testing.assert_allclose(first, second, atol=1e-8)


@pytest.mark.parametrize(("name", "call"), CASES, ids=IDS)
def test_rng_and_seed_together_or_a_bad_rng_is_refused(name, call):
    escaped = name.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")
    with pytest.raises(TypeError, match=rf"{escaped}: give rng or its alias seed, not both"):
        call(rng=1, seed=1)
    for bad in ("7", 1.5, True, np.random.RandomState(0)):
        with pytest.raises(TypeError, match=rf"{escaped}: rng must be a numpy\.random\.Generator, a non-negative"):
            call(rng=bad)
    with pytest.raises(ValueError, match=rf"{escaped}: rng must be at least 0"):
        call(rng=-1)


def test_findings_default_to_the_fixed_seed_0():
    assert same(_robustness(), _robustness(rng=0)) and same(_find(), _find(seed=0))


def test_track_supports_defaults_to_its_fixed_seed():
    from leverage.solvers.homotopy import SEED

    assert same(_track_supports(), _track_supports(rng=SEED))


def test_check_assumptions_takes_rng():
    from leverage import Assumption
    from leverage.scenarios import export_restriction_game
    from leverage.testing.assumptions import check_assumptions

    model = export_restriction_game()
    complies = Assumption("the US complies with licensing",
                          lambda game, values: game.payoffs[1][1, 0] >= game.payoffs[1][1, 1])

    def counterexample(**kw: Any) -> dict[str, float]:
        (result,) = check_assumptions(model, [complies], max_examples=20, **kw).results
        assert not result.holds
        return result.counterexample

    assert counterexample(rng=3) == counterexample(seed=3) and counterexample() == counterexample(rng=0)
    shared, fresh = np.random.default_rng(4), np.random.default_rng(4)
    assert counterexample(rng=shared) == counterexample(rng=fresh)
    assert shared.random() == fresh.random()  # one seed drawn from each: their states advanced alike
    assert shared.random() != np.random.default_rng(4).random()
    with pytest.raises(TypeError, match=r"check_assumptions\(\): give rng or its alias seed, not both"):
        check_assumptions(model, [complies], rng=1, seed=1)
    with pytest.raises(TypeError, match=r"check_assumptions\(\): rng must be a numpy\.random\.Generator"):
        check_assumptions(model, [complies], rng="x")
