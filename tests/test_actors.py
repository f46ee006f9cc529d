"""The actors and their sourced figures, checked against the published figures.

The published figures are restated below (``SHEET``), each keyed by the
statement it comes from, so the suite runs without the original tables. A
parameter added to :mod:`leverage.actors` without an entry here fails
:func:`test_every_parameter_is_a_published_figure`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import pytest
from hypothesis import given

from leverage import Parameter, ParameterSet
from leverage.actors import ACTORS, KINDS, Actor, actor, calibration, resource_states, sources
from leverage.testing.strategies import parameters

WORLD_KT = 390.0  # world rare-earth mine production, 2024, kt REO (USGS MCS 2025)

#: The source column of the published tables, verbatim.
SOURCE_COLUMN = (
    "USGS Mineral Commodity Summaries 2025",
    "USGS MCS 2025; China's 2024 mining quota was 270 kt",
    "USGS MCS 2025",
    "IEA Global Critical Minerals Outlook 2024; IEA commentary Oct 2025",
    "IEA commentary Oct 2025 (many sources say about 90%)",
    "IEA GCMO 2024",
    "Valori (2025), World Geostrategic Insights, 19 Mar 2025",
    "China customs via Adamas Intelligence, Jan 2025",
    "China customs via WSJ / Reuters",
    "Fastmarkets, Apr–Jun 2024",
    "Argus, Sep 2025",
    "Valori (2025), World Geostrategic Insights, 19 Mar 2025",
    "MP Materials press release; FAS, Jul 2025",
    "commentary 'Rare Earths and the Hard Edge of Interdependence' (2025)",
    "Regulation (EU) 2024/1252, Art. 5 (the 2023 proposal said 15% recycling: use 25%)",
    "Argus; JOGMEC",
    "Gholz and Hughes (2021), Review of International Political Economy 28(3)",
    "WTO panel report WT/DS431-433/R",
    "MOFCOM announcements; RFF Issue Brief 25-12",
    "Caixin commentary, 24 Jun 2025",
    "26 USC 30D(e)(1)(B)",
    "26 USC 30D; Public Law 119-21 (July 2025)",
)

# How a range was set: published with the figure, +/-20% where none is
# published (an assumption the note must state), or bracketing an
# approximate wording ("over", "up to", "about ... to ...").
PUBLISHED, ASSUMED, BRACKET = "published", "assumed", "bracket"


@dataclass(frozen=True)
class Figure:
    """One published figure: the parameter it calibrates, its value, range and source."""

    name: str
    value: float
    low: float
    high: float
    source: str
    range_rule: str
    derived: bool = False
    approximate: bool = False


def pm20(name, value, source, *, cap=None, **kw):
    """A figure published without a range: +/-20% around it."""
    high = value * 1.2 if cap is None else min(value * 1.2, cap)
    return Figure(name, value, value * 0.8, high, source, ASSUMED, **kw)


USGS = "USGS MCS 2025"
IEA = "IEA GCMO 2024"
MP = "MP Materials press release; FAS, Jul 2025"
VALORI = "Valori (2025), World Geostrategic Insights, 19 Mar 2025"
GHOLZ = "Gholz and Hughes (2021), Review of International Political Economy 28(3)"
CRMA = "Regulation (EU) 2024/1252, Art. 5"
WSJ = "China customs via WSJ / Reuters"
ADAMAS = "China customs via Adamas Intelligence, Jan 2025"
JAPAN = "Argus; JOGMEC"

#: Statement of the published tables -> the figures it calibrates.
SHEET: dict[str, tuple[Figure, ...]] = {
    "China mine production, 2024: 270,000 t (about 69% of world); range 60-70%": (
        Figure("china_mining_share", 270 / WORLD_KT, 0.60, 0.70,
               "USGS MCS 2025; China's 2024 mining quota was 270 kt", PUBLISHED, derived=True),
    ),
    "China's share of mining, IEA basis: 62% (2023), 54% projected for 2030; range 54-70%": (
        Figure("china_mining_share_iea", 0.62, 0.54, 0.70, IEA, PUBLISHED),
    ),
    "China's share of separation / refining: 91-92% (2023); range 85-95%": (
        Figure("china_separation_share", 0.91, 0.85, 0.95,
               "IEA Global Critical Minerals Outlook 2024; IEA commentary Oct 2025", PUBLISHED),
    ),
    "China's share of sintered NdFeB magnet making: about 94%; range 87-95%": (
        Figure("china_magnet_share", 0.94, 0.87, 0.95, "IEA commentary Oct 2025", PUBLISHED),
    ),
    "Reserves: China 44 Mt, Australia 5.7 Mt, Vietnam 3.5 Mt, US 1.9 Mt; no range": (
        pm20("china_rare_earth_reserves", 44.0, USGS),
        pm20("australia_rare_earth_reserves", 5.7, USGS),
        pm20("vietnam_rare_earth_reserves", 3.5, USGS),
        pm20("us_rare_earth_reserves", 1.9, USGS),
    ),
    "China's magnet exports, 2024: 58,152 t (US$2.86 bn); range 55-60 kt": (
        Figure("china_magnet_exports_2024", 58.152, 55.0, 60.0, ADAMAS, PUBLISHED),
        pm20("china_magnet_export_value_2024", 2.86, ADAMAS),
    ),
    "China's magnet exports under the 2025 licensing: May 2025 1,238 t (-74% y/y); July 2025 5,577 t": (
        pm20("china_magnet_exports_may_2025", 1.238, WSJ),
        pm20("china_magnet_export_fall_may_2025", 0.74, WSJ),
        pm20("china_magnet_exports_jul_2025", 5.577, WSJ),
    ),
    "NdPr oxide price, China FOB, mid-2024: US$50-55 per kg; range 45-90": (
        Figure("china_ndpr_price_fob", 52.5, 45.0, 90.0, "Fastmarkets, Apr–Jun 2024", PUBLISHED),
    ),
    "Fewer than 15% of China's magnet output is high-end": (
        Figure("china_high_end_magnet_share", 0.15, 0.12, 0.15, VALORI, BRACKET, approximate=True),
    ),
    "2010 episode: halt of about two months to Japan; quotas cut about 40%; "
    "dysprosium oxide US$91/kg (Jan 2009) to US$2,377/kg (Aug 2011)": (
        pm20("china_export_quota_cut_2010", 0.40, GHOLZ, approximate=True),
        pm20("china_japan_halt_2010", 2.0, GHOLZ, approximate=True),
        pm20("china_dysprosium_price_2009", 91.0, GHOLZ),
        pm20("china_dysprosium_price_2011", 2377.0, GHOLZ),
    ),
    "US mine production, 2024 (Mountain Pass): 45,000 t (about 11.5%); range 10-13%": (
        Figure("us_mining_share", 45 / WORLD_KT, 0.10, 0.13, USGS, PUBLISHED, derived=True),
    ),
    "US imports of rare-earth compounds and metals from China, 2020-23: about 70%; range 65-80%": (
        Figure("us_import_dependence_china", 0.70, 0.65, 0.80, USGS, PUBLISHED),
    ),
    "DoD - MP Materials, July 2025: US$400 m equity (about 15%), US$150 m loan, NdPr floor US$110/kg "
    "for 10 years, 100% offtake of a 10 kt/yr magnet plant": (
        pm20("us_ndpr_price_floor", 110.0, MP),
        pm20("us_price_floor_years", 10.0, MP),
        pm20("us_dod_equity", 400.0, MP),
        pm20("us_dod_equity_stake", 0.15, MP, approximate=True),
        pm20("us_dod_separation_loan", 150.0, MP),
        pm20("us_magnet_plant_capacity", 10.0, MP),
        pm20("us_magnet_plant_offtake", 1.0, MP, cap=1.0),
    ),
    "Apple - MP Materials: US$500 m for US-made magnets and recycling": (
        pm20("us_apple_magnet_commitment", 500.0,
             "commentary 'Rare Earths and the Hard Edge of Interdependence' (2025)"),
    ),
    "IRA sourcing rule: at least 40% of critical minerals from the US or partners (2023), rising 10 points "
    "a year to an 80% cap (2027); 26 USC 30D(e)(1)(B)": (
        Figure("us_ira_sourcing_share", 0.40, 0.40, 0.80, "26 USC 30D(e)(1)(B)", PUBLISHED),
        pm20("us_ira_sourcing_step", 0.10, "26 USC 30D(e)(1)(B)"),
    ),
    "IRA foreign-entity rule: EV tax credits (US$7,500 per vehicle) excluded; the credit ended for vehicles "
    "acquired after 30 September 2025 (Public Law 119-21)": (
        Figure("us_ev_tax_credit", 0.0, 0.0, 7500.0, "26 USC 30D; Public Law 119-21 (July 2025)", PUBLISHED),
    ),
    "Other mine producers, 2024: Myanmar 31 kt; range +/-20%": (
        Figure("myanmar_mining_share", 31 / WORLD_KT, 0.8 * 31 / WORLD_KT, 1.2 * 31 / WORLD_KT,
               USGS, PUBLISHED, derived=True),
    ),
    "Canada: Saskatchewan processing centre moving towards 1,000 t/yr of NdPr (Caixin, Jun 2025)": (
        pm20("canada_ndpr_processing_target", 1.0, "Caixin commentary, 24 Jun 2025"),
    ),
    "Kazakhstan: about 40% of uranium (approximate: confirm)": (
        pm20("kazakhstan_uranium_mining_share", 0.40, USGS, approximate=True),
    ),
    "EU CRMA 2030 benchmarks: at least 10% extracted, 40% processed, 25% recycled; "
    "at most 65% from one third country": (
        pm20("eu_crma_extraction_benchmark", 0.10, CRMA),
        pm20("eu_crma_processing_benchmark", 0.40, CRMA),
        pm20("eu_crma_recycling_benchmark", 0.25, CRMA),
        pm20("eu_crma_single_supplier_cap", 0.65, CRMA),
    ),
    "NdPr oxide price, Europe, Sep 2025: US$82.5-85 per kg": (
        pm20("eu_ndpr_price_europe", (82.5 + 85.0) / 2, "Argus, Sep 2025"),
    ),
    "Japan's dependence on Chinese rare earths: about 90% in 2010, about 60-70% now": (
        Figure("japan_import_dependence_china", 0.65, 0.60, 0.70, JAPAN, BRACKET, approximate=True),
        pm20("japan_import_dependence_china_2010", 0.90, JAPAN, cap=1.0, approximate=True),
    ),
    "Japan's patents: licence fees up to 30% of some Chinese firms' overseas magnet sales": (
        Figure("japan_patent_fee_share", 0.30, 0.24, 0.30, VALORI, BRACKET, approximate=True),
    ),
    "Other mine producers, 2024: Australia 13 kt, Vietnam about 0.3 kt; range +/-20%": (
        Figure("australia_mining_share", 13 / WORLD_KT, 0.8 * 13 / WORLD_KT, 1.2 * 13 / WORLD_KT,
               USGS, PUBLISHED, derived=True),
        Figure("vietnam_mining_share", 0.3 / WORLD_KT, 0.8 * 0.3 / WORLD_KT, 1.2 * 0.3 / WORLD_KT,
               USGS, PUBLISHED, derived=True),
    ),
    "Australia: over a third of lithium (approximate: confirm)": (
        Figure("australia_lithium_mining_share", 1 / 3, 1 / 3, 0.40, USGS, BRACKET, approximate=True),
    ),
    "Indonesia: about half to two thirds of mined nickel (approximate: confirm)": (
        Figure("indonesia_nickel_mining_share", 7 / 12, 0.5, 2 / 3, USGS, BRACKET, derived=True,
               approximate=True),
    ),
    "Malaysia's share of refined rare earths: 5% (2023), 12% projected for 2030; range 4-12%": (
        Figure("malaysia_separation_share", 0.05, 0.04, 0.12, IEA, PUBLISHED),
        Figure("malaysia_separation_share_2030", 0.12, 0.04, 0.12, IEA, PUBLISHED),
    ),
    "Chile: about a quarter of copper and of lithium (approximate: confirm)": (
        pm20("chile_copper_mining_share", 0.25, USGS, approximate=True),
        pm20("chile_lithium_mining_share", 0.25, USGS, approximate=True),
    ),
    "DR Congo: about three quarters of mined cobalt (approximate: confirm)": (
        pm20("dr_congo_cobalt_mining_share", 0.75, USGS, approximate=True),
    ),
}

FIGURES = {f.name: f for figures in SHEET.values() for f in figures}

REQUIRED = {
    "china": ("China", "producer"),
    "us": ("United States", "consumer"),
    "eu": ("European Union", "consumer"),
    "japan": ("Japan", "consumer"),
    "australia": ("Australia", "resource state"),
    "indonesia": ("Indonesia", "resource state"),
    "malaysia": ("Malaysia", "resource state"),
    "chile": ("Chile", "resource state"),
    "dr_congo": ("DR Congo", "resource state"),
    "vietnam": ("Vietnam", "resource state"),
    "myanmar": ("Myanmar", "resource state"),
    "canada": ("Canada", "resource state"),
    "kazakhstan": ("Kazakhstan", "resource state"),
}


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


# -- every number is a published figure ---------------------------------------------


def test_sheet_restates_each_figure_once():
    names = [f.name for figures in SHEET.values() for f in figures]
    assert len(names) == len(set(names))


def test_every_parameter_is_a_published_figure():
    ps = calibration()
    assert len(ps) == len(FIGURES), sorted(set(ps) ^ set(FIGURES))
    for name, expected in zip(sorted(ps), sorted(FIGURES), strict=True):
        assert name == expected
        p, f = ps[name], FIGURES[name]
        assert close(p.value, f.value), (name, p.value, f.value)
        assert close(p.low, f.low) and close(p.high, f.high), (name, p.range, (f.low, f.high))
        assert p.source == f.source, name


def test_every_source_is_cited_as_published():
    for name, p in calibration().items():
        assert p.source.strip(), name
        assert any(p.source in cell for cell in SOURCE_COLUMN), (name, p.source)


def test_notes_say_how_each_range_and_value_was_set():
    for name, p in calibration().items():
        f = FIGURES[name]
        assert p.note, name
        if f.range_rule == ASSUMED:
            assert "+/-20%" in p.note and "assumed" in p.note, name
        if f.range_rule == BRACKET and not f.derived:
            assert "range" in p.note, name
        if f.derived:
            assert "derived" in p.note, name
        if f.approximate:
            assert "approximate" in p.note, name


def test_resource_state_commodity_shares_are_flagged_approximate():
    for a in resource_states():
        for name, p in a.parameters.items():
            if name.endswith("_mining_share") and name != "mining_share":
                assert "approximate" in p.note and "USGS MCS 2025" in p.note, (a.key, name)


def test_values_lie_in_their_ranges_and_shares_in_unit_interval():
    for name, p in calibration().items():
        assert p.low <= p.value <= p.high, name
        assert p.low < p.high, name  # every figure can be swept
        assert p.source.strip() and p.unit.strip(), name
        if p.unit == "share":
            assert 0.0 <= p.low and p.high <= 1.0, name


# -- facts the figures must respect ---------------------------------------------------


def test_china_separation_share_exceeds_its_mining_share_across_both_ranges():
    china = ACTORS["china"].parameters
    for mining in ("mining_share", "mining_share_iea"):
        assert china["separation_share"].value > china[mining].value
        assert china["separation_share"].low > china[mining].high  # a chokepoint in every draw
    assert china["magnet_share"].low > china["mining_share"].high


def mining_shares(values: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in values.items() if k.endswith("_mining_share") and
            k.removesuffix("_mining_share") in ACTORS}


def test_rare_earth_mining_shares_of_the_producers_sum_to_at_most_one():
    ps = calibration()
    shares = mining_shares(ps.defaults)
    assert set(shares) == {"china_mining_share", "us_mining_share", "australia_mining_share",
                           "vietnam_mining_share", "myanmar_mining_share"}
    assert sum(shares.values()) <= 1.0
    assert sum(ps[k].high for k in shares) <= 1.0


def test_calibrated_separation_shares_sum_to_at_most_one():
    ps = calibration()
    assert ps["china_separation_share"].value + ps["malaysia_separation_share"].value <= 1.0


def test_japan_dependence_fell_after_2010():
    japan = ACTORS["japan"].parameters
    assert japan["import_dependence_china"].value < japan["import_dependence_china_2010"].value


def test_price_floor_lies_above_china_price_range():
    assert ACTORS["us"].parameters["ndpr_price_floor"].value > ACTORS["china"].parameters["ndpr_price_fob"].high


@given(parameters(calibration()))
def test_any_draw_from_the_calibration_is_a_valid_point(values):
    ps = calibration()
    checked = ps.check_values(values, "test")
    assert set(checked) == set(ps)
    assert values["china_separation_share"] > values["china_mining_share"]
    assert sum(mining_shares(values).values()) <= 1.0


@given(parameters(calibration(["japan", "us"])))
def test_any_draw_of_some_actors_fits_the_full_calibration(values):
    calibration().check_values(values, "test")


# -- the actors -------------------------------------------------------------------------


def test_every_required_actor_exists_with_its_name_and_kind():
    for key, (name, kind) in REQUIRED.items():
        a = ACTORS[key]
        assert (a.key, a.name, a.kind) == (key, name, kind)
    assert list(ACTORS)[:4] == ["china", "us", "eu", "japan"]


def test_every_actor_has_parameters_levers_and_a_note():
    for a in ACTORS.values():
        assert a.kind in KINDS
        assert len(a.parameters) >= 1 and len(a.levers) >= 1 and a.note, a.key
        assert all(isinstance(lever, str) and lever.strip() for lever in a.levers)
        assert all(name.isidentifier() for name in a.parameters), a.key


def test_resource_states_are_the_resource_state_actors_in_order():
    states = resource_states()
    assert [a.key for a in states] == ["australia", "indonesia", "malaysia", "chile", "dr_congo", "vietnam",
                                       "myanmar", "canada", "kazakhstan"]
    assert all(a.kind == "resource state" for a in states)
    assert {a.key for a in ACTORS.values() if a.kind == "resource state"} == {a.key for a in states}


def test_levers_name_the_resource_state_instruments():
    def levers(key):
        return " ".join(ACTORS[key].levers).lower()

    assert "ore export ban" in levers("indonesia") and "2020" in levers("indonesia")
    assert "mt weld" in levers("australia")
    assert "kuantan" in levers("malaysia")
    assert "lithium" in levers("chile")
    assert "cobalt" in levers("dr_congo")
    assert "patent" in levers("japan")
    assert "price floor" in levers("us")
    assert "licence" in levers("china")


def test_actors_mapping_is_read_only():
    with pytest.raises(TypeError):
        ACTORS["atlantis"] = ACTORS["china"]  # type: ignore[index]


def test_actor_is_frozen_and_hashable():
    a = ACTORS["china"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.name = "PRC"  # type: ignore[misc]
    assert len({a, ACTORS["china"], ACTORS["us"]}) == 2


# -- lookups ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, key",
    [
        ("china", "china"), ("CHINA", "china"), ("China", "china"),
        ("us", "us"), ("US", "us"), ("United States", "us"), ("united states", "us"),
        ("EU", "eu"), ("european union", "eu"), ("JAPAN", "japan"),
        ("DR Congo", "dr_congo"), ("dr_congo", "dr_congo"), ("DR-CONGO", "dr_congo"),
        ("  Vietnam ", "vietnam"), ("malaysia", "malaysia"),
    ],
)
def test_lookup_by_name_or_key_ignores_case(query, key):
    assert actor(query) is ACTORS[key]


def test_lookup_of_every_actor_by_its_own_name_and_key():
    for a in ACTORS.values():
        assert actor(a.name) is a and actor(a.key) is a and actor(a.name.upper()) is a and actor(a) is a


def test_unknown_actor_raises_key_error_naming_function_and_listing_known_actors():
    with pytest.raises(KeyError) as info:
        actor("Atlantis")
    message = str(info.value)
    assert "actor()" in message and "'Atlantis'" in message
    for a in ACTORS.values():
        assert a.name in message and a.key in message


def test_lookup_rejects_non_strings():
    with pytest.raises(TypeError, match=r"actor\(\): name_or_key"):
        actor(3)  # type: ignore[arg-type]


# -- calibration() and sources() --------------------------------------------------------


def test_calibration_names_are_unique_prefixed_identifiers():
    ps = calibration()
    assert isinstance(ps, ParameterSet)
    names = list(ps)
    assert len(names) == len(set(names)) == sum(len(a.parameters) for a in ACTORS.values())
    for a in ACTORS.values():
        for name, p in a.parameters.items():
            full = f"{a.key}_{name}"
            assert full.isidentifier()
            assert ps[full] is p


def test_calibration_named_examples():
    ps = calibration()
    assert ps["china_separation_share"].value == pytest.approx(0.91)
    assert ps["us_import_dependence_china"].value == pytest.approx(0.70)
    assert ps["us_ndpr_price_floor"].value == pytest.approx(110.0)


def test_calibration_of_some_actors_keeps_their_order():
    ps = calibration(["Japan", "china"])
    assert ps.names[0].startswith("japan_")
    assert {n.split("_")[0] for n in ps} == {"japan", "china"}
    assert calibration("us").names == ACTORS["us"].prefixed().names


@pytest.mark.parametrize(
    "keys, error, text",
    [
        (["china", "China"], ValueError, "twice"),
        ([], ValueError, "empty"),
        (["atlantis"], KeyError, "atlantis"),
        ([3], TypeError, "keys"),
        (3, TypeError, "keys"),
    ],
)
def test_calibration_rejects_bad_keys_naming_the_function(keys, error, text):
    with pytest.raises(error) as info:
        calibration(keys)
    assert "calibration()" in str(info.value) and text in str(info.value)


def test_sources_pairs_each_parameter_with_its_citation():
    pairs = sources()
    ps = calibration()
    assert [name for name, _ in pairs] == list(ps)
    assert all(src == ps[name].source for name, src in pairs)
    assert sources(["dr_congo"]) == [("dr_congo_cobalt_mining_share", "USGS MCS 2025")]


# -- Actor validation ---------------------------------------------------------------------


def small_set() -> ParameterSet:
    return ParameterSet(tin_share=Parameter(0.3, 0.2, 0.4, "share", "illustrative"))


@pytest.mark.parametrize(
    "kwargs, error, text",
    [
        (dict(name=""), ValueError, "name"),
        (dict(key="Ruritania"), ValueError, "key"),
        (dict(key="ruri tania"), ValueError, "key"),
        (dict(kind="empire"), ValueError, "kind"),
        (dict(parameters={"tin_share": 0.3}), TypeError, "parameters"),
        (dict(levers="tin ban"), TypeError, "levers"),
        (dict(levers=("",)), ValueError, "lever"),
    ],
)
def test_actor_rejects_bad_fields_naming_the_field(kwargs, error, text):
    fields = dict(name="Ruritania", key="ruritania", kind="resource state", parameters=small_set(),
                  levers=("tin ore export ban",))
    fields.update(kwargs)
    with pytest.raises(error, match=text) as info:
        Actor(**fields)
    assert "Actor()" in str(info.value)


def test_actor_accepts_a_list_of_levers_and_stores_a_tuple():
    a = Actor("Ruritania", "ruritania", "resource state", small_set(), levers=["tin ore export ban"])
    assert a.levers == ("tin ore export ban",)
