"""The indifference system of one support profile: built, solved exactly, its roots polished and verified.

For a profile of supports ``S = (S_1, ..., S_n)``, :func:`indifference_system`
writes the conditions that make every player indifferent among the
strategies of its support as polynomials over the rationals (payoffs read by
:func:`exact_payoffs`); :func:`solve_system` finds all their complex solutions
from a reduced Groebner basis -- the joint eigenvalues of the multiplication
matrices on the quotient ring (Corless, Gianni and Trager 1997; Sturmfels
2002, chapter 2) -- or samples a continuum slice by slice; and
:func:`verified_roots` polishes the real, non-negative roots by Newton's method
on the float game and keeps those that
:func:`~leverage.results.verified_equilibrium` accepts. The enumeration over
supports, and the method as a whole, are in
:mod:`leverage.solvers.polynomial`.

These are helpers of :mod:`leverage.solvers.polynomial`, not public API: the
module exports nothing in ``__all__``.

References
----------
R. M. Corless, P. M. Gianni and B. M. Trager (1997), "A reordered Schur
factorization method for zero-dimensional polynomial systems with multiple
roots", in Proceedings of ISSAC 1997, 133-140.

B. Sturmfels (2002), Solving Systems of Polynomial Equations, CBMS Regional
Conference Series in Mathematics 97, American Mathematical Society.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations, product
from math import gcd, lcm

import numpy as np
import scipy.linalg
from sympy.polys.domains import QQ
from sympy.polys.groebnertools import groebner
from sympy.polys.orderings import grevlex
from sympy.polys.rings import PolyElement, PolyRing, ring

from leverage.game import Game
from leverage.results import Equilibrium, SolverError, UnverifiedEquilibriumError, verified_equilibrium
from leverage.tolerance import ROOT_EXACT, ROOT_PROBABILITY_TOL, ROOT_TOL as _ROOT_TOL

__all__: list[str] = []

#: Largest number of complex solutions of one zero-dimensional system (a guard, far above
#: the McKelvey-McLennan bound for games within the limits).
MAX_SOLUTIONS = 5_000
#: Largest Newton iterations when polishing a root on the float game.
NEWTON_ITERATIONS = 50
#: Imaginary parts and negative probabilities up to this are taken as rounding error before polishing.
ROOT_TOL = _ROOT_TOL
#: Negative probabilities up to this are rounding error after polishing.
PROBABILITY_TOL = ROOT_PROBABILITY_TOL
#: A polished root whose regret on the reduced game exceeds this many times the tolerance is not verified.
SCREEN_FACTOR = 10.0
#: ... plus this (in units of the rescaled payoffs' range) for a root before it is polished: a root within
#: :data:`ROOT_TOL` of the system's solution moves each regret by far less.
SCREEN_MARGIN = 1e-3

#: The ``method`` of the equilibria found.
METHOD = "polynomial"
_CALLER = "polynomial_equilibria()"

#: A profile of supports: for each player, the indices of the strategies played, increasing.
Supports = tuple[tuple[int, ...], ...]


# ----------------------------------------------------------------------------- exact systems


def exact_payoffs(payoffs: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Each player's payoffs as integers (object arrays), an exact positive affine image.

    A float is read as the shortest decimal that rounds to it (its ``repr``);
    the player's payoffs are then shifted to a minimum of 0 and scaled by the
    common denominator, divided by the common factor. Equilibria are unchanged.
    """
    out = []
    for u in payoffs:
        fracs = [Fraction(repr(float(v))) for v in u.ravel()]
        denominator = lcm(*(f.denominator for f in fracs))
        ints = [f.numerator * (denominator // f.denominator) for f in fracs]
        low = min(ints)
        ints = [v - low for v in ints]
        common = gcd(*ints) or 1
        arr = np.empty(u.size, dtype=object)
        arr[:] = [v // common for v in ints]
        out.append(arr.reshape(u.shape))
    return out


def indifference_system(exact: Sequence[np.ndarray], supports: Supports) -> tuple[PolyRing, list[PolyElement]]:
    """The ring of the unknowns of ``supports`` and the indifference polynomials."""
    n = len(exact)
    names = [f"p{i}_{s}" for i, S in enumerate(supports) for s in S[1:]]
    R = ring(names, QQ, grevlex)[0]
    gens = iter(R.gens)
    probability: list[dict[int, PolyElement]] = []
    for S in supports:
        own = {s: next(gens) for s in S[1:]}
        own[S[0]] = R.one - sum(own.values(), R.zero)
        probability.append(own)
    polys = []
    for i, S in enumerate(supports):
        others = [j for j in range(n) if j != i]
        profiles = list(product(*(supports[j] for j in others)))
        monomials = []
        for t in profiles:
            term = R.one
            for j, tj in zip(others, t):
                term = term * probability[j][tj]
            monomials.append(term)
        for s in S[1:]:
            f = R.zero
            for t, term in zip(profiles, monomials):
                cell_s = [0] * n
                cell_r = [0] * n
                for j, tj in zip(others, t):
                    cell_s[j] = cell_r[j] = tj
                cell_s[i], cell_r[i] = s, S[0]
                c = exact[i][tuple(cell_s)] - exact[i][tuple(cell_r)]
                if c:
                    f += term * c
            if f:
                polys.append(f)
    return R, polys


def _independent_set(leading: Sequence[tuple[int, ...]], nvars: int) -> tuple[int, ...]:
    """A largest set of unknowns no leading monomial is made of only; its size is the dimension."""
    supports = [frozenset(k for k, e in enumerate(m) if e) for m in leading]
    for size in range(nvars, 0, -1):
        for U in combinations(range(nvars), size):
            chosen = frozenset(U)
            if not any(s <= chosen for s in supports):
                return U
    return ()


def _standard_monomials(leading: Sequence[tuple[int, ...]], nvars: int) -> list[tuple[int, ...]]:
    """Monomials not divisible by any leading monomial (a basis of the quotient ring)."""

    def reducible(m: tuple[int, ...]) -> bool:
        return any(all(a >= b for a, b in zip(m, lm)) for lm in leading)

    start = (0,) * nvars
    basis = [start]
    seen = {start}
    frontier = [start]
    while frontier:
        m = frontier.pop()
        for k in range(nvars):
            nxt = m[:k] + (m[k] + 1,) + m[k + 1 :]
            if nxt in seen or reducible(nxt):
                continue
            seen.add(nxt)
            basis.append(nxt)
            frontier.append(nxt)
            if len(basis) > MAX_SOLUTIONS:
                raise SolverError(
                    f"{_CALLER}: a support system has more than {MAX_SOLUTIONS} solutions; "
                    "this is beyond the method's design"
                )
    return sorted(basis)


def _finite_solutions(R: PolyRing, G: Sequence[PolyElement]) -> np.ndarray:
    """All complex solutions of a zero-dimensional ideal from its Groebner basis, shape (N, nvars)."""
    nvars = R.ngens
    basis = _standard_monomials([g.LM for g in G], nvars)
    index = {m: k for k, m in enumerate(basis)}
    size = len(basis)
    mats = np.zeros((nvars, size, size))
    for j, b in enumerate(basis):
        for k in range(nvars):
            shifted = b[:k] + (b[k] + 1,) + b[k + 1 :]
            if shifted in index:
                mats[k, index[shifted], j] = 1.0
                continue
            remainder = R({shifted: QQ.one}).rem(list(G))
            for monomial, coeff in remainder.terms():
                mats[k, index[monomial], j] = float(coeff)
    # one random combination separates the roots; its Schur basis triangularises every M_k
    weights = np.random.default_rng(20240611).uniform(0.5, 1.5, size=nvars)
    _, Z = scipy.linalg.schur(np.tensordot(weights, mats, axes=1).astype(complex), output="complex")
    return np.array([np.diag(Z.conj().T @ mats[k] @ Z) for k in range(nvars)]).T


def solve_system(
    R: PolyRing, polys: list[PolyElement], budget: list[int]
) -> tuple[np.ndarray, bool]:
    """Complex solutions of ``polys`` (all of them, or samples of a continuum) and whether a
    continuum was met. ``budget[0]`` counts the slices still allowed."""
    nvars = R.ngens
    G = groebner(polys, R) if polys else []
    if any(g.LM == R.zero_monom for g in G):  # the ideal is (1): no solution
        return np.empty((0, nvars), dtype=complex), False
    free = _independent_set([g.LM for g in G], nvars)
    if not free:
        return _finite_solutions(R, G), False
    # a continuum: fix the free unknowns at 0, 1/2 and 1 and solve each slice again
    values = (QQ(1, 2), QQ(0), QQ(1))
    found = []
    for point in product(values, repeat=len(free)):
        if budget[0] <= 0:
            break
        budget[0] -= 1
        sliced = list(G) + [R.gens[k] - v for k, v in zip(free, point)]
        sols, _ = solve_system(R, sliced, budget)
        found.append(sols)
    points = np.vstack(found) if found else np.empty((0, nvars), dtype=complex)
    return points, True


# ----------------------------------------------------------------------------- float polish


def _full_vectors(x: np.ndarray, supports: Supports, shape: Sequence[int]) -> list[np.ndarray]:
    """Each player's mixed strategies ``(P, m_j)`` on the game of ``shape`` at points ``x``."""
    out = []
    for p, S, m in zip(_probability_vectors(x, supports), supports, shape):
        vec = np.zeros((len(x), m), dtype=x.dtype)
        vec[:, list(S)] = 1.0 if p is None else p
        out.append(vec)
    return out


def _regrets(payoffs: Sequence[np.ndarray], vectors: Sequence[np.ndarray]) -> np.ndarray:
    """Each player's regret ``(P, n)`` at ``P`` mixed profiles (no checks: the caller's data)."""
    n = len(payoffs)
    letters = "abcdefgh"[:n]
    out = np.empty((len(vectors[0]), n))
    for i, u in enumerate(payoffs):
        others = [j for j in range(n) if j != i]
        spec = letters + "," + ",".join("z" + letters[j] for j in others) + "->z" + letters[i]
        values = np.einsum(spec, u, *(vectors[j] for j in others))
        out[:, i] = values.max(axis=1) - np.einsum("za,za->z", values, vectors[i])
    return out


def verified_roots(
    game: Game,
    payoffs: Sequence[np.ndarray],
    supports: Supports,
    kept: Supports,
    roots: np.ndarray,
    rtol: float,
    tolerance: np.ndarray | None = None,
    tensors: Sequence[np.ndarray | None] | None = None,
) -> list[Equilibrium]:
    """The real, non-negative roots of one support system that verify as equilibria of ``game``.

    ``payoffs`` are the rescaled payoffs of the game reduced to the strategies
    ``kept``, on which the roots are polished (all at once; ``tensors`` are
    their :func:`support_tensors` when already at hand). ``tolerance``, when
    given, is each player's tolerance on ``payoffs``: a root whose regret there
    exceeds :data:`SCREEN_FACTOR` times it (plus :data:`SCREEN_MARGIN` before
    polishing, for the error of an unpolished root) cannot verify -- a strategy
    removed by dominance never pays more than the best kept one -- and is
    dropped before :func:`~leverage.results.verified_equilibrium`, which checks
    every other one on ``game``.
    """
    shape = payoffs[0].shape
    if not len(roots):
        return []
    if np.iscomplexobj(roots):
        roots = roots[np.abs(roots.imag).max(axis=1, initial=0.0) <= ROOT_TOL].real
    lowest = np.min([v.min(axis=1) for v in _full_vectors(roots, supports, shape)], axis=0) if len(roots) else roots
    real = roots[lowest >= -ROOT_TOL]
    if tolerance is not None and len(real):
        vectors = [np.clip(v, 0.0, None) for v in _full_vectors(real, supports, shape)]
        real = real[np.all(_regrets(payoffs, vectors) <= SCREEN_FACTOR * tolerance + SCREEN_MARGIN, axis=1)]
    if not len(real):
        return []
    polished = polish_roots(support_tensors(payoffs, supports) if tensors is None else tensors, supports, real)
    vectors = _full_vectors(polished, supports, shape)
    good = np.min([v.min(axis=1) for v in vectors], axis=0) >= -PROBABILITY_TOL
    vectors = [np.clip(v[good], 0.0, None) for v in vectors]
    if tolerance is not None and len(vectors[0]):
        keep = np.all(_regrets(payoffs, vectors) <= SCREEN_FACTOR * tolerance + PROBABILITY_TOL, axis=1)
        vectors = [v[keep] for v in vectors]
    out = []
    for k in range(len(vectors[0])):
        full = []
        for v, indices, m in zip(vectors, kept, game.shape):
            entry = np.zeros(m)
            entry[list(indices)] = v[k]
            full.append(entry)
        try:
            out.append(verified_equilibrium(game, full, METHOD, rtol=rtol))
        except (UnverifiedEquilibriumError, ValueError):  # a deviation pays, or no positive entry
            continue
    return out


# ----------------------------------------------------------------------------- float systems


def support_tensors(payoffs: Sequence[np.ndarray], supports: Supports) -> list[np.ndarray | None]:
    """The payoff differences of each player's indifference equations on ``supports``.

    For a player ``i`` who mixes, ``D_i[e, s_j, ...] = u_i(S_i[e + 1], s) - u_i(S_i[0], s)``
    with one axis per *mixing* opponent ``j`` (in player order, indexed by
    ``S_j``); opponents who do not mix play their one strategy. Player ``i``'s
    equations are ``D_i`` contracted with the opponents' probability vectors on
    their supports. None for a player who does not mix.
    """
    n = len(payoffs)
    mixing = [j for j in range(n) if len(supports[j]) > 1]
    cells = np.ix_(*supports)
    out: list[np.ndarray | None] = []
    for i, u in enumerate(payoffs):
        if len(supports[i]) == 1:
            out.append(None)
            continue
        sub = np.moveaxis(u[cells], i, 0)
        D = sub[1:] - sub[:1]
        keep = [0] + [1 + k for k, j in enumerate(j for j in range(n) if j != i) if j in mixing]
        D = D.reshape([D.shape[a] for a in keep]) if len(keep) < D.ndim else D
        out.append(np.ascontiguousarray(D))
    return out


def _probability_vectors(x: np.ndarray, supports: Supports) -> list[np.ndarray | None]:
    """Each mixing player's probabilities on its support at points ``x`` of shape ``(P, unknowns)``."""
    out: list[np.ndarray | None] = []
    k = 0
    for S in supports:
        d = len(S) - 1
        if not d:
            out.append(None)
            continue
        xj = x[:, k : k + d]
        out.append(np.concatenate([1.0 - xj.sum(axis=1, keepdims=True), xj], axis=1))
        k += d
    return out


def support_residuals(tensors: Sequence[np.ndarray | None], supports: Supports, x: np.ndarray) -> np.ndarray:
    """The indifference equations of ``supports`` at points ``x`` of shape ``(P, unknowns)``: ``(P, unknowns)``."""
    p = _probability_vectors(x, supports)
    parts = []
    for i, D in enumerate(tensors):
        if D is None:
            continue
        others = [p[j] for j in range(len(tensors)) if j != i and p[j] is not None]
        letters = "abcdefgh"[: len(others)]
        spec = "e" + letters + "," + ",".join("z" + c for c in letters) + "->ze"
        parts.append(np.einsum(spec, D, *others) if others else np.broadcast_to(D, (len(x), len(D))))
    return np.concatenate(parts, axis=1) if parts else np.zeros((len(x), 0))


def polish_roots(tensors: Sequence[np.ndarray | None], supports: Supports, x: np.ndarray) -> np.ndarray:
    """Newton's method on the float system at many real points ``(P, unknowns)`` at once.

    Each residual is affine in each single unknown, so unit differences give
    the exact Jacobian. A point stops when its residual no longer decreases or
    is below :data:`~leverage.tolerance.ROOT_EXACT`; at most
    :data:`NEWTON_ITERATIONS` iterations.
    """
    P, N = x.shape
    if not P or not N:
        return x
    x = x.copy()
    eye = np.eye(N)
    r = support_residuals(tensors, supports, x)
    best = np.abs(r).max(axis=1)
    active = best > ROOT_EXACT
    for _ in range(NEWTON_ITERATIONS):
        rows = np.flatnonzero(active)
        if not len(rows):
            break
        xa = x[rows]
        shifted = (xa[:, None, :] + eye[None]).reshape(-1, N)
        J = (support_residuals(tensors, supports, shifted).reshape(len(rows), N, N) - r[rows][:, None, :])
        J = np.swapaxes(J, 1, 2)  # J[z, e, c] = dF_e / dx_c
        try:
            step = np.linalg.solve(J, r[rows][..., None])[..., 0]
        except np.linalg.LinAlgError:
            step = np.stack([np.linalg.lstsq(Jz, rz, rcond=None)[0] for Jz, rz in zip(J, r[rows])])
        x_new = xa - step
        r_new = support_residuals(tensors, supports, x_new)
        size = np.abs(r_new).max(axis=1)
        better = size < best[rows]
        moved = rows[better]
        x[moved], r[moved], best[moved] = x_new[better], r_new[better], size[better]
        active[rows[~better]] = False
        active[moved[size[better] <= ROOT_EXACT]] = False
    return x
