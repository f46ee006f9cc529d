"""Hypothesis strategies for symbolic games (:class:`~leverage.solvers.symbolic.SymbolicGame`).

- :func:`symbolic_games`: two-player games whose payoffs are linear in a few
  named parameters, with distinct constant terms so that no two payoff
  entries of a player coincide identically; optionally with each parameter
  owned by one player, or with best responses that cycle at every parameter
  value (so that the only equilibrium is mixed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without hypothesis
    raise ImportError(
        "leverage.testing needs hypothesis: pip install 'leverage[test]' or pip install hypothesis"
    ) from exc

import sympy

from leverage.checks import check_flag
from leverage.parameters import Parameter, ParameterSet
from leverage.solvers.symbolic import SymbolicGame, parameter_symbols
from leverage.testing.arguments import count as arg_count
from leverage.testing.arguments import elements

__all__ = ["symbolic_games", "PARAMETER_NAMES"]

#: Names given to the parameters of drawn games, in order.
PARAMETER_NAMES = ("rent", "loss", "cost", "concession", "premium", "share")


def _as_strategy(value: Any) -> st.SearchStrategy:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


#: In a 2 x 2 game whose best responses cycle, the entry each player prefers in each comparison:
#: (better, worse) cells of the row player's columns and of the column player's rows.
_CYCLE = (
    (((0, 0), (1, 0)), ((1, 1), (0, 1))),  # the row player matches the column ...
    (((0, 1), (0, 0)), ((1, 0), (1, 1))),  # ... the column player mismatches
)


#: Most strategies per player of a drawn symbolic game.
MAX_SIDE = 6


def _shape(value: Any, caller: str) -> list[Any]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise TypeError(f"{caller}: shape must be a pair (rows, columns); got {value!r}")
    return list(value)


@st.composite
def symbolic_games(
    draw: Any,
    shape: Sequence[int] | st.SearchStrategy[Sequence[int]] | None = None,
    n_parameters: int | st.SearchStrategy[int] | None = None,
    coefficients: st.SearchStrategy[int] | None = None,
    separate: bool = False,
    cyclic: bool = False,
) -> SymbolicGame:
    """Two-player symbolic games with payoffs linear in named parameters.

    Each payoff entry is ``c + sum_k a_k * theta_k``: the constants ``c`` are
    multiples of 0.01, distinct within each player's matrix (in cyclic games,
    the entries each player compares are set apart instead); the
    coefficients ``a_k`` are small integers. Each parameter has a range of width 0.5 to 5
    with two-decimal ends and a calibrated value inside it.

    Parameters
    ----------
    shape : (int, int) or strategy, optional
        Numbers of strategies (default: 2 x 2, 2 x 3 or 3 x 2).
    n_parameters : int or strategy, optional
        Number of parameters, at most ``len(PARAMETER_NAMES)`` (default 1 to 3).
    coefficients : strategy of int, optional
        Coefficients of the parameters (default: integers in ``[-2, 2]``).
    separate : bool
        Each parameter enters the payoffs of one player only (drawn), as in
        the sanctions game of Tsebelis (1990), where each player's payoffs are
        its own.
    cyclic : bool
        2 x 2 games whose best responses cycle -- the row player wants to
        match the column player's strategy, the column player to mismatch --
        at *every* parameter value in the ranges (each preferred entry beats
        the other by at least 0.1 over the whole box), so that the only
        equilibrium is mixed everywhere, as in matching pennies, inspection
        and sanctions games.

    Raises
    ------
    ValueError
        If ``shape`` or ``n_parameters`` is out of bounds, or ``cyclic`` is
        asked with a shape other than 2 x 2.

    Examples
    --------
    In a cyclic game the only equilibrium is mixed, whatever the parameters;
    with ``separate=True`` no parameter enters both players' payoffs:

    >>> import numpy as np
    >>> from hypothesis import given, strategies as st
    >>> from leverage import Game, equilibria
    >>> from leverage.testing.strategies import parameters
    >>> @given(st.data())
    ... def check_cyclic(data):
    ...     game = data.draw(symbolic_games(cyclic=True, separate=True))
    ...     row, col = ({s.name for s in M.free_symbols} for M in game.payoffs)
    ...     assert not row & col
    ...     point = data.draw(parameters(game.parameters))
    ...     at = {game.symbols[name]: value for name, value in point.items()}
    ...     A, B = (np.array(M.xreplace(at), dtype=float) for M in game.payoffs)
    ...     (eq,) = equilibria(Game.from_bimatrix(A, B))
    ...     assert eq.support == ((0, 1), (0, 1))
    >>> check_cyclic()
    """
    caller = "symbolic_games()"
    separate, cyclic = check_flag(separate, "separate", caller), check_flag(cyclic, "cyclic", caller)
    coefficients = elements(coefficients, "coefficients", caller)
    default_shape = st.just((2, 2)) if cyclic else st.sampled_from([(2, 2), (2, 3), (3, 2)])
    drawn = draw(_as_strategy(shape if shape is not None else default_shape))
    entries = _shape(drawn, caller)
    m, n = (arg_count(k, "each entry of shape", caller, low=1, high=MAX_SIDE) for k in entries)
    if cyclic and (m, n) != (2, 2):
        raise ValueError(f"{caller}: cyclic games are 2 x 2; got shape {(m, n)!r}")
    count = draw(_as_strategy(n_parameters if n_parameters is not None else st.integers(1, 3)))
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= len(PARAMETER_NAMES):
        raise ValueError(f"{caller}: n_parameters must be in [1, {len(PARAMETER_NAMES)}]; got {count!r}")
    coefs = coefficients if coefficients is not None else st.integers(-2, 2)
    params = {}
    box = {}  # the ranges in hundredths, exactly
    for name in PARAMETER_NAMES[:count]:
        low = draw(st.integers(-500, 500))
        high = low + draw(st.integers(50, 500))
        value = low + (high - low) * draw(st.integers(0, 100)) // 100
        params[name] = Parameter(value / 100, low / 100, high / 100, "u", "drawn by hypothesis")
        box[name] = (low, high)
    ps = ParameterSet(params)
    symbols = parameter_symbols(ps)
    owners = {name: draw(st.integers(0, 1)) if separate else None for name in ps}
    matrices = []
    for player in range(2):
        mine = [name for name in ps if owners[name] in (None, player)]
        slopes = {(r, c): {name: draw(coefs) for name in mine} for r in range(m) for c in range(n)}
        # distinct constants by construction: increasing steps from a base, in a drawn order
        steps = draw(st.lists(st.integers(1, 1000 // (m * n)), min_size=m * n, max_size=m * n))
        base = draw(st.integers(-500, 500 - sum(steps)))
        order = draw(st.permutations([base + sum(steps[: k + 1]) for k in range(m * n)]))
        constants = {(r, c): order[r * n + c] for r in range(m) for c in range(n)}
        if cyclic:
            for better, worse in _CYCLE[player]:
                # in hundredths: the constant gap that keeps the preferred entry ahead over the
                # whole box (the worst corner of the slopes' difference), plus 0.1 to 3
                deficit = -sum(
                    min(d * box[name][0], d * box[name][1])
                    for name in mine
                    for d in [slopes[better][name] - slopes[worse][name]]
                )
                constants[better] = constants[worse] + deficit + draw(st.integers(10, 300))
        rows = []
        for r in range(m):
            row = []
            for c in range(n):
                entry = sympy.Rational(constants[(r, c)], 100)
                for name in mine:
                    entry += slopes[(r, c)][name] * symbols[name]
                row.append(entry)
            rows.append(row)
        matrices.append(rows)
    return SymbolicGame(ps, matrices, players=("Row", "Column"))
