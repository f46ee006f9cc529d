"""Hypothesis strategies for the polytopes ``{z >= 0, C z <= 1}`` that the vertex enumerators take.

- :func:`polytope_matrices`: constraint matrices ``C`` with entries in
  ``[1, 2]`` (so the polytope is bounded, as for the best-response polytopes
  of a game whose payoffs are rescaled to ``[1, 2]``), degenerate on request:
  entries on the grid ``{1, 1.5, 2}`` put many vertices on more facets than
  their dimension, as games with 0/1 payoffs do.

Examples
--------
>>> from hypothesis import given
>>> from leverage.solvers.double_description import polytope_vertices_dd
>>> @given(polytope_matrices(degenerate=True))
... def test_every_vertex_is_feasible(C):
...     V = polytope_vertices_dd(C)
...     assert np.all(V @ C.T <= 1 + 1e-9) and np.all(V >= 0)
>>> test_every_vertex_is_feasible()
"""

from __future__ import annotations

from typing import Any

import numpy as np

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without hypothesis
    raise ImportError(
        "leverage.testing needs hypothesis: pip install 'leverage[test]' or pip install hypothesis"
    ) from exc

from leverage.checks import check_flag
from leverage.testing.arguments import count_strategy

__all__ = ["polytope_matrices", "MAX_POLYTOPE_SIDE", "DEGENERATE_GRID"]

#: Most rows, and most columns, of a drawn matrix (vertex counts grow exponentially with them).
MAX_POLYTOPE_SIDE = 12

#: Entries of a degenerate draw: a coarse grid, so that ties -- and vertices on surplus facets -- are common.
DEGENERATE_GRID = (1.0, 1.5, 2.0)

#: Entries of a generic draw are rounded to this many decimals (ties stay possible but rare).
_DECIMALS = 6


@st.composite
def polytope_matrices(
    draw: Any,
    rows: int | st.SearchStrategy[int] = st.integers(1, 6),
    cols: int | st.SearchStrategy[int] = st.integers(1, 6),
    degenerate: bool | None = None,
) -> np.ndarray:
    """Constraint matrices ``C`` (shape ``(rows, cols)``, entries in ``[1, 2]``) of bounded polytopes.

    Parameters
    ----------
    rows, cols : int or strategy
        Number of rows ``k`` (inequalities besides ``z >= 0``) and columns
        ``d`` (the dimension); default 1 to 6 each, at most
        :data:`MAX_POLYTOPE_SIDE`.
    degenerate : bool, optional
        True: entries from :data:`DEGENERATE_GRID`; False: floats in
        ``[1, 2]`` rounded to six decimals; None (default): either, drawn.

    Raises
    ------
    TypeError, ValueError
        If ``rows`` or ``cols`` is not an integer in ``[1, MAX_POLYTOPE_SIDE]``
        (or a strategy of them), or ``degenerate`` is not a bool or None.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(polytope_matrices(rows=3, cols=2, degenerate=True))
    ... def check(C):
    ...     assert C.shape == (3, 2) and set(C.ravel()) <= set(DEGENERATE_GRID)
    >>> check()
    """
    caller = "polytope_matrices()"
    degenerate = check_flag(degenerate, "degenerate", caller, allow_none=True)
    k = draw(count_strategy(rows, "rows", caller, low=1, high=MAX_POLYTOPE_SIDE))
    d = draw(count_strategy(cols, "cols", caller, low=1, high=MAX_POLYTOPE_SIDE))
    if degenerate is None:
        degenerate = draw(st.booleans())
    if degenerate:
        entries = st.sampled_from(DEGENERATE_GRID)
    else:
        entries = st.floats(1.0, 2.0, allow_nan=False, allow_infinity=False).map(lambda x: round(x, _DECIMALS))
    values = draw(st.lists(entries, min_size=k * d, max_size=k * d))
    return np.array(values, dtype=float).reshape(k, d)
