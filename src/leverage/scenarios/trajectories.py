"""The default calibration of every scenario game, and the three trajectories analysts discuss.

:func:`default_parameters` gathers the parameters of all the scenario games in
one :class:`~leverage.ParameterSet` (each game takes the names it needs; the
coercion model's names carry the prefix ``coercion_``). A *trajectory* is a
named set of parameter values, each with its reason and source (values
without a published figure are labelled illustrative): values of the static
games (:func:`outcomes` solves every game under them), values of the
diversification race (:mod:`leverage.scenarios.diversification_race`), and,
where China acts on a wrong belief, the race values China believes. Its
outcome is computed, never stated: the race's MPE path and the static games'
equilibria, by :func:`leverage.scenarios.trajectory_paths.trajectory_outcome`.

- **managed rivalry**: licences stay valves opened and narrowed around talks,
  with the patience of a long negotiating relationship; the race runs at its
  calibration (Japan's decade after 2010);
- **overshoot into confrontation**: China overrates what restriction extracts
  and underrates the target's ability to diversify: its race policy comes
  from the game it believes, the path from the true game; in the static
  games the US brings its chip leverage to bear and both sides grow
  impatient;
- **reluctant multilateralism**: allies pool underwriting and recycling,
  resource states bring more capacity and the floor's premium narrows; in
  the race builds are cheaper and faster and a cut to one ally costs China
  the trust of all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from leverage.checks import UnknownNameError, check_int, check_real, real_array, renamed
from leverage.coercion import CoercionModel, coercion_parameters
from leverage.game import Game
from leverage.parameters import Parameter, ParameterSet
from leverage.results import Equilibrium
from leverage.scenarios.alignment import alignment_game, alignment_parameters
from leverage.scenarios.diversification_race import race_parameters
from leverage.scenarios.export_restriction import (
    calibrated_export_restriction_game,
    calibrated_export_restriction_parameters,
)
from leverage.scenarios.london_talks import london_talks_linkage, london_talks_parameters
from leverage.scenarios.recycling import recycling_outcome, recycling_parameters

__all__ = [
    "COERCION_PREFIX",
    "COERCION_MONEY",
    "china_rent",
    "coercion_values",
    "Trajectory",
    "TRAJECTORIES",
    "default_parameters",
    "coercion_model",
    "trajectory",
    "outcomes",
    "profile_label",
]

#: Prefix of the coercion model's parameters in the combined set.
COERCION_PREFIX = "coercion_"


#: The coercion model's money parameters: in the combined set they are multiples of China's annual rent,
#: and :func:`coercion_model` converts them to US$ bn with the rent derived from the shared parameters.
COERCION_MONEY = ("target_loss", "diversification_cost", "counter_leverage", "reliability_loss")

_RENT_NAMES = ("market_value", "china_price", "china_cost")
_COERCION_UNITS = {
    "target_loss": "multiple of China's annual rent, per year at full restriction",
    "diversification_cost": "multiple of China's annual rent (present value at completion)",
    "counter_leverage": "multiple of China's annual rent, per year at full restriction",
    "reliability_loss": "multiple of China's annual rent, per year at full restriction (times r squared)",
    "build_time": "years",
    "coercer_discount": "per year",
    "target_discount": "per year",
}


def china_rent(values: Mapping[str, Any]) -> Any:
    """China's annual rent in US$ bn per year: ``(1 - china_cost / china_price) * market_value``.

    The rent of the calibrated export-restriction game, derived from the
    shared parameters (arrays broadcast), so that the games denominated in
    China's rent follow a change of price, cost or market.

    Examples
    --------
    >>> round(float(china_rent(default_parameters().defaults)), 4)  # (1 - 40 / 52.5) x 2.86
    0.681
    """
    caller = "china_rent()"
    if not isinstance(values, Mapping):
        raise TypeError(f"{caller}: values must be a mapping of parameter names to values; got {values!r}")
    missing = [n for n in _RENT_NAMES if n not in values]
    if missing:
        raise UnknownNameError(f"{caller}: values lack {', '.join(missing)}")
    v = {n: real_array(values[n], n, caller) for n in _RENT_NAMES}
    if np.any(v["china_price"] <= 0):
        raise ValueError(f"{caller}: china_price must be positive; got {values['china_price']!r}")
    rent = (1.0 - v["china_cost"] / v["china_price"]) * v["market_value"]
    return float(rent) if rent.ndim == 0 else rent


def default_parameters() -> ParameterSet:
    """Every scenario game's parameters at their calibrated values, in one set.

    The coercion model's parameters carry the prefix ``coercion_``; its rent
    is not among them (:func:`coercion_model` derives it with
    :func:`china_rent`), and its money parameters are multiples of that rent.

    Examples
    --------
    >>> ps = default_parameters()
    >>> "separation_share" in ps and "coercion_diversification_cost" in ps and "recycled_share" in ps
    True
    >>> "coercion_rent" in ps, ps["coercion_target_loss"].unit
    (False, "multiple of China's annual rent, per year at full restriction")
    """
    merged: dict[str, Any] = {}
    for ps in (calibrated_export_restriction_parameters(), alignment_parameters(), recycling_parameters(),
               london_talks_parameters()):
        for name, p in ps.items():
            if name in merged and merged[name] != p:  # pragma: no cover - a guard on the definitions
                raise ValueError(f"default_parameters(): {name!r} is defined twice, differently")
            merged[name] = p
    for name, p in coercion_parameters().items():
        if name == "rent":  # derived from the shared parameters: not set twice
            continue
        merged[COERCION_PREFIX + name] = replace(p, unit=_COERCION_UNITS.get(name, p.unit))
    return ParameterSet(merged)


def coercion_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The coercion model's values in US$ bn, from a combined set's values.

    The rent is :func:`china_rent`; the money parameters
    (:data:`COERCION_MONEY`), given as multiples of it, are multiplied by it;
    the others are taken as they are. Arrays broadcast.

    Examples
    --------
    >>> v = coercion_values(default_parameters().defaults)
    >>> round(v["rent"], 4), round(v["target_loss"], 4)  # 4 x the rent
    (0.681, 2.7238)
    """
    caller = "coercion_values()"
    with renamed("china_rent():", f"{caller}:"):
        rent = china_rent(values)
    names = [n for n in coercion_parameters().names if n != "rent"]
    missing = [COERCION_PREFIX + n for n in names if COERCION_PREFIX + n not in values]
    if missing:
        raise UnknownNameError(f"{caller}: values lack {', '.join(missing)}")
    out: dict[str, Any] = {"rent": rent}
    for n in names:
        x = values[COERCION_PREFIX + n]
        out[n] = rent * x if n in COERCION_MONEY else x
    return out


def coercion_model(parameters: ParameterSet | None = None) -> CoercionModel:
    """The calibrated-coercion model of a combined set, with present values in US$ bn.

    The coercer is China, its rent :func:`china_rent` (US$ bn per year); the
    ``coercion_`` money parameters, multiples of that rent, are converted
    with it (:func:`coercion_values`), ranges included. The model chooses its
    restriction from all levels in ``[0, 1]``
    (:class:`~leverage.coercion.CoercionModel` without a grid); one period is
    a year.

    Raises
    ------
    TypeError
        If ``parameters`` is not a ParameterSet.
    UnknownNameError
        If a ``coercion_`` parameter, or one the rent is derived from, is
        missing (a ``KeyError`` and a ``ValueError``).

    Examples
    --------
    >>> model = coercion_model()
    >>> model.solve().regime, model.parameters["rent"].unit
    ('calibrated', 'US$ bn/yr')
    """
    caller = "coercion_model()"
    ps = default_parameters() if parameters is None else parameters
    if not isinstance(ps, ParameterSet):
        raise TypeError(f"{caller}: parameters must be a ParameterSet; got {type(ps).__name__}")
    names = [n for n in coercion_parameters().names if n != "rent"]
    missing = [COERCION_PREFIX + n for n in names if COERCION_PREFIX + n not in ps]
    missing += [n for n in _RENT_NAMES if n not in ps]
    if missing:
        raise UnknownNameError(f"{caller}: parameters lack {', '.join(missing)}")
    with renamed("china_rent():", f"{caller}:"):
        rent = china_rent(ps.defaults)
    corners = [china_rent({"market_value": v, "china_price": p, "china_cost": c})
               for v in ps["market_value"].range for p in ps["china_price"].range for c in ps["china_cost"].range]
    sub: dict[str, Parameter] = {"rent": Parameter(
        rent, min(min(corners), rent), max(max(corners), rent), "US$ bn/yr",
        "derived: China's rent (1 - china_cost / china_price) x market_value",
        note="the rent of the calibrated export-restriction game; the range spans the box of the three")}
    for n in names:
        p = ps[COERCION_PREFIX + n]
        if n in COERCION_MONEY:
            unit = "US$ bn" if n == "diversification_cost" else "US$ bn/yr"
            sub[n] = replace(p, value=p.value * rent, low=p.low * rent, high=p.high * rent, unit=unit)
        else:
            sub[n] = p
    return CoercionModel(ParameterSet(sub))


def _values(mapping: Any, name: str, caller: str) -> dict[str, float]:
    if not isinstance(mapping, Mapping):
        raise TypeError(f"{caller}: {name} must be a mapping of parameter names to values; got {mapping!r}")
    out = {}
    for k, v in mapping.items():
        if not isinstance(k, str):
            raise TypeError(f"{caller}: {name} must have parameter names (strings) as keys; got {k!r}")
        out[k] = check_real(v, f"{name}[{k!r}]", caller)
    return out


@dataclass(frozen=True)
class Trajectory:
    """A named trajectory: parameter values that replace the calibrated ones, each with a reason.

    Attributes
    ----------
    name : str
    description : str
    values : mapping of str to float
        The values of the static games that differ from :func:`default_parameters`.
    race : mapping of str to float
        The values of the diversification race that differ from
        :func:`~leverage.scenarios.diversification_race.race_parameters`
        (the true game).
    believed : mapping of str to float
        Race values China *believes* instead of the true ones (empty: China
        knows the true game). Its policy then comes from the believed game
        and the path from the true one.
    reasons : mapping of str to str
        Why each value is chosen, with its source, keyed ``name`` (static
        games), ``"race " + name`` and ``"believed " + name``. A reason that
        starts with ``"illustrative"`` marks a value without a published
        figure; a value without a reason is listed as illustrative.

    Raises
    ------
    TypeError
        If a field has the wrong type.
    KeyError
        If ``race`` or ``believed`` names a parameter the race does not have
        (an ``UnknownNameError``, also a ``ValueError``).

    Examples
    --------
    A trajectory of one's own: alternative supply at the European market price
    and a dearer Chinese price (the floor's premium, derived from the two,
    narrows) tip the China-US game into mixed strategies.

    >>> cheap = Trajectory("cheap alternatives", "Alternative supply gets cheaper relative to China's.",
    ...                    {"floor_price": 82.5, "china_price": 70.0},
    ...                    race={"investment_cost": 0.25})
    >>> cheap.parameters()["floor_price"].value, cheap.race_parameters()["investment_cost"].value
    (82.5, 0.25)
    >>> outcomes(cheap.parameters())["export restriction"]
    ['{Open 0.60, License 0.40} / {Comply 0.24, Diversify 0.76}']
    >>> cheap.sources()[2]["reason"]
    'illustrative (no reason given)'
    """

    name: str
    description: str
    values: Mapping[str, float] = field(default_factory=dict)
    race: Mapping[str, float] = field(default_factory=dict)
    believed: Mapping[str, float] = field(default_factory=dict)
    reasons: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        caller = "Trajectory()"
        for label in ("name", "description"):
            if not isinstance(getattr(self, label), str):
                raise TypeError(f"{caller}: {label} must be a string; got {getattr(self, label)!r}")
        known = race_parameters().names
        for label in ("values", "race", "believed"):
            checked = _values(getattr(self, label), label, caller)
            if label != "values":
                unknown = [k for k in checked if k not in known]
                if unknown:
                    raise UnknownNameError(f"{caller}: {label} names unknown race parameter(s) "
                                           f"{', '.join(map(repr, unknown))}; known: {', '.join(known)}")
            object.__setattr__(self, label, checked)
        if not isinstance(self.reasons, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in self.reasons.items()):
            raise TypeError(f"{caller}: reasons must be a mapping of strings to strings; got {self.reasons!r}")
        object.__setattr__(self, "reasons", dict(self.reasons))

    def parameters(self, base: ParameterSet | None = None) -> ParameterSet:
        """The combined parameter set of the static games with this trajectory's values (checked against the ranges).

        Examples
        --------
        >>> TRAJECTORIES["reluctant multilateralism"].parameters()["alt_capacity"].value
        0.08
        """
        ps = default_parameters() if base is None else base
        return ps.replace(**self.values)

    def race_parameters(self, base: ParameterSet | None = None) -> ParameterSet:
        """The true race's parameters under this trajectory (``base``: :func:`race_parameters` by default).

        Examples
        --------
        >>> TRAJECTORIES["reluctant multilateralism"].race_parameters()["completion"].value
        0.5
        """
        ps = race_parameters() if base is None else base
        if not isinstance(ps, ParameterSet):
            raise TypeError(f"Trajectory.race_parameters(): base must be a ParameterSet or None; got {ps!r}")
        return ps.replace(**self.race)

    def believed_parameters(self, base: ParameterSet | None = None) -> ParameterSet | None:
        """The race's parameters China believes (None when it knows the true game).

        Examples
        --------
        >>> TRAJECTORIES["overshoot into confrontation"].believed_parameters()["investment_cost"].value
        5.0
        >>> TRAJECTORIES["managed rivalry"].believed_parameters() is None
        True
        """
        if not self.believed:
            return None
        return self.race_parameters(base).replace(**self.believed)

    def sources(self) -> list[dict[str, Any]]:
        """Every value of the trajectory with its reason, as rows.

        Each row has ``game``, ``parameter``, ``value``, ``reason`` and
        ``illustrative`` (whether the reason starts with "illustrative").

        Examples
        --------
        >>> row = TRAJECTORIES["reluctant multilateralism"].sources()[0]
        >>> row["game"], row["parameter"], row["illustrative"]
        ('static games', 'alt_capacity', False)
        """
        rows = []
        for game, prefix, mapping in (("static games", "", self.values), ("race", "race ", self.race),
                                      ("race, China's belief", "believed ", self.believed)):
            for name, value in mapping.items():
                reason = self.reasons.get(prefix + name, "illustrative (no reason given)")
                rows.append({"game": game, "parameter": name, "value": value, "reason": reason,
                             "illustrative": reason.strip().casefold().startswith("illustrative")})
        return rows


_RACE_CALIBRATION = ("the race at its calibration (race_parameters()): Japan's dependence from about 90% in 2010 "
                     "to about 60-70% a decade later (Argus; JOGMEC)")

#: The three trajectories, by name.
TRAJECTORIES: dict[str, Trajectory] = {
    t.name: t
    for t in (
        Trajectory(
            "managed rivalry",
            "Licences stay valves, opened and narrowed around summits; talks recur and both sides value them.",
            {"license_level": 0.5, "discount": 0.6},
            reasons={
                "license_level": "illustrative: licences narrowed to about half; magnet exports fell 74% in May "
                                 "2025 and exceeded the 2024 monthly mean by July 2025 (China customs via WSJ / "
                                 "Reuters)",
                "discount": "illustrative: talks recur (London, June 2025; the one-year suspension after the 30 Oct "
                            "2025 Trump-Xi meeting, MOFCOM; RFF Issue Brief 25-12), so both value the next round",
                "race": _RACE_CALIBRATION,
            },
        ),
        Trajectory(
            "overshoot into confrontation",
            "China overrates what restriction extracts and underrates the backlash; the US answers with chip "
            "controls; neither side expects the talks to last.",
            {"concession_share": 0.9, "market_loss_share": (1 - 70 / 90) / 15, "restriction_loss": 6.0,
             "discount": 0.2, "licence_temptation": 8.0, "coercion_counter_leverage": 5.0,
             "coercion_concession_share": 0.9},
            believed={"investment_cost": 5.0, "concession_share": 0.9},
            reasons={
                "concession_share": "illustrative: the share of the target's loss China expects to extract, at "
                                    "the top of its range (the static games have no beliefs: they take the "
                                    "share China acts on)",
                "market_loss_share": "Argus; JOGMEC: Japan's dependence fell from about 90% to about 70%, a share "
                                     "(1 - 70/90) of China's market lost, spread over fifteen years (the fifteen "
                                     "illustrative)",
                "restriction_loss": "illustrative: the backlash at the upper part of the range",
                "discount": "illustrative: neither side expects the talks to last",
                "licence_temptation": "illustrative: the top of the range; magnet exports fell 74% in May 2025 "
                                      "under licensing (China customs via WSJ / Reuters)",
                "coercion_counter_leverage": "illustrative: US chip and lithography controls as the counter-lever "
                                             "(RFF Issue Brief 25-12)",
                "coercion_concession_share": "illustrative: as concession_share",
                "race": "the true race is the calibrated one (race_parameters()): only China's belief is wrong",
                "believed investment_cost": "illustrative: China believes other supply costs ten times what it "
                                            "does (the true cost is calibrated on Japan's decade after 2010, "
                                            "Argus; JOGMEC); Western mines take a decade (MP Materials; FAS, "
                                            "Jul 2025)",
                "believed concession_share": "illustrative: as concession_share, the top of its range",
            },
        ),
        Trajectory(
            "reluctant multilateralism",
            "Allies pool underwriting and recycling, resource states bring more capacity and the floor's "
            "premium narrows.",
            {"alt_capacity": 0.08, "resource_share": 1.2 * 13 / 390, "floor_price": 82.5,
             "recycled_share": 0.4, "discount": 0.8, "coercion_diversification_cost": 5.0},
            race={"completion": 0.5, "investment_cost": 0.25, "reliability_loss": 2.0},
            reasons={
                "alt_capacity": "IEA GCMO 2024: Malaysia's 5% of refining in 2023 and 12% projected for 2030; the "
                                "top of the range with pooled underwriting",
                "resource_share": "USGS MCS 2025: Australia's 13 kt of 390 kt mined, a fifth more with resource "
                                  "states' capacity (the fifth illustrative)",
                "floor_price": "Argus, Sep 2025: NdPr oxide in Europe at US$82.5-85/kg; pooled allied supply "
                               "is bought at the European market price instead of the US$110/kg floor (MP "
                               "Materials press release, Jul 2025), so the premium over China's price, derived "
                               "in every game that uses it, narrows to 82.5/52.5",
                "recycled_share": "illustrative: beyond the 25% recycling benchmark of Regulation (EU) 2024/1252 "
                                  "Art. 5, the top of the range",
                "discount": "illustrative: allies expect to keep negotiating together",
                "coercion_diversification_cost": "illustrative: pooled underwriting halves the cost",
                "race completion": "illustrative: pooled finance shortens builds to about two years (the base, "
                                   "three years, is MP Materials' plant, MP Materials; FAS, Jul 2025)",
                "race investment_cost": "illustrative: allies share the cost, half each (the base is calibrated "
                                        "on Japan's decade after 2010; the US-Japan-EU-Australia financing of "
                                        "Lynas's Malaysian plant in 2012 is the precedent)",
                "race reliability_loss": "illustrative: allied buyers read a cut to one as a cut to all, "
                                         "doubling the loss of trust",
            },
        ),
    )
}


def trajectory(name: str) -> Trajectory:
    """A trajectory by name.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    UnknownNameError
        If the name is unknown (a ``KeyError`` and a ``ValueError``; the message lists the known ones).

    Examples
    --------
    >>> trajectory("managed rivalry").values["license_level"]
    0.5
    >>> trajectory("detente")
    Traceback (most recent call last):
    ...
    leverage.checks.UnknownNameError: trajectory(): unknown trajectory 'detente'; known: 'managed rivalry', ...
    """
    if not isinstance(name, str):
        raise TypeError(f"trajectory(): name must be a string; got {type(name).__name__}")
    if name not in TRAJECTORIES:
        raise UnknownNameError(
            f"trajectory(): unknown trajectory {name!r}; known: {', '.join(map(repr, TRAJECTORIES))}"
        )
    return TRAJECTORIES[name]


def profile_label(game: Any, eq: Any, digits: int = 2) -> str:
    """An equilibrium as text: pure strategies by name, mixed ones with their probabilities.

    Parameters
    ----------
    game : Game
        The game (its strategy names label the profile).
    eq : Equilibrium
        An equilibrium of ``game``.
    digits : int
        Decimals of the probabilities, 0 to 17.

    Raises
    ------
    TypeError
        If ``game`` is not a Game, ``eq`` not an Equilibrium or ``digits`` not an integer.
    ValueError
        If ``eq`` does not fit the game's shape or ``digits`` is outside [0, 17].

    Examples
    --------
    >>> from leverage import Game, equilibria
    >>> g = Game.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]], strategies=(("Open", "Restrict"), ("Comply", "Defy")))
    >>> profile_label(g, equilibria(g)[0])
    '{Open 0.50, Restrict 0.50} / {Comply 0.50, Defy 0.50}'
    """
    caller = "profile_label()"
    if not isinstance(game, Game):
        raise TypeError(f"{caller}: game must be a Game; got {type(game).__name__}")
    if not isinstance(eq, Equilibrium):
        raise TypeError(f"{caller}: eq must be an Equilibrium; got {type(eq).__name__}")
    shape = tuple(len(v) for v in eq.strategies)
    if shape != game.shape:
        raise ValueError(f"{caller}: eq has strategies of shape {shape}; the game's shape is {game.shape}")
    digits = check_int(digits, "digits", caller, low=0, high=17)
    parts = []
    for names, support, probs in zip(game.strategies, eq.support, eq.strategies):
        if len(support) == 1:
            parts.append(names[support[0]])
        else:
            parts.append("{" + ", ".join(f"{names[k]} {probs[k]:.{digits}f}" for k in support) + "}")
    return " / ".join(parts)


def outcomes(parameters: ParameterSet | None = None) -> dict[str, Any]:
    """Solve every scenario game at one parameter set.

    Parameters
    ----------
    parameters : ParameterSet, optional
        A set holding every name of :func:`default_parameters` (the
        calibration by default), such as :meth:`Trajectory.parameters`.

    Returns
    -------
    dict
        ``"export restriction"``: the equilibria of the China-US game (text);
        ``"alignment"``: the pure equilibria of the four-player game (text);
        ``"coercion"``: the :class:`~leverage.coercion.CoercionOutcome`;
        ``"recycling"``: :func:`~leverage.scenarios.recycling.recycling_outcome`;
        ``"linkage"``: the critical discount factors and whether linked
        cooperation holds at the calibrated patience.

    Raises
    ------
    TypeError
        If ``parameters`` is not a ParameterSet.
    UnknownNameError
        If a parameter of :func:`default_parameters` is missing (a ``KeyError`` and a ``ValueError``).

    Examples
    --------
    >>> out = outcomes(TRAJECTORIES["overshoot into confrontation"].parameters())
    >>> out["alignment"]
    ['Embargo / Abstain / Underwrite / US chain']
    """
    from leverage.solvers import equilibria, pure_equilibria

    ps = default_parameters() if parameters is None else parameters
    if not isinstance(ps, ParameterSet):
        raise TypeError(f"outcomes(): parameters must be a ParameterSet; got {type(ps).__name__}")
    missing = [name for name in default_parameters().names if name not in ps]
    if missing:
        raise UnknownNameError(f"outcomes(): parameters lack {', '.join(missing)} (start from default_parameters())")
    export = calibrated_export_restriction_game(ps)
    g = export.game()
    align = alignment_game(ps).game()
    linked = london_talks_linkage(ps)
    delta = ps["discount"].value
    return {
        "export restriction": [profile_label(g, eq) for eq in equilibria(g)],
        "alignment": [profile_label(align, eq) for eq in pure_equilibria(align)],
        "coercion": coercion_model(ps).solve(),
        "recycling": recycling_outcome(ps),
        "linkage": {
            "licences": float(linked.separate[0].value),
            "chips": float(linked.separate[1].value),
            "linked": float(linked.value),
            "discount": float(delta),
            "cooperation holds": bool(delta >= linked.value),
        },
    }
