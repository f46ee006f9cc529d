#!/usr/bin/env python
"""Benchmark :mod:`leverage.dynamic` against QuantEcon, as ratios measured in the same run.

What it measures, on one core (best of ``--repeat`` runs each):

1. **LQ games:** ``lq_feedback_nash`` against ``quantecon.nnash`` on the duopoly
   of QuantEcon's "Markov Perfect Equilibrium" lecture; the rules must agree
   to 1e-8 (``nnash`` run with ``tol=1e-10``).
2. **One-decision-maker games (MDPs):** ``shapley`` on a zero-sum game whose
   minimiser has one action (an MDP) against QuantEcon's
   ``DiscreteDP.solve`` (value iteration and policy iteration, QuantEcon's
   stochastic dynamic programming tool; QuantEcon has no solver for stochastic
   *games*), with 10, 100 and 1,000 states; the values must agree.
3. **Shapley's value iteration** on random two-player zero-sum games with
   2 x 2 stages and 10, 100 and 1,000 states (dense transitions, discount 0.9).
4. **MPE iteration** (``markov_equilibrium``) on random general-sum games with
   2 x 2 stages and 10, 100 and 1,000 states: the time per iteration and, where
   it converges within ``--mpe-iter`` iterations, the time to a verified MPE.
5. **Pure MPE enumeration** on 4, 6 and 8 states of 2 x 2 stages.
6. **The diversification race** at its default grid (``race_outcome()``).

QuantEcon is optional (the ``bench`` extra); without it the comparisons are
skipped and said to be. Not part of CI. Run with::

    python benchmarks/bench_dynamic.py
    python benchmarks/bench_dynamic.py --quick
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402

from leverage.dynamic import (  # noqa: E402
    LQGame,
    StochasticGame,
    lq_feedback_nash,
    markov_equilibrium,
    pure_markov_equilibria,
    shapley,
)
from leverage.scenarios.diversification_race import race_outcome  # noqa: E402

try:
    import quantecon as qe
except ImportError:  # the bench extra is optional
    qe = None


def best_of(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def duopoly():
    a0, a1, beta, gamma = 10.0, 2.0, 0.96, 12.0
    A = np.eye(3)
    B1, B2 = np.array([[0.0], [1.0], [0.0]]), np.array([[0.0], [0.0], [1.0]])
    R1 = np.array([[0.0, -a0 / 2, 0.0], [-a0 / 2, a1, a1 / 2], [0.0, a1 / 2, 0.0]])
    R2 = np.array([[0.0, 0.0, -a0 / 2], [0.0, 0.0, a1 / 2], [-a0 / 2, a1 / 2, a1]])
    return A, B1, B2, R1, R2, gamma, beta


def bench_lq(repeat):
    A, B1, B2, R1, R2, gamma, beta = duopoly()
    game = LQGame(A=A, B=[B1, B2], R=[R1, R2], Q=[gamma, gamma], beta=beta)
    t_lev, sol = best_of(lambda: lq_feedback_nash(game), repeat)
    line = f"  leverage lq_feedback_nash: {t_lev * 1e3:8.2f} ms ({sol.iterations} iterations, {sol.status})"
    print(line)
    if qe is None:
        print("  quantecon.nnash: skipped (quantecon not installed: pip install 'leverage[bench]')")
        return
    t_qe, (F1, F2, _, _) = best_of(lambda: qe.nnash(A, B1, B2, R1, R2, gamma, gamma, 0, 0, 0, 0, 0, 0,
                                                     beta=beta, tol=1e-10), repeat)
    gap = max(np.abs(sol.F[0] - F1).max(), np.abs(sol.F[1] - F2).max())
    print(f"  quantecon.nnash (tol=1e-10): {t_qe * 1e3:8.2f} ms   ratio leverage/quantecon = {t_lev / t_qe:6.2f}"
          f"   max |F - F_qe| = {gap:.2e} ({'AGREE' if gap <= 1e-8 else 'DISAGREE'})")


def random_mdp(S, m, seed):
    rng = np.random.default_rng(seed)
    R = rng.random((S, m))
    Q = rng.random((S, m, S))
    Q /= Q.sum(axis=2, keepdims=True)
    return R, Q


def mdp_game(R, Q, beta):
    S, m = R.shape
    actions = [(tuple(f"a{j}" for j in range(m)), ("-",))] * S
    payoffs = [np.stack([R[k][:, None], -R[k][:, None]]) for k in range(S)]
    transitions = [Q[k][:, None, :] for k in range(S)]
    return StochasticGame(("Max", "Min"), [f"s{k}" for k in range(S)], actions, payoffs, transitions, beta)


def bench_mdp(sizes, repeat):
    for S in sizes:
        R, Q = random_mdp(S, 3, S)
        game = mdp_game(R, Q, 0.9)
        t_lev, res = best_of(lambda: shapley(game), repeat)
        row = f"  S={S:5d}: leverage shapley {t_lev:8.3f} s ({res.iterations} it)"
        if qe is not None:
            ddp = qe.markov.DiscreteDP(R, Q, 0.9)
            t_vi, vi = best_of(lambda: ddp.solve(method="value_iteration", epsilon=1e-8), repeat)
            t_pi, pi = best_of(lambda: ddp.solve(method="policy_iteration"), repeat)
            gap = np.abs(res.values[:, 0] - pi.v).max()
            row += (f" | quantecon VI {t_vi:8.4f} s (ratio {t_lev / t_vi:7.1f}), PI {t_pi:8.4f} s "
                    f"(ratio {t_lev / t_pi:7.1f}) | max |V - V_qe| = {gap:.1e}")
        print(row)
    if qe is None:
        print("  quantecon DiscreteDP: skipped (quantecon not installed)")


def random_game(S, seed, zero_sum, beta=0.9):
    rng = np.random.default_rng(seed)
    actions = [(("a", "b"), ("a", "b"))] * S
    payoffs = []
    for _ in range(S):
        u = rng.random((2, 2, 2))
        if zero_sum:
            u[1] = -u[0]
        payoffs.append(u)
    trans = rng.random((S, 2, 2, S))
    trans /= trans.sum(axis=3, keepdims=True)
    return StochasticGame(("A", "B"), [f"s{k}" for k in range(S)], actions, payoffs, list(trans), beta)


def bench_shapley(sizes, repeat):
    for S in sizes:
        game = random_game(S, S, zero_sum=True)
        t, res = best_of(lambda: shapley(game), repeat)
        print(f"  S={S:5d}: {t:8.3f} s, {res.iterations} iterations, {res.status}, "
              f"{t / res.iterations * 1e3:7.2f} ms per iteration")


def bench_mpe(sizes, max_iter):
    for S in sizes:
        game = random_game(S, 1000 + S, zero_sum=False, beta=0.5)
        cap = max_iter if S <= 100 else 2
        t0 = time.perf_counter()
        res = markov_equilibrium(game, max_iter=cap)
        t = time.perf_counter() - t0
        print(f"  S={S:5d}: {t:8.3f} s, {res.iterations} iteration(s), {res.status}, "
              f"{t / res.iterations:7.3f} s per iteration" + ("  (capped at 2 iterations)" if S > 100 else ""))


def bench_pure(sizes, repeat):
    for S in sizes:
        game = random_game(S, 7 + S, zero_sum=False)
        t, res = best_of(lambda: pure_markov_equilibria(game), repeat)
        print(f"  S={S:2d}: {4 ** S:7,d} profiles in {t:8.3f} s ({len(res.equilibria)} pure MPE)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 10 and 100 only, one repeat")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mpe-iter", type=int, default=200)
    args = parser.parse_args()
    sizes = [10, 100] if args.quick else [10, 100, 1000]
    repeat = 1 if args.quick else args.repeat
    print(f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
          f"quantecon {qe.__version__ if qe is not None else 'not installed'}")
    print("\n1. LQ duopoly (QuantEcon's lecture)")
    bench_lq(max(repeat, 3))
    print("\n2. MDPs (zero-sum games with a passive minimiser), 3 actions, discount 0.9")
    bench_mdp(sizes, repeat)
    print("\n3. Shapley value iteration, random zero-sum games, 2 x 2 stages, discount 0.9")
    bench_shapley(sizes, repeat)
    print("\n4. MPE iteration, random general-sum games, 2 x 2 stages, discount 0.5")
    bench_mpe(sizes, args.mpe_iter)
    print("\n5. Pure MPE enumeration, random general-sum games, 2 x 2 stages")
    bench_pure([4, 6] if args.quick else [4, 6, 8], repeat)
    print("\n6. The diversification race at its default grid")
    t, out = best_of(race_outcome, repeat)
    print(f"  race_outcome(): {t:8.3f} s, {out.result.iterations} iterations, {out.result.status}; "
          f"expected dependence after 10 years {out.path['dependence'][10]:.3f}")


if __name__ == "__main__":
    main()
