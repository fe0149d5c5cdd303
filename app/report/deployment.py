"""The decision package's deployment pages: the best option of each deployment model side by
side (money, then energy and operations), the cumulative-cost chart with its break-even months,
the hybrid's cost over the base percentile, and what each model's figures rest on."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import KeepTogether

from app.domain import DeploymentComparison, DeploymentRow, Scenario
from app.domain.energy_bound import upper_bound_cell
from app.report.charts import chart_drawing
from app.report.numbering import heading
from app.report.styles import para, table
from app.report.text import money, num

PORTRAIT_W = 495.0
TITLE = "Deployment: cloud, bare metal, on-prem or hybrid"
# engine.deployment.dominance's rule, in the report's words
DOMINATED_RULE = (
    "another row costs less over the horizon and commits you for no longer; committing longer to pay more "
    "is never the better buy"
)


def assumption_lines(c: DeploymentComparison, s: Scenario) -> list[str]:
    """What each deployment model's figures rest on, in words, with the values used."""
    a = s.assumptions
    return [
        f"Horizon {c.horizon_months} months, month by month; traffic growth {a.growth_per_quarter:.0%} a quarter. "
        "Cumulative cost is cash: capex when a node is first needed, no resale value; every reserved or leased "
        "node held at the horizon's end owes the rest of the term it is in (its first or a renewed one).",
        "Hourly profile: the workload's peak hours at peak rate, the other hours at the rate that keeps the "
        "stated mean (flat for steady traffic; a batch job's run hours at its run rate).",
        "Cloud on-demand and spot pay each hour's nodes; reserved 1 y / 3 y reserve the quietest hour's nodes "
        "and add on-demand nodes above them; spot carries all of an interruptible job at spot price x "
        f"(1 + {a.spot_interruption_rate:.0%} redone work), and for serving only the nodes above an on-demand floor.",
        "Bare metal: whole nodes leased by the month for their minimum term.",
        f"On-prem: capex x (1 + {a.install_share:.0%} installation and network) up front, operations "
        f"{a.operations_share:.0%} of capex a year, energy at ${a.electricity_usd_per_kwh:g}/kWh with PUE {a.pue:g}, "
        f"colocation ${a.colo_usd_per_kw_month:g} per kW a month, delivery in {a.on_prem_lead_time_days:g} days "
        "(unless the node states its own): until then the work runs on the model's cheapest cloud on-demand plan "
        "(the bridge, costed in the horizon), or starts late where no cloud candidate serves the model; capex is "
        f"paid on order. The monthly figure is the run rate after delivery, capex spread over "
        f"{a.amortisation_years:g} years.",
        f"Hybrid: an owned base sized to the {c.hybrid_base_percentile:g}th percentile of the hourly rates "
        "(linear between the sorted hours, P0 = nothing owned); the hours above what its whole replicas carry "
        "run the excess on cloud on-demand nodes with the cloud plan's spares. Its nodes are the owned base; "
        "the burst is given as cloud nodes at the busiest hour and node-hours a month. P0 is the all-cloud plan, "
        "P100 the all-owned one; the base waits for delivery on the cloud as on-prem does.",
        "Spare replicas (availability) sit on nodes of their own, in the options table and here alike: a spare "
        "packed on a node that also serves goes down with it, so it would cover no node failure (N+1).",
        (
            "Energy: accelerators between idle power and TDP as their decode steps keep them busy (the share "
            "of a step the memory system and the tensor cores work, from the roofline's own step; fitted on "
            "ML.ENERGY v3 H100 runs)"
            if a.busy_power_fraction is None
            else f"Energy: accelerators at {a.busy_power_fraction:.0%} of TDP while they run kernels (the "
            "busy power override) and at idle power while they wait on all-reduce or the runtime's per-step work"
        )
        + f" (idle = min({a.idle_power_fraction:.0%} of TDP, busy power) where no measured idle power is "
        "catalogued), busy "
        "1 - exp(-req/s per replica x one request's time alone) of an hour, at least req/s per replica / its max "
        "rate (a replica at its max rate is busy the whole hour), and idle the rest; plus host power, "
        "x PUE. "
        "Cloud rows are a physical estimate: providers publish no per-instance energy. CO2e uses the grid "
        "intensity of the instance's region (Google region-carbon-info, 2024) or the scenario's own figure.",
        "Operational burden points: cloud VM 1, bare metal 2, on-prem 4, hybrid 5 (what the team runs itself).",
    ]


def serving_words(c: DeploymentComparison, model: str) -> str:
    """Which model the rows serve, in words, ending the sentence: the recommended `model` when all
    rows serve it, else each row's model."""
    models = {r.model for r in c.rows}
    if models == {model}:
        return f", all serving {model}, the recommended option's model. "
    if len(models) == 1:
        return f", all serving {next(iter(models))}. "
    return ": " + "; ".join(f"{r.label} serves {r.model}" for r in c.rows) + ". "


def deployment_section(
    c: DeploymentComparison | None, s: Scenario, first: list[int] | None = None, model: str = ""
) -> list[Any]:
    """Flowables for the deployment comparison (an h2 block under the charts section); `model`:
    the recommended option's model, named above the tables."""
    out: list[Any] = [heading(TITLE, 1)]
    if c is None or not c.rows:
        why = "; ".join(c.missing) if c is not None and c.missing else "the sizing carries no deployment comparison"
        return out + [para(f"No deployment model could be compared: {why}.")]
    months = c.horizon_months
    money_rows = [
        [
            "Deployment model",
            "Hardware",
            "Nodes",
            "Upfront",
            "Per month",
            f"Over {months} months",
            f"of which owed after month {months}",
            "Per 1M tok",
        ]
    ]
    energy_rows = [
        [
            "Deployment model",
            "Power kW",
            "kWh / month",
            "Wh / 1M tok",
            "kg CO2e / month",
            "g CO2e / 1M tok",
            "Provision days",
            "Ops burden",
        ]
    ]
    for r in c.rows:
        mark = "≈" if r.energy_estimated else ""

        def energy(v: float | None, digits: int, r: DeploymentRow = r, mark: str = mark, co2: bool = False) -> str:
            """A row's energy figure; "incomplete" where it would leave a part out (no host power; for
            CO2e, a side's energy on an unknown grid)."""
            if v is None:
                return "n/a"
            if r.energy_incomplete or (co2 and r.co2e_missing):
                return f"≥ {num(v, digits)} ({r.lower_bound_short(co2)})"  # the known part: a lower bound
            if r.energy_bound == "upper":  # a host at its catalogued maximum every hour
                return upper_bound_cell(mark + num(v, digits))
            return mark + num(v, digits)

        money_rows.append(
            [
                f"{r.label} (dominated)" if r.dominated else r.label,
                r.hardware,
                f"{r.nodes} + {r.burst_nodes_max} burst" if r.burst_nodes_max else str(r.nodes),
                money(r.upfront_usd),
                money(r.cost_per_month_usd),
                money(r.horizon_cost_usd),
                money(r.owed_after_horizon_usd),
                money(r.cost_per_million_tokens_usd, 3),
            ]
        )
        energy_rows.append(
            [
                r.label,
                energy(r.power_kw, 2),
                energy(r.energy_kwh_per_month, 0),
                energy(r.energy_wh_per_million_tokens, 0),
                energy(r.co2e_kg_per_month, 0, co2=True),
                energy(r.co2e_g_per_million_tokens, 1, co2=True),
                num(r.lead_time_days, 0),
                num(r.ops_burden, 0),
            ]
        )
    out += [
        para(
            f"The best feasible option of each deployment model for this workload over {months} months"
            + serving_words(c, model)
            + "Figures marked ≈ are physical estimates for rented nodes.",
            "small",
        ),
        table(money_rows, [96, 110, 48, 48, 48, 52, 52, 46], numeric_cols=(2, 3, 4, 5, 6, 7)),
        para("", "small"),
        table(energy_rows, [110, 45, 55, 55, 62, 62, 50, 56], numeric_cols=(1, 2, 3, 4, 5, 6, 7)),
        para("What binds: " + "; ".join(f"{r.label}: {r.binds}" for r in c.rows if r.binds), "small"),
    ]
    gaps = [f"{r.label}: no {', no '.join(r.energy_missing)}" for r in c.rows if r.energy_incomplete]
    gaps += [
        f"{r.label}: CO2e without the energy with no {', no '.join(r.co2e_missing)}" for r in c.rows if r.co2e_missing
    ]
    if gaps:
        out.append(
            para(
                "Energy incomplete (a figure it needs is not in the catalog; ≥: the known part, a lower bound): "
                + "; ".join(gaps)
                + ".",
                "small",
            )
        )
    upper = [f"{r.label}: {'; '.join(r.energy_host_max)}" for r in c.rows if r.energy_bound == "upper"]
    if upper:
        out.append(
            para(
                "Energy an upper bound (≤: the host draws its catalogued maximum, the system maximum minus the "
                "accelerators' TDP, every hour; set the Host power assumption to your metered share): "
                + "; ".join(upper)
                + ".",
                "small",
            )
        )
    dominated = [f"{r.label}: {r.dominated}" for r in c.rows if r.dominated]
    if dominated:
        out.append(para("Dominated (" + DOMINATED_RULE + "): " + "; ".join(dominated) + ".", "small"))
    if c.cumulative_chart is not None:
        crossings = [
            f"month {b.month}: {b.cheaper_after} is cheaper in total than "
            f"{b.second if b.cheaper_after == b.first else b.first}"
            + (
                f" (behind again in month {b.behind_again}; for good from month {b.for_good_from})"
                if b.flips_back
                else ""
            )
            for b in c.break_evens
            if b.month is not None
        ]
        block = [
            chart_drawing(c.cumulative_chart, PORTRAIT_W, 260, first),
            para(
                ("Break-even: " + "; ".join(crossings) + ".")
                if crossings
                else "No break-even within the horizon: the order of the curves never changes.",
                "caption",
            ),
        ]
        out.append(KeepTogether([heading("Cumulative cost by deployment model", 1), *block]))
    if c.hybrid_chart is not None:
        out.append(
            KeepTogether(
                [
                    heading("Hybrid: cost over the base percentile", 1),
                    chart_drawing(c.hybrid_chart, PORTRAIT_W, 200, first),
                ]
            )
        )
    notes = [*c.missing, *c.notes] + [f"{r.label}: {'; '.join(r.assumptions)}" for r in c.rows if r.assumptions]
    out.append(heading("Assumptions behind each deployment model", 1))
    out += [para("• " + line, "small") for line in assumption_lines(c, s) + notes]
    return out
