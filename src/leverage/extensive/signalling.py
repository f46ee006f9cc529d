"""Signalling games: pure perfect Bayesian equilibria and the intuitive criterion.

A supplier learns its own *type* (say, whether its export restriction can be
sustained for years or only for months), sends a *message* (a costly stockpile
build-up, a public announcement), and the buyer, who sees the message but not
the type, picks an *action* (comply, diversify). A :class:`SignallingGame`
holds such a game: a prior over the sender's types, a message set, one action
set for the receiver after every message, and payoff arrays of shape
``(types, messages, actions)``.

:func:`pure_pbe` lists every pure-strategy perfect Bayesian equilibrium (PBE):
for each pure sender strategy (type -> message) and each pure receiver
strategy (message -> action), beliefs after an on-path message follow Bayes'
rule, and after an off-path message the profile needs *some* belief under which
the receiver's action is a best response. The set of such beliefs is reported
exactly (a :class:`~leverage.extensive.pbe.BeliefSet`): it is a convex
polytope in the simplex over types,

    {mu in simplex : sum_t mu_t (v(t, m, a') - v(t, m, a)) <= tol_R for every action a'},

and for two types an interval of the probability of each type.
:func:`leverage.extensive.intuitive.intuitive_criterion` applies the test of
Cho and Kreps (1987) to a PBE, and :func:`pbe_classes` groups equilibria that differ only off the path.

Ties
----
Every comparison of payoffs uses the library's one tolerance rule
(:mod:`leverage.tolerance`): a payoff difference of the sender (receiver) counts
as zero when it is at most ``rtol`` times the range of the sender's (receiver's)
payoff array. So an action "is a best response to a belief" when its expected
payoff is within the receiver's tolerance of the best, and the belief sets are
the sets where that holds: their bounds lie within ``rtol`` (relative to the
payoff differences) of the exact ones.

Examples
--------
Beer-quiche (Cho and Kreps 1987): the strong type is drawn with probability
0.9, both types pick a breakfast, and the receiver decides whether to duel.

>>> game = beer_quiche()
>>> for eq in pure_pbe(game):
...     print(eq.kind, eq.sender, eq.receiver)
pooling {'Strong': 'Beer', 'Weak': 'Beer'} {'Beer': 'NoDuel', 'Quiche': 'Duel'}
pooling {'Strong': 'Quiche', 'Weak': 'Quiche'} {'Beer': 'Duel', 'Quiche': 'NoDuel'}

Both rest on the belief, after the unexpected breakfast, that the sender is
weak with probability at least 1/2; only pooling on beer survives the
intuitive criterion:

>>> from leverage.extensive.intuitive import intuitive_criterion
>>> beer, quiche = pure_pbe(game)
>>> beer.beliefs["Quiche"].interval("Weak")
(0.5, 1.0)
>>> intuitive_criterion(game, beer).passes, intuitive_criterion(game, quiche).passes
(True, False)

References
----------
Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
*Quarterly Journal of Economics* 102(2), 179-221.

Fudenberg, D. and Tirole, J. (1991). *Game Theory*, sections 8.2 (perfect
Bayesian equilibrium) and 11.2 (signalling games). MIT Press.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leverage.checks import check_real, real_array
from leverage.parameters import ParameterSet
from leverage.results import SolverError
from leverage.extensive.tree import ExtensiveGame
from leverage.game import probability_array
from leverage.extensive.pbe import BeliefSet, supporting_beliefs
from leverage.nodes import Chance, Decision, Terminal
from leverage.tolerance import resolve_rtol, tolerances

__all__ = [
    "SignallingGame",
    "SignallingPBE",
    "PBEClass",
    "pure_pbe",
    "pbe_classes",
    "beer_quiche",
    "MAX_PROFILES",
]

#: Default bound on the number of pure profiles ``messages**types * actions**messages`` that
#: :func:`pure_pbe` may examine.
MAX_PROFILES: int = 1_000_000


# ---------------------------------------------------------------------------- validation


def _names(names: Any, what: str, caller: str, count: int | None = None) -> tuple[str, ...]:
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise TypeError(f"{caller}: {what} must be a sequence of names; got {names!r}")
    names = tuple(names)
    if count is not None and len(names) != count:
        raise ValueError(f"{caller}: {what} must have {count} names; got {len(names)}")
    if not names:
        raise ValueError(f"{caller}: {what} is empty")
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"{caller}: {what} must be strings; got {name!r}")
        if not name:
            raise ValueError(f"{caller}: {what} contains an empty name")
        if "/" in name:
            raise ValueError(f"{caller}: name {name!r} in {what} contains '/', which joins node identifiers")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"{caller}: duplicate name(s) {', '.join(map(repr, duplicates))} in {what}")
    return names


def _payoff_array(values: Any, shape: tuple[int, ...], what: str, caller: str) -> np.ndarray:
    try:
        arr = real_array(values, what, caller, finite=False).copy()
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: {what} must be a numeric array; got {values!r}") from None
    if arr.shape != shape:
        raise ValueError(f"{caller}: {what} must have shape {shape} (types, messages, actions); got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{caller}: {what} has a non-finite value at {tuple(np.argwhere(~np.isfinite(arr))[0])}")
    arr.setflags(write=False)
    return arr


# ---------------------------------------------------------------------------- the game


class SignallingGame:
    """A sender-receiver game with private sender types.

    Timing: chance draws the sender's type from ``prior``; the sender, knowing
    its type, sends a message; the receiver sees the message (not the type)
    and picks an action from the same set after every message; payoffs depend
    on the type, the message and the action.

    Parameters
    ----------
    types : sequence of str
        The sender's types.
    prior : array_like, shape (types,)
        Probability of each type: non-negative, summing to 1 (within
        :data:`leverage.nodes.PROBABILITY_ATOL`). Zero entries are allowed.
    messages : sequence of str
        The sender's messages.
    actions : sequence of str
        The receiver's actions (after any message).
    sender_payoffs, receiver_payoffs : array_like, shape (types, messages, actions)
        ``u[t, m, a]``: payoff when type ``t`` sends ``m`` and the receiver plays ``a``.
    players : pair of str
        Names of the sender and the receiver.

    Raises
    ------
    TypeError
        If names are not strings or arrays not numeric.
    ValueError
        If the prior is not a probability distribution, an array has the wrong
        shape or non-finite entries, or names are empty, duplicated or contain ``"/"``.

    Examples
    --------
    >>> g = SignallingGame(["High", "Low"], [0.5, 0.5], ["Stockpile", "Wait"], ["Comply", "Resist"],
    ...                    np.zeros((2, 2, 2)), np.zeros((2, 2, 2)), players=("China", "EU"))
    >>> g
    SignallingGame(China -> EU; types High, Low; messages Stockpile, Wait; actions Comply, Resist)
    >>> SignallingGame(["High", "Low"], [0.5, 0.4], ["S", "W"], ["C", "R"], np.zeros((2, 2, 2)), np.zeros((2, 2, 2)))
    Traceback (most recent call last):
    ...
    ValueError: SignallingGame(): prior must sum to 1; got 0.9
    """

    __slots__ = ("_types", "_prior", "_messages", "_actions", "_sender", "_receiver", "_players")

    def __init__(
        self,
        types: Sequence[str],
        prior: Any,
        messages: Sequence[str],
        actions: Sequence[str],
        sender_payoffs: Any,
        receiver_payoffs: Any,
        players: Sequence[str] = ("Sender", "Receiver"),
    ) -> None:
        caller = "SignallingGame()"
        self._types = _names(types, "types", caller)
        self._messages = _names(messages, "messages", caller)
        self._actions = _names(actions, "actions", caller)
        self._players = _names(players, "players", caller, count=2)
        prior_arr = probability_array(prior, (len(self._types),), "prior", caller, "one probability per type")
        prior_arr.setflags(write=False)
        self._prior = prior_arr
        shape = (len(self._types), len(self._messages), len(self._actions))
        self._sender = _payoff_array(sender_payoffs, shape, "sender_payoffs", caller)
        self._receiver = _payoff_array(receiver_payoffs, shape, "receiver_payoffs", caller)

    @classmethod
    def from_parameters(
        cls,
        parameters: ParameterSet,
        payoffs: Callable[..., Sequence[Any]],
        *,
        types: Sequence[str],
        messages: Sequence[str],
        actions: Sequence[str],
        players: Sequence[str] = ("Sender", "Receiver"),
        **overrides: float,
    ) -> SignallingGame:
        """The game at the calibrated parameter values (some replaced by ``overrides``).

        Parameters
        ----------
        parameters : ParameterSet
            Named, sourced, ranged parameters.
        payoffs : callable
            ``payoffs(**values)`` returns ``(prior, sender_payoffs, receiver_payoffs)``,
            written with numpy.
        types, messages, actions, players
            As for :class:`SignallingGame`.
        **overrides : float
            Parameter values replacing the calibrated ones (checked against their ranges).

        Examples
        --------
        >>> from leverage import Parameter, ParameterSet
        >>> ps = ParameterSet(p=Parameter(0.9, 0.5, 1.0, "probability", "illustrative"))
        >>> def model(p):
        ...     u = np.zeros((2, 2, 2)); u[0, 0, 0] = u[1, 1, 0] = 1.0
        ...     return [p, 1 - p], u, u
        >>> SignallingGame.from_parameters(ps, model, types=["S", "W"], messages=["B", "Q"],
        ...                                actions=["N", "D"], p=0.6).prior
        array([0.6, 0.4])
        """
        caller = "SignallingGame.from_parameters()"
        if not isinstance(parameters, ParameterSet):
            raise TypeError(f"{caller}: parameters must be a ParameterSet; got {type(parameters).__name__}")
        if not callable(payoffs):
            raise TypeError(f"{caller}: payoffs must be a callable; got {type(payoffs).__name__}")
        out = payoffs(**parameters.replace(**overrides).defaults)
        try:
            prior, sender, receiver = out
        except (TypeError, ValueError):
            raise ValueError(
                f"{caller}: the payoff function must return (prior, sender_payoffs, receiver_payoffs)"
            ) from None
        return cls(types, prior, messages, actions, sender, receiver, players=players)

    # ------------------------------------------------------------------ data
    @property
    def types(self) -> tuple[str, ...]:
        """The sender's types."""
        return self._types

    @property
    def prior(self) -> np.ndarray:
        """Prior probability of each type (read-only)."""
        return self._prior

    @property
    def messages(self) -> tuple[str, ...]:
        """The sender's messages."""
        return self._messages

    @property
    def actions(self) -> tuple[str, ...]:
        """The receiver's actions."""
        return self._actions

    @property
    def players(self) -> tuple[str, ...]:
        """``(sender, receiver)``."""
        return self._players

    @property
    def sender_payoffs(self) -> np.ndarray:
        """Sender payoffs, shape ``(types, messages, actions)`` (read-only)."""
        return self._sender

    @property
    def receiver_payoffs(self) -> np.ndarray:
        """Receiver payoffs, shape ``(types, messages, actions)`` (read-only)."""
        return self._receiver

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(types, messages, actions)``."""
        return self._sender.shape  # type: ignore[return-value]

    def __repr__(self) -> str:
        return (
            f"SignallingGame({self._players[0]} -> {self._players[1]}; types {', '.join(self._types)}; "
            f"messages {', '.join(self._messages)}; actions {', '.join(self._actions)})"
        )

    def tolerances(self, rtol: float | None = None, *, tol: float | None = None) -> np.ndarray:
        """Absolute tolerances ``(sender, receiver)`` of the library's rule.

        Each is ``rtol`` times the range of that player's payoff array, the
        same scale as the terminal payoffs of :meth:`tree`.

        Examples
        --------
        >>> beer_quiche().tolerances()
        array([3.e-08, 1.e-08])
        """
        return tolerances((self._sender, self._receiver), resolve_rtol(rtol, tol, "SignallingGame.tolerances"))

    # ------------------------------------------------------------------ the tree
    def sender_infoset(self, type_: str) -> str:
        """Identifier of the sender's information set (a single node) for ``type_`` in :meth:`tree`.

        >>> beer_quiche().sender_infoset("Weak"), beer_quiche().receiver_infoset("Beer")
        ('Sender|Weak', 'Receiver|Beer')
        """
        if type_ not in self._types:
            raise ValueError(f"SignallingGame.sender_infoset(): unknown type {type_!r}; choose one of {self._types}")
        return f"{self._players[0]}|{type_}"

    def receiver_infoset(self, message: str) -> str:
        """Identifier of the receiver's information set after ``message`` in :meth:`tree`."""
        if message not in self._messages:
            raise ValueError(
                f"SignallingGame.receiver_infoset(): unknown message {message!r}; choose one of {self._messages}"
            )
        return f"{self._players[1]}|{message}"

    def supporting_beliefs(self, message: int, action: int, atol: float, **options: Any) -> BeliefSet | None:
        """The receiver's beliefs after ``message`` under which ``action`` is a best response (indices).

        ``atol`` is the receiver's absolute tolerance (see :meth:`tolerances`);
        ``options`` go to :func:`~leverage.extensive.pbe.supporting_beliefs`
        (``support``: the types the beliefs may put weight on; ``at``: one belief).
        None when no belief supports it.

        Examples
        --------
        >>> game = beer_quiche()
        >>> duel = game.actions.index("Duel")
        >>> game.supporting_beliefs(game.messages.index("Quiche"), duel, 1e-9).interval("Weak")
        (0.5, 1.0)
        """
        return supporting_beliefs(self.receiver_payoffs[:, message, :], action, atol=atol, states=self.types,
                                  actions=self.actions, label=self.messages[message], **options)

    def tree(self) -> ExtensiveGame:
        """The game as an :class:`~leverage.extensive.tree.ExtensiveGame`.

        Chance (the root, ``"root"``) draws the type; the sender's node for
        type ``t`` is ``"root/t"``, a singleton information set
        :meth:`sender_infoset`; the receiver's nodes after message ``m`` are
        ``"root/t/m"`` for every type ``t``, forming the information set
        :meth:`receiver_infoset`. Terminal payoffs are ``(sender, receiver)``.

        Examples
        --------
        >>> g = beer_quiche().tree()
        >>> g.infoset("Receiver|Quiche").nodes
        ('root/Strong/Quiche', 'root/Weak/Quiche')
        """
        sender, receiver = self._players
        branches = {}
        for t, type_ in enumerate(self._types):
            moves = {}
            for m, message in enumerate(self._messages):
                ends = {
                    action: Terminal((float(self._sender[t, m, a]), float(self._receiver[t, m, a])))
                    for a, action in enumerate(self._actions)
                }
                moves[message] = Decision(receiver, ends, infoset=f"{receiver}|{message}")
            branches[type_] = (float(self._prior[t]), Decision(sender, moves, infoset=f"{sender}|{type_}"))
        return ExtensiveGame(Chance(branches), self._players)

    def assessment(self, pbe: SignallingPBE) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
        """The behaviour profile and beliefs of ``pbe`` on the nodes of :meth:`tree`.

        Off-path information sets get the belief ``pbe.beliefs[m].witness``, a
        point of the supporting belief set.

        Returns
        -------
        (behaviour, beliefs)
            ``{infoset id: {action: prob}}`` and ``{infoset id: {node id: prob}}``
            for every information set, as :func:`leverage.extensive.pbe.check_pbe` takes them.

        Examples
        --------
        >>> game = beer_quiche()
        >>> behaviour, beliefs = game.assessment(pure_pbe(game)[0])
        >>> behaviour["Receiver|Quiche"], beliefs["Receiver|Beer"]
        ({'NoDuel': 0.0, 'Duel': 1.0}, {'root/Strong/Beer': 0.9, 'root/Weak/Beer': 0.1})
        """
        if not isinstance(pbe, SignallingPBE):
            raise TypeError(f"SignallingGame.assessment(): pbe must be a SignallingPBE; got {type(pbe).__name__}")
        if pbe.types != self._types or pbe.messages != self._messages or pbe.actions != self._actions:
            raise ValueError("SignallingGame.assessment(): pbe does not belong to this game (names differ)")
        behaviour: dict[str, dict[str, float]] = {}
        beliefs: dict[str, dict[str, float]] = {}
        for type_ in self._types:
            key = self.sender_infoset(type_)
            behaviour[key] = {m: float(m == pbe.sender[type_]) for m in self._messages}
            beliefs[key] = {f"root/{type_}": 1.0}
        for message in self._messages:
            key = self.receiver_infoset(message)
            behaviour[key] = {a: float(a == pbe.receiver[message]) for a in self._actions}
            point = pbe.beliefs[message].witness
            beliefs[key] = {f"root/{type_}/{message}": float(point[t]) for t, type_ in enumerate(self._types)}
        return behaviour, beliefs


def beer_quiche(prior_strong: float = 0.9) -> SignallingGame:
    """The beer-quiche game of Cho and Kreps (1987).

    The sender is ``"Strong"`` with probability ``prior_strong``, else
    ``"Weak"``; it has ``"Beer"`` or ``"Quiche"`` for breakfast; the receiver
    then plays ``"NoDuel"`` or ``"Duel"``. Sender: 1 for its preferred
    breakfast (beer if strong, quiche if weak) plus 2 if there is no duel.
    Receiver: 1 for dueling a weak sender or not dueling a strong one, else 0.

    Examples
    --------
    >>> beer_quiche().sender_payoffs[0]
    array([[3., 1.],
           [2., 0.]])
    """
    prior_strong = check_real(prior_strong, "prior_strong", "beer_quiche()", 0.0, 1.0)
    u = [[[3, 1], [2, 0]], [[2, 0], [3, 1]]]  # u[type][breakfast][NoDuel, Duel]
    v = [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]
    return SignallingGame(["Strong", "Weak"], [prior_strong, 1 - prior_strong], ["Beer", "Quiche"],
                          ["NoDuel", "Duel"], u, v)


# ---------------------------------------------------------------------------- equilibria


@dataclass(frozen=True, eq=False)
class SignallingPBE:
    """A verified pure perfect Bayesian equilibrium of a :class:`SignallingGame`.

    Attributes
    ----------
    sender : dict
        ``{type: message}``.
    receiver : dict
        ``{message: action}``.
    beliefs : dict
        ``{message: BeliefSet}``: the posterior after on-path messages, the
        whole set of supporting beliefs after off-path ones.
    kind : str
        ``"pooling"`` (all types with positive prior send one message),
        ``"separating"`` (they all send different messages) or
        ``"semi-separating"`` (some, not all, pool). Types with zero prior
        probability are left out of the classification.
    sender_payoffs : numpy.ndarray
        Each type's equilibrium payoff (interim).
    payoffs : numpy.ndarray
        Ex-ante expected payoffs ``(sender, receiver)``.
    sender_regret : float
        The largest gain of any type from another message (within the sender's tolerance).
    receiver_regret : float
        The receiver's largest gain from another action, at the posterior on
        the path and at the witness belief off the path (within its tolerance).
    method : str
        How it was found.
    types, messages, actions : tuple of str
        Names from the game.

    Examples
    --------
    >>> beer, _ = pure_pbe(beer_quiche())
    >>> beer
    SignallingPBE(pooling; Strong -> Beer, Weak -> Beer; Beer -> NoDuel, Quiche -> Duel; payoffs (2.9, 0.9))
    >>> beer.on_path, beer.off_path, beer.sender_payoffs
    (('Beer',), ('Quiche',), array([3., 2.]))
    """

    sender: Mapping[str, str]
    receiver: Mapping[str, str]
    beliefs: Mapping[str, BeliefSet]
    kind: str
    sender_payoffs: np.ndarray
    payoffs: np.ndarray
    sender_regret: float
    receiver_regret: float
    method: str
    types: tuple[str, ...] = field(repr=False)
    messages: tuple[str, ...] = field(repr=False)
    actions: tuple[str, ...] = field(repr=False)

    @property
    def on_path(self) -> tuple[str, ...]:
        """Messages sent with positive probability, in game order."""
        return tuple(m for m in self.messages if self.beliefs[m].on_path)

    @property
    def off_path(self) -> tuple[str, ...]:
        """Messages never sent (or sent only by types of zero prior probability)."""
        return tuple(m for m in self.messages if not self.beliefs[m].on_path)

    @property
    def regret(self) -> float:
        """``max(sender_regret, receiver_regret)``."""
        return max(self.sender_regret, self.receiver_regret)

    def __repr__(self) -> str:
        s = ", ".join(f"{t} -> {m}" for t, m in self.sender.items())
        r = ", ".join(f"{m} -> {a}" for m, a in self.receiver.items())
        pay = ", ".join(f"{p:.6g}" for p in self.payoffs)
        return f"SignallingPBE({self.kind}; {s}; {r}; payoffs ({pay}))"


def _kind(strategy: Sequence[int], prior: np.ndarray) -> str:
    sent = [m for m, p in zip(strategy, prior) if p > 0]
    distinct = len(set(sent))
    if distinct == 1:
        return "pooling"
    if distinct == len(sent):
        return "separating"
    return "semi-separating"


def pure_pbe(game: SignallingGame, rtol: float | None = None, max_profiles: int = MAX_PROFILES, *, tol: float | None = None) -> list[SignallingPBE]:
    """Every pure-strategy perfect Bayesian equilibrium of a signalling game.

    A pure profile (sender: type -> message, receiver: message -> action) is
    a PBE when (Fudenberg and Tirole 1991, definition 8.2):

    1. after every on-path message the receiver's action is a best response
       to the Bayes posterior ``prior[t] * [s(t) = m] / sum``;
    2. after every off-path message *some* belief over the types makes it a
       best response: the set of such beliefs (:class:`BeliefSet`) is not empty;
    3. no type gains by sending another message, given the receiver's strategy.

    All comparisons use the tolerance rule of :mod:`leverage.tolerance`. Types
    with zero prior probability must also best-respond (their information
    set is off the path, and sequential rationality holds everywhere), but
    their messages carry no weight in Bayes' rule.

    Parameters
    ----------
    game : SignallingGame
        The game.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).
    max_profiles : int
        Refuse games with more than this many pure profiles
        ``messages**types * actions**messages``.

    Returns
    -------
    list of SignallingPBE
        Ordered by sender strategy (types' messages in game order,
        lexicographically), then receiver strategy.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`SignallingGame`.
    ValueError
        If ``tol`` is invalid or the game has more than ``max_profiles`` pure profiles.

    Examples
    --------
    A pure coordination signal: each type announces itself and the receiver
    matches the announced type.

    >>> u = np.zeros((2, 2, 2)); u[0, :, 0] = u[1, :, 1] = 1.0
    >>> g = SignallingGame(["A", "B"], [0.5, 0.5], ["a", "b"], ["x", "y"], u, u)
    >>> [eq.kind for eq in pure_pbe(g)]
    ['pooling', 'pooling', 'separating', 'separating', 'pooling', 'pooling']
    """
    if not isinstance(game, SignallingGame):
        raise TypeError(f"pure_pbe(): game must be a SignallingGame; got {type(game).__name__}")
    rtol = resolve_rtol(rtol, tol, "pure_pbe")
    if isinstance(max_profiles, bool) or not isinstance(max_profiles, (int, np.integer)) or max_profiles < 1:
        raise ValueError(f"pure_pbe(): max_profiles must be a positive integer; got {max_profiles!r}")
    T, M, A = game.shape
    total = M**T * A**M
    if total > max_profiles:
        raise ValueError(
            f"pure_pbe(): the game has {total} pure profiles ({M}**{T} sender strategies times "
            f"{A}**{M} receiver strategies), more than max_profiles={max_profiles}"
        )
    tol_s, tol_r = game.tolerances(rtol)
    u, v, prior = game.sender_payoffs, game.receiver_payoffs, game.prior
    off_sets = [[game.supporting_beliefs(m, a, tol_r) for a in range(A)] for m in range(M)]
    out: list[SignallingPBE] = []
    for strategy in itertools.product(range(M), repeat=T):
        s = np.array(strategy)
        choices: list[list[int]] = []
        sets: list[list[BeliefSet | None]] = []
        for m in range(M):
            mass = prior * (s == m)
            if mass.sum() > 0:
                sets.append([game.supporting_beliefs(m, a, tol_r, at=mass / mass.sum()) for a in range(A)])
            else:
                sets.append(off_sets[m])
            choices.append([a for a in range(A) if sets[m][a] is not None])
        for response in itertools.product(*choices):
            r = np.array(response)
            table = u[:, np.arange(M), r]  # (T, M): each type's payoff from each message
            own = table[np.arange(T), s]
            gains = table.max(axis=1) - own
            if np.any(gains > tol_s):
                continue
            beliefs = {game.messages[m]: sets[m][r[m]] for m in range(M)}
            receiver_regret = max(0.0, *(b.largest_gain(b.witness) for b in beliefs.values()))  # type: ignore[union-attr]
            if receiver_regret > tol_r:  # cannot happen: each set was verified
                raise SolverError("pure_pbe(): a belief set failed its own verification")
            own_r = v[np.arange(T), s, r[s]]
            payoffs = np.array([prior @ own, prior @ own_r])
            for arr in (own, payoffs):
                arr.setflags(write=False)
            out.append(SignallingPBE(
                {game.types[t]: game.messages[s[t]] for t in range(T)},
                {game.messages[m]: game.actions[r[m]] for m in range(M)},
                beliefs, _kind(strategy, prior), own, payoffs,  # type: ignore[arg-type]
                float(max(0.0, gains.max())), float(receiver_regret), "pure_pbe",
                game.types, game.messages, game.actions,
            ))
    return out


# ---------------------------------------------------------------------------- classes


@dataclass(frozen=True, eq=False)
class PBEClass:
    """Pure PBE with one sender strategy and the same on-path actions: one outcome.

    Members differ only in the receiver's actions after off-path messages.

    Attributes
    ----------
    sender : dict
        ``{type: message}``.
    on_path_actions : dict
        ``{on-path message: action}``.
    kind : str
        As :attr:`SignallingPBE.kind`.
    members : tuple of SignallingPBE
        The equilibria of the class, in the order given.
    sender_payoffs, payoffs : numpy.ndarray
        As for every member (they share the outcome).

    Examples
    --------
    >>> [c.kind for c in pbe_classes(pure_pbe(beer_quiche()))]
    ['pooling', 'pooling']
    """

    sender: Mapping[str, str]
    on_path_actions: Mapping[str, str]
    kind: str
    members: tuple[SignallingPBE, ...]
    sender_payoffs: np.ndarray
    payoffs: np.ndarray

    @property
    def off_path_responses(self) -> tuple[dict[str, str], ...]:
        """The members' receiver actions after off-path messages."""
        return tuple({m: eq.receiver[m] for m in eq.off_path} for eq in self.members)

    def __repr__(self) -> str:
        s = ", ".join(f"{t} -> {m}" for t, m in self.sender.items())
        r = ", ".join(f"{m} -> {a}" for m, a in self.on_path_actions.items())
        return f"PBEClass({self.kind}; {s}; on path {r}; {len(self.members)} member(s))"


def pbe_classes(pbes: Sequence[SignallingPBE]) -> list[PBEClass]:
    """Group equilibria by sender strategy and on-path receiver actions.

    Parameters
    ----------
    pbes : sequence of SignallingPBE
        Typically the output of :func:`pure_pbe`.

    Returns
    -------
    list of PBEClass
        In order of first appearance.

    Examples
    --------
    Cheap talk with an indifferent sender: the receiver wants to match the
    type. Pooling is an equilibrium whatever the receiver does after the
    unused message, so each pooling class has two members:

    >>> v = np.zeros((2, 2, 2)); v[0, :, 0] = v[1, :, 1] = 1.0
    >>> g = SignallingGame(["A", "B"], [0.5, 0.5], ["a", "b"], ["x", "y"], np.zeros((2, 2, 2)), v)
    >>> classes = pbe_classes(pure_pbe(g))
    >>> len(pure_pbe(g)), [len(c.members) for c in classes]
    (10, [2, 2, 1, 1, 2, 2])
    >>> classes[0], classes[0].off_path_responses
    (PBEClass(pooling; A -> a, B -> a; on path a -> x; 2 member(s)), ({'b': 'x'}, {'b': 'y'}))
    """
    if isinstance(pbes, (str, bytes)) or not isinstance(pbes, Iterable):
        raise TypeError(f"pbe_classes(): pbes must be a sequence of SignallingPBE; got {pbes!r}")
    groups: dict[tuple, list[SignallingPBE]] = {}
    for eq in pbes:
        if not isinstance(eq, SignallingPBE):
            raise TypeError(f"pbe_classes(): expected SignallingPBE entries; got {type(eq).__name__}")
        key = (tuple(eq.sender.items()), tuple((m, eq.receiver[m]) for m in eq.on_path))
        groups.setdefault(key, []).append(eq)
    out = []
    for (sender, on_path), members in groups.items():
        first = members[0]
        out.append(PBEClass(dict(sender), dict(on_path), first.kind, tuple(members), first.sender_payoffs, first.payoffs))
    return out


# ---------------------------------------------------------------------------- intuitive criterion
