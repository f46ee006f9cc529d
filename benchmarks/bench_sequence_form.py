#!/usr/bin/env python
"""Benchmark Lemke's algorithm on the sequence form (``sequence_form_equilibrium``).

Games:

1. A poker-like tree: a deck of ``--cards`` ranks (13 by default), one card to
   each player, antes of 1, one betting round with bet, raise and re-raise
   (at most three bets of 2). Each player has ``10 * cards + 1`` sequences
   (262 in all for 13 cards); the reduced normal form would be astronomically
   large.
2. Random trees with imperfect information: a chance move seen by player 1
   only, then ``--levels`` alternating moves with ``--branching`` actions; a
   mover sees the other player's earlier moves only at randomly chosen levels
   (fixed per tree, so both players have perfect recall); payoffs uniform in
   ``[0, 1)``.

3. With ``--catalogue DIR``: every ``.efg`` file under ``DIR`` (Gambit's
   catalogue: ``catalog/`` and ``contrib/games/``) that is a two-player game
   with perfect recall, read with :func:`leverage.io.efg.read_efg` (games
   without perfect recall, which leverage refuses, and games with other
   numbers of players are skipped and counted). Each is solved by
   ``leverage.equilibrium(tree)`` (Lemke on the sequence form; best of
   ``--repeats`` calls in this process) and by pygambit's ``lcp_solve`` on
   the same file in floats (``rational=False``: leverage pivots in floats
   too, so this is the like-for-like comparison; pygambit's exact mode is
   several times slower), in the capped child process. The script prints
   one line per game and the median ratio leverage/pygambit, and says PASS
   or MISS for "median within 2x" and how many games are above 2x on their
   own. In a zero-sum game every equilibrium has the same value, so there
   both libraries' expected payoffs must agree (within the tolerance rule);
   a disagreement is reported.

Every equilibrium is verified (``sequence_form_equilibrium`` does it and the
script checks the regret again). The anchor is pygambit's ``lcp_solve`` on the
same game written as ``.efg`` (``leverage.io.write_efg``), in floats, run in a
child process killed after ``--gambit-cap`` seconds; when pygambit is not
importable the anchor is skipped with a note. Times are the best of
``--repeats`` calls (fewer when one call takes seconds), with the game built
outside the timer.

Run ``python benchmarks/bench_sequence_form.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import glob
import importlib
import multiprocessing as mp
import os
import sys
import tempfile
import time
from typing import Any, Callable

import numpy as np

import leverage
from leverage.extensive.sequence_form import sequence_form, sequence_form_equilibrium
from leverage.extensive.tree import ExtensiveGame
from leverage.nodes import Chance, Decision, Terminal

try:
    from leverage.io.efg import read_efg, write_efg
except ImportError:  # pragma: no cover - older checkouts
    read_efg = write_efg = None


def _try_import(name: str) -> tuple[Any, str]:
    try:
        mod = importlib.import_module(name)
    except Exception as exc:  # ImportError or a broken build
        return None, f"not importable ({type(exc).__name__})"
    return mod, getattr(mod, "__version__", "?")


pygambit, PYGAMBIT_INFO = _try_import("pygambit")


# ----------------------------------------------------------------------------- games
def poker(cards: int = 13, bet: int = 2) -> ExtensiveGame:
    """One-card poker with ``cards`` ranks, antes 1, bets of ``bet`` and at most three bets."""
    players = ("P1", "P2")

    def showdown(c1: int, c2: int, pot: tuple[int, int]) -> Terminal:
        return Terminal([pot[1], -pot[1]] if c1 > c2 else [-pot[0], pot[0]])

    def fold(folder: int, pot: tuple[int, int]) -> Terminal:
        return Terminal([-pot[0], pot[0]] if folder == 0 else [pot[1], -pot[1]])

    def node(cs: tuple[int, int], history: str, pot: tuple[int, int], mover: int, bets: int) -> Any:
        """Decision after ``history``: the mover faces a bet iff the pot is unequal."""
        label = f"{players[mover]}:{cs[mover]}:{history}"
        facing = pot[0] != pot[1]
        kids: dict[str, Any] = {}
        if facing:
            kids["fold"] = fold(mover, pot)
            kids["call"] = showdown(cs[0], cs[1], (max(pot), max(pot)))
            if bets < 3:
                raised = list(pot)
                raised[mover] = max(pot) + bet
                kids["raise"] = node(cs, history + "r", tuple(raised), 1 - mover, bets + 1)
        else:
            if mover == 0:  # opening move
                kids["check"] = node(cs, history + "c", pot, 1, bets)
            else:  # check behind
                kids["check"] = showdown(cs[0], cs[1], pot)
            raised = list(pot)
            raised[mover] += bet
            kids["bet"] = node(cs, history + "b", tuple(raised), 1 - mover, bets + 1)
        return Decision(players[mover], kids, infoset=label)

    deals = [(a, b) for a in range(cards) for b in range(cards) if a != b]
    p = 1.0 / len(deals)
    root = Chance({f"{a}-{b}": (p, node((a, b), "", (1, 1), 0, 0)) for a, b in deals})
    return ExtensiveGame(root, players)


def random_tree(rng: np.random.Generator, levels: int, branching: int, draws: int = 3) -> ExtensiveGame:
    """Random two-player tree with imperfect information and perfect recall (see the module docstring)."""
    players = ("P1", "P2")
    seen = rng.random(levels) < 0.5  # is the move at this level seen by the other player later on?

    def build(level: int, draw: int, history: tuple[str, ...]) -> Any:
        if level == levels:
            return Terminal(list(rng.random(2)))
        mover = level % 2
        view = [f"d{draw}"] if mover == 0 else []
        for k, a in enumerate(history):
            if k % 2 == mover or seen[k]:
                view.append(a if k % 2 == mover else f"{k}{a}")
            else:
                view.append("?")
        label = f"{players[mover]}|" + ",".join(view)
        actions = [f"a{j}" for j in range(branching)]
        return Decision(players[mover], {a: build(level + 1, draw, history + (a,)) for a in actions}, infoset=label)

    root = Chance({f"d{k}": (1.0 / draws, build(0, k, ())) for k in range(draws)})
    return ExtensiveGame(root, players)


# ----------------------------------------------------------------------------- timing
def best_time(fn: Callable[[], Any], repeats: int, budget: float = 5.0) -> tuple[float, Any]:
    """Best wall time of up to ``repeats`` calls (stops early after ``budget`` seconds); and the last result."""
    best, result, spent = float("inf"), None, 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        best, spent = min(best, dt), spent + dt
        if spent > budget:
            break
    return best, result


def _gambit_child(path: str, player: str, repeats: int, out: Any) -> None:
    gg = pygambit.read_efg(path)
    t, res = best_time(lambda: pygambit.nash.lcp_solve(gg, rational=False), repeats)
    value = float(res.equilibria[0].payoff(player)) if res.equilibria else None
    out.put((t, len(res.equilibria), value))


def run_capped(target: Any, args: tuple, cap: float) -> tuple[str | None, Any]:
    """Run ``target(*args, queue)`` in a forked child killed after ``cap`` seconds.

    Returns ``(None, what the child put on the queue)``, or ``(why it failed, None)``.
    """
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=target, args=(*args, out))
    child.start()
    child.join(cap)
    if child.is_alive():
        child.kill()
        child.join()
        return f"pygambit did not finish within {cap:g} s", None
    if out.empty():
        return f"pygambit failed (exit code {child.exitcode})", None
    return None, out.get()


def gambit_time(game: ExtensiveGame, repeats: int, cap: float) -> tuple[float | None, str, float | None]:
    """pygambit ``lcp_solve`` (floats, sequence form) on the game written as .efg, in a child
    process killed after ``cap`` seconds. Returns ``(seconds, note, player 1's payoff)``."""
    if pygambit is None:
        return None, f"pygambit {PYGAMBIT_INFO}: anchor skipped", None
    if write_efg is None:
        return None, "leverage.io.write_efg missing: anchor skipped", None
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "game.efg")
        write_efg(game, path)
        failure, result = run_capped(_gambit_child, (path, game.players[0], repeats), cap)
        if failure:
            return None, failure, None
        t, count, value = result
    if value is None:
        return t, "pygambit found no equilibrium", None
    return t, f"{count} equilibria", value


def run(name: str, game: ExtensiveGame, repeats: int, cap: float) -> float:
    """Time leverage (and pygambit) on one game, print a line; return leverage's time."""
    sf = sequence_form(game)
    n1, n2 = sf.shape
    t, eq = best_time(lambda: sequence_form_equilibrium(game), repeats)
    regret = game.regrets(eq.behaviour)
    assert np.all(regret <= game.tolerances()), regret
    line = f"{name:<34} sequences {n1:>4} + {n2:<4} leverage {t * 1e3:9.1f} ms ({eq.method}, regret {eq.regret:.1e})"
    tg, note, value = gambit_time(game, repeats, cap)
    if tg is not None:
        line += f"  pygambit {tg * 1e3:9.1f} ms  ratio leverage/pygambit {t / tg:6.2f}"
        if value is not None and np.allclose(game.terminal_payoffs.sum(axis=1), 0):
            # zero-sum: every equilibrium has the same value
            line += f"  (values {eq.payoffs[0]:+.6f} / {value:+.6f})"
    else:
        line += f"  [{note}]"
    print(line, flush=True)
    return t


# ----------------------------------------------------------------------------- Gambit's catalogue
def _gambit_file_child(path: str, repeats: int, out: Any) -> None:
    try:
        gg = pygambit.read_efg(path)
    except ValueError as exc:  # pygambit 16.7 refuses some catalogue files (e.g. repeated node labels)
        out.put((None, f"pygambit cannot read the file: {exc}", None))
        return
    t, res = best_time(lambda: pygambit.nash.lcp_solve(gg, rational=False), repeats)
    payoffs = [float(res.equilibria[0].payoff(p)) for p in gg.players] if res.equilibria else None
    out.put((t, len(res.equilibria), payoffs))


def gambit_file_time(path: str, repeats: int, cap: float) -> tuple[float | None, str, list[float] | None]:
    """pygambit ``lcp_solve(rational=False)`` on the .efg file ``path``, in a child process killed after ``cap``
    seconds. Returns ``(best seconds, note, the first equilibrium's payoffs)``."""
    failure, result = run_capped(_gambit_file_child, (path, repeats), cap)
    if failure:
        return None, failure, None
    t, count, payoffs = result
    if t is None:
        return None, count, None
    return t, f"{count} equilibria", payoffs


def catalogue(directory: str, repeats: int, cap: float) -> int:
    """Benchmark every two-player perfect-recall game of Gambit's catalogue under ``directory``."""
    if read_efg is None:
        print("SKIPPED catalogue: leverage.io.efg is missing")
        return 0
    files = sorted(glob.glob(os.path.join(directory, "**", "*.efg"), recursive=True))
    print(f"Gambit catalogue {directory}: {len(files)} .efg files; leverage.equilibrium(tree) (best of {repeats}, "
          f"in process) vs pygambit lcp_solve(rational=False) (best of {repeats}, child process capped at {cap:g} s)")
    skipped = {"no perfect recall": 0, "not two players": 0, "unreadable": 0}
    ratios, above, disagreements, unverified = [], [], [], []
    for path in files:
        name = os.path.relpath(path, directory)
        try:
            game = read_efg(path)
        except ValueError as exc:
            key = "no perfect recall" if "recall" in str(exc) else "unreadable"
            skipped[key] += 1
            if key == "unreadable":
                print(f"  {name:<52} unreadable: {exc}")
            continue
        if game.n_players != 2:
            skipped["not two players"] += 1
            continue
        n1, n2 = sequence_form(game).shape
        t, eq = best_time(lambda: leverage.equilibrium(game), repeats)
        tol = game.tolerances()
        verified = bool(np.all(game.regrets(eq.behaviour) <= tol))
        if not verified:
            unverified.append(name)
        line = f"  {name:<52} seq {n1:>3}+{n2:<3} leverage {t * 1e3:8.3f} ms{'' if verified else ' NOT VERIFIED'}"
        if pygambit is None:
            print(line + f"  [pygambit {PYGAMBIT_INFO}]", flush=True)
            continue
        tg, note, theirs = gambit_file_time(path, repeats, cap)
        if tg is None:
            print(line + f"  [{note}]", flush=True)
            continue
        ratio = t / tg
        ratios.append(ratio)
        if ratio > 2:
            above.append(name)
        line += f"  pygambit {tg * 1e3:8.3f} ms  ratio {ratio:6.2f}"
        u = game.terminal_payoffs
        zero_sum = bool(np.all(np.abs(u.sum(axis=1)) <= tol.max()))
        if theirs is not None and zero_sum:
            same = bool(np.all(np.abs(np.asarray(eq.payoffs) - theirs) <= tol))
            line += "  zero-sum, same value" if same else f"  ZERO-SUM VALUES DIFFER {list(eq.payoffs)} / {theirs}"
            if not same:
                disagreements.append(name)
        elif theirs is not None:
            same = bool(np.all(np.abs(np.asarray(eq.payoffs) - theirs) <= tol))
            line += "  (same payoffs)" if same else "  (other equilibrium)"
        print(line, flush=True)
    print(f"skipped: {skipped['no perfect recall']} without perfect recall (leverage refuses them), "
          f"{skipped['not two players']} not two-player, {skipped['unreadable']} unreadable by leverage; "
          f"{len(files) - sum(skipped.values()) - len(ratios)} solved by leverage but not timed on pygambit")
    if unverified:
        print(f"NOT VERIFIED ({len(unverified)}): {', '.join(unverified)}")
    if disagreements:
        print(f"zero-sum value disagreements ({len(disagreements)}): {', '.join(disagreements)}")
    else:
        print("zero-sum games: leverage and pygambit give the same value on every one")
    if not ratios:
        print("SKIPPED  median within 2x of pygambit lcp_solve: no game timed on both sides")
        return 0
    med = float(np.median(ratios))
    print(f"{'PASS' if med <= 2 else 'MISS'}     median leverage/pygambit over {len(ratios)} games = {med:.2f} "
          f"(target <= 2); {len(above)} games individually above 2x")
    return 1 if unverified or disagreements else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=13, help="ranks in the poker deck (default 13)")
    parser.add_argument("--levels", type=int, nargs="+", default=[4, 6, 8], help="depths of the random trees")
    parser.add_argument("--branching", type=int, default=2, help="actions per decision node of the random trees")
    parser.add_argument("--trees", type=int, default=3, help="random trees per depth")
    parser.add_argument("--seed", type=int, default=0, help="tree k uses np.random.default_rng(seed + k)")
    parser.add_argument("--repeats", type=int, default=3, help="timed calls per game (best kept)")
    parser.add_argument("--gambit-cap", type=float, default=60.0, help="seconds before a pygambit call is killed")
    parser.add_argument("--target", type=float, default=1.0, help="poker time target in seconds (default 1)")
    parser.add_argument("--catalogue", metavar="DIR", default=None,
                        help="benchmark only the two-player perfect-recall .efg games under DIR (Gambit's catalogue)")
    args = parser.parse_args(argv)

    print(f"python {sys.version.split()[0]}, numpy {np.__version__}; pygambit {PYGAMBIT_INFO}")
    if pygambit is None:
        print("note: pygambit is not importable, so the anchor is skipped (pip install pygambit to compare)")
    if args.catalogue is not None:
        return catalogue(args.catalogue, args.repeats, args.gambit_cap)

    game = poker(args.cards)
    c0, t0 = time.process_time(), time.perf_counter()
    eq = sequence_form_equilibrium(game)
    first, cpu = time.perf_counter() - t0, time.process_time() - c0
    best = run(f"poker, {args.cards} cards, 3 bets", game, args.repeats, args.gambit_cap)
    print(
        f"poker-tree time: {best:.3f} s (best of {args.repeats}; first call {first:.3f} s wall, {cpu:.3f} s CPU); "
        f"value for P1 {eq.payoffs[0]:+.5f}"
    )
    print(f"{'PASS' if best < args.target else 'MISS'}: poker tree in under {args.target:g} s")

    for levels in args.levels:
        for k in range(args.trees):
            rng = np.random.default_rng(args.seed + k)
            run(f"random tree, depth {levels}, seed {args.seed + k}", random_tree(rng, levels, args.branching), args.repeats,
                args.gambit_cap)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
