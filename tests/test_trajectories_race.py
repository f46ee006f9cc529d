"""The trajectories computed as race paths (issue 18, item 4) and the race's sensitivity (item 5)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from leverage.checks import UnknownNameError
from leverage.sensitivity.regimes import regime_map
from leverage.scenarios.diversification_race import RESTRICTION_LEVELS, race_outcome, race_parameters
from leverage.scenarios.race_sensitivity import (
    MAX_RACE_DRAWS,
    RaceModel,
    race_measure,
    race_measures,
    race_sweep,
)
from leverage.scenarios.trajectories import TRAJECTORIES, Trajectory, china_rent, default_parameters, outcomes
from leverage.scenarios.trajectory_paths import (
    compare_trajectories,
    path_table,
    trajectory_outcome,
    trajectory_outcomes,
)
from leverage.tolerance import RTOL


@pytest.fixture(scope="module")
def computed():
    return trajectory_outcomes()


def _static_optimum(v: dict[str, float], d: float) -> float:
    """China's best restriction on the grid when the target cannot invest: the repeated coercion stage game."""
    r = np.array(RESTRICTION_LEVELS)
    flow = d * (v["rent"] * (1 - r) + v["concession_share"] * v["target_loss"] * r) - v["reliability_loss"] * r**2
    best = flow >= flow.max() - RTOL * (flow.max() - flow.min())  # ties to the lowest level, the race's rule
    return float(r[np.flatnonzero(best)[0]])


def test_each_trajectory_is_values_with_reasons_and_its_outcome_is_the_race_computed_under_them(computed):
    assert list(computed) == list(TRAJECTORIES)
    for name, t in TRAJECTORIES.items():
        rows = t.sources()
        assert len(rows) == len(t.values) + len(t.race) + len(t.believed)
        assert not [r for r in rows if r["reason"] == "illustrative (no reason given)"], name
        out = computed[name]
        direct = race_outcome(race_parameters(**t.race),
                              policy_parameters=race_parameters(**{**t.race, **t.believed}) if t.believed else None)
        for key in ("year", "dependence", "restriction"):
            assert np.array_equal(out.race.path[key], direct.path[key]), (name, key)
        assert out.race.china_value == direct.china_value
        static = outcomes(t.parameters())
        assert out.games["export restriction"] == static["export restriction"]
        assert out.games["alignment"] == static["alignment"]
        assert out.games["linkage"] == static["linkage"]
    # the three paths differ: the trajectories are not one race under three names
    finals = {round(float(o.race.path["dependence"][-1]), 6) for o in computed.values()}
    assert len(finals) == 3


def test_overshoot_restricts_more_in_year_1_than_managed_rivalry_because_of_what_china_believes(computed):
    over, managed = computed["overshoot into confrontation"], computed["managed rivalry"]
    believed = over.believed_parameters.defaults
    # in the game China believes, investing never pays the target: the race is the repeated stage game,
    # so China's policy is the static optimum under its belief at every dependence level
    assert np.all(race_outcome(over.believed_parameters).investment == 0)
    expected = [_static_optimum(believed, d) for d in over.race.dependence]
    assert over.race.restriction.tolist() == expected
    # the true game is managed rivalry's (only the belief differs), where China holds back to slow the race:
    # at no level does it restrict more than the static optimum under the true values
    assert over.race_parameters.defaults == managed.race_parameters.defaults
    true = managed.race_parameters.defaults
    assert np.all(managed.race.restriction <= [_static_optimum(true, d) + RTOL for d in managed.race.dependence])
    # a larger believed concession share raises the static optimum: overshoot's China restricts more everywhere
    assert all(_static_optimum(believed, d) > _static_optimum(true, d) for d in managed.race.dependence)
    assert np.all(over.race.restriction > managed.race.restriction)
    assert over.race.path["restriction"][1] > managed.race.path["restriction"][1]
    # and acting on the wrong belief costs China value in the true game
    assert over.race.china_value < managed.race.china_value


def test_overshoot_takes_its_policy_from_the_belief_and_its_path_from_the_true_game():
    t = TRAJECTORIES["overshoot into confrontation"]
    cheap = trajectory_outcome(t, race_base=race_parameters(investment_cost=0.5), static=False)
    dear = trajectory_outcome(t, race_base=race_parameters(investment_cost=20.0), static=False)
    # same belief: the same policy of China, from the same believed game
    assert np.array_equal(cheap.race.restriction, dear.race.restriction)
    assert cheap.believed_parameters.defaults == dear.believed_parameters.defaults
    assert np.array_equal(cheap.race.restriction, race_outcome(cheap.believed_parameters).restriction)
    # a different true cost: the target replies differently, and the path moves
    assert not np.array_equal(cheap.race.investment, dear.race.investment)
    assert not np.array_equal(cheap.race.path["dependence"], dear.race.path["dependence"])
    assert np.all(dear.race.path["dependence"] == dear.race.path["dependence"][0])  # too dear: no one invests


def _order(sentence: str, names: list[str]) -> list[str]:
    return sorted(names, key=sentence.index)


def test_the_words_say_what_the_tables_show(computed):
    words = compare_trajectories(computed)
    names = list(computed)
    tables = {k: path_table(v) for k, v in computed.items()}
    assert [r["year"] for r in tables["managed rivalry"]] == list(range(11))
    year1 = {k: rows[1]["restriction"] for k, rows in tables.items()}
    assert _order(words[0], names) == sorted(names, key=lambda k: -year1[k])
    for k in names:
        assert f"{k} ({year1[k]:.2f})" in words[0]
    below = {k: next((r["year"] for r in rows if r["dependence"] < 0.65), None) for k, rows in tables.items()}
    assert all(v is not None for v in below.values())
    assert _order(words[1], names) == sorted(names, key=lambda k: below[k])
    for k in names:
        assert f"{k} (year {below[k]})" in words[1]
    final = {k: rows[-1]["dependence"] for k, rows in tables.items()}
    assert words[2].startswith("After 10 years")
    assert _order(words[2], names) == sorted(names, key=lambda k: final[k])
    value = {k: v.china_value_usd for k, v in computed.items()}  # in US$ bn: converted at each one's rent
    for k, v in computed.items():
        assert math.isclose(v.china_value_usd, v.race.china_value * china_rent(v.trajectory.parameters(
            default_parameters()).defaults))
    assert "in US$ bn" in words[3]
    assert _order(words[3], names) == sorted(names, key=lambda k: -value[k])
    belief = words[4]
    assert belief.startswith("Under overshoot into confrontation China acts on a wrong belief")
    assert "investment_cost 5 instead of 0.5" in belief and "concession_share 0.9 instead of 0.5" in belief
    gap = value["overshoot into confrontation"] - value["managed rivalry"]
    assert f"by US$ {gap:+.2f} bn" in belief
    assert len(words) == 5


def test_a_path_that_never_crosses_the_level_is_said_so():
    stuck = Trajectory("stuck", "Building is too dear.", race={"investment_cost": 2.0},
                       reasons={"race investment_cost": "illustrative"})
    out = {"stuck": trajectory_outcome(stuck, static=False, periods=4)}
    words = compare_trajectories(out)
    assert words[1] == "Dependence stays at or above 0.65 for all 3 years under stuck."
    assert words[2] == "After 3 years the expected dependence is lowest under stuck (0.90)."
    assert len(words) == 4  # no belief, no belief sentence
    assert compare_trajectories(out, level=0.95)[1] == "Dependence falls below 0.95 soonest under stuck (year 0)."


def test_race_sweep_regime_map_and_measure_equal_direct_computation():
    model = RaceModel(vary=("investment_cost", "completion"))
    grid = {"investment_cost": [0.25, 5.0], "completion": [0.1, 0.5]}
    swept = race_sweep({"kind": "grid", "values": grid}, model)
    assert swept.values.tolist() == [[0.25, 0.1], [0.25, 0.5], [5.0, 0.1], [5.0, 0.5]]
    kinds = set()
    for row in swept.rows():
        direct = race_outcome(race_parameters(investment_cost=row["investment_cost"], completion=row["completion"]))
        first = direct.years_below(0.65)
        assert row["years_below"] == (11.0 if first is None else first)
        assert row["china_value"] == direct.china_value
        assert row["restriction_year_1"] == direct.path["restriction"][1]
        assert row["final_dependence"] == direct.path["dependence"][-1]
        assert race_measures(direct) == {k: row[k] for k in ("years_below", "china_value", "restriction_year_1",
                                                            "final_dependence")}
        invests = direct.investment[0] > 0
        expected = "no race" if not invests else ("race" if first is not None else "slow race")
        assert row["regime"] == expected
        kinds.add(expected)
    assert kinds == {"race", "slow race", "no race"}  # the grid meets every regime
    m = regime_map(model, ("investment_cost", grid["investment_cost"]), ("completion", grid["completion"]))
    assert m.labels.T.ravel().tolist() == swept.column("regime").tolist()
    f = race_measure("restriction_year_1", model)
    got = f(investment_cost=swept.column("investment_cost")[1:], completion=swept.column("completion")[1:])
    assert np.array_equal(got, swept.column("restriction_year_1")[1:])


def test_one_at_a_time_sweep_moves_one_parameter_per_row():
    model = RaceModel(vary=("completion", "investment_cost"))
    swept = race_sweep({"kind": "oat", "num": 2}, model)
    base = race_parameters()
    lows = [base["completion"].low, base["completion"].high, base["investment_cost"].value,
            base["investment_cost"].value]
    assert swept.column("completion").tolist() == [*lows[:2], base["completion"].value, base["completion"].value]
    assert swept.column("investment_cost").tolist()[:2] == lows[2:]


def test_bad_input_names_the_function_and_the_argument():
    with pytest.raises(UnknownNameError, match=r"^trajectory_outcome\(\): unknown trajectory 'detente'"):
        trajectory_outcome("detente")
    with pytest.raises(ValueError, match=r"^trajectory_outcome\(\): periods must be at least 2"):
        trajectory_outcome("managed rivalry", periods=1)
    with pytest.raises(TypeError, match=r"^trajectory_outcome\(\): parameters must be a ParameterSet"):
        trajectory_outcome("managed rivalry", parameters={"discount": 0.5})
    with pytest.raises(TypeError, match=r"^path_table\(\): outcome must be a TrajectoryOutcome or a RaceOutcome"):
        path_table([0.9, 0.8])
    with pytest.raises(TypeError, match=r"^compare_trajectories\(\): results must be a non-empty mapping"):
        compare_trajectories({})
    with pytest.raises(UnknownNameError, match=r"^Trajectory\(\): race names unknown race parameter\(s\) 'speed'"):
        Trajectory("x", "y", race={"speed": 1.0})
    with pytest.raises(ValueError, match=r"^Trajectory\(\): believed\['investment_cost'\] must be a finite"):
        Trajectory("x", "y", believed={"investment_cost": float("nan")})
    with pytest.raises(UnknownNameError, match=r"^RaceModel\(\): unknown parameter\(s\) 'speed'"):
        RaceModel(vary=("speed",))
    with pytest.raises(ValueError, match=r"^race_measure\(\): measure must be one of"):
        race_measure("speed")
    with pytest.raises(ValueError, match=r"^race_sweep\(\): .*investment_cost"):
        race_sweep({"kind": "grid", "values": {"investment_cost": [100.0]}})
    with pytest.raises(ValueError, match=rf"^race_sweep\(\): the grid has {MAX_RACE_DRAWS + 1:,} points"):
        race_sweep({"kind": "grid", "values": {"investment_cost": np.linspace(0.1, 1, MAX_RACE_DRAWS + 1)}})
    with pytest.raises(ValueError, match=r"^RaceModel.outcome\(\): .*investment_cost=100"):
        RaceModel().outcome(investment_cost=100.0)
