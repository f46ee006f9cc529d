#!/usr/bin/env python
"""Benchmark ``leverage.sensitivity.sweep``: parallel throughput, a regime map and a checkpointed sweep's memory.

What it measures (each part can be run alone with ``--only``):

1. ``processes``: a sweep of 100,000 draws of an illustrative 3 x 3 export-control
   game (four named parameters), serially and on a
   ``concurrent.futures.ProcessPoolExecutor(2)`` and on a Dask
   ``distributed.LocalCluster`` of 2 one-thread worker processes (when
   ``distributed`` is installed); targets: the pool gives at least 1.6x the
   serial throughput, and Dask takes at most 15% longer than the pool. The
   Dask workers start as the docs recommend: without Dask's
   ``MALLOC_TRIM_THRESHOLD_`` and with ``worker_initializer`` run once on each
   (``--dask-keep-malloc-trim`` measures Dask's defaults instead);
2. ``dask``: the same game made *slow* -- every draw's payoffs need a root
   (``scipy.optimize.brentq``, a stockpile fixed point) and an integral
   (``scipy.integrate.quad``, an expected disruption loss), about 0.07 ms of
   work per draw -- serially and on a Dask ``distributed.LocalCluster`` (2
   worker processes, 1 thread each) through ``client.get_executor()``; target:
   at least 1.4x serial. Starting the cluster is not timed: it is started and
   warmed with a tiny sweep first;
3. ``regime``: ``leverage.sensitivity.regimes.regime_map`` of a 2 x 2 crisis game on a
   400 x 400 grid (160,000 cells); target: under 1 second. A sample of cells
   is checked against ``equilibrium_regime`` of the game at that cell;
4. ``memory``: a sweep of 1,000,000 draws of the 3 x 3 game with
   ``checkpoint=<temporary directory>``, run in a fresh subprocess so that only
   its own memory counts; reports the peak resident set size
   (``resource.getrusage(RUSAGE_SELF).ru_maxrss``) and the time, and checks
   that the directory holds every chunk file; target: peak under 2 GiB.

Every parallel table is compared with the serial one, column by column
(``numpy.array_equal`` on numeric columns, NaN positions included, and on the
text columns): the sweep promises the same table whatever the executor.
Times are the median of ``--repeat`` runs, serial and parallel runs alternating,
so that the ratios come from one run on the same machine; runs during which
other processes used the CPUs are set aside (see :class:`ForeignCpu`). Linux
only (``/proc``, ``resource``). Not part of CI.

Run from the repository root::

    python benchmarks/bench_sweep.py
    python benchmarks/bench_sweep.py --only processes regime
    python benchmarks/bench_sweep.py --quick
"""

from __future__ import annotations

import os

# one BLAS / OpenMP thread per process: set before numpy is imported (and inherited by the workers)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import concurrent.futures  # noqa: E402
import contextlib  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
from scipy.integrate import quad  # noqa: E402
from scipy.optimize import brentq  # noqa: E402

from leverage import Parameter, ParameterSet, ParametricGame  # noqa: E402
from leverage.sensitivity.regimes import equilibrium_regime, regime_map  # noqa: E402
from leverage.sensitivity import SweepResult, sweep  # noqa: E402
from leverage.sensitivity.sweeps import worker_initializer  # noqa: E402

PARTS = ("processes", "dask", "regime", "memory")
TARGET_PROCESSES = 1.6
TARGET_DASK = 1.4
TARGET_DASK_VS_POOL = 0.15
TARGET_REGIME_SECONDS = 1.0
TARGET_PEAK_BYTES = 2 * 1024**3

# ----------------------------------------------------------------------------- models
#
# Module-level payoff functions, so that the models can be pickled for worker processes.

TRADE_PARAMETERS = ParameterSet(
    rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative (benchmark)"),
    cost=Parameter(1.0, 0.2, 3.0, "bn USD/yr", "illustrative (benchmark)"),
    premium=Parameter(1.5, 1.0, 3.0, "ratio", "illustrative (benchmark)"),
    share=Parameter(0.5, 0.1, 0.9, "share", "illustrative (benchmark)"),
)
TRADE_STRATEGIES = (("Open", "License", "Embargo"), ("Comply", "Stockpile", "Diversify"))


def trade_payoffs(rent: Any, cost: Any, premium: Any, share: Any) -> tuple[list[list[Any]], list[list[Any]]]:
    """An illustrative 3 x 3 export-control game, linear in its four parameters.

    The exporter (rows: Open, License, Embargo) earns ``rent`` from open
    trade and pays ``cost`` for an embargo; the importer (columns: Comply,
    Stockpile, Diversify) pays ``premium`` for diversified supply, of which
    the exporter controls ``share``. The numbers are chosen so that a sample
    of the ranges crosses about twenty regimes, with pure, mixed and multiple
    equilibria; they are not a calibrated scenario.
    """
    zero = 0.0 * rent
    exporter = [
        [rent, rent * (1 - share), rent * (1 - share) - 0.2],
        [1.2 * rent - 0.1, rent * share, 0.5 * rent - 0.1 * cost],
        [zero + 0.2, 0.5 - 0.2 * cost, -cost],
    ]
    importer = [
        [-rent, -premium * share, -premium + 0.5],
        [-1.2 * rent, -0.8 * rent - 0.3, -premium],
        [-cost - share, -0.6 * cost, -premium * (1 - share)],
    ]
    return exporter, importer


def trade_model() -> ParametricGame:
    """The 3 x 3 game of :func:`trade_payoffs`."""
    return ParametricGame(
        TRADE_PARAMETERS, trade_payoffs, players=("Exporter", "Importer"), strategies=TRADE_STRATEGIES
    )


def _stockpile(premium: float, share: float) -> float:
    """The importer's stockpile ``s``, the fixed point of ``s = share * (1 - exp(-premium * (1 - s)))``."""
    return brentq(lambda s: s - share * (1.0 - math.exp(-premium * (1.0 - s))), 0.0, 1.0, xtol=1e-13)


def _disruption_loss(rent: float, cost: float, stockpile: float) -> float:
    """Expected loss of a disruption of random length: ``int_0^3 cost e^{-rent t} (1 - s) sqrt(t) dt``."""
    return quad(lambda t: cost * math.exp(-rent * t) * (1.0 - stockpile) * math.sqrt(t), 0.0, 3.0, epsabs=1e-12)[0]


def _per_row(func: Callable[..., float], *arrays: Any) -> np.ndarray:
    """``func`` applied to each draw (the arrays broadcast together; scalars give a 0-d array)."""
    columns = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in arrays))
    rows = zip(*(c.ravel().tolist() for c in columns))
    return np.array([func(*row) for row in rows], dtype=float).reshape(columns[0].shape)


def slow_trade_payoffs(rent: Any, cost: Any, premium: Any, share: Any) -> tuple[list[list[Any]], list[list[Any]]]:
    """:func:`trade_payoffs` where stockpiling needs a root and an integral per draw (not vectorised)."""
    exporter, importer = trade_payoffs(rent, cost, premium, share)
    stock = _per_row(_stockpile, premium, share)
    loss = _per_row(_disruption_loss, rent, cost, stock)
    importer[1] = [importer[1][0] - 0.1 * loss, importer[1][1] + 0.2 * stock, importer[1][2] - 0.1 * loss]
    exporter[2][1] = exporter[2][1] + 0.3 * loss
    return exporter, importer


def slow_trade_model() -> ParametricGame:
    """The game of :func:`slow_trade_payoffs` (about 0.07 ms of scipy work per draw)."""
    return ParametricGame(
        TRADE_PARAMETERS, slow_trade_payoffs, players=("Exporter", "Importer"), strategies=TRADE_STRATEGIES
    )


def crisis_payoffs(threat: Any, cost: Any, resolve: Any) -> tuple[list[list[Any]], list[list[Any]]]:
    """An illustrative 2 x 2 crisis: a challenger (Hold, Press) against a defender (Yield, Resist)."""
    challenger = [[1.0 + 0.0 * threat, -cost], [threat, -resolve]]
    defender = [[1.0 + 0.0 * threat, threat - 1.0], [-threat, -cost * resolve]]
    return challenger, defender


def crisis_model() -> ParametricGame:
    """The 2 x 2 game of :func:`crisis_payoffs`."""
    parameters = ParameterSet(
        threat=Parameter(1.0, 0.0, 3.0, "bn USD", "illustrative (benchmark)"),
        cost=Parameter(1.0, 0.0, 3.0, "bn USD", "illustrative (benchmark)"),
        resolve=Parameter(0.5, 0.0, 2.0, "bn USD", "illustrative (benchmark)"),
    )
    return ParametricGame(
        parameters,
        crisis_payoffs,
        players=("Challenger", "Defender"),
        strategies=(("Hold", "Press"), ("Yield", "Resist")),
    )


# ----------------------------------------------------------------------------- helpers


def _try_import(name: str) -> tuple[Any, str]:
    try:
        mod = importlib.import_module(name)
    except Exception as exc:  # ImportError, or a broken install raising something else
        return None, f"not importable ({type(exc).__name__})"
    return mod, getattr(mod, "__version__", "?")


def same_table(reference: SweepResult, other: SweepResult) -> str:
    """``"identical"``, or the first column that differs (values, NaN positions or kind of dtype)."""
    if reference.names != other.names:
        return "different columns"
    for name in reference.names:
        a, b = reference.column(name), other.column(name)
        if a.dtype.kind != b.dtype.kind:
            return f"column {name!r} has dtype {b.dtype} instead of {a.dtype}"
        equal = np.array_equal(a, b, equal_nan=True) if a.dtype.kind == "f" else np.array_equal(a, b)
        if not equal:
            return f"column {name!r} differs"
    return "identical"


class ForeignCpu:
    """CPU time used by *other* processes while a run is timed (Linux only; ``None`` elsewhere).

    The machine may be shared: another job running during a timed run steals
    a core from the workers and makes a parallel ratio meaningless. The
    estimate is the busy time of all CPUs (``/proc/stat``, 10 ms ticks)
    minus the CPU time of this process and its descendants (every thread's
    ``/proc/<pid>/task/<tid>/schedstat``, in ns), so it counts the pool or
    cluster workers as ours.
    """

    def __init__(self) -> None:
        self.available = Path("/proc/stat").exists()
        self.tick = os.sysconf("SC_CLK_TCK") if self.available else 100

    def _busy(self) -> float:
        with open("/proc/stat") as fh:
            ticks = [float(v) for v in fh.readline().split()[1:]]
        return (sum(ticks) - ticks[3] - ticks[4]) / self.tick  # minus idle and iowait

    @staticmethod
    def _family() -> list[int]:
        parents: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        family, todo = [], [os.getpid()]
        while todo:
            pid = todo.pop()
            family.append(pid)
            todo.extend(parents.get(pid, []))
        return family

    @staticmethod
    def _cpu(pids: list[int]) -> float:
        total = 0
        for pid in pids:
            for task in Path(f"/proc/{pid}/task").glob("*/schedstat"):
                try:
                    total += int(task.read_text().split()[0])
                except (OSError, ValueError, IndexError):
                    continue
        return total / 1e9

    @staticmethod
    def _reaped() -> float:
        """CPU time of this process's children that have ended (a subprocess run meanwhile)."""
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def start(self) -> None:
        if self.available:
            self.pids = self._family()
            self.busy0, self.ours0 = self._busy(), self._cpu(self.pids) + self._reaped()

    def stop(self) -> float | None:
        """Seconds of CPU used by other processes since :meth:`start`."""
        if not self.available:
            return None
        return max(0.0, (self._busy() - self.busy0) - (self._cpu(self.pids) + self._reaped() - self.ours0))


def wait_for_quiet(meter: ForeignCpu, deadline: float) -> None:
    """Sleep until other processes use less than a tenth of a CPU (checked every half second) or ``deadline``."""
    while time.perf_counter() < deadline:
        meter.start()
        time.sleep(0.5)
        foreign = meter.stop()
        if foreign is None or foreign < 0.05:
            return


def alternate(
    runs: dict[str, Callable[[], Any]], repeat: int, patience: float
) -> tuple[dict[str, float], dict[str, Any], dict[str, str]]:
    """Median time of each callable over rounds in which they take turns, ignoring disturbed runs.

    A run is *disturbed* when other processes used more than a quarter of a
    CPU (plus 30 ms of measurement slack) while it ran. After a disturbed run
    the next round first waits for the machine to be quiet. Rounds continue
    until every callable has ``repeat`` undisturbed runs (and at least
    ``repeat`` rounds were run); waiting and extra rounds stop ``patience``
    seconds after the start. A callable without an undisturbed run gets the
    median of its disturbed times.

    Returns
    -------
    median : dict
        Median time of each callable over its undisturbed runs.
    results : dict
        The last result of each callable.
    notes : dict
        For each callable, how many runs were undisturbed and its best time, for the table.
    """
    meter = ForeignCpu()
    clean: dict[str, list[float]] = {key: [] for key in runs}
    disturbed: dict[str, list[float]] = {key: [] for key in runs}
    results: dict[str, Any] = {}
    deadline = time.perf_counter() + patience
    rounds, calm = 0, True
    while rounds < repeat or (min(len(v) for v in clean.values()) < repeat and time.perf_counter() < deadline):
        if not calm:
            wait_for_quiet(meter, deadline)
        rounds, calm = rounds + 1, True
        for key, run in runs.items():
            meter.start()
            t0 = time.perf_counter()
            results[key] = run()
            seconds = time.perf_counter() - t0
            foreign = meter.stop()
            quiet = foreign is None or foreign <= 0.25 * seconds + 0.03
            (clean if quiet else disturbed)[key].append(seconds)
            calm &= quiet
    best = {key: min(clean[key] or disturbed[key]) for key in runs}
    median = {key: float(np.median(clean[key] or disturbed[key])) for key in runs}
    notes = {
        key: f"{len(clean[key])}/{len(clean[key]) + len(disturbed[key])} runs undisturbed, best {best[key]:.3f} s"
        + ("" if clean[key] else " (MACHINE BUSY: time not reliable)")
        for key in runs
    }
    return median, results, notes


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def row(label: str, seconds: float, draws: int, ratio: float | None, note: str) -> str:
    ratio_text = f"{ratio:8.2f}x" if ratio is not None else f"{'':9}"
    return f"  {label:<30} {seconds:8.3f} s {draws / seconds:12,.0f}/s {ratio_text}   {note}"


def header_line() -> str:
    return f"  {'':<30} {'time':>10} {'draws/s':>14} {'vs serial':>9}   runs"


# ----------------------------------------------------------------------------- parts


def dask_cluster(args: argparse.Namespace, distributed: Any, dask: Any) -> Any:
    """A ``LocalCluster`` of ``args.workers`` one-thread processes, started the way the docs recommend.

    Unless ``--dask-keep-malloc-trim`` is given, the workers start without the
    ``MALLOC_TRIM_THRESHOLD_=65536`` that Dask's nannies set (see the README),
    and each runs :func:`worker_initializer` once, as a process pool's
    initializer does.
    """
    keep = getattr(args, "dask_keep_malloc_trim", False)
    unset = {} if keep else {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
    with dask.config.set(unset):
        cluster = distributed.LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    return cluster


def bench_processes(args: argparse.Namespace) -> bool:
    model = trade_model()
    values = model.parameters.sample(args.draws, seed=args.seed, method="random")
    distributed, version = _try_import("distributed")
    with_dask = distributed is not None and not args.no_dask_pool
    print(f"\n[processes] {args.draws:,} draws of a 3 x 3 game ({len(model.parameters)} parameters), "
          f"ProcessPoolExecutor({args.workers})"
          + (f" and a Dask LocalCluster({args.workers} processes x 1 thread), distributed {version}" if with_dask
             else " (Dask: skipped)")
          + f", chunksize {args.chunksize!r}")
    sweep(model, values[: args.draws // 10])  # warm-up: imports, cached bases
    environ = dict(os.environ)
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(concurrent.futures.ProcessPoolExecutor(args.workers, initializer=worker_initializer))
        sweep(model, values[: args.draws // 10], executor=pool)  # warm-up: start every worker
        runs = {
            "serial": lambda: sweep(model, values),
            "pool": lambda: sweep(model, values, executor=pool, chunksize=args.chunksize),
        }
        if with_dask:
            import dask

            cluster = stack.enter_context(dask_cluster(args, distributed, dask))
            client = stack.enter_context(distributed.Client(cluster))
            if not args.dask_keep_malloc_trim:
                client.run(worker_initializer)
            executor = client.get_executor()
            sweep(model, values[: args.draws // 10], executor=executor)  # warm-up: imports and unpickling
            runs["dask"] = lambda: sweep(model, values, executor=executor, chunksize=args.chunksize)
        times, results, notes = alternate(runs, args.repeat, args.patience)
    os.environ.clear()
    os.environ.update(environ)
    ratio = times["serial"] / times["pool"]
    serial = results["serial"]
    print(header_line())
    print(row("serial", times["serial"], args.draws, None, notes["serial"]))
    label = f"{args.workers} processes, {len(results['pool']._recomputed)} chunks"
    print(row(label, times["pool"], args.draws, ratio, notes["pool"]))
    print(f"  statuses {serial.status_counts()}; {len(set(serial.column('regime').tolist()))} regimes")
    same = same_table(serial, results["pool"])
    print(f"  process-pool table vs serial: {same}")
    ok = ratio >= TARGET_PROCESSES and same == "identical"
    print(f"  [{verdict(ok)}] {args.workers} processes >= {TARGET_PROCESSES}x serial throughput: {ratio:.2f}x")
    if with_dask:
        dask_ratio = times["serial"] / times["dask"]
        label = f"Dask, {args.workers} workers, {len(results['dask']._recomputed)} chunks"
        print(row(label, times["dask"], args.draws, dask_ratio, notes["dask"]))
        same = same_table(serial, results["dask"])
        print(f"  Dask table vs serial: {same}")
        slower = times["dask"] / times["pool"] - 1.0
        dask_ok = slower <= TARGET_DASK_VS_POOL and same == "identical"
        print(f"  [{verdict(dask_ok)}] Dask within {TARGET_DASK_VS_POOL:.0%} of the process pool: "
              f"{slower:+.1%} time ({times['dask']:.3f} s against {times['pool']:.3f} s)")
        ok = ok and dask_ok
    return ok


def bench_dask(args: argparse.Namespace) -> bool | None:
    distributed, version = _try_import("distributed")
    print(f"\n[dask] {args.slow_draws:,} draws of the slow 3 x 3 game, "
          f"LocalCluster({args.workers} processes x 1 thread), client.get_executor(); distributed {version}")
    if distributed is None:
        print("  SKIPPED: distributed is not installed (pip install 'dask[distributed]')")
        return None
    import dask

    model = slow_trade_model()
    values = model.parameters.sample(args.slow_draws, seed=args.seed + 1, method="random")
    sweep(model, values[:200])  # warm-up
    # Dask's nannies set MALLOC_TRIM_THRESHOLD_=65536 for their workers (in this process's environment too,
    # which is restored afterwards); --dask-unset-malloc-trim measures the workers without it
    environ = dict(os.environ)
    unset = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None} if args.dask_unset_malloc_trim else {}
    trim = dask.config.get("distributed.nanny.pre-spawn-environ", {}).get("MALLOC_TRIM_THRESHOLD_")
    print(f"  worker environment: MALLOC_TRIM_THRESHOLD_={None if unset else trim} (Dask's setting"
          f"{' removed' if unset else ''})")
    t0 = time.perf_counter()
    with dask.config.set(unset), distributed.LocalCluster(
        n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster, distributed.Client(cluster) as client:
        executor = client.get_executor()
        sweep(model, values[:200], executor=executor, chunksize=50)  # warm-up: every worker imports and unpickles
        startup = time.perf_counter() - t0
        times, results, notes = alternate(
            {
                "serial": lambda: sweep(model, values),
                "dask": lambda: sweep(model, values, executor=executor, chunksize=args.chunksize),
            },
            args.repeat,
            args.patience,
        )
    os.environ.clear()
    os.environ.update(environ)
    ratio = times["serial"] / times["dask"]
    print(f"  cluster start-up and warm-up (not timed): {startup:.1f} s")
    print(header_line())
    print(row("serial", times["serial"], args.slow_draws, None, notes["serial"]))
    label = f"Dask, {args.workers} workers, {len(results['dask']._recomputed)} chunks"
    print(row(label, times["dask"], args.slow_draws, ratio, notes["dask"]))
    same = same_table(results["serial"], results["dask"])
    print(f"  Dask table vs serial: {same}")
    ok = ratio >= TARGET_DASK and same == "identical"
    print(f"  [{verdict(ok)}] Dask with {args.workers} workers >= {TARGET_DASK}x serial on the slow model: "
          f"{ratio:.2f}x")
    return ok


def bench_regime(args: argparse.Namespace) -> bool:
    model = crisis_model()
    xs, ys = np.linspace(0.0, 3.0, args.grid), np.linspace(0.0, 3.0, args.grid)
    print(f"\n[regime] regime_map of a 2 x 2 game on a {args.grid} x {args.grid} grid ({args.grid**2:,} cells)")
    regime_map(model, ("threat", xs[:20]), ("cost", ys[:20]))  # warm-up
    times, results, notes = alternate(
        {"map": lambda: regime_map(model, ("threat", xs), ("cost", ys))}, args.repeat, args.patience
    )
    result = results["map"]
    rng = np.random.default_rng(args.seed)
    cells = rng.integers(0, args.grid, size=(args.regime_checks, 2))
    wrong = sum(
        result.labels[i, j] != equilibrium_regime(model.game(threat=float(xs[j]), cost=float(ys[i]))) for i, j in cells
    )
    print(f"  {times['map']:.3f} s, {args.grid**2 / times['map']:,.0f} cells/s ({notes['map']}); "
          f"{len(result.regimes)} regimes")
    print(f"  {len(cells)} random cells checked against equilibrium_regime(game): {wrong} differ")
    ok = times["map"] < TARGET_REGIME_SECONDS and wrong == 0
    print(f"  [{verdict(ok)}] {args.grid} x {args.grid} regime map under {TARGET_REGIME_SECONDS:g} s: "
          f"{times['map']:.3f} s")
    return ok


def memory_child(directory: str, draws: int, seed: int) -> None:
    """Run in a fresh process: one checkpointed sweep; print its peak memory and time as JSON."""
    model = trade_model()
    values = model.parameters.sample(draws, seed=seed, method="random")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    result = sweep(model, values, checkpoint=directory)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in bytes on macOS, in KiB on Linux
    regime = result.column("regime")
    print(json.dumps({
        "seconds": seconds,
        "peak_bytes": peak * scale,
        "before_bytes": before * scale,
        "rows": len(result),
        "chunks": len(result._recomputed),
        "regime_dtype": str(regime.dtype),
        "table_bytes": int(sum(c.nbytes for c in result.columns.values())),
        "statuses": result.status_counts(),
    }))


def bench_memory(args: argparse.Namespace) -> bool:
    print(f"\n[memory] {args.memory_draws:,} draws of the 3 x 3 game, serial, checkpoint=<temporary directory>, "
          "in a fresh subprocess")
    with tempfile.TemporaryDirectory(prefix="bench_sweep_") as directory:
        command = [sys.executable, str(Path(__file__).resolve()), "--memory-child", directory,
                   "--memory-draws", str(args.memory_draws), "--seed", str(args.seed)]
        meter = ForeignCpu()
        meter.start()
        t0 = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        foreign = meter.stop()
        if done.returncode != 0:
            print(f"  the subprocess failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
            return False
        report = json.loads(done.stdout.strip().splitlines()[-1])
        bounds = json.loads((Path(directory) / "manifest.json").read_text())["bounds"]
        expected = {f"chunk_{c:05d}.npz" for c in range(len(bounds) - 1)}
        present = {p.name for p in Path(directory).glob("chunk_*.npz")}
        size = sum((Path(directory) / name).stat().st_size for name in present)
    gib = 1024**3
    disturbed = "" if foreign is None or foreign < 0.25 * wall + 0.03 else (
        f"; DISTURBED: other processes used {foreign:.1f} CPU seconds, the time is not reliable")
    print(f"  time {report['seconds']:.2f} s ({report['rows'] / report['seconds']:,.0f} draws/s{disturbed}); "
          f"peak RSS {report['peak_bytes'] / gib:.2f} GiB (before the sweep {report['before_bytes'] / gib:.2f} GiB)")
    print(f"  table {report['table_bytes'] / gib:.2f} GiB in memory (regime column {report['regime_dtype']}); "
          f"statuses {report['statuses']}")
    print(f"  checkpoint: {len(present & expected)} of {len(expected)} chunk files "
          f"({size / 1024**2:.0f} MiB on disk){'' if present == expected else '; MISSING OR EXTRA FILES'}")
    ok = report["peak_bytes"] < TARGET_PEAK_BYTES and present == expected and report["rows"] == args.memory_draws
    print(f"  [{verdict(ok)}] peak RSS under {TARGET_PEAK_BYTES / gib:g} GiB with every chunk file written: "
          f"{report['peak_bytes'] / gib:.2f} GiB")
    return ok


# ----------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS), help="parts to run (default: all)")
    parser.add_argument("--draws", type=int, default=100_000, help="draws of the 3 x 3 game (processes)")
    parser.add_argument("--slow-draws", type=int, default=30_000, help="draws of the slow game (dask)")
    parser.add_argument("--grid", type=int, default=400, help="points per axis of the regime map")
    parser.add_argument("--regime-checks", type=int, default=50, help="regime-map cells checked one game at a time")
    parser.add_argument("--memory-draws", type=int, default=1_000_000, help="draws of the checkpointed sweep (memory)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the pool and the cluster")
    parser.add_argument("--chunksize", default="auto",
                        help="chunksize of the parallel sweeps (default: sweep's choice)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="undisturbed timed runs wanted of each variant (the median is reported)")
    parser.add_argument("--patience", type=float, default=20.0,
                        help="seconds per part to wait for undisturbed runs when other processes are busy")
    parser.add_argument("--dask-unset-malloc-trim", action="store_true",
                        help="start the Dask workers without Dask's MALLOC_TRIM_THRESHOLD_=65536")
    parser.add_argument("--no-dask-pool", action="store_true",
                        help="processes: time the pool only, not a Dask cluster next to it")
    parser.add_argument("--dask-keep-malloc-trim", action="store_true",
                        help="processes: start the Dask workers with Dask's MALLOC_TRIM_THRESHOLD_=65536 and "
                             "without worker_initializer")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: a tenth of the draws, a 200 x 200 map, one repeat, no waiting")
    parser.add_argument("--memory-child", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.chunksize != "auto":
        args.chunksize = int(args.chunksize)
    if args.memory_child:
        memory_child(args.memory_child, args.memory_draws, args.seed)
        return 0
    if args.quick:
        args.draws, args.slow_draws = args.draws // 10, args.slow_draws // 10
        args.memory_draws //= 10
        args.grid, args.repeat, args.patience = 200, 1, 0.0

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    import scipy

    print(f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
          f"{platform.machine()}, {cpus} CPUs available")
    print(f"threads per process: OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    print(f"times: median of {args.repeat} runs undisturbed by other processes (waiting up to {args.patience:g} s "
          "per part for a quiet machine)")
    if cpus is not None and cpus < args.workers:
        print(f"note: {args.workers} workers on {cpus} CPUs; the parallel targets cannot be met")
    benches = {"processes": bench_processes, "dask": bench_dask, "regime": bench_regime, "memory": bench_memory}
    outcomes = {part: benches[part](args) for part in PARTS if part in args.only}
    print("\nsummary: " + ", ".join(
        f"{part} {'SKIPPED' if ok is None else verdict(ok)}" for part, ok in outcomes.items()
    ))
    return 1 if any(ok is False for ok in outcomes.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
