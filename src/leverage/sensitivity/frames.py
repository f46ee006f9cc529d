"""Tables of the sensitivity results: pandas frames, xarray datasets and notebook views.

The result classes of :mod:`leverage.sensitivity` (a sweep's
:class:`~leverage.sensitivity.SweepResult`, a
:class:`~leverage.sensitivity.RegimeMap`, the Sobol' and Morris statistics,
tornado bars) turn into tables through the functions of this module; their
``to_pandas``, ``to_xarray`` and ``_repr_html_`` methods call them. pandas,
pyarrow and xarray are optional (the ``tables`` extra): they are imported
inside the functions, and a missing one raises an ``ImportError`` that names
``pip install 'leverage[tables]'``.

Text columns with few distinct values -- a sweep's ``regime`` and
``status``, a map's ``regime`` -- become pandas categoricals: a sweep's
statuses take the categories of
:data:`~leverage.sensitivity.SWEEP_STATUSES` (in that order), regimes their
order of first appearance.

Examples
--------
>>> import numpy as np
>>> status_summary(np.array(["ok", "error", "ok"]))
{'ok': 2, 'error': 1}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from leverage.display import format_cell, html_table, require_module, require_pandas
from leverage.sensitivity.checkpoint import SWEEP_STATUSES

# Helpers of the result classes (their to_pandas, to_xarray and notebook views), not in __all__: the
# classes check their own data, and these functions take it as it is.
__all__: list[str] = []

#: Rows of a sweep's table shown by its notebook view.
HEAD_ROWS = 10

#: Longest text representation of a regime map, in characters.
MAX_REPR = 300


def status_summary(status: np.ndarray) -> dict[str, int]:
    """Number of rows of each status present, in the order of :data:`SWEEP_STATUSES` (then others, sorted).

    Examples
    --------
    >>> status_summary(np.array(["multiple", "ok", "weird"]))
    {'ok': 1, 'multiple': 1, 'weird': 1}
    """
    status = np.asarray(status)
    known = [s for s in SWEEP_STATUSES if np.any(status == s)]
    extra = sorted(set(status.tolist()) - set(SWEEP_STATUSES))
    return {s: int(np.sum(status == s)) for s in known + extra}


def _categories(values: np.ndarray) -> list[str]:
    return list(dict.fromkeys(np.asarray(values).tolist()))


def sweep_frame(columns: Mapping[str, np.ndarray], caller: str) -> Any:
    """The columns of a sweep as a :class:`pandas.DataFrame`; ``regime`` and ``status`` categorical.

    The ``error`` column stays text (an empty string where the row has no error).

    Raises
    ------
    ImportError
        If pandas is not installed, naming ``caller`` and the ``tables`` extra.

    Examples
    --------
    >>> frame = sweep_frame({"a": np.arange(2.0), "status": np.array(["ok", "error"])},
    ...                     "to_pandas()")
    >>> list(frame["status"].cat.categories)[:4]
    ['ok', 'multiple', 'none', 'error']
    """
    pd = require_pandas(caller)
    data: dict[str, Any] = {}
    for name, arr in columns.items():
        if name == "status":
            cats = list(SWEEP_STATUSES) + sorted(set(arr.tolist()) - set(SWEEP_STATUSES))
            data[name] = pd.Categorical(arr.tolist(), categories=cats)
        elif name == "regime":
            data[name] = pd.Categorical(arr.tolist(), categories=_categories(arr))
        elif arr.dtype.kind in "US":
            data[name] = pd.array(arr.tolist(), dtype=object)
        else:
            data[name] = arr
    return pd.DataFrame(data)


def sweep_html(columns: Mapping[str, np.ndarray], rows: int) -> str:
    """The notebook view of a sweep: its status counts, then the head of its table."""
    counts = status_summary(columns["status"]) if "status" in columns else {}
    summary = html_table(["status", "rows", "share"],
                         [[k, v, f"{100 * v / max(rows, 1):.1f}%"] for k, v in counts.items()],
                         caption=f"Sweep: {rows:,} rows, {len(columns)} columns")
    names = list(columns)
    head = [[columns[name][r].item() if hasattr(columns[name][r], "item") else columns[name][r] for name in names]
            for r in range(min(rows, HEAD_ROWS))]
    more = f" (first {HEAD_ROWS} of {rows:,})" if rows > HEAD_ROWS else ""
    table = html_table(names, head, caption=f"Table{more}", max_rows=HEAD_ROWS)
    return f"<div>\n{summary}\n{table}\n</div>"


def grid_text(name: str, values: np.ndarray, unit: str, illustrative: bool) -> str:
    """One axis of a regime map in a few words: ``name [low..high unit] (illustrative)``.

    Examples
    --------
    >>> grid_text("china_price", np.array([82.5, 96.0, 110.0]), "USD/kg", True)
    'china_price [82.5..110 USD/kg, illustrative]'
    """
    low, high = format_cell(float(values.min())), format_cell(float(values.max()))
    extra = ", ".join(part for part in (unit, "illustrative" if illustrative else "") if part)
    rng = low if low == high else f"{low}..{high}"
    return f"{name} [{rng}{' ' + extra if unit else (', ' + extra if extra else '')}]"


def regime_shares(labels: np.ndarray) -> list[tuple[str, int, float]]:
    """``(regime, cells, share)`` of each regime of a map, from the most to the least frequent."""
    flat = np.asarray(labels).ravel().tolist()
    order = list(dict.fromkeys(flat))
    counts = {k: 0 for k in order}
    for v in flat:
        counts[v] += 1
    total = max(len(flat), 1)
    return sorted(((k, c, c / total) for k, c in counts.items()), key=lambda t: -t[1])


def regime_repr(m: Any) -> str:
    """A short text of a regime map (at most :data:`MAX_REPR` characters whatever its size)."""
    ny, nx = m.labels.shape
    head = (
        f"RegimeMap(x={grid_text(m.x_name, m.x, m.units[0], m.illustrative[0])} × "
        f"y={grid_text(m.y_name, m.y, m.units[1], m.illustrative[1])}, {nx}×{ny} points, regimes: "
    )
    parts = [f"{k or '(error)'} {100 * s:.0f}%" for k, _, s in regime_shares(m.labels)]
    budget = MAX_REPR - len(head) - 1
    shown: list[str] = []
    for k, part in enumerate(parts):
        rest = len(parts) - k - 1
        tail = f", … {rest} more" if rest else ""
        if len(", ".join(shown + [part]) + tail) > budget:
            break
        shown.append(part)
    hidden = len(parts) - len(shown)
    text = ", ".join(shown) + (f"{', ' if shown else ''}… {hidden} more" if hidden else "")
    out = head + text + ")"
    return out if len(out) <= MAX_REPR else out[: MAX_REPR - 2] + "…)"


def regime_html(m: Any, grid_cells: int = 100) -> str:
    """The notebook view of a regime map: the regimes with their shares, the axes, the grid when small."""
    rows = [[k or "(error)", c, f"{100 * s:.1f}%"] for k, c, s in regime_shares(m.labels)]
    regimes = html_table(["regime", "cells", "share"], rows, caption=f"Regime map: {m.labels.size:,} cells")
    axes = html_table(
        ["axis", "parameter", "points", "low", "high", "unit"],
        [["x", m.x_name + (" (illustrative)" if m.illustrative[0] else ""), len(m.x), float(m.x.min()),
          float(m.x.max()), m.units[0]],
         ["y", m.y_name + (" (illustrative)" if m.illustrative[1] else ""), len(m.y), float(m.y.min()),
          float(m.y.max()), m.units[1]]],
    )
    parts = [regimes, axes]
    if m.labels.size <= grid_cells:
        cols = [f"{m.y_name} \\ {m.x_name}"] + [format_cell(float(v)) for v in m.x]
        body = [[float(yv)] + list(row) for yv, row in zip(m.y, m.labels.tolist())]
        parts.append(html_table(cols, body, caption="Regime in each cell", max_rows=len(body)))
    return "<div>\n" + "\n".join(parts) + "\n</div>"


def regime_frame(m: Any, caller: str) -> Any:
    """A regime map in long format: one row per cell, the two parameters, ``regime`` (categorical) and ``solved``."""
    pd = require_pandas(caller)
    X, Y = np.meshgrid(m.x, m.y)
    labels = np.asarray(m.labels, dtype=object).ravel().tolist()
    return pd.DataFrame({
        m.x_name: X.ravel(),
        m.y_name: Y.ravel(),
        "regime": pd.Categorical(labels, categories=list(dict.fromkeys(labels))),
        "solved": np.asarray(m.solved, dtype=bool).ravel(),
    })


def regime_dataset(m: Any, caller: str) -> Any:
    """A regime map as an :class:`xarray.Dataset` on its grid (coordinates named after the parameters)."""
    xr = require_module("xarray", "tables", caller)
    dims = (m.y_name, m.x_name)
    coords = {
        m.x_name: (m.x_name, np.asarray(m.x, dtype=float),
                   {"units": m.units[0], "long_name": m.x_name, "illustrative": int(m.illustrative[0])}),
        m.y_name: (m.y_name, np.asarray(m.y, dtype=float),
                   {"units": m.units[1], "long_name": m.y_name, "illustrative": int(m.illustrative[1])}),
    }
    labels = np.asarray(m.labels, dtype=object).astype(str)
    data = {
        "regime": (dims, labels, {"long_name": "equilibrium regime"}),
        "solved": (dims, np.asarray(m.solved, dtype=bool), {"long_name": "cell solved (not inferred by refinement)"}),
    }
    return xr.Dataset(data, coords=coords, attrs={"regimes": "; ".join(m.regimes)})


def statistics_frame(names: Sequence[str], columns: Mapping[str, Any], caller: str, index: str = "parameter") -> Any:
    """A frame with one row per parameter (index named ``index``) and the given columns; None columns are left out.

    A ``(P, 2)`` array under a name ``c`` gives the columns ``c_low`` and ``c_high``.

    Examples
    --------
    >>> frame = statistics_frame(["a", "b"], {"mu": np.array([1.0, 2.0]), "mu_ci": None},
    ...                          "to_pandas()")
    >>> list(frame.columns), frame.index.name
    (['mu'], 'parameter')
    """
    pd = require_pandas(caller)
    data: dict[str, Any] = {}
    for name, values in columns.items():
        if values is None:
            continue
        arr = np.asarray(values)
        if arr.ndim == 2:
            data[f"{name}_low"], data[f"{name}_high"] = arr[:, 0], arr[:, 1]
        else:
            data[name] = arr
    return pd.DataFrame(data, index=pd.Index(list(names), name=index))
