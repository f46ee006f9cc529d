"""Pure-strategy Nash equilibria of n-player games, vectorised over all profiles."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from leverage.results import Equilibrium, verified_equilibrium
from leverage.game import Game
from leverage.tolerance import resolve_rtol

# Internal helpers, not in __all__ (other leverage modules import them by name and pass them data a public
# function has checked; they do not check it again): pure_equilibrium_mask.
__all__ = ["pure_equilibria"]


def pure_equilibrium_mask(payoffs: Sequence[np.ndarray], tol: np.ndarray) -> np.ndarray:
    """Boolean array over pure profiles: True where no player gains by deviating.

    Works on stacked games too: with arrays of shape ``(N, m_1, ..., m_n)``
    (``len(payoffs) = n``), the mask has that shape, and ``tol`` may have shape
    ``(n,)`` or ``(N, n)``.

    Parameters
    ----------
    payoffs : sequence of arrays
        One payoff array per player.
    tol : numpy.ndarray
        Absolute per-player tolerances (see :mod:`leverage.tolerance`).

    Examples
    --------
    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])
    >>> pure_equilibrium_mask([A, A.T], np.array([1e-8, 1e-8]))
    array([[False, False],
           [False,  True]])
    """
    n = len(payoffs)
    lead = payoffs[0].ndim - n
    tol = np.asarray(tol, dtype=float)
    mask = np.ones(payoffs[0].shape, dtype=bool)
    for i, u in enumerate(payoffs):
        axis = lead + i
        t = tol[..., i].reshape(tol.shape[:-1] + (1,) * n) if tol.ndim > 1 else tol[i]
        mask &= u >= u.max(axis=axis, keepdims=True) - t
    return mask


def pure_equilibria(game: Game, rtol: float | None = None, *, tol: float | None = None) -> list[Equilibrium]:
    """All pure-strategy Nash equilibria of an n-player game.

    A pure profile is an equilibrium when every player's payoff is within the
    tolerance rule of its best deviation; the check is one vectorised pass over
    the payoff arrays.

    Parameters
    ----------
    game : Game
        Any number of players.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Returns
    -------
    list of Equilibrium
        In lexicographic order of the pure profiles.

    Examples
    --------
    >>> from leverage import Game
    >>> bos = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [eq.support for eq in pure_equilibria(bos)]
    [((0,), (0,)), ((1,), (1,))]
    """
    if not isinstance(game, Game):
        raise TypeError(f"pure_equilibria(): game must be a leverage.Game; got {type(game).__name__}")
    rtol = resolve_rtol(rtol, tol, "pure_equilibria")
    mask = pure_equilibrium_mask(game.payoffs, game.tolerances(rtol))
    out = []
    for profile in np.argwhere(mask):
        strategies = []
        for i, k in enumerate(profile):
            vec = np.zeros(game.shape[i])
            vec[k] = 1.0
            strategies.append(vec)
        out.append(verified_equilibrium(game, strategies, "pure", rtol=rtol, clean=False))
    return out
