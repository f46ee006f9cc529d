"""Bad inputs across the whole public API: a clear error or a verified result, never a hang (issue 24).

Every public callable -- each function and class (through its constructor) in
``leverage.__all__`` and in every submodule's ``__all__`` -- is called with
arguments of the wrong type, shape, sign, size and finiteness: None, strings,
bools, NaN, infinities, negative and huge numbers, empty and ragged lists, 3-D
and complex arrays, a game where a tree is expected and the other way round.
Where ``tests/fuzz_examples.py`` knows a valid call, one argument at a time is
made bad; where it does not, every required argument is drawn bad.

Each call must end in one of these ways:

- a ``ValueError`` or ``TypeError`` (the library's own errors subclass them)
  whose message names the callable: ``name()`` for a function, ``Class()`` or
  ``Class.method()`` for a class;
- a :class:`leverage.SolverError` (a ``RuntimeError``, and so
  :class:`~leverage.UnverifiedEquilibriumError`) that names the callable: a
  solver that says it could not finish or verify is an honest answer;
- for a callable that reads a file, an ``OSError`` from the operating system
  (with its errno) or one that names the callable; for the ``assert_*`` helpers of :mod:`leverage.testing`, an
  ``AssertionError``; for ``verified_equilibrium`` and
  ``verified_extensive_equilibrium``, the ``UnverifiedEquilibriumError`` they
  exist to raise (it names the method checked); for a vertex enumerator given a
  ``deadline`` that has passed, the ``EnumerationStopped`` it documents;
- a result, in which every equilibrium is verified: probabilities that are
  finite and sum to 1, a finite regret within the library's tolerance of the
  game passed in. A hypothesis strategy returned by :mod:`leverage.testing` is
  drawn from, and the draw is judged the same way.

No call may use more than ``CALL_SECONDS`` of CPU or ``CALL_WALL_SECONDS`` of
wall-clock time (alarms, POSIX), take more than
``CALL_MEMORY`` bytes of address space (``MemoryError``), cast complex values to
real (numpy's ``ComplexWarning``) or raise anything else.

Profiles
--------
In the suite every callable gets a fixed, derandomised set of calls
(``FUZZ_EXAMPLES`` each). For a longer, random search run::

    LEVERAGE_FUZZ=long python -m pytest tests/test_fuzz_api.py

which uses the ``fuzz-long`` profile of ``tests/conftest.py`` (300 random calls per callable,
about 90,000 in all, under two minutes).

Not fuzzed, or not held to every rule
-------------------------------------
Helpers that only other modules of leverage call (the enumeration machinery
of :mod:`leverage.solvers.polytope`, the checkpoint files of a sweep, the
lexer of the readers...) are not in their module's ``__all__``: they are not
public, and not fuzzed. Each table below must stay as small as it is, with a
reason per entry (``test_every_named_exception_to_the_rule_names_a_public_callable``
checks that every entry names a public callable):

- ``fuzz_support.SKIPPED_MODULES``: modules not fuzzed (none now).
- ``fuzz_support.INTERNAL``: public callables that cannot meet the rule in
  this change, each with the reason. They are fuzzed too and must not hang or
  exhaust memory, but any ``Exception`` is an acceptable ending.
- ``fuzz_support.LIBRARY_SET``: parameters of argument-checking helpers that
  only the library sets (the ``caller`` name of every helper, the name of the
  argument checked, a bound); they keep their valid value.
- ``fuzz_support.KNOWN_FINDINGS``: known failures in files others are
  rewriting, run as non-strict xfails (none now).
- ``fuzz_support.SUITE_EXAMPLES``: fewer calls in the suite for a callable
  whose valid call takes seconds (the long profile gives it the full count).
- Dataclasses without ``__post_init__`` only hold what they are given: any
  result of their constructor is accepted, unverified. A ``typing.Protocol``
  has no constructor to call and is not fuzzed.
"""

from __future__ import annotations

import os
import stat
import time
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leverage
from leverage.bargaining import rubinstein
from leverage.checks import UnknownNameError
from leverage.io import read_nfg, save_scenario, write_nfg
from leverage.io.files import read_text_bounded
from leverage.linkage import link
from leverage.nodes import Terminal
from leverage.sensitivity.regimes import MAX_FLIP_GRID, distance_to_flip, threshold
from leverage.repeated import is_sustainable
from leverage.scenarios import export_restriction_game
from leverage.scenarios.analysis import bounded_equilibria
from leverage.sensitivity import morris, sobol, solve_batch, sweep
from leverage.sensitivity.indices import MAX_EVALUATIONS
from leverage.sensitivity.sweeps import MAX_SWEEP_DRAWS
from leverage.solvers.homotopy import bezout_number, track_supports
from leverage.solvers.qre import logit_equilibrium


import fuzz_support as fuzz  # tests/fuzz_support.py (tests/conftest.py puts tests/ on the path)

#: Calls per callable in the suite (about 370 callables: some 4,400 calls, about 20 s of CPU).
FUZZ_EXAMPLES = 12

# check_assumptions runs hypothesis itself: inside the fuzzer's @given that is a nested search, on purpose.
_NESTED = [HealthCheck.nested_given, HealthCheck.too_slow]
if os.environ.get("LEVERAGE_FUZZ") == "long":
    FUZZ_SETTINGS = settings(settings.get_profile("fuzz-long"), suppress_health_check=_NESTED)
else:
    FUZZ_SETTINGS = settings(derandomize=True, max_examples=FUZZ_EXAMPLES, database=None, suppress_health_check=_NESTED)

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # the plot extra is optional: its functions then only say how to install it
    plt = None

TARGETS = fuzz.public_callables()


@pytest.fixture(autouse=True)
def _in_a_scratch_directory(tmp_path, monkeypatch):
    """Bad paths such as ``'x'`` land in a temporary directory, never in the checkout."""
    monkeypatch.chdir(tmp_path)


def test_the_walk_covers_the_public_api_and_skips_only_what_it_says():
    paths = {t.path for t in TARGETS}
    assert len(TARGETS) > 250
    assert {"leverage.game.Game", "leverage.solvers.enumeration.equilibria", "leverage.sensitivity.regimes.threshold",
            "leverage.solvers.qre.qre", "leverage.extensive.tree.ExtensiveGame", "leverage.coercion.model.CoercionModel",
            "leverage.coercion.crisis.tsebelis", "leverage.extensive.lcp.lemke", "leverage.game.regrets"} <= paths
    assert not any(p.startswith(tuple(fuzz.SKIPPED_MODULES)) for p in paths)
    assert all(reason.strip() for reason in fuzz.SKIPPED_MODULES.values())


def test_every_named_exception_to_the_rule_names_a_public_callable():
    # a baseline, a weaker rule or a library-set parameter for a name that is no longer public is dead weight,
    # and a renamed callable would silently lose its baseline (and be fuzzed with every argument bad)
    paths = {t.path for t in TARGETS}
    examples = fuzz.fuzz_examples
    for table in (examples.OVERRIDES, fuzz.INTERNAL, fuzz.LIBRARY_SET, fuzz.KNOWN_FINDINGS, fuzz.SUITE_EXAMPLES,
                  fuzz.CALL_SECONDS_BY_TARGET):
        assert set(table) <= paths, sorted(set(table) - paths)
    assert all(reason.strip() for reason in {**fuzz.INTERNAL, **fuzz.KNOWN_FINDINGS}.values())


@pytest.mark.skipif(not hasattr(fuzz.signal, "setitimer"), reason="the alarms are POSIX")
def test_the_bounds_stop_a_busy_call_and_a_blocked_call():
    def busy():
        while True:
            pass

    spin = fuzz.run_bounded(busy, seconds=0.3, wall_seconds=30.0)
    sleep = fuzz.run_bounded(lambda: time.sleep(30.0), seconds=30.0, wall_seconds=0.3)
    assert isinstance(spin.error, fuzz.CallTimedOut) and "CPU" in str(spin.error) and spin.seconds < 10
    assert isinstance(sleep.error, fuzz.CallTimedOut) and "wall-clock" in str(sleep.error) and sleep.seconds < 10
    assert fuzz.run_bounded(lambda: 42).result == 42


def _param(target):
    reason = fuzz.KNOWN_FINDINGS.get(target.path)
    marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
    return pytest.param(target, id=target.path, marks=marks)


@pytest.mark.parametrize("target", [_param(t) for t in TARGETS])
def test_bad_arguments_end_in_a_clear_error_or_a_verified_result(target):
    examples = fuzz.SUITE_EXAMPLES.get(target.path) if os.environ.get("LEVERAGE_FUZZ") != "long" else None
    chosen = settings(FUZZ_SETTINGS, max_examples=examples) if examples else FUZZ_SETTINGS

    @chosen
    @given(data=st.data())
    def check(data):
        call = data.draw(fuzz.calls(target), label="call")

        def run():
            result = target.obj(*call.args, **call.kwargs)
            if isinstance(result, st.SearchStrategy):
                result = data.draw(result, label="drawn from the returned strategy")
            return result

        try:
            outcome = fuzz.run_bounded(run, seconds=fuzz.CALL_SECONDS_BY_TARGET.get(target.path, fuzz.CALL_SECONDS))
        finally:
            if plt is not None:
                plt.close("all")
        problem = fuzz.verdict(call, outcome)
        assert problem is None, f"{call!r}\n  -> {problem}"

    check()


# ----------------------------------------------------------------------------- regressions (issue 24, item 8)
# Already tested elsewhere, not repeated here: is_degenerate(game, tol=-1, 5, nan) in test_bounded_solves.py;
# threshold(xtol<0 or >=1), regime_map with one parameter on both axes and qre with lam * scale above
# MAX_QRE_PRECISION in test_cli_bounds.py.

COMPLEX = np.array([[1 + 1j, 0], [0, 1]])


@pytest.mark.parametrize(
    "call, caller",
    [
        (lambda: leverage.Game.from_bimatrix([[1j, 0], [0, 1]], [[1, 0], [0, 1]]), r"Game.from_bimatrix\(\): A"),
        (lambda: leverage.Game.from_bimatrix(COMPLEX, np.eye(2)), r"Game.from_bimatrix\(\): A"),
        (lambda: leverage.Game([np.eye(2), COMPLEX]), r"Game\(\): payoffs\[1\]"),
        (lambda: leverage.Game.from_bimatrix(np.eye(2), np.eye(2)).is_nash([COMPLEX[0], [1, 0]]),
         r"Game.is_nash\(\): profile\[0\]"),
        (lambda: leverage.ParametricGame(_one_parameter(), lambda a: (COMPLEX * a, np.eye(2))),
         r"ParametricGame\(\): the payoffs of player 0"),
        (lambda: solve_batch(COMPLEX[None], np.eye(2)[None]), r"solve_batch\(\): A"),
        (lambda: link(_pd(), _pd(), weights=[1j, 1]), r"link\(\): weights"),
        (lambda: Terminal([1j, 0]), r"Terminal\(\): payoffs"),
        (lambda: rubinstein([0.9 + 0j, 0.8]), r"rubinstein\(\): delta"),
    ],
)
def test_complex_payoffs_are_refused_with_a_type_error_that_names_the_function(call, caller):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's ComplexWarning would mean the imaginary part was dropped
        with pytest.raises(TypeError, match=caller):
            call()


def _one_parameter():
    return leverage.ParameterSet(a=leverage.Parameter(1.0, 0.5, 2.0, "u", "s"))


def _two_parameters():
    return leverage.ParameterSet(a=leverage.Parameter(1.0, 0.5, 2.0, "u", "s"),
                                 b=leverage.Parameter(1.0, 0.5, 2.0, "u", "s"))


def _pd():
    return leverage.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


# ----------------------------------------------------------------------------- regressions (what the fuzzer found)


@pytest.mark.skipif(os.name != "posix", reason="devices are POSIX")
@pytest.mark.parametrize(
    "write",
    [lambda path: write_nfg(_pd(), path), lambda path: save_scenario(_scenario(), path)],
    ids=["write_nfg", "save_scenario"],
)
def test_writers_refuse_a_device_instead_of_replacing_it(write):
    # as root, save_scenario's atomic os.replace once turned /dev/null-like paths into regular files
    before = os.stat("/dev/null")
    with pytest.raises(ValueError, match=r"/dev/null.* is a character device"):
        write("/dev/null")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def _scenario():
    from leverage.io import Scenario

    return Scenario("s", games=("export_restriction",))


def test_a_huge_read_limit_reads_the_file_without_allocating_the_limit(tmp_path):
    path = tmp_path / "small.nfg"
    write_nfg(_pd(), path)
    assert read_nfg(path, max_bytes=10**12) == _pd()  # read in pieces: no MemoryError, no OverflowError
    with pytest.raises(ValueError, match=r"read_text_bounded\(\): unknown encoding 'no-such-codec'"):
        read_text_bounded(path, 100, "read_text_bounded()", encoding="no-such-codec")


def test_unknown_names_raise_an_error_that_is_both_a_key_error_and_a_value_error():
    for call in (lambda: leverage.actors.actor("Atlantis"),
                 lambda: threshold(export_restriction_game(), "tariff", bool)):
        with pytest.raises(UnknownNameError) as info:
            call()
        assert isinstance(info.value, KeyError) and isinstance(info.value, ValueError)
        assert not str(info.value).startswith(("'", '"'))  # a plain KeyError would quote its message


def test_errors_of_a_delegated_call_name_the_function_the_user_called():
    with pytest.raises(ValueError, match=r"^bounded_equilibria\(\): time_limit must be a positive, finite number"):
        bounded_equilibria(_pd(), time_limit=-1.0)
    with pytest.raises(TypeError, match=r"^is_sustainable\(\): cooperative profile must"):
        is_sustainable(_pd(), None, 0.9)
    with pytest.raises(TypeError, match=r"^logit_equilibrium\(\) got an unexpected keyword argument 'lam'"):
        logit_equilibrium(_pd(), lam=3.0)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: sobol(lambda a, b: a + b, _two_parameters(), n=2**22),
         r"sobol\(\): n=4194304 means 16,777,216 evaluations of the outcome, more than MAX_EVALUATIONS=10,000,000"),
        (lambda: morris(lambda a, b: a + b, _two_parameters(), trajectories=3_333_334),
         r"morris\(\): .*MAX_EVALUATIONS"),
        (lambda: sweep(export_restriction_game(), {"kind": "lhs", "n": MAX_SWEEP_DRAWS + 1}), r"MAX_SWEEP_DRAWS"),
        (lambda: distance_to_flip(export_restriction_game(), num=MAX_FLIP_GRID + 1), r"MAX_FLIP_GRID"),
        (lambda: bezout_number([9, 9, 2]), r"bezout_number\(\): .* 17 unknowns, more than MAX_BEZOUT_UNKNOWNS=16"),
        (lambda: track_supports([np.zeros((2, 2, 2))] * 3, [((0, 1), (0, 1), (0, 1))], max_step=1e-5),
         r"track_supports\(\): max_step=1e-05 is below 1 / MAX_STEPS"),
        (lambda: sobol(lambda a, b: a + b, _two_parameters(), seed=-1), r"sobol\(\): seed must be at least 0"),
    ],
)
def test_work_beyond_a_documented_bound_is_refused_before_it_starts(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_the_bounds_sit_exactly_where_they_are_documented():
    assert sobol(lambda a, b: a + b, _two_parameters(), n=4, seed=0).n == 4
    assert 2**21 * 4 <= MAX_EVALUATIONS < 2**22 * 4  # the largest n accepted for two parameters is 2**21
    assert morris(lambda a, b: a + b, _two_parameters(), trajectories=2, seed=0).trajectories == 2
    assert 3_333_333 * 3 <= MAX_EVALUATIONS < 3_333_334 * 3  # morris: trajectories (P + 1) evaluations
    assert bezout_number([9, 8, 2]) > 0  # 16 unknowns: at the bound, counted
