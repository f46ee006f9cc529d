"""Tests of leverage.sensitivity: batched equilibrium enumeration over stacked games."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import leverage
from leverage import Game, SolverError, equilibria, pure_equilibria
from leverage.game import regrets
from leverage.sensitivity import BatchEquilibria, batch_tolerances, pure_batch, solve_batch
import leverage.solvers.batch as batch_module
from leverage.testing.strategies import bimatrix_games, games, payoff_values
from leverage.tolerance import RTOL, tolerances

SHAPES = [(2, 2), (2, 3), (3, 3)]


def stack(game_list: list[Game]) -> tuple[np.ndarray, np.ndarray]:
    return np.stack([g.payoffs[0] for g in game_list]), np.stack([g.payoffs[1] for g in game_list])


def assert_same_as_library(A: np.ndarray, B: np.ndarray, res: BatchEquilibria) -> None:
    """For every game k, solve_batch returns exactly leverage.equilibria's set, verified."""
    assert len(res) == len(A)
    for k in range(len(A)):
        game = Game.from_bimatrix(A[k], B[k])
        expected = equilibria(game)
        got = res.game(k)
        assert res.status[k] == "ok"
        assert res.count[k] == len(expected) == len(got), (k, A[k].tolist(), B[k].tolist())
        # a one-to-one matching with Equilibrium.isclose (nearest unused partner first)
        unused = list(got)
        for eq in expected:
            close = [o for o in unused if eq.isclose(o)]
            assert close, (k, eq, got)
            unused.remove(min(close, key=lambda o: max(np.abs(a - b).max() for a, b in zip(eq.strategies, o.strategies))))
        # same order as the library, and the arrays agree with the Equilibrium objects
        for e, (ref, mine) in enumerate(zip(expected, got)):
            assert ref.isclose(mine)
            assert np.allclose(res.x[k, e], mine.strategies[0]) and np.allclose(res.y[k, e], mine.strategies[1])
            assert np.allclose(res.payoffs[k, e], mine.payoffs, atol=1e-9 * (1 + np.abs(mine.payoffs).max()))
        assert np.all(np.isnan(res.x[k, res.count[k] :])) and np.all(np.isnan(res.y[k, res.count[k] :]))


def assert_regret_within_tolerance(A: np.ndarray, B: np.ndarray, res: BatchEquilibria) -> None:
    for k in range(len(A)):
        tol = tolerances([A[k], B[k]], RTOL)
        for e in range(res.count[k]):
            reg = regrets([A[k], B[k]], [res.x[k, e], res.y[k, e]])
            assert np.all(reg <= tol)
            assert res.regret[k, e] == pytest.approx(reg.max(), abs=1e-12 * (1 + np.abs(A[k]).max() + np.abs(B[k]).max()))
            assert np.allclose(res.x[k, e].sum(), 1.0) and np.all(res.x[k, e] >= 0)
            assert np.allclose(res.y[k, e].sum(), 1.0) and np.all(res.y[k, e] >= 0)


# ----------------------------------------------------------------------------- agreement with equilibria()


GAME_KINDS = {
    # small integer payoffs: ties and degenerate games are common
    "with_ties": dict(payoffs=payoff_values(integers=True, bound=2)),
    "generic": dict(degenerate=False),
}


@pytest.mark.parametrize("kind", sorted(GAME_KINDS))
@pytest.mark.parametrize("shape", SHAPES)
@given(data=st.data())
def test_matches_equilibria(shape, kind, data):
    game_list = data.draw(st.lists(bimatrix_games(shape=shape, **GAME_KINDS[kind]), min_size=1, max_size=6))
    A, B = stack(game_list)
    res = solve_batch(A, B)
    assert_same_as_library(A, B, res)
    assert_regret_within_tolerance(A, B, res)


@pytest.mark.parametrize("shape", SHAPES)
@given(data=st.data())
def test_matches_equilibria_planted_degeneracy(shape, data):
    # payoffs separated by more than the tolerance (see payoff_values): the equilibrium set is then unambiguous
    separated = payoff_values(decimals=3)
    game_list = data.draw(st.lists(bimatrix_games(shape=shape, degenerate=True, payoffs=separated), min_size=1, max_size=4))
    A, B = stack(game_list)
    assert_same_as_library(A, B, solve_batch(A, B))


@pytest.mark.parametrize("shape", [(1, 1), (1, 3), (3, 1), (2, 4), (4, 4)])
def test_matches_equilibria_other_shapes(shape):
    rng = np.random.default_rng(sum(shape))
    A = rng.integers(-2, 3, size=(40,) + shape).astype(float)
    B = rng.integers(-2, 3, size=(40,) + shape).astype(float)
    A[:20] += rng.normal(size=(20,) + shape)
    B[:20] += rng.normal(size=(20,) + shape)
    res = solve_batch(A, B)
    assert_same_as_library(A, B, res)
    assert_regret_within_tolerance(A, B, res)


def test_known_games():
    bos_a, bos_b = [[2, 0], [0, 1]], [[1, 0], [0, 2]]
    pennies = [[1, -1], [-1, 1]]
    A = np.array([bos_a, pennies, np.zeros((2, 2)), [[1, 0], [0, 1]]], dtype=float)
    B = np.array([bos_b, -np.array(pennies), np.zeros((2, 2)), np.zeros((2, 2))], dtype=float)
    res = solve_batch(A, B)
    assert res.count.tolist() == [3, 1, 4, 4]
    assert res.x.shape == (4, 4, 2) and res.payoffs.shape == (4, 4, 2) and res.regret.shape == (4, 4)
    assert np.allclose(res.x[0, 1], [2 / 3, 1 / 3]) and np.allclose(res.y[0, 1], [1 / 3, 2 / 3])
    assert np.allclose(res.payoffs[0, 1], [2 / 3, 2 / 3])
    assert np.allclose(res.x[1, 0], [0.5, 0.5]) and res.payoffs[1, 0].tolist() == [0.0, 0.0]
    assert np.isnan(res.x[1, 1:]).all() and np.isnan(res.regret[1, 1:]).all()
    assert all(isinstance(eq, leverage.Equilibrium) for eq in res.game(0))
    assert res.game(-4)[0].isclose(res.game(0)[0])
    assert res.check() is res
    assert "4 games" in repr(res)


def test_chunking_does_not_change_results():
    rng = np.random.default_rng(1)
    A = rng.integers(-1, 2, size=(50, 3, 3)).astype(float)
    B = rng.normal(size=(50, 3, 3))
    whole, pieces = solve_batch(A, B), solve_batch(A, B, chunk=7)
    assert np.array_equal(whole.count, pieces.count)
    assert np.array_equal(whole.x, pieces.x, equal_nan=True)
    assert np.array_equal(whole.y, pieces.y, equal_nan=True)


def test_scale_invariance():
    """The tolerance rule is relative to each player's payoff range in each game."""
    rng = np.random.default_rng(2)
    A = rng.integers(-2, 3, size=(30, 2, 3)).astype(float)
    B = rng.integers(-2, 3, size=(30, 2, 3)).astype(float)
    base = solve_batch(A, B)
    scaled = solve_batch(1e6 * A - 3e5, 1e-4 * B + 7.0)
    assert np.array_equal(base.count, scaled.count)
    assert np.allclose(base.x, scaled.x, equal_nan=True) and np.allclose(base.y, scaled.y, equal_nan=True)


def test_parametric_batch():
    ps = leverage.ParameterSet(
        rent=leverage.Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"),
        cost=leverage.Parameter(3.0, 1.0, 5.0, "bn USD/yr", "illustrative"),
    )

    def payoffs(rent, cost):
        return [[rent, rent], [2 * rent, -cost]], [[0, -1], [-2, -1]]

    model = leverage.ParametricGame(ps, payoffs)
    draws = {"cost": np.linspace(1.0, 5.0, 9), "rent": np.linspace(0.5, 2.0, 9)}
    A, B = model.batch(draws)
    res = solve_batch(A, B)
    for k, game in enumerate(model.games(draws)):
        expected = equilibria(game)
        assert len(expected) == res.count[k]
        assert all(any(e.isclose(o) for o in res.game(k)) for e in expected)


def test_empty_batch():
    res = solve_batch(np.zeros((0, 2, 3)), np.zeros((0, 2, 3)))
    assert len(res) == 0 and res.x.shape == (0, 0, 2) and res.y.shape == (0, 0, 3) and res.count.shape == (0,)


def test_results_are_read_only_and_payoffs_are_not_copied():
    A, B = np.ones((1, 2, 2)), np.ones((1, 2, 2))
    res = solve_batch(A, B)
    for arr in (res.x, res.y, res.count, res.payoffs, res.regret, res.status_code, res.status):
        with pytest.raises(ValueError):
            arr.reshape(-1)[0] = arr.reshape(-1)[0]
    # float64 C-contiguous payoffs are kept by reference (no copy), and stay writeable for the caller
    assert res.A is A and res.B is B and A.flags.writeable
    A[0, 0, 0] = 5.0
    assert res.A[0, 0, 0] == 5.0
    # anything else is converted once into the result's own read-only array
    ints = [[[1, 0], [0, 1]]]
    other = solve_batch(ints, np.asfortranarray(np.ones((1, 2, 2))))
    assert other.A.dtype == np.float64 and other.A.tolist() == [[[1.0, 0.0], [0.0, 1.0]]]
    assert not other.A.flags.writeable and not other.B.flags.writeable
    assert other.count.tolist() == [len(equilibria(Game.from_bimatrix(np.eye(2), np.ones((2, 2)))))] == [4]


def test_status_codes_and_names():
    """status_code is a uint8 index into STATUSES; status gives the names, as before."""
    from leverage.sensitivity import STATUSES

    A = np.array([[[3.0, 0.0], [5.0, 1.0]], [[1.0, -1.0], [-1.0, 1.0]]])
    B = np.array([[[3.0, 5.0], [0.0, 1.0]], [[-1.0, 1.0], [1.0, -1.0]]])
    res = solve_batch(A, B)
    assert res.status_code.dtype == np.uint8 and res.status_code.tolist() == [0, 0]
    assert STATUSES[0] == "ok" and res.status.tolist() == ["ok", "ok"]
    assert (res.status == "ok").all() and res.ok.all()
    assert res.status is res.status  # built once


def test_padding_widens_when_a_later_chunk_has_more_equilibria():
    """The first chunk has one equilibrium per game, the last four: earlier games keep theirs, NaN-padded."""
    pd_a, pd_b = np.array([[3.0, 0.0], [5.0, 1.0]]), np.array([[3.0, 5.0], [0.0, 1.0]])
    bos_a, bos_b = np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 2.0]])
    A = np.stack([pd_a] * 3 + [bos_a] * 2 + [np.zeros((2, 2))])
    B = np.stack([pd_b] * 3 + [bos_b] * 2 + [np.zeros((2, 2))])
    res = solve_batch(A, B, chunk=3)
    assert res.count.tolist() == [1, 1, 1, 3, 3, 4] and res.x.shape == (6, 4, 2)
    assert res.x[0, 0].tolist() == [0.0, 1.0] and np.isnan(res.x[:3, 1:]).all() and np.isnan(res.regret[3:5, 3]).all()
    assert_same_as_library(A, B, res)
    whole = solve_batch(A, B)
    for name in ("x", "y", "payoffs", "regret"):
        assert np.array_equal(getattr(res, name), getattr(whole, name), equal_nan=True)


def test_matches_equilibria_on_a_large_mixed_batch():
    """Generic and degenerate games in one batch over several chunks: the per-game solver's sets, game by game."""
    rng = np.random.default_rng(11)
    for shape in [(2, 2), (3, 3), (2, 3)]:
        generic = rng.normal(size=(2, 30) + shape)
        ties = rng.integers(-1, 2, size=(2, 30) + shape).astype(float)
        A, B = np.concatenate([generic, ties], axis=1)
        res = solve_batch(A, B, chunk=17)
        assert_same_as_library(A, B, res)
        assert_regret_within_tolerance(A, B, res)


def test_batch_tolerances_match_library_rule():
    rng = np.random.default_rng(3)
    A = rng.normal(size=(5, 2, 3)) * 100
    A[0] = 4.0
    B = rng.normal(size=(5, 2, 3))
    tol = batch_tolerances([A, B], 1e-6)
    for k in range(5):
        assert np.allclose(tol[k], tolerances([A[k], B[k]], 1e-6))


# ----------------------------------------------------------------------------- statuses


def test_failed_verification_is_dropped_and_reported(monkeypatch):
    """A candidate that fails verification is never returned; its game is 'unverified'."""

    def uniform(Z, index):
        return np.full((len(Z), len(index)), 1.0 / len(Z))

    monkeypatch.setattr(batch_module, "_probabilities", uniform)
    monkeypatch.setattr(batch_module, "_SUPPORT_PATH_SHAPES", frozenset())  # the general path only
    pd_a, pd_b = [[3, 0], [5, 1]], [[3, 5], [0, 1]]
    pennies = np.array([[1.0, -1.0], [-1.0, 1.0]])
    A, B = np.array([pd_a, pennies], dtype=float), np.array([pd_b, -pennies], dtype=float)
    # the prisoner's dilemma is left with no verified equilibrium: it is solved again one game at a time
    res = solve_batch(A, B)
    assert res.status.tolist() == ["ok", "ok"]
    assert res.count.tolist() == [1, 1]
    np.testing.assert_array_equal(res.x[0, 0], [0.0, 1.0])  # defect, defect: the game's only equilibrium
    np.testing.assert_array_equal(res.y[0, 0], [0.0, 1.0])
    # without that second try, the failure is reported, never hidden
    monkeypatch.setattr(batch_module, "equilibria", lambda game, rtol: [])
    res = solve_batch(A, B)
    assert res.status.tolist() == ["unverified", "ok"]
    assert res.count.tolist() == [0, 1]
    assert not res.ok[0] and res.ok[1]
    with pytest.raises(SolverError, match="game 0: unverified"):
        res.check()


def test_no_equilibrium_is_an_error(monkeypatch):
    empty = np.zeros(0, dtype=np.int64)
    monkeypatch.setattr(batch_module, "_complete_pairs", lambda kx, ky, labels: (empty, empty, empty))
    A = np.zeros((2, 2, 2))
    res = solve_batch(A, A)  # the batch finds nothing: each game is solved again one at a time
    assert res.status.tolist() == ["ok", "ok"]
    assert res.count.tolist() == [4, 4]  # a constant game: every pure profile is an extreme equilibrium
    monkeypatch.setattr(batch_module, "equilibria", lambda game, rtol: [])
    res = solve_batch(A, A)
    assert res.status.tolist() == ["none", "none"]
    with pytest.raises(SolverError, match="2 of 2 games were not solved"):
        res.check()


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "A, B, match",
    [
        (np.zeros((2, 2)), np.zeros((2, 2)), r"solve_batch\(\): A must be a 3-D array"),
        (np.zeros((1, 2, 2)), np.zeros((1, 2, 2, 1)), r"solve_batch\(\): B must be a 3-D array"),
        (np.zeros((1, 2, 2)), np.zeros((1, 2, 3)), r"solve_batch\(\): A has shape \(1, 2, 2\) but B has shape"),
        (np.zeros((1, 0, 2)), np.zeros((1, 0, 2)), r"at least one strategy"),
        (np.array([[[0.0, np.nan], [0.0, 0.0]]]), np.zeros((1, 2, 2)), r"solve_batch\(\): A has non-finite"),
        (np.zeros((1, 2, 2)), np.array([[[0.0, 0.0], [np.inf, 0.0]]]), r"solve_batch\(\): B has non-finite"),
        ([[["a", "b"]]], np.zeros((1, 1, 2)), r"solve_batch\(\): A must be a numeric array"),
    ],
)
def test_solve_batch_rejects_bad_input(A, B, match):
    with pytest.raises(ValueError, match=match):
        solve_batch(A, B)


def test_solve_batch_rejects_bad_options():
    A = np.zeros((1, 2, 2))
    with pytest.raises(ValueError, match=r"tol must be a finite number"):
        solve_batch(A, A, tol=2.0)
    with pytest.raises(ValueError, match=r"solve_batch\(\): chunk must be a positive integer"):
        solve_batch(A, A, chunk=0)
    res = solve_batch(A, A)
    with pytest.raises(IndexError, match="out of range"):
        res.game(1)
    with pytest.raises(TypeError, match="must be an integer"):
        res.game(0.5)


@pytest.mark.parametrize(
    "payoffs, match",
    [
        ([], r"pure_batch\(\): payoffs must be a non-empty list"),
        (np.zeros((2, 3, 2, 2)), r"pure_batch\(\): payoffs must be a non-empty list"),
        ([np.zeros((3, 2, 2)), np.zeros((3, 2))], r"pure_batch\(\): payoffs\[1\] must have 3 axes"),
        ([np.zeros((3, 2, 2)), np.zeros((3, 2, 3))], r"pure_batch\(\): payoffs\[1\] has shape \(3, 2, 3\)"),
        ([np.zeros((3, 2, 2)), np.full((3, 2, 2), np.nan)], r"pure_batch\(\): payoffs\[1\] has non-finite"),
    ],
)
def test_pure_batch_rejects_bad_input(payoffs, match):
    with pytest.raises(ValueError, match=match):
        pure_batch(payoffs)


# ----------------------------------------------------------------------------- pure_batch


@given(data=st.data())
def test_pure_batch_matches_pure_equilibria(data):
    shape = data.draw(st.sampled_from([(2, 2), (2, 3, 2), (2, 2, 2, 2)]))
    game_list = data.draw(
        st.lists(
            games(n_players=len(shape), shape=shape, payoffs=payoff_values(integers=True, bound=2)),
            min_size=1,
            max_size=5,
        )
    )
    stacked = [np.stack([g.payoffs[i] for g in game_list]) for i in range(len(shape))]
    mask, counts = pure_batch(stacked)
    assert mask.shape == (len(game_list),) + shape
    for k, game in enumerate(game_list):
        expected = {tuple(int(np.argmax(s)) for s in eq.strategies) for eq in pure_equilibria(game)}
        assert {tuple(int(i) for i in p) for p in np.argwhere(mask[k])} == expected
        assert counts[k] == len(expected)


# ----------------------------------------------------------------------------- the fast path of nondegenerate games


def solve_both(A: np.ndarray, B: np.ndarray, **options) -> tuple[BatchEquilibria, BatchEquilibria]:
    """solve_batch with its fast path for 2 x 2 and 3 x 3 games, and with the general path only."""
    fast = solve_batch(A, B, **options)
    shapes = batch_module._SUPPORT_PATH_SHAPES
    batch_module._SUPPORT_PATH_SHAPES = frozenset()
    try:
        general = solve_batch(A, B, **options)
    finally:
        batch_module._SUPPORT_PATH_SHAPES = shapes
    return fast, general


def assert_identical(fast: BatchEquilibria, general: BatchEquilibria) -> None:
    """Same counts, statuses, order, padding, strategies, payoffs and regrets, bit for bit."""
    assert np.array_equal(fast.count, general.count)
    assert np.array_equal(fast.status_code, general.status_code)
    for name in ("x", "y", "payoffs", "regret"):
        mine, theirs = getattr(fast, name), getattr(general, name)
        assert mine.shape == theirs.shape, name
        differ = ~((mine == theirs) | (np.isnan(mine) & np.isnan(theirs)))
        assert not differ.any(), (name, np.argwhere(differ)[:3].tolist())


def random_stacks(kind: str, shape: tuple[int, int], N: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    if kind == "normal":
        return tuple(rng.standard_normal((2, N) + shape))
    if kind == "integers":  # ties and degenerate games are common
        return tuple(rng.integers(-3, 4, (2, N) + shape).astype(float))
    if kind == "zero_one":  # mostly degenerate
        return tuple(rng.integers(0, 2, (2, N) + shape).astype(float))
    if kind == "rounded":
        return tuple(np.round(rng.standard_normal((2, N) + shape), 1))
    # integers nudged by less than, about and more than the margin of nondegeneracy (1e-6 of the range)
    A, B = rng.integers(-2, 3, (2, N) + shape).astype(float)
    nudge = 10.0 ** rng.integers(-9, -3, (2, N, 1, 1)) * rng.standard_normal((2, N) + shape)
    return A + nudge[0], B + nudge[1]


@pytest.mark.parametrize("kind", ["normal", "integers", "zero_one", "rounded", "nudged"])
@pytest.mark.parametrize("shape", [(2, 2), (3, 3)])
def test_fast_path_equals_general_path_bit_for_bit(shape, kind):
    rng = np.random.default_rng(["normal", "integers", "zero_one", "rounded", "nudged"].index(kind) + 10 * shape[0])
    N = 300 if kind == "zero_one" else 3000  # 0/1 games are degenerate: the slow general path solves them
    A, B = random_stacks(kind, shape, N, rng)
    fast, general = solve_both(A, B, chunk=N // 3 + 1)  # several chunks; a later one may widen the padding
    assert_identical(fast, general)
    # every game has an equilibrium: the few nudged games (payoffs about rtol from a tie) where the vectorised
    # enumeration finds none (4 of these 3000 3 x 3 ones) are solved again one at a time
    assert (fast.status == "ok").all()
    assert (fast.count >= 1).all()


@pytest.mark.parametrize("shape", [(2, 2), (3, 3)])
def test_fast_path_matches_equilibria_one_game_at_a_time(shape):
    """An independent oracle: leverage.equilibria on each game, for a sample of each kind.

    Not the nudged games: payoffs closer than the tolerance to a tie have several equally valid
    representations of their equilibrium set (see payoff_values), and the two solvers may pick different ones.
    """
    rng = np.random.default_rng(sum(shape))
    stacks = [random_stacks(kind, shape, 30, rng) for kind in ("normal", "integers", "rounded")]
    A, B = np.concatenate([a for a, _ in stacks]), np.concatenate([b for _, b in stacks])
    res = solve_batch(A, B)
    assert_same_as_library(A, B, res)
    assert_regret_within_tolerance(A, B, res)


@pytest.mark.parametrize("shape", [(2, 2), (3, 3)])
@given(data=st.data())
def test_fast_path_equals_general_path_on_drawn_games(shape, data):
    kinds = [payoff_values(decimals=2), payoff_values(integers=True, bound=3), payoff_values()]
    values = data.draw(st.sampled_from(kinds))
    game_list = data.draw(st.lists(bimatrix_games(shape=shape, payoffs=values), min_size=1, max_size=8))
    A, B = stack(game_list)
    assert_identical(*solve_both(A, B))


@pytest.mark.parametrize("shape", [(2, 2), (3, 3)])
def test_generic_games_take_the_fast_path(shape):
    """Random normal games are nondegenerate by far more than the margin: none goes to the general path."""
    from leverage.solvers.batch_supports import dense_equilibria_2x2, support_equilibria
    from leverage.solvers.batch_workspace import Workspace

    rng = np.random.default_rng(5)
    A, B = rng.standard_normal((2,) + shape + (4000,))
    flat = [M.reshape(shape[0] * shape[1], -1) for M in (A, B)]
    lo = tuple(M.min(axis=0) for M in flat)
    spread = tuple(M.max(axis=0) - low for M, low in zip(flat, lo))
    if shape == (2, 2):
        found = dense_equilibria_2x2(A, B, lo, spread, RTOL, Workspace())
        routed, count = found["routed"], found["count"]
    else:
        found = support_equilibria(A, B, lo, spread, RTOL)
        routed, count = found.routed, np.bincount(found.g, minlength=A.shape[2])
    assert not routed.any()
    # a nondegenerate game has an odd number of equilibria (Shapley 1974): 1 or 3 for 2 x 2, up to 7 for 3 x 3
    assert np.all(count % 2 == 1) and count.max() <= (3 if shape == (2, 2) else 7)


@pytest.mark.parametrize("shape", [(2, 2), (3, 3)])
@pytest.mark.parametrize("gap, routed", [(0.5e-6, True), (2e-6, False)])
def test_a_tie_within_the_margin_goes_to_the_general_path(shape, gap, routed, monkeypatch):
    """The column player's two best replies to row 0 differ by ``gap`` times the payoff range (margin 1e-6)."""
    from leverage.solvers import batch_supports

    m, n = shape
    rng = np.random.default_rng(3)
    A, B = rng.uniform(-1.0, 1.0, (2, m, n))
    B[-1, -1], B[-1, 0] = 2.0, -2.0  # B's range is 4
    B[0, 0], B[0, 1] = 0.3, 0.3 - gap * 4.0  # columns 0 and 1 against row 0: a near tie
    seen = []
    real = batch_supports.dense_equilibria_2x2 if shape == (2, 2) else batch_supports.support_equilibria

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        seen.append(bool((out["routed"] if isinstance(out, dict) else out.routed)[0]))
        return out

    monkeypatch.setattr(batch_module, "dense_equilibria_2x2" if shape == (2, 2) else "support_equilibria", spy)
    A3, B3 = A[None], B[None]
    res = solve_batch(A3, B3)
    assert seen == [routed]
    assert_same_as_library(A3, B3, res)


def test_fast_path_candidates_that_fail_verification_go_to_the_general_path(monkeypatch):
    """Wrong mixed strategies from the fast path are caught by verification; the general path then solves the game."""
    from leverage.solvers import batch_supports

    def uniform(V):
        V[...] = 1.0 / len(V)
        return V

    rng = np.random.default_rng(8)
    for shape in [(2, 2), (3, 3)]:
        A, B = rng.standard_normal((2, 400) + shape)
        fast_ok, general = solve_both(A, B)
        with monkeypatch.context() as patch:
            patch.setattr(batch_supports, "strategy_columns", uniform)
            broken_fast = solve_batch(A, B)
        assert_identical(broken_fast, general)
        assert_identical(fast_ok, general)
