"""Tables of the sensitivity results: pandas frames, Parquet files, xarray datasets and notebook views.

Every export must hand back the very values of the result (round trips are
exact), make the text columns with few values categoricals, escape what it
shows in HTML, and say which extra to install when pandas, pyarrow or xarray
is missing.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from leverage import Parameter, ParameterSet, ParametricGame
from leverage.scenarios import export_restriction_game
from leverage.sensitivity import (
    SWEEP_STATUSES,
    RegimeMap,
    SweepResult,
    TornadoBars,
    comparative_statics,
    morris,
    regime_map,
    sobol,
    sweep,
    tornado,
)


def _fails_above(a, b):
    if np.any(np.asarray(a) > 0.8):
        raise ZeroDivisionError("division by zero")
    return [[a, 0.0], [0.0, b]], [[b, 0.0], [0.0, a]]


@pytest.fixture(scope="module")
def table() -> SweepResult:
    ps = ParameterSet(a=Parameter(0.5, 0.0, 1.0, "u", "test"), b=Parameter(0.5, 0.0, 1.0, "u", "test"))
    model = ParametricGame(ps, _fails_above, players=("R", "C"), strategies=(("U", "D"), ("L", "R")))
    with pytest.warns(UserWarning, match="draws failed"):
        return sweep(model, {"kind": "lhs", "n": 40}, rng=3)


@pytest.fixture(scope="module")
def rmap() -> RegimeMap:
    return regime_map(export_restriction_game(), ("diversification_premium", [1.3, 1.7, 2.0, 2.4]),
                      ("separation_share", [0.85, 0.9, 0.95]))


# ----------------------------------------------------------------------------- sweeps


def test_sweep_frame_round_trips_with_categoricals_and_errors(table, require_extra):
    pd = require_extra("pandas", "tables")
    frame = table.to_pandas()
    assert list(frame.columns) == list(table.names) and "error" in frame.columns
    for name in table.names:
        if table.column(name).dtype.kind in "fiu":
            assert frame[name].dtype == table.column(name).dtype, name
            assert np.array_equal(frame[name].to_numpy(), table.column(name), equal_nan=True), name
        else:
            assert frame[name].astype(str).tolist() == table.column(name).tolist(), name
    assert isinstance(frame["status"].dtype, pd.CategoricalDtype)
    assert list(frame["status"].cat.categories) == list(SWEEP_STATUSES)
    assert isinstance(frame["regime"].dtype, pd.CategoricalDtype)
    failed = frame.query("status == 'error'")
    assert len(failed) == int((table.column("a") > 0.8).sum()) > 0
    assert set(failed["error"]) == {"ZeroDivisionError: division by zero"}


def test_sweep_parquet_reads_back_equal(table, tmp_path, require_extra):
    pd = require_extra("pandas", "tables")
    require_extra("pyarrow", "tables")
    path = table.to_parquet(tmp_path / "sweep.parquet")
    back = pd.read_parquet(path)
    pd.testing.assert_frame_equal(back, table.to_pandas(), check_categorical=True)
    with pytest.raises(TypeError, match=r"SweepResult.to_parquet\(\): path must be a file path; got int"):
        table.to_parquet(3)


def test_missing_extras_name_the_tables_extra(table, rmap, monkeypatch, require_extra):
    require_extra("pandas", "tables")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"to_parquet\(\): needs pyarrow: pip install 'leverage\[tables\]'"):
        table.to_parquet("never-written.parquet")
    monkeypatch.setitem(sys.modules, "xarray", None)
    with pytest.raises(ImportError, match=r"RegimeMap.to_xarray\(\): needs xarray: pip install 'leverage\[tables\]'"):
        rmap.to_xarray()
    monkeypatch.setitem(sys.modules, "pandas", None)
    for call, name in ((table.to_pandas, "SweepResult"), (rmap.to_pandas, "RegimeMap")):
        with pytest.raises(ImportError, match=rf"{name}.to_pandas\(\): needs pandas: pip install 'leverage\[tables\]'"):
            call()


def test_sweep_html_shows_status_counts_and_the_head_escaped():
    n = 25
    res = SweepResult({
        "a": np.arange(n, dtype=float),
        "regime": np.array(["<b>A</b>"] * n),
        "status": np.array(["ok"] * 20 + ["error"] * 5),
        "error": np.array([""] * 20 + ["ValueError: x < 0"] * 5),
    })
    html = res._repr_html_()
    assert "&lt;b&gt;A&lt;/b&gt;" in html and "<b>A</b>" not in html
    assert "<td>ok</td><td>20</td><td>80.0%</td>" in html and "<td>error</td><td>5</td><td>20.0%</td>" in html
    assert "first 10 of 25" in html
    assert html.count("<td>&lt;b&gt;A&lt;/b&gt;</td>") == 10  # ten rows of the table, no more


# ----------------------------------------------------------------------------- regime maps


def test_regime_map_long_frame_matches_the_grid(rmap, require_extra):
    pd = require_extra("pandas", "tables")
    frame = rmap.to_pandas()
    assert list(frame.columns) == ["diversification_premium", "separation_share", "regime", "solved"]
    assert len(frame) == rmap.labels.size
    assert isinstance(frame["regime"].dtype, pd.CategoricalDtype)
    assert set(frame["regime"].cat.categories) == set(rmap.regimes)
    for row in frame.itertuples(index=False):
        i, j = list(rmap.y).index(row.separation_share), list(rmap.x).index(row.diversification_premium)
        assert row.regime == rmap.labels[i, j]


def test_regime_map_dataset_has_named_coordinates_with_units(rmap, require_extra):
    require_extra("xarray", "tables")
    ds = rmap.to_xarray()
    assert ds["regime"].dims == ("separation_share", "diversification_premium")
    assert np.array_equal(ds["diversification_premium"].values, rmap.x)
    assert ds["diversification_premium"].attrs["units"] == rmap.units[0] == "ratio"
    assert ds["separation_share"].attrs["units"] == "share"
    assert ds["regime"].sel(diversification_premium=2.4, separation_share=0.85).item() == rmap.labels[0, 3]
    assert np.array_equal(ds["solved"].values, rmap.solved)


def test_regime_map_repr_is_short_whatever_the_grid():
    rng = np.random.default_rng(0)
    labels = np.array([f"regime number {k} with a long descriptive name" for k in range(60)], dtype=object)
    big = RegimeMap("china_price", "concession_multiplier", np.linspace(82.5, 110, 500), np.linspace(0.5, 2, 400),
                    rng.choice(labels, size=(400, 500)), np.ones((400, 500), dtype=bool),
                    units=("USD/kg", "ratio"), illustrative=(False, True))
    text = repr(big)
    assert len(text) <= 300
    assert text.startswith("RegimeMap(x=china_price [82.5..110 USD/kg] × y=concession_multiplier [0.5..2 ratio, "
                           "illustrative], 500×400 points, regimes: ")
    assert "more" in text and text.endswith(")")


def test_regime_map_repr_gives_the_shares(rmap):
    shares = {k: np.mean(rmap.labels == k) for k in rmap.regimes}
    text = repr(rmap)
    for regime, share in shares.items():
        assert f"{regime} {100 * share:.0f}%" in text
    assert "4×3 points" in text


def test_regime_map_html_escapes_labels_and_lists_axes():
    m = RegimeMap("a<x>", "b", np.array([1.0, 2.0]), np.array([0.5]), np.array([["<i>one</i>", "two & three"]],
                  dtype=object), np.ones((1, 2), dtype=bool), units=("bn USD", "share"))
    html = m._repr_html_()
    assert "&lt;i&gt;one&lt;/i&gt;" in html and "two &amp; three" in html and "<i>one</i>" not in html
    assert "a&lt;x&gt;" in html and "<td>bn USD</td>" in html
    assert "<td>50.0%</td>" in html


# ----------------------------------------------------------------------------- indices, tornado, statics


def _unit_square() -> ParameterSet:
    return ParameterSet(a=Parameter(0.5, 0.0, 1.0, "1", "test"), b=Parameter(0.5, 0.0, 1.0, "1", "test"))


def test_sobol_and_morris_frames_hold_the_values_and_intervals(require_extra):
    require_extra("pandas", "tables")
    res = sobol(lambda a, b: a + 2 * b, _unit_square(), n=64, rng=1, n_resamples=50)
    frame = res.to_pandas()
    assert frame.index.name == "parameter" and list(frame.index) == ["a", "b"]
    assert np.array_equal(frame["first_order"].to_numpy(), res.first_order)
    assert np.array_equal(frame[["total_order_ci_low", "total_order_ci_high"]].to_numpy(), res.total_order_ci)
    bare = sobol(lambda a, b: a + 2 * b, _unit_square(), n=64, rng=1, n_resamples=0).to_pandas()
    assert list(bare.columns) == ["first_order", "total_order"]
    effects = morris(lambda a, b: a * b, _unit_square(), trajectories=6, rng=1, n_resamples=30)
    frame = effects.to_pandas()
    assert list(frame.columns) == ["mu", "mu_star", "sigma", "mu_star_ci_low", "mu_star_ci_high"]
    assert np.array_equal(frame["mu_star_ci_high"].to_numpy(), effects.mu_star_ci[:, 1])


def test_tornado_bars_stay_a_list_and_tabulate(require_extra):
    require_extra("pandas", "tables")
    bars = tornado(export_restriction_game(), "payoff_US")
    assert isinstance(bars, TornadoBars) and isinstance(bars, list) and len(bars) == 3
    frame = bars.to_pandas()
    assert list(frame.index) == [b.parameter for b in bars]
    assert frame["swing"].tolist() == [b.swing for b in bars]
    assert frame["crosses_regime"].tolist() == [b.crosses_regime for b in bars]
    assert "<table>" in bars._repr_html_()


def test_comparative_statics_frame_is_its_table(require_extra):
    require_extra("pandas", "tables")
    cs = comparative_statics(export_restriction_game())
    frame = cs.to_pandas()
    assert list(frame.index) == list(cs.rows) and list(frame.columns) == list(cs.parameters)
    assert np.array_equal(frame.to_numpy(), cs.table())


def test_tornado_bars_take_only_bars():
    bars = tornado(export_restriction_game(), "payoff_US")
    assert TornadoBars(reversed(bars)) == list(reversed(bars))
    with pytest.raises(TypeError, match=r"TornadoBars\(\): every bar must be a TornadoBar; got a str"):
        TornadoBars(["diversification_premium"])
    with pytest.raises(TypeError, match=r"TornadoBars\(\): bars must be an iterable of TornadoBar; got int"):
        TornadoBars(3)
