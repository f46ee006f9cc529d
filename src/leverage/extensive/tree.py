"""Extensive-form games with imperfect information: information sets, sequences and plans.

An :class:`ExtensiveGame` is a finite game tree whose decision nodes are grouped
into *information sets*: the mover knows which set it is at, not which node.
China choosing a licence level does not see what Japan's diversification would
cost; Japan, answering, does not see whether China is probing or committed.
Chance nodes carry known probabilities. Every player must have *perfect
recall* (Kuhn 1953): nodes of one information set are reached through the same
own earlier information sets and actions; the constructor checks it and names
the information set that breaks it.

Representations
---------------
- behaviour strategies: ``{information set id: {action: probability}}``;
- sequences (Koller, Megiddo and von Stengel 1996): a player's *sequence* is
  the list of its own ``(information set, action)`` pairs on a path; a
  realization plan gives each sequence the probability that the player's own
  moves play it;
- the reduced normal form (:meth:`ExtensiveGame.to_game`): a *reduced plan*
  chooses an action at each information set the player's own earlier choices
  do not rule out; plans that differ only at sets their own moves exclude are
  one plan. Plan names join the actions at the player's information sets in
  order with ``"/"``, with ``"*"`` where the plan never arrives.

Kuhn's theorem (1953): under perfect recall every mixed plan and the behaviour
strategy derived from its realization plan induce the same distribution over
terminals (:meth:`ExtensiveGame.behaviour_from_mixed`,
:meth:`ExtensiveGame.mixed_from_behaviour`).

Ties
----
Whether a deviation gains is decided by the library's one tolerance rule
(:mod:`leverage.tolerance`) applied to each player's terminal payoffs.

Examples
--------
Matching pennies in extensive form: the second mover does not see the first
move.

>>> from leverage.nodes import Decision, Terminal
>>> game = ExtensiveGame(
...     Decision("A", {
...         "H": Decision("B", {"h": Terminal([1, -1]), "t": Terminal([-1, 1])}, infoset="B"),
...         "T": Decision("B", {"h": Terminal([-1, 1]), "t": Terminal([1, -1])}, infoset="B"),
...     }),
...     players=("A", "B"),
... )
>>> game
ExtensiveGame(A, B; 2 information sets, 3 decision nodes, 0 chance nodes, 4 terminals)
>>> game.infoset("B").nodes
('root/H', 'root/T')
>>> game.to_game().strategies
(('H', 'T'), ('h', 't'))
>>> half = {"root": {"H": 0.5, "T": 0.5}, "B": {"h": 0.5, "t": 0.5}}
>>> game.expected_payoffs(half), game.regrets(half)
(array([0., 0.]), array([0., 0.]))

References
----------
Koller, D., Megiddo, N. and von Stengel, B. (1996). Efficient computation of
equilibria for extensive two-person games. *Games and Economic Behavior* 14,
247-259.

Kuhn, H. W. (1953). Extensive games and the problem of information. In
*Contributions to the Theory of Games II*, 193-216. Princeton University Press.

Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, chapter 11.
MIT Press.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.extensive.plans import (
    MAX_CELLS,
    behaviour_from_mixed,
    mixed_from_behaviour,
    plan_names,
    plan_realization,
    reduced_normal_form,
    reduced_plans,
)
from leverage.game import Game
from leverage.nodes import CHANCE, DECISION, TERMINAL, Node, flatten_tree
from leverage.sequential import GameTree
from leverage.tolerance import (
    CHANCE_ATOL,
    CHANCE_RTOL,
    PROBABILITY_ATOL,
    PROBABILITY_NOISE,
    resolve_rtol,
    tolerances,
)

__all__ = ["ExtensiveGame", "InformationSet"]

#: Probabilities of a behaviour strategy must sum to 1 within this tolerance.
_BEHAVIOUR_ATOL = PROBABILITY_ATOL


@dataclass(frozen=True)
class InformationSet:
    """An information set: decision nodes of one player that the player cannot tell apart.

    Attributes
    ----------
    id : str
        The set's label (:class:`~leverage.nodes.Decision`'s ``infoset``), or
        the node id of a decision node with no label (a singleton set).
    player : str
        The mover.
    actions : tuple of str
        Action names, in the order of the set's first node.
    nodes : tuple of str
        Identifiers of the member nodes, in preorder.

    Examples
    --------
    >>> InformationSet("J", "Japan", ("Stay", "Exit"), ("root/Low", "root/High"))
    InformationSet(id='J', player='Japan', actions=('Stay', 'Exit'), nodes=('root/Low', 'root/High'))
    """

    id: str
    player: str
    actions: tuple[str, ...]
    nodes: tuple[str, ...]


def _describe_sequence(seq: tuple[tuple[str, str], ...]) -> str:
    return "(" + ", ".join(f"{i}: {a}" for i, a in seq) + ")" if seq else "(no earlier moves)"


class ExtensiveGame:
    """A finite extensive-form game with information sets, chance moves and perfect recall.

    Parameters
    ----------
    root : Terminal, Decision or Chance
        The first node (see :mod:`leverage.nodes`). Decision nodes with the
        same ``infoset`` label form one information set.
    players : sequence of str
        Player names; every terminal has one payoff per player, in this order.
    root_id : str, keyword-only
        Identifier of the root when it has no name (default ``"root"``).

    Raises
    ------
    TypeError
        If ``root`` is not a node or ``players`` not a sequence of names.
    ValueError
        Everything :class:`~leverage.GameTree` rejects (wrong payoff counts,
        non-finite payoffs, repeated nodes, duplicate identifiers, unknown
        players, chance probabilities that are negative or do not sum to 1),
        and: an information set whose nodes belong to different players or
        have different actions; an information-set label equal to the
        identifier of another, unlabelled decision node; a player without
        perfect recall (the message names the information set).

    Examples
    --------
    >>> from leverage.nodes import Chance, Decision, Terminal
    >>> game = ExtensiveGame(
    ...     Chance({
    ...         "Low": (0.5, Decision("China", {"Squeeze": Terminal([2, -1]), "Open": Terminal([1, 0])},
    ...                               infoset="C")),
    ...         "High": (0.5, Decision("China", {"Squeeze": Terminal([-1, 0]), "Open": Terminal([1, 0])},
    ...                                infoset="C")),
    ...     }),
    ...     players=("China", "Japan"),
    ... )
    >>> game.infosets_of("China")
    (InformationSet(id='C', player='China', actions=('Squeeze', 'Open'), nodes=('root/Low', 'root/High')),)
    >>> game.sequences("China")
    ((), (('C', 'Squeeze'),), (('C', 'Open'),))
    """

    __slots__ = (
        "_flat",
        "_root",
        "_infosets",
        "_infoset_index",
        "_node_infoset",
        "_perm",
        "_sequences",
        "_seq_index",
        "_parent_seq",
        "_action_seqs",
        "_player_infosets",
        "_node_seqs",
        "_node_chance",
        "_terminals",
        "_terminal_payoffs",
        "_terminal_chance",
        "_terminal_seqs",
        "_plans",
    )

    def __init__(self, root: Node, players: Sequence[str], *, root_id: str = "root") -> None:
        caller = "ExtensiveGame()"
        flat = flatten_tree(root, players, root_id, caller)
        n = len(flat.players)
        self._flat = flat
        self._root = root

        # ---- information sets
        groups: dict[str, list[int]] = {}
        for k, kind in enumerate(flat.kinds):
            if kind == DECISION:
                label = flat.infosets[k] if flat.infosets[k] is not None else flat.ids[k]
                groups.setdefault(label, []).append(k)
        for label, members in groups.items():
            if len(members) > 1 and any(flat.infosets[k] is None for k in members):
                unlabelled = next(flat.ids[k] for k in members if flat.infosets[k] is None)
                raise ValueError(
                    f"{caller}: information set label {label!r} is also the identifier of the unlabelled "
                    f"decision node {unlabelled!r}; choose another label"
                )
        infosets: list[InformationSet] = []
        node_infoset: dict[int, int] = {}
        perm: dict[int, tuple[int, ...]] = {}  # node -> child position for each of its set's actions
        for label, members in groups.items():
            first = members[0]
            player = flat.movers[first]
            actions = flat.labels[first]
            for k in members[1:]:
                if flat.movers[k] != player:
                    raise ValueError(
                        f"{caller}: information set {label!r} mixes players: node {flat.ids[first]!r} belongs "
                        f"to {flat.players[player]!r} and node {flat.ids[k]!r} to {flat.players[flat.movers[k]]!r}"
                    )
                if set(flat.labels[k]) != set(actions) or len(flat.labels[k]) != len(actions):
                    raise ValueError(
                        f"{caller}: information set {label!r} has different actions at its nodes: "
                        f"{actions} at {flat.ids[first]!r} but {flat.labels[k]} at {flat.ids[k]!r}"
                    )
            index = len(infosets)
            infosets.append(
                InformationSet(label, flat.players[player], actions, tuple(flat.ids[k] for k in members))
            )
            for k in members:
                node_infoset[k] = index
                perm[k] = tuple(flat.labels[k].index(a) for a in actions)
        self._infosets = tuple(infosets)
        self._infoset_index = {s.id: h for h, s in enumerate(infosets)}
        self._node_infoset = node_infoset
        self._perm = perm
        player_index = {p: i for i, p in enumerate(flat.players)}
        self._player_infosets = tuple(
            tuple(h for h, s in enumerate(infosets) if player_index[s.player] == i) for i in range(n)
        )

        # ---- sequences, perfect recall, chance reach (one preorder pass)
        sequences: list[list[tuple[tuple[str, str], ...]]] = [[()] for _ in range(n)]
        seq_index: list[dict[tuple[int, int], int]] = [{} for _ in range(n)]
        parent_seq: dict[int, int] = {}
        node_seqs = np.zeros((len(flat.nodes), n), dtype=np.intp)
        node_chance = np.ones(len(flat.nodes))
        for k, kind in enumerate(flat.kinds):
            if kind == DECISION:
                h = node_infoset[k]
                i = flat.movers[k]
                own = int(node_seqs[k, i])
                if h not in parent_seq:
                    parent_seq[h] = own
                    base = sequences[i][own]
                    for a, action in enumerate(infosets[h].actions):
                        seq_index[i][(h, a)] = len(sequences[i])
                        sequences[i].append(base + ((infosets[h].id, action),))
                elif parent_seq[h] != own:
                    first = infosets[h].nodes[0]
                    raise ValueError(
                        f"{caller}: information set {infosets[h].id!r} breaks perfect recall: "
                        f"{infosets[h].player!r} reaches node {first!r} after its own moves "
                        f"{_describe_sequence(sequences[i][parent_seq[h]])} but node {flat.ids[k]!r} after "
                        f"{_describe_sequence(sequences[i][own])}"
                    )
                for a, pos in enumerate(perm[k]):  # a: the set's action, pos: the child it leads to
                    c = flat.children[k][pos]
                    node_seqs[c] = node_seqs[k]
                    node_chance[c] = node_chance[k]
                    node_seqs[c, i] = seq_index[i][(h, a)]
            elif kind == CHANCE:
                for p, c in zip(flat.probs[k], flat.children[k]):
                    node_seqs[c] = node_seqs[k]
                    node_chance[c] = node_chance[k] * p
        self._sequences = tuple(tuple(s) for s in sequences)
        self._seq_index = tuple(seq_index)
        self._parent_seq = parent_seq
        self._action_seqs = tuple(
            np.array([seq_index[flat.players.index(s.player)][(h, a)] for a in range(len(s.actions))], dtype=np.intp)
            for h, s in enumerate(infosets)
        )
        node_seqs.setflags(write=False)
        node_chance.setflags(write=False)
        self._node_seqs = node_seqs
        self._node_chance = node_chance
        terminals = tuple(k for k, kind in enumerate(flat.kinds) if kind == TERMINAL)
        self._terminals = terminals
        self._terminal_payoffs = np.array([flat.payoffs[k] for k in terminals], dtype=float).reshape(-1, n)
        self._terminal_chance = node_chance[list(terminals)].copy()
        self._terminal_seqs = node_seqs[list(terminals)].copy()
        for arr in (self._terminal_payoffs, self._terminal_chance, self._terminal_seqs):
            arr.setflags(write=False)
        self._plans: dict[int, tuple[dict[str, str], ...]] = {}

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_tree(cls, tree: GameTree) -> ExtensiveGame:
        """The same game as an :class:`ExtensiveGame` (every information set a single node).

        Examples
        --------
        >>> from leverage import GameTree
        >>> from leverage.nodes import Decision, Terminal
        >>> tree = GameTree(Decision("A", {"x": Terminal([1, 0]), "y": Terminal([0, 1])}), players=("A", "B"))
        >>> ExtensiveGame.from_tree(tree).is_perfect_information
        True
        """
        if not isinstance(tree, GameTree):
            raise TypeError(f"ExtensiveGame.from_tree(): tree must be a GameTree; got {type(tree).__name__}")
        return cls(tree.root, tree.players, root_id=tree.root_id)

    # ------------------------------------------------------------------ data
    @property
    def root(self) -> Node:
        """The root node."""
        return self._root

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._flat.players

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._flat.players)

    @property
    def root_id(self) -> str:
        """Identifier of the root."""
        return self._flat.ids[0]

    @property
    def node_ids(self) -> tuple[str, ...]:
        """Identifiers of all nodes, in preorder."""
        return self._flat.ids

    @property
    def decision_nodes(self) -> tuple[str, ...]:
        """Identifiers of the decision nodes, in preorder."""
        return tuple(self._flat.ids[k] for k, kind in enumerate(self._flat.kinds) if kind == DECISION)

    @property
    def chance_nodes(self) -> tuple[str, ...]:
        """Identifiers of the chance nodes, in preorder."""
        return tuple(self._flat.ids[k] for k, kind in enumerate(self._flat.kinds) if kind == CHANCE)

    @property
    def terminal_ids(self) -> tuple[str, ...]:
        """Identifiers of the terminals, in preorder (the rows of :attr:`terminal_payoffs`)."""
        return tuple(self._flat.ids[k] for k in self._terminals)

    @property
    def infosets(self) -> tuple[InformationSet, ...]:
        """Every information set, in preorder of its first node."""
        return self._infosets

    @property
    def is_perfect_information(self) -> bool:
        """Whether every information set is a single node."""
        return all(len(s.nodes) == 1 for s in self._infosets)

    @property
    def terminal_payoffs(self) -> np.ndarray:
        """Payoffs at the terminals, shape ``(terminals, players)``, read-only."""
        return self._terminal_payoffs

    @property
    def terminal_chance(self) -> np.ndarray:
        """Product of the chance probabilities on the path to each terminal, read-only."""
        return self._terminal_chance

    @property
    def terminal_sequences(self) -> np.ndarray:
        """Each player's sequence index (see :meth:`sequences`) at each terminal, ``(terminals, players)``."""
        return self._terminal_seqs

    def node(self, node_id: str) -> Node:
        """The node object with identifier ``node_id``."""
        return self._flat.nodes[self._node_index(node_id, "ExtensiveGame.node()")]

    def kind(self, node_id: str) -> str:
        """``"decision"``, ``"chance"`` or ``"terminal"``."""
        k = self._node_index(node_id, "ExtensiveGame.kind()")
        return {DECISION: "decision", CHANCE: "chance", TERMINAL: "terminal"}[self._flat.kinds[k]]

    def children(self, node_id: str) -> dict[str, str]:
        """``{action or outcome: child node id}`` of a node (empty at a terminal)."""
        k = self._node_index(node_id, "ExtensiveGame.children()")
        return {label: self._flat.ids[c] for label, c in zip(self._flat.labels[k], self._flat.children[k])}

    def chance_probabilities(self, node_id: str) -> dict[str, float]:
        """``{outcome: probability}`` at chance node ``node_id``."""
        k = self._node_index(node_id, "ExtensiveGame.chance_probabilities()")
        if self._flat.kinds[k] != CHANCE:
            raise ValueError(f"ExtensiveGame.chance_probabilities(): node {node_id!r} is not a chance node")
        return dict(zip(self._flat.labels[k], self._flat.probs[k]))

    def payoffs_at(self, node_id: str) -> np.ndarray:
        """The payoff vector at terminal ``node_id``."""
        k = self._node_index(node_id, "ExtensiveGame.payoffs_at()")
        if self._flat.kinds[k] != TERMINAL:
            raise ValueError(f"ExtensiveGame.payoffs_at(): node {node_id!r} is not a terminal")
        return self._flat.payoffs[k]

    def infoset(self, infoset_id: str) -> InformationSet:
        """The information set with identifier ``infoset_id``."""
        return self._infosets[self._set_index(infoset_id, "ExtensiveGame.infoset()")]

    def infoset_of(self, node_id: str) -> InformationSet:
        """The information set of decision node ``node_id``."""
        k = self._node_index(node_id, "ExtensiveGame.infoset_of()")
        if self._flat.kinds[k] != DECISION:
            raise ValueError(f"ExtensiveGame.infoset_of(): node {node_id!r} is not a decision node")
        return self._infosets[self._node_infoset[k]]

    def infosets_of(self, player: str) -> tuple[InformationSet, ...]:
        """``player``'s information sets, in preorder of their first nodes."""
        i = self._player(player, "ExtensiveGame.infosets_of()")
        return tuple(self._infosets[h] for h in self._player_infosets[i])

    def sequences(self, player: str) -> tuple[tuple[tuple[str, str], ...], ...]:
        """``player``'s sequences; index 0 is the empty sequence ``()``.

        A sequence lists the player's own ``(information set id, action)``
        pairs from the root. A sequence's parent always has a smaller index.
        """
        return self._sequences[self._player(player, "ExtensiveGame.sequences()")]

    def parent_sequence(self, infoset_id: str) -> int:
        """Index (in its player's :meth:`sequences`) of the sequence that leads to an information set."""
        return self._parent_seq[self._set_index(infoset_id, "ExtensiveGame.parent_sequence()")]

    def action_sequence(self, infoset_id: str, action: str) -> int:
        """Index of the sequence ``parent_sequence(infoset_id) + (infoset_id, action)``."""
        caller = "ExtensiveGame.action_sequence()"
        h = self._set_index(infoset_id, caller)
        actions = self._infosets[h].actions
        if action not in actions:
            raise ValueError(f"{caller}: {action!r} is not an action at {infoset_id!r}; actions are {actions}")
        return int(self._action_seqs[h][actions.index(action)])

    def tolerances(self, rtol: float | None = None, *, tol: float | None = None) -> np.ndarray:
        """Absolute per-player tolerances: ``tol`` (default ``RTOL``) times each player's terminal payoff range.

        Examples
        --------
        >>> from leverage.nodes import Decision, Terminal
        >>> g = ExtensiveGame(Decision("A", {"x": Terminal([0, 5]), "y": Terminal([100, 5])}), players=("A", "B"))
        >>> g.tolerances()
        array([1.e-06, 5.e-08])
        """
        rtol = resolve_rtol(rtol, tol, "ExtensiveGame.tolerances")
        return tolerances(list(self._terminal_payoffs.T), rtol)

    def __repr__(self) -> str:
        kinds = self._flat.kinds
        d, c, t = (sum(1 for x in kinds if x == kind) for kind in (DECISION, CHANCE, TERMINAL))

        def plural(count: int, word: str) -> str:
            return f"{count} {word}" + ("" if count == 1 else "s")

        return (
            f"ExtensiveGame({', '.join(self.players)}; {plural(len(self._infosets), 'information set')}, "
            f"{plural(d, 'decision node')}, {plural(c, 'chance node')}, {plural(t, 'terminal')})"
        )

    def __eq__(self, other: object) -> bool:
        """Structural equality: players, node ids and kinds, actions, information sets, payoffs, probabilities."""
        if not isinstance(other, ExtensiveGame):
            return NotImplemented
        a, b = self._flat, other._flat
        return (
            a.players == b.players
            and a.ids == b.ids
            and a.kinds == b.kinds
            and a.labels == b.labels
            and a.children == b.children
            and a.movers == b.movers
            and self._infosets == other._infosets
            and all(
                len(p) == len(q) and all(math.isclose(x, y, rel_tol=CHANCE_RTOL, abs_tol=CHANCE_ATOL) for x, y in zip(p, q))
                for p, q in zip(a.probs, b.probs)
            )
            and np.array_equal(self._terminal_payoffs, other._terminal_payoffs)
        )

    __hash__ = None  # type: ignore[assignment]

    def _node_index(self, node_id: Any, caller: str) -> int:
        try:
            return self._flat.index[node_id]
        except (KeyError, TypeError):
            raise ValueError(f"{caller}: unknown node {node_id!r}") from None

    def _set_index(self, infoset_id: Any, caller: str) -> int:
        try:
            return self._infoset_index[infoset_id]
        except (KeyError, TypeError):
            raise ValueError(f"{caller}: unknown information set {infoset_id!r}") from None

    def _player(self, player: Any, caller: str) -> int:
        if isinstance(player, str) and player in self._flat.players:
            return self._flat.players.index(player)
        raise ValueError(f"{caller}: unknown player {player!r}; players are {self._flat.players}")

    # ------------------------------------------------------------------ behaviour strategies
    def uniform_behaviour(self) -> dict[str, dict[str, float]]:
        """The behaviour profile that mixes uniformly at every information set."""
        return {s.id: {a: 1.0 / len(s.actions) for a in s.actions} for s in self._infosets}

    def check_behaviour(self, behaviour: Any, caller: str = "ExtensiveGame.check_behaviour()") -> dict[str, dict[str, float]]:
        """Validate a behaviour profile and return it as ``{information set: {action: probability}}``.

        ``behaviour`` maps every information set id to ``{action: probability}``
        (actions left out have probability 0) or to one action name (a pure
        choice). An object with a ``behaviour`` attribute (an equilibrium) is
        accepted too. Probabilities must be non-negative and sum to 1 within
        :data:`~leverage.tolerance.PROBABILITY_ATOL`; they are normalised.

        Raises
        ------
        TypeError
            If ``behaviour`` is not a mapping.
        ValueError
            If an information set is missing or unknown, an action is unknown,
            or probabilities are negative, non-finite or do not sum to 1.

        Examples
        --------
        >>> from leverage.nodes import Decision, Terminal
        >>> g = ExtensiveGame(Decision("A", {"x": Terminal([1]), "y": Terminal([0])}), players=("A",))
        >>> g.check_behaviour({"root": "x"})
        {'root': {'x': 1.0, 'y': 0.0}}
        """
        return self._as_dict(self._arrays(behaviour, caller))

    def _arrays(self, behaviour: Any, caller: str) -> list[np.ndarray]:
        if hasattr(behaviour, "behaviour") and not isinstance(behaviour, Mapping):
            behaviour = behaviour.behaviour
        if not isinstance(behaviour, Mapping):
            raise TypeError(
                f"{caller}: behaviour must be a dict {{information set id: {{action: probability}}}}; "
                f"got {type(behaviour).__name__}"
            )
        for key in behaviour:
            if key not in self._infoset_index:
                raise ValueError(f"{caller}: behaviour names {key!r}, which is not an information set of the game")
        out = []
        for s in self._infosets:
            if s.id not in behaviour:
                raise ValueError(f"{caller}: behaviour has no entry for information set {s.id!r} ({s.player})")
            entry = behaviour[s.id]
            vec = np.zeros(len(s.actions))
            if isinstance(entry, str):
                if entry not in s.actions:
                    raise ValueError(f"{caller}: {entry!r} is not an action at {s.id!r}; actions are {s.actions}")
                vec[s.actions.index(entry)] = 1.0
            elif isinstance(entry, Mapping):
                for action, p in entry.items():
                    if action not in s.actions:
                        raise ValueError(
                            f"{caller}: {action!r} is not an action at {s.id!r}; actions are {s.actions}"
                        )
                    if isinstance(p, bool):
                        raise TypeError(f"{caller}: probability of {action!r} at {s.id!r} must be a number; got {p!r}")
                    try:
                        vec[s.actions.index(action)] = float(p)
                    except (TypeError, ValueError):
                        raise TypeError(
                            f"{caller}: probability of {action!r} at {s.id!r} must be a number; got {p!r}"
                        ) from None
            else:
                raise TypeError(
                    f"{caller}: behaviour at {s.id!r} must be an action name or a dict {{action: probability}}; "
                    f"got {entry!r}"
                )
            if not np.all(np.isfinite(vec)) or vec.min() < -_BEHAVIOUR_ATOL:
                raise ValueError(f"{caller}: behaviour at {s.id!r} has a negative or non-finite probability: {vec}")
            total = vec.sum()
            if abs(total - 1.0) > _BEHAVIOUR_ATOL * max(1, len(vec)):
                raise ValueError(f"{caller}: behaviour at {s.id!r} sums to {total:.12g}, not 1")
            vec = np.clip(vec, 0.0, None)
            out.append(vec / vec.sum())
        return out

    def _as_dict(self, arrays: Sequence[np.ndarray]) -> dict[str, dict[str, float]]:
        return {s.id: {a: float(p) for a, p in zip(s.actions, vec)} for s, vec in zip(self._infosets, arrays)}

    def _realization(self, arrays: Sequence[np.ndarray], i: int) -> np.ndarray:
        r = np.zeros(len(self._sequences[i]))
        r[0] = 1.0
        for h in self._player_infosets[i]:  # preorder: a parent sequence is set before its extensions
            r[self._action_seqs[h]] = r[self._parent_seq[h]] * arrays[h]
        return r

    def realization_plan(self, behaviour: Any, player: str) -> np.ndarray:
        """The probability with which ``player``'s own moves play each of its sequences.

        Examples
        --------
        >>> from leverage.nodes import Decision, Terminal
        >>> g = ExtensiveGame(Decision("A", {"x": Decision("A", {"l": Terminal([1]), "r": Terminal([0])}),
        ...                                  "y": Terminal([0])}), players=("A",))
        >>> g.realization_plan({"root": {"x": 0.5, "y": 0.5}, "root/x": "l"}, "A")
        array([1. , 0.5, 0.5, 0.5, 0. ])
        """
        caller = "ExtensiveGame.realization_plan()"
        i = self._player(player, caller)
        return self._realization(self._arrays(behaviour, caller), i)

    def behaviour_from_realization(self, player: str, plan: Any) -> dict[str, dict[str, float]]:
        """``player``'s behaviour strategy from a realization plan (uniform where the plan never arrives).

        At an information set whose parent sequence has probability ``r > 0``,
        action ``a`` gets ``r(sequence + a) / r``; small negative entries from
        floating point are cleared.

        Raises
        ------
        ValueError
            If ``plan`` does not have one entry per sequence, or is negative or non-finite.
        """
        caller = "ExtensiveGame.behaviour_from_realization()"
        i = self._player(player, caller)
        r = np.asarray(plan, dtype=float)
        if r.shape != (len(self._sequences[i]),):
            raise ValueError(
                f"{caller}: plan must have one entry per sequence of {player!r} "
                f"({len(self._sequences[i])}); got shape {r.shape}"
            )
        if not np.all(np.isfinite(r)):
            raise ValueError(f"{caller}: plan has non-finite entries")
        out = {}
        for h in self._player_infosets[i]:
            s = self._infosets[h]
            parent = r[self._parent_seq[h]]
            vec = np.clip(r[self._action_seqs[h]], 0.0, None)
            if parent > PROBABILITY_NOISE and vec.sum() > 0:
                vec = vec / vec.sum()
            else:
                vec = np.full(len(s.actions), 1.0 / len(s.actions))
            out[s.id] = {a: float(p) for a, p in zip(s.actions, vec)}
        return out

    # ------------------------------------------------------------------ outcomes
    def _outcome(self, arrays: Sequence[np.ndarray], skip: int = -1) -> np.ndarray:
        prob = self._terminal_chance.copy()
        for i in range(self.n_players):
            if i != skip:
                prob *= self._realization(arrays, i)[self._terminal_seqs[:, i]]
        return prob

    def outcome(self, behaviour: Any) -> np.ndarray:
        """The probability of reaching each terminal (in :attr:`terminal_ids` order)."""
        return self._outcome(self._arrays(behaviour, "ExtensiveGame.outcome()"))

    def expected_payoffs(self, behaviour: Any) -> np.ndarray:
        """Each player's expected payoff under a behaviour profile."""
        return self._outcome(self._arrays(behaviour, "ExtensiveGame.expected_payoffs()")) @ self._terminal_payoffs

    def reach(self, behaviour: Any) -> dict[str, float]:
        """The probability of reaching every node, ``{node id: probability}``."""
        arrays = self._arrays(behaviour, "ExtensiveGame.reach()")
        return dict(zip(self._flat.ids, self._reach(arrays)))

    def _reach(self, arrays: Sequence[np.ndarray]) -> np.ndarray:
        prob = self._node_chance.copy()
        for i in range(self.n_players):
            prob *= self._realization(arrays, i)[self._node_seqs[:, i]]
        return prob

    def beliefs(self, behaviour: Any) -> dict[str, dict[str, float]]:
        """Bayes' rule at every information set reached with positive probability.

        Returns ``{information set id: {node id: probability}}``; sets the
        profile reaches with probability 0 are left out (Bayes' rule says
        nothing there).

        Examples
        --------
        >>> from leverage.nodes import Chance, Decision, Terminal
        >>> g = ExtensiveGame(Chance({
        ...     "L": (0.25, Decision("B", {"a": Terminal([1]), "b": Terminal([0])}, infoset="I")),
        ...     "H": (0.75, Decision("B", {"a": Terminal([0]), "b": Terminal([1])}, infoset="I")),
        ... }), players=("B",))
        >>> g.beliefs({"I": "a"})
        {'I': {'root/L': 0.25, 'root/H': 0.75}}
        """
        reach = self._reach(self._arrays(behaviour, "ExtensiveGame.beliefs()"))
        out = {}
        for s in self._infosets:
            ks = [self._flat.index[v] for v in s.nodes]
            total = reach[ks].sum()
            if total > 0:
                out[s.id] = {v: float(reach[k] / total) for v, k in zip(s.nodes, ks)}
        return out

    def _best_response(self, arrays: Sequence[np.ndarray], i: int) -> tuple[float, dict[int, int]]:
        """Player i's best-response value and a pure best response {infoset: action index}."""
        weight = self._outcome(arrays, skip=i) * self._terminal_payoffs[:, i]
        value = np.bincount(self._terminal_seqs[:, i], weights=weight, minlength=len(self._sequences[i]))
        choice: dict[int, int] = {}
        # an information set's action sequences come after its parent's, so sets are
        # settled in reverse order of creation: every set below is settled first
        for h in sorted(self._player_infosets[i], key=lambda h: -self._action_seqs[h][0]):
            options = value[self._action_seqs[h]]
            a = int(np.argmax(options))
            choice[h] = a
            value[self._parent_seq[h]] += options[a]
        return float(value[0]), choice

    def best_response_values(self, behaviour: Any) -> np.ndarray:
        """Each player's best payoff against the others' behaviour (by dynamic programming over its sequences)."""
        arrays = self._arrays(behaviour, "ExtensiveGame.best_response_values()")
        return np.array([self._best_response(arrays, i)[0] for i in range(self.n_players)])

    def best_response(self, behaviour: Any, player: str) -> dict[str, str]:
        """A pure best response of ``player``: ``{information set id: action}`` for each of its sets."""
        caller = "ExtensiveGame.best_response()"
        i = self._player(player, caller)
        _, choice = self._best_response(self._arrays(behaviour, caller), i)
        return {self._infosets[h].id: self._infosets[h].actions[a] for h, a in sorted(choice.items())}

    def regrets(self, behaviour: Any) -> np.ndarray:
        """What each player would gain by its best deviation (never below 0).

        A profile is a Nash equilibrium when every regret is within
        :meth:`tolerances`.
        """
        arrays = self._arrays(behaviour, "ExtensiveGame.regrets()")
        expected = self._outcome(arrays) @ self._terminal_payoffs
        best = np.array([self._best_response(arrays, i)[0] for i in range(self.n_players)])
        return np.maximum(best - expected, 0.0)

    def is_nash(self, behaviour: Any, rtol: float | None = None, *, tol: float | None = None) -> bool:
        """Whether no player's regret exceeds its tolerance."""
        rtol = resolve_rtol(rtol, tol, "ExtensiveGame.is_nash")
        return bool(np.all(self.regrets(behaviour) <= self.tolerances(rtol)))

    # ------------------------------------------------------------------ reduced normal form
    # (the work is done by functions on the game's public data in leverage.extensive.plans)
    def plans(self, player: str) -> tuple[dict[str, str], ...]:
        """``player``'s reduced pure plans, ``{information set id: action}``, in :meth:`to_game` order.

        See :func:`leverage.extensive.plans.reduced_plans`.
        """
        i = self._player(player, "ExtensiveGame.plans()")
        if i not in self._plans:
            self._plans[i] = reduced_plans(self, player)
        return self._plans[i]

    def plan_names(self, player: str) -> tuple[str, ...]:
        """Names of ``player``'s reduced plans (see :func:`leverage.extensive.plans.plan_names`)."""
        return plan_names(self, player)

    def plan_realization(self, player: str) -> np.ndarray:
        """0/1 matrix ``(plans, sequences)``: which sequences each reduced plan plays."""
        return plan_realization(self, player)

    def to_game(self, max_cells: int = MAX_CELLS) -> Game:
        """The reduced normal form (see :func:`leverage.extensive.plans.reduced_normal_form`)."""
        return reduced_normal_form(self, max_cells, caller="ExtensiveGame.to_game()")

    def behaviour_from_mixed(self, mixes: Sequence[Any]) -> dict[str, dict[str, float]]:
        """The behaviour profile of mixed reduced plans, by Kuhn's theorem (see :func:`leverage.extensive.plans.behaviour_from_mixed`)."""
        return behaviour_from_mixed(self, mixes, caller="ExtensiveGame.behaviour_from_mixed()")

    def mixed_from_behaviour(self, behaviour: Any) -> tuple[np.ndarray, ...]:
        """Mixed reduced plans equivalent to a behaviour profile (see :func:`leverage.extensive.plans.mixed_from_behaviour`)."""
        return mixed_from_behaviour(self, behaviour, caller="ExtensiveGame.mixed_from_behaviour()")
