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
column-major tableau; the lexicographic comparison runs only on a tie. The
end point is verified by :func:`~leverage.results.verified_equilibrium`; if
it fails, it is polished (the indifference equations re-solved on the
support found) and verified again. An unverified profile is never returned.

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
from typing import Any

import numpy as np
from scipy.linalg.blas import dger as _dger

from leverage.checks import check_int
from leverage.results import (
    PROBABILITY_NOISE,
    Equilibrium,
    SolverError,
    UnverifiedEquilibriumError,
    verified_equilibrium,
)
from leverage.game import Game, check_game
from leverage.solvers.integer_pivoting import PivotBoundError, bound_message, exact_lemke_howson
from leverage.solvers.polytope import normalized_bimatrix
from leverage.tolerance import FAST_RATIO_MARGIN, PIVOT_RTOL, RATIO_ATOL, RATIO_RTOL, TINY

__all__ = ["lemke_howson", "equilibrium", "default_max_pivots", "FALLBACK_MAX_SIZE", "EXACT_MAX_LABELS"]
# ger_blocks and pivot_in_place are shared with leverage.extensive.lcp; their callers build the arguments

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
GER_BLOCK = 8192

#: The fast ratio test accepts its row only when the runner-up ratio exceeds the tie bound by this factor
#: (a margin far above the rounding of ``1 / (entry / rhs)`` against ``rhs / entry``, far below the tolerance).
_FAST_MARGIN = 1.0 + FAST_RATIO_MARGIN
#: The fast ratio test's pivot check: ``entry**2 > _PIVOT_RTOL_SQUARED * |column|**2``.
_PIVOT_RTOL_SQUARED = _PIVOT_RTOL * _PIVOT_RTOL
#: After a pivot on an entry above this (in magnitude), the pivot row and column are recomputed by plain divisions.
EXACT_ROW_ABOVE = 8.0


def ger_blocks(D: np.ndarray, y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Column blocks of the F-ordered tableau ``D`` with the matching slices of ``y``, for :func:`pivot_in_place`.

    Each block has at most :data:`GER_BLOCK` entries, below OpenBLAS's
    threading threshold.

    Examples
    --------
    >>> D, y = np.zeros((4000, 5), order="F"), np.zeros(5)
    >>> [part.shape for part, _ in ger_blocks(D, y)]
    [(4000, 2), (4000, 2), (4000, 1)]
    """
    width = max(1, GER_BLOCK // D.shape[0])
    return [(D[:, j : j + width], y[j : j + width]) for j in range(0, D.shape[1], width)]


def pivot_in_place(
    column: np.ndarray,
    row: int,
    col: int,
    pivot_row: np.ndarray,
    blocks: list[tuple[np.ndarray, np.ndarray]],
    x: np.ndarray,
    y: np.ndarray,
    scalar: np.ndarray,
) -> None:
    """Pivot a condensed tableau ``D`` on ``D[row, col]``, in place, by one rank-1 update.

    The pivot column ``column`` (a view of ``D[:, col]``) becomes that of
    the variable leaving the basis, and the pivot row ``pivot_row`` (a view
    of ``D[row]``) is divided by the pivot. ``blocks`` are
    :func:`ger_blocks` of ``D`` and ``y``; ``x`` (length of a column),
    ``y`` and the 0-d ``scalar`` are scratch arrays. After a pivot above
    :data:`EXACT_ROW_ABOVE` in magnitude, the row and the column are
    recomputed by plain divisions (the update's rounding grows with the pivot).

    Examples
    --------
    >>> D = np.asfortranarray([[2.0, 1.0], [4.0, 3.0]])
    >>> x, y, scalar = np.empty(2), np.empty(2), np.empty(())
    >>> pivot_in_place(D[:, 0], 0, 0, D[0], ger_blocks(D, y), x, y, scalar)
    >>> D.tolist()
    [[0.5, 0.5], [-2.0, 1.0]]
    """
    p = column.item(row)
    scalar[()] = -p
    np.divide(column, scalar, x)
    x[row] = 1.0 / p - 1.0
    y[:] = pivot_row
    y[col] = 1.0 + p
    for block, part in blocks:  # D += outer(x, y) in place (arguments by position: faster)
        _dger(1.0, x, part, 1, 1, block, 1, 1, 1)
    if abs(p) > EXACT_ROW_ABOVE:
        scalar[()] = p
        np.divide(y, scalar, pivot_row)
        column[:] = x
    column[row] = 1.0 / p


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
class _FloatBreakdownError(SolverError):
    """Float error broke the pivoting (a basis met twice, no pivot row); exact pivoting is then used."""


class _Tableau:
    """One condensed tableau ``x_B + D x_N = rhs`` of a best-response polytope.

    Only the columns of the nonbasic variables are stored (the basic ones are
    unit vectors), so a pivot is one rank-1 update of an array of shape
    ``(rows, nonbasic + 1)``, the last column being the right-hand side.

    The array is column-major (columns contiguous) and updated in place by
    BLAS ``dger``. Below a few hundred rows a pivot costs the fixed cost of
    its numpy calls, so :meth:`step` makes few: views and buffers are made
    once, scalars enter numpy as 0-d arrays, labels live in Python lists.

    Parameters
    ----------
    M : numpy.ndarray
        Constraint matrix of ``M z + slack = 1``, shape ``(rows, d)``.
    z_labels, slack_labels : numpy.ndarray
        Labels of the variables ``z`` (initially nonbasic) and of the slacks
        (initially basic, row ``r`` holding ``slack_labels[r]``).
    """

    __slots__ = ("D", "rhs", "basis", "where", "slack_labels", "_columns", "_rows", "_mask",
                 "_ratios", "_x", "_y", "_blocks", "_scalar", "_rhs_nonnegative")

    def __init__(self, M: np.ndarray, z_labels: np.ndarray, slack_labels: np.ndarray) -> None:
        rows, d = M.shape
        self.D = np.empty((rows, d + 1), order="F")
        self.D[:, :d] = M
        self.D[:, d] = 1.0
        self.rhs = self.D[:, d]  # a view: the pivots update it in place
        self.basis: list[int] = slack_labels.tolist()  # label of the basic variable of each row
        self.slack_labels: list[int] = slack_labels.tolist()
        # where[label] = column index if nonbasic, -(row + 1) if basic
        self.where = [0] * (d + rows)
        for j, z in enumerate(z_labels.tolist()):
            self.where[z] = j
        for r, s in enumerate(self.basis):
            self.where[s] = -(r + 1)
        self._columns = list(self.D.T)  # views of the columns ...
        self._rows = list(self.D)  # ... and of the rows
        self._mask = np.empty(rows, dtype=bool)
        self._ratios = np.empty(rows)
        self._x = np.empty(rows)
        self._y = np.empty(d + 1)
        self._scalar = np.empty(())
        self._rhs_nonnegative = True
        self._blocks = ger_blocks(self.D, self._y)

    def step(self, label: int) -> int:
        """Bring ``label`` into the basis (ratio test and pivot); return the label that leaves.

        The row is the one the lexicographic minimum-ratio test of
        :meth:`_ratio_test` chooses. Fast path, in five numpy calls: the
        inverse ratios ``entry / rhs`` (the caller silences the warnings of
        the division). When ``rhs >= 0``, the largest is finite and positive,
        its entry exceeds ``_PIVOT_RTOL`` times the column's 2-norm (so its
        largest magnitude) and the runner-up is outside the tie tolerance by
        a margin, that row is the rule's choice; otherwise :meth:`_ratio_test`
        decides. ``rhs >= 0`` is checked only after a pivot chosen by
        :meth:`_ratio_test`: a fast pivot keeps it, as every other row's ratio
        exceeds the step by more than rounding error.

        The pivot on ``p`` is one BLAS ``dger``: with ``x = -column / p``
        except ``x[row] = 1/p - 1``, and ``y = D[row]`` except
        ``y[col] = 1 + p``, ``D += outer(x, y)`` divides the pivot row by
        ``p``, eliminates the column from the other rows and leaves in it the
        leaving variable's column (``-column / p``; ``1 / p``, set exactly, at
        the row). Its rounding grows like ``p`` ulps (``p > 0``), so after a
        pivot above :data:`EXACT_ROW_ABOVE` the row and column are recomputed.
        """
        col = self.where[label]
        column = self._columns[col]
        inv = np.divide(column, self.rhs, self._ratios)
        row = int(inv.argmax())
        top = inv.item(row)
        if not self._rhs_nonnegative:
            self._rhs_nonnegative = self.rhs.item(self.rhs.argmin()) >= 0.0
        fast = False
        if 0.0 < top < math.inf and self._rhs_nonnegative:
            p = column.item(row)
            if p * p > _PIVOT_RTOL_SQUARED * column.dot(column):
                low = 1.0 / top
                inv[row] = -math.inf
                # the runner-up ratio 1 / second must exceed the tie bound, with a margin for rounding
                fast = inv.item(inv.argmax()) * ((low + _RATIO_RTOL * low + _RATIO_ATOL) * _FAST_MARGIN) < 1.0
        if not fast:
            self._rhs_nonnegative = False  # check again before the next fast ratio test
            row = self._ratio_test(column, label)
            p = column.item(row)
        pivot_in_place(column, row, col, self._rows[row], self._blocks, self._x, self._y, self._scalar)
        leaving = self.basis[row]
        self.basis[row] = label
        self.where[label] = -(row + 1)
        self.where[leaving] = col
        return leaving

    def _ratio_test(self, column: np.ndarray, label: int) -> int:
        """The lexicographic minimum-ratio test, applied literally.

        Candidate rows have an entry above ``_PIVOT_RTOL`` times the column's
        largest magnitude; the smallest ratio ``rhs / entry`` wins, and rows
        tied with it within the tolerance go to :meth:`_break_tie`.
        """
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
    With ``track``, a pair of bases (bit masks of labels) met twice, impossible
    in exact arithmetic, raises :class:`_FloatBreakdownError`.
    """
    m, n = An.shape
    P = _Tableau(Bn.T, np.arange(m), np.arange(m, m + n))
    Q = _Tableau(An, np.arange(m, m + n), np.arange(m))
    entering = label
    current, other = (P, Q) if label < m else (Q, P)
    masks = {id(P): ((1 << n) - 1) << m, id(Q): (1 << m) - 1}  # labels of each basis, as bits
    seen: set[tuple[int, int]] = set()
    with np.errstate(divide="ignore", invalid="ignore"):  # the fast ratio test divides by zero rhs entries
        for count in range(1, max_pivots + 1):
            leaving = current.step(entering)
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
    raise PivotBoundError(bound_message(label, max_pivots))


# ---------------------------------------------------------------------- polishing
def _resolve(M: np.ndarray, rows: np.ndarray, support: np.ndarray, size: int) -> np.ndarray | None:
    """Solve ``M[rows, support] z = 1`` (least squares if tall); the mixed strategy ``z / sum(z)``, or None."""
    if support.size == 0 or rows.size < support.size:
        return None
    system, ones = M[np.ix_(rows, support)], np.ones(rows.size)
    try:
        if rows.size == support.size:
            z = np.linalg.solve(system, ones)
        else:
            z = np.linalg.lstsq(system, ones, rcond=None)[0]
    except np.linalg.LinAlgError:  # a singular square system
        return None
    if not np.all(np.isfinite(z)) or np.any(z <= 0):
        return None
    out = np.zeros(size)
    out[support] = z / z.sum()
    return out


def _pivoted_profile(P: _Tableau, Q: _Tableau, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The end point of a path as pivoted: ``x`` from ``P``, ``y`` from ``Q`` (unnormalised, rounding noise clipped)."""
    return np.maximum(P.values(0, m), 0.0), np.maximum(Q.values(m, m + n), 0.0)


def _polished_profile(
    An: np.ndarray, Bn: np.ndarray, P: _Tableau, Q: _Tableau
) -> tuple[np.ndarray, np.ndarray] | None:
    """The end point re-solved from the equations its bases make binding; None if that gives no profile.

    The support found by pivoting is kept and exactly the equations the final
    bases make binding are imposed, in the rescaled payoffs: ``(A y)_i = 1``
    for every row whose slack ``r_i`` is nonbasic (the row player's support
    among them) and ``(B^T x)_j = 1`` for every column whose ``s_j`` is.
    """
    m, n = An.shape
    x, y = _pivoted_profile(P, Q, m, n)
    sx = np.flatnonzero(x > PROBABILITY_NOISE * max(x.sum(), TINY))
    sy = np.flatnonzero(y > PROBABILITY_NOISE * max(y.sum(), TINY))
    basic_q, basic_p = set(Q.basis), set(P.basis)
    binding_rows = np.array([i for i in range(m) if i not in basic_q], dtype=np.int64)  # r_i nonbasic
    binding_cols = np.array([j for j in range(n) if m + j not in basic_p], dtype=np.int64)  # s_j nonbasic
    xp = _resolve(Bn.T, binding_cols, sx, m)
    yp = _resolve(An, binding_rows, sy, n) if xp is not None else None
    return None if yp is None else (xp, yp)


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
    Pivoting is in floating point; the end point is verified, and if it
    fails, polished by re-solving the equations its bases make binding and
    verified again. In games with at
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
    """Pivot, verify, polish if needed (arguments already validated).

    Float pivoting first. Its end point is verified as pivoted; only if that
    fails is it polished (:func:`_polished_profile`) and verified again. For
    games with at most :data:`EXACT_MAX_LABELS` labels, a float path that
    breaks down (cycles) or whose end point fails verification both ways is
    redone in exact integer arithmetic.
    """
    exact_ok = sum(game.shape) <= EXACT_MAX_LABELS
    try:
        P, Q, _ = _pivot_path(An, Bn, label, bound, track=exact_ok)
    except _FloatBreakdownError:
        if not exact_ok:
            raise
    else:
        try:
            return verified_equilibrium(game, _pivoted_profile(P, Q, *game.shape), "lemke_howson")
        except UnverifiedEquilibriumError as exc:
            failure = exc
        polished = _polished_profile(An, Bn, P, Q)
        if polished is not None:
            try:
                return verified_equilibrium(game, polished, "lemke_howson")
            except UnverifiedEquilibriumError as exc:
                failure = exc
        if not exact_ok:
            raise failure
    A, B = game.payoffs
    x, y = exact_lemke_howson(A, B, label, bound)
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
            except PivotBoundError as exc:
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
