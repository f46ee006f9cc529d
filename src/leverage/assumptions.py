"""Declared payoff assumptions attached to parameterised games.

An :class:`Assumption` states something an analyst believes about a model at
every plausible parameter value -- "in every equilibrium China's payoff from a
partial restriction is at least its payoff from an embargo". It is plain data:
checking it across the parameter space is the job of
:func:`leverage.testing.check_assumptions`, which searches for the minimal
counterexample with hypothesis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Assumption"]


@dataclass(frozen=True)
class Assumption:
    """A named claim about a parameterised game.

    Parameters
    ----------
    name : str
        Short name, shown in reports.
    holds : callable
        ``holds(game, values) -> bool``: whether the claim holds for the game
        at the parameter values ``values`` (a ``{name: value}`` dict).
    description : str, optional
        The claim in words.

    Examples
    --------
    >>> a = Assumption("licensing pays", lambda game, values: game.payoffs[0][1, 0] > game.payoffs[0][0, 0])
    >>> a.name
    'licensing pays'
    """

    name: str
    holds: Callable[[Any, dict[str, float]], bool]
    description: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"Assumption(): name must be a non-empty string; got {self.name!r}")
        if not callable(self.holds):
            raise TypeError(f"Assumption(): holds must be a callable (game, values) -> bool; got {self.holds!r}")
        if not isinstance(self.description, str):
            raise TypeError(f"Assumption(): description must be a string; got {self.description!r}")
