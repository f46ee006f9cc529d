"""Results of coalitional solutions: allocations, the least core, stability verdicts and split offers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from leverage.checks import UnknownNameError, real_array
from leverage.coalitions.tables import Structure

__all__ = ["Allocation", "LeastCore", "StabilityResult", "SplitOffer"]


@dataclass(frozen=True, eq=False)
class Allocation(Mapping[str, float]):
    """A payoff vector with player names: a read-only mapping ``{player: payoff}``.

    Attributes
    ----------
    players : tuple of str
        The players, in the game's order.
    payoffs : numpy.ndarray
        The payoffs, read-only, in the order of ``players``.
    method : str
        How the allocation was computed (``"shapley (exact)"``, ``"nucleolus"``, ...).
    stderr : numpy.ndarray or None
        Standard errors of sampled values; ``None`` for exact ones.
    info : mapping
        Diagnostics: the sample size, the nucleolus's excess levels, the
        least-core epsilon, ...

    Examples
    --------
    >>> x = Allocation(("US", "EU"), [2.0, 1.0], "given")
    >>> x["US"], x.as_dict(), len(x), x.total
    (2.0, {'US': 2.0, 'EU': 1.0}, 2, 3.0)
    >>> x
    Allocation(given: US=2, EU=1)
    """

    players: tuple[str, ...]
    payoffs: np.ndarray
    method: str
    stderr: np.ndarray | None = None
    info: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        payoffs = real_array(self.payoffs, "payoffs", "Allocation()", finite=False).copy()
        if isinstance(self.players, (str, bytes)) or not isinstance(self.players, Iterable):
            raise TypeError(f"Allocation(): players must be a sequence of names; got {self.players!r}")
        object.__setattr__(self, "players", tuple(self.players))
        if payoffs.shape != (len(self.players),):
            raise ValueError(
                f"Allocation(): {len(self.players)} players but payoffs have shape {payoffs.shape}"
            )
        payoffs.setflags(write=False)
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "payoffs", payoffs)
        if self.stderr is not None:
            stderr = real_array(self.stderr, "stderr", "Allocation()", finite=False).copy()
            stderr.setflags(write=False)
            object.__setattr__(self, "stderr", stderr)
        if not isinstance(self.info, Mapping):
            raise TypeError(f"Allocation(): info must be a mapping; got {self.info!r}")
        object.__setattr__(self, "info", MappingProxyType(dict(self.info)))

    def __getitem__(self, player: str) -> float:
        try:
            return float(self.payoffs[self.players.index(player)])
        except ValueError:
            raise UnknownNameError(f"unknown player {player!r}; players are {', '.join(self.players)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.players)

    def __len__(self) -> int:
        return len(self.players)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return np.array(self.payoffs, dtype=dtype)

    def __repr__(self) -> str:
        if self.stderr is None:
            parts = (f"{p}={x:.6g}" for p, x in zip(self.players, self.payoffs))
        else:
            parts = (f"{p}={x:.6g} (se {s:.2g})" for p, x, s in zip(self.players, self.payoffs, self.stderr))
        return f"Allocation({self.method}: {', '.join(parts)})"

    @property
    def total(self) -> float:
        """Sum of the payoffs."""
        return float(self.payoffs.sum())

    def as_dict(self) -> dict[str, float]:
        """The payoffs as a plain ``{player: payoff}`` dict."""
        return {p: float(x) for p, x in zip(self.players, self.payoffs)}


@dataclass(frozen=True)
class LeastCore:
    """The least core: the smallest ``epsilon`` for which the ``epsilon``-core is non-empty, and a point of it.

    The ``epsilon``-core is the set of efficient payoff vectors ``x`` with
    ``x(S) >= v(S) - epsilon`` for every coalition other than the empty one and
    the grand coalition (Maschler, Peleg and Shapley 1979). The core is
    non-empty exactly when ``epsilon <= 0`` (within the tolerance rule); a
    negative ``epsilon`` says by how much every coalition could be made
    strictly better off than on its own.

    Unpacks as ``epsilon, allocation = game.least_core()``.

    Examples
    --------
    >>> from leverage.coalitions import CoalitionalGame, cheapest_split
    >>> glove = CoalitionalGame(["L", "R1", "R2"],
    ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
    >>> epsilon, allocation = glove.least_core()
    >>> epsilon, allocation.as_dict()
    (0.0, {'L': 1.0, 'R1': 0.0, 'R2': 0.0})
    """

    epsilon: float
    allocation: Allocation

    def __iter__(self) -> Iterator[Any]:
        return iter((self.epsilon, self.allocation))


@dataclass(frozen=True)
class StabilityResult:
    """Whether a coalition structure with its allocation is stable, and who blocks it.

    True in a boolean context when stable.

    Attributes
    ----------
    stable : bool
        No coalition ``S`` has ``v(S) > x(S) + tol``.
    blocking : tuple of str or None
        The coalition with the largest excess ``v(S) - x(S)`` when it exceeds
        the tolerance (the smallest such coalition on a tie), else ``None``.
    gain : float
        The largest excess ``v(S) - x(S)`` over all coalitions: what the
        blocking coalition gains by leaving (zero or negative when stable).
    structure : tuple of tuple of str
        The coalition structure, blocks in player order.
    allocation : Allocation
        The allocation tested.

    Examples
    --------
    The left glove and one right glove pair up; the other right glove and the
    left glove would do better together than they receive:

    >>> from leverage.coalitions import CoalitionalGame, cheapest_split
    >>> glove = CoalitionalGame(["L", "R1", "R2"],
    ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
    >>> result = glove.is_stable([["L", "R1"], ["R2"]])
    >>> bool(result), result.blocking, result.gain
    (False, ('L', 'R2'), 0.5)
    """

    stable: bool
    blocking: tuple[str, ...] | None
    gain: float
    structure: Structure
    allocation: Allocation

    def __bool__(self) -> bool:
        return self.stable


@dataclass(frozen=True)
class SplitOffer:
    """What an outsider must pay a member of a coalition to leave it.

    Attributes
    ----------
    member : str
        The member.
    cost : float
        ``max(0, share - outside_option)``: the smallest side payment that
        leaves the member no worse off outside.
    share : float
        The member's allocation inside the coalition (by ``rule``).
    outside_option : float
        What the member gets alone, ``v({member})``.
    coalition : tuple of str
        The coalition, in player order.
    rule : str
        How the coalition shares its worth: ``"shapley"`` or ``"nucleolus"``
        of the coalition's subgame.

    Examples
    --------
    >>> from leverage.coalitions import CoalitionalGame, cheapest_split
    >>> glove = CoalitionalGame(["L", "R1", "R2"],
    ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
    >>> offer = cheapest_split(glove)
    >>> offer.member, round(offer.cost, 4), offer.outside_option
    ('R1', 0.1667, 0.0)
    """

    member: str
    cost: float
    share: float
    outside_option: float
    coalition: tuple[str, ...]
    rule: str

