"""Transferable-utility coalitional games: the core, the Shapley value, the nucleolus, alliance stability.

A *coalitional game* with transferable utility gives every coalition ``S`` of
named players a worth ``v(S)`` -- what its members can secure together and
share out as they please (side payments in dollars). In the critical-minerals
setting, ``v(S)`` is what a group of buyers saves by contracting offtake
together, or what a bloc can guarantee itself whatever the others do.

:class:`CoalitionalGame` holds ``v`` as a numpy array indexed by bitmask
(player ``i`` is bit ``i``; the array has ``2**n`` entries, the first -- the
empty coalition -- is 0) and offers:

- checks: :meth:`~CoalitionalGame.is_superadditive`,
  :meth:`~CoalitionalGame.is_convex` (supermodular),
  :meth:`~CoalitionalGame.is_essential`;
- solutions: :meth:`~CoalitionalGame.core` and
  :meth:`~CoalitionalGame.in_core` (Gillies 1959),
  :meth:`~CoalitionalGame.least_core` (Maschler, Peleg and Shapley 1979),
  :meth:`~CoalitionalGame.shapley_value` (Shapley 1953; exact, or by sampled
  permutations with standard errors), :meth:`~CoalitionalGame.nucleolus`
  (Schmeidler 1969; sequential linear programs),
  :meth:`~CoalitionalGame.banzhaf` (Banzhaf 1965);
- coalition formation: :func:`coalition_structures` (all partitions),
  :meth:`~CoalitionalGame.structure_value`,
  :meth:`~CoalitionalGame.is_stable` (no group can do better by leaving,
  Aumann and Dreze 1974), and the price of breaking an alliance,
  :func:`split_cost` and :func:`cheapest_split`.

Constructors: a mapping or function of coalitions (:class:`CoalitionalGame`),
:meth:`~CoalitionalGame.pooled_offtake` (economies of scale in joint buying),
:meth:`~CoalitionalGame.from_normal_form` (the maxmin value of each coalition
in a :class:`~leverage.Game`), :meth:`~CoalitionalGame.weighted_voting` and
:meth:`~CoalitionalGame.unanimity`.

The tolerance rule
------------------
Every comparison of worths (is a point in the core, does a coalition block,
is the game superadditive) follows the library's rule
(:mod:`leverage.tolerance`): a difference counts as zero when it is at most
``rtol`` times the *range of the coalition values*, ``max_S v(S) - min_S v(S)``
over all coalitions, the empty one included (``max(1, max |v|)`` if that range
is 0). Verdicts are therefore unchanged when all worths are rescaled, from
billions to millions of dollars say.

Sizes
-----
Games of up to :data:`MAX_TABULATED_PLAYERS` (20) players are tabulated: the
exact solutions need all ``2**n`` worths. Larger games can be given as a
function and answer :meth:`~CoalitionalGame.value` and the sampled Shapley
value only. :func:`coalition_structures` enumerates partitions of at most
:data:`MAX_STRUCTURE_PLAYERS` (10) players (115,975 structures).

References
----------
- L. S. Shapley (1953), "A value for n-person games", in H. W.
  Kuhn and A. W. Tucker (eds), Contributions to the Theory of Games II,
  Annals of Mathematics Studies 28, Princeton University Press, 307-317.
- D. B. Gillies (1959), "Solutions to general non-zero-sum
  games", in Contributions to the Theory of Games IV, Annals of Mathematics
  Studies 40, 47-85.
- J. F. Banzhaf III (1965), "Weighted voting doesn't work: a
  mathematical analysis", Rutgers Law Review 19(2), 317-343.
- D. Schmeidler (1969), "The nucleolus of a characteristic
  function game", SIAM Journal on Applied Mathematics 17(6), 1163-1170.
- L. S. Shapley (1971), "Cores of convex games", International
  Journal of Game Theory 1(1), 11-26.
- R. J. Aumann and J. H. Dreze (1974), "Cooperative games
  with coalition structures", International Journal of Game Theory 3(4),
  217-237.
- M. Maschler, B. Peleg and L. S. Shapley (1979), "Geometric
  properties of the kernel, nucleolus, and related solution concepts",
  Mathematics of Operations Research 4(4), 303-338.
- J. Castro, D. Gomez and J. Tejada (2009), "Polynomial
  calculation of the Shapley value based on sampling", Computers &
  Operations Research 36(5), 1726-1730.
- M. Guajardo and K. Jornsten (2015), "Common mistakes in computing
  the nucleolus", European Journal of Operational Research 241(3), 931-935.

Examples
--------
The glove game: one player holds a left glove, two hold a right glove, and a
pair is worth 1. The left-glove holder is scarce, and the core gives it all:

>>> from leverage.coalitions import CoalitionalGame
>>> glove = CoalitionalGame(["L", "R1", "R2"],
...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
>>> glove.shapley_value()
Allocation(shapley (exact): L=0.666667, R1=0.166667, R2=0.166667)
>>> glove.nucleolus()
Allocation(nucleolus: L=1, R1=0, R2=0)
>>> glove.in_core({"L": 1, "R1": 0, "R2": 0}), glove.in_core([0.9, 0.05, 0.05])
(True, False)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from leverage.parameters import _finite_float
from leverage.game import Game
from leverage.results import SolverError
from leverage.tolerance import check_rtol, payoff_scale

__all__ = [
    "MAX_TABULATED_PLAYERS",
    "MAX_STRUCTURE_PLAYERS",
    "CoalitionalGame",
    "Allocation",
    "LeastCore",
    "StabilityResult",
    "SplitOffer",
    "coalition_structures",
    "split_cost",
    "cheapest_split",
]

#: Largest number of players whose ``2**n`` coalition values are tabulated.
MAX_TABULATED_PLAYERS = 20
#: Largest number of players whose coalition structures are enumerated (Bell number 115,975).
MAX_STRUCTURE_PLAYERS = 10
#: Linear-programming feasibility tolerances handed to HiGHS (absolute, in units of the worths).
_LP_OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}
#: A dual value above this marks a coalition whose excess cannot be lowered (duals sum to 1).
_DUAL_TOL = 1e-9
#: Values within this fraction of the worths' range of zero are float noise and are printed as 0.
_NOISE = 1e-12

_RULES = ("shapley", "nucleolus")

Coalition = Iterable[str] | str
Structure = tuple[tuple[str, ...], ...]


# ---------------------------------------------------------------- array helpers (bitmask tables)


@lru_cache(maxsize=32)
def _popcounts(n: int) -> np.ndarray:
    """Number of members of every coalition ``0 .. 2**n - 1`` (read-only)."""
    out = np.zeros(1, dtype=np.int64)
    for _ in range(n):
        out = np.concatenate([out, out + 1])
    out.setflags(write=False)
    return out


def _coalition_sums(x: np.ndarray) -> np.ndarray:
    """``x(S) = sum of x_i over i in S`` for every bitmask ``S`` (doubling: masks with top bit i)."""
    out = np.zeros(1)
    for xi in np.asarray(x, dtype=float):
        out = np.concatenate([out, out + xi])
    return out


def _bits(mask: int) -> list[int]:
    """Positions of the set bits of ``mask``, in increasing order."""
    out = []
    i = 0
    while mask:
        if mask & 1:
            out.append(i)
        mask >>= 1
        i += 1
    return out


def _submasks(bits: Sequence[int]) -> np.ndarray:
    """All coalitions made of the players at ``bits``: entry ``k`` spreads the bits of ``k`` onto ``bits``."""
    k = np.arange(1 << len(bits), dtype=np.int64)
    out = np.zeros_like(k)
    for j, b in enumerate(bits):
        out |= ((k >> j) & 1) << b
    return out


def _membership(masks: np.ndarray, n: int) -> sparse.csr_matrix:
    """Sparse 0/1 matrix: row ``r`` is the characteristic vector of coalition ``masks[r]``."""
    dense = ((masks[:, None] >> np.arange(n)) & 1).astype(np.int8)
    return sparse.csr_matrix(dense, dtype=float)


def _highs(c: np.ndarray, **kwargs: Any) -> Any:
    """``linprog`` with HiGHS; an "infeasible" verdict is checked again without presolve."""
    res = linprog(c, method="highs", options=dict(_LP_OPTIONS), **kwargs)
    if res.status == 2:
        res = linprog(c, method="highs", options={**_LP_OPTIONS, "presolve": False}, **kwargs)
    return res


def _shapley_exact(v: np.ndarray, n: int) -> np.ndarray:
    """Shapley value by subsets: ``phi_i = sum_{S not containing i} w(|S|) (v(S+i) - v(S))``.

    ``w(s) = s! (n - s - 1)! / n! = 1 / (n * C(n - 1, s))``; one vectorised pass per player.
    """
    masks = np.arange(1 << n, dtype=np.int64)
    sizes = _popcounts(n)
    weights = np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)])
    phi = np.empty(n)
    for i in range(n):
        bit = 1 << i
        S = masks[(masks & bit) == 0]
        phi[i] = float(weights[sizes[S]] @ (v[S | bit] - v[S]))
    return phi


def _banzhaf_raw(v: np.ndarray, n: int) -> np.ndarray:
    """Raw Banzhaf value ``beta_i = 2**-(n-1) sum_{S not containing i} (v(S+i) - v(S))``."""
    masks = np.arange(1 << n, dtype=np.int64)
    out = np.empty(n)
    for i in range(n):
        bit = 1 << i
        S = masks[(masks & bit) == 0]
        out[i] = float(np.sum(v[S | bit] - v[S])) / (1 << (n - 1))
    return out


def _least_core(v: np.ndarray, n: int, caller: str) -> tuple[float, np.ndarray]:
    """Minimise ``eps`` subject to ``x(S) + eps >= v(S)`` for every proper coalition, ``x(N) = v(N)``."""
    full = (1 << n) - 1
    masks = np.arange(1, full, dtype=np.int64)
    M = _membership(masks, n)
    A_ub = sparse.hstack([-M, -sparse.csr_matrix(np.ones((len(masks), 1)))], format="csr")
    c = np.zeros(n + 1)
    c[-1] = 1.0
    A_eq = np.append(np.ones(n), 0.0)[None, :]
    res = _highs(c, A_ub=A_ub, b_ub=-v[masks], A_eq=A_eq, b_eq=[v[full]], bounds=[(None, None)] * (n + 1))
    if res.status != 0:
        raise SolverError(f"{caller}: the least-core linear program failed: {res.message}")
    x = res.x[:n]
    # the point's own largest excess: a certificate independent of the solver's eps
    eps = float(np.max(v[masks] - _coalition_sums(x)[masks]))
    return eps, x


def _nucleolus(v: np.ndarray, n: int, imputations: bool, caller: str) -> tuple[np.ndarray, tuple[float, ...]]:
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
        if norm <= 1e-9 * float(np.linalg.norm(a)):
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
        spanned = np.linalg.norm(R, axis=1) <= 1e-9
        active[idx[spanned]] = False
        idx = idx[~spanned]
        A_ub = np.hstack([-M[idx], -np.ones((len(idx), 1))])
        A_eq = np.hstack([np.array(rows), np.zeros((len(rows), 1))])
        res = _highs(c, A_ub=A_ub, b_ub=-vS[idx], A_eq=A_eq, b_eq=np.array(rhs), bounds=bounds)
        if res.status != 0:
            raise SolverError(f"{caller}: the linear program of round {len(levels) + 1} failed: {res.message}")
        eps = float(res.x[-1])
        levels.append(eps)
        duals = -np.asarray(res.ineqlin.marginals, dtype=float)
        order = np.argsort(-duals, kind="stable")
        chosen = [k for k in order if duals[k] > _DUAL_TOL] or [int(order[0])]
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


def _maxmin(M: np.ndarray) -> float:
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
    res = _highs(c, A_ub=A_ub, b_ub=np.zeros(cols), A_eq=A_eq, b_eq=[1.0],
                 bounds=[(0, None)] * rows + [(None, None)])
    if res.status != 0:
        raise SolverError(f"CoalitionalGame.from_normal_form(): a maxmin linear program failed: {res.message}")
    sigma = np.clip(res.x[:rows], 0.0, None)
    sigma /= sigma.sum()
    return max(lower, float((sigma @ M).min()))  # what sigma itself guarantees


# ---------------------------------------------------------------- argument checks


_finite = _finite_float  # one validation of real numbers, shared with leverage.parameters


def _check_players(players: Any, caller: str, argument: str = "players") -> tuple[str, ...]:
    if isinstance(players, CoalitionalGame):
        return players.players
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


def _check_rule(rule: Any, caller: str) -> str:
    if rule not in _RULES:
        raise ValueError(f"{caller}: rule must be 'shapley' or 'nucleolus'; got {rule!r}")
    return rule


def _bell(n: int) -> int:
    """Bell number ``B_n`` (number of partitions of ``n`` players), by the Bell triangle."""
    row = [1]
    for _ in range(n):
        nxt = [row[-1]]
        for a in row:
            nxt.append(nxt[-1] + a)
        row = nxt
    return row[0]


# ---------------------------------------------------------------- results


@dataclass(frozen=True, eq=False)
class Allocation(Mapping[str, float]):
    """A payoff vector with player names: a read-only mapping ``{player: payoff}``.

    Attributes
    ----------
    players : tuple of str
        The players, in the game's order.
    payoffs : numpy.ndarray
        The payoffs, read-only, in the order of ``players``.
    method : str
        How the allocation was computed (``"shapley (exact)"``, ``"nucleolus"``, ...).
    stderr : numpy.ndarray or None
        Standard errors of sampled values; ``None`` for exact ones.
    info : mapping
        Diagnostics: the sample size, the nucleolus's excess levels, the
        least-core epsilon, ...

    Examples
    --------
    >>> x = Allocation(("US", "EU"), [2.0, 1.0], "given")
    >>> x["US"], x.as_dict(), len(x), x.total
    (2.0, {'US': 2.0, 'EU': 1.0}, 2, 3.0)
    >>> x
    Allocation(given: US=2, EU=1)
    """

    players: tuple[str, ...]
    payoffs: np.ndarray
    method: str
    stderr: np.ndarray | None = None
    info: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        payoffs = np.array(self.payoffs, dtype=float)
        if payoffs.shape != (len(self.players),):
            raise ValueError(
                f"Allocation(): {len(self.players)} players but payoffs have shape {payoffs.shape}"
            )
        payoffs.setflags(write=False)
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "payoffs", payoffs)
        if self.stderr is not None:
            stderr = np.array(self.stderr, dtype=float)
            stderr.setflags(write=False)
            object.__setattr__(self, "stderr", stderr)
        object.__setattr__(self, "info", MappingProxyType(dict(self.info)))

    def __getitem__(self, player: str) -> float:
        try:
            return float(self.payoffs[self.players.index(player)])
        except ValueError:
            raise KeyError(f"unknown player {player!r}; players are {', '.join(self.players)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.players)

    def __len__(self) -> int:
        return len(self.players)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return np.array(self.payoffs, dtype=dtype)

    def __repr__(self) -> str:
        if self.stderr is None:
            parts = (f"{p}={x:.6g}" for p, x in zip(self.players, self.payoffs))
        else:
            parts = (f"{p}={x:.6g} (se {s:.2g})" for p, x, s in zip(self.players, self.payoffs, self.stderr))
        return f"Allocation({self.method}: {', '.join(parts)})"

    @property
    def total(self) -> float:
        """Sum of the payoffs."""
        return float(self.payoffs.sum())

    def as_dict(self) -> dict[str, float]:
        """The payoffs as a plain ``{player: payoff}`` dict."""
        return {p: float(x) for p, x in zip(self.players, self.payoffs)}


@dataclass(frozen=True)
class LeastCore:
    """The least core: the smallest ``epsilon`` for which the ``epsilon``-core is non-empty, and a point of it.

    The ``epsilon``-core is the set of efficient payoff vectors ``x`` with
    ``x(S) >= v(S) - epsilon`` for every coalition other than the empty one and
    the grand coalition (Maschler, Peleg and Shapley 1979). The core is
    non-empty exactly when ``epsilon <= 0`` (within the tolerance rule); a
    negative ``epsilon`` says by how much every coalition could be made
    strictly better off than on its own.

    Unpacks as ``epsilon, allocation = game.least_core()``.

    Examples
    --------
    >>> glove = CoalitionalGame(["L", "R1", "R2"],
    ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
    >>> epsilon, allocation = glove.least_core()
    >>> epsilon, allocation.as_dict()
    (0.0, {'L': 1.0, 'R1': 0.0, 'R2': 0.0})
    """

    epsilon: float
    allocation: Allocation

    def __iter__(self) -> Iterator[Any]:
        return iter((self.epsilon, self.allocation))


@dataclass(frozen=True)
class StabilityResult:
    """Whether a coalition structure with its allocation is stable, and who blocks it.

    True in a boolean context when stable.

    Attributes
    ----------
    stable : bool
        No coalition ``S`` has ``v(S) > x(S) + tol``.
    blocking : tuple of str or None
        The coalition with the largest excess ``v(S) - x(S)`` when it exceeds
        the tolerance (the smallest such coalition on a tie), else ``None``.
    gain : float
        The largest excess ``v(S) - x(S)`` over all coalitions: what the
        blocking coalition gains by leaving (zero or negative when stable).
    structure : tuple of tuple of str
        The coalition structure, blocks in player order.
    allocation : Allocation
        The allocation tested.

    Examples
    --------
    The left glove and one right glove pair up; the other right glove and the
    left glove would do better together than they receive:

    >>> glove = CoalitionalGame(["L", "R1", "R2"],
    ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
    >>> result = glove.is_stable([["L", "R1"], ["R2"]])
    >>> bool(result), result.blocking, result.gain
    (False, ('L', 'R2'), 0.5)
    """

    stable: bool
    blocking: tuple[str, ...] | None
    gain: float
    structure: Structure
    allocation: Allocation

    def __bool__(self) -> bool:
        return self.stable


@dataclass(frozen=True)
class SplitOffer:
    """What an outsider must pay a member of a coalition to leave it.

    Attributes
    ----------
    member : str
        The member.
    cost : float
        ``max(0, share - outside_option)``: the smallest side payment that
        leaves the member no worse off outside.
    share : float
        The member's allocation inside the coalition (by ``rule``).
    outside_option : float
        What the member gets alone, ``v({member})``.
    coalition : tuple of str
        The coalition, in player order.
    rule : str
        How the coalition shares its worth: ``"shapley"`` or ``"nucleolus"``
        of the coalition's subgame.

    Examples
    --------
    >>> glove = CoalitionalGame(["L", "R1", "R2"],
    ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
    >>> offer = cheapest_split(glove)
    >>> offer.member, round(offer.cost, 4), offer.outside_option
    ('R1', 0.1667, 0.0)
    """

    member: str
    cost: float
    share: float
    outside_option: float
    coalition: tuple[str, ...]
    rule: str


# ---------------------------------------------------------------- the game


class CoalitionalGame:
    """A transferable-utility coalitional game with named players.

    Parameters
    ----------
    players : sequence of str
        Distinct, non-empty player names; player ``i`` is bit ``i`` of a
        coalition's bitmask.
    value : mapping, callable or array_like
        The characteristic function ``v``:

        - a mapping from coalitions to worths. A coalition is a frozenset,
          set, tuple or list of player names, or a single name for a
          one-player coalition. Every non-empty coalition must be given; the
          empty one may be omitted (it is worth 0);
        - a function of a ``frozenset`` of names returning the worth (it is
          called once per coalition, the empty one included);
        - an array of ``2**n`` worths indexed by bitmask.

    Raises
    ------
    TypeError
        If a name is not a string or a worth is not a real number.
    ValueError
        If players are duplicated or empty, a coalition is missing or given
        twice, names an unknown player, a worth is not finite, or the empty
        coalition is worth anything but 0.

    Notes
    -----
    Games of more than :data:`MAX_TABULATED_PLAYERS` players must be given by
    a function; they are not tabulated, and answer :meth:`value` and
    ``shapley_value(method="sample")`` only.

    Examples
    --------
    >>> g = CoalitionalGame(["US", "EU", "Japan"], {
    ...     "US": 1, "EU": 1, "Japan": 0,
    ...     ("US", "EU"): 4, ("US", "Japan"): 3, ("EU", "Japan"): 2,
    ...     ("US", "EU", "Japan"): 6})
    >>> g
    CoalitionalGame(US, EU, Japan; v(N) = 6)
    >>> g.value({"US", "Japan"}), g.is_superadditive(), g.is_convex()
    (3.0, True, True)
    >>> g.shapley_value().as_dict()
    {'US': 2.667, 'EU': 2.167, 'Japan': 1.167}
    >>> g.values  # indexed by bitmask: bit 0 = US, bit 1 = EU, bit 2 = Japan
    array([0., 1., 1., 4., 0., 3., 2., 6.])
    """

    __slots__ = ("_players", "_table", "_function", "_cache")

    def __init__(self, players: Sequence[str], value: Mapping[Any, Any] | Callable[[frozenset[str]], Any] | Any):
        caller = "CoalitionalGame()"
        names = _check_players(players, caller)
        n = len(names)
        self._players = names
        self._function: Callable[[frozenset[str]], Any] | None = None
        self._cache: dict[int, float] = {}
        self._table: np.ndarray | None = None
        if isinstance(value, Mapping):
            if n > MAX_TABULATED_PLAYERS:
                raise ValueError(
                    f"{caller}: a mapping of values is accepted for at most {MAX_TABULATED_PLAYERS} players; "
                    f"got {n}: pass a function"
                )
            table = self._table_from_mapping(value, caller)
        elif callable(value):
            self._function = value
            empty = self._call(0, caller)
            if empty != 0.0:
                raise ValueError(f"{caller}: the empty coalition must be worth 0; value(frozenset()) returned {empty!r}")
            if n > MAX_TABULATED_PLAYERS:
                return
            table = np.array([self._call(m, caller) for m in range(1 << n)])
            self._function = None
            self._cache = {}
        elif isinstance(value, (str, bytes)):
            raise TypeError(f"{caller}: value must be a mapping, a function or an array; got a string")
        else:
            table = self._table_from_array(value, caller)
        table.setflags(write=False)
        self._table = table

    # ------------------------------------------------------------------ construction helpers
    @classmethod
    def _from_table(cls, players: tuple[str, ...], table: np.ndarray) -> CoalitionalGame:
        """Trusted fast path: a validated float table."""
        game = object.__new__(cls)
        table = np.array(table, dtype=float)
        table.setflags(write=False)
        game._players = players
        game._table = table
        game._function = None
        game._cache = {}
        return game

    @classmethod
    def _from_function(cls, players: tuple[str, ...], function: Callable[[frozenset[str]], float]) -> CoalitionalGame:
        """Trusted fast path for an untabulated (large) game."""
        game = object.__new__(cls)
        game._players = players
        game._table = None
        game._function = function
        game._cache = {}
        return game

    def _names(self, mask: int) -> frozenset[str]:
        return frozenset(self._players[i] for i in _bits(mask))

    def _call(self, mask: int, caller: str) -> float:
        assert self._function is not None
        coalition = self._names(mask)
        try:
            raw = self._function(coalition)
        except Exception as exc:
            exc.add_note(f"{caller}: raised by the value function for the coalition {sorted(coalition)}")
            raise
        return _finite(raw, caller, f"value({set(coalition) or 'frozenset()'})")

    def _key_mask(self, key: Any, caller: str, argument: str) -> int:
        if isinstance(key, str):
            members: list[Any] = [key]
        elif isinstance(key, Iterable) and not isinstance(key, (bytes, Mapping)):
            members = list(key)
        else:
            raise TypeError(
                f"{caller}: {argument} must be a frozenset, set, tuple or list of player names "
                f"(or one name); got {key!r}"
            )
        mask = 0
        for name in members:
            if not isinstance(name, str):
                raise TypeError(f"{caller}: {argument} must name players by strings; got {name!r} in {key!r}")
            try:
                i = self._players.index(name)
            except ValueError:
                raise ValueError(
                    f"{caller}: unknown player {name!r} in {argument}; players are {', '.join(self._players)}"
                ) from None
            if mask >> i & 1:
                raise ValueError(f"{caller}: player {name!r} appears twice in {argument} ({key!r})")
            mask |= 1 << i
        return mask

    def _table_from_mapping(self, value: Mapping[Any, Any], caller: str) -> np.ndarray:
        n = len(self._players)
        table = np.full(1 << n, np.nan)
        table[0] = 0.0
        given: dict[int, Any] = {}
        for key, worth in value.items():
            mask = self._key_mask(key, caller, "a coalition of value")
            if mask in given:
                raise ValueError(f"{caller}: the coalition {key!r} is given twice in value (also as {given[mask]!r})")
            given[mask] = key
            number = _finite(worth, caller, f"value[{key!r}]")
            if mask == 0 and number != 0.0:
                raise ValueError(f"{caller}: the empty coalition must be worth 0; value[{key!r}] = {worth!r}")
            table[mask] = number
        missing = np.flatnonzero(np.isnan(table))
        if missing.size:
            examples = "; ".join("{" + ", ".join(sorted(self._names(int(m)))) + "}" for m in missing[:3])
            raise ValueError(
                f"{caller}: value is missing {missing.size} of the {(1 << n) - 1} non-empty coalitions "
                f"(for example {examples}); give every coalition a value or pass a function"
            )
        return table

    def _table_from_array(self, value: Any, caller: str) -> np.ndarray:
        n = len(self._players)
        if n > MAX_TABULATED_PLAYERS:
            raise ValueError(f"{caller}: an array of values is accepted for at most {MAX_TABULATED_PLAYERS} players")
        try:
            table = np.array(value, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(
                f"{caller}: value must be a mapping of coalitions, a function of a frozenset or an array "
                f"of 2**n worths; got {type(value).__name__}"
            ) from None
        if table.shape != (1 << n,):
            raise ValueError(
                f"{caller}: an array of values must have 2**n = {1 << n} entries (indexed by bitmask); "
                f"got shape {table.shape}"
            )
        bad = np.flatnonzero(~np.isfinite(table))
        if bad.size:
            raise ValueError(
                f"{caller}: value must be finite; coalition {sorted(self._names(int(bad[0])))} "
                f"(bitmask {int(bad[0])}) is worth {table[bad[0]]}"
            )
        if table[0] != 0.0:
            raise ValueError(f"{caller}: the empty coalition (entry 0 of value) must be worth 0; got {table[0]!r}")
        return table

    # ------------------------------------------------------------------ constructors
    @classmethod
    def pooled_offtake(
        cls,
        demand_shares: Mapping[str, float],
        scale: float,
        price: float = 1.0,
        volume: float = 1.0,
    ) -> CoalitionalGame:
        """Buyers who save by contracting offtake together (economies of scale).

        A buyer (or group) whose demand is the share ``D`` of a reference
        ``volume`` pays the unit price ``price * D**(-scale)``: ``price`` is
        the unit price at the full reference volume, and each 1% more volume
        lowers the unit price by about ``scale`` percent (a constant-elasticity
        volume discount). Buying ``D`` thus costs ``C(D) = price * volume *
        D**(1 - scale)``, and a coalition's worth is what its members save by
        buying together instead of alone::

            v(S) = sum_{i in S} C(d_i) - C(D_S),     D_S = sum_{i in S} d_i.

        ``C`` is concave and ``D_S`` additive, so the game is convex
        (supermodular), hence superadditive, with a non-empty core that
        contains the Shapley value (Shapley 1971). Every buyer alone saves
        nothing: ``v({i}) = 0``.

        Parameters
        ----------
        demand_shares : mapping of str to float
            Each buyer's demand as a share of ``volume`` (non-negative); the
            mapping's order is the players' order.
        scale : float
            Elasticity of the unit price to volume, in ``[0, 1)``; 0 gives a
            game in which nobody saves.
        price : float
            Unit price at the reference volume (for example USD/kg); positive.
        volume : float
            Reference volume (for example kt/yr); positive. With USD/kg and
            kt/yr, worths are in USD m/yr.

        Returns
        -------
        CoalitionalGame

        Raises
        ------
        ValueError
            If a share is negative or not finite, ``scale`` is outside
            ``[0, 1)`` or ``price`` or ``volume`` is not positive.

        Examples
        --------
        >>> g = CoalitionalGame.pooled_offtake({"US": 0.5, "EU": 0.3, "Japan": 0.2}, scale=0.2)
        >>> round(g.value(["US", "EU", "Japan"]), 4)  # 0.5**0.8 + 0.3**0.8 + 0.2**0.8 - 1
        0.232
        >>> g.is_convex(), g.in_core(g.shapley_value())
        (True, True)
        """
        caller = "CoalitionalGame.pooled_offtake()"
        if not isinstance(demand_shares, Mapping):
            raise TypeError(f"{caller}: demand_shares must be a mapping of player names to shares")
        names = _check_players(list(demand_shares), caller, "demand_shares")
        d = np.array([_finite(demand_shares[p], caller, f"demand_shares[{p!r}]") for p in names])
        if np.any(d < 0):
            p = names[int(np.argmax(d < 0))]
            raise ValueError(f"{caller}: demand_shares[{p!r}] must be non-negative; got {demand_shares[p]!r}")
        s = _finite(scale, caller, "scale")
        if not 0 <= s < 1:
            raise ValueError(f"{caller}: scale must lie in [0, 1); got {scale!r}")
        for label, x in (("price", price), ("volume", volume)):
            if _finite(x, caller, label) <= 0:
                raise ValueError(f"{caller}: {label} must be positive; got {x!r}")
        k = float(price) * float(volume)

        def cost(D: Any) -> Any:
            return k * np.power(D, 1.0 - s)

        if len(names) > MAX_TABULATED_PLAYERS:
            share = dict(zip(names, d))

            def worth(S: frozenset[str]) -> float:
                ds = [share[p] for p in S]
                return float(sum(cost(x) for x in ds) - cost(sum(ds)))

            return cls._from_function(names, worth)
        table = _coalition_sums(cost(d)) - cost(_coalition_sums(d))
        table[_popcounts(len(names)) <= 1] = 0.0  # exactly: nobody saves alone
        return cls._from_table(names, table)

    @classmethod
    def from_normal_form(cls, game: Game) -> CoalitionalGame:
        """The coalitional game of what each coalition can guarantee itself in a normal-form game.

        ``v(S)`` is the maxmin value of the coalition's summed payoff
        ``sum_{i in S} u_i``: the coalition mixes over its *joint* pure actions
        (correlated among its members) and the complement, acting *jointly to
        minimise* that sum, answers with any joint pure action (a pure answer
        is as good as a mixed one against a fixed mixture). One linear program
        per coalition (von Neumann and Morgenstern 1944, the
        alpha-characteristic function); ``v(N)`` is the largest total payoff
        over pure profiles. The complement minimising the coalition's payoff,
        rather than maximising its own, makes this a pessimistic, threat-based
        worth; the resulting game is superadditive.

        Parameters
        ----------
        game : Game
            A normal-form game of at most :data:`MAX_TABULATED_PLAYERS`
            players; its player names are kept.

        Returns
        -------
        CoalitionalGame

        Raises
        ------
        TypeError
            If ``game`` is not a :class:`~leverage.Game`.
        ValueError
            If the game has too many players.

        References
        ----------
        J. von Neumann and O. Morgenstern (1944), Theory of Games and Economic
        Behavior, Princeton University Press, chapter VI.

        Examples
        --------
        In the prisoner's dilemma each player can guarantee itself the
        mutual-defection payoff 1; together they get 3 + 3:

        >>> from leverage import Game
        >>> pd = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("China", "US"))
        >>> g = CoalitionalGame.from_normal_form(pd)
        >>> g.value("China"), g.value("US"), g.value(["China", "US"])
        (1.0, 1.0, 6.0)
        """
        caller = "CoalitionalGame.from_normal_form()"
        if not isinstance(game, Game):
            raise TypeError(f"{caller}: game must be a leverage.Game; got {type(game).__name__}")
        n = game.n_players
        if n > MAX_TABULATED_PLAYERS:
            raise ValueError(f"{caller}: the game has {n} players; at most {MAX_TABULATED_PLAYERS} are supported")
        shape = game.shape
        table = np.zeros(1 << n)
        for mask in range(1, 1 << n):
            inside = _bits(mask)
            outside = [j for j in range(n) if not mask >> j & 1]
            total = sum(game.payoffs[i] for i in inside)
            if not outside:
                table[mask] = float(total.max())
                continue
            rows = int(np.prod([shape[i] for i in inside]))
            M = np.transpose(total, inside + outside).reshape(rows, -1)
            table[mask] = _maxmin(M)
        return cls._from_table(game.players, table)

    @classmethod
    def weighted_voting(cls, weights: Mapping[str, float], quota: float) -> CoalitionalGame:
        """The simple game ``[quota; w_1, ..., w_n]``: a coalition wins (worth 1) when its weight reaches the quota.

        Weights are compared with the quota up to ``1e-12`` times the total
        weight, so that ``0.1 + 0.2`` reaches a quota of ``0.3``.

        Examples
        --------
        >>> g = CoalitionalGame.weighted_voting({"A": 2, "B": 1, "C": 1}, quota=3)
        >>> g.value(["A", "B"]), g.value(["B", "C"])
        (1.0, 0.0)
        """
        caller = "CoalitionalGame.weighted_voting()"
        if not isinstance(weights, Mapping):
            raise TypeError(f"{caller}: weights must be a mapping of player names to weights")
        names = _check_players(list(weights), caller, "weights")
        w = np.array([_finite(weights[p], caller, f"weights[{p!r}]") for p in names])
        if np.any(w < 0):
            raise ValueError(f"{caller}: weights must be non-negative; got {dict(zip(names, w.tolist()))}")
        q = _finite(quota, caller, "quota")
        if q <= 0:
            raise ValueError(f"{caller}: quota must be positive; got {quota!r}")
        if len(names) > MAX_TABULATED_PLAYERS:
            raise ValueError(f"{caller}: at most {MAX_TABULATED_PLAYERS} players are supported; got {len(names)}")
        slack = 1e-12 * max(1.0, float(w.sum()))
        return cls._from_table(names, (_coalition_sums(w) >= q - slack).astype(float))

    @classmethod
    def unanimity(cls, players: Sequence[str], carrier: Coalition, weight: float = 1.0) -> CoalitionalGame:
        """The unanimity game of ``carrier``: ``v(S) = weight`` when ``S`` contains every member of ``carrier``.

        With ``weight >= 0`` it is convex; every game is a unique sum of
        unanimity games (Shapley 1953).

        Examples
        --------
        >>> CoalitionalGame.unanimity(["US", "EU", "Japan"], ["US", "EU"], 2.0).shapley_value().as_dict()
        {'US': 1.0, 'EU': 1.0, 'Japan': 0.0}
        """
        caller = "CoalitionalGame.unanimity()"
        names = _check_players(players, caller)
        if len(names) > MAX_TABULATED_PLAYERS:
            raise ValueError(f"{caller}: at most {MAX_TABULATED_PLAYERS} players are supported; got {len(names)}")
        game = cls._from_table(names, np.zeros(1 << len(names)))
        T = game._key_mask(carrier, caller, "carrier")
        if T == 0:
            raise ValueError(f"{caller}: carrier must name at least one player")
        w = _finite(weight, caller, "weight")
        masks = np.arange(1 << len(names), dtype=np.int64)
        return cls._from_table(names, np.where((masks & T) == T, w, 0.0))

    # ------------------------------------------------------------------ data
    @property
    def players(self) -> tuple[str, ...]:
        """Player names; player ``i`` is bit ``i`` of a bitmask."""
        return self._players

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._players)

    @property
    def is_tabulated(self) -> bool:
        """Whether all ``2**n`` worths are held in :attr:`values`."""
        return self._table is not None

    @property
    def values(self) -> np.ndarray:
        """Read-only array of the ``2**n`` worths indexed by bitmask (player ``i`` is bit ``i``)."""
        return self._require_table("CoalitionalGame.values")

    def _require_table(self, caller: str) -> np.ndarray:
        if self._table is None:
            raise ValueError(
                f"{caller}: needs all 2**n coalition values, tabulated for at most {MAX_TABULATED_PLAYERS} "
                f"players; this game has {self.n_players} (use shapley_value(method='sample'))"
            )
        return self._table

    def mask(self, coalition: Coalition) -> int:
        """The bitmask of a coalition (an iterable of names, or one name).

        Examples
        --------
        >>> CoalitionalGame.unanimity(["US", "EU", "Japan"], ["US"]).mask(["Japan", "US"])
        5
        """
        return self._key_mask(coalition, "CoalitionalGame.mask()", "coalition")

    def coalition(self, mask: int) -> tuple[str, ...]:
        """The names of the members of the coalition with bitmask ``mask``, in player order."""
        if isinstance(mask, bool) or not isinstance(mask, (int, np.integer)) or not 0 <= mask < 1 << self.n_players:
            raise ValueError(
                f"CoalitionalGame.coalition(): mask must be an integer in [0, 2**{self.n_players}); got {mask!r}"
            )
        return tuple(self._players[i] for i in _bits(int(mask)))

    def value(self, coalition: Coalition) -> float:
        """The worth ``v(S)`` of a coalition (an iterable of names, or one name; empty: 0).

        Raises
        ------
        ValueError
            If the coalition names an unknown player or a player twice.
        """
        caller = "CoalitionalGame.value()"
        mask = self._key_mask(coalition, caller, "coalition")
        if self._table is not None:
            return float(self._table[mask])
        return self._lazy(mask, caller)

    def _lazy(self, mask: int, caller: str) -> float:
        if mask not in self._cache:
            if len(self._cache) > 1_000_000:
                self._cache.clear()
            self._cache[mask] = self._call(mask, caller)
        return self._cache[mask]

    def __repr__(self) -> str:
        full = (1 << self.n_players) - 1
        worth = self._table[full] if self._table is not None else self._lazy(full, "CoalitionalGame.__repr__()")
        names = ", ".join(self._players) if self.n_players <= 8 else f"{self.n_players} players"
        return f"CoalitionalGame({names}; v(N) = {worth:.6g})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CoalitionalGame):
            return NotImplemented
        if self._table is None or other._table is None:
            return self is other
        return self._players == other._players and np.array_equal(self._table, other._table)

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: CoalitionalGame) -> CoalitionalGame:
        """The sum game ``(v + w)(S) = v(S) + w(S)`` (same players, same order)."""
        if not isinstance(other, CoalitionalGame):
            return NotImplemented
        if other._players != self._players:
            raise ValueError(
                f"CoalitionalGame.__add__(): the games have different players: {self._players} and {other._players}"
            )
        if self._table is not None and other._table is not None:
            return CoalitionalGame._from_table(self._players, self._table + other._table)
        a, b = self, other
        return CoalitionalGame._from_function(self._players, lambda S: a.value(S) + b.value(S))

    def __mul__(self, factor: float) -> CoalitionalGame:
        """The scaled game ``(c v)(S) = c v(S)``."""
        if isinstance(factor, CoalitionalGame):
            return NotImplemented
        c = _finite(factor, "CoalitionalGame.__mul__()", "factor")
        if self._table is not None:
            return CoalitionalGame._from_table(self._players, c * self._table)
        a = self
        return CoalitionalGame._from_function(self._players, lambda S: c * a.value(S))

    __rmul__ = __mul__

    def subgame(self, coalition: Coalition) -> CoalitionalGame:
        """The game restricted to the members of ``coalition`` (in player order).

        Examples
        --------
        >>> g = CoalitionalGame.pooled_offtake({"US": 0.5, "EU": 0.3, "Japan": 0.2}, scale=0.2)
        >>> g.subgame(["Japan", "US"]).players
        ('US', 'Japan')
        """
        caller = "CoalitionalGame.subgame()"
        table = self._require_table(caller)
        mask = self._key_mask(coalition, caller, "coalition")
        if mask == 0:
            raise ValueError(f"{caller}: coalition must name at least one player")
        bits = _bits(mask)
        return CoalitionalGame._from_table(tuple(self._players[i] for i in bits), table[_submasks(bits)])

    # ------------------------------------------------------------------ tolerance
    def tolerance(self, tol: float | None = None) -> float:
        """Absolute tolerance of the library's rule: ``rtol`` times the range of the worths.

        Examples
        --------
        >>> CoalitionalGame(["A", "B"], {"A": 0, "B": 0, ("A", "B"): 100}).tolerance()
        1e-06
        """
        caller = "CoalitionalGame.tolerance"
        table = self._require_table(f"{caller}()")
        return check_rtol(tol, caller) * float(payoff_scale([table])[0])

    def _scale(self) -> float:
        return float(payoff_scale([self._table])[0])

    def _clean(self, x: np.ndarray) -> np.ndarray:
        x = np.array(x, dtype=float)
        x[np.abs(x) <= _NOISE * self._scale()] = 0.0
        return x

    def _point(self, x: Any, caller: str, argument: str = "x") -> np.ndarray:
        """Validate a payoff vector: a mapping of every player to a number, or an array of length n."""
        n = self.n_players
        if isinstance(x, Mapping):
            unknown = [k for k in x if k not in self._players]
            if unknown:
                raise ValueError(
                    f"{caller}: unknown player(s) {', '.join(map(repr, unknown))} in {argument}; "
                    f"players are {', '.join(self._players)}"
                )
            missing = [p for p in self._players if p not in x]
            if missing:
                raise ValueError(f"{caller}: {argument} gives no payoff to {', '.join(map(repr, missing))}")
            return np.array([_finite(x[p], caller, f"{argument}[{p!r}]") for p in self._players])
        if isinstance(x, str):
            raise TypeError(f"{caller}: {argument} must be a mapping or an array of payoffs; got a string")
        try:
            arr = np.array(x, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"{caller}: {argument} must be a mapping or an array of payoffs; got {x!r}") from None
        if arr.shape != (n,):
            raise ValueError(f"{caller}: {argument} must have one payoff per player ({n}); got shape {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{caller}: {argument} must be finite; got {arr}")
        return arr

    # ------------------------------------------------------------------ checks
    def is_superadditive(self, tol: float | None = None) -> bool:
        """Whether ``v(S | T) >= v(S) + v(T)`` for all disjoint coalitions (within the tolerance rule).

        Checks every split of every coalition: ``3**n`` comparisons.

        Examples
        --------
        >>> CoalitionalGame(["A", "B"], {"A": 1, "B": 1, ("A", "B"): 1.5}).is_superadditive()
        False
        """
        caller = "CoalitionalGame.is_superadditive"
        v = self._require_table(f"{caller}()")
        atol = self.tolerance(tol)
        for U in range(3, 1 << self.n_players):
            if U & (U - 1) == 0:
                continue
            low = U & -U
            A = _submasks(_bits(U ^ low))[:-1] | low  # every split with the lowest member in A, B non-empty
            if np.max(v[A] + v[U ^ A]) > v[U] + atol:
                return False
        return True

    def is_convex(self, tol: float | None = None) -> bool:
        """Whether the game is convex (supermodular): marginal contributions grow with the coalition.

        Checks ``v(S+i+j) - v(S+i) - v(S+j) + v(S) >= 0`` for every pair
        ``i, j`` outside every ``S``, which is equivalent to
        ``v(S | T) + v(S & T) >= v(S) + v(T)`` for all ``S, T`` (Shapley 1971).

        Examples
        --------
        >>> CoalitionalGame.unanimity(["A", "B", "C"], ["A", "B"]).is_convex()
        True
        """
        caller = "CoalitionalGame.is_convex"
        v = self._require_table(f"{caller}()")
        atol = self.tolerance(tol)
        n = self.n_players
        masks = np.arange(1 << n, dtype=np.int64)
        for i in range(n):
            for j in range(i + 1, n):
                bi, bj = 1 << i, 1 << j
                S = masks[(masks & (bi | bj)) == 0]
                if np.min(v[S | bi | bj] - v[S | bi] - v[S | bj] + v[S]) < -atol:
                    return False
        return True

    def is_essential(self, tol: float | None = None) -> bool:
        """Whether cooperation creates a surplus: ``v(N) > sum_i v({i})`` beyond the tolerance.

        Examples
        --------
        >>> CoalitionalGame(["A", "B"], {"A": 1, "B": 1, ("A", "B"): 2}).is_essential()
        False
        """
        caller = "CoalitionalGame.is_essential"
        v = self._require_table(f"{caller}()")
        n = self.n_players
        alone = sum(float(v[1 << i]) for i in range(n))
        return bool(v[(1 << n) - 1] > alone + self.tolerance(tol))

    # ------------------------------------------------------------------ excesses and the core
    def excesses(self, x: Any) -> np.ndarray:
        """The excess ``v(S) - x(S)`` of every coalition, indexed by bitmask (read-only).

        A positive excess is what ``S`` would gain by leaving the allocation ``x``.

        Examples
        --------
        >>> g = CoalitionalGame(["A", "B"], {"A": 1, "B": 0, ("A", "B"): 2})
        >>> g.excesses([0.5, 1.5])
        array([ 0. ,  0.5, -1.5,  0. ])
        """
        caller = "CoalitionalGame.excesses()"
        v = self._require_table(caller)
        out = v - _coalition_sums(self._point(x, caller))
        out.setflags(write=False)
        return out

    def in_core(self, x: Any, tol: float | None = None) -> bool:
        """Whether ``x`` lies in the core: efficient, and no coalition gets less than its worth.

        ``|x(N) - v(N)| <= tol`` and ``v(S) - x(S) <= tol`` for every
        coalition ``S`` (Gillies 1959), with ``tol`` the library's rule
        (``rtol`` times the range of the worths).

        Parameters
        ----------
        x : mapping or array_like
            One payoff per player (a mapping of every player's name, an
            :class:`Allocation`, or an array in player order).
        tol : float, optional
            Relative tolerance (default :data:`leverage.tolerance.RTOL`).

        Examples
        --------
        >>> g = CoalitionalGame(["A", "B"], {"A": 1, "B": 0, ("A", "B"): 2})
        >>> g.in_core({"A": 1.5, "B": 0.5}), g.in_core([0.5, 1.5]), g.in_core([1.5, 1.0])
        (True, False, False)
        """
        caller = "CoalitionalGame.in_core"
        v = self._require_table(f"{caller}()")
        x = self._point(x, f"{caller}()")
        atol = self.tolerance(tol)
        ex = v - _coalition_sums(x)
        return bool(abs(ex[-1]) <= atol and ex.max() <= atol)

    def least_core(self) -> LeastCore:
        """The least core's ``epsilon`` and a point of it, by one linear program.

        Minimises ``epsilon`` subject to ``x(S) >= v(S) - epsilon`` for every
        coalition other than the empty and the grand one, and
        ``x(N) = v(N)`` (Maschler, Peleg and Shapley 1979). The returned
        ``epsilon`` is the largest excess of the returned point, so the point
        certifies it. The core is non-empty exactly when ``epsilon`` is at
        most the tolerance. The nucleolus (:meth:`nucleolus` with
        ``pre=True``) is the canonical point of the least core.

        Returns
        -------
        LeastCore
            ``epsilon`` and the point as an :class:`Allocation`; with one
            player there is no coalition to constrain and ``epsilon`` is
            ``-inf``.

        Examples
        --------
        Three players who share 1, any two of whom may take 0.9 for themselves:
        the core is empty, and at best every pair falls 0.9 - 2/3 short of its worth.

        >>> g = CoalitionalGame(["A", "B", "C"], lambda S: {0: 0, 1: 0, 2: 0.9, 3: 1}[len(S)])
        >>> eps, x = g.least_core()
        >>> round(eps, 9), x.as_dict()
        (0.233333333, {'A': 0.333333..., 'B': 0.333333..., 'C': 0.333333...})
        >>> g.core() is None
        True
        """
        caller = "CoalitionalGame.least_core()"
        v = self._require_table(caller)
        n = self.n_players
        if n == 1:
            return LeastCore(float("-inf"), Allocation(self._players, [v[1]], "least core"))
        eps, x = _least_core(v, n, caller)
        eps = 0.0 if abs(eps) <= _NOISE * self._scale() else eps
        return LeastCore(eps, Allocation(self._players, self._clean(x), "least core", info={"epsilon": eps}))

    def core(self, tol: float | None = None) -> Allocation | None:
        """A point in the core, or ``None`` when the core is empty (Gillies 1959).

        The point is a least-core point (:meth:`least_core`): when the core
        is non-empty it lies as deep inside it as any, in the sense that the
        smallest slack ``x(S) - v(S)`` over proper coalitions is largest. The
        point is checked with :meth:`in_core` before it is returned.

        Parameters
        ----------
        tol : float, optional
            Relative tolerance (default :data:`leverage.tolerance.RTOL`).

        Examples
        --------
        >>> g = CoalitionalGame(["A", "B"], {"A": 1, "B": 0, ("A", "B"): 2})
        >>> g.core()
        Allocation(core (least-core point): A=1.5, B=0.5)
        """
        lc = self.least_core()
        if lc.epsilon > self.tolerance(tol) or not self.in_core(lc.allocation, tol):
            return None
        return Allocation(self._players, lc.allocation.payoffs, "core (least-core point)",
                          info={"epsilon": lc.epsilon})

    # ------------------------------------------------------------------ values
    def shapley_value(self, method: str = "exact", n: int | None = None, seed: Any = None) -> Allocation:
        """The Shapley value (Shapley 1953): each player's average marginal contribution.

        ``phi_i = sum_{S not containing i} |S|! (n - |S| - 1)! / n! * (v(S + i) - v(S))``.

        Parameters
        ----------
        method : {"exact", "sample"}
            ``"exact"``: by subsets, one vectorised pass over the ``2**(n-1)``
            coalitions without each player (tabulated games, up to
            :data:`MAX_TABULATED_PLAYERS` players). ``"sample"``: the mean
            marginal contribution over ``n`` uniformly random orders of the
            players (Castro, Gomez and Tejada 2009); each order's
            contributions sum to ``v(N)``, so the estimate is exactly
            efficient. Works for untabulated (large) games too.
        n : int, optional
            Number of sampled orders (``method="sample"`` only; default 10,000;
            at least 2).
        seed : optional
            Seed of ``numpy.random.default_rng``, for reproducible samples.

        Returns
        -------
        Allocation
            With ``stderr`` -- the standard error of each sampled mean, the
            sample standard deviation over ``sqrt(n)`` -- when sampled.

        Raises
        ------
        ValueError
            If ``method`` is unknown, ``n`` is not an integer >= 2 or is given
            with ``method="exact"``, or an exact value is asked of an
            untabulated game.

        Examples
        --------
        >>> g = CoalitionalGame.pooled_offtake({"US": 0.5, "EU": 0.3, "Japan": 0.2}, scale=0.2)
        >>> exact = g.shapley_value()
        >>> sampled = g.shapley_value(method="sample", n=4000, seed=1)
        >>> bool(np.all(np.abs(sampled.payoffs - exact.payoffs) <= 5 * sampled.stderr))
        True
        >>> round(sampled.total, 12) == round(g.value(g.players), 12)
        True
        """
        caller = "CoalitionalGame.shapley_value()"
        if method == "exact":
            if n is not None:
                raise ValueError(f"{caller}: n (the number of sampled orders) is only used with method='sample'")
            v = self._require_table(caller)
            return Allocation(self._players, _shapley_exact(v, self.n_players), "shapley (exact)")
        if method != "sample":
            raise ValueError(f"{caller}: method must be 'exact' or 'sample'; got {method!r}")
        samples = 10_000 if n is None else n
        if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 2:
            raise ValueError(f"{caller}: n must be an integer >= 2 (the number of sampled orders); got {n!r}")
        samples = int(samples)
        rng = np.random.default_rng(seed)
        if self._table is not None:
            mean, sd = self._sample_tabulated(rng, samples)
        else:
            mean, sd = self._sample_lazy(rng, samples, caller)
        return Allocation(self._players, mean, f"shapley (sampled, {samples} orders)", stderr=sd / math.sqrt(samples),
                          info={"samples": samples, "seed": seed})

    def _sample_tabulated(self, rng: np.random.Generator, samples: int) -> tuple[np.ndarray, np.ndarray]:
        v = self._table
        assert v is not None
        n = self.n_players
        total = np.zeros(n)
        total_sq = np.zeros(n)
        chunk = max(1, 2_000_000 // max(n, 1))
        done = 0
        while done < samples:
            m = min(chunk, samples - done)
            orders = rng.permuted(np.tile(np.arange(n), (m, 1)), axis=1)
            bits = np.left_shift(np.int64(1), orders)
            after = np.cumsum(bits, axis=1)  # distinct bits: the sum is the union
            contrib = v[after] - v[after - bits]
            per_player = np.empty_like(contrib)
            np.put_along_axis(per_player, orders, contrib, axis=1)
            total += per_player.sum(axis=0)
            total_sq += (per_player**2).sum(axis=0)
            done += m
        mean = total / samples
        var = np.clip((total_sq - samples * mean**2) / (samples - 1), 0.0, None)
        return mean, np.sqrt(var)

    def _sample_lazy(self, rng: np.random.Generator, samples: int, caller: str) -> tuple[np.ndarray, np.ndarray]:
        n = self.n_players
        draws = np.empty((samples, n))
        for k in range(samples):
            order = rng.permutation(n)
            mask = 0
            before = 0.0
            for i in order:
                mask |= 1 << int(i)
                after = self._lazy(mask, caller)
                draws[k, i] = after - before
                before = after
        return draws.mean(axis=0), draws.std(axis=0, ddof=1)

    def banzhaf(self, normalized: bool = True) -> Allocation:
        """The Banzhaf index (Banzhaf 1965): each player's average marginal contribution over coalitions.

        The raw value is ``beta_i = 2**-(n-1) sum_{S not containing i}
        (v(S + i) - v(S))`` -- in a simple game, the share of the coalitions
        without ``i`` that ``i`` swings from losing to winning. The
        normalised index divides by the sum, so the indices add up to 1.

        Parameters
        ----------
        normalized : bool
            Return the normalised index (default) or the raw value. The
            other is kept in ``info`` (``"raw"`` or ``"normalized"``).

        Raises
        ------
        ValueError
            If the normalised index is asked but the raw values sum to zero
            (within the tolerance rule).

        Examples
        --------
        In ``[51; 49, 49, 2]`` the small party swings as often as the large ones:

        >>> g = CoalitionalGame.weighted_voting({"A": 49, "B": 49, "C": 2}, quota=51)
        >>> g.banzhaf().as_dict()
        {'A': 0.333333..., 'B': 0.333333..., 'C': 0.333333...}
        >>> g.banzhaf(normalized=False).as_dict()
        {'A': 0.5, 'B': 0.5, 'C': 0.5}
        """
        caller = "CoalitionalGame.banzhaf()"
        v = self._require_table(caller)
        raw = _banzhaf_raw(v, self.n_players)
        total = float(raw.sum())
        if abs(total) <= self.tolerance():
            if normalized:
                raise ValueError(
                    f"{caller}: the raw Banzhaf values sum to {total:.3g}, so they cannot be normalised; "
                    f"use normalized=False"
                )
            return Allocation(self._players, raw, "banzhaf (raw)")
        norm = raw / total
        if normalized:
            return Allocation(self._players, norm, "banzhaf (normalised)", info={"raw": tuple(raw.tolist())})
        return Allocation(self._players, raw, "banzhaf (raw)", info={"normalized": tuple(norm.tolist())})

    def nucleolus(self, pre: bool = False) -> Allocation:
        """The nucleolus (Schmeidler 1969), or the prenucleolus, by sequential linear programs.

        The nucleolus is the imputation (efficient, ``x_i >= v({i})``) that
        lexicographically minimises the excesses ``v(S) - x(S)`` sorted from
        the largest down: first the largest excess is made as small as
        possible, then the next, and so on. Each round is one linear program;
        after a round, the coalitions whose excess cannot be lowered further
        (positive dual value) are fixed and the next round lowers the others,
        until the fixed coalitions determine the point (at most ``n - 1``
        rounds; Maschler, Peleg and Shapley 1979; Guajardo and Jornsten 2015).
        The nucleolus is unique, lies in the core whenever the core is
        non-empty, and treats symmetric players alike.

        Parameters
        ----------
        pre : bool
            Compute the prenucleolus instead: the same minimisation over all
            efficient vectors, without ``x_i >= v({i})``. It lies in the least
            core and equals the nucleolus when the core is non-empty.

        Returns
        -------
        Allocation
            With ``info["levels"]``, the minimised largest excess of each
            round, and ``info["max_excess"]``.

        Raises
        ------
        ValueError
            If the imputation set is empty (``v(N) < sum_i v({i})``) and
            ``pre`` is False.
        leverage.SolverError
            If a linear program fails.

        Examples
        --------
        >>> g = CoalitionalGame(["A", "B", "C"], {"A": 0, "B": 0, "C": 0, ("A", "B"): 4,
        ...                     ("A", "C"): 2, ("B", "C"): 0, ("A", "B", "C"): 4})
        >>> x = g.nucleolus()
        >>> x.as_dict(), x.info["levels"]
        ({'A': 3.0, 'B': 1.0, 'C': 0.0}, (0.0, -1.0))
        """
        caller = "CoalitionalGame.nucleolus()"
        v = self._require_table(caller)
        n = self.n_players
        name = "prenucleolus" if pre else "nucleolus"
        full = (1 << n) - 1
        alone = sum(float(v[1 << i]) for i in range(n))
        atol = self.tolerance()
        if not pre and v[full] < alone - atol:
            raise ValueError(
                f"{caller}: the imputation set is empty: v(N) = {v[full]:.6g} is less than the sum of the "
                f"players' stand-alone worths ({alone:.6g}), so the nucleolus is undefined; use pre=True for "
                f"the prenucleolus"
            )
        if n == 1:
            return Allocation(self._players, [v[1]], name, info={"levels": (), "max_excess": float("-inf")})
        x, levels = _nucleolus(v, n, imputations=not pre, caller=caller)
        x = self._clean(x)
        ex = v - _coalition_sums(x)
        if abs(ex[full]) > atol or (not pre and np.any(-ex[[1 << i for i in range(n)]] < -atol)):
            raise SolverError(f"{caller}: the computed point {x} is not an imputation; the programmes were inaccurate")
        max_excess = float(ex[1:full].max())
        levels = tuple(0.0 if abs(e) <= _NOISE * self._scale() else e for e in levels)
        return Allocation(self._players, x, name, info={"levels": levels, "rounds": len(levels),
                                                        "max_excess": max_excess})

    # ------------------------------------------------------------------ coalition structures
    def _structure(self, structure: Any, caller: str) -> list[int]:
        if isinstance(structure, str):
            raise TypeError(f"{caller}: structure must be a sequence of coalitions, not a string")
        try:
            blocks = list(structure)
        except TypeError:
            raise TypeError(f"{caller}: structure must be a sequence of coalitions; got {structure!r}") from None
        masks: list[int] = []
        covered = 0
        for block in blocks:
            mask = self._key_mask(block, caller, "a block of structure")
            if mask == 0:
                raise ValueError(f"{caller}: structure has an empty block")
            overlap = covered & mask
            if overlap:
                raise ValueError(
                    f"{caller}: player(s) {', '.join(self.coalition(overlap))} belong to two blocks of structure"
                )
            covered |= mask
            masks.append(mask)
        full = (1 << self.n_players) - 1
        if covered != full:
            raise ValueError(
                f"{caller}: structure leaves out {', '.join(self.coalition(full ^ covered))}; "
                f"every player must be in exactly one block"
            )
        return masks

    def structure_value(self, structure: Iterable[Coalition]) -> float:
        """The worth of a coalition structure: the sum of its blocks' worths.

        Examples
        --------
        >>> glove = CoalitionalGame(["L", "R1", "R2"],
        ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
        >>> glove.structure_value([["L", "R1"], ["R2"]])
        1.0
        """
        caller = "CoalitionalGame.structure_value()"
        v = self._require_table(caller)
        return float(sum(v[m] for m in self._structure(structure, caller)))

    def _block_shares(self, mask: int, rule: str, caller: str) -> np.ndarray:
        """The members' shares of ``v(block)`` by ``rule`` in the block's subgame (members in player order)."""
        v = self._table
        assert v is not None
        bits = _bits(mask)
        sub = v[_submasks(bits)]
        if rule == "shapley":
            return _shapley_exact(sub, len(bits))
        game = CoalitionalGame._from_table(tuple(self._players[i] for i in bits), sub)
        try:
            return game.nucleolus().payoffs
        except ValueError as exc:
            raise ValueError(f"{caller}: rule='nucleolus' fails for the block {game.players}: {exc}") from None

    def is_stable(
        self,
        structure: Iterable[Coalition],
        allocation: Any = None,
        rule: str = "shapley",
        tol: float | None = None,
    ) -> StabilityResult:
        """Whether no group of players can do better by leaving their blocks and acting together.

        A coalition structure with an allocation ``x`` (each block sharing its
        own worth) is stable when no coalition ``S`` -- of players from any
        blocks -- is worth more than its members receive: ``v(S) <= x(S) +
        tol`` for all ``S`` (the core of the game with coalition structure,
        Aumann and Dreze 1974). Otherwise the coalition with the largest
        excess blocks it.

        Parameters
        ----------
        structure : sequence of coalitions
            A partition of the players (see :func:`coalition_structures`).
        allocation : mapping or array_like, optional
            The payoffs to test; no block may hand out more than its worth.
            By default each block shares its worth by ``rule``.
        rule : {"shapley", "nucleolus"}
            How each block shares its worth when ``allocation`` is not given:
            the Shapley value or the nucleolus of the block's subgame.
        tol : float, optional
            Relative tolerance (default :data:`leverage.tolerance.RTOL`).

        Returns
        -------
        StabilityResult
            True in a boolean context when stable; ``blocking`` names the
            blocking coalition.

        Raises
        ------
        ValueError
            If ``structure`` is not a partition of the players, a block of
            ``allocation`` receives more than its worth, or ``rule`` is unknown.

        Examples
        --------
        In the glove game the pair of one glove each and a lone right glove
        is blocked by the lone right glove and the left one:

        >>> glove = CoalitionalGame(["L", "R1", "R2"],
        ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
        >>> result = glove.is_stable([["L", "R1"], ["R2"]])
        >>> bool(result), result.blocking, result.gain
        (False, ('L', 'R2'), 0.5)
        >>> bool(glove.is_stable([["L", "R1"], ["R2"]], allocation={"L": 1, "R1": 0, "R2": 0}))
        True
        """
        caller = "CoalitionalGame.is_stable()"
        v = self._require_table(caller)
        masks = self._structure(structure, caller)
        atol = self.tolerance(tol)
        n = self.n_players
        if allocation is None:
            rule = _check_rule(rule, caller)
            x = np.zeros(n)
            for m in masks:
                x[_bits(m)] = self._block_shares(m, rule, caller)
            alloc = Allocation(self._players, self._clean(x), f"{rule} of each block")
        else:
            x = self._point(allocation, caller, "allocation")
            sums = _coalition_sums(x)
            for m in masks:
                if sums[m] > v[m] + atol:
                    raise ValueError(
                        f"{caller}: allocation is not feasible: the block {self.coalition(m)} receives "
                        f"{sums[m]:.6g} but is worth {v[m]:.6g}"
                    )
            alloc = Allocation(self._players, x, "given")
        ex = v - _coalition_sums(alloc.payoffs)
        ex[0] = -np.inf
        gain = float(ex.max())
        blocks = tuple(sorted((self.coalition(m) for m in masks), key=lambda b: self._players.index(b[0])))
        if gain <= atol:
            return StabilityResult(True, None, gain, blocks, alloc)
        candidates = np.flatnonzero(ex >= gain - atol)
        sizes = _popcounts(n)[candidates]
        best = int(candidates[np.lexsort((candidates, sizes))[0]])
        return StabilityResult(False, self.coalition(best), float(ex[best]), blocks, alloc)


# ---------------------------------------------------------------- coalition formation


def coalition_structures(players: Sequence[str] | CoalitionalGame) -> list[Structure]:
    """Every coalition structure (partition) of the players.

    There are Bell-number many: 1, 2, 5, 15, 52, 203, 877, 4140, 21147,
    115975 for 1 to 10 players. Structures come with the grand coalition
    first and the blocks of each in the order of their first member; each
    block lists its members in player order.

    Parameters
    ----------
    players : sequence of str or CoalitionalGame
        The players (or a game, whose players are taken).

    Returns
    -------
    list of tuple of tuple of str

    Raises
    ------
    ValueError
        If there are more than :data:`MAX_STRUCTURE_PLAYERS` players, or
        players are duplicated or empty.

    Examples
    --------
    >>> coalition_structures(["US", "EU", "Japan"])  # doctest: +NORMALIZE_WHITESPACE
    [(('US', 'EU', 'Japan'),), (('US', 'EU'), ('Japan',)), (('US', 'Japan'), ('EU',)),
     (('US',), ('EU', 'Japan')), (('US',), ('EU',), ('Japan',))]
    """
    caller = "coalition_structures()"
    names = _check_players(players, caller)
    n = len(names)
    if n > MAX_STRUCTURE_PLAYERS:
        raise ValueError(
            f"{caller}: {n} players have {_bell(n):,} coalition structures (the Bell number B_{n}); "
            f"at most {MAX_STRUCTURE_PLAYERS} players (B_{MAX_STRUCTURE_PLAYERS} = "
            f"{_bell(MAX_STRUCTURE_PLAYERS):,} structures) are enumerated"
        )
    out: list[Structure] = []
    labels = [0] * n

    def grow(k: int, blocks: int) -> None:  # restricted growth strings: labels[k] <= max(labels[:k]) + 1
        if k == n:
            groups: list[list[str]] = [[] for _ in range(blocks)]
            for name, b in zip(names, labels):
                groups[b].append(name)
            out.append(tuple(tuple(g) for g in groups))
            return
        for b in range(blocks + 1):
            labels[k] = b
            grow(k + 1, max(blocks, b + 1))

    labels[0] = 0
    grow(1, 1)
    return out


def _member_shares(game: CoalitionalGame, coalition: Coalition, rule: str, caller: str) -> tuple[int, np.ndarray]:
    if not isinstance(game, CoalitionalGame):
        raise TypeError(f"{caller}: game must be a CoalitionalGame; got {type(game).__name__}")
    game._require_table(caller)
    rule = _check_rule(rule, caller)
    mask = game._key_mask(coalition, caller, "coalition")
    if mask == 0:
        raise ValueError(f"{caller}: coalition must name at least one player")
    return mask, game._block_shares(mask, rule, caller)


def _offer(game: CoalitionalGame, mask: int, shares: np.ndarray, i: int, rule: str, atol: float) -> SplitOffer:
    bits = _bits(mask)
    share = float(shares[bits.index(i)])
    outside = float(game.values[1 << i])
    cost = share - outside
    return SplitOffer(game.players[i], cost if cost > atol else 0.0, share, outside, game.coalition(mask), rule)


def split_cost(
    game: CoalitionalGame, coalition: Coalition, member: str, rule: str = "shapley", tol: float | None = None
) -> float:
    """The smallest side payment an outsider must offer ``member`` to leave ``coalition``.

    The member's allocation inside the coalition -- its Shapley value (or
    nucleolus) in the coalition's subgame -- minus what it gets alone,
    ``v({member})``, floored at 0 (differences within the tolerance rule
    count as 0). It prices only the member's own loss: what the remaining
    members lose, and whether they can re-form, is not part of it.

    Parameters
    ----------
    game : CoalitionalGame
    coalition : iterable of str
        The coalition the member belongs to.
    member : str
        The member to peel off.
    rule : {"shapley", "nucleolus"}
        How the coalition shares its worth.
    tol : float, optional
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Raises
    ------
    ValueError
        If ``member`` is not in ``coalition``, a name is unknown, or ``rule``
        is unknown.

    Examples
    --------
    >>> glove = CoalitionalGame(["L", "R1", "R2"],
    ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
    >>> round(split_cost(glove, ["L", "R1", "R2"], "R1"), 6)
    0.166667
    >>> split_cost(glove, ["L", "R1", "R2"], "L", rule="nucleolus")
    1.0
    """
    caller = "split_cost()"
    mask, shares = _member_shares(game, coalition, rule, caller)
    if not isinstance(member, str):
        raise TypeError(f"{caller}: member must be a player name; got {member!r}")
    i = game._key_mask(member, caller, "member").bit_length() - 1
    if not mask >> i & 1:
        raise ValueError(f"{caller}: member {member!r} is not in the coalition {game.coalition(mask)}")
    return _offer(game, mask, shares, i, rule, game.tolerance(tol)).cost


def cheapest_split(
    game: CoalitionalGame, coalition: Coalition | None = None, rule: str = "shapley", tol: float | None = None
) -> SplitOffer:
    """The member of ``coalition`` cheapest to peel off, and the side payment it takes.

    Evaluates :func:`split_cost` for every member; ties (within the
    tolerance rule) go to the member first in player order.

    Parameters
    ----------
    game : CoalitionalGame
    coalition : iterable of str, optional
        The coalition (default: the grand coalition).
    rule : {"shapley", "nucleolus"}
        How the coalition shares its worth.
    tol : float, optional
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Returns
    -------
    SplitOffer

    Examples
    --------
    >>> glove = CoalitionalGame(["L", "R1", "R2"],
    ...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
    >>> offer = cheapest_split(glove)
    >>> offer.member, round(offer.cost, 6), offer.rule
    ('R1', 0.166667, 'shapley')
    """
    caller = "cheapest_split()"
    if coalition is None and isinstance(game, CoalitionalGame):
        coalition = game.players
    mask, shares = _member_shares(game, coalition, rule, caller)
    atol = game.tolerance(tol)
    offers = [_offer(game, mask, shares, i, rule, atol) for i in _bits(mask)]
    lowest = min(o.cost for o in offers)
    return next(o for o in offers if o.cost <= lowest + atol)
