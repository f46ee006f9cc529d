"""Sensitivity analysis: solve many parameter draws of one small game at once.

- :func:`solve_batch`: every extreme Nash equilibrium of each of ``N`` stacked
  bimatrix games (shape ``(N, m, n)``, as returned by
  :meth:`leverage.ParametricGame.batch`), vectorised over the games and
  verified against the library's tolerance rule;
- :func:`pure_batch`: pure equilibria of ``N`` stacked n-player games;
- :func:`batch_tolerances`: the tolerance rule per game and player;
- :func:`sweep`: parameter sweeps with selection rules, statuses, executors and checkpoints;
- :func:`sobol`, :func:`morris`: global sensitivity of a vectorised outcome;
- :func:`tornado`: one-at-a-time swings, marking bars that cross a regime boundary;
- :func:`comparative_statics`: derivatives of the selected equilibrium with respect to every parameter.
- :func:`threshold`, :func:`distance_to_flip`, :func:`regime_map` (:mod:`~leverage.sensitivity.regimes`):
  where the equilibrium regime changes, and how far the calibration is from a flip.

Examples
--------
>>> import numpy as np
>>> from leverage.sensitivity import solve_batch
>>> A = np.array([[[1.0, -1.0], [-1.0, 1.0]]] * 2)
>>> solve_batch(A, -A).count
array([1, 1])
"""

from leverage.solvers.batch import STATUSES, BatchEquilibria, batch_tolerances, pure_batch, solve_batch
from leverage.sensitivity.local import TornadoBar, TornadoBars, tornado
from leverage.sensitivity.indices import MorrisEffects, SobolIndices, morris, sobol, sweep_outcome
from leverage.sensitivity.sweeps import SELECTION_RULES, SWEEP_STATUSES, SweepErrorWarning, SweepResult, sweep
from leverage.sensitivity.checkpoint import CheckpointWarning
from leverage.sensitivity.statics import STATICS_METHODS, ComparativeStatics, comparative_statics
from leverage.sensitivity.regimes import RegimeMap, distance_to_flip, equilibrium_regime, regime_map, threshold

__all__ = [
    "RegimeMap",
    "distance_to_flip",
    "equilibrium_regime",
    "regime_map",
    "threshold",
    "CheckpointWarning",
    "STATICS_METHODS",
    "ComparativeStatics",
    "comparative_statics",
    "TornadoBar",
    "TornadoBars",
    "tornado",
    "MorrisEffects",
    "SobolIndices",
    "morris",
    "sobol",
    "sweep_outcome",
    "STATUSES",
    "BatchEquilibria",
    "batch_tolerances",
    "pure_batch",
    "solve_batch",
    "SELECTION_RULES",
    "SWEEP_STATUSES",
    "SweepErrorWarning",
    "SweepResult",
    "sweep",
]
