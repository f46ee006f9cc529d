#!/usr/bin/env python
"""Benchmark ``BargainingProblem.nash_solution`` on large deal sets, checked against brute force.

What it measures, on one core:

1. building the problem (the comprehensive hull) and solving for the Nash
   bargaining solution on 100,000 random two-player deals and on 10,000
   random three-player deals, best of ``--repeat`` runs, for three shapes of
   deal set each: uniform in the unit square or cube (few Pareto-optimal
   deals), uniform in the positive quarter of the disc or ball, and on the
   sphere (every deal Pareto optimal and extreme: the worst case);
2. the Kalai-Smorodinsky and egalitarian solutions on the same sets;
3. two checks of every Nash solution: a *brute-force facet check* -- the Nash
   product maximised on every facet of ``scipy.spatial.ConvexHull`` of the
   raw deals (each edge by golden-section search, each triangle by the
   closed form on its plane, its edges and its corners), whose best value
   must equal the solution's within ``--rtol`` -- and the *first-order
   certificate* ``max_p g . (p - u) <= 0`` over every deal ``p`` with
   ``g = w / (u - d)``;
4. the target of the spec, printed as PASS / MISS lines: each Nash solution
   (build and solve) in under 2 s.

Not part of CI. Run with::

    python benchmarks/bench_bargaining.py
    python benchmarks/bench_bargaining.py --quick
"""

from __future__ import annotations

import os

# one core: set before numpy is imported so BLAS and OpenMP pools have one thread
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402
from scipy.spatial import ConvexHull  # noqa: E402

from leverage.bargaining import BargainingProblem  # noqa: E402
from leverage.bargaining.hull import comprehensive_hull  # noqa: E402

TARGET_SECONDS = 2.0
GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0


def deal_sets(n: int, k: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Three random deal sets of ``k`` deals for ``n`` players."""
    directions = np.abs(rng.normal(size=(k, n)))
    directions /= np.linalg.norm(directions, axis=1)[:, None]
    return {
        "uniform": rng.random((k, n)),
        "ball": directions * rng.random((k, 1)) ** (1.0 / n),
        "sphere": directions,
    }


def nash_values(U: np.ndarray, d: np.ndarray, w: np.ndarray) -> np.ndarray:
    G = U - d
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.all(G > 0, axis=-1), np.log(np.where(G > 0, G, 1.0)) @ w, -np.inf)


def best_on_segments(A: np.ndarray, B: np.ndarray, d: np.ndarray, w: np.ndarray, iterations: int = 120) -> tuple:
    """Golden-section search of the (concave) log product on every segment at once."""
    D = B - A
    X = A - d
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = -X / D
    lo = np.max(np.where(D > 0, bound, 0.0), axis=1, initial=0.0).clip(0.0, 1.0)
    hi = np.min(np.where(D < 0, bound, 1.0), axis=1, initial=1.0).clip(0.0, 1.0)
    a, b = lo.copy(), np.maximum(hi, lo)
    for _ in range(iterations):
        c = b - GOLDEN * (b - a)
        e = a + GOLDEN * (b - a)
        fc = nash_values(A + c[:, None] * D, d, w)
        fe = nash_values(A + e[:, None] * D, d, w)
        left = fc >= fe
        b = np.where(left, e, b)
        a = np.where(left, a, c)
    U = A + (0.5 * (a + b))[:, None] * D
    values = nash_values(U, d, w)
    k = int(np.argmax(values))
    return float(values[k]), U[k]


def brute_force_facets(P: np.ndarray, d: np.ndarray, w: np.ndarray) -> tuple[float, np.ndarray]:
    """The best Nash product over the facets of the hull of the raw deals (and their corners)."""
    hull = ConvexHull(P)
    S = P[hull.simplices]  # (m, n, n): facets as simplices
    n = P.shape[1]
    values = nash_values(P[hull.vertices], d, w)
    best_k = int(np.argmax(values))
    best, arg = float(values[best_k]), P[hull.vertices][best_k]
    edges = [(i, j) for i in range(n) for j in range(i + 1, n)]
    for i, j in edges:
        value, u = best_on_segments(S[:, i], S[:, j], d, w)
        if value > best:
            best, arg = value, u
    if n == 3:  # the closed form on each triangle's plane, where it falls inside the triangle
        normal = np.cross(S[:, 1] - S[:, 0], S[:, 2] - S[:, 0])
        c = np.einsum("ij,ij->i", normal, S[:, 0] - d)
        with np.errstate(divide="ignore", invalid="ignore"):
            X = w * c[:, None] / normal
        ok = np.all(X > 0, axis=1) & np.all(np.isfinite(X), axis=1)
        if ok.any():
            # barycentric coordinates, shifted by d: the plane misses d since the gains on it are positive
            lam = np.linalg.solve(np.transpose(S[ok] - d, (0, 2, 1)), X[ok][:, :, None])[:, :, 0]
            inside = np.all(lam >= -1e-12, axis=1)
            if inside.any():
                U = (d + X[ok])[inside]
                vals = nash_values(U, d, w)
                k = int(np.argmax(vals))
                if vals[k] > best:
                    best, arg = float(vals[k]), U[k]
    return best, arg


def certificate(P: np.ndarray, d: np.ndarray, w: np.ndarray, u: np.ndarray) -> float:
    """``max_p g . (p - u) / |g|``: at most 0 at the maximiser (first-order condition over the hull)."""
    g = w / (u - d)
    return float(np.max((P - u) @ g) / np.abs(g).max())


def timed(fn, repeat: int) -> tuple[float, object]:
    best, out = np.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the deals, one run each")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    parser.add_argument("--rtol", type=float, default=1e-9, help="tolerance of the brute-force check")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    scale = 10 if args.quick else 1
    repeat = 1 if args.quick else max(1, args.repeat)
    rng = np.random.default_rng(args.seed)
    print(f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
          f"{platform.machine()}; one BLAS thread")
    print(f"{'set':<26} {'build+nash':>11} {'KS':>8} {'egal.':>8} {'facets':>7} {'|value - brute|':>16} "
          f"{'certificate':>12}")
    failures = []
    for n, k, w in ((2, 100_000 // scale, np.array([0.4, 0.6])), (3, 10_000 // scale, np.array([0.2, 0.3, 0.5]))):
        for name, P in deal_sets(n, k, rng).items():
            d = np.full(n, 0.05)
            seconds, solution = timed(lambda P=P, d=d: BargainingProblem.from_points(P, d).nash_solution(w), repeat)
            problem = BargainingProblem.from_points(P, d)
            ks_seconds, _ = timed(problem.kalai_smorodinsky, repeat)
            eg_seconds, _ = timed(problem.egalitarian, repeat)
            u = np.asarray(solution.utilities)
            brute, _ = brute_force_facets(P, d, w)
            value = float(nash_values(u, d, w))
            gap = abs(value - brute)
            cert = certificate(P, d, w, u)
            label = f"{n} players, {k:,} {name}"
            facets = len(comprehensive_hull(P).normals)
            print(f"{label:<26} {seconds:>10.3f}s {ks_seconds:>7.3f}s {eg_seconds:>7.3f}s {facets:>7,} {gap:>16.2e} "
                  f"{cert:>12.1e}")
            if seconds > TARGET_SECONDS:
                failures.append(f"MISS {label}: {seconds:.2f} s > {TARGET_SECONDS} s")
            if gap > args.rtol * max(1.0, abs(brute)) or cert > 1e-9:
                failures.append(f"MISS {label}: differs from brute force by {gap:.2e} (certificate {cert:.1e})")
    print()
    for line in failures:
        print(line)
    if not failures:
        print(f"PASS every Nash solution in under {TARGET_SECONDS} s and equal to the brute-force facet check")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
