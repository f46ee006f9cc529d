"""Display helpers shared by the notebook views and the table exports of leverage.

:func:`html_table` draws the small HTML tables that the ``_repr_html_`` methods
of :class:`~leverage.Game`, the equilibrium lists, the parameter sets and the
findings return to Jupyter: every cell is escaped, numbers are shown with four
significant digits and a long table is cut with a line saying how many rows
were left out. :func:`require_pandas` and :func:`require_module` import an
optional dependency inside the function that needs it, with an ``ImportError``
that names the extra to install; :func:`categorical` turns the ``regime`` and
``status`` columns of a frame into pandas categoricals.

This module sits in the base layer: it imports only the standard library,
numpy and the other base modules.

Examples
--------
>>> print(html_table(["name", "value"], [["cost", 2 / 3]]))
<table>
<thead><tr><th>name</th><th>value</th></tr></thead>
<tbody>
<tr><td>cost</td><td>0.6667</td></tr>
</tbody>
</table>
"""

from __future__ import annotations

import html
import importlib
import math
import numbers
import re
import types
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np

from leverage.checks import check_flag, check_int, check_strings

__all__ = [
    "CATEGORICAL_COLUMNS",
    "categorical",
    "escape_controls",
    "format_cell",
    "html_table",
    "require_module",
    "require_pandas",
]

#: Characters that may need escaping: all but printable ASCII.
_SUSPECT = re.compile(r"[^\x20-\x7e]")
#: Unicode categories escaped: controls, format characters (such as bidirectional overrides), line and
#: paragraph separators, surrogates, private-use and unassigned code points.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def escape_controls(text: str, keep_newlines: bool = True) -> str:
    r"""``text`` with control and format characters written as escapes (``\x1b``, ``\u202e``).

    Letters and symbols of any script are kept; newlines too, unless
    ``keep_newlines`` is False. The command line prints, and the report shows,
    every text that may come from a file this way, so that a file can neither
    drive the terminal nor disguise its text.

    Examples
    --------
    >>> print(escape_controls("China\x1b[2J \u202eevil\u202c, T\u00fcrkiye"))
    China\x1b[2J \u202eevil\u202c, Türkiye
    >>> escape_controls("two\nlines", keep_newlines=False)
    'two\\nlines'
    """
    if not isinstance(text, str):
        raise TypeError(f"escape_controls(): text must be a string; got {type(text).__name__}")
    keep_newlines = check_flag(keep_newlines, "keep_newlines", "escape_controls()")

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\n" and keep_newlines:
            return char
        if unicodedata.category(char) not in _ESCAPED_CATEGORIES:
            return char
        return char.encode("unicode_escape").decode("ascii")

    return _SUSPECT.sub(escape, text)


#: The columns that :func:`categorical` turns into pandas categoricals by default.
CATEGORICAL_COLUMNS: tuple[str, ...] = ("regime", "status")


def format_cell(value: Any, digits: int = 4) -> str:
    """``value`` as display text (not yet escaped): a real number with ``digits`` (four) significant digits.

    Integers are written in full, booleans as ``True``/``False``, ``None`` as an
    empty cell and any other object by ``str``.

    Examples
    --------
    >>> format_cell(2 / 3), format_cell(12345.678), format_cell(7), format_cell(None)
    ('0.6667', '1.235e+04', '7', '')
    >>> format_cell(np.float64(-0.0)), format_cell(float("nan")), format_cell(True)
    ('0', 'nan', 'True')
    """
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (numbers.Integral, np.integer)):
        return str(int(value))
    if isinstance(value, (numbers.Real, np.floating)):
        number = float(value)
        if math.isnan(number):
            return "nan"
        if number == 0:
            return "0"
        return f"{number:.{check_int(digits, 'digits', 'format_cell()', low=1, high=17)}g}"
    return str(value)


def html_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    caption: str | None = None,
    max_rows: int = 50,
) -> str:
    """An HTML table of ``rows`` under the headers ``columns``, every cell escaped.

    Parameters
    ----------
    columns : sequence of str
        The column headers.
    rows : sequence of sequences
        One sequence of cells per row, each as long as ``columns``; cells are
        shown by :func:`format_cell` and escaped with :func:`html.escape`.
    caption : str, optional
        A caption above the table (escaped too).
    max_rows : int, default 50
        At most this many rows are drawn; a last line says how many more there are.

    Returns
    -------
    str
        The ``<table>`` element.

    Raises
    ------
    TypeError
        If ``columns`` is not a sequence of strings, ``rows`` not a sequence of
        sequences, ``caption`` not a string or ``max_rows`` not an integer.
    ValueError
        If a row's length differs from the number of columns, or ``max_rows < 1``.

    Examples
    --------
    >>> text = html_table(["player", "payoff"], [["<b>", 1.0], ["US", 2]], caption="A & B", max_rows=1)
    >>> "&lt;b&gt;" in text, "<caption>A &amp; B</caption>" in text, "… 1 more row" in text
    (True, True, True)
    >>> html_table(["a", "b"], [[1]])
    Traceback (most recent call last):
    ...
    ValueError: html_table(): row 0 has 1 cells; expected 2 (one per column)
    """
    caller = "html_table()"
    headers = check_strings(columns, "columns", caller)
    limit = check_int(max_rows, "max_rows", caller, low=1)
    if caption is not None and not isinstance(caption, str):
        raise TypeError(f"{caller}: caption must be a string or None; got {caption!r}")
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence):
        raise TypeError(f"{caller}: rows must be a sequence of rows; got {type(rows).__name__}")
    body = []
    for k, row in enumerate(rows):
        if isinstance(row, (str, bytes)) or not isinstance(row, (Sequence, np.ndarray)):
            raise TypeError(f"{caller}: row {k} must be a sequence of cells; got {type(row).__name__}")
        if len(row) != len(headers):
            raise ValueError(f"{caller}: row {k} has {len(row)} cells; expected {len(headers)} (one per column)")
        if k < limit:
            cells = "".join(f"<td>{html.escape(format_cell(cell))}</td>" for cell in row)
            body.append(f"<tr>{cells}</tr>")
    lines = ["<table>"]
    if caption is not None:
        lines.append(f"<caption>{html.escape(caption)}</caption>")
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    lines.append(f"<thead><tr>{head}</tr></thead>")
    lines.append("<tbody>")
    lines.extend(body)
    hidden = len(rows) - limit
    if hidden > 0:
        noun = "row" if hidden == 1 else "rows"
        lines.append(f'<tr><td colspan="{max(len(headers), 1)}">… {hidden} more {noun}</td></tr>')
    lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines)


def require_module(name: str, extra: str, caller: str) -> types.ModuleType:
    """The optional module ``name``, imported now, or an ``ImportError`` naming the extra ``extra``.

    Examples
    --------
    >>> require_module("math", "tables", "to_pandas()").sqrt(4.0)
    2.0
    >>> require_module("not_a_module_here", "tables", "Game.to_pandas()")
    Traceback (most recent call last):
    ...
    ImportError: Game.to_pandas(): needs not_a_module_here: pip install 'leverage[tables]'
    """
    for label, value in (("name", name), ("extra", extra), ("caller", caller)):
        if not isinstance(value, str) or not value:
            raise TypeError(f"require_module(): {label} must be a non-empty string; got {value!r}")
    try:
        return importlib.import_module(name)
    except ImportError:
        raise ImportError(f"{caller}: needs {name}: pip install 'leverage[{extra}]'") from None


def require_pandas(caller: str) -> types.ModuleType:
    """pandas, imported now, or an ``ImportError`` that names ``caller`` and ``leverage[tables]``.

    Examples
    --------
    >>> pd = require_pandas("ParameterSet.to_pandas()")
    >>> hasattr(pd, "DataFrame")
    True
    """
    return require_module("pandas", "tables", caller)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, (numbers.Real, np.floating)) and math.isnan(float(value)))


def categorical(frame: Any, columns: Sequence[str] = CATEGORICAL_COLUMNS) -> Any:
    """``frame`` with each of its ``columns`` present (``regime``, ``status``) made a pandas ``Categorical``.

    The categories are the values in their order of first appearance. The
    frame is changed in place and returned.

    Examples
    --------
    >>> pd = require_pandas("categorical()")
    >>> frame = categorical(pd.DataFrame({"status": ["ok", "failed", "ok"]}))
    >>> list(frame["status"].cat.categories)
    ['ok', 'failed']
    """
    names = check_strings(columns, "columns", "categorical()")
    pd = require_pandas("categorical()")
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"categorical(): frame must be a pandas.DataFrame; got {type(frame).__name__}")
    for name in names:
        if name in frame.columns:
            values = list(frame[name])
            order = [v for v in dict.fromkeys(values) if not _missing(v)]
            frame[name] = pd.Categorical(values, categories=order)
    return frame
