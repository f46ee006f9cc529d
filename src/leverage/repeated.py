"""Repeated games: grim-trigger thresholds, linked incentive constraints and the folk-theorem region.

In an infinitely repeated game with discount factor ``delta``, a cooperative
profile ``c`` is sustained by grim trigger -- play ``c`` until someone
deviates, then play the punishment ``p`` for ever -- when no player gains by
deviating once::

    C_i / (1 - delta) >= D_i + delta P_i / (1 - delta)
    <=>  delta >= delta*_i = (D_i - C_i) / (D_i - P_i)

where ``C_i`` is player ``i``'s payoff at ``c``, ``D_i`` its best one-shot
deviation payoff against ``c`` and ``P_i`` its payoff under the punishment.
With ``punishment="nash"`` the punishment is a stage-game Nash equilibrium
(grim trigger is then subgame perfect); ``"minmax"`` holds each deviator to
its minmax value (the folk-theorem bound).

Linking issues pools the constraints (Bernheim and Whinston 1990; Spagnolo
1999): when a defection on any issue is punished on all, the binding
constraint sums the issues' deviation gains and punishment losses::

    delta*_linked = sum_k w_k (D_k - C_k) / sum_k w_k (D_k - P_k)

so an issue with slack can carry one without.

References
----------
J. W. Friedman (1971), "A non-cooperative equilibrium for supergames", Review
of Economic Studies 38(1), 1-12.
D. Fudenberg and E. Maskin (1986), "The folk theorem in repeated games with
discounting or with incomplete information", Econometrica 54(3), 533-554.
B. D. Bernheim and M. D. Whinston (1990), "Multimarket contact and collusive
behavior", RAND Journal of Economics 21(1), 1-26.
G. Spagnolo (1999), "On interdependent supergames: multimarket contact,
concavity and collusion", Journal of Economic Theory 89(1), 127-139.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.checks import real_array, renamed
from leverage.game import Game
from leverage.solvers.minmax import minmax_values
from leverage.tolerance import RTOL, at_most, value_scale

__all__ = [
    "RepeatedGame",
    "TriggerThresholds",
    "LinkedThresholds",
    "critical_discount_factor",
    "is_sustainable",
    "linked_critical_discount_factor",
    "folk_theorem_region",
]

Punishment = Any  # "nash", "minmax", or a profile


def _check_game(game: Any, caller: str, argument: str = "stage") -> Game:
    if not isinstance(game, Game):
        raise TypeError(f"{caller}: {argument} must be a leverage.Game; got {type(game).__name__}")
    return game


def _check_discount(delta: Any, caller: str) -> float:
    try:
        value = float(delta)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: discount must be a number; got {delta!r}") from None
    if not (0.0 <= value < 1.0) or not np.isfinite(value):
        raise ValueError(f"{caller}: discount factor must lie in [0, 1); got {delta!r}")
    return value


def _pure_profile(game: Game, profile: Any, caller: str, argument: str) -> tuple[int, ...]:
    """A pure profile given by strategy indices or names."""
    if isinstance(profile, str):
        parts = profile.split("/") if "/" in profile else [profile]
    else:
        try:
            parts = list(profile)
        except TypeError:
            raise TypeError(f"{caller}: {argument} must name one strategy per player; got {profile!r}") from None
    if len(parts) != game.n_players:
        raise ValueError(
            f"{caller}: {argument} {profile!r} names {len(parts)} strategies but the game has {game.n_players} players"
        )
    out = []
    for i, s in enumerate(parts):
        names = game.strategies[i]
        if isinstance(s, str):
            if s not in names:
                raise ValueError(
                    f"{caller}: {argument} {profile!r} is not a profile of the game: {game.players[i]!r} "
                    f"has no strategy {s!r} (strategies: {', '.join(names)})"
                )
            out.append(names.index(s))
        elif isinstance(s, (int, np.integer)) and not isinstance(s, bool):
            if not 0 <= s < len(names):
                raise ValueError(
                    f"{caller}: {argument} {profile!r} is not a profile of the game: index {s} is out of "
                    f"range for {game.players[i]!r} ({len(names)} strategies)"
                )
            out.append(int(s))
        else:
            raise TypeError(f"{caller}: {argument} entries must be strategy names or indices; got {s!r}")
    return tuple(out)


def _deviation_payoffs(game: Game, profile: tuple[int, ...]) -> np.ndarray:
    """Each player's best one-shot payoff against the others' part of a pure profile."""
    out = np.empty(game.n_players)
    for i, u in enumerate(game.payoffs):
        index = list(profile)
        index[i] = slice(None)
        out[i] = u[tuple(index)].max()
    return out


def _punishment_payoffs(game: Game, punishment: Punishment, caller: str, cooperative: tuple[int, ...]) -> np.ndarray:
    if isinstance(punishment, str) and punishment == "minmax":
        return minmax_values(game)
    if isinstance(punishment, str) and punishment == "nash":
        from leverage.solvers import equilibria

        eqs = equilibria(game) if game.n_players == 2 else _pure_nash(game)
        if not eqs:
            raise ValueError(f"{caller}: the stage game has no equilibrium to revert to; use punishment='minmax'")
        C = np.array([u[cooperative] for u in game.payoffs])
        D = _deviation_payoffs(game, cooperative)

        def worst_threshold(eq: Any) -> float:
            return float(np.max(_thresholds(C, D, np.asarray(eq.payoffs), game.tolerances())))

        best = min(eqs, key=worst_threshold)  # the most effective Nash reversion
        return np.asarray(best.payoffs, dtype=float)
    if isinstance(punishment, str):
        raise ValueError(f"{caller}: punishment must be 'nash', 'minmax' or a profile; got {punishment!r}")
    # a given (mixed or pure) profile of the stage game
    try:
        pure = _pure_profile(game, punishment, caller, "punishment")
        return np.array([u[pure] for u in game.payoffs])
    except (TypeError, ValueError):
        prof = game.profile(punishment, caller.rstrip("()"))
        return game.expected_payoffs(prof)


def _pure_nash(game: Game) -> list[Any]:
    from leverage.solvers import pure_equilibria

    return pure_equilibria(game)


def _thresholds(C: np.ndarray, D: np.ndarray, P: np.ndarray, tol: np.ndarray) -> np.ndarray:
    """delta* per player; 0 when deviation does not pay, inf when punishment does not hurt.

    ``tol`` is each player's absolute tolerance of the library's rule (rtol times
    the player's payoff range); for linked games it is the weighted sum of the
    games' tolerances, so that gains that tie in every game also tie when pooled.
    """
    gain = D - C
    loss = D - P
    out = np.zeros_like(C)
    for i in range(len(C)):
        if gain[i] <= tol[i]:
            out[i] = 0.0
        elif C[i] <= P[i] + tol[i]:
            out[i] = np.inf
        else:
            out[i] = gain[i] / loss[i]
    return out


@dataclass(frozen=True, eq=False)
class TriggerThresholds:
    """Grim-trigger critical discount factors of one cooperative profile.

    Attributes
    ----------
    per_player : numpy.ndarray
        ``delta*_i`` for each player (``inf`` when the punishment does not
        hurt: cooperation cannot be sustained at any discount factor).
    cooperative, deviation, punishment : numpy.ndarray
        The payoffs ``C``, ``D`` and ``P`` of each player.
    players : tuple of str
        Player names.

    Examples
    --------
    >>> from leverage import Game
    >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D")))
    >>> t = critical_discount_factor(pd, "C/C")
    >>> float(t), t.cooperative, t.deviation, t.punishment
    (0.5, array([3., 3.]), array([5., 5.]), array([1., 1.]))
    >>> t.slack(0.6)          # 0.6 / 0.4 * (3 - 1) - (5 - 3)
    array([1., 1.])
    """

    per_player: np.ndarray
    cooperative: np.ndarray
    deviation: np.ndarray
    punishment: np.ndarray
    players: tuple[str, ...]

    @property
    def value(self) -> float:
        """The binding threshold: the largest ``delta*_i``."""
        return float(self.per_player.max())

    def __float__(self) -> float:
        return self.value

    def __repr__(self) -> str:
        parts = ", ".join(f"{p} {d:.6g}" for p, d in zip(self.players, self.per_player))
        return f"TriggerThresholds({self.value:.6g}; {parts})"

    def slack(self, discount: float) -> np.ndarray:
        """Surplus incentive ``delta/(1-delta) (C - P) - (D - C)`` of each player at ``discount``."""
        delta = _check_discount(discount, "TriggerThresholds.slack()")
        return delta / (1 - delta) * (self.cooperative - self.punishment) - (self.deviation - self.cooperative)


def critical_discount_factor(stage: Game, cooperative: Any, punishment: Punishment = "nash") -> TriggerThresholds:
    """Critical discount factors for grim-trigger cooperation on a pure profile.

    Parameters
    ----------
    stage : Game
        The stage game.
    cooperative : sequence or str
        The cooperative pure profile: strategy names or indices, one per
        player (or ``"C/C"``).
    punishment : "nash", "minmax" or profile
        Reversion to the stage Nash equilibrium that sustains cooperation at
        the lowest discount factor (``"nash"``, subgame perfect), to the
        minmax values (``"minmax"``), or to a given profile.

    Returns
    -------
    TriggerThresholds
        ``float(result)`` is the binding threshold.

    Raises
    ------
    ValueError
        If ``cooperative`` is not a profile of the game.

    Examples
    --------
    The prisoner's dilemma with T, R, P, S = 5, 3, 1, 0:

    >>> from leverage import Game
    >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         strategies=(("C", "D"), ("C", "D")))
    >>> critical_discount_factor(pd, ("C", "C"))
    TriggerThresholds(0.5; Player 1 0.5, Player 2 0.5)
    """
    caller = "critical_discount_factor()"
    game = _check_game(stage, caller)
    coop = _pure_profile(game, cooperative, caller, "cooperative profile")
    C = np.array([u[coop] for u in game.payoffs])
    D = _deviation_payoffs(game, coop)
    P = _punishment_payoffs(game, punishment, caller, coop)
    return TriggerThresholds(_thresholds(C, D, P, game.tolerances()), C, D, P, game.players)


def is_sustainable(stage: Game, cooperative: Any, discount: float, punishment: Punishment = "nash") -> bool:
    """Whether grim trigger sustains the cooperative profile at ``discount``.

    Examples
    --------
    >>> from leverage import Game
    >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> is_sustainable(pd, (0, 0), 0.6), is_sustainable(pd, (0, 0), 0.4)
    (True, False)
    """
    delta = _check_discount(discount, "is_sustainable()")
    with renamed("critical_discount_factor():", "is_sustainable():"):
        return at_most(critical_discount_factor(stage, cooperative, punishment).value, delta)


@dataclass(frozen=True, eq=False)
class LinkedThresholds:
    """Critical discount factors of issues played separately and linked.

    Attributes
    ----------
    separate : tuple of TriggerThresholds
        Each issue on its own.
    linked : numpy.ndarray
        ``delta*_i`` per player when a defection on any issue is punished on all.
    weights : numpy.ndarray
        Salience of each issue for each player, shape ``(issues, players)``.
    players : tuple of str
        Player names.

    Examples
    --------
    At a discount factor of 0.4 the first issue alone falls short, and the
    second issue's slack carries it:

    >>> from leverage import Game
    >>> def pd(T, R, P, S=0.0):
    ...     return Game.from_bimatrix([[R, S], [T, P]], [[R, T], [S, P]])
    >>> res = linked_critical_discount_factor([pd(5, 3, 1), pd(4, 3.5, 0)], [(0, 0), (0, 0)])
    >>> res
    LinkedThresholds(linked 0.3125; separate 0.5, 0.125)
    >>> np.round(res.slack(0.4), 4)
    array([[-0.6667, -0.6667],
           [ 1.8333,  1.8333]])
    """

    separate: tuple[TriggerThresholds, ...]
    linked: np.ndarray
    weights: np.ndarray
    players: tuple[str, ...]

    @property
    def value(self) -> float:
        """The binding linked threshold (largest over players)."""
        return float(self.linked.max())

    def __float__(self) -> float:
        return self.value

    def __repr__(self) -> str:
        sep = ", ".join(f"{t.value:.6g}" for t in self.separate)
        return f"LinkedThresholds(linked {self.value:.6g}; separate {sep})"

    def slack(self, discount: float) -> np.ndarray:
        """Each issue's slack at ``discount``, shape ``(issues, players)``.

        Positive slack is surplus incentive that linkage can move to an issue
        with negative slack; linked cooperation holds when, for every
        player, the issues' slacks sum to at least zero.
        """
        return np.array([w * t.slack(discount) for w, t in zip(self.weights, self.separate)])

    def sustainable(self, discount: float) -> dict[str, Any]:
        """Which issues are sustainable alone, and whether all are when linked, at ``discount``."""
        delta = _check_discount(discount, "LinkedThresholds.sustainable()")
        return {
            "separate": tuple(at_most(t.value, delta) for t in self.separate),
            "linked": at_most(self.value, delta),
        }


def linked_critical_discount_factor(
    games: Sequence[Game],
    cooperative_profiles: Sequence[Any],
    punishment: Punishment | Sequence[Punishment] = "nash",
    weights: Any = None,
) -> LinkedThresholds:
    """Grim trigger across linked issues: a defection on any issue is punished on all.

    Parameters
    ----------
    games : sequence of Game
        One stage game per issue, with the same players.
    cooperative_profiles : sequence
        The cooperative pure profile of each issue.
    punishment : "nash", "minmax", a profile, or one of these per issue
        The punishment on each issue.
    weights : array_like, optional
        Salience of each issue for each player, shape ``(issues,)`` or
        ``(issues, players)``; 1 by default (payoffs add up).

    Returns
    -------
    LinkedThresholds

    Raises
    ------
    ValueError
        If the games have different players, a profile is not in its game,
        or the weights are not positive.

    Examples
    --------
    Two issues with (T, R, P) = (5, 3, 1) and (4, 3.5, 0):

    >>> from leverage import Game
    >>> def pd(T, R, P, S=0.0):
    ...     return Game.from_bimatrix([[R, S], [T, P]], [[R, T], [S, P]])
    >>> res = linked_critical_discount_factor([pd(5, 3, 1), pd(4, 3.5, 0)], [(0, 0), (0, 0)])
    >>> [t.value for t in res.separate], res.value
    ([0.5, 0.125], 0.3125)
    >>> res.sustainable(0.4)
    {'separate': (False, True), 'linked': True}
    """
    caller = "linked_critical_discount_factor()"
    for argument, value in (("games", games), ("cooperative_profiles", cooperative_profiles)):
        if isinstance(value, (str, bytes, Game)) or not isinstance(value, Iterable):
            raise TypeError(f"{caller}: {argument} must be a sequence, one entry per game; got {value!r}")
    games = list(games)
    if len(games) < 1:
        raise ValueError(f"{caller}: games is empty")
    for k, g in enumerate(games):
        _check_game(g, caller, f"games[{k}]")
    players = games[0].players
    for k, g in enumerate(games[1:], start=1):
        if g.players != players:
            raise ValueError(f"{caller}: games have different players: {players} and {g.players} (games[{k}])")
    profiles = list(cooperative_profiles)
    if len(profiles) != len(games):
        raise ValueError(f"{caller}: {len(profiles)} cooperative profiles for {len(games)} games")
    if not (isinstance(punishment, str) or punishment is None or isinstance(punishment, Iterable)):
        raise TypeError(
            f"{caller}: punishment must be 'nash', 'minmax', a profile or one of these per game; got {punishment!r}"
        )
    punishments = (
        [punishment] * len(games)
        if isinstance(punishment, str) or punishment is None
        else list(punishment)
    )
    if len(punishments) != len(games):
        raise ValueError(f"{caller}: {len(punishments)} punishments for {len(games)} games")
    n = len(players)
    if weights is None:
        W = np.ones((len(games), n))
    else:
        W = real_array(weights, "weights", caller, finite=False).copy()
        if W.ndim == 1:
            W = np.repeat(W[:, None], n, axis=1)
        if W.shape != (len(games), n) or not np.all(np.isfinite(W)) or np.any(W <= 0):
            raise ValueError(f"{caller}: weights must be positive with shape ({len(games)},) or ({len(games)}, {n})")
    with renamed("critical_discount_factor():", f"{caller}:"):
        separate = tuple(critical_discount_factor(g, c, p) for g, c, p in zip(games, profiles, punishments))
    # pooled constraint: the same formula on salience-weighted sums over issues
    pooled = [sum(w * getattr(t, part) for w, t in zip(W, separate)) for part in ("cooperative", "deviation", "punishment")]
    linked = _thresholds(*pooled, sum(w * g.tolerances() for w, g in zip(W, games)))
    return LinkedThresholds(separate, linked, W, players)


@dataclass(frozen=True)
class RepeatedGame:
    """An infinitely repeated game with a common discount factor.

    Parameters
    ----------
    stage : Game
        The stage game.
    discount : float
        Discount factor in ``[0, 1)``.

    Examples
    --------
    >>> from leverage import Game
    >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D")))
    >>> RepeatedGame(pd, 0.6).sustains("C/C")
    True
    >>> RepeatedGame(pd, 0.6).average_payoffs("C/C")
    array([3., 3.])
    """

    stage: Game
    discount: float

    def __post_init__(self) -> None:
        _check_game(self.stage, "RepeatedGame()")
        object.__setattr__(self, "discount", _check_discount(self.discount, "RepeatedGame()"))

    def thresholds(self, cooperative: Any, punishment: Punishment = "nash") -> TriggerThresholds:
        """Grim-trigger thresholds of a cooperative profile (see :func:`critical_discount_factor`)."""
        return critical_discount_factor(self.stage, cooperative, punishment)

    def sustains(self, cooperative: Any, punishment: Punishment = "nash") -> bool:
        """Whether grim trigger sustains the profile at this discount factor."""
        return is_sustainable(self.stage, cooperative, self.discount, punishment)

    def average_payoffs(self, cooperative: Any) -> np.ndarray:
        """Normalised (times ``1 - delta``) payoffs of playing a pure profile for ever."""
        coop = _pure_profile(self.stage, cooperative, "RepeatedGame.average_payoffs()", "cooperative profile")
        return np.array([u[coop] for u in self.stage.payoffs])

    def minmax_values(self) -> np.ndarray:
        """The stage game's minmax values (the floor of the folk theorem)."""
        return minmax_values(self.stage)


@dataclass(frozen=True, eq=False)
class FolkRegion:
    """The feasible, individually rational payoffs of a stage game.

    Attributes
    ----------
    minmax : numpy.ndarray
        The players' minmax values.
    points : numpy.ndarray
        The pure payoff profiles (their convex hull is the feasible set).
    """

    minmax: np.ndarray
    points: np.ndarray

    def contains(self, payoffs: Any, strict: bool = False) -> bool:
        """Whether a payoff vector is feasible and (strictly) individually rational.

        By the folk theorem (Fudenberg and Maskin 1986), every strictly
        individually rational feasible payoff is an average payoff of a
        subgame-perfect equilibrium when players are patient enough.
        """
        from scipy.optimize import linprog

        u = np.asarray(payoffs, dtype=float)
        # the library's rule: each player's payoffs compared within RTOL times its payoff range
        tol = RTOL * value_scale(self.points, axis=0)
        if strict and np.any(u <= self.minmax + tol):
            return False
        if not strict and np.any(u < self.minmax - tol):
            return False
        k = len(self.points)
        res = linprog(np.zeros(k), A_eq=np.vstack([self.points.T, np.ones(k)]), b_eq=np.append(u, 1.0),
                      bounds=[(0, None)] * k, method="highs")
        return res.status == 0

    @property
    def vertices(self) -> np.ndarray:
        """Vertices of the region (two players only): the polygon in counter-clockwise order."""
        if self.points.shape[1] != 2:
            raise ValueError("FolkRegion.vertices: available for two players")
        from scipy.spatial import HalfspaceIntersection, ConvexHull, QhullError

        try:
            hull = ConvexHull(self.points)
        except (QhullError, ValueError):
            return np.unique(np.maximum(self.points, self.minmax), axis=0)
        halfspaces = np.vstack([hull.equations, [[-1.0, 0.0, self.minmax[0]], [0.0, -1.0, self.minmax[1]]]])
        from scipy.optimize import linprog

        # a strictly interior point: maximise the distance to every halfspace
        norms = np.linalg.norm(halfspaces[:, :-1], axis=1)
        res = linprog([0, 0, -1], A_ub=np.column_stack([halfspaces[:, :-1], norms]), b_ub=-halfspaces[:, -1],
                      bounds=[(None, None), (None, None), (0, None)], method="highs")
        # the inscribed radius, in payoff units, is zero by the tolerance rule of the smaller range
        if res.status != 0 or res.x[2] <= RTOL * float(value_scale(self.points, axis=0).min()):
            raise ValueError("FolkRegion.vertices: the region has no interior")
        inter = HalfspaceIntersection(halfspaces, res.x[:2])
        V = inter.intersections
        centre = V.mean(axis=0)
        return V[np.argsort(np.arctan2(V[:, 1] - centre[1], V[:, 0] - centre[0]))]


def folk_theorem_region(stage: Game) -> FolkRegion:
    """The feasible, individually rational payoff region of a stage game.

    Examples
    --------
    >>> from leverage import Game
    >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> region = folk_theorem_region(pd)
    >>> region.contains([3, 3]), region.contains([0.5, 4])
    (True, False)
    """
    game = _check_game(stage, "folk_theorem_region()")
    points = np.stack([u.ravel() for u in game.payoffs], axis=1)
    return FolkRegion(minmax_values(game), points)
