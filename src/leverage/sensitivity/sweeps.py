"""Parameter sweeps: solve a parametric game at many draws, in chunks, serially or in parallel.

:func:`sweep` evaluates a two-player :class:`~leverage.ParametricGame` over a
*space* of parameter values (an array of draws, a full grid, a one-at-a-time
scan or a Latin hypercube / Sobol' / Monte Carlo sample), solves every draw
with :func:`~leverage.sensitivity.solve_batch` (vectorised: one
``model.batch`` call and one ``solve_batch`` call per block of a few
thousand draws, no Python loop per draw), selects one equilibrium per draw
by a documented rule (vectorised too, except ``"logit"``, which traces one
logit QRE path per draw with several equilibria) and returns a
:class:`SweepResult`: a table of 1-D numpy arrays.

The draws are cut into chunks inside the library; the chunks can go to any
:class:`concurrent.futures.Executor` and be checkpointed to a directory, so
that an interrupted sweep resumes where it stopped. The table is
bit-identical whatever the executor and the chunk size: solving involves no
randomness and every draw is computed independently of the others. A
chunk's result holds the text columns as small integer codes (a few bytes
per draw), so results travel cheaply from worker processes and finished
chunks are copied straight into the preallocated table; the text columns
are built once, at the end.

Examples
--------
>>> from leverage.scenarios import export_restriction_game
>>> res = sweep(export_restriction_game(),
...             {"kind": "grid", "values": {"diversification_premium": [1.3, 2.4]}})
>>> res.column("regime").tolist()
['{Open,License}/{Comply,Diversify}', 'License/Comply']
>>> res.status_counts()
{'ok': 2}
"""

from __future__ import annotations

import concurrent.futures
import logging
import math
import os
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from leverage.checks import check_rng, real_array
from leverage.game import Game
from leverage.parametric import ParametricGame
from leverage.solvers.selection import (  # SELECTION_RULES: the rules sweep() understands, re-exported
    SELECTION_RULES,
    logit_index,
    select_indices,
)
from leverage.solvers.batch import solve_batch
from leverage.progress import check_progress, progress_bar
from leverage.sensitivity.checkpoint import STATUS_CODE, SWEEP_STATUSES, ChunkTable, SweepCheckpoint, sweep_manifest
from leverage.sensitivity.regime_codes import compact_codes, regime_codes
from leverage.sensitivity.sweep_table import SweepResult

__all__ = ["sweep", "SweepResult", "SweepErrorWarning", "SELECTION_RULES", "SWEEP_STATUSES", "MAX_SWEEP_DRAWS"]

#: The library's logger: each failed draw at DEBUG level, a summary of the failures at WARNING level.
LOGGER = logging.getLogger("leverage")

#: Largest number of draws per chunk when ``chunksize="auto"``.
MAX_AUTO_CHUNK = 50_000

#: Most draws one :func:`sweep` takes (its table is held in memory); split a larger design into sweeps.
MAX_SWEEP_DRAWS = 10_000_000

#: Bound on ``vertices**2 * draws`` of one block of draws solved together (see :func:`_block_size`).
_BLOCK_BUDGET = 1 << 22

#: Bytes of the never-touched array allocated and freed by :func:`worker_initializer`.
_ALLOCATOR_HINT = 16 << 20

_SPACE_KINDS = ("grid", "oat", "lhs", "sobol", "random")

#: Fewest draws of a block when a progress bar is shown (the blocks are then about 1/50 of a chunk).
_PROGRESS_BLOCK = 32


class SweepErrorWarning(UserWarning):
    """Some draws of a sweep failed: one warning per sweep, with the count and the first error.

    The failed rows have status ``"error"`` and their exception in the
    ``error`` column (``result.failures()``, or
    ``result.to_pandas().query("status == 'error'")``).

    Examples
    --------
    >>> issubclass(SweepErrorWarning, UserWarning)
    True
    """


def _describe(exc: BaseException) -> str:
    """An exception as ``"Type: message"`` (the type alone when the message is empty)."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# ----------------------------------------------------------------------------- validation


def _check_draws(count: int, caller: str) -> None:
    if count > MAX_SWEEP_DRAWS:
        raise ValueError(
            f"{caller}: the space has {count:,} draws, more than MAX_SWEEP_DRAWS={MAX_SWEEP_DRAWS:,}; "
            f"split it into several sweeps"
        )


def _check_space(model: ParametricGame, space: Any, rng: np.random.Generator) -> np.ndarray:
    caller = "sweep()"
    ps = model.parameters
    P = len(ps)
    if isinstance(space, Mapping):
        kind = space.get("kind")
        if kind not in _SPACE_KINDS:
            raise ValueError(f"{caller}: space['kind'] must be one of {', '.join(map(repr, _SPACE_KINDS))}; got {kind!r}")
        allowed = {"grid": {"kind", "values"}, "oat": {"kind", "num"}}.get(kind, {"kind", "n"})
        extra = sorted(set(space) - allowed)
        missing = sorted(allowed - set(space))
        if extra:
            raise ValueError(f"{caller}: unknown key(s) {', '.join(map(repr, extra))} in a {kind!r} space")
        if missing:
            raise ValueError(f"{caller}: a {kind!r} space needs the key(s) {', '.join(map(repr, missing))}")
        if kind == "grid":
            values = space["values"]
            if not isinstance(values, Mapping) or not values:
                raise TypeError(f"{caller}: space['values'] must be a non-empty mapping of parameter names to lists")
            unknown = [k for k in values if k not in ps]
            if unknown:
                raise ValueError(
                    f"{caller}: unknown parameter(s) {', '.join(map(repr, unknown))} in the grid; known: {', '.join(ps)}"
                )
            axes = {}
            for name, vals in values.items():
                try:
                    arr = real_array(vals, f"the grid values of {name!r}", caller, finite=False)
                except TypeError:
                    raise TypeError(f"{caller}: the grid values of {name!r} must be numbers") from None
                if arr.ndim != 1 or arr.size == 0:
                    raise ValueError(f"{caller}: the grid values of {name!r} must be a non-empty 1-D list")
                axes[name] = arr
            _check_draws(math.prod(len(a) for a in axes.values()), caller)
            mesh = np.meshgrid(*axes.values(), indexing="ij")
            N = mesh[0].size
            out = np.tile(np.array(list(ps.defaults.values()), dtype=float), (N, 1))
            for name, grid in zip(axes, mesh):
                out[:, ps.names.index(name)] = grid.ravel()
        elif kind == "oat":
            num = space["num"]
            if isinstance(num, bool) or not isinstance(num, (int, np.integer)) or num < 1:
                raise ValueError(f"{caller}: space['num'] must be a positive integer; got {num!r}")
            _check_draws(int(num) * P, caller)
            base = np.array(list(ps.defaults.values()), dtype=float)
            blocks = []
            for j, p in enumerate(ps[name] for name in ps.names):
                block = np.tile(base, (int(num), 1))
                block[:, j] = np.linspace(p.low, p.high, int(num))
                blocks.append(block)
            out = np.concatenate(blocks, axis=0)
        else:
            n = space["n"]
            if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
                raise ValueError(f"{caller}: space['n'] must be a positive integer; got {n!r}")
            _check_draws(int(n), caller)
            out = ps.sample(int(n), rng=rng, method=kind)
    elif isinstance(space, (np.ndarray, list, tuple)):
        try:
            out = real_array(space, "space", caller, finite=False).copy()
        except TypeError:
            raise TypeError(f"{caller}: an array space must be numeric") from None
        if out.ndim != 2 or out.shape[1] != P or out.shape[0] == 0:
            raise ValueError(
                f"{caller}: an array space must have shape (N, {P}) with N >= 1 "
                f"(columns {', '.join(ps.names)}); got shape {out.shape}"
            )
    else:
        raise TypeError(
            f"{caller}: space must be an (N, P) array or a dict spec such as "
            f"{{'kind': 'lhs', 'n': 100}}; got {type(space).__name__}"
        )
    out = np.ascontiguousarray(out, dtype=float)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{caller}: the parameter values must be finite")
    for j, (name, p) in enumerate(ps.items()):
        bad = (out[:, j] < p.low) | (out[:, j] > p.high)
        if bad.any():
            raise ValueError(
                f"{caller}: {name}={out[bad, j][0]:g} (row {int(np.flatnonzero(bad)[0])}) lies outside "
                f"its range [{p.low:g}, {p.high:g}]"
            )
    return out


def _chunk_size(chunksize: Any, N: int, executor: Any) -> int:
    if isinstance(chunksize, str):
        if chunksize != "auto":
            raise ValueError(f"sweep(): chunksize must be 'auto' or a positive integer; got {chunksize!r}")
        if executor is None:
            return int(min(MAX_AUTO_CHUNK, N))
        workers = int(getattr(executor, "_max_workers", None) or os.cpu_count() or 1)
        return int(min(MAX_AUTO_CHUNK, max(1, math.ceil(N / (4 * workers)))))
    if isinstance(chunksize, bool) or not isinstance(chunksize, (int, np.integer)) or chunksize < 1:
        raise ValueError(f"sweep(): chunksize must be 'auto' or a positive integer; got {chunksize!r}")
    return int(chunksize)


# ----------------------------------------------------------------------------- one chunk


def _evaluate_rows(model: ParametricGame, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    """Payoffs of a block; rows whose payoffs cannot be evaluated are flagged (zero-filled) with their error."""
    k = len(values)
    m, n = model.shape
    try:
        A, B = model.batch(values)
        return np.asarray(A, dtype=float), np.asarray(B, dtype=float), {}
    except Exception as exc:
        if k == 1:
            return np.zeros((1, m, n)), np.zeros((1, m, n)), {0: _describe(exc)}
    half = k // 2  # bisect to isolate the failing draws (a few extra vectorised calls)
    A1, B1, e1 = _evaluate_rows(model, values[:half])
    A2, B2, e2 = _evaluate_rows(model, values[half:])
    return np.concatenate([A1, A2]), np.concatenate([B1, B2]), {**e1, **{half + r: e for r, e in e2.items()}}


def select_equilibria(
    res: Any, A: np.ndarray, B: np.ndarray, select: str, skip: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Index of the selected equilibrium of each game (0 where there is none) and where the rule could not choose.

    The rules of :data:`~leverage.solvers.selection.BATCH_RULES` are
    vectorised. ``"logit"`` traces one logit QRE path per game with several
    equilibria (:func:`~leverage.solvers.selection.logit_index`); a game
    with one equilibrium needs none, its equilibrium being the path's limit
    (always a Nash equilibrium). Games marked in ``skip`` (rows in error)
    are not traced. Only ``"logit"`` can fail to choose: where the path has
    no verified limit. A helper of the sweeps, not in ``__all__``.

    Parameters
    ----------
    res : batch result
        The equilibria of each game, as returned by
        :func:`~leverage.solvers.batch.solve_batch` (a
        :class:`~leverage.solvers.batch.BatchEquilibria`).
    A, B : numpy.ndarray
        The payoff matrices of the games, shape ``(k, m, n)``.
    select : str
        The selection rule.
    skip : numpy.ndarray of bool, optional
        Games not to trace (rows in error).

    Returns
    -------
    tuple of numpy.ndarray
        The index of the selected equilibrium of each game, and a boolean
        array marking the games where the rule could not choose.
    """
    k = len(A)
    unselected = np.zeros(k, dtype=bool)
    if select != "logit":
        return select_indices(select, res.payoffs, [A, B], [res.x, res.y], rtol=res.rtol), unselected
    pick = np.zeros(k, dtype=np.intp)
    several = (res.count > 1) & (res.status == "ok")
    if skip is not None:
        several &= ~skip
    for row in np.flatnonzero(several):
        chosen = logit_index(Game.from_bimatrix(A[row], B[row]), (res.x[row], res.y[row]))
        if chosen is None:
            unselected[row] = True
        else:
            pick[row] = chosen
    return pick, unselected


def worker_initializer() -> None:
    """Prepare a process to solve sweeps: let the C allocator recycle the solver's temporaries.

    Pass it as the ``initializer`` of a process pool that runs sweeps
    (``ProcessPoolExecutor(2, initializer=worker_initializer)``);
    :func:`sweep` calls it itself, once, before a serial sweep. It allocates
    and frees one 16 MiB array that is never touched (so it costs no page
    faults), which raises glibc's ``malloc`` thresholds as glibc itself does
    after any large array, so that the temporaries of one block of draws are
    reused by the next instead of being returned to the system and faulted in
    again. The effect lasts for the life of the process; elsewhere it is a
    harmless no-op. benchmarks/README.md gives the measurement.

    Examples
    --------
    >>> worker_initializer()
    """
    hint = np.empty(_ALLOCATOR_HINT, dtype=np.uint8)
    del hint


def _block_size(shape: tuple[int, int]) -> int:
    """Draws evaluated and solved together inside a chunk, for games of this shape.

    The solver's temporary arrays grow with ``vertices**2`` per game (the
    pairing of the two polytopes' vertices). A block is the largest power of
    two of draws, between 1024 and 16384, whose pairing array has at most
    :data:`_BLOCK_BUDGET` entries: 16384 draws of a 2 x 2 game, 8192 of a
    3 x 3, 1024 of a 4 x 4. Larger blocks gain little and their temporaries
    no longer fit under the allocator's thresholds (see
    :func:`worker_initializer`; the measurements are in ``benchmarks/README.md``).
    """
    m, n = shape
    vertices = math.comb(m + n, m) - 1
    fit = max(1, _BLOCK_BUDGET // (vertices * vertices))
    return int(min(16384, max(1024, 1 << (fit.bit_length() - 1))))


def _solve_block(model: ParametricGame, values: np.ndarray, select: str) -> tuple[dict[str, np.ndarray], list[str]]:
    """Evaluate and solve a block of draws; the columns of :func:`_run_chunk` and the block's regime labels.

    Also returns ``nan_rows`` (rows whose equilibrium columns are NaN) and
    ``errors`` (``{row: "Type: message"}`` for the rows in error).
    """
    k = len(values)
    m, n = model.shape
    A, B, errors = _evaluate_rows(model, values)
    failed = np.zeros(k, dtype=bool)
    failed[list(errors)] = True
    res = solve_batch(A, B)
    E = res.x.shape[1]
    pick, unselected = select_equilibria(res, A, B, select, skip=failed)
    rows = np.arange(k)
    if E:
        x = res.x[rows, pick]  # fancy indexing: writable copies
        y = res.y[rows, pick]
        pay = res.payoffs[rows, pick]
    else:  # pragma: no cover - every game has an equilibrium
        x, y, pay = np.full((k, m), np.nan), np.full((k, n), np.nan), np.full((k, 2), np.nan)
    count = res.count.astype(np.int64)  # a copy: the solver's arrays are read-only
    status = np.where(count > 1, STATUS_CODE["multiple"], STATUS_CODE["ok"]).astype(np.int8)
    status[count == 0] = STATUS_CODE["none"]
    status[unselected] = STATUS_CODE["unselected"]
    bad = failed | (res.status != "ok")
    status[bad] = STATUS_CODE["error"]
    for r in np.flatnonzero(bad & ~failed):
        errors[int(r)] = f"SolverError: the batch solver reported status {str(res.status[r])!r} for this game"
    codes, labels = regime_codes(res.x, res.y, res.count, model.strategies)
    if bad.any():
        codes[bad] = len(labels)
        labels = labels + [""]
    nan_rows = bad | (count == 0) | unselected
    x[nan_rows] = np.nan
    y[nan_rows] = np.nan
    pay[nan_rows] = np.nan
    count[failed] = -1
    cols = {
        "payoffs": pay,
        "x": x,
        "y": y,
        "n_equilibria": count,
        "regime_code": codes,
        "status_code": status,
        "nan_rows": nan_rows,
        "errors": errors,
    }
    return cols, labels


def _outcome_rows(
    model: ParametricGame, values: np.ndarray, cols: dict[str, Any], outcome: Callable[..., Any]
) -> np.ndarray:
    """The outcome of each row of a solved block (NaN where none); a failed row gets status error and its message."""
    k = len(values)
    x, y, pay, status, errors = cols["x"], cols["y"], cols["payoffs"], cols["status_code"], cols["errors"]
    out = np.full(k, np.nan)
    names = model.parameters.names
    for r in range(k):
        if cols["nan_rows"][r]:
            continue
        try:
            v = float(outcome(dict(zip(names, values[r].tolist())), (x[r].copy(), y[r].copy()), pay[r].copy()))
        except Exception as exc:
            status[r], errors[r] = STATUS_CODE["error"], f"outcome: {_describe(exc)}"
            continue
        if not math.isfinite(v):
            status[r], errors[r] = STATUS_CODE["error"], f"outcome: the outcome is not finite ({v})"
        else:
            out[r] = v
    return out


def _run_chunk(
    model: ParametricGame,
    values: np.ndarray,
    select: str,
    outcome: Callable[..., Any] | None,
    block: int | None = None,
    on_block: Callable[[int], None] | None = None,
) -> dict[str, np.ndarray]:
    """Solve one chunk of draws; returns the non-parameter columns as numeric arrays.

    The draws are evaluated and solved in blocks of :func:`_block_size`
    rows (at most ``block`` rows when given), whose temporary arrays stay
    small enough to be recycled by the memory allocator; ``on_block(rows)``
    is called after each block (the progress bar of an in-process sweep).

    The text columns travel as codes: ``status_code`` indexes
    :data:`SWEEP_STATUSES`, ``regime_code`` the chunk's own small table
    ``regime_labels`` (only labels in use) and ``error_code`` the table
    ``error_labels`` of the chunk's error messages (code 0: no error). A
    chunk's result is therefore a few bytes per draw whatever the length of
    the labels, which keeps the results cheap to send back from worker
    processes and to checkpoint.
    """
    k = len(values)
    m, n = model.shape
    out = {
        "payoffs": np.empty((k, 2)),
        "x": np.empty((k, m)),
        "y": np.empty((k, n)),
        "n_equilibria": np.empty(k, dtype=np.int64),
        "regime_code": np.empty(k, dtype=np.int32),
        "status_code": np.empty(k, dtype=np.int8),
        "error_code": np.zeros(k, dtype=np.int32),
    }
    if outcome is not None:
        out["outcome"] = np.empty(k)
    labels: dict[str, int] = {}
    messages: dict[str, int] = {"": 0}
    size = _block_size(model.shape) if block is None else min(block, _block_size(model.shape))
    n_blocks = -(-k // size)
    ends = [k * b // n_blocks for b in range(n_blocks + 1)]  # blocks of equal size: no small remainder
    for start, stop in zip(ends[:-1], ends[1:]):
        rows = slice(start, stop)
        cols, block_labels = _solve_block(model, values[rows], select)
        renumber = np.array([labels.setdefault(label, len(labels)) for label in block_labels], dtype=np.int32)
        cols["regime_code"] = renumber[cols["regime_code"]]
        if outcome is not None:
            out["outcome"][rows] = _outcome_rows(model, values[rows], cols, outcome)
        for r, message in cols.pop("errors").items():
            out["error_code"][start + r] = messages.setdefault(message, len(messages))
        cols.pop("nan_rows")
        for key, arr in cols.items():
            out[key][rows] = arr
        if on_block is not None:
            on_block(stop - start)
    out["regime_code"], out["regime_labels"] = compact_codes(out["regime_code"], list(labels))
    out["error_labels"] = np.array(list(messages))
    return out


def _compute(
    model: ParametricGame,
    values: np.ndarray,
    bounds: list[int],
    select: str,
    outcome: Callable[..., Any] | None,
    executor: concurrent.futures.Executor | None,
    progress: bool,
    store: SweepCheckpoint | None,
) -> tuple[ChunkTable, list[int]]:
    """Fill the table chunk by chunk: read back from ``store`` what it holds and trusts, compute the rest.

    The progress bar counts draws: per block of draws in this process, per
    finished chunk on an executor.
    """
    table = ChunkTable(len(values), model.shape, outcome is not None)
    todo = list(range(len(bounds) - 1)) if store is None else store.resume(table, bounds)
    left = sum(bounds[c + 1] - bounds[c] for c in todo)

    with progress_bar(len(values), "sweep", progress, "draw", initial=len(values) - left, stacklevel=3) as bar:

        def finished(c: int, cols: dict[str, np.ndarray], counted: bool) -> None:
            if store is not None:
                store.save(c, cols)
            table.put(bounds[c], cols)
            if not counted:
                bar.update(bounds[c + 1] - bounds[c])

        if executor is None:
            worker_initializer()  # once per process (pools: their initializer)
            for c in todo:
                k = bounds[c + 1] - bounds[c]
                block = max(_PROGRESS_BLOCK, -(-k // 50)) if progress else None
                cols = _run_chunk(model, values[bounds[c] : bounds[c + 1]], select, outcome, block, bar.update)
                finished(c, cols, True)
        else:
            futures = {
                executor.submit(_run_chunk, model, values[bounds[c] : bounds[c + 1]], select, outcome): c for c in todo
            }
            for fut in concurrent.futures.as_completed(futures):
                # drop the future once its chunk is in the table, so that its result can be freed
                finished(futures.pop(fut), fut.result(), False)
    return table, todo


def _report_failures(result: SweepResult, caller: str) -> None:
    """One :class:`SweepErrorWarning` and one WARNING log record summing up the failed draws; DEBUG per draw."""
    failures = result.failures()
    if not failures:
        return
    if LOGGER.isEnabledFor(logging.DEBUG):
        for row, message in failures.items():
            LOGGER.debug("%s draw %d failed: %s", caller, row, message)
    first_row, first = next(iter(failures.items()))
    summary = (
        f"{caller}: {len(failures):,} of {len(result):,} draws failed (status 'error'); the first, row {first_row}: "
        f"{first}. Find them with result.failures(), result.columns['error'] or "
        "result.to_pandas().query(\"status == 'error'\")"
    )
    LOGGER.warning("%s", summary)
    warnings.warn(summary, SweepErrorWarning, stacklevel=3)


# ----------------------------------------------------------------------------- public


def sweep(
    model: ParametricGame,
    space: Any,
    outcome: Callable[[dict[str, float], tuple[np.ndarray, np.ndarray], np.ndarray], float] | None = None,
    *,
    select: str = "first",
    executor: concurrent.futures.Executor | None = None,
    chunksize: int | str = "auto",
    rng: np.random.Generator | int | None = None,
    seed: int | None = None,
    progress: bool | None = False,
    checkpoint: str | os.PathLike[str] | None = None,
) -> SweepResult:
    """Solve a two-player parametric game at many parameter draws and tabulate the equilibria.

    Parameters
    ----------
    model : ParametricGame
        A two-player model with small strategy sets (see
        :func:`~leverage.sensitivity.solve_batch`). To run on a process pool
        it must be picklable: module-level payoff functions are, lambdas and
        nested functions are not.
    space : array or dict
        The draws. Either an array of shape ``(N, P)`` whose columns follow
        ``model.parameters.names``, or a dict:

        - ``{"kind": "grid", "values": {name: list, ...}}``: the full grid
          over the named parameters (the first name varies slowest), the
          others at their calibrated values;
        - ``{"kind": "oat", "num": k}``: one at a time, each parameter over
          ``k`` evenly spaced values of its range, the others calibrated
          (``P * k`` rows, parameter by parameter);
        - ``{"kind": "lhs" | "sobol" | "random", "n": N}``:
          :meth:`~leverage.ParameterSet.sample`, drawn with ``rng``.
    outcome : callable, optional
        ``outcome(values, profile, payoffs) -> float`` with ``values`` the
        row's ``{name: value}``, ``profile`` the selected ``(x, y)`` and
        ``payoffs`` its two payoffs; called once per row that has a selected
        equilibrium and stored in the column ``"outcome"`` (NaN in the other
        rows). It must be picklable to run on a process pool. An exception
        or a non-finite value gives that row status ``"error"`` (its
        equilibrium columns are kept) and the exception in ``error``.
    select : {"first", "payoff_dominant", "pareto", "risk_dominant", "nash_product", "logit"}
        Which equilibrium of a draw goes into the table, by the rules of
        :mod:`leverage.solvers.selection` (the same rules as
        :func:`leverage.solvers.select` for one game):

        - ``"first"``: the first in the library's order
          (:func:`leverage.equilibria`);
        - ``"payoff_dominant"``: the largest sum of the two payoffs, ties
          (within the tolerance rule) to the first;
        - ``"pareto"``: the first equilibrium no other equilibrium
          Pareto-dominates;
        - ``"nash_product"``: the largest product of gains over the
          disagreement point, which is each player's *minimum payoff over the
          game's pure profiles* (so gains are never negative); ties to the
          first;
        - ``"risk_dominant"``: Harsanyi and Selten's risk dominance, for 2x2
          games with exactly two pure equilibria: the one with the larger
          product of the two players' deviation losses
          ``(A[i,j] - A[1-i,j]) * (B[i,j] - B[i,1-j])``, ties to the first.
          In every other game (larger shapes, a single pure equilibrium,
          only mixed ones) it falls back to ``"first"``;
        - ``"logit"``: the limit of the principal branch of the logit
          quantal response equilibrium (:func:`leverage.solvers.qre_path`),
          matched to the nearest equilibrium of the draw in L1 distance. It
          is not vectorised: it traces one path per draw with several
          equilibria (so a sweep is much slower than with the other
          rules; draws with one equilibrium need none). A
          draw whose path has no verified limit gets status
          ``"unselected"``; no other rule stands in.
    executor : concurrent.futures.Executor, optional
        Where the chunks run (for example a ``ProcessPoolExecutor``);
        serially in this process by default.
    chunksize : int or "auto"
        Draws per chunk; ``"auto"`` takes ``ceil(N / (4 * workers))`` with an
        executor (``workers`` read from the executor, else the CPU count) and
        ``N`` when serial, at least 1 and at most 50 000 in both cases.
    rng : numpy.random.Generator or int, optional
        The random generator of the sampled spaces (``"lhs"``, ``"sobol"``,
        ``"random"``), or an integer seed (SPEC 7); a Generator is consumed.
    seed : int, optional
        The older name of ``rng`` (an integer seed), kept as an alias; give
        one of the two.
    progress : bool
        Show a :mod:`tqdm` progress bar counting the draws: updated after
        each block of about 1/50 of a chunk in this process, after each
        chunk on an executor. Without tqdm, a :class:`~leverage.progress.ProgressWarning`
        (once per process) says to ``pip install 'leverage[progress]'``.
    checkpoint : path, optional
        A directory where each finished chunk is written (``chunk_00000.npz``,
        ..., each with its SHA-256 beside it), so that a rerun loads the
        finished chunks instead of computing them again. Its manifest
        fingerprints everything that decides a row: the draws, the payoff
        function (code, closure values, defaults, the globals it reads) and
        its payoffs at three probe points, ``select``, ``outcome`` (likewise)
        and the leverage version; a rerun that differs in any of them is
        refused. A chunk that fails its checksum or cannot be read is
        recomputed, with a warning. A lock file makes a second sweep into the
        same directory fail at once. With ``chunksize="auto"`` the chunk
        boundaries of the earlier run are reused. See
        :mod:`leverage.sensitivity.checkpoint`.

    Returns
    -------
    SweepResult
        One row per draw, in the order of the draws: the parameter columns,
        ``payoff_<player>``, ``p_<player>_<strategy>`` (the selected
        equilibrium), ``n_equilibria``, ``regime`` (the
        :func:`leverage.sensitivity.regimes.equilibrium_regime` label of the draw's whole
        equilibrium set), ``status`` and optionally ``outcome``. The status is
        ``"ok"`` (one equilibrium), ``"multiple"`` (several; the selection
        rule chose), ``"none"`` (none found), ``"error"``: the payoffs
        could not be evaluated (the payoff function raised or gave non-finite
        values; ``n_equilibria`` is then -1), the solver reported an
        unverified candidate, or the outcome failed; or ``"unselected"``
        (several equilibria and the selection rule could not choose one:
        only ``"logit"``, when the path has no verified limit). Rows in
        error keep their parameter values; their equilibrium columns are NaN
        and their regime is ``""``. Unselected rows keep ``n_equilibria``
        and ``regime``; their selected columns (``payoff_*``, ``p_*``) are
        NaN. The ``error`` column holds each failed row's exception as
        ``"Type: message"`` (``"outcome: ..."`` when the outcome failed) and
        an empty string elsewhere. The table is identical whatever the
        executor or chunk size.

    Raises
    ------
    TypeError
        If ``model`` is not a ParametricGame, ``space``, ``outcome``,
        ``executor`` or ``checkpoint`` has the wrong type.
    ValueError
        If the model is not a two-player game, the space is malformed or a
        value lies outside its range, ``select`` or ``chunksize`` is
        unknown, or the checkpoint directory cannot be written, is in use by
        another sweep or was written by a different sweep (the message says
        what differs).
    OSError
        If a chunk cannot be written to the checkpoint directory mid-sweep.

    Warns
    -----
    CheckpointWarning
        When checkpoint chunks are recomputed because they could not be
        trusted, or a stale lock is taken over.
    SweepErrorWarning
        Once per sweep when draws failed: their count and the first error
        (each failure is logged at DEBUG level to the ``"leverage"``
        logger, the summary at WARNING level).

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> model = export_restriction_game()
    >>> res = sweep(model, {"kind": "lhs", "n": 20}, seed=1, select="payoff_dominant")
    >>> len(res), res.names[:3]
    (20, ('separation_share', 'us_import_dependence', 'diversification_premium'))
    >>> res.names[3:]
    ('payoff_China', 'payoff_US', 'p_China_Open', 'p_China_License', 'p_China_Embargo', 'p_US_Comply', 'p_US_Diversify', 'n_equilibria', 'regime', 'status', 'error')
    >>> sorted(set(res.column("status").tolist()))
    ['ok']
    """
    caller = "sweep()"
    if not isinstance(model, ParametricGame):
        raise TypeError(f"{caller}: model must be a ParametricGame; got {type(model).__name__}")
    if model.n_players != 2:
        raise ValueError(f"{caller}: model must be a two-player game; it has {model.n_players} players")
    if not isinstance(select, str) or select not in SELECTION_RULES:
        raise ValueError(f"{caller}: select must be one of {', '.join(map(repr, SELECTION_RULES))}; got {select!r}")
    if outcome is not None and not callable(outcome):
        raise TypeError(f"{caller}: outcome must be a callable or None; got {type(outcome).__name__}")
    if executor is not None and not isinstance(executor, concurrent.futures.Executor):
        raise TypeError(f"{caller}: executor must be a concurrent.futures.Executor or None; got {type(executor).__name__}")
    progress = check_progress(progress, caller)
    if checkpoint is not None and not isinstance(checkpoint, (str, os.PathLike)):
        raise TypeError(f"{caller}: checkpoint must be a directory path or None; got {type(checkpoint).__name__}")
    if checkpoint is not None and (not isinstance(os.fspath(checkpoint), str) or "\x00" in os.fspath(checkpoint)):
        raise ValueError(f"{caller}: checkpoint must be a directory path without NUL characters; got {checkpoint!r}")
    values = _check_space(model, space, check_rng(rng, caller, seed=seed))
    N = len(values)
    size = _chunk_size(chunksize, N, executor)
    bounds = list(range(0, N, size)) + [N]

    if checkpoint is None:
        table, todo = _compute(model, values, bounds, select, outcome, executor, progress, None)
    else:
        manifest = sweep_manifest(model, values, select, bounds, outcome)
        with SweepCheckpoint(checkpoint, manifest, adopt_bounds=chunksize == "auto", caller=caller) as store:
            bounds = [int(b) for b in store.manifest["bounds"]]
            table, todo = _compute(model, values, bounds, select, outcome, executor, progress, store)

    result = SweepResult(table.columns(model, values), select=select, _recomputed=tuple(todo))
    _report_failures(result, caller)
    return result
