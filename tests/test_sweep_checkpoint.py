"""Checkpoints that cannot lie: a changed model is refused, a damaged chunk is recomputed, a busy directory is locked.

Every test here is a reproducer of issue 24 ("Checkpoints silently reuse
stale results", "A corrupt chunk breaks every resume") or a guard next to
one. The sweeps are small (200 draws of a 2 x 2 game), so the file runs in
about a second.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import types
import warnings

import numpy as np
import pytest

import leverage
import leverage.sensitivity.checkpoint
from leverage import Parameter, ParameterSet, ParametricGame
from leverage.sensitivity import sweep
from leverage.sensitivity.checkpoint import CheckpointWarning
from leverage.sensitivity.fingerprint import fingerprint
from leverage.testing.assertions import assert_sweeps_identical

PARAMS = ParameterSet(a=Parameter(0.5, 0.0, 1.0, "u", "test"), b=Parameter(2.0, 1.0, 3.0, "u", "test"))
SPACE = {"kind": "lhs", "n": 200}
CUT = 0.3  # read as a global by _global_cut
CODE_DIFFERS = "the payoff function's code differs"
DATA_DIFFERS = "the payoff function's data (closure values, defaults, globals it reads, bound state) differ"
PROBES_DIFFER = "the payoffs at the probe points differ"


def game_of(payoffs) -> ParametricGame:
    return ParametricGame(PARAMS, payoffs, players=("R", "C"), strategies=(("U", "D"), ("L", "R")))


def plus_a() -> ParametricGame:
    """The reproducer's first model: (U, L) pays a to R (a fresh lambda at every call)."""
    return game_of(lambda a, b: ([[a, 0.0], [0.0, b]], [[b, 0.0], [0.0, a]]))


def minus_a() -> ParametricGame:
    """The reproducer's second model: the same game with -a."""
    return game_of(lambda a, b: ([[-a, 0.0], [0.0, b]], [[b, 0.0], [0.0, a]]))


def cut_by_closure(cut: float) -> ParametricGame:
    """R's payoff at (U, L) jumps where a passes ``cut``: no probe point lies between 0.3 and 0.35."""
    return game_of(lambda a, b: ([[np.where(a > cut, 2.0 * b, 0.5), 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]))


def _global_cut(a, b):
    return [[np.where(a > CUT, 2.0 * b, 0.5), 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]


def total(values, profile, payoffs):
    return float(payoffs.sum())


def row_payoff(values, profile, payoffs):
    return float(payoffs[0])


def weighted(weight, values, profile, payoffs):
    return float(weight * payoffs.sum())


class Scaled:
    """An outcome object: its scale decides the rows, its call counter does not (left out by ``__getstate__``)."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.calls = 0

    def __call__(self, values, profile, payoffs) -> float:
        self.calls += 1
        return self.scale * float(payoffs.sum())

    def __getstate__(self) -> dict[str, float]:
        return {"scale": self.scale}


def refusal(tmp_path, model, **kwargs) -> str:
    """The message of the ValueError a rerun into ``tmp_path`` raises."""
    with pytest.raises(ValueError, match=r"sweep\(\): the checkpoint in .* was written by a different sweep") as info:
        sweep(model, SPACE, seed=1, checkpoint=tmp_path, **kwargs)
    message = str(info.value)
    assert repr(str(tmp_path)) in message and message.endswith("use another directory or delete it")
    return message


# ----------------------------------------------------------------------------- a changed model is refused


def test_the_reproducer_a_formula_changed_from_a_to_minus_a_is_refused_not_served_stale(tmp_path):
    first = sweep(plus_a(), SPACE, seed=1, checkpoint=tmp_path)
    message = refusal(tmp_path, minus_a())
    assert CODE_DIFFERS in message and PROBES_DIFFER in message
    # the rows it would have served were wrong: the changed model's own table differs
    fresh = sweep(minus_a(), SPACE, seed=1, checkpoint=tmp_path / "elsewhere")
    assert not np.array_equal(fresh.column("payoff_R"), first.column("payoff_R"))
    # the refused directory is left as it was, and a rebuilt first model (new lambda, same code) resumes it
    resumed = sweep(plus_a(), SPACE, seed=1, checkpoint=tmp_path)
    assert resumed._recomputed == ()
    assert_sweeps_identical(first, resumed)


def test_a_changed_closure_value_is_refused_even_where_the_probes_see_no_change(tmp_path):
    first = sweep(cut_by_closure(0.3), SPACE, seed=1, checkpoint=tmp_path)
    message = refusal(tmp_path, cut_by_closure(0.35))
    assert DATA_DIFFERS in message
    assert CODE_DIFFERS not in message and PROBES_DIFFER not in message  # only the fingerprint saw it
    other = sweep(cut_by_closure(0.35), SPACE, seed=1)
    assert not np.array_equal(other.column("payoff_R"), first.column("payoff_R"))


def test_a_changed_default_argument_is_refused(tmp_path):
    sweep(game_of(lambda a, b, cut=0.3: _global_cut(a, b)), SPACE, seed=1, checkpoint=tmp_path)
    message = refusal(tmp_path, game_of(lambda a, b, cut=0.35: _global_cut(a, b)))
    assert DATA_DIFFERS in message and CODE_DIFFERS not in message


def test_a_changed_global_the_payoffs_read_is_refused(tmp_path):
    sweep(game_of(_global_cut), SPACE, seed=1, checkpoint=tmp_path)
    moved_cut = types.FunctionType(_global_cut.__code__, {**_global_cut.__globals__, "CUT": 0.35})
    message = refusal(tmp_path, game_of(moved_cut))
    assert DATA_DIFFERS in message and PROBES_DIFFER not in message


def test_a_changed_constant_or_helper_function_is_a_change_of_code(tmp_path):
    sweep(game_of(lambda a, b: _global_cut(a, b)), SPACE, seed=1, checkpoint=tmp_path)
    literal = refusal(tmp_path, game_of(lambda a, b: _global_cut(a, 0.999 * b)))
    assert CODE_DIFFERS in literal
    # the payoff function is unchanged, but the helper it calls is not
    helper = minus_a().payoff_function  # other code
    calls_other = types.FunctionType((lambda a, b: _global_cut(a, b)).__code__,
                                     {**_global_cut.__globals__, "_global_cut": helper})
    assert CODE_DIFFERS in refusal(tmp_path, game_of(calls_other))


def test_the_probe_points_guard_a_payoff_function_the_fingerprint_cannot_see(tmp_path, monkeypatch):
    import leverage.sensitivity.checkpoint as checkpoint

    monkeypatch.setattr(checkpoint, "fingerprint", lambda obj, code_only=False: "0" * 64)  # blind the first guard
    sweep(plus_a(), SPACE, seed=1, checkpoint=tmp_path)
    message = refusal(tmp_path, minus_a())
    assert PROBES_DIFFER in message and CODE_DIFFERS not in message and DATA_DIFFERS not in message


def test_a_changed_outcome_is_refused_by_code_by_bound_state_and_by_presence(tmp_path):
    sweep(plus_a(), SPACE, seed=1, outcome=total, checkpoint=tmp_path / "code")
    assert "the outcome function's code differs" in refusal(tmp_path / "code", plus_a(), outcome=row_payoff)
    assert "an outcome function was given then" in refusal(tmp_path / "code", plus_a())

    sweep(plus_a(), SPACE, seed=1, outcome=functools.partial(weighted, 1.0), checkpoint=tmp_path / "partial")
    message = refusal(tmp_path / "partial", plus_a(), outcome=functools.partial(weighted, 2.0))
    assert "the outcome function's data" in message and "the outcome function's code" not in message

    first = sweep(plus_a(), SPACE, seed=1, outcome=Scaled(1.0), checkpoint=tmp_path / "object")
    assert "the outcome function's data" in refusal(tmp_path / "object", plus_a(), outcome=Scaled(2.0))
    used = Scaled(1.0)
    used.calls = 10**6  # state that __getstate__ leaves out decides nothing
    resumed = sweep(plus_a(), SPACE, seed=1, outcome=used, checkpoint=tmp_path / "object")
    assert resumed._recomputed == ()
    assert_sweeps_identical(first, resumed)


def test_another_leverage_version_is_refused(tmp_path, monkeypatch):
    sweep(plus_a(), SPACE, seed=1, checkpoint=tmp_path)
    monkeypatch.setattr(leverage.sensitivity.checkpoint, "__version__", "99.0")
    message = refusal(tmp_path, plus_a())
    assert "the leverage version differs (" in message and "then, '99.0' now)" in message


# ----------------------------------------------------------------------------- fingerprints


def _scale_one(a):
    """One docstring."""
    return 2.0 * a


def _scale_two(a):
    """Another docstring, at other line numbers: neither decides a row."""
    return 2.0 * a


def test_fingerprints_see_code_and_data_through_nested_functions_and_objects():
    assert fingerprint(_scale_one) == fingerprint(_scale_two)

    def outer(k):
        def inner(a):
            return k * a

        return lambda a: inner(a) + 1.0

    assert fingerprint(outer(1.0)) == fingerprint(outer(1.0))
    assert fingerprint(outer(1.0)) != fingerprint(outer(2.0))  # a closure of a closure
    assert fingerprint(outer(1.0), code_only=True) == fingerprint(outer(2.0), code_only=True)

    def holding(array):
        return lambda a: array * a

    assert fingerprint(holding(np.array([1.0, 2.0]))) == fingerprint(holding(np.array([1.0, 2.0])))
    assert fingerprint(holding(np.array([1.0, 2.0]))) != fingerprint(holding(np.array([1.0, 3.0])))
    assert fingerprint(holding(np.array([1.0, 2.0]))) != fingerprint(holding(np.array([1, 2])))
    assert fingerprint(Scaled(1.0).__call__) != fingerprint(Scaled(2.0).__call__)
    assert fingerprint(functools.partial(weighted, 1.0)) != fingerprint(functools.partial(weighted, 1.0 + 1e-16 * 2))

    class Doubling(Scaled):
        def __call__(self, values, profile, payoffs) -> float:
            return 2.0 * self.scale * float(payoffs.sum())

    assert fingerprint(Doubling(1.0)) != fingerprint(Scaled(1.0))  # the same state, another method


def test_fingerprints_do_not_depend_on_insertion_or_iteration_order():
    forward, backward = set(), set()
    forward.update([1]), forward.update([9])
    backward.update([9]), backward.update([1])
    assert list(forward) != list(backward)
    member = lambda items: lambda a: a in items  # noqa: E731
    assert fingerprint(member(forward)) == fingerprint(member(backward))
    assert fingerprint(member(forward)) != fingerprint(member({1, 8}))
    assert fingerprint({"a": 1, "b": 2}) == fingerprint({"b": 2, "a": 1})
    assert fingerprint(lambda a: a in {"x", "y"}) == fingerprint(lambda a: a in {"y", "x"})


def test_fingerprints_of_cyclic_and_deep_structures_end():
    loop: list = []
    loop.append(loop)
    looping = lambda a: loop  # noqa: E731
    loop.append(looping)
    assert fingerprint(looping) == fingerprint(looping)
    deep: list = []
    for _ in range(10_000):
        deep = [deep]
    assert len(fingerprint(deep)) == 64  # cut at MAX_DEPTH, no RecursionError


# ----------------------------------------------------------------------------- damaged chunks are recomputed


def _truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garbage(path):
    path.write_bytes(np.random.default_rng(0).bytes(path.stat().st_size))


def _flip_a_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _drop_checksum(path):
    path.with_name(path.name + ".sha256").unlink()


def _well_formed_other_rows(path):
    path.write_bytes(path.with_name("chunk_00002.npz").read_bytes())  # a valid chunk of the same shape, other rows


def _malformed_with_its_checksum(path):
    import hashlib
    import io

    buffer = io.BytesIO()
    np.savez(buffer, payoffs=np.zeros(3))
    path.write_bytes(buffer.getvalue())
    path.with_name(path.name + ".sha256").write_text(hashlib.sha256(buffer.getvalue()).hexdigest())


def _a_fifo(path):
    path.unlink()
    os.mkfifo(path)  # reading it would block: it is never read


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (_truncate, "fails its SHA-256 check"),
        (_garbage, "fails its SHA-256 check"),
        (_flip_a_byte, "fails its SHA-256 check"),
        (_drop_checksum, "has no recorded checksum"),
        (_well_formed_other_rows, "fails its SHA-256 check"),
        (_malformed_with_its_checksum, "is malformed: it holds the arrays"),
        pytest.param(_a_fifo, "is not a regular file",
                     marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")),
    ],
)
def test_a_damaged_chunk_is_recomputed_with_a_warning_and_the_table_is_the_uninterrupted_one(tmp_path, damage, reason):
    reference = sweep(plus_a(), SPACE, seed=1, outcome=total)
    sweep(plus_a(), SPACE, seed=1, outcome=total, chunksize=50, checkpoint=tmp_path)
    damage(tmp_path / "chunk_00001.npz")
    with pytest.warns(CheckpointWarning, match=rf"1 chunk\(s\) .* recomputed: chunk_00001\.npz \(it {reason}"):
        again = sweep(plus_a(), SPACE, seed=1, outcome=total, chunksize=50, checkpoint=tmp_path)
    assert again._recomputed == (1,)
    assert_sweeps_identical(reference, again)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # repaired: nothing left to warn about or recompute
        assert sweep(plus_a(), SPACE, seed=1, outcome=total, chunksize=50, checkpoint=tmp_path)._recomputed == ()


def test_a_truncated_and_a_garbage_chunk_at_once_are_named_in_one_warning(tmp_path):
    sweep(plus_a(), SPACE, seed=1, chunksize=50, checkpoint=tmp_path)
    _truncate(tmp_path / "chunk_00000.npz")
    _garbage(tmp_path / "chunk_00003.npz")
    with pytest.warns(CheckpointWarning) as record:
        again = sweep(plus_a(), SPACE, seed=1, chunksize=50, checkpoint=tmp_path)
    assert len(record) == 1 and "2 chunk(s)" in str(record[0].message)
    assert "chunk_00000.npz" in str(record[0].message) and "chunk_00003.npz" in str(record[0].message)
    assert again._recomputed == (0, 3)
    assert_sweeps_identical(sweep(plus_a(), SPACE, seed=1), again)


# ----------------------------------------------------------------------------- the lock


def test_a_second_sweep_into_a_busy_directory_fails_at_once_and_the_first_finishes_correctly(tmp_path):
    started, release = threading.Event(), threading.Event()

    def blocking(values, profile, payoffs):
        started.set()
        release.wait(10)
        return float(payoffs.sum())

    results: dict[str, object] = {}

    def first():
        try:
            results["table"] = sweep(plus_a(), SPACE, seed=1, outcome=blocking, checkpoint=tmp_path)
        except BaseException as exc:  # pragma: no cover - reported below
            results["error"] = exc

    worker = threading.Thread(target=first)
    worker.start()
    try:
        assert started.wait(10)
        with pytest.raises(ValueError, match=r"sweep\(\): the checkpoint directory .* is in use") as info:
            sweep(plus_a(), SPACE, seed=1, outcome=blocking, checkpoint=tmp_path)
        assert repr(str(tmp_path)) in str(info.value) and f"pid {os.getpid()} " in str(info.value)
    finally:
        release.set()
        worker.join(20)
    assert not worker.is_alive() and "error" not in results
    assert_sweeps_identical(sweep(plus_a(), SPACE, seed=1, outcome=total), results["table"])
    assert not (tmp_path / "sweep.lock").exists()  # released


def test_racing_sweeps_give_refusals_or_correct_tables_never_a_mix(tmp_path):
    reference = sweep(plus_a(), SPACE, seed=1, chunksize=20)
    barrier = threading.Barrier(4, timeout=10)
    outcomes: list[object] = []

    def run():
        barrier.wait()
        try:
            outcomes.append(sweep(plus_a(), SPACE, seed=1, chunksize=20, checkpoint=tmp_path))
        except ValueError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(outcomes) == 4 and not any(t.is_alive() for t in threads)
    tables = [o for o in outcomes if not isinstance(o, ValueError)]
    assert tables  # the first one in always finishes
    for table in tables:
        assert_sweeps_identical(reference, table)
    for error in outcomes:
        if isinstance(error, ValueError):
            assert "is in use" in str(error)


def _write_lock(directory, pid, host=None, token="someone-else"):
    directory.mkdir(exist_ok=True)
    owner = {"pid": pid, "host": host or socket.gethostname(), "token": token}
    (directory / "sweep.lock").write_text(json.dumps(owner))


def test_a_lock_held_by_a_live_process_or_another_host_refuses(tmp_path):
    _write_lock(tmp_path, os.getppid())  # alive, and not this process
    with pytest.raises(ValueError, match=rf"is in use: a sweep holds its lock \(pid {os.getppid()} on host"):
        sweep(plus_a(), SPACE, seed=1, checkpoint=tmp_path)
    _write_lock(tmp_path, 1, host="elsewhere.example")  # cannot be checked: never taken over
    with pytest.raises(ValueError, match=r"pid 1 on host 'elsewhere.example'"):
        sweep(plus_a(), SPACE, seed=1, checkpoint=tmp_path)
    (tmp_path / "sweep.lock").write_text("")  # a lock file being written, or a crash in between
    with pytest.raises(ValueError, match=r"lock file .* is unreadable; if no sweep is running there, delete"):
        sweep(plus_a(), SPACE, seed=1, checkpoint=tmp_path)
    assert (tmp_path / "sweep.lock").exists()  # other sweeps' locks are never removed


def test_a_stale_lock_is_taken_over_with_a_warning(tmp_path):
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                           timeout=30, check=True)
    dead = int(child.stdout)
    for owner in (dead, os.getpid()):  # a process that ended; this process, but no sweep of it holds the lock
        _write_lock(tmp_path, owner)
        with pytest.warns(CheckpointWarning, match=rf"took over the stale lock .* \(pid {owner} on this host"):
            table = sweep(plus_a(), SPACE, seed=1, checkpoint=tmp_path)
        assert_sweeps_identical(sweep(plus_a(), SPACE, seed=1), table)
        assert not (tmp_path / "sweep.lock").exists()


def test_the_lock_is_released_when_a_sweep_is_interrupted_or_refused(tmp_path):
    def interrupt(values, profile, payoffs):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sweep(plus_a(), SPACE, seed=1, outcome=interrupt, checkpoint=tmp_path)
    assert not (tmp_path / "sweep.lock").exists()
    sweep(plus_a(), SPACE, seed=1, checkpoint=tmp_path / "refusing")
    with pytest.raises(ValueError, match="different sweep"):
        sweep(minus_a(), SPACE, seed=1, checkpoint=tmp_path / "refusing")
    assert not (tmp_path / "refusing" / "sweep.lock").exists()


def test_files_are_written_under_unique_temporary_names_and_leftovers_are_cleared(tmp_path, monkeypatch):
    leftover = tmp_path / ".chunk_00000.npz.k1ll3d.tmp"
    leftover.write_bytes(b"half a chunk")
    moves = []
    replace = os.replace

    def recording(src, dst):
        moves.append((os.fspath(src), os.fspath(dst)))
        return replace(src, dst)

    monkeypatch.setattr(os, "replace", recording)
    sweep(plus_a(), SPACE, seed=1, chunksize=50, checkpoint=tmp_path)
    sources = [src for src, _ in moves]
    assert len(moves) == 1 + 2 * 4  # the manifest, then a checksum and a chunk per chunk
    assert len(set(sources)) == len(sources)
    assert all(os.path.dirname(src) == str(tmp_path) and os.path.basename(src).startswith(".") for src in sources)
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


# ----------------------------------------------------------------------------- unusable directories


def test_a_path_that_is_not_a_directory_is_a_clear_error(tmp_path):
    file = tmp_path / "a_file"
    file.write_text("not a directory")
    for path in (file, file / "below"):
        with pytest.raises(ValueError, match=r"sweep\(\): checkpoint='.*' cannot be used as a checkpoint directory: "
                                             r".*; pass a writable directory as checkpoint"):
            sweep(plus_a(), SPACE, seed=1, checkpoint=path)


def test_a_directory_that_refuses_writes_is_a_clear_error(tmp_path, monkeypatch):
    """As root, chmod does not stop writes: the refusal is simulated (EACCES on every file created there)."""
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    if os.geteuid() != 0:
        readonly.chmod(0o500)
    else:
        open_ = os.open

        def refuse(path, flags, *args, **kwargs):
            if os.fspath(path).startswith(str(readonly)) and flags & os.O_CREAT:
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return open_(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    try:
        with pytest.raises(ValueError, match=rf"checkpoint={str(readonly)!r} cannot be used as a checkpoint "
                                             r"directory: its lock file cannot be created \(PermissionError"):
            sweep(plus_a(), SPACE, seed=1, checkpoint=readonly)
    finally:
        readonly.chmod(0o700)


def test_a_chunk_that_cannot_be_written_mid_sweep_names_the_directory_and_releases_the_lock(tmp_path, monkeypatch):
    mkstemp = tempfile.mkstemp

    def disk_full(*args, prefix="", **kwargs):
        if prefix.startswith(".chunk_00002"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return mkstemp(*args, prefix=prefix, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", disk_full)
    with pytest.raises(OSError, match=rf"cannot write 'chunk_00002.npz' in the checkpoint directory "
                                      rf"\(checkpoint={str(tmp_path)!r}\): No space left"):
        sweep(plus_a(), SPACE, seed=1, chunksize=50, checkpoint=tmp_path)
    assert not (tmp_path / "sweep.lock").exists()
    monkeypatch.undo()
    assert sweep(plus_a(), SPACE, seed=1, chunksize=50, checkpoint=tmp_path)._recomputed == (2, 3)


# ----------------------------------------------------------------------------- error messages in checkpoints


def _raise_above_half(a, b):
    if np.any(np.asarray(a) > 0.5):
        raise ZeroDivisionError("division by zero")
    return [[a, 0.0], [0.0, b]], [[b, 0.0], [0.0, a]]


def test_a_resumed_sweep_keeps_the_error_messages_of_its_chunks(tmp_path):
    model = game_of(_raise_above_half)
    with pytest.warns(UserWarning, match="draws failed"):
        reference = sweep(model, SPACE, seed=1, chunksize=50)
        sweep(model, SPACE, seed=1, chunksize=50, checkpoint=tmp_path)
        resumed = sweep(model, SPACE, seed=1, chunksize=50, checkpoint=tmp_path)
    assert resumed._recomputed == ()  # every chunk read back
    failed = reference.column("a") > 0.5
    assert failed.any() and set(resumed.column("error")[failed]) == {"ZeroDivisionError: division by zero"}
    assert_sweeps_identical(reference, resumed)


def test_chunks_written_before_errors_were_recorded_still_load(tmp_path):
    import hashlib
    import io

    model = game_of(_raise_above_half)
    with pytest.warns(UserWarning, match="draws failed"):
        reference = sweep(model, SPACE, seed=1, chunksize=50, checkpoint=tmp_path)
    for path in sorted(tmp_path.glob("chunk_*.npz")):  # rewrite each chunk as an older leverage wrote it
        with np.load(path) as archive:
            old = {key: archive[key] for key in archive.files if key not in ("error_code", "error_labels")}
        buffer = io.BytesIO()
        np.savez(buffer, **old)
        path.write_bytes(buffer.getvalue())
        path.with_name(path.name + ".sha256").write_text(hashlib.sha256(buffer.getvalue()).hexdigest())
    with warnings.catch_warnings():
        warnings.simplefilter("error", CheckpointWarning)  # trusted: nothing recomputed
        with pytest.warns(UserWarning, match="draws failed"):
            resumed = sweep(model, SPACE, seed=1, chunksize=50, checkpoint=tmp_path)
    assert resumed._recomputed == ()
    failed = reference.column("status") == "error"
    assert np.array_equal(resumed.column("status"), reference.column("status"))
    assert set(resumed.column("error")[failed]) == {leverage.sensitivity.checkpoint.UNRECORDED_ERROR}
    assert set(resumed.column("error")[~failed]) == {""}
