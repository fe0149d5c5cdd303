"""`archwise fleet PORTFOLIO.yaml`: several workloads on one fleet of node pools."""

from __future__ import annotations

import argparse

from app.cli import close_project
from app.cli.sizing_cmd import table
from app.domain.fleet_results import CHARGEBACK_RULE, CHARGEBACK_SHORT


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser(
        "fleet",
        help="plan a fleet for a portfolio of workloads: node counts, what runs when, failures, chargeback",
        description="Plan PORTFOLIO.yaml (see the README, 'Fleet portfolios'): the verdict or what binds, pools "
        "and node counts, shared vs separate fleets, per-hour demand, KPIs per workload and team, failures.",
    )
    p.add_argument(
        "portfolio",
        help="portfolio YAML file (see catalog/examples/fleet/), or the name of a portfolio saved in the project "
        "(archwise portfolio import/list)",
    )
    p.add_argument("--json", action="store_true", help="print the whole plan as JSON (hourly series: 168 values)")
    p.add_argument(
        "--method",
        choices=["greedy", "milp"],
        default="greedy",
        help="greedy: the fast path (default); milp: the exact plan from HiGHS (slower)",
    )
    p.add_argument(
        "--simulate", action="store_true", help="also check each serving workload's p95 by discrete-event simulation"
    )
    p.add_argument("--project", default=None, help="project file (default: the one in the user data folder)")
    p.set_defaults(handler=run_fleet)


def run_fleet(args: argparse.Namespace) -> int:
    from app.services.catalog import open_project
    from app.services.fleet import fleet_json, load_portfolio, plan_portfolio
    from app.services.portfolios import looks_like_file

    if looks_like_file(args.portfolio):
        load_portfolio(args.portfolio)  # a bad file is refused before a project is opened
    project = open_project(args.project, read_only=True)
    try:
        plan = plan_portfolio(project, args.portfolio, method=args.method, simulate=args.simulate)
    finally:
        close_project(project)
    print(fleet_json(plan) if args.json else render_plan(plan))
    return 0  # a verdict is an answer, not an error: scripts read `feasible` from --json


def _money(x: float | None, digits: int = 0) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def render_plan(fp) -> str:  # type: ignore[no-untyped-def]
    lines = [f"Portfolio: {fp.portfolio}  (plan: {fp.method}; a representative week, Monday 00:00 first)"]
    lines.append(f"Verdict: {fp.verdict}")
    for b in fp.binding_constraints:
        lines.append(f"  - {b.line}")
        if b.fix:
            lines.append(f"      fix: {b.fix}")
    lines += ["", "Pools:"]
    rows = []
    for p in fp.pools:
        how = "burst (most rented in an hour)" if p.burst else ("sized" if p.sized else "given")
        peak = max(p.utilisation_by_hour) if p.utilisation_by_hour else 0.0
        mean = sum(p.utilisation_by_hour) / len(p.utilisation_by_hour) if p.utilisation_by_hour else 0.0
        rows.append(
            [
                p.name,
                p.instance,
                f"{p.nodes} ({how})",
                str(p.nodes * p.gpus_per_node),
                f"{p.price_usd_per_node_hour:,.2f}",
                f"{peak:.0%} / {mean:.0%}",
                "-" if p.burst else str(p.reserve_nodes_needed),
                _money(p.cost_usd_per_month),
            ]
        )
    lines += table(
        ["pool", "node type", "nodes", "GPUs", "$/node-hour", "GPU util peak/mean", "spares for target", "$/month"],
        rows,
    )
    for p in fp.pools:
        lines.append(f"  {p.name}: price {p.price_basis}; power {p.power_basis}")
        if not p.burst:
            lines.append(f"    spares: {p.reserve_basis}")
    lines.append(
        f"Fleet: {fp.gpus} GPUs in base pools, ${fp.cost_usd_per_month:,.0f}/month (hosted APIs included), "
        + (
            "energy n/a"
            if fp.energy_kwh_per_month is None or fp.energy_kwh_per_week is None
            else f"{_ge(fp.energy_lower_bound)}{fp.energy_kwh_per_month:,.0f} kWh/month "
            f"({fp.energy_kwh_per_week:,.0f}/week)"
        )
        + ", CO2e "
        + (
            "unknown"
            if fp.co2e_kg_per_week is None or fp.co2e_kg_per_month is None
            else f"{_ge(fp.energy_lower_bound)}{fp.co2e_kg_per_month:,.0f} kg/month "
            f"({fp.co2e_kg_per_week:,.0f} kg/week)"
        )
        + (" (no host)" if fp.energy_lower_bound else "")
        + f", {fp.idle_gpu_hours_per_week:,.0f} idle GPU-hours/week "
        "(an average week of the month: a monthly job's run once a month)"
    )
    if fp.energy_note:
        lines.append(f"  Energy {fp.energy_note}")
    if fp.sharing is not None:
        s = fp.sharing
        lines += [
            "",
            f"Shared vs separate: shared ${s.shared_cost_usd_per_month:,.0f}/month; separate "
            f"${s.separate_cost_usd_per_month:,.0f}/month; sharing saves {s.saving_owned_gpus:,} owned GPUs "
            f"and ${s.saving_usd_per_month:,.0f}/month",
            f"  GPUs: {s.gpus_line}",
            f"  ({s.basis})",
        ]
        for sep in s.separate:
            cost = f"${sep.cost_usd_per_month:,.0f}/month"
            lines.append(f"  - {sep.unit} alone: {sep.nodes} x {sep.pool} ({sep.gpus} GPUs, {cost})")
    day = fp.worst_hour // 24
    lines += ["", f"Demand on the busiest day ({fp.worst_hour_label[:3]}), GPUs per hour (serving: req/s in brackets):"]
    header = ["workload"] + [f"{h:02d}" for h in range(24)]
    rows = []
    for u in fp.units:
        gpus = u.gpus_by_hour[day * 24 : day * 24 + 24]
        row = [u.name] + [f"{g:g}" for g in gpus]
        rows.append(row)
        if u.demand_rps_by_hour:
            rows.append(["  (req/s)"] + [f"{d:.3g}" for d in u.demand_rps_by_hour[day * 24 : day * 24 + 24]])
    lines += table(header, rows)
    lines += ["", f"KPIs per workload (per month; chargeback: {CHARGEBACK_SHORT}):"]
    rows = []
    for k in fp.kpis:
        rows.append(
            [
                k.name,
                k.team,
                k.priority.value,
                f"{k.sla_attainment:.1%}",
                f"{k.requests_per_week:,.0f}",
                f"{k.gpu_hours_per_week:,.0f}",
                _money(k.cost_usd_per_month),
                _money(k.cost_per_request_usd, 5),
                _money(k.cost_per_mtok_usd, 3),
                _bound(k.energy_kwh_per_month, k.energy_lower_bound),
                _bound(k.co2e_kg_per_month, k.energy_lower_bound, "unknown"),
            ]
        )
    lines += table(
        ["workload", "team", "priority", "SLA met", "requests/week", "GPU-h/week", "$/month", "$/request",
         "$/1M tok", "kWh/month", "kg CO2e/month"],
        rows,
    )  # fmt: skip
    if fp.co2e_note:
        lines.append(f"  CO2e unknown: {fp.co2e_note}")
    lines += ["", "Cost per team:"]
    lines += table(
        ["team", "$/month", "share", "kg CO2e/month", "workloads"],
        [
            [
                t.team,
                _money(t.cost_usd_per_month),
                f"{t.share:.0%}",
                _bound(t.co2e_kg_per_month, t.co2e_lower_bound, "unknown"),
                ", ".join(t.workloads),
            ]
            for t in fp.teams
        ],
    )
    lines.append(f"Chargeback rule: {CHARGEBACK_RULE}.")
    if fp.failures:
        lines += ["", "Failures at the worst hour:"]
        for f in fp.failures:
            lines.append(f"  {f.lost} lost at {f.hour_label} for {f.hours_out} h: {f.extra_cost_line}")
            for i in f.impacts:
                lines.append(f"    - {i.unit} ({i.priority.value}): {i.status}; {i.detail}")
    lines += ["", f"Placement at {fp.worst_hour_label}:"]
    for n in fp.placement:
        reps = (
            ", ".join(f"{r.count} x {r.unit}{' spare (N+k)' if r.spare else ''} ({r.gpus:g} GPU)" for r in n.replicas)
            or "idle"
        )
        lines.append(f"  {n.pool} node {n.node + 1} (domain {n.domain + 1}): {n.gpus_used:g}/{n.gpus} GPUs: {reps}")
    if fp.simulation:
        lines += ["", f"Discrete-event check (SimPy) at {fp.worst_hour_label}, then with the first failure case:"]
        lines += table(
            ["workload", "hour", "req/s", "requests", "slots", "e2e p95 analytic ms", "e2e p95 simulated ms",
             "after failure: slots", "e2e p95 ms", "preempted"],
            [
                [s.unit, s.hour_label, f"{s.rate_rps:,.3g}",
                 str(s.requests) + (f" ({s.share_simulated:.2%} of it)" if s.share_simulated < 1 else ""),
                 str(s.slots),
                 f"{s.analytic_e2e_p95_ms:,.0f}", f"{s.simulated_e2e_p95_ms:,.0f}",
                 "-" if s.failure_slots is None else str(s.failure_slots),
                 "-" if s.failure_e2e_p95_ms is None else f"{s.failure_e2e_p95_ms:,.0f}", str(s.preempted_requests)]
                for s in fp.simulation
            ],
        )  # fmt: skip
    if fp.notes:
        lines += ["", "Notes:"] + [f"  - {n}" for n in fp.notes]
    lines += ["", "Replica specs (from the engine's sizing on each pool):"]
    for r in fp.replica_specs:
        per_run = f"{r.unit_hours_per_run or 0:,.1f} h per run"
        rate = f"{r.requests_per_s:,.4g} req/s per replica" if r.requests_per_s else per_run
        lines.append(f"  - {r.unit} on {r.pool}: {r.option}, {rate}")
    return "\n".join(lines)


def _ge(lower: bool) -> str:
    return ">= " if lower else ""


def _bound(value: float | None, lower: bool, missing: str = "n/a") -> str:
    """A kWh or kg figure: `missing` when unknown, ">= x (no host)" when the host power is unknown."""
    if value is None:
        return missing
    return f">= {value:,.0f} (no host)" if lower else f"{value:,.0f}"
