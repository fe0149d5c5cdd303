"""Energy as a curve: Wh per 1M tokens against mean traffic for the leading feasible options.

Each point prices the option's own plan (on-prem capex, bare-metal lease, or the scenario's cloud
pricing, as `compare.attach` does) for one month of the workload's hourly profile scaled to that
mean rate, and reads its facility energy (`engine.power` at each hour's busy share, PUE included)
over the tokens served: Wh / 1M tokens = kWh x 1000 / (tokens / 1e6). At the workload's own mean
the curve passes through the option's `energy_wh_per_million_tokens`."""

from __future__ import annotations

import numpy as np

from app.domain import Catalog, Chart, ReferenceLine, Scenario, Series, Sizing
from app.engine.charts import TRAFFIC_OPTIONS, TRAFFIC_STEPS, leading_feasible, rate_axis, rate_reference, rate_words
from app.engine.deployment import energy as en
from app.engine.deployment.compare import fleet_of, modes, option_profile, own_plan, scenario_profile

KEY = "energy_vs_traffic"


def energy_chart(sizing: Sizing, s: Scenario, catalog: Catalog) -> Chart:
    """The chart; no series when no feasible option has an energy figure or the workload no traffic."""
    profile = scenario_profile(s)
    # the x axis: the cost chart's rate (a batch job's rate while a run works, requests / deadline;
    # else the mean), scaled by the same traffic steps
    b = s.workload.batch
    mean = b.requests_per_s if rate_words(s) == "while running" and b is not None else profile.mean_rate
    series: list[Series] = []
    # the option the charts lead with (sizing.chart_lead) first, then the others in rank order
    picks = [(n, o) for n, o in leading_feasible(sizing, sizing.chart_lead) if o.energy_wh_per_million_tokens]
    for n, o in picks[:TRAFFIC_OPTIONS] if mean > 0 else []:
        f = fleet_of(o, catalog, s)
        if f is None:
            continue
        key = own_plan(f, s.assumptions)
        dep = key[0]
        # the option's own month (a batch run holds its nodes for its work hours); its mean over the
        # month is the workload's (the same requests a month), so the x axis is shared
        own = option_profile(s, o)
        xs, ys, labels = [], [], []
        for k in TRAFFIC_STEPS:
            priced = modes(f, own.scaled(float(k)), np.ones(1), s, catalog, only={key, (dep, "on_demand")})
            p = priced.get(key) or priced.get((dep, "on_demand"))
            wh = None if p is None else en.wh_per_million_tokens(float(p.kwh[0]), float(p.tokens[0]))
            if wh is None or not np.isfinite(wh):
                continue
            xs.append(mean * float(k))
            ys.append(wh)
            labels.append(
                f"{o.label}: {mean * k:,.3g} req/s {rate_words(s)} → {wh:,.0f} Wh per 1M tokens "
                f"({float(p.kwh[0]):,.0f} kWh/month, {int(p.nodes[0])} node(s))"  # type: ignore[union-attr]
            )
        if xs:
            series.append(Series(name=o.label, x=xs, y=ys, option_index=n, labels=labels, role="option"))
    return Chart(
        key=KEY,
        title="Energy per 1M tokens vs traffic",
        x_label=rate_axis(s),
        x_unit="req/s",
        y_label="Energy per 1M tokens",
        y_unit="Wh",
        kind="line",
        series=series,
        reference_lines=[ReferenceLine(label=rate_reference(s, mean), value=mean, orientation="vertical")]
        if series
        else [],
    )
