"""Parameterised extensive-form games: trees whose payoffs and chance probabilities are functions of parameters.

A :class:`ParametricTree` couples a :class:`~leverage.parameters.ParameterSet`
with a function that builds the tree from parameter values. It *is* a
:class:`~leverage.ParametricGame` -- of the tree's reduced normal form -- so
sweeps, regime maps, thresholds and global indices take it as they take any
parameterised game, while :meth:`ParametricTree.tree` gives the tree itself at
any parameter values.

Examples
--------
China's licence probe: with probability ``p_low`` Japan's cost of building other
supply is low. China restricts or keeps exports open, not knowing the cost;
Japan, knowing it, stays or exits after a restriction.

>>> from leverage import Parameter, ParameterSet
>>> from leverage.nodes import Chance, Decision, Terminal
>>> params = ParameterSet(
...     p_low=Parameter(0.3, 0.0, 1.0, "probability", "illustrative"),
...     rent=Parameter(2.0, 1.0, 4.0, "bn USD/yr", "illustrative"),
... )
>>> def build(p_low, rent):
...     def japan(cost):
...         return Decision("Japan", {"Stay": Terminal([rent + 1, -1]), "Exit": Terminal([0, -cost])})
...     restrict = Chance({"Low": (p_low, japan(0.5)), "High": (1 - p_low, japan(3.0))})
...     return ExtensiveGame(Decision("China", {"Restrict": restrict, "Open": Terminal([rent, 0])}),
...                          players=("China", "Japan"))
>>> model = ParametricTree(params, build)
>>> model.strategies
(('Restrict', 'Open'), ('Stay/Stay', 'Stay/Exit', 'Exit/Stay', 'Exit/Exit'))
>>> float(round(model.game().payoffs[0][0, 2], 12))   # Restrict; Japan exits if its cost is low: 0.7 * 3
2.1
>>> A, B = model.batch({"p_low": [0.0, 1.0]})
>>> A[:, 0, 2]
array([3., 0.])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from leverage.assumptions import Assumption
from leverage.extensive.tree import ExtensiveGame
from leverage.parameters import ParameterSet
from leverage.parametric import ParametricGame
from leverage.sequential import GameTree

__all__ = ["ParametricTree"]


def _structure(tree: ExtensiveGame) -> tuple:
    """What must not change between parameter values: players, nodes, information sets."""
    return tree.players, tree.node_ids, tree.infosets


class ParametricTree(ParametricGame):
    """An extensive-form game whose payoffs and chance probabilities are functions of named parameters.

    Parameters
    ----------
    parameters : ParameterSet
        Named, sourced, ranged parameters with calibrated values.
    build : callable
        ``build(**values)`` returns an :class:`~leverage.extensive.ExtensiveGame`
        (or a :class:`~leverage.GameTree`) for scalar parameter values. The tree's
        shape -- players, nodes, information sets and actions -- must be the same
        for every value; only payoffs and chance probabilities may change.
    assumptions : sequence of Assumption, optional
        Claims about the model to check with :func:`leverage.testing.check_assumptions`.

    Notes
    -----
    As a :class:`~leverage.ParametricGame` the model is the reduced normal form
    (:meth:`~leverage.extensive.ExtensiveGame.to_game`): :meth:`game` and
    :meth:`batch` return its payoffs, with the reduced plans as strategies.
    :meth:`batch` builds one tree per draw, so it costs a Python call per draw.

    Examples
    --------
    >>> from leverage import Parameter, ParameterSet
    >>> from leverage.nodes import Decision, Terminal
    >>> ps = ParameterSet(cost=Parameter(1.0, 0.0, 3.0, "bn USD", "illustrative"))
    >>> model = ParametricTree(ps, lambda cost: ExtensiveGame(
    ...     Decision("A", {"x": Terminal([2 - cost]), "y": Terminal([1.0])}), players=("A",)))
    >>> model.tree(cost=2.0).payoffs_at("root/x")
    array([0.])
    """

    def __init__(
        self,
        parameters: ParameterSet,
        build: Callable[..., ExtensiveGame | GameTree],
        assumptions: Sequence[Assumption] = (),
    ) -> None:
        caller = "ParametricTree()"
        if not isinstance(parameters, ParameterSet):
            raise TypeError(f"{caller}: parameters must be a ParameterSet; got {type(parameters).__name__}")
        if not callable(build):
            raise TypeError(f"{caller}: build must be a callable returning an ExtensiveGame; got {type(build).__name__}")
        self.build = build
        base = self._tree(parameters.defaults, caller)
        self._base_tree = base
        self._signature = _structure(base)
        normal = base.to_game()

        def payoffs(**values: Any) -> list[np.ndarray]:
            return self._normal_form(values)

        super().__init__(parameters, payoffs, players=normal.players, strategies=normal.strategies,
                         assumptions=assumptions)

    def _tree(self, values: dict[str, Any], caller: str) -> ExtensiveGame:
        try:
            tree = self.build(**values)
        except TypeError as exc:
            raise TypeError(
                f"{caller}: build failed when called with the parameters {', '.join(values)} as keywords: {exc}"
            ) from exc
        if isinstance(tree, GameTree):
            tree = ExtensiveGame.from_tree(tree)
        if not isinstance(tree, ExtensiveGame):
            raise TypeError(f"{caller}: build must return an ExtensiveGame or a GameTree; got {type(tree).__name__}")
        return tree

    def _checked_tree(self, values: dict[str, Any], caller: str) -> ExtensiveGame:
        tree = self._tree(values, caller)
        if _structure(tree) != self._signature:
            raise ValueError(
                f"{caller}: the tree built at {values} has other players, nodes or information sets than at the "
                f"calibrated values; only payoffs and chance probabilities may depend on parameters"
            )
        return tree

    def _normal_form(self, values: dict[str, Any]) -> list[np.ndarray]:
        caller = "ParametricTree"
        arrays = {k: np.asarray(v, dtype=float) for k, v in values.items()}
        shapes = {a.shape for a in arrays.values() if a.ndim}
        if not shapes:
            game = self._checked_tree({k: float(v) for k, v in arrays.items()}, caller).to_game()
            return [np.asarray(u) for u in game.payoffs]
        (shape,) = shapes if len(shapes) == 1 else (max(shapes, key=len),)
        count = int(np.prod(shape))
        flat = {k: np.broadcast_to(a, shape).reshape(count) for k, a in arrays.items()}
        stacked: list[list[np.ndarray]] = []
        for d in range(count):
            game = self._checked_tree({k: float(v[d]) for k, v in flat.items()}, caller).to_game()
            stacked.append([np.asarray(u) for u in game.payoffs])
        return [np.stack([draw[i] for draw in stacked]).reshape(shape + stacked[0][i].shape)
                for i in range(len(stacked[0]))]

    def tree(self, **overrides: float) -> ExtensiveGame:
        """The tree at the calibrated values, with some parameters replaced (checked against their ranges).

        Raises
        ------
        KeyError
            If an override names an unknown parameter.
        ValueError
            If an override lies outside its range, or the tree's shape changes.
        """
        if not overrides:
            return self._base_tree
        values = self.parameters.replace(**overrides).defaults
        return self._checked_tree(values, "ParametricTree.tree()")

    def __repr__(self) -> str:
        return f"ParametricTree({self._base_tree!r}; parameters {', '.join(self.parameters)})"
