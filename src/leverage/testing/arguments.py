"""Argument checks of the hypothesis strategies in :mod:`leverage.testing`: each error names the strategy.

The strategies draw lazily, so most of their errors surface at the first
draw; they still name the strategy, the argument and the problem. Counts are
bounded by :data:`MAX_COUNT` (no example larger than that could be drawn
anyway: hypothesis's buffer is far smaller).

Examples
--------
>>> count(3, "max_depth", "game_trees()", low=1)
3
>>> count(10**9, "max_depth", "game_trees()", low=1)
Traceback (most recent call last):
...
ValueError: game_trees(): max_depth must be at most 1,000; got 1,000,000,000
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from hypothesis import strategies as st

from leverage.checks import check_int

__all__ = ["MAX_COUNT", "MAX_DEPTH", "count", "count_strategy", "elements", "mapping", "names"]

#: Largest count (players, strategies, draws...) a strategy of leverage.testing accepts.
MAX_COUNT = 1_000

#: Deepest tree or formula a strategy of leverage.testing draws.
MAX_DEPTH = 64


def count(value: Any, name: str, caller: str, low: int = 0, high: int = MAX_COUNT) -> int:
    """An integer in ``[low, high]`` (see :func:`leverage.checks.check_int`).

    Examples
    --------
    >>> count(0, "n_pairs", "side_by_side_games()", low=1)
    Traceback (most recent call last):
    ...
    ValueError: side_by_side_games(): n_pairs must be at least 1; got 0
    """
    return check_int(value, name, caller, low=low, high=high)


def count_strategy(value: Any, name: str, caller: str, low: int = 0, high: int = MAX_COUNT) -> st.SearchStrategy[int]:
    """A strategy of counts: ``value`` itself when it is a count, or each count it draws, checked.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(count_strategy(st.integers(1, 3), "n_players", "games()", low=1))
    ... def check(n):
    ...     assert 1 <= n <= 3
    >>> check()
    """
    if isinstance(value, st.SearchStrategy):
        return value.map(lambda v: count(v, name, caller, low, high))
    return st.just(count(value, name, caller, low, high))


def elements(value: Any, name: str, caller: str) -> st.SearchStrategy | None:
    """``value`` if it is a hypothesis strategy (of payoffs, gaps...) or None.

    Examples
    --------
    >>> elements([1.0], "payoffs", "games()")
    Traceback (most recent call last):
    ...
    TypeError: games(): payoffs must be a hypothesis strategy or None; got [1.0]
    """
    if value is None or isinstance(value, st.SearchStrategy):
        return value
    raise TypeError(f"{caller}: {name} must be a hypothesis strategy or None; got {value!r}")


def mapping(value: Any, name: str, caller: str) -> dict[Any, Any]:
    """A copy of the mapping ``value`` (empty for None).

    Examples
    --------
    >>> mapping(None, "fixed", "parameters()"), mapping({"a": 1.0}, "fixed", "parameters()")
    ({}, {'a': 1.0})
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{caller}: {name} must be a mapping or None; got {value!r}")
    return dict(value)


def names(value: Any, name: str, caller: str) -> tuple[str, ...]:
    """``value`` as a tuple of strings (a single string is refused: it is not a list of names).

    Examples
    --------
    >>> names(["a", "b"], "vary", "parameters()")
    ('a', 'b')
    >>> names("ab", "vary", "parameters()")
    Traceback (most recent call last):
    ...
    TypeError: parameters(): vary must be a sequence of names (not a string nor a one-shot iterator); got 'ab'
    """
    if isinstance(value, (str, bytes, Iterator)) or not isinstance(value, Iterable):
        raise TypeError(
            f"{caller}: {name} must be a sequence of names (not a string nor a one-shot iterator); got {value!r}"
        )
    out = tuple(value)
    if not all(isinstance(x, str) for x in out):
        raise TypeError(f"{caller}: {name} must hold strings; got {out!r}")
    return out


def as_strategy(value: Any) -> st.SearchStrategy:
    """``value`` itself if it is a hypothesis strategy, else a strategy that always draws it.

    A helper of the strategies of :mod:`leverage.testing`, not in ``__all__``.

    Examples
    --------
    >>> as_strategy(3)
    just(3)
    """
    return value if isinstance(value, st.SearchStrategy) else st.just(value)
