"""Figures of the optional plot extra: each test reads back what was drawn and checks it against the library."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from types import SimpleNamespace

import numpy as np
import pytest

from leverage import BargainingProblem, Game, Parameter, ParameterSet
from leverage.plotting import (
    CROSSING_HATCH,
    plot_bargaining,
    plot_regime_map,
    plot_sobol,
    plot_tornado,
)
from leverage.sensitivity.regimes import RegimeMap, regime_map
from leverage.scenarios import export_restriction_game
from leverage.sensitivity import MorrisEffects, SobolIndices, morris, sobol, tornado

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def plt(require_extra):
    """``matplotlib.pyplot`` on the Agg backend (the plot extra); every figure is closed afterwards."""
    matplotlib = require_extra("matplotlib", extra="plot")
    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot

    yield pyplot
    pyplot.close("all")


@pytest.fixture(scope="module")
def model():
    return export_restriction_game()


def legend_labels(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def marked_points(ax):
    """``{label: (x, y)}`` of every single-point marker line on the axes."""
    out = {}
    for line in ax.get_lines():
        xy = line.get_xydata()
        if line.get_marker() not in ("None", "", None) and len(xy) == 1:
            out[line.get_label()] = xy[0]
    return out


def arrows(ax):
    """``[(tail, head)]`` of the annotations drawn as arrows."""
    from matplotlib.text import Annotation

    return [(np.array(a.xyann, dtype=float), np.array(a.xy, dtype=float))
            for a in ax.texts if isinstance(a, Annotation) and a.arrow_patch is not None]


# ---------------------------------------------------------------- regime maps


def cell_colours(ax):
    """Colour and (x0, x1, y0, y1) box of every drawn cell of the regime map."""
    mesh = ax.collections[0]
    rgba = mesh.to_rgba(np.asarray(mesh.get_array()).ravel())
    corners = mesh.get_coordinates()  # (ny + 1, nx + 1, 2)
    x0, x1 = corners[:-1, :-1, 0], corners[:-1, 1:, 0]
    y0, y1 = corners[:-1, :-1, 1], corners[1:, :-1, 1]
    return rgba, np.stack([x0, x1, y0, y1], axis=-1).reshape(-1, 4)


def test_regime_map_of_export_game_has_one_colour_per_regime_and_names_them(plt, model):
    rmap = regime_map(model, ("diversification_premium", np.linspace(1.25, 2.4, 24)),
                      ("us_import_dependence", np.linspace(0.65, 0.8, 12)))
    assert len(rmap.regimes) >= 2  # the map crosses the threshold, so the check is not vacuous
    ax = plot_regime_map(rmap)
    rgba, _ = cell_colours(ax)
    assert len(np.unique(rgba, axis=0)) == len(rmap.regimes)
    assert legend_labels(ax) == rmap.regimes
    # in words, with the units of the model's parameters (the default export game's are sourced)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("diversification premium", "us import dependence")
    ax = plot_regime_map(rmap, parameters=model)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("diversification premium (ratio)", "us import dependence (share)")


def test_regime_map_cells_take_the_colour_of_their_regime_on_an_unsorted_grid(plt, model):
    # three regimes from a custom label: the US payoff of licensing under compliance, in bands
    # (-0.375 k R d, with China's rent R falling in the premium: it moves with both axes)
    def band(game):
        v = game.payoffs[1][1, 0]
        return "deep concession" if v < -1.0 else ("concession" if v < -0.5 else "mild concession")

    xs = [2.4, 1.3, 1.8, 1.5, 2.1]  # deliberately unsorted
    ys = [0.8, 0.65, 0.72]
    rmap = regime_map(model, ("diversification_premium", xs), ("us_import_dependence", ys), regime=band)
    assert len(rmap.regimes) == 3
    ax = plot_regime_map(rmap)
    colour_of = {h.get_label(): np.array(h.get_facecolor()) for h in ax.get_legend().legend_handles}
    assert list(colour_of) == rmap.regimes
    rgba, boxes = cell_colours(ax)
    assert len(rgba) == len(xs) * len(ys)
    # every grid point lies in exactly one drawn cell, coloured as the regime at that point
    for i, yv in enumerate(ys):
        for j, xv in enumerate(xs):
            inside = (boxes[:, 0] < xv) & (xv < boxes[:, 1]) & (boxes[:, 2] < yv) & (yv < boxes[:, 3])
            assert inside.sum() == 1
            np.testing.assert_allclose(rgba[inside][0], colour_of[rmap.labels[i, j]])


def test_regime_map_with_many_regimes_keeps_colours_distinct(plt):
    labels = np.array([[f"regime {i * 5 + j}" for j in range(5)] for i in range(5)], dtype=object)
    rmap = RegimeMap("a", "b", np.arange(5.0), np.arange(5.0), labels, np.ones((5, 5), dtype=bool))
    rgba, _ = cell_colours(plot_regime_map(rmap))
    assert len(np.unique(rgba, axis=0)) == 25


@pytest.mark.parametrize("as_", ["model", "parameters", "mapping", "pair"])
def test_regime_map_marks_the_calibrated_point(plt, model, as_):
    rmap = regime_map(model, ("diversification_premium", [1.3, 1.8, 2.4]), ("separation_share", [0.85, 0.95]))
    values = model.parameters.defaults
    calibration = {
        "model": model,
        "parameters": model.parameters,
        "mapping": values,
        "pair": (values["diversification_premium"], values["separation_share"]),
    }[as_]
    ax = plot_regime_map(rmap, calibration=calibration)
    np.testing.assert_allclose(marked_points(ax)["calibration"],
                               [values["diversification_premium"], values["separation_share"]])
    assert legend_labels(ax) == [*rmap.regimes, "calibration"]


def test_regime_map_draws_on_given_axes_and_saves_a_valid_png(plt, model, tmp_path):
    rmap = regime_map(model, ("diversification_premium", np.linspace(1.25, 2.4, 8)),
                      ("separation_share", np.linspace(0.85, 0.95, 4)))
    fig, given = plt.subplots()
    ax = plot_regime_map(rmap, ax=given, calibration=model)
    assert ax is given
    path = tmp_path / "regimes.png"
    fig.savefig(path, dpi=50)
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    from matplotlib.image import imread

    image = imread(path)
    assert image.ndim == 3 and image.shape[0] > 10 and image.shape[1] > 10
    assert len(np.unique(image.reshape(-1, image.shape[2]), axis=0)) > 2  # not a blank image


def test_regime_map_rejects_bad_input(plt, model):
    good = regime_map(model, ("diversification_premium", [1.3, 2.4]), ("separation_share", [0.85, 0.95]))
    with pytest.raises(TypeError, match=r"plot_regime_map\(\): regime_map_result must be a RegimeMap.*got dict"):
        plot_regime_map({"labels": good.labels})
    with pytest.raises(KeyError, match=r"plot_regime_map\(\): calibration has no value for 'separation_share'"):
        plot_regime_map(good, calibration={"diversification_premium": 2.0})
    with pytest.raises(TypeError, match=r"plot_regime_map\(\): calibration must be"):
        plot_regime_map(good, calibration="calibrated")
    bad_shape = RegimeMap("a", "b", np.arange(3.0), np.arange(2.0), np.full((3, 2), "x", dtype=object),
                          np.ones((3, 2), dtype=bool))
    with pytest.raises(ValueError, match=r"plot_regime_map\(\): regime_map_result.labels has shape \(3, 2\)"):
        plot_regime_map(bad_shape)
    with pytest.raises(TypeError, match=r"plot_regime_map\(\): ax must be a matplotlib Axes or None; got Figure"):
        plot_regime_map(good, ax=plt.figure())


# ---------------------------------------------------------------- tornado diagrams


@pytest.mark.parametrize("outcome", ["payoff_US", "payoff_China"])
def test_tornado_bars_are_the_swings_sorted_and_crossings_are_hatched(plt, model, outcome):
    bars = tornado(model, outcome)
    assert any(b.crosses_regime for b in bars) and not all(b.crosses_regime for b in bars)
    ax = plot_tornado(list(reversed(bars)), outcome=outcome)  # drawn sorted whatever the order given
    patches = ax.containers[0].patches
    assert len(patches) == len(bars)
    widths = [p.get_width() for p in patches]
    np.testing.assert_allclose(widths, [b.swing for b in bars], rtol=1e-12)
    assert widths == sorted(widths, reverse=True)
    np.testing.assert_allclose([p.get_x() for p in patches],
                               [min(b.outcome_low, b.outcome_high) for b in bars], rtol=1e-12)
    assert [t.get_text() for t in ax.get_yticklabels()] == [b.parameter.replace("_", " ") for b in bars]
    # the widest bar is at the top
    tops = [p.get_y() for p in patches]
    assert ax.yaxis_inverted() and tops == sorted(tops)
    assert [p.get_hatch() == CROSSING_HATCH for p in patches] == [b.crosses_regime for b in bars]
    crossing_colours = {p.get_facecolor() for p, b in zip(patches, bars) if b.crosses_regime}
    other_colours = {p.get_facecolor() for p, b in zip(patches, bars) if not b.crosses_regime}
    assert len(crossing_colours) == 1 and len(other_colours) == 1 and crossing_colours != other_colours
    assert legend_labels(ax) == ["crosses a regime boundary", "same regime"]
    assert ax.get_xlabel() == outcome
    assert plot_tornado(bars, outcome=outcome, unit="US$ bn per year").get_xlabel() == f"{outcome} (US$ bn per year)"


def test_tornado_annotates_each_end_with_the_parameter_value(plt, model):
    bars = tornado(model, "payoff_US")
    ax = plot_tornado(bars)
    labels = [(round(float(a.xy[0]), 12), round(float(a.xy[1])), a.get_text(), a.get_ha()) for a in ax.texts]
    assert len(labels) == 2 * len(bars)
    # the separation share does not move the US payoff under License/Comply: a bar of no swing
    assert any(b.swing == 0 for b in bars)
    for y, b in enumerate(bars):
        on_bar = [label for label in labels if label[1] == y]
        assert sorted((x, text) for x, _, text, _ in on_bar) == sorted(
            [(round(b.outcome_low, 12), f"{b.low:.3g}"), (round(b.outcome_high, 12), f"{b.high:.3g}")])
        # the two labels never sit on top of each other, even where the bar has no width
        assert len({(x, ha) for x, _, _, ha in on_bar}) == 2


def test_tornado_without_crossings_has_no_crossing_legend_entry(plt, model):
    bars = [b for b in tornado(model, "payoff_US") if not b.crosses_regime]
    ax = plot_tornado(bars)
    assert legend_labels(ax) == ["same regime"]
    assert all(p.get_hatch() in (None, "") for p in ax.containers[0].patches)


def test_tornado_rejects_bad_input(plt, model):
    bars = tornado(model, "payoff_US")
    with pytest.raises(TypeError, match=r"plot_tornado\(\): bars must be a sequence of TornadoBar.*got a single"):
        plot_tornado(bars[0])
    with pytest.raises(TypeError, match=r"plot_tornado\(\): bars must be a sequence of TornadoBar.*got dict"):
        plot_tornado({b.parameter: b for b in bars})
    with pytest.raises(TypeError, match=r"plot_tornado\(\): bars\[1\] must be a TornadoBar; got tuple"):
        plot_tornado([bars[0], ("separation_share", 0.1)])
    with pytest.raises(ValueError, match=r"plot_tornado\(\): bars is empty"):
        plot_tornado([])


# ---------------------------------------------------------------- Sobol' indices


@pytest.fixture(scope="module")
def linear_indices():
    """Sobol' indices of a + 2 b on the unit square: the closed form is S = (0.2, 0.8), no interaction."""
    ps = ParameterSet(a=Parameter(0.5, 0.0, 1.0, "u", "s"), b=Parameter(0.5, 0.0, 1.0, "u", "s"))
    return sobol(lambda a, b: a + 2 * b, ps, n=512, seed=3)


def test_sobol_bar_heights_are_the_indices(plt, linear_indices):
    res = linear_indices
    ax = plot_sobol(res)
    first, total = ax.containers[0], ax.containers[1]
    assert (first.get_label(), total.get_label()) == ("first order $S_i$", "total $S_{Ti}$")
    np.testing.assert_allclose([p.get_height() for p in first.patches], res.first_order, rtol=1e-12)
    np.testing.assert_allclose([p.get_height() for p in total.patches], res.total_order, rtol=1e-12)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(res.names)
    # each parameter's pair of bars sits over its tick, first order on the left
    for tick, p1, p2 in zip(ax.get_xticks(), first.patches, total.patches, strict=True):
        assert p1.get_x() + p1.get_width() == pytest.approx(tick, abs=1e-9) == p2.get_x()
    # the oracle: the estimates are close to the closed form, and the drawing shows it
    np.testing.assert_allclose([p.get_height() for p in first.patches], [0.2, 0.8], atol=0.05)
    # the intervals the result carries (if any) are drawn, one line per bar; none otherwise
    carried = [ci for ci in (getattr(res, "first_order_ci", None), getattr(res, "total_order_ci", None))
               if ci is not None]
    segments = [np.asarray(seg) for c in ax.collections for seg in c.get_segments()]
    assert len(segments) == len(carried) * len(res.names)
    bounds = sorted(map(tuple, np.vstack(carried).tolist())) if carried else []
    np.testing.assert_allclose(sorted((s[0, 1], s[1, 1]) for s in segments), np.reshape(bounds, (-1, 2)))


def test_sobol_of_a_sweep_outcome_draws_every_parameter(plt, model):
    from leverage.sensitivity import sweep_outcome

    res = sobol(sweep_outcome(model, "payoff_US"), model.parameters, n=32, seed=0)
    ax = plot_sobol(res)
    np.testing.assert_allclose([p.get_height() for p in ax.containers[1].patches], res.total_order, rtol=1e-12)
    assert [t.get_text() for t in ax.get_xticklabels()] == [n.replace("_", " ") for n in model.parameters.names]


def test_sobol_confidence_intervals_are_drawn_from_low_to_high(plt, linear_indices):
    res = linear_indices
    first_ci = np.column_stack([res.first_order - 0.03, res.first_order + 0.05])
    total_ci = SimpleNamespace(low=res.total_order - 0.02, high=res.total_order + 0.01)  # scipy's shape
    ax = plot_sobol(res, first_order_ci=first_ci, total_order_ci=total_ci)
    segments = [np.array(s) for c in ax.collections for s in c.get_segments()]
    assert len(segments) == 2 * len(res.names)
    drawn = sorted((float(s[0, 0]), float(s[0, 1]), float(s[1, 1])) for s in segments)
    centres = [p.get_x() + p.get_width() / 2 for c in ax.containers for p in c.patches]
    bounds = [*first_ci.tolist(), *np.column_stack([total_ci.low, total_ci.high]).tolist()]
    expected = sorted((x, lo, hi) for x, (lo, hi) in zip(centres, bounds))
    np.testing.assert_allclose(drawn, expected, rtol=1e-12)
    assert "confidence interval" in legend_labels(ax)


def test_sobol_reads_intervals_carried_by_the_result(plt, linear_indices):
    @dataclasses.dataclass(frozen=True, eq=False)
    class IndicesWithIntervals(SobolIndices):
        first_order_ci: np.ndarray | None = None
        total_order_ci: np.ndarray | None = None

    res = linear_indices
    ci = np.column_stack([res.first_order - 0.1, res.first_order + 0.1])
    carried = IndicesWithIntervals(res.names, res.first_order, res.total_order, res.n, first_order_ci=ci)
    ax = plot_sobol(carried)
    segments = sorted((float(s[0, 1]), float(s[1, 1])) for c in ax.collections for s in c.get_segments())
    np.testing.assert_allclose(segments, sorted(map(tuple, ci)), rtol=1e-12)


def test_sobol_rejects_bad_input(plt, linear_indices):
    ps = ParameterSet(a=Parameter(0.5, 0.0, 1.0, "u", "s"), b=Parameter(0.5, 0.0, 1.0, "u", "s"))
    effects = morris(lambda a, b: a + b, ps, trajectories=4, seed=0)
    assert isinstance(effects, MorrisEffects)
    with pytest.raises(TypeError, match=r"plot_sobol\(\): indices must be a SobolIndices.*got MorrisEffects"):
        plot_sobol(effects)
    with pytest.raises(ValueError, match=r"plot_sobol\(\): first_order_ci must have one \(low, high\) pair per "
                                         r"parameter, shape \(2, 2\); got \(3, 2\)"):
        plot_sobol(linear_indices, first_order_ci=np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"plot_sobol\(\): total_order_ci must hold finite bounds with low <= high"):
        plot_sobol(linear_indices, total_order_ci=[[0.3, 0.1], [0.5, 0.9]])
    with pytest.raises(ValueError, match=r"plot_sobol\(\): total_order_ci.low and total_order_ci.high must be 1-D "
                                         r"arrays of one shape; got \(2,\) and \(3,\)"):
        plot_sobol(linear_indices, total_order_ci=SimpleNamespace(low=[0.1, 0.2], high=[0.3, 0.4, 0.5]))
    with pytest.raises(TypeError, match=r"plot_sobol\(\): first_order_ci must be numbers"):
        plot_sobol(linear_indices, first_order_ci=[["low", "high"], ["low", "high"]])
    broken = SobolIndices(("a", "b"), np.array([0.2, np.nan]), np.array([0.2, 0.8]), 8)
    with pytest.raises(ValueError, match=r"plot_sobol\(\): indices.first_order has non-finite values"):
        plot_sobol(broken)


# ---------------------------------------------------------------- bargaining

ALL_SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
TITLES = {"nash": "Nash", "kalai_smorodinsky": "Kalai-Smorodinsky", "egalitarian": "egalitarian",
          "utilitarian": "utilitarian"}
METHODS = {"nash": "nash_solution", "kalai_smorodinsky": "kalai_smorodinsky", "egalitarian": "egalitarian",
           "utilitarian": "utilitarian"}


def solve(problem, name):
    return getattr(problem, METHODS[name])()


def pie_with_unequal_batnas():
    return BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1], players=("EU", "China"))


def test_bargaining_marks_the_batna_and_the_solutions_of_the_bargaining_module(plt):
    pie = pie_with_unequal_batnas()
    ax = plot_bargaining(pie, solutions=ALL_SOLUTIONS)
    marks = marked_points(ax)
    np.testing.assert_allclose(marks["BATNA"], pie.disagreement)
    for name in ALL_SOLUTIONS:
        np.testing.assert_allclose(marks[TITLES[name]], solve(pie, name).utilities, atol=1e-12)
    assert set(marks) == {"BATNA", *(TITLES[n] for n in ALL_SOLUTIONS)}
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("EU utility", "China utility")
    frontier = next(line for line in ax.get_lines() if line.get_label() == "Pareto frontier")
    np.testing.assert_allclose(frontier.get_xydata(), [[0, 1], [1, 0]])


@pytest.mark.parametrize("player", ["EU", "China"])
def test_shifted_batna_moves_each_solution_the_way_batna_sensitivity_predicts(plt, player):
    pie = pie_with_unequal_batnas()
    change = 0.1
    i = pie.players.index(player)
    ax = plot_bargaining(pie, batna_shift={player: change}, solutions=ALL_SOLUTIONS)
    marks = marked_points(ax)
    new_d = np.array(pie.disagreement) + change * np.eye(2)[i]
    np.testing.assert_allclose(marks["new BATNA"], new_d)
    shifted = BargainingProblem.from_points([[1, 0], [0, 1]], new_d, players=pie.players)
    drawn_arrows = arrows(ax)
    for name in ALL_SOLUTIONS:
        before = solve(pie, name).utilities
        after = marks[f"{TITLES[name]} (new BATNA)"]
        np.testing.assert_allclose(after, solve(shifted, name).utilities, atol=1e-9)
        slope = pie.batna_sensitivity(player, solution=name)
        # the pie's solutions are linear in the BATNAs here, so the move is the slope times the change
        np.testing.assert_allclose(after - before, change * slope, atol=1e-6)
        assert np.all(np.sign(np.round(after - before, 9)) == np.sign(np.round(slope, 9)))
        assert any(np.allclose(tail, before) and np.allclose(head, after) for tail, head in drawn_arrows)
    assert any(np.allclose(tail, pie.disagreement) and np.allclose(head, new_d) for tail, head in drawn_arrows)


def test_batna_shift_as_a_new_disagreement_point_on_a_curved_frontier(plt):
    curve = BargainingProblem.from_frontier(lambda x: 1 - x**2, [0, 0], bounds=(0, 1))
    ax = plot_bargaining(curve, batna_shift=[0.3, 0.0], solutions=("nash",))
    marks = marked_points(ax)
    np.testing.assert_allclose(marks["Nash"], [1 / np.sqrt(3), 2 / 3], atol=1e-6)  # closed form
    np.testing.assert_allclose(marks["new BATNA"], [0.3, 0.0])
    moved = BargainingProblem.from_frontier(lambda x: 1 - x**2, [0.3, 0.0], bounds=(0, 1)).nash_solution()
    np.testing.assert_allclose(marks["Nash (new BATNA)"], moved.utilities, atol=1e-9)
    slope = curve.batna_sensitivity(0)
    assert np.all(np.sign(marks["Nash (new BATNA)"] - marks["Nash"]) == np.sign(slope))
    frontier = next(line for line in ax.get_lines() if line.get_label() == "Pareto frontier")
    u1, u2 = frontier.get_xdata(), frontier.get_ydata()
    assert (u1[0], u1[-1]) == (0.0, 1.0)
    np.testing.assert_allclose(u2, 1 - u1**2)


def test_bargaining_over_a_game_draws_the_pareto_frontier_of_its_payoffs(plt):
    dilemma = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    problem = BargainingProblem.from_game(dilemma)
    ax = plot_bargaining(problem, solutions=("nash", "utilitarian"))
    frontier = next(line for line in ax.get_lines() if line.get_label() == "Pareto frontier")
    np.testing.assert_allclose(frontier.get_xydata(), [[0, 5], [3, 3], [5, 0]])
    marks = marked_points(ax)
    np.testing.assert_allclose(marks["Nash"], problem.nash_solution().utilities)
    np.testing.assert_allclose(marks["utilitarian"], problem.utilitarian().utilities)
    np.testing.assert_allclose(marks["BATNA"], [1, 1])  # the minmax values


def test_bargaining_over_package_deals_marks_the_pareto_optimal_deals(plt):
    deals = BargainingProblem.from_points([[3, 1], [2, 2], [1, 3], [1, 1]], [0, 0], convex=False)
    ax = plot_bargaining(deals, batna_shift=[1.5, 0.0], solutions=("nash",))
    lines = {line.get_label(): line.get_xydata() for line in ax.get_lines()}
    np.testing.assert_allclose(lines["deals"], [[3, 1], [2, 2], [1, 3], [1, 1]])
    np.testing.assert_allclose(lines["Pareto-optimal deals"], [[1, 3], [2, 2], [3, 1]])
    np.testing.assert_allclose(lines["Nash"], [[2, 2]])
    np.testing.assert_allclose(lines["Nash (new BATNA)"], [[3, 1]])  # only (3, 1) beats a BATNA of 1.5


def test_bargaining_without_agreement_says_so_instead_of_marking_a_point(plt):
    pie = pie_with_unequal_batnas()
    ax = plot_bargaining(pie, batna_shift={"EU": 0.75}, solutions=("nash",))  # 0.95 + 0.1 > 1
    labels = legend_labels(ax)
    assert "Nash" in labels and "Nash (new BATNA): no agreement" in labels
    assert "Nash (new BATNA)" not in marked_points(ax)
    assert not any(np.allclose(tail, [0.55, 0.45]) for tail, _ in arrows(ax))


def test_bargaining_rejects_bad_input(plt):
    pie = pie_with_unequal_batnas()
    three = BargainingProblem.from_points([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0])
    with pytest.raises(ValueError, match=r"plot_bargaining\(\): problem has 3 players; only two-player"):
        plot_bargaining(three)
    with pytest.raises(TypeError, match=r"plot_bargaining\(\): problem must be a leverage.BargainingProblem; got "
                                        r"BargainingSolution"):
        plot_bargaining(pie.nash_solution())
    with pytest.raises(ValueError, match=r"plot_bargaining\(\): unknown solution 'shapley'"):
        plot_bargaining(pie, solutions=("nash", "shapley"))
    with pytest.raises(ValueError, match=r"plot_bargaining\(\): batna_shift as a new disagreement point must have "
                                         r"2 entries; got shape \(3,\)"):
        plot_bargaining(pie, batna_shift=[0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match=r"plot_bargaining\(\): batna_shift names unknown player 'US'"):
        plot_bargaining(pie, batna_shift={"US": 0.1})
    with pytest.raises(ValueError, match=r"plot_bargaining\(\): batna_shift keys must be player names or indices"):
        plot_bargaining(pie, batna_shift={2: 0.1})
    with pytest.raises(TypeError, match=r"plot_bargaining\(\): batna_shift\['EU'\] must be a number"):
        plot_bargaining(pie, batna_shift={"EU": "more"})
    with pytest.raises(TypeError, match=r"plot_bargaining\(\): batna_shift must be a new disagreement point"):
        plot_bargaining(pie, batna_shift="better")


def test_bargaining_default_solutions_are_drawn_by_index_key_too(plt):
    pie = pie_with_unequal_batnas()
    ax = plot_bargaining(pie, batna_shift={0: 0.1})  # the defaults, and a player given by index
    marks = marked_points(ax)
    np.testing.assert_allclose(marks["new BATNA"], [0.3, 0.1])
    np.testing.assert_allclose(marks["Nash"], pie.nash_solution().utilities)
    np.testing.assert_allclose(marks["Kalai-Smorodinsky"], pie.kalai_smorodinsky().utilities)


# ---------------------------------------------------------------- the house style: titles, units, legends


@pytest.fixture(scope="module")
def calibrated():
    """The export-restriction game on the full calibration: china_price is sourced, concession_multiplier
    illustrative."""
    from leverage.scenarios.registry import GAMES
    from leverage.scenarios.trajectories import default_parameters

    return GAMES["export_restriction"](default_parameters())


@pytest.fixture(scope="module")
def drawings(calibrated):
    """Each plotting function with small inputs, as ``draw(ax=None, **kwargs) -> Axes``, and the unit text
    each of its axes must say."""
    ps = calibrated.parameters
    price, concession = ps["china_price"], ps["concession_multiplier"]
    rmap = regime_map(calibrated, ("china_price", np.linspace(price.low, price.high, 6)),
                      ("concession_multiplier", np.linspace(concession.low, concession.high, 4)))
    bars = tornado(calibrated, "payoff_US")
    indices = SobolIndices(ps.names, np.linspace(0.1, 0.3, len(ps)), np.linspace(0.2, 0.5, len(ps)), 64)
    pie = BargainingProblem.from_points([[1, 0], [0, 1]], [0.2, 0.1], players=("EU", "China"))
    money = "US$ bn per year"
    return {
        "regime map": (lambda ax=None, **kw: plot_regime_map(rmap, ax=ax, calibration=calibrated, **kw),
                       (price.unit, concession.unit)),
        "tornado": (lambda ax=None, **kw: plot_tornado(bars, ax=ax, outcome="US payoff", unit=money,
                                                       parameters=calibrated, **kw), (money, None)),
        "sobol": (lambda ax=None, **kw: plot_sobol(indices, ax=ax, outcome="US payoff", parameters=ps, **kw),
                  (None, "share of variance")),
        "bargaining": (lambda ax=None, **kw: plot_bargaining(pie, batna_shift={"EU": 0.1}, ax=ax, unit=money, **kw),
                       (money, money)),
    }


KINDS = ["regime map", "tornado", "sobol", "bargaining"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_figure_has_a_title_unit_labels_and_a_readable_size(plt, drawings, kind):
    draw, (x_unit, y_unit) = drawings[kind]
    ax = draw()
    assert len(ax.get_title()) > 10
    for label, unit in ((ax.get_xlabel(), x_unit), (ax.get_ylabel(), y_unit)):
        if unit is not None:
            assert unit in label
    width, height = ax.figure.get_size_inches()
    assert width >= 6.4 and height >= 4.0
    assert draw(title="My own title").get_title() == "My own title"


@pytest.mark.parametrize("kind", KINDS)
def test_given_axes_are_drawn_on_and_returned(plt, drawings, kind):
    fig, (left, right) = plt.subplots(1, 2)
    ax = drawings[kind][0](ax=right)
    assert ax is right
    assert len(right.get_children()) > len(left.get_children())  # the drawing went to the axes given


def test_styling_keywords_reach_the_main_artists(plt, drawings):
    from matplotlib.colors import to_rgba

    olive = to_rgba("tab:olive")
    mesh = drawings["regime map"][0](alpha=0.5, edgecolors="white").collections[0]
    assert mesh.get_alpha() == 0.5
    np.testing.assert_allclose(mesh.get_edgecolor()[0][:3], to_rgba("white")[:3])
    ax = drawings["tornado"][0](color="tab:olive")
    assert all(p.get_facecolor() == olive for p in ax.containers[0].patches)
    assert all(h.get_facecolor() == olive for h in ax.get_legend().legend_handles)  # the legend agrees
    ax = drawings["sobol"][0](color="tab:olive", alpha=0.7)
    assert all(p.get_facecolor() == to_rgba("tab:olive", 0.7) for c in ax.containers for p in c.patches)
    ax = drawings["bargaining"][0](color="tab:olive", linewidth=3)
    frontier = next(line for line in ax.get_lines() if line.get_label() == "Pareto frontier")
    assert to_rgba(frontier.get_color()) == olive and frontier.get_linewidth() == 3


def overlaps(a, b):
    """Whether two display-space boxes share area (touching edges do not count)."""
    return a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5 and a.y0 < b.y1 - 0.5 and b.y0 < a.y1 - 0.5


@pytest.mark.parametrize("kind", KINDS)
def test_the_legend_hides_no_data(plt, drawings, kind):
    ax = drawings[kind][0]()
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    # the data are drawn inside the plotting area, and the legend lies outside it
    assert not overlaps(legend, ax.get_window_extent(renderer))
    data = [p.get_window_extent(renderer) for c in ax.containers for p in c.patches]
    data += [c.get_window_extent(renderer) for c in ax.collections]
    points = [line.get_xydata() for line in ax.get_lines() if line.get_transform() == ax.transData]
    pixels = ax.transData.transform(np.vstack(points)) if points else np.empty((0, 2))
    assert data or len(pixels)
    assert not any(overlaps(legend, box) for box in data)
    assert not any(legend.x0 < x < legend.x1 and legend.y0 < y < legend.y1 for x, y in pixels)
    # and the legend stays inside the saved figure (constrained layout makes room for it)
    assert ax.figure.bbox.x1 >= legend.x1 - 0.5


def test_illustrative_parameters_are_labelled_so_wherever_a_figure_names_them(plt, drawings, calibrated):
    ps = calibrated.parameters
    assert ps["concession_multiplier"].illustrative and not ps["china_price"].illustrative
    ax = drawings["regime map"][0]()
    assert ax.get_xlabel() == "china price (USD/kg)"
    assert ax.get_ylabel() == "concession multiplier (multiple of China's rent) (illustrative)"
    for kind, axis in (("tornado", "y"), ("sobol", "x")):
        ax = drawings[kind][0]()
        ticks = [t.get_text() for t in getattr(ax, f"get_{axis}ticklabels")()]
        assert "concession multiplier (illustrative)" in ticks and "china price" in ticks
        for tick in ticks:  # every illustrative parameter, and only those, is marked
            name = tick.removesuffix(" (illustrative)").replace(" ", "_")
            assert tick.endswith(" (illustrative)") == ps[name].illustrative


@pytest.mark.parametrize("kind", KINDS)
def test_text_arguments_must_be_strings(plt, drawings, kind):
    function = {"regime map": "plot_regime_map", "tornado": "plot_tornado", "sobol": "plot_sobol",
                "bargaining": "plot_bargaining"}[kind]
    with pytest.raises(TypeError, match=rf"{function}\(\): title must be a string or None; got 3"):
        drawings[kind][0](title=3)


def test_parameters_must_be_a_parameter_set(plt, calibrated, linear_indices):
    with pytest.raises(TypeError, match=r"plot_sobol\(\): parameters must be a ParameterSet, a ParametricGame or "
                                        r"None; got dict"):
        plot_sobol(linear_indices, parameters={"a": 1})
    with pytest.raises(TypeError, match=r"plot_tornado\(\): unit must be a string or None; got 1"):
        plot_tornado(tornado(calibrated, "payoff_US"), unit=1)


# ---------------------------------------------------------------- the analysis' figures (leverage.figures)


def test_the_analysis_figures_draw_the_calibrated_export_game_and_the_recycling_talks(plt, calibrated, tmp_path):
    from leverage.figures import FIGURE_NAMES, analysis_figures, write_figures
    from leverage.scenarios.recycling import recycling_outcome
    from leverage.scenarios.trajectories import default_parameters

    ps = default_parameters()
    figures = analysis_figures(ps, quick=True)
    assert list(figures) == list(FIGURE_NAMES) == ["regime_map", "tornado", "sobol", "bargaining"]
    axes = {name: fig.axes[0] for name, fig in figures.items()}
    assert all(ax.get_title() and ax.get_legend() is not None for ax in axes.values())
    np.testing.assert_allclose(marked_points(axes["regime_map"])["calibration"],
                               [ps["china_price"].value, ps["concession_multiplier"].value])
    bars = sorted(tornado(calibrated, "payoff_US"), key=lambda b: -b.swing)
    np.testing.assert_allclose([p.get_width() for p in axes["tornado"].containers[0].patches],
                               [b.swing for b in bars], rtol=1e-12)
    assert axes["sobol"].get_ylabel() == "share of variance"
    gain = recycling_outcome(ps)["batna gain"]
    marks = marked_points(axes["bargaining"])
    np.testing.assert_allclose(marks["new BATNA"] - marks["BATNA"], [0.0, gain], atol=1e-12)
    assert axes["bargaining"].get_xlabel() == "China payoff (US$ bn per year)"
    paths = write_figures(ps, tmp_path / "new" / "figures", quick=True, dpi=30)
    assert [p.name for p in paths] == [f"{name}.png" for name in FIGURE_NAMES]
    for path in paths:
        data = path.read_bytes()
        assert data[:8] == PNG_SIGNATURE
        assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (240, 150)  # 8 x 5 in


def test_the_analysis_figures_refuse_bad_arguments(plt, tmp_path):
    from matplotlib.figure import Figure

    from leverage.figures import analysis_figures, figure_png, write_figures
    from leverage.scenarios.trajectories import default_parameters

    ps = default_parameters()
    with pytest.raises(TypeError, match=r"analysis_figures\(\): parameters must be a ParameterSet .*; got dict"):
        analysis_figures({"china_price": 50.0})
    with pytest.raises(ValueError, match=r"analysis_figures\(\): sobol_n must be a power of 2 .*; got 100"):
        analysis_figures(ps, sobol_n=100)
    with pytest.raises(TypeError, match=r"analysis_figures\(\): quick must be True or False; got 'yes'"):
        analysis_figures(ps, quick="yes")
    with pytest.raises(TypeError, match=r"figure_png\(\): fig must be a matplotlib Figure; got str"):
        figure_png("figure")
    with pytest.raises(ValueError, match=r"figure_png\(\): dpi must be at least 1; got 0"):
        figure_png(Figure(), dpi=0)
    with pytest.raises(TypeError, match=r"write_figures\(\): directory must be a path .*; got int"):
        write_figures(ps, 42)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValueError, match=r"write_figures\(\): directory .*file' is an existing file"):
        write_figures(ps, tmp_path / "file")
    with pytest.raises(TypeError, match=r"write_figures\(\): parameters must be a ParameterSet"):
        write_figures(None, tmp_path)


# ---------------------------------------------------------------- without matplotlib


def hide_matplotlib(monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)  # a None entry makes ``import`` raise ImportError
    monkeypatch.setitem(sys.modules, "matplotlib", None)


@pytest.mark.parametrize("function", [plot_regime_map, plot_tornado, plot_sobol, plot_bargaining])
def test_drawing_without_matplotlib_says_how_to_install_it(monkeypatch, function):
    hide_matplotlib(monkeypatch)
    with pytest.raises(ImportError, match=rf'{function.__name__}\(\): .*pip install "leverage\[plot\]"'):
        function(None)


def test_the_module_imports_without_matplotlib(monkeypatch):
    hide_matplotlib(monkeypatch)
    spec = importlib.util.find_spec("leverage.plotting")
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)  # a separate copy: the imported module is left alone
    assert set(fresh.__all__) == {"plot_regime_map", "plot_tornado", "plot_sobol", "plot_bargaining"}
    with pytest.raises(ImportError, match=r'pip install "leverage\[plot\]"'):
        fresh.plot_tornado([])
