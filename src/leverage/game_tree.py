"""Perfect-information game trees: :class:`GameTree`, its plays and normal form.

A :class:`GameTree` holds a sequential game of perfect information:
:class:`~leverage.nodes.Decision` nodes where a named player picks an action,
:class:`~leverage.nodes.Chance` nodes where nature draws an outcome with known
probabilities, and :class:`~leverage.nodes.Terminal` nodes with one payoff per
player. It answers what a pure strategy profile does (:meth:`GameTree.play`),
lists its subgames, and builds its normal form (:meth:`GameTree.to_game`, Kuhn
1953). Its pure subgame-perfect equilibria, :class:`SubgamePerfectEquilibrium`,
are found by :func:`leverage.sequential.backward_induction`; everything here is
importable from :mod:`leverage.sequential` too.

Node identifiers
----------------
Every node has an identifier used in strategies, paths and error messages: its
``name`` when it has one, otherwise a path name built from the identifier of
its parent and the action (or chance outcome) that leads to it, joined by
``"/"``: ``"root"``, ``"root/Restrict"``, ``"root/Restrict/Comply"``. A child of
a node named ``"Japan"`` reached by ``"Comply"`` is ``"Japan/Comply"``.
Identifiers must be unique in a tree, and action and outcome names may not
contain ``"/"``.

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. In
*Contributions to the Theory of Games II*, 193-216. Princeton University Press.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from leverage.game import Game
from leverage.nodes import (  # noqa: F401  (the doctests build trees from Chance, Decision, Terminal)
    CHANCE,
    DECISION,
    PATH_SEPARATOR,
    TERMINAL,
    Chance,
    Decision,
    FlatTree,
    Node,
    Terminal,
    flatten_tree,
    expected_value,
    format_payoff,
)
from leverage.tolerance import resolve_rtol, tolerances

__all__ = [
    "GameTree",
    "Play",
    "SubgamePerfectEquilibrium",
    "MAX_CELLS",
]

#: Default bound on the number of cells of :meth:`GameTree.to_game`.
MAX_CELLS: int = 1_000_000

_SEP = PATH_SEPARATOR
_NO_MOVE = "-"
_TERMINAL, _DECISION, _CHANCE = TERMINAL, DECISION, CHANCE
_fmt = format_payoff


# ---------------------------------------------------------------------------- results


class Play(NamedTuple):
    """What a complete pure strategy profile does in a tree (see :meth:`GameTree.play`).

    Attributes
    ----------
    path : tuple of (str, str)
        ``(decision node id, action)`` pairs from the root until a terminal
        or a chance node is reached.
    end : str
        Identifier of the node where ``path`` stops: a terminal, or a chance
        node (play after it depends on nature's draw).
    payoffs : numpy.ndarray
        Expected payoff of each player, averaged over chance.

    Examples
    --------
    >>> tree = GameTree(
    ...     Decision("China", {
    ...         "Restrict": Decision("Japan", {"Comply": Terminal([3, 1]), "Diversify": Terminal([0, 0])}),
    ...         "Open": Terminal([2, 2]),
    ...     }),
    ...     players=("China", "Japan"),
    ... )
    >>> tree.play({"root": "Restrict", "root/Restrict": "Diversify"})
    Play(path=(('root', 'Restrict'), ('root/Restrict', 'Diversify')), end='root/Restrict/Diversify', payoffs=array([0., 0.]))
    """

    path: tuple[tuple[str, str], ...]
    end: str
    payoffs: np.ndarray


@dataclass(frozen=True, eq=False, repr=False)
class SubgamePerfectEquilibrium:
    """A pure subgame-perfect equilibrium of a :class:`GameTree`.

    Attributes
    ----------
    strategy : dict of str to str
        ``{decision node id: chosen action}`` for every decision node of the
        tree, including those off the equilibrium path, in preorder.
    path : tuple of (str, str)
        ``(decision node id, action)`` pairs along the equilibrium path, from
        the root until a terminal or a chance node; play after a chance node
        depends on nature's draw and is read from ``strategy``.
    end : str
        Identifier of the node where ``path`` stops (a terminal or a chance node).
    payoffs : numpy.ndarray
        Each player's expected payoff (averaged over chance), read-only.
    players : tuple of str
        Player names.
    movers : dict of str to str
        ``{decision node id: player}``.

    Examples
    --------
    >>> tree = GameTree(Decision("China", {"Restrict": Terminal([2, 0]), "Open": Terminal([1, 1])}),
    ...                 players=("China", "Japan"))
    >>> from leverage.sequential import backward_induction
    >>> spe, = backward_induction(tree)
    >>> spe.strategy, spe.path, spe.end
    ({'root': 'Restrict'}, (('root', 'Restrict'),), 'root/Restrict')
    >>> spe.payoffs
    array([2., 0.])
    >>> spe
    SubgamePerfectEquilibrium(China: Restrict at root; Japan: -; path Restrict; payoffs (2, 0))
    """

    strategy: dict[str, str]
    path: tuple[tuple[str, str], ...]
    end: str
    payoffs: np.ndarray
    players: tuple[str, ...]
    movers: Mapping[str, str] = field(default_factory=dict)

    def strategies_by_player(self) -> dict[str, dict[str, str]]:
        """``{player: {decision node id: action}}``; a player who never moves maps to ``{}``.

        Examples
        --------
        >>> tree = GameTree(
        ...     Decision("China", {"Restrict": Decision("Japan", {"Comply": Terminal([3, 1, 0]),
        ...                                                    "Diversify": Terminal([0, 0, 2])}),
        ...                        "Open": Terminal([2, 2, 1])}),
        ...     players=("China", "Japan", "US"))
        >>> from leverage.sequential import backward_induction
        >>> backward_induction(tree)[0].strategies_by_player()
        {'China': {'root': 'Restrict'}, 'Japan': {'root/Restrict': 'Comply'}, 'US': {}}
        """
        out: dict[str, dict[str, str]] = {p: {} for p in self.players}
        for node_id, action in self.strategy.items():
            out[self.movers[node_id]][node_id] = action
        return out

    def restrict(self, subgame: GameTree) -> SubgamePerfectEquilibrium:
        """The equilibrium's play in ``subgame`` (a subtree from :meth:`GameTree.subgames`).

        The restriction of a subgame-perfect equilibrium to a subgame is a
        subgame-perfect equilibrium of that subgame (Osborne and Rubinstein
        1994, chapter 6); its path and payoffs are those of the subgame.

        Raises
        ------
        TypeError
            If ``subgame`` is not a :class:`GameTree`.
        ValueError
            If the strategy has no action for a decision node of ``subgame``.

        Examples
        --------
        >>> tree = GameTree(
        ...     Decision("China", {"Restrict": Decision("Japan", {"Comply": Terminal([3, 1]),
        ...                                                    "Diversify": Terminal([0, 0])}),
        ...                        "Open": Terminal([2, 2])}),
        ...     players=("China", "Japan"))
        >>> from leverage.sequential import backward_induction
        >>> spe, = backward_induction(tree)
        >>> spe.restrict(tree.subgame("root/Restrict"))
        SubgamePerfectEquilibrium(China: -; Japan: Comply at root/Restrict; path Comply; payoffs (3, 1))
        """
        if not isinstance(subgame, GameTree):
            raise TypeError(
                f"SubgamePerfectEquilibrium.restrict(): subgame must be a GameTree; got {type(subgame).__name__}"
            )
        strategy = subgame.restrict(self.strategy)
        play = subgame.play(strategy)
        return SubgamePerfectEquilibrium(
            strategy=strategy,
            path=play.path,
            end=play.end,
            payoffs=play.payoffs,
            players=subgame.players,
            movers=MappingProxyType({node_id: subgame.mover(node_id) for node_id in strategy}),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SubgamePerfectEquilibrium):
            return NotImplemented
        return (
            self.players == other.players
            and self.strategy == other.strategy
            and self.path == other.path
            and self.end == other.end
            and np.array_equal(self.payoffs, other.payoffs)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        parts = []
        for player, moves in self.strategies_by_player().items():
            text = ", ".join(f"{action} at {node_id}" for node_id, action in moves.items()) or _NO_MOVE
            parts.append(f"{player}: {text}")
        path = ", ".join(action for _, action in self.path) or "(none)"
        pay = ", ".join(_fmt(v) for v in self.payoffs)
        return f"SubgamePerfectEquilibrium({'; '.join(parts)}; path {path}; payoffs ({pay}))"


# ---------------------------------------------------------------------------- the tree


class GameTree:
    """A finite extensive-form game with perfect information (and chance moves).

    Parameters
    ----------
    root : Terminal, Decision or Chance
        The first node.
    players : sequence of str
        Player names; every terminal has one payoff per player, in this order,
        and every decision node's ``player`` is one of them.
    root_id : str, keyword-only
        Identifier of the root when it has no name (default ``"root"``);
        :meth:`subgames` passes the node's identifier in the whole tree, so that
        the nodes of a subgame keep their identifiers.

    Raises
    ------
    TypeError
        If ``root`` is not a node or ``players`` not a sequence of names.
    ValueError
        If a terminal has the wrong number of payoffs or a non-finite one, a
        node object appears twice in the tree, two nodes have the same
        identifier, a decision node belongs to an unknown player or has no
        actions, a chance node has no outcomes, a probability outside
        ``[0, 1]`` or probabilities that do not sum to 1 (within
        :data:`PROBABILITY_ATOL`).

    Notes
    -----
    Nodes are visited in preorder (a node, then the subtree of each child in
    declaration order); :attr:`decision_nodes`, strategy dictionaries and the
    order of a player's nodes in :meth:`to_game` follow it. The tree is
    traversed without recursion, so long trees (a centipede game of thousands
    of moves) are fine.

    Examples
    --------
    >>> tree = GameTree(
    ...     Decision("China", {
    ...         "Restrict": Chance({"Long": (0.5, Decision("Japan", {"Comply": Terminal([3, 1]),
    ...                                                              "Diversify": Terminal([-1, 0])})),
    ...                             "Short": (0.5, Terminal([1, 2]))}),
    ...         "Open": Terminal([2, 2]),
    ...     }),
    ...     players=("China", "Japan"),
    ... )
    >>> tree
    GameTree(China, Japan; 2 decision nodes, 1 chance node, 4 terminals)
    >>> tree.decision_nodes
    ('root', 'root/Restrict/Long')
    >>> tree.actions("root/Restrict/Long"), tree.mover("root/Restrict/Long")
    (('Comply', 'Diversify'), 'Japan')
    >>> tree.nodes_of("China")
    ('root',)
    """

    __slots__ = (
        "_root",
        "_flat",
        "_players",
        "_root_id",
        "_nodes",
        "_ids",
        "_index",
        "_kinds",
        "_children",
        "_labels",
        "_probs",
        "_movers",
        "_payoffs",
        "_decisions",
        "_player_nodes",
    )

    def __init__(self, root: Node, players: Sequence[str], *, root_id: str = "root") -> None:
        flat = flatten_tree(root, players, root_id, "GameTree()")
        labelled: dict[str, str] = {}  # information set label -> first node carrying it
        for k, label in enumerate(flat.infosets):
            if label is None:
                continue
            if label in labelled:
                raise ValueError(
                    f"GameTree(): decision nodes {labelled[label]!r} and {flat.ids[k]!r} share information "
                    f"set {label!r}; a GameTree has perfect information -- build a "
                    f"leverage.extensive.ExtensiveGame for a game with information sets"
                )
            labelled[label] = flat.ids[k]
        self._root = root
        self._flat = flat
        self._players = flat.players
        self._root_id = root_id
        self._nodes = flat.nodes
        self._ids = flat.ids
        self._index = flat.index
        self._kinds = flat.kinds
        self._children = flat.children
        self._labels = flat.labels
        self._probs = flat.probs
        self._movers = flat.movers
        self._payoffs = flat.payoffs
        self._decisions = tuple(k for k, kind in enumerate(flat.kinds) if kind == _DECISION)
        self._player_nodes = tuple(
            tuple(k for k in self._decisions if flat.movers[k] == i) for i in range(len(flat.players))
        )

    # ------------------------------------------------------------------ data
    @property
    def root(self) -> Node:
        """The root node."""
        return self._root

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._players)

    @property
    def root_id(self) -> str:
        """Identifier of the root."""
        return self._ids[0]

    @property
    def decision_nodes(self) -> tuple[str, ...]:
        """Identifiers of the decision nodes, in preorder."""
        return tuple(self._ids[k] for k in self._decisions)

    @property
    def node_ids(self) -> tuple[str, ...]:
        """Identifiers of all nodes, in preorder."""
        return self._ids

    def node(self, node_id: str) -> Node:
        """The node object with identifier ``node_id``.

        Examples
        --------
        >>> tree = GameTree(Decision("A", {"x": Terminal([1]), "y": Terminal([0])}), players=("A",))
        >>> tree.node("root/y")
        Terminal((0,))
        """
        return self._nodes[self._node_index(node_id, "GameTree.node()")]

    def actions(self, node_id: str) -> tuple[str, ...]:
        """Action names at a decision node (outcome names at a chance node), in declaration order."""
        return self._labels[self._node_index(node_id, "GameTree.actions()")]

    def mover(self, node_id: str) -> str:
        """The player who moves at decision node ``node_id``.

        Raises
        ------
        ValueError
            If ``node_id`` is unknown or not a decision node.
        """
        k = self._node_index(node_id, "GameTree.mover()")
        if self._kinds[k] != _DECISION:
            raise ValueError(f"GameTree.mover(): node {node_id!r} is not a decision node")
        return self._players[self._movers[k]]

    def nodes_of(self, player: str) -> tuple[str, ...]:
        """Identifiers of ``player``'s decision nodes, in preorder.

        Raises
        ------
        ValueError
            If ``player`` is not a player of the tree.
        """
        if player not in self._players:
            raise ValueError(f"GameTree.nodes_of(): unknown player {player!r}; players are {self._players}")
        return tuple(self._ids[k] for k in self._player_nodes[self._players.index(player)])

    def tolerances(self, rtol: float | None = None, *, tol: float | None = None) -> np.ndarray:
        """Absolute per-player tolerances of the library's rule over the terminal payoffs.

        Player ``i``'s tolerance is ``rtol`` (default :data:`leverage.RTOL`; ``tol`` is its alias) times
        the range of ``i``'s payoffs over the tree's terminals; this is how
        :func:`~leverage.sequential.backward_induction` decides that a mover is indifferent.

        Examples
        --------
        >>> tree = GameTree(Decision("A", {"x": Terminal([0, 5]), "y": Terminal([100, 5])}), players=("A", "B"))
        >>> tree.tolerances()
        array([1.e-06, 5.e-08])
        """
        return self._tolerances(resolve_rtol(rtol, tol, "GameTree.tolerances"))

    def _tolerances(self, rtol: float) -> np.ndarray:
        table = np.array([u for u in self._payoffs if u is not None])
        return tolerances(list(table.T), rtol)

    def __repr__(self) -> str:
        counts = [sum(1 for kind in self._kinds if kind == k) for k in (_DECISION, _CHANCE, _TERMINAL)]
        words = [
            f"{counts[0]} decision node" + ("" if counts[0] == 1 else "s"),
            f"{counts[1]} chance node" + ("" if counts[1] == 1 else "s"),
            f"{counts[2]} terminal" + ("" if counts[2] == 1 else "s"),
        ]
        return f"GameTree({', '.join(self._players)}; {', '.join(words)})"

    def _node_index(self, node_id: str, caller: str) -> int:
        try:
            return self._index[node_id]
        except (KeyError, TypeError):
            raise ValueError(f"{caller}: unknown node {node_id!r}") from None

    # ------------------------------------------------------------------ strategies
    def _choices(self, strategy: Any, caller: str, extra: bool = False) -> dict[int, int]:
        """Validate a pure strategy profile and return {decision node index: action index}."""
        if isinstance(strategy, SubgamePerfectEquilibrium):
            strategy = strategy.strategy
        if not isinstance(strategy, Mapping):
            raise TypeError(
                f"{caller}: strategy must be a dict {{decision node id: action}} or a "
                f"SubgamePerfectEquilibrium; got {type(strategy).__name__}"
            )
        if not extra:
            for key in strategy:
                k = self._index.get(key) if isinstance(key, str) else None
                if k is None or self._kinds[k] != _DECISION:
                    raise ValueError(f"{caller}: strategy names {key!r}, which is not a decision node of the tree")
        out = {}
        for k in self._decisions:
            nid = self._ids[k]
            if nid not in strategy:
                raise ValueError(f"{caller}: strategy has no action for decision node {nid!r}")
            action = strategy[nid]
            if action not in self._labels[k]:
                raise ValueError(
                    f"{caller}: {action!r} is not an action at {nid!r}; actions are {self._labels[k]}"
                )
            out[k] = self._labels[k].index(action)
        return out

    def restrict(self, strategy: Mapping[str, str] | SubgamePerfectEquilibrium) -> dict[str, str]:
        """The part of ``strategy`` at this tree's decision nodes (other entries are dropped).

        Use it with a subgame from :meth:`subgames` to restrict a strategy of the
        whole tree to the subgame.

        Raises
        ------
        ValueError
            If ``strategy`` has no valid action at one of this tree's decision nodes.

        Examples
        --------
        >>> tree = GameTree(Decision("A", {"x": Decision("B", {"l": Terminal([1, 0]), "r": Terminal([0, 1])}),
        ...                                "y": Terminal([0, 0])}), players=("A", "B"))
        >>> tree.subgame("root/x").restrict({"root": "y", "root/x": "r"})
        {'root/x': 'r'}
        """
        choices = self._choices(strategy, "GameTree.restrict()", extra=True)
        return {self._ids[k]: self._labels[k][a] for k, a in choices.items()}

    def play(self, strategy: Mapping[str, str] | SubgamePerfectEquilibrium) -> Play:
        """Path, end node and expected payoffs of a complete pure strategy profile.

        Parameters
        ----------
        strategy : dict or SubgamePerfectEquilibrium
            ``{decision node id: action}`` for every decision node.

        Returns
        -------
        Play
            ``path``: ``(node id, action)`` pairs from the root until a terminal
            or a chance node; ``end``: that node; ``payoffs``: expected payoffs
            averaged over chance.

        Raises
        ------
        TypeError
            If ``strategy`` is not a mapping.
        ValueError
            If a decision node has no action, an action is unknown, or a key is
            not a decision node of the tree.

        Examples
        --------
        >>> tree = GameTree(
        ...     Decision("China", {
        ...         "Restrict": Chance({"Long": (0.5, Terminal([-1, 0])), "Short": (0.5, Terminal([3, 1]))}),
        ...         "Open": Terminal([0, 2]),
        ...     }),
        ...     players=("China", "Japan"))
        >>> tree.play({"root": "Restrict"})
        Play(path=(('root', 'Restrict'),), end='root/Restrict', payoffs=array([1. , 0.5]))
        """
        choices = self._choices(strategy, "GameTree.play()")
        values = self._values(choices)
        path = []
        k = 0
        while self._kinds[k] == _DECISION:
            a = choices[k]
            path.append((self._ids[k], self._labels[k][a]))
            k = self._children[k][a]
        payoffs = values[0]
        payoffs.setflags(write=False)
        return Play(tuple(path), self._ids[k], payoffs)

    def _values(self, choices: Mapping[int, int]) -> list[np.ndarray]:
        values: list[np.ndarray] = [np.empty(0)] * len(self._nodes)
        for k in reversed(range(len(self._nodes))):
            kind = self._kinds[k]
            if kind == _TERMINAL:
                values[k] = np.array(self._payoffs[k])
            elif kind == _DECISION:
                values[k] = values[self._children[k][choices[k]]]
            else:
                values[k] = expected_value(self._probs[k], [values[c] for c in self._children[k]])
        return values

    def _shape(self) -> list[int]:
        return [math.prod(len(self._labels[k]) for k in nodes) for nodes in self._player_nodes]

    def strategy_names(self) -> tuple[tuple[str, ...], ...]:
        """Names of each player's pure strategies in :meth:`to_game` (``"-"`` for a player who never moves).

        Examples
        --------
        >>> tree = GameTree(Decision("A", {"x": Decision("A", {"l": Terminal([1, 0]), "r": Terminal([0, 1])}),
        ...                                "y": Terminal([0, 0])}), players=("A", "B"))
        >>> tree.strategy_names()
        (('x/l', 'x/r', 'y/l', 'y/r'), ('-',))
        """
        out = []
        for nodes in self._player_nodes:
            if not nodes:
                out.append((_NO_MOVE,))
            else:
                out.append(tuple(_SEP.join(c) for c in itertools.product(*(self._labels[k] for k in nodes))))
        return tuple(out)

    def profile_of(self, strategy: Mapping[str, str] | SubgamePerfectEquilibrium) -> tuple[int, ...]:
        """Indices, in :meth:`to_game`, of the pure strategies that make up ``strategy``.

        Player ``i``'s strategy index lists its actions at its nodes in preorder
        as digits of a mixed-radix number, the first node most significant (the
        order of :func:`itertools.product`).

        Raises
        ------
        ValueError
            If ``strategy`` misses a decision node, names an unknown node or an
            unknown action.

        Examples
        --------
        >>> tree = GameTree(
        ...     Decision("China", {"Restrict": Decision("Japan", {"Comply": Terminal([3, 1]),
        ...                                                    "Diversify": Terminal([0, 0])}),
        ...                        "Open": Terminal([2, 2])}),
        ...     players=("China", "Japan"))
        >>> from leverage.sequential import backward_induction
        >>> spe, = backward_induction(tree)
        >>> profile = tree.profile_of(spe)
        >>> profile
        (0, 0)
        >>> tree.to_game().is_nash(profile)
        True
        """
        choices = self._choices(strategy, "GameTree.profile_of()")
        out = []
        for nodes in self._player_nodes:
            s = 0
            for k in nodes:
                s = s * len(self._labels[k]) + choices[k]
            out.append(s)
        return tuple(out)

    def strategy_of(self, profile: Sequence[int | str]) -> dict[str, str]:
        """The strategy dictionary of a pure profile of :meth:`to_game` (inverse of :meth:`profile_of`).

        Parameters
        ----------
        profile : sequence of int or str
            One strategy index or strategy name (such as ``"Restrict/Comply"``) per player.

        Raises
        ------
        ValueError
            If the profile has the wrong length or an index or name is out of range.

        Examples
        --------
        >>> tree = GameTree(Decision("A", {"x": Decision("A", {"l": Terminal([1, 0]), "r": Terminal([0, 1])}),
        ...                                "y": Terminal([0, 0])}), players=("A", "B"))
        >>> tree.strategy_of((1, 0))
        {'root': 'x', 'root/x': 'r'}
        >>> tree.strategy_of(("y/l", "-"))
        {'root': 'y', 'root/x': 'l'}
        """
        caller = "GameTree.strategy_of()"
        if isinstance(profile, str):
            raise TypeError(f"{caller}: profile must be a sequence with one strategy per player; got {profile!r}")
        try:
            entries = list(profile)
        except TypeError:
            raise TypeError(
                f"{caller}: profile must be a sequence with one strategy per player; got {profile!r}"
            ) from None
        if len(entries) != self.n_players:
            raise ValueError(
                f"{caller}: profile has {len(entries)} strategies but the tree has {self.n_players} players"
            )
        shape = self._shape()
        names = self.strategy_names()
        choices: dict[int, int] = {}
        for i, (entry, nodes) in enumerate(zip(entries, self._player_nodes)):
            if isinstance(entry, str):
                if entry not in names[i]:
                    raise ValueError(f"{caller}: {self._players[i]!r} has no strategy {entry!r}")
                s = names[i].index(entry)
            elif isinstance(entry, (int, np.integer)) and not isinstance(entry, bool):
                if not 0 <= entry < shape[i]:
                    raise ValueError(
                        f"{caller}: profile[{i}] = {entry} is not a strategy index in [0, {shape[i]})"
                    )
                s = int(entry)
            else:
                raise TypeError(f"{caller}: profile[{i}] must be a strategy index or name; got {entry!r}")
            for k in reversed(nodes):
                s, choices[k] = divmod(s, len(self._labels[k]))
        return {self._ids[k]: self._labels[k][choices[k]] for k in self._decisions}

    # ------------------------------------------------------------------ normal form
    def to_game(self, max_cells: int = MAX_CELLS) -> Game:
        """The normal form: every pure strategy of every player, expected payoffs over chance.

        A player's pure strategies are all combinations of actions at its
        decision nodes, in preorder, named by joining the actions with ``"/"``
        (``"Restrict/Comply"``); a player who never moves has one strategy,
        ``"-"``. This is the full, not the reduced, normal form: strategies
        differing only at nodes their own earlier moves rule out are kept
        apart (Osborne and Rubinstein 1994, chapter 6).

        Parameters
        ----------
        max_cells : int
            Largest number of pure profiles allowed (default :data:`MAX_CELLS`);
            the normal form grows exponentially with the number of decision nodes.

        Raises
        ------
        ValueError
            If the normal form would have more than ``max_cells`` cells.

        Examples
        --------
        >>> tree = GameTree(
        ...     Decision("China", {"Restrict": Decision("Japan", {"Comply": Terminal([3, 1]),
        ...                                                    "Diversify": Terminal([0, 0])}),
        ...                        "Open": Terminal([2, 2])}),
        ...     players=("China", "Japan"))
        >>> game = tree.to_game()
        >>> game.strategies
        (('Restrict', 'Open'), ('Comply', 'Diversify'))
        >>> game.payoffs[0]
        array([[3., 0.],
               [2., 2.]])
        """
        caller = "GameTree.to_game()"
        if isinstance(max_cells, bool) or not isinstance(max_cells, (int, np.integer)):
            raise TypeError(f"{caller}: max_cells must be an integer; got {max_cells!r}")
        shape = self._shape()
        cells = math.prod(shape)
        if cells > max_cells:
            raise ValueError(
                f"{caller}: the normal form would have {cells} cells (strategies per player: "
                f"{tuple(shape)}), more than max_cells={max_cells}; solve the tree with "
                f"backward_induction() instead"
            )
        n = self.n_players
        choice: dict[int, np.ndarray] = {}
        for i, nodes in enumerate(self._player_nodes):
            counts = [len(self._labels[k]) for k in nodes]
            idx = np.arange(shape[i])
            axis_shape = (1,) + tuple(shape[i] if j == i else 1 for j in range(n))
            for j, k in enumerate(nodes):
                stride = math.prod(counts[j + 1 :])
                choice[k] = ((idx // stride) % counts[j]).reshape(axis_shape)
        values: list[np.ndarray | None] = [None] * len(self._nodes)
        flat = (n,) + (1,) * n
        for k in reversed(range(len(self._nodes))):
            kind = self._kinds[k]
            kids = self._children[k]
            if kind == _TERMINAL:
                values[k] = self._payoffs[k].reshape(flat)
            elif kind == _DECISION:
                v = values[kids[0]]
                for a in range(1, len(kids)):
                    v = np.where(choice[k] == a, values[kids[a]], v)
                values[k] = v
            else:
                values[k] = expected_value(self._probs[k], [values[c] for c in kids])
            for c in kids:
                values[c] = None
        full = np.broadcast_to(values[0], (n,) + tuple(shape))
        return Game([np.array(full[i]) for i in range(n)], players=self._players, strategies=self.strategy_names())

    # ------------------------------------------------------------------ subgames
    def subgame(self, node_id: str) -> GameTree:
        """The subgame rooted at decision or chance node ``node_id``, with the same players.

        Its nodes keep their identifiers, so a strategy of the whole tree can
        be restricted to it with :meth:`restrict`.

        Raises
        ------
        ValueError
            If ``node_id`` is unknown or a terminal.

        Examples
        --------
        >>> tree = GameTree(Decision("A", {"x": Decision("B", {"l": Terminal([1, 0]), "r": Terminal([0, 1])}),
        ...                                "y": Terminal([0, 0])}), players=("A", "B"))
        >>> tree.subgame("root/x").decision_nodes
        ('root/x',)
        """
        k = self._node_index(node_id, "GameTree.subgame()")
        if self._kinds[k] == _TERMINAL:
            raise ValueError(f"GameTree.subgame(): node {node_id!r} is a terminal, not the root of a subgame")
        return GameTree(self._nodes[k], self._players, root_id=node_id)

    def subgames(self) -> Iterator[GameTree]:
        """The subgames rooted at each decision and chance node, in preorder (the whole game first).

        In a game of perfect information every such node starts a subgame.

        Examples
        --------
        >>> tree = GameTree(Decision("A", {"x": Decision("B", {"l": Terminal([1, 0]), "r": Terminal([0, 1])}),
        ...                                "y": Terminal([0, 0])}), players=("A", "B"))
        >>> [sub.root_id for sub in tree.subgames()]
        ['root', 'root/x']
        """
        for k, kind in enumerate(self._kinds):
            if kind != _TERMINAL:
                yield GameTree(self._nodes[k], self._players, root_id=self._ids[k])


def tree_layout(tree: GameTree) -> FlatTree:
    """The flat preorder layout of ``tree`` (see :func:`leverage.nodes.flatten_tree`).

    A helper of :mod:`leverage.sequential`, not in ``__all__``.
    """
    return tree._flat


def terminal_tolerances(tree: GameTree, rtol: float | None, tol: float | None, caller: str) -> np.ndarray:
    """:meth:`GameTree.tolerances` of ``tree`` (``tol`` the alias of ``rtol``), with errors naming ``caller``.

    A helper of :mod:`leverage.sequential`, not in ``__all__``.
    """
    return tree._tolerances(resolve_rtol(rtol, tol, caller))
