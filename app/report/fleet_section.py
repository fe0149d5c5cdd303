"""The decision package's Fleet section, when a portfolio was planned with the scenario: the
verdict and its binding constraints, the pools, the stacked GPU demand chart of the busiest day,
the placement of replicas on nodes, what breaks when a node fails, chargeback per team and shared
vs separate fleets. Every figure is the FleetPlan's (app.engine.fleet); nothing is computed here."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak

from app.domain.fleet_results import CHARGEBACK_RULE, FleetPlan
from app.report.charts import chart_drawing
from app.report.numbering import heading
from app.report.styles import para, table
from app.report.text import money, num

PORTRAIT_W = 495.0
TITLE = "Fleet"


def _h2(text: str) -> Any:
    return para(text, "h2")


def _pct(v: float) -> str:
    return f"{v:.0%}" if v >= 0.995 or v == 0 else f"{v:.1%}"


def pool_rows(plan: FleetPlan) -> list[list[str]]:
    rows = [["Pool", "Node type", "Nodes", "GPUs per node", "$ per node-hour", "Spares for target", "$/month"]]
    for p in plan.pools:
        nodes = f"{p.nodes:,}" + (" (sized)" if p.sized else "") + (" burst, most in an hour" if p.burst else "")
        rows.append(
            [p.name, p.instance, nodes, str(p.gpus_per_node), num(p.price_usd_per_node_hour, 2),
             "-" if p.burst else str(p.reserve_nodes_needed), money(p.cost_usd_per_month)]
        )  # fmt: skip
    return rows


def placement_rows(plan: FleetPlan) -> list[list[str]]:
    rows = [["Node", "Failure domain", "GPUs used", "Replicas (GPUs each)"]]
    for n in plan.placement:
        reps = (
            ", ".join(f"{r.count} x {r.unit}{' spare (N+k)' if r.spare else ''} ({r.gpus:g})" for r in n.replicas)
            or "idle"
        )
        rows.append([f"{n.pool} #{n.node + 1}", str(n.domain + 1), f"{n.gpus_used:g} / {n.gpus}", reps])
    return rows


def failure_rows(plan: FleetPlan) -> list[list[str]]:
    rows = [["Lost", "Workload", "Priority", "Status", "Served", "Detail"]]
    for case in plan.failures:
        for k, i in enumerate(case.impacts):
            lost = f"{case.lost}, {case.hour_label} for {case.hours_out} h; {case.extra_cost_line}" if k == 0 else ""
            rows.append([lost, i.unit, i.priority.value.replace("_", " "), i.status, _pct(i.served_share), i.detail])
    return rows


def chargeback_rows(plan: FleetPlan) -> list[list[str]]:
    rows = [["Team", "Workloads", "GPU-h/week", "$/month", "Share"]]
    for t in plan.teams:
        rows.append(
            [t.team, ", ".join(t.workloads), num(t.gpu_hours_per_week), money(t.cost_usd_per_month), _pct(t.share)]
        )
    return rows


def kpi_rows(plan: FleetPlan) -> list[list[str]]:
    rows = [["Workload", "Priority", "SLA met", "GPU-h/week", "$/month", "$/1M tok", "kWh/month", "kg CO2e/month"]]
    for k in plan.kpis:
        rows.append(
            [k.name, k.priority.value.replace("_", " "), _pct(k.sla_attainment), num(k.gpu_hours_per_week),
             money(k.cost_usd_per_month), "-" if k.cost_per_mtok_usd is None else num(k.cost_per_mtok_usd, 3),
             _bounded(k.energy_kwh_per_month, k.energy_lower_bound),
             _bounded(k.co2e_kg_per_month, k.energy_lower_bound, "unknown")]
        )  # fmt: skip
    return rows


def fleet_section(plan: FleetPlan | None, recommendation: str = "") -> list[Flowable]:
    """The section's flowables; empty when no portfolio was given. `recommendation`: the package's
    recommended option, which this section says it does not follow."""
    if plan is None:
        return []
    out: list[Flowable] = [
        PageBreak(),
        heading(f"{TITLE}: {plan.portfolio}", 0),
        para(
            f"Several workloads sharing node pools over a representative week (168 hours, Monday 00:00 first), "
            f"planned by the {plan.method} planner. Base pools {plan.gpus:,} GPUs, {money(plan.cost_usd_per_month)} "
            "a month with hosted APIs, "
            + (
                f"energy {plan.energy_note}, "
                if plan.energy_kwh_per_month is None or plan.energy_kwh_per_week is None
                else f"{_ge(plan.energy_lower_bound)}{num(plan.energy_kwh_per_month, 0)} kWh a month "
                f"({num(plan.energy_kwh_per_week, 0)} kWh in an average week of the month: a monthly job's run once "
                "a month), "
            )
            + (
                "CO2e unknown"
                if plan.co2e_kg_per_week is None or plan.co2e_kg_per_month is None
                else f"{_ge(plan.energy_lower_bound)}{num(plan.co2e_kg_per_month, 0)} kg CO2e a month "
                f"({num(plan.co2e_kg_per_week, 0)} kg a week)"
                + (f" (energy {plan.energy_note})" if plan.energy_lower_bound else "")
            )
            + "; "
            f"busiest hour {plan.worst_hour_label}.",
            "small",
        ),
        para(plan.verdict, "body"),
    ]
    if recommendation:
        out.insert(
            3,
            para(
                f"This plan does not follow the recommendation ({recommendation}): the fleet planner places "
                "each workload of the portfolio with the model and node pools the portfolio names, shared with "
                "the other workloads, so its nodes, models and cost are the portfolio's, not this scenario's.",
                "small",
            ),
        )
    for b in plan.binding_constraints:
        out.append(para(f"Binding: {b.line}" + (f" Fix: {b.fix}" if b.fix else ""), "body"))
    out += [_h2("Node pools"), table(pool_rows(plan), [70, 120, 75, 50, 60, 60, 60], numeric_cols=(3, 4, 5, 6))]
    demand = next((c for c in plan.charts if c.key == "fleet_demand"), None)
    if demand is not None:
        out.append(
            KeepTogether(
                [
                    _h2(demand.title),
                    chart_drawing(demand, PORTRAIT_W, 290),
                    para(
                        "One bar per hour, 00:00 to 23:00; stacked by workload on the base pools, then "
                        "the spare replicas held idle for the workloads' SLA availability (Spare (N+k), hatched), "
                        "then burst, then what was preempted or sent to a fallback; the dashed line is the base "
                        "pools' GPUs.",
                        "caption",
                    ),
                ]
            )
        )
    out += [
        CondPageBreak(160),
        _h2(f"Placement at {plan.placement_hour_label or plan.worst_hour_label}"),
        table(placement_rows(plan), [95, 55, 60, 285], numeric_cols=(1, 2)),
    ]
    if plan.failures:
        out += [
            CondPageBreak(160),
            _h2("When a node fails"),
            table(failure_rows(plan), [100, 120, 50, 50, 40, 135], numeric_cols=(4,)),
        ]
    out += [
        CondPageBreak(140),
        _h2("Chargeback per team"),
        para(f"Chargeback rule: {CHARGEBACK_RULE}.", "small"),
        table(chargeback_rows(plan), [110, 190, 65, 75, 55], numeric_cols=(2, 3, 4)),
        _h2("Per workload"),
        table(kpi_rows(plan), [120, 55, 45, 55, 60, 50, 55, 60], numeric_cols=(2, 3, 4, 5, 6, 7)),
    ]
    if plan.co2e_note:
        out.append(para(f"CO2e unknown: {plan.co2e_note}.", "small"))
    if plan.sharing is not None:
        s = plan.sharing
        out += [
            _h2("Shared vs separate fleets"),
            para(
                f"GPUs: {s.gpus_line}. Shared: {money(s.shared_cost_usd_per_month)} a month. Separate: "
                f"{money(s.separate_cost_usd_per_month)} a month. Sharing saves {s.saving_owned_gpus:,} owned GPUs "
                f"and {money(s.saving_usd_per_month)} a month. Basis: {s.basis}.",
            ),
        ]
    return out


def _ge(lower: bool) -> str:
    return "≥ " if lower else ""


def _bounded(value: float | None, lower: bool, missing: str = "n/a") -> str:
    """A kWh or kg cell: `missing` when unknown, "≥ x (no host)" when the host power is unknown."""
    if value is None:
        return missing
    return f"≥ {num(value, 0)} (no host)" if lower else num(value, 0)
