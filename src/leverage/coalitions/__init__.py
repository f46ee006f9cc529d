"""Transferable-utility coalitional games: the core, the Shapley value, the nucleolus, alliance stability.

A *coalitional game* with transferable utility gives every coalition ``S`` of
named players a worth ``v(S)`` -- what its members can secure together and
share out as they please (side payments in dollars). In the critical-minerals
setting, ``v(S)`` is what a group of buyers saves by contracting offtake
together, or what a bloc can guarantee itself whatever the others do.

:class:`CoalitionalGame` holds ``v`` as a numpy array indexed by bitmask
(player ``i`` is bit ``i``; the array has ``2**n`` entries, the first -- the
empty coalition -- is 0) and offers:

- checks: :meth:`~CoalitionalGame.is_superadditive`,
  :meth:`~CoalitionalGame.is_convex` (supermodular),
  :meth:`~CoalitionalGame.is_essential`;
- solutions: :meth:`~CoalitionalGame.core` and
  :meth:`~CoalitionalGame.in_core` (Gillies 1959),
  :meth:`~CoalitionalGame.least_core` (Maschler, Peleg and Shapley 1979),
  :meth:`~CoalitionalGame.shapley_value` (Shapley 1953; exact, or by sampled
  permutations with standard errors), :meth:`~CoalitionalGame.nucleolus`
  (Schmeidler 1969; sequential linear programs),
  :meth:`~CoalitionalGame.banzhaf` (Banzhaf 1965);
- coalition formation: :func:`coalition_structures` (all partitions),
  :meth:`~CoalitionalGame.structure_value`,
  :meth:`~CoalitionalGame.is_stable` (no group can do better by leaving,
  Aumann and Dreze 1974), and the price of breaking an alliance,
  :func:`split_cost` and :func:`cheapest_split`.

Constructors: a mapping or function of coalitions (:class:`CoalitionalGame`),
:meth:`~CoalitionalGame.pooled_offtake` (economies of scale in joint buying),
:meth:`~CoalitionalGame.from_normal_form` (the maxmin value of each coalition
in a :class:`~leverage.Game`), :meth:`~CoalitionalGame.weighted_voting` and
:meth:`~CoalitionalGame.unanimity`.

The tolerance rule
------------------
Every comparison of worths (is a point in the core, does a coalition block,
is the game superadditive) follows the library's rule
(:mod:`leverage.tolerance`): a difference counts as zero when it is at most
``rtol`` times the *range of the coalition values*, ``max_S v(S) - min_S v(S)``
over all coalitions, the empty one included (``max(1, max |v|)`` if that range
is 0). Verdicts are therefore unchanged when all worths are rescaled, from
billions to millions of dollars say.

Sizes
-----
Games of up to :data:`MAX_TABULATED_PLAYERS` (20) players are tabulated: the
exact solutions need all ``2**n`` worths. Larger games can be given as a
function and answer :meth:`~CoalitionalGame.value` and the sampled Shapley
value only. The computations whose cost grows faster are refused beyond
documented bounds, with an error naming the method: the nucleolus (``n - 1``
linear programmes over ``2**n`` coalitions) for more than
:data:`MAX_NUCLEOLUS_PLAYERS` (14) players, the least core and the core (one
such programme) beyond :data:`MAX_LEAST_CORE_PLAYERS` (16), superadditivity
(``3**n`` comparisons) beyond :data:`MAX_SUPERADDITIVE_PLAYERS` (15), and
:meth:`~CoalitionalGame.from_normal_form` (``2**n`` maxmin programmes) beyond
:data:`MAX_NORMAL_FORM_PLAYERS` (12).
:func:`coalition_structures` enumerates partitions of at most
:data:`MAX_STRUCTURE_PLAYERS` (10) players (115,975 structures).

Modules
-------
- :mod:`leverage.coalitions.game`: :class:`CoalitionalGame`, its constructors and checks;
- :mod:`leverage.coalitions.solutions`: the core, least core, Shapley and Banzhaf values, the nucleolus;
- :mod:`leverage.coalitions.structures`: coalition structures and their stability;
- :mod:`leverage.coalitions.formation`: every structure, and the price of splitting a coalition;
- :mod:`leverage.coalitions.allocations`: the result types;
- :mod:`leverage.coalitions.tables`: the bitmask arrays, linear programmes and size bounds.

References
----------
- L. S. Shapley (1953), "A value for n-person games", in H. W.
  Kuhn and A. W. Tucker (eds), Contributions to the Theory of Games II,
  Annals of Mathematics Studies 28, Princeton University Press, 307-317.
- D. B. Gillies (1959), "Solutions to general non-zero-sum
  games", in Contributions to the Theory of Games IV, Annals of Mathematics
  Studies 40, 47-85.
- J. F. Banzhaf III (1965), "Weighted voting doesn't work: a
  mathematical analysis", Rutgers Law Review 19(2), 317-343.
- D. Schmeidler (1969), "The nucleolus of a characteristic
  function game", SIAM Journal on Applied Mathematics 17(6), 1163-1170.
- L. S. Shapley (1971), "Cores of convex games", International
  Journal of Game Theory 1(1), 11-26.
- R. J. Aumann and J. H. Dreze (1974), "Cooperative games
  with coalition structures", International Journal of Game Theory 3(4),
  217-237.
- M. Maschler, B. Peleg and L. S. Shapley (1979), "Geometric
  properties of the kernel, nucleolus, and related solution concepts",
  Mathematics of Operations Research 4(4), 303-338.
- J. Castro, D. Gomez and J. Tejada (2009), "Polynomial
  calculation of the Shapley value based on sampling", Computers &
  Operations Research 36(5), 1726-1730.
- M. Guajardo and K. Jornsten (2015), "Common mistakes in computing
  the nucleolus", European Journal of Operational Research 241(3), 931-935.

Examples
--------
The glove game: one player holds a left glove, two hold a right glove, and a
pair is worth 1. The left-glove holder is scarce, and the core gives it all:

>>> from leverage.coalitions import CoalitionalGame
>>> glove = CoalitionalGame(["L", "R1", "R2"],
...                         lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
>>> glove.shapley_value()
Allocation(shapley (exact): L=0.666667, R1=0.166667, R2=0.166667)
>>> glove.nucleolus()
Allocation(nucleolus: L=1, R1=0, R2=0)
>>> glove.in_core({"L": 1, "R1": 0, "R2": 0}), glove.in_core([0.9, 0.05, 0.05])
(True, False)
"""

from leverage.coalitions.allocations import Allocation, LeastCore, SplitOffer, StabilityResult
from leverage.coalitions.formation import cheapest_split, coalition_structures, split_cost
from leverage.coalitions.game import CoalitionalGame
from leverage.coalitions.tables import (
    MAX_LEAST_CORE_PLAYERS,
    MAX_NORMAL_FORM_PLAYERS,
    MAX_NUCLEOLUS_PLAYERS,
    MAX_STRUCTURE_PLAYERS,
    MAX_SUPERADDITIVE_PLAYERS,
    MAX_TABULATED_PLAYERS,
)

__all__ = [
    "MAX_TABULATED_PLAYERS",
    "MAX_STRUCTURE_PLAYERS",
    "MAX_NUCLEOLUS_PLAYERS",
    "MAX_LEAST_CORE_PLAYERS",
    "MAX_SUPERADDITIVE_PLAYERS",
    "MAX_NORMAL_FORM_PLAYERS",
    "CoalitionalGame",
    "Allocation",
    "LeastCore",
    "StabilityResult",
    "SplitOffer",
    "coalition_structures",
    "split_cost",
    "cheapest_split",
]
