"""Signalling a diversification cost: a visible investment before the coercer restricts.

A target does not want the coercer to think it cheap to squeeze. Before the
coercer sets its restriction, a target whose cost of diversifying ``K`` is
low or high may make a visible, costly investment -- a recycling plant, a
stockpile, a price floor under other suppliers -- that lowers its ``K``. The
coercer sees the investment, not ``K``. This module builds that game as a
:class:`~leverage.extensive.SignallingGame` on the flows of the coercion
model and solves it: every pure perfect Bayesian equilibrium (PBE), their
classes (pooling, separating), and the intuitive criterion of Cho and Kreps
(1987).

The game
--------
Players: the target T (the sender) and the coercer C (the receiver).
Timing:

0. Chance draws T's type: ``"low K"`` (diversification cost
   ``diversification_cost_low``) with probability ``prior_low``, else
   ``"high K"`` (``diversification_cost_high``). T learns it; C does not.
1. T sends ``"Invest"`` or ``"Wait"``. Investing costs ``investment_cost``
   (present value, paid at once) and lowers T's cost of diversifying by the
   share ``investment_effect``: ``K -> (1 - investment_effect) K``. (A share,
   not an amount: a plant or a stockpile that covers part of the build saves
   more where the build costs more.)
2. C sees the message and commits to a restriction ``r`` from the grid
   ``levels`` (actions ``"r=0.25"`` and so on).
3. T, knowing ``r`` and its own cost, stays or exits (diversifies) once, as in
   the coercion model. Its answer is folded into the payoffs: T takes its
   sequentially rational answer at every ``(type, message, r)``, and stays
   when indifferent (within the tolerance rule) -- the coercion model's tie
   rule. :meth:`InvestmentSignalling.tree` writes the answer out as a move,
   and every PBE is checked on that tree.

Payoffs: present values in units of the flows (the coercer's export rent per
period is ``rent``; illustrative). With ``f(r) = R (1 - r) + c L r - lam r**2``:

=======  ================================================  ==========================================
answer   T (minus ``investment_cost`` if it invested)      C
=======  ================================================  ==========================================
Stay     ``-L r / (1 - dt)``                               ``f(r) / (1 - dc)``
Exit     ``-L r (1 - dt**tau) / (1 - dt) - dt**tau K``     ``(f(r) - X r) (1 - dc**tau) / (1 - dc)``
=======  ================================================  ==========================================

``R`` = ``rent``, ``L`` = ``target_loss``, ``c`` = ``concession_share``,
``lam`` = ``reliability_loss``, ``X`` = ``counter_leverage``, ``tau`` =
``build_time``, ``dc``, ``dt`` = ``coercer_discount``, ``target_discount``;
``K`` is T's cost after its message. T stays iff ``r <= K (1 - dt) / L``.
The present values are those of :mod:`leverage.coercion.payoffs`.

What the game says
------------------
If C knew ``K`` it would either keep T at the highest restriction T accepts
or, when ``K`` is below the switch point of the coercion model and the build
is long, squeeze it at ``r = 1`` and let it go. Were ``r`` continuous, a
target that C keeps would pay all its ``K`` in concessions whatever its type,
so a high-K target would gain more from being taken for a low-K one than a
low-K target does, and with a short build investment would not separate the
types. (On the default grid with ``tau = 1`` we find no separating PBE; an
irregular grid can open narrow windows by rounding.)

With a long build a high-K target can invest to escape the squeeze that
waiting would invite. Take the separating profile in which only the high-K
type invests, C keeps an investor at the grid level ``r_I`` and squeezes a
target that waits (``r = 1``). Suppose C's answers are its best replies to
those beliefs, the high-K type stays at ``r_I`` after investing, and both
types exit at ``r = 1`` and the low-K type exits at ``r_I`` even after
investing. Then the profile is a PBE exactly when::

    (1 - dt**tau) L (1 - r_I) / (1 - dt) + dt**tau e K_low
        <= investment_cost <=
    (1 - dt**tau) L / (1 - dt) + dt**tau K_high - L r_I / (1 - dt)

(``e`` = ``investment_effect``): the left side keeps the low-K type from
mimicking, the right makes investing worth it to the high-K type. The tests
use this as their oracle.

Ties
----
Payoff comparisons use the library's tolerance rule (:mod:`leverage.tolerance`):
T's answer as stated above, the PBE and the intuitive criterion as in
:func:`~leverage.extensive.pure_pbe`. Each outcome lists the indifferences it
rests on (:attr:`InvestmentOutcome.ties`); a result with an empty list rests
on none.

References
----------
I.-K. Cho and D. M. Kreps (1987), "Signaling games and stable equilibria",
Quarterly Journal of Economics 102(2), 179-221.
E. Gholz and L. Hughes (2021), "Market structure and economic sanctions: the
2010 rare earth elements episode", Review of International Political Economy 28(3).

Examples
--------
A long build (illustrative numbers): only the high-K target invests, and
that separating equilibrium is the one outcome to survive the intuitive
criterion; pooling on waiting fails it.

>>> result = investment_signalling(build_time=10, investment_cost=17.3)
>>> [(o.kind, o.survives) for o in result.outcomes]
[('separating', True), ('pooling', False)]
>>> result.outcomes[0].sender, result.outcomes[0].restriction
({'low K': 'Wait', 'high K': 'Invest'}, {'Invest': 0.375, 'Wait': 1.0})
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leverage.checks import check_real, real_array
from leverage.extensive import (
    ExtensiveGame,
    IntuitiveCriterionResult,
    PBECheck,
    PBEClass,
    SignallingGame,
    SignallingPBE,
    check_pbe,
    intuitive_criterion,
    pbe_classes,
    pure_pbe,
)
from leverage.coercion.payoffs import coercer_present_values, target_present_values
from leverage.nodes import Chance, Decision, Terminal
from leverage.results import SolverError
from leverage.tolerance import resolve_rtol, tolerances

__all__ = [
    "DEFAULT_LEVELS",
    "MESSAGES",
    "TYPES",
    "InvestmentOutcome",
    "InvestmentSignalling",
    "InvestmentSignallingResult",
    "investment_signalling",
]

#: The target's types, in the order of the prior.
TYPES: tuple[str, str] = ("low K", "high K")
#: The target's messages.
MESSAGES: tuple[str, str] = ("Invest", "Wait")
#: The coercer's default restriction grid: 0, 1/8, ..., 1.
DEFAULT_LEVELS: tuple[float, ...] = tuple(float(x) for x in np.linspace(0.0, 1.0, 9))

_PLAYERS = ("Target", "Coercer")
_FLOW_NAMES = ("rent", "target_loss", "concession_share", "coercer_discount", "target_discount", "build_time",
               "counter_leverage", "reliability_loss")
_ANSWERS = ("Stay", "Exit")


def _level_name(r: float) -> str:
    return f"r={r:.6g}"


# ---------------------------------------------------------------------------- validation


def _levels(levels: Any, caller: str) -> tuple[float, ...]:
    grid = real_array(levels, "levels", caller, finite=False).ravel()  # refuses strings and complex numbers
    if grid.size == 0:
        raise ValueError(f"{caller}: levels is empty")
    if not np.all(np.isfinite(grid)) or np.any(grid < 0) or np.any(grid > 1):
        raise ValueError(f"{caller}: restriction levels must lie in [0, 1]; got {grid.tolist()}")
    grid = np.unique(grid)
    names = [_level_name(r) for r in grid]
    if len(set(names)) != len(names):
        raise ValueError(f"{caller}: levels must differ in their first 6 significant digits; got {grid.tolist()}")
    if grid.size > 50:
        raise ValueError(f"{caller}: at most 50 restriction levels (the PBE search is exponential); got {grid.size}")
    return tuple(float(r) for r in grid)


# ---------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class InvestmentSignalling:
    """The investment-signalling game on the flows of the coercion model.

    Timing, payoffs (present values in units of the flows, illustrative) and
    the tie rule are in the module docstring.

    Parameters
    ----------
    prior_low : float
        Prior probability that T's diversification cost is low, in [0, 1].
    diversification_cost_low, diversification_cost_high : float
        The two costs ``K``, with ``0 <= low < high``.
    investment_cost : float
        Present cost of the investment, ``>= 0``.
    investment_effect : float
        Share by which the investment lowers ``K``, in [0, 1].
    rent, target_loss, concession_share : float
        ``R >= 0``, ``L >= 0``, ``c`` in [0, 1], as in the coercion model
        (:mod:`leverage.coercion.payoffs` computes the present values).
    coercer_discount, target_discount : float
        ``dc``, ``dt`` in (0, 1).
    build_time : float
        ``tau >= 0``, periods.
    counter_leverage, reliability_loss : float
        ``X >= 0`` and ``lam >= 0``.
    levels : sequence of float
        C's restriction grid in [0, 1] (sorted, duplicates dropped; at most 50).

    All defaults are illustrative: the coercion model's worked example
    (``R = 1``, ``L = 4``, ``c = 0.5``, ``dc = dt = 0.9``, ``tau = 1``) with two
    costs chosen off the grid's thresholds.

    Raises
    ------
    TypeError
        If a value is not a number.
    ValueError
        If a value is out of its range or ``levels`` is empty or out of [0, 1].

    Examples
    --------
    >>> model = InvestmentSignalling(build_time=10)
    >>> model.game()
    SignallingGame(Target -> Coercer; types low K, high K; messages Invest, Wait; actions r=0, r=0.125, r=0.25, r=0.375, r=0.5, r=0.625, r=0.75, r=0.875, r=1)
    >>> InvestmentSignalling(coercer_discount=1.0)
    Traceback (most recent call last):
    ...
    ValueError: InvestmentSignalling(): coercer_discount must lie in (0, 1); got 1.0
    """

    prior_low: float = 0.5
    diversification_cost_low: float = 9.0
    diversification_cost_high: float = 19.0
    investment_cost: float = 1.0
    investment_effect: float = 0.2
    rent: float = 1.0
    target_loss: float = 4.0
    concession_share: float = 0.5
    coercer_discount: float = 0.9
    target_discount: float = 0.9
    build_time: float = 1.0
    counter_leverage: float = 0.0
    reliability_loss: float = 0.0
    levels: tuple[float, ...] = DEFAULT_LEVELS

    def __post_init__(self) -> None:
        caller = "InvestmentSignalling()"
        ranges = {
            "prior_low": ("[0, 1]", lambda x: 0.0 <= x <= 1.0),
            "diversification_cost_low": (">= 0", lambda x: x >= 0.0),
            "diversification_cost_high": (">= 0", lambda x: x >= 0.0),
            "investment_cost": (">= 0", lambda x: x >= 0.0),
            "investment_effect": ("[0, 1]", lambda x: 0.0 <= x <= 1.0),
            "rent": (">= 0", lambda x: x >= 0.0),
            "target_loss": (">= 0", lambda x: x >= 0.0),
            "concession_share": ("[0, 1]", lambda x: 0.0 <= x <= 1.0),
            "coercer_discount": ("(0, 1)", lambda x: 0.0 < x < 1.0),
            "target_discount": ("(0, 1)", lambda x: 0.0 < x < 1.0),
            "build_time": (">= 0", lambda x: x >= 0.0),
            "counter_leverage": (">= 0", lambda x: x >= 0.0),
            "reliability_loss": (">= 0", lambda x: x >= 0.0),
        }
        for name, (text, ok) in ranges.items():
            x = check_real(getattr(self, name), name, caller)
            if not ok(x):
                verb = "lie in" if text.startswith(("[", "(")) else "be"
                raise ValueError(f"{caller}: {name} must {verb} {text}; got {getattr(self, name)!r}")
            object.__setattr__(self, name, x)
        if not self.diversification_cost_low < self.diversification_cost_high:
            raise ValueError(
                f"{caller}: diversification_cost_low ({self.diversification_cost_low:g}) must be below "
                f"diversification_cost_high ({self.diversification_cost_high:g})"
            )
        object.__setattr__(self, "levels", _levels(self.levels, caller))

    # ------------------------------------------------------------------ payoffs on arrays
    def costs(self) -> np.ndarray:
        """T's diversification cost after each message, shape ``(types, messages)``.

        >>> InvestmentSignalling().costs()
        array([[ 7.2,  9. ],
               [15.2, 19. ]])
        """
        base = np.array([self.diversification_cost_low, self.diversification_cost_high])
        return np.stack([base * (1.0 - self.investment_effect), base], axis=1)

    def present_values(self) -> dict[str, np.ndarray]:
        """Present values by answer, each of shape ``(types, messages, levels)``.

        Returns ``{"target_stay", "target_exit", "coercer_stay", "coercer_exit"}``,
        before the investment cost (formulas in the module docstring).

        Examples
        --------
        The worked example of the coercion model (K = 10, r = 0.25, tau = 1)
        leaves the target indifferent, and gives the coercer 12.5 if it stays:

        >>> pv = InvestmentSignalling(diversification_cost_low=10.0, investment_effect=0.0,
        ...                           levels=[0.25]).present_values()
        >>> float(pv["target_stay"][0, 0, 0]), float(pv["target_exit"][0, 0, 0]), float(pv["coercer_stay"][0, 0, 0])
        (-10.0, -10.0, 12.5)
        """
        r = np.asarray(self.levels)[None, None, :]
        values = {name: getattr(self, name) for name in _FLOW_NAMES}
        values["diversification_cost"] = self.costs()[:, :, None]
        shape = (len(TYPES), len(MESSAGES), len(self.levels))
        target_stay, target_exit = target_present_values(values, r)
        coercer_stay, coercer_exit = coercer_present_values(values, r)
        return {
            "target_stay": np.broadcast_to(target_stay, shape).copy(),
            "target_exit": np.broadcast_to(target_exit, shape).copy(),
            "coercer_stay": np.broadcast_to(coercer_stay, shape).copy(),
            "coercer_exit": np.broadcast_to(coercer_exit, shape).copy(),
        }

    def _target_tolerance(self, values: Mapping[str, np.ndarray], rtol: float) -> float:
        both = np.stack([values["target_stay"], values["target_exit"]])
        return float(tolerances([both], rtol)[0])

    def answers(self, rtol: float | None = None, *, tol: float | None = None) -> np.ndarray:
        """T's sequentially rational answer: True for Stay, shape ``(types, messages, levels)``.

        T stays unless exiting gains it more than the tolerance (its tie rule).

        >>> InvestmentSignalling(levels=[0.2, 0.25, 0.3]).answers()[1, 1]
        array([ True,  True,  True])
        >>> InvestmentSignalling(levels=[0.2, 0.25, 0.3]).answers()[0, 1]
        array([ True, False, False])
        """
        rtol = resolve_rtol(rtol, tol, "InvestmentSignalling.answers")
        pv = self.present_values()
        return pv["target_exit"] - pv["target_stay"] <= self._target_tolerance(pv, rtol)

    def payoffs(self, rtol: float | None = None, *, tol: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``(target, coercer)`` payoffs with T's answer folded in, shape ``(types, messages, levels)``.

        >>> target, coercer = InvestmentSignalling(levels=[0.0]).payoffs()
        >>> target[:, :, 0], coercer[0, :, 0]
        (array([[-1., -0.],
               [-1., -0.]]), array([10., 10.]))
        """
        rtol = resolve_rtol(rtol, tol, "InvestmentSignalling.payoffs")
        stay = self.answers(rtol)
        pv = self.present_values()
        cost = np.array([self.investment_cost, 0.0])[None, :, None]
        target = np.where(stay, pv["target_stay"], pv["target_exit"]) - cost
        coercer = np.where(stay, pv["coercer_stay"], pv["coercer_exit"])
        return target, coercer

    # ------------------------------------------------------------------ games
    def game(self, rtol: float | None = None, *, tol: float | None = None) -> SignallingGame:
        """The signalling game, T's answer folded into the payoffs.

        >>> InvestmentSignalling(levels=[0, 1]).game().actions
        ('r=0', 'r=1')
        """
        rtol = resolve_rtol(rtol, tol, "InvestmentSignalling.game")
        target, coercer = self.payoffs(rtol)
        return SignallingGame(TYPES, [self.prior_low, 1.0 - self.prior_low], MESSAGES,
                              [_level_name(r) for r in self.levels], target, coercer, players=_PLAYERS)

    def tree(self) -> ExtensiveGame:
        """The game with T's answer written out as a move.

        Chance (``"root"``) draws the type; T's node ``"root/<type>"`` is the
        information set ``"Target|<type>"``; C's nodes ``"root/<type>/<message>"``
        form ``"Coercer|<message>"`` (the identifiers of
        :meth:`SignallingGame.tree <leverage.extensive.SignallingGame.tree>`);
        after ``r`` T chooses ``"Stay"`` or ``"Exit"`` at a node of its own.

        >>> tree = InvestmentSignalling(levels=[0, 1]).tree()
        >>> tree.children("root/low K/Wait/r=1")
        {'Stay': 'root/low K/Wait/r=1/Stay', 'Exit': 'root/low K/Wait/r=1/Exit'}
        """
        pv = self.present_values()
        branches = {}
        for t, type_ in enumerate(TYPES):
            moves = {}
            for m, message in enumerate(MESSAGES):
                cost = self.investment_cost if message == "Invest" else 0.0
                after = {
                    _level_name(r): Decision(_PLAYERS[0], {
                        "Stay": Terminal((float(pv["target_stay"][t, m, j]) - cost, float(pv["coercer_stay"][t, m, j]))),
                        "Exit": Terminal((float(pv["target_exit"][t, m, j]) - cost, float(pv["coercer_exit"][t, m, j]))),
                    })
                    for j, r in enumerate(self.levels)
                }
                moves[message] = Decision(_PLAYERS[1], after, infoset=f"{_PLAYERS[1]}|{message}")
            prior = self.prior_low if type_ == TYPES[0] else 1.0 - self.prior_low
            branches[type_] = (prior, Decision(_PLAYERS[0], moves, infoset=f"{_PLAYERS[0]}|{type_}"))
        return ExtensiveGame(Chance(branches), _PLAYERS)

    def assessment(self, pbe: SignallingPBE, rtol: float | None = None, *, tol: float | None = None) -> tuple[dict, dict]:
        """Behaviour and beliefs of ``pbe`` on :meth:`tree`, T's answers included.

        >>> model = InvestmentSignalling(levels=[0, 1])
        >>> behaviour, beliefs = model.assessment(pure_pbe(model.game())[0])
        >>> behaviour["root/high K/Wait/r=1"]
        {'Stay': 0.0, 'Exit': 1.0}
        """
        rtol = resolve_rtol(rtol, tol, "InvestmentSignalling.assessment")
        game = self.game(rtol)
        behaviour, beliefs = game.assessment(pbe)
        stay = self.answers(rtol)
        for t, type_ in enumerate(TYPES):
            for m, message in enumerate(MESSAGES):
                for j, r in enumerate(self.levels):
                    node = f"root/{type_}/{message}/{_level_name(r)}"
                    behaviour[node] = {"Stay": float(stay[t, m, j]), "Exit": float(not stay[t, m, j])}
        return behaviour, beliefs

    def solve(self, rtol: float | None = None, *, tol: float | None = None) -> InvestmentSignallingResult:
        """Every pure PBE, verified on :meth:`tree`, grouped and tested; see :func:`investment_signalling`.

        >>> InvestmentSignalling().solve().summary.splitlines()[0]
        '3 pure PBE in 2 outcomes; 2 outcomes survive the intuitive criterion:'
        """
        return _solve(self, resolve_rtol(rtol, tol, "InvestmentSignalling.solve"))


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True, eq=False)
class InvestmentOutcome:
    """One equilibrium outcome (a class of pure PBE differing only off the path), in words and numbers.

    Attributes
    ----------
    kind : str
        ``"pooling"``, ``"separating"`` or ``"semi-separating"``.
    sender : dict
        ``{type: message}``.
    restriction : dict
        ``{on-path message: r}``, C's restriction after each message sent.
    answers : dict
        ``{type: "Stay" or "Exit"}`` on the path.
    payoffs : numpy.ndarray
        Ex-ante expected payoffs ``(target, coercer)``.
    survives : bool
        Whether the outcome passes the intuitive criterion.
    intuitive : IntuitiveCriterionResult
        The test (the same for every member: it depends on the outcome only).
    ties : tuple of str
        On-path indifferences shared by every member; empty when none.
    members : PBEClass
        The equilibria themselves.

    Examples
    --------
    >>> outcome = investment_signalling().outcomes[0]
    >>> outcome.kind, outcome.restriction, outcome.answers, outcome.ties
    ('pooling', {'Invest': 0.125}, {'low K': 'Stay', 'high K': 'Stay'}, ())
    """

    kind: str
    sender: Mapping[str, str]
    restriction: Mapping[str, float]
    answers: Mapping[str, str]
    payoffs: np.ndarray
    survives: bool
    intuitive: IntuitiveCriterionResult = field(repr=False)
    ties: tuple[str, ...]
    members: PBEClass = field(repr=False)

    @property
    def description(self) -> str:
        """The outcome in one sentence.

        >>> investment_signalling().outcomes[0].description
        'pooling: both types invest; C restricts r=0.125 after Invest (low K stays, high K stays)'
        """
        sent = {m: [t for t in TYPES if self.sender[t] == m] for m in MESSAGES}
        if self.kind == "pooling":
            message = next(iter(self.restriction))  # the one message sent with positive probability
            verb = "invest" if message == "Invest" else "wait"
            who = f"both types {verb}" if len(sent[message]) == len(TYPES) else f"{sent[message][0]} {verb}s"
        else:
            who = ", ".join(f"{t} {'invests' if m == 'Invest' else 'waits'}" for t, m in self.sender.items())
        parts = []
        for message, r in self.restriction.items():
            reply = ", ".join(f"{t} {'stays' if self.answers[t] == 'Stay' else 'exits'}" for t in sent[message])
            parts.append(f"{_level_name(r)} after {message} ({reply})")
        text = f"{self.kind}: {who}; C restricts " + " and ".join(parts)
        return text + (f"; rests on a tie: {'; '.join(self.ties)}" if self.ties else "")


@dataclass(frozen=True, eq=False)
class InvestmentSignallingResult:
    """Every pure PBE of an :class:`InvestmentSignalling` model, verified, classified and tested.

    Attributes
    ----------
    model : InvestmentSignalling
    game : SignallingGame
        The game with T's answers folded in.
    tree : ExtensiveGame
        The game with T's answers as moves (:meth:`InvestmentSignalling.tree`).
    pbes : tuple of SignallingPBE
        Every pure PBE (:func:`~leverage.extensive.pure_pbe`).
    checks : tuple of PBECheck
        :func:`~leverage.extensive.check_pbe` of each PBE on :attr:`tree`, all passing.
    outcomes : tuple of InvestmentOutcome
        One per class (:func:`~leverage.extensive.pbe_classes`), in order of first appearance.
    method : str

    Examples
    --------
    >>> result = investment_signalling(build_time=10, investment_cost=17.3)
    >>> len(result.pbes), all(check.ok for check in result.checks)
    (2, True)
    >>> [o.kind for o in result.surviving]
    ['separating']
    """

    model: InvestmentSignalling
    game: SignallingGame = field(repr=False)
    tree: ExtensiveGame = field(repr=False)
    pbes: tuple[SignallingPBE, ...] = field(repr=False)
    checks: tuple[PBECheck, ...] = field(repr=False)
    outcomes: tuple[InvestmentOutcome, ...]
    method: str = "pure_pbe, verified by check_pbe on the tree with T's answers; intuitive_criterion"

    @property
    def surviving(self) -> tuple[InvestmentOutcome, ...]:
        """Outcomes that pass the intuitive criterion."""
        return tuple(o for o in self.outcomes if o.survives)

    @property
    def summary(self) -> str:
        """Which equilibria exist and which survive the intuitive criterion, in words.

        >>> print(investment_signalling(build_time=10, investment_cost=17.3).summary)
        2 pure PBE in 2 outcomes; 1 outcome survives the intuitive criterion:
        - separating: low K waits, high K invests; C restricts r=0.375 after Invest (high K stays) and r=1 after Wait (low K exits)
        fail the intuitive criterion:
        - pooling: both types wait; C restricts r=1 after Wait (low K exits, high K exits) (Invest breaks it for high K)
        """
        n, k = len(self.outcomes), len(self.surviving)
        lines = [f"{len(self.pbes)} pure PBE in {n} outcome{'s' * (n != 1)}; "
                 f"{k} outcome{'s survive' if k != 1 else ' survives'} the intuitive criterion:"]
        lines += [f"- {o.description}" for o in self.surviving]
        failing = [o for o in self.outcomes if not o.survives]
        if failing:
            lines.append("fail the intuitive criterion:")
            for o in failing:
                why = "; ".join(f"{t.message} breaks it for {', '.join(t.breaking)}"
                                for t in o.intuitive.tests if not t.passes)
                lines.append(f"- {o.description} ({why})")
        if not self.outcomes:
            lines = ["no pure PBE"]
        return "\n".join(lines)


def _ties(model: InvestmentSignalling, game: SignallingGame, pbe: SignallingPBE, rtol: float) -> set[str]:
    """On-path indifferences of one PBE: T's answer, T's message, C's restriction."""
    tol_s, tol_r = game.tolerances(rtol)
    pv = model.present_values()
    tol_answer = model._target_tolerance(pv, rtol)
    u, v = game.sender_payoffs, game.receiver_payoffs
    action = {m: game.actions.index(pbe.receiver[m]) for m in MESSAGES}
    out = set()
    for t, type_ in enumerate(TYPES):
        if game.prior[t] == 0:
            continue
        m = MESSAGES.index(pbe.sender[type_])
        j = action[MESSAGES[m]]
        if abs(pv["target_exit"][t, m, j] - pv["target_stay"][t, m, j]) <= tol_answer:
            out.add(f"{type_} is indifferent between Stay and Exit at {game.actions[j]} after {MESSAGES[m]} "
                    f"(stays by the tie rule)")
        other = 1 - m
        if abs(u[t, other, action[MESSAGES[other]]] - u[t, m, j]) <= tol_s:
            out.add(f"{type_} is indifferent between Invest and Wait")
    for message in pbe.on_path:
        m = MESSAGES.index(message)
        belief = pbe.beliefs[message].witness
        values = belief @ v[:, m, :]
        j = action[message]
        rivals = [game.actions[a] for a in range(len(game.actions)) if a != j and values[j] - values[a] <= tol_r]
        if rivals:
            out.add(f"C is indifferent between {game.actions[j]} and {', '.join(rivals)} after {message}")
    return out


def _solve(model: InvestmentSignalling, rtol: float) -> InvestmentSignallingResult:
    game = model.game(rtol)
    tree = model.tree()
    pbes = tuple(pure_pbe(game, tol=rtol))
    checks = []
    for eq in pbes:
        behaviour, beliefs = model.assessment(eq, rtol)
        check = check_pbe(tree, behaviour, beliefs, tol=rtol)
        if not check.ok:
            raise SolverError(f"investment_signalling(): a PBE failed check_pbe on the tree: {check.failures[0]}")
        checks.append(check)
    stay = model.answers(rtol)
    outcomes = []
    for cls in pbe_classes(pbes):
        first = cls.members[0]
        test = intuitive_criterion(game, first, tol=rtol)
        ties = set.intersection(*(_ties(model, game, eq, rtol) for eq in cls.members))
        answers = {}
        for t, type_ in enumerate(TYPES):
            m = MESSAGES.index(cls.sender[type_])
            j = game.actions.index(first.receiver[MESSAGES[m]])
            answers[type_] = _ANSWERS[0] if stay[t, m, j] else _ANSWERS[1]
        restriction = {m: model.levels[game.actions.index(a)] for m, a in cls.on_path_actions.items()}
        outcomes.append(InvestmentOutcome(cls.kind, dict(cls.sender), restriction, answers, cls.payoffs,
                                          test.passes, test, tuple(sorted(ties)), cls))
    return InvestmentSignallingResult(model, game, tree, pbes, tuple(checks), tuple(outcomes))


def investment_signalling(*, rtol: float | None = None, tol: float | None = None, **parameters: Any) -> InvestmentSignallingResult:
    """Solve the investment-signalling game: every pure PBE, its class, the intuitive criterion.

    Parameters
    ----------
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).
    **parameters
        The fields of :class:`InvestmentSignalling` (``prior_low``,
        ``diversification_cost_low``, ``diversification_cost_high``,
        ``investment_cost``, ``investment_effect``, ``rent``, ``target_loss``,
        ``concession_share``, ``coercer_discount``, ``target_discount``,
        ``build_time``, ``counter_leverage``, ``reliability_loss``, ``levels``).

    Returns
    -------
    InvestmentSignallingResult
        Each PBE verified by :func:`~leverage.extensive.check_pbe` on the tree
        with T's answers; :attr:`~InvestmentSignallingResult.summary` says in
        words which equilibria survive.

    Raises
    ------
    TypeError
        If a parameter is unknown or not a number.
    ValueError
        If a parameter is out of range.
    SolverError
        If an equilibrium fails its check on the tree (it should not).

    Examples
    --------
    A short build (the defaults, illustrative): both types pool, and the
    coercer keeps both at the grid level below the low type's threshold
    (0.225), whether they invest or not.

    >>> print(investment_signalling().summary)
    3 pure PBE in 2 outcomes; 2 outcomes survive the intuitive criterion:
    - pooling: both types invest; C restricts r=0.125 after Invest (low K stays, high K stays)
    - pooling: both types wait; C restricts r=0.125 after Wait (low K stays, high K stays)
    >>> investment_signalling(investment_effect=1.5)
    Traceback (most recent call last):
    ...
    ValueError: InvestmentSignalling(): investment_effect must lie in [0, 1]; got 1.5
    """
    names = set(InvestmentSignalling.__dataclass_fields__)
    unknown = sorted(set(parameters) - names)
    if unknown:
        raise TypeError(f"investment_signalling(): unknown parameter(s) {', '.join(unknown)}; "
                        f"choose from {', '.join(InvestmentSignalling.__dataclass_fields__)}")
    return _solve(InvestmentSignalling(**parameters), resolve_rtol(rtol, tol, "investment_signalling"))
