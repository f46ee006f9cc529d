"""One Nash equilibrium of a bimatrix game by Lemke-Howson complementary pivoting.

The algorithm works on the best-response polytopes of :mod:`leverage.solvers.polytope`
(payoffs rescaled to ``[1, 2]`` by :func:`~leverage.solvers.polytope.normalized_bimatrix`)::

    P = {x >= 0 : B^T x + s = 1, s >= 0}      (n equations, variables x, s)
    Q = {y >= 0 : r + A y = 1, r >= 0}        (m equations, variables r, y)

Every variable carries a label and, in both tableaux, the column of a variable
*is* its label: ``x_i`` and ``r_i`` carry label ``i < m``; ``s_j`` and ``y_j``
carry label ``m + j``. A label is present at a vertex when its variable is
nonbasic (hence zero). Starting from the artificial equilibrium ``(0, 0)``, the
initial label ``k`` is dropped by letting its variable enter; the variable that
leaves shows a label that is now duplicated, whose partner then enters the
other tableau, and so on, until label ``k`` itself leaves: the pair of basic
solutions is then completely labelled, i.e. an extreme Nash equilibrium.

Degenerate games (ties, duplicate strategies) are handled by the lexicographic
minimum-ratio test, which pivots as if the right-hand side were perturbed to
``1 + (eps, eps^2, ...)``: the leaving row minimises, lexicographically, the
row of ``[rhs | B^{-1}]`` divided by the pivot-column entry, where ``B^{-1}``
is read from the columns of the initial (slack) basis. Rows of ``B^{-1}`` are
linearly independent, so the minimiser is unique and the path cannot cycle.

Each pivot is one in-place rank-1 update (BLAS ``dger``) of a condensed,
column-major tableau (only the nonbasic columns are stored), with no array
allocated per pivot; the ratio test is a masked minimum ratio, and the
lexicographic comparison runs only when two ratios tie. The float result is
polished once, at the end of the path (the indifference equations are
re-solved on the support found), and then verified against the library's
tolerance rule by :func:`~leverage.results.verified_equilibrium`; an
unverified profile is never returned.

Float pivoting is exact on games with exact ties (the tied entries stay
equal) but can go astray on *nearly* degenerate games, where the true path
passes through nearly singular bases. For games with at most
:data:`EXACT_MAX_LABELS` labels, a float path that revisits a basis (which
exact pivoting never does) or ends at a profile that fails verification is
therefore redone with integer pivoting on the exact rational payoffs.

References
----------
C. E. Lemke and J. T. Howson, Jr. (1964), "Equilibrium points of bimatrix
games", Journal of the Society for Industrial and Applied Mathematics 12(2), 413-423.
B. von Stengel (2007), "Equilibrium computation for two-player games in
strategic and extensive form", ch. 3 of Algorithmic Game Theory (Nisan,
Roughgarden, Tardos and Vazirani, eds.), Cambridge University Press:
Algorithm 3.6 (Lemke-Howson), and the sections on integer pivoting and on
degenerate games (the lexicographic method).
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.linalg.blas import dger as _dger

from leverage.checks import check_int
from leverage.results import (
    PROBABILITY_NOISE,
    Equilibrium,
    SolverError,
    UnverifiedEquilibriumError,
    clean_probabilities,
    verified_equilibrium,
)
from leverage.game import Game, check_game
from leverage.solvers.polytope import normalized_bimatrix
from leverage.tolerance import PIVOT_RTOL, RATIO_ATOL, RATIO_RTOL, TINY, tolerances

__all__ = ["lemke_howson", "equilibrium", "default_max_pivots", "FALLBACK_MAX_SIZE", "EXACT_MAX_LABELS"]

#: Games with at most this many labels (``m + n``) get exact integer pivoting when float pivoting fails.
EXACT_MAX_LABELS = 60

#: :func:`equilibrium` falls back to full enumeration only when ``min(m, n)`` is at most this.
FALLBACK_MAX_SIZE = 12

#: :func:`equilibrium` first gives every Lemke-Howson path ``max(m + n, 16)`` pivots ...
_FIRST_BUDGET = 16
#: ... and multiplies the budget by this factor per round, up to ``max_pivots``.
_BUDGET_GROWTH = 4

#: A pivot-column entry must exceed this times the column's largest magnitude to be a pivot.
_PIVOT_RTOL = PIVOT_RTOL

#: Two ratios in the lexicographic test tie when they differ by at most
#: ``_RATIO_RTOL * |smallest| + _RATIO_ATOL`` (tableau values are O(1) after the rescaling).
_RATIO_RTOL = RATIO_RTOL
_RATIO_ATOL = RATIO_ATOL

#: The rank-1 update of a pivot is done by BLAS ``dger`` on column blocks of at most this many
#: entries: OpenBLAS splits a larger update across threads (from ``2304 * 4`` entries), which is
#: slower than one thread at these sizes and stalls for milliseconds when the cores are busy.
_GER_BLOCK = 8192


def default_max_pivots(m: int, n: int) -> int:
    """Default pivot bound of :func:`lemke_howson`: ``10 * (m + n) ** 2``.

    Path lengths vary a lot: on random ``200 x 200`` games, from a handful of
    pivots to more than ``10**5`` depending on the initial label, and they
    are exponential in the size of specially built games (R. Savani and
    B. von Stengel 2006, "Hard-to-solve bimatrix games", Econometrica 74).
    The bound turns such a case into a :class:`~leverage.SolverError`
    instead of a hang.

    Examples
    --------
    >>> default_max_pivots(2, 3)
    250
    """
    caller = "default_max_pivots()"
    return 10 * (check_int(m, "m", caller, low=1) + check_int(n, "n", caller, low=1)) ** 2


# ---------------------------------------------------------------------- validation
def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _check_label(label: Any, m: int, n: int, caller: str) -> int:
    if not _is_int(label) or not 0 <= label < m + n:
        raise ValueError(
            f"{caller}(): initial_label must be an int in [0, {m + n}) (labels 0..{m - 1} are the row "
            f"player's strategies, {m}..{m + n - 1} the column player's); got {label!r}"
        )
    return int(label)


def check_max_pivots(max_pivots: Any, caller: str) -> int | None:
    """``max_pivots`` as an int of at least 1, or None (no bound); a ValueError naming ``caller`` otherwise.

    Shared by the pivoting solvers (this module and :mod:`leverage.extensive.lcp`).

    Examples
    --------
    >>> check_max_pivots(None, "lemke_howson"), check_max_pivots(20, "lemke_howson")
    (None, 20)
    """
    if max_pivots is None:
        return None
    if not _is_int(max_pivots) or max_pivots < 1:
        raise ValueError(f"{caller}(): max_pivots must be a positive int or None; got {max_pivots!r}")
    return int(max_pivots)


def _check_two_players(game: Game, caller: str) -> None:
    if game.n_players != 2:
        raise ValueError(
            f"{caller}(): the Lemke-Howson algorithm is for two-player games; "
            f"this game has {game.n_players} players"
        )


# ---------------------------------------------------------------------- pivoting
class _PivotBoundError(SolverError):
    """A Lemke-Howson path reached its pivot bound (a larger bound may still succeed)."""


class _FloatBreakdownError(SolverError):
    """Float error broke the pivoting (a basis met twice, no pivot row); exact pivoting is then used."""


class _Tableau:
    """One condensed tableau ``x_B + D x_N = rhs`` of a best-response polytope.

    Only the columns of the nonbasic variables are stored (the basic ones are
    unit vectors), so a pivot is one rank-1 update of an array of shape
    ``(rows, nonbasic + 1)``, the last column being the right-hand side.

    The array is column-major (Fortran order): the pivot column, the
    right-hand side and the lexicographic columns are contiguous, so the
    ratio test reads contiguous memory, and the rank-1 update is done in
    place by BLAS ``dger``. The work buffers are allocated once, so a pivot
    allocates no array; the label bookkeeping is in Python lists.

    Parameters
    ----------
    M : numpy.ndarray
        Constraint matrix of ``M z + slack = 1``, shape ``(rows, d)``.
    z_labels, slack_labels : numpy.ndarray
        Labels of the variables ``z`` (initially nonbasic) and of the slacks
        (initially basic, row ``r`` holding ``slack_labels[r]``).
    """

    __slots__ = ("D", "rhs", "basis", "nonbasic", "where", "slack_labels", "_mask", "_ratios", "_col", "_row",
                 "_blocks")

    def __init__(self, M: np.ndarray, z_labels: np.ndarray, slack_labels: np.ndarray) -> None:
        rows, d = M.shape
        self.D = np.empty((rows, d + 1), order="F")
        self.D[:, :d] = M
        self.D[:, d] = 1.0
        self.rhs = self.D[:, d]  # a view: the pivots update it in place
        self.basis: list[int] = slack_labels.tolist()  # label of the basic variable of each row
        self.nonbasic: list[int] = z_labels.tolist()  # label of the variable of each stored column
        self.slack_labels: list[int] = slack_labels.tolist()
        # where[label] = column index if nonbasic, -(row + 1) if basic
        self.where = [0] * (d + rows)
        for j, z in enumerate(self.nonbasic):
            self.where[z] = j
        for r, s in enumerate(self.basis):
            self.where[s] = -(r + 1)
        self._mask = np.empty(rows, dtype=bool)
        self._ratios = np.empty(rows)
        self._col = np.empty(rows)
        self._row = np.empty(d + 1)
        # (block of D, matching slice of the pivot-row buffer): F-contiguous views for dger
        width = max(1, _GER_BLOCK // rows)
        self._blocks = [(self.D[:, j : j + width], self._row[j : j + width]) for j in range(0, d + 1, width)]

    def leaving_row(self, label: int) -> int:
        """Row chosen by the lexicographic minimum-ratio test when ``label`` enters.

        Candidate rows have a pivot-column entry above ``_PIVOT_RTOL`` times
        the column's largest magnitude (a precomputed mask); their ratios
        ``rhs / entry`` go into a buffer of ``inf``. Fast path: the minimum
        ratio, and no other ratio within the tie tolerance. Only on a tie are
        the rows compared lexicographically (:meth:`_break_tie`).
        """
        column = self.D[:, self.where[label]]
        # (argmax / argmin and an index cost less than the max / min reductions on short arrays)
        big = max(column[column.argmax()], -column[column.argmin()])
        mask = np.greater(column, _PIVOT_RTOL * big, self._mask)
        ratios = self._ratios
        ratios.fill(np.inf)
        np.divide(self.rhs, column, ratios, where=mask)
        row = int(ratios.argmin())
        low = float(ratios[row])
        if low == np.inf:  # no candidate row; impossible in exact arithmetic: P and Q are bounded
            raise _FloatBreakdownError(
                f"lemke_howson(): numerical breakdown: no pivot row when label {label} enters"
            )
        bound = low + _RATIO_RTOL * abs(low) + _RATIO_ATOL
        ratios[row] = np.inf
        if not ratios[ratios.argmin()] <= bound:  # no second row within the tie tolerance
            return row
        ratios[row] = low
        return self._break_tie(column, np.flatnonzero(ratios <= bound))

    def _break_tie(self, column: np.ndarray, rows: np.ndarray) -> int:
        """Lexicographic comparison of tied ``rows`` by the columns of ``B^{-1}``.

        The columns of ``B^{-1}`` are the (full-tableau) columns of the
        slacks: a stored column for a nonbasic slack, a unit vector for a
        basic one. Rows of ``B^{-1}`` are independent, so the minimiser is unique.
        """
        piv = column[rows]
        for slack in self.slack_labels:
            at = self.where[slack]
            values = self.D[rows, at] if at >= 0 else (rows == -at - 1).astype(float)
            ratios = values / piv
            low = ratios.min()
            keep = ratios <= low + _RATIO_RTOL * abs(low) + _RATIO_ATOL
            rows, piv = rows[keep], piv[keep]
            if rows.size == 1:
                break
        return int(rows[0])

    def pivot(self, row: int, label: int) -> int:
        """Bring ``label`` into the basis at ``row`` (one in-place rank-1 update); return the leaving label."""
        D = self.D
        col = self.where[label]
        column = D[:, col]
        p = float(column[row])
        pivot_row = np.divide(D[row], p, self._row)
        other = self._col
        np.copyto(other, column)
        other[row] = 0.0
        for block, part in self._blocks:  # D -= outer(other, pivot_row), in place
            _dger(-1.0, other, part, a=block, overwrite_a=1)
        D[row] = pivot_row
        # the stored column now belongs to the leaving variable
        np.divide(other, -p, column)
        column[row] = 1.0 / p
        leaving = self.basis[row]
        self.basis[row] = label
        self.nonbasic[col] = leaving
        self.where[label] = -(row + 1)
        self.where[leaving] = col
        return leaving

    def values(self, start: int, stop: int) -> np.ndarray:
        """Values of the variables with labels in ``range(start, stop)`` (nonbasic ones are 0)."""
        out = np.zeros(stop - start)
        basis = np.asarray(self.basis)
        rows = np.flatnonzero((basis >= start) & (basis < stop))
        out[basis[rows] - start] = self.rhs[rows]
        return out


def _pivot_path(
    An: np.ndarray, Bn: np.ndarray, label: int, max_pivots: int, track: bool = False
) -> tuple[_Tableau, _Tableau, int]:
    """Run the complementary pivoting path from ``(0, 0)`` dropping ``label``.

    Returns the final tableaux of ``P`` (variables ``x``, labels ``0..m-1``;
    slacks ``s``, labels ``m..m+n-1``) and ``Q`` (slacks ``r``, labels
    ``0..m-1``; variables ``y``, labels ``m..m+n-1``) and the number of pivots.
    With ``track``, a pair of bases met twice (impossible in exact arithmetic,
    so a sign that float error broke the lexicographic rule) raises
    :class:`_FloatBreakdownError`. A basis is kept as a bit mask of its
    labels, updated in O(1) per pivot.
    """
    m, n = An.shape
    P = _Tableau(Bn.T, np.arange(m), np.arange(m, m + n))
    Q = _Tableau(An, np.arange(m, m + n), np.arange(m))
    entering = label
    current, other = (P, Q) if label < m else (Q, P)
    masks = {id(P): ((1 << n) - 1) << m, id(Q): (1 << m) - 1}  # labels of each basis, as bits
    seen: set[tuple[int, int]] = set()
    for count in range(1, max_pivots + 1):
        row = current.leaving_row(entering)
        leaving = current.pivot(row, entering)
        if leaving == label:
            return P, Q, count
        if track:
            masks[id(current)] ^= (1 << entering) | (1 << leaving)
            key = (masks[id(P)], masks[id(Q)])
            if key in seen:
                raise _FloatBreakdownError(f"lemke_howson(): float pivoting cycled from initial label {label}")
            seen.add(key)
        entering = leaving
        current, other = other, current
    raise _PivotBoundError(_bound_message(label, max_pivots))


def _bound_message(label: int, max_pivots: int) -> str:
    return (
        f"lemke_howson(): no equilibrium reached from initial label {label} within the pivot bound "
        f"max_pivots={max_pivots}; try another initial_label, a larger max_pivots, or "
        "leverage.equilibrium(), which tries every label"
    )


# ---------------------------------------------------------------------- exact pivoting
def _exact_normalized(M: np.ndarray) -> np.ndarray:
    """Integer matrix (object dtype) proportional to the ``[1, 2]`` rescaling of ``M``.

    Every float is a dyadic rational, so ``M * L`` is an integer matrix for the
    common denominator ``L``; ``(M - min M) * L + spread * L`` equals
    ``spread * L`` times :func:`~leverage.solvers.polytope.normalized_bimatrix`'s
    rescaling, exactly (all ones for constant payoffs). Scaling a tableau's
    matrix by a constant does not change the pivoting path.
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


class _ExactTableau:
    """Full integer tableau ``det(B) * B^{-1} [M | I | 1]`` with integer pivoting.

    Entries stay integers: a pivot on ``p = T[r, c]`` replaces every other row
    by ``(p * T_i - T[i, c] * T_r) / d``, an exact division by the previous
    pivot ``d`` (integer pivoting, von Stengel 2007). Columns are
    labels as in :class:`_Tableau`; ratios are compared as exact fractions.
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


def _exact_path(A: np.ndarray, B: np.ndarray, label: int, max_pivots: int) -> tuple[np.ndarray, np.ndarray]:
    """Lemke-Howson in exact integer arithmetic; the mixed strategies as floats."""
    m, n = A.shape
    Ai, Bi = _exact_normalized(A), _exact_normalized(B)
    eye_n, eye_m = np.eye(n, dtype=np.int64).astype(object), np.eye(m, dtype=np.int64).astype(object)
    ones_n, ones_m = np.ones((n, 1), dtype=np.int64).astype(object), np.ones((m, 1), dtype=np.int64).astype(object)
    P = _ExactTableau(np.hstack([Bi.T, eye_n, ones_n]), np.arange(m, m + n), np.arange(m, m + n))
    Q = _ExactTableau(np.hstack([eye_m, Ai, ones_m]), np.arange(m), np.arange(m))
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
    raise _PivotBoundError(_bound_message(label, max_pivots))


# ---------------------------------------------------------------------- polishing
def _worst_regret(game: Game, profile: tuple[np.ndarray, np.ndarray], tol: np.ndarray | None = None) -> float:
    """Largest regret relative to the tolerance rule (verified when <= 1); inf if not a profile.

    The regrets of :func:`leverage.game.regrets`, computed directly for two
    players (two matrix-vector products); ``tol`` is ``tolerances(game.payoffs)``.
    """
    try:
        x, y = (clean_probabilities(v) for v in profile)
    except ValueError:
        return np.inf
    A, B = game.payoffs
    row_values, col_values = A @ y, x @ B
    regret = np.array([row_values.max() - row_values @ x, col_values.max() - col_values @ y])
    tol = tolerances(game.payoffs) if tol is None else tol
    return float(np.max(np.maximum(regret, 0.0) / tol))


def _resolve(M: np.ndarray, rows: np.ndarray, support: np.ndarray, size: int) -> np.ndarray | None:
    """Solve ``M[rows, support] z = 1`` by least squares; the mixed strategy ``z / sum(z)`` or None."""
    if support.size == 0 or rows.size < support.size:
        return None
    z, *_ = np.linalg.lstsq(M[np.ix_(rows, support)], np.ones(rows.size), rcond=None)
    if not np.all(np.isfinite(z)) or np.any(z <= 0):
        return None
    out = np.zeros(size)
    out[support] = z / z.sum()
    return out


def _polish(
    game: Game, An: np.ndarray, Bn: np.ndarray, P: _Tableau, Q: _Tableau
) -> tuple[np.ndarray, np.ndarray]:
    """The better (by the tolerance rule) of the pivoted profile and its re-solved version.

    The re-solve keeps the support found by pivoting and imposes exactly the
    equations the final bases make binding: ``(A y)_i = 1`` for every row ``i``
    whose slack ``r_i`` is nonbasic (these include the row player's support)
    and ``(B^T x)_j = 1`` for every column ``j`` whose slack ``s_j`` is
    nonbasic, in the rescaled payoffs.
    """
    m, n = An.shape
    x = P.values(0, m)
    y = Q.values(m, m + n)
    raw = (np.clip(x, 0.0, None), np.clip(y, 0.0, None))
    sx = np.flatnonzero(x > PROBABILITY_NOISE * max(x.sum(), TINY))
    sy = np.flatnonzero(y > PROBABILITY_NOISE * max(y.sum(), TINY))
    basic_q, basic_p = set(Q.basis), set(P.basis)
    binding_rows = np.array([i for i in range(m) if i not in basic_q], dtype=np.int64)  # r_i nonbasic
    binding_cols = np.array([j for j in range(n) if m + j not in basic_p], dtype=np.int64)  # s_j nonbasic
    xp = _resolve(Bn.T, binding_cols, sx, m)
    yp = _resolve(An, binding_rows, sy, n)
    if xp is None or yp is None:
        return raw
    polished = (xp, yp)
    tol = tolerances(game.payoffs)
    return polished if _worst_regret(game, polished, tol) < _worst_regret(game, raw, tol) else raw


# ---------------------------------------------------------------------- public API
def lemke_howson(game: Game, initial_label: int = 0, max_pivots: int | None = None) -> Equilibrium:
    """One Nash equilibrium of a two-player game by the Lemke-Howson algorithm.

    Complementary pivoting on the two tableaux of the best-response polytopes
    (payoffs rescaled to ``[1, 2]``), with the lexicographic minimum-ratio
    test, so degenerate games (ties, duplicate strategies) are handled without
    cycling. The equilibrium found is an *extreme* equilibrium (a completely
    labelled pair of vertices), hence one of those listed by
    :func:`leverage.equilibria`. Different initial labels may lead to different
    equilibria.

    Parameters
    ----------
    game : Game
        A two-player game with ``m`` and ``n`` strategies.
    initial_label : int, default 0
        The label dropped at the artificial equilibrium: ``0..m-1`` are the row
        player's strategies, ``m..m+n-1`` the column player's.
    max_pivots : int, optional
        Largest number of pivots (over both tableaux);
        ``10 * (m + n) ** 2`` by default (:func:`default_max_pivots`).

    Returns
    -------
    Equilibrium
        Verified against the library's tolerance rule, ``method="lemke_howson"``.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~leverage.Game`.
    ValueError
        If the game does not have two players, ``initial_label`` is not an int
        in ``[0, m + n)`` or ``max_pivots`` is not a positive int.
    SolverError
        If the pivot bound is reached (the message names the label and bound).
    UnverifiedEquilibriumError
        (a :class:`~leverage.SolverError`) if, in a game with more than
        :data:`EXACT_MAX_LABELS` labels, float error leaves the end point
        outside the tolerance rule even after polishing.

    See Also
    --------
    equilibrium : tries every initial label, then falls back to enumeration.
    leverage.equilibria : every extreme equilibrium.

    Notes
    -----
    Pivoting is in floating point; the end point is polished by re-solving
    the equations its bases make binding and then verified. In games with at
    most :data:`EXACT_MAX_LABELS` (60) labels, a float path that cycles or
    fails verification (nearly degenerate games) is redone exactly, by
    integer pivoting on the payoffs as rationals, so there the result is
    the exact end point of the lexicographic Lemke-Howson path.

    References
    ----------
    C. E. Lemke and J. T. Howson, Jr. (1964), "Equilibrium points of bimatrix
    games", Journal of the SIAM 12(2), 413-423.
    B. von Stengel (2007), "Equilibrium computation for two-player games in
    strategic and extensive form", in Algorithmic Game Theory, ch. 3:
    Algorithm 3.6, integer pivoting, and the lexicographic method for
    degenerate games.

    Examples
    --------
    Battle of the sexes: dropping label 0 (the row player's first strategy)
    leads to the pure equilibrium on the first strategies, dropping label 1
    to the one on the second strategies. (Lemke-Howson never reaches the
    mixed equilibrium of this game, whatever the label.)

    >>> from leverage import Game
    >>> bos = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> lemke_howson(bos, initial_label=0).support
    ((0,), (0,))
    >>> lemke_howson(bos, initial_label=1).support
    ((1,), (1,))

    Matching pennies has only a mixed equilibrium:

    >>> mp = Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> eq = lemke_howson(mp)
    >>> eq.strategies
    (array([0.5, 0.5]), array([0.5, 0.5]))
    >>> eq.method, eq.regret < 1e-12
    ('lemke_howson', True)

    A degenerate game (ties in ``A``) still terminates, from every label:

    >>> g = Game.from_bimatrix([[1, 1], [0, 1]], [[1, 0], [0, 1]])
    >>> [lemke_howson(g, k).support for k in range(4)]
    [((0,), (0,)), ((1,), (1,)), ((0,), (0,)), ((1,), (1,))]
    """
    caller = "lemke_howson"
    check_game(game, caller)
    _check_two_players(game, caller)
    m, n = game.shape
    label = _check_label(initial_label, m, n, caller)
    bound = check_max_pivots(max_pivots, caller)
    if bound is None:
        bound = default_max_pivots(m, n)
    An, Bn = normalized_bimatrix(*game.payoffs)
    return _solve(game, An, Bn, label, bound)


def _solve(game: Game, An: np.ndarray, Bn: np.ndarray, label: int, bound: int) -> Equilibrium:
    """Pivot, polish and verify (arguments already validated).

    Float pivoting first; for games with at most :data:`EXACT_MAX_LABELS`
    labels, a float path that breaks down (cycles) or ends at a profile
    failing verification is redone in exact integer arithmetic.
    """
    exact_ok = sum(game.shape) <= EXACT_MAX_LABELS
    try:
        P, Q, _ = _pivot_path(An, Bn, label, bound, track=exact_ok)
    except _FloatBreakdownError:
        if not exact_ok:
            raise
    else:
        x, y = _polish(game, An, Bn, P, Q)
        try:
            return verified_equilibrium(game, (x, y), "lemke_howson")
        except UnverifiedEquilibriumError:
            if not exact_ok:
                raise
    A, B = game.payoffs
    x, y = _exact_path(A, B, label, bound)
    return verified_equilibrium(game, (x, y), "lemke_howson")


@functools.singledispatch
def equilibrium(game: Game, initial_label: int | None = None, max_pivots: int | None = None) -> Any:
    """One Nash equilibrium, fast.

    Extensive-form games (:class:`~leverage.extensive.ExtensiveGame`,
    :class:`~leverage.GameTree`) are accepted too: their module registers a
    solver here (:func:`functools.singledispatch`) that runs Lemke's algorithm
    on the sequence form and returns behaviour strategies
    (:func:`leverage.extensive.sequence_form_equilibrium`).

    For two players, Lemke-Howson (:func:`lemke_howson`) from
    ``initial_label`` (0 by default) and then from every other label. Path
    lengths vary enormously between labels (on random ``200 x 200`` games,
    from a handful of pivots to over ``10**5``), so the labels are tried in
    rounds of growing budget: first at most ``max(m + n, 16)`` pivots per
    label, then four times as many, and so on up to ``max_pivots``; the
    first verified end point is returned. A label whose path ends at a
    profile that fails verification is not tried again. If every label fails
    and the game is small (``min(m, n) <= 12``), the first equilibrium of the
    full enumeration :func:`leverage.equilibria` is returned. The total work
    is at most about ``4/3 * (m + n) * max_pivots`` pivots.

    For games with other numbers of players, the first pure equilibrium
    (:func:`leverage.pure_equilibria`) is returned; mixed n-player equilibria
    are not computed yet.

    Parameters
    ----------
    game : Game
        The game.
    initial_label : int, optional
        First label tried by Lemke-Howson (two-player games only), in
        ``[0, m + n)``; 0 by default. It is tried first in every round, so its
        equilibrium is returned whenever its path is short.
    max_pivots : int, optional
        Pivot bound per Lemke-Howson path; ``10 * (m + n) ** 2`` by default.

    Returns
    -------
    Equilibrium
        Verified against the library's tolerance rule; its ``method`` says
        which algorithm found it (``"lemke_howson"``, ``"pure"``, or the
        enumeration method of the fallback).

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~leverage.Game`.
    ValueError
        If ``initial_label`` is not an int in ``[0, m + n)`` (or is given for a
        game without two players), or ``max_pivots`` is not a positive int.
    SolverError
        If every label fails on a large two-player game (the message lists
        what was tried), or an n-player game has no pure equilibrium.

    See Also
    --------
    lemke_howson : one path from one label.
    leverage.equilibria : every extreme equilibrium.

    References
    ----------
    C. E. Lemke and J. T. Howson, Jr. (1964), "Equilibrium points of bimatrix
    games", Journal of the SIAM 12(2), 413-423.
    B. von Stengel (2007), "Equilibrium computation for two-player games in
    strategic and extensive form", in Algorithmic Game Theory, ch. 3, Algorithm 3.6.

    Examples
    --------
    >>> import numpy as np
    >>> from leverage import Game, equilibrium
    >>> rng = np.random.default_rng(0)
    >>> g = Game.from_bimatrix(rng.random((50, 50)), rng.random((50, 50)))
    >>> eq = equilibrium(g)
    >>> eq.method, g.is_nash(eq.strategies)
    ('lemke_howson', True)

    A three-player game with a pure equilibrium:

    >>> u = np.zeros((2, 2, 2)); u[0, 0, 0] = 1.0
    >>> equilibrium(Game([u, u, u])).support
    ((0,), (0,), (0,))
    """
    caller = "equilibrium"
    check_game(game, caller)
    bound = check_max_pivots(max_pivots, caller)
    if game.n_players != 2:
        if initial_label is not None:
            raise ValueError(
                f"{caller}(): initial_label applies to two-player games only; "
                f"this game has {game.n_players} players"
            )
        from leverage.solvers.pure import pure_equilibria

        found = pure_equilibria(game)
        if found:
            return found[0]
        raise SolverError(
            f"{caller}(): this {game.n_players}-player game has no pure equilibrium, and mixed "
            "n-player equilibria are not supported yet"
        )
    m, n = game.shape
    first = 0 if initial_label is None else _check_label(initial_label, m, n, caller)
    bound = default_max_pivots(m, n) if bound is None else bound
    labels = [first, *(k for k in range(m + n) if k != first)]
    An, Bn = normalized_bimatrix(*game.payoffs)
    failures: dict[int, str] = {}  # label -> why its path failed for good (not merely its budget)
    budget = min(bound, max(m + n, _FIRST_BUDGET))
    while True:
        for label in labels:
            if label in failures:
                continue
            try:
                return _solve(game, An, Bn, label, budget)
            except _PivotBoundError as exc:
                if budget >= bound:
                    failures[label] = str(exc)
            except SolverError as exc:
                failures[label] = str(exc)
        if budget >= bound:
            break
        budget = min(bound, _BUDGET_GROWTH * budget)
    first_failure = failures[labels[0]]
    tried = (
        f"Lemke-Howson from all {m + n} initial labels failed within max_pivots={bound} "
        f"(label {labels[0]}: {first_failure})"
    )
    if min(m, n) > FALLBACK_MAX_SIZE:
        raise SolverError(
            f"{caller}(): {tried}; the game ({m} x {n}) is too large for the enumeration fallback "
            f"(min(m, n) > {FALLBACK_MAX_SIZE}); try a larger max_pivots"
        )
    from leverage.solvers.enumeration import equilibria

    try:
        found = equilibria(game)
    except SolverError as exc:
        raise SolverError(f"{caller}(): {tried}, and enumeration failed too: {exc}") from exc
    if not found:
        raise SolverError(f"{caller}(): {tried}, and enumeration found no verified equilibrium")
    return found[0]
