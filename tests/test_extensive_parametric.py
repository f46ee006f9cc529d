"""Parameterised trees: payoffs and chance probabilities as functions of parameters, in sweeps,
thresholds and regime maps like any parameterised game."""

from __future__ import annotations

import numpy as np
import pytest

from leverage import ExtensiveGame, Parameter, ParameterSet, ParametricGame
from leverage.extensive import ParametricTree
from leverage.nodes import Chance, Decision, Terminal
from leverage.sensitivity.regimes import regime_map, threshold
from leverage.sensitivity import sweep

PARAMS = ParameterSet(
    p_low=Parameter(0.3, 0.0, 1.0, "probability", "illustrative"),
    rent=Parameter(2.0, 1.0, 4.0, "bn USD/yr", "illustrative"),
)


def licence_probe(p_low, rent):
    """China restricts or stays open, not knowing Japan's cost of other supply (low with
    probability p_low); Japan, knowing it, stays or exits after a restriction."""
    def japan(cost):
        return Decision("Japan", {"Stay": Terminal([rent + 1, -1]), "Exit": Terminal([0, -cost])})
    restrict = Chance({"Low": (p_low, japan(0.5)), "High": (1 - p_low, japan(3.0))})
    return ExtensiveGame(Decision("China", {"Restrict": restrict, "Open": Terminal([rent, 0])}),
                         players=("China", "Japan"))


MODEL = ParametricTree(PARAMS, licence_probe)
EXIT_IF_LOW = MODEL.strategies[1].index("Exit/Stay")  # Japan's sequentially rational answer


def restricts(game):
    return game.payoffs[0][0, EXIT_IF_LOW] > game.payoffs[0][1, EXIT_IF_LOW]


def test_is_a_parametric_game_of_the_reduced_normal_form():
    assert isinstance(MODEL, ParametricGame)
    assert MODEL.game() == licence_probe(0.3, 2.0).to_game()
    tree = MODEL.tree(p_low=0.8)
    assert tree.chance_probabilities("root/Restrict") == pytest.approx({"Low": 0.8, "High": 0.2})


def test_batch_equals_one_tree_per_draw():
    p = np.array([0.0, 0.25, 0.9])
    rent = np.array([1.0, 3.0, 4.0])
    A, B = MODEL.batch({"p_low": p, "rent": rent})
    for k in range(3):
        game = licence_probe(p[k], rent[k]).to_game()
        np.testing.assert_allclose(A[k], game.payoffs[0])
        np.testing.assert_allclose(B[k], game.payoffs[1])


@pytest.mark.parametrize("rent", [1.0, 2.0, 3.5])
def test_threshold_on_the_belief_is_the_closed_form(rent):
    # China restricts iff (1 - p) (rent + 1) > rent, i.e. p < 1 / (rent + 1)
    found = threshold(MODEL, "p_low", restricts, bracket=(0.0, 1.0), at={"rent": rent})
    assert found == pytest.approx(1 / (rent + 1), abs=1e-9)


def test_regime_map_and_sweep_take_a_tree():
    regimes = regime_map(MODEL, ("p_low", np.linspace(0, 1, 5)), ("rent", [1.0, 4.0]))
    assert regimes.labels.shape == (2, 5)
    table = sweep(MODEL, {"kind": "grid", "values": {"p_low": np.linspace(0, 1, 11)}})
    assert len(table) == 11  # Japan is indifferent after Open, so every draw has several equilibria
    assert set(table.status_counts()) <= {"ok", "multiple"}
    A, B = MODEL.batch({"p_low": table.columns["p_low"]})
    x = np.stack([table.columns[f"p_China_{s}"] for s in MODEL.strategies[0]], axis=1)
    y = np.stack([table.columns[f"p_Japan_{s}"] for s in MODEL.strategies[1]], axis=1)
    np.testing.assert_allclose(table.columns["payoff_China"], np.einsum("ki,kij,kj->k", x, A, y), atol=1e-12)
    np.testing.assert_allclose(table.columns["payoff_Japan"], np.einsum("ki,kij,kj->k", x, B, y), atol=1e-12)


def test_the_shape_may_not_change():
    def unstable(p_low, rent):
        if p_low > 0.5:
            return ExtensiveGame(Decision("China", {"Open": Terminal([rent, 0])}), players=("China", "Japan"))
        return licence_probe(p_low, rent)
    model = ParametricTree(PARAMS, unstable)
    with pytest.raises(ValueError, match=r"ParametricTree.tree\(\): the tree built at .* has other players, nodes or information sets"):
        model.tree(p_low=0.9)


def test_bad_arguments():
    with pytest.raises(TypeError, match=r"ParametricTree\(\): parameters must be a ParameterSet"):
        ParametricTree({"p": 1}, licence_probe)
    with pytest.raises(TypeError, match=r"ParametricTree\(\): build must be a callable"):
        ParametricTree(PARAMS, "tree")
    with pytest.raises(TypeError, match=r"ParametricTree\(\): build must return an ExtensiveGame or a GameTree; got list"):
        ParametricTree(PARAMS, lambda p_low, rent: [p_low, rent])
