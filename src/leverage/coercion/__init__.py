"""Coercion: calibrated restriction, screening, signalling, sanctions and crisis bargaining.

Export controls work as valves: a coercer (China, for rare earths) can narrow
licences part of the way rather than cut supply off, because an embargo
drives customers to build other supply, costs trust in every other market and
invites counter-leverage. This package holds

- :mod:`~leverage.coercion.payoffs`: the parameters, flows and present values;
- :mod:`~leverage.coercion.model`: :class:`CoercionModel`, the restriction
  game with complete information -- the coercer restricts, the target stays or
  exits -- solved by optimisation over all restriction levels and verified on
  its game tree;
- :mod:`~leverage.coercion.screening`: :class:`ScreeningModel`, the same game
  when the target's diversification cost is private;
- :mod:`~leverage.coercion.signalling`: a target that may invest, visibly, to
  lower its cost before the coercer restricts (a signalling game);
- :mod:`~leverage.coercion.sanctions`: threats and imposed sanctions with
  two-sided incomplete information (after Lacy and Niou 2004);
- :mod:`~leverage.coercion.threat_sweep`: that game solved over a parameter
  box, mapping where the selection effect holds and where it reverses;
- :mod:`~leverage.coercion.maps`: regime maps of the restriction models over
  two parameters (the models go into :func:`leverage.sensitivity.regimes.regime_map`
  directly; this is a thin convenience);
- :mod:`~leverage.coercion.crisis`: the classic models of Tsebelis (1990),
  Fearon (1995) and Drezner (1998).

The regimes of the sanctions game are ``leverage.coercion.sanctions.REGIMES``;
``leverage.coercion.REGIMES`` are those of the restriction models. The
signalling game's ``DEFAULT_LEVELS``, ``MESSAGES`` and ``TYPES`` are
re-exported as they are.

Examples
--------
>>> from leverage.coercion import CoercionModel, ScreeningModel
>>> CoercionModel().solve().regime, ScreeningModel().solve().regime
('calibrated', 'calibrated')
"""

from leverage.coercion.payoffs import (
    COERCION_NAMES,
    check_coercion_values,
    coercer_present_values,
    coercion_parameters,
    diversification_threshold,
    target_present_values,
)
from leverage.coercion.model import ACTIONS, PLAYERS, REGIMES, CoercionModel, CoercionOutcome
from leverage.coercion.screening import SCREENING_NAMES, ScreeningModel, ScreeningOutcome, screening_parameters
from leverage.coercion.maps import coercion_regime_map
from leverage.coercion.signalling import (
    DEFAULT_LEVELS,
    MESSAGES,
    TYPES,
    InvestmentOutcome,
    InvestmentSignalling,
    InvestmentSignallingResult,
    investment_signalling,
)
from leverage.coercion.sanctions import ThreatOutcome, sanctions_game, threat_then_impose
from leverage.coercion.threat_sweep import THREAT_BOX, ThreatSweep, sweep_threats
from leverage.coercion.crisis import drezner_concession, risk_return, tsebelis

__all__ = [
    "ACTIONS",
    "COERCION_NAMES",
    "DEFAULT_LEVELS",
    "MESSAGES",
    "PLAYERS",
    "REGIMES",
    "SCREENING_NAMES",
    "THREAT_BOX",
    "TYPES",
    "CoercionModel",
    "CoercionOutcome",
    "InvestmentOutcome",
    "InvestmentSignalling",
    "InvestmentSignallingResult",
    "ScreeningModel",
    "ScreeningOutcome",
    "ThreatOutcome",
    "ThreatSweep",
    "check_coercion_values",
    "coercer_present_values",
    "coercion_parameters",
    "coercion_regime_map",
    "diversification_threshold",
    "drezner_concession",
    "investment_signalling",
    "risk_return",
    "sanctions_game",
    "screening_parameters",
    "sweep_threats",
    "target_present_values",
    "threat_then_impose",
    "tsebelis",
]
