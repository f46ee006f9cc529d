"""The investment-signalling game on the coercion model's flows (leverage.coercion.signalling).

Oracles are derived here by hand: the coercion model's worked example for the
present values, and the incentive constraints of the separating equilibrium
in which only the high-K target invests.
"""

from __future__ import annotations

import pytest

from leverage.coercion.signalling import (
    DEFAULT_LEVELS,
    InvestmentSignalling,
    investment_signalling,
)
from leverage.extensive import check_pbe

# The coercion model's worked example: R = 1, L = 4, c = 0.5, dc = dt = 0.9.
R, L, C, D = 1.0, 4.0, 0.5, 0.9


def flow(r: float) -> float:
    return R * (1 - r) + C * L * r


def test_present_values_reproduce_the_worked_example():
    pv = InvestmentSignalling(diversification_cost_low=10.0, investment_effect=0.0, levels=[0.0, 0.25, 1.0],
                              build_time=1.0).present_values()
    # calibrated 12.5 (T indifferent at the threshold 0.25), status quo 10, embargo 2 (T exits)
    assert pv["coercer_stay"][0, 1] == pytest.approx([10.0, 12.5, 20.0])
    assert pv["coercer_exit"][0, 1, 2] == pytest.approx(2.0)
    assert pv["target_stay"][0, 1, 1] == pytest.approx(pv["target_exit"][0, 1, 1])
    lam = InvestmentSignalling(levels=[0.25], reliability_loss=2.0).present_values()
    assert lam["coercer_stay"][0, 0, 0] == pytest.approx(11.25)


def test_target_stays_when_indifferent_and_the_outcome_says_it_rests_on_that_tie():
    # K_low = 10 puts the low type's threshold 10 (1 - 0.9) / 4 = 0.25 on the grid; C keeps both there
    model = InvestmentSignalling(diversification_cost_low=10.0, levels=[0.0, 0.25, 0.5, 1.0], investment_cost=5.0)
    assert model.answers()[0, 1].tolist() == [True, True, False, False]
    result = model.solve()
    (wait,) = [o for o in result.outcomes if o.sender == {"low K": "Wait", "high K": "Wait"}]
    assert wait.restriction == {"Wait": 0.25} and wait.answers == {"low K": "Stay", "high K": "Stay"}
    assert wait.ties == ("low K is indifferent between Stay and Exit at r=0.25 after Wait (stays by the tie rule)",)
    assert "rests on a tie" in wait.description


# ---------------------------------------------------------------------------- separating region


SEPARATING = dict(prior_low=0.5, diversification_cost_low=9.0, diversification_cost_high=19.0,
                  investment_effect=0.2, build_time=10.0, levels=DEFAULT_LEVELS)


def separating_window() -> tuple[float, float, float]:
    """The cost window of the separating PBE (high K invests), by hand; also checks its premises."""
    k_low, k_high, e, tau = 9.0, 19.0, 0.2, 10.0
    dtau = D**tau
    # an investing high-K target's threshold is 15.2 * 0.1 / 4 = 0.38: C keeps it at the grid level 0.375
    r_i = 0.375
    assert r_i <= (1 - e) * k_high * (1 - D) / L < r_i + 0.125
    keep_investor, squeeze = flow(r_i) / (1 - D), flow(1.0) * (1 - dtau) / (1 - D)
    keep_low = flow(0.125) / (1 - D)             # the low type's threshold 0.225 rounds down to 0.125
    assert keep_investor > squeeze > keep_low    # C keeps an investor, squeezes a target that waits
    assert (1 - e) * k_low * (1 - D) / L < r_i   # the low type exits at r_I even after investing
    assert k_high < L / (1 - D)                  # both types exit at r = 1
    low = (1 - dtau) * L * (1 - r_i) / (1 - D) + dtau * e * k_low
    high = (1 - dtau) * L / (1 - D) + dtau * k_high - L * r_i / (1 - D)
    return low, high, r_i


def separating(result):
    return [o for o in result.outcomes if o.sender == {"low K": "Wait", "high K": "Invest"}]


@pytest.mark.parametrize("where", [0.05, 0.5, 0.95])
def test_separating_equilibrium_exists_inside_the_hand_derived_window(where):
    low, high, r_i = separating_window()
    assert high - low > 0.5
    result = investment_signalling(investment_cost=low + where * (high - low), **SEPARATING)
    (outcome,) = separating(result)
    assert outcome.kind == "separating" and outcome.restriction == {"Invest": r_i, "Wait": 1.0}
    assert outcome.answers == {"low K": "Exit", "high K": "Stay"}
    assert outcome.survives and outcome.ties == ()
    assert all(check.ok for check in result.checks) and len(result.checks) == len(result.pbes)


@pytest.mark.parametrize("side", ["below", "above"])
def test_no_separating_equilibrium_outside_the_window(side):
    low, high, _ = separating_window()
    cost = low - 0.05 if side == "below" else high + 0.05
    result = investment_signalling(investment_cost=cost, **SEPARATING)
    assert separating(result) == []
    assert all(o.kind == "pooling" for o in result.outcomes)


def test_intuitive_criterion_leaves_only_the_separating_outcome():
    low, high, _ = separating_window()
    result = investment_signalling(investment_cost=(low + high) / 2, **SEPARATING)
    assert [o.kind for o in result.surviving] == ["separating"]
    (pool,) = [o for o in result.outcomes if o.kind == "pooling"]
    assert pool.restriction == {"Wait": 1.0} and not pool.survives
    (test,) = pool.intuitive.tests
    assert test.message == "Invest" and test.dominated == ("low K",) and test.breaking == ("high K",)
    assert result.summary.splitlines()[1].startswith("- separating: low K waits, high K invests")


# ---------------------------------------------------------------------------- pooling region


@pytest.mark.parametrize("cost", [0.0, 1.0, 5.0, 17.3])
def test_short_build_only_pooling_equilibria_exist(cost):
    result = investment_signalling(investment_cost=cost)        # tau = 1: C keeps whoever it faces
    assert result.outcomes and all(o.kind == "pooling" for o in result.outcomes)
    assert result.surviving and all(o.kind == "pooling" for o in result.surviving)


def test_short_build_pooling_on_waiting_keeps_both_types_at_the_low_threshold():
    # prior 1/2; keeping both needs r <= 9 * 0.1 / 4 = 0.225, so r = 0.125, worth 11.25 to C;
    # the next level that keeps the high type (0.375 <= 0.475) loses the low one: 0.5 * 13.75 + 0.5 * 1.375
    keep_both = flow(0.125) / (1 - D)
    lose_low = 0.5 * flow(0.375) / (1 - D) + 0.5 * flow(0.375) * (1 - D) / (1 - D)
    assert keep_both == pytest.approx(11.25) and lose_low < keep_both
    result = investment_signalling()
    (wait,) = [o for o in result.outcomes if o.sender == {"low K": "Wait", "high K": "Wait"}]
    assert wait.restriction == {"Wait": 0.125} and wait.survives and wait.ties == ()
    assert wait.payoffs.tolist() == pytest.approx([-L * 0.125 / (1 - D), keep_both])


# ---------------------------------------------------------------------------- verification


def test_every_pbe_passes_check_pbe_on_the_tree_and_a_wrong_answer_fails():
    model = InvestmentSignalling(**{**SEPARATING, "investment_cost": 17.3})
    tree = model.tree()
    result = model.solve()
    assert len(result.pbes) == 2
    for eq in result.pbes:
        behaviour, beliefs = model.assessment(eq)
        assert check_pbe(tree, behaviour, beliefs).ok
    behaviour, beliefs = model.assessment(separating(result)[0].members.members[0])
    behaviour["root/high K/Invest/r=0.375"] = {"Stay": 0.0, "Exit": 1.0}   # exit where staying is better
    check = check_pbe(tree, behaviour, beliefs)
    assert not check.ok and "root/high K/Invest/r=0.375" in [f.infoset for f in check.not_rational]


@pytest.mark.parametrize("prior_low", [0.0, 1.0])
def test_a_type_of_zero_prior_is_still_sequentially_rational(prior_low):
    result = investment_signalling(prior_low=prior_low, build_time=10.0, investment_cost=17.3)
    assert result.pbes and all(check.ok for check in result.checks)
    assert all(o.kind == "pooling" for o in result.outcomes)


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("kwargs, match", [
    (dict(prior_low=1.5), r"InvestmentSignalling\(\): prior_low must lie in \[0, 1\]; got 1.5"),
    (dict(diversification_cost_low=20.0), r"diversification_cost_low \(20\) must be below diversification_cost_high"),
    (dict(diversification_cost_low=-1.0), r"diversification_cost_low must be >= 0"),
    (dict(target_discount=0.0), r"target_discount must lie in \(0, 1\); got 0.0"),
    (dict(coercer_discount=1.2), r"coercer_discount must lie in \(0, 1\)"),
    (dict(reliability_loss=-0.5), r"reliability_loss must be >= 0; got -0.5"),
    (dict(investment_effect=1.1), r"investment_effect must lie in \[0, 1\]"),
    (dict(levels=[0.2, 1.3]), r"restriction levels must lie in \[0, 1\]"),
    (dict(levels=[]), r"levels is empty"),
    (dict(build_time=float("inf")), r"build_time must be a finite number"),
])
def test_bad_input_names_the_argument_and_the_problem(kwargs, match):
    with pytest.raises(ValueError, match=match):
        investment_signalling(**kwargs)


def test_bad_types_are_refused():
    with pytest.raises(TypeError, match=r"investment_signalling\(\): unknown parameter\(s\) diversification_cost"):
        investment_signalling(diversification_cost=10.0)
    with pytest.raises(TypeError, match=r"InvestmentSignalling\(\): rent must be a real number; got 'one'"):
        InvestmentSignalling(rent="one")
    with pytest.raises(ValueError, match=r"investment_signalling"):
        investment_signalling(tol=2.0)
