"""Games of imperfect information: trees with information sets, signalling and Bayesian games.

China does not know what diversifying would cost Japan or the EU; licences
probe for it, and plants, floors and stockpiles signal it. This subpackage
holds the games in which players do not see everything, and solves them with
verified results:

- :mod:`~leverage.extensive.tree`: :class:`ExtensiveGame`, finite trees with
  chance moves, information sets and perfect recall (checked);
- :mod:`~leverage.extensive.plans`: reduced plans, the reduced normal form and
  Kuhn's theorem both ways;
- :mod:`~leverage.extensive.profiles`: :class:`ExtensiveEquilibrium`, verified
  behaviour profiles with payoffs, beliefs on path and regret;
- :mod:`~leverage.extensive.solve`: every extreme equilibrium through the
  reduced normal form; registers trees with :func:`leverage.equilibria` and
  :func:`leverage.equilibrium`;
- :mod:`~leverage.extensive.sequence_form`: the sequence form, one equilibrium
  by Lemke's algorithm (:mod:`~leverage.extensive.lcp`), zero-sum trees by
  linear programming;
- :mod:`~leverage.extensive.pbe`: a perfect-Bayesian check of any assessment,
  and the beliefs that support an action;
- :mod:`~leverage.extensive.signalling` and :mod:`~leverage.extensive.intuitive`:
  signalling games, every pure PBE, the intuitive criterion;
- :mod:`~leverage.extensive.bayesian`: Bayesian normal-form games and their
  Bayes-Nash equilibria, type by type;
- :mod:`~leverage.extensive.parametric`: :class:`ParametricTree`, trees whose
  payoffs and chance probabilities are functions of parameters.

Examples
--------
>>> import leverage
>>> from leverage.nodes import Decision, Terminal
>>> game = ExtensiveGame(
...     Decision("A", {
...         "H": Decision("B", {"h": Terminal([1, -1]), "t": Terminal([-1, 1])}, infoset="B"),
...         "T": Decision("B", {"h": Terminal([-1, 1]), "t": Terminal([1, -1])}, infoset="B"),
...     }),
...     players=("A", "B"),
... )
>>> [dict(eq.behaviour["B"]) for eq in leverage.equilibria(game)]
[{'h': 0.5, 't': 0.5}]
"""

from leverage.extensive.tree import ExtensiveGame, InformationSet
from leverage.extensive.plans import reduced_normal_form, reduced_plans
from leverage.extensive.profiles import (
    ExtensiveEquilibrium,
    unique_extensive_equilibria,
    verified_extensive_equilibrium,
)
# the function leverage.extensive.sequence_form.sequence_form is not re-exported here: its
# name would hide the module of the same name
from leverage.extensive.sequence_form import (
    SequenceForm,
    ZeroSumSolution,
    sequence_form_equilibrium,
    zero_sum_value,
)
from leverage.extensive.solve import extensive_equilibria
from leverage.extensive.pbe import BeliefSet, PBECheck, check_pbe, supporting_beliefs
from leverage.extensive.signalling import PBEClass, SignallingGame, SignallingPBE, beer_quiche, pbe_classes, pure_pbe
from leverage.extensive.intuitive import IntuitiveCriterionResult, intuitive_criterion
from leverage.extensive.bayesian import BayesianGame, BayesNashEquilibrium, bayes_nash_equilibria, public_good
from leverage.extensive.parametric import ParametricTree

__all__ = [
    "BayesianGame",
    "BayesNashEquilibrium",
    "BeliefSet",
    "ExtensiveEquilibrium",
    "ExtensiveGame",
    "InformationSet",
    "IntuitiveCriterionResult",
    "ParametricTree",
    "PBECheck",
    "PBEClass",
    "SequenceForm",
    "SignallingGame",
    "SignallingPBE",
    "ZeroSumSolution",
    "bayes_nash_equilibria",
    "beer_quiche",
    "check_pbe",
    "extensive_equilibria",
    "intuitive_criterion",
    "pbe_classes",
    "public_good",
    "pure_pbe",
    "reduced_normal_form",
    "reduced_plans",
    "sequence_form_equilibrium",
    "supporting_beliefs",
    "unique_extensive_equilibria",
    "verified_extensive_equilibrium",
    "zero_sum_value",
]
