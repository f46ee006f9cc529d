"""Equilibria of many nondegenerate 2 x 2 and 3 x 3 bimatrix games at once, by support enumeration.

The fast path of :func:`leverage.solvers.batch.solve_batch`. In a
*nondegenerate* bimatrix game no mixed strategy with ``k`` strategies in its
support has more than ``k`` pure best responses; then every equilibrium has
supports ``I`` and ``J`` of equal size, and each such pair gives at most one
equilibrium: the ``x`` on ``I`` that leaves the column player indifferent
among ``J`` and the ``y`` on ``J`` that leaves the row player indifferent among
``I`` (von Stengel 2007, Definition 3.2, Proposition 3.3 and Algorithm 3.4).
For a 2 x 2 or 3 x 3 game these are at most 19 pairs of supports (9 pure, 9
of size 2 and the full one for 3 x 3), each decided by a few elementwise
operations on vectors of ``N`` games, with no vertex pairing.

Which games take this path
--------------------------
With ``delta = max(NONDEGENERACY_FACTOR * rtol, NONDEGENERACY_FLOOR)``, a game
is *routed* to the general path (returned in ``routed``, never solved here)
when, relative to the payoff range ``r`` of the player concerned, any of these
is small:

1. two payoffs of a player against the same pure strategy of the other differ
   by at most ``delta * r`` (a tie of pure best responses; it also bounds the
   probabilities of every size-2 support away from 0, by ``delta / 2``);
2. for a pair of size-2 supports, the payoff of the strategy outside the
   support against the indifference strategy is within ``delta * r`` of the
   support's;
3. a component of the cross product that gives the full-support
   indifference strategy is at most ``delta * r**2`` in size (its
   probabilities are then bounded away from 0 by ``delta / 6``).

Every other game is nondegenerate with margins far above the library's
tolerances (labels within ``rtol`` of the payoff range, probabilities below
``1e-11``, basis determinants below ``1e-12 (2s)^s``): the general path's
vertices are then exactly the bases solved here, with exactly their labels, so
both paths find the same equilibria. Their strategies are computed with the
general path's own formulas -- the payoffs rescaled to ``[1, 2]``
(:func:`leverage.solvers.polytope.rescaled_payoffs`), the basis solved by
:func:`leverage.solvers.batch_vertices.solve_ones`, normalised and cleaned by
:func:`leverage.solvers.batch_vertices.strategy_columns` -- and listed in the
order of :func:`leverage.results.equilibrium_order`, so the results are the
same bit for bit.

Two forms serve the two shapes. :func:`dense_equilibria_2x2` writes the
equilibria of 2 x 2 games straight into per-game slots (a nondegenerate 2 x 2
game has one equilibrium or three, in a fixed order of kinds) and verifies the
mixed ones; :func:`support_equilibria` lists the equilibria of 3 x 3 games as
candidates ranked within their game, and leaves verification to the caller.
Both keep their scratch arrays in a
:class:`~leverage.solvers.batch_workspace.Workspace`.

References
----------
B. von Stengel (2007), "Equilibrium computation for two-player games in
strategic and extensive form", chapter 3 of Algorithmic Game Theory (Nisan,
Roughgarden, Tardos and Vazirani, eds.), Cambridge University Press.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leverage.solvers.batch_verification import payoffs_and_regret
from leverage.solvers.batch_vertices import solve_ones, strategy_columns
from leverage.solvers.batch_workspace import Workspace
from leverage.tolerance import NONDEGENERACY_FLOOR, ORDER_DECIMALS, PROBABILITY_NOISE

# helpers of leverage.solvers.batch.solve_batch, which checks the arguments
__all__: list[str] = []

#: Shapes ``(m, n)`` that :func:`support_equilibria` solves.
SUPPORT_SHAPES = frozenset({(2, 2), (3, 3)})
#: The margin of nondegeneracy is at least this many times the relative tolerance ``rtol`` ...
NONDEGENERACY_FACTOR = 100.0
#: ... and at least :data:`leverage.tolerance.NONDEGENERACY_FLOOR` of the payoff range.

#: The pairs of strategies of a player with three, in the order of :func:`itertools.combinations`.
_PAIRS = np.array([(0, 1), (0, 2), (1, 2)])
#: For each pair, the pair (index into ``_PAIRS``) comparing its first member with the strategy left out
#: of it, and the sign of that comparison: (0, 1) leaves 2 (pair (0, 2), +), (0, 2) leaves 1 (pair (0, 1),
#: +), (1, 2) leaves 0 (pair (0, 1) read backwards, -).
_OUTSIDE = np.array([1, 0, 0])
_OUTSIDE_NEGATED = 2  # the pair whose comparison with the outside strategy is read backwards


def nondegeneracy_margin(rtol: float) -> float:
    """The margin, as a fraction of a player's payoff range, below which a game goes to the general path.

    Examples
    --------
    >>> nondegeneracy_margin(1e-8), nondegeneracy_margin(1e-3)
    (1e-06, 0.1)
    """
    return max(NONDEGENERACY_FACTOR * rtol, NONDEGENERACY_FLOOR)


@dataclass(frozen=True, eq=False)
class SupportEquilibria:
    """The equilibria of the nondegenerate games of a chunk, and the games left to the general path.

    Attributes
    ----------
    routed : numpy.ndarray
        Boolean, shape ``(N,)``: games near a degeneracy, not solved here.
    g : numpy.ndarray
        The game of each equilibrium, shape ``(E,)``, non-decreasing. Never a routed game.
    rank : numpy.ndarray
        The place of each equilibrium in its game's list, in the order of
        :func:`leverage.results.equilibrium_order`.
    x, y : numpy.ndarray
        The strategies, shapes ``(m, E)`` and ``(n, E)``, cleaned.
    cell : numpy.ndarray
        For a pure equilibrium ``(i, j)`` the flat index ``i * n + j``, ``-1`` for a mixed one.

    Examples
    --------
    >>> one = np.ones(1, dtype=bool)
    >>> found = SupportEquilibria(routed=~one, g=np.zeros(1, int), rank=np.zeros(1, int),
    ...                           x=np.eye(3)[:, :1], y=np.eye(3)[:, 2:], cell=np.array([2]))
    >>> divmod(int(found.cell[0]), 3)  # the pure equilibrium (row 0, column 2)
    (0, 2)
    """

    routed: np.ndarray
    g: np.ndarray
    rank: np.ndarray
    x: np.ndarray
    y: np.ndarray
    cell: np.ndarray


def support_equilibria(
    A: np.ndarray,
    B: np.ndarray,
    lo: tuple[np.ndarray, np.ndarray],
    spread: tuple[np.ndarray, np.ndarray],
    rtol: float,
    workspace: Workspace | None = None,
) -> SupportEquilibria:
    """Every equilibrium of each nondegenerate game of a stack of 3 x 3 games, as a list of candidates.

    Parameters
    ----------
    A, B : numpy.ndarray
        Payoffs, shape ``(3, 3, N)`` (games last), C-contiguous, finite.
    lo, spread : tuple of numpy.ndarray
        Each player's smallest payoff and payoff range in each game, shape ``(N,)``.
    rtol : float
        The library's relative tolerance (sets :func:`nondegeneracy_margin`).
    workspace : Workspace, optional
        Scratch arrays reused from one call to the next (the chunks of one
        :func:`~leverage.solvers.batch.solve_batch` call).

    Returns
    -------
    SupportEquilibria

    Examples
    --------
    Rock-paper-scissors (one equilibrium, fully mixed), and a coordination
    game with a tie (routed):

    >>> rps = np.array([[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]])
    >>> A = np.stack([rps, np.eye(3)], axis=-1)  # games last: A[i, j, k]
    >>> B = np.stack([-rps, np.ones((3, 3))], axis=-1)
    >>> flat = lambda M: M.reshape(9, -1)
    >>> sup = support_equilibria(A, B, (flat(A).min(0), flat(B).min(0)), (np.ptp(flat(A), 0), np.ptp(flat(B), 0)), 1e-8)
    >>> sup.routed.tolist(), sup.g.tolist(), sup.rank.tolist(), sup.cell.tolist()
    ([False, True], [0], [0], [-1])
    >>> np.round(sup.x[:, 0], 4).tolist()
    [0.3333, 0.3333, 0.3333]
    """
    m, n, N = A.shape
    if (m, n) != (3, 3):  # pragma: no cover - the caller checks the shape
        raise ValueError(f"support_equilibria(): games must be 3 x 3; got {(m, n)}")
    ws = Workspace() if workspace is None else workspace
    delta = nondegeneracy_margin(rtol)
    margin = (
        np.multiply(spread[0], delta, out=ws.array("margin_a", N)),
        np.multiply(spread[1], delta, out=ws.array("margin_b", N)),
    )
    routed, kinds = _kinds_3x3(A, B, margin, spread, ws)
    table = _KINDS_3X3
    kinds[np.flatnonzero(routed)] = False
    g, kind = np.divmod(np.flatnonzero(kinds), kinds.shape[1])
    E = len(g)  # pure: e_i and e_j; mixed: zeros, filled below
    x = np.take(table.x, kind, axis=1, out=ws.array("candidates_x", (m, E)))
    y = np.take(table.y, kind, axis=1, out=ws.array("candidates_y", (n, E)))
    size = np.take(table.size, kind)
    for s in table.mixed_sizes:  # the mixed equilibria, by support size
        where = np.flatnonzero(size == s)
        if not len(where):
            continue
        gs, ks = g[where], kind[where]
        I, J = np.take(table.rows[:, :s], ks, axis=0).T, np.take(table.cols[:, :s], ks, axis=0).T  # (s, E_s)
        # P = {x >= 0, Bn^T x <= 1}: binding constraints J, support I; Q = {An y <= 1, y >= 0}: binding I, support J
        xs, ok_x = _basis_strategies(B, lo[1], spread[1], gs, binding=J, support=I, transposed=True)
        ys, ok_y = _basis_strategies(A, lo[0], spread[0], gs, binding=I, support=J, transposed=False)
        x[:, where], y[:, where] = xs, ys
        if not (ok_x.all() and ok_y.all()):  # pragma: no cover - excluded by the nondegeneracy margins
            routed[gs[~(ok_x & ok_y)]] = True
    rank = _ranks(g, _order_keys(x, ws))
    keep = ~routed[g]
    cell = np.take(table.cell, kind)
    if not keep.all():  # pragma: no cover - see above
        g, rank, x, y, cell = g[keep], rank[keep], x[:, keep], y[:, keep], cell[keep]
    return SupportEquilibria(routed=routed, g=g, rank=rank, x=x, y=y, cell=cell)


def _order_keys(x: np.ndarray, ws: Workspace) -> np.ndarray:
    """Integer keys, ascending in the order of :func:`leverage.results.equilibrium_order` for distinct equilibria.

    The first two probabilities of the row player, rounded to
    :data:`~leverage.tolerance.ORDER_DECIMALS` decimals as that function
    rounds them and packed into one integer. In a game nondegenerate by the
    margin of this module, the row player's strategy determines the
    equilibrium and those of two equilibria differ by far more than the
    rounding, so these keys decide the order and never tie.
    """
    top = 10**ORDER_DECIMALS
    rounded = np.multiply(x[:2], float(top), out=ws.array("keys_rounded", (2, x.shape[1])))
    np.rint(rounded, out=rounded)
    np.subtract(top, rounded, out=rounded)
    Q = ws.array("keys", (2, x.shape[1]), np.int64)
    np.copyto(Q, rounded, casting="unsafe")
    np.left_shift(Q[0], 32, out=Q[0])
    return np.bitwise_or(Q[0], Q[1], out=Q[0])


def _ranks(g: np.ndarray, key: np.ndarray) -> np.ndarray:
    """The place of each item within its group ``g`` (non-decreasing), by ascending ``key`` (ties as listed).

    Compares each item with those 1, 2, ... places away, as long as some are
    in the same group: at most the largest group's size minus one rounds.
    """
    rank = np.zeros(len(g), dtype=np.int64)
    for offset in range(1, len(g)):
        same = g[offset:] == g[:-offset]
        if not same.any():
            break
        later_first = key[offset:] < key[:-offset]
        rank[offset:] += same & ~later_first
        rank[:-offset] += same & later_first
    return rank


def _basis_strategies(
    P: np.ndarray, lo: np.ndarray, spread: np.ndarray, g: np.ndarray, binding: np.ndarray, support: np.ndarray,
    transposed: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """The cleaned strategies at one basis of one best-response polytope of each game ``g``.

    The polytope is ``{z >= 0, C z <= 1}`` with ``C`` the payoffs ``P``
    (shape ``(k, d, N)``, C-contiguous, or ``(d, k, N)`` read transposed)
    rescaled to ``[1, 2]``; ``binding`` and ``support`` (shape ``(s, E)``, or
    ``(s, 1)`` for one basis for all) give the basis of each game. The
    arithmetic is that of :func:`leverage.solvers.batch_vertices.vertex_keys`
    and of the general path's normalisation. Returns the strategies ``(d, E)``
    and the mask of non-singular bases.
    """
    N, width, flat = P.shape[2], P.shape[1], P.reshape(-1)
    lo_g, spread_g = np.take(lo, g), np.take(spread, g)
    s, E = len(support), len(g)
    with np.errstate(divide="ignore", invalid="ignore"):
        # entry (r, c) of the basis: C[binding[r], support[c]], C = Bn^T (transposed) or An
        cells = [[(support[c] * width + binding[r]) if transposed else (binding[r] * width + support[c])
                  for c in range(s)] for r in range(s)]
        M = [[(np.take(flat, cells[r][c] * N + g) - lo_g) / spread_g + 1.0 for c in range(s)] for r in range(s)]
    z, ok = solve_ones(M)
    V = np.zeros((P.shape[0] if transposed else P.shape[1], E))
    place = np.arange(E)
    for c in range(s):
        np.put(V, support[c] * E + place, z[c])
    return strategy_columns(V), ok


@dataclass(frozen=True)
class _KindTable:
    """What each kind of equilibrium candidate is: its strategies if pure, its supports if mixed."""

    x: np.ndarray  # (m, K): e_i for a pure kind, zeros for a mixed one
    y: np.ndarray  # (n, K)
    cell: np.ndarray  # (K,): i * n + j for a pure kind, -1 for a mixed one
    size: np.ndarray  # (K,): support size
    rows: np.ndarray  # (K, s_max): the row support, padded
    cols: np.ndarray  # (K, s_max)
    mixed_sizes: tuple[int, ...]  # the support sizes of the mixed kinds


def _kind_table(m: int, n: int, supports: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> _KindTable:
    K, width = len(supports), max(len(I) for I, _ in supports)
    table = _KindTable(
        x=np.zeros((m, K)), y=np.zeros((n, K)), cell=-np.ones(K, dtype=np.int64), size=np.zeros(K, dtype=np.int64),
        rows=np.zeros((K, width), dtype=np.int64), cols=np.zeros((K, width), dtype=np.int64),
        mixed_sizes=tuple(sorted({len(I) for I, _ in supports if len(I) > 1})),
    )
    for k, (I, J) in enumerate(supports):
        table.size[k] = len(I)
        table.rows[k, : len(I)], table.cols[k, : len(J)] = I, J
        if len(I) == 1:
            table.x[I[0], k], table.y[J[0], k], table.cell[k] = 1.0, 1.0, I[0] * n + J[0]
    return table


# ----------------------------------------------------------------------------- 2 x 2


def _kinds_2x2(
    A: np.ndarray, B: np.ndarray, margin: tuple[np.ndarray, np.ndarray], ws: Workspace
) -> tuple[np.ndarray, np.ndarray]:
    """Routed games, and which of the five kinds of equilibrium each game has: shape ``(5, N)``.

    The kinds, in the library's order of equilibria: ``(0, 0)``, ``(0, 1)``
    (``x = (1, 0)``), mixed (``0 < x_0 < 1``), ``(1, 0)``, ``(1, 1)``
    (``x = (0, 1)``). With ``e_j = A[0, j] - A[1, j]`` and
    ``d_i = B[i, 0] - B[i, 1]``, all away from 0: the row player's best reply
    to column ``j`` is row 0 when ``e_j > 0``, the column player's to row
    ``i`` is column 0 when ``d_i > 0``; the mixed equilibrium exists when both
    ``d`` and both ``e`` differ in sign.
    """
    N = A.shape[2]
    e = np.subtract(A[0], A[1], out=ws.array("e", (2, N)))
    d = np.subtract(B[:, 0], B[:, 1], out=ws.array("d", (2, N)))
    size, low = ws.array("size", (2, N)), ws.array("low", N)
    routed, flag = ws.array("routed", N, bool), ws.array("flag", N, bool)
    for i, D in enumerate((e, d)):  # a tie of best replies, within the margin
        np.abs(D, out=size)
        np.minimum(size[0], size[1], out=low)
        np.less_equal(low, margin[i], out=routed if i == 0 else flag)
    routed |= flag
    pe, pd = np.greater(e, 0.0, out=ws.array("pe", (2, N), bool)), np.greater(d, 0.0, out=ws.array("pd", (2, N), bool))
    kinds = ws.array("kinds", (5, N), bool)
    np.logical_and(pd[0], pe[0], out=kinds[0])  # (0, 0)
    np.greater(pe[1], pd[0], out=kinds[1])  # (0, 1): column 1 against row 0, row 0 against column 1
    np.not_equal(pd[0], pd[1], out=flag)  # mixed
    np.not_equal(pe[0], pe[1], out=kinds[2])
    kinds[2] &= flag
    np.greater(pd[1], pe[0], out=kinds[3])  # (1, 0)
    np.logical_or(pd[1], pe[1], out=kinds[4])  # (1, 1)
    np.logical_not(kinds[4], out=kinds[4])
    return routed, kinds


def _pure_payoff(M: np.ndarray, first: np.ndarray, second: np.ndarray, out: np.ndarray, term: np.ndarray) -> np.ndarray:
    """``M[0, j]`` where ``first[j]``, plus ``M[1, j]`` where ``second[j]`` -- exact when one entry is chosen."""
    np.multiply(M[0, 0], first[0], out=out)
    for i, chosen in enumerate((first, second)):
        for j in range(2):
            if (i, j) != (0, 0):
                np.multiply(M[i, j], chosen[j], out=term)
                out += term
    return out


def dense_equilibria_2x2(
    A: np.ndarray,
    B: np.ndarray,
    lo: tuple[np.ndarray, np.ndarray],
    spread: tuple[np.ndarray, np.ndarray],
    rtol: float,
    ws: Workspace,
) -> dict[str, np.ndarray]:
    """Every equilibrium of each nondegenerate 2 x 2 game, written straight into padded per-game slots.

    A nondegenerate 2 x 2 game has one equilibrium or three: the pure ones
    with ``x = (1, 0)``, the mixed one and the pure ones with ``x = (0, 1)``,
    in that order (see ``_kinds_2x2``). The pure strategies and payoffs of the
    first slot are computed for all games at once; the mixed equilibrium, only
    for the games that have one, with the general path's arithmetic, and
    verified (:func:`leverage.solvers.batch_verification.payoffs_and_regret`).

    Parameters
    ----------
    A, B, lo, spread, rtol
        As :func:`support_equilibria`.
    ws : Workspace
        Scratch arrays; the returned arrays are among them.

    Returns
    -------
    dict
        ``count`` (``(N,)``, 0 for routed games), ``x``, ``y``, ``payoffs``
        (``(N, 3, 2)``) and ``regret`` (``(N, 3)``), NaN beyond each game's
        count and for routed games; ``routed`` (``(N,)``): games for the
        general path (near a degeneracy, or with a mixed equilibrium that
        fails verification).

    Examples
    --------
    Battle of the sexes, and a game with a tie of the row player's payoffs:

    >>> A = np.array([[[2.0, 1.0], [0.0, 0.0]], [[0.0, 0.0], [1.0, 1.0]]])  # games last: A[i, j, k]
    >>> B = np.array([[[1.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [2.0, 1.0]]])
    >>> flat = lambda M: M.reshape(4, -1)
    >>> lo, spread = (flat(A).min(0), flat(B).min(0)), (np.ptp(flat(A), 0), np.ptp(flat(B), 0))
    >>> out = dense_equilibria_2x2(A, B, lo, spread, 1e-8, Workspace())
    >>> out["count"].tolist(), out["routed"].tolist()
    ([3, 0], [False, True])
    >>> np.round(out["x"][0], 4).tolist()
    [[1.0, 0.0], [0.6667, 0.3333], [0.0, 1.0]]
    """
    N = A.shape[2]
    delta = nondegeneracy_margin(rtol)
    margin = (
        np.multiply(spread[0], delta, out=ws.array("margin_a", N)),
        np.multiply(spread[1], delta, out=ws.array("margin_b", N)),
    )
    routed, kinds = _kinds_2x2(A, B, margin, ws)
    top, bottom = ws.array("top", N, bool), ws.array("bottom", N, bool)  # a pure equilibrium with x = (1, 0), (0, 1)
    np.logical_or(kinds[0], kinds[1], out=top)
    np.logical_or(kinds[3], kinds[4], out=bottom)
    count = ws.array("count", N, np.int64)
    np.add(top, kinds[2], out=count, dtype=np.int64)
    count += bottom
    X, Y, P = (ws.array(name, (N, 3, 2)) for name in ("X", "Y", "P"))
    R = ws.array("R", (N, 3))
    X[:, 1:], Y[:, 1:], P[:, 1:], R[:, 1:] = np.nan, np.nan, np.nan, np.nan
    R[:, 0] = 0.0
    # the first slot, as if it held a pure equilibrium: (0, j) when there is one, else (1, j)
    np.copyto(X[:, 0, 0], top)
    below = np.logical_not(top, out=ws.array("below", N, bool))
    np.copyto(X[:, 0, 1], below)
    second = ws.array("second", (2, N), bool)  # the chosen column of the pure equilibrium in row 1
    np.logical_and(kinds[3], below, out=second[0])
    np.logical_and(kinds[4], below, out=second[1])
    first = kinds[[0, 1]]
    term, value = ws.array("term", N), ws.array("value", N)
    for c in range(2):
        np.logical_or(first[c], second[c], out=below)
        np.copyto(Y[:, 0, c], below)
    for p, M in enumerate((A, B)):
        _pure_payoff(M, first, second, value, term)
        _snap(value, spread[p], term)
        np.copyto(P[:, 0, p], value)
    # the third slot: the pure equilibrium with x = (0, 1) of the games with three
    three = np.flatnonzero(count == 3)
    if len(three):
        X[three, 2] = (0.0, 1.0)
        Y[three, 2, 0], Y[three, 2, 1] = kinds[3, three], kinds[4, three]
        R[three, 2] = 0.0
        for p, M in enumerate((A, B)):
            chosen = np.take(M[1, 0], three) * kinds[3, three] + np.take(M[1, 1], three) * kinds[4, three]
            P[three, 2, p] = _snap(chosen, np.take(spread[p], three), np.empty(len(three)))
    # the mixed equilibria: into the second slot after a pure one with x = (1, 0), else the first
    mixed = np.flatnonzero(kinds[2] & ~routed)
    if len(mixed):
        support = np.array([[0], [1]])
        xs, ok_x = _basis_strategies(B, lo[1], spread[1], mixed, binding=support, support=support, transposed=True)
        ys, ok_y = _basis_strategies(A, lo[0], spread[0], mixed, binding=support, support=support, transposed=False)
        pay, reg = payoffs_and_regret(A, B, mixed, xs, ys)
        unverified = (reg[0] > rtol * np.take(spread[0], mixed)) | (reg[1] > rtol * np.take(spread[1], mixed))
        routed[mixed[unverified | ~(ok_x & ok_y)]] = True
        slot = mixed * 3 + top[mixed]
        for p in range(2):
            _snap(pay[p], np.take(spread[p], mixed), np.empty(len(mixed)))
        for arr, values in ((X, xs), (Y, ys), (P, pay)):
            for c in range(2):
                arr.reshape(-1)[slot * 2 + c] = values[c]
        R.reshape(-1)[slot] = np.maximum(reg[0], reg[1])
    bad = count[~routed]
    if len(bad) and not np.all((bad == 1) | (bad == 3)):  # pragma: no cover - an odd number, by nondegeneracy
        routed |= (count != 1) & (count != 3)
    back = np.flatnonzero(routed)
    if len(back):
        count[back] = 0
        for arr in (X, Y, P, R):
            arr[back] = np.nan
    return {"count": count, "x": X, "y": Y, "payoffs": P, "regret": R, "routed": routed}


def _snap(values: np.ndarray, spread: np.ndarray, term: np.ndarray) -> np.ndarray:
    """Payoffs within :data:`~leverage.tolerance.PROBABILITY_NOISE` of the range of 0 become exactly 0, in place."""
    np.multiply(spread, PROBABILITY_NOISE, out=term)
    keep = np.abs(values) > term
    values *= keep
    values += 0.0  # -0.0 from the product becomes 0.0
    return values


# ----------------------------------------------------------------------------- 3 x 3


def _best_of_three(G: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``out[k]``: strategy ``k`` is the best of three, from ``G[p]`` = "the first of pair ``_PAIRS[p]`` is better"."""
    np.logical_and(G[0], G[1], out=out[0])
    np.greater(G[2], G[0], out=out[1])
    np.logical_or(G[1], G[2], out=out[2])
    np.logical_not(out[2], out=out[2])
    return out


def _indifference_margins(
    D: np.ndarray, gt: np.ndarray, cross: bool, ws: Workspace
) -> tuple[np.ndarray, np.ndarray]:
    """For the 9 pairs of size-2 supports: the margin of the support over the strategy left out, and feasibility.

    ``D[p, k]`` (shape ``(3, 3, N)``) compares the pair ``_PAIRS[p]`` of the
    *indifferent* player's strategies against the other player's strategy
    ``k``; ``gt`` is ``D > 0``. For supports ``(I, J)`` (pair ``a`` of rows,
    ``b`` of columns, entry ``3 a + b``) this is the x-part (``cross=False``:
    the column player is indifferent among ``J``, the row player mixes on
    ``I``, ``D`` from ``B``) or the y-part (``cross=True``: the roles
    swapped, ``D`` from ``A``).

    With ``d_1, d_2`` the comparisons within the indifferent pair against the
    two mixed strategies, the mixture is ``(d_2, -d_1) / (d_2 - d_1)`` --
    non-negative exactly when they differ in sign -- and the margin over the
    strategy left out is ``(d_2 e_1 - d_1 e_2) / (d_2 - d_1)``, with ``e_k``
    the comparison of the pair's first member with it. Both results are
    workspace arrays, overwritten by the next call.
    """
    N = D.shape[2]
    D9, gt9 = D.reshape(9, N), gt.reshape(9, N)
    a, b = np.divmod(np.arange(9), 3)
    mixing, indifferent = (b, a) if cross else (a, b)
    first, second = 3 * indifferent + _PAIRS[mixing, 0], 3 * indifferent + _PAIRS[mixing, 1]
    outside = 3 * _OUTSIDE[indifferent]
    d1 = np.take(D9, first, axis=0, out=ws.array("d1", (9, N)))
    d2 = np.take(D9, second, axis=0, out=ws.array("d2", (9, N)))
    e1 = np.take(D9, outside + _PAIRS[mixing, 0], axis=0, out=ws.array("e1", (9, N)))
    e2 = np.take(D9, outside + _PAIRS[mixing, 1], axis=0, out=ws.array("e2", (9, N)))
    feasible = np.take(gt9, first, axis=0, out=ws.array("feasible", (9, N), bool))
    feasible ^= np.take(gt9, second, axis=0, out=ws.array("feasible2", (9, N), bool))
    with np.errstate(divide="ignore", invalid="ignore"):
        np.multiply(d2, e1, out=e1)
        np.multiply(d1, e2, out=e2)
        np.subtract(e1, e2, out=e1)
        np.subtract(d2, d1, out=d2)
        np.divide(e1, d2, out=e1)
    flip = e1[3 * _OUTSIDE_NEGATED : 3 * _OUTSIDE_NEGATED + 3] if cross else e1[_OUTSIDE_NEGATED::3]
    np.negative(flip, out=flip)
    return e1, feasible


def _kinds_3x3(
    A: np.ndarray,
    B: np.ndarray,
    margin: tuple[np.ndarray, np.ndarray],
    spread: tuple[np.ndarray, np.ndarray],
    ws: Workspace,
) -> tuple[np.ndarray, np.ndarray]:
    """Routed games, and for each game which of the 19 kinds of ``_KINDS_3X3`` are equilibria: shape ``(N, 19)``."""
    N = A.shape[2]
    DA, DB = ws.array("DA", (3, 3, N)), ws.array("DB", (3, 3, N))
    for p, (h, k) in enumerate(_PAIRS):
        np.subtract(A[h], A[k], out=DA[p])  # DA[p, j] = A[h, j] - A[k, j]: rows h and k against column j
        np.subtract(B[:, h], B[:, k], out=DB[p])  # DB[p, i] = B[i, h] - B[i, k]: columns h and k against row i
    size, low = ws.array("size", (9, N)), ws.array("low", N)
    routed, flag = ws.array("routed", N, bool), ws.array("flag", N, bool)
    for i, D in enumerate((DA, DB)):  # a tie of best replies, within the margin
        np.abs(D.reshape(9, N), out=size)
        np.minimum.reduce(size, axis=0, out=low)
        np.less_equal(low, margin[i], out=routed if i == 0 else flag)
    routed |= flag
    GA = np.greater(DA, 0.0, out=ws.array("GA", (3, 3, N), bool))
    GB = np.greater(DB, 0.0, out=ws.array("GB", (3, 3, N), bool))
    kinds = ws.array("kinds", (N, 19), bool)
    by_kind = kinds.T  # (19, N), a view
    # pure (i, j), kind 3 i + j: row i best against column j and column j best against row i
    best_rows = _best_of_three(GA, ws.array("best_rows", (3, 3, N), bool))  # [i, j]
    best_cols = _best_of_three(GB, ws.array("best_cols", (3, 3, N), bool))  # [j, i]
    for i in range(3):
        for j in range(3):
            np.logical_and(best_rows[i, j], best_cols[j, i], out=by_kind[3 * i + j])
    # supports of size 2, kind 9 + 3 a + b: rows _PAIRS[a], columns _PAIRS[b]
    both = ws.array("both", (9, N), bool)
    for D, G, cross, m in ((DB, GB, False, margin[1]), (DA, GA, True, margin[0])):
        gap, feasible = _indifference_margins(D, G, cross, ws)
        with np.errstate(invalid="ignore"):
            if cross:
                both &= feasible
                both &= np.greater(gap, 0.0, out=feasible)
            else:
                np.greater(gap, 0.0, out=both)
                both &= feasible
            np.abs(gap, out=gap)
            np.fmin.reduce(gap, axis=0, out=low)
        routed |= np.less_equal(low, m, out=flag)
    np.copyto(by_kind[9:18], both)
    # full support: x is proportional to the cross product of B's column differences, y to A's row differences
    full, same = ws.array("full", N, bool), ws.array("same", N, bool)
    c, positive, term = ws.array("cross", (3, N)), ws.array("positive", (3, N), bool), ws.array("term", N)
    for i, D in enumerate((DB, DA)):
        u, w = D[0], D[1]  # B[:, 0] - B[:, 1] and B[:, 0] - B[:, 2] (or A[0] - A[1] and A[0] - A[2])
        for k, (p, q) in enumerate(((1, 2), (2, 0), (0, 1))):
            np.multiply(u[p], w[q], out=c[k])
            np.multiply(u[q], w[p], out=term)
            np.subtract(c[k], term, out=c[k])
        np.greater(c, 0.0, out=positive)
        np.equal(positive[0], positive[1], out=flag)
        np.equal(positive[1], positive[2], out=same)
        same &= flag
        if i == 0:
            np.copyto(full, same)
        else:
            full &= same
        np.abs(c, out=c)
        np.minimum(c[0], c[1], out=low)
        np.minimum(low, c[2], out=low)
        np.multiply(margin[1 - i], spread[1 - i], out=term)
        routed |= np.less_equal(low, term, out=flag)
    np.copyto(by_kind[18], full)
    return routed, kinds


_KINDS_3X3 = _kind_table(
    3,
    3,
    [((i,), (j,)) for i in range(3) for j in range(3)]
    + [(tuple(I), tuple(J)) for I in _PAIRS for J in _PAIRS]
    + [((0, 1, 2), (0, 1, 2))],
)
