"""Global sensitivity: Sobol' indices against the Ishigami closed form, Morris screening, NaN handling."""

from __future__ import annotations

import math

import numpy as np
import pytest

from leverage import Parameter, ParameterSet
from leverage.scenarios import export_restriction_game
from leverage.sensitivity import morris, sobol, sweep_outcome
from test_regimes import closed_form_premium  # noqa: E402 -- tests/ is on the path (tests/conftest.py)

A_ISHIGAMI, B_ISHIGAMI = 7.0, 0.1


def ishigami_parameters() -> ParameterSet:
    source = "Ishigami and Homma (1990), the standard test function of global sensitivity analysis"
    return ParameterSet(
        x1=Parameter(0.0, -math.pi, math.pi, "1", source),
        x2=Parameter(0.0, -math.pi, math.pi, "1", source),
        x3=Parameter(0.0, -math.pi, math.pi, "1", source),
    )


def ishigami(x1, x2, x3):
    return np.sin(x1) + A_ISHIGAMI * np.sin(x2) ** 2 + B_ISHIGAMI * x3**4 * np.sin(x1)


def ishigami_indices(a=A_ISHIGAMI, b=B_ISHIGAMI):
    """Analytic first-order and total indices (Ishigami and Homma 1990; Sobol' and Levitan 1999)."""
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def test_sobol_indices_of_the_ishigami_function():
    res = sobol(ishigami, ishigami_parameters(), n=2**14, seed=7, n_resamples=0)  # the point estimates only
    first, total = ishigami_indices()
    np.testing.assert_allclose(res.first_order, first, atol=0.02)
    np.testing.assert_allclose(res.total_order, total, atol=0.02)
    assert set(res.as_dict()) == {"x1", "x2", "x3"}


def test_morris_ranks_the_ishigami_inputs():
    res = morris(ishigami, ishigami_parameters(), trajectories=60, seed=3)
    # x2 and x1 dominate, x3 acts only through its interaction with x1
    assert res.ranking()[-1] != "x2"
    assert np.all(res.mu_star >= np.abs(res.mu) - 1e-12)


def test_regime_indicator_and_equilibrium_outcome():
    model = export_restriction_game()
    us = sweep_outcome(model, "payoff_US")
    res = sobol(us, model.parameters, n=64, seed=0)
    assert res.total_order.shape == (3,)
    # the diversification premium drives the US payoff through the regime change
    assert int(np.argmax(res.total_order)) == model.parameters.names.index("diversification_premium")

    licensing = sweep_outcome(model, "p_China_License")
    effects = morris(licensing, model.parameters, trajectories=8, seed=1)
    assert effects.ranking()[0] == "diversification_premium"


def test_non_finite_outcomes_raise_instead_of_giving_zeros():
    ps = ishigami_parameters()
    with pytest.raises(ValueError, match=r"sobol\(\): the outcome is not finite for"):
        sobol(lambda x1, x2, x3: np.where(x1 > 0, np.nan, x1), ps, n=64, seed=0)
    with pytest.raises(ValueError, match=r"morris\(\): the outcome is not finite"):
        morris(lambda x1, x2, x3: np.where(x1 < 0, np.inf, x1), ps, seed=0)


def test_bad_arguments():
    ps = ishigami_parameters()
    with pytest.raises(ValueError, match="n must be a power of 2"):
        sobol(ishigami, ps, n=100)
    with pytest.raises(ValueError, match="levels must be an even integer"):
        morris(ishigami, ps, levels=3)
    with pytest.raises(TypeError, match=r"sobol\(\): parameters must be a ParameterSet"):
        sobol(ishigami, {"x1": (0, 1)})
    with pytest.raises(ValueError, match="one number per draw"):
        sobol(lambda x1, x2, x3: np.zeros(3), ps, n=64)


def test_sobol_indices_of_a_regime_indicator_match_the_closed_form_boundary():
    # licensing is complied with iff premium >= p*(share), the closed form of test_regimes (d cancels);
    # the first-order indices of its indicator follow from that boundary, by quadrature over the
    # uniform ranges
    model = export_restriction_game()
    ps = model.parameters
    (sl, sh), (pl, ph) = [(ps[k].low, ps[k].high) for k in ("separation_share", "diversification_premium")]
    p = np.linspace(pl, ph, 200_001)
    s = np.linspace(sl, sh, 200_001)
    boundary = closed_form_premium(s)
    assert np.all(np.diff(boundary) < 0)  # p*(s) falls with the share, so licensing needs s >= s*(p)
    # P(licensing | premium): the share of s in its range with p*(s) <= p, by inverting the falling boundary
    s_star = np.interp(p, boundary[::-1], s[::-1], left=np.inf, right=-np.inf)
    given_p = np.clip((sh - s_star) / (sh - sl), 0, 1)
    given_s = np.clip((ph - boundary) / (ph - pl), 0, 1)  # P(licensing | share)
    mean = given_p.mean()
    assert mean == pytest.approx(given_s.mean(), abs=1e-4)  # both are P(licensing)
    variance = mean * (1 - mean)
    expected = {"diversification_premium": given_p.var() / variance, "separation_share": given_s.var() / variance}

    licensed = sweep_outcome(model, "regime", equals="License/Comply")
    res = sobol(licensed, ps, n=2048, seed=3)
    got = res.as_dict()
    for name, value in expected.items():
        assert got[name][0] == pytest.approx(value, abs=0.05), name
    assert got["us_import_dependence"][1] == pytest.approx(0.0, abs=0.02)  # the boundary does not move with it
    effects = morris(licensed, ps, trajectories=16, seed=2)
    assert effects.ranking()[0] == "diversification_premium"
    assert effects.mu_star[ps.names.index("us_import_dependence")] == 0.0  # moving d alone never flips the regime


def test_sweep_outcome_rejects_unknown_columns():
    model = export_restriction_game()
    with pytest.raises(ValueError, match=r"sweep_outcome\(\): column must be one of"):
        sweep_outcome(model, "payoff_China_total")
    with pytest.raises(ValueError, match=r"sweep_outcome\(\): equals \(a regime label\) is needed"):
        sweep_outcome(model, "regime")
    with pytest.raises(TypeError, match=r"sweep_outcome\(\): model must be a ParametricGame"):
        sweep_outcome(model.game(), "payoff_US")


# ----------------------------------------------------------------------------- intervals and generators


def _unit_square() -> ParameterSet:
    return ParameterSet(a=Parameter(0.5, 0.0, 1.0, "1", "test"), b=Parameter(0.5, 0.0, 1.0, "1", "test"))


def _additive(a, b):
    return a + 2 * b


# a + 2b with a, b uniform on [0, 1]: Var(a) = 1/12, Var(2b) = 4/12, so S_a = 1/5 and S_b = 4/5 (first = total)
ADDITIVE_INDICES = np.array([1 / 5, 4 / 5])


def test_sobol_intervals_contain_the_closed_form_indices_and_shrink_with_n():
    widths = []
    for n in (256, 4096):
        res = sobol(_additive, _unit_square(), n=n, rng=11, n_resamples=300)
        assert res.confidence_level == 0.95
        for ci, estimate in ((res.first_order_ci, res.first_order), (res.total_order_ci, res.total_order)):
            assert ci.shape == (2, 2)
            assert np.all(ci[:, 0] <= ADDITIVE_INDICES) and np.all(ADDITIVE_INDICES <= ci[:, 1])
            assert np.all(ci[:, 0] <= estimate) and np.all(estimate <= ci[:, 1])
        widths.append(np.diff(res.first_order_ci, axis=1).ravel())
    assert np.all(widths[1] < 0.5 * widths[0])  # sqrt(16) = 4 times narrower, give or take


def test_sobol_intervals_are_reproducible_and_can_be_skipped():
    first = sobol(_additive, _unit_square(), n=64, rng=5, n_resamples=50)
    again = sobol(_additive, _unit_square(), n=64, seed=5, n_resamples=50)
    assert np.array_equal(first.first_order_ci, again.first_order_ci)
    assert np.array_equal(first.total_order_ci, again.total_order_ci)
    for skipped in (sobol(_additive, _unit_square(), n=64, rng=5, n_resamples=0),
                    sobol(_additive, _unit_square(), n=64, rng=5, confidence_level=None)):
        assert skipped.first_order_ci is None and skipped.total_order_ci is None and skipped.confidence_level is None
        assert np.array_equal(skipped.first_order, first.first_order)  # the bootstrap comes after the draws


def _seed_keyword(func) -> str:
    """The name under which the installed scipy's ``func`` takes its generator: rng (1.15 on) or random_state."""
    import inspect

    return "rng" if "rng" in inspect.signature(func).parameters else "random_state"


def test_sobol_on_scipy_before_1_15_passes_random_state(monkeypatch):
    import scipy.stats

    real_indices, real_bootstrap = scipy.stats.sobol_indices, scipy.stats.bootstrap
    index_key, bootstrap_key = _seed_keyword(real_indices), _seed_keyword(real_bootstrap)

    def old_sobol_indices(*, func, n, dists=None, method="saltelli_2010", random_state=None):
        return real_indices(func=func, n=n, dists=dists, method=method, **{index_key: random_state})

    def old_bootstrap(data, statistic, *, n_resamples=9999, batch=None, vectorized=None, paired=False, axis=0,
                      confidence_level=0.95, alternative="two-sided", method="BCa", bootstrap_result=None,
                      random_state=None):
        return real_bootstrap(data, statistic, n_resamples=n_resamples, batch=batch, vectorized=vectorized,
                              confidence_level=confidence_level, method=method, **{bootstrap_key: random_state})

    expected = sobol(_additive, _unit_square(), n=64, rng=2, n_resamples=40)
    monkeypatch.setattr(scipy.stats, "sobol_indices", old_sobol_indices)
    monkeypatch.setattr(scipy.stats, "bootstrap", old_bootstrap)
    got = sobol(_additive, _unit_square(), n=64, rng=2, n_resamples=40)
    assert np.array_equal(got.first_order, expected.first_order)
    assert np.array_equal(got.first_order_ci, expected.first_order_ci)


def test_our_estimator_is_scipys():
    from scipy.stats import sobol_indices, uniform

    res = sobol(ishigami, ishigami_parameters(), n=256, rng=3, n_resamples=0)
    dists = [uniform(loc=-math.pi, scale=2 * math.pi)] * 3
    theirs = sobol_indices(func=lambda x: ishigami(*x)[None, :], n=256, dists=dists,
                           **{_seed_keyword(sobol_indices): np.random.default_rng(3)})
    np.testing.assert_allclose(res.first_order, np.ravel(theirs.first_order), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(res.total_order, np.ravel(theirs.total_order), rtol=1e-12, atol=1e-12)


def _square_plus(a, b):
    return a**2 + b


def test_morris_interval_contains_the_design_mean_and_shrinks():
    # levels=4: delta = 2/3 and a step starts at a = 0 or 1/3 (equally likely), so the elementary effect
    # of a**2 is 2 a + delta: 2/3 or 4/3, mean absolute effect mu* = 1; the effect of b is 1 exactly
    widths = []
    for trajectories in (40, 640):
        res = morris(_square_plus, _unit_square(), trajectories=trajectories, rng=8, n_resamples=400)
        low, high = res.mu_star_ci[0]
        assert low <= 1.0 <= high and low <= res.mu_star[0] <= high
        assert res.mu_star_ci[1].tolist() == pytest.approx([1.0, 1.0])
        widths.append(high - low)
    assert widths[1] < 0.5 * widths[0]
    again = morris(_square_plus, _unit_square(), trajectories=640, seed=8, n_resamples=400)
    assert np.array_equal(again.mu_star_ci, res.mu_star_ci) and again.confidence_level == 0.95
    one = morris(_square_plus, _unit_square(), trajectories=1, rng=8)
    assert np.all(np.isnan(one.mu_star_ci))
    assert morris(_square_plus, _unit_square(), rng=8, confidence_level=None).mu_star_ci is None


def test_rng_generators_are_consumed_and_both_names_refused():
    generator = np.random.default_rng(1)
    first = morris(_square_plus, _unit_square(), trajectories=4, rng=generator, n_resamples=0)
    second = morris(_square_plus, _unit_square(), trajectories=4, rng=generator, n_resamples=0)
    assert np.array_equal(first.mu, morris(_square_plus, _unit_square(), trajectories=4, rng=1, n_resamples=0).mu)
    assert not np.array_equal(first.mu, second.mu)
    with pytest.raises(TypeError, match=r"sobol\(\): give rng or its alias seed, not both"):
        sobol(_additive, _unit_square(), n=8, rng=1, seed=1)
    with pytest.raises(TypeError, match=r"morris\(\): give rng or its alias seed, not both"):
        morris(_additive, _unit_square(), rng=1, seed=1)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"confidence_level": 1.0}, ValueError, r"sobol\(\): confidence_level must lie strictly between 0 and 1"),
    ({"confidence_level": "95%"}, TypeError, r"sobol\(\): confidence_level must be a number"),
    ({"n_resamples": -1}, ValueError, r"sobol\(\): n_resamples must be at least 0"),
    ({"n_resamples": 2.5}, TypeError, r"sobol\(\): n_resamples must be an integer"),
])
def test_bad_interval_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        sobol(_additive, _unit_square(), n=8, **kwargs)
    with pytest.raises(error, match=match.replace("sobol", "morris")):
        morris(_additive, _unit_square(), **kwargs)


def test_options_are_keyword_only():
    with pytest.raises(TypeError):
        sobol(_additive, _unit_square(), 8, 1)  # rng must be named
    with pytest.raises(TypeError):
        morris(_additive, _unit_square(), 4)  # trajectories must be named
