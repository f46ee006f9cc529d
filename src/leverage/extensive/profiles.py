"""Verified equilibria of extensive-form games, in behaviour strategies.

:class:`ExtensiveEquilibrium` is what every extensive-form solver of leverage
returns: the behaviour strategies keyed by information set and action, each
player's expected payoff, the beliefs Bayes' rule gives at every information
set the play reaches, and the regret that certifies it. It is only ever built
by :func:`verified_extensive_equilibrium`, which checks the regret against the
library's tolerance rule first.

Examples
--------
>>> from leverage.nodes import Decision, Terminal
>>> from leverage.extensive.tree import ExtensiveGame
>>> game = ExtensiveGame(
...     Decision("China", {
...         "Restrict": Decision("Japan", {"Comply": Terminal([3, 1]), "Diversify": Terminal([0, 0])}),
...         "Open": Terminal([2, 2]),
...     }),
...     players=("China", "Japan"),
... )
>>> eq = verified_extensive_equilibrium(game, {"root": "Restrict", "root/Restrict": "Comply"}, "manual")
>>> eq.payoffs, eq.regret
(array([3., 1.]), 0.0)
>>> eq
ExtensiveEquilibrium(China: root Restrict; Japan: root/Restrict Comply; payoffs (3, 1); regret 0; method 'manual')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from leverage.checks import check_real
from leverage.extensive.tree import ExtensiveGame
from leverage.nodes import format_payoff
from leverage.results import UnverifiedEquilibriumError
from leverage.tolerance import (
    PROBABILITY_ATOL,
    PROBABILITY_NOISE,
    PROFILE_ATOL,
    ROUNDING_NOISE,
    check_rtol,
    value_scale,
)

__all__ = ["ExtensiveEquilibrium", "verified_extensive_equilibrium", "unique_extensive_equilibria"]

#: Probabilities this close to 0 or 1 are snapped (float noise from the solvers).
_SNAP = PROBABILITY_NOISE


def _frozen(mapping: Mapping[str, Mapping[str, float]]) -> Mapping[str, Mapping[str, float]]:
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in mapping.items()})


@dataclass(frozen=True, eq=False)
class ExtensiveEquilibrium:
    """A verified Nash equilibrium of an :class:`~leverage.extensive.ExtensiveGame`, in behaviour strategies.

    Attributes
    ----------
    behaviour : mapping
        ``{information set id: {action: probability}}`` for every information
        set of every player (read-only). At sets the equilibrium never reaches
        the behaviour is whatever the solver chose; Nash equilibrium puts no
        condition there (see :func:`leverage.extensive.check_pbe` for
        sequential rationality).
    payoffs : numpy.ndarray
        Each player's expected payoff.
    beliefs : mapping
        ``{information set id: {node id: probability}}`` by Bayes' rule at every
        information set reached with positive probability.
    regret : float
        The largest regret over players (within the tolerance rule).
    method : str
        The algorithm that found it.
    players : tuple of str
        Player names.
    movers : mapping
        ``{information set id: player}``.

    Examples
    --------
    >>> from leverage.nodes import Chance, Decision, Terminal
    >>> from leverage.extensive.tree import ExtensiveGame
    >>> g = ExtensiveGame(Chance({
    ...     "Low": (0.25, Decision("Japan", {"Stay": Terminal([1]), "Exit": Terminal([0])}, infoset="J")),
    ...     "High": (0.75, Decision("Japan", {"Stay": Terminal([0]), "Exit": Terminal([2])}, infoset="J")),
    ... }), players=("Japan",))
    >>> eq = verified_extensive_equilibrium(g, {"J": "Exit"}, "manual")
    >>> eq.by_player(), dict(eq.beliefs["J"]), eq.is_pure
    ({'Japan': {'J': {'Stay': 0.0, 'Exit': 1.0}}}, {'root/Low': 0.25, 'root/High': 0.75}, True)
    """

    behaviour: Mapping[str, Mapping[str, float]]
    payoffs: np.ndarray
    beliefs: Mapping[str, Mapping[str, float]]
    regret: float
    method: str
    players: tuple[str, ...] = ()
    movers: Mapping[str, str] = field(default_factory=dict, repr=False)

    def by_player(self) -> dict[str, dict[str, dict[str, float]]]:
        """``{player: {information set id: {action: probability}}}``."""
        out: dict[str, dict[str, dict[str, float]]] = {p: {} for p in self.players}
        for sid, probs in self.behaviour.items():
            out[self.movers[sid]][sid] = dict(probs)
        return out

    @property
    def is_pure(self) -> bool:
        """Whether every information set's behaviour puts probability 1 on one action."""
        return all(max(probs.values()) == 1.0 for probs in self.behaviour.values())

    def isclose(self, other: ExtensiveEquilibrium | Mapping[str, Any], atol: float = PROFILE_ATOL) -> bool:
        """Whether two behaviour profiles agree within ``atol`` at every information set."""
        theirs = other.behaviour if isinstance(other, ExtensiveEquilibrium) else other
        if set(theirs) != set(self.behaviour):
            return False
        for sid, probs in self.behaviour.items():
            entry = theirs[sid]
            if isinstance(entry, str):
                entry = {entry: 1.0}
            if any(abs(p - float(entry.get(a, 0.0))) > atol for a, p in probs.items()):
                return False
        return True

    def __repr__(self) -> str:
        parts = []
        for player, sets in self.by_player().items():
            moves = []
            for sid, probs in sets.items():
                support = [(a, p) for a, p in probs.items() if p > 0]
                if len(support) == 1:
                    moves.append(f"{sid} {support[0][0]}")
                else:
                    moves.append(f"{sid} " + ", ".join(f"{a} {p:.6g}" for a, p in support))
            parts.append(f"{player}: " + ("; ".join(moves) if moves else "-"))
        pay = ", ".join(format_payoff(v) for v in self.payoffs)
        return (
            f"ExtensiveEquilibrium({'; '.join(parts)}; payoffs ({pay}); regret {self.regret:.3g}; "
            f"method {self.method!r})"
        )


def _snap(behaviour: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    out = {}
    for sid, probs in behaviour.items():
        vec = np.array(list(probs.values()), dtype=float)
        vec[np.abs(vec) < _SNAP] = 0.0
        vec /= vec.sum()
        vec[np.abs(vec - 1.0) < _SNAP] = 1.0
        out[sid] = {a: float(p) for a, p in zip(probs, vec)}
    return out


def verified_extensive_equilibrium(
    game: ExtensiveGame, behaviour: Any, method: str, rtol: float | None = None
) -> ExtensiveEquilibrium:
    """Build an :class:`ExtensiveEquilibrium` after checking every player's regret.

    Parameters
    ----------
    game : ExtensiveGame
        The game.
    behaviour : mapping
        A behaviour profile (see :meth:`ExtensiveGame.check_behaviour`).
    method : str
        Name of the algorithm, recorded in the result.
    rtol : float, optional
        Relative tolerance (default :data:`leverage.RTOL`), relative to each
        player's range of terminal payoffs.

    Raises
    ------
    UnverifiedEquilibriumError
        If a player's regret exceeds its tolerance, or a regret is not finite.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive.tree import ExtensiveGame
    >>> g = ExtensiveGame(Decision("A", {"x": Terminal([1]), "y": Terminal([0])}), players=("A",))
    >>> verified_extensive_equilibrium(g, {"root": "y"}, "manual")
    Traceback (most recent call last):
    ...
    leverage.results.UnverifiedEquilibriumError: manual: candidate behaviour profile fails verification: A's regret 1 exceeds the tolerance 1e-08
    """
    if not isinstance(game, ExtensiveGame):
        raise TypeError(f"verified_extensive_equilibrium(): game must be an ExtensiveGame; got {type(game).__name__}")
    rtol = check_rtol(rtol, "verified_extensive_equilibrium")
    profile = _snap(game.check_behaviour(behaviour, "verified_extensive_equilibrium()"))
    reg = game.regrets(profile)
    tol = game.tolerances(rtol)
    if not np.all(np.isfinite(reg)) or np.any(reg > tol):
        worst = int(np.argmax(np.where(np.isfinite(reg), reg - tol, np.inf)))
        raise UnverifiedEquilibriumError(
            f"{method}: candidate behaviour profile fails verification: {game.players[worst]}'s regret "
            f"{reg[worst]:.3g} exceeds the tolerance {tol[worst]:.3g}"
        )
    payoffs = game.expected_payoffs(profile)
    scale = value_scale(game.terminal_payoffs, axis=0) if len(game.terminal_payoffs) else np.ones(game.n_players)
    payoffs[np.abs(payoffs) <= ROUNDING_NOISE * scale] = 0.0
    payoffs.setflags(write=False)
    return ExtensiveEquilibrium(
        behaviour=_frozen(profile),
        payoffs=payoffs,
        beliefs=_frozen(game.beliefs(profile)),
        regret=float(reg.max()) if len(reg) else 0.0,
        method=method,
        players=game.players,
        movers=MappingProxyType({s.id: s.player for s in game.infosets}),
    )


def unique_extensive_equilibria(
    equilibria: Sequence[ExtensiveEquilibrium], atol: float = PROBABILITY_ATOL
) -> list[ExtensiveEquilibrium]:
    """Drop behaviour profiles that repeat an earlier one within ``atol`` (order kept).

    Different mixed plans of the reduced normal form can give the same
    behaviour profile (Kuhn's theorem maps many to one), so equilibria found
    through the normal form are merged here.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive.tree import ExtensiveGame
    >>> g = ExtensiveGame(Decision("A", {"x": Terminal([1]), "y": Terminal([1])}), players=("A",))
    >>> eqs = [verified_extensive_equilibrium(g, b, "manual") for b in ({"root": "x"}, {"root": "y"}, {"root": "x"})]
    >>> len(unique_extensive_equilibria(eqs))
    2
    """
    caller = "unique_extensive_equilibria()"
    atol = check_real(atol, "atol", caller, low=0.0)
    if isinstance(equilibria, (str, bytes)) or not isinstance(equilibria, Iterable):
        raise TypeError(f"{caller}: equilibria must be a sequence of ExtensiveEquilibrium; got {equilibria!r}")
    equilibria = list(equilibria)
    for eq in equilibria:
        if not isinstance(eq, ExtensiveEquilibrium):
            raise TypeError(f"{caller}: equilibria must hold ExtensiveEquilibrium objects; got {type(eq).__name__}")
    kept: list[ExtensiveEquilibrium] = []
    for eq in equilibria:
        if not any(eq.isclose(other, atol=atol) for other in kept):
            kept.append(eq)
    return kept
