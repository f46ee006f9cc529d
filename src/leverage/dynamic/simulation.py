"""Paths of a solved dynamic game: simulated draws, and exact distributions for finite games.

- :func:`simulate` draws paths of states, actions and payoffs under a verified
  stationary MPE (:class:`~leverage.dynamic.markov.MarkovEquilibrium`), or
  computes the deterministic path of a linear-quadratic game under its
  feedback rules (:class:`~leverage.dynamic.lq.LQSolution`);
- :func:`state_distribution` gives the exact distribution of the state in
  each period (the Markov chain the MPE induces), for small games.

Period 0 is the starting state; payoffs are the stage payoffs of each period
(not discounted), in the unit of the game.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.checks import check_int, check_rng, real_array
from leverage.dynamic.game import StochasticGame
from leverage.dynamic.lq import LQSolution
from leverage.dynamic.markov import MarkovEquilibrium, MarkovResult

__all__ = ["Paths", "simulate", "state_distribution", "MAX_SIMULATED_ROWS"]

#: The largest ``periods * runs`` :func:`simulate` draws.
MAX_SIMULATED_ROWS: int = 10_000_000


@dataclass(frozen=True)
class Paths:
    """Simulated paths as named columns of equal length (one row per run and period).

    Attributes
    ----------
    columns : dict of str to numpy.ndarray
        ``run``, ``period``, then ``state`` (finite games) or ``x[k]`` (LQ
        games), each player's action (``action <player>``; LQ: ``u[k] <player>``)
        and payoff (``payoff <player>``; LQ: ``loss <player>``).

    Examples
    --------
    >>> p = Paths({"run": np.zeros(2, int), "period": np.arange(2)})
    >>> len(p), p["period"].tolist()
    (2, [0, 1])
    """

    columns: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.columns:
            raise KeyError(f"Paths: no column {name!r}; columns: {', '.join(self.columns)}")
        return self.columns[name]

    def to_pandas(self) -> Any:
        """The paths as a :class:`pandas.DataFrame` (needs the ``tables`` extra).

        Raises
        ------
        ImportError
            If pandas is not installed (``pip install "leverage[tables]"``).

        Examples
        --------
        >>> Paths({"period": np.arange(3)}).to_pandas()["period"].tolist()
        [0, 1, 2]
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - exercised without pandas
            raise ImportError('Paths.to_pandas() needs pandas: pip install "leverage[tables]"') from exc
        return pd.DataFrame(dict(self.columns))


def _equilibrium(solution: Any, caller: str) -> MarkovEquilibrium:
    if isinstance(solution, MarkovResult):
        if not solution.equilibria:
            raise ValueError(f"{caller}: the solution has no equilibrium (status {solution.status!r})")
        return solution.equilibria[0]
    if isinstance(solution, MarkovEquilibrium):
        return solution
    raise TypeError(f"{caller}: solution must be a MarkovEquilibrium, a MarkovResult or an LQSolution; "
                    f"got {type(solution).__name__}")


def simulate(solution: Any, start: Any, periods: int, *, rng: Any = None, seed: int | None = None,
             runs: int = 1) -> Paths:
    """Draw paths of states, actions and payoffs under a solved dynamic game.

    Parameters
    ----------
    solution : MarkovEquilibrium, MarkovResult or LQSolution
        A verified equilibrium (a result's first one), or LQ feedback rules.
    start : str or array_like
        The starting state's name (finite games) or the starting state
        vector ``x_0`` (LQ games).
    periods : int
        Periods per path (period 0 included).
    rng : numpy.random.Generator or int, optional
        The generator of the random draws (its state advances), or a
        non-negative integer seed; None: fresh entropy. LQ paths are
        deterministic and ignore it.
    seed : int, optional
        The older name of an integer ``rng`` (give one of the two).
    runs : int
        Number of independent paths (finite games).

    Returns
    -------
    Paths

    Raises
    ------
    UnknownNameError
        If ``start`` is not a state of the game.
    ValueError
        If ``periods * runs`` exceeds :data:`MAX_SIMULATED_ROWS`.
    TypeError
        If ``rng`` is not a generator, an integer or None, or both ``rng``
        and ``seed`` are given.

    Examples
    --------
    >>> from leverage import Game
    >>> from leverage.dynamic import StochasticGame, pure_markov_equilibria
    >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D")),
    ...                         players=("China", "US"))
    >>> eq = pure_markov_equilibria(StochasticGame.from_game(pd, 0.9)).equilibrium
    >>> paths = simulate(eq, "s", periods=3, rng=0)
    >>> paths["action China"].tolist(), paths["payoff US"].tolist()
    (['D', 'D', 'D'], [1.0, 1.0, 1.0])
    """
    caller = "simulate()"
    periods = check_int(periods, "periods", caller, low=1)
    runs = check_int(runs, "runs", caller, low=1)
    generator = check_rng(rng, caller, seed=seed)
    if periods * runs > MAX_SIMULATED_ROWS:
        raise ValueError(f"{caller}: periods * runs = {periods * runs:,} exceeds MAX_SIMULATED_ROWS="
                         f"{MAX_SIMULATED_ROWS:,}")
    if isinstance(solution, LQSolution):
        return _simulate_lq(solution, start, periods, caller)
    eq = _equilibrium(solution, caller)
    game = eq.game
    if not isinstance(start, str):
        raise TypeError(f"{caller}: start must be a state name; got {start!r:.60}")
    k0 = game.state_index(start, caller)
    rng = generator
    S, n = game.n_states, game.n_players
    state = np.empty((runs, periods), dtype=int)
    acts = np.empty((n, runs, periods), dtype=int)
    pays = np.empty((n, runs, periods))
    cum_policy = [[np.cumsum(v) for v in row] for row in eq.policy]
    cum_trans = [np.cumsum(p, axis=-1) for p in game.transitions]
    current = np.full(runs, k0)
    for t in range(periods):
        state[:, t] = current
        nxt = np.empty(runs, dtype=int)
        for k in np.unique(current):
            who = np.flatnonzero(current == k)
            profile = []
            for i in range(n):
                c = cum_policy[k][i]
                a = np.minimum(np.searchsorted(c, rng.random(len(who)) * c[-1], side="right"), len(c) - 1)
                acts[i, who, t] = a
                profile.append(a)
            pays[:, who, t] = game.payoffs[k][(slice(None), *profile)]
            c = cum_trans[k][tuple(profile)]  # (len(who), S)
            draws = rng.random(len(who))[:, None] * c[:, -1:]
            nxt[who] = np.minimum((c <= draws).sum(axis=1), S - 1)
        current = nxt
    columns: dict[str, np.ndarray] = {
        "run": np.repeat(np.arange(runs), periods),
        "period": np.tile(np.arange(periods), runs),
        "state": np.array(game.states, dtype=object)[state.ravel()],
    }
    for i, p in enumerate(game.players):
        flat_state, flat_act = state.ravel(), acts[i].ravel()
        columns[f"action {p}"] = np.array([game.actions[s][i][a] for s, a in zip(flat_state, flat_act)],
                                          dtype=object)
    for i, p in enumerate(game.players):
        columns[f"payoff {p}"] = pays[i].ravel()
    return Paths(columns)


def _simulate_lq(solution: LQSolution, start: Any, periods: int, caller: str) -> Paths:
    if not solution.converged:
        raise ValueError(f"{caller}: the LQ solution did not converge; there are no rules to follow")
    g = solution.game
    nx = g.A.shape[0]
    x = real_array(start, "start", caller, ndim=(0, 1)).reshape(-1)
    if x.shape != (nx,):
        raise ValueError(f"{caller}: start must be a state vector of length {nx}; got {x.size} numbers")
    closed = solution.closed_loop()
    xs = np.empty((periods, nx))
    for t in range(periods):
        xs[t] = x
        x = closed @ x
    columns: dict[str, np.ndarray] = {"run": np.zeros(periods, dtype=int), "period": np.arange(periods)}
    for k in range(nx):
        columns[f"x[{k}]"] = xs[:, k]
    us = [-(xs @ F.T) for F in solution.F]
    for i, u in enumerate(us):
        for k in range(u.shape[1]):
            columns[f"u[{k}] player {i + 1}"] = u[:, k]
    for i in range(g.n_players):
        loss = np.einsum("tj,jk,tk->t", xs, g.R[i], xs) + 2 * np.einsum("tj,jk,tk->t", xs, g.W[i], us[i]) \
            + np.einsum("tj,jk,tk->t", us[i], g.Q[i], us[i])
        for j in range(g.n_players):
            if j != i:
                loss = loss + np.einsum("tj,jk,tk->t", us[j], g.S[i][j], us[j]) \
                    + 2 * np.einsum("tj,jk,tk->t", us[j], g.M[i][j], us[i])
        columns[f"loss player {i + 1}"] = loss
    return Paths(columns)


def state_distribution(solution: Any, start: str, periods: int) -> np.ndarray:
    """The exact distribution of the state in periods ``0, ..., periods - 1`` under a stationary MPE.

    Returns
    -------
    numpy.ndarray
        Shape ``(periods, n_states)``; row ``t`` is the distribution of ``s_t``.

    Examples
    --------
    >>> from leverage.dynamic import StochasticGame, pure_markov_equilibria
    >>> g = StochasticGame(("A",), ("on", "off"), actions=[(("stay",),), (("stay",),)],
    ...                    payoffs=[[[1.0]], [[0.0]]], transitions=[[[0.5, 0.5]], [[0.0, 1.0]]], discount=0.5)
    >>> state_distribution(pure_markov_equilibria(g), "on", 3).tolist()
    [[1.0, 0.0], [0.5, 0.5], [0.25, 0.75]]
    """
    caller = "state_distribution()"
    eq = _equilibrium(solution, caller)
    periods = check_int(periods, "periods", caller, low=1, high=MAX_SIMULATED_ROWS // max(1, eq.game.n_states))
    if not isinstance(start, str):
        raise TypeError(f"{caller}: start must be a state name; got {start!r:.60}")
    game: StochasticGame = eq.game
    k0 = game.state_index(start, caller)
    P = np.empty((game.n_states, game.n_states))
    for k in range(game.n_states):
        out = game.transitions[k]
        for vec in eq.policy[k]:
            out = np.tensordot(out, vec, axes=([0], [0]))
        P[k] = out
    dist = np.zeros((periods, game.n_states))
    dist[0, k0] = 1.0
    for t in range(1, periods):
        dist[t] = dist[t - 1] @ P
    return dist
