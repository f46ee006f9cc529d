"""Named, sourced, ranged parameters.

Every number that enters a leverage model is a :class:`Parameter`: a calibrated
value, a plausible range to sweep, a unit and the source it comes from. A
:class:`ParameterSet` is an ordered mapping of names to parameters.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace as _dc_replace
from typing import Any

import numpy as np

from leverage.checks import UnknownNameError, check_rng, real_array
from leverage.display import categorical, html_table, require_pandas

__all__ = ["PARAMETER_COLUMNS", "Parameter", "ParameterSet", "require_parameters"]

#: The columns of a parameter set's table (:meth:`ParameterSet._repr_html_`).
PARAMETER_COLUMNS: tuple[str, ...] = ("name", "value", "low", "high", "unit", "source", "illustrative")


def finite_float(value: Any, caller: str, argument: str) -> float:
    """``value`` as a finite float (a helper of the library, not in ``__all__``).

    Parameters
    ----------
    value : real number
        The value to check; bools, strings and complex numbers are refused.
    caller : str
        The callable to name in the error messages, e.g. ``"Parameter()"``.
    argument : str
        The argument checked, for the error messages.

    Returns
    -------
    float
        ``float(value)``.

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If it is NaN or infinite.
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{caller}: {argument} must be a real number; got a bool ({value!r})")
    if isinstance(value, (str, bytes, complex, np.complexfloating)):
        raise TypeError(f"{caller}: {argument} must be a real number; got {value!r}")
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{caller}: {argument} must be a real number; got {value!r}") from None
    if not math.isfinite(out):
        raise ValueError(f"{caller}: {argument} must be finite; got {value!r}")
    return out


@dataclass(frozen=True)
class Parameter:
    """A calibrated value with its plausible range, unit and source.

    Parameters
    ----------
    value : float
        The calibrated (default) value.
    low, high : float
        The plausible range, ``low <= value <= high``.
    unit : str
        Unit of the value, for example ``"share"`` or ``"USD/kg"``.
    source : str
        Where the value and the range come from. Must not be empty.
    note : str, optional
        Free-text remark (assumptions, conversions).
    illustrative : bool, optional
        Whether the value is illustrative (chosen to show a mechanism, not
        taken from a published figure). A parameter whose source starts with
        ``"illustrative"`` is illustrative whatever this flag says; tables of
        parameters print the flag beside the source.

    Raises
    ------
    TypeError
        If a number is not real or a text field is not a string.
    ValueError
        If a number is not finite, ``low > high``, the value lies outside
        ``[low, high]`` or the source is empty.

    Examples
    --------
    >>> share = Parameter(0.91, 0.85, 0.95, "share",
    ...                   "IEA Global Critical Minerals Outlook 2024")
    >>> share.value, share.low, share.high
    (0.91, 0.85, 0.95)
    >>> share.with_value(0.95).value
    0.95
    >>> share.illustrative, Parameter(0.5, 0.1, 0.9, "share", "illustrative").illustrative
    (False, True)
    """

    value: float
    low: float
    high: float
    unit: str
    source: str
    note: str | None = None
    illustrative: bool = False

    def __post_init__(self) -> None:
        caller = "Parameter()"
        if not isinstance(self.illustrative, (bool, np.bool_)):
            raise TypeError(f"{caller}: illustrative must be True or False; got {self.illustrative!r}")
        for field in ("value", "low", "high"):
            object.__setattr__(self, field, finite_float(getattr(self, field), caller, field))
        if not isinstance(self.unit, str):
            raise TypeError(f"{caller}: unit must be a string; got {self.unit!r}")
        if not isinstance(self.source, str):
            raise TypeError(f"{caller}: source must be a string; got {self.source!r}")
        if not self.source.strip():
            raise ValueError(f"{caller}: source must be a non-empty citation; got {self.source!r}")
        if self.note is not None and not isinstance(self.note, str):
            raise TypeError(f"{caller}: note must be a string or None; got {self.note!r}")
        flagged = bool(self.illustrative) or self.source.strip().casefold().startswith("illustrative")
        object.__setattr__(self, "illustrative", flagged)
        if self.low > self.high:
            raise ValueError(f"{caller}: low ({self.low}) is greater than high ({self.high})")
        if not self.low <= self.value <= self.high:
            raise ValueError(
                f"{caller}: value {self.value} lies outside its range [{self.low}, {self.high}]"
            )

    @property
    def range(self) -> tuple[float, float]:
        """The plausible range ``(low, high)``."""
        return (self.low, self.high)

    def with_value(self, value: float) -> Parameter:
        """Return a copy with another value inside the same range.

        Raises
        ------
        ValueError
            If ``value`` lies outside ``[low, high]``.
        """
        return _dc_replace(self, value=value)

    def contains(self, values: Any) -> np.ndarray | bool:
        """Whether ``values`` (scalar or array) lie inside ``[low, high]``."""
        arr = np.asarray(values, dtype=float)
        inside = (arr >= self.low) & (arr <= self.high)
        return bool(inside) if inside.ndim == 0 else inside


class ParameterSet(Mapping[str, Parameter]):
    """An ordered, immutable mapping of names to :class:`Parameter` objects.

    Parameters
    ----------
    parameters : mapping of str to Parameter, optional
        The parameters, in the order to keep.
    **kwargs : Parameter
        More parameters given by keyword.

    Raises
    ------
    TypeError
        If a name is not a string or a value is not a :class:`Parameter`.
    ValueError
        If a name is not a valid identifier or appears twice.

    Examples
    --------
    >>> ps = ParameterSet(
    ...     rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"),
    ...     loss=Parameter(4.0, 2.0, 8.0, "bn USD/yr", "illustrative"),
    ... )
    >>> ps.defaults
    {'rent': 1.0, 'loss': 4.0}
    >>> ps.replace(loss=6.0).defaults
    {'rent': 1.0, 'loss': 6.0}
    >>> ps.names
    ('rent', 'loss')

    It is a :class:`~collections.abc.Mapping`: ``values()`` gives the
    :class:`Parameter` objects, ``defaults`` their values.

    >>> [p.high for p in ps.values()], dict(ps.items())["rent"].unit
    ([2.0, 8.0], 'bn USD/yr')
    """

    __slots__ = ("_params",)

    def __init__(self, parameters: Mapping[str, Parameter] | None = None, **kwargs: Parameter):
        caller = "ParameterSet()"
        items: list[tuple[str, Parameter]] = []
        if parameters is not None:
            if not isinstance(parameters, Mapping):
                raise TypeError(
                    f"{caller}: parameters must be a mapping of names to Parameter; "
                    f"got {type(parameters).__name__}"
                )
            items.extend(parameters.items())
        items.extend(kwargs.items())
        params: dict[str, Parameter] = {}
        for name, param in items:
            if not isinstance(name, str):
                raise TypeError(f"{caller}: parameter names must be strings; got {name!r}")
            if not name.isidentifier():
                raise ValueError(f"{caller}: parameter name {name!r} is not a valid identifier")
            if name in params:
                raise ValueError(f"{caller}: duplicate parameter name {name!r}")
            if not isinstance(param, Parameter):
                raise TypeError(
                    f"{caller}: parameter {name!r} must be a Parameter; got {type(param).__name__}"
                )
            params[name] = param
        self._params = params

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._params[name]
        except KeyError:
            raise UnknownNameError(f"unknown parameter {name!r}; known: {', '.join(self._params)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)

    def __repr__(self) -> str:
        inner = ", ".join(
            f"{k}={p.value:g} [{p.low:g}, {p.high:g}] {p.unit}".rstrip() for k, p in self._params.items()
        )
        return f"ParameterSet({inner})"

    @property
    def names(self) -> tuple[str, ...]:
        """Parameter names in order."""
        return tuple(self._params)

    @property
    def defaults(self) -> dict[str, float]:
        """The parameters' values as a ``{name: value}`` dict, in order.

        These are the values every model built on the set uses unless a draw or
        an override sets another. (``values()`` is the :class:`~collections.abc.Mapping`
        method: a view of the :class:`Parameter` objects.)
        """
        return {k: p.value for k, p in self._params.items()}

    @property
    def lows(self) -> np.ndarray:
        """Lower ends of the ranges, in order."""
        return np.array([p.low for p in self._params.values()])

    @property
    def highs(self) -> np.ndarray:
        """Upper ends of the ranges, in order."""
        return np.array([p.high for p in self._params.values()])

    def replace(self, **values: float) -> ParameterSet:
        """Return a new set with some values replaced (ranges and sources kept).

        Raises
        ------
        KeyError
            If a name is not a parameter of the set.
        ValueError
            If a new value lies outside its parameter's range.
        """
        new = dict(self._params)
        for name, value in values.items():
            if name not in new:
                raise UnknownNameError(
                    f"ParameterSet.replace(): unknown parameter {name!r}; known: {', '.join(new)}"
                )
            param = new[name]
            value = finite_float(value, "ParameterSet.replace()", name)
            if not param.low <= value <= param.high:
                raise ValueError(
                    f"ParameterSet.replace(): {name}={value:g} lies outside its range "
                    f"[{param.low:g}, {param.high:g}]"
                )
            new[name] = param.with_value(value)
        return ParameterSet(new)

    def sample(self, n: int, *, rng: Any = None, seed: int | None = None, method: str = "lhs") -> np.ndarray:
        """Draw ``n`` points inside the parameters' ranges.

        Parameters
        ----------
        n : int
            Number of draws.
        rng : numpy.random.Generator or int, optional
            The random generator (used as it is, so its state advances), or
            a non-negative integer seed for reproducible draws; None: fresh
            entropy.
        seed : int, optional
            The older name of an integer ``rng`` (give one of the two).
        method : {"lhs", "sobol", "random"}
            Latin hypercube (``scipy.stats.qmc.LatinHypercube``), scrambled
            Sobol' points (``scipy.stats.qmc.Sobol``), or independent uniform
            draws (Monte Carlo).

        Returns
        -------
        numpy.ndarray
            Shape ``(n, len(self))``, columns in the order of :attr:`names`;
            pass it to :meth:`leverage.ParametricGame.batch`.

        Raises
        ------
        ValueError
            If ``n`` is not a positive integer or ``method`` is unknown.
        TypeError
            If ``rng`` is not a generator, an integer or None, or both
            ``rng`` and ``seed`` are given.

        Examples
        --------
        >>> ps = ParameterSet(a=Parameter(1.0, 0.0, 2.0, "u", "s"), b=Parameter(5.0, 4.0, 8.0, "u", "s"))
        >>> draws = ps.sample(8, rng=1)
        >>> bool(np.array_equal(draws, ps.sample(8, seed=1)))
        True
        >>> draws.shape, bool((draws[:, 0] >= 0).all() and (draws[:, 1] <= 8).all())
        ((8, 2), True)
        >>> # a Latin hypercube puts exactly one draw in each eighth of every range
        >>> np.sort(np.floor(draws[:, 0] / 2 * 8)).astype(int).tolist()
        [0, 1, 2, 3, 4, 5, 6, 7]
        """
        from scipy.stats import qmc

        caller = "ParameterSet.sample()"
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{caller}: n must be a positive integer; got {n!r}")
        d = len(self._params)
        if d == 0:
            raise ValueError(f"{caller}: the parameter set is empty")
        rng = check_rng(rng, caller, seed=seed)
        if method == "lhs":
            unit = qmc.LatinHypercube(d=d, seed=rng).random(int(n))
        elif method == "sobol":
            unit = qmc.Sobol(d=d, scramble=True, seed=rng).random(int(n))
        elif method == "random":
            unit = rng.random((int(n), d))
        else:
            raise ValueError(f"{caller}: unknown method {method!r}; choose 'lhs', 'sobol' or 'random'")
        return qmc.scale(unit, self.lows, self.highs) if np.all(self.highs > self.lows) else (
            self.lows + unit * (self.highs - self.lows)
        )

    def table_rows(self) -> list[tuple[str, float, float, float, str, str, bool]]:
        """One row per parameter: ``(name, value, low, high, unit, source, illustrative)``.

        The rows of :meth:`_repr_html_` and :meth:`to_pandas`.

        Examples
        --------
        >>> ParameterSet(a=Parameter(1.0, 0.0, 2.0, "u", "illustrative")).table_rows()
        [('a', 1.0, 0.0, 2.0, 'u', 'illustrative', True)]
        """
        return [(k, p.value, p.low, p.high, p.unit, p.source, bool(p.illustrative)) for k, p in self._params.items()]

    def _repr_html_(self) -> str:
        """The parameters as an HTML table for Jupyter; illustrative ones are marked so."""
        rows = [(*row[:6], "yes (illustrative)" if row[6] else "no") for row in self.table_rows()]
        flagged = sum(1 for row in self.table_rows() if row[6])
        caption = f"ParameterSet: {len(rows)} parameter{'s' * (len(rows) != 1)} ({flagged} illustrative)"
        return html_table(PARAMETER_COLUMNS, rows, caption=caption)

    def to_pandas(self) -> Any:
        """The parameters as a ``pandas.DataFrame`` indexed by name.

        Columns ``value``, ``low``, ``high`` (floats, exactly the parameters'),
        ``unit``, ``source``, ``illustrative`` (bool) and ``note``.

        Raises
        ------
        ImportError
            If pandas is not installed (``pip install 'leverage[tables]'``).

        Examples
        --------
        >>> ps = ParameterSet(rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"))
        >>> frame = ps.to_pandas()
        >>> float(frame.loc["rent", "high"]), bool(frame.loc["rent", "illustrative"])
        (2.0, True)
        """
        pd = require_pandas("ParameterSet.to_pandas()")
        rows = self.table_rows()
        frame = pd.DataFrame(
            {
                "value": pd.Series([r[1] for r in rows], dtype=float),
                "low": pd.Series([r[2] for r in rows], dtype=float),
                "high": pd.Series([r[3] for r in rows], dtype=float),
                "unit": pd.Series([r[4] for r in rows], dtype=object),
                "source": pd.Series([r[5] for r in rows], dtype=object),
                "illustrative": pd.Series([r[6] for r in rows], dtype=bool),
                "note": pd.Series([p.note for p in self._params.values()], dtype=object),
            }
        )
        frame.index = pd.Index([r[0] for r in rows], name="name", dtype=object)
        return categorical(frame)

    def to_salib_problem(self) -> dict[str, Any]:
        """The set as a SALib *problem* dict: every parameter uniform over its range.

        ``{"num_vars": P, "names": [...], "bounds": [[low, high], ...], "dists": ["unif", ...]}``,
        in the order of :attr:`names`, for ``SALib.sample`` and ``SALib.analyze``.
        A parameter with ``low == high`` cannot be sampled by SALib and is refused:
        fix it by leaving it out (``require_parameters(ps, names, ...)`` picks the others).

        Raises
        ------
        ValueError
            If the set is empty or a parameter's range has zero width.

        Examples
        --------
        >>> ps = ParameterSet(rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "s"), loss=Parameter(4.0, 2.0, 8.0, "bn USD/yr", "s"))
        >>> ps.to_salib_problem()
        {'num_vars': 2, 'names': ['rent', 'loss'], 'bounds': [[0.5, 2.0], [2.0, 8.0]], 'dists': ['unif', 'unif']}
        >>> ParameterSet(k=Parameter(1.0, 1.0, 1.0, "u", "s")).to_salib_problem()
        Traceback (most recent call last):
        ...
        ValueError: ParameterSet.to_salib_problem(): parameter 'k' has a zero-width range [1, 1]; SALib cannot sample it: leave it out of the set
        """
        caller = "ParameterSet.to_salib_problem()"
        if not self._params:
            raise ValueError(f"{caller}: the parameter set is empty")
        for name, p in self._params.items():
            if not p.low < p.high:
                raise ValueError(
                    f"{caller}: parameter {name!r} has a zero-width range [{p.low:g}, {p.high:g}]; "
                    f"SALib cannot sample it: leave it out of the set"
                )
        return {
            "num_vars": len(self._params),
            "names": list(self._params),
            "bounds": [[p.low, p.high] for p in self._params.values()],
            "dists": ["unif"] * len(self._params),
        }

    def check_values(self, values: Mapping[str, Any], caller: str) -> dict[str, np.ndarray]:
        """Validate a mapping of (scalar or array) values against the set.

        Missing names take their calibrated values. Returns float arrays.

        Raises
        ------
        KeyError
            If a name is unknown.
        ValueError
            If a value is non-finite or outside its parameter's range.
        """
        out: dict[str, np.ndarray] = {}
        unknown = [k for k in values if k not in self._params]
        if unknown:
            raise UnknownNameError(
                f"{caller}: unknown parameter(s) {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(self._params)}"
            )
        for name, param in self._params.items():
            if name not in values:
                out[name] = np.asarray(param.value, dtype=float)
                continue
            arr = real_array(values[name], f"the values of {name!r}", caller, finite=False)
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"{caller}: values of {name!r} must be finite")
            bad = (arr < param.low) | (arr > param.high)
            if np.any(bad):
                first = arr[bad].flat[0] if arr.ndim else float(arr)
                raise ValueError(
                    f"{caller}: {name}={first:g} lies outside its range [{param.low:g}, {param.high:g}]"
                )
            out[name] = arr
        return out


def require_parameters(parameters: Any, names: Iterable[str], caller: str) -> ParameterSet:
    """The parameters called ``names``, taken in that order from the set ``parameters``.

    A model built on a user's :class:`ParameterSet` checks it with this: the
    set may hold more parameters than the model needs, never fewer.

    Raises
    ------
    TypeError
        If ``parameters`` is not a :class:`ParameterSet`.
    KeyError
        If a name is missing (an :class:`~leverage.checks.UnknownNameError`,
        also a ``ValueError``).

    Examples
    --------
    >>> ps = ParameterSet(rent=Parameter(1.0, 0.5, 2.0, "bn USD", "s"), loss=Parameter(4.0, 2.0, 8.0, "bn USD", "s"))
    >>> require_parameters(ps, ["loss"], "model()").names
    ('loss',)
    >>> require_parameters(ps, ["loss", "cost"], "model()")
    Traceback (most recent call last):
    ...
    leverage.checks.UnknownNameError: model(): parameters lack cost
    """
    if not isinstance(parameters, ParameterSet):
        raise TypeError(f"{caller}: parameters must be a ParameterSet or None; got {type(parameters).__name__}")
    if isinstance(names, (str, bytes)) or not isinstance(names, Iterable):
        raise TypeError(f"{caller}: names must be a sequence of parameter names; got {names!r}")
    names = list(names)
    if not all(isinstance(k, str) for k in names):
        raise TypeError(f"{caller}: names must hold strings; got {names!r}")
    missing = [k for k in names if k not in parameters]
    if missing:
        raise UnknownNameError(f"{caller}: parameters lack {', '.join(missing)}")
    return ParameterSet({k: parameters[k] for k in names})
