"""Every extreme Nash equilibrium of many small bimatrix games at once.

Sensitivity analysis solves the same small game at many parameter draws
(:meth:`leverage.ParametricGame.batch` returns the stacked payoff arrays).
:func:`solve_batch` enumerates every extreme equilibrium of each of ``N``
bimatrix games of one shape ``(m, n)`` with numpy operations on whole stacks of
games (inside, the games run along the last axis, so that every operation is
elementwise on long contiguous vectors): the only Python loops are over the
fixed set of bases of the best-response polytopes and over chunks of games,
never over single games.

Method
------
It is the support (basis) method of :mod:`leverage.solvers.support`, done for
all games at once (von Stengel 2007, Algorithm 3.4 and section 3.5; Avis,
Rosenberg, Savani and von Stengel 2010):

1. each player's payoffs are rescaled affinely to ``[1, 2]`` per game;
2. for each basis -- a support ``I`` and a set ``K`` of ``|I|`` binding
   constraints -- the square system is solved for all games together, in
   closed form (Cramer's rule) for sizes up to 3 and by a stacked
   ``numpy.linalg.solve`` beyond; singular systems are masked by a relative
   determinant test;
3. non-negative feasible solutions are the vertices of the polytopes; their
   labels follow :func:`leverage.solvers.polytope.vertex_labels` (the
   library's tolerance rule in normalised units) and are packed into bit masks
   (steps 2 and 3 are in :mod:`leverage.solvers.batch_vertices`);
4. a pair of vertices is an equilibrium when the union of its labels is
   complete -- one boolean array of shape ``(Vx, Vy, N)`` -- which also covers
   degenerate games, where vertices carry surplus labels and supports may
   differ in size;
5. candidates are normalised, cleaned of float noise, de-duplicated per game
   (sorted in the order of :func:`leverage.results.unique_equilibria`), and
   *verified*: each player's regret must be at most ``rtol`` times that
   player's payoff range in that game (:mod:`leverage.tolerance`). A candidate
   that fails is dropped and its game is marked ``"unverified"``.

Fast path
---------
2 x 2 and 3 x 3 games that are nondegenerate by a wide margin (no tie of best
replies within ``max(100 rtol, 1e-6)`` of the payoff range, see
:mod:`leverage.solvers.batch_supports`) skip the pairing: their equilibria are
found by support enumeration over supports of equal size, with the same
arithmetic for the strategies, payoffs and regrets
(:mod:`leverage.solvers.batch_verification`), so the results are the same bit
for bit. The other games of the chunk -- degenerate or nearly so, or with a
mixed candidate that fails verification -- take the general path above.

References
----------
B. von Stengel (2007), "Equilibrium computation for two-player games in
strategic and extensive form", chapter 3 of Algorithmic Game Theory (Nisan,
Roughgarden, Tardos and Vazirani, eds.), Cambridge University Press.

D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel (2010), "Enumeration of
Nash equilibria for two-player games", Economic Theory 42, 9-37.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from leverage.checks import real_array, renamed
from leverage.game import Game
from leverage.results import (
    PROBABILITY_NOISE,
    Equilibrium,
    SolverError,
    equilibrium_order,
    unique_columns_greedy,
    verified_equilibrium,
)
from leverage.solvers.batch_supports import SUPPORT_SHAPES, dense_equilibria_2x2, support_equilibria
from leverage.solvers.batch_verification import payoffs_and_regret
from leverage.solvers.batch_workspace import Workspace
from leverage.solvers.enumeration import equilibria
from leverage.solvers.batch_vertices import (  # noqa: F401  (FEASIBILITY_TOL stays importable from here)
    FEASIBILITY_TOL,
    BasisVertices,
    key_dtype,
    strategy_columns,
    vertex_keys,
)
from leverage.solvers.polytope import rescaled_payoffs, union_complete_pairs
from leverage.solvers.pure import pure_equilibrium_mask
from leverage.tolerance import PROBABILITY_ATOL, check_rtol, stacked_payoff_scale

__all__ = ["BatchEquilibria", "solve_batch", "pure_batch", "batch_tolerances", "STATUSES", "BATCH_MEMORY_BUDGET"]

#: Possible per-game statuses of :class:`BatchEquilibria`.
STATUSES = ("ok", "none", "unverified")
#: Code of each status in :attr:`BatchEquilibria.status_code` (an index into :data:`STATUSES`).
STATUS_CODE = {status: code for code, status in enumerate(STATUSES)}

#: Default number of games solved together (bounded further by memory per game).
DEFAULT_CHUNK = 16384
#: Default chunk of the smallest games (at most :data:`_SMALL_BASES` bases per polytope, such as 2 x 2), where
#: the fixed cost of each numpy call counts most (measured: 2 x 2 games run about 20% faster than at 16384).
SMALL_GAME_CHUNK = 65536
_SMALL_BASES = 5
#: Default chunk of the shapes of the fast path (:data:`_SUPPORT_PATH_SHAPES`): its scratch arrays stay in
#: cache (measured: 2 x 2 games about 15% faster than at 65536, 3 x 3 about 8% than at 32768).
SUPPORT_PATH_CHUNK = 16384

#: Largest number of entries of the ``(chunk, Vx, Vy)`` pairing array.
_PAIR_BUDGET = 1 << 23

#: Bytes the arrays of one chunk of games may take; a shape whose single game needs more is refused.
BATCH_MEMORY_BUDGET = 512 * 2**20
#: Bytes of the temporary arrays of one block of vertex pairs.
_PAIR_BLOCK_BYTES = 64 * 2**20
#: Above this many bases per polytope, bases that repeat a vertex are dropped before pairing.
_REPEATS_FROM_BASES = 1024

#: Two candidates of one game are the same equilibrium when no probability differs by more.
DEDUPE_ATOL = PROBABILITY_ATOL

#: Shapes whose nondegenerate games take the fast path of :mod:`leverage.solvers.batch_supports` (the
#: others, and the games it routes back, take the general path); empty, every game takes the general path.
_SUPPORT_PATH_SHAPES = SUPPORT_SHAPES


# ----------------------------------------------------------------------------- validation


def _as_stack(value: Any, name: str, caller: str) -> np.ndarray:
    try:
        return real_array(value, name, caller, finite=False)
    except TypeError as exc:  # strings, complex numbers, ragged nesting
        if "complex" in str(exc):
            raise
        problem = str(exc).removeprefix(f"{caller}: ")
        raise ValueError(f"{caller}: {name} must be a numeric array of real numbers ({problem})") from None


def _check_finite(arr: np.ndarray, name: str, caller: str) -> None:
    if arr.size:
        with np.errstate(over="ignore", invalid="ignore"):
            if np.isfinite(arr.max() - arr.min()):  # NaN and inf propagate: every entry finite, no range overflows
                return
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(
            f"{caller}: {name} has non-finite entries (first at index {tuple(int(i) for i in bad)})"
        )
    if arr.size:
        with np.errstate(over="ignore"):
            spread = arr.reshape(len(arr), -1).max(axis=1) - arr.reshape(len(arr), -1).min(axis=1)
        if not np.all(np.isfinite(spread)):
            k = int(np.argmin(np.isfinite(spread)))
            raise ValueError(
                f"{caller}: the payoffs of {name} in game {k} span a range that overflows a float; rescale them"
            )


def batch_tolerances(payoffs: Sequence[np.ndarray], rtol: float | None = None) -> np.ndarray:
    """Per-game, per-player absolute tolerances of the library's rule.

    The vectorised form of :func:`leverage.tolerance.tolerances`: for stacked
    payoff arrays of shape ``(N, m_1, ..., m_n)``, the tolerance of player
    ``i`` in game ``k`` is ``rtol`` times the range of ``payoffs[i][k]``, or
    ``rtol * max(1, max|u|)`` when that range is zero.

    Parameters
    ----------
    payoffs : sequence of numpy.ndarray
        One stacked payoff array per player.
    rtol : float, optional
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Returns
    -------
    numpy.ndarray
        Shape ``(N, n_players)``.

    Raises
    ------
    TypeError, ValueError
        As :func:`leverage.tolerance.stacked_payoff_scale` (in this function's name), or
        if ``rtol`` is not in ``[0, 1)``.

    Examples
    --------
    >>> A = np.array([[[0.0, 100.0], [0.0, 0.0]], [[3.0, 3.0], [3.0, 3.0]]])
    >>> batch_tolerances([A, A / 100])
    array([[1.e-06, 1.e-08],
           [3.e-08, 1.e-08]])
    """
    rtol = check_rtol(rtol, "batch_tolerances")
    with renamed("stacked_payoff_scale():", "batch_tolerances():"):
        return rtol * stacked_payoff_scale(payoffs)


# ----------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class BatchEquilibria:
    """Every extreme equilibrium of each of ``N`` bimatrix games, padded to a common count.

    Attributes
    ----------
    x, y : numpy.ndarray
        Mixed strategies, shapes ``(N, E, m)`` and ``(N, E, n)``; entries
        beyond each game's ``count`` are NaN. Within a game the equilibria come
        in the order of :func:`leverage.equilibria`.
    count : numpy.ndarray
        Number of verified equilibria of each game, shape ``(N,)``.
    payoffs : numpy.ndarray
        Expected payoffs of the row and column player, shape ``(N, E, 2)``.
    regret : numpy.ndarray
        Largest regret over the two players, shape ``(N, E)``.
    status_code : numpy.ndarray
        The status of each game as a small integer (``uint8``), an index into
        :data:`STATUSES`: 0 ``"ok"``; 2 ``"unverified"`` when some candidate
        failed verification and was dropped (the remaining ones are verified,
        but the list may be incomplete); 1 ``"none"`` when no equilibrium was
        found -- an error, since every game has one. A game left without a
        verified equilibrium (payoffs within ``rtol`` of a tie can do this) is
        solved again by :func:`leverage.equilibria`, and is ``"ok"`` when that
        succeeds. :attr:`status` gives the names.
    A, B : numpy.ndarray
        The games, shape ``(N, m, n)``: the caller's arrays themselves when
        they are float64 and C-contiguous (not copied, so later edits of them
        show here and in :meth:`game`), otherwise read-only converted copies.
    rtol : float
        Relative tolerance used for labels and verification.

    Examples
    --------
    >>> A = np.array([[[2.0, 0.0], [0.0, 1.0]], [[3.0, 0.0], [5.0, 1.0]]])
    >>> B = np.array([[[1.0, 0.0], [0.0, 2.0]], [[3.0, 5.0], [0.0, 1.0]]])
    >>> res = solve_batch(A, B)
    >>> len(res), res.count.tolist(), res.status.tolist(), res.status_code.tolist()
    (2, [3, 1], ['ok', 'ok'], [0, 0])
    >>> res.x.shape
    (2, 3, 2)
    >>> res.game(1)[0].support
    ((1,), (1,))
    """

    x: np.ndarray
    y: np.ndarray
    count: np.ndarray
    payoffs: np.ndarray
    regret: np.ndarray
    status_code: np.ndarray
    A: np.ndarray
    B: np.ndarray
    rtol: float

    def __len__(self) -> int:
        return int(self.count.shape[0])

    def __repr__(self) -> str:
        N = len(self)
        m, n = self.x.shape[2], self.y.shape[2]
        tally = np.bincount(self.status_code, minlength=len(STATUSES))
        kinds = ", ".join(f"{s} {int(c)}" for s, c in zip(STATUSES, tally) if c)
        return f"BatchEquilibria({N} games of shape ({m}, {n}); {int(self.count.sum())} equilibria; {kinds or 'empty'})"

    @cached_property
    def status(self) -> np.ndarray:
        """The name in :data:`STATUSES` of each game's status (read-only strings, built once from :attr:`status_code`)."""
        names = np.take(np.array(STATUSES), self.status_code)
        names.setflags(write=False)
        return names

    @property
    def ok(self) -> np.ndarray:
        """Boolean array: which games were solved completely and verified."""
        return self.status_code == STATUS_CODE["ok"]

    def check(self) -> BatchEquilibria:
        """Return ``self`` when every game is ``"ok"``; raise otherwise.

        Raises
        ------
        SolverError
            Naming the first games whose status is ``"none"`` or ``"unverified"``.

        Examples
        --------
        >>> solve_batch(np.ones((3, 2, 2)), np.ones((3, 2, 2))).check().count.tolist()
        [4, 4, 4]
        """
        bad = np.flatnonzero(~self.ok)
        if len(bad):
            listed = ", ".join(f"game {k}: {self.status[k]}" for k in bad[:5])
            more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
            raise SolverError(f"solve_batch(): {len(bad)} of {len(self)} games were not solved ({listed}{more})")
        return self

    def game(self, k: int) -> list[Equilibrium]:
        """The equilibria of game ``k`` as :class:`~leverage.Equilibrium` objects.

        Each profile is verified again by
        :func:`leverage.results.verified_equilibrium` on
        ``Game.from_bimatrix(A[k], B[k])``.

        Raises
        ------
        IndexError
            If ``k`` is not a valid game index.

        Examples
        --------
        >>> res = solve_batch(np.array([[[1.0, -1.0], [-1.0, 1.0]]]), np.array([[[-1.0, 1.0], [1.0, -1.0]]]))
        >>> res.game(0)[0].isclose([[0.5, 0.5], [0.5, 0.5]])
        True
        """
        N = len(self)
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise TypeError(f"BatchEquilibria.game(): k must be an integer; got {type(k).__name__}")
        if not -N <= k < N:
            raise IndexError(f"BatchEquilibria.game(): game index {k} is out of range for {N} games")
        k = int(k) % N
        g = Game.from_bimatrix(self.A[k], self.B[k])
        return [
            verified_equilibrium(g, (self.x[k, e], self.y[k, e]), "batch", rtol=self.rtol)
            for e in range(int(self.count[k]))
        ]


# ----------------------------------------------------------------------------- one chunk


def _complete_pairs(kx: np.ndarray, ky: np.ndarray, labels: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertex pairs whose labels together are complete (:func:`~leverage.solvers.polytope.union_complete_pairs`).

    ``kx`` and ``ky`` are label bit masks of shapes ``(Vx, N)`` and ``(Vy, N)``;
    a pair is complete when the union of its labels is every label -- with
    vertices of degenerate games carrying surplus labels, a union rather than a
    complementary match. When the pairing would pass :data:`_PAIR_BLOCK_BYTES`
    at once, only bases that give a vertex in some game of the chunk take part.

    Returns
    -------
    tuple of numpy.ndarray
        Flat indices ``a * N + g`` into ``kx`` and ``b * N + g`` into ``ky``,
        and the game ``g`` of each pair.
    """
    (Vx, N), Vy = kx.shape, ky.shape[0]
    full = np.array([(1 << labels) - 1], dtype=kx.dtype)
    if Vx * Vy * N * (kx.dtype.itemsize + 1) <= _PAIR_BLOCK_BYTES:
        rows_x, rows_y = np.arange(Vx), np.arange(Vy)
    else:
        rows_x, rows_y = np.flatnonzero(kx.any(axis=1)), np.flatnonzero(ky.any(axis=1))
    parts_a, parts_b, parts_g = [np.zeros(0, np.intp)], [np.zeros(0, np.intp)], [np.zeros(0, np.intp)]
    for a, b, g in union_complete_pairs(kx[:, :, None], ky[:, :, None], full, rows_x, rows_y, _PAIR_BLOCK_BYTES):
        parts_a.append(a * N + g)
        parts_b.append(b * N + g)
        parts_g.append(g)
    return np.concatenate(parts_a), np.concatenate(parts_b), np.concatenate(parts_g)


def _drop_repeated_vertices(keys: np.ndarray) -> None:
    """Zero, in place, the keys of bases that repeat the vertex (the labels) of an earlier basis of their game.

    In degenerate games a vertex is reached from many bases, and each complete
    pair would otherwise be found once per pair of bases (billions at 9 x 9 with 0/1 payoffs).
    """
    V, flat = keys.shape[0], keys.T.ravel()  # game-major: entry g * V + v
    nonzero = np.flatnonzero(flat)
    order = np.lexsort((flat[nonzero], nonzero // V))  # stable: the first basis of each vertex leads
    ranked, game = flat[nonzero][order], (nonzero // V)[order]
    repeat = np.concatenate([[False], (ranked[1:] == ranked[:-1]) & (game[1:] == game[:-1])])
    drop = nonzero[order[repeat]]
    keys[drop % V, drop // V] = 0


def _chunk_bytes(m: int, n: int, chunk: int) -> int:
    """Bytes :func:`_solve_chunk` may take for ``chunk`` games of shape ``(m, n)``: an estimate from above.

    Per game: vertices and label masks of every basis of both polytopes and the temporaries of the largest
    block of bases, doubled for the arrays derived from them (measured peaks stay below). Shared: the
    cached basis index arrays and two pair blocks of :data:`_PAIR_BLOCK_BYTES`.
    """
    from math import comb

    bases, key, sizes = comb(m + n, m) - 1, np.dtype(key_dtype(m + n)).itemsize, range(1, min(m, n) + 1)
    largest_block = max(comb(m, s) * comb(n, s) * (16 * s * s + m + n + 8 * s + 8) for s in sizes)
    per_game = bases * (8 * (m + n) + 2 * key) + largest_block
    shared = 2 * 16 * sum(s * comb(m, s) * comb(n, s) for s in sizes) + 2 * _PAIR_BLOCK_BYTES
    return 2 * chunk * per_game + shared


def _probabilities(Z: BasisVertices, index: np.ndarray) -> np.ndarray:
    """Normalised, cleaned vertices at flat indices ``index`` (``basis * N + game``) of ``Z``: one column each.

    Cleaned by :func:`leverage.results.clean_probability_array`, as
    :func:`leverage.results.clean_probabilities` cleans one vector.
    """
    return strategy_columns(Z.columns(index))


def _scale(lo: np.ndarray, spread: np.ndarray) -> np.ndarray:
    """Each game's payoff scale of the tolerance rule: the range, or ``max(1, |lo|)`` for constant payoffs."""
    return np.where(spread > 0, spread, np.maximum(1.0, np.abs(lo)))


def _solve_chunk(A: np.ndarray, B: np.ndarray, rtol: float) -> dict[str, np.ndarray]:
    """Solve the games of one chunk; ``A`` and ``B`` have shape ``(m, n, N)`` (games last).

    Returns the game index ``g`` of every verified equilibrium with its
    strategies ``x`` ``(m, E)`` and ``y`` ``(n, E)``, payoffs ``(2, E)`` and
    regret ``(E,)``, sorted by game and within a game in the order of
    :func:`leverage.results.unique_equilibria`; and ``failed`` ``(N,)``, the
    games where a candidate failed verification.
    """
    m, n, N = A.shape
    An, lo_a, spread_a = rescaled_payoffs(A, axis=(0, 1))
    Bn, lo_b, spread_b = rescaled_payoffs(B, axis=(0, 1))
    # P = {x >= 0, Bn^T x <= 1}: labels x_i = 0 -> bits 0..m-1, binding columns -> bits m..m+n-1
    X, kx = vertex_keys(Bn.transpose(1, 0, 2), rtol, zero_shift=0, bind_shift=m)
    # Q = {An y <= 1, y >= 0}: binding rows -> bits 0..m-1, y_j = 0 -> bits m..m+n-1
    Y, ky = vertex_keys(An, rtol, zero_shift=m, bind_shift=0)
    if len(kx) > _REPEATS_FROM_BASES:  # degenerate vertices reached from many bases would pair many times over
        _drop_repeated_vertices(kx)
        _drop_repeated_vertices(ky)
    ia, ib, g = _complete_pairs(kx, ky, m + n)
    flat = np.concatenate([_probabilities(X, ia), _probabilities(Y, ib)], axis=0)  # (m + n, M)

    # the order of unique_equilibria within each game, then its de-duplication
    order = equilibrium_order(flat, g)
    g, flat = g[order], np.take(flat, order, axis=1)
    keep = unique_columns_greedy(flat, DEDUPE_ATOL, g)
    if not keep.all():
        g, flat = g[keep], flat[:, keep]
    x, y = flat[:m], flat[m:]

    # verification with the library's rule: regret <= rtol * payoff range, per game and player
    pay, reg = payoffs_and_regret(A, B, g, x, y)
    scale = np.stack([_scale(lo_a[0, 0], spread_a[0, 0]), _scale(lo_b[0, 0], spread_b[0, 0])])
    scale_g = np.take(scale, g, axis=1)
    verified = (reg[0] <= rtol * scale_g[0]) & (reg[1] <= rtol * scale_g[1])
    failed = np.zeros(N, dtype=bool)
    if not verified.all():
        failed[g[~verified]] = True
        g, x, y, pay, reg, scale_g = (
            g[verified], x[:, verified], y[:, verified], pay[:, verified], reg[:, verified], scale_g[:, verified]
        )
    pay[np.abs(pay) <= PROBABILITY_NOISE * scale_g] = 0.0
    return {"g": g, "x": x, "y": y, "payoffs": pay, "regret": np.maximum(reg[0], reg[1]), "failed": failed}


def _solve_chunk_supports(
    A: np.ndarray, B: np.ndarray, rtol: float, ws: Workspace
) -> tuple[list[dict[str, np.ndarray]], np.ndarray]:
    """Solve one chunk of 2 x 2 or 3 x 3 games: the nondegenerate ones by support enumeration, the others generally.

    :func:`leverage.solvers.batch_supports.support_equilibria` lists the
    equilibria of the games that are nondegenerate by a wide margin, with the
    general path's strategies; a pure one (strict best replies both ways) has
    regret exactly 0 and the payoffs ``A[i, j], B[i, j]``; a mixed one is
    verified here as in :func:`_solve_chunk`. The games it routes back, and any
    game with a mixed candidate that fails verification or with no
    equilibrium, are solved by :func:`_solve_chunk`.

    Returns
    -------
    parts : list of dict
        The results of the two paths: a list of equilibria as
        :func:`_solve_chunk`'s, with the place of each equilibrium in its
        game's list (``rank``); or, for 2 x 2 games, per-game slots as
        :func:`leverage.solvers.batch_supports.dense_equilibria_2x2` returns.
    failed : numpy.ndarray
        Shape ``(N,)``: games where a candidate failed verification.
    """
    m, n, N = A.shape
    flat_a, flat_b = A.reshape(m * n, N), B.reshape(m * n, N)
    lo = tuple(np.minimum.reduce(M, axis=0, out=ws.array(f"lo_{p}", N)) for p, M in enumerate((flat_a, flat_b)))
    spread = tuple(np.maximum.reduce(M, axis=0, out=ws.array(f"spread_{p}", N)) for p, M in enumerate((flat_a, flat_b)))
    for p in range(2):
        np.subtract(spread[p], lo[p], out=spread[p])  # > 0 in every game not routed
    if (m, n) == (2, 2):
        dense = dense_equilibria_2x2(A, B, lo, spread, rtol, ws)
        return _with_general(A, B, rtol, [dense], dense["routed"])
    found = support_equilibria(A, B, lo, spread, rtol, ws)
    routed, g, x, y, cell = found.routed, found.g, found.x, found.y, found.cell
    pay, reg = ws.array("payoffs", (2, len(g))), ws.array("regret", (2, len(g)))
    reg[...] = 0.0
    pure = np.flatnonzero(cell >= 0)
    at = cell[pure] * N + g[pure]
    pay[0, pure], pay[1, pure] = np.take(flat_a, at), np.take(flat_b, at)
    mixed = np.flatnonzero(cell < 0)
    if len(mixed):
        gm = g[mixed]
        pay[:, mixed], reg[:, mixed] = payoffs_and_regret(A, B, gm, x[:, mixed], y[:, mixed])
        unverified = (reg[0, mixed] > rtol * np.take(spread[0], gm)) | (reg[1, mixed] > rtol * np.take(spread[1], gm))
        if unverified.any():  # the general path says which candidates fail
            routed[gm[unverified]] = True
    routed[np.bincount(g, minlength=N) == 0] = True  # every game has an equilibrium: none found is not trusted
    keep = ~routed[g]
    rank = found.rank
    if not keep.all():
        g, rank, x, y, pay, reg = g[keep], rank[keep], x[:, keep], y[:, keep], pay[:, keep], reg[:, keep]
    scale = np.stack([np.take(spread[0], g), np.take(spread[1], g)])
    pay[np.abs(pay) <= PROBABILITY_NOISE * scale] = 0.0
    parts = [{"g": g, "rank": rank, "x": x, "y": y, "payoffs": pay, "regret": np.maximum(reg[0], reg[1])}]
    return _with_general(A, B, rtol, parts, routed)


def _with_general(
    A: np.ndarray, B: np.ndarray, rtol: float, parts: list[dict[str, np.ndarray]], routed: np.ndarray
) -> tuple[list[dict[str, np.ndarray]], np.ndarray]:
    """``parts`` and the general path's results for the ``routed`` games; the games where a candidate failed."""
    N = A.shape[2]
    failed = np.zeros(N, dtype=bool)
    back = np.flatnonzero(routed)
    if len(back):
        general = _solve_chunk(np.ascontiguousarray(A[:, :, back]), np.ascontiguousarray(B[:, :, back]), rtol)
        general["g"] = back[general["g"]]
        general["rank"] = _ranks_in_sorted(general["g"], N)
        failed[back] = general["failed"]
        parts.append(general)
    return parts, failed


def _ranks_in_sorted(g: np.ndarray, N: int) -> np.ndarray:
    """The place of each entry of the non-decreasing ``g`` among the entries equal to it."""
    here = np.bincount(g, minlength=N)
    return np.arange(len(g)) - (np.cumsum(here) - here)[g]


def _solve_chunk_parts(
    A: np.ndarray, B: np.ndarray, rtol: float, ws: Workspace
) -> tuple[list[dict[str, np.ndarray]], np.ndarray]:
    """One chunk by the fast path when its shape has one (:data:`_SUPPORT_PATH_SHAPES`), else generally."""
    if A.shape[:2] in _SUPPORT_PATH_SHAPES:
        return _solve_chunk_supports(A, B, rtol, ws)
    part = _solve_chunk(A, B, rtol)
    part["rank"] = _ranks_in_sorted(part["g"], A.shape[2])
    return [part], part["failed"]


# ----------------------------------------------------------------------------- public


def solve_batch(A: Any, B: Any, tol: float | None = None, *, chunk: int | None = None) -> BatchEquilibria:
    """Every extreme Nash equilibrium of each of ``N`` bimatrix games, vectorised over games.

    The games ``(A[k], B[k])`` share one small shape ``(m, n)``. The result
    holds, for each game, the same equilibria as
    ``leverage.equilibria(Game.from_bimatrix(A[k], B[k]))`` -- degenerate
    games included -- each verified against the library's tolerance rule
    (regret at most ``tol`` times the player's payoff range in that game).
    See the module documentation for the method.

    Parameters
    ----------
    A, B : array_like
        Payoffs of the row and column player, shape ``(N, m, n)``, finite.
        :meth:`leverage.ParametricGame.batch` returns them in this form.
    tol : float, optional
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).
    chunk : int, optional
        Number of games solved together (memory grows with it); by default
        up to 16384 (65536 for shapes with at most five bases per polytope
        other than 2 x 2, such as 1 x 4), fewer for larger shapes, and never
        more than the memory budget allows.

    Returns
    -------
    BatchEquilibria
        Padded arrays of strategies, payoffs and regrets, a count and a
        status per game.

    Raises
    ------
    ValueError
        If ``A`` or ``B`` is not 3-D, their shapes differ, a game has no
        strategies, or an entry is not finite; if one game of this shape
        would need more memory than :data:`BATCH_MEMORY_BUDGET` (512 MiB), or
        ``chunk`` games more than that.

    Notes
    -----
    The work and memory per game grow with the number of bases,
    ``C(m + n, m) - 1`` per polytope: shapes up to 4 x 4 are the intended
    use. Memory is bounded by :data:`BATCH_MEMORY_BUDGET`: the default chunk
    is cut to fit it, vertex pairs are matched in blocks of bounded size, and
    shapes whose single game would not fit are refused: 11 x 11, 10 x 12,
    9 x 13, 8 x 15, 7 x 18, 6 x 23, 5 x 31 and larger, in either order. Solve
    those one at a time with :func:`leverage.equilibria`, which is also the
    faster there. A game whose
    status is not ``"ok"`` never has an unverified profile in the result;
    call :meth:`BatchEquilibria.check` to turn such games into an error.

    References
    ----------
    B. von Stengel (2007), "Equilibrium computation for two-player games in
    strategic and extensive form", in Algorithmic Game Theory, chapter 3.
    D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel (2010),
    "Enumeration of Nash equilibria for two-player games", Economic Theory 42.

    Examples
    --------
    Battle of the sexes at three values of the row player's payoff ``a``:

    >>> a = np.array([2.0, 1.0, 4.0])
    >>> A = np.zeros((3, 2, 2)); A[:, 0, 0] = a; A[:, 1, 1] = 1.0
    >>> B = np.broadcast_to(np.array([[1.0, 0.0], [0.0, 2.0]]), (3, 2, 2))
    >>> res = solve_batch(A, B)
    >>> res.count
    array([3, 3, 3])
    >>> np.round(res.y[:, 1], 4)  # the column player's mix in the mixed equilibrium
    array([[0.3333, 0.6667],
           [0.5   , 0.5   ],
           [0.2   , 0.8   ]])
    >>> res.status.tolist()
    ['ok', 'ok', 'ok']
    """
    caller = "solve_batch()"
    rtol = check_rtol(tol, "solve_batch")
    A_in, B_in = A, B
    A = _as_stack(A, "A", caller)
    B = _as_stack(B, "B", caller)
    for name, M in (("A", A), ("B", B)):
        if M.ndim != 3:
            raise ValueError(f"{caller}: {name} must be a 3-D array of shape (N, m, n); got shape {M.shape}")
    if A.shape != B.shape:
        raise ValueError(f"{caller}: A has shape {A.shape} but B has shape {B.shape}")
    N, m, n = A.shape
    if m < 1 or n < 1:
        raise ValueError(f"{caller}: each game needs at least one strategy per player; got shape {(m, n)}")
    _check_finite(A, "A", caller)
    _check_finite(B, "B", caller)
    one = _chunk_bytes(m, n, 1)
    if one > BATCH_MEMORY_BUDGET:
        raise ValueError(
            f"{caller}: games of shape {(m, n)} need about {one / 2**20:,.0f} MiB each, over the memory budget "
            f"of {BATCH_MEMORY_BUDGET // 2**20} MiB (BATCH_MEMORY_BUDGET); solve them one at a time with "
            f"leverage.equilibria(Game.from_bimatrix(A[k], B[k]))"
        )
    fits = 1 + (BATCH_MEMORY_BUDGET - one) // (_chunk_bytes(m, n, 2) - one)
    if chunk is None:
        from math import comb

        vertices = comb(m + n, m) - 1
        largest = SMALL_GAME_CHUNK if vertices <= _SMALL_BASES else DEFAULT_CHUNK
        if (m, n) in _SUPPORT_PATH_SHAPES:
            largest = SUPPORT_PATH_CHUNK
        chunk = max(1, min(largest, _PAIR_BUDGET // (vertices * vertices), fits))
    elif isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise ValueError(f"{caller}: chunk must be a positive integer; got {chunk!r}")
    elif chunk > fits:
        raise ValueError(
            f"{caller}: chunk={chunk} games of shape {(m, n)} would need about "
            f"{_chunk_bytes(m, n, int(chunk)) / 2**20:,.0f} MiB, over the memory budget of "
            f"{BATCH_MEMORY_BUDGET // 2**20} MiB (BATCH_MEMORY_BUDGET); use chunk={fits} or fewer"
        )
    A = np.ascontiguousarray(A)
    B = np.ascontiguousarray(B)

    # results go straight into padded arrays of E slots per game, widened when a chunk needs more
    E = 0
    x, y, payoffs = np.empty((N, 0, m)), np.empty((N, 0, n)), np.empty((N, 0, 2))
    regret = np.empty((N, 0))
    count = np.zeros(N, dtype=np.int64)
    status_code = np.zeros(N, dtype=np.uint8)
    ws = Workspace()  # the chunks' scratch arrays, games last
    for s in range(0, N, chunk):
        size = min(chunk, N - s)
        games_last = [ws.array(name, (m, n, size)) for name in ("A", "B")]
        for out, given in zip(games_last, (A, B)):
            np.copyto(out, given[s : s + size].transpose(1, 2, 0))
        parts, failed = _solve_chunk_parts(*games_last, rtol, ws)
        here = sum(part["count"] if "count" in part else np.bincount(part["g"], minlength=size) for part in parts)
        count[s : s + size] = here
        status_code[s : s + size][here == 0] = STATUS_CODE["none"]
        status_code[s : s + size][failed] = STATUS_CODE["unverified"]
        wide = int(here.max()) if size else 0
        if wide > E:
            x, y, payoffs, regret = (_widened(arr, s, wide) for arr in (x, y, payoffs, regret))
            E = wide
        # a part of per-game slots fills its slots, NaN included; the others are NaN-padded here
        filled = min(E, max((part["x"].shape[1] for part in parts if "count" in part), default=0))
        for arr in (x, y, payoffs, regret):
            arr[s : s + size, filled:] = np.nan
        for part in parts:
            if "count" in part:
                for arr, name in ((x, "x"), (y, "y"), (payoffs, "payoffs"), (regret, "regret")):
                    arr[s : s + size, :filled] = part[name][:, :filled]
                continue
            # flat slot of each equilibrium: (game * E + place within its game); one assignment per coordinate
            slot = (part["g"] + s) * E + part["rank"]
            place = ws.array("place", len(slot), np.int64)
            for arr, values in ((x, part["x"]), (y, part["y"]), (payoffs, part["payoffs"])):
                width, flat = values.shape[0], arr.reshape(-1)
                for i in range(width):
                    np.multiply(slot, width, out=place)
                    place += i
                    flat[place] = values[i]
            regret.reshape(-1)[slot] = part["regret"]
    unsolved = np.flatnonzero(count == 0)
    if unsolved.size:  # every game has an equilibrium: solve these (payoffs within rtol of a tie) one at a time
        found = [equilibria(Game.from_bimatrix(A[k], B[k]), rtol=rtol) for k in unsolved]
        wide = max(len(eqs) for eqs in found)
        if wide > E:
            x, y, payoffs, regret = (_widened(arr, N, wide) for arr in (x, y, payoffs, regret))
        for k, eqs in zip(unsolved, found):
            if eqs:
                count[k], status_code[k] = len(eqs), STATUS_CODE["ok"]
            for e, eq in enumerate(eqs):
                x[k, e], y[k, e] = eq.strategies
                payoffs[k, e], regret[k, e] = eq.payoffs, eq.regret
    for arr in (x, y, count, payoffs, regret, status_code):
        arr.setflags(write=False)
    for arr, given in ((A, A_in), (B, B_in)):
        if arr is not given:  # a converted copy of the caller's data: nothing else holds it
            arr.setflags(write=False)
    return BatchEquilibria(
        x=x, y=y, count=count, payoffs=payoffs, regret=regret, status_code=status_code, A=A, B=B, rtol=rtol
    )


def _widened(arr: np.ndarray, filled: int, E: int) -> np.ndarray:
    """``arr`` (shape ``(N, E0, ...)``) with ``E`` slots per game: the first ``filled`` games copied, NaN padded."""
    out = np.empty((arr.shape[0], E) + arr.shape[2:])
    out[:filled, : arr.shape[1]] = arr[:filled]
    out[:filled, arr.shape[1] :] = np.nan
    return out


def pure_batch(payoffs: Sequence[Any], tol: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pure Nash equilibria of ``N`` stacked n-player games.

    A vectorised wrapper of :func:`leverage.solvers.pure.pure_equilibrium_mask`
    with the library's tolerance rule taken per game and player
    (:func:`batch_tolerances`).

    Parameters
    ----------
    payoffs : sequence of array_like
        One array per player, each of shape ``(N, m_1, ..., m_n)`` where
        ``n = len(payoffs)``, finite.
    tol : float, optional
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Returns
    -------
    mask : numpy.ndarray
        Boolean, shape ``(N, m_1, ..., m_n)``: True at pure equilibria.
    counts : numpy.ndarray
        Number of pure equilibria per game, shape ``(N,)``.

    Raises
    ------
    ValueError
        If ``payoffs`` is empty, an array does not have ``n + 1`` axes, the
        shapes differ, or an entry is not finite.

    Examples
    --------
    Prisoner's dilemma and battle of the sexes, stacked:

    >>> A = np.array([[[3.0, 0.0], [5.0, 1.0]], [[2.0, 0.0], [0.0, 1.0]]])
    >>> B = np.array([[[3.0, 5.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]]])
    >>> mask, counts = pure_batch([A, B])
    >>> counts
    array([1, 2])
    >>> mask[1]
    array([[ True, False],
           [False,  True]])
    """
    caller = "pure_batch()"
    rtol = check_rtol(tol, "pure_batch")
    if isinstance(payoffs, np.ndarray) or not isinstance(payoffs, Sequence) or len(payoffs) == 0:
        raise ValueError(f"{caller}: payoffs must be a non-empty list with one stacked array per player")
    n = len(payoffs)
    arrays = [_as_stack(u, f"payoffs[{i}]", caller) for i, u in enumerate(payoffs)]
    for i, u in enumerate(arrays):
        if u.ndim != n + 1:
            raise ValueError(
                f"{caller}: payoffs[{i}] must have {n + 1} axes (games, then one per player); got shape {u.shape}"
            )
        if u.shape != arrays[0].shape:
            raise ValueError(f"{caller}: payoffs[{i}] has shape {u.shape} but payoffs[0] has shape {arrays[0].shape}")
        if min(u.shape[1:]) < 1:
            raise ValueError(f"{caller}: each player needs at least one strategy; got shape {u.shape}")
        _check_finite(u, f"payoffs[{i}]", caller)
    N = arrays[0].shape[0]
    if N == 0:
        return np.zeros(arrays[0].shape, dtype=bool), np.zeros(0, dtype=np.int64)
    mask = pure_equilibrium_mask(arrays, batch_tolerances(arrays, rtol))
    return mask, mask.reshape(N, -1).sum(axis=1).astype(np.int64)
