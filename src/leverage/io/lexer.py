"""A tokenizer for Gambit's text formats: punctuation, quoted strings, numbers and words.

Errors name the caller, the line and the column. Numbers are read with
:class:`int` and :class:`fractions.Fraction` only (never evaluated), with bounds
on their length and exponent.

Examples
--------
>>> lexer = Lexer('EFG 2 R "A game" { "P1" }', "read_efg()")
>>> lexer.expect("word", "the header").text, lexer.integer("the version", 2), lexer.take().text
('EFG', 2, 'R')
>>> lexer.expect("string", "a title").text
'A game'
>>> Lexer('{ 1/3 }', "f()").take().kind
'{'
"""

from __future__ import annotations

import re
from fractions import Fraction

# Internal helpers, not in __all__ (other leverage modules import them by name and pass them data a public
# function has checked; they do not check it again): Lexer, Token, position, quote, unescape.
__all__ = [
    "Exact",
    "INTEGER_RE",
]

#: Numbers as read: integers or exact fractions.
Exact = int | Fraction

# Longer number tokens are refused; larger exponents are out of range.
_MAX_NUMBER_CHARS = 1_000
_MAX_EXPONENT = 10_000

# One token after optional whitespace: punctuation, a quoted string (an escape is a backslash and
# any character), a number (p/q, or an integer or decimal with an optional exponent), a bare word
# (up to whitespace, a brace, a comma or a quote), a lone quote (unterminated string), or the end.
TOKEN_RE = re.compile(
    r"""\s*(?:
      (?P<punct>[{},])
    | "(?P<string>(?:[^"\\]|\\.)*)"
    | (?P<number>[+-]?(?:\d+/\d+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(?=[\s{},"]|\Z))
    | (?P<word>[^\s{},"]+)
    | (?P<quote>")
    | (?P<end>\Z))""",
    re.VERBOSE | re.DOTALL,
)
INTEGER_RE = re.compile(r"[+-]?\d+")
ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)


class Token:
    """One token: its kind (``"{"``, ``"}"``, ``","``, ``"string"``, ``"number"``, ``"word"`` or ``"end"``), text and offset.

    Examples
    --------
    >>> Token("string", "Beer", 12).describe()
    'the string "Beer"'
    """

    __slots__ = ("kind", "text", "pos")

    def __init__(self, kind: str, text: str, pos: int) -> None:
        self.kind = kind  # "{", "}", ",", "string", "number", "word" or "end"
        self.text = text
        self.pos = pos

    def describe(self) -> str:
        if self.kind == "end":
            return "the end of the file"
        return f"the string {quote(self.text)}" if self.kind == "string" else repr(self.text)


def position(text: str, pos: int) -> str:
    """``"line L, column C"`` of offset ``pos`` in ``text`` (both from 1).

    Examples
    --------
    >>> position("EFG 2 R" + chr(10) + "{ }", 8)
    'line 2, column 1'
    """
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - text.rfind(chr(10), 0, pos)}"


def unescape(body: str) -> str:
    """The text of a quoted string: ``\\"`` and ``\\\\`` become ``"`` and ``\\``; other backslashes stay.

    Examples
    --------
    >>> print(unescape('say \\"no\\"'))
    say "no"
    """
    if "\\" not in body:
        return body
    return ESCAPE_RE.sub(lambda m: m.group(1) if m.group(1) in '"\\' else m.group(0), body)


def quote(text: str) -> str:
    """``text`` as a quoted string of Gambit's formats (the inverse of :func:`unescape`).

    Examples
    --------
    >>> print(quote('say "no"'))
    "say \\"no\\""
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Lexer:
    """Tokens of Gambit's text formats, made one at a time; errors name ``caller``, the line and column.

    Examples
    --------
    >>> lexer = Lexer("{ 1/2 x }", "read_efg()")
    >>> lexer.expect("{", "'{'").kind, lexer.number("a probability"), lexer.take().text
    ('{', Fraction(1, 2), 'x')
    >>> lexer.expect(",", "','")
    Traceback (most recent call last):
    ...
    ValueError: read_efg(): line 1, column 9: expected ',', found '}'
    """

    def __init__(self, text: str, caller: str) -> None:
        self.text = text
        self.caller = caller
        self.pos = 0
        self.current = self._scan()

    def fail(self, pos: int, message: str) -> ValueError:
        return ValueError(f"{self.caller}: {position(self.text, pos)}: {message}")

    def _scan(self) -> Token:
        m = TOKEN_RE.match(self.text, self.pos)
        assert m is not None and m.lastgroup is not None  # every character starts an alternative
        kind = m.lastgroup
        pos = m.start(kind)
        self.pos = m.end()
        if kind == "string":
            return Token("string", unescape(m.group("string")), pos - 1)  # at the opening quote
        if kind == "quote":
            raise self.fail(pos, "unterminated string (no closing '\"')")
        text = m.group(kind)
        return Token(text if kind == "punct" else kind, text, pos)

    def peek(self) -> Token:
        return self.current

    def take(self) -> Token:
        token = self.current
        if token.kind != "end":
            self.current = self._scan()
        return token

    def expect(self, kind: str, what: str) -> Token:
        token = self.take()
        if token.kind != kind:
            raise self.fail(token.pos, f"expected {what}, found {token.describe()}")
        return token

    def integer(self, what: str, minimum: int) -> int:
        token = self.take()
        text = token.text
        if token.kind != "number" or not INTEGER_RE.fullmatch(text) or len(text) > 18 or int(text) < minimum:
            kind = "a positive" if minimum > 0 else "a non-negative"
            raise self.fail(token.pos, f"expected {what} ({kind} integer), found {token.describe()}")
        return int(text)

    def number(self, what: str) -> Exact:
        token = self.take()
        if token.kind != "number":
            raise self.fail(token.pos, f"expected {what} (a number), found {token.describe()}")
        text = token.text
        if len(text) > _MAX_NUMBER_CHARS:
            raise self.fail(token.pos, f"{what} has more than {_MAX_NUMBER_CHARS} characters")
        if INTEGER_RE.fullmatch(text):
            return int(text)
        if "/" in text:
            numerator, denominator = text.split("/")
            if int(denominator) == 0:
                raise self.fail(token.pos, f"{what} {text} divides by zero")
            return Fraction(int(numerator), int(denominator))
        mantissa, _, exponent = text.lower().partition("e")
        if exponent and abs(int(exponent)) > _MAX_EXPONENT:
            if int(exponent) < 0 or Fraction(mantissa) == 0:
                return 0
            raise self.fail(token.pos, f"{what} {text} is too large to be represented as a float")
        return Fraction(text)


