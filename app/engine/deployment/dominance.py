"""Dominated deployment rows: a commitment that costs more than a plan that binds you to less.

The comparison shows the best option of each deployment model. A model can only be priced on the
hardware that carries its price, so its best row may be far dearer than the cheapest plan
elsewhere: GCP's 1-year reserved a3-highgpu-8g at $89,620/month beside a $2,913/month on-demand
RunPod H100 (issue 18). Such a row is still cheaper than the same instance on demand, so the rule
that drops reserved rows which commit to nothing (`compare._commits_nothing`) keeps it.

The rule (an ordinary Pareto dominance over two things an architect trades against each other):
a row is *dominated* when another row costs less over the horizon and commits you for no longer.
Committing for longer to pay more is never the right buy; the row stays in the comparison, marked,
with the row that beats it and by how much (its horizon cost over the other's).

Commitment [months] is the least a plan binds you to (`commitment_months`): on-demand and spot 0,
reserved 1 y 12, reserved 3 y 36, a bare-metal lease its minimum term (0 when billed by the hour),
on-prem and a hybrid's owned base the years their capex is written off over. A row that commits
nothing is dominated by a cheaper row that commits nothing either (tgui5 D2: a $310,595 spot row,
its one node all on-demand floor, beside a $105,675 on-demand row, unmarked). Spot rows beat
others only for interruptible work: for serving, spot loses the nodes above the on-demand floor
when the provider takes them back, a risk the other plans do not carry, so a cheaper spot row does
not make another row a worse buy.
"""

from __future__ import annotations

from app.domain import DeploymentRow, Sizing

# Relative margin under which two horizon costs are the same figure (float noise, not a saving).
SAME_COST = 1e-9


def commitment_months(
    deployment: str, pricing: str, lease_term_months: int | None, leased: bool, amortisation_years: float
) -> float:
    """The least a plan binds you to [months].

    `leased`: the bare-metal offer has a monthly lease price (else it is billed by the hour and
    binds you to nothing); a lease with no stated term binds one month, as its row says."""
    if deployment in ("on_prem", "hybrid"):
        return 12.0 * amortisation_years
    if deployment == "bare_metal":
        return float(lease_term_months or 1) if leased else 0.0
    return {"reserved_1y": 12.0, "reserved_3y": 36.0}.get(pricing, 0.0)


def dominating_row(row: DeploymentRow, rows: list[DeploymentRow], spot_ok: bool) -> DeploymentRow | None:
    """The cheapest row over the horizon that commits for no longer than `row` and costs less than
    it; None when no row does. `spot_ok`: spot rows count (the work survives interruption)."""
    better = [
        r
        for r in rows
        if r is not row
        and (spot_ok or r.pricing != "spot")
        and r.commitment_months <= row.commitment_months
        and r.horizon_cost_usd < row.horizon_cost_usd * (1.0 - SAME_COST)
    ]
    return min(better, key=lambda r: r.horizon_cost_usd, default=None)


def mark_dominated(rows: list[DeploymentRow], horizon_months: int, spot_ok: bool) -> None:
    """Set `dominated_by`, `dominated_ratio` (this row's horizon cost / the dominating row's) and
    `dominated` (the sentence the table's tooltip and the report show) on each dominated row."""
    found = [(r, dominating_row(r, rows, spot_ok)) for r in rows]
    for r, d in found:
        if d is None:
            r.dominated_by, r.dominated_ratio, r.dominated = "", None, ""
            continue
        ratio = r.horizon_cost_usd / d.horizon_cost_usd if d.horizon_cost_usd > 0 else float("inf")
        binds = (
            "commits nothing either"
            if r.commitment_months <= 0
            else f"commits {_months(r.commitment_months)}"
            + (f" against {_months(d.commitment_months)}" if d.commitment_months else " against none")
        )
        r.dominated_by = d.label
        r.dominated_ratio = ratio
        r.dominated = (
            f"dominated by {d.label} on {d.hardware}: {ratio:,.{2 if ratio < 10 else 1}f}x its cost over "
            f"{horizon_months} months "
            f"(${r.horizon_cost_usd:,.0f} against ${d.horizon_cost_usd:,.0f}) and {binds}"
        )


def mark_reserved_options(sizing: Sizing, spot_ok: bool) -> None:
    """The same rule for an option priced `pricing: reserved`: its month pays the busiest hour's
    nodes reserved all month (`engine.cost`: reserved pricing is not autoscaled), so a deployment
    row, on its instance or another, that costs less a month [USD/month] and commits for no longer
    beats it. Each such option gets a "dominated:" flag naming that row (shown by the explain panel, the
    report, and the CLI under its deployment comparison for the recommended option). tcli3 finding
    11: the $1,300 all-reserved plan headed the answer beside a $903 on-demand and a $712 reserved +
    on-demand row, silently."""
    c = sizing.deployments
    if c is None:
        return
    for n, o in enumerate(sizing.options):
        if not (o.priced and o.deployment == "cloud" and o.pricing in ("reserved_1y", "reserved_3y")):
            continue
        # the row that prices this option's nodes under its own pricing (reserved base + on-demand
        # peak): the figure a verdict quoting the option's all-reserved cost names beside it
        own = next((r for r in c.rows if r.option_index == n and r.pricing == o.pricing), None)
        if own is not None and own.cost_per_month_usd < o.cost_per_month_usd * (1.0 - SAME_COST):
            o.reserved_row_label, o.reserved_row_usd_per_month = own.label, own.cost_per_month_usd
        commit = commitment_months("cloud", o.pricing, None, False, 0.0)
        # any row, on this instance or another (the rows serve the same workload within every
        # limit): the cheapest a month named, and the instance's own best beside it (tcli5 N18)
        better = [
            r
            for r in c.rows
            if (spot_ok or r.pricing != "spot")
            and r.commitment_months <= commit
            and r.cost_per_month_usd < o.cost_per_month_usd * (1.0 - SAME_COST)
        ]
        d = min(better, key=lambda r: r.cost_per_month_usd, default=None)
        if d is None:
            continue
        same = min((r for r in better if r.hardware == o.hardware), key=lambda r: r.cost_per_month_usd, default=None)
        flag = (
            f"dominated: this plan reserves the busiest hour's {o.replicas} replica(s)' nodes all month "
            f"(${o.cost_per_month_usd:,.0f}/month, {_months(commit)} committed); {_row_words(d)}"
            + (f"; on {o.hardware} itself, {_row_words(same, False)}" if same is not None and same is not d else "")
        )
        o.flags = [f for f in o.flags if not f.startswith("dominated:")] + [flag]


def _row_words(r: DeploymentRow, hardware: bool = True) -> str:
    """ "Cloud on-demand on X costs $Y/month and commits nothing"."""
    on = f" on {r.hardware}" if hardware else ""
    return f"{r.label}{on} costs ${r.cost_per_month_usd:,.0f}/month and commits " + (
        _months(r.commitment_months) if r.commitment_months else "nothing"
    )


def _months(n: float) -> str:
    """ "1 month", "12 months"."""
    return f"{n:g} month" + ("" if n == 1 else "s")
