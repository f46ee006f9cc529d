"""Hypothesis strategies for coalitional games (:class:`~leverage.coalitions.CoalitionalGame`).

- :func:`coalitional_games`: transferable-utility games with named players,
  integer or float worths, and -- by construction, not by filtering --
  superadditive or convex (supermodular) ones on request.

Examples
--------
>>> from hypothesis import given
>>> @given(coalitional_games(convex=True))
... def test_convex_games_have_the_shapley_value_in_the_core(game):
...     assert game.in_core(game.shapley_value())
>>> test_convex_games_have_the_shapley_value_in_the_core()
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without hypothesis
    raise ImportError(
        "leverage.testing needs hypothesis: pip install 'leverage[test]' or pip install hypothesis"
    ) from exc

from leverage.checks import check_flag
from leverage.coalitions import CoalitionalGame
from leverage.testing.arguments import names as name_list

__all__ = ["coalitional_games", "COALITION_PLAYERS"]

#: Names given to the players of drawn games, in a drawn order (``P9``, ``P10``, ... beyond them).
COALITION_PLAYERS = ("China", "US", "EU", "Japan", "Australia", "Canada", "Korea", "India")

#: Largest ``bound`` on drawn worths (sums of many worths must stay finite).
MAX_BOUND = 1e100

#: Float worths are rounded to this many decimals, so that distinct worths differ by far
#: more than the library's tolerance.
_DECIMALS = 4


def _as_strategy(value: Any) -> st.SearchStrategy:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


def _worths(integers: bool, low: float, high: float) -> st.SearchStrategy[float]:
    if integers:
        return st.integers(int(np.ceil(low)), int(np.floor(high))).map(float)
    return st.floats(low, high, allow_nan=False, allow_infinity=False).map(lambda x: round(x, _DECIMALS) + 0.0)


def _superadditive_cover(w: np.ndarray, n: int) -> np.ndarray:
    """``v(S) = max over partitions of S of the sum of w over the blocks`` (the smallest superadditive v >= w)."""
    v = w.copy()
    for S in range(1, 1 << n):
        low = S & -S
        rest = S ^ low
        sub = rest
        while sub:  # A = low | (a proper part of rest), B = S - A non-empty
            sub = (sub - 1) & rest
            A = low | sub
            if A != S:
                v[S] = max(v[S], v[A] + v[S ^ A])
    return v


@st.composite
def coalitional_games(
    draw: Any,
    n_players: int | st.SearchStrategy[int] = st.integers(2, 6),
    integers: bool | None = None,
    superadditive: bool = False,
    convex: bool = False,
    bound: float = 10.0,
    players: Sequence[str] | None = None,
    named: bool = False,
) -> CoalitionalGame:
    """Coalitional games with transferable utility.

    Parameters
    ----------
    n_players : int or strategy
        Number of players (default 2 to 6; at most 10). Ignored when
        ``players`` is given.
    integers : bool, optional
        Integer worths (ties and degenerate programmes are then common, on
        purpose) or floats rounded to four decimals; drawn when ``None``.
    superadditive : bool
        Superadditive games: worths ``w(S)`` are drawn freely, then each
        coalition gets the best it can do by splitting into blocks,
        ``v(S) = max over partitions of S of sum w(B)``. Every superadditive
        game arises this way (it is its own cover).
    convex : bool
        Convex (supermodular) games, built as a sum of convex pieces: an
        additive game ``sum_{i in S} a_i`` (any signs), up to four unanimity
        games with non-negative weights, and ``f(|S|)`` with ``f(0) = 0`` and
        non-decreasing increments (``f`` convex). Convex games are also
        superadditive.
    bound : float
        Worths and weights are drawn from ``[-bound, bound]`` (weights of
        unanimity games and increments of ``f`` from ``[0, bound]``); positive.
    players : sequence of str, optional
        Fixed player names (to draw several games on the same players).
    named : bool
        Draw arbitrary non-empty text names instead of the country names of
        :data:`COALITION_PLAYERS`.

    Raises
    ------
    ValueError
        If the number of players is not an integer in ``[1, 10]`` or
        ``bound`` is not positive.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(coalitional_games(superadditive=True, integers=True))
    ... def check(game):
    ...     assert game.is_superadditive()
    ...     assert np.all(game.values == np.round(game.values))
    >>> check()
    """
    caller = "coalitional_games()"
    if not (isinstance(bound, (int, float)) and not isinstance(bound, bool) and 0 < bound <= MAX_BOUND):
        raise ValueError(f"{caller}: bound must be a positive number, at most MAX_BOUND={MAX_BOUND:g}; got {bound!r}")
    integers = check_flag(integers, "integers", caller, allow_none=True)
    superadditive, convex = check_flag(superadditive, "superadditive", caller), check_flag(convex, "convex", caller)
    named = check_flag(named, "named", caller)
    if players is not None:
        names = name_list(players, "players", caller)
        if len(set(names)) != len(names) or not all(names):
            raise ValueError(f"{caller}: players must be distinct, non-empty names; got {names!r}")
        n = len(names)
    else:
        n = draw(_as_strategy(n_players))
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= 10:
        raise ValueError(f"{caller}: the number of players must be an integer in [1, 10]; got {n!r}")
    n = int(n)
    if players is None:
        if named:
            names = tuple(draw(st.lists(st.text(min_size=1, max_size=6), min_size=n, max_size=n, unique=True)))
        else:
            pool = COALITION_PLAYERS + tuple(f"P{k}" for k in range(len(COALITION_PLAYERS) + 1, n + 1))
            names = tuple(draw(st.permutations(pool))[:n])
    ints = draw(st.booleans()) if integers is None else bool(integers)
    size = 1 << n
    masks = np.arange(size, dtype=np.int64)
    if convex:
        v = np.zeros(size)
        additive = draw(st.lists(_worths(ints, -bound, bound), min_size=n, max_size=n))
        for i, a in enumerate(additive):
            v += a * ((masks >> i) & 1)
        carriers = draw(st.lists(st.integers(1, size - 1), max_size=4))
        for T in carriers:
            weight = draw(_worths(ints, 0.0, bound))
            v += np.where((masks & T) == T, weight, 0.0)
        steps = draw(st.lists(_worths(ints, 0.0, bound), min_size=n, max_size=n))
        first = draw(_worths(ints, -bound, bound))
        increments = first + np.cumsum(steps) - steps[0]  # non-decreasing: f is convex
        f = np.concatenate([[0.0], np.cumsum(increments)])
        sizes = np.zeros(size, dtype=np.int64)
        for i in range(n):
            sizes += (masks >> i) & 1
        v += f[sizes]
    else:
        w = np.zeros(size)
        w[1:] = draw(st.lists(_worths(ints, -bound, bound), min_size=size - 1, max_size=size - 1))
        v = _superadditive_cover(w, n) if superadditive else w
    if not ints:
        v = np.round(v, _DECIMALS) + 0.0
    v[0] = 0.0
    return CoalitionalGame(names, v)
