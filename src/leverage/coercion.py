"""Calibrated coercion, sanctions and crisis bargaining.

Export controls work as valves: a coercer (China, for rare earths) can narrow
licences part of the way rather than cut supply off. A full embargo backfires
when it pushes the target to build other supply -- after the 2010 halt Japan
cut its dependence on Chinese rare earths from about 90% to about 60%. The
:class:`CoercionModel` shows when an interior restriction beats both the
status quo and an embargo, and how the answer moves with the target's
diversification cost, patience and counter-leverage.

The model (per period, infinite horizon)
----------------------------------------
The coercer picks a restriction level ``r`` on a grid in ``[0, 1]``; the target
answers once, and the answer is kept:

=============  =================================  ==========================================
answer         target's present value             coercer's present value
=============  =================================  ==========================================
comply         ``-L r / (1 - dt)``                ``(R (1 - r) + c L r) / (1 - dc)``
resist         ``-L r / (1 - dt)``                ``R (1 - r) / (1 - dc)``
retaliate      ``-(L + psi) r / (1 - dt)``        ``(R (1 - r) - X r) / (1 - dc)``
diversify      ``-K``                             ``(R (1 - r) + c L r - X r) (1 - dc^tau) / (1 - dc)``
=============  =================================  ==========================================

``R``: the coercer's export rent per period at free supply (a restriction
withholds the share ``r``); ``L``: the target's loss per period at full
restriction; ``c``: the concession share -- the value to the coercer of the
concession it extracts from a target that stays, per unit of the target's
loss; ``K``: the present cost of diversifying (building other supply, interim
losses included); ``tau``: build time in periods, during which the departing
target still depends on the coercer but hits back with its counter-leverage
``X`` (the coercer's loss per period at full restriction); ``psi``: the
target's own cost of retaliating; ``dc``, ``dt``: discount factors.

The target takes the answer that costs it least; when answers tie it takes
the first of comply, resist, retaliate, diversify (the coercer sizes its
demand so that the target is just willing to comply -- the take-it-or-leave-it
convention). So a target stays and complies while ``L r / (1 - dt) <= K``,
and diversifies above the *diversification threshold*
``r* = K (1 - dt) / L``. The coercer then compares the best level at or below
the threshold with restrictions that trigger diversification.

Limitations
-----------
With these flows a target never strictly prefers resisting or retaliating
to complying (they cost it as much or more), so on the equilibrium path it
complies or diversifies; counter-leverage bites only on a departing target,
which hits back while it builds. A departing target still concedes while it
builds (this is what makes an embargo worth ``c L`` per build period), so when
concessions are large relative to the rent and diversifying is cheap, the
coercer may prefer to squeeze a departing target rather than keep it at the
threshold -- then a dearer way out can *lower* the optimal restriction.

Other models
------------
- :func:`tsebelis`: the sanctions game of Tsebelis (1990) and its mixed equilibrium;
- :func:`threat_then_impose`: threats and imposed sanctions under uncertainty
  about the target's resolve (Lacy and Niou 2004);
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
D. Lacy and E. M. S. Niou (2004), "A theory of economic sanctions and issue
linkage", Journal of Politics 66(1), 25-42.
E. Gholz and L. Hughes (2021), "Market structure and economic sanctions: the
2010 rare earth elements episode", Review of International Political Economy 28(3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.game import Game
from leverage.parameters import Parameter, ParameterSet
from leverage.parametric import ParametricGame
from leverage.results import Equilibrium
from leverage.tolerance import tolerances

__all__ = [
    "ANSWERS",
    "CoercionModel",
    "CoercionOutcome",
    "coercion_parameters",
    "tsebelis",
    "threat_then_impose",
    "ThreatOutcome",
    "risk_return",
    "drezner_concession",
]

#: The target's answers, in tie-breaking order.
ANSWERS = ("comply", "resist", "retaliate", "diversify")


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


def coercion_parameters(**overrides: float) -> ParameterSet:
    """Default parameters of the calibrated-coercion model (the limit-coercion worked example).

    Values are in units of the coercer's export rent per period (``rent = 1``).

    Examples
    --------
    >>> ps = coercion_parameters()
    >>> ps.values["diversification_cost"], ps.values["target_discount"]
    (10.0, 0.9)
    """
    ps = ParameterSet(
        rent=Parameter(1.0, 0.1, 5.0, "rent/period", "normalisation: the coercer's export rent"),
        target_loss=Parameter(4.0, 0.5, 20.0, "rent/period at full restriction",
                              "illustrative; Gholz and Hughes (2021) on the 2010 episode"),
        concession_share=Parameter(0.5, 0.0, 1.0, "share", "illustrative"),
        diversification_cost=Parameter(10.0, 0.0, 1000.0, "rent (present value)",
                                       "illustrative; Japan's dependence fell from about 90% to about 60% after 2010 "
                                       "(Argus; JOGMEC)"),
        build_time=Parameter(1.0, 0.0, 20.0, "periods", "illustrative"),
        coercer_discount=Parameter(0.9, 0.0, 0.99, "per period", "illustrative"),
        target_discount=Parameter(0.9, 0.0, 0.99, "per period", "illustrative"),
        counter_leverage=Parameter(0.0, 0.0, 10.0, "rent/period at full restriction",
                                   "illustrative; chips, lithography and ore imports as counter-levers"),
        retaliation_cost=Parameter(0.0, 0.0, 10.0, "rent/period at full restriction", "illustrative"),
    )
    return ps.replace(**overrides) if overrides else ps


def _check_grid(levels: Any, caller: str) -> np.ndarray:
    try:
        grid = np.array(levels, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: levels must be numbers in [0, 1]; got {levels!r}") from None
    if grid.size == 0:
        raise ValueError(f"{caller}: levels is empty")
    if not np.all(np.isfinite(grid)) or np.any(grid < 0) or np.any(grid > 1):
        raise ValueError(f"{caller}: restriction levels must lie in [0, 1]; got {grid.tolist()}")
    return np.unique(grid)


def _present_values(v: dict[str, Any], r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Target and coercer present values, shape ``(..., len(r), 4)`` in ``ANSWERS`` order."""
    R, L, c = v["rent"], v["target_loss"], v["concession_share"]
    K, tau = v["diversification_cost"], v["build_time"]
    dc, dt = v["coercer_discount"], v["target_discount"]
    X, psi = v["counter_leverage"], v["retaliation_cost"]
    ac, at = 1.0 / (1.0 - dc), 1.0 / (1.0 - dt)
    target = np.stack(
        np.broadcast_arrays(-L * r * at, -L * r * at, -(L + psi) * r * at, -K + 0.0 * r), axis=-1
    )
    stay = R * (1 - r) + c * L * r
    coercer = np.stack(
        np.broadcast_arrays(
            stay * ac,
            R * (1 - r) * ac,
            (R * (1 - r) - X * r) * ac,
            (stay - X * r) * (1.0 - dc**tau) * ac,
        ),
        axis=-1,
    )
    return target, coercer


@dataclass(frozen=True, eq=False)
class CoercionOutcome:
    """The solved calibrated-coercion model.

    Attributes
    ----------
    optimal_restriction : float
        The coercer's best restriction level on the grid.
    answer : str
        The target's answer to it.
    threshold : float
        The diversification threshold ``K (1 - dt) / L`` (``inf`` when the
        target cannot be pushed to diversify).
    status_quo, optimum, embargo : float
        The coercer's present value at ``r = 0``, at the optimum, and at ``r = 1``.
    levels : numpy.ndarray
        The grid.
    answers : tuple of str
        The target's answer at each level.
    coercer_values : numpy.ndarray
        The coercer's present value at each level.
    regime : str
        ``"status quo"``, ``"calibrated coercion"`` (an interior level the
        target complies with), ``"full embargo"`` (the target complies even
        with an embargo), ``"embargo and diversification"`` or
        ``"restriction and diversification"`` (an interior level that drives
        the target out).

    Examples
    --------
    >>> out = CoercionModel(levels=[0, 0.25, 0.5, 1]).solve()
    >>> out
    CoercionOutcome(optimal restriction 0.25 (comply); threshold 0.25; status quo 10, optimum 12.5, embargo 2; regime 'calibrated coercion')
    >>> out.answers
    ('comply', 'comply', 'diversify', 'diversify')
    """

    optimal_restriction: float
    answer: str
    threshold: float
    status_quo: float
    optimum: float
    embargo: float
    levels: np.ndarray
    answers: tuple[str, ...]
    coercer_values: np.ndarray
    regime: str

    def __repr__(self) -> str:
        return (
            f"CoercionOutcome(optimal restriction {self.optimal_restriction:g} ({self.answer}); "
            f"threshold {self.threshold:.6g}; status quo {self.status_quo:.6g}, optimum {self.optimum:.6g}, "
            f"embargo {self.embargo:.6g}; regime {self.regime!r})"
        )


class CoercionModel:
    """A calibrated-coercion model: a function from named parameters to the coercion game.

    Parameters
    ----------
    parameters : ParameterSet, optional
        The model's parameters (default :func:`coercion_parameters`); names:
        ``rent``, ``target_loss``, ``concession_share``,
        ``diversification_cost``, ``build_time``, ``coercer_discount``,
        ``target_discount``, ``counter_leverage``, ``retaliation_cost``.
    levels : array_like
        Restriction levels in ``[0, 1]`` the coercer can choose (default
        ``0, 0.05, ..., 1``); 0 and 1 are always added.

    Examples
    --------
    The limit-coercion worked example: rent 1, loss 4, concession share 0.5,
    diversification cost 10, both discount factors 0.9.

    >>> model = CoercionModel()
    >>> out = model.solve()
    >>> out.threshold, out.optimal_restriction, out.answer
    (0.25, 0.25, 'comply')
    >>> round(out.optimum, 6), round(out.status_quo, 6), round(out.embargo, 6)
    (12.5, 10.0, 2.0)
    >>> out.regime
    'calibrated coercion'
    """

    def __init__(self, parameters: ParameterSet | None = None, levels: Any = None) -> None:
        caller = "CoercionModel()"
        ps = coercion_parameters() if parameters is None else parameters
        if not isinstance(ps, ParameterSet):
            raise TypeError(f"{caller}: parameters must be a ParameterSet; got {type(ps).__name__}")
        missing = [k for k in coercion_parameters().names if k not in ps]
        if missing:
            raise ValueError(f"{caller}: parameters lack {', '.join(missing)}")
        self.parameters = ps
        grid = np.linspace(0.0, 1.0, 21) if levels is None else _check_grid(levels, caller)
        self.levels = np.unique(np.concatenate([[0.0, 1.0], grid]))

    def _values(self, overrides: dict[str, float]) -> dict[str, float]:
        values = self.parameters.replace(**overrides).values if overrides else self.parameters.values
        for name in ("coercer_discount", "target_discount"):
            if not 0.0 <= values[name] < 1.0:
                raise ValueError(f"CoercionModel: {name} must lie in [0, 1); got {values[name]}")
        return values

    def threshold(self, **overrides: float) -> float:
        """The diversification threshold ``K (1 - dt) / L``."""
        v = self._values(overrides)
        if v["target_loss"] <= 0:
            return np.inf
        return v["diversification_cost"] * (1.0 - v["target_discount"]) / v["target_loss"]

    def solve(self, allow_diversification: bool = True, **overrides: float) -> CoercionOutcome:
        """Optimal restriction, the target's answer, the threshold and the coercer's present values.

        Parameters
        ----------
        allow_diversification : bool
            False models a target with no way to diversify (the answer is
            removed and the threshold is infinite).
        **overrides : float
            Parameter values replacing the calibrated ones (checked against ranges).

        Examples
        --------
        Without a way out, an embargo pays whenever the concession is worth
        more than the rent forgone (``c L > R``):

        >>> CoercionModel().solve(allow_diversification=False).optimal_restriction
        1.0
        """
        v = self._values(overrides)
        r = self.levels
        target, coercer = _present_values(v, r)
        if not allow_diversification:
            target = target.copy()
            target[:, ANSWERS.index("diversify")] = -np.inf
        scale = max(1.0, float(np.abs(target[np.isfinite(target)]).max()))
        best = target.max(axis=1, keepdims=True)
        # first answer (in ANSWERS order) within the tolerance of the best
        choice = np.argmax(target >= best - 1e-12 * scale, axis=1)
        values = coercer[np.arange(len(r)), choice]
        cscale = max(1.0, float(np.abs(values).max()))
        k = int(np.argmax(values >= values.max() - 1e-12 * cscale))  # lowest level among ties
        answers = tuple(ANSWERS[i] for i in choice)
        opt, ans = float(r[k]), answers[k]
        if opt == 0.0:
            regime = "status quo"
        elif ans == "diversify":
            regime = "embargo and diversification" if opt == 1.0 else "restriction and diversification"
        elif opt == 1.0:
            regime = "full embargo"
        else:
            regime = "calibrated coercion"
        return CoercionOutcome(
            optimal_restriction=opt,
            answer=ans,
            threshold=float(self.threshold(**overrides)) if allow_diversification else np.inf,
            status_quo=float(values[0]),
            optimum=float(values[k]),
            embargo=float(values[-1]),
            levels=r.copy(),
            answers=answers,
            coercer_values=values,
            regime=regime,
        )

    def game(self, **overrides: float) -> Game:
        """The normal form: the coercer's restriction levels against the target's four answers.

        Examples
        --------
        >>> g = CoercionModel(levels=[0, 0.5, 1]).game()
        >>> g.strategies[0], g.strategies[1]
        (('r=0', 'r=0.5', 'r=1'), ('comply', 'resist', 'retaliate', 'diversify'))
        """
        v = self._values(overrides)
        target, coercer = _present_values(v, self.levels)
        return Game(
            [coercer, target],
            players=("Coercer", "Target"),
            strategies=(tuple(f"r={x:g}" for x in self.levels), ANSWERS),
        )

    def tree(self, **overrides: float) -> Any:
        """The sequential game: the coercer restricts, then the target answers.

        Its subgame-perfect equilibrium, with the target's ties broken in
        ``ANSWERS`` order and the coercer's towards lower restriction, is
        what :meth:`solve` reports.

        Examples
        --------
        >>> from leverage.sequential import backward_induction
        >>> spe = backward_induction(CoercionModel(levels=[0, 0.25, 1]).tree(), ties="first")[0]
        >>> spe.path
        (('root', 'r=0.25'), ('root/r=0.25', 'comply'))
        """
        from leverage.sequential import Decision, GameTree, Terminal

        v = self._values(overrides)
        target, coercer = _present_values(v, self.levels)
        root = Decision(
            "Coercer",
            {
                f"r={x:g}": Decision(
                    "Target", {a: Terminal([coercer[i, j], target[i, j]]) for j, a in enumerate(ANSWERS)}
                )
                for i, x in enumerate(self.levels)
            },
        )
        return GameTree(root, players=("Coercer", "Target"))

    def parametric_game(self) -> ParametricGame:
        """The normal form as a :class:`~leverage.ParametricGame` (for batches and sweeps).

        Examples
        --------
        >>> pg = CoercionModel(levels=[0, 0.5, 1]).parametric_game()
        >>> C, T = pg.batch({"diversification_cost": [5.0, 50.0]})
        >>> C.shape
        (2, 3, 4)
        """
        levels = self.levels

        def payoffs(**v: Any) -> tuple[np.ndarray, np.ndarray]:
            arrays = {k: np.asarray(x, dtype=float)[..., None] for k, x in v.items()}
            target, coercer = _present_values(arrays, levels)
            # draws (if any) on the trailing axis, as ParametricGame expects
            return np.moveaxis(coercer, 0, -1) if coercer.ndim == 3 else coercer, (
                np.moveaxis(target, 0, -1) if target.ndim == 3 else target
            )

        return ParametricGame(
            self.parameters,
            payoffs,
            players=("Coercer", "Target"),
            strategies=(tuple(f"r={x:g}" for x in levels), ANSWERS),
        )


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
    t = np.array(target, dtype=float)
    s = np.array(sender, dtype=float)
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


# ---------------------------------------------------------------- Lacy and Niou (2004)


@dataclass(frozen=True)
class ThreatOutcome:
    """Outcome of the threat-then-impose sanctions game.

    Attributes
    ----------
    threaten : bool
        Whether the sender threatens.
    impose_if_defied : bool
        Whether it imposes sanctions on a target that defies the threat.
    p_concede_at_threat : float
        Probability that the target concedes to the threat.
    p_imposed : float
        Probability that sanctions are imposed.
    p_success_if_imposed : float
        Probability that imposed sanctions obtain the concession.
    p_success_overall : float
        Probability that coercion obtains the concession at some stage.

    Examples
    --------
    Imposed sanctions fall on resolute targets only, and never succeed:

    >>> out = threat_then_impose(0.3)
    >>> out.threaten, out.p_concede_at_threat, out.p_success_if_imposed
    (True, 0.7, 0.0)
    """

    threaten: bool
    impose_if_defied: bool
    p_concede_at_threat: float
    p_imposed: float
    p_success_if_imposed: float
    p_success_overall: float


def threat_then_impose(
    p_resolute: float,
    demand_value: float = 1.0,
    threat_cost: float = 0.05,
    sanction_cost: float = 0.3,
    resolve_value: float = 0.5,
    target_sanction_loss: float = 0.6,
    concession_cost: float = 0.4,
) -> ThreatOutcome:
    """Threats and imposed sanctions when the sender is unsure of the target's resolve.

    The sender may threaten sanctions unless the target concedes. An
    *irresolute* target (probability ``1 - p_resolute``) concedes at the
    threat whenever conceding costs it less than the sanctions it expects; a
    *resolute* target never concedes. If defied, the sender imposes
    sanctions when it values punishing defiance (``resolve_value``) more than
    sanctioning costs it. Because the targets that would give in do so at the
    threat stage, imposed sanctions fall on resolute targets and fail: the
    cases we observe sanctions in are a selected sample (Lacy and Niou 2004).

    Parameters
    ----------
    p_resolute : float
        Prior probability that the target is resolute.
    demand_value : float
        Value to the sender of the concession.
    threat_cost : float
        Cost to the sender of issuing a threat.
    sanction_cost : float
        Cost to the sender of imposing sanctions.
    resolve_value : float
        Value to the sender of carrying out a threat that was defied (reputation).
    target_sanction_loss : float
        Loss to an irresolute target from sanctions.
    concession_cost : float
        Cost to an irresolute target of conceding.

    Raises
    ------
    ValueError
        If ``p_resolute`` is outside [0, 1] or a value is negative or not finite.

    Examples
    --------
    >>> out = threat_then_impose(0.3)
    >>> out.p_concede_at_threat, out.p_imposed, out.p_success_if_imposed
    (0.7, 0.3, 0.0)
    """
    caller = "threat_then_impose()"
    p = _probability(p_resolute, caller, "p_resolute")
    values = {
        "demand_value": demand_value,
        "threat_cost": threat_cost,
        "sanction_cost": sanction_cost,
        "resolve_value": resolve_value,
        "target_sanction_loss": target_sanction_loss,
        "concession_cost": concession_cost,
    }
    v = {k: _nonnegative(x, caller, k) for k, x in values.items()}
    impose = v["resolve_value"] > v["sanction_cost"]  # credible only if the sender gains from carrying out
    irresolute_concedes = impose and v["concession_cost"] < v["target_sanction_loss"]
    p_concede = (1.0 - p) if irresolute_concedes else 0.0
    defied = 1.0 - p_concede
    value_threat = p_concede * v["demand_value"] - v["threat_cost"]
    if impose:
        value_threat += defied * (v["resolve_value"] - v["sanction_cost"])
    threaten = value_threat > 0
    if not threaten:
        return ThreatOutcome(False, impose, 0.0, 0.0, 0.0, 0.0)
    p_imposed = defied if impose else 0.0
    # a defying target is resolute (or an irresolute one that does not fear sanctions): it does not give in
    return ThreatOutcome(True, impose, p_concede, p_imposed, 0.0, p_concede)


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
