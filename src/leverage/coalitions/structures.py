"""Coalition structures of a coalitional game: their worth, and whether they are stable.

:class:`StructureMethods` holds :meth:`structure_value` and :meth:`is_stable`
as methods of :class:`~leverage.coalitions.CoalitionalGame` (a mix-in
class).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from leverage.coalitions.allocations import Allocation, StabilityResult
from leverage.coalitions.tables import (
    Coalition,
    check_rule,
    coalition_sums,
    mask_bits,
    popcounts,
    shapley_exact,
    submasks,
)

from leverage.tolerance import resolve_rtol

__all__ = ["StructureMethods"]


class StructureMethods:
    """Coalition structures of :class:`~leverage.coalitions.CoalitionalGame` (a mix-in: use them through a game).

    Examples
    --------
    >>> from leverage.coalitions import CoalitionalGame
    >>> issubclass(CoalitionalGame, StructureMethods)
    True
    """

    __slots__ = ()

    def _structure(self, structure: Any, caller: str) -> list[int]:
        if isinstance(structure, str):
            raise TypeError(f"{caller}: structure must be a sequence of coalitions, not a string")
        try:
            blocks = list(structure)
        except TypeError:
            raise TypeError(f"{caller}: structure must be a sequence of coalitions; got {structure!r}") from None
        masks: list[int] = []
        covered = 0
        for block in blocks:
            mask = self._key_mask(block, caller, "a block of structure")
            if mask == 0:
                raise ValueError(f"{caller}: structure has an empty block")
            overlap = covered & mask
            if overlap:
                raise ValueError(
                    f"{caller}: player(s) {', '.join(self.coalition(overlap))} belong to two blocks of structure"
                )
            covered |= mask
            masks.append(mask)
        full = (1 << self.n_players) - 1
        if covered != full:
            raise ValueError(
                f"{caller}: structure leaves out {', '.join(self.coalition(full ^ covered))}; "
                f"every player must be in exactly one block"
            )
        return masks

    def structure_value(self, structure: Iterable[Coalition]) -> float:
        """The worth of a coalition structure: the sum of its blocks' worths.

        Examples
        --------
        >>> from leverage.coalitions import CoalitionalGame
        >>> glove = CoalitionalGame(["L", "R1", "R2"],
        ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
        >>> glove.structure_value([["L", "R1"], ["R2"]])
        1.0
        """
        caller = "CoalitionalGame.structure_value()"
        v = self._require_table(caller)
        return float(sum(v[m] for m in self._structure(structure, caller)))

    def _block_shares(self, mask: int, rule: str, caller: str) -> np.ndarray:
        """The members' shares of ``v(block)`` by ``rule`` in the block's subgame (members in player order)."""
        v = self._table
        assert v is not None
        bits = mask_bits(mask)
        sub = v[submasks(bits)]
        if rule == "shapley":
            return shapley_exact(sub, len(bits))
        game = type(self)._from_table(tuple(self._players[i] for i in bits), sub)
        try:
            return game.nucleolus().payoffs
        except ValueError as exc:
            raise ValueError(f"{caller}: rule='nucleolus' fails for the block {game.players}: {exc}") from None

    def is_stable(
        self,
        structure: Iterable[Coalition],
        allocation: Any = None,
        rule: str = "shapley",
        rtol: float | None = None,
        *, tol: float | None = None,
    ) -> StabilityResult:
        """Whether no group of players can do better by leaving their blocks and acting together.

        A coalition structure with an allocation ``x`` (each block sharing its
        own worth) is stable when no coalition ``S`` -- of players from any
        blocks -- is worth more than its members receive: ``v(S) <= x(S) +
        tol`` for all ``S`` (the core of the game with coalition structure,
        Aumann and Dreze 1974). Otherwise the coalition with the largest
        excess blocks it.

        Parameters
        ----------
        structure : sequence of coalitions
            A partition of the players (see :func:`coalition_structures`).
        allocation : mapping or array_like, optional
            The payoffs to test; no block may hand out more than its worth.
            By default each block shares its worth by ``rule``.
        rule : {"shapley", "nucleolus"}
            How each block shares its worth when ``allocation`` is not given:
            the Shapley value or the nucleolus of the block's subgame.
        rtol : float, optional
            ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
            Relative tolerance (default :data:`leverage.tolerance.RTOL`).

        Returns
        -------
        StabilityResult
            True in a boolean context when stable; ``blocking`` names the
            blocking coalition.

        Raises
        ------
        ValueError
            If ``structure`` is not a partition of the players, a block of
            ``allocation`` receives more than its worth, or ``rule`` is unknown.

        Examples
        --------
        In the glove game the pair of one glove each and a lone right glove
        is blocked by the lone right glove and the left one:

        >>> from leverage.coalitions import CoalitionalGame
        >>> glove = CoalitionalGame(["L", "R1", "R2"],
        ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
        >>> result = glove.is_stable([["L", "R1"], ["R2"]])
        >>> bool(result), result.blocking, result.gain
        (False, ('L', 'R2'), 0.5)
        >>> bool(glove.is_stable([["L", "R1"], ["R2"]], allocation={"L": 1, "R1": 0, "R2": 0}))
        True
        """
        rtol = resolve_rtol(rtol, tol, "StructureMethods.is_stable")
        caller = "CoalitionalGame.is_stable()"
        v = self._require_table(caller)
        masks = self._structure(structure, caller)
        atol = self.tolerance(rtol)
        n = self.n_players
        if allocation is None:
            rule = check_rule(rule, caller)
            x = np.zeros(n)
            for m in masks:
                x[mask_bits(m)] = self._block_shares(m, rule, caller)
            alloc = Allocation(self._players, self._clean(x), f"{rule} of each block")
        else:
            x = self._point(allocation, caller, "allocation")
            sums = coalition_sums(x)
            for m in masks:
                if sums[m] > v[m] + atol:
                    raise ValueError(
                        f"{caller}: allocation is not feasible: the block {self.coalition(m)} receives "
                        f"{sums[m]:.6g} but is worth {v[m]:.6g}"
                    )
            alloc = Allocation(self._players, x, "given")
        ex = v - coalition_sums(alloc.payoffs)
        ex[0] = -np.inf
        gain = float(ex.max())
        blocks = tuple(sorted((self.coalition(m) for m in masks), key=lambda b: self._players.index(b[0])))
        if gain <= atol:
            return StabilityResult(True, None, gain, blocks, alloc)
        candidates = np.flatnonzero(ex >= gain - atol)
        sizes = popcounts(n)[candidates]
        best = int(candidates[np.lexsort((candidates, sizes))[0]])
        return StabilityResult(False, self.coalition(best), float(ex[best]), blocks, alloc)
