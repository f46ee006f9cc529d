"""Findings: each headline result as one sentence, with how robust it is and what it hinges on.

A *conclusion* is a function of the parameters that names the result at each
point of the parameter box -- a regime label such as ``"calibrated"`` or
``"License/Comply"`` -- together with the sentence that states it
(:class:`Conclusion`). The conclusion *holds* wherever the label equals its
label at the calibration. One definition serves all three figures of a
:class:`Finding`, so they cannot disagree about what is being measured:

- **robustness** (:func:`robustness`): the share of the plausible parameter
  box -- every parameter uniform over its range -- in which the conclusion
  holds. Estimated by randomised quasi-Monte Carlo: ``replicates``
  independently scrambled Sobol' point sets (``scipy.stats.qmc.Sobol``);
  the estimate is the mean of the replicate means, its standard error the
  standard deviation of the replicate means over ``sqrt(replicates)``
  (Owen 1997). A single scrambled set would give no honest error estimate.
- **nearest flip** (:func:`nearest_flip`): the one-parameter change of least
  relative size (change over the parameter's range) that overturns the
  conclusion, found by the scan-and-bracket search of
  :func:`leverage.sensitivity.regimes.distance_to_flip` batched over the parameters,
  and the result on the other side.
- **illustrative share** (:func:`grouped_sobol`): the *total* Sobol' index of
  the group of illustrative parameters (:func:`is_illustrative`) for the 0/1
  indicator of the conclusion: the share of its variance that would vanish
  if every illustrative parameter were known exactly (Jansen's estimator;
  :func:`grouped_sobol` also gives the group's first-order index, Saltelli's
  2010 estimator). The same replicated design as the robustness, so it costs
  little more. None when the conclusion holds (or fails) throughout the
  sample: there is no variance to apportion.
- **confidence**: a label from the three figures by :data:`CONFIDENCE_RULE`.

Every computation is bounded: sample sizes are arguments with documented
defaults, a design of more than :data:`MAX_DRAWS` evaluations is refused
before any work, and the flip search scans at most
:data:`~leverage.sensitivity.regimes.MAX_FLIP_GRID` points per side.
:func:`leverage.scenarios.analysis.headline_findings` states the flagship
analysis' results this way.

References
----------
A. B. Owen (1997), "Scrambled net variance for integrals of smooth
functions", Annals of Statistics 25(4), 1541-1562.
A. Saltelli et al. (2010), "Variance based sensitivity analysis of model
output", Computer Physics Communications 181, 259-270.
M. J. W. Jansen (1999), "Analysis of variance designs for model output",
Computer Physics Communications 117, 35-43.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.checks import check_callable, check_int, check_real, check_rng, renamed
from leverage.display import html_table
from leverage.parameters import Parameter, ParameterSet
from leverage.parametric import check_parametric_model
from leverage.tolerance import FLIP_XTOL

__all__ = [
    "CONFIDENCE_RULE", "FINDINGS_COLUMNS", "FLIP_PROBES", "MAX_DRAWS", "Conclusion", "Finding", "GroupIndices",
    "NearestFlip", "confidence", "find", "findings_html", "game_outcome", "grouped_sobol", "illustrative_names",
    "is_illustrative", "nearest_flip", "pointwise", "robustness",
]

#: How :func:`confidence` labels a finding (``flip`` is the nearest flip's change as a share of its
#: parameter's range, infinite when nothing flips; an illustrative share of None counts as 0).
CONFIDENCE_RULE = (
    "high: robustness >= 0.9, the nearest flip >= 10% of its parameter's range away, and at most half the "
    "variance from illustrative parameters; low: robustness < 0.6, or the nearest flip < 2% of a range away, "
    "or more than 80% of the variance from illustrative parameters; medium: otherwise"
)

#: Most evaluations of the outcome one randomised design (:func:`robustness`, :func:`grouped_sobol`,
#: :func:`find`) may ask for; a larger design is refused before any work.
MAX_DRAWS = 2**20

#: Where :func:`nearest_flip` reads the result on the other side: this far past the flip, as shares of the
#: parameter's range, the first that differs (past a band of ties that the tolerance rule may leave at a flip).
FLIP_PROBES: tuple[float, ...] = (FLIP_XTOL, 100 * FLIP_XTOL, 10_000 * FLIP_XTOL)

Outcome = Callable[..., Any]


def is_illustrative(parameter: Parameter) -> bool:
    """Whether a parameter is illustrative rather than sourced.

    The one place that decides it for the findings: the parameter's
    ``illustrative`` flag (:class:`~leverage.Parameter` sets it for a
    source that starts with "illustrative").

    Examples
    --------
    >>> is_illustrative(Parameter(0.4, 0.1, 0.9, "per round", "illustrative: one round a year"))
    True
    >>> is_illustrative(Parameter(0.7, 0.65, 0.8, "share", "USGS MCS 2025"))
    False
    """
    if not isinstance(parameter, Parameter):
        raise TypeError(f"is_illustrative(): parameter must be a Parameter; got {type(parameter).__name__}")
    return bool(parameter.illustrative)


def illustrative_names(parameters: ParameterSet) -> tuple[str, ...]:
    """The names of the illustrative parameters of a set (:func:`is_illustrative`), in order.

    Examples
    --------
    >>> illustrative_names(ParameterSet(share=Parameter(0.7, 0.65, 0.8, "share", "USGS MCS 2025"),
    ...                                 discount=Parameter(0.4, 0.1, 0.9, "per round", "illustrative")))
    ('discount',)
    """
    ps = _check_parameters(parameters, "illustrative_names()")
    return tuple(k for k, p in ps.items() if is_illustrative(p))


def pointwise(label: Callable[[dict[str, float]], Any]) -> Outcome:
    """A vectorised outcome from a function of one point: ``label({name: value}) -> str``, draw by draw.

    Examples
    --------
    >>> sign = pointwise(lambda v: "up" if v["a"] > v["b"] else "down")
    >>> sign(a=np.array([1.0, 0.0]), b=np.array([0.5, 0.5])).tolist()
    ['up', 'down']
    """
    check_callable(label, "label", "pointwise()")

    def outcome(**arrays: Any) -> np.ndarray:
        cols = {k: np.atleast_1d(np.asarray(v, dtype=float)) for k, v in arrays.items()}
        n = len(next(iter(cols.values()))) if cols else 0
        return np.array([str(label({k: float(v[i]) for k, v in cols.items()})) for i in range(n)], dtype=object)

    return outcome


def game_outcome(model: Any) -> Outcome:
    """A vectorised outcome from a two-player :class:`~leverage.ParametricGame`: the regime of each draw.

    Each draw's label is the :func:`leverage.sensitivity.regimes.equilibrium_regime` of
    its game, all draws solved in one batch by :func:`leverage.sensitivity.sweep`
    (``""`` for a draw that could not be solved).

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> model = export_restriction_game()
    >>> premium = model.parameters["diversification_premium"]
    >>> regimes = game_outcome(model)(**{**{k: np.full(2, v) for k, v in model.parameters.defaults.items()},
    ...                                  "diversification_premium": np.array([premium.low, premium.high])})
    >>> regimes[1]
    'License/Comply'
    """
    from leverage.sensitivity import sweep

    model = check_parametric_model(model, "game_outcome()")
    names = model.parameters.names

    def outcome(**arrays: Any) -> np.ndarray:
        cols = [np.atleast_1d(np.asarray(arrays[k], dtype=float)) for k in names]
        return np.asarray(sweep(model, np.column_stack(cols), progress=False).column("regime"), dtype=object)

    return outcome


def _check_parameters(parameters: Any, caller: str) -> ParameterSet:
    if not isinstance(parameters, ParameterSet):
        raise TypeError(f"{caller}: parameters must be a ParameterSet; got {type(parameters).__name__}")
    if len(parameters) == 0:
        raise ValueError(f"{caller}: parameters is empty")
    return parameters


def _labels(outcome: Outcome, names: tuple[str, ...], X: np.ndarray, caller: str) -> np.ndarray:
    """The outcome's labels at the draws ``X`` (shape (N, P)), checked: one per draw."""
    raw = outcome(**{k: X[:, j] for j, k in enumerate(names)})
    out = np.asarray(raw, dtype=object).ravel() if not isinstance(raw, str) else np.array([raw], dtype=object)
    if out.shape != (len(X),):
        raise ValueError(f"{caller}: the outcome must return one label per draw, {len(X)} in all; got {out.size}")
    return np.array([str(x) for x in out], dtype=object)


def _unit_to_box(ps: ParameterSet, unit: np.ndarray) -> np.ndarray:
    return ps.lows + unit * (ps.highs - ps.lows)


def _check_power_of_two(n: Any, name: str, caller: str) -> int:
    n = check_int(n, name, caller, low=2)
    if n & (n - 1):
        raise ValueError(f"{caller}: {name} must be a power of 2 (the balance of Sobol' points); got {n}")
    return n


def _indicator(outcome: Outcome, names: tuple[str, ...], here: str | None,
               caller: str) -> Callable[[np.ndarray], np.ndarray]:
    """``X -> y``: 1.0 where the label equals ``here``, else 0.0 (without ``here``: the outcome as numbers)."""
    def f(X: np.ndarray) -> np.ndarray:
        if here is not None:
            return (_labels(outcome, names, X, caller) == here).astype(float)
        out = outcome(**{k: X[:, j] for j, k in enumerate(names)})
        try:
            y = np.asarray(out, dtype=float).ravel()
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{caller}: with here=None the outcome must return numbers, one per draw; it returned "
                             f"{type(out).__name__} ({exc}); give here= the label whose share is wanted") from None
        if y.shape != (len(X),) or not np.all(np.isfinite(y)):
            raise ValueError(f"{caller}: the outcome must return one finite number per draw, {len(X)} in all")
        return y
    return f


def _design(outcome: Outcome, ps: ParameterSet, here: str | None, group: tuple[str, ...], replicates: int,
            points: int, rng: np.random.Generator, caller: str) -> tuple[np.ndarray, float, float, float]:
    """Replicate means over ``A`` and ``B``, and the group's pooled first-order and total indices, and ``V``.

    Each replicate is an independently scrambled Sobol' set of ``points`` points in ``2 P`` dimensions:
    ``A`` (the first ``P`` coordinates) and ``B`` (the last), and ``A_B``, ``A`` with the group's columns
    from ``B``, evaluated only when the group is neither empty (indices 0) nor everything (indices 1).
    """
    from scipy.stats import qmc

    P = len(ps)
    cols = [ps.names.index(g) for g in group]
    swap = 0 < len(cols) < P
    if replicates * points * (3 if swap else 2) > MAX_DRAWS:
        raise ValueError(f"{caller}: {replicates:,} replicates of {points:,} points mean more than "
                         f"MAX_DRAWS={MAX_DRAWS:,} evaluations")
    f = _indicator(outcome, ps.names, here, caller)
    means, ys = np.empty(replicates), []
    for k, child in enumerate(rng.spawn(replicates)):
        unit = qmc.Sobol(d=2 * P, scramble=True, seed=child).random(points)
        rows = [_unit_to_box(ps, unit[:, :P]), _unit_to_box(ps, unit[:, P:])]
        if swap:
            rows.append(rows[0].copy())
            rows[2][:, cols] = rows[1][:, cols]
        y = f(np.vstack(rows)).reshape(len(rows), points)
        means[k] = y[:2].mean()
        ys.append(y)
    Y = np.concatenate(ys, axis=1)
    V = float(np.var(Y[:2]))
    if not cols:
        return means, 0.0, 0.0, V
    if not V > 0:
        return means, math.nan, math.nan, V
    if not swap:
        return means, 1.0, 1.0, V
    fA, fB, fAB = Y - Y[:2].mean()
    first = float(np.clip(np.mean(fB * (fAB - fA)) / V, 0.0, 1.0))
    total = float(np.clip(np.mean((fA - fAB) ** 2) / (2 * V), 0.0, 1.0))
    return means, first, total, V


def _generator(rng: Any, seed: Any, caller: str) -> np.random.Generator:
    """``rng`` (or its alias ``seed``) as a generator; neither given: the fixed seed 0 (reproducible findings)."""
    return check_rng(0 if rng is None and seed is None else rng, caller, seed=seed)


def _check_here(here: Any, caller: str) -> str | None:
    if here is not None and not isinstance(here, str):
        raise TypeError(f"{caller}: here must be a label (a string) or None; got {here!r}")
    return here


def robustness(outcome: Outcome, parameters: ParameterSet, here: str | None = None, replicates: int = 8,
               points: int = 64, *, rng: Any = None, seed: int | None = None) -> tuple[float, float]:
    """The share of the parameter box where a conclusion holds, and its standard error.

    Randomised quasi-Monte Carlo: ``replicates`` independently scrambled
    Sobol' sets (``scipy.stats.qmc.Sobol``) of ``points`` points in twice
    the parameters' dimension, each point giving two draws (its two halves,
    as :func:`grouped_sobol` uses them): ``2 replicates points`` draws.

    Parameters
    ----------
    outcome : callable
        ``outcome(**arrays)``: labels, one per draw (the conclusion holds
        where the label equals ``here``); or, with ``here=None``, the 0/1
        indicator of the conclusion itself.
    parameters : ParameterSet
        The box: each parameter uniform over ``[low, high]``.
    here : str, optional
        The label of the conclusion.
    replicates : int
        Independent scramblings (at least 2: the standard error is their spread).
    points : int
        Sobol' points per replicate, a power of 2.
    rng : numpy.random.Generator or int, optional
        Seeds the scramblings: a generator (its state advances) or a
        non-negative integer seed; None: the fixed seed 0.
    seed : int, optional
        The older name of an integer ``rng`` (give one of the two).

    Returns
    -------
    (float, float)
        The mean of the replicate means, and their standard deviation over
        ``sqrt(replicates)``.

    Examples
    --------
    ``a > b`` for two uniform parameters holds on half the square:

    >>> ps = ParameterSet(a=Parameter(0.5, 0, 1, "u", "s"), b=Parameter(0.5, 0, 1, "u", "s"))
    >>> share, se = robustness(lambda a, b: a > b, ps, replicates=8, points=128, rng=1)
    >>> abs(share - 0.5) < 4 * se < 0.02
    True
    """
    caller = "robustness()"
    check_callable(outcome, "outcome", caller)
    ps = _check_parameters(parameters, caller)
    here = _check_here(here, caller)
    replicates = check_int(replicates, "replicates", caller, low=2, high=MAX_DRAWS)
    points = _check_power_of_two(points, "points", caller)
    generator = _generator(rng, seed, caller)
    f = _indicator(outcome, ps.names, here, caller)

    def indicator(**arrays: Any) -> np.ndarray:
        y = f(np.column_stack([arrays[k] for k in ps.names]))
        if np.any((y != 0) & (y != 1)):
            raise ValueError(f"{caller}: the outcome must be a 0/1 indicator when here is None")
        return y

    means = _design(indicator, ps, None, (), replicates, points, generator, caller)[0]
    return float(means.mean()), float(means.std(ddof=1) / math.sqrt(replicates))


@dataclass(frozen=True)
class GroupIndices:
    """First-order and total Sobol' indices of a group of parameters.

    Attributes
    ----------
    group : tuple of str
        The parameters of the group.
    first_order : float
        ``Var(E[Y | group]) / Var(Y)``: the share of the variance the group
        explains alone (Saltelli 2010 estimator); NaN when ``Var(Y) = 0``.
    total_order : float
        ``1 - Var(E[Y | others]) / Var(Y)``: the share that would vanish if the
        group were fixed, interactions included (Jansen 1999); NaN when ``Var(Y) = 0``.
    variance : float
        The outcome's variance over the sample.
    n : int
        Base sample size (``3 n`` evaluations).

    Examples
    --------
    >>> GroupIndices(("a",), 0.2, 0.25, 1.0, 64).total_order
    0.25
    """

    group: tuple[str, ...]
    first_order: float
    total_order: float
    variance: float
    n: int


def grouped_sobol(outcome: Outcome, parameters: ParameterSet, group: Any, here: str | None = None,
                  n: int = 256, *, rng: Any = None, seed: int | None = None) -> GroupIndices:
    """Sobol' indices of a group of parameters taken together.

    The pick-freeze design of :func:`leverage.sensitivity.sobol` (which
    gives one index per parameter) with the group's columns swapped
    together: a scrambled Sobol' sample of ``2 P`` dimensions gives matrices
    ``A`` and ``B``; ``A_B`` is ``A`` with the group's columns taken from
    ``B``. Then ``S = mean(f(B) (f(A_B) - f(A))) / V`` and
    ``S_T = mean((f(A) - f(A_B))**2) / (2 V)``, ``V`` the variance over
    ``A`` and ``B``, both clipped to ``[0, 1]``. An empty group has indices
    0 and the group of all parameters 1, without sampling ``A_B``.

    Parameters
    ----------
    outcome : callable
        Labels (with ``here``: the 0/1 indicator of ``label == here`` is
        analysed) or, with ``here=None``, numbers, one per draw.
    parameters : ParameterSet
        The box, each parameter uniform on its range.
    group : sequence of str
        Names of the group's parameters.
    here : str, optional
        The conclusion's label.
    n : int
        Base sample size, a power of 2 (``3 n`` evaluations, at most :data:`MAX_DRAWS`).
    rng : numpy.random.Generator or int, optional
        Seeds the scrambling: a generator (its state advances) or a
        non-negative integer seed; None: the fixed seed 0.
    seed : int, optional
        The older name of an integer ``rng`` (give one of the two).

    Examples
    --------
    For ``a + 2 b`` with ``a``, ``b`` uniform on ``[0, 1]`` the group ``{b}`` carries 4/5 of the variance:

    >>> ps = ParameterSet(a=Parameter(0.5, 0, 1, "u", "s"), b=Parameter(0.5, 0, 1, "u", "s"))
    >>> res = grouped_sobol(lambda a, b: a + 2 * b, ps, ["b"], n=1024, rng=1)
    >>> round(res.first_order, 2), round(res.total_order, 2)
    (0.8, 0.8)
    """
    caller = "grouped_sobol()"
    check_callable(outcome, "outcome", caller)
    ps = _check_parameters(parameters, caller)
    group = _check_group(group, ps, caller)
    here = _check_here(here, caller)
    n = _check_power_of_two(n, "n", caller)
    generator = _generator(rng, seed, caller)
    _, first, total, V = _design(outcome, ps, here, group, 1, n, generator, caller)
    return GroupIndices(group, first, total, V, n)


def _check_group(group: Any, ps: ParameterSet, caller: str) -> tuple[str, ...]:
    if isinstance(group, (str, bytes)) or not hasattr(group, "__iter__"):
        raise TypeError(f"{caller}: group must be a sequence of parameter names; got {group!r}")
    group = tuple(group)
    if any(not isinstance(g, str) or g not in ps for g in group) or len(set(group)) != len(group):
        raise ValueError(f"{caller}: group must name distinct parameters of the set ({', '.join(ps.names)}); "
                         f"got {group!r}")
    return group


@dataclass(frozen=True)
class NearestFlip:
    """The smallest one-parameter change that overturns a conclusion.

    Attributes
    ----------
    parameter : str
        The parameter moved.
    value, to : float
        Its value at the calibration, and the nearest value at which the
        conclusion no longer holds (within the search's ``xtol``).
    relative_change : float
        ``(to - value) / (high - low)``: the change as a signed share of its range.
    result : str
        The label on the other side of the flip.

    Examples
    --------
    >>> f = NearestFlip("discount", 0.4, 0.35, -0.0588, "cooperation fails even linked")
    >>> f.parameter, f.result
    ('discount', 'cooperation fails even linked')
    """

    parameter: str
    value: float
    to: float
    relative_change: float
    result: str


def nearest_flip(outcome: Outcome, parameters: ParameterSet, at: Mapping[str, float] | None = None,
                 num: int = 16, xtol: float = FLIP_XTOL) -> NearestFlip | None:
    """The one-parameter change of least relative size that changes the outcome's label.

    The search of :func:`leverage.sensitivity.regimes.distance_to_flip`, batched: every
    parameter is moved alone from ``at`` (default: the calibration) to
    ``num`` evenly spaced values on each side (one call of the outcome for
    all of them); the first change on each side brackets a flip. Brackets
    that could hold the nearest flip (their near end is closer than the
    nearest far end) are then bisected together, one call per step, to
    ``xtol`` of the parameter's range. Relative size is the change over the
    parameter's range. The result on the other side is read
    :data:`FLIP_PROBES` of the range past the flip.

    Parameters
    ----------
    outcome : callable
        ``outcome(**arrays)``: labels, one per draw.
    parameters : ParameterSet
        The parameters, their calibrated values and ranges.
    at : mapping, optional
        The point of departure.
    num : int
        Scan points per side (``2 P num`` evaluations), 1 to ``MAX_FLIP_GRID``.
    xtol : float
        Precision of the flip, as a share of the parameter's range, in ``(0, 1)``.

    Returns
    -------
    NearestFlip or None
        None when no single parameter changes the label within its range.

    Examples
    --------
    >>> ps = ParameterSet(a=Parameter(0.8, 0, 1, "u", "s"), b=Parameter(0.5, 0, 1, "u", "s"))
    >>> flip = nearest_flip(pointwise(lambda v: "a wins" if v["a"] > v["b"] else "b wins"), ps)
    >>> flip.parameter, round(flip.to, 5), round(flip.relative_change, 5), flip.result
    ('a', 0.5, -0.3, 'b wins')
    """
    from leverage.sensitivity.regimes import MAX_FLIP_GRID

    caller = "nearest_flip()"
    check_callable(outcome, "outcome", caller)
    ps = _check_parameters(parameters, caller)
    num = check_int(num, "num", caller, low=1, high=MAX_FLIP_GRID)
    xtol = check_real(xtol, "xtol", caller, 0.0, 1.0, open_low=True)
    if not xtol < 1.0:
        raise ValueError(f"{caller}: xtol must be a share of the range in (0, 1); got {xtol!r}")
    if at is not None and not isinstance(at, Mapping):
        raise TypeError(f"{caller}: at must be a mapping of parameter names to values, or None; got {at!r}")
    base = {**ps.defaults, **{k: float(v) for k, v in ps.check_values(at or {}, caller).items() if k in (at or {})}}
    names = ps.names
    x0 = np.array([base[k] for k in names])

    def labels_at(j: np.ndarray, x: np.ndarray) -> np.ndarray:
        X = np.tile(x0, (len(x), 1))
        X[np.arange(len(x)), j] = x
        return _labels(outcome, names, X, caller)

    here = labels_at(np.array([0]), x0[:1])[0]
    span = ps.highs - ps.lows
    sides = [(j, end) for j, k in enumerate(names) for end in (ps[k].low, ps[k].high) if end != x0[j]]
    if not sides:
        return None
    grids = [np.linspace(x0[j], end, num + 1)[1:] for j, end in sides]
    scanned = labels_at(np.repeat([j for j, _ in sides], num), np.concatenate(grids)).reshape(len(sides), num)
    brackets = []  # (parameter, holds-side end, overturned-side end)
    for (j, _), grid, row in zip(sides, grids, scanned):
        changed = np.flatnonzero(row != here)
        if changed.size:
            k = int(changed[0])
            brackets.append((j, x0[j] if k == 0 else grid[k - 1], grid[k]))
    if not brackets:
        return None
    far = min(abs(b - x0[j]) / span[j] for j, _, b in brackets)
    brackets = [br for br in brackets if abs(br[1] - x0[br[0]]) / span[br[0]] < far]
    j = np.array([br[0] for br in brackets])
    lo, hi = np.array([br[1] for br in brackets], dtype=float), np.array([br[2] for br in brackets], dtype=float)
    while True:
        mid = 0.5 * (lo + hi)
        # bisect each bracket until it is narrower than xtol or floating point can split it no more
        active = (np.abs(hi - lo) > xtol * span[j]) & (mid != lo) & (mid != hi)
        if not active.any():
            break
        holds = labels_at(j[active], mid[active]) == here
        lo[active], hi[active] = np.where(holds, mid[active], lo[active]), np.where(holds, hi[active], mid[active])
    k = int(np.argmin(np.abs(hi - x0[j]) / span[j]))
    p, to = int(j[k]), float(hi[k])
    outward = math.copysign(1.0, to - x0[p])
    probes = np.clip(to + outward * np.array(FLIP_PROBES) * span[p], ps.lows[p], ps.highs[p])
    beyond = [lab for lab in labels_at(np.full(len(probes), p), probes) if lab != here]
    result = beyond[0] if beyond else str(labels_at(np.array([p]), np.array([to]))[0])
    return NearestFlip(names[p], float(x0[p]), to, float((to - x0[p]) / span[p]), result)


def confidence(robustness: float, flip_distance: float | None, illustrative_share: float | None) -> str:
    """The confidence label of a finding, by :data:`CONFIDENCE_RULE`.

    Parameters
    ----------
    robustness : float
        Share of the parameter box where the conclusion holds, in ``[0, 1]``.
    flip_distance : float or None
        The nearest flip's change as a share of its parameter's range (None or
        ``inf``: nothing flips it).
    illustrative_share : float or None
        Total Sobol' index of the illustrative parameters (None: no variance).

    Examples
    --------
    >>> confidence(0.95, 0.3, 0.1), confidence(0.75, 0.3, 0.1), confidence(0.95, 0.01, 0.1)
    ('high', 'medium', 'low')
    """
    caller = "confidence()"
    r = check_real(robustness, "robustness", caller, 0.0, 1.0)
    d = math.inf if flip_distance is None else abs(check_real(flip_distance, "flip_distance", caller, finite=False))
    s = 0.0 if illustrative_share is None else check_real(illustrative_share, "illustrative_share", caller, 0.0, 1.0)
    if r < 0.6 or d < 0.02 or s > 0.8:
        return "low"
    if r >= 0.9 and d >= 0.1 and s <= 0.5:
        return "high"
    return "medium"


@dataclass(frozen=True, eq=False)
class Conclusion:
    """A headline result as a function of the parameters.

    Parameters
    ----------
    name : str
        A short key (``"coercion"``).
    parameters : ParameterSet
        The parameters the result depends on: the calibration and the box.
    outcome : callable
        ``outcome(**arrays) -> labels``: the result at each draw, one label
        (a short phrase) per draw, vectorised over arrays (see :func:`pointwise`).
    statement : callable
        ``statement(label) -> str``: the plain sentence stating the result
        whose label is given (it is called with the label at the calibration).

    Examples
    --------
    >>> ps = ParameterSet(a=Parameter(0.8, 0, 1, "u", "s"), b=Parameter(0.5, 0, 1, "u", "illustrative"))
    >>> c = Conclusion("race", ps, lambda a, b: np.where(a > b, "a wins", "b wins"), lambda lab: f"{lab}.")
    >>> c.label(), c.statement(c.label())
    ('a wins', 'a wins.')
    """

    name: str
    parameters: ParameterSet
    outcome: Outcome
    statement: Callable[[str], str]

    def __post_init__(self) -> None:
        caller = "Conclusion()"
        if not isinstance(self.name, str) or not self.name:
            raise TypeError(f"{caller}: name must be a non-empty string; got {self.name!r}")
        _check_parameters(self.parameters, caller)
        check_callable(self.outcome, "outcome", caller)
        check_callable(self.statement, "statement", caller)

    def label(self, **values: float) -> str:
        """The label at the calibration (with ``values`` replacing some of it)."""
        ps = self.parameters.replace(**values) if values else self.parameters
        return str(_labels(self.outcome, ps.names, np.array([list(ps.defaults.values())]), "Conclusion.label()")[0])


@dataclass(frozen=True)
class Finding:
    """A headline result, how robust it is and what it hinges on.

    Attributes
    ----------
    name : str
        The conclusion's key.
    statement : str
        The result in one plain sentence.
    label : str
        The result's label at the calibration.
    robustness, robustness_se : float
        Share of the parameter box where it holds, and its standard error
        (spread of independently scrambled Sobol' replicates).
    nearest_flip : NearestFlip or None
        The smallest one-parameter change that overturns it (None: none does).
    illustrative_share : float or None
        Total Sobol' index of the illustrative parameters for the conclusion's
        indicator (None when the indicator does not vary in the sample).
    confidence : str
        ``"high"``, ``"medium"`` or ``"low"`` by :data:`CONFIDENCE_RULE`.
    illustrative : tuple of str
        The illustrative parameters among the finding's.
    draws : int
        Draws behind the robustness (``2 replicates points`` in :func:`find`).

    Examples
    --------
    >>> f = Finding("race", "a wins.", "a wins", 0.5, 0.01, None, 0.5, "low", ("b",), 512)
    >>> sorted(f.as_dict())[:4]
    ['confidence', 'draws', 'illustrative', 'illustrative_share']
    """

    name: str
    statement: str
    label: str
    robustness: float
    robustness_se: float
    nearest_flip: NearestFlip | None
    illustrative_share: float | None
    confidence: str
    illustrative: tuple[str, ...] = ()
    draws: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The finding as plain JSON-ready values (no NaN: missing figures are None).

        Examples
        --------
        >>> Finding("x", "s.", "s", 1.0, 0.0, None, None, "high").as_dict()["illustrative_share"] is None
        True
        """
        def num(x: Any) -> float | None:
            return float(x) if x is not None and math.isfinite(float(x)) else None

        flip = self.nearest_flip
        return {
            "name": self.name, "statement": self.statement, "label": self.label,
            "robustness": num(self.robustness), "robustness_se": num(self.robustness_se),
            "nearest_flip": None if flip is None else {
                "parameter": flip.parameter, "from": num(flip.value), "to": num(flip.to),
                "relative_change": num(flip.relative_change), "result": flip.result},
            "illustrative_share": num(self.illustrative_share), "confidence": self.confidence,
            "illustrative": list(self.illustrative), "draws": int(self.draws),
        }


    def display_row(self, number: int = 1) -> list[Any]:
        """The finding as one row under :data:`FINDINGS_COLUMNS`, as notebooks show it.

        Examples
        --------
        >>> Finding("x", "s.", "s", 1.0, 0.0, None, None, "high", (), 64).display_row()[3:]
        ['1 ± 0 (64 draws)', 'none: no one-parameter change overturns it', None, 'none']
        """
        flip = self.nearest_flip
        moved = "none: no one-parameter change overturns it" if flip is None else (
            f"{flip.parameter} from {flip.value:.4g} to {flip.to:.4g} ({flip.relative_change:+.1%} of its range) "
            f"gives: {flip.result}")
        return [number, self.statement, self.confidence,
                f"{self.robustness:.3g} ± {self.robustness_se:.2g} ({self.draws} draws)", moved,
                self.illustrative_share, ", ".join(self.illustrative) + " (illustrative)" if self.illustrative else "none"]

    def _repr_html_(self) -> str:
        """The finding as an HTML table for Jupyter (every text escaped)."""
        return findings_html([self])


#: The columns of the findings' HTML table (:meth:`Finding.display_row`).
FINDINGS_COLUMNS = ("#", "finding", "confidence", "robustness ± se", "nearest flip", "illustrative share",
                    "illustrative parameters")


def findings_html(findings: Sequence[Finding]) -> str:
    """The findings as an HTML table (every text escaped), then the confidence rule.

    Examples
    --------
    >>> text = findings_html([Finding("x", "<b> holds.", "s", 1.0, 0.0, None, None, "high", (), 64)])
    >>> "<td>&lt;b&gt; holds.</td>" in text, "confidence rule: high: robustness &gt;= 0.9" in text
    (True, True)
    """
    if isinstance(findings, (str, bytes)) or not isinstance(findings, Sequence) or not all(
            isinstance(f, Finding) for f in findings):
        raise TypeError(f"findings_html(): findings must be a sequence of Finding objects; got {findings!r:.60}")
    rows = [f.display_row(k + 1) for k, f in enumerate(findings)]
    caption = "Findings (each holds at the calibration; robustness: the share of the plausible parameter box where it holds)"
    return html_table(FINDINGS_COLUMNS, rows, caption=caption) + f"\n<p>confidence rule: {html.escape(CONFIDENCE_RULE)}</p>"


def find(conclusion: Conclusion, replicates: int = 8, points: int = 64, flip_num: int = 16,
         flip_xtol: float = FLIP_XTOL, *, rng: Any = None, seed: int | None = None) -> Finding:
    """State a conclusion with its robustness, nearest flip, illustrative share and confidence.

    One randomised design serves the robustness and the grouped Sobol'
    indices (the design of :func:`grouped_sobol`, replicated as in
    :func:`robustness`): ``replicates`` independently scrambled Sobol' sets
    of ``points`` points, ``2 replicates points`` draws for the robustness
    and ``replicates points`` more for ``A_B`` when some but not all
    parameters are illustrative. The nearest flip costs ``2 P flip_num``
    evaluations and a bisection (:func:`nearest_flip`).

    Parameters
    ----------
    conclusion : Conclusion
        The result as a function of the parameters.
    replicates, points : int
        The randomised design (``points`` a power of 2, ``replicates`` at least 2).
    flip_num, flip_xtol : int, float
        Scan points per side and precision of the flip search.
    rng : numpy.random.Generator or int, optional
        Seeds the design: a generator (its state advances) or a non-negative
        integer seed; None: the fixed seed 0.
    seed : int, optional
        The older name of an integer ``rng`` (give one of the two).

    Examples
    --------
    >>> ps = ParameterSet(a=Parameter(0.8, 0, 1, "u", "s"), b=Parameter(0.5, 0, 1, "u", "illustrative"))
    >>> c = Conclusion("race", ps, lambda a, b: np.where(a > b, "a wins", "b wins"), lambda lab: f"{lab}.")
    >>> f = find(c, points=128, flip_num=4)
    >>> f.statement, round(f.robustness, 1), f.nearest_flip.parameter, f.confidence
    ('a wins.', 0.5, 'a', 'low')

    The indicator of ``a > b`` owes ``1 - Var(E[Y | a]) / Var(Y) = 1 - (1/12) / (1/4) = 2/3`` of its
    variance to ``b`` (its total index):

    >>> round(f.illustrative_share, 1)
    0.7
    """
    from leverage.sensitivity.regimes import MAX_FLIP_GRID

    caller = "find()"
    if not isinstance(conclusion, Conclusion):
        raise TypeError(f"{caller}: conclusion must be a Conclusion; got {type(conclusion).__name__}")
    replicates = check_int(replicates, "replicates", caller, low=2, high=MAX_DRAWS)
    points = _check_power_of_two(points, "points", caller)
    flip_num = check_int(flip_num, "flip_num", caller, low=1, high=MAX_FLIP_GRID)
    flip_xtol = check_real(flip_xtol, "flip_xtol", caller, 0.0, 1.0, open_low=True)
    if not flip_xtol < 1.0:
        raise ValueError(f"{caller}: flip_xtol must be a share of the range in (0, 1); got {flip_xtol!r}")
    generator = _generator(rng, seed, caller)
    ps = conclusion.parameters
    with renamed("Conclusion.label():", caller):
        here = conclusion.label()
    statement = conclusion.statement(here)
    if not isinstance(statement, str):
        raise TypeError(f"{caller}: conclusion.statement must return a string; got {type(statement).__name__}")
    group = illustrative_names(ps)
    means, _, total, _ = _design(conclusion.outcome, ps, here, group, replicates, points, generator, caller)
    share, se = float(means.mean()), float(means.std(ddof=1) / math.sqrt(replicates))
    with renamed("nearest_flip():", caller):
        flip = nearest_flip(conclusion.outcome, ps, num=flip_num, xtol=flip_xtol)
    illus = total if math.isfinite(total) else None
    label = confidence(share, None if flip is None else flip.relative_change, illus)
    return Finding(conclusion.name, statement, here, share, se, flip, illus, label, group, 2 * replicates * points)
