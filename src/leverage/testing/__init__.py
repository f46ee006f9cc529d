"""Property-test payoff assumptions: hypothesis strategies, assertions and assumption checks.

- :mod:`leverage.testing.strategies`: hypothesis strategies for games, ordered
  games, parameter values and parameterised games;
- :mod:`leverage.testing.dynamic_strategies`: stochastic games and their
  relabellings;
- :mod:`leverage.testing.polytope_strategies`: constraint matrices of the
  polytopes the vertex enumerators take, degenerate ones on request;
- :mod:`leverage.testing.findings_strategies`: conclusions whose nearest
  flip is known, for the findings of :mod:`leverage.scenarios.findings`;
- assertions whose failures name the parameter values that broke them:
  :func:`assert_equilibrium`, :func:`assert_monotone`, :func:`assert_invariant`,
  :func:`assert_regime`;
- :func:`check_assumptions`: search a model's declared
  :class:`~leverage.Assumption` objects for minimal counterexamples.

Requires hypothesis (``pip install "leverage[test]"``).
"""

from leverage.testing import polytope_strategies, strategies
from leverage.testing import dynamic_strategies
from leverage.testing import findings_strategies
from leverage.testing.assertions import (
    assert_equilibrium,
    assert_invariant,
    assert_monotone,
    assert_regime,
    equilibrium_regime,
)
from leverage.testing.assumptions import AssumptionReport, AssumptionResult, check_assumptions

__all__ = [
    "AssumptionReport",
    "AssumptionResult",
    "assert_equilibrium",
    "assert_invariant",
    "assert_monotone",
    "assert_regime",
    "check_assumptions",
    "equilibrium_regime",
    "polytope_strategies",
    "dynamic_strategies",
    "findings_strategies",
    "strategies",
]
