"""Japan, 2010: the rare-earth halt as a screening gamble that lost.

Run with ``python examples/japan_2010.py``.

In September 2010 China halted rare-earth shipments to Japan for about two
months without announcing it, and cut its export quotas by about 40% that
year; dysprosium oxide rose from US$91/kg (Jan 2009) to US$2,377/kg (Aug 2011)
(Gholz and Hughes 2021). Japan answered by building other supply (Lynas,
recycling, thrift): its dependence on China fell from about 90% to 60-70%
over the following decade (Argus; JOGMEC) -- a decade of investment, not
the effect of the two-month halt alone.

China did not know what building other supply would cost Japan. The
screening model (:class:`leverage.coercion.ScreeningModel`) reads the halt as
a bet on that cost ``K``: believing it uniform on ``[0, K_max]``, China picks
one restriction, and every type of target with ``K`` below ``L r / (1 - dt)``
leaves. The script finds the beliefs ``K_max`` under which the embargo
(``r = 1``) was China's best choice *ex ante*, how likely it then was to push
Japan out, and why Japan, whose cost was in fact modest, left.

Periods are years; values are present values in units of China's yearly
rare-earth rent from Japan. Every number except the 2010 episode's
magnitudes is illustrative.
"""

from __future__ import annotations

from leverage.coercion import CoercionModel, ScreeningModel, coercion_parameters, screening_parameters

GHOLZ = "Gholz and Hughes (2021), Review of International Political Economy 28(3)"

#: Illustrative calibration: a three-year build (Lynas's Malaysian plant was financed in 2012 and produced from
#: 2013) and a small counter-lever while Japan builds (its NdFeB magnet patents).
CHANGES = {"build_time": 3.0, "counter_leverage": 0.3}
#: Japan's cost of building other supply, as it turned out (illustrative: a quarter of the PV of its loss).
JAPAN_COST = 10.0


def embargo_threshold(model: ScreeningModel, low: float, high: float) -> float:
    """The smallest belief K_max at which the embargo is optimal, by bisection (the regime switches once here)."""
    for _ in range(50):
        mid = 0.5 * (low + high)
        if model.solve(diversification_cost_max=mid).optimal_restriction == 1.0:
            high = mid
        else:
            low = mid
    return high


def main() -> None:
    screening = ScreeningModel(screening_parameters(**CHANGES))
    v = screening.values()
    print("Japan 2010 -- the rare-earth halt as a screening gamble")
    print(f"the episode: an unannounced halt of about two months (Sept 2010); dysprosium oxide US$91/kg (Jan 2009) "
          f"-> US$2,377/kg (Aug 2011), x{2377 / 91:.0f} ({GHOLZ})")
    print("the model's numbers below are illustrative (rent 1, loss 4, concession share 0.5, discount factors 0.9, "
          f"build time {CHANGES['build_time']:g} years, counter-leverage {CHANGES['counter_leverage']:g}); "
          "values are present values in units of China's yearly rent from Japan\n")

    print("China's best restriction as its belief about Japan's cost of other supply varies (K ~ U[0, K_max]):")
    print(f"{'K_max':>7} {'restriction':>11} {'P(exit)':>8} {'value':>7}  regime")
    for kmax in (20.0, 40.0, 60.0, 80.0, 100.0, 200.0, 400.0):
        out = screening.solve(diversification_cost_max=kmax)
        print(f"{kmax:7g} {out.optimal_restriction:11.3f} {out.p_exit:8.3f} {out.value:7.2f}  {out.regime}")

    k_star = embargo_threshold(screening, 60.0, 1000.0)
    at_star = screening.solve(diversification_cost_max=k_star)
    cutoff = float(screening.cutoff(1.0))
    print(f"\nThe embargo is China's best choice once it believes K_max >= {k_star:.1f}: it then expects "
          f"Japan to leave with probability {at_star.p_exit:.2f} (every type with K < {cutoff:.0f}) "
          f"and to keep a target that pays up otherwise.")

    complete = CoercionModel(coercion_parameters(**CHANGES, diversification_cost=JAPAN_COST))
    known = complete.solve()
    halt = float(complete.value(1.0))
    print(f"\nJapan's actual cost of other supply (illustrative): K = {JAPAN_COST:g}. Against a full halt it "
          f"compares the present value of its losses, {v['target_loss']:g} / (1 - {v['target_discount']:g}) = "
          f"{cutoff:.0f}, with that cost, and {'stays' if bool(complete.stays(1.0)) else 'exits'}.")
    print(f"Had China known K, it would have restricted to r = {known.optimal_restriction:.2f} (the threshold "
          f"K (1 - dt) / L) and kept Japan, worth {known.optimum:.2f}; the halt, once Japan leaves, is worth "
          f"{halt:.2f}.")
    print(f"\nConclusion: under a belief that Japan's way out was dear (K_max above about {k_star:.0f}), the halt "
          f"was a rational gamble -- China accepted about a {at_star.p_exit:.0%} risk of losing Japan for a "
          f"larger squeeze of the types that stay. Japan's way out was in fact cheaper than its losses from a lasting "
          f"halt, so Japan was one of the types that exit: the gamble lost, and a valve set at "
          f"{known.optimal_restriction:.2f} would have been worth {known.optimum - halt:.2f} more to China.")


if __name__ == "__main__":
    main()
