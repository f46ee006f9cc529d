"""Progress bars: they count the work itself (draws, evaluations, cells, steps) and move inside one chunk.

A recording stand-in replaces ``tqdm.auto.tqdm``; the bars of leverage must end
at the amount of work done, having moved more than once even when the sweep is
one chunk. Without tqdm, asking for a bar warns once per process and the
computation goes on.
"""

from __future__ import annotations

import sys
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import leverage.progress
from leverage import Game, Parameter, ParameterSet
from leverage.progress import ProgressWarning, check_progress, progress_bar
from leverage.scenarios import export_restriction_game
from leverage.sensitivity import morris, regime_map, sobol, sweep
from leverage.solvers.qre import qre_path


class RecordingBar:
    """A stand-in for ``tqdm.auto.tqdm`` that records what the library asks of it."""

    made: list[RecordingBar] = []

    def __init__(self, total=None, initial=0, desc=None, unit="it", **kwargs):
        self.total, self.n, self.desc, self.unit = total, initial, desc, unit
        self.initial, self.updates, self.closed = initial, [], False
        RecordingBar.made.append(self)

    def update(self, n=1):
        self.n += n
        self.updates.append(n)

    def refresh(self):
        pass

    def close(self):
        self.closed = True


@pytest.fixture
def bars(monkeypatch, require_extra):
    auto = require_extra("tqdm.auto", "progress")
    RecordingBar.made = []
    monkeypatch.setattr(auto, "tqdm", RecordingBar)
    return RecordingBar.made


def _unit_params() -> ParameterSet:
    return ParameterSet(a=Parameter(0.5, 0.0, 1.0, "u", "test"), b=Parameter(0.5, 0.0, 1.0, "u", "test"))


def test_a_single_chunk_sweep_counts_draws_and_moves_inside_the_chunk(bars):
    res = sweep(export_restriction_game(), {"kind": "lhs", "n": 200}, rng=1, progress=True)
    assert res._recomputed == (0,)  # one chunk
    (bar,) = bars
    assert (bar.unit, bar.total, bar.n, bar.closed) == ("draw", 200, 200, True)
    assert len(bar.updates) > 1 and sum(bar.updates) == 200


def test_on_an_executor_the_bar_counts_draws_per_finished_chunk(bars):
    with ThreadPoolExecutor(2) as pool:
        sweep(export_restriction_game(), {"kind": "lhs", "n": 90}, rng=1, progress=True, executor=pool, chunksize=40)
    (bar,) = bars
    assert (bar.total, bar.n) == (90, 90)
    assert sorted(bar.updates) == [10, 40, 40]


def test_a_resumed_sweep_starts_its_bar_at_the_draws_already_done(bars, tmp_path):
    space = {"kind": "lhs", "n": 60}
    sweep(export_restriction_game(), space, rng=2, chunksize=20, checkpoint=tmp_path)
    (tmp_path / "chunk_00001.npz").unlink()
    sweep(export_restriction_game(), space, rng=2, chunksize=20, checkpoint=tmp_path, progress=True)
    (bar,) = bars
    assert (bar.initial, bar.n, bar.total) == (40, 60, 60)


def test_sobol_and_morris_count_their_evaluations(bars):
    ps = _unit_params()
    sobol(lambda a, b: a + 2 * b, ps, n=64, rng=1, n_resamples=0, progress=True)
    morris(lambda a, b: a * b, ps, trajectories=30, rng=1, progress=True)
    first, second = bars
    assert (first.unit, first.total, first.n) == ("evaluation", 64 * 4, 64 * 4) and len(first.updates) > 3
    assert (second.total, second.n) == (30 * 3, 30 * 3) and len(second.updates) > 1


def test_a_refined_regime_map_counts_the_cells_it_solves(bars):
    m = regime_map(export_restriction_game(), ("diversification_premium", np.linspace(1.25, 2.4, 4)),
                   ("separation_share", [0.85, 0.95]), refine=2, progress=True)
    (bar,) = bars
    assert bar.unit == "cell"
    assert bar.n == bar.total == int(m.solved.sum())
    assert int(m.solved.sum()) < m.solved.size  # refinement inferred some cells: they are not counted


def test_a_qre_path_counts_its_accepted_steps(bars):
    stag_hunt = Game.from_bimatrix([[5, 0], [4, 2]], [[5, 4], [0, 2]])
    path = qre_path(stag_hunt, progress=True)
    (bar,) = bars
    assert bar.n == len(path.lam) - 1 > 1
    assert path.limit is not None and path.limit.support == ((1,), (1,))


def test_without_tqdm_one_warning_per_process_and_the_work_goes_on(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    monkeypatch.setattr(leverage.progress, "_warned", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = sweep(export_restriction_game(), {"kind": "oat", "num": 2}, progress=True)
        second = sobol(lambda a, b: a - b, _unit_params(), n=8, rng=0, n_resamples=0, progress=True)
    progress_warnings = [w for w in caught if issubclass(w.category, ProgressWarning)]
    assert len(progress_warnings) == 1
    assert "pip install 'leverage[progress]'" in str(progress_warnings[0].message)
    assert progress_warnings[0].filename == __file__  # it points at the caller's line
    assert len(first) == 6 and np.allclose(second.first_order, [0.5, 0.5], atol=0.5)


def test_a_disabled_bar_still_counts_and_imports_nothing(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with progress_bar(5, "x", enabled=False) as bar:
        bar.update(2)
        bar.update(0)
        bar.extend(3)
        bar.advance_to(100)
    assert (bar.n, bar.total, bar.updates) == (8, 8, 2)


@pytest.mark.parametrize("call", [
    lambda: sweep(export_restriction_game(), {"kind": "oat", "num": 2}, progress="yes"),
    lambda: sobol(lambda a, b: a, _unit_params(), n=8, progress=1),
    lambda: morris(lambda a, b: a, _unit_params(), progress="no"),
    lambda: regime_map(export_restriction_game(), ("diversification_premium", [1.3]), ("separation_share", [0.9]),
                       progress=[]),
    lambda: qre_path(Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]), progress="on"),
])
def test_progress_must_be_a_bool(call):
    with pytest.raises(TypeError, match=r"\w+\(\): progress must be True, False or None"):
        call()


def test_check_progress_accepts_numpy_bools():
    assert check_progress(np.bool_(True), "f()") is True
