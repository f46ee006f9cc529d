"""The logit QRE equations and the pseudo-arclength tracer of their principal branch.

Following Turocy (2005), the unknowns are the log-probabilities ``v_i(s)``;
for each player, with strategy 0 as reference::

    v_i(s) - v_i(0) - mu * (U_i(s) - U_i(0)) = 0      (s = 1, ..., m_i - 1)
    sum_s exp(v_i(s)) - 1 = 0

where ``U_i`` are payoffs divided by the common payoff scale, evaluated at
``sigma = exp(v)``, and ``mu = lam * scale``. :class:`LogitSystem` is this
``H(v, mu)`` with its Jacobian; :func:`trace_branch` follows the principal
branch from ``mu = 0`` by pseudo-arclength continuation (Allgower and Georg
1990). The public solvers, and the polishing of the branch's limit, are in
:mod:`leverage.solvers.qre`; the method is explained in
``docs/explanation/qre.md`` ("How the logit QRE branch is traced and its limit
found").

These are helpers of :mod:`leverage.solvers.qre`, not public API: the module
exports nothing in ``__all__``.

References
----------
T. L. Turocy (2005), "A dynamic homotopy interpretation of the logistic
quantal response equilibrium correspondence", Games and Economic Behavior
51(2), 243-263.
E. L. Allgower and K. Georg (1990), Numerical Continuation Methods: An
Introduction, Springer: Algorithm 2.3.3 (predictor-corrector), section 6.1
(steplength adaptation) and section 8.1 (bifurcation points).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from leverage.game import Game, strategy_payoffs
from leverage.tolerance import (
    QRE_CHECKPOINT_RTOL,
    QRE_CROSSING_STEP,
    QRE_FTOL,
    QRE_FTOL_FLOOR,
    QRE_MIN_STEP,
    QRE_NOISE,
)

__all__: list[str] = []

#: Nominal correction (largest change of a probability, see :func:`_moved`), contraction
#: rate and tangent angle (radians) of a corrector step; the step length is adapted to
#: them, and a step exceeding one of them by more than ``_REJECT`` is redone shorter.
_NOMINAL_DISTANCE = 0.02
_NOMINAL_CONTRACTION = 0.3
_NOMINAL_ANGLE = 0.1
_REJECT = 2.0
#: Step lengths below this (in units of ``1 + |x|``) end the path as a breakdown.
_MIN_STEP = QRE_MIN_STEP
#: A step may change the orientation of the tangent (cross a bifurcation point) only
#: when it is shorter than this (in units of ``1 + 1e-5 |x|``, which allows for rounding
#: at extreme precisions); longer ones are redone shorter.
_CROSSING_STEP = QRE_CROSSING_STEP

#: Precisions ``mu = lam * scale`` at which the default path polishes its current point:
#: powers of 10 from ``_FIRST_CHECKPOINT`` until every player's own precision ``lam * range_i``
#: reaches ``_LAST_CHECKPOINT``, and ``mu`` at most ``_MAX_PRECISION``.
_FIRST_CHECKPOINT = 1e2
_LAST_CHECKPOINT = 1e10
_MAX_PRECISION = 1e13

#: Newton corrections below this (in units of ``1 + |x|``) are rounding noise.
_NOISE = QRE_NOISE
#: A corrector (or fixed-``lam`` Newton) has converged when ``|H| <= _FTOL * (1 + mu * range_i)``
#: for the equations of every player ``i`` (``range_i``: its payoff range over ``scale``);
#: where rounding keeps Newton's method above that, ``_FTOL_FLOOR`` is accepted.
_FTOL = QRE_FTOL
_FTOL_FLOOR = QRE_FTOL_FLOOR


# ---------------------------------------------------------------------- the equations
# ---------------------------------------------------------------------- the equations
def pair_payoffs(u: np.ndarray, sigma: Sequence[np.ndarray], i: int, j: int) -> np.ndarray:
    """``u`` with every axis but ``i`` and ``j`` contracted with ``sigma``; shape ``(m_i, m_j)``."""
    out = u
    for k in range(len(sigma) - 1, -1, -1):  # from the last axis, so lower axes keep their index
        if k != i and k != j:
            out = np.tensordot(out, sigma[k], axes=([k], [0]))
    return out if i < j else out.T


class LogitSystem:
    """``H(v, mu)`` of the module docstring and its Jacobian, for payoffs divided by ``scale``."""

    def __init__(self, payoffs: Sequence[np.ndarray]) -> None:
        self.u = tuple(payoffs)
        self.n = len(self.u)
        self.shape = self.u[0].shape
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.size = int(self.offsets[-1])
        # payoff range of each player (after the common scaling), repeated for its equations: the
        # rounding level of its equations, not a tolerance of the rule (a player with constant payoffs
        # has no payoff term, so its weight is 0 -- not the rule's fallback scale)
        self.ranges = np.array([float(u.max() - u.min()) for u in self.u])
        self._weights = np.repeat(self.ranges, self.shape)

    def error(self, F: np.ndarray, mu: float) -> float:
        """``max |H|``, each player's equations relative to their rounding level ``1 + mu * range``."""
        return float((np.abs(F) / (1.0 + abs(mu) * self._weights)).max())

    def split(self, v: np.ndarray) -> list[np.ndarray]:
        return [v[self.offsets[i] : self.offsets[i + 1]] for i in range(self.n)]

    def _pairs(self, sigma: Sequence[np.ndarray]) -> tuple[list[dict[int, np.ndarray]], list[np.ndarray]]:
        """Pairwise payoff matrices ``M[i][j]`` and the strategy payoffs ``U[i]``."""
        if self.n == 1:
            return [{}], [np.asarray(self.u[0], dtype=float)]
        if self.n == 2:
            M = [{1: self.u[0]}, {0: self.u[1].T}]
        else:
            M = [{j: pair_payoffs(self.u[i], sigma, i, j) for j in range(self.n) if j != i} for i in range(self.n)]
        U = []
        for i in range(self.n):
            j = 1 if i == 0 else 0
            U.append(M[i][j] @ sigma[j])
        return M, U

    def values(self, sigma: Sequence[np.ndarray]) -> list[np.ndarray]:
        return [strategy_payoffs(self.u[i], sigma, i) for i in range(self.n)]

    def evaluate(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """``H(x)`` and its Jacobian ``(N, N + 1)``; ``(inf, None)`` where ``exp(v)`` overflows."""
        v, mu = x[:-1], x[-1]
        vs = self.split(v)
        with np.errstate(over="ignore"):
            sigma = [np.exp(vi) for vi in vs]
        if not all(np.all(np.isfinite(s)) for s in sigma):  # a wild Newton iterate
            return np.full(self.size, np.inf), None
        F = np.empty(self.size)
        J = np.zeros((self.size, self.size + 1))
        with np.errstate(over="ignore", invalid="ignore"):  # callers check that F and J are finite
            self._fill(F, J, vs, sigma, mu)
        return F, J

    def _fill(self, F: np.ndarray, J: np.ndarray, vs: list[np.ndarray], sigma: list[np.ndarray], mu: float) -> None:
        M, U = self._pairs(sigma)
        for i in range(self.n):
            o, m = self.offsets[i], self.shape[i]
            dU = U[i][1:] - U[i][0]
            F[o] = sigma[i].sum() - 1.0
            F[o + 1 : o + m] = vs[i][1:] - vs[i][0] - mu * dU
            J[o, o : o + m] = sigma[i]
            rows = np.arange(o + 1, o + m)
            J[rows, rows] = 1.0
            J[o + 1 : o + m, o] = -1.0
            for j, Mij in M[i].items():
                oj, mj = self.offsets[j], self.shape[j]
                J[o + 1 : o + m, oj : oj + mj] = -mu * (Mij[1:] - Mij[0]) * sigma[j]
            J[o + 1 : o + m, -1] = -dU

    def start(self) -> np.ndarray:
        """The point ``(log uniform, mu = 0)``, where the principal branch starts."""
        return np.concatenate([np.full(m, -math.log(m)) for m in self.shape] + [np.zeros(1)])

    def strategies(self, v: np.ndarray) -> tuple[np.ndarray, ...]:
        out = []
        for vi in self.split(v):
            p = np.exp(vi - vi.max())
            out.append(p / p.sum())
        return tuple(out)

    def residual(self, v: np.ndarray, mu: float) -> float:
        """``max |sigma - logit response to sigma|``, in probabilities."""
        sigma = self.strategies(v)
        worst = 0.0
        for i, Ui in enumerate(self.values(sigma)):
            z = mu * Ui
            r = np.exp(z - z.max())
            worst = max(worst, float(np.abs(sigma[i] - r / r.sum()).max()))
        return worst


def scaled_system(game: Game) -> tuple[float, LogitSystem]:
    """The common payoff scale, and the equations for payoffs shifted to start at 0 and divided by it.

    Shifting a player's payoffs by a constant changes no QRE; it keeps ``mu * U``
    of the size of the payoff differences, so rounding error does not grow with
    the payoffs' distance from 0.
    """
    scale = float(game.payoff_scale.max())
    return scale, LogitSystem([(np.asarray(p, dtype=float) - p.min()) / scale for p in game.payoffs])


def _solve(A: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    try:
        out = np.linalg.solve(A, b)
    except np.linalg.LinAlgError:
        return None
    return out if np.all(np.isfinite(out)) else None


def _tangent(J: np.ndarray, previous: np.ndarray) -> np.ndarray | None:
    """Unit tangent ``t`` with ``J t = 0``, oriented so that ``t . previous > 0``."""
    A = np.vstack([J, previous])
    b = np.zeros(len(previous))
    b[-1] = 1.0
    z = _solve(A, b)
    if z is None:
        _, _, vt = np.linalg.svd(J)
        z = vt[-1]
        if z @ previous < 0:
            z = -z
    big = np.abs(z).max()
    if not (big > 0 and np.isfinite(big)):
        return None
    z = z / big
    return z / np.linalg.norm(z)


def _orientation(J: np.ndarray, t: np.ndarray) -> float:
    """Sign of ``det [J; t]``: constant along a branch between bifurcation points."""
    return float(np.linalg.slogdet(np.vstack([J, t]))[0])


def _moved(system: LogitSystem, x: np.ndarray, y: np.ndarray) -> float:
    """How far the corrector moved: in probabilities, and in ``mu`` relative to ``1 + mu``.

    Log-probabilities of strategies played with probability ``exp(-mu)`` can
    move a lot while the profile does not; the distance a corrector may move
    is therefore measured in probabilities.
    """
    moved = abs(x[-1] - y[-1]) / (1.0 + abs(x[-1]))
    for p, q in zip(system.strategies(x[:-1]), system.strategies(y[:-1])):
        moved = max(moved, float(np.abs(p - q).max()))
    return moved


def _corrector(system: LogitSystem, xp: np.ndarray, t: np.ndarray, max_newton: int) -> tuple | None:
    """Newton on ``H(x) = 0, t . (x - xp) = 0``; returns ``(x, J, distance, contraction)`` or None.

    Converged when the error is below :data:`_FTOL`; if rounding keeps it above
    that (at extreme precisions), the best iterate is accepted when its error
    is below :data:`_FTOL_FLOOR`.
    """
    x = xp.copy()
    norms: list[float] = []
    best = (math.inf, x, None)

    def result(x: np.ndarray, J: np.ndarray) -> tuple:
        # a second correction at rounding level says nothing about contraction
        noise = _NOISE * (1.0 + np.abs(x).max())
        contraction = norms[1] / norms[0] if len(norms) > 1 and norms[1] > noise else 0.0
        return x, J, _moved(system, x, xp), contraction

    for _ in range(max_newton):
        F, J = system.evaluate(x)
        if J is None or not (np.all(np.isfinite(F)) and np.all(np.isfinite(J))):
            break
        error = system.error(F, x[-1])
        if error <= _FTOL:
            return result(x, J)
        if error < best[0]:
            best = (error, x, J)
        dx = _solve(np.vstack([J, t]), -np.concatenate([F, [t @ (x - xp)]]))
        if dx is None:
            break
        step = float(np.abs(dx).max())
        if norms and step > norms[-1] * _REJECT * _NOMINAL_CONTRACTION and step > _NOISE * (1.0 + np.abs(x).max()):
            break  # not contracting fast enough: a shorter step will do better
        norms.append(step)
        x = x + dx
    if best[0] <= _FTOL_FLOOR:
        return result(best[1], best[2])
    return None


def newton_fixed(system: LogitSystem, v0: np.ndarray, mu: float, max_iter: int) -> np.ndarray | None:
    """Newton with backtracking on ``H(v, mu) = 0`` at fixed ``mu``."""
    x = np.concatenate([v0, [mu]])
    F, J = system.evaluate(x)
    for _ in range(max_iter):
        if J is None:
            return None
        size = system.error(F, mu)
        if size <= _FTOL:
            return x[:-1]
        dv = _solve(J[:, :-1], -F)
        if dv is None:
            return None
        t = 1.0
        for _ in range(30):
            trial = x.copy()
            trial[:-1] += t * dv
            Ft, Jt = system.evaluate(trial)
            if np.all(np.isfinite(Ft)) and system.error(Ft, mu) < size:
                break
            t *= 0.5
        else:
            return None
        x, F, J = trial, Ft, Jt
    return x[:-1] if J is not None and system.error(F, mu) <= _FTOL_FLOOR else None


def _checkpoints(system: LogitSystem) -> list[float]:
    """Precisions ``mu`` at which a default path polishes its current point."""
    ranges = system.ranges[system.ranges > 0]
    last = _LAST_CHECKPOINT / ranges.min() if ranges.size else _LAST_CHECKPOINT
    last = min(last, _MAX_PRECISION)
    out = [_FIRST_CHECKPOINT]
    while out[-1] * 10 <= last * (1 + QRE_CHECKPOINT_RTOL):
        out.append(out[-1] * 10)
    return out


@dataclass
class Trace:
    points: list[np.ndarray]
    steps_taken: list[float]
    crossings: list[int]
    status: str
    steps: int


def trace_branch(
    system: LogitSystem,
    mu_end: float | None,
    checkpoint: Any,
    first_step: float,
    max_accel: float,
    max_steps: int,
    max_newton: int,
    on_step: Callable[[], None] | None = None,
) -> Trace:
    """Pseudo-arclength continuation from ``mu = 0``.

    Stops when ``mu`` first reaches ``mu_end`` (the last point lies exactly at
    ``mu_end``), or -- with ``mu_end=None`` -- when ``checkpoint(x)`` returns True
    at one of :func:`_checkpoints`, or after the last one. ``on_step()`` is
    called after each accepted step (a point added to the path).
    """
    x = system.start()
    e = np.zeros_like(x)
    e[-1] = 1.0
    _, J = system.evaluate(x)
    t = _tangent(J, e)
    orientation = _orientation(J, t) if t is not None else 0.0
    points, taken, crossings = [x], [0.0], []
    h = first_step
    marks = _checkpoints(system)
    steps = 0
    while steps < max_steps:
        steps += 1
        if t is None or h < _MIN_STEP * (1.0 + np.abs(x).max()):
            return Trace(points, taken, crossings, "breakdown", steps)
        out = _corrector(system, x + h * t, t, max_newton)
        if out is None:
            h *= 0.5
            continue
        x_new, J_new, distance, contraction = out
        t_new = _tangent(J_new, t)
        if t_new is None:
            h *= 0.5
            continue
        angle = math.acos(min(1.0, max(-1.0, float(t @ t_new))))
        # steplength adaptation (Allgower and Georg 1990, section 6.1)
        factor = max(
            math.sqrt(distance / _NOMINAL_DISTANCE),
            math.sqrt(contraction / _NOMINAL_CONTRACTION),
            angle / _NOMINAL_ANGLE,
            1.0 / max_accel,
        )
        if factor > _REJECT:
            h /= min(factor, 4.0)
            continue
        sign = _orientation(J_new, t_new)
        if sign != orientation:
            # the determinant of [J; t] changed sign: the step jumped to another branch,
            # or crossed a bifurcation point (Allgower and Georg 1990, section 8.1);
            # only a step too short to jump any branch may cross
            if h > _CROSSING_STEP * (1.0 + 1e-5 * np.abs(x).max()):
                h *= 0.5
                continue
            orientation = sign
            crossings.append(len(points))
        if mu_end is not None and x_new[-1] >= mu_end:
            frac = (mu_end - x[-1]) / (x_new[-1] - x[-1])
            v = newton_fixed(system, x[:-1] + frac * (x_new[:-1] - x[:-1]), mu_end, max_newton)
            if v is None:
                h *= 0.5
                continue
            x_end = np.concatenate([v, [mu_end]])
            points.append(x_end)
            taken.append(float(np.linalg.norm(x_end - x)))
            if on_step is not None:
                on_step()
            return Trace(points, taken, crossings, "reached", steps)
        points.append(x_new)
        taken.append(float(np.linalg.norm(x_new - x)))
        if on_step is not None:
            on_step()
        x, t = x_new, t_new
        h = h / factor
        if mu_end is None and marks and x[-1] >= marks[0]:
            while marks and x[-1] >= marks[0]:
                marks.pop(0)
            if checkpoint(x) or not marks:
                return Trace(points, taken, crossings, "reached", steps)
    return Trace(points, taken, crossings, "max_steps", steps)
