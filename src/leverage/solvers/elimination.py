"""Support systems solved without homotopy: closed forms by elimination.

The indifference system of a support profile (:mod:`leverage.solvers.polynomial_systems`)
is multilinear: each player's equations are linear in each opponent's probabilities.
When few players mix this structure lets linear algebra do most of the work:

- *two players mix*: each one's equations are a linear system in the
  other's probabilities (the two-player case of support enumeration);
- *three players mix*, two with ``d`` unknowns and one with one unknown: the
  two are fixed, as kernels of ``d x (d + 1)`` matrices, by the third's
  mixture, and the third's equation becomes one polynomial of degree ``2 d``
  in one unknown -- the multihomogeneous Bezout number, so no root is
  spurious; two players with one unknown and one with two give a quadratic
  the same way;
- *three players with three strategies each* and *four players with two
  each*: eliminating all but two unknowns leaves two polynomials in two
  unknowns, solved by a hidden-variable resultant: the Sylvester matrix in one
  unknown is a matrix polynomial in the other, whose eigenvalues (by a
  companion linearisation and the QZ algorithm) are the candidates (Cox,
  Little and O'Shea 2005, chapter 3; Sturmfels 2002, chapter 2).

A closed form returns every solution near the box of probabilities, or None
whenever the system is not generic enough for it -- a singular matrix, a
polynomial that vanishes identically, a double root, a candidate it cannot
account for, or a kernel that is not a single point where a continuum of
solutions could pass -- and the support then goes to the exact or homotopy
solvers, which tell continua apart. These are helpers of
:func:`~leverage.solvers.polynomial.polynomial_equilibria` (``solver="auto"``);
the module exports nothing in ``__all__``.

References
----------
D. A. Cox, J. Little and D. O'Shea (2005), Using Algebraic Geometry, 2nd
edition, Graduate Texts in Mathematics 185, Springer (chapter 3, resultants).

B. Sturmfels (2002), Solving Systems of Polynomial Equations, CBMS Regional
Conference Series in Mathematics 97, American Mathematical Society.

R. D. McKelvey and A. McLennan (1997), "The maximal number of regular totally
mixed Nash equilibria", Journal of Economic Theory 72(2), 411-425.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import scipy.linalg

from leverage.solvers.polynomial_systems import Supports, polish_roots, support_residuals, support_tensors
from leverage.tolerance import (
    CLOSED_FORM_SAME_ROOT,
    HOMOTOPY_END_RESIDUAL,
    HOMOTOPY_SAME_POINT,
    HOMOTOPY_SINGULAR_RCOND,
)

__all__: list[str] = []

#: A closed form gives up (the support goes to the general solvers) on a matrix whose reciprocal
#: condition number, or a polynomial or kernel vector whose size relative to its inputs, is below this.
CLOSED_FORM_RCOND = HOMOTOPY_SINGULAR_RCOND
#: Two roots of a closed form closer than this (relative) may be one multiple root: the closed form gives
#: up (see :data:`leverage.tolerance.CLOSED_FORM_SAME_ROOT`).
SAME_ROOT = CLOSED_FORM_SAME_ROOT
#: Two eigenvalues of a hidden-variable resultant, or two polished solutions, closer than this (relative)
#: may be one: the closed form gives up. (Distinct solutions may share a coordinate to within
#: :data:`SAME_ROOT`; a multiple solution makes polished candidates meet.)
SAME_POINT = HOMOTOPY_SAME_POINT
#: Roots of a closed form farther than this from ``[0, 1]`` (real or imaginary part) cannot be probabilities.
BOX_MARGIN = 0.1
#: Points (off the box) where a hidden-variable resultant is checked not to vanish identically.
PROBE_POINTS = (0.37 + 0.61j, -0.52 + 0.29j)
#: A candidate of a hidden-variable resultant is a solution when Newton's method brings its residual
#: below this (relative to ``1 + |x|``).
SOLVED = HOMOTOPY_END_RESIDUAL


def _orient(D: np.ndarray, owner: int, axes: Sequence[int], order: Sequence[int], batch: int = 0) -> np.ndarray:
    """``D`` (``batch`` leading axes, then equations, then one axis per mixing opponent in player order
    ``axes``) with its opponent axes in the order ``order``."""
    position = {j: batch + 1 + k for k, j in enumerate(a for a in axes if a != owner)}
    return np.transpose(D, list(range(batch + 1)) + [position[j] for j in order])


def _kernel_vector(A: np.ndarray) -> np.ndarray:
    """Signed maximal minors of matrices ``(..., d, d + 1)``: a vector spanning each kernel (zero when
    the rank is below ``d``), a polynomial of degree ``d`` in the entries."""
    d = A.shape[-1] - 1
    if not d:
        return np.ones(A.shape[:-2] + (1,), dtype=A.dtype)
    columns = [[c for c in range(d + 1) if c != k] for k in range(d + 1)]
    minors = np.stack([A[..., cols] for cols in columns], axis=-3)  # (..., d + 1, d, d)
    return np.linalg.det(minors) * (-1.0) ** np.arange(d + 1)


def _affine_stack(q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Homogeneous vectors ``(..., m)`` scaled to sum to 1, and whether each sum is nonzero."""
    total = q.sum(axis=-1)
    ok = np.abs(total) > CLOSED_FORM_RCOND * np.abs(q).max(axis=-1)
    return q / np.where(ok, total, 1.0)[..., None], ok


def _near_box(p: np.ndarray) -> np.ndarray:
    """Whether each vector ``(..., m)`` is within :data:`BOX_MARGIN` of the box of probabilities."""
    return np.all((p.real >= -BOX_MARGIN) & (p.real <= 1.0 + BOX_MARGIN) & (np.abs(p.imag) <= BOX_MARGIN), axis=-1)


def _roots_of_stack(values: np.ndarray) -> np.ndarray:
    """Roots ``(G, L - 1)`` of the polynomials of degree ``L - 1`` sampled at the ``L`` roots of unity
    (``values`` of shape ``(G, L)``): eigenvalues of their companion matrices; NaN pads a polynomial of
    lower degree."""
    G, L = values.shape
    degree = L - 1
    coefficients = np.fft.fft(values, axis=1) / L  # constant first
    out = np.full((G, degree), np.nan, dtype=complex)
    lead = coefficients[:, -1]
    regular = np.abs(lead) > CLOSED_FORM_RCOND * np.abs(coefficients).max(axis=1)
    if regular.any():
        c = coefficients[regular]
        companion = np.zeros((len(c), degree, degree), dtype=complex)
        companion[:, 0, :] = -c[:, -2::-1] / c[:, -1:]
        companion[:, np.arange(1, degree), np.arange(degree - 1)] = 1.0
        out[regular] = np.linalg.eigvals(companion)
    for g in np.flatnonzero(~regular):  # a (nearly) lower degree: roots at infinity dropped
        roots = np.roots(coefficients[g, ::-1])
        out[g, : len(roots)] = roots
    return out


def _not_separated(roots: np.ndarray, near: np.ndarray) -> np.ndarray:
    """Whether, in each row, a root near the box is within :data:`SAME_ROOT` of another root."""
    gap = np.abs(roots[:, :, None] - roots[:, None, :])
    idx = np.arange(roots.shape[1])
    gap[:, idx, idx] = np.inf
    close = gap <= SAME_ROOT * (1.0 + np.abs(roots))[:, :, None]
    return np.any(close & near[:, :, None], axis=(1, 2))


def _roots_of_unity(L: int) -> np.ndarray:
    return np.exp(2j * np.pi * np.arange(L) / L)


def _binary(z: np.ndarray) -> np.ndarray:
    """The mixtures ``(1 - z, z)`` of a player with two strategies, ``z.shape + (2,)``."""
    return np.stack([1.0 - z, z], axis=-1)


def _small_stack(q: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return np.abs(q).max(axis=-1) <= CLOSED_FORM_RCOND * scale


def _one_mixing(T: Sequence[np.ndarray | None], mixing: Sequence[int]) -> list[np.ndarray | None]:
    """One player mixes: the equations are constants, with no solution unless they all vanish."""
    D = T[mixing[0]]
    assert D is not None
    d = D.shape[1]
    return [np.empty((0, d)) if np.abs(Dg).max() > CLOSED_FORM_RCOND else None for Dg in D]


def _pair_stack(T: Sequence[np.ndarray | None], i: int, j: int) -> list[np.ndarray | None]:
    """Two players mix: each one's equations are linear in the other's probabilities."""
    Di, Dj = T[i], T[j]
    assert Di is not None and Dj is not None
    G, di, dj = len(Di), Di.shape[1], Dj.shape[1]
    if di != dj:  # more equations than unknowns for one of them: generically no solution
        sv = np.linalg.svd(Di if di > dj else Dj, compute_uv=False)
        full = sv[:, -1] > CLOSED_FORM_RCOND * sv[:, 0]
        return [np.empty((0, di + dj)) if ok else None for ok in full]
    bad = np.zeros(G, dtype=bool)
    for D in (Di, Dj):
        sv = np.linalg.svd(D, compute_uv=False)
        bad |= ~(sv[:, -1] > CLOSED_FORM_RCOND * sv[:, 0])
    p_i, ok_i = _affine_stack(_kernel_vector(Dj))  # player j's equations fix player i's mixture
    p_j, ok_j = _affine_stack(_kernel_vector(Di))
    x = np.concatenate([p_i[:, 1:], p_j[:, 1:]], axis=1)
    return [None if bad[g] else x[g : g + 1] if ok_i[g] and ok_j[g] else np.empty((0, di + dj)) for g in range(G)]


def _assemble(vectors: dict[int, np.ndarray], mixing: Sequence[int], keep: np.ndarray, bad: np.ndarray) -> list[np.ndarray | None]:
    """Per support, the unknowns of its kept candidates (each mixing player's probabilities but the first)."""
    x = np.concatenate([vectors[m][..., 1:] for m in mixing], axis=-1)
    return [None if bad[g] else x[g][keep[g]] for g in range(len(x))]


def _pair_and_binary_stack(
    T: Sequence[np.ndarray | None], mixing: Sequence[int], i: int, j: int, k: int, d: int
) -> list[np.ndarray | None]:
    """Players ``i`` and ``j`` with ``d`` unknowns each, ``k`` with one: a polynomial of degree ``2 d``."""
    Di = _orient(T[i], i, mixing, (j, k), batch=1)  # (G, d, d + 1, 2): equations, p_j, p_k
    Dj = _orient(T[j], j, mixing, (i, k), batch=1)
    Dk = _orient(T[k], k, mixing, (i, j), batch=1)[:, 0]  # (G, d + 1, d + 1): p_i, p_j
    norm_k = np.linalg.norm(Dk, axis=(1, 2))

    norm_i, norm_j = np.linalg.norm(Di.reshape(len(Di), -1), axis=1), np.linalg.norm(Dj.reshape(len(Dj), -1), axis=1)

    def kernels(pk: np.ndarray) -> tuple[np.ndarray, ...]:
        Ai = np.einsum("geab,grb->grea", Di, pk)  # player i's equations, linear in p_j
        Aj = np.einsum("geab,grb->grea", Dj, pk)
        size = np.linalg.norm(pk, axis=2)  # scales of the kernels from the inputs, not from A (which may vanish)
        scale_i, scale_j = (norm_i[:, None] * size) ** d, (norm_j[:, None] * size) ** d
        return _kernel_vector(Aj), _kernel_vector(Ai), scale_j, scale_i

    L = 2 * d + 1
    qi, qj, scale_j, scale_i = kernels(np.broadcast_to(_binary(_roots_of_unity(L)), (len(Di), L, 2)))
    values = np.einsum("gra,gab,grb->gr", qi, Dk, qj)
    bad = np.abs(values).max(axis=1) <= CLOSED_FORM_RCOND * (scale_i * scale_j).max(axis=1) * norm_k
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        roots = _roots_of_stack(values)
        pk = _binary(roots)
        near = _near_box(pk)
        bad |= _not_separated(roots, near)
        qi, qj, scale_j, scale_i = kernels(pk)
        small = near & (_small_stack(qi, scale_j) | _small_stack(qj, scale_i))
        bad |= small.any(axis=1)  # an eliminated player's kernel is not a point: a possible continuum
        p_i, ok_i = _affine_stack(qi)
        p_j, ok_j = _affine_stack(qj)
    return _assemble({i: p_i, j: p_j, k: pk}, mixing, near & ok_i & ok_j, bad)


def _binary_pair_and_ternary_stack(
    T: Sequence[np.ndarray | None], mixing: Sequence[int], i: int, j: int, k: int
) -> list[np.ndarray | None]:
    """Players ``i`` and ``j`` with one unknown each, ``k`` with two: a quadratic."""
    Dk = _orient(T[k], k, mixing, (i, j), batch=1)  # (G, 2, 2, 2): equations, p_i, p_j
    Di = _orient(T[i], i, mixing, (j, k), batch=1)[:, 0]  # (G, 2, 3): p_j, p_k
    Dj = _orient(T[j], j, mixing, (i, k), batch=1)[:, 0]  # (G, 2, 3): p_i, p_k
    G = len(Dk)
    B = np.einsum("geab,gra->greb", Dk, np.broadcast_to(_binary(_roots_of_unity(3)), (G, 3, 2)))
    values = np.linalg.det(B)
    bad = np.abs(values).max(axis=1) <= CLOSED_FORM_RCOND * (np.linalg.norm(Dk.reshape(G, -1), axis=1) * 2.0) ** 2
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        roots = _roots_of_stack(values)
        pi = _binary(roots)
        near = _near_box(pi)
        bad |= _not_separated(roots, near)
        B = np.einsum("geab,gra->greb", Dk, pi)  # player k's equations, linear in p_j: rank one at a root
        row = np.take_along_axis(B, np.argmax(np.abs(B).sum(axis=3), axis=2)[:, :, None, None], axis=2)[:, :, 0]
        qj = np.stack([-row[..., 1], row[..., 0]], axis=-1)
        size_i = np.linalg.norm(pi, axis=2)
        small = near & _small_stack(qj, np.linalg.norm(Dk.reshape(G, -1), axis=1)[:, None] * size_i)
        p_j, ok_j = _affine_stack(qj)
        A = np.stack([np.einsum("grb,gbc->grc", p_j, Di), np.einsum("gra,gac->grc", pi, Dj)], axis=2)
        qk = _kernel_vector(A)  # players i and j's equations, linear in p_k
        scale = (np.linalg.norm(Di, axis=(1, 2))[:, None] * np.linalg.norm(p_j, axis=2)
                 * np.linalg.norm(Dj, axis=(1, 2))[:, None] * size_i)
        small |= near & _small_stack(qk, scale)
        bad |= small.any(axis=1)
        p_k, ok_k = _affine_stack(qk)
    return _assemble({i: pi, j: p_j, k: p_k}, mixing, near & ok_j & ok_k, bad)


def _hidden_variable_candidates(
    evaluate: Callable[[np.ndarray, np.ndarray], np.ndarray], y_degrees: tuple[int, int], z_degree: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """Common roots ``(y, z)`` near the box of two polynomials, by a hidden-variable resultant.

    ``evaluate(y, z)`` gives both polynomials at points, shape ``(2, P)``; their
    degrees in ``y`` are ``y_degrees`` and in ``z`` at most ``z_degree``. The
    coefficients come from values at roots of unity (a two-dimensional FFT);
    the Sylvester matrix in ``y`` is a matrix polynomial ``S(z)``, and the
    eigenvalues of its companion pencil are the ``z`` of the common roots, its
    eigenvectors the powers of their ``y``. None when a polynomial vanishes
    identically or two candidates are too close to tell apart.
    """
    a1, a2 = y_degrees
    Ny, Nz = max(a1, a2) + 1, z_degree + 1
    wy, wz = np.exp(2j * np.pi * np.arange(Ny) / Ny), np.exp(2j * np.pi * np.arange(Nz) / Nz)
    Y, Z = np.meshgrid(wy, wz, indexing="ij")
    values = evaluate(Y.ravel(), Z.ravel()).reshape(2, Ny, Nz)
    if np.any(np.abs(values).max(axis=(1, 2)) <= CLOSED_FORM_RCOND * np.abs(values).max()):
        return None
    coefficients = np.fft.fft2(values, axes=(1, 2)) / (Ny * Nz)  # [polynomial, power of y, power of z]
    n = a1 + a2
    S = np.zeros((Nz, n, n), dtype=complex)
    for r in range(a2):
        S[:, r, r : r + a1 + 1] = coefficients[0, : a1 + 1].T
    for r in range(a1):
        S[:, a2 + r, r : r + a2 + 1] = coefficients[1, : a2 + 1].T
    # a resultant that vanishes identically (the two curves share a component: a continuum, or a
    # structure the elimination does not fit) shows as a singular S(z) at points off every root
    for z0 in PROBE_POINTS:
        Sz = np.tensordot(z0 ** np.arange(Nz), S, axes=1)
        sv = np.linalg.svd(Sz, compute_uv=False)
        if sv[-1] <= CLOSED_FORM_RCOND * sv[0]:
            return None
    L = z_degree
    A = np.zeros((n * L, n * L), dtype=complex)
    B = np.eye(n * L, dtype=complex)
    A[: n * (L - 1), n:] = np.eye(n * (L - 1))
    A[n * (L - 1) :] = -np.concatenate(list(S[:L]), axis=1)
    B[n * (L - 1) :, n * (L - 1) :] = S[L]
    ab, vectors = scipy.linalg.eig(A, B, homogeneous_eigvals=True)
    alpha, beta = ab
    finite = np.abs(beta) > CLOSED_FORM_RCOND * np.abs(alpha)
    z = alpha[finite] / beta[finite]
    vectors = vectors[:, finite]
    near = _near_box(z[:, None])
    gap = np.abs(z[:, None] - z[None, :])
    np.fill_diagonal(gap, np.inf)
    if np.any(gap[near] <= SAME_POINT * (1.0 + np.abs(z[near]))[:, None]):
        return None
    blocks = vectors[:, near].T.reshape(-1, L, n)  # each eigenvector: v, z v, ..., z^(L-1) v
    v = blocks[np.arange(len(blocks)), np.argmax(np.abs(blocks).sum(axis=2), axis=1)]
    y = np.sum(v[:, :-1].conj() * v[:, 1:], axis=1) / np.sum(np.abs(v[:, :-1]) ** 2, axis=1)  # v ~ (1, y, y^2, ...)
    keep = _near_box(y[:, None])
    return y[keep], z[near][keep]


def _checked_solutions(
    tensors: Sequence[np.ndarray | None], supports: Supports, points: list[np.ndarray]
) -> np.ndarray | None:
    """Candidates polished by Newton's method in complex arithmetic; None if one does not solve the system
    or two meet (the elimination then missed something it cannot vouch for)."""
    unknowns = sum(len(S) - 1 for S in supports)
    if not points:
        return np.empty((0, unknowns), dtype=complex)
    x = polish_roots(tensors, supports, np.array(points, dtype=complex))
    residual = np.abs(support_residuals(tensors, supports, x)).max(axis=1)
    if np.any(~(residual <= SOLVED * (1.0 + np.abs(x).max(axis=1)))) or not _separated_points(x):
        return None
    return x


def _separated_points(x: np.ndarray) -> bool:
    gap = np.abs(x[:, None, :] - x[None, :, :]).max(axis=2)
    np.fill_diagonal(gap, np.inf)
    return bool(np.all(gap > SAME_POINT * (1.0 + np.abs(x).max(axis=1))[:, None]))


def _three_ternary_roots(tensors: Sequence[np.ndarray | None], supports: Supports, mixing: Sequence[int]) -> np.ndarray | None:
    """Three players mix over three strategies each: player ``k``'s mixture ``(1 - y - z, y, z)`` fixes the
    other two as kernels (quadratic in ``(y, z)``), and player ``k``'s two equations become two quartics."""
    i, j, k = mixing
    Di = _orient(tensors[i], i, mixing, (j, k))  # (2, 3, 3): equations, p_j, p_k
    Dj = _orient(tensors[j], j, mixing, (i, k))
    Dk = _orient(tensors[k], k, mixing, (i, j))  # (2, 3, 3): equations, p_i, p_j

    def kernels(y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, ...]:
        pk = np.stack([1.0 - y - z, y, z], axis=1)
        Ai = np.einsum("eab,zb->zea", Di, pk)
        Aj = np.einsum("eab,zb->zea", Dj, pk)
        return pk, Ai, Aj, _kernel_vector(Aj), _kernel_vector(Ai)

    def evaluate(y: np.ndarray, z: np.ndarray) -> np.ndarray:
        _, _, _, qi, qj = kernels(y, z)
        return np.einsum("za,eab,zb->ez", qi, Dk, qj)

    candidates = _hidden_variable_candidates(evaluate, (4, 4), 4)
    if candidates is None:
        return None
    pk, Ai, Aj, qi, qj = kernels(*candidates)
    size = np.linalg.norm(pk, axis=1)
    small_i = _small_stack(qi, (np.linalg.norm(Dj) * size) ** 2)
    small_j = _small_stack(qj, (np.linalg.norm(Di) * size) ** 2)
    if np.any(small_i & small_j):
        return None
    for r in np.flatnonzero(small_i | small_j):  # a rank drop of one kernel: a solution there needs the others to agree
        free, fixed, A = (Dk, qj[r], Aj[r]) if small_i[r] else (np.swapaxes(Dk, 1, 2), qi[r], Ai[r])
        basis = np.linalg.svd(A)[2][-2:].conj().T  # (3, 2): the two-dimensional kernel
        M = np.einsum("eab,b,ac->ec", free, fixed, basis)
        if abs(np.linalg.det(M)) <= CLOSED_FORM_RCOND * (np.linalg.norm(Dk) * np.linalg.norm(fixed)) ** 2:
            return None
    p_i, ok_i = _affine_stack(qi)
    p_j, ok_j = _affine_stack(qj)
    keep = ok_i & ok_j & ~small_i & ~small_j
    x = np.concatenate([{i: p_i, j: p_j, k: pk}[m][keep, 1:] for m in mixing], axis=1)
    return _checked_solutions(tensors, supports, list(x))


def _four_binary_roots(tensors: Sequence[np.ndarray | None], supports: Supports, mixing: Sequence[int]) -> np.ndarray | None:
    """Four players mix over two strategies each: the last two players' mixtures ``(1 - y, y)`` and
    ``(1 - z, z)`` fix the first two as kernels (bilinear in ``(y, z)``), and the last two players'
    equations become two polynomials of degrees ``(2, 3)`` and ``(3, 2)`` in ``(y, z)``."""
    a, b, c, d = mixing
    Da = _orient(tensors[a], a, mixing, (b, c, d))[0]  # (2, 2, 2): p_b, p_c, p_d
    Db = _orient(tensors[b], b, mixing, (a, c, d))[0]
    Dc = _orient(tensors[c], c, mixing, (a, b, d))[0]  # p_a, p_b, p_d
    Dd = _orient(tensors[d], d, mixing, (a, b, c))[0]  # p_a, p_b, p_c

    def kernels(y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, ...]:
        pc, pd = np.stack([1.0 - y, y], axis=1), np.stack([1.0 - z, z], axis=1)
        ra = np.einsum("bcd,zc,zd->zb", Da, pc, pd)  # player a's equation, linear in p_b
        rb = np.einsum("acd,zc,zd->za", Db, pc, pd)
        qb, qa = np.stack([-ra[:, 1], ra[:, 0]], axis=1), np.stack([-rb[:, 1], rb[:, 0]], axis=1)
        return pc, pd, ra, rb, qa, qb

    def evaluate(y: np.ndarray, z: np.ndarray) -> np.ndarray:
        pc, pd, _, _, qa, qb = kernels(y, z)
        return np.stack([np.einsum("abd,za,zb,zd->z", Dc, qa, qb, pd), np.einsum("abc,za,zb,zc->z", Dd, qa, qb, pc)])

    candidates = _hidden_variable_candidates(evaluate, (2, 3), 3)
    if candidates is None:
        return None
    pc, pd, ra, rb, qa, qb = kernels(*candidates)
    size = np.linalg.norm(pc, axis=1) * np.linalg.norm(pd, axis=1)
    small_a = _small_stack(qa, np.linalg.norm(Db) * size)
    small_b = _small_stack(qb, np.linalg.norm(Da) * size)
    if np.any(small_a & small_b):
        return None
    for r in np.flatnonzero(small_a | small_b):  # one kernel is the whole line: the last two equations must agree on it
        if small_a[r]:
            M = np.stack([np.einsum("abd,b,d->a", Dc, qb[r], pd[r]), np.einsum("abc,b,c->a", Dd, qb[r], pc[r])])
        else:
            M = np.stack([np.einsum("abd,a,d->b", Dc, qa[r], pd[r]), np.einsum("abc,a,c->b", Dd, qa[r], pc[r])])
        scale = (np.linalg.norm(Dc) + np.linalg.norm(Dd)) * np.linalg.norm(qb[r] if small_a[r] else qa[r]) * size[r]
        if abs(np.linalg.det(M)) <= CLOSED_FORM_RCOND * scale**2:
            return None
    p_a, ok_a = _affine_stack(qa)
    p_b, ok_b = _affine_stack(qb)
    keep = ok_a & ok_b & ~small_a & ~small_b
    x = np.concatenate([{a: p_a, b: p_b, c: pc, d: pd}[m][keep, 1:] for m in mixing], axis=1)
    return _checked_solutions(tensors, supports, list(x))


def _roles(sizes: Sequence[int]) -> tuple[str, tuple[int, ...]] | None:
    """The closed form for supports of these sizes and the players in the order it takes them, or None."""
    mixing = [m for m, size in enumerate(sizes) if size > 1]
    d = {m: sizes[m] - 1 for m in mixing}
    ones = [m for m in mixing if d[m] == 1]
    if len(mixing) <= 2:
        return ("linear", tuple(mixing))
    if len(mixing) == 3 and (len(ones) == 3 or (len(ones) == 1 and len({d[m] for m in mixing if m not in ones}) == 1)):
        k = ones[-1]
        return ("pair and binary", (*[m for m in mixing if m != k], k))
    if len(mixing) == 3 and len(ones) == 2 and max(d.values()) == 2:
        return ("binary pair and ternary", (*ones, next(m for m in mixing if m not in ones)))
    if len(mixing) == 3 and all(d[m] == 2 for m in mixing):
        return ("three ternary", tuple(mixing))
    if len(mixing) == 4 and all(d[m] == 1 for m in mixing):
        return ("four binary", tuple(mixing))
    return None


def _in_roles(tensors: Sequence[np.ndarray | None], roles: Sequence[int]) -> list[np.ndarray]:
    """The tensors of the players ``roles``, each with its opponents' axes in the order of ``roles``."""
    mixing = sorted(roles)
    out = []
    for r in roles:
        D = tensors[r]
        assert D is not None
        out.append(_orient(D, r, mixing, [m for m in roles if m != r]))
    return out


def _group_roots(kind: str, T: Sequence[np.ndarray], sizes: Sequence[int]) -> list[np.ndarray | None]:
    """A closed form on stacked tensors in the order of its roles; unknowns in that order too."""
    if kind == "linear" and len(T) == 1:
        return _one_mixing(T, [0])
    if kind == "linear":
        return _pair_stack(T, 0, 1)
    if kind == "pair and binary":
        return _pair_and_binary_stack(T, [0, 1, 2], 0, 1, 2, sizes[0] - 1)
    return _binary_pair_and_ternary_stack(T, [0, 1, 2], 0, 1, 2)


def closed_form_applies(supports: Supports) -> bool:
    """Whether supports of these sizes have a closed form (it may still give up on a non-generic system)."""
    return _roles([len(S) for S in supports]) is not None


def closed_form_roots(
    payoffs: Sequence[np.ndarray],
    profiles: Sequence[Supports],
    tensors: Sequence[Sequence[np.ndarray | None] | None] | None = None,
) -> list[np.ndarray | None]:
    """For each support profile, the complex solutions near the box of probabilities, or None.

    Profiles whose systems have the same shape (up to which players mix) are
    solved together, as one array computation.

    Parameters
    ----------
    payoffs : sequence of numpy.ndarray
        The players' payoffs (rescaled to ``[0, 1]``).
    profiles : sequence of tuple of tuple of int
        Support profiles, each with at least one player mixing.
    tensors : sequence, optional
        Their :func:`~leverage.solvers.polynomial_systems.support_tensors`, if already computed.

    Returns
    -------
    list of numpy.ndarray or None
        Per profile, shape ``(k, unknowns)``: every solution whose
        probabilities are within :data:`BOX_MARGIN` of ``[0, 1]`` (the others
        cannot be equilibria), in the unknowns of
        :func:`~leverage.solvers.polynomial_systems.indifference_system`; None
        when no closed form applies or the system is not generic enough for it
        (the caller then solves it exactly or by homotopy).
    """
    out: list[np.ndarray | None] = [None] * len(profiles)
    groups: dict[tuple[str, tuple[int, ...]], list[tuple[int, tuple[int, ...], list[np.ndarray]]]] = {}
    for k, supports in enumerate(profiles):
        sizes = [len(S) for S in supports]
        found = _roles(sizes)
        if found is None:
            continue
        kind, roles = found
        member = support_tensors(payoffs, supports) if tensors is None or tensors[k] is None else tensors[k]
        if kind == "three ternary":
            out[k] = _three_ternary_roots(member, supports, list(roles))
        elif kind == "four binary":
            out[k] = _four_binary_roots(member, supports, list(roles))
        else:
            key = (kind, tuple(sizes[r] for r in roles))
            groups.setdefault(key, []).append((k, roles, _in_roles(member, roles)))
    for (kind, sizes), members in groups.items():
        stacked = [np.stack([T[q] for _, _, T in members]) for q in range(len(sizes))]
        for (k, roles, _), x in zip(members, _group_roots(kind, stacked, sizes)):
            if x is None:
                continue
            # from the order of the roles to the order of the players
            blocks = np.split(np.arange(x.shape[1]), np.cumsum([sizes[q] - 1 for q in range(len(roles))])[:-1])
            out[k] = x[:, np.concatenate([blocks[q] for q in np.argsort(roles)])]
    return out
