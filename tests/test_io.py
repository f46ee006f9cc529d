"""Tests of leverage.io: Gambit's .nfg format (payoff and outcome versions).

The example texts below are Gambit's own: ``e02.nfg``, ``pd.nfg``,
``2x2x2.nfg``, ``e04.nfg`` and ``cent2.nfg`` from ``contrib/games`` of the
Gambit repository, and the outcome-version sample of the Gambit documentation
("Game representation formats").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from leverage.testing.strategies import games as lev_games
from hypothesis import strategies as st

from leverage import Game
from leverage.io import read_nfg, write_nfg


import games as known_games  # tests/games.py (tests/conftest.py puts tests/ on the path)

# ---------------------------------------------------------------------- Gambit's examples
# contrib/games/e02.nfg
E02_PAYOFF = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0 
"""

# Gambit documentation, "The strategic game (.nfg) file format, payoff version"
E02_PAYOFF_DOC = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""

# Gambit documentation, "The strategic game (.nfg) file format, outcome version"
E02_OUTCOME_DOC = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""

# The payoffs stated in e02.nfg: profile (1,1) pays 1 1, (2,1) 0 2, (3,1) 0 2,
# (1,2) 1 1, (2,2) 0 3, (3,2) 2 0 -- the first player's strategy changes fastest.
E02_A = np.array([[1, 1], [0, 0], [0, 2]], dtype=float)
E02_B = np.array([[1, 1], [2, 3], [2, 0]], dtype=float)

# contrib/games/pd.nfg
PD = """NFG 1 R "Two person Prisoner's Dilemma game" { "Player 1" "Player 2" }

{ { "1" "2" }
{ "1" "2" }
}
""

{
{ "" 9, 9 }
{ "" 10, 0 }
{ "" 0, 10 }
{ "" 1, 1 }
}
1 2 3 4
"""

# contrib/games/2x2x2.nfg, shared with test_polynomial.py
MCKELVEY_MCLENNAN = known_games.MCKELVEY_MCLENNAN_2X2X2_NFG

# contrib/games/e04.nfg
KREPS_WILSON = """NFG 1 R "Kreps-Wilson (Econometrica, 85), Figures 1,4,9,14, normal form" { "Player 1" "Player 2" }

{ { "1" "2" "3" }
{ "1" "2" }
}
""

{
{ "Outcome 1" 0.000000, 0.000000 }
{ "Outcome 2" -1.000000, 2.000000 }
{ "Outcome 3" -2.000000, -2.000000 }
{ "Outcome 4" 0.000000, 0.000000 }
{ "Outcome 5" -1.000000, 0.000000 }
{ "Outcome 6" 3.000000, -1.000000 }
}
1 2 3 4 5 6
"""

# contrib/games/cent2.nfg: no comment, payoffs without commas, outcomes permuted
CENTIPEDE = """NFG 1 R "Centipede game. Two inning, with probability of altruists" { "Player 1" "Player 2" }

{ { "1*11" "2111" "2211" }
{ "1*11" "2111" "2211" }
}

{
{ "" 0.811000 0.274000 }
{ "" 0.868000 0.502000 }
{ "" 1.400000 0.350000 }
{ "" 0.564000 1.566000 }
{ "" 3.148000 1.072000 }
{ "" 3.680000 0.920000 }
{ "" 1.020000 1.680000 }
{ "" 2.160000 6.240000 }
{ "" 12.800000 3.200000 }
}
1 4 7 2 5 8 3 6 9
"""


class TestGambitExamples:
    @pytest.mark.parametrize("text", [E02_PAYOFF, E02_PAYOFF_DOC])
    def test_e02_payoff_version(self, text):
        game, title = read_nfg(text, with_title=True)
        assert title == "Selten (IJGT, 75), Figure 2, normal form"
        assert game.players == ("Player 1", "Player 2")
        assert game.shape == (3, 2)
        # the payoff version has no strategy names: leverage's defaults
        assert game.strategies == (("s1", "s2", "s3"), ("s1", "s2"))
        np.testing.assert_array_equal(game.payoffs[0], E02_A)
        np.testing.assert_array_equal(game.payoffs[1], E02_B)

    def test_e02_outcome_version(self):
        game, title = read_nfg(E02_OUTCOME_DOC, with_title=True)
        assert title == "Selten (IJGT, 75), Figure 2, normal form"
        assert game.strategies == (("1", "2", "3"), ("1", "2"))
        np.testing.assert_array_equal(game.payoffs[0], E02_A)
        np.testing.assert_array_equal(game.payoffs[1], E02_B)

    def test_both_versions_of_e02_give_the_same_payoffs(self):
        by_payoff = read_nfg(E02_PAYOFF)
        by_outcome = read_nfg(E02_OUTCOME_DOC)
        assert by_payoff.players == by_outcome.players
        for a, b in zip(by_payoff.payoffs, by_outcome.payoffs):
            np.testing.assert_array_equal(a, b)
        # only the strategy names differ
        renamed = Game(by_payoff.payoffs, players=by_payoff.players, strategies=by_outcome.strategies)
        assert renamed == by_outcome

    def test_prisoners_dilemma(self):
        game = read_nfg(PD)
        np.testing.assert_array_equal(game.payoffs[0], [[9, 0], [10, 1]])
        np.testing.assert_array_equal(game.payoffs[1], [[9, 10], [0, 1]])

    def test_three_player_mckelvey_mclennan(self):
        game, title = read_nfg(MCKELVEY_MCLENNAN, with_title=True)
        assert title.startswith("2x2x2 Example from McKelvey-McLennan")
        assert game.players == ("Player 1", "Player 2", "Player 3")
        assert game.shape == (2, 2, 2)
        outcomes = [(9, 8, 12), (0, 0, 0), (0, 0, 0), (9, 8, 2), (0, 0, 0), (3, 4, 6), (3, 4, 6), (0, 0, 0)]
        # profile (i, j, k) is number i + 2 j + 4 k (first player fastest) and uses outcome i + 2 j + 4 k + 1
        for i in range(2):
            for j in range(2):
                for k in range(2):
                    expected = outcomes[i + 2 * j + 4 * k]
                    assert tuple(u[i, j, k] for u in game.payoffs) == expected

    def test_decimal_payoffs_kreps_wilson(self):
        game = read_nfg(KREPS_WILSON)
        np.testing.assert_array_equal(game.payoffs[0], [[0, 0], [-1, -1], [-2, 3]])
        np.testing.assert_array_equal(game.payoffs[1], [[0, 0], [2, 0], [-2, -1]])

    def test_permuted_outcomes_centipede(self):
        game = read_nfg(CENTIPEDE)
        assert game.strategies[0] == ("1*11", "2111", "2211")
        # indices 1 4 7 2 5 8 3 6 9 for profiles (1,1), (2,1), (3,1), (1,2), ...
        np.testing.assert_array_equal(
            game.payoffs[0], [[0.811, 0.868, 1.4], [0.564, 3.148, 3.68], [1.02, 2.16, 12.8]]
        )
        np.testing.assert_array_equal(
            game.payoffs[1], [[0.274, 0.502, 0.35], [1.566, 1.072, 0.92], [1.68, 6.24, 3.2]]
        )


# ---------------------------------------------------------------------- parsing details
class TestParsing:
    def test_number_forms(self):
        text = 'NFG 1 R "numbers" { "A" "B" } { 3 1 } 3/2 -1/4 .5 -2.5e-1 +7 1E2'
        game = read_nfg(text)
        np.testing.assert_array_equal(game.payoffs[0], [[1.5], [0.5], [7.0]])
        np.testing.assert_array_equal(game.payoffs[1], [[-0.25], [-0.25], [100.0]])

    def test_rational_is_rounded_once(self):
        game = read_nfg('NFG 1 R "" { "A" } { 2 } 1/3 -2/3')
        assert game.payoffs[0][0] == 1 / 3
        assert game.payoffs[0][1] == -2 / 3

    def test_no_evaluation_of_code(self):
        with pytest.raises(ValueError, match=r"expected a payoff \(a number\), found \"__import__"):
            read_nfg("NFG 1 R \"\" { \"A\" } { 2 } 1 __import__('os').getcwd()")

    def test_escaped_quotes_and_backslashes(self):
        text = r'NFG 1 R "The \"Big\" game" { "Player \"1\"" "back\\slash" } { { "a\"" "b" } { "c\d" } } 1 2 3 4'
        game, title = read_nfg(text, with_title=True)
        assert title == 'The "Big" game'
        assert game.players == ('Player "1"', "back\\slash")
        assert game.strategies == (('a"', "b"), ("c\\d",))

    def test_strings_may_span_lines_and_whitespace_is_free(self):
        text = 'NFG\t1\r\nR "two\nlines"\n{"A""B"}{2 1}\n\n 1\t2\r\n3 4'
        game, title = read_nfg(text, with_title=True)
        assert title == "two\nlines"
        np.testing.assert_array_equal(game.payoffs[0], [[1], [3]])

    def test_data_type_d_and_comment(self):
        text = 'NFG 1 D "t" { "A" } { 2 } "a comment" 5 6'
        np.testing.assert_array_equal(read_nfg(text).payoffs[0], [5, 6])

    def test_null_outcome(self):
        text = 'NFG 1 R "" { "A" "B" } { { "x" "y" } { "z" } } "" { { "win" 2, -2 } } 0 1'
        game = read_nfg(text)
        np.testing.assert_array_equal(game.payoffs[0], [[0], [2]])
        np.testing.assert_array_equal(game.payoffs[1], [[0], [-2]])

    def test_strategy_counts_with_outcome_body(self):
        text = 'NFG 1 R "" { "A" "B" } { 2 1 } { { "" 1 2 } { "" 3 4 } } 2 1'
        game = read_nfg(text)
        assert game.strategies == (("s1", "s2"), ("s1",))
        np.testing.assert_array_equal(game.payoffs[0], [[3], [1]])

    def test_strategy_names_with_payoff_body(self):
        text = 'NFG 1 R "" { "A" "B" } { { "x" "y" } { "z" } } 1 2 3 4'
        game = read_nfg(text)
        assert game.strategies == (("x", "y"), ("z",))
        np.testing.assert_array_equal(game.payoffs[1], [[2], [4]])

    def test_empty_names_get_defaults(self):
        text = 'NFG 1 R "" { "" "B" } { { "" "y" } { "" } } 1 2 3 4'
        game = read_nfg(text)
        assert game.players == ("Player 1", "B")
        assert game.strategies == (("s1", "y"), ("s1",))

    def test_repeated_names_are_made_distinct(self):
        text = 'NFG 1 R "" { "P" "P" } { { "x" "x" "x_1" } { "z" } } 1 2 3 4 5 6'
        game = read_nfg(text)
        assert game.players == ("P_1", "P_2")
        assert game.strategies == (("x_2", "x_3", "x_1"), ("z",))

    def test_one_player_game(self):
        game = read_nfg('NFG 1 R "solo" { "Alone" } { 3 } 1 -1 2')
        assert game.shape == (3,)
        np.testing.assert_array_equal(game.payoffs[0], [1, -1, 2])

    def test_leading_whitespace_before_text(self):
        assert read_nfg("\n  " + E02_PAYOFF) == read_nfg(E02_PAYOFF)


class TestSources:
    def test_read_from_str_path_and_pathlike(self, tmp_path):
        path = tmp_path / "e02.nfg"
        path.write_text(E02_PAYOFF, encoding="utf-8")
        expected = read_nfg(E02_PAYOFF)
        assert read_nfg(path) == expected
        assert read_nfg(str(path)) == expected

    def test_latin1_file(self, tmp_path):
        path = tmp_path / "latin.nfg"
        path.write_bytes('NFG 1 R "" { "Espa\u00f1a" } { 1 } 1'.encode("latin-1"))
        assert read_nfg(path).players == ("Espa\u00f1a",)

    def test_utf8_file_with_bom(self, tmp_path):
        path = tmp_path / "bom.nfg"
        path.write_bytes(b"\xef\xbb\xbf" + 'NFG 1 R "" { "\u4e2d\u56fd" } { 1 } 1'.encode("utf-8"))
        assert read_nfg(path).players == ("\u4e2d\u56fd",)

    def test_write_to_path(self, tmp_path):
        game = read_nfg(E02_PAYOFF)
        path = tmp_path / "out.nfg"
        text = write_nfg(game, path, title="Selten")
        assert path.read_text(encoding="utf-8") == text
        assert read_nfg(str(path), with_title=True) == (game, "Selten")


# ---------------------------------------------------------------------- writing
class TestWriting:
    def test_payoff_version_matches_gambit_layout(self):
        game = read_nfg(E02_PAYOFF)
        text = write_nfg(game, title="Selten (IJGT, 75), Figure 2, normal form")
        assert text == (
            'NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" } { 3 2 }\n'
            "\n"
            "1 1 0 2 0 2 1 1 0 3 2 0\n"
        )

    def test_outcome_version_shares_outcomes(self):
        game = read_nfg(E02_OUTCOME_DOC)
        text = write_nfg(game, title="Selten (IJGT, 75), Figure 2, normal form", form="outcome")
        assert text == (
            'NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }\n'
            "\n"
            '{ { "1" "2" "3" }\n'
            '{ "1" "2" }\n'
            "}\n"
            '""\n'
            "\n"
            "{\n"
            '{ "" 1, 1 }\n'
            '{ "" 0, 2 }\n'
            '{ "" 0, 3 }\n'
            '{ "" 2, 0 }\n'
            "}\n"
            "1 2 2 1 3 4\n"
        )
        assert read_nfg(text) == game

    def test_payoff_version_keeps_non_default_strategy_names(self):
        game = read_nfg(E02_OUTCOME_DOC)
        text = write_nfg(game)
        assert '{ { "1" "2" "3" } { "1" "2" } }' in text
        assert read_nfg(text) == game

    def test_exact_numbers(self):
        values = [0.1, 1 / 3, -2.5, 1e-300, 5e-324, 1.7976931348623157e308, 2.0**60, -(2.0**52) - 1, 3.0, -0.0]
        game = Game([np.array(values)])
        text = write_nfg(game)
        assert "0.1 0.3333333333333333 -2.5 1e-300 5e-324 1.7976931348623157e+308" in text
        assert "1.152921504606847e+18 -4503599627370497 3 0\n" in text
        back = read_nfg(text)
        assert back == game
        assert back.payoffs[0].tolist() == values

    def test_quotes_and_backslashes_round_trip(self):
        game = Game(
            [np.zeros((2, 1)), np.ones((2, 1))],
            players=('The "US"', "C:\\China\\"),
            strategies=(('say "no"', "\\"), ("line\nbreak",)),
        )
        for form in ("payoff", "outcome"):
            text = write_nfg(game, title='a "quoted" \\ title', form=form)
            assert read_nfg(text, with_title=True) == (game, 'a "quoted" \\ title')

    @pytest.mark.parametrize("form", ["payoff", "outcome"])
    def test_round_trip_two_players(self, form):
        game = Game.from_bimatrix(
            [[3, 0, -1.25], [5, 1, 0.5]],
            [[3, 5, 2], [0, 1, 1 / 7]],
            players=("China", "US"),
            strategies=(("Supply", "Restrict"), ("Comply", "Retaliate", "Diversify")),
        )
        assert read_nfg(write_nfg(game, form=form)) == game

    @pytest.mark.parametrize("form", ["payoff", "outcome"])
    def test_round_trip_three_players(self, form):
        game = read_nfg(MCKELVEY_MCLENNAN)
        assert read_nfg(write_nfg(game, form=form)) == game
        default_names = Game(game.payoffs)
        assert read_nfg(write_nfg(default_names, form=form)) == default_names


# ---------------------------------------------------------------------- property tests
def games(integer: bool, named: bool):
    """Two- and three-player games from leverage's own strategy, with exact big integers or any floats
    whose range a float can hold (Game() refuses payoffs whose range overflows)."""
    payoffs = (
        st.integers(-(2**62), 2**62).map(float)
        if integer
        else st.floats(-8e307, 8e307, allow_nan=False, allow_infinity=False)
    )
    return lev_games(n_players=st.integers(2, 3), payoffs=payoffs, named=named)


@given(game=games(integer=True, named=False), form=st.sampled_from(["payoff", "outcome"]))
def test_round_trip_integer_games(game, form):
    assert read_nfg(write_nfg(game, form=form)) == game


@given(game=games(integer=False, named=False), form=st.sampled_from(["payoff", "outcome"]))
def test_round_trip_float_games(game, form):
    assert read_nfg(write_nfg(game, form=form)) == game


@given(game=games(integer=False, named=True), title=st.text(max_size=10))
def test_round_trip_named_games_both_forms_agree(game, title):
    by_payoff = read_nfg(write_nfg(game, title=title, form="payoff"), with_title=True)
    by_outcome = read_nfg(write_nfg(game, title=title, form="outcome"), with_title=True)
    assert by_payoff == (game, title)
    assert by_outcome == (game, title)


# ---------------------------------------------------------------------- errors
class TestReadErrors:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('NFG 1 R "title', r"read_nfg\(\): line 1, column 9: unterminated string \(no closing '\"'\)"),
            ('NFG 1 R "t" { "A } { 1 } 1', r"line 1, column 15: unterminated string"),
            ('NFG 2 R "t" { "A" } { 1 } 1', r"unsupported NFG version '2'; only version 1 is defined"),
            ("NFG", r"line 1, column 4: expected the version number 1 after 'NFG', found the end of the file"),
            ('NFG "1" R "t" { "A" } { 1 } 1', r"expected the version number 1 after 'NFG', found the string \"1\""),
            ('NFG 1 E "t" { "A" } { 1 } 1', r"expected the data type 'R' after 'NFG 1', found 'E'"),
            ('NFG 1 R { "A" } { 1 } 1', r"expected the game title \(a quoted string\), found '\{'"),
            ('NFG 1 R "t" "A" { 1 } 1', r"expected '\{' opening the list of players, found the string \"A\""),
            ('NFG 1 R "t" { "A" 3 } { 1 } 1', r"expected a player name \(a quoted string\) or '\}', found '3'"),
            ('NFG 1 R "t" { } { 1 } 1', r"line 1, column 15: the list of players is empty"),
            ('NFG 1 R "t" { "A" } 1 1', r"expected '\{' opening the strategies .*, found '1'"),
            ('NFG 1 R "t" { "A" } { 0 } 1', r"expected a number of strategies \(a positive integer\), found '0'"),
            ('NFG 1 R "t" { "A" } { 1.5 } 1', r"expected a number of strategies \(a positive integer\), found '1.5'"),
            ('NFG 1 R "t" { "A" } { "x" } 1', r"expected a number of strategies .*, found the string \"x\""),
            ('NFG 1 R "t" { "A" "B" } { 2 } 1 2', r"strategy count mismatch: the file names 2 players but gives numbers of strategies for 1"),
            ('NFG 1 R "t" { "A" } { 2 1 } 1 2', r"strategy count mismatch: the file names 1 player but gives numbers of strategies for 2"),
            ('NFG 1 R "t" { "A" "B" } { { "x" } } 1 2', r"strategy count mismatch: the file names 2 players but gives strategy names for 1"),
            ('NFG 1 R "t" { "A" } { { "x" 1 } } 1', r"expected a strategy name \(a quoted string\) or '\}', found '1'"),
            ('NFG 1 R "t" { "A" } { { } } 1', r"player \"A\" has no strategies"),
            ('NFG 1 R "t" { "A" } { { "x" } 3 } 1', r"expected '\{' or '\}' in the lists of strategy names, found '3'"),
            ('NFG 1 R "t" { "A" } { 1 }', r"expected the payoffs \(numbers\) or a list of outcomes \('\{'\), found the end of the file"),
            ('NFG 1 R "t" { "A" } { 1 } "c" "d" 1', r"expected the payoffs .*, found the string \"d\""),
            ('NFG 1 R "t" { "A" } { 2 } 1 x', r"line 1, column 29: expected a payoff \(a number\), found 'x'"),
            ('NFG 1 R "t" { "A" } { 2 } 1, 2', r"expected a payoff \(a number\), found ','"),
            ('NFG 1 R "t" { "A" } { 2 } 1 1-2', r"expected a payoff \(a number\), found '1-2'"),
            ('NFG 1 R "t" { "A" } { 1 } 1/0', r"line 1, column 27: payoff 1/0 divides by zero"),
            ('NFG 1 R "t" { "A" } { 1 } 1e999', r"payoff 1e999 is too large to be represented as a float"),
            ('NFG 1 R "t" { "A" } { 1 } 1' + "0" * 400 + "/1", r"is too large to be represented as a float"),
            ('NFG 1 R "t" { "A" "B" } { 3 2 } 1 1 0 2 0 2 1 1 0 3 2', r"read_nfg\(\): expected 12 payoffs for 6 profiles x 2 players, found 11"),
            ('NFG 1 R "t" { "A" "B" "C" } { 3 1 1 } 1 2 3 4 5 6', r"read_nfg\(\): expected 9 payoffs for 3 profiles x 3 players, found 6"),
            ('NFG 1 R "t" { "A" } { 1 } 1 2', r"read_nfg\(\): expected 1 payoff for 1 profile x 1 player, found 2"),
            ('NFG 1 R "t" { "A" } { 1 } { { 1 2 } } 1', r"expected the name of outcome 1 \(a quoted string\), found '1'"),
            ('NFG 1 R "t" { "A" } { 1 } { { "o" x } } 1', r"expected a payoff of outcome 1 \(a number\), found 'x'"),
            ('NFG 1 R "t" { "A" } { 1 } { { "o" 1', r"expected '\}' closing outcome 1, found the end of the file"),
            ('NFG 1 R "t" { "A" "B" } { 1 1 } { { "o" 1 } } 1', r"line 1, column 35: outcome 1 has 1 payoff but the game has 2 players"),
            ('NFG 1 R "t" { "A" } { 1 } { { "o" 1 } { "p" 1, 2 } } 1', r"outcome 2 has 2 payoffs but the game has 1 player"),
            ('NFG 1 R "t" { "A" } { 1 } { { "o" 1 } 3 } 1', r"expected '\{' opening an outcome or '\}' closing the list of outcomes, found '3'"),
            ('NFG 1 R "t" { "A" } { 2 } { { "o" 1 } } 1 -1', r"expected an outcome number \(a non-negative integer\), found '-1'"),
            ('NFG 1 R "t" { "A" } { 1 } { { "o" 1 } } 1.0', r"expected an outcome number \(a non-negative integer\), found '1.0'"),
            ('NFG 1 R "t" { "A" } { 1 } { { "o" 1 } } "1"', r"expected an outcome number .*, found the string \"1\""),
            ('NFG 1 R "t" { "A" } { 2 } { { "o" 1 } { "p" 2 } } 1 3', r"line 1, column 53: outcome index 3 \(profile 2\) is out of range: the file defines 2 outcomes"),
            ('NFG 1 R "t" { "A" } { 1 } { { "o" 1 } } 2', r"outcome index 2 \(profile 1\) is out of range: the file defines 1 outcome$"),
            ('NFG 1 R "t" { "A" } { 1 } { } 1', r"outcome index 1 \(profile 1\) is out of range: the file defines 0 outcomes"),
            ('NFG 1 R "t" { "A" } { 3 } { { "o" 1 } } 1 0', r"read_nfg\(\): expected 3 outcome indices for 3 profiles, found 2"),
            ('NFG 1 R "t" { "A" } { 1 } { { "o" 1 } } 1 1', r"read_nfg\(\): expected 1 outcome index for 1 profile, found 2"),
        ],
    )
    def test_malformed_text(self, text, message):
        with pytest.raises(ValueError, match=message):
            read_nfg(text)

    def test_error_position_on_later_line(self):
        text = 'NFG 1 R "t" { "A" "B" }\n{ 2 1 }\n\n  1 2 oops 4'
        with pytest.raises(ValueError, match=r"read_nfg\(\): line 4, column 7: expected a payoff \(a number\), found 'oops'"):
            read_nfg(text)

    def test_wrong_header_in_file(self, tmp_path):
        path = tmp_path / "game.efg"
        path.write_text('EFG 2 R "an extensive game" { "A" }\n', encoding="utf-8")
        with pytest.raises(ValueError, match=r"read_nfg\(\): line 1, column 1: expected the header 'NFG 1 R', found 'EFG'"):
            read_nfg(path)

    def test_file_whose_name_starts_with_nfg(self, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        Path("NFG_selten.nfg").write_text(E02_PAYOFF, encoding="utf-8")
        assert read_nfg("NFG_selten.nfg") == read_nfg(E02_PAYOFF)

    def test_misspelt_header_in_file(self, tmp_path):
        path = tmp_path / "game.nfg"
        path.write_text('NFGX 1 R "t" { "A" } { 1 } 1', encoding="utf-8")
        with pytest.raises(ValueError, match=r"read_nfg\(\): line 1, column 1: expected the header 'NFG 1 R', found 'NFGX'"):
            read_nfg(path)

    def test_empty_file(self, tmp_path):
        path = tmp_path / "empty.nfg"
        path.write_text("", encoding="utf-8")
        with pytest.raises(ValueError, match=r"expected the header 'NFG 1 R', found the end of the file"):
            read_nfg(path)

    def test_neither_file_nor_text(self):
        with pytest.raises(FileNotFoundError, match=r"read_nfg\(\): 'no_such_game.nfg' is neither an existing file nor the text"):
            read_nfg("no_such_game.nfg")

    def test_missing_pathlike(self, tmp_path):
        with pytest.raises(FileNotFoundError, match=r"read_nfg\(\): no such file: .*missing\.nfg"):
            read_nfg(tmp_path / "missing.nfg")

    def test_directory_is_not_a_file(self, tmp_path):
        with pytest.raises(FileNotFoundError, match=r"is neither an existing file"):
            read_nfg(str(tmp_path))

    @pytest.mark.parametrize("source", [42, None, b'NFG 1 R "" { "A" } { 1 } 1', ["NFG"]])
    def test_wrong_source_type(self, source):
        with pytest.raises(TypeError, match=r"read_nfg\(\): expected a path \(str or os.PathLike\) or the text"):
            read_nfg(source)

    def test_with_title_must_be_bool(self):
        with pytest.raises(TypeError, match=r"read_nfg\(\): with_title must be True or False; got 1"):
            read_nfg(E02_PAYOFF, with_title=1)


class TestWriteErrors:
    def test_not_a_game(self):
        with pytest.raises(TypeError, match=r"write_nfg\(\): game must be a leverage.Game; got list"):
            write_nfg([[1, 2], [3, 4]])

    def test_title_not_a_string(self):
        with pytest.raises(TypeError, match=r"write_nfg\(\): title must be a string; got int"):
            write_nfg(read_nfg(E02_PAYOFF), title=3)

    def test_form_not_a_string(self):
        with pytest.raises(TypeError, match=r"write_nfg\(\): form must be 'payoff' or 'outcome'; got NoneType"):
            write_nfg(read_nfg(E02_PAYOFF), form=None)

    def test_unknown_form(self):
        with pytest.raises(ValueError, match=r"write_nfg\(\): unknown form 'efg'; use 'payoff' or 'outcome'"):
            write_nfg(read_nfg(E02_PAYOFF), form="efg")

    def test_path_of_wrong_type(self):
        with pytest.raises(TypeError, match=r"write_nfg\(\): path must be a str or os.PathLike; got int"):
            write_nfg(read_nfg(E02_PAYOFF), 3)

    def test_nothing_written_on_error(self, tmp_path):
        path = tmp_path / "out.nfg"
        with pytest.raises(ValueError):
            write_nfg(read_nfg(E02_PAYOFF), path, form="outcomes")
        assert not Path(path).exists()
