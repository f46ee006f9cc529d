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
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from leverage.checks import real_array

__all__ = ["RTOL", "payoff_scale", "stacked_payoff_scale", "tolerances", "check_rtol"]

#: Default relative tolerance of the library (relative to each player's payoff range).
RTOL: float = 1e-8


def check_rtol(rtol: float | None, caller: str) -> float:
    """Return a validated relative tolerance, :data:`RTOL` when ``rtol`` is None.

    Parameters
    ----------
    rtol : float or None
        Relative tolerance requested by the user.
    caller : str
        Name of the public function, used in the error message.

    Raises
    ------
    ValueError
        If ``rtol`` is not a finite number in ``[0, 1)``.

    Examples
    --------
    >>> check_rtol(None, "is_nash")
    1e-08
    """
    if rtol is None:
        return RTOL
    if isinstance(rtol, (str, bytes, bool, np.bool_, complex, np.complexfloating)):
        raise TypeError(f"{caller}(): tol must be a number; got {rtol!r}")
    try:
        value = float(rtol)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}(): tol must be a number; got {rtol!r}") from None
    if not np.isfinite(value) or value < 0 or value >= 1:
        raise ValueError(f"{caller}(): tol must be a finite number in [0, 1); got {rtol!r}")
    return value


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
        with np.errstate(over="ignore", invalid="ignore"):
            spread = float(u.max() - u.min())
        scales[i] = spread if spread > 0 else max(1.0, float(np.abs(u).max()))
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
        with np.errstate(over="ignore", invalid="ignore"):
            spread = flat.max(axis=1) - flat.min(axis=1)
        out.append(np.where(spread > 0, spread, np.maximum(1.0, np.abs(flat).max(axis=1))))
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
