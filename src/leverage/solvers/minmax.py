"""Minmax (punishment) values: the least payoff the others can hold a player down to.

For two players the minmax value of player ``i`` is
``min over the opponent's mixed strategies of max over i's pure strategies``,
one linear program. With more players the others may punish jointly: leverage
computes the *correlated* minmax value (the opponents mix over joint
profiles), again one linear program; it is a lower bound on the minmax value
against independent mixing, and equals it for two players.

References
----------
D. Fudenberg and E. Maskin (1986), "The folk theorem in repeated games with
discounting or with incomplete information", Econometrica 54(3), 533-554.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from leverage.results import SolverError
from leverage.game import Game
from leverage.tolerance import ROUNDING_NOISE, noise_scale

__all__ = ["minmax_values", "minmax_profiles"]


def _minmax(game: Game, i: int) -> tuple[float, np.ndarray]:
    u = np.moveaxis(game.payoffs[i], i, 0)
    m = u.shape[0]
    U = u.reshape(m, -1)  # rows: i's strategies; columns: the others' joint profiles
    k = U.shape[1]
    # variables (q over joint profiles, v): minimise v s.t. U q <= v, sum q = 1, q >= 0
    c = np.zeros(k + 1)
    c[-1] = 1.0
    A_ub = np.hstack([U, -np.ones((m, 1))])
    A_eq = np.append(np.ones(k), 0.0)[None, :]
    res = linprog(
        c,
        A_ub=A_ub,
        b_ub=np.zeros(m),
        A_eq=A_eq,
        b_eq=[1.0],
        bounds=[(0, None)] * k + [(None, None)],
        method="highs",
    )
    if res.status != 0:
        raise SolverError(f"minmax_values(): the linear program for {game.players[i]!r} failed: {res.message}")
    q = np.clip(res.x[:k], 0.0, None)
    q /= q.sum()
    value = float((U @ q).max())
    return value, q.reshape(u.shape[1:])


def minmax_values(game: Game) -> np.ndarray:
    """Each player's minmax value (correlated punishment for more than two players).

    Parameters
    ----------
    game : Game
        Any number of players.

    Returns
    -------
    numpy.ndarray
        One value per player.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~leverage.Game`.

    Examples
    --------
    In the prisoner's dilemma each player can be held to the mutual-defection payoff:

    >>> from leverage import Game
    >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> minmax_values(pd)
    array([1., 1.])

    In matching pennies the opponent's (1/2, 1/2) holds a player to 0:

    >>> minmax_values(Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    array([0., 0.])
    """
    if not isinstance(game, Game):
        raise TypeError(f"minmax_values(): game must be a leverage.Game; got {type(game).__name__}")
    values = np.array([_minmax(game, i)[0] for i in range(game.n_players)])
    values[np.abs(values) < ROUNDING_NOISE * noise_scale(values)] = 0.0
    return values


def minmax_profiles(game: Game) -> list[np.ndarray]:
    """For each player, the others' (joint) punishment mixture that attains the minmax value.

    Entry ``i`` is an array over the other players' joint pure profiles (their
    axes in player order).

    Examples
    --------
    >>> from leverage import Game
    >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> minmax_profiles(pd)[0]
    array([0., 1.])
    """
    if not isinstance(game, Game):
        raise TypeError(f"minmax_profiles(): game must be a leverage.Game; got {type(game).__name__}")
    return [_minmax(game, i)[1] for i in range(game.n_players)]
