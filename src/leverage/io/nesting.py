"""How deeply a TOML text nests, found without parsing it.

Python's TOML parser (:mod:`tomllib`) recurses once per level of arrays and
inline tables, and takes time quadratic in the number of parts of a dotted
key: a small file can exhaust its recursion or its time. Readers check the
text with :func:`toml_nesting_problem` first, in one linear pass.
"""

from __future__ import annotations

import re

# Internal helpers, not in __all__ (other leverage modules import them by name and pass them data a public
# function has checked; they do not check it again): toml_nesting_problem.
__all__: list[str] = []

#: What the nesting scan stops at: string and comment openers, brackets, and what separates keys.
_EVENTS = re.compile(r"""\"\"\"|'''|["'#\[\]{}.,=\n]""")
#: The rest of a basic string (escapes allowed, on one line), and of a multi-line basic string.
_BASIC_REST = re.compile(r'(?:[^"\\\n]|\\.)*"')
_MULTILINE_REST = re.compile(r'(?:[^\\"]|\\.|"(?!""))*"""(?:""?)?', re.DOTALL)  # up to two more quotes end it


def toml_nesting_problem(text: str, max_depth: int, max_key_parts: int) -> str | None:
    """Why a TOML text nests deeper than ``max_depth`` or has a key of more than ``max_key_parts`` parts, or None.

    Counts the nesting of arrays and inline tables, and the parts of every
    dotted key, outside strings and comments, in one pass over the text and
    without parsing it (a parser would recurse, or take quadratic time, on
    what it is checking). A string left open ends the scan: the parser
    reports it.

    Examples
    --------
    >>> toml_nesting_problem('x = [[1.5, 2], ["]]]"]]  # "[[[" in a comment', 2, 8) is None
    True
    >>> toml_nesting_problem("x = " + "[" * 40 + "]" * 40, 32, 32)
    'arrays and inline tables are nested more than 32 levels deep at line 1'
    >>> toml_nesting_problem("a" + ".a" * 40 + " = 1", 32, 32)
    'a dotted key has more than 32 parts at line 1'
    """
    depth = dots = 0
    pos = 0
    for _ in range(len(text) + 1):  # every step moves past at least one character
        match = _EVENTS.search(text, pos)
        if match is None:
            return None
        token, pos = match.group(), match.end()
        if token == ".":
            dots += 1
            if dots >= max_key_parts:
                line = text.count("\n", 0, match.start()) + 1
                return f"a dotted key has more than {max_key_parts} parts at line {line}"
            continue
        if token in ('"', "'", '"""', "'''"):  # a string: skipped whole; a quoted key part keeps the count
            if token == '"':
                rest = _BASIC_REST.match(text, pos)
                end = rest.end() if rest else -1
            elif token == '"""':
                rest = _MULTILINE_REST.match(text, pos)
                end = rest.end() if rest else -1
            elif token == "'":
                close = text.find("'", pos)
                end = close + 1 if close >= 0 and "\n" not in text[pos:close] else -1
            else:  # ''' ends at the first ''', with up to two more quotes
                close = text.find(token, pos)
                end = -1 if close < 0 else close + 3
                while 0 <= end < min(len(text), close + 5) and text[end] == "'":
                    end += 1
            if end < 0:
                return None
            pos = end
            continue
        dots = 0
        if token == "#":
            newline = text.find("\n", pos)
            if newline < 0:
                return None
            pos = newline
        elif token in "[{":
            depth += 1
            if depth > max_depth:
                line = text.count("\n", 0, match.start()) + 1
                return f"arrays and inline tables are nested more than {max_depth} levels deep at line {line}"
        elif token in "]}":
            depth = max(0, depth - 1)
    return None  # pragma: no cover -- the loop ends when the text does
