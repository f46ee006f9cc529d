"""A small China-US export-restriction game on three sourced parameters.

China sets its rare-earth export valve -- ``Open``, ``License`` (licences
slowed and narrowed, as in April 2025) or ``Embargo`` -- while the United
States either ``Comply`` (concedes on the linked issue to keep supply flowing)
or ``Diversify`` (pays a premium for alternative supply, as under the
Department of Defense price floor for MP Materials).

Payoffs are in units of China's annual rare-earth export rent to the US. With
restriction level ``r`` (0, 1/2, 1), China's separation share ``s``, the US's
import dependence ``d`` and the diversification premium ``p`` (the price
floor of alternative supply over China's price):

- leverage ``L = s d``: the share of US supply that China can withhold;
- a restriction forfeits part of China's rent while it lasts: China keeps
  ``1 - 0.8 r``;
- if the US complies it concedes ``3 L r (1 - r/2)`` on the linked issue
  (diminishing returns: the last turn of the valve extracts less);
- if the US diversifies it pays ``(p - 1) d`` for alternative supply and
  suffers a shortage ``0.2 r L`` while it builds; China then keeps its rent
  only on the share the US does not replace, ``(1 - 0.8 r)(1 - d)``.

At the calibrated values licensing is China's best response to compliance
and compliance the US's best response to licensing; an embargo would push the
US to diversify. When alternative supply is cheap (a low premium) the pure
equilibrium disappears and China mixes.

The game is stylised: it shows how the parameters move the equilibrium, not a
forecast. The figures and their sources are those of :mod:`leverage.actors`.
"""

from __future__ import annotations

from leverage.actors import actor
from leverage.parameters import Parameter, ParameterSet, require_parameters
from leverage.parametric import ParametricGame

__all__ = ["export_restriction_parameters", "export_restriction_game", "RESTRICTION_LEVELS"]

#: Restriction level of each of China's strategies.
RESTRICTION_LEVELS = {"Open": 0.0, "License": 0.5, "Embargo": 1.0}


def export_restriction_parameters() -> ParameterSet:
    """The three sourced parameters of the export-restriction game.

    Examples
    --------
    >>> ps = export_restriction_parameters()
    >>> ps.names
    ('separation_share', 'us_import_dependence', 'diversification_premium')
    >>> ps["separation_share"].source
    'IEA Global Critical Minerals Outlook 2024; IEA commentary Oct 2025'
    """
    china, us = actor("china").parameters, actor("us").parameters
    return ParameterSet(
        separation_share=china["separation_share"],
        us_import_dependence=us["import_dependence_china"],
        diversification_premium=Parameter(
            110.0 / 52.5,
            110.0 / 90.0,
            110.0 / 45.0,
            "ratio",
            "MP Materials press release, Jul 2025 (NdPr floor US$110/kg); Fastmarkets Apr-Jun 2024 "
            "(NdPr oxide, China FOB, US$45-90/kg, mid-2024 about US$52.5/kg)",
            note="price floor of alternative supply over China's NdPr price",
        ),
    )


def _payoffs(separation_share, us_import_dependence, diversification_premium):
    s, d, p = separation_share, us_import_dependence, diversification_premium
    lev = s * d
    china, us = [], []
    for r in RESTRICTION_LEVELS.values():
        kept = 1.0 - 0.8 * r
        concession = 3.0 * lev * r * (1.0 - r / 2.0)
        china.append([kept + concession, kept * (1.0 - d)])
        us.append([0.0 - concession, -(p - 1.0) * d - 0.2 * r * lev])
    return china, us


def export_restriction_game(parameters: ParameterSet | None = None) -> ParametricGame:
    """The China-US export-restriction game as a :class:`~leverage.ParametricGame`.

    Parameters
    ----------
    parameters : ParameterSet, optional
        Defaults to :func:`export_restriction_parameters`.

    Examples
    --------
    >>> from leverage import equilibria
    >>> model = export_restriction_game()
    >>> model.strategies
    (('Open', 'License', 'Embargo'), ('Comply', 'Diversify'))
    >>> [eq.support for eq in equilibria(model.game())]
    [((1,), (0,))]
    """
    names = export_restriction_parameters().names
    caller = "export_restriction_game()"
    params = export_restriction_parameters() if parameters is None else require_parameters(parameters, names, caller)
    return ParametricGame(
        params,
        _payoffs,
        players=("China", "US"),
        strategies=(tuple(RESTRICTION_LEVELS), ("Comply", "Diversify")),
    )
