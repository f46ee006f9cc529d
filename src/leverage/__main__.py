"""The main job: ``python -m leverage``.

Runs the flagship analysis (:func:`leverage.scenarios.analysis.flagship_analysis`)
on the default calibration, or on a scenario file, and prints its tables:
every game's equilibria with their regrets, the bargaining outcomes with and
without the recycling BATNA, the linkage thresholds, the coercion optimum,
the three trajectories and the most influential parameters. ``--output DIR``
also writes the tables as CSV and, when matplotlib is installed, the figures
as PNG.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from leverage.game import Game
from leverage.solvers import equilibria

__all__ = ["main", "format_bimatrix", "format_equilibria", "write_figures"]

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

    Two-player games list every extreme equilibrium; games of more players
    list their pure equilibria.

    Examples
    --------
    >>> print(format_equilibria(Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])))
      1. Player 1: s1 1.000; Player 2: s1 1.000  | payoffs Player 1 1.000, Player 2 1.000 | regret 0.0e+00
      2. Player 1: s1 0.500, s2 0.500; Player 2: s1 0.500, s2 0.500  | payoffs Player 1 0.500, Player 2 0.500 | regret 0.0e+00
      3. Player 1: s2 1.000; Player 2: s2 1.000  | payoffs Player 1 1.000, Player 2 1.000 | regret 0.0e+00
    """
    from leverage.solvers import pure_equilibria

    lines = []
    found = equilibria(game) if game.n_players == 2 else pure_equilibria(game)
    for k, eq in enumerate(found, start=1):
        parts = []
        for p, vec, names, support in zip(game.players, eq.strategies, game.strategies, eq.support):
            parts.append(f"{p}: " + ", ".join(f"{names[i]} {vec[i]:.3f}" for i in support))
        pay = ", ".join(f"{p} {v:.3f}" for p, v in zip(game.players, eq.payoffs))
        lines.append(f"  {k}. {'; '.join(parts)}  | payoffs {pay} | regret {eq.regret:.1e}")
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m leverage",
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
            "giving parameter values, ranges and sources, and the games to build)."
        ),
    )
    parser.add_argument("--output", metavar="DIR", type=Path,
                        help="also write every table as DIR/<table>.csv, and the figures as PNG when "
                             "matplotlib is installed (pip install 'leverage[plot]')")
    parser.add_argument("--scenario", metavar="FILE", type=Path,
                        help="a TOML scenario file: its parameter values replace the calibration, and its "
                             "game list (if any) restricts the games analysed; see leverage.io.load_scenario")
    parser.add_argument("--quick", action="store_true",
                        help="fewer Morris trajectories (a faster, rougher ranking of parameters)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the flagship analysis and print it; returns the exit status."""
    from leverage.scenarios.analysis import flagship_analysis, format_table
    from leverage.scenarios.trajectories import default_parameters

    args = _parser().parse_args(argv)
    parameters = default_parameters()
    games = None
    title = "default calibration"
    custom: dict[str, Game] = {}
    if args.scenario is not None:
        from leverage.io import ScenarioError, load_scenario

        try:
            scenario = load_scenario(args.scenario, base=parameters)
        except (OSError, ScenarioError) as exc:
            print(f"python -m leverage: {exc}", file=sys.stderr)
            return 2
        names = set(parameters.names)
        parameters = parameters.replace(**{k: p.value for k, p in scenario.parameters.items() if k in names})
        games = tuple(scenario.games) or None
        custom = {name: model.game() for name, model in scenario.custom_games.items()}
        title = f"scenario {scenario.name!r} ({args.scenario})"
    analysis = flagship_analysis(parameters, games=games, morris_trajectories=4 if args.quick else 10)
    print(f"leverage: the rare-earth games on the {title}")
    print("=" * 72)
    for name, rows in analysis.tables.items():
        print(f"\n{TITLES.get(name, name)}\n")
        print(format_table(rows))
    for name, game in custom.items():
        print(f"\nEquilibria of the scenario's game {name!r}:")
        print(format_equilibria(game) or "  none")
    if args.output is not None:
        paths = analysis.to_csv(args.output)
        print(f"\nwrote {len(paths)} tables to {args.output}/")
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            print("figures skipped: matplotlib is not installed (pip install 'leverage[plot]')")
        else:
            figures = write_figures(parameters, args.output)
            print(f"wrote {len(figures)} figures to {args.output}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
