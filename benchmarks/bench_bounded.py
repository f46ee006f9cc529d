#!/usr/bin/env python
"""Benchmark bounded enumeration: ``leverage.equilibria`` on degenerate 0/1 games.

What it measures (issue 24, "Bounded solves"):

1. ``equilibria(g)`` on the 16 x 16 game with 0/1 payoffs drawn as
   ``rng = np.random.default_rng(0); A = rng.integers(0, 2, (16, 16));
   B = rng.integers(0, 2, (16, 16))`` -- every extreme equilibrium (2,402):
   wall time, and peak memory two ways, ``tracemalloc``'s peak of traced
   allocations (numpy's included) and the growth of the child process's
   peak resident set (``ru_maxrss``) over its size after the imports, and
   that peak itself. Targets: under 30 s and under 500 MB;
2. the same game with ``max_equilibria=50`` and with ``time_limit=1``: how
   fast a bounded call returns, and what it returns;
3. the 12 x 12 and 20 x 20 games drawn the same way (the 20 x 20 one with
   ``--time-limit``, default 30 s: its vertex count explodes);
4. the progressive path (``leverage.solvers.adjacency.progressive_equilibria``,
   which ``equilibria()`` falls back on when a bound stops the vertex
   listing): the 16 x 16 game forced through it (time to all 2,402 extreme
   equilibria, and whether the set equals ``equilibria()``'s), and the 20 x 20
   game run through it alone for ``--time-limit`` seconds (verified
   equilibria found after 1, 5, 10 s... -- before the fallback, a bounded call
   returned only the 113 pure equilibria);
5. pygambit's ``enummixed_solve`` (floats) on the 12 x 12 and 16 x 16 games,
   each in a child process killed after ``--gambit-cap`` seconds, with its
   equilibrium set compared to leverage's (missing, extra, repeated). Skipped
   with a note when pygambit cannot be imported.

Each measurement runs in its own child process, so one run's memory does not
inflate the next. Not part of CI. Run it with::

    python benchmarks/bench_bounded.py
    python benchmarks/bench_bounded.py --gambit-cap 30 --time-limit 10
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing as mp
import platform
import resource
import sys
import time
import tracemalloc
import warnings
from typing import Any

import numpy as np

TARGET_SECONDS = 30.0
TARGET_MB = 500.0
ATOL = 1e-6


def zero_one_game(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The issue's reproducer: ``default_rng(0)``, A drawn first, then B."""
    rng = np.random.default_rng(0)
    A = rng.integers(0, 2, (n, n))
    B = rng.integers(0, 2, (n, n))
    return A, B


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kilobytes on Linux


def _leverage_child(conn: Any, n: int, kwargs: dict[str, Any], trace: bool) -> None:
    import leverage

    A, B = zero_one_game(n)
    g = leverage.Game.from_bimatrix(A, B)
    base = _rss_mb()
    if trace:
        tracemalloc.start()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t0 = time.perf_counter()
        found = leverage.equilibria(g, **kwargs)
        seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else float("nan")
    unverified = sum(not g.is_nash(eq.strategies) for eq in found)
    profiles = [tuple(np.asarray(s) for s in eq.strategies) for eq in found]
    conn.send(
        {
            "seconds": seconds,
            "traced_mb": peak,
            "rss_growth_mb": _rss_mb() - base,
            "rss_mb": _rss_mb(),
            "count": len(found),
            "complete": found.complete,
            "reason": found.reason,
            "unverified": unverified,
            "warnings": [str(w.message) for w in caught],
            "profiles": profiles,
        }
    )


def _progressive_child(conn: Any, n: int, seconds: float | None) -> None:
    import leverage
    from leverage.results import unique_equilibria
    from leverage.solvers.adjacency import progressive_equilibria
    from leverage.solvers.polytope import EnumerationStopped

    A, B = zero_one_game(n)
    g = leverage.Game.from_bimatrix(A, B)
    marks = [1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0]
    timeline = []
    found = []
    reason = None
    t0 = time.perf_counter()
    deadline = None if seconds is None else time.monotonic() + seconds
    try:
        for eq in progressive_equilibria(g, deadline=deadline):
            found.append(eq)
            while marks and time.perf_counter() - t0 >= marks[0]:
                timeline.append((marks.pop(0), len(found)))
    except EnumerationStopped as stop:
        reason = stop.reason
    seconds_taken = time.perf_counter() - t0
    unverified = sum(not g.is_nash(eq.strategies) for eq in found)
    mixed = sum(not all(np.max(s) == 1.0 for s in eq.strategies) for eq in found)
    conn.send(
        {
            "seconds": seconds_taken,
            "count": len(found),
            "distinct": len(unique_equilibria(found)),
            "mixed": mixed,
            "unverified": unverified,
            "reason": reason,
            "timeline": timeline,
            "profiles": [tuple(np.asarray(s) for s in eq.strategies) for eq in found],
        }
    )


def _gambit_child(conn: Any, n: int) -> None:
    import pygambit as gbt

    A, B = zero_one_game(n)
    game = gbt.Game.from_arrays(A.astype(float), B.astype(float))
    t0 = time.perf_counter()
    res = gbt.nash.enummixed_solve(game, rational=False)
    seconds = time.perf_counter() - t0
    profiles = [
        tuple(np.array([float(eq[s]) for s in player.strategies]) for player in game.players) for eq in res.equilibria
    ]
    conn.send({"seconds": seconds, "count": len(profiles), "profiles": profiles})


def run_child(target: Any, args: tuple, cap: float) -> dict[str, Any] | None:
    """Run ``target(conn, *args)`` in a fresh process; None if it has not answered within ``cap`` seconds."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=target, args=(child, *args))
    proc.start()
    child.close()
    try:
        if parent.poll(cap):
            return parent.recv()
        return None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()


def compare(ours: list, theirs: list) -> str:
    """Missing, extra and repeated profiles of ``theirs`` against ``ours`` (max-norm within ATOL)."""

    def flat(profiles: list) -> np.ndarray:
        return np.array([np.concatenate(p) for p in profiles]) if profiles else np.zeros((0, 1))

    X, Y = flat(ours), flat(theirs)
    if len(X) == 0 or len(Y) == 0:
        return f"leverage {len(X)}, other {len(Y)}"
    close = np.array([np.abs(Y - x).max(axis=1) <= ATOL for x in X])  # (ours, theirs)
    missing = int(np.sum(~close.any(axis=1)))  # ours that the other lacks
    extra = int(np.sum(~close.any(axis=0)))  # theirs that are not ours
    distinct_theirs = len(Y) - int(np.sum([np.any(np.abs(Y[:j] - Y[j]).max(axis=1) <= ATOL) for j in range(1, len(Y))]))
    return (
        f"other lists {len(Y)} ({distinct_theirs} distinct): it misses {missing} of leverage's {len(X)}, "
        f"has {extra} that leverage lacks, repeats {len(Y) - distinct_theirs}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cap", type=float, default=300.0, help="seconds before a leverage child is killed")
    parser.add_argument("--gambit-cap", type=float, default=120.0, help="seconds before pygambit is killed")
    parser.add_argument("--time-limit", type=float, default=30.0, help="time_limit for the 20 x 20 game")
    args = parser.parse_args()

    import leverage

    print(f"python {platform.python_version()}  numpy {np.__version__}  leverage {leverage.__version__}")
    try:
        gbt = importlib.import_module("pygambit")
        gambit_info = f"pygambit {gbt.__version__}"
    except Exception as exc:  # ImportError, or a broken build
        gbt, gambit_info = None, f"pygambit not importable ({type(exc).__name__}): its comparison is skipped"
    print(gambit_info)
    ok = True

    print("\n== 16 x 16 0/1 game, every equilibrium ==")
    timed = run_child(_leverage_child, (16, {}, False), args.cap)
    traced = run_child(_leverage_child, (16, {}, True), args.cap)
    if timed is None or traced is None:
        print(f"MISS: did not finish within {args.cap:g} s")
        return 1
    print(
        f"{timed['count']} equilibria, complete={timed['complete']}, {timed['unverified']} unverified; "
        f"{timed['seconds']:.2f} s; peak traced {traced['traced_mb']:.1f} MB, "
        f"resident growth {timed['rss_growth_mb']:.1f} MB (child's peak resident set {timed['rss_mb']:.0f} MB, "
        f"imports included)"
    )
    peak = max(traced["traced_mb"], timed["rss_growth_mb"])
    for label, good in (
        (f"under {TARGET_SECONDS:g} s", timed["seconds"] < TARGET_SECONDS),
        (f"under {TARGET_MB:g} MB peak", peak < TARGET_MB),
        ("2,402 equilibria, all verified", timed["count"] == 2402 and timed["unverified"] == 0 and timed["complete"]),
    ):
        print(f"{'PASS' if good else 'MISS'}: {label}")
        ok &= good

    print("\n== 16 x 16 0/1 game, bounded ==")
    for kwargs in ({"max_equilibria": 50}, {"time_limit": 1.0}):
        r = run_child(_leverage_child, (16, kwargs, False), args.cap)
        print(
            f"{kwargs}: {r['count']} equilibria ({r['unverified']} unverified) in {r['seconds']:.2f} s, "
            f"complete={r['complete']}, reason={r['reason']!r}; warned: {len(r['warnings'])}"
        )

    print("\n== 12 x 12 and 20 x 20 0/1 games ==")
    small = run_child(_leverage_child, (12, {}, False), args.cap)
    print(f"12 x 12: {small['count']} equilibria in {small['seconds']:.2f} s, complete={small['complete']}")
    big = run_child(_leverage_child, (20, {"time_limit": args.time_limit}, False), args.cap + args.time_limit)
    print(
        f"20 x 20, time_limit={args.time_limit:g}: {big['count']} equilibria ({big['unverified']} unverified) in "
        f"{big['seconds']:.1f} s, complete={big['complete']}, reason={big['reason']!r}"
    )

    print("\n== progressive path (leverage.solvers.adjacency) ==")
    forced = run_child(_progressive_child, (16, None), args.cap)
    if forced is None:
        print(f"16 x 16 forced through the progressive path: did not finish within {args.cap:g} s")
        ok = False
    else:
        same = compare(timed["profiles"], forced["profiles"])
        print(
            f"16 x 16 forced through the progressive path: {forced['count']} equilibria ({forced['distinct']} "
            f"distinct, {forced['unverified']} unverified) in {forced['seconds']:.1f} s "
            f"(equilibria(): {timed['seconds']:.2f} s); against equilibria(): {same}"
        )
        good = forced["count"] == forced["distinct"] == 2402 and forced["unverified"] == 0
        print(f"{'PASS' if good else 'MISS'}: all 2,402 through the progressive path, each once")
        ok &= good
    alone = run_child(_progressive_child, (20, args.time_limit), args.cap + args.time_limit)
    print(
        f"20 x 20, progressive path alone for {args.time_limit:g} s: {alone['count']} verified equilibria "
        f"({alone['mixed']} mixed, {alone['unverified']} unverified), stopped by {alone['reason']!r}; found by "
        + ", ".join(f"{t:g} s: {c}" for t, c in alone["timeline"])
    )
    good = big["count"] > 113 and big["unverified"] == 0 and not big["complete"]
    print(f"{'PASS' if good else 'MISS'}: equilibria(20 x 20, time_limit={args.time_limit:g}) returns more than the "
          f"113 pure equilibria, all verified, marked incomplete ({big['count']})")
    ok &= good

    print("\n== pygambit enummixed_solve (floats) ==")
    if gbt is None:
        print("skipped: " + gambit_info)
    else:
        for n, ours in ((12, small), (16, timed)):
            theirs = run_child(_gambit_child, (n,), args.gambit_cap)
            if theirs is None:
                print(f"{n} x {n}: did not finish within {args.gambit_cap:g} s (leverage: {ours['seconds']:.2f} s)")
            else:
                print(f"{n} x {n}: {theirs['seconds']:.1f} s (leverage {ours['seconds']:.2f} s); "
                      + compare(ours["profiles"], theirs["profiles"]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
