"""The diversification race: China restricts, the target invests in other supply, dependence falls over years.

A stochastic game (:mod:`leverage.dynamic`) between China (the coercer) and a
target such as Japan.

- **State:** the target's dependence on China, ``d``, on a grid from
  ``start_dependence`` (0.9, Japan in 2010) down to ``floor_dependence`` in
  steps of ``dependence_step``.
- **Each year (one period):** China sets a restriction level ``r`` on
  :data:`RESTRICTION_LEVELS`; at the same time the target chooses how many
  grid steps ``a`` of other supply to build, on :data:`INVESTMENT_LEVELS`, at
  the convex cost ``investment_cost * a**2``.
- **Build lag:** a build started this year completes next year with
  probability ``completion * (1 + urgency * r)`` (at most 1): a geometric lag
  with mean ``1 / completion`` years in calm times, shorter while China
  restricts (restrictions mobilise governments: the US Department of
  Defense's deal with MP Materials followed the April 2025 licensing within
  three months). Dependence then falls by ``a`` steps (not below the floor);
  otherwise the investment is lost and dependence stays.
- **Payoffs per year** (unit: China's export rent per year from the target at
  full dependence, ``rent = 1``): the flows of the coercion model
  (:mod:`leverage.coercion.payoffs`) scaled by dependence, and the
  reliability loss in China's other markets:

  - China: ``d (R (1 - r) + c L r) - lam r**2``;
  - target: ``-d L r - investment_cost a**2``.

  The payoffs are homogeneous of degree one in the money parameters
  (``rent``, ``target_loss``, ``reliability_loss``, ``investment_cost``):
  scaling them all scales every value and leaves the equilibrium unchanged.
  The trajectories (:mod:`leverage.scenarios.trajectory_paths`) report
  China's value in US$ bn, the numeraire of the rare-earth games, converted
  at China's rent derived from its price, cost and market
  (:func:`leverage.scenarios.trajectories.china_rent`).

- **Timing and discounting:** payoffs accrue in the year of the actions; the
  state moves at the year's end; present values use ``coercer_discount`` and
  ``target_discount`` per year.
- **Ties:** an MPE is found by :func:`leverage.dynamic.markov_equilibrium`
  with the selection rule ``"first"`` among each year's stage-game equilibria
  (the lowest restriction and the lowest investment first); indifference is
  judged by the library's tolerance rule.

Calibration: ``investment_cost`` is chosen (:func:`calibrate_investment_cost`)
so that, after a 2010-style shock (dependence 0.9 and China free to restrict),
the expected dependence after ten years is about 0.6, the articles' figure for
Japan. With the grids above the MPE is pure at the default values and the
expected dependence after ten years is 0.566 (pure equilibria move it in
jumps as the cost changes: about 0.52, 0.57, then 0.70); costs where the
equilibrium mixes land closer to 0.6 but take tens of seconds to solve.
Sources are given per parameter; the others are illustrative.

Findings at the defaults: China restricts less when the target can invest
(0.3 instead of the static optimum 0.4 at dependence 0.8, to slow the race),
and the target builds one step at a time at every level but 0.5 and the floor.

The three trajectories' paths are computed in
:mod:`leverage.scenarios.trajectory_paths`; sweeps, regime maps and global
sensitivity over the race's parameters in
:mod:`leverage.scenarios.race_sensitivity`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.checks import check_flag, check_int, check_real, real_array, renamed
from leverage.dynamic import (
    MarkovResult,
    StochasticGame,
    markov_equilibrium,
    policy_values,
    pure_markov_equilibria,
)
from leverage.parameters import Parameter, ParameterSet, require_parameters

__all__ = [
    "RESTRICTION_LEVELS",
    "INVESTMENT_LEVELS",
    "RaceOutcome",
    "race_parameters",
    "diversification_race",
    "race_outcome",
    "calibrate_investment_cost",
    "levels_of",
    "DAMPING_SCHEDULE",
]

#: China's restriction levels (share of licences withheld).
RESTRICTION_LEVELS: tuple[float, ...] = tuple(round(0.1 * k, 1) for k in range(11))
#: The target's investment levels, in grid steps of dependence per build.
INVESTMENT_LEVELS: tuple[int, ...] = (0, 1, 2)

_DEPENDENCE = "Argus; JOGMEC (Japan's dependence on Chinese rare earths, calibration notes)"
_MP = "MP Materials press release; FAS, Jul 2025 (10 kt/yr magnet plant commissioning about 2028)"


def race_parameters(**overrides: float) -> ParameterSet:
    """The race's parameters: sourced where the calibration notes have a figure, illustrative otherwise.

    Examples
    --------
    >>> ps = race_parameters()
    >>> ps["start_dependence"].value, ps["completion"].source.startswith("MP Materials")
    (0.9, True)
    """
    ps = ParameterSet(
        start_dependence=Parameter(0.9, 0.8, 1.0, "share", _DEPENDENCE + ": about 90% in 2010"),
        target_dependence=Parameter(0.6, 0.6, 0.7, "share",
                                    _DEPENDENCE + ": about 60-70% a decade later; the calibration target"),
        floor_dependence=Parameter(0.3, 0.0, 0.5, "share", "illustrative: the lowest dependence on the grid"),
        dependence_step=Parameter(0.1, 0.05, 0.2, "share per grid step", "illustrative: the grid's spacing"),
        rent=Parameter(1.0, 0.1, 5.0, "rent/year", "normalisation: China's export rent at full dependence"),
        target_loss=Parameter(4.0, 0.5, 20.0, "rent/year at full restriction and dependence",
                              "illustrative; Gholz and Hughes (2021) on the 2010 episode"),
        concession_share=Parameter(0.5, 0.0, 1.0, "share", "illustrative"),
        reliability_loss=Parameter(1.0, 0.0, 10.0, "rent/year at full restriction (times r squared)",
                                   "illustrative; a supplier who cuts one buyer off is trusted less by all"),
        coercer_discount=Parameter(0.9, 0.5, 0.99, "per year", "illustrative"),
        target_discount=Parameter(0.9, 0.5, 0.99, "per year", "illustrative"),
        urgency=Parameter(0.5, 0.0, 2.0, "relative speed-up of builds at full restriction",
                          "illustrative; the DoD-MP Materials deal (Jul 2025) followed China's Apr 2025 licensing"),
        completion=Parameter(1 / 3, 0.1, 0.5, "probability per year",
                             _MP + ": about three years from deal to plant; Western mines take a decade (0.1)"),
        investment_cost=Parameter(0.5, 0.05, 20.0, "rent per (grid step) squared",
                                  "calibrated by calibrate_investment_cost(): dependence 0.9 -> about 0.6 in "
                                  "ten years (Argus; JOGMEC)"),
    )
    if overrides:
        try:
            ps = ps.replace(**overrides)
        except (KeyError, TypeError, ValueError) as exc:
            message = exc.args[0] if exc.args else str(exc)
            raise type(exc)(f"race_parameters(): {message}") from None
    return ps


def _grid(v: dict[str, float], caller: str) -> np.ndarray:
    start, floor, step = v["start_dependence"], v["floor_dependence"], v["dependence_step"]
    if floor >= start:
        raise ValueError(f"{caller}: floor_dependence must lie below start_dependence")
    count = int(np.floor((start - floor) / step + 0.5)) + 1
    return np.round(start - step * np.arange(count), 10)


def diversification_race(parameters: ParameterSet | None = None, restriction: bool = True,
                         investment: bool = True) -> StochasticGame:
    """The race as a :class:`~leverage.dynamic.StochasticGame` (see the module docstring).

    Parameters
    ----------
    parameters : ParameterSet, optional
        The names of :func:`race_parameters` (its defaults when None).
    restriction : bool
        Whether China may restrict (False: only ``r = 0``).
    investment : bool
        Whether the target may invest (False: only ``a = 0``).

    Examples
    --------
    >>> g = diversification_race()
    >>> g.states[:3], g.actions[0][0][:2], g.players
    (('d=0.90', 'd=0.80', 'd=0.70'), ('r=0.00', 'r=0.10'), ('China', 'Target'))
    """
    caller = "diversification_race()"
    restriction = check_flag(restriction, "restriction", caller)
    investment = check_flag(investment, "investment", caller)
    ps = race_parameters() if parameters is None else require_parameters(parameters, race_parameters().names, caller)
    v = ps.defaults
    grid = _grid(v, caller)
    levels = np.array(RESTRICTION_LEVELS if restriction else (0.0,))
    invest = np.array(INVESTMENT_LEVELS if investment else (0,))
    S = len(grid)
    states = tuple(f"d={d:.2f}" for d in grid)
    actions = [(tuple(f"r={r:.2f}" for r in levels), tuple(f"invest {a}" for a in invest))] * S
    R, L, c, lam = v["rent"], v["target_loss"], v["concession_share"], v["reliability_loss"]
    kappa, p0, eta = v["investment_cost"], v["completion"], v["urgency"]
    payoffs, transitions = [], []
    for k, d in enumerate(grid):
        r, a = np.meshgrid(levels, invest, indexing="ij")
        china = d * (R * (1 - r) + c * L * r) - lam * r**2
        target = -d * L * r - kappa * a**2
        payoffs.append(np.stack([china, target]))
        P = np.zeros((len(levels), len(invest), S))
        p = np.minimum(1.0, p0 * (1.0 + eta * levels))  # completion probability at each restriction level
        for j, steps in enumerate(invest):
            nxt = min(k + int(steps), S - 1)
            if steps:
                P[:, j, k] += 1.0 - p
                P[:, j, nxt] += p
            else:
                P[:, j, k] = 1.0
        transitions.append(P)
    return StochasticGame(("China", "Target"), states, actions, payoffs, transitions,
                          [v["coercer_discount"], v["target_discount"]])


@dataclass(frozen=True)
class RaceOutcome:
    """The race's MPE: policies as functions of dependence, and the expected path.

    Attributes
    ----------
    result : MarkovResult
        The solver's result (status and the verified equilibrium).
    dependence : numpy.ndarray
        The grid of dependence levels (the states, in order).
    restriction : numpy.ndarray
        China's expected restriction at each dependence level.
    investment : numpy.ndarray
        The target's expected investment (grid steps) at each level.
    path : dict of str to numpy.ndarray
        ``year``, ``dependence`` (expected), ``restriction`` (expected), from
        the start, exact (the state distribution, not draws).
    china_value : float
        China's present value from the start.

    Examples
    --------
    >>> out = race_outcome(periods=3)
    >>> out.result.status, out.path["year"].tolist()
    ('converged', [0, 1, 2])
    """

    result: MarkovResult
    dependence: np.ndarray
    restriction: np.ndarray
    investment: np.ndarray
    path: dict[str, np.ndarray]
    china_value: float

    def years_below(self, level: float) -> int | None:
        """The first year the expected dependence is below ``level`` (None within the path's horizon).

        Examples
        --------
        >>> race_outcome(periods=30).years_below(0.65) is not None
        True
        """
        level = check_real(level, "level", "RaceOutcome.years_below()", 0.0, 1.0)
        below = np.flatnonzero(self.path["dependence"] < level)
        return int(below[0]) if below.size else None


def race_outcome(parameters: ParameterSet | None = None, periods: int = 11, restriction: bool = True,
                 investment: bool = True, policy_parameters: ParameterSet | None = None,
                 max_iter: int = 500) -> RaceOutcome:
    """Solve the race for an MPE and compute its expected path from the start.

    Parameters
    ----------
    parameters : ParameterSet, optional
        The true parameters (defaults of :func:`race_parameters`).
    periods : int
        Years on the path (year 0 included).
    restriction, investment : bool
        As in :func:`diversification_race`.
    policy_parameters : ParameterSet, optional
        The parameters China *believes* (an "overshoot"): China's policy is its
        MPE policy in the believed game, the target's its best reply in the
        true game to that policy, and the path is that of the true game. The
        returned ``result`` is then the believed game's.
    max_iter : int
        Bound on each MPE iteration (tried with the damping of :data:`DAMPING_SCHEDULE` in turn).

    Raises
    ------
    SolverError
        If the MPE iteration does not converge.

    Examples
    --------
    >>> out = race_outcome()
    >>> bool(0.55 <= out.path["dependence"][10] <= 0.65)
    True
    """
    caller = "race_outcome()"
    periods = check_int(periods, "periods", caller, low=1, high=10_000)
    max_iter = check_int(max_iter, "max_iter", caller, low=1, high=100_000)
    with renamed("diversification_race():", f"{caller}:"):
        game = diversification_race(parameters, restriction, investment)
        believed = game if policy_parameters is None else diversification_race(policy_parameters, restriction,
                                                                                investment)
    result = _solve(believed, max_iter)
    policy = result.equilibrium.policy  # a SolverError if it did not converge
    if believed is not game:
        if believed.states != game.states or believed.actions != game.actions:
            raise ValueError(f"{caller}: the believed and the true game must share states and actions")
        policy = _target_best_reply(game, [row[0] for row in policy])
    levels = np.array(levels_of(game))
    steps = np.array([int(n.split()[1]) for n in game.actions[0][1]])
    grid = np.array([float(s[2:]) for s in game.states])
    restr = np.array([policy[k][0] @ levels for k in range(game.n_states)])
    inv = np.array([policy[k][1] @ steps for k in range(game.n_states)])
    dist = _state_path(game, policy, periods)
    path = {"year": np.arange(periods), "dependence": dist @ grid, "restriction": dist @ restr}
    return RaceOutcome(result, grid, restr, inv, path, float(policy_values(game, policy)[0, 0]))


#: Damping tried in turn by :func:`race_outcome` until the MPE iteration converges.
DAMPING_SCHEDULE: tuple[float, ...] = (1.0, 0.5, 0.2)


def _solve(game: StochasticGame, max_iter: int) -> MarkovResult:
    for damping in DAMPING_SCHEDULE:
        result = markov_equilibrium(game, rule="first", damping=damping, max_iter=max_iter)
        if result.converged:
            break
    return result


def levels_of(game: StochasticGame) -> tuple[float, ...]:
    """China's restriction levels in a race game, read from its action names.

    Examples
    --------
    >>> levels_of(diversification_race(restriction=False))
    (0.0,)
    """
    if not isinstance(game, StochasticGame):
        raise TypeError(f"levels_of(): game must be a StochasticGame; got {type(game).__name__}")
    try:
        return tuple(float(n[2:]) for n in game.actions[0][0])
    except ValueError:
        raise ValueError("levels_of(): game is not a diversification race (actions 'r=...')") from None


def _state_path(game: StochasticGame, policy: Any, periods: int) -> np.ndarray:
    P = np.empty((game.n_states, game.n_states))
    for k in range(game.n_states):
        out = game.transitions[k]
        for vec in policy[k]:
            out = np.tensordot(out, vec, axes=([0], [0]))
        P[k] = out
    dist = np.zeros((periods, game.n_states))
    dist[0, 0] = 1.0
    for t in range(1, periods):
        dist[t] = dist[t - 1] @ P
    return dist


def _target_best_reply(game: StochasticGame, china: list[np.ndarray]) -> tuple:
    """The target's optimal stationary reply in ``game`` to China's fixed policy, and the joint policy."""
    S = game.n_states
    pays, trans = [], []
    for k in range(S):
        pays.append(np.tensordot(china[k], game.payoffs[k][1], axes=([0], [0]))[None])  # (1, m_T)
        trans.append(np.tensordot(china[k], game.transitions[k], axes=([0], [0])))  # (m_T, S)
    mdp = StochasticGame(("Target",), game.states, [(a[1],) for a in game.actions], pays, trans,
                         [game.discount[1]])
    reply = pure_markov_equilibria(mdp).equilibrium  # every optimal policy; the first by the tie rule
    return tuple((china[k], reply.policy[k][0]) for k in range(S))


def calibrate_investment_cost(parameters: ParameterSet | None = None, periods: int = 10,
                              costs: Any = None) -> tuple[float, float]:
    """The investment cost whose MPE path takes dependence closest to the target after ``periods`` years.

    Parameters
    ----------
    parameters : ParameterSet, optional
        The race's parameters (``target_dependence`` is the target).
    periods : int
        Years after the shock (10: a decade).
    costs : array_like, optional
        Candidate costs (default: 0.25, 0.5 and 0.75, around the default
        value; pass a wider grid to search further). Each is one MPE
        computation: under a second where the equilibrium is pure, tens of
        seconds where it mixes.

    Returns
    -------
    cost, dependence : float
        The best cost and the expected dependence it gives after ``periods`` years.

    Examples
    --------
    >>> cost, dep = calibrate_investment_cost(costs=[0.5, 0.75])
    >>> cost, round(dep, 3)
    (0.5, 0.566)
    """
    caller = "calibrate_investment_cost()"
    periods = check_int(periods, "periods", caller, low=1, high=1000)
    ps = race_parameters() if parameters is None else require_parameters(parameters, race_parameters().names, caller)
    grid = np.array([0.25, 0.5, 0.75]) if costs is None else real_array(costs, "costs", caller, ndim=1)
    if grid.size == 0 or grid.size > 200 or np.any(grid < 0.05) or np.any(grid > 20.0):
        raise ValueError(f"{caller}: costs must hold 1 to 200 values within the parameter's range [0.05, 20]")
    target = ps["target_dependence"].value
    best = None
    for kappa in grid:
        with renamed("race_outcome():", f"{caller}:"):
            out = race_outcome(ps.replace(investment_cost=float(kappa)), periods=periods + 1)
        dep = float(out.path["dependence"][periods])
        if best is None or abs(dep - target) < abs(best[1] - target):
            best = (float(kappa), dep)
    assert best is not None
    return best
