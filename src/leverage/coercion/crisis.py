"""Sanctions and crisis bargaining: the classic models.

- :func:`tsebelis`: the sanctions game of Tsebelis (1990) and its mixed equilibrium;
- :func:`risk_return`: take-it-or-leave-it crisis bargaining with a private
  cost of war (Fearon 1995);
- :func:`drezner_concession`: the concession bound under conflict
  expectations (Drezner 1998).

References
----------
G. Tsebelis (1990), "Are sanctions effective? A game-theoretic analysis",
Journal of Conflict Resolution 34(1), 3-28.
J. D. Fearon (1995), "Rationalist explanations for war", International
Organization 49(3), 379-414.
D. W. Drezner (1998), "Conflict expectations and the paradox of economic
coercion", International Studies Quarterly 42(4), 709-731.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from leverage.checks import real_array
from leverage.game import Game
from leverage.results import Equilibrium
from leverage.tolerance import tolerances

__all__ = ["tsebelis", "risk_return", "drezner_concession"]


def _probability(value: Any, caller: str, argument: str) -> float:
    try:
        p = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: {argument} must be a number; got {value!r}") from None
    if not np.isfinite(p) or not 0.0 <= p <= 1.0:
        raise ValueError(f"{caller}: {argument} must be a probability in [0, 1]; got {value!r}")
    return p


def _nonnegative(value: Any, caller: str, argument: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: {argument} must be a number; got {value!r}") from None
    if not np.isfinite(v) or v < 0:
        raise ValueError(f"{caller}: {argument} must be finite and non-negative; got {value!r}")
    return v



# ---------------------------------------------------------------- Tsebelis (1990)


def tsebelis(
    target: Sequence[float] = (1.0, 2.0, 0.0, -1.0),
    sender: Sequence[float] = (1.0, 0.0, -1.0, 2.0),
) -> tuple[Game, Equilibrium]:
    """The sanctions game of Tsebelis (1990) and its mixed equilibrium.

    The target violates or complies; the sender sanctions or not. Payoffs
    are given per player in the order (comply, no sanction), (violate, no
    sanction), (comply, sanction), (violate, sanction). The target prefers to
    violate when not sanctioned and to comply when sanctioned; the sender
    prefers not to sanction a complier and to sanction a violator. The unique
    equilibrium is mixed, and -- the paradox Tsebelis stressed -- the target's
    probability of violating depends only on the *sender's* payoffs (and the
    sender's sanctioning probability only on the target's).

    Parameters
    ----------
    target, sender : sequence of 4 floats
        Payoffs in the order above.

    Returns
    -------
    (Game, Equilibrium)
        The game (rows: the target's Comply, Violate; columns: the sender's
        No sanction, Sanction) and its equilibrium.

    Raises
    ------
    ValueError
        If the payoffs do not have the sanctions-game ordering (then the
        equilibrium is not the mixed one).

    Examples
    --------
    >>> game, eq = tsebelis()
    >>> eq.strategies[0]   # target: comply, violate
    array([0.5, 0.5])
    """
    from leverage.solvers import equilibria

    caller = "tsebelis()"
    t = real_array(target, "target", caller, finite=False)
    s = real_array(sender, "sender", caller, finite=False)
    if t.shape != (4,) or s.shape != (4,) or not np.all(np.isfinite(np.concatenate([t, s]))):
        raise ValueError(f"{caller}: target and sender need 4 finite payoffs each")
    cn, vn, cs, vs = range(4)
    tt, ts = tolerances([t, s])  # strict preferences must exceed the library's tolerance
    if not (t[vn] > t[cn] + tt and t[cs] > t[vs] + tt):
        raise ValueError(f"{caller}: the target must prefer violating unsanctioned and complying when sanctioned")
    if not (s[cn] > s[cs] + ts and s[vs] > s[vn] + ts):
        raise ValueError(f"{caller}: the sender must prefer not sanctioning a complier and sanctioning a violator")
    A = np.array([[t[cn], t[cs]], [t[vn], t[vs]]])
    B = np.array([[s[cn], s[cs]], [s[vn], s[vs]]])
    game = Game.from_bimatrix(A, B, players=("Target", "Sender"),
                              strategies=(("Comply", "Violate"), ("No sanction", "Sanction")))
    (eq,) = equilibria(game)
    return game, eq


# ---------------------------------------------------------------- Fearon (1995)


def risk_return(p: float, cost_a: float, cost_b_max: float) -> tuple[float, float]:
    """Take-it-or-leave-it crisis bargaining with a private cost of war (Fearon 1995).

    State A demands a share ``x`` of a prize of size 1 from state B; B
    accepts when ``1 - x >= 1 - p - c_B``, where ``p`` is A's probability of
    winning a war and B's cost of war ``c_B`` is private, uniform on
    ``[0, cost_b_max]``. A's best demand trades a larger share against a higher
    risk of war::

        x* = p + (cost_b_max - cost_a) / 2   (clipped to [p, p + cost_b_max] and to 1)

    and the probability of breakdown is ``(x* - p) / cost_b_max``.

    Parameters
    ----------
    p : float
        A's probability of winning, in [0, 1].
    cost_a : float
        A's cost of war (non-negative).
    cost_b_max : float
        Upper end of B's cost of war (positive).

    Returns
    -------
    (float, float)
        The optimal demand and the probability of war.

    Raises
    ------
    ValueError
        If ``p`` is outside [0, 1], a cost is negative, or ``cost_b_max`` is 0.

    Examples
    --------
    >>> risk_return(0.5, 0.1, 0.3)
    (0.6, 0.3333333333333333)
    """
    caller = "risk_return()"
    p = _probability(p, caller, "p")
    ca = _nonnegative(cost_a, caller, "cost_a")
    cb = _nonnegative(cost_b_max, caller, "cost_b_max")
    if cb <= 0:
        raise ValueError(f"{caller}: cost_b_max must be positive; got {cost_b_max!r}")
    # the premium over p, kept apart from p so that a tiny premium is not rounded away in p + premium
    premium = min(max(0.0, (cb - ca) / 2.0), cb, 1.0 - p)
    return float(p + premium), float(premium / cb)


# ---------------------------------------------------------------- Drezner (1998)


def drezner_concession(target_cost: float, sender_cost: float, beta: float) -> float:
    """The largest concession a sender can extract under conflict expectations (Drezner 1998).

    A target that expects future conflict with the sender cares about
    relative gains: its utility is its own payoff minus ``1 - beta`` times the
    sender's. Deadlock costs the target ``t`` and the sender ``s``; conceding
    ``x`` costs the target ``x`` and gives the sender ``x``. The target
    concedes rather than face deadlock when
    ``-x - (1 - beta) x >= -t + (1 - beta) s``, so the largest concession is::

        (t - (1 - beta) s) / (2 - beta)

    Allies (``beta = 1``, no conflict expected) concede up to their whole
    cost of deadlock; adversaries (``beta = 0``) concede far less -- the
    paradox of economic coercion.

    Parameters
    ----------
    target_cost, sender_cost : float
        Non-negative costs of sanctions.
    beta : float
        Conflict-expectation weight in [0, 1].

    Raises
    ------
    ValueError
        If ``beta`` is outside [0, 1] or a cost is negative.

    Examples
    --------
    >>> [round(drezner_concession(1.0, 0.4, b), 4) for b in (1.0, 0.5, 0.0)]
    [1.0, 0.5333, 0.3]
    """
    caller = "drezner_concession()"
    b = _probability(beta, caller, "beta")
    t = _nonnegative(target_cost, caller, "target_cost")
    s = _nonnegative(sender_cost, caller, "sender_cost")
    return max(0.0, (t - (1.0 - b) * s) / (2.0 - b))
