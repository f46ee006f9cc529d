"""Finite discounted stochastic games: named players, states and actions; payoffs and transitions per state.

Model, units, timing and ties
-----------------------------
- **Timing.** In each period ``t = 0, 1, 2, ...`` the game is in a state
  ``s_t``. Every player observes it and chooses an action from its own set at
  ``s_t``, all at once. Player ``i`` then receives the stage payoff
  ``u_i(s_t, a_t)`` and the next state is drawn from ``P(. | s_t, a_t)``.
- **Units.** Stage payoffs are per period, in whatever unit the model states
  (the scenarios use the coercer's export rent per period). A player's payoff
  in the game is the discounted sum ``sum_t delta_i**t u_i(s_t, a_t)``, a
  present value in the same unit, counted from period 0.
- **Ties.** Strategies are *stationary Markov*: a mixed action per state and
  player. A profile is a Markov perfect equilibrium (MPE) when no player gains
  by a one-shot deviation at any state, with continuation values from the
  profile itself; a gain counts only when it exceeds the library's tolerance
  rule (:mod:`leverage.tolerance`) applied to the *continuation-augmented stage
  game* of that state (:meth:`StochasticGame.stage_game`). A player
  indifferent between actions may play any of them.

Discounting, the one-shot deviation principle and stationary MPE follow
Shapley (1953) and Maskin and Tirole (2001).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from leverage.checks import UnknownNameError, check_callable, real_array
from leverage.game import Game
from leverage.parameters import ParameterSet
from leverage.tolerance import RTOL

__all__ = ["StochasticGame", "ParametricStochasticGame", "MAX_STATES", "MAX_ACTIONS"]

#: The largest number of states a :class:`StochasticGame` may have.
MAX_STATES: int = 100_000
#: The largest number of pure action profiles at one state.
MAX_ACTIONS: int = 10_000


def _names(value: Any, what: str, caller: str, count: int | None = None) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or isinstance(value, np.ndarray):
        raise TypeError(f"{caller}: {what} must be a sequence of names (strings); got {value!r:.80}")
    out = tuple(value)
    if not out:
        raise ValueError(f"{caller}: {what} is empty")
    for name in out:
        if not isinstance(name, str) or not name.strip():
            raise TypeError(f"{caller}: {what} must hold non-empty strings; got {name!r:.60}")
    if len(set(out)) != len(out):
        raise ValueError(f"{caller}: {what} repeats a name: {out!r:.120}")
    if count is not None and len(out) != count:
        raise ValueError(f"{caller}: {what} has {len(out)} names; expected {count}")
    return out


def _per_state(value: Any, states: tuple[str, ...], what: str, caller: str) -> list[Any]:
    """A mapping keyed by state name, or a sequence in state order, as a list in state order."""
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in states]
        if unknown:
            raise UnknownNameError(f"{caller}: {what} names unknown state(s) {unknown!r:.80}; states: {states}")
        missing = [s for s in states if s not in value]
        if missing:
            raise ValueError(f"{caller}: {what} has no entry for state(s) {missing!r:.80}")
        return [value[s] for s in states]
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(f"{caller}: {what} must be a mapping from state names or a sequence in state order; "
                        f"got {type(value).__name__}")
    if len(value) != len(states):
        raise ValueError(f"{caller}: {what} has {len(value)} entries; the game has {len(states)} states")
    return list(value)


class StochasticGame:
    """A finite discounted stochastic game (see the module docstring for timing, units and ties).

    Parameters
    ----------
    players : sequence of str
        The players' names, in payoff order.
    states : sequence of str
        The states' names.
    actions : mapping or sequence
        Per state (a mapping from state names, or a sequence in state order),
        one sequence of action names per player; every player has at least one
        action at every state.
    payoffs : mapping or sequence
        Per state, an array of shape ``(n_players, m_1, ..., m_n)``: the stage
        payoffs, per period, at every pure action profile.
    transitions : mapping or sequence
        Per state, an array of shape ``(m_1, ..., m_n, n_states)``: the
        distribution of next period's state after each pure action profile.
        Each row must be non-negative and sum to 1 (within :data:`~leverage.RTOL`
        per state); it is renormalised.
    discount : float or sequence of float
        One discount factor for every player, or one per player, in ``[0, 1)``.

    Raises
    ------
    TypeError, ValueError
        For names that are missing or repeated, a state with no actions,
        shapes that do not match the actions, non-finite payoffs, transition
        rows that are not distributions, or discount factors outside ``[0, 1)``.

    Examples
    --------
    Two states; in ``"tight"`` China chooses to restrict or not, and restricting
    keeps the market tight with probability 0.8:

    >>> g = StochasticGame(
    ...     players=("China", "Japan"), states=("tight", "loose"),
    ...     actions={"tight": (("Restrict", "Open"), ("Wait",)), "loose": (("Open",), ("Wait",))},
    ...     payoffs={"tight": [[[2.0], [1.0]], [[-2.0], [0.0]]], "loose": [[[1.0]], [[0.0]]]},
    ...     transitions={"tight": [[[0.8, 0.2]], [[0.0, 1.0]]], "loose": [[[0.0, 1.0]]]},
    ...     discount=0.9)
    >>> g
    StochasticGame(players=('China', 'Japan'), states=2, profiles=3, discount=(0.9, 0.9))
    >>> g.shape("tight"), g.stage_game("loose").payoffs[0].tolist()
    ((2, 1), [[1.0]])
    """

    def __init__(
        self,
        players: Sequence[str],
        states: Sequence[str],
        actions: Mapping[str, Any] | Sequence[Any],
        payoffs: Mapping[str, Any] | Sequence[Any],
        transitions: Mapping[str, Any] | Sequence[Any],
        discount: float | Sequence[float],
    ) -> None:
        caller = "StochasticGame()"
        self._players = _names(players, "players", caller)
        self._states = _names(states, "states", caller)
        n, S = len(self._players), len(self._states)
        if S > MAX_STATES:
            raise ValueError(f"{caller}: {S:,} states, more than MAX_STATES={MAX_STATES:,}")
        acts = []
        for s, entry in zip(self._states, _per_state(actions, self._states, "actions", caller)):
            if isinstance(entry, (str, bytes)) or not isinstance(entry, Sequence) or len(entry) != n:
                raise ValueError(f"{caller}: actions[{s!r}] must give one sequence of action names per player "
                                 f"({n} players); got {entry!r:.80}")
            per_player = []
            for i, names in enumerate(entry):
                if isinstance(names, Sequence) and not isinstance(names, (str, bytes)) and len(names) == 0:
                    raise ValueError(f"{caller}: state {s!r} has no actions for {self._players[i]}")
                per_player.append(_names(names, f"actions[{s!r}][{i}]", caller))
            size = int(np.prod([len(a) for a in per_player]))
            if size > MAX_ACTIONS:
                raise ValueError(f"{caller}: state {s!r} has {size:,} action profiles, more than "
                                 f"MAX_ACTIONS={MAX_ACTIONS:,}")
            acts.append(tuple(per_player))
        self._actions = tuple(acts)
        pays, trans = [], []
        for k, (s, u, p) in enumerate(zip(self._states, _per_state(payoffs, self._states, "payoffs", caller),
                                          _per_state(transitions, self._states, "transitions", caller))):
            shape = tuple(len(a) for a in self._actions[k])
            u = real_array(u, f"payoffs[{s!r}]", caller)
            if u.shape != (n, *shape):
                raise ValueError(f"{caller}: payoffs[{s!r}] has shape {u.shape}; expected {(n, *shape)} "
                                 f"(players, then each player's actions)")
            p = real_array(p, f"transitions[{s!r}]", caller)
            if p.shape != (*shape, S):
                raise ValueError(f"{caller}: transitions[{s!r}] has shape {p.shape}; expected {(*shape, S)} "
                                 f"(each player's actions, then the next state)")
            sums = p.sum(axis=-1)
            if np.any(p < 0) or np.any(np.abs(sums - 1.0) > RTOL * S):
                raise ValueError(f"{caller}: transitions[{s!r}] has a row that is not a probability distribution "
                                 f"(entries must be non-negative and sum to 1; sums found: "
                                 f"{np.unique(sums.round(12))[:4].tolist()})")
            p = p / sums[..., None]
            u.setflags(write=False)
            p.setflags(write=False)
            pays.append(u)
            trans.append(p)
        self._payoffs = tuple(pays)
        self._transitions = tuple(trans)
        self._discount = _discounts(discount, n, caller)

    # -- data -----------------------------------------------------------------------------------------
    @property
    def players(self) -> tuple[str, ...]:
        """The players' names."""
        return self._players

    @property
    def states(self) -> tuple[str, ...]:
        """The states' names."""
        return self._states

    @property
    def actions(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """``actions[k][i]``: player ``i``'s action names at state ``k``."""
        return self._actions

    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """``payoffs[k]``: the stage payoffs at state ``k``, shape ``(n_players, m_1, ..., m_n)``."""
        return self._payoffs

    @property
    def transitions(self) -> tuple[np.ndarray, ...]:
        """``transitions[k]``: next-state distributions at state ``k``, shape ``(m_1, ..., m_n, n_states)``."""
        return self._transitions

    @property
    def discount(self) -> np.ndarray:
        """The players' discount factors."""
        return self._discount.copy()

    @property
    def n_players(self) -> int:
        """The number of players."""
        return len(self._players)

    @property
    def n_states(self) -> int:
        """The number of states."""
        return len(self._states)

    def shape(self, state: str | int) -> tuple[int, ...]:
        """The numbers of actions of the players at ``state`` (a name or an index).

        Examples
        --------
        >>> StochasticGame.from_game(Game.from_bimatrix([[1, 0]], [[0, 1]]), 0.5).shape(0)
        (1, 2)
        """
        k = self.state_index(state, "StochasticGame.shape()")
        return tuple(len(a) for a in self._actions[k])

    def state_index(self, state: str | int, caller: str = "StochasticGame.state_index()") -> int:
        """The index of ``state``, given by name or by index.

        Raises
        ------
        UnknownNameError
            If ``state`` is not one of the states.

        Examples
        --------
        >>> g = StochasticGame.from_game(Game.from_bimatrix([[1]], [[1]]), 0.5)
        >>> g.state_index("s")
        0
        """
        if isinstance(state, str):
            if state not in self._states:
                raise UnknownNameError(f"{caller}: unknown state {state!r}; states: {', '.join(self._states)}")
            return self._states.index(state)
        if isinstance(state, (int, np.integer)) and not isinstance(state, (bool, np.bool_)):
            if not 0 <= int(state) < self.n_states:
                raise ValueError(f"{caller}: state index {state} out of range for {self.n_states} states")
            return int(state)
        raise TypeError(f"{caller}: state must be a state name or an index; got {state!r:.60}")

    def __repr__(self) -> str:
        profiles = sum(int(np.prod(self.shape(k))) for k in range(self.n_states))
        return (f"StochasticGame(players={self._players}, states={self.n_states}, profiles={profiles}, "
                f"discount={tuple(float(d) for d in self._discount)})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StochasticGame):
            return NotImplemented
        return (self._players == other._players and self._states == other._states
                and self._actions == other._actions and np.array_equal(self._discount, other._discount)
                and all(np.array_equal(a, b) for a, b in zip(self._payoffs, other._payoffs))
                and all(np.array_equal(a, b) for a, b in zip(self._transitions, other._transitions)))

    __hash__ = None  # type: ignore[assignment]

    # -- stage games ----------------------------------------------------------------------------------
    def continuation_payoffs(self, state: str | int, values: Any = None) -> np.ndarray:
        """Stage payoffs plus discounted continuation values: ``u_i(s, a) + delta_i sum_s' P(s'|s, a) V_i(s')``.

        Parameters
        ----------
        state : str or int
            The state.
        values : array_like, optional
            Continuation values, shape ``(n_states, n_players)`` (zeros by default).

        Returns
        -------
        numpy.ndarray
            Shape ``(n_players, m_1, ..., m_n)``.

        Examples
        --------
        >>> g = StochasticGame.from_game(Game.from_bimatrix([[1, 0]], [[0, 1]]), 0.5)
        >>> g.continuation_payoffs("s", [[2.0, 4.0]]).tolist()
        [[[2.0, 1.0]], [[2.0, 3.0]]]
        """
        caller = "StochasticGame.continuation_payoffs()"
        k = self.state_index(state, caller)
        V = self.check_values(values, caller)
        cont = self._transitions[k] @ V  # (*shape, n)
        return self._payoffs[k] + np.moveaxis(cont * self._discount, -1, 0)

    def check_values(self, values: Any, caller: str) -> np.ndarray:
        """``values`` as a finite array of shape ``(n_states, n_players)`` (zeros for None).

        Examples
        --------
        >>> g = StochasticGame.from_game(Game.from_bimatrix([[1]], [[1]]), 0.5)
        >>> g.check_values(None, "f()").shape
        (1, 2)
        """
        if values is None:
            return np.zeros((self.n_states, self.n_players))
        V = real_array(values, "values", caller)
        if V.shape != (self.n_states, self.n_players):
            raise ValueError(f"{caller}: values must have shape {(self.n_states, self.n_players)} "
                             f"(states, players); got {V.shape}")
        return V

    def stage_game(self, state: str | int, values: Any = None) -> Game:
        """The continuation-augmented stage game at ``state`` as a :class:`~leverage.Game`.

        With ``values`` the continuation values of a profile, a stationary
        profile is an MPE exactly when its action at every state is a Nash
        equilibrium of this game (the one-shot deviation principle).

        Examples
        --------
        >>> g = StochasticGame.from_game(Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]), 0.9)
        >>> g.stage_game("s").payoffs[0].tolist()
        [[3.0, 0.0], [5.0, 1.0]]
        """
        aug = self.continuation_payoffs(state, values)
        k = self.state_index(state)
        return Game(list(aug), players=self._players, strategies=self._actions[k])

    @classmethod
    def from_game(cls, game: Game, discount: float | Sequence[float], state: str = "s") -> StochasticGame:
        """The one-state stochastic game that repeats ``game`` for ever.

        Examples
        --------
        >>> g = StochasticGame.from_game(Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]), 0.9)
        >>> g.states, g.shape("s")
        (('s',), (2, 2))
        """
        caller = "StochasticGame.from_game()"
        if not isinstance(game, Game):
            raise TypeError(f"{caller}: game must be a leverage.Game; got {type(game).__name__}")
        if not isinstance(state, str) or not state.strip():
            raise TypeError(f"{caller}: state must be a non-empty string; got {state!r:.60}")
        payoffs = np.stack([np.asarray(u, dtype=float) for u in game.payoffs])
        return cls(game.players, (state,), [game.strategies], [payoffs], [np.ones((*game.shape, 1))],
                   _discounts(discount, game.n_players, caller))


def _discounts(discount: Any, n: int, caller: str) -> np.ndarray:
    if isinstance(discount, (bool, np.bool_)):
        raise TypeError(f"{caller}: discount must be a number in [0, 1) or one per player; got {discount!r}")
    d = real_array(discount, "discount", caller, ndim=(0, 1))
    d = np.full(n, float(d)) if d.ndim == 0 else d
    if d.shape != (n,):
        raise ValueError(f"{caller}: discount must be one number or one per player ({n}); got shape {d.shape}")
    if np.any(d < 0) or np.any(d >= 1):
        raise ValueError(f"{caller}: discount factors must lie in [0, 1); got {d.tolist()}")
    d.setflags(write=False)
    return d


class ParametricStochasticGame:
    """A stochastic game whose payoffs and transitions are numpy functions of named parameters.

    Parameters
    ----------
    parameters : ParameterSet
        The named, sourced, ranged parameters.
    build : callable
        ``build(**values) -> StochasticGame``: the game at parameter values
        (payoffs and transitions computed with numpy from them).

    Examples
    --------
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(temptation=Parameter(5.0, 4.0, 6.0, "rent/period", "illustrative"))
    >>> model = ParametricStochasticGame(ps, lambda temptation: StochasticGame.from_game(
    ...     Game.from_bimatrix([[3, 0], [temptation, 1]], [[3, temptation], [0, 1]]), 0.9))
    >>> model.game(temptation=4.5).payoffs[0][0, 1, 0]
    np.float64(4.5)
    """

    def __init__(self, parameters: ParameterSet, build: Callable[..., StochasticGame]) -> None:
        caller = "ParametricStochasticGame()"
        if not isinstance(parameters, ParameterSet):
            raise TypeError(f"{caller}: parameters must be a ParameterSet; got {type(parameters).__name__}")
        self.parameters = parameters
        self.build = check_callable(build, "build", caller)

    def __repr__(self) -> str:
        return f"ParametricStochasticGame(parameters={self.parameters.names})"

    def values(self, **overrides: float) -> dict[str, float]:
        """The parameter values: the defaults with ``overrides`` (checked against the ranges).

        Examples
        --------
        >>> from leverage import Parameter, ParameterSet
        >>> ps = ParameterSet(t=Parameter(5.0, 4.0, 6.0, "rent/period", "illustrative"))
        >>> ParametricStochasticGame(ps, lambda t: None).values(t=4.0)
        {'t': 4.0}
        """
        try:
            return self.parameters.replace(**overrides).defaults
        except (KeyError, TypeError, ValueError) as exc:
            message = exc.args[0] if exc.args else str(exc)
            raise type(exc)(f"ParametricStochasticGame.values(): {message}") from None

    def game(self, **overrides: float) -> StochasticGame:
        """The stochastic game at the default values with ``overrides``.

        Raises
        ------
        TypeError
            If ``build`` does not return a :class:`StochasticGame`.

        Examples
        --------
        >>> from leverage import Parameter, ParameterSet
        >>> ps = ParameterSet(d=Parameter(0.5, 0.0, 0.9, "per period", "illustrative"))
        >>> m = ParametricStochasticGame(ps, lambda d: StochasticGame.from_game(Game.from_bimatrix([[1]], [[1]]), d))
        >>> m.game(d=0.8).discount.tolist()
        [0.8, 0.8]
        """
        values = self.values(**overrides)
        game = self.build(**values)
        if not isinstance(game, StochasticGame):
            raise TypeError(f"ParametricStochasticGame.game(): build returned {type(game).__name__}, "
                            f"not a StochasticGame")
        return game
