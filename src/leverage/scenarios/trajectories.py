"""The default calibration of every scenario game, and the three trajectories analysts discuss.

:func:`default_parameters` gathers the parameters of all the scenario games in
one :class:`~leverage.ParameterSet` (each game takes the names it needs; the
coercion model's names carry the prefix ``coercion_``). A *trajectory* is a
named set of parameter values -- a preset -- and :func:`outcomes` solves every
game under it:

- **managed rivalry**: licences stay valves opened and narrowed around talks;
  the patience of a long negotiating relationship;
- **overshoot into confrontation**: China overrates what coercion extracts and
  underrates the backlash, the US brings its chip leverage to bear, and both
  sides grow impatient;
- **reluctant multilateralism**: allies pool underwriting and recycling,
  resource states bring more capacity, the floor's premium narrows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leverage.checks import UnknownNameError
from leverage.coercion import CoercionModel, coercion_parameters
from leverage.parameters import ParameterSet
from leverage.scenarios.alignment import alignment_game, alignment_parameters
from leverage.scenarios.export_restriction import export_restriction_game, export_restriction_parameters
from leverage.scenarios.london_talks import london_talks_linkage, london_talks_parameters
from leverage.scenarios.recycling import recycling_outcome, recycling_parameters

__all__ = [
    "COERCION_PREFIX",
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


def default_parameters() -> ParameterSet:
    """Every scenario game's parameters at their calibrated values, in one set.

    Examples
    --------
    >>> ps = default_parameters()
    >>> "separation_share" in ps and "coercion_diversification_cost" in ps and "recycled_share" in ps
    True
    """
    merged: dict[str, Any] = {}
    for ps in (export_restriction_parameters(), alignment_parameters(), recycling_parameters(),
               london_talks_parameters()):
        for name, p in ps.items():
            if name in merged and merged[name] != p:  # pragma: no cover - a guard on the definitions
                raise ValueError(f"default_parameters(): {name!r} is defined twice, differently")
            merged[name] = p
    for name, p in coercion_parameters().items():
        merged[COERCION_PREFIX + name] = p
    return ParameterSet(merged)


def coercion_model(parameters: ParameterSet | None = None) -> CoercionModel:
    """The calibrated-coercion model built from the ``coercion_`` parameters of a combined set.

    The model chooses its restriction from all levels in ``[0, 1]``
    (:class:`~leverage.coercion.CoercionModel` without a grid).

    Raises
    ------
    TypeError
        If ``parameters`` is not a ParameterSet.
    UnknownNameError
        If a ``coercion_`` parameter is missing (a ``KeyError`` and a ``ValueError``).

    Examples
    --------
    >>> coercion_model().solve().regime
    'calibrated'
    """
    ps = default_parameters() if parameters is None else parameters
    if not isinstance(ps, ParameterSet):
        raise TypeError(f"coercion_model(): parameters must be a ParameterSet; got {type(ps).__name__}")
    sub = {name[len(COERCION_PREFIX):]: p for name, p in ps.items() if name.startswith(COERCION_PREFIX)}
    missing = [n for n in coercion_parameters().names if n not in sub]
    if missing:
        raise UnknownNameError(f"coercion_model(): parameters lack {', '.join(COERCION_PREFIX + n for n in missing)}")
    return CoercionModel(ParameterSet(sub))


@dataclass(frozen=True)
class Trajectory:
    """A named preset: parameter values that replace the calibrated ones.

    Attributes
    ----------
    name : str
    description : str
    values : mapping of str to float
        The values that differ from :func:`default_parameters`.

    Examples
    --------
    A preset of one's own: cheaper alternative supply tips the China-US game
    into mixed strategies.

    >>> cheap = Trajectory("cheap alternatives", "Alternative supply gets cheaper.",
    ...                    {"diversification_premium": 1.5})
    >>> cheap.parameters()["diversification_premium"].value
    1.5
    >>> outcomes(cheap.parameters())["export restriction"]
    ['{Open 0.46, License 0.54} / {Comply 0.27, Diversify 0.73}']
    """

    name: str
    description: str
    values: Mapping[str, float] = field(default_factory=dict)

    def parameters(self, base: ParameterSet | None = None) -> ParameterSet:
        """The combined parameter set with this trajectory's values (checked against the ranges).

        Examples
        --------
        >>> TRAJECTORIES["reluctant multilateralism"].parameters()["alt_capacity"].value
        0.12
        """
        ps = default_parameters() if base is None else base
        return ps.replace(**self.values)


#: The three trajectories, by name.
TRAJECTORIES: dict[str, Trajectory] = {
    t.name: t
    for t in (
        Trajectory(
            "managed rivalry",
            "Licences stay valves, opened and narrowed around summits; talks recur and both sides value them.",
            {"license_level": 0.5, "discount": 0.6},
        ),
        Trajectory(
            "overshoot into confrontation",
            "China overrates what restriction extracts and underrates the backlash; the US answers with chip "
            "controls; neither side expects the talks to last.",
            {"concession_share": 0.9, "market_loss_share": 1 - 70 / 90, "restriction_loss": 6.0,
             "discount": 0.2, "licence_temptation": 8.0, "coercion_counter_leverage": 5.0,
             "coercion_concession_share": 0.9},
        ),
        Trajectory(
            "reluctant multilateralism",
            "Allies pool underwriting and recycling, resource states bring more capacity and the floor's "
            "premium narrows.",
            {"alt_capacity": 0.12, "resource_share": 0.16, "diversification_premium": 110 / 90,
             "recycled_share": 0.4, "discount": 0.8, "coercion_diversification_cost": 5.0},
        ),
    )
}


def trajectory(name: str) -> Trajectory:
    """A trajectory by name.

    Raises
    ------
    KeyError
        If the name is unknown (the message lists the known ones).

    Examples
    --------
    >>> trajectory("managed rivalry").values["license_level"]
    0.5
    """
    if name not in TRAJECTORIES:
        raise KeyError(f"trajectory(): unknown trajectory {name!r}; known: {', '.join(map(repr, TRAJECTORIES))}")
    return TRAJECTORIES[name]


def profile_label(game: Any, eq: Any, digits: int = 2) -> str:
    """An equilibrium as text: pure strategies by name, mixed ones with their probabilities.

    Examples
    --------
    >>> from leverage import Game, equilibria
    >>> g = Game.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]], strategies=(("Open", "Restrict"), ("Comply", "Defy")))
    >>> profile_label(g, equilibria(g)[0])
    '{Open 0.50, Restrict 0.50} / {Comply 0.50, Defy 0.50}'
    """
    parts = []
    for names, support, probs in zip(game.strategies, eq.support, eq.strategies):
        if len(support) == 1:
            parts.append(names[support[0]])
        else:
            parts.append("{" + ", ".join(f"{names[k]} {probs[k]:.{digits}f}" for k in support) + "}")
    return " / ".join(parts)


def outcomes(parameters: ParameterSet | None = None) -> dict[str, Any]:
    """Solve every scenario game at one parameter set.

    Returns
    -------
    dict
        ``"export restriction"``: the equilibria of the China-US game (text);
        ``"alignment"``: the pure equilibria of the four-player game (text);
        ``"coercion"``: the :class:`~leverage.coercion.CoercionOutcome`;
        ``"recycling"``: :func:`~leverage.scenarios.recycling.recycling_outcome`;
        ``"linkage"``: the critical discount factors and whether linked
        cooperation holds at the calibrated patience.

    Examples
    --------
    >>> out = outcomes(TRAJECTORIES["overshoot into confrontation"].parameters())
    >>> out["alignment"]
    ['Embargo / Underwrite / Underwrite / US chain']
    """
    from leverage.solvers import equilibria, pure_equilibria

    ps = default_parameters() if parameters is None else parameters
    export = export_restriction_game(ParameterSet({k: ps[k] for k in export_restriction_parameters().names}))
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
