"""Scenario files: exact round trips, named validation errors, no partial state."""

from __future__ import annotations

import os
import stat
import tempfile
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given

from leverage import Parameter, ParameterSet, ParametricGame
from leverage.io import (
    FormulaPayoffs,
    Scenario,
    ScenarioError,
    formula_game,
    load_scenario,
    parse_expression,
    save_scenario,
)
from leverage.io.scenario import dumps_toml
from leverage.scenarios import export_restriction_parameters, registry
from leverage.testing.io_strategies import scenarios

VALID = """\
[scenario]
name = "managed rivalry"
description = "Licensing as the steady state"
games = ["export_restriction"]

[parameters.separation_share]
value = 0.91
low = 0.85
high = 0.95
unit = "share"
source = "IEA Global Critical Minerals Outlook 2024"
note = "refining share, 2023"

[parameters.us_import_dependence]
value = 0.7
low = 0.65
high = 0.8
unit = "share"
source = "USGS Mineral Commodity Summaries 2025"

[parameters.diversification_premium]
value = 2.0
low = 1.2
high = 2.5
unit = "ratio"
source = "MP Materials press release, Jul 2025"

[games.valve]
players = ["China", "US"]
strategies = [["Open", "Restrict"], ["Comply", "Diversify"]]
payoffs.China = [["1", "1 - us_import_dependence"], ["1 + 3 * separation_share", "0.2"]]
payoffs.US = [["0", "-(diversification_premium - 1) * us_import_dependence"], ["-separation_share", "-1"]]
"""


def write(tmp_path: Path, text: str, name: str = "scenario.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def replace_in(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def simple_parameters() -> ParameterSet:
    return ParameterSet(
        rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"),
        cost=Parameter(3.0, 1.0, 5.0, "bn USD/yr", "illustrative", note="a note"),
    )


# ------------------------------------------------------------------ loading
def test_a_valid_file_loads_into_a_complete_scenario(tmp_path):
    path = write(tmp_path, VALID)
    s = load_scenario(path)
    assert s.name == "managed rivalry" and s.source_path == path
    assert s.games == ("export_restriction",)
    assert s.parameters.names == ("separation_share", "us_import_dependence", "diversification_premium")
    assert s.parameters["separation_share"] == Parameter(
        0.91, 0.85, 0.95, "share", "IEA Global Critical Minerals Outlook 2024", note="refining share, 2023"
    )
    model = s.model("valve")
    assert isinstance(model, ParametricGame) and model.players == ("China", "US")
    payoffs = model.game().payoffs
    np.testing.assert_allclose(payoffs[0], [[1.0, 0.3], [1 + 3 * 0.91, 0.2]])
    np.testing.assert_allclose(payoffs[1], [[0.0, -0.7], [-0.91, -1.0]])
    # the formulas broadcast over draws
    A, _ = model.batch({"separation_share": [0.85, 0.95]})
    np.testing.assert_allclose(A[:, 1, 0], [1 + 3 * 0.85, 1 + 3 * 0.95])
    assert s.model("export_restriction").strategies[1] == ("Comply", "Diversify")


def test_three_player_formula_games_have_one_array_level_per_player(tmp_path):
    text = """\
[scenario]
name = "three"
[parameters.r]
value = 1.0
low = 0.0
high = 2.0
unit = ""
source = "illustrative"
[games.trio]
players = ["A", "B", "C"]
strategies = [["x", "y"], ["u"], ["p", "q", "s"]]
payoffs.A = [[["r", "1", "2"]], [["3", "4", "r * 5"]]]
payoffs.B = [[["0", "0", "0"]], [["0", "0", "0"]]]
payoffs.C = [[[1, 2.5, -3]], [["0", "0", "0"]]]
"""
    s = load_scenario(write(tmp_path, text))
    game = s.model("trio").game(r=2.0)
    assert game.payoffs[0].shape == (2, 1, 3)
    assert game.payoffs[0][1, 0, 2] == 10.0 and game.payoffs[2][0, 0, 1] == 2.5


# --------------------------------------------------------------- round trips
def test_save_then_load_gives_an_equal_scenario(tmp_path):
    original = load_scenario(write(tmp_path, VALID))
    path = save_scenario(original, tmp_path / "copy.toml")
    again = load_scenario(path)
    assert again == original
    assert again.parameters == original.parameters and again.parameters.names == original.parameters.names
    assert again.games == original.games
    assert again.custom_games["valve"].payoff_function == original.custom_games["valve"].payoff_function
    assert again.custom_games["valve"].payoff_function.texts() == original.custom_games["valve"].payoff_function.texts()
    # saving is deterministic: the same scenario gives the same bytes
    second = save_scenario(again, tmp_path / "copy2.toml")
    assert second.read_bytes() == path.read_bytes()


def test_awkward_floats_and_strings_survive_the_round_trip_exactly(tmp_path):
    tricky = 'quote " backslash \\ newline \n tab \t nul \x00 del \x7f bell \x07 é 漢字 🜲 \u2028'
    ps = ParameterSet(
        {
            "α_share": Parameter(0.1 + 0.2, 5e-324, 1.7976931348623157e308, tricky, tricky, note=tricky),
            "neg_zero": Parameter(-0.0, -0.0, 0.0, "", "s"),
            "whole": Parameter(2.0, 1.0, 2.0**53 + 2, "integer-valued float", "s"),
            "big": Parameter(1e16, -1e300, 1e300, "u", "s", note=""),
        }
    )
    s = Scenario(name=tricky, description=tricky, parameters=ps)
    path = save_scenario(s, tmp_path / "tricky.toml")
    text = path.read_text(encoding="utf-8")
    assert '"α_share"' in text  # a key that is not bare is quoted
    assert "value = 2.0\n" in text  # an integer-valued float stays a float
    again = load_scenario(path)
    assert again == s
    for name, p in ps.items():
        q = again.parameters[name]
        for field in ("value", "low", "high"):
            assert np.float64(getattr(q, field)).tobytes() == np.float64(getattr(p, field)).tobytes()
        assert (q.unit, q.source, q.note) == (p.unit, p.source, p.note)


def test_the_writer_produces_toml_that_reads_back_as_the_data():
    data = {
        "top": "level",
        "t": {"x": 1.5, "flag": True, "n": -3, "nested": {"deep": [[1.0, 2.0], ["a", "b\n"]]}, "inf": float("inf")},
        "weird key.with dot": {"": "empty key"},
        "empty": {},
    }
    back = tomllib.loads(dumps_toml(data))
    assert back == data


@given(scenario=scenarios())
def test_any_drawn_scenario_survives_save_and_load(scenario):
    with tempfile.TemporaryDirectory() as directory:
        path = save_scenario(scenario, Path(directory) / "drawn.toml")
        again = load_scenario(path)
    assert again == scenario
    assert again.parameters.names == scenario.parameters.names
    for name, model in scenario.custom_games.items():
        np.testing.assert_array_equal(again.model(name).game().payoffs[0], model.game().payoffs[0])


# ------------------------------------------------------------ partial presets
def test_a_preset_gives_only_values_for_parameters_of_the_base(tmp_path):
    base = export_restriction_parameters()
    text = """\
[scenario]
name = "tight market"
games = ["export_restriction"]
[parameters.us_import_dependence]
value = 0.8
[parameters.extra]
value = 1.0
low = 0.0
high = 2.0
unit = "u"
source = "illustrative"
[games.side]
players = ["A", "B"]
strategies = [["x"], ["y"]]
payoffs.A = [["extra"]]
payoffs.B = [["-extra"]]
"""
    s = load_scenario(write(tmp_path, text), base=base)  # a new name is fine when the file's own game uses it
    assert s.parameters.names == base.names + ("extra",)
    p = s.parameters["us_import_dependence"]
    assert p == base["us_import_dependence"].with_value(0.8)
    assert s.parameters["separation_share"] == base["separation_share"]
    # a preset saved is self-contained: it loads without the base
    assert load_scenario(save_scenario(s, tmp_path / "full.toml")) == s


def test_a_preset_value_outside_the_inherited_range_is_refused(tmp_path):
    text = '[scenario]\nname = "x"\n[parameters.separation_share]\nvalue = 0.99\n'
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, base=export_restriction_parameters())
    message = str(info.value)
    assert str(path) in message and "parameters.separation_share.value" in message
    assert "value 0.99 lies outside its range [0.85, 0.95]" in message and "base parameters" in message


def test_without_a_base_a_parameter_needs_every_field(tmp_path):
    text = '[scenario]\nname = "x"\n[parameters.separation_share]\nvalue = 0.9\n'
    with pytest.raises(ScenarioError, match=r"parameters\.separation_share\.low: missing required key"):
        load_scenario(write(tmp_path, text))


def test_the_base_must_be_a_parameter_set(tmp_path):
    with pytest.raises(TypeError, match="base must be a ParameterSet"):
        load_scenario(write(tmp_path, VALID), base={"a": 1})  # type: ignore[arg-type]


def test_games_are_looked_up_in_the_registry_when_the_file_is_read(tmp_path, monkeypatch):
    text = replace_in(VALID, 'games = ["export_restriction"]', 'games = ["later_game"]')
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError, match="unknown game 'later_game'"):
        load_scenario(path)
    monkeypatch.setitem(registry.GAMES, "later_game", lambda parameters: "built")
    s = load_scenario(path)
    assert s.games == ("later_game",) and s.model("later_game") == "built"


# -------------------------------------------------------------- validation
CASES = [
    # (edit of VALID as (old, new), expected key, expected problem)
    (("[scenario]\n", "[scenario_]\n"), "scenario_", "unknown key; expected one of: scenario, parameters, games"),
    (('name = "managed rivalry"\n', ""), "scenario.name", "missing required key"),
    (('name = "managed rivalry"', "name = 3"), "scenario.name", "must be a string; got an integer (3)"),
    (('name = "managed rivalry"', 'name = "  "'), "scenario.name", "must not be empty"),
    (('description = "Licensing', 'summary = "Licensing'), "scenario.summary", "unknown key"),
    (('games = ["export_restriction"]', 'games = "export_restriction"'), "scenario.games", "must be an array"),
    (('games = ["export_restriction"]', 'games = ["export_restriction", "nope"]'), "scenario.games[1]",
     "unknown game 'nope'; known games: export_restriction"),
    (('games = ["export_restriction"]', 'games = ["export_restriction", "export_restriction"]'),
     "scenario.games[1]", "listed twice"),
    (("value = 0.91", 'value = "0.91"'), "parameters.separation_share.value", "must be a number; got a string ('0.91')"),
    (("value = 0.91", "value = true"), "parameters.separation_share.value", "must be a number; got a boolean"),
    (("value = 0.91", "value = nan"), "parameters.separation_share.value", "must be a finite number"),
    (("value = 0.91", "value = 0.97"), "parameters.separation_share.value",
     "value 0.97 lies outside its range [0.85, 0.95]"),
    (("low = 0.85", "low = 0.96"), "parameters.separation_share.low", "low (0.96) is greater than high (0.95)"),
    (('source = "IEA Global Critical Minerals Outlook 2024"', 'source = " "'),
     "parameters.separation_share.source", "must be a non-empty citation"),
    (('unit = "share"\nsource = "IEA', 'source = "IEA'), "parameters.separation_share.unit", "missing required key"),
    (('note = "refining share, 2023"', 'notes = "refining share, 2023"'), "parameters.separation_share.notes",
     "unknown key; expected one of: value, low, high, unit, source, note"),
    (("[parameters.separation_share]", '[parameters."1share"]'), "parameters.1share", "Python identifier"),
    (("[parameters.separation_share]", '[parameters."a b"]'), 'parameters."a b"', "Python identifier"),
    (("[parameters.separation_share]", "[parameters.lambda]"), "parameters.lambda", "Python keyword"),
    (("[games.valve]", "[games.export_restriction]"), "games.export_restriction",
     "shadows the registered game 'export_restriction'"),
    (('players = ["China", "US"]', 'players = ["China"]'), "games.valve.players", "at least 2 are needed"),
    (('players = ["China", "US"]', 'players = ["China", "China"]'), "games.valve.players", "'China' twice"),
    (('players = ["China", "US"]\n', ""), "games.valve.players", "missing required key"),
    (('strategies = [["Open", "Restrict"], ["Comply", "Diversify"]]', 'strategies = [["Open", "Restrict"]]'),
     "games.valve.strategies", "has 1 entries but there are 2 players"),
    (('strategies = [["Open", "Restrict"], ["Comply", "Diversify"]]', 'strategies = [["Open", "Restrict"], []]'),
     "games.valve.strategies[1]", "at least 1 are needed"),
    ((', ["1 + 3 * separation_share", "0.2"]]', "]"),
     "games.valve.payoffs.China", "has 1 entries where 2 were expected, one per strategy of 'China' (Open, Restrict)"),
    (('["1 + 3 * separation_share", "0.2"]', '["1 + 3 * separation_share"]'),
     "games.valve.payoffs.China[1]", "has 1 entries where 2 were expected, one per strategy of 'US'"),
    (('"1 - us_import_dependence"', '["1"]'), "games.valve.payoffs.China[0][1]",
     "must be a formula (a string) or a number; got an array"),
    (('"1 - us_import_dependence"', "true"), "games.valve.payoffs.China[0][1]", "got a boolean"),
    (('"1 - us_import_dependence"', '"1 - tariff"'), "games.valve.payoffs.China[0][1]",
     "unknown name 'tariff': 'tariff' at column 5; known names: diversification_premium, separation_share"),
    (('"1 - us_import_dependence"', "\"__import__('os').system('echo hacked')\""),
     "games.valve.payoffs.China[0][1]", "attribute access is not allowed"),
    (('"1 - us_import_dependence"', '"9**9**9"'), "games.valve.payoffs.China[0][1]", "exceeds the bound"),
    (('payoffs.US = [["0"', 'payoffs.USA = [["0"'), "games.valve.payoffs.USA", "unknown player; the players are China, US"),
    (('payoffs.China = [["1", "1 - us_import_dependence"], ["1 + 3 * separation_share", "0.2"]]\n', ""),
     "games.valve.payoffs.China", "missing payoffs for player 'China'"),
    (('"1 - us_import_dependence"', '"1 / (separation_share - 0.91)"'), "games.valve",
     "cannot be built at the calibrated values"),
    (("[games.valve]", "[games.valve]\ncolour = 1"), "games.valve.colour", "unknown key"),
]


@pytest.mark.parametrize(("edit", "key", "problem"), CASES, ids=[c[1] + ":" + c[2][:30] for c in CASES])
def test_each_invalid_entry_is_reported_with_the_file_the_key_and_the_problem(tmp_path, edit, key, problem):
    path = write(tmp_path, replace_in(VALID, *edit))
    result = None
    with pytest.raises(ScenarioError) as info:
        result = load_scenario(path)
    assert result is None
    message = str(info.value)
    assert message.startswith(f"{path}: {key}: "), message
    assert problem in message, message
    assert (info.value.path, info.value.key) == (str(path), key)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[scenario]\nname = "x"\ngames = [\n', "invalid TOML at line 4, column 1 (the end of the file)"),
        ('[scenario]\nname = "x"\nnote = ', "invalid TOML at line 3, column 8 (the end of the file)"),
        ('[scenario]\nname = "x\n', "invalid TOML at line 2"),
        ('[scenario]\nname = "x"\nname = "y"\n', "invalid TOML at line 3"),
        ('[scenario]\nname = "x"\n[scenario]\n', "invalid TOML at line 3"),
    ],
)
def test_invalid_toml_is_reported_with_the_file_and_the_line(tmp_path, text, problem):
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{path}: {problem}")


def test_a_file_that_is_not_utf8_or_missing_is_reported(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('[scenario]\nname = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ScenarioError, match=r"latin1\.toml: the file is not UTF-8 text \(byte 22\)"):
        load_scenario(path)
    with pytest.raises(ScenarioError, match=r"absent\.toml: cannot read the file"):
        load_scenario(tmp_path / "absent.toml")


def test_a_missing_scenario_table_is_reported(tmp_path):
    path = write(tmp_path, "[parameters]\n")
    with pytest.raises(ScenarioError, match=r"scenario\.toml: scenario: missing required table \[scenario\]"):
        load_scenario(path)


def test_a_mistyped_table_is_reported(tmp_path):
    path = write(tmp_path, '[scenario]\nname = "x"\nparameters = 3\n')
    with pytest.raises(ScenarioError, match=r"scenario\.name|parameters"):
        load_scenario(path)
    path = write(tmp_path, 'parameters = 3\n[scenario]\nname = "x"\n')
    with pytest.raises(ScenarioError, match=r": parameters: must be a table; got an integer \(3\)"):
        load_scenario(path)


# ------------------------------------------------------------ Scenario itself
def test_a_scenario_checks_its_fields():
    ps = simple_parameters()
    with pytest.raises(ScenarioError, match=r"Scenario\(\): name: must be a non-empty string"):
        Scenario("", parameters=ps)
    with pytest.raises(ScenarioError, match=r"Scenario\(\): games\[0\]: unknown game 'nope'; known games: "):
        Scenario("s", parameters=ps, games=["nope"])
    with pytest.raises(ScenarioError, match=r"parameters: must be a ParameterSet"):
        Scenario("s", parameters={"rent": 1.0})  # type: ignore[arg-type]
    not_formulas = ParametricGame(ps, lambda rent, cost: ([[rent]], [[cost]]))
    with pytest.raises(ScenarioError, match=r"must be a ParametricGame of formulas"):
        Scenario("s", parameters=ps, custom_games={"g": not_formulas})
    other = formula_game(
        ParameterSet(rent=ps["rent"]), ["A", "B"], [["x"], ["y"]], {"A": [["rent"]], "B": [["0"]]}
    )
    with pytest.raises(ScenarioError, match=r"built over other parameters"):
        Scenario("s", parameters=ps, custom_games={"g": other})


def test_a_scenario_is_immutable_and_its_equality_ignores_the_source_path():
    ps = simple_parameters()
    game = formula_game(ps, ["A", "B"], [["x"], ["y", "z"]], {"A": [["rent", "cost"]], "B": [["0", "1"]]})
    s = Scenario("s", parameters=ps, custom_games={"g": game}, source_path="a.toml")
    assert s.source_path == Path("a.toml")
    assert s == Scenario("s", parameters=ps, custom_games={"g": game})
    assert s != Scenario("s", parameters=ps.replace(rent=2.0), custom_games={})
    with pytest.raises(TypeError):
        s.custom_games["h"] = game  # type: ignore[index]
    with pytest.raises(AttributeError):
        s.name = "t"  # type: ignore[misc]
    with pytest.raises(ScenarioError, match="the scenario has no game 'h'"):
        s.model("h")


def test_formula_game_names_the_entry_of_a_bad_payoff():
    ps = simple_parameters()
    with pytest.raises(ScenarioError, match=r"formula_game\(\): payoffs\.B\[0\]\[1\]: unknown name 'tax'"):
        formula_game(ps, ["A", "B"], [["x"], ["y", "z"]], {"A": [["rent", "cost"]], "B": [["0", "tax"]]})
    with pytest.raises(TypeError, match="parameters must be a ParameterSet"):
        formula_game({}, ["A", "B"], [["x"], ["y"]], {})  # type: ignore[arg-type]
    e = parse_expression("rent * 2", ps)
    model = formula_game(ps, ["A", "B"], [["x"], ["y"]], {"A": [[e]], "B": [[-1]]})
    assert isinstance(model.payoff_function, FormulaPayoffs)
    assert model.payoff_function.names == ("rent",)
    assert model.game(rent=2.0).payoffs[0][0, 0] == 4.0


# ----------------------------------------------------------- no partial state
@pytest.fixture
def saved(tmp_path):
    s = load_scenario(write(tmp_path, VALID, "source.toml"))
    target = tmp_path / "target.toml"
    target.write_bytes(b"# an existing file that must survive a failed save\n")
    return s, target, target.read_bytes()


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_a_failed_replace_keeps_the_old_file_byte_identical(saved, monkeypatch):
    s, target, before = saved

    def fail(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ScenarioError) as info:
        save_scenario(s, target)
    assert str(info.value).startswith(f"{target}: cannot write the file (Permission denied)")
    assert target.read_bytes() == before
    assert leftovers(target.parent) == []


def test_a_failure_while_writing_keeps_the_old_file_byte_identical(saved, monkeypatch):
    s, target, before = saved

    def fail(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(ScenarioError, match="No space left on device"):
        save_scenario(s, target)
    assert target.read_bytes() == before
    assert leftovers(target.parent) == []


def test_text_that_toml_cannot_hold_fails_before_anything_is_written(saved):
    s, target, before = saved
    bad = Scenario("lone \ud800 surrogate", parameters=s.parameters)
    with pytest.raises(ScenarioError, match="lone surrogate"):
        save_scenario(bad, target)
    assert target.read_bytes() == before
    assert leftovers(target.parent) == []


def test_saving_into_a_missing_directory_names_the_file(saved, tmp_path):
    s, _, _ = saved
    target = tmp_path / "no" / "such" / "dir.toml"
    with pytest.raises(ScenarioError, match=r"dir\.toml: cannot write the file"):
        save_scenario(s, target)
    assert not target.parent.exists()


def test_saving_over_an_existing_file_keeps_its_permissions(saved):
    s, target, _ = saved
    target.chmod(0o640)
    save_scenario(s, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert load_scenario(target) == s


def test_save_checks_its_arguments(tmp_path):
    with pytest.raises(TypeError, match="scenario must be a Scenario"):
        save_scenario("not a scenario", tmp_path / "x.toml")  # type: ignore[arg-type]


def test_the_example_file_of_the_documentation_loads(tmp_path):
    import textwrap

    from leverage.io import scenario as scenario_module

    doc = scenario_module.__doc__
    block = doc.split("An example file::\n", 1)[1].split("\nParameter names", 1)[0]
    s = load_scenario(write(tmp_path, textwrap.dedent(block)))
    assert s.name == "managed rivalry" and s.games == ("export_restriction",)
    assert s.parameters["separation_share"].note == "refining share, 2023"
    game = s.model("valve").game()
    assert game.players == ("China", "US") and game.payoffs[0][0, 1] == 1.0 * (1 - 0.91)


# ------------------------------------------------ names, own ranges and sources (issue 19)
MISSPELT = """\
[scenario]
name = "typo"
[parameters.seperation_share]
value = 0.93
low = 0.85
high = 0.95
unit = "share"
source = "IEA Global Critical Minerals Outlook 2024"
"""


def test_a_misspelt_parameter_name_is_an_error_that_suggests_the_right_one(tmp_path):
    # before issue 19 this file, every field given, ran silently with the default separation share
    with pytest.raises(ScenarioError, match=r"parameters\.seperation_share: unknown parameter 'seperation_share'; "
                                            r"did you mean 'separation_share'\?") as info:
        load_scenario(write(tmp_path, MISSPELT), base=export_restriction_parameters())
    assert info.value.key == "parameters.seperation_share"
    # a name with only a value is caught the same way, before any "missing key" complaint
    only_value = '[scenario]\nname = "typo"\n[parameters.us_import_dependance]\nvalue = 0.75\n'
    with pytest.raises(ScenarioError, match=r"did you mean 'us_import_dependence'\?"):
        load_scenario(write(tmp_path, only_value), base=export_restriction_parameters())
    # without a base every parameter is the file's own: nothing to misspell
    assert "seperation_share" in load_scenario(write(tmp_path, MISSPELT)).parameters


def test_a_value_outside_the_default_range_is_accepted_with_the_files_own_range_and_source(tmp_path):
    base = export_restriction_parameters()
    text = """\
[scenario]
name = "full control"
[parameters.separation_share]
value = 0.99
low = 0.9
high = 1.0
source = "a scenario's own reading"
"""
    p = load_scenario(write(tmp_path, text), base=base).parameters["separation_share"]
    assert (p.value, p.low, p.high, p.source) == (0.99, 0.9, 1.0, "a scenario's own reading")
    assert p.unit == base["separation_share"].unit and not p.illustrative
    # without its own range the default range holds, and the message says how to widen it
    with pytest.raises(ScenarioError, match=r"value 0\.99 lies outside its range \[0\.85, 0\.95\] \(the range "
                                            r"comes from the base parameters; give low and high in the file"):
        load_scenario(write(tmp_path, '[scenario]\nname = "x"\n[parameters.separation_share]\nvalue = 0.99\n'),
                      base=base)


def test_the_illustrative_flag_is_read_written_and_follows_a_files_own_source(tmp_path):
    base = ParameterSet(rent=Parameter(1.0, 0.5, 2.0, "bn USD/yr", "illustrative"),
                        share=Parameter(0.5, 0.0, 1.0, "share", "USGS MCS 2025"))
    text = """\
[scenario]
name = "flags"
[parameters.rent]
value = 1.5
source = "an annual report, 2025"
[parameters.share]
value = 0.4
illustrative = true
"""
    s = load_scenario(write(tmp_path, text), base=base)
    assert not s.parameters["rent"].illustrative  # the file cites a source of its own
    assert s.parameters["share"].illustrative and s.parameters["share"].source == "USGS MCS 2025"
    saved = save_scenario(s, tmp_path / "flags_saved.toml")
    assert tomllib.loads(saved.read_text())["parameters"]["share"]["illustrative"] is True
    assert load_scenario(saved) == s
    with pytest.raises(ScenarioError, match=r"parameters\.share\.illustrative: must be true or false; got a string"):
        load_scenario(write(tmp_path, text.replace("illustrative = true", 'illustrative = "yes"')), base=base)


# ------------------------------------------------------------------ the command line (issue 19)
def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(("argv", "message"), [
    (["--scenario", "managed_rivaly"],
     "--scenario: 'managed_rivaly' is neither a file nor a packaged scenario; did you mean 'managed_rivalry'?"),
    (["--set", "seperation_share=0.9"], "--set seperation_share=...: unknown parameter 'seperation_share'; "
                                        "did you mean 'separation_share'?"),
    (["--set", "separation_share=0.99"], "--set separation_share=0.99: outside the range [0.85, 0.95] of "
                                         "separation_share; a scenario file that gives separation_share its own"),
])
def test_command_line_errors_are_one_line_with_status_2(argv, message, capsys):
    from leverage.__main__ import main

    assert main(argv) == 2
    assert message in _one_line(capsys.readouterr().err)


@pytest.mark.parametrize(("argument", "message"), [
    ("discount", "expected NAME=VALUE"), ("discount=abc", "must be a number"), ("discount=nan", "must be finite"),
])
def test_a_malformed_set_is_a_usage_error(argument, message, capsys):
    from leverage.__main__ import main

    with pytest.raises(SystemExit) as info:
        main(["--set", argument])
    assert info.value.code == 2
    assert message in _one_line(capsys.readouterr().err)


def test_a_packaged_scenario_runs_by_name_with_a_set_and_every_table_says_where_it_belongs(tmp_path, capsys):
    from leverage.__main__ import main

    assert main(["--scenario", "managed_rivalry", "--set", "discount=0.7", "--quick",
                 "--output", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "on the scenario 'managed rivalry' (" in out and "managed_rivalry.toml), with discount=0.7" in out
    label = "scenario 'managed rivalry' with discount=0.7"
    with open(tmp_path / "out" / "parameters.csv") as fh:
        rows = list(__import__("csv").DictReader(fh))
    assert all(row["scenario"] == label for row in rows)
    by_name = {row["parameter"]: row for row in rows}
    assert float(by_name["discount"]["value"]) == 0.7 and float(by_name["license_level"]["value"]) == 0.5
    assert by_name["eu_dependence"]["illustrative"] == "yes" and by_name["separation_share"]["illustrative"] == "no"
    with open(tmp_path / "out" / "trajectories.csv") as fh:
        trajectories = list(__import__("csv").DictReader(fh))
    assert [row["applied to"] for row in trajectories] == [label] * 3  # stacked on the scenario, and it says so


def test_a_scenarios_own_range_and_source_reach_the_printed_table(tmp_path, capsys):
    from leverage.__main__ import main

    path = write(tmp_path, """\
[scenario]
name = "full control"
games = ["export_restriction"]
[parameters.separation_share]
value = 0.99
low = 0.9
high = 1.0
source = "a scenario's own reading"
""")
    assert main(["--scenario", str(path), "--quick", "--output", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    with open(tmp_path / "out" / "parameters.csv") as fh:
        row = {r["parameter"]: r for r in __import__("csv").DictReader(fh)}["separation_share"]
    assert (float(row["value"]), float(row["low"]), float(row["high"])) == (0.99, 0.9, 1.0)
    assert row["source"] == "a scenario's own reading" and row["scenario"] == "scenario 'full control'"
