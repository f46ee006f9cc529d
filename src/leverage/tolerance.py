"""The one tolerance rule of leverage.

Every check that compares payoffs -- is a profile a Nash equilibrium, is a
strategy a best response, do two payoffs tie -- uses the rule defined here and
nowhere else.

The rule
--------
A payoff difference ``d`` for player ``i`` counts as zero when::

    |d| <= rtol * scale_i

where ``scale_i`` is player ``i``'s *payoff range*, ``max(u_i) - min(u_i)``
over all pure profiles, and ``rtol`` is :data:`RTOL` (``1e-8``) unless the
caller passes another relative tolerance. If a player's payoffs are all equal
(range 0) the scale falls back to ``max(1, max |u_i|)`` so that the tolerance
stays positive and proportionate to the numbers involved.

The scale, and so every tolerance, is always a finite positive number:
payoffs whose range overflows floating point are refused (by
:class:`~leverage.Game` when the game is built, and here for raw arrays).

Because the rule is relative to each player's range, it is invariant under a
positive affine change of that player's payoffs: multiplying all of China's
payoffs by 1000 (say, from billions to millions of dollars) and adding a
constant changes no verdict.

Other quantities
----------------
The same rule applies to any vector of values in one unit (present values,
worths of coalitions, utilities of a bargaining set): :func:`value_scale` is
the range with the same zero-range fallback. Probabilities are already on a
common scale, and are compared with the absolute :data:`PROBABILITY_ATOL`;
dimensionless thresholds (discount factors, restriction levels) with
:func:`at_most` and :data:`LEVEL_ATOL`.

The numerical-linear-algebra tolerances of the solvers (pivot tolerances,
rank cut-offs, residuals of Newton's method, feasibility tolerances of linear
programs, root-finder widths) are not comparisons of payoffs: they act on
normalised data inside one algorithm. They are named and documented below, so
that no module carries a tolerance literal of its own.

The argument ``rtol``
--------------------
Every public function that takes a relative tolerance calls it ``rtol`` and
validates it with :func:`check_rtol` (or :func:`resolve_rtol`, which also
accepts the older keyword ``tol`` as an alias).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from leverage.checks import real_array

__all__ = [
    "RTOL",
    "PROBABILITY_ATOL",
    "PROBABILITY_NOISE",
    "PROFILE_ATOL",
    "THRESHOLD_ATOL",
    "LEVEL_ATOL",
    "payoff_scale",
    "stacked_payoff_scale",
    "value_scale",
    "noise_scale",
    "tolerances",
    "at_most",
    "check_rtol",
    "resolve_rtol",
]

#: Default relative tolerance of the library (relative to each player's payoff range).
RTOL: float = 1e-8

# ----------------------------------------------------------------------------- probabilities, thresholds
#: Absolute tolerance on probabilities: a probability vector may sum to 1 within
#: ``PROBABILITY_ATOL`` per entry, an entry above ``-PROBABILITY_ATOL`` counts as
#: non-negative, and two strategies (or mixtures, beliefs, weights) whose entries
#: differ by at most this are the same. Probabilities are on a common scale
#: ``[0, 1]``, so the tolerance is absolute.
PROBABILITY_ATOL: float = 1e-9
#: Probabilities (or shares of a total) below this are the rounding noise of a
#: solver and are snapped to 0 (or to 1).
PROBABILITY_NOISE: float = 1e-12
#: Default absolute tolerance of ``isclose`` between two strategy profiles.
PROFILE_ATOL: float = 1e-7
#: Absolute tolerance of :func:`at_most` on dimensionless thresholds (a critical
#: discount factor against a discount factor): as ratios of payoff differences
#: they do not change when payoffs are rescaled, and carry only rounding error.
THRESHOLD_ATOL: float = 1e-12
#: Two levels of a control variable on ``[0, 1]`` (a restriction level of the
#: coercion models) closer than this are the same level.
LEVEL_ATOL: float = 1e-6

# ----------------------------------------------------------------------------- numerical linear algebra
#: A positive floor that keeps a division or a logarithm finite (never a tolerance).
TINY: float = 1e-300
#: Feasibility tolerances (primal and dual) passed to HiGHS by every linear program.
LP_FEASIBILITY_TOL: float = 1e-10
#: Relative size below which a computed number is rounding noise of an
#: elimination or LP solve (relative to :func:`noise_scale` of the numbers).
ROUNDING_NOISE: float = 1e-12
#: Rows of a linear system whose residual norm is below this (relative to the
#: row's norm) are spanned by the others (coalitions' nucleolus, LP duals).
SPAN_TOL: float = 1e-9
#: Dual values of a linear program above this are active constraints.
LP_DUAL_TOL: float = 1e-9
#: A vertex of the normalised best-response polytope with coordinate sum at
#: most this is the origin (the artificial vertex).
ORIGIN_TOL: float = 1e-9
#: A vertex lies on a facet of the normalised polytope when its slack is below
#: this (double description, adjacency).
TIGHT_TOL: float = 1e-9
#: A probability coordinate of a polytope vertex is 0 (a label) below this
#: fraction of the vertex's total.
PROBABILITY_LABEL_TOL: float = 1e-11
#: Default feasibility tolerance of the basis enumeration of polytope vertices.
BASIS_FEASIBILITY_TOL: float = 1e-10
#: Reciprocal condition number below which a support system is singular.
SINGULAR_RCOND: float = 1e-12
#: Rank of a set of profiles: singular values above this count.
RANK_TOL: float = 1e-9
#: Lemke-Howson: pivot entries below this fraction of the column's largest are zero.
PIVOT_RTOL: float = 1e-10
#: Lemke-Howson: ratios tie when within ``RATIO_RTOL`` relative plus ``RATIO_ATOL`` absolute.
RATIO_RTOL: float = 1e-10
RATIO_ATOL: float = 1e-11
#: Lemke-Howson's fast ratio test: the runner-up ratio must exceed the tie bound by this relative margin.
FAST_RATIO_MARGIN: float = 1e-9
#: The batch solver's support path takes a game only when every tie test clears this fraction of the
#: payoff range (and 100 rtol); closer games go to the general path. Far above every tolerance of that path.
NONDEGENERACY_FLOOR: float = 1e-6
#: n-player closed forms (:mod:`leverage.solvers.elimination`): two roots closer than this (relative) may be
#: one multiple root, and the support goes to the general solvers. Rounding splits a root of multiplicity
#: ``m`` by about ``eps ** (1 / m)``: 1e-8 for a double root, 1e-5 for a triple one, 1e-4 for a quadruple one.
CLOSED_FORM_SAME_ROOT: float = 1e-3
#: Lemke's LCP algorithm: pivot tolerance, noise level of a row, the band in
#: which a solution is near a face, and the tie tolerance of the starting row.
LCP_PIVOT_RTOL: float = 1e-11
LCP_NOISE: float = 1e-11
LCP_NEAR: float = 1e-7
LCP_START_ATOL: float = 1e-13
#: Polynomial systems: tolerance of the sign of a support's ``delta`` (exact
#: solutions evaluated in floats), of a root's residual, of a root's
#: probabilities, and the residual under which a root is exact.
DELTA_TOL: float = 1e-12
ROOT_TOL: float = 1e-6
ROOT_PROBABILITY_TOL: float = 1e-9
ROOT_EXACT: float = 1e-15
#: Homotopy continuation: smallest step, corrector residual, reciprocal condition
#: number of a singular Jacobian, residual of an end point, distance of two end
#: points that are the same, and the singular-value cut-off of a start system.
HOMOTOPY_MIN_STEP: float = 1e-13
HOMOTOPY_CORRECTOR_TOL: float = 1e-9
HOMOTOPY_SINGULAR_RCOND: float = 1e-9
HOMOTOPY_END_RESIDUAL: float = 1e-8
HOMOTOPY_SAME_POINT: float = 1e-6
HOMOTOPY_RANK_RCOND: float = 1e-15
#: Logit QRE: two polished equilibria agree within ``QRE_AGREEMENT``; the support
#: polish converges below ``QRE_POLISH_FTOL``; the path's smallest step, the
#: shortest step that locates a crossing, Newton's noise level, and the
#: corrector's convergence levels ``QRE_FTOL`` (or ``QRE_FTOL_FLOOR`` where
#: rounding prevents it); checkpoints within ``QRE_CHECKPOINT_RTOL`` are equal.
QRE_AGREEMENT: float = 1e-6
QRE_POLISH_FTOL: float = 1e-12
QRE_MIN_STEP: float = 1e-13
QRE_CROSSING_STEP: float = 1e-7
QRE_NOISE: float = 1e-10
QRE_FTOL: float = 1e-14
QRE_FTOL_FLOOR: float = 1e-11
QRE_CHECKPOINT_RTOL: float = 1e-12
#: Bargaining sets (units of the set's :func:`value_scale`): the relative
#: tolerance of gains and of membership, a facet active at the barrier
#: solution, a pushed-out solution tolerance, the relative floor of the span
#: of disposal rays, the snapping of rounding noise, and the widths of the
#: root finders and minimisers (``BARGAINING_XTOL``, ``BARGAINING_BRACKET``,
#: ``BARGAINING_XATOL``); ``BARGAINING_FTOL`` and ``BARGAINING_STEP_NOISE`` stop
#: the optimisers, and ``BARGAINING_DIRECTION_NOISE`` is the rate below which
#: a direction does not leave a facet.
BARGAINING_RTOL: float = 1e-9
BARGAINING_ACTIVE: float = 1e-7
BARGAINING_SOLUTION_RTOL: float = 1e-7
BARGAINING_MIN_SPAN: float = 1e-6
BARGAINING_NOISE: float = 1e-13
BARGAINING_XTOL: float = 1e-14
BARGAINING_BRACKET: float = 1e-15
BARGAINING_XATOL: float = 1e-13
BARGAINING_FTOL: float = 1e-15
BARGAINING_STEP_NOISE: float = 1e-16
BARGAINING_DIRECTION_NOISE: float = 1e-15
BARGAINING_DECREMENT: float = 1e-20
#: Relative tolerance passed to :func:`scipy.optimize.brentq`: the least it accepts.
BRENTQ_RTOL: float = 4 * float(np.finfo(float).eps)
#: Relative width (to ``max(1, width of the bracket)``) at which the coercion
#: models' bounded scalar minimiser stops.
MINIMISER_XATOL: float = 1e-13
#: Width to which a regime threshold is located, relative to ``max(1, |low|, |high|)`` of its bracket
#: (:func:`leverage.sensitivity.regimes.threshold`): a parameter-space width, not a payoff tolerance.
THRESHOLD_XTOL: float = 1e-12
#: Width to which the findings' nearest flip is located, as a share of the parameter's range
#: (:func:`leverage.scenarios.findings.nearest_flip`), and its smallest probe.
FLIP_XTOL: float = 1e-6
#: Smallest span of a plotted axis, relative to the magnitude of its data (a flat axis still has a width).
PLOT_MIN_SPAN: float = 1e-9
#: Relative and absolute tolerances of ``math.isclose`` on chance probabilities
#: that make two chance nodes the same.
CHANCE_RTOL: float = 1e-12
CHANCE_ATOL: float = 1e-15
#: Equilibria are listed in the order of their probabilities rounded to this many decimals
#: (larger first): :func:`leverage.results.unique_equilibria` and the batched solver.
ORDER_DECIMALS: int = 9


def check_rtol(rtol: float | None, caller: str, name: str = "rtol") -> float:
    """Return a validated relative tolerance, :data:`RTOL` when ``rtol`` is None.

    Parameters
    ----------
    rtol : float or None
        Relative tolerance requested by the user.
    caller : str
        Name of the public function, used in the error message.
    name : str
        Name of the argument that carried ``rtol`` (``"rtol"``, or ``"tol"`` for
        the older alias), used in the error message.

    Raises
    ------
    TypeError
        If ``rtol`` is not a real number.
    ValueError
        If ``rtol`` is not a finite number in ``[0, 1)``.

    Examples
    --------
    >>> check_rtol(None, "is_nash")
    1e-08
    >>> check_rtol(-1, "Game.is_nash", "tol")
    Traceback (most recent call last):
    ...
    ValueError: Game.is_nash(): tol must be a finite number in [0, 1); got -1
    """
    if rtol is None:
        return RTOL
    if isinstance(rtol, (str, bytes, bool, np.bool_, complex, np.complexfloating)):
        raise TypeError(f"{caller}(): {name} must be a number; got {rtol!r}")
    try:
        value = float(rtol)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}(): {name} must be a number; got {rtol!r}") from None
    if not np.isfinite(value) or value < 0 or value >= 1:
        raise ValueError(f"{caller}(): {name} must be a finite number in [0, 1); got {rtol!r}")
    return value


def resolve_rtol(rtol: float | None, tol: float | None, caller: str) -> float:
    """The validated relative tolerance of a function that takes ``rtol`` and its alias ``tol``.

    The library's relative tolerance argument is called ``rtol``; ``tol`` is
    its older name, still accepted as a keyword alias. At most one of the two
    may be given.

    Parameters
    ----------
    rtol, tol : float or None
        The values passed under each name (None when not passed).
    caller : str
        Name of the public function, used in the error messages.

    Raises
    ------
    TypeError
        If both are given, or the one given is not a real number.
    ValueError
        If the one given is not a finite number in ``[0, 1)``.

    Examples
    --------
    >>> resolve_rtol(None, 1e-6, "is_nash"), resolve_rtol(None, None, "is_nash")
    (1e-06, 1e-08)
    >>> resolve_rtol(1e-6, 1e-6, "is_nash")
    Traceback (most recent call last):
    ...
    TypeError: is_nash(): pass rtol or its alias tol, not both
    """
    if tol is not None:
        if rtol is not None:
            raise TypeError(f"{caller}(): pass rtol or its alias tol, not both")
        return check_rtol(tol, caller, "tol")
    return check_rtol(rtol, caller, "rtol")


def at_most(value: Any, bound: Any) -> Any:
    """Whether a dimensionless threshold ``value`` is at most ``bound``, within :data:`THRESHOLD_ATOL`.

    Used for critical discount factors against a discount factor, both in
    ``[0, 1]`` (``value`` may be ``inf``).

    Examples
    --------
    >>> at_most(0.5, 0.5 - 1e-14), at_most(0.5, 0.49)
    (True, False)
    """
    v = real_array(value, "value", "at_most()", finite=False)
    b = real_array(bound, "bound", "at_most()", finite=False)
    try:
        out = v <= b + THRESHOLD_ATOL
    except ValueError:
        raise ValueError(f"at_most(): value and bound do not broadcast: shapes {v.shape} and {b.shape}") from None
    return bool(out) if out.ndim == 0 else out


def value_scale(values: Any, axis: int | None = None) -> Any:
    """The scale of the tolerance rule for values in one unit: their range, or ``max(1, max|v|)`` if it is 0.

    The rule of :func:`payoff_scale` for any vector of values that are
    compared with each other (present values, worths of coalitions, utilities
    of a bargaining set, transfers): a difference counts as zero when it is at
    most ``rtol * value_scale(values)``. Non-finite values give a non-finite
    scale (the caller validates its inputs).

    Parameters
    ----------
    values : array_like
        The values (nonempty).
    axis : int, optional
        Take the scale along this axis (one scale per remaining index); over
        all entries by default.

    Returns
    -------
    float or numpy.ndarray
        A float when ``axis`` is None.

    Examples
    --------
    >>> value_scale([3.0, 5.0, 4.0]), value_scale([7.0, 7.0]), value_scale([0.0])
    (2.0, 7.0, 1.0)
    >>> value_scale([[0.0, 5.0], [2.0, 5.0]], axis=0)
    array([2., 5.])
    """
    v = real_array(values, "values", "value_scale()", finite=False)
    if v.size == 0:
        raise ValueError("value_scale(): values is empty")
    if axis is not None and (isinstance(axis, bool) or not isinstance(axis, (int, np.integer))
                             or not -v.ndim <= axis < v.ndim):
        raise ValueError(f"value_scale(): axis must be None or an axis of values (ndim {v.ndim}); got {axis!r}")
    with np.errstate(over="ignore", invalid="ignore"):
        spread = np.ptp(v, axis=axis)
        out = np.where(spread > 0, spread, np.maximum(1.0, np.abs(v).max(axis=axis)))
    return float(out) if axis is None else out


def noise_scale(values: Any) -> float:
    """``max(1, max|v|)``: the magnitude that rounding errors of ``values`` are proportional to.

    For snapping rounding noise to zero and for stopping criteria of numerical
    methods -- never for comparing payoffs, which use the range
    (:func:`payoff_scale`, :func:`value_scale`).

    Examples
    --------
    >>> noise_scale([0.5, -3.0]), noise_scale([0.0])
    (3.0, 1.0)
    """
    v = real_array(values, "values", "noise_scale()", finite=False)
    return max(1.0, float(np.abs(v).max())) if v.size else 1.0


def payoff_scale(payoffs: Sequence[np.ndarray]) -> np.ndarray:
    """Per-player payoff scale used by the tolerance rule.

    Parameters
    ----------
    payoffs : sequence of arrays
        One payoff array per player (any shape, or stacked with leading batch
        axes; the scale is taken over all entries of each array).

    Returns
    -------
    numpy.ndarray
        ``scale[i] = max(u_i) - min(u_i)``, or ``max(1, max|u_i|)`` when that
        range is zero.

    Raises
    ------
    TypeError
        If ``payoffs`` is not a nonempty sequence of real arrays.
    ValueError
        If an array is empty, a player's payoffs are not finite or their range overflows.

    Examples
    --------
    >>> import numpy as np
    >>> payoff_scale([np.array([[3.0, 0.0], [5.0, 1.0]]), np.full((2, 2), 7.0)])
    array([5., 7.])
    >>> payoff_scale([np.array([-1e308, 1e308])])
    Traceback (most recent call last):
    ...
    ValueError: payoff_scale(): a payoff range is not finite (payoffs that are NaN or infinite, or whose ...
    """
    return _payoff_scale(payoffs, "payoff_scale")


def _payoff_arrays(payoffs: Sequence[np.ndarray], caller: str) -> list[np.ndarray]:
    """The payoff arrays as float arrays: a nonempty sequence of nonempty real arrays, no NaN."""
    if isinstance(payoffs, np.ndarray) and payoffs.ndim >= 1:
        payoffs = list(payoffs)  # one array per player, stacked along the first axis
    if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, Sequence) or not payoffs:
        raise TypeError(f"{caller}(): payoffs must be a nonempty sequence of arrays, one per player; got "
                        f"{type(payoffs).__name__}")
    out = []
    for i, u in enumerate(payoffs):
        arr = real_array(u, f"payoffs[{i}]", f"{caller}()", finite=False)
        if arr.size == 0:
            raise ValueError(f"{caller}(): payoffs[{i}] is empty")
        if np.isnan(arr).any():
            raise ValueError(f"{caller}(): payoffs[{i}] holds NaN")
        out.append(arr)
    return out


def _payoff_scale(payoffs: Sequence[np.ndarray], caller: str) -> np.ndarray:
    arrays = _payoff_arrays(payoffs, caller)
    scales = np.empty(len(arrays))
    for i, u in enumerate(arrays):
        scales[i] = value_scale(u)
    _check_finite_scale(scales, caller)
    return scales


def _check_finite_scale(scales: np.ndarray, caller: str) -> None:
    if not np.all(np.isfinite(scales)):
        raise ValueError(
            f"{caller}(): a payoff range is not finite (payoffs that are NaN or infinite, or whose "
            f"max - min overflows); rescale the payoffs so that the tolerance rule can be applied"
        )


def stacked_payoff_scale(payoffs: Sequence[np.ndarray]) -> np.ndarray:
    """The scale of :func:`payoff_scale` for each of ``N`` stacked games, shape ``(N, n_players)``.

    Parameters
    ----------
    payoffs : sequence of arrays
        One array per player of shape ``(N, m_1, ..., m_n)``: game ``k`` is ``[u[k] for u in payoffs]``.

    Raises
    ------
    TypeError
        If ``payoffs`` is not a nonempty sequence of real arrays.
    ValueError
        If the arrays do not share their first axis, or some game's payoffs are
        not finite or their range overflows.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[[0.0, 100.0], [0.0, 0.0]], [[3.0, 3.0], [3.0, 3.0]]])
    >>> stacked_payoff_scale([A, A / 100])
    array([[100.,   1.],
           [  3.,   1.]])
    """
    arrays = _payoff_arrays(payoffs, "stacked_payoff_scale")
    if any(u.ndim < 2 for u in arrays) or len({len(u) for u in arrays}) != 1:
        raise ValueError(f"stacked_payoff_scale(): payoffs must be arrays of shape (N, m_1, ..., m_n) with one N; "
                         f"got shapes {[u.shape for u in arrays]}")
    out = []
    for u in arrays:
        flat = u.reshape(len(u), -1)
        out.append(value_scale(flat, axis=1))
    scales = np.stack(out, axis=1)
    _check_finite_scale(scales, "stacked_payoff_scale")
    return scales


def tolerances(payoffs: Sequence[np.ndarray], rtol: float | None = None) -> np.ndarray:
    """Absolute per-player tolerances ``rtol * payoff_scale(payoffs)``.

    Parameters
    ----------
    payoffs : sequence of arrays
        One payoff array per player.
    rtol : float, optional
        Relative tolerance; :data:`RTOL` by default.

    Returns
    -------
    numpy.ndarray
        One absolute tolerance per player, finite and non-negative.

    Raises
    ------
    TypeError
        If ``payoffs`` is not a nonempty sequence of real arrays.
    ValueError
        If ``rtol`` is not a finite number in ``[0, 1)`` or a payoff range is not finite.

    Examples
    --------
    >>> import numpy as np
    >>> tolerances([np.array([0.0, 100.0]), np.array([1.0, 2.0])])
    array([1.e-06, 1.e-08])
    """
    rtol = check_rtol(rtol, "tolerances")
    return rtol * _payoff_scale(payoffs, "tolerances")
