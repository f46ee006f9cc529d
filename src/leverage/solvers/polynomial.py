"""Mixed Nash equilibria of small n-player games: support enumeration over polynomial systems.

For every profile of supports ``S = (S_1, ..., S_n)`` an equilibrium with
exactly those supports makes each player indifferent among the strategies of
its support. Writing ``p_i`` for player ``i``'s probabilities on ``S_i`` (the
first one being ``1`` minus the others), the conditions are

.. math::

    u_i(s, p_{-i}) - u_i(r_i, p_{-i}) = 0 \\qquad
    \\text{for every player } i \\text{ and every } s \\in S_i \\setminus \\{r_i\\},

where ``r_i`` is the first strategy of ``S_i``: ``sum_i (|S_i| - 1)``
equations, multilinear in the other players' probabilities, in as many
unknowns (McKelvey and McLennan 1996, section 6; Datta 2003). A solution is
an equilibrium when its probabilities are real and non-negative and no
strategy outside the supports pays more.

Method
------
1. Strictly dominated strategies are removed first
   (:func:`~leverage.iterated_dominance`): they are in no equilibrium's support.
2. Support profiles are visited with the fewest strategies first, then the
   most balanced (Porter, Nudelman and Shoham 2008, section 4); a profile is
   skipped, before any polynomial work, when some strategy of a support is
   strictly dominated *given* the others' supports (their conditional
   dominance test, for all profiles at once). Pure profiles come from
   :func:`~leverage.pure_equilibria`.
3. Each system is solved exactly or numerically (``solver``):

   - *exactly* (``"exact"``): payoffs are read as rational numbers (the
     shortest decimal that rounds to the stored float, so ``0.1`` is
     ``1/10`` and ties written in decimals stay exact ties) and a reduced
     Groebner basis over the rationals is computed
     (:func:`sympy.polys.groebnertools.groebner`, graded reverse
     lexicographic order). If the basis is ``{1}`` the support has no
     solution. If the ideal is zero-dimensional, its finitely many complex
     solutions are the joint eigenvalues of the multiplication matrices on
     the quotient ring, read off one Schur factorisation (Corless, Gianni and
     Trager 1997; Sturmfels 2002, chapter 2). If the ideal is
     positive-dimensional the game is degenerate: the support may carry a
     *continuum* of equilibria. The free unknowns are then fixed at ``0``,
     ``1/2`` and ``1`` and each slice is solved again, so that the points
     returned on the continuum are samples (its end points usually also
     appear as solutions of neighbouring supports), and an
     :class:`~leverage.IncompleteEnumerationWarning` names the support.
   - *numerically* (``"homotopy"``): by a multihomogeneous homotopy that
     tracks, for all supports at once, as many paths as each system can
     have isolated solutions (:mod:`leverage.solvers.homotopy`).
     With probability one every isolated solution is reached. A support
     where a path fails twice, two paths meet, or an end point in the box of
     probabilities is singular (a continuum or a multiple root, so a
     degenerate game) is *unresolved*, and an
     :class:`~leverage.IncompleteEnumerationWarning` names it.
   - ``"auto"`` (the default) first tries closed forms
     (:mod:`leverage.solvers.elimination`): when two players mix,
     when three do with one of them over two strategies, or with three
     strategies each, and when four players mix over two strategies each,
     linear algebra and one polynomial in one or two unknowns give every
     solution, for all the supports of one shape in one array computation.
     A closed form gives up on any sign that the system is not generic (a
     singular matrix, a vanishing or multiple root, a kernel that is not a
     point); such supports, and those of other shapes, are solved exactly
     when their size is at most :data:`AUTO_EXACT_SIZE` (6: three players
     with two strategies each, or two players mixing among up to seven
     strategies), where exact arithmetic tells continua apart, and by the
     homotopy above it.

4. Each real candidate whose regret is not far above the tolerance is
   polished by Newton's method on the float game and kept only if
   :func:`~leverage.results.verified_equilibrium` accepts it under the
   library's tolerance rule; no unverified point is returned.
   Duplicates are dropped with :func:`~leverage.results.unique_equilibria`.

When no support has a positive-dimensional system and none is unresolved,
the game has finitely many equilibria and the list is all of them.

Steps 3 (exactly) and 4 -- the system of one support profile, its Groebner
basis and the polish of its roots -- are in
:mod:`leverage.solvers.polynomial_systems`.

Limits
------
The Groebner bases are computed by sympy in pure Python, so their work grows
steeply with the *size* of a support system: its number of unknowns
``sum_i (|S_i| - 1)`` times its degree (the number of players who mix, minus
one), and with the number of digits of the payoffs. The homotopy's work
grows with the number of paths, the multihomogeneous Bezout numbers of the
support sizes (:func:`~leverage.solvers.homotopy.bezout_number`: 10 for the
full support of three players with three strategies, 297 for four; about
5,800 paths for all the supports of a 3 x 3 x 3 x 3 game), and it does not
depend on the digits (timings of whole games, ``"exact"`` against ``"auto"``,
are in ``benchmarks/README.md``). The documented limits, checked before any
system is solved, are: at most :data:`MAX_PLAYERS` (6) players; at most
``max_supports`` (default :data:`MAX_SUPPORTS`) support profiles after
dominance; and, with ``solver="exact"``, no support profile left after the
dominance tests of size above ``max_size`` (default :data:`MAX_SIZE`, 12).
A game beyond them raises :class:`GameTooLargeError` (a
:class:`~leverage.SolverError`) saying which limit and by how much. Every
loop is bounded: the number of supports, the number of slices of a continuum
(:data:`MAX_SLICES` per support), the Newton iterations, and the paths and
steps of the homotopy (:data:`~leverage.solvers.homotopy.MAX_PATHS`,
:data:`~leverage.solvers.homotopy.MAX_STEPS`).

References
----------
R. D. McKelvey and A. McLennan (1996), "Computation of equilibria in finite
games", in Handbook of Computational Economics, vol. 1, chapter 2, 87-142.

R. D. McKelvey and A. McLennan (1997), "The maximal number of regular totally
mixed Nash equilibria", Journal of Economic Theory 72(2), 411-425.

R. S. Datta (2003), "Using computer algebra to find Nash equilibria", in
Proceedings of ISSAC 2003, 74-79.

R. Porter, E. Nudelman and Y. Shoham (2008), "Simple search methods for
finding a Nash equilibrium", Games and Economic Behavior 63(2), 642-662.

R. M. Corless, P. M. Gianni and B. M. Trager (1997), "A reordered Schur
factorization method for zero-dimensional polynomial systems with multiple
roots", in Proceedings of ISSAC 1997, 133-140.

A. P. Morgan and A. J. Sommese (1987), "A homotopy for solving general
polynomial systems that respects m-homogeneous structures", Applied
Mathematics and Computation 24(2), 101-113.

B. Sturmfels (2002), Solving Systems of Polynomial Equations, CBMS Regional
Conference Series in Mathematics 97, American Mathematical Society
(chapter 6, "Polynomial systems in economics").
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations, product
from math import prod
from typing import Any

import numpy as np
from scipy.optimize import linprog

from leverage.game import Game
from leverage.results import (
    Equilibrium,
    IncompleteEnumerationWarning,
    SolverError,
    unique_equilibria,
)
from leverage.solvers.dominance import DominanceResult, iterated_dominance
from leverage.solvers.homotopy import MAX_BEZOUT_UNKNOWNS, HomotopyResult, bezout_number, track_supports
from leverage.solvers.elimination import closed_form_applies, closed_form_roots
from leverage.solvers.polynomial_systems import (  # noqa: F401  (the constants stay importable from here)
    MAX_SOLUTIONS,
    METHOD,
    NEWTON_ITERATIONS,
    PROBABILITY_TOL,
    ROOT_TOL,
    Supports,
    exact_payoffs,
    indifference_system,
    solve_system,
    support_tensors,
    verified_roots,
)
from leverage.solvers.pure import pure_equilibria
from leverage.tolerance import LP_FEASIBILITY_TOL, DELTA_TOL as _DELTA_TOL, payoff_scale, resolve_rtol

__all__ = [
    "polynomial_equilibria",
    "PolynomialEnumeration",
    "GameTooLargeError",
    "support_profiles",
    "MAX_PLAYERS",
    "MAX_SIZE",
    "MAX_SUPPORTS",
    "MAX_SLICES",
    "SOLVERS",
]

#: Largest number of players accepted.
MAX_PLAYERS = 6
#: How support systems are solved: see :func:`polynomial_equilibria`.
SOLVERS = ("auto", "exact", "homotopy")
#: Seeds of the homotopy's random start systems: a support whose paths fail with the first is tracked again with the second.
HOMOTOPY_SEEDS = (20_261_122, 19_870_101)
#: With ``solver="auto"``, support systems up to this size are always solved exactly.
AUTO_EXACT_SIZE = 6
#: Largest step in ``t`` when a support's paths are tracked again.
RETRY_STEP = 0.005
#: Default bound on the size of one support system (its unknowns times its degree).
MAX_SIZE = 12
#: Largest ``max_size`` a caller may ask for (the Groebner bases beyond it take hours).
HARD_MAX_SIZE = 16
#: Default bound on the number of support profiles (after dominance).
MAX_SUPPORTS = 10_000
#: Largest number of slices solved to sample one continuum of solutions.
MAX_SLICES = 27
#: A support whose relaxed best-response program cannot give every profile of the others'
#: supports more than this probability is not reported as a possible continuum.
DELTA_TOL = _DELTA_TOL

_CALLER = "polynomial_equilibria()"


class GameTooLargeError(SolverError):
    """The game is beyond the documented limits of :func:`polynomial_equilibria`.

    Examples
    --------
    >>> import numpy as np
    >>> from leverage import Game
    >>> polynomial_equilibria(Game([np.zeros((2,) * 7)] * 7))
    Traceback (most recent call last):
    ...
    leverage.solvers.polynomial.GameTooLargeError: polynomial_equilibria(): the game has 7 players; ... at most 6
    """


@dataclass(frozen=True, eq=False)
class PolynomialEnumeration:
    """Full output of :func:`polynomial_equilibria` (``full_output=True``).

    Attributes
    ----------
    equilibria : list of Equilibrium
        The verified equilibria, distinct, in a deterministic order.
    complete : bool
        True when every support system was zero-dimensional: the game then
        has finitely many equilibria and ``equilibria`` holds all of them.
    continua : tuple of tuple of tuple of int
        Supports (indices in the original game) whose indifference equations
        have a continuum of solutions; points returned on them are samples.
    unresolved : tuple of tuple of tuple of int
        Supports solved by homotopy continuation where a path failed twice,
        two paths met, or an end point is singular: solutions may be missing.
    supports_solved : int
        Number of mixed support profiles whose polynomial system was solved.
    supports_tracked : int
        How many of them were solved by homotopy continuation.
    supports_pruned : int
        Number of mixed support profiles skipped by conditional dominance.
    dominance : DominanceResult or None
        The elimination of strictly dominated strategies done first.
    parameters : dict
        ``tol``, ``max_size``, ``max_supports``, ``dominance``, ``solver``.
    method : str
        ``"polynomial"``.

    Examples
    --------
    >>> import numpy as np
    >>> from leverage import Game
    >>> u = np.zeros((2, 2, 2)); u[0, 0, 0] = u[1, 1, 1] = 1.0
    >>> out = polynomial_equilibria(Game([u, u, u]), full_output=True)
    >>> out
    PolynomialEnumeration(3 equilibria; complete; 13 supports solved, 6 pruned)
    >>> out.complete, out.continua
    (True, ())
    """

    equilibria: list[Equilibrium]
    complete: bool
    continua: tuple[Supports, ...]
    supports_solved: int
    supports_pruned: int
    dominance: DominanceResult | None = field(repr=False)
    parameters: dict[str, Any] = field(repr=False)
    unresolved: tuple[Supports, ...] = ()
    supports_tracked: int = 0
    method: str = METHOD

    def __repr__(self) -> str:
        if self.complete:
            state = "complete"
        else:
            parts = [f"{len(self.continua)} continua sampled"] if self.continua else []
            parts += [f"{len(self.unresolved)} supports unresolved"] if self.unresolved else []
            state = ", ".join(parts)
        count = len(self.equilibria)
        return (
            f"PolynomialEnumeration({count} equilibri{'um' if count == 1 else 'a'}; {state}; "
            f"{self.supports_solved} supports solved, {self.supports_pruned} pruned)"
        )


# ----------------------------------------------------------------------------- supports


def support_profiles(shape: Sequence[int]) -> Iterator[Supports]:
    """Every profile of non-empty supports, fewest strategies first, then most balanced.

    This is the order of Porter, Nudelman and Shoham (2008) for games with
    more than two players: by total support size ``sum_i |S_i|``, then by
    the spread ``max_i |S_i| - min_i |S_i|``, then lexicographically.

    Parameters
    ----------
    shape : sequence of int
        Number of strategies of each player.

    Examples
    --------
    >>> list(support_profiles((2, 2)))[:3]
    [((0,), (0,)), ((0,), (1,)), ((1,), (0,))]
    >>> sum(1 for _ in support_profiles((2, 2, 3)))
    63
    """
    per_player = [[S for k in range(1, m + 1) for S in combinations(range(m), k)] for m in shape]
    profiles = list(product(*per_player))
    sizes = [[len(S) for S in profile] for profile in profiles]
    order = sorted(
        range(len(profiles)), key=lambda p: (sum(sizes[p]), max(sizes[p]) - min(sizes[p]), profiles[p])
    )
    for p in order:
        yield profiles[p]


def _system_size(supports: Supports) -> int:
    """Unknowns of the indifference system times its degree (mixing players minus one)."""
    unknowns = sum(len(S) - 1 for S in supports)
    mixing = sum(len(S) > 1 for S in supports)
    return unknowns * max(mixing - 1, 1)


def _support_count(shape: Sequence[int]) -> int:
    return prod(2**m - 1 for m in shape)


def _subsets(m: int) -> list[tuple[int, ...]]:
    """The nonempty subsets of ``range(m)``, in the order of :func:`support_profiles`."""
    return [S for k in range(1, m + 1) for S in combinations(range(m), k)]


def _dominance_pruned(payoffs: Sequence[np.ndarray], tol: np.ndarray) -> np.ndarray:
    """For every support profile, whether some strategy of some support is strictly dominated given
    the others' supports; a boolean array with one axis per player, indexed by :func:`_subsets`.

    Porter, Nudelman and Shoham (2008), section 4: strategy ``a`` in ``S_i``
    cannot be a best response if another strategy of player ``i`` pays more
    (by more than the tolerance) against every pure profile of ``S_{-i}``.
    All profiles at once: a strategy ``b`` beats ``a`` on every profile of
    ``S_{-i}`` when the number of profiles of ``S_{-i}`` where it does not is
    zero, a count that is one contraction with each opponent's subset
    indicators.
    """
    n = len(payoffs)
    shape = payoffs[0].shape
    member = [np.array([[a in S for a in range(m)] for S in _subsets(m)], dtype=float) for m in shape]
    pruned = np.zeros([len(M) for M in member], dtype=bool)
    for i, u in enumerate(payoffs):
        v = np.moveaxis(u, i, 0)
        fails = (v[:, None] - v[None, :] <= tol[i]).astype(float)  # (b, a, opponents): b does not beat a
        for M in (member[j] for j in range(n) if j != i):
            fails = np.tensordot(fails, M, axes=([2], [1]))  # the next opponent's axis becomes its subsets
        dominated = np.any(fails == 0.0, axis=0)  # (a, subsets of each opponent)
        hit = np.tensordot(member[i], dominated, axes=([1], [0])) > 0.0  # (S_i, subsets of opponents)
        pruned |= np.moveaxis(hit, 0, i)
    return pruned


def _support_possible(payoffs: Sequence[np.ndarray], supports: Supports) -> bool:
    """Whether, for every player, some distribution with full support on ``S_{-i}`` -- even a
    correlated one -- makes every strategy of ``S_i`` a best response.

    A linear relaxation of the equilibrium conditions (the product of the
    others' mixed strategies is such a distribution). For each player a linear
    program maximises the smallest probability ``delta`` of a distribution
    ``mu`` over ``S_{-i}`` under which ``S_i`` ties and nothing outside it pays
    more; the support cannot carry an equilibrium when ``delta`` is 0.
    """
    n = len(payoffs)
    for i, S in enumerate(supports):
        u = payoffs[i]
        cells = np.ix_(*[range(u.shape[j]) if j == i else supports[j] for j in range(n)])
        sub = np.moveaxis(u[cells], i, 0).reshape(u.shape[i], -1)
        gain = sub - sub[S[0]]  # (m_i, T): advantage of each strategy over the reference
        T = gain.shape[1]
        inside = [s for s in S[1:]]
        outside = [a for a in range(u.shape[i]) if a not in S]
        # variables (mu_1..mu_T, delta); maximise delta
        c = np.zeros(T + 1)
        c[-1] = -1.0
        A_ub = [np.append(-np.eye(T), np.ones((T, 1)), axis=1)]  # delta - mu_t <= 0
        b_ub = [np.zeros(T)]
        if outside:
            A_ub.append(np.append(gain[outside], np.zeros((len(outside), 1)), axis=1))
            b_ub.append(np.zeros(len(outside)))
        A_eq = np.vstack([np.append(np.ones(T), 0.0)] + [np.append(gain[s], 0.0) for s in inside])
        b_eq = np.zeros(len(A_eq))
        b_eq[0] = 1.0
        res = linprog(
            c,
            A_ub=np.vstack(A_ub),
            b_ub=np.concatenate(b_ub),
            A_eq=A_eq,
            b_eq=b_eq,
            bounds=[(0.0, None)] * T + [(None, 1.0)],
            method="highs",
            options={"primal_feasibility_tolerance": LP_FEASIBILITY_TOL, "dual_feasibility_tolerance": LP_FEASIBILITY_TOL},
        )
        if res.status == 2 or (res.status == 0 and -res.fun <= DELTA_TOL):
            return False
    return True


# ----------------------------------------------------------------------------- homotopy


def _numerical(supports: Supports, solver: str) -> bool:
    """Whether a support system goes to homotopy continuation rather than a Groebner basis.

    ``"auto"`` keeps the exact method for systems up to :data:`AUTO_EXACT_SIZE`. Systems with
    one mixing player (constant equations) or a Bezout number of 0 (more equations of some
    players than unknowns their opponents have: no solution for generic payoffs, a continuum
    for some degenerate ones) are always solved exactly.
    """
    sizes = tuple(len(S) for S in supports)
    if sum(m - 1 for m in sizes) > MAX_BEZOUT_UNKNOWNS:
        raise GameTooLargeError(
            f"{_CALLER}: the support profile {supports} has {sum(m - 1 for m in sizes)} unknowns, more than "
            f"MAX_BEZOUT_UNKNOWNS={MAX_BEZOUT_UNKNOWNS}: its homotopy would track too many paths"
        )
    if sum(m > 1 for m in sizes) < 2 or bezout_number(sizes) == 0:
        return False
    if solver == "auto":
        return _system_size(supports) > AUTO_EXACT_SIZE
    return solver == "homotopy"


def _homotopy_roots(
    payoffs: Sequence[np.ndarray], group: Sequence[Supports]
) -> Iterator[tuple[Supports, np.ndarray, bool]]:
    """For each support: its candidate roots and whether some may be missing.

    Supports whose paths failed or met are tracked again with a second
    random start system and steps at most :data:`RETRY_STEP`; they stay
    doubtful only if that fails as well.
    A singular end point (a possible continuum) makes its support doubtful.
    """
    if not group:
        return
    first = track_supports(payoffs, group, rng=HOMOTOPY_SEEDS[0])
    again = [k for k in range(len(group)) if first.failed[k] or first.jumped[k]]
    second: HomotopyResult | None = None
    if again:
        second = track_supports(payoffs, [group[k] for k in again], rng=HOMOTOPY_SEEDS[1], max_step=RETRY_STEP)
    retried = {k: r for r, k in enumerate(again)}
    for k, supports in enumerate(group):
        roots = [first.roots[k], first.singular[k]]
        doubtful = first.unresolved(k)
        if k in retried and second is not None:  # the union of both runs; the second decides
            roots += [second.roots[retried[k]], second.singular[retried[k]]]
            doubtful = second.unresolved(retried[k])
        yield supports, np.vstack(roots), doubtful


# ----------------------------------------------------------------------------- public API


def _in_game(supports: Supports, kept: Supports) -> Supports:
    """Supports of the game reduced by dominance, as strategy indices of the original game."""
    return tuple(tuple(kept[i][s] for s in S) for i, S in enumerate(supports))


def _listed(profiles: Sequence[Supports], most: int = 5) -> str:
    """The first few support profiles for a message, and how many more there are."""
    text = "; ".join(str(S) for S in profiles[:most])
    return text + (f"; and {len(profiles) - most} more" if len(profiles) > most else "")


def _check_int(value: Any, name: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{_CALLER}: {name} must be an integer; got {value!r}")
    if value < low or (high is not None and value > high):
        bound = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ValueError(f"{_CALLER}: {name} must be an integer {bound}; got {value!r}")
    return int(value)


def polynomial_equilibria(
    game: Game,
    rtol: float | None = None,
    *,
    max_size: int = MAX_SIZE,
    max_supports: int = MAX_SUPPORTS,
    dominance: bool = True,
    full_output: bool = False,
    solver: str = "auto",
    tol: float | None = None,
) -> list[Equilibrium] | PolynomialEnumeration:
    """Nash equilibria, mixed ones included, of a small n-player game.

    Support enumeration over the polynomial indifference systems, each solved
    exactly by a Groebner basis or numerically by homotopy continuation (see
    the module documentation for the method and its limits). Works for any
    number of players from 1 to :data:`MAX_PLAYERS`; for two players it is a
    cross-check of :func:`~leverage.equilibria`, which is faster there.

    Parameters
    ----------
    game : Game
        The game.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance of the verification (default
        :data:`leverage.tolerance.RTOL`).
    max_size : int, default :data:`MAX_SIZE`
        Largest size of a support system solved by a Groebner basis: its
        unknowns ``sum_i (|S_i| - 1)`` times its degree (the number of
        players with two or more strategies in their support, minus one).
        Larger systems raise :class:`GameTooLargeError` with ``"exact"``
        (``"auto"`` and ``"homotopy"`` do not use it). At most
        :data:`HARD_MAX_SIZE`; beyond 12 one exact system can take minutes.
    max_supports : int, default :data:`MAX_SUPPORTS`
        Largest number of support profiles of the game left after dominance.
    dominance : bool, default True
        Remove strictly dominated strategies first.
    full_output : bool, default False
        Return a :class:`PolynomialEnumeration` with the diagnostics instead
        of the list.
    solver : {"auto", "exact", "homotopy"}
        How the support systems are solved: ``"exact"`` by Groebner bases,
        ``"homotopy"`` by homotopy continuation (systems where only one
        player mixes are always solved exactly: their equations are
        constants), ``"auto"`` by closed forms where they apply and the
        system is generic, else by Groebner bases up to size
        :data:`AUTO_EXACT_SIZE` and by homotopy above it (see the module
        documentation).

    Returns
    -------
    list of Equilibrium or PolynomialEnumeration
        Verified, distinct equilibria in a deterministic order (method
        ``"polynomial"``). When the game has finitely many equilibria this is
        all of them; one-player games give their pure best responses, the
        extreme points of the equilibrium set.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~leverage.Game` or an option has the
        wrong type.
    ValueError
        If an option is out of range.
    GameTooLargeError
        If the game has more than :data:`MAX_PLAYERS` players, more than
        ``max_supports`` support profiles, or -- with ``solver="exact"`` -- a
        support system of size above ``max_size`` that the dominance tests do
        not rule out.

    Warns
    -----
    IncompleteEnumerationWarning
        If some support's indifference equations have a continuum of
        solutions (a degenerate game): the returned points there are verified
        samples of a possible continuum of equilibria, not all of them. Also
        if the homotopy left a support unresolved (see
        :class:`PolynomialEnumeration`).

    References
    ----------
    McKelvey and McLennan (1996), section 6; Datta (2003); Porter, Nudelman
    and Shoham (2008), section 4; Morgan and Sommese (1987) (full citations
    in :mod:`leverage.solvers.polynomial`).

    Examples
    --------
    McKelvey and McLennan's 2 x 2 x 2 game (Gambit's ``2x2x2.nfg``) has nine
    equilibria, two of them totally mixed:

    >>> import numpy as np
    >>> from leverage import Game
    >>> u = np.zeros((3, 2, 2, 2))
    >>> u[:, 0, 0, 0] = 9, 8, 12
    >>> u[:, 1, 1, 0] = 9, 8, 2
    >>> u[:, 0, 1, 1] = u[:, 1, 0, 1] = 3, 4, 6
    >>> eqs = polynomial_equilibria(Game(list(u)))
    >>> len(eqs), sum(all(len(s) == 2 for s in eq.support) for eq in eqs)
    (9, 2)
    >>> max(eq.regret for eq in eqs) < 1e-12
    True

    A three-player coordination game: two pure equilibria and everyone mixing
    half and half:

    >>> c = np.zeros((2, 2, 2)); c[0, 0, 0] = c[1, 1, 1] = 1.0
    >>> [np.round(eq.strategies[0], 3) for eq in polynomial_equilibria(Game([c, c, c]))]
    [array([1., 0.]), array([0.5, 0.5]), array([0., 1.])]

    Four players, two pairs playing perturbed 2 x 2 coordination games side
    by side: 3 x 3 = 9 equilibria.

    >>> rng = np.random.default_rng(7)
    >>> A, B, C, D = (2 * np.eye(2) + rng.uniform(0, 1, (2, 2)) for _ in range(4))
    >>> first = [np.broadcast_to(M[:, :, None, None], (2,) * 4) for M in (A, B)]
    >>> second = [np.broadcast_to(M[None, None], (2,) * 4) for M in (C, D)]
    >>> out = polynomial_equilibria(Game(first + second), solver="homotopy", full_output=True)
    >>> len(out.equilibria), out.complete
    (9, True)
    """
    if not isinstance(game, Game):
        raise TypeError(f"{_CALLER}: game must be a leverage.Game; got {type(game).__name__}")
    rtol = resolve_rtol(rtol, tol, "polynomial_equilibria")
    max_size = _check_int(max_size, "max_size", 1, HARD_MAX_SIZE)
    max_supports = _check_int(max_supports, "max_supports", 1)
    for name, flag in (("dominance", dominance), ("full_output", full_output)):
        if not isinstance(flag, bool):
            raise TypeError(f"{_CALLER}: {name} must be True or False; got {flag!r}")
    if not isinstance(solver, str) or solver not in SOLVERS:
        raise ValueError(f"{_CALLER}: solver must be one of {', '.join(map(repr, SOLVERS))}; got {solver!r}")
    n = game.n_players
    if n > MAX_PLAYERS:
        raise GameTooLargeError(
            f"{_CALLER}: the game has {n} players; the polynomial method handles at most {MAX_PLAYERS}"
        )
    parameters = {
        "tol": rtol, "max_size": max_size, "max_supports": max_supports, "dominance": dominance, "solver": solver,
    }

    pure = [replace(eq, method=METHOD) for eq in pure_equilibria(game, tol=rtol)]  # verified there
    if n == 1:  # every equilibrium mixes the pure best responses, which are its extreme points
        reduction = None
        reduced, kept, shape = game, (tuple(range(game.shape[0])),), game.shape
        float_payoffs, tol_reduced, profiles = list(game.payoffs), np.zeros(1), iter(())
    else:
        reduction = iterated_dominance(game, tol=rtol) if dominance else None
        reduced = reduction.game if reduction is not None else game
        kept = reduction.surviving if reduction is not None else tuple(tuple(range(m)) for m in game.shape)
        shape = reduced.shape
        count = _support_count(shape)
        if count > max_supports:
            raise GameTooLargeError(
                f"{_CALLER}: the game{' after dominance' if reduction is not None else ''} has shape {shape} "
                f"and {count} support profiles, more than max_supports={max_supports}"
            )
        # payoffs rescaled to [0, 1] per player, with the tolerance of the original game's range
        scales = payoff_scale(reduced.payoffs)
        float_payoffs = [(u - u.min()) / s for u, s in zip(reduced.payoffs, scales)]
        tol_reduced = game.tolerances(rtol) / scales
        profiles = support_profiles(shape)
    candidates: list[Supports] = []
    pruned = 0
    dominated = _dominance_pruned(float_payoffs, tol_reduced) if n > 1 else np.zeros(0, dtype=bool)
    position = [{S: k for k, S in enumerate(_subsets(m))} for m in shape]
    for supports in profiles:
        if all(len(S) == 1 for S in supports):
            continue
        if dominated[tuple(index[S] for index, S in zip(position, supports))]:
            pruned += 1
            continue
        size = _system_size(supports)
        if size > max_size and solver == "exact":
            original = _in_game(supports, kept)
            unknowns = sum(len(S) - 1 for S in supports)
            raise GameTooLargeError(
                f"{_CALLER}: the support profile {original} gives a polynomial system of size {size} "
                f"({unknowns} unknowns of degree {size // unknowns}), more than max_size={max_size} "
                f"(game shape {game.shape}{f', {shape} after dominance' if shape != game.shape else ''}); "
                'solver="auto" solves it by homotopy continuation'
            )
        candidates.append(supports)

    found: list[Equilibrium] = list(pure)
    general: list[Supports] = []
    if solver == "auto":  # closed forms first; the general solvers where none applies
        tensors = [support_tensors(float_payoffs, S) if closed_form_applies(S) else None for S in candidates]
        closed = closed_form_roots(float_payoffs, candidates, tensors)
        for supports, roots, member in zip(candidates, closed, tensors):
            if roots is None:
                general.append(supports)
            else:
                found += verified_roots(game, float_payoffs, supports, kept, roots, rtol, tol_reduced, member)
    else:
        general = candidates
    numerical = [S for S in general if _numerical(S, solver)]
    exact_supports = [S for S in general if not _numerical(S, solver)]
    continua: list[Supports] = []
    unresolved: list[Supports] = []
    if exact_supports:
        exact = exact_payoffs(reduced.payoffs)
        for supports in exact_supports:
            R, polys = indifference_system(exact, supports)
            roots, continuum = solve_system(R, polys, [MAX_SLICES])
            if continuum and _support_possible(float_payoffs, supports):
                continua.append(_in_game(supports, kept))
            found += verified_roots(game, float_payoffs, supports, kept, roots, rtol, tol_reduced)
    for supports, roots, doubtful in _homotopy_roots(float_payoffs, numerical):
        if doubtful and _support_possible(float_payoffs, supports):
            unresolved.append(_in_game(supports, kept))
        found += verified_roots(game, float_payoffs, supports, kept, roots, rtol, tol_reduced)
    result = unique_equilibria(found)
    if continua:
        warnings.warn(
            f"{_CALLER}: the game is degenerate: the indifference equations of {len(continua)} support "
            f"profile(s) have a continuum of solutions ({_listed(continua)}); equilibria there may form a "
            "continuum, of which the returned points are verified samples, so the list may be incomplete",
            IncompleteEnumerationWarning,
            stacklevel=2,
        )
    if unresolved:
        warnings.warn(
            f"{_CALLER}: homotopy continuation could not resolve {len(unresolved)} support profile(s) "
            f"({_listed(unresolved)}): a path failed, two paths met, or a solution is singular (a degenerate "
            "game); equilibria there may be missing or form a continuum, so the list may be incomplete",
            IncompleteEnumerationWarning,
            stacklevel=2,
        )
    if not full_output:
        return result
    return PolynomialEnumeration(
        equilibria=result,
        complete=not continua and not unresolved,
        continua=tuple(continua),
        unresolved=tuple(unresolved),
        supports_solved=len(candidates),
        supports_tracked=len(numerical),
        supports_pruned=pruned,
        dominance=reduction,
        parameters=parameters,
    )
