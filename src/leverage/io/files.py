"""Bounded reads of regular files: never a device, a FIFO or a socket, never more than a limit.

Every reader of :mod:`leverage.io` opens its file through
:func:`read_bytes_bounded` (or :func:`read_text_bounded`), which

1. refuses a path that is not a regular file, from ``os.stat`` before any
   ``open`` (``/dev/zero``, a FIFO, a socket, a directory);
2. opens it with ``O_NONBLOCK`` where the system has it, so that a path
   swapped for a FIFO between the check and the open does not wait for a
   writer, and checks the open descriptor again with ``os.fstat``;
3. reads at most ``limit + 1`` bytes, and refuses the file if there were
   more.

Errors name the calling function, the path and the problem:
:class:`FileNotFoundError` or :class:`PermissionError` (``OSError``) when the
file cannot be opened, :class:`FileRefusedError` (a :class:`ValueError`) when
it is not a regular file or is larger than the limit.
"""

from __future__ import annotations

import codecs
import os
import stat

from leverage.checks import check_int

__all__ = ["FileRefusedError", "read_bytes_bounded", "read_text_bounded", "file_kind", "writable_path"]

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


class FileRefusedError(ValueError):
    """A file that is not read: not a regular file, larger than the limit, or not text.

    The message reads ``"<caller>: <problem>"``; the parts are also attributes.

    Attributes
    ----------
    path : str
        The file.
    problem : str
        What is wrong, naming the file.

    Examples
    --------
    >>> try:
    ...     read_bytes_bounded("/dev/null", 10, "reader()")
    ... except FileRefusedError as exc:
    ...     print(exc.problem)
    '/dev/null' is a character device; only regular files are read
    """

    def __init__(self, caller: str, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{caller}: {problem}")


def file_kind(mode: int) -> str:
    """What an ``st_mode`` describes, in words.

    Examples
    --------
    >>> file_kind(os.stat(".").st_mode), file_kind(0o100644)
    ('a directory', 'a regular file')
    """
    mode = check_int(mode, "mode", "file_kind()", low=0, high=2**32 - 1)
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


#: Bytes read at a time.
_CHUNK = 1 << 20


def writable_path(path: str | os.PathLike[str], caller: str) -> str:
    """``path`` as text, checked before anything is written to it.

    A path that names something other than a regular file -- a device such as
    ``/dev/zero``, a FIFO (writing would wait for a reader), a directory -- is
    refused: the writers of leverage replace or overwrite files, never devices.

    Raises
    ------
    TypeError
        If ``path`` is not a str or os.PathLike naming text.
    ValueError
        If it is empty or holds a NUL character.
    FileRefusedError
        If it exists and is not a regular file.

    Examples
    --------
    >>> writable_path("/dev/null", "writer()")
    Traceback (most recent call last):
    ...
    leverage.io.files.FileRefusedError: writer(): '/dev/null' is a character device; only regular files are written
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{caller}: path must be a str or os.PathLike; got {type(path).__name__}")
    name = os.fspath(path)
    if not isinstance(name, str):
        raise TypeError(f"{caller}: path must be text, not {type(name).__name__}")
    if not name or "\x00" in name:
        raise ValueError(f"{caller}: path must be a non-empty file name without NUL characters; got {name!r}")
    try:
        mode = os.stat(name).st_mode
    except (OSError, ValueError):  # nothing there yet (or unreadable): the write itself reports
        return name
    if not stat.S_ISREG(mode):
        raise FileRefusedError(caller, name, f"{name!r} is {file_kind(mode)}; only regular files are written")
    return name


def _check_limit(limit: object, caller: str) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"{caller}: limit must be a positive integer number of bytes; got {limit!r}")
    return limit


def read_bytes_bounded(path: str | os.PathLike[str], limit: int, caller: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is refused at once.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    limit : int
        Largest accepted size in bytes.
    caller : str
        The public function reading the file, such as ``"load_scenario()"``;
        every error message starts with it.

    Returns
    -------
    bytes

    Raises
    ------
    TypeError
        If ``path`` is not a path.
    FileNotFoundError, PermissionError, OSError
        If the file cannot be opened.
    FileRefusedError
        If ``path`` is not a regular file (a device, FIFO, socket or
        directory), or the file has more than ``limit`` bytes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "small.txt"
    >>> _ = path.write_bytes(b"twelve bytes")
    >>> read_bytes_bounded(path, 100, "reader()")
    b'twelve bytes'
    >>> read_bytes_bounded(path, 10, "reader()")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    leverage.io.files.FileRefusedError: reader(): the file '.../small.txt' has more than 10 bytes (the limit)
    >>> read_bytes_bounded("/dev/zero", 10, "reader()")
    Traceback (most recent call last):
    ...
    leverage.io.files.FileRefusedError: reader(): '/dev/zero' is a character device; only regular files are read
    """
    limit = _check_limit(limit, caller)
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{caller}: path must be a str or os.PathLike; got {type(path).__name__}")
    name = os.fspath(path)
    if not isinstance(name, str):
        raise TypeError(f"{caller}: path must be text, not {type(name).__name__}")
    try:
        mode = os.stat(name).st_mode
    except ValueError:  # a NUL byte in the name
        raise FileNotFoundError(f"{caller}: no such file: {name!r}") from None
    except OSError as exc:
        raise type(exc)(exc.errno, f"{caller}: cannot read {name!r}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise FileRefusedError(caller, name, f"{name!r} is {file_kind(mode)}; only regular files are read")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        raise type(exc)(exc.errno, f"{caller}: cannot read {name!r}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):  # replaced between the check and the open
            raise FileRefusedError(caller, name, f"{name!r} is {file_kind(mode)}; only regular files are read")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:  # in pieces, never a buffer of limit bytes up front; ends at limit + 1 or EOF
            chunk = handle.read(min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        data = b"".join(chunks)
    if len(data) > limit:
        raise FileRefusedError(caller, name, f"the file {name!r} has more than {limit} bytes (the limit)")
    return data


def read_text_bounded(
    path: str | os.PathLike[str],
    limit: int,
    caller: str,
    encoding: str = "utf-8",
    fallback: str | None = None,
) -> str:
    """The text of a regular file of at most ``limit`` bytes (see :func:`read_bytes_bounded`).

    Parameters
    ----------
    path, limit, caller
        As for :func:`read_bytes_bounded`.
    encoding : str
        How the bytes are decoded (default UTF-8; ``"utf-8-sig"`` also drops
        a byte-order mark).
    fallback : str, optional
        A second encoding tried when the first fails (``"latin-1"`` accepts
        any bytes).

    Raises
    ------
    FileRefusedError
        As :func:`read_bytes_bounded`, or if the bytes are not text in
        ``encoding`` (and ``fallback``); the message gives the offset of the
        first bad byte.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "names.txt"
    >>> _ = path.write_bytes("Lynas, Kuantan".encode())
    >>> read_text_bounded(path, 1000, "reader()")
    'Lynas, Kuantan'
    """
    for label, codec in (("encoding", encoding), ("fallback", fallback)):
        if codec is None and label == "fallback":
            continue
        if not isinstance(codec, str):
            raise TypeError(f"{caller}: {label} must be the name of a text encoding; got {codec!r}")
        try:
            codecs.lookup(codec)
        except (LookupError, ValueError):
            raise ValueError(f"{caller}: unknown {label} {codec!r}") from None
    data = read_bytes_bounded(path, limit, caller)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if fallback is not None:
            return data.decode(fallback)
        name = os.fspath(path)
        raise FileRefusedError(caller, str(name), f"the file {name!r} is not {encoding.upper()} text (byte {exc.start})") from None
