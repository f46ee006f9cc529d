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

from leverage.version import __version__
from leverage.assumptions import Assumption
from leverage.results import (
    Equilibrium,
    EquilibriumList,
    IncompleteEnumerationWarning,
    SolverError,
    UnverifiedEquilibriumError,
)
from leverage.game import Game
from leverage.parameters import Parameter, ParameterSet
from leverage.parametric import ParametricGame
from leverage.solvers import (
    DominanceResult,
    EquilibriumComponent,
    equilibria,
    equilibrium,
    equilibrium_components,
    is_degenerate,
    iterated_dominance,
    pure_equilibria,
)
from leverage.tolerance import RTOL
from leverage import actors, bargaining, coalitions, coercion, io, linkage, repeated, scenarios, sequential
from leverage.sequential import GameTree, backward_induction
from leverage import extensive
from leverage import dynamic
from leverage.extensive import ExtensiveGame
from leverage.bargaining import BargainingProblem, patient_limit, rubinstein
from leverage.coalitions import CoalitionalGame
from leverage.linkage import MultiIssueNegotiation, link, side_payment
from leverage.repeated import RepeatedGame, critical_discount_factor, linked_critical_discount_factor
from leverage.solvers.minmax import minmax_values


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
