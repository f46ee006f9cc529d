#!/usr/bin/env python
"""Benchmark ``leverage.sensitivity.solve_batch`` (every extreme equilibrium, verified).

What it measures:

1. ``solve_batch`` on 1,000,000 random 2x2 games and 300,000 random 3x3 games
   (standard normal payoffs) on one core: games per second, median of
   ``--repeat`` runs (at least 5 by default), with every game's status
   checked to be ``"ok"``, and the load average of the machine before and
   after;
2. the memory-bandwidth bound, measured in the same run: a numpy copy that
   moves as many bytes as the solver must read and write per game (the
   payoffs ``A`` and ``B`` in; the padded ``x``, ``y``, ``payoffs``,
   ``regret``, ``count`` and ``status_code`` out), as games per second, and
   the solver's rate as a fraction of it;
3. QuantEcon's ``game_theory.vertex_enumeration`` and nashpy's
   ``Game.vertex_enumeration`` solving the *same* games one call at a time, on
   a sample (``--qe-sample``, ``--nashpy-sample``) extrapolated to games per
   second; the sample's equilibrium sets are compared with ``solve_batch``'s;
4. the targets, printed as PASS / MISS lines: >= 4,000,000 2x2 games/s and
   >= 1,000,000 3x3 games/s (issue 22); >= 10x QuantEcon one call at a time;
   >= 1000x nashpy;
5. with ``--compare-general``, the general path alone (every game through the
   vertex pairing, as before the fast path of nondegenerate 2x2 and 3x3 games)
   timed in runs alternating with the default, the ratio of the two, and
   whether their results are the same bit for bit.

The anchors are optional: a library that cannot be imported is skipped. Not
part of CI. Run with the benchmark venv, for example::

    /work/benchvenv/bin/python benchmarks/bench_batch.py
    /work/benchvenv/bin/python benchmarks/bench_batch.py --quick
"""

from __future__ import annotations

import os

# one core: set before numpy is imported so BLAS and OpenMP pools have one thread
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import importlib  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from leverage.sensitivity import solve_batch  # noqa: E402

TARGET_RATE = {(2, 2): 4_000_000, (3, 3): 1_000_000}
TARGET_QE_RATIO = 10.0
TARGET_NASHPY_RATIO = 1000.0
ATOL = 1e-6


def _try_import(name: str) -> tuple[Any, str]:
    try:
        mod = importlib.import_module(name)
    except Exception as exc:  # ImportError, or a broken build raising something else
        return None, f"not importable ({type(exc).__name__})"
    return mod, getattr(mod, "__version__", "?")


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        try:
            core = min(os.sched_getaffinity(0))
            os.sched_setaffinity(0, {core})
            return f"pinned to core {core}"
        except OSError:
            pass
    return "not pinned"


def time_solve_batch(A: np.ndarray, B: np.ndarray, repeat: int, chunk: int | None) -> tuple[float, float, Any]:
    """Median and best time of ``repeat`` runs of ``solve_batch``, and the last result."""
    times, res = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = solve_batch(A, B, chunk=chunk)
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), min(times), res


def solver_bytes(res: Any) -> int:
    """Bytes per game ``solve_batch`` must read (A and B) and write (the padded results, count and status code)."""
    m, n = res.x.shape[2], res.y.shape[2]
    E = res.x.shape[1]
    return 2 * m * n * 8 + E * (m + n + 2 + 1) * 8 + res.count.itemsize + res.status_code.itemsize


def time_copy(traffic: int, repeat: int) -> float:
    """Best seconds of ``numpy.copyto`` moving ``traffic`` bytes (half read, half written)."""
    src = np.ones(max(1, traffic // 16))
    dst = np.empty_like(src)
    np.copyto(dst, src)  # fault the pages in
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t0)
    return best


def load() -> str:
    return "/".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def same_set(ours: list[tuple[np.ndarray, np.ndarray]], theirs: list[tuple[np.ndarray, np.ndarray]]) -> bool:
    if len(ours) != len(theirs):
        return False
    unused = list(theirs)
    for x, y in ours:
        hit = next(
            (i for i, (u, v) in enumerate(unused) if np.allclose(x, u, atol=ATOL) and np.allclose(y, v, atol=ATOL)), None
        )
        if hit is None:
            return False
        unused.pop(hit)
    return True


def ours_for(res: Any, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(res.x[k, e], res.y[k, e]) for e in range(int(res.count[k]))]


def time_quantecon(qe: Any, A: np.ndarray, B: np.ndarray, res: Any) -> tuple[float, float, int]:
    """(seconds per game for the solve only, with building the game, mismatches)."""
    from quantecon.game_theory import NormalFormGame, Player, vertex_enumeration

    warm = NormalFormGame((Player(A[0]), Player(B[0].T)))
    vertex_enumeration(warm)  # numba compilation
    games = [NormalFormGame((Player(A[k]), Player(B[k].T))) for k in range(len(A))]
    t0 = time.perf_counter()
    answers = [vertex_enumeration(g) for g in games]
    solve = (time.perf_counter() - t0) / len(A)
    t0 = time.perf_counter()
    for k in range(len(A)):
        vertex_enumeration(NormalFormGame((Player(A[k]), Player(B[k].T))))
    full = (time.perf_counter() - t0) / len(A)
    bad = sum(not same_set(ours_for(res, k), [(x, y) for x, y in answers[k]]) for k in range(len(A)))
    return solve, full, bad


def time_nashpy(nashpy: Any, A: np.ndarray, B: np.ndarray, res: Any) -> tuple[float, int]:
    """(seconds per game, mismatches), building the nashpy game included."""
    answers = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        for k in range(len(A)):
            answers.append(list(nashpy.Game(A[k], B[k]).vertex_enumeration()))
        per_game = (time.perf_counter() - t0) / len(A)
    bad = sum(not same_set(ours_for(res, k), answers[k]) for k in range(len(A)))
    return per_game, bad


def compare_general(A: np.ndarray, B: np.ndarray, repeat: int, chunk: int | None, fast: Any) -> tuple[float, float, bool]:
    """Best seconds of the default and of the general path alone, alternating; and whether the results are identical."""
    import leverage.solvers.batch as batch_module

    shapes = batch_module._SUPPORT_PATH_SHAPES
    best = {"default": float("inf"), "general": float("inf")}
    general = None
    try:
        for _ in range(repeat):
            for name in ("default", "general"):
                batch_module._SUPPORT_PATH_SHAPES = shapes if name == "default" else frozenset()
                t0 = time.perf_counter()
                res = solve_batch(A, B, chunk=chunk)
                best[name] = min(best[name], time.perf_counter() - t0)
                if name == "general":
                    general = res
    finally:
        batch_module._SUPPORT_PATH_SHAPES = shapes
    same = all(
        np.array_equal(getattr(fast, k), getattr(general, k), equal_nan=True)
        for k in ("x", "y", "payoffs", "regret", "count", "status_code")
    )
    return best["default"], best["general"], same


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n2", type=int, default=1_000_000, help="number of random 2x2 games")
    parser.add_argument("--n3", type=int, default=300_000, help="number of random 3x3 games")
    parser.add_argument("--repeat", type=int, default=5, help="runs of solve_batch per size (the median is reported)")
    parser.add_argument("--chunk", type=int, default=None, help="games per chunk (default: solve_batch's choice)")
    parser.add_argument("--qe-sample", type=int, default=3000, help="games solved one at a time by QuantEcon")
    parser.add_argument("--nashpy-sample", type=int, default=300, help="games solved one at a time by nashpy")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--quick", action="store_true", help="smoke run: 100k / 30k games, small samples")
    parser.add_argument("--compare-general", action="store_true",
                        help="also time the general path alone, alternating with the default, and compare results")
    args = parser.parse_args(argv)
    if args.quick:
        args.n2, args.n3, args.repeat, args.qe_sample, args.nashpy_sample = 100_000, 30_000, 1, 300, 30

    qe, qe_info = _try_import("quantecon")
    nashpy, nashpy_info = _try_import("nashpy")
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, {_pin_one_core()}")
    print(f"quantecon {qe_info}; nashpy {nashpy_info}")
    print(f"threads: OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
    rng = np.random.default_rng(args.seed)
    failures = 0
    for (m, n), N in (((2, 2), args.n2), ((3, 3), args.n3)):
        if N <= 0:
            continue
        A = rng.standard_normal((N, m, n))
        B = rng.standard_normal((N, m, n))
        solve_batch(A[:1000], B[:1000])  # warm-up
        before = load()
        seconds, fastest, res = time_solve_batch(A, B, args.repeat, args.chunk)
        rate = N / seconds
        statuses = {str(s): int(np.sum(res.status == s)) for s in np.unique(res.status)}
        print(f"\n{m}x{n}: {N:,} games in {seconds:.3f} s (median of {args.repeat}; best {N / fastest:,.0f} games/s) "
              f"-> {rate:,.0f} games/s; "
              f"{int(res.count.sum()):,} equilibria (mean {res.count.mean():.3f}, max {int(res.count.max())}); "
              f"statuses {statuses}; max regret {np.nanmax(res.regret):.2e}")
        per_game = solver_bytes(res)
        bound = N / time_copy(N * per_game, args.repeat)
        print(f"  load average {before} before, {load()} after (1/5/15 min)")
        print(f"  memory bound: a numpy copy moving the solver's {per_game} bytes/game (read + write) runs at "
              f"{bound:,.0f} games/s; solve_batch reaches {rate / bound:.1%} of it")
        all_ok = statuses == {"ok": N}
        print(f"  [{verdict(rate >= TARGET_RATE[(m, n)] and all_ok)}] >= {TARGET_RATE[(m, n)]:,} games/s, all verified")
        failures += not (rate >= TARGET_RATE[(m, n)] and all_ok)
        if args.compare_general:
            default, general, same = compare_general(A, B, args.repeat, args.chunk, res)
            print(f"  general path alone (alternating runs): {N / general:,.0f} games/s; the default "
                  f"{N / default:,.0f} games/s, {general / default:.2f}x as fast; results identical: {same}")
            failures += not same
        if qe is not None and args.qe_sample > 0:
            k = min(args.qe_sample, N)
            solve, full, bad = time_quantecon(qe, A[:k], B[:k], res)
            ratio = (1.0 / solve) and rate * solve
            print(f"  QuantEcon vertex_enumeration, one call at a time ({k:,} games): {1 / solve:,.0f} games/s solve only "
                  f"({1 / full:,.0f} with building NormalFormGame); equilibrium sets differ on {bad} games")
            print(f"  [{verdict(ratio >= TARGET_QE_RATIO)}] >= {TARGET_QE_RATIO:.0f}x QuantEcon: {ratio:,.1f}x "
                  f"(solve only; {rate * full:,.1f}x with building the game)")
            failures += ratio < TARGET_QE_RATIO
        if nashpy is not None and args.nashpy_sample > 0:
            k = min(args.nashpy_sample, N)
            per_game, bad = time_nashpy(nashpy, A[:k], B[:k], res)
            ratio = rate * per_game
            print(f"  nashpy vertex_enumeration, one call at a time ({k:,} games): {1 / per_game:,.0f} games/s; "
                  f"equilibrium sets differ on {bad} games")
            print(f"  [{verdict(ratio >= TARGET_NASHPY_RATIO)}] >= {TARGET_NASHPY_RATIO:.0f}x nashpy: {ratio:,.0f}x")
            failures += ratio < TARGET_NASHPY_RATIO
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
