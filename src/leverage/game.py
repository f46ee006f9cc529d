"""The n-player normal-form game with named players and strategies.

:class:`Game` holds data and offers a convenient front; the computations it
exposes (expected payoffs, best responses, regret) are plain functions on
arrays, also usable directly by the solvers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from leverage.checks import real_array
from leverage.display import format_cell, html_table, require_pandas
from leverage.tolerance import PROBABILITY_ATOL, payoff_scale, resolve_rtol

__all__ = ["HTML_MAX_CELLS", "Game", "check_game", "probability_array", "strategy_payoffs", "as_profile", "payoff_arrays", "regrets"]

Profile = Sequence[Any]

#: Most rows (and, for a bimatrix, columns) of a game's HTML table (:meth:`Game._repr_html_`).
HTML_MAX_CELLS = 50


def check_names(names: Any, count: int, what: str, caller: str) -> tuple[str, ...]:
    """Check a sequence of ``count`` distinct, non-empty names (a helper of the library, not in ``__all__``).

    Parameters
    ----------
    names : sequence of str
        The names to check; a single string is refused.
    count : int
        How many names are needed.
    what : str
        What the names name, for the error messages (``"players"``).
    caller : str
        The callable to name in the error messages, e.g. ``"Game()"``.

    Returns
    -------
    tuple of str
        The names.

    Raises
    ------
    TypeError
        If ``names`` is a string, not a sequence, or holds a non-string.
    ValueError
        If there are not ``count`` names, or one is empty or repeated.
    """
    if isinstance(names, str):
        raise TypeError(f"{caller}: {what} must be a sequence of names, not a single string {names!r}")
    try:
        names = tuple(names)
    except TypeError:
        raise TypeError(f"{caller}: {what} must be a sequence of names; got {names!r}") from None
    if len(names) != count:
        raise ValueError(f"{caller}: {what} has {len(names)} names but {count} are needed")
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"{caller}: {what} must be strings; got {name!r}")
        if not name:
            raise ValueError(f"{caller}: {what} contains an empty name")
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"{caller}: duplicate name {name!r} in {what}")
        seen.add(name)
    return names


def check_game(game: Any, caller: str) -> Game:
    """``game`` if it is a :class:`Game`; a TypeError naming ``caller`` otherwise.

    Parameters
    ----------
    game : object
        The argument to check.
    caller : str
        The public function's name, without parentheses.

    Examples
    --------
    >>> check_game([[1, 2]], "equilibria")
    Traceback (most recent call last):
    ...
    TypeError: equilibria(): game must be a leverage.Game; got list
    """
    if not isinstance(game, Game):
        raise TypeError(f"{caller}(): game must be a leverage.Game; got {type(game).__name__}")
    return game


def probability_array(values: Any, shape: tuple[int, ...], name: str, caller: str, layout: str = "") -> np.ndarray:
    """``values`` as a probability distribution of the given shape, normalised; clear errors otherwise.

    Nonnegative, finite entries summing to 1 within
    :data:`~leverage.tolerance.PROBABILITY_ATOL` (then divided by their sum).

    Parameters
    ----------
    values : array_like
        The probabilities.
    shape : tuple of int
        The shape required.
    name, caller : str
        The argument's and the public function's names, for the messages.
    layout : str, optional
        What the axes mean (for the shape error), e.g. "one probability per type".

    Examples
    --------
    >>> probability_array([0.25, 0.75], (2,), "prior", "signalling_game()")
    array([0.25, 0.75])
    >>> probability_array([0.5, 0.6], (2,), "prior", "signalling_game()")
    Traceback (most recent call last):
    ...
    ValueError: signalling_game(): prior must sum to 1; got 1.1
    """
    if not isinstance(shape, tuple) or not all(isinstance(k, (int, np.integer)) and not isinstance(k, bool)
                                               and k >= 0 for k in shape):
        raise TypeError(f"{caller}: the shape of {name} must be a tuple of non-negative ints; got {shape!r}")
    try:
        arr = real_array(values, name, caller, finite=False).copy()
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: {name} must be an array of probabilities; got {values!r}") from None
    if arr.shape != tuple(shape):
        note = f" ({layout})" if layout else ""
        raise ValueError(f"{caller}: {name} must have shape {tuple(shape)}{note}; got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{caller}: {name} has non-finite entries")
    if np.any(arr < 0):
        raise ValueError(f"{caller}: {name} has negative probabilities (smallest {arr.min():.6g})")
    total = float(arr.sum())
    if abs(total - 1.0) > PROBABILITY_ATOL:
        raise ValueError(f"{caller}: {name} must sum to 1; got {total:.12g}")
    return arr / total


def strategy_payoffs(payoff: np.ndarray, profile: Sequence[np.ndarray], player: int) -> np.ndarray:
    """Payoff of each pure strategy of ``player`` against the others' mixed strategies.

    Parameters
    ----------
    payoff : numpy.ndarray
        The player's payoff array, shape ``(m_1, ..., m_n)``.
    profile : sequence of 1-D arrays
        Mixed strategies of all players (``profile[player]`` is ignored).
    player : int
        The player whose pure strategies are evaluated.

    Returns
    -------
    numpy.ndarray
        Array of length ``m_player``.

    Raises
    ------
    TypeError
        If an argument is not real, or ``profile`` is not a sequence of vectors.
    ValueError
        If an entry is not finite, ``player`` is not an index of ``profile``, or
        the shapes do not match (one vector per axis of ``payoff``, of that
        axis's length). The vectors are not checked to be probabilities.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])
    >>> strategy_payoffs(A, [None, np.array([0.5, 0.5])], 0)
    array([1.5, 3. ])
    """
    caller = "strategy_payoffs()"
    payoff = _finite_array(payoff, "payoff", caller)
    profile = _vectors(profile, payoff.shape, caller, skip=player)
    if len(profile) == 2:  # the common bimatrix case, without axis juggling
        return payoff @ profile[1] if player == 0 else profile[0] @ payoff
    out = payoff
    # contract the axes of the other players, from the last to the first
    for j in range(len(profile) - 1, -1, -1):
        if j == player:
            continue
        out = np.moveaxis(out, j, -1) @ profile[j]
    return np.asarray(out, dtype=float)


def as_profile(profile: Any, shape: tuple[int, ...], caller: str, atol: float = PROBABILITY_ATOL) -> tuple[np.ndarray, ...]:
    """Validate a mixed-strategy profile and return it as float arrays.

    Each entry may be a probability vector or an integer (a pure strategy).

    Raises
    ------
    ValueError
        If the profile has the wrong number of entries, a vector has the wrong
        length, a negative or non-finite entry, or does not sum to 1.
    TypeError
        If an entry is neither an integer nor array-like.

    Examples
    --------
    A pure strategy given by its index becomes a unit vector:

    >>> as_profile([0, [0.25, 0.75]], (3, 2), "example()")
    (array([1., 0., 0.]), array([0.25, 0.75]))
    >>> as_profile([[0.5, 0.6], 0], (2, 2), "example()")
    Traceback (most recent call last):
    ...
    ValueError: example(): profile[0] is not a probability vector: it sums to 1.1, not 1
    """
    try:
        entries = list(profile)
    except TypeError:
        raise TypeError(f"{caller}: profile must be a sequence with one strategy per player; got {profile!r}") from None
    if len(entries) != len(shape):
        raise ValueError(f"{caller}: profile has {len(entries)} strategies but the game has {len(shape)} players")
    out = []
    for i, (entry, m) in enumerate(zip(entries, shape)):
        if isinstance(entry, (int, np.integer)) and not isinstance(entry, bool):
            if not 0 <= entry < m:
                raise ValueError(f"{caller}: profile[{i}] = {entry} is not a strategy index in [0, {m})")
            vec = np.zeros(m)
            vec[entry] = 1.0
            out.append(vec)
            continue
        try:
            vec = real_array(entry, f"profile[{i}]", caller, finite=False)
        except TypeError:
            raise TypeError(f"{caller}: profile[{i}] must be a probability vector or an index; got {entry!r}") from None
        if vec.shape != (m,):
            raise ValueError(f"{caller}: profile[{i}] has shape {vec.shape}; expected ({m},)")
        if not np.all(np.isfinite(vec)):
            raise ValueError(f"{caller}: profile[{i}] is not a probability vector: it has non-finite entries")
        if np.any(vec < -atol):
            raise ValueError(f"{caller}: profile[{i}] is not a probability vector: it has negative entries {vec}")
        total = vec.sum()
        if abs(total - 1.0) > atol * max(1, m):
            raise ValueError(f"{caller}: profile[{i}] is not a probability vector: it sums to {total:.12g}, not 1")
        out.append(np.clip(vec, 0.0, None))
    return tuple(out)


class Game:
    """An n-player normal-form game with named players and strategies.

    Parameters
    ----------
    payoffs : sequence of array_like
        One array per player; array ``i`` has shape ``(m_1, ..., m_n)`` and
        holds player ``i``'s payoff at every pure profile.
    players : sequence of str, optional
        Player names; ``"Player 1"``, ``"Player 2"``, ... by default.
    strategies : sequence of sequences of str, optional
        Strategy names per player; ``"s1"``, ``"s2"``, ... by default.

    Raises
    ------
    TypeError
        If payoffs are not numeric or names are not strings.
    ValueError
        If payoffs are non-finite or a player's payoffs span a range that
        overflows floating point (``max - min`` is infinite, as with payoffs
        of ``-1e308`` and ``1e308``), shapes disagree, a player has no
        strategies, or names are missing or duplicated.

    Notes
    -----
    Equality tests between payoffs use the library's one tolerance rule,
    :mod:`leverage.tolerance`: a difference counts as zero when it is at most
    ``rtol`` times the player's payoff range.

    A game holds data and knows nothing of the solvers: whether a bimatrix
    game is degenerate is :func:`leverage.is_degenerate` (the function of
    :mod:`leverage.solvers.vertex`, formerly the method ``Game.is_degenerate``).

    Examples
    --------
    >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                        players=("China", "US"),
    ...                        strategies=(("Supply", "Restrict"), ("Comply", "Retaliate")))
    >>> g
    Game(China: 2 strategies, US: 2 strategies)
    >>> g.expected_payoffs([[0, 1], [0, 1]])
    array([1., 1.])
    >>> g.is_nash([[0, 1], [0, 1]])
    True
    >>> g.regret([[1, 0], [1, 0]])
    array([2., 2.])

    Payoffs whose spread overflows are refused rather than given an infinite tolerance:

    >>> Game.from_bimatrix([[1e308, -1e308], [0, 0]], [[0, 0], [0, 0]])
    Traceback (most recent call last):
    ...
    ValueError: Game(): payoffs[0] range from -1e+308 to 1e+308, a spread that overflows floating point, ...
    """

    __slots__ = ("_payoffs", "_players", "_strategies", "_scale")

    def __init__(
        self,
        payoffs: Sequence[Any],
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
    ) -> None:
        caller = "Game()"
        if isinstance(payoffs, np.ndarray) or not isinstance(payoffs, Sequence):
            raise TypeError(
                f"{caller}: payoffs must be a sequence of n arrays (one per player); got {type(payoffs).__name__}"
            )
        if len(payoffs) < 1:
            raise ValueError(f"{caller}: payoffs is empty; a game needs at least one player")
        arrays = []
        for i, u in enumerate(payoffs):
            arrays.append(real_array(u, f"payoffs[{i}]", caller, finite=False).copy())
        n = len(arrays)
        shape = arrays[0].shape
        for i, arr in enumerate(arrays):
            if arr.ndim != n:
                raise ValueError(
                    f"{caller}: payoffs[{i}] has {arr.ndim} dimensions but there are {n} players; "
                    f"each array needs one axis per player"
                )
            if arr.shape != shape:
                raise ValueError(
                    f"{caller}: inconsistent shapes: payoffs[{i}] has shape {arr.shape}, payoffs[0] has {shape}"
                )
        names = (
            tuple(f"Player {i + 1}" for i in range(n))
            if players is None
            else check_names(players, n, "players", caller)
        )
        for i, m in enumerate(shape):
            if m == 0:
                raise ValueError(f"{caller}: player {names[i]!r} has no strategies (payoff shape {shape})")
        for i, arr in enumerate(arrays):
            if not np.all(np.isfinite(arr)):
                idx = tuple(int(k) for k in np.argwhere(~np.isfinite(arr))[0])
                raise ValueError(f"{caller}: payoffs[{i}] has a non-finite value ({arr[idx]}) at {idx}")
            high, low = float(arr.max()), float(arr.min())
            if not np.isfinite(high - low):
                raise ValueError(
                    f"{caller}: payoffs[{i}] range from {low:.6g} to {high:.6g}, a spread that overflows "
                    f"floating point, so no tolerance or regret can be computed; rescale them (divide every "
                    f"payoff by the same positive number, such as 1e300: equilibria do not change)"
                )
            arr.setflags(write=False)
        if strategies is None:
            strats = tuple(tuple(f"s{k + 1}" for k in range(m)) for m in shape)
        else:
            if isinstance(strategies, (str, bytes)) or not isinstance(strategies, Iterable):
                raise TypeError(f"{caller}: strategies must be one sequence of names per player; got {strategies!r}")
            strategies = list(strategies)
            if len(strategies) != n:
                raise ValueError(f"{caller}: strategies has {len(strategies)} entries but there are {n} players")
            strats = tuple(
                check_names(s, m, f"strategies of {names[i]!r}", caller)
                for i, (s, m) in enumerate(zip(strategies, shape))
            )
        self._payoffs = tuple(arrays)
        self._players = names
        self._strategies = strats

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_bimatrix(
        cls,
        A: Any,
        B: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
    ) -> Game:
        """Two-player game from the row player's matrix ``A`` and the column player's ``B``.

        Examples
        --------
        >>> Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]).shape
        (2, 2)
        """
        caller = "Game.from_bimatrix()"
        A = real_array(A, "A", caller, finite=False)
        B = real_array(B, "B", caller, finite=False)
        for label, M in (("A", A), ("B", B)):
            if M.ndim != 2:
                raise ValueError(f"{caller}: {label} must be a 2-D matrix; got shape {M.shape}")
        if A.shape != B.shape:
            raise ValueError(f"{caller}: A has shape {A.shape} but B has shape {B.shape}")
        return cls((A, B), players=players, strategies=strategies)

    @classmethod
    def from_nashpy(cls, game: Any, players: Sequence[str] | None = None,
                    strategies: Sequence[Sequence[str]] | None = None) -> Game:
        """Build a :class:`Game` from a ``nashpy.Game``.

        Examples
        --------
        >>> import nashpy
        >>> Game.from_nashpy(nashpy.Game([[1, 2], [3, 4]], [[0, 1], [1, 0]])).payoffs[1]
        array([[0., 1.],
               [1., 0.]])
        """
        try:
            A, B = game.payoff_matrices
        except (AttributeError, TypeError, ValueError):
            raise TypeError(f"Game.from_nashpy(): expected a nashpy.Game; got {type(game).__name__}") from None
        return cls.from_bimatrix(A, B, players=players, strategies=strategies)

    def to_nashpy(self) -> Any:
        """The same two-player game as a ``nashpy.Game``.

        Examples
        --------
        >>> g = Game.from_bimatrix([[1, 2], [3, 4]], [[0, 0], [1, 1]])
        >>> g.to_nashpy().payoff_matrices[0]
        array([[1., 2.],
               [3., 4.]])
        """
        if self.n_players != 2:
            raise ValueError(f"Game.to_nashpy(): nashpy holds two-player games only; this game has {self.n_players} players")
        import nashpy

        return nashpy.Game(np.array(self._payoffs[0]), np.array(self._payoffs[1]))

    # ------------------------------------------------------------------ data
    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """Read-only payoff arrays, one per player."""
        return self._payoffs

    @property
    def payoff_scale(self) -> np.ndarray:
        """Each player's payoff scale, the unit of the tolerance rule (read-only; computed once).

        The same as :func:`leverage.tolerance.payoff_scale` of :attr:`payoffs`.

        Examples
        --------
        >>> Game.from_bimatrix([[0.0, 4.0], [1.0, 2.0]], [[1.0, 1.0], [1.0, 1.0]]).payoff_scale
        array([4., 1.])
        """
        try:
            return self._scale
        except AttributeError:
            scale = payoff_scale(self._payoffs)
            scale.setflags(write=False)
            self._scale = scale
            return scale

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Strategy names, one tuple per player."""
        return self._strategies

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._payoffs)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return self._payoffs[0].shape

    def __repr__(self) -> str:
        inner = ", ".join(f"{p}: {m} strategies" for p, m in zip(self._players, self.shape))
        return f"Game({inner})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Game):
            return NotImplemented
        return (
            self._players == other._players
            and self._strategies == other._strategies
            and self.shape == other.shape
            and all(np.array_equal(a, b) for a, b in zip(self._payoffs, other._payoffs))
        )

    __hash__ = None  # type: ignore[assignment]

    def tolerances(self, rtol: float | None = None, *, tol: float | None = None) -> np.ndarray:
        """Absolute per-player tolerances of the library's rule (see :mod:`leverage.tolerance`)."""
        return resolve_rtol(rtol, tol, "Game.tolerances") * self.payoff_scale

    # ------------------------------------------------------------------ computations
    def profile(self, profile: Profile, caller: str = "Game.profile") -> tuple[np.ndarray, ...]:
        """Validate ``profile`` (probability vectors or pure indices) and return float arrays."""
        return as_profile(profile, self.shape, f"{caller}()")

    def expected_payoffs(self, profile: Profile) -> np.ndarray:
        """Expected payoff of each player at a mixed profile.

        Examples
        --------
        >>> g = Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        >>> g.expected_payoffs([[0.5, 0.5], [0.5, 0.5]])
        array([0., 0.])
        """
        prof = self.profile(profile, "Game.expected_payoffs")
        return _expected(self._payoffs, prof)

    def strategy_payoffs(self, profile: Profile, player: int) -> np.ndarray:
        """Payoff of each pure strategy of ``player`` against the others' strategies in ``profile``.

        Examples
        --------
        >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g.strategy_payoffs([[1, 0], [0.5, 0.5]], 0)
        array([1.5, 3. ])
        """
        prof = self.profile(profile, "Game.strategy_payoffs")
        player = self._player_index(player, "Game.strategy_payoffs")
        return strategy_payoffs(self._payoffs[player], prof, player)

    def best_responses(self, profile: Profile, player: int, rtol: float | None = None, *, tol: float | None = None) -> np.ndarray:
        """Indices of ``player``'s pure best responses to the others' strategies (ties within tolerance).

        Examples
        --------
        >>> g = Game.from_bimatrix([[1, 1], [0, 0]], [[0, 0], [0, 0]])
        >>> g.best_responses([[1, 0], [0.5, 0.5]], 1)
        array([0, 1])
        """
        rtol = resolve_rtol(rtol, tol, "Game.best_responses")
        prof = self.profile(profile, "Game.best_responses")
        player = self._player_index(player, "Game.best_responses")
        values = strategy_payoffs(self._payoffs[player], prof, player)
        return np.flatnonzero(values >= values.max() - self.tolerances(rtol)[player])

    def regret(self, profile: Profile) -> np.ndarray:
        """Each player's regret: best pure payoff against the others minus the payoff at ``profile``.

        Examples
        --------
        >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g.regret([[1, 0], [1, 0]])
        array([2., 2.])
        """
        prof = self.profile(profile, "Game.regret")
        return regrets(self._payoffs, prof)

    def is_nash(self, profile: Profile, rtol: float | None = None, *, tol: float | None = None) -> bool:
        """Whether ``profile`` is a Nash equilibrium under the library's tolerance rule.

        Parameters
        ----------
        profile : sequence
            One probability vector (or pure strategy index) per player.
        rtol : float, optional
            ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
            Relative tolerance (default :data:`leverage.tolerance.RTOL`); a
            player's regret may be at most ``tol`` times its payoff range.

        Examples
        --------
        >>> g = Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        >>> g.is_nash([[0.5, 0.5], [0.5, 0.5]]), g.is_nash([[1, 0], [1, 0]])
        (True, False)
        """
        prof = self.profile(profile, "Game.is_nash")
        rtol = resolve_rtol(rtol, tol, "Game.is_nash")
        return bool(np.all(regrets(self._payoffs, prof) <= rtol * self.payoff_scale))

    # ------------------------------------------------------------------ display
    def _repr_html_(self) -> str:
        """The payoff table for Jupyter (every name escaped; at most :data:`HTML_MAX_CELLS` rows and columns).

        Two players: the bimatrix, one row per strategy of the row player, one
        column per strategy of the column player, each cell ``"a, b"``. Other
        games: one row per pure profile, a column per player's strategy and
        one per player's payoff.

        Examples
        --------
        >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("China", "US"))
        >>> "<td>s2</td><td>5, 0</td><td>1, 1</td>" in g._repr_html_()
        True
        """
        limit = HTML_MAX_CELLS
        names = ", ".join(self._players)
        if self.n_players == 2:
            A, B = self._payoffs
            rows_s, cols_s = self._strategies
            shown = cols_s[:limit]
            header = [f"{self._players[0]} \\ {self._players[1]}", *shown]
            rows = [[rows_s[r], *(f"{format_cell(A[r, c])}, {format_cell(B[r, c])}" for c in range(len(shown)))]
                    for r in range(len(rows_s))]
            caption = (f"Game of {names}: rows {self._players[0]}, columns {self._players[1]}; "
                       f"cells: {self._players[0]}'s payoff, {self._players[1]}'s payoff")
            table = html_table(header, rows, caption=caption, max_rows=limit)
            hidden = len(cols_s) - len(shown)
            return table + (f"\n<p>… {hidden} more column{'s' * (hidden != 1)}</p>" if hidden > 0 else "")
        total = int(np.prod(self.shape))
        rows = [[*(self._strategies[i][k] for i, k in enumerate(index)), *(u[index] for u in self._payoffs)]
                for index in _first_profiles(self.shape, limit)]
        header = [*self._players, *(f"payoff {p}" for p in self._players)]
        table = html_table(header, rows, caption=f"Game of {names}: one row per pure profile", max_rows=limit)
        hidden = total - len(rows)
        return table + (f"\n<p>… {hidden} more profile{'s' * (hidden != 1)}</p>" if hidden > 0 else "")

    def to_pandas(self) -> Any:
        """The payoffs as a ``pandas.DataFrame``: one row per pure profile.

        A column per player holds its strategy's name; ``payoff_<player>`` its payoff
        there (the floats of :attr:`payoffs`, exactly). Rows in C order of the arrays.

        Raises
        ------
        ImportError
            If pandas is not installed (``pip install 'leverage[tables]'``).

        Examples
        --------
        >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("China", "US"))
        >>> g.to_pandas()["payoff_US"].tolist()
        [3.0, 5.0, 0.0, 1.0]
        """
        pd = require_pandas("Game.to_pandas()")
        index = np.indices(self.shape).reshape(self.n_players, -1)
        data: dict[str, Any] = {}
        for i, player in enumerate(self._players):
            data[player] = np.asarray(self._strategies[i], dtype=object)[index[i]]
        for player, u in zip(self._players, self._payoffs):
            data[f"payoff_{player}"] = u.reshape(-1).copy()
        return pd.DataFrame(data)

    def _player_index(self, player: int | str, caller: str) -> int:
        if isinstance(player, str):
            if player not in self._players:
                raise ValueError(f"{caller}(): unknown player {player!r}; players are {self._players}")
            return self._players.index(player)
        if isinstance(player, bool) or not isinstance(player, (int, np.integer)):
            raise TypeError(f"{caller}(): player must be an index or a name; got {player!r}")
        if not 0 <= player < self.n_players:
            raise ValueError(f"{caller}(): player index {player} is out of range for {self.n_players} players")
        return int(player)


def _first_profiles(shape: tuple[int, ...], count: int) -> list[tuple[int, ...]]:
    """The first ``count`` pure profiles of a game of ``shape``, in C order."""
    total = int(np.prod(shape))
    return [tuple(int(k) for k in np.unravel_index(j, shape)) for j in range(min(count, total))]


def _expected(payoffs: Sequence[np.ndarray], profile: Sequence[np.ndarray]) -> np.ndarray:
    out = np.empty(len(payoffs))
    for i, u in enumerate(payoffs):
        out[i] = strategy_payoffs(u, profile, i) @ profile[i]
    return out


def regrets(payoffs: Sequence[np.ndarray], profile: Sequence[np.ndarray]) -> np.ndarray:
    """Per-player regret of a mixed profile; never negative.

    Parameters
    ----------
    payoffs : sequence of arrays
        One payoff array per player, each of shape ``(m_1, ..., m_n)``.
    profile : sequence of 1-D arrays
        One mixed strategy per player (of length ``m_i``; not checked to be
        a probability vector: :meth:`Game.regret` checks that).

    Raises
    ------
    TypeError
        If an argument is not real or not a sequence of arrays.
    ValueError
        If an entry is not finite or the shapes do not match.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> regrets([A, -A], [np.array([1.0, 0.0]), np.array([1.0, 0.0])])
    array([0., 2.])
    """
    caller = "regrets()"
    arrays = payoff_arrays(payoffs, caller)
    profile = _vectors(profile, arrays[0].shape, caller)
    out = np.empty(len(arrays))
    for i, u in enumerate(arrays):
        values = strategy_payoffs(u, profile, i)
        out[i] = max(0.0, float(values.max() - values @ profile[i]))
    return out


def payoff_arrays(payoffs: Any, caller: str) -> list[np.ndarray]:
    """The payoffs of a normal form as finite float arrays, one per player, each with one axis per player.

    A stacked array (players first) counts as the sequence of its rows.

    Parameters
    ----------
    payoffs : sequence of array_like
        One payoff array per player.
    caller : str
        The public function's name with its parentheses, for the messages.

    Raises
    ------
    TypeError
        If ``payoffs`` is not a nonempty sequence of real arrays.
    ValueError
        If an array is not finite, or the arrays do not share one shape with one axis per player.

    Examples
    --------
    >>> [u.shape for u in payoff_arrays([[[1, 0], [0, 1]], [[0, 1], [1, 0]]], "regrets()")]
    [(2, 2), (2, 2)]
    >>> payoff_arrays([[1, 0], [0, 1]], "regrets()")
    Traceback (most recent call last):
    ...
    ValueError: regrets(): payoffs must be 2 arrays with 2 axes each, one shape; got shapes [(2,), (2,)]
    """
    if isinstance(payoffs, np.ndarray) and payoffs.ndim >= 1:
        payoffs = list(payoffs)
    if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, Sequence) or not payoffs:
        raise TypeError(f"{caller}: payoffs must be a nonempty sequence of arrays, one per player; "
                        f"got {type(payoffs).__name__}")
    arrays = [_finite_array(u, f"payoffs[{i}]", caller) for i, u in enumerate(payoffs)]
    if any(u.shape != arrays[0].shape for u in arrays) or arrays[0].ndim != len(arrays):
        raise ValueError(f"{caller}: payoffs must be {len(arrays)} arrays with {len(arrays)} axes each, one shape; "
                         f"got shapes {[u.shape for u in arrays]}")
    return arrays


def _finite_array(value: Any, name: str, caller: str) -> np.ndarray:
    """``value`` as a finite float array (a float64 array is only checked for finiteness: the hot path)."""
    if isinstance(value, np.ndarray) and value.dtype == np.float64:
        if not np.isfinite(value).all():
            raise ValueError(f"{caller}: {name} has non-finite values (NaN or infinite)")
        return value
    return real_array(value, name, caller)


def _vectors(profile: Any, shape: tuple[int, ...], caller: str, skip: Any = None) -> list[Any]:
    """One finite vector per axis of ``shape``, of that axis's length (entry ``skip`` is passed through)."""
    if isinstance(profile, (str, bytes)) or not isinstance(profile, (Sequence, np.ndarray)):
        raise TypeError(f"{caller}: profile must be a sequence of vectors, one per player; got "
                        f"{type(profile).__name__}")
    if len(profile) != len(shape):
        raise ValueError(f"{caller}: profile has {len(profile)} entries; the payoffs have {len(shape)} axes")
    if skip is not None:
        if isinstance(skip, (bool, np.bool_)) or not isinstance(skip, (int, np.integer)) or not 0 <= skip < len(shape):
            raise ValueError(f"{caller}: player must be an index from 0 to {len(shape) - 1}; got {skip!r}")
    out = []
    for j, v in enumerate(profile):
        if skip is not None and j == skip:
            out.append(v)
            continue
        vec = _finite_array(v, f"profile[{j}]", caller)
        if vec.shape != (shape[j],):
            raise ValueError(f"{caller}: profile[{j}] must be a vector of length {shape[j]}; got shape {vec.shape}")
        out.append(vec)
    return out
