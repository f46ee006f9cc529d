"""Result types: a verified :class:`Equilibrium` and the solver errors.

Every solver builds its results with :func:`verified_equilibrium`, which cleans
float noise, computes each player's regret and refuses a profile whose regret
exceeds the library's tolerance rule (:mod:`leverage.tolerance`). No solver can
return an unverified profile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from leverage.game import Game, _expected, regrets
from leverage.tolerance import RTOL, payoff_scale, tolerances

__all__ = [
    "Equilibrium",
    "SolverError",
    "UnverifiedEquilibriumError",
    "IncompleteEnumerationWarning",
    "verified_equilibrium",
    "clean_probabilities",
    "unique_equilibria",
]

#: Probabilities smaller than this are float noise and are set to 0.
PROBABILITY_NOISE = 1e-12


class SolverError(RuntimeError):
    """A solver could not produce a verified answer (it says so instead of guessing).

    Examples
    --------
    Every refusal of an unverified answer is a ``SolverError``:

    >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("China", "US"))
    >>> try:
    ...     verified_equilibrium(g, [np.array([1.0, 0.0]), np.array([1.0, 0.0])], "guess")
    ... except SolverError as exc:
    ...     print(type(exc).__name__)
    UnverifiedEquilibriumError
    """


class UnverifiedEquilibriumError(SolverError):
    """A candidate profile failed verification: its regret exceeds the tolerance rule.

    Examples
    --------
    Mutual cooperation in a prisoner's dilemma is not an equilibrium:

    >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("China", "US"))
    >>> verified_equilibrium(g, [np.array([1.0, 0.0]), np.array([1.0, 0.0])], "guess")
    Traceback (most recent call last):
    ...
    leverage.results.UnverifiedEquilibriumError: guess: candidate profile fails verification: China's regret 2 exceeds the tolerance 5e-08
    """


class IncompleteEnumerationWarning(UserWarning):
    """The returned list of equilibria is not known to be complete.

    For example, when only the pure equilibria of a game with more than two
    players could be enumerated, or when a degenerate game has a continuum of
    equilibria that the list only samples.

    Examples
    --------
    Three players who do not care what anyone plays: every profile is an
    equilibrium, and the list cannot be complete:

    >>> import warnings
    >>> from leverage import equilibria
    >>> indifferent = Game([np.zeros((2, 2, 2))] * 3)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     found = equilibria(indifferent)
    >>> {w.category.__name__ for w in caught}
    {'IncompleteEnumerationWarning'}
    """


def clean_probabilities(vector: np.ndarray) -> np.ndarray:
    """Clean float noise from a probability vector.

    Entries below :data:`PROBABILITY_NOISE` (such as ``-1e-17``) become exactly 0
    and the vector is renormalised to sum to 1.

    Examples
    --------
    >>> clean_probabilities(np.array([0.5, -1e-17, 0.5]))
    array([0.5, 0. , 0.5])
    """
    v = np.array(vector, dtype=float)
    v[v < PROBABILITY_NOISE] = 0.0
    total = v.sum()
    if total <= 0:
        raise ValueError("clean_probabilities(): the vector has no positive entry")
    v /= total
    v[np.abs(v - 1.0) < PROBABILITY_NOISE] = 1.0
    return v


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """A verified Nash equilibrium.

    Attributes
    ----------
    strategies : tuple of numpy.ndarray
        One probability vector per player, in strategy order.
    payoffs : numpy.ndarray
        Each player's expected payoff.
    regret : float
        The largest regret over players (within the tolerance rule).
    support : tuple of tuple of int
        Indices of the strategies played with positive probability.
    method : str
        The algorithm that found it.
    players, strategy_names : tuple
        Names used by ``repr``.

    Examples
    --------
    >>> from leverage import Game, equilibria
    >>> g = Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
    ...                        players=("China", "US"),
    ...                        strategies=(("Open", "Restrict"), ("Comply", "Diversify")))
    >>> eq, = equilibria(g)
    >>> eq
    Equilibrium(China: Open 0.5, Restrict 0.5; US: Comply 0.5, Diversify 0.5; payoffs (0, 0); regret ...; method 'vertex')
    >>> eq.support
    ((0, 1), (0, 1))
    """

    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    regret: float
    support: tuple[tuple[int, ...], ...]
    method: str
    players: tuple[str, ...] = field(default=(), repr=False)
    strategy_names: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    def __repr__(self) -> str:
        parts = []
        for i, vec in enumerate(self.strategies):
            pname = self.players[i] if self.players else f"Player {i + 1}"
            names = self.strategy_names[i] if self.strategy_names else tuple(f"s{k + 1}" for k in range(len(vec)))
            mix = ", ".join(f"{names[k]} {vec[k]:.6g}" for k in self.support[i])
            parts.append(f"{pname}: {mix}")
        pay = ", ".join(f"{p:.6g}" for p in self.payoffs)
        return (
            f"Equilibrium({'; '.join(parts)}; payoffs ({pay}); regret {self.regret:.3g}; "
            f"method {self.method!r})"
        )

    @property
    def is_pure(self) -> bool:
        """Whether every player plays one strategy with probability 1."""
        return all(len(s) == 1 for s in self.support)

    def isclose(self, other: Equilibrium | Sequence[np.ndarray], atol: float = 1e-7) -> bool:
        """Whether two equilibria have the same strategies within ``atol``.

        Examples
        --------
        >>> from leverage import Game, equilibria
        >>> g = Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        >>> equilibria(g)[0].isclose([[0.5, 0.5], [0.5, 0.5]])
        True
        """
        theirs = other.strategies if isinstance(other, Equilibrium) else other
        if len(theirs) != len(self.strategies):
            return False
        return all(
            np.shape(a) == np.shape(b) and np.allclose(a, b, atol=atol, rtol=0)
            for a, b in zip(self.strategies, theirs)
        )

    def as_dict(self) -> dict[str, dict[str, float]]:
        """``{player: {strategy: probability}}`` over the support.

        Examples
        --------
        >>> from leverage import Game, pure_equilibria
        >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("A", "B"))
        >>> pure_equilibria(g)[0].as_dict()
        {'A': {'s2': 1.0}, 'B': {'s2': 1.0}}
        """
        out = {}
        for i, vec in enumerate(self.strategies):
            pname = self.players[i] if self.players else f"Player {i + 1}"
            names = self.strategy_names[i] if self.strategy_names else tuple(f"s{k + 1}" for k in range(len(vec)))
            out[pname] = {names[k]: float(vec[k]) for k in self.support[i]}
        return out


def verified_equilibrium(
    game: Game,
    strategies: Sequence[np.ndarray],
    method: str,
    rtol: float | None = None,
    clean: bool = True,
) -> Equilibrium:
    """Build an :class:`Equilibrium` after checking it against the tolerance rule.

    Parameters
    ----------
    game : Game
        The game.
    strategies : sequence of arrays
        A candidate profile (non-negative vectors; they are normalised).
    method : str
        Name of the algorithm, recorded in the result.
    rtol : float, optional
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).
    clean : bool
        Clean float noise first (:func:`clean_probabilities`).

    Raises
    ------
    UnverifiedEquilibriumError
        If some player's regret exceeds ``rtol`` times its payoff range.

    Examples
    --------
    >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> verified_equilibrium(g, [np.array([0., 1.]), np.array([0., 1.])], "manual").payoffs
    array([1., 1.])
    """
    if clean:
        profile = tuple(clean_probabilities(s) for s in strategies)
    else:
        profile = tuple(np.asarray(s, dtype=float) for s in strategies)
    reg = regrets(game.payoffs, profile)
    tol = tolerances(game.payoffs, RTOL if rtol is None else rtol)
    if np.any(reg > tol):
        worst = int(np.argmax(reg - tol))
        raise UnverifiedEquilibriumError(
            f"{method}: candidate profile fails verification: {game.players[worst]}'s regret "
            f"{reg[worst]:.3g} exceeds the tolerance {tol[worst]:.3g}"
        )
    for vec in profile:
        vec.setflags(write=False)
    payoffs = _expected(game.payoffs, profile)
    payoffs[np.abs(payoffs) <= PROBABILITY_NOISE * payoff_scale(game.payoffs)] = 0.0
    payoffs.setflags(write=False)
    support = tuple(tuple(int(k) for k in np.flatnonzero(v > 0)) for v in profile)
    return Equilibrium(
        strategies=profile,
        payoffs=payoffs,
        regret=float(reg.max()),
        support=support,
        method=method,
        players=game.players,
        strategy_names=game.strategies,
    )


def unique_equilibria(eqs: Sequence[Equilibrium], atol: float = 1e-9) -> list[Equilibrium]:
    """Drop duplicates (same strategies within ``atol``) and sort deterministically.

    The order is lexicographic in the concatenated strategy vectors, larger
    probabilities on earlier strategies first.

    Examples
    --------
    >>> from leverage import Game, equilibria
    >>> g = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> eqs = equilibria(g)
    >>> len(unique_equilibria(eqs + eqs))
    3
    """
    if not eqs:
        return []
    flat = np.array([np.concatenate(e.strategies) for e in eqs])
    order = np.lexsort((-(np.round(flat, 9) + 0.0)).T[::-1])
    flat = flat[order]
    close = np.abs(flat[:, None, :] - flat[None, :, :]).max(axis=2) <= atol
    keep = np.ones(len(flat), dtype=bool)
    for j in range(len(flat)):
        if keep[j]:
            keep[j + 1 :] &= ~close[j, j + 1 :]
    return [eqs[k] for k in order[keep]]
