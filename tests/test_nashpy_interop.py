"""Interoperability with nashpy: Game.to_nashpy / Game.from_nashpy, and agreement
of leverage.equilibria with nashpy's support enumeration on nondegenerate games."""

from __future__ import annotations

import warnings
from fractions import Fraction
from itertools import combinations

import nashpy
import numpy as np
import pytest
from hypothesis import given
from leverage.testing.strategies import bimatrix_games
from hypothesis import strategies as st

import leverage
from leverage import Game


def nashpy_equilibria(game: nashpy.Game) -> list[tuple[np.ndarray, np.ndarray]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nashpy's "even number of equilibria" warning
        return list(game.support_enumeration())


def _solve_exact(M: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    """Solve the square system M x = b in rationals; None if M is singular."""
    n = len(M)
    rows = [list(row) + [rhs] for row, rhs in zip(M, b)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * c for a, c in zip(rows[r], rows[col])]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def _mix_making_indifferent(U: list[list[Fraction]], rows, cols) -> tuple[list[Fraction], Fraction] | None:
    """The mix over ``cols`` making every row in ``rows`` of U pay the same value v."""
    k = len(cols)
    M = [[U[i][j] for j in cols] + [Fraction(-1)] for i in rows]
    M.append([Fraction(1)] * k + [Fraction(0)])
    sol = _solve_exact(M, [Fraction(0)] * len(rows) + [Fraction(1)])
    if sol is None:
        return None
    return sol[:k], sol[k]


def exact_equilibria(game: Game) -> list[tuple[np.ndarray, np.ndarray]]:
    """All equilibria of a *nondegenerate* bimatrix game by support enumeration in exact
    rational arithmetic (supports of equal size; every test is exact)."""
    A = [[Fraction(float(v)) for v in row] for row in game.payoffs[0]]
    BT = [[Fraction(float(v)) for v in row] for row in game.payoffs[1].T]
    m, n = game.shape
    found = []
    for k in range(1, min(m, n) + 1):
        for I in combinations(range(m), k):
            for J in combinations(range(n), k):
                ys = _mix_making_indifferent(A, I, J)
                xs = _mix_making_indifferent(BT, J, I)
                if ys is None or xs is None:
                    continue
                (y, u), (x, w) = ys, xs
                if min(y) <= 0 or min(x) <= 0:
                    continue
                Y = [Fraction(0)] * n
                for j, p in zip(J, y):
                    Y[j] = p
                X = [Fraction(0)] * m
                for i, p in zip(I, x):
                    X[i] = p
                if all(sum(a * q for a, q in zip(A[i], Y)) <= u for i in range(m)) and all(
                    sum(b * p for b, p in zip(BT[j], X)) <= w for j in range(n)
                ):
                    found.append((np.array(X, dtype=float), np.array(Y, dtype=float)))
    return found


def assert_same_equilibria(ours, theirs) -> None:
    """Same number of equilibria, each matched by exactly one of the other list."""
    assert len(ours) == len(theirs)
    for profile in theirs:
        assert sum(eq.isclose(profile) for eq in ours) == 1
    for eq in ours:
        assert any(eq.isclose(profile) for profile in theirs)


def assert_agrees_with_nashpy(game: Game) -> list:
    """leverage's equilibria are exactly those of the exact rational oracle, and every
    profile nashpy's support enumeration returns is among them.

    Which equilibria nashpy happens to find depends on float rounding in the numpy and
    scipy it runs on (it keeps a solution only if every probability is >= 0, with no
    tolerance), so nashpy is never the oracle: it is only checked to be a subset.
    """
    assert not leverage.is_degenerate(game)
    ours = leverage.equilibria(game)
    assert_same_equilibria(ours, exact_equilibria(game))
    for profile in nashpy_equilibria(game.to_nashpy()):
        assert sum(eq.isclose(profile) for eq in ours) == 1
    return ours


# ---------------------------------------------------------------------- conversion
class TestConversion:
    def test_to_nashpy_payoffs(self):
        game = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        A, B = game.to_nashpy().payoff_matrices
        np.testing.assert_array_equal(A, game.payoffs[0])
        np.testing.assert_array_equal(B, game.payoffs[1])

    def test_to_nashpy_copies(self):
        game = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        A, _ = game.to_nashpy().payoff_matrices
        A[0, 0] = 99.0
        assert game.payoffs[0][0, 0] == 3.0

    def test_from_nashpy_payoffs_and_names(self):
        ngame = nashpy.Game([[2, 0], [0, 1]], [[1, 0], [0, 2]])
        game = Game.from_nashpy(ngame, players=("China", "US"), strategies=(("Open", "Close"), ("Buy", "Sell")))
        assert game.players == ("China", "US")
        assert game.strategies == (("Open", "Close"), ("Buy", "Sell"))
        np.testing.assert_array_equal(game.payoffs[0], [[2, 0], [0, 1]])
        np.testing.assert_array_equal(game.payoffs[1], [[1, 0], [0, 2]])

    def test_from_nashpy_zero_sum(self):
        game = Game.from_nashpy(nashpy.Game([[1, -1], [-1, 1]]))
        np.testing.assert_array_equal(game.payoffs[1], [[-1, 1], [1, -1]])

    def test_round_trip_game_nashpy_game(self):
        game = Game.from_bimatrix([[1.5, -2, 0], [4, 1, 1e-3]], [[0, 1, 2], [3, 4, 5]])
        assert Game.from_nashpy(game.to_nashpy()) == game

    def test_round_trip_keeps_names_when_passed_back(self):
        game = Game.from_bimatrix(
            [[1, 2], [3, 4]], [[4, 3], [2, 1]], players=("A", "B"), strategies=(("u", "d"), ("l", "r"))
        )
        assert Game.from_nashpy(game.to_nashpy(), players=game.players, strategies=game.strategies) == game

    def test_round_trip_nashpy_game_nashpy(self):
        ngame = nashpy.Game(np.array([[1, 2, 3], [4, 5, 6]]), np.array([[6, 5, 4], [3, 2, 1]]))
        back = Game.from_nashpy(ngame).to_nashpy()
        for a, b in zip(back.payoff_matrices, ngame.payoff_matrices):
            np.testing.assert_array_equal(a, b)

    @given(bimatrix_games(payoffs=st.floats(-1e6, 1e6, allow_nan=False), max_strategies=5))
    def test_round_trip_property(self, game):
        assert Game.from_nashpy(game.to_nashpy()) == game

    def test_to_nashpy_three_players(self):
        game = Game([np.zeros((2, 2, 2))] * 3)
        with pytest.raises(ValueError, match=r"Game.to_nashpy\(\): nashpy holds two-player games only; this game has 3 players"):
            game.to_nashpy()

    def test_to_nashpy_one_player(self):
        with pytest.raises(ValueError, match=r"Game.to_nashpy\(\): .* this game has 1 players"):
            Game([np.array([1.0, 2.0])]).to_nashpy()

    @pytest.mark.parametrize("obj", [None, 42, "nashpy", [[1, 0], [0, 1]], object(), Game.from_bimatrix([[1]], [[1]])])
    def test_from_nashpy_rejects_other_objects(self, obj):
        with pytest.raises(TypeError, match=r"Game.from_nashpy\(\): expected a nashpy.Game; got "):
            Game.from_nashpy(obj)


# ---------------------------------------------------------------------- equilibria
class TestEquilibriaAgreeWithNashpy:
    """On nondegenerate games the equilibria are finitely many and all extreme: leverage
    must list exactly those of exact rational support enumeration, and nashpy's support
    enumeration (which may drop some, depending on rounding) nothing outside them."""

    def test_battle_of_the_sexes(self):
        game = Game.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
        assert_agrees_with_nashpy(game)
        assert len(leverage.equilibria(game)) == 3

    def test_matching_pennies(self):
        assert_agrees_with_nashpy(Game.from_nashpy(nashpy.Game([[1, -1], [-1, 1]])))

    def test_rock_paper_scissors(self):
        A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
        assert_agrees_with_nashpy(Game.from_bimatrix(A, -A))

    @pytest.mark.parametrize("seed", range(30))
    def test_random_4x4(self, seed):
        rng = np.random.default_rng(seed)
        game = Game.from_bimatrix(rng.normal(size=(4, 4)), rng.normal(size=(4, 4)))
        assert_agrees_with_nashpy(game)

    def test_random_4x4_with_five_equilibria(self):
        rng = np.random.default_rng(23)
        game = Game.from_bimatrix(rng.normal(size=(4, 4)), rng.normal(size=(4, 4)))
        assert len(exact_equilibria(game)) == 5
        assert len(assert_agrees_with_nashpy(game)) == 5

    @given(bimatrix_games(degenerate=False, max_strategies=4))
    def test_random_games_property(self, game):
        ours = leverage.equilibria(game)
        assert_same_equilibria(ours, exact_equilibria(game))
        assert len(ours) % 2 == 1  # nondegenerate games have an odd number of equilibria
        for profile in nashpy_equilibria(game.to_nashpy()):
            assert sum(eq.isclose(profile) for eq in ours) == 1
