"""Notebook views and table exports: leverage.display, Game/EquilibriumList/ParameterSet/Findings HTML and to_pandas."""

from __future__ import annotations

import html
import re
import sys

import numpy as np
import pytest

from leverage import Game, Parameter, ParameterSet, equilibria
from leverage.display import categorical, format_cell, html_table, require_module, require_pandas
from leverage.results import EquilibriumList
from leverage.scenarios.findings import Finding, NearestFlip
from leverage.scenarios.findings_table import Findings

HOSTILE = "<script>alert(1)</script>"
ESCAPED = html.escape(HOSTILE)


def cells(text: str) -> list[list[str]]:
    """The body rows of an HTML table, each cell unescaped."""
    body = text.split("<tbody>")[1].split("</tbody>")[0]
    return [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


def hostile_game() -> Game:
    # battle of the sexes: two pure equilibria and a mixed one at (3/4, 1/4), (1/4, 3/4)
    return Game.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]], players=("China", HOSTILE),
                              strategies=(("Open", "Restrict"), ("Comply", HOSTILE)))


def hostile_parameters() -> ParameterSet:
    return ParameterSet(
        rent=Parameter(1.25, 0.5, 2.0, "bn USD/yr", "USGS MCS 2025"),
        loss=Parameter(4.0, 2.0, 8.0, "bn USD/yr", HOSTILE, illustrative=True),
    )


# ----------------------------------------------------------------------------- helpers
def test_html_table_escapes_formats_and_truncates():
    text = html_table(["name", HOSTILE], [[HOSTILE, 2 / 3], ["x & y", 12345.678]], caption=HOSTILE, max_rows=1)
    assert HOSTILE not in text and text.count(ESCAPED) == 3
    assert cells(text) == [[HOSTILE, "0.6667"], ["… 1 more row"]]
    assert [format_cell(v) for v in (1 / 3, 7, np.int64(3), None, True, -0.0, 2.5e-9)] == [
        "0.3333", "7", "3", "", "True", "0", "2.5e-09"]
    assert cells(html_table(["a"], [[k] for k in range(5)], max_rows=3))[-1] == ["… 2 more rows"]


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: html_table(["a", "b"], [[1]]), ValueError, r"html_table\(\): row 0 has 1 cells; expected 2"),
    (lambda: html_table("ab", [["x"]]), TypeError, r"html_table\(\): columns must be a sequence of names"),
    (lambda: html_table(["a"], [[1]], max_rows=0), ValueError, r"html_table\(\): max_rows must be at least 1"),
    (lambda: html_table(["a"], [[1]], caption=3), TypeError, r"html_table\(\): caption must be a string"),
    (lambda: html_table(["a"], {1, 2}), TypeError, r"html_table\(\): rows must be a sequence"),
    (lambda: html_table(["a"], [3]), TypeError, r"html_table\(\): row 0 must be a sequence of cells"),
])
def test_html_table_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_missing_pandas_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    message = r"needs pandas: pip install 'leverage\[tables\]'"
    with pytest.raises(ImportError, match=r"^X\(\): " + message):
        require_pandas("X()")
    for call, name in [(lambda: hostile_game().to_pandas(), "Game.to_pandas()"),
                       (lambda: equilibria(hostile_game()).to_pandas(), "EquilibriumList.to_pandas()"),
                       (lambda: hostile_parameters().to_pandas(), "ParameterSet.to_pandas()"),
                       (lambda: Findings().to_pandas(), "Findings.to_pandas()")]:
        with pytest.raises(ImportError, match=re.escape(name) + ": " + message):
            call()
    with pytest.raises(ImportError, match=r"plot\(\): needs no_such_module_x: pip install 'leverage\[plot\]'"):
        require_module("no_such_module_x", "plot", "plot()")


def test_categorical_makes_regime_and_status_categories(require_extra):
    pd = require_extra("pandas", "tables")
    frame = categorical(pd.DataFrame({"regime": ["b", "a", "b", None], "status": ["ok"] * 4, "x": [1, 2, 3, 4]}))
    assert isinstance(frame["regime"].dtype, pd.CategoricalDtype) and frame["x"].dtype.kind == "i"
    assert list(frame["regime"].cat.categories) == ["b", "a"] and frame["regime"].isna().tolist() == [0, 0, 0, 1]
    assert list(frame["status"].cat.categories) == ["ok"]


# ----------------------------------------------------------------------------- Game
def test_game_html_is_the_bimatrix_escaped():
    text = hostile_game()._repr_html_()
    assert HOSTILE not in text and "China" in text
    assert cells(text) == [["Open", "3, 1", "0, 0"], ["Restrict", "0, 0", "1, 3"]]
    assert f"<th>{ESCAPED}</th>" in text  # the column player's strategy name


def test_game_html_is_bounded_for_big_games():
    rng = np.random.default_rng(0)
    big = Game.from_bimatrix(rng.random((60, 70)), rng.random((60, 70)))
    text = big._repr_html_()
    rows = cells(text)
    assert len(rows) == 51 and rows[-1] == ["… 10 more rows"] and len(rows[0]) == 51  # 50 columns + the name
    assert "… 20 more columns" in text
    A, B = big.payoffs
    assert rows[3][5] == f"{format_cell(A[3, 4])}, {format_cell(B[3, 4])}"
    three = Game([np.arange(64.0).reshape(4, 4, 4) + k for k in range(3)], players=("China", "US", HOSTILE))
    text = three._repr_html_()
    rows = cells(text)
    assert HOSTILE not in text and len(rows) == 50 and "… 14 more profiles" in text
    assert rows[6] == ["s1", "s2", "s3", "6", "7", "8"]  # profile (0, 1, 2) is entry 6; player k adds k


def test_game_to_pandas_round_trips(require_extra):
    require_extra("pandas", "tables")
    g = Game([np.random.default_rng(1).random((2, 3, 2)) for _ in range(3)], players=("China", "US", "EU"))
    frame = g.to_pandas()
    assert list(frame.columns) == ["China", "US", "EU", "payoff_China", "payoff_US", "payoff_EU"]
    for i, p in enumerate(g.players):
        np.testing.assert_array_equal(frame[f"payoff_{p}"].to_numpy().reshape(g.shape), g.payoffs[i])
    assert frame.iloc[7][["China", "US", "EU"]].tolist() == ["s2", "s1", "s2"]


# ----------------------------------------------------------------------------- EquilibriumList
def test_equilibrium_list_html_shows_strategies_payoffs_regret():
    found = equilibria(hostile_game())
    text = found._repr_html_()
    assert HOSTILE not in text and "3 equilibria; the list is complete" in text
    rows = {row[1]: row for row in cells(text)}
    # zeros omitted; payoffs of the mixed one are 3/4 each
    assert rows["Open 0.75, Restrict 0.25"][2:6] == [f"Comply 0.25, {HOSTILE} 0.75", "0.75", "0.75",
                                                     format_cell(found[1].regret)]
    assert rows["Open 1"][2:4] == ["Comply 1", "3"] and rows["Open 1"][-2:] == ["vertex", "verified"]
    cut = EquilibriumList(list(found)[:1], complete=False, reason="time_limit")._repr_html_()
    assert "1 equilibrium; the list is incomplete (time_limit)" in cut


def test_equilibrium_list_to_pandas_round_trips(require_extra):
    pd = require_extra("pandas", "tables")
    found = equilibria(hostile_game())
    frame = found.to_pandas()
    assert list(frame.columns) == ["p_China_Open", "p_China_Restrict", f"p_{HOSTILE}_Comply",
                                   f"p_{HOSTILE}_{HOSTILE}", "payoff_China", f"payoff_{HOSTILE}", "regret", "method",
                                   "status", "pure"]
    for k, eq in enumerate(found):
        np.testing.assert_array_equal(frame.iloc[k, :4].to_numpy(float), np.concatenate(eq.strategies))
        np.testing.assert_array_equal(frame.iloc[k][["payoff_China", f"payoff_{HOSTILE}"]].to_numpy(float), eq.payoffs)
        assert frame.loc[k, "regret"] == eq.regret and frame.loc[k, "pure"] == eq.is_pure
    assert isinstance(frame["status"].dtype, pd.CategoricalDtype) and set(frame["status"]) == {"verified"}
    assert frame.attrs == {"complete": True, "reason": None}
    empty = EquilibriumList([], complete=False, reason="memory").to_pandas()
    assert len(empty) == 0 and empty.attrs["reason"] == "memory"


def test_extensive_equilibria_tabulate_by_information_set(require_extra):
    require_extra("pandas", "tables")
    from leverage.extensive import extensive_equilibria
    from leverage.extensive.tree import ExtensiveGame
    from leverage.nodes import Decision, Terminal

    tree = ExtensiveGame(Decision("China", {"Open": Terminal([1, 1]), "Restrict": Terminal([2, 0])}, infoset="C"),
                         players=("China", "US"))
    found = extensive_equilibria(tree)
    frame = found.to_pandas()
    assert frame.loc[0, "p_China_C:Restrict"] == 1.0 and frame.loc[0, "p_China_C:Open"] == 0.0
    assert frame.loc[0, "payoff_China"] == 2.0 and frame.loc[0, "payoff_US"] == 0.0
    assert cells(found._repr_html_())[0][1] == "C:Restrict 1"


# ----------------------------------------------------------------------------- ParameterSet
def test_parameter_set_html_marks_illustrative_and_escapes():
    text = hostile_parameters()._repr_html_()
    assert HOSTILE not in text and "2 parameters (1 illustrative)" in text
    assert cells(text) == [["rent", "1.25", "0.5", "2", "bn USD/yr", "USGS MCS 2025", "no"],
                           ["loss", "4", "2", "8", "bn USD/yr", HOSTILE, "yes (illustrative)"]]


def test_parameter_set_to_pandas_round_trips(require_extra):
    require_extra("pandas", "tables")
    ps = hostile_parameters().replace(rent=1 / 3 + 0.5)
    frame = ps.to_pandas()
    assert frame.index.name == "name" and frame.index.tolist() == ["rent", "loss"]
    assert list(frame.columns) == ["value", "low", "high", "unit", "source", "illustrative", "note"]
    for name, p in ps.items():
        assert (frame.loc[name, "value"], frame.loc[name, "low"], frame.loc[name, "high"]) == (p.value, p.low, p.high)
        assert frame.loc[name, "source"] == p.source and bool(frame.loc[name, "illustrative"]) == p.illustrative
    rebuilt = ParameterSet({k: Parameter(r.value, r.low, r.high, r.unit, r.source, illustrative=bool(r.illustrative))
                            for k, r in frame.iterrows()})
    assert rebuilt.defaults == ps.defaults and rebuilt.table_rows() == ps.table_rows()


# ----------------------------------------------------------------------------- Findings
def two_findings() -> Findings:
    flip = NearestFlip("discount", 0.4, 0.3125, -0.103, HOSTILE)
    return Findings([Finding("linkage", f"Linking {HOSTILE} sustains cooperation.", "linked", 0.078, 0.028, flip,
                             1.0, "low", ("discount",), 128),
                     Finding("race", "The race is won.", "won", 1.0, 0.0, None, None, "high", (), 64)])


def test_findings_are_a_tuple_of_findings_equal_to_a_list():
    found = two_findings()
    assert found == list(found) and found == tuple(found) and not found != list(found)
    assert found != list(found)[:1] and isinstance(found, tuple) and hash(found) == hash(tuple(found))
    with pytest.raises(TypeError, match=r"Findings\(\): item 1 must be a Finding; got str"):
        Findings([found[0], "x"])
    with pytest.raises(TypeError, match=r"Findings\(\): findings must be an iterable of Finding; got int"):
        Findings(3)


def test_findings_html_escapes_and_states_the_figures():
    found = two_findings()
    text = found._repr_html_()
    assert HOSTILE not in text
    first, second = cells(text)
    assert first == ["1", f"Linking {HOSTILE} sustains cooperation.", "low", "0.078 ± 0.028 (128 draws)",
                     f"discount from 0.4 to 0.3125 (-10.3% of its range) gives: {HOSTILE}", "1",
                     "discount (illustrative)"]
    assert second[3:] == ["1 ± 0 (64 draws)", "none: no one-parameter change overturns it", "", "none"]
    assert "confidence rule: high: robustness &gt;= 0.9" in text
    assert cells(found[0]._repr_html_()) == [first]


def test_findings_to_pandas_round_trips(require_extra):
    pd = require_extra("pandas", "tables")
    found = two_findings()
    frame = found.to_pandas()
    assert frame["robustness"].tolist() == [0.078, 1.0] and frame["draws"].tolist() == [128, 64]
    assert frame.loc[0, "flip_to"] == 0.3125 and frame.loc[0, "flip_result"] == HOSTILE
    assert np.isnan(frame.loc[1, "flip_to"]) and np.isnan(frame.loc[1, "illustrative_share"])
    assert frame["confidence"].cat.ordered and frame["confidence"].tolist() == ["low", "high"]
    assert frame["confidence"].min() == "low" and isinstance(frame["confidence"].dtype, pd.CategoricalDtype)
    assert frame.loc[0, "illustrative"] == "discount"


def test_flat_row_refuses_what_is_not_a_finding():
    from leverage.scenarios.findings_table import flat_row

    with pytest.raises(TypeError, match=r"flat_row\(\): finding must be a Finding; got dict"):
        flat_row({"name": "x"})


def test_helpers_refuse_bad_arguments(require_extra):
    from leverage.scenarios.findings import findings_html

    with pytest.raises(TypeError, match=r"require_module\(\): extra must be a non-empty string; got None"):
        require_module("pandas", None, "f()")
    with pytest.raises(TypeError, match=r"findings_html\(\): findings must be a sequence of Finding objects"):
        findings_html([1])
    require_extra("pandas", "tables")
    with pytest.raises(TypeError, match=r"categorical\(\): frame must be a pandas.DataFrame; got dict"):
        categorical({"regime": ["a"]})


def test_race_sweep_table_and_frame(require_extra):
    from leverage.results import SolverError
    from leverage.scenarios.race_sensitivity import RACE_REGIMES, RaceModel, race_sweep

    class Unsolved(RaceModel):  # the table is tested here, not the (slow) solves
        def outcome(self, **values: float):
            raise SolverError("not solved in this test")

    swept = race_sweep({"kind": "grid", "values": {"completion": [0.125, 0.5]}}, Unsolved(vary=("completion",)))
    rows = cells(swept._repr_html_())
    assert [r[:2] for r in rows] == [["0.125", "unsolved"], ["0.5", "unsolved"]] and rows[0][2:] == ["nan"] * 4
    pd = require_extra("pandas", "tables")
    frame = swept.to_pandas()
    assert frame["completion"].tolist() == [0.125, 0.5] and frame["regime"].tolist() == ["unsolved"] * 2
    assert isinstance(frame["regime"].dtype, pd.CategoricalDtype)
    assert list(frame["regime"].cat.categories) == list(RACE_REGIMES) and frame["years_below"].isna().all()
