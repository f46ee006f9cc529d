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
    res = sobol(ishigami, ishigami_parameters(), n=2**14, seed=7)
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
