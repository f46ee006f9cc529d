"""Stationary Markov profiles: policy evaluation, the one-shot deviation check, and verified results.

A stationary profile gives each player a mixed action at each state. Its
continuation values ``V`` solve ``V_i = r_i + delta_i P V_i`` (policy
evaluation: one linear solve per player). By the one-shot deviation principle
(Blackwell 1965; Maskin and Tirole 2001) the profile is a Markov perfect
equilibrium exactly when, at every state, its mixed actions form a Nash
equilibrium of the continuation-augmented stage game
``u_i(s, a) + delta_i sum_s' P(s'|s, a) V_i(s')``. Each state's check uses the
library's tolerance rule on that stage game (:mod:`leverage.tolerance`): a
regret counts as zero when it is at most ``rtol`` times the player's payoff
range in it. Every solver of :mod:`leverage.dynamic` returns only profiles
that pass (:func:`verified_markov_equilibrium`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leverage.checks import real_array
from leverage.dynamic.game import StochasticGame
from leverage.game import regrets
from leverage.results import SolverError, UnverifiedEquilibriumError, clean_probabilities
from leverage.tolerance import RTOL, check_rtol, tolerances

__all__ = [
    "STATUSES",
    "MarkovEquilibrium",
    "MarkovResult",
    "as_policy",
    "policy_values",
    "one_shot_regrets",
    "verified_markov_equilibrium",
]

#: Statuses of a :class:`MarkovResult`: an iteration that met its criterion, an enumeration that
#: finished, or an iteration stopped at ``max_iter`` (then no profile is returned).
STATUSES: tuple[str, ...] = ("converged", "complete", "not_converged")

Policy = tuple[tuple[np.ndarray, ...], ...]


def as_policy(game: StochasticGame, policy: Any, caller: str = "as_policy()") -> Policy:
    """A stationary profile as ``policy[k][i]``, a probability vector per state and player.

    Parameters
    ----------
    game : StochasticGame
        The game.
    policy : mapping or sequence
        Per state (a mapping from state names or a sequence in state order),
        one entry per player: an action name (played for sure) or a
        probability vector over that player's actions (non-negative, summing
        to 1 within :data:`~leverage.RTOL` per action; it is renormalised).
    caller : str
        The public function named in error messages.

    Raises
    ------
    TypeError, ValueError
        If the policy does not match the game, names an unknown action, or a
        vector is not a probability vector (non-negative, summing to 1).

    Examples
    --------
    >>> from leverage import Game
    >>> g = StochasticGame.from_game(Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                              strategies=(("C", "D"), ("C", "D"))), 0.9)
    >>> as_policy(g, {"s": ("D", [0.5, 0.5])})
    ((array([0., 1.]), array([0.5, 0.5])),)
    """
    if not isinstance(game, StochasticGame):
        raise TypeError(f"{caller}: game must be a StochasticGame; got {type(game).__name__}")
    if isinstance(policy, Mapping):
        unknown = [k for k in policy if k not in game.states]
        if unknown:
            raise ValueError(f"{caller}: policy names unknown state(s) {unknown!r:.80}")
        missing = [s for s in game.states if s not in policy]
        if missing:
            raise ValueError(f"{caller}: policy has no entry for state(s) {missing!r:.80}")
        rows = [policy[s] for s in game.states]
    elif isinstance(policy, (Sequence, np.ndarray)) and not isinstance(policy, (str, bytes)):
        rows = list(policy)
        if len(rows) != game.n_states:
            raise ValueError(f"{caller}: policy has {len(rows)} entries; the game has {game.n_states} states")
    else:
        raise TypeError(f"{caller}: policy must be a mapping from states or a sequence in state order; "
                        f"got {type(policy).__name__}")
    out = []
    for k, row in enumerate(rows):
        s = game.states[k]
        if isinstance(row, (str, bytes)) or not isinstance(row, (Sequence, np.ndarray)) or len(row) != game.n_players:
            raise ValueError(f"{caller}: policy[{s!r}] must hold one entry per player ({game.n_players})")
        per = []
        for i, entry in enumerate(row):
            names = game.actions[k][i]
            if isinstance(entry, str):
                if entry not in names:
                    raise ValueError(f"{caller}: {entry!r} is not an action of {game.players[i]} at {s!r}; "
                                     f"actions: {names}")
                vec = np.zeros(len(names))
                vec[names.index(entry)] = 1.0
            else:
                vec = real_array(entry, f"policy[{s!r}][{i}]", caller, ndim=1)
                if vec.shape != (len(names),):
                    raise ValueError(f"{caller}: policy[{s!r}][{i}] has {vec.size} entries; {game.players[i]} "
                                     f"has {len(names)} actions at {s!r}")
                if np.any(vec < 0) or not np.any(vec > 0) or abs(vec.sum() - 1.0) > RTOL * len(names):
                    raise ValueError(f"{caller}: policy[{s!r}][{i}] is not a probability vector: {vec.tolist()}")
                vec = clean_probabilities(vec)
            vec.setflags(write=False)
            per.append(vec)
        out.append(tuple(per))
    return tuple(out)


def _contract(array: np.ndarray, profile: Sequence[np.ndarray], start: int = 0) -> np.ndarray:
    """Contract the action axes ``start, start + 1, ...`` of ``array`` with the players' mixed actions."""
    out = array
    for vec in profile:
        out = np.tensordot(out, vec, axes=([start], [0]))
    return out


def policy_values(game: StochasticGame, policy: Any) -> np.ndarray:
    """The continuation values of a stationary profile, shape ``(n_states, n_players)``.

    ``V_i = (I - delta_i P_sigma)^(-1) r_sigma,i``: present values, in the unit
    of the stage payoffs, of playing the profile for ever from each state.

    Examples
    --------
    Defecting for ever in a prisoner's dilemma with payoff 1 a period, at
    discount 0.9, is worth 1 / (1 - 0.9) = 10:

    >>> from leverage import Game
    >>> g = StochasticGame.from_game(Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                              strategies=(("C", "D"), ("C", "D"))), 0.9)
    >>> policy_values(g, [("D", "D")]).round(9).tolist()
    [[10.0, 10.0]]
    """
    pol = as_policy(game, policy, "policy_values()")
    S, n = game.n_states, game.n_players
    r = np.empty((S, n))
    P = np.empty((S, S))
    for k in range(S):
        r[k] = _contract(game.payoffs[k], pol[k], start=1)
        P[k] = _contract(game.transitions[k], pol[k])
    V = np.empty((S, n))
    eye = np.eye(S)
    for i, d in enumerate(game.discount):
        V[:, i] = np.linalg.solve(eye - d * P, r[:, i])
    return V


def one_shot_regrets(game: StochasticGame, policy: Any, rtol: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each player's gain from a one-shot deviation at each state, and the tolerance it is held to.

    Returns
    -------
    regret, tolerance : numpy.ndarray
        Both of shape ``(n_states, n_players)``. The profile is an MPE when
        ``regret <= tolerance`` everywhere; the tolerance is ``rtol`` times the
        player's payoff range in that state's continuation-augmented stage game.

    Examples
    --------
    Cooperating for ever is not an MPE of the repeated prisoner's dilemma:
    defecting once gains 5 - 3 = 2.

    >>> from leverage import Game
    >>> g = StochasticGame.from_game(Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                              strategies=(("C", "D"), ("C", "D"))), 0.9)
    >>> regret, tol = one_shot_regrets(g, [("C", "C")])
    >>> regret.round(9).tolist()
    [[2.0, 2.0]]
    """
    caller = "one_shot_regrets()"
    rtol = check_rtol(rtol, "one_shot_regrets")
    pol = as_policy(game, policy, caller)
    V = policy_values(game, pol)
    reg = np.empty((game.n_states, game.n_players))
    tol = np.empty_like(reg)
    for k in range(game.n_states):
        aug = list(game.continuation_payoffs(k, V))
        reg[k] = regrets(aug, pol[k])
        tol[k] = tolerances(aug, rtol)
    return reg, tol


@dataclass(frozen=True, eq=False)
class MarkovEquilibrium:
    """A verified stationary Markov perfect equilibrium.

    Attributes
    ----------
    game : StochasticGame
        The game.
    policy : tuple of tuple of numpy.ndarray
        ``policy[k][i]``: player ``i``'s mixed action at state ``k``.
    values : numpy.ndarray
        Continuation values, shape ``(n_states, n_players)``: present values
        from each state, in the unit of the stage payoffs.
    regret : float
        The largest one-shot deviation gain over states and players (each
        within its tolerance).
    method : str
        The solver that found it.

    Examples
    --------
    >>> from leverage import Game
    >>> g = StochasticGame.from_game(Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                              strategies=(("C", "D"), ("C", "D"))), 0.9)
    >>> eq = verified_markov_equilibrium(g, [("D", "D")], "by hand")
    >>> eq.pure_policy(), eq.values.round(9).tolist()
    ({'s': ('D', 'D')}, [[10.0, 10.0]])
    """

    game: StochasticGame
    policy: Policy
    values: np.ndarray
    regret: float
    method: str
    regrets: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0)))

    def __repr__(self) -> str:
        rows = []
        for k, s in enumerate(self.game.states):
            parts = []
            for i, vec in enumerate(self.policy[k]):
                names = self.game.actions[k][i]
                mix = ", ".join(f"{names[a]} {vec[a]:.4g}" if vec[a] < 1 else names[a] for a in np.flatnonzero(vec > 0))
                parts.append(mix)
            rows.append(f"{s}: {' / '.join(parts)}")
            if k == 5 and self.game.n_states > 7:
                rows.append(f"... ({self.game.n_states - 6} more states)")
                break
        return f"MarkovEquilibrium({'; '.join(rows)}; regret {self.regret:.3g}; method {self.method!r})"

    @property
    def is_pure(self) -> bool:
        """Whether every player plays one action for sure at every state."""
        return all(np.count_nonzero(vec) == 1 for row in self.policy for vec in row)

    def pure_policy(self) -> dict[str, tuple[str, ...]]:
        """``{state: (action of each player)}`` for a pure equilibrium.

        Raises
        ------
        ValueError
            If some player mixes.
        """
        if not self.is_pure:
            raise ValueError("MarkovEquilibrium.pure_policy(): the equilibrium mixes; use as_dict()")
        return {s: tuple(self.game.actions[k][i][int(np.argmax(v))] for i, v in enumerate(self.policy[k]))
                for k, s in enumerate(self.game.states)}

    def as_dict(self) -> dict[str, dict[str, dict[str, float]]]:
        """``{state: {player: {action: probability}}}`` over the support."""
        return {s: {p: {self.game.actions[k][i][a]: float(self.policy[k][i][a])
                        for a in np.flatnonzero(self.policy[k][i] > 0)}
                    for i, p in enumerate(self.game.players)}
                for k, s in enumerate(self.game.states)}


def verified_markov_equilibrium(game: StochasticGame, policy: Any, method: str,
                                rtol: float | None = None) -> MarkovEquilibrium:
    """Build a :class:`MarkovEquilibrium` after the one-shot deviation check at every state.

    Raises
    ------
    UnverifiedEquilibriumError
        If some player gains more than its tolerance by a one-shot deviation
        at some state (the message names both).

    Examples
    --------
    >>> from leverage import Game
    >>> g = StochasticGame.from_game(Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                              strategies=(("C", "D"), ("C", "D"))), 0.9)
    >>> verified_markov_equilibrium(g, [("C", "C")], "guess")
    Traceback (most recent call last):
    ...
    leverage.results.UnverifiedEquilibriumError: guess: one-shot deviation at state 's': Player 1's gain 2 exceeds ...
    """
    caller = "verified_markov_equilibrium()"
    if not isinstance(method, str):
        raise TypeError(f"{caller}: method must be a string naming the solver; got {method!r:.60}")
    pol = as_policy(game, policy, caller)
    rtol = check_rtol(rtol, "verified_markov_equilibrium")
    reg, tol = one_shot_regrets(game, pol, rtol)
    bad = ~(reg <= tol)
    if np.any(bad):
        k, i = (int(x) for x in np.argwhere(bad)[0])
        raise UnverifiedEquilibriumError(
            f"{method}: one-shot deviation at state {game.states[k]!r}: {game.players[i]}'s gain {reg[k, i]:.3g} "
            f"exceeds the tolerance {tol[k, i]:.3g}")
    V = policy_values(game, pol)
    V.setflags(write=False)
    reg.setflags(write=False)
    return MarkovEquilibrium(game, pol, V, float(reg.max()), method, reg)


@dataclass(frozen=True)
class MarkovResult:
    """What a solver of :mod:`leverage.dynamic` returns: a status and the verified equilibria.

    Attributes
    ----------
    status : str
        One of :data:`STATUSES`: ``"converged"``, ``"complete"`` or
        ``"not_converged"`` (then ``equilibria`` is empty: non-convergence is a
        status, never a result).
    equilibria : tuple of MarkovEquilibrium
        Every profile found, each verified.
    iterations : int
        Iterations (or profiles checked, for enumeration).
    residual : float
        The last iteration's change in values (0 for enumeration).
    method : str
        The solver.
    message : str
        A sentence on how the run ended.

    Examples
    --------
    >>> r = MarkovResult("not_converged", (), 10, 0.5, "mpe_iteration", "stopped at max_iter=10")
    >>> r.converged, r.equilibria
    (False, ())
    """

    status: str
    equilibria: tuple[MarkovEquilibrium, ...]
    iterations: int
    residual: float
    method: str
    message: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.status, str) or self.status not in STATUSES:
            raise ValueError(f"MarkovResult(): status must be one of {STATUSES}; got {self.status!r:.60}")
        if not isinstance(self.equilibria, tuple) or not all(isinstance(e, MarkovEquilibrium)
                                                             for e in self.equilibria):
            raise TypeError("MarkovResult(): equilibria must be a tuple of MarkovEquilibrium")
        if isinstance(self.iterations, (bool, np.bool_)) or not isinstance(self.iterations, (int, np.integer)):
            raise TypeError(f"MarkovResult(): iterations must be an integer; got {self.iterations!r:.60}")
        if not isinstance(self.method, str) or not isinstance(self.message, str):
            raise TypeError("MarkovResult(): method and message must be strings")
        if self.status == "not_converged" and self.equilibria:
            raise ValueError("MarkovResult(): a run that did not converge returns no equilibrium")

    @property
    def converged(self) -> bool:
        """Whether the solver finished (``"converged"`` or ``"complete"``)."""
        return self.status != "not_converged"

    @property
    def equilibrium(self) -> MarkovEquilibrium:
        """The first equilibrium.

        Raises
        ------
        SolverError
            If there is none (the message says why).
        """
        if not self.equilibria:
            raise SolverError(f"{self.method}: no equilibrium to return ({self.status}): {self.message}")
        return self.equilibria[0]

    @property
    def values(self) -> np.ndarray:
        """The first equilibrium's continuation values (for a zero-sum game: the game's value per state)."""
        return self.equilibrium.values
