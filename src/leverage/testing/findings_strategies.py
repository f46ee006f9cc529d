"""Hypothesis strategies for findings (:mod:`leverage.scenarios.findings`): conclusions with a known flip.

- :func:`linear_boundaries`: a two-parameter box and a vectorised outcome
  whose label changes where the parameter ``x`` crosses a drawn threshold
  (the other parameter, ``y``, changes nothing), with that threshold: the
  exact nearest flip from the calibration.

Examples
--------
>>> from hypothesis import given, settings
>>> from leverage.scenarios.findings import nearest_flip
>>> @settings(max_examples=5)
... @given(linear_boundaries())
... def test_the_flip_is_the_threshold(boundary):
...     parameters, outcome, at = boundary
...     flip = nearest_flip(outcome, parameters, num=2, xtol=1e-6)
...     assert abs(flip.to - at) <= 1e-6 * (parameters["x"].high - parameters["x"].low)
>>> test_the_flip_is_the_threshold()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without hypothesis
    raise ImportError(
        "leverage.testing needs hypothesis: pip install 'leverage[test]' or pip install hypothesis"
    ) from exc

from leverage.checks import check_real
from leverage.parameters import Parameter, ParameterSet

__all__ = ["linear_boundaries"]


@st.composite
def linear_boundaries(draw: Any, gap: float = 1e-3) -> tuple[ParameterSet, Callable[..., np.ndarray], float]:
    """A box, an outcome that flips where ``x`` crosses a threshold, and the threshold.

    The range of ``x`` is drawn in ``[-100, 100]``; the calibrated value and
    the threshold lie inside it, at least ``gap`` (a share of the range) from
    each other and from the ends. The outcome is ``"above"`` where
    ``x > threshold`` and ``"below"`` elsewhere, vectorised over arrays.

    Parameters
    ----------
    gap : float
        Smallest distance, as a share of the range, between the threshold,
        the calibration and the ends; in ``(0, 0.2]``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(linear_boundaries(gap=0.1))
    ... def test_the_threshold_lies_inside_the_range(boundary):
    ...     parameters, outcome, at = boundary
    ...     assert parameters.names == ("x", "y") and parameters["x"].low < at < parameters["x"].high
    >>> test_the_threshold_lies_inside_the_range()
    """
    gap = check_real(gap, "gap", "linear_boundaries()", 0.0, 0.2, open_low=True)
    low = draw(st.floats(-100.0, 99.0))
    width = draw(st.floats(0.01, 100.0))
    cut, value = draw(st.lists(st.floats(gap, 1.0 - gap), min_size=2, max_size=2)
                      .filter(lambda u: abs(u[0] - u[1]) >= gap))
    high = low + width
    threshold = low + cut * width
    ps = ParameterSet(x=Parameter(low + value * width, low, high, "u", "test"),
                      y=Parameter(0.5, 0.0, 1.0, "u", "test"))

    def outcome(x: Any, y: Any) -> np.ndarray:
        return np.where(np.asarray(x, dtype=float) > threshold, "above", "below").astype(object)

    return ps, outcome, float(threshold)
