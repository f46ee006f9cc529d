"""London talks, June 2025: rare-earth licences linked with chip export controls.

Two issues between China and the US, each a prisoner's dilemma in repeated play:

- rare-earth licences: China speeds approvals for non-military US firms or slows them;
  the US eases or tightens its scrutiny of Chinese buyers;
- chip export controls: the US relaxes or tightens; China buys or retaliates.

Issue by issue, cooperation on licences is not self-enforcing at the
calibrated patience; linked -- a defection on either issue punished on both --
the slack on chips can carry licences (Bernheim and Whinston 1990; Spagnolo 1999).

Stage payoffs are in **US$ bn per year** (the numeraire of the rare-earth
games), per side. Every one of them is illustrative: the sources cited say
what was at stake (licences, chip controls), not what it was worth. The
sucker's payoff is 0 on both issues; each issue's temptation, reward and
punishment are named parameters whose ranges keep the prisoner's-dilemma
order ``temptation > reward > punishment >= 0``.
"""

from __future__ import annotations

from leverage.checks import renamed
from leverage.game import Game
from leverage.parameters import Parameter, ParameterSet, require_parameters
from leverage.repeated import LinkedThresholds, linked_critical_discount_factor

__all__ = ["london_talks_parameters", "london_talks_games", "london_talks_linkage", "COOPERATION"]

#: The cooperative profile of each issue.
COOPERATION = (("Speed", "Ease"), ("Buy", "Relax"))


def london_talks_parameters() -> ParameterSet:
    """Patience and the stage payoffs of each issue (US$ bn per year, illustrative).

    Examples
    --------
    >>> ps = london_talks_parameters()
    >>> ps["discount"].value, ps["licence_reward"].unit
    (0.4, 'US$ bn/yr')
    >>> all(ps[name].illustrative for name in ps)
    True
    """
    unit = "US$ bn/yr"
    return ParameterSet(
        discount=Parameter(0.4, 0.1, 0.95, "per round", "illustrative: one round of talks a year"),
        licence_temptation=Parameter(5.0, 3.5, 8.0, unit, "illustrative; magnet exports fell 74% in May 2025 "
                                     "under licensing (China customs via WSJ / Reuters)"),
        licence_reward=Parameter(3.0, 2.5, 3.4, unit, "illustrative",
                                 note="each side's payoff when licences are sped and scrutiny eased"),
        licence_punishment=Parameter(1.0, 0.5, 1.5, unit, "illustrative",
                                     note="each side's payoff when licences are slowed and scrutiny tightened"),
        chip_temptation=Parameter(4.0, 3.6, 6.0, unit,
                                  "illustrative; Caixin, Jun 2025 (US flexibility on technology exports)"),
        chip_reward=Parameter(3.5, 3.0, 3.55, unit, "illustrative",
                              note="each side's payoff when China buys and the US relaxes chip controls"),
        chip_punishment=Parameter(0.5, 0.25, 1.0, unit, "illustrative",
                                  note="each side's payoff when China retaliates and the US restricts; above the "
                                       "sucker's payoff 0, so the stage game's equilibrium is strict (no tie)"),
    )


def _issue(temptation: float, reward: float, punishment: float, names: tuple[tuple[str, str], tuple[str, str]]) -> Game:
    T, R, P, S = temptation, reward, punishment, 0.0
    return Game.from_bimatrix([[R, S], [T, P]], [[R, T], [S, P]], players=("China", "US"), strategies=names)


def london_talks_games(parameters: ParameterSet | None = None) -> list[Game]:
    """The two stage games, licences and chips; payoffs in US$ bn per year (illustrative).

    Examples
    --------
    >>> licences, chips = london_talks_games()
    >>> licences.strategies
    (('Speed', 'Slow'), ('Ease', 'Tighten'))
    """
    names = london_talks_parameters().names
    ps = london_talks_parameters() if parameters is None else require_parameters(parameters, names, "london_talks_games()")
    v = ps.defaults
    licences = _issue(v["licence_temptation"], v["licence_reward"], v["licence_punishment"],
                      (("Speed", "Slow"), ("Ease", "Tighten")))
    chips = _issue(v["chip_temptation"], v["chip_reward"], v["chip_punishment"],
                   (("Buy", "Retaliate"), ("Relax", "Restrict")))
    return [licences, chips]


def london_talks_linkage(parameters: ParameterSet | None = None) -> LinkedThresholds:
    """Critical discount factors of the two issues, separately and linked.

    Examples
    --------
    >>> res = london_talks_linkage()
    >>> bool(res.value < res.separate[0].value)   # linking lowers the licences' threshold
    True
    """
    with renamed("london_talks_games():", "london_talks_linkage():"):
        games = london_talks_games(parameters)
    return linked_critical_discount_factor(games, list(COOPERATION))
