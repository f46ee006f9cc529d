"""Tests of Lemke-Howson (``lemke_howson``) and the one-equilibrium front end (``equilibrium``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from leverage.testing.strategies import bimatrix_games, payoff_values
from hypothesis import strategies as st

import leverage
import leverage.solvers.complementary_pivoting as lh
from leverage import Game, SolverError, equilibria, equilibrium
from leverage.results import UnverifiedEquilibriumError
from leverage.solvers.complementary_pivoting import lemke_howson
from leverage.solvers.integer_pivoting import exact_lemke_howson

BOS = Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
MATCHING_PENNIES = Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
DEGENERATE_GAMES = {
    # the row player is indifferent against the second column
    "tie": Game.from_bimatrix([[1, 1], [0, 1]], [[1, 0], [0, 1]]),
    # rows 0 and 1 are duplicates (for both players)
    "duplicate rows": Game.from_bimatrix([[3, 1], [3, 1], [0, 2]], [[1, 2], [1, 2], [3, 0]]),
    # the column player is indifferent everywhere: a continuum of equilibria
    "indifferent column": Game.from_bimatrix([[1, 0], [0, 1]], [[0, 0], [0, 0]]),
    # all payoffs equal
    "constant": Game.from_bimatrix(np.zeros((3, 2)), np.zeros((3, 2))),
    # duplicate columns and ties between rows
    "duplicate columns": Game.from_bimatrix([[1, 1, 0], [0, 0, 1], [1, 1, 1]], [[2, 2, 0], [0, 0, 1], [1, 1, 1]]),
}


def _among(eq: leverage.Equilibrium, found: list[leverage.Equilibrium]) -> bool:
    return any(eq.isclose(other) for other in found)


def _random_game(seed: int, m: int, n: int) -> Game:
    rng = np.random.default_rng(seed)
    return Game.from_bimatrix(rng.random((m, n)), rng.random((m, n)))


# ---------------------------------------------------------------------- small games
@pytest.mark.parametrize("label", range(4))
def test_battle_of_the_sexes_every_label(label: int) -> None:
    eq = lemke_howson(BOS, initial_label=label)
    assert eq.method == "lemke_howson"
    assert BOS.is_nash(eq.strategies)
    assert _among(eq, equilibria(BOS))


def test_battle_of_the_sexes_union_is_subset_of_equilibria() -> None:
    found = equilibria(BOS)
    results = [lemke_howson(BOS, k) for k in range(4)]
    assert all(_among(eq, found) for eq in results)
    # labels 0 and 2 lead to (s1, s1), labels 1 and 3 to (s2, s2)
    assert [eq.support for eq in results] == [((0,), (0,)), ((1,), (1,)), ((0,), (0,)), ((1,), (1,))]


def test_matching_pennies_mixed() -> None:
    eq = lemke_howson(MATCHING_PENNIES, 3)
    assert eq.isclose([[0.5, 0.5], [0.5, 0.5]], atol=1e-12)


@pytest.mark.parametrize("name", sorted(DEGENERATE_GAMES))
def test_degenerate_games_every_label(name: str) -> None:
    game = DEGENERATE_GAMES[name]
    m, n = game.shape
    found = equilibria(game)
    for label in range(m + n):
        eq = lemke_howson(game, label)
        assert game.is_nash(eq.strategies)
        assert _among(eq, found), (name, label, eq)


def test_one_strategy_player() -> None:
    game = Game.from_bimatrix([[1, 3, 2]], [[0, 2, 1]])
    for label in range(4):
        eq = lemke_howson(game, label)
        assert eq.support == ((0,), (1,))


def test_invariant_under_positive_affine_payoff_changes() -> None:
    game = _random_game(3, 6, 5)
    A, B = game.payoffs
    scaled = Game.from_bimatrix(1000.0 * A - 7.0, 0.001 * B + 3.0)
    for label in range(11):
        assert lemke_howson(game, label).isclose(lemke_howson(scaled, label), atol=1e-9)


# ---------------------------------------------------------------------- property tests
def integer_games():
    """Small games with payoffs from a tiny integer range, so ties are frequent (leverage's own strategy)."""
    return st.one_of(
        bimatrix_games(payoffs=payoff_values(integers=True, bound=2), max_strategies=6),
        bimatrix_games(degenerate=True, payoffs=payoff_values(integers=True, bound=3), max_strategies=6),
    ).filter(lambda g: min(g.shape) >= 2)


@given(game=integer_games(), data=st.data())
def test_result_is_an_extreme_equilibrium(game: Game, data: st.DataObject) -> None:
    m, n = game.shape
    label = data.draw(st.integers(0, m + n - 1), label="initial_label")
    eq = lemke_howson(game, label)
    assert eq.method == "lemke_howson"
    assert game.is_nash(eq.strategies)
    # Lemke-Howson ends at a completely labelled vertex pair: an extreme equilibrium
    assert _among(eq, equilibria(game))


@given(game=integer_games())
def test_equilibrium_front_end_on_small_games(game: Game) -> None:
    eq = equilibrium(game)
    assert game.is_nash(eq.strategies)
    assert _among(eq, equilibria(game))


# seed 36 has pivots above lh.EXACT_ROW_ABOVE, whose row and column are recomputed after the update
@pytest.mark.parametrize("seed", [0, 1, 2, 36])
def test_exact_and_float_paths_agree_on_nondegenerate_games(seed: int) -> None:
    game = _random_game(seed, 5, 7)
    A, B = game.payoffs
    An, Bn = lh.normalized_bimatrix(A, B)
    for label in range(12):
        P, Q, _ = lh._pivot_path(An, Bn, label, 10_000)
        x, y = exact_lemke_howson(A, B, label, 10_000)
        np.testing.assert_allclose(P.values(0, 5) / P.values(0, 5).sum(), x, atol=1e-12)
        np.testing.assert_allclose(Q.values(5, 12) / Q.values(5, 12).sum(), y, atol=1e-12)


def _labels_path(An: np.ndarray, Bn: np.ndarray, label: int, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The (entering, leaving) labels of every pivot of the float path from ``label``."""
    steps: list[tuple[int, int]] = []
    step = lh._Tableau.step

    def spy(self: lh._Tableau, entering: int) -> int:
        leaving = step(self, entering)
        steps.append((entering, leaving))
        return leaving

    with monkeypatch.context() as patch:
        patch.setattr(lh._Tableau, "step", spy)
        lh._pivot_path(An, Bn, label, 100_000)
    return steps


@pytest.mark.parametrize(
    "A, B",
    [
        pytest.param(*(np.random.default_rng(4).random((2, 40, 40))), id="random 40x40"),
        pytest.param(*(np.random.default_rng(5).integers(0, 3, (2, 9, 8)) * 1.0), id="integer ties 9x8"),
        pytest.param(*(np.repeat(np.random.default_rng(6).integers(0, 4, (2, 4, 6)) * 1.0, 2, axis=1)),
                     id="duplicate rows 8x6"),
    ],
)
def test_fast_ratio_test_follows_the_literal_rule(
    A: np.ndarray, B: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast ratio test (inverse ratios, runner-up check) chooses the rows the literal test chooses:
    with it switched off (every ratio test literal), every path is the same sequence of pivots."""
    An, Bn = lh.normalized_bimatrix(A, B)
    m, n = A.shape
    for label in range(0, m + n, 3):
        fast = _labels_path(An, Bn, label, monkeypatch)
        with monkeypatch.context() as patch:
            patch.setattr(lh, "_PIVOT_RTOL_SQUARED", np.inf)  # no pivot passes the fast check
            literal = _labels_path(An, Bn, label, monkeypatch)
        assert fast == literal, label
        assert fast[-1][1] == label


def test_polishing_rescues_an_inaccurate_end_point(monkeypatch: pytest.MonkeyPatch) -> None:
    """An end point that fails verification is polished and verified again; without polishing it is refused
    (the game has more than EXACT_MAX_LABELS labels, so there is no exact fallback)."""
    game = _random_game(7, 31, 31)
    expected = lemke_howson(game, 0)
    pivoted = lh._pivoted_profile

    def spoiled(*args: object) -> tuple[np.ndarray, np.ndarray]:
        x, y = pivoted(*args)
        return x, y + 1e-3 * (y > 0) * np.arange(y.size)  # a regret far above the tolerance

    monkeypatch.setattr(lh, "_pivoted_profile", spoiled)
    eq = lemke_howson(game, 0)
    assert game.is_nash(eq.strategies)
    assert eq.isclose(expected, atol=1e-12)
    monkeypatch.setattr(lh, "_polished_profile", lambda *args: None)
    with pytest.raises(UnverifiedEquilibriumError, match="lemke_howson: candidate profile fails verification"):
        lemke_howson(game, 0)


def test_nearly_degenerate_games_use_exact_pivoting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Integer payoffs perturbed by ~1e-6: float pivoting goes astray on some paths,
    which are redone exactly; every label must still give a verified equilibrium."""
    calls = []
    exact = exact_lemke_howson

    def spy(*args: object) -> tuple[np.ndarray, np.ndarray]:
        calls.append(args[2])
        return exact(*args)

    monkeypatch.setattr(lh, "exact_lemke_howson", spy)
    rng = np.random.default_rng(3)
    for _ in range(12):
        m, n = rng.integers(2, 12, size=2)
        A = rng.integers(0, 3, (m, n)) + rng.random((m, n)) * 1e-6
        B = rng.integers(0, 3, (m, n)) + rng.random((m, n)) * 1e-6
        game = Game.from_bimatrix(A, B)
        for label in range(m + n):
            assert game.is_nash(lemke_howson(game, label).strategies)
    assert calls, "expected the exact fallback to be exercised"


# ---------------------------------------------------------------------- large games
@pytest.mark.parametrize("seed", [0, 5])
def test_equilibrium_of_random_200_by_200_games(seed: int) -> None:
    game = _random_game(seed, 200, 200)
    eq = equilibrium(game)
    assert eq.method == "lemke_howson"
    assert game.is_nash(eq.strategies)
    assert eq.regret <= game.tolerances().max()


def test_lemke_howson_on_a_rectangular_game() -> None:
    game = _random_game(11, 30, 80)
    eq = lemke_howson(game, 95)
    assert game.is_nash(eq.strategies)
    assert len(eq.support[0]) == len(eq.support[1])  # nondegenerate game: equal support sizes


# ---------------------------------------------------------------------- pivot bound and fallbacks
def test_tiny_pivot_bound_raises_but_equilibrium_falls_back() -> None:
    # every Lemke-Howson path needs at least two pivots (one per tableau)
    with pytest.raises(SolverError, match=r"lemke_howson\(\).*initial label 2.*max_pivots=1"):
        lemke_howson(BOS, initial_label=2, max_pivots=1)
    eq = equilibrium(BOS, max_pivots=1)
    assert eq.method != "lemke_howson"  # found by the enumeration fallback
    assert _among(eq, equilibria(BOS))


def test_pivot_bound_without_fallback_on_larger_games() -> None:
    game = _random_game(1, 13, 14)
    with pytest.raises(SolverError, match=r"equilibrium\(\): Lemke-Howson from all 27 initial labels.*too large"):
        equilibrium(game, max_pivots=1)


def test_equilibrium_tries_initial_label_first() -> None:
    assert equilibrium(BOS).support == ((0,), (0,))
    assert equilibrium(BOS, initial_label=1).support == ((1,), (1,))
    assert equilibrium(BOS, initial_label=np.int64(3)).support == ((1,), (1,))


def test_equilibrium_after_failed_verification(monkeypatch: pytest.MonkeyPatch) -> None:
    """A label whose end point fails verification is skipped; the next label is used."""
    real = lh._solve

    def flaky(game: Game, An: np.ndarray, Bn: np.ndarray, label: int, bound: int) -> leverage.Equilibrium:
        if label == 0:
            raise UnverifiedEquilibriumError("lemke_howson: candidate profile fails verification")
        return real(game, An, Bn, label, bound)

    monkeypatch.setattr(lh, "_solve", flaky)
    eq = equilibrium(BOS)
    assert eq.method == "lemke_howson"
    assert eq.support == ((1,), (1,))  # from label 1


# ---------------------------------------------------------------------- n players
def test_equilibrium_n_players_pure() -> None:
    u = np.zeros((2, 2, 2))
    u[1, 1, 0] = 1.0
    eq = equilibrium(Game([u, u, u]))
    assert eq.method == "pure"
    assert Game([u, u, u]).is_nash(eq.strategies)


def test_equilibrium_n_players_without_pure_equilibrium() -> None:
    # player 1 wants to match player 2, player 2 to match player 3, player 3 to mismatch player 1
    a1, a2, a3 = np.indices((2, 2, 2))
    game = Game([(a1 == a2) * 1.0, (a2 == a3) * 1.0, (a3 != a1) * 1.0])
    assert leverage.pure_equilibria(game) == []
    with pytest.raises(SolverError, match=r"equilibrium\(\): .*3-player.*not supported yet"):
        equilibrium(game)


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize("func", [lemke_howson, equilibrium])
@pytest.mark.parametrize("bad", [[[1, 0], [0, 1]], np.eye(2), None, "game"])
def test_game_must_be_a_game(func, bad) -> None:
    name = func.__name__
    with pytest.raises(TypeError, match=rf"^{name}\(\): game must be a leverage.Game; got "):
        func(bad)


@pytest.mark.parametrize("func", [lemke_howson, equilibrium])
@pytest.mark.parametrize("label", [-1, 4, 100, 1.0, 0.5, True, "0", [0]])
def test_bad_initial_label(func, label) -> None:
    name = func.__name__
    with pytest.raises(ValueError, match=rf"^{name}\(\): initial_label must be an int in \[0, 4\)"):
        func(BOS, initial_label=label)


@pytest.mark.parametrize("func", [lemke_howson, equilibrium])
@pytest.mark.parametrize("max_pivots", [0, -5, 2.0, True, "10"])
def test_bad_max_pivots(func, max_pivots) -> None:
    name = func.__name__
    with pytest.raises(ValueError, match=rf"^{name}\(\): max_pivots must be a positive int or None"):
        func(BOS, max_pivots=max_pivots)


def test_lemke_howson_needs_two_players() -> None:
    game = Game([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(ValueError, match=r"^lemke_howson\(\): .*two-player games; this game has 3 players"):
        lemke_howson(game)
    one = Game([np.array([1.0, 2.0])])
    with pytest.raises(ValueError, match=r"this game has 1 players"):
        lemke_howson(one)


def test_equilibrium_initial_label_needs_two_players() -> None:
    game = Game([np.ones((2, 2, 2))] * 3)
    with pytest.raises(ValueError, match=r"^equilibrium\(\): initial_label applies to two-player games only"):
        equilibrium(game, initial_label=0)


def test_default_max_pivots() -> None:
    assert lh.default_max_pivots(200, 200) == 1_600_000
