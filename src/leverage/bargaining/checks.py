"""Argument checks shared by the bargaining modules: vectors of utilities and bargaining weights."""

from __future__ import annotations

from typing import Any

import numpy as np

from leverage.checks import check_int, real_array
from leverage.tolerance import BARGAINING_RTOL, PROBABILITY_ATOL

__all__ = ["GAIN_TOL", "as_vector", "as_weights"]

#: Gains below this (relative to the scale of the problem, :func:`leverage.tolerance.value_scale`)
#: count as zero: :data:`leverage.tolerance.BARGAINING_RTOL`.
GAIN_TOL = BARGAINING_RTOL


def as_vector(values: Any, caller: str, argument: str, n: int | None = None) -> np.ndarray:
    """``values`` as a finite 1-D float array (of ``n`` entries when ``n`` is given).

    Raises
    ------
    TypeError
        If the values are not numbers.
    ValueError
        If they are not 1-D, have the wrong length or are not finite; the
        message names ``caller`` and ``argument``.

    Examples
    --------
    >>> as_vector([1, 2], "f()", "d", 2)
    array([1., 2.])
    >>> as_vector([1, np.nan], "f()", "d", 2)
    Traceback (most recent call last):
    ...
    ValueError: f(): d has non-finite values: [ 1. nan]
    """
    try:
        arr = real_array(values, argument, caller, finite=False)
    except TypeError:
        raise TypeError(f"{caller}: {argument} must be a vector of numbers; got {values!r}") from None
    if n is not None:
        n = check_int(n, "n", caller, low=1)
    if arr.ndim != 1:
        raise ValueError(f"{caller}: {argument} must be a 1-D vector; got shape {arr.shape}")
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"{caller}: {argument} has {arr.shape[0]} entries but there are {n} players")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{caller}: {argument} has non-finite values: {arr}")
    return arr


def as_weights(weights: Any, n: int, caller: str) -> np.ndarray:
    """Bargaining weights: positive, summing to 1 (equal weights when ``weights`` is None).

    Examples
    --------
    >>> as_weights(None, 2, "f()")
    array([0.5, 0.5])
    >>> as_weights([0.7, 0.4], 2, "f()")
    Traceback (most recent call last):
    ...
    ValueError: f(): weights must sum to 1; they sum to 1.1
    """
    if weights is None:
        return np.full(n, 1.0 / n)
    w = as_vector(weights, caller, "weights", n)
    if np.any(w <= 0):
        raise ValueError(f"{caller}: weights must be positive; got {w}")
    if abs(w.sum() - 1.0) > PROBABILITY_ATOL:
        raise ValueError(f"{caller}: weights must sum to 1; they sum to {w.sum():.12g}")
    return w
