"""Tests of the logit quantal response equilibrium: ``qre``, ``qre_path``, ``logit_equilibrium``.

The logit equations are checked by an independent residual (expected payoffs
from :meth:`Game.strategy_payoffs`, then a softmax), closed forms serve as
oracles where the QRE has one, and every limit is checked against the
tolerance rule and, for two players, against the full equilibrium set.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from leverage import Game, SolverError, UnverifiedEquilibriumError, equilibria, equilibrium_components, pure_equilibria
from leverage.testing.strategies import STAG_HUNT, bimatrix_games, games, ordered_games, payoff_values
from leverage.tolerance import tolerances

# the module, even where a package re-exports a function of the same name over it
qre_module = importlib.import_module("leverage.solvers.qre")
QREPath, QREPoint = qre_module.QREPath, qre_module.QREPoint
qre, qre_path, logit_equilibrium = qre_module.qre, qre_module.qre_path, qre_module.logit_equilibrium


# ---------------------------------------------------------------------- helpers
def logit_residual(game: Game, lam: float, strategies) -> float:
    """``max |sigma - logit response to sigma|``, computed from the game's own payoff functions."""
    worst = 0.0
    for i in range(game.n_players):
        values = game.strategy_payoffs(strategies, i)
        z = lam * (values - values.max())
        response = np.exp(z) / np.exp(z).sum()
        worst = max(worst, float(np.abs(np.asarray(strategies[i]) - response).max()))
    return worst


def logistic(z: float) -> float:
    return 1.0 / (1.0 + np.exp(-z))


def assert_verified(game: Game, profile) -> None:
    regret = game.regret(profile)
    assert np.all(regret <= tolerances(game.payoffs)), regret


def assert_continuous(path: QREPath) -> None:
    """Successive points move by at most a bound proportional to the arclength step."""
    steps = np.diff(path.arclength)
    assert np.all(steps > 0)
    # the arclength is measured in (log-probabilities, lam * scale); a softmax moves each
    # probability by at most twice the largest change of a log-probability
    precision = np.abs(path.lam[1:]) * path.scale
    assert np.all(np.abs(np.diff(path.lam)) * path.scale <= steps * (1 + 1e-9) + 1e-12 * (1 + precision))
    for sigma in path.strategies:
        assert np.all(np.abs(np.diff(sigma, axis=0)).max(axis=1) <= 2 * steps + 1e-12)


def assert_path_solves_logit_equations(game: Game, path: QREPath, max_precision: float = 1e4) -> None:
    """Every point with ``lam * scale <= max_precision`` solves the logit equations to 1e-10."""
    for k in range(len(path)):
        if path.lam[k] * path.scale > max_precision:
            continue
        profile = [s[k] for s in path.strategies]
        assert logit_residual(game, path.lam[k], profile) <= 1e-10, (k, path.lam[k])


def uniform_profile(game: Game) -> list[np.ndarray]:
    return [np.full(m, 1.0 / m) for m in game.shape]


# ---------------------------------------------------------------------- test games
def matching_pennies() -> Game:
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    return Game.from_bimatrix(A, -A)


def column_player_with_dominant_strategy() -> Game:
    """The column player's first strategy is better by 1 whatever the row player does, so
    at precision lam it is played with probability q = logistic(lam); the row player
    then plays its first strategy with probability logistic(lam * (4q - 1))."""
    return Game.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [1, 0]])


def stag_hunt() -> Game:
    """R = 5 > T = 4 > P = 2 > S = 0: (Stag, Stag) is payoff dominant, (Hare, Hare) risk dominant."""
    return Game.from_bimatrix(
        [[5, 0], [4, 2]], [[5, 4], [0, 2]], strategies=(("Stag", "Hare"), ("Stag", "Hare"))
    )


def prisoners_dilemma() -> Game:
    return Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def three_players_with_dominant_strategies() -> Game:
    """Payoffs that depend on everyone's choice (noise in [0, 0.4]), plus a bonus of 1, 2 and 3
    for each player's second strategy: strictly dominant, whatever the others do."""
    rng = np.random.default_rng(7)
    payoffs = []
    for i, bonus in enumerate((1.0, 2.0, 3.0)):
        u = rng.uniform(0, 0.4, size=(2, 2, 2))
        index = [slice(None)] * 3
        index[i] = 1
        u[tuple(index)] += bonus
        payoffs.append(u)
    return Game(payoffs)


def three_players_with_payoffs_of_their_own() -> Game:
    """Each player's payoff depends on its own strategy only: the QRE is player by player
    ``softmax(lam * c_i)``, in closed form; the players' payoff ranges differ."""
    own = [np.array([1.0, 0.0]), np.array([0.0, 2.5, 1.0]), np.array([-3.0, 3.0])]
    shape = (2, 3, 2)
    payoffs = []
    for i, c in enumerate(own):
        view = [1, 1, 1]
        view[i] = shape[i]
        payoffs.append(np.broadcast_to(c.reshape(view), shape).copy())
    return Game(payoffs)


def three_players_two_pure_one_mixed() -> Game:
    """A symmetric 2 x 2 x 2 game with two pure equilibria and one mixed one (from Gambit's
    test games). Uniform play is a QRE at every precision, and the branch of uniform play
    is met by another branch at a bifurcation point."""
    values = [0, 0, 0, 1, 2, -1, 2, 4, 2, -1, 2, 1, -1, 2, 1, 2, 4, 2, 1, 2, -1, 0, 0, 0]
    payoffs = [np.zeros((2, 2, 2)) for _ in range(3)]
    cells = [(a, b, c) for c in range(2) for b in range(2) for a in range(2)]  # player 1 varies fastest
    for k, cell in enumerate(cells):
        for i in range(3):
            payoffs[i][cell] = values[3 * k + i]
    return Game(payoffs)


def branch_bends_back_2x3() -> Game:
    """The principal branch of this game turns back in lam near 1.6 and forward again near 1.25."""
    return Game.from_bimatrix([[0, 4, 3], [2, -5, 4]], [[1, -1, -4], [-3, -2, 3]])


# ---------------------------------------------------------------------- known limits
@dataclass(frozen=True)
class LimitCase:
    name: str
    game: Callable[[], Game]
    limit: Callable[[Game], list[np.ndarray]]


def _pure(game: Game, *indices: int) -> list[np.ndarray]:
    return [np.eye(m)[k] for m, k in zip(game.shape, indices)]


def _risk_dominant_in_stag_hunt(game: Game) -> list[np.ndarray]:
    # Harsanyi-Selten: the equilibrium with the larger product of the players' deviation losses
    A, B = game.payoffs
    stag = (A[0, 0] - A[1, 0]) * (B[0, 0] - B[0, 1])
    hare = (A[1, 1] - A[0, 1]) * (B[1, 1] - B[1, 0])
    assert stag != hare
    k = 0 if stag > hare else 1
    return _pure(game, k, k)


LIMIT_CASES = [
    LimitCase("matching pennies: the mixed equilibrium", matching_pennies, uniform_profile),
    LimitCase("stag hunt: the risk-dominant equilibrium", stag_hunt, _risk_dominant_in_stag_hunt),
    LimitCase("prisoner's dilemma: mutual defection", prisoners_dilemma, lambda g: _pure(g, 1, 1)),
    LimitCase(
        "column player with a dominant strategy: the row player's best response to it",
        column_player_with_dominant_strategy,
        lambda g: _pure(g, 0, 0),
    ),
    LimitCase(
        "three players with dominant strategies", three_players_with_dominant_strategies, lambda g: _pure(g, 1, 1, 1)
    ),
    LimitCase(
        "three players whose payoffs are their own: each player's best strategy",
        three_players_with_payoffs_of_their_own,
        lambda g: _pure(g, 0, 1, 1),
    ),
    LimitCase(
        "symmetric 2x2x2 game: uniform play throughout, the mixed equilibrium",
        three_players_two_pure_one_mixed,
        uniform_profile,
    ),
    LimitCase("branch that bends back: the unique equilibrium", branch_bends_back_2x3, lambda g: _pure(g, 1, 2)),
]


@pytest.mark.parametrize("case", LIMIT_CASES, ids=lambda c: c.name)
def test_known_limits(case: LimitCase) -> None:
    game = case.game()
    path = qre_path(game)
    assert path.status == "converged", path.message
    assert path.limit.method == "logit"
    assert_verified(game, path.limit.strategies)
    assert path.limit.regret <= tolerances(game.payoffs).min()
    expected = case.limit(game)
    for got, want in zip(path.limit.strategies, expected, strict=True):
        np.testing.assert_allclose(got, want, atol=1e-9)
    assert_continuous(path)
    assert_path_solves_logit_equations(game, path)
    assert logit_equilibrium(game).isclose(path.limit)


# ---------------------------------------------------------------------- closed forms
def test_matching_pennies_qre_is_uniform_at_every_precision() -> None:
    game = matching_pennies()
    for lam in (0.0, 0.3, 1.0, 7.5, 100.0):
        point = qre(game, lam)
        assert point.converged
        for s in point.strategies:
            np.testing.assert_array_equal(s, [0.5, 0.5])
    path = qre_path(game)
    for sigma in path.strategies:
        np.testing.assert_array_equal(sigma, 0.5)


@pytest.mark.parametrize("lam", [0.1, 0.5, 1.0, 2.0, 5.0, 20.0])
def test_closed_form_qre_of_game_with_dominant_column(lam: float) -> None:
    game = column_player_with_dominant_strategy()
    point = qre(game, lam)
    q = logistic(lam)
    p = logistic(lam * (3 * q - (1 - q)))
    np.testing.assert_allclose(point.strategies[0], [p, 1 - p], rtol=0, atol=1e-12)
    np.testing.assert_allclose(point.strategies[1], [q, 1 - q], rtol=0, atol=1e-12)
    assert logit_residual(game, lam, point.strategies) <= 1e-12
    assert point.residual <= 1e-12 and point.converged and point.lam == lam


@pytest.mark.parametrize("lam", [0.2, 1.0, 3.0, 10.0])
def test_lam_is_in_raw_payoff_units_for_every_player(lam: float) -> None:
    # players with different payoff ranges: each plays softmax(lam * own payoffs), unscaled
    game = three_players_with_payoffs_of_their_own()
    point = qre(game, lam)
    own = [np.array([1.0, 0.0]), np.array([0.0, 2.5, 1.0]), np.array([-3.0, 3.0])]
    for got, c in zip(point.strategies, own, strict=True):
        np.testing.assert_allclose(got, np.exp(lam * c) / np.exp(lam * c).sum(), rtol=0, atol=1e-12)


def test_qre_on_the_path_matches_qre_at_the_same_precision() -> None:
    game = column_player_with_dominant_strategy()
    path = qre_path(game, max_lam=8.0)
    assert path.lam[-1] == 8.0
    for k in (3, len(path) // 2, len(path) - 1):
        point = qre(game, path.lam[k])
        for got, want in zip(point.strategies, path.point(k).strategies, strict=True):
            np.testing.assert_allclose(got, want, atol=1e-10)


def test_warm_start_converges_by_newton() -> None:
    game = stag_hunt()
    first = qre(game, 1.0)
    assert isinstance(first, QREPoint)
    second = qre(game, 1.3, start=first)
    assert second.converged and "Newton" in second.message
    cold = qre(game, 1.3)
    for a, b in zip(second.strategies, cold.strategies, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-12)
    # a plain profile works as a start too
    again = qre(game, 1.3, start=[[0.5, 0.5], [0.5, 0.5]])
    assert again.converged and logit_residual(game, 1.3, again.strategies) <= 1e-12


# ---------------------------------------------------------------------- turning points
def test_branch_that_bends_back_is_followed_through_both_turns() -> None:
    game = branch_bends_back_2x3()
    path = qre_path(game)
    turns = path.turning_points
    assert len(turns) == 2
    high, low = path.lam[turns]
    assert low < high
    # between the turns the branch crosses lam = middle three times: three distinct QRE
    middle = (low + high) / 2
    crossings = np.flatnonzero(np.diff(np.sign(path.lam - middle)) != 0)
    assert len(crossings) == 3
    found = []
    for k in crossings:
        start = [s[k] for s in path.strategies]
        point = qre(game, middle, start=start)
        assert point.converged and logit_residual(game, middle, point.strategies) <= 1e-10
        found.append(np.concatenate(point.strategies))
    assert min(np.abs(a - b).max() for i, a in enumerate(found) for b in found[i + 1 :]) > 1e-3
    # without a start, qre returns the branch's first point at that precision
    first = qre(game, middle)
    np.testing.assert_allclose(np.concatenate(first.strategies), found[0], atol=1e-9)


def test_coarse_path_lies_on_the_finely_traced_branch() -> None:
    game = branch_bends_back_2x3()
    coarse = qre_path(game, max_lam=5.0)
    fine = qre_path(game, max_lam=5.0, first_step=0.002, max_accel=1.02, max_steps=20000)
    assert coarse.status == fine.status == "converged"
    assert len(fine) > 5 * len(coarse)

    def points(path: QREPath) -> np.ndarray:
        return np.column_stack([path.lam * path.scale, *path.strategies])

    P, F = points(coarse), points(fine)
    gap = np.abs(np.diff(F, axis=0)).max()
    nearest = np.abs(P[:, None, :] - F[None, :, :]).max(axis=2).min(axis=1)
    assert nearest.max() <= gap
    assert coarse.limit.isclose(fine.limit)


# ---------------------------------------------------------------------- n players
def test_symmetric_three_player_game_crosses_one_bifurcation() -> None:
    game = three_players_two_pure_one_mixed()
    path = qre_path(game)
    assert len(path.bifurcations) == 1
    for sigma in path.strategies:
        np.testing.assert_allclose(sigma, 0.5, atol=1e-12)
    assert len(pure_equilibria(game)) == 2
    assert path.limit.isclose(uniform_profile(game), atol=1e-12)


@given(games(n_players=3, shape=(2, 2, 2), degenerate=False))
def test_random_three_player_games_have_verified_limits(game: Game) -> None:
    path = qre_path(game)
    assert path.status == "converged", path.message
    assert_verified(game, path.limit.strategies)
    if path.limit.is_pure:
        assert any(path.limit.isclose(eq) for eq in pure_equilibria(game))
    assert_continuous(path)
    assert_path_solves_logit_equations(game, path)


# ---------------------------------------------------------------------- random games
@given(bimatrix_games(degenerate=False, max_strategies=4))
def test_limit_of_generic_bimatrix_game_is_one_of_its_equilibria(game: Game) -> None:
    path = qre_path(game)
    assert path.status == "converged", path.message
    assert_verified(game, path.limit.strategies)
    assert any(path.limit.isclose(eq) for eq in equilibria(game))
    assert len(path.bifurcations) == 0


@given(bimatrix_games(payoffs=payoff_values(integers=True, bound=3), max_strategies=3))
def test_limit_of_bimatrix_game_with_ties_lies_in_an_equilibrium_component(game: Game) -> None:
    path = qre_path(game)
    assert path.status == "converged", path.message
    assert_verified(game, path.limit.strategies)
    assert any(c.contains(path.limit.strategies, atol=1e-7) for c in equilibrium_components(game))


@given(games(n_players=st.integers(1, 3), max_strategies=3, payoffs=payoff_values(decimals=2)))
def test_path_starts_uniform_is_continuous_and_solves_the_logit_equations(game: Game) -> None:
    path = qre_path(game)
    assert path.lam[0] == 0.0
    for sigma, m in zip(path.strategies, game.shape, strict=True):
        np.testing.assert_allclose(sigma[0], np.full(m, 1.0 / m), rtol=0, atol=1e-15)
    assert_continuous(path)
    assert_path_solves_logit_equations(game, path)
    assert path.status == "converged", path.message
    assert_verified(game, path.limit.strategies)


@given(games(n_players=st.integers(1, 3), max_strategies=3))
def test_any_path_is_bounded_and_its_limit_verified_or_absent(game: Game) -> None:
    # payoffs drawn as any floats, so that differences of 1e-7 of the payoff range -- ten
    # times the tolerance -- occur; the path may then stop short, but says so
    path = qre_path(game, max_steps=500)
    assert path.steps <= 500
    assert_continuous(path)
    assert path.status in ("converged", "polish_failed", "not_confirmed", "max_steps", "breakdown")
    assert (path.limit is not None) == (path.status == "converged"), path.message
    if path.limit is not None:
        assert_verified(game, path.limit.strategies)


@given(ordered_games(STAG_HUNT))
def test_logit_selects_the_risk_dominant_equilibrium_of_stag_hunts(game: Game) -> None:
    A, B = game.payoffs
    stag = (A[0, 0] - A[1, 0]) * (B[0, 0] - B[0, 1])
    hare = (A[1, 1] - A[0, 1]) * (B[1, 1] - B[1, 0])
    span = float(A.max() - A.min()) ** 2
    assume(abs(stag - hare) > 1e-6 * span)  # an exact tie is a bifurcation, not a selection
    path = qre_path(game)
    k = 0 if stag > hare else 1
    assert path.limit.support == ((k,), (k,)), (stag, hare, path.limit)


# ---------------------------------------------------------------------- invariances
@given(
    games(n_players=st.integers(2, 3), max_strategies=3, degenerate=False),
    st.floats(0.05, 2.0),
    st.floats(0.1, 20.0),
    st.randoms(use_true_random=False),
)
def test_qre_invariant_under_shifts_common_rescaling_and_relabelling(game: Game, lam: float, c: float, rnd) -> None:
    base = qre(game, lam)
    assert base.converged
    # payoffs times c and lam divided by c give the same QRE, a constant added to a player's
    # payoffs changes nothing, and relabelling every player's strategies relabels the QRE
    perms = [np.array(rnd.sample(range(m), m)) for m in game.shape]
    other = Game([c * u[np.ix_(*perms)] + 3.0 * i for i, u in enumerate(game.payoffs)])
    transformed = qre(other, lam / c)
    assert transformed.converged
    for a, b, perm in zip(base.strategies, transformed.strategies, perms, strict=True):
        np.testing.assert_allclose(a[perm], b, atol=1e-9)


@given(games(n_players=st.integers(1, 3), max_strategies=4))
def test_qre_at_zero_is_uniform(game: Game) -> None:
    point = qre(game, 0.0)
    assert point.converged and point.residual == 0.0
    for s, m in zip(point.strategies, game.shape, strict=True):
        np.testing.assert_array_equal(s, np.full(m, 1.0 / m))


# ---------------------------------------------------------------------- never unverified
def test_limit_is_none_when_polishing_fails_verification(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(game, strategies, method, rtol=None, clean=True):
        raise UnverifiedEquilibriumError("refused")

    monkeypatch.setattr(qre_module, "verified_equilibrium", refuse)
    game = stag_hunt()
    for path in (qre_path(game), qre_path(game, max_lam=50.0)):
        assert path.limit is None
        assert path.status == "polish_failed"
        assert "no candidate support" in path.message
    with pytest.raises(UnverifiedEquilibriumError, match=r"logit_equilibrium\(\): no candidate support"):
        logit_equilibrium(game)


def test_step_bound_stops_the_path_without_a_limit() -> None:
    game = branch_bends_back_2x3()
    path = qre_path(game, max_steps=3)
    assert path.status == "max_steps" and path.limit is None and path.steps == 3
    assert "max_steps" in path.message
    with pytest.raises(SolverError, match="max_steps") as info:
        logit_equilibrium(game, max_steps=3)
    assert not isinstance(info.value, UnverifiedEquilibriumError)
    point = qre(game, 30.0, max_steps=3)
    assert not point.converged and "did not converge" in point.message
    assert "NOT converged" in repr(point)


def test_path_arrays_are_read_only() -> None:
    path = qre_path(stag_hunt(), max_lam=2.0)
    with pytest.raises(ValueError):
        path.lam[0] = 1.0
    with pytest.raises(ValueError):
        path.strategies[0][0, 0] = 1.0
    assert path.end.lam == 2.0 and path.point(0).lam == 0.0


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda g: qre(g, -1.0), ValueError, r"qre\(\): lam must be non-negative; got -1.0"),
        (lambda g: qre(g, float("nan")), ValueError, r"qre\(\): lam must be finite"),
        (lambda g: qre(g, float("inf")), ValueError, r"qre\(\): lam must be finite"),
        (lambda g: qre(g, "large"), TypeError, r"qre\(\): lam must be a number"),
        (lambda g: qre(g, True), TypeError, r"qre\(\): lam must be a number"),
        (lambda g: qre(g, 1.0, start=[[1.0], [0.5, 0.5]]), ValueError, r"qre\(\): start: profile\[0\] has shape"),
        (lambda g: qre(g, 1.0, max_steps=0), ValueError, r"qre\(\): max_steps must be a positive int"),
        (lambda g: qre_path(g, max_lam=0), ValueError, r"qre_path\(\): max_lam must be larger than 0; got 0"),
        (lambda g: qre_path(g, max_lam=-2.0), ValueError, r"qre_path\(\): max_lam must be larger than 0"),
        (lambda g: qre_path(g, max_lam=float("inf")), ValueError, r"qre_path\(\): max_lam must be finite"),
        (lambda g: qre_path(g, max_lam="10"), TypeError, r"qre_path\(\): max_lam must be a number; got '10'"),
        (lambda g: qre_path(g, max_lam=[10]), TypeError, r"qre_path\(\): max_lam must be a number"),
        (lambda g: qre_path(g, first_step=0.0), ValueError, r"qre_path\(\): first_step must be positive"),
        (lambda g: qre_path(g, max_accel=0.5), ValueError, r"qre_path\(\): max_accel must be at least 1"),
        (lambda g: qre_path(g, max_newton=2.5), ValueError, r"qre_path\(\): max_newton must be a positive int"),
    ],
)
def test_bad_arguments_are_named(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call(stag_hunt())


@pytest.mark.parametrize("function", [lambda g: qre(g, 1.0), qre_path, logit_equilibrium])
def test_a_game_that_is_not_a_game_is_refused(function) -> None:
    import nashpy

    for bad in ([[1, 0], [0, 1]], nashpy.Game([[1, 0], [0, 1]]), None):
        with pytest.raises(TypeError, match=r"\(\): game must be a leverage.Game; got"):
            function(bad)


# ---------------------------------------------------------------------- Gambit
def test_agrees_with_gambit_logit() -> None:
    gbt = pytest.importorskip("pygambit")
    if not hasattr(getattr(gbt, "qre", None), "logit_solve_lambda"):
        pytest.skip("needs pygambit 16.1 or later (pygambit.qre.logit_solve_lambda)")
    game = stag_hunt()
    gambit_game = gbt.Game.from_arrays(*[np.asarray(u, dtype=int) for u in game.payoffs])
    players = list(gambit_game.players)

    def probabilities(profile) -> list[np.ndarray]:
        return [np.array([float(profile[s]) for s in p.strategies]) for p in players]

    # points of the branch at given precisions, in the same (raw) units of lam
    lams = [0.5, 1.0, 2.0]
    points = gbt.qre.logit_solve_lambda(gambit_game, lam=lams, use_strategic=True)
    for lam, point in zip(lams, points, strict=True):
        ours = qre(game, lam)
        for a, b in zip(ours.strategies, probabilities(point.profile), strict=True):
            np.testing.assert_allclose(a, b, atol=1e-6)
    # Gambit's end point approximates the limit; ours is polished and verified
    result = gbt.nash.logit_solve(gambit_game, use_strategic=True)
    theirs = probabilities(getattr(result, "equilibria", result)[0])
    assert qre_path(game).limit.isclose(theirs, atol=1e-4)
