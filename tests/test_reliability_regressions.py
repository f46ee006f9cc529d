"""Every failure listed in issue 24 is a regression test: where each one lives, and the ones that live here.

Issue 24 ("Reliability: sweeps that never return stale or mixed rows, every
solve and file read bounded, and no wrong answer without a word") lists ten
failures. :data:`CASES` maps each case to the tests that hold it (in this file
or elsewhere in ``tests/``); :func:`test_every_case_of_the_issue_names_tests_that_exist`
checks that the table names real test functions, so it cannot go stale.

The tests below this table are the cases no other file held: the findings of
the bad-input fuzzer (item 9) in the callables it could not judge before -- the
coercion package, ``lemke``, the trajectories, and the numerical primitives
that were exported but accepted any input -- and the 20 x 20 game of item 3
under the main job's bound, and item 10's nucleolus of exactly 20 players.
"""

from __future__ import annotations

import ast
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

import leverage
from leverage import Game, ParameterSet
from leverage.bargaining.hull import comprehensive_hull, nash_point, nash_value, ray_length
from leverage.bargaining.sets import PolytopeSet, leximin
from leverage.checks import UnknownNameError
from leverage.coalitions import CoalitionalGame
from leverage.coalitions.tables import MAX_NUCLEOLUS_PLAYERS
from leverage.coercion import CoercionModel, InvestmentSignalling, coercion_parameters, coercion_regime_map
from leverage.coercion.payoffs import coercer_present_values, maximise_on_interval, target_present_values
from leverage.coercion.threat_sweep import sweep_threats
from leverage.extensive.lcp import default_max_pivots, lcp_violation, lemke
from leverage.game import regrets, strategy_payoffs
from leverage.results import clean_probabilities, unique_rows_greedy
from leverage.scenarios.analysis import bounded_equilibria, truncation_note
from leverage.scenarios.trajectories import TRAJECTORIES, outcomes, profile_label, trajectory
from leverage.solvers.support import polytope_vertices_bases
from leverage.solvers.vertex import QhullFailedError, polytope_vertices, polytope_vertices_qhull
from leverage.tolerance import payoff_scale, stacked_payoff_scale, tolerances

TESTS = Path(__file__).resolve().parent

#: Issue 24's failures (numbered as in the issue), each with the tests that hold it, as ``file::test``.
CASES: dict[str, list[str]] = {
    "1. a changed payoff formula (a, then -a) with the same checkpoint= is refused, not served stale": [
        "test_sweep_checkpoint.py::test_the_reproducer_a_formula_changed_from_a_to_minus_a_is_refused_not_served_stale",
        "test_sweep_checkpoint.py::test_a_changed_closure_value_is_refused_even_where_the_probes_see_no_change",
        "test_sweep_checkpoint.py::test_a_changed_outcome_is_refused_by_code_by_bound_state_and_by_presence",
    ],
    "1. chunks carry a checksum": [
        "test_sweep_checkpoint.py::test_a_damaged_chunk_is_recomputed_with_a_warning_and_the_table_is_the_uninterrupted_one",
    ],
    "1. two sweeps into one directory: one refusal or two correct tables, never a mix; unique temporary names": [
        "test_sweep_checkpoint.py::test_a_second_sweep_into_a_busy_directory_fails_at_once_and_the_first_finishes_correctly",
        "test_sweep_checkpoint.py::test_racing_sweeps_give_refusals_or_correct_tables_never_a_mix",
        "test_sweep_checkpoint.py::test_files_are_written_under_unique_temporary_names_and_leftovers_are_cleared",
    ],
    "2. a truncated or garbage chunk is recomputed (no BadZipFile, no EOFError)": [
        "test_sweep_checkpoint.py::test_a_damaged_chunk_is_recomputed_with_a_warning_and_the_table_is_the_uninterrupted_one",
        "test_sweep_checkpoint.py::test_a_truncated_and_a_garbage_chunk_at_once_are_named_in_one_warning",
    ],
    "2. a read-only checkpoint directory is a clear error (no bare PermissionError)": [
        "test_sweep_checkpoint.py::test_a_directory_that_refuses_writes_is_a_clear_error",
        "test_sweep_checkpoint.py::test_a_chunk_that_cannot_be_written_mid_sweep_names_the_directory_and_releases_the_lock",
    ],
    "3. the 16 x 16 0/1 game with 2,402 equilibria: bounded in number and time": [
        "test_bounded_solves.py::test_max_equilibria_stops_the_16x16_game_at_50_verified_equilibria",
        "test_bounded_solves.py::test_time_limit_returns_the_verified_equilibria_found_quickly",
        "test_bounded_solves.py::test_a_passed_deadline_or_budget_stops_each_vertex_lister",
    ],
    "3. deduplication without an E x E x (m + n) array": [
        "test_bounded_solves.py::test_grid_deduplication_keeps_what_the_pairwise_rule_kept",
        "test_bounded_solves.py::test_unique_equilibria_keeps_the_order_and_first_of_each",
    ],
    "3. the main job bounds a game with thousands of equilibria and says so (16 x 16; 20 x 20)": [
        "test_cli_bounds.py::test_the_main_job_bounds_a_game_with_thousands_of_equilibria_and_says_so",
        "test_reliability_regressions.py::test_the_main_jobs_bound_stops_a_20x20_zero_one_game_and_says_so",
    ],
    "4. a NaN profile fails verification (its regret max(0, nan) was 0)": [
        "test_bounded_solves.py::test_a_non_finite_profile_fails_verification",
        "test_bounded_solves.py::test_a_nan_regret_fails_verification",
        "test_reliability_regressions.py::test_regrets_and_strategy_payoffs_refuse_a_nan_profile",
    ],
    "4. payoffs near 1e308: a clear error or a verified result; the tolerance is always finite": [
        "test_bounded_solves.py::test_payoffs_whose_range_overflows_are_refused_by_game",
        "test_bounded_solves.py::test_payoffs_near_the_float_limit_with_a_finite_range_give_verified_equilibria",
        "test_bounded_solves.py::test_the_tolerance_is_finite_or_refused",
        "test_reliability_regressions.py::test_payoff_scales_refuse_nan_instead_of_returning_a_scale_of_one",
    ],
    "4. 'Points cannot contain NaN' from inside scipy: the vertex enumerators check their input": [
        "test_reliability_regressions.py::test_vertex_enumerators_name_themselves_and_scale_any_magnitude",
    ],
    "5. nash_solution without one variable per deal; MultiIssueNegotiation.compare with 20 issues": [
        "test_bargaining_scale.py::test_a_large_two_player_set_and_a_large_three_player_set_pass_the_certificate",
        "test_bargaining_scale.py::test_nash_solution_equals_brute_force_over_every_simplex_of_deals",
        "test_bargaining_scale.py::test_twenty_issues_bundle_without_enumerating_a_million_packages",
        "test_bargaining_scale.py::test_package_deals_beyond_the_bound_are_refused",
        "test_reliability_regressions.py::test_the_hull_primitives_check_their_arguments",
    ],
    "6. solve_batch above 8 x 8 works within a memory budget or refuses": [
        "test_bounded_solves.py::test_solve_batch_solves_a_9x9_game_within_its_memory_budget",
        "test_bounded_solves.py::test_solve_batch_refuses_shapes_and_chunks_over_its_budget",
    ],
    "7. scenario files: /dev/zero, a FIFO, deep nesting, exit status 2, control characters": [
        "test_cli_bounds.py::test_the_program_exits_2_at_once_on_dev_zero",
        "test_cli_bounds.py::test_devices_fifos_and_directories_are_refused_before_they_are_opened",
        "test_cli_bounds.py::test_reads_stop_at_the_limit",
        "test_cli_bounds.py::test_nesting_is_bounded_at_exactly_the_documented_depth",
        "test_cli_bounds.py::test_every_error_of_the_main_job_is_one_line_with_status_2",
        "test_cli_bounds.py::test_names_read_from_a_file_are_printed_with_control_characters_escaped",
    ],
    "8. Game.is_degenerate(tol=-1) and tol=5": [
        "test_bounded_solves.py::test_is_degenerate_refuses_a_tolerance_outside_zero_to_one",
    ],
    "8. a negative xtol in threshold; regime_map with one parameter on both axes; qre with lam >= 1e12": [
        "test_cli_bounds.py::test_arguments_that_were_accepted_silently_are_refused",
        "test_cli_bounds.py::test_the_bounds_are_where_the_documentation_puts_them",
        "test_reliability_regressions.py::test_coercion_regime_map_refuses_one_parameter_on_both_axes",
    ],
    "8. complex payoffs: a TypeError that names the function (never a cast)": [
        "test_fuzz_api.py::test_complex_payoffs_are_refused_with_a_type_error_that_names_the_function",
        "test_reliability_regressions.py::test_lemke_refuses_a_complex_M_and_names_itself",
    ],
    "9. the fuzzer: no silent wrong answer, no hang, no memory error, no error that names nothing": [
        "test_fuzz_api.py::test_bad_arguments_end_in_a_clear_error_or_a_verified_result",
        "test_fuzz_api.py::test_the_walk_covers_the_public_api_and_skips_only_what_it_says",
        "test_fuzz_api.py::test_every_named_exception_to_the_rule_names_a_public_callable",
        "test_reliability_regressions.py::test_lemke_refuses_a_complex_M_and_names_itself",
        "test_reliability_regressions.py::test_trajectories_name_themselves_and_their_argument",
        "test_reliability_regressions.py::test_coercion_inputs_are_refused_in_the_callers_name",
        "test_reliability_regressions.py::test_numerical_primitives_refuse_what_they_cannot_use",
    ],
    "10. refine, nucleolus with 20 players, very large n: refused with a documented bound": [
        "test_cli_bounds.py::test_arguments_that_were_accepted_silently_are_refused",
        "test_cli_bounds.py::test_the_bounds_are_where_the_documentation_puts_them",
        "test_cli_bounds.py::test_exponential_coalition_computations_refuse_games_beyond_their_bound",
        "test_cli_bounds.py::test_a_normal_form_game_of_too_many_players_is_refused_before_any_programme",
        "test_fuzz_api.py::test_work_beyond_a_documented_bound_is_refused_before_it_starts",
        "test_bargaining_scale.py::test_exponential_sizes_are_refused_with_a_message",
        "test_reliability_regressions.py::test_the_nucleolus_of_20_players_is_refused_at_once",
    ],
}


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_case_of_the_issue_names_tests_that_exist():
    assert {key.split(".")[0] for key in CASES} == {str(i) for i in range(1, 11)}  # items 1 to 10, each held
    missing = []
    for tests in CASES.values():
        assert tests
        for entry in tests:
            file, name = entry.split("::")
            if name not in _test_functions(TESTS / file):
                missing.append(entry)
    assert not missing, f"tests named in CASES that do not exist: {missing}"


# ----------------------------------------------------------------------------- item 3: a 20 x 20 0/1 game


def test_the_main_jobs_bound_stops_a_20x20_zero_one_game_and_says_so():
    rng = np.random.default_rng(0)
    game = Game.from_bimatrix(rng.integers(0, 2, (20, 20)), rng.integers(0, 2, (20, 20)))
    start = time.monotonic()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", leverage.IncompleteEnumerationWarning)
        found = bounded_equilibria(game, max_equilibria=20, time_limit=1.0)
    assert time.monotonic() - start < 10.0  # the unbounded enumeration ran past 54 minutes
    assert not found.complete and found.reason in ("max_equilibria", "time_limit")
    assert 0 < len(found) <= 20 and all(game.is_nash(eq.strategies) for eq in found)
    assert "more equilibria may exist" in truncation_note(found)


# ----------------------------------------------------------------------------- item 10: 20 players


def test_the_nucleolus_of_20_players_is_refused_at_once():
    n = 20
    sizes = np.array([bin(m).count("1") for m in range(1 << n)], dtype=float)
    game = CoalitionalGame([f"P{i}" for i in range(n)], sizes)
    start = time.monotonic()
    with pytest.raises(ValueError, match=rf"nucleolus\(\): the game has 20 players; at most {MAX_NUCLEOLUS_PLAYERS}"):
        game.nucleolus()
    assert time.monotonic() - start < 1.0


# ----------------------------------------------------------------------------- item 8


def test_coercion_regime_map_refuses_one_parameter_on_both_axes():
    with pytest.raises(ValueError, match=r"coercion_regime_map\(\): x and y must name two different parameters"):
        coercion_regime_map(CoercionModel(), ("rent", [0.5, 1.0]), ("rent", [0.5, 1.0]))


def test_lemke_refuses_a_complex_M_and_names_itself():
    M, q = np.array([[2.0, 1.0], [1.0, 2.0]]), np.array([-5.0, -6.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's ComplexWarning would mean the imaginary part was dropped
        with pytest.raises(TypeError, match=r"^lemke\(\): M holds complex numbers"):
            lemke(M + 1j, q)
        with pytest.raises(TypeError, match=r"^lemke\(\): q holds complex numbers"):
            lemke(M, q + 0j)
    with pytest.raises(ValueError, match=r"^lemke\(\): method must be 'auto', 'float' or 'exact'"):
        lemke(M, q, method=np.array(["auto", "float"]))  # was numpy's truth-value error
    with pytest.raises(ValueError, match=r"^lemke\(\): rtol must be a number in \[0, 1\)"):
        lemke(M, q, rtol=True)
    assert lemke(M, q).z == pytest.approx([4 / 3, 7 / 3])  # the checks leave a valid call alone
    with pytest.raises(ValueError, match=r"^lcp_violation\(\): M must have shape \(n, n\)"):
        lcp_violation(M, q, np.ones(3))
    with pytest.raises(TypeError, match=r"^default_max_pivots\(\): n must be an integer"):
        default_max_pivots("2")


# ----------------------------------------------------------------------------- item 9: what the fuzzer found


def test_trajectories_name_themselves_and_their_argument():
    with pytest.raises(UnknownNameError, match=r"^trajectory\(\): unknown trajectory 'detente'; known: 'managed"):
        trajectory("detente")
    with pytest.raises(KeyError):  # still a KeyError for code that caught one
        trajectory("detente")
    with pytest.raises(TypeError, match=r"^trajectory\(\): name must be a string; got list"):
        trajectory(["managed rivalry"])  # was 'unhashable type'
    game = Game.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]], strategies=(("Open", "Restrict"), ("Comply", "Defy")))
    (eq,) = leverage.equilibria(game)
    assert profile_label(game, eq) == "{Open 0.50, Restrict 0.50} / {Comply 0.50, Defy 0.50}"
    with pytest.raises(TypeError, match=r"^profile_label\(\): eq must be an Equilibrium; got tuple"):
        profile_label(game, ([0.5, 0.5], [0.5, 0.5]))  # was AttributeError
    with pytest.raises(ValueError, match=r"^profile_label\(\): digits must be at most 17"):
        profile_label(game, eq, digits=400)
    with pytest.raises(TypeError, match=r"^outcomes\(\): parameters must be a ParameterSet; got dict"):
        outcomes({"discount": 0.5})
    with pytest.raises(UnknownNameError, match=r"^outcomes\(\): parameters lack "):
        outcomes(ParameterSet(rent=coercion_parameters()["rent"]))
    assert TRAJECTORIES["managed rivalry"].name == trajectory("managed rivalry").name


def test_coercion_inputs_are_refused_in_the_callers_name():
    values = dict(coercion_parameters().defaults)
    stay, _ = coercer_present_values(values, [0.25])
    assert stay.tolist() == pytest.approx([12.5])
    with pytest.raises(TypeError, match=r"^coercer_present_values\(\): rent is not a numeric array; got None"):
        coercer_present_values({**values, "rent": None}, 0.5)  # was numpy's 'unsupported operand' error
    with pytest.raises(ValueError, match=r"^target_present_values\(\): target_discount must be a discount factor"):
        target_present_values({**values, "target_discount": 1.0}, 0.5)  # was a division by zero: inf, silently
    with pytest.raises(ValueError, match=r"^coercer_present_values\(\): the values' shapes .* do not broadcast"):
        coercer_present_values({**values, "rent": np.ones(3)}, np.zeros(2))
    with pytest.raises(TypeError, match=r"^maximise_on_interval\(\): f's values is not a numeric array; got None"):
        maximise_on_interval(lambda r: None, 0.0, 1.0)  # was IndexError
    with pytest.raises(ValueError, match=r"^maximise_on_interval\(\): points must be at most MAX_GRID_POINTS"):
        maximise_on_interval(lambda r: -r, 0.0, 1.0, points=65 * 10**12)  # was a MemoryError
    assert maximise_on_interval(lambda r: 1 + r - 3 * r**2, 0.0, 1.0)[0] == pytest.approx(1 / 6)
    with pytest.raises(ValueError, match=r"^sweep_threats\(\): rng must be at least 0; got -1"):
        sweep_threats(4, rng=-1)  # was numpy's 'expected non-negative integer'
    with pytest.raises(TypeError, match=r"^sweep_threats\(\): box must be a mapping"):
        sweep_threats(4, rng=0, box=[("p_resolute", (0.1, 0.2))])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TypeError, match=r"^InvestmentSignalling\(\): levels holds complex numbers"):
            InvestmentSignalling(levels=(0.0, 0.5 + 1j, 1.0))  # was cast to real
    with pytest.raises(TypeError, match=r"^coercion_regime_map\(\): .*x"):
        coercion_regime_map(CoercionModel(), ("rent",), ("build_time", [1.0, 2.0]))


def test_regrets_and_strategy_payoffs_refuse_a_nan_profile():
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    assert regrets([A, -A], [np.array([1.0, 0.0]), np.array([1.0, 0.0])]).tolist() == [0.0, 2.0]
    with pytest.raises(ValueError, match=r"^regrets\(\): profile\[0\] has non-finite values"):
        regrets([A, -A], [np.array([np.nan, 1.0]), np.array([1.0, 0.0])])  # max(0, nan) was a regret of 0
    with pytest.raises(ValueError, match=r"^strategy_payoffs\(\): profile\[1\] must be a vector of length 2"):
        strategy_payoffs(A, [None, np.ones(4)], 0)  # was numpy's matmul message
    with pytest.raises(ValueError, match=r"^strategy_payoffs\(\): player must be an index from 0 to 1; got 2"):
        strategy_payoffs(A, [np.ones(2), np.ones(2)], 2)


def test_payoff_scales_refuse_nan_instead_of_returning_a_scale_of_one():
    # max(1.0, nan) is 1.0: a NaN payoff once gave the finite scale 1 and a tolerance of 1e-8, silently
    with pytest.raises(ValueError, match=r"^payoff_scale\(\): payoffs\[0\] holds NaN"):
        payoff_scale([np.array([np.nan, np.nan])])
    with pytest.raises(ValueError, match=r"^tolerances\(\): payoffs\[1\] holds NaN"):
        tolerances([np.zeros(2), np.array([np.nan, 1.0])])
    with pytest.raises(ValueError, match=r"^tolerances\(\): a payoff range is not finite"):
        tolerances([np.array([-1e308, 1e308])])  # in the name of the function called, not payoff_scale's
    with pytest.raises(TypeError, match=r"^stacked_payoff_scale\(\): payoffs\[0\] holds complex numbers"):
        stacked_payoff_scale([np.ones((2, 2, 2)) * 1j])
    assert payoff_scale([np.array([[3.0, 0.0], [5.0, 1.0]]), np.full((2, 2), 7.0)]).tolist() == [5.0, 7.0]


def test_vertex_enumerators_name_themselves_and_scale_any_magnitude():
    C = np.array([[1.0, 2.0], [2.0, 1.0]])
    expected = np.array([[0.0, 0.5], [1 / 3, 1 / 3], [0.5, 0.0]])
    for enumerate_vertices in (polytope_vertices, polytope_vertices_qhull, polytope_vertices_bases):
        name = enumerate_vertices.__name__
        with pytest.raises(ValueError, match=rf"^{name}\(\): C has non-finite values"):
            enumerate_vertices(np.array([[np.nan, 2.0], [2.0, 1.0]]))  # was scipy's 'Points cannot contain NaN'
        with pytest.raises(ValueError, match=rf"^{name}\(\): C must have positive entries"):
            enumerate_vertices(-C)
        for scale in (1.0, 1e300, 1e-300):  # the vertices of {C z <= 1} scale as 1 / scale
            V = np.unique(np.round(enumerate_vertices(C * scale) * scale, 9), axis=0)
            assert V == pytest.approx(expected), (name, scale)  # 1e300 once gave no vertex at all


def test_qhull_failure_is_a_solver_error_naming_the_function():
    assert issubclass(QhullFailedError, leverage.SolverError)
    from scipy.spatial import QhullError

    assert issubclass(QhullFailedError, QhullError)  # code that caught qhull's own error still does


def test_the_hull_primitives_check_their_arguments():
    hull = comprehensive_hull([[1, 0], [0, 1], [0.6, 0.6]])
    assert nash_point(hull, np.zeros(2), np.full(2, 0.5)) == pytest.approx([0.6, 0.6])
    with pytest.raises(TypeError, match=r"^nash_point\(\): hull must be a ComprehensiveHull"):
        nash_point(None, np.zeros(2), np.full(2, 0.5))  # was AttributeError
    with pytest.raises(ValueError, match=r"^nash_point\(\): no point of the set gives every player a positive gain"):
        nash_point(hull, np.array([2.0, 2.0]), np.full(2, 0.5))  # a disagreement point above the set
    with pytest.raises(ValueError, match=r"^nash_point\(\): w must be positive weights summing to 1"):
        nash_point(hull, np.zeros(2), np.array([0.5, 0.6]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TypeError, match=r"^nash_value\(\): u holds complex numbers"):
            nash_value(np.array([0.5 + 1j, 0.5]), np.zeros(2), np.full(2, 0.5))  # was cast to real
    with pytest.raises(ValueError, match=r"^ray_length\(\): direction must be non-negative and non-zero"):
        ray_length(hull, np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match=r"^leximin\(\): base=\[5.0, 5.0\] lies outside the set"):
        leximin(PolytopeSet(np.array([[1.0, 0.0], [0.0, 1.0]])), np.array([5.0, 5.0]))  # was returned as it was


def test_numerical_primitives_refuse_what_they_cannot_use():
    with pytest.raises(TypeError, match=r"^clean_probabilities\(\): vector is not a numeric array"):
        clean_probabilities([1, "a"])
    with pytest.raises(TypeError, match=r"^unique_rows_greedy\(\): points holds complex numbers"):
        unique_rows_greedy(np.array([[1 + 1j, 1.0], [1.0, 1.0]]), 1e-9)
    assert unique_rows_greedy(np.array([[0.5, 0.5], [0.5, 0.5 + 1e-12], [1.0, 0.0]]), 1e-9).tolist() == [
        True, False, True]
