"""Expected payoffs and regrets of candidate profiles of many games: the verification shared by both batch paths.

:func:`leverage.solvers.batch.solve_batch` verifies every candidate with the
library's tolerance rule (regret at most ``rtol`` times the player's payoff
range, :mod:`leverage.tolerance`); its general path and its fast path for
nondegenerate games (:mod:`leverage.solvers.batch_supports`) compute the
payoffs and regrets here, with the same arithmetic, so that both give the
same numbers bit for bit. These are helpers, not public API.
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []


def payoffs_and_regret(
    A: np.ndarray, B: np.ndarray, g: np.ndarray, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Expected payoffs ``(2, E)`` and each player's regret ``(2, E)`` of the profiles ``(x, y)`` of games ``g``.

    Parameters
    ----------
    A, B : numpy.ndarray
        Payoffs, shape ``(m, n, N)`` (games last).
    g : numpy.ndarray
        The game of each profile, shape ``(E,)``.
    x, y : numpy.ndarray
        Strategies, shapes ``(m, E)`` and ``(n, E)``.

    Examples
    --------
    Matching pennies at the uniform profile, and a pure profile with regret 2 for the row player:

    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])[:, :, None]
    >>> x = np.array([[0.5, 0.0], [0.5, 1.0]]); y = np.array([[0.5, 1.0], [0.5, 0.0]])
    >>> pay, reg = payoffs_and_regret(A, -A, np.array([0, 0]), x, y)
    >>> pay.tolist(), reg.tolist()
    ([[0.0, -1.0], [0.0, 1.0]], [[0.0, 2.0], [0.0, 0.0]])
    """
    m, n = A.shape[:2]
    Ag, Bg = np.take(A, g, axis=2), np.take(B, g, axis=2)
    row_values = [sum(Ag[i, j] * y[j] for j in range(n)) for i in range(m)]
    col_values = [sum(x[i] * Bg[i, j] for i in range(m)) for j in range(n)]
    pay = np.empty((2, len(g)))
    pay[0] = sum(x[i] * row_values[i] for i in range(m))
    pay[1] = sum(y[j] * col_values[j] for j in range(n))
    reg = np.empty((2, len(g)))
    np.subtract(np.maximum.reduce(row_values), pay[0], out=reg[0])
    np.subtract(np.maximum.reduce(col_values), pay[1], out=reg[1])
    np.maximum(reg, 0.0, out=reg)
    return pay, reg
