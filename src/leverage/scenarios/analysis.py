"""The flagship analysis: every scenario game solved at one calibration, as tables.

:func:`flagship_analysis` is what ``python -m leverage`` runs. It returns an
:class:`Analysis`: named tables (lists of rows, each a dict of plain values)
that print as text and write as CSV:

- ``parameters``: every parameter with its value, range, unit and source;
- ``equilibria``: the equilibria of the China-US export-restriction game, the
  pure equilibria of the four-player alignment game, the stage games of the
  London talks and the coercion game's subgame-perfect path, each with its
  payoffs and regret;
- ``bargaining``: the Nash and Kalai-Smorodinsky deals between China and the
  EU and Japan, with and without the recycling BATNA;
- ``linkage``: the critical discount factors of licences, chips and both linked;
- ``coercion``: the optimal restriction, the diversification threshold and the
  present values of the status quo, the optimum and the embargo;
- ``trajectories``: the outcome of every game under each trajectory;
- ``influence``: the most influential parameters (Morris elementary effects)
  of three outcomes;
- ``regime flips``: how far the calibration lies from each parameter's
  regime flip in the export-restriction game.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leverage.checks import check_int, check_seed, renamed
from leverage.game import Game
from leverage.results import EquilibriumList, IncompleteEnumerationWarning
from leverage.parameters import ParameterSet, require_parameters
from leverage.scenarios.alignment import alignment_game
from leverage.scenarios.london_talks import COOPERATION, london_talks_games, london_talks_linkage
from leverage.scenarios.recycling import recycling_bargaining
from leverage.scenarios.registry import GAMES
from leverage.scenarios.trajectories import TRAJECTORIES, coercion_model, default_parameters, outcomes, profile_label
from leverage.sensitivity.indices import MAX_EVALUATIONS

__all__ = ["Analysis", "flagship_analysis", "format_table", "bounded_equilibria", "MAX_EQUILIBRIA_SHOWN", "TIME_LIMIT_PER_GAME",
           "truncation_note"]

#: The main job and reports list at most this many equilibria of a game ...
MAX_EQUILIBRIA_SHOWN: int = 1000

#: ... and spend at most this many seconds enumerating them; a list cut short says so.
TIME_LIMIT_PER_GAME: float = 30.0


def bounded_equilibria(game: Game, max_equilibria: int = MAX_EQUILIBRIA_SHOWN,
                       time_limit: float = TIME_LIMIT_PER_GAME) -> EquilibriumList:
    """A game's equilibria for the main job: bounded in number and time, marked when cut short.

    The list's ``complete`` attribute is False when a bound stopped the
    enumeration; :func:`flagship_analysis` and the main job then print that
    more equilibria may exist and how to get them all. The warning that
    :func:`leverage.equilibria` gives in that case is replaced by that line.

    Examples
    --------
    >>> g = Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> found = bounded_equilibria(g, max_equilibria=2)
    >>> len(found), found.complete, found.reason
    (2, False, 'max_equilibria')
    """
    from leverage.solvers import equilibria

    with warnings.catch_warnings(), renamed("equilibria():", "bounded_equilibria():"):
        warnings.simplefilter("ignore", IncompleteEnumerationWarning)
        return equilibria(game, max_equilibria=max_equilibria, time_limit=time_limit)


def truncation_note(found: Any) -> str | None:
    """The line printed beside a list of equilibria cut short by a bound, or None.

    Examples
    --------
    >>> from leverage.results import EquilibriumList
    >>> truncation_note(EquilibriumList([1, 2], complete=False, reason="time_limit"))
    'more equilibria may exist: the list stopped at 2 (time_limit); leverage.equilibria(game) without max_equilibria and time_limit lists them all'
    """
    if getattr(found, "complete", True):
        return None
    return (
        f"more equilibria may exist: the list stopped at {len(found)} ({found.reason}); "
        f"leverage.equilibria(game) without max_equilibria and time_limit lists them all"
    )

Row = dict[str, Any]


@dataclass(frozen=True)
class Analysis:
    """Named tables of the flagship analysis.

    Attributes
    ----------
    tables : dict of str to list of dict
        Each table is a list of rows with the same keys.
    parameters : ParameterSet
        The calibration analysed.

    Examples
    --------
    >>> a = Analysis({"linkage": [{"issue": "licences", "threshold": 0.5},
    ...                           {"issue": "chips", "threshold": 0.125}]})
    >>> print(format_table(a.tables["linkage"]))
    issue    | threshold
    ---------+----------
    licences | 0.5
    chips    | 0.125
    """

    tables: dict[str, list[Row]] = field(default_factory=dict)
    parameters: ParameterSet | None = None

    def to_csv(self, directory: Any) -> list[Any]:
        """Write each table as ``<name>.csv`` in ``directory`` (created if needed); returns the paths.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> a = Analysis({"t": [{"x": 1, "y": "a"}]})
        >>> with tempfile.TemporaryDirectory() as d:
        ...     [p.name for p in a.to_csv(d)], (pathlib.Path(d) / "t.csv").read_text().splitlines()
        (['t.csv'], ['x,y', '1,a'])
        """
        import csv
        from pathlib import Path

        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, rows in self.tables.items():
            path = out / f"{name}.csv"
            with open(path, "w", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
            paths.append(path)
        return paths


def format_table(rows: list[Row], float_format: str = "{:.4g}") -> str:
    """Rows of dicts as an aligned text table.

    Examples
    --------
    >>> print(format_table([{"game": "A", "value": 1.23456}, {"game": "BB", "value": 2.0}]))
    game | value
    -----+------
    A    | 1.235
    BB   | 2    
    """
    if not rows:
        return "(empty)"
    keys = list(rows[0])
    cells = [[float_format.format(r[k]) if isinstance(r[k], float) else str(r[k]) for k in keys] for r in rows]
    widths = [max(len(k), *(len(c[j]) for c in cells)) for j, k in enumerate(keys)]
    lines = [" | ".join(f"{k:<{w}}" for k, w in zip(keys, widths))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(f"{c:<{w}}" for c, w in zip(row, widths)) for row in cells]
    return "\n".join(lines)


def _equilibrium_rows(label: str, game: Game, found: list[Any]) -> list[Row]:
    rows: list[Row] = [
        {
            "game": label,
            "players": " / ".join(game.players),
            "equilibrium": profile_label(game, eq, digits=3),
            "payoffs": " / ".join(f"{u:.4g}" for u in eq.payoffs),
            "regret": float(eq.regret),
        }
        for eq in found
    ]
    note = truncation_note(found)
    if note is not None:
        rows.append({"game": label, "players": " / ".join(game.players), "equilibrium": note,
                     "payoffs": "", "regret": float("nan")})
    return rows


def _vectorised(func: Callable[[ParameterSet], float], base: ParameterSet) -> Callable[..., np.ndarray]:
    """A vectorised outcome (for Morris) from a function of one parameter set."""

    def outcome(**arrays: Any) -> np.ndarray:
        n = len(next(iter(arrays.values())))
        return np.array([func(base.replace(**{k: float(v[i]) for k, v in arrays.items()})) for i in range(n)])

    return outcome


def _restriction_of_alignment(ps: ParameterSet) -> float:
    from leverage.solvers import pure_equilibria

    levels = {"Open": 0.0, "License": ps["license_level"].value, "Embargo": 1.0}
    game = alignment_game(ps).game()
    found = pure_equilibria(game)
    # the highest restriction among the pure equilibria (NaN if none)
    return max((levels[game.strategies[0][eq.support[0][0]]] for eq in found), default=np.nan)


def flagship_analysis(parameters: ParameterSet | None = None, games: tuple[str, ...] | None = None,
                      morris_trajectories: int = 10, seed: int = 0) -> Analysis:
    """Solve every scenario game at a calibration and tabulate the results.

    Parameters
    ----------
    parameters : ParameterSet, optional
        The combined parameter set (default
        :func:`~leverage.scenarios.trajectories.default_parameters`).
    games : tuple of str, optional
        Which games of :data:`~leverage.scenarios.registry.GAMES` to include
        (default: all).
    morris_trajectories : int
        Trajectories of each Morris screening.
    seed : int
        Seed of the Morris trajectories.

    Returns
    -------
    Analysis

    Raises
    ------
    ValueError
        If a game name is unknown.

    Examples
    --------
    >>> a = flagship_analysis(games=("coercion",), morris_trajectories=2)
    >>> a.tables["coercion"][0]["regime"]
    'calibrated'
    """
    from leverage.regimes import distance_to_flip
    from leverage.sensitivity import morris, sweep_outcome
    from leverage.solvers import pure_equilibria

    caller = "flagship_analysis()"
    if parameters is not None:
        require_parameters(parameters, default_parameters().names, caller)
    ps = default_parameters() if parameters is None else parameters
    if games is not None and (isinstance(games, (str, bytes)) or not isinstance(games, Iterable)):
        raise TypeError(f"{caller}: games must be a sequence of game names, or None; got {games!r}")
    chosen = tuple(GAMES) if games is None else tuple(games)
    if not all(isinstance(g, str) for g in chosen):
        raise TypeError(f"{caller}: games must hold game names (strings); got {chosen!r}")
    check_int(morris_trajectories, "morris_trajectories", caller, low=1, high=MAX_EVALUATIONS // (len(ps) + 1))
    seed = check_seed(seed, caller)
    unknown = [g for g in chosen if g not in GAMES]
    if unknown:
        raise ValueError(
            f"flagship_analysis(): unknown game(s) {', '.join(map(repr, unknown))}; known: {', '.join(map(repr, GAMES))}"
        )
    tables: dict[str, list[Row]] = {}
    tables["parameters"] = [
        {"parameter": name, "value": p.value, "low": p.low, "high": p.high, "unit": p.unit, "source": p.source}
        for name, p in ps.items()
    ]

    eq_rows: list[Row] = []
    if "export_restriction" in chosen:
        g = GAMES["export_restriction"](ps).game()
        eq_rows += _equilibrium_rows("export restriction", g, bounded_equilibria(g))
    if "alignment" in chosen:
        g = alignment_game(ps).game()
        eq_rows += _equilibrium_rows("alignment (pure)", g, pure_equilibria(g))
    if "london_talks" in chosen:
        for label, g in zip(("licences (stage game)", "chips (stage game)"), london_talks_games(ps)):
            eq_rows += _equilibrium_rows(label, g, bounded_equilibria(g))
    if "coercion" in chosen:
        model = coercion_model(ps)
        out = model.solve()
        eq_rows.append({
            "game": "coercion (subgame-perfect path)",
            "players": " / ".join(model.players),
            "equilibrium": f"r={out.optimal_restriction:g} / {out.answer}",
            "payoffs": f"{out.optimum:.4g}",
            "regret": float(out.regret),  # computed in the game tree, not assumed
        })
        tables["coercion"] = [{
            "optimal restriction": out.optimal_restriction, "target answers": out.answer,
            "diversification threshold": out.threshold, "status quo PV": out.status_quo,
            "optimum PV": out.optimum, "embargo PV": out.embargo, "regime": out.regime,
        }]
    tables["equilibria"] = eq_rows

    if "recycling" in chosen:
        rows = []
        for label, plant in (("without recycling", False), ("with recycling", True)):
            problem = recycling_bargaining(ps, with_plant=plant)
            for sol in (problem.nash_solution(), problem.kalai_smorodinsky()):
                u = sol.utilities if sol.agreement else problem.disagreement
                rows.append({"BATNA": label, "solution": sol.solution, "agreement": sol.agreement,
                             "China BATNA": float(problem.disagreement[0]),
                             "buyers' BATNA": float(problem.disagreement[1]),
                             "China": float(u[0]), "EU and Japan": float(u[1])})
        tables["bargaining"] = rows
    if "london_talks" in chosen:
        res = london_talks_linkage(ps)
        delta = ps["discount"].value
        tables["linkage"] = [
            {"issue": "licences", "cooperation": "/".join(COOPERATION[0]), "critical discount": res.separate[0].value,
             "holds at calibrated discount": bool(delta >= res.separate[0].value)},
            {"issue": "chips", "cooperation": "/".join(COOPERATION[1]), "critical discount": res.separate[1].value,
             "holds at calibrated discount": bool(delta >= res.separate[1].value)},
            {"issue": "linked", "cooperation": "both", "critical discount": res.value,
             "holds at calibrated discount": bool(delta >= res.value)},
        ]

    rows = []
    for name, t in TRAJECTORIES.items():
        out = outcomes(t.parameters(ps))
        rows.append({
            "trajectory": name,
            "export restriction": " | ".join(out["export restriction"]),
            "alignment": " | ".join(out["alignment"]) or "no pure equilibrium",
            "coercion": f"r={out['coercion'].optimal_restriction:g} ({out['coercion'].regime})",
            "recycling plant's value": out["recycling"]["plant's value"],
            "linked cooperation": out["linkage"]["cooperation holds"],
        })
    tables["trajectories"] = rows

    influence: list[Row] = []
    export = GAMES["export_restriction"](ps)
    screens = [
        ("US payoff, export restriction", sweep_outcome(export, "payoff_US"), export.parameters),
        ("China's restriction, alignment", _vectorised(_restriction_of_alignment, ps),
         alignment_game(ps).parameters),
        ("optimal restriction, coercion",
         _vectorised(lambda q: coercion_model(q).solve().optimal_restriction, ps),
         ParameterSet({k: p for k, p in ps.items() if k.startswith("coercion_")})),
    ]
    for label, outcome, space in screens:
        effects = morris(outcome, space, trajectories=morris_trajectories, seed=seed)
        for rank, name in enumerate(effects.ranking()[:3], start=1):
            k = effects.names.index(name)
            influence.append({"outcome": label, "rank": rank, "parameter": name,
                              "mu*": float(effects.mu_star[k]), "sigma": float(effects.sigma[k])})
    tables["regime flips"] = [
        {"parameter": f.parameter, "calibrated": f.value, "regime": f.regime,
         "flips below at": "none in range" if f.down is None else float(f.down),
         "flips above at": "none in range" if f.up is None else float(f.up),
         "distance (share of range)": float(f.distance)}
        for f in distance_to_flip(export).values()
    ]
    tables["influence"] = influence
    return Analysis(tables, ps)
