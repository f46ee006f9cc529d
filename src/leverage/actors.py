"""The actors of the critical-minerals negotiations and their sourced figures.

Each :class:`Actor` -- China, the United States, the European Union, Japan and
the resource states (Australia, Indonesia, Malaysia, Chile, DR Congo,
Vietnam, Myanmar, Canada, Kazakhstan) -- carries a :class:`~leverage.ParameterSet` of calibrated figures
(shares of rare-earth mining, separation and magnet making, import dependence,
alternative capacity, price anchors, policy targets, resource-state levers)
and a tuple of the levers it can pull in a negotiation.

Every figure is a :class:`~leverage.Parameter` whose ``source`` is the
citation of the published figure and whose range is the published range where
there is one. Where no range is published with a figure, the range is +/-20%
around it and the note says so; a share's range is capped at 1. Where the
figure is approximate ("about", "over", "up to"), the note says
"approximate" and the range brackets the wording. Derived figures (a share
computed from tonnages) say in their note how they are derived.

The market-wide figures (world mine production, 390 kt REO in 2024; magnet
rare-earth demand; magnet cost per EV motor) are not an actor's and enter the
scenarios directly. No sourced figure is available for stockpiles or for the
EU's import dependence on China, so none is given.

Public API
----------
- :data:`ACTORS`: an ordered, read-only mapping of keys to actors;
- :func:`actor`: look an actor up by name or key, case-insensitively;
- :func:`resource_states`: the resource-state actors;
- :func:`calibration`: all (or some) actors' parameters in one
  :class:`~leverage.ParameterSet`, names prefixed by the actor's key;
- :func:`sources`: ``(parameter name, source)`` pairs, for a table of
  citations.

References
----------
- U.S. Geological Survey (2025), Mineral Commodity Summaries 2025
  (cited as "USGS MCS 2025").
- International Energy Agency (2024), Global Critical Minerals
  Outlook 2024 (cited as "IEA GCMO 2024").
- Gholz, E. and Hughes, L. (2021), Market structure and economic
  sanctions: the 2010 rare earth elements episode as a pathway case of market
  adjustment, Review of International Political Economy 28(3).
- Valori, G. E. (2025), Rare Earths' Global Geopolitical and
  Economic Importance, World Geostrategic Insights, 19 March 2025 (cited as
  "Valori (2025), World Geostrategic Insights, 19 Mar 2025").
- Regulation (EU) 2024/1252 (Critical Raw Materials Act), Art. 5.

Examples
--------
>>> from leverage.actors import ACTORS, actor, calibration
>>> list(ACTORS)[:4]
['china', 'us', 'eu', 'japan']
>>> china = actor("China")
>>> china.parameters["separation_share"].value
0.91
>>> china.parameters["separation_share"].source
'IEA Global Critical Minerals Outlook 2024; IEA commentary Oct 2025'
>>> round(calibration()["us_mining_share"].value, 3)  # 45 kt of 390 kt
0.115
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from leverage.checks import UnknownNameError
from leverage.parameters import Parameter, ParameterSet

__all__ = [
    "Actor",
    "ACTORS",
    "KINDS",
    "actor",
    "resource_states",
    "calibration",
    "sources",
]

#: The kinds of actor.
KINDS = ("producer", "consumer", "resource state")

# -- citations, verbatim -----------------------------------------------------
_USGS = "USGS MCS 2025"
_USGS_CHINA = "USGS MCS 2025; China's 2024 mining quota was 270 kt"
_IEA_SEPARATION = "IEA Global Critical Minerals Outlook 2024; IEA commentary Oct 2025"
_IEA_MAGNETS = "IEA commentary Oct 2025"
_IEA_GCMO = "IEA GCMO 2024"
_ADAMAS = "China customs via Adamas Intelligence, Jan 2025"
_CUSTOMS_2025 = "China customs via WSJ / Reuters"
_FASTMARKETS = "Fastmarkets, Apr–Jun 2024"
_ARGUS = "Argus, Sep 2025"
_MP_DEAL = "MP Materials press release; FAS, Jul 2025"
_APPLE = "commentary 'Rare Earths and the Hard Edge of Interdependence' (2025)"
_CRMA = "Regulation (EU) 2024/1252, Art. 5"
_JAPAN_DEPENDENCE = "Argus; JOGMEC"
_GHOLZ = "Gholz and Hughes (2021), Review of International Political Economy 28(3)"
_VALORI = "Valori (2025), World Geostrategic Insights, 19 Mar 2025"
_IRA_30D = "26 USC 30D(e)(1)(B)"
_PL_119_21 = "26 USC 30D; Public Law 119-21 (July 2025)"
_CAIXIN = "Caixin commentary, 24 Jun 2025"

#: World rare-earth mine production, 2024, kt REO (USGS MCS 2025): the
#: denominator of the mining shares derived from tonnages.
_WORLD_MINING_KT = 390.0

_PLUS_MINUS_20 = "range +/-20% (assumed: no range is published with the figure)"


def _p(value: float, low: float, high: float, unit: str, source: str, note: str) -> Parameter:
    return Parameter(value, low, high, unit, source, note=note)


def _pm20(value: float, unit: str, source: str, note: str, *, cap: float | None = None) -> Parameter:
    """A figure published without a range: +/-20% around it (capped at ``cap``)."""
    high = value * 1.2 if cap is None else min(value * 1.2, cap)
    suffix = _PLUS_MINUS_20 if cap is None or high == value * 1.2 else f"{_PLUS_MINUS_20}, capped at {cap:g}"
    return Parameter(value, value * 0.8, high, unit, source, note=f"{note}; {suffix}")


def _mining_share(kt: float, who: str, *, low: float | None = None, high: float | None = None,
                  source: str = _USGS, stated: str = "") -> Parameter:
    """Share of world rare-earth mine production derived from a 2024 tonnage."""
    value = kt / _WORLD_MINING_KT
    derived = (f"share of world rare-earth mine production, 2024: {who} {kt:g} kt of "
               f"{_WORLD_MINING_KT:g} kt REO (derived: {kt:g}/{_WORLD_MINING_KT:g} = {value:.4g}{stated})")
    if low is None or high is None:
        return Parameter(value, 0.8 * value, 1.2 * value, "share", source,
                         note=f"{derived}; range: the tonnage +/-20% as published, world total held fixed")
    return Parameter(value, low, high, "share", source, note=f"{derived}; published range")


@dataclass(frozen=True)
class Actor:
    """A party to the negotiations, with its sourced figures and its levers.

    Parameters
    ----------
    name : str
        Display name, for example ``"China"``.
    key : str
        Short lowercase Python identifier, for example ``"china"``; prefixes
        the actor's parameter names in :func:`calibration`.
    kind : {"producer", "consumer", "resource state"}
        The actor's role in the rare-earth chain.
    parameters : ParameterSet
        The actor's calibrated figures (names are Python identifiers).
    levers : tuple of str
        What the actor can use in a negotiation, in short texts.
    note : str
        The actor's position in one or two sentences.

    Raises
    ------
    TypeError
        If a field has the wrong type.
    ValueError
        If the name is empty, the key is not a lowercase identifier, the kind
        is unknown or a lever is empty.

    Examples
    --------
    >>> from leverage import Parameter, ParameterSet
    >>> a = Actor("Ruritania", "ruritania", "resource state",
    ...           ParameterSet(tin_share=Parameter(0.3, 0.2, 0.4, "share", "illustrative")),
    ...           levers=("tin ore export ban",))
    >>> a.values
    {'tin_share': 0.3}
    >>> a.prefixed().names
    ('ruritania_tin_share',)
    """

    name: str
    key: str
    kind: str
    parameters: ParameterSet = field(hash=False)
    levers: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        caller = "Actor()"
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"{caller}: name must be a non-empty string; got {self.name!r}")
        if not isinstance(self.key, str) or not self.key.isidentifier() or self.key != self.key.lower():
            raise ValueError(f"{caller}: key must be a lowercase Python identifier; got {self.key!r}")
        if not isinstance(self.kind, str) or self.kind not in KINDS:
            raise ValueError(f"{caller}: kind must be one of {', '.join(map(repr, KINDS))}; got {self.kind!r}")
        if not isinstance(self.parameters, ParameterSet):
            raise TypeError(
                f"{caller}: parameters must be a ParameterSet; got {type(self.parameters).__name__}"
            )
        if isinstance(self.levers, str) or not isinstance(self.levers, Iterable):
            raise TypeError(f"{caller}: levers must be a sequence of strings; got {self.levers!r}")
        levers = tuple(self.levers)
        for lever in levers:
            if not isinstance(lever, str) or not lever.strip():
                raise ValueError(f"{caller}: each lever must be a non-empty string; got {lever!r}")
        object.__setattr__(self, "levers", levers)
        if not isinstance(self.note, str):
            raise TypeError(f"{caller}: note must be a string; got {self.note!r}")

    @property
    def values(self) -> dict[str, float]:
        """Calibrated values as a ``{name: value}`` dict (unprefixed names)."""
        return self.parameters.defaults

    def prefixed(self) -> ParameterSet:
        """The actor's parameters with names prefixed by ``key + "_"``.

        Examples
        --------
        >>> ACTORS["us"].prefixed()["us_ndpr_price_floor"].value
        110.0
        """
        return ParameterSet({f"{self.key}_{name}": p for name, p in self.parameters.items()})


# -- China ---------------------------------------------------------------------

_CHINA = Actor(
    name="China",
    key="china",
    kind="producer",
    parameters=ParameterSet(
        mining_share=_mining_share(270.0, "China", low=0.60, high=0.70, source=_USGS_CHINA,
                                   stated="; 'about 69%'"),
        mining_share_iea=_p(0.62, 0.54, 0.70, "share", _IEA_GCMO,
                            "share of rare-earth mining on the IEA's basis, 2023; the IEA projects 54% for "
                            "2030, the low end of the published range"),
        separation_share=_p(0.91, 0.85, 0.95, "share", _IEA_SEPARATION,
                            "share of rare-earth separation and refining, 91-92% in 2023 (the lower figure "
                            "is used); published range"),
        magnet_share=_p(0.94, 0.87, 0.95, "share", _IEA_MAGNETS,
                        "share of sintered NdFeB magnet making, about 94% (many sources say about 90%); "
                        "published range"),
        rare_earth_reserves=_pm20(44.0, "Mt REO", _USGS,
                                  "rare-earth reserves; world reserves over 90 Mt"),
        magnet_exports_2024=_p(58.152, 55.0, 60.0, "kt", _ADAMAS,
                               "rare-earth magnet exports in 2024 (58,152 t, worth US$2.86 bn); published range"),
        magnet_export_value_2024=_pm20(2.86, "USD bn", _ADAMAS, "value of rare-earth magnet exports in 2024"),
        magnet_exports_may_2025=_pm20(1.238, "kt", _CUSTOMS_2025,
                                      "magnet exports in May 2025 (1,238 t) under the April 2025 licensing"),
        magnet_export_fall_may_2025=_pm20(0.74, "share", _CUSTOMS_2025,
                                          "year-on-year fall of magnet exports in May 2025 (-74%) under "
                                          "the April 2025 licensing"),
        magnet_exports_jul_2025=_pm20(5.577, "kt", _CUSTOMS_2025,
                                      "magnet exports in July 2025 (5,577 t), as licences were granted"),
        ndpr_price_fob=_p(52.5, 45.0, 90.0, "USD/kg", _FASTMARKETS,
                          "NdPr oxide price, China FOB, mid-2024: US$50-55/kg (midpoint 52.5); "
                          "published range US$45-90/kg"),
        high_end_magnet_share=_p(0.15, 0.12, 0.15, "share", _VALORI,
                                 "approximate: share of China's magnet output that is high-end, 'fewer than "
                                 "15%'; the stated bound is the value, range down 20% from it (assumed)"),
        export_quota_cut_2010=_pm20(0.40, "share", _GHOLZ,
                                    "approximate: cut in China's rare-earth export quotas in 2010, 'about 40%'"),
        japan_halt_2010=_pm20(2.0, "months", _GHOLZ,
                              "approximate: unannounced halt of rare-earth shipments to Japan from "
                              "September 2010, 'about two months'"),
        dysprosium_price_2009=_pm20(91.0, "USD/kg", _GHOLZ,
                                    "dysprosium oxide price, January 2009, before the 2010 episode"),
        dysprosium_price_2011=_pm20(2377.0, "USD/kg", _GHOLZ,
                                    "dysprosium oxide price, August 2011, after the 2010 episode"),
    ),
    levers=(
        "export licences for Sm, Gd, Tb, Dy, Lu, Sc, Y and magnets containing them (from 4 Apr 2025)",
        "gallium and germanium export licences (from Aug 2023)",
        "speed of licence approvals (faster for non-military US firms after the June 2025 London talks)",
        "October 2025 expansion: more elements, technologies, an extraterritorial rule "
        "(reported suspended for a year after 30 Oct 2025)",
        "export quotas (cut about 40% in 2010; replaced by licences after WTO DS431/432/433, Jan 2015)",
        "unannounced halts (Japan, September 2010)",
        "mining quota (270 kt in 2024)",
        "low prices that marginalise competitors' mines and separators",
    ),
    note=(
        "Mines about two thirds of the world's rare earths but separates over 90% and makes about 94% of "
        "sintered NdFeB magnets: the processing chokepoint. Exposed to counter-coercion through its own "
        "imports of iron ore, copper, lithium, nickel and bauxite, and its dependence on Western markets, "
        "lithography and aircraft engines."
    ),
)

# -- United States --------------------------------------------------------------

_US = Actor(
    name="United States",
    key="us",
    kind="consumer",
    parameters=ParameterSet(
        mining_share=_mining_share(45.0, "Mountain Pass", low=0.10, high=0.13, stated="; 'about 11.5%'"),
        import_dependence_china=_p(0.70, 0.65, 0.80, "share", _USGS,
                                   "share of US imports of rare-earth compounds and metals from China, "
                                   "2020-23, 'about 70%'; published range"),
        rare_earth_reserves=_pm20(1.9, "Mt REO", _USGS, "rare-earth reserves"),
        ndpr_price_floor=_pm20(110.0, "USD/kg", _MP_DEAL,
                               "NdPr price floor guaranteed by the Department of Defense to MP Materials "
                               "for 10 years (July 2025); the range covers counterfactual floors"),
        price_floor_years=_pm20(10.0, "years", _MP_DEAL, "term of the NdPr price floor"),
        dod_equity=_pm20(400.0, "USD m", _MP_DEAL,
                         "Department of Defense preferred equity in MP Materials (July 2025)"),
        dod_equity_stake=_pm20(0.15, "share", _MP_DEAL,
                               "approximate: the Department of Defense's stake in MP Materials, 'about 15%', "
                               "making it the largest shareholder"),
        dod_separation_loan=_pm20(150.0, "USD m", _MP_DEAL,
                                  "Department of Defense loan to MP Materials for heavy rare-earth separation"),
        magnet_plant_capacity=_pm20(10.0, "kt/yr", _MP_DEAL,
                                    "capacity of the MP Materials magnet plant commissioning about 2028"),
        magnet_plant_offtake=_pm20(1.0, "share", _MP_DEAL,
                                   "share of that plant's output the Department of Defense takes (100%)",
                                   cap=1.0),
        apple_magnet_commitment=_pm20(500.0, "USD m", _APPLE,
                                      "Apple's commitment to MP Materials for US-made magnets and recycling"),
        ira_sourcing_share=_p(0.40, 0.40, 0.80, "share", _IRA_30D,
                              "Inflation Reduction Act (26 USC 30D(e)(1)(B)): share of critical minerals "
                              "from the US or free-trade partners required for the clean-vehicle credit, at "
                              "least 40% for 2023, rising 10 points a year to an 80% cap (2027); published "
                              "range 40-80% (the Valori (2025) seed article names the rule, not the figures)"),
        ira_sourcing_step=_pm20(0.10, "share/yr", _IRA_30D,
                                "yearly rise of the Inflation Reduction Act sourcing requirement (10 points)"),
        ev_tax_credit=_p(0.0, 0.0, 7500.0, "USD/vehicle", _PL_119_21,
                         "clean-vehicle credit (26 USC 30D), up to US$7,500 per vehicle and excluded when "
                         "critical minerals come from a 'foreign entity of concern'; ended for vehicles "
                         "acquired after 30 September 2025 by Public Law 119-21 (July 2025), so 0 now; "
                         "published range 0 to the former US$7,500 maximum"),
    ),
    levers=(
        "NdPr price floor (US$110/kg for 10 years, Department of Defense - MP Materials)",
        "equity, loans and 100% offtake for domestic separation and magnet plants",
        "Inflation Reduction Act sourcing rule (40% rising to an 80% cap); the foreign-entity exclusion from the "
        "US$7,500 EV credit, until that credit ended for vehicles acquired after 30 Sep 2025",
        "tariffs of about 25-30% on Chinese lithium, cobalt and batteries",
        "technology export controls (flexibility offered in the June 2025 London talks)",
        "Minerals Security Partnership with allies",
        "private offtake (Apple - MP Materials, US$500 m)",
    ),
    note=(
        "Mines about 11.5% of the world's rare earths (Mountain Pass) yet takes about 70% of its rare-earth "
        "compounds and metals from China: mining without separation is not supply security. No sourced "
        "stockpile figure is available, so none is given."
    ),
)

# -- European Union ---------------------------------------------------------------

_EU = Actor(
    name="European Union",
    key="eu",
    kind="consumer",
    parameters=ParameterSet(
        crma_extraction_benchmark=_pm20(0.10, "share", _CRMA,
                                        "Critical Raw Materials Act 2030 benchmark: at least 10% of EU "
                                        "consumption of each strategic raw material extracted in the EU"),
        crma_processing_benchmark=_pm20(0.40, "share", _CRMA,
                                        "Critical Raw Materials Act 2030 benchmark: at least 40% processed "
                                        "in the EU"),
        crma_recycling_benchmark=_pm20(0.25, "share", _CRMA,
                                       "Critical Raw Materials Act 2030 benchmark: at least 25% from "
                                       "recycling (the 2023 proposal said 15%; the Regulation says 25%)"),
        crma_single_supplier_cap=_pm20(0.65, "share", _CRMA,
                                       "Critical Raw Materials Act 2030 benchmark: at most 65% of any "
                                       "strategic raw material from one third country"),
        ndpr_price_europe=_pm20(83.75, "USD/kg", _ARGUS,
                                "NdPr oxide price, Europe, September 2025: US$82.5-85/kg (midpoint 83.75)"),
    ),
    levers=(
        "Critical Raw Materials Act 2030 benchmarks: 10% extracted, 40% processed, 25% recycled in the EU; "
        "at most 65% from one third country",
        "access to the single market in trade negotiations",
        "partnerships with resource states naming critical minerals (e.g. Chile)",
        "recycling and heavy-rare-earth separation (the France-Japan recycling plant)",
        "Minerals Security Partnership membership",
        "co-financing of Lynas's Malaysian plant (2012, with the US, Japan and Australia)",
    ),
    note=(
        "A large automotive and wind industry with little domestic mining. No sourced figure for the EU's "
        "import dependence on China is available, so none is given: the 65% single-supplier cap is the "
        "anchor."
    ),
)

# -- Japan ---------------------------------------------------------------------------

_JAPAN = Actor(
    name="Japan",
    key="japan",
    kind="consumer",
    parameters=ParameterSet(
        import_dependence_china=_p(0.65, 0.60, 0.70, "share", _JAPAN_DEPENDENCE,
                                   "approximate: Japan's dependence on Chinese rare earths now, 'about "
                                   "60-70%' (midpoint 0.65); the range is the stated span"),
        import_dependence_china_2010=_pm20(0.90, "share", _JAPAN_DEPENDENCE,
                                           "approximate: Japan's dependence on Chinese rare earths in 2010, "
                                           "'about 90%'", cap=1.0),
        patent_fee_share=_p(0.30, 0.24, 0.30, "share", _VALORI,
                            "approximate: licence fees paid for Japanese NdFeB patents (Hitachi), 'up to 30%' "
                            "of some Chinese firms' overseas magnet sales; the stated maximum is the value, "
                            "range down 20% from it (assumed)"),
    ),
    levers=(
        "NdFeB magnet patents (Hitachi): licence fees or refusal of licences",
        "priority supply from Lynas (2019-2038 agreement)",
        "JOGMEC investment in alternative supply",
        "supply agreements with Vietnam and Kazakhstan (as South Korea has)",
        "co-financing of Lynas's Malaysian plant (2012, with the US, the EU and Australia)",
        "rare-earth thrift and substitution in motors; recycling with France",
    ),
    note=(
        "Cut its dependence on Chinese rare earths from about 90% in 2010 to about 60-70% after the "
        "September 2010 halt. No sourced stockpile figure is available, so none is given."
    ),
)

# -- Resource states -----------------------------------------------------------------

_APPROX_USGS = "approximate: to be confirmed per commodity in USGS MCS 2025"

_AUSTRALIA = Actor(
    name="Australia",
    key="australia",
    kind="resource state",
    parameters=ParameterSet(
        mining_share=_mining_share(13.0, "Australia"),
        rare_earth_reserves=_pm20(5.7, "Mt REO", _USGS, "rare-earth reserves"),
        lithium_mining_share=_p(1 / 3, 1 / 3, 0.40, "share", _USGS,
                                f"{_APPROX_USGS}; share of mined lithium, 'over a third': the stated bound is "
                                "the value, range up 20% from it (assumed)"),
    ),
    levers=(
        "Mt Weld rare-earth mine (Lynas)",
        "Lynas, the largest separator outside China (Kuantan, Malaysia)",
        "lithium ore supply (over a third of mined lithium)",
        "Minerals Security Partnership membership; rare earths in national security strategy",
    ),
    note="Mines rare earths (Mt Weld) and over a third of the world's lithium; an ally of the US and Japan.",
)

_INDONESIA = Actor(
    name="Indonesia",
    key="indonesia",
    kind="resource state",
    parameters=ParameterSet(
        nickel_mining_share=_p(7 / 12, 0.5, 2 / 3, "share", _USGS,
                               f"{_APPROX_USGS}; share of mined nickel, 'about half to two thirds': the "
                               "range is the stated span, the value its midpoint (derived: 7/12)"),
    ),
    levers=(
        "nickel ore export ban (since 2020) forcing smelting and battery plants at home",
        "nickel supply (about half to two thirds of mined nickel)",
    ),
    note="Uses an ore export ban to move nickel processing onshore.",
)

_MALAYSIA = Actor(
    name="Malaysia",
    key="malaysia",
    kind="resource state",
    parameters=ParameterSet(
        separation_share=_p(0.05, 0.04, 0.12, "share", _IEA_GCMO,
                            "share of refined rare earths (Lynas, Kuantan), 2023; published range"),
        separation_share_2030=_p(0.12, 0.04, 0.12, "share", _IEA_GCMO,
                                 "share of refined rare earths projected for 2030; published range"),
    ),
    levers=(
        "hosts Lynas Kuantan, the main rare-earth separation plant outside China",
        "operating conditions of the plant",
        "aim to become a rare-earth power",
    ),
    note="The main separation hub outside China: 5% of refined rare earths in 2023, 12% projected for 2030.",
)

_CHILE = Actor(
    name="Chile",
    key="chile",
    kind="resource state",
    parameters=ParameterSet(
        copper_mining_share=_pm20(0.25, "share", _USGS,
                                  f"{_APPROX_USGS}; share of mined copper, 'about a quarter'"),
        lithium_mining_share=_pm20(0.25, "share", _USGS,
                                   f"{_APPROX_USGS}; share of mined lithium, 'about a quarter'"),
    ),
    levers=(
        "stronger public control of lithium",
        "copper and lithium supply (about a quarter of each)",
        "critical-minerals agreements with the EU",
    ),
    note="Copper and lithium producer asserting public control over lithium.",
)

_DR_CONGO = Actor(
    name="DR Congo",
    key="dr_congo",
    kind="resource state",
    parameters=ParameterSet(
        cobalt_mining_share=_pm20(0.75, "share", _USGS,
                                  f"{_APPROX_USGS}; share of mined cobalt, 'about three quarters'"),
    ),
    levers=(
        "cobalt supply (about three quarters of mined cobalt)",
        "choice among competing Chinese, US, EU and Australian investors",
    ),
    note="The dominant cobalt producer, courted by Beijing, Washington, Brussels and Canberra.",
)

_VIETNAM = Actor(
    name="Vietnam",
    key="vietnam",
    kind="resource state",
    parameters=ParameterSet(
        rare_earth_reserves=_pm20(3.5, "Mt REO", _USGS, "rare-earth reserves, revised down from 22 Mt"),
        mining_share=_mining_share(0.3, "Vietnam", stated="; 'about 0.3 kt'"),
    ),
    levers=(
        "rare-earth reserves (3.5 Mt)",
        "supply agreements with Japan and South Korea",
        "hosting magnet and processing plants (including Chinese firms')",
    ),
    note="Large reserves (3.5 Mt, revised down from 22 Mt) but little mining so far.",
)

_MYANMAR = Actor(
    name="Myanmar",
    key="myanmar",
    kind="resource state",
    parameters=ParameterSet(
        mining_share=_mining_share(31.0, "Myanmar"),
    ),
    levers=(
        "heavy rare-earth (dysprosium, terbium) ore, mostly separated in China",
        "border trade with China that can be opened or closed",
    ),
    note=(
        "The third-largest rare-earth miner (31 kt in 2024) and a source of the heavy rare earths that "
        "China's April 2025 licences cover; its ore feeds China's separation plants."
    ),
)

_CANADA = Actor(
    name="Canada",
    key="canada",
    kind="resource state",
    parameters=ParameterSet(
        ndpr_processing_target=_pm20(1.0, "kt/yr", _CAIXIN,
                                     "NdPr processing the Saskatchewan centre is moving towards (1,000 t a year), "
                                     "after early commercial production"),
    ),
    levers=(
        "rare-earth processing in Saskatchewan (towards 1,000 t/yr of NdPr)",
        "recycling and scandium extraction in Quebec",
        "Minerals Security Partnership membership",
    ),
    note="A resource supplier and, from Saskatchewan, a processor outside China; an ally of the US.",
)

_KAZAKHSTAN = Actor(
    name="Kazakhstan",
    key="kazakhstan",
    kind="resource state",
    parameters=ParameterSet(
        uranium_mining_share=_pm20(0.40, "share", _USGS,
                                   f"{_APPROX_USGS}; share of mined uranium, 'about 40%'"),
    ),
    levers=(
        "uranium supply (about 40% of mined uranium)",
        "rare-earth supply agreements with Japan and South Korea",
    ),
    note="Uranium producer courted for rare earths by Japan and South Korea (supply agreements).",
)

#: The actors, by key, in a fixed order: China, the United States, the EU,
#: Japan, then the resource states.
ACTORS: Mapping[str, Actor] = MappingProxyType(
    {a.key: a for a in (_CHINA, _US, _EU, _JAPAN, _AUSTRALIA, _INDONESIA, _MALAYSIA, _CHILE,
                        _DR_CONGO, _VIETNAM, _MYANMAR, _CANADA, _KAZAKHSTAN)}
)


def _normalise(text: str) -> str:
    return "_".join(text.casefold().replace("-", " ").split())


_LOOKUP: dict[str, Actor] = {}
for _a in ACTORS.values():
    _LOOKUP[_a.key] = _a
    _LOOKUP[_normalise(_a.name)] = _a
del _a


def _known() -> str:
    return ", ".join(f"{a.name} ({a.key})" for a in ACTORS.values())


def actor(name_or_key: str | Actor) -> Actor:
    """Look an actor up by name or key, ignoring case.

    Spaces, hyphens and underscores are interchangeable, so ``"DR Congo"``,
    ``"dr-congo"`` and ``"DR_CONGO"`` all find the same actor. An
    :class:`Actor` is returned as it is.

    Parameters
    ----------
    name_or_key : str or Actor
        The actor's name (``"United States"``) or key (``"us"``).

    Returns
    -------
    Actor

    Raises
    ------
    TypeError
        If ``name_or_key`` is neither a string nor an :class:`Actor`.
    KeyError
        If no actor has that name or key; the message lists the known actors.

    Examples
    --------
    >>> actor("united states").key
    'us'
    >>> actor("EU").name
    'European Union'
    >>> actor("Atlantis")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    leverage.checks.UnknownNameError: actor(): unknown actor 'Atlantis'; known actors: China (china), ...
    """
    if isinstance(name_or_key, Actor):
        return name_or_key
    if not isinstance(name_or_key, str):
        raise TypeError(
            f"actor(): name_or_key must be an actor's name or key (a string); got {name_or_key!r}"
        )
    try:
        return _LOOKUP[_normalise(name_or_key)]
    except KeyError:
        raise UnknownNameError(f"actor(): unknown actor {name_or_key!r}; known actors: {_known()}") from None


def resource_states() -> tuple[Actor, ...]:
    """The resource-state actors, in the order of :data:`ACTORS`.

    Examples
    --------
    >>> [a.key for a in resource_states()]
    ['australia', 'indonesia', 'malaysia', 'chile', 'dr_congo', 'vietnam', 'myanmar', 'canada', 'kazakhstan']
    """
    return tuple(a for a in ACTORS.values() if a.kind == "resource state")


def _select(keys: Iterable[str | Actor] | str | Actor | None, caller: str) -> tuple[Actor, ...]:
    if keys is None:
        return tuple(ACTORS.values())
    if isinstance(keys, (str, Actor)):
        keys = (keys,)
    if not isinstance(keys, Iterable):
        raise TypeError(f"{caller}: keys must be actor names or keys (an iterable of strings); got {keys!r}")
    chosen: list[Actor] = []
    for k in keys:
        try:
            a = actor(k)
        except KeyError:
            raise UnknownNameError(f"{caller}: unknown actor {k!r} in keys; known actors: {_known()}") from None
        except TypeError:
            raise TypeError(f"{caller}: keys must hold actor names or keys; got {k!r}") from None
        if any(a.key == c.key for c in chosen):
            raise ValueError(f"{caller}: actor {a.key!r} appears twice in keys")
        chosen.append(a)
    if not chosen:
        raise ValueError(f"{caller}: keys is empty; give at least one actor or None for all")
    return tuple(chosen)


def calibration(keys: Iterable[str | Actor] | str | None = None) -> ParameterSet:
    """The actors' parameters in one set, each name prefixed by its actor's key.

    Parameters
    ----------
    keys : iterable of str, or str, optional
        Names or keys of the actors to include, in the order wanted (a single
        string is one actor). Default: all actors, in the order of
        :data:`ACTORS`.

    Returns
    -------
    ParameterSet
        Names ``"<key>_<parameter>"``, e.g. ``"china_separation_share"``.

    Raises
    ------
    KeyError
        If an actor is unknown.
    ValueError
        If ``keys`` is empty or names an actor twice.

    Examples
    --------
    >>> ps = calibration(["China", "us"])
    >>> ps["china_separation_share"].value, ps["us_import_dependence_china"].value
    (0.91, 0.7)
    >>> ps["us_ndpr_price_floor"].source
    'MP Materials press release; FAS, Jul 2025'
    >>> all(name.startswith(("china_", "us_")) for name in ps)
    True
    """
    return _calibration(keys, "calibration()")


def _calibration(keys: Iterable[str | Actor] | str | None, caller: str) -> ParameterSet:
    merged: dict[str, Parameter] = {}
    for a in _select(keys, caller):
        merged.update(a.prefixed())
    return ParameterSet(merged)


def sources(keys: Iterable[str | Actor] | str | None = None) -> list[tuple[str, str]]:
    """``(parameter name, source)`` pairs of :func:`calibration`, for a table of citations.

    Parameters
    ----------
    keys : iterable of str, or str, optional
        As in :func:`calibration`.

    Returns
    -------
    list of (str, str)

    Examples
    --------
    >>> sources("malaysia")
    [('malaysia_separation_share', 'IEA GCMO 2024'), ('malaysia_separation_share_2030', 'IEA GCMO 2024')]
    """
    return [(name, p.source) for name, p in _calibration(keys, "sources()").items()]
