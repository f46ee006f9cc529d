"""Sensitivity of the diversification race: sweeps, regime maps and global indices over its parameters.

The race (:mod:`leverage.scenarios.diversification_race`) is a stochastic
game solved for a Markov perfect equilibrium, not a finite normal form, so
:func:`leverage.sensitivity.sweep` (which batches two-player normal forms)
does not take it. This module gives it the two forms the other tools take:

- :class:`RaceModel`, a :class:`~leverage.sensitivity.regimes.RegimeModel`: a
  ``parameters`` set and ``regime(**values) -> str``, for
  :func:`leverage.sensitivity.regimes.regime_map` and
  :func:`leverage.sensitivity.regimes.distance_to_flip`;
- :func:`race_measure`, a vectorised outcome ``f(**arrays) -> array`` for
  :func:`leverage.sensitivity.sobol` and :func:`leverage.sensitivity.morris`;

and :func:`race_sweep`, a table of the race's measures over a grid, one
parameter at a time, or a sample of the ranges.

The measures (:data:`RACE_MEASURES`), all read from the exact expected path
from dependence ``start_dependence`` (:func:`race_outcome`):

- ``"years_below"``: the first year the expected dependence is below
  ``level`` (0.65 by default, the EU's 65% cap on any one supplier); a path
  that stays above within its ``periods`` years is *censored* at
  ``periods`` (so the measure stays finite for :func:`sobol`);
- ``"china_value"``: China's present value from the start (rent units);
- ``"restriction_year_1"``: China's expected restriction in year 1;
- ``"final_dependence"``: the expected dependence in the path's last year.

Every solve is one MPE computation (a fraction of a second to a few
seconds; more where the equilibrium mixes): sweeps are bounded by
:data:`MAX_RACE_DRAWS` solves, and a draw whose MPE iteration does not
converge is a status (``"unsolved"``), never a number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.checks import UnknownNameError, check_choice, check_int, check_real, check_rng, real_array, renamed
from leverage.display import html_table, require_pandas
from leverage.parameters import ParameterSet, require_parameters
from leverage.results import SolverError
from leverage.scenarios.diversification_race import INVESTMENT_LEVELS, RaceOutcome, race_outcome, race_parameters
from leverage.tolerance import RTOL

__all__ = [
    "RACE_MEASURES",
    "RACE_REGIMES",
    "MAX_RACE_DRAWS",
    "RaceModel",
    "RaceSweep",
    "race_measures",
    "race_measure",
    "race_sweep",
]

#: The measures of a race path, in the order of :func:`race_measures`.
RACE_MEASURES: tuple[str, ...] = ("years_below", "china_value", "restriction_year_1", "final_dependence")

#: The regimes :meth:`RaceModel.regime` names.
RACE_REGIMES: tuple[str, ...] = ("race", "slow race", "no race", "unsolved")

#: Most race solves one :func:`race_sweep` or one call of a :func:`race_measure` outcome makes.
MAX_RACE_DRAWS = 2_000


def race_measures(outcome: RaceOutcome, level: float = 0.65) -> dict[str, float]:
    """The measures of :data:`RACE_MEASURES` of one solved race.

    Parameters
    ----------
    outcome : RaceOutcome
        From :func:`~leverage.scenarios.diversification_race.race_outcome`.
    level : float
        The dependence level of ``"years_below"`` (in [0, 1]).

    Returns
    -------
    dict of str to float
        ``years_below`` is censored at the path's length when dependence
        stays at or above ``level``.

    Examples
    --------
    >>> m = race_measures(race_outcome(race_parameters(investment_cost=2.0)))
    >>> m["years_below"], m["restriction_year_1"], m["final_dependence"]
    (11.0, 0.4, 0.9)
    """
    caller = "race_measures()"
    if not isinstance(outcome, RaceOutcome):
        raise TypeError(f"{caller}: outcome must be a RaceOutcome; got {type(outcome).__name__}")
    level = check_real(level, "level", caller, 0.0, 1.0)
    path = outcome.path
    periods = len(path["year"])
    first = outcome.years_below(level)
    return {
        "years_below": float(periods if first is None else first),
        "china_value": float(outcome.china_value),
        "restriction_year_1": float(path["restriction"][min(1, periods - 1)]),
        "final_dependence": float(path["dependence"][-1]),
    }


class RaceModel:
    """The race as a :class:`~leverage.sensitivity.regimes.RegimeModel`, with its measures at any parameter values.

    Parameters
    ----------
    parameters : ParameterSet, optional
        The race's parameters (:func:`race_parameters` by default): the base
        values of those not varied.
    vary : sequence of str, optional
        The parameters the regime tools may move (all by default). Each
        :func:`~leverage.sensitivity.regimes.distance_to_flip` scan solves the race
        ``2 num`` times per varied parameter, so name few.
    level : float
        The dependence level of the regime and of ``"years_below"``.
    periods : int
        Years on each path (2 to 200).
    max_iter : int
        Bound on each MPE iteration (1 to 5,000).

    Attributes
    ----------
    parameters : ParameterSet
        The varied parameters (the protocol's attribute).
    base : ParameterSet
        Every race parameter, at the base values.

    Notes
    -----
    The regime (:data:`RACE_REGIMES`) of a solved race: ``"no race"`` when
    the target does not invest at the start (dependence never moves);
    ``"race"`` when the expected dependence falls below ``level`` within
    ``periods`` years; ``"slow race"`` otherwise; ``"unsolved"`` when the MPE
    iteration does not converge within ``max_iter`` (a status, not an
    equilibrium).

    Examples
    --------
    >>> from leverage.sensitivity.regimes import regime_map
    >>> model = RaceModel(vary=("investment_cost", "reliability_loss"))
    >>> model.regime(investment_cost=2.0, reliability_loss=1.0)
    'no race'
    >>> m = regime_map(model, ("investment_cost", [0.5, 2.0]), ("reliability_loss", [1.0]))
    >>> m.labels.tolist()
    [['race', 'no race']]
    """

    def __init__(self, parameters: ParameterSet | None = None, vary: Sequence[str] | None = None,
                 level: float = 0.65, periods: int = 11, max_iter: int = 500) -> None:
        caller = "RaceModel()"
        names = race_parameters().names
        self.base = race_parameters() if parameters is None else require_parameters(parameters, names, caller)
        if vary is None:
            chosen = list(names)
        else:
            if isinstance(vary, (str, bytes)) or not isinstance(vary, Sequence):
                raise TypeError(f"{caller}: vary must be a sequence of parameter names, or None; got {vary!r}")
            chosen = list(vary)
            if not chosen or not all(isinstance(k, str) for k in chosen):
                raise ValueError(f"{caller}: vary must name at least one parameter (strings); got {vary!r}")
            unknown = [k for k in chosen if k not in names]
            if unknown:
                raise UnknownNameError(f"{caller}: unknown parameter(s) {', '.join(map(repr, unknown))}; "
                                       f"known: {', '.join(names)}")
            if len(set(chosen)) != len(chosen):
                raise ValueError(f"{caller}: vary names a parameter twice: {vary!r}")
        self.parameters = ParameterSet({k: self.base[k] for k in chosen})
        self.level = check_real(level, "level", caller, 0.0, 1.0)
        self.periods = check_int(periods, "periods", caller, low=2, high=200)
        self.max_iter = check_int(max_iter, "max_iter", caller, low=1, high=5_000)

    def __repr__(self) -> str:
        return f"RaceModel(vary={self.parameters.names!r}, level={self.level}, periods={self.periods})"

    def outcome(self, **values: float) -> RaceOutcome:
        """Solve the race at ``values`` (the others at the base values).

        Raises
        ------
        KeyError
            If a name is not a race parameter (an ``UnknownNameError``).
        ValueError
            If a value lies outside its range, or the grid it gives is empty.
        SolverError
            If the MPE iteration does not converge.

        Examples
        --------
        >>> float(RaceModel().outcome(investment_cost=2.0).path["dependence"][-1])
        0.9
        """
        caller = "RaceModel.outcome()"
        unknown = [k for k in values if k not in self.base]
        if unknown:
            raise UnknownNameError(f"{caller}: unknown parameter(s) {', '.join(map(repr, unknown))}; "
                                   f"known: {', '.join(self.base.names)}")
        for k, v in values.items():
            check_real(v, k, caller)
        with renamed("ParameterSet.replace():", f"{caller}:"):
            ps = self.base.replace(**{k: float(v) for k, v in values.items()})
        try:
            with renamed("race_outcome():", f"{caller}:"):
                return race_outcome(ps, periods=self.periods, max_iter=self.max_iter)
        except SolverError as exc:
            raise SolverError(f"{caller}: {exc}") from None

    def measures(self, **values: float) -> dict[str, float]:
        """The measures of :data:`RACE_MEASURES` at ``values`` (see :func:`race_measures`).

        Examples
        --------
        >>> RaceModel().measures(investment_cost=2.0)["china_value"]
        11.0
        """
        return race_measures(self.outcome(**values), self.level)

    def regime(self, **values: float) -> str:
        """The regime of the race at ``values`` (one of :data:`RACE_REGIMES`; see the class notes).

        Examples
        --------
        >>> RaceModel(vary=("completion",)).regime(completion=0.5)
        'race'
        """
        try:
            out = self.outcome(**values)
        except SolverError:
            return "unsolved"
        return _regime_of(out, self.level)


def _regime_of(out: RaceOutcome, level: float) -> str:
    """The regime of a solved race (see :class:`RaceModel`)."""
    # "does not invest": the expected investment at the start is zero by the tolerance rule, on the scale
    # of the largest investment level
    if out.investment[0] <= RTOL * max(INVESTMENT_LEVELS):
        return "no race"
    return "slow race" if out.years_below(level) is None else "race"


def race_measure(measure: str, model: RaceModel | None = None) -> Callable[..., np.ndarray]:
    """A vectorised outcome for :func:`~leverage.sensitivity.sobol` and :func:`~leverage.sensitivity.morris`.

    Parameters
    ----------
    measure : str
        One of :data:`RACE_MEASURES`.
    model : RaceModel, optional
        The model (its base values, level, periods and bound); the default
        :class:`RaceModel` when None. Pass ``model.parameters`` as the
        parameters of the sensitivity method.

    Returns
    -------
    callable
        ``f(**arrays) -> numpy.ndarray``: one race solve per draw (at most
        :data:`MAX_RACE_DRAWS` per call); a draw whose MPE iteration does not
        converge gives NaN, which the sensitivity methods report as an
        error.

    Examples
    --------
    >>> from leverage.sensitivity import morris
    >>> model = RaceModel(vary=("investment_cost",))
    >>> f = race_measure("final_dependence", model)
    >>> f(investment_cost=np.array([0.5, 2.0])).round(3).tolist()
    [0.566, 0.9]
    >>> morris(f, model.parameters, trajectories=1, levels=2, seed=0).names
    ('investment_cost',)
    """
    caller = "race_measure()"
    measure = check_choice(measure, "measure", caller, RACE_MEASURES)
    if model is None:
        model = RaceModel()
    if not isinstance(model, RaceModel):
        raise TypeError(f"{caller}: model must be a RaceModel or None; got {type(model).__name__}")

    def outcome(**arrays: Any) -> np.ndarray:
        inner = "race_measure() outcome"
        columns = {k: np.atleast_1d(real_array(v, f"the values of {k!r}", inner)) for k, v in arrays.items()}
        if not columns:
            raise TypeError(f"{inner}: give at least one parameter as a keyword array")
        n = max(len(c) for c in columns.values())
        if n > MAX_RACE_DRAWS:
            raise ValueError(f"{inner}: {n:,} draws is more than MAX_RACE_DRAWS={MAX_RACE_DRAWS:,} race solves")
        try:
            cols = {k: np.broadcast_to(c, (n,)) for k, c in columns.items()}
        except ValueError:
            raise ValueError(f"{inner}: the arrays must have one length (or length 1)") from None
        out = np.empty(n)
        for i in range(n):
            try:
                out[i] = model.measures(**{k: float(c[i]) for k, c in cols.items()})[measure]
            except SolverError:
                out[i] = np.nan
        return out

    return outcome


@dataclass(frozen=True, eq=False)
class RaceSweep:
    """The race's measures at many parameter draws.

    Attributes
    ----------
    names : tuple of str
        The parameters varied (the columns of ``values``).
    values : numpy.ndarray
        Shape ``(N, len(names))``, the draws.
    measures : dict of str to numpy.ndarray
        One array of length ``N`` per measure of :data:`RACE_MEASURES` (NaN
        where unsolved).
    regime : numpy.ndarray
        The regime of each draw (:data:`RACE_REGIMES`).
    level : float
        The dependence level of ``"years_below"`` and of the regime.

    Examples
    --------
    >>> s = race_sweep({"kind": "grid", "values": {"investment_cost": [0.5, 2.0]}})
    >>> s.column("regime").tolist(), s.column("final_dependence").round(3).tolist()
    (['race', 'no race'], [0.566, 0.9])
    """

    names: tuple[str, ...]
    values: np.ndarray
    measures: dict[str, np.ndarray]
    regime: np.ndarray
    level: float

    def column(self, name: str) -> np.ndarray:
        """A column: a parameter, a measure, or ``"regime"``.

        Examples
        --------
        >>> race_sweep({"kind": "grid", "values": {"completion": [0.1]}}).column("completion").tolist()
        [0.1]
        """
        caller = "RaceSweep.column()"
        if isinstance(name, str) and name in self.names:
            return self.values[:, self.names.index(name)]
        if isinstance(name, str) and name in self.measures:
            return self.measures[name]
        if name == "regime":
            return self.regime
        known = (*self.names, *self.measures, "regime")
        raise UnknownNameError(f"{caller}: unknown column {name!r}; known: {', '.join(map(repr, known))}")

    def rows(self) -> list[dict[str, Any]]:
        """The table as rows (parameter values, regime, measures).

        Examples
        --------
        >>> race_sweep({"kind": "grid", "values": {"completion": [0.1]}}).rows()[0]["regime"]
        'no race'
        """
        out = []
        for i in range(len(self.values)):
            row: dict[str, Any] = {k: float(self.values[i, j]) for j, k in enumerate(self.names)}
            row["regime"] = str(self.regime[i])
            row.update({k: float(v[i]) for k, v in self.measures.items()})
            out.append(row)
        return out

    def _repr_html_(self) -> str:
        """The sweep as an HTML table for Jupyter (first rows; every cell escaped)."""
        rows = self.rows()
        columns = list(rows[0]) if rows else [*self.names, "regime", *self.measures]
        caption = f"Race sweep: {len(rows)} draw{'s' * (len(rows) != 1)}; dependence level {self.level:g} (share)"
        return html_table(columns, [list(r.values()) for r in rows], caption=caption)

    def to_pandas(self) -> Any:
        """The sweep as a ``pandas.DataFrame``: the columns of :meth:`rows`, ``regime`` a categorical.

        The regime's categories are :data:`RACE_REGIMES`, all of them, in their order.

        Raises
        ------
        ImportError
            If pandas is not installed (``pip install 'leverage[tables]'``).

        Examples
        --------
        >>> frame = race_sweep({"kind": "grid", "values": {"completion": [0.1]}}).to_pandas()
        >>> frame.loc[0, "regime"], list(frame["regime"].cat.categories)
        ('no race', ['race', 'slow race', 'no race', 'unsolved'])
        """
        pd = require_pandas("RaceSweep.to_pandas()")
        frame = pd.DataFrame({**{k: self.values[:, j].copy() for j, k in enumerate(self.names)},
                              "regime": pd.Categorical([str(r) for r in self.regime], categories=list(RACE_REGIMES)),
                              **{k: np.asarray(v, dtype=float).copy() for k, v in self.measures.items()}})
        frame.attrs["level"] = self.level
        return frame


def _space(model: RaceModel, space: Any, rng: np.random.Generator, caller: str) -> tuple[tuple[str, ...], np.ndarray]:
    ps = model.parameters
    if isinstance(space, Mapping):
        kind = check_choice(space.get("kind"), 'space["kind"]', caller, ("grid", "oat", "lhs", "sobol", "random"))
        if kind == "grid":
            values = space.get("values")
            if not isinstance(values, Mapping) or not values:
                raise TypeError(f'{caller}: space["values"] must be a non-empty mapping of names to value lists')
            names = tuple(values)
            unknown = [k for k in names if not isinstance(k, str) or k not in ps]
            if unknown:
                raise UnknownNameError(f"{caller}: unknown parameter(s) {', '.join(map(repr, unknown))}; "
                                       f"known: {', '.join(ps.names)}")
            axes = [real_array(values[k], f"the grid of {k!r}", caller, ndim=1) for k in names]
            count = int(np.prod([len(a) for a in axes], dtype=object))
            if count == 0 or count > MAX_RACE_DRAWS:
                raise ValueError(f"{caller}: the grid has {count:,} points; it must have 1 to "
                                 f"MAX_RACE_DRAWS={MAX_RACE_DRAWS:,}")
            ps.check_values(dict(zip(names, axes)), caller)
            mesh = np.meshgrid(*axes, indexing="ij")
            return names, np.column_stack([m.ravel() for m in mesh])
        if kind == "oat":
            num = check_int(space.get("num"), 'space["num"]', caller, low=2, high=MAX_RACE_DRAWS)
            if num * len(ps) > MAX_RACE_DRAWS:
                raise ValueError(f"{caller}: {num} values of {len(ps)} parameters is more than "
                                 f"MAX_RACE_DRAWS={MAX_RACE_DRAWS:,} solves")
            rows = []
            for j, (name, p) in enumerate(ps.items()):
                for x in np.linspace(p.low, p.high, num):
                    row = np.array([ps[k].value for k in ps.names])
                    row[j] = x
                    rows.append(row)
            return ps.names, np.array(rows)
        n = check_int(space.get("n"), 'space["n"]', caller, low=1, high=MAX_RACE_DRAWS)
        return ps.names, ps.sample(n, rng=rng, method=kind)
    X = real_array(space, "space", caller, ndim=2)
    if X.shape[1] != len(ps) or not 1 <= X.shape[0] <= MAX_RACE_DRAWS:
        raise ValueError(f"{caller}: space must be a dict or an array of shape (N, {len(ps)}) with 1 <= N <= "
                         f"MAX_RACE_DRAWS={MAX_RACE_DRAWS:,}; got {X.shape}")
    ps.check_values({k: X[:, j] for j, k in enumerate(ps.names)}, caller)
    return ps.names, X


def race_sweep(space: Any, model: RaceModel | None = None, *, rng: Any = None, seed: int | None = None) -> RaceSweep:
    """Solve the race at many parameter draws and tabulate its measures and regimes.

    Parameters
    ----------
    space : array or dict
        The draws, over the varied parameters of ``model`` (the others at the
        base values), in the forms of :func:`leverage.sensitivity.sweep`:
        an array of shape ``(N, P)`` (columns in the order of
        ``model.parameters.names``); ``{"kind": "grid", "values": {name:
        list}}`` (the full grid, first name slowest); ``{"kind": "oat",
        "num": k}`` (one at a time over each range); ``{"kind": "lhs" |
        "sobol" | "random", "n": N}``. At most :data:`MAX_RACE_DRAWS` draws.
    model : RaceModel, optional
        The model (default :class:`RaceModel`: every parameter may vary).
    rng : numpy.random.Generator or int, optional
        The generator of the sampled spaces (its state advances), or a
        non-negative integer seed; None: fresh entropy.
    seed : int, optional
        The older name of an integer ``rng`` (give one of the two).

    Returns
    -------
    RaceSweep

    Raises
    ------
    TypeError, ValueError
        If the space is malformed, too large or outside the ranges.

    Examples
    --------
    >>> model = RaceModel(vary=("completion", "investment_cost"))
    >>> s = race_sweep({"kind": "grid", "values": {"completion": [0.1, 1 / 3]}}, model)
    >>> s.column("years_below").tolist()
    [11.0, 7.0]
    """
    caller = "race_sweep()"
    if model is None:
        model = RaceModel()
    if not isinstance(model, RaceModel):
        raise TypeError(f"{caller}: model must be a RaceModel or None; got {type(model).__name__}")
    generator = check_rng(rng, caller, seed=seed)
    names, X = _space(model, space, generator, caller)
    measures = {k: np.full(len(X), np.nan) for k in RACE_MEASURES}
    regime = np.empty(len(X), dtype=object)
    for i, row in enumerate(X):
        values = {k: float(v) for k, v in zip(names, row)}
        try:
            out = model.outcome(**values)
        except SolverError:
            regime[i] = "unsolved"
            continue
        for k, v in race_measures(out, model.level).items():
            measures[k][i] = v
        regime[i] = _regime_of(out, model.level)
    return RaceSweep(names, X, measures, regime, model.level)
