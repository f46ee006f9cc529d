"""Tests of leverage.io.efg: Gambit's extensive-game (.efg) format, read and written.

The games under ``tests/data/efg`` were written for these tests from textbook
descriptions (beer-quiche, Kuhn poker, entry with outcomes at non-terminal
nodes, a guessing game with probabilities 1/3, a one-player decision), each in
the ``R`` version and some in the older ``D`` version. Gambit's own catalogue
is read when the environment variable ``LEVERAGE_GAMBIT_GAMES`` names a
directory of ``.efg`` files (see :func:`test_gambit_catalogue`).
"""

from __future__ import annotations

import math
import os
import threading
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leverage.extensive.tree import ExtensiveGame
from leverage.io.efg import MAX_EFG_DEPTH, read_efg, write_efg
from leverage.nodes import Chance, Decision, Terminal
from leverage.testing.extensive_strategies import extensive_games as shared_extensive_games

DATA = Path(__file__).parent / "data" / "efg"
FILES = sorted(DATA.glob("*.efg"))
HEADER = 'EFG 2 R "t" { "A" "B" }\n'


def same_game(g: ExtensiveGame, h: ExtensiveGame) -> None:
    """Structural equality, exact payoffs, and chance probabilities up to float noise.

    write_efg makes each chance node's probabilities sum to exactly 1 (Gambit
    requires it): the largest moves by the floats' own distance from 1, plus
    half a rounding unit per other probability.
    """
    assert g == h
    assert g.infosets == h.infosets
    np.testing.assert_array_equal(g.terminal_payoffs, h.terminal_payoffs)
    for c in g.chance_nodes:
        p, q = g.chance_probabilities(c), h.chance_probabilities(c)
        assert list(p) == list(q)
        slack = abs(1 - math.fsum(p.values())) + len(p) * math.ulp(1.0)
        assert all(abs(p[a] - q[a]) <= slack for a in p)
        assert sum(1 for a in p if p[a] != q[a]) <= 1


# ---------------------------------------------------------------------- the example games
class TestExampleGames:
    def test_beer_quiche(self):
        game, title = read_efg(DATA / "beer_quiche.efg", with_title=True)
        assert title == "Beer-quiche (Cho and Kreps 1987)"
        assert game.players == ("Sender", "Receiver")
        assert [(s.id, s.player, s.actions) for s in game.infosets] == [
            ("weak", "Sender", ("beer", "quiche")),
            ("after beer", "Receiver", ("duel", "decline")),
            ("after quiche", "Receiver", ("duel", "decline")),
            ("strong", "Sender", ("beer", "quiche")),
        ]
        # unique node labels become node names; others are paths from them
        assert game.infoset("after beer").nodes == ("weak sender/beer", "strong sender/beer")
        assert game.chance_probabilities("nature") == {"weak": 0.1, "strong": 0.9}
        assert game.payoffs_at("strong sender/quiche/decline").tolist() == [2.0, 1.0]
        # the pooling equilibrium on beer, sustained by a duel after quiche (Cho and Kreps 1987)
        beer = {"weak": "beer", "strong": "beer", "after beer": "decline", "after quiche": "duel"}
        np.testing.assert_allclose(game.expected_payoffs(beer), [0.1 * 2 + 0.9 * 3, 0.9])
        assert np.all(game.regrets(beer) <= game.tolerances())
        # pooling on quiche with the same threat is not one: the strong type gains by beer
        quiche = {"weak": "quiche", "strong": "quiche", "after beer": "decline", "after quiche": "decline"}
        assert game.regrets(quiche)[0] == pytest.approx(0.9 * 1)

    def test_beer_quiche_in_both_versions_is_one_game(self):
        same_game(read_efg(DATA / "beer_quiche.efg"), read_efg(DATA / "beer_quiche_d.efg"))

    def test_kuhn_poker_value_and_equilibrium_family(self):
        game = read_efg(DATA / "kuhn_poker.efg")
        assert len(game.infosets_of("Alice")) == 6 and len(game.infosets_of("Bob")) == 6
        assert len(game.terminal_ids) == 30
        np.testing.assert_allclose(game.terminal_chance, np.full(30, 1 / 6))
        for alpha in (0.0, 1 / 6, 1 / 3):  # Kuhn's (1950) family of first-player optimal strategies
            behaviour = {
                "Alice holds J": {"Check": 1 - alpha, "Bet": alpha},
                "Alice holds Q": {"Check": 1.0, "Bet": 0.0},
                "Alice holds K": {"Check": 1 - 3 * alpha, "Bet": 3 * alpha},
                "Alice holds J facing a bet": "Fold",
                "Alice holds Q facing a bet": {"Fold": 2 / 3 - alpha, "Call": alpha + 1 / 3},
                "Alice holds K facing a bet": "Call",
                "Bob holds J after a check": {"Check": 2 / 3, "Bet": 1 / 3},
                "Bob holds Q after a check": "Check",
                "Bob holds K after a check": "Bet",
                "Bob holds J facing a bet": "Fold",
                "Bob holds Q facing a bet": {"Fold": 2 / 3, "Call": 1 / 3},
                "Bob holds K facing a bet": "Call",
            }
            np.testing.assert_allclose(game.expected_payoffs(behaviour), [-1 / 18, 1 / 18], atol=1e-12)
            assert np.all(game.regrets(behaviour) <= game.tolerances())
        # Bob's bluff is what keeps Alice calling with a queen: without it, folding gains
        never_bluff = dict(behaviour, **{"Bob holds J after a check": "Check"})
        # (deal Q-K, 1/6; Alice checks the queen and calls Bob's bet with 2/3, losing 2 instead of 1)
        assert game.regrets(never_bluff)[0] == pytest.approx(1 / 6 * 2 / 3 * (2 - 1))

    def test_outcomes_at_non_terminal_nodes_add_up_exactly(self):
        game = read_efg(DATA / "entry_nonterminal_outcomes.efg")
        assert game.terminal_payoffs.tolist() == [[0.0, 4.0], [-2.0, -0.9], [2.0, 0.3], [-1.0, 0.3]]
        # 1/10 + 2/10 is summed exactly, then rounded once: not 0.1 + 0.2 = 0.30000000000000004
        assert game.payoffs_at("demand/high")[1] == 0.3 != 0.1 + 0.2
        assert game.chance_probabilities("demand") == {"high": 0.25, "low": 0.75}
        same_game(game, read_efg(DATA / "entry_nonterminal_outcomes_d.efg"))

    def test_probabilities_of_one_third(self):
        game = read_efg(DATA / "guess_thirds.efg")
        assert game.chance_probabilities("root") == {"low": 1 / 3, "middle": 1 / 3, "high": 1 / 3}
        assert game.infosets == (game.infoset("guess"),)
        assert game.infoset("guess").nodes == ("root/low", "root/middle", "root/high")
        assert game.infosets_of("House") == ()
        np.testing.assert_allclose(game.expected_payoffs(game.uniform_behaviour()), [1 / 3, -1 / 3])

    def test_one_player_game(self):
        game = read_efg(DATA / "wildcatter.efg")
        assert game.players == ("Wildcatter",)
        assert game.terminal_payoffs.tolist() == [[70.0], [-30.0], [0.0]]
        assert game.expected_payoffs({"drill?": "drill"})[0] == pytest.approx(0.3 * 70 - 0.7 * 30)
        same_game(game, read_efg(DATA / "wildcatter_d.efg"))

    @pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
    @pytest.mark.parametrize("version", ["R", "D"])
    def test_round_trip(self, path, version):
        game, title = read_efg(path, with_title=True)
        text = write_efg(game, title=title, version=version)
        again, title_again = read_efg(text, with_title=True)
        same_game(game, again)
        assert title_again == title
        assert write_efg(again, title=title, version=version) == text

    def test_there_are_example_files_in_both_versions(self):
        headers = {p.read_text().split('"')[0].strip() for p in FILES}
        assert headers == {"EFG 2 R", "EFG 2 D"}
        assert len(FILES) >= 8


# ---------------------------------------------------------------------- reading details
class TestReading:
    def test_names_gambit_allows_and_leverage_does_not(self):
        game = read_efg(
            'EFG 2 R "" { "" "x" "x" }\n'
            'c "" 1 "" { "1/2" 1/2 "1/2" 1/2 } 0\n'
            'p "" 1 1 "" { "" "" } 0\n'
            't "" 0\nt "" 0\n'
            'p "" 2 1 "I" { "a" "a" } 0\n'
            'p "" 3 1 "I" { "b" } 0\nt "" 0\n'
            't "" 0\n'
        )
        assert game.players == ("Player 1", "x_1", "x_2")
        assert game.chance_probabilities("root") == {"1|2_1": 0.5, "1|2_2": 0.5}
        # empty set names and names shared by two sets fall back to "player:number"
        assert [(s.id, s.actions) for s in game.infosets] == [
            ("1:1", ("1", "2")),
            ("2:1", ("a_1", "a_2")),
            ("3:1", ("b",)),
        ]

    def test_a_kept_name_that_looks_like_a_fallback_yields_to_it(self):
        game = read_efg(
            HEADER + 'p "" 1 1 "" { "l" "r" } 0\np "" 2 5 "1:1" { "x" } 0\nt "" 0\nt "" 0\n'
        )
        assert [s.id for s in game.infosets] == ["1:1", "2:5"]

    def test_node_labels(self):
        game = read_efg(
            HEADER + 'p "start" 1 1 "" { "l" "m" "r" } 0\n'
            't "end" 0\nt "dup" 0\np "dup" 2 1 "" { "x" "y" } 0\nt "a/b" 0\nt "root" 0\n'
        )
        # unique labels name nodes; repeated ones and those with "/" do not; "root" is free below "start"
        assert game.node_ids == (
            "start", "end", "start/m", "start/r", "start/r/x", "root",
        )

    def test_label_root_below_an_unnamed_root_is_dropped(self):
        game = read_efg(HEADER + 'p "" 1 1 "" { "l" } 0\nt "root" 0\n')
        assert game.node_ids == ("root", "root/l")

    def test_descriptions_may_be_repeated_or_omitted(self):
        repeated = HEADER + (
            'p "" 1 1 "I" { "l" "r" } 1 "o" { 1, 2 }\n'
            'p "" 2 1 "J" { "x" "y" } 1 "o" { 1, 2 }\nt "" 0\nt "" 1 "o" { 1, 2 }\n'
            'p "" 2 1 "J" { "x" "y" } 0\nt "" 1 "o" { 1, 2 }\nt "" 0\n'
        )
        omitted = HEADER + (
            'p "" 1 1 "I" { "l" "r" } 1 "o" { 1, 2 }\n'
            'p "" 2 1 "J" { "x" "y" } 1\nt "" 0\nt "" 1\n'
            'p "" 2 1 0\nt "" 1\nt "" 0\n'
        )
        game = read_efg(repeated)
        same_game(game, read_efg(omitted))
        assert game.terminal_payoffs.tolist() == [[2, 4], [3, 6], [2, 4], [1, 2]]

    def test_number_forms(self):
        game = read_efg(HEADER + 't "" 1 "" { 1e-3, -.25 }')
        assert game.terminal_payoffs.tolist() == [[0.001, -0.25]]
        game = read_efg(HEADER + 't "" 1 "" { +2 3/2 }')
        assert game.terminal_payoffs.tolist() == [[2.0, 1.5]]
        game = read_efg(HEADER + 't "" 1 "" { 2.5E+2 1e-99999 }')
        assert game.terminal_payoffs.tolist() == [[250.0, 0.0]]

    def test_rationals_are_rounded_once(self):
        game = read_efg(HEADER + 't "" 1 "" { 1/3, 10000000000000000000000001/10000000000000000000000000 }')
        assert game.terminal_payoffs.tolist() == [[1 / 3, 1.0]]

    def test_escaped_quotes_and_backslashes(self):
        game = read_efg('EFG 2 R "a \\"b\\"" { "say \\"hi\\"" "back\\\\slash" }\nt "" 1 "" { 0 0 }')
        assert game.players == ('say "hi"', "back\\slash")

    def test_whitespace_is_free(self):
        game = read_efg('  EFG\n2\tR ""\n{"A"}p"x"1 1"I"{"a""b"}0 t""1""{1}t""0')
        assert game.node_ids == ("x", "x/a", "x/b")
        assert game.terminal_payoffs.tolist() == [[1.0], [0.0]]

    def test_read_from_str_path_and_pathlike(self, tmp_path):
        path = tmp_path / "g.efg"
        path.write_text((DATA / "wildcatter.efg").read_text())
        expected = read_efg(DATA / "wildcatter.efg")
        same_game(read_efg(str(path)), expected)
        same_game(read_efg(path), expected)

    def test_latin1_and_bom(self, tmp_path):
        text = 'EFG 2 R "" { "Ren\u00e9" }\nt "" 1 "" { 1 }\n'
        latin = tmp_path / "latin.efg"
        latin.write_bytes(text.encode("latin-1"))
        bom = tmp_path / "bom.efg"
        bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        assert read_efg(latin).players == ("Ren\u00e9",) == read_efg(bom).players

    def test_text_is_never_evaluated(self):
        expected = r"read_efg\(\): line 2, column 13: expected payoff of outcome 1 \(a number\)"
        with pytest.raises(ValueError, match=expected):
            read_efg(HEADER + 't "" 1 "" { __import__("os").system("false") 1 }')


# ---------------------------------------------------------------------- malformed input
BAD = [
    ('EFG 3 R "t" { "A" }', r"line 1, column 5: unsupported EFG version '3'"),
    ('EFG 2 X "t" { "A" }', r"line 1, column 7: expected the data type 'R' or 'D'"),
    ("EFG", r"line 1, column 4: expected the version number 2"),
    ('EFG 2 R "t" { }', r"line 1, column 15: the list of players is empty"),
    ('EFG 2 R "t" "A" "B"', r"line 1, column 13: expected '\{' opening the list of players"),
    (HEADER + 'x "" 0', r"line 2, column 1: expected a node type 'p', 'c' or 't', found 'x'"),
    (
        HEADER + 'p "" 1 1 "" { "a" } 0\nt "" 1 "" { 1 }',
        r"line 3, column 11: outcome 1 has 1 payoff but the game has 2 players",
    ),
    (HEADER + 't "" 1 "" { 1 2 3 }', r"line 2, column 11: outcome 1 has 3 payoffs but the game has 2 players"),
    (HEADER + 'p "" 3 1 "" { "a" } 0', r"line 2, column 6: player number 3 is out of range: the game has 2 players"),
    (HEADER + 'p "" 0 1 "" { "a" } 0', r"line 2, column 6: expected a player number \(a positive integer\), found '0'"),
    (HEADER + 'p "" 1 1 "" { } 0', r"line 2, column 13: information set 1 of player 1 has no actions"),
    (
        HEADER + 'c "" 1 "" { "a" 1/2 "b" 1/3 } 0\nt "" 0\nt "" 0',
        r"line 2, column 11: chance probabilities sum to 0\.8333",
    ),
    (
        HEADER + 'c "" 1 "" { "a" -1/2 "b" 3/2 } 0',
        r"line 2, column 17: probability -1/2 of chance action \"a\" is outside \[0, 1\]",
    ),
    (
        HEADER + 'c "" 1 "" { "a" "b" } 0',
        r"line 2, column 17: expected probability of chance action \"a\" \(a number\)",
    ),
    (
        HEADER + 'c "" 1 "" { "a" 1/2 "b" 1/2 } 0\np "" 1 1 "I" { "x" "y" } 0\nt "" 0\nt "" 0\n'
        'p "" 1 1 "I" { "x" } 0\nt "" 0',
        r"line 6, column 10: information set 1 of player 1 does not match its declaration at line 3, column 8: "
        r'name "I", actions \("x"\) here, name "I", actions \("x", "y"\) there',
    ),
    (
        HEADER + 'c "" 1 "" { "a" 1/2 "b" 1/2 } 0\nc "" 1 "" { "a" 1/3 "b" 2/3 } 0',
        r"line 3, column 8: information set 1 of chance does not match its declaration at line 2, column 6: "
        r"name \"\", actions \(\"a\", \"b\"\), probabilities \(1/3, 2/3\) here",
    ),
    (HEADER + 'p "" 1 1 0', r"line 2, column 8: information set 1 of player 1 is used before it is declared"),
    (HEADER + 't "" 3', r"line 2, column 6: outcome 3 is used before it is declared"),
    (HEADER + 't "" 0 "x" { 1 2 }', r"line 2, column 6: outcome 0 is the null outcome and takes no name or payoffs"),
    (
        HEADER + 'p "" 1 1 "" { "a" "b" } 1 "o" { 1 2 }\nt "" 1 "o" { 1 3 }\nt "" 0',
        r"line 3, column 6: outcome 1 does not match its declaration at line 2, column 25",
    ),
    (
        HEADER + 'p "" 1 1 "" { "a" "b" } 0\nt "" 0\n',
        r"line 4, column 1: the file ends inside the tree: the node at line 2, column 1 still needs 1 more child",
    ),
    (HEADER + 't "" 0\nt "" 0', r"line 3, column 1: unexpected 't' after the last node of the tree"),
    (HEADER + 'p "abc', r"line 2, column 3: unterminated string"),
    (HEADER + 't "" 1 "" { 1/0 2 }', r"line 2, column 13: payoff of outcome 1 1/0 divides by zero"),
    (HEADER + 't "" 1 "" { 1e99999 2 }', r"line 2, column 13: payoff of outcome 1 1e99999 is too large"),
    (HEADER + 't "" 1 "" { 1' + "0" * 1000 + " 2 }", r"line 2, column 13: payoff of outcome 1 has more than 1000"),
    (HEADER + 't "" 1 "" { 1e400 2 }', r"line 2, column 1: a payoff of this terminal is too large"),
    (
        HEADER + 't "" 1 "" { 1 2',
        r"line 2, column 16: expected '\}' closing the payoffs of outcome 1, found the end of the file",
    ),
    (HEADER + 'p "" 1 1 "" { "a" 1 } 0', r"line 2, column 19: expected an action name \(a quoted string\) or '\}'"),
]


class TestMalformed:
    @pytest.mark.parametrize(("text", "message"), BAD, ids=[m[:40] for _, m in BAD])
    def test_malformed_text(self, text, message):
        with pytest.raises(ValueError, match=r"^read_efg\(\): " + message):
            read_efg(text)

    def test_imperfect_recall_is_refused(self):
        absent_minded = HEADER + 'p "" 1 1 "driver" { "exit" "go" } 0\nt "" 1 "" { 0 0 }\np "" 1 1 0\nt "" 1\nt "" 0\n'
        expected = r"read_efg\(\): ExtensiveGame\(\): information set 'driver' breaks perfect recall"
        with pytest.raises(ValueError, match=expected):
            read_efg(absent_minded)

    def test_error_in_a_file_names_the_line(self, tmp_path):
        path = tmp_path / "bad.efg"
        path.write_text(HEADER + "\n\n" + 'p "" 1 1 "" { "a" } 0\nq "" 0\n')
        with pytest.raises(ValueError, match=r"read_efg\(\): line 5, column 1: expected a node type"):
            read_efg(path)

    def test_neither_file_nor_text(self):
        with pytest.raises(FileNotFoundError, match=r"read_efg\(\): 'no such game' is neither an existing file"):
            read_efg("no such game")
        with pytest.raises(FileNotFoundError, match=r"read_efg\(\): .*x\.efg"):
            read_efg(Path("/nonexistent/x.efg"))

    @pytest.mark.parametrize("source", [None, 3, b"EFG 2 R", ["EFG"]])
    def test_wrong_source_type(self, source):
        with pytest.raises(TypeError, match=r"read_efg\(\): expected a path"):
            read_efg(source)

    def test_directory(self, tmp_path):
        with pytest.raises(ValueError, match=r"read_efg\(\): .* is a directory; only regular files are read"):
            read_efg(tmp_path)

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
    def test_fifo_is_refused_without_waiting(self, tmp_path):
        fifo = tmp_path / "pipe.efg"
        os.mkfifo(fifo)
        errors: list[BaseException] = []

        def attempt() -> None:
            try:
                read_efg(fifo)
            except BaseException as exc:  # noqa: BLE001 - handed to the test thread
                errors.append(exc)

        worker = threading.Thread(target=attempt, daemon=True)
        worker.start()
        worker.join(timeout=10)
        if worker.is_alive():  # unblock the reader before failing
            with open(fifo, "w"):
                pass
            pytest.fail("read_efg() waited on a FIFO")
        assert len(errors) == 1 and isinstance(errors[0], ValueError)
        assert str(errors[0]).startswith("read_efg(): ")
        assert "is a FIFO (named pipe); only regular files are read" in str(errors[0])

    @pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
    def test_device_is_refused(self):
        with pytest.raises(ValueError, match=r"read_efg\(\): '/dev/null' is a character device"):
            read_efg("/dev/null")

    def test_oversized_file_and_text(self, tmp_path):
        path = tmp_path / "big.efg"
        text = (DATA / "kuhn_poker.efg").read_text()
        path.write_text(text)
        size = len(text.encode())
        assert read_efg(path, max_bytes=size) == read_efg(text)
        expected = rf"read_efg\(\): the file .* has more than {size - 1} bytes \(the limit\)"
        with pytest.raises(ValueError, match=expected):
            read_efg(path, max_bytes=size - 1)
        expected = rf"read_efg\(\): the text has {len(text)} characters, more than max_bytes = 100"
        with pytest.raises(ValueError, match=expected):
            read_efg(text, max_bytes=100)

    def test_too_many_nodes(self):
        text = (DATA / "kuhn_poker.efg").read_text()
        assert len(read_efg(text, max_nodes=55).node_ids) == 55
        with pytest.raises(ValueError, match=r"read_efg\(\): line \d+, column 1: the tree has more than 54 nodes"):
            read_efg(text, max_nodes=54)

    def test_nesting_limit(self):
        def chain(moves: int) -> str:  # a fresh information set at every move keeps perfect recall
            nodes = "".join(f'p "" 1 {k} "" {{ "a" }} 0\n' for k in range(1, moves + 1))
            return 'EFG 2 R "" { "A" }\n' + nodes + 't "" 0\n'

        assert len(read_efg(chain(MAX_EFG_DEPTH)).node_ids) == MAX_EFG_DEPTH + 1
        with pytest.raises(ValueError, match=rf"read_efg\(\): line {MAX_EFG_DEPTH + 3}, column 1: the tree is deeper"):
            read_efg(chain(MAX_EFG_DEPTH + 1))

    def test_paths_too_long_for_memory(self):
        # 1000 moves with actions of 300 characters: paths of 150 million characters in all
        action = "a" * 300
        nodes = "".join(f'p "" 1 {k} "" {{ "{action}" }} 0\n' for k in range(1, 1001))
        text = 'EFG 2 R "" { "A" }\n' + nodes + 't "" 0'
        with pytest.raises(ValueError, match=r"read_efg\(\): the node identifiers .* would take 150\d+ characters"):
            read_efg(text)

    def test_limits_must_be_positive_integers(self):
        for bad in (0, -1, 1.5, True, "10"):
            with pytest.raises(ValueError, match=r"read_efg\(\): max_bytes must be a positive integer"):
                read_efg(HEADER + 't "" 0', max_bytes=bad)
            with pytest.raises(ValueError, match=r"read_efg\(\): max_nodes must be a positive integer"):
                read_efg(HEADER + 't "" 0', max_nodes=bad)

    def test_with_title_must_be_bool(self):
        with pytest.raises(TypeError, match=r"read_efg\(\): with_title must be True or False"):
            read_efg(HEADER + 't "" 0', with_title=1)


# ---------------------------------------------------------------------- writing
def small_game() -> ExtensiveGame:
    return ExtensiveGame(
        Chance({
            "weak": (0.25, Decision("S", {"quiet": Terminal([1, 0]), "loud": Terminal([0.1, 1])}, infoset="S weak")),
            "strong": (0.75, Decision("S", {"quiet": Terminal([1, 0]), "loud": Terminal([2, -1])}, name="strong")),
        }),
        players=("S", "R"),
    )


class TestWriting:
    def test_layout_matches_gambit(self):
        assert write_efg(small_game(), title='A "title"') == (
            'EFG 2 R "A \\"title\\"" { "S" "R" }\n'
            "\n"
            'c "" 1 "" { "weak" 1/4 "strong" 3/4 } 0\n'
            'p "" 1 1 "S weak" { "quiet" "loud" } 0\n'
            't "" 1 "Outcome 1" { 1, 0 }\n'
            't "" 2 "Outcome 2" { 0.1, 1 }\n'
            'p "strong" 1 2 "strong" { "quiet" "loud" } 0\n'
            't "" 1 "Outcome 1" { 1, 0 }\n'
            't "" 3 "Outcome 3" { 2, -1 }\n'
        )

    def test_version_d(self):
        text = write_efg(small_game(), version="D")
        assert text.splitlines()[0] == 'EFG 2 D "" { "S" "R" }'
        assert text.splitlines()[2] == 'c "" 1 "" { "weak" 0.25 "strong" 0.75 } 0'
        assert text.splitlines()[5] == 't "" 2 "Outcome 2" { 0.1 1 }'
        same_game(read_efg(text), small_game())

    @pytest.mark.parametrize(
        ("value", "r_text", "d_text"),
        [
            (1 / 3, "1/3", "0.3333333333333333"),
            (0.1, "0.1", "0.1"),
            (-2.5, "-2.5", "-2.5"),
            (1e19, "10000000000000000000", "10000000000000000000"),
            (1e-7, "0.0000001", "0.0000001"),
            (2.0**-20, "1/1048576", "0.00000095367431640625"),
        ],
    )
    def test_numbers_are_exact_without_exponents(self, value, r_text, d_text):
        game = ExtensiveGame(Terminal([value]), players=("A",))
        for version, expected in (("R", r_text), ("D", d_text)):
            text = write_efg(game, version=version)
            assert text.splitlines()[2] == f't "" 1 "Outcome 1" {{ {expected} }}'
            assert read_efg(text).terminal_payoffs[0, 0] == value

    def test_chance_probabilities_sum_to_exactly_one(self):
        thirds = Chance({k: (1 / 3, Terminal([i])) for i, k in enumerate("abc")})
        game = ExtensiveGame(thirds, players=("A",))
        assert '{ "a" 1/3 "b" 1/3 "c" 1/3 }' in write_efg(game)
        # in decimals the largest absorbs the remainder: a rounding unit away
        line = write_efg(game, version="D").splitlines()[2]
        texts = line.split("{")[1].split("}")[0].split()[1::2]
        assert sum(Fraction(t) for t in texts) == 1
        same_game(read_efg(write_efg(game, version="D")), game)

    def test_children_follow_the_information_set_order(self):
        game = ExtensiveGame(
            Chance({
                "x": (0.5, Decision("A", {"l": Terminal([1]), "r": Terminal([2])}, infoset="I")),
                "y": (0.5, Decision("A", {"r": Terminal([3]), "l": Terminal([4])}, infoset="I")),
            }),
            players=("A",),
        )
        again = read_efg(write_efg(game))
        assert again.children("root/y") == {"l": "root/y/l", "r": "root/y/r"}
        assert again.payoffs_at("root/y/l").tolist() == [4.0]

    def test_write_to_path(self, tmp_path):
        path = tmp_path / "out.efg"
        text = write_efg(small_game(), path, title="t")
        assert path.read_text(encoding="utf-8") == text
        same_game(read_efg(path), small_game())

    def test_bad_arguments(self):
        with pytest.raises(TypeError, match=r"write_efg\(\): game must be a leverage ExtensiveGame"):
            write_efg("EFG 2 R")
        with pytest.raises(TypeError, match=r"write_efg\(\): title must be a string"):
            write_efg(small_game(), title=3)
        with pytest.raises(TypeError, match=r"write_efg\(\): version must be 'R' or 'D'"):
            write_efg(small_game(), version=2)
        with pytest.raises(ValueError, match=r"write_efg\(\): unknown version 'r'"):
            write_efg(small_game(), version="r")
        with pytest.raises(TypeError, match=r"write_efg\(\): path must be a str or os.PathLike"):
            write_efg(small_game(), path=3)


# ---------------------------------------------------------------------- random trees
LABELS = st.one_of(
    st.sampled_from(["a", "b", "Bet", 'q"uote', "back\\slash", "sp ace", "ü", "new\nline", "1", "x_1"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/"), min_size=1, max_size=4),
)
PAYOFFS = st.one_of(
    st.integers(-5, 5).map(float),
    st.fractions(min_value=-10, max_value=10, max_denominator=12).map(float),
    st.floats(allow_nan=False, allow_infinity=False),
)


@st.composite
def extensive_games(draw, max_nodes: int = 25) -> ExtensiveGame:
    """Random games with information sets and perfect recall.

    A decision node joins an existing labelled set of its player only when the
    player's own earlier moves to it are those of the set (perfect recall).
    """
    n = draw(st.integers(1, 3))
    players = draw(st.lists(LABELS, min_size=n, max_size=n, unique=True))
    budget = [draw(st.integers(1, max_nodes))]
    sets: list[tuple[int, tuple[str, ...], tuple, str]] = []  # (player, actions, own history, label)
    counter = [0]

    def fresh(prefix: str) -> str:
        counter[0] += 1
        return f"{prefix}{counter[0]}" + draw(st.sampled_from(["", " ü", ' "q"', "\\"]))

    def node(history: tuple[tuple, ...], depth: int):
        name = fresh("n") if draw(st.integers(0, 4)) == 0 else None
        budget[0] -= 1
        if budget[0] <= 0 or depth >= 4 or draw(st.integers(0, 3)) == 0:
            return Terminal([draw(PAYOFFS) for _ in range(n)], name=name)
        if draw(st.integers(0, 3)) == 0:
            outcomes = draw(st.lists(LABELS, min_size=1, max_size=3, unique=True))
            if draw(st.booleans()):
                weights = draw(st.lists(st.integers(0, 4), min_size=len(outcomes), max_size=len(outcomes)))
                weights[0] += 1
            else:
                weights = draw(st.lists(st.floats(0.01, 100), min_size=len(outcomes), max_size=len(outcomes)))
            total = sum(weights)
            return Chance({o: (w / total, node(history, depth + 1)) for o, w in zip(outcomes, weights)}, name=name)
        i = draw(st.integers(0, n - 1))
        joinable = [s for s in sets if s[0] == i and s[2] == history[i]]
        if joinable and draw(st.integers(0, 3)) > 0:
            _, actions, _, label = draw(st.sampled_from(joinable))
        else:
            actions = tuple(draw(st.lists(LABELS, min_size=1, max_size=3, unique=True)))
            label = fresh("I") if draw(st.integers(0, 3)) > 0 else None
            if label is not None:
                sets.append((i, actions, history[i], label))
        key = label if label is not None else object()  # an unlabelled set is its own
        children = {}
        for a in actions:
            own = history[:i] + (history[i] + ((key, a),),) + history[i + 1 :]
            children[a] = node(own, depth + 1)
        return Decision(players[i], children, name=name, infoset=label)

    return ExtensiveGame(node(((),) * n, 0), players)


@given(extensive_games(), st.sampled_from(["R", "D"]), LABELS)
def test_random_games_round_trip(game, version, title):
    text = write_efg(game, title=title, version=version)
    again, title_again = read_efg(text, with_title=True)
    same_game(game, again)
    assert title_again == title


@given(
    shared_extensive_games(n_players=st.integers(1, 3), payoffs=PAYOFFS, chance_denominator=12),
    st.sampled_from(["R", "D"]),
)
def test_library_strategy_games_round_trip(game, version):
    """The library's own strategy for games with imperfect information (frequent shared sets)."""
    same_game(game, read_efg(write_efg(game, version=version)))


@given(extensive_games())
def test_random_games_keep_their_solution_concepts(game):
    """What a solver sees is unchanged: payoffs and regrets of the uniform profile, and plans."""
    again = read_efg(write_efg(game))
    u = game.uniform_behaviour()
    assert again.uniform_behaviour() == u
    np.testing.assert_allclose(again.expected_payoffs(u), game.expected_payoffs(u), rtol=1e-12, atol=0)
    for p in game.players:
        assert again.sequences(p) == game.sequences(p)


# ---------------------------------------------------------------------- Gambit's catalogue
def _catalogue() -> list:
    folder = os.environ.get("LEVERAGE_GAMBIT_GAMES")
    if not folder:
        skip = pytest.mark.skip(reason="set LEVERAGE_GAMBIT_GAMES to a folder of .efg files")
        return [pytest.param(None, marks=skip)]
    files = sorted(Path(folder).glob("**/*.efg"))
    assert files, f"LEVERAGE_GAMBIT_GAMES={folder!r} holds no .efg files"
    return [pytest.param(f, id=str(f.relative_to(folder))) for f in files]


@pytest.mark.parametrize("path", _catalogue())
def test_gambit_catalogue(path):
    """Every game of Gambit's catalogue reads and round-trips, or lacks perfect recall, which leverage refuses."""
    try:
        game, title = read_efg(path, with_title=True)
    except ValueError as exc:
        assert "breaks perfect recall" in str(exc), str(exc)
        pytest.xfail("the game lacks perfect recall")
    for version in ("R", "D"):
        same_game(game, read_efg(write_efg(game, title=title, version=version)))
