"""The analysis' tables as machine-readable data: CSV, pandas, Parquet, HTML, and the text display.

Hand-made tables hold the awkward values: floats that print shorter than
they are, infinity, missing cells and markup. The real analysis, read back
from the main job's CSV files, is tested in tests/test_cli.py (one run).
"""

from __future__ import annotations

import csv
import sys

import numpy as np
import pytest

from leverage.__main__ import format_findings
from leverage.scenarios.analysis import Analysis, flagship_analysis, headline_findings
from leverage.scenarios.tables import format_table, table_file_name, write_csv

AWKWARD = {"odd numbers": [
    {"name": "third", "value": 1 / 3, "count": 3, "regime": "low", "note": None, "holds": True},
    {"name": "sum", "value": 0.1 + 0.2, "count": 4, "regime": "high", "note": "a <b> & c", "holds": False},
    {"name": "never", "value": float("inf"), "count": 5, "regime": "low", "note": "x", "holds": True},
]}


def read_csv_dir(directory):
    out = {}
    for path in sorted(directory.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            out[path.stem] = list(csv.DictReader(fh))
    return out


def test_parquet_gives_back_the_frames_of_to_pandas(tmp_path, require_extra):
    pd = require_extra("pandas", "tables")
    require_extra("pyarrow", "tables")
    a = Analysis({**AWKWARD, "regime flips": [{"parameter": "p", "calibrated": 0.1 + 0.2, "regime": "A/B",
                                               "flips below at": None, "flips above at": 2 / 3}]})
    frames = a.to_pandas()
    assert frames["regime flips"]["flips below at"].isna().all() and frames["regime flips"]["regime"].dtype.name \
        == "category"
    paths = a.to_parquet(tmp_path)
    assert [p.name for p in paths] == ["odd_numbers.parquet", "regime_flips.parquet"]
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{table_file_name(name)}.parquet"), frame,
                                      check_exact=True)


def test_awkward_values_survive_csv_and_pandas(tmp_path, require_extra):
    a = Analysis(AWKWARD)
    (path,) = a.to_csv(tmp_path)
    assert path.name == "odd_numbers.csv"
    text = path.read_text()
    assert "0.30000000000000004" in text and "0.3333333333333333" in text and ",inf," in text
    rows = read_csv_dir(tmp_path)["odd_numbers"]
    assert [float(r["value"]) for r in rows] == [1 / 3, 0.1 + 0.2, float("inf")]
    assert rows[0]["note"] == "" and rows[1]["holds"] == "False"
    pd = require_extra("pandas", "tables")
    frame = a.to_pandas()["odd numbers"]
    assert frame["value"].tolist() == [1 / 3, 0.1 + 0.2, float("inf")]
    assert frame["count"].tolist() == [3, 4, 5] and list(frame["regime"].cat.categories) == ["low", "high"]
    assert pd.isna(frame["note"][0])


def test_html_view_escapes_text_and_lists_findings_first():
    from leverage.scenarios.findings import Finding

    finding = Finding("x", "China <wins> & the US loses.", "w", 0.5, 0.01, None, None, "low")
    html = Analysis(AWKWARD, findings=(finding,), remarks={"odd numbers": ("one <i>remark</i>",)})._repr_html_()
    assert "China &lt;wins&gt; &amp; the US loses." in html and "<wins>" not in html
    assert "a &lt;b&gt; &amp; c" in html and "one &lt;i&gt;remark&lt;/i&gt;" in html
    assert html.index("Findings") < html.index("<caption>odd numbers</caption>")


def test_format_table_fits_the_width_and_rounds_only_for_display():
    rows = [{"trajectory": "overshoot into confrontation", "value": 1 / 3,
             "story": "China overrates what restriction extracts and underrates the backlash " * 2}] * 3
    for width in (40, 60, 100):
        text = format_table(rows, width=width)
        assert max(map(len, text.splitlines())) <= width
        assert "0.3333" in text and "0.33333" not in text
        assert "overshoot into confrontation" in text.replace("\n", " ") or "overshoot into" in text
    assert rows[0]["value"] == 1 / 3  # the table keeps the number
    wide = [{"key": f"row{r}", **{f"c{k}": 1000 * k + 1 / 7 for k in range(12)}} for r in range(6)]
    split = format_table(wide, "{:.10g}", width=50)
    blocks = split.split("\n\n")
    assert max(map(len, split.splitlines())) <= 50 and len(blocks) >= 3
    assert all(b.startswith("key ") and b.count("row5") == 1 for b in blocks)  # each part led by the first column
    assert sum(b.splitlines()[0].count("| c") for b in blocks) == 12  # every column once
    assert len(format_table(wide, "{:.10g}").splitlines()[0]) > 100  # without a width: one line per row
    few = format_table(wide[:3], "{:.10g}", width=50)  # few rows: records
    assert "c11: 11000.14286" in few and max(map(len, few.splitlines())) <= 50


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: format_table([{"a": 1}], width=5), ValueError, r"format_table\(\): width must be at least 20"),
    (lambda: format_table([{"a": 1}], width="wide"), TypeError, r"format_table\(\): width must be an integer"),
    (lambda: format_table([{"a": 1}], missing=0), TypeError, r"format_table\(\): missing must be a string"),
    (lambda: write_csv("rows"), TypeError, r"write_csv\(\): rows must be a sequence of mappings"),
    (lambda: table_file_name("--"), ValueError, r"table_file_name\(\): the name '--' has no letter"),
    (lambda: Analysis({}).to_csv(3), TypeError, r"Analysis.to_csv\(\): directory must be a path"),
    (lambda: flagship_analysis(rng="x"), TypeError, r"flagship_analysis\(\): rng must be a numpy"),
    (lambda: flagship_analysis(rng=1, seed=1), TypeError, r"flagship_analysis\(\): give rng or its alias seed"),
    (lambda: flagship_analysis(progress="yes"), TypeError, r"flagship_analysis\(\): progress must be"),
    (lambda: headline_findings(rng=-1), ValueError, r"headline_findings\(\): rng must be at least 0"),
    (lambda: format_findings([], width=5), ValueError, r"format_findings\(\): width must be at least 20"),
    (lambda: format_findings([], width="wide"), TypeError, r"format_findings\(\): width must be an integer"),
])
def test_bad_input_is_refused_with_the_function_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_to_csv_refuses_a_file_for_a_directory(tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    with pytest.raises(FileExistsError, match=r"Analysis.to_csv\(\): .*taken' exists and is not a directory"):
        Analysis(AWKWARD).to_csv(target)


def test_rng_and_its_alias_seed_give_the_same_findings_and_a_generator_is_used():
    by_rng = headline_findings(games=("coercion",), rng=3, quick=True)
    by_seed = headline_findings(games=("coercion",), seed=3, quick=True)
    assert [f.robustness for f in by_rng] == [f.robustness for f in by_seed]
    default = headline_findings(games=("coercion",), quick=True)
    assert [f.robustness for f in default] == [f.robustness for f in headline_findings(
        games=("coercion",), rng=0, quick=True)]  # None: the seed 0, reproducible
    gen = np.random.default_rng(3)
    first = headline_findings(games=("coercion",), rng=gen, quick=True)
    second = headline_findings(games=("coercion",), rng=gen, quick=True)  # the generator moved on
    assert first[0].robustness != second[0].robustness


def test_without_pandas_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(ImportError, match=r"Analysis.to_pandas\(\): needs pandas: pip install 'leverage\[tables\]'"):
        Analysis(AWKWARD).to_pandas()
    with pytest.raises(ImportError, match=r"Analysis.to_parquet\(\): needs pandas: .*leverage\[tables\]"):
        Analysis(AWKWARD).to_parquet(".")
