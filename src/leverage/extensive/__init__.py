"""Extensive-form games with imperfect information (work in progress)."""

from leverage.extensive.profiles import ExtensiveEquilibrium, verified_extensive_equilibrium
from leverage.extensive.solve import extensive_equilibria
from leverage.extensive.parametric import ParametricTree
from leverage.extensive.tree import ExtensiveGame, InformationSet
