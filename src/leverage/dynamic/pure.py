"""Every pure stationary Markov perfect equilibrium of a small stochastic game, by enumeration.

Each pure stationary profile (one action per player per state) is evaluated
exactly -- ``V_i = (I - delta_i P)^(-1) r_i``, batched linear solves -- and
kept when no player gains by a one-shot deviation at any state, by the
tolerance rule applied to that state's continuation-augmented stage game (see
:mod:`leverage.dynamic.markov`). Kept profiles are then rebuilt one by one
through :func:`~leverage.dynamic.markov.verified_markov_equilibrium`.

The number of profiles is the product over states of the stage's pure
profiles: ``4**8 = 65,536`` for eight states of 2 x 2 stage games. Games with
more than :data:`MAX_PURE_PROFILES` profiles are refused before any work (use
:func:`~leverage.dynamic.mixed.markov_equilibrium` for them).

Units, timing and ties are those of :mod:`leverage.dynamic.game`.
"""

from __future__ import annotations

import numpy as np

from leverage.checks import check_int
from leverage.dynamic.game import StochasticGame
from leverage.dynamic.markov import MarkovResult, verified_markov_equilibrium
from leverage.results import UnverifiedEquilibriumError
from leverage.tolerance import resolve_rtol, stacked_payoff_scale

__all__ = ["pure_markov_equilibria", "pure_profile_count", "MAX_PURE_PROFILES"]

#: The largest number of pure stationary profiles :func:`pure_markov_equilibria` enumerates.
MAX_PURE_PROFILES: int = 2**18

#: Profiles evaluated together (one batched linear solve).
_BATCH = 2048


def pure_profile_count(game: StochasticGame) -> int:
    """The number of pure stationary profiles: the product over states of the stage's pure profiles.

    Examples
    --------
    >>> from leverage import Game
    >>> pure_profile_count(StochasticGame.from_game(Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]), 0.5))
    4
    """
    if not isinstance(game, StochasticGame):
        raise TypeError(f"pure_profile_count(): game must be a StochasticGame; got {type(game).__name__}")
    return int(np.prod([np.prod(game.shape(k)) for k in range(game.n_states)], dtype=object))


def pure_markov_equilibria(game: StochasticGame, rtol: float | None = None, *, tol: float | None = None) -> MarkovResult:
    """Every pure stationary Markov perfect equilibrium, by enumeration with exact policy evaluation.

    Parameters
    ----------
    game : StochasticGame
        A game with at most :data:`MAX_PURE_PROFILES` pure stationary profiles.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance of the tolerance rule (:data:`~leverage.RTOL` by default).

    Returns
    -------
    MarkovResult
        Status ``"complete"``; every pure MPE, verified, in lexicographic order
        of the profiles (states in order, players in order, actions in order).
        The tuple is empty when there is none.

    Raises
    ------
    ValueError
        If the game has more than :data:`MAX_PURE_PROFILES` pure profiles.

    Examples
    --------
    The repeated prisoner's dilemma has one pure stationary MPE: defect for ever.

    >>> from leverage import Game
    >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D")))
    >>> [eq.pure_policy() for eq in pure_markov_equilibria(StochasticGame.from_game(pd, 0.9)).equilibria]
    [{'s': ('D', 'D')}]
    """
    caller = "pure_markov_equilibria()"
    rtol = resolve_rtol(rtol, tol, "pure_markov_equilibria")
    if not isinstance(game, StochasticGame):
        raise TypeError(f"{caller}: game must be a StochasticGame; got {type(game).__name__}")
    count = pure_profile_count(game)
    if count > MAX_PURE_PROFILES:
        raise ValueError(f"{caller}: the game has {count:,} pure stationary profiles, more than "
                         f"MAX_PURE_PROFILES={MAX_PURE_PROFILES:,}; it is too large for enumeration "
                         f"(use markov_equilibrium() instead)")
    count = check_int(count, "the number of profiles", caller)
    S, n = game.n_states, game.n_players
    shapes = [game.shape(k) for k in range(S)]
    sizes = np.array([int(np.prod(sh)) for sh in shapes])
    flat_u = [game.payoffs[k].reshape(n, -1) for k in range(S)]  # (n, c_k)
    flat_p = [game.transitions[k].reshape(-1, S) for k in range(S)]  # (c_k, S)
    # deviation tables: dev[k][i][c, a] = flat index of profile c with player i's action replaced by a
    dev = []
    for k in range(S):
        multi = np.array(np.unravel_index(np.arange(sizes[k]), shapes[k]))  # (n, c_k)
        per = []
        for i in range(n):
            rows = []
            for a in range(shapes[k][i]):
                m = multi.copy()
                m[i] = a
                rows.append(np.ravel_multi_index(tuple(m), shapes[k]))
            per.append(np.stack(rows, axis=1))
        dev.append(per)
    delta = game.discount
    found: list[np.ndarray] = []
    eye = np.eye(S)
    for start in range(0, count, _BATCH):
        idx = np.array(np.unravel_index(np.arange(start, min(count, start + _BATCH)), tuple(sizes))).T  # (B, S)
        B = len(idx)
        r = np.stack([flat_u[k][:, idx[:, k]].T for k in range(S)], axis=1)  # (B, S, n)
        P = np.stack([flat_p[k][idx[:, k]] for k in range(S)], axis=1)  # (B, S, S)
        V = np.empty((B, S, n))
        for i in range(n):
            V[:, :, i] = np.linalg.solve(eye - delta[i] * P, r[:, :, i][..., None])[..., 0]
        ok = np.ones(B, dtype=bool)
        for k in range(S):
            # continuation-augmented stage payoffs of state k at every pure profile: (B, n, c_k)
            aug = flat_u[k][None] + delta[None, :, None] * np.einsum("cs,bsi->bic", flat_p[k], V)
            scale = stacked_payoff_scale([aug[:, i] for i in range(n)])  # (B, n)
            here = idx[:, k]
            for i in range(n):
                cand = aug[:, i][np.arange(B)[:, None], dev[k][i][here]]  # (B, m_i)
                gain = cand.max(axis=1) - aug[np.arange(B), i, here]
                ok &= gain <= rtol * scale[:, i]
        found.extend(idx[ok])
    equilibria = []
    for row in found:
        policy = []
        for k in range(S):
            acts = np.unravel_index(int(row[k]), shapes[k])
            policy.append(tuple(game.actions[k][i][int(a)] for i, a in enumerate(acts)))
        try:
            equilibria.append(verified_markov_equilibrium(game, policy, "pure_enumeration", rtol))
        except UnverifiedEquilibriumError:  # pragma: no cover - the batched check is the same rule
            continue
    return MarkovResult("complete", tuple(equilibria), count, 0.0, "pure_enumeration",
                        f"{count:,} pure stationary profiles checked; {len(equilibria)} MPE found")
