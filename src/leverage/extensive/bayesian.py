"""Bayesian games: simultaneous moves under private information, and their Bayes-Nash equilibria.

Each player privately learns its *type* -- how costly a supply cut would be
for it, how urgently it needs the ore -- from a common prior over type
profiles, then all choose actions at once. A :class:`BayesianGame` holds the
type names, the joint prior, the action names and, for every player, a payoff
array over ``(types_1, ..., types_n, actions_1, ..., actions_n)``.

Following Harsanyi (1967-68), :meth:`BayesianGame.to_game` builds the induced
normal form: a strategy of player ``i`` maps each of its types to an action,
and payoffs are ex-ante expectations under the common prior.
:func:`bayes_nash_equilibria` solves it with :func:`leverage.equilibria` and
maps each equilibrium back to type-by-type mixed actions.

Types of zero probability
-------------------------
A type whose marginal prior probability is 0 never occurs: its action does
not change anyone's ex-ante payoff, and its interim payoff (conditional on a
null event) is undefined. :meth:`BayesianGame.to_game` still includes it
(strategies that differ only there are payoff-equivalent duplicates), but
:func:`bayes_nash_equilibria` solves the game over the types of positive
probability only and reports the others' actions as ``None`` -- arbitrary --
listing them in :attr:`BayesNashEquilibrium.arbitrary`.

Examples
--------
Private provision of a public good (after Fudenberg and Tirole 1991, section
6.1, with two cost types): each player gains 1 if at least one contributes; a
contribution costs 0.2 to a low-cost type (probability 0.9) and 1.5 to a
high-cost type. High types never contribute; the low types contribute either
alone, or each with probability ``(1 - 0.2) / 0.9 = 8/9``.

>>> game = public_good()
>>> for eq in bayes_nash_equilibria(game):
...     print({p: round(eq.strategies[p]["Low"]["Contribute"], 4) for p in game.players})
{'Player 1': 1.0, 'Player 2': 0.0}
{'Player 1': 0.8889, 'Player 2': 0.8889}
{'Player 1': 0.0, 'Player 2': 1.0}

References
----------
Harsanyi, J. C. (1967-68). Games with incomplete information played by
"Bayesian" players, parts I-III. *Management Science* 14, 159-182, 320-334,
486-502.

Fudenberg, D. and Tirole, J. (1991). *Game Theory*, chapter 6. MIT Press.
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leverage.checks import check_choice, check_real, real_array
from leverage.extensive.tree import MAX_CELLS
from leverage.game import Game, probability_array
from leverage.nodes import PROBABILITY_ATOL
from leverage.results import UnverifiedEquilibriumError
from leverage.solvers.enumeration import METHODS, equilibria
from leverage.tolerance import resolve_rtol

__all__ = ["BayesianGame", "BayesNashEquilibrium", "bayes_nash_equilibria", "public_good"]


def _names(names: Any, what: str, caller: str, forbidden: str = "") -> tuple[str, ...]:
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise TypeError(f"{caller}: {what} must be a sequence of names; got {names!r}")
    names = tuple(names)
    if not names:
        raise ValueError(f"{caller}: {what} is empty")
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"{caller}: {what} must be strings; got {name!r}")
        if not name:
            raise ValueError(f"{caller}: {what} contains an empty name")
        bad = [c for c in forbidden if c in name]
        if bad:
            raise ValueError(f"{caller}: name {name!r} in {what} contains {bad[0]!r}, which joins strategy names")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"{caller}: duplicate name(s) {', '.join(map(repr, duplicates))} in {what}")
    return names


def _per_player(values: Any, n: int | None, what: str, caller: str) -> list[Any]:
    if isinstance(values, (str, np.ndarray)) or not isinstance(values, Sequence):
        raise TypeError(f"{caller}: {what} must be a sequence with one entry per player; got {type(values).__name__}")
    values = list(values)
    if n is not None and len(values) != n:
        raise ValueError(f"{caller}: {what} has {len(values)} entries but there are {n} players")
    return values


class BayesianGame:
    """A finite game of incomplete information with a common prior over type profiles.

    Timing: chance draws a type profile from ``prior``; each player learns its
    own type only; all choose actions simultaneously; player ``i`` receives
    ``payoffs[i][t_1, ..., t_n, a_1, ..., a_n]``.

    Parameters
    ----------
    types : sequence of sequences of str
        Each player's type names (no ``":"`` or ``"/"``).
    prior : array_like, shape (types_1, ..., types_n)
        Joint probability of each type profile: non-negative, summing to 1
        (within :data:`~leverage.nodes.PROBABILITY_ATOL`). Types need not be
        independent.
    actions : sequence of sequences of str
        Each player's action names (no ``"/"``), the same for all its types.
    payoffs : sequence of array_like
        One array per player, shape ``(types_1, ..., types_n, actions_1, ..., actions_n)``.
    players : sequence of str, optional
        Player names; ``"Player 1"``, ``"Player 2"``, ... by default.

    Raises
    ------
    TypeError
        If names are not strings, or arrays not numeric.
    ValueError
        If the prior is not a probability distribution (negative, non-finite,
        not summing to 1, wrong shape), a payoff array has the wrong shape or
        non-finite entries, or the per-player lists disagree in length or
        hold empty or duplicate names.

    Examples
    --------
    >>> g = BayesianGame([["H", "L"], ["x"]], [[0.5], [0.5]], [["Fight", "Yield"], ["Enter", "Stay"]],
    ...                  [np.zeros((2, 1, 2, 2)), np.zeros((2, 1, 2, 2))], players=("China", "EU"))
    >>> g
    BayesianGame(China: types H, L, actions Fight, Yield; EU: types x, actions Enter, Stay)
    >>> g.to_game().strategies[0]
    ('H:Fight/L:Fight', 'H:Fight/L:Yield', 'H:Yield/L:Fight', 'H:Yield/L:Yield')
    >>> BayesianGame([["H", "L"]], [0.7, 0.4], [["a"]], [np.zeros((2, 1))])
    Traceback (most recent call last):
    ...
    ValueError: BayesianGame(): prior must sum to 1; got 1.1
    """

    __slots__ = ("_types", "_prior", "_actions", "_payoffs", "_players")

    def __init__(
        self,
        types: Sequence[Sequence[str]],
        prior: Any,
        actions: Sequence[Sequence[str]],
        payoffs: Sequence[Any],
        players: Sequence[str] | None = None,
    ) -> None:
        caller = "BayesianGame()"
        type_lists = _per_player(types, None, "types", caller)
        n = len(type_lists)
        if n == 0:
            raise ValueError(f"{caller}: types is empty; a game needs at least one player")
        self._players = (
            tuple(f"Player {i + 1}" for i in range(n))
            if players is None
            else _names(_per_player(players, n, "players", caller), "players", caller)
        )
        self._types = tuple(
            _names(t, f"types of {p!r}", caller, forbidden=":/") for t, p in zip(type_lists, self._players)
        )
        self._actions = tuple(
            _names(a, f"actions of {p!r}", caller, forbidden="/")
            for a, p in zip(_per_player(actions, n, "actions", caller), self._players)
        )
        tshape = tuple(len(t) for t in self._types)
        ashape = tuple(len(a) for a in self._actions)
        p = probability_array(prior, tshape, "prior", caller, "one axis of types per player")
        p.setflags(write=False)
        self._prior = p
        arrays = []
        for i, u in enumerate(_per_player(payoffs, n, "payoffs", caller)):
            try:
                arr = real_array(u, f"payoffs[{i}]", caller, finite=False).copy()
            except (TypeError, ValueError):
                raise TypeError(f"{caller}: payoffs[{i}] is not a numeric array") from None
            if arr.shape != tshape + ashape:
                raise ValueError(
                    f"{caller}: payoffs[{i}] must have shape {tshape + ashape} (types, then actions, of every "
                    f"player); got {arr.shape}"
                )
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"{caller}: payoffs[{i}] has non-finite entries")
            arr.setflags(write=False)
            arrays.append(arr)
        self._payoffs = tuple(arrays)

    # ------------------------------------------------------------------ data
    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._players)

    @property
    def types(self) -> tuple[tuple[str, ...], ...]:
        """Type names per player."""
        return self._types

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """Action names per player."""
        return self._actions

    @property
    def prior(self) -> np.ndarray:
        """The joint prior over type profiles (read-only)."""
        return self._prior

    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """Payoff arrays, one per player (read-only)."""
        return self._payoffs

    def marginal(self, player: int) -> np.ndarray:
        """Marginal prior of ``player``'s types (by index).

        Examples
        --------
        >>> public_good().marginal(1)
        array([0.9, 0.1])
        """
        axes = tuple(j for j in range(self.n_players) if j != player)
        return self._prior.sum(axis=axes)

    def __repr__(self) -> str:
        inner = "; ".join(
            f"{p}: types {', '.join(t)}, actions {', '.join(a)}"
            for p, t, a in zip(self._players, self._types, self._actions)
        )
        return f"BayesianGame({inner})"

    # ------------------------------------------------------------------ normal form
    def to_game(self, max_cells: int = MAX_CELLS) -> Game:
        """The induced normal form: strategies map types to actions, payoffs are ex-ante expectations.

        Player ``i``'s strategies are all maps from its types to its actions,
        in lexicographic order (first type slowest), named
        ``"type:action/type:action"``. The payoff of a profile ``s`` is
        ``sum over type profiles t of prior[t] * u_i(t, s_1(t_1), ..., s_n(t_n))``.

        Parameters
        ----------
        max_cells : int
            Refuse normal forms with more pure profiles than this.

        Raises
        ------
        ValueError
            If the normal form would have more than ``max_cells`` pure profiles.

        Examples
        --------
        >>> g = public_good().to_game()
        >>> g.strategies[0]
        ('Low:Contribute/High:Contribute', 'Low:Contribute/High:Keep', 'Low:Keep/High:Contribute', 'Low:Keep/High:Keep')
        >>> float(g.payoffs[0][1, 3])  # low type contributes, the other player never does
        0.72
        """
        keep = tuple(tuple(range(len(t))) for t in self._types)
        return self._induced(keep, max_cells, "BayesianGame.to_game()")

    def _strategy_table(self, i: int, keep: tuple[int, ...]) -> np.ndarray:
        """Action index of each type (``-1`` outside ``keep``), one row per strategy, shape ``(S_i, T_i)``."""
        rows = list(itertools.product(range(len(self._actions[i])), repeat=len(keep)))
        table = np.full((len(rows), len(self._types[i])), -1, dtype=int)
        if keep:
            table[:, list(keep)] = np.array(rows, dtype=int).reshape(len(rows), len(keep))
        return table

    def _induced(self, keep: tuple[tuple[int, ...], ...], max_cells: int, caller: str) -> Game:
        if isinstance(max_cells, bool) or not isinstance(max_cells, (int, np.integer)) or max_cells < 1:
            raise ValueError(f"{caller}: max_cells must be a positive integer; got {max_cells!r}")
        n = self.n_players
        counts = [len(self._actions[i]) ** len(keep[i]) for i in range(n)]
        cells = int(np.prod(counts, dtype=object))
        if cells > max_cells:
            raise ValueError(
                f"{caller}: the induced normal form has {cells} pure profiles ({' x '.join(map(str, counts))}), "
                f"more than max_cells={max_cells}"
            )
        letters = iter(string.ascii_letters)
        t_sub = [next(letters) for _ in range(n)]
        a_sub = [next(letters) for _ in range(n)]
        s_sub = [next(letters) for _ in range(n)]
        operands: list[Any] = []
        terms = []
        for j in range(n):
            table = self._strategy_table(j, keep[j])
            onehot = np.zeros(table.shape + (len(self._actions[j]),))
            s_idx, t_idx = np.nonzero(table >= 0)
            onehot[s_idx, t_idx, table[s_idx, t_idx]] = 1.0
            operands.append(onehot)
            terms.append(s_sub[j] + t_sub[j] + a_sub[j])
        spec = "".join(t_sub) + "," + "".join(t_sub) + "".join(a_sub) + "," + ",".join(terms) + "->" + "".join(s_sub)
        payoffs = [np.einsum(spec, self._prior, u, *operands, optimize=True) for u in self._payoffs]
        names = []
        for j in range(n):
            table = self._strategy_table(j, keep[j])
            names.append(tuple(
                "/".join(f"{self._types[j][t]}:{self._actions[j][row[t]]}" for t in keep[j]) or "-"
                for row in table
            ))
        return Game(payoffs, players=self._players, strategies=names)


# ---------------------------------------------------------------------------- equilibria


@dataclass(frozen=True, eq=False)
class BayesNashEquilibrium:
    """A verified Bayes-Nash equilibrium, type by type.

    Attributes
    ----------
    strategies : dict
        ``{player: {type: {action: probability} or None}}``; ``None`` for a
        type of zero prior probability, whose action is arbitrary.
    payoffs : numpy.ndarray
        Ex-ante expected payoffs.
    interim_payoffs : dict
        ``{player: {type: expected payoff given the type, or None}}``.
    regret : float
        The largest ex-ante regret over players, within the tolerance rule
        applied to the induced normal form.
    interim_regrets : dict
        ``{player: {type: gain of the type's best action over its strategy, or None}}``.
    arbitrary : tuple of (player, type)
        Types of zero prior probability.
    method : str
        The normal-form method that found it.
    players : tuple of str

    Examples
    --------
    >>> eq = bayes_nash_equilibria(public_good())[1]
    >>> eq
    BayesNashEquilibrium(Player 1: Low: Contribute 0.888889, Keep 0.111111; High: Keep 1; Player 2: Low: Contribute 0.888889, Keep 0.111111; High: Keep 1; payoffs (0.8, 0.8))
    >>> eq.interim_payoffs["Player 1"]
    {'Low': 0.8, 'High': 0.8}
    """

    strategies: Mapping[str, Mapping[str, Mapping[str, float] | None]]
    payoffs: np.ndarray
    interim_payoffs: Mapping[str, Mapping[str, float | None]]
    regret: float
    interim_regrets: Mapping[str, Mapping[str, float | None]] = field(repr=False)
    arbitrary: tuple[tuple[str, str], ...] = field(repr=False)
    method: str = field(repr=False)
    players: tuple[str, ...] = field(repr=False)

    @property
    def is_pure(self) -> bool:
        """Whether every type of positive probability plays one action."""
        return all(
            max(mix.values()) == 1.0 for per_type in self.strategies.values() for mix in per_type.values() if mix
        )

    def __repr__(self) -> str:
        parts = []
        for p in self.players:
            types = []
            for t, mix in self.strategies[p].items():
                body = "arbitrary" if mix is None else ", ".join(f"{a} {q:.6g}" for a, q in mix.items() if q > 0)
                types.append(f"{t}: {body}")
            parts.append(f"{p}: {'; '.join(types)}")
        pay = ", ".join(f"{x:.6g}" for x in self.payoffs)
        return f"BayesNashEquilibrium({'; '.join(parts)}; payoffs ({pay}))"


def _interim_values(game: BayesianGame, sigma: list[np.ndarray], i: int) -> np.ndarray:
    """``Q[t_i, a_i] = sum over type profiles with i's type t_i of prior * expected u_i`` (shape ``(T_i, A_i)``)."""
    n = game.n_players
    letters = iter(string.ascii_letters)
    t_sub = [next(letters) for _ in range(n)]
    a_sub = [next(letters) for _ in range(n)]
    spec = "".join(t_sub) + "," + "".join(t_sub) + "".join(a_sub)
    operands: list[Any] = [game.prior, game.payoffs[i]]
    for j in range(n):
        if j != i:
            spec += "," + t_sub[j] + a_sub[j]
            operands.append(sigma[j])
    return np.einsum(spec + "->" + t_sub[i] + a_sub[i], *operands, optimize=True)


def bayes_nash_equilibria(game: BayesianGame, method: str = "auto", rtol: float | None = None, *, tol: float | None = None) -> list[BayesNashEquilibrium]:
    """Bayes-Nash equilibria, from the equilibria of the induced normal form.

    The normal form is built over the types of positive prior probability
    (see the module docstring), solved with :func:`leverage.equilibria`, and
    each equilibrium's mixed strategy over type->action maps is turned into
    a mixed action per type (its marginal at that type; ex-ante payoffs depend
    on nothing else). Distinct normal-form equilibria with the same marginals
    are reported once. For two players the normal-form solvers give every
    *extreme* equilibrium; the marginals of a continuum of equilibria are
    represented by the images of its extreme points.

    Each result is verified: every player's ex-ante regret (the gain from the
    best action of each type, weighted by the type's probability) is at most
    ``rtol`` times the range of its induced normal-form payoffs.

    Parameters
    ----------
    game : BayesianGame
    method : str
        Passed to :func:`leverage.equilibria`.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Returns
    -------
    list of BayesNashEquilibrium
        In the order the normal-form solver returns them.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`BayesianGame`.
    ValueError
        If the induced normal form exceeds :data:`~leverage.extensive.tree.MAX_CELLS` pure profiles.
    UnverifiedEquilibriumError
        If a mapped profile fails verification (it should not).

    Examples
    --------
    A type that never occurs gets no action:

    >>> g = BayesianGame([["Only", "Never"]], [1.0, 0.0], [["a", "b"]], [[[1.0, 0.0], [0.0, 1.0]]])
    >>> eq, = bayes_nash_equilibria(g)
    >>> eq.strategies, eq.arbitrary
    ({'Player 1': {'Only': {'a': 1.0, 'b': 0.0}, 'Never': None}}, (('Player 1', 'Never'),))
    """
    caller = "bayes_nash_equilibria"
    if not isinstance(game, BayesianGame):
        raise TypeError(f"{caller}(): game must be a BayesianGame; got {type(game).__name__}")
    rtol = resolve_rtol(rtol, tol, caller)
    check_choice(method, "method", f"{caller}()", METHODS)
    n = game.n_players
    marginals = [game.marginal(i) for i in range(n)]
    keep = tuple(tuple(int(t) for t in np.flatnonzero(m > 0)) for m in marginals)
    normal = game._induced(keep, MAX_CELLS, f"{caller}()")
    tols = normal.tolerances(rtol)
    tables = [game._strategy_table(i, keep[i]) for i in range(n)]
    out: list[BayesNashEquilibrium] = []
    seen: list[list[np.ndarray]] = []
    for eq in equilibria(normal, method=method, tol=rtol):
        sigma = []
        for i in range(n):
            T, A = len(game.types[i]), len(game.actions[i])
            s = np.full((T, A), 1.0 / A)  # placeholder for zero-probability types; weighted by 0
            for t in keep[i]:
                s[t] = np.bincount(tables[i][:, t], weights=eq.strategies[i], minlength=A)
                s[t] /= s[t].sum()
            sigma.append(s)
        if any(all(np.allclose(a, b, atol=PROBABILITY_ATOL, rtol=0) for a, b in zip(sigma, old)) for old in seen):
            continue
        seen.append(sigma)
        out.append(_result(game, sigma, marginals, tols, eq.method))
    return out


def _result(game: BayesianGame, sigma: list[np.ndarray], marginals: list[np.ndarray], tols: np.ndarray,
            method: str) -> BayesNashEquilibrium:
    n = game.n_players
    payoffs = np.empty(n)
    regrets = np.empty(n)
    strategies, interim, interim_regrets, arbitrary = {}, {}, {}, []
    for i, player in enumerate(game.players):
        Q = _interim_values(game, sigma, i)
        own = (Q * sigma[i]).sum(axis=1)
        best = Q.max(axis=1)
        payoffs[i] = own.sum()
        regrets[i] = max(0.0, float((best - own).sum()))
        strategies[player], interim[player], interim_regrets[player] = {}, {}, {}
        for t, name in enumerate(game.types[i]):
            if marginals[i][t] > 0:
                strategies[player][name] = {a: float(q) for a, q in zip(game.actions[i], sigma[i][t])}
                interim[player][name] = float(own[t] / marginals[i][t])
                interim_regrets[player][name] = float(max(0.0, best[t] - own[t]) / marginals[i][t])
            else:
                strategies[player][name] = interim[player][name] = interim_regrets[player][name] = None
                arbitrary.append((player, name))
    if np.any(regrets > tols):
        worst = int(np.argmax(regrets - tols))
        raise UnverifiedEquilibriumError(
            f"bayes_nash_equilibria(): {game.players[worst]}'s ex-ante regret {regrets[worst]:.3g} exceeds "
            f"the tolerance {tols[worst]:.3g}"
        )
    payoffs.setflags(write=False)
    return BayesNashEquilibrium(
        strategies=strategies,
        payoffs=payoffs,
        interim_payoffs=interim,
        regret=float(regrets.max()),
        interim_regrets=interim_regrets,
        arbitrary=tuple(arbitrary),
        method=method,
        players=game.players,
    )


def public_good(p_low: float = 0.9, cost_low: float = 0.2, cost_high: float = 1.5) -> BayesianGame:
    """Two players' private provision of a public good with two independent cost types.

    Each player is ``"Low"`` cost with probability ``p_low``, else ``"High"``,
    independently; each chooses ``"Contribute"`` or ``"Keep"``. Payoff: 1 if
    at least one player contributes, minus the player's cost if it
    contributes (Fudenberg and Tirole 1991, section 6.1, with discrete types).

    Examples
    --------
    >>> public_good().prior
    array([[0.81, 0.09],
           [0.09, 0.01]])
    """
    caller = "public_good()"
    p_low = check_real(p_low, "p_low", caller, 0.0, 1.0)
    cost = np.array([check_real(cost_low, "cost_low", caller), check_real(cost_high, "cost_high", caller)])
    marginal = np.array([p_low, 1.0 - p_low])
    u1 = np.zeros((2, 2, 2, 2))
    for t1, t2, a1, a2 in itertools.product(range(2), repeat=4):
        u1[t1, t2, a1, a2] = float(a1 == 0 or a2 == 0) - cost[t1] * (a1 == 0)
    u2 = np.transpose(u1, (1, 0, 3, 2))
    return BayesianGame([["Low", "High"]] * 2, np.outer(marginal, marginal), [["Contribute", "Keep"]] * 2, [u1, u2])
