"""Mixed equilibria of n-player games by support enumeration over polynomial systems.

Known games check the count first (a missing equilibrium fails), then each
profile's regret, then the profiles; expected mixed equilibria come from
closed forms or from published lists, checked exactly with fractions.
"""

from __future__ import annotations

import warnings
from fractions import Fraction
from itertools import product

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leverage import Game, IncompleteEnumerationWarning, SolverError, equilibria, pure_equilibria
from leverage.io import read_nfg
from leverage.solvers import GameTooLargeError, PolynomialEnumeration, polynomial_equilibria
from leverage.solvers.elimination import closed_form_roots
from leverage.solvers.polynomial import MAX_PLAYERS, support_profiles
from leverage.solvers.polynomial_systems import exact_payoffs, indifference_system, solve_system
from leverage.testing import assert_invariant
from leverage.testing.strategies import bimatrix_games, games, payoff_values
from leverage.tolerance import tolerances


import games as known_games  # tests/games.py (tests/conftest.py puts tests/ on the path)

# ----------------------------------------------------------------------------- helpers


def exact_regrets(payoffs, profile) -> list[Fraction]:
    """Each player's regret at a profile of fractions, computed exactly."""
    n = len(payoffs)
    out = []
    for i in range(n):
        values = []
        for s in range(payoffs[i].shape[i]):
            total = Fraction(0)
            for cell in product(*(range(m) for m in payoffs[i].shape)):
                if cell[i] != s:
                    continue
                weight = Fraction(1)
                for j, c in enumerate(cell):
                    if j != i:
                        weight *= profile[j][c]
                total += weight * Fraction(repr(float(payoffs[i][cell])))
            values.append(total)
        mine = sum(p * v for p, v in zip(profile[i], values))
        out.append(max(values) - mine)
    return out


def fractions(*rows: tuple[str, ...]) -> list[list[Fraction]]:
    return [[Fraction(v) for v in row] for row in rows]


def assert_same_equilibria(found, expected, atol=1e-9):
    """Count first, then every expected profile matched by exactly one found equilibrium."""
    assert len(found) == len(expected), f"{len(found)} equilibria found, {len(expected)} expected"
    key = lambda profile: tuple(np.round(np.concatenate([np.asarray(s, dtype=float) for s in profile]), 9))
    for eq, exp in zip(sorted(found, key=lambda e: key(e.strategies)), sorted(expected, key=key), strict=True):
        assert eq.isclose([np.asarray(s, dtype=float) for s in exp], atol=atol), (eq, exp)


def assert_verified(game, eqs):
    limit = tolerances(game.payoffs)
    for eq in eqs:
        assert np.all(game.regret(eq.strategies) <= limit), eq


def same_set(first, second, atol=1e-7):
    return len(first) == len(second) and all(any(a.isclose(b, atol=atol) for b in second) for a in first)


def no_warnings(call, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error", IncompleteEnumerationWarning)
        return call(*args, **kwargs)


# ----------------------------------------------------------------------------- known games

# McKelvey and McLennan's 2 x 2 x 2 game with nine Nash equilibria, two of them totally
# mixed: Gambit's contrib/games/2x2x2.nfg, shared with test_io.py (source in tests/games.py).
MCKELVEY_MCLENNAN_2X2X2_NFG = known_games.MCKELVEY_MCLENNAN_2X2X2_NFG

# Its nine equilibria as listed in Gambit's tests (tests/test_nash.py,
# test_enumpoly_unordered_behavior, for the same game written as a tree in
# tests/test_games/mixed_behavior_game.efg); each is re-checked exactly below.
MCKELVEY_MCLENNAN_2X2X2_EQUILIBRIA = [
    fractions(("2/5", "3/5"), ("1/2", "1/2"), ("1/3", "2/3")),
    fractions(("1/2", "1/2"), ("2/5", "3/5"), ("1/4", "3/4")),
    fractions(("1/2", "1/2"), ("1/2", "1/2"), ("1", "0")),
    fractions(("1/3", "2/3"), ("1", "0"), ("1/4", "3/4")),
    fractions(("1", "0"), ("1", "0"), ("1", "0")),
    fractions(("1", "0"), ("0", "1"), ("0", "1")),
    fractions(("0", "1"), ("1/4", "3/4"), ("1/3", "2/3")),
    fractions(("0", "1"), ("1", "0"), ("0", "1")),
    fractions(("0", "1"), ("0", "1"), ("1", "0")),
]

# Bob Nau's 2 x 2 x 2 game, Gambit's contrib/games/2x2x2-nau.nfg: three pure
# equilibria, two incompletely mixed ones and a continuum of totally mixed ones.
NAU_2X2X2_WITH_CONTINUUM_NFG = """\
NFG 1 R "2x2x2 example with 3 pure, 2 incompletely mixed, and a continuum of completely mixed NE" { "" "" "" }

{ { "1" "2" }
{ "1" "2" }
{ "1" "2" }
}
""

{
{ "" 0, 0, 2 }
{ "" 3, 0, 0 }
{ "" 0, 3, 0 }
{ "" 0, 0, 0 }
{ "" 1, 1, 0 }
{ "" 0, 0, 0 }
{ "" 0, 0, 0 }
{ "" 0, 0, 3 }
}
1 2 3 4 5 6 7 8
"""


def mckelvey_mclennan_2x2x2_with_nine_equilibria() -> Game:
    return read_nfg(MCKELVEY_MCLENNAN_2X2X2_NFG)


def nau_2x2x2_with_a_continuum_of_totally_mixed_equilibria() -> Game:
    return read_nfg(NAU_2X2X2_WITH_CONTINUUM_NFG)


def cyclic_matching_pennies_with_unique_mixed_equilibrium(a, b, c, d, e, f) -> Game:
    """Jordan's (1993) three-player matching pennies with weights.

    Player 1 wants to match player 2 (gaining ``a`` on heads, ``b`` on tails),
    player 2 to match player 3 (``c``, ``d``), player 3 to mismatch player 1
    (``e`` when 1 plays heads and 3 tails, ``f`` the other way round).
    """
    u1, u2, u3 = np.zeros((2, 2, 2)), np.zeros((2, 2, 2)), np.zeros((2, 2, 2))
    u1[0, 0, :], u1[1, 1, :] = a, b
    u2[:, 0, 0], u2[:, 1, 1] = c, d
    u3[0, :, 1], u3[1, :, 0] = e, f
    return Game([u1, u2, u3], players=("China", "US", "EU"))


def cyclic_closed_form(a, b, c, d, e, f):
    # each player's mixture makes the player who follows it in the cycle indifferent:
    # player 1: a q = b (1 - q); player 2: c r = d (1 - r); player 3: e p = f (1 - p)
    p, q, r = Fraction(f, e + f), Fraction(b, a + b), Fraction(d, c + d)
    return [[p, 1 - p], [q, 1 - q], [r, 1 - r]]


def three_player_coordination() -> Game:
    u = np.zeros((2, 2, 2))
    u[0, 0, 0] = u[1, 1, 1] = 1.0
    return Game([u, u, u])


def test_gambit_2x2x2_expected_list_is_exactly_the_equilibria():
    game = mckelvey_mclennan_2x2x2_with_nine_equilibria()
    for profile in MCKELVEY_MCLENNAN_2X2X2_EQUILIBRIA:
        assert exact_regrets(game.payoffs, profile) == [0, 0, 0]


def test_mckelvey_mclennan_2x2x2_game_has_nine_verified_equilibria():
    game = mckelvey_mclennan_2x2x2_with_nine_equilibria()
    out = no_warnings(polynomial_equilibria, game, full_output=True)
    eqs = out.equilibria
    assert len(eqs) == 9
    assert out.complete and out.continua == ()
    assert_verified(game, eqs)
    assert all(eq.method == "polynomial" for eq in eqs)
    assert_same_equilibria(eqs, MCKELVEY_MCLENNAN_2X2X2_EQUILIBRIA)
    assert sum(all(len(s) == 2 for s in eq.support) for eq in eqs) == 2  # two totally mixed


def test_equilibria_dispatches_three_player_games_to_the_polynomial_method():
    game = mckelvey_mclennan_2x2x2_with_nine_equilibria()
    eqs = no_warnings(equilibria, game)
    assert len(eqs) == 9
    assert_same_equilibria(eqs, MCKELVEY_MCLENNAN_2X2X2_EQUILIBRIA)
    assert same_set(eqs, no_warnings(equilibria, game, method="polynomial"))


@pytest.mark.parametrize(
    "weights",
    [(1, 1, 1, 1, 1, 1), (2, 1, 3, 1, 1, 4), (5, 2, 1, 7, 3, 3), (0.5, 1.5, 2.5, 0.25, 9, 1)],
)
def test_cyclic_matching_pennies_has_its_closed_form_as_unique_equilibrium(weights):
    game = cyclic_matching_pennies_with_unique_mixed_equilibrium(*weights)
    exact = [Fraction(repr(float(w))) for w in weights]
    expected = cyclic_closed_form(*exact)
    assert exact_regrets(game.payoffs, expected) == [0, 0, 0]
    eqs = no_warnings(polynomial_equilibria, game)
    assert len(eqs) == 1
    assert_verified(game, eqs)
    assert_same_equilibria(eqs, [expected], atol=1e-12)
    assert eqs[0].support == ((0, 1), (0, 1), (0, 1))


def test_three_player_coordination_is_complete_despite_its_ties():
    game = three_player_coordination()
    out = no_warnings(polynomial_equilibria, game, full_output=True)
    half = [Fraction(1, 2)] * 2
    expected = [[[1, 0]] * 3, [half] * 3, [[0, 1]] * 3]
    assert len(out.equilibria) == 3
    assert_verified(game, out.equilibria)
    assert_same_equilibria(out.equilibria, expected)
    assert out.complete


def test_nau_game_reports_its_continuum_and_returns_verified_points_on_it():
    game = nau_2x2x2_with_a_continuum_of_totally_mixed_equilibria()
    with pytest.warns(IncompleteEnumerationWarning, match=r"continuum.*\(\(0, 1\), \(0, 1\), \(0, 1\)\)"):
        out = polynomial_equilibria(game, full_output=True)
    assert not out.complete
    assert ((0, 1), (0, 1), (0, 1)) in out.continua
    eqs = out.equilibria
    assert_verified(game, eqs)
    # the three pure equilibria, and the two incompletely mixed ones at the end of their segments
    quarter = [Fraction(1, 4), Fraction(3, 4)]
    for profile in ([[1, 0], [0, 1], [1, 0]], [[0, 1], [1, 0], [1, 0]], [[0, 1], [0, 1], [0, 1]],
                    [[1, 0], [0, 1], quarter], [[0, 1], [1, 0], quarter]):
        assert exact_regrets(game.payoffs, [[Fraction(v) for v in s] for s in profile]) == [0, 0, 0]
        assert any(eq.isclose([np.asarray(s, dtype=float) for s in profile]) for eq in eqs), profile
    # totally mixed points lie on the curve r = 1/4, 2 p q = 3 (1 - p) (1 - q)
    mixed = [eq for eq in eqs if all(len(s) == 2 for s in eq.support)]
    assert mixed
    for eq in mixed:
        p, q, r = (s[0] for s in eq.strategies)
        assert r == pytest.approx(0.25, abs=1e-12)
        assert 2 * p * q == pytest.approx(3 * (1 - p) * (1 - q), abs=1e-12)
    # through equilibria() the warning names the public function
    with pytest.warns(IncompleteEnumerationWarning, match=r"^equilibria\(\): the game is degenerate"):
        assert same_set(equilibria(game), eqs)


def test_an_indifferent_third_player_gives_a_continuum_with_verified_samples():
    # players 1 and 2 play battle of the sexes; player 3's payoff is constant, so any mixture of
    # player 3 completes each of their three equilibria
    u1 = np.repeat(np.array([[2.0, 0.0], [0.0, 1.0]])[:, :, None], 2, axis=2)
    u2 = np.repeat(np.array([[1.0, 0.0], [0.0, 2.0]])[:, :, None], 2, axis=2)
    game = Game([u1, u2, np.zeros((2, 2, 2))])
    with pytest.warns(IncompleteEnumerationWarning, match="continuum"):
        eqs = polynomial_equilibria(game)
    assert_verified(game, eqs)
    x = [np.array([2, 1]) / 3, np.array([1, 2]) / 3]
    for first_two in ([[1, 0], [1, 0]], [[0, 1], [0, 1]], x):
        for r in (0.0, 0.5, 1.0):
            profile = [np.asarray(s, dtype=float) for s in first_two] + [np.array([r, 1 - r])]
            assert any(eq.isclose(profile) for eq in eqs), profile


def test_one_player_games_give_their_pure_best_responses():
    game = Game([np.array([3.0, 1.0, 3.0])])
    eqs = polynomial_equilibria(game)
    assert [eq.support for eq in eqs] == [((0,),), ((2,),)]


def test_support_profiles_come_smallest_and_most_balanced_first():
    order = list(support_profiles((2, 3, 2)))
    assert len(order) == 3 * 7 * 3
    sizes = [tuple(len(S) for S in profile) for profile in order]
    keys = [(sum(k), max(k) - min(k)) for k in sizes]
    assert keys == sorted(keys)
    assert sizes[0] == (1, 1, 1) and sizes[-1] == (2, 3, 2)


# ----------------------------------------------------------------------------- properties

generic_2x2x2 = games(n_players=3, shape=(2, 2, 2), degenerate=False)
generic_small = games(n_players=3, shape=st.sampled_from([(2, 2, 2), (2, 2, 3), (2, 3, 2)]), degenerate=False)
seeds = st.integers(0, 2**32 - 1)


@given(generic_small)
def test_generic_games_have_an_odd_number_of_verified_equilibria(game):
    out = no_warnings(polynomial_equilibria, game, full_output=True)
    assert out.complete
    assert len(out.equilibria) % 2 == 1
    assert_verified(game, out.equilibria)


@given(games(n_players=3, shape=(2, 2, 2), payoffs=payoff_values(integers=True, bound=2)))
def test_games_with_ties_give_verified_points_including_every_pure_equilibrium(game):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteEnumerationWarning)
        out = polynomial_equilibria(game, full_output=True)
    assert out.equilibria
    assert_verified(game, out.equilibria)
    for eq in pure_equilibria(game):
        assert any(found.isclose(eq) for found in out.equilibria)
    assert out.complete == (out.continua == ())


@given(generic_2x2x2)
def test_the_pure_equilibria_returned_are_those_of_pure_equilibria(game):
    found = [eq for eq in no_warnings(polynomial_equilibria, game) if eq.is_pure]
    assert [eq.support for eq in found] == [eq.support for eq in pure_equilibria(game)]


@given(generic_2x2x2, st.lists(st.floats(0.01, 100), min_size=3, max_size=3),
       st.lists(st.floats(-100, 100), min_size=3, max_size=3))
def test_positive_affine_changes_of_payoffs_leave_the_set_unchanged(game, scales, shifts):
    def rescale(g: Game) -> Game:
        return Game([a * u + b for a, u, b in zip(scales, g.payoffs, shifts)])

    assert_invariant(game, rescale, name="positive affine rescaling")


@given(generic_small, seeds)
def test_relabelling_strategies_permutes_the_set(game, seed):
    rng = np.random.default_rng(seed)
    perms = [rng.permutation(m) for m in game.shape]

    def relabel(g: Game) -> Game:
        return Game([u[np.ix_(*perms)] for u in g.payoffs])

    assert_invariant(game, relabel, map_profile=lambda p: tuple(s[q] for s, q in zip(p, perms)), name="relabelling")


@given(generic_2x2x2, st.floats(0.1, 10), seeds)
def test_adding_a_strictly_dominated_strategy_changes_nothing(game, margin, seed):
    weights = np.random.default_rng(seed).dirichlet(np.ones(2))

    def add_dominated(g: Game) -> Game:
        u1, u2, u3 = g.payoffs
        worse = np.tensordot(weights, u1, axes=1) - margin
        return Game([np.concatenate([u1, worse[None]]), np.concatenate([u2, u2[:1]]), np.concatenate([u3, u3[:1]])])

    assert_invariant(game, add_dominated, map_profile=lambda p: (np.append(p[0], 0.0), p[1], p[2]),
                     name="adding a strictly dominated strategy")


@given(bimatrix_games(degenerate=False, max_strategies=3))
def test_two_player_games_agree_with_vertex_enumeration(game):
    assert same_set(no_warnings(polynomial_equilibria, game), equilibria(game))


@given(st.integers(1, 9), st.integers(1, 9), st.integers(1, 9), st.integers(1, 9), st.integers(1, 9), st.integers(1, 9))
def test_cyclic_matching_pennies_family_matches_its_closed_form(a, b, c, d, e, f):
    game = cyclic_matching_pennies_with_unique_mixed_equilibrium(a, b, c, d, e, f)
    eqs = no_warnings(equilibria, game)
    assert_same_equilibria(eqs, [cyclic_closed_form(a, b, c, d, e, f)], atol=1e-12)


# ----------------------------------------------------------------------------- cross-check


def test_every_equilibrium_pygambit_enumpoly_finds_is_found():
    # one direction only: on generic games gambit's enumpoly can miss equilibria that verify
    # (on a seeded 2 x 3 x 3 game it returns 3 of the 5 found here, each of the others having
    # a regret of 1e-13 by gambit's own max_regret); its search is skipped on degenerate games,
    # where it can run for minutes
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(7)
    cases = [mckelvey_mclennan_2x2x2_with_nine_equilibria()] + [
        Game([rng.integers(-1000, 1001, size=shape).astype(float) for _ in shape])
        for shape in ((2, 2, 3), (2, 3, 3), (2, 2, 2, 2))
    ]
    for game in cases:
        gambit_game = gbt.Game.from_arrays(*[u.astype(int) for u in game.payoffs])
        result = gbt.nash.enumpoly_solve(gambit_game, use_strategic=True)
        theirs = [
            [np.array([float(eq[s]) for s in player.strategies]) for player in gambit_game.players]
            for eq in result.equilibria
        ]
        ours = no_warnings(polynomial_equilibria, game)
        assert theirs
        for profile in theirs:
            assert any(eq.isclose(profile, atol=1e-6) for eq in ours), profile


# ----------------------------------------------------------------------------- the fast path of "auto"


def seeded_integer_game(shape, seed) -> Game:
    """Integer payoffs in [-1000, 1000], as in benchmarks/bench_nplayer.py."""
    rng = np.random.default_rng(seed)
    return Game([rng.integers(-1000, 1001, size=shape).astype(float) for _ in shape])


def profile_key(eq) -> tuple:
    return tuple(np.round(np.concatenate(eq.strategies), 7))


@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 3, 3), (2, 2, 2, 2)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_equilibrium_pygambit_enumpoly_finds_on_the_issue_shapes_is_found(shape, seed):
    # issue 22's three shapes, seeded as in the benchmark; one direction only (see the test above)
    gbt = pytest.importorskip("pygambit")
    game = seeded_integer_game(shape, seed)
    gambit_game = gbt.Game.from_arrays(*[u.astype(int) for u in game.payoffs])
    result = gbt.nash.enumpoly_solve(gambit_game, use_strategic=True)
    theirs = [[np.array([float(eq[s]) for s in player.strategies]) for player in gambit_game.players]
              for eq in result.equilibria]
    out = no_warnings(polynomial_equilibria, game, full_output=True)
    assert out.complete
    assert_verified(game, out.equilibria)
    for profile in theirs:
        assert any(eq.isclose(profile, atol=1e-6) for eq in out.equilibria), profile


@pytest.mark.parametrize("shape, seeds", [((2, 2, 2), range(6)), ((3, 3, 3), range(2)), ((2, 2, 2, 2), range(3))])
def test_auto_finds_the_equilibria_of_the_homotopy_without_tracking_a_path(shape, seeds):
    # the closed forms and the hidden-variable resultants against homotopy continuation, a separate code
    # path; on these generic games "auto" needs no homotopy at all
    for seed in seeds:
        game = seeded_integer_game(shape, seed)
        fast = no_warnings(polynomial_equilibria, game, full_output=True)
        tracked = no_warnings(polynomial_equilibria, game, solver="homotopy", full_output=True)
        assert fast.complete and tracked.complete
        assert fast.supports_tracked == 0
        assert len(fast.equilibria) == len(tracked.equilibria)
        assert sorted(map(profile_key, fast.equilibria)) == sorted(map(profile_key, tracked.equilibria))
        assert len(fast.equilibria) % 2 == 1  # Wilson's oddness theorem


def closed_form_against_exact(payoffs, shape):
    """For every support with a closed form: its roots in the box are the exact solver's, and it never
    answers for a support whose solutions form a continuum that meets the box. Returns how many it solved."""
    rescaled = [(u - u.min()) / (np.ptp(u) or 1.0) for u in payoffs]
    exact = exact_payoffs(payoffs)
    profiles = list(support_profiles(shape))[len(list(product(*map(range, shape)))):]  # at least one player mixes
    solved = 0
    for supports, roots in zip(profiles, closed_form_roots(rescaled, profiles), strict=True):
        if roots is None:
            continue
        solved += 1
        R, polys = indifference_system(exact, supports)
        expected, continuum = solve_system(R, polys, [27])
        real = expected[np.abs(expected.imag).max(axis=1, initial=0.0) < 1e-9].real
        inside = real[np.all((real > -1e-9) & (real < 1 + 1e-9), axis=1)]
        sums = [inside[:, k : k + len(S) - 1].sum(axis=1) for k, S in zip(np.cumsum([0] + [len(S) - 1 for S in supports]), supports) if len(S) > 1]
        inside = inside[np.all(np.array(sums).reshape(len(sums), len(inside)) <= 1 + 1e-9, axis=0)]
        if continuum:
            assert not len(inside), (supports, "a continuum in the box was given a closed form")
            continue
        found = roots[np.abs(roots.imag).max(axis=1, initial=0.0) < 1e-7].real
        for root in inside:
            assert len(found) and np.abs(found - root).max(axis=1).min() < 1e-7, (supports, root, found)
    return solved


def indifferent_player_game(shape, rng):
    payoffs = [rng.normal(size=shape) for _ in shape]
    payoffs[-1] = np.zeros(shape)
    return payoffs


def neighbours_game(shape, rng):
    # each player's payoff depends on its own strategy and one neighbour's only (games side by side)
    n = len(shape)
    out = []
    for i in range(n):
        j = i ^ 1 if i ^ 1 < n else 0
        M = rng.integers(-5, 6, size=(shape[i], shape[j])).astype(float)
        index = [None] * n
        index[i], index[j] = slice(None), slice(None)
        full = M if i < j else M.T
        out.append(np.broadcast_to(full[tuple(index)], shape).copy())
    return out


@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 3, 3), (2, 2, 2, 2)])
@pytest.mark.parametrize("family", ["normal", "ties", "zero-one", "indifferent player", "neighbours"])
def test_closed_forms_agree_with_the_exact_solver_support_by_support(shape, family):
    rng = np.random.default_rng(abs(hash((shape, family))) % 2**32)
    make = {
        "normal": lambda: [np.round(rng.normal(size=shape), 3) for _ in shape],  # few digits: exact stays cheap
        "ties": lambda: [rng.integers(-2, 3, size=shape).astype(float) for _ in shape],
        "zero-one": lambda: [rng.integers(0, 2, size=shape).astype(float) for _ in shape],
        "indifferent player": lambda: indifferent_player_game(shape, rng),
        "neighbours": lambda: neighbours_game(shape, rng),
    }[family]
    solved = sum(closed_form_against_exact(make(), shape) for _ in range(2))
    assert solved > 0


def test_a_support_where_the_elimination_does_not_fit_falls_back_to_the_exact_solver():
    # in McKelvey and McLennan's game player 1 is indifferent whatever player 2 does when player 3
    # mixes (1/4, 3/4): the kernel that would fix player 2's mixture is not a point, so the closed form
    # gives up and the exact solver finds the two totally mixed equilibria (all nine are checked above)
    game = mckelvey_mclennan_2x2x2_with_nine_equilibria()
    rescaled = [(u - u.min()) / np.ptp(u) for u in game.payoffs]
    full = ((0, 1), (0, 1), (0, 1))
    assert closed_form_roots(rescaled, [full]) == [None]
    mixed = [eq for eq in no_warnings(polynomial_equilibria, game) if eq.support == full]
    assert len(mixed) == 2


def conditionally_dominated(payoffs, tol, supports) -> bool:
    """Porter, Nudelman and Shoham (2008), section 4, by its definition: some strategy ``a`` of some
    support is beaten by more than the tolerance, by one strategy ``b``, on every pure profile of the
    others' supports."""
    n = len(payoffs)
    for i, S in enumerate(supports):
        opponents = list(product(*[supports[j] for j in range(n) if j != i]))
        cell = lambda s, t: t[:i] + (s,) + t[i:]  # noqa: E731
        for a in S:
            for b in range(payoffs[i].shape[i]):
                if all(payoffs[i][cell(b, t)] - payoffs[i][cell(a, t)] > tol[i] for t in opponents):
                    return True
    return False


@pytest.mark.parametrize("shape", [(2, 3, 2), (3, 3, 3), (2, 2, 2, 2)])
def test_pruned_supports_are_those_with_a_conditionally_dominated_strategy(shape):
    # the vectorised pruning against its definition; small integer payoffs make many strategies tie or win
    rng = np.random.default_rng(3)
    game = Game([rng.integers(-3, 4, size=shape).astype(float) for _ in shape])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteEnumerationWarning)
        out = polynomial_equilibria(game, dominance=False, full_output=True)
    tol = game.tolerances()
    expected = sum(conditionally_dominated(game.payoffs, tol, S) for S in support_profiles(shape)
                   if any(len(s) > 1 for s in S))
    assert 0 < out.supports_pruned == expected
    assert out.supports_solved + out.supports_pruned == np.prod([2**m - 1 for m in shape]) - np.prod(shape)


# ----------------------------------------------------------------------------- bad input


def test_bad_input_is_rejected_with_a_clear_message():
    game = mckelvey_mclennan_2x2x2_with_nine_equilibria()
    with pytest.raises(TypeError, match=r"polynomial_equilibria\(\): game must be a leverage.Game"):
        polynomial_equilibria([[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=r"polynomial_equilibria\(\): max_size must be an integer in \[1, 16\]"):
        polynomial_equilibria(game, max_size=0)
    with pytest.raises(ValueError, match=r"max_size must be an integer in \[1, 16\]; got 17"):
        polynomial_equilibria(game, max_size=17)
    with pytest.raises(TypeError, match=r"polynomial_equilibria\(\): max_size must be an integer; got '3'"):
        polynomial_equilibria(game, max_size="3")
    with pytest.raises(ValueError, match=r"polynomial_equilibria\(\): max_supports must be an integer >= 1"):
        polynomial_equilibria(game, max_supports=0)
    with pytest.raises(TypeError, match=r"polynomial_equilibria\(\): dominance must be True or False"):
        polynomial_equilibria(game, dominance="yes")
    with pytest.raises(ValueError, match=r"polynomial_equilibria\(\): solver must be one of 'auto', 'exact', 'homotopy'; got 'newton'"):
        polynomial_equilibria(game, solver="newton")
    with pytest.raises(ValueError, match=r"polynomial_equilibria\(\): tol must be a finite number in \[0, 1\)"):
        polynomial_equilibria(game, tol=2.0)
    with pytest.raises(ValueError, match=r"equilibria\(\): unknown method 'polynomials'; choose one of .*polynomial"):
        equilibria(game, method="polynomials")
    with pytest.raises(ValueError, match=r"method 'vertex' is for two-player games; this game has 3 players"):
        equilibria(game, method="vertex")


def test_games_beyond_the_limits_raise_and_auto_falls_back_to_pure_equilibria():
    rng = np.random.default_rng(0)
    seven = Game([rng.normal(size=(2,) * 7) for _ in range(7)])
    with pytest.raises(GameTooLargeError, match=rf"7 players; the polynomial method handles at most {MAX_PLAYERS}"):
        polynomial_equilibria(seven)
    assert issubclass(GameTooLargeError, SolverError)
    with pytest.warns(IncompleteEnumerationWarning, match=r"only pure equilibria .* 7 players"):
        eqs = equilibria(seven)
    assert [eq.support for eq in eqs] == [eq.support for eq in pure_equilibria(seven)]

    # a 3 x 3 x 3 x 3 game (8 cubic unknowns in its full support) is beyond the exact method's bound
    big = Game([rng.normal(size=(3, 3, 3, 3)) for _ in range(4)])
    too_big = r"polynomial system of size \d+ \(\d unknowns of degree \d\), more than max_size=12"
    with pytest.raises(GameTooLargeError, match=too_big):
        polynomial_equilibria(big, dominance=False, solver="exact")
    # so is a 2 x 2 x 2 x 3 game, whose full support has five unknowns of degree 3
    full_support = r"\(\(0, 1\), \(0, 1\), \(0, 1\), \(0, 1, 2\)\) gives a polynomial system of size 15"
    with pytest.raises(GameTooLargeError, match=full_support):
        polynomial_equilibria(Game([rng.normal(size=(2, 2, 2, 3)) for _ in range(4)]), dominance=False, solver="exact")
    too_many = r"\(3, 3, 3, 3\) and 2401 support profiles, more than max_supports=100"
    with pytest.raises(GameTooLargeError, match=too_many):
        polynomial_equilibria(big, max_supports=100, dominance=False)
    five_by_three = Game([np.zeros((3,) * 5)] * 5)
    with pytest.raises(GameTooLargeError, match=r"16807 support profiles, more than max_supports=10000"):
        polynomial_equilibria(five_by_three, dominance=False)


def test_full_output_records_how_the_result_was_computed():
    out = polynomial_equilibria(mckelvey_mclennan_2x2x2_with_nine_equilibria(), full_output=True)
    assert isinstance(out, PolynomialEnumeration)
    assert out.method == "polynomial"
    assert out.parameters == {"tol": 1e-8, "max_size": 12, "max_supports": 10_000, "dominance": True, "solver": "auto"}
    assert out.unresolved == () and out.supports_tracked == 0  # a 2 x 2 x 2 game is solved exactly
    assert out.supports_solved + out.supports_pruned == 27 - 8
    assert repr(out).startswith("PolynomialEnumeration(9 equilibria; complete;")
