"""The command line of leverage: its parser, its output helpers and the ``list`` subcommand.

:mod:`leverage.__main__` runs the program (``python -m leverage``, or the
``leverage`` console script); this module holds what it needs around the
analysis itself:

- :func:`build_parser`: the options and the two subcommands, ``list`` and
  ``report``; a usage error is one line on standard error, ``<prog>: error:
  ...``, with exit status 2;
- :func:`prog_name`: ``leverage`` when the program runs as the console
  script, else ``python -m leverage``;
- :func:`escape_controls` and :func:`wrap_text`: text from files printed
  without control characters, and no line wider than :data:`WIDTH`;
- :func:`csv_tables`: the layout of ``--format csv``, one CSV block per
  table, each after a ``# table: <name>`` line;
- :func:`list_rows` and :func:`run_list`: ``leverage list games|parameters|trajectories``;
- :func:`check_output_directory` and :func:`check_output_file`: a path given
  to ``--output`` is checked before any work is done.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from leverage.checks import check_callable, check_choice, check_flag, check_int, renamed
from leverage.display import escape_controls
from leverage.version import __version__

__all__ = ["WIDTH", "LIST_TOPICS", "prog_name", "escape_controls", "wrap_text", "build_parser", "csv_tables",
           "list_rows", "run_list", "check_output_directory", "check_output_file", "configure_logging"]

#: The widest line of the text output and of ``--help``.
WIDTH: int = 100

#: What ``leverage list`` lists.
LIST_TOPICS: tuple[str, ...] = ("games", "parameters", "trajectories")



def prog_name(argv0: str | None = None) -> str:
    """The program's name in usage lines and errors: ``leverage`` for the console script, else ``python -m leverage``.

    Examples
    --------
    >>> prog_name("/usr/local/bin/leverage"), prog_name("/src/leverage/__main__.py")
    ('leverage', 'python -m leverage')
    """
    if argv0 is not None and not isinstance(argv0, str):
        raise TypeError(f"prog_name(): argv0 must be a string or None; got {type(argv0).__name__}")
    name = Path(sys.argv[0] if argv0 is None else argv0).name
    return "leverage" if name in ("leverage", "leverage.exe") else "python -m leverage"


def wrap_text(text: str, width: int = WIDTH) -> str:
    """``text`` with every line longer than ``width`` wrapped; a continuation keeps the line's indent, plus two.

    Examples
    --------
    >>> print(wrap_text("   robustness 0.377 +/- 0.0081 (standard error; 512 draws)", width=30))
       robustness 0.377 +/-
         0.0081 (standard error;
         512 draws)
    """
    if not isinstance(text, str):
        raise TypeError(f"wrap_text(): text must be a string; got {type(text).__name__}")
    width = check_int(width, "width", "wrap_text()", low=8)
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip(" ")))
        more = indent + "  " if len(indent) + 2 < width // 2 else ""
        out += textwrap.wrap(line.strip(), width, initial_indent=indent, subsequent_indent=more,
                             break_on_hyphens=False) or [""]
    return "\n".join(out)


class _OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on standard error, with exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        prog = self.prog.split(" ")[0] if self.prog.startswith("leverage") else "python -m leverage"
        sys.stderr.write(f"{prog}: error: {escape_controls(message, keep_newlines=False)} (see --help)\n")
        raise SystemExit(2)


def _formatter(prog: str) -> argparse.HelpFormatter:
    """The help's layout: at most :data:`WIDTH` columns, fewer on a narrower terminal."""
    columns = shutil.get_terminal_size((WIDTH, 24)).columns
    return argparse.HelpFormatter(prog, width=max(40, min(WIDTH, columns) - 2), max_help_position=30)


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


_FORMAT_HELP = ("text (default): findings first, then the tables, no line wider than 100 columns; json: one "
                'JSON object {"findings": [...], "tables": {...}} (no NaN: null); csv: every table (the '
                "findings first), each as a line '# table: <name>', a header line and its rows, tables "
                "apart by a blank line")


def _analysis_options(parser: argparse.ArgumentParser, output: str, keep: bool = False) -> None:
    """The options shared by the main job and ``report``: what to analyse, how loudly.

    With ``keep`` (the subcommand's copies) an option not given after the
    subcommand keeps the value given before it.
    """
    def default(value: Any) -> Any:
        return argparse.SUPPRESS if keep else value

    parser.add_argument("--scenario", metavar="FILE_OR_NAME", default=default(None),
                        help="a TOML scenario file (a regular file of at most 1 MB), or the name of a scenario "
                             "packaged with leverage (managed_rivalry, overshoot_into_confrontation, "
                             "reluctant_multilateralism): its parameters (values, and any ranges and sources "
                             "of its own) replace the calibration's, and its game list (if any) restricts the "
                             "games analysed; see leverage.io.load_scenario")
    parser.add_argument("--set", metavar="NAME=VALUE", action="append", type=_assignment, default=default([]),
                        dest="assignments",
                        help="set one parameter's value (after --scenario; repeatable), inside its range; a "
                             "value outside it needs a scenario file giving the parameter its own range")
    parser.add_argument("--quick", action="store_true", default=default(False),
                        help="fewer Morris trajectories and smaller findings samples (a faster, rougher look)")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", default=default(False),
                          help=f"print only the findings, or, with --output, only {output}; no notes on "
                               "standard error (errors still are)")
    loudness.add_argument("-v", "--verbose", action="store_true", default=default(False),
                          help="report each stage and its time on standard error, with progress bars (the "
                               "bars need tqdm: pip install 'leverage[progress]')")
    parser.add_argument("--debug", action="store_true", default=default(False),
                        help="on an error, show the full traceback instead of one line")


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """The parser of the command line: the main job's options, and the ``list`` and ``report`` subcommands.

    Examples
    --------
    >>> args = build_parser("leverage").parse_args(["list", "games", "--format", "json"])
    >>> args.command, args.topic, args.format
    ('list', 'games', 'json')
    >>> build_parser("leverage").parse_args(["--quick"]).command is None
    True
    """
    prog = prog_name() if prog is None else prog
    parser = _OneLineParser(
        prog=prog, formatter_class=_formatter,
        description=(
            "The flagship analysis of leverage: the rare-earth games between China, the US, the EU, Japan "
            "and resource states, solved on a sourced calibration. Prints every game's equilibria with "
            "their regrets, the bargaining outcomes with and without the recycling BATNA, the linkage "
            "thresholds of the London talks, the coercion optimum, the outcome of every game under the "
            "three trajectories (managed rivalry, overshoot into confrontation, reluctant "
            "multilateralism), the most influential parameters and how far the calibration is from a "
            "regime flip. Subcommands: 'list' lists the games, parameters or trajectories; 'report' "
            "writes the analysis as one HTML file."
        ),
        epilog=(
            f"Examples: '{prog}' (default calibration); '{prog} --output results' (also CSV tables and "
            f"PNG figures); '{prog} --scenario my.toml' (a scenario file giving parameter values, ranges "
            f"and sources, and the games to build); '{prog} --scenario managed_rivalry' (a packaged "
            f"trajectory); '{prog} --set discount=0.6' (one value changed); '{prog} --format csv' "
            f"(the tables as CSV); '{prog} list parameters'; '{prog} report --output report.html'. "
            "Exit status: 0 on success, 2 on any error (one line on standard error), 130 when "
            "interrupted, 1 when the reader of the output goes away."
        ),
    )
    parser.add_argument("--version", action="version", version=f"leverage {__version__}",
                        help="print the version of leverage and exit")
    parser.add_argument("--output", metavar="DIR", type=Path,
                        help="also write every table as DIR/<table>.csv (snake_case names), and the figures "
                             "as PNG when matplotlib is installed (pip install 'leverage[plot]'); DIR is "
                             "created if missing, inside an existing, writable directory")
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text", help=_FORMAT_HELP)
    _analysis_options(parser, "the paths of the files written")
    sub = parser.add_subparsers(dest="command", metavar="{list,report}",
                                title="subcommands (without one: the analysis)")
    listing = sub.add_parser("list", prog=f"{prog} list", formatter_class=_formatter,
                             help="list the games, the parameters or the trajectories",
                             description="List the games a scenario can name, the parameters of the default "
                                         "calibration (value, range, unit, source; illustrative ones marked) "
                                         "or the three packaged trajectories.")
    listing.add_argument("topic", choices=LIST_TOPICS, help="what to list")
    listing.add_argument("--format", choices=("text", "json", "csv"), default=argparse.SUPPRESS,
                         help="text (default), json (a list of objects) or csv (one '# table: <topic>' line, "
                              "then the CSV)")
    report = sub.add_parser("report", prog=f"{prog} report", formatter_class=_formatter,
                            help="write the analysis as one HTML file",
                            description="Compute the analysis of the main job and write it as one HTML "
                                        "report (leverage.report.write_report); prints the path written.")
    report.add_argument("--output", metavar="FILE", type=Path, required=True,
                        help="the HTML file to write (replaced if it exists), in an existing, writable directory")
    _analysis_options(report, "the path of the report", keep=True)
    return parser


def check_output_directory(path: Path) -> None:
    """Refuse an ``--output`` directory that cannot be written, before any work is done.

    Raises
    ------
    ValueError
        If ``path`` is an existing file, or its parent is missing, not a
        directory, or not writable (nor the directory itself, when it exists).

    Examples
    --------
    >>> check_output_directory(Path(__file__))
    Traceback (most recent call last):
    ...
    ValueError: --output: '...cli.py' is an existing file, not a directory
    """
    path = _as_path(path, "check_output_directory()")
    if path.exists():
        if not path.is_dir():
            raise ValueError(f"--output: {str(path)!r} is an existing file, not a directory")
        if not os.access(path, os.W_OK | os.X_OK):
            raise ValueError(f"--output: the directory {str(path)!r} is not writable")
        return
    _check_parent(path)


def check_output_file(path: Path) -> None:
    """Refuse an ``--output`` file that cannot be written (a directory, or in a missing or read-only one).

    Examples
    --------
    >>> check_output_file(Path(__file__).parent)
    Traceback (most recent call last):
    ...
    ValueError: --output: '...leverage' is a directory; give the path of a file, such as report.html
    """
    path = _as_path(path, "check_output_file()")
    if path.is_dir():
        raise ValueError(f"--output: {str(path)!r} is a directory; give the path of a file, such as report.html")
    if path.exists() and not os.access(path, os.W_OK):
        raise ValueError(f"--output: the file {str(path)!r} is not writable")
    _check_parent(path)


def _as_path(path: Any, caller: str) -> Path:
    if not isinstance(path, (str, os.PathLike)) or not str(path):
        raise TypeError(f"{caller}: path must be a non-empty string or path; got {path!r}")
    return Path(path)


def _check_parent(path: Path) -> None:
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise ValueError(f"--output: the directory {str(parent)!r} does not exist (it is not created)")
    if not parent.is_dir():
        raise ValueError(f"--output: {str(parent)!r} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ValueError(f"--output: the directory {str(parent)!r} is not writable")


def configure_logging(verbose: bool, stream: Any = None) -> logging.Handler | None:
    """Show the ``leverage`` logger's INFO messages on standard error when ``verbose``; returns the handler.

    Only the command line calls this: the library itself adds no handler.

    Examples
    --------
    >>> import io
    >>> buffer = io.StringIO()
    >>> handler = configure_logging(True, buffer)
    >>> logging.getLogger("leverage.demo").info("stage done")
    >>> logging.getLogger("leverage").removeHandler(handler)
    >>> buffer.getvalue()
    'leverage: stage done\\n'
    """
    if not check_flag(verbose, "verbose", "configure_logging()"):
        return None
    if stream is not None and not callable(getattr(stream, "write", None)):
        raise TypeError(f"configure_logging(): stream must have a write method, or be None; got {stream!r}")
    logger = logging.getLogger("leverage")
    handler = logging.StreamHandler(sys.stderr if stream is None else stream)
    handler.setFormatter(logging.Formatter("leverage: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def csv_tables(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> str:
    """The ``--format csv`` output: each table as ``# table: <name>``, a header line and its rows.

    Tables are apart by one blank line; ``<name>`` is the table's file stem
    (the name ``--output`` gives its CSV file). Numbers have full precision;
    a cell that does not apply is empty.

    Examples
    --------
    >>> print(csv_tables({"trajectory paths": [{"year": 0, "dependence": 0.9}], "b": [{"x": None}]}), end="")
    # table: trajectory_paths
    year,dependence
    0,0.9
    <BLANKLINE>
    # table: b
    x
    ""
    """
    from leverage.scenarios.tables import table_file_name, write_csv

    if not isinstance(tables, Mapping) or not all(isinstance(k, str) for k in tables):
        raise TypeError(f"csv_tables(): tables must map table names to lists of rows; got {tables!r}")
    with renamed("write_csv():", "csv_tables():"):
        return "\n".join(f"# table: {table_file_name(name)}\n{write_csv(rows)}" for name, rows in tables.items())


def _first_line(func: Callable[..., Any]) -> str:
    """The first line of a docstring, Sphinx roles written as plain names (``:class:`~a.B``` -> ``B``)."""
    doc = (getattr(func, "__doc__", None) or "").strip()
    if not doc:
        return "(no description)"
    line = doc.splitlines()[0].strip()
    line = re.sub(r":\w+:`~[\w.]*?(\w+)`", r"\1", line)
    return re.sub(r":\w+:`([^`]+)`", r"\1", line).replace("``", "")


def list_rows(topic: str) -> list[dict[str, Any]]:
    """The rows ``leverage list <topic>`` prints: games, parameters or trajectories.

    ``games``: each registered game's name and the first line of its
    builder's docstring. ``parameters``: every parameter of the default
    calibration with its value, range, unit, source and whether it is
    illustrative. ``trajectories``: each packaged trajectory, its scenario
    name (for ``--scenario``), its description and the values it sets.

    Examples
    --------
    >>> [row["game"] for row in list_rows("games")][:2]
    ['export_restriction', 'alignment']
    >>> list_rows("parameters")[0]["illustrative"]
    'no'
    >>> list_rows("weather")
    Traceback (most recent call last):
    ...
    leverage.checks.UnknownNameError: list_rows(): topic must be one of 'games', 'parameters', 'trajectories'; got 'weather'
    """
    check_choice(topic, "topic", "list_rows()", LIST_TOPICS)
    if topic == "games":
        from leverage.scenarios.registry import GAMES

        return [{"game": name, "description": _first_line(builder)} for name, builder in GAMES.items()]
    if topic == "parameters":
        from leverage.scenarios.trajectories import default_parameters

        return [{"parameter": name, "value": p.value, "low": p.low, "high": p.high, "unit": p.unit,
                 "source": p.source, "illustrative": "yes" if p.illustrative else "no"}
                for name, p in default_parameters().items()]
    from leverage.scenarios.trajectories import TRAJECTORIES

    def sets(t: Any) -> str:
        parts = [", ".join(f"{k}={v:.4g}" for k, v in t.values.items())]
        parts += [f"race: {', '.join(f'{k}={v:.4g}' for k, v in t.race.items())}"] if t.race else []
        parts += [f"China believes: {', '.join(f'{k}={v:.4g}' for k, v in t.believed.items())}"] if t.believed else []
        return "; ".join(parts)

    return [{"trajectory": name, "scenario": name.replace(" ", "_"), "description": t.description, "sets": sets(t)}
            for name, t in TRAJECTORIES.items()]


_LIST_TITLES = {
    "games": "The games a scenario file can name (scenario.games) and the main job analyses",
    "parameters": "The parameters of the default calibration (value, range, unit, source; illustrative = not "
                  "from a published figure)",
    "trajectories": "The packaged trajectories (--scenario <scenario>; each sets these values on top of the "
                    "calibration)",
}


def run_list(topic: str, fmt: str = "text", write: Callable[[str], Any] | None = None) -> int:
    """Print ``leverage list <topic>`` in the format ``fmt`` (text, json or csv); returns 0.

    Examples
    --------
    >>> run_list("trajectories", "csv")  # doctest: +ELLIPSIS
    # table: trajectories
    trajectory,scenario,description,sets
    managed rivalry,managed_rivalry,...
    0
    """
    from leverage.scenarios.tables import format_table

    caller = "run_list()"
    check_choice(topic, "topic", caller, LIST_TOPICS)
    check_choice(fmt, "fmt", caller, ("text", "json", "csv"))
    write = sys.stdout.write if write is None else check_callable(write, "write", caller)
    rows = list_rows(topic)
    if fmt == "json":
        text = json.dumps(rows, indent=1, allow_nan=False) + "\n"
    elif fmt == "csv":
        text = csv_tables({topic: rows})
    else:
        safe = [{k: escape_controls(v, keep_newlines=False) if isinstance(v, str) else v for k, v in row.items()}
                for row in rows]
        text = wrap_text(_LIST_TITLES[topic]) + "\n\n" + format_table(safe, width=WIDTH) + "\n"
    for line in text.splitlines(keepends=True):  # line by line, as a reader such as `head -1` takes it
        write(line)
    return 0
