"""The transferable-utility coalitional game: construction, worths, algebra and the checks of its shape.

:class:`CoalitionalGame` holds the worths as an array indexed by bitmask;
its solutions come from :mod:`leverage.coalitions.solutions` and its
coalition structures from :mod:`leverage.coalitions.structures`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from leverage.checks import real_array
from leverage.coalitions.solutions import SolutionMethods
from leverage.coalitions.structures import StructureMethods
from leverage.coalitions.tables import (
    MAX_NORMAL_FORM_PLAYERS,
    MAX_SUPERADDITIVE_PLAYERS,
    MAX_TABULATED_PLAYERS,
    NOISE,
    Coalition,
    check_players,
    coalition_sums,
    finite_number,
    mask_bits,
    maxmin_value,
    popcounts,
    refuse_players,
    submasks,
)
from leverage.game import Game
from leverage.tolerance import ROUNDING_NOISE, noise_scale, payoff_scale, resolve_rtol

__all__ = ["CoalitionalGame"]


class CoalitionalGame(SolutionMethods, StructureMethods):
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
        names = check_players(players, caller)
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
        return frozenset(self._players[i] for i in mask_bits(mask))

    def _call(self, mask: int, caller: str) -> float:
        assert self._function is not None
        coalition = self._names(mask)
        try:
            raw = self._function(coalition)
        except Exception as exc:
            exc.add_note(f"{caller}: raised by the value function for the coalition {sorted(coalition)}")
            raise
        return finite_number(raw, caller, f"value({set(coalition) or 'frozenset()'})")

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
            number = finite_number(worth, caller, f"value[{key!r}]")
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
            table = real_array(value, "value", caller, finite=False).copy()
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
        names = check_players(list(demand_shares), caller, "demand_shares")
        d = np.array([finite_number(demand_shares[p], caller, f"demand_shares[{p!r}]") for p in names])
        if np.any(d < 0):
            p = names[int(np.argmax(d < 0))]
            raise ValueError(f"{caller}: demand_shares[{p!r}] must be non-negative; got {demand_shares[p]!r}")
        s = finite_number(scale, caller, "scale")
        if not 0 <= s < 1:
            raise ValueError(f"{caller}: scale must lie in [0, 1); got {scale!r}")
        for label, x in (("price", price), ("volume", volume)):
            if finite_number(x, caller, label) <= 0:
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
        table = coalition_sums(cost(d)) - cost(coalition_sums(d))
        table[popcounts(len(names)) <= 1] = 0.0  # exactly: nobody saves alone
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
            A normal-form game of at most
            :data:`~leverage.coalitions.MAX_NORMAL_FORM_PLAYERS` players; its
            player names are kept.

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
        refuse_players(n, MAX_NORMAL_FORM_PLAYERS, caller, "2**n maxmin programmes over the whole payoff table")
        shape = game.shape
        table = np.zeros(1 << n)
        for mask in range(1, 1 << n):
            inside = mask_bits(mask)
            outside = [j for j in range(n) if not mask >> j & 1]
            total = sum(game.payoffs[i] for i in inside)
            if not outside:
                table[mask] = float(total.max())
                continue
            rows = int(np.prod([shape[i] for i in inside]))
            M = np.transpose(total, inside + outside).reshape(rows, -1)
            table[mask] = maxmin_value(M)
        return cls._from_table(game.players, table)

    @classmethod
    def weighted_voting(cls, weights: Mapping[str, float], quota: float) -> CoalitionalGame:
        """The simple game ``[quota; w_1, ..., w_n]``: a coalition wins (worth 1) when its weight reaches the quota.

        Weights are compared with the quota up to
        :data:`~leverage.tolerance.ROUNDING_NOISE` times the total weight, so that ``0.1 + 0.2`` reaches a quota of ``0.3``.

        Examples
        --------
        >>> g = CoalitionalGame.weighted_voting({"A": 2, "B": 1, "C": 1}, quota=3)
        >>> g.value(["A", "B"]), g.value(["B", "C"])
        (1.0, 0.0)
        """
        caller = "CoalitionalGame.weighted_voting()"
        if not isinstance(weights, Mapping):
            raise TypeError(f"{caller}: weights must be a mapping of player names to weights")
        names = check_players(list(weights), caller, "weights")
        w = np.array([finite_number(weights[p], caller, f"weights[{p!r}]") for p in names])
        if np.any(w < 0):
            raise ValueError(f"{caller}: weights must be non-negative; got {dict(zip(names, w.tolist()))}")
        q = finite_number(quota, caller, "quota")
        if q <= 0:
            raise ValueError(f"{caller}: quota must be positive; got {quota!r}")
        if len(names) > MAX_TABULATED_PLAYERS:
            raise ValueError(f"{caller}: at most {MAX_TABULATED_PLAYERS} players are supported; got {len(names)}")
        slack = ROUNDING_NOISE * noise_scale(w.sum())
        return cls._from_table(names, (coalition_sums(w) >= q - slack).astype(float))

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
        names = check_players(players, caller)
        if len(names) > MAX_TABULATED_PLAYERS:
            raise ValueError(f"{caller}: at most {MAX_TABULATED_PLAYERS} players are supported; got {len(names)}")
        game = cls._from_table(names, np.zeros(1 << len(names)))
        T = game._key_mask(carrier, caller, "carrier")
        if T == 0:
            raise ValueError(f"{caller}: carrier must name at least one player")
        w = finite_number(weight, caller, "weight")
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
        return tuple(self._players[i] for i in mask_bits(int(mask)))

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
        c = finite_number(factor, "CoalitionalGame.__mul__()", "factor")
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
        bits = mask_bits(mask)
        return CoalitionalGame._from_table(tuple(self._players[i] for i in bits), table[submasks(bits)])

    # ------------------------------------------------------------------ tolerance
    def tolerance(self, rtol: float | None = None, *, tol: float | None = None) -> float:
        """Absolute tolerance of the library's rule: ``rtol`` times the range of the worths.

        Examples
        --------
        >>> CoalitionalGame(["A", "B"], {"A": 0, "B": 0, ("A", "B"): 100}).tolerance()
        1e-06
        """
        caller = "CoalitionalGame.tolerance"
        table = self._require_table(f"{caller}()")
        return resolve_rtol(rtol, tol, caller) * float(payoff_scale([table])[0])

    def _scale(self) -> float:
        return float(payoff_scale([self._table])[0])

    def _clean(self, x: np.ndarray) -> np.ndarray:
        x = np.array(x, dtype=float)
        x[np.abs(x) <= NOISE * self._scale()] = 0.0
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
            return np.array([finite_number(x[p], caller, f"{argument}[{p!r}]") for p in self._players])
        if isinstance(x, str):
            raise TypeError(f"{caller}: {argument} must be a mapping or an array of payoffs; got a string")
        try:
            arr = real_array(x, argument, caller, finite=False).copy()
        except (TypeError, ValueError):
            raise TypeError(f"{caller}: {argument} must be a mapping or an array of payoffs; got {x!r}") from None
        if arr.shape != (n,):
            raise ValueError(f"{caller}: {argument} must have one payoff per player ({n}); got shape {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{caller}: {argument} must be finite; got {arr}")
        return arr

    # ------------------------------------------------------------------ checks
    def is_superadditive(self, rtol: float | None = None, *, tol: float | None = None) -> bool:
        """Whether ``v(S | T) >= v(S) + v(T)`` for all disjoint coalitions (within the tolerance rule).

        Checks every split of every coalition: ``3**n`` comparisons, so games
        of more than :data:`~leverage.coalitions.MAX_SUPERADDITIVE_PLAYERS`
        players are refused with a ``ValueError``.

        Examples
        --------
        >>> CoalitionalGame(["A", "B"], {"A": 1, "B": 1, ("A", "B"): 1.5}).is_superadditive()
        False
        """
        rtol = resolve_rtol(rtol, tol, "CoalitionalGame.is_superadditive")
        caller = "CoalitionalGame.is_superadditive"
        v = self._require_table(f"{caller}()")
        refuse_players(self.n_players, MAX_SUPERADDITIVE_PLAYERS, f"{caller}()", "3**n comparisons")
        atol = self.tolerance(rtol)
        for U in range(3, 1 << self.n_players):
            if U & (U - 1) == 0:
                continue
            low = U & -U
            A = submasks(mask_bits(U ^ low))[:-1] | low  # every split with the lowest member in A, B non-empty
            if np.max(v[A] + v[U ^ A]) > v[U] + atol:
                return False
        return True

    def is_convex(self, rtol: float | None = None, *, tol: float | None = None) -> bool:
        """Whether the game is convex (supermodular): marginal contributions grow with the coalition.

        Checks ``v(S+i+j) - v(S+i) - v(S+j) + v(S) >= 0`` for every pair
        ``i, j`` outside every ``S``, which is equivalent to
        ``v(S | T) + v(S & T) >= v(S) + v(T)`` for all ``S, T`` (Shapley 1971).

        Examples
        --------
        >>> CoalitionalGame.unanimity(["A", "B", "C"], ["A", "B"]).is_convex()
        True
        """
        rtol = resolve_rtol(rtol, tol, "CoalitionalGame.is_convex")
        caller = "CoalitionalGame.is_convex"
        v = self._require_table(f"{caller}()")
        atol = self.tolerance(rtol)
        n = self.n_players
        masks = np.arange(1 << n, dtype=np.int64)
        for i in range(n):
            for j in range(i + 1, n):
                bi, bj = 1 << i, 1 << j
                S = masks[(masks & (bi | bj)) == 0]
                if np.min(v[S | bi | bj] - v[S | bi] - v[S | bj] + v[S]) < -atol:
                    return False
        return True

    def is_essential(self, rtol: float | None = None, *, tol: float | None = None) -> bool:
        """Whether cooperation creates a surplus: ``v(N) > sum_i v({i})`` beyond the tolerance.

        Examples
        --------
        >>> CoalitionalGame(["A", "B"], {"A": 1, "B": 1, ("A", "B"): 2}).is_essential()
        False
        """
        rtol = resolve_rtol(rtol, tol, "CoalitionalGame.is_essential")
        caller = "CoalitionalGame.is_essential"
        v = self._require_table(f"{caller}()")
        n = self.n_players
        alone = sum(float(v[1 << i]) for i in range(n))
        return bool(v[(1 << n) - 1] > alone + self.tolerance(rtol))
