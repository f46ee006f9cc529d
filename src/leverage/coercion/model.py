"""Calibrated coercion with complete information: restrict, then the target stays or exits.

Export controls work as valves: a coercer (China, for rare earths) can narrow
licences part of the way rather than cut supply off. An embargo drives the
target to build other supply (Japan after 2010), costs the coercer trust in
every other market, and invites counter-leverage. :class:`CoercionModel`
finds the coercer's subgame-perfect restriction and says which of four
regimes holds: the status quo, calibrated coercion, squeeze-and-lose, or an
embargo the target accepts.

Players, timing and payoffs
---------------------------
- The coercer C commits to a restriction ``r`` in ``[0, 1]`` (any level by
  default; levels on a grid if the model is given ``levels``).
- The target T observes ``r`` and chooses once: **Stay** or **Exit** (build
  other supply).
- While T depends on C -- for ever if it stays, for the build time ``tau`` if
  it exits -- C receives per period ``R (1 - r) + c L r - lam r**2``, minus
  ``X r`` while a departing T hits back, and T loses ``L r`` per period. After
  the build C gets nothing more from T, and T pays ``K`` at completion.

Payoffs are present values in units of the coercer's rent per period (see
:mod:`leverage.coercion.payoffs` for the formulas). The target stays iff
``r <= K (1 - dt) / L``, the *diversification threshold*.

Tie rule
--------
**The target stays when indifferent; the coercer takes the lowest optimal
restriction.** With a continuum of levels the first half is forced: if the
target left at the threshold, the coercer's best restriction would not exist
(every level below the threshold would be beaten by one closer to it). In the
game tree, and when comparing the coercer's options, indifference is judged
by the library's tolerance rule (:mod:`leverage.tolerance`) over the tree's
terminal payoffs. A result that rests on the coercer's indifference says so
(:attr:`CoercionOutcome.on_boundary`); one that rests on the target's
indifference at the threshold (:attr:`CoercionOutcome.target_indifferent`) is
the limit of the optimum from below and moves continuously with the payoffs.

How the optimum is found
------------------------
By optimisation over all ``r``: the coercer's value given the target's best
reply is maximised on the levels the target accepts (the value of *keeping*
it) and on the levels it leaves at (the value of *squeezing* a departing
target), each by a grid and bounded Brent (:func:`maximise_on_interval`); the
better branch wins. Closed forms for special cases are the tests' oracles,
never used here. The reported profile is then checked on the game tree: its
regret (the largest gain from deviating at any node) must be within the
tolerance rule.

References
----------
E. Gholz and L. Hughes (2021), "Market structure and economic sanctions: the
2010 rare earth elements episode", Review of International Political Economy 28(3).
R. Selten (1965), subgame perfection; M. J. Osborne and A. Rubinstein (1994),
A Course in Game Theory, chapter 6.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leverage.coercion.payoffs import (
    check_coercion_values,
    check_restriction,
    coercer_present_values,
    coercion_parameters,
    diversification_threshold,
    maximise_on_interval,
    replace_values,
    target_present_values,
)
from leverage.game import Game
from leverage.parameters import ParameterSet
from leverage.results import UnverifiedEquilibriumError
from leverage.sequential import GameTree
from leverage.nodes import Decision, Terminal
from leverage.tolerance import LEVEL_ATOL, tolerances

__all__ = [
    "ACTIONS",
    "PLAYERS",
    "REGIMES",
    "CoercionModel",
    "CoercionOutcome",
    "level_name",
]

#: The target's actions, in tie-breaking order (it stays when indifferent).
ACTIONS: tuple[str, str] = ("Stay", "Exit")
#: The players, in payoff order.
PLAYERS: tuple[str, str] = ("Coercer", "Target")
#: The regimes, as :attr:`CoercionOutcome.regime` names them.
REGIMES: tuple[str, ...] = ("status quo", "calibrated", "squeeze-and-lose", "embargo accepted")

#: Levels of the default game tree of a model without a grid (the optimum and the threshold are added).
TREE_LEVELS: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)
#: Levels on which a continuous optimum is verified (with the optimum, the threshold and both branches' best).
VERIFY_LEVELS: np.ndarray = np.linspace(0.0, 1.0, 21)
#: Two optimal levels farther apart than this put the result on a boundary (the coercer's choice is not pinned down).
_SAME_LEVEL = LEVEL_ATOL
#: Bisection steps locating the first level the target leaves at (each halves the bracket in [0, 1]).
_BISECTION_STEPS = 80


def _target_tolerance(v: Mapping[str, float]) -> float:
    """The target's tolerance: the library's rule over its payoffs at every level (linear in r: the ends suffice)."""
    ts, te = target_present_values(v, np.array([0.0, 1.0]))
    return float(tolerances([np.concatenate([ts, te])])[0])


def _stays(v: Mapping[str, float], r: np.ndarray, tol_t: float) -> np.ndarray:
    """The target's answer by the tie rule: it stays unless exiting is better by more than its tolerance."""
    ts, te = target_present_values(v, r)
    return np.asarray(ts >= te - tol_t)


def _first_exit(v: Mapping[str, float], tol_t: float) -> float:
    """The lowest level at which the target exits by the tie rule (``inf`` if it never does), by bisection.

    The target accepts ``r = 0`` (exiting costs it ``dt**tau K >= 0`` there) and its
    advantage from staying falls with ``r``, so its answer switches once.
    """
    if bool(_stays(v, np.array(1.0), tol_t)):
        return float("inf")
    lo, hi = 0.0, 1.0
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if bool(_stays(v, np.array(mid), tol_t)):
            lo = mid
        else:
            hi = mid
    return hi


def level_name(r: float) -> str:
    """The name of the coercer's action ``r`` in the game tree: ``"r=0.25"`` (12 significant digits).

    Examples
    --------
    >>> level_name(0.25), level_name(1 / 6)
    ('r=0.25', 'r=0.166666666667')
    """
    if isinstance(r, (bool, np.bool_)) or not isinstance(r, (int, float, np.integer, np.floating)):
        raise TypeError(f"level_name(): r must be a number; got {r!r}")
    return f"r={float(r):.12g}"


def _merge_levels(first: Sequence[float], rest: Sequence[float]) -> np.ndarray:
    """The levels of ``first`` then those of ``rest`` whose names differ from all kept so far, sorted."""
    kept: dict[str, float] = {}
    for x in list(first) + list(rest):
        x = float(x)
        if 0.0 <= x <= 1.0 and np.isfinite(x):
            kept.setdefault(level_name(x), x)
    return np.array(sorted(kept.values()))


def _coercer_tolerance(v: Mapping[str, float], levels: np.ndarray) -> float:
    """The coercer's tolerance: the library's rule over its payoffs on a tree with these levels."""
    cs, ce = coercer_present_values(v, levels)
    return float(tolerances([np.concatenate([cs, ce])])[0])


def _choose(cands: list[tuple[float, float, bool]], tol_c: float) -> tuple[float, float, bool, bool]:
    """The lowest optimal candidate ``(level, value, stays)``, and whether another optimal one differs."""
    best = max(c[1] for c in cands)
    ties = [c for c in cands if c[1] >= best - tol_c]
    r_opt, value, stays = min(ties, key=lambda c: c[0])
    label = regime_of(r_opt, stays)
    on_boundary = any(regime_of(x, st) != label or abs(x - r_opt) > _SAME_LEVEL for x, _, st in ties)
    return float(r_opt), float(value), bool(stays), bool(on_boundary)


def regime_of(r: float, stays: bool) -> str:
    """The regime of an optimum: restriction ``r`` and whether the target stays."""
    if not stays:
        return "squeeze-and-lose"
    if r == 0.0:
        return "status quo"
    return "embargo accepted" if r == 1.0 else "calibrated"


@dataclass(frozen=True, eq=False)
class CoercionOutcome:
    """The coercer's subgame-perfect restriction, the target's answer and the evidence.

    Attributes
    ----------
    optimal_restriction : float
        The coercer's choice (the lowest optimal level).
    answer : str
        The target's answer to it, ``"Stay"`` or ``"Exit"``.
    threshold : float
        The diversification threshold ``K (1 - dt) / L`` (``inf`` when ``L = 0``).
    optimum, target_value : float
        The coercer's and the target's present values at the optimum.
    status_quo, embargo : float
        The coercer's present value at ``r = 0`` and at ``r = 1`` (given the target's answer).
    keep_restriction, keep_value : float
        The best level the target accepts, and what it is worth to the coercer.
    squeeze_restriction, squeeze_value : float
        The best level the target leaves at, and its value (``nan`` when the
        target never leaves). When the best squeeze lies at the threshold
        itself, where the target stays, no level attains it:
        ``squeeze_value`` is then the supremum and ``squeeze_restriction``
        the threshold.
    regime : str
        ``"status quo"`` (``r = 0``), ``"calibrated"`` (an interior level the
        target accepts), ``"squeeze-and-lose"`` (the target exits) or
        ``"embargo accepted"`` (``r = 1`` and the target stays).
    target_indifferent : bool
        The target's two answers tie at the optimum (within the tolerance
        rule): the optimum sits on the threshold and the tie rule keeps the
        target. The result is the limit from below and moves continuously.
    on_boundary : bool
        The coercer is indifferent (within the tolerance rule) between the
        optimum and another level with another answer or at another place:
        the result sits on a regime boundary, and a small change of the
        payoffs can move it.
    regret : float
        The largest gain from deviating at any node of the game tree on
        :attr:`levels` (the coercer at the root, the target after each
        level), within the tolerance rule.
    levels : numpy.ndarray
        The grid of the game tree on which the profile is verified.
    strategy : dict
        The subgame-perfect profile on that tree, ``{node id: action}``, as
        :func:`leverage.backward_induction` names it.
    method : str
        ``"continuous"`` or ``"grid"``.

    Examples
    --------
    >>> out = CoercionModel().solve()
    >>> out
    CoercionOutcome(r=0.25, Stay (on the threshold); keep 12.5 at r=0.25, squeeze 2 at r=1: keep wins; regime 'calibrated'; regret 0)
    >>> out.winner, out.target_indifferent, out.on_boundary
    ('keep', True, False)
    """

    optimal_restriction: float
    answer: str
    threshold: float
    optimum: float
    target_value: float
    status_quo: float
    embargo: float
    keep_restriction: float
    keep_value: float
    squeeze_restriction: float
    squeeze_value: float
    regime: str
    target_indifferent: bool
    on_boundary: bool
    regret: float
    levels: np.ndarray = field(repr=False)
    strategy: Mapping[str, str] = field(repr=False)
    method: str = "continuous"

    @property
    def winner(self) -> str:
        """``"keep"`` when the optimum keeps the target, ``"squeeze"`` when it drives the target out."""
        return "keep" if self.answer == "Stay" else "squeeze"

    def __repr__(self) -> str:
        where = " (on the threshold)" if self.target_indifferent else ""
        squeeze = ("no squeeze (the target never exits)" if np.isnan(self.squeeze_value) else
                   f"squeeze {self.squeeze_value:.6g} at r={self.squeeze_restriction:.6g}")
        tie = "; on a regime boundary" if self.on_boundary else ""
        return (
            f"CoercionOutcome(r={self.optimal_restriction:.6g}, {self.answer}{where}; "
            f"keep {self.keep_value:.6g} at r={self.keep_restriction:.6g}, {squeeze}: {self.winner} wins; "
            f"regime {self.regime!r}{tie}; regret {self.regret:.3g})"
        )


class CoercionModel:
    """The calibrated-coercion game: the coercer restricts, the target stays or exits.

    See the module docstring for timing, payoffs (present values, in units of
    the coercer's rent per period) and the tie rule.

    Parameters
    ----------
    parameters : ParameterSet, optional
        The parameters (default :func:`coercion_parameters`): ``rent`` R,
        ``target_loss`` L, ``concession_share`` c, ``diversification_cost``
        K, ``build_time`` tau, ``coercer_discount`` dc, ``target_discount``
        dt, ``counter_leverage`` X, ``reliability_loss`` lam. Other names are
        ignored.
    levels : array_like, optional
        Restriction levels the coercer may choose, in ``[0, 1]``. Default:
        any level (continuous).

    Raises
    ------
    TypeError
        If ``parameters`` is not a ParameterSet or a value is not a number.
    UnknownNameError
        If a parameter is missing (a ``KeyError`` and a ``ValueError``).
    ValueError
        If a value is out of bounds (a discount factor outside ``(0, 1)``, a
        negative cost, loss, rent, build time, counter-leverage or
        reliability loss, a concession share outside ``[0, 1]``) or a level
        lies outside ``[0, 1]`` or ``levels`` is empty.

    Examples
    --------
    The worked example (rent 1, loss 4, concession share 0.5, diversification
    cost 10, discount factors 0.9, build time 1): the coercer restricts up to
    the threshold 0.25 and keeps the target.

    >>> out = CoercionModel().solve()
    >>> round(out.threshold, 9), round(out.optimal_restriction, 9), out.answer, out.regime
    (0.25, 0.25, 'Stay', 'calibrated')
    >>> round(out.optimum, 6), round(out.status_quo, 6), round(out.embargo, 6)
    (12.5, 10.0, 2.0)

    A long build makes squeezing a departing target pay:

    >>> out = CoercionModel().solve(build_time=10)
    >>> out.optimal_restriction, out.answer, round(out.optimum, 3), out.regime
    (1.0, 'Exit', 13.026, 'squeeze-and-lose')
    """

    def __init__(self, parameters: ParameterSet | None = None, levels: Any = None) -> None:
        caller = "CoercionModel()"
        ps = coercion_parameters() if parameters is None else parameters
        if not isinstance(ps, ParameterSet):
            raise TypeError(f"{caller}: parameters must be a ParameterSet; got {type(ps).__name__}")
        check_coercion_values(ps.defaults, caller)
        self.parameters = ps
        if levels is None:
            self.levels: np.ndarray | None = None
        else:
            grid = check_restriction(levels, caller, "levels").ravel()
            if grid.size == 0:
                raise ValueError(f"{caller}: levels is empty")
            self.levels = _merge_levels([], grid)

    players = PLAYERS

    def __repr__(self) -> str:
        how = "continuous r" if self.levels is None else f"{len(self.levels)} levels"
        return f"CoercionModel({how}; {', '.join(f'{k}={v:g}' for k, v in self.values().items())})"

    # ------------------------------------------------------------------ values
    def values(self, **overrides: float) -> dict[str, float]:
        """The parameter values, with some replaced (checked against their ranges and bounds).

        Examples
        --------
        >>> CoercionModel().values(build_time=10)["build_time"]
        10.0
        """
        return self._values(overrides, "CoercionModel.values()")

    def _values(self, overrides: Mapping[str, float], caller: str) -> dict[str, float]:
        return check_coercion_values(replace_values(self.parameters, overrides, caller).defaults, caller)

    def threshold(self, **overrides: float) -> float:
        """The diversification threshold ``K (1 - dt) / L``: the target stays at and below it.

        Examples
        --------
        >>> round(CoercionModel().threshold(diversification_cost=15), 9)
        0.375
        """
        return diversification_threshold(self.values(**overrides))

    def stays(self, r: Any, **overrides: float) -> np.ndarray:
        """Whether the target stays at restriction ``r`` (it stays when indifferent, by the tolerance rule).

        Examples
        --------
        >>> CoercionModel().stays([0.2, 0.25, 0.3]).tolist()
        [True, True, False]
        """
        r = check_restriction(r, "CoercionModel.stays()")
        v = self.values(**overrides)
        return _stays(v, r, _target_tolerance(v))

    def value(self, r: Any, **overrides: float) -> np.ndarray:
        """The coercer's present value at restriction ``r``, given the target's best answer.

        Examples
        --------
        >>> CoercionModel().value([0.0, 0.25, 0.5, 1.0]).round(6).tolist()
        [10.0, 12.5, 1.5, 2.0]
        """
        r = check_restriction(r, "CoercionModel.value()")
        v = self.values(**overrides)
        stay, exit_ = coercer_present_values(v, r)
        return np.where(_stays(v, r, _target_tolerance(v)), stay, exit_)

    # ------------------------------------------------------------------ solving
    def solve(self, **overrides: float) -> CoercionOutcome:
        """The coercer's subgame-perfect restriction, verified on the game tree.

        Parameters
        ----------
        **overrides : float
            Parameter values replacing the calibrated ones (checked against ranges).

        Returns
        -------
        CoercionOutcome

        Raises
        ------
        UnverifiedEquilibriumError
            If the profile's regret on the game tree exceeds the tolerance
            rule (a failure of the optimiser; it is refused, not returned).

        Examples
        --------
        A reliability loss makes the coercer stop short of the threshold:

        >>> out = CoercionModel().solve(reliability_loss=3)
        >>> round(out.optimal_restriction, 6), round(out.optimum, 3), out.target_indifferent
        (0.166667, 10.833, False)
        """
        v = self._values(overrides, "CoercionModel.solve()")
        if self.levels is None:
            return self._solve_continuous(v)
        return self._solve_grid(v)

    def regime(self, **values: float) -> str:
        """The regime of the solved model: the :class:`~leverage.sensitivity.regimes.RegimeModel` protocol.

        ``solve(**values).regime``: one of :data:`REGIMES` (status quo,
        calibrated, squeeze-and-lose, embargo accepted). With this method
        and :attr:`parameters` the model goes into
        :func:`leverage.sensitivity.regimes.regime_map` and
        :func:`leverage.sensitivity.regimes.distance_to_flip` as a parametric game does.

        Examples
        --------
        >>> CoercionModel().regime(), CoercionModel().regime(build_time=10)
        ('calibrated', 'squeeze-and-lose')
        """
        return self.solve(**values).regime

    def _solve_continuous(self, v: dict[str, float]) -> CoercionOutcome:
        rt = diversification_threshold(v)
        tol_t = _target_tolerance(v)
        # the target stays up to the threshold and exits from `first_exit` on; in between it is
        # indifferent within the tolerance rule (a band of tolerance width), and neither branch uses it
        first_exit = _first_exit(v, tol_t)

        def keep(r: np.ndarray) -> np.ndarray:
            return coercer_present_values(v, r)[0]

        def squeeze(r: np.ndarray) -> np.ndarray:
            return coercer_present_values(v, r)[1]

        top = 1.0 if first_exit > 1.0 else min(1.0, rt)  # the last level the target accepts
        rk, vk = maximise_on_interval(keep, 0.0, top)
        # candidates (level, value, target stays); the ends of each branch reveal a flat branch
        cands = [(x, float(keep(np.array([x]))[0]), True) for x in (0.0, top)] + [(rk, vk, True)]
        rs, vs = float("nan"), float("nan")
        if first_exit <= 1.0:
            rs, vs = maximise_on_interval(squeeze, first_exit, 1.0)
            cands += [(rs, vs, False), (1.0, float(squeeze(np.array([1.0]))[0]), False)]
        # the tree on which the profile is verified: a grid and every candidate (none lies inside the
        # target's band of indifference); candidates are taken as the tree names them
        levels = _merge_levels([c[0] for c in cands], VERIFY_LEVELS)
        levels = levels[(levels <= top) | (levels >= first_exit)]
        named = {level_name(x): float(x) for x in levels}
        cands = [(named[level_name(x)], float(keep(np.array([named[level_name(x)]]))[0] if st else
                                              squeeze(np.array([named[level_name(x)]]))[0]), st)
                 for x, _, st in cands]
        choice = _choose(cands, _coercer_tolerance(v, levels))
        return self._finish(v, levels, choice, (rk, vk), (rs, vs), "continuous", _stays(v, levels, tol_t))

    def _solve_grid(self, v: dict[str, float]) -> CoercionOutcome:
        levels = self.levels
        assert levels is not None
        cs, ce = coercer_present_values(v, levels)
        ts, te = target_present_values(v, levels)
        tol_c, tol_t = tolerances([np.concatenate([cs, ce]), np.concatenate([ts, te])])
        stays = ts >= te - tol_t  # the tree's rule: the target stays when indifferent within tolerance
        cands = [(float(x), float(s if st else e), bool(st)) for x, s, e, st in zip(levels, cs, ce, stays)]
        kept = [(x, val) for x, val, st in cands if st]
        gone = [(x, val) for x, val, st in cands if not st]
        best_keep = max(kept, key=lambda c: c[1]) if kept else (float("nan"), float("nan"))
        best_gone = max(gone, key=lambda c: c[1]) if gone else (float("nan"), float("nan"))
        return self._finish(v, levels, _choose(cands, float(tol_c)), best_keep, best_gone, "grid", stays)

    def _finish(self, v: dict[str, float], levels: np.ndarray, choice: tuple[float, float, bool, bool],
                best_keep: tuple[float, float], best_squeeze: tuple[float, float], method: str,
                plan: np.ndarray) -> CoercionOutcome:
        r_opt, value, stays, on_boundary = choice
        cs, ce = coercer_present_values(v, levels)
        ts, te = target_present_values(v, levels)
        tol_c, tol_t = tolerances([np.concatenate([cs, ce]), np.concatenate([ts, te])])
        # the profile on the tree: the target's answer at every level, the coercer's choice at the root
        k = int(np.flatnonzero(levels == r_opt)[0])
        plan = plan.copy()
        plan[k] = stays
        node_values_c = np.where(plan, cs, ce)
        chosen_t = np.where(plan, ts, te)
        regret_t = float(np.max(np.maximum(ts, te) - chosen_t))
        regret_c = float(node_values_c.max() - node_values_c[k])
        # the same comparisons as the choice: a value within the tolerance of the best is optimal
        if node_values_c[k] < node_values_c.max() - tol_c or np.any(chosen_t < np.maximum(ts, te) - tol_t):
            who, gain, tol = ("Coercer", regret_c, tol_c) if regret_c - tol_c > regret_t - tol_t else \
                ("Target", regret_t, tol_t)
            raise UnverifiedEquilibriumError(
                f"CoercionModel.solve(): the optimum r={r_opt:.12g} fails verification on the game tree: "
                f"the {who}'s regret {gain:.3g} exceeds the tolerance {tol:.3g}"
            )
        strategy = {"root": level_name(r_opt)}
        for x, st in zip(levels, plan):
            strategy[f"root/{level_name(x)}"] = ACTIONS[0] if st else ACTIONS[1]
        t_stay, t_exit = (float(a[k]) for a in (ts, te))
        answer = ACTIONS[0] if stays else ACTIONS[1]
        sq = float(coercer_present_values(v, 0.0)[0])
        emb_s, emb_e = (float(a) for a in coercer_present_values(v, 1.0))
        return CoercionOutcome(
            optimal_restriction=float(r_opt),
            answer=answer,
            threshold=diversification_threshold(v),
            optimum=float(value),
            target_value=t_stay if stays else t_exit,
            status_quo=sq,
            embargo=emb_s if bool(_stays(v, np.array(1.0), _target_tolerance(v))) else emb_e,
            keep_restriction=float(best_keep[0]),
            keep_value=float(best_keep[1]),
            squeeze_restriction=float(best_squeeze[0]),
            squeeze_value=float(best_squeeze[1]),
            regime=regime_of(r_opt, stays),
            target_indifferent=bool(abs(t_stay - t_exit) <= tol_t),
            on_boundary=bool(on_boundary),
            regret=max(0.0, regret_c, regret_t),
            levels=levels,
            strategy=strategy,
            method=method,
        )

    # ------------------------------------------------------------------ the game
    def tree(self, levels: Any = None, **overrides: float) -> GameTree:
        """The game tree: the coercer picks a level, then the target stays or exits.

        Parameters
        ----------
        levels : array_like, optional
            The coercer's levels. Default: the model's grid; for a model
            without one, 0, 0.25, 0.5, 0.75 and 1 with the optimum and the
            threshold added (so that the tree's subgame-perfect equilibrium is
            the model's).
        **overrides : float
            Parameter values replacing the calibrated ones.

        Examples
        --------
        >>> from leverage.sequential import backward_induction
        >>> tree = CoercionModel(levels=[0, 0.25, 0.5, 1]).tree()
        >>> backward_induction(tree, ties="first")[0].path
        (('root', 'r=0.25'), ('root/r=0.25', 'Stay'))
        >>> len(backward_induction(tree))   # the target's tie at r = 0.25 gives a second SPE
        2
        """
        caller = "CoercionModel.tree()"
        if levels is not None:
            grid = check_restriction(levels, caller, "levels").ravel()
            if grid.size == 0:
                raise ValueError(f"{caller}: levels is empty")
            grid = _merge_levels([], grid)
        elif self.levels is not None:
            grid = self.levels
        else:
            out = self.solve(**overrides)
            extra = [out.optimal_restriction] + ([out.threshold] if out.threshold <= 1.0 else [])
            grid = _merge_levels(extra, TREE_LEVELS)
        v = self.values(**overrides)
        cs, ce = coercer_present_values(v, grid)
        ts, te = target_present_values(v, grid)
        root = Decision(PLAYERS[0], {
            level_name(x): Decision(PLAYERS[1], {ACTIONS[0]: Terminal([cs[i], ts[i]]),
                                                 ACTIONS[1]: Terminal([ce[i], te[i]])})
            for i, x in enumerate(grid)
        })
        return GameTree(root, players=PLAYERS)

    def game(self, levels: Any = None, **overrides: float) -> Game:
        """The normal form of :meth:`tree`: ``tree(levels, **overrides).to_game()``.

        The target's strategies are its plans, one answer per level, so the
        game has ``len(levels) * 2**len(levels)`` cells: keep the grid small.

        Examples
        --------
        >>> g = CoercionModel().game(levels=[0, 0.25, 1])
        >>> g.strategies[0], len(g.strategies[1])
        (('r=0', 'r=0.25', 'r=1'), 8)
        """
        return self.tree(levels, **overrides).to_game()
