"""The flagship analysis: every scenario game solved at one calibration, as tables.

:func:`flagship_analysis` is what ``python -m leverage`` runs. It returns an
:class:`Analysis`: named tables (lists of rows, each a dict of plain values)
that print as text and write as CSV:

- ``parameters``: every parameter with its value, range, unit and source;
- ``equilibria``: the equilibria of the China-US export-restriction game, the
  pure equilibria of the four-player alignment game, the stage games of the
  London talks and the coercion game's subgame-perfect path, each with its
  payoffs (one numeric column ``payoff <player>`` per player, empty for a
  game the player is not in) and regret;
- ``bargaining``: the Nash and Kalai-Smorodinsky deals between China and the
  EU and Japan, with and without the recycling BATNA;
- ``linkage``: the critical discount factors of licences, chips and both linked;
- ``coercion``: the optimal restriction, the diversification threshold and the
  present values of the status quo, the optimum and the embargo;
- ``trajectories``: the outcome of every game under each trajectory, with
  the computed diversification race (:mod:`leverage.scenarios.trajectory_paths`):
  China's restriction in year 1, the year dependence falls below 0.65 (empty
  when it stays above) and China's discounted value;
- ``trajectory paths``: each trajectory's race path, dependence and
  restriction by year, and in :attr:`Analysis.remarks` how the paths differ
  in words;
- ``influence``: the most influential parameters (Morris elementary effects)
  of three outcomes;
- ``regime flips``: how far the calibration lies from each parameter's
  regime flip in the export-restriction game (empty: no flip in range).

Cells hold numbers as numbers, at full precision (the text display rounds
them: :func:`~leverage.scenarios.tables.format_table`), and ``None`` where a
cell does not apply. Units: a table whose figures differ in unit from row
to row, or share one unit throughout, has a ``unit`` column giving the
unit of that row's figures (``parameters``, ``equilibria``, ``influence``,
``regime flips``; ``bargaining``); a table whose columns differ in unit
names each column's unit in its header, in parentheses (``coercion``:
``optimum PV (US$ bn)``; ``trajectories``). :meth:`Analysis.to_csv`,
:meth:`Analysis.to_pandas`, :meth:`Analysis.to_parquet` and the notebook
view export them (:mod:`leverage.scenarios.tables`).

Before the tables come the *findings* (:func:`headline_findings`, in
:attr:`Analysis.findings`): each headline result in one sentence, with the
share of the parameter box in which it holds, the nearest parameter change
that overturns it, the share of its variance owed to illustrative parameters
and a confidence label (:mod:`leverage.scenarios.findings`).
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leverage.checks import check_flag, check_int, check_rng, renamed
from leverage.game import Game
from leverage.results import EquilibriumList, IncompleteEnumerationWarning
from leverage.parameters import ParameterSet, require_parameters
from leverage.scenarios.alignment import alignment_game
from leverage.scenarios.findings_table import Findings
from leverage.scenarios.london_talks import COOPERATION, london_talks_games, london_talks_linkage
from leverage.scenarios.recycling import recycling_bargaining
from leverage.scenarios.registry import GAMES
from leverage.scenarios.trajectories import coercion_model, default_parameters, profile_label
from leverage.scenarios.trajectory_paths import compare_trajectories, path_table, trajectory_outcomes
from leverage.sensitivity.indices import MAX_EVALUATIONS
from leverage.scenarios.tables import (findings_rows, format_table, table_directory, table_file_name, tables_html,
                                       tables_to_pandas, write_csv, write_parquet)
from leverage.tolerance import FLIP_XTOL

__all__ = ["Analysis", "flagship_analysis", "format_table", "bounded_equilibria", "MAX_EQUILIBRIA_SHOWN", "TIME_LIMIT_PER_GAME",
           "truncation_note", "headline_findings", "FINDINGS_SAMPLES", "FINDINGS_SAMPLES_QUICK",
           "COERCION_FINDING_LEVELS",
           "RACE_DEPENDENCE_LEVEL"]

#: The dependence level whose crossing the trajectories' race paths report (the EU's 65% cap on any one
#: supplier, Regulation (EU) 2024/1252 Art. 5).
RACE_DEPENDENCE_LEVEL: float = 0.65

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

#: Where the analysis reports its stages and their times (INFO); ``python -m leverage -v`` shows them.
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Analysis:
    """Named tables of the flagship analysis.

    Attributes
    ----------
    tables : dict of str to list of dict
        Each table is a list of rows with the same keys.
    parameters : ParameterSet
        The calibration analysed.
    findings : Findings
        The headline results in words (a tuple of Finding that notebooks show as a table), with their robustness
        (:func:`headline_findings`); the main job prints them first.
    remarks : dict of str to tuple of str
        Sentences that read a table in words, by table name (the main job
        prints them after the table): for ``trajectory paths``, how the
        three trajectories' computed paths differ.

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
    findings: Findings = field(default_factory=Findings)
    remarks: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def export_tables(self) -> dict[str, list[Row]]:
        """The tables that the exports write: ``findings`` first (when there are any), then every table.

        The findings table is :func:`~leverage.scenarios.tables.findings_rows`
        of :attr:`findings`.

        Examples
        --------
        >>> list(Analysis({"linkage": [{"issue": "chips"}]}).export_tables())
        ['linkage']
        """
        out: dict[str, list[Row]] = {"findings": findings_rows(self.findings)} if self.findings else {}
        out.update({name: list(rows) for name, rows in self.tables.items()})
        return out

    def to_csv(self, directory: Any) -> list[Any]:
        """Write each table as ``<name>.csv`` in ``directory`` (created if needed); returns the paths.

        File names are snake_case (:func:`~leverage.scenarios.tables.table_file_name`:
        ``trajectory paths`` -> ``trajectory_paths.csv``); the findings, when
        there are any, come as ``findings.csv`` (:meth:`export_tables`).
        Numbers keep their full precision (``float(cell)`` gives each back
        exactly); a cell that does not apply (``None``) is empty.

        Raises
        ------
        FileExistsError
            If ``directory`` is an existing file, not a directory.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> a = Analysis({"regime flips": [{"x": 1 / 3, "y": "a", "z": None}]})
        >>> with tempfile.TemporaryDirectory() as d:
        ...     [p.name for p in a.to_csv(d)], (pathlib.Path(d) / "regime_flips.csv").read_text().splitlines()
        (['regime_flips.csv'], ['x,y,z', '0.3333333333333333,a,'])
        """
        out = table_directory(directory, "Analysis.to_csv()")
        paths = []
        for name, rows in self.export_tables().items():
            path = out / f"{table_file_name(name)}.csv"
            with open(path, "w", newline="", encoding="utf-8") as fh:
                write_csv(rows, fh)
            paths.append(path)
        return paths

    def to_pandas(self) -> dict[str, Any]:
        """The tables as pandas data frames, by table name (:meth:`export_tables`); needs pandas.

        ``regime`` and ``status`` columns are categorical; numeric columns are
        floats, with NaN where a cell does not apply.

        Raises
        ------
        ImportError
            Without pandas: ``pip install 'leverage[tables]'``.

        Examples
        --------
        >>> a = Analysis({"coercion": [{"optimum PV (US$ bn)": 8.5, "regime": "calibrated"}]})
        >>> frames = a.to_pandas()
        >>> frames["coercion"]["regime"].dtype.name
        'category'
        """
        return tables_to_pandas(self.export_tables(), "Analysis.to_pandas()")

    def to_parquet(self, directory: Any) -> list[Any]:
        """Write each data frame of :meth:`to_pandas` as ``<name>.parquet`` in ``directory``; returns the paths.

        Needs pandas and pyarrow (``pip install 'leverage[tables]'``); the
        names are those of :meth:`to_csv`.

        Examples
        --------
        >>> import tempfile, pandas
        >>> a = Analysis({"linkage": [{"issue": "chips", "critical discount": 1 / 7}]})
        >>> with tempfile.TemporaryDirectory() as d:
        ...     (path,) = a.to_parquet(d)
        ...     path.name, bool(pandas.read_parquet(path).iloc[0, 1] == 1 / 7)
        ('linkage.parquet', True)
        """
        return write_parquet(self.export_tables(), directory, "Analysis.to_parquet()")

    def _repr_html_(self) -> str:
        """The findings, then every table, as HTML for Jupyter (every text escaped).

        Examples
        --------
        >>> html = Analysis({"linkage": [{"issue": "<chips>", "critical discount": 0.5}]})._repr_html_()
        >>> "&lt;chips&gt;" in html and "<caption>linkage</caption>" in html
        True
        """
        return tables_html(self.tables, self.findings, self.remarks)


#: The unit of the equilibria table's payoffs, by kind of game.
PER_YEAR, PRESENT_VALUE = "US$ bn per year", "US$ bn (present value)"


def _equilibrium_rows(label: str, game: Game, found: list[Any]) -> list[Row]:
    """One row per equilibrium: its payoffs by player (``payoff <player>`` columns, filled in later)."""
    rows: list[Row] = [
        {"game": label, "players": " / ".join(game.players), "equilibrium": profile_label(game, eq, digits=3),
         "unit": PER_YEAR, **{f"payoff {p}": float(u) for p, u in zip(game.players, eq.payoffs)},
         "regret": float(eq.regret)}
        for eq in found
    ]
    note = truncation_note(found)
    if note is not None:
        rows.append({"game": label, "players": " / ".join(game.players), "equilibrium": note, "unit": PER_YEAR,
                     "regret": None})
    return rows


def _payoff_columns(rows: list[Row]) -> list[Row]:
    """The rows with one ``payoff <player>`` column for every player of any row (None where not a player)."""
    columns = list(dict.fromkeys(k for row in rows for k in row if k.startswith("payoff ")))
    return [{**{k: v for k, v in row.items() if k != "regret" and k not in columns},
             **{c: row.get(c) for c in columns}, "regret": row.get("regret")} for row in rows]


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


# ----------------------------------------------------------------------------- findings

#: Sample sizes of the findings step (:func:`leverage.scenarios.findings.find`), by how a conclusion is
#: evaluated: ``"vectorised"`` (all draws at once) or ``"pointwise"`` (one solve per draw, so far fewer).
#: ``2 replicates points`` draws for the robustness, ``replicates points`` more for the illustrative
#: share; ``flip_num`` scan points per side and parameter, then a bisection to ``flip_xtol`` of a range.
FINDINGS_SAMPLES: dict[str, dict[str, Any]] = {
    "vectorised": {"replicates": 16, "points": 128, "flip_num": 16, "flip_xtol": FLIP_XTOL},
    "pointwise": {"replicates": 8, "points": 8, "flip_num": 3, "flip_xtol": 1e-4},
}

#: Smaller samples for a quick look (``python -m leverage --quick``): rougher robustness, wider errors.
FINDINGS_SAMPLES_QUICK: dict[str, dict[str, Any]] = {
    "vectorised": {"replicates": 4, "points": 64, "flip_num": 8, "flip_xtol": FLIP_XTOL},
    "pointwise": {"replicates": 2, "points": 4, "flip_num": 2, "flip_xtol": 1e-4},
}

#: Restriction levels on which the coercion finding finds the coercer's best level, with each draw's
#: diversification threshold added (the model on a grid).
COERCION_FINDING_LEVELS: np.ndarray = np.linspace(0.0, 1.0, 257)

_VERBS = {"Open": "keeps exports open", "License": "licenses exports (a partial restriction)",
          "Embargo": "embargoes exports", "Comply": "complies on the linked issue",
          "Diversify": "pays to diversify supply"}


def _export_statement(label: str) -> str:
    """The sentence for an equilibrium-regime label of the export-restriction game."""
    if not label:
        return "The China-US export-restriction game could not be solved at the calibration."
    profiles = label.split(" | ")
    if len(profiles) > 1:
        return (f"The China-US export-restriction game has {len(profiles)} equilibria ({label}): "
                f"which is played decides the outcome.")
    china, us = (label.split("/") + [""])[:2]
    if "{" not in label:
        return (f"In the China-US export-restriction game China {_VERBS.get(china, 'plays ' + china)} and the US "
                f"{_VERBS.get(us, 'plays ' + us)}: the only equilibrium is {label}.")
    return (f"The China-US export-restriction game has no pure equilibrium: China mixes over {china.strip('{}')} "
            f"and the US over {us.strip('{}')}.")


def _export_conclusion(ps: ParameterSet) -> Any:
    from leverage.scenarios.findings import Conclusion, game_outcome

    model = GAMES["export_restriction"](ps)
    return Conclusion("export restriction", model.parameters, game_outcome(model), _export_statement)


def _coercion_conclusion(ps: ParameterSet) -> Any:
    from leverage.coercion import REGIMES, coercer_present_values, target_present_values
    from leverage.scenarios.findings import Conclusion
    from leverage.scenarios.trajectories import COERCION_PREFIX, coercion_values
    from leverage.tolerance import RTOL, stacked_payoff_scale

    box = ParameterSet({k: p for k, p in ps.items() if k.startswith(COERCION_PREFIX)})
    levels = COERCION_FINDING_LEVELS[:, None]
    status_quo, calibrated, squeeze, embargo = REGIMES

    def outcome(**arrays: Any) -> np.ndarray:
        # the model's present values on every level of the grid, for every draw: shape (levels, draws)
        # in US$ bn: the rent derived from the calibration's price, cost and market, the money parameters
        # (multiples of it) converted with it
        values = coercion_values({**ps.defaults, **arrays})
        v = {k: np.atleast_1d(np.asarray(a, dtype=float))[None, :] for k, a in values.items()}
        # the target's gain from staying is linear in r (the model's payoffs): add the level where it is
        # indifferent, the diversification threshold, to each draw's grid
        stay_ends, exit_ends = target_present_values(v, np.array([[0.0], [1.0]]))
        g0, g1 = stay_ends[0] - exit_ends[0], stay_ends[1] - exit_ends[1]
        with np.errstate(divide="ignore", invalid="ignore"):
            edge = np.where(g1 < 0.0, g0 / (g0 - g1), 1.0)
        r = np.vstack([np.broadcast_to(levels, (len(levels), edge.size)), np.clip(edge, 0.0, 1.0)[None, :]])
        stay_c, exit_c = coercer_present_values(v, r)
        stay_t, exit_t = target_present_values(v, r)
        # the tie rules of CoercionModel: the target stays when indifferent (the library's tolerance rule
        # over its payoffs), and the coercer takes the lowest optimal level
        tol_t = RTOL * stacked_payoff_scale([np.stack([stay_t, exit_t], axis=-1).swapaxes(0, 1)])[:, 0]
        tol_c = RTOL * stacked_payoff_scale([np.stack([stay_c, exit_c], axis=-1).swapaxes(0, 1)])[:, 0]
        stays = stay_t >= exit_t - tol_t
        keep = np.where(stays, stay_c, -np.inf)
        leave = np.where(stays, -np.inf, exit_c)
        cols = np.arange(keep.shape[1])
        best_keep, best_leave = keep.argmax(axis=0), leave.argmax(axis=0)
        squeezes = leave[best_leave, cols] > keep[best_keep, cols] + tol_c
        level = r[best_keep, cols]
        kept = np.where(level == 0.0, status_quo, np.where(level == 1.0, embargo, calibrated))
        return np.where(squeezes, squeeze, kept).astype(object)

    out = coercion_model(ps).solve()

    def statement(label: str) -> str:
        r_star = f"about {out.optimal_restriction:.0%} of supply" if label == out.regime else "its best level"
        return {
            status_quo: "China's best restriction is none: any restriction costs it more than it extracts.",
            calibrated: f"China's best restriction is interior ({r_star}): it keeps the target from diversifying.",
            squeeze: f"China's best restriction ({r_star}) drives the target to build other supply: squeezing it "
                     f"while it builds pays more than keeping it.",
            embargo: "China's best restriction is a full embargo, which the target accepts rather than diversify.",
        }.get(label, f"China's best restriction falls in the regime {label!r}.")

    return Conclusion("coercion", box, outcome, statement)


def _recycling_conclusion(ps: ParameterSet) -> Any:
    from leverage.scenarios.findings import Conclusion, pointwise
    from leverage.scenarios.recycling import recycling_outcome, recycling_parameters
    from leverage.tolerance import tolerances

    box = require_parameters(ps, recycling_parameters().names, "flagship_analysis()")

    def label(v: dict[str, float]) -> str:
        out = recycling_outcome(box.replace(**v))
        before, after = out["agreement before"], out["agreement after"]
        if not (before or after):
            return "no agreement, with or without the plant"
        if before != after:
            return "the plant makes an agreement possible" if after else "the plant ends the agreement"
        tol = tolerances([np.array([out["china before"], out["buyers before"], out["china after"],
                                    out["buyers after"]], dtype=float)])[0]
        gain = float(out["plant's value"])
        if gain > tol:
            return "the plant moves the deal towards the EU and Japan"
        return "the plant moves the deal towards China" if gain < -tol else "the plant leaves the deal unchanged"

    calibrated = recycling_outcome(box)

    def statement(lab: str) -> str:
        if lab == "the plant moves the deal towards the EU and Japan":
            return (f"A recycling plant as the EU and Japan's fallback moves their Nash bargain with China their way "
                    f"(their payoff rises from {calibrated['buyers before']:.3g} to {calibrated['buyers after']:.3g}, "
                    f"US$ bn per year), and China still agrees.")
        return f"In the bargaining between China and the EU and Japan, {lab}."

    return Conclusion("bargaining", box, pointwise(label), statement)


def _linkage_conclusion(ps: ParameterSet) -> Any:
    from leverage.scenarios.findings import Conclusion, pointwise
    from leverage.scenarios.london_talks import london_talks_parameters

    box = require_parameters(ps, london_talks_parameters().names, "flagship_analysis()")

    def thresholds(sub: ParameterSet) -> tuple[float, float, float]:
        res = london_talks_linkage(sub)
        return float(res.separate[0].value), float(res.separate[1].value), float(res.value)

    def label(v: dict[str, float]) -> str:
        licences, chips, linked = thresholds(box.replace(**v))
        delta = v["discount"]
        if delta >= licences and delta >= chips:
            return "both issues cooperate without linkage"
        return "cooperation holds only when the issues are linked" if delta >= linked else \
            "cooperation fails even linked"

    licences, chips, linked = thresholds(box)
    delta = box["discount"].value

    def statement(lab: str) -> str:
        detail = (f"discount factor {delta:.3g}; thresholds: licences {licences:.3g}, chips {chips:.3g}, "
                  f"linked {linked:.3g}")
        return {
            "cooperation holds only when the issues are linked":
                f"Linking rare-earth licences with chip controls sustains cooperation on both at the calibrated "
                f"patience, which licences alone would not ({detail}).",
            "both issues cooperate without linkage":
                f"Cooperation on licences and on chips holds issue by issue: linkage is not needed ({detail}).",
            "cooperation fails even linked":
                f"Cooperation in the London talks fails even with the issues linked ({detail}).",
        }[lab]

    return Conclusion("linkage", box, pointwise(label), statement)


#: The headline conclusions, by the game each needs: (game, builder, how it is evaluated).
_HEADLINES = (
    ("export_restriction", _export_conclusion, "vectorised"),
    ("recycling", _recycling_conclusion, "pointwise"),
    ("london_talks", _linkage_conclusion, "pointwise"),
    ("coercion", _coercion_conclusion, "vectorised"),
)


def headline_findings(parameters: ParameterSet | None = None, games: Iterable[str] | None = None, *,
                      rng: Any = None, seed: int | None = None, quick: bool = False) -> list[Any]:
    """The flagship analysis' headline results as :class:`~leverage.scenarios.findings.Finding` objects.

    One finding per headline result of the games chosen: the
    export-restriction game's equilibrium, the bargaining with and without
    the recycling BATNA, the linkage threshold of the London talks and the
    coercion optimum, each stated in words with its robustness, nearest
    flip, illustrative share and confidence
    (:func:`~leverage.scenarios.findings.find`, sample sizes
    :data:`FINDINGS_SAMPLES`). The coercion finding solves the model on the
    levels :data:`COERCION_FINDING_LEVELS` with its own payoffs
    (:func:`leverage.coercion.coercer_present_values`) and tie rules, all
    draws at once; its sentence quotes the continuous optimum of
    :meth:`leverage.coercion.CoercionModel.solve`.

    Parameters
    ----------
    parameters : ParameterSet, optional
        The combined set (default :func:`~leverage.scenarios.trajectories.default_parameters`).
    games : iterable of str, optional
        Games of :data:`~leverage.scenarios.registry.GAMES` to state findings for (default: all).
    rng : numpy.random.Generator, int or None
        Seeds the samples: an integer seed (each finding's sample is seeded
        with it), or a generator (each finding's seed is drawn from it). None
        (default): the seed 0, so that the findings are reproducible.
    seed : int, optional
        The older name of ``rng`` (an integer seed); give one or the other.
    quick : bool
        Use the smaller samples :data:`FINDINGS_SAMPLES_QUICK`.

    Examples
    --------
    >>> [f.label for f in headline_findings(games=("coercion",))]
    ['calibrated']
    """
    from leverage.scenarios.findings import find

    caller = "headline_findings()"
    ps = default_parameters() if parameters is None else require_parameters(
        parameters, default_parameters().names, caller)
    if games is not None and (isinstance(games, (str, bytes)) or not isinstance(games, Iterable)):
        raise TypeError(f"{caller}: games must be a sequence of game names, or None; got {games!r}")
    chosen = tuple(GAMES if games is None else games)
    if not all(isinstance(g, str) for g in chosen):
        raise TypeError(f"{caller}: games must hold game names (strings); got {chosen!r}")
    unknown = sorted(g for g in chosen if g not in GAMES)
    if unknown:
        raise ValueError(f"{caller}: unknown game(s) {', '.join(unknown)}; known: {', '.join(GAMES)}")
    source = _seed_source(rng, seed, caller)
    samples = FINDINGS_SAMPLES_QUICK if check_flag(quick, "quick", caller) else FINDINGS_SAMPLES
    return Findings(find(build(ps), seed=_child_seed(source), **samples[kind])
                    for game, build, kind in _HEADLINES if game in chosen)


def _seed_source(rng: Any, seed: Any, caller: str) -> int | np.random.Generator:
    """The integer seed or the generator that seeds the samples (None and None: the seed 0)."""
    if rng is None and seed is None:
        return 0
    generator = check_rng(rng, caller, seed=seed)  # checks rng and seed, and refuses both at once
    if isinstance(rng, np.random.Generator):
        return generator
    return int(seed if seed is not None else rng)


def _child_seed(source: int | np.random.Generator) -> int:
    """A seed for one sample: the integer itself (the same draws as before rng existed), else one drawn."""
    return source if isinstance(source, int) else int(source.integers(2**32))


@contextmanager
def _stage(name: str, total: int, progress: bool, unit: str = "step") -> Iterator[Any]:
    """One stage of the analysis: a progress bar when asked for, and its time logged at INFO."""
    from leverage.progress import progress_bar

    start = time.perf_counter()
    with progress_bar(total, name, enabled=progress, unit=unit, stacklevel=4) as bar:
        yield bar
    _LOG.info("%s: done in %.2f s", name, time.perf_counter() - start)


def flagship_analysis(parameters: ParameterSet | None = None, games: tuple[str, ...] | None = None, *,
                      morris_trajectories: int = 10, rng: Any = None, seed: int | None = None,
                      findings: bool = True, quick: bool = False, progress: bool = False) -> Analysis:
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
    rng : numpy.random.Generator, int or None
        Seeds the Morris trajectories and the findings' samples: an integer
        seed, or a generator from which their seeds are drawn. None (default):
        the seed 0, so that the analysis is reproducible.
    seed : int, optional
        The older name of ``rng`` (an integer seed); give one or the other.
    findings : bool
        Whether to state the headline findings (:func:`headline_findings`).
    quick : bool
        State the findings from the smaller samples :data:`FINDINGS_SAMPLES_QUICK`.
    progress : bool
        Show a progress bar per stage (needs tqdm, ``pip install
        'leverage[progress]'``; without it a warning, once, and no bars). Each
        stage's time is logged at INFO on the ``leverage`` logger either way.

    Returns
    -------
    Analysis

    Raises
    ------
    ValueError
        If a game name is unknown.

    Examples
    --------
    >>> a = flagship_analysis(games=("coercion",), morris_trajectories=2, findings=False)
    >>> a.tables["coercion"][0]["regime"]
    'calibrated'
    """
    from leverage.progress import check_progress
    from leverage.sensitivity.regimes import distance_to_flip
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
    source = _seed_source(rng, seed, caller)
    quick = check_flag(quick, "quick", caller)
    state = check_flag(findings, "findings", caller)
    show = check_progress(progress, caller)
    unknown = [g for g in chosen if g not in GAMES]
    if unknown:
        raise ValueError(
            f"flagship_analysis(): unknown game(s) {', '.join(map(repr, unknown))}; known: {', '.join(map(repr, GAMES))}"
        )
    tables: dict[str, list[Row]] = {}
    tables["parameters"] = [
        {"parameter": name, "value": p.value, "low": p.low, "high": p.high, "unit": p.unit, "source": p.source,
         "illustrative": "yes" if p.illustrative else "no"}
        for name, p in ps.items()
    ]

    eq_rows: list[Row] = []
    solved = [g for g in ("export_restriction", "alignment", "london_talks", "coercion") if g in chosen]
    with _stage("equilibria", len(solved), show, unit="game") as bar:
        if "export_restriction" in chosen:
            g = GAMES["export_restriction"](ps).game()
            eq_rows += _equilibrium_rows("export restriction", g, bounded_equilibria(g))
            bar.update(1)
        if "alignment" in chosen:
            g = alignment_game(ps).game()
            eq_rows += _equilibrium_rows("alignment (pure)", g, pure_equilibria(g))
            bar.update(1)
        if "london_talks" in chosen:
            for label, g in zip(("licences (stage game)", "chips (stage game)"), london_talks_games(ps)):
                eq_rows += _equilibrium_rows(label, g, bounded_equilibria(g))
            bar.update(1)
        if "coercion" in chosen:
            model = coercion_model(ps)
            out = model.solve()
            eq_rows.append({
                "game": "coercion (subgame-perfect path)", "players": " / ".join(model.players),
                "equilibrium": f"r={out.optimal_restriction:g} / {out.answer}", "unit": PRESENT_VALUE,
                **{f"payoff {p}": float(v) for p, v in zip(model.players, (out.optimum, out.target_value))},
                "regret": float(out.regret),  # computed in the game tree, not assumed
            })
            tables["coercion"] = [{
                "optimal restriction (share of supply)": out.optimal_restriction, "target answers": out.answer,
                "diversification threshold (share of supply)": out.threshold,
                "status quo PV (US$ bn)": out.status_quo, "optimum PV (US$ bn)": out.optimum,
                "embargo PV (US$ bn)": out.embargo, "regime": out.regime,
            }]
            bar.update(1)
    tables["equilibria"] = _payoff_columns(eq_rows)

    if "recycling" in chosen:
        with _stage("bargaining", 4, show, unit="solution") as bar:
            rows = []
            for label, plant in (("without recycling", False), ("with recycling", True)):
                problem = recycling_bargaining(ps, with_plant=plant)
                for sol in (problem.nash_solution(), problem.kalai_smorodinsky()):
                    u = sol.utilities if sol.agreement else problem.disagreement
                    rows.append({"BATNA": label, "solution": sol.solution, "agreement": sol.agreement,
                                 "unit": PER_YEAR, "China BATNA": float(problem.disagreement[0]),
                                 "buyers' BATNA": float(problem.disagreement[1]),
                                 "China": float(u[0]), "EU and Japan": float(u[1])})
                    bar.update(1)
            tables["bargaining"] = rows
    if "london_talks" in chosen:
        with _stage("linkage", 1, show, unit="game") as bar:
            res = london_talks_linkage(ps)
            delta = ps["discount"].value
            tables["linkage"] = [
                {"issue": issue, "cooperation": how, "critical discount": float(value),
                 "holds at calibrated discount": bool(delta >= value)}
                for issue, how, value in (("licences", "/".join(COOPERATION[0]), res.separate[0].value),
                                          ("chips", "/".join(COOPERATION[1]), res.separate[1].value),
                                          ("linked", "both", res.value))
            ]
            bar.update(1)

    with _stage("trajectories", 1, show, unit="set") as bar:
        computed = trajectory_outcomes(ps)
        bar.update(1)
    rows = []
    for name, result in computed.items():
        out, race = result.games, result.race
        below = race.years_below(RACE_DEPENDENCE_LEVEL)
        rows.append({
            "trajectory": name,
            "export restriction": " | ".join(out["export restriction"]),
            "alignment": " | ".join(out["alignment"]) or "no pure equilibrium",
            "coercion": f"r={out['coercion'].optimal_restriction:g} ({out['coercion'].regime})",
            "recycling plant's value (US$ bn/yr)": out["recycling"]["plant's value"],
            "linked cooperation": out["linkage"]["cooperation holds"],
            "race: restriction in year 1": float(race.path["restriction"][1]),
            # None: the dependence stays above the level throughout the path
            f"race: dependence below {RACE_DEPENDENCE_LEVEL:g} in year": None if below is None else int(below),
            "race: China's value (US$ bn)": result.china_value_usd,
        })
    tables["trajectories"] = rows
    paths = {name: path_table(result) for name, result in computed.items()}
    years = [row["year"] for row in next(iter(paths.values()))]
    tables["trajectory paths"] = [
        {"year": year, **{f"{name}: {key}": path[k][key] for name, path in paths.items()
                          for key in ("dependence", "restriction")}}
        for k, year in enumerate(years)
    ]
    remarks = {"trajectory paths": tuple(compare_trajectories(computed, level=RACE_DEPENDENCE_LEVEL))}

    influence: list[Row] = []
    export = GAMES["export_restriction"](ps)
    screens = [
        ("US payoff, export restriction", PER_YEAR, sweep_outcome(export, "payoff_US"), export.parameters),
        ("China's restriction, alignment", "restriction level", _vectorised(_restriction_of_alignment, ps),
         alignment_game(ps).parameters),
        ("optimal restriction, coercion", "share of supply",
         _vectorised(lambda q: coercion_model(q).solve().optimal_restriction, ps),
         ParameterSet({k: p for k, p in ps.items() if k.startswith("coercion_")})),
    ]
    with _stage("influence (Morris screening)", len(screens), show, unit="outcome") as bar:
        for label, unit, outcome, space in screens:
            effects = morris(outcome, space, trajectories=morris_trajectories, seed=_child_seed(source))
            for rank, name in enumerate(effects.ranking()[:3], start=1):
                k = effects.names.index(name)
                influence.append({"outcome": label, "unit": unit, "rank": rank, "parameter": name,
                                  "mu*": float(effects.mu_star[k]), "sigma": float(effects.sigma[k])})
            bar.update(1)
    with _stage("regime flips", 1, show, unit="game") as bar:
        tables["regime flips"] = [
            {"parameter": f.parameter, "unit": export.parameters[f.parameter].unit, "calibrated": f.value,
             "regime": f.regime, "flips below at": None if f.down is None else float(f.down),
             "flips above at": None if f.up is None else float(f.up),
             "distance (share of range)": float(f.distance)}
            for f in distance_to_flip(export).values()
        ]
        bar.update(1)
    tables["influence"] = influence
    stated = Findings()
    if state:
        headlines = [game for game, _, _ in _HEADLINES if game in chosen]
        with _stage("findings", len(headlines), show, unit="finding") as bar:
            for game in headlines:
                stated = Findings(stated + headline_findings(ps, (game,), rng=_child_seed(source), quick=quick))
                bar.update(1)
    return Analysis(tables, ps, stated, remarks)
