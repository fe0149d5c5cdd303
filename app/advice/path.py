"""Prototype -> pilot -> production for the recommended option.

Prototype: the smallest configuration among the evaluated options that holds the same model
(fewest GPUs per replica, then the cheapest replica), one replica, to measure memory and
response behaviour. Pilot: the recommended hardware at a share s of production traffic,
    replicas = ceil(s x peak x (1 + headroom) / (utilisation target x req/s per replica)) + redundancy,
at most the production count. Production: the sized deployment. A replica's monthly cost is
the instance's hourly price x the share of its GPUs one replica uses x hours per month, or the
sized monthly cost / replicas where the catalog has no hourly price (on-prem, amortised).
Durations are planning assumptions, stated as such.
"""

from __future__ import annotations

import math

from app.advice.basis import WEEKS_PER_MONTH, Basis, ms, plural, usd
from app.advice.records import Stage
from app.domain import Instance, Option

PROTOTYPE_WEEKS = 2.0
PILOT_WEEKS = 6.0


def replica_cost_per_month(b: Basis, o: Option) -> float:
    """What one replica of `o` costs per month while it runs [USD/month]."""
    a = b.scenario.assumptions
    try:
        inst = b.catalog.find("instances", o.hardware)
    except Exception:  # noqa: BLE001 - an accelerator name or a removed record: fall back to the sized cost
        inst = None
    if isinstance(inst, Instance):
        price = inst.best_price_usd_per_hour(a.pricing)
        if price:
            return float(price) * min(o.gpus / inst.accelerator_count, 1.0) * a.hours_per_month
    return o.cost_per_month_usd / max(o.replicas, 1)


def prototype_option(b: Basis, o: Option) -> Option:
    """The smallest evaluated configuration that holds o's model (o itself when none is smaller)."""
    same = [x for x in b.sizing.options if x.model == o.model and x.memory.fits]
    if not same:
        return o
    return min(same, key=lambda x: (x.gpus, replica_cost_per_month(b, x), x.label))


def pilot_replicas(b: Basis, o: Option) -> int:
    a, w = b.scenario.assumptions, b.workload
    share = b.scenario.system_map.pilot_traffic_share
    need = share * w.traffic.peak_requests_per_s * (1 + a.headroom)
    per = max(a.utilisation_target * o.requests_per_s_per_replica, 1e-9)
    return min(max(math.ceil(need / per), 1) + a.redundancy_replicas, max(o.replicas, 1))


def _cost_note(monthly: float, weeks: float | None, what: str) -> str:
    if weeks is None:
        return f"{usd(monthly)} a month ({what})."
    total = monthly * weeks / WEEKS_PER_MONTH
    return f"{usd(monthly)} a month while it runs ({what}); {weeks:g} weeks cost about {usd(total)}."


def self_hosted_path(b: Basis, o: Option) -> list[Stage]:
    p = prototype_option(b, o)
    sla = b.workload.sla
    share = b.scenario.system_map.pilot_traffic_share
    proto_cost = replica_cost_per_month(b, p)
    ttft = (
        f"p95 time to first token under {ms(sla.ttft_p95_ms)} at the pilot's load"
        if sla.ttft_p95_ms
        else "latency within the SLA"
    )
    prototype = Stage(
        name="Prototype",
        hardware=f"1 replica: {p.hardware}, {p.gpus}x {p.accelerator}, {p.precision.value.upper()}",
        traffic="The golden set and synthetic load; no users.",
        cost_per_month_usd=proto_cost,
        duration_weeks=PROTOTYPE_WEEKS,
        cost_note=_cost_note(proto_cost, PROTOTYPE_WEEKS, "one replica"),
        exit_criteria=[
            f"Memory per GPU measured: weights {p.memory.weights_gib:,.1f} GiB and room for "
            f"{p.memory.max_concurrent_sequences:,} sequences, within 10 % of the plan",
            f"Time to first token unloaded {ms(p.ttft_ms)} and per output token {ms(p.tpot_ms)}, within 15 %",
            "Golden-set pass rate at or above the quality bar (L1)",
        ],
    )
    n_pilot = pilot_replicas(b, o)
    mean, peak = b.workload.traffic.requests_per_s, b.workload.traffic.peak_requests_per_s
    pilot_cost = n_pilot * replica_cost_per_month(b, o)
    pilot = Stage(
        name="Pilot",
        hardware=f"{plural(n_pilot, 'replica')}: {o.hardware}, {o.gpus}x {o.accelerator} each",
        traffic=f"{100 * share:.0f} % of production traffic ({share * peak:,.2f} req/s at peak), real users.",
        cost_per_month_usd=pilot_cost,
        duration_weeks=PILOT_WEEKS,
        cost_note=_cost_note(pilot_cost, PILOT_WEEKS, plural(n_pilot, "replica")),
        exit_criteria=[
            f"{ttft[0].upper() + ttft[1:]}, two weeks running",
            "Highest rate per replica that meets the SLA, from a load test: at least "
            f"{0.9 * o.requests_per_s_per_replica:,.2f} req/s "
            f"(planned {o.requests_per_s_per_replica:,.2f}); below it, re-size before production",
            f"Cost per 1M tokens within 15 % of {usd(o.cost_per_million_tokens_usd)}",
            "No open failure of the severe kinds (L5); rollback rehearsed once",
        ],
    )
    production = Stage(
        name="Production",
        hardware=f"{o.replicas_min} to {o.replicas_max} replicas: {o.hardware}, {plural(o.total_gpus, 'GPU')} at peak",
        traffic=f"All traffic: {mean:,.2f} req/s on average, {peak:,.2f} at peak.",
        cost_per_month_usd=o.cost_per_month_usd,
        duration_weeks=None,
        cost_note=_cost_note(o.cost_per_month_usd, None, "the sized deployment"),
        exit_criteria=[
            "SLOs (L6) met each month; error budget not exhausted",
            "Golden set re-run on every release (L5 gates)",
            "Traffic and cost reviewed against this plan each quarter",
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
            cost_per_month_usd=None,
            duration_weeks=PROTOTYPE_WEEKS,
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
            cost_per_month_usd=share * h.cost_per_month_usd,
            duration_weeks=PILOT_WEEKS,
            cost_note=_cost_note(share * h.cost_per_month_usd, PILOT_WEEKS, f"{100 * share:.0f} % of the tokens"),
            exit_criteria=[
                f"Cost per 1M tokens within 15 % of {usd(h.cost_per_million_tokens_usd)}",
                "Provider's error rate within the availability target",
            ],
        ),
        Stage(
            name="Production",
            hardware=h.name,
            traffic="All traffic.",
            cost_per_month_usd=h.cost_per_month_usd,
            duration_weeks=None,
            cost_note=_cost_note(h.cost_per_month_usd, None, "token charges at the workload's traffic"),
            exit_criteria=["SLOs (L6) met each month", "Spend reviewed against the budget each month"],
        ),
    ]


def production_path(b: Basis) -> list[Stage]:
    if b.option is not None:
        return self_hosted_path(b, b.option)
    if b.hosted is not None:
        return hosted_path(b)
    return []


__all__ = ["pilot_replicas", "production_path", "prototype_option", "replica_cost_per_month"]
