"""The main job and every example script run and print their results."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from leverage.__main__ import main

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.py"))


def test_main_job_prints_equilibria_with_regrets(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "Equilibria at the calibrated values" in out
    assert "China: License 1.000; US: Comply 1.000" in out
    assert "regret" in out


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(path, capsys):
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.strip()
