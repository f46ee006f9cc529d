"""leverage: game-theoretic modelling of negotiations over critical minerals.

Payoffs are functions of named, sourced, ranged parameters; every equilibrium
returned is verified against one tolerance rule (:mod:`leverage.tolerance`).

Examples
--------
>>> import leverage
>>> g = leverage.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
>>> len(leverage.equilibria(g))
3
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from typing import TYPE_CHECKING, Any

from leverage.version import __version__

# A library logs (to the logger "leverage"); the application decides where the records go.
logging.getLogger("leverage").addHandler(logging.NullHandler())

# ``import leverage`` is cheap: it imports no submodule, and so neither sympy, scipy.optimize nor
# matplotlib. Each public name below is imported from its module on first use (PEP 562).
_LAZY: dict[str, str] = {
    "Assumption": "leverage.assumptions",
    "Equilibrium": "leverage.results",
    "EquilibriumList": "leverage.results",
    "IncompleteEnumerationWarning": "leverage.results",
    "SolverError": "leverage.results",
    "UnverifiedEquilibriumError": "leverage.results",
    "Game": "leverage.game",
    "Parameter": "leverage.parameters",
    "ParameterSet": "leverage.parameters",
    "ParametricGame": "leverage.parametric",
    "DominanceResult": "leverage.solvers",
    "EquilibriumComponent": "leverage.solvers",
    "equilibria": "leverage.solvers",
    "equilibrium": "leverage.solvers",
    "equilibrium_components": "leverage.solvers",
    "is_degenerate": "leverage.solvers",
    "iterated_dominance": "leverage.solvers",
    "pure_equilibria": "leverage.solvers",
    "RTOL": "leverage.tolerance",
    "GameTree": "leverage.sequential",
    "backward_induction": "leverage.sequential",
    "ExtensiveGame": "leverage.extensive",
    "BargainingProblem": "leverage.bargaining",
    "patient_limit": "leverage.bargaining",
    "rubinstein": "leverage.bargaining",
    "CoalitionalGame": "leverage.coalitions",
    "MultiIssueNegotiation": "leverage.linkage",
    "link": "leverage.linkage",
    "side_payment": "leverage.linkage",
    "RepeatedGame": "leverage.repeated",
    "critical_discount_factor": "leverage.repeated",
    "linked_critical_discount_factor": "leverage.repeated",
    "minmax_values": "leverage.solvers.minmax",
}
#: Subpackages re-exported by name (``leverage.scenarios`` and so on); any other submodule, such as
#: ``leverage.solvers``, is imported on first attribute access too.
_SUBMODULES = frozenset({"actors", "bargaining", "coalitions", "coercion", "dynamic", "extensive", "io", "linkage",
                         "repeated", "scenarios", "sequential"})

if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from leverage import actors, bargaining, coalitions, coercion, dynamic, extensive, io, linkage, repeated
    from leverage import scenarios, sequential
    from leverage.assumptions import Assumption
    from leverage.bargaining import BargainingProblem, patient_limit, rubinstein
    from leverage.coalitions import CoalitionalGame
    from leverage.extensive import ExtensiveGame
    from leverage.game import Game
    from leverage.linkage import MultiIssueNegotiation, link, side_payment
    from leverage.parameters import Parameter, ParameterSet
    from leverage.parametric import ParametricGame
    from leverage.repeated import RepeatedGame, critical_discount_factor, linked_critical_discount_factor
    from leverage.results import (Equilibrium, EquilibriumList, IncompleteEnumerationWarning, SolverError,
                                  UnverifiedEquilibriumError)
    from leverage.sequential import GameTree, backward_induction
    from leverage.solvers import (DominanceResult, EquilibriumComponent, equilibria, equilibrium,
                                  equilibrium_components, is_degenerate, iterated_dominance, pure_equilibria)
    from leverage.solvers.minmax import minmax_values
    from leverage.tolerance import RTOL


def __getattr__(name: str) -> Any:
    """Import a public name, or a subpackage, on first use (PEP 562)."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _SUBMODULES or (name.isidentifier() and not name.startswith("_")
                                 and importlib.util.find_spec(f"leverage.{name}") is not None):
        value = importlib.import_module(f"leverage.{name}")
    else:
        raise AttributeError(f"module 'leverage' has no attribute {name!r}")
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "RTOL",
    "Assumption",
    "BargainingProblem",
    "CoalitionalGame",
    "MultiIssueNegotiation",
    "RepeatedGame",
    "actors",
    "bargaining",
    "coalitions",
    "scenarios",
    "coercion",
    "critical_discount_factor",
    "link",
    "linkage",
    "linked_critical_discount_factor",
    "minmax_values",
    "patient_limit",
    "repeated",
    "sequential",
    "extensive",
    "dynamic",
    "ExtensiveGame",
    "GameTree",
    "backward_induction",
    "rubinstein",
    "side_payment",
    "DominanceResult",
    "Equilibrium",
    "EquilibriumList",
    "EquilibriumComponent",
    "Game",
    "IncompleteEnumerationWarning",
    "Parameter",
    "ParameterSet",
    "ParametricGame",
    "SolverError",
    "UnverifiedEquilibriumError",
    "equilibria",
    "equilibrium",
    "equilibrium_components",
    "io",
    "is_degenerate",
    "iterated_dominance",
    "pure_equilibria",
]
