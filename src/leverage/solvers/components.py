"""Maximal convex sets of equilibria of two-player games (maximal Nash subsets).

The extreme equilibria of a bimatrix game form a bipartite graph between the
row player's and the column player's extreme strategies. If every pair in
``X x Y`` is an extreme equilibrium, then every pair in ``conv(X) x conv(Y)``
is an equilibrium, because the labels shared by all of ``X`` and those shared
by all of ``Y`` already cover every label. The maximal convex sets of
equilibria (*Nash subsets*, Millham 1974; Winkels 1979) are therefore exactly
the maximal complete bipartite subgraphs ("bicliques") of that graph, and the
connected components of the equilibrium set are the connected components of
the graph (Avis, Rosenberg, Savani and von Stengel 2010, section 3).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leverage.results import Equilibrium
from leverage.game import Game
from leverage.tolerance import PROBABILITY_ATOL, RANK_TOL, resolve_rtol

__all__ = ["EquilibriumComponent", "equilibrium_components"]


@dataclass(frozen=True, eq=False)
class EquilibriumComponent:
    """A maximal convex set of equilibria ``conv(X) x conv(Y)``.

    Attributes
    ----------
    row_strategies : tuple of numpy.ndarray
        The extreme strategies ``X`` of the row player.
    column_strategies : tuple of numpy.ndarray
        The extreme strategies ``Y`` of the column player.
    extreme_equilibria : tuple of Equilibrium
        Every pair in ``X x Y``, each a verified extreme equilibrium.
    connected_component : int
        Index of the connected component of the equilibrium set that holds
        this convex set (convex sets that share an extreme equilibrium are
        connected).

    Examples
    --------
    >>> from leverage import Game, equilibrium_components
    >>> g = Game.from_bimatrix([[1, 0], [0, 1]], [[0, 0], [0, 0]])
    >>> [len(c.extreme_equilibria) for c in equilibrium_components(g)]
    [2, 2, 2]
    """

    row_strategies: tuple[np.ndarray, ...]
    column_strategies: tuple[np.ndarray, ...]
    extreme_equilibria: tuple[Equilibrium, ...]
    connected_component: int

    @property
    def is_singleton(self) -> bool:
        """Whether the set is a single (isolated within the set) equilibrium."""
        return len(self.extreme_equilibria) == 1

    @property
    def dimension(self) -> tuple[int, int]:
        """Affine dimensions of ``conv(X)`` and ``conv(Y)``."""
        dims = []
        for pts in (self.row_strategies, self.column_strategies):
            P = np.array(pts)
            dims.append(int(np.linalg.matrix_rank(P - P[0], tol=RANK_TOL)) if len(P) > 1 else 0)
        return dims[0], dims[1]

    def contains(self, profile, atol: float = PROBABILITY_ATOL) -> bool:
        """Whether ``(x, y)`` lies in ``conv(X) x conv(Y)`` (within ``atol``).

        Examples
        --------
        >>> from leverage import Game, equilibrium_components
        >>> g = Game.from_bimatrix([[1, 0], [0, 1]], [[0, 0], [0, 0]])
        >>> any(c.contains(([1, 0], [0.8, 0.2])) for c in equilibrium_components(g))
        True
        """
        from scipy.optimize import linprog

        for point, vertices in zip(profile, (self.row_strategies, self.column_strategies)):
            V = np.array(vertices).T  # columns are vertices
            point = np.asarray(point, dtype=float)
            if point.shape != (V.shape[0],):
                return False
            k = V.shape[1]
            # find lambda >= 0, sum 1, V lambda = point
            res = linprog(
                np.zeros(k),
                A_eq=np.vstack([V, np.ones((1, k))]),
                b_eq=np.append(point, 1.0),
                bounds=[(0, None)] * k,
                method="highs",
            )
            if res.status != 0 or np.abs(V @ res.x - point).max() > atol:
                return False
        return True


def _key(v: np.ndarray) -> tuple[float, ...]:
    return tuple(np.round(v, 9))


def equilibrium_components(game: Game, rtol: float | None = None, *, tol: float | None = None) -> list[EquilibriumComponent]:
    """The maximal convex sets of Nash equilibria of a two-player game.

    Every Nash equilibrium of the game lies in at least one returned set;
    each set is ``conv(X) x conv(Y)`` for sets ``X``, ``Y`` of extreme
    strategies, given by its extreme equilibria. Sets that overlap belong to
    the same connected component of the equilibrium set. A nondegenerate game
    has only singleton sets.

    Parameters
    ----------
    game : Game
        A two-player game.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Returns
    -------
    list of EquilibriumComponent
        Ordered by connected component, then by the extreme equilibria.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~leverage.Game`.
    ValueError
        If the game does not have two players.

    References
    ----------
    D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel (2010), "Enumeration
    of Nash equilibria for two-player games", Economic Theory 42, 9-37.

    Examples
    --------
    The row player matches the column player, who is indifferent: two
    segments of equilibria joined at the column player's (1/2, 1/2).

    >>> from leverage import Game, equilibrium_components
    >>> g = Game.from_bimatrix([[1, 0], [0, 1]], [[0, 0], [0, 0]])
    >>> comps = equilibrium_components(g)
    >>> len(comps), {c.connected_component for c in comps}
    (3, {0})
    >>> [c.dimension for c in comps]
    [(0, 1), (1, 0), (0, 1)]
    """
    from leverage.solvers.enumeration import equilibria

    if not isinstance(game, Game):
        raise TypeError(f"equilibrium_components(): game must be a leverage.Game; got {type(game).__name__}")
    if game.n_players != 2:
        raise ValueError(
            f"equilibrium_components(): defined for two-player games; this game has {game.n_players} players"
        )
    eqs = equilibria(game, tol=resolve_rtol(rtol, tol, "equilibrium_components"))
    xs: dict[tuple, int] = {}
    ys: dict[tuple, int] = {}
    edges: dict[tuple[int, int], Equilibrium] = {}
    x_vec: dict[int, np.ndarray] = {}
    y_vec: dict[int, np.ndarray] = {}
    for eq in eqs:
        a = xs.setdefault(_key(eq.strategies[0]), len(xs))
        b = ys.setdefault(_key(eq.strategies[1]), len(ys))
        x_vec.setdefault(a, eq.strategies[0])
        y_vec.setdefault(b, eq.strategies[1])
        edges[(a, b)] = eq
    neighbours = {a: frozenset(b for (aa, b) in edges if aa == a) for a in range(len(xs))}
    # closure of the neighbourhoods under intersection: each member T is the
    # column side of one maximal biclique
    family: set[frozenset[int]] = set()
    frontier = set(neighbours.values())
    while frontier:
        family |= frontier
        new = set()
        for T in frontier:
            for N in neighbours.values():
                inter = T & N
                if inter and inter not in family:
                    new.add(inter)
        frontier = new
    bicliques = []
    for T in family:
        S = frozenset(a for a, N in neighbours.items() if T <= N)
        bicliques.append((S, T))
    # connected components of the bipartite graph (union-find on row vertices)
    parent = list(range(len(xs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for S, _ in bicliques:
        first, *rest = sorted(S)
        for a in rest:
            parent[find(a)] = find(first)
    roots: dict[int, int] = {}
    for eq in eqs:  # number components in the order of their first equilibrium
        roots.setdefault(find(xs[_key(eq.strategies[0])]), len(roots))
    out = []
    for S, T in bicliques:
        extreme = tuple(edges[(a, b)] for a in sorted(S) for b in sorted(T))
        out.append(
            EquilibriumComponent(
                row_strategies=tuple(x_vec[a] for a in sorted(S)),
                column_strategies=tuple(y_vec[b] for b in sorted(T)),
                extreme_equilibria=extreme,
                connected_component=roots[find(min(S))],
            )
        )
    order = {id(e): k for k, e in enumerate(eqs)}
    out.sort(key=lambda c: (c.connected_component, min(order[id(e)] for e in c.extreme_equilibria)))
    return out
