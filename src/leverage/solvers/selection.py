"""Equilibrium selection: one prediction when a game has several equilibria.

One set of rules, used by :func:`select` for the equilibria of one game and
by :func:`leverage.sensitivity.sweep` for stacks of games (through the
vectorised :func:`select_indices`):

- ``"first"``: the first in the library's order;
- ``"payoff_dominant"``: the largest sum of the players' payoffs (ties to the first);
- ``"pareto"``: the first equilibrium that no other equilibrium Pareto-dominates
  (all players at least as well off, one strictly better, beyond the tolerance
  rule); when one equilibrium Pareto-dominates all others it is the one chosen
  (payoff dominance in the sense of Harsanyi and Selten 1988);
- ``"risk_dominant"``: Harsanyi and Selten's risk dominance for 2 x 2 games
  with two strict pure equilibria: the one with the larger product of the
  players' deviation losses (ties to the first; other games: the first);
- ``"nash_product"``: the largest product of the gains over a disagreement
  point -- by default each player's lowest payoff over the pure profiles, so
  gains are never negative (ties to the first);
- ``"logit"``: the limit of the principal branch of the logit quantal
  response equilibrium (McKelvey and Palfrey 1995), matched to the closest
  listed equilibrium (single games only).

References
----------
J. C. Harsanyi and R. Selten (1988), *A General Theory of Equilibrium
Selection in Games*, MIT Press.
R. D. McKelvey and T. R. Palfrey (1995), "Quantal response equilibria for
normal form games", Games and Economic Behavior 10, 6-38.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from leverage.game import Game
from leverage.results import PROBABILITY_NOISE, Equilibrium
from leverage.tolerance import RTOL, stacked_payoff_scale

__all__ = ["SELECTION_RULES", "select", "select_indices"]

#: The selection rules, in the order documented above.
SELECTION_RULES = ("first", "payoff_dominant", "pareto", "risk_dominant", "nash_product", "logit")

#: Rules :func:`select_indices` applies to stacks of games.
BATCH_RULES = ("first", "payoff_dominant", "pareto", "risk_dominant", "nash_product")


def _near_max(score: np.ndarray, tol: np.ndarray) -> np.ndarray:
    """Index of the first entry of each row within ``tol`` of the row's maximum (NaN = missing)."""
    s = np.where(np.isnan(score), -np.inf, score)
    best = s.max(axis=1, keepdims=True)
    return np.argmax(s >= best - tol[:, None], axis=1)


def select_indices(
    rule: str,
    payoffs: np.ndarray,
    arrays: Sequence[np.ndarray],
    strategies: Sequence[np.ndarray] | None = None,
    rtol: float = RTOL,
    disagreement: np.ndarray | None = None,
) -> np.ndarray:
    """Index of the selected equilibrium in each of ``N`` stacked games (vectorised).

    Parameters
    ----------
    rule : str
        One of ``"first"``, ``"payoff_dominant"``, ``"pareto"``,
        ``"risk_dominant"``, ``"nash_product"``.
    payoffs : numpy.ndarray
        Shape ``(N, E, n)``: each equilibrium's payoffs (NaN where a game has
        fewer than ``E`` equilibria).
    arrays : sequence of numpy.ndarray
        The games' payoff arrays, one per player, each of shape ``(N, m_1, ..., m_n)``.
    strategies : sequence of numpy.ndarray, optional
        Each player's equilibrium strategies, shape ``(N, E, m_i)`` (needed by
        ``"risk_dominant"``).
    rtol : float
        The tolerance rule's relative tolerance.
    disagreement : numpy.ndarray, optional
        Shape ``(N, n)``, the disagreement point of ``"nash_product"``.

    Returns
    -------
    numpy.ndarray
        Shape ``(N,)``; 0 for games without equilibria.

    Examples
    --------
    Battle of the sexes: equilibria (2, 1), (2/3, 2/3), (1, 2).

    >>> A = np.array([[[2.0, 0.0], [0.0, 1.0]]]); B = np.array([[[1.0, 0.0], [0.0, 2.0]]])
    >>> pay = np.array([[[2.0, 1.0], [2 / 3, 2 / 3], [1.0, 2.0]]])
    >>> select_indices("pareto", pay, [A, B]), select_indices("payoff_dominant", pay, [A, B])
    (array([0]), array([0]))
    """
    if rule not in BATCH_RULES:
        raise ValueError(f"select_indices(): rule must be one of {', '.join(map(repr, BATCH_RULES))}; got {rule!r}")
    N, E = payoffs.shape[:2]
    if E == 0 or rule == "first":
        return np.zeros(N, dtype=np.intp)
    scale = stacked_payoff_scale(arrays)  # (N, n)
    tol = rtol * scale
    if rule == "payoff_dominant":
        return _near_max(payoffs.sum(axis=2), tol.sum(axis=1))
    if rule == "pareto":
        p = np.where(np.isnan(payoffs), -np.inf, payoffs)
        # dominated[k, e]: some f has p[f] >= p[e] - tol for all players and > p[e] + tol for one
        ge = np.all(p[:, :, None, :] >= p[:, None, :, :] - tol[:, None, None, :], axis=3)  # (N, f, e)
        gt = np.any(p[:, :, None, :] > p[:, None, :, :] + tol[:, None, None, :], axis=3)
        dominated = np.any(ge & gt, axis=1)  # over f
        valid = ~np.isnan(payoffs[..., 0])
        return np.argmax(valid & ~dominated, axis=1)
    if rule == "nash_product":
        d = (np.stack([u.reshape(N, -1).min(axis=1) for u in arrays], axis=1) if disagreement is None
             else np.asarray(disagreement, dtype=float))
        gains = np.maximum(payoffs - d[:, None, :], 0.0)
        score = np.prod(gains, axis=2)
        return _near_max(score, rtol * np.maximum(np.prod(scale, axis=1), 1.0))
    # risk dominance: 2x2 games with exactly two pure equilibria; otherwise the first
    chosen = np.zeros(N, dtype=np.intp)
    if len(arrays) != 2 or arrays[0].shape[1:] != (2, 2) or strategies is None:
        return chosen
    A, B = arrays
    x, y = (np.nan_to_num(s) for s in strategies)
    pure = (x.max(axis=2) >= 1.0 - PROBABILITY_NOISE) & (y.max(axis=2) >= 1.0 - PROBABILITY_NOISE)
    i, j = np.argmax(x, axis=2), np.argmax(y, axis=2)
    rows = np.arange(N)[:, None]
    product = np.where(pure, (A[rows, i, j] - A[rows, 1 - i, j]) * (B[rows, i, j] - B[rows, i, 1 - j]), np.nan)
    two = pure.sum(axis=1) == 2
    if two.any():
        pick = _near_max(product, rtol * np.maximum(1.0, np.prod(scale, axis=1)))
        chosen[two] = pick[two]
    return chosen


def select(
    equilibria: Sequence[Equilibrium],
    rule: str = "first",
    game: Game | None = None,
    disagreement: Any = None,
) -> Equilibrium:
    """One equilibrium of a game chosen by a selection rule.

    Parameters
    ----------
    equilibria : sequence of Equilibrium
        The game's equilibria (for example :func:`leverage.equilibria`).
    rule : str
        See the module docstring: ``"first"``, ``"payoff_dominant"``,
        ``"pareto"``, ``"risk_dominant"``, ``"nash_product"``, ``"logit"``.
    game : Game
        The game (needed by every rule but ``"first"``).
    disagreement : array_like, optional
        The disagreement point of ``"nash_product"`` (default: each player's
        lowest payoff over the pure profiles).

    Returns
    -------
    Equilibrium

    Raises
    ------
    ValueError
        If ``equilibria`` is empty, the rule is unknown, or the game or the
        disagreement point is missing or does not match.
    TypeError
        If an item is not an Equilibrium or ``game`` is not a Game.

    Examples
    --------
    The stag hunt: (Stag, Stag) is payoff-dominant, (Hare, Hare) risk-dominant.

    >>> from leverage import Game, equilibria
    >>> hunt = Game.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]],
    ...                           strategies=(("Stag", "Hare"), ("Stag", "Hare")))
    >>> found = equilibria(hunt)
    >>> select(found, "pareto", hunt).support, select(found, "risk_dominant", hunt).support
    (((0,), (0,)), ((1,), (1,)))
    """
    caller = "select()"
    found = list(equilibria)
    if not found:
        raise ValueError(f"{caller}: equilibria is empty; there is nothing to select")
    for eq in found:
        if not isinstance(eq, Equilibrium):
            raise TypeError(f"{caller}: equilibria must hold Equilibrium objects; got {type(eq).__name__}")
    if rule not in SELECTION_RULES:
        raise ValueError(f"{caller}: rule must be one of {', '.join(map(repr, SELECTION_RULES))}; got {rule!r}")
    if rule == "first":
        return found[0]
    if not isinstance(game, Game):
        raise ValueError(f"{caller}: the rule {rule!r} needs the game (game=...); got {type(game).__name__}")
    if any(len(eq.strategies) != game.n_players or
           any(len(s) != m for s, m in zip(eq.strategies, game.shape)) for eq in found):
        raise ValueError(f"{caller}: the equilibria do not belong to a game of shape {game.shape}")
    if rule == "logit":
        from leverage.solvers.qre import qre_path

        limit = qre_path(game).limit
        if limit is None:
            raise ValueError(f"{caller}: the logit path did not reach a verified equilibrium")
        distance = [sum(float(np.abs(a - b).sum()) for a, b in zip(eq.strategies, limit.strategies)) for eq in found]
        return found[int(np.argmin(distance))]
    d = None
    if disagreement is not None:
        d = np.asarray(disagreement, dtype=float)
        if d.shape != (game.n_players,) or not np.all(np.isfinite(d)):
            raise ValueError(f"{caller}: disagreement must be {game.n_players} finite numbers; got {disagreement!r}")
        d = d[None, :]
    payoffs = np.array([[eq.payoffs for eq in found]], dtype=float)
    arrays = [np.asarray(u, dtype=float)[None] for u in game.payoffs]
    strategies = [np.array([[eq.strategies[i] for eq in found]]) for i in range(game.n_players)]
    k = int(select_indices(rule, payoffs, arrays, strategies, disagreement=d)[0])
    return found[k]
