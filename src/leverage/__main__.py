"""The main job: ``python -m leverage``.

Runs the flagship analysis (:func:`leverage.scenarios.analysis.flagship_analysis`)
on the default calibration, or on a scenario file, and prints its tables:
every game's equilibria with their regrets, the bargaining outcomes with and
without the recycling BATNA, the linkage thresholds, the coercion optimum,
the three trajectories and the most influential parameters. ``--output DIR``
also writes the tables as CSV and, when matplotlib is installed, the figures
as PNG.

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

__all__ = ["main", "run", "escape_controls", "format_bimatrix", "format_equilibria", "write_figures"]

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
    "parameters": "Parameters (calibrated value, range, unit, source)",
    "equilibria": "Equilibria of every game (each verified: regret within the tolerance rule)",
    "bargaining": "Bargaining between China and the EU and Japan, per kg of NdPr oxide (USD)",
    "linkage": "London talks: critical discount factors of grim-trigger cooperation",
    "coercion": "Calibrated coercion: the coercer's optimum (present values in units of its rent)",
    "trajectories": "The three trajectories: the outcome of every game under each",
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
    from leverage.regimes import regime_map
    from leverage.scenarios.recycling import recycling_bargaining, recycling_outcome
    from leverage.scenarios.registry import GAMES
    from leverage.sensitivity import sobol, sweep_outcome, tornado

    assert isinstance(parameters, ParameterSet)
    directory.mkdir(parents=True, exist_ok=True)
    export = GAMES["export_restriction"](parameters)
    premium, share = export.parameters["diversification_premium"], export.parameters["separation_share"]
    figures = {
        "regime_map.png": lambda ax: plot_regime_map(
            regime_map(export, ("diversification_premium", np.linspace(premium.low, premium.high, 25)),
                       ("separation_share", np.linspace(share.low, share.high, 9)), refine=3),
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
            "giving parameter values, ranges and sources, and the games to build). Errors exit with "
            "status 2 and one line on standard error."
        ),
    )
    parser.add_argument("--output", metavar="DIR", type=Path,
                        help="also write every table as DIR/<table>.csv, and the figures as PNG when "
                             "matplotlib is installed (pip install 'leverage[plot]')")
    parser.add_argument("--scenario", metavar="FILE", type=Path,
                        help="a TOML scenario file (a regular file of at most 1 MB): its parameter values "
                             "replace the calibration, and its game list (if any) restricts the games "
                             "analysed; see leverage.io.load_scenario")
    parser.add_argument("--quick", action="store_true",
                        help="fewer Morris trajectories (a faster, rougher ranking of parameters)")
    parser.add_argument("--debug", action="store_true",
                        help="on an error, show the full traceback instead of one line")
    return parser


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
    if args.scenario is not None:
        from leverage.io import load_scenario

        scenario = load_scenario(args.scenario, base=parameters)
        names = set(parameters.names)
        parameters = parameters.replace(**{k: p.value for k, p in scenario.parameters.items() if k in names})
        games = tuple(scenario.games) or None
        custom = {name: model.game() for name, model in scenario.custom_games.items()}
        title = f"scenario {scenario.name!r} ({args.scenario})"
    analysis = flagship_analysis(parameters, games=games, morris_trajectories=4 if args.quick else 10)
    _say(f"leverage: the rare-earth games on the {title}")
    _say("=" * 72)
    for name, rows in analysis.tables.items():
        _say(f"\n{TITLES.get(name, name)}\n")
        _say(format_table(rows))
    for name, game in custom.items():
        _say(f"\nEquilibria of the scenario's game {name!r}:")
        _say(format_equilibria(game) or "  none")
    if args.output is not None:
        paths = analysis.to_csv(args.output)
        _say(f"\nwrote {len(paths)} tables to {args.output}/")
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            _say("figures skipped: matplotlib is not installed (pip install 'leverage[plot]')")
        else:
            figures = write_figures(parameters, args.output)
            _say(f"wrote {len(figures)} figures to {args.output}/")
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
