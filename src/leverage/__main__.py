"""The main job: ``python -m leverage``.

Runs the flagship analysis (:func:`leverage.scenarios.analysis.flagship_analysis`)
on the default calibration, or on a scenario file, and prints first its
findings -- each headline result in one sentence, with its robustness over the
plausible parameter box, the nearest parameter change that overturns it, the
share of its variance owed to illustrative parameters and a confidence label
(:func:`format_findings`; see the documentation's "Reading the main job's
output") -- then its tables: every game's equilibria with their regrets, the
bargaining outcomes with and without the recycling BATNA, the linkage
thresholds, the coercion optimum, the three trajectories and the most
influential parameters; no line of it is wider than 100 columns (wide tables
are wrapped, or printed as records). ``--format json`` writes the same as one
JSON object (:func:`analysis_json`), ``--format csv`` every table as CSV
(:func:`leverage.cli.csv_tables`). ``--output DIR`` also writes the tables as
CSV and, when matplotlib is installed, the figures as PNG. ``list`` lists the
games, parameters and trajectories; ``report --output FILE`` writes the HTML
report. The parser and ``list`` live in :mod:`leverage.cli`; :func:`run` is
also the ``leverage`` console script.

Every error ends the job with exit status 2 and one line on standard error,
``python -m leverage: error: ...`` (``leverage: error: ...`` for the console
script), without a traceback (``--debug`` shows it). Text that comes from a file -- names of scenarios, games, players,
strategies -- is printed with control characters escaped, so a file cannot
drive the terminal. When the reader of the output goes away
(``python -m leverage | head -1``) the job stops quietly, with status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from leverage.cli import WIDTH, build_parser, escape_controls, prog_name, wrap_text
from leverage.game import Game
from leverage.parameters import ParameterSet as ParameterSetLike

__all__ = ["main", "run", "escape_controls", "format_bimatrix", "format_equilibria", "write_figures", "format_findings",
           "analysis_json"]

PROG = "python -m leverage"  # the name in messages when run as ``python -m leverage`` (see prog_name)

TITLES = {
    "parameters": "Parameters (calibrated value, range, unit, source; illustrative = not from a published figure)",
    "equilibria": "Equilibria of every game (payoffs in US$ bn per year; the coercion game's a present value "
                  "in US$ bn; each verified: regret within the tolerance rule)",
    "bargaining": "Bargaining between China and the EU and Japan over an NdPr supply contract (US$ bn per year)",
    "linkage": "London talks: critical discount factors of grim-trigger cooperation",
    "coercion": "Calibrated coercion: China's optimum (present values in US$ bn, at China's rent derived from "
                "its price, cost and market)",
    "trajectories": "The three trajectories: the outcome of every game under each (each applied on top of "
                    "the calibration or scenario analysed; an empty year: the dependence stays above the level)",
    "trajectory paths": "The diversification race under each trajectory: expected dependence (share of supply "
                        "from China) and China's restriction by year after the shock, from the computed Markov "
                        "perfect equilibrium (race parameters illustrative unless sourced)",
    "influence": "Most influential parameters (Morris elementary effects, in the outcome's unit per unit of "
                 "range)",
    "regime flips": "Distance from the calibration to a regime flip (export-restriction game; an empty cell: "
                    "no flip within the parameter's range)",
}


def format_bimatrix(game: Game) -> str:
    """A two-player game as a text table of ``row payoff, column payoff`` cells.

    Examples
    --------
    >>> print(format_bimatrix(Game.from_bimatrix([[1, 0]], [[2, 3]], players=("A", "B"))))
    A \\ B |     s1     |     s2    
    -------+------------+-----------
    s1     | 1, 2       | 0, 3      
    """
    A, B = game.payoffs
    rows, cols = game.strategies
    corner = f"{game.players[0]} \\ {game.players[1]}"
    w0 = max(len(corner), *(len(r) for r in rows))
    cells = [[f"{A[i, j]:.3g}, {B[i, j]:.3g}" for j in range(len(cols))] for i in range(len(rows))]
    w = max(10, *(len(c) for c in cols), *(len(c) for row in cells for c in row))
    lines = [f"{corner:<{w0}} | " + " | ".join(f"{c:^{w}}" for c in cols)]
    lines.append("-" * (w0 + 1) + "+" + "+".join("-" * (w + 2) for _ in cols)[:-1])
    for name, row in zip(rows, cells):
        lines.append(f"{name:<{w0}} | " + " | ".join(f"{c:<{w}}" for c in row))
    return "\n".join(lines)


def format_equilibria(game: Game) -> str:
    """Every equilibrium of ``game``, one per line, with payoffs and regret.

    Two-player games list every extreme equilibrium, within the main job's
    bounds (:data:`~leverage.scenarios.analysis.MAX_EQUILIBRIA_SHOWN`
    equilibria, :data:`~leverage.scenarios.analysis.TIME_LIMIT_PER_GAME`
    seconds); a list cut short ends with a line saying that more equilibria
    may exist and how to get them all. Games of more players list their pure
    equilibria.

    Examples
    --------
    >>> print(format_equilibria(Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])))
      1. Player 1: s1 1.000; Player 2: s1 1.000  | payoffs Player 1 1.000, Player 2 1.000 | regret 0.0e+00
      2. Player 1: s1 0.500, s2 0.500; Player 2: s1 0.500, s2 0.500  | payoffs Player 1 0.500, Player 2 0.500 | regret 0.0e+00
      3. Player 1: s2 1.000; Player 2: s2 1.000  | payoffs Player 1 1.000, Player 2 1.000 | regret 0.0e+00
    """
    from leverage.scenarios.analysis import bounded_equilibria, truncation_note
    from leverage.solvers import pure_equilibria

    lines = []
    found = bounded_equilibria(game) if game.n_players == 2 else pure_equilibria(game)
    for k, eq in enumerate(found, start=1):
        parts = []
        for p, vec, names, support in zip(game.players, eq.strategies, game.strategies, eq.support):
            parts.append(f"{p}: " + ", ".join(f"{names[i]} {vec[i]:.3f}" for i in support))
        pay = ", ".join(f"{p} {v:.3f}" for p, v in zip(game.players, eq.payoffs))
        lines.append(f"  {k}. {'; '.join(parts)}  | payoffs {pay} | regret {eq.regret:.1e}")
    note = truncation_note(found)
    if note is not None:
        lines.append(f"  ({note})")
    return "\n".join(lines)


def write_figures(parameters: object, directory: Path, *, quick: bool = False) -> list[Path]:
    """Write the figures of the analysis as PNG files (needs matplotlib); returns the paths.

    A thin wrapper of :func:`leverage.figures.write_figures`: a regime map of
    the export-restriction game, a tornado and Sobol' indices of the US
    payoff, and the bargaining frontier with the recycling plant's BATNA
    shift. ``quick`` draws them on smaller grids and samples.
    """
    from leverage.figures import write_figures as draw

    return draw(parameters, directory, quick=quick)  # type: ignore[arg-type]


def _scenario_file(text: str) -> Path:
    """The file ``--scenario`` names: an existing path, else a scenario packaged with leverage."""
    from leverage.scenarios.registry import packaged_scenario

    path = Path(text)
    if path.exists() or path.suffix == ".toml" or os.sep in text:
        return path
    try:
        return packaged_scenario(text)
    except KeyError as exc:
        detail = str(exc.args[0]).split("; ", 1)[-1] if exc.args else ""
        raise ValueError(f"--scenario: {text!r} is neither a file nor a packaged scenario; {detail}") from None


def _apply_assignments(parameters: ParameterSetLike, assignments: Sequence[tuple[str, float]]) -> ParameterSetLike:
    """The parameters with the ``--set`` values, each checked against its parameter's range."""
    from leverage.io.scenario import unknown_parameter_message

    values: dict[str, float] = {}
    for name, value in assignments:
        if name not in parameters:
            raise ValueError(f"--set {name}=...: {unknown_parameter_message(name, parameters.names)}")
        p = parameters[name]
        if not p.low <= value <= p.high:
            raise ValueError(
                f"--set {name}={value:g}: outside the range [{p.low:g}, {p.high:g}] of {name}; a scenario "
                f"file that gives {name} its own low and high (--scenario FILE) can widen it"
            )
        values[name] = value
    return parameters.replace(**values)


def _label_tables(tables: dict[str, list[dict[str, object]]], label: str) -> None:
    """Say in every table which scenario it belongs to, and that the trajectories are applied on top of it."""
    for name, rows in tables.items():
        for k, row in enumerate(rows):
            if name in ("trajectories", "trajectory paths"):
                rows[k] = {**row, "applied to": label}
            else:
                rows[k] = {"scenario": label, **row}


def format_findings(findings: Sequence[object], *, width: int | None = WIDTH) -> str:
    """The findings as the main job prints them first: a sentence each, then its figures.

    Lines longer than ``width`` are wrapped (a statement's continuation
    indented under it); ``width=None`` leaves them whole.

    Examples
    --------
    >>> from leverage.scenarios.findings import Finding, NearestFlip
    >>> flip = NearestFlip("discount", 0.4, 0.3125, -0.103, "cooperation fails even linked")
    >>> print(format_findings([Finding("linkage", "Linking sustains cooperation.", "linked", 0.078, 0.028,
    ...                                flip, 1.0, "low", ("discount",), 128)]))
    Findings (each holds at the calibration; robustness: the share of the plausible parameter box where
      it holds)
    <BLANKLINE>
    1. Linking sustains cooperation.
       robustness 0.078 +/- 0.028 (standard error; 128 draws) | confidence: low
       nearest flip: discount from 0.4 to 0.3125 (-10.3% of its range) gives: cooperation fails even linked
       illustrative share of its variance: 1.00 (1 illustrative parameter: discount)
    <BLANKLINE>
    confidence rule: high: robustness >= 0.9, ...
    """
    import textwrap

    from leverage.scenarios.findings import CONFIDENCE_RULE, Finding

    if width is not None and (isinstance(width, bool) or not isinstance(width, int)):
        raise TypeError(f"format_findings(): width must be an integer or None; got {width!r}")
    if width is not None and width < 20:
        raise ValueError(f"format_findings(): width must be at least 20 characters; got {width}")
    if isinstance(findings, (str, bytes)) or not isinstance(findings, Sequence) or not all(
            isinstance(f, Finding) for f in findings):
        raise TypeError(f"format_findings(): findings must be a sequence of Finding objects; got {findings!r}")
    lines = ["Findings (each holds at the calibration; robustness: the share of the plausible parameter box "
             "where it holds)"]
    if not findings:
        lines += ["", "  (none: no headline game was analysed)"]
        return "\n".join(lines) if width is None else wrap_text("\n".join(lines), width)
    for k, f in enumerate(findings, start=1):
        flip = f.nearest_flip
        where = ("none: no single parameter overturns it within its range" if flip is None else
                 f"{flip.parameter} from {flip.value:.4g} to {flip.to:.4g} ({flip.relative_change:+.1%} of its "
                 f"range) gives: {flip.result}")
        k_ill = len(f.illustrative)
        share = ("n/a (it holds, or fails, throughout the sample: no variance)" if f.illustrative_share is None
                 else f"{f.illustrative_share:.2f} ({k_ill} illustrative parameter{'' if k_ill == 1 else 's'}"
                      f"{': ' + ', '.join(f.illustrative) if 0 < k_ill <= 3 else ''})")
        statement = f"{k}. {f.statement}"
        if width is not None:
            statement = "\n".join(textwrap.wrap(statement, width, subsequent_indent="   ", break_on_hyphens=False))
        lines += ["", statement,
                  f"   robustness {f.robustness:.3g} +/- {f.robustness_se:.2g} (standard error; {f.draws} draws) | "
                  f"confidence: {f.confidence}",
                  f"   nearest flip: {where}",
                  f"   illustrative share of its variance: {share}"]
    text = "\n".join(lines + ["", f"confidence rule: {CONFIDENCE_RULE}"])
    return text if width is None else wrap_text(text, width)


def _plain(value: object) -> object:
    """A table cell or figure as a JSON value: numbers as numbers (NaN and infinities as null), text as text."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def analysis_json(analysis: object, title: str = "default calibration", custom: dict[str, Game] | None = None) -> str:
    """The analysis as the JSON that ``--format json`` writes: findings first, then the tables.

    ``{"title": ..., "findings": [...], "confidence_rule": ..., "tables": {name: [row, ...]},
    "remarks": {name: [sentence, ...]}}``, plus
    ``"scenario_games"`` (each custom game's equilibria, one line each) when a scenario defines games.
    Each finding has ``statement``, ``robustness``, ``robustness_se``, ``nearest_flip`` (``parameter``,
    ``from``, ``to``, ``relative_change``, ``result``; null when nothing flips it),
    ``illustrative_share`` and ``confidence``. Strict JSON: NaN and infinities are written as null.

    Examples
    --------
    >>> import json
    >>> from leverage.scenarios.analysis import Analysis
    >>> out = json.loads(analysis_json(Analysis({"linkage": [{"issue": "chips", "critical discount": float("nan")}]})))
    >>> out["findings"], out["tables"]["linkage"][0]["critical discount"]
    ([], None)
    """
    import json

    from leverage.scenarios.analysis import Analysis
    from leverage.scenarios.findings import CONFIDENCE_RULE

    if not isinstance(analysis, Analysis):
        raise TypeError(f"analysis_json(): analysis must be an Analysis; got {type(analysis).__name__}")
    if not isinstance(title, str):
        raise TypeError(f"analysis_json(): title must be a string; got {title!r}")
    if custom is not None and (not isinstance(custom, dict) or not all(
            isinstance(k, str) and isinstance(g, Game) for k, g in custom.items())):
        raise TypeError(f"analysis_json(): custom must map game names to games, or be None; got {custom!r}")
    data: dict[str, object] = {
        "title": title,
        "findings": [_plain(f.as_dict()) for f in analysis.findings],
        "confidence_rule": CONFIDENCE_RULE,
        "tables": {name: [_plain(dict(row)) for row in rows] for name, rows in analysis.tables.items()},
        "remarks": {name: list(sentences) for name, sentences in analysis.remarks.items()},
    }
    if custom:
        data["scenario_games"] = {name: format_equilibria(game).splitlines() for name, game in custom.items()}
    return json.dumps(data, indent=1, allow_nan=False)


def _say(text: str = "") -> None:
    """Print a line of the report: control characters escaped (names may come from a file), at most WIDTH wide."""
    print(wrap_text(escape_controls(text), WIDTH))


def _emit(text: str) -> None:
    """Write machine-readable output line by line (a reader such as ``head -1`` may leave at any line)."""
    for line in text.splitlines(keepends=True):
        sys.stdout.write(line)


def _note(args: argparse.Namespace, text: str) -> None:
    """A note about files written: on standard output with the text format, else on standard error; none with -q."""
    if args.quiet:
        return
    if args.format == "text":
        _say(text)
    else:
        sys.stderr.write(escape_controls(text) + "\n")


def _safe(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Rows with their text cells' control characters escaped, before they are laid out."""
    return [{k: escape_controls(v, keep_newlines=False) if isinstance(v, str) else v for k, v in row.items()}
            for row in rows]


def _describe(exc: BaseException) -> str:
    """One line saying what went wrong."""
    from leverage.io import ScenarioError

    if isinstance(exc, MemoryError):
        return "out of memory"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply (RecursionError)"
    message = str(exc) or type(exc).__name__
    if isinstance(exc, (ScenarioError, OSError, ValueError, TypeError, KeyError)):
        return message if not isinstance(exc, KeyError) else f"KeyError: {message}"
    return f"{type(exc).__name__}: {message}"


def _compute(args: argparse.Namespace) -> tuple[object, ParameterSetLike, str, dict[str, Game]]:
    """The analysis the arguments ask for: ``(analysis, parameters, title, scenario games)``."""
    import logging

    from leverage.scenarios.analysis import flagship_analysis
    from leverage.scenarios.trajectories import default_parameters

    log = logging.getLogger("leverage")
    parameters = default_parameters()
    games = None
    title = "default calibration"
    custom: dict[str, Game] = {}
    label = ""
    if args.scenario is not None:
        from leverage.io import load_scenario

        path = _scenario_file(args.scenario)
        log.info("reading the scenario %s", path)
        scenario = load_scenario(path, base=parameters)
        # the scenario's own ranges, units and sources are kept, not only its values
        parameters = scenario.parameters
        games = tuple(scenario.games) or None
        custom = {name: model.game() for name, model in scenario.custom_games.items()}
        # a packaged scenario by its file's name (its path is inside the installed package)
        shown = path.name if path != Path(args.scenario) else str(path)
        title = f"scenario {scenario.name!r} ({shown})"
        label = f"scenario {scenario.name!r}"
    if args.assignments:
        parameters = _apply_assignments(parameters, args.assignments)
        changes = ", ".join(f"{name}={value:g}" for name, value in args.assignments)
        title += f", with {changes}"
        label = f"{label or 'default calibration'} with {changes}"
    start = time.perf_counter()
    # progress is passed only when asked for, so that a stand-in for flagship_analysis need not take it
    analysis = flagship_analysis(parameters, games=games, morris_trajectories=4 if args.quick else 10,
                                 quick=args.quick, **({"progress": True} if args.verbose else {}))
    log.info("the analysis took %.2f s", time.perf_counter() - start)
    if label:
        _label_tables(analysis.tables, label)
    return analysis, parameters, title, custom


def _print_text(analysis: object, title: str, custom: dict[str, Game], quiet: bool) -> None:
    """The text output: the findings, then (unless quiet) every table, at most WIDTH columns wide."""
    from leverage.scenarios.tables import display_rows, format_table

    if quiet:
        _say(format_findings(analysis.findings))  # type: ignore[attr-defined]
        return
    _say(f"The rare-earth games on the {title}")
    _say("=" * 72)
    _say(format_findings(analysis.findings))  # type: ignore[attr-defined]
    for name, rows in analysis.tables.items():  # type: ignore[attr-defined]
        _say(f"\n{TITLES.get(name, name)}\n")
        _say(format_table(_safe(display_rows(rows)), width=WIDTH))
        for sentence in analysis.remarks.get(name, ()):  # type: ignore[attr-defined]
            _say(sentence)
    for name, game in custom.items():
        _say(f"\nEquilibria of the scenario's game {name!r}:")
        _say(format_equilibria(game) or "  none")


def _analyse(args: argparse.Namespace) -> int:
    """The main job: compute, print in the format asked for, and write the files of ``--output``."""
    import logging

    from leverage.cli import csv_tables

    analysis, parameters, title, custom = _compute(args)
    quiet_paths = args.quiet and args.output is not None
    if args.format == "json":
        _emit(analysis_json(analysis, title, custom) + "\n")
    elif args.format == "csv":
        _emit(csv_tables(analysis.export_tables()))  # type: ignore[attr-defined]
    elif not quiet_paths:
        _print_text(analysis, title, custom, args.quiet)
    if args.output is not None:
        logging.getLogger("leverage").info("writing the tables to %s", args.output)
        paths = analysis.to_csv(args.output)  # type: ignore[attr-defined]
        _note(args, f"\nwrote {len(paths)} tables to {args.output}/")
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            figures = []
            _note(args, "figures skipped: matplotlib is not installed (pip install 'leverage[plot]')")
        else:
            logging.getLogger("leverage").info("drawing the figures")
            figures = write_figures(parameters, args.output, quick=args.quick)
            _note(args, f"wrote {len(figures)} figures to {args.output}/")
        if quiet_paths and args.format == "text":
            for path in [*paths, *figures]:
                _say(str(path))
    return 0


def _report(args: argparse.Namespace) -> int:
    """``report``: the analysis as one HTML file (:func:`leverage.report.write_report`); prints its path."""
    from leverage.report import write_report

    analysis, parameters, title, custom = _compute(args)
    path = write_report(args.output, analysis, parameters, title=title, custom=custom or None, quick=args.quick)
    _say(str(path))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and print its output; returns the exit status.

    Without a subcommand, the flagship analysis; ``list`` lists the games,
    parameters or trajectories; ``report`` writes the HTML report. 0 on
    success; 2 on any error, reported as one line on standard error (with
    ``--debug``, the traceback follows); 130 when interrupted. Usage errors,
    ``--help`` and ``--version`` raise :class:`SystemExit` with status 2, 0
    and 0, as :mod:`argparse` does. A broken pipe is left to :func:`run`.
    """
    import logging

    from leverage.cli import check_output_directory, check_output_file, configure_logging, run_list

    prog = prog_name()
    args = build_parser(prog).parse_args(argv)
    if args.command == "list":
        args.debug, args.verbose = False, False
    if args.command is None and args.output is not None or args.command == "report":
        try:
            (check_output_file if args.command == "report" else check_output_directory)(args.output)
        except ValueError as exc:
            sys.stderr.write(f"{prog}: error: {escape_controls(str(exc), keep_newlines=False)}\n")
            return 2
    if args.command == "report":
        args.format = "text"
    level = logging.getLogger("leverage").level
    handler = configure_logging(args.verbose)
    try:
        if args.command == "list":
            return run_list(args.topic, args.format)
        return _report(args) if args.command == "report" else _analyse(args)
    except BrokenPipeError:
        raise
    except KeyboardInterrupt:
        sys.stderr.write(f"{prog}: interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 -- the boundary of the program: every error becomes one line
        if args.debug:
            traceback.print_exc()
        sys.stderr.write(f"{prog}: error: {escape_controls(_describe(exc), keep_newlines=False)}"
                         f"{'' if args.debug else ' (--debug shows the traceback)'}\n")
        return 2
    finally:
        if handler is not None:
            logging.getLogger("leverage").removeHandler(handler)
            logging.getLogger("leverage").setLevel(level)


def run(argv: Sequence[str] | None = None) -> int:
    """The program ``python -m leverage`` and the ``leverage`` console script: :func:`main`, made safe to exit.

    Returns the exit status (the console script's wrapper passes it to
    :func:`sys.exit`): :func:`main`'s, 0 after ``--help`` or ``--version``,
    2 after a usage error. The output is flushed here; when its reader goes
    away (``python -m leverage | head -1``) the program stops without a
    message and returns 1, as Python's documentation recommends for a
    broken pipe.
    """
    try:
        try:
            status = main(argv)
        except SystemExit as exc:  # --help, --version, or a usage error already reported
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # stdout is gone: point it at /dev/null so that the interpreter's final flush stays silent
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(run())
