"""The HTML report: findings first, every parameter sourced and flagged, figures embedded, nothing fetched.

The flagship analysis (quick) is computed once for the module and the report
rendered once from it; the other tests use small hand-made analyses.
"""

from __future__ import annotations

import base64
import copy
import re
import struct
import sys
from html.parser import HTMLParser

import numpy as np
import pytest

from leverage import Game, Parameter, ParameterSet
from leverage.display import format_cell
from leverage.report import SECTIONS, render_report, write_report
from leverage.scenarios.analysis import Analysis, flagship_analysis
from leverage.scenarios.findings import Finding, NearestFlip
from leverage.scenarios.trajectories import TRAJECTORIES, default_parameters

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Page(HTMLParser):
    """The parts of an HTML document the tests read: every start tag with its attributes, the table rows
    (cell texts and the row's class) and the text of each section, by id."""

    def __init__(self, document: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.rows: list[tuple[str, list[str]]] = []
        self.sections: dict[str, str] = {}
        self._section: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._row_class = ""
        self.feed(document)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag == "section":
            self._section = attributes.get("id")
            self.sections[self._section] = ""
        elif tag == "tr":
            self._row, self._row_class = [], attributes.get("class", "")
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append((self._row_class, self._row))
            self._row = None
        elif tag == "section":
            self._section = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._section is not None:
            self.sections[self._section] += data

    def images(self) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.tags if tag == "img"]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def external_references(document: str) -> list[str]:
    """Every attribute value or style URL that points outside the document."""
    page = Page(document)
    found = [f"{tag} {name}={value}" for tag, attrs in page.tags for name, value in attrs.items()
             if re.match(r"\s*(https?:|//|ftp:|ws:)", value, re.IGNORECASE)]
    found += [f"<{tag}>" for tag, _ in page.tags if tag in ("script", "link", "iframe", "object", "embed", "base")]
    found += re.findall(r"@import|url\(", document)
    return found


@pytest.fixture
def plot_extra(require_extra):
    """The plot extra, which draws the figures (a skip without it, a failure where extras are required)."""
    return require_extra("matplotlib", extra="plot")


@pytest.fixture(scope="module")
def analysis():
    return flagship_analysis(default_parameters(), quick=True, morris_trajectories=4)


@pytest.fixture(scope="module")
def pristine(analysis):
    return copy.deepcopy(analysis.tables)


@pytest.fixture(scope="module")
def page(analysis, pristine):
    # without matplotlib the report renders and says the figures were skipped: the figure tests then skip
    return render_report(analysis, default_parameters(), title="default calibration", quick=True)


def test_the_sections_come_in_order_findings_first(page, analysis):
    positions = [page.index(f'<section id="{anchor}">') for anchor in SECTIONS]
    assert positions == sorted(positions)
    assert list(SECTIONS)[:2] == ["findings", "parameters"]
    findings = Page(page).sections["findings"]
    assert len(analysis.findings) == 4
    for f in analysis.findings:
        assert f.statement in findings
        assert f"robustness{f.robustness:.3g} ± {f.robustness_se:.2g} (standard error; {f.draws} draws)" in findings
        if f.nearest_flip is not None:
            assert f"({f.nearest_flip.relative_change:+.1%} of its range) gives: {f.nearest_flip.result}" in findings
    assert findings.count("confidence") >= len(analysis.findings)


def test_every_parameter_is_listed_with_its_source_and_illustrative_ones_are_marked(page):
    ps = default_parameters()
    rows = {cells[0]: (cls, cells) for cls, cells in Page(page).rows if cls in ("illustrative", "sourced")}
    assert set(rows) == set(ps.names)
    for name, p in ps.items():
        cls, (shown, value, span, unit, source, marker) = rows[name]
        assert (value, unit, source) == (format_cell(p.value), p.unit, p.source)
        assert span == f"{format_cell(p.low)} – {format_cell(p.high)}"
        assert marker == ("illustrative" if p.illustrative else "sourced")
        assert cls == marker
    assert sum(1 for p in ps.values() if p.illustrative) == 30  # not vacuous: both kinds occur
    caveats = Page(page).sections["caveats"]
    assert all(name in caveats for name, p in ps.items() if p.illustrative)
    assert "china_price" not in caveats.split("What the models leave out")[0]


def test_every_figure_is_embedded_as_a_png_data_uri_with_alt_text_and_caption(plot_extra, page):
    from leverage.figures import FIGURE_CAPTIONS, FIGURE_NAMES

    images = Page(page).images()
    assert len(images) == len(FIGURE_NAMES) == 4
    for img in images:
        prefix = "data:image/png;base64,"
        assert img["src"].startswith(prefix)
        assert png_size(base64.b64decode(img["src"][len(prefix):], validate=True)) == (800, 500)
        assert len(img["alt"]) > 20
    sections = {k: v.replace("&#x27;", "'") for k, v in Page(page).sections.items()}
    # numbered in the order they appear: the bargaining figure with its table, the others under sensitivity
    for k, (name, section) in enumerate((("bargaining", "games"), ("regime_map", "sensitivity"),
                                         ("tornado", "sensitivity"), ("sobol", "sensitivity")), start=1):
        assert f"Figure {k}. {FIGURE_CAPTIONS[name]}" in sections[section]
        assert page.index(f'<section id="{section}">') < page.index(f'<figure id="figure-{name}">')
    assert set(FIGURE_NAMES) == {"bargaining", "regime_map", "tornado", "sobol"}
    assert page.index('<figure id="figure-bargaining">') > page.index("<h3>Bargaining between China")


def test_the_report_references_nothing_outside_itself(page):
    assert external_references(page) == []
    assert external_references('<a href="https://example.org">x</a><script src="//cdn"></script>') != []
    assert "mathjax" not in page.lower()


def test_tables_show_four_significant_digits_and_the_data_stay_untouched(page, analysis, pristine):
    coercion = analysis.tables["coercion"][0]
    optimum = next(k for k in coercion if k.startswith("optimal restriction"))
    status_quo = next(k for k in coercion if k.startswith("status quo PV"))
    assert coercion[optimum] == pytest.approx(0.25) and coercion[optimum] != 0.25  # a float's noise
    cells = [cells for _, cells in Page(page).rows]
    header = next(c for c in cells if optimum in c)
    shown = cells[cells.index(header) + 1]
    assert shown[header.index(optimum)] == "0.25"
    assert shown[header.index(status_quo)] == f"{coercion[status_quo]:.4g}" == "6.81"
    assert analysis.tables == pristine  # rendering changed nothing
    for name in ("bargaining", "linkage", "trajectories", "trajectory paths", "influence", "regime flips"):
        assert name in analysis.tables
    for sentence in analysis.remarks["trajectory paths"]:
        assert sentence in Page(page).sections["games"]


def hostile_analysis():
    evil = "<script>alert('x')</script>"
    flip = NearestFlip("discount", 0.4, 0.3, -0.14, f"{evil} wins")
    finding = Finding("evil", f"The finding {evil}.", "label", 0.5, 0.01, flip, 0.2, "medium", ("discount",), 64)
    return Analysis({"linkage": [{"issue": f"<img src=x onerror=alert(1)> \u202eevil", "value": 0.5}]},
                    findings=(finding,), remarks={"linkage": (f"remark {evil}",)})


def test_text_from_a_scenario_file_is_escaped():
    ps = default_parameters()
    hostile_source = Parameter(0.5, 0.0, 1.0, "<b>share</b>", "<script>alert(1)</script>")
    ps = ParameterSet({**dict(ps.items()), "discount": hostile_source})
    game = Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], players=("<i>A</i>", "B\x1b[2J"),
                              strategies=(("<u>x</u>", "y"), ("z", "w&")))
    page = render_report(hostile_analysis(), ps, title="scenario '</title><script>alert(1)</script>'",
                         custom={"<svg onload=alert(1)>": game}, figures=False)
    assert "<script" not in page.lower() and "<img" not in page and "<svg" not in page
    assert "<i>" not in page and "<u>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "\u202e" not in page and "\\u202eevil" in page  # a bidirectional override is shown, not obeyed
    assert "\x1b" not in page and "B\\x1b[2J" in page
    assert "w&amp;" in page
    text = Page(page)
    assert "The finding <script>alert('x')</script>." in text.sections["findings"]  # shown as text
    assert "discount from 0.4 to 0.3 (-14.0% of its range)" in text.sections["findings"]  # sourced here
    assert [attrs for tag, attrs in text.tags if tag in ("script", "img", "svg", "i", "u", "b")] == []


def test_a_scenario_with_a_restricted_game_list_renders_and_writes(plot_extra, analysis, tmp_path):
    trajectory = TRAJECTORIES["overshoot into confrontation"]
    ps = trajectory.parameters()
    assert ps["restriction_loss"].value != default_parameters()["restriction_loss"].value
    # the tables flagship_analysis(ps, games=("export_restriction",), findings=False) keeps (computing it
    # again would double the module's time): no findings, no bargaining, linkage or coercion tables
    kept = ("parameters", "equilibria", "trajectories", "trajectory paths", "regime flips", "influence")
    restricted = Analysis({name: analysis.tables[name] for name in kept}, ps,
                          remarks={"trajectory paths": analysis.remarks["trajectory paths"]})
    path = write_report(tmp_path / "overshoot.html", restricted, ps, title="scenario 'overshoot'", quick=True)
    page = path.read_text(encoding="utf-8")
    parsed = Page(page)
    assert len(parsed.images()) == 4 and external_references(page) == []
    assert "(none: no headline game was analysed)" in parsed.sections["findings"]
    row = next(cells for _, cells in parsed.rows if cells and cells[0] == "restriction_loss")
    assert row[1] == format_cell(ps["restriction_loss"].value) == "6"
    assert "export restriction" in parsed.sections["equilibria"]
    assert "Bargaining between China" not in parsed.sections["games"]
    assert "London talks" not in parsed.sections["games"]
    assert "scenario &#x27;overshoot&#x27;" in page


def test_without_matplotlib_the_report_says_the_figures_were_skipped(monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    page = render_report(hostile_analysis(), default_parameters(), title="t")
    assert "<img" not in page and "Figures skipped: matplotlib is not installed" in page


def test_format_cell_rounds_for_display_only():
    # the report shows numbers as leverage.display.format_cell does: four significant digits
    assert [format_cell(v) for v in (1 / 3, 2.0, np.float64(12345.678), -0.000123456, np.int64(3))] == [
        "0.3333", "2", "1.235e+04", "-0.0001235", "3"]


def test_bad_arguments_are_refused_with_clear_errors(tmp_path):
    a, ps = Analysis({}), default_parameters()
    with pytest.raises(TypeError, match=r"render_report\(\): analysis must be an Analysis .*; got int"):
        render_report(42, ps, title="t")
    with pytest.raises(TypeError, match=r"render_report\(\): parameters must be the ParameterSet analysed; got dict"):
        render_report(a, {"a": 1}, title="t")
    with pytest.raises(TypeError, match=r"render_report\(\): title must be a string; got NoneType"):
        render_report(a, ps, title=None)
    with pytest.raises(TypeError, match=r"render_report\(\): custom must map game names \(strings\) to Game"):
        render_report(a, ps, title="t", custom={"g": "not a game"})
    with pytest.raises(TypeError, match=r"render_report\(\): figures must be True or False; got 'yes'"):
        render_report(a, ps, title="t", figures="yes")
    with pytest.raises(FileNotFoundError, match=r"write_report\(\): the folder .*missing.* does not exist"):
        write_report(tmp_path / "missing" / "report.html", a, ps, title="t")
    with pytest.raises(IsADirectoryError, match=r"write_report\(\): path .* is a directory; give a file name"):
        write_report(tmp_path, a, ps, title="t")
    with pytest.raises(TypeError, match=r"write_report\(\): path must be a file path .*; got int"):
        write_report(42, a, ps, title="t")
    with pytest.raises(TypeError, match=r"write_report\(\): analysis must be an Analysis"):
        write_report(tmp_path / "r.html", None, ps, title="t")
    assert not (tmp_path / "r.html").exists()
