#!/usr/bin/env python
"""Benchmark leverage's equilibrium solvers against nashpy, QuantEcon and pygambit.

What it measures (see benchmarks/README.md):

1. ``leverage.equilibria(g)`` (every extreme equilibrium, ``method="auto"``) on
   random n x n games, against nashpy's ``vertex_enumeration``, QuantEcon's
   ``vertex_enumeration`` and pygambit's ``enummixed_solve`` -- timing *and* a
   check that every library returns the same equilibrium set as leverage.
2. ``leverage.equilibrium(g)`` (one equilibrium, Lemke-Howson) on large random
   games, against nashpy's and QuantEcon's ``lemke_howson``; every result is
   checked with ``Game.is_nash``. Then (2b) one Lemke-Howson path from label 0,
   ``leverage.lemke_howson`` against QuantEcon's ``lemke_howson`` on the same
   path (pivot counts compared), in process with interleaved repeats, as
   ratios at 50 x 50 and 200 x 200; and against nashpy's at small sizes.
3. The project's performance targets, printed as PASS / MISS lines.

Every anchor library is optional: a library that is not importable is skipped
and the header says so. Calls that can run for minutes or loop forever
(nashpy, pygambit, every Lemke-Howson) run in a child process killed after a
time cap, so one run stays bounded.

Run ``python benchmarks/bench_equilibria.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import math
import multiprocessing as mp
import os
import platform
import pstats
import statistics
import sys
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

import leverage

ATOL = 1e-6

# ----------------------------------------------------------------------------- anchors


def _try_import(name: str) -> tuple[Any, str]:
    """(module or None, version string or the reason it is missing)."""
    try:
        mod = importlib.import_module(name)
    except Exception as exc:  # ImportError, or a broken build raising something else
        return None, f"not importable ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
    return mod, getattr(mod, "__version__", "?")


nashpy, NASHPY_INFO = _try_import("nashpy")
quantecon, QUANTECON_INFO = _try_import("quantecon")
if quantecon is not None:
    try:
        import quantecon.game_theory as qe_gt
    except Exception as exc:  # pragma: no cover - depends on the environment
        quantecon, qe_gt, QUANTECON_INFO = None, None, f"quantecon.game_theory not importable ({exc})"
else:
    qe_gt = None
gbt, PYGAMBIT_INFO = _try_import("pygambit")


# ----------------------------------------------------------------------------- games


def random_bimatrix(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    A, B = rng.random((n, n)), rng.random((n, n))
    return A, B


# ----------------------------------------------------------------------------- solver calls
# Module-level functions so that they can run in a child process. Each returns
# plain numpy arrays.


def _profiles(eqs) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(np.asarray(x, dtype=float), np.asarray(y, dtype=float)) for x, y in eqs]


def nashpy_vertex_prepare(A, B):
    return nashpy.Game(A, B)


def nashpy_vertex_solve(ng):
    return _profiles(ng.vertex_enumeration())


def qe_prepare(A, B):
    return qe_gt.NormalFormGame((qe_gt.Player(A), qe_gt.Player(B.T)))


def qe_vertex_solve(qg):
    return _profiles(qe_gt.vertex_enumeration(qg))


def gambit_prepare(A, B, rational=False):
    try:
        game = gbt.Game.from_arrays(A, B)
    except TypeError:  # older versions want python numbers
        game = gbt.Game.from_arrays(A.tolist(), B.tolist())
    return game, rational


def gambit_profile(game, eq) -> tuple[np.ndarray, ...]:
    return tuple(np.array([float(eq[s]) for s in player.strategies]) for player in game.players)


def gambit_enummixed_solve(prepared):
    game, rational = prepared
    res = gbt.nash.enummixed_solve(game, rational=rational)
    return [gambit_profile(game, eq) for eq in res.equilibria]


def leverage_lh_solve(g):
    eq = leverage.equilibrium(g)
    return tuple(np.asarray(s, dtype=float) for s in eq.strategies), ""


def nashpy_lh_solve(ng):
    x, y = ng.lemke_howson(initial_dropped_label=0)
    return (np.asarray(x, dtype=float), np.asarray(y, dtype=float)), ""


def qe_lh_solve(qg):
    NE, res = qe_gt.lemke_howson(qg, init_pivot=0, full_output=True)
    note = "" if res.converged else f"not converged after {res.num_iter} pivots"
    return (np.asarray(NE[0], dtype=float), np.asarray(NE[1], dtype=float)), note


# ----------------------------------------------------------------------------- timing


def best_time(fn: Callable[[], Any], repeats: int, budget: float = 2.0) -> tuple[float, Any]:
    """Fastest of up to ``repeats`` calls (fewer once ``budget`` seconds are spent)."""
    best, result, spent = math.inf, None, 0.0
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        best, spent = min(best, dt), spent + dt
        if spent > budget:
            break
    return best, result


@dataclass
class Outcome:
    status: str  # "ok", "timeout", "error", "unavailable", "skipped"
    seconds: float | None = None
    result: Any = None
    message: str = ""


def _child(conn, solve, prepare, args, repeats, budget):
    warnings.simplefilter("ignore")
    np.seterr(all="ignore")
    try:  # silence C-level chatter (nashpy prints warnings in a loop when it cycles)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    except OSError:
        pass
    try:
        obj = prepare(*args)
        t, res = best_time(lambda: solve(obj), repeats, budget)
        conn.send(("ok", t, res, ""))
    except NotImplementedError as exc:
        conn.send(("unavailable", None, None, f"NotImplementedError {exc}".strip()))
    except BaseException as exc:  # report anything, the parent decides
        conn.send(("error", None, None, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


_CTX = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")


def run_capped(solve, prepare, args, cap: float, repeats: int = 1, budget: float = 2.0) -> Outcome:
    """Run ``solve(prepare(*args))`` in a child process; kill it after ``cap`` seconds.

    Only the ``solve`` call is timed (best of ``repeats``), inside the child.
    """
    recv, send = _CTX.Pipe(duplex=False)
    proc = _CTX.Process(target=_child, args=(send, solve, prepare, args, repeats, budget), daemon=True)
    proc.start()
    send.close()
    try:
        if recv.poll(cap):
            try:
                status, t, res, msg = recv.recv()
                out = Outcome(status, t, res, msg)
            except EOFError:
                out = Outcome("error", message=f"child process died (exit code {proc.exitcode})")
        else:
            out = Outcome("timeout", message=f"over the {cap:g} s cap")
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(5)
        if proc.is_alive():
            proc.kill()
            proc.join()
        recv.close()
    return out


# ----------------------------------------------------------------------------- set comparison


def _dist(p, q) -> float:
    if len(p) != len(q) or any(np.shape(a) != np.shape(b) for a, b in zip(p, q)):
        return math.inf
    return max(float(np.max(np.abs(np.asarray(a) - np.asarray(b)))) for a, b in zip(p, q))


def compare_sets(ours, theirs, atol=ATOL):
    """(same, only in ours, only in theirs): greedy matching within ``atol``."""
    unmatched = list(range(len(ours)))
    extra = []
    for q in theirs:
        hit = next((i for i in unmatched if _dist(ours[i], q) <= atol), None)
        if hit is None:
            extra.append(q)
        else:
            unmatched.remove(hit)
    missing = [ours[i] for i in unmatched]
    return (not missing and not extra and len(ours) == len(theirs)), missing, extra


def fmt_profile(p) -> str:
    return "(" + "; ".join(np.array2string(np.round(v, 4), separator=",", max_line_width=400) for v in p) + ")"


# ----------------------------------------------------------------------------- formatting


def fmt_t(t: float | None) -> str:
    if t is None or not math.isfinite(t):
        return "-"
    if t < 1e-3:
        return f"{t * 1e6:.0f} us"
    if t < 1:
        return f"{t * 1e3:.2f} ms"
    return f"{t:.2f} s"


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def header(args) -> None:
    print("=" * 78)
    print("leverage equilibrium benchmark")
    print("=" * 78)
    print(f"date        {time.strftime('%Y-%m-%d %H:%M:%S')}")
    print(f"python      {sys.version.split()[0]} ({sys.executable})")
    print(f"platform    {platform.platform()}; {os.cpu_count()} CPUs")
    import scipy

    print(f"numpy       {np.__version__}    scipy {scipy.__version__}")
    print(f"leverage    {getattr(leverage, '__version__', '?')} ({os.path.dirname(leverage.__file__)})")
    env = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
                                       "OMP_NUM_THREADS", "MKL_NUM_THREADS") if k in os.environ}
    print(f"env         {env if env else 'no BLAS/thread variables set'}")
    if "OPENBLAS_CORETYPE" in env or "OPENBLAS_L2_SIZE" in env:
        print("            NOTE: OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE can slow numpy; see benchmarks/README.md")
    try:
        from threadpoolctl import threadpool_info

        for info in threadpool_info():
            print(
                f"BLAS        {info.get('internal_api')} {info.get('version')} "
                f"arch={info.get('architecture')} threads={info.get('num_threads')} "
                f"({os.path.basename(info.get('filepath', ''))})"
            )
    except ImportError:
        print("BLAS        (threadpoolctl not installed)")
    numba_info = ""
    if quantecon is not None:
        try:
            import numba

            numba_info = f" (numba {numba.__version__})"
        except ImportError:
            pass
    print("anchors     nashpy    " + NASHPY_INFO)
    print("            quantecon " + QUANTECON_INFO + numba_info)
    print("            pygambit  " + PYGAMBIT_INFO)
    print(
        f"settings    sizes={args.sizes} games/size={args.games} seed={args.seed} repeats={args.repeats} "
        f"nashpy-max-n={args.nashpy_max_n} nashpy-cap={args.nashpy_cap:g}s "
        f"lh-sizes={args.lh_sizes} lh-games={args.lh_games} lh-cap={args.lh_cap:g}s "
        f"gambit={'rational' if args.gambit_rational else 'float'} "
        f"blas-threads={'unchanged' if args.blas_threads is None else args.blas_threads}"
    )
    print()


# ----------------------------------------------------------------------------- part 1


@dataclass
class SizeResult:
    n: int
    lev: list = field(default_factory=list)
    qe: list = field(default_factory=list)
    nashpy: list = field(default_factory=list)  # Outcome per game (or None when not run)
    gambit: list = field(default_factory=list)
    n_eq: list = field(default_factory=list)
    degenerate: list = field(default_factory=list)
    notes: list = field(default_factory=list)


MISMATCHES: list[str] = []


def report_mismatch(lib, n, seed, g, ours, theirs, missing, extra):
    lines = [
        f"!!! MISMATCH n={n} seed={seed}: leverage found {len(ours)} equilibria, {lib} found {len(theirs)}",
    ]
    for p in missing:
        lines.append(f"!!!   only leverage: {fmt_profile(p)} is_nash={g.is_nash(p)}")
    for p in extra:
        try:
            ok = g.is_nash(p)
        except Exception as exc:  # a malformed profile
            ok = f"error {exc}"
        lines.append(f"!!!   only {lib}: {fmt_profile(p)} is_nash={ok}")
    text = "\n".join(lines)
    print(text, flush=True)
    MISMATCHES.append(text)


def warm_up(args) -> None:
    """Import-time and JIT costs are excluded: solve small games once first."""
    A, B = random_bimatrix(4, 12345)
    g = leverage.Game.from_bimatrix(A, B)
    leverage.equilibria(g)
    leverage.equilibria(leverage.Game.from_bimatrix(*random_bimatrix(8, 12345)))
    if qe_gt is not None:
        t0 = time.perf_counter()
        qg = qe_prepare(A, B)
        qe_gt.vertex_enumeration(qg)
        qe_gt.lemke_howson(qg, init_pivot=0)
        print(f"[warm-up] QuantEcon/numba JIT (or cache load): {fmt_t(time.perf_counter() - t0)} (excluded)")
    print()


def bench_all_equilibria(args) -> list[SizeResult]:
    print("-" * 78)
    print("1. All extreme equilibria of random n x n games (time per game; best of repeats)")
    print("-" * 78)
    results = []
    for n in args.sizes:
        sr = SizeResult(n)
        probe_only = n > args.nashpy_max_n
        for k in range(args.games):
            seed = args.seed + k
            A, B = random_bimatrix(n, seed)
            g = leverage.Game.from_bimatrix(A, B)
            t_lev, raw = best_time(lambda: leverage.equilibria(g), args.repeats)
            ours = [tuple(np.asarray(s, dtype=float) for s in eq.strategies) for eq in raw]
            sr.lev.append(t_lev)
            sr.n_eq.append(len(ours))
            try:
                sr.degenerate.append(bool(leverage.is_degenerate(g)))
            except Exception:
                sr.degenerate.append(None)
            parts = [f"n={n:<3d} seed={seed:<4d} #eq={len(ours):<3d} leverage {fmt_t(t_lev):>9s}"]

            # QuantEcon (in process: numba is warm)
            if qe_gt is not None:
                qg = qe_prepare(A, B)
                t_qe, qres = best_time(lambda: qe_vertex_solve(qg), args.repeats)
                sr.qe.append(t_qe)
                parts.append(f"quantecon {fmt_t(t_qe):>9s}")
                same, missing, extra = compare_sets(ours, qres)
                if not same:
                    report_mismatch("quantecon", n, seed, g, ours, qres, missing, extra)
            else:
                sr.qe.append(None)

            # nashpy (child process, one run, capped)
            if nashpy is None:
                sr.nashpy.append(None)
            elif probe_only and k > 0:
                sr.nashpy.append(None)
            else:
                cap = args.nashpy_cap
                out = run_capped(nashpy_vertex_solve, nashpy_vertex_prepare, (A, B), cap, repeats=1)
                sr.nashpy.append(out)
                if out.status == "ok":
                    parts.append(f"nashpy {fmt_t(out.seconds):>9s}")
                    same, missing, extra = compare_sets(ours, out.result)
                    if not same:
                        report_mismatch("nashpy", n, seed, g, ours, out.result, missing, extra)
                else:
                    parts.append(f"nashpy {out.status} ({out.message})")

            # pygambit (child process, capped)
            if gbt is None:
                sr.gambit.append(None)
            else:
                out = run_capped(gambit_enummixed_solve, gambit_prepare, (A, B, args.gambit_rational),
                                 args.gambit_cap, repeats=args.repeats)
                sr.gambit.append(out)
                if out.status == "ok":
                    parts.append(f"pygambit {fmt_t(out.seconds):>9s}")
                    same, missing, extra = compare_sets(ours, out.result)
                    if not same:
                        report_mismatch("pygambit", n, seed, g, ours, out.result, missing, extra)
                else:
                    parts.append(f"pygambit {out.status} ({out.message})")
            if sr.degenerate[-1]:
                parts.append("[degenerate game]")
            print("  " + "  ".join(parts), flush=True)
        if nashpy is not None and probe_only:
            sr.notes.append(f"nashpy run on one game only (n > --nashpy-max-n {args.nashpy_max_n})")
        results.append(sr)
    return results


def _ok_times(outcomes):
    return [o.seconds if (o is not None and o.status == "ok") else None for o in outcomes]


def ratio_text(num, den):
    return "-" if num is None or den is None or den <= 0 else f"{num / den:.3g}"


def nashpy_ratio(sr: SizeResult, cap: float) -> tuple[float | None, bool, str]:
    """(nashpy/leverage, is_lower_bound, text) over games where nashpy ran."""
    pairs = [(o, t) for o, t in zip(sr.nashpy, sr.lev) if o is not None]
    if not pairs:
        return None, False, "not run"
    done = [(o.seconds, t) for o, t in pairs if o.status == "ok"]
    capped = [t for o, t in pairs if o.status == "timeout"]
    if done and not capped:
        r = median([a for a, _ in done]) / median([b for _, b in done])
        return r, False, f"{r:.0f}x"
    if capped and not done:
        r = cap / median(capped)
        return r, True, f">= {r:.0f}x (nashpy over the {cap:g} s cap; lower bound)"
    if done and capped:
        # treat capped runs as taking exactly the cap: a lower bound on the median ratio
        times = [o.seconds if o.status == "ok" else cap for o, _ in pairs if o.status in ("ok", "timeout")]
        levs = [t for o, t in pairs if o.status in ("ok", "timeout")]
        r = median(times) / median(levs)
        return r, True, f">= {r:.0f}x ({len(capped)} nashpy run(s) over the {cap:g} s cap counted as {cap:g} s)"
    return None, False, "nashpy failed: " + "; ".join(o.message for o, _ in pairs)


def summarize_all(results: list[SizeResult], args) -> None:
    print()
    print("Summary: median time per game (each game: best of repeats; nashpy: one run)")
    cols = f"{'n':>3s} {'games':>5s} {'#eq':>5s} {'leverage':>10s} {'quantecon':>10s} {'nashpy':>10s} {'pygambit':>10s}"
    print(cols)
    for sr in results:
        nt = _ok_times(sr.nashpy)
        gt = _ok_times(sr.gambit)
        print(
            f"{sr.n:>3d} {len(sr.lev):>5d} {median(sr.n_eq):>5.0f} {fmt_t(median(sr.lev)):>10s} "
            f"{fmt_t(median(sr.qe)):>10s} {fmt_t(median(nt)):>10s} {fmt_t(median(gt)):>10s}"
        )
    print()
    print("Ratios (medians over the games both libraries finished)")
    for sr in results:
        items = []
        if qe_gt is not None:
            r = median(sr.lev) / median(sr.qe)
            items.append(f"leverage/quantecon = {r:.2f} (target <= 2)")
        if nashpy is not None:
            _, _, txt = nashpy_ratio(sr, args.nashpy_cap)
            items.append(f"nashpy/leverage = {txt}")
        if gbt is not None:
            pairs = [(o.seconds, t) for o, t in zip(sr.gambit, sr.lev) if o is not None and o.status == "ok"]
            if pairs:
                r = median([a for a, _ in pairs]) / median([b for _, b in pairs])
                items.append(f"pygambit/leverage = {r:.3g}")
        print(f"  n={sr.n:<3d} " + "; ".join(items))
        deg = sum(1 for d in sr.degenerate if d)
        if deg:
            print(f"         {deg} of {len(sr.degenerate)} games are degenerate")
        for note in sr.notes:
            print(f"         note: {note}")
    print()


# ----------------------------------------------------------------------------- part 2


@dataclass
class LHRow:
    n: int
    seed: int
    outcomes: dict  # library -> Outcome
    nash_ok: dict  # library -> bool | None


def bench_one_equilibrium(args) -> list[LHRow]:
    print("-" * 78)
    print("2. One equilibrium (Lemke-Howson, initial label 0) on random n x n games")
    print("-" * 78)
    libs = [("leverage", leverage_lh_solve, lambda A, B: leverage.Game.from_bimatrix(A, B))]
    if qe_gt is not None:
        libs.append(("quantecon", qe_lh_solve, qe_prepare))
    if nashpy is not None:
        libs.append(("nashpy", nashpy_lh_solve, nashpy_vertex_prepare))
    rows = []
    for n in args.lh_sizes:
        gave_up: dict[str, str] = {}
        for k in range(args.lh_games):
            seed = args.seed + k
            A, B = random_bimatrix(n, seed)
            g = leverage.Game.from_bimatrix(A, B)
            row = LHRow(n, seed, {}, {})
            parts = [f"n={n:<4d} seed={seed:<4d}"]
            for name, solve, prepare in libs:
                if name in gave_up:
                    row.outcomes[name] = Outcome("skipped", message=gave_up[name])
                    parts.append(f"{name} skipped")
                    continue
                out = run_capped(solve, prepare, (A, B), args.lh_cap, repeats=args.repeats)
                row.outcomes[name] = out
                if out.status == "ok":
                    (x, y), note = out.result
                    try:
                        ok = bool(np.all(np.isfinite(x)) and np.all(np.isfinite(y)) and g.is_nash((x, y)))
                    except Exception:
                        ok = False
                    row.nash_ok[name] = ok
                    parts.append(f"{name} {fmt_t(out.seconds)} {'nash' if ok else 'NOT NASH'}"
                                 + (f" ({note})" if note else ""))
                    if not ok:
                        print(f"!!! {name} lemke_howson n={n} seed={seed} returned a profile that is not a Nash "
                              "equilibrium", flush=True)
                elif out.status == "unavailable":
                    parts.append(f"{name} not available ({out.message})")
                    gave_up[name] = "not available"
                elif out.status == "timeout":
                    parts.append(f"{name} did not return ({out.message})")
                    gave_up[name] = f"timed out on seed {seed}"
                else:
                    parts.append(f"{name} error ({out.message})")
            print("  " + "  ".join(parts), flush=True)
            rows.append(row)
    print()
    print("Summary: median time per game (best of repeats) and ratios")
    for n in args.lh_sizes:
        sub = [r for r in rows if r.n == n]

        def med(name):
            return median([r.outcomes[name].seconds for r in sub
                           if name in r.outcomes and r.outcomes[name].status == "ok"])

        t_lev = med("leverage")
        lev_status = {r.outcomes["leverage"].status for r in sub}
        items = [f"leverage {fmt_t(t_lev) if t_lev is not None else 'not available' if 'unavailable' in lev_status else '-'}"]
        for name in ("quantecon", "nashpy"):
            if any(name in r.outcomes for r in sub):
                t = med(name)
                statuses = {r.outcomes[name].status for r in sub if name in r.outcomes}
                desc = fmt_t(t) if t is not None else ("did not return" if "timeout" in statuses else "-")
                if t is not None and t_lev is not None:
                    desc += f" (leverage/{name} = {t_lev / t:.3g})"
                items.append(f"{name} {desc}")
        print(f"  n={n:<4d} " + "; ".join(items))
    print()
    return rows


# ----------------------------------------------------------------------------- part 2b


@dataclass
class PathRow:
    n: int
    seed: int
    pivots: int | None
    same_path: bool | None  # QuantEcon took as many pivots and ended at the same profile
    lev: float  # best of the repeats, seconds
    qe: float | None
    nash_ok: bool


def _lh_module():
    import leverage.solvers.complementary_pivoting as lh

    return lh


def bench_lh_path(args) -> list[PathRow]:
    """leverage.lemke_howson against quantecon's (and nashpy's) lemke_howson from the same label.

    Both sides run the same lexicographic path (the pivot counts are printed and compared), in
    this process, with the repeats interleaved (leverage, quantecon, leverage, ...), so the
    ratio of the best times is measured under the same machine load. leverage's time includes
    its polishing and verification of the end point.
    """
    print("-" * 78)
    print("2b. One Lemke-Howson path, initial label 0, same path: leverage.lemke_howson vs "
          "quantecon.lemke_howson (in process, repeats interleaved)")
    print("-" * 78)
    lh = _lh_module()
    rows: list[PathRow] = []
    for n in args.lh_path_sizes:
        for k in range(args.lh_path_games):
            seed = args.seed + k
            A, B = random_bimatrix(n, seed)
            g = leverage.Game.from_bimatrix(A, B)
            An, Bn = lh.normalized_bimatrix(A, B)
            try:
                pivots = lh._pivot_path(An, Bn, 0, lh.default_max_pivots(n, n))[2]
            except leverage.SolverError:
                pivots = None
            qg = qe_prepare(A, B) if qe_gt is not None else None
            t_lev, t_qe, spent, eq, qres = math.inf, math.inf, 0.0, None, None
            for _ in range(max(1, args.repeats)):
                t0 = time.perf_counter()
                eq = lh.lemke_howson(g, 0)
                dt = time.perf_counter() - t0
                t_lev, spent = min(t_lev, dt), spent + dt
                if qg is not None:
                    t0 = time.perf_counter()
                    qres = qe_gt.lemke_howson(qg, init_pivot=0, full_output=True)
                    dt = time.perf_counter() - t0
                    t_qe, spent = min(t_qe, dt), spent + dt
                if spent > args.lh_path_budget:
                    break
            nash_ok = bool(g.is_nash(eq.strategies))
            same = None
            parts = [f"n={n:<4d} seed={seed:<4d} pivots {pivots if pivots is not None else '-':>7}",
                     f"leverage {fmt_t(t_lev):>9s} ({fmt_t(t_lev / pivots) if pivots else '-'}/pivot)"]
            if qres is not None:
                (qx, qy), res = qres
                same = bool(res.converged and res.num_iter == pivots
                            and _dist(eq.strategies, (np.asarray(qx), np.asarray(qy))) <= ATOL)
                parts.append(f"quantecon {fmt_t(t_qe):>9s} ({fmt_t(t_qe / res.num_iter)}/pivot)")
                parts.append(f"leverage/quantecon = {t_lev / t_qe:5.2f}")
                parts.append("same path" if same else f"DIFFERENT PATH (quantecon {res.num_iter} pivots)")
            parts.append("verified" if nash_ok else "NOT NASH")
            print("  " + "  ".join(parts), flush=True)
            rows.append(PathRow(n, seed, pivots, same, t_lev, t_qe if qres is not None else None, nash_ok))
    if nashpy is not None and args.lh_nashpy_sizes:
        print("  vs nashpy lemke_howson (initial_dropped_label=0; child process, capped at "
              f"{args.lh_cap:g} s; nashpy's ratio test is not lexicographic):")

        def solve(g):
            return tuple(np.asarray(v, float) for v in lh.lemke_howson(g, 0).strategies), ""

        for n in args.lh_nashpy_sizes:
            ratios = []
            for k in range(args.lh_path_games):
                A, B = random_bimatrix(n, args.seed + k)
                ours = run_capped(solve, lambda a, b: leverage.Game.from_bimatrix(a, b), (A, B), args.lh_cap,
                                  repeats=args.repeats)
                theirs = run_capped(nashpy_lh_solve, nashpy_vertex_prepare, (A, B), args.lh_cap, repeats=args.repeats)
                if ours.status == "ok" and theirs.status == "ok":
                    ratios.append(theirs.seconds / ours.seconds)
                    print(f"    n={n:<3d} seed={args.seed + k:<3d} leverage {fmt_t(ours.seconds):>9s}  "
                          f"nashpy {fmt_t(theirs.seconds):>9s}  nashpy/leverage = {theirs.seconds / ours.seconds:.2f}")
                else:
                    print(f"    n={n:<3d} seed={args.seed + k:<3d} leverage {ours.status} {ours.message}  "
                          f"nashpy {theirs.status} {theirs.message}")
            if ratios:
                print(f"    n={n:<3d} median nashpy/leverage = {median(ratios):.2f}")
    print()
    print("Summary: median over games of leverage/quantecon (best of interleaved repeats)")
    for n in args.lh_path_sizes:
        sub = [r for r in rows if r.n == n and r.qe is not None]
        if sub:
            ratios = [r.lev / r.qe for r in sub]
            print(f"  n={n:<4d} leverage/quantecon median {median(ratios):.2f} (games: "
                  + ", ".join(f"{x:.2f}" for x in ratios) + ")")
    print()
    return rows


# ----------------------------------------------------------------------------- targets


def targets(results: list[SizeResult], lh_rows: list[LHRow], args, path_rows=()) -> None:
    print("-" * 78)
    print("3. Targets")
    print("-" * 78)
    by_n = {sr.n: sr for sr in results}
    for n in (10, 12):
        sr = by_n.get(n)
        if sr is None:
            print(f"SKIPPED  {n}x{n}: size not benchmarked (add it to --sizes)")
            continue
        if nashpy is None:
            print(f"SKIPPED  {n}x{n} all equilibria >= 100x faster than nashpy vertex_enumeration: nashpy missing")
        else:
            r, lower, txt = nashpy_ratio(sr, args.nashpy_cap)
            if r is None:
                print(f"SKIPPED  {n}x{n} all equilibria >= 100x faster than nashpy vertex_enumeration: {txt}")
            elif r >= 100:
                print(f"PASS     {n}x{n} all equilibria >= 100x faster than nashpy vertex_enumeration: {txt}")
            elif lower:
                print(f"UNKNOWN  {n}x{n} all equilibria >= 100x faster than nashpy vertex_enumeration: {txt} "
                      "(raise --nashpy-cap)")
            else:
                print(f"MISS     {n}x{n} all equilibria >= 100x faster than nashpy vertex_enumeration: {txt}")
        if qe_gt is None:
            print(f"SKIPPED  {n}x{n} all equilibria within 2x of QuantEcon vertex_enumeration: quantecon missing")
        else:
            r = median(sr.lev) / median(sr.qe)
            verdict = "PASS    " if r <= 2 else "MISS    "
            print(f"{verdict} {n}x{n} all equilibria within 2x of QuantEcon vertex_enumeration: "
                  f"leverage/quantecon = {r:.2f} ({fmt_t(median(sr.lev))} vs {fmt_t(median(sr.qe))})")
    sub = [r for r in lh_rows if r.n == 200]
    if not sub:
        print("SKIPPED  equilibrium() on 200x200 under 1 s: size not benchmarked (add 200 to --lh-sizes)")
    else:
        outs = [r.outcomes["leverage"] for r in sub]
        if any(o.status == "unavailable" for o in outs):
            print("MISS     equilibrium() on 200x200 under 1 s: not available (NotImplementedError)")
        elif all(o.status == "ok" for o in outs):
            worst = max(o.seconds for o in outs)
            nash = all(r.nash_ok.get("leverage") for r in sub)
            verdict = "PASS    " if worst < 1 and nash else "MISS    "
            print(f"{verdict} equilibrium() on 200x200 under 1 s: slowest of {len(outs)} games {fmt_t(worst)}, "
                  f"median {fmt_t(median([o.seconds for o in outs]))}, "
                  f"{'all verified Nash' if nash else 'SOME NOT NASH'}")
        else:
            msgs = "; ".join(f"{o.status} {o.message}" for o in outs if o.status != "ok")
            print(f"MISS     equilibrium() on 200x200 under 1 s: {msgs}")
    for n in (50, 200):
        sub = [r for r in path_rows if r.n == n and r.qe is not None]
        goal = f"lemke_howson within 3x of QuantEcon lemke_howson at {n}x{n} (same label and path, verified)"
        if not sub:
            print(f"SKIPPED  {goal}: not benchmarked (add {n} to --lh-path-sizes; needs quantecon)")
            continue
        r = median([x.lev / x.qe for x in sub])
        ok = r <= 3 and all(x.nash_ok and x.same_path for x in sub)
        print(f"{'PASS    ' if ok else 'MISS    '} {goal}: median leverage/quantecon = {r:.2f} over {len(sub)} games"
              + ("" if all(x.same_path for x in sub) else " (SOME PATHS DIFFER)"))
    if gbt is None:
        print("SKIPPED  same equilibrium sets as pygambit enummixed on nondegenerate games: pygambit not importable")
    else:
        compared = bad = 0
        for sr in results:
            for k, (o, deg) in enumerate(zip(sr.gambit, sr.degenerate)):
                if o is None or o.status != "ok" or deg:
                    continue
                compared += 1
                seed = args.seed + k
                if any(f"n={sr.n} seed={seed}:" in m and "pygambit found" in m for m in MISMATCHES):
                    bad += 1
        verdict = "PASS    " if compared and not bad else ("MISS    " if bad else "SKIPPED ")
        print(f"{verdict} same equilibrium sets as pygambit enummixed on nondegenerate games: "
              f"{compared - bad}/{compared} games agree")
    print()
    if MISMATCHES:
        print("!" * 78)
        print(f"!!! {len(MISMATCHES)} EQUILIBRIUM-SET MISMATCH(ES) -- leverage vs another library:")
        for m in MISMATCHES:
            print(m)
        print("!" * 78)
    else:
        print("Equilibrium sets: every library that finished returned the same set as leverage "
              f"(atol {ATOL:g}, counts equal).")


# ----------------------------------------------------------------------------- profile


def profile_breakdown(n: int, args) -> None:
    """Where leverage.equilibria spends its time on n x n games: qhull vs the rest."""
    import scipy.spatial

    print("-" * 78)
    print(f"Profile of leverage.equilibria on {args.games} random {n}x{n} games "
          f"(x{args.profile_repeats} each)")
    print("-" * 78)
    games = [leverage.Game.from_bimatrix(*random_bimatrix(n, args.seed + k)) for k in range(args.games)]
    for g in games:
        leverage.equilibria(g)
    qhull = {"t": 0.0, "calls": 0}
    real = scipy.spatial.ConvexHull

    def timed_hull(*a, **kw):
        t0 = time.perf_counter()
        try:
            return real(*a, **kw)
        finally:
            qhull["t"] += time.perf_counter() - t0
            qhull["calls"] += 1

    # leverage imports the name (from scipy.spatial import ConvexHull); QuantEcon looks
    # up scipy.spatial.ConvexHull at call time: replace both with a timing wrapper.
    patched = [scipy.spatial]
    for mod in list(sys.modules.values()):
        name = getattr(mod, "__name__", "") or ""
        if name.startswith("leverage") and getattr(mod, "ConvexHull", None) is real:
            patched.append(mod)
    for mod in patched:
        mod.ConvexHull = timed_hull
    if len(patched) == 1:
        print("  (no leverage module imports scipy's ConvexHull by name: only attribute look-ups are timed)")

    def run_lev():
        for _ in range(args.profile_repeats):
            for g in games:
                leverage.equilibria(g)

    t0 = time.perf_counter()
    run_lev()
    total = time.perf_counter() - t0
    calls = args.profile_repeats * len(games)
    q_lev = dict(qhull)
    print(f"  leverage total {fmt_t(total / calls)} per game; scipy ConvexHull (qhull) "
          f"{fmt_t(q_lev['t'] / calls)} per game = {100 * q_lev['t'] / total:.0f}% "
          f"({q_lev['calls'] / calls:.1f} hulls per game); rest {fmt_t((total - q_lev['t']) / calls)} per game")
    if qe_gt is not None:
        qgs = [qe_prepare(*g.payoffs) for g in games]
        qhull.update(t=0.0, calls=0)
        t0 = time.perf_counter()
        for _ in range(args.profile_repeats):
            for qg in qgs:
                qe_gt.vertex_enumeration(qg)
        qtotal = time.perf_counter() - t0
        print(f"  quantecon total {fmt_t(qtotal / calls)} per game; scipy ConvexHull (qhull) "
              f"{fmt_t(qhull['t'] / calls)} per game = {100 * qhull['t'] / qtotal:.0f}%; "
              f"rest {fmt_t((qtotal - qhull['t']) / calls)} per game")
    for mod in patched:
        mod.ConvexHull = real
    prof = cProfile.Profile()
    prof.enable()
    run_lev()
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(args.profile_top)
    print(f"  cProfile, top {args.profile_top} by own time (totals over {calls} calls; cProfile adds overhead):")
    lines = buf.getvalue().splitlines()
    start = next((i for i, l in enumerate(lines) if l.strip().startswith("ncalls")), 0)
    for line in lines[start:]:
        if line.strip():
            print("    " + line)
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("cumulative").print_stats("leverage", args.profile_top)
    print("  cProfile, leverage functions by cumulative time:")
    lines = buf.getvalue().splitlines()
    start = next((i for i, l in enumerate(lines) if l.strip().startswith("ncalls")), 0)
    for line in lines[start:]:
        if line.strip():
            print("    " + line)
    print()


# ----------------------------------------------------------------------------- main


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[4, 6, 8, 10, 12],
                   help="game sizes n for the all-equilibria benchmark")
    p.add_argument("--games", type=int, default=5, help="random games (seeds) per size")
    p.add_argument("--seed", type=int, default=0, help="first seed; games use seed, seed+1, ...")
    p.add_argument("--repeats", type=int, default=5,
                   help="timed calls per game for fast solvers (best is kept; stops early after 2 s)")
    p.add_argument("--nashpy-max-n", type=int, default=10,
                   help="run nashpy vertex_enumeration on every game up to this n; above it, on one game only")
    p.add_argument("--nashpy-cap", type=float, default=90.0,
                   help="seconds before a nashpy vertex_enumeration call is killed and reported as over the cap")
    p.add_argument("--gambit-cap", type=float, default=60.0, help="seconds cap for one pygambit call (all repeats)")
    p.add_argument("--gambit-rational", action="store_true",
                   help="run pygambit enummixed in exact rational arithmetic (its default) instead of floating point")
    p.add_argument("--lh-sizes", type=int, nargs="*", default=[50, 100, 200],
                   help="game sizes for the one-equilibrium (Lemke-Howson) benchmark; empty to skip")
    p.add_argument("--lh-games", type=int, default=3, help="random games per Lemke-Howson size")
    p.add_argument("--lh-cap", type=float, default=20.0,
                   help="seconds cap for one Lemke-Howson call (all repeats); nashpy can cycle forever")
    p.add_argument("--lh-path-sizes", type=int, nargs="*", default=[50, 200],
                   help="sizes for leverage.lemke_howson vs quantecon.lemke_howson on the same path; empty to skip")
    p.add_argument("--lh-path-games", type=int, default=3, help="random games per --lh-path-sizes size")
    p.add_argument("--lh-path-budget", type=float, default=20.0,
                   help="seconds per game after which the interleaved repeats stop (at least one runs)")
    p.add_argument("--lh-nashpy-sizes", type=int, nargs="*", default=[6, 10, 20],
                   help="small sizes for leverage.lemke_howson vs nashpy lemke_howson; empty to skip")
    p.add_argument("--no-all", action="store_true", help="skip the all-equilibria benchmark")
    p.add_argument("--profile", type=int, nargs="*", default=[], metavar="N",
                   help="also profile leverage.equilibria on N x N games (qhull vs the rest)")
    p.add_argument("--profile-repeats", type=int, default=20, help="calls per game when profiling")
    p.add_argument("--profile-top", type=int, default=15, help="rows of cProfile output")
    p.add_argument("--blas-threads", type=int, default=None, metavar="N",
                   help="limit BLAS threads to N for the whole run (threadpoolctl); default: leave as is")
    p.add_argument("--quick", action="store_true",
                   help="a fast smoke run: sizes 4 6 8, 3 games, 3 repeats, LH on 50 and 100, 30 s caps")
    p.add_argument("--strict", action="store_true", help="exit 1 on any mismatch or MISS")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.games, args.repeats = [4, 6, 8], 3, 3
        args.lh_sizes, args.lh_games = [50, 100], 2
        args.lh_path_games, args.lh_nashpy_sizes = 2, [6, 10]
        args.nashpy_cap = min(args.nashpy_cap, 30.0)
        args.lh_cap = min(args.lh_cap, 10.0)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    t_start = time.perf_counter()
    if args.blas_threads is not None:
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:
            print("--blas-threads needs threadpoolctl (pip install threadpoolctl)", file=sys.stderr)
            return 2
        # kept alive for the whole run; forked children inherit the limit
        args._blas_limit = threadpool_limits(limits=args.blas_threads, user_api="blas")
    header(args)
    warm_up(args)
    results = [] if args.no_all else bench_all_equilibria(args)
    if results:
        summarize_all(results, args)
    lh_rows = bench_one_equilibrium(args) if args.lh_sizes else []
    path_rows = bench_lh_path(args) if args.lh_path_sizes or args.lh_nashpy_sizes else []
    if not args.no_all or lh_rows or path_rows:
        targets(results, lh_rows, args, path_rows)
    for n in args.profile:
        profile_breakdown(n, args)
    print(f"total wall time {time.perf_counter() - t_start:.0f} s")
    if args.strict and MISMATCHES:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
