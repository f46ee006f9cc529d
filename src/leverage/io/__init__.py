"""Reading and writing games, scenarios and payoff formulas.

- Gambit's strategic-game ``.nfg`` format (both its *payoff* and *outcome*
  versions), through :func:`read_nfg` and :func:`write_nfg`;
- Gambit's extensive-game ``.efg`` format (both versions Gambit writes),
  through :func:`read_efg` and :func:`write_efg`;
- scenario files (TOML): sourced parameters, the registered games to build
  from them and games written as formulas, through :func:`load_scenario` and
  :func:`save_scenario` (:mod:`leverage.io.scenario` documents the schema);
- payoff formulas, read by a whitelisting parser that never executes the
  text: :func:`parse_expression` (:mod:`leverage.io.expressions`).

Examples
--------
>>> from leverage.io import read_nfg, write_nfg
>>> g = read_nfg('NFG 1 R "Matching pennies" { "Row" "Column" } { 2 2 } '
...              '1 -1 -1 1 -1 1 1 -1')
>>> g.players
('Row', 'Column')
>>> read_nfg(write_nfg(g, form="outcome")) == g
True

References
----------
The Gambit Project, *Gambit documentation*, "Game representation formats":
"The strategic game (.nfg) file format, payoff version" and "..., outcome
version". https://gambitproject.readthedocs.io/en/latest/formats.html
"""

from leverage.io.expressions import Expression, ExpressionError, parse_expression
from leverage.io.nfg import read_nfg, write_nfg
from leverage.io.efg import read_efg, write_efg
from leverage.io.scenario import (
    FormulaPayoffs,
    Scenario,
    ScenarioError,
    formula_game,
    load_scenario,
    save_scenario,
)

__all__ = [
    "Expression",
    "ExpressionError",
    "FormulaPayoffs",
    "Scenario",
    "ScenarioError",
    "formula_game",
    "load_scenario",
    "parse_expression",
    "read_efg",
    "read_nfg",
    "save_scenario",
    "write_efg",
    "write_nfg",
]
