"""Chart data (domain Chart records) that the screen and the PDF both draw."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from app.domain import Chart, HostedOption, Option, ReferenceLine, Scenario, Series, Sizing
from app.domain.results import OVER_BUDGET_MARK
from app.engine import serving as sv
from app.engine.cost import OfferedLoad, plan, plan_for
from app.engine.evaluate import Evaluation, load_kernel_share, loaded_prefill_s

CURVE_OPTIONS = 4
MEMORY_OPTIONS = 8
TRAFFIC_OPTIONS = 3
BACKGROUND_POINTS = 1500
TRAFFIC_KEY = "replicas_vs_traffic"
TRAFFIC_STEPS = np.array([0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0])


def build(
    sz: Sizing,
    ev: Evaluation,
    pl,
    mk,
    chosen: np.ndarray,
    s: Scenario,
    load: OfferedLoad,
    wanted: Collection[str] | None = None,
    lead: int = 0,
    hosted_lead: HostedOption | None = None,
) -> list[Chart]:
    """The charts whose keys are in `wanted` (None: all); the traffic chart prices eight plans,
    so a what-if preview asks for it only while a plot shows it. `lead`: the option (index into
    sz.options) each chart shows first, whatever its rank (the selection matrix's recommendation).
    `hosted_lead`: a hosted API the selection matrix recommends: the cost chart leads with its price."""
    out = [
        latency_chart(sz, ev, chosen, s, lead),
        cost_chart(sz, ev, pl, mk, chosen, s, hosted_lead),
        memory_chart(sz, lead),
    ]
    if wanted is None or TRAFFIC_KEY in wanted:
        out.append(traffic_chart(sz, ev, chosen, s, load, lead))
    return [c for c in out if wanted is None or c.key in wanted]


def lead_first(count: int, lead: int) -> list[int]:
    """Option indices 0..count-1 with `lead` first, the others in rank order (a lead out of
    range: rank order)."""
    if not 0 <= lead < count:
        return list(range(count))
    return [lead] + [n for n in range(count) if n != lead]


def latency_chart(sz: Sizing, ev: Evaluation, chosen, s: Scenario, lead: int = 0) -> Chart:
    """Latency per request vs concurrency per replica; for a batch job, the time a run takes
    against its deadline instead (what binds a job), `run_time_chart`."""
    if s.workload.is_batch_job:
        return run_time_chart(sz, ev, chosen, s, lead)
    series = []
    for n in lead_first(len(sz.options), lead)[:CURVE_OPTIONS]:
        o, i = sz.options[n], int(chosen[n])
        reach = ev.reachable[i]
        if not reach.any():
            continue
        x = ev.batch[reach].tolist()
        series.append(
            Series(
                name=f"{o.label} · TTFT p95",
                x=x,
                y=(ev.curve_ttft_p95[i, reach] * 1e3).tolist(),
                option_index=n,
                calibration=o.calibration,
                role="option",
            )
        )
        series.append(
            Series(
                name=f"{o.label} · TPOT p95",
                x=x,
                y=(ev.curve_tpot_p95[i, reach] * 1e3).tolist(),
                option_index=n,
                calibration=o.calibration,
                role="option",
            )
        )
    refs = []
    if s.workload.sla.ttft_p95_ms:
        refs.append(
            ReferenceLine(label=f"TTFT SLA {s.workload.sla.ttft_p95_ms:g} ms", value=s.workload.sla.ttft_p95_ms)
        )
    if s.workload.sla.tpot_p95_ms:
        refs.append(
            ReferenceLine(label=f"TPOT SLA {s.workload.sla.tpot_p95_ms:g} ms", value=s.workload.sla.tpot_p95_ms)
        )
    return Chart(
        key="latency_vs_concurrency",
        title="Latency vs concurrency per replica",
        x_label="Concurrent sequences",
        x_unit="sequences",
        y_label="Latency",
        y_unit="ms",
        kind="line",
        series=series,
        reference_lines=refs,
    )


def run_time_chart(sz: Sizing, ev: Evaluation, chosen, s: Scenario, lead: int = 0) -> Chart:
    """A batch job's time to finish one run [h] vs the sequences each replica keeps in flight:
    requests per run / (replicas x rate per replica at that concurrency) / 3600, for the options'
    planned replicas, over the concurrencies the engine may pick (within memory and any SLA).
    Its lowest point is the completion time the verdict and the batch figures state (the engine
    runs each replica at its best rate); the deadline is the line to stay under."""
    b = s.workload.batch
    assert b is not None
    series = []
    for n in lead_first(len(sz.options), lead)[:CURVE_OPTIONS]:
        o, i = sz.options[n], int(chosen[n])
        ok = ev.within_sla[i] & (ev.curve_rate[i] > 0)
        if not ok.any() or not drawn(sz, o):
            continue
        replicas = max(o.replicas, 1)
        hours = b.total_requests / (replicas * ev.curve_rate[i, ok]) / 3600.0
        x = ev.batch[ok].tolist()
        series.append(
            Series(
                name=shown_name(sz, o),
                x=x,
                y=hours.tolist(),
                option_index=n,
                calibration=o.calibration,
                role="option",
                labels=[
                    f"{shown_name(sz, o)}: {c:,.0f} in flight per replica x {replicas} replica(s) → a run takes "
                    f"{h:,.2f} h"
                    for c, h in zip(x, hours.tolist(), strict=True)
                ],
            )
        )
    refs = [ReferenceLine(label=f"Deadline {b.hours_per_run:g} h per run", value=b.hours_per_run)]
    return Chart(
        key="latency_vs_concurrency",
        title="Time to finish a run vs concurrency per replica",
        x_label="Concurrent sequences per replica",
        x_unit="sequences",
        y_label="Run time",  # "Time to finish a run [h]" was cut to "Time to ... [h]" beside a 1366-px plot
        y_unit="h",
        kind="line",
        series=series,
        reference_lines=refs,
    )


def cost_chart(
    sz: Sizing, ev: Evaluation, pl, mk, chosen, s: Scenario, hosted_lead: HostedOption | None = None
) -> Chart:
    """Cost per 1M tokens vs p95 TTFT of the feasible options (and a sample of the other feasible
    candidates), with the Pareto front and the TTFT SLA. A recommended hosted API has no p95 TTFT
    of its own (providers publish none): its price per 1M tokens is the chart's first reference
    line, a level every self-hosted point is read against."""
    # embedding models stream no tokens: a request's latency is its prefill, one vector back
    vectors = bool(sz.options) and not any(o.generates for o in sz.options)
    # a batch job with no first-token target: nobody waits on a first token, the run's length
    # against its deadline is what binds (D17); one with a target keeps the latency axis
    job = s.workload.batch if s.workload.is_batch_job and not s.workload.sla.ttft_p95_ms else None
    if job is not None:
        return run_cost_chart(sz, ev, pl, mk, chosen, s)
    series = []
    feasible = np.nonzero(mk.feasible & np.isfinite(pl.cost_per_mtok))[0]
    others = np.setdiff1d(feasible, chosen)
    if others.size:
        others = others[np.argsort(pl.cost_per_mtok[others], kind="stable")][:BACKGROUND_POINTS]
        j = ev.best_batch_index[others]
        w = s.workload
        queued = sv.ttft_p95(
            ev.prefill[others],
            ev.step[others, j],
            loaded_prefill_s(ev, others),
            pl.operating_rate[others],
            sv.ARRIVAL_CV2[w.arrival_pattern],
            sv.service_cv2(w),
        )
        ttft = np.maximum(queued, ev.prefill_p95[others] + ev.step[others, j]) * 1e3
        series.append(
            Series(
                name="Other feasible candidates",
                x=ttft.tolist(),
                y=pl.cost_per_mtok[others].tolist(),
                role="other_feasible",
            )
        )
    points = list(zip(series[0].x, series[0].y, strict=True)) if series else []
    for n, o in enumerate(sz.options):
        if drawn(sz, o):
            name = shown_name(sz, o)
            series.append(
                Series(
                    name=name,
                    x=[o.ttft_p95_ms],
                    y=[o.cost_per_million_tokens_usd],
                    option_index=n,
                    calibration=o.calibration,
                    role="option",
                    labels=[
                        f"{name}: p95 {'latency' if vectors else 'TTFT'} {o.ttft_p95_ms:,.0f} ms, "
                        f"${o.cost_per_million_tokens_usd:,.3f} per 1M tokens, "
                        f"${o.cost_per_month_usd:,.0f}/month"
                    ],
                )
            )
            points.append((o.ttft_p95_ms, o.cost_per_million_tokens_usd))
    # the front of this chart's own two axes (cost, p95 TTFT) over every point it draws; the options'
    # `pareto` flag is the three-way front (with tokens/s per GPU), which zig-zags when joined in 2-D
    front = front_2d(points)
    if front:
        series.append(
            Series(
                name="Pareto front",
                x=[x for x, _ in front],
                y=[y for _, y in front],
                role="pareto",
            )
        )
    refs = []
    if hosted_lead is not None:
        price = hosted_lead.cost_per_million_tokens_usd
        refs.append(ReferenceLine(label=f"Recommended: {hosted_lead.label} ${price:,.3f}", value=price))
    if s.workload.sla.ttft_p95_ms:
        refs.append(
            ReferenceLine(
                label=f"{'Latency' if vectors else 'TTFT'} SLA {s.workload.sla.ttft_p95_ms:g} ms",
                value=s.workload.sla.ttft_p95_ms,
                orientation="vertical",
            )
        )
    return Chart(
        key="cost_vs_latency",
        title="Cost vs p95 latency per request" if vectors else "Cost vs p95 time to first token",
        x_label="p95 latency per request" if vectors else "p95 TTFT",
        x_unit="ms",
        y_label="Cost per 1M tokens",
        y_unit="USD",
        kind="scatter",
        series=series,
        reference_lines=refs,
    )


def run_hours(total_requests: float, replicas, rate):
    """Hours one run takes: requests / (replicas x req/s per replica) / 3,600 (kinds.batch's figure)."""
    return total_requests / (np.maximum(replicas, 1) * np.maximum(rate, 1e-12)) / 3600.0


def run_cost_chart(sz: Sizing, ev: Evaluation, pl, mk, chosen, s: Scenario) -> Chart:
    """A batch job's cost chart: cost per 1M tokens vs the hours a run takes (the planned replicas
    at their max rate), with the deadline as the line to stay left of and the 2-D front."""
    b = s.workload.batch
    assert b is not None
    series = []
    points: list[tuple[float, float]] = []
    feasible = np.nonzero(mk.feasible & np.isfinite(pl.cost_per_mtok) & np.isfinite(pl.replicas))[0]
    others = np.setdiff1d(feasible, chosen)
    if others.size:
        others = others[np.argsort(pl.cost_per_mtok[others], kind="stable")][:BACKGROUND_POINTS]
        hours = run_hours(b.total_requests, pl.replicas[others], ev.max_rate[others])
        series.append(
            Series(
                name="Other feasible candidates",
                x=hours.tolist(),
                y=pl.cost_per_mtok[others].tolist(),
                role="other_feasible",
            )
        )
        points += list(zip(hours.tolist(), pl.cost_per_mtok[others].tolist(), strict=True))
    for n, o in enumerate(sz.options):
        if not drawn(sz, o) or o.requests_per_s_per_replica <= 0:
            continue
        name, h = shown_name(sz, o), float(run_hours(b.total_requests, o.replicas, o.requests_per_s_per_replica))
        series.append(
            Series(
                name=name,
                x=[h],
                y=[o.cost_per_million_tokens_usd],
                option_index=n,
                calibration=o.calibration,
                role="option",
                labels=[
                    f"{name}: a run takes {h:,.2f} h on {max(o.replicas, 1)} replica(s), "
                    f"${o.cost_per_million_tokens_usd:,.3f} per 1M tokens, ${o.cost_per_month_usd:,.0f}/month"
                ],
            )
        )
        points.append((h, o.cost_per_million_tokens_usd))
    front = front_2d(points)
    if front:
        series.append(Series(name="Pareto front", x=[x for x, _ in front], y=[y for _, y in front], role="pareto"))
    return Chart(
        key="cost_vs_latency",
        title="Cost vs time to finish a run",
        x_label="Run time",
        x_unit="h",
        y_label="Cost per 1M tokens",
        y_unit="USD",
        kind="scatter",
        series=series,
        reference_lines=[
            ReferenceLine(
                label=f"Deadline {b.hours_per_run:g} h per run", value=b.hours_per_run, orientation="vertical"
            )
        ],
    )


def memory_chart(sz: Sizing, lead: int = 0) -> Chart:
    """Memory per GPU of the first options, the `lead` option's bar first (the recommendation the
    verdict names: the reader starts with it, tgui3 D6), the others in rank order."""
    picks = lead_first(len(sz.options), lead)[:MEMORY_OPTIONS]
    opts = [sz.options[n] for n in picks]
    cats = [o.label for o in opts]

    def kv_used(o):
        return max(o.memory.kv_cache_gib - max(o.memory.free_gib, 0.0), 0.0)

    parts = [
        ("Weights", lambda o: o.memory.weights_gib),
        ("KV cache in use", kv_used),
        ("Activations", lambda o: o.memory.activation_gib),
        ("Runtime reserve", lambda o: o.memory.reserve_gib),
        ("Free", lambda o: max(o.memory.free_gib, 0.0)),
    ]
    series = [
        Series(
            name=name,
            x=list(range(len(opts))),
            y=[float(fn(o)) for o in opts],
            labels=[f"{o.label}: {name} {fn(o):,.1f} GiB of {o.memory.capacity_gib:,.0f} GiB" for o in opts],
            role="component",
        )
        for name, fn in parts
    ]
    return Chart(
        key="memory",
        title="Memory per GPU",
        x_label="Option",
        x_unit="",
        y_label="Memory",
        y_unit="GiB",
        kind="stacked_bar",
        series=series,
        categories=cats,
        category_options=picks,
        reference_lines=capacity_lines(opts),
    )


def capacity_lines(opts) -> list[ReferenceLine]:
    """One capacity line per memory size among the options' devices [GiB per GPU], naming the
    devices that have it, so each bar is read against its own device's line (an L40S bar beside
    an H100 bar: 48 GiB and 80 GiB, not both against 80)."""
    by_size: dict[float, list[str]] = {}
    for o in opts:
        names = by_size.setdefault(round(o.memory.capacity_gib, 1), [])
        if o.accelerator not in names:
            names.append(o.accelerator)
    return [
        ReferenceLine(label=f"{' / '.join(names)} capacity {gib:,.0f} GiB", value=gib)
        for gib, names in sorted(by_size.items())
    ]


def over_budget(sz: Sizing, o: Option) -> bool:
    """o meets the SLA and every limit but the budget, in a sizing whose verdict is the budget
    (no option feasible): the charts draw it, marked, so the user sees how far off the budget is."""
    return (
        not sz.feasible
        and sz.error_kind == "budget"
        and o.priced
        and bool(o.violations)
        and all(v.constraint == "budget" for v in o.violations)
    )


def drawn(sz: Sizing, o: Option) -> bool:
    """An option the charts draw: a feasible one, or one only the budget rules out (over_budget)."""
    return o.feasible or over_budget(sz, o)


def shown_name(sz: Sizing, o: Option) -> str:
    """The option's label as the charts name it: marked over budget where it is."""
    return o.label + (OVER_BUDGET_MARK if over_budget(sz, o) else "")


def leading_feasible(sz: Sizing, lead: int = 0) -> list[tuple[int, Option]]:
    """(index, option) of the drawn options (feasible, or over budget only when the budget is the
    verdict), `lead` first, the others in rank order."""
    return [(n, sz.options[n]) for n in lead_first(len(sz.options), lead) if drawn(sz, sz.options[n])]


def front_2d(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The Pareto front of (x, y) points, both lower-is-better: x ascending, each point cheaper in
    y than every point left of it (no point on it beaten on both axes by another point)."""
    out: list[tuple[float, float]] = []
    for x, y in sorted(points):
        if not out or y < out[-1][1]:
            out.append((x, y))
    return out


def _traffic_steps(
    ev: Evaluation, idx: np.ndarray, s: Scenario, load: OfferedLoad
) -> tuple[list[list[float]], list[list[int]]]:
    """(USD a month, replicas) of the points `idx` at each of the TRAFFIC_STEPS x the load, [step][point]."""
    sp, pts = ev.space, ev.points
    if s.workload.is_batch_job:
        plans = [
            plan_for(
                sp,
                pts.hardware[idx],
                pts.gpus[idx],
                ev.max_rate[idx],
                s.workload,
                s.assumptions,
                load.scaled(k),
                request_s=ev.request_s[idx],
                kernel_share=ev.operating_kernel_share[idx],
                peak_rate_per_replica=ev.peak_rate[idx],
            )
            for k in TRAFFIC_STEPS
        ]
        return (
            [np.nan_to_num(p.cost_per_month).tolist() for p in plans],
            [p.replicas.astype(np.int64).tolist() for p in plans],
        )
    steps, each = TRAFFIC_STEPS.size, idx.size
    tiled = np.tile(idx, steps)
    k = np.repeat(TRAFFIC_STEPS, each)
    pl = plan(
        sp,
        pts.hardware[tiled],
        pts.gpus[tiled],
        ev.max_rate[tiled],
        s.workload,
        s.assumptions,
        load.mean_rate * k,
        load.peak_rate * k,
        load.active_hours,
        load.redundancy,
        request_s=ev.request_s[tiled],
        # each step's own load: k where that step's rate per replica runs (evaluate.load_kernel_share)
        kernel_share=np.concatenate(
            [load_kernel_share(ev, load.mean_rate * float(f), False)[idx] for f in TRAFFIC_STEPS]
        ),
        peak_rate_per_replica=ev.peak_rate[tiled],
    )
    month = np.nan_to_num(pl.cost_per_month).reshape(steps, each).tolist()
    replicas = pl.replicas.astype(np.int64).reshape(steps, each).tolist()
    return month, replicas


def rate_words(s: Scenario) -> str:
    """What a traffic chart's rate is: a batch job's rate while a run works to its deadline (requests
    / deadline), else the mean."""
    return "while running" if s.workload.is_batch_job and s.workload.batch is not None else "mean"


def rate_axis(s: Scenario) -> str:
    """The traffic charts' x axis title (cost and energy: one figure, issue 18)."""
    return "Rate while running (requests / deadline)" if rate_words(s) == "while running" else "Mean traffic"


def rate_reference(s: Scenario, rate: float) -> str:
    """The workload's mark on a traffic chart: a batch job's run rate [req/s] (requests / deadline),
    with its mean over the month (runs x requests / seconds a month, req/s) named apart; else the mean."""
    b = s.workload.batch
    if rate_words(s) == "while running" and b is not None:
        hours = s.assumptions.hours_per_month
        month = b.total_requests * b.runs_per_month(hours) / (hours * 3600.0)
        return f"Run rate {rate:,.3g} req/s (month mean {month:,.3g})"
    return f"Workload mean {rate:,.3g} req/s"


def traffic_chart(sz: Sizing, ev: Evaluation, chosen, s: Scenario, load: OfferedLoad, lead: int = 0) -> Chart:
    mean = load.mean_rate
    series = []
    # a training job without serving traffic has no traffic to vary
    picks = leading_feasible(sz, lead)[:TRAFFIC_OPTIONS] if mean > 0 else []
    xs = (TRAFFIC_STEPS * mean).tolist()
    # every traffic step of every picked option in one plan: the points repeated once a step, each
    # at its step's rates (a batch job's run is priced one step at a time)
    idx = np.array([int(chosen[n]) for n, _ in picks], dtype=np.int64)
    names = [shown_name(sz, o) for _, o in picks]
    ys: list[list[float]] = [[] for _ in picks]
    labels: list[list[str]] = [[] for _ in picks]
    if picks:
        months, replicas = _traffic_steps(ev, idx, s, load)
        for step, k in enumerate(TRAFFIC_STEPS.tolist()):
            at = f"{mean * k:,.3g} req/s {rate_words(s)}"
            for j, name in enumerate(names):
                month, reps = months[step][j], replicas[step][j]
                ys[j].append(month)
                labels[j].append(f"{name}: {at} → {reps} replicas, ${month:,.0f}/month")
    for j, (n, o) in enumerate(picks):
        series.append(
            Series(
                name=names[j], x=xs, y=ys[j], option_index=n, calibration=o.calibration, labels=labels[j], role="option"
            )
        )
    refs = [ReferenceLine(label=rate_reference(s, mean), value=mean, orientation="vertical")]
    if s.workload.budget_usd_per_month:
        refs.append(
            ReferenceLine(
                label=f"Budget ${s.workload.budget_usd_per_month:,.0f}", value=s.workload.budget_usd_per_month
            )
        )
    return Chart(
        key=TRAFFIC_KEY,
        title="Monthly cost (and replicas) vs traffic",
        x_label=rate_axis(s),
        x_unit="req/s",
        y_label="Cost per month",
        y_unit="USD",
        kind="line",
        series=series,
        reference_lines=refs,
    )
