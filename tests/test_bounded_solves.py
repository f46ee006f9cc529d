"""Bounded solves, and verification that NaN cannot pass (issue 24).

- ``equilibria()`` stops at ``max_equilibria`` or ``time_limit`` and says so;
- the double description enumerator agrees with support enumeration and qhull
  on nondegenerate and degenerate games, and with the known games' closed forms;
- de-duplication by grid hashing keeps exactly what the pairwise rule kept;
- a NaN profile, a NaN regret and payoffs whose range overflows never pass;
- ``solve_batch`` keeps to its memory budget or refuses with a clear error.
"""

from __future__ import annotations

import time
import tracemalloc
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import leverage.results as results_module
import leverage.solvers.double_description as dd_module
import leverage.solvers.enumeration as enumeration_module
import leverage.solvers.polytope as polytope_module
import leverage.solvers.support as support_module
from leverage import Game, IncompleteEnumerationWarning, UnverifiedEquilibriumError, equilibria, pure_equilibria
from leverage.results import EquilibriumList, unique_equilibria, unique_rows_greedy, verified_equilibrium
from leverage.solvers.batch import solve_batch
from leverage.solvers.double_description import polytope_vertices_dd
from leverage.solvers.polytope import (
    EnumerationStopped,
    complete_pairs,
    extreme_equilibrium_candidates,
    normalized_bimatrix,
    vertex_labels,
)
from leverage.solvers.support import polytope_vertices_bases
from leverage.solvers.vertex import is_degenerate, polytope_vertices_qhull
from leverage.testing.strategies import bimatrix_games, payoff_values
from leverage.tolerance import payoff_scale, tolerances


def zero_one_game(n: int) -> Game:
    """The issue's reproducer: ``default_rng(0)``, A drawn first, then B (the 16 x 16 one has 2,402 equilibria)."""
    rng = np.random.default_rng(0)
    A = rng.integers(0, 2, (n, n))
    B = rng.integers(0, 2, (n, n))
    return Game.from_bimatrix(A, B)


@pytest.fixture(scope="module")
def game_16x16_with_2402_equilibria() -> Game:
    return zero_one_game(16)


import test_known_games as KNOWN  # noqa: E402 -- tests/ is on the path (tests/conftest.py)


# ----------------------------------------------------------------------------- bounds


def test_max_equilibria_stops_the_16x16_game_at_50_verified_equilibria(game_16x16_with_2402_equilibria):
    g = game_16x16_with_2402_equilibria
    t0 = time.perf_counter()
    with pytest.warns(IncompleteEnumerationWarning, match=r"equilibria\(\): stopped at max_equilibria=50.*more"):
        found = equilibria(g, max_equilibria=50)
    assert time.perf_counter() - t0 < 10.0
    assert isinstance(found, list) and isinstance(found, EquilibriumList)
    assert len(found) == 50
    assert (found.complete, found.reason) == (False, "max_equilibria")
    assert all(g.is_nash(eq.strategies) for eq in found)
    assert len(unique_equilibria(found)) == 50


def test_time_limit_returns_the_verified_equilibria_found_quickly(game_16x16_with_2402_equilibria):
    g = game_16x16_with_2402_equilibria
    t0 = time.perf_counter()
    with pytest.warns(IncompleteEnumerationWarning, match=r"equilibria\(\): stopped at time_limit=0.05 s"):
        found = equilibria(g, time_limit=0.05)
    assert time.perf_counter() - t0 < 0.05 + 2.0
    assert (found.complete, found.reason) == (False, "time_limit")
    assert len(found) >= len(pure_equilibria(g)) > 0  # every pure equilibrium, at least
    assert all(g.is_nash(eq.strategies) for eq in found)


def test_a_bound_equal_to_the_count_is_complete_and_one_below_is_not():
    bos = KNOWN.battle_of_the_sexes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        full = equilibria(bos, max_equilibria=3)
        unbounded = equilibria(bos, time_limit=60)
    assert (len(full), full.complete, full.reason) == (3, True, None)
    assert (len(unbounded), unbounded.complete) == (3, True)
    with pytest.warns(IncompleteEnumerationWarning):
        two = equilibria(bos, max_equilibria=2)
    assert (len(two), two.complete) == (2, False)
    assert all(any(eq.isclose(other) for other in full) for eq in two)


def test_bounded_lists_are_subsets_of_the_full_list():
    g = zero_one_game(8)
    full = equilibria(g)
    assert full.complete and len(full) > 10
    with pytest.warns(IncompleteEnumerationWarning):
        part = equilibria(g, max_equilibria=len(full) - 1)
    assert len(part) == len(full) - 1
    assert all(any(eq.isclose(other) for other in full) for eq in part)
    assert equilibria(g, max_equilibria=len(full)).complete


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"max_equilibria": 0}, ValueError, r"equilibria\(\): max_equilibria must be at least 1; got 0"),
        ({"max_equilibria": -3}, ValueError, r"max_equilibria must be at least 1"),
        ({"max_equilibria": 2.5}, TypeError, r"equilibria\(\): max_equilibria must be a positive integer or None"),
        ({"max_equilibria": True}, TypeError, r"max_equilibria must be a positive integer"),
        ({"max_equilibria": "10"}, TypeError, r"max_equilibria must be a positive integer"),
        ({"time_limit": 0}, ValueError, r"equilibria\(\): time_limit must be a positive, finite number of seconds"),
        ({"time_limit": -1.0}, ValueError, r"time_limit must be a positive, finite"),
        ({"time_limit": float("nan")}, ValueError, r"time_limit must be a positive, finite"),
        ({"time_limit": float("inf")}, ValueError, r"time_limit must be a positive, finite.*None for no limit"),
        ({"time_limit": "1"}, TypeError, r"equilibria\(\): time_limit must be a number of seconds or None"),
        ({"time_limit": True}, TypeError, r"time_limit must be a number"),
    ],
)
def test_bound_arguments_are_validated(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        equilibria(KNOWN.matching_pennies(), **kwargs)


def test_numpy_integers_and_floats_are_accepted_as_bounds():
    found = equilibria(KNOWN.battle_of_the_sexes(), max_equilibria=np.int64(5), time_limit=np.float64(30.0))
    assert len(found) == 3 and found.complete


def test_a_memory_stop_returns_the_pure_equilibria_and_says_why(monkeypatch):
    g = KNOWN.nashpy_issue_82_degenerate_3x5_with_8_extreme_equilibria()

    def out_of_memory(C, **kwargs):
        raise EnumerationStopped("memory")

    monkeypatch.setattr(enumeration_module, "polytope_vertices", out_of_memory)
    with pytest.warns(IncompleteEnumerationWarning, match=r"memory budget \(VERTEX_MEMORY_BUDGET"):
        found = equilibria(g)
    assert (found.complete, found.reason) == (False, "memory")
    pure = pure_equilibria(g)
    assert len(found) == len(pure) == 3
    assert all(eq.isclose(other) for eq, other in zip(found, pure, strict=True))


def test_more_players_are_bounded_by_max_equilibria_too():
    u = np.zeros((2, 2, 2))
    u[0, 0, 0] = u[1, 1, 1] = 1.0
    with pytest.warns(IncompleteEnumerationWarning, match="max_equilibria=2"):
        found = equilibria(Game([u, u, u]), max_equilibria=2)
    assert len(found) == 2 and not found.complete


def test_a_passed_deadline_or_budget_stops_each_vertex_lister():
    C = normalized_bimatrix(*[M.astype(float) for M in zero_one_game(6).payoffs])[0]
    past = time.monotonic() - 1.0
    for call in (
        lambda: polytope_vertices_dd(C, deadline=past),
        lambda: polytope_vertices_bases(C, deadline=past),
    ):
        with pytest.raises(EnumerationStopped) as stop:
            call()
        assert stop.value.reason == "time_limit"
    with pytest.raises(EnumerationStopped) as stop:
        polytope_vertices_dd(C, memory_budget=1)
    assert stop.value.reason == "memory"


def test_blocking_does_not_change_what_is_listed(monkeypatch):
    A, B = (M.astype(float) for M in zero_one_game(7).payoffs)
    An, Bn = normalized_bimatrix(A, B)
    vertices = polytope_vertices_dd(An)
    candidates, LX, LY = extreme_equilibrium_candidates(A, B, polytope_vertices_dd)
    bases = polytope_vertices_bases(An)
    monkeypatch.setattr(dd_module, "_BLOCK_WORDS", 1)
    monkeypatch.setattr(polytope_module, "PAIR_BLOCK_WORDS", 1)
    monkeypatch.setattr(support_module, "BASES_PER_BLOCK", 3)
    np.testing.assert_array_equal(polytope_vertices_dd(An), vertices)
    small_blocks, _, _ = extreme_equilibrium_candidates(A, B, polytope_vertices_dd)
    assert len(small_blocks) == len(candidates)
    assert {tuple(np.round(np.concatenate(c), 9)) for c in small_blocks} == {
        tuple(np.round(np.concatenate(c), 9)) for c in candidates
    }
    np.testing.assert_array_equal(polytope_vertices_bases(An), bases)


# ----------------------------------------------------------------------------- double description


def _vertex_set(V: np.ndarray) -> set[tuple[float, ...]]:
    return {tuple(row) for row in np.round(V, 7) + 0.0}


def _verified_set(game: Game, lister) -> list:
    A, B = game.payoffs
    candidates, _, _ = extreme_equilibrium_candidates(A, B, lister)
    return unique_equilibria([verified_equilibrium(game, c, "test") for c in candidates])


def _assert_same_equilibria(found: list, expected: list) -> None:
    assert len(found) == len(expected)
    for eq in expected:
        assert sum(other.isclose(eq, atol=1e-7) for other in found) == 1


@pytest.mark.parametrize("case", KNOWN.CASES, ids=[c.name for c in KNOWN.CASES])
def test_double_description_finds_the_known_equilibrium_sets(case):
    game = case.game()
    found = _verified_set(game, polytope_vertices_dd)
    KNOWN.assert_same_set(found, case.expected(), game)


@given(game=bimatrix_games(degenerate=False, max_strategies=5))
def test_double_description_agrees_with_support_enumeration_on_nondegenerate_games(game):
    for C in normalized_bimatrix(*game.payoffs):
        for M in (C, C.T):
            dd, bases = polytope_vertices_dd(M), polytope_vertices_bases(M)
            assert len(dd) == len(_vertex_set(dd)) == len(_vertex_set(bases))  # each vertex once
            assert _vertex_set(dd) == _vertex_set(bases)


@given(game=bimatrix_games(degenerate=True, max_strategies=5, payoffs=payoff_values(integers=True, bound=2)))
def test_double_description_agrees_with_support_enumeration_on_degenerate_games(game):
    for M in (normalized_bimatrix(*game.payoffs)[1].T, normalized_bimatrix(*game.payoffs)[0]):
        dd = polytope_vertices_dd(M)
        assert len(dd) == len(_vertex_set(dd)) and _vertex_set(dd) == _vertex_set(polytope_vertices_bases(M))
    _assert_same_equilibria(_verified_set(game, polytope_vertices_dd), _verified_set(game, polytope_vertices_bases))


@given(game=bimatrix_games(max_strategies=5, payoffs=payoff_values(decimals=1)))
def test_double_description_and_qhull_give_the_same_equilibria(game):
    _assert_same_equilibria(_verified_set(game, polytope_vertices_dd), _verified_set(game, polytope_vertices_qhull))


@pytest.mark.parametrize("kind", ["generic", "integers 0..2"])
def test_double_description_agrees_with_qhull_on_8x8_games(kind):
    rng = np.random.default_rng(8)
    draw = (lambda: rng.random((8, 8))) if kind == "generic" else (lambda: rng.integers(0, 3, (8, 8)).astype(float))
    A, B = draw(), draw()
    for C in (normalized_bimatrix(A, B)[1].T, normalized_bimatrix(A, B)[0]):
        dd = polytope_vertices_dd(C)
        assert len(dd) == len(_vertex_set(dd)) and _vertex_set(dd) == _vertex_set(polytope_vertices_qhull(C))
        labels = vertex_labels(dd, C)
        assert (labels.sum(axis=1) >= C.shape[1]).all()  # every vertex carries at least d labels
    game = Game.from_bimatrix(A, B)
    _assert_same_equilibria(_verified_set(game, polytope_vertices_dd), _verified_set(game, polytope_vertices_qhull))


def test_complete_pairs_pairs_surplus_labels_by_union():
    # a vertex with every label pairs with all; simple vertices only with their complements
    LX = np.array([[True, True, True, True], [True, False, True, False]])
    LY = np.array([[False, True, False, True], [True, True, False, False]])
    a, b = complete_pairs(LX, LY, 2)
    assert sorted(zip(a.tolist(), b.tolist())) == [(0, 0), (0, 1), (1, 0)]


# ----------------------------------------------------------------------------- de-duplication


def pairwise_unique_mask(flat: np.ndarray, atol: float) -> np.ndarray:
    """The former rule, by an E x E comparison: keep j unless an earlier kept row is within atol."""
    close = np.abs(flat[:, None, :] - flat[None, :, :]).max(axis=2) <= atol
    keep = np.ones(len(flat), dtype=bool)
    for j in range(len(flat)):
        if keep[j]:
            keep[j + 1 :] &= ~close[j, j + 1 :]
    return keep


@st.composite
def point_clouds(draw) -> tuple[np.ndarray, float]:
    """Rows with planted near-duplicates, some on the grid's cell boundaries (where neighbours matter)."""
    atol = draw(st.sampled_from([1e-9, 1e-4, 0.02]))
    D = draw(st.integers(1, 12))
    E = draw(st.integers(0, 40))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    h = max(2.0**-10, 8 * atol)
    boundary = (rng.integers(0, int(1 / h), (E, D)) - 0.3819660112501051) * h  # exactly on cell boundaries
    base = np.where(rng.random((E, D)) < draw(st.sampled_from([0.0, 0.5, 1.0])), boundary, rng.random((E, D)))
    parents = rng.integers(0, max(E, 1), E)
    near = base[parents] + atol * rng.choice([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0], (E, D))
    points = np.where(rng.random(E)[:, None] < 0.5, near, base)
    return points, atol


@given(cloud=point_clouds())
def test_grid_deduplication_keeps_what_the_pairwise_rule_kept(cloud):
    points, atol = cloud
    np.testing.assert_array_equal(unique_rows_greedy(points, atol), pairwise_unique_mask(points, atol))


def test_rows_near_many_boundaries_are_compared_with_every_kept_row():
    h = 2.0**-10
    row = (np.arange(1, 11) - 0.3819660112501051) * h  # ten coordinates on cell boundaries
    points = np.array([row, row + 5e-10, row - 5e-10, row + 3e-9])
    assert unique_rows_greedy(points, 1e-9).tolist() == [True, False, False, True]


def test_unique_equilibria_keeps_the_order_and_first_of_each():
    g = KNOWN.nashpy_issue_82_degenerate_3x5_with_8_extreme_equilibria()
    eqs = list(equilibria(g))
    rng = np.random.default_rng(1)
    shuffled = [eqs[k] for k in rng.permutation(len(eqs))] * 2
    out = unique_equilibria(shuffled)
    assert [eq.support for eq in out] == [eq.support for eq in eqs]
    assert all(a.isclose(b) for a, b in zip(out, eqs, strict=True))
    flat = np.array([np.concatenate(e.strategies) for e in shuffled])
    order = np.lexsort((-(np.round(flat, 9) + 0.0)).T[::-1])
    assert [shuffled[k] for k in order[pairwise_unique_mask(flat[order], 1e-9)]] == out


# ----------------------------------------------------------------------------- NaN and overflow


@pytest.mark.parametrize("clean", [True, False])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_non_finite_profile_fails_verification(clean, bad):
    g = KNOWN.prisoners_dilemma()
    with pytest.raises(UnverifiedEquilibriumError, match=r"strategy has non-finite entries"):
        verified_equilibrium(g, [np.array([bad, 1.0]), np.array([0.0, 1.0])], "fuzz", clean=clean)


def test_a_nan_regret_fails_verification(monkeypatch):
    # max(0, nan) is 0: the guard must not rely on comparisons with NaN
    monkeypatch.setattr(results_module, "regrets", lambda payoffs, profile: np.array([np.nan, 0.0]))
    g = KNOWN.prisoners_dilemma()
    with pytest.raises(UnverifiedEquilibriumError, match=r"Player 1's regret is nan"):
        verified_equilibrium(g, [np.array([0.0, 1.0]), np.array([0.0, 1.0])], "fuzz")


def test_profiles_that_are_not_probability_vectors_fail_verification():
    g = KNOWN.prisoners_dilemma()
    with pytest.raises(UnverifiedEquilibriumError, match="no positive entry"):
        verified_equilibrium(g, [np.zeros(2), np.array([0.0, 1.0])], "fuzz")
    with pytest.raises(UnverifiedEquilibriumError, match="not a probability vector"):
        verified_equilibrium(g, [np.array([0.0, 2.0]), np.array([0.0, 1.0])], "fuzz", clean=False)
    with pytest.raises(ValueError, match=r"verified_equilibrium\(\): strategy 1 has shape \(3,\)"):
        verified_equilibrium(g, [np.array([0.0, 1.0]), np.ones(3) / 3], "fuzz")


@pytest.mark.parametrize("n_players", [2, 3])
def test_payoffs_whose_range_overflows_are_refused_by_game(n_players):
    u = np.zeros((2,) * n_players)
    u.flat[0], u.flat[-1] = 1e308, -1e308
    with pytest.raises(ValueError, match=r"Game\(\): payoffs\[1\] range from -1e\+308 to 1e\+308.*overflows.*rescale"):
        Game([np.zeros_like(u), u] + [np.zeros_like(u)] * (n_players - 2))


def test_payoffs_near_the_float_limit_with_a_finite_range_give_verified_equilibria():
    big = Game.from_bimatrix([[1e308, 0.0], [0.0, 5e307]], [[5e307, 0.0], [0.0, 1e308]])
    small = Game.from_bimatrix([[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]])
    assert np.all(np.isfinite(big.tolerances()))
    found, expected = equilibria(big), equilibria(small)
    assert len(found) == len(expected) == 3
    for eq, other in zip(found, expected, strict=True):
        assert big.is_nash(eq.strategies) and np.isfinite(eq.regret)
        assert eq.isclose(other)


@given(values=st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=6))
def test_the_tolerance_is_finite_or_refused(values):
    try:
        tol = tolerances([np.array(values)])
    except ValueError as exc:  # in the name of the function called
        assert str(exc).startswith(("tolerances(): a payoff range is not finite", "tolerances(): payoffs[0] holds NaN"))
        assert not np.all(np.isfinite(values)) or np.ptp(values) == np.inf
    else:
        assert np.all(np.isfinite(tol)) and np.all(tol >= 0)
        assert np.all(np.isfinite(payoff_scale([np.array(values)])))


@pytest.mark.parametrize("tol", [-1.0, 5.0, float("nan")])
def test_is_degenerate_refuses_a_tolerance_outside_zero_to_one(tol):
    with pytest.raises(ValueError, match=r"is_degenerate\(\): tol must be a finite number in \[0, 1\)"):
        is_degenerate(KNOWN.battle_of_the_sexes(), tol=tol)


# ----------------------------------------------------------------------------- solve_batch memory


def test_solve_batch_solves_a_9x9_game_within_its_memory_budget():
    g = zero_one_game(9)
    A, B = (np.asarray(M, dtype=float)[None] for M in g.payoffs)
    tracemalloc.start()
    try:
        res = solve_batch(A, B)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20  # gigabytes before repeated vertices were dropped and pairs matched in blocks
    assert res.status.tolist() == ["ok"]
    _assert_same_equilibria(res.game(0), equilibria(g))


def test_solve_batch_refuses_shapes_and_chunks_over_its_budget():
    with pytest.raises(ValueError, match=r"solve_batch\(\): games of shape \(11, 11\) need about .* MiB each.*"
                                         r"BATCH_MEMORY_BUDGET.*leverage.equilibria"):
        solve_batch(np.zeros((1, 11, 11)), np.zeros((1, 11, 11)))
    with pytest.raises(ValueError, match=r"solve_batch\(\): chunk=5000 games of shape \(6, 6\).*use chunk=\d+ or"):
        solve_batch(np.zeros((2, 6, 6)), np.zeros((2, 6, 6)), chunk=5000)


def test_solve_batch_refuses_payoffs_whose_range_overflows():
    from leverage.sensitivity import solve_batch

    A = np.array([[[1e308, -1e308], [0.0, 0.0]]])
    with pytest.raises(ValueError, match=r"solve_batch\(\): the payoffs of A in game 0 span a range that overflows"):
        solve_batch(A, np.zeros((1, 2, 2)))
