"""The trajectories' outcomes, computed: the diversification race's MPE path and the static games' equilibria.

A trajectory (:mod:`leverage.scenarios.trajectories`) is a set of parameter
values with reasons. Its outcome here is computed from them:

- the race (:mod:`leverage.scenarios.diversification_race`) solved for a
  Markov perfect equilibrium under the trajectory's race values, and its
  exact expected path from dependence 0.9 (year 0, the shock) on; where
  China acts on a wrong belief (``Trajectory.believed``), China's policy is
  its MPE policy in the believed game, the target's the best reply in the
  true game, and the path that of the true game
  (:func:`~leverage.scenarios.diversification_race.race_outcome` with
  ``policy_parameters``);
- the static games' equilibria under the trajectory's static values
  (:func:`~leverage.scenarios.trajectories.outcomes`).

:func:`path_table` gives a path as rows (dependence and restriction by year)
and :func:`compare_trajectories` says in words how the paths differ; every
number in the words is read from the paths.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from leverage.checks import check_flag, check_int, check_real, renamed
from leverage.parameters import ParameterSet, require_parameters
from leverage.results import SolverError
from leverage.scenarios.diversification_race import RaceOutcome, race_outcome, race_parameters
from leverage.scenarios.trajectories import (
    TRAJECTORIES,
    Trajectory,
    china_rent,
    default_parameters,
    outcomes,
    trajectory,
)
from leverage.tolerance import RTOL

__all__ = [
    "TrajectoryOutcome",
    "trajectory_outcome",
    "trajectory_outcomes",
    "path_table",
    "compare_trajectories",
]


@dataclass(frozen=True, eq=False)
class TrajectoryOutcome:
    """A trajectory's computed outcome.

    Attributes
    ----------
    trajectory : Trajectory
        The trajectory (its values and reasons).
    race : RaceOutcome
        The race's MPE policies and expected path under the trajectory's
        true race values (China's policy from its believed game, if any).
    race_parameters : ParameterSet
        The true race's parameters.
    believed_parameters : ParameterSet or None
        The race's parameters China believes (None: the true ones).
    games : dict or None
        The static games' equilibria (:func:`~leverage.scenarios.trajectories.outcomes`),
        None when not asked for.
    rent : float
        China's annual rent under the trajectory, US$ bn per year
        (:func:`~leverage.scenarios.trajectories.china_rent` of its static
        values): the race's unit, its ``rent`` parameter, converted.

    Examples
    --------
    >>> out = trajectory_outcome("overshoot into confrontation", static=False)
    >>> out.name, out.believed_parameters["investment_cost"].value, out.games is None
    ('overshoot into confrontation', 5.0, True)
    """

    trajectory: Trajectory
    race: RaceOutcome
    race_parameters: ParameterSet
    believed_parameters: ParameterSet | None
    games: dict[str, Any] | None
    rent: float

    @property
    def name(self) -> str:
        """The trajectory's name."""
        return self.trajectory.name

    @property
    def china_value_usd(self) -> float:
        """China's present value from the start of the race, in US$ bn.

        The race's payoffs are homogeneous of degree one in its money
        parameters (``rent``, ``target_loss``, ``reliability_loss``,
        ``investment_cost``): multiplying them all by a factor multiplies
        every payoff and value by it and leaves the equilibrium unchanged.
        The value in the race's unit (its ``rent``) is therefore converted at
        :attr:`rent` US$ bn per unit.

        Examples
        --------
        >>> out = trajectory_outcome("managed rivalry", static=False)
        >>> round(out.china_value_usd / out.race.china_value, 4)  # China's rent, US$ bn a year
        0.681
        """
        return float(self.race.china_value) * self.rent / float(self.race_parameters["rent"].value)


def trajectory_outcome(name: str | Trajectory, parameters: ParameterSet | None = None,
                       race_base: ParameterSet | None = None, periods: int = 11,
                       static: bool = True) -> TrajectoryOutcome:
    """Compute a trajectory's outcome: the race's MPE path and the static games' equilibria.

    Parameters
    ----------
    name : str or Trajectory
        A trajectory of :data:`~leverage.scenarios.trajectories.TRAJECTORIES`
        by name, or a trajectory of one's own.
    parameters : ParameterSet, optional
        The static games' base (default
        :func:`~leverage.scenarios.trajectories.default_parameters`; a
        scenario's set, say); the trajectory's values are applied on top.
    race_base : ParameterSet, optional
        The race's base (default
        :func:`~leverage.scenarios.diversification_race.race_parameters`);
        the trajectory's race values are applied on top.
    periods : int
        Years on the path, year 0 (the shock) included (2 to 200).
    static : bool
        Whether to solve the static games too.

    Returns
    -------
    TrajectoryOutcome

    Raises
    ------
    TypeError, KeyError, ValueError
        On a bad argument (the message names this function).
    SolverError
        If the race's MPE iteration does not converge.

    Examples
    --------
    >>> out = trajectory_outcome("managed rivalry")
    >>> [round(float(x), 2) for x in out.race.path["dependence"][[0, 10]]], out.games["linkage"]["cooperation holds"]
    ([0.9, 0.57], True)
    """
    caller = "trajectory_outcome()"
    if isinstance(name, Trajectory):
        t = name
    else:
        with renamed("trajectory():", f"{caller}:"):
            t = trajectory(name)
    periods = check_int(periods, "periods", caller, low=2, high=200)
    static = check_flag(static, "static", caller)
    if parameters is not None and not isinstance(parameters, ParameterSet):
        raise TypeError(f"{caller}: parameters must be a ParameterSet or None; got {type(parameters).__name__}")
    race_names = race_parameters().names
    base = race_parameters() if race_base is None else require_parameters(race_base, race_names, caller)
    try:
        true = t.race_parameters(base)
        believed = t.believed_parameters(base)
    except (KeyError, ValueError) as exc:
        raise type(exc)(f"{caller}: trajectory {t.name!r}: {exc.args[0] if exc.args else exc}") from None
    try:
        with renamed("race_outcome():", f"{caller}:"):
            race = race_outcome(true, periods=periods, policy_parameters=believed)
    except SolverError as exc:
        raise SolverError(f"{caller}: trajectory {t.name!r}: {exc}") from None
    games = None
    ps = default_parameters() if parameters is None else parameters
    with renamed(("outcomes():", "ParameterSet.replace():", "china_rent():"), f"{caller}:"):
        static_values = t.parameters(ps)
        rent = china_rent(static_values.defaults)
        if static:
            games = outcomes(static_values)
    return TrajectoryOutcome(t, race, true, believed, games, rent)


def trajectory_outcomes(parameters: ParameterSet | None = None, race_base: ParameterSet | None = None,
                        periods: int = 11, static: bool = True) -> dict[str, TrajectoryOutcome]:
    """Every trajectory of :data:`~leverage.scenarios.trajectories.TRAJECTORIES`, computed.

    The arguments are those of :func:`trajectory_outcome`.

    The three race solves take about a second together on one core.

    Examples
    --------
    >>> paths = trajectory_outcomes(static=False)
    >>> list(paths)
    ['managed rivalry', 'overshoot into confrontation', 'reluctant multilateralism']
    """
    with renamed("trajectory_outcome():", "trajectory_outcomes():"):
        return {name: trajectory_outcome(t, parameters, race_base, periods, static) for name, t in TRAJECTORIES.items()}


def _race_of(outcome: Any, caller: str) -> RaceOutcome:
    if isinstance(outcome, TrajectoryOutcome):
        return outcome.race
    if isinstance(outcome, RaceOutcome):
        return outcome
    raise TypeError(f"{caller}: outcome must be a TrajectoryOutcome or a RaceOutcome; got {type(outcome).__name__}")


def path_table(outcome: TrajectoryOutcome | RaceOutcome) -> list[dict[str, float]]:
    """A race path as a short table: one row per year, with the expected dependence and restriction.

    Parameters
    ----------
    outcome : TrajectoryOutcome or RaceOutcome
        A computed trajectory or race.

    Returns
    -------
    list of dict
        Rows ``{"year": int, "dependence": float, "restriction": float}``.

    Examples
    --------
    >>> rows = path_table(trajectory_outcome("reluctant multilateralism", static=False, periods=3))
    >>> [(r["year"], round(r["dependence"], 3), round(r["restriction"], 2)) for r in rows]
    [(0, 0.9, 0.2), (1, 0.845, 0.2), (2, 0.79, 0.2)]
    """
    race = _race_of(outcome, "path_table()")
    path = race.path
    return [{"year": int(y), "dependence": float(d), "restriction": float(r)}
            for y, d, r in zip(path["year"], path["dependence"], path["restriction"])]


def _same(a: float, b: float) -> bool:
    """Two path quantities (shares, present values) tie by the library's tolerance rule, on their own scale."""
    return abs(a - b) <= RTOL * max(1.0, abs(a), abs(b))


def _ranking(items: list[tuple[str, float]], high_first: bool, fmt: Callable[[float], str]) -> str:
    """``"A (x), then B and C (y)"``: names grouped by tied values, in order."""
    ordered = sorted(items, key=lambda kv: -kv[1] if high_first else kv[1])
    groups: list[tuple[list[str], float]] = []
    for name, value in ordered:
        if groups and _same(groups[-1][1], value):
            groups[-1][0].append(name)
        else:
            groups.append(([name], value))
    return ", then ".join(f"{' and '.join(names)} ({fmt(value)})" for names, value in groups)


def compare_trajectories(results: Mapping[str, TrajectoryOutcome], level: float = 0.65) -> list[str]:
    """Say in words how the trajectories' race paths differ; every number is read from the paths.

    Parameters
    ----------
    results : mapping of str to TrajectoryOutcome
        Computed trajectories (:func:`trajectory_outcomes`), at least one, on
        paths of one length.
    level : float
        The dependence level whose crossing is compared (0.65: the EU's cap
        on any one supplier, Regulation (EU) 2024/1252 Art. 5).

    Returns
    -------
    list of str
        Sentences: China's restriction in year 1, when dependence falls
        below ``level``, the dependence in the last year, China's discounted
        value, and, for each trajectory whose China acts on a wrong belief,
        what that belief is and (when another trajectory plays the same true
        race with a correct belief) what it costs China.

    Examples
    --------
    >>> words = compare_trajectories(trajectory_outcomes(static=False))
    >>> words[0]
    'In year 1 China restricts most under overshoot into confrontation (0.95), then managed rivalry (0.36), then reluctant multilateralism (0.20).'
    """
    caller = "compare_trajectories()"
    if not isinstance(results, Mapping) or not results:
        raise TypeError(f"{caller}: results must be a non-empty mapping of names to TrajectoryOutcome; got {results!r}")
    for k, v in results.items():
        if not isinstance(k, str) or not isinstance(v, TrajectoryOutcome):
            raise TypeError(f"{caller}: results must map names (str) to TrajectoryOutcome; got {k!r}: "
                            f"{type(v).__name__}")
    level = check_real(level, "level", caller, 0.0, 1.0)
    lengths = {len(v.race.path["year"]) for v in results.values()}
    if len(lengths) != 1:
        raise ValueError(f"{caller}: the paths must have one length; got {sorted(lengths)}")
    (periods,) = lengths
    if periods < 2:
        raise ValueError(f"{caller}: the paths must reach year 1")
    races = {k: v.race for k, v in results.items()}
    words = [
        "In year 1 China restricts most under "
        + _ranking([(k, float(r.path["restriction"][1])) for k, r in races.items()], True, lambda x: f"{x:.2f}")
        + ".",
    ]
    crossed = [(k, float(y)) for k, r in races.items() if (y := r.years_below(level)) is not None]
    never = [k for k, r in races.items() if r.years_below(level) is None]
    parts = []
    if crossed:
        parts.append(f"Dependence falls below {level:g} soonest under "
                     + _ranking(crossed, False, lambda x: f"year {x:.0f}"))
    if never:
        lead = "and it" if crossed else "Dependence"
        parts.append(f"{lead} stays at or above {level:g} for all {periods - 1} years under {' and '.join(never)}")
    words.append("; ".join(parts) + ".")
    words.append(f"After {periods - 1} years the expected dependence is lowest under "
                 + _ranking([(k, float(r.path["dependence"][-1])) for k, r in races.items()], False,
                            lambda x: f"{x:.2f}") + ".")
    words.append("China's discounted value from the start, in US$ bn (the race's unit, China's annual rent, "
                 "converted at its rent under each trajectory), is highest under "
                 + _ranking([(k, v.china_value_usd) for k, v in results.items()], True, lambda x: f"{x:.2f}")
                 + ".")
    for k, v in results.items():
        if v.believed_parameters is None:
            continue
        wrong = [f"{n} {v.believed_parameters[n].value:g} instead of {v.race_parameters[n].value:g}"
                 for n in v.believed_parameters.names
                 if not _same(v.believed_parameters[n].value, v.race_parameters[n].value)]
        sentence = (f"Under {k} China acts on a wrong belief ({', '.join(wrong) or 'none in the end'}): its "
                    f"policy comes from the game it believes, the path from the true game")
        twins = [j for j, w in results.items() if j != k and w.believed_parameters is None
                 and w.race_parameters.defaults == v.race_parameters.defaults]
        if twins:
            j = twins[0]
            before, after = results[j].china_value_usd, v.china_value_usd
            sentence += (f"; {j} plays the same true race with a correct belief, so the wrong belief changes "
                         f"China's value by US$ {after - before:+.2f} bn ({before:.2f} to {after:.2f})")
        words.append(sentence + ".")
    return words
