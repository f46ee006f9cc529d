"""Comparative statics: how the equilibrium moves when a parameter moves.

:func:`comparative_statics` gives the derivatives of the selected
equilibrium's mixed strategies and expected payoffs with respect to every
parameter, at one parameter point. Inside a regime -- where the
equilibrium's supports do not change -- the equilibrium is pinned down by the
indifference conditions on its supports,

.. math::

    F(z, \\theta) = \\begin{pmatrix}
        A_{IJ}(\\theta)\\, y_J - v_1 \\mathbf{1} \\\\ \\mathbf{1}^\\top y_J - 1 \\\\
        B_{IJ}(\\theta)^\\top x_I - v_2 \\mathbf{1} \\\\ \\mathbf{1}^\\top x_I - 1
    \\end{pmatrix} = 0,
    \\qquad z = (x_I, y_J, v_1, v_2),

and by the implicit function theorem
:math:`dz/d\\theta = -(\\partial F/\\partial z)^{-1}\\, \\partial F/\\partial \\theta`
(Milgrom and Shannon 1994 discuss when such derivatives have a sign without
this much structure; here they are computed). Three methods are offered:

- ``"symbolic"`` (a :class:`~leverage.solvers.symbolic.SymbolicGame`): the
  indifference conditions are solved in closed form, differentiated with
  sympy and evaluated at the point -- exact;
- ``"implicit"`` (any two-player model): the formula above, with
  :math:`\\partial F/\\partial \\theta` from central differences of the
  payoff function;
- ``"finite"`` (a check): the game is solved again at ``theta +/- h`` and the
  equilibrium with the same supports is differenced.

A pure equilibrium in which every deviation loses strictly is locally
constant: its strategy derivatives are zero and its payoff derivatives are
those of the payoff entry. On a regime boundary -- a tie between a strategy
outside the support and the support, supports of different sizes, or a
singular indifference system -- the equilibrium has a kink or a jump and the
derivative is not defined; :func:`comparative_statics` says so rather than
return one side.

References
----------
P. Milgrom and C. Shannon (1994), "Monotone comparative statics",
Econometrica 62(1), 157-180.

G. Tsebelis (1990), "Are sanctions effective? A game-theoretic analysis",
Journal of Conflict Resolution 34(1), 3-28 (the mixed-equilibrium
comparative statics of the sanctions game).

B. von Stengel (2007), "Equilibrium computation for two-player games in
strategic and extensive form", chapter 3 of Algorithmic Game Theory.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from leverage.checks import UnknownNameError
from leverage.display import require_pandas
from leverage.game import Game, strategy_payoffs
from leverage.parametric import ParametricGame, base_values
from leverage.results import Equilibrium, SolverError, verified_equilibrium
from leverage.solvers.batch import solve_batch
from leverage.sensitivity.sweeps import select_equilibria
from leverage.solvers.enumeration import equilibria
from leverage.solvers.selection import BATCH_RULES
from leverage.solvers.support import SINGULAR_RCOND
from leverage.solvers.symbolic import SymbolicGame
from leverage.solvers.symbolic_expressions import NumpyFunction

__all__ = ["ComparativeStatics", "comparative_statics", "STATICS_METHODS", "DEFAULT_STEP"]

#: Methods understood by :func:`comparative_statics`.
STATICS_METHODS = ("auto", "symbolic", "implicit", "finite")

#: Default relative step of the difference quotients: ``h = step * max(1, |theta|)``.
DEFAULT_STEP = 1e-5

Model = SymbolicGame | ParametricGame


# ----------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class ComparativeStatics:
    """Derivatives of an equilibrium with respect to every parameter, at one point.

    Attributes
    ----------
    equilibrium : Equilibrium
        The selected (verified) equilibrium at the point.
    parameters : tuple of str
        Parameter names, the columns of the derivative arrays.
    at : dict of str to float
        The parameter point.
    strategies : tuple of numpy.ndarray
        ``strategies[i][k, p]`` is the derivative of player ``i``'s
        probability of strategy ``k`` with respect to parameter ``p``; shape
        ``(m_i, len(parameters))``. Each column sums to zero.
    payoffs : numpy.ndarray
        ``payoffs[i, p]``: derivative of player ``i``'s expected payoff,
        shape ``(2, len(parameters))``.
    method : str
        ``"symbolic"``, ``"implicit"`` or ``"finite"``.
    select : str
        The selection rule that chose the equilibrium.
    step : float or None
        Relative step of the difference quotients (None for ``"symbolic"``).
    condition : float
        Condition number of the indifference system at the point (payoffs
        normalised to ``[0, 1]`` per player): large values mean the point is
        near a regime boundary.

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> cs = comparative_statics(export_restriction_game())
    >>> cs.method, cs.equilibrium.support
    ('implicit', ((1,), (0,)))
    >>> bool(np.all(cs.strategies[0] == 0) and np.all(cs.strategies[1] == 0))
    True
    """

    equilibrium: Equilibrium
    parameters: tuple[str, ...]
    at: dict[str, float]
    strategies: tuple[np.ndarray, np.ndarray]
    payoffs: np.ndarray
    method: str
    select: str
    step: float | None
    condition: float
    players: tuple[str, ...] = field(default=(), repr=False)
    strategy_names: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    @property
    def rows(self) -> tuple[str, ...]:
        """Row labels, as the columns of a sweep table: ``p_<player>_<strategy>``, then ``payoff_<player>``."""
        labels = [f"p_{p}_{s}" for p, names in zip(self.players, self.strategy_names) for s in names]
        return tuple(labels + [f"payoff_{p}" for p in self.players])

    def table(self) -> np.ndarray:
        """All derivatives as one array of shape ``(len(rows), len(parameters))``."""
        return np.vstack([self.strategies[0], self.strategies[1], self.payoffs])

    def as_dict(self) -> dict[str, dict[str, float]]:
        """``{row: {parameter: derivative}}`` with the row labels of :attr:`rows`.

        Examples
        --------
        >>> from leverage.scenarios import export_restriction_game
        >>> d = comparative_statics(export_restriction_game()).as_dict()
        >>> list(d)
        ['p_China_Open', 'p_China_License', 'p_China_Embargo', 'p_US_Comply', 'p_US_Diversify', 'payoff_China', 'payoff_US']
        """
        return {
            row: {name: float(v) for name, v in zip(self.parameters, values)}
            for row, values in zip(self.rows, self.table())
        }

    def to_pandas(self) -> Any:
        """The derivatives as a frame: one row per :attr:`rows` label (index ``d/d``), one column per parameter.

        Raises
        ------
        ImportError
            If pandas is not installed (``pip install 'leverage[tables]'``).
        """
        pd = require_pandas("ComparativeStatics.to_pandas()")
        return pd.DataFrame(self.table(), index=pd.Index(list(self.rows), name="d/d"), columns=list(self.parameters))

    def __repr__(self) -> str:
        point = ", ".join(f"{k}={v:g}" for k, v in self.at.items())
        eq = repr(self.equilibrium).split("(", 1)[1].split("; payoffs", 1)[0]
        head = f"ComparativeStatics(method {self.method!r}, select {self.select!r}; at {point}; equilibrium {eq}"
        width = max([len(r) for r in self.rows] + [4])
        cols = [max(12, len(p)) for p in self.parameters]
        lines = [head, "  " + "d/d".ljust(width) + "".join(f"  {p:>{w}}" for p, w in zip(self.parameters, cols))]
        for row, values in zip(self.rows, self.table()):
            cells = "".join(f"  {v + 0.0:>{w}.6g}" for v, w in zip(values, cols))
            lines.append("  " + row.ljust(width) + cells)
        return "\n".join(lines) + ")"


# ----------------------------------------------------------------------------- helpers


def _selected_equilibrium(game: Game, select: str, caller: str) -> Equilibrium:
    """The equilibrium a sweep with rule ``select`` would put in its table for this game."""
    A, B = (u[None] for u in game.payoffs)
    res = solve_batch(A, B)
    if res.status[0] != "ok" or res.count[0] == 0:
        raise SolverError(f"{caller}: the game at this point could not be solved completely (status {res.status[0]!r})")
    pick, _ = select_equilibria(res, A, B, select)
    k = int(pick[0])
    return verified_equilibrium(game, (res.x[0, k], res.y[0, k]), "batch")


def _indifference_jacobian(A: np.ndarray, B: np.ndarray, I: tuple[int, ...], J: tuple[int, ...]) -> np.ndarray:
    """``dF/dz`` of the indifference system, unknowns ``z = (x_I, y_J, v1, v2)``."""
    k = len(I)
    M = np.zeros((2 * k + 2, 2 * k + 2))
    M[:k, k : 2 * k] = A[np.ix_(I, J)]
    M[:k, 2 * k] = -1.0
    M[k, k : 2 * k] = 1.0
    M[k + 1 : 2 * k + 1, :k] = B[np.ix_(I, J)].T
    M[k + 1 : 2 * k + 1, 2 * k + 1] = -1.0
    M[2 * k + 1, :k] = 1.0
    return M


def _regular(game: Game, eq: Equilibrium, caller: str) -> float:
    """Condition number of the indifference system; raise where the derivative is not defined."""
    I, J = eq.support
    boundary = "the derivative is not defined there: the point lies on a regime boundary"
    if len(I) != len(J):
        raise ValueError(
            f"{caller}: the selected equilibrium is degenerate (its supports have {len(I)} and {len(J)} "
            f"strategies); {boundary}"
        )
    tol = game.tolerances()
    for i, support in enumerate(eq.support):
        values = strategy_payoffs(game.payoffs[i], eq.strategies, i)
        ties = [k for k in range(len(values)) if k not in support and values[k] >= values.max() - tol[i]]
        if ties:
            names = ", ".join(repr(game.strategies[i][k]) for k in ties)
            raise ValueError(
                f"{caller}: in the selected equilibrium {game.players[i]}'s strategy {names}, outside the support, "
                f"is also a best response (a tie); {boundary}"
            )
    normalised = []
    for u in game.payoffs:
        spread = float(u.max() - u.min())
        normalised.append((u - u.min()) / spread if spread > 0 else u - u.min())
    sv = np.linalg.svd(_indifference_jacobian(normalised[0], normalised[1], I, J), compute_uv=False)
    if not sv[-1] > SINGULAR_RCOND * sv[0]:
        raise ValueError(f"{caller}: the indifference system of the selected equilibrium is singular; {boundary}")
    return float(sv[0] / sv[-1])


def _stencil(theta: float, low: float, high: float, h: float) -> tuple[tuple[float, float], ...]:
    """Offsets and weights of a second-order difference quotient that stays inside ``[low, high]``.

    Central where possible, one-sided (three points) at an end of the range,
    and central across the range when it is narrower than ``2 h``.
    """
    if theta - h >= low and theta + h <= high:
        return ((-h, -0.5 / h), (h, 0.5 / h))
    if theta + 2 * h <= high:
        return ((0.0, -1.5 / h), (h, 2.0 / h), (2 * h, -0.5 / h))
    if theta - 2 * h >= low:
        return ((0.0, 1.5 / h), (-h, -2.0 / h), (-2 * h, 0.5 / h))
    return ((-h, -0.5 / h), (h, 0.5 / h))


def _payoffs_at(model: Model, values: dict[str, float], caller: str) -> tuple[np.ndarray, np.ndarray]:
    """Numeric payoffs at a point, without the range check (a stencil may leave a zero-width range)."""
    function = model.parametric_game().payoff_function if isinstance(model, SymbolicGame) else model.payoff_function
    out = [np.asarray(u, dtype=float) for u in function(**values)]
    for u in out:
        if u.shape != model.shape or not np.all(np.isfinite(u)):
            point = ", ".join(f"{k}={v:g}" for k, v in values.items())
            raise ValueError(f"{caller}: the payoff function gives no finite payoffs of shape {model.shape} at {point}")
    return out[0], out[1]


def _steps(model: Model, values: dict[str, float], step: float) -> dict[str, tuple[tuple[float, float], ...]]:
    return {
        name: _stencil(values[name], p.low, p.high, step * max(1.0, abs(values[name])))
        for name, p in model.parameters.items()
    }


# ----------------------------------------------------------------------------- methods


def _symbolic(model: SymbolicGame, support: tuple[tuple[int, ...], ...], values: dict[str, float]) -> np.ndarray:
    """Exact derivatives, shape ``(m + n + 2, P)``: closed form on the support, differentiated by sympy."""
    I, J = support
    key = ("statics", I, J)
    cache = model._support_cache
    if key not in cache:
        sol = model._support_solution(I, J)
        if sol is None:  # pragma: no cover - excluded by the regularity check
            raise ValueError("the indifference system is singular for every parameter value")
        symbols = tuple(model.symbols.values())
        exprs = [sympy.diff(e, s) for e in (*sol.x, *sol.y, *sol.payoffs) for s in symbols]
        cache[key] = NumpyFunction(symbols, exprs)
    m, n = model.shape
    out = cache[key](*values.values())
    return out.reshape(m + n + 2, len(values))


def _implicit(model: Model, game: Game, eq: Equilibrium, values: dict[str, float], step: float, caller: str) -> np.ndarray:
    """Implicit-function derivatives, shape ``(m + n + 2, P)``."""
    I, J = eq.support
    k = len(I)
    A, B = game.payoffs
    x, y = eq.strategies
    names = model.parameters.names
    dA = np.zeros((len(names),) + A.shape)
    dB = np.zeros((len(names),) + B.shape)
    for p, (name, stencil) in enumerate(_steps(model, values, step).items()):
        for offset, weight in stencil:
            Ap, Bp = (A, B) if offset == 0 else _payoffs_at(model, {**values, name: values[name] + offset}, caller)
            dA[p] += weight * Ap
            dB[p] += weight * Bp
    m, n = game.shape
    out = np.zeros((m + n + 2, len(names)))
    if k == 1:  # a strict pure equilibrium is locally constant: its payoffs move with their entries
        (i,), (j,) = I, J
        out[m + n] = dA[:, i, j]
        out[m + n + 1] = dB[:, i, j]
        return out
    F_theta = np.zeros((2 * k + 2, len(names)))
    F_theta[:k] = (dA[:, list(I)][:, :, list(J)] @ y[list(J)]).T
    F_theta[k + 1 : 2 * k + 1] = (x[list(I)] @ dB[:, list(I)][:, :, list(J)]).T
    dz = -np.linalg.solve(_indifference_jacobian(A, B, I, J), F_theta)
    out[list(I)] = dz[:k]
    out[[m + c for c in J]] = dz[k : 2 * k]
    out[m + n :] = dz[2 * k :]
    return out


def _finite(model: Model, game: Game, eq: Equilibrium, values: dict[str, float], step: float, caller: str) -> np.ndarray:
    """Difference quotients of the equilibrium re-solved nearby, shape ``(m + n + 2, P)``."""
    m, n = game.shape
    base = np.concatenate([eq.strategies[0], eq.strategies[1], eq.payoffs])
    out = np.zeros((m + n + 2, len(values)))
    for p, (name, stencil) in enumerate(_steps(model, values, step).items()):
        for offset, weight in stencil:
            if offset == 0:
                continue  # the weights sum to zero: difference against the base, exact where nothing moves
            near = Game(_payoffs_at(model, {**values, name: values[name] + offset}, caller))
            same = [e for e in equilibria(near) if e.support == eq.support]
            if not same:
                raise ValueError(
                    f"{caller}: the selected equilibrium's supports change within the step of {name!r} "
                    f"(h = {abs(offset):.3g}): the point is within one step of a regime boundary; "
                    "pass a smaller step, or the derivative is not defined there"
                )
            vectors = [np.concatenate([e.strategies[0], e.strategies[1], e.payoffs]) for e in same]
            out[:, p] += weight * (min(vectors, key=lambda v: float(np.abs(v - base).max())) - base)
    return out


# ----------------------------------------------------------------------------- public


def comparative_statics(
    model: Model,
    at: Mapping[str, float] | None = None,
    select: str = "first",
    method: str = "auto",
    step: float | None = None,
) -> ComparativeStatics:
    """Derivatives of the selected equilibrium's strategies and payoffs with respect to every parameter.

    Parameters
    ----------
    model : SymbolicGame or ParametricGame
        A two-player model.
    at : mapping, optional
        The parameter point (names not given keep their calibrated values;
        default: the calibration).
    select : {"first", "payoff_dominant", "pareto", "risk_dominant", "nash_product"}
        Which equilibrium of the game at the point to differentiate, by the
        rules of :func:`leverage.sensitivity.sweep` (so the derivatives are
        those of the sweep table's columns); the vectorised rules only, not
        ``"logit"``.
    method : {"auto", "symbolic", "implicit", "finite"}
        ``"symbolic"``: exact, for a SymbolicGame; ``"implicit"``: the
        implicit function theorem on the indifference conditions with
        central differences of the payoffs; ``"finite"``: re-solve at
        ``theta +/- h`` and difference the equilibrium with the same supports
        (a check). ``"auto"``: symbolic for a SymbolicGame, implicit otherwise.
    step : float, optional
        Relative step ``h = step * max(1, |theta|)`` of the difference
        quotients (default :data:`DEFAULT_STEP`); at an end of a parameter's
        range a one-sided second-order quotient keeps the points inside the
        range. Not used by ``"symbolic"``.

    Returns
    -------
    ComparativeStatics
        The equilibrium, the point, the derivative arrays and how they were
        computed.

    Raises
    ------
    TypeError
        If ``model`` is neither a SymbolicGame nor a ParametricGame, or
        ``at`` is not a mapping.
    KeyError
        If ``at`` names an unknown parameter.
    ValueError
        If the model has more than two players, ``method``, ``select`` or
        ``step`` is invalid (``"symbolic"`` needs a SymbolicGame), a value of
        ``at`` lies outside its range, or the derivative is not defined at
        the point: the selected equilibrium is degenerate (a tie with a
        strategy outside its support, supports of different sizes or a
        singular indifference system), so the point lies on a regime
        boundary. With ``"finite"``, also when the supports change within
        one step.

    References
    ----------
    G. Tsebelis (1990), "Are sanctions effective? A game-theoretic
    analysis", Journal of Conflict Resolution 34(1), 3-28.

    Examples
    --------
    In the sanctions game of Tsebelis (1990) the sender's sanctioning
    probability ``q`` makes the target indifferent, so it moves with the
    target's payoffs only: ``q = (t_vn - t_cn) / (t_vn - t_cn + t_cs - t_vs)``.

    >>> import sympy
    >>> from leverage import Parameter, ParameterSet
    >>> from leverage.solvers.symbolic import SymbolicGame
    >>> ps = ParameterSet(gain=Parameter(1.0, 0.5, 2.0, "utility", "illustrative"),
    ...                   penalty=Parameter(1.0, 0.5, 2.0, "utility", "illustrative"),
    ...                   cost=Parameter(1.0, 0.5, 2.0, "utility", "illustrative"))
    >>> gain, penalty, cost = sympy.symbols("gain penalty cost")
    >>> target = [[0, 0], [gain, -penalty]]        # rows Comply, Violate
    >>> sender = [[0, -cost], [-1, 1]]             # columns No sanction, Sanction
    >>> game = SymbolicGame(ps, (target, sender), players=("Target", "Sender"),
    ...                     strategies=(("Comply", "Violate"), ("No sanction", "Sanction")))
    >>> cs = comparative_statics(game)
    >>> cs.as_dict()["p_Sender_Sanction"]              # q = gain / (gain + penalty)
    {'gain': 0.25, 'penalty': -0.25, 'cost': 0.0}
    >>> cs.as_dict()["p_Target_Violate"]               # cost / (cost + 2): the sender's payoffs only
    {'gain': 0.0, 'penalty': 0.0, 'cost': 0.2222222222222222}
    >>> implicit = comparative_statics(game.parametric_game())
    >>> implicit.method, bool(np.allclose(implicit.table(), cs.table(), atol=1e-8))
    ('implicit', True)
    """
    caller = "comparative_statics()"
    if not isinstance(model, (SymbolicGame, ParametricGame)):
        raise TypeError(f"{caller}: model must be a SymbolicGame or a ParametricGame; got {type(model).__name__}")
    if model.n_players != 2:
        raise ValueError(f"{caller}: model must be a two-player game; it has {model.n_players} players")
    if not isinstance(method, str) or method not in STATICS_METHODS:
        raise ValueError(f"{caller}: method must be one of {', '.join(map(repr, STATICS_METHODS))}; got {method!r}")
    if method == "symbolic" and not isinstance(model, SymbolicGame):
        raise ValueError(f"{caller}: method 'symbolic' needs a SymbolicGame; got a {type(model).__name__} (use 'implicit')")
    if not isinstance(select, str) or select not in BATCH_RULES:
        raise ValueError(f"{caller}: select must be one of {', '.join(map(repr, BATCH_RULES))}; got {select!r}")
    if step is None:
        h = DEFAULT_STEP
    else:
        if isinstance(step, bool) or not isinstance(step, (int, float, np.integer, np.floating)):
            raise TypeError(f"{caller}: step must be a number; got {type(step).__name__}")
        h = float(step)
        if not (np.isfinite(h) and 0 < h <= 0.1):
            raise ValueError(f"{caller}: step must be a relative step in (0, 0.1]; got {step!r}")
    if at is not None:
        if not isinstance(at, Mapping):
            raise TypeError(f"{caller}: at must be a mapping of parameter names to values; got {type(at).__name__}")
        unknown = [k for k in at if k not in model.parameters]
        if unknown:
            raise UnknownNameError(
                f"{caller}: at names unknown parameter(s) {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(model.parameters)}"
            )
    values = base_values(model, at, caller)  # type: ignore[arg-type]  # any model with .parameters
    game = model.game(**values)
    eq = _selected_equilibrium(game, select, caller)
    condition = _regular(game, eq, caller)
    if method == "auto":
        method = "symbolic" if isinstance(model, SymbolicGame) else "implicit"
    if method == "symbolic":
        table = _symbolic(model, eq.support, values)  # type: ignore[arg-type]
    elif method == "implicit":
        table = _implicit(model, game, eq, values, h, caller)
    else:
        table = _finite(model, game, eq, values, h, caller)
    if not np.all(np.isfinite(table)):
        raise ValueError(f"{caller}: the derivatives are not finite at this point; the point lies on a regime boundary")
    m, n = game.shape
    table.setflags(write=False)
    return ComparativeStatics(
        equilibrium=eq,
        parameters=model.parameters.names,
        at=values,
        strategies=(table[:m], table[m : m + n]),
        payoffs=table[m + n :],
        method=method,
        select=select,
        step=None if method == "symbolic" else h,
        condition=condition,
        players=game.players,
        strategy_names=game.strategies,
    )
