"""Rare-earth games built from sourced parameter sets, with payoffs in US$ bn per year.

- :mod:`~leverage.scenarios.export_restriction`: the China-US
  export-restriction game, calibrated, and a three-parameter view of it;
- :mod:`~leverage.scenarios.alignment`, :mod:`~leverage.scenarios.recycling`,
  :mod:`~leverage.scenarios.london_talks`: the alignment game, the recycling
  BATNA in supply talks, and the London-talks linkage;
- :mod:`~leverage.scenarios.trajectories`,
  :mod:`~leverage.scenarios.trajectory_paths`,
  :mod:`~leverage.scenarios.diversification_race`: the default calibration,
  the three trajectories and the race they run;
- :mod:`~leverage.scenarios.analysis`, :mod:`~leverage.scenarios.findings`:
  the main job's tables and its findings;
- :mod:`~leverage.scenarios.registry`: the games a scenario file can name
  (registered with :mod:`leverage.io.game_registry` on import).
"""

from leverage.scenarios import registry  # noqa: F401 -- registers the scenario games with leverage.io
from leverage.scenarios.export_restriction import (
    export_restriction_game,
    export_restriction_parameters,
)

__all__ = ["export_restriction_game", "export_restriction_parameters"]
