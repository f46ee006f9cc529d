"""London talks, June 2025: rare-earth licences linked with chip export controls.

Two issues between China and the US, each a prisoner's dilemma in repeated play:

- rare-earth licences: China speeds approvals for non-military US firms or slows them;
  the US eases or tightens its scrutiny of Chinese buyers;
- chip export controls: the US relaxes or tightens; China buys or retaliates.

Issue by issue, cooperation on licences is not self-enforcing at the
calibrated patience; linked -- a defection on either issue punished on both --
the slack on chips can carry licences (Bernheim and Whinston 1990; Spagnolo 1999).
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
    """Patience and the temptations to defect on each issue.

    Examples
    --------
    >>> london_talks_parameters()["discount"].value
    0.4
    """
    return ParameterSet(
        discount=Parameter(0.4, 0.1, 0.95, "per round", "illustrative: one round of talks a year"),
        licence_temptation=Parameter(5.0, 3.5, 8.0, "index", "illustrative; magnet exports fell 74% in May 2025 "
                                     "under licensing (China customs via WSJ / Reuters)"),
        chip_temptation=Parameter(4.0, 3.6, 6.0, "index",
                                  "illustrative; Caixin, Jun 2025 (US flexibility on technology exports)"),
    )


def _issue(temptation: float, reward: float, punishment: float, names: tuple[tuple[str, str], tuple[str, str]]) -> Game:
    T, R, P, S = temptation, reward, punishment, 0.0
    return Game.from_bimatrix([[R, S], [T, P]], [[R, T], [S, P]], players=("China", "US"), strategies=names)


def london_talks_games(parameters: ParameterSet | None = None) -> list[Game]:
    """The two stage games: licences (reward 3, punishment 1) and chips (reward 3.5, punishment 0).

    Examples
    --------
    >>> licences, chips = london_talks_games()
    >>> licences.strategies
    (('Speed', 'Slow'), ('Ease', 'Tighten'))
    """
    names = london_talks_parameters().names
    ps = london_talks_parameters() if parameters is None else require_parameters(parameters, names, "london_talks_games()")
    v = ps.values
    licences = _issue(v["licence_temptation"], 3.0, 1.0, (("Speed", "Slow"), ("Ease", "Tighten")))
    chips = _issue(v["chip_temptation"], 3.5, 0.0, (("Buy", "Retaliate"), ("Relax", "Restrict")))
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
