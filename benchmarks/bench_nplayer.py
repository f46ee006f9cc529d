"""Benchmark mixed equilibria of n-player games: leverage against pygambit's enumpoly.

For each shape, seeded games with integer payoffs in [-1000, 1000] are solved
by :func:`leverage.solvers.polynomial_equilibria` (``solver="auto"``, and
``"exact"`` where it is within its limits) and by pygambit's
``enumpoly_solve`` when pygambit is installed. Every run reports its time,
the number of equilibria, whether the enumeration is complete, and the ratio
of times; pygambit runs in a child process killed after ``--cap`` seconds.
Each of pygambit's equilibria is looked up among ours (its list is not
always complete on generic games, so the check is one way); ours are all
verified by construction.

Run with ``python benchmarks/bench_nplayer.py`` (``--quick`` for the three
smallest shapes, ``--help`` for the options).
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
from bench_equilibria import PYGAMBIT_INFO, gbt, run_capped  # the anchor and the capped child process

from leverage import Game, IncompleteEnumerationWarning
from leverage.solvers import polynomial_equilibria
from leverage.solvers.homotopy import bezout_number

SHAPES = [(2, 2, 2), (2, 2, 3), (2, 3, 3), (2, 2, 2, 2), (3, 3, 3), (2, 2, 2, 3), (3, 3, 3, 3)]
EXACT_SHAPES = {(2, 2, 2), (2, 2, 3), (2, 3, 3), (2, 2, 2, 2), (3, 3, 3)}


def make_game(shape: tuple[int, ...], seed: int) -> Game:
    rng = np.random.default_rng(seed)
    return Game([rng.integers(-1000, 1001, size=shape).astype(float) for _ in shape])


def ours(game: Game, solver: str) -> tuple[float, object]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteEnumerationWarning)
        t0 = time.perf_counter()
        out = polynomial_equilibria(game, full_output=True, solver=solver)
        return time.perf_counter() - t0, out


def gambit_prepare(arrays):
    return gbt.Game.from_arrays(*[a.astype(int) for a in arrays])


def gambit_enumpoly(game) -> list:
    result = gbt.nash.enumpoly_solve(game, use_strategic=True)
    return [[[float(eq[s]) for s in player.strategies] for player in game.players] for eq in result.equilibria]


def gambit(game: Game, cap: float) -> tuple[float | None, list | None, str]:
    """pygambit's time and equilibria, in a child process killed after ``cap`` seconds."""
    if gbt is None:
        return None, None, "skipped"
    out = run_capped(gambit_enumpoly, gambit_prepare, ([np.asarray(u) for u in game.payoffs],), cap)
    return out.seconds, out.result, out.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2, help="games per shape (default 2)")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds before a pygambit run is killed")
    parser.add_argument("--quick", action="store_true", help="only the three smallest shapes, one game each")
    args = parser.parse_args()
    shapes = SHAPES[:3] if args.quick else SHAPES
    seeds = 1 if args.quick else args.seeds
    print(f"anchor: pygambit {PYGAMBIT_INFO}; ratio = pygambit time / leverage time (auto); found = pygambit equilibria among ours")
    print(f"{'shape':<14}{'seed':>5}{'paths':>7}{'auto s':>9}{'exact s':>9}{'gambit s':>10}"
          f"{'ratio':>8}{'ours':>6}{'theirs':>7}{'found':>7}  complete")
    for shape in shapes:
        for seed in range(seeds):
            game = make_game(shape, seed)
            t_auto, out = ours(game, "auto")
            t_exact = ours(game, "exact")[0] if shape in EXACT_SHAPES else None
            t_gbt, theirs, status = gambit(game, args.cap)
            found = "-"
            if theirs is not None:
                hits = sum(any(eq.isclose([np.array(p) for p in prof], atol=1e-6) for eq in out.equilibria)
                           for prof in theirs)
                found = f"{hits}/{len(theirs)}"
            ratio = f"{t_gbt / t_auto:.1f}x" if t_gbt else status[:7]
            print(f"{str(shape):<14}{seed:>5}{bezout_number(shape):>7}{t_auto:>9.2f}"
                  f"{(f'{t_exact:.2f}' if t_exact is not None else '-'):>9}"
                  f"{(f'{t_gbt:.2f}' if t_gbt else '-'):>10}{ratio:>8}{len(out.equilibria):>6}"
                  f"{(len(theirs) if theirs is not None else '-'):>7}{found:>7}  {out.complete}")


if __name__ == "__main__":
    main()
