"""Cross-issue linkage: game algebra, side payments and multi-issue negotiation.

Two ways of linking issues, two tools:

- *enforcement linkage* in repeated play: :func:`link` builds the normal-form
  game in which the same players choose a strategy on every issue at once;
  its threshold analysis lives in :mod:`leverage.repeated`
  (:func:`~leverage.repeated.linked_critical_discount_factor`);
- *negotiation linkage* at the table: :class:`MultiIssueNegotiation` bundles
  issues that the parties value differently, so that one side concedes on
  what it values less (logrolling). Bundling can open a zone of agreement
  where each issue alone has none -- or close one, when a package deal is
  all-or-nothing (Sebenius 1983; Tollison and Willett 1979).

References
----------
J. K. Sebenius (1983), "Negotiation arithmetic: adding and subtracting issues
and parties", International Organization 37(2), 281-316.
R. D. Tollison and T. D. Willett (1979), "An economic theory of mutually
advantageous issue linkages in international negotiations", International
Organization 33(4), 425-449.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.bargaining import BargainingProblem, BargainingSolution, Zopa
from leverage.bargaining.hull import pareto_vertices
from leverage.checks import check_strings, real_array
from leverage.game import Game
from leverage.tolerance import RTOL, value_scale

__all__ = ["link", "side_payment", "MultiIssueNegotiation", "LinkageReport", "MAX_PACKAGE_CANDIDATES", "MAX_LINKED_CELLS"]

#: Largest number of candidate packages :meth:`MultiIssueNegotiation.package_problem` forms when it adds
#: one issue to the packages kept so far (their product, before dominated packages are pruned).
MAX_PACKAGE_CANDIDATES = 1_000_000

#: :func:`link` refuses linked games with more cells (pure profiles) than this.
MAX_LINKED_CELLS = 4_000_000


def link(
    *games: Game,
    weights: Any = None,
    aggregate: Callable[[np.ndarray], np.ndarray] | None = None,
    separator: str = "+",
) -> Game:
    """The linked game: the same players choose a strategy on every issue at once.

    A strategy of the linked game is a tuple of issue strategies, named by
    joining the issue strategies (``"Restrict+Retaliate"``). A player's
    payoff combines its issue payoffs: a weighted sum with per-player salience
    weights, or any aggregation function (a concave one models decreasing
    marginal value of winning on more issues).

    Parameters
    ----------
    *games : Game
        Two or more issue games with the same players (in the same order).
    weights : array_like, optional
        Salience of each issue for each player, shape ``(issues,)`` or
        ``(issues, players)``; 1 by default.
    aggregate : callable, optional
        ``aggregate(u)`` with ``u`` of shape ``(issues, ...)`` (one row per
        issue, numpy broadcasting over profiles) returns the combined payoff;
        applied per player after the weights. Default: the sum.
    separator : str
        Joins strategy names.

    Returns
    -------
    Game
        Player ``i`` has ``prod_k m_ik`` strategies.

    Raises
    ------
    TypeError
        If an argument is not a Game, or ``aggregate`` is not callable.
    ValueError
        Fewer than two games, games with different players, weights of the
        wrong shape or not positive, or a linked game of more than
        :data:`MAX_LINKED_CELLS` cells.

    Examples
    --------
    >>> from leverage import Game
    >>> licences = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("China", "US"),
    ...                               strategies=(("Speed", "Slow"), ("Ease", "Tighten")))
    >>> chips = Game.from_bimatrix([[2, 0], [3, 1]], [[2, 3], [0, 1]], players=("China", "US"),
    ...                            strategies=(("Buy", "Ban"), ("Allow", "Restrict")))
    >>> linked = link(licences, chips)
    >>> linked.strategies[0]
    ('Speed+Buy', 'Speed+Ban', 'Slow+Buy', 'Slow+Ban')
    >>> float(linked.payoffs[0][0, 0])   # China: Speed+Buy against Ease+Allow
    5.0
    """
    caller = "link()"
    if len(games) < 2:
        raise ValueError(f"{caller}: link at least two games; got {len(games)}")
    for k, g in enumerate(games):
        if not isinstance(g, Game):
            raise TypeError(f"{caller}: argument {k} must be a leverage.Game; got {type(g).__name__}")
    players = games[0].players
    for k, g in enumerate(games[1:], start=1):
        if g.players != players:
            raise ValueError(f"{caller}: games have different players: {players} and {g.players} (game {k})")
    if aggregate is not None and not callable(aggregate):
        raise TypeError(f"{caller}: aggregate must be a callable; got {type(aggregate).__name__}")
    if not isinstance(separator, str):
        raise TypeError(f"{caller}: separator must be a string; got {separator!r}")
    n, K = len(players), len(games)
    if weights is None:
        W = np.ones((K, n))
    else:
        W = real_array(weights, "weights", caller, finite=False).copy()
        if W.ndim == 1:
            W = np.repeat(W[:, None], n, axis=1)
        if W.shape != (K, n):
            raise ValueError(f"{caller}: weights must have shape ({K},) or ({K}, {n}); got {W.shape}")
        if not np.all(np.isfinite(W)) or np.any(W <= 0):
            raise ValueError(f"{caller}: weights must be positive and finite")
    # linked shape: player i's strategy is (s_i1, ..., s_iK), flattened in C order
    shape = tuple(math.prod(g.shape[i] for g in games) for i in range(n))
    cells = math.prod(shape)
    if cells > MAX_LINKED_CELLS:
        raise ValueError(
            f"{caller}: the linked game would have {cells:,} cells (strategies per player: {shape}), more than "
            f"MAX_LINKED_CELLS={MAX_LINKED_CELLS:,}; the linked game grows as the product of the issues' games -- "
            f"link fewer issues, or compare packages with MultiIssueNegotiation"
        )
    payoffs = []
    for i in range(n):
        layers = []
        for k, g in enumerate(games):
            # payoff of issue k on the full grid of (player, issue) axes
            u = W[k, i] * g.payoffs[i]
            # axes of u are players 0..n-1 for issue k; expand to axes (player, issue) in order
            full_shape = [1] * (n * K)
            for j in range(n):
                full_shape[j * K + k] = g.shape[j]
            layers.append(u.reshape(full_shape))
        stacked = np.broadcast_arrays(*layers)
        if aggregate is None:
            combined = np.sum(stacked, axis=0)
        else:
            combined = real_array(aggregate(np.array(stacked)), "the output of aggregate", caller, finite=False)
            if combined.size != cells:
                raise ValueError(
                    f"{caller}: aggregate must return one payoff per linked profile ({cells}, with the issues on "
                    f"the first axis reduced away); got shape {combined.shape}"
                )
        payoffs.append(combined.reshape(shape))
    strategies = tuple(
        tuple(separator.join(names) for names in itertools.product(*(g.strategies[i] for g in games)))
        for i in range(n)
    )
    return Game(payoffs, players=players, strategies=strategies)




def side_payment(game: Game, transfer: Any) -> Game:
    """The game with balanced transfers added to the payoffs.

    Parameters
    ----------
    game : Game
        The game.
    transfer : array_like
        Shape ``(players,)`` (the same transfer at every profile) or
        ``(players, m_1, ..., m_n)`` (profile by profile); entries are what
        each player receives, and must sum to zero across players.

    Raises
    ------
    ValueError
        If the transfers do not sum to zero, have the wrong shape or are not finite.

    Examples
    --------
    The US pays China 1 whenever China speeds licences:

    >>> from leverage import Game
    >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("China", "US"))
    >>> t = np.zeros((2, 2, 2)); t[0, 0, :] = 1.0; t[1, 0, :] = -1.0
    >>> side_payment(g, t).payoffs[0]
    array([[4., 1.],
           [5., 1.]])
    """
    caller = "side_payment()"
    if not isinstance(game, Game):
        raise TypeError(f"{caller}: game must be a leverage.Game; got {type(game).__name__}")
    try:
        T = real_array(transfer, "transfer", caller, finite=False)
    except TypeError:
        raise TypeError(f"{caller}: transfer must be numeric; got {transfer!r}") from None
    n = game.n_players
    if T.shape == (n,):
        T = np.broadcast_to(T.reshape((n,) + (1,) * n), (n,) + game.shape)
    if T.shape != (n,) + game.shape:
        raise ValueError(f"{caller}: transfer must have shape ({n},) or {(n,) + game.shape}; got {T.shape}")
    if not np.all(np.isfinite(T)):
        raise ValueError(f"{caller}: transfer has non-finite values")
    imbalance = np.abs(T.sum(axis=0)).max()
    if imbalance > RTOL * value_scale(T):  # the tolerance rule over the transfers' values
        raise ValueError(f"{caller}: transfers must sum to zero across players at every profile; off by {imbalance:.3g}")
    return Game([u + T[i] for i, u in enumerate(game.payoffs)], players=game.players, strategies=game.strategies)


@dataclass(frozen=True, eq=False)
class LinkageReport:
    """Separate versus bundled negotiation.

    Attributes
    ----------
    separate : tuple of BargainingSolution
        Each issue's Nash solution on its own (in issue units).
    bundled : BargainingSolution
        The Nash solution of the package (in salience-weighted units).
    separate_total : numpy.ndarray
        Each player's weighted utility from the issues agreed separately
        (issues without agreement count at their BATNA).
    gain_from_logrolling : float
        Sum over players of bundled minus separate utility (weighted units).
    separate_zopa : tuple of bool
        Whether each issue alone has a zone of agreement.
    bundled_zopa : bool
        Whether the package has one.
    effect : str
        ``"creates"``, ``"destroys"`` or ``"keeps"``: what bundling does to
        the zone of agreement.

    Examples
    --------
    >>> pie = [[1, 0], [0, 1]]
    >>> talks = MultiIssueNegotiation([pie, pie], saliences=[[1, 3], [3, 1]],
    ...                               batnas=[[0.6, 0.5], [0.5, 0.6]])
    >>> report = talks.compare()
    >>> report.effect, report.bundled.utilities, report.separate_total
    ('creates', array([3., 3.]), array([2.1, 2.1]))
    >>> round(report.gain_from_logrolling, 6)
    1.8
    """

    separate: tuple[BargainingSolution, ...]
    bundled: BargainingSolution
    separate_total: np.ndarray
    gain_from_logrolling: float
    separate_zopa: tuple[bool, ...]
    bundled_zopa: bool
    effect: str


class MultiIssueNegotiation:
    """Negotiation over several issues, each with its own feasible deals, separately or as a package.

    Parameters
    ----------
    issues : sequence of array_like
        For each issue, its possible deals as utility points, shape ``(k, n)``
        (the feasible set is their convex hull with free disposal).
    saliences : array_like
        How much each player cares about each issue, shape ``(issues, players)``
        (a player's package utility is ``sum_k s_ik u_ik``).
    batnas : array_like
        Each player's BATNA on each issue, shape ``(issues, players)``; the
        package BATNA is their salience-weighted sum.
    players : sequence of str, optional
        Player names.
    issue_names : sequence of str, optional
        Issue names.

    Examples
    --------
    Two issues valued differently: each side gives way where it cares less.

    >>> rare_earths = [[1, 0], [0, 1]]       # (China, US) utilities of the two extreme deals
    >>> chips = [[1, 0], [0, 1]]
    >>> talks = MultiIssueNegotiation([rare_earths, chips], saliences=[[1, 3], [3, 1]],
    ...                               batnas=[[0.6, 0.5], [0.5, 0.6]], players=("China", "US"))
    >>> report = talks.compare()
    >>> report.separate_zopa, report.bundled_zopa, report.effect
    ((False, False), True, 'creates')
    """

    def __init__(
        self,
        issues: Sequence[Any],
        saliences: Any,
        batnas: Any,
        players: Sequence[str] | None = None,
        issue_names: Sequence[str] | None = None,
    ) -> None:
        caller = "MultiIssueNegotiation()"
        if isinstance(issues, (str, bytes)) or not isinstance(issues, Iterable):
            raise TypeError(f"{caller}: issues must be a sequence of arrays of utility points; got {issues!r}")
        pts = []
        for k, issue in enumerate(issues):
            try:
                P = real_array(issue, f"issues[{k}]", caller, finite=False).copy()
            except (TypeError, ValueError):
                raise TypeError(f"{caller}: issues[{k}] must be numeric utility points") from None
            if P.ndim != 2 or len(P) < 1:
                raise ValueError(f"{caller}: issues[{k}] must be a 2-D array of deals (rows) by players; got shape {P.shape}")
            if not np.all(np.isfinite(P)):
                raise ValueError(f"{caller}: issues[{k}] has non-finite utilities")
            pts.append(P)
        if len(pts) < 1:
            raise ValueError(f"{caller}: no issues")
        n = pts[0].shape[1]
        if n < 2:
            raise ValueError(f"{caller}: a negotiation needs at least two players")
        for k, P in enumerate(pts):
            if P.shape[1] != n:
                raise ValueError(f"{caller}: issues[{k}] has {P.shape[1]} players; issues[0] has {n}")
        K = len(pts)
        S = real_array(saliences, "saliences", caller, finite=False).copy()
        if S.shape != (K, n) or not np.all(np.isfinite(S)) or np.any(S <= 0):
            raise ValueError(f"{caller}: saliences must be positive with shape ({K}, {n}); got {S.shape}")
        D = real_array(batnas, "batnas", caller, finite=False).copy()
        if D.shape != (K, n) or not np.all(np.isfinite(D)):
            raise ValueError(f"{caller}: batnas must be finite with shape ({K}, {n}); got {D.shape}")
        self.issues = tuple(pts)
        self.saliences = S
        self.batnas = D
        self.players = check_strings(players, "players", caller) if players is not None else tuple(
            f"Player {i + 1}" for i in range(n))
        self.issue_names = check_strings(issue_names, "issue_names", caller) if issue_names is not None else tuple(
            f"issue {k + 1}" for k in range(K))
        if len(self.players) != n or len(self.issue_names) != K:
            raise ValueError(f"{caller}: {len(self.players)} player names and {len(self.issue_names)} issue names "
                             f"for {n} players and {K} issues")

    def issue_problem(self, k: int) -> BargainingProblem:
        """Issue ``k`` negotiated alone (issue units)."""
        return BargainingProblem.from_points(self.issues[k], self.batnas[k], players=self.players)

    def package_problem(self) -> BargainingProblem:
        """The package deal: the salience-weighted Minkowski sum of the issues' sets.

        The packages are built one issue at a time, and after each issue only
        the packages that are vertices of the comprehensive hull (free
        disposal) are kept: a vertex of a Minkowski sum is a sum of vertices,
        so the set, and every solution over it, is unchanged. With two
        players the kept packages grow with the total number of deals, not
        with their product.

        Raises
        ------
        ValueError
            If adding an issue would form more than
            :data:`MAX_PACKAGE_CANDIDATES` candidate packages (with many
            players the undominated packages can still grow quickly).

        Examples
        --------
        Twenty issues of two deals each: 2**20 packages, of which the 21
        with ``j`` issues going each way are the vertices of the package set.

        >>> pie = [[1, 0], [0, 1]]
        >>> talks = MultiIssueNegotiation([pie] * 20, saliences=np.ones((20, 2)), batnas=np.zeros((20, 2)))
        >>> talks.package_problem().nash_solution().utilities
        array([10., 10.])
        """
        caller = "MultiIssueNegotiation.package_problem()"
        n = len(self.players)
        packages = pareto_vertices(self.issues[0] * self.saliences[0], caller)
        for k in range(1, len(self.issues)):
            issue = pareto_vertices(self.issues[k] * self.saliences[k], caller)
            count = len(packages) * len(issue)
            if count > MAX_PACKAGE_CANDIDATES:
                raise ValueError(
                    f"{caller}: adding {self.issue_names[k]!r} would form {count:,} candidate packages "
                    f"({len(packages):,} kept so far times {len(issue):,} deals), above the bound of "
                    f"{MAX_PACKAGE_CANDIDATES:,} (MAX_PACKAGE_CANDIDATES); negotiate fewer issues at once "
                    f"or give the issues fewer deals"
                )
            packages = pareto_vertices((packages[:, None, :] + issue[None, :, :]).reshape(-1, n), caller)
        d = (self.batnas * self.saliences).sum(axis=0)
        return BargainingProblem.from_points(packages, d, players=self.players)

    def zopa(self) -> tuple[tuple[Zopa, ...], Zopa]:
        """Zones of agreement of each issue alone, and of the package."""
        return tuple(self.issue_problem(k).zopa() for k in range(len(self.issues))), self.package_problem().zopa()

    def compare(self, weights: Any = None) -> LinkageReport:
        """Separate versus bundled Nash solutions, the logrolling gain and the effect on the zone of agreement.

        Parameters
        ----------
        weights : array_like, optional
            Bargaining powers for the generalised Nash solution.

        Raises
        ------
        ValueError
            If the package set is too large to build (see :meth:`package_problem`).

        Examples
        --------
        >>> pie = [[1, 0], [0, 1]]
        >>> report = MultiIssueNegotiation([pie, pie], saliences=[[1, 3], [3, 1]],
        ...                                batnas=[[0.6, 0.5], [0.5, 0.6]]).compare()
        >>> report.effect, report.separate_zopa
        ('creates', (False, False))
        """
        separate = tuple(self.issue_problem(k).nash_solution(weights) for k in range(len(self.issues)))
        total = np.zeros(len(self.players))
        for k, sol in enumerate(separate):
            u = sol.utilities if sol.agreement else self.batnas[k]
            total += self.saliences[k] * u
        bundled = self.package_problem().nash_solution(weights)
        sep_zopa = tuple(bool(s.agreement) for s in separate)
        any_separate = any(sep_zopa)
        if bundled.agreement and not any_separate:
            effect = "creates"
        elif not bundled.agreement and any_separate:
            effect = "destroys"
        else:
            effect = "keeps"
        bundled_total = bundled.utilities if bundled.agreement else (self.batnas * self.saliences).sum(axis=0)
        gain = float(np.sum(bundled_total) - np.sum(total))
        return LinkageReport(separate, bundled, total, gain, sep_zopa, bool(bundled.agreement), effect)
