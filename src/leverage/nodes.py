"""Nodes of game trees: terminals, decisions (with optional information sets) and chance moves.

The node classes are shared by the perfect-information :class:`~leverage.sequential.GameTree`
and the imperfect-information :class:`~leverage.extensive.ExtensiveGame`;
:func:`flatten_tree` validates a tree of nodes once and lays it out in preorder
for both.

Examples
--------
>>> Decision("Japan", {"Comply": Terminal([3, 1]), "Diversify": Terminal([0, 0])}, infoset="J")
Decision('Japan', actions=('Comply', 'Diversify'), infoset='J')
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple, Union

import numpy as np

from leverage.checks import real_array
from leverage.game import check_names
from leverage.tolerance import PROBABILITY_ATOL as _PROBABILITY_ATOL

__all__ = [
    "Terminal",
    "Decision",
    "Chance",
    "Node",
    "FlatTree",
    "flatten_tree",
    "format_payoff",
    "PROBABILITY_ATOL",
    "PATH_SEPARATOR",
    "TERMINAL",
    "DECISION",
    "CHANCE",
]

#: Chance probabilities must sum to 1 within this absolute tolerance (:data:`leverage.tolerance.PROBABILITY_ATOL`).
PROBABILITY_ATOL: float = _PROBABILITY_ATOL

#: Joins actions in node identifiers and strategy names.
PATH_SEPARATOR = "/"


# ---------------------------------------------------------------------------- nodes


def _check_node_name(name: Any, caller: str) -> str | None:
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError(f"{caller}: name must be a string or None; got {name!r}")
    if not name:
        raise ValueError(f"{caller}: name must be a non-empty string or None")
    return name


def _check_label(label: Any, what: str, caller: str) -> str:
    if not isinstance(label, str):
        raise TypeError(f"{caller}: {what} names must be strings; got {label!r}")
    if not label:
        raise ValueError(f"{caller}: {what} names must be non-empty")
    if PATH_SEPARATOR in label:
        raise ValueError(
            f"{caller}: {what} name {label!r} contains {PATH_SEPARATOR!r}, which joins actions in strategy "
            f"names and node identifiers"
        )
    return label


def _check_child(child: Any, where: str, caller: str) -> None:
    if not isinstance(child, (Terminal, Decision, Chance)):
        raise TypeError(f"{caller}: {where} leads to {child!r}, which is not a Terminal, Decision or Chance node")


def format_payoff(value: float) -> str:
    """A payoff in six significant digits, as node and equilibrium reprs print it.

    Examples
    --------
    >>> format_payoff(2.0), format_payoff(1 / 3)
    ('2', '0.333333')
    """
    if not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise TypeError(f"format_payoff(): value must be a real number; got {value!r}")
    return f"{value:.6g}"


@dataclass(frozen=True, eq=False, repr=False)
class Terminal:
    """An end of the game, with one payoff per player.

    Parameters
    ----------
    payoffs : sequence of float
        One payoff per player, in the order of :attr:`GameTree.players`
        (the length and finiteness are checked by :class:`GameTree`).
    name : str, optional
        Identifier of the node; by default its path from the root.

    Raises
    ------
    TypeError
        If ``payoffs`` is not a flat sequence of numbers or ``name`` not a string.

    Examples
    --------
    >>> Terminal([3, 1])
    Terminal((3, 1))
    >>> Terminal((0.5, 2), name="stalemate").payoffs
    (0.5, 2.0)
    """

    payoffs: tuple[float, ...]
    name: str | None = None

    def __post_init__(self) -> None:
        caller = "Terminal()"
        if isinstance(self.payoffs, (str, bytes)):
            raise TypeError(f"{caller}: payoffs must be a sequence of numbers, one per player; got {self.payoffs!r}")
        try:
            arr = real_array(self.payoffs, "payoffs", caller, finite=False)
        except TypeError:
            raise TypeError(
                f"{caller}: payoffs must be a sequence of real numbers, one per player; got {self.payoffs!r}"
            ) from None
        if arr.ndim != 1:
            raise TypeError(
                f"{caller}: payoffs must be a flat sequence of numbers, one per player; got {self.payoffs!r}"
            )
        object.__setattr__(self, "payoffs", tuple(float(v) for v in arr))
        object.__setattr__(self, "name", _check_node_name(self.name, caller))

    def __repr__(self) -> str:
        inner = ", ".join(format_payoff(v) for v in self.payoffs)
        inner = f"({inner},)" if len(self.payoffs) == 1 else f"({inner})"
        return f"Terminal({inner}" + (f", name={self.name!r})" if self.name is not None else ")")


@dataclass(frozen=True, eq=False, repr=False)
class Decision:
    """A node where ``player`` chooses one of ``actions``.

    Parameters
    ----------
    player : str
        Name of the mover (one of the tree's players).
    actions : dict of str to node
        ``{action name: child node}`` in declaration order; the order is the
        order of strategies in :meth:`GameTree.to_game` and the tie-breaking
        order of ``backward_induction(..., ties="first")``. Stored read-only.
    name : str, optional
        Identifier of the node; by default its path from the root.
    infoset : str, optional
        Label of the node's information set. Decision nodes with the same
        label form one information set of an
        :class:`~leverage.extensive.ExtensiveGame` (the mover cannot tell
        them apart); by default each node is an information set of its own.
        A :class:`GameTree` has perfect information, so it refuses labels
        shared by two nodes.

    Raises
    ------
    TypeError
        If ``actions`` is not a mapping, an action name is not a string or a
        child is not a node, or ``infoset`` is not a string.
    ValueError
        If an action name is empty or contains ``"/"``, or ``infoset`` is empty.

    Examples
    --------
    >>> d = Decision("Japan", {"Comply": Terminal([3, 1]), "Diversify": Terminal([0, 0])})
    >>> d
    Decision('Japan', actions=('Comply', 'Diversify'))
    >>> d.actions["Comply"]
    Terminal((3, 1))
    """

    player: str
    actions: Mapping[str, Node]
    name: str | None = None
    infoset: str | None = None

    def __post_init__(self) -> None:
        caller = "Decision()"
        if not isinstance(self.player, str):
            raise TypeError(f"{caller}: player must be a player name (a string); got {self.player!r}")
        if not self.player:
            raise ValueError(f"{caller}: player must be a non-empty name")
        if not isinstance(self.actions, Mapping):
            raise TypeError(
                f"{caller}: actions must be a dict {{action name: child node}}; got {type(self.actions).__name__}"
            )
        actions = dict(self.actions)
        for label, child in actions.items():
            _check_label(label, "action", caller)
            _check_child(child, f"action {label!r}", caller)
        object.__setattr__(self, "actions", MappingProxyType(actions))
        object.__setattr__(self, "name", _check_node_name(self.name, caller))
        if self.infoset is not None:
            if not isinstance(self.infoset, str):
                raise TypeError(f"{caller}: infoset must be a string label or None; got {self.infoset!r}")
            if not self.infoset:
                raise ValueError(f"{caller}: infoset must be a non-empty label or None")

    def __repr__(self) -> str:
        extra = f", name={self.name!r}" if self.name is not None else ""
        if self.infoset is not None:
            extra += f", infoset={self.infoset!r}"
        return f"Decision({self.player!r}, actions={tuple(self.actions)!r}{extra})"


@dataclass(frozen=True, eq=False, repr=False)
class Chance:
    """A node where nature draws an outcome with known probabilities.

    Parameters
    ----------
    outcomes : dict of str to (float, node)
        ``{outcome name: (probability, child node)}``. Probabilities must lie in
        ``[0, 1]`` and sum to 1 within :data:`PROBABILITY_ATOL` (checked by
        :class:`GameTree`). Stored read-only.
    name : str, optional
        Identifier of the node; by default its path from the root.

    Raises
    ------
    TypeError
        If ``outcomes`` is not a mapping of pairs ``(number, node)``.
    ValueError
        If an outcome name is empty or contains ``"/"``.

    Examples
    --------
    >>> c = Chance({"Long": (0.25, Terminal([1, 0])), "Short": (0.75, Terminal([2, 1]))})
    >>> c
    Chance(outcomes=('Long', 'Short'))
    >>> c.probabilities
    {'Long': 0.25, 'Short': 0.75}
    """

    outcomes: Mapping[str, tuple[float, Node]]
    name: str | None = None

    def __post_init__(self) -> None:
        caller = "Chance()"
        if not isinstance(self.outcomes, Mapping):
            raise TypeError(
                f"{caller}: outcomes must be a dict {{outcome name: (probability, child node)}}; "
                f"got {type(self.outcomes).__name__}"
            )
        outcomes = {}
        for label, value in self.outcomes.items():
            _check_label(label, "outcome", caller)
            try:
                p, child = value
            except (TypeError, ValueError):
                raise TypeError(
                    f"{caller}: outcome {label!r} must be a pair (probability, child node); got {value!r}"
                ) from None
            if isinstance(p, bool):
                raise TypeError(f"{caller}: the probability of outcome {label!r} must be a number; got {p!r}")
            try:
                p = float(p)
            except (TypeError, ValueError):
                raise TypeError(
                    f"{caller}: the probability of outcome {label!r} must be a number; got {p!r}"
                ) from None
            _check_child(child, f"outcome {label!r}", caller)
            outcomes[label] = (p, child)
        object.__setattr__(self, "outcomes", MappingProxyType(outcomes))
        object.__setattr__(self, "name", _check_node_name(self.name, caller))

    @property
    def probabilities(self) -> dict[str, float]:
        """``{outcome name: probability}``."""
        return {label: p for label, (p, _) in self.outcomes.items()}

    def __repr__(self) -> str:
        extra = f", name={self.name!r}" if self.name is not None else ""
        return f"Chance(outcomes={tuple(self.outcomes)!r}{extra})"


#: Any node of a game tree.
Node = Union[Terminal, Decision, Chance]

#: Kinds of node in a :class:`FlatTree`.
TERMINAL, DECISION, CHANCE = 0, 1, 2


class FlatTree(NamedTuple):
    """A validated game tree as flat tuples indexed by node, in preorder (see :func:`flatten_tree`).

    Attributes
    ----------
    players : tuple of str
        Player names.
    nodes : tuple of node
        The node objects.
    ids : tuple of str
        Node identifiers.
    index : dict of str to int
        ``{node id: position}``.
    kinds : tuple of int
        :data:`TERMINAL`, :data:`DECISION` or :data:`CHANCE` per node.
    children : tuple of tuple of int
        Positions of each node's children, in declaration order.
    labels : tuple of tuple of str
        Action names (decision nodes) or outcome names (chance nodes).
    probs : tuple of tuple of float
        Chance probabilities (empty for other nodes).
    movers : tuple of int
        The mover's player index at decision nodes, -1 elsewhere.
    payoffs : tuple of numpy.ndarray or None
        Read-only payoff vectors at terminals, None elsewhere.
    infosets : tuple of str or None
        Information set labels of decision nodes as given (None when unlabelled).

    Examples
    --------
    >>> flat = flatten_tree(Chance({"a": (0.5, Terminal([1])), "b": (0.5, Terminal([0]))}), ("A",), "root", "f()")
    >>> flat.children, flat.probs
    (((1, 2), (), ()), ((0.5, 0.5), (), ()))
    """

    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    ids: tuple[str, ...]
    index: dict[str, int]
    kinds: tuple[int, ...]
    children: tuple[tuple[int, ...], ...]
    labels: tuple[tuple[str, ...], ...]
    probs: tuple[tuple[float, ...], ...]
    movers: tuple[int, ...]
    payoffs: tuple[np.ndarray | None, ...]
    infosets: tuple[str | None, ...]


def flatten_tree(root: Node, players: Sequence[str], root_id: str, caller: str) -> FlatTree:
    """Validate a tree of nodes and lay it out in preorder, without recursion.

    Shared by :class:`GameTree` and :class:`leverage.extensive.ExtensiveGame`.

    Parameters
    ----------
    root : Terminal, Decision or Chance
        The first node.
    players : sequence of str
        Player names.
    root_id : str
        Identifier of the root when it has no name.
    caller : str
        Name used in error messages, such as ``"GameTree()"``.

    Raises
    ------
    TypeError, ValueError
        As documented by :class:`GameTree`.

    Examples
    --------
    >>> flat = flatten_tree(Decision("A", {"x": Terminal([1]), "y": Terminal([0])}), ("A",), "root", "f()")
    >>> flat.ids, flat.kinds == (DECISION, TERMINAL, TERMINAL)
    (('root', 'root/x', 'root/y'), True)
    """
    if not isinstance(root, (Terminal, Decision, Chance)):
        raise TypeError(f"{caller}: root must be a Terminal, Decision or Chance node; got {type(root).__name__}")
    if isinstance(players, str):
        raise TypeError(f"{caller}: players must be a sequence of names, not a single string {players!r}")
    try:
        players = tuple(players)
    except TypeError:
        raise TypeError(f"{caller}: players must be a sequence of names; got {players!r}") from None
    if not players:
        raise ValueError(f"{caller}: players is empty; a game needs at least one player")
    names = check_names(players, len(players), "players", caller)
    if not isinstance(root_id, str) or not root_id:
        raise TypeError(f"{caller}: root_id must be a non-empty string; got {root_id!r}")
    n = len(names)
    player_index = {p: i for i, p in enumerate(names)}

    nodes: list[Node] = []
    ids: list[str] = []
    kinds: list[int] = []
    children: list[list[int]] = []
    labels: list[tuple[str, ...]] = []
    probs: list[tuple[float, ...]] = []
    movers: list[int] = []
    payoffs: list[np.ndarray | None] = []
    infosets: list[str | None] = []
    position: dict[int, str] = {}  # id(node object) -> path where it was first seen
    index: dict[str, int] = {}

    stack: list[tuple[Node, str, int]] = [(root, root_id, -1)]
    while stack:
        node, auto, parent = stack.pop()
        if id(node) in position:
            raise ValueError(
                f"{caller}: repeated node: the same {type(node).__name__} object appears at "
                f"{position[id(node)]!r} and at {auto!r}; build a separate node for each position"
            )
        position[id(node)] = auto
        nid = node.name if node.name is not None else auto
        if nid in index:
            raise ValueError(
                f"{caller}: duplicate node name {nid!r}; node names and automatic path names "
                f"must be unique"
            )
        k = len(nodes)
        index[nid] = k
        nodes.append(node)
        ids.append(nid)
        children.append([])
        if parent >= 0:
            children[parent].append(k)
        if isinstance(node, Terminal):
            if len(node.payoffs) != n:
                raise ValueError(
                    f"{caller}: terminal {nid!r} has {len(node.payoffs)} payoffs but there are {n} players"
                )
            u = np.array(node.payoffs, dtype=float)
            if not np.all(np.isfinite(u)):
                raise ValueError(f"{caller}: terminal {nid!r} has a non-finite payoff: {node.payoffs}")
            u.setflags(write=False)
            kinds.append(TERMINAL)
            labels.append(())
            probs.append(())
            movers.append(-1)
            payoffs.append(u)
            infosets.append(None)
            continue
        payoffs.append(None)
        infosets.append(node.infoset if isinstance(node, Decision) else None)
        if isinstance(node, Decision):
            if node.player not in player_index:
                raise ValueError(
                    f"{caller}: decision node {nid!r} belongs to unknown player {node.player!r}; "
                    f"players are {names}"
                )
            if not node.actions:
                raise ValueError(f"{caller}: decision node {nid!r} has no actions")
            kinds.append(DECISION)
            labels.append(tuple(node.actions))
            probs.append(())
            movers.append(player_index[node.player])
            kids = list(node.actions.items())
        else:
            if not node.outcomes:
                raise ValueError(f"{caller}: chance node {nid!r} has no outcomes")
            ps = tuple(p for p, _ in node.outcomes.values())
            for label, p in zip(node.outcomes, ps):
                if not math.isfinite(p) or p < 0.0 or p > 1.0:
                    raise ValueError(
                        f"{caller}: chance node {nid!r}: probability of {label!r} is {p!r}, outside [0, 1]"
                    )
            total = math.fsum(ps)
            if abs(total - 1.0) > PROBABILITY_ATOL:
                raise ValueError(
                    f"{caller}: chance node {nid!r}: probabilities sum to {total:.12g}, not 1"
                )
            kinds.append(CHANCE)
            labels.append(tuple(node.outcomes))
            probs.append(ps)
            movers.append(-1)
            kids = [(label, child) for label, (_, child) in node.outcomes.items()]
        for label, child in reversed(kids):
            stack.append((child, f"{nid}{PATH_SEPARATOR}{label}", k))

    return FlatTree(
        players=names,
        nodes=tuple(nodes),
        ids=tuple(ids),
        index=index,
        kinds=tuple(kinds),
        children=tuple(tuple(c) for c in children),
        labels=tuple(labels),
        probs=tuple(probs),
        movers=tuple(movers),
        payoffs=tuple(payoffs),
        infosets=tuple(infosets),
    )


def expected_value(probs: Sequence[float], values: Sequence[np.ndarray]) -> np.ndarray:
    """Expected value over chance, summed in declaration order (the same arithmetic everywhere).

    A helper of the tree solvers, not in ``__all__``.

    Parameters
    ----------
    probs : sequence of float
        The chance probabilities, in declaration order.
    values : sequence of numpy.ndarray
        The payoff vector of each outcome.

    Returns
    -------
    numpy.ndarray
        ``sum(p * v)``, summed in declaration order.
    """
    total = probs[0] * values[0]
    for p, v in zip(probs[1:], values[1:]):
        total = total + p * v
    return total
