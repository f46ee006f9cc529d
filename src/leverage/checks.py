"""Argument checks at the public boundary, written once: each error names the caller, the argument and the problem.

``caller`` is the public name as the user would write it, with its parentheses:
``"sobol()"``, ``"Game.is_nash()"``. Every check raises ``TypeError`` for a value
of the wrong kind and ``ValueError`` for one of the right kind but out of range;
:class:`UnknownNameError` (both a ``KeyError`` and a ``ValueError``) for a name
that is not one of the known ones.

Complex numbers are refused, never cast: numpy would drop the imaginary part
with only a warning.

Examples
--------
>>> check_int(3, "n", "sobol()", low=1)
3
>>> check_int(2.5, "n", "sobol()", low=1)
Traceback (most recent call last):
...
TypeError: sobol(): n must be an integer; got 2.5
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

__all__ = [
    "UnknownNameError",
    "check_callable",
    "check_choice",
    "check_flag",
    "check_int",
    "check_real",
    "check_rng",
    "check_seed",
    "check_strings",
    "real_array",
    "renamed",
]


class UnknownNameError(KeyError, ValueError):
    """A name (a parameter, an actor, a column) that is not among the known ones.

    It is a ``KeyError``, as a failed lookup, and a ``ValueError``, as a bad
    argument; its message is printed as written (a plain ``KeyError`` quotes it).

    Examples
    --------
    >>> err = UnknownNameError("actor(): unknown actor 'x'; known: china, us")
    >>> isinstance(err, KeyError), isinstance(err, ValueError), str(err)
    (True, True, "actor(): unknown actor 'x'; known: china, us")
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _is_real_scalar(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_int(value: Any, name: str, caller: str, low: int | None = None, high: int | None = None) -> int:
    """``value`` as an ``int`` in ``[low, high]``; bools, floats and strings are refused.

    Examples
    --------
    >>> check_int(np.int64(4), "levels", "morris()", low=2)
    4
    >>> check_int(1, "levels", "morris()", low=2)
    Traceback (most recent call last):
    ...
    ValueError: morris(): levels must be at least 2; got 1
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(f"{caller}: {name} must be an integer; got {value!r}")
    out = int(value)
    if low is not None and out < low:
        raise ValueError(f"{caller}: {name} must be at least {low}; got {out}")
    if high is not None and out > high:
        raise ValueError(f"{caller}: {name} must be at most {high:,}; got {out:,}")
    return out


def check_real(
    value: Any,
    name: str,
    caller: str,
    low: float | None = None,
    high: float | None = None,
    *,
    open_low: bool = False,
    finite: bool = True,
) -> float:
    """``value`` as a finite ``float`` in ``[low, high]`` (``(low, high]`` with ``open_low``).

    Examples
    --------
    >>> check_real(0.5, "discount", "RepeatedGame()", 0, 1, open_low=True)
    0.5
    >>> check_real(float("nan"), "discount", "RepeatedGame()", 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: RepeatedGame(): discount must be a finite number; got nan
    >>> check_real(1j, "discount", "RepeatedGame()")
    Traceback (most recent call last):
    ...
    TypeError: RepeatedGame(): discount must be a real number; got 1j
    """
    if not _is_real_scalar(value) and not (isinstance(value, np.ndarray) and value.ndim == 0
                                           and value.dtype.kind in "iuf"):
        raise TypeError(f"{caller}: {name} must be a real number; got {value!r}")
    out = float(value)
    if math.isnan(out) or (finite and math.isinf(out)):
        raise ValueError(f"{caller}: {name} must be a finite number; got {value!r}")
    if low is not None and (out <= low if open_low else out < low):
        if low == 0:
            bound = "positive" if open_low else "non-negative"
        else:
            bound = f"above {low}" if open_low else f"at least {low}"
        raise ValueError(f"{caller}: {name} must be {bound}; got {value!r}")
    if high is not None and out > high:
        raise ValueError(f"{caller}: {name} must be at most {high}; got {value!r}")
    return out


def real_array(
    values: Any, name: str, caller: str, *, ndim: int | tuple[int, ...] | None = None, finite: bool = True
) -> np.ndarray:
    """``values`` as a float array: real numbers only (booleans count as 0 and 1), ``ndim`` axes, finite.

    Examples
    --------
    >>> real_array([[1, 2], [3, 4]], "A", "link()", ndim=2)
    array([[1., 2.],
           [3., 4.]])
    >>> real_array([1, 2j], "weights", "link()")
    Traceback (most recent call last):
    ...
    TypeError: link(): weights holds complex numbers; it must be real
    >>> real_array([[1, 2], [3]], "A", "link()")
    Traceback (most recent call last):
    ...
    TypeError: link(): A is not a numeric array; got [[1, 2], [3]]
    """
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{caller}: {name} is not a numeric array; got {_short(values)}")
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError):  # ragged nesting
        raise TypeError(f"{caller}: {name} is not a numeric array; got {_short(values)}") from None
    entries = raw.ravel() if raw.dtype.kind == "O" else ()
    if raw.dtype.kind == "c" or any(isinstance(v, (complex, np.complexfloating)) for v in entries):
        raise TypeError(f"{caller}: {name} holds complex numbers; it must be real")
    if raw.dtype.kind in "USV" or any(isinstance(v, (str, bytes)) for v in entries):
        raise TypeError(f"{caller}: {name} is not a numeric array (it holds strings); got {_short(values)}")
    if raw.dtype.kind not in "biuf":
        try:
            raw = raw.astype(float)
        except (TypeError, ValueError):
            raise TypeError(f"{caller}: {name} is not a numeric array; got {_short(values)}") from None
    arr = raw.astype(float, copy=False)
    wanted = (ndim,) if isinstance(ndim, int) else ndim
    if wanted is not None and arr.ndim not in wanted:
        axes = " or ".join(str(k) for k in wanted)
        raise ValueError(f"{caller}: {name} must have {axes} dimension(s); got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{caller}: {name} has non-finite values (NaN or infinite)")
    return arr


def check_flag(value: Any, name: str, caller: str, *, allow_none: bool = False) -> bool | None:
    """``value`` as a ``bool`` (``True``/``False``, numpy's too; ``None`` only with ``allow_none``).

    A string such as ``"no"`` or an array is refused rather than read by its truth value.

    Examples
    --------
    >>> check_flag(np.True_, "legend", "plot_tornado()")
    True
    >>> check_flag("no", "legend", "plot_tornado()")
    Traceback (most recent call last):
    ...
    TypeError: plot_tornado(): legend must be True or False; got 'no'
    """
    if value is None and allow_none:
        return None
    if not isinstance(value, (bool, np.bool_)):
        alternatives = "True, False or None" if allow_none else "True or False"
        raise TypeError(f"{caller}: {name} must be {alternatives}; got {_short(value)}")
    return bool(value)


def check_choice(value: Any, name: str, caller: str, choices: Iterable[str]) -> str:
    """``value`` if it is one of the strings ``choices``.

    Raises
    ------
    TypeError
        If ``value`` is not a string.
    UnknownNameError
        If it is not one of ``choices`` (the message lists them).

    Examples
    --------
    >>> check_choice("pareto", "rule", "select()", ("first", "pareto"))
    'pareto'
    >>> check_choice("best", "rule", "select()", ("first", "pareto"))
    Traceback (most recent call last):
    ...
    leverage.checks.UnknownNameError: select(): rule must be one of 'first', 'pareto'; got 'best'
    """
    if isinstance(choices, str) or not isinstance(choices, Iterable):
        raise TypeError(f"{caller}: the choices for {name} must be a sequence of strings; got {choices!r}")
    options = tuple(choices)
    if not isinstance(value, str):
        raise TypeError(f"{caller}: {name} must be one of {', '.join(map(repr, options))}; got {_short(value)}")
    if value not in options:
        raise UnknownNameError(f"{caller}: {name} must be one of {', '.join(map(repr, options))}; got {value!r}")
    return value


def check_seed(seed: Any, caller: str, name: str = "seed") -> int | None:
    """A seed for :func:`numpy.random.default_rng`: None or a non-negative integer.

    Examples
    --------
    >>> check_seed(7, "sobol()"), check_seed(None, "sobol()")
    (7, None)
    >>> check_seed(-1, "sobol()")
    Traceback (most recent call last):
    ...
    ValueError: sobol(): seed must be at least 0; got -1
    """
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (numbers.Integral, np.integer)):
        raise TypeError(f"{caller}: {name} must be a non-negative integer or None; got {_short(seed)}")
    return check_int(seed, name, caller, low=0)


def check_rng(rng: Any, caller: str, seed: Any = None) -> np.random.Generator:
    """The random generator of a function that takes ``rng=`` (SPEC 7), with ``seed=`` kept as an alias.

    ``rng`` may be a :class:`numpy.random.Generator` (used as it is, so its
    state advances), a non-negative integer seed, or None (fresh entropy).
    ``seed``, the older name, may be given instead of ``rng``, never with it.

    Examples
    --------
    >>> a = check_rng(7, "sobol()").random()
    >>> b = check_rng(None, "sobol()", seed=7).random()
    >>> a == b == np.random.default_rng(7).random()
    True
    >>> g = np.random.default_rng(1)
    >>> check_rng(g, "sobol()") is g
    True
    >>> check_rng(1, "sobol()", seed=1)
    Traceback (most recent call last):
    ...
    TypeError: sobol(): give rng or its alias seed, not both
    >>> check_rng("x", "sobol()")
    Traceback (most recent call last):
    ...
    TypeError: sobol(): rng must be a numpy.random.Generator, a non-negative integer seed or None; got 'x'
    """
    if seed is not None:
        if rng is not None:
            raise TypeError(f"{caller}: give rng or its alias seed, not both")
        return np.random.default_rng(check_seed(seed, caller))
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is not None and (isinstance(rng, (bool, np.bool_)) or not isinstance(rng, (numbers.Integral, np.integer))):
        raise TypeError(
            f"{caller}: rng must be a numpy.random.Generator, a non-negative integer seed or None; got {_short(rng)}"
        )
    return np.random.default_rng(check_seed(rng, caller, "rng"))


@contextmanager
def renamed(inner: str | tuple[str, ...], caller: str) -> Iterator[None]:
    """Errors of the public function ``inner``, called on the user's behalf, name ``caller`` instead.

    A ``ValueError`` or ``TypeError`` whose message starts with ``inner`` (such
    as ``"equilibria():"``) is raised again with that prefix replaced by
    ``caller``: the user called ``caller`` and never saw ``inner``.

    Examples
    --------
    >>> with renamed("equilibria():", "bounded_equilibria():"):
    ...     raise ValueError("equilibria(): time_limit must be positive; got -1")
    Traceback (most recent call last):
    ...
    ValueError: bounded_equilibria(): time_limit must be positive; got -1
    """
    prefixes = (inner,) if isinstance(inner, str) else tuple(inner)
    try:
        yield
    except (TypeError, ValueError) as exc:
        message = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else None
        if message is not None and str(exc) == message:
            for prefix in prefixes:
                if message.startswith(prefix):
                    exc.args = (caller + message[len(prefix):],)
                    break
        raise


def check_strings(values: Any, name: str, caller: str) -> tuple[str, ...]:
    """``values`` as a tuple of strings (names): any iterable of strings, not a string itself.

    Examples
    --------
    >>> check_strings(["China", "US"], "players", "link()")
    ('China', 'US')
    >>> check_strings("China", "players", "link()")
    Traceback (most recent call last):
    ...
    TypeError: link(): players must be a sequence of names; got 'China'
    """
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{caller}: {name} must be a sequence of names; got {values!r}")
    out = tuple(values)
    if not all(isinstance(x, str) for x in out):
        raise TypeError(f"{caller}: {name} must hold strings; got {out!r}")
    return out


def check_callable(value: Any, name: str, caller: str) -> Callable[..., Any]:
    """``value`` if it is callable.

    Examples
    --------
    >>> check_callable(None, "outcome", "sobol()")
    Traceback (most recent call last):
    ...
    TypeError: sobol(): outcome must be a callable; got None
    """
    if not callable(value):
        raise TypeError(f"{caller}: {name} must be a callable; got {_short(value)}")
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
