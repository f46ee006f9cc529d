"""Benchmark mixed equilibria of n-player games: leverage against pygambit's enumpoly.

For each shape, seeded games with integer payoffs in [-1000, 1000] are solved
by :func:`leverage.solvers.polynomial_equilibria` (``solver="auto"``, and
``"exact"`` where it is within its limits) and by pygambit's
``enumpoly_solve`` when pygambit is installed. Each time is the best of
``--repeats`` runs; pygambit runs in a child process killed after ``--cap``
seconds (its own best of as many runs). Every game reports both times, their
ratio (leverage over pygambit: below 2 meets issue 22's goal), the number of
equilibria found by each, whether our enumeration is complete and how many
supports were tracked by homotopy; each shape ends with the medians. Each of
pygambit's equilibria is looked up among ours (its list is not always
complete on generic games, so the check is one way); ours are all verified by
construction.

Run with ``python benchmarks/bench_nplayer.py`` (``--quick`` for issue 22's
three shapes with five seeds and no exact runs, ``--help`` for the options).
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np
from bench_equilibria import PYGAMBIT_INFO, gbt, run_capped  # the anchor and the capped child process

from leverage import Game, IncompleteEnumerationWarning
from leverage.solvers import polynomial_equilibria
from leverage.solvers.homotopy import bezout_number

SHAPES = [(2, 2, 2), (2, 2, 3), (2, 3, 3), (2, 2, 2, 2), (3, 3, 3), (2, 2, 2, 3), (3, 3, 3, 3)]
#: The shapes of issue 22's goal: within 2x of pygambit's enumpoly.
GOAL_SHAPES = [(2, 2, 2), (3, 3, 3), (2, 2, 2, 2)]
EXACT_SHAPES = {(2, 2, 2), (2, 2, 3), (2, 3, 3), (2, 2, 2, 2), (3, 3, 3)}


def make_game(shape: tuple[int, ...], seed: int) -> Game:
    rng = np.random.default_rng(seed)
    return Game([rng.integers(-1000, 1001, size=shape).astype(float) for _ in shape])


def ours(game: Game, solver: str, repeats: int) -> tuple[float, object]:
    """Best time of ``repeats`` runs and the full output."""
    best, out = float("inf"), None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteEnumerationWarning)
        for _ in range(repeats):
            t0 = time.perf_counter()
            out = polynomial_equilibria(game, full_output=True, solver=solver)
            best = min(best, time.perf_counter() - t0)
    return best, out


def gambit_prepare(arrays):
    return gbt.Game.from_arrays(*[a.astype(int) for a in arrays])


def gambit_enumpoly(game) -> list:
    result = gbt.nash.enumpoly_solve(game, use_strategic=True)
    return [[[float(eq[s]) for s in player.strategies] for player in game.players] for eq in result.equilibria]


def gambit(game: Game, cap: float, repeats: int) -> tuple[float | None, list | None, str]:
    """pygambit's best time and equilibria, in a child process killed after ``cap`` seconds."""
    if gbt is None:
        return None, None, "skipped"
    out = run_capped(gambit_enumpoly, gambit_prepare, ([np.asarray(u) for u in game.payoffs],), cap, repeats=repeats)
    return out.seconds, out.result, out.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="games per shape (default 5)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per game; the best time counts (default 5)")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds before a pygambit run is killed")
    parser.add_argument("--quick", action="store_true", help="issue 22's three shapes only, without exact runs")
    args = parser.parse_args()
    shapes = GOAL_SHAPES if args.quick else SHAPES
    print(f"anchor: pygambit {PYGAMBIT_INFO}; ratio = leverage time (auto) / pygambit time; "
          "found = pygambit equilibria among ours")
    print(f"{'shape':<14}{'seed':>5}{'paths':>7}{'auto ms':>10}{'exact ms':>10}{'gambit ms':>11}"
          f"{'ratio':>8}{'ours':>6}{'theirs':>7}{'found':>7}{'tracked':>8}  complete")
    for shape in shapes:
        times, ratios, counts = [], [], []
        for seed in range(args.seeds):
            game = make_game(shape, seed)
            t_auto, out = ours(game, "auto", args.repeats)
            t_exact = ours(game, "exact", 1)[0] if shape in EXACT_SHAPES and not args.quick else None
            t_gbt, theirs, status = gambit(game, args.cap, args.repeats)
            found = "-"
            if theirs is not None:
                hits = sum(any(eq.isclose([np.array(p) for p in prof], atol=1e-6) for eq in out.equilibria)
                           for prof in theirs)
                found = f"{hits}/{len(theirs)}"
            ratio = f"{t_auto / t_gbt:.2f}" if t_gbt else status[:7]
            times.append(t_auto)
            if t_gbt:
                ratios.append(t_auto / t_gbt)
            counts.append((len(out.equilibria), len(theirs) if theirs is not None else None))
            print(f"{str(shape):<14}{seed:>5}{bezout_number(shape):>7}{1e3 * t_auto:>10.2f}"
                  f"{(f'{1e3 * t_exact:.1f}' if t_exact is not None else '-'):>10}"
                  f"{(f'{1e3 * t_gbt:.2f}' if t_gbt else '-'):>11}{ratio:>8}{len(out.equilibria):>6}"
                  f"{(len(theirs) if theirs is not None else '-'):>7}{found:>7}{out.supports_tracked:>8}  {out.complete}")
        median_ratio = f"{statistics.median(ratios):.2f}" if ratios else "-"
        print(f"{str(shape):<14} median: leverage {1e3 * statistics.median(times):.2f} ms, ratio {median_ratio}"
              f"{' (goal < 2)' if shape in GOAL_SHAPES else ''}; equilibria ours/theirs "
              f"{sum(c[0] for c in counts)}/{sum(c[1] or 0 for c in counts)}")


if __name__ == "__main__":
    main()
