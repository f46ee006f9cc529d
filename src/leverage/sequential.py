"""Perfect-information extensive-form games: game trees, backward induction and
subgame-perfect equilibria.

A negotiation often runs in turns -- China restricts exports, then Japan
decides whether to comply or to diversify its supply -- and a threat only
matters if the threatening party would carry it out once the time comes. A
:class:`GameTree` holds such a sequential game: :class:`Decision` nodes where a
named player picks an action, :class:`Chance` nodes where nature draws an
outcome with known probabilities, and :class:`Terminal` nodes with one payoff
per player. :func:`backward_induction` returns its pure subgame-perfect
equilibria (Selten 1965, 1975), every one of them when movers are indifferent,
and :meth:`GameTree.to_game` its normal form (Kuhn 1953), whose Nash equilibria
may rest on threats that are not credible.

The tree, :class:`GameTree` -- node identifiers, plays, subgames and the
normal form -- is in :mod:`leverage.game_tree`; its classes are importable
from here too.

Ties
----
Whether a mover is indifferent between two actions is decided by the library's
one tolerance rule (:mod:`leverage.tolerance`), applied to the payoffs of the
tree's terminal nodes: two continuation values of player ``i`` tie when they
differ by at most ``rtol`` times the range of ``i``'s terminal payoffs.

Examples
--------
A coercion game: China restricts exports or keeps them open; after a
restriction Japan complies (China gains) or diversifies (costly for both).

>>> from leverage import pure_equilibria
>>> tree = GameTree(
...     Decision("China", {
...         "Restrict": Decision("Japan", {"Comply": Terminal([3, 1]),
...                                        "Diversify": Terminal([0, 0])}),
...         "Open": Terminal([2, 2]),
...     }),
...     players=("China", "Japan"),
... )
>>> backward_induction(tree)
[SubgamePerfectEquilibrium(China: Restrict at root; Japan: Comply at root/Restrict; path Restrict, Comply; payoffs (3, 1))]

Japan's threat to diversify is not credible: once China has restricted, Japan
is better off complying. Yet the normal form has a second Nash equilibrium in
which China stays open because Japan "would" diversify:

>>> game = tree.to_game()
>>> [eq.as_dict() for eq in pure_equilibria(game)]
[{'China': {'Restrict': 1.0}, 'Japan': {'Comply': 1.0}}, {'China': {'Open': 1.0}, 'Japan': {'Diversify': 1.0}}]

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. In
*Contributions to the Theory of Games II*, 193-216. Princeton University Press.

Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, chapter 6
(extensive games with perfect information). MIT Press.

Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit
Nachfragetraegheit. *Zeitschrift fuer die gesamte Staatswissenschaft* 121,
301-324 and 667-689.

Selten, R. (1975). Reexamination of the perfectness concept for equilibrium
points in extensive games. *International Journal of Game Theory* 4, 25-55.
"""

from __future__ import annotations

import itertools
from types import MappingProxyType

import numpy as np

from leverage.game_tree import (
    MAX_CELLS,
    GameTree,
    Play,
    SubgamePerfectEquilibrium,
    terminal_tolerances,
    tree_layout,
)
from leverage.nodes import (  # noqa: F401  (the node classes stay importable from here)
    CHANCE,
    DECISION,
    PATH_SEPARATOR,
    PROBABILITY_ATOL,
    TERMINAL,
    Chance,
    Decision,
    Node,
    Terminal,
    expected_value,
    flatten_tree,
    format_payoff,
)
from leverage.results import SolverError

# The node classes (Terminal, Decision, Chance) live in leverage.nodes and the tree classes
# (GameTree, Play, SubgamePerfectEquilibrium) in leverage.game_tree; all are importable from
# here too, as they always were.
__all__ = [
    "GameTree",
    "Play",
    "SubgamePerfectEquilibrium",
    "backward_induction",
    "MAX_CELLS",
]


# ---------------------------------------------------------------------------- backward induction


def backward_induction(
    tree: GameTree,
    ties: str = "all",
    max_equilibria: int = 10000,
    rtol: float | None = None,
    *,
    tol: float | None = None,
) -> list[SubgamePerfectEquilibrium]:
    """Pure subgame-perfect equilibria of a game of perfect information, by backward induction.

    Working from the terminals up, each mover picks an action that maximises
    its continuation payoff, given play in every subgame below (Kuhn 1953;
    Selten 1965; Osborne and Rubinstein 1994, chapter 6). At a chance
    node the continuation payoff is the probability-weighted average.

    Parameters
    ----------
    tree : GameTree
        The game.
    ties : {"all", "first"}
        ``"all"`` (default): every pure subgame-perfect equilibrium. When a
        mover is indifferent between actions (within the tolerance rule) each
        optimal action gives a different equilibrium, and the different
        equilibria of separate subgames -- on or off the path -- multiply.
        ``"first"``: one equilibrium, by the rule "the first action, in
        declaration order, among the optimal ones" at every node.
    max_equilibria : int
        Bound on the enumeration with ``ties="all"``.
    rtol : float, optional
        Relative tolerance of the tie rule (default :data:`leverage.RTOL`),
        relative to each player's payoff range over the tree's terminals
        (:meth:`GameTree.tolerances`).
    tol : float, optional
        The older name of ``rtol``, accepted as a keyword alias (not both).

    Returns
    -------
    list of SubgamePerfectEquilibrium
        With ``ties="first"``, one element. With ``ties="all"``, in a
        deterministic order whose first element is the ``ties="first"``
        equilibrium.

    Raises
    ------
    TypeError
        If ``tree`` is not a :class:`GameTree` or ``max_equilibria`` not an integer.
    ValueError
        If ``ties`` is not ``"all"`` or ``"first"`` or ``max_equilibria < 1``.
    SolverError
        If there are more than ``max_equilibria`` subgame-perfect equilibria
        (raised as soon as that is known, before enumerating them).

    Examples
    --------
    China restricts or stays open; after a restriction Japan complies or
    diversifies. Diversifying costs Japan more than complying, so its threat to
    diversify is not credible:

    >>> tree = GameTree(
    ...     Decision("China", {
    ...         "Restrict": Decision("Japan", {"Comply": Terminal([3, 1]),
    ...                                        "Diversify": Terminal([0, 0])}),
    ...         "Open": Terminal([2, 2]),
    ...     }),
    ...     players=("China", "Japan"),
    ... )
    >>> backward_induction(tree)
    [SubgamePerfectEquilibrium(China: Restrict at root; Japan: Comply at root/Restrict; path Restrict, Comply; payoffs (3, 1))]

    If Japan is indifferent, both of its choices are credible, and China's best
    reply differs:

    >>> tree = GameTree(
    ...     Decision("China", {
    ...         "Restrict": Decision("Japan", {"Comply": Terminal([3, 1]),
    ...                                        "Diversify": Terminal([0, 1])}),
    ...         "Open": Terminal([2, 2]),
    ...     }),
    ...     players=("China", "Japan"),
    ... )
    >>> for spe in backward_induction(tree):
    ...     print(spe.strategy, spe.payoffs)
    {'root': 'Restrict', 'root/Restrict': 'Comply'} [3. 1.]
    {'root': 'Open', 'root/Restrict': 'Diversify'} [2. 2.]
    >>> len(backward_induction(tree, ties="first"))
    1
    """
    caller = "backward_induction()"
    if not isinstance(tree, GameTree):
        raise TypeError(f"{caller}: tree must be a GameTree; got {type(tree).__name__}")
    if not isinstance(ties, str) or ties not in ("all", "first"):
        raise ValueError(f"{caller}: ties must be 'all' or 'first'; got {ties!r}")
    if isinstance(max_equilibria, bool) or not isinstance(max_equilibria, (int, np.integer)):
        raise TypeError(f"{caller}: max_equilibria must be an integer; got {max_equilibria!r}")
    if max_equilibria < 1:
        raise ValueError(f"{caller}: max_equilibria must be at least 1; got {max_equilibria}")
    atol = terminal_tolerances(tree, rtol, tol, "backward_induction")
    flat = tree_layout(tree)
    decisions = tuple(k for k, kind in enumerate(flat.kinds) if kind == DECISION)
    first = ties == "first"

    def too_many() -> SolverError:
        return SolverError(
            f"{caller}: the tree has more than max_equilibria={max_equilibria} pure subgame-perfect "
            f"equilibria (ties multiply across subgames); raise max_equilibria or use ties='first'"
        )

    # results[k]: the subgame-perfect equilibria of the subtree at node k, each a pair
    # (action indices at the subtree's decision nodes in preorder, expected payoffs).
    # Every equilibrium of a subtree extends to one of the whole tree, so a subtree with
    # more than max_equilibria of them proves the whole tree has too many.
    nodes = len(flat.nodes)
    results: list[list[tuple[tuple[int, ...], np.ndarray]] | None] = [None] * nodes
    for k in reversed(range(nodes)):
        kind = flat.kinds[k]
        kids = flat.children[k]
        if kind == TERMINAL:
            results[k] = [((), flat.payoffs[k])]
            continue
        lists = [results[c] for c in kids]
        combos = 1
        for lst in lists:
            combos *= len(lst)
            if combos > max_equilibria:
                raise too_many()
        out: list[tuple[tuple[int, ...], np.ndarray]] = []
        if kind == DECISION:
            i = flat.movers[k]
            for combo in itertools.product(*lists):
                rest = tuple(itertools.chain.from_iterable(c for c, _ in combo))
                vals = [v[i] for _, v in combo]
                best = max(vals)
                for a, (_, value) in enumerate(combo):
                    if vals[a] >= best - atol[i]:
                        out.append(((a,) + rest, value))
                        if first:
                            break
                if len(out) > max_equilibria:
                    raise too_many()
        else:
            probs = flat.probs[k]
            for combo in itertools.product(*lists):
                rest = tuple(itertools.chain.from_iterable(c for c, _ in combo))
                out.append((rest, expected_value(probs, [v for _, v in combo])))
        results[k] = out
        for c in kids:
            results[c] = None

    movers = MappingProxyType({flat.ids[k]: flat.players[flat.movers[k]] for k in decisions})
    equilibria = []
    for choices, value in results[0]:  # type: ignore[union-attr]
        by_node = dict(zip(decisions, choices))
        path = []
        k = 0
        while flat.kinds[k] == DECISION:
            a = by_node[k]
            path.append((flat.ids[k], flat.labels[k][a]))
            k = flat.children[k][a]
        payoffs = np.array(value, dtype=float)
        payoffs.setflags(write=False)
        equilibria.append(
            SubgamePerfectEquilibrium(
                strategy={flat.ids[d]: flat.labels[d][a] for d, a in by_node.items()},
                path=tuple(path),
                end=flat.ids[k],
                payoffs=payoffs,
                players=flat.players,
                movers=movers,
            )
        )
    return equilibria
