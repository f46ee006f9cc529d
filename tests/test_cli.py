"""The command line: options, subcommands, output formats, exit codes and a closed pipe.

The analysis itself runs once for the module (a small scenario, ``--quick``,
``-v``, ``--output``), in this process, with the analysis it computed kept;
the other checks of the main job stand a recorded or hand-made analysis in
for :func:`flagship_analysis`. Two checks start the program itself, for what
only a real process shows: a reader that goes away.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest

import leverage.__main__ as main_module
import leverage.scenarios.analysis as analysis_module
from leverage.__main__ import main, run
from leverage.cli import build_parser, csv_tables, list_rows, prog_name
from leverage.scenarios.tables import table_file_name
from leverage.version import __version__

SCENARIO = ('[scenario]\nname = "small"\ngames = ["export_restriction", "coercion", "recycling"]\n'
            "[parameters.discount]\nvalue = 0.5\n")


def one_line_error(err: str, prog: str = "python -m leverage") -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith(f"{prog}: error: "), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def run_once(tmp_path_factory):
    """One real run of the main job on a scenario: its output, its log and bars, its files, and its analysis."""
    folder = tmp_path_factory.mktemp("cli")
    scenario = folder / "small.toml"
    scenario.write_text(SCENARIO)
    kept = []
    real = analysis_module.flagship_analysis

    def keep(*args, **kwargs):
        kept.append(real(*args, **kwargs))
        return kept[-1]

    out, err = io.StringIO(), io.StringIO()
    analysis_module.flagship_analysis = keep
    drawn = main_module.write_figures
    main_module.write_figures = lambda parameters, directory, **kw: []  # the figures: tests/test_examples.py
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["--quick", "-v", "--scenario", str(scenario), "--output", str(folder / "out")])
    finally:
        analysis_module.flagship_analysis = real
        main_module.write_figures = drawn
    assert status == 0, err.getvalue()
    return {"out": out.getvalue(), "err": err.getvalue(), "dir": folder / "out", "analysis": kept[0]}


@pytest.fixture
def stand_in(run_once, monkeypatch):
    """The recorded analysis stands in for flagship_analysis (no recomputation)."""
    monkeypatch.setattr(analysis_module, "flagship_analysis", lambda *args, **kwargs: run_once["analysis"])
    return run_once["analysis"]


def read_csv_file(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def same_cell(text: str, value) -> bool:
    """A CSV cell gives back its table value exactly."""
    if value is None:
        return text == ""
    if isinstance(value, (bool, np.bool_)):
        return text == str(bool(value))
    if isinstance(value, (int, np.integer)):
        return int(text) == value
    if isinstance(value, (float, np.floating)):
        number = float(text)
        return number == value or (math.isnan(number) and math.isnan(value))
    return text == str(value)


# ---------------------------------------------------------------- the main job, run once


def test_the_text_output_of_a_scenario_is_at_most_100_columns(run_once):
    out = run_once["out"]
    assert max(len(line) for line in out.splitlines()) <= 100
    assert out.startswith("The rare-earth games on the scenario 'small'")  # then its path, wrapped as it fits
    assert out.index("Findings") < out.index("Equilibria of every game") < out.index("wrote ")
    assert "illustrative: yes" in out or "| yes" in out  # illustrative parameters are marked


def test_verbose_logs_every_stage_with_its_time_and_shows_progress_bars(run_once, require_extra):
    err = run_once["err"]
    for stage in ("equilibria", "bargaining", "trajectories", "influence (Morris screening)", "regime flips",
                  "findings"):
        assert f"leverage: {stage}: done in " in err, stage
    assert "leverage: the analysis took " in err and "leverage: writing the tables to " in err
    assert "linkage: done" not in err  # the scenario does not name the London talks
    require_extra("tqdm", "progress")
    assert "findings: 100%" in err and "equilibria: 100%" in err


def test_the_csv_files_give_back_every_number_of_the_analysis_exactly(run_once):
    analysis = run_once["analysis"]
    names = {p.name for p in run_once["dir"].glob("*.csv")}
    assert names == {f"{table_file_name(n)}.csv" for n in analysis.export_tables()}
    assert all(" " not in name for name in names) and "regime_flips.csv" in names
    for name, rows in analysis.export_tables().items():
        read = read_csv_file(run_once["dir"] / f"{table_file_name(name)}.csv")
        assert len(read) == len(rows), name
        for row, back in zip(rows, read):
            assert list(back) == list(row), name
            for key, value in row.items():
                assert same_cell(back[key], value), (name, key, value, back[key])


def test_payoffs_are_numbers_one_column_per_player(run_once, require_extra):
    from leverage.scenarios.trajectories import coercion_model

    analysis = run_once["analysis"]
    rows = analysis.tables["equilibria"]
    (export,) = [r for r in rows if r["game"] == "export restriction"]
    (coercion,) = [r for r in rows if r["game"].startswith("coercion")]
    solved = coercion_model(analysis.parameters).solve()
    assert (coercion["payoff Coercer"], coercion["payoff Target"]) == (solved.optimum, solved.target_value)
    assert coercion["payoff China"] is None and export["payoff Coercer"] is None
    assert export["unit"] == "US$ bn per year" and coercion["unit"] == "US$ bn (present value)"
    # the export game's payoffs are those of its equilibrium, and it is one
    from leverage.scenarios.registry import GAMES

    game = GAMES["export_restriction"](analysis.parameters).game()
    assert export["regret"] <= 1e-8 * max(np.ptp(p) for p in game.payoffs)
    back = read_csv_file(run_once["dir"] / "equilibria.csv")
    assert [float(r["payoff Target"]) for r in back if r["payoff Target"]] == [solved.target_value]
    pd = require_extra("pandas", "tables")
    frame = analysis.to_pandas()["equilibria"]
    assert frame["payoff Coercer"].dtype == np.float64 and pd.isna(frame["payoff Coercer"]).sum() == len(rows) - 1


# ---------------------------------------------------------------- formats and loudness (the recorded analysis)


def test_format_csv_writes_every_table_after_a_name_line(stand_in, capsys):
    assert main(["--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    blocks = captured.out.rstrip("\n").split("\n\n")
    tables = stand_in.export_tables()
    assert [b.splitlines()[0] for b in blocks] == [f"# table: {table_file_name(n)}" for n in tables]
    for block, (name, rows) in zip(blocks, tables.items()):
        read = list(csv.DictReader(io.StringIO(block.split("\n", 1)[1])))
        assert len(read) == len(rows)
        for row, back in zip(rows, read):
            assert all(same_cell(back[k], v) for k, v in row.items()), name
    assert captured.out == csv_tables(tables)


def test_format_json_and_quiet_and_paths(stand_in, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(main_module, "write_figures", lambda parameters, directory, **kw: [])
    assert main(["--format", "json", "-q"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tables"]["coercion"][0]["optimum PV (US$ bn)"] == stand_in.tables["coercion"][0][
        "optimum PV (US$ bn)"]
    assert main(["-q"]) == 0  # only the findings
    out = capsys.readouterr().out
    assert out.startswith("Findings") and "Equilibria of every game" not in out
    assert out.count("   robustness ") == len(stand_in.findings)
    assert main(["-q", "--output", str(tmp_path / "t")]) == 0  # only the paths written
    printed = capsys.readouterr().out.split()
    assert str(tmp_path / "t" / "equilibria.csv") in printed and all(
        os.path.exists(p) for p in printed) and "Findings" not in printed


def test_the_interrupted_job_exits_130(monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(analysis_module, "flagship_analysis", interrupted)
    assert main([]) == 130
    assert capsys.readouterr().err == "python -m leverage: interrupted\n"


# ---------------------------------------------------------------- report


def test_report_writes_through_write_report_and_prints_the_path(stand_in, monkeypatch, capsys, tmp_path):
    import leverage.report

    calls = []

    def write_report(path, analysis, parameters, *, title, custom=None, quick=False):
        calls.append((path, analysis, parameters, title, custom, quick))
        path.write_text("<html></html>")
        return path

    monkeypatch.setattr(leverage.report, "write_report", write_report, raising=False)
    target = tmp_path / "report.html"
    assert run(["report", "--output", str(target), "--quick", "--set", "discount=0.6"]) == 0
    assert capsys.readouterr().out == f"{target}\n" and target.read_text() == "<html></html>"
    (path, analysis, parameters, title, custom, quick) = calls[0]
    assert analysis is stand_in and parameters["discount"].value == 0.6 and quick is True
    assert title == "default calibration, with discount=0.6" and custom is None


# ---------------------------------------------------------------- errors before any work


@pytest.mark.parametrize(("argv", "message"), [
    (["--output", "{file}"], "--output: '{file}' is an existing file, not a directory"),
    (["--output", "{missing}/out"], "--output: the directory '{missing}' does not exist (it is not created)"),
    (["report", "--output", "{dir}"], "--output: '{dir}' is a directory; give the path of a file"),
    (["report", "--output", "{missing}/r.html"], "--output: the directory '{missing}' does not exist"),
])
def test_output_paths_that_cannot_be_written_are_refused_at_once(argv, message, tmp_path, monkeypatch, capsys):
    def never(*args, **kwargs):
        raise AssertionError("the analysis ran")

    monkeypatch.setattr(analysis_module, "flagship_analysis", never)
    taken = tmp_path / "taken.txt"
    taken.write_text("x")
    paths = {"file": str(taken), "missing": str(tmp_path / "missing"), "dir": str(tmp_path)}
    assert run([a.format(**paths) for a in argv]) == 2
    assert message.format(**paths) in one_line_error(capsys.readouterr().err)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_parent_is_refused(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert run(["--output", str(locked / "out")]) == 2
    assert "is not writable" in one_line_error(capsys.readouterr().err)


def test_usage_errors_are_one_line_and_name_the_console_script(monkeypatch, capsys):
    assert run(["report"]) == 2
    assert "the following arguments are required: --output" in one_line_error(capsys.readouterr().err)
    assert run(["-q", "-v"]) == 2
    assert "not allowed with argument" in one_line_error(capsys.readouterr().err)
    assert run(["list", "weather"]) == 2
    assert "invalid choice: 'weather'" in one_line_error(capsys.readouterr().err)
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/leverage"])
    assert prog_name() == "leverage" and prog_name("/x/leverage/__main__.py") == "python -m leverage"
    assert run(["--format", "xml"]) == 2
    assert "invalid choice: 'xml'" in one_line_error(capsys.readouterr().err, prog="leverage")
    assert run(["--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: leverage ")


def test_version(capsys):
    assert run(["--version"]) == 0
    assert capsys.readouterr().out == f"leverage {__version__}\n"


def test_help_is_at_most_100_columns_wide_and_documents_the_csv_layout(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "250")
    for argv in (["--help"], ["list", "--help"], ["report", "--help"]):
        assert run(argv) == 0
        out = capsys.readouterr().out
        assert max(len(line) for line in out.splitlines()) <= 100, argv
    assert run(["--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "'# table: <name>'" in text and "--version" in text and "--quiet" in text and "{list,report}" in text


# ---------------------------------------------------------------- list


def test_list_games_parameters_and_trajectories_in_every_format(capsys):
    from leverage.scenarios.registry import GAMES
    from leverage.scenarios.trajectories import TRAJECTORIES, default_parameters

    assert run(["list", "games", "--format", "json"]) == 0
    games = json.loads(capsys.readouterr().out)
    assert [g["game"] for g in games] == list(GAMES) and all(g["description"].endswith(".") for g in games)
    assert all(":class:" not in g["description"] for g in games)
    assert run(["list", "parameters", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# table: parameters\n")
    rows = list(csv.DictReader(io.StringIO(out.split("\n", 1)[1])))
    ps = default_parameters()
    assert [r["parameter"] for r in rows] == list(ps.names)
    for r in rows:
        p = ps[r["parameter"]]
        assert (float(r["value"]), float(r["low"]), float(r["high"])) == (p.value, p.low, p.high)
        assert r["illustrative"] == ("yes" if p.illustrative else "no") and r["source"] == p.source
    assert {r["illustrative"] for r in rows} == {"yes", "no"}
    assert run(["list", "trajectories"]) == 0
    text = capsys.readouterr().out
    assert max(len(line) for line in text.splitlines()) <= 100
    for name in TRAJECTORIES:
        assert name.replace(" ", "_") in text
    assert run(["list", "parameters"]) == 0
    text = capsys.readouterr().out
    assert max(len(line) for line in text.splitlines()) <= 100 and "coercion_reliability_loss" in text
    trajectories = list_rows("trajectories")
    assert trajectories[0]["sets"] == "license_level=0.5, discount=0.6"
    for row, t in zip(trajectories, TRAJECTORIES.values()):
        assert all(f"{k}=" in row["sets"] for k in [*t.values, *t.race, *t.believed])


def test_build_parser_keeps_the_main_job_without_a_subcommand():
    args = build_parser("leverage").parse_args(["--quick", "--set", "discount=0.5", "--format", "csv"])
    assert args.command is None and args.assignments == [("discount", 0.5)] and args.format == "csv"
    # an option given before a subcommand is kept, not reset by the subcommand's default
    args = build_parser("leverage").parse_args(["--scenario", "x.toml", "--quick", "report", "--output", "r.html"])
    assert (args.command, args.scenario, args.quick, args.verbose) == ("report", "x.toml", True, False)
    assert build_parser("leverage").parse_args(["--format", "json", "list", "games"]).format == "json"
    assert build_parser("leverage").parse_args(["list", "games"]).format == "text"


# ---------------------------------------------------------------- a closed pipe (real processes)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="F_SETPIPE_SZ is Linux")
def test_a_reader_that_goes_away_after_one_line_leaves_no_traceback():
    # as `leverage list parameters | head -1`: the same run() guards --format json and csv and the main job
    import fcntl

    read_end, write_end = os.pipe()
    # a one-page pipe, so that the program is still writing (its output is longer) when the reader leaves
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    child = subprocess.Popen([sys.executable, "-m", "leverage", "list", "parameters"], stdout=write_end,
                             stderr=subprocess.PIPE)
    os.close(write_end)
    first = b""
    while not first.endswith(b"\n"):  # one line, byte by byte: nothing more is taken from the pipe
        first += os.read(read_end, 1)
    os.close(read_end)
    _, err = child.communicate(timeout=120)
    assert first.startswith(b"The parameters of the default calibration")
    assert err == b""  # no traceback, no "Exception ignored"
    assert child.returncode == 1  # the pipe did break: the program saw it and stopped quietly


def test_report_for_real(stand_in, capsys, tmp_path, require_extra):
    require_extra("matplotlib", "plot")
    target = tmp_path / "report.html"
    assert run(["report", "--quick", "--output", str(target)]) == 0
    assert capsys.readouterr().out == f"{target}\n"
    html = target.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "default calibration" in html
    assert "China&#x27;s best restriction" in html or "China's best restriction" in html
