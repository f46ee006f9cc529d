"""Checking a perfect Bayesian equilibrium (an assessment) on a general game tree.

An *assessment* is a behaviour profile together with a belief at every
information set: a probability distribution over the set's nodes.
:func:`check_pbe` verifies the two conditions of a (weak) perfect Bayesian
equilibrium (Fudenberg and Tirole 1991, section 8.2; Mas-Colell, Whinston and
Green 1995, definition 9.C.3):

Bayes consistency
    At every information set reached with positive probability, the belief is
    the conditional distribution given by Bayes' rule
    (:meth:`~leverage.extensive.tree.ExtensiveGame.beliefs`). Sets off the
    path may carry any belief.

Sequential rationality
    At *every* information set ``I`` of every player ``i``, on or off the
    path, the prescribed behaviour maximises ``i``'s conditional expected
    payoff given the belief at ``I``, against every change of ``i``'s
    behaviour at ``I`` and at ``i``'s own later information sets (the
    others' behaviour fixed).

:func:`supporting_beliefs` gives the other half of the picture: the whole set
of beliefs at an information set under which an action is a best response
(a :class:`BeliefSet`), which is what supports an action off the path.

The convention for continuation values
--------------------------------------
The conditional expected payoff at ``I`` is ``sum_x mu_I(x) * E[u_i | x]``,
the expectation over play from each node ``x`` of ``I`` weighted by the
belief at ``I``. The best continuation is found by backward induction over
``i``'s own later information sets (perfect recall makes them a tree): a later
set ``J`` is valued with the weights that the belief at ``I``, chance and the
other players' behaviour put on its nodes -- the belief at ``I`` updated by
Bayes' rule along the way -- and not with the belief stated at ``J``. The
stated belief at ``J`` is the one used when ``J`` itself is checked. (The two
agree wherever ``J`` is on the path; a weak PBE may let them differ off the path.)

Ties
----
A player's gain from changing its behaviour counts as zero when it is at most
``rtol`` times the range of that player's terminal payoffs (the library's
tolerance rule, :mod:`leverage.tolerance`). A stated on-path belief is
Bayes-consistent when it differs from Bayes' rule by at most
``max(rtol, PROBABILITY_ATOL)`` at every node.

Examples
--------
Beer-quiche (Cho and Kreps 1987), pooling on quiche, supported by the
belief that a beer drinker is weak:

>>> from leverage.extensive.signalling import beer_quiche
>>> game = beer_quiche().tree()
>>> behaviour = {"Sender|Strong": "Quiche", "Sender|Weak": "Quiche",
...              "Receiver|Beer": "Duel", "Receiver|Quiche": "NoDuel"}
>>> beliefs = {"Receiver|Beer": {"root/Strong/Beer": 0.2, "root/Weak/Beer": 0.8},
...            "Receiver|Quiche": {"root/Strong/Quiche": 0.9, "root/Weak/Quiche": 0.1}}
>>> check_pbe(game, behaviour, beliefs).ok
True

With the belief that a beer drinker is strong, dueling him is not rational:

>>> beliefs["Receiver|Beer"] = {"root/Strong/Beer": 0.8, "root/Weak/Beer": 0.2}
>>> check = check_pbe(game, behaviour, beliefs)
>>> check.ok, check.not_rational
(False, (RationalityFailure('Receiver|Beer' (Receiver): 0.2 < best 0.8 by NoDuel),))

References
----------
Fudenberg, D. and Tirole, J. (1991). Perfect Bayesian equilibrium and
sequential equilibrium. *Journal of Economic Theory* 53, 236-260.

Fudenberg, D. and Tirole, J. (1991). *Game Theory*, section 8.2. MIT Press.

Mas-Colell, A., Whinston, M. D. and Green, J. R. (1995). *Microeconomic
Theory*, section 9.C. Oxford University Press.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linprog

from leverage.checks import check_real, check_strings, real_array
from leverage.extensive.tree import ExtensiveGame
from leverage.nodes import PROBABILITY_ATOL
from leverage.results import SolverError
from leverage.tolerance import LP_FEASIBILITY_TOL, noise_scale, resolve_rtol

__all__ = [
    "PBECheck",
    "RationalityFailure",
    "ConsistencyFailure",
    "check_pbe",
    "check_beliefs",
    "BeliefSet",
    "supporting_beliefs",
]


@dataclass(frozen=True)
class RationalityFailure:
    """An information set where the prescribed behaviour is not sequentially rational.

    Attributes
    ----------
    infoset, player : str
    value : float
        The player's conditional expected payoff at the set under the prescribed behaviour.
    best : float
        The best conditional expected payoff from changing behaviour at the
        set and at the player's later sets.
    gain : float
        ``best - value``, above ``tolerance``.
    tolerance : float
        The player's absolute tolerance.
    best_action : str
        An action at the set that starts a best continuation.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> game = ExtensiveGame(Decision("A", {"x": Terminal([1.0]), "y": Terminal([3.0])}), players=("A",))
    >>> check_pbe(game, {"root": "x"}, {}).not_rational
    (RationalityFailure('root' (A): 1 < best 3 by y),)
    """

    infoset: str
    player: str
    value: float
    best: float
    gain: float
    tolerance: float
    best_action: str

    def __repr__(self) -> str:
        return (
            f"RationalityFailure({self.infoset!r} ({self.player}): {self.value:.6g} < best {self.best:.6g} "
            f"by {self.best_action})"
        )


@dataclass(frozen=True)
class ConsistencyFailure:
    """An on-path information set whose stated belief differs from Bayes' rule.

    Attributes
    ----------
    infoset : str
    reach : float
        Probability that the behaviour profile reaches the set.
    stated, bayes : dict
        ``{node id: probability}``: the belief given and the one Bayes' rule implies.
    deviation : float
        Largest absolute difference between them.

    Examples
    --------
    >>> from leverage.nodes import Chance, Decision, Terminal
    >>> game = ExtensiveGame(Chance({
    ...     "L": (0.25, Decision("B", {"a": Terminal([1.0]), "b": Terminal([0.0])}, infoset="I")),
    ...     "H": (0.75, Decision("B", {"a": Terminal([0.0]), "b": Terminal([1.0])}, infoset="I")),
    ... }), players=("B",))
    >>> check_pbe(game, {"I": "b"}, {"I": {"root/L": 0.5, "root/H": 0.5}}).not_consistent
    (ConsistencyFailure('I': belief differs from Bayes' rule by 0.25),)
    """

    infoset: str
    reach: float
    stated: Mapping[str, float]
    bayes: Mapping[str, float]
    deviation: float

    def __repr__(self) -> str:
        return f"ConsistencyFailure({self.infoset!r}: belief differs from Bayes' rule by {self.deviation:.3g})"


@dataclass(frozen=True, eq=False)
class PBECheck:
    """Whether an assessment is a perfect Bayesian equilibrium, with the evidence.

    Attributes
    ----------
    ok : bool
        No failure of either kind.
    not_rational : tuple of RationalityFailure
        Information sets (in preorder) where the behaviour is not sequentially rational.
    not_consistent : tuple of ConsistencyFailure
        On-path information sets whose belief is not given by Bayes' rule.
    gains : dict
        ``{information set id: the player's largest gain from changing behaviour there}``, every set.
    on_path : tuple of str
        Information sets the profile reaches with positive probability.
    behaviour, beliefs : dict
        The validated assessment (beliefs completed at singleton sets).
    tolerances : numpy.ndarray
        Each player's absolute tolerance.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> game = ExtensiveGame(Decision("A", {"x": Terminal([1.0]), "y": Terminal([1.0])}), players=("A",))
    >>> check = check_pbe(game, {"root": {"x": 0.5, "y": 0.5}}, {})
    >>> check.ok, check.failures, check.gains
    (True, (), {'root': 0.0})
    """

    ok: bool
    not_rational: tuple[RationalityFailure, ...]
    not_consistent: tuple[ConsistencyFailure, ...]
    gains: Mapping[str, float] = field(repr=False)
    on_path: tuple[str, ...] = field(repr=False)
    behaviour: Mapping[str, Mapping[str, float]] = field(repr=False)
    beliefs: Mapping[str, Mapping[str, float]] = field(repr=False)
    tolerances: np.ndarray = field(repr=False)

    @property
    def failures(self) -> tuple[str, ...]:
        """One sentence per failure."""
        out = [
            f"information set {f.infoset!r} ({f.player}) is not sequentially rational: the best continuation "
            f"(starting with {f.best_action!r}) gains {f.gain:.3g} > tolerance {f.tolerance:.3g}"
            for f in self.not_rational
        ]
        out += [
            f"the belief at on-path information set {f.infoset!r} differs from Bayes' rule by {f.deviation:.3g}"
            for f in self.not_consistent
        ]
        return tuple(out)


def check_beliefs(game: ExtensiveGame, beliefs: Any, caller: str = "check_beliefs()") -> dict[str, dict[str, float]]:
    """Validate beliefs: a probability distribution over the nodes of each information set.

    ``beliefs`` maps information set ids to ``{node id: probability}``; nodes
    left out have probability 0, and a singleton set may be left out (its
    belief is 1 on its node).

    Raises
    ------
    TypeError
        If ``beliefs`` or an entry is not a mapping, or a probability not a number.
    ValueError
        If a set is unknown or missing, a node is not in its set, or the
        probabilities are negative, non-finite or do not sum to 1 (within
        :data:`~leverage.nodes.PROBABILITY_ATOL`).

    Examples
    --------
    >>> from leverage.extensive.signalling import beer_quiche
    >>> game = beer_quiche().tree()
    >>> check_beliefs(game, {"Receiver|Beer": {"root/Weak/Beer": 1.0},
    ...                      "Receiver|Quiche": {"root/Strong/Quiche": 0.5, "root/Weak/Quiche": 0.6}})
    Traceback (most recent call last):
    ...
    ValueError: check_beliefs(): beliefs at 'Receiver|Quiche' sum to 1.1, not 1
    """
    if not isinstance(game, ExtensiveGame):
        raise TypeError(f"{caller}: game must be an ExtensiveGame; got {type(game).__name__}")
    if not isinstance(beliefs, Mapping):
        raise TypeError(f"{caller}: beliefs must be a dict {{information set id: {{node id: probability}}}}; "
                        f"got {type(beliefs).__name__}")
    known = {s.id for s in game.infosets}
    for key in beliefs:
        if key not in known:
            raise ValueError(f"{caller}: beliefs names {key!r}, which is not an information set of the game")
    out: dict[str, dict[str, float]] = {}
    for s in game.infosets:
        entry = beliefs.get(s.id)
        if entry is None:
            if len(s.nodes) == 1:
                out[s.id] = {s.nodes[0]: 1.0}
                continue
            raise ValueError(f"{caller}: beliefs has no entry for information set {s.id!r} ({s.player})")
        if not isinstance(entry, Mapping):
            raise TypeError(f"{caller}: beliefs at {s.id!r} must be a dict {{node id: probability}}; got {entry!r}")
        vec = np.zeros(len(s.nodes))
        for node, p in entry.items():
            if node not in s.nodes:
                raise ValueError(f"{caller}: node {node!r} is not in information set {s.id!r}; its nodes are {s.nodes}")
            if isinstance(p, bool):
                raise TypeError(f"{caller}: belief in {node!r} must be a number; got {p!r}")
            try:
                vec[s.nodes.index(node)] = float(p)
            except (TypeError, ValueError):
                raise TypeError(f"{caller}: belief in {node!r} must be a number; got {p!r}") from None
        if not np.all(np.isfinite(vec)) or np.any(vec < 0):
            raise ValueError(f"{caller}: beliefs at {s.id!r} have a negative or non-finite probability: {vec}")
        total = float(vec.sum())
        if abs(total - 1.0) > PROBABILITY_ATOL * max(1, len(vec)):
            raise ValueError(f"{caller}: beliefs at {s.id!r} sum to {total:.12g}, not 1")
        out[s.id] = {node: float(p / total) for node, p in zip(s.nodes, vec)}
    return out


class _Tree:
    """The tree laid out once for repeated continuation computations."""

    def __init__(self, game: ExtensiveGame) -> None:
        self.kind: dict[str, str] = {}
        self.children: dict[str, list[tuple[str, str, float]]] = {}  # (label, child id, chance prob)
        self.infoset: dict[str, str] = {}
        self.mover: dict[str, int] = {}
        self.payoffs: dict[str, np.ndarray] = {}
        for v in game.node_ids:
            kind = game.kind(v)
            self.kind[v] = kind
            kids = game.children(v)
            probs = game.chance_probabilities(v) if kind == "chance" else {}
            self.children[v] = [(label, child, probs.get(label, 1.0)) for label, child in kids.items()]
            if kind == "decision":
                s = game.infoset_of(v)
                self.infoset[v] = s.id
                self.mover[v] = game.players.index(s.player)
            elif kind == "terminal":
                self.payoffs[v] = np.asarray(game.payoffs_at(v), dtype=float)


def _continuation(
    tree: _Tree,
    behaviour: Mapping[str, Mapping[str, float]],
    start: str,
    belief: Mapping[str, float],
    i: int,
    actions: tuple[str, ...],
) -> tuple[float, float, str]:
    """``(prescribed value, best value, best first action)`` of player ``i`` at information set ``start``.

    Terminal payoffs are weighted by the belief, chance and the other players'
    behaviour, and bucketed by ``i``'s last own (set, action) pair on the
    path; ``i``'s sets below are then settled by backward induction.
    """
    bucket: dict[tuple[str, str], float] = {}
    below: dict[tuple[str, str], set[str]] = {}
    depth: dict[str, int] = {start: 0}
    stack: list[tuple[str, float, tuple[str, str] | None, int]] = [
        (x, p, None, 0) for x, p in belief.items() if p > 0
    ]
    while stack:  # visits each node below the set at most once per node of the set
        v, w, last, d = stack.pop()
        kind = tree.kind[v]
        if kind == "terminal":
            if last is not None:
                bucket[last] = bucket.get(last, 0.0) + w * tree.payoffs[v][i]
            continue
        if kind == "decision" and tree.mover[v] == i:
            sid = tree.infoset[v]
            if last is not None:
                below.setdefault(last, set()).add(sid)
            depth[sid] = d
            for label, child, _ in tree.children[v]:
                stack.append((child, w, (sid, label), d + 1))
            continue
        probs = behaviour[tree.infoset[v]] if kind == "decision" else None
        for label, child, p in tree.children[v]:
            q = probs[label] if probs is not None else p
            if q > 0:
                stack.append((child, w * q, last, d))
    best: dict[str, float] = {}
    prescribed: dict[str, float] = {}
    first_choice = actions[0]
    for sid in sorted(depth, key=lambda s: -depth[s]):  # deeper sets first
        options = {}
        for action in (actions if sid == start else behaviour[sid].keys()):
            pair = (sid, action)
            kids = below.get(pair, ())
            options[action] = (
                bucket.get(pair, 0.0) + sum(best[k] for k in kids),
                bucket.get(pair, 0.0) + sum(prescribed[k] for k in kids),
            )
        best[sid] = max(o[0] for o in options.values())
        prescribed[sid] = sum(behaviour[sid][a] * options[a][1] for a in options)
        if sid == start:
            first_choice = max(options, key=lambda a: options[a][0])
    return prescribed[start], best[start], first_choice


def check_pbe(game: ExtensiveGame, behaviour: Any, beliefs: Any, rtol: float | None = None, *, tol: float | None = None) -> PBECheck:
    """Check that an assessment (behaviour and beliefs) is a perfect Bayesian equilibrium.

    Parameters
    ----------
    game : ExtensiveGame
        Any finite game with perfect recall.
    behaviour : dict
        ``{information set id: {action: probability}}`` (or an action name)
        for every information set; see
        :meth:`~leverage.extensive.tree.ExtensiveGame.check_behaviour`.
    beliefs : dict
        ``{information set id: {node id: probability}}``; see :func:`check_beliefs`.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Returns
    -------
    PBECheck
        ``.ok`` and the failures: information sets that are not sequentially
        rational, on-path beliefs that are not Bayes-consistent. See the
        module docstring for the convention on continuation values.

    Raises
    ------
    TypeError, ValueError
        If the game, behaviour, beliefs or tolerance are malformed.

    Examples
    --------
    Selten's horse-like entry game: the incumbent's threat to fight is not
    rational at its (singleton) information set, off the path:

    >>> from leverage.nodes import Decision, Terminal
    >>> game = ExtensiveGame(Decision("Entrant", {
    ...     "Out": Terminal([0, 2]),
    ...     "In": Decision("Incumbent", {"Fight": Terminal([-1, -1]), "Share": Terminal([1, 1])}),
    ... }), players=("Entrant", "Incumbent"))
    >>> check = check_pbe(game, {"root": "Out", "root/In": "Fight"}, {})
    >>> check.ok, check.on_path
    (False, ('root',))
    >>> check.failures[0]
    "information set 'root/In' (Incumbent) is not sequentially rational: the best continuation (starting with 'Share') gains 2 > tolerance 3e-08"
    >>> check_pbe(game, {"root": "In", "root/In": "Share"}, {}).ok
    True
    """
    caller = "check_pbe()"
    if not isinstance(game, ExtensiveGame):
        raise TypeError(f"{caller}: game must be an ExtensiveGame; got {type(game).__name__}")
    rtol = resolve_rtol(rtol, tol, "check_pbe")
    behaviour = game.check_behaviour(behaviour, caller)
    beliefs = check_beliefs(game, beliefs, caller)
    tols = game.tolerances(rtol)
    atol = max(rtol, PROBABILITY_ATOL)
    reach = game.reach(behaviour)
    bayes = game.beliefs(behaviour)
    not_consistent = []
    for sid, posterior in bayes.items():
        stated = beliefs[sid]
        deviation = max(abs(stated[v] - p) for v, p in posterior.items())
        if deviation > atol:
            total = sum(reach[v] for v in posterior)
            not_consistent.append(ConsistencyFailure(sid, float(total), stated, posterior, float(deviation)))
    tree = _Tree(game)
    gains: dict[str, float] = {}
    not_rational = []
    for s in game.infosets:
        i = game.players.index(s.player)
        value, best, action = _continuation(tree, behaviour, s.id, beliefs[s.id], i, s.actions)
        gain = max(0.0, best - value)
        gains[s.id] = gain
        if gain > tols[i]:
            not_rational.append(RationalityFailure(s.id, s.player, value, best, gain, float(tols[i]), action))
    return PBECheck(
        ok=not not_rational and not not_consistent,
        not_rational=tuple(not_rational),
        not_consistent=tuple(not_consistent),
        gains=gains,
        on_path=tuple(s.id for s in game.infosets if s.id in bayes),
        behaviour=behaviour,
        beliefs=beliefs,
        tolerances=tols,
    )


# ---------------------------------------------------------------------------- supporting beliefs


def _fmt(x: float) -> str:
    return f"{x:.6g}"


@dataclass(frozen=True, eq=False)
class BeliefSet:
    """The beliefs at an information set under which an action is a best response.

    A belief is a probability vector over ``states`` (the sender's types in a
    signalling game, the nodes of an information set in a tree). Off the path
    the set is the convex polytope ``{mu in the simplex: G @ mu <= h}``, with
    ``mu`` zero outside ``support``; on the path it is one point, the Bayes
    posterior.

    Attributes
    ----------
    label, action : str
        Where the choice is made (a message, an information set) and the action.
    states : tuple of str
        The coordinates of a belief.
    on_path : bool
        Whether the set is the single point ``witness`` (a posterior).
    lower, upper : numpy.ndarray
        Smallest and largest probability of each state over the set; for two
        states these intervals describe the set exactly.
    witness : numpy.ndarray
        A belief in the set, verified against ``G @ mu <= h``: the posterior
        on the path; otherwise the midpoint of the interval (two states), or
        the belief that minimises the largest gain from switching (more states).
    G, h : numpy.ndarray
        Row ``k`` of ``G`` is the gain, state by state, from switching to the
        ``k``-th other action; ``h`` is the mover's absolute tolerance.
    support : tuple of str
        States allowed positive probability.

    Examples
    --------
    >>> s = supporting_beliefs([[1.0, 0.0], [0.0, 1.0]], 1, states=("Strong", "Weak"),
    ...                        actions=("NoDuel", "Duel"), atol=0.0, label="Quiche")
    >>> s
    BeliefSet(Quiche -> Duel; off path; Strong in [0, 0.5], Weak in [0.5, 1])
    >>> s.contains([0.3, 0.7]), s.contains([0.7, 0.3]), s.largest_gain([0.7, 0.3])
    (True, False, 0.4)
    """

    label: str
    action: str
    states: tuple[str, ...]
    on_path: bool
    lower: np.ndarray
    upper: np.ndarray
    witness: np.ndarray
    G: np.ndarray = field(repr=False)
    h: np.ndarray = field(repr=False)
    support: tuple[str, ...] = field(repr=False)

    def interval(self, state: str) -> tuple[float, float]:
        """``(lowest, highest)`` probability of ``state`` over the set."""
        if state not in self.states:
            raise ValueError(f"BeliefSet.interval(): unknown state {state!r}; choose one of {', '.join(self.states)}")
        k = self.states.index(state)
        return float(self.lower[k]), float(self.upper[k])

    @property
    def intervals(self) -> dict[str, tuple[float, float]]:
        """``{state: (lowest, highest) probability}``."""
        return {name: self.interval(name) for name in self.states}

    def largest_gain(self, belief: Any) -> float:
        """The mover's largest gain from switching away from :attr:`action` at ``belief`` (may be negative)."""
        mu = np.asarray(belief, dtype=float)
        if mu.shape != (len(self.states),):
            raise ValueError(f"BeliefSet.largest_gain(): belief must have shape ({len(self.states)},); got {mu.shape}")
        return float((self.G @ mu).max()) if self.G.shape[0] else 0.0

    def contains(self, belief: Any, atol: float = PROBABILITY_ATOL) -> bool:
        """Whether ``belief`` (a probability vector over :attr:`states`) lies in the set."""
        mu = np.asarray(belief, dtype=float)
        if mu.shape != (len(self.states),) or np.any(mu < -atol) or abs(mu.sum() - 1.0) > atol * len(mu):
            raise ValueError(f"BeliefSet.contains(): belief must be a probability vector over {self.states}; got {belief!r}")
        if self.on_path:
            return bool(np.allclose(mu, self.witness, rtol=0, atol=atol))
        outside = [k for k, name in enumerate(self.states) if name not in self.support]
        if outside and np.any(mu[outside] > atol):
            return False
        return bool(np.all(self.G @ mu <= self.h))

    def __repr__(self) -> str:
        if self.on_path:
            body = "on path; " + ", ".join(f"{n} {_fmt(p)}" for n, p in zip(self.states, self.witness))
        else:
            body = "off path; " + ", ".join(
                f"{n} in [{_fmt(lo)}, {_fmt(hi)}]" for n, lo, hi in zip(self.states, self.lower, self.upper)
            )
        return f"BeliefSet({self.label} -> {self.action}; {body})"


def _largest(G: np.ndarray, mu: np.ndarray) -> float:
    return float((G @ mu).max()) if G.shape[0] else 0.0


def _edge(G: np.ndarray, h: np.ndarray, idx: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Exact interval on the edge between two states: ``p`` = probability of ``idx[0]``."""
    g0, g1 = G[:, idx[0]], G[:, idx[1]]
    lo, hi = 0.0, 1.0
    for d, rhs in zip(g0 - g1, h - g1):  # constraint d * p <= rhs
        if d > 0:
            hi = min(hi, rhs / d)
        elif d < 0:
            lo = max(lo, rhs / d)
        elif rhs < 0:
            return None
    if lo > hi:
        return None
    witness = np.zeros(n)
    witness[idx[0]] = 0.5 * (lo + hi)
    witness[idx[1]] = 1.0 - witness[idx[0]]
    if _largest(G, witness) > h[0]:  # a one-point interval lost to rounding
        return None
    lower, upper = np.zeros(n), np.zeros(n)
    lower[idx[0]], upper[idx[0]] = lo, hi
    lower[idx[1]], upper[idx[1]] = 1.0 - hi, 1.0 - lo
    return lower, upper, witness


_LP_OPTIONS = {"primal_feasibility_tolerance": LP_FEASIBILITY_TOL, "dual_feasibility_tolerance": LP_FEASIBILITY_TOL}


def _linprog(c: np.ndarray, **kwargs: Any) -> np.ndarray:
    res = linprog(c, method="highs", options=_LP_OPTIONS, **kwargs)
    if res.status != 0:
        raise SolverError(f"supporting_beliefs(): the belief linear program failed: {res.message}")
    return res.x


def _face(G: np.ndarray, h: np.ndarray, idx: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Bounds by linear programming over the face of the simplex spanned by ``idx`` (rows scaled to at most 1)."""
    scale = noise_scale(G)
    Gs, hs, k = G[:, idx] / scale, h / scale, len(idx)
    # the witness minimises the largest gain z subject to Gs mu <= z
    x = _linprog(
        np.r_[np.zeros(k), 1.0],
        A_ub=np.hstack([Gs, -np.ones((Gs.shape[0], 1))]),
        b_ub=np.zeros(Gs.shape[0]),
        A_eq=np.r_[np.ones(k), 0.0][None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * k + [(None, None)],
    )
    mu = np.clip(x[:k], 0.0, None)
    witness = np.zeros(n)
    witness[idx] = mu / mu.sum()
    if _largest(G, witness) > h[0]:
        return None
    lower, upper = np.zeros(n), np.zeros(n)
    for j, t in enumerate(idx):
        for sign, out in ((1.0, lower), (-1.0, upper)):
            c = np.zeros(k)
            c[j] = sign
            x = _linprog(c, A_ub=Gs, b_ub=hs, A_eq=np.ones((1, k)), b_eq=[1.0], bounds=[(0, None)] * k)
            out[t] = min(1.0, max(0.0, float(x[j])))
    return lower, upper, witness




def supporting_beliefs(
    values: Any,
    action: int | str,
    *,
    atol: float,
    states: Sequence[str] | None = None,
    actions: Sequence[str] | None = None,
    label: str = "",
    support: Sequence[str] | None = None,
    at: Any = None,
) -> BeliefSet | None:
    """The beliefs under which ``action`` is a best response, or None if there are none.

    ``action`` is a best response to a belief ``mu`` when its expected value
    ``mu @ values[:, action]`` is within ``atol`` of the best action's. The
    set of such beliefs is the convex polytope
    ``{mu in simplex: sum_s mu_s (values[s, b] - values[s, action]) <= atol for every b}``.
    With two states in the support its intervals are computed exactly; with
    more, each bound is a linear program (scipy's HiGHS), and the returned
    :attr:`BeliefSet.witness` is checked against the inequalities.

    Parameters
    ----------
    values : array_like, shape (states, actions)
        The mover's (continuation) payoff of each action at each state.
    action : int or str
        The action (index, or name in ``actions``).
    atol : float
        The mover's absolute tolerance (``game.tolerances(rtol)[player]``).
    states, actions : sequence of str, optional
        Names; ``"0"``, ``"1"``, ... by default.
    label : str
        Where the choice is made, for the result's repr.
    support : sequence of str, optional
        Only beliefs putting all their weight on these states (default: all).
    at : array_like, optional
        A given belief (a posterior): the result is then that single point,
        or None if ``action`` is not a best response there.

    Returns
    -------
    BeliefSet or None

    Examples
    --------
    Three actions, two states: the middle action is best for intermediate beliefs.

    >>> values = [[2.0, 1.5, 0.0], [0.0, 1.5, 2.0]]
    >>> supporting_beliefs(values, 1, atol=0.0, states=("L", "H")).intervals
    {'L': (0.25, 0.75), 'H': (0.25, 0.75)}
    >>> supporting_beliefs(values, 1, atol=0.0, at=[0.9, 0.1]) is None
    True
    """
    caller = "supporting_beliefs()"
    V = real_array(values, "values", caller, finite=False)
    atol = check_real(atol, "atol", caller, low=0.0)
    if V.ndim != 2 or 0 in V.shape or not np.all(np.isfinite(V)):
        raise ValueError(f"{caller}: values must be a finite 2-D array (states, actions); got shape {V.shape}")
    n, m = V.shape
    states = tuple(str(k) for k in range(n)) if states is None else check_strings(states, "states", caller)
    actions = tuple(str(k) for k in range(m)) if actions is None else check_strings(actions, "actions", caller)
    if len(states) != n or len(actions) != m:
        raise ValueError(f"{caller}: {len(states)} state and {len(actions)} action names for values of shape {V.shape}")
    if isinstance(action, str):
        if action not in actions:
            raise ValueError(f"{caller}: unknown action {action!r}; choose one of {', '.join(actions)}")
        a = actions.index(action)
    elif isinstance(action, (int, np.integer)) and not isinstance(action, bool) and 0 <= action < m:
        a = int(action)
    else:
        raise ValueError(f"{caller}: action must be a name or an index in [0, {m}); got {action!r}")
    if support is None:
        allowed = np.ones(n, dtype=bool)
    else:
        support = check_strings(support, "support", caller)
        unknown = [s for s in support if s not in states]
        if unknown:
            raise ValueError(f"{caller}: support names unknown states {unknown}")
        allowed = np.array([s in support for s in states])
        if not allowed.any():
            raise ValueError(f"{caller}: support is empty")
    G = (np.delete(V, a, axis=1) - V[:, [a]]).T
    h = np.full(G.shape[0], atol)
    if at is not None:
        mu = real_array(at, "at", caller)
        if mu.shape != (n,):
            raise ValueError(f"{caller}: at must have shape ({n},); got {mu.shape}")
        if _largest(G, mu) > atol:
            return None
        region: tuple[np.ndarray, np.ndarray, np.ndarray] | None = (mu.copy(), mu.copy(), mu.copy())
        allowed = mu > 0
    else:
        idx = np.flatnonzero(allowed)
        if len(idx) == 1 or G.shape[0] == 0:
            witness = np.where(allowed, 1.0 / len(idx), 0.0)
            ok = _largest(G, witness) <= atol
            lower = witness.copy() if len(idx) == 1 else np.zeros(n)
            region = (lower, allowed.astype(float), witness) if ok else None
        elif len(idx) == 2:
            region = _edge(G, h, idx, n)
        else:
            region = _face(G, h, idx, n)
    if region is None:
        return None
    for arr in (*region, G, h):
        arr.setflags(write=False)
    return BeliefSet(
        label=label,
        action=actions[a],
        states=states,
        on_path=at is not None,
        lower=region[0],
        upper=region[1],
        witness=region[2],
        G=G,
        h=h,
        support=tuple(s for s, ok in zip(states, allowed) if ok),
    )
