"""The machinery of the bad-input fuzzer (``tests/test_fuzz_api.py``): targets, arguments, bounds, verdicts.

- :func:`public_callables` walks ``leverage.__all__`` and every submodule's
  ``__all__`` (as ``tests/test_docstrings.py`` does); a class counts through its
  constructor.
- :func:`calls` is a hypothesis strategy of calls to one target: a valid
  baseline (:mod:`tests.fuzz_examples`) with one argument replaced by a bad
  value, or every argument drawn bad where no baseline is known.
- :func:`run_bounded` runs one call under a wall-clock alarm and an
  address-space limit; :func:`verdict` says whether it ended well.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import inspect
import math
import os
import pkgutil
import signal
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.errors import Frozen, StopTest, UnsatisfiedAssumption

import leverage
from leverage.solvers.polytope import EnumerationStopped

import fuzz_examples  # tests/fuzz_examples.py (tests/conftest.py puts tests/ on the path)

try:  # POSIX only; the bounds are skipped elsewhere
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None

#: Modules whose callables are not fuzzed yet, and why.
SKIPPED_MODULES: dict[str, str] = {}

#: What the fuzzer finds in files others are rewriting now (not fixed here; expected to fail until then).
KNOWN_FINDINGS: dict[str, str] = {}

#: Public callables held to a weaker rule (any Exception ends a call well; no hang, no memory error), and why.
#: Helpers that only other leverage modules call are not in their module's ``__all__`` (so not public and
#: not fuzzed); what is listed here is public but cannot be fixed in this change.
INTERNAL: dict[str, str] = {}

#: Parameters never replaced: the name a helper puts in its messages is not user input.
NEVER_MUTATED = frozenset({"caller"})

#: Parameters of a helper that only the library sets (from data it built), per target: never replaced.
LIBRARY_SET: dict[str, frozenset[str]] = {
    "leverage.game.as_profile": frozenset({"shape", "atol"}),  # Game.profile passes the game's own shape
    # the argument checks of leverage.checks: only the checked value comes from a user
    **{f"leverage.checks.{name}": frozenset({"name", "low", "high", "open_low", "finite", "ndim", "allow_none",
                                             "choices", "inner"})
       for name in ("check_int", "check_real", "real_array", "check_flag", "check_choice", "check_seed",
                    "check_callable", "renamed")},
    **{f"leverage.testing.arguments.{name}": frozenset({"name", "low", "high"})
       for name in ("count", "count_strategy", "elements", "mapping", "names")},
    # the bound and the work of an exponential computation are the library's constants, not user input
    "leverage.coalitions.tables.refuse_players": frozenset({"bound", "work"}),
    # the coercion package's checks: only the checked value comes from a user
    "leverage.coercion.payoffs.check_restriction": frozenset({"name"}),
    "leverage.coercion.payoffs.check_coercion_values": frozenset({"names"}),
}

#: Calls in the suite's derandomised profile for callables whose valid call takes seconds (the default is
#: ``FUZZ_EXAMPLES`` in test_fuzz_api.py); the long profile gives every callable the same number.
SUITE_EXAMPLES: dict[str, int] = {
    "leverage.scenarios.analysis.flagship_analysis": 4,  # one valid call solves every game and runs Morris: ~2.5 s
    "leverage.figures.analysis_figures": 3,  # one valid call draws the four figures quickly: ~1 s
    "leverage.figures.write_figures": 3,
}

#: Seconds of CPU one call may use before it counts as a hang.
CALL_SECONDS = 5.0

#: A longer bound for the callables whose valid call does seconds of work of a library below: matplotlib
#: draws and writes four PNG figures (~3 s of CPU, more on the first call, which loads its fonts).
CALL_SECONDS_BY_TARGET: dict[str, float] = {"leverage.figures.write_figures": 15.0}

#: Wall-clock seconds one call may take, however little CPU it uses: a call blocked on a FIFO, a lock or a
#: sleep counts as a hang too. (CALL_SECONDS counts CPU time, so a machine shared with other work does not
#: turn a slow call into a false hang.)
CALL_WALL_SECONDS = 30.0

#: Address space (bytes) one call may add before numpy's allocations fail with MemoryError.
CALL_MEMORY = 3 * 2**30


# ----------------------------------------------------------------------------- targets


@dataclasses.dataclass(frozen=True)
class Target:
    """One public callable: where it is defined, and the name its errors must carry."""

    path: str
    obj: Callable[..., Any]

    @property
    def is_class(self) -> bool:
        return inspect.isclass(self.obj)

    @property
    def name(self) -> str:
        return self.obj.__name__

    def names_it(self, message: str) -> bool:
        """Whether ``message`` names the callable: ``name(`` for a function, ``Class(`` or ``Class.`` for a class."""
        if f"{self.name}(" in message:
            return True
        return self.is_class and f"{self.name}." in message

    @property
    def is_record(self) -> bool:
        """A dataclass that only holds what it is given (no ``__post_init__``): any result is its answer."""
        return self.is_class and dataclasses.is_dataclass(self.obj) and not hasattr(self.obj, "__post_init__")

    def parameters(self) -> list[inspect.Parameter]:
        return list(inspect.signature(self.obj).parameters.values())


def public_callables() -> list[Target]:
    """Every function and class in a public ``__all__`` of leverage, once each, skipped modules aside."""
    modules = ["leverage"] + [
        info.name
        for info in pkgutil.walk_packages(leverage.__path__, "leverage.")
        if not info.name.endswith("__main__")
    ]
    found: dict[int, Target] = {}
    for name in modules:
        if any(name == skip or name.startswith(skip + ".") for skip in SKIPPED_MODULES):
            continue
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)) or id(obj) in found:
                continue
            if inspect.isclass(obj) and getattr(obj, "_is_protocol", False):
                continue  # a typing.Protocol describes what other objects offer: it has no constructor to call
            origin = getattr(obj, "__module__", name) or name
            if any(origin == skip or origin.startswith(skip + ".") for skip in SKIPPED_MODULES):
                continue
            try:
                inspect.signature(obj)
            except (TypeError, ValueError):  # exception classes of C types: nothing to fuzz
                continue
            found[id(obj)] = Target(f"{origin}.{obj.__qualname__}", obj)
    return sorted(found.values(), key=lambda t: t.path)


# ----------------------------------------------------------------------------- bad values

NAN, INF = float("nan"), float("inf")


def _wrong_class_objects() -> list[tuple[str, Callable[[], Any]]]:
    example = fuzz_examples.example
    return [
        ("a 2x2 Game", lambda: example("game")),
        ("a 3-player Game", lambda: example("game3")),
        ("an ExtensiveGame", lambda: example("extensive")),
        ("a GameTree", lambda: example("tree")),
        ("a ParameterSet", lambda: example("parameter_set")),
        ("a ParametricGame", lambda: example("model")),
        ("a BargainingProblem", lambda: example("problem")),
        ("a CoalitionalGame", lambda: example("coalitional")),
    ]


#: Values of the wrong type, shape, sign, size and finiteness, as (label, factory).
GENERIC_BAD: list[tuple[str, Callable[[], Any]]] = [
    ("None", lambda: None),
    ("True", lambda: True),
    ("False", lambda: False),
    ("0", lambda: 0),
    ("-1", lambda: -1),
    ("-0.5", lambda: -0.5),
    ("2**63", lambda: 2**63),
    ("10**9", lambda: 10**9),
    ("-10**100", lambda: -(10**100)),
    ("nan", lambda: NAN),
    ("inf", lambda: INF),
    ("-inf", lambda: -INF),
    ("1e308", lambda: 1e308),
    ("5e-324", lambda: 5e-324),
    ("np.float64(nan)", lambda: np.float64(NAN)),
    ("np.int64(-3)", lambda: np.int64(-3)),
    ("1+2j", lambda: 1 + 2j),
    ("''", lambda: ""),
    ("'x'", lambda: "x"),
    ("control characters", lambda: "\x1b[2J\x00"),
    ("b'x'", lambda: b"x"),
    ("[]", lambda: []),
    ("[[]]", lambda: [[]]),
    ("()", lambda: ()),
    ("[1, 'a']", lambda: [1, "a"]),
    ("ragged [[1, 2], [3]]", lambda: [[1, 2], [3]]),
    ("[nan, 1]", lambda: [NAN, 1.0]),
    ("[1j, 0]", lambda: [1j, 0]),
    ("[-1, -2]", lambda: [-1.0, -2.0]),
    ("np.zeros(0)", lambda: np.zeros(0)),
    ("np.zeros((2, 2, 2))", lambda: np.zeros((2, 2, 2))),
    ("np.full((2, 2), nan)", lambda: np.full((2, 2), NAN)),
    ("complex 2x2 array", lambda: np.array([[1 + 1j, 0], [0, 1]])),
    ("object array", lambda: np.array([None, "a"], dtype=object)),
    ("{}", lambda: {}),
    ("{'x': 1}", lambda: {"x": 1}),
    ("{'x': nan}", lambda: {"x": NAN}),
    ("set()", lambda: set()),
    ("object()", lambda: object()),
    ("a function", lambda: (lambda *args, **kwargs: None)),
]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _numeric_array(value: Any) -> np.ndarray | None:
    if isinstance(value, (str, bytes, Mapping, st.SearchStrategy)) or _is_number(value) or value is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr if arr.ndim and arr.size else None


def mutations_of(value: Any) -> list[tuple[str, Callable[[], Any]]]:
    """Bad values shaped like the valid ``value``: wrong sign, finiteness, size, shape, dtype or keys."""
    out: list[tuple[str, Callable[[], Any]]] = []
    if _is_number(value):
        v = value
        out += [
            ("negated", lambda: -v - 1),
            ("times 1e12", lambda: v * 10**12 if isinstance(v, (int, np.integer)) else v * 1e12 + 1e12),
            ("nan", lambda: NAN),
            ("inf", lambda: INF),
            ("zero", lambda: type(v)(0)),
            ("plus 1j", lambda: v + 1j),
            ("as a string", lambda: str(v)),
        ]
        if isinstance(v, (int, np.integer)):
            out.append(("as a float", lambda: float(v) + 0.5))
        return out
    if isinstance(value, str):
        return [("empty", lambda: ""), ("unknown name", lambda: "no such " + value),
                ("with control characters", lambda: value + "\x1b\x00")]
    if isinstance(value, Mapping):
        items = dict(value)
        out += [("empty mapping", lambda: {}), ("unknown key", lambda: {**items, "no_such_key": 1.0})]
        if items:
            first = next(iter(items))
            out += [("first value nan", lambda: {**items, first: NAN}),
                    ("first value None", lambda: {**items, first: None}),
                    ("first value complex", lambda: {**items, first: 1j})]
        return out
    arr = _numeric_array(value)
    if arr is not None:
        def put(x: Any) -> np.ndarray:
            a = arr.astype(complex if isinstance(x, complex) else float)
            a.flat[0] = x
            return a
        out += [
            ("nan in first cell", lambda: put(NAN)),
            ("inf in first cell", lambda: put(INF)),
            ("complex first cell", lambda: put(1 + 1j)),
            ("negated", lambda: -arr),
            ("scaled by 1e300", lambda: arr * 1e300 + 1e300),
            ("an extra axis", lambda: np.stack([arr, arr])),
            ("one entry fewer", lambda: arr[:-1]),
            ("flattened", lambda: arr.ravel()),
            ("as nested lists of strings", lambda: np.asarray(arr).astype(str).tolist()),
        ]
        return out
    if isinstance(value, (list, tuple)) and value:
        seq = list(value)

        def rebuilt(items: list[Any]) -> Any:
            # a checked subclass (TornadoBars, Findings) refuses a bad item: the plain list or tuple carries it
            try:
                return type(value)(items)
            except (TypeError, ValueError):
                return (list if isinstance(value, list) else tuple)(items)

        out += [
            ("last item dropped", lambda: rebuilt(seq[:-1])),
            ("first item repeated", lambda: rebuilt([seq[0], *seq])),
            ("first item None", lambda: rebuilt([None, *seq[1:]])),
            ("first item 1j", lambda: rebuilt([1j, *seq[1:]])),
            ("as a generator", lambda: (x for x in seq)),
        ]
    return out


def bad_values(baseline: Any = None, has_baseline: bool = False) -> st.SearchStrategy[tuple[str, Any]]:
    """Draw ``(label, value)``: a generic bad value, a wrong-class object or a mutation of ``baseline``."""
    pools = [GENERIC_BAD, _wrong_class_objects()]
    if has_baseline:
        pools.insert(0, mutations_of(baseline))
    options = [item for pool in pools for item in pool]
    return st.sampled_from(options).map(lambda item: (item[0], item[1]()))


# ----------------------------------------------------------------------------- calls


@dataclasses.dataclass
class Call:
    """One call of a target: positional and keyword arguments, and what was made bad."""

    target: Target
    args: list[Any]
    kwargs: dict[str, Any]
    changed: dict[str, str]

    def __repr__(self) -> str:
        bad = ", ".join(f"{k} = {v}" for k, v in self.changed.items()) or "nothing (the baseline)"
        shown = [_short(a) for a in self.args] + [f"{k}={_short(v)}" for k, v in self.kwargs.items()]
        return f"{self.target.path}({', '.join(shown)})  [bad: {bad}]"

    def games(self) -> list[Any]:
        return [v for v in [*self.args, *self.kwargs.values()] if isinstance(v, leverage.Game)]

    def extensive_games(self) -> list[Any]:
        return [v for v in [*self.args, *self.kwargs.values()] if isinstance(v, leverage.ExtensiveGame)]

    def rtol(self) -> float:
        """The relative tolerance this call asked for, when it is a valid one; the library's default otherwise."""
        for key in ("tol", "rtol"):
            value = self.kwargs.get(key)
            if _is_number(value) and 0 <= value < 1:
                return max(float(value), leverage.RTOL)
        return leverage.RTOL


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@st.composite
def calls(draw: Callable[..., Any], target: Target) -> Call:
    """A call of ``target`` with one bad argument (or all of them bad, where no baseline is known)."""
    baseline = fuzz_examples.baseline
    params = [p for p in target.parameters() if not p.name.startswith("_")]
    known = baseline(target, params)
    values: dict[str, Any] = {}
    changed: dict[str, str] = {}
    for p in params:
        if p.kind is p.VAR_KEYWORD:
            continue
        if p.name in known:
            values[p.name] = known[p.name]
        elif p.default is p.empty and p.kind is not p.VAR_POSITIONAL:
            if p.name in NEVER_MUTATED | LIBRARY_SET.get(target.path, frozenset()):
                raise AssertionError(f"fuzz_examples.py needs a valid {p.name} for {target.path}")
            label, values[p.name] = draw(bad_values(), label=f"bad {p.name}")
            changed[p.name] = label
    fixed = NEVER_MUTATED | LIBRARY_SET.get(target.path, frozenset())
    mutable = [p for p in params if p.name not in fixed and p.name not in changed]
    if mutable and (not changed or draw(st.booleans(), label="also mutate a known argument")):
        p = draw(st.sampled_from(mutable), label="parameter made bad")
        if p.kind is p.VAR_KEYWORD:
            values["no_such_option"] = 1
            changed["no_such_option"] = "an unknown keyword"
        else:
            has = p.name in values
            base = values.get(p.name, p.default if p.default is not p.empty else None)
            if p.kind is p.VAR_POSITIONAL:
                has, base = False, None
            label, value = draw(bad_values(base, has), label=f"bad {p.name}")
            values[p.name] = (value,) if p.kind is p.VAR_POSITIONAL else value
            changed[p.name] = label
    args, kwargs = arguments(params, values)
    if "no_such_option" in values:
        kwargs["no_such_option"] = 1
    return Call(target, args, kwargs, changed)


# ----------------------------------------------------------------------------- bounded runs


class CallTimedOut(BaseException):
    """Raised by the alarm inside a call that ran past :data:`CALL_SECONDS` (a BaseException: no library catches it)."""


@dataclasses.dataclass
class Outcome:
    result: Any = None
    error: BaseException | None = None
    warnings: list[warnings.WarningMessage] = dataclasses.field(default_factory=list)
    seconds: float = 0.0


#: Hypothesis's own control flow (an ``assume`` inside a strategy drawn from, an exhausted buffer): not an ending.
HYPOTHESIS_CONTROL = (Frozen, StopTest, UnsatisfiedAssumption)

#: Descriptors restored after every call: ``open(True)`` is ``open(1)``, and closes stdout when done.
STANDARD_FDS = (0, 1, 2)


def _on_alarm(signum: int, frame: Any) -> None:
    if signum == signal.SIGPROF:
        raise CallTimedOut(f"the call used more than {CALL_SECONDS} s of CPU")
    raise CallTimedOut(f"the call ran past {CALL_WALL_SECONDS} s of wall-clock time")


def _address_space() -> int:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[0]) * resource.getpagesize()


def run_bounded(fn: Callable[[], Any], seconds: float = CALL_SECONDS, memory: int = CALL_MEMORY,
                wall_seconds: float = CALL_WALL_SECONDS) -> Outcome:
    """Run ``fn()`` under alarms of ``seconds`` of CPU and ``wall_seconds`` of wall-clock time, and ``memory``
    bytes of extra address space (POSIX)."""
    import time

    outcome = Outcome()
    bounded = hasattr(signal, "setitimer") and resource is not None and _has_statm()
    if bounded:
        old_handler = signal.signal(signal.SIGALRM, _on_alarm)
        old_prof_handler = signal.signal(signal.SIGPROF, _on_alarm)
        old_limit = resource.getrlimit(resource.RLIMIT_AS)
        limit = _address_space() + memory
        if old_limit[1] != resource.RLIM_INFINITY:
            limit = min(limit, old_limit[1])
        resource.setrlimit(resource.RLIMIT_AS, (limit, old_limit[1]))
        signal.setitimer(signal.ITIMER_PROF, seconds)
        signal.setitimer(signal.ITIMER_REAL, wall_seconds)
    saved_fds = [os.dup(fd) for fd in STANDARD_FDS]  # an int taken for a path can close stdout
    start = time.perf_counter()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                outcome.result = fn()
            except BaseException as exc:  # noqa: BLE001 - every ending is judged by verdict()
                if isinstance(exc, (KeyboardInterrupt, *HYPOTHESIS_CONTROL)):
                    raise
                outcome.error = exc
        outcome.warnings = list(caught)
    finally:
        outcome.seconds = time.perf_counter() - start
        for fd, saved in zip(STANDARD_FDS, saved_fds):
            os.dup2(saved, fd)
            os.close(saved)
        if bounded:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGALRM, old_handler)
            signal.signal(signal.SIGPROF, old_prof_handler)
            resource.setrlimit(resource.RLIMIT_AS, old_limit)
    return outcome


def _has_statm() -> bool:
    try:
        _address_space()
    except OSError:
        return False
    return True


# ----------------------------------------------------------------------------- verdicts

#: Callables whose contract is to raise AssertionError on a valid input that fails the assertion.
ASSERTING = frozenset({"assert_equilibrium", "assert_invariant", "assert_monotone", "assert_regime",
                       "assert_sweeps_identical"})


#: Callables whose contract is to raise UnverifiedEquilibriumError (naming the method checked) on a candidate that fails.
VERIFYING = frozenset({"verified_equilibrium", "verified_extensive_equilibrium"})


def verdict(call: Call, outcome: Outcome) -> str | None:
    """None when the call ended well; otherwise what went wrong, in one line."""
    target, exc = call.target, outcome.error
    complex_cast = [w for w in outcome.warnings if issubclass(w.category, np.exceptions.ComplexWarning)]
    if complex_cast and target.path not in INTERNAL:
        return f"complex values were cast to real, the imaginary part dropped silently: {complex_cast[0].message}"
    if exc is None:
        return None if target.is_record or target.path in INTERNAL else check_result(call, outcome.result)
    message = str(exc)
    kind = type(exc).__name__
    if isinstance(exc, CallTimedOut):
        return f"hung: {exc}"
    if target.path in INTERNAL and isinstance(exc, Exception):
        return None
    if isinstance(exc, (MemoryError, RecursionError)):
        return f"{kind}: {message}"
    if isinstance(exc, (ValueError, TypeError)) and not isinstance(exc, (UnicodeError,)):
        if target.names_it(message) or _names_the_file(call, message):
            return None
        return f"{kind} that does not name {target.name}: {message}"
    if isinstance(exc, leverage.UnverifiedEquilibriumError) and target.name in VERIFYING:
        return None  # the verdict these checkers exist to give; the message names the method that was checked
    if isinstance(exc, leverage.SolverError):
        # a solver that says it could not finish or verify is an honest answer, when it says who could not
        return None if target.names_it(message) else f"{kind} that does not name {target.name}: {message}"
    if isinstance(exc, EnumerationStopped) and "deadline" in call.kwargs and "deadline" in call.changed:
        return None  # an enumerator given a deadline that has passed stops at once, as documented
    if isinstance(exc, OSError) and _takes_a_path(target) and (
            exc.filename is not None or exc.errno is not None or target.names_it(message)):
        return None  # a path that does not exist or cannot be read: the operating system's answer, or the reader's
    if isinstance(exc, AssertionError) and target.name in ASSERTING:
        return None
    return f"{kind}: {message}"


def _names_the_file(call: Call, message: str) -> bool:
    """A reader's error about the file it was given may name that file instead (``"<file>: <key>: ..."``)."""
    if not _takes_a_path(call.target):
        return False
    given = [v for v in [*call.args, *call.kwargs.values()] if isinstance(v, (str, os.PathLike)) and v != ""]
    return any(message.startswith(os.fspath(v)) for v in given)


def _takes_a_path(target: Target) -> bool:
    return any(p.name in ("path", "source", "checkpoint") for p in target.parameters())


def check_result(call: Call, result: Any) -> str | None:
    """An equilibrium in the result must be verified: finite probabilities, finite regret within tolerance."""
    if isinstance(result, st.SearchStrategy):
        return None  # drawn by the test, where the draw is judged again
    for eq in _equilibria_in(result):
        problem = _check_equilibrium(call, eq)
        if problem:
            return problem
    return None


def _equilibria_in(result: Any, depth: int = 0) -> list[Any]:
    from leverage.extensive.profiles import ExtensiveEquilibrium

    if isinstance(result, (leverage.Equilibrium, ExtensiveEquilibrium)):
        return [result]
    if depth >= 2:
        return []
    if isinstance(result, (list, tuple)):
        return [eq for item in result[:50] for eq in _equilibria_in(item, depth + 1)]
    for attr in ("equilibria", "limit", "equilibrium"):
        inner = getattr(result, attr, None)
        if inner is not None and not callable(inner):
            return _equilibria_in(inner, depth + 1)
    return []


def _check_equilibrium(call: Call, eq: Any) -> str | None:
    if not (isinstance(eq.regret, (int, float, np.floating)) and math.isfinite(eq.regret)):
        return f"an equilibrium with regret {eq.regret!r}"
    if isinstance(eq, leverage.Equilibrium):
        for vec in eq.strategies:
            vec = np.asarray(vec, dtype=float)
            if not (np.all(np.isfinite(vec)) and np.all(vec >= -1e-9) and abs(vec.sum() - 1) <= 1e-6):
                return f"an equilibrium whose strategy {vec} is not a probability vector"
        for game in call.games():
            if game.shape == tuple(len(v) for v in eq.strategies) and not game.is_nash(eq.strategies, tol=call.rtol()):
                return f"an unverified equilibrium: regret {game.regret(eq.strategies)} in {game!r}"
        return None
    from leverage.extensive.profiles import verified_extensive_equilibrium

    for game in call.extensive_games():
        if tuple(game.players) != tuple(eq.players):
            continue
        try:
            verified_extensive_equilibrium(game, eq.behaviour, "fuzz check", rtol=call.rtol())
        except (leverage.UnverifiedEquilibriumError, ValueError) as exc:
            return f"an unverified extensive-form equilibrium: {exc}"
    return None


def arguments(params: list[inspect.Parameter], values: Mapping[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """Positional and keyword arguments: required ones by position (up to the first keyword), the rest by name."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in params:
        if p.name not in values:
            continue
        if p.kind is p.VAR_POSITIONAL:
            args.extend(values[p.name])
        elif p.kind is p.POSITIONAL_ONLY or (p.kind is p.POSITIONAL_OR_KEYWORD and not kwargs and p.default is p.empty):
            args.append(values[p.name])
        else:
            kwargs[p.name] = values[p.name]
    return args, kwargs
