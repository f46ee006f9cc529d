"""Scratch arrays kept from one chunk of games to the next, for :mod:`leverage.solvers.batch`.

Fresh memory is not free: every new page faults when it is first written,
and the C library hands arrays of more than a few hundred kilobytes back to
the operating system when they are freed, so a solver that allocates its
temporaries afresh for every chunk of games pays those faults on every chunk
(measured on a virtual machine: about 1 ns per byte, more than the arithmetic).
A :class:`Workspace` gives the same memory to the same named array on every
chunk. These are helpers, not public API: the module exports nothing.
"""

from __future__ import annotations

from math import prod

import numpy as np

__all__: list[str] = []


class Workspace:
    """Named scratch arrays, reused while their size allows.

    Examples
    --------
    >>> ws = Workspace()
    >>> a = ws.array("t", (2, 3))
    >>> b = ws.array("t", (2, 2))  # the same memory, a smaller C-contiguous view
    >>> np.shares_memory(a, b), b.flags.c_contiguous
    (True, True)
    """

    def __init__(self) -> None:
        self._buffers: dict[tuple[str, np.dtype], np.ndarray] = {}

    def array(self, name: str, shape: int | tuple[int, ...], dtype: type = np.float64) -> np.ndarray:
        """An uninitialised C-contiguous array of this shape, the same memory as the last one of this name and dtype.

        An array returned earlier under the same name is overwritten by the
        caller of this one: a name stands for one temporary at a time.
        """
        shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
        size, key = prod(shape), (name, np.dtype(dtype))
        buffer = self._buffers.get(key)
        if buffer is None or buffer.size < size:
            buffer = np.empty(size, dtype=dtype)
            self._buffers[key] = buffer
        return buffer[:size].reshape(shape)
