"""Vertices and equilibria as they are found (issue 24, "Bounded solves").

- :func:`~leverage.solvers.adjacency.face_vertices` lists the same vertices as
  the double description method, on generic and degenerate polytopes, for the
  whole polytope and for its faces, and a partly consumed generator gives
  vertices that are final;
- :func:`~leverage.solvers.adjacency.progressive_equilibria` yields exactly the
  extreme equilibria of the full enumeration;
- ``equilibria()`` with a bound hands over to it when the vertex listing stops,
  and returns more than the pure equilibria, verified and marked incomplete.
"""

from __future__ import annotations

import itertools
import time
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leverage.solvers.adjacency as adjacency_module
import leverage.solvers.enumeration as enumeration_module
from leverage import Game, IncompleteEnumerationWarning, equilibria, pure_equilibria
from leverage.results import unique_equilibria
from leverage.solvers.adjacency import face_vertices, progressive_equilibria
from leverage.solvers.double_description import TIGHT_TOL, polytope_vertices_dd
from leverage.solvers.polytope import EnumerationStopped, normalized_bimatrix
from leverage.testing.polytope_strategies import polytope_matrices
from leverage.testing.strategies import bimatrix_games


def zero_one_game(n: int) -> Game:
    """The issue's reproducer: ``default_rng(0)``, A drawn first, then B."""
    rng = np.random.default_rng(0)
    A = rng.integers(0, 2, (n, n))
    B = rng.integers(0, 2, (n, n))
    return Game.from_bimatrix(A, B)


def polytopes_of(game: Game) -> tuple[np.ndarray, np.ndarray]:
    A, B = (M.astype(float) for M in game.payoffs)
    An, Bn = normalized_bimatrix(A, B)
    return Bn.T, An


def vertex_set(V) -> set[tuple[float, ...]]:
    return {tuple(np.round(v, 8) + 0.0) for v in V}


def profile_set(eqs) -> set[tuple[float, ...]]:
    return {tuple(np.round(np.concatenate(eq.strategies), 7) + 0.0) for eq in eqs}


def on_face(C: np.ndarray, V: np.ndarray, required) -> np.ndarray:
    """The rows of ``V`` on which every ``required`` inequality binds (``t < d``: ``z_t = 0``; else row ``t - d``)."""
    d = C.shape[1]
    G = np.concatenate([-np.eye(d), C])
    h = np.concatenate([np.zeros(d), np.ones(len(C))])
    if len(V) == 0 or len(required) == 0:
        return V
    slack = h[list(required)] - V @ G[list(required)].T
    return V[np.all(np.abs(slack) <= TIGHT_TOL, axis=1)]


DEGENERATE_POLYTOPES = [
    ("0/1 game 6x6, P", polytopes_of(zero_one_game(6))[0]),
    ("0/1 game 9x9, Q", polytopes_of(zero_one_game(9))[1]),
    ("0/1 game 12x12, P", polytopes_of(zero_one_game(12))[0]),
    ("all ties", np.ones((4, 3))),
    ("a third row through the mixed vertex", np.array([[1.0, 2.0], [2.0, 1.0], [1.5, 1.5]])),
    ("one column", np.array([[1.0], [2.0], [2.0]])),
    ("random 7x6", np.random.default_rng(5).uniform(1.0, 2.0, (7, 6))),
]


# ----------------------------------------------------------------------------- the whole polytope


@pytest.mark.parametrize(("name", "C"), DEGENERATE_POLYTOPES, ids=[name for name, _ in DEGENERATE_POLYTOPES])
def test_the_search_lists_the_vertices_of_the_double_description_method(name, C):
    found = list(face_vertices(C))
    expected = polytope_vertices_dd(C)
    assert len(found) == len(expected)  # each vertex once
    assert vertex_set(found) == vertex_set(expected)


@settings(max_examples=40, deadline=None)
@given(polytope_matrices(rows=st.integers(1, 5), cols=st.integers(1, 5)))
def test_on_drawn_polytopes_the_vertex_sets_agree(C):
    found = list(face_vertices(C))
    assert len(found) == len(polytope_vertices_dd(C))
    assert vertex_set(found) == vertex_set(polytope_vertices_dd(C))


def test_a_partly_consumed_generator_gives_final_vertices():
    C = polytopes_of(zero_one_game(12))[0]
    every = vertex_set(polytope_vertices_dd(C))
    for count in (1, 7, 40):
        first = list(itertools.islice(face_vertices(C), count))
        assert len(first) == count and len(vertex_set(first)) == count
        assert vertex_set(first) <= every
        G = np.concatenate([-np.eye(C.shape[1]), C])
        h = np.concatenate([np.zeros(C.shape[1]), np.ones(len(C))])
        for v in first:  # feasible, and fixed by its tight inequalities
            slack = h - G @ v
            assert slack.min() >= -TIGHT_TOL
            assert np.linalg.matrix_rank(G[slack <= TIGHT_TOL]) == C.shape[1]


@pytest.mark.parametrize("scale", [1e-300, 1e-5, 3.0, 1e300])
def test_scaling_the_polytope_scales_its_vertices(scale):
    C = polytopes_of(zero_one_game(6))[0]
    found = np.array(list(face_vertices(C * scale)))
    assert len(found) == 10
    assert vertex_set(found * scale) == vertex_set(face_vertices(C)) == vertex_set(polytope_vertices_dd(C))


def test_the_bounds_stop_the_generator():
    C = polytopes_of(zero_one_game(9))[0]
    with pytest.raises(EnumerationStopped) as stop:
        list(face_vertices(C, deadline=time.monotonic() - 1.0))
    assert stop.value.reason == "time_limit"
    with pytest.raises(EnumerationStopped) as stop:
        list(face_vertices(C, memory_budget=1))
    assert stop.value.reason == "memory"


# ----------------------------------------------------------------------------- faces


@pytest.mark.parametrize("small_faces", [True, False], ids=["square solves", "graph search"])
def test_face_vertices_are_the_vertices_on_which_the_required_set_binds(small_faces, monkeypatch):
    if not small_faces:
        monkeypatch.setattr(adjacency_module, "FACE_SOLVE_ENTRIES", 0)  # every face by LP start and graph search
    rng = np.random.default_rng(7)
    for name, C in DEGENERATE_POLYTOPES:
        if "12x12" in name:
            continue  # its faces of high dimension hold hundreds of vertices: slow for no more coverage
        k, d = C.shape
        V = polytope_vertices_dd(C)
        for size in (1, 2, 3, d - 1, d):
            for _ in range(6):
                required = sorted(rng.choice(k + d, size=min(size, k + d), replace=False).tolist())
                found = list(face_vertices(C, required))
                expected = on_face(C, V, required)
                assert len(found) == len(expected), (C, required)
                assert vertex_set(found) == vertex_set(expected), (C, required)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), C=polytope_matrices(rows=st.integers(1, 5), cols=st.integers(1, 5), degenerate=True))
def test_on_drawn_faces_the_vertex_sets_agree(data, C):
    k, d = C.shape
    required = data.draw(st.lists(st.integers(0, k + d - 1), max_size=d, unique=True), label="required")
    found = list(face_vertices(C, required))
    assert vertex_set(found) == vertex_set(on_face(C, polytope_vertices_dd(C), required))


def test_an_empty_face_has_no_vertices():
    C = np.array([[1.0, 1.0]])
    assert list(face_vertices(C, [0, 1, 2])) == []  # z = 0 cannot meet z_1 + z_2 = 1


# ----------------------------------------------------------------------------- equilibria


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6, 7, 8, 9, 10])
def test_progressive_equilibria_are_the_extreme_equilibria_of_a_0_1_game(n):
    g = zero_one_game(n)
    full = equilibria(g)
    found = list(progressive_equilibria(g))
    assert all(g.is_nash(eq.strategies) for eq in found)
    assert len(unique_equilibria(found)) == len(found)  # each once
    assert profile_set(found) == profile_set(full)


@settings(max_examples=25, deadline=None)
@given(bimatrix_games(payoffs=st.integers(-3, 3).map(float), degenerate=True, max_strategies=4))
def test_on_drawn_degenerate_games_the_equilibria_agree(game):
    # integer payoffs: ties are exact. Payoff differences at the tolerance's scale (the vertex search's
    # faces bind exactly, the full listing pairs vertices by tolerance) are outside the search's promise.
    assert profile_set(progressive_equilibria(game)) == profile_set(equilibria(game))


@pytest.mark.parametrize("stop", ["memory", "listing time"])
def test_a_bounded_call_that_the_listing_cannot_finish_returns_verified_equilibria(stop, monkeypatch):
    g = zero_one_game(20)  # the listing of its polytopes outgrows the memory budget after about 100 s

    def out_of_memory(C, **kwargs):
        raise EnumerationStopped("memory")

    if stop == "memory":  # as after 100 s of listing
        monkeypatch.setattr(enumeration_module, "polytope_vertices", out_of_memory)
    else:  # the listing stops at its first look at the clock
        monkeypatch.setattr(enumeration_module, "LISTING_SECONDS", 0.0)
    pure = pure_equilibria(g)
    with pytest.warns(IncompleteEnumerationWarning, match=r"equilibria\(\): stopped at max_equilibria=200"):
        found = equilibria(g, max_equilibria=200)
    assert (len(found), found.complete, found.reason) == (200, False, "max_equilibria")
    assert len(found) > len(pure) == 113
    assert all(g.is_nash(eq.strategies) for eq in found)
    mixed = [eq for eq in found if not all(np.max(s) == 1.0 for s in eq.strategies)]
    assert len(mixed) >= 200 - 113


def test_a_listing_past_its_share_of_the_time_hands_over_and_the_search_completes(monkeypatch):
    g = zero_one_game(10)
    full = equilibria(g)
    monkeypatch.setattr(enumeration_module, "LISTING_SHARE", 0.0)  # the listing stops at once
    with warnings.catch_warnings():
        warnings.simplefilter("error", IncompleteEnumerationWarning)
        found = equilibria(g, time_limit=600)
    assert found.complete and found.reason is None
    assert profile_set(found) == profile_set(full)


def test_without_a_bound_a_memory_stop_still_returns_the_pure_equilibria(monkeypatch):
    g = zero_one_game(8)

    def out_of_memory(C, **kwargs):
        raise EnumerationStopped("memory")

    monkeypatch.setattr(enumeration_module, "polytope_vertices", out_of_memory)
    with pytest.warns(IncompleteEnumerationWarning, match=r"with time_limit= or max_equilibria=, a progressive"):
        found = equilibria(g)
    assert profile_set(found) == profile_set(pure_equilibria(g))


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"C": "abc"}, TypeError, r"face_vertices\(\): C is not a numeric array"),
        ({"C": np.ones(3)}, ValueError, r"face_vertices\(\): C must have 2 dimension"),
        ({"C": np.zeros((0, 2))}, ValueError, r"face_vertices\(\): C must have at least one row"),
        ({"C": np.array([[1.0, -1.0]])}, ValueError, r"face_vertices\(\): C must have positive entries"),
        ({"C": np.array([[1.0, np.nan]])}, ValueError, r"face_vertices\(\): C has non-finite values"),
        ({"required": 3}, TypeError, r"face_vertices\(\): required must be a collection"),
        ({"required": [5]}, ValueError, r"face_vertices\(\): required must be at most 3"),
        ({"required": [0.5]}, TypeError, r"face_vertices\(\): required must be an integer"),
        ({"deadline": "soon"}, TypeError, r"face_vertices\(\): deadline must be a time.monotonic\(\) time"),
        ({"deadline": float("nan")}, ValueError, r"face_vertices\(\): deadline must be a number"),
        ({"memory_budget": 0}, ValueError, r"face_vertices\(\): memory_budget must be at least 1"),
    ],
)
def test_face_vertices_refuses_bad_input(kwargs, error, pattern):
    args = {"C": np.array([[1.0, 2.0], [2.0, 1.0]]), **kwargs}
    with pytest.raises(error, match=pattern):
        face_vertices(**args)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "pattern"),
    [
        (([[1, 0], [0, 1]],), {}, TypeError, r"progressive_equilibria\(\): game must be a leverage.Game"),
        ((Game([np.ones((2, 2, 2))] * 3),), {}, ValueError, r"progressive_equilibria\(\): game must have two"),
        ((zero_one_game(3), -1.0), {}, ValueError, r"progressive_equilibria"),
        ((zero_one_game(3),), {"deadline": [1.0]}, TypeError, r"progressive_equilibria\(\): deadline"),
        ((zero_one_game(3),), {"memory_budget": 2.5}, TypeError, r"progressive_equilibria\(\): memory_budget"),
    ],
)
def test_progressive_equilibria_refuses_bad_input(args, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        progressive_equilibria(*args, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"rows": 0}, ValueError, r"polytope_matrices\(\): rows must be at least 1"),
        ({"cols": 99}, ValueError, r"polytope_matrices\(\): cols must be at most 12"),
        ({"cols": "2"}, TypeError, r"polytope_matrices\(\): cols must be an integer"),
        ({"degenerate": "yes"}, TypeError, r"polytope_matrices\(\): degenerate"),
    ],
)
def test_polytope_matrices_refuses_bad_input(kwargs, error, pattern):
    @settings(max_examples=1, database=None)
    @given(polytope_matrices(**kwargs))
    def draw(C):
        pass

    with pytest.raises(error, match=pattern):
        draw()
