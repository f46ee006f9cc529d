"""Hypothesis strategies for dynamic games (:class:`~leverage.dynamic.StochasticGame`).

- :func:`stochastic_games`: small finite discounted stochastic games with
  integer stage payoffs (zero-sum ones on request), transition rows drawn as
  small integer weights, and discount factors in ``[0, 0.95]``;
- :func:`relabellings`: a game with its states and every player's actions
  put in another order, with the permutations used (to check that relabelling
  changes nothing).

Examples
--------
>>> from hypothesis import given, settings
>>> from leverage.dynamic import pure_markov_equilibria
>>> @settings(max_examples=10, deadline=None)
... @given(stochastic_games(max_states=2))
... def test_every_pure_mpe_passes_the_one_shot_check(game):
...     for eq in pure_markov_equilibria(game).equilibria:
...         assert eq.regret >= 0
>>> test_every_pure_mpe_passes_the_one_shot_check()
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

from leverage.checks import check_flag, check_real
from leverage.dynamic.game import StochasticGame
from leverage.testing.arguments import count

__all__ = ["stochastic_games", "relabellings", "MAX_DYNAMIC_STATES", "MAX_DYNAMIC_ACTIONS"]

#: Largest ``max_states`` of :func:`stochastic_games`.
MAX_DYNAMIC_STATES = 12
#: Largest ``max_actions`` of :func:`stochastic_games`.
MAX_DYNAMIC_ACTIONS = 6


def stochastic_games(
    n_players: int = 2,
    max_states: int = 3,
    max_actions: int = 2,
    zero_sum: bool = False,
    max_discount: float = 0.95,
    discount: float | None = None,
) -> st.SearchStrategy[StochasticGame]:
    """Small stochastic games: 1 to ``max_states`` states, 1 to ``max_actions`` actions per player and state.

    Parameters
    ----------
    n_players : int
        Number of players (two for ``zero_sum``).
    max_states, max_actions : int
        Bounds on the numbers of states and of each player's actions.
    zero_sum : bool
        Draw two-player zero-sum games with one common discount factor.
    max_discount : float
        Largest discount factor drawn, in ``[0, 1)``.
    discount : float, optional
        One fixed discount factor for every player instead of drawn ones.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(stochastic_games(zero_sum=True))
    ... def check(game):
    ...     assert all(np.array_equal(u[0], -u[1]) for u in game.payoffs)
    >>> check()
    """
    caller = "stochastic_games()"
    n = count(n_players, "n_players", caller, low=1, high=4)
    S = count(max_states, "max_states", caller, low=1, high=MAX_DYNAMIC_STATES)
    m = count(max_actions, "max_actions", caller, low=1, high=MAX_DYNAMIC_ACTIONS)
    zero_sum = check_flag(zero_sum, "zero_sum", caller)
    top = check_real(max_discount, "max_discount", caller, 0.0, 1.0)
    if top >= 1.0:
        raise ValueError(f"{caller}: max_discount must be below 1; got {max_discount!r}")
    fixed = None if discount is None else check_real(discount, "discount", caller, 0.0, top)
    if zero_sum and n != 2:
        raise ValueError(f"{caller}: zero-sum games have two players; got n_players={n}")

    @st.composite
    def draw_game(draw: Callable[..., Any]) -> StochasticGame:
        n_states = draw(st.integers(1, S), label="states")
        states = tuple(f"s{k}" for k in range(n_states))
        players = tuple(f"P{i + 1}" for i in range(n))
        actions, payoffs, transitions = [], [], []
        for k in range(n_states):
            shape = tuple(draw(st.integers(1, m), label="actions") for _ in range(n))
            actions.append(tuple(tuple(f"a{j}" for j in range(shape[i])) for i in range(n)))
            size = int(np.prod(shape))
            values = draw(st.lists(st.integers(-5, 5), min_size=size * n, max_size=size * n), label="payoffs")
            u = np.array(values, dtype=float).reshape((n, *shape))
            if zero_sum:
                u[1] = -u[0]
            payoffs.append(u)
            weights = draw(st.lists(st.integers(0, 3), min_size=size * n_states, max_size=size * n_states),
                           label="transition weights")
            w = np.array(weights, dtype=float).reshape((*shape, n_states))
            w[w.sum(axis=-1) == 0, 0] = 1.0  # a row of zero weights goes to the first state
            transitions.append(w / w.sum(axis=-1, keepdims=True))
        if fixed is not None:
            delta: Any = fixed
        elif zero_sum:
            delta = draw(st.floats(0.0, top), label="discount")
        else:
            delta = [draw(st.floats(0.0, top), label="discount") for _ in range(n)]
        return StochasticGame(players, states, actions, payoffs, transitions, delta)

    return draw_game()


def relabellings(game: StochasticGame) -> st.SearchStrategy[tuple[StochasticGame, tuple, tuple]]:
    """The game with states and actions reordered: ``(game, state_order, action_orders)``.

    ``state_order[k]`` is the old index of the new ``k``-th state and
    ``action_orders[k][i][j]`` the old index of player ``i``'s new ``j``-th
    action at the new state ``k``. Names travel with what they name.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from leverage import Game
    >>> g = StochasticGame.from_game(Game.from_bimatrix([[1, 0], [0, 2]], [[1, 0], [0, 2]]), 0.5)
    >>> @settings(max_examples=5, deadline=None)
    ... @given(relabellings(g))
    ... def check(drawn):
    ...     new, states, actions = drawn
    ...     assert sorted(new.actions[0][0]) == sorted(g.actions[0][0])
    >>> check()
    """
    if not isinstance(game, StochasticGame):
        raise TypeError(f"relabellings(): game must be a StochasticGame; got {type(game).__name__}")

    @st.composite
    def draw_relabelling(draw: Callable[..., Any]) -> tuple[StochasticGame, tuple, tuple]:
        order = tuple(draw(st.permutations(range(game.n_states)), label="state order"))
        where = np.argsort(order)  # old index -> new index
        acts = tuple(tuple(tuple(draw(st.permutations(range(len(a))), label="action order"))
                           for a in game.actions[k]) for k in order)
        actions, payoffs, transitions = [], [], []
        for new_k, old_k in enumerate(order):
            perm = acts[new_k]
            actions.append(tuple(tuple(game.actions[old_k][i][j] for j in p) for i, p in enumerate(perm)))
            u = game.payoffs[old_k][np.ix_(range(game.n_players), *perm)]
            p_old = game.transitions[old_k][np.ix_(*perm, range(game.n_states))]
            p_new = np.empty_like(p_old)
            p_new[..., where] = p_old
            payoffs.append(u)
            transitions.append(p_new)
        new = StochasticGame(game.players, tuple(game.states[k] for k in order), actions, payoffs, transitions,
                             game.discount)
        return new, order, acts

    return draw_relabelling()
