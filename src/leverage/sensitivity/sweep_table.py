"""The table of a parameter sweep: :class:`SweepResult`, its exports (pandas, Parquet, ``.npz``) and notebook view.

:func:`~leverage.sensitivity.sweep` returns a :class:`SweepResult`: one row
per draw, columns as 1-D numpy arrays. The table saves to a ``.npz`` file
without pickle (:meth:`SweepResult.save`, :meth:`SweepResult.load`), turns
into a :class:`pandas.DataFrame` whose ``regime`` and ``status`` are
categoricals (:meth:`SweepResult.to_pandas`) and into a Parquet file
(:meth:`SweepResult.to_parquet`, through pandas and pyarrow: the ``tables``
extra). In a notebook it shows its status counts and its first rows.

Examples
--------
>>> res = SweepResult({"a": np.array([1.0, 2.0]), "status": np.array(["ok", "error"]),
...                    "error": np.array(["", "ZeroDivisionError: division by zero"])})
>>> res.failures()
{1: 'ZeroDivisionError: division by zero'}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from leverage.checks import UnknownNameError
from leverage.display import require_module
from leverage.sensitivity.checkpoint import read_table, write_table
from leverage.sensitivity.frames import status_summary, sweep_frame, sweep_html

__all__ = ["SweepResult"]


@dataclass(frozen=True, eq=False)
class SweepResult:
    """The table of a parameter sweep: one row per draw, columns as 1-D numpy arrays.

    Attributes
    ----------
    columns : dict of str to numpy.ndarray
        In a stable order: the parameters (in ``model.parameters.names``
        order), ``payoff_<player>`` for each player, ``p_<player>_<strategy>``
        for every strategy, ``n_equilibria``, ``regime``, ``status``,
        ``error`` (the exception of a row in error, as ``"Type: message"``;
        empty elsewhere) and, when an outcome function was given, ``outcome``.
    select : str
        The selection rule used.

    Examples
    --------
    >>> res = SweepResult({"a": np.array([1.0, 2.0]), "status": np.array(["ok", "error"])})
    >>> len(res), res.names
    (2, ('a', 'status'))
    >>> res.status_counts()
    {'ok': 1, 'error': 1}
    """

    columns: dict[str, np.ndarray]
    select: str = "first"
    _recomputed: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.columns, Mapping) or not self.columns:
            raise TypeError("SweepResult(): columns must be a non-empty mapping of names to 1-D arrays")
        cols = {}
        for name, arr in self.columns.items():
            arr = np.asarray(arr)
            if arr.ndim != 1:
                raise ValueError(f"SweepResult(): column {name!r} must be 1-D; got shape {arr.shape}")
            cols[str(name)] = arr
        lengths = {len(a) for a in cols.values()}
        if len(lengths) > 1:
            raise ValueError(f"SweepResult(): columns have different lengths {sorted(lengths)}")
        object.__setattr__(self, "columns", cols)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))

    def __repr__(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in self.status_counts().items()) if "status" in self.columns else ""
        return f"SweepResult({len(self)} rows, {len(self.columns)} columns; {counts or 'no status'})"

    def _repr_html_(self) -> str:
        """The notebook view: the status counts and the first rows of the table (cells escaped)."""
        return sweep_html(self.columns, len(self))

    @property
    def names(self) -> tuple[str, ...]:
        """Column names, in order."""
        return tuple(self.columns)

    def column(self, name: str) -> np.ndarray:
        """One column as a 1-D array.

        Raises
        ------
        KeyError
            If there is no column ``name``.
        """
        try:
            return self.columns[name]
        except KeyError:
            raise UnknownNameError(f"SweepResult.column(): no column {name!r}; columns: {', '.join(self.columns)}") from None

    def status_counts(self) -> dict[str, int]:
        """Number of rows of each status present, in the order of :data:`SWEEP_STATUSES`."""
        return status_summary(self.column("status"))

    def failures(self) -> dict[int, str]:
        """``{row: error}`` for every row that records an error (``"Type: message"``), in row order.

        Rows in error whose table has no ``error`` column (a table saved
        before errors were recorded) are listed with an empty message.
        """
        status = self.columns.get("status")
        error = self.columns.get("error")
        rows = np.zeros(len(self), dtype=bool)
        if status is not None:
            rows |= status == "error"
        if error is not None:
            rows |= error != ""
        return {int(r): (str(error[r]) if error is not None else "") for r in np.flatnonzero(rows)}

    def to_pandas(self) -> Any:
        """The table as a :class:`pandas.DataFrame`: ``regime`` and ``status`` categorical, ``error`` text.

        The statuses take the categories of :data:`SWEEP_STATUSES` in that
        order (so that frames of different sweeps concatenate), the regimes
        their order of first appearance. Rows in error are found with
        ``frame.query("status == 'error'")``, their exception in
        ``frame["error"]``.

        Raises
        ------
        ImportError
            If pandas is not installed (``pip install 'leverage[tables]'``).
        """
        return sweep_frame(self.columns, "SweepResult.to_pandas()")

    def to_parquet(self, path: str | os.PathLike[str]) -> Path:
        """Write the table to a Parquet file through pandas and pyarrow (categoricals kept); returns the path.

        Raises
        ------
        TypeError
            If ``path`` is not a path.
        ImportError
            If pandas or pyarrow is missing (``pip install 'leverage[tables]'``).
        """
        caller = "SweepResult.to_parquet()"
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"{caller}: path must be a file path; got {type(path).__name__}")
        require_module("pyarrow", "tables", caller)
        frame = sweep_frame(self.columns, caller)
        frame.to_parquet(Path(path), engine="pyarrow", index=False)
        return Path(path)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the table to ``path`` (a ``.npz`` file of the columns; no pickle).

        The column order and the selection rule are stored as JSON inside the
        archive; text columns are stored as unicode arrays.

        Returns
        -------
        pathlib.Path
            The path written (``.npz`` appended when missing).
        """
        path = Path(path)
        if path.suffix != ".npz":
            path = path.with_name(path.name + ".npz")
        write_table(path, self.columns, self.select)
        return path

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> SweepResult:
        """Read a table written by :meth:`save` (``allow_pickle=False``).

        Raises
        ------
        ValueError
            If the file is not a saved sweep.
        """
        columns, select = read_table(Path(path), "SweepResult.load()")
        return cls(columns, select=select)
