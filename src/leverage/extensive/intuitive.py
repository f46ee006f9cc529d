"""The intuitive criterion of Cho and Kreps (1987) for pure equilibria of signalling games.

An off-path message ``m`` is *equilibrium-dominated* for a type when even the
receiver's most favourable best response to ``m`` gives that type less than
its equilibrium payoff. A perfect Bayesian equilibrium fails the criterion if,
once the receiver puts no weight on those types, some other type gains from
``m`` against every best response the receiver could then choose.

Examples
--------
>>> from leverage.extensive.signalling import beer_quiche, pure_pbe
>>> game = beer_quiche()
>>> [intuitive_criterion(game, eq).passes for eq in pure_pbe(game)]
[True, False]

References
----------
Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
*Quarterly Journal of Economics* 102(2), 179-221, section IV.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from leverage.extensive.signalling import SignallingGame, SignallingPBE
from leverage.tolerance import resolve_rtol

__all__ = ["MessageTest", "IntuitiveCriterionResult", "intuitive_criterion"]


@dataclass(frozen=True, eq=False)
class MessageTest:
    """The intuitive criterion's test of one off-path message.

    Attributes
    ----------
    message : str
    best_payoffs : dict
        ``{type: the best payoff the type could get from the message}`` against
        any best response of the receiver to any belief.
    dominated : tuple of str
        Types for which the message is equilibrium-dominated: their equilibrium
        payoff exceeds ``best_payoffs`` (beyond the tolerance).
    remaining : tuple of str
        The other types.
    responses : tuple of str
        The receiver's pure best responses to beliefs concentrated on ``remaining``.
    breaking : tuple of str
        Types that gain from the message against every one of ``responses``;
        non-empty means the equilibrium fails the criterion.

    Examples
    --------
    >>> from leverage.extensive.signalling import beer_quiche, pure_pbe
    >>> game = beer_quiche()
    >>> test, = intuitive_criterion(game, pure_pbe(game)[0]).tests
    >>> test.message, test.dominated, test.responses, test.passes
    ('Quiche', ('Strong',), ('Duel',), True)
    """

    message: str
    best_payoffs: Mapping[str, float]
    dominated: tuple[str, ...]
    remaining: tuple[str, ...]
    responses: tuple[str, ...]
    breaking: tuple[str, ...]

    @property
    def passes(self) -> bool:
        """Whether no type breaks the equilibrium with this message."""
        return not self.breaking


@dataclass(frozen=True, eq=False)
class IntuitiveCriterionResult:
    """The intuitive criterion applied to a pure PBE.

    Attributes
    ----------
    pbe : SignallingPBE
    passes : bool
        Whether the equilibrium survives.
    tests : tuple of MessageTest
        One per off-path message.

    Examples
    --------
    >>> from leverage.extensive.signalling import beer_quiche, pure_pbe
    >>> game = beer_quiche()
    >>> result = intuitive_criterion(game, pure_pbe(game)[1])
    >>> result
    IntuitiveCriterionResult(fails: Beer breaks it for Strong)
    >>> result.tests[0].dominated, result.tests[0].responses
    (('Weak',), ('NoDuel',))
    """

    pbe: SignallingPBE
    passes: bool
    tests: tuple[MessageTest, ...]

    @property
    def failing(self) -> tuple[str, ...]:
        """Off-path messages that break the equilibrium."""
        return tuple(t.message for t in self.tests if not t.passes)

    def __repr__(self) -> str:
        if self.passes:
            return f"IntuitiveCriterionResult(passes; {len(self.tests)} off-path message(s) tested)"
        why = "; ".join(f"{t.message} breaks it for {', '.join(t.breaking)}" for t in self.tests if not t.passes)
        return f"IntuitiveCriterionResult(fails: {why})"


def intuitive_criterion(game: SignallingGame, pbe: SignallingPBE, rtol: float | None = None, *, tol: float | None = None) -> IntuitiveCriterionResult:
    """Test a pure PBE with the intuitive criterion of Cho and Kreps (1987).

    For each off-path message ``m``: type ``t`` finds ``m``
    *equilibrium-dominated* when its equilibrium payoff ``u*(t)`` exceeds the
    most it could get from ``m``, ``max u(t, m, a)`` over the receiver's best
    responses ``a`` to all beliefs. Let ``J`` be the other types. The
    equilibrium fails if some type ``t`` gets more than ``u*(t)`` from ``m``
    against *every* best response to beliefs concentrated on ``J`` (Cho and
    Kreps 1987, section IV). It is enough to consider pure best responses:
    the sender's payoff is linear in the receiver's mixture, so its extremes
    over mixed best responses are reached at pure ones.

    If every type finds ``m`` equilibrium-dominated (``J`` empty) the test
    of ``m`` is vacuous and passes. All types count, including those of zero
    prior probability. "Exceeds" and "gets more" are strict beyond the
    sender's tolerance (:mod:`leverage.tolerance`).

    Parameters
    ----------
    game : SignallingGame
    pbe : SignallingPBE
        An equilibrium of ``game`` (from :func:`pure_pbe`).
    rtol : float, optional
        ``tol`` is accepted as a keyword alias of ``rtol`` (its older name).
        Relative tolerance (default :data:`leverage.tolerance.RTOL`).

    Returns
    -------
    IntuitiveCriterionResult

    Examples
    --------
    >>> from leverage.extensive.signalling import beer_quiche, pure_pbe
    >>> game = beer_quiche()
    >>> [intuitive_criterion(game, eq).passes for eq in pure_pbe(game)]
    [True, False]
    """
    caller = "intuitive_criterion"
    if not isinstance(game, SignallingGame):
        raise TypeError(f"{caller}(): game must be a SignallingGame; got {type(game).__name__}")
    if not isinstance(pbe, SignallingPBE):
        raise TypeError(f"{caller}(): pbe must be a SignallingPBE; got {type(pbe).__name__}")
    if pbe.types != game.types or pbe.messages != game.messages or pbe.actions != game.actions:
        raise ValueError(f"{caller}(): pbe does not belong to this game (names differ)")
    rtol = resolve_rtol(rtol, tol, caller)
    tol_s, tol_r = game.tolerances(rtol)
    T, _, A = game.shape
    u = game.sender_payoffs
    star = np.asarray(pbe.sender_payoffs)
    tests = []
    for message in pbe.off_path:
        m = game.messages.index(message)
        anywhere = [a for a in range(A) if game.supporting_beliefs(m, a, tol_r) is not None]
        best = u[:, m, anywhere].max(axis=1)
        dominated = star > best + tol_s
        remaining = ~dominated
        if remaining.any():
            support = [game.types[t] for t in range(T) if remaining[t]]
            responses = [a for a in range(A) if game.supporting_beliefs(m, a, tol_r, support=support) is not None]
            worst = u[:, m, responses].min(axis=1)
            breaking = worst > star + tol_s
        else:
            responses = []
            breaking = np.zeros(T, dtype=bool)
        names = np.array(game.types, dtype=object)
        tests.append(MessageTest(
            message, {game.types[t]: float(best[t]) for t in range(T)}, tuple(names[dominated]),
            tuple(names[remaining]), tuple(game.actions[a] for a in responses), tuple(names[breaking]),
        ))
    return IntuitiveCriterionResult(pbe=pbe, passes=all(t.passes for t in tests), tests=tuple(tests))
