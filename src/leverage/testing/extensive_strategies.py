"""Hypothesis strategies for extensive-form games with imperfect information.

Re-exported by :mod:`leverage.testing.strategies`, where every strategy of the
library can be found.

Examples
--------
>>> from hypothesis import given, settings
>>> @settings(max_examples=10, deadline=None)
... @given(extensive_games())
... def check(game):
...     assert game.to_game().n_players == game.n_players
>>> check()
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from leverage.checks import check_flag
from leverage.testing.arguments import MAX_DEPTH, count, elements

__all__ = ["bayesian_games", "extensive_games", "signalling_games"]

_PLAYERS = ("China", "Japan", "US", "EU")
_ACTIONS = ("Restrict", "Open", "Probe", "Wait")
_OUTCOMES = ("Low", "High", "Mid")


def _check_int(value: Any, label: str, low: int, caller: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{caller}: {label} must be an integer >= {low}; got {value!r}")
    return count(value, label, caller, low=low)


@st.composite
def extensive_games(
    draw: Any,
    n_players: int | st.SearchStrategy[int] = 2,
    max_depth: int = 4,
    max_actions: int = 3,
    chance: bool = True,
    payoffs: st.SearchStrategy[float] | None = None,
    zero_sum: bool = False,
    max_cells: int = 512,
    chance_denominator: int = 8,
) -> Any:
    """Small extensive-form games with information sets and perfect recall.

    Trees are drawn node by node in preorder. A decision node of a player may
    join an information set of the same player that is reached through the
    same own earlier moves (so every player has perfect recall by
    construction) and has the same actions; each player's actions are the
    first ``k`` of a fixed list, so such joins are frequent and imperfect
    information is the rule, not the exception (each player has one usual
    number of actions, fewer only where ``max_cells`` forces it). The product of the numbers of
    actions over all decision nodes (a bound on the reduced normal form) is
    kept at most ``max_cells``.

    Parameters
    ----------
    n_players : int or strategy
        Number of players (default 2; at most 4).
    max_depth : int
        Largest depth of a terminal.
    max_actions : int
        Largest number of actions (or chance outcomes) at a node (at most 3 outcomes).
    chance : bool
        Allow chance nodes.
    payoffs : strategy of float, optional
        Element strategy for terminal payoffs; default integers in ``[-3, 3]``
        (ties on purpose).
    zero_sum : bool
        Two players whose payoffs sum to 0 at every terminal.
    max_cells : int
        Bound on the product of the numbers of actions.
    chance_denominator : int
        Chance probabilities are multiples of ``1 / chance_denominator``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> import numpy as np
    >>> @settings(max_examples=10, deadline=None)
    ... @given(extensive_games(zero_sum=True))
    ... def check(game):
    ...     assert np.allclose(game.terminal_payoffs.sum(axis=1), 0)
    >>> check()
    """
    from leverage.extensive.tree import ExtensiveGame
    from leverage.nodes import Chance, Decision, Terminal

    caller = "extensive_games()"
    chance, zero_sum = check_flag(chance, "chance", caller), check_flag(zero_sum, "zero_sum", caller)
    payoffs = elements(payoffs, "payoffs", caller)
    max_depth = count(_check_int(max_depth, "max_depth", 1, caller), "max_depth", caller, high=MAX_DEPTH)
    max_actions = _check_int(max_actions, "max_actions", 1, caller)
    max_cells = _check_int(max_cells, "max_cells", 1, caller)
    chance_denominator = _check_int(chance_denominator, "chance_denominator", 1, caller)
    if max_actions > len(_ACTIONS):
        raise ValueError(f"{caller}: max_actions must be at most {len(_ACTIONS)}; got {max_actions}")
    n = draw(n_players if isinstance(n_players, st.SearchStrategy) else st.just(n_players))
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= len(_PLAYERS):
        raise ValueError(f"{caller}: n_players must be an integer in [1, {len(_PLAYERS)}]; got {n!r}")
    if zero_sum and n != 2:
        raise ValueError(f"{caller}: zero_sum needs n_players=2; got {n}")
    players = _PLAYERS[:n]
    values = payoffs if payoffs is not None else st.integers(-3, 3).map(float)
    state = {"cells": 1, "sets": 0}
    # each player's usual number of actions (fewer only where max_cells forces it), so that
    # nodes reached alike can share an information set
    sizes = [draw(st.integers(min(2, max_actions), max_actions)) for _ in range(n)]
    # (player, own history, actions) -> labels of the information sets open to a new node
    open_sets: dict[tuple[int, tuple[tuple[str, str], ...], tuple[str, ...]], list[str]] = {}

    def terminal() -> Any:
        u = [draw(values) for _ in range(n)]
        if zero_sum:
            u = [u[0], -u[0]]
        return Terminal(u)

    def build(depth: int, history: tuple[tuple[tuple[str, str], ...], ...]) -> Any:
        if depth >= max_depth:
            return terminal()
        kinds = ["terminal", "decision", "chance"] if depth > 0 else ["decision", "chance"]
        if not chance or max_actions < 2:
            kinds.remove("chance")
        kind = draw(st.sampled_from(kinds))
        if kind == "terminal":
            return terminal()
        if kind == "chance":
            k = draw(st.integers(2, min(max_actions, len(_OUTCOMES))))
            cuts = sorted(draw(st.lists(st.integers(0, chance_denominator), min_size=k - 1, max_size=k - 1)))
            bounds = [0, *cuts, chance_denominator]
            probs = [(b - a) / chance_denominator for a, b in zip(bounds, bounds[1:])]
            return Chance({o: (p, build(depth + 1, history)) for o, p in zip(_OUTCOMES[:k], probs)})
        i = draw(st.integers(0, n - 1))
        k = sizes[i]
        while k > 1 and state["cells"] * k > max_cells:
            k -= 1
        state["cells"] *= k
        actions = _ACTIONS[:k]
        key = (i, history[i], actions)
        candidates = open_sets.setdefault(key, [])
        if candidates and draw(st.integers(0, 3)) > 0:
            label = draw(st.sampled_from(candidates))
        else:
            state["sets"] += 1
            label = f"{players[i]}{state['sets']}"
            candidates.append(label)
        kids = {}
        for a in actions:
            extended = tuple(h + ((label, a),) if j == i else h for j, h in enumerate(history))
            kids[a] = build(depth + 1, extended)
        return Decision(players[i], kids, infoset=label)

    root = build(0, tuple(() for _ in range(n)))
    return ExtensiveGame(root, players)


def _prior(draw: Any, size: int, denominator: int, zero: bool) -> np.ndarray:
    """A distribution over ``size`` outcomes in multiples of ``1 / denominator`` (exact binary fractions)."""
    low = 0 if zero else 1
    if size * low > denominator:
        raise ValueError(f"a prior over {size} types needs prior_denominator >= {size}")
    cuts = sorted(draw(st.lists(st.integers(0, denominator - size * low), min_size=size - 1, max_size=size - 1)))
    bounds = [0, *cuts, denominator - size * low]
    return np.array([(b - a + low) / denominator for a, b in zip(bounds, bounds[1:])])


@st.composite
def signalling_games(
    draw: Any,
    max_types: int = 3,
    max_messages: int = 3,
    max_actions: int = 3,
    payoffs: st.SearchStrategy[float] | None = None,
    zero_prior: bool = False,
    prior_denominator: int = 16,
) -> Any:
    """Small signalling games (:class:`~leverage.extensive.SignallingGame`).

    A sender with 2 to ``max_types`` types, 2 to ``max_messages`` messages, a
    receiver with 2 to ``max_actions`` actions, and payoffs drawn from
    ``payoffs`` (default integers in ``[-3, 3]``: ties on purpose). The prior
    is a multiple of ``1 / prior_denominator`` in each entry, every type
    positive unless ``zero_prior``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from leverage.extensive import pure_pbe
    >>> @settings(max_examples=10, deadline=None)
    ... @given(signalling_games())
    ... def check(game):
    ...     for eq in pure_pbe(game):
    ...         assert eq.kind in ("pooling", "separating", "semi-separating")
    >>> check()
    """
    from leverage.extensive.signalling import SignallingGame

    caller = "signalling_games()"
    payoffs, zero_prior = elements(payoffs, "payoffs", caller), check_flag(zero_prior, "zero_prior", caller)
    for label, value in (("max_types", max_types), ("max_messages", max_messages), ("max_actions", max_actions)):
        if _check_int(value, label, 2, caller) > len(_ACTIONS):
            raise ValueError(f"{caller}: {label} must be at most {len(_ACTIONS)}; got {value}")
    _check_int(prior_denominator, "prior_denominator", max_types, caller)
    T = draw(st.integers(2, max_types))
    M = draw(st.integers(2, max_messages))
    A = draw(st.integers(2, max_actions))
    values = payoffs if payoffs is not None else st.integers(-3, 3).map(float)
    shape = (T, M, A)
    cells = T * M * A
    sender = np.array(draw(st.lists(values, min_size=cells, max_size=cells))).reshape(shape)
    receiver = np.array(draw(st.lists(values, min_size=cells, max_size=cells))).reshape(shape)
    return SignallingGame(
        [f"T{t}" for t in range(T)],
        _prior(draw, T, prior_denominator, zero_prior),
        ["Stockpile", "Wait", "Announce", "Build"][:M],
        list(_ACTIONS[:A]),
        sender,
        receiver,
        players=("Target", "Coercer"),
    )


@st.composite
def bayesian_games(
    draw: Any,
    n_players: int = 2,
    max_types: int = 2,
    max_actions: int = 2,
    payoffs: st.SearchStrategy[float] | None = None,
    correlated: bool = False,
    prior_denominator: int = 16,
) -> Any:
    """Small Bayesian normal-form games (:class:`~leverage.extensive.BayesianGame`).

    Each player has 1 to ``max_types`` types and 2 to ``max_actions``
    actions; payoffs are drawn per type profile and action profile from
    ``payoffs`` (default integers in ``[-3, 3]``). The common prior is a
    product of independent marginals, or any joint distribution with
    ``correlated=True``; every entry is a positive multiple of
    ``1 / prior_denominator``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from leverage.extensive import bayes_nash_equilibria
    >>> @settings(max_examples=10, deadline=None)
    ... @given(bayesian_games())
    ... def check(game):
    ...     assert bayes_nash_equilibria(game)  # every finite game has one
    >>> check()
    """
    from leverage.extensive.bayesian import BayesianGame

    caller = "bayesian_games()"
    payoffs, correlated = elements(payoffs, "payoffs", caller), check_flag(correlated, "correlated", caller)
    _check_int(n_players, "n_players", 1, caller)
    _check_int(max_types, "max_types", 1, caller)
    _check_int(max_actions, "max_actions", 2, caller)
    if n_players > len(_PLAYERS) or max_actions > len(_ACTIONS):
        raise ValueError(f"{caller}: at most {len(_PLAYERS)} players and {len(_ACTIONS)} actions")
    types = [draw(st.integers(1, max_types)) for _ in range(n_players)]
    actions = [draw(st.integers(2, max_actions)) for _ in range(n_players)]
    if correlated:
        _check_int(prior_denominator, "prior_denominator", int(np.prod(types)), caller)
        prior = _prior(draw, int(np.prod(types)), prior_denominator, False).reshape(types)
    else:
        _check_int(prior_denominator, "prior_denominator", max_types, caller)
        prior = np.ones(types)
        for i, k in enumerate(types):
            shape = [1] * n_players
            shape[i] = k
            prior = prior * _prior(draw, k, prior_denominator, False).reshape(shape)
    values = payoffs if payoffs is not None else st.integers(-3, 3).map(float)
    shape = tuple(types) + tuple(actions)
    size = int(np.prod(shape))
    arrays = [np.array(draw(st.lists(values, min_size=size, max_size=size))).reshape(shape) for _ in range(n_players)]
    return BayesianGame(
        [[f"{_PLAYERS[i][0]}{t}" for t in range(k)] for i, k in enumerate(types)],
        prior,
        [list(_ACTIONS[:k]) for k in actions],
        arrays,
        players=_PLAYERS[:n_players],
    )
