"""Lemke-Howson in exact integer arithmetic: the fallback of float pivoting.

Float pivoting (:mod:`leverage.solvers.complementary_pivoting`) can go
astray on *nearly* degenerate games. There, the path is redone here on the
exact rational payoffs: every float is a dyadic rational, so the payoffs
scale to integers, and integer pivoting keeps every tableau entry an integer
(each pivot divides exactly by the previous pivot element). Ratios are
compared as exact fractions, lexicographically, so the path cannot cycle.
The cost grows with the size of the integers, so the float path calls this
only for small games (:data:`~leverage.solvers.complementary_pivoting.EXACT_MAX_LABELS`).

References
----------
B. von Stengel (2007), "Equilibrium computation for two-player games in
strategic and extensive form", ch. 3 of Algorithmic Game Theory (Nisan,
Roughgarden, Tardos and Vazirani, eds.), Cambridge University Press: the
section on integer pivoting.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from leverage.results import SolverError

# exact_lemke_howson and the rest are helpers of leverage.solvers.complementary_pivoting, which checks the arguments
__all__ = ["PivotBoundError"]


class PivotBoundError(SolverError):
    """A Lemke-Howson path reached its pivot bound (a larger bound may still succeed).

    Examples
    --------
    Every path of matching pennies takes more than one pivot:

    >>> pennies = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> exact_lemke_howson(pennies, -pennies, 0, 1)
    Traceback (most recent call last):
    ...
    leverage.solvers.integer_pivoting.PivotBoundError: lemke_howson(): no equilibrium reached from initial label 0 ...
    """


def bound_message(label: int, max_pivots: int) -> str:
    """The error message of a Lemke-Howson path from ``label`` stopped by ``max_pivots``.

    Examples
    --------
    >>> bound_message(0, 5)[:60]
    'lemke_howson(): no equilibrium reached from initial label 0 '
    """
    return (
        f"lemke_howson(): no equilibrium reached from initial label {label} within the pivot bound "
        f"max_pivots={max_pivots}; try another initial_label, a larger max_pivots, or "
        "leverage.equilibrium(), which tries every label"
    )


def exact_normalized(M: np.ndarray) -> np.ndarray:
    """Integer matrix (object dtype) proportional to the ``[1, 2]`` rescaling of ``M``.

    Every float is a dyadic rational, so ``M * L`` is an integer matrix for the
    common denominator ``L``; ``(M - min M) * L + spread * L`` equals
    ``spread * L`` times :func:`~leverage.solvers.polytope.normalized_bimatrix`'s
    rescaling, exactly (all ones for constant payoffs). Scaling a tableau's
    matrix by a constant does not change the pivoting path.

    Examples
    --------
    >>> exact_normalized(np.array([[0.0, 0.5], [1.0, 0.25]])).tolist()
    [[4, 6], [8, 5]]
    """
    fractions = [Fraction(float(v)) for v in M.flat]
    L = math.lcm(*(f.denominator for f in fractions))
    ints = [int(f * L) for f in fractions]
    low, spread = min(ints), max(ints) - min(ints)
    shift = spread if spread > 0 else 1
    out = np.empty(M.shape, dtype=object)
    out.flat[:] = [v - low + shift for v in ints]
    return out


_as_fraction = np.frompyfunc(Fraction, 2, 1)


class ExactTableau:
    """Full integer tableau ``det(B) * B^{-1} [M | I | 1]`` with integer pivoting.

    Entries stay integers: a pivot on ``p = T[r, c]`` replaces every other row
    by ``(p * T_i - T[i, c] * T_r) / d``, an exact division by the previous
    pivot ``d`` (integer pivoting, von Stengel 2007). Columns are labels as in
    :mod:`leverage.solvers.complementary_pivoting`'s float tableau; ratios are
    compared as exact fractions.

    Examples
    --------
    The column player's tableau of a 1 x 2 game, ``[B^T | I | 1]`` with the
    slacks basic; label 0 (the row's strategy) enters:

    >>> T = np.array([[2, 1, 0, 1], [1, 0, 1, 1]], dtype=object)
    >>> tableau = ExactTableau(T, np.array([1, 2]), np.array([1, 2]))
    >>> row = tableau.leaving_row(0)
    >>> row, tableau.pivot(row, 0), tableau.values(0, 1)
    (0, 1, [Fraction(1, 2)])
    """

    __slots__ = ("T", "basis", "lex", "det")

    def __init__(self, T: np.ndarray, basis: np.ndarray, slack: np.ndarray) -> None:
        self.T = T
        self.basis = basis
        self.lex = [T.shape[1] - 1, *slack.tolist()]
        self.det = 1

    def leaving_row(self, col: int) -> int:
        column = self.T[:, col]
        rows = np.flatnonzero(column > 0)
        if rows.size == 0:  # cannot happen: P and Q are bounded
            raise SolverError(f"lemke_howson(): unbounded ray when label {col} enters")
        piv = column[rows]
        for k in self.lex:  # exact ties only; the rows of B^{-1} make the minimiser unique
            ratios = _as_fraction(self.T[rows, k], piv)
            keep = ratios == min(ratios)
            rows, piv = rows[keep], piv[keep]
            if rows.size == 1:
                break
        return int(rows[0])

    def pivot(self, row: int, col: int) -> int:
        T = self.T
        p = T[row, col]
        pivot_row = T[row].copy()
        T[:] = (T * p - np.outer(T[:, col], pivot_row)) // self.det
        T[row] = pivot_row
        self.det = p
        leaving = int(self.basis[row])
        self.basis[row] = col
        return leaving

    def values(self, start: int, stop: int) -> list[Fraction]:
        out = [Fraction(0)] * (stop - start)
        for r, label in enumerate(self.basis.tolist()):
            if start <= label < stop:
                out[label - start] = Fraction(self.T[r, -1], self.det)
        return out


def exact_lemke_howson(A: np.ndarray, B: np.ndarray, label: int, max_pivots: int) -> tuple[np.ndarray, np.ndarray]:
    """Lemke-Howson from ``label`` in exact integer arithmetic.

    Parameters
    ----------
    A, B : ndarray
        The payoff matrices (floats; read as the exact rationals they are).
    label : int
        The initial dropped label, ``0 <= label < m + n``.
    max_pivots : int
        The pivot bound.

    Returns
    -------
    x, y : ndarray
        The end point's mixed strategies, as floats.

    Raises
    ------
    PivotBoundError
        If the path needs more than ``max_pivots`` pivots.

    Examples
    --------
    Matching pennies has one equilibrium, both players mixing half and half:

    >>> x, y = exact_lemke_howson(np.array([[1., -1.], [-1., 1.]]), np.array([[-1., 1.], [1., -1.]]), 0, 10)
    >>> x.tolist(), y.tolist()
    ([0.5, 0.5], [0.5, 0.5])
    """
    m, n = A.shape
    Ai, Bi = exact_normalized(A), exact_normalized(B)
    eye_n, eye_m = np.eye(n, dtype=np.int64).astype(object), np.eye(m, dtype=np.int64).astype(object)
    ones_n, ones_m = np.ones((n, 1), dtype=np.int64).astype(object), np.ones((m, 1), dtype=np.int64).astype(object)
    P = ExactTableau(np.hstack([Bi.T, eye_n, ones_n]), np.arange(m, m + n), np.arange(m, m + n))
    Q = ExactTableau(np.hstack([eye_m, Ai, ones_m]), np.arange(m), np.arange(m))
    entering = label
    current, other = (P, Q) if label < m else (Q, P)
    for _ in range(max_pivots):
        row = current.leaving_row(entering)
        leaving = current.pivot(row, entering)
        if leaving == label:
            x, y = P.values(0, m), Q.values(m, m + n)
            sx, sy = sum(x), sum(y)
            return np.array([float(v / sx) for v in x]), np.array([float(v / sy) for v in y])
        entering = leaving
        current, other = other, current
    raise PivotBoundError(bound_message(label, max_pivots))
