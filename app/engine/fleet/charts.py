"""Chart data of a fleet plan (domain `Chart` records): the Fleet page and the report draw the same
records, so screen and PDF cannot disagree (see app.engine.charts)."""

from __future__ import annotations

from app.domain import Chart, ReferenceLine, Series
from app.domain.fleet_results import FleetPlan
from app.domain.portfolio import HOURS_PER_DAY, hour_label

BURST = "Burst (rented)"
SHORT = "Preempted or to fallback (GPU equivalent)"
SPARE = "Spare (N+k)"


def demand_chart(plan: FleetPlan, day: int | None = None) -> Chart:
    """GPUs per hour of one day (default: the day of the worst hour), stacked by workload on the
    base pools, then the workloads' spare replicas held for their SLA availability (N + k, on any
    pool; role "spare": drawn lighter and hatched), then what burst pools carry, then the demand the
    fleet did not carry (unmet or sent to a fallback) as GPUs at the unit's best footprint / rate;
    reference lines at the base pools' GPUs and at max utilisation of them."""
    d = plan.worst_hour // HOURS_PER_DAY if day is None else day
    hours = list(range(d * HOURS_PER_DAY, (d + 1) * HOURS_PER_DAY))
    burst_pools = {p.name for p in plan.pools if p.burst}
    series = []
    burst = [0.0] * len(hours)
    short = [0.0] * len(hours)
    spare = [0.0] * len(hours)
    for u in plan.units:
        if u.kind == "hosted":
            continue
        specs = [s for s in plan.replica_specs if s.unit == u.name]
        base_gpus = []
        for k, h in enumerate(hours):
            on_base = 0.0
            for pool, reps in u.replicas_by_hour.items():
                foot = next((s.footprint_gpus for s in specs if s.pool == pool), 1.0)
                held = u.spare_replicas_by_hour.get(pool, [0] * len(reps))[h]
                spare[k] += held * foot
                if pool in burst_pools:
                    burst[k] += (reps[h] - held) * foot
                else:
                    on_base += (reps[h] - held) * foot
            base_gpus.append(on_base)
            if u.unmet_rps_by_hour and specs:
                per = min(s.footprint_gpus / s.requests_per_s for s in specs if s.requests_per_s > 0)
                short[k] += (u.unmet_rps_by_hour[h] + u.fallback_rps_by_hour[h]) * per
        series.append(
            Series(
                name=u.name,
                x=[float(k) for k in range(len(hours))],
                y=base_gpus,
                labels=[f"{hour_label(h)}: {u.name} {g:g} GPUs" for h, g in zip(hours, base_gpus, strict=True)],
            )
        )
    for name, ys in ((SPARE, spare), (BURST, burst), (SHORT, short)):
        if any(v > 0 for v in ys):
            series.append(
                Series(
                    name=name,
                    x=[float(k) for k in range(len(hours))],
                    y=ys,
                    labels=[f"{hour_label(h)}: {name} {v:,.3g} GPUs" for h, v in zip(hours, ys, strict=True)],
                    role="spare" if name == SPARE else "component",
                )
            )
    gpus = sum(p.nodes * p.gpus_per_node for p in plan.pools if not p.burst)
    refs = [ReferenceLine(label=f"Base pools {gpus} GPUs", value=float(gpus))] if gpus else []
    return Chart(
        key="fleet_demand",
        title=f"GPUs by workload, {hour_label(hours[0])[:3]} (base pools, spares, burst, preempted)",
        x_label="Hour",
        x_unit="h",
        y_label="GPUs",
        y_unit="GPUs",
        kind="stacked_bar",
        series=series,
        reference_lines=refs,
        categories=[f"{h % 24:02d}" for h in hours],
    )


def utilisation_chart(plan: FleetPlan) -> Chart:
    """Each pool's GPU utilisation over the week [fraction of its powered GPUs]."""
    series = [
        Series(
            name=p.name,
            x=[float(h) for h in range(len(p.utilisation_by_hour))],
            y=p.utilisation_by_hour,
            labels=[f"{hour_label(h)}: {v:.0%}" for h, v in enumerate(p.utilisation_by_hour)],
        )
        for p in plan.pools
    ]
    return Chart(
        key="fleet_utilisation",
        title="GPU utilisation by hour of the week",
        x_label="Hour of the week (Monday 00:00 = 0)",
        x_unit="h",
        y_label="Utilisation",
        y_unit="fraction",
        series=series,
    )


def chargeback_chart(plan: FleetPlan) -> Chart:
    """Cost per team per month [USD], fleet share and hosted APIs stacked."""
    teams = [t.team for t in plan.teams]
    fleet = {t: 0.0 for t in teams}
    hosted = {t: 0.0 for t in teams}
    # weeks a month (hours_per_month / 168, the plan's "month" explanation); the fleet share is the
    # workload's own monthly cost less its hosted APIs (a monthly job's burst run counts once a month)
    month = next((e.value for e in plan.explanations if e.quantity == "month"), 0.0)
    for k in plan.kpis:
        hosted[k.team] += k.hosted_cost_usd_per_week * month
        fleet[k.team] += k.cost_usd_per_month - k.hosted_cost_usd_per_week * month
    series = [
        Series(
            name=name,
            x=[float(i) for i in range(len(teams))],
            y=[values[t] for t in teams],
            labels=[f"{t}: {name} ${values[t]:,.0f}/month" for t in teams],
        )
        for name, values in (("Fleet share", fleet), ("Hosted APIs", hosted))
    ]
    return Chart(
        key="fleet_chargeback",
        title="Cost per team",
        x_label="Team",
        x_unit="",
        y_label="Cost",
        y_unit="USD/month",
        kind="stacked_bar",
        series=series,
        categories=teams,
    )


def build(plan: FleetPlan) -> list[Chart]:
    return [demand_chart(plan), utilisation_chart(plan), chargeback_chart(plan)]
