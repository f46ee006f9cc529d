"""Results of the cooperative bargaining solutions: an agreement (or an explicit "no agreement") and the zone of agreement."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["BargainingSolution", "Zopa"]


@dataclass(frozen=True, eq=False)
class BargainingSolution:
    """A bargaining solution: the agreed utilities, or an explicit "no agreement".

    Attributes
    ----------
    solution : str
        Which solution concept (``"nash"``, ``"kalai_smorodinsky"``, ...).
    agreement : bool
        False when the zone of possible agreement is empty.
    utilities : numpy.ndarray or None
        The agreed utility vector (None without agreement).
    outcome : int or None
        For finite feasible sets, the index of the chosen point.
    label : str or None
        For finite feasible sets with labels, the chosen point's label.
    disagreement : numpy.ndarray
        The BATNAs.
    reason : str
        Why there is no agreement (empty when there is one).
    players : tuple of str
        Player names.

    Examples
    --------
    >>> from leverage.bargaining import BargainingProblem
    >>> p = BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1])
    >>> p.nash_solution()
    BargainingSolution(nash: Player 1 0.55, Player 2 0.45)
    """

    solution: str
    agreement: bool
    utilities: np.ndarray | None
    disagreement: np.ndarray
    players: tuple[str, ...]
    outcome: int | None = None
    label: str | None = None
    reason: str = ""

    def __repr__(self) -> str:
        if not self.agreement:
            return f"BargainingSolution({self.solution}: no agreement -- {self.reason})"
        assert self.utilities is not None
        body = ", ".join(f"{p} {u:.6g}" for p, u in zip(self.players, self.utilities))
        extra = f"; outcome {self.label or self.outcome}" if self.outcome is not None else ""
        return f"BargainingSolution({self.solution}: {body}{extra})"

    @property
    def gains(self) -> np.ndarray | None:
        """Utilities minus BATNAs (None without agreement)."""
        return None if self.utilities is None else self.utilities - self.disagreement


@dataclass(frozen=True, eq=False)
class Zopa:
    """The zone of possible agreement: feasible utility vectors at least as good as every BATNA.

    Attributes
    ----------
    empty : bool
        True when no feasible point gives every side strictly more than its BATNA.
    disagreement : numpy.ndarray
        The BATNAs (the zone's lower corner).
    ideal : numpy.ndarray or None
        Each side's best utility inside the zone (the zone's upper corner).
    reason : str
        Why the zone is empty.

    Examples
    --------
    >>> from leverage.bargaining import BargainingProblem
    >>> z = BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1]).zopa()
    >>> z.empty, z.ranges
    (False, [(0.2, 0.9), (0.1, 0.8)])
    """

    empty: bool
    disagreement: np.ndarray
    ideal: np.ndarray | None
    reason: str = ""

    @property
    def ranges(self) -> list[tuple[float, float]]:
        """Per player, the interval of utilities reachable inside the zone."""
        if self.empty or self.ideal is None:
            return []
        return [(round(float(a), 12), round(float(b), 12)) for a, b in zip(self.disagreement, self.ideal)]

