"""Prototype -> pilot -> production for the recommended option.

Prototype: the smallest configuration among the evaluated options that holds the same model
(fewest GPUs per replica, then the cheapest replica), one replica, to measure memory and
response behaviour. Pilot: the recommended hardware at a share s of production traffic,
    replicas = ceil(s x peak x (1 + headroom) / (utilisation target x req/s per replica)) + redundancy,
at most the production count. Production: the sized deployment. A replica's monthly cost is
the instance's hourly price x the share of its GPUs one replica uses x hours per month, or the
sized monthly cost / replicas where the catalog has no hourly price (on-prem, amortised).

A batch job (a fixed number of requests to a deadline) runs instead of serving: the prototype
runs a sample, the pilot one run over the share s of the requests, production each run; a run
of R requests on n replicas takes R / (n x req/s per replica x 3,600) hours and costs that many
replica-hours. Durations are planning assumptions, stated as such.
"""

from __future__ import annotations

import math

from app.advice.basis import WEEKS_PER_MONTH, Basis, ms, plural, usd
from app.advice.records import Stage
from app.domain import Instance, Option

PROTOTYPE_WEEKS = 2.0
PILOT_WEEKS = 6.0
SAMPLE_SHARE, SAMPLE_MIN = 0.01, 100  # a batch prototype runs 1 % of the requests, at least 100


def replica_cost_per_month(b: Basis, o: Option, whole_node: bool = False) -> float:
    """What one replica of `o` costs per month while it runs [USD/month].

    whole_node: the price of the whole instance (a prototype rents a node, not a share of one).
    """
    a = b.scenario.assumptions
    try:
        inst = b.catalog.find("instances", o.hardware)
    except Exception:  # noqa: BLE001 - an accelerator name or a removed record: fall back to the sized cost
        inst = None
    if isinstance(inst, Instance):
        price = inst.best_price_usd_per_hour(a.pricing)
        if price:
            share = 1.0 if whole_node else min(o.gpus / inst.accelerator_count, 1.0)
            return float(price) * share * a.hours_per_month
    return o.cost_per_month_usd / max(o.replicas, 1)


def run_hours(requests: float, replicas: int, o: Option) -> float:
    """Hours for `replicas` replicas of `o` to finish `requests` at their sustainable rate [h]."""
    return requests / max(replicas * o.requests_per_s_per_replica * 3600.0, 1e-9)


def weeks_text(n: float) -> str:
    """'1 week', '2 weeks', '1.5 weeks'."""
    return f"{n:g} week" + ("" if n == 1 else "s")


def span(hours: float) -> str:
    """A run's length as people say it: '25 minutes', '2.2 hours'."""
    return plural(max(round(hours * 60), 1), "minute") if hours < 1 else f"{hours:,.1f} hours"


# Limits a prototype must meet like production: it holds the model and its data (GPU and host
# memory, context, modality, a runtime for the device). Load-dependent ones (latency under load,
# replicas, budget, availability) do not apply to one replica on a golden set.
HARD_CONSTRAINTS = frozenset({"memory", "host_memory", "context", "modality", "runtime"})


def where(b: Basis, x: Option) -> str:
    """Who runs `x`'s hardware: the instance's provider ("on-prem" for on-prem), else its name."""
    try:
        inst = b.catalog.find("instances", x.hardware)
    except Exception:  # noqa: BLE001 - a bare accelerator or a removed record: only itself matches
        return x.hardware
    if not isinstance(inst, Instance):
        return x.hardware
    return "on-prem" if inst.deployment.value == "on_prem" else inst.provider.casefold()


def meets_hard_constraints(x: Option) -> bool:
    return x.memory.fits and not any(v.constraint in HARD_CONSTRAINTS for v in x.violations)


def prototype_option(b: Basis, o: Option) -> Option:
    """The smallest evaluated configuration that holds o's model in o's precisions and runtime (so
    the prototype measures the design being bought, not an FP8 variant of a BF16 one), meets the
    limits a prototype must meet (HARD_CONSTRAINTS) and stays inside the same data boundary as o
    (the same provider, or on-prem: where L2 keeps the data); o itself when none is smaller."""
    home = where(b, o)
    same = [
        x
        for x in b.sizing.options
        if x.model == o.model
        and (x.precision, x.kv_precision, x.runtime) == (o.precision, o.kv_precision, o.runtime)
        and meets_hard_constraints(x)
        and where(b, x) == home
    ]
    if not same:
        return o
    return min(same, key=lambda x: (x.gpus, replica_cost_per_month(b, x, whole_node=True), x.label))


def pilot_replicas(b: Basis, o: Option) -> int:
    a, w = b.scenario.assumptions, b.workload
    share = b.scenario.system_map.pilot_traffic_share
    need = share * w.peak_requests_per_s * (1 + a.headroom)
    per = max(a.utilisation_target * o.requests_per_s_per_replica, 1e-9)
    return min(max(math.ceil(need / per), 1) + o.spare_replicas, max(o.replicas, 1))


def _over(monthly: float, weeks: float, what: str) -> str:
    total = monthly * weeks / WEEKS_PER_MONTH
    return f"{usd(monthly)} a month while it runs ({what}); {weeks_text(weeks)} cost about {usd(total)}."


def differs_note(p: Option, o: Option) -> str:
    """Why the prototype is not the recommended configuration itself (fewer GPUs or other hardware
    for the same model, precision and runtime); "" when it is."""
    if (p.hardware, p.gpus, p.tensor_parallel, p.pipeline_parallel) == (
        o.hardware,
        o.gpus,
        o.tensor_parallel,
        o.pipeline_parallel,
    ):
        return ""
    return (
        f" A smaller replica than the recommended {o.gpus}x {o.accelerator} ({o.hardware}): the same model, "
        f"{o.precision.value.upper()} weights and {o.runtime}, on the fewest GPUs that hold it; the pilot "
        "runs the recommended configuration."
    )


def prototype_stage(
    b: Basis, p: Option, traffic: str, cost: float, period: str, note: str, weeks: float, o: Option | None = None
) -> Stage:
    return Stage(
        name="Prototype",
        hardware=f"1 replica: {p.hardware}, {p.gpus}x {p.accelerator}, {p.precision.value.upper()}",
        traffic=traffic,
        cost_usd=cost,
        cost_period=period,
        duration=f"{weeks_text(weeks)} (assumption)",
        cost_note=note + hard_limits_note(p) + (differs_note(p, o) if o is not None else ""),
        exit_criteria=[
            f"Memory per GPU measured: weights {p.memory.weights_gib:,.1f} GiB and room for "
            f"{p.memory.max_concurrent_sequences:,} sequences, within 10 % of the plan",
            f"Time to first token unloaded {ms(p.ttft_ms)} and per output token {ms(p.tpot_ms)}, within 15 %"
            if p.generates
            else f"Time per request (one vector) unloaded {ms(p.ttft_ms)}, within 15 %",
            "Golden-set pass rate at or above the quality bar (L1)",
        ],
    )


def self_hosted_path(b: Basis, o: Option) -> list[Stage]:
    p = prototype_option(b, o)
    sla = b.workload.sla
    share = b.scenario.system_map.pilot_traffic_share
    mean, peak = b.workload.mean_requests_per_s or 0.0, b.workload.peak_requests_per_s
    proto_cost = replica_cost_per_month(b, p, whole_node=True)
    prototype = prototype_stage(
        b,
        p,
        "The golden set and synthetic load; no users.",
        proto_cost,
        "a month",
        _over(proto_cost, PROTOTYPE_WEEKS, "one node"),
        PROTOTYPE_WEEKS,
        o,
    )
    ttft = (
        f"The p95 time to first token under {ms(sla.ttft_p95_ms)} at the pilot's load"
        if sla.ttft_p95_ms
        else "Latency within the SLA"
    )
    n_pilot = pilot_replicas(b, o)
    pilot_cost = n_pilot * replica_cost_per_month(b, o)
    pilot = Stage(
        name="Pilot",
        hardware=f"{plural(n_pilot, 'replica')}: {o.hardware}, {o.gpus}x {o.accelerator} each",
        traffic=f"{100 * share:.0f} % of production traffic ({share * peak:,.2f} req/s at peak), real users.",
        cost_usd=pilot_cost,
        cost_period="a month",
        duration=f"{weeks_text(PILOT_WEEKS)} (assumption)",
        cost_note=_over(pilot_cost, PILOT_WEEKS, plural(n_pilot, "replica")),
        exit_criteria=[
            f"{ttft}, two weeks running",
            "Highest rate per replica that meets the SLA, from a load test: at least "
            f"{0.9 * o.requests_per_s_per_replica:,.2f} req/s "
            f"(planned {o.requests_per_s_per_replica:,.2f}); below it, re-size before production",
            f"Cost per 1M tokens within 15 % of {usd(o.cost_per_million_tokens_usd)}",
            "No open failure of the severe kinds (L5); rollback rehearsed once",
        ],
    )
    scale = f"{o.replicas_min} to {o.replicas_max}" if o.replicas_min != o.replicas_max else f"{o.replicas}"
    production = Stage(
        name="Production",
        hardware=f"{scale} {'replica' if scale == '1' else 'replicas'}: {o.hardware}, "
        f"{plural(o.total_gpus, 'GPU')} at peak",
        traffic=f"All traffic: {mean:,.2f} req/s on average, {peak:,.2f} at peak.",
        cost_usd=o.cost_per_month_usd,
        cost_period="a month",
        duration="ongoing",
        cost_note=f"{usd(o.cost_per_month_usd)} a month (the sized deployment).",
        exit_criteria=[
            "SLOs (L6) met each month; error budget not exhausted",
            "Golden set re-run on every release (L5 gates)",
            "Traffic and cost reviewed against this plan each quarter",
        ],
    )
    return [prototype, pilot, production]


def batch_path(b: Basis, o: Option) -> list[Stage]:
    job = b.workload.batch
    assert job is not None
    p = prototype_option(b, o)
    share = b.scenario.system_map.pilot_traffic_share
    hours_month = b.scenario.assumptions.hours_per_month
    sample = min(job.total_requests, max(SAMPLE_MIN, math.ceil(SAMPLE_SHARE * job.total_requests)))
    proto_h = run_hours(sample, 1, p)
    proto_cost = replica_cost_per_month(b, p, whole_node=True) / hours_month * max(proto_h, 1.0)  # billed hours
    prototype = prototype_stage(
        b,
        p,
        f"A sample of {sample:,} requests ({span(proto_h)} on one replica) and the golden set.",
        proto_cost,
        "in all",
        f"About {usd(proto_cost)}: the node for {span(max(proto_h, 1.0))} (at least one billed hour).",
        1.0,
        o,
    )
    n = max(o.replicas, 1)
    pilot_req = math.ceil(share * job.total_requests)
    pilot_h = run_hours(pilot_req, n, o)
    per_replica_hour = replica_cost_per_month(b, o) / hours_month
    pilot_cost = per_replica_hour * n * max(pilot_h, 1.0)  # at least one billed hour
    pilot = Stage(
        name="Pilot",
        hardware=f"{plural(n, 'replica')}: {o.hardware}, {o.gpus}x {o.accelerator} each",
        traffic=f"One run over {100 * share:.0f} % of the requests ({pilot_req:,}), results checked by people.",
        cost_usd=pilot_cost,
        cost_period="in all",
        duration=f"{span(pilot_h)} of running; {weeks_text(PILOT_WEEKS / 3)} to review (assumption)",
        cost_note=f"About {usd(pilot_cost)}: {plural(n, 'replica')} for {span(max(pilot_h, 1.0))} "
        "(at least one billed hour).",
        exit_criteria=[
            f"Measured rate per replica at least {0.9 * o.requests_per_s_per_replica:,.2f} req/s "
            f"(planned {o.requests_per_s_per_replica:,.2f}), so the full run fits the "
            f"{job.hours_per_run:g}-hour deadline",
            "Failed or malformed outputs below the share the golden set allows; retries work",
            "Cost per 1M tokens within 15 % of " + usd(o.cost_per_million_tokens_usd),
        ],
    )
    run_h = run_hours(job.total_requests, n, o)
    if o.cost_per_run_usd is not None:  # the sizing's own price of a run: one figure in the package
        run_cost = o.cost_per_run_usd
        note = f"{usd(run_cost)} per run and {usd(o.cost_per_month_usd)} a month, as the sizing prices them"
        note += f" ({o.cost_basis})." if o.cost_basis else "."
    else:
        run_cost = per_replica_hour * n * run_h
        note = f"About {usd(run_cost)} per run: {n * run_h:,.1f} replica-hours at the catalog price."
    production = Stage(
        name="Production",
        hardware=f"{plural(n, 'replica')}: {o.hardware}, {plural(o.total_gpus, 'GPU')}",
        traffic=f"Every run: {job.total_requests:,} requests within {job.hours_per_run:g} hours.",
        cost_usd=run_cost,
        cost_period="per run",
        duration=f"{span(run_h)} a run",
        cost_note=note + hard_limits_note(p),
        exit_criteria=[
            f"Each run finishes inside {job.hours_per_run:g} hours, with time to re-run failures",
            "Golden set re-run on every model or prompt change (L5 gates)",
            "Cost per run reviewed against this plan each quarter",
        ],
    )
    return [prototype, pilot, production]


def hosted_path(b: Basis) -> list[Stage]:
    h = b.hosted
    assert h is not None
    share = b.scenario.system_map.pilot_traffic_share
    return [
        Stage(
            name="Prototype",
            hardware=f"{h.name}, with a spending cap",
            traffic="The golden set; no users.",
            cost_usd=None,
            cost_period="in all",
            duration=f"{weeks_text(PROTOTYPE_WEEKS)} (assumption)",
            cost_note="Token charges for the golden set only.",
            exit_criteria=[
                "Golden-set pass rate at or above the quality bar (L1)",
                "Latency measured from our network",
            ],
        ),
        Stage(
            name="Pilot",
            hardware=h.name,
            traffic=f"{100 * share:.0f} % of production traffic, real users.",
            cost_usd=share * h.cost_per_month_usd,
            cost_period="a month",
            duration=f"{weeks_text(PILOT_WEEKS)} (assumption)",
            cost_note=_over(share * h.cost_per_month_usd, PILOT_WEEKS, f"{100 * share:.0f} % of the tokens"),
            exit_criteria=[
                f"Cost per 1M tokens within 15 % of {usd(h.cost_per_million_tokens_usd)}",
                "Provider's error rate within the availability target",
            ],
        ),
        Stage(
            name="Production",
            hardware=h.name,
            traffic="All traffic.",
            cost_usd=h.cost_per_month_usd,
            cost_period="a month",
            duration="ongoing",
            cost_note=f"{usd(h.cost_per_month_usd)} a month (token charges at the workload's traffic).",
            exit_criteria=["SLOs (L6) met each month", "Spend reviewed against the budget each month"],
        ),
    ]


def production_path(b: Basis) -> list[Stage]:
    if b.option is not None:
        if b.workload.batch is not None and b.offline:
            return batch_path(b, b.option)
        return self_hosted_path(b, b.option)
    if b.hosted is not None:
        return hosted_path(b)
    return []


__all__ = ["pilot_replicas", "production_path", "prototype_option", "replica_cost_per_month", "run_hours"]


def hard_limits_note(p: Option) -> str:
    """Empty when `p` meets the sizing's hard limits; else a sentence naming what it breaks."""
    if meets_hard_constraints(p):
        return ""
    broken = "; ".join(v.detail for v in p.violations if v.constraint in HARD_CONSTRAINTS)
    return f" No configuration in scope meets the hard limits: {broken}."
