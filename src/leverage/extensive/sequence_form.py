"""The sequence form of a two-player extensive game: Lemke's algorithm and the zero-sum LP.

Koller, Megiddo and von Stengel (1996) describe a two-player game with perfect
recall by its *sequences* instead of its pure strategies. Player 1's mixed
behaviour is a *realization plan* ``x >= 0`` over its sequences with
``E x = e``; player 2's is ``y >= 0`` with ``F y = f``. Row 0 of ``E`` says that
the empty sequence has probability 1 (``x[0] = 1``); each further row belongs
to one information set ``I`` and says that the probabilities of the sequences
``sigma_I + a`` (its actions) add up to that of its parent sequence
``sigma_I`` (``-1`` at the parent, ``+1`` at each action). The expected payoffs
are the bilinear forms ``x^T A y`` and ``x^T B y``, where ``A[s, t]`` adds up
``chance probability * payoff`` over the terminals at which player 1's last
sequence is ``s`` and player 2's is ``t``. All of this is linear in the size
of the tree, where the reduced normal form is exponential.

:func:`sequence_form_equilibrium` finds one Nash equilibrium by Lemke's
algorithm (:func:`leverage.extensive.lcp.lemke`) on the linear
complementarity problem (LCP) of the sequence form; :func:`zero_sum_value`
solves a zero-sum tree by linear programming.

References
----------
D. Koller, N. Megiddo and B. von Stengel (1996), "Efficient computation of
equilibria for extensive two-person games", Games and Economic Behavior 14,
247-259 (the sequence form, its LCP, Lemke's algorithm on it, and the LP
for zero-sum games).
B. von Stengel (1996), "Efficient computation of behavior strategies", Games
and Economic Behavior 14, 220-246.
B. von Stengel, A. van den Elzen and D. Talman (2002), "Computing normal
form perfect equilibria for extensive two-person games", Econometrica 70(2),
693-715 (the same LCP with a covering vector derived from a starting profile).

Examples
--------
Matching pennies, the second mover not seeing the first move:

>>> from leverage.nodes import Decision, Terminal
>>> from leverage.extensive.tree import ExtensiveGame
>>> game = ExtensiveGame(
...     Decision("A", {
...         "H": Decision("B", {"h": Terminal([1, -1]), "t": Terminal([-1, 1])}, infoset="B"),
...         "T": Decision("B", {"h": Terminal([-1, 1]), "t": Terminal([1, -1])}, infoset="B"),
...     }),
...     players=("A", "B"),
... )
>>> sf = sequence_form(game)
>>> sf.A
array([[ 0.,  0.,  0.],
       [ 0.,  1., -1.],
       [ 0., -1.,  1.]])
>>> sf.E
array([[ 1.,  0.,  0.],
       [-1.,  1.,  1.]])
>>> eq = sequence_form_equilibrium(game)
>>> dict(eq.behaviour["root"]), dict(eq.behaviour["B"])
({'H': 0.5, 'T': 0.5}, {'h': 0.5, 't': 0.5})
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.optimize import linprog

from leverage.checks import real_array
from leverage.extensive.lcp import (
    LCPBreakdownError,
    PivotBoundError,
    RayTerminationError,
    default_max_pivots,
    lemke,
)
from leverage.extensive.profiles import ExtensiveEquilibrium, verified_extensive_equilibrium
from leverage.extensive.tree import ExtensiveGame
from leverage.results import SolverError, UnverifiedEquilibriumError
from leverage.sequential import GameTree
from leverage.tolerance import resolve_rtol

__all__ = [
    "SequenceForm",
    "ZeroSumSolution",
    "sequence_form",
    "sequence_form_lcp",
    "sequence_form_equilibrium",
    "zero_sum_value",
]

_Sequence = tuple[tuple[str, str], ...]

#: Rational data of the exact path: floats are read as the simplest fraction with a
#: denominator up to this bound that is the same float (else as their exact binary value).
_MAX_DENOMINATOR = 10**6


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class SequenceForm:
    """The sequence form of a two-player extensive game (Koller, Megiddo and von Stengel 1996).

    Attributes
    ----------
    A, B : numpy.ndarray, shape (n1, n2)
        Payoff matrices over pairs of sequences: ``x^T A y`` and ``x^T B y``
        are the players' expected payoffs under realization plans ``x`` and
        ``y``. ``A[s, t]`` is the sum of ``chance probability * player 1's
        payoff`` over the terminals where player 1's sequence is ``s`` and
        player 2's is ``t`` (0 where there is no such terminal).
    E, e : numpy.ndarray, shapes (1 + k1, n1) and (1 + k1,)
        Player 1's constraints ``E x = e``, ``x >= 0``. Row 0 belongs to the
        empty sequence (``E[0, 0] = 1``, ``e[0] = 1``); row ``1 + h`` to
        player 1's ``h``-th information set: ``-1`` at its parent sequence,
        ``+1`` at each of its action sequences, ``e[1 + h] = 0``.
    F, f : numpy.ndarray, shapes (1 + k2, n2) and (1 + k2,)
        The same for player 2.
    players : tuple of str
        The two players.
    sequences : tuple of two tuples
        Each player's sequences (columns of ``E`` and ``F``), as in
        :meth:`ExtensiveGame.sequences`: index 0 is the empty sequence.
    infosets : tuple of two tuples of str
        The information set of each row ``1, 2, ...`` of ``E`` and ``F``.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive.tree import ExtensiveGame
    >>> g = ExtensiveGame(Decision("A", {"x": Decision("B", {"l": Terminal([2, 1]), "r": Terminal([0, 0])}),
    ...                                  "y": Terminal([1, 2])}), players=("A", "B"))
    >>> sf = sequence_form(g)
    >>> sf.sequence_labels(0)
    ('()', 'root:x', 'root:y')
    >>> sf.payoffs(np.array([1.0, 1.0, 0.0]), np.array([1.0, 1.0, 0.0]))
    array([2., 1.])
    """

    A: np.ndarray
    B: np.ndarray
    E: np.ndarray
    e: np.ndarray
    F: np.ndarray
    f: np.ndarray
    players: tuple[str, str]
    sequences: tuple[tuple[_Sequence, ...], tuple[_Sequence, ...]]
    infosets: tuple[tuple[str, ...], tuple[str, ...]]

    @property
    def shape(self) -> tuple[int, int]:
        """Numbers of sequences ``(n1, n2)``."""
        return self.A.shape  # type: ignore[return-value]

    def sequence_labels(self, player: int) -> tuple[str, ...]:
        """Readable labels of player ``player``'s (0 or 1) sequences: ``"()"`` or ``"I:a/J:b"``."""
        return tuple("/".join(f"{s}:{a}" for s, a in seq) if seq else "()" for seq in self.sequences[player])

    def payoffs(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Expected payoffs ``(x^T A y, x^T B y)`` of realization plans ``x`` and ``y``."""
        return np.array([x @ self.A @ y, x @ self.B @ y])


@dataclass(frozen=True)
class ZeroSumSolution:
    """The value and optimal strategies of a two-player zero-sum extensive game.

    Attributes
    ----------
    value : float
        Player 1's expected payoff under the optimal profile (player 2's is
        ``-value``); each player guarantees it within the tolerance rule.
    equilibrium : ExtensiveEquilibrium
        The optimal behaviour profile, verified.
    realization : tuple of numpy.ndarray
        The realization plans ``(x, y)`` the profile comes from.
    method : str
        How it was computed.

    Examples
    --------
    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive.tree import ExtensiveGame
    >>> g = ExtensiveGame(Decision("A", {"x": Terminal([1, -1]), "y": Terminal([2, -2])}), players=("A", "B"))
    >>> zero_sum_value(g).value
    2.0
    """

    value: float
    equilibrium: ExtensiveEquilibrium
    realization: tuple[np.ndarray, np.ndarray]
    method: str


# ---------------------------------------------------------------------- validation
def _as_two_player_game(game: Any, caller: str) -> ExtensiveGame:
    if isinstance(game, GameTree):
        game = ExtensiveGame.from_tree(game)
    if not isinstance(game, ExtensiveGame):
        raise TypeError(f"{caller}(): game must be an ExtensiveGame or a GameTree; got {type(game).__name__}")
    if game.n_players != 2:
        raise ValueError(
            f"{caller}(): the sequence form here is for two-player games; this game has {game.n_players} "
            f"players ({', '.join(game.players)})"
        )
    return game


def _check_max_pivots(max_pivots: Any, caller: str) -> int | None:
    if max_pivots is None:
        return None
    if isinstance(max_pivots, bool) or not isinstance(max_pivots, (int, np.integer)) or max_pivots < 1:
        raise ValueError(f"{caller}(): max_pivots must be a positive int or None; got {max_pivots!r}")
    return int(max_pivots)


# ---------------------------------------------------------------------- construction
def _constraints(game: ExtensiveGame, player: str) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    sets = game.infosets_of(player)
    E = np.zeros((1 + len(sets), len(game.sequences(player))))
    E[0, 0] = 1.0
    for row, s in enumerate(sets, start=1):
        E[row, game.parent_sequence(s.id)] = -1.0
        for a in s.actions:
            E[row, game.action_sequence(s.id, a)] = 1.0
    e = np.zeros(1 + len(sets))
    e[0] = 1.0
    return E, e, tuple(s.id for s in sets)


def _payoff_matrices(game: ExtensiveGame, payoffs: np.ndarray, weights: np.ndarray, dtype: Any = float) -> list:
    """``[A, B]`` from terminal ``payoffs`` (Z, 2) and chance ``weights`` (Z,)."""
    n1, n2 = (len(game.sequences(p)) for p in game.players)
    seqs = game.terminal_sequences
    out = []
    for i in range(2):
        M = np.zeros((n1, n2), dtype=dtype)
        if dtype is object:
            M[:, :] = Fraction(0)
        np.add.at(M, (seqs[:, 0], seqs[:, 1]), weights * payoffs[:, i])
        out.append(M)
    return out


def sequence_form(game: ExtensiveGame | GameTree) -> SequenceForm:
    """The sequence form ``(A, B, E, e, F, f)`` of a two-player extensive game.

    Parameters
    ----------
    game : ExtensiveGame or GameTree
        A two-player game with perfect recall (a :class:`~leverage.GameTree`
        is converted with :meth:`ExtensiveGame.from_tree`).

    Returns
    -------
    SequenceForm
        Read-only arrays, the players' payoffs as given (no shift).

    Raises
    ------
    TypeError
        If ``game`` is not an extensive-form game.
    ValueError
        If the game does not have two players. (For ``n`` players the sequence
        form is a tensor over ``n`` sequences; leverage does not build it.)

    References
    ----------
    D. Koller, N. Megiddo and B. von Stengel (1996), Games and Economic
    Behavior 14, 247-259, Section 2.

    Examples
    --------
    A chance move at the root, then player 1, then player 2 who sees nothing:

    >>> from leverage.nodes import Chance, Decision, Terminal
    >>> from leverage.extensive.tree import ExtensiveGame
    >>> def p2(u, v):
    ...     return Decision("P2", {"l": Terminal([u, -u]), "r": Terminal([v, -v])}, infoset="J")
    >>> g = ExtensiveGame(Chance({"a": (0.25, Decision("P1", {"s": p2(4, 0)}, infoset="I1")),
    ...                           "b": (0.75, Decision("P1", {"s": p2(0, 8)}, infoset="I2"))}),
    ...                   players=("P1", "P2"))
    >>> sf = sequence_form(g)
    >>> sf.sequence_labels(0), sf.sequence_labels(1)
    (('()', 'I1:s', 'I2:s'), ('()', 'J:l', 'J:r'))
    >>> sf.A
    array([[0., 0., 0.],
           [0., 1., 0.],
           [0., 0., 6.]])
    >>> sf.F
    array([[ 1.,  0.,  0.],
           [-1.,  1.,  1.]])
    """
    g = _as_two_player_game(game, "sequence_form")
    p1, p2 = g.players
    A, B = _payoff_matrices(g, g.terminal_payoffs, g.terminal_chance)
    E, e, sets1 = _constraints(g, p1)
    F, f, sets2 = _constraints(g, p2)
    return SequenceForm(
        A=_readonly(A),
        B=_readonly(B),
        E=_readonly(E),
        e=_readonly(e),
        F=_readonly(F),
        f=_readonly(f),
        players=(p1, p2),
        sequences=(g.sequences(p1), g.sequences(p2)),
        infosets=(sets1, sets2),
    )


# ---------------------------------------------------------------------- the LCP
def sequence_form_lcp(
    A: np.ndarray, B: np.ndarray, E: np.ndarray, e: np.ndarray, F: np.ndarray, f: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The LCP ``(M, q, d)`` of Koller, Megiddo and von Stengel (1996) with free duals split.

    The unknowns are ``z = (x, y, u+, u-, v+, v-)``: the realization plans and
    the two players' dual variables ``u = u+ - u-`` and ``v = v+ - v-``, each
    free variable written as the difference of two nonnegative ones. With
    ``w = q + M z``::

        w_x  = E^T u - A y   >= 0  complementary to x    (x best responds to y)
        w_y  = F^T v - B^T x >= 0  complementary to y
        w_u+ = e - E x, w_u- = E x - e >= 0              (E x = e)
        w_v+ = f - F y, w_v- = F y - f >= 0              (F y = f)

    The covering vector is ``d = (1, ..., 1)``.

    Parameters
    ----------
    A, B, E, e, F, f : numpy.ndarray
        A sequence form (see :class:`SequenceForm`). Lemke's algorithm is
        guaranteed to end at a solution when ``A <= 0`` and ``B <= 0``
        (see :func:`sequence_form_equilibrium`). Object arrays of
        :class:`~fractions.Fraction` give an exact LCP.

    Returns
    -------
    M, q, d : numpy.ndarray
        Of dimension ``n1 + n2 + 2 (rows of E) + 2 (rows of F)``.

    Raises
    ------
    TypeError
        If an array holds anything but real numbers (or, with ``A`` of
        Fractions, ints and Fractions).
    ValueError
        If an entry is not finite or the shapes do not fit: ``A`` and ``B``
        ``(n1, n2)``, ``E`` ``(k1, n1)``, ``e`` ``(k1,)``, ``F`` ``(k2, n2)``,
        ``f`` ``(k2,)``.

    Examples
    --------
    >>> A = np.array([[0.0, 0.0], [0.0, -1.0]]); E = np.array([[1.0, 0.0], [-1.0, 1.0]]); e = np.array([1.0, 0.0])
    >>> M, q, d = sequence_form_lcp(A, A, E, e, E, e)
    >>> M.shape, q.tolist()
    ((12, 12), [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, -1.0, 0.0, 1.0, 0.0, -1.0, 0.0])
    """
    return _lcp_matrices(*_lcp_data(A=A, B=B, E=E, e=e, F=F, f=f))


def _lcp_matrices(
    A: np.ndarray, B: np.ndarray, E: np.ndarray, e: np.ndarray, F: np.ndarray, f: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`sequence_form_lcp` of checked arrays."""
    n1, n2 = A.shape
    k1, k2 = E.shape[0], F.shape[0]
    dtype = object if A.dtype == object else float
    N = n1 + n2 + 2 * k1 + 2 * k2
    M = np.zeros((N, N), dtype=dtype)
    if dtype is object:
        M[:, :] = Fraction(0)
    x, y = slice(0, n1), slice(n1, n1 + n2)
    o = n1 + n2
    up, um = slice(o, o + k1), slice(o + k1, o + 2 * k1)
    o += 2 * k1
    vp, vm = slice(o, o + k2), slice(o + k2, o + 2 * k2)
    M[x, y] = -A
    M[x, up] = E.T
    M[x, um] = -E.T
    M[y, x] = -B.T
    M[y, vp] = F.T
    M[y, vm] = -F.T
    M[up, x] = -E
    M[um, x] = E
    M[vp, y] = -F
    M[vm, y] = F
    q = np.concatenate([np.zeros(n1 + n2, dtype=dtype), e, 0 - e, f, 0 - f])
    if dtype is object:
        q[: n1 + n2] = Fraction(0)
    d = np.ones(N, dtype=np.int64)
    return M, q, d


def _lcp_data(**arrays: Any) -> list[np.ndarray]:
    """The arrays of :func:`sequence_form_lcp`, checked: all Fractions and ints (exact) or all real floats."""
    caller = "sequence_form_lcp()"
    exact = isinstance(arrays["A"], np.ndarray) and arrays["A"].dtype == object
    out = {}
    for name, value in arrays.items():
        if exact:
            arr = np.asarray(value, dtype=object)
            if not all(isinstance(v, (Fraction, int, np.integer)) and not isinstance(v, (bool, np.bool_))
                       for v in arr.flat):
                raise TypeError(f"{caller}: {name} must hold ints and Fractions, as A does")
        else:
            arr = real_array(value, name, caller)
        out[name] = arr
    A, B, E, e, F, f = (out[k] for k in ("A", "B", "E", "e", "F", "f"))
    if A.ndim != 2 or B.shape != A.shape or E.ndim != 2 or F.ndim != 2 or e.ndim != 1 or f.ndim != 1:
        raise ValueError(f"{caller}: A and B must be matrices of one shape, E and F matrices, e and f vectors; got "
                         + ", ".join(f"{k} {v.shape}" for k, v in out.items()))
    n1, n2 = A.shape
    if E.shape != (len(e), n1) or F.shape != (len(f), n2):
        raise ValueError(f"{caller}: E must have shape (len(e), {n1}) and F shape (len(f), {n2}); got "
                         f"E {E.shape}, e {e.shape}, F {F.shape}, f {f.shape}")
    return [A, B, E, e, F, f]


def _rational(value: float) -> Fraction:
    """The simplest fraction (denominator up to 10**6) equal to ``value`` as a float, else its exact value."""
    exact = Fraction(value)
    simple = exact.limit_denominator(_MAX_DENOMINATOR)
    return simple if float(simple) == value else exact


def _negative_payoffs(u: np.ndarray, exact: bool) -> np.ndarray:
    """Each player's terminal payoffs mapped affinely onto ``[-2, -1]`` (a constant player's to -1)."""
    if not exact:
        high, low = u.max(axis=0), u.min(axis=0)
        spread = np.where(high > low, high - low, 1.0)
        return (u - high) / spread - 1.0
    r = np.vectorize(_rational, otypes=[object])(u)
    out = np.empty(u.shape, dtype=object)
    for i in range(u.shape[1]):
        col = list(r[:, i])
        high, low = max(col), min(col)
        spread = high - low if high > low else Fraction(1)
        out[:, i] = [(v - high) / spread - 1 for v in col]
    return out


def _lcp_of_game(g: ExtensiveGame, exact: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    u = _negative_payoffs(g.terminal_payoffs, exact)
    if exact:
        weights = np.array([_rational(float(c)) for c in g.terminal_chance], dtype=object)
        A, B = _payoff_matrices(g, u, weights, dtype=object)
    else:
        A, B = _payoff_matrices(g, u, g.terminal_chance)
    E, e, _ = _constraints(g, g.players[0])
    F, f, _ = _constraints(g, g.players[1])
    if exact:
        E, e, F, f = (np.vectorize(lambda v: Fraction(int(v)), otypes=[object])(a) for a in (E, e, F, f))
    return _lcp_matrices(A, B, E, e, F, f)


# ---------------------------------------------------------------------- Lemke's algorithm
def _behaviour(g: ExtensiveGame, x: np.ndarray, y: np.ndarray) -> dict[str, dict[str, float]]:
    """The behaviour profile of realization plans ``x`` and ``y`` (negative float noise cleared)."""
    p1, p2 = g.players
    x, y = np.where(x > 0, x, 0.0), np.where(y > 0, y, 0.0)
    return {**g.behaviour_from_realization(p1, x), **g.behaviour_from_realization(p2, y)}


def sequence_form_equilibrium(
    game: ExtensiveGame | GameTree, max_pivots: int | None = None, rtol: float | None = None, *, tol: float | None = None) -> ExtensiveEquilibrium:
    """One Nash equilibrium of a two-player extensive game by Lemke's algorithm on the sequence form.

    The LCP of :func:`sequence_form_lcp` (Koller, Megiddo and von Stengel
    1996) is solved by :func:`~leverage.extensive.lcp.lemke`, its size linear
    in the tree. Each player's terminal payoffs are first mapped affinely onto
    ``[-2, -1]``, which changes no equilibrium (every pair of realization
    plans puts total probability 1 on the terminals) and makes ``A <= 0`` and
    ``B <= 0``. The realization plans found are turned into behaviour
    strategies (:meth:`ExtensiveGame.behaviour_from_realization`: uniform at
    information sets a player's own plan never reaches) and verified in the
    tree.

    Parameters
    ----------
    game : ExtensiveGame or GameTree
        A two-player game with perfect recall.
    max_pivots : int, optional
        Pivot bound of each Lemke path;
        :func:`~leverage.extensive.lcp.default_max_pivots` of the LCP
        dimension by default.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance of the verification (default :data:`leverage.RTOL`).

    Returns
    -------
    ExtensiveEquilibrium
        Verified; ``method`` is ``"sequence_form_lemke"`` (float pivoting) or
        ``"sequence_form_lemke_exact"`` (integer pivoting on the rational data).

    Raises
    ------
    TypeError
        If ``game`` is not an extensive-form game.
    ValueError
        If the game does not have two players, or an option is invalid.
    leverage.extensive.lcp.PivotBoundError
        (a :class:`~leverage.SolverError`) if a path reaches ``max_pivots``.
    SolverError
        If neither float nor exact pivoting gives a verified equilibrium
        (the message says what each gave).

    Notes
    -----
    *Why the path ends at a solution.* Let the path end on a secondary ray
    ``z + t z*``, ``z0 + t z0*`` (``t >= 0``). Complementarity along the ray
    gives ``z*^T (M z* + d z0*) = 0``; ``z*^T M z* = -x*^T (A + B) y* >= 0``
    (the ``E`` and ``F`` blocks of ``M`` are skew) and ``d > 0``, so
    ``z0* = 0``. Then ``w*_u+ = -E x* >= 0`` and ``w*_u- = E x* >= 0`` give
    ``E x* = 0``, hence ``x* = 0``, and likewise ``y* = 0``: the ray moves only
    the duals, ``u* = u+* - u-*`` with ``E^T u* >= 0``. Since ``z0 > 0`` on the
    path, ``w_u+ + w_u- = 2 z0 > 0``: at each row at most one of ``u+*``,
    ``u-*`` is positive, and complementarity with ``x`` gives
    ``0 = x^T E^T u* = e^T u* + z0 (sum of u+* and u-*)``. But
    ``e^T u* = xbar^T E^T u* >= 0`` for any realization plan ``xbar``, so
    ``u+* = u-* = 0``; likewise for ``v``, and ``z* = 0``: no secondary ray.
    With the lexicographic rule the path is finite, so it ends where ``z0``
    leaves the basis: at a solution. This is the argument of Koller, Megiddo
    and von Stengel (1996, Section 4) for negative payoff matrices, written
    out for the covering vector ``d = 1`` and the split duals.

    Float pivoting comes first. If it breaks down, ends on a ray (impossible
    in exact arithmetic), or ends at a profile that fails verification, the
    LCP is rebuilt from the game's numbers as fractions (each float read as
    the simplest fraction with denominator up to ``10**6`` that equals it) and
    solved by integer pivoting. That path is exact but slow: each pivot
    updates the whole tableau in Python integers, so an LCP of dimension
    ~500 (a 13-card poker tree) takes minutes where floats take a fraction
    of a second.

    References
    ----------
    D. Koller, N. Megiddo and B. von Stengel (1996), "Efficient computation
    of equilibria for extensive two-person games", Games and Economic
    Behavior 14, 247-259.
    C. E. Lemke (1965), "Bimatrix equilibrium points and mathematical
    programming", Management Science 11(7), 681-689.

    Examples
    --------
    The entry game: Lemke's path ends at one of its equilibria.

    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive.tree import ExtensiveGame
    >>> game = ExtensiveGame(
    ...     Decision("Entrant", {
    ...         "Enter": Decision("Incumbent", {"Fight": Terminal([-1, -1]), "Share": Terminal([1, 1])}),
    ...         "Out": Terminal([0, 2]),
    ...     }),
    ...     players=("Entrant", "Incumbent"),
    ... )
    >>> eq = sequence_form_equilibrium(game)
    >>> eq.method, game.is_nash(eq.behaviour)
    ('sequence_form_lemke', True)
    """
    caller = "sequence_form_equilibrium"
    g = _as_two_player_game(game, caller)
    rtol = resolve_rtol(rtol, tol, caller)
    bound = _check_max_pivots(max_pivots, caller)
    tried = []
    for exact in (False, True):
        M, q, d = _lcp_of_game(g, exact)
        limit = default_max_pivots(q.size) if bound is None else bound
        arithmetic = "exact" if exact else "float"
        try:
            sol = lemke(M, q, d, max_pivots=limit, method="exact" if exact else "float")
        except PivotBoundError as exc:
            raise PivotBoundError(
                f"{caller}(): Lemke's algorithm reached the pivot bound max_pivots={limit} "
                f"({arithmetic} pivoting, LCP of dimension {q.size}); raise max_pivots"
            ) from exc
        except (LCPBreakdownError, RayTerminationError) as exc:
            tried.append(f"{arithmetic} pivoting: {exc}")
            continue
        n1, n2 = (len(g.sequences(p)) for p in g.players)
        behaviour = _behaviour(g, sol.z[:n1], sol.z[n1 : n1 + n2])
        method = "sequence_form_lemke_exact" if exact else "sequence_form_lemke"
        try:
            return verified_extensive_equilibrium(g, behaviour, method, rtol)
        except UnverifiedEquilibriumError as exc:
            tried.append(f"{arithmetic} pivoting ({sol.pivots} pivots): {exc}")
    raise SolverError(f"{caller}(): no verified equilibrium; tried " + "; ".join(tried))


# ---------------------------------------------------------------------- zero-sum LP
def _maximin(P: np.ndarray, own: tuple[np.ndarray, np.ndarray], other: tuple[np.ndarray, np.ndarray]):
    """``max_{r, s} g^T s`` s.t. ``G^T s - P^T r <= 0``, ``C r = c``, ``r >= 0``, ``s`` free.

    ``P`` is the maximiser's payoff matrix with its own sequences as rows,
    ``(C, c)`` its constraints and ``(G, g)`` the opponent's. Returns
    ``(r, value)`` or None when HiGHS fails.
    """
    C, c = own
    G, gvec = other
    n, k = P.shape[0], G.shape[0]
    cost = np.concatenate([np.zeros(n), -gvec])
    A_ub = np.hstack([-P.T, G.T])
    A_eq = np.hstack([C, np.zeros((C.shape[0], k))])
    bounds = [(0, None)] * n + [(None, None)] * k
    res = linprog(cost, A_ub=A_ub, b_ub=np.zeros(P.shape[1]), A_eq=A_eq, b_eq=c, bounds=bounds, method="highs")
    if res.status != 0:
        return None
    r = np.where(res.x[:n] > 0, res.x[:n], 0.0)
    return r, float(-res.fun)


def zero_sum_value(game: ExtensiveGame | GameTree, rtol: float | None = None, *, tol: float | None = None) -> ZeroSumSolution:
    """Value and optimal behaviour strategies of a two-player zero-sum game, by the sequence-form LP.

    For player 1 (Koller, Megiddo and von Stengel 1996, Section 3)::

        max_{x, q}  f^T q   s.t.  F^T q - A^T x <= 0,  E x = e,  x >= 0,  q free,

    whose optimum is the value and whose ``x`` is an optimal realization plan;
    symmetrically for player 2 with ``B = -A``. Both are solved with
    :func:`scipy.optimize.linprog` (HiGHS), the plans turned into behaviour
    strategies and the profile verified in the tree. Should HiGHS fail or the
    profile fail verification, :func:`sequence_form_equilibrium` is used
    instead (in a zero-sum game every Nash equilibrium is optimal).

    Parameters
    ----------
    game : ExtensiveGame or GameTree
        A two-player game whose payoffs sum to 0 at every terminal.
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.RTOL`), for the zero-sum
        check (``|u1 + u2|`` at most the larger player's tolerance) and the
        verification.

    Returns
    -------
    ZeroSumSolution
        ``method`` is ``"sequence_form_lp"`` (or the Lemke method of the fallback).

    Raises
    ------
    TypeError
        If ``game`` is not an extensive-form game.
    ValueError
        If the game does not have two players or is not zero-sum.
    SolverError
        If no verified optimal profile is found.

    References
    ----------
    D. Koller, N. Megiddo and B. von Stengel (1996), Games and Economic
    Behavior 14, 247-259, Section 3; B. von Stengel (1996), Games and
    Economic Behavior 14, 220-246.

    Examples
    --------
    Matching pennies in extensive form is worth 0, played half and half:

    >>> from leverage.nodes import Decision, Terminal
    >>> from leverage.extensive.tree import ExtensiveGame
    >>> game = ExtensiveGame(
    ...     Decision("A", {
    ...         "H": Decision("B", {"h": Terminal([1, -1]), "t": Terminal([-1, 1])}, infoset="B"),
    ...         "T": Decision("B", {"h": Terminal([-1, 1]), "t": Terminal([1, -1])}, infoset="B"),
    ...     }),
    ...     players=("A", "B"),
    ... )
    >>> sol = zero_sum_value(game)
    >>> sol.value, dict(sol.equilibrium.behaviour["B"])
    (0.0, {'h': 0.5, 't': 0.5})
    """
    caller = "zero_sum_value"
    g = _as_two_player_game(game, caller)
    rtol = resolve_rtol(rtol, tol, caller)
    u = g.terminal_payoffs
    gap = np.abs(u[:, 0] + u[:, 1])
    limit = float(g.tolerances(rtol).max())
    if gap.size and gap.max() > limit:
        k = int(np.argmax(gap))
        raise ValueError(
            f"{caller}(): the game is not zero-sum: payoffs at terminal {g.terminal_ids[k]!r} sum to "
            f"{u[k, 0] + u[k, 1]:.6g} (tolerance {limit:.3g}); use sequence_form_equilibrium for general games"
        )
    sf = sequence_form(g)
    A = np.asarray(sf.A)
    own1, own2 = (np.asarray(sf.E), np.asarray(sf.e)), (np.asarray(sf.F), np.asarray(sf.f))
    first = _maximin(A, own1, own2)
    second = _maximin(-A.T, own2, own1)
    problem = "HiGHS did not solve the linear programs"
    if first is not None and second is not None:
        (x, _), (y, _) = first, second
        behaviour = _behaviour(g, x, y)
        try:
            eq = verified_extensive_equilibrium(g, behaviour, "sequence_form_lp", rtol)
        except UnverifiedEquilibriumError as exc:
            problem = f"the LP solution fails verification ({exc})"
        else:
            return ZeroSumSolution(float(eq.payoffs[0]), eq, (_readonly(x), _readonly(y)), "sequence_form_lp")
    try:
        eq = sequence_form_equilibrium(g, tol=rtol)
    except SolverError as exc:
        raise SolverError(f"{caller}(): {problem}, and Lemke's algorithm failed too: {exc}") from exc
    x, y = (g.realization_plan(eq.behaviour, p) for p in g.players)
    return ZeroSumSolution(float(eq.payoffs[0]), eq, (_readonly(x), _readonly(y)), eq.method)
