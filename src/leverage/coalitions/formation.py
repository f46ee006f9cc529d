"""Coalition formation: every coalition structure, and the price of peeling a member off a coalition."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from leverage.coalitions.allocations import SplitOffer
from leverage.coalitions.game import CoalitionalGame
from leverage.coalitions.tables import (
    MAX_STRUCTURE_PLAYERS,
    Coalition,
    Structure,
    bell_number,
    check_players,
    check_rule,
    mask_bits,
)
from leverage.tolerance import resolve_rtol

__all__ = ["coalition_structures", "split_cost", "cheapest_split"]


def coalition_structures(players: Sequence[str] | CoalitionalGame) -> list[Structure]:
    """Every coalition structure (partition) of the players.

    There are Bell-number many: 1, 2, 5, 15, 52, 203, 877, 4140, 21147,
    115975 for 1 to 10 players. Structures come with the grand coalition
    first and the blocks of each in the order of their first member; each
    block lists its members in player order.

    Parameters
    ----------
    players : sequence of str or CoalitionalGame
        The players (or a game, whose players are taken).

    Returns
    -------
    list of tuple of tuple of str

    Raises
    ------
    ValueError
        If there are more than :data:`MAX_STRUCTURE_PLAYERS` players, or
        players are duplicated or empty.

    Examples
    --------
    >>> coalition_structures(["US", "EU", "Japan"])  # doctest: +NORMALIZE_WHITESPACE
    [(('US', 'EU', 'Japan'),), (('US', 'EU'), ('Japan',)), (('US', 'Japan'), ('EU',)),
     (('US',), ('EU', 'Japan')), (('US',), ('EU',), ('Japan',))]
    """
    caller = "coalition_structures()"
    names = players.players if isinstance(players, CoalitionalGame) else check_players(players, caller)
    n = len(names)
    if n > MAX_STRUCTURE_PLAYERS:
        raise ValueError(
            f"{caller}: {n} players have {bell_number(n):,} coalition structures (the Bell number B_{n}); "
            f"at most {MAX_STRUCTURE_PLAYERS} players (B_{MAX_STRUCTURE_PLAYERS} = "
            f"{bell_number(MAX_STRUCTURE_PLAYERS):,} structures) are enumerated"
        )
    out: list[Structure] = []
    labels = [0] * n

    def grow(k: int, blocks: int) -> None:  # restricted growth strings: labels[k] <= max(labels[:k]) + 1
        if k == n:
            groups: list[list[str]] = [[] for _ in range(blocks)]
            for name, b in zip(names, labels):
                groups[b].append(name)
            out.append(tuple(tuple(g) for g in groups))
            return
        for b in range(blocks + 1):
            labels[k] = b
            grow(k + 1, max(blocks, b + 1))

    labels[0] = 0
    grow(1, 1)
    return out


def _member_shares(game: CoalitionalGame, coalition: Coalition, rule: str, caller: str) -> tuple[int, np.ndarray]:
    if not isinstance(game, CoalitionalGame):
        raise TypeError(f"{caller}: game must be a CoalitionalGame; got {type(game).__name__}")
    game._require_table(caller)
    rule = check_rule(rule, caller)
    mask = game._key_mask(coalition, caller, "coalition")
    if mask == 0:
        raise ValueError(f"{caller}: coalition must name at least one player")
    return mask, game._block_shares(mask, rule, caller)


def _offer(game: CoalitionalGame, mask: int, shares: np.ndarray, i: int, rule: str, atol: float) -> SplitOffer:
    bits = mask_bits(mask)
    share = float(shares[bits.index(i)])
    outside = float(game.values[1 << i])
    cost = share - outside
    return SplitOffer(game.players[i], cost if cost > atol else 0.0, share, outside, game.coalition(mask), rule)


def split_cost(
    game: CoalitionalGame, coalition: Coalition, member: str, rule: str = "shapley", rtol: float | None = None, *, tol: float | None = None) -> float:
    """The smallest side payment an outsider must offer ``member`` to leave ``coalition``.

    The member's allocation inside the coalition -- its Shapley value (or
    nucleolus) in the coalition's subgame -- minus what it gets alone,
    ``v({member})``, floored at 0 (differences within the tolerance rule
    count as 0). It prices only the member's own loss: what the remaining
    members lose, and whether they can re-form, is not part of it.

    Parameters
    ----------
    game : CoalitionalGame
    coalition : iterable of str
        The coalition the member belongs to.
    member : str
        The member to peel off.
    rule : {"shapley", "nucleolus"}
        How the coalition shares its worth.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Raises
    ------
    ValueError
        If ``member`` is not in ``coalition``, a name is unknown, or ``rule``
        is unknown.

    Examples
    --------
    >>> glove = CoalitionalGame(["L", "R1", "R2"],
    ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
    >>> round(split_cost(glove, ["L", "R1", "R2"], "R1"), 6)
    0.166667
    >>> split_cost(glove, ["L", "R1", "R2"], "L", rule="nucleolus")
    1.0
    """
    caller = "split_cost()"
    mask, shares = _member_shares(game, coalition, rule, caller)
    if not isinstance(member, str):
        raise TypeError(f"{caller}: member must be a player name; got {member!r}")
    i = game._key_mask(member, caller, "member").bit_length() - 1
    if not mask >> i & 1:
        raise ValueError(f"{caller}: member {member!r} is not in the coalition {game.coalition(mask)}")
    return _offer(game, mask, shares, i, rule, game.tolerance(resolve_rtol(rtol, tol, caller.removesuffix("()")))).cost


def cheapest_split(
    game: CoalitionalGame, coalition: Coalition | None = None, rule: str = "shapley", rtol: float | None = None, *, tol: float | None = None) -> SplitOffer:
    """The member of ``coalition`` cheapest to peel off, and the side payment it takes.

    Evaluates :func:`split_cost` for every member; ties (within the
    tolerance rule) go to the member first in player order.

    Parameters
    ----------
    game : CoalitionalGame
    coalition : iterable of str, optional
        The coalition (default: the grand coalition).
    rule : {"shapley", "nucleolus"}
        How the coalition shares its worth.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Returns
    -------
    SplitOffer

    Examples
    --------
    >>> glove = CoalitionalGame(["L", "R1", "R2"],
    ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
    >>> offer = cheapest_split(glove)
    >>> offer.member, round(offer.cost, 6), offer.rule
    ('R1', 0.166667, 'shapley')
    """
    caller = "cheapest_split()"
    if coalition is None and isinstance(game, CoalitionalGame):
        coalition = game.players
    mask, shares = _member_shares(game, coalition, rule, caller)
    atol = game.tolerance(resolve_rtol(rtol, tol, caller.removesuffix("()")))
    offers = [_offer(game, mask, shares, i, rule, atol) for i in mask_bits(mask)]
    lowest = min(o.cost for o in offers)
    return next(o for o in offers if o.cost <= lowest + atol)
