"""A stationary Markov perfect equilibrium, mixed if need be, by iterating stage-game equilibria.

Given continuation values ``V``, each state's continuation-augmented stage
game ``u_i(s, a) + delta_i sum_s' P(s'|s, a) V_i(s')`` is solved for its
equilibria (:func:`leverage.equilibria`) and one is chosen by a selection rule
(:func:`leverage.solvers.selection.select`). The chosen profile is evaluated
exactly; if it passes the one-shot deviation check at every state
(:func:`~leverage.dynamic.markov.verified_markov_equilibrium`) it is returned.
Otherwise the values move part of the way towards the chosen equilibria's
payoffs, ``V <- (1 - damping) V + damping W``, and the loop repeats, at most
``max_iter`` times. Reaching ``max_iter`` is the status ``"not_converged"``,
with no profile returned.

The iteration is a heuristic (as in Pakes and McGuire 1994 and Doraszelski and
Pakes 2007): it need not converge, and which equilibrium it reaches depends on
the selection rule, the damping and the starting values. What it returns is
always verified. Units, timing and ties are those of :mod:`leverage.dynamic.game`.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from leverage.checks import check_choice, check_int, check_real
from leverage.dynamic.game import StochasticGame
from leverage.dynamic.markov import MarkovResult, verified_markov_equilibrium
from leverage.results import IncompleteEnumerationWarning, SolverError, UnverifiedEquilibriumError
from leverage.solvers.enumeration import equilibria
from leverage.solvers.selection import SELECTION_RULES, select
from leverage.tolerance import resolve_rtol

__all__ = ["markov_equilibrium", "MAX_MPE_ITER"]

#: The largest ``max_iter`` :func:`markov_equilibrium` accepts.
MAX_MPE_ITER: int = 100_000


def markov_equilibrium(
    game: StochasticGame,
    rule: str = "first",
    damping: float = 1.0,
    max_iter: int = 500,
    values: Any = None,
    rtol: float | None = None,
    *, tol: float | None = None,
) -> MarkovResult:
    """A stationary MPE by damped iteration of the continuation-augmented stage games' equilibria.

    Parameters
    ----------
    game : StochasticGame
        The game (any number of players; stage games of more than two players
        are solved by :func:`leverage.equilibria`'s n-player methods).
    rule : str
        Selection rule among each stage game's equilibria: one of
        :data:`leverage.solvers.selection.SELECTION_RULES` (``"first"``,
        ``"payoff_dominant"``, ``"pareto"``, ...).
    damping : float
        Weight in ``(0, 1]`` on the new values at each step (1: no damping).
    max_iter : int
        Bound on iterations.
    values : array_like, optional
        Starting continuation values, shape ``(n_states, n_players)`` (zeros).
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance of the tolerance rule (:data:`~leverage.RTOL` by default).

    Returns
    -------
    MarkovResult
        ``"converged"`` with one verified equilibrium, or ``"not_converged"``
        with none.

    Examples
    --------
    Matching pennies for ever: the MPE mixes half and half at every state.

    >>> from leverage import Game
    >>> g = StochasticGame.from_game(Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]), 0.9)
    >>> result = markov_equilibrium(g)
    >>> result.status, [v.tolist() for v in result.equilibrium.policy[0]]
    ('converged', [[0.5, 0.5], [0.5, 0.5]])
    """
    caller = "markov_equilibrium()"
    if not isinstance(game, StochasticGame):
        raise TypeError(f"{caller}: game must be a StochasticGame; got {type(game).__name__}")
    rule = check_choice(rule, "rule", caller, SELECTION_RULES)
    damping = check_real(damping, "damping", caller, 0.0, 1.0, open_low=True)
    max_iter = check_int(max_iter, "max_iter", caller, low=1, high=MAX_MPE_ITER)
    rtol = resolve_rtol(rtol, tol, "markov_equilibrium")
    V = game.check_values(values, caller)
    S, n = game.n_states, game.n_players
    residual = np.inf
    for it in range(1, max_iter + 1):
        policy, W = [], np.empty((S, n))
        for k in range(S):
            stage = game.stage_game(k, V)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", IncompleteEnumerationWarning)
                found = equilibria(stage, tol=rtol)
            if not found:
                raise SolverError(f"{caller}: no equilibrium found in the stage game of state {game.states[k]!r}")
            eq = select(found, rule, stage)
            policy.append(eq.strategies)
            W[k] = eq.payoffs
        try:
            result = verified_markov_equilibrium(game, policy, "mpe_iteration", rtol)
        except UnverifiedEquilibriumError:
            new = (1.0 - damping) * V + damping * W
            residual = float(np.max(np.abs(new - V)))
            V = new
            continue
        residual = float(np.max(np.abs(result.values - V)))
        return MarkovResult("converged", (result,), it, residual, "mpe_iteration",
                            f"a verified MPE after {it} iteration(s) with rule {rule!r}")
    return MarkovResult("not_converged", (), max_iter, residual, "mpe_iteration",
                        f"no verified MPE within max_iter={max_iter} (last change in values {residual:.3g}); "
                        f"try damping < 1, another rule or other starting values")
