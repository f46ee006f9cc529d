"""Dynamic games: finite discounted stochastic games, their Markov perfect equilibria, and LQ games.

- :mod:`~leverage.dynamic.game`: :class:`StochasticGame` (named players,
  states and actions; payoffs and transitions per state; a discount factor per
  player) and :class:`ParametricStochasticGame`;
- :mod:`~leverage.dynamic.markov`: policy evaluation, the one-shot deviation
  check, :class:`MarkovEquilibrium` and :class:`MarkovResult`;
- :mod:`~leverage.dynamic.zero_sum`: :func:`shapley`, value iteration for
  two-player zero-sum games, each stage a linear program;
- :mod:`~leverage.dynamic.pure`: :func:`pure_markov_equilibria`, every pure
  stationary MPE of a small game;
- :mod:`~leverage.dynamic.mixed`: :func:`markov_equilibrium`, a (possibly
  mixed) stationary MPE by damped iteration of stage-game equilibria;
- :mod:`~leverage.dynamic.lq`: :func:`lq_feedback_nash`, feedback Nash
  equilibria of linear-quadratic games in QuantEcon's ``nnash`` conventions;
- :mod:`~leverage.dynamic.simulation`: :func:`simulate` paths and exact state
  distributions.

Every equilibrium returned passes the one-shot deviation check at every state,
by the library's tolerance rule; every solver has a bound on its work and a
status.

Examples
--------
>>> from leverage import Game
>>> from leverage.dynamic import StochasticGame, pure_markov_equilibria
>>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D")))
>>> pure_markov_equilibria(StochasticGame.from_game(pd, 0.9)).equilibrium.pure_policy()
{'s': ('D', 'D')}
"""

from leverage.dynamic.game import ParametricStochasticGame, StochasticGame
from leverage.dynamic.lq import LQGame, LQSolution, lq_feedback_nash
from leverage.dynamic.markov import (
    MarkovEquilibrium,
    MarkovResult,
    one_shot_regrets,
    policy_values,
    verified_markov_equilibrium,
)
from leverage.dynamic.mixed import markov_equilibrium
from leverage.dynamic.pure import pure_markov_equilibria
from leverage.dynamic.simulation import Paths, simulate, state_distribution
from leverage.dynamic.zero_sum import shapley

__all__ = [
    "LQGame",
    "LQSolution",
    "MarkovEquilibrium",
    "MarkovResult",
    "ParametricStochasticGame",
    "Paths",
    "StochasticGame",
    "lq_feedback_nash",
    "markov_equilibrium",
    "one_shot_regrets",
    "policy_values",
    "pure_markov_equilibria",
    "shapley",
    "simulate",
    "state_distribution",
    "verified_markov_equilibrium",
]
