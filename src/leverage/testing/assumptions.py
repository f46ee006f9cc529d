"""Check declared assumptions across the parameter space and report minimal counterexamples."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import HealthCheck, find, settings
from hypothesis.errors import NoSuchExample

from leverage.assumptions import Assumption
from leverage.checks import check_rng, check_seed
from leverage.parametric import ParametricGame
from leverage.testing.assertions import format_values
from leverage.testing.strategies import parameters

__all__ = ["AssumptionResult", "AssumptionReport", "check_assumptions", "MAX_EXAMPLES"]

#: Most draws :func:`check_assumptions` makes per assumption (each solves a game).
MAX_EXAMPLES = 10_000


@dataclass(frozen=True)
class AssumptionResult:
    """Outcome of checking one assumption.

    Attributes
    ----------
    assumption : Assumption
        The assumption checked.
    holds : bool
        False when a counterexample was found.
    counterexample : dict or None
        The minimal parameter values (after shrinking) at which it fails.
    error : str or None
        The exception raised by the check at the counterexample, if any.
    examples : int
        How many parameter draws were tried (at most).

    Examples
    --------
    >>> from leverage import Assumption
    >>> from leverage.scenarios import export_restriction_game
    >>> complies = Assumption("the US complies with licensing",
    ...                       lambda game, values: game.payoffs[1][1, 0] >= game.payoffs[1][1, 1])
    >>> result, = check_assumptions(export_restriction_game().with_assumptions(complies),
    ...                             max_examples=50).results
    >>> result.holds, result.counterexample["diversification_premium"] < 1.478  # the threshold at s = 0.91
    (False, True)
    >>> print(result)
    FAILS: the US complies with licensing at separation_share=0.91, us_import_dependence=0.7, diversification_premium=1.222222222
    """

    assumption: Assumption
    holds: bool
    counterexample: dict[str, float] | None
    error: str | None
    examples: int

    def __str__(self) -> str:
        if self.holds:
            return f"holds: {self.assumption.name} (no counterexample in {self.examples} draws)"
        why = f" ({self.error})" if self.error else ""
        return f"FAILS: {self.assumption.name} at {format_values(self.counterexample or {})}{why}"


@dataclass(frozen=True)
class AssumptionReport:
    """Results of :func:`check_assumptions`, one per assumption.

    Examples
    --------
    >>> from leverage import Assumption
    >>> from leverage.scenarios import export_restriction_game
    >>> licensing_pays = Assumption("China prefers licensing to an embargo when the US complies",
    ...                             lambda game, values: game.payoffs[0][1, 0] >= game.payoffs[0][2, 0])
    >>> complies = Assumption("the US complies with licensing",
    ...                       lambda game, values: game.payoffs[1][1, 0] >= game.payoffs[1][1, 1])
    >>> model = export_restriction_game().with_assumptions(licensing_pays, complies)
    >>> report = check_assumptions(model, max_examples=50)
    >>> report.ok, [r.assumption.name for r in report.failures]
    (False, ['the US complies with licensing'])
    >>> report.raise_if_failed()
    Traceback (most recent call last):
    ...
    AssertionError: assumptions fail:
    FAILS: the US complies with licensing at ...
    """

    results: tuple[AssumptionResult, ...]

    @property
    def ok(self) -> bool:
        """Whether every assumption holds on every draw tried."""
        return all(r.holds for r in self.results)

    @property
    def failures(self) -> tuple[AssumptionResult, ...]:
        """The results with a counterexample."""
        return tuple(r for r in self.results if not r.holds)

    def __str__(self) -> str:
        return "\n".join(str(r) for r in self.results)

    def raise_if_failed(self) -> None:
        """Raise ``AssertionError`` listing every counterexample."""
        if not self.ok:
            raise AssertionError("assumptions fail:\n" + "\n".join(str(r) for r in self.failures))


def check_assumptions(
    model: ParametricGame,
    assumptions: Sequence[Assumption] | None = None,
    max_examples: int = 200,
    *,
    rng: Any = None,
    seed: int | None = None,
) -> AssumptionReport:
    """Search the parameter space for counterexamples to a model's assumptions.

    For each assumption hypothesis draws parameter values inside their
    ranges (:func:`~leverage.testing.strategies.parameters`) and, once it
    finds values where the assumption fails, shrinks them towards the
    calibration: the reported counterexample moves as few parameters, by as
    little, as it can.

    Parameters
    ----------
    model : ParametricGame
        The model; its ``assumptions`` are checked unless others are given.
    assumptions : sequence of Assumption, optional
        Assumptions to check instead of ``model.assumptions``.
    max_examples : int
        Parameter draws tried per assumption.
    rng : numpy.random.Generator or int, optional
        Seeds hypothesis' search: a non-negative integer seed, or a generator
        (one seed is drawn from it, so its state advances); None: the fixed
        seed 0, so the search is reproducible by default (pass
        ``numpy.random.default_rng()`` for a fresh one).
    seed : int, optional
        The older name of an integer ``rng`` (give one of the two).

    Returns
    -------
    AssumptionReport

    Raises
    ------
    TypeError
        If ``model`` is not a ParametricGame or an assumption is not an Assumption.
        Or if ``rng`` is not a generator, an integer or None, or both ``rng``
        and ``seed`` are given.
    ValueError
        If ``max_examples`` is not a positive integer, or there is nothing to check.

    Examples
    --------
    >>> from leverage import Assumption
    >>> from leverage.scenarios import export_restriction_game
    >>> licensing_beats_embargo = Assumption(
    ...     "licensing beats an embargo against compliance",
    ...     lambda game, values: game.payoffs[0][1, 0] >= game.payoffs[0][2, 0])
    >>> always_complies = Assumption(
    ...     "the US complies with licensing",
    ...     lambda game, values: game.payoffs[1][1, 0] >= game.payoffs[1][1, 1])
    >>> report = check_assumptions(export_restriction_game(), [licensing_beats_embargo, always_complies])
    >>> report.ok
    False
    >>> print(report.results[0])
    holds: licensing beats an embargo against compliance (no counterexample in 200 draws)
    >>> report.results[1].counterexample["diversification_premium"] < 1.478  # below the compliance threshold
    True
    """
    caller = "check_assumptions()"
    if not isinstance(model, ParametricGame):
        raise TypeError(f"{caller}: model must be a ParametricGame; got {type(model).__name__}")
    if isinstance(max_examples, bool) or not isinstance(max_examples, int) or max_examples < 1:
        raise ValueError(f"{caller}: max_examples must be a positive integer; got {max_examples!r}")
    if max_examples > MAX_EXAMPLES:
        raise ValueError(f"{caller}: max_examples={max_examples:,} is more than MAX_EXAMPLES={MAX_EXAMPLES:,}")
    generator = check_rng(0 if rng is None and seed is None else rng, caller, seed=seed)
    base = int(generator.integers(2**63)) if isinstance(rng, np.random.Generator) else (
        0 if rng is None and seed is None else check_seed(rng if seed is None else seed, caller))
    if assumptions is not None and (isinstance(assumptions, (str, bytes)) or not isinstance(assumptions, Iterable)):
        raise TypeError(f"{caller}: assumptions must be a sequence of Assumption objects, or None; got {assumptions!r}")
    chosen = tuple(model.assumptions if assumptions is None else assumptions)
    if not chosen:
        raise ValueError(f"{caller}: the model has no assumptions to check; pass some or attach them")
    for a in chosen:
        if not isinstance(a, Assumption):
            raise TypeError(f"{caller}: assumptions must be Assumption objects; got {type(a).__name__}")
    config = settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    results = []
    for a in chosen:
        errors: dict[tuple, str] = {}

        def fails(values: dict[str, float], a: Assumption = a, errors: dict = errors) -> bool:
            try:
                return not bool(a.holds(model.game(**values), dict(values)))
            except Exception as exc:  # a crash of the check is a counterexample too
                errors[tuple(values.items())] = f"{type(exc).__name__}: {exc}"
                return True

        try:
            found = find(parameters(model.parameters), fails, settings=config, random=random.Random(base))
        except NoSuchExample:
            results.append(AssumptionResult(a, True, None, None, max_examples))
            continue
        results.append(AssumptionResult(a, False, dict(found), errors.get(tuple(found.items())), max_examples))
    return AssumptionReport(tuple(results))
