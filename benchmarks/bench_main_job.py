"""The main job on a scenario file with a 20 x 20 game of 0/1 payoffs: it must finish within 60 s
and say that the list of equilibria is bounded.

Such a game has thousands of extreme equilibria (a 16 x 16 one has 2,402); listing them all takes
minutes. The main job lists at most ``MAX_EQUILIBRIA_SHOWN`` equilibria of a game within
``TIME_LIMIT_PER_GAME`` seconds and prints a line beside a list it cut short.

    python benchmarks/bench_main_job.py [--size 20] [--seed 0]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def scenario_text(size: int, seed: int) -> str:
    rng = np.random.default_rng(seed)
    A, B = rng.integers(0, 2, (size, size)), rng.integers(0, 2, (size, size))
    rows = [f"r{i}" for i in range(size)]
    cols = [f"c{j}" for j in range(size)]

    def matrix(M: np.ndarray) -> str:
        return "[" + ", ".join("[" + ", ".join(f'"{int(v)}"' for v in row) + "]" for row in M) + "]"

    return "\n".join([
        "[scenario]",
        f'name = "a {size} x {size} game of 0/1 payoffs"',
        "games = []",
        "[parameters.unused]",
        "value = 1.0", "low = 0.0", "high = 2.0", 'unit = ""', 'source = "illustrative"',
        "[games.zero_one]",
        'players = ["Row", "Column"]',
        f"strategies = [{rows!r}, {cols!r}]".replace("'", '"'),
        f"payoffs.Row = {matrix(A)}",
        f"payoffs.Column = {matrix(B)}",
        "",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds the run may take")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "zero_one.toml"
        path.write_text(scenario_text(args.size, args.seed))
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "leverage", "--scenario", str(path)],
                             capture_output=True, text=True, timeout=10 * args.budget, check=False)
        elapsed = time.perf_counter() - start
    bounded = "more equilibria may exist" in run.stdout
    listed = sum(1 for line in run.stdout.splitlines() if line.strip()[:1].isdigit() and "| regret" in line)
    print(f"main job on a {args.size} x {args.size} 0/1 scenario: exit {run.returncode}, {elapsed:.1f} s, "
          f"{listed} equilibria printed, bounded note {'printed' if bounded else 'MISSING'}")
    ok = run.returncode == 0 and elapsed <= args.budget and (bounded or args.size < 14)
    print("target (under {:.0f} s, says the list is bounded): {}".format(args.budget, "met" if ok else "MISSED"))
    if run.returncode != 0:
        print(run.stderr[-2000:])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
