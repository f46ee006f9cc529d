"""Gambit's strategic-game (``.nfg``) file format.

Gambit stores an n-player normal-form game as plain text in one of two
versions, both read by :func:`read_nfg` and written by :func:`write_nfg`.

*Payoff version*::

    NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
    { "Player 1" "Player 2" } { 3 2 }

    1 1 0 2 0 2 1 1 0 3 2 0

After the header ``NFG 1 R``, the title and the quoted player names come the
numbers of strategies of each player, an optional quoted comment, and then
the payoffs: for every pure profile, the payoffs of all players in player
order, the profiles listed with the *first* player's strategy changing
fastest.

*Outcome version*::

    NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

    { { "1" "2" "3" } { "1" "2" } }

    { { "" 1, 1 } { "" 0, 2 } { "" 0, 2 } { "" 1, 1 } { "" 0, 3 } { "" 2, 0 } }
    1 2 3 4 5 6

Strategies are given by name; a list of outcomes follows (a quoted name and
one payoff per player, optionally separated by commas), then one outcome
number per profile in the same order as above. Outcome ``0`` is the *null*
outcome, paying 0 to every player; outcome ``k`` is the ``k``-th of the list.

Like Gambit's own reader, :func:`read_nfg` accepts either strategy list
(numbers or names) with either body (payoffs or outcomes).

Lexical rules
-------------
Whitespace separates tokens and is otherwise insignificant. Strings are
double-quoted; inside them ``\\"`` stands for a quote and ``\\\\`` for a
backslash (any other backslash is kept as written). Numbers are integers
(``3``, ``-2``, ``+1``), decimals (``1.5``, ``-.25``, ``1e-3``,
``2.5E+2``) or rationals (``3/2``). Numbers are converted exactly: rationals
with :class:`fractions.Fraction`, decimals with :func:`float`, each rounded
once to the nearest double; nothing is ever evaluated as code.

References
----------
The Gambit Project, *Gambit documentation*, "Game representation formats":
"The strategic game (.nfg) file format, payoff version" and "The strategic
game (.nfg) file format, outcome version".
https://gambitproject.readthedocs.io/en/latest/formats.html
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Literal, overload

import numpy as np

from leverage.game import Game
from leverage.io.files import read_text_bounded, writable_path

__all__ = ["read_nfg", "write_nfg", "MAX_NFG_BYTES"]

#: Largest ``.nfg`` file (or text) read, in bytes (4 MiB: some 500,000 payoffs).
MAX_NFG_BYTES: int = 4 * 2**20

_READ = "read_nfg()"
_WRITE = "write_nfg()"

_FORMS = ("payoff", "outcome")

# A number token: a rational p/q, or an integer/decimal with optional exponent.
_NUMBER_RE = re.compile(r"[+-]?(?:\d+/\d+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)")
_INTEGER_RE = re.compile(r"\+?\d+")
# A quoted string; escapes are a backslash followed by any character.
_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
# A bare word: everything up to whitespace, a brace, a comma or a quote.
_WORD_RE = re.compile(r'[^\s{},"]+')
_SPACE_RE = re.compile(r"\s*")
# Text (rather than a path) is recognised by its header keyword.
_TEXT_RE = re.compile(r"\s*NFG(?:\s|$)")

# Integers below this magnitude are written without a decimal point.
_EXACT_INT_LIMIT = 2.0**53


# ---------------------------------------------------------------------- lexer
@dataclass(frozen=True)
class _Token:
    kind: str  # "{", "}", ",", "string", "number", "word" or "end"
    text: str
    pos: int

    def describe(self) -> str:
        if self.kind == "end":
            return "the end of the file"
        if self.kind == "string":
            return f"the string {_quote(self.text)}"
        return repr(self.text)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _position(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def _unescape(body: str) -> str:
    return _ESCAPE_RE.sub(lambda m: m.group(1) if m.group(1) in '"\\' else m.group(0), body)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    n = len(text)
    while True:
        pos = _SPACE_RE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= n:
            tokens.append(_Token("end", "", pos))
            return tokens
        c = text[pos]
        if c in "{},":
            tokens.append(_Token(c, c, pos))
            pos += 1
        elif c == '"':
            m = _STRING_RE.match(text, pos)
            if m is None:
                raise ValueError(f"{_READ}: {_position(text, pos)}: unterminated string (no closing '\"')")
            tokens.append(_Token("string", _unescape(m.group(1)), pos))
            pos = m.end()
        else:
            m = _WORD_RE.match(text, pos)
            assert m is not None  # c is neither whitespace nor punctuation
            word = m.group(0)
            kind = "number" if _NUMBER_RE.fullmatch(word) else "word"
            tokens.append(_Token(kind, word, pos))
            pos = m.end()


# ---------------------------------------------------------------------- parser
class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def fail(self, token: _Token, message: str) -> ValueError:
        return ValueError(f"{_READ}: {_position(self.text, token.pos)}: {message}")

    def expect(self, kind: str, what: str) -> _Token:
        token = self.take()
        if token.kind != kind:
            raise self.fail(token, f"expected {what}, found {token.describe()}")
        return token

    def number(self, token: _Token, what: str) -> float:
        if token.kind != "number":
            raise self.fail(token, f"expected a {what} (a number), found {token.describe()}")
        text = token.text
        try:
            value = float(Fraction(text)) if "/" in text else float(text)
        except ZeroDivisionError:
            raise self.fail(token, f"{what} {text} divides by zero") from None
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            raise self.fail(token, f"{what} {text} is too large to be represented as a float")
        return value

    def count(self, token: _Token, what: str, minimum: int) -> int:
        if token.kind != "number" or not _INTEGER_RE.fullmatch(token.text) or int(token.text) < minimum:
            kind = "a positive" if minimum > 0 else "a non-negative"
            raise self.fail(token, f"expected {what} ({kind} integer), found {token.describe()}")
        return int(token.text)


@dataclass
class _Parsed:
    title: str
    comment: str
    players: list[str]
    counts: list[int]
    strategies: list[list[str]] | None
    payoffs: list[np.ndarray]


def _parse(text: str) -> _Parsed:
    p = _Parser(text)

    # --- header: NFG 1 R "title"
    token = p.take()
    if token.kind != "word" or token.text != "NFG":
        raise p.fail(token, f"expected the header 'NFG 1 R', found {token.describe()}")
    token = p.take()
    if token.kind != "number":
        raise p.fail(token, f"expected the version number 1 after 'NFG', found {token.describe()}")
    if token.text != "1":
        raise p.fail(token, f"unsupported NFG version {token.describe()}; only version 1 is defined")
    token = p.take()
    if token.kind != "word" or token.text not in ("R", "D"):
        raise p.fail(token, f"expected the data type 'R' after 'NFG 1', found {token.describe()}")
    title = p.expect("string", "the game title (a quoted string)").text

    # --- players
    p.expect("{", "'{' opening the list of players")
    players: list[str] = []
    while p.peek().kind == "string":
        players.append(p.take().text)
    closing = p.expect("}", "a player name (a quoted string) or '}'")
    if not players:
        raise p.fail(closing, "the list of players is empty")
    n = len(players)

    # --- strategies: either { m1 m2 ... } or { { "a" "b" } { ... } ... }
    opening = p.expect("{", "'{' opening the strategies (numbers of strategies or lists of names)")
    counts: list[int] = []
    strategies: list[list[str]] | None = None
    if p.peek().kind == "{":
        strategies = []
        while p.peek().kind == "{":
            p.take()
            names: list[str] = []
            while p.peek().kind == "string":
                names.append(p.take().text)
            closing = p.expect("}", "a strategy name (a quoted string) or '}'")
            if not names and len(strategies) < n:
                raise p.fail(closing, f"player {_quote(players[len(strategies)])} has no strategies")
            strategies.append(names)
        p.expect("}", "'{' or '}' in the lists of strategy names")
        counts = [len(names) for names in strategies]
        what = "strategy names"
    else:
        while p.peek().kind != "}":
            counts.append(p.count(p.take(), "a number of strategies", minimum=1))
        p.take()
        what = "numbers of strategies"
    if len(counts) != n:
        raise p.fail(
            opening,
            f"strategy count mismatch: the file names {_plural(n, 'player')} "
            f"but gives {what} for {len(counts)}",
        )

    # --- optional comment
    comment = p.take().text if p.peek().kind == "string" else ""

    # --- body
    n_profiles = math.prod(counts)
    token = p.peek()
    if token.kind == "{":
        flat = _parse_outcome_body(p, n, n_profiles)
    elif token.kind == "number":
        flat = _parse_payoff_body(p, n, n_profiles)
    else:
        raise p.fail(token, f"expected the payoffs (numbers) or a list of outcomes ('{{'), found {token.describe()}")

    # flat[k, i] is player i's payoff at the k-th profile, first player fastest
    shape = tuple(counts)
    payoffs = [flat[:, i].reshape(shape, order="F") for i in range(n)]
    return _Parsed(title, comment, players, counts, strategies, payoffs)


def _parse_payoff_body(p: _Parser, n: int, n_profiles: int) -> np.ndarray:
    values: list[float] = []
    while p.peek().kind != "end":
        values.append(p.number(p.take(), "payoff"))
    expected = n_profiles * n
    if len(values) != expected:
        raise ValueError(
            f"{_READ}: expected {_plural(expected, 'payoff')} for {_plural(n_profiles, 'profile')} "
            f"x {_plural(n, 'player')}, found {len(values)}"
        )
    return np.array(values, dtype=float).reshape(n_profiles, n)


def _parse_outcome_body(p: _Parser, n: int, n_profiles: int) -> np.ndarray:
    p.take()  # the '{' opening the list of outcomes
    outcomes: list[list[float]] = [[0.0] * n]  # outcome 0: the null outcome
    while p.peek().kind == "{":
        opening = p.take()
        number = len(outcomes)
        p.expect("string", f"the name of outcome {number} (a quoted string)")
        values: list[float] = []
        while p.peek().kind not in ("}", "end"):
            token = p.take()
            if token.kind == ",":
                continue
            values.append(p.number(token, f"payoff of outcome {number}"))
        p.expect("}", f"'}}' closing outcome {number}")
        if len(values) != n:
            raise p.fail(
                opening,
                f"outcome {number} has {_plural(len(values), 'payoff')} but the game has {_plural(n, 'player')}",
            )
        outcomes.append(values)
    p.expect("}", "'{' opening an outcome or '}' closing the list of outcomes")
    n_outcomes = len(outcomes) - 1

    indices: list[int] = []
    while p.peek().kind != "end":
        token = p.take()
        k = p.count(token, "an outcome number", minimum=0)
        if k > n_outcomes:
            raise p.fail(
                token,
                f"outcome index {k} (profile {len(indices) + 1}) is out of range: "
                f"the file defines {_plural(n_outcomes, 'outcome')}",
            )
        indices.append(k)
    if len(indices) != n_profiles:
        raise ValueError(
            f"{_READ}: expected {n_profiles} outcome {'index' if n_profiles == 1 else 'indices'} "
            f"for {_plural(n_profiles, 'profile')}, found {len(indices)}"
        )
    table = np.array(outcomes, dtype=float)
    return table[np.array(indices, dtype=np.intp)]


def _tidy_names(names: Sequence[str], defaults: Sequence[str]) -> tuple[str, ...]:
    """Replace empty names by defaults, then make repeated names distinct (``x`` -> ``x_1``, ``x_2``)."""
    filled = [name if name else default for name, default in zip(names, defaults)]
    repeats = Counter(filled)
    used = set(filled)
    seen: dict[str, int] = {}
    out = []
    for name in filled:
        if repeats[name] == 1:
            out.append(name)
            continue
        while True:
            seen[name] = seen.get(name, 0) + 1
            candidate = f"{name}_{seen[name]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return tuple(out)


def _read_source(source: object, max_bytes: int) -> str:
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ValueError(f"{_READ}: max_bytes must be a positive integer; got {max_bytes!r}")
    if isinstance(source, str) and _TEXT_RE.match(source):
        if len(source) > max_bytes:
            raise ValueError(f"{_READ}: the text has {len(source)} characters, more than max_bytes = {max_bytes}")
        return source
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(
            f"{_READ}: expected a path (str or os.PathLike) or the text of an .nfg file; "
            f"got {type(source).__name__}"
        )
    path = Path(source)
    try:
        is_file = path.is_file()  # os.stat: never opens the path, so a FIFO or a device cannot block
    except (OSError, ValueError):  # e.g. a name too long or with a NUL byte
        is_file = False
    if not is_file:
        if isinstance(source, str):
            shown = source if len(source) <= 60 else source[:57] + "..."
            raise FileNotFoundError(
                f"{_READ}: {shown!r} is neither an existing file nor the text of an .nfg file "
                f"(which starts with 'NFG 1 R')"
            )
        raise FileNotFoundError(f"{_READ}: no such file: {os.fspath(source)!r}")
    return read_text_bounded(path, max_bytes, _READ, encoding="utf-8-sig", fallback="latin-1")


@overload
def read_nfg(source: str | os.PathLike[str], *, with_title: Literal[False] = ..., max_bytes: int = ...) -> Game: ...


@overload
def read_nfg(
    source: str | os.PathLike[str], *, with_title: Literal[True], max_bytes: int = ...
) -> tuple[Game, str]: ...


def read_nfg(
    source: str | os.PathLike[str], *, with_title: bool = False, max_bytes: int = MAX_NFG_BYTES
) -> Game | tuple[Game, str]:
    """Read a game in Gambit's ``.nfg`` format (payoff or outcome version).

    Parameters
    ----------
    source : str or os.PathLike
        The path of an ``.nfg`` file, or the text itself: a string whose first
        non-whitespace characters are the word ``NFG`` (followed by whitespace)
        is taken as the text.
    with_title : bool, default False
        Also return the game's title.
    max_bytes : int, default :data:`MAX_NFG_BYTES` (4 MiB)
        Refuse a file of more bytes (or a text of more characters). Only
        regular files are read: a device or a FIFO is refused before it is
        opened.

    Returns
    -------
    Game or (Game, str)
        The game, with the file's player names and strategy names; with
        ``with_title=True``, the pair ``(game, title)``. The comment field is
        read and discarded.

    Raises
    ------
    TypeError
        If ``source`` is neither a string nor a path, or ``with_title`` is not
        a bool.
    FileNotFoundError
        If ``source`` is neither an existing regular file nor ``.nfg`` text.
    ValueError
        If the file or text is larger than ``max_bytes``, or the text is malformed; the message gives the line and column and
        says what was expected, e.g. a wrong header, an unterminated string,
        a strategy count that does not match the number of players, an outcome
        index out of range, or the wrong number of payoffs.

    Notes
    -----
    *Names.* When the file gives only numbers of strategies (the payoff
    version), the strategies get leverage's default names ``"s1"``,
    ``"s2"``, ... (Gambit itself calls them ``"1"``, ``"2"``, ...), so that a
    game with default names survives :func:`write_nfg` and :func:`read_nfg`
    unchanged. Empty player or strategy names (``""``), which Gambit allows,
    are replaced by the defaults (``"Player 2"``, ``"s3"``); names that
    repeat within a list, which :class:`~leverage.Game` does not allow, are
    made distinct as Gambit does, by suffixes: ``"x"``, ``"x"`` become
    ``"x_1"``, ``"x_2"``.

    *Numbers.* Payoffs are stored as floats; a rational such as ``1/3`` is
    rounded once to the nearest float.

    Files are decoded as UTF-8 (a byte-order mark is skipped), falling back to
    Latin-1.

    References
    ----------
    The Gambit Project, *Gambit documentation*, "Game representation
    formats": "The strategic game (.nfg) file format, payoff version" and
    "... outcome version". https://gambitproject.readthedocs.io/en/latest/formats.html

    Examples
    --------
    The payoff version (Gambit's example file ``e02.nfg``):

    >>> g, title = read_nfg('''NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
    ... { "Player 1" "Player 2" } { 3 2 }
    ...
    ... 1 1 0 2 0 2 1 1 0 3 2 0''', with_title=True)
    >>> title
    'Selten (IJGT, 75), Figure 2, normal form'
    >>> g.payoffs[0]
    array([[1., 1.],
           [0., 0.],
           [0., 2.]])
    >>> g.strategies
    (('s1', 's2', 's3'), ('s1', 's2'))

    The outcome version, with named strategies and a null outcome (``0``):

    >>> g = read_nfg('''NFG 1 R "Chicken" { "Row" "Column" }
    ... { { "Swerve" "Straight" } { "Swerve" "Straight" } } ""
    ... { { "tie" 0, 0 } { "Row wins" 1, -1 } { "Column wins" -1, 1 } }
    ... 0 2 3 1''')
    >>> g.strategies[0]
    ('Swerve', 'Straight')
    >>> g.payoffs[0]
    array([[ 0., -1.],
           [ 1.,  0.]])
    """
    if not isinstance(with_title, bool):
        raise TypeError(f"{_READ}: with_title must be True or False; got {with_title!r}")
    parsed = _parse(_read_source(source, max_bytes))
    players = _tidy_names(parsed.players, [f"Player {i + 1}" for i in range(len(parsed.players))])
    strategies = None
    if parsed.strategies is not None:
        strategies = tuple(
            _tidy_names(names, [f"s{k + 1}" for k in range(len(names))]) for names in parsed.strategies
        )
    game = Game(parsed.payoffs, players=players, strategies=strategies)
    return (game, parsed.title) if with_title else game


# ---------------------------------------------------------------------- writer
def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _format_number(value: float) -> str:
    """Shortest exact text for a float: an integer when it is one, else ``repr``."""
    if value.is_integer() and abs(value) < _EXACT_INT_LIMIT:
        return str(int(value))
    return repr(value)


def write_nfg(
    game: Game,
    path: str | os.PathLike[str] | None = None,
    title: str = "",
    form: Literal["payoff", "outcome"] = "payoff",
) -> str:
    """Write a game in Gambit's ``.nfg`` format.

    Parameters
    ----------
    game : Game
        The game.
    path : str or os.PathLike, optional
        If given, the text is also written to this file (UTF-8, overwritten).
    title : str, default ""
        The game's title.
    form : {"payoff", "outcome"}, default "payoff"
        ``"payoff"``: the payoffs of every profile listed in full.
        ``"outcome"``: strategy names, a list of the distinct payoff vectors
        (outcomes, numbered in order of first appearance) and one outcome
        number per profile -- the version Gambit itself writes.

    Returns
    -------
    str
        The text of the file.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`~leverage.Game`, ``title`` or ``form``
        is not a string, or ``path`` is not a path.
    ValueError
        If ``form`` is not ``"payoff"`` or ``"outcome"``.

    Notes
    -----
    Numbers are written exactly: integral payoffs as integers (``3``), others
    with :func:`repr` (``0.1``, ``1e-05``), which reads back as the same
    float; Gambit's reader accepts both.

    In the payoff version the strategies are given by their numbers when they
    carry leverage's default names (``"s1"``, ``"s2"``, ...), as in Gambit's
    documentation, and by name otherwise -- a strategy list that Gambit's
    reader also accepts -- so that :func:`read_nfg` restores the same game
    from either version.

    In names and the title, ``"`` is written ``\\"`` and ``\\`` is written
    ``\\\\``.

    References
    ----------
    The Gambit Project, *Gambit documentation*, "Game representation
    formats". https://gambitproject.readthedocs.io/en/latest/formats.html

    Examples
    --------
    >>> from leverage import Game
    >>> g = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1.5]])
    >>> print(write_nfg(g, title="Prisoner's dilemma"))
    NFG 1 R "Prisoner's dilemma" { "Player 1" "Player 2" } { 2 2 }
    <BLANKLINE>
    3 3 5 0 0 5 1 1.5
    <BLANKLINE>
    >>> print(write_nfg(g, form="outcome"))
    NFG 1 R "" { "Player 1" "Player 2" }
    <BLANKLINE>
    { { "s1" "s2" }
    { "s1" "s2" }
    }
    ""
    <BLANKLINE>
    {
    { "" 3, 3 }
    { "" 5, 0 }
    { "" 0, 5 }
    { "" 1, 1.5 }
    }
    1 2 3 4
    <BLANKLINE>
    >>> read_nfg(write_nfg(g)) == g
    True
    """
    if not isinstance(game, Game):
        raise TypeError(f"{_WRITE}: game must be a leverage.Game; got {type(game).__name__}")
    if not isinstance(title, str):
        raise TypeError(f"{_WRITE}: title must be a string; got {type(title).__name__}")
    if not isinstance(form, str):
        raise TypeError(f"{_WRITE}: form must be 'payoff' or 'outcome'; got {type(form).__name__}")
    if form not in _FORMS:
        raise ValueError(f"{_WRITE}: unknown form {form!r}; use 'payoff' or 'outcome'")
    target = None if path is None else writable_path(path, _WRITE)

    n = game.n_players
    # rows[k] holds the payoffs of all players at the k-th profile (first player fastest)
    stacked = np.stack(game.payoffs, axis=0)
    rows = stacked.reshape(n, -1, order="F").T
    players = " ".join(_quote(name) for name in game.players)
    header = f"NFG 1 R {_quote(title)} {{ {players} }}"
    default_names = all(
        names == tuple(f"s{k + 1}" for k in range(m)) for names, m in zip(game.strategies, game.shape)
    )

    if form == "payoff":
        if default_names:
            strategies = "{ " + " ".join(str(m) for m in game.shape) + " }"
        else:
            strategies = "{ " + " ".join(_strategy_list(names) for names in game.strategies) + " }"
        body = " ".join(_format_number(float(v)) for v in rows.ravel())
        text = f"{header} {strategies}\n\n{body}\n"
    else:
        lines = [header, "", "{ " + "\n".join(_strategy_list(names) for names in game.strategies), "}", '""', "", "{"]
        numbers: dict[tuple[str, ...], int] = {}
        indices = []
        for row in rows:
            key = tuple(_format_number(float(v)) for v in row)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                lines.append('{ "" ' + ", ".join(key) + " }")
            indices.append(numbers[key])
        lines.append("}")
        lines.append(" ".join(str(k) for k in indices))
        text = "\n".join(lines) + "\n"

    if target is not None:
        Path(target).write_text(text, encoding="utf-8")
    return text


def _strategy_list(names: Sequence[str]) -> str:
    return "{ " + " ".join(_quote(name) for name in names) + " }"
