"""Screening: the coercer does not know what diversifying would cost the target.

China does not know what building other supply would cost each buyer. In
:class:`ScreeningModel` the target's diversification cost ``K`` is private:
uniform on ``[0, K_max]`` by default (``diversification_cost_max``), or any
continuous distribution of ``scipy.stats`` on ``[0, inf)``. The coercer
chooses one restriction ``r`` knowing only the distribution; each type of
target then stays or exits as in :class:`~leverage.coercion.CoercionModel`.

Timing, payoffs and tie rule
----------------------------
Nature draws ``K``; the target learns it; the coercer commits to ``r``; the
target observes ``r`` and stays or exits. Flows and present values are those
of :mod:`leverage.coercion.payoffs` (units of the coercer's rent per period).
A type stays iff ``K >= L r / (1 - dt)`` (it stays when indifferent, a
measure-zero event here), so the probability of exit is
``P(K < L r / (1 - dt))`` and the coercer's expected value is

    V(r) = (1 - P(exit | r)) U_C(Stay; r) + P(exit | r) U_C(Exit; r).

The coercer takes the lowest ``r`` maximising ``V`` (ties by the library's
tolerance rule over its payoffs on the verification grid).

How the optimum is found
------------------------
By optimisation over all ``r``: ``V`` is maximised on the levels at which
some types stay and on those at which every type exits (when there are
any), each by a grid of 257 levels and bounded Brent
(:func:`~leverage.coercion.payoffs.maximise_on_interval`). The closed form
for the uniform case (see the explanation page) is the tests' oracle and is
not used here. The result is checked: the coercer's regret against every
level of a grid, the optimum and each branch's best must be within the
tolerance rule (each type's answer is a best reply by construction).

References
----------
J. D. Fearon (1995), "Rationalist explanations for war", International
Organization 49(3), 379-414 (the risk-return trade-off that screening shares).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from leverage.coercion.model import VERIFY_LEVELS, regime_of
from leverage.coercion.payoffs import (
    COERCION_NAMES,
    check_coercion_values,
    check_restriction,
    coercer_present_values,
    coercion_parameters,
    maximise_on_interval,
    replace_values,
)
from leverage.parameters import Parameter, ParameterSet
from leverage.results import UnverifiedEquilibriumError
from leverage.tolerance import LEVEL_ATOL, tolerances

__all__ = ["ScreeningModel", "ScreeningOutcome", "screening_parameters", "SCREENING_NAMES"]

#: The parameters of the screening model, in order (the cost ``K`` is private, so only its maximum appears).
SCREENING_NAMES: tuple[str, ...] = tuple(
    "diversification_cost_max" if k == "diversification_cost" else k for k in COERCION_NAMES
)
#: Grid size of the optimisation on each branch.
_POINTS = 257
#: Two optimal levels farther apart than this put the result on a boundary.
_SAME_LEVEL = LEVEL_ATOL


def screening_parameters(**overrides: float) -> ParameterSet:
    """Default parameters of the screening model: the complete-information defaults, ``K`` private.

    ``diversification_cost_max`` (``K_max``, default 80, illustrative) is the
    upper end of the uniform distribution of the target's diversification
    cost; the other parameters are those of :func:`coercion_parameters`.

    Examples
    --------
    >>> ps = screening_parameters()
    >>> ps["diversification_cost_max"].value, "diversification_cost" in ps
    (80.0, False)
    """
    base = coercion_parameters()
    params: dict[str, Parameter] = {}
    for name in SCREENING_NAMES:
        if name == "diversification_cost_max":
            params[name] = Parameter(80.0, 1.0, 1000.0, "rent (present value at completion)",
                                     "illustrative; the coercer's belief about the target's cost of other supply")
        else:
            params[name] = base[name]
    return replace_values(ParameterSet(params), overrides, "screening_parameters()")


def _check_distribution(dist: Any, caller: str) -> Any:
    frozen = getattr(dist, "dist", None)
    if not isinstance(frozen, stats.rv_continuous) or not hasattr(dist, "cdf"):
        raise TypeError(
            f"{caller}: distribution must be a frozen continuous scipy.stats distribution "
            f"(for example scipy.stats.uniform(0, 80)); got {type(dist).__name__}"
        )
    low, high = (float(x) for x in dist.support())
    if low < 0:
        raise ValueError(
            f"{caller}: distribution of the diversification cost must have non-negative support; "
            f"its support starts at {low:g}"
        )
    return dist


@dataclass(frozen=True, eq=False)
class ScreeningOutcome:
    """The coercer's optimal restriction against a target of unknown diversification cost.

    Attributes
    ----------
    optimal_restriction : float
        The coercer's choice (the lowest optimal level).
    p_exit : float
        The probability that the target exits at that level.
    value : float
        The coercer's expected present value there.
    cutoff : float
        The type that is indifferent there: types with a lower cost exit.
    regime : str
        ``"status quo"`` (``r = 0``), ``"calibrated"`` (an interior level at
        which some types stay), ``"embargo accepted"`` (``r = 1`` and some
        types stay) or ``"squeeze-and-lose"`` (every type exits).
    interior_restriction, interior_value : float
        The best level at which some types stay, and its expected value.
    corner_restriction, corner_value : float
        The best level at which every type exits, and its value (``nan``
        when some types stay at every level).
    status_quo, embargo : float
        Expected values at ``r = 0`` and ``r = 1``.
    on_boundary : bool
        Another level with another regime, or far from the optimum, is
        optimal too within the tolerance rule.
    regret : float
        The coercer's largest gain from another level of the verification
        grid (within the tolerance rule).
    levels : numpy.ndarray
        The verification grid.
    distribution : str
        The distribution of the cost, as scipy names it.

    Examples
    --------
    >>> out = ScreeningModel().solve()
    >>> out
    ScreeningOutcome(r=0.611111, P(exit)=0.305556, value 11.6806; regime 'calibrated'; regret 0)
    """

    optimal_restriction: float
    p_exit: float
    value: float
    cutoff: float
    regime: str
    interior_restriction: float
    interior_value: float
    corner_restriction: float
    corner_value: float
    status_quo: float
    embargo: float
    on_boundary: bool
    regret: float
    levels: np.ndarray = field(repr=False)
    distribution: str = ""

    def __repr__(self) -> str:
        tie = "; on a regime boundary" if self.on_boundary else ""
        return (
            f"ScreeningOutcome(r={self.optimal_restriction:.6g}, P(exit)={self.p_exit:.6g}, "
            f"value {self.value:.6g}; regime {self.regime!r}{tie}; regret {self.regret:.3g})"
        )


class ScreeningModel:
    """Coercion when the target's diversification cost is private: one restriction for every type.

    Parameters
    ----------
    parameters : ParameterSet, optional
        Default :func:`screening_parameters`. Needs the names of
        :data:`SCREENING_NAMES` (``diversification_cost_max`` only when no
        ``distribution`` is given).
    distribution : scipy.stats frozen continuous distribution, optional
        The distribution of ``K``. Default: uniform on ``[0, K_max]``.

    Raises
    ------
    TypeError
        If ``parameters`` is not a ParameterSet or ``distribution`` not a
        frozen continuous scipy.stats distribution.
    UnknownNameError
        If a parameter is missing (a ``KeyError`` and a ``ValueError``).
    ValueError
        If a parameter is out of bounds (see
        :func:`~leverage.coercion.payoffs.check_coercion_values`),
        ``K_max <= 0``, or the distribution's support reaches below 0.

    Examples
    --------
    The worked example with ``K_max = 80``: the coercer restricts to about
    0.61 and accepts that about 31% of targets exit.

    >>> out = ScreeningModel().solve()
    >>> round(out.optimal_restriction, 4), round(out.p_exit, 4), round(out.value, 3)
    (0.6111, 0.3056, 11.681)

    Any continuous distribution on ``[0, inf)`` works:

    >>> from scipy import stats
    >>> out = ScreeningModel(distribution=stats.expon(scale=40)).solve()
    >>> out.regime, 0 < out.p_exit < 1
    ('calibrated', True)
    """

    def __init__(self, parameters: ParameterSet | None = None, distribution: Any = None) -> None:
        caller = "ScreeningModel()"
        ps = screening_parameters() if parameters is None else parameters
        if not isinstance(ps, ParameterSet):
            raise TypeError(f"{caller}: parameters must be a ParameterSet; got {type(ps).__name__}")
        self.parameters = ps
        self._distribution = None if distribution is None else _check_distribution(distribution, caller)
        self._values({}, caller)

    def __repr__(self) -> str:
        return f"ScreeningModel(K ~ {self.distribution().dist.name}; {', '.join(self.parameters)})"

    def values(self, **overrides: float) -> dict[str, float]:
        """The parameter values, with some replaced (checked against their ranges and bounds).

        Raises
        ------
        ValueError
            If ``diversification_cost_max <= 0`` (when it defines the distribution), or a value is out of bounds.

        Examples
        --------
        >>> ScreeningModel().values(diversification_cost_max=20)["diversification_cost_max"]
        20.0
        """
        return self._values(overrides, "ScreeningModel.values()")

    def _values(self, overrides: Mapping[str, float], caller: str) -> dict[str, float]:
        ps = replace_values(self.parameters, overrides, caller)
        names = SCREENING_NAMES if self._distribution is None else COERCION_NAMES[:3] + COERCION_NAMES[4:]
        v = check_coercion_values(ps.defaults, caller, names)
        if self._distribution is None and v["diversification_cost_max"] <= 0:
            raise ValueError(
                f"{caller}: diversification_cost_max must be positive (the upper end of the uniform "
                f"distribution of the diversification cost); got {v['diversification_cost_max']!r}"
            )
        return v

    def distribution(self, **overrides: float) -> Any:
        """The distribution of the diversification cost (a frozen scipy.stats distribution).

        Examples
        --------
        >>> [float(x) for x in ScreeningModel().distribution().support()]
        [0.0, 80.0]
        """
        if self._distribution is not None:
            return self._distribution
        return stats.uniform(0.0, self.values(**overrides)["diversification_cost_max"])

    def cutoff(self, r: Any, **overrides: float) -> np.ndarray:
        """The type indifferent at restriction ``r``: ``L r / (1 - dt)``; cheaper types exit.

        Examples
        --------
        >>> ScreeningModel().cutoff([0.25, 1.0]).round(9).tolist()
        [10.0, 40.0]
        """
        r = check_restriction(r, "ScreeningModel.cutoff()")
        v = self.values(**overrides)
        return np.asarray(v["target_loss"] * r / (1.0 - v["target_discount"]), dtype=float)

    def p_exit(self, r: Any, **overrides: float) -> np.ndarray:
        """The probability that the target exits at restriction ``r``.

        Examples
        --------
        >>> ScreeningModel().p_exit([0.0, 0.5, 1.0]).round(9).tolist()
        [0.0, 0.25, 0.5]
        """
        r = check_restriction(r, "ScreeningModel.p_exit()")
        return self._p_exit(self.distribution(**overrides), self.values(**overrides), r)

    @staticmethod
    def _p_exit(dist: Any, v: Mapping[str, float], r: np.ndarray) -> np.ndarray:
        cut = v["target_loss"] * r / (1.0 - v["target_discount"])
        return np.clip(np.asarray(dist.cdf(cut), dtype=float), 0.0, 1.0)

    def expected_value(self, r: Any, **overrides: float) -> np.ndarray:
        """The coercer's expected present value at restriction ``r``.

        Examples
        --------
        >>> round(float(ScreeningModel().expected_value(0.5, diversification_cost_max=20, build_time=20)), 2)
        13.18
        """
        r = check_restriction(r, "ScreeningModel.expected_value()")
        v, dist = self.values(**overrides), self.distribution(**overrides)
        return self._expected(dist, v, r)

    def _expected(self, dist: Any, v: Mapping[str, float], r: np.ndarray) -> np.ndarray:
        p = self._p_exit(dist, v, r)
        stay, exit_ = coercer_present_values(v, r)
        return (1.0 - p) * stay + p * exit_

    def solve(self, **overrides: float) -> ScreeningOutcome:
        """The coercer's optimal restriction, the probability of exit and its expected value.

        Raises
        ------
        UnverifiedEquilibriumError
            If the coercer's regret on the verification grid exceeds the tolerance rule.

        Examples
        --------
        A long build and a low ceiling on the cost: squeezing every type beats
        keeping some.

        >>> out = ScreeningModel().solve(diversification_cost_max=20, build_time=20)
        >>> out.optimal_restriction, out.p_exit, round(out.value, 2), out.regime
        (1.0, 1.0, 17.57, 'squeeze-and-lose')
        >>> round(out.interior_restriction, 6), round(out.interior_value, 2)
        (0.5, 13.18)
        """
        v, dist = self._values(overrides, "ScreeningModel.solve()"), self.distribution(**overrides)

        def value(r: np.ndarray) -> np.ndarray:
            return self._expected(dist, v, r)

        upper = float(dist.support()[1])
        # every type exits from r_all on (the cutoff passes the top of the support)
        r_all = upper * (1.0 - v["target_discount"]) / v["target_loss"] if v["target_loss"] > 0 else np.inf
        top = min(1.0, r_all)
        ri, vi = maximise_on_interval(value, 0.0, top, _POINTS)
        cands = [(x, float(value(np.array([x]))[0])) for x in (0.0, top)] + [(ri, vi)]
        rc, vc = float("nan"), float("nan")
        if r_all < 1.0:
            rc, vc = maximise_on_interval(value, top, 1.0, _POINTS)
            cands += [(rc, vc), (1.0, float(value(np.array([1.0]))[0]))]
        levels = np.unique(np.concatenate([VERIFY_LEVELS, [c[0] for c in cands]]))
        stay, exit_ = coercer_present_values(v, levels)
        tol_c = float(tolerances([np.concatenate([stay, exit_])])[0])
        best = max(c[1] for c in cands)
        ties = [c for c in cands if c[1] >= best - tol_c]
        r_opt, v_opt = min(ties, key=lambda c: c[0])
        p = float(self._p_exit(dist, v, np.array(r_opt)))

        def label(x: float) -> str:
            return regime_of(x, float(self._p_exit(dist, v, np.array(x))) < 1.0)

        here = label(r_opt)
        on_boundary = any(label(x) != here or abs(x - r_opt) > _SAME_LEVEL for x, _ in ties)
        regret = float(np.max(value(levels)) - v_opt)
        if regret > tol_c:
            raise UnverifiedEquilibriumError(
                f"ScreeningModel.solve(): the optimum r={r_opt:.12g} fails verification: the coercer's regret "
                f"{regret:.3g} on the verification grid exceeds the tolerance {tol_c:.3g}"
            )
        ends = value(np.array([0.0, 1.0]))
        return ScreeningOutcome(
            optimal_restriction=float(r_opt),
            p_exit=p,
            value=float(v_opt),
            cutoff=float(v["target_loss"] * r_opt / (1.0 - v["target_discount"])),
            regime=here,
            interior_restriction=float(ri),
            interior_value=float(vi),
            corner_restriction=float(rc),
            corner_value=float(vc),
            status_quo=float(ends[0]),
            embargo=float(ends[1]),
            on_boundary=bool(on_boundary),
            regret=max(0.0, regret),
            levels=levels,
            distribution=str(dist.dist.name),
        )

    def regime(self, **values: float) -> str:
        """The regime of the solved model: the :class:`~leverage.sensitivity.regimes.RegimeModel` protocol.

        ``solve(**values).regime``: status quo, calibrated, squeeze-and-lose
        or embargo accepted. With this method and :attr:`parameters` the
        model goes into :func:`leverage.sensitivity.regimes.regime_map` and
        :func:`leverage.sensitivity.regimes.distance_to_flip`.

        Examples
        --------
        >>> ScreeningModel().regime(), ScreeningModel().regime(diversification_cost_max=20, build_time=20)
        ('calibrated', 'squeeze-and-lose')
        """
        return self.solve(**values).regime
