"""Hypothesis strategies for normal-form games and their payoff values.

- :func:`payoff_values`: finite payoffs, integers (ties common) or rounded
  decimals on request;
- :func:`games`, :func:`bimatrix_games`: normal-form games, with ties drawn on
  purpose when ``degenerate=True`` and excluded when ``degenerate=False``;
- :func:`side_by_side_games`: several two-player games played side by side,
  as one game of their players.

Re-exported by :mod:`leverage.testing.strategies`, where every strategy of the
library can be found.

Examples
--------
>>> from hypothesis import given
>>> from leverage import equilibria
>>> @given(bimatrix_games(shape=(2, 2)))
... def test_every_game_has_an_equilibrium(game):
...     assert len(equilibria(game)) >= 1
>>> test_every_game_has_an_equilibrium()
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from leverage.checks import check_flag, check_real
from leverage.game import Game
from leverage.solvers.vertex import is_degenerate
from leverage.testing.arguments import as_strategy, count, count_strategy, elements

__all__ = ["payoff_values", "games", "bimatrix_games", "side_by_side_games"]

#: A shape or a pure strategy profile: one integer per player.
Cell = tuple[int, ...]


#: Most players, and most payoff cells per player, of a game drawn here (hypothesis could not fill more).
MAX_PLAYERS = 10
MAX_CELLS = 4_096


def _entries(value: Any, caller: str) -> list[Any]:
    """The entries of a shape (or list) argument, refusing a scalar or a string."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"{caller}: shape must be a sequence of numbers of strategies; got {value!r}")
    return list(value)


def payoff_values(integers: bool = False, bound: float = 10.0, decimals: int | None = None) -> st.SearchStrategy[float]:
    """Finite payoff values in ``[-bound, bound]`` (integers when asked: ties are then common).

    With ``decimals``, values are rounded to that many decimals, so distinct
    payoffs differ by far more than the library's tolerance: use it when a
    property compares solvers entry by entry, since games whose payoffs
    differ by less than the tolerance have several equally valid
    representations of their equilibrium set.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(payoff_values(bound=1.0))
    ... def check(v):
    ...     assert -1.0 <= v <= 1.0
    >>> check()
    """
    caller = "payoff_values()"
    integers = check_flag(integers, "integers", caller)
    bound = check_real(bound, "bound", caller, low=0.0)
    if decimals is not None:
        decimals = count(decimals, "decimals", caller, low=0, high=15)
    if integers:
        return st.integers(int(-bound), int(bound)).map(float)
    values = st.floats(-bound, bound, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    return values if decimals is None else values.map(lambda v: round(v, decimals) + 0.0)


def _force_tie(draw: Any, payoffs: list[np.ndarray], shape: Cell) -> None:
    """Make one pure strategy of one player have two best responses (a degenerate game)."""
    candidates = [i for i, m in enumerate(shape) if m >= 2]
    i = draw(st.sampled_from(candidates))
    others = [draw(st.integers(0, m - 1)) if j != i else None for j, m in enumerate(shape)]
    k, l = draw(st.lists(st.integers(0, shape[i] - 1), min_size=2, max_size=2, unique=True))
    index = [slice(None) if j == i else others[j] for j in range(len(shape))]
    column = payoffs[i][tuple(index)]
    best = column.max()
    column[k] = column[l] = best
    payoffs[i][tuple(index)] = column


@st.composite
def games(
    draw: Any,
    n_players: int | st.SearchStrategy[int] = 2,
    shape: Sequence[int] | st.SearchStrategy[Sequence[int]] | None = None,
    payoffs: st.SearchStrategy[float] | None = None,
    degenerate: bool | None = None,
    max_strategies: int = 4,
    named: bool = False,
) -> Game:
    """Normal-form games.

    Parameters
    ----------
    n_players : int or strategy
        Number of players (default 2).
    shape : sequence of int or strategy, optional
        Numbers of strategies; by default each player has 1 to
        ``max_strategies`` (at least 2 for the player given a tie when
        ``degenerate=True``).
    payoffs : strategy of float, optional
        Element strategy for payoffs (default: :func:`payoff_values`).
    degenerate : bool, optional
        ``True``: a tie is planted on purpose -- some pure strategy of some
        player has two best responses, so a two-player game is degenerate.
        ``False``: payoffs are continuous draws and degenerate two-player games
        are rejected. ``None`` (default): either, ties arising as they come.
    max_strategies : int
        Largest number of strategies per player when ``shape`` is not given.
    named : bool
        Draw player and strategy names (any non-empty text) instead of the
        defaults.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(games(n_players=2, degenerate=True))
    ... def check(game):
    ...     assert is_degenerate(game)
    >>> check()
    """
    caller = "games()"
    elements_ = elements(payoffs, "payoffs", caller)
    degenerate = check_flag(degenerate, "degenerate", caller, allow_none=True)
    named = check_flag(named, "named", caller)
    max_strategies = count(max_strategies, "max_strategies", caller, low=1, high=MAX_CELLS)
    n = draw(count_strategy(n_players, "n_players", caller, low=1, high=MAX_PLAYERS))
    if shape is None:
        dims = [draw(st.integers(1, max_strategies)) for _ in range(n)]
        if degenerate and max(dims) < 2:
            dims[draw(st.integers(0, n - 1))] = 2
    else:
        drawn = draw(as_strategy(shape))
        dims = [count(m, "each entry of shape", caller, low=1, high=MAX_CELLS) for m in _entries(drawn, caller)]
        if len(dims) != n:
            raise ValueError(f"games(): shape {tuple(dims)} does not have one entry per player ({n})")
        if degenerate and max(dims) < 2:
            raise ValueError(f"games(): degenerate=True needs a player with two strategies; shape is {tuple(dims)}")
    shape_t = tuple(int(m) for m in dims)
    size = math.prod(shape_t)
    if size > MAX_CELLS:
        raise ValueError(f"{caller}: shape {shape_t} has {size:,} cells, more than MAX_CELLS={MAX_CELLS:,}")
    if degenerate is False and elements_ is None:
        seed = draw(st.integers(0, 2**32 - 1))
        rng = np.random.default_rng(seed)
        arrays = [rng.normal(size=shape_t) for _ in range(n)]
    else:
        values = elements_ if elements_ is not None else payoff_values()
        arrays = [
            np.array(draw(st.lists(values, min_size=size, max_size=size)), dtype=float).reshape(shape_t)
            for _ in range(n)
        ]
    if degenerate:
        _force_tie(draw, arrays, shape_t)
    players = strategies = None
    if named:
        text = st.text(min_size=1, max_size=8)
        players = draw(st.lists(text, min_size=n, max_size=n, unique=True))
        strategies = [draw(st.lists(text, min_size=m, max_size=m, unique=True)) for m in shape_t]
    game = Game(arrays, players=players, strategies=strategies)
    if degenerate is False and n == 2:
        assume(not is_degenerate(game))
    return game


def bimatrix_games(
    shape: Sequence[int] | st.SearchStrategy[Sequence[int]] | None = None,
    payoffs: st.SearchStrategy[float] | None = None,
    degenerate: bool | None = None,
    max_strategies: int = 4,
    named: bool = False,
) -> st.SearchStrategy[Game]:
    """Two-player games; see :func:`games`.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(bimatrix_games(shape=(3, 2), degenerate=False))
    ... def check(game):
    ...     assert game.shape == (3, 2) and not is_degenerate(game)
    >>> check()
    """
    caller = "bimatrix_games()"
    elements(payoffs, "payoffs", caller)
    check_flag(degenerate, "degenerate", caller, allow_none=True), check_flag(named, "named", caller)
    count(max_strategies, "max_strategies", caller, low=1, high=MAX_CELLS)
    if shape is not None and not isinstance(shape, st.SearchStrategy):
        dims = [count(m, "each entry of shape", caller, low=1, high=MAX_CELLS) for m in _entries(shape, caller)]
        if len(dims) != 2:
            raise ValueError(f"{caller}: shape must have two entries, one per player; got {tuple(dims)}")
    return games(
        n_players=2, shape=shape, payoffs=payoffs, degenerate=degenerate, max_strategies=max_strategies, named=named
    )


@st.composite
def side_by_side_games(
    draw: Any,
    pairs: Sequence[Game] | st.SearchStrategy[Sequence[Game]] | None = None,
    n_pairs: int = 2,
    shape: Sequence[int] = (2, 2),
) -> tuple[Game, list[Game]]:
    """A game of ``2 k`` players made of ``k`` two-player games played side by side.

    Players ``2 j`` and ``2 j + 1`` play the ``j``-th two-player game; each
    player's payoff depends on its partner only. A profile is therefore an
    equilibrium exactly when every pair plays an equilibrium of its own game:
    the equilibria of the whole game are the products of the pairs'
    equilibria, an oracle for solvers of n-player games.

    Parameters
    ----------
    pairs : sequence of Game or strategy, optional
        The two-player games; by default ``n_pairs`` generic games of shape
        ``shape`` (continuous draws, nondegenerate).
    n_pairs : int
        Number of pairs when ``pairs`` is not given.
    shape : sequence of int
        Shape of each pair's game when ``pairs`` is not given.

    Returns
    -------
    tuple of (Game, list of Game)
        The ``2 k``-player game and the pairs' games.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from leverage import equilibria
    >>> @settings(max_examples=3, deadline=None)
    ... @given(side_by_side_games(n_pairs=2, shape=(2, 2)))
    ... def check(drawn):
    ...     game, pairs = drawn
    ...     counts = [len(equilibria(pair)) for pair in pairs]
    ...     assert game.n_players == 4 and len(equilibria(game)) == counts[0] * counts[1]
    >>> check()
    """
    caller = "side_by_side_games()"
    n_pairs = count(n_pairs, "n_pairs", caller, low=1, high=MAX_PLAYERS // 2)
    shape = tuple(count(m, "each entry of shape", caller, low=1, high=MAX_CELLS) for m in _entries(shape, caller))
    if len(shape) != 2:
        raise ValueError(f"{caller}: shape must have two entries, one per player of a pair; got {shape}")
    drawn = draw(as_strategy(pairs)) if pairs is not None else [
        draw(bimatrix_games(shape=shape, degenerate=False)) for _ in range(n_pairs)
    ]
    games_ = list(drawn) if isinstance(drawn, Iterable) and not isinstance(drawn, (str, bytes, Game)) else []
    if not games_ or any(not isinstance(g, Game) or g.n_players != 2 for g in games_):
        raise ValueError(f"{caller}: pairs must be a non-empty sequence of two-player Games")
    full = tuple(m for g in games_ for m in g.shape)
    if len(full) > MAX_PLAYERS or math.prod(full) > MAX_CELLS:
        raise ValueError(f"{caller}: the game side by side would have shape {full}, over MAX_PLAYERS or MAX_CELLS")
    k = len(games_)
    arrays = []
    for j, g in enumerate(games_):
        for u in g.payoffs:
            index = [None] * (2 * k)
            index[2 * j] = index[2 * j + 1] = slice(None)
            arrays.append(np.broadcast_to(np.asarray(u, dtype=float)[tuple(index)], full).copy())
    return Game(arrays), games_
