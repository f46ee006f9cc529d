"""The flagship analysis' tables as text, CSV, pandas frames, Parquet files and HTML.

The tables of :class:`~leverage.scenarios.analysis.Analysis` are lists of
rows, each a dict of plain values: numbers as numbers (full precision),
text as text, ``None`` for a cell that does not apply. This module turns them
into what people and programs read:

- :func:`format_table`: an aligned text table, numbers rounded for display
  only; with ``width`` the table fits that many columns (long text cells are
  wrapped, and a table that cannot fit is printed as records,
  ``name: value``);
- :func:`table_file_name`: the snake_case file stem of a table
  (``"trajectory paths"`` -> ``trajectory_paths``);
- :func:`write_csv`: one table as CSV (numbers with ``repr`` precision,
  ``None`` as an empty cell);
- :func:`tables_to_pandas`: the tables as pandas data frames (the ``regime``
  and ``status`` columns categorical);
- :func:`findings_rows`: the findings as a table.

Units (in the main job's tables): a table whose figures differ in unit from
row to row, or share one unit throughout, has a ``unit`` column; a table
whose columns differ in unit names each column's unit in its header, in
parentheses (``optimum PV (US$ bn)``).

Examples
--------
>>> print(format_table([{"issue": "licences", "critical discount": 0.5}]))
issue    | critical discount
---------+------------------
licences | 0.5
"""

from __future__ import annotations

import csv
import html
import io
import math
import os
import re
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from leverage.checks import renamed
from leverage.scenarios.findings import findings_html
from leverage.scenarios.findings_table import flat_row

__all__ = ["format_table", "table_file_name", "table_directory", "write_csv", "write_parquet", "tables_to_pandas",
           "tables_html", "findings_rows", "display_rows", "MIN_WRAP_WIDTH"]

#: A wrapped text column of :func:`format_table` is never made narrower than this many characters.
MIN_WRAP_WIDTH: int = 12

_SEPARATOR = " | "
#: Words up to this long are kept whole in a wrapped column; longer ones may be broken.
_LONGEST_WORD = 30


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _check_rows(rows: Any, caller: str) -> list[str]:
    """The keys of ``rows`` (those of the first row), after checking every row has them."""
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence) or not all(
            isinstance(r, Mapping) for r in rows):
        raise TypeError(f"{caller}: rows must be a sequence of mappings (one dict per row); got {rows!r}")
    if not rows:
        return []
    keys = list(rows[0])
    if any(set(r) != set(keys) for r in rows):
        raise ValueError(f"{caller}: every row must have the keys of the first, {keys}")
    return keys


def format_table(rows: Sequence[Mapping[str, Any]], float_format: str = "{:.4g}", *, width: int | None = None,
                 missing: str = "") -> str:
    """Rows of dicts as an aligned text table; numbers are rounded here, for display only.

    Parameters
    ----------
    rows : sequence of mappings
        The rows, each with the keys of the first (the column headers).
    float_format : str
        How a float cell is shown (``"{:.4g}"``: four significant digits).
    width : int, optional
        The widest line allowed. A table wider than that has its text
        columns (and headers) wrapped at spaces, widest first, down to
        :data:`MIN_WRAP_WIDTH` characters, rows then separated by a rule
        (numbers and single words are never broken). A table too wide even
        then is split into tables of fewer columns, each led by the first
        column, or, when it has at most four rows, printed as records of
        ``name: value`` lines. None (default): one line per row, however wide.
    missing : str
        How a ``None`` cell is shown (default: empty).

    Returns
    -------
    str
        ``"(empty)"`` for no rows.

    Raises
    ------
    TypeError
        If ``rows`` is not a sequence of mappings, ``float_format`` or ``missing``
        not a string, or ``width`` not an integer.
    ValueError
        If a row's keys differ from the first row's, ``float_format`` does not
        format a number, or ``width`` is below 20.

    Examples
    --------
    >>> print(format_table([{"game": "A", "value": 1.23456}, {"game": "BB", "value": 2.0}]))
    game | value
    -----+------
    A    | 1.235
    BB   | 2
    >>> rows = [{"trajectory": "managed rivalry", "outcome": "licences stay valves, opened and narrowed"}]
    >>> print(format_table(rows, width=32))
    trajectory      | outcome
    ----------------+---------------
    managed rivalry | licences stay
                    | valves, opened
                    | and narrowed
    >>> print(format_table([{"a": 1.5, "b": 2.25, "c": 3.125, "note": "x " * 12}], width=20))
    a:    1.5
    b:    2.25
    c:    3.125
    note: x x x x x x x
          x x x x x
    """
    caller = "format_table()"
    keys = _check_rows(rows, caller)
    if not isinstance(float_format, str):
        raise TypeError(f"{caller}: float_format must be a format string such as '{{:.4g}}'; got {float_format!r}")
    try:
        float_format.format(1.0)
    except (ValueError, IndexError, KeyError):
        raise ValueError(f"{caller}: float_format must format one number, such as '{{:.4g}}'; "
                         f"got {float_format!r}") from None
    if width is not None and (isinstance(width, bool) or not isinstance(width, (int, np.integer))):
        raise TypeError(f"{caller}: width must be an integer or None; got {width!r}")
    if width is not None and width < 20:
        raise ValueError(f"{caller}: width must be at least 20 characters; got {width}")
    if not isinstance(missing, str):
        raise TypeError(f"{caller}: missing must be a string; got {missing!r}")
    if not rows:
        return "(empty)"

    def show(value: Any) -> str:
        if value is None:
            return missing
        if isinstance(value, (float, np.floating)):
            return float_format.format(float(value))
        return str(value)

    cells = [[show(r[k]) for k in keys] for r in rows]
    natural = [max(len(k), *(len(c[j]) for c in cells)) for j, k in enumerate(keys)]
    gaps = len(_SEPARATOR) * (len(keys) - 1)
    if width is None or sum(natural) + gaps <= width:
        lines = [_SEPARATOR.join(f"{k:<{w}}" for k, w in zip(keys, natural))]
        lines.append("-+-".join("-" * w for w in natural))
        lines += [_SEPARATOR.join(f"{c:<{w}}" for c, w in zip(row, natural)) for row in cells]
        return "\n".join(lines)
    # numbers and single words (names such as separation_share) are never broken; text wraps at spaces,
    # down to MIN_WRAP_WIDTH characters; a header wraps between its words
    floors = []
    for j, k in enumerate(keys):
        whole = [len(c[j]) for c in cells if not any(ch.isspace() for ch in c[j])]
        words = [len(w) for c in cells if any(ch.isspace() for ch in c[j]) for w in c[j].split()]
        # a wrapped column is as wide as its longest word, up to _LONGEST_WORD (longer words are broken)
        wrapped = max(min(natural[j], MIN_WRAP_WIDTH), min(max(words), _LONGEST_WORD)) if words else 0
        floors.append(max([len(w) for w in k.split()] + whole + [wrapped]))
    widths = list(natural)
    budget = int(width) - gaps
    # first wrap the headers only (down to the widest cell), then the cells too
    for limits in ([max(f, *(len(c[j]) for c in cells)) for j, f in enumerate(floors)], floors):
        while sum(widths) > budget:
            shrinkable = [j for j in range(len(keys)) if widths[j] > limits[j]]
            if not shrinkable:
                break
            j = max(reversed(shrinkable), key=lambda i: widths[i])  # ties: the rightmost
            widths[j] -= 1
    if sum(widths) > budget:
        return _split(rows, keys, floors, float_format, int(width), missing, cells)

    def block(texts: Sequence[str]) -> list[str]:
        wrapped = [textwrap.wrap(t, w, break_on_hyphens=False) or [""] for t, w in zip(texts, widths)]
        height = max(len(w) for w in wrapped)
        return [_SEPARATOR.join(f"{(w[i] if i < len(w) else ''):<{n}}" for w, n in zip(wrapped, widths)).rstrip()
                for i in range(height)]

    rule = "-+-".join("-" * w for w in widths)
    lines = block(keys) + [rule]
    bodies = [block(row) for row in cells]
    tall = any(len(b) > 1 for b in bodies)
    for k, body in enumerate(bodies):
        if tall and k:
            lines.append(rule)
        lines += body
    return "\n".join(lines)


#: A table too wide for the width is printed as records when it has at most this many rows, else split.
_RECORD_ROWS = 4


def _split(rows: Sequence[Mapping[str, Any]], keys: list[str], floors: list[int], float_format: str, width: int,
           missing: str, cells: list[list[str]]) -> str:
    """A table too wide even wrapped: as records (few rows), or as tables of fewer columns, each led by the first."""
    gap = len(_SEPARATOR)
    if len(rows) > _RECORD_ROWS and len(keys) > 2:
        for parts in range(2, len(keys)):
            groups = [list(g) for g in np.array_split(np.arange(1, len(keys)), parts)]
            if all(floors[0] + sum(floors[j] + gap for j in g) <= width for g in groups):
                return "\n\n".join(
                    format_table([{keys[0]: r[keys[0]], **{keys[j]: r[keys[j]] for j in g}} for r in rows],
                                 float_format, width=width, missing=missing) for g in groups)
    return _records(keys, cells, width)


def _records(keys: Sequence[str], cells: Sequence[Sequence[str]], width: int) -> str:
    """Each row as ``name: value`` lines, values wrapped to ``width``; rows apart by a blank line."""
    pad = max(len(k) for k in keys) + 2
    indent = pad if pad <= width // 2 else 4
    out: list[str] = []
    for k, row in enumerate(cells):
        if k:
            out.append("")
        for key, value in zip(keys, row):
            head = f"{key}:".ljust(pad) if pad == indent else f"{key}:"
            text = textwrap.wrap(value, width - indent, break_on_hyphens=False) or [""]
            if pad == indent:
                out.append((head + text[0]).rstrip())
            else:
                out += textwrap.wrap(head, width) + [" " * indent + text[0]]
            out += [" " * indent + t for t in text[1:]]
    return "\n".join(out)


def table_file_name(name: str) -> str:
    """The file stem of a table: lower-case snake_case, letters, digits and underscores only.

    Examples
    --------
    >>> table_file_name("trajectory paths"), table_file_name("Regime flips!")
    ('trajectory_paths', 'regime_flips')
    >>> table_file_name("  ")
    Traceback (most recent call last):
    ...
    ValueError: table_file_name(): the name '  ' has no letter or digit to make a file name of
    """
    if not isinstance(name, str):
        raise TypeError(f"table_file_name(): name must be a string; got {name!r}")
    stem = re.sub(r"[^0-9a-z]+", "_", name.casefold()).strip("_")
    if not stem:
        raise ValueError(f"table_file_name(): the name {name!r} has no letter or digit to make a file name of")
    return stem


def _csv_cell(value: Any) -> Any:
    """A cell as the csv module writes it: None empty, numbers in full (``repr``) precision."""
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return repr(float(value))
    return value


def write_csv(rows: Sequence[Mapping[str, Any]], stream: Any = None) -> str:
    """One table as CSV: a header line of the column names, then one line per row.

    Numbers keep their full precision (``repr``: ``float(cell)`` gives the
    number back exactly), ``None`` is an empty cell, booleans are ``True`` and
    ``False``. With ``stream`` (a text file opened with ``newline=""``) the
    CSV is written there too.

    Examples
    --------
    >>> print(write_csv([{"issue": "chips", "critical discount": 1 / 7, "holds": True, "note": None}]), end="")
    issue,critical discount,holds,note
    chips,0.14285714285714285,True,
    """
    keys = _check_rows(rows, "write_csv()")
    if stream is not None and not callable(getattr(stream, "write", None)):
        raise TypeError(f"write_csv(): stream must be a text file (with a write method) or None; got {stream!r}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keys)
    writer.writerows([[_csv_cell(r[k]) for k in keys] for r in rows])
    text = buffer.getvalue()
    if stream is not None:
        stream.write(text)
    return text


def findings_rows(findings: Sequence[Any]) -> list[dict[str, Any]]:
    """The findings as a table: one row each, the nearest flip in columns of its own.

    The columns of :func:`~leverage.scenarios.findings_table.flat_row` (``name``,
    ``statement``, ``label``, ``robustness``, ``robustness_se``,
    ``illustrative_share``, ``confidence``, ``illustrative``, ``draws``,
    ``flip_parameter``, ``flip_from``, ``flip_to``, ``flip_relative_change``,
    ``flip_result``), with a missing figure as an empty cell (None) rather than NaN:
    no single parameter flips the finding, or it has no variance.

    Examples
    --------
    >>> from leverage.scenarios.findings import Finding
    >>> row = findings_rows([Finding("x", "It holds.", "yes", 0.75, 0.01, None, None, "medium")])[0]
    >>> row["statement"], row["robustness"], row["flip_parameter"], row["flip_to"], row["confidence"]
    ('It holds.', 0.75, None, None, 'medium')
    """
    if isinstance(findings, (str, bytes)) or not isinstance(findings, Sequence):
        raise TypeError(f"findings_rows(): findings must be a sequence of Finding; got {type(findings).__name__}")
    with renamed("flat_row():", "findings_rows():"):
        return [{k: None if isinstance(v, float) and math.isnan(v) else v for k, v in flat_row(f).items()}
                for f in findings]


def check_tables(tables: Any, caller: str) -> Mapping[str, Sequence[Mapping[str, Any]]]:
    """``tables`` if it maps table names (strings) to sequences of rows; a TypeError naming ``caller`` otherwise.

    Examples
    --------
    >>> check_tables({"linkage": []}, "f()")
    {'linkage': []}
    >>> check_tables([1], "f()")
    Traceback (most recent call last):
    ...
    TypeError: f(): tables must map table names to lists of rows; got [1]
    """
    if not isinstance(tables, Mapping) or not all(isinstance(k, str) for k in tables) or not all(
            isinstance(rows, Sequence) and not isinstance(rows, (str, bytes)) for rows in tables.values()):
        raise TypeError(f"{caller}: tables must map table names to lists of rows; got {tables!r}"[:300])
    return tables


def tables_to_pandas(tables: Mapping[str, Sequence[Mapping[str, Any]]], caller: str = "tables_to_pandas()"
                     ) -> dict[str, Any]:
    """The tables as pandas data frames, by name; ``regime`` and ``status`` columns categorical.

    Needs pandas (``pip install 'leverage[tables]'``). ``None`` cells become
    missing values (NaN in a numeric column).

    Examples
    --------
    >>> frames = tables_to_pandas({"coercion": [{"optimum (US$ bn)": 8.5, "regime": "calibrated"}]})
    >>> frames["coercion"]["regime"].dtype.name, float(frames["coercion"].iloc[0, 0])
    ('category', 8.5)
    """
    from leverage.display import categorical, require_pandas

    check_tables(tables, caller)
    pd = require_pandas(caller)
    frames = {}
    for name, rows in tables.items():
        keys = _check_rows(rows, caller)
        frame = pd.DataFrame([dict(r) for r in rows], columns=keys)
        for key in keys:
            values = [r[key] for r in rows]
            if values and all(v is None or _is_number(v) for v in values) and any(_is_number(v) for v in values):
                if not all(isinstance(v, (int, np.integer)) for v in values):
                    frame[key] = pd.array([np.nan if v is None else float(v) for v in values], dtype="float64")
        frames[name] = categorical(frame)
    return frames


def table_directory(directory: Any, caller: str = "table_directory()") -> Path:
    """``directory`` as a :class:`~pathlib.Path`, created if needed (with its parents).

    Raises
    ------
    TypeError
        If ``directory`` is not a path.
    FileExistsError
        If it exists and is not a directory.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as fh:
    ...     table_directory(fh.name, "Analysis.to_csv()")
    Traceback (most recent call last):
    ...
    FileExistsError: Analysis.to_csv(): '...' exists and is not a directory
    """
    if not isinstance(directory, (str, os.PathLike)):
        raise TypeError(f"{caller}: directory must be a path; got {directory!r}")
    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{caller}: {str(out)!r} exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    return out


def write_parquet(tables: Mapping[str, Sequence[Mapping[str, Any]]], directory: Any,
                  caller: str = "write_parquet()") -> list[Path]:
    """Write each table's data frame (:func:`tables_to_pandas`) as ``<name>.parquet``; returns the paths.

    Needs pandas and pyarrow (``pip install 'leverage[tables]'``); the file
    names are :func:`table_file_name` of the table names.

    Examples
    --------
    >>> import tempfile, pandas
    >>> with tempfile.TemporaryDirectory() as d:
    ...     (path,) = write_parquet({"regime flips": [{"x": 1 / 3, "regime": "a"}]}, d)
    ...     path.name, bool(pandas.read_parquet(path)["x"].iloc[0] == 1 / 3)
    ('regime_flips.parquet', True)
    """
    from leverage.display import require_module

    frames = tables_to_pandas(tables, caller)
    require_module("pyarrow", "tables", caller)
    out = table_directory(directory, caller)
    paths = []
    for name, frame in frames.items():
        path = out / f"{table_file_name(name)}.parquet"
        frame.to_parquet(path, index=False)
        paths.append(path)
    return paths


def tables_html(tables: Mapping[str, Sequence[Mapping[str, Any]]], findings: Sequence[Any] = (),
                remarks: Mapping[str, Sequence[str]] | None = None) -> str:
    """The findings (a numbered list), then each table with its remarks, as HTML; every text escaped.

    Examples
    --------
    >>> text = tables_html({"linkage": [{"issue": "<chips>", "critical discount": 0.5}]})
    >>> "&lt;chips&gt;" in text, "<caption>linkage</caption>" in text
    (True, True)
    """
    from leverage.display import html_table

    caller = "tables_html()"
    check_tables(tables, caller)
    if remarks is not None and not isinstance(remarks, Mapping):
        raise TypeError(f"{caller}: remarks must map table names to sentences, or be None; got {remarks!r}")
    if isinstance(findings, (str, bytes)) or not isinstance(findings, Sequence):
        raise TypeError(f"{caller}: findings must be a sequence of Finding; got {type(findings).__name__}")
    parts = ["<div>"]
    if findings:
        with renamed("findings_html():", caller):
            parts.append(findings_html(findings))
    for name, rows in tables.items():
        keys = _check_rows(rows, "tables_html()")
        parts.append(html_table(keys, [[row[k] for k in keys] for row in rows], caption=name))
        parts += [f"<p>{html.escape(str(sentence))}</p>" for sentence in (remarks or {}).get(name, ())]
    parts.append("</div>")
    return "\n".join(parts)


def display_rows(rows: Sequence[Mapping[str, Any]], digits: int = 4) -> list[dict[str, Any]]:
    """Rows as the text display shows them: the ``payoff <player>`` columns merged into one ``payoffs`` cell.

    The payoffs are written in the order of the row's ``players``
    (``"China / US"``), rounded to ``digits`` significant digits; the numbers
    themselves stay in the table (and its CSV). A ``unit`` column that holds
    one unit for every row is left out: the title printed above the table
    states it (the main job's titles do). Other rows are returned as they are.

    Examples
    --------
    >>> display_rows([{"players": "China / US", "payoff China": 0.94481, "payoff US": -0.5, "payoff EU": None,
    ...                "regret": 0.0}])
    [{'players': 'China / US', 'payoffs': '0.9448 / -0.5', 'regret': 0.0}]
    """
    keys = _check_rows(rows, "display_rows()")
    if "unit" in keys and len({r["unit"] for r in rows}) == 1:
        keys.remove("unit")  # one unit for the whole table: the table's title says it
    columns = [k for k in keys if k.startswith("payoff ")]
    if not columns:
        return [{k: r[k] for k in keys} for r in rows]
    out = []
    for row in rows:
        values = [row.get(f"payoff {p}") for p in str(row.get("players", "")).split(" / ")]
        text = " / ".join(f"{v:.{digits}g}" for v in values if v is not None)
        merged: dict[str, Any] = {}
        for k in keys:
            if k == columns[0]:
                merged["payoffs"] = text
            elif k not in columns:
                merged[k] = row[k]
        out.append(merged)
    return out
