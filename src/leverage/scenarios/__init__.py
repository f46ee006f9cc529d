"""Rare-earth games built from sourced parameter sets.

- :mod:`~leverage.scenarios.export_restriction`: a small China-US
  export-restriction game on three sourced parameters.
"""

from leverage.scenarios.export_restriction import (
    export_restriction_game,
    export_restriction_parameters,
)

__all__ = ["export_restriction_game", "export_restriction_parameters"]
