"""``equilibria(game, method="auto")``: every extreme Nash equilibrium of a game.

Two-player games go to vertex or support enumeration; games with more players
to the polynomial method of :mod:`leverage.solvers.polynomial`.

A two-player enumeration runs in three bounded stages: list the vertices of
each best-response polytope (:func:`~leverage.solvers.vertex.polytope_vertices`),
pair completely labelled vertices block by block
(:func:`~leverage.solvers.polytope.complete_pair_blocks`), and verify each pair
(:func:`~leverage.results.verified_equilibrium`). ``max_equilibria`` stops the
pairing, ``time_limit`` any stage, and the vertex listing has a memory budget;
a stopped enumeration returns what it verified (and, when stopped by the
clock or the budget, every pure equilibrium) in an
:class:`~leverage.results.EquilibriumList` marked incomplete, with an
:class:`~leverage.results.IncompleteEnumerationWarning`.

The listing yields nothing until it ends, so on a game whose polytopes it
cannot list within the bounds (the 20 x 20 game with 0/1 payoffs, whose
intermediate polytopes outgrow the memory budget after about 100 s) a bounded
call would return only the pure equilibria. Hence the rule, when a bound is
given (``time_limit`` or ``max_equilibria``) and the method is ``"auto"`` or
``"vertex"``:

- the listing may use :data:`LISTING_SHARE` (half) of ``time_limit``, or,
  under ``max_equilibria`` alone, :data:`LISTING_SECONDS` (10 s; games
  without tied best responses keep qhull there, as without a bound);
- if it stops -- at that time or at its memory budget -- the progressive
  search of :func:`~leverage.solvers.adjacency.progressive_equilibria` starts
  afresh and runs to the bounds, adding each equilibrium as soon as it is
  verified; if it finishes, the list is complete.

The measured times of the two paths are in ``benchmarks/README.md``
(``benchmarks/bench_bounded.py``). Without a bound nothing changes: the
listing runs to the end or to its memory budget, and a memory stop returns the
pure equilibria, as the warning says.

The progressive search finds partners on faces where the missing labels bind
exactly (within :data:`~leverage.solvers.double_description.TIGHT_TOL`),
while the full listing pairs vertices by the library's tolerance: on games
with ties exact or absent -- integer payoffs, 0/1 payoffs, generic payoffs --
the two agree; on games with payoff differences at the tolerance's scale the
search may miss an extreme equilibrium that the listing pairs, or return two
that are a hair apart.
"""

from __future__ import annotations

import functools
import math
import numbers
import time
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from leverage.results import (
    Equilibrium,
    EquilibriumList,
    IncompleteEnumerationWarning,
    SolverError,
    UnverifiedEquilibriumError,
    unique_equilibria,
    verified_equilibrium,
)
from leverage.game import Game
from leverage.solvers.adjacency import progressive_equilibria
from leverage.solvers.double_description import VERTEX_MEMORY_BUDGET, polytope_vertices_dd
from leverage.solvers.polynomial import GameTooLargeError, polynomial_equilibria
from leverage.solvers.polytope import (
    EnumerationStopped,
    VertexLister,
    check_deadline,
    complete_pair_blocks,
    labelled_vertices,
    normalized_bimatrix,
)
from leverage.solvers.pure import pure_equilibria
from leverage.solvers.support import polytope_vertices_bases
from leverage.solvers.vertex import has_tied_best_responses, polytope_vertices
from leverage.tolerance import resolve_rtol

__all__ = ["equilibria", "METHODS", "SUPPORT_FALLBACK_BASES", "LISTING_SHARE", "LISTING_SECONDS"]

METHODS = ("auto", "vertex", "support", "polynomial", "pure")

#: ``method="auto"`` falls back to support enumeration only for games with at most this many bases per polytope.
SUPPORT_FALLBACK_BASES = 1 << 20

#: Share of ``time_limit`` the listing of every vertex may take before the progressive search takes over.
LISTING_SHARE = 0.5

#: Seconds the listing may take, under ``max_equilibria`` without ``time_limit``, before the progressive search takes over.
LISTING_SECONDS = 10.0

#: Candidates verified between two looks at the clock.
_VERIFY_BATCH = 256

#: ``stacklevel`` of the caller of ``equilibria()`` seen from its body (one frame is singledispatch's).
_USER_FRAME = 3


def _check_bounds(max_equilibria: Any, time_limit: Any) -> tuple[int | None, float | None]:
    if max_equilibria is not None:
        if isinstance(max_equilibria, bool) or not isinstance(max_equilibria, numbers.Integral):
            raise TypeError(f"equilibria(): max_equilibria must be a positive integer or None; got {max_equilibria!r}")
        if max_equilibria < 1:
            raise ValueError(f"equilibria(): max_equilibria must be at least 1; got {max_equilibria}")
        max_equilibria = int(max_equilibria)
    if time_limit is not None:
        if isinstance(time_limit, bool) or not isinstance(time_limit, numbers.Real):
            raise TypeError(f"equilibria(): time_limit must be a number of seconds or None; got {time_limit!r}")
        if not math.isfinite(time_limit) or time_limit <= 0:
            raise ValueError(
                f"equilibria(): time_limit must be a positive, finite number of seconds (None for no limit); "
                f"got {time_limit!r}"
            )
        time_limit = float(time_limit)
    return max_equilibria, time_limit


def _labelled_polytopes(
    game: Game, lister: VertexLister, rtol: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Vertices and labels of both best-response polytopes (labels in the order ``0..m+n-1``)."""
    A, B = game.payoffs
    n = A.shape[1]
    An, Bn = normalized_bimatrix(A, B)
    X, LX = labelled_vertices(Bn.T, lister, rtol)  # P: [x_i = 0 (m), columns binding (n)]
    Y, LYq = labelled_vertices(An, lister, rtol)  # Q: [y_j = 0 (n), rows binding (m)]
    return X, LX, Y, np.concatenate([LYq[:, n:], LYq[:, :n]], axis=1)


def _pairs(
    game: Game,
    polytopes: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    method: str,
    rtol: float,
    max_equilibria: int | None,
    deadline: float | None,
) -> tuple[list[Equilibrium], str | None]:
    """Verified equilibria from the complete vertex pairs, and why the enumeration stopped (None if it did not)."""
    X, LX, Y, LY = polytopes
    m = game.payoffs[0].shape[0]

    def batches() -> Iterator[list[Equilibrium]]:
        for a, b in complete_pair_blocks(LX, LY, m, deadline):
            for start in range(0, len(a), _VERIFY_BATCH):
                check_deadline(deadline)
                yield [verified_equilibrium(game, (X[i] / X[i].sum(), Y[j] / Y[j].sum()), method, rtol)
                       for i, j in zip(a[start : start + _VERIFY_BATCH], b[start : start + _VERIFY_BATCH])]

    return _collect(batches(), max_equilibria)


def _progressive(
    game: Game, rtol: float, max_equilibria: int | None, deadline: float | None
) -> tuple[list[Equilibrium], str | None]:
    """Equilibria from the vertex search of :mod:`~leverage.solvers.adjacency`, as many as the bounds allow."""
    return _collect(([eq] for eq in progressive_equilibria(game, rtol, deadline=deadline)), max_equilibria)


def _collect(
    batches: Iterable[list[Equilibrium]], max_equilibria: int | None
) -> tuple[list[Equilibrium], str | None]:
    """The equilibria of ``batches`` until they end, exceed ``max_equilibria`` (distinct) or a bound stops them.

    Returns the equilibria found and why the enumeration stopped (None if it ran to its end).
    """
    found: list[Equilibrium] = []
    try:
        for batch in batches:
            found += batch
            if max_equilibria is not None and len(found) > max_equilibria:
                found = unique_equilibria(found)
                if len(found) > max_equilibria:
                    return found, "max_equilibria"
    except EnumerationStopped as stop:
        return found, stop.reason
    return found, None


def _two_player(
    game: Game, method: str, rtol: float, max_equilibria: int | None, deadline: float | None
) -> tuple[list[Equilibrium], str | None]:
    A, B = game.payoffs
    m, n = A.shape
    bounded = deadline is not None or max_equilibria is not None
    if method == "support":
        attempts = [("support", functools.partial(polytope_vertices_bases, deadline=deadline))]
    else:
        generic = not has_tied_best_responses(*normalized_bimatrix(A, B), rtol)
        listing_deadline = deadline  # if the listing does not finish by it, the progressive search takes over
        if deadline is not None:
            listing_deadline = time.monotonic() + LISTING_SHARE * max(0.0, deadline - time.monotonic())
        elif max_equilibria is not None and not generic:  # (generic games keep qhull, which has no deadline)
            listing_deadline = time.monotonic() + LISTING_SECONDS
        attempts = [("vertex", functools.partial(polytope_vertices, generic=generic, deadline=listing_deadline))]
        if generic:  # qhull may have listed the vertices: the double description method is a second opinion
            attempts.append(("vertex", functools.partial(polytope_vertices_dd, deadline=deadline)))
        if math.comb(m + n, m) <= SUPPORT_FALLBACK_BASES:
            attempts.append(("support", functools.partial(polytope_vertices_bases, deadline=deadline)))
    failures = []
    for name, lister in attempts:
        try:
            try:
                polytopes = _labelled_polytopes(game, lister, rtol)
            except EnumerationStopped as stop:
                if bounded and name == "vertex":
                    return _progressive(game, rtol, max_equilibria, deadline)
                return [], stop.reason
            return _pairs(game, polytopes, name, rtol, max_equilibria, deadline)
        except UnverifiedEquilibriumError as exc:
            failures.append(f"{name} enumeration: {exc}")
    raise SolverError(f"equilibria(): no method produced verified equilibria ({'; '.join(failures)})")


def _polynomial(game: Game, rtol: float) -> tuple[list[Equilibrium], str | None]:
    # the polynomial method's own warnings name polynomial_equilibria(); point them at the caller
    reason = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", IncompleteEnumerationWarning)
        found = polynomial_equilibria(game, tol=rtol)
    for w in caught:
        if issubclass(w.category, IncompleteEnumerationWarning):
            message = str(w.message).removeprefix("polynomial_equilibria(): ")
            reason = message
            warnings.warn(f"equilibria(): {message}", IncompleteEnumerationWarning, stacklevel=_USER_FRAME + 1)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return found, reason


def _finish(
    game: Game,
    found: list[Equilibrium],
    reason: str | None,
    rtol: float,
    max_equilibria: int | None,
    time_limit: float | None,
) -> EquilibriumList:
    """Sort, bound and label the result; warn when it is incomplete."""
    if reason in ("time_limit", "memory") and game.n_players == 2:
        found = found + pure_equilibria(game, tol=rtol)  # O(m n): always affordable, often the ones wanted
    found = unique_equilibria(found)
    if max_equilibria is not None and len(found) > max_equilibria:
        found, reason = found[:max_equilibria], reason or "max_equilibria"
    if reason is None:
        return EquilibriumList(found)
    if reason == "max_equilibria":
        message = (
            f"stopped at max_equilibria={max_equilibria}: the game has more equilibria, so the list is "
            "incomplete (its .complete is False); call equilibria() without max_equilibria to list them all"
        )
    elif reason == "time_limit":
        message = (
            f"stopped at time_limit={time_limit:g} s with {len(found)} equilibria found (pure equilibria "
            "included); more may exist, so the list is incomplete (its .complete is False); raise time_limit "
            "or drop it to list them all"
        )
    elif reason == "memory":
        message = (
            f"vertex enumeration stopped at its memory budget (VERTEX_MEMORY_BUDGET, "
            f"{VERTEX_MEMORY_BUDGET // 2**20} MiB) with {len(found)} equilibria found (pure equilibria "
            "included); more may exist, so the list is incomplete (its .complete is False): the game is too "
            "large to list every extreme equilibrium"
        )
        if max_equilibria is None and time_limit is None:
            message += "; with time_limit= or max_equilibria=, a progressive search returns more"
    else:
        return EquilibriumList(found, complete=False, reason=reason)  # the solver has warned already
    warnings.warn(f"equilibria(): {message}", IncompleteEnumerationWarning, stacklevel=_USER_FRAME + 1)
    return EquilibriumList(found, complete=False, reason=reason)


@functools.singledispatch
def equilibria(
    game: Game,
    method: str = "auto",
    rtol: float | None = None,
    *,
    max_equilibria: int | None = None,
    time_limit: float | None = None,
    tol: float | None = None,
) -> list[Any]:
    """Every extreme Nash equilibrium of a two-player game; mixed ones of small n-player games too.

    Extensive-form games (:class:`~leverage.extensive.ExtensiveGame`,
    :class:`~leverage.GameTree`) are accepted too: their modules register a
    solver for them here (:func:`functools.singledispatch`), which solves the
    reduced normal form and returns behaviour strategies
    (:func:`leverage.extensive.extensive_equilibria`).

    For two players the result holds every *extreme* equilibrium -- degenerate
    games included -- so that every equilibrium of the game is a convex
    combination of returned ones within a component (see
    :func:`~leverage.equilibrium_components`). For more players it holds every
    equilibrium, mixed ones included, of games within the limits of
    :func:`~leverage.solvers.polynomial.polynomial_equilibria` that have
    finitely many equilibria. Each one is verified against the library's
    tolerance rule.

    Parameters
    ----------
    game : Game
        The game.
    method : {"auto", "vertex", "support", "polynomial", "pure"}
        ``"vertex"``: vertex enumeration of the best-response polytopes (qhull
        on small polytopes and on games without tied best responses, the
        double description method on the others and whenever ``time_limit``
        is set -- see :func:`~leverage.solvers.vertex.polytope_vertices`;
        with a bound, a listing that cannot finish hands over to the
        progressive search of
        :func:`~leverage.solvers.adjacency.progressive_equilibria`, see
        :mod:`leverage.solvers.enumeration`);
        ``"support"``:
        support enumeration by batched linear solves, with unequal supports in
        degenerate games (exponential in the game's size);
        ``"polynomial"``: support enumeration over polynomial indifference
        systems solved by Groebner bases or homotopy continuation, any
        number of players up to six
        (:func:`~leverage.solvers.polynomial.polynomial_equilibria`);
        ``"pure"``: pure equilibria only; ``"auto"``: for two players vertex
        enumeration (the faster at every size measured); for two players and
        ``"vertex"``, if a candidate does not verify, the double description
        method (when qhull listed the vertices) and then support enumeration
        (for games with at most :data:`SUPPORT_FALLBACK_BASES` bases) take
        over;
        for other numbers of players the polynomial method, falling back to
        pure equilibria (with a warning) when the game is beyond its limits.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).
    max_equilibria : int, optional
        Stop once this many equilibria are found and another one exists
        (Gambit's ``stop_after``); by default every one is listed.
    time_limit : float, optional
        Stop after about this many seconds of wall-clock time; by default no
        limit. Two-player enumeration checks the clock between steps of
        bounded work (one inequality of the double description method, one
        block of vertex pairs, 256 verifications, one vertex of the
        progressive search), so it overshoots by at most one such step. The polynomial method for more players is bounded by
        its own size limits instead and is not interrupted.

    Returns
    -------
    EquilibriumList
        A ``list`` of distinct equilibria in a deterministic order, with
        ``complete`` False (and ``reason`` saying why) when an enumeration
        stopped at a bound or could not list every equilibrium. A two-player
        enumeration stopped by ``time_limit`` or the memory budget includes
        every pure equilibrium.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~leverage.Game`, or ``max_equilibria``
        or ``time_limit`` is not a number.
    ValueError
        If ``method`` is unknown, a two-player method is asked of an
        n-player game, ``max_equilibria`` is below 1, or ``time_limit`` is not
        a positive finite number.
    SolverError
        If no method can produce verified equilibria;
        :class:`~leverage.solvers.polynomial.GameTooLargeError` if
        ``method="polynomial"`` is asked of a game beyond its limits.

    Warns
    -----
    IncompleteEnumerationWarning
        When the enumeration stopped at ``max_equilibria``, ``time_limit`` or
        the memory budget of vertex enumeration
        (:data:`~leverage.solvers.double_description.VERTEX_MEMORY_BUDGET`).
        For games with more than two players, when the game is degenerate and
        some supports may carry a continuum of equilibria (the points returned
        there are samples), or when the game is beyond the limits of the
        polynomial method and only pure equilibria are returned.

    Examples
    --------
    Battle of the sexes has two pure equilibria and one mixed:

    >>> from leverage import Game, equilibria
    >>> bos = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> for eq in equilibria(bos):
    ...     print(np.round(eq.strategies[0], 4), np.round(eq.strategies[1], 4))
    [1. 0.] [1. 0.]
    [0.6667 0.3333] [0.3333 0.6667]
    [0. 1.] [0. 1.]

    A degenerate game (the column player is indifferent) has a continuum of
    equilibria, given by its extreme points:

    >>> g = Game.from_bimatrix([[1, 0], [0, 1]], [[0, 0], [0, 0]])
    >>> len(equilibria(g))
    4

    Three players who all want to choose alike: two pure equilibria and one
    where everybody mixes half and half:

    >>> u = np.zeros((2, 2, 2)); u[0, 0, 0] = u[1, 1, 1] = 1.0
    >>> [np.round(eq.strategies[2], 3) for eq in equilibria(Game([u, u, u]))]
    [array([1., 0.]), array([0.5, 0.5]), array([0., 1.])]

    A bound stops the enumeration; the list says it is incomplete, and a
    warning says so too:

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     first = equilibria(bos, max_equilibria=2)
    >>> len(first), first.complete, first.reason
    (2, False, 'max_equilibria')
    >>> caught[0].category.__name__
    'IncompleteEnumerationWarning'
    >>> equilibria(bos, max_equilibria=3).complete
    True
    """
    if not isinstance(game, Game):
        raise TypeError(
            f"equilibria(): game must be a leverage.Game, ExtensiveGame or GameTree; got {type(game).__name__}"
        )
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(f"equilibria(): unknown method {method!r}; choose one of {', '.join(METHODS)}")
    rtol = resolve_rtol(rtol, tol, "equilibria")
    max_equilibria, time_limit = _check_bounds(max_equilibria, time_limit)
    deadline = None if time_limit is None else time.monotonic() + time_limit
    reason = None
    if method == "pure":
        found = pure_equilibria(game, tol=rtol)
    elif method == "polynomial":
        found, reason = _polynomial(game, rtol)
    elif game.n_players != 2:
        if method != "auto":
            raise ValueError(
                f"equilibria(): method {method!r} is for two-player games; this game has "
                f"{game.n_players} players (use method='polynomial', 'pure' or 'auto')"
            )
        try:
            found, reason = _polynomial(game, rtol)
        except GameTooLargeError as exc:
            reason = (
                f"only pure equilibria are enumerated for this {game.n_players}-player game, "
                f"so the list may be incomplete: {exc}"
            )
            warnings.warn(f"equilibria(): {reason}", IncompleteEnumerationWarning, stacklevel=_USER_FRAME)
            found = pure_equilibria(game, tol=rtol)
    else:
        found, reason = _two_player(game, method, rtol, max_equilibria, deadline)
    return _finish(game, found, reason, rtol, max_equilibria, time_limit)
