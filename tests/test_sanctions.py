"""Threats and imposed sanctions with two-sided incomplete information (leverage.coercion.sanctions).

Oracles are derived here by hand from the indifference conditions of the
game (module docstring of leverage.coercion.sanctions); the code finds its
equilibria by checking candidates on the tree, and the success rates come
from the path of the verified profile.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import leverage
from leverage.coercion.sanctions import REGIMES, sanctions_game, threat_then_impose
from leverage.coercion.threat_sweep import THREAT_BOX, sweep_threats
from leverage.extensive import check_pbe
from leverage.nodes import PROBABILITY_ATOL

DEFAULTS = dict(demand_value=1.0, threat_cost=0.05, sanction_cost=0.3, resolve_value=0.5,
                target_sanction_loss=0.6, concession_cost=0.4, resolute_concession_cost=0.8, interim_loss=0.1)


def q_star(v: dict) -> float:
    """The chance of sanctions at which an irresolute target is indifferent: a = q (a + e)."""
    return v["concession_cost"] / (v["concession_cost"] + v["interim_loss"])


# ---------------------------------------------------------------------------- closed forms


def test_bluff_called_equilibrium_matches_the_indifference_conditions():
    p, s, v = 0.3, 0.5, dict(DEFAULTS)
    P, m, q = 1 - p, v["sanction_cost"] / v["demand_value"], q_star(v)
    # the irresolute sender mixes on imposing: mu = P sigma / (p + P sigma) = k / v
    sigma = p * m / (P * (1 - m))
    # the irresolute target mixes on defying: P(sanctions | defy) = s + (1 - s) iota = q*
    iota = (q - s) / (1 - s)
    assert 0 < sigma < 1 and 0 < iota < 1 and P * (1 - sigma) * v["demand_value"] > v["threat_cost"]
    out = threat_then_impose(p, s)
    assert out.regime == "bluff called" and out.check.ok and out.boundary == ()
    assert out.threaten == {"resolute": 1.0, "irresolute": 1.0}
    assert out.concede_at_threat["irresolute"] == pytest.approx(1 - sigma, abs=1e-12)
    assert out.concede_at_threat["resolute"] == 0.0
    assert out.impose_if_defied == pytest.approx({"resolute": 1.0, "irresolute": iota}, abs=1e-12)
    assert out.p_success_if_imposed == pytest.approx(m, abs=1e-12)
    assert out.p_success_if_threat == pytest.approx(P * (1 - sigma) + P * sigma * q, abs=1e-12)
    assert out.p_imposed == pytest.approx((p + P * sigma) * q, abs=1e-12)
    assert out.p_success_overall == pytest.approx(out.p_success_if_threat, abs=1e-12)
    assert out.selection_effect is True


def test_bluffing_equilibrium_matches_its_closed_form_and_reverses_the_selection_effect():
    # dear sanctions (k / v = 0.9 > P q* = 0.56): the irresolute sender never imposes and bluffs
    p, s = 0.3, 0.5
    v = dict(DEFAULTS, sanction_cost=0.9, resolve_value=1.0)
    P, tau, q = 1 - p, v["threat_cost"] / v["demand_value"], q_star(v)
    sigma = 1 - tau / P                      # the irresolute sender indifferent to threatening
    theta = s * (1 - q) / ((1 - s) * q)      # makes P(resolute | threat) = q*
    mu = P * sigma / (p + P * sigma)
    assert mu < v["sanction_cost"] / v["demand_value"]
    out = threat_then_impose(p, s, **{k: x for k, x in v.items()})
    assert out.regime == "bluffing" and out.check.ok
    assert out.threaten == pytest.approx({"resolute": 1.0, "irresolute": theta}, abs=1e-12)
    assert out.impose_if_defied == {"resolute": 1.0, "irresolute": 0.0}
    assert out.concede_at_threat["irresolute"] == pytest.approx(1 - sigma, abs=1e-12)
    assert out.p_threat == pytest.approx(s + (1 - s) * theta, abs=1e-12)
    assert out.p_success_if_imposed == pytest.approx(mu, abs=1e-12)
    assert out.p_success_if_threat == pytest.approx(tau + (P - tau) * q, abs=1e-12)
    assert out.p_success_if_imposed > out.p_success_if_threat + 0.1
    assert out.selection_effect is False


@pytest.mark.parametrize("p, s, overrides, regime", [
    (0.3, 0.5, dict(threat_cost=0.8), "deterred"),            # c > P v + p (w - k) = 0.76
    (0.3, 0.5, dict(threat_cost=0.72), "resolute threaten"),  # P v = 0.7 < c < 0.76
    (0.3, 0.9, {}, "all threaten"),                           # c < P v and s > q* = 0.8
])
def test_pure_regimes_impose_only_on_resolute_targets(p, s, overrides, regime):
    out = threat_then_impose(p, s, **overrides)
    assert out.regime == regime and out.check.ok
    if regime == "deterred":
        assert out.p_threat == 0.0 and math.isnan(out.p_success_if_threat) and out.selection_effect is None
        return
    assert out.p_threat == pytest.approx(1.0 if regime == "all threaten" else s, abs=1e-12)
    assert out.p_success_if_threat == pytest.approx(1 - p, abs=1e-12)
    assert out.p_success_if_imposed == 0.0 and out.selection_effect is True


def test_each_outcome_is_a_pbe_of_the_tree_and_a_perturbation_is_not():
    out = threat_then_impose(0.3, 0.5)
    game = sanctions_game(0.3, 0.5)
    assert game == out.game
    assert check_pbe(game, out.behaviour, out.beliefs).ok
    bent = {k: dict(b) for k, b in out.behaviour.items()}
    bent["Sender|irresolute|defied"] = {"Impose": 0.7, "BackDown": 0.3}   # no longer indifferent for the target
    beliefs = game.beliefs(bent)
    beliefs.update({k: b for k, b in out.beliefs.items() if k not in beliefs})
    assert not check_pbe(game, bent, beliefs).ok


def test_the_normal_form_enumeration_finds_the_same_unique_equilibrium():
    out = threat_then_impose(0.3, 0.5)
    found = leverage.equilibria(out.game)
    assert len(found) == 1
    assert np.allclose(out.game.outcome(found[0].behaviour), out.game.outcome(out.behaviour), atol=1e-9)


def test_a_boundary_between_regimes_is_refused_by_name():
    # s = q* = 0.8: the irresolute target is indifferent at the prior
    with pytest.raises(ValueError, match=r"threat_then_impose\(\).*p_sender_resolute = q\*"):
        threat_then_impose(0.3, 0.8)


# ---------------------------------------------------------------------------- the selection effect


@st.composite
def box_points(draw, cheap=False):
    """A point of THREAT_BOX, the type definitions holding by construction; ``cheap``: k <= v (1 - p) q*."""
    def u(name):
        low, high = THREAT_BOX[name]
        return draw(st.floats(low, high, allow_nan=False))
    p, a, e = u("p_resolute"), u("concession_cost"), u("interim_loss")
    k = draw(st.floats(0.02, 1.0)) * (1 - p) * a / (a + e) if cheap else u("sanction_cost")
    d = a + e + u("sanction_margin")
    return dict(p_resolute=p, p_sender_resolute=u("p_sender_resolute"), threat_cost=u("threat_cost"),
                sanction_cost=k, resolve_value=k + u("resolve_margin"), concession_cost=a, interim_loss=e,
                target_sanction_loss=d, resolute_concession_cost=d + u("resolute_margin"))


def solved(point):
    try:
        return threat_then_impose(**point)
    except ValueError:  # a boundary between regimes, where the candidates are not unique
        assume(False)


@given(box_points(cheap=True))
def test_with_cheap_sanctions_imposed_sanctions_succeed_less_often_than_threats(point):
    out = solved(point)
    assert out.check.ok and out.regime in REGIMES
    if out.regime != "deterred":
        assert out.p_success_if_imposed <= out.p_success_if_threat + 1e-12, out
        assert out.selection_effect is True


def success_rates(regime: str, point: dict) -> tuple[float, float]:
    """(P(success | imposed), P(success | threat)) of each regime, in closed form from the indifference conditions."""
    p = point["p_resolute"]
    P, v = 1 - p, point.get("demand_value", 1.0)
    m, c, q = point["sanction_cost"] / v, point["threat_cost"] / v, q_star(point)
    if regime in ("resolute threaten", "all threaten"):
        return 0.0, P                                  # only resolute targets defy, and they never cave
    if regime == "bluff called":
        sigma = p * m / (P * (1 - m))                  # the irresolute sender indifferent to imposing: mu = m
        return m, P * (1 - sigma * (1 - q))
    assert regime == "bluffing"
    sigma = 1 - c / P                                  # the irresolute sender indifferent to threatening
    return P * sigma / (p + P * sigma), P * (1 - sigma * (1 - q))


@given(box_points())
def test_across_the_box_the_success_rates_are_the_closed_forms_and_the_effect_holds_exactly_where_they_say(point):
    """Over the whole box (sanctions dearer than the demand included) the verified PBE's success rates are the
    regime's closed forms, and P(success | imposed) <= P(success | threat) holds exactly where these say it does:
    always in the pure regimes, and whenever sanction_cost <= demand_value (1 - p_resolute) q*."""
    out = solved(point)
    assert out.check.ok and out.regime in REGIMES
    if out.regime == "deterred":
        assert out.p_threat == 0.0 and out.selection_effect is None
        return
    imposed, threat = success_rates(out.regime, point)
    assert out.p_success_if_imposed == pytest.approx(imposed, abs=PROBABILITY_ATOL)
    assert out.p_success_if_threat == pytest.approx(threat, abs=PROBABILITY_ATOL)
    assume(abs(imposed - threat) > PROBABILITY_ATOL)  # off the line where the effect flips
    assert out.selection_effect is (imposed < threat)
    if out.selection_effect is False:
        assert out.regime in ("bluff called", "bluffing")
        assert point["sanction_cost"] > (1 - point["p_resolute"]) * q_star(point)


def test_the_issues_check_fails_in_the_box_the_selection_effect_is_not_a_theorem():
    """Discrepancy with the issue's check "P(success | imposed) <= P(success | threat) across the parameter box".

    The model's equations say otherwise above the cheap-sanctions bound, and not because an irresolute sender
    imposes: with sanction_cost > demand_value it never does (it prefers backing down whatever the target would
    then do), imposed sanctions come from resolute senders only, and they still succeed more often than threats
    when few targets are resolute: the defiers are then mostly bluff-callers who cave once sanctioned."""
    # 1. an irresolute sender that imposes on a belief: bluff called, P(success | imposed) = m
    point = dict(DEFAULTS, p_resolute=0.5, p_sender_resolute=0.5, sanction_cost=0.45)
    out = threat_then_impose(**point)
    imposed, threat = success_rates("bluff called", point)
    assert out.regime == "bluff called" and out.check.ok
    assert (round(imposed, 4), round(threat, 4)) == (0.45, 0.4182)
    assert out.p_success_if_imposed == pytest.approx(imposed, abs=PROBABILITY_ATOL)
    assert out.p_success_if_threat == pytest.approx(threat, abs=PROBABILITY_ATOL)
    assert out.selection_effect is False
    # 2. the insincere sender: sanction_cost > demand_value, so imposing never pays it; bluffing
    point = dict(DEFAULTS, p_resolute=0.05, p_sender_resolute=0.3, sanction_cost=1.2, resolve_value=1.5)
    assert point["sanction_cost"] > point["demand_value"]
    out = threat_then_impose(**point)
    assert out.regime == "bluffing" and out.check.ok
    assert out.impose_if_defied == {"resolute": 1.0, "irresolute": 0.0}
    imposed, threat = success_rates("bluffing", point)
    assert out.p_success_if_imposed == pytest.approx(imposed, abs=PROBABILITY_ATOL)
    assert out.p_success_if_threat == pytest.approx(threat, abs=PROBABILITY_ATOL)
    assert imposed > threat and out.selection_effect is False
    # both points lie inside THREAT_BOX, so the box holds reversals
    for name in ("p_resolute", "p_sender_resolute", "sanction_cost"):
        low, high = THREAT_BOX[name]
        assert low <= point[name] <= high


@pytest.mark.parametrize("shift, regime", [(1e-6, "all threaten"), (-1e-6, "bluff called")])
def test_either_side_of_the_credibility_boundary(shift, regime):
    assert threat_then_impose(0.3, 0.8 + shift).regime == regime     # q* = 0.4 / (0.4 + 0.1) = 0.8


def test_sweep_maps_where_the_effect_holds_and_where_it_reverses():
    sweep = sweep_threats(20, rng=3, box={"sanction_cost": (0.3, 0.9), "p_resolute": (0.05, 0.4)})
    assert len(sweep.regimes) == 20 and sweep.verified.all()
    assert sweep.holds[sweep.cheap & sweep.defined].all()
    reversed_ = sweep.defined & ~sweep.holds
    assert reversed_.any() and not (reversed_ & sweep.cheap).any()
    assert "reverses" in sweep.summary
    again = sweep_threats(20, rng=3, box={"sanction_cost": (0.3, 0.9), "p_resolute": (0.05, 0.4)})
    assert again.regimes == sweep.regimes
    point = {k: float(x[0]) for k, x in sweep.parameters.items()}
    assert threat_then_impose(**point).regime == sweep.regimes[0]


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("kwargs, match", [
    (dict(p_resolute=1.2), r"threat_then_impose\(\): p_resolute must be a probability in \[0, 1\]; got 1.2"),
    (dict(p_resolute=-0.1), r"p_resolute must be a probability"),
    (dict(p_sender_resolute=float("nan")), r"p_sender_resolute must be a finite number"),
    (dict(p_sender_resolute=1.0), r"p_sender_resolute must lie strictly between 0 and 1"),
    (dict(p_resolute=0.0), r"p_resolute must lie strictly between 0 and 1"),
    (dict(sanction_cost=0.6), r"sanction_cost \(0.6\) must be below resolve_value \(0.5\)"),
    (dict(interim_loss=0.25), r"irresolute target must concede once sanctioned"),
    (dict(resolute_concession_cost=0.6), r"resolute target must never concede"),
    (dict(threat_cost=0.0), r"threat_cost must be positive"),
    (dict(tol=-1.0), r"threat_then_impose"),
])
def test_bad_input_names_function_argument_and_problem(kwargs, match):
    with pytest.raises(ValueError, match=match):
        threat_then_impose(**kwargs)


def test_bad_types_and_names_are_refused():
    with pytest.raises(TypeError, match=r"threat_then_impose\(\): p_resolute must be a real number"):
        threat_then_impose("often")
    with pytest.raises(TypeError, match=r"p_resolute must be a real number; got True"):
        threat_then_impose(True)
    with pytest.raises(TypeError, match=r"sanctions_game\(\): unknown parameter\(s\) bribe"):
        sanctions_game(bribe=1.0)
    with pytest.raises(ValueError, match=r"sweep_threats\(\): samples must be an integer"):
        sweep_threats(2.5)
    with pytest.raises(ValueError, match=r"sweep_threats\(\): box names 'demand_value'"):
        sweep_threats(3, box={"demand_value": (1, 2)})
    with pytest.raises(ValueError, match=r"box\['p_resolute'\] must satisfy low <= high inside \(0, 1\)"):
        sweep_threats(3, box={"p_resolute": (0.0, 0.5)})
