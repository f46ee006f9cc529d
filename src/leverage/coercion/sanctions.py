"""Threats and imposed sanctions with two-sided incomplete information (after Lacy and Niou 2004).

A sender (China restricting licences, or a Western coalition threatening
export controls) demands a policy change; a target decides whether to give in.
Neither knows how resolute the other is. The question Lacy and Niou (2004)
raise is one of case selection: the targets that would give in to sanctions
tend to give in to the *threat*, so the sanctions we see imposed are a
selected sample. Here that claim is a result to be computed, not assumed: the
game is solved for its perfect Bayesian equilibria (PBE) and the success
rates are read off the equilibrium path.

The game
--------
Timing (every move is observed; types are not):

0. Chance draws the sender's type, *resolute* with probability
   ``p_sender_resolute`` (else *irresolute*), and, independently, the target's,
   *resolute* with probability ``p_resolute``. Each side learns only its own.
1. The sender threatens or stays quiet. Quiet ends the game at the status quo.
2. The target concedes (the threat succeeds) or defies.
3. After defiance the sender imposes sanctions or backs down.
4. After sanctions the target concedes (the sanctions succeed) or holds out.

Payoffs (sender, target), in units of the value of the demand (illustrative):

===============================  ====================================  ====================
end of play                      sender                                target
===============================  ====================================  ====================
quiet                            ``0``                                 ``0``
threat, concede                  ``v - c``                             ``-a_t``
threat, defy, back down          ``-c``                                ``0``
threat, defy, impose, concede    ``v - c - k + w_s``                   ``-a_t - e``
threat, defy, impose, hold out   ``-c - k + w_s``                      ``-d``
===============================  ====================================  ====================

``v`` = ``demand_value``, ``c`` = ``threat_cost``, ``k`` = ``sanction_cost``,
``w_s`` = ``resolve_value`` for a resolute sender and 0 for an irresolute one
(what carrying out a defied threat is worth to it: reputation, a domestic
audience), ``a_t`` = ``concession_cost`` for an irresolute target and
``resolute_concession_cost`` for a resolute one, ``d`` =
``target_sanction_loss`` (what sanctions cost a target that holds out),
``e`` = ``interim_loss`` (what they cost it before a concession lifts them).

The types are defined by strict inequalities, checked on entry: a resolute
sender imposes whatever it believes (``k < w``); an irresolute target
concedes once sanctioned (``a + e < d``); a resolute target never concedes,
neither to the threat nor to sanctions (``d < resolute_concession_cost``).
The irresolute sender imposes only if it believes the defier likely to cave:
when ``mu v > k``, where ``mu`` is its belief that the defier is irresolute.

The equilibria
--------------
Write ``p`` for ``p_resolute``, ``P = 1 - p``, ``s`` for ``p_sender_resolute``,
``q* = a / (a + e)`` (the probability of sanctions above which an
irresolute target prefers conceding at once) and ``m = k / v``. For priors in
(0, 1) and parameters off the boundaries between regimes the PBE outcome is
unique and is one of five.

*Derivation sketch.* Given the type definitions a resolute target defies and
holds out, an irresolute one concedes once sanctioned, and a resolute sender
imposes. Four choices remain: the two types' threats, the irresolute target's
defiance ``sigma`` and the irresolute sender's imposition ``iota``. An
irresolute target defies iff the chance of sanctions ``pi + (1 - pi) iota``
is below ``q*`` (``pi``: its belief that a threatening sender is resolute);
an irresolute sender imposes iff ``mu v > k``, with ``mu = P sigma / (p + P
sigma)`` its belief that the defier is irresolute; a resolute sender gains
more from threatening than an irresolute one, so it threatens whenever the
other does. A mixture is pinned by an indifference (the chance of sanctions
equals ``q*``, ``mu = m``, or a zero gain from threatening), and the
consistent combinations are:

``deterred``
    ``c > P v + p (w - k)``: nobody threatens.
``resolute threaten``
    ``P v < c < P v + p (w - k)``: only resolute senders threaten; irresolute
    targets concede at once; sanctions fall on resolute targets only.
``all threaten``
    ``c < P v`` and ``s > q*``: both sender types threaten; the prior alone
    makes the threat credible enough; as above, sanctions fall on resolute
    targets only.
``bluff called``
    ``c < P v``, ``s < q*`` and ``sigma = p m / (P (1 - m)) < 1 - c / (P v)``:
    both sender types threaten; irresolute targets defy with probability
    ``sigma`` (calling a possible bluff), irresolute senders impose with
    probability ``(q* - s) / (1 - s)``. Imposed sanctions succeed with
    probability ``m``.
``bluffing``
    ``c < P v``, ``s < q*`` otherwise: irresolute senders threaten with
    probability ``s (1 - q*) / ((1 - s) q*)`` and never impose; irresolute
    targets defy with probability ``1 - c / (P v)``.

The solver builds each candidate assessment (behaviour at every information
set, Bayes' rule on the path, off the path all weight on the resolute
opponent), runs :func:`leverage.extensive.check_pbe` on the tree and keeps
those that pass. The success rates then come from the reach probabilities of
the verified profile (:meth:`leverage.extensive.ExtensiveGame.reach`).

The selection effect, and where it stops
-----------------------------------------
*Success* means the target concedes, at the threat or once sanctioned.
``P(success | threat)`` is the share of threats that end in a concession
(at either stage), ``P(success | imposed)`` the share of imposed sanctions
that do; both are read off the path of the verified PBE. (The share of
threats conceded at once is :attr:`ThreatOutcome.p_concede_at_threat`.)

In the three pure regimes imposed sanctions hit resolute targets only and
never succeed, while a threat succeeds with probability ``P``. In the two
mixed regimes irresolute targets call the bluff of a sender they think may be
irresolute; those that meet a resolute one are sanctioned and then concede,
so imposed sanctions do succeed sometimes. In closed form, with
``sigma`` the irresolute target's chance of defying:

- ``bluff called``: ``P(success | imposed) = m`` and ``P(success | threat)
  = P (1 - sigma (1 - q*))`` with ``sigma = p m / (P (1 - m))``;
- ``bluffing``: ``P(success | imposed) = mu = P sigma / (p + P sigma)``
  (at most ``m``: else the irresolute sender would impose) and
  ``P(success | threat) = P (1 - sigma (1 - q*))`` with ``sigma = 1 - c /
  (P v)``.

Since ``P(success | threat) >= P q*`` and ``P(success | imposed) <= m`` in
every regime, imposed sanctions succeed no more often than threats,
``P(success | imposed) <= P(success | threat)``, in every PBE whenever
sanctions are cheap relative to the stakes::

    sanction_cost <= demand_value * (1 - p_resolute) * q*

and the effect can reverse only above that bound. It is not a theorem over
the whole parameter box: above the bound it reverses where few targets are
resolute (``p`` small) -- a defier is then most likely an irresolute target
calling what it takes for a bluff, and if it meets a resolute sender it is
sanctioned and caves, while every threat of an irresolute sender that is
defied fails. The reversal does not come from the irresolute sender's
willingness to impose: when ``sanction_cost >= demand_value`` the irresolute
sender prefers backing down to imposing whatever it believes (the insincere
sender of the literature, whose threats are pure bluffs), sanctions come from
resolute senders only, and the effect still reverses (``bluffing`` with
``mu`` near 1). It is a consequence of two-sided private information: the
bluff-callers who misjudge a resolute sender are exactly the targets that
sanctions then move. :func:`~leverage.coercion.threat_sweep.sweep_threats`
maps both regions.

Ties
----
Comparisons use the library's tolerance rule (:mod:`leverage.tolerance`)
through :func:`~leverage.extensive.check_pbe`. Mixtures are pinned by
indifferences; no tie-breaking rule is used. Parameters within tolerance of
a boundary between regimes are reported in :attr:`ThreatOutcome.boundary`.

References
----------
D. Lacy and E. M. S. Niou (2004), "A theory of economic sanctions and issue
linkage: the roles of preferences, information, and threats", Journal of
Politics 66(1), 25-42.

D. Fudenberg and J. Tirole (1991), *Game Theory*, section 8.2 (perfect
Bayesian equilibrium). MIT Press.

Examples
--------
>>> out = threat_then_impose(0.3, 0.5)
>>> out.regime, out.check.ok
('bluff called', True)
>>> round(out.p_success_if_imposed, 4), round(out.p_success_if_threat, 4)
(0.3, 0.6743)

An insincere sender (sanctions dearer than the demand is worth to it) never
imposes; when few targets are resolute, the sanctions a resolute sender
imposes still succeed more often than threats do:

>>> out = threat_then_impose(0.05, 0.3, sanction_cost=1.2, resolve_value=1.5)
>>> out.regime, out.impose_if_defied["irresolute"], out.selection_effect
('bluffing', 0.0, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leverage.checks import check_real
from leverage.extensive import ExtensiveGame, PBECheck, check_pbe
from leverage.nodes import PROBABILITY_ATOL, Chance, Decision, Terminal
from leverage.tolerance import resolve_rtol

__all__ = [
    "REGIMES",
    "ThreatOutcome",
    "sanctions_game",
    "threat_then_impose",
]

#: The equilibrium regimes of :func:`threat_then_impose`, in the order of the module docstring.
REGIMES: tuple[str, ...] = ("deterred", "resolute threaten", "all threaten", "bluff called", "bluffing")

_SENDER, _TARGET = "Sender", "Target"
_TYPES = ("resolute", "irresolute")
_DEFAULTS: dict[str, float] = {
    "demand_value": 1.0, "threat_cost": 0.05, "sanction_cost": 0.3, "resolve_value": 0.5,
    "target_sanction_loss": 0.6, "concession_cost": 0.4, "resolute_concession_cost": 0.8, "interim_loss": 0.1,
}


# ---------------------------------------------------------------------------- validation


def _inputs(caller: str, p_resolute: Any, p_sender_resolute: Any, values: Mapping[str, Any]) -> dict[str, float]:
    """Validated parameters: priors strictly inside (0, 1), positive costs, the type definitions."""
    out: dict[str, float] = {}
    for name, prior in (("p_resolute", p_resolute), ("p_sender_resolute", p_sender_resolute)):
        x = check_real(prior, name, caller)
        if not 0.0 <= x <= 1.0:
            raise ValueError(f"{caller}: {name} must be a probability in [0, 1]; got {prior!r}")
        if x in (0.0, 1.0):
            raise ValueError(
                f"{caller}: {name} must lie strictly between 0 and 1 (a type known for certain is not "
                f"private information); got {prior!r}"
            )
        out[name] = x
    unknown = sorted(set(values) - set(_DEFAULTS))
    if unknown:
        raise TypeError(f"{caller}: unknown parameter(s) {', '.join(unknown)}; choose from {', '.join(_DEFAULTS)}")
    for name, default in _DEFAULTS.items():
        x = check_real(values.get(name, default), name, caller)
        if x <= 0:
            raise ValueError(f"{caller}: {name} must be positive; got {values.get(name, default)!r}")
        out[name] = x
    if not out["sanction_cost"] < out["resolve_value"]:
        raise ValueError(
            f"{caller}: a resolute sender must gain from carrying out its threat: sanction_cost "
            f"({out['sanction_cost']:g}) must be below resolve_value ({out['resolve_value']:g})"
        )
    if not out["concession_cost"] + out["interim_loss"] < out["target_sanction_loss"]:
        raise ValueError(
            f"{caller}: an irresolute target must concede once sanctioned: concession_cost + interim_loss "
            f"({out['concession_cost'] + out['interim_loss']:g}) must be below target_sanction_loss "
            f"({out['target_sanction_loss']:g})"
        )
    if not out["target_sanction_loss"] < out["resolute_concession_cost"]:
        raise ValueError(
            f"{caller}: a resolute target must never concede: target_sanction_loss "
            f"({out['target_sanction_loss']:g}) must be below resolute_concession_cost "
            f"({out['resolute_concession_cost']:g})"
        )
    return out


# ---------------------------------------------------------------------------- the tree


def _sender_set(sender: str, stage: str = "") -> str:
    return f"{_SENDER}|{sender}" + (f"|{stage}" if stage else "")


def _target_set(target: str, stage: str) -> str:
    return f"{_TARGET}|{target}|{stage}"


def _tree(v: Mapping[str, float]) -> ExtensiveGame:
    value, c, k = v["demand_value"], v["threat_cost"], v["sanction_cost"]
    d, e = v["target_sanction_loss"], v["interim_loss"]
    senders = {}
    for sender, p_s in zip(_TYPES, (v["p_sender_resolute"], 1.0 - v["p_sender_resolute"])):
        w = v["resolve_value"] if sender == "resolute" else 0.0
        targets = {}
        for target, p_t in zip(_TYPES, (v["p_resolute"], 1.0 - v["p_resolute"])):
            a = v["resolute_concession_cost"] if target == "resolute" else v["concession_cost"]
            sanctioned = Decision(_TARGET, {
                "Concede": Terminal((value - c - k + w, -a - e)),
                "HoldOut": Terminal((-c - k + w, -d)),
            }, infoset=_target_set(target, "sanctioned"))
            defied = Decision(_SENDER, {"Impose": sanctioned, "BackDown": Terminal((-c, 0.0))},
                              infoset=_sender_set(sender, "defied"))
            threatened = Decision(_TARGET, {"Concede": Terminal((value - c, -a)), "Defy": defied},
                                  infoset=_target_set(target, "threatened"))
            start = Decision(_SENDER, {"Threaten": threatened, "Quiet": Terminal((0.0, 0.0))},
                             infoset=_sender_set(sender))
            targets[f"{target} target"] = (p_t, start)
        senders[f"{sender} sender"] = (p_s, Chance(targets))
    return ExtensiveGame(Chance(senders), players=(_SENDER, _TARGET))


def sanctions_game(p_resolute: float = 0.3, p_sender_resolute: float = 0.5, **parameters: float) -> ExtensiveGame:
    """The threat-then-impose game as a tree with information sets.

    Chance (node ``"root"``) draws the sender's type (``"resolute sender"``
    or ``"irresolute sender"``), then the target's (``"resolute target"`` or
    ``"irresolute target"``). Information sets: ``"Sender|<type>"`` (threaten
    or stay quiet) and ``"Sender|<type>|defied"`` (impose or back down), each
    holding the two nodes of the target's types; ``"Target|<type>|threatened"``
    (concede or defy) and ``"Target|<type>|sanctioned"`` (concede or hold
    out), each holding the two nodes of the sender's types. Payoffs
    ``(Sender, Target)`` as in the module docstring.

    Parameters
    ----------
    p_resolute : float
        Prior probability that the target is resolute, strictly inside (0, 1).
    p_sender_resolute : float
        Prior probability that the sender is resolute, strictly inside (0, 1).
    **parameters : float
        ``demand_value`` (1), ``threat_cost`` (0.05), ``sanction_cost`` (0.3),
        ``resolve_value`` (0.5), ``target_sanction_loss`` (0.6),
        ``concession_cost`` (0.4), ``resolute_concession_cost`` (0.8),
        ``interim_loss`` (0.1): all positive; defaults illustrative.

    Returns
    -------
    ExtensiveGame

    Raises
    ------
    TypeError
        If a parameter is unknown or not a number.
    ValueError
        If a prior is outside (0, 1), a cost is not positive, or the type
        definitions fail (``sanction_cost < resolve_value``,
        ``concession_cost + interim_loss < target_sanction_loss < resolute_concession_cost``).

    Examples
    --------
    >>> game = sanctions_game()
    >>> game.infoset("Target|irresolute|threatened").nodes
    ('root/resolute sender/irresolute target/Threaten', 'root/irresolute sender/irresolute target/Threaten')
    >>> sanctions_game(1.2)
    Traceback (most recent call last):
    ...
    ValueError: sanctions_game(): p_resolute must be a probability in [0, 1]; got 1.2
    """
    return _tree(_inputs("sanctions_game()", p_resolute, p_sender_resolute, parameters))


# ---------------------------------------------------------------------------- candidates


def _candidates(v: Mapping[str, float]) -> list[tuple[str, dict[str, float]]]:
    """The generic PBE candidates of the case analysis: ``(regime, choices)``.

    ``choices`` holds the four strategic probabilities: threats by each sender
    type, the irresolute target's defiance and the irresolute sender's
    imposition. The other choices are dominant given the type definitions.
    Candidates whose probabilities fall outside [0, 1] are left out.
    """
    p, s, P = v["p_resolute"], v["p_sender_resolute"], 1.0 - v["p_resolute"]
    q_star = v["concession_cost"] / (v["concession_cost"] + v["interim_loss"])
    m, tau = v["sanction_cost"] / v["demand_value"], v["threat_cost"] / v["demand_value"]
    out = [
        ("deterred", {"threat_r": 0.0, "threat_i": 0.0, "defy": 0.0, "impose": 0.0}),
        ("resolute threaten", {"threat_r": 1.0, "threat_i": 0.0, "defy": 0.0, "impose": 0.0}),
        ("all threaten", {"threat_r": 1.0, "threat_i": 1.0, "defy": 0.0, "impose": 0.0}),
    ]
    if m < 1.0:
        out.append(("bluff called", {"threat_r": 1.0, "threat_i": 1.0, "defy": p * m / (P * (1.0 - m)),
                                     "impose": (q_star - s) / (1.0 - s)}))
    out.append(("bluffing", {"threat_r": 1.0, "threat_i": s * (1.0 - q_star) / ((1.0 - s) * q_star),
                             "defy": 1.0 - tau / P, "impose": 0.0}))
    return [(name, x) for name, x in out if all(-PROBABILITY_ATOL <= y <= 1.0 + PROBABILITY_ATOL for y in x.values())]


def _pair(x: float) -> tuple[float, float]:
    x = min(1.0, max(0.0, x))
    return x, 1.0 - x


def _behaviour(x: Mapping[str, float]) -> dict[str, dict[str, float]]:
    behaviour: dict[str, dict[str, float]] = {}
    for sender, threat, impose in (("resolute", x["threat_r"], 1.0), ("irresolute", x["threat_i"], x["impose"])):
        behaviour[_sender_set(sender)] = dict(zip(("Threaten", "Quiet"), _pair(threat)))
        behaviour[_sender_set(sender, "defied")] = dict(zip(("Impose", "BackDown"), _pair(impose)))
    for target, defy, concede in (("resolute", 1.0, 0.0), ("irresolute", x["defy"], 1.0)):
        behaviour[_target_set(target, "threatened")] = dict(zip(("Defy", "Concede"), _pair(defy)))
        behaviour[_target_set(target, "sanctioned")] = dict(zip(("Concede", "HoldOut"), _pair(concede)))
    return behaviour


def _beliefs(game: ExtensiveGame, behaviour: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """Bayes' rule where play arrives; elsewhere all weight on the node of the resolute opponent."""
    beliefs = game.beliefs(behaviour)
    for infoset in game.infosets:
        if infoset.id not in beliefs:
            level = 2 if infoset.player == _SENDER else 1  # the opponent's type in the node id
            beliefs[infoset.id] = {node: float(node.split("/")[level].startswith("resolute"))
                                   for node in infoset.nodes}
    return beliefs


def _boundaries(v: Mapping[str, float], atol: np.ndarray) -> tuple[str, ...]:
    """Conditions between regimes that hold within the tolerance (payoff slacks, in payoff units)."""
    p, s, value = v["p_resolute"], v["p_sender_resolute"], v["demand_value"]
    P, c, k = 1.0 - p, v["threat_cost"], v["sanction_cost"]
    a, e = v["concession_cost"], v["interim_loss"]
    m = k / value
    sender_tol, target_tol = atol
    slacks = [
        ("threat_cost = (1 - p_resolute) demand_value (an irresolute sender indifferent to threatening)",
         P * value - c, sender_tol),
        ("threat_cost = (1 - p_resolute) demand_value + p_resolute (resolve_value - sanction_cost) "
         "(a resolute sender indifferent to threatening)",
         P * value + p * (v["resolve_value"] - k) - c, sender_tol),
        ("p_sender_resolute = q* (an irresolute target indifferent to the threat at the prior)",
         s * (a + e) - a, target_tol),
    ]
    if m < 1.0:
        sigma = p * m / (P * (1.0 - m))
        slacks.append(("the 'bluff called' and 'bluffing' regimes meet", P * (1.0 - sigma) * value - c, sender_tol))
    return tuple(text for text, slack, tol in slacks if abs(slack) <= tol)


# ---------------------------------------------------------------------------- the outcome


def _conditional(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > PROBABILITY_ATOL else float("nan")


@dataclass(frozen=True, eq=False)
class ThreatOutcome:
    """A verified perfect Bayesian equilibrium of the threat-then-impose game and its success rates.

    Every probability is read off the equilibrium path of the verified
    assessment (reach probabilities of the tree), not from a formula.

    Attributes
    ----------
    regime : str
        One of :data:`REGIMES`.
    p_threat : float
        Probability that the sender threatens.
    p_concede_at_threat : float
        Probability that the target concedes to the threat, given a threat.
    p_imposed : float
        Probability that sanctions are imposed, given a threat.
    p_success_if_imposed : float
        Probability that the target concedes once sanctions are imposed
        (``nan`` when they never are).
    p_success_if_threat : float
        Probability that a threat obtains the concession at either stage
        (``nan`` when nobody threatens).
    p_success_overall : float
        Probability that coercion obtains the concession (threat or sanctions).
    threaten, impose_if_defied : dict
        ``{sender type: probability}`` of threatening, and of imposing on a defier.
    concede_at_threat : dict
        ``{target type: probability}`` of conceding to a threat.
    behaviour, beliefs : dict
        The assessment, ``{information set id: {action: probability}}`` and
        ``{information set id: {node id: probability}}``, on :attr:`game`.
    check : PBECheck
        :func:`~leverage.extensive.check_pbe` of the assessment (``check.ok`` is True).
    game : ExtensiveGame
        The tree (:func:`sanctions_game`).
    boundary : tuple of str
        Boundaries between regimes on which the parameters lie (within the
        tolerance); empty off them. On a boundary more equilibria may exist.
    method : str
        How the equilibrium was found.

    Examples
    --------
    >>> out = threat_then_impose(0.3, 0.9)
    >>> out
    ThreatOutcome(all threaten: P(threat) 1, P(success | threat) 0.7, P(success | imposed) 0, verified)
    >>> out.selection_effect
    True
    """

    regime: str
    p_threat: float
    p_concede_at_threat: float
    p_imposed: float
    p_success_if_imposed: float
    p_success_if_threat: float
    p_success_overall: float
    threaten: Mapping[str, float]
    impose_if_defied: Mapping[str, float]
    concede_at_threat: Mapping[str, float]
    behaviour: Mapping[str, Mapping[str, float]] = field(repr=False)
    beliefs: Mapping[str, Mapping[str, float]] = field(repr=False)
    check: PBECheck = field(repr=False)
    game: ExtensiveGame = field(repr=False)
    boundary: tuple[str, ...] = ()
    method: str = "case analysis verified by check_pbe"

    @property
    def selection_effect(self) -> bool | None:
        """Whether ``p_success_if_imposed <= p_success_if_threat`` (None when sanctions are never imposed)."""
        if np.isnan(self.p_success_if_imposed) or np.isnan(self.p_success_if_threat):
            return None
        return bool(self.p_success_if_imposed <= self.p_success_if_threat + PROBABILITY_ATOL)

    def __repr__(self) -> str:
        def fmt(x: float) -> str:
            return "undefined" if np.isnan(x) else f"{x:.6g}"

        status = "verified" if self.check.ok else "NOT verified"
        edge = f", on a boundary ({len(self.boundary)})" if self.boundary else ""
        return (f"ThreatOutcome({self.regime}: P(threat) {fmt(self.p_threat)}, P(success | threat) "
                f"{fmt(self.p_success_if_threat)}, P(success | imposed) {fmt(self.p_success_if_imposed)}, "
                f"{status}{edge})")


def _outcome(regime: str, game: ExtensiveGame, behaviour: dict, beliefs: dict, check: PBECheck,
             boundary: tuple[str, ...]) -> ThreatOutcome:
    reach = game.reach(behaviour)

    def total(*suffix: str) -> float:
        n = len(suffix)
        return float(sum(prob for node, prob in reach.items() if tuple(node.split("/")[3:]) == suffix[:n]
                         and len(node.split("/")) == 3 + n))

    threat = total("Threaten")
    conceded = total("Threaten", "Concede")
    imposed = total("Threaten", "Defy", "Impose")
    caved = total("Threaten", "Defy", "Impose", "Concede")
    return ThreatOutcome(
        regime=regime,
        p_threat=threat,
        p_concede_at_threat=_conditional(conceded, threat),
        p_imposed=_conditional(imposed, threat),
        p_success_if_imposed=_conditional(caved, imposed),
        p_success_if_threat=_conditional(conceded + caved, threat),
        p_success_overall=conceded + caved,
        threaten={t: behaviour[_sender_set(t)]["Threaten"] for t in _TYPES},
        impose_if_defied={t: behaviour[_sender_set(t, "defied")]["Impose"] for t in _TYPES},
        concede_at_threat={t: behaviour[_target_set(t, "threatened")]["Concede"] for t in _TYPES},
        behaviour=behaviour, beliefs=beliefs, check=check, game=game, boundary=boundary,
    )


def _solve(v: Mapping[str, float], rtol: float) -> list[ThreatOutcome]:
    game = _tree(v)
    boundary = _boundaries(v, game.tolerances(rtol))
    found = []
    for regime, choices in _candidates(v):
        behaviour = _behaviour(choices)
        beliefs = _beliefs(game, behaviour)
        check = check_pbe(game, behaviour, beliefs, tol=rtol)
        if check.ok:
            found.append(_outcome(regime, game, behaviour, beliefs, check, boundary))
    return found


def threat_then_impose(
    p_resolute: float = 0.3,
    p_sender_resolute: float = 0.5,
    *,
    demand_value: float = 1.0,
    threat_cost: float = 0.05,
    sanction_cost: float = 0.3,
    resolve_value: float = 0.5,
    target_sanction_loss: float = 0.6,
    concession_cost: float = 0.4,
    resolute_concession_cost: float = 0.8,
    interim_loss: float = 0.1,
    rtol: float | None = None,
    tol: float | None = None,
) -> ThreatOutcome:
    """Threats and imposed sanctions when neither side knows the other's resolve.

    Solves the game of :func:`sanctions_game` for its perfect Bayesian
    equilibrium (payoffs, type definitions and regimes in the module
    docstring) and reads the success rates off the equilibrium path. Off the
    boundaries between regimes the PBE outcome is unique.

    *Timing*: chance draws both types (each side learns its own); the sender
    threatens or stays quiet; the target concedes or defies; the sender
    imposes or backs down; a sanctioned target concedes or holds out. Every
    move is observed. *Payoff unit*: all payoffs are in one unit, that of
    ``demand_value`` (the value of the concession to the sender; with the
    default ``demand_value = 1`` they are shares of it).
    *Ties*: payoff comparisons use the library's tolerance rule
    (:mod:`leverage.tolerance`, through
    :func:`~leverage.extensive.check_pbe`); mixtures are pinned by
    indifferences and no tie-breaking rule is used; parameters on a boundary
    between regimes, where more than one equilibrium may exist, are refused.

    *The selection effect*: imposed sanctions succeed no more often than
    threats whenever ``sanction_cost <= demand_value (1 - p_resolute) q*``
    (``q* = concession_cost / (concession_cost + interim_loss)``); above
    that bound it may reverse (module docstring).

    Parameters
    ----------
    p_resolute : float
        Prior probability that the target is resolute (never concedes), in (0, 1).
    p_sender_resolute : float
        Prior probability that the sender is resolute (imposes whatever it believes), in (0, 1).
    demand_value : float
        Value to the sender of the concession (the payoff unit).
    threat_cost : float
        Cost to the sender of issuing a threat (audience and diplomatic costs).
    sanction_cost : float
        Cost to the sender of imposing sanctions.
    resolve_value : float
        Value to a resolute sender of carrying out a defied threat (above ``sanction_cost``).
    target_sanction_loss : float
        Loss to a target that holds out against sanctions.
    concession_cost : float
        Cost to an irresolute target of conceding.
    resolute_concession_cost : float
        Cost to a resolute target of conceding (above ``target_sanction_loss``).
    interim_loss : float
        Loss to a target from sanctions borne before it concedes
        (``concession_cost + interim_loss < target_sanction_loss``).
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance of the PBE check (default :data:`leverage.tolerance.RTOL`).

    Returns
    -------
    ThreatOutcome
        Verified by :func:`~leverage.extensive.check_pbe`.

    Raises
    ------
    TypeError
        If a value is not a number.
    ValueError
        If a prior is outside (0, 1), a value is not positive, the type
        definitions fail, or the parameters lie on a boundary where the
        candidates of the case analysis give no single verified equilibrium.

    Examples
    --------
    Irresolute targets call the bluff of a sender who may be irresolute:
    imposed sanctions then succeed in 30% of cases (``sanction_cost /
    demand_value``), threats in 67%:

    >>> out = threat_then_impose(0.3, 0.5)
    >>> out.regime, round(out.concede_at_threat["irresolute"], 4), round(out.impose_if_defied["irresolute"], 4)
    ('bluff called', 0.8163, 0.6)
    >>> round(out.p_success_if_imposed, 4), round(out.p_success_if_threat, 4), out.selection_effect
    (0.3, 0.6743, True)

    Dear sanctions and few resolute targets reverse the selection effect:

    >>> out = threat_then_impose(0.5, 0.5, sanction_cost=0.45)
    >>> round(out.p_success_if_imposed, 4), round(out.p_success_if_threat, 4), out.selection_effect
    (0.45, 0.4182, False)
    >>> threat_then_impose(0.3, 0.5, interim_loss=0.3)
    Traceback (most recent call last):
    ...
    ValueError: threat_then_impose(): an irresolute target must concede once sanctioned: concession_cost + interim_loss (0.7) must be below target_sanction_loss (0.6)
    """
    caller = "threat_then_impose()"
    rtol = resolve_rtol(rtol, tol, "threat_then_impose")
    v = _inputs(caller, p_resolute, p_sender_resolute, {
        "demand_value": demand_value, "threat_cost": threat_cost, "sanction_cost": sanction_cost,
        "resolve_value": resolve_value, "target_sanction_loss": target_sanction_loss,
        "concession_cost": concession_cost, "resolute_concession_cost": resolute_concession_cost,
        "interim_loss": interim_loss,
    })
    found = _solve(v, rtol)
    if len(found) != 1:
        where = "; ".join(found[0].boundary) if found and found[0].boundary else "no boundary detected"
        raise ValueError(
            f"{caller}: the candidates of the case analysis give {len(found)} verified equilibria, not one "
            f"({where}); move the parameters off the boundary between regimes"
        )
    return found[0]
