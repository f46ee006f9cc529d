"""Tests of leverage.sensitivity.sweep: tables, selection rules, executors, checkpoints."""

from __future__ import annotations

import logging
import warnings
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given

from leverage import Parameter, ParameterSet, ParametricGame, equilibria
from leverage.sensitivity.regimes import equilibrium_regime
from leverage.scenarios import export_restriction_game
from leverage.sensitivity import SweepErrorWarning, SweepResult, sweep
from leverage.testing.strategies import parameters
from leverage.testing.assertions import assert_sweeps_identical
from test_regimes import closed_form_premium  # noqa: E402 -- tests/ is on the path (tests/conftest.py)

FLIP = closed_form_premium(0.91)  # the premium at which the US is indifferent to complying with licensing


# ----------------------------------------------------------------------------- module-level models (picklable)


def _nan_payoffs(a, b):
    """Matching-pennies-like game whose payoffs are NaN when a > 0.5."""
    bad = np.where(np.asarray(a) > 0.5, np.nan, 0.0)
    return [[1.0 + a + bad, -1.0], [-1.0, 1.0]], [[-1.0, 1.0 + b], [1.0, -1.0]]


def nan_model() -> ParametricGame:
    ps = ParameterSet(a=Parameter(0.0, 0.0, 1.0, "u", "test"), b=Parameter(0.0, 0.0, 1.0, "u", "test"))
    return ParametricGame(ps, _nan_payoffs, players=("R", "C"), strategies=(("U", "D"), ("L", "R")))


def _bos_payoffs(a, b):
    """Battle of the sexes: (Open, Comply) pays (a, 1), (Restrict, Diversify) pays (2, b)."""
    return [[a, 0.0], [0.0, 2.0]], [[1.0, 0.0], [0.0, b]]


def bos_model() -> ParametricGame:
    ps = ParameterSet(a=Parameter(5.0, 1.0, 6.0, "u", "test"), b=Parameter(3.0, 1.0, 6.0, "u", "test"))
    return ParametricGame(ps, _bos_payoffs, players=("R", "C"), strategies=(("Open", "Restrict"), ("Comply", "Diversify")))


def _stag_payoffs(stag, hare):
    """Symmetric stag hunt: (Stag, Stag) pays stag, Hare pays hare whatever the other does, Stag alone 0."""
    A = [[stag, 0.0 * hare], [hare, hare]]
    B = [[stag, hare], [0.0 * hare, hare]]
    return A, B


def stag_model() -> ParametricGame:
    ps = ParameterSet(stag=Parameter(4.0, 3.5, 6.0, "u", "test"), hare=Parameter(3.0, 1.0, 3.0, "u", "test"))
    return ParametricGame(ps, _stag_payoffs, players=("P1", "P2"), strategies=(("Stag", "Hare"), ("Stag", "Hare")))


def _stag_exit_payoffs(stag, hare):
    """Stag hunt with Hare listed first, and a third column, Exit, that pays the column player -1.

    Exit is strictly dominated, so the equilibria are those of the 2 x 2 stag hunt:
    (Hare, Hare), which :func:`equilibria` lists first, a mixed one, and (Stag, Stag).
    """
    zero = 0.0 * hare
    A = [[hare, hare, zero], [zero, stag, zero]]
    B = [[hare, zero, zero - 1.0], [hare, stag, zero - 1.0]]
    return A, B


def _stag_core_payoffs(stag, hare):
    """The 2 x 2 stag hunt of :func:`_stag_exit_payoffs`, without Exit."""
    A, B = _stag_exit_payoffs(stag, hare)
    return [row[:2] for row in A], [row[:2] for row in B]


def stag_exit_model(core: bool = False) -> ParametricGame:
    ps = ParameterSet(stag=Parameter(4.5, 3.5, 6.0, "u", "test"), hare=Parameter(2.0, 1.0, 3.0, "u", "test"))
    columns = ("Hare", "Stag") if core else ("Hare", "Stag", "Exit")
    return ParametricGame(ps, _stag_core_payoffs if core else _stag_exit_payoffs, players=("P1", "P2"),
                          strategies=(("Hare", "Stag"), columns))


def _divide_payoffs(a, b):
    """A payoff function that raises ZeroDivisionError for any batch holding a draw with a > 0.5."""
    if np.any(np.asarray(a) > 0.5):
        raise ZeroDivisionError("division by zero")
    return [[1.0 + a, -1.0], [-1.0, 1.0]], [[-1.0, 1.0 + b], [1.0, -1.0]]


def dividing_model() -> ParametricGame:
    ps = ParameterSet(a=Parameter(0.0, 0.0, 1.0, "u", "test"), b=Parameter(0.0, 0.0, 1.0, "u", "test"))
    return ParametricGame(ps, _divide_payoffs, players=("R", "C"), strategies=(("U", "D"), ("L", "R")))


def _outcome_total(values, profile, payoffs):
    return float(payoffs.sum())


def _outcome_fails_high(values, profile, payoffs):
    if values["diversification_premium"] > 2.0:
        raise RuntimeError("boom")
    return 1.0


# ----------------------------------------------------------------------------- regimes


def test_grid_sweep_reproduces_equilibrium_regime_and_flips_at_closed_form():
    model = export_restriction_game()
    p = model.parameters["diversification_premium"]
    grid = np.linspace(p.low, p.high, 41)
    res = sweep(model, {"kind": "grid", "values": {"diversification_premium": grid}})
    assert len(res) == 41
    assert np.array_equal(res.column("diversification_premium"), grid)
    assert np.all(res.column("separation_share") == 0.91)
    regimes = res.column("regime")
    for value, label, count in zip(grid, regimes, res.column("n_equilibria")):
        game = model.game(diversification_premium=float(value))
        assert label == equilibrium_regime(game)
        assert count == len(equilibria(game))
    below, above = grid < FLIP - 1e-9, grid > FLIP + 1e-9
    assert set(regimes[above].tolist()) == {"License/Comply"}
    assert "License/Comply" not in set(regimes[below].tolist())
    assert len(set(regimes[below].tolist())) == 1


@given(parameters(export_restriction_game().parameters))
def test_first_selection_matches_first_equilibrium(values):
    model = export_restriction_game()
    row = np.array([[values[k] for k in model.parameters.names]])
    res = sweep(model, row)
    eq = equilibria(model.game(**values))[0]
    x, y = eq.strategies
    got_x = [res.column(f"p_China_{s}")[0] for s in model.strategies[0]]
    got_y = [res.column(f"p_US_{s}")[0] for s in model.strategies[1]]
    np.testing.assert_allclose(got_x, x, atol=1e-9)
    np.testing.assert_allclose(got_y, y, atol=1e-9)
    assert res.column("status")[0] in ("ok", "multiple")


# ----------------------------------------------------------------------------- determinism


def test_identical_tables_whatever_the_executor_and_chunksize():
    model = export_restriction_game()
    space = {"kind": "lhs", "n": 60}
    serial = sweep(model, space, seed=3, outcome=_outcome_total)
    assert serial._recomputed == (0,)
    for chunksize in (1, 7, 60, 1000):
        assert_sweeps_identical(serial, sweep(model, space, seed=3, outcome=_outcome_total, chunksize=chunksize))
    with ThreadPoolExecutor(2) as pool:
        assert_sweeps_identical(serial, sweep(model, space, seed=3, outcome=_outcome_total, executor=pool, chunksize=9))
    with ProcessPoolExecutor(2) as pool:
        par = sweep(model, space, seed=3, outcome=_outcome_total, executor=pool)
        assert len(par._recomputed) == 8  # ceil(60 / (4 * 2)) = 8 draws per chunk
        assert_sweeps_identical(serial, par)
        assert_sweeps_identical(serial, sweep(model, space, seed=3, outcome=_outcome_total, executor=pool, chunksize=13))


def test_space_kinds():
    model = export_restriction_game()
    oat = sweep(model, {"kind": "oat", "num": 5})
    assert len(oat) == 15
    s = oat.column("separation_share")
    assert np.array_equal(s[:5], np.linspace(0.85, 0.95, 5)) and np.all(s[5:] == 0.91)
    grid = sweep(model, {"kind": "grid", "values": {"separation_share": [0.85, 0.95], "diversification_premium": [1.5, 2.0, 2.4]}})
    assert len(grid) == 6
    assert grid.column("separation_share").tolist() == [0.85] * 3 + [0.95] * 3
    for kind in ("lhs", "sobol", "random"):
        res = sweep(model, {"kind": kind, "n": 8}, seed=5)
        draws = model.parameters.sample(8, seed=5, method=kind)
        assert np.array_equal(np.column_stack([res.column(n) for n in model.parameters.names]), draws)


# ----------------------------------------------------------------------------- checkpoint and persistence


def test_checkpoint_resumes_only_missing_chunks(tmp_path):
    model = export_restriction_game()
    space = {"kind": "random", "n": 25}
    first = sweep(model, space, seed=2, chunksize=5, checkpoint=tmp_path)
    assert first._recomputed == (0, 1, 2, 3, 4)
    files = sorted(p.name for p in tmp_path.glob("chunk_*.npz"))
    assert files == [f"chunk_{c:05d}.npz" for c in range(5)]
    assert (tmp_path / "manifest.json").exists()
    (tmp_path / "chunk_00002.npz").unlink()
    mtimes = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("chunk_*.npz")}
    again = sweep(model, space, seed=2, chunksize=5, checkpoint=tmp_path)
    assert again._recomputed == (2,)
    assert_sweeps_identical(first, again)
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("chunk_*.npz") if p.name in mtimes} == mtimes
    # automatic chunk size adopts the chunks of the earlier run; nothing to recompute
    assert sweep(model, space, seed=2, checkpoint=tmp_path)._recomputed == ()
    with pytest.raises(ValueError, match=r"sweep\(\): the checkpoint .* different sweep .*select"):
        sweep(model, space, seed=2, chunksize=5, checkpoint=tmp_path, select="payoff_dominant")
    with pytest.raises(ValueError, match=r"differs in: .*parameters_sha256"):
        sweep(model, space, seed=99, chunksize=5, checkpoint=tmp_path)
    with pytest.raises(ValueError, match=r"differs in: bounds"):
        sweep(model, space, seed=2, chunksize=4, checkpoint=tmp_path)


def test_save_load_round_trip(tmp_path):
    with pytest.warns(SweepErrorWarning, match="2 of 4 draws failed"):
        res = sweep(nan_model(), {"kind": "grid", "values": {"a": [0.0, 0.25, 0.75, 1.0]}}, select="nash_product")
    path = res.save(tmp_path / "table")
    assert path.name == "table.npz"
    back = SweepResult.load(path)
    assert_sweeps_identical(res, back)
    assert back.select == "nash_product"
    assert back.column("status").dtype.kind == "U"
    with pytest.raises(ValueError, match="not a saved sweep"):
        np.savez(tmp_path / "other.npz", a=np.zeros(2))
        SweepResult.load(tmp_path / "other.npz")


def test_to_pandas_or_clear_import_error():
    res = sweep(export_restriction_game(), {"kind": "oat", "num": 2})
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="needs pandas"):
            res.to_pandas()
    else:
        frame = res.to_pandas()
        assert list(frame.columns) == list(res.names) and len(frame) == len(res)


def test_progress_runs_with_or_without_tqdm():
    res = sweep(export_restriction_game(), {"kind": "oat", "num": 2}, progress=True, chunksize=2)
    assert len(res) == 6


# ----------------------------------------------------------------------------- status


def test_error_rows_keep_parameters_and_carry_nans():
    a = np.array([0.0, 0.2, 0.6, 0.4, 0.9, 1.0, 0.5])
    space = np.column_stack([a, np.full(len(a), 0.3)])
    with pytest.warns(SweepErrorWarning, match="3 of 7 draws failed"):
        res = sweep(nan_model(), space, chunksize=4)
    assert set(res.column("error")[a > 0.5]) == {
        "ValueError: ParametricGame.batch(): payoffs for player 'R' are not finite for some draws"}
    bad = a > 0.5
    status = res.column("status")
    assert np.all(status[bad] == "error")
    assert np.all(np.isin(status[~bad], ["ok", "multiple"]))
    assert np.array_equal(res.column("a"), a) and np.all(res.column("b") == 0.3)
    for name in ("payoff_R", "payoff_C", "p_R_U", "p_R_D", "p_C_L", "p_C_R"):
        col = res.column(name)
        assert np.all(np.isnan(col[bad])) and np.all(np.isfinite(col[~bad])), name
    assert np.all(res.column("n_equilibria")[bad] == -1)
    assert np.all(res.column("regime")[bad] == "")
    assert res.status_counts() == {"ok": 4, "error": 3}


def test_failing_outcome_marks_rows_as_errors():
    model = export_restriction_game()
    with pytest.warns(SweepErrorWarning, match="2 of 4 draws failed"):
        res = sweep(model, {"kind": "grid", "values": {"diversification_premium": [1.5, 1.9, 2.1, 2.4]}},
                    outcome=_outcome_fails_high)
    assert res.column("status").tolist() == ["ok", "ok", "error", "error"]
    assert res.column("error").tolist() == ["", "", "outcome: RuntimeError: boom", "outcome: RuntimeError: boom"]
    assert np.array_equal(res.column("outcome"), [1.0, 1.0, np.nan, np.nan], equal_nan=True)
    assert np.all(np.isfinite(res.column("payoff_US")))


def test_a_raising_payoff_keeps_its_exception_in_the_table_with_one_warning_and_log_records(caplog):
    a = np.array([0.1, 0.7, 0.2, 0.9, 0.3, 0.6, 0.0])
    space = np.column_stack([a, np.full(len(a), 0.4)])
    caplog.set_level(logging.DEBUG, logger="leverage")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = sweep(dividing_model(), space, chunksize=3)
    failed = a > 0.5
    assert res.column("status")[failed].tolist() == ["error"] * 3
    assert res.column("error")[failed].tolist() == ["ZeroDivisionError: division by zero"] * 3
    assert res.column("error")[~failed].tolist() == [""] * 4
    assert np.all(np.isin(res.column("status")[~failed], ["ok", "multiple"]))
    assert res.failures() == {1: "ZeroDivisionError: division by zero", 3: "ZeroDivisionError: division by zero",
                              5: "ZeroDivisionError: division by zero"}
    ours = [w for w in caught if issubclass(w.category, SweepErrorWarning)]
    assert len(ours) == 1
    text = str(ours[0].message)
    assert "3 of 7 draws failed" in text and "row 1: ZeroDivisionError: division by zero" in text
    assert "status == 'error'" in text and "columns['error']" in text
    assert ours[0].filename == __file__
    records = [r for r in caplog.records if r.name == "leverage"]
    assert [r.levelno for r in records].count(logging.WARNING) == 1
    assert sorted(r.getMessage().split(" draw ")[1].split()[0] for r in records if r.levelno == logging.DEBUG) == [
        "1", "3", "5"]


def test_a_sweep_without_failures_warns_nothing(recwarn):
    sweep(dividing_model(), np.array([[0.1, 0.2], [0.4, 0.5]]))
    assert not [w for w in recwarn if issubclass(w.category, SweepErrorWarning)]


def test_rng_is_the_seed_and_a_generator_is_consumed():
    model, space = export_restriction_game(), {"kind": "lhs", "n": 5}
    by_rng, by_seed = sweep(model, space, rng=4), sweep(model, space, seed=4)
    assert_sweeps_identical(by_rng, by_seed)
    generator = np.random.default_rng(4)
    first, second = sweep(model, space, rng=generator), sweep(model, space, rng=generator)
    assert_sweeps_identical(first, by_rng)  # the same stream as the seed
    assert not np.array_equal(first.column("separation_share"), second.column("separation_share"))
    with pytest.raises(TypeError, match=r"sweep\(\): give rng or its alias seed, not both"):
        sweep(model, space, rng=1, seed=1)
    with pytest.raises(TypeError, match=r"sweep\(\): rng must be a numpy.random.Generator"):
        sweep(model, space, rng="1")


# ----------------------------------------------------------------------------- selection rules


def _selected(res: SweepResult) -> tuple[int, int]:
    x = np.array([res.column("p_R_Open")[0], res.column("p_R_Restrict")[0]])
    y = np.array([res.column("p_C_Comply")[0], res.column("p_C_Diversify")[0]])
    return x, y


def test_selection_rules_on_battle_of_the_sexes():
    model = bos_model()  # a = 5, b = 3: (Open, Comply) pays (5, 1), (Restrict, Diversify) pays (2, 3)
    game = model.game()
    eqs = equilibria(game)
    assert len(eqs) == 3 and eqs[0].support == ((0,), (0,)) and eqs[2].support == ((1,), (1,))
    row = np.array([[5.0, 3.0]])
    first = sweep(model, row, select="first")
    assert first.column("status")[0] == "multiple" and first.column("n_equilibria")[0] == 3
    assert first.column("regime")[0] == equilibrium_regime(game)
    np.testing.assert_allclose(np.concatenate(_selected(first)), [1, 0, 1, 0])
    # sums 6 (first), 5 (last), mixed smaller: payoff dominance picks (Open, Comply)
    pd = sweep(model, row, select="payoff_dominant")
    np.testing.assert_allclose(np.concatenate(_selected(pd)), [1, 0, 1, 0])
    assert (pd.column("payoff_R")[0], pd.column("payoff_C")[0]) == (5.0, 1.0)
    # disagreement point (0, 0): products 5 and 6 -> the Nash product picks (Restrict, Diversify)
    nprod = sweep(model, row, select="nash_product")
    np.testing.assert_allclose(np.concatenate(_selected(nprod)), [0, 1, 0, 1])
    assert (nprod.column("payoff_R")[0], nprod.column("payoff_C")[0]) == (2.0, 3.0)
    # risk dominance: deviation-loss products 5 * 1 = 5 at (Open, Comply) and 2 * 3 = 6 at (Restrict, Diversify)
    rd = sweep(model, row, select="risk_dominant")
    np.testing.assert_allclose(np.concatenate(_selected(rd)), [0, 1, 0, 1])
    # ties go to the first equilibrium: at a = 2, b = 1 both pure equilibria pay (2, 1)
    for rule in ("payoff_dominant", "nash_product", "risk_dominant"):
        tie = sweep(model, np.array([[2.0, 1.0]]), select=rule)
        np.testing.assert_allclose(np.concatenate(_selected(tie)), [1, 0, 1, 0], err_msg=rule)


def test_risk_dominance_on_stag_hunt():
    model = stag_model()
    game = model.game()
    A, B = game.payoffs
    # deviation-loss products at (Stag, Stag) and (Hare, Hare)
    stag = (A[0, 0] - A[1, 0]) * (B[0, 0] - B[0, 1])
    hare = (A[1, 1] - A[0, 1]) * (B[1, 1] - B[1, 0])
    assert (stag, hare) == (1.0, 9.0)
    res = sweep(model, np.array([[4.0, 3.0], [6.0, 1.0]]), select="risk_dominant")
    assert res.column("status").tolist() == ["multiple", "multiple"]
    # stag = 4, hare = 3: Hare/Hare is risk dominant (9 > 1) although Stag/Stag pays more
    assert res.column("p_P1_Hare")[0] == 1.0 and res.column("p_P2_Hare")[0] == 1.0
    # stag = 6, hare = 1: losses 5 * 5 = 25 at Stag/Stag against 1 * 1 = 1 at Hare/Hare
    assert res.column("p_P1_Stag")[1] == 1.0 and res.column("p_P2_Stag")[1] == 1.0
    pd = sweep(model, np.array([[4.0, 3.0]]), select="payoff_dominant")
    assert pd.column("p_P1_Stag")[0] == 1.0


def test_logit_selection_on_stag_hunts_is_the_risk_dominant_equilibrium():
    # symmetric stag hunts: A = [[stag, 0], [hare, hare]], B = A.T, two strict equilibria when
    # stag > hare > 0. In a symmetric 2x2 coordination game the logit limit is the risk-dominant
    # equilibrium: (Stag, Stag) if its deviation-loss product (stag - hare)**2 exceeds hare**2
    model = stag_model()
    stag, hare = np.meshgrid([3.6, 4.4, 5.2, 5.9], [1.1, 1.9, 2.4, 2.9], indexing="ij")
    stag, hare = stag.ravel(), hare.ravel()
    assert np.all(np.abs(stag - 2 * hare) > 0.1)  # away from the boundary of risk dominance
    stag_dominant = (stag - hare) ** 2 > hare**2
    assert 0 < stag_dominant.sum() < len(stag)  # both regimes occur
    res = sweep(model, np.column_stack([stag, hare]), select="logit")
    assert res.select == "logit"
    assert set(res.column("status").tolist()) == {"multiple"} and np.all(res.column("n_equilibria") == 3)
    np.testing.assert_array_equal(res.column("p_P1_Stag"), stag_dominant.astype(float))
    np.testing.assert_array_equal(res.column("p_P2_Stag"), stag_dominant.astype(float))
    np.testing.assert_array_equal(res.column("payoff_P1"), np.where(stag_dominant, stag, hare))
    # the same choice as the vectorised risk-dominance rule, whatever the chunks and the executor
    risk = sweep(model, np.column_stack([stag, hare]), select="risk_dominant")
    assert_sweeps_identical(SweepResult(res.columns, select="x"), SweepResult(risk.columns, select="x"))
    with ThreadPoolExecutor(2) as pool:
        chunked = sweep(model, np.column_stack([stag, hare]), select="logit", chunksize=5, executor=pool)
    assert_sweeps_identical(res, chunked)


def test_logit_selection_traces_only_draws_with_several_equilibria(monkeypatch):
    import leverage.solvers.qre as qre

    traced = []
    trace = qre.qre_path
    monkeypatch.setattr(qre, "qre_path", lambda game, *args, **kwargs: traced.append(game) or trace(game))
    model = bos_model()  # a = 5, b = 3: three equilibria
    res = sweep(model, np.array([[5.0, 3.0]]), select="logit")
    assert len(traced) == 1 and res.column("status")[0] == "multiple"
    game = model.game(a=5.0, b=3.0)
    assert all(np.array_equal(u, v) for u, v in zip(traced[0].payoffs, game.payoffs))
    x, y = trace(game).limit.strategies
    np.testing.assert_allclose(_selected(res)[0], x, atol=1e-9)
    np.testing.assert_allclose(_selected(res)[1], y, atol=1e-9)
    traced.clear()
    matching_pennies = sweep(nan_model(), np.array([[0.0, 0.3], [0.2, 0.1]]), select="logit")
    assert traced == [] and matching_pennies.column("status").tolist() == ["ok", "ok"]
    assert_sweeps_identical(
        SweepResult(matching_pennies.columns, select="x"),
        SweepResult(sweep(nan_model(), np.array([[0.0, 0.3], [0.2, 0.1]])).columns, select="x"),
    )


def _no_limit(game, *args, **kwargs):
    """A logit path that ends without a verified limit."""
    from leverage.solvers.qre import QREPath

    start = np.array([0.5, 0.5])
    return QREPath(lam=np.zeros(1), strategies=(start[None], start[None]), residuals=np.zeros(1),
                   arclength=np.zeros(1), limit=None, status="polish_failed",
                   message="the end point polished to no verified equilibrium", scale=1.0, steps=0,
                   bifurcations=np.zeros(0, dtype=np.intp))


def test_draws_the_logit_rule_cannot_choose_are_unselected_never_chosen_by_another_rule(monkeypatch, tmp_path):
    import leverage.solvers.qre as qre

    monkeypatch.setattr(qre, "qre_path", _no_limit)
    model = stag_model()
    space = np.array([[4.0, 3.0], [6.0, 1.0]])
    calls = []

    def outcome(*row):
        calls.append(row)
        return 1.0

    res = sweep(model, space, select="logit", outcome=outcome, checkpoint=tmp_path)
    assert res.column("status").tolist() == ["unselected", "unselected"]
    assert res.status_counts() == {"unselected": 2}
    assert calls == [] and np.all(np.isnan(res.column("outcome")))
    for name in ("payoff_P1", "payoff_P2", "p_P1_Stag", "p_P1_Hare", "p_P2_Stag", "p_P2_Hare"):
        assert np.all(np.isnan(res.column(name))), name
    # the draw's equilibrium set is still described
    assert res.column("n_equilibria").tolist() == [3, 3]
    assert res.column("regime").tolist() == [equilibrium_regime(model.game(stag=4.0, hare=3.0))] * 2
    # the status travels through checkpoints and saved tables
    resumed = sweep(model, space, select="logit", outcome=outcome, checkpoint=tmp_path)
    assert resumed._recomputed == ()
    assert_sweeps_identical(res, resumed)
    assert_sweeps_identical(res, SweepResult.load(res.save(tmp_path / "table")))


def test_a_logit_sweep_resumes_from_its_checkpoint(tmp_path):
    model = bos_model()
    space = {"kind": "grid", "values": {"a": [1.5, 5.0], "b": [1.2, 4.0]}}
    first = sweep(model, space, select="logit", chunksize=2, checkpoint=tmp_path)
    assert first._recomputed == (0, 1) and first.status_counts() == {"multiple": 4}
    (tmp_path / "chunk_00001.npz").unlink()
    again = sweep(model, space, select="logit", chunksize=2, checkpoint=tmp_path)
    assert again._recomputed == (1,)
    assert_sweeps_identical(first, again)
    with pytest.raises(ValueError, match=r"sweep\(\): the checkpoint .* different sweep .*select"):
        sweep(model, space, select="risk_dominant", chunksize=2, checkpoint=tmp_path)


def test_risk_dominance_falls_back_to_first_beyond_2x2():
    # Stag stays 3.5 to 5.5 and Hare 1 to 3, never stag = 2 hare (a risk-dominance tie).
    space = {"kind": "grid", "values": {"stag": [3.5, 4.5, 5.5], "hare": [1.0, 2.0, 3.0]}}
    stag, hare = np.meshgrid([3.5, 4.5, 5.5], [1.0, 2.0, 3.0], indexing="ij")
    stag, hare = stag.ravel(), hare.ravel()
    # In the 2 x 2 stag hunt the deviation losses are hare at (Hare, Hare) and stag - hare at
    # (Stag, Stag) for both players: (Stag, Stag) risk-dominates exactly when stag > 2 hare.
    core = sweep(stag_exit_model(core=True), space, select="risk_dominant")
    assert np.array_equal(core.column("p_P1_Stag"), (stag > 2 * hare).astype(float))
    # With the dominated Exit column the game is 2 x 3: risk dominance is not defined there
    # and the rule falls back to the first equilibrium, (Hare, Hare), at every draw ...
    model = stag_exit_model()
    first = sweep(model, space, select="first")
    risk = sweep(model, space, select="risk_dominant")
    assert np.all(first.column("n_equilibria") == 3)
    assert np.array_equal(first.column("p_P1_Hare"), np.ones(len(stag)))
    assert_sweeps_identical(SweepResult(first.columns, select="x"), SweepResult(risk.columns, select="x"))
    # ... although risk dominance in the core, and the payoff-based rules everywhere, pick (Stag, Stag)
    assert np.any(core.column("p_P1_Stag") == 1.0)
    for rule in ("payoff_dominant", "pareto", "nash_product"):
        assert np.array_equal(sweep(model, space, select=rule).column("p_P1_Stag"), np.ones(len(stag))), rule


# ----------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"space": "lhs"}, TypeError, r"sweep\(\): space must be an \(N, P\) array or a dict"),
        ({"space": np.zeros((3, 2))}, ValueError, r"sweep\(\): an array space must have shape \(N, 3\)"),
        ({"space": np.zeros((0, 3))}, ValueError, r"shape \(N, 3\) with N >= 1"),
        ({"space": np.full((2, 3), 0.5)}, ValueError, r"sweep\(\): separation_share=0.5 .* outside its range"),
        ({"space": {"kind": "cube", "n": 3}}, ValueError, r"sweep\(\): space\['kind'\] must be one of"),
        ({"space": {"kind": "lhs"}}, ValueError, r"sweep\(\): a 'lhs' space needs the key\(s\) 'n'"),
        ({"space": {"kind": "lhs", "n": 0}}, ValueError, r"space\['n'\] must be a positive integer"),
        ({"space": {"kind": "oat", "num": 2, "n": 3}}, ValueError, r"unknown key\(s\) 'n'"),
        ({"space": {"kind": "grid", "values": {"nope": [1.0]}}}, ValueError, r"unknown parameter\(s\) 'nope'"),
        ({"space": {"kind": "grid", "values": {"separation_share": []}}}, ValueError, r"non-empty 1-D list"),
        ({"space": {"kind": "grid", "values": []}}, TypeError, r"space\['values'\] must be a non-empty mapping"),
        ({"select": "best"}, ValueError, r"sweep\(\): select must be one of"),
        ({"select": "Logit"}, ValueError, r"sweep\(\): select must be one of 'first', .*, 'logit'; got 'Logit'"),
        ({"chunksize": 0}, ValueError, r"sweep\(\): chunksize must be 'auto' or a positive integer"),
        ({"chunksize": "big"}, ValueError, r"chunksize must be 'auto'"),
        ({"executor": object()}, TypeError, r"sweep\(\): executor must be a concurrent.futures.Executor"),
        ({"outcome": 3}, TypeError, r"sweep\(\): outcome must be a callable"),
        ({"checkpoint": 3}, TypeError, r"sweep\(\): checkpoint must be a directory path"),
        ({"progress": "yes"}, TypeError, r"sweep\(\): progress must be"),
    ],
)
def test_bad_inputs(kwargs, error, match):
    args = {"space": {"kind": "oat", "num": 2}} | kwargs
    with pytest.raises(error, match=match):
        sweep(export_restriction_game(), **args)


def test_bad_model():
    with pytest.raises(TypeError, match=r"sweep\(\): model must be a ParametricGame"):
        sweep("game", {"kind": "oat", "num": 2})
    ps = ParameterSet(a=Parameter(1.0, 0.0, 2.0, "u", "s"))
    three = ParametricGame(ps, _three_player_payoffs)
    with pytest.raises(ValueError, match=r"sweep\(\): model must be a two-player game"):
        sweep(three, {"kind": "oat", "num": 2})


def _three_player_payoffs(a):
    u = np.zeros((2, 2, 2)).tolist()
    return u, u, [[[a, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]]]


def test_result_column_errors():
    res = SweepResult({"a": np.arange(3.0), "status": np.array(["ok"] * 3)})
    with pytest.raises(KeyError, match="no column 'b'"):
        res.column("b")
    with pytest.raises(ValueError, match="different lengths"):
        SweepResult({"a": np.arange(3.0), "b": np.arange(2.0)})
