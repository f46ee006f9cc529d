"""Known games with their full equilibrium sets.

Each case checks the count first (so that a missing equilibrium fails), then
each profile's regret, then the profiles themselves. Expected mixed
equilibria are computed from closed forms (indifference conditions), not
pasted.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import numpy as np
import pytest

from leverage import Game, equilibria, equilibrium_components, is_degenerate, pure_equilibria
from leverage.tolerance import tolerances


def interior_2x2(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form fully mixed equilibrium of a 2 x 2 game (both players indifferent)."""
    # row player's p makes the column player indifferent: p B[0,0] + (1-p) B[1,0] = p B[0,1] + (1-p) B[1,1]
    p = (B[1, 1] - B[1, 0]) / (B[0, 0] - B[0, 1] - B[1, 0] + B[1, 1])
    q = (A[1, 1] - A[0, 1]) / (A[0, 0] - A[0, 1] - A[1, 0] + A[1, 1])
    return np.array([p, 1 - p]), np.array([q, 1 - q])


def uniform(k: int) -> np.ndarray:
    return np.full(k, 1.0 / k)


def pure(k: int, i: int) -> np.ndarray:
    v = np.zeros(k)
    v[i] = 1.0
    return v


def fractions(*values: str) -> np.ndarray:
    return np.array([float(Fraction(v)) for v in values])


@dataclass
class Case:
    name: str
    game: Callable[[], Game]
    expected: Callable[[], list[tuple[np.ndarray, np.ndarray]]]


def matching_pennies() -> Game:
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    return Game.from_bimatrix(A, -A)


def battle_of_the_sexes() -> Game:
    return Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])


def prisoners_dilemma() -> Game:
    # T, R, P, S = 5, 3, 1, 0; strategies (Cooperate, Defect)
    A = np.array([[3, 0], [5, 1]])
    return Game.from_bimatrix(A, A.T)


def rock_paper_scissors() -> Game:
    A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    return Game.from_bimatrix(A, -A)


def shapley_3x3_with_unique_mixed_equilibrium() -> Game:
    # Shapley (1964): the fictitious-play cycling game; one equilibrium, uniform play
    A = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    B = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    return Game.from_bimatrix(A, B)


def degenerate_2x2_with_continuum() -> Game:
    # the column player is indifferent everywhere: equilibria form a connected continuum
    return Game.from_bimatrix([[1, 0], [0, 1]], [[0, 0], [0, 0]])


def nashpy_issue_82_degenerate_3x5_with_8_extreme_equilibria() -> Game:
    # nashpy issue #82 (players minimise costs A and B)
    A = np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])
    B = np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])
    return Game.from_bimatrix(-A, -B)


def quantecon_degenerate_3x2() -> Game:
    # from QuantEcon's vertex_enumeration pull request #326: support enumeration misses one
    return Game.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])


CASES = [
    Case("matching pennies", matching_pennies, lambda: [(uniform(2), uniform(2))]),
    Case(
        "battle of the sexes",
        battle_of_the_sexes,
        lambda: [
            (pure(2, 0), pure(2, 0)),
            interior_2x2(*battle_of_the_sexes().payoffs),
            (pure(2, 1), pure(2, 1)),
        ],
    ),
    Case("prisoner's dilemma", prisoners_dilemma, lambda: [(pure(2, 1), pure(2, 1))]),
    Case("rock-paper-scissors", rock_paper_scissors, lambda: [(uniform(3), uniform(3))]),
    Case("Shapley 3x3", shapley_3x3_with_unique_mixed_equilibrium, lambda: [(uniform(3), uniform(3))]),
    Case(
        "degenerate 2x2 continuum",
        degenerate_2x2_with_continuum,
        lambda: [
            (pure(2, 0), pure(2, 0)),
            (pure(2, 0), uniform(2)),
            (pure(2, 1), uniform(2)),
            (pure(2, 1), pure(2, 1)),
        ],
    ),
    Case(
        "nashpy issue 82",
        nashpy_issue_82_degenerate_3x5_with_8_extreme_equilibria,
        lambda: [
            (fractions("1", "0", "0"), fractions("0", "1", "0", "0", "0")),
            (fractions("1", "0", "0"), fractions("0", "0", "0", "0", "1")),
            (fractions("2/3", "1/3", "0"), fractions("0", "1", "0", "0", "0")),
            (fractions("1/3", "1/2", "1/6"), fractions("0", "4/9", "2/9", "1/3", "0")),
            (fractions("0", "1/2", "1/2"), fractions("0", "1/2", "1/2", "0", "0")),
            (fractions("0", "1", "0"), fractions("3/7", "0", "4/7", "0", "0")),
            (fractions("0", "1", "0"), fractions("1", "0", "0", "0", "0")),
            (fractions("0", "1", "0"), fractions("3/8", "0", "1/4", "3/8", "0")),
        ],
    ),
    Case(
        "QuantEcon degenerate 3x2",
        quantecon_degenerate_3x2,
        lambda: [
            (pure(3, 0), pure(2, 0)),
            (pure(3, 0), fractions("2/3", "1/3")),
            (fractions("0", "1/3", "2/3"), fractions("1/3", "2/3")),
        ],
    ),
]


def assert_same_set(found, expected, game):
    assert len(found) == len(expected), f"found {len(found)} equilibria, expected {len(expected)}"
    tol = tolerances(game.payoffs)
    for eq in found:
        assert eq.regret <= tol.max()
        assert game.is_nash(eq.strategies)
    for x, y in expected:
        matches = [eq for eq in found if eq.isclose((x, y), atol=1e-9)]
        assert len(matches) == 1, f"expected equilibrium {x}, {y} not found exactly once"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("method", ["auto", "vertex", "support"])
def test_full_equilibrium_set(case, method):
    game = case.game()
    found = equilibria(game, method=method)
    assert_same_set(found, case.expected(), game)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_pure_equilibria_are_the_pure_members(case):
    game = case.game()
    expected_pure = [(x, y) for x, y in case.expected() if x.max() == 1 and y.max() == 1]
    found = pure_equilibria(game)
    assert len(found) == len(expected_pure)
    for x, y in expected_pure:
        assert any(eq.isclose((x, y)) for eq in found)


def test_degeneracy_flags():
    assert not is_degenerate(battle_of_the_sexes())
    assert not is_degenerate(matching_pennies())
    assert not is_degenerate(shapley_3x3_with_unique_mixed_equilibrium())
    assert is_degenerate(degenerate_2x2_with_continuum())
    assert is_degenerate(nashpy_issue_82_degenerate_3x5_with_8_extreme_equilibria())
    assert is_degenerate(quantecon_degenerate_3x2())


def test_continuum_is_one_connected_component_of_three_segments():
    comps = equilibrium_components(degenerate_2x2_with_continuum())
    assert len(comps) == 3
    assert {c.connected_component for c in comps} == {0}
    # every point of the continuum x = (1, 0), y1 >= 1/2 is covered
    for q in np.linspace(0.5, 1.0, 6):
        profile = (pure(2, 0), np.array([q, 1 - q]))
        assert degenerate_2x2_with_continuum().is_nash(profile)
        assert any(c.contains(profile) for c in comps)


def test_nondegenerate_components_are_singletons():
    comps = equilibrium_components(battle_of_the_sexes())
    assert len(comps) == 3
    assert all(c.is_singleton for c in comps)
    assert sorted(c.connected_component for c in comps) == [0, 1, 2]


def test_components_cover_every_extreme_equilibrium_of_issue_82():
    game = nashpy_issue_82_degenerate_3x5_with_8_extreme_equilibria()
    eqs = equilibria(game)
    comps = equilibrium_components(game)
    covered = [e for c in comps for e in c.extreme_equilibria]
    for eq in eqs:
        assert any(eq.isclose(e) for e in covered)
    # every convex combination inside a component is an equilibrium
    for c in comps:
        x = np.mean(c.row_strategies, axis=0)
        y = np.mean(c.column_strategies, axis=0)
        assert game.is_nash((x, y))
