"""Equilibrium solvers: one file per algorithm, plain functions on arrays.

- :mod:`~leverage.solvers.pure`: pure equilibria of n-player games (vectorised);
- :mod:`~leverage.solvers.vertex`: vertex enumeration of the best-response polytopes, and
  :func:`is_degenerate`, whether a bimatrix game is degenerate;
- :mod:`~leverage.solvers.support`: support (basis) enumeration;
- :mod:`~leverage.solvers.complementary_pivoting`: one equilibrium by complementary pivoting;
- :mod:`~leverage.solvers.components`: maximal convex sets of equilibria;
- :mod:`~leverage.solvers.dominance`: iterated elimination of strictly dominated strategies;
- :mod:`~leverage.solvers.polynomial`: mixed equilibria of small n-player games by support
  enumeration over polynomial indifference systems (Groebner bases, or homotopy continuation);
- :mod:`~leverage.solvers.homotopy`: all isolated solutions of those systems by a
  multihomogeneous homotopy;
- :mod:`~leverage.solvers.enumeration`: ``equilibria(game, method="auto")``, the dispatcher;
- :mod:`~leverage.solvers.symbolic`: equilibria of games whose payoffs are sympy expressions;
- :mod:`~leverage.solvers.qre`: logit quantal response equilibria and their limit;
- :mod:`~leverage.solvers.selection`: one equilibrium by a selection rule.
"""

from leverage.solvers.components import EquilibriumComponent, equilibrium_components
from leverage.solvers.dominance import DominanceResult, iterated_dominance
from leverage.solvers.enumeration import equilibria
from leverage.solvers.complementary_pivoting import equilibrium, lemke_howson
from leverage.solvers.polynomial import GameTooLargeError, PolynomialEnumeration, polynomial_equilibria
from leverage.solvers.pure import pure_equilibria
from leverage.solvers.qre import QREPath, QREPoint, logit_equilibrium, qre_path
from leverage.solvers.selection import SELECTION_RULES, select
from leverage.solvers.symbolic import SymbolicEquilibrium, SymbolicGame, symbolic_equilibria
from leverage.solvers.vertex import is_degenerate

__all__ = [
    "DominanceResult",
    "EquilibriumComponent",
    "equilibria",
    "equilibrium",
    "equilibrium_components",
    "GameTooLargeError",
    "is_degenerate",
    "iterated_dominance",
    "lemke_howson",
    "PolynomialEnumeration",
    "polynomial_equilibria",
    "pure_equilibria",
    "QREPath",
    "QREPoint",
    "logit_equilibrium",
    "qre_path",
    "SELECTION_RULES",
    "select",
    "SymbolicEquilibrium",
    "SymbolicGame",
    "symbolic_equilibria",
]
