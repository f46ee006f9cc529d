"""BATNAs and bargaining: cooperative solutions over real feasible sets, and alternating offers.

A BATNA (best alternative to a negotiated agreement) is what a side gets if
talks fail; the vector of BATNAs is the *disagreement point* ``d``. A
:class:`BargainingProblem` pairs ``d`` with a feasible set of utility vectors
and offers the classical solutions:

- :meth:`~BargainingProblem.nash_solution`: maximise ``prod (u_i - d_i)^{w_i}``
  (Nash 1950; with weights, the generalised solution of bargaining power);
- :meth:`~BargainingProblem.kalai_smorodinsky`: the maximal point on the
  segment from ``d`` to the ideal point, the ideal taken over the
  *individually rational* part of the set (Kalai and Smorodinsky 1975);
- :meth:`~BargainingProblem.egalitarian`: equal gains, extended
  lexicographically (leximin);
- :meth:`~BargainingProblem.utilitarian`: the largest sum of utilities
  (equal-gain tie-break among maximisers);
- :meth:`~BargainingProblem.zopa`: the zone of possible agreement.

When the BATNAs leave no room -- no feasible point gives every side strictly
more than its BATNA, or the BATNAs lie outside the feasible set -- the zone is
empty and every solution says "no agreement" explicitly
(``BargainingSolution.agreement is False``) instead of returning a point.

Strategic bargaining: :func:`rubinstein` gives the subgame-perfect split of
alternating offers (Rubinstein 1982) with the outside-option principle
(Binmore, Shaked and Sutton 1989), and :func:`patient_limit` its limit as
offers come quickly, which is the generalised Nash solution with bargaining
powers inversely proportional to the discount rates (Binmore, Rubinstein and
Wolinsky 1986).

Feasible sets
-------------
``from_points(points, d, convex=True)``: the convex hull of the points *with
free disposal* (any utility vector below a feasible one is feasible: a side can
always give value away). ``convex=False``: the finite set itself (package
deals, barter). ``from_frontier(f, d, bounds)``: the utilities under a Pareto
frontier ``u_n = f(u_1, ..., u_{n-1})``, with free disposal.
``from_game(game, disagreement)``: the convex hull of a game's payoff profiles.

A convex hull of deals is held as its Pareto facets, built with Qhull in
``O(k log k)``; every solution is computed on those facets, in closed form or
with small programmes in the ``n`` utilities, never with one variable per
deal (:mod:`leverage.bargaining.hull`; timings in ``benchmarks/README.md``).

Modules
-------
- :mod:`leverage.bargaining.problem`: :class:`BargainingProblem` and its solutions;
- :mod:`leverage.bargaining.sets`: the feasible sets and the queries they answer;
- :mod:`leverage.bargaining.hull`: the comprehensive hull and the Nash product on its facets;
- :mod:`leverage.bargaining.results`: :class:`BargainingSolution` and :class:`Zopa`;
- :mod:`leverage.bargaining.checks`: argument checks;
- this package: alternating offers, :func:`rubinstein` and :func:`patient_limit`.

References
----------
J. F. Nash (1950), "The bargaining problem", Econometrica 18(2), 155-162.
E. Kalai and M. Smorodinsky (1975), "Other solutions to Nash's bargaining
problem", Econometrica 43(3), 513-518.
A. Rubinstein (1982), "Perfect equilibrium in a bargaining model",
Econometrica 50(1), 97-109.
K. Binmore, A. Rubinstein and A. Wolinsky (1986), "The Nash bargaining
solution in economic modelling", RAND Journal of Economics 17(2), 176-188.
K. Binmore, A. Shaked and J. Sutton (1989), "An outside option experiment",
Quarterly Journal of Economics 104(4), 753-770.
A. Muthoo (1999), Bargaining Theory with Applications, Cambridge University
Press, ch. 5 (outside options).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leverage.bargaining.checks import as_vector
from leverage.checks import check_int, check_real, real_array
from leverage.bargaining.problem import BargainingProblem
from leverage.bargaining.results import BargainingSolution, Zopa

__all__ = [
    "BargainingProblem",
    "BargainingSolution",
    "Zopa",
    "RubinsteinOutcome",
    "PatientLimit",
    "rubinstein",
    "patient_limit",
]


# ---------------------------------------------------------------- strategic bargaining


def _discounts(delta: Any, caller: str) -> tuple[float, float]:
    try:
        d1, d2 = (float(v) for v in real_array(delta, "delta", caller, ndim=1, finite=False))
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: delta must be a pair of discount factors (d1, d2); got {delta!r}") from None
    for k, v in enumerate((d1, d2), start=1):
        if not (0.0 < v < 1.0):
            raise ValueError(f"{caller}: discount factors must lie in (0, 1); delta[{k - 1}] = {v!r}")
    return d1, d2


@dataclass(frozen=True)
class RubinsteinOutcome:
    """The subgame-perfect outcome of alternating-offers bargaining.

    Attributes
    ----------
    shares : tuple of float
        The two players' shares of the pie (None when the outside options
        together exceed the pie: no agreement).
    proposer : int
        Who makes the first offer.
    agreement : bool
        Whether the players agree (immediately, in the first period).
    binding : tuple of bool
        Whether each player's outside option binds.

    Examples
    --------
    >>> rubinstein((0.9, 0.9), outside_options=(0.0, 0.6))
    RubinsteinOutcome(shares=(0.4, 0.6), proposer=0, agreement=True, binding=(False, True))
    >>> rubinstein((0.9, 0.9), outside_options=(0.6, 0.6)).agreement   # the options exceed the pie
    False
    """

    shares: tuple[float, float] | None
    proposer: int
    agreement: bool
    binding: tuple[bool, bool] = (False, False)


def rubinstein(
    delta: Sequence[float],
    proposer: int = 0,
    pie: float = 1.0,
    outside_options: Sequence[float] | None = None,
) -> RubinsteinOutcome:
    """Subgame-perfect split of alternating-offers bargaining (Rubinstein 1982).

    With discount factors ``delta = (d1, d2)`` and player 1 proposing first,
    player 1 gets ``x1 = (1 - d2) / (1 - d1 d2)`` of the pie and agreement is
    immediate.

    Outside options ``(o1, o2)`` can be taken by a player when it responds to
    an offer. By the *outside-option principle* (Binmore, Shaked and Sutton
    1989) an option changes the split only when it binds -- when it is worth
    more than what the player would get as responder without it -- and then
    the player gets exactly its option; it is not a shifted disagreement
    point (Muthoo 1999, Theorem 5.3).

    Parameters
    ----------
    delta : (float, float)
        Discount factors in (0, 1).
    proposer : {0, 1}
        Who proposes first.
    pie : float
        Size of the pie (positive).
    outside_options : (float, float), optional
        Non-negative outside options, in the pie's units.

    Returns
    -------
    RubinsteinOutcome

    Raises
    ------
    ValueError
        Discount factors outside (0, 1), a proposer other than 0 or 1, a
        non-positive pie, or negative or non-finite outside options.

    References
    ----------
    A. Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica
    50(1), 97-109; K. Binmore, A. Shaked and J. Sutton (1989), "An outside option
    experiment", Quarterly Journal of Economics 104(4), 753-770; A. Muthoo (1999),
    Bargaining Theory with Applications, Theorem 5.3.

    Examples
    --------
    >>> [round(x, 6) for x in rubinstein((0.9, 0.8)).shares]
    [0.714286, 0.285714]
    >>> round(rubinstein((0.9, 0.9)).shares[0], 6)
    0.526316
    >>> rubinstein((0.9, 0.9), outside_options=(0.0, 0.6)).shares   # player 2's option binds
    (0.4, 0.6)
    """
    caller = "rubinstein()"
    d1, d2 = _discounts(delta, caller)
    if check_int(proposer, "proposer", caller) not in (0, 1):
        raise ValueError(f"{caller}: proposer must be 0 or 1; got {proposer!r}")
    pie = check_real(pie, "pie", caller, low=0.0, open_low=True)
    # work with the proposer as "player a" and the responder as "player b"
    da, db = (d1, d2) if proposer == 0 else (d2, d1)
    if outside_options is None:
        oa = ob = 0.0
    else:
        o = as_vector(outside_options, caller, "outside_options", 2)
        if np.any(o < 0):
            raise ValueError(f"{caller}: outside_options must be non-negative; got {o}")
        oa, ob = (o[0], o[1]) if proposer == 0 else (o[1], o[0])
        oa, ob = oa / pie, ob / pie
    if oa + ob >= 1.0 and outside_options is not None:
        return RubinsteinOutcome(None, proposer, False, (True, True))
    x_plain = (1.0 - db) / (1.0 - da * db)  # proposer's share without options
    responder_plain = 1.0 - x_plain  # = db (1 - da) / (1 - da db)
    a_as_responder = da * (1.0 - db) / (1.0 - da * db)
    b_binds = ob > responder_plain
    a_binds = oa > a_as_responder
    if not a_binds and not b_binds:
        x = x_plain
    elif b_binds and oa <= da * (1.0 - ob):
        x = 1.0 - ob
    elif a_binds and ob <= db * (1.0 - oa):
        x = 1.0 - db * (1.0 - oa)
    else:
        x = 1.0 - ob
    binding_ab = (bool(a_binds and not (b_binds and oa <= da * (1 - ob))), bool(b_binds or (a_binds and ob > db * (1 - oa))))
    shares_ab = (float(x * pie), float((1.0 - x) * pie))
    if proposer == 0:
        return RubinsteinOutcome(shares_ab, 0, True, binding_ab)
    return RubinsteinOutcome((shares_ab[1], shares_ab[0]), 1, True, (binding_ab[1], binding_ab[0]))


@dataclass(frozen=True, eq=False)
class PatientLimit:
    """The limit of the Rubinstein split as the time between offers goes to zero.

    Attributes
    ----------
    shares : numpy.ndarray
        ``(r2, r1) / (r1 + r2)`` times the pie.
    nash_weights : numpy.ndarray
        Bargaining powers ``(1/r_i) / sum_j (1/r_j)``.
    nash_solution : numpy.ndarray
        The generalised Nash solution of the pie with those weights and
        zero BATNAs, computed independently; equal to ``shares``.

    Examples
    --------
    The more patient side (the lower discount rate) gets the larger share:

    >>> lim = patient_limit((0.05, 0.10))
    >>> np.round(lim.shares, 4), np.round(lim.nash_weights, 4)
    (array([0.6667, 0.3333]), array([0.6667, 0.3333]))
    """

    shares: np.ndarray
    nash_weights: np.ndarray
    nash_solution: np.ndarray = field(repr=False)


def patient_limit(rates: Sequence[float], pie: float = 1.0) -> PatientLimit:
    """Limit of the Rubinstein split as offers come ever faster (Binmore, Rubinstein and Wolinsky 1986).

    With discount factors ``delta_i = exp(-r_i * dt)``, as ``dt -> 0`` the
    split tends to ``x_1 = r_2 / (r_1 + r_2)``, whoever proposes first: the
    generalised Nash solution with bargaining power inversely proportional to
    the discount rate. The function computes both and returns them.

    Parameters
    ----------
    rates : (float, float)
        Positive discount rates.
    pie : float
        Size of the pie.

    Raises
    ------
    ValueError
        If a rate is not positive and finite.

    References
    ----------
    K. Binmore, A. Rubinstein and A. Wolinsky (1986), "The Nash bargaining solution
    in economic modelling", RAND Journal of Economics 17(2), 176-188.

    Examples
    --------
    >>> lim = patient_limit((0.05, 0.10))
    >>> np.round(lim.shares, 6), np.round(lim.nash_solution, 6)
    (array([0.666667, 0.333333]), array([0.666667, 0.333333]))
    """
    caller = "patient_limit()"
    r = as_vector(rates, caller, "rates", 2)
    if np.any(r <= 0):
        raise ValueError(f"{caller}: discount rates must be positive; got {r}")
    pie = check_real(pie, "pie", caller, low=0.0, open_low=True)
    shares = pie * np.array([r[1], r[0]]) / r.sum()
    weights = (1.0 / r) / (1.0 / r).sum()
    # solved on a unit pie and scaled (the solution is scale-covariant): a pie of 1e308 stays finite
    unit = BargainingProblem.from_points([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0]).nash_solution(weights).utilities
    return PatientLimit(shares, weights, pie * np.array(unit))
