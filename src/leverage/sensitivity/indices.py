"""Global sensitivity: Sobol' indices and Morris elementary effects over the parameters' ranges.

Both take a *vectorised* outcome: a function of the parameter values, given
as arrays with one entry per draw, returning one number per draw -- for
example a payoff of the selected equilibrium (see :func:`sweep_outcome`), or
a 0/1 regime indicator. Parameters are taken uniform on their ranges.
Outcomes that are not finite raise an error instead of silently producing
zeros.

References
----------
I. M. Sobol' (2001), "Global sensitivity indices for nonlinear mathematical
models and their Monte Carlo estimates", Mathematics and Computers in
Simulation 55, 271-280.
A. Saltelli et al. (2010), "Variance based sensitivity analysis of model
output", Computer Physics Communications 181, 259-270.
M. D. Morris (1991), "Factorial sampling plans for preliminary computational
experiments", Technometrics 33(2), 161-174.
F. Campolongo, J. Cariboni and A. Saltelli (2007), "An effective screening
design for sensitivity analysis of large models", Environmental Modelling &
Software 22, 1509-1518 (the mu* statistic).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.checks import check_callable, check_int, check_rng, real_array
from leverage.parameters import ParameterSet
from leverage.parametric import check_parametric_model
from leverage.progress import ProgressBar, check_progress, progress_bar
from leverage.sensitivity.frames import statistics_frame
from leverage.tolerance import TINY, at_most

__all__ = ["SobolIndices", "MorrisEffects", "sobol", "morris", "sweep_outcome", "MAX_EVALUATIONS", "MAX_LEVELS"]

Outcome = Callable[..., Any]

#: Most outcome evaluations :func:`sobol` (``n (P + 2)``) or :func:`morris` (``trajectories (P + 1)``)
#: will make; a larger design is refused before any work (it would not fit in memory as one array).
MAX_EVALUATIONS = 10_000_000

#: Most grid levels of :func:`morris`.
MAX_LEVELS = 10_000

#: Most bootstrap resamples of :func:`sobol` and :func:`morris`.
MAX_RESAMPLES = 100_000

#: Entries of the arrays of one batch of bootstrap resamples (bounds the memory of the intervals).
_BOOTSTRAP_BATCH_ENTRIES = 1 << 22


def _rng_keyword(func: Callable[..., Any]) -> str:
    """``"rng"`` if the scipy function takes it (scipy >= 1.15), else its older name ``"random_state"``."""
    return "rng" if "rng" in inspect.signature(func).parameters else "random_state"


def _check_confidence(confidence_level: Any, n_resamples: Any, caller: str) -> tuple[float | None, int]:
    """``(confidence_level, n_resamples)`` checked; ``(None, 0)`` when no interval is asked for."""
    n_resamples = check_int(n_resamples, "n_resamples", caller, low=0, high=MAX_RESAMPLES)
    if confidence_level is None or n_resamples == 0:
        return None, 0
    if isinstance(confidence_level, (bool, np.bool_)) or not isinstance(confidence_level, (int, float, np.number)):
        raise TypeError(f"{caller}: confidence_level must be a number in (0, 1) or None; got {confidence_level!r}")
    if not 0.0 < float(confidence_level) < 1.0:
        raise ValueError(f"{caller}: confidence_level must lie strictly between 0 and 1; got {confidence_level!r}")
    return float(confidence_level), n_resamples


def _evaluate_blocks(func: Outcome, names: Sequence[str], X: np.ndarray, caller: str, bar: ProgressBar,
                     blocks: int) -> np.ndarray:
    """:func:`_evaluate` over ``blocks`` slices of the draws, moving ``bar`` after each (one call when 1)."""
    if blocks <= 1:
        y = _evaluate(func, names, X, caller)
        bar.update(len(X))
        return y
    ends = np.linspace(0, len(X), min(blocks, len(X)) + 1).astype(int)
    parts = []
    for a, b in zip(ends[:-1], ends[1:]):
        parts.append(_evaluate(func, names, X[a:b], caller))
        bar.update(b - a)
    return np.concatenate(parts)


def _evaluate(func: Outcome, names: Sequence[str], X: np.ndarray, caller: str) -> np.ndarray:
    """Call ``func(**{name: column})`` on draws ``X`` (shape (N, P)) and check the result."""
    try:
        raw = func(**{name: X[:, j] for j, name in enumerate(names)})
    except TypeError as exc:
        raise TypeError(
            f"{caller}: the outcome failed when called with the parameters {', '.join(names)} as keywords: {exc}"
        ) from exc
    y = real_array(raw, "the outcome", caller, finite=False)
    if y.shape != (len(X),):
        raise ValueError(f"{caller}: the outcome must return one number per draw, shape ({len(X)},); got {y.shape}")
    bad = ~np.isfinite(y)
    if bad.any():
        k = int(np.argmax(bad))
        where = ", ".join(f"{n}={X[k, j]:.6g}" for j, n in enumerate(names))
        raise ValueError(
            f"{caller}: the outcome is not finite for {int(bad.sum())} of {len(y)} draws (first at {where}); "
            "sensitivity indices need a finite outcome everywhere"
        )
    return y


def _check_evaluations(count: int, asked: str, caller: str) -> None:
    if count > MAX_EVALUATIONS:
        raise ValueError(
            f"{caller}: {asked} means {count:,} evaluations of the outcome, more than MAX_EVALUATIONS="
            f"{MAX_EVALUATIONS:,}"
        )


def _check_parameters(parameters: Any, caller: str) -> ParameterSet:
    if not isinstance(parameters, ParameterSet):
        raise TypeError(f"{caller}: parameters must be a ParameterSet; got {type(parameters).__name__}")
    if len(parameters) == 0:
        raise ValueError(f"{caller}: the parameter set is empty")
    return parameters


@dataclass(frozen=True, eq=False)
class SobolIndices:
    """First-order and total Sobol' indices, one per parameter, with bootstrap confidence intervals.

    Attributes
    ----------
    names : tuple of str
        Parameter names.
    first_order, total_order : numpy.ndarray
        ``S_i`` and ``S_Ti``.
    n : int
        Base sample size (``n (P + 2)`` evaluations).
    first_order_ci, total_order_ci : numpy.ndarray or None
        Shape ``(P, 2)``: the ``(low, high)`` bootstrap confidence interval
        of each index (None when no interval was asked for).
    confidence_level : float or None
        The level of the intervals.

    Examples
    --------
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(a=Parameter(0.5, 0.0, 1.0, "u", "s"), b=Parameter(0.5, 0.0, 1.0, "u", "s"))
    >>> res = sobol(lambda a, b: a + 2 * b, ps, n=1024, rng=1)
    >>> res.names, np.round(res.total_order, 2)
    (('a', 'b'), array([0.2, 0.8]))
    >>> {k: round(v[0], 2) for k, v in res.as_dict().items()}
    {'a': 0.2, 'b': 0.8}
    >>> low, high = res.first_order_ci[0]
    >>> bool(low < 0.2 < high), res.confidence_level
    (True, 0.95)
    """

    names: tuple[str, ...]
    first_order: np.ndarray
    total_order: np.ndarray
    n: int
    first_order_ci: np.ndarray | None = None
    total_order_ci: np.ndarray | None = None
    confidence_level: float | None = None

    def as_dict(self) -> dict[str, tuple[float, float]]:
        """``{name: (first order, total)}``."""
        return {k: (float(a), float(b)) for k, a, b in zip(self.names, self.first_order, self.total_order)}

    def to_pandas(self) -> Any:
        """One row per parameter (index ``parameter``): ``first_order``, ``total_order`` and the interval bounds.

        The bounds are the columns ``first_order_ci_low``, ``first_order_ci_high``,
        ``total_order_ci_low`` and ``total_order_ci_high`` (absent without intervals).

        Raises
        ------
        ImportError
            If pandas is not installed (``pip install 'leverage[tables]'``).
        """
        return statistics_frame(self.names, {
            "first_order": self.first_order, "total_order": self.total_order,
            "first_order_ci": self.first_order_ci, "total_order_ci": self.total_order_ci,
        }, "SobolIndices.to_pandas()")


def _saltelli(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Saltelli et al. (2010) estimators, Table 2 (b) and (f): ``(S_i, S_Ti)`` over the last axis.

    ``f_a`` and ``f_b`` hold the outcome at the base samples A and B (shape
    ``(..., n)``), ``f_ab`` at the samples ``A_B^(i)`` (shape ``(P, ..., n)``);
    the variance is estimated from A and B only (the AB samples are not
    independent of them). A constant outcome has indices 0.
    """
    var = np.var(np.stack([f_a, f_b]), axis=(0, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.mean(f_b * (f_ab - f_a), axis=-1) / var
        total = 0.5 * np.mean((f_a - f_ab) ** 2, axis=-1) / var
    return np.where(np.isfinite(first), first, 0.0), np.where(np.isfinite(total), total, 0.0)


def sobol(
    outcome: Outcome,
    parameters: ParameterSet,
    n: int = 1024,
    *,
    rng: np.random.Generator | int | None = None,
    seed: int | None = None,
    confidence_level: float | None = 0.95,
    n_resamples: int = 999,
    progress: bool = False,
) -> SobolIndices:
    """Sobol' indices of a vectorised outcome, parameters uniform on their ranges, with confidence intervals.

    Computed with ``scipy.stats.sobol_indices`` (Saltelli 2010 estimators).
    The intervals are percentile bootstrap intervals over the ``n`` base
    draws, computed with ``scipy.stats.bootstrap`` on the outcomes already
    evaluated (no new evaluation), as ``SobolResult.bootstrap`` does, but
    drawing the resamples from ``rng`` so that they are reproducible (scipy's
    method takes no generator) and in batches of bounded memory.

    Parameters
    ----------
    outcome : callable
        ``outcome(**values) -> array``: values are arrays with one entry per
        draw; returns one finite number per draw.
    parameters : ParameterSet
        The parameters and their ranges.
    n : int
        Base sample size, a power of 2.
    rng : numpy.random.Generator or int, optional
        The random generator of the draws and of the bootstrap, or an
        integer seed (SPEC 7); a Generator is consumed.
    seed : int, optional
        The older name of an integer ``rng``, kept as an alias (give one of the two).
    confidence_level : float or None
        Level of the intervals, in ``(0, 1)``; None skips them.
    n_resamples : int
        Bootstrap resamples (0 skips the intervals).
    progress : bool
        Show a :mod:`tqdm` progress bar over the ``n (P + 2)`` evaluations
        (the outcome is then called on about 50 slices of each sample).

    Raises
    ------
    TypeError
        If ``rng`` and ``seed`` are both given, or an argument has the wrong type.
    ValueError
        If ``n`` is not a power of 2, ``confidence_level`` is not in
        ``(0, 1)``, or the outcome is not finite somewhere.

    Examples
    --------
    A linear outcome: the variance shares are the squared weights times the range variances.

    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(a=Parameter(0.5, 0.0, 1.0, "u", "s"), b=Parameter(0.5, 0.0, 1.0, "u", "s"))
    >>> res = sobol(lambda a, b: a + 2 * b, ps, n=4096, rng=1)
    >>> np.round(res.first_order, 1)
    array([0.2, 0.8])
    >>> res.first_order_ci.shape
    (2, 2)
    """
    from scipy.stats import bootstrap, sobol_indices, uniform

    caller = "sobol()"
    check_callable(outcome, "outcome", caller)
    ps = _check_parameters(parameters, caller)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2 or (n & (n - 1)):
        raise ValueError(f"{caller}: n must be a power of 2 (at least 2); got {n!r}")
    _check_evaluations(int(n) * (len(ps) + 2), f"n={n}", caller)
    generator = check_rng(rng, caller, seed=seed)
    level, resamples = _check_confidence(confidence_level, n_resamples, caller)
    progress = check_progress(progress, caller)
    names = ps.names
    P, N = len(ps), int(n)
    dists = [uniform(loc=ps[k].low, scale=max(ps[k].high - ps[k].low, TINY)) for k in names]
    samples: dict[str, np.ndarray] = {}

    def estimator(f_A: np.ndarray, f_B: np.ndarray, f_AB: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        samples.update(f_a=f_A[0], f_b=f_B[0], f_ab=f_AB[:, 0])  # centred by scipy; kept for the bootstrap
        first, total = _saltelli(f_A, f_B, f_AB)
        return first.T, total.T

    with progress_bar(N * (P + 2), "sobol", progress, "evaluation", stacklevel=3) as bar:

        def func(x: np.ndarray) -> np.ndarray:
            X = np.asarray(x).T
            blocks = -(-50 * len(X) // (N * (P + 2))) if progress else 1
            return _evaluate_blocks(outcome, names, X, caller, bar, blocks)[None, :]

        keyword = _rng_keyword(sobol_indices)
        res = sobol_indices(func=func, n=N, dists=dists, method=estimator, **{keyword: generator})
    first_ci = total_ci = None
    if level is not None:
        f_a, f_b, f_ab = samples["f_a"], samples["f_b"], samples["f_ab"]

        def statistic(idx: np.ndarray, axis: int = -1) -> np.ndarray:
            first, total = _saltelli(f_a[idx], f_b[idx], f_ab[:, idx])
            return np.concatenate([first, total])

        batch = max(1, _BOOTSTRAP_BATCH_ENTRIES // (N * (P + 2)))
        boot = bootstrap((np.arange(N),), statistic, n_resamples=resamples, confidence_level=level,
                         method="percentile", vectorized=True, batch=batch,
                         **{_rng_keyword(bootstrap): generator})
        low, high = np.asarray(boot.confidence_interval.low), np.asarray(boot.confidence_interval.high)
        first_ci = np.column_stack([low[:P], high[:P]])
        total_ci = np.column_stack([low[P:], high[P:]])
    return SobolIndices(names, np.asarray(res.first_order).ravel(), np.asarray(res.total_order).ravel(), N,
                        first_ci, total_ci, level)


@dataclass(frozen=True, eq=False)
class MorrisEffects:
    """Morris elementary-effect statistics, one per parameter.

    Attributes
    ----------
    names : tuple of str
        Parameter names.
    mu, mu_star, sigma : numpy.ndarray
        Mean, mean absolute and standard deviation of the elementary effects
        (per unit of the parameter's range).
    trajectories : int
        Number of trajectories.
    mu_star_ci : numpy.ndarray or None
        Shape ``(P, 2)``: the ``(low, high)`` percentile bootstrap interval of
        ``mu_star`` over the trajectories (None when no interval was asked for).
    confidence_level : float or None
        The level of the intervals.

    Examples
    --------
    For a linear outcome every elementary effect is the slope times the range:

    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(a=Parameter(0.5, 0.0, 1.0, "u", "s"), b=Parameter(0.5, 0.0, 1.0, "u", "s"))
    >>> effects = morris(lambda a, b: a + 2 * b, ps, rng=1)
    >>> np.round(effects.mu_star, 6), effects.ranking()
    (array([1., 2.]), ['b', 'a'])
    >>> np.round(effects.mu_star_ci, 6).tolist()
    [[1.0, 1.0], [2.0, 2.0]]
    """

    names: tuple[str, ...]
    mu: np.ndarray
    mu_star: np.ndarray
    sigma: np.ndarray
    trajectories: int
    mu_star_ci: np.ndarray | None = None
    confidence_level: float | None = None

    def ranking(self) -> list[str]:
        """Parameters from the most to the least influential (by ``mu_star``)."""
        return [self.names[i] for i in np.argsort(-self.mu_star, kind="stable")]

    def to_pandas(self) -> Any:
        """One row per parameter (index ``parameter``): ``mu``, ``mu_star``, ``sigma``, ``mu_star_ci_low``/``_high``.

        Raises
        ------
        ImportError
            If pandas is not installed (``pip install 'leverage[tables]'``).
        """
        return statistics_frame(self.names, {"mu": self.mu, "mu_star": self.mu_star, "sigma": self.sigma,
                                             "mu_star_ci": self.mu_star_ci}, "MorrisEffects.to_pandas()")


def morris(
    outcome: Outcome,
    parameters: ParameterSet,
    *,
    trajectories: int = 20,
    levels: int = 4,
    rng: np.random.Generator | int | None = None,
    seed: int | None = None,
    confidence_level: float | None = 0.95,
    n_resamples: int = 999,
    progress: bool = False,
) -> MorrisEffects:
    """Morris elementary effects: one-at-a-time steps along random trajectories.

    Each trajectory starts at a random point of a ``levels``-level grid on the
    unit cube and moves every parameter once by ``delta = levels / (2 (levels
    - 1))``, in random order and direction; the elementary effect of a
    parameter is the change in the outcome per unit of (scaled) step.

    Parameters
    ----------
    outcome : callable
        ``outcome(**values) -> array`` (vectorised, finite).
    parameters : ParameterSet
        The parameters and their ranges.
    trajectories : int
        Number of trajectories (``trajectories (P + 1)`` evaluations).
    levels : int
        Even number of grid levels.
    rng : numpy.random.Generator or int, optional
        The random generator of the trajectories and of the bootstrap, or an
        integer seed (SPEC 7); a Generator is consumed.
    seed : int, optional
        The older name of an integer ``rng``, kept as an alias (give one of the two).
    confidence_level : float or None
        Level of the interval of ``mu_star``, in ``(0, 1)``; None skips it.
        The interval is a percentile bootstrap over the trajectories
        (``n_resamples`` resamples of the trajectories with replacement,
        drawn from ``rng``); with one trajectory it is NaN.
    n_resamples : int
        Bootstrap resamples (0 skips the interval).
    progress : bool
        Show a :mod:`tqdm` progress bar over the ``trajectories (P + 1)``
        evaluations (the outcome is then called on about 50 slices of them).

    Raises
    ------
    TypeError
        If ``rng`` and ``seed`` are both given, or an argument has the wrong type.
    ValueError
        If ``levels`` is not an even integer >= 2, ``trajectories`` < 1,
        ``confidence_level`` is not in ``(0, 1)``, or the outcome is not
        finite somewhere.

    Examples
    --------
    >>> from leverage import Parameter, ParameterSet
    >>> ps = ParameterSet(a=Parameter(0.5, 0.0, 1.0, "u", "s"), b=Parameter(0.5, 0.0, 1.0, "u", "s"))
    >>> res = morris(lambda a, b: a + 3 * b, ps, seed=0)
    >>> res.ranking(), np.round(res.mu_star, 6)
    (['b', 'a'], array([1., 3.]))
    """
    caller = "morris()"
    check_callable(outcome, "outcome", caller)
    ps = _check_parameters(parameters, caller)
    if isinstance(levels, bool) or not isinstance(levels, (int, np.integer)) or levels < 2 or levels % 2:
        raise ValueError(f"{caller}: levels must be an even integer >= 2; got {levels!r}")
    if levels > MAX_LEVELS:
        raise ValueError(f"{caller}: levels={levels:,} is more than MAX_LEVELS={MAX_LEVELS:,}")
    if isinstance(trajectories, bool) or not isinstance(trajectories, (int, np.integer)) or trajectories < 1:
        raise ValueError(f"{caller}: trajectories must be a positive integer; got {trajectories!r}")
    _check_evaluations(int(trajectories) * (len(ps) + 1), f"trajectories={trajectories}", caller)
    rng = check_rng(rng, caller, seed=seed)
    level, resamples = _check_confidence(confidence_level, n_resamples, caller)
    progress = check_progress(progress, caller)
    P = len(ps)
    delta = levels / (2.0 * (levels - 1))
    grid = np.arange(levels) / (levels - 1)
    starts_allowed = grid[at_most(grid, 1.0 - delta)]
    points = np.empty((trajectories, P + 1, P))
    order = np.empty((trajectories, P), dtype=int)
    signs = np.empty((trajectories, P))
    for t in range(trajectories):
        x = rng.choice(starts_allowed, size=P)
        direction = rng.choice([-1.0, 1.0], size=P)
        # start where the chosen direction stays inside the cube
        x = np.where(direction > 0, x, x + delta)
        perm = rng.permutation(P)
        points[t, 0] = x
        for k, j in enumerate(perm):
            x = x.copy()
            x[j] += direction[j] * delta
            points[t, k + 1] = x
        order[t], signs[t] = perm, direction
    lows, highs = ps.lows, ps.highs
    X = lows + points.reshape(-1, P) * (highs - lows)
    with progress_bar(len(X), "morris", progress, "evaluation", stacklevel=3) as bar:
        y = _evaluate_blocks(outcome, ps.names, X, caller, bar, 50 if progress else 1).reshape(trajectories, P + 1)
    effects = np.empty((trajectories, P))
    for t in range(trajectories):
        for k, j in enumerate(order[t]):
            effects[t, j] = (y[t, k + 1] - y[t, k]) / (signs[t, j] * delta)
    ci = None if level is None else _bootstrap_mean_abs(np.abs(effects), level, resamples, rng)
    return MorrisEffects(
        ps.names,
        effects.mean(axis=0),
        np.abs(effects).mean(axis=0),
        effects.std(axis=0, ddof=1) if trajectories > 1 else np.zeros(P),
        int(trajectories),
        ci,
        level,
    )


def _bootstrap_mean_abs(values: np.ndarray, level: float, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Percentile bootstrap interval of the column means of ``values`` (rows resampled), shape ``(P, 2)``."""
    T, P = values.shape
    if T < 2:
        return np.full((P, 2), np.nan)
    batch = max(1, _BOOTSTRAP_BATCH_ENTRIES // (T * P))
    means = np.empty((resamples, P))
    for start in range(0, resamples, batch):
        stop = min(resamples, start + batch)
        idx = rng.integers(0, T, size=(stop - start, T))
        means[start:stop] = values[idx].mean(axis=1)
    alpha = (1.0 - level) / 2.0
    return np.quantile(means, [alpha, 1.0 - alpha], axis=0).T


def sweep_outcome(
    model: Any,
    column: str,
    select: str = "first",
    fixed: Mapping[str, float] | None = None,
    equals: str | None = None,
) -> Outcome:
    """A vectorised outcome that solves a parametric game per draw and reads one column of the sweep.

    Parameters
    ----------
    model : ParametricGame
        The model.
    column : str
        A column of the sweep table (``"payoff_<player>"``, ``"p_<player>_<strategy>"``,
        ``"n_equilibria"``), or ``"regime"`` with ``equals``.
    select : str
        The equilibrium-selection rule of :func:`~leverage.sensitivity.sweep`.
    fixed : mapping, optional
        Values of parameters not passed to the outcome.
    equals : str, optional
        With ``column="regime"``: the outcome is the 0/1 indicator of this
        regime label. Draws whose status is ``"error"`` give NaN, which
        :func:`sobol` and :func:`morris` report as an error.

    Raises
    ------
    ValueError
        If ``column`` is not a column of the sweep, or ``equals`` is missing
        for ``"regime"`` (or given for another column).

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> model = export_restriction_game()
    >>> us = sweep_outcome(model, "payoff_US")
    >>> us(**{k: np.array([v, v]) for k, v in model.parameters.defaults.items()}).round(4)
    array([-0.5362, -0.5362])

    A regime indicator:

    >>> licensed = sweep_outcome(model, "regime", equals="License/Comply")
    >>> licensed(diversification_premium=np.array([1.3, 2.4]))
    array([0., 1.])
    """
    from leverage.sensitivity.sweeps import SELECTION_RULES, sweep

    caller = "sweep_outcome()"
    model = check_parametric_model(model, caller)
    if fixed is not None and not isinstance(fixed, Mapping):
        raise TypeError(f"{caller}: fixed must be a mapping of parameter names to values, or None; got {fixed!r}")
    if fixed:
        model.parameters.check_values(fixed, caller)
    if equals is not None and not isinstance(equals, str):
        raise TypeError(f"{caller}: equals must be a regime label (a string) or None; got {equals!r}")
    if not isinstance(select, str) or select not in SELECTION_RULES:
        raise ValueError(f"{caller}: select must be one of {', '.join(map(repr, SELECTION_RULES))}; got {select!r}")
    numeric = ["n_equilibria"] + [f"payoff_{p}" for p in model.players] + [
        f"p_{p}_{s}" for p, names_ in zip(model.players, model.strategies) for s in names_
    ]
    if not isinstance(column, str) or (column not in numeric and column != "regime"):
        raise ValueError(f"{caller}: column must be one of {', '.join(map(repr, numeric + ['regime']))}; got {column!r}")
    if (column == "regime") != (equals is not None):
        raise ValueError(f"{caller}: equals (a regime label) is needed with column='regime', and only then")
    names = model.parameters.names

    def outcome(**values: Any) -> np.ndarray:
        arrays = {**{k: np.asarray(v, dtype=float) for k, v in (fixed or {}).items()}, **values}
        n = len(next(iter(values.values())))
        X = np.column_stack([
            np.broadcast_to(arrays.get(k, model.parameters[k].value), (n,)) for k in names
        ])
        result = sweep(model, X, select=select)
        if column == "regime":
            hit = (result.column("regime") == equals).astype(float)
            return np.where(result.column("status") == "error", np.nan, hit)
        return np.array(result.column(column), dtype=float)

    return outcome
