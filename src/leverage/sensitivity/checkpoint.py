"""Storage of sweeps: the chunk format, checkpoint directories that cannot lie, and saved tables.

:func:`~leverage.sensitivity.sweep` computes its table in chunks. A chunk
holds the text columns as small integer codes (:data:`SWEEP_STATUSES`, a
table of regime labels); :class:`ChunkTable` copies finished chunks into
the preallocated table.

A checkpoint directory (:class:`SweepCheckpoint`) holds the finished
chunks of one sweep so that an interrupted sweep resumes where it stopped.
Three guards keep it from ever handing back rows that the current sweep
would not compute:

- **A manifest that fingerprints everything that decides a row**
  (``manifest.json``, :func:`sweep_manifest`): the parameter values,
  names, players and strategies; the payoff function's code and data (see
  :func:`~leverage.sensitivity.fingerprint.fingerprint`); the payoffs at
  three fixed probe points (:func:`probe_payoffs`); the selection rule;
  the outcome function's code and data; the chunk boundaries; and the
  versions of leverage and Python (bytecode differs between Python
  versions). A rerun whose manifest differs raises a :class:`ValueError`
  that says what differs.
- **A SHA-256 checksum per chunk**, written beside it
  (``chunk_00001.npz.sha256``) before the chunk itself. A chunk that fails
  its checksum, has none, cannot be read or is malformed is recomputed with
  a :class:`CheckpointWarning`: never trusted and never fatal.
- **A lock** (``sweep.lock``), created with ``O_EXCL`` and holding the
  owner's pid and host. A second sweep into a directory in use fails at
  once; a lock whose owner is no longer running on this host is stale and
  is taken over with a warning. Files are written under unique temporary
  names and moved into place with :func:`os.replace`.

Examples
--------
>>> from leverage.scenarios import export_restriction_game
>>> model = export_restriction_game()
>>> manifest = sweep_manifest(model, np.array([list(model.values().values())]), "first", [0, 1], None)
>>> sorted(manifest)[:6]
['bounds', 'format', 'leverage', 'outcome_code', 'outcome_data', 'parameter_names']
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import stat
import sys
import tempfile
import threading
import uuid
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from leverage.version import __version__
from leverage.parametric import ParametricGame
from leverage.sensitivity.fingerprint import fingerprint

# Internal helpers, not in __all__ (other leverage modules import them by name and pass them data a public
# function has checked; they do not check it again): ChunkTable, SweepCheckpoint, chunk_problem, probe_payoffs,
# read_table, sweep_manifest, write_table.
__all__ = [
    "SWEEP_STATUSES",
    "STATUS_CODE",
    "CHUNK_KEYS",
    "CheckpointWarning",
]

#: Per-draw statuses of a sweep (new statuses go at the end: their codes are stored in checkpoints).
SWEEP_STATUSES = ("ok", "multiple", "none", "error", "unselected")

#: Code of each status in the chunks (an index into SWEEP_STATUSES).
STATUS_CODE = {status: code for code, status in enumerate(SWEEP_STATUSES)}

#: Arrays of a finished chunk (plus ``outcome`` when there is an outcome function).
CHUNK_KEYS = ("payoffs", "x", "y", "n_equilibria", "regime_code", "regime_labels", "status_code")

#: Arrays of the error messages of a chunk (absent from chunks written before errors were recorded).
ERROR_KEYS = ("error_code", "error_labels")

#: The ``error`` of a row in error read from a chunk written before errors were recorded.
UNRECORDED_ERROR = "error not recorded (checkpoint chunk written by an older leverage)"

#: Format of the manifest (``leverage-sweep-1`` manifests held no payoff fingerprint).
FORMAT = "leverage-sweep-checkpoint-2"

#: Format of a table saved by :func:`write_table`.
TABLE_FORMAT = "leverage-sweep-1"

MANIFEST = "manifest.json"
LOCK = "sweep.lock"

#: Largest chunk file read back, in bytes, besides 4 KiB per row.
_CHUNK_SLACK = 64 << 20

#: Attempts at taking the lock (a stale lock taken over by another sweep meanwhile costs one).
_LOCK_ATTEMPTS = 3

#: Tokens of the locks held by sweeps of this process.
_HELD: set[str] = set()
_HELD_GUARD = threading.Lock()

#: What each manifest entry means, for the error that reports a difference.
_MEANING = {
    "format": "the checkpoint format",
    "leverage": "the leverage version",
    "python": "the Python version",
    "parameters_sha256": "the parameter values",
    "shape": "the number of draws or parameters",
    "parameter_names": "the parameter names",
    "players": "the players",
    "strategies": "the strategy names",
    "payoff_code": "the payoff function's code",
    "payoff_data": "the payoff function's data (closure values, defaults, globals it reads, bound state)",
    "payoff_probes": "the payoffs at the probe points",
    "select": "the selection rule",
    "outcome_code": "the outcome function's code",
    "outcome_data": "the outcome function's data (closure values, defaults, globals it reads, bound state)",
    "bounds": "the chunk boundaries (chunksize)",
}


class CheckpointWarning(UserWarning):
    """A checkpoint chunk was not trusted (recomputed), or a stale lock was taken over.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("chunk 3 failed its checksum; recomputed", CheckpointWarning)
    >>> caught[0].category.__name__
    'CheckpointWarning'
    """


class _Untrusted(ValueError):
    """Why a file read back is not trusted."""


# ----------------------------------------------------------------------------- chunks and tables


def chunk_problem(cols: Mapping[str, np.ndarray], size: int, shape: tuple[int, ...], with_outcome: bool) -> str | None:
    """Why a chunk of ``size`` rows of a game of this ``shape`` is malformed, or None if it is well formed.

    Examples
    --------
    >>> chunk_problem({"x": np.zeros(2)}, 2, (2, 2), False)
    "it holds the arrays ['x'], not ['error_code', 'error_labels', 'n_equilibria', ..., 'x', 'y']"
    """
    keys = set(CHUNK_KEYS) | ({"outcome"} if with_outcome else set())
    if set(cols) != keys and set(cols) != keys | set(ERROR_KEYS):
        return f"it holds the arrays {sorted(cols)}, not {sorted(keys | set(ERROR_KEYS))}"
    m, n = shape
    expected = {"payoffs": (size, 2), "x": (size, m), "y": (size, n), "n_equilibria": (size,),
                "regime_code": (size,), "status_code": (size,), "outcome": (size,), "error_code": (size,)}
    wrong = [key for key in sorted(cols) if not key.endswith("_labels") and cols[key].shape != expected[key]]
    if wrong:
        return f"its array {wrong[0]!r} has shape {cols[wrong[0]].shape}, not {expected[wrong[0]]}"
    kinds = {"payoffs": "f", "x": "f", "y": "f", "outcome": "f", "n_equilibria": "iu", "regime_code": "iu",
             "status_code": "iu", "regime_labels": "U", "error_code": "iu", "error_labels": "U"}
    wrong = [key for key in sorted(cols) if cols[key].dtype.kind not in kinds[key]]
    wrong += [key for key in ("regime_labels", "error_labels") if key in cols and cols[key].ndim != 1]
    if wrong:
        return f"its array {wrong[0]!r} has the wrong type or shape"
    if "error_code" in cols and size and not (0 <= cols["error_code"].min() and
                                              cols["error_code"].max() < len(cols["error_labels"])):
        return "its error codes are out of range"
    labels, codes, status = cols["regime_labels"], cols["regime_code"], cols["status_code"]
    if size and not (0 <= codes.min() and codes.max() < len(labels)):
        return "its regime codes are out of range"
    if size and not (0 <= status.min() and status.max() < len(SWEEP_STATUSES)):
        return "its status codes are out of range"
    return None


class ChunkTable:
    """The computed columns of a sweep, preallocated and filled chunk by chunk.

    Each finished chunk is copied into place and can then be dropped, so the
    sweep holds one copy of the table plus the chunks in flight. Regime codes
    are renumbered into one table of labels shared by all chunks; the text
    columns are built once, at the end.

    Examples
    --------
    >>> table = ChunkTable(1, (1, 1), with_outcome=False)
    >>> table.put(0, {"payoffs": np.ones((1, 2)), "x": np.ones((1, 1)), "y": np.ones((1, 1)),
    ...               "n_equilibria": np.array([1]), "status_code": np.array([0]),
    ...               "regime_code": np.array([0]), "regime_labels": np.array(["A/B"])})
    >>> table.regime_column(), table.status_column()
    (array(['A/B'], dtype='<U3'), array(['ok'], dtype='<U10'))
    >>> table.error_column()
    array([''], dtype='<U1')
    """

    def __init__(self, N: int, shape: tuple[int, ...], with_outcome: bool) -> None:
        m, n = shape
        # one row per column of the result, so that every column is a contiguous view
        self.payoffs = np.empty((2, N))
        self.x = np.empty((m, N))
        self.y = np.empty((n, N))
        self.n_equilibria = np.empty(N, dtype=np.int64)
        self.regime = np.empty(N, dtype=np.int32)
        self.status = np.empty(N, dtype=np.int8)
        self.outcome = np.empty(N) if with_outcome else None
        self.labels: dict[str, int] = {}
        self.error = np.zeros(N, dtype=np.int32)
        self.errors: dict[str, int] = {"": 0}

    def put(self, start: int, cols: Mapping[str, np.ndarray]) -> None:
        """Copy the columns of the chunk whose first row is ``start`` into place."""
        rows = slice(start, start + len(cols["n_equilibria"]))
        self.payoffs[:, rows] = cols["payoffs"].T
        self.x[:, rows] = cols["x"].T
        self.y[:, rows] = cols["y"].T
        self.n_equilibria[rows] = cols["n_equilibria"]
        self.status[rows] = cols["status_code"]
        labels = cols["regime_labels"].tolist()
        renumber = np.array([self.labels.setdefault(label, len(self.labels)) for label in labels], dtype=np.int32)
        self.regime[rows] = renumber[cols["regime_code"]]
        if "error_code" in cols:
            messages = cols["error_labels"].tolist()
            renumber = np.array([self.errors.setdefault(m, len(self.errors)) for m in messages], dtype=np.int32)
            self.error[rows] = renumber[cols["error_code"]]
        else:  # a chunk of an older checkpoint: its errors were not recorded
            failed = cols["status_code"] == STATUS_CODE["error"]
            code = self.errors.setdefault(UNRECORDED_ERROR, len(self.errors)) if failed.any() else 0
            self.error[rows] = np.where(failed, code, 0)
        if self.outcome is not None:
            self.outcome[rows] = cols["outcome"]

    def regime_column(self) -> np.ndarray:
        """The regime labels as a unicode array, as wide as the longest label in use."""
        used = np.bincount(self.regime, minlength=len(self.labels)) > 0
        width = max([1] + [len(label) for label, u in zip(self.labels, used) if u])
        return np.take(np.array(list(self.labels) or [""], dtype=f"<U{width}"), self.regime)

    def status_column(self) -> np.ndarray:
        """The statuses as a unicode array."""
        return np.take(np.array(SWEEP_STATUSES), self.status)

    def error_column(self) -> np.ndarray:
        """The error messages as a unicode array (empty where the row has no error)."""
        return np.take(np.array(list(self.errors)), self.error)

    def columns(self, model: ParametricGame, values: np.ndarray) -> dict[str, np.ndarray]:
        """The read-only columns of the sweep of ``model`` over ``values``, in the order of a sweep's table."""
        by_parameter = np.ascontiguousarray(values.T)  # one transposed copy: much faster than strided column copies
        columns: dict[str, np.ndarray] = dict(zip(model.parameters.names, by_parameter))
        for i, player in enumerate(model.players):
            columns[f"payoff_{player}"] = self.payoffs[i]
        for i, (player, probabilities) in enumerate(zip(model.players, (self.x, self.y))):
            for s, strategy in enumerate(model.strategies[i]):
                columns[f"p_{player}_{strategy}"] = probabilities[s]
        columns["n_equilibria"] = self.n_equilibria
        columns["regime"] = self.regime_column()
        columns["status"] = self.status_column()
        columns["error"] = self.error_column()
        if self.outcome is not None:
            columns["outcome"] = self.outcome
        for arr in columns.values():
            arr.setflags(write=False)
        return columns


def write_table(path: Path, columns: Mapping[str, np.ndarray], select: str) -> None:
    """Write a sweep's columns to ``path``: an ``.npz`` with the column order and ``select`` as JSON (no pickle).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_table(Path(d) / "t.npz", {"a": np.arange(2.0)}, "first")
    ...     read_table(Path(d) / "t.npz", "load()")
    ({'a': array([0., 1.])}, 'first')
    """
    meta = json.dumps({"format": TABLE_FORMAT, "names": list(columns), "select": select})
    arrays = {f"c{i}": a.astype(str) if a.dtype == object else a for i, a in enumerate(columns.values())}
    with open(path, "wb") as fh:
        np.savez(fh, __meta__=np.array(meta), **arrays)


def read_table(path: Path, caller: str) -> tuple[dict[str, np.ndarray], str]:
    """The columns and the selection rule of a table written by :func:`write_table` (``allow_pickle=False``).

    Raises
    ------
    ValueError
        If the file is not a saved sweep, naming ``caller``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     np.savez(Path(d) / "other.npz", x=np.zeros(2))
    ...     read_table(Path(d) / "other.npz", "SweepResult.load()")
    Traceback (most recent call last):
    ...
    ValueError: SweepResult.load(): '...other.npz' is not a saved sweep (no metadata)
    """
    with np.load(path, allow_pickle=False) as data:
        if "__meta__" not in data.files:
            raise ValueError(f"{caller}: {str(path)!r} is not a saved sweep (no metadata)")
        meta = json.loads(str(data["__meta__"]))
        if meta.get("format") != TABLE_FORMAT:
            raise ValueError(f"{caller}: {str(path)!r} has unknown format {meta.get('format')!r}")
        return {name: data[f"c{i}"] for i, name in enumerate(meta["names"])}, meta["select"]


# ----------------------------------------------------------------------------- the manifest


def _probe_points(model: ParametricGame) -> np.ndarray:
    """The calibrated values and two fixed points inside the parameter box (golden-ratio and silver-ratio offsets)."""
    params = [model.parameters[name] for name in model.parameters.names]
    calibrated = np.array([p.value for p in params], dtype=float)
    low = np.array([p.low for p in params], dtype=float)
    high = np.array([p.high for p in params], dtype=float)
    j = np.arange(1, len(params) + 1)
    fractions = [np.modf(j * 0.6180339887498949)[0], np.modf(0.5 + j * 0.4142135623730951)[0]]
    return np.array([calibrated] + [low + f * (high - low) for f in fractions])


def probe_payoffs(model: ParametricGame) -> str:
    """A SHA-256 of the payoffs of ``model`` at three fixed probe points.

    The points are the calibrated values and two points inside the
    parameter box at fixed fractions of each range. A point whose payoffs
    cannot be evaluated counts by its exception's type. This second guard
    catches a changed payoff function that :func:`fingerprint` cannot see
    (for example code in an installed package).

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> probe_payoffs(export_restriction_game()) == probe_payoffs(export_restriction_game())
    True
    """
    digest = hashlib.sha256()
    for point in _probe_points(model):
        try:
            with np.errstate(all="ignore"):
                arrays = model.batch(point[None, :])
        except Exception as exc:
            digest.update(f"error:{type(exc).__qualname__}".encode())
            continue
        for array in arrays:
            digest.update(np.ascontiguousarray(array, dtype="<f8").tobytes())
    return digest.hexdigest()


def sweep_manifest(
    model: ParametricGame, values: np.ndarray, select: str, bounds: list[int], outcome: Callable[..., Any] | None
) -> dict[str, Any]:
    """The manifest of a sweep: everything that decides its rows, as JSON-ready values.

    Examples
    --------
    >>> from leverage.scenarios import export_restriction_game
    >>> model = export_restriction_game()
    >>> manifest = sweep_manifest(model, np.array([list(model.values().values())]), "first", [0, 1], None)
    >>> manifest["select"], manifest["bounds"], manifest["outcome_code"]
    ('first', [0, 1], None)
    """

    function = model.payoff_function
    return {
        "format": FORMAT,
        "leverage": __version__,
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "parameters_sha256": hashlib.sha256(np.ascontiguousarray(values, dtype="<f8").tobytes()).hexdigest(),
        "shape": list(values.shape),
        "parameter_names": list(model.parameters.names),
        "players": list(model.players),
        "strategies": [list(s) for s in model.strategies],
        "payoff_code": fingerprint(function, code_only=True),
        "payoff_data": fingerprint(function),
        "payoff_probes": probe_payoffs(model),
        "select": select,
        "outcome_code": None if outcome is None else fingerprint(outcome, code_only=True),
        "outcome_data": None if outcome is None else fingerprint(outcome),
        "bounds": bounds,
    }


# ----------------------------------------------------------------------------- the directory


def _read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; never blocks on a FIFO or a device.

    Raises
    ------
    _Untrusted
        If ``path`` is not a regular file or is larger than ``limit``.
    OSError
        If it cannot be opened or read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _Untrusted("it is not a regular file")
        if info.st_size > limit:
            raise _Untrusted(f"it is larger than {limit} bytes")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _Untrusted(f"it is larger than {limit} bytes")
    return data


def _valid_bounds(bounds: Any, N: int) -> bool:
    """Whether ``bounds`` are chunk boundaries of ``N`` rows: integers rising strictly from 0 to ``N``."""
    if not isinstance(bounds, list) or len(bounds) < 2 or not all(type(b) is int for b in bounds):
        return False
    return bounds[0] == 0 and bounds[-1] == N and all(a < b for a, b in zip(bounds, bounds[1:]))


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` of this host runs (True when it cannot be told, as on Windows)."""
    if os.name == "nt":
        return True  # os.kill(pid, 0) would send CTRL_C_EVENT there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


class SweepCheckpoint:
    """A locked checkpoint directory of one sweep: its manifest and its checksummed chunks.

    Use it as a context manager: entering creates the directory, takes the
    lock and checks (or writes) the manifest; leaving releases the lock.

    Parameters
    ----------
    path : path
        The directory (created if missing).
    manifest : dict
        The sweep's :func:`sweep_manifest`.
    adopt_bounds : bool
        Keep the chunk boundaries of an earlier run (for an automatic chunk size).
    caller : str
        The public function named in errors and warnings.

    Raises
    ------
    ValueError
        On entering: the directory cannot be created or written, another
        sweep holds its lock, or its manifest is unreadable or differs.

    Examples
    --------
    >>> import tempfile
    >>> from leverage.scenarios import export_restriction_game
    >>> model = export_restriction_game()
    >>> values = np.array([list(model.values().values())])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with SweepCheckpoint(d, sweep_manifest(model, values, "first", [0, 1], None)) as ckpt:
    ...         table = ChunkTable(1, (3, 2), with_outcome=False)
    ...         ckpt.resume(table, [0, 1])
    [0]
    """

    def __init__(self, path: str | os.PathLike[str], manifest: Mapping[str, Any], adopt_bounds: bool = False,
                 caller: str = "sweep()") -> None:
        self.directory = Path(path)
        self.manifest = dict(manifest)
        self.adopt_bounds = adopt_bounds
        self.caller = caller
        self.untrusted: list[str] = []
        self._token: str | None = None

    # ------------------------------------------------------------------ entering and leaving

    def __enter__(self) -> SweepCheckpoint:
        self._unusable_unless(self._make_directory)
        self._lock()
        try:
            self._check_manifest()
            self._remove_temporaries()
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._unlock()

    def _unusable(self, problem: str) -> ValueError:
        return ValueError(
            f"{self.caller}: checkpoint={str(self.directory)!r} cannot be used as a checkpoint directory: "
            f"{problem}; pass a writable directory as checkpoint"
        )

    def _unusable_unless(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except OSError as exc:
            raise self._unusable(f"{type(exc).__name__}: {exc.strerror or exc}") from None

    def _make_directory(self) -> None:
        if self.directory.exists() and not self.directory.is_dir():
            raise NotADirectoryError(20, "it exists and is not a directory")
        self.directory.mkdir(parents=True, exist_ok=True)

    # ------------------------------------------------------------------ the lock

    @property
    def lock_path(self) -> Path:
        """The lock file."""
        return self.directory / LOCK

    def _read_owner(self, path: Path) -> dict[str, Any] | None:
        try:
            owner = json.loads(_read_regular(path, 4096))
        except (OSError, ValueError):
            return None
        if not isinstance(owner, dict) or type(owner.get("pid")) is not int or not isinstance(owner.get("host"), str):
            return None
        return owner if owner["pid"] > 0 else None

    def _is_stale(self, owner: Mapping[str, Any]) -> bool:
        if owner["host"] != socket.gethostname():
            return False  # a process on another host cannot be checked
        if owner["pid"] == os.getpid():
            with _HELD_GUARD:
                return owner.get("token") not in _HELD
        return not _pid_alive(owner["pid"])

    def _busy(self, owner: Mapping[str, Any] | None) -> ValueError:
        if owner is None:
            who = (
                f"its lock file {str(self.lock_path)!r} is unreadable; if no sweep is running there, "
                "delete the lock file"
            )
        else:
            who = (
                f"a sweep holds its lock (pid {owner['pid']} on host {owner['host']!r}, lock file "
                f"{str(self.lock_path)!r}); wait for that sweep to finish, or use another directory"
            )
        return ValueError(f"{self.caller}: the checkpoint directory {str(self.directory)!r} is in use: {who}")

    def _take_over(self, owner: Mapping[str, Any]) -> None:
        """Remove a stale lock, unless another sweep replaced it meanwhile (then put that one back)."""
        moved = self.directory / f".{LOCK}.{uuid.uuid4().hex}.stale"
        try:
            os.rename(self.lock_path, moved)
        except FileNotFoundError:
            return  # another sweep removed it first
        if (self._read_owner(moved) or {}).get("token") == owner.get("token"):
            moved.unlink(missing_ok=True)
            warnings.warn(
                f"{self.caller}: took over the stale lock of the checkpoint directory {str(self.directory)!r} "
                f"(pid {owner['pid']} on this host is no longer running that sweep)",
                CheckpointWarning,
                stacklevel=5,
            )
            return
        try:  # a live lock was moved: restore it, unless a third sweep has locked meanwhile
            os.link(moved, self.lock_path)
        except FileExistsError:
            pass
        except OSError:  # no hard links on this file system: move it back
            if not self.lock_path.exists():
                os.replace(moved, self.lock_path)
        moved.unlink(missing_ok=True)

    def _lock(self) -> None:
        token = uuid.uuid4().hex
        record = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "token": token}).encode()
        owner: dict[str, Any] | None = None
        with _HELD_GUARD:  # before the file exists, so that no other thread takes our lock for a stale one
            _HELD.add(token)
        try:
            for _ in range(_LOCK_ATTEMPTS):
                try:
                    fd = os.open(self.lock_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                except FileExistsError:
                    owner = self._read_owner(self.lock_path)
                    if owner is None or not self._is_stale(owner):
                        raise self._busy(owner) from None
                    self._take_over(owner)
                    continue
                except OSError as exc:
                    problem = f"its lock file cannot be created ({type(exc).__name__}: {exc.strerror})"
                    raise self._unusable(problem) from None
                try:
                    written: Any = os.write(fd, record)
                except OSError as exc:
                    written = exc
                finally:
                    os.close(fd)
                if written != len(record):  # an empty or partial lock would block every later sweep
                    self.lock_path.unlink(missing_ok=True)
                    raise self._unusable(f"its lock file cannot be written ({written})")
                self._token = token
                return
            raise self._busy(owner)
        finally:
            if self._token is None:
                with _HELD_GUARD:
                    _HELD.discard(token)

    def _unlock(self) -> None:
        token, self._token = self._token, None
        if token is None:
            return
        with _HELD_GUARD:
            _HELD.discard(token)
        if (self._read_owner(self.lock_path) or {}).get("token") == token:
            self.lock_path.unlink(missing_ok=True)

    # ------------------------------------------------------------------ files

    def _write(self, path: Path, data: bytes) -> None:
        """Write ``data`` to a unique temporary file in the directory, then move it to ``path``."""
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _remove_temporaries(self) -> None:
        """Temporary files left by interrupted sweeps (no one else writes here while the lock is held)."""
        for tmp in self.directory.glob(".*.tmp"):
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass

    def _check_manifest(self) -> None:
        file = self.directory / MANIFEST
        if not file.exists():
            self._unusable_unless(lambda: self._write(file, json.dumps(self.manifest, indent=1).encode()))
            return
        try:
            old = json.loads(_read_regular(file, _CHUNK_SLACK))
        except (OSError, ValueError):
            raise ValueError(
                f"{self.caller}: the checkpoint manifest {str(file)!r} is unreadable; "
                "use another directory or delete it"
            ) from None
        if not isinstance(old, dict):
            old = {}
        bounds = old.get("bounds")
        if self.adopt_bounds and _valid_bounds(bounds, self.manifest["bounds"][-1]):
            self.manifest["bounds"] = bounds  # keep the chunks of the earlier run
        if old != self.manifest:
            keys = sorted(k for k in set(old) | set(self.manifest) if old.get(k) != self.manifest.get(k))
            what = "; ".join(self._difference(k, old.get(k)) for k in keys)
            raise ValueError(
                f"{self.caller}: the checkpoint in {str(self.directory)!r} was written by a different sweep "
                f"(differs in: {', '.join(keys)}): {what}; use another directory or delete it"
            )

    def _difference(self, key: str, old: Any) -> str:
        meaning = _MEANING.get(key, f"the entry {key!r}")
        new = self.manifest.get(key)
        if key in ("leverage", "python", "select", "format"):
            return f"{meaning} differs ({old!r} then, {new!r} now)"
        if key.startswith("outcome") and (old is None) != (new is None):
            return f"{meaning} differs (an outcome function was {'not ' if old is None else ''}given then)"
        return f"{meaning} differs"

    # ------------------------------------------------------------------ chunks

    def chunk_path(self, c: int) -> Path:
        """The file of chunk ``c``."""
        return self.directory / f"chunk_{c:05d}.npz"

    def save(self, c: int, cols: Mapping[str, np.ndarray]) -> None:
        """Write chunk ``c``: its checksum first, then the chunk (so no chunk is ever left without one)."""
        buffer = io.BytesIO()
        np.savez(buffer, **cols)
        data = buffer.getvalue()
        path = self.chunk_path(c)
        try:
            self._write(path.with_name(path.name + ".sha256"), hashlib.sha256(data).hexdigest().encode())
            self._write(path, data)
        except OSError as exc:
            raise OSError(
                exc.errno, f"{self.caller}: cannot write {path.name!r} in the checkpoint directory "
                f"(checkpoint={str(self.directory)!r}): {exc.strerror or exc}"
            ) from exc

    def load(self, c: int, size: int, shape: tuple[int, ...], with_outcome: bool) -> dict[str, np.ndarray] | None:
        """Chunk ``c`` (of ``size`` rows) read back, or None when it must be computed.

        A missing chunk is None silently. A chunk that fails its checksum, has
        none, is far larger than ``size`` rows need (4 KiB per row and 64
        MiB), cannot be read or is malformed (:func:`chunk_problem`) is None
        too and is listed in :attr:`untrusted` (see :meth:`warn_untrusted`).
        """
        path = self.chunk_path(c)
        if not path.exists():
            return None
        try:
            data = _read_regular(path, _CHUNK_SLACK + 4096 * size)
            try:
                recorded = _read_regular(path.with_name(path.name + ".sha256"), 128).decode("ascii").strip()
            except FileNotFoundError:
                raise _Untrusted("it has no recorded checksum") from None
            if hashlib.sha256(data).hexdigest() != recorded:
                raise _Untrusted("it fails its SHA-256 check")
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                cols = {key: archive[key] for key in archive.files}
            problem = chunk_problem(cols, size, shape, with_outcome)
            if problem:
                raise _Untrusted(f"it is malformed: {problem}")
        except Exception as exc:  # never trusted, never fatal
            reason = str(exc) if isinstance(exc, _Untrusted) else f"it cannot be read ({type(exc).__name__}: {exc})"
            self.untrusted.append(f"{path.name} ({reason})")
            return None
        return cols

    def resume(self, table: ChunkTable, bounds: list[int]) -> list[int]:
        """Copy the chunks held and trusted into ``table``; returns the chunks left to compute (and warns)."""
        todo = []
        for c in range(len(bounds) - 1):
            cols = self.load(c, bounds[c + 1] - bounds[c], (len(table.x), len(table.y)), table.outcome is not None)
            if cols is not None:
                try:
                    table.put(bounds[c], cols)
                    continue
                except Exception as exc:  # pragma: no cover - chunk_problem lets no such chunk through
                    self.untrusted.append(f"{self.chunk_path(c).name} (it cannot be used: {type(exc).__name__}: {exc})")
            todo.append(c)
        self.warn_untrusted()
        return todo

    def warn_untrusted(self) -> None:
        """One :class:`CheckpointWarning` listing the chunks :meth:`load` did not trust, if any."""
        if not self.untrusted:
            return
        more = len(self.untrusted) - 5
        shown = "; ".join(self.untrusted[:5]) + (f"; and {more} more" if more > 0 else "")
        warnings.warn(
            f"{self.caller}: {len(self.untrusted)} chunk(s) of the checkpoint in {str(self.directory)!r} "
            f"could not be trusted and are recomputed: {shown}",
            CheckpointWarning,
            stacklevel=5,
        )
        self.untrusted = []
