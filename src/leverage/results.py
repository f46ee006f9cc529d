"""Result types: a verified :class:`Equilibrium`, lists that say whether they are complete, and the solver errors.

Every solver builds its results with :func:`verified_equilibrium`, which cleans
float noise, computes each player's regret and refuses a profile whose regret
exceeds the library's tolerance rule (:mod:`leverage.tolerance`) -- or whose
probabilities or regret are not finite numbers. No solver can return an
unverified profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any

import numpy as np

from leverage.checks import check_flag, check_real, real_array
from leverage.display import categorical, format_cell, html_table, require_pandas
from leverage.game import Game, regrets, strategy_payoffs
from leverage.tolerance import (
    PROBABILITY_ATOL,
    PROFILE_ATOL,
    PROBABILITY_NOISE as _PROBABILITY_NOISE,
    ORDER_DECIMALS,
    check_rtol,
)

__all__ = [
    "Equilibrium",
    "EquilibriumList",
    "SolverError",
    "UnverifiedEquilibriumError",
    "IncompleteEnumerationWarning",
    "verified_equilibrium",
    "clean_probabilities",
    "unique_equilibria",
    "unique_rows_greedy",
]

#: Probabilities smaller than this are float noise and are set to 0 (:data:`leverage.tolerance.PROBABILITY_NOISE`).
PROBABILITY_NOISE = _PROBABILITY_NOISE


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


class EquilibriumList(list):
    """A list of equilibria that says whether it holds every one the method can find.

    :func:`leverage.equilibria` returns one. It is an ordinary ``list`` (so
    code written for lists keeps working) with two more attributes.

    Attributes
    ----------
    complete : bool
        False when the enumeration stopped at a bound (``max_equilibria``,
        ``time_limit``, a memory budget) or otherwise could not list every
        equilibrium; an :class:`IncompleteEnumerationWarning` then says so.
    reason : str or None
        Why the list is incomplete: ``"max_equilibria"``, ``"time_limit"``,
        ``"memory"``, or the solver's own explanation; None when complete.

    Examples
    --------
    >>> found = EquilibriumList([], complete=False, reason="time_limit")
    >>> found == [], found.complete, found.reason
    (True, False, 'time_limit')
    >>> EquilibriumList().complete
    True
    """

    def __init__(
        self, items: Iterable[Any] = (), *, complete: bool = True, reason: str | None = None
    ) -> None:
        if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
            raise TypeError(f"EquilibriumList(): items must be an iterable of equilibria; got {type(items).__name__}")
        if not isinstance(complete, (bool, np.bool_)):
            raise TypeError(f"EquilibriumList(): complete must be True or False; got {complete!r}")
        if reason is not None and not isinstance(reason, str):
            raise TypeError(f"EquilibriumList(): reason must be a string or None; got {reason!r}")
        super().__init__(items)
        self.complete = bool(complete)
        self.reason = None if complete else reason

    def _repr_html_(self) -> str:
        """The equilibria as an HTML table for Jupyter, one row each (every name escaped).

        A column per player gives its mixed strategy (probabilities by strategy
        name, zeros omitted); then each player's payoff, the regret, the
        method and the status. The caption says whether the list is complete.

        Examples
        --------
        >>> from leverage import Game, equilibria
        >>> g = Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], players=("China", "US"))
        >>> "<td>s1 0.5, s2 0.5</td>" in equilibria(g)._repr_html_()
        True
        """
        players: list[str] = []
        rows = [_table_row(item) for item in self]
        for row in rows:
            players.extend(p for p in row[0] if p not in players)
        body = [[k + 1, *(row[0].get(p, ("", 0.0))[0] for p in players),
                 *(row[0].get(p, ("", None))[1] for p in players), *row[1:]] for k, row in enumerate(rows)]
        header = ["#", *players, *(f"payoff {p}" for p in players), "regret", "method", "status"]
        state = "complete" if self.complete else f"incomplete ({self.reason or 'reason not given'})"
        caption = f"{len(self)} equilibri{'um' if len(self) == 1 else 'a'}; the list is {state}"
        return html_table(header, body, caption=caption)

    def to_pandas(self) -> Any:
        """The equilibria as a ``pandas.DataFrame``, one row each.

        Columns ``p_<player>_<strategy>`` (every strategy's probability, zeros
        included), ``payoff_<player>``, ``regret``, ``method``, ``pure`` and
        ``status`` (a categorical: ``"verified"`` for the library's verified
        equilibria). An extensive-form equilibrium gives ``p_<player>_<information set>:<action>``.
        ``frame.attrs`` holds ``complete`` and ``reason``.

        Raises ``ImportError`` without pandas (``pip install 'leverage[tables]'``).

        Examples
        --------
        >>> from leverage import Game, equilibria
        >>> g = Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], players=("China", "US"))
        >>> equilibria(g).to_pandas()[["p_China_s1", "payoff_US"]].values.tolist()
        [[0.5, 0.0]]
        """
        pd = require_pandas("EquilibriumList.to_pandas()")
        records = []
        for item in self:
            record: dict[str, Any] = {}
            for player, probs in _probabilities(item).items():
                record.update({f"p_{player}_{name}": p for name, p in probs.items()})
            payoffs = getattr(item, "payoffs", ())
            record.update({f"payoff_{p}": float(v) for p, v in zip(_player_names(item, len(payoffs)), payoffs)})
            record.update(zip(("regret", "method", "status"), _table_row(item)[1:]))
            record["pure"] = getattr(item, "is_pure", None)
            records.append(record)
        columns = list(dict.fromkeys(k for r in records for k in r)) or ["regret", "method", "pure", "status"]
        frame = pd.DataFrame(records, columns=columns)
        frame.attrs.update(complete=self.complete, reason=self.reason)
        return categorical(frame)


def _player_names(item: Any, n: int) -> list[str]:
    players = tuple(getattr(item, "players", ()) or ())
    return list(players) if len(players) == n else [f"Player {i + 1}" for i in range(n)]


def _probabilities(item: Any) -> dict[str, dict[str, float]]:
    """``{player: {strategy: probability}}`` of a listed equilibrium, every strategy (extensive: ``set:action``)."""
    if hasattr(item, "by_player"):
        return {player: {f"{sid}:{a}": float(p) for sid, probs in sets.items() for a, p in probs.items()}
                for player, sets in item.by_player().items()}
    strategies = getattr(item, "strategies", None)
    if strategies is None:
        return {}
    names = getattr(item, "strategy_names", ()) or ()
    return {player: {(names[i][k] if len(names) == len(strategies) else f"s{k + 1}"): float(p) for k, p in enumerate(vec)}
            for i, (player, vec) in enumerate(zip(_player_names(item, len(strategies)), strategies))}


def _table_row(item: Any) -> tuple[dict[str, tuple[str, float | None]], Any, Any, str]:
    """``({player: (strategy text, payoff)}, regret, method, status)`` of one listed equilibrium."""
    payoffs, probs = list(getattr(item, "payoffs", ())), _probabilities(item)
    cells = {player: (", ".join(f"{name} {format_cell(p)}" for name, p in probs.get(player, {}).items() if p != 0),
                      float(payoffs[i])) for i, player in enumerate(_player_names(item, len(payoffs)))}
    regret = getattr(item, "regret", None)
    status = "verified" if regret is not None else "unknown"
    return cells, None if regret is None else float(regret), getattr(item, "method", None), status


def clean_probability_array(P: np.ndarray, axis: int = -1) -> np.ndarray:
    """Clean float noise from probability vectors stacked along other axes, in place.

    The one implementation of the cleaning that :func:`clean_probabilities`
    applies to one vector and the batched solver
    (:func:`leverage.solvers.batch.solve_batch`) to every candidate at once:
    entries below :data:`PROBABILITY_NOISE` (such as ``-1e-17``) become exactly
    0, each vector is renormalised to sum to 1, and entries within
    :data:`PROBABILITY_NOISE` of 1 become exactly 1. It does not check its
    input: every vector must have an entry of at least
    :data:`PROBABILITY_NOISE` (:func:`clean_probabilities` checks).

    Parameters
    ----------
    P : numpy.ndarray
        Float array, modified in place; ``axis`` runs over the entries of one
        vector, every other axis over vectors.
    axis : int
        The axis of the probabilities.

    Returns
    -------
    numpy.ndarray
        ``P``.

    Examples
    --------
    Two vectors as the columns of an array:

    >>> clean_probability_array(np.array([[0.5, 1.0], [-1e-17, 1e-13], [0.5, 0.0]]), axis=0)
    array([[0.5, 1. ],
           [0. , 0. ],
           [0.5, 0. ]])
    """
    P[P < PROBABILITY_NOISE] = 0.0
    P /= P.sum(axis=axis, keepdims=True)
    P[np.abs(P - 1.0) < PROBABILITY_NOISE] = 1.0
    return P


def clean_probabilities(vector: np.ndarray) -> np.ndarray:
    """Clean float noise from a probability vector.

    Entries below :data:`PROBABILITY_NOISE` (such as ``-1e-17``) become exactly 0
    and the vector is renormalised to sum to 1 (:func:`clean_probability_array`
    on a checked copy).

    Raises
    ------
    TypeError
        If ``vector`` is not a real array.
    ValueError
        If it is not 1-D, an entry is not finite or no entry is positive.

    Examples
    --------
    >>> clean_probabilities(np.array([0.5, -1e-17, 0.5]))
    array([0.5, 0. , 0.5])
    """
    v = real_array(vector, "vector", "clean_probabilities()", ndim=1, finite=False).astype(float)
    if not np.all(np.isfinite(v)):
        raise ValueError(f"clean_probabilities(): the vector has non-finite entries: {v}")
    if not np.any(v >= PROBABILITY_NOISE):
        raise ValueError("clean_probabilities(): the vector has no positive entry")
    return clean_probability_array(v)



def format_profile(
    strategies: Sequence[np.ndarray],
    players: Sequence[str] = (),
    strategy_names: Sequence[Sequence[str]] = (),
    support: Sequence[Sequence[int]] | None = None,
) -> str:
    """A mixed profile in words: ``"China: License 0.6, Open 0.4; US: Comply 1"``.

    The one formatter of the results' representations.

    Parameters
    ----------
    strategies : sequence of arrays
        One probability vector per player.
    players, strategy_names : sequences, optional
        Names; ``Player i`` and ``s1, s2, ...`` when empty.
    support : sequence of index sequences, optional
        The strategies to show per player (default: all).

    Examples
    --------
    >>> format_profile([np.array([0.25, 0.75]), np.array([1.0])], ("A", "B"), (("x", "y"), ("z",)))
    'A: x 0.25, y 0.75; B: z 1'
    >>> format_profile([np.array([0.0, 1.0])], support=[(1,)])
    'Player 1: s2 1'
    """
    parts = []
    for i, vec in enumerate(strategies):
        name = players[i] if players else f"Player {i + 1}"
        names = strategy_names[i] if strategy_names else tuple(f"s{k + 1}" for k in range(len(vec)))
        shown = range(len(vec)) if support is None else support[i]
        parts.append(f"{name}: " + ", ".join(f"{names[k]} {vec[k]:.6g}" for k in shown))
    return "; ".join(parts)

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
        profile = format_profile(self.strategies, self.players, self.strategy_names, self.support)
        pay = ", ".join(f"{p:.6g}" for p in self.payoffs)
        return f"Equilibrium({profile}; payoffs ({pay}); regret {self.regret:.3g}; method {self.method!r})"

    @property
    def is_pure(self) -> bool:
        """Whether every player plays one strategy with probability 1."""
        return all(len(s) == 1 for s in self.support)

    def isclose(self, other: Equilibrium | Sequence[np.ndarray], atol: float = PROFILE_ATOL) -> bool:
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


def _expected_payoffs(payoffs: Sequence[np.ndarray], profile: Sequence[np.ndarray]) -> np.ndarray:
    return np.array([strategy_payoffs(u, profile, i) @ profile[i] for i, u in enumerate(payoffs)])


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
        Clean float noise first (:func:`clean_probabilities`); without it,
        each vector must already be a probability vector (entries at least
        ``-PROBABILITY_NOISE``, sum within
        :data:`~leverage.tolerance.PROBABILITY_ATOL` per entry of 1).

    Raises
    ------
    UnverifiedEquilibriumError
        If some player's regret exceeds ``rtol`` times its payoff range, or a
        probability or a regret is not a finite number, or a vector is not a
        probability vector.
    ValueError
        If the profile does not have one vector of the right length per player.

    Examples
    --------
    >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> verified_equilibrium(g, [np.array([0., 1.]), np.array([0., 1.])], "manual").payoffs
    array([1., 1.])

    A profile with a NaN never passes, whatever its regret evaluates to:

    >>> verified_equilibrium(g, [np.array([np.nan, 1.0]), np.array([0., 1.])], "manual")
    Traceback (most recent call last):
    ...
    leverage.results.UnverifiedEquilibriumError: manual: candidate profile fails verification: Player 1's strategy ...
    """
    caller = "verified_equilibrium()"
    if not isinstance(game, Game):
        raise TypeError(f"{caller}: game must be a leverage.Game; got {type(game).__name__}")
    if isinstance(strategies, (str, bytes)) or not isinstance(strategies, Iterable):
        raise TypeError(f"{caller}: strategies must be one probability vector per player; got {strategies!r}")
    if not isinstance(method, str):
        raise TypeError(f"{caller}: method must be a string naming the solver; got {method!r}")
    clean = check_flag(clean, "clean", caller)
    rtol = check_rtol(rtol, "verified_equilibrium")
    strategies = list(strategies)
    if len(strategies) != game.n_players:
        raise ValueError(
            f"verified_equilibrium(): the profile has {len(strategies)} strategies but the game has "
            f"{game.n_players} players"
        )
    raw = tuple(real_array(s, f"strategy {i}", caller, finite=False) for i, s in enumerate(strategies))
    for i, (vec, m) in enumerate(zip(raw, game.shape)):
        if vec.shape != (m,):
            raise ValueError(
                f"verified_equilibrium(): strategy {i} has shape {vec.shape}; {game.players[i]} has {m} strategies"
            )
        failure = None
        if not np.all(np.isfinite(vec)):
            failure = "has non-finite entries"
        elif clean and not np.any(vec >= PROBABILITY_NOISE):
            failure = "has no positive entry"
        elif not clean and (np.any(vec < -PROBABILITY_NOISE) or abs(vec.sum() - 1.0) > PROBABILITY_ATOL * m):
            failure = "is not a probability vector"
        if failure:
            raise UnverifiedEquilibriumError(
                f"{method}: candidate profile fails verification: {game.players[i]}'s strategy {failure} {vec}"
            )
    profile = tuple(clean_probabilities(v) for v in raw) if clean else tuple(v.copy() for v in raw)
    reg = regrets(game.payoffs, profile)
    scale = game.payoff_scale
    tol = rtol * scale
    if not np.all(np.isfinite(reg)):
        worst = int(np.flatnonzero(~np.isfinite(reg))[0])
        raise UnverifiedEquilibriumError(
            f"{method}: candidate profile fails verification: {game.players[worst]}'s regret is {reg[worst]}"
        )
    if np.any(reg > tol):
        worst = int(np.argmax(reg - tol))
        raise UnverifiedEquilibriumError(
            f"{method}: candidate profile fails verification: {game.players[worst]}'s regret "
            f"{reg[worst]:.3g} exceeds the tolerance {tol[worst]:.3g}"
        )
    for vec in profile:
        vec.setflags(write=False)
    payoffs = _expected_payoffs(game.payoffs, profile)
    payoffs[np.abs(payoffs) <= PROBABILITY_NOISE * scale] = 0.0
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


#: Cells of the grid that :func:`unique_equilibria` hashes are at least this wide.
_CELL = 2.0**-10

#: A point this many coordinates from a cell boundary is compared with every kept point instead.
_MAX_AMBIGUOUS = 8


def unique_rows_greedy(points: np.ndarray, atol: float) -> np.ndarray:
    """Which rows to keep so that no two kept rows are within ``atol`` (max-norm), greedily in order.

    Row ``j`` is kept exactly when no earlier *kept* row is within ``atol`` of
    it in every coordinate. The rows are hashed to cells of a grid of width
    ``h = max(2**-10, 8 atol)`` (shifted by an irrational fraction of ``h``
    so that round numbers sit far from cell boundaries). Two rows within
    ``atol`` share a cell in every coordinate except where one of them lies
    within ``2 atol`` of a boundary, so each row is compared only with the
    kept rows of its own cell and of the few neighbouring cells across such
    boundaries; a row alone in its cell and far from every boundary is kept
    without any comparison. ``O(E log E)`` time and ``O(E)`` memory for ``E``
    rows (a row near more than eight boundaries, which needs an adversarial
    input, is compared with every kept row instead).

    Parameters
    ----------
    points : numpy.ndarray
        Shape ``(E, D)``, in the order of preference; finite entries of
        moderate size (probabilities, in the library's use).
    atol : float
        Largest coordinate difference of two rows counted as equal (non-negative, finite).

    Returns
    -------
    numpy.ndarray
        Boolean mask of the rows kept, shape ``(E,)``.

    Raises
    ------
    TypeError, ValueError
        If ``points`` is not a 2-D array of finite real numbers, or ``atol`` not
        a finite, non-negative number.

    Examples
    --------
    >>> unique_rows_greedy(np.array([[0.5, 0.5], [0.5, 0.5 + 1e-12], [1.0, 0.0]]), 1e-9)
    array([ True, False,  True])

    The rule is greedy: the third row is within ``atol`` of the second only,
    which was dropped for the first, so it stays.

    >>> unique_rows_greedy(np.array([[0.0], [0.6], [1.2]]), 0.7)
    array([ True, False,  True])
    """
    caller = "unique_rows_greedy()"
    points = real_array(points, "points", caller, ndim=2)
    atol = check_real(atol, "atol", caller, low=0.0)
    return unique_columns_greedy(points.T, atol)


#: Groups up to this size are de-duplicated by comparing every pair of their points, larger ones on a grid.
_PAIRWISE_GROUP = 16


def unique_columns_greedy(P: np.ndarray, atol: float, groups: np.ndarray | None = None) -> np.ndarray:
    """Which columns to keep so that no two kept columns of a group are within ``atol``, greedily in order.

    The one de-duplication of equilibria: :func:`unique_rows_greedy` (and so
    :func:`unique_equilibria`) calls it for one list, the batched solver
    (:func:`leverage.solvers.batch.solve_batch`) for the candidates of many
    games at once. Column ``j`` is kept exactly when no earlier *kept*
    column of its group is within ``atol`` of it in every coordinate. Groups
    of at most 16 columns compare all their pairs, vectorised over groups;
    a larger group uses the grid of :func:`unique_rows_greedy`. The data are
    not checked (:func:`unique_rows_greedy` checks them).

    Parameters
    ----------
    P : numpy.ndarray
        Shape ``(D, E)``: one point per column, in the order of preference;
        finite entries of moderate size (probabilities).
    atol : float
        Largest coordinate difference of two points counted as equal.
    groups : numpy.ndarray, optional
        Shape ``(E,)``, integers in non-decreasing order (the game of each
        point); points of different groups are never equal. One group by default.

    Returns
    -------
    numpy.ndarray
        Boolean mask of the columns kept, shape ``(E,)``.

    Examples
    --------
    >>> P = np.array([[0.5, 0.5, 1.0, 0.5], [0.5, 0.5 + 1e-12, 0.0, 0.5]])
    >>> unique_columns_greedy(P, 1e-9)
    array([ True, False,  True, False])
    >>> unique_columns_greedy(P, 1e-9, groups=np.array([0, 0, 0, 1]))
    array([ True, False,  True,  True])
    """
    E = P.shape[1]
    keep = np.ones(E, dtype=bool)
    if E < 2:
        return keep
    if groups is None:
        starts = np.zeros(1, dtype=np.intp)
    else:
        starts = np.concatenate([[0], np.flatnonzero(groups[1:] != groups[:-1]) + 1])
    sizes = np.diff(np.append(starts, E))
    if sizes.max() > _PAIRWISE_GROUP:  # large groups on the grid, one at a time
        for s, size in zip(starts[sizes > _PAIRWISE_GROUP], sizes[sizes > _PAIRWISE_GROUP]):
            keep[s : s + size] = _unique_rows_on_grid(P[:, s : s + size].T, atol)
    small = np.repeat(sizes <= _PAIRWISE_GROUP, sizes)
    rank = np.arange(E) - np.repeat(starts, sizes)  # position of each point in its group
    # every pair (i, j), i < j, of a small group whose points are within atol
    pairs_i, pairs_j = [np.zeros(0, np.intp)], [np.zeros(0, np.intp)]
    for k in range(1, int(min(sizes.max(), _PAIRWISE_GROUP))):
        j = np.flatnonzero((rank >= k) & small)
        if not len(j):
            break
        near = np.abs(np.take(P, j, axis=1) - np.take(P, j - k, axis=1)).max(axis=0) <= atol
        pairs_i.append(j[near] - k)
        pairs_j.append(j[near])
    i, j = np.concatenate(pairs_i), np.concatenate(pairs_j)
    if not len(j):
        return keep
    # greedy, vectorised: a point with no earlier point within atol is kept; one within atol of a kept
    # earlier point is dropped; one whose earlier neighbours are all dropped is kept. Each round settles
    # at least the first unsettled point (one round unless closeness chains without being transitive).
    known = np.ones(E, dtype=bool)
    known[j] = False
    while len(j):
        drop = np.zeros(E, dtype=bool)
        drop[j[known[i] & keep[i]]] = True
        keep[drop] = False
        known[drop] = True
        waiting = np.zeros(E, dtype=bool)
        waiting[j[~known[i]]] = True
        settle = ~known & ~waiting & ~drop
        known |= settle
        i, j = i[~known[j]], j[~known[j]]
    return keep


def _unique_rows_on_grid(points: np.ndarray, atol: float) -> np.ndarray:
    """The grid method of :func:`unique_rows_greedy` for one list of rows ``(E, D)``."""
    E = len(points)
    keep = np.ones(E, dtype=bool)
    if E < 2:
        return keep
    h = max(_CELL, 8.0 * atol)
    shifted = (points + 0.3819660112501051 * h) / h
    cells = np.floor(shifted)
    position = (shifted - cells) * h  # distance above the cell's lower boundary
    band = 2.0 * atol
    low, high = position <= band, position >= h - band
    ambiguous = low | high
    cells = cells.astype(np.int64)
    # a row alone in its cell and far from every boundary has no other row within atol
    _, first, counts = np.unique(cells, axis=0, return_index=True, return_counts=True)
    alone = np.zeros(E, dtype=bool)
    alone[first[counts == 1]] = True
    isolated = alone & ~ambiguous.any(axis=1)
    kept_in_cell: dict[bytes, list[int]] = {}
    kept: list[int] = []
    for j in np.flatnonzero(~isolated):  # bounded by E
        p = points[j]
        amb = np.flatnonzero(ambiguous[j])
        if len(amb) > _MAX_AMBIGUOUS:
            others = kept
        else:
            # a kept row within atol of p shares p's cell wherever p is far from a boundary
            others = []
            steps = np.where(low[j, amb], -1, 1)
            for flips in product((0, 1), repeat=len(amb)):  # at most 2**_MAX_AMBIGUOUS cells
                cell = cells[j].copy()
                cell[amb] += steps * np.array(flips, dtype=np.int64)
                others.extend(kept_in_cell.get(cell.tobytes(), ()))
        if others and np.any(np.abs(points[others] - p).max(axis=1) <= atol):
            keep[j] = False
            continue
        kept.append(j)
        kept_in_cell.setdefault(cells[j].tobytes(), []).append(j)
    return keep


def unique_equilibria(eqs: Sequence[Equilibrium], atol: float = PROBABILITY_ATOL) -> list[Equilibrium]:
    """Drop duplicates (same strategies within ``atol``) and sort deterministically.

    The order is lexicographic in the concatenated strategy vectors, larger
    probabilities on earlier strategies first; an equilibrium is dropped when
    an earlier kept one is within ``atol`` of it in every probability
    (:func:`unique_rows_greedy`: ``O(E log E)`` time, ``O(E)`` memory).

    Examples
    --------
    >>> from leverage import Game, equilibria
    >>> g = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> eqs = equilibria(g)
    >>> len(unique_equilibria(eqs + eqs))
    3
    """
    caller = "unique_equilibria()"
    if isinstance(eqs, (str, bytes)) or not isinstance(eqs, Sequence):
        raise TypeError(f"{caller}: eqs must be a sequence of Equilibrium; got {eqs!r}")
    for e in eqs:
        if not isinstance(e, Equilibrium):
            raise TypeError(f"{caller}: eqs must hold Equilibrium objects; got {type(e).__name__}")
    atol = check_real(atol, "atol", caller, low=0.0)
    if not eqs:
        return []
    if len({tuple(len(v) for v in e.strategies) for e in eqs}) > 1:
        raise ValueError(f"{caller}: the equilibria are of games of different shapes")
    flat = np.array([np.concatenate(e.strategies) for e in eqs])
    order = equilibrium_order(flat.T)
    keep = unique_columns_greedy(flat[order].T, atol)
    return [eqs[k] for k in order[keep]]


def equilibrium_order(P: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """The library's order of equilibria: by group, then larger probabilities on earlier strategies first.

    The one ordering of :func:`unique_equilibria` and of the batched solver
    (:func:`leverage.solvers.batch.solve_batch`): stable, lexicographic in the
    probabilities rounded to :data:`~leverage.tolerance.ORDER_DECIMALS`
    decimals, larger first. For probabilities in ``[0, 1]`` the rounded
    values are packed into integers, and each pass after the first re-sorts
    only the runs still tied, which are few, so the cost is about one sort.

    Parameters
    ----------
    P : numpy.ndarray
        Shape ``(D, E)``: the concatenated strategies of one candidate per column.
    groups : numpy.ndarray, optional
        Shape ``(E,)``, non-negative integers below ``2**32`` sorted first (the game of each candidate).

    Returns
    -------
    numpy.ndarray
        The permutation of the columns, shape ``(E,)``.

    Examples
    --------
    >>> P = np.array([[0.0, 1.0, 0.5, 1.0], [1.0, 0.0, 0.5, 0.0]])
    >>> equilibrium_order(P)
    array([1, 3, 2, 0])
    >>> equilibrium_order(P, groups=np.array([1, 1, 0, 0]))
    array([3, 2, 1, 0])
    """
    E = P.shape[1]
    g = np.zeros(E, dtype=np.int64) if groups is None else groups
    top = 10**ORDER_DECIMALS
    with np.errstate(invalid="ignore"):
        Q = top - np.rint(P * float(top))
    if not (np.all(Q >= 0) and np.all(Q < 2**31)):  # not probabilities: compare the rounded floats
        return np.lexsort(np.concatenate([Q[::-1], g[None, :]]))
    Q = Q.astype(np.int64)
    order = np.argsort((g.astype(np.int64) << 31) | Q[0], kind="stable")
    same = g[order][1:] == g[order][:-1]
    for j in range(1, len(Q)):
        q = Q[j - 1][order]
        same &= q[1:] == q[:-1]
        if not same.any():
            break
        run = np.concatenate([[0], np.cumsum(~same)])
        tied = np.zeros(len(order), dtype=bool)
        tied[1:] |= same
        tied[:-1] |= same
        pos = np.flatnonzero(tied)
        sub = order[pos]
        order[pos] = sub[np.argsort((run[pos].astype(np.int64) << 31) | Q[j][sub], kind="stable")]
    return order
