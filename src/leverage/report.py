"""The flagship analysis as one shareable HTML report.

:func:`render_report` turns an :class:`~leverage.scenarios.analysis.Analysis`
(from :func:`~leverage.scenarios.analysis.flagship_analysis`) and the
parameters analysed into one self-contained HTML document;
:func:`write_report` writes it to a file. The sections come in this order:

1. the findings, in words: each headline result with its robustness over the
   plausible parameter box (and its standard error), the nearest parameter
   change that overturns it, the share of its variance owed to illustrative
   parameters, and a confidence label;
2. the parameters: value, range, unit, source, and a marker on every
   illustrative one;
3. every game's equilibria (and the scenario's own games, if any);
4. bargaining, linkage, coercion and the computed trajectories: whichever of
   those tables the analysis holds, each with its remarks, and the figure of
   the bargaining frontier with the recycling plant's BATNA shift;
5. sensitivity: the regime map, the tornado and the Sobol' indices with their
   confidence intervals (figures of :mod:`leverage.figures`), then the tables
   of influence and regime flips;
6. caveats: the illustrative parameters by name, what the models leave out,
   the tolerance rule, and what "robust" means here.

The document opens offline: it links to nothing outside itself (no web
fonts, no scripts, no style sheets; the figures are embedded as
``data:image/png;base64`` images), its style is inline, and its mathematics
is plain HTML (δ, ≥, <sub>, <sup>). Every string that comes from data --
names of scenarios, parameters, games, players and strategies, sources --
is escaped, and control and bidirectional-format characters are shown as
escapes, so a scenario file cannot inject markup or disguise text. Numbers
are shown to four significant digits; the analysis itself is not changed.
"""

from __future__ import annotations

import base64
import html
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from leverage.checks import check_flag
from leverage.display import escape_controls, format_cell
from leverage.game import Game
from leverage.parameters import ParameterSet
from leverage.tolerance import RTOL
from leverage.version import __version__

__all__ = ["SECTIONS", "TABLE_TITLES", "render_report", "write_report"]

#: The report's sections, in order: anchor and heading.
SECTIONS: dict[str, str] = {
    "findings": "Findings",
    "parameters": "Parameters",
    "equilibria": "Equilibria",
    "games": "Bargaining, linkage, coercion and trajectories",
    "sensitivity": "Sensitivity",
    "caveats": "Caveats",
}

#: The heading of each table of the analysis (a table not listed here is headed by its name).
TABLE_TITLES: dict[str, str] = {
    "equilibria": "Equilibria of every game (payoffs in US$ bn per year; the coercion game's as a present value "
                  "in US$ bn; each verified: its regret is within the tolerance rule)",
    "bargaining": "Bargaining between China and the EU and Japan over an NdPr supply contract, with and without "
                  "the recycling plant as the buyers' BATNA (US$ bn per year)",
    "linkage": "London talks: the critical discount factors δ of grim-trigger cooperation, issue by issue and "
               "linked",
    "coercion": "Calibrated coercion: China's optimal restriction (present values in US$ bn)",
    "trajectories": "The three trajectories: the outcome of every game under each (applied on top of the "
                    "calibration analysed)",
    "trajectory paths": "The diversification race under each trajectory: expected dependence on China and "
                        "China's restriction, year by year, from the computed Markov perfect equilibrium",
    "influence": "Most influential parameters (Morris elementary effects, per unit of range: μ* and σ)",
    "regime flips": "Distance from the calibration to a regime flip of the export-restriction game",
}

#: Tables of the analysis by section; any other table goes to the games section, after these.
_GAME_TABLES = ("bargaining", "linkage", "coercion", "trajectories", "trajectory paths")
_SENSITIVITY_TABLES = ("influence", "regime flips")
_HANDLED = ("parameters", "equilibria", *_GAME_TABLES, *_SENSITIVITY_TABLES)

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d232b;
       max-width: 1100px; margin: 0 auto; padding: 1.5rem; line-height: 1.45; background: #fff; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
h2 { border-bottom: 2px solid #d0d7de; padding-bottom: 0.2rem; margin-top: 2.2rem; }
h3 { margin-top: 1.6rem; font-size: 1.05rem; }
nav ol { columns: 2; }
.meta, .note, figcaption, .rule { color: #57606a; font-size: 0.92rem; }
ol.findings > li { margin-bottom: 1.1rem; }
.statement { font-weight: 600; margin: 0 0 0.3rem 0; }
dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.8rem; margin: 0; }
dl.figures dt { color: #57606a; }
dl.figures dd { margin: 0; }
.badge { display: inline-block; padding: 0 0.45rem; border-radius: 0.6rem; font-size: 0.82rem;
         font-weight: 600; border: 1px solid transparent; }
.badge.illustrative { background: #fff4d6; border-color: #d4a72c; color: #6b4d00; }
.badge.sourced { background: #e9f5ec; border-color: #7dbf8e; color: #1a5d2b; }
.badge.high { background: #e9f5ec; border-color: #7dbf8e; color: #1a5d2b; }
.badge.medium { background: #fff4d6; border-color: #d4a72c; color: #6b4d00; }
.badge.low { background: #fde8e8; border-color: #e08b8b; color: #8a1c1c; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 0.8rem 0; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.illustrative td:first-child { border-left: 4px solid #d4a72c; }
figure { margin: 1.2rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #d0d7de; }
"""


# ---------------------------------------------------------------- text and cells


def _e(value: Any) -> str:
    """Any value as escaped HTML text: hidden characters made visible, then ``& < > " '`` escaped."""
    return html.escape(escape_controls(str(value)), quote=True)


def _cell(value: Any) -> str:
    """A table cell as the report shows it (not yet escaped): :func:`leverage.display.format_cell`'s four
    significant digits, with truth values as yes/no and a missing figure (None, NaN) as an en dash."""
    if value is None or (isinstance(value, (float, np.floating)) and math.isnan(value)):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (float, np.floating)) and math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return format_cell(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _table(rows: Sequence[Mapping[str, Any]], caption: str | None = None, row_class: Any = None) -> str:
    """Rows of dicts as an HTML table (columns: the union of the rows' keys, in order of appearance)."""
    if not rows:
        return '<p class="note">(empty table)</p>'
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = ['<div class="scroll"><table>']
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{_e(c)}</th>' for c in columns) + "</tr></thead><tbody>")
    for row in rows:
        cls = row_class(row) if row_class is not None else None
        cells = []
        for c in columns:
            value = row.get(c, "")
            attr = ' class="num"' if _is_number(value) else ""
            cells.append(f"<td{attr}>{_e(_cell(value))}</td>")
        out.append(f"<tr{f' class={chr(34)}{cls}{chr(34)}' if cls else ''}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


def _remarks(sentences: Any) -> str:
    return "\n".join(f'<p class="remark">{_e(s)}</p>' for s in (sentences or ()))


def _badge(kind: str, text: str) -> str:
    return f'<span class="badge {kind}">{_e(text)}</span>'


# ---------------------------------------------------------------- sections


def _findings(findings: Sequence[Any], parameters: ParameterSet) -> str:
    from leverage.scenarios.findings import CONFIDENCE_RULE

    out = [f'<section id="findings"><h2>1. {SECTIONS["findings"]}</h2>',
           "<p>Each finding holds at the calibration analysed. <em>Robustness</em> is the share of the "
           "plausible parameter box (every parameter drawn uniformly over its range) where it still holds, "
           "with its standard error; the <em>nearest flip</em> is the smallest change of one parameter that "
           "overturns it; the <em>illustrative share</em> is the share of its variance owed to parameters "
           "that are illustrative rather than sourced.</p>"]
    if not findings:
        out.append('<p class="note">(none: no headline game was analysed)</p>')
    else:
        out.append('<ol class="findings">')
        for f in findings:
            flip = f.nearest_flip
            if flip is None:
                where = "none: no single parameter overturns it within its range"
            else:
                where = (f"{_e(_name(flip.parameter, parameters))} from {_e(_cell(flip.value))} to "
                         f"{_e(_cell(flip.to))} ({flip.relative_change:+.1%} of its range) gives: "
                         f"{_e(flip.result)}")
            if f.illustrative_share is None:
                share = "n/a (it holds, or fails, throughout the sample: no variance)"
            else:
                k = len(f.illustrative)
                names = ", ".join(_e(n) for n in f.illustrative)
                share = (f"{f.illustrative_share:.2f} ({k} illustrative parameter{'' if k == 1 else 's'}"
                         f"{': ' + names if k else ''})")
            out.append(
                f'<li><p class="statement">{_e(f.statement)}</p><dl class="figures">'
                f"<dt>robustness</dt><dd>{f.robustness:.3g} ± {f.robustness_se:.2g} (standard error; "
                f"{int(f.draws)} draws)</dd>"
                f"<dt>nearest flip</dt><dd>{where}</dd>"
                f"<dt>illustrative share</dt><dd>{share}</dd>"
                f"<dt>confidence</dt><dd>{_badge(_e(f.confidence), f.confidence)}</dd></dl></li>"
            )
        out.append("</ol>")
    out.append(f'<p class="rule">Confidence rule: {_e(CONFIDENCE_RULE)}.</p></section>')
    return "\n".join(out)


def _name(name: str, parameters: ParameterSet) -> str:
    """A parameter's name, with "(illustrative)" after it when it is."""
    return f"{name} (illustrative)" if name in parameters and parameters[name].illustrative else name


def _parameters(parameters: ParameterSet) -> str:
    flagged = sum(1 for p in parameters.values() if p.illustrative)
    out = [f'<section id="parameters"><h2>2. {SECTIONS["parameters"]}</h2>',
           f"<p>{len(parameters)} parameters; {flagged} are illustrative (chosen to show a mechanism, not "
           f"taken from a published figure) and marked {_badge('illustrative', 'illustrative')}. Sources are "
           f"given as text.</p>",
           '<div class="scroll"><table><thead><tr><th scope="col">parameter</th><th scope="col">value</th>'
           '<th scope="col">range</th><th scope="col">unit</th><th scope="col">source</th>'
           '<th scope="col">illustrative</th></tr></thead><tbody>']
    for name, p in parameters.items():
        badge = _badge("illustrative", "illustrative") if p.illustrative else _badge("sourced", "sourced")
        out.append(
            f'<tr class="{"illustrative" if p.illustrative else "sourced"}"><td>{_e(name)}</td>'
            f'<td class="num">{_e(_cell(p.value))}</td>'
            f'<td class="num">{_e(_cell(p.low))} – {_e(_cell(p.high))}</td>'
            f"<td>{_e(p.unit)}</td><td>{_e(p.source)}</td><td>{badge}</td></tr>"
        )
    out.append("</tbody></table></div></section>")
    return "\n".join(out)


def _custom_rows(game: Game) -> list[dict[str, Any]]:
    """The equilibria of a scenario's own game, as rows (bounded like the main job's)."""
    from leverage.scenarios.analysis import bounded_equilibria, truncation_note
    from leverage.scenarios.trajectories import profile_label
    from leverage.solvers import pure_equilibria

    found = bounded_equilibria(game) if game.n_players == 2 else pure_equilibria(game)
    rows: list[dict[str, Any]] = [
        {"equilibrium": profile_label(game, eq, digits=3),
         "payoffs": " / ".join(f"{p} {_cell(u)}" for p, u in zip(game.players, eq.payoffs)),
         "regret": float(eq.regret)}
        for eq in found
    ]
    note = truncation_note(found)
    if note is not None:
        rows.append({"equilibrium": note, "payoffs": "", "regret": float("nan")})
    return rows or [{"equilibrium": "none found", "payoffs": "", "regret": float("nan")}]


def _equilibria(analysis: Any, custom: Mapping[str, Game]) -> str:
    out = [f'<section id="equilibria"><h2>3. {SECTIONS["equilibria"]}</h2>']
    rows = analysis.tables.get("equilibria")
    if rows is None:
        out.append('<p class="note">(no equilibria table: none of its games was analysed)</p>')
    else:
        out.append(_table(rows, _e(TABLE_TITLES["equilibria"])))
        out.append(_remarks(analysis.remarks.get("equilibria")))
    for name, game in custom.items():
        out.append(f"<h3>The scenario's game {_e(repr(name))} (players {_e(' / '.join(game.players))})</h3>")
        out.append(_table(_custom_rows(game)))
    out.append("</section>")
    return "\n".join(out)


def _games(analysis: Any, figure: Any) -> str:
    """Section 4: the tables of the games after the equilibria; the bargaining figure after its table."""
    out = [f'<section id="games"><h2>4. {SECTIONS["games"]}</h2>']
    names = [n for n in _GAME_TABLES if n in analysis.tables]
    names += [n for n in analysis.tables if n not in _HANDLED]
    if not names:
        out.append('<p class="note">(none of these tables: their games were not analysed)</p>')
    for name in names:
        out.append(f"<h3>{_e(TABLE_TITLES.get(name, name))}</h3>")
        out.append(_table(analysis.tables[name]))
        out.append(_remarks(analysis.remarks.get(name)))
        if name == "bargaining":
            out.append(figure("bargaining"))
    if "bargaining" not in names:
        out.append(figure("bargaining"))
    out.append("</section>")
    return "\n".join(out)


class _Figures:
    """The analysis' figures as ``<figure>`` elements, numbered in the order the report places them."""

    def __init__(self, parameters: ParameterSet, draw: bool, quick: bool) -> None:
        self.pngs: dict[str, bytes] = {}
        self.titles: dict[str, str] = {}
        self.missing = False
        self.placed = 0
        if not draw:
            return
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            self.missing = True
            return
        from leverage.figures import analysis_figures, figure_png

        for name, fig in analysis_figures(parameters, quick=quick).items():
            self.pngs[name] = figure_png(fig, dpi=100)
            self.titles[name] = fig.axes[0].get_title().replace("\n", " ")

    def __call__(self, name: str) -> str:
        """The figure ``name`` with its number and caption ("" when figures are not drawn)."""
        from leverage.figures import FIGURE_CAPTIONS

        if name not in self.pngs:
            return ""
        self.placed += 1
        data = base64.b64encode(self.pngs[name]).decode("ascii")
        return (f'<figure id="figure-{_e(name)}"><img src="data:image/png;base64,{data}" '
                f'alt="{_e(self.titles[name])}" width="800" height="500"><figcaption>Figure {self.placed}. '
                f"{_e(FIGURE_CAPTIONS[name])}</figcaption></figure>")


def _sensitivity(analysis: Any, figure: _Figures) -> str:
    out = [f'<section id="sensitivity"><h2>5. {SECTIONS["sensitivity"]}</h2>',
           "<p>How far the results are from changing: where the export-restriction game's equilibrium "
           "changes, which parameters move the US payoff most, and how its variance splits among them.</p>"]
    if figure.missing:
        out.append('<p class="note">Figures skipped: matplotlib is not installed (pip install '
                   '&quot;leverage[plot]&quot;).</p>')
    out += [figure(name) for name in ("regime_map", "tornado", "sobol")]
    for name in _SENSITIVITY_TABLES:
        if name in analysis.tables:
            out.append(f"<h3>{_e(TABLE_TITLES[name])}</h3>")
            out.append(_table(analysis.tables[name]))
            out.append(_remarks(analysis.remarks.get(name)))
    out.append("</section>")
    return "\n".join(out)


def _caveats(parameters: ParameterSet) -> str:
    illustrative = [n for n, p in parameters.items() if p.illustrative]
    exponent = round(math.log10(RTOL))
    rtol = f"10<sup>−{-exponent}</sup>" if 10.0 ** exponent == RTOL else _e(f"{RTOL:g}")
    names = ", ".join(f"<code>{_e(n)}</code>" for n in illustrative) or "none"
    return "\n".join([
        f'<section id="caveats"><h2>6. {SECTIONS["caveats"]}</h2>',
        f"<h3>Illustrative parameters ({len(illustrative)} of {len(parameters)})</h3>",
        f"<p>{names}. Their values show a mechanism; no published figure backs them. A finding whose "
        "illustrative share is large rests on them.</p>",
        "<h3>What the models leave out</h3><ul>",
        "<li>The rare-earth games are stylised reduced forms, not forecasts: a few strategies each, payoffs "
        "per year or as present values, coefficients chosen for the story where no estimate exists.</li>",
        "<li>Most games are one-shot or simply repeated with complete information: no stockpiles, no "
        "world-market price response, no partial or gradual diversification in the coercion model, and "
        "grim-trigger thresholds under perfect monitoring rather than the lowest discount factor that any "
        "equilibrium would need.</li>",
        "<li>The trajectories are coherent sets of assumptions inside the plausible ranges; they carry no "
        "probabilities.</li>",
        "<li>Ranges are plausible ranges, not probability distributions: the Sobol' and Morris indices rank "
        "parameters, they do not measure risk. Where no range was published, the range is ±20% around the "
        "figure by assumption.</li>",
        "<li>Searches are on grids: a regime that changes and changes back between two grid points is "
        "missed, and lists of equilibria are bounded in number and time (a list cut short says so).</li>",
        "<li>The sourced figures date from 2024–2025 and will age; each source says when it was "
        "published.</li></ul>",
        "<h3>The tolerance rule</h3>",
        "<p>Every payoff comparison (is a profile an equilibrium, is a strategy a best response, do two "
        f"payoffs tie) uses one rule: a payoff difference <var>d</var> for player <var>i</var> counts as zero "
        f"when |<var>d</var>| ≤ rtol × scale<sub><var>i</var></sub>, where scale<sub><var>i</var></sub> is "
        f"player <var>i</var>'s payoff range (max − min of its payoffs; max(1, max |u<sub><var>i</var></sub>|) "
        f"when they are all equal) and rtol = {rtol}. Every equilibrium listed was verified this way: its "
        "regret is within the rule.</p>",
        "<h3>Robustness is over the plausible box</h3>",
        "<p>A finding's robustness is the share of the box of plausible ranges, each parameter uniform and "
        "independent, where the finding still holds; it is estimated from scrambled Sobol' samples, hence "
        "the standard error. It is not a probability that the finding is true, and it says nothing about "
        "values outside the ranges.</p>",
        "</section>",
    ])


# ---------------------------------------------------------------- the document


def _check(analysis: Any, parameters: Any, title: Any, custom: Any, caller: str) -> dict[str, Game]:
    from leverage.scenarios.analysis import Analysis

    if not isinstance(analysis, Analysis):
        raise TypeError(f"{caller}: analysis must be an Analysis (from leverage.scenarios.analysis."
                        f"flagship_analysis); got {type(analysis).__name__}")
    if not isinstance(parameters, ParameterSet):
        raise TypeError(f"{caller}: parameters must be the ParameterSet analysed; got {type(parameters).__name__}")
    if not isinstance(title, str):
        raise TypeError(f"{caller}: title must be a string; got {type(title).__name__}")
    if custom is None:
        return {}
    if not isinstance(custom, Mapping) or not all(isinstance(k, str) and isinstance(g, Game)
                                                  for k, g in custom.items()):
        raise TypeError(f"{caller}: custom must map game names (strings) to Game objects, or be None; "
                        f"got {type(custom).__name__}")
    return dict(custom)


def render_report(analysis: Any, parameters: ParameterSet, *, title: str, custom: Mapping[str, Game] | None = None,
                  figures: bool = True, quick: bool = False) -> str:
    """The analysis as one self-contained HTML document.

    Parameters
    ----------
    analysis : Analysis
        The result of :func:`~leverage.scenarios.analysis.flagship_analysis`
        (any subset of its tables; the missing ones are left out).
    parameters : ParameterSet
        The parameters analysed (the calibration, or a scenario's): the
        parameter table, the caveats and the figures come from them.
    title : str
        What was analysed, for the heading (``"default calibration"``,
        ``"scenario 'managed rivalry'"``).
    custom : mapping of str to Game, optional
        A scenario's own games: their equilibria are listed too.
    figures : bool
        Whether to draw and embed the figures (:func:`leverage.figures.analysis_figures`;
        without matplotlib the report says they were skipped).
    quick : bool
        Draw the figures from small grids and samples (a few seconds).

    Returns
    -------
    str
        The HTML document (UTF-8 text, no reference to anything outside it).

    Raises
    ------
    TypeError
        If ``analysis`` is not an Analysis, ``parameters`` not a ParameterSet,
        ``title`` not a string, ``custom`` not a mapping of names to games, or
        ``figures`` or ``quick`` not a bool.

    Examples
    --------
    >>> from leverage.scenarios.analysis import Analysis
    >>> from leverage.scenarios.trajectories import default_parameters
    >>> a = Analysis({"linkage": [{"issue": "chips <b>", "critical discount": 1 / 7}]})
    >>> page = render_report(a, default_parameters(), title="default calibration", figures=False)
    >>> page.startswith("<!DOCTYPE html>"), "chips &lt;b&gt;" in page, "0.1429" in page
    (True, True, True)
    >>> page.index('id="findings"') < page.index('id="parameters"') < page.index('id="caveats"')
    True
    """
    caller = "render_report()"
    games = _check(analysis, parameters, title, custom, caller)
    figures = bool(check_flag(figures, "figures", caller))
    quick = bool(check_flag(quick, "quick", caller))
    figure = _Figures(parameters, figures, quick)
    heading = f"leverage report: {title}"
    nav = "".join(f'<li><a href="#{anchor}">{text}</a></li>' for anchor, text in SECTIONS.items())
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(heading)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<header><h1>{_e(heading)}</h1>",
        f'<p class="meta">The rare-earth games between China, the US, the EU, Japan and resource states, solved '
        f"at one calibration by leverage {_e(__version__)}. Payoffs are in US$ bn per year unless a table "
        f"says otherwise.</p></header>",
        f'<nav aria-label="contents"><ol>{nav}</ol></nav><main>',
        _findings(analysis.findings, parameters),
        _parameters(parameters),
        _equilibria(analysis, games),
        _games(analysis, figure),
        _sensitivity(analysis, figure),
        _caveats(parameters),
        "</main></body></html>",
    ]
    return "\n".join(body) + "\n"


def write_report(path: Any, analysis: Any, parameters: ParameterSet, *, title: str,
                 custom: Mapping[str, Game] | None = None, quick: bool = False) -> Path:
    """Write the HTML report of :func:`render_report` to a file (UTF-8), with its figures.

    Parameters
    ----------
    path : str or path-like
        The file to write (replaced if it exists); its folder must exist.
    analysis, parameters, title, custom, quick
        As for :func:`render_report`.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    TypeError
        If ``path`` is not a path, or an argument of :func:`render_report` is wrong.
    FileNotFoundError
        If the folder of ``path`` does not exist.
    IsADirectoryError
        If ``path`` is a directory.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from leverage.scenarios.analysis import Analysis
    >>> from leverage.scenarios.trajectories import default_parameters
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = write_report(pathlib.Path(d) / "report.html", Analysis({}), default_parameters(),
    ...                        title="default calibration", quick=True)
    ...     out.name, out.read_text(encoding="utf-8").count("data:image/png;base64,")
    ('report.html', 4)
    """
    caller = "write_report()"
    if not isinstance(path, (str, os.PathLike)) or isinstance(path, bytes):
        raise TypeError(f"{caller}: path must be a file path (str or path-like); got {type(path).__name__}")
    out = Path(path)
    if str(path) == "" or out.is_dir():
        raise IsADirectoryError(f"{caller}: path {str(out)!r} is a directory; give a file name such as "
                                f"{str(out / 'report.html')!r}")
    folder = out.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"{caller}: the folder {str(folder)!r} of path {str(out)!r} does not exist; "
                                "create it first")
    _check(analysis, parameters, title, custom, caller)
    document = render_report(analysis, parameters, title=title, custom=custom, figures=True, quick=quick)
    out.write_text(document, encoding="utf-8")
    return out
