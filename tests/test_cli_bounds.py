"""Bounded file reads and a calm main job; arguments that used to be accepted silently.

Most checks call :func:`leverage.__main__.main` in this process. Two start
``python -m leverage`` itself, for what only a real process shows: the exit
status on ``/dev/zero``, and a closed pipe.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from leverage import Game
from leverage.__main__ import escape_controls, main
from leverage.coalitions import (
    MAX_LEAST_CORE_PLAYERS,
    MAX_NORMAL_FORM_PLAYERS,
    MAX_NUCLEOLUS_PLAYERS,
    MAX_SUPERADDITIVE_PLAYERS,
    CoalitionalGame,
)
from leverage.io import ScenarioError, load_scenario, read_nfg
from leverage.io.files import FileRefusedError, read_bytes_bounded, read_text_bounded
from leverage.io.nesting import toml_nesting_problem
from leverage.io.scenario import MAX_SCENARIO_BYTES, MAX_SCENARIO_DEPTH, MAX_SCENARIO_KEY_PARTS
from leverage.sensitivity.regimes import MAX_REGIME_CELLS, regime_map, threshold
from leverage.scenarios import export_restriction_game
from leverage.solvers.qre import MAX_QRE_PRECISION, qre

POSIX = os.name == "posix"
SMALL = '[scenario]\nname = "small"\ngames = ["export_restriction"]\n'


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("python -m leverage: error: ")
    return lines[0]


def nesting_problem(text: str) -> str | None:
    return toml_nesting_problem(text, MAX_SCENARIO_DEPTH, MAX_SCENARIO_KEY_PARTS)


def nested(depth: int) -> str:
    return "x = " + "[" * depth + "1" + "]" * depth + "\n"


# ---------------------------------------------------------------- bounded reads


@pytest.mark.skipif(not POSIX, reason="FIFOs and /dev/zero are POSIX")
def test_devices_fifos_and_directories_are_refused_before_they_are_opened(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer
    for path, kind in (("/dev/zero", "a character device"), (fifo, "a FIFO"), (tmp_path, "a directory")):
        with pytest.raises(FileRefusedError, match=f"reader\\(\\): .* is {kind}"):
            read_bytes_bounded(path, 10, "reader()")
        with pytest.raises(ScenarioError, match=f"the path is {kind}"):
            load_scenario(path)
    with pytest.raises(FileNotFoundError, match="neither an existing file"):
        read_nfg(str(fifo))


def test_reads_stop_at_the_limit(tmp_path):
    path = tmp_path / "ten.txt"
    path.write_bytes(b"0123456789")
    assert read_bytes_bounded(path, 10, "reader()") == b"0123456789"
    with pytest.raises(FileRefusedError, match=r"reader\(\): the file .*ten.txt' has more than 9 bytes"):
        read_bytes_bounded(path, 9, "reader()")
    with pytest.raises(ValueError, match="limit must be a positive integer"):
        read_bytes_bounded(path, 0, "reader()")
    path.write_bytes(b"caf\xe9")
    assert read_text_bounded(path, 10, "reader()", fallback="latin-1") == "caf\xe9"
    with pytest.raises(FileRefusedError, match=r"is not UTF-8 text \(byte 3\)"):
        read_text_bounded(path, 10, "reader()")
    big = tmp_path / "big.toml"
    big.write_text(SMALL + "#" * MAX_SCENARIO_BYTES)
    with pytest.raises(ScenarioError, match=r"big.toml: the file has more than 1000000 bytes \(MAX_SCENARIO_BYTES\)"):
        load_scenario(big)
    game = tmp_path / "game.nfg"
    game.write_text('NFG 1 R "" { "A" "B" } { 1 1 } 1 2')
    assert read_nfg(game).payoffs[1][0, 0] == 2.0
    with pytest.raises(ValueError, match=r"read_nfg\(\): the file .* has more than 20 bytes"):
        read_nfg(game, max_bytes=20)
    text = 'NFG 1 R "" { "A" "B" } { 1 1 } 1 2'
    with pytest.raises(ValueError, match=rf"read_nfg\(\): the text has {len(text)} characters, more than max_bytes = 20"):
        read_nfg(text, max_bytes=20)


def test_nesting_is_bounded_at_exactly_the_documented_depth(tmp_path):
    import tomllib

    assert nesting_problem(nested(MAX_SCENARIO_DEPTH)) is None
    assert tomllib.loads(nested(MAX_SCENARIO_DEPTH))  # the bound is within what the parser takes
    assert "nested more than 32 levels" in nesting_problem(nested(MAX_SCENARIO_DEPTH + 1))
    key = ".".join(["k"] * MAX_SCENARIO_KEY_PARTS)
    assert nesting_problem(key + " = 1") is None
    assert "more than 32 parts" in nesting_problem(key + ".k = 1")
    # brackets and dots in strings and comments do not count, nor do the decimals of numbers
    quiet = ('a = "' + "[" * 99 + '"\nb = \'' + "." * 99 + "'\nc = \"\"\"\n" + "{" * 99 + '\n"""\n# ' + "[" * 99
             + "\nd = [" + ", ".join(["1.5"] * 99) + "]\ne = '''" + "]" * 99 + "'''\n")
    assert nesting_problem(quiet) is None
    assert tomllib.loads(quiet)["d"][0] == 1.5
    for depth in (MAX_SCENARIO_DEPTH + 1, 200_000):
        path = tmp_path / "deep.toml"
        path.write_text(SMALL + nested(depth))
        with pytest.raises(ScenarioError, match=r"deep.toml: arrays and inline tables are nested more than 32 levels"):
            load_scenario(path)


# ---------------------------------------------------------------- the main job


def test_every_error_of_the_main_job_is_one_line_with_status_2(tmp_path, capsys, monkeypatch):
    deep = tmp_path / "deep.toml"
    deep.write_text(SMALL + nested(100_000))
    assert main(["--scenario", str(deep)]) == 2
    assert "nested more than 32 levels deep" in one_line_error(capsys.readouterr().err)
    dotted = tmp_path / "dotted.toml"
    dotted.write_text(SMALL + ".".join(["k"] * 300_000) + " = 1\n")
    assert main(["--scenario", str(dotted)]) == 2
    assert "more than 32 parts" in one_line_error(capsys.readouterr().err)
    with pytest.raises(SystemExit) as usage:
        main(["--no-such-option"])
    assert usage.value.code == 2
    assert "unrecognized arguments: --no-such-option (see --help)" in one_line_error(capsys.readouterr().err)

    # an unexpected failure deep inside: one line, or the traceback with --debug
    import leverage.scenarios.analysis as analysis

    def broken(*args, **kwargs):
        raise RuntimeError("solver\nexploded")

    monkeypatch.setattr(analysis, "flagship_analysis", broken)
    assert main([]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert line == "python -m leverage: error: RuntimeError: solver\\nexploded (--debug shows the traceback)"
    assert main(["--debug"]) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and err.strip().endswith("RuntimeError: solver\\nexploded")


def test_names_read_from_a_file_are_printed_with_control_characters_escaped(tmp_path, capsys):
    path = tmp_path / "names.toml"
    path.write_text(
        '[scenario]\nname = "x\\u001b[31mred"\ngames = ["export_restriction"]\n'
        '[games.g]\nplayers = ["A\\u001b[2J", "B"]\nstrategies = [["a\\u202e"], ["b\\u0007"]]\n'
        'payoffs."A\\u001b[2J" = [["1"]]\npayoffs.B = [["0"]]\n'
    )
    assert main(["--quick", "--scenario", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "scenario 'x\\x1b[31mred'" in out
    assert "A\\x1b[2J: a\\u202e 1.000; B: b\\x07 1.000" in out
    assert escape_controls("Türkiye\tline\u2028") == "Türkiye\\tline\\u2028"


@pytest.mark.skipif(not POSIX, reason="/dev/zero is POSIX")
def test_the_program_exits_2_at_once_on_dev_zero():
    done = subprocess.run([sys.executable, "-m", "leverage", "--scenario", "/dev/zero"], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert "/dev/zero: the path is a character device" in one_line_error(done.stderr)


@pytest.mark.skipif(not POSIX, reason="pipes are POSIX here")
def test_a_closed_pipe_ends_the_program_quietly(tmp_path):
    scenario = tmp_path / "small.toml"
    scenario.write_text(SMALL)
    child = subprocess.Popen([sys.executable, "-m", "leverage", "--quick", "--scenario", str(scenario)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # the reader goes away before the program writes, as `| head -1` soon does
    _, err = child.communicate(timeout=120)
    assert err == b""
    assert child.returncode == 1


# ---------------------------------------------------------------- arguments no longer accepted silently


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: threshold(export_restriction_game(), "diversification_premium", lambda g: True, xtol=-1e-12),
         ValueError, r"threshold\(\): xtol must be a relative tolerance in \(0, 1\); got -1e-12"),
        (lambda: threshold(export_restriction_game(), "diversification_premium", lambda g: True, xtol=5),
         ValueError, r"threshold\(\): xtol must be a relative tolerance in \(0, 1\); got 5"),
        (lambda: threshold(export_restriction_game(), "diversification_premium", lambda g: True, xtol="fine"),
         TypeError, r"threshold\(\): xtol must be a number"),
        (lambda: regime_map(export_restriction_game(), ("separation_share", [0.85, 0.9]),
                            ("separation_share", [0.85, 0.9])),
         ValueError, r"regime_map\(\): x and y must name two different parameters; both are 'separation_share'"),
        (lambda: regime_map(export_restriction_game(), ("diversification_premium", [1.3, 2.4]),
                            ("separation_share", [0.85, 0.9]), refine=10**9),
         ValueError, r"regime_map\(\): refine=1000000000 would make a grid of more than 4,000,000 cells"),
        (lambda: qre(Game.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [1, 0]]), 1e12),
         ValueError, r"qre\(\): lam = 1e\+12 times the payoff scale 3 is 3e\+12, above MAX_QRE_PRECISION"),
    ],
)
def test_arguments_that_were_accepted_silently_are_refused(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_the_bounds_are_where_the_documentation_puts_them():
    game = Game.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [1, 0]])
    assert qre(game, MAX_QRE_PRECISION / 3 * (1 - 1e-9)).converged  # payoff scale 3: just below the bound
    with pytest.raises(ValueError, match="MAX_QRE_PRECISION"):
        qre(game, MAX_QRE_PRECISION / 3 * (1 + 1e-9))
    model = export_restriction_game()
    # 9 rounds refine 5 x 2 values to 2049 x 513 cells, which fit; a tenth round does not
    refinable = (("diversification_premium", np.linspace(1.3, 2.4, 5)), ("separation_share", [0.85, 0.9]))
    assert 2049 * 513 <= MAX_REGIME_CELLS < 4097 * 1025
    with pytest.raises(ValueError, match="MAX_REGIME_CELLS"):
        regime_map(model, *refinable, refine=10)
    assert regime_map(model, ("diversification_premium", [1.3]), ("separation_share", [0.85]), refine=50).labels.shape == (1, 1)


@pytest.mark.parametrize(
    "bound, method",
    [(MAX_NUCLEOLUS_PLAYERS, "nucleolus"), (MAX_LEAST_CORE_PLAYERS, "least_core"), (MAX_LEAST_CORE_PLAYERS, "core"),
     (MAX_SUPERADDITIVE_PLAYERS, "is_superadditive")],
)
def test_exponential_coalition_computations_refuse_games_beyond_their_bound(bound, method):
    n = bound + 1
    sizes = np.array([bin(m).count("1") for m in range(1 << n)], dtype=float)
    game = CoalitionalGame([f"P{i}" for i in range(n)], sizes**2)
    with pytest.raises(ValueError, match=rf"CoalitionalGame.{method}\(\): the game has {n} players; at most {bound}"):
        getattr(game, method)()
    assert game.shapley_value().total == pytest.approx(n**2)  # polynomial work on the same table still runs


def test_a_normal_form_game_of_too_many_players_is_refused_before_any_programme():
    n = MAX_NORMAL_FORM_PLAYERS + 1
    game = Game([np.zeros((1,) * n) for _ in range(n)])
    with pytest.raises(ValueError, match=rf"from_normal_form\(\): the game has {n} players; at most 12"):
        CoalitionalGame.from_normal_form(game)


def test_the_main_job_bounds_a_game_with_thousands_of_equilibria_and_says_so(monkeypatch):
    # a 16 x 16 game of 0/1 payoffs has 2,402 extreme equilibria; the main job prints at most
    # MAX_EQUILIBRIA_SHOWN of them and a line saying more may exist (bound lowered here for speed)
    import leverage.scenarios.analysis as analysis
    from leverage.__main__ import format_equilibria

    monkeypatch.setattr(analysis.bounded_equilibria, "__defaults__", (25, analysis.TIME_LIMIT_PER_GAME))
    rng = np.random.default_rng(0)
    game = Game.from_bimatrix(rng.integers(0, 2, (16, 16)), rng.integers(0, 2, (16, 16)))
    lines = format_equilibria(game).splitlines()
    assert len(lines) == 26
    assert lines[-1] == (
        "  (more equilibria may exist: the list stopped at 25 (max_equilibria); "
        "leverage.equilibria(game) without max_equilibria and time_limit lists them all)"
    )
    # a game whose list is complete gets no such line
    assert "more equilibria" not in format_equilibria(Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]))
