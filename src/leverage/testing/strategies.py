"""Hypothesis strategies for games, orderings and parameters.

Use them as ``hypothesis.extra.numpy`` is used for arrays: to state a property
of a game-theoretic model and let hypothesis search the space of games or
parameter values for a counterexample.

- :func:`games`, :func:`bimatrix_games`: normal-form games, with ties drawn on
  purpose when ``degenerate=True`` and excluded when ``degenerate=False``
  (defined, with :func:`payoff_values` and :func:`side_by_side_games`, in
  :mod:`leverage.testing.game_strategies`);
- :func:`ordered_games`: games whose payoffs satisfy a declared ordinal
  structure by construction (prisoner's dilemma, chicken, stag hunt, coercion);
- :func:`parameters`: values inside each parameter's range, shrinking towards
  the calibrated value; :func:`parametric_games`: games of a
  :class:`~leverage.ParametricGame` at such values.

Examples
--------
>>> from hypothesis import given
>>> from leverage import equilibria
>>> @given(bimatrix_games(shape=(2, 2)))
... def test_every_game_has_an_equilibrium(game):
...     assert len(equilibria(game)) >= 1
>>> test_every_game_has_an_equilibrium()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

try:
    from hypothesis import assume
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without hypothesis
    raise ImportError(
        "leverage.testing needs hypothesis: pip install 'leverage[test]' or pip install hypothesis"
    ) from exc

from leverage.checks import UnknownNameError, check_flag, renamed
from leverage.game import Game
from leverage.parameters import ParameterSet
from leverage.parametric import ParametricGame
from leverage.testing.arguments import MAX_COUNT, MAX_DEPTH, as_strategy, count, elements, mapping
from leverage.testing.arguments import names as name_list
from leverage.testing.game_strategies import (  # noqa: F401  (MAX_CELLS stays importable from here)
    MAX_CELLS,
    MAX_PLAYERS,
    Cell,
    bimatrix_games,
    games,
    payoff_values,
    side_by_side_games,
)

__all__ = [
    "Ordering",
    "PRISONERS_DILEMMA",
    "CHICKEN",
    "STAG_HUNT",
    "COERCION",
    "games",
    "bimatrix_games",
    "side_by_side_games",
    "ordered_games",
    "parameters",
    "parametric_games",
    "payoff_values",
    "bargaining_problems",
    "game_trees",
    "sweep_spaces",
    "DrawnExpression",
    "expressions",
    "parameter_names",
    "scenarios",
    "symbolic_games",
    "coalitional_games",
]

@dataclass(frozen=True)
class Ordering:
    """An ordinal structure of payoffs: for each player, which outcomes it strictly prefers.

    Parameters
    ----------
    name : str
        Name of the ordering (shown in failure messages).
    players : tuple of str
        Player names.
    strategies : tuple of tuple of str
        Strategy names per player.
    preferences : mapping of str to sequence of (profile, profile)
        For each player, pairs ``(better, worse)`` of pure profiles, each a
        tuple of strategy names: the player's payoff at ``better`` is strictly
        larger than at ``worse``. Pairs may form any partial order; outcomes
        not mentioned are unconstrained.
    symmetric : bool
        For two-player games with the same strategies: draw a symmetric game
        (the column player's payoffs are the transpose of the row player's);
        only the row player's preferences are then used.

    Examples
    --------
    >>> COERCION.name
    'coercion: comply with a short embargo, diversify against a long one'
    >>> PRISONERS_DILEMMA.check(Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    True
    """

    name: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    preferences: Mapping[str, Sequence[tuple[tuple[str, ...], tuple[str, ...]]]]
    symmetric: bool = False
    _pairs: dict[int, list[tuple[Cell, Cell]]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        caller = "Ordering()"
        if not isinstance(self.name, str):
            raise TypeError(f"{caller}: name must be a string; got {self.name!r}")
        object.__setattr__(self, "players", name_list(self.players, "players", caller))
        if isinstance(self.strategies, (str, bytes)) or not isinstance(self.strategies, Iterable):
            raise TypeError(f"{caller}: strategies must hold one sequence of names per player; got {self.strategies!r}")
        strategies = tuple(name_list(s, "each strategy list", caller) for s in self.strategies)
        object.__setattr__(self, "strategies", strategies)
        object.__setattr__(self, "symmetric", check_flag(self.symmetric, "symmetric", caller))
        if not isinstance(self.preferences, Mapping):
            raise TypeError(
                f"{caller}: preferences must map players to (better, worse) pairs; got {self.preferences!r}"
            )
        if len(self.players) != len(self.strategies):
            raise ValueError(f"{caller}: {len(self.players)} players but {len(self.strategies)} strategy lists")
        pairs: dict[int, list[tuple[Cell, Cell]]] = {}
        for player, prefs in self.preferences.items():
            if player not in self.players:
                raise ValueError(f"{caller}: unknown player {player!r} in preferences of {self.name!r}")
            i = self.players.index(player)
            out = []
            try:
                for better, worse in prefs:
                    out.append((self._cell(better, caller), self._cell(worse, caller)))
            except (TypeError, ValueError) as exc:
                if str(exc).startswith(caller):
                    raise
                raise TypeError(
                    f"{caller}: the preferences of {player!r} must be (better, worse) pairs of profiles; got {prefs!r}"
                ) from None
            pairs[i] = out
        if self.symmetric and (len(self.players) != 2 or self.strategies[0] != self.strategies[1]):
            raise ValueError(f"{caller}: symmetric orderings need two players with the same strategies")
        object.__setattr__(self, "_pairs", pairs)
        for i in pairs:
            self._linear_extension_exists(i)

    def _cell(self, profile: Sequence[str], caller: str) -> Cell:
        profile = name_list(profile, "each profile", caller)
        if len(profile) != len(self.players):
            raise ValueError(f"{caller}: profile {profile!r} does not name one strategy per player")
        cell = []
        for names, s in zip(self.strategies, profile):
            if s not in names:
                raise ValueError(f"{caller}: unknown strategy {s!r} in ordering {self.name!r}")
            cell.append(names.index(s))
        return tuple(cell)

    @property
    def shape(self) -> Cell:
        """Numbers of strategies."""
        return tuple(len(s) for s in self.strategies)

    def _linear_extension_exists(self, i: int) -> None:
        cells = list(np.ndindex(*self.shape))
        indegree = {c: 0 for c in cells}
        for better, worse in self._pairs[i]:
            indegree[worse] += 1
        ready = [c for c in cells if indegree[c] == 0]
        seen = 0
        while ready:
            c = ready.pop()
            seen += 1
            for better, worse in self._pairs[i]:
                if better == c:
                    indegree[worse] -= 1
                    if indegree[worse] == 0:
                        ready.append(worse)
        if seen != len(cells):
            raise ValueError(f"Ordering(): the preferences of {self.players[i]!r} in {self.name!r} contain a cycle")

    def check(self, game: Game) -> bool:
        """Whether ``game`` satisfies every strict preference of the ordering."""
        if game.shape != self.shape:
            return False
        for i, pairs in self._pairs.items():
            u = game.payoffs[i]
            if not all(u[b] > u[w] for b, w in pairs):
                return False
            if self.symmetric and not np.array_equal(game.payoffs[1], game.payoffs[0].T):
                return False
        return True


def _ordinal(names: dict[str, tuple[str, str]], ranking: str) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    keys = ranking.split(">")
    return [(names[a.strip()], names[b.strip()]) for a, b in zip(keys, keys[1:])]


_SYM = {"R": ("C", "C"), "S": ("C", "D"), "T": ("D", "C"), "P": ("D", "D")}

#: Prisoner's dilemma: T > R > P > S (symmetric; C = cooperate, D = defect).
PRISONERS_DILEMMA = Ordering(
    "prisoner's dilemma", ("Row", "Column"), (("C", "D"), ("C", "D")),
    {"Row": _ordinal(_SYM, "T > R > P > S")}, symmetric=True,
)
#: Chicken (hawk-dove): T > R > S > P (symmetric; C = swerve, D = stand firm).
CHICKEN = Ordering(
    "chicken", ("Row", "Column"), (("C", "D"), ("C", "D")),
    {"Row": _ordinal(_SYM, "T > R > S > P")}, symmetric=True,
)
#: Stag hunt: R > T > P > S (symmetric; C = hunt the stag, D = hunt the hare).
STAG_HUNT = Ordering(
    "stag hunt", ("Row", "Column"), (("C", "D"), ("C", "D")),
    {"Row": _ordinal(_SYM, "R > T > P > S")}, symmetric=True,
)
#: Coercion: the target prefers complying to a short embargo but diversifying to a long
#: one; the coercer prefers compliance to diversification, and a short embargo that is
#: complied with to a long one.
COERCION = Ordering(
    "coercion: comply with a short embargo, diversify against a long one",
    ("Coercer", "Target"),
    (("Short embargo", "Long embargo"), ("Comply", "Diversify")),
    {
        "Target": [
            (("Short embargo", "Comply"), ("Short embargo", "Diversify")),
            (("Long embargo", "Diversify"), ("Long embargo", "Comply")),
        ],
        "Coercer": [
            (("Short embargo", "Comply"), ("Short embargo", "Diversify")),
            (("Long embargo", "Comply"), ("Long embargo", "Diversify")),
            (("Short embargo", "Comply"), ("Long embargo", "Comply")),
        ],
    },
)


@st.composite
def _ranked_values(
    draw: Any, i: int, ordering: Ordering, elements: st.SearchStrategy[float], gaps: st.SearchStrategy[float]
) -> np.ndarray:
    """One player's payoffs: a random linear extension of its preferences, then decreasing values."""
    cells = list(np.ndindex(*ordering.shape))
    pairs = ordering._pairs.get(i, [])
    remaining = set(cells)
    order: list[Cell] = []
    while remaining:
        # a cell can come next once every cell strictly preferred to it is placed
        ready = sorted(c for c in remaining if all(b not in remaining for b, w in pairs if w == c))
        c = draw(st.sampled_from(ready))
        order.append(c)
        remaining.remove(c)
    top = draw(elements)
    steps = draw(st.lists(gaps, min_size=len(cells) - 1, max_size=len(cells) - 1))
    values = top - np.concatenate([[0.0], np.cumsum(steps)])
    u = np.empty(ordering.shape)
    for c, v in zip(order, values):
        u[c] = v
    return u


@st.composite
def ordered_games(
    draw: Any,
    ordering: Ordering,
    payoffs: st.SearchStrategy[float] | None = None,
    gaps: st.SearchStrategy[float] | None = None,
) -> Game:
    """Games whose payoffs satisfy ``ordering`` by construction.

    Each player's outcomes are put in a random order consistent with its
    declared preferences, then given decreasing values in that order -- a top
    value minus positive gaps -- so every strict preference holds, by more
    than the library's tolerance, while hypothesis still explores (and
    shrinks) the cardinal values.

    Parameters
    ----------
    ordering : Ordering
        For example :data:`PRISONERS_DILEMMA`, :data:`CHICKEN`,
        :data:`STAG_HUNT`, :data:`COERCION`, or your own.
    payoffs : strategy of float, optional
        Strategy for each player's best payoff (default: :func:`payoff_values`).
    gaps : strategy of float, optional
        Strategy for the positive differences between consecutive outcomes
        (default: floats in ``[0.01, 10]``).

    Examples
    --------
    >>> from hypothesis import given
    >>> from leverage import pure_equilibria
    >>> @given(ordered_games(PRISONERS_DILEMMA))
    ... def test_mutual_defection_is_the_only_pure_equilibrium(game):
    ...     (eq,) = pure_equilibria(game)
    ...     assert eq.support == ((1,), (1,))
    >>> test_mutual_defection_is_the_only_pure_equilibrium()
    """
    if not isinstance(ordering, Ordering):
        raise TypeError(f"ordered_games(): ordering must be an Ordering; got {type(ordering).__name__}")
    payoffs, gaps = elements(payoffs, "payoffs", "ordered_games()"), elements(gaps, "gaps", "ordered_games()")
    values = payoffs if payoffs is not None else payoff_values()
    steps = gaps if gaps is not None else st.floats(0.01, 10.0, allow_nan=False)
    n = len(ordering.players)
    if ordering.symmetric:
        u = draw(_ranked_values(0, ordering, values, steps))
        arrays = [u, u.T.copy()]
    else:
        arrays = [draw(_ranked_values(i, ordering, values, steps)) for i in range(n)]
    return Game(arrays, players=ordering.players, strategies=ordering.strategies)


@st.composite
def parameters(
    draw: Any,
    parameter_set: ParameterSet,
    fixed: Mapping[str, float] | None = None,
    vary: Sequence[str] | None = None,
) -> dict[str, float]:
    """Values of a parameter set, each inside its range, shrinking towards the calibration.

    Each value is drawn as the calibrated value moved a fraction ``t`` of the
    way towards one end of the range; ``t`` shrinks to 0, so a minimal
    counterexample changes as few parameters, by as little, as possible.

    Parameters
    ----------
    parameter_set : ParameterSet
        The parameters.
    fixed : mapping, optional
        Values to hold fixed (checked against the ranges).
    vary : sequence of str, optional
        Names to vary (default: all not fixed); the others stay calibrated.

    Examples
    --------
    >>> from hypothesis import given
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(a=Parameter(1.0, 0.0, 4.0, "u", "s"), b=Parameter(2.0, 1.0, 3.0, "u", "s"))
    >>> @given(parameters(ps, fixed={"b": 3.0}))
    ... def check(values):
    ...     assert 0.0 <= values["a"] <= 4.0 and values["b"] == 3.0
    >>> check()
    """
    if not isinstance(parameter_set, ParameterSet):
        raise TypeError(f"parameters(): parameter_set must be a ParameterSet; got {type(parameter_set).__name__}")
    fixed = mapping(fixed, "fixed", "parameters()")
    checked = parameter_set.check_values(fixed, "parameters()")
    names = parameter_set.names if vary is None else name_list(vary, "vary", "parameters()")
    unknown = [k for k in names if k not in parameter_set]
    if unknown:
        raise UnknownNameError(f"parameters(): unknown parameter(s) in vary: {', '.join(map(repr, unknown))}")
    values: dict[str, float] = {}
    for name, p in parameter_set.items():
        if name in fixed:
            values[name] = float(checked[name])
            continue
        if name not in names or p.low == p.high:
            values[name] = p.value
            continue
        t = draw(st.floats(0.0, 1.0, allow_nan=False))
        upward = draw(st.booleans()) if p.low < p.value < p.high else p.value < p.high
        end = p.high if upward else p.low
        values[name] = float(min(max(p.value + t * (end - p.value), p.low), p.high))
    return values


@st.composite
def parametric_games(
    draw: Any,
    model: ParametricGame,
    fixed: Mapping[str, float] | None = None,
    vary: Sequence[str] | None = None,
    with_values: bool = False,
) -> Game | tuple[dict[str, float], Game]:
    """Games of a :class:`~leverage.ParametricGame` at parameter values drawn by :func:`parameters`.

    With ``with_values=True`` each draw is ``(values, game)``.

    Examples
    --------
    >>> from hypothesis import given
    >>> from leverage.scenarios import export_restriction_game
    >>> model = export_restriction_game()
    >>> @given(parametric_games(model, with_values=True))
    ... def check(draw):
    ...     values, game = draw
    ...     assert game.players == ("China", "US")
    >>> check()
    """
    if not isinstance(model, ParametricGame):
        raise TypeError(f"parametric_games(): model must be a ParametricGame; got {type(model).__name__}")
    fixed = mapping(fixed, "fixed", "parametric_games()")
    vary = None if vary is None else name_list(vary, "vary", "parametric_games()")
    with_values = check_flag(with_values, "with_values", "parametric_games()")
    with renamed("parameters():", "parametric_games():"):
        model.parameters.check_values(fixed, "parameters()")
        unknown = [k for k in (vary or ()) if k not in model.parameters]
        if unknown:
            raise UnknownNameError(f"parameters(): unknown parameter(s) in vary: {', '.join(map(repr, unknown))}")
    values = draw(parameters(model.parameters, fixed=fixed, vary=vary))
    game = model.game(**values)
    return (values, game) if with_values else game


_SPACE_KINDS = ("array", "grid", "oat", "lhs", "sobol", "random")


@st.composite
def sweep_spaces(
    draw: Any,
    parameter_set: ParameterSet,
    max_draws: int = 40,
    kinds: Sequence[str] = _SPACE_KINDS,
) -> tuple[Any, int]:
    """Spaces of parameter draws for :func:`leverage.sensitivity.sweep`, with a seed.

    Each example is ``(space, seed)``: ``space`` is one of the forms
    :func:`~leverage.sensitivity.sweep` accepts -- an ``(N, P)`` array of
    values drawn by :func:`parameters`, a full grid over one or two
    parameters, a one-at-a-time scan, or a Latin hypercube / Sobol' / Monte
    Carlo sample -- with at most ``max_draws`` draws; ``seed`` seeds the
    sampled kinds.

    Parameters
    ----------
    parameter_set : ParameterSet
        The model's parameters.
    max_draws : int
        Largest number of draws (rows of the sweep).
    kinds : sequence of str
        Which forms to draw from: ``"array"``, ``"grid"``, ``"oat"``,
        ``"lhs"``, ``"sobol"``, ``"random"``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from leverage.scenarios import export_restriction_game
    >>> from leverage.sensitivity import sweep
    >>> model = export_restriction_game()
    >>> @settings(deadline=None)  # the first sweep pays for imports
    ... @given(sweep_spaces(model.parameters, max_draws=8))
    ... def check(drawn):
    ...     space, seed = drawn
    ...     assert 1 <= len(sweep(model, space, seed=seed)) <= 8
    >>> check()
    """
    caller = "sweep_spaces()"
    if not isinstance(parameter_set, ParameterSet):
        raise TypeError(f"{caller}: parameter_set must be a ParameterSet; got {type(parameter_set).__name__}")
    if len(parameter_set) == 0:
        raise ValueError(f"{caller}: parameter_set is empty")
    if isinstance(max_draws, bool) or not isinstance(max_draws, (int, np.integer)) or max_draws < 1:
        raise ValueError(f"{caller}: max_draws must be a positive integer; got {max_draws!r}")
    count(max_draws, "max_draws", caller, low=1)
    kinds = name_list(kinds, "kinds", caller)
    unknown = [k for k in kinds if k not in _SPACE_KINDS]
    if unknown or not kinds:
        raise ValueError(f"{caller}: kinds must be a non-empty subset of {_SPACE_KINDS}; got {tuple(kinds)!r}")
    names = parameter_set.names
    kind = draw(st.sampled_from(tuple(kinds)))
    seed = draw(st.integers(0, 2**32 - 1))

    def axis(name: str, size: int) -> list[float]:
        p = parameter_set[name]
        return draw(st.lists(st.floats(p.low, p.high, allow_nan=False), min_size=1, max_size=size))

    if kind == "array":
        rows = draw(st.lists(parameters(parameter_set), min_size=1, max_size=max_draws))
        return np.array([[row[k] for k in names] for row in rows]), seed
    if kind == "grid":
        chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=min(2, len(names)), unique=True))
        side = max(1, int(max_draws ** (1.0 / len(chosen))))
        return {"kind": "grid", "values": {name: axis(name, side) for name in chosen}}, seed
    if kind == "oat":
        if len(names) > max_draws:  # one row per parameter at least
            return {"kind": "lhs", "n": draw(st.integers(1, max_draws))}, seed
        return {"kind": "oat", "num": draw(st.integers(1, max_draws // len(names)))}, seed
    return {"kind": kind, "n": draw(st.integers(1, max_draws))}, seed


def _frontier(scale_1: float, scale_2: float, q: float):
    """A concave, decreasing frontier ``u_2 = s2 (1 - (u_1/s1)^q)^(1/q)`` (linear when q = 1)."""

    def f(x: float) -> float:
        return scale_2 * max(0.0, 1.0 - (max(x, 0.0) / scale_1) ** q) ** (1.0 / q)

    return f


@st.composite
def bargaining_problems(
    draw: Any,
    n_players: int | st.SearchStrategy[int] = 2,
    kind: str | st.SearchStrategy[str] = st.sampled_from(["convex", "finite", "frontier"]),
    symmetric: bool = False,
    agreement: bool | None = True,
) -> Any:
    """Bargaining problems (:class:`~leverage.bargaining.BargainingProblem`).

    Parameters
    ----------
    n_players : int or strategy
        Number of players (``"frontier"`` problems have two).
    kind : {"convex", "finite", "frontier"} or strategy
        Convex hull of points with free disposal, a finite set of deals, or a
        concave Pareto frontier ``u_2 = s2 (1 - (u_1/s1)^q)^(1/q)``.
    symmetric : bool
        Two-player problems invariant under swapping the players, with equal BATNAs.
    agreement : bool or None
        True (default): the BATNAs lie strictly below some feasible deal, so
        the zone of agreement is not empty. None: BATNAs anywhere, empty zones
        included.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(bargaining_problems(kind="convex"))
    ... def check(problem):
    ...     assert not problem.zopa().empty
    >>> check()
    """
    from leverage.bargaining import BargainingProblem

    caller = "bargaining_problems()"
    symmetric = check_flag(symmetric, "symmetric", caller)
    agreement = check_flag(agreement, "agreement", caller, allow_none=True)
    k = draw(as_strategy(kind))
    if not isinstance(k, str) or k not in ("convex", "finite", "frontier"):
        raise ValueError(f"{caller}: kind must be 'convex', 'finite' or 'frontier'; got {k!r}")
    n = 2 if (k == "frontier" or symmetric) else draw(as_strategy(n_players))
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or not 2 <= n <= MAX_PLAYERS:
        raise ValueError(f"{caller}: n_players must be an integer in [2, {MAX_PLAYERS}]; got {n!r}")
    utility = st.floats(0.0, 10.0, allow_nan=False).map(lambda v: round(v, 6))
    if k == "frontier":
        s1 = draw(st.floats(0.5, 10.0))
        s2 = s1 if symmetric else draw(st.floats(0.5, 10.0))
        q = draw(st.sampled_from([1.0, 1.5, 2.0, 3.0]))
        f = _frontier(s1, s2, q)
        if agreement:
            x = draw(st.floats(0.05, 0.95)) * s1
            t = draw(st.floats(0.0, 0.9))
            d = np.array([t * x, t * f(x)])
            if symmetric:
                d = np.full(2, d.min())
        else:
            d = np.array([draw(st.floats(0.0, s1)), draw(st.floats(0.0, s2))])
        return BargainingProblem.from_frontier(f, d, bounds=(0.0, s1))
    count = draw(st.integers(2, 7))
    P = np.array([[draw(utility) for _ in range(n)] for _ in range(count)])
    if symmetric:
        P = np.vstack([P, P[:, ::-1]])
    lower = P.min(axis=0)
    if agreement:
        weights = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=len(P), max_size=len(P))))
        assume(weights.sum() > 1e-3)
        if k == "finite":
            centre = P[draw(st.integers(0, len(P) - 1))]
        else:
            centre = (weights / weights.sum()) @ P
        assume(np.all(centre - lower > 1e-3))
        t = draw(st.floats(0.0, 0.9))
        d = lower + t * (centre - lower)
        if symmetric:
            d = np.full(2, d.min())
    else:
        d = np.array([draw(utility) for _ in range(n)])
        if symmetric:
            d = np.full(2, d[0])
    return BargainingProblem.from_points(P, d, convex=(k == "convex"))


_TREE_PLAYERS = ("China", "Japan", "US", "EU", "Korea", "Australia")
_TREE_ACTIONS = ("Restrict", "Open", "Comply", "Diversify", "Stockpile", "Retaliate", "Negotiate", "Wait")
_TREE_OUTCOMES = ("Boom", "Bust", "Flat", "Shock", "Strike", "Flood")


@st.composite
def game_trees(
    draw: Any,
    n_players: int | st.SearchStrategy[int] | None = None,
    max_depth: int = 3,
    max_actions: int = 3,
    chance: bool = True,
    payoffs: st.SearchStrategy[float] | None = None,
    named: bool | None = None,
    max_cells: int = 256,
    chance_denominator: int = 8,
    imperfect: bool = False,
) -> Any:
    """Small games of perfect information (:class:`~leverage.sequential.GameTree`).

    With ``imperfect=True``, games with information sets instead
    (:class:`~leverage.extensive.ExtensiveGame`, drawn by
    :func:`~leverage.testing.extensive_strategies.extensive_games` with the
    same ``n_players``, ``max_depth``, ``max_actions``, ``chance``,
    ``payoffs``, ``max_cells`` and ``chance_denominator``).

    Trees have named players (drawn from ``"China"``, ``"Japan"``, ``"US"``,
    ...), decision nodes with 1 to ``max_actions`` actions, optional chance
    nodes and terminals at depth ``max_depth`` at most; the root is a decision
    or chance node. Some nodes get unique names (``"n1"``, ``"n2"``, ...), the
    others keep their automatic path identifiers. The product of the numbers
    of actions over all decision nodes -- the number of cells of the normal
    form :meth:`~leverage.sequential.GameTree.to_game` -- is kept at most
    ``max_cells`` by giving later decision nodes fewer actions.

    Parameters
    ----------
    n_players : int or strategy, optional
        Number of players (default 2 or 3).
    max_depth : int
        Largest depth of a terminal (the root has depth 0).
    max_actions : int
        Largest number of actions (or chance outcomes) at a node.
    chance : bool
        Allow chance nodes.
    payoffs : strategy of float, optional
        Element strategy for terminal payoffs. Default: integers in
        ``[-3, 3]``, so that ties -- indifferent movers, several
        subgame-perfect equilibria -- are common on purpose. Pass
        ``payoff_values()`` for floats.
    named : bool, optional
        ``True``: name every node; ``False``: none; ``None`` (default): some.
    max_cells : int
        Bound on the number of cells of the normal form.
    chance_denominator : int
        Chance probabilities are multiples of ``1 / chance_denominator``
        (zero included), summing to 1. With the default 8 they are exact
        binary fractions, so expected payoffs of integer-payoff trees are
        computed without rounding and ties stay exact ties.
    imperfect : bool
        Draw games with information sets (see above).

    Examples
    --------
    >>> from hypothesis import given
    >>> from leverage.sequential import backward_induction
    >>> @given(game_trees())
    ... def check(tree):
    ...     game = tree.to_game()
    ...     for spe in backward_induction(tree):
    ...         assert game.is_nash(tree.profile_of(spe))
    >>> check()
    """
    from leverage.sequential import Chance, Decision, GameTree, Terminal

    caller = "game_trees()"
    chance, imperfect = check_flag(chance, "chance", caller), check_flag(imperfect, "imperfect", caller)
    payoffs, named = elements(payoffs, "payoffs", caller), check_flag(named, "named", caller, allow_none=True)
    if imperfect:
        from leverage.testing.extensive_strategies import extensive_games

        with renamed("extensive_games():", f"{caller}:"):
            return draw(
                extensive_games(
                    n_players=n_players if n_players is not None else 2,
                    max_depth=max_depth,
                    max_actions=max_actions,
                    chance=chance,
                    payoffs=payoffs,
                    max_cells=max_cells,
                    chance_denominator=chance_denominator,
                )
            )
    for label, value, low in (
        ("max_depth", max_depth, 0),
        ("max_actions", max_actions, 1),
        ("max_cells", max_cells, 1),
        ("chance_denominator", chance_denominator, 1),
    ):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{caller}: {label} must be an integer >= {low}; got {value!r}")
    count(max_depth, "max_depth", caller, high=MAX_DEPTH)
    for label, value in (("max_cells", max_cells), ("chance_denominator", chance_denominator)):
        count(value, label, caller, high=MAX_COUNT)
    if max_actions > min(len(_TREE_ACTIONS), len(_TREE_OUTCOMES)):
        raise ValueError(f"{caller}: max_actions must be at most {min(len(_TREE_ACTIONS), len(_TREE_OUTCOMES))}")
    n = draw(as_strategy(n_players if n_players is not None else st.integers(2, 3)))
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= len(_TREE_PLAYERS):
        raise ValueError(f"{caller}: n_players must be an integer in [1, {len(_TREE_PLAYERS)}]; got {n!r}")
    players = tuple(draw(st.permutations(_TREE_PLAYERS))[:n])
    leaf_values = payoffs if payoffs is not None else payoff_values(integers=True, bound=3)
    state = {"cells": 1, "names": 0}

    def name() -> str | None:
        if named is False or (named is None and not draw(st.booleans())):
            return None
        state["names"] += 1
        return f"n{state['names']}"

    def build(depth: int) -> Any:
        if depth >= max_depth:
            kind = "terminal"
        else:
            kinds = ["terminal", "decision", "chance"] if depth > 0 else ["decision", "chance"]
            if not chance:
                kinds.remove("chance")
            kind = draw(st.sampled_from(kinds))
        if kind == "terminal":
            return Terminal([draw(leaf_values) for _ in range(n)], name=name())
        k = draw(st.integers(1, max_actions))
        if kind == "decision":
            while k > 1 and state["cells"] * k > max_cells:
                k -= 1
            state["cells"] *= k
            mover = draw(st.sampled_from(players))
            labels = draw(st.lists(st.sampled_from(_TREE_ACTIONS), min_size=k, max_size=k, unique=True))
            node_name = name()
            return Decision(mover, {a: build(depth + 1) for a in labels}, name=node_name)
        labels = draw(st.lists(st.sampled_from(_TREE_OUTCOMES), min_size=k, max_size=k, unique=True))
        cuts = sorted(draw(st.lists(st.integers(0, chance_denominator), min_size=k - 1, max_size=k - 1)))
        bounds = [0, *cuts, chance_denominator]
        probs = [(b - a) / chance_denominator for a, b in zip(bounds, bounds[1:])]
        node_name = name()
        return Chance({o: (p, build(depth + 1)) for o, p in zip(labels, probs)}, name=node_name)

    return GameTree(build(0), players)


# strategies of the io and symbolic modules live next to them in leverage.testing and are
# re-exported here, so that every strategy is found in one place
from leverage.testing.io_strategies import DrawnExpression, expressions, parameter_names, scenarios  # noqa: E402
from leverage.testing.symbolic_strategies import symbolic_games  # noqa: E402
from leverage.testing.coalition_strategies import coalitional_games  # noqa: E402
from leverage.testing.extensive_strategies import bayesian_games, extensive_games, signalling_games  # noqa: E402
