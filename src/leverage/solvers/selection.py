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
  listed equilibrium in L1 distance (:func:`logit_index`). It traces one
  path per game (its cost: ``benchmarks/README.md``) and is not vectorised:
  :func:`select_indices` does not take it, and
  :func:`~leverage.sensitivity.sweep` traces one path per draw with several
  equilibria.

References
----------
J. C. Harsanyi and R. Selten (1988), *A General Theory of Equilibrium
Selection in Games*, MIT Press.
R. D. McKelvey and T. R. Palfrey (1995), "Quantal response equilibria for
normal form games", Games and Economic Behavior 10, 6-38.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from leverage.checks import real_array
from leverage.game import Game
from leverage.results import PROBABILITY_NOISE, Equilibrium
from leverage.tolerance import RTOL, stacked_payoff_scale

# Internal helpers, not in __all__ (other leverage modules import them by name and pass them data a public
# function has checked; they do not check it again): select_indices.
__all__ = ["SELECTION_RULES", "logit_index", "select"]

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


def logit_index(game: Game, strategies: Sequence[np.ndarray]) -> int | None:
    """Index of the listed equilibrium the logit rule chooses, or None when it cannot choose.

    Traces the principal branch of the game's logit QRE with
    :func:`~leverage.solvers.qre.qre_path` (one path per game) and returns the listed equilibrium closest to the path's
    verified limit: the smallest L1 distance summed over the players, ties to
    the first. This is the ``"logit"`` rule of :func:`select` and of
    :func:`~leverage.sensitivity.sweep`.

    Parameters
    ----------
    game : Game
        The game.
    strategies : sequence of numpy.ndarray
        Each player's equilibrium strategies, shape ``(E, m_i)``: one row per
        listed equilibrium. Rows holding NaN (padding, as in the arrays of
        :func:`~leverage.sensitivity.solve_batch`) are never chosen.

    Returns
    -------
    int or None
        The row of the chosen equilibrium, or None when the path has no
        verified limit (``qre_path(game).limit is None``).

    Raises
    ------
    ValueError
        If ``strategies`` does not match the game's shape or lists no
        equilibrium free of NaN.

    Examples
    --------
    In the stag hunt the logit rule chooses (Hare, Hare), the second row here.

    >>> hunt = Game.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> pure = np.array([[1.0, 0.0], [0.0, 1.0]])  # (Stag, Stag), then (Hare, Hare)
    >>> logit_index(hunt, [pure, pure])
    1
    """
    from leverage.solvers.qre import qre_path  # imported on use: only this rule needs it

    caller = "logit_index()"
    if not isinstance(game, Game):
        raise TypeError(f"{caller}: game must be a leverage.Game; got {type(game).__name__}")
    if isinstance(strategies, (str, bytes)) or not isinstance(strategies, Iterable):
        raise TypeError(f"{caller}: strategies must be one (E, m_i) array per player; got {strategies!r}")
    rows = [real_array(s, f"strategies[{i}]", caller, finite=False) for i, s in enumerate(strategies)]
    E = len(rows[0]) if rows and rows[0].ndim else -1
    if len(rows) != game.n_players or any(s.shape != (E, m) for s, m in zip(rows, game.shape)):
        raise ValueError(
            f"{caller}: strategies must be one (E, m_i) array per player of a game of shape {game.shape}; "
            f"got shapes {[s.shape for s in rows]}"
        )
    listed = ~np.any([np.isnan(s).any(axis=1) for s in rows], axis=0)
    if not listed.any():
        raise ValueError(f"{caller}: strategies lists no equilibrium free of NaN")
    limit = qre_path(game).limit
    if limit is None:
        return None
    distance = sum(np.abs(s - np.asarray(p, dtype=float)).sum(axis=1) for s, p in zip(rows, limit.strategies))
    return int(np.argmin(np.where(listed, distance, np.inf)))


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
    if isinstance(equilibria, (str, bytes)) or not isinstance(equilibria, Iterable):
        raise TypeError(f"{caller}: equilibria must be a sequence of Equilibrium; got {equilibria!r}")
    found = list(equilibria)
    if not found:
        raise ValueError(f"{caller}: equilibria is empty; there is nothing to select")
    for eq in found:
        if not isinstance(eq, Equilibrium):
            raise TypeError(f"{caller}: equilibria must hold Equilibrium objects; got {type(eq).__name__}")
    if not isinstance(rule, str) or rule not in SELECTION_RULES:
        raise ValueError(f"{caller}: rule must be one of {', '.join(map(repr, SELECTION_RULES))}; got {rule!r}")
    if rule == "first":
        return found[0]
    if not isinstance(game, Game):
        raise ValueError(f"{caller}: the rule {rule!r} needs the game (game=...); got {type(game).__name__}")
    if any(len(eq.strategies) != game.n_players or
           any(len(s) != m for s, m in zip(eq.strategies, game.shape)) for eq in found):
        raise ValueError(f"{caller}: the equilibria do not belong to a game of shape {game.shape}")
    if rule == "logit":
        chosen = logit_index(game, [np.array([eq.strategies[i] for eq in found]) for i in range(game.n_players)])
        if chosen is None:
            raise ValueError(f"{caller}: the logit path did not reach a verified equilibrium")
        return found[chosen]
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
