"""Logit quantal response equilibrium (QRE): points, the principal branch, and its limit.

In a logit QRE at precision ``lam`` every player ``i`` plays each pure strategy
``s`` with probability proportional to ``exp(lam * u_i(s, sigma_-i))``, where
``u_i(s, sigma_-i)`` is the expected payoff of ``s`` against the others' mixed
strategies (McKelvey and Palfrey 1995). At ``lam = 0`` everyone
randomises uniformly; as ``lam`` grows, the *principal branch* of QRE that
starts there converges, for almost every game, to one Nash equilibrium: the
*logit selection*.

``lam`` multiplies the game's **raw** payoffs, as in Gambit's ``gambit-logit``.
:func:`qre` solves at one precision, :func:`qre_path` traces the principal
branch by pseudo-arclength continuation and polishes its end point into a
verified Nash equilibrium, and :func:`logit_equilibrium` returns that limit
only. A profile that fails verification is never returned.

The equations and the tracer are in :mod:`leverage.solvers.qre_continuation`;
the support polish of the limit is here. The method -- units of ``lam``, the
equations, continuation through turning points and bifurcations, how the
limit is polished and confirmed, and the limitations in nearly degenerate
games -- is explained in ``docs/explanation/qre.md`` ("How the logit QRE
branch is traced and its limit found"); how to use it, in ``docs/qre.md``.

References
----------
R. D. McKelvey and T. R. Palfrey (1995), "Quantal response equilibria for
normal form games", Games and Economic Behavior 10(1), 6-38.
T. L. Turocy (2005), "A dynamic homotopy interpretation of the logistic
quantal response equilibrium correspondence", Games and Economic Behavior
51(2), 243-263.
E. L. Allgower and K. Georg (1990), Numerical Continuation Methods: An
Introduction, Springer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leverage.checks import renamed
from leverage.progress import check_progress, progress_bar
from leverage.game import Game, as_profile, check_game, strategy_payoffs
from leverage.results import (
    Equilibrium,
    SolverError,
    UnverifiedEquilibriumError,
    format_profile,
    verified_equilibrium,
)
from leverage.solvers.qre_continuation import (
    newton_fixed,
    pair_payoffs,
    scaled_system,
    trace_branch,
)
from leverage.tolerance import PROBABILITY_ATOL, QRE_AGREEMENT, QRE_POLISH_FTOL, TINY

__all__ = [
    "QREPoint",
    "QREPath",
    "qre",
    "qre_path",
    "logit_equilibrium",
    "DEFAULT_MAX_STEPS",
    "DEFAULT_MAX_NEWTON",
    "MAX_QRE_PRECISION",
]

#: Largest dimensionless precision ``lam * scale`` :func:`qre` accepts (the precision at which the
#: default path makes its last check). Beyond it the logit response is a best response to double
#: precision and the convergence test, scaled by ``lam``, no longer tells a QRE from a wrong point.
MAX_QRE_PRECISION = 1e10

#: Default bound on the number of continuation steps (accepted or rejected) of a path.
DEFAULT_MAX_STEPS = 2000
#: Default bound on the Newton iterations of one corrector step.
DEFAULT_MAX_NEWTON = 8
#: Bound on the Newton iterations of a solve at fixed ``lam`` and of a support polish.
_MAX_NEWTON_FIXED = 50

#: Default arclength of the first step and largest growth factor of the step length.
_FIRST_STEP = 0.03
_MAX_ACCEL = 1.5
#: Two polished equilibria agree when their strategies differ by at most this ...
_AGREEMENT = QRE_AGREEMENT
#: ... or when they are closer together than this fraction of the previous two, and
#: within this distance of each other.
_CONVERGING = 0.5
_CONVERGED = 1e-3

#: Support polish: converged when the indifference residual (payoffs / range) is below this,
#: and solved probabilities above ``-_NEGATIVE`` count as non-negative.
_POLISH_FTOL = QRE_POLISH_FTOL
_NEGATIVE = PROBABILITY_ATOL

_STATUS_MESSAGES = {
    "converged": "the limit was polished from the end point and verified",
    "reached": "the path reached max_lam",
    "polish_failed": "no candidate support polished to a verified Nash equilibrium",
    "not_confirmed": "the equilibria polished at successive precisions never confirmed each other",
    "max_steps": "the path used all max_steps steps before reaching its end",
    "breakdown": "the step length fell below its minimum (the corrector kept failing)",
}


# ---------------------------------------------------------------------- results
def _freeze(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class QREPoint:
    """A logit quantal response equilibrium at one precision.

    Attributes
    ----------
    lam : float
        Precision, in raw payoff units (see :mod:`leverage.solvers.qre`).
    strategies : tuple of numpy.ndarray
        One probability vector per player; every entry is positive in exact
        arithmetic (at large ``lam`` the smallest ones may underflow to 0).
    residual : float
        ``max |sigma_i(s) - logit_i(s)|`` over players and strategies, where
        ``logit_i`` is the logit response ``exp(lam u_i(s, sigma_-i)) / sum_t
        exp(lam u_i(t, sigma_-i))`` to the profile itself.
    converged : bool
        Whether Newton's method converged (the residual is then at the level
        of rounding error). Check it: an unconverged point is returned with
        ``converged=False``, its residual and ``message``, not as a QRE.
    message : str
        How the point was computed, or why it did not converge.
    players, strategy_names : tuple
        Names used by ``repr``.

    Examples
    --------
    >>> from leverage import Game
    >>> pennies = Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> qre(pennies, 2.0)
    QREPoint(lam 2; Player 1: s1 0.5, s2 0.5; Player 2: s1 0.5, s2 0.5; residual ...; converged)
    """

    lam: float
    strategies: tuple[np.ndarray, ...]
    residual: float
    converged: bool
    message: str = ""
    players: tuple[str, ...] = field(default=(), repr=False)
    strategy_names: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    def __repr__(self) -> str:
        profile = format_profile(self.strategies, self.players, self.strategy_names)
        flag = "converged" if self.converged else "NOT converged"
        return f"QREPoint(lam {self.lam:.6g}; {profile}; residual {self.residual:.3g}; {flag})"


@dataclass(frozen=True, eq=False)
class QREPath:
    """The principal branch of the logit QRE correspondence, and its limit.

    Attributes
    ----------
    lam : numpy.ndarray
        Precision at each point, shape ``(K,)``, raw payoff units; starts at 0.
        Not monotone where the branch bends back.
    strategies : tuple of numpy.ndarray
        Player ``i``'s mixed strategy at each point, shape ``(K, m_i)``.
    residuals : numpy.ndarray
        Logit-equation residual of each point (as in :attr:`QREPoint.residual`).
    arclength : numpy.ndarray
        Cumulative arclength of the branch in the variables of the tracer:
        log-probabilities and ``lam * scale``.
    limit : Equilibrium or None
        The verified Nash equilibrium polished from the end point (the logit
        selection), or None when the path could not produce one; ``status``
        and ``message`` then say why.
    status : str
        ``"converged"``: ``limit`` was found and verified (and, with the
        default ``max_lam=None``, confirmed at two successive precisions);
        ``"polish_failed"``: the end point polished to no verified
        equilibrium; ``"not_confirmed"``: with ``max_lam=None``, the polished
        equilibria never agreed up to the largest precision tried;
        ``"max_steps"``: the step bound was reached first; ``"breakdown"``:
        the corrector kept failing at ever shorter steps.
    message : str
        A sentence explaining ``status``.
    scale : float
        The common payoff scale: ``lam * scale`` is the dimensionless precision.
    steps : int
        Continuation steps taken, rejected ones included.
    bifurcations : numpy.ndarray
        Indices of the points reached by crossing a bifurcation point of the
        correspondence (where the tangent's orientation flips). Generic games
        have none; games with exact symmetries or ties can, and the branch is
        then continued straight through (see :func:`qre_path`).
    players, strategy_names : tuple
        Names of the game.

    Examples
    --------
    >>> from leverage import Game
    >>> coordination = Game.from_bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]])
    >>> path = qre_path(coordination)
    >>> path.status, path.limit.support
    ('converged', ((0,), (0,)))
    >>> float(path.lam[0]), path.strategies[0][0]
    (0.0, array([0.5, 0.5]))
    """

    lam: np.ndarray
    strategies: tuple[np.ndarray, ...]
    residuals: np.ndarray
    arclength: np.ndarray
    limit: Equilibrium | None
    status: str
    message: str
    scale: float
    steps: int
    bifurcations: np.ndarray
    players: tuple[str, ...] = field(default=(), repr=False)
    strategy_names: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    def __len__(self) -> int:
        return len(self.lam)

    def __repr__(self) -> str:
        end = f"{self.lam[-1]:.6g}" if len(self.lam) else "-"
        return (
            f"QREPath({len(self.lam)} points, lam 0 to {end}; status {self.status!r}; "
            f"limit {self.limit!r})"
        )

    def point(self, k: int) -> QREPoint:
        """The ``k``-th point of the path as a :class:`QREPoint`.

        Examples
        --------
        >>> from leverage import Game
        >>> g = Game.from_bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]])
        >>> qre_path(g, max_lam=1.0).point(-1).lam
        1.0
        """
        k = range(len(self.lam))[k]
        return QREPoint(
            lam=float(self.lam[k]),
            strategies=tuple(_freeze(s[k].copy()) for s in self.strategies),
            residual=float(self.residuals[k]),
            converged=True,
            message=f"point {k} of a path",
            players=self.players,
            strategy_names=self.strategy_names,
        )

    @property
    def end(self) -> QREPoint:
        """The last point traced."""
        return self.point(-1)

    @property
    def turning_points(self) -> np.ndarray:
        """Indices of the points where ``lam`` turns (the branch bends back, or forward again).

        Examples
        --------
        >>> from leverage import Game
        >>> g = Game.from_bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]])
        >>> qre_path(g).turning_points
        array([], dtype=int64)
        """
        signs = np.sign(np.diff(self.lam))
        idx = np.flatnonzero(signs[1:] * signs[:-1] < 0) + 1
        return idx.astype(np.int64)


# ---------------------------------------------------------------------- validation
def _check_real(value: Any, name: str, caller: str) -> float:
    if isinstance(value, (bool, np.bool_, str, bytes)):
        raise TypeError(f"{caller}(): {name} must be a number; got {value!r}")
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}(): {name} must be a number; got {value!r}") from None
    if not math.isfinite(out):
        raise ValueError(f"{caller}(): {name} must be finite; got {value!r}")
    return out


def _check_count(value: Any, name: str, caller: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{caller}(): {name} must be a positive int; got {value!r}")
    return int(value)


def _check_options(first_step: Any, max_accel: Any, max_steps: Any, max_newton: Any, caller: str) -> tuple:
    h0 = _check_real(first_step, "first_step", caller)
    if h0 <= 0:
        raise ValueError(f"{caller}(): first_step must be positive; got {first_step!r}")
    accel = _check_real(max_accel, "max_accel", caller)
    if accel < 1:
        raise ValueError(f"{caller}(): max_accel must be at least 1; got {max_accel!r}")
    return h0, accel, _check_count(max_steps, "max_steps", caller), _check_count(max_newton, "max_newton", caller)


# ---------------------------------------------------------------------- polishing
def _support_system(
    u: Sequence[np.ndarray], sigma: list[np.ndarray], supports: Sequence[np.ndarray], columns: list[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray]:
    """Indifference conditions on the supports, and their Jacobian in the support probabilities."""
    n = len(u)
    rows_F, rows_J = [], []
    col_index = {c: k for k, c in enumerate(columns)}
    for i in range(n):
        S = supports[i]
        ref = S[0]
        pairs = {j: pair_payoffs(u[i], sigma, i, j) for j in range(n) if j != i}
        if n == 1:
            Ui = u[0]
        else:
            j0 = 1 if i == 0 else 0
            Ui = pairs[j0] @ sigma[j0]
        for s in S[1:]:
            rows_F.append(Ui[s] - Ui[ref])
            row = np.zeros(len(columns))
            for j, Mij in pairs.items():
                for t in supports[j]:
                    row[col_index[(j, t)]] = Mij[s, t] - Mij[ref, t]
            rows_J.append(row)
        rows_F.append(sigma[i][S].sum() - 1.0)
        row = np.zeros(len(columns))
        for t in S:
            row[col_index[(i, t)]] = 1.0
        rows_J.append(row)
    return np.array(rows_F), np.array(rows_J)


def _solve_support(
    u: Sequence[np.ndarray], start: Sequence[np.ndarray], supports: Sequence[np.ndarray]
) -> list[np.ndarray] | None:
    """Newton (least-squares steps) on the support's indifference system, from ``start``."""
    sigma = []
    for p, S in zip(start, supports):
        q = np.zeros(len(p))
        q[S] = p[S] / p[S].sum()
        sigma.append(q)
    columns = [(i, int(t)) for i, S in enumerate(supports) for t in S]
    previous = math.inf
    for _ in range(_MAX_NEWTON_FIXED):
        F, J = _support_system(u, sigma, supports, columns)
        size = float(np.abs(F).max())
        if size <= _POLISH_FTOL:
            break
        if not size < 0.5 * previous:  # no solution here (an inconsistent system, or divergence)
            return None
        previous = size
        dx = np.linalg.lstsq(J, -F, rcond=None)[0]
        if not np.all(np.isfinite(dx)):
            return None
        for k, (i, t) in enumerate(columns):
            sigma[i][t] += dx[k]
    else:
        return None
    if any(np.any(q < -_NEGATIVE) for q in sigma):
        return None
    return [np.clip(q, 0.0, None) / np.clip(q, 0.0, None).sum() for q in sigma]


def _candidate_supports(u: Sequence[np.ndarray], sigma: Sequence[np.ndarray]) -> list[list[np.ndarray]]:
    """Supports read off a profile: for each distinct threshold, the strategies whose
    payoff gap to the best response (relative to the range) is at most the threshold."""
    values = [strategy_payoffs(u[i], sigma, i) for i in range(len(u))]
    gaps = [Ui.max() - Ui for Ui in values]
    thresholds = np.unique(np.concatenate(gaps))
    out, seen = [], set()
    for theta in thresholds:
        supports = [np.flatnonzero(g <= theta) for g in gaps]
        key = tuple(tuple(S) for S in supports)
        if key not in seen:
            seen.add(key)
            out.append(supports)
    return out


def _polish(game: Game, sigma: Sequence[np.ndarray], radius: float = 0.0) -> Equilibrium | None:
    """A verified equilibrium solved on one of the candidate supports read off ``sigma``.

    Among the verified ones, those within ``radius`` of ``sigma`` (or, if none,
    the nearest) are kept, and of these the one with the fewest strategies in
    its support, then the nearest, is returned. ``radius`` is how far the path
    itself still moves: a strategy whose probability is vanishing along the
    path, but is still above 0 at ``sigma``, is then dropped rather than kept
    as a tiny weight (a degenerate game's equilibria can keep it).
    """
    scale = game.payoff_scale
    u = [(np.asarray(p, dtype=float) - p.min()) / s for p, s in zip(game.payoffs, scale)]
    verified = []
    for supports in _candidate_supports(u, sigma):
        profile = _solve_support(u, sigma, supports)
        if profile is None:
            continue
        try:
            eq = verified_equilibrium(game, profile, "logit")
        except UnverifiedEquilibriumError:
            continue
        distance = math.sqrt(sum(float(((a - b) ** 2).sum()) for a, b in zip(eq.strategies, sigma)))
        verified.append((sum(len(S) for S in eq.support), distance, eq))
    if not verified:
        return None
    reach = max(radius, min(d for _, d, _ in verified))
    return min((item for item in verified if item[1] <= reach), key=lambda item: item[:2])[2]


def _distance(a: Equilibrium, b: Equilibrium) -> float:
    return max(float(np.abs(x - y).max()) for x, y in zip(a.strategies, b.strategies))


def _confirmed(found: Sequence[Equilibrium | None]) -> bool:
    """Whether the equilibria polished at the last checkpoints confirm each other.

    The last two either coincide (within :data:`_AGREEMENT`: an isolated
    equilibrium), or, after a third one, lie closer together than the previous
    two and within :data:`_CONVERGED` (the path converging, slowly, into a
    continuum of equilibria, as in degenerate games).
    """
    if len(found) < 2 or found[-1] is None or found[-2] is None:
        return False
    last = _distance(found[-1], found[-2])
    if last <= _AGREEMENT:
        return True
    if len(found) < 3 or found[-3] is None:
        return False
    return last <= _CONVERGED and last <= _CONVERGING * _distance(found[-2], found[-3])


# ---------------------------------------------------------------------- public API
def qre(
    game: Game,
    lam: float,
    start: QREPoint | Sequence[Any] | None = None,
    *,
    max_steps: int = DEFAULT_MAX_STEPS,
    max_newton: int = DEFAULT_MAX_NEWTON,
    progress: bool = False,
) -> QREPoint:
    """The logit quantal response equilibrium of ``game`` at precision ``lam``.

    Solves ``sigma_i(s) = exp(lam u_i(s, sigma_-i)) / sum_t exp(lam u_i(t,
    sigma_-i))`` for every player by Newton's method on the log-probability
    formulation (Turocy 2005). With ``start``, Newton starts there (a warm
    start, e.g. the QRE at a nearby ``lam``); without it, or if that fails,
    the principal branch is traced from ``lam = 0`` to ``lam`` and its first
    point at ``lam`` is returned.

    Parameters
    ----------
    game : Game
        Any number of players.
    lam : float
        Precision, finite and non-negative, in **raw payoff units** (as in
        Gambit): ``lam = 0`` is uniform play, large ``lam`` near-best
        responses; multiplying every payoff by ``c`` has the effect of
        multiplying ``lam`` by ``c``.
    start : QREPoint or profile, optional
        Warm start: a :class:`QREPoint` or one probability vector per player.
        Newton converges to the QRE nearest ``start``, which need not lie on
        the principal branch (games can have several QRE at one ``lam``).
    max_steps, max_newton : int
        Bounds on continuation steps and on Newton iterations per step.
    progress : bool
        Show a :mod:`tqdm` progress bar counting the continuation steps
        when the branch is traced (nothing moves when Newton's method from
        ``start`` succeeds).

    Returns
    -------
    QREPoint
        With ``converged=False`` (and a ``message``) if no method converged
        within the bounds: check ``converged`` before using the point.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~leverage.Game` or ``lam`` is not a number.
    ValueError
        If ``lam`` is negative or not finite, ``lam`` times the game's payoff
        scale exceeds :data:`MAX_QRE_PRECISION` (for the limit of large
        ``lam`` use :func:`logit_equilibrium`), or ``start`` is not a profile
        of the game.

    References
    ----------
    McKelvey and Palfrey (1995), the definition; Turocy (2005), the log-probability formulation.

    Examples
    --------
    A row player facing a column player with a dominant strategy: the column
    player's logit response does not depend on the row player, so the QRE has
    a closed form.

    >>> import numpy as np
    >>> from leverage import Game
    >>> g = Game.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [1, 0]])
    >>> point = qre(g, 2.0)
    >>> q = 1 / (1 + np.exp(-2.0))
    >>> p = 1 / (1 + np.exp(-2.0 * (3 * q - (1 - q))))
    >>> np.allclose(point.strategies[0], [p, 1 - p]), np.allclose(point.strategies[1], [q, 1 - q])
    (True, True)
    >>> point.residual < 1e-12, point.converged
    (True, True)
    >>> qre(g, 2.5, start=point).converged
    True
    """
    caller = "qre"
    game = check_game(game, caller)
    lam = _check_real(lam, "lam", caller)
    if lam < 0:
        raise ValueError(f"{caller}(): lam must be non-negative; got {lam!r}")
    _, _, max_steps, max_newton = _check_options(_FIRST_STEP, _MAX_ACCEL, max_steps, max_newton, caller)
    progress = check_progress(progress, f"{caller}()")
    if start is not None:
        profile = start.strategies if isinstance(start, QREPoint) else start
        start_profile = as_profile(profile, game.shape, f"{caller}(): start")
    scale, system = scaled_system(game)
    mu = lam * scale
    if mu > MAX_QRE_PRECISION:
        raise ValueError(
            f"{caller}(): lam = {lam:g} times the payoff scale {scale:g} is {mu:.3g}, above MAX_QRE_PRECISION = "
            f"{MAX_QRE_PRECISION:g}: the logit equations cannot be resolved in double precision there; "
            f"logit_equilibrium(game) gives the limit of large lam"
        )
    names = {"players": game.players, "strategy_names": game.strategies}

    def point(v: np.ndarray, converged: bool, message: str) -> QREPoint:
        return QREPoint(
            lam=lam,
            strategies=tuple(_freeze(s) for s in system.strategies(v)),
            residual=system.residual(v, mu),
            converged=converged,
            message=message,
            **names,
        )

    if mu == 0:
        return point(system.start()[:-1], True, "uniform play (lam = 0)")
    v0 = None
    if start is not None:
        v0 = np.concatenate([np.log(np.maximum(p, TINY)) for p in start_profile])
        v = newton_fixed(system, v0, mu, _MAX_NEWTON_FIXED)
        if v is not None:
            return point(v, True, "Newton's method from the start given")
    with progress_bar(None, "qre", progress, "step", stacklevel=3) as bar:
        trace = trace_branch(system, mu, None, _FIRST_STEP, _MAX_ACCEL, max_steps, max_newton, bar.update)
    if trace.status == "reached":
        return point(trace.points[-1][:-1], True, "traced along the principal branch from lam = 0")
    fallback = v0 if v0 is not None else trace.points[-1][:-1]
    return point(
        fallback,
        False,
        f"did not converge: {_STATUS_MESSAGES[trace.status]} (at lam = {trace.points[-1][-1] / scale:.6g})",
    )


def qre_path(
    game: Game,
    max_lam: float | None = None,
    *,
    first_step: float = _FIRST_STEP,
    max_accel: float = _MAX_ACCEL,
    max_steps: int = DEFAULT_MAX_STEPS,
    max_newton: int = DEFAULT_MAX_NEWTON,
    progress: bool = False,
) -> QREPath:
    """Trace the principal branch of logit QRE from ``lam = 0`` and find its limit.

    Pseudo-arclength continuation on ``H(v, lam) = 0`` (see
    :mod:`leverage.solvers.qre`): tangent predictor, Newton corrector,
    adaptive steps; the branch is followed through turning points where it
    bends back in ``lam``. The end point is then polished into a Nash
    equilibrium -- candidate supports read off the end point, their
    indifference conditions solved by Newton's method, each solution checked
    by :func:`~leverage.results.verified_equilibrium` -- and the verified
    equilibrium nearest the end point is ``limit``.

    Parameters
    ----------
    game : Game
        Any number of players.
    max_lam : float, optional
        Trace up to this precision (raw payoff units, > 0) and polish there
        once: ``limit`` is then a verified equilibrium near the end point, the
        logit selection only if ``max_lam`` is large enough. By default
        (None) the branch is traced until the equilibria polished at
        successive precisions ``lam * scale = 100, 1000, ..., 10**8`` confirm
        each other (see :mod:`leverage.solvers.qre`).
    first_step : float
        Arclength of the first step (Gambit's default 0.03).
    max_accel : float
        Largest factor by which one step can be longer than the previous (>= 1).
    max_steps : int
        Bound on continuation steps, rejected ones included.
    max_newton : int
        Bound on Newton iterations per corrector step.
    progress : bool
        Show a :mod:`tqdm` progress bar counting the accepted continuation
        steps (the points of the path after the first); without tqdm, a
        :class:`~leverage.progress.ProgressWarning` once per process.

    Returns
    -------
    QREPath
        The points of the branch and ``limit``: a verified
        :class:`~leverage.Equilibrium`, or None -- never an unverified profile --
        with ``status`` and ``message`` saying why.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~leverage.Game` or a numeric argument is
        not a number.
    ValueError
        If ``max_lam`` is not a finite number larger than 0, or an option is
        out of range.

    References
    ----------
    McKelvey and Palfrey (1995): the principal branch and its limit.
    Turocy (2005): the log-probability formulation and its tracing.
    Allgower and Georg (1990): Algorithm 2.3.3 and section 6.1.

    Examples
    --------
    In the stag hunt below hunting the hare is risk dominant, and the logit
    selection picks it:

    >>> from leverage import Game
    >>> stag_hunt = Game.from_bimatrix([[5, 0], [4, 2]], [[5, 4], [0, 2]],
    ...                                strategies=(("Stag", "Hare"), ("Stag", "Hare")))
    >>> path = qre_path(stag_hunt)
    >>> path.limit
    Equilibrium(Player 1: Hare 1; Player 2: Hare 1; payoffs (2, 2); regret 0; method 'logit')
    >>> bool(path.lam[-1] > 10), bool(path.residuals.max() < 1e-10)
    (True, True)
    """
    caller = "qre_path"
    game = check_game(game, caller)
    if max_lam is not None:
        max_lam = _check_real(max_lam, "max_lam", caller)
        if max_lam <= 0:
            raise ValueError(f"{caller}(): max_lam must be larger than 0; got {max_lam!r}")
    h0, accel, max_steps, max_newton = _check_options(first_step, max_accel, max_steps, max_newton, caller)
    progress = check_progress(progress, f"{caller}()")
    scale, system = scaled_system(game)
    found: list[Equilibrium | None] = []
    previous: list[tuple[np.ndarray, ...]] = []

    def checkpoint(x: np.ndarray) -> bool:
        sigma = system.strategies(x[:-1])
        moved = max(float(np.abs(a - b).max()) for a, b in zip(sigma, previous[-1])) if previous else 0.0
        previous.append(sigma)
        found.append(_polish(game, sigma, moved))
        return _confirmed(found)

    mu_end = None if max_lam is None else max_lam * scale
    with progress_bar(None, "qre path", progress, "step", stacklevel=3) as bar:
        trace = trace_branch(system, mu_end, checkpoint, h0, accel, max_steps, max_newton, bar.update)
    limit = None
    if trace.status == "reached":
        if max_lam is not None:
            limit = _polish(game, system.strategies(trace.points[-1][:-1]))
            status = "converged" if limit is not None else "polish_failed"
        elif _confirmed(found):
            limit, status = found[-1], "converged"
        else:
            status = "not_confirmed" if any(f is not None for f in found) else "polish_failed"
    else:
        status = trace.status
    X = np.array(trace.points)
    sigma = [system.strategies(x[:-1]) for x in X]
    end_lam = X[-1, -1] / scale
    message = f"{_STATUS_MESSAGES[status]} (end point at lam = {end_lam:.6g}, {trace.steps} steps)"
    return QREPath(
        lam=_freeze(X[:, -1] / scale),
        strategies=tuple(_freeze(np.array([s[i] for s in sigma])) for i in range(game.n_players)),
        residuals=_freeze(np.array([system.residual(x[:-1], x[-1]) for x in X])),
        arclength=_freeze(np.cumsum(trace.steps_taken)),
        limit=limit,
        status=status,
        message=message,
        scale=scale,
        steps=trace.steps,
        bifurcations=_freeze(np.array(trace.crossings, dtype=np.int64)),
        players=game.players,
        strategy_names=game.strategies,
    )


def logit_equilibrium(game: Game, **options: Any) -> Equilibrium:
    """The logit selection: the verified limit of the principal QRE branch.

    ``qre_path(game, **options).limit``, raising instead of returning None.

    Raises
    ------
    UnverifiedEquilibriumError
        If the path ended but its end point polished to no verified
        equilibrium (or the polished equilibria never agreed).
    SolverError
        If the path stopped early (step bound, breakdown).

    Examples
    --------
    >>> from leverage import Game
    >>> logit_equilibrium(Game.from_bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]])).support
    ((0,), (0,))
    """
    with renamed("qre_path()", "logit_equilibrium()"):
        path = qre_path(game, **options)
    if path.limit is not None:
        return path.limit
    if path.status in ("polish_failed", "not_confirmed"):
        raise UnverifiedEquilibriumError(f"logit_equilibrium(): {path.message}")
    raise SolverError(f"logit_equilibrium(): {path.message}")
