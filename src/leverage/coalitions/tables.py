"""Arrays over coalitions, indexed by bitmask, and the programmes that solve coalitional games on them.

Player ``i`` is bit ``i`` of a coalition's bitmask; a table of worths has
``2**n`` entries. The functions here work on such arrays and know nothing
of :class:`~leverage.coalitions.CoalitionalGame`, which calls them: the
coalition sums ``x(S)``, the Shapley and Banzhaf values by subsets, the
least-core and nucleolus linear programmes, the maxmin value of a matrix.
The size bounds of the exponential computations live here too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from leverage.checks import check_int
from leverage.parameters import finite_float
from leverage.results import SolverError
from leverage.tolerance import LP_DUAL_TOL, LP_FEASIBILITY_TOL, ROUNDING_NOISE, SPAN_TOL

__all__ = [
    "MAX_TABULATED_PLAYERS",
    "MAX_STRUCTURE_PLAYERS",
    "MAX_NUCLEOLUS_PLAYERS",
    "MAX_LEAST_CORE_PLAYERS",
    "MAX_SUPERADDITIVE_PLAYERS",
    "MAX_NORMAL_FORM_PLAYERS",
    "refuse_players",
]

#: Largest number of players whose ``2**n`` coalition values are tabulated.
MAX_TABULATED_PLAYERS = 20
#: Largest number of players whose coalition structures are enumerated (Bell number 115,975).
MAX_STRUCTURE_PLAYERS = 10
#: Largest number of players whose nucleolus is computed: up to ``n - 1`` linear programmes over
#: all ``2**n`` coalitions each.
MAX_NUCLEOLUS_PLAYERS = 14
#: Largest number of players whose least core (and core) is computed: one linear programme over
#: all ``2**n`` coalitions.
MAX_LEAST_CORE_PLAYERS = 16
#: Largest number of players whose superadditivity is checked: ``3**n`` comparisons.
MAX_SUPERADDITIVE_PLAYERS = 15
#: Largest normal-form game turned into a coalitional game: ``2**n`` maxmin programmes, each over
#: the whole payoff table.
MAX_NORMAL_FORM_PLAYERS = 12
#: Linear-programming feasibility tolerances handed to HiGHS (absolute, in units of the worths).
LP_OPTIONS = {"primal_feasibility_tolerance": LP_FEASIBILITY_TOL, "dual_feasibility_tolerance": LP_FEASIBILITY_TOL}
#: A dual value above this marks a coalition whose excess cannot be lowered (duals sum to 1).
DUAL_TOL = LP_DUAL_TOL
#: Values within this fraction of the worths' range of zero are float noise and are printed as 0.
NOISE = ROUNDING_NOISE

RULES = ("shapley", "nucleolus")

Coalition = Iterable[str] | str
Structure = tuple[tuple[str, ...], ...]


# ---------------------------------------------------------------- array helpers (bitmask tables)


@lru_cache(maxsize=32)
def popcounts(n: int) -> np.ndarray:
    """Number of members of every coalition ``0 .. 2**n - 1`` (read-only)."""
    out = np.zeros(1, dtype=np.int64)
    for _ in range(n):
        out = np.concatenate([out, out + 1])
    out.setflags(write=False)
    return out


def coalition_sums(x: np.ndarray) -> np.ndarray:
    """``x(S) = sum of x_i over i in S`` for every bitmask ``S`` (doubling: masks with top bit i)."""
    out = np.zeros(1)
    for xi in np.asarray(x, dtype=float):
        out = np.concatenate([out, out + xi])
    return out


def mask_bits(mask: int) -> list[int]:
    """Positions of the set bits of ``mask``, in increasing order."""
    out = []
    i = 0
    while mask:
        if mask & 1:
            out.append(i)
        mask >>= 1
        i += 1
    return out


def submasks(bits: Sequence[int]) -> np.ndarray:
    """All coalitions made of the players at ``bits``: entry ``k`` spreads the bits of ``k`` onto ``bits``."""
    k = np.arange(1 << len(bits), dtype=np.int64)
    out = np.zeros_like(k)
    for j, b in enumerate(bits):
        out |= ((k >> j) & 1) << b
    return out


def membership_matrix(masks: np.ndarray, n: int) -> sparse.csr_matrix:
    """Sparse 0/1 matrix: row ``r`` is the characteristic vector of coalition ``masks[r]``."""
    dense = ((masks[:, None] >> np.arange(n)) & 1).astype(np.int8)
    return sparse.csr_matrix(dense, dtype=float)


def solve_lp(c: np.ndarray, **kwargs: Any) -> Any:
    """``linprog`` with HiGHS; an "infeasible" verdict is checked again without presolve."""
    res = linprog(c, method="highs", options=dict(LP_OPTIONS), **kwargs)
    if res.status == 2:
        res = linprog(c, method="highs", options={**LP_OPTIONS, "presolve": False}, **kwargs)
    return res


def shapley_exact(v: np.ndarray, n: int) -> np.ndarray:
    """Shapley value by subsets: ``phi_i = sum_{S not containing i} w(|S|) (v(S+i) - v(S))``.

    ``w(s) = s! (n - s - 1)! / n! = 1 / (n * C(n - 1, s))``; one vectorised pass per player.
    """
    masks = np.arange(1 << n, dtype=np.int64)
    sizes = popcounts(n)
    weights = np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)])
    phi = np.empty(n)
    for i in range(n):
        bit = 1 << i
        S = masks[(masks & bit) == 0]
        phi[i] = float(weights[sizes[S]] @ (v[S | bit] - v[S]))
    return phi


def banzhaf_raw(v: np.ndarray, n: int) -> np.ndarray:
    """Raw Banzhaf value ``beta_i = 2**-(n-1) sum_{S not containing i} (v(S+i) - v(S))``."""
    masks = np.arange(1 << n, dtype=np.int64)
    out = np.empty(n)
    for i in range(n):
        bit = 1 << i
        S = masks[(masks & bit) == 0]
        out[i] = float(np.sum(v[S | bit] - v[S])) / (1 << (n - 1))
    return out


def least_core_lp(v: np.ndarray, n: int, caller: str) -> tuple[float, np.ndarray]:
    """Minimise ``eps`` subject to ``x(S) + eps >= v(S)`` for every proper coalition, ``x(N) = v(N)``."""
    full = (1 << n) - 1
    masks = np.arange(1, full, dtype=np.int64)
    M = membership_matrix(masks, n)
    A_ub = sparse.hstack([-M, -sparse.csr_matrix(np.ones((len(masks), 1)))], format="csr")
    c = np.zeros(n + 1)
    c[-1] = 1.0
    A_eq = np.append(np.ones(n), 0.0)[None, :]
    res = solve_lp(c, A_ub=A_ub, b_ub=-v[masks], A_eq=A_eq, b_eq=[v[full]], bounds=[(None, None)] * (n + 1))
    if res.status != 0:
        raise SolverError(f"{caller}: the least-core linear program failed: {res.message}")
    x = res.x[:n]
    # the point's own largest excess: a certificate independent of the solver's eps
    eps = float(np.max(v[masks] - coalition_sums(x)[masks]))
    return eps, x


def nucleolus_lp(v: np.ndarray, n: int, imputations: bool, caller: str) -> tuple[np.ndarray, tuple[float, ...]]:
    """Sequential linear programs (Kopelowitz's scheme; Maschler, Peleg and Shapley 1979).

    Round ``k`` minimises the largest excess ``eps`` over the coalitions still
    free, keeping the earlier rounds' coalitions at their fixed excesses. The
    coalitions with a positive dual value are tight in every optimal solution
    -- their excess cannot be lowered -- and are fixed at ``eps`` (only those,
    not every coalition that happens to be tight: Guajardo and Jornsten 2015).
    Only fixed coalitions independent of the earlier ones are kept as
    equalities, so the system stays consistent; coalitions whose sum ``x(S)``
    is already determined leave the programme. Each round raises the rank of
    the fixed system, so there are at most ``n - 1`` rounds; the point is then
    the unique solution of that system.
    """
    full = (1 << n) - 1
    masks = np.arange(1, full, dtype=np.int64)
    M = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    vS = v[masks]
    basis: list[np.ndarray] = []  # orthonormal basis of the fixed rows' span
    rows: list[np.ndarray] = []
    rhs: list[float] = []

    def residual(a: np.ndarray) -> np.ndarray:
        r = a.copy()
        for _ in range(2):  # twice, for numerical orthogonality
            for q in basis:
                r -= (q @ r) * q
        return r

    def fix(a: np.ndarray, value: float) -> bool:
        r = residual(a)
        norm = float(np.linalg.norm(r))
        if norm <= SPAN_TOL * float(np.linalg.norm(a)):
            return False
        basis.append(r / norm)
        rows.append(a)
        rhs.append(value)
        return True

    fix(np.ones(n), float(v[full]))
    active = np.ones(len(masks), dtype=bool)
    bounds = [(float(v[1 << i]), None) if imputations else (None, None) for i in range(n)] + [(None, None)]
    c = np.zeros(n + 1)
    c[-1] = 1.0
    levels: list[float] = []
    for _ in range(n + 1):
        if len(basis) == n:
            break
        idx = np.flatnonzero(active)
        Q = np.array(basis)
        R = M[idx] - (M[idx] @ Q.T) @ Q
        spanned = np.linalg.norm(R, axis=1) <= SPAN_TOL
        active[idx[spanned]] = False
        idx = idx[~spanned]
        A_ub = np.hstack([-M[idx], -np.ones((len(idx), 1))])
        A_eq = np.hstack([np.array(rows), np.zeros((len(rows), 1))])
        res = solve_lp(c, A_ub=A_ub, b_ub=-vS[idx], A_eq=A_eq, b_eq=np.array(rhs), bounds=bounds)
        if res.status != 0:
            raise SolverError(f"{caller}: the linear program of round {len(levels) + 1} failed: {res.message}")
        eps = float(res.x[-1])
        levels.append(eps)
        duals = -np.asarray(res.ineqlin.marginals, dtype=float)
        order = np.argsort(-duals, kind="stable")
        chosen = [k for k in order if duals[k] > DUAL_TOL] or [int(order[0])]
        added = False
        for k in chosen:
            row = idx[k]
            if fix(M[row], float(vS[row] - eps)):
                added = True
            active[row] = False
        if not added:  # cannot happen in exact arithmetic: active rows lie outside the fixed span
            raise SolverError(f"{caller}: round {len(levels)} fixed no new coalition; the programme is degenerate")
    else:
        raise SolverError(f"{caller}: no unique point after {n + 1} rounds")
    x = np.linalg.solve(np.array(rows), np.array(rhs))
    return x, tuple(levels)


def maxmin_value(M: np.ndarray) -> float:
    """``max over mixtures sigma of the rows of min over columns b of sigma @ M[:, b]``."""
    rows, cols = M.shape
    lower = float(M.min(axis=1).max())  # best pure row guarantee
    upper = float(M.max(axis=0).min())  # the columns' best pure threat
    if rows == 1 or cols == 1 or lower == upper:
        return lower
    # variables (sigma, t): maximise t s.t. t <= sigma @ M[:, b] for every column b
    c = np.zeros(rows + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-M.T, np.ones((cols, 1))])
    A_eq = np.append(np.ones(rows), 0.0)[None, :]
    res = solve_lp(c, A_ub=A_ub, b_ub=np.zeros(cols), A_eq=A_eq, b_eq=[1.0],
                 bounds=[(0, None)] * rows + [(None, None)])
    if res.status != 0:
        raise SolverError(f"CoalitionalGame.from_normal_form(): a maxmin linear program failed: {res.message}")
    sigma = np.clip(res.x[:rows], 0.0, None)
    sigma /= sigma.sum()
    return max(lower, float((sigma @ M).min()))  # what sigma itself guarantees


# ---------------------------------------------------------------- argument checks


finite_number = finite_float  # one validation of real numbers, shared with leverage.parameters


def check_players(players: Any, caller: str, argument: str = "players") -> tuple[str, ...]:
    if isinstance(players, str):
        raise TypeError(f"{caller}: {argument} must be a sequence of names, not a single string {players!r}")
    try:
        names = tuple(players)
    except TypeError:
        raise TypeError(f"{caller}: {argument} must be a sequence of player names; got {players!r}") from None
    if not names:
        raise ValueError(f"{caller}: {argument} is empty; a game needs at least one player")
    seen: set[str] = set()
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"{caller}: {argument} must be strings; got {name!r}")
        if not name:
            raise ValueError(f"{caller}: {argument} contains an empty name")
        if name in seen:
            raise ValueError(f"{caller}: duplicate player {name!r} in {argument}")
        seen.add(name)
    return names


def check_rule(rule: Any, caller: str) -> str:
    if not isinstance(rule, str) or rule not in RULES:
        raise ValueError(f"{caller}: rule must be 'shapley' or 'nucleolus'; got {rule!r}")
    return rule


def bell_number(n: int) -> int:
    """Bell number ``B_n`` (number of partitions of ``n`` players), by the Bell triangle."""
    row = [1]
    for _ in range(n):
        nxt = [row[-1]]
        for a in row:
            nxt.append(nxt[-1] + a)
        row = nxt
    return row[0]



def refuse_players(n: int, bound: int, caller: str, work: str) -> None:
    """Raise ``ValueError`` naming ``caller`` when ``n`` players exceed ``bound`` for an exponential ``work``.

    Examples
    --------
    >>> refuse_players(20, MAX_NUCLEOLUS_PLAYERS, "CoalitionalGame.nucleolus()", "up to n - 1 linear programmes over 2**n coalitions")
    Traceback (most recent call last):
    ...
    ValueError: CoalitionalGame.nucleolus(): the game has 20 players; at most 14 are supported (up to n - 1 linear programmes over 2**n coalitions)
    """
    n = check_int(n, "the number of players", caller, low=0)
    if n > bound:
        raise ValueError(f"{caller}: the game has {n} players; at most {bound} are supported ({work})")
