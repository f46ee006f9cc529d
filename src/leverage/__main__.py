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
influential parameters. ``--format json`` writes the same as one JSON object
(:func:`analysis_json`). ``--output DIR`` also writes the tables as CSV and,
when matplotlib is installed, the figures as PNG.

Every error ends the job with exit status 2 and one line on standard error,
``python -m leverage: error: ...``, without a traceback (``--debug`` shows
it). Text that comes from a file -- names of scenarios, games, players,
strategies -- is printed with control characters escaped, so a file cannot
drive the terminal. When the reader of the output goes away
(``python -m leverage | head -1``) the job stops quietly, with status 1.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import traceback
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from leverage.game import Game
from leverage.parameters import ParameterSet as ParameterSetLike

__all__ = ["main", "run", "escape_controls", "format_bimatrix", "format_equilibria", "write_figures", "format_findings",
           "analysis_json"]

PROG = "python -m leverage"
#: Characters that may need escaping: all but printable ASCII.
_SUSPECT = re.compile(r"[^\x20-\x7e]")
#: Unicode categories escaped: controls, format characters (such as bidirectional overrides),
#: line and paragraph separators, surrogates.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def escape_controls(text: str, keep_newlines: bool = True) -> str:
    r"""``text`` with control and format characters written as escapes (``\x1b``, ``\u202e``).

    Letters and symbols of any script are kept; newlines too, unless
    ``keep_newlines`` is False.

    Examples
    --------
    >>> print(escape_controls("China\x1b[2J \u202eevil\u202c, T\u00fcrkiye"))
    China\x1b[2J \u202eevil\u202c, Türkiye
    >>> escape_controls("two\nlines", keep_newlines=False)
    'two\\nlines'
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\n" and keep_newlines:
            return char
        if unicodedata.category(char) not in _ESCAPED_CATEGORIES:
            return char
        return char.encode("unicode_escape").decode("ascii")

    return _SUSPECT.sub(escape, text)


TITLES = {
    "parameters": "Parameters (calibrated value, range, unit, source; illustrative = not from a published figure)",
    "equilibria": "Equilibria of every game (payoffs in US$ bn per year; the coercion game's a present value "
                  "in US$ bn; each verified: regret within the tolerance rule)",
    "bargaining": "Bargaining between China and the EU and Japan over an NdPr supply contract (US$ bn per year)",
    "linkage": "London talks: critical discount factors of grim-trigger cooperation",
    "coercion": "Calibrated coercion: China's optimum (present values in US$ bn, at China's rent derived from "
                "its price, cost and market)",
    "trajectories": "The three trajectories: the outcome of every game under each (each applied on top of "
                    "the calibration or scenario analysed)",
    "trajectory paths": "The diversification race under each trajectory: expected dependence (share of supply "
                        "from China) and China's restriction by year after the shock, from the computed Markov "
                        "perfect equilibrium (race parameters illustrative unless sourced)",
    "influence": "Most influential parameters (Morris elementary effects, per unit of range)",
    "regime flips": "Distance from the calibration to a regime flip (export-restriction game)",
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


def write_figures(parameters: object, directory: Path) -> list[Path]:
    """Write the figures of the analysis as PNG files (needs matplotlib); returns the paths.

    A regime map of the export-restriction game (refined near its
    boundaries), a tornado of the US payoff, Sobol' indices of the US payoff,
    and the bargaining frontier with the recycling plant's BATNA shift.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from leverage.parameters import ParameterSet
    from leverage.plotting import plot_bargaining, plot_regime_map, plot_sobol, plot_tornado
    from leverage.sensitivity.regimes import regime_map
    from leverage.scenarios.recycling import recycling_bargaining, recycling_outcome
    from leverage.scenarios.registry import GAMES
    from leverage.sensitivity import sobol, sweep_outcome, tornado

    assert isinstance(parameters, ParameterSet)
    directory.mkdir(parents=True, exist_ok=True)
    export = GAMES["export_restriction"](parameters)
    # China's price (the floor's premium is derived from it) against what a complying US concedes
    price, concession = export.parameters["china_price"], export.parameters["concession_multiplier"]
    figures = {
        "regime_map.png": lambda ax: plot_regime_map(
            regime_map(export, ("china_price", np.linspace(price.low, price.high, 25)),
                       ("concession_multiplier", np.linspace(concession.low, concession.high, 9)), refine=3),
            ax=ax, calibration=export.parameters),
        "tornado.png": lambda ax: plot_tornado(tornado(export, "payoff_US"), ax=ax, outcome="US payoff"),
        "sobol.png": lambda ax: plot_sobol(sobol(sweep_outcome(export, "payoff_US"), export.parameters, n=256, seed=0),
                                           ax=ax),
        "bargaining.png": lambda ax: plot_bargaining(
            recycling_bargaining(parameters, with_plant=False),
            batna_shift={"EU and Japan": recycling_outcome(parameters)["batna gain"]}, ax=ax),
    }
    paths = []
    for name, draw in figures.items():
        fig, ax = plt.subplots(figsize=(7, 4.5))
        draw(ax)
        fig.tight_layout()
        path = directory / name
        fig.savefig(path, dpi=120)
        plt.close(fig)
        paths.append(path)
    return paths


class _OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on standard error, with exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{PROG}: error: {escape_controls(message, keep_newlines=False)} (see --help)\n")
        raise SystemExit(2)


def _assignment(text: str) -> tuple[str, float]:
    """``NAME=VALUE`` of ``--set`` as ``(name, value)``; a usage error (one line, status 2) otherwise."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE with NAME a parameter name; got {text!r}")
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"the value of {name} must be a number; got {value.strip()!r}") from None
    if not np.isfinite(number):
        raise argparse.ArgumentTypeError(f"the value of {name} must be finite; got {value.strip()!r}")
    return name, number


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


def _parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog=PROG,
        description=(
            "The flagship analysis of leverage: the rare-earth games between China, the US, the EU, Japan "
            "and resource states, solved on a sourced calibration. Prints every game's equilibria with "
            "their regrets, the bargaining outcomes with and without the recycling BATNA, the linkage "
            "thresholds of the London talks, the coercion optimum, the outcome of every game under the "
            "three trajectories (managed rivalry, overshoot into confrontation, reluctant "
            "multilateralism), the most influential parameters and how far the calibration is from a "
            "regime flip."
        ),
        epilog=(
            "Examples: 'python -m leverage' (default calibration); 'python -m leverage --output results' "
            "(also CSV tables and PNG figures); 'python -m leverage --scenario my.toml' (a scenario file "
            "giving parameter values, ranges and sources, and the games to build); 'python -m leverage "
            "--scenario managed_rivalry' (a packaged trajectory); 'python -m leverage --set discount=0.6' "
            "(one value changed). Errors exit with status 2 and one line on standard error."
        ),
    )
    parser.add_argument("--output", metavar="DIR", type=Path,
                        help="also write every table as DIR/<table>.csv, and the figures as PNG when "
                             "matplotlib is installed (pip install 'leverage[plot]')")
    parser.add_argument("--scenario", metavar="FILE_OR_NAME",
                        help="a TOML scenario file (a regular file of at most 1 MB), or the name of a scenario "
                             "packaged with leverage (managed_rivalry, overshoot_into_confrontation, "
                             "reluctant_multilateralism): its parameters (values, and any ranges and sources "
                             "of its own) replace the calibration's, and its game list (if any) restricts the "
                             "games analysed; see leverage.io.load_scenario")
    parser.add_argument("--set", metavar="NAME=VALUE", action="append", type=_assignment, default=[],
                        dest="assignments",
                        help="set one parameter's value (after --scenario; repeatable), inside its range; a "
                             "value outside it needs a scenario file giving the parameter its own range")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default): findings first, then the tables; json: one JSON object "
                             '{"findings": [...], "tables": {...}} on standard output (no NaN: null)')
    parser.add_argument("--quick", action="store_true",
                        help="fewer Morris trajectories and smaller findings samples (a faster, rougher look)")
    parser.add_argument("--debug", action="store_true",
                        help="on an error, show the full traceback instead of one line")
    return parser


def format_findings(findings: Sequence[object]) -> str:
    """The findings as the main job prints them first: a sentence each, then its figures.

    Examples
    --------
    >>> from leverage.scenarios.findings import Finding, NearestFlip
    >>> flip = NearestFlip("discount", 0.4, 0.3125, -0.103, "cooperation fails even linked")
    >>> print(format_findings([Finding("linkage", "Linking sustains cooperation.", "linked", 0.078, 0.028,
    ...                                flip, 1.0, "low", ("discount",), 128)]))
    Findings (each holds at the calibration; robustness: the share of the plausible parameter box where it holds)
    <BLANKLINE>
    1. Linking sustains cooperation.
       robustness 0.078 +/- 0.028 (standard error; 128 draws) | confidence: low
       nearest flip: discount from 0.4 to 0.3125 (-10.3% of its range) gives: cooperation fails even linked
       illustrative share of its variance: 1.00 (1 illustrative parameter: discount)
    <BLANKLINE>
    confidence rule: high: robustness >= 0.9, ...
    """
    from leverage.scenarios.findings import CONFIDENCE_RULE, Finding

    if isinstance(findings, (str, bytes)) or not isinstance(findings, Sequence) or not all(
            isinstance(f, Finding) for f in findings):
        raise TypeError(f"format_findings(): findings must be a sequence of Finding objects; got {findings!r}")
    lines = ["Findings (each holds at the calibration; robustness: the share of the plausible parameter box "
             "where it holds)"]
    if not findings:
        return "\n".join(lines + ["", "  (none: no headline game was analysed)"])
    for k, f in enumerate(findings, start=1):
        flip = f.nearest_flip
        where = ("none: no single parameter overturns it within its range" if flip is None else
                 f"{flip.parameter} from {flip.value:.4g} to {flip.to:.4g} ({flip.relative_change:+.1%} of its "
                 f"range) gives: {flip.result}")
        k_ill = len(f.illustrative)
        share = ("n/a (it holds, or fails, throughout the sample: no variance)" if f.illustrative_share is None
                 else f"{f.illustrative_share:.2f} ({k_ill} illustrative parameter{'' if k_ill == 1 else 's'}"
                      f"{': ' + ', '.join(f.illustrative) if 0 < k_ill <= 3 else ''})")
        lines += ["", f"{k}. {f.statement}",
                  f"   robustness {f.robustness:.3g} +/- {f.robustness_se:.2g} (standard error; {f.draws} draws) | "
                  f"confidence: {f.confidence}",
                  f"   nearest flip: {where}",
                  f"   illustrative share of its variance: {share}"]
    return "\n".join(lines + ["", f"confidence rule: {CONFIDENCE_RULE}"])


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
    """Print a line of the report, control characters escaped (names may come from a file)."""
    print(escape_controls(text))


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


def _analyse(args: argparse.Namespace) -> int:
    from leverage.scenarios.analysis import flagship_analysis, format_table
    from leverage.scenarios.trajectories import default_parameters

    parameters = default_parameters()
    games = None
    title = "default calibration"
    custom: dict[str, Game] = {}
    label = ""
    if args.scenario is not None:
        from leverage.io import load_scenario

        path = _scenario_file(args.scenario)
        scenario = load_scenario(path, base=parameters)
        # the scenario's own ranges, units and sources are kept, not only its values
        parameters = scenario.parameters
        games = tuple(scenario.games) or None
        custom = {name: model.game() for name, model in scenario.custom_games.items()}
        title = f"scenario {scenario.name!r} ({path})"
        label = f"scenario {scenario.name!r}"
    if args.assignments:
        parameters = _apply_assignments(parameters, args.assignments)
        changes = ", ".join(f"{name}={value:g}" for name, value in args.assignments)
        title += f", with {changes}"
        label = f"{label or 'default calibration'} with {changes}"
    analysis = flagship_analysis(parameters, games=games, morris_trajectories=4 if args.quick else 10,
                                 quick=args.quick)
    if label:
        _label_tables(analysis.tables, label)
    as_json = getattr(args, "format", "text") == "json"
    if as_json:
        sys.stdout.write(analysis_json(analysis, title, custom) + "\n")
    else:
        _say(f"leverage: the rare-earth games on the {title}")
        _say("=" * 72)
        _say(format_findings(analysis.findings))
        for name, rows in analysis.tables.items():
            _say(f"\n{TITLES.get(name, name)}\n")
            _say(format_table(rows))
            for sentence in analysis.remarks.get(name, ()):
                _say(sentence)
        for name, game in custom.items():
            _say(f"\nEquilibria of the scenario's game {name!r}:")
            _say(format_equilibria(game) or "  none")
    # with --format json, standard output holds only the JSON: the notes go to standard error
    note = (lambda text: sys.stderr.write(escape_controls(text) + "\n")) if as_json else _say
    if args.output is not None:
        paths = analysis.to_csv(args.output)
        note(f"\nwrote {len(paths)} tables to {args.output}/")
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            note("figures skipped: matplotlib is not installed (pip install 'leverage[plot]')")
        else:
            figures = write_figures(parameters, args.output)
            note(f"wrote {len(figures)} figures to {args.output}/")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the flagship analysis and print it; returns the exit status.

    0 on success; 2 on any error, reported as one line on standard error
    (with ``--debug``, the traceback follows); 130 when interrupted. Usage
    errors and ``--help`` raise :class:`SystemExit` with status 2 and 0, as
    :mod:`argparse` does. A broken pipe is left to :func:`run`.
    """
    args = _parser().parse_args(argv)
    try:
        return _analyse(args)
    except BrokenPipeError:
        raise
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 -- the boundary of the program: every error becomes one line
        if args.debug:
            traceback.print_exc()
        sys.stderr.write(f"{PROG}: error: {escape_controls(_describe(exc), keep_newlines=False)}"
                         f"{'' if args.debug else ' (--debug shows the traceback)'}\n")
        return 2


def run(argv: Sequence[str] | None = None) -> int:
    """The program ``python -m leverage``: :func:`main`, with the output flushed and a closed pipe taken quietly.

    When the reader of the output goes away (``python -m leverage | head -1``)
    the job stops without a message and returns 1, as Python's documentation
    recommends for a broken pipe.
    """
    try:
        try:
            status = main(argv)
        except SystemExit as exc:  # --help, or a usage error already reported
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
