"""Two-player zero-sum stochastic games: Shapley's value iteration, each stage a linear program (HiGHS).

Shapley (1953): with a common discount factor ``delta < 1``, the operator

    (T V)(s) = val[ u_1(s, .) + delta sum_s' P(s' | s, .) V(s') ]

(``val`` the value of a matrix game, player 1 maximising) is a contraction of
modulus ``delta``; its fixed point is the game's value, and stage strategies
optimal in the fixed point's matrix games form stationary optimal strategies.

:func:`shapley` iterates ``T`` from ``V = 0``. Each matrix game is solved by a
linear program with scipy's HiGHS (a pure saddle point, where one exists, is
taken without an LP); the column player's strategy is the LP's dual. When the
change ``||T V - V||`` guarantees ``||V - V*|| <= rtol * scale`` (``scale`` the
range of player 1's stage payoffs), the stage strategies are evaluated exactly
and checked by the one-shot deviation principle at every state
(:func:`~leverage.dynamic.markov.verified_markov_equilibrium`); the iteration
goes on until they pass or ``max_iter`` is reached.

Units, timing and ties are those of :mod:`leverage.dynamic.game`; player 1's
payoff is player 2's loss, and values are player 1's present values.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from leverage.checks import check_int, real_array
from leverage.dynamic.game import StochasticGame
from leverage.dynamic.markov import MarkovResult, verified_markov_equilibrium
from leverage.results import SolverError, UnverifiedEquilibriumError
from leverage.tolerance import payoff_scale, resolve_rtol, tolerances

__all__ = ["shapley", "matrix_game", "MAX_SHAPLEY_ITER"]

#: The largest ``max_iter`` :func:`shapley` accepts.
MAX_SHAPLEY_ITER: int = 1_000_000


def matrix_game(M: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """The value and optimal strategies of the zero-sum matrix game ``M`` (rows maximise).

    A pure saddle point is returned when one exists; otherwise the row
    player's LP ``max v : M^T x >= v, sum x = 1, x >= 0`` is solved by HiGHS and
    the column player's strategy is read from its duals.

    Parameters
    ----------
    M : numpy.ndarray
        Finite payoffs to the row player, shape ``(m, n)``.

    Raises
    ------
    SolverError
        If HiGHS does not report an optimum.

    Examples
    --------
    Matching pennies: value 0, both mix half and half.

    >>> v, x, y = matrix_game(np.array([[1.0, -1.0], [-1.0, 1.0]]))
    >>> round(v, 12), x.tolist(), y.tolist()
    (0.0, [0.5, 0.5], [0.5, 0.5])
    """
    M = real_array(M, "M", "matrix_game()")
    if M.ndim != 2 or M.size == 0:
        raise ValueError(f"matrix_game(): M must be a non-empty 2-D array; got shape {M.shape}")
    m, n = M.shape
    row_min = M.min(axis=1)
    col_max = M.max(axis=0)
    i, j = int(np.argmax(row_min)), int(np.argmin(col_max))
    if row_min[i] == col_max[j]:  # a pure saddle point: exact, no LP
        x, y = np.zeros(m), np.zeros(n)
        x[i] = y[j] = 1.0
        return float(M[i, j]), x, y
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-M.T, np.ones((n, 1))])
    A_eq = np.zeros((1, m + 1))
    A_eq[0, :m] = 1.0
    bounds = [(0, None)] * m + [(None, None)]
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if res.status != 0:
        raise SolverError(f"matrix_game(): HiGHS did not solve the stage LP: {res.message}")
    x = np.clip(res.x[:m], 0.0, None)
    y = np.clip(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0, None)
    if x.sum() <= 0 or y.sum() <= 0:
        raise SolverError("matrix_game(): HiGHS returned no strategy")
    return float(res.x[-1]), x / x.sum(), y / y.sum()


def _matrix_games_closed(M: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values and optimal strategies of a stack ``(K, m, n)`` of zero-sum games, 2 x 2 or with m or n = 1."""
    K, m, n = M.shape
    if m == 1 or n == 1:  # one player has one action: the other's best, a pure saddle point
        i, j = M.min(axis=2).argmax(axis=1), M.max(axis=1).argmin(axis=1)
        return M[np.arange(K), i, j], np.eye(m)[i], np.eye(n)[j]
    row_min, col_max = M.min(axis=2), M.max(axis=1)
    i, j = row_min.argmax(axis=1), col_max.argmin(axis=1)
    lower = row_min[np.arange(len(M)), i]
    upper = col_max[np.arange(len(M)), j]
    saddle = lower == upper
    a, b, c, d = M[:, 0, 0], M[:, 0, 1], M[:, 1, 0], M[:, 1, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        den = a + d - b - c
        value = np.where(saddle, lower, (a * d - b * c) / den)
        p = np.where(saddle, (i == 0).astype(float), np.clip((d - c) / den, 0.0, 1.0))
        q = np.where(saddle, (j == 0).astype(float), np.clip((d - b) / den, 0.0, 1.0))
    return value, np.stack([p, 1.0 - p], axis=1), np.stack([q, 1.0 - q], axis=1)


def _check_zero_sum(game: StochasticGame, caller: str, rtol: float) -> None:
    if not isinstance(game, StochasticGame):
        raise TypeError(f"{caller}: game must be a StochasticGame; got {type(game).__name__}")
    if game.n_players != 2:
        raise ValueError(f"{caller}: the game must have two players; it has {game.n_players}")
    d = game.discount
    if d[0] != d[1]:
        raise ValueError(f"{caller}: both players must share one discount factor; got {d.tolist()}")
    for k, u in enumerate(game.payoffs):
        tol = tolerances([u[0], u[1]], rtol)
        if np.any(np.abs(u[0] + u[1]) > tol.min()):
            raise ValueError(f"{caller}: the game is not zero-sum at state {game.states[k]!r} "
                             f"(u_1 + u_2 is not 0 within the tolerance rule)")


def shapley(game: StochasticGame, rtol: float | None = None, max_iter: int = 10_000, *, tol: float | None = None) -> MarkovResult:
    """Value and stationary optimal strategies of a two-player zero-sum stochastic game.

    Parameters
    ----------
    game : StochasticGame
        Two players, zero-sum at every state (``u_2 = -u_1`` within the
        tolerance rule), one common discount factor.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance of the tolerance rule (:data:`~leverage.RTOL` by default).
    max_iter : int
        Bound on value iterations (each solves one matrix game per state).

    Returns
    -------
    MarkovResult
        ``status`` ``"converged"`` with one verified equilibrium whose
        ``values[:, 0]`` is the value per state (player 1's present value), or
        ``"not_converged"`` with none when ``max_iter`` is reached.

    Raises
    ------
    ValueError
        If the game is not two-player zero-sum with a common discount factor.

    Examples
    --------
    One state, matching pennies played for ever at discount 0.5: value 0;
    a state that pays 1 for ever at discount 0.5 is worth 1 / (1 - 0.5) = 2.

    >>> from leverage import Game
    >>> g = StochasticGame(("Max", "Min"), ("pennies", "sink"),
    ...     actions={"pennies": (("H", "T"), ("H", "T")), "sink": (("-",), ("-",))},
    ...     payoffs={"pennies": [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], "sink": [[[1.0]], [[-1.0]]]},
    ...     transitions={"pennies": [[[1, 0], [1, 0]], [[1, 0], [1, 0]]], "sink": [[[0, 1]]]},
    ...     discount=0.5)
    >>> result = shapley(g)
    >>> result.status, result.values[:, 0].round(9).tolist()
    ('converged', [0.0, 2.0])
    """
    caller = "shapley()"
    rtol = resolve_rtol(rtol, tol, "shapley")
    max_iter = check_int(max_iter, "max_iter", caller, low=1, high=MAX_SHAPLEY_ITER)
    _check_zero_sum(game, caller, rtol)
    delta = float(game.discount[0])
    S = game.n_states
    scale = float(payoff_scale([np.concatenate([u[0].ravel() for u in game.payoffs])])[0])
    # ||T V - V|| * delta / (1 - delta) bounds ||T V - V*||
    factor = delta / (1.0 - delta)
    V = np.zeros(S)
    residual = np.inf
    # states are grouped by stage shape and each group's matrix games are built at once; 2 x 2 stages and
    # stages where a player has one action are solved in closed form, the others one LP each
    groups: dict[tuple[int, ...], list[int]] = {}
    for k in range(S):
        groups.setdefault(game.shape(k), []).append(k)
    stacks = [(shape, ks, np.array([game.payoffs[k][0] for k in ks]), np.array([game.transitions[k] for k in ks]))
              for shape, ks in groups.items()]
    for it in range(1, max_iter + 1):
        Vnew = np.empty(S)
        policy: list = [None] * S
        for shape, ks, U, T in stacks:
            M = U + delta * (T @ V)
            if shape == (2, 2) or 1 in shape:
                v, xs, ys = _matrix_games_closed(M)
                Vnew[ks] = v
                for pos, k in enumerate(ks):
                    policy[k] = (xs[pos], ys[pos])
            else:
                for pos, k in enumerate(ks):
                    Vnew[k], x, y = matrix_game(M[pos])
                    policy[k] = (x, y)
        residual = float(np.max(np.abs(Vnew - V)))
        V = Vnew
        if residual * factor <= rtol * scale:
            try:
                eq = verified_markov_equilibrium(game, policy, "shapley", rtol)
            except UnverifiedEquilibriumError:
                continue
            return MarkovResult("converged", (eq,), it, residual, "shapley",
                                f"values within the tolerance after {it} iterations; strategies verified")
    return MarkovResult("not_converged", (), max_iter, residual, "shapley",
                        f"stopped at max_iter={max_iter} with a change of {residual:.3g} in values")
