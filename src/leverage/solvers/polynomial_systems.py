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

from leverage.game import Game, strategy_payoffs
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


def _profile(x: np.ndarray, supports: Supports, shape: Sequence[int]) -> list[np.ndarray]:
    out = []
    k = 0
    for S, m in zip(supports, shape):
        vec = np.zeros(m)
        d = len(S) - 1
        vec[list(S[1:])] = x[k : k + d]
        vec[S[0]] = 1.0 - x[k : k + d].sum()
        out.append(vec)
        k += d
    return out


def _residual(payoffs: Sequence[np.ndarray], supports: Supports, x: np.ndarray) -> np.ndarray:
    shape = payoffs[0].shape
    profile = _profile(x, supports, shape)
    parts = []
    for i, S in enumerate(supports):
        values = strategy_payoffs(payoffs[i], profile, i)
        parts.append(values[list(S[1:])] - values[S[0]])
    return np.concatenate(parts) if parts else np.zeros(0)


def _polish(payoffs: Sequence[np.ndarray], supports: Supports, x: np.ndarray) -> np.ndarray:
    """Newton's method on the float system (each residual is affine in each single unknown,
    so unit differences give the exact Jacobian)."""
    r = _residual(payoffs, supports, x)
    best = float(np.abs(r).max(initial=0.0))
    eye = np.eye(len(x))
    for _ in range(NEWTON_ITERATIONS):
        if best <= ROOT_EXACT:
            break
        J = np.column_stack([_residual(payoffs, supports, x + e) - r for e in eye])
        step = np.linalg.lstsq(J, r, rcond=None)[0]
        x_new = x - step
        r_new = _residual(payoffs, supports, x_new)
        size = float(np.abs(r_new).max(initial=0.0))
        if not size < best:
            break
        x, r, best = x_new, r_new, size
    return x


def verified_roots(
    game: Game,
    payoffs: Sequence[np.ndarray],
    supports: Supports,
    kept: Supports,
    roots: np.ndarray,
    rtol: float,
) -> list[Equilibrium]:
    """The real, non-negative roots of one support system that verify as equilibria of ``game``.

    ``payoffs`` are the rescaled payoffs of the game reduced to the strategies
    ``kept``, on which the roots are polished.
    """
    shape = payoffs[0].shape
    out = []
    for root in roots:
        if np.abs(root.imag).max(initial=0.0) > ROOT_TOL:
            continue
        if min(vec.min() for vec in _profile(root.real, supports, shape)) < -ROOT_TOL:
            continue
        profile = _profile(_polish(payoffs, supports, root.real), supports, shape)
        if min(vec.min() for vec in profile) < -PROBABILITY_TOL:
            continue
        full = []
        for vec, indices, m in zip(profile, kept, game.shape):
            entry = np.zeros(m)
            entry[list(indices)] = np.clip(vec, 0.0, None)
            full.append(entry)
        try:
            out.append(verified_equilibrium(game, full, METHOD, rtol=rtol))
        except (UnverifiedEquilibriumError, ValueError):  # a deviation pays, or no positive entry
            continue
    return out
