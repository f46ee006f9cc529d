"""Japan, 2010: why a rare-earth halt backfired and calibrated licensing would not have.

Run with ``python examples/japan_2010.py``.

In September 2010 China halted rare-earth shipments to Japan for about two
months without announcing it, and cut its export quotas by about 40% that
year; dysprosium oxide rose from US$91/kg (Jan 2009) to US$2,377/kg (Aug 2011)
(Gholz and Hughes 2021). Japan answered by building other supply (Lynas,
recycling, thrift): its dependence on China fell from about 90% to about 60%
within a decade.

The calibrated-coercion model (:class:`leverage.coercion.CoercionModel`) reads
the episode as follows. The target (Japan) stays and complies as long as the
restriction costs it less than diversifying, i.e. below the diversification
threshold ``r* = K (1 - dt) / L``. The halt -- restriction 1 while it lasted,
and a standing threat after it -- lies far above the threshold when Japan's
diversification cost ``K`` is modest, so Japan diversifies and China keeps
only the concessions and rent of the build years. A licensing valve set at or
below the threshold keeps Japan dependent and complying, and is worth more to
China. The script prints the solved model, then moves ``K`` over its range.
Periods are years; values are in units of China's export rent per year.
"""

from __future__ import annotations

from leverage import Parameter, ParameterSet
from leverage.coercion import CoercionModel

GHOLZ = "Gholz and Hughes (2021), Review of International Political Economy 28(3)"
DEPENDENCE = "Japan's dependence on Chinese rare earths about 90% (2010) to about 60-70% now (Argus; JOGMEC)"

PARAMETERS = ParameterSet(
    rent=Parameter(1.0, 0.1, 5.0, "rent/year", "normalisation: China's rare-earth export rent from Japan"),
    target_loss=Parameter(4.0, 0.5, 20.0, "rent/year at full restriction",
                          f"illustrative; {GHOLZ}: dysprosium oxide US$91/kg (Jan 2009) to US$2,377/kg (Aug 2011)"),
    concession_share=Parameter(0.5, 0.0, 1.0, "share", "illustrative"),
    diversification_cost=Parameter(10.0, 1.0, 60.0, "rent (present value)", f"illustrative; {DEPENDENCE}"),
    build_time=Parameter(2.0, 1.0, 10.0, "years",
                         "illustrative; US-Japan-EU-Australia financing of Lynas's Malaysian plant (2012); "
                         + DEPENDENCE),
    coercer_discount=Parameter(0.9, 0.8, 0.99, "per year", "illustrative"),
    target_discount=Parameter(0.9, 0.8, 0.99, "per year", "illustrative"),
    counter_leverage=Parameter(0.3, 0.0, 2.0, "rent/year at full restriction",
                               "illustrative; Japan's NdFeB magnet patents (Hitachi): licence fees up to 30% of "
                               "some Chinese firms' overseas magnet sales (Valori 2025, World Geostrategic Insights)"),
    retaliation_cost=Parameter(0.5, 0.0, 5.0, "rent/year at full restriction", "illustrative"),
)


def main() -> None:
    model = CoercionModel(PARAMETERS)
    out = model.solve()
    print("Japan 2010 -- calibrated coercion vs embargo")
    print(f"dysprosium oxide price multiple 2009 -> 2011: {2377 / 91:.0f}x ({GHOLZ})")
    for name, p in PARAMETERS.items():
        print(f"  {name:21s} {p.value:6g}  [{p.low:g}, {p.high:g}]  {p.unit}")

    print(f"\ndiversification threshold r* = K (1 - dt) / L = {out.threshold:.3f}")
    print(f"optimal restriction: {out.optimal_restriction:g}  -> Japan's answer: {out.answer}  "
          f"(regime: {out.regime})")
    print(f"Japan's answer to the 2010 halt (restriction 1): {out.answers[-1]}")
    print("China's present values (units of a year's rent):")
    rows = (("status quo (r = 0)", out.status_quo),
            (f"optimum (r = {out.optimal_restriction:g}, {out.answer})", out.optimum),
            (f"embargo (r = 1, {out.answers[-1]})", out.embargo))
    for label, value in rows:
        print(f"  {label:30s} {value:7.3f}")
    print(f"calibrated licensing beats the embargo by {out.optimum - out.embargo:.3f} "
          f"and the status quo by {out.optimum - out.status_quo:.3f}")

    print("\nHow the optimum moves with Japan's diversification cost K:")
    print(f"{'K':>6} {'threshold':>9} {'optimum':>8} {'answer':>9} {'answer to halt':>15} "
          f"{'PV optimum':>10} {'PV embargo':>10}  regime")
    for K in (1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 40.0, 60.0):
        o = model.solve(diversification_cost=K)
        print(f"{K:6g} {o.threshold:9.3f} {o.optimal_restriction:8.2f} {o.answer:>9} {o.answers[-1]:>15} "
              f"{o.optimum:10.3f} {o.embargo:10.3f}  {o.regime}")

    full = PARAMETERS["target_loss"].value / (1 - PARAMETERS["target_discount"].value)
    print(f"\nThe halt stays below the threshold only if K >= L / (1 - dt) = {full:.0f} rent-years.")
    print("At a modest K the 2010 halt was a restriction above the threshold: Japan diversified, "
          "while a valve at or below the threshold would have kept it dependent and complying.")


if __name__ == "__main__":
    main()
