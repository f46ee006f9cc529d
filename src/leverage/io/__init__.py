"""Reading and writing games in other programs' file formats.

Currently one format is supported: Gambit's strategic-game ``.nfg`` format
(both its *payoff* and *outcome* versions), through :func:`read_nfg` and
:func:`write_nfg`.

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

from leverage.io.nfg import read_nfg, write_nfg

__all__ = ["read_nfg", "write_nfg"]
