"""Lemke's algorithm for the linear complementarity problem, bounded and lexicographic.

The problem: given a square ``M``, a vector ``q`` and a covering vector ``d``,
find ``z`` with::

    w = q + M z + d z0,   w >= 0,   z >= 0,   w . z = 0,   z0 = 0.

Lemke's algorithm starts on the *primary ray* ``z = 0``, ``z0`` large, lets
``z0`` enter the basis where ``w = q + d z0`` first becomes feasible, and then
pivots *complementarily*: the variable that leaves the basis names the next
entering variable, its complement (``w_i`` and ``z_i`` are complements). It
stops when ``z0`` leaves (a solution) or when an entering column has no
blocking row (*ray termination*, a secondary ray).

Degenerate problems cannot cycle: the leaving row is chosen by the
lexicographic minimum-ratio test, which pivots as if ``q`` were perturbed to
``q + (eps, eps**2, ...)``; ties in the ratio ``rhs / column`` are broken by
comparing the rows of ``B^{-1}`` (the current columns of the ``w``
variables), whose rows are linearly independent, so the choice is unique.
When ``z0`` is among the rows tied for the minimum ratio it leaves at once:
the basic solution after that pivot solves the problem.

Two arithmetics share that rule:

* **float** -- a condensed tableau (only the nonbasic columns and the
  right-hand side are stored) and one vectorised rank-1 update per pivot;
  a basis met twice (impossible in exact arithmetic) reports a breakdown;
* **exact** -- integer pivoting on the same condensed tableau with Python
  integers (every entry is ``det(B)`` times its rational value, and each
  update is an exact division by the previous pivot), after scaling each
  equation by the common denominator of its rational data.

:func:`lemke` runs the float path and, with ``method="auto"``, redoes the
problem exactly when the float path breaks down, ends on a ray, or ends at a
point that fails the check of :func:`lcp_violation`.

References
----------
C. E. Lemke (1965), "Bimatrix equilibrium points and mathematical
programming", Management Science 11(7), 681-689.
R. W. Cottle, J.-S. Pang and R. E. Stone (1992), *The Linear Complementarity
Problem*, Academic Press: Section 4.4 (Lemke's method, the lexicographic rule).
B. von Stengel (2007), "Equilibrium computation for two-player games in
strategic and extensive form", ch. 3 of *Algorithmic Game Theory*, Cambridge
University Press: integer pivoting and the lexicographic method.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from leverage.checks import check_int, real_array
from leverage.results import SolverError
from leverage.solvers.complementary_pivoting import check_max_pivots, ger_blocks, pivot_in_place
from leverage.tolerance import LCP_NEAR, LCP_NOISE, LCP_PIVOT_RTOL, LCP_START_ATOL, RTOL

__all__ = [
    "LCPSolution",
    "PivotBoundError",
    "RayTerminationError",
    "LCPBreakdownError",
    "lemke",
    "lcp_violation",
    "default_max_pivots",
]

#: A pivot-column entry counts as positive when it exceeds this times the column's largest magnitude.
_PIVOT_RTOL = LCP_PIVOT_RTOL
#: The float noise of a tableau entry is taken as this times the largest magnitude in its row (at least 1).
_NOISE = LCP_NOISE
#: Ratios further than this (relative) above the minimum are never taken for ties.
_NEAR = LCP_NEAR
#: Initial ratios ``-q_i / d_i`` (exact data, rescaled to magnitude 1) tie within this.
_START_ATOL = LCP_START_ATOL


class PivotBoundError(SolverError):
    """Lemke's algorithm reached its pivot bound (a larger ``max_pivots`` may still succeed).

    Examples
    --------
    >>> import numpy as np
    >>> M = np.array([[1.0, 2.0], [2.0, 1.0]])
    >>> try:
    ...     lemke(M, np.array([-1.0, -1.0]), max_pivots=1)
    ... except PivotBoundError as exc:
    ...     print(exc)
    lemke(): no solution within the pivot bound max_pivots=1 (float pivoting); raise max_pivots
    """


class RayTerminationError(SolverError):
    """Lemke's algorithm ended on a secondary ray: the entering column had no blocking row.

    For a general ``M`` this can happen even when a solution exists; for
    copositive-plus ``M`` it proves that the problem has no solution.

    Attributes
    ----------
    pivots : int
        Pivots made before the ray was met.
    entering : str
        The entering variable, ``"z[j]"`` or ``"w[j]"``.

    Examples
    --------
    ``w = -1 - z`` can never be nonnegative:

    >>> import numpy as np
    >>> try:
    ...     lemke(np.array([[-1.0]]), np.array([-1.0]))
    ... except RayTerminationError as exc:
    ...     print(exc.entering, exc.pivots)
    z[0] 1
    """

    def __init__(self, message: str, pivots: int, entering: str) -> None:
        super().__init__(message)
        self.pivots = pivots
        self.entering = entering


class LCPBreakdownError(SolverError):
    """Float error broke the pivoting: a basis met twice, or an end point that fails the check.

    :func:`lemke` with ``method="auto"`` then redoes the problem in exact arithmetic.

    Examples
    --------
    >>> issubclass(LCPBreakdownError, SolverError)
    True
    """


@dataclass(frozen=True)
class LCPSolution:
    """A solution ``(w, z)`` of ``w = q + M z, w, z >= 0, w . z = 0`` found by Lemke's algorithm.

    Attributes
    ----------
    z, w : numpy.ndarray
        The solution; ``w`` is recomputed as ``q + M z`` (entries within float
        noise of 0 are set to 0).
    pivots : int
        Number of pivots, the first (``z0`` entering) included.
    method : str
        ``"float"`` or ``"exact"``: the arithmetic of the path that found it.
    z_exact : tuple of Fraction or None
        The exact rational ``z`` when the exact path found it.
    violation : float
        :func:`lcp_violation` of the returned ``z`` (0 for an exact solution).

    Examples
    --------
    >>> import numpy as np
    >>> sol = lemke(np.eye(2), np.array([-1.0, 2.0]))
    >>> sol.z, sol.w, sol.pivots, sol.method
    (array([1., 0.]), array([0., 2.]), 2, 'float')
    """

    z: np.ndarray
    w: np.ndarray
    pivots: int
    method: str
    z_exact: tuple[Fraction, ...] | None = None
    violation: float = 0.0


def default_max_pivots(n: int) -> int:
    """Default pivot bound of :func:`lemke` for an LCP of dimension ``n``: ``100 * n + 1000``.

    Lemke paths are usually a small multiple of ``n`` long, but they can be
    exponentially long on specially built problems; the bound turns such a
    case into a :class:`PivotBoundError` instead of a hang.

    Examples
    --------
    >>> default_max_pivots(10)
    2000
    """
    return 100 * check_int(n, "n", "default_max_pivots()", low=0) + 1000


# ---------------------------------------------------------------------- validation
def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_real(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _as_rational(values: Any, name: str, caller: str) -> np.ndarray:
    """Object array of Fractions (ints, Fractions and finite floats, the latter read exactly)."""
    arr = np.asarray(values, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    flat = []
    for v in arr.flat:
        if isinstance(v, Fraction):
            flat.append(v)
        elif _is_int(v):
            flat.append(Fraction(int(v)))
        else:
            try:
                f = float(v)
            except (TypeError, ValueError):
                raise TypeError(f"{caller}(): {name} must hold numbers; got {v!r}") from None
            if not math.isfinite(f):
                raise ValueError(f"{caller}(): {name} must be finite; got {v!r}")
            flat.append(Fraction(f))
    out.flat[:] = flat
    return out


def _check_problem(M: Any, q: Any, d: Any, caller: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validated float ``M, q, d`` (``d`` all ones by default)."""
    # real numbers only: a complex M is refused, never cast (its imaginary part would be dropped)
    Mf = real_array(M, "M", f"{caller}()", finite=False)
    qf = real_array(q, "q", f"{caller}()", finite=False)
    df = np.ones_like(qf) if d is None else real_array(d, "d", f"{caller}()", finite=False)
    if qf.ndim != 1 or qf.size == 0:
        raise ValueError(f"{caller}(): q must be a nonempty vector; got shape {qf.shape}")
    n = qf.size
    if Mf.shape != (n, n):
        raise ValueError(f"{caller}(): M must be square of size len(q)={n}; got shape {Mf.shape}")
    if df.shape != (n,):
        raise ValueError(f"{caller}(): d must have the length of q ({n}); got shape {df.shape}")
    for name, arr in (("M", Mf), ("q", qf), ("d", df)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{caller}(): {name} must be finite")
    if np.any(df < 0):
        raise ValueError(f"{caller}(): the covering vector d must be nonnegative; got min(d)={df.min():g}")
    bad = np.flatnonzero((qf < 0) & (df <= 0))
    if bad.size:
        raise ValueError(
            f"{caller}(): the covering vector d must be positive wherever q is negative "
            f"(otherwise z0 cannot make w = q + d z0 feasible); fails at index {int(bad[0])}"
        )
    return Mf, qf, df


# ---------------------------------------------------------------------- solution check
def lcp_violation(M: np.ndarray, q: np.ndarray, z: np.ndarray) -> float:
    """How far ``z`` is from solving the LCP, relative to the size of the numbers involved.

    The largest of ``-z_i``, ``-w_i`` and ``min(z_i, w_i)`` over ``i`` (with
    ``w = q + M z``), each divided by the scale
    ``1 + |q_i| + sum_j |M_ij| |z_j| + |z_i|`` of its row. A solution of the
    exact problem has violation 0; a float solution one of order ``1e-15``.

    Parameters
    ----------
    M, q, z : array_like
        The problem and the candidate.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If an argument is not a real numeric array.
    ValueError
        If an entry is not finite or the shapes do not match.

    Examples
    --------
    >>> import numpy as np
    >>> M, q = np.eye(2), np.array([-1.0, 2.0])
    >>> lcp_violation(M, q, np.array([1.0, 0.0]))
    0.0
    >>> round(lcp_violation(M, q, np.array([0.5, 0.0])), 3)   # w_0 = -0.5
    0.2
    """
    caller = "lcp_violation()"
    M, q, z = (real_array(a, name, caller) for a, name in ((M, "M"), (q, "q"), (z, "z")))
    if q.ndim != 1 or q.size == 0:
        raise ValueError(f"{caller}: q must be a nonempty vector; got shape {q.shape}")
    if M.shape != (q.size, q.size) or z.shape != q.shape:
        raise ValueError(f"{caller}: M must have shape (n, n) and z shape (n,) for n = len(q) = {q.size}; "
                         f"got M {M.shape} and z {z.shape}")
    return _violation(M, q, z)


def _violation(M: np.ndarray, q: np.ndarray, z: np.ndarray) -> float:
    """:func:`lcp_violation` of checked float arrays."""
    w = q + M @ z
    scale = 1.0 + np.abs(q) + np.abs(M) @ np.abs(z) + np.abs(z)
    bad = np.maximum.reduce([-z, -w, np.minimum(np.abs(z), np.abs(w))]) / scale
    return float(max(0.0, bad.max()))


# ---------------------------------------------------------------------- float pivoting
class _FloatTableau:
    """Condensed tableau ``x_B + D x_N = rhs`` of ``w - M z - d z0 = q``.

    Labels: ``w_i`` is ``i``, ``z_i`` is ``n + i``, ``z0`` is ``2 n``. Only the
    ``n + 1`` nonbasic columns and the right-hand side (last column) are
    stored, so a pivot is one rank-1 update of an ``(n, n + 2)`` array. The
    array is column-major, so a column (the ratio test reads one) is
    contiguous and the update is one in-place BLAS ``dger``; the label
    bookkeeping is in Python lists. At the sizes of most sequence forms
    (tens to hundreds of rows) a pivot costs the fixed cost of its numpy
    calls, so the code keeps them few.
    """

    __slots__ = ("n", "D", "basis", "nonbasic", "where", "scale", "_columns", "_x", "_y", "_scalar", "_blocks")

    def __init__(self, M: np.ndarray, q: np.ndarray, d: np.ndarray) -> None:
        n = q.size
        self.n = n
        # scale the data to magnitude ~1 (q scales z, M scales z inversely, d scales z0)
        sq, sM, sd = (float(np.abs(a).max()) or 1.0 for a in (q, M, d))
        self.scale = (sq, sM, sd)
        self.D = np.empty((n, n + 2), order="F")
        np.divide(M, -sM, out=self.D[:, :n])
        self.D[:, n] = -d / sd
        self.D[:, n + 1] = q / sq
        self.basis = list(range(n))  # label of the basic variable of each row
        self.nonbasic = list(range(n, 2 * n + 1))  # label of the variable of each stored column
        # where[label] = column index if nonbasic, -(row + 1) if basic
        self.where = [-(i + 1) for i in range(n)] + list(range(n + 1))
        self._columns = list(self.D.T)  # views of the columns, the right-hand side last
        self._x = np.empty(n)
        self._y = np.empty(n + 2)
        self._scalar = np.empty(())
        self._blocks = ger_blocks(self.D, self._y)  # column blocks below OpenBLAS's threading threshold

    def _lex_min(self, rows: np.ndarray, piv: np.ndarray, tol: np.ndarray) -> int:
        """Lexicographic minimum of the rows ``B^{-1}[rows] / piv`` (rows already tied in the ratio).

        Column ``j`` of ``B^{-1}`` is the current column of ``w_j``: a stored
        column if ``w_j`` is nonbasic, a unit vector if it is basic. Those
        rows are gathered at once; then the columns are scanned in order
        (plain Python on a few rows): entry ``[r, j]`` counts as above the
        column minimum (held by row ``m``, the first minimiser) when it
        exceeds it by more than ``tol[r] + tol[m]``, and such rows are
        dropped. At most ``n`` columns are read; rows of ``B^{-1}`` are
        independent, so in exact arithmetic one row remains (with float
        noise, the first of those left). Columns on which the rows are
        exactly equal (most of them, in the sparse sequence form) cannot drop
        a row and are skipped.
        """
        n = self.n
        at = np.array(self.where[:n])
        R = np.zeros((rows.size, n))
        nonbasic = at >= 0
        R[:, nonbasic] = self.D[rows][:, at[nonbasic]]
        basic = np.flatnonzero(~nonbasic)  # w_j basic in row -at[j] - 1: a unit column
        position = np.full(n, -1)
        position[rows] = np.arange(rows.size)
        where = position[-at[basic] - 1]
        hit = where >= 0
        R[where[hit], basic[hit]] = 1.0
        R /= piv[:, None]
        # a column where the rows are exactly equal drops no row: scan only the others
        columns = R[:, R.max(axis=0) > R.min(axis=0)].T.tolist()
        slack = tol.tolist()
        alive = list(range(rows.size))
        for values in columns:
            column = [values[k] for k in alive]
            m = min(range(len(alive)), key=column.__getitem__)
            low, bound = column[m], slack[alive[m]]
            alive = [k for k, v in zip(alive, column) if not v - low > slack[k] + bound]
            if len(alive) == 1:
                break
        return int(rows[alive[0]])

    def first_row(self) -> int | None:
        """Row left by ``w`` when ``z0`` first enters (None when ``q >= 0``: ``z = 0`` solves)."""
        rhs, dcol = self.D[:, -1], -self.D[:, self.n]
        if np.all(rhs >= 0):
            return None
        rows = np.flatnonzero(dcol > 0)
        need = -rhs[rows] / dcol[rows]
        top = need.max()
        tied = rows[need >= top - _START_ATOL * max(1.0, abs(top))]
        # perturbed q_i + eps**(i+1): among tied rows the last one needs the largest z0
        return int(tied.max())

    def leaving_row(self, label: int) -> int | None:
        """Row of the leaving variable when ``label`` enters (lexicographic rule); None on a ray.

        Two ratios ``rhs / column`` tie when they differ by at most the sum of
        their rows' float noise, estimated as ``_NOISE`` times the largest
        magnitude in the row (at least 1) over the pivot entry.
        """
        column = self._columns[self.where[label]]
        # (argmax / argmin and an item cost less than abs and max on short arrays; nonzero less than flatnonzero)
        big = max(column.item(column.argmax()), -column.item(column.argmin()))
        if not big > 0:
            return None
        rows = (column > _PIVOT_RTOL * big).nonzero()[0]
        if rows.size == 0:
            return None
        piv = column[rows]
        ratios = self._columns[-1][rows] / piv
        low = int(ratios.argmin())
        least = ratios.item(low)
        # candidates for a tie (usually just the minimiser); their noise is estimated next
        near = (ratios <= least + _NEAR * (1.0 + abs(least))).nonzero()[0]
        if near.size == 1:
            return int(rows[low])
        rows, piv, ratios = rows[near], piv[near], ratios[near]
        tol = _NOISE * np.maximum(np.abs(self.D[rows]).max(axis=1), 1.0) / piv
        low = int(ratios.argmin())
        tied = ratios - ratios[low] <= tol + tol[low]
        rows, piv, tol = rows[tied], piv[tied], tol[tied]
        if rows.size == 1:
            return int(rows[0])
        at = self.where[2 * self.n]
        if at < 0 and -at - 1 in rows.tolist():  # z0 ties for the minimum ratio: it leaves
            return -at - 1
        return self._lex_min(rows, piv, tol)

    def pivot(self, row: int, label: int) -> int:
        """Bring ``label`` into the basis at ``row``; return the leaving label.

        One BLAS ``dger`` on ``p = D[row, col]``: with ``x = -column / p``
        except ``x[row] = 1/p - 1``, and ``y = D[row]`` except
        ``y[col] = 1 + p``, the update ``D += outer(x, y)`` divides the pivot
        row by ``p``, eliminates the column from the other rows, and leaves in
        the column that of the leaving variable (``-column / p``, and ``1 / p``
        at the row, set exactly). The pivot ``p`` may have either sign here
        (the first pivot is on ``-d_r / sd < 0``); the rounding of this form
        grows like ``|p|`` ulps, so after a pivot of magnitude above
        :data:`~leverage.solvers.complementary_pivoting.EXACT_ROW_ABOVE` the row and the column are recomputed by
        plain divisions.
        """
        col = self.where[label]
        pivot_in_place(self._columns[col], row, col, self.D[row], self._blocks, self._x, self._y, self._scalar)
        leaving = self.basis[row]
        self.basis[row] = label
        self.nonbasic[col] = leaving
        self.where[label] = -(row + 1)
        self.where[leaving] = col
        return leaving

    def z0_is_zero(self) -> bool:
        """Whether ``z0`` is basic at value 0 (within its row's float noise)."""
        at = self.where[2 * self.n]
        if at >= 0:
            return False
        row = self.D[-at - 1]
        return bool(abs(row[-1]) <= _NOISE * max(1.0, float(np.abs(row).max())))

    def z(self) -> np.ndarray:
        """Current ``z`` in the units of the original problem."""
        n = self.n
        out = np.zeros(n)
        rhs = self._columns[-1]
        for r, label in enumerate(self.basis):
            if n <= label < 2 * n:
                out[label - n] = rhs.item(r)
        sq, sM, _ = self.scale
        return out * (sq / sM)


def _complement(label: int, n: int) -> int:
    return label + n if label < n else label - n


def _name(label: int, n: int) -> str:
    if label == 2 * n:
        return "z0"
    return f"w[{label}]" if label < n else f"z[{label - n}]"


def _bound_error(max_pivots: int, arithmetic: str) -> PivotBoundError:
    return PivotBoundError(
        f"lemke(): no solution within the pivot bound max_pivots={max_pivots} ({arithmetic} pivoting); "
        "raise max_pivots"
    )


def _ray_error(pivots: int, entering: str, arithmetic: str) -> RayTerminationError:
    return RayTerminationError(
        f"lemke(): ray termination after {pivots} pivots ({arithmetic} pivoting): the entering variable "
        f"{entering} has no blocking row, so Lemke's algorithm with this covering vector finds no solution",
        pivots,
        entering,
    )


def _float_path(M: np.ndarray, q: np.ndarray, d: np.ndarray, max_pivots: int) -> tuple[np.ndarray, int]:
    """Lemke's algorithm in floating point; ``(z, pivots)``."""
    n = q.size
    T = _FloatTableau(M, q, d)
    row = T.first_row()
    if row is None:
        return np.zeros(n), 0
    entering = 2 * n
    basis = (1 << n) - 1  # the labels of the basis, as bits (w_0 .. w_{n-1} at the start)
    seen: set[int] = set()
    for count in range(1, max_pivots + 1):
        leaving = T.pivot(row, entering)
        if leaving == 2 * n:
            return T.z(), count
        basis ^= (1 << entering) | (1 << leaving)
        if basis in seen:
            raise LCPBreakdownError(f"lemke(): float pivoting met a basis twice after {count} pivots")
        seen.add(basis)
        entering = _complement(leaving, n)
        row = T.leaving_row(entering)
        if row is None:
            if T.z0_is_zero():  # a degenerate end: the point on the ray's base already solves
                return T.z(), count
            raise _ray_error(count, _name(entering, n), "float")
    raise _bound_error(max_pivots, "float")


# ---------------------------------------------------------------------- exact pivoting
class _ExactTableau:
    """Condensed integer tableau: every entry is ``det`` times its rational value.

    Built from ``w' - M' z - d' z0 = q'``, where each equation was multiplied
    by the common denominator of its data (``w'_i`` is a positive multiple of
    ``w_i``, so complementarity is unchanged). Pivoting on ``p = T[r, c]``
    replaces every other row ``i`` by ``(p T_i - T_ic T_r) / det`` (an exact
    division) and keeps row ``r``; the column of the leaving variable becomes
    ``-T_ic`` off row ``r`` and ``det`` on it; then ``det = p``. ``det`` can be
    negative (the first pivot is on ``-d_r < 0``), so signs are read through it.
    """

    __slots__ = ("n", "T", "basis", "where", "det")

    def __init__(self, M: np.ndarray, q: np.ndarray, d: np.ndarray) -> None:
        n = q.size
        self.n = n
        rows = []
        for i in range(n):
            data = [-v for v in M[i]] + [-d[i], q[i]]
            L = math.lcm(*(v.denominator for v in data))
            rows.append([int(v * L) for v in data])
        self.T = np.empty((n, n + 2), dtype=object)
        self.T[:, :] = rows
        self.basis = list(range(n))
        self.where = [-(i + 1) for i in range(n)] + list(range(n + 1))
        self.det = 1

    def _sign(self) -> int:
        return 1 if self.det > 0 else -1

    def _binv_column(self, j: int, rows: list[int]) -> list[int]:
        at = self.where[j]
        if at >= 0:
            return [self.T[r, at] for r in rows]
        return [self.det if r == -at - 1 else 0 for r in rows]

    def _lex_min(self, rows: list[int], piv: list[int], first: list[int]) -> int:
        values = first
        for j in range(self.n + 1):
            ratios = [Fraction(v, p) for v, p in zip(values, piv, strict=True)]
            low = min(ratios)
            keep = [k for k, r in enumerate(ratios) if r == low]
            rows, piv = [rows[k] for k in keep], [piv[k] for k in keep]
            if len(rows) == 1 or j == self.n:
                return rows[0]
            values = self._binv_column(j, rows)
        raise AssertionError("unreachable")

    def first_row(self) -> int | None:
        n = self.n
        rhs, dcol = self.T[:, n + 1], self.T[:, n]  # det = 1 here
        if all(v >= 0 for v in rhs):
            return None
        rows = [i for i in range(n) if dcol[i] < 0]
        need = [Fraction(rhs[i], dcol[i]) for i in rows]  # = -q_i / d_i
        top = max(need)
        return max(i for i, v in zip(rows, need, strict=True) if v == top)

    def leaving_row(self, label: int) -> int | None:
        col = self.where[label]
        s = self._sign()
        column = self.T[:, col]
        rows = [i for i in range(self.n) if column[i] * s > 0]
        if not rows:
            return None
        piv = [column[i] for i in rows]
        rhs = [self.T[i, -1] for i in rows]
        at = self.where[2 * self.n]
        if at < 0 and (-at - 1) in rows:
            ratios = [Fraction(v, p) for v, p in zip(rhs, piv, strict=True)]
            k = rows.index(-at - 1)
            if ratios[k] == min(ratios):
                return -at - 1
        return self._lex_min(rows, piv, rhs)

    def pivot(self, row: int, label: int) -> int:
        T = self.T
        col = self.where[label]
        p = T[row, col]
        pivot_row = T[row].copy()
        column = T[:, col].copy()
        T[:] = (T * p - np.outer(column, pivot_row)) // self.det
        T[row] = pivot_row
        T[:, col] = -column
        T[row, col] = self.det
        self.det = p
        leaving = self.basis[row]
        self.basis[row] = label
        self.where[label] = -(row + 1)
        self.where[leaving] = col
        return leaving

    def z0_is_zero(self) -> bool:
        at = self.where[2 * self.n]
        return at < 0 and self.T[-at - 1, -1] == 0

    def z(self) -> list[Fraction]:
        n = self.n
        out = [Fraction(0)] * n
        for r, label in enumerate(self.basis):
            if n <= label < 2 * n:
                out[label - n] = Fraction(self.T[r, -1], self.det)
        return out


def _exact_path(M: np.ndarray, q: np.ndarray, d: np.ndarray, max_pivots: int) -> tuple[list[Fraction], int]:
    """Lemke's algorithm in exact integer arithmetic; ``(z, pivots)`` with rational ``z``."""
    n = q.size
    T = _ExactTableau(M, q, d)
    row = T.first_row()
    if row is None:
        return [Fraction(0)] * n, 0
    entering = 2 * n
    for count in range(1, max_pivots + 1):
        leaving = T.pivot(row, entering)
        if leaving == 2 * n:
            return T.z(), count
        entering = _complement(leaving, n)
        row = T.leaving_row(entering)
        if row is None:
            if T.z0_is_zero():  # a degenerate end: the point on the ray's base already solves
                return T.z(), count
            raise _ray_error(count, _name(entering, n), "exact")
    raise _bound_error(max_pivots, "exact")


# ---------------------------------------------------------------------- public API
def _float_solution(M: np.ndarray, q: np.ndarray, z: np.ndarray, pivots: int, rtol: float) -> LCPSolution:
    violation = _violation(M, q, z)
    if violation > rtol:
        raise LCPBreakdownError(
            f"lemke(): the float end point fails the check: violation {violation:.3g} exceeds rtol={rtol:g}"
        )
    z = np.where(z > 0, z, 0.0)
    w = q + M @ z
    scale = 1.0 + np.abs(q) + np.abs(M) @ z
    w = np.where(np.abs(w) <= rtol * scale, 0.0, w)
    return LCPSolution(z=z, w=w, pivots=pivots, method="float", violation=violation)


def _exact_solution(M: Any, q: Any, d: Any, max_pivots: int, caller: str) -> LCPSolution:
    Mr, qr, dr = (_as_rational(a, name, caller) for a, name in ((M, "M"), (q, "q"), (d, "d")))
    zr, pivots = _exact_path(Mr, qr, dr, max_pivots)
    wr = [qr[i] + sum(Mr[i, j] * zr[j] for j in range(len(zr)) if zr[j]) for i in range(len(zr))]
    return LCPSolution(
        z=np.array([float(v) for v in zr]),
        w=np.array([float(v) for v in wr]),
        pivots=pivots,
        method="exact",
        z_exact=tuple(zr),
        violation=0.0,
    )


def lemke(
    M: Any,
    q: Any,
    d: Any = None,
    *,
    max_pivots: int | None = None,
    method: str = "auto",
    rtol: float | None = None,
) -> LCPSolution:
    """Solve ``w = q + M z, w, z >= 0, w . z = 0`` by Lemke's algorithm.

    Parameters
    ----------
    M : array_like, shape (n, n)
        The LCP matrix. With ``method="exact"`` it may hold ints or
        :class:`fractions.Fraction` (floats are read as their exact binary value).
    q : array_like, shape (n,)
        The right-hand side.
    d : array_like, shape (n,), optional
        The covering vector (all ones by default); nonnegative, and positive
        wherever ``q`` is negative.
    max_pivots : int, optional
        Pivot bound of each path (float and exact); :func:`default_max_pivots`
        by default.
    method : {"auto", "float", "exact"}
        ``"float"``: float pivoting only; ``"exact"``: integer pivoting on
        the rational data only; ``"auto"`` (default): float, and exact when
        the float path breaks down, ends on a ray or ends at a point whose
        :func:`lcp_violation` exceeds ``rtol``.
    rtol : float, optional
        Largest accepted :func:`lcp_violation` of a float end point;
        :data:`leverage.tolerance.RTOL` by default.

    Returns
    -------
    LCPSolution

    Raises
    ------
    ValueError
        If the shapes do not match, an entry is not finite, ``d`` is not a
        valid covering vector, or an option is invalid.
    PivotBoundError
        If a path reaches ``max_pivots``.
    RayTerminationError
        If the path ends on a secondary ray (in exact arithmetic, under ``"auto"``).
    LCPBreakdownError
        With ``method="float"``, if float pivoting breaks down or its end
        point fails the check.

    Notes
    -----
    The lexicographic rule makes every path finite: no basis is met twice.
    Lemke's algorithm ends at a solution whenever ``M`` is copositive-plus
    and the problem is feasible (Cottle, Pang and Stone 1992, Section 4.4),
    and for the sequence-form LCP of :mod:`leverage.extensive.sequence_form`.

    References
    ----------
    C. E. Lemke (1965), "Bimatrix equilibrium points and mathematical
    programming", Management Science 11(7), 681-689.
    R. W. Cottle, J.-S. Pang and R. E. Stone (1992), *The Linear
    Complementarity Problem*, Academic Press, Section 4.4.

    Examples
    --------
    A positive definite ``M``, so the solution is unique:

    >>> import numpy as np
    >>> M = np.array([[2.0, 1.0], [1.0, 2.0]])
    >>> sol = lemke(M, np.array([-5.0, -6.0]))
    >>> sol.z, sol.w
    (array([1.33333333, 2.33333333]), array([0., 0.]))

    The same problem in exact arithmetic:

    >>> [str(v) for v in lemke(M, [-5, -6], method="exact").z_exact]
    ['4/3', '7/3']

    A degenerate problem (tied rows, singular ``M``) still terminates:

    >>> lemke(np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-1.0, -1.0])).z
    array([0., 1.])
    """
    caller = "lemke"
    Mf, qf, df = _check_problem(M, q, d, caller)
    bound = check_max_pivots(max_pivots, caller)
    if bound is None:
        bound = default_max_pivots(qf.size)
    if not isinstance(method, str) or method not in ("auto", "float", "exact"):
        raise ValueError(f"{caller}(): method must be 'auto', 'float' or 'exact'; got {method!r}")
    if rtol is not None and not (_is_real(rtol) and 0 <= rtol < 1):
        raise ValueError(f"{caller}(): rtol must be a number in [0, 1); got {rtol!r}")
    rtol = RTOL if rtol is None else float(rtol)
    exact_data = (M, q, np.ones(qf.size, dtype=np.int64) if d is None else d)
    if method == "exact":
        return _exact_solution(*exact_data, bound, caller)
    try:
        z, pivots = _float_path(Mf, qf, df, bound)
        return _float_solution(Mf, qf, z, pivots, rtol)
    except (LCPBreakdownError, RayTerminationError):
        if method == "float":
            raise
    return _exact_solution(*exact_data, bound, caller)
