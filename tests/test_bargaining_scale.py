"""Bargaining over many deals: the hull-based solutions against brute force, and the bounds on size.

Oracles, independent of the implementation:

- *brute force over every simplex of deals*: the Nash product is maximised on
  every deal, on every segment between two deals (by bounded scalar
  search) and, for three players, on every triangle of deals (the closed
  form on the triangle's plane, kept when it falls inside). The maximiser
  over the hull lies in the hull of the deals (free disposal only adds
  dominated points), on a face spanned by at most ``n`` deals, so the best of
  these is the Nash solution;
- *the first-order certificate*: ``u`` maximises the concave product over the
  hull exactly when ``g . (p - u) <= 0`` for every deal ``p``, with
  ``g = w / (u - d)``, and ``u`` lies in the hull (a linear programme with one
  weight per deal -- fine for an oracle);
- *linear programmes over deal weights* for the egalitarian and
  Kalai-Smorodinsky points.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.optimize import linprog, minimize_scalar

from leverage.bargaining import BargainingProblem
from leverage.bargaining.hull import MAX_HULL_PLAYERS, comprehensive_hull, pareto_vertices
from leverage.linkage import MultiIssueNegotiation


def nash_value(u, d, w):
    g = np.asarray(u, dtype=float) - d
    return -np.inf if np.any(g <= 0) else float(w @ np.log(g))


def brute_force_nash(P, d, w):
    """The best Nash product over every deal, segment of two deals and (three players) triangle of deals."""
    n = P.shape[1]
    best, arg = -np.inf, None
    for p in P:
        if nash_value(p, d, w) > best:
            best, arg = nash_value(p, d, w), p
    for a, b in itertools.combinations(P, 2):
        # the part of the segment where every gain is positive, then a bounded search inside it
        lo, hi = 0.0, 1.0
        for x, step in zip(a - d, b - a):
            if step > 0:
                lo = max(lo, -x / step)
            elif step < 0:
                hi = min(hi, -x / step)
            elif x <= 0:
                lo, hi = 1.0, 0.0
        if lo >= hi:
            continue
        t = minimize_scalar(lambda t, a=a, b=b: -nash_value(a + t * (b - a), d, w), method="bounded",
                            bounds=(lo + 1e-15 * (hi - lo), hi - 1e-15 * (hi - lo)), options={"xatol": 1e-13}).x
        for u in (a + t * (b - a), a + lo * (b - a), a + hi * (b - a)):
            if nash_value(u, d, w) > best:
                best, arg = nash_value(u, d, w), u
    if n == 3:
        for S in itertools.combinations(P, 3):
            S = np.array(S)
            normal = np.cross(S[1] - S[0], S[2] - S[0])
            if np.linalg.norm(normal) <= 1e-12:
                continue
            with np.errstate(divide="ignore", invalid="ignore"):
                x = w * (normal @ (S[0] - d)) / normal
            if not np.all(x > 0):
                continue
            lam = np.linalg.lstsq(np.vstack([S.T, np.ones(3)]), np.append(d + x, 1.0), rcond=None)[0]
            if np.all(lam >= -1e-12) and nash_value(d + x, d, w) > best:
                best, arg = nash_value(d + x, d, w), d + x
    return best, arg


def in_hull(P, u, atol):
    """Whether some mixture of the deals is at least ``u`` (within ``atol``): one weight per deal."""
    k = len(P)
    res = linprog(np.zeros(k), A_ub=-P.T, b_ub=-(u - atol), A_eq=np.ones((1, k)), b_eq=[1.0],
                  bounds=[(0, None)] * k, method="highs")
    return res.status == 0


def largest_equal_gain(P, base, direction):
    """``max t`` with ``base + t direction`` below a mixture of the deals."""
    k = len(P)
    c = np.zeros(k + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-P.T, direction[:, None]])
    res = linprog(c, A_ub=A_ub, b_ub=-base, A_eq=np.append(np.ones(k), 0.0)[None, :], b_eq=[1.0],
                  bounds=[(0, None)] * k + [(None, None)], method="highs")
    assert res.status == 0
    return float(res.x[-1])


def assert_nash_certificate(P, d, w, u, atol):
    """``u`` lies in the hull and no deal improves the product to first order."""
    u = np.asarray(u, dtype=float)
    assert np.all(u > d)
    assert in_hull(P, u, atol)
    g = w / (u - d)
    assert np.max((P - u) @ g) <= atol * float(np.abs(g).max())


coarse = st.integers(0, 10).map(float)  # a coarse grid: ties, duplicates, collinear and coplanar deals
fine = st.floats(0.0, 10.0, allow_nan=False).map(lambda v: round(v, 3))


@st.composite
def deal_sets(draw):
    """Deal sets of 1 to 7 deals for 2 or 3 players: arbitrary points, or points in convex position."""
    n = draw(st.integers(2, 3))
    k = draw(st.integers(1, 7))
    if draw(st.booleans()):
        value = draw(st.sampled_from([coarse, fine]))
        P = np.array([[draw(value) for _ in range(n)] for _ in range(k)])
    else:  # on the positive part of a sphere: every deal is Pareto optimal and extreme
        X = np.array([[draw(st.floats(0.05, 1.0)) for _ in range(n)] for _ in range(k)])
        P = 10.0 * X / np.linalg.norm(X, axis=1)[:, None]
    low, high = P.min(axis=0), P.max(axis=0)
    d = np.array([round(draw(st.floats(-2.0, 1.0)) * (high[i] - low[i] + 1) * 0.5 + low[i], 3) for i in range(n)])
    w = np.array([draw(st.floats(0.1, 1.0)) for _ in range(n)])
    return P, d, w / w.sum()


@given(deal_sets())
def test_nash_solution_equals_brute_force_over_every_simplex_of_deals(case):
    P, d, w = case
    problem = BargainingProblem.from_points(P, d)
    solution = problem.nash_solution(w)
    best, arg = brute_force_nash(P, d, w)
    scale = max(1.0, float(np.abs(P).max()))
    if not solution.agreement:
        # no agreement: no deal mixture gives every side a gain beyond the rounding of the zone test
        assert arg is None or np.min(arg - d) <= 1e-8 * scale
        return
    assert np.isfinite(best)
    got = nash_value(solution.utilities, d, w)
    rounding = 1e-11 * scale * float(np.max(w / (arg - d)))  # the solution is reported to 12 digits
    assert got >= best - 1e-9 - rounding  # never worse than brute force
    assert_nash_certificate(P, d, w, solution.utilities, 1e-9 * scale)
    np.testing.assert_allclose(solution.utilities, arg, atol=1e-5 * scale)


@given(deal_sets())
def test_egalitarian_and_kalai_smorodinsky_match_linear_programmes_over_deal_weights(case):
    P, d, _ = case
    problem = BargainingProblem.from_points(P, d)
    assume(not problem.zopa().empty)
    n = P.shape[1]
    scale = max(1.0, float(np.abs(P).max()))
    atol = 1e-7 * scale
    equal = problem.egalitarian().utilities
    assert in_hull(P, equal, atol) and problem.is_pareto_optimal(equal)
    assert np.min(equal - d) == pytest.approx(largest_equal_gain(P, d, np.ones(n)), abs=atol)
    ideal = np.array([d[i] + largest_equal_gain(P, d, np.eye(n)[i]) for i in range(n)])
    np.testing.assert_allclose(problem.ideal_point(), ideal, atol=atol)
    ks = problem.kalai_smorodinsky().utilities
    reach = largest_equal_gain(P, d, ideal - d)
    assert in_hull(P, ks, atol) and problem.is_pareto_optimal(ks)
    assert np.all(ks >= d + reach * (ideal - d) - atol)  # at least the maximal point of the segment


def test_a_large_two_player_set_and_a_large_three_player_set_pass_the_certificate():
    rng = np.random.default_rng(20240611)
    w2, w3 = np.array([0.3, 0.7]), np.array([0.2, 0.3, 0.5])
    disc = rng.normal(size=(20_000, 2))
    disc = np.abs(disc) / np.linalg.norm(disc, axis=1)[:, None] * rng.random((20_000, 1)) ** 0.5
    ball = np.abs(rng.normal(size=(3_000, 3)))
    ball = ball / np.linalg.norm(ball, axis=1)[:, None] * rng.random((3_000, 1)) ** (1 / 3)
    for P, d, w in ((disc, np.array([0.1, 0.05]), w2), (ball, np.array([0.05, 0.1, 0.0]), w3)):
        problem = BargainingProblem.from_points(P, d)
        u = problem.nash_solution(w).utilities
        assert_nash_certificate(P, d, w, u, 1e-9)
        for name in ("kalai_smorodinsky", "egalitarian"):
            v = getattr(problem, name)().utilities
            assert problem.is_pareto_optimal(v) and np.all(v > d)


def test_degenerate_deal_sets_give_their_obvious_solutions():
    d = np.zeros(2)
    one = BargainingProblem.from_points([[2.0, 3.0]], d)
    np.testing.assert_array_equal(one.nash_solution().utilities, [2.0, 3.0])
    line = BargainingProblem.from_points([[4.0, 0.0], [0.0, 4.0], [1.0, 3.0], [3.0, 1.0], [3.0, 1.0]], d)
    np.testing.assert_allclose(line.nash_solution().utilities, [2.0, 2.0], atol=1e-12)
    np.testing.assert_allclose(line.egalitarian().utilities, [2.0, 2.0], atol=1e-12)
    flat = BargainingProblem.from_points([[4.0, 0.0, 1.0], [0.0, 4.0, 1.0], [2.0, 2.0, 1.0]], np.zeros(3))
    np.testing.assert_allclose(flat.nash_solution().utilities, [2.0, 2.0, 1.0], atol=1e-9)
    below = BargainingProblem.from_points([[1.0, 0.0], [0.0, 1.0], [-5.0, -5.0]], [0.2, 0.1])
    np.testing.assert_allclose(below.nash_solution().utilities, [0.55, 0.45], atol=1e-12)


def test_the_hull_keeps_exactly_the_pareto_vertices():
    h = comprehensive_hull([[2, 0], [0, 2], [1.5, 1.5], [1, 1], [0.5, 0.5], [2, 0], [2, -1]])
    np.testing.assert_array_equal(h.vertices, [[0, 2], [1.5, 1.5], [2, 0]])
    assert np.all(h.normals >= 0)
    cube = np.array(list(itertools.product([0.0, 1.0], repeat=3)))
    np.testing.assert_array_equal(pareto_vertices(cube), [[1.0, 1.0, 1.0]])


def test_twenty_issues_bundle_without_enumerating_a_million_packages():
    pie = [[1.0, 0.0], [0.0, 1.0]]
    talks = MultiIssueNegotiation([pie] * 20, saliences=[[1.0, 2.0], [2.0, 1.0]] * 10, batnas=np.zeros((20, 2)))
    report = talks.compare()
    # each side takes the issues it values twice as much: 10 issues at salience 2
    np.testing.assert_allclose(report.bundled.utilities, [20.0, 20.0], atol=1e-9)
    assert report.gain_from_logrolling == pytest.approx(10.0)


def test_package_deals_beyond_the_bound_are_refused(monkeypatch):
    from leverage import linkage

    monkeypatch.setattr(linkage, "MAX_PACKAGE_CANDIDATES", 10)
    issue = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.4, 0.4, 0.4]]
    talks = MultiIssueNegotiation([issue] * 3, saliences=np.ones((3, 3)), batnas=np.zeros((3, 3)))
    with pytest.raises(ValueError, match=r"MultiIssueNegotiation.package_problem\(\): adding 'issue 2' would form "
                                         r"16 candidate packages .*MAX_PACKAGE_CANDIDATES"):
        talks.compare()


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: BargainingProblem.from_points(np.eye(MAX_HULL_PLAYERS + 1), np.zeros(MAX_HULL_PLAYERS + 1)),
         r"from_points\(\): the convex hull of deals is built for at most 6 players .* convex=False"),
        (lambda: BargainingProblem.from_points(np.random.default_rng(0).random((2_000, 6)), np.zeros(6)),
         r"from_points\(\): the convex hull of 2,000 points in 6 dimensions .* MAX_HULL_WORK"),
        (lambda: BargainingProblem.from_frontier(lambda *x: 1 - sum(x), np.zeros(7), bounds=[(0, 1)] * 6),
         r"from_frontier\(\): a frontier is accepted for at most 6 players"),
    ],
)
def test_exponential_sizes_are_refused_with_a_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_finite_sets_of_many_players_are_still_accepted():
    P = np.eye(8) * np.arange(1.0, 9.0)  # deal k gives player k a gain of k + 2, the others 1
    finite = BargainingProblem.from_points(P, np.full(8, -1.0), convex=False)
    assert finite.nash_solution().outcome == 7
