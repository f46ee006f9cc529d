"""Feedback Nash (Markov perfect) equilibria of linear-quadratic games, by coupled Riccati iteration.

Conventions (those of QuantEcon's ``nnash``, extended to ``n`` players)
-----------------------------------------------------------------------
The state moves as ``x_{t+1} = A x_t + sum_j B_j u_{jt}``. Player ``i``
*minimises* the discounted loss

    sum_t beta**t { x' R_i x + 2 x' W_i u_i + u_i' Q_i u_i
                    + sum_{j != i} ( u_j' S_ij u_j + 2 u_j' M_ij u_i ) }

taking the others' rules ``u_j = -F_j x`` as given. For two players
``S_12 = S1``, ``M_12 = M1`` (shape ``(k_2, k_1)``), ``S_21 = S2``, ``M_21 = M2``,
exactly as ``nnash(A, B1, B2, R1, R2, Q1, Q2, S1, S2, W1, W2, M1, M2, beta)``.
Losses are per period in the model's unit; the timing is: observe ``x_t``,
choose ``u_t`` simultaneously, pay the loss, move. The solution is the rules
``F_i`` and the value matrices ``P_i`` (player ``i``'s loss from ``x`` is
``x' P_i x``). Ties do not arise: each player's problem has a unique
minimiser when ``Q_i + beta B_i' P_i B_i`` is positive definite, which is
checked.

The iteration
-------------
With ``A, B_j`` scaled by ``sqrt(beta)``: given the current ``P_i``, the
players' first-order conditions are one linear system in all the ``F``:

    (Q_i + B_i' P_i B_i) F_i + sum_{j != i} (B_i' P_i B_j + M_ij') F_j = B_i' P_i A + W_i'

and each ``P_i`` is then updated by its Riccati equation with the others'
rules fixed (``Lambda_i = A - sum_{j != i} B_j F_j``):

    P_i = Pi_i + Lambda_i' P_i Lambda_i - (Lambda_i' P_i B_i + W_i - sum_j F_j' M_ij) F_i.

The loop stops when the rules change by at most ``tol`` times the scale of
the rules and the value matrices by at most ``tol`` times theirs, or at
``max_iter`` (status ``"not_converged"``, no rules returned). The answer is
verified: each ``F_i`` must be the best response to the others' rules under
``P_i`` (the one-shot deviation principle) and ``P_i`` must solve its
Bellman (Riccati) equation, both to the tolerance.

References
----------
T. Basar and G. J. Olsder (1999), *Dynamic Noncooperative Game Theory*, ch. 6;
L. Ljungqvist and T. J. Sargent, *Recursive Macroeconomic Theory*, ch. 7;
QuantEcon, "Markov Perfect Equilibrium" (lecture) and ``quantecon.nnash``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.checks import check_int, check_real, real_array
from leverage.tolerance import resolve_rtol

__all__ = ["LQGame", "LQSolution", "lq_feedback_nash", "MAX_LQ_ITER"]

#: The largest ``max_iter`` :func:`lq_feedback_nash` accepts.
MAX_LQ_ITER: int = 1_000_000


def _matrix(value: Any, shape: tuple[int, int], name: str, caller: str) -> np.ndarray:
    arr = real_array(value, name, caller, ndim=(0, 1, 2))
    if arr.ndim == 0:  # a scalar, as nnash accepts for 1 x 1 blocks (and 0 for "none")
        if arr == 0:
            return np.zeros(shape)
        if shape[0] != 1 or shape[1] != 1:
            raise ValueError(f"{caller}: {name} is a scalar but must have shape {shape}")
        return arr.reshape(1, 1)
    if arr.ndim == 1 and shape[1] == 1 and arr.shape == (shape[0],):
        return arr.reshape(shape)
    if arr.shape != shape:
        raise ValueError(f"{caller}: {name} must have shape {shape}; got {arr.shape}")
    return arr


@dataclass(frozen=True)
class LQGame:
    """An n-player linear-quadratic game in ``nnash``'s conventions (see the module docstring).

    Parameters
    ----------
    A : array_like
        ``(n, n)`` transition matrix.
    B : sequence of array_like
        One ``(n, k_i)`` control matrix per player (a vector for ``k_i = 1``).
    R, Q : sequence of array_like
        Per player: ``R_i`` ``(n, n)`` and ``Q_i`` ``(k_i, k_i)``.
    W : sequence of array_like, optional
        Per player: ``W_i`` ``(n, k_i)`` (zeros by default).
    S, M : sequence of sequence, optional
        ``S[i][j]`` ``(k_j, k_j)`` and ``M[i][j]`` ``(k_j, k_i)`` for ``j != i``
        (entries for ``j == i`` are ignored; zeros by default).
    beta : float
        Discount factor in ``(0, 1]``.

    Examples
    --------
    >>> g = LQGame(A=[[1.0]], B=[[1.0], [1.0]], R=[[[1.0]], [[1.0]]], Q=[[[1.0]], [[1.0]]], beta=0.9)
    >>> g.n_players, g.controls
    (2, (1, 1))
    """

    A: Any
    B: Sequence[Any]
    R: Sequence[Any]
    Q: Sequence[Any]
    W: Sequence[Any] | None = None
    S: Sequence[Sequence[Any]] | None = None
    M: Sequence[Sequence[Any]] | None = None
    beta: float = 1.0

    def __post_init__(self) -> None:
        caller = "LQGame()"
        A = real_array(self.A, "A", caller, ndim=2)
        nx = A.shape[0]
        if A.shape != (nx, nx) or nx == 0:
            raise ValueError(f"{caller}: A must be square and non-empty; got shape {A.shape}")
        if isinstance(self.B, (str, bytes, np.ndarray)) or not isinstance(self.B, Sequence) or len(self.B) < 1:
            raise TypeError(f"{caller}: B must be a sequence of one control matrix per player")
        Bs = []
        for i, b in enumerate(self.B):
            arr = real_array(b, f"B[{i}]", caller, ndim=(1, 2))
            arr = arr.reshape(nx, 1) if arr.ndim == 1 and arr.shape == (nx,) else arr
            if arr.ndim != 2 or arr.shape[0] != nx or arr.shape[1] == 0:
                raise ValueError(f"{caller}: B[{i}] must have {nx} rows; got shape {arr.shape}")
            Bs.append(arr)
        N = len(Bs)
        ks = tuple(b.shape[1] for b in Bs)

        def per_player(value: Any, name: str) -> list[Any]:
            if value is None:
                return [0.0] * N
            if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)) or len(value) != N:
                raise ValueError(f"{caller}: {name} must hold one entry per player ({N})")
            return list(value)

        R = [_matrix(r, (nx, nx), f"R[{i}]", caller) for i, r in enumerate(per_player(self.R, "R"))]
        Q = [_matrix(q, (ks[i], ks[i]), f"Q[{i}]", caller) for i, q in enumerate(per_player(self.Q, "Q"))]
        W = [_matrix(w, (nx, ks[i]), f"W[{i}]", caller) for i, w in enumerate(per_player(self.W, "W"))]
        S, M = [], []
        for name, value, target in (("S", self.S, S), ("M", self.M, M)):
            rows = per_player(value, name)
            for i, row in enumerate(rows):
                if isinstance(row, (int, float)) and not isinstance(row, bool) and row == 0:
                    row = [0.0] * N
                row = per_player(row, f"{name}[{i}]")
                out = []
                for j, entry in enumerate(row):
                    shape = (ks[j], ks[j]) if name == "S" else (ks[j], ks[i])
                    out.append(np.zeros(shape) if j == i else _matrix(entry, shape, f"{name}[{i}][{j}]", caller))
                target.append(tuple(out))
        beta = check_real(self.beta, "beta", caller, 0.0, 1.0, open_low=True)
        for name, value in (("A", A), ("B", tuple(Bs)), ("R", tuple(R)), ("Q", tuple(Q)), ("W", tuple(W)),
                            ("S", tuple(S)), ("M", tuple(M)), ("beta", beta)):
            object.__setattr__(self, name, value)

    @property
    def n_players(self) -> int:
        """The number of players."""
        return len(self.B)

    @property
    def controls(self) -> tuple[int, ...]:
        """The number of controls of each player."""
        return tuple(b.shape[1] for b in self.B)


@dataclass(frozen=True)
class LQSolution:
    """Feedback Nash rules ``u_i = -F_i x`` and value matrices ``P_i`` of an :class:`LQGame`.

    Attributes
    ----------
    game : LQGame
        The game.
    status : str
        ``"converged"`` or ``"not_converged"`` (then ``F`` and ``P`` are empty).
    F, P : tuple of numpy.ndarray
        ``F[i]`` ``(k_i, n)`` and ``P[i]`` ``(n, n)``.
    iterations : int
        Riccati iterations run.
    residual : float
        The verification's largest relative residual (best response and Bellman equation).

    Examples
    --------
    >>> g = LQGame(A=[[1.0]], B=[[1.0], [1.0]], R=[[[1.0]], [[1.0]]], Q=[[[1.0]], [[1.0]]], beta=0.9)
    >>> sol = lq_feedback_nash(g)
    >>> sol.status, sol.closed_loop().shape
    ('converged', (1, 1))
    """

    game: LQGame
    status: str
    F: tuple[np.ndarray, ...]
    P: tuple[np.ndarray, ...]
    iterations: int
    residual: float

    @property
    def converged(self) -> bool:
        """Whether the iteration converged (and the rules were verified)."""
        return self.status == "converged"

    def closed_loop(self) -> np.ndarray:
        """``A - sum_i B_i F_i``: the law of motion under the equilibrium rules (undiscounted)."""
        if not self.converged:
            raise ValueError("LQSolution.closed_loop(): the iteration did not converge; there are no rules")
        return self.game.A - sum(b @ f for b, f in zip(self.game.B, self.F))


def _solve_rules(A: np.ndarray, B: list[np.ndarray], P: list[np.ndarray], Q: tuple, W: tuple,
                 M: tuple) -> list[np.ndarray]:
    """The rules satisfying every player's first-order condition at the value matrices ``P``."""
    N = len(B)
    ks = [b.shape[1] for b in B]
    off = np.concatenate([[0], np.cumsum(ks)])
    L = np.zeros((off[-1], off[-1]))
    rhs = np.zeros((off[-1], A.shape[0]))
    for i in range(N):
        BP = B[i].T @ P[i]
        for j in range(N):
            block = Q[i] + BP @ B[i] if j == i else BP @ B[j] + M[i][j].T
            L[off[i]:off[i + 1], off[j]:off[j + 1]] = block
        rhs[off[i]:off[i + 1]] = BP @ A + W[i].T
    F = np.linalg.solve(L, rhs)
    return [F[off[i]:off[i + 1]] for i in range(N)]


def _riccati(A: np.ndarray, B: list[np.ndarray], P: list[np.ndarray], F: list[np.ndarray], g: LQGame) -> list:
    out = []
    for i in range(len(B)):
        lam = A - sum(B[j] @ F[j] for j in range(len(B)) if j != i)
        pi = g.R[i] + sum(F[j].T @ g.S[i][j] @ F[j] for j in range(len(B)) if j != i)
        cross = lam.T @ P[i] @ B[i] + g.W[i] - sum(F[j].T @ g.M[i][j] for j in range(len(B)) if j != i)
        out.append(lam.T @ P[i] @ lam + pi - cross @ F[i])
    return out


def lq_feedback_nash(game: LQGame, rtol: float | None = None, max_iter: int = 10_000, *, tol: float | None = None) -> LQSolution:
    """Feedback Nash equilibrium of an LQ game by coupled Riccati iteration (``nnash``'s conventions).

    Parameters
    ----------
    game : LQGame
        The game.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (:data:`~leverage.RTOL` by default): the iteration
        stops when the rules and value matrices change by at most ``tol``
        times their scale (``max(1, max |entry|)``).
    max_iter : int
        Bound on iterations.

    Returns
    -------
    LQSolution
        ``"converged"`` with verified rules, or ``"not_converged"`` with none.

    Examples
    --------
    One state, two symmetric players who each pay ``x**2 + u_i**2`` a period
    with ``x' = x + u_1 + u_2`` and ``beta = 1``. Player 1's first-order
    condition ``(1 + P) F + P F = P`` gives the symmetric rule ``F = P / (1 + 2P)``:

    >>> g = LQGame(A=[[1.0]], B=[[1.0], [1.0]], R=[[[1.0]], [[1.0]]], Q=[[[1.0]], [[1.0]]])
    >>> sol = lq_feedback_nash(g)
    >>> F, P = sol.F[0].item(), sol.P[0].item()
    >>> sol.status, round(F - P / (1 + 2 * P), 12)
    ('converged', 0.0)
    """
    caller = "lq_feedback_nash()"
    if not isinstance(game, LQGame):
        raise TypeError(f"{caller}: game must be an LQGame; got {type(game).__name__}")
    rtol = resolve_rtol(rtol, tol, "lq_feedback_nash")
    max_iter = check_int(max_iter, "max_iter", caller, low=1, high=MAX_LQ_ITER)
    root = np.sqrt(game.beta)
    A = root * game.A
    B = [root * b for b in game.B]
    N, nx = game.n_players, A.shape[0]
    P = [np.zeros((nx, nx)) for _ in range(N)]
    F = [np.zeros((k, nx)) for k in game.controls]
    with np.errstate(all="ignore"):
        for it in range(1, max_iter + 1):
            try:
                Fn = _solve_rules(A, B, P, game.Q, game.W, game.M)
            except np.linalg.LinAlgError:
                break
            Pn = _riccati(A, B, P, Fn, game)
            if not all(np.all(np.isfinite(x)) for x in (*Fn, *Pn)):
                break
            dF = max(float(np.max(np.abs(a - b))) for a, b in zip(Fn, F))
            dP = max(float(np.max(np.abs(a - b))) for a, b in zip(Pn, P))
            sF = max(1.0, max(float(np.max(np.abs(a))) for a in Fn))
            sP = max(1.0, max(float(np.max(np.abs(a))) for a in Pn))
            F, P = Fn, Pn
            if dF <= rtol * sF and dP <= rtol * sP:
                F = _solve_rules(A, B, P, game.Q, game.W, game.M)  # the best responses at the final P
                residual = _verify(A, B, P, F, game)
                if residual <= rtol:
                    return LQSolution(game, "converged", tuple(F), tuple(P), it, residual)
    return LQSolution(game, "not_converged", (), (), it, float("inf"))


def _verify(A: np.ndarray, B: list[np.ndarray], P: list[np.ndarray], F: list[np.ndarray], game: LQGame) -> float:
    """Largest relative residual of the best responses and the Bellman equations (inf if not a minimum)."""
    worst = 0.0
    best = _solve_rules(A, B, P, game.Q, game.W, game.M)
    bellman = _riccati(A, B, P, F, game)
    for i in range(len(B)):
        H = game.Q[i] + B[i].T @ P[i] @ B[i]
        if np.any(np.linalg.eigvalsh(0.5 * (H + H.T)) <= 0):
            return float("inf")  # the first-order condition is not a minimum
        scale_f = max(1.0, float(np.max(np.abs(F[i]))))
        scale_p = max(1.0, float(np.max(np.abs(P[i]))))
        worst = max(worst, float(np.max(np.abs(best[i] - F[i]))) / scale_f,
                    float(np.max(np.abs(bellman[i] - P[i]))) / scale_p)
    return worst
