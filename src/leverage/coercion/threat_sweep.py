"""Sweeping the threat-then-impose game over a parameter box: where the selection effect holds.

:func:`sweep_threats` draws points uniformly from :data:`THREAT_BOX` (or a
box of the caller's), solves each by
:func:`~leverage.coercion.sanctions.threat_then_impose` -- a perfect Bayesian
equilibrium verified on the tree by :func:`~leverage.extensive.check_pbe` --
and reports, point by point, the regime, the success rates of threats and of
imposed sanctions, and whether sanctions were cheap enough for the selection
effect to be guaranteed (``sanction_cost <= demand_value (1 - p_resolute)
q*``; see :mod:`leverage.coercion.sanctions` for the statement and where the
effect reverses).

Examples
--------
>>> sweep = sweep_threats(12, rng=1)
>>> len(sweep.regimes), bool(sweep.verified.all())
(12, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from leverage.checks import check_rng
from leverage.coercion.sanctions import REGIMES, threat_then_impose
from leverage.nodes import PROBABILITY_ATOL
from leverage.tolerance import resolve_rtol

__all__ = ["THREAT_BOX", "ThreatSweep", "sweep_threats"]

#: The parameter box of :func:`sweep_threats`: ``{name: (low, high)}``. ``demand_value`` is 1
#: (the unit). The ordered parameters are drawn as margins so that every point satisfies the type
#: definitions by construction: ``resolve_value = sanction_cost + resolve_margin``,
#: ``target_sanction_loss = concession_cost + interim_loss + sanction_margin`` and
#: ``resolute_concession_cost = target_sanction_loss + resolute_margin``. Illustrative.
THREAT_BOX: Mapping[str, tuple[float, float]] = MappingProxyType({
    "p_resolute": (0.02, 0.98), "p_sender_resolute": (0.02, 0.98), "threat_cost": (0.01, 0.5),
    "sanction_cost": (0.05, 1.5), "resolve_margin": (0.05, 1.0), "concession_cost": (0.05, 1.0),
    "interim_loss": (0.05, 1.0), "sanction_margin": (0.05, 1.0), "resolute_margin": (0.05, 1.0),
})



@dataclass(frozen=True, eq=False)
class ThreatSweep:
    """The threat-then-impose game solved at points drawn from a parameter box.

    Attributes
    ----------
    parameters : dict
        ``{parameter of threat_then_impose: array}``, one entry per point.
    regimes : tuple of str
        The regime at each point (:data:`REGIMES`), or ``"unresolved"`` where
        the parameters lie on a boundary and no single verified equilibrium
        was found.
    p_success_if_imposed, p_success_if_threat : numpy.ndarray
        As in :class:`ThreatOutcome` (``nan`` where undefined or unresolved).
    cheap : numpy.ndarray of bool
        Whether ``sanction_cost <= demand_value (1 - p_resolute) q*`` (the
        bound under which the selection effect holds in every PBE).
    verified : numpy.ndarray of bool
        Whether the point's equilibrium passed :func:`~leverage.extensive.check_pbe`.
    method : str
        How the points were drawn and solved.

    Examples
    --------
    >>> sweep = sweep_threats(12, rng=1)
    >>> len(sweep.regimes), bool(sweep.verified.all())
    (12, True)
    >>> bool(sweep.holds[sweep.cheap & sweep.defined].all())
    True
    """

    parameters: Mapping[str, np.ndarray]
    regimes: tuple[str, ...]
    p_success_if_imposed: np.ndarray
    p_success_if_threat: np.ndarray
    cheap: np.ndarray
    verified: np.ndarray
    method: str

    @property
    def defined(self) -> np.ndarray:
        """Points where sanctions are imposed with positive probability (both rates defined)."""
        return ~np.isnan(self.p_success_if_imposed) & ~np.isnan(self.p_success_if_threat)

    @property
    def holds(self) -> np.ndarray:
        """Points where the selection effect holds (False where undefined)."""
        gap = np.where(self.defined, self.p_success_if_threat - self.p_success_if_imposed, -np.inf)
        return gap >= -PROBABILITY_ATOL

    @property
    def summary(self) -> str:
        """The result in words."""
        n, defined = len(self.regimes), self.defined
        reversed_ = defined & ~self.holds
        counts = ", ".join(f"{r} {self.regimes.count(r)}" for r in (*REGIMES, "unresolved") if r in self.regimes)
        text = (f"{n} points ({counts}); sanctions are imposed at {int(defined.sum())}; imposed sanctions succeed "
                f"less often than threats at {int((defined & self.holds).sum())} of them")
        if reversed_.any():
            where = sorted({self.regimes[i] for i in np.flatnonzero(reversed_)})
            inside = int((reversed_ & self.cheap).sum())
            text += (f"; the effect reverses at {int(reversed_.sum())} ({', '.join(where)}), "
                     f"{inside} of them within the cheap-sanctions bound")
        return text + "."


def _draw_box(samples: int, rng: np.random.Generator, box: Mapping[str, tuple[float, float]]) -> dict[str, np.ndarray]:
    x = {name: rng.uniform(low, high, samples) for name, (low, high) in box.items()}
    d = x["concession_cost"] + x["interim_loss"] + x["sanction_margin"]
    return {
        "p_resolute": x["p_resolute"],
        "p_sender_resolute": x["p_sender_resolute"],
        "demand_value": np.ones(samples),
        "threat_cost": x["threat_cost"],
        "sanction_cost": x["sanction_cost"],
        "resolve_value": x["sanction_cost"] + x["resolve_margin"],
        "target_sanction_loss": d,
        "concession_cost": x["concession_cost"],
        "resolute_concession_cost": d + x["resolute_margin"],
        "interim_loss": x["interim_loss"],
    }


def sweep_threats(
    samples: int = 200,
    *,
    rng: Any = None,
    seed: int | None = None,
    box: Mapping[str, tuple[float, float]] | None = None,
    rtol: float | None = None,
    tol: float | None = None,
) -> ThreatSweep:
    """Solve the threat-then-impose game at points drawn uniformly from a parameter box.

    Parameters
    ----------
    samples : int
        Number of points, 1 to 100000.
    rng : numpy.random.Generator or int, optional
        Random generator (its state advances) or seed (a non-negative
        integer); None: fresh entropy.
    seed : int, optional
        The older name of an integer ``rng`` (give one of the two).
    box : dict, optional
        ``{name: (low, high)}`` replacing entries of :data:`THREAT_BOX`
        (``low == high`` fixes a value). Priors must stay inside (0, 1) and
        the other bounds positive.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance of the PBE checks.

    Returns
    -------
    ThreatSweep

    Raises
    ------
    ValueError
        If ``samples`` is out of range or the box has unknown names or bad bounds.
    TypeError
        If ``rng`` is not a generator, an integer or None, or both ``rng``
        and ``seed`` are given.

    Examples
    --------
    Dear sanctions and doubtful resolve on both sides: the selection effect
    reverses at some points, all of them above the cheap-sanctions bound.

    >>> sweep = sweep_threats(20, rng=0, box={"sanction_cost": (0.3, 0.9), "p_resolute": (0.05, 0.4)})
    >>> bool((sweep.defined & ~sweep.holds).any()), bool((sweep.defined & ~sweep.holds & sweep.cheap).any())
    (True, False)
    >>> sweep_threats(0)
    Traceback (most recent call last):
    ...
    ValueError: sweep_threats(): samples must be an integer from 1 to 100000; got 0
    """
    caller = "sweep_threats()"
    generator = check_rng(rng, caller, seed=seed)
    if box is not None and not isinstance(box, Mapping):
        raise TypeError(f"{caller}: box must be a mapping {{name: (low, high)}} or None; got {type(box).__name__}")
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or not 1 <= samples <= 100_000:
        raise ValueError(f"{caller}: samples must be an integer from 1 to 100000; got {samples!r}")
    rtol = resolve_rtol(rtol, tol, "sweep_threats")
    bounds = dict(THREAT_BOX)
    for name, pair in (box or {}).items():
        if name not in THREAT_BOX:
            raise ValueError(f"{caller}: box names {name!r}; choose from {', '.join(THREAT_BOX)}")
        try:
            low, high = (float(b) for b in pair)
        except (TypeError, ValueError):
            raise ValueError(f"{caller}: box[{name!r}] must be a pair (low, high); got {pair!r}") from None
        limit = 1.0 if name.startswith("p_") else np.inf
        if not (np.isfinite(low) and np.isfinite(high) and 0.0 < low <= high < limit):
            interval = "(0, 1)" if name.startswith("p_") else "(0, inf)"
            raise ValueError(f"{caller}: box[{name!r}] must satisfy low <= high inside {interval}; got {pair!r}")
        bounds[name] = (low, high)
    points = _draw_box(int(samples), generator, bounds)
    regimes, imposed, threat, verified = [], np.full(samples, np.nan), np.full(samples, np.nan), np.zeros(samples, bool)
    for i in range(int(samples)):
        v = {name: float(values[i]) for name, values in points.items()}
        try:  # every point satisfies the type definitions, so a refusal means a boundary between regimes
            out = threat_then_impose(**v, tol=rtol)
        except ValueError:
            regimes.append("unresolved")
            continue
        regimes.append(out.regime)
        imposed[i], threat[i], verified[i] = out.p_success_if_imposed, out.p_success_if_threat, out.check.ok
    a, e = points["concession_cost"], points["interim_loss"]
    cheap = points["sanction_cost"] <= points["demand_value"] * (1.0 - points["p_resolute"]) * a / (a + e)
    for arr in (*points.values(), imposed, threat, cheap, verified):
        arr.setflags(write=False)
    return ThreatSweep(points, tuple(regimes), imposed, threat, cheap, verified,
                       f"{samples} uniform draws from the box, each solved by threat_then_impose's verified case analysis")
