"""Every extreme Nash equilibrium of many small bimatrix games at once.

Sensitivity analysis solves the same small game at many parameter draws
(:meth:`leverage.ParametricGame.batch` returns the stacked payoff arrays).
:func:`solve_batch` enumerates every extreme equilibrium of each of ``N``
bimatrix games of one shape ``(m, n)`` with numpy operations on arrays whose
first axis runs over the games: the only Python loops are over the fixed set of
bases of the best-response polytopes, never over games.

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
   library's tolerance rule in normalised units) and are packed into bit masks;
4. a pair of vertices is an equilibrium when the union of its labels is
   complete -- one boolean array of shape ``(N, Vx, Vy)`` -- which also covers
   degenerate games, where vertices carry surplus labels and supports may
   differ in size;
5. candidates are normalised, cleaned of float noise, de-duplicated per game
   (sorted in the order of :func:`leverage.results.unique_equilibria`), and
   *verified*: each player's regret must be at most ``rtol`` times that
   player's payoff range in that game (:mod:`leverage.tolerance`). A candidate
   that fails is dropped and its game is marked ``"unverified"``.

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
from functools import lru_cache
from itertools import combinations
from typing import Any

import numpy as np

from leverage.game import Game
from leverage.results import PROBABILITY_NOISE, Equilibrium, SolverError, verified_equilibrium
from leverage.solvers.polytope import PROBABILITY_LABEL_TOL
from leverage.solvers.pure import pure_equilibrium_mask
from leverage.solvers.support import SINGULAR_RCOND
from leverage.tolerance import check_rtol

__all__ = ["BatchEquilibria", "solve_batch", "pure_batch", "batch_tolerances", "STATUSES"]

#: Possible per-game statuses of :class:`BatchEquilibria`.
STATUSES = ("ok", "none", "unverified")

#: Slack allowed in ``z >= 0`` and ``C z <= 1`` for float error (as in the support method).
FEASIBILITY_TOL = 1e-10

#: Default number of games solved together (bounded further by memory per game).
DEFAULT_CHUNK = 16384

#: Largest number of entries of the ``(chunk, Vx, Vy)`` pairing array.
_PAIR_BUDGET = 1 << 23

#: Two candidates of one game are the same equilibrium when no probability differs by more.
DEDUPE_ATOL = 1e-9


# ----------------------------------------------------------------------------- validation


def _as_stack(value: Any, name: str, caller: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{caller}: {name} must be a numeric array; got {type(value).__name__}") from None
    return arr


def _check_finite(arr: np.ndarray, name: str, caller: str) -> None:
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(
            f"{caller}: {name} has non-finite entries (first at index {tuple(int(i) for i in bad)})"
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

    Examples
    --------
    >>> A = np.array([[[0.0, 100.0], [0.0, 0.0]], [[3.0, 3.0], [3.0, 3.0]]])
    >>> batch_tolerances([A, A / 100])
    array([[1.e-06, 1.e-08],
           [3.e-08, 1.e-08]])
    """
    rtol = check_rtol(rtol, "batch_tolerances")
    out = []
    for u in payoffs:
        flat = np.asarray(u, dtype=float).reshape(len(u), -1)
        spread = flat.max(axis=1) - flat.min(axis=1)
        fallback = np.maximum(1.0, np.abs(flat).max(axis=1))
        out.append(np.where(spread > 0, spread, fallback))
    return rtol * np.stack(out, axis=1)


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
    status : numpy.ndarray
        One of :data:`STATUSES` per game: ``"ok"``; ``"unverified"`` when some
        candidate failed verification and was dropped (the remaining ones are
        verified, but the list may be incomplete); ``"none"`` when no
        equilibrium was found -- an error, since every game has one.
    A, B : numpy.ndarray
        The games, shape ``(N, m, n)``.
    rtol : float
        Relative tolerance used for labels and verification.

    Examples
    --------
    >>> A = np.array([[[2.0, 0.0], [0.0, 1.0]], [[3.0, 0.0], [5.0, 1.0]]])
    >>> B = np.array([[[1.0, 0.0], [0.0, 2.0]], [[3.0, 5.0], [0.0, 1.0]]])
    >>> res = solve_batch(A, B)
    >>> len(res), res.count.tolist(), res.status.tolist()
    (2, [3, 1], ['ok', 'ok'])
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
    status: np.ndarray
    A: np.ndarray
    B: np.ndarray
    rtol: float

    def __len__(self) -> int:
        return int(self.count.shape[0])

    def __repr__(self) -> str:
        N = len(self)
        m, n = self.x.shape[2], self.y.shape[2]
        kinds = ", ".join(f"{s} {int(np.sum(self.status == s))}" for s in STATUSES if np.any(self.status == s))
        return f"BatchEquilibria({N} games of shape ({m}, {n}); {int(self.count.sum())} equilibria; {kinds or 'empty'})"

    @property
    def ok(self) -> np.ndarray:
        """Boolean array: which games were solved completely and verified."""
        return self.status == "ok"

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


# ----------------------------------------------------------------------------- vertices


@lru_cache(maxsize=None)
def _bases(k: int, d: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """For each size ``s``: binding constraints ``K`` and supports ``I``, all pairs, stacked."""
    out = []
    for s in range(1, min(k, d) + 1):
        rows = np.array(list(combinations(range(k), s)), dtype=np.intp)
        cols = np.array(list(combinations(range(d), s)), dtype=np.intp)
        K = np.repeat(rows, len(cols), axis=0)
        I = np.tile(cols, (len(rows), 1))
        out.append((K, I))
    return tuple(out)


def _solve_ones(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``M z = 1`` for stacked ``(..., s, s)`` matrices with entries in ``[1, 2]``.

    Returns the solutions and a mask of non-singular systems. A system counts
    as singular unless ``|det M| > SINGULAR_RCOND * (2 s)^s``; since the
    largest singular value is at most ``2 s``, every accepted system has
    ``sigma_min > SINGULAR_RCOND * sigma_max``, the test of the support method.
    """
    s = M.shape[-1]
    threshold = SINGULAR_RCOND * float((2 * s) ** s)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if s == 1:
            a = M[..., 0, 0]
            return (1.0 / a)[..., None], np.ones(a.shape, dtype=bool)
        if s == 2:
            a, b, c, d = M[..., 0, 0], M[..., 0, 1], M[..., 1, 0], M[..., 1, 1]
            det = a * d - b * c
            ok = np.abs(det) > threshold
            inv = 1.0 / np.where(ok, det, 1.0)
            z = np.stack([(d - b) * inv, (a - c) * inv], axis=-1)
            return z, ok
        if s == 3:
            a, b, c = M[..., 0, 0], M[..., 0, 1], M[..., 0, 2]
            d, e, f = M[..., 1, 0], M[..., 1, 1], M[..., 1, 2]
            g, h, i = M[..., 2, 0], M[..., 2, 1], M[..., 2, 2]
            c00, c10, c20 = e * i - f * h, f * g - d * i, d * h - e * g
            det = a * c00 + b * c10 + c * c20
            ok = np.abs(det) > threshold
            inv = 1.0 / np.where(ok, det, 1.0)
            z0 = (c00 + (c * h - b * i) + (b * f - c * e)) * inv
            z1 = (c10 + (a * i - c * g) + (c * d - a * f)) * inv
            z2 = (c20 + (b * g - a * h) + (a * e - b * d)) * inv
            return np.stack([z0, z1, z2], axis=-1), ok
    det = np.linalg.det(M)
    ok = np.abs(det) > threshold
    safe = np.where(ok[..., None, None], M, np.eye(s))
    z = np.linalg.solve(safe, np.ones(M.shape[:-1] + (1,)))[..., 0]
    return z, ok


def _vertex_keys(C: np.ndarray, rtol: float, zero_shift: int, bind_shift: int) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of ``{z >= 0, C z <= 1}`` for stacked ``C`` and their label bit masks.

    Parameters
    ----------
    C : numpy.ndarray
        Shape ``(N, k, d)``, entries in ``[1, 2]``.
    rtol : float
        Relative tolerance of the labels.
    zero_shift, bind_shift : int
        Bit positions of the first ``z_i = 0`` label and of the first binding
        constraint label.

    Returns
    -------
    Z : numpy.ndarray
        Shape ``(N, V, d)``, one candidate vertex per basis (duplicates possible).
    keys : numpy.ndarray
        Shape ``(N, V)``, label bit masks; 0 for bases that give no vertex.
    """
    N, k, d = C.shape
    dtype = np.uint8 if k + d <= 8 else np.uint16 if k + d <= 16 else np.uint32 if k + d <= 32 else np.uint64
    Zs, keys = [], []
    for K, I in _bases(k, d):
        b, s = I.shape
        M = C[:, K[:, :, None], I[:, None, :]]  # (N, b, s, s)
        zI, ok = _solve_ones(M)
        ok &= np.all(zI >= -FEASIBILITY_TOL, axis=-1)
        Z = np.zeros((N, b, d))
        Z[:, np.arange(b)[:, None], I] = np.maximum(zI, 0.0)
        # constraint values (C z)_j for all j, shape (N, b, k)
        CZ = np.zeros((N, b, k))
        for i in range(d):
            CZ += Z[:, :, i, None] * C[:, None, :, i]
        total = Z.sum(axis=-1)
        ok &= np.all(CZ <= 1.0 + FEASIBILITY_TOL, axis=-1) & (total > 1e-9)
        key = np.zeros((N, b), dtype=dtype)
        zero = Z <= (PROBABILITY_LABEL_TOL * np.maximum(total, 1e-300))[..., None]
        for i in range(d):
            key |= zero[..., i].astype(dtype) << dtype(zero_shift + i)
        binding = 1.0 - CZ <= (rtol * total)[..., None]
        for j in range(k):
            key |= binding[..., j].astype(dtype) << dtype(bind_shift + j)
        key[~ok] = 0
        Zs.append(Z)
        keys.append(key)
    return np.concatenate(Zs, axis=1), np.concatenate(keys, axis=1)


def _compress(Z: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Move each game's valid vertices to the front and drop columns that no game uses."""
    valid = keys != 0
    width = int(valid.sum(axis=1).max()) if len(keys) else 0
    if width == keys.shape[1]:
        return Z, keys
    order = np.argsort(~valid, axis=1, kind="stable")[:, :width]
    return np.take_along_axis(Z, order[..., None], axis=1), np.take_along_axis(keys, order, axis=1)


# ----------------------------------------------------------------------------- one chunk


def _clean(V: np.ndarray) -> np.ndarray:
    """Row-wise :func:`leverage.results.clean_probabilities` on normalised vectors."""
    V = np.where(V < PROBABILITY_NOISE, 0.0, V)
    V /= V.sum(axis=1, keepdims=True)
    V[np.abs(V - 1.0) < PROBABILITY_NOISE] = 1.0
    return V


def _normalise(M: np.ndarray) -> np.ndarray:
    """Rescale each game's payoffs affinely to ``[1, 2]``; constant payoffs become 1."""
    flat = M.reshape(len(M), -1)
    lo = flat.min(axis=1)[:, None, None]
    spread = flat.max(axis=1)[:, None, None] - lo
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (M - lo) / spread + 1.0
    return np.where(spread > 0, out, 1.0)


def _solve_chunk(A: np.ndarray, B: np.ndarray, rtol: float) -> dict[str, np.ndarray]:
    N, m, n = A.shape
    An, Bn = _normalise(A), _normalise(B)
    # P = {x >= 0, Bn^T x <= 1}: labels x_i = 0 -> bits 0..m-1, binding columns -> bits m..m+n-1
    X, kx = _compress(*_vertex_keys(np.swapaxes(Bn, 1, 2), rtol, zero_shift=0, bind_shift=m))
    # Q = {An y <= 1, y >= 0}: binding rows -> bits 0..m-1, y_j = 0 -> bits m..m+n-1
    Y, ky = _compress(*_vertex_keys(An, rtol, zero_shift=m, bind_shift=0))
    full = kx.dtype.type((1 << (m + n)) - 1)
    complete = (kx[:, :, None] | ky[:, None, :]) == full
    g, a, b = np.nonzero(complete)
    x = _clean(X[g, a] / X[g, a].sum(axis=1, keepdims=True))
    y = _clean(Y[g, b] / Y[g, b].sum(axis=1, keepdims=True))

    # per game: sort like unique_equilibria (larger probabilities on earlier strategies first)
    flat = np.concatenate([x, y], axis=1)
    rounded = np.round(flat, 9) + 0.0
    order = np.lexsort(tuple(-rounded[:, j] for j in range(m + n - 1, -1, -1)) + (g,))
    g, x, y, flat = g[order], x[order], y[order], flat[order]
    keep = np.ones(len(g), dtype=bool)
    if len(g) > 1:
        same = (g[1:] == g[:-1]) & (np.abs(flat[1:] - flat[:-1]).max(axis=1) <= DEDUPE_ATOL)
        keep[1:] = ~same
    g, x, y = g[keep], x[keep], y[keep]

    # verification with the library's rule, per game and player
    Ag, Bg = A[g], B[g]
    row_values = np.einsum("eij,ej->ei", Ag, y)  # payoff of each row against y
    col_values = np.einsum("ei,eij->ej", x, Bg)  # payoff of each column against x
    pay = np.stack([np.einsum("ei,ei->e", row_values, x), np.einsum("ej,ej->e", col_values, y)], axis=1)
    reg = np.maximum(0.0, np.stack([row_values.max(axis=1), col_values.max(axis=1)], axis=1) - pay)
    tol = batch_tolerances([A, B], rtol)
    scale = tol / rtol if rtol > 0 else batch_tolerances([A, B], 1.0)
    verified = np.all(reg <= tol[g], axis=1)
    failed = np.bincount(g[~verified], minlength=N) > 0
    g, x, y, pay, reg = g[verified], x[verified], y[verified], pay[verified], reg[verified]
    pay[np.abs(pay) <= PROBABILITY_NOISE * scale[g]] = 0.0
    return {"g": g, "x": x, "y": y, "payoffs": pay, "regret": reg.max(axis=1), "failed": failed}


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
        up to 16384, fewer for larger shapes.

    Returns
    -------
    BatchEquilibria
        Padded arrays of strategies, payoffs and regrets, a count and a
        status per game.

    Raises
    ------
    ValueError
        If ``A`` or ``B`` is not 3-D, their shapes differ, a game has no
        strategies, or an entry is not finite.

    Notes
    -----
    The work per game grows with the number of bases, ``C(m + n, m) - 1`` per
    polytope, and the pairing array with its square: shapes up to 4 x 4 are
    the intended use. A game whose status is not ``"ok"`` never has an
    unverified profile in the result; call :meth:`BatchEquilibria.check` to
    turn such games into an error.

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
    if chunk is None:
        from math import comb

        vertices = comb(m + n, m) - 1
        chunk = max(256, min(DEFAULT_CHUNK, _PAIR_BUDGET // (vertices * vertices)))
    elif isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise ValueError(f"{caller}: chunk must be a positive integer; got {chunk!r}")
    A = np.ascontiguousarray(A)
    B = np.ascontiguousarray(B)

    parts = [_solve_chunk(A[s : s + chunk], B[s : s + chunk], rtol) for s in range(0, N, chunk)]
    g = np.concatenate([p["g"] + s for p, s in zip(parts, range(0, N, chunk))]) if parts else np.zeros(0, np.intp)
    failed = np.concatenate([p["failed"] for p in parts]) if parts else np.zeros(0, bool)

    def cat(key: str, width: int) -> np.ndarray:
        if not parts:
            return np.zeros((0, width)) if width else np.zeros(0)
        return np.concatenate([p[key] for p in parts])

    count = np.bincount(g, minlength=N).astype(np.int64)
    E = int(count.max()) if N else 0
    start = np.cumsum(count) - count
    pos = np.arange(len(g)) - start[g]
    x = np.full((N, E, m), np.nan)
    y = np.full((N, E, n), np.nan)
    payoffs = np.full((N, E, 2), np.nan)
    regret = np.full((N, E), np.nan)
    x[g, pos] = cat("x", m)
    y[g, pos] = cat("y", n)
    payoffs[g, pos] = cat("payoffs", 2)
    regret[g, pos] = cat("regret", 0)
    status = np.full(N, "ok", dtype="<U10")
    status[count == 0] = "none"
    status[failed] = "unverified"
    for arr in (x, y, count, payoffs, regret, status, A, B):
        arr.setflags(write=False)
    return BatchEquilibria(x=x, y=y, count=count, payoffs=payoffs, regret=regret, status=status, A=A, B=B, rtol=rtol)


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
