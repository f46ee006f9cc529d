"""The headline findings as one object: a tuple of :class:`~leverage.scenarios.findings.Finding` for notebooks and tables.

:class:`Findings` is what :func:`leverage.scenarios.analysis.headline_findings`
returns and :attr:`leverage.scenarios.analysis.Analysis.findings` holds: Jupyter
shows it as a table (:meth:`Findings._repr_html_`) and :meth:`Findings.to_pandas`
gives one row per finding.
"""

from __future__ import annotations

import math
from typing import Any

from leverage.display import categorical, require_pandas
from leverage.scenarios.findings import Finding, findings_html

__all__ = ["Findings", "flat_row"]


def flat_row(finding: Finding) -> dict[str, Any]:
    """A finding as one flat row: the fields of :meth:`Finding.as_dict`, the nearest flip over ``flip_*`` columns.

    A missing number is NaN, a missing text None; the illustrative parameters are joined by commas.

    Examples
    --------
    >>> from leverage.scenarios.findings import NearestFlip
    >>> f = Finding("race", "a wins.", "a wins", 0.5, 0.01, NearestFlip("a", 0.8, 0.5, -0.3, "b wins"), None, "low")
    >>> row = flat_row(f)
    >>> row["flip_parameter"], row["flip_to"], row["illustrative_share"]
    ('a', 0.5, nan)
    """
    if not isinstance(finding, Finding):
        raise TypeError(f"flat_row(): finding must be a Finding; got {type(finding).__name__}")
    flip = finding.nearest_flip
    row = {k: v for k, v in finding.as_dict().items() if k != "nearest_flip"}
    row.update(flip_parameter=None if flip is None else flip.parameter,
               flip_from=math.nan if flip is None else float(flip.value),
               flip_to=math.nan if flip is None else float(flip.to),
               flip_relative_change=math.nan if flip is None else float(flip.relative_change),
               flip_result=None if flip is None else flip.result)
    share = finding.illustrative_share
    row.update(robustness=float(finding.robustness), robustness_se=float(finding.robustness_se),
               illustrative_share=math.nan if share is None else float(share), illustrative=", ".join(finding.illustrative))
    return row


class Findings(tuple):
    """The headline findings: a tuple of :class:`Finding` that Jupyter shows as a table.

    It is a ``tuple`` (and compares equal to a list of the same findings) with
    :meth:`_repr_html_` and :meth:`to_pandas`.

    Parameters
    ----------
    findings : iterable of Finding
        The findings, in order.

    Raises
    ------
    TypeError
        If an item is not a :class:`Finding`.

    Examples
    --------
    >>> f = Finding("race", "<a> wins.", "a wins", 0.5, 0.01, None, None, "low", ("b",), 512)
    >>> found = Findings([f])
    >>> found == [f], found == (f,), len(found)
    (True, True, 1)
    >>> "&lt;a&gt; wins." in found._repr_html_()
    True
    """

    def __new__(cls, findings: Any = ()) -> Findings:
        if isinstance(findings, (str, bytes)) or not hasattr(findings, "__iter__"):
            raise TypeError(f"Findings(): findings must be an iterable of Finding; got {type(findings).__name__}")
        items = tuple(findings)
        for k, item in enumerate(items):
            if not isinstance(item, Finding):
                raise TypeError(f"Findings(): item {k} must be a Finding; got {type(item).__name__}")
        return super().__new__(cls, items)

    def __eq__(self, other: object) -> bool:
        return tuple.__eq__(self, tuple(other) if isinstance(other, list) else other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        return f"Findings({list(self)!r})"

    def _repr_html_(self) -> str:
        """The findings as an HTML table for Jupyter, one row each (every text escaped; :func:`findings_html`).

        Illustrative parameters are named as such in their column.
        """
        return findings_html(self)

    def to_pandas(self) -> Any:
        """The findings as a ``pandas.DataFrame``, one row each (the columns of :func:`flat_row`).

        ``confidence`` is an ordered categorical (low < medium < high); a
        missing figure is NaN (numbers) or None (texts).

        Raises
        ------
        ImportError
            If pandas is not installed (``pip install 'leverage[tables]'``).

        Examples
        --------
        >>> f = Finding("race", "a wins.", "a wins", 0.5, 0.01, None, None, "low", ("b",), 512)
        >>> Findings([f]).to_pandas().loc[0, "robustness"]
        np.float64(0.5)
        """
        pd = require_pandas("Findings.to_pandas()")
        rows = [flat_row(f) for f in self]
        columns = list(flat_row(Finding("x", "x", "x", 0.0, 0.0, None, None, "low")))
        frame = categorical(pd.DataFrame(rows, columns=columns))
        frame["confidence"] = pd.Categorical(list(frame["confidence"]), categories=["low", "medium", "high"],
                                             ordered=True)
        return frame
