"""The main job and every example script run and print their results."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from leverage.__main__ import main

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.py"))


def test_main_job_prints_every_table(capsys):
    from leverage.scenarios.trajectories import TRAJECTORIES

    assert main([]) == 0
    out = capsys.readouterr().out
    for title in ("Equilibria of every game", "Bargaining between China and the EU and Japan",
                  "critical discount factors", "Calibrated coercion", "The three trajectories",
                  "Most influential parameters", "regime flip"):
        assert title in out, title
    assert "export restriction              | China / US                        | License / Comply" in out
    assert "regret" in out
    for name in TRAJECTORIES:
        assert name in out
    assert "with recycling" in out and "without recycling" in out


def test_main_job_writes_tables_and_figures(tmp_path, capsys, require_extra):
    import csv

    require_extra("matplotlib", extra="plot")
    assert main(["--output", str(tmp_path), "--quick"]) == 0
    tables = {p.stem for p in tmp_path.glob("*.csv")}
    assert {"parameters", "equilibria", "bargaining", "linkage", "coercion", "trajectories", "influence"} <= tables
    with open(tmp_path / "equilibria.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(float(r["regret"]) <= 1e-8 for r in rows)
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
