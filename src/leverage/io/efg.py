"""Gambit's extensive-game (``.efg``) file format.

:func:`read_efg` reads a Gambit ``.efg`` file into an
:class:`~leverage.extensive.ExtensiveGame`; :func:`write_efg` writes one::

    EFG 2 R "Beer-quiche" { "Sender" "Receiver" }
    "an optional comment"
    c "" 1 "" { "weak" 1/10 "strong" 9/10 } 0
    p "" 1 1 "weak sender" { "beer" "quiche" } 0
    p "" 2 1 "after beer" { "duel" "decline" } 0
    t "" 1 "" { 0, 1 }
    ...

After the header, the title and the player names, the nodes follow in
preorder (a node, then the subtree of each child in action order):

- ``p "label" player infoset ["infoset name" { "action" ... }] outcome``, a
  decision of player number ``player`` (counting from 1);
- ``c "label" infoset ["infoset name" { "action" probability ... }] outcome``,
  a chance move;
- ``t "label" outcome``, a terminal;

where ``outcome`` is an outcome number followed, at least the first time, by
``"name" { payoff ... }`` (one payoff per player, commas optional); outcome
``0`` pays nothing. Information sets are numbered per player (chance is
player 0); their bracketed description is given at least the first time and,
if repeated, must match.

Versions
--------
Gambit reads and writes only version 2 of the format, with the data-type
letter ``R`` or ``D``. ``R`` is what current Gambit writes: exact numbers --
integers, decimals, rationals such as ``1/3``. ``D`` marked floating-point
data in Gambit 0.97 and earlier. Both are read, with any number form; both
are written (``write_efg(..., version="D")`` writes decimals only). The
``.dt1`` format that preceded ``.efg`` is not read by Gambit, nor here.

Lexical rules
-------------
As in :mod:`leverage.io.nfg`: whitespace is free; strings are double-quoted,
with ``\\"`` for a quote and ``\\\\`` for a backslash; numbers are integers,
decimals (``1.5``, ``-.25``, ``1e-3``) or rationals (``3/2``), converted with
:class:`fractions.Fraction` and never evaluated. Sums of payoffs along a path
are exact; each result is rounded once, to the nearest float.

References
----------
The Gambit Project, *Gambit documentation*, "Game representation formats":
"The extensive game (.efg) file format".
https://gambitproject.readthedocs.io/en/latest/formats.efg.html
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Literal, overload

from leverage.extensive.tree import ExtensiveGame
from leverage.io.files import read_text_bounded, writable_path
from leverage.io.lexer import Exact as _Exact, Lexer as _Lexer, position as _position, quote as _quote
from leverage.nodes import PATH_SEPARATOR, PROBABILITY_ATOL, Chance, Decision, Node, Terminal

__all__ = ["read_efg", "write_efg", "MAX_EFG_BYTES", "MAX_EFG_NODES", "MAX_EFG_DEPTH"]

_READ = "read_efg()"
_WRITE = "write_efg()"

#: Default bound on the size of what :func:`read_efg` reads (bytes of a file, characters of a text).
MAX_EFG_BYTES: int = 32 * 2**20

#: Default bound on the number of nodes :func:`read_efg` accepts.
MAX_EFG_NODES: int = 1_000_000

#: :func:`read_efg` refuses trees with a node more than this many moves from the root.
MAX_EFG_DEPTH: int = 1_000

# Node identifiers (paths) of a tree read may total at most this many characters.
_MAX_ID_CHARS = 2**27
# Gambit labels may contain "/", which leverage reserves for paths.
_SLASH_STANDIN = "|"

_TEXT_RE = re.compile(r"\s*EFG(?:\s|$)")


def _distinct(names: Sequence[str]) -> list[str]:
    """Make repeated names distinct by suffixes, as Gambit does: ``x``, ``x`` -> ``x_1``, ``x_2``."""
    repeats = Counter(names)
    used = set(names)
    seen: dict[str, int] = {}
    out = []
    for name in names:
        candidate = name
        while repeats[name] > 1 and candidate in used:  # ends: each pass tries a new suffix
            seen[name] = seen.get(name, 0) + 1
            candidate = f"{name}_{seen[name]}"
        used.add(candidate)
        out.append(candidate)
    return out


# ---------------------------------------------------------------------- parser
@dataclass(slots=True)
class _Infoset:
    player: int  # 0 for chance
    number: int
    name: str
    actions: tuple[str, ...]
    probs: tuple[_Exact, ...] | None
    pos: int

    def describe(self) -> str:
        text = f"name {_quote(self.name)}, actions ({', '.join(_quote(a) for a in self.actions)})"
        return text + (f", probabilities ({', '.join(map(str, self.probs))})" if self.probs is not None else "")


@dataclass(slots=True)
class _Record:
    kind: str  # "p", "c" or "t"
    label: str
    pos: int
    parent: int
    infoset: _Infoset | None = None
    outcome: int = 0
    children: list[int] = field(default_factory=list)


class _Parser:
    """Parses the text into records in preorder, with the outcomes and information sets they use."""

    def __init__(self, text: str, max_nodes: int) -> None:
        self.lex = _Lexer(text, _READ)
        self.max_nodes = max_nodes
        self.title = ""
        self.players: list[str] = []
        self.records: list[_Record] = []
        self.outcomes: dict[int, tuple[str, tuple[_Exact, ...], int]] = {}  # number -> name, payoffs, position
        self.infosets: dict[tuple[int, int], _Infoset] = {}

    def parse(self) -> _Parser:
        lex = self.lex
        token = lex.take()
        if token.kind != "word" or token.text != "EFG":
            raise lex.fail(token.pos, f"expected the header 'EFG 2 R', found {token.describe()}")
        token = lex.take()
        if token.kind != "number":
            raise lex.fail(token.pos, f"expected the version number 2 after 'EFG', found {token.describe()}")
        if token.text != "2":
            raise lex.fail(token.pos, f"unsupported EFG version {token.describe()}; Gambit reads version 2 only")
        token = lex.take()
        if token.kind != "word" or token.text not in ("R", "D"):
            raise lex.fail(token.pos, f"expected the data type 'R' or 'D' after 'EFG 2', found {token.describe()}")
        self.title = lex.expect("string", "the game title (a quoted string)").text
        lex.expect("{", "'{' opening the list of players")
        while lex.peek().kind == "string":
            self.players.append(lex.take().text)
        closing = lex.expect("}", "a player name (a quoted string) or '}'")
        if not self.players:
            raise lex.fail(closing.pos, "the list of players is empty")
        if lex.peek().kind == "string":
            lex.take()  # the optional comment

        records = self.records
        records.append(self.record(-1))
        open_nodes = [0] if records[0].kind != "t" else []  # nodes still waiting for children
        while open_nodes:  # each pass adds a node or closes one
            top = records[open_nodes[-1]]
            assert top.infoset is not None
            wanted = len(top.infoset.actions) - len(top.children)
            if wanted == 0:
                open_nodes.pop()
                continue
            where = lex.peek().pos
            if lex.peek().kind == "end":
                raise lex.fail(
                    where,
                    f"the file ends inside the tree: the node at {_position(lex.text, top.pos)} still needs "
                    f"{wanted} more {'child' if wanted == 1 else 'children'}",
                )
            if len(records) >= self.max_nodes:
                raise lex.fail(where, f"the tree has more than {self.max_nodes} nodes (max_nodes)")
            if len(open_nodes) > MAX_EFG_DEPTH:  # the next node is len(open_nodes) moves from the root
                raise lex.fail(where, f"the tree is deeper than {MAX_EFG_DEPTH} moves from the root")
            top.children.append(len(records))
            records.append(self.record(open_nodes[-1]))
            if records[-1].kind != "t":
                open_nodes.append(len(records) - 1)
        token = lex.peek()
        if token.kind != "end":
            raise lex.fail(token.pos, f"unexpected {token.describe()} after the last node of the tree")
        return self

    def record(self, parent: int) -> _Record:
        lex = self.lex
        token = lex.take()
        if token.kind != "word" or token.text not in ("p", "c", "t"):
            raise lex.fail(token.pos, f"expected a node type 'p', 'c' or 't', found {token.describe()}")
        rec = _Record(token.text, lex.expect("string", "the node label (a quoted string)").text, token.pos, parent)
        if rec.kind != "t":
            player = 0
            if rec.kind == "p":
                where = lex.peek().pos
                player = lex.integer("a player number", 1)
                if player > len(self.players):
                    raise lex.fail(
                        where, f"player number {player} is out of range: the game has {len(self.players)} players"
                    )
            where = lex.peek().pos
            rec.infoset = self.infoset(player, lex.integer("an information set number", 1), where)
        where = lex.peek().pos
        rec.outcome = lex.integer("an outcome number", 0)
        self.outcome(rec.outcome, where)
        return rec

    def infoset(self, player: int, number: int, where: int) -> _Infoset:
        lex = self.lex
        owner = "chance" if player == 0 else f"player {player}"
        known = self.infosets.get((player, number))
        if lex.peek().kind != "string":
            if known is None:
                raise lex.fail(
                    where,
                    f"information set {number} of {owner} is used before it is declared "
                    f"(with a name and a list of actions)",
                )
            return known
        name = lex.take()
        opening = lex.expect("{", f"'{{' opening the actions of information set {number} of {owner}")
        actions: list[str] = []
        probs: list[_Exact] = []
        while lex.peek().kind == "string":
            actions.append(lex.take().text)
            if player == 0:
                at = lex.peek().pos
                p = lex.number(f"probability of chance action {_quote(actions[-1])}")
                if not 0 <= p <= 1:
                    raise lex.fail(at, f"probability {p} of chance action {_quote(actions[-1])} is outside [0, 1]")
                probs.append(p)
        lex.expect("}", "an action name (a quoted string) or '}'")
        if not actions:
            raise lex.fail(opening.pos, f"information set {number} of {owner} has no actions")
        if player == 0 and abs(float(sum(probs)) - 1.0) > PROBABILITY_ATOL:
            raise lex.fail(opening.pos, f"chance probabilities sum to {float(sum(probs)):.12g}, not 1")
        declared = _Infoset(player, number, name.text, tuple(actions), tuple(probs) if player == 0 else None, where)
        if known is None:
            self.infosets[(player, number)] = declared
            return declared
        if (known.name, known.actions, known.probs) != (declared.name, declared.actions, declared.probs):
            raise lex.fail(
                name.pos,
                f"information set {number} of {owner} does not match its declaration at "
                f"{_position(lex.text, known.pos)}: {declared.describe()} here, {known.describe()} there",
            )
        return known

    def outcome(self, number: int, where: int) -> None:
        lex = self.lex
        if lex.peek().kind != "string":
            if number != 0 and number not in self.outcomes:
                raise lex.fail(where, f"outcome {number} is used before it is declared (with a name and payoffs)")
            return
        if number == 0:
            raise lex.fail(where, "outcome 0 is the null outcome and takes no name or payoffs")
        name = lex.take().text
        opening = lex.expect("{", f"'{{' opening the payoffs of outcome {number}")
        values: list[_Exact] = []
        while lex.peek().kind not in ("}", "end"):
            if lex.peek().kind == ",":
                lex.take()
            else:
                values.append(lex.number(f"payoff of outcome {number}"))
        lex.expect("}", f"'}}' closing the payoffs of outcome {number}")
        n = len(self.players)
        if len(values) != n:
            raise lex.fail(
                opening.pos,
                f"outcome {number} has {len(values)} payoff{'' if len(values) == 1 else 's'} "
                f"but the game has {n} player{'' if n == 1 else 's'}",
            )
        known = self.outcomes.get(number)
        if known is None:
            self.outcomes[number] = (name, tuple(values), where)
        elif known[:2] != (name, tuple(values)):
            raise lex.fail(where, f"outcome {number} does not match its declaration at {_position(lex.text, known[2])}")


# ---------------------------------------------------------------------- Gambit -> leverage
def _infoset_labels(infosets: Sequence[_Infoset]) -> dict[tuple[int, int], str]:
    """Gambit's names where non-empty and unique, else ``"player:number"``."""
    counts = Counter(s.name for s in infosets)
    labels: dict[tuple[int, int], str] = {}
    holder: dict[str, tuple[int, int]] = {}
    fallback: list[tuple[int, int]] = []
    for s in infosets:
        if s.name and counts[s.name] == 1:
            labels[(s.player, s.number)] = s.name
            holder[s.name] = (s.player, s.number)
        else:
            fallback.append((s.player, s.number))
    while fallback:  # each set falls back at most once
        key = fallback.pop()
        labels[key] = f"{key[0]}:{key[1]}"
        other = holder.pop(labels[key], None)
        if other is not None:  # a kept name equal to this fallback falls back too
            fallback.append(other)
    return labels


def _build(parsed: _Parser) -> ExtensiveGame:
    records = parsed.records
    players = _distinct([name or f"Player {i + 1}" for i, name in enumerate(parsed.players)])
    labels = _infoset_labels([s for key, s in parsed.infosets.items() if key[0] > 0])
    actions = {
        key: _distinct([a.replace(PATH_SEPARATOR, _SLASH_STANDIN) or str(k + 1) for k, a in enumerate(s.actions)])
        for key, s in parsed.infosets.items()
    }

    # node names: unique labels that cannot be a path (no "/"; "root" only when the root has a name)
    counts = Counter(r.label for r in records)
    names = [r.label if r.label and counts[r.label] == 1 and PATH_SEPARATOR not in r.label else None for r in records]
    if names[0] is None and "root" in names:
        names[names.index("root")] = None
    edge = [""] * len(records)
    for r in records:
        if r.infoset is not None:
            for c, action in zip(r.children, actions[(r.infoset.player, r.infoset.number)]):
                edge[c] = action
    lengths = [0] * len(records)
    for k, r in enumerate(records):
        name = names[k]
        lengths[k] = len(name) if name is not None else 4 if k == 0 else lengths[r.parent] + 1 + len(edge[k])
    if sum(lengths) > _MAX_ID_CHARS:
        raise ValueError(
            f"{_READ}: the node identifiers (paths of action names) would take {sum(lengths)} characters, "
            f"more than {_MAX_ID_CHARS}: the tree is too deep for its action names"
        )

    # outcomes at non-terminal nodes add to the payoffs of every terminal below
    totals: list[tuple[_Exact, ...]] = [(0,) * len(players)] * len(records)
    for k, r in enumerate(records):
        base = totals[r.parent] if k > 0 else totals[0]
        totals[k] = tuple(a + b for a, b in zip(base, parsed.outcomes[r.outcome][1])) if r.outcome else base

    built: list[Node | None] = [None] * len(records)
    for k in range(len(records) - 1, -1, -1):  # children come after their parent in preorder
        r = records[k]
        if r.kind == "t":
            try:
                built[k] = Terminal([float(v) for v in totals[k]], name=names[k])
            except OverflowError:
                raise ValueError(
                    f"{_READ}: {_position(parsed.lex.text, r.pos)}: a payoff of this terminal is too large "
                    f"to be represented as a float"
                ) from None
            continue
        s = r.infoset
        assert s is not None
        kids = [built[c] for c in r.children]
        acts = actions[(s.player, s.number)]
        if r.kind == "p":
            built[k] = Decision(
                players[s.player - 1], dict(zip(acts, kids)), name=names[k], infoset=labels[(s.player, s.number)]
            )
        else:
            assert s.probs is not None
            built[k] = Chance({a: (float(p), kid) for a, p, kid in zip(acts, s.probs, kids)}, name=names[k])
        for c in r.children:
            built[c] = None  # only pending subtrees are kept
    assert built[0] is not None
    try:
        return ExtensiveGame(built[0], players)
    except ValueError as exc:
        raise ValueError(f"{_READ}: {exc}") from exc


# ---------------------------------------------------------------------- reading
def _read_source(source: object, max_bytes: int) -> str:
    if isinstance(source, str) and _TEXT_RE.match(source):
        if len(source) > max_bytes:
            raise ValueError(f"{_READ}: the text has {len(source)} characters, more than max_bytes = {max_bytes}")
        return source
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(
            f"{_READ}: expected a path (str or os.PathLike) or the text of an .efg file; got {type(source).__name__}"
        )
    if isinstance(source, str) and not os.path.exists(source):  # os.stat: never opens the path
        shown = source if len(source) <= 60 else source[:57] + "..."
        raise FileNotFoundError(
            f"{_READ}: {shown!r} is neither an existing file nor the text of an .efg file (which starts with 'EFG 2 R')"
        )
    return read_text_bounded(source, max_bytes, _READ, encoding="utf-8-sig", fallback="latin-1")


def _check_limit(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{_READ}: {name} must be a positive integer; got {value!r}")


@overload
def read_efg(
    source: str | os.PathLike[str], *, with_title: Literal[False] = ..., max_bytes: int = ..., max_nodes: int = ...
) -> ExtensiveGame: ...


@overload
def read_efg(
    source: str | os.PathLike[str], *, with_title: Literal[True], max_bytes: int = ..., max_nodes: int = ...
) -> tuple[ExtensiveGame, str]: ...


def read_efg(
    source: str | os.PathLike[str],
    *,
    with_title: bool = False,
    max_bytes: int = MAX_EFG_BYTES,
    max_nodes: int = MAX_EFG_NODES,
) -> ExtensiveGame | tuple[ExtensiveGame, str]:
    """Read an extensive game in Gambit's ``.efg`` format (``EFG 2 R`` or ``EFG 2 D``).

    Parameters
    ----------
    source : str or os.PathLike
        The path of a regular file, or the text itself: a string whose first
        non-whitespace characters are the word ``EFG`` is taken as the text.
    with_title : bool, default False
        Also return the game's title.
    max_bytes : int, default :data:`MAX_EFG_BYTES` (32 MiB)
        Refuse a file of more bytes (a text of more characters).
    max_nodes : int, default :data:`MAX_EFG_NODES`
        Refuse a tree of more nodes.

    Returns
    -------
    ExtensiveGame or (ExtensiveGame, str)
        The game; with ``with_title=True``, the pair ``(game, title)``.

    Raises
    ------
    TypeError
        If ``source`` is neither a string nor a path.
    FileNotFoundError
        If ``source`` is neither an existing file nor ``.efg`` text.
    FileRefusedError
        A :class:`ValueError` from :mod:`leverage.io.files`: the path is not
        a regular file (a directory, a FIFO, a device) or has more than
        ``max_bytes`` bytes.
    ValueError
        If the text exceeds ``max_bytes``, the tree ``max_nodes`` or
        :data:`MAX_EFG_DEPTH`; if the text is malformed -- the message names
        ``read_efg()``, the line and column and what was expected (a wrong
        header or node type, an undeclared or inconsistently redeclared
        information set or outcome, a wrong number of payoffs, chance
        probabilities outside [0, 1] or not summing to 1 within
        :data:`~leverage.nodes.PROBABILITY_ATOL`, a file that ends inside the
        tree or goes on after it); or if the game is not a valid
        :class:`~leverage.extensive.ExtensiveGame`, e.g. lacks perfect recall.

    Notes
    -----
    From Gambit's data model to leverage's:

    - *Payoffs.* Gambit attaches outcomes to any node, and payoffs add up
      along the path: each terminal's payoffs are the exact sum of the
      outcomes on its path, the terminal's included, rounded once to floats.
    - *Information sets.* A decision node's ``infoset`` label is its Gambit
      set's name when the name is non-empty and unique among all players'
      sets, else ``"player:number"`` (e.g. ``"2:1"``). Chance sets only share
      probabilities: each chance node becomes a :class:`~leverage.nodes.Chance`.
    - *Node names.* A Gambit node label becomes the node's ``name`` when it is
      non-empty, unique and free of ``"/"`` (and is not ``"root"`` below an
      unnamed root); otherwise the node is known by its path.
    - *Names.* Empty player names become ``"Player 1"``, ...; empty action
      names the action's number (``"1"``, ...); ``"/"`` in an action name,
      which leverage reserves for paths, becomes ``"|"`` (Gambit's chance
      action ``"1/2"`` is ``"1|2"``); names repeated in a list get suffixes
      ``_1``, ``_2``, as in Gambit.
    - The comment, outcome names and Gambit's numbering are not kept.

    Files are decoded as UTF-8 (a byte-order mark is skipped), falling back to
    Latin-1. Only regular files are opened, without waiting on FIFOs.

    References
    ----------
    The Gambit Project, *Gambit documentation*, "The extensive game (.efg)
    file format". https://gambitproject.readthedocs.io/en/latest/formats.efg.html

    Examples
    --------
    A signalling game: nature draws the sender's type; the receiver sees the
    signal, not the type (Gambit's sets 1 and 2 of player 2):

    >>> game, title = read_efg('''EFG 2 R "Signal" { "Sender" "Receiver" }
    ... c "" 1 "" { "weak" 1/3 "strong" 2/3 } 0
    ... p "" 1 1 "" { "quiet" "loud" } 0
    ... p "" 2 1 "after quiet" { "yield" "fight" } 0
    ... t "" 1 "" { 1, 0 }
    ... t "" 2 "" { 0, 1 }
    ... p "" 2 2 "after loud" { "yield" "fight" } 0
    ... t "" 3 "" { 2, 0 }
    ... t "" 4 "" { -1, 1 }
    ... p "" 1 2 "" { "quiet" "loud" } 0
    ... p "" 2 1 0
    ... t "" 1
    ... t "" 5 "" { 0, -1 }
    ... p "" 2 2 0
    ... t "" 3
    ... t "" 6 "" { 1, -1 }''', with_title=True)
    >>> title, game
    ('Signal', ExtensiveGame(Sender, Receiver; 4 information sets, 6 decision nodes, 1 chance node, 8 terminals))
    >>> [s.id for s in game.infosets]
    ['1:1', 'after quiet', 'after loud', '1:2']
    >>> game.infoset("after loud").nodes
    ('root/weak/loud', 'root/strong/loud')
    >>> game.chance_probabilities("root")
    {'weak': 0.3333333333333333, 'strong': 0.6666666666666666}
    >>> read_efg(write_efg(game)) == game
    True
    """
    if not isinstance(with_title, bool):
        raise TypeError(f"{_READ}: with_title must be True or False; got {with_title!r}")
    _check_limit(max_bytes, "max_bytes")
    _check_limit(max_nodes, "max_nodes")
    parsed = _Parser(_read_source(source, max_bytes), max_nodes).parse()
    game = _build(parsed)
    return (game, parsed.title) if with_title else game


# ---------------------------------------------------------------------- writer
def _exact_text(value: Fraction) -> str:
    """A positional decimal when the denominator is ``2**a * 5**b``, else ``p/q``."""
    if value.denominator == 1:
        return str(value.numerator)
    rest, twos, fives = value.denominator, 0, 0
    while rest % 2 == 0:  # at most log2(denominator) steps
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:
        return f"{value.numerator}/{value.denominator}"
    digits = max(twos, fives)
    whole, frac = divmod(abs(value.numerator) * (10**digits // value.denominator), 10**digits)
    return f"{'-' if value < 0 else ''}{whole}.{str(frac).rjust(digits, '0')}"


@functools.lru_cache(maxsize=2**16)
def _number_text(value: float, version: str) -> str:
    """The shortest text that reads back as ``value``: an integer, a decimal or (``R``) a fraction.

    No exponents and no ``+`` signs: Gambit's number parser takes neither.
    """
    if value.is_integer():
        return str(int(value))
    decimal = _exact_text(Fraction(repr(value)))
    if version == "R":
        exact = Fraction(value)
        for digits in range(1, min(10, len(decimal) - 2)):  # a fraction of smaller denominator would be shorter
            fraction = exact.limit_denominator(10**digits)
            if float(fraction) == value:
                text = f"{fraction.numerator}/{fraction.denominator}"
                return text if len(text) < len(decimal) else decimal
    return decimal


def _probability_texts(probs: Sequence[float], version: str) -> list[str]:
    """Texts for chance probabilities that sum to exactly 1, as Gambit requires: the largest absorbs the rest."""
    texts = [_number_text(p, version) for p in probs]
    exact = [Fraction(t) for t in texts]
    if sum(exact) != 1:
        j = max(range(len(probs)), key=lambda k: (probs[k], -k))
        rest = 1 - sum(exact) + exact[j]
        text = _number_text(float(rest), version)
        texts[j] = text if Fraction(text) == rest else _exact_text(rest)
    return texts


def write_efg(
    game: ExtensiveGame,
    path: str | os.PathLike[str] | None = None,
    title: str = "",
    version: Literal["R", "D"] = "R",
) -> str:
    """Write an extensive game in Gambit's ``.efg`` format.

    Parameters
    ----------
    game : ExtensiveGame
        The game.
    path : str or os.PathLike, optional
        If given, the text is also written to this file (UTF-8, overwritten).
    title : str, default ""
        The game's title.
    version : {"R", "D"}, default "R"
        The data-type letter of the header. ``"R"``, as current Gambit
        writes: each number as an integer, a decimal or a fraction
        (``1/3``), whichever is shortest; payoffs separated by commas.
        ``"D"``: integers and decimals only, payoffs separated by spaces.

    Returns
    -------
    str
        The text of the file.

    Raises
    ------
    TypeError
        If ``game`` is not an :class:`~leverage.extensive.ExtensiveGame`,
        ``title`` or ``version`` is not a string, or ``path`` is not a path.
    ValueError
        If ``version`` is not ``"R"`` or ``"D"``.

    Notes
    -----
    Numbers are written without exponents and read back as the same floats,
    but for one probability per chance node: Gambit requires the written
    probabilities to sum to exactly 1, so the largest absorbs the floats'
    rounding (a unit or so of the last place; at most
    :data:`~leverage.nodes.PROBABILITY_ATOL`).

    Information sets are numbered per player in preorder of their first
    node and named by their ids; each node lists its children in its set's
    action order. Nodes are labelled by their names (``""`` when unnamed).
    Each distinct payoff vector is one outcome, ``"Outcome 1"``, ..., at
    terminals only. :func:`read_efg` reads the text back to an equal game,
    unless a node orders its actions unlike the first node of its set or a
    node name contains ``"/"``. Names are written as they are, though
    Gambit 16.7 refuses labels that are not printable ASCII, begin or end
    with a space or hold two spaces in a row.

    In names and the title, ``"`` is written ``\\"`` and ``\\`` is written
    ``\\\\``.

    Examples
    --------
    >>> from leverage.nodes import Chance, Decision, Terminal
    >>> game = ExtensiveGame(
    ...     Chance({
    ...         "weak": (1 / 3, Decision("S", {"quiet": Terminal([1, 0]), "loud": Terminal([0.5, 1])})),
    ...         "strong": (2 / 3, Decision("S", {"quiet": Terminal([1, 0]), "loud": Terminal([2, -1])})),
    ...     }),
    ...     players=("S", "R"),
    ... )
    >>> print(write_efg(game, title="Types"))
    EFG 2 R "Types" { "S" "R" }
    <BLANKLINE>
    c "" 1 "" { "weak" 1/3 "strong" 2/3 } 0
    p "" 1 1 "root/weak" { "quiet" "loud" } 0
    t "" 1 "Outcome 1" { 1, 0 }
    t "" 2 "Outcome 2" { 0.5, 1 }
    p "" 1 2 "root/strong" { "quiet" "loud" } 0
    t "" 1 "Outcome 1" { 1, 0 }
    t "" 3 "Outcome 3" { 2, -1 }
    <BLANKLINE>
    >>> print(write_efg(game, version="D").splitlines()[2])
    c "" 1 "" { "weak" 0.3333333333333333 "strong" 0.6666666666666667 } 0
    >>> read_efg(write_efg(game, version="D")) == game
    True
    """
    if not isinstance(game, ExtensiveGame):
        raise TypeError(f"{_WRITE}: game must be a leverage ExtensiveGame; got {type(game).__name__}")
    if not isinstance(title, str):
        raise TypeError(f"{_WRITE}: title must be a string; got {type(title).__name__}")
    if not isinstance(version, str):
        raise TypeError(f"{_WRITE}: version must be 'R' or 'D'; got {type(version).__name__}")
    if version not in ("R", "D"):
        raise ValueError(f"{_WRITE}: unknown version {version!r}; use 'R' or 'D'")
    target = None if path is None else writable_path(path, _WRITE)

    players = game.players
    numbers = {s.id: (players.index(p) + 1, h + 1) for p in players for h, s in enumerate(game.infosets_of(p))}
    outcomes: dict[tuple[str, ...], int] = {}
    separator = ", " if version == "R" else " "
    lines = [f"EFG 2 {version} {_quote(title)} {{ {' '.join(_quote(p) for p in players)} }}", ""]
    chance_sets = 0
    stack = [game.root_id]
    while stack:  # preorder; each node is pushed once, by its parent
        nid = stack.pop()
        label = _quote(game.node(nid).name or "")
        kind = game.kind(nid)
        if kind == "terminal":
            key = tuple(_number_text(float(v), version) for v in game.payoffs_at(nid))
            number = outcomes.setdefault(key, len(outcomes) + 1)
            lines.append(f't {label} {number} "Outcome {number}" {{ {separator.join(key)} }}')
            continue
        if kind == "decision":
            s = game.infoset_of(nid)
            player, number = numbers[s.id]
            lines.append(f"p {label} {player} {number} {_quote(s.id)} {{ {' '.join(map(_quote, s.actions))} }} 0")
            order = list(s.actions)
        else:
            chance_sets += 1
            probs = game.chance_probabilities(nid)
            order = list(probs)
            texts = _probability_texts(list(probs.values()), version)
            pairs = " ".join(f"{_quote(a)} {t}" for a, t in zip(order, texts))
            lines.append(f'c {label} {chance_sets} "" {{ {pairs} }} 0')
        children = game.children(nid)
        stack.extend(children[a] for a in reversed(order))
    text = "\n".join(lines) + "\n"
    if target is not None:
        Path(target).write_text(text, encoding="utf-8")
    return text
