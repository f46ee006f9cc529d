"""A small TOML writer: strings, numbers, booleans, arrays and nested tables.

:func:`dumps_toml` writes what :mod:`tomllib` reads back equal;
:func:`toml_string` quotes one string and :func:`dotted_key` joins a dotted
key path as TOML would (both are used in the messages of
:mod:`leverage.io.scenario`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["dumps_toml", "toml_string", "dotted_key"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def dotted_key(prefix: str, key: str) -> str:
    """A dotted key path, ``prefix.key``, quoting ``key`` as TOML would.

    Raises
    ------
    TypeError
        If ``prefix`` or ``key`` is not a string.

    Examples
    --------
    >>> dotted_key("parameters", "rent"), dotted_key("games", "my game"), dotted_key("", "x")
    ('parameters.rent', 'games."my game"', 'x')
    """
    if not isinstance(prefix, str) or not isinstance(key, str):
        raise TypeError(f"dotted_key(): prefix and key must be strings; got {prefix!r} and {key!r}")
    part = key if _BARE_KEY.match(key) else toml_string(key)
    return f"{prefix}.{part}" if prefix else part


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(text: str) -> str:
    r"""A TOML basic string; control characters are escaped.

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    ValueError
        If ``text`` holds a lone surrogate, which TOML cannot hold.

    Examples
    --------
    >>> print(toml_string('say "hi"\tnow'))
    "say \"hi\"\tnow"
    """
    if not isinstance(text, str):
        raise TypeError(f"toml_string(): text must be a string; got {type(text).__name__}")
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:
            raise ValueError(f"the string {text!r} contains a lone surrogate, which TOML cannot hold")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)  # the shortest text that reads back as the same float
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write a value of type {type(value).__name__} to TOML")


def _toml_table(lines: list[str], prefix: tuple[str, ...], table: Mapping[str, Any]) -> None:
    scalars = [(k, v) for k, v in table.items() if not isinstance(v, Mapping)]
    tables = [(k, v) for k, v in table.items() if isinstance(v, Mapping)]
    if prefix and (scalars or not tables):
        if lines:
            lines.append("")
        lines.append("[" + ".".join(dotted_key("", k) for k in prefix) + "]")
    for k, v in scalars:
        lines.append(f"{dotted_key('', k)} = {_toml_value(v)}")
    for k, v in tables:
        _toml_table(lines, prefix + (k,), v)


def dumps_toml(data: Mapping[str, Any]) -> str:
    """Write a mapping as TOML: strings, numbers, booleans, arrays and nested tables.

    Floats are written with :func:`repr`, the shortest text that reads back
    as the same float, so ``tomllib.loads(dumps_toml(d)) == d`` for such data
    (with tuples read back as lists).

    Examples
    --------
    >>> print(dumps_toml({"a": {"x": 1.0, "label": 'say "hi"\\n'}, "b": [[1, 2], [3]]}))
    b = [[1, 2], [3]]
    <BLANKLINE>
    [a]
    x = 1.0
    label = "say \\"hi\\"\\n"
    <BLANKLINE>
    >>> import tomllib
    >>> tomllib.loads(dumps_toml({"t": {"v": 0.1 + 0.2}}))["t"]["v"] == 0.1 + 0.2
    True
    """
    if not isinstance(data, Mapping):
        raise TypeError(f"dumps_toml(): data must be a mapping (a TOML table); got {type(data).__name__}")
    lines: list[str] = []
    try:
        _toml_table(lines, (), data)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"dumps_toml(): {exc}") from None
    return "\n".join(lines) + "\n"
