"""Progress bars of the long computations (sweeps, sensitivity indices, regime maps, QRE paths).

:func:`progress_bar` is the one place where leverage talks to :mod:`tqdm`:
a context manager that yields a bar with an ``update(n)`` method. With
``enabled=False`` the bar does nothing and tqdm is not imported. With
``enabled=True`` but tqdm missing, one :class:`ProgressWarning` per process
says how to install it (``pip install 'leverage[progress]'``) and the
computation goes on without a bar.

The bars count the work itself -- draws of a sweep, evaluations of an
outcome, cells of a map, units of precision of a QRE path -- so that a
computation done in one piece still moves.

This module sits in the base layer: it imports only the standard library and
the other base modules; tqdm is imported inside :func:`progress_bar`.

Examples
--------
>>> with progress_bar(10, "demo", enabled=False) as bar:
...     bar.update(4)
...     bar.update(6)
>>> bar.n
10
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

__all__ = ["ProgressBar", "ProgressWarning", "progress_bar", "check_progress"]

#: The install hint shown when a progress bar is asked for without tqdm.
INSTALL_HINT = "pip install 'leverage[progress]'"

_warned = False
_warned_guard = threading.Lock()


class ProgressWarning(UserWarning):
    """A progress bar was asked for but :mod:`tqdm` is not installed (shown once per process).

    Examples
    --------
    >>> issubclass(ProgressWarning, UserWarning)
    True
    """


def check_progress(progress: Any, caller: str) -> bool:
    """``progress`` as a bool, or a ``TypeError`` naming ``caller`` (None counts as False).

    Examples
    --------
    >>> check_progress(None, "sweep()"), check_progress(True, "sweep()")
    (False, True)
    >>> check_progress("yes", "sweep()")
    Traceback (most recent call last):
    ...
    TypeError: sweep(): progress must be True, False or None; got 'yes'
    """
    if progress is None:
        return False
    if isinstance(progress, (bool, np.bool_)):
        return bool(progress)
    raise TypeError(f"{caller}: progress must be True, False or None; got {progress!r}")


class ProgressBar:
    """A progress bar: a :mod:`tqdm` bar when one is shown, else a silent counter.

    Attributes
    ----------
    n : float
        The work done so far (what the bar shows).
    total : float or None
        The work to do.
    updates : int
        How many times :meth:`update` moved the bar.

    Examples
    --------
    >>> bar = ProgressBar(None, total=3)
    >>> bar.update(1); bar.update(2); (bar.n, bar.updates)
    (3, 2)
    """

    def __init__(self, bar: Any, total: float | None, initial: float = 0) -> None:
        self.bar = bar
        self.total = total
        self.n = initial
        self.updates = 0

    def update(self, n: float = 1) -> None:
        """Add ``n`` units of work done (nothing when ``n`` is 0)."""
        if not n:
            return
        self.n += n
        self.updates += 1
        if self.bar is not None:
            self.bar.update(n)

    def extend(self, n: float) -> None:
        """Add ``n`` units to the work to do (work found along the way, as the cells of a refined map)."""
        self.total = n if self.total is None else self.total + n
        if self.bar is not None:
            self.bar.total = self.total
            self.bar.refresh()

    def advance_to(self, value: float) -> None:
        """Move the bar up to ``value`` (capped at ``total``); never backwards."""
        if self.total is not None:
            value = min(value, self.total)
        if value > self.n:
            self.update(value - self.n)


def _tqdm_class(stacklevel: int) -> Any:
    """``tqdm.auto.tqdm``, or None after warning once per process that tqdm is missing."""
    global _warned
    try:
        from tqdm.auto import tqdm
    except ImportError:
        with _warned_guard:
            first, _warned = not _warned, True
        if first:
            warnings.warn(
                f"progress=True needs tqdm, which is not installed: {INSTALL_HINT}; going on without a progress bar "
                "(this warning is shown once)",
                ProgressWarning,
                stacklevel=stacklevel + 3,  # this function, progress_bar, the context manager's __enter__
            )
        return None
    return tqdm


@contextmanager
def progress_bar(
    total: float | None,
    desc: str,
    enabled: bool,
    unit: str = "draw",
    *,
    initial: float = 0,
    stacklevel: int = 2,
) -> Iterator[ProgressBar]:
    """A progress bar over ``total`` units of work, closed on leaving (also on an error).

    Parameters
    ----------
    total : float or None
        The work to do (None: unknown, the bar counts up).
    desc : str
        The bar's label.
    enabled : bool
        Whether to show a bar; a disabled bar only counts.
    unit : str
        What is counted (``"draw"``, ``"evaluation"``, ``"cell"``, ...).
    initial : float
        Work already done (resumed from a checkpoint).
    stacklevel : int
        Where the missing-tqdm warning points, as in :func:`warnings.warn`
        called from the function that holds the ``with`` statement: 1 is
        that function, 2 (the default) its caller.

    Yields
    ------
    ProgressBar
        Call ``update(n)`` after each piece of work.

    Warns
    -----
    ProgressWarning
        Once per process, when ``enabled`` is True and tqdm is not installed.

    Examples
    --------
    >>> with progress_bar(100, "sweep", enabled=False, initial=40) as bar:
    ...     bar.update(60)
    >>> bar.n, bar.total
    (100, 100)
    """
    tqdm = _tqdm_class(stacklevel) if enabled else None
    inner = None if tqdm is None else tqdm(total=total, initial=initial, desc=desc, unit=unit)
    bar = ProgressBar(inner, total, initial)
    try:
        yield bar
    finally:
        if inner is not None:
            inner.close()
