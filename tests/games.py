"""Known games shared by the tests, as Gambit keeps its test games in one place.

Import it as ``import games`` (``tests/conftest.py`` puts ``tests/`` on the
import path, which ``--import-mode=importlib`` does not).
"""

from __future__ import annotations

# McKelvey and McLennan's 2 x 2 x 2 game with nine Nash equilibria, two of them totally
# mixed (the most a regular game of this size can have): Gambit's sample game
# contrib/games/2x2x2.nfg (gambitproject/gambit on GitHub), after R. D. McKelvey and
# A. McLennan (1997), "The maximal number of regular totally mixed Nash equilibria",
# Journal of Economic Theory 72(2), 411-425.
MCKELVEY_MCLENNAN_2X2X2_NFG = """\
NFG 1 R "2x2x2 Example from McKelvey-McLennan, with 9 Nash equilibria, 2 totally mixed" { "Player 1" "Player 2" "Player 3" }

{ { "1" "2" }
{ "1" "2" }
{ "1" "2" }
}
""

{
{ "" 9, 8, 12 }
{ "" 0, 0, 0 }
{ "" 0, 0, 0 }
{ "" 9, 8, 2 }
{ "" 0, 0, 0 }
{ "" 3, 4, 6 }
{ "" 3, 4, 6 }
{ "" 0, 0, 0 }
}
1 2 3 4 5 6 7 8
"""
