"""The main job and every example script run and print their results."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from leverage.__main__ import main

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.py"))


def test_main_job_prints_every_table_and_writes_them(tmp_path, capsys, require_extra):
    # one run of the full main job (each takes seconds): what it prints, then what it writes
    import csv

    from leverage.scenarios.trajectories import TRAJECTORIES

    assert main(["--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for title in ("Equilibria of every game", "Bargaining between China and the EU and Japan",
                  "critical discount factors", "Calibrated coercion", "The three trajectories",
                  "Most influential parameters", "regime flip"):
        assert title in out, title
    # the equilibria table, wrapped to 100 columns: the game's name, its players and its equilibrium
    assert "| China / US       | License / Comply |" in out and "regret" in out
    assert max(len(line) for line in out.splitlines()) <= 100
    for name in TRAJECTORIES:
        assert name in out
    assert "with recycling" in out and "without recycling" in out
    # the findings come first: one per headline result, each with its robustness, flip and confidence
    assert out.index("Findings") < out.index("Equilibria of every game")
    findings = out[out.index("Findings"):out.index("confidence rule:")]
    assert findings.count("   robustness ") == 4 and findings.count("   nearest flip: ") == 4
    assert "China's best restriction is interior" in findings

    tables = {p.stem for p in tmp_path.glob("*.csv")}
    assert {"parameters", "equilibria", "bargaining", "linkage", "coercion", "trajectories", "influence",
            "trajectory_paths", "regime_flips", "findings"} == tables
    with open(tmp_path / "equilibria.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(float(r["regret"]) <= 1e-8 for r in rows)
    require_extra("matplotlib", extra="plot")  # the figures need the plot extra (a skip from here on without it)
    figures = sorted(tmp_path.glob("*.png"))
    assert len(figures) == 4
    for path in figures:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_main_job_help_explains_the_options(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "--output DIR" in out and "--scenario FILE" in out and "trajectories" in out


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(path, capsys):
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.strip()


SCENARIO_FILES = sorted((Path(__file__).parents[1] / "examples" / "scenarios").glob("*.toml"))


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.name for p in SCENARIO_FILES])
def test_trajectory_files_hold_the_trajectories(path, capsys):
    from leverage.io import load_scenario
    from leverage.scenarios.trajectories import TRAJECTORIES, default_parameters

    # (the main job runs packaged scenario files in tests/test_scenario_io.py)
    scenario = load_scenario(path, base=default_parameters())
    assert scenario.parameters.defaults == TRAJECTORIES[scenario.name].parameters().defaults


def test_main_job_reports_a_bad_scenario_file_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nname = "x"\ngames = ["tariff_war"]\n')
    assert main(["--scenario", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "scenario.games[0]" in err and "tariff_war" in err
    injected = tmp_path / "injected.toml"
    injected.write_text('[scenario]\nname = "x"\n[games.g]\nplayers = ["A", "B"]\nstrategies = [["a"], ["b"]]\n'
                        'payoffs.A = [["__import__(\'os\').system(\'touch pwned\')"]]\npayoffs.B = [["0"]]\n')
    assert main(["--scenario", str(injected)]) == 2
    assert "not allowed" in capsys.readouterr().err
    assert not (Path.cwd() / "pwned").exists()
