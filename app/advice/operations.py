"""L4 runtime and L6 operations, derived from the sizing of the recommended option.

Alert thresholds sit between the operating point the sizing predicts and the SLA: a warning at
the midpoint (the service has drifted from the plan), a page at the SLA itself (the SLO is
burning). KV-cache thresholds follow the serving runtimes' behaviour: past about 90 % use,
vLLM-style schedulers start to preempt and recompute sequences, so the warning is 85 % and the
page 95 %. The error budget of an availability target a is (1 - a) x 30 days.
"""

from __future__ import annotations

import re

from app.advice.basis import Basis, ms, plural
from app.advice.layers import derived, either, stated
from app.advice.records import Entry, LayerAdvice
from app.domain import Option

HOSTING_WORDS = {
    "containers_on_gpu_nodes": "Containers on a GPU node pool",
    "serverless_gpu": "Serverless GPU endpoints",
    "managed_api": "A managed model API",
    "batch_jobs": "Batch jobs on a GPU queue",
    "on_prem_cluster": "An on-prem GPU cluster",
}

ROLLOUT_WORDS = {
    "canary": "Canary: a small share of traffic first, then the rest",
    "blue_green": "Blue-green: switch all traffic at once, keep the old version warm to switch back",
    "shadow_then_canary": "Shadow traffic first (answers not shown), then a canary",
    "all_at_once": "All at once",
}

KV_WARN, KV_PAGE = 0.85, 0.95


def error_budget_minutes(availability: float) -> float:
    """Minutes of unavailability a month allows [min]: (1 - availability) x 30 x 24 x 60."""
    return (1.0 - availability) * 30 * 24 * 60


def capacity_after_loss(o: Option) -> float:
    """Requests/s the replicas left after losing one at peak can serve at the SLA [req/s]."""
    return max(o.replicas - 1, 0) * o.requests_per_s_per_replica


def count_text(o: Option) -> str:
    """'2 to 4 replicas', or '2 replicas' when the count is fixed."""
    if o.replicas_min == o.replicas_max:
        return plural(o.replicas_max, "replica")
    return f"{o.replicas_min} to {o.replicas_max} replicas"


def node_groups(b: Basis, o: Option) -> str:
    text = (
        f"GPU node group: {o.hardware}, {o.gpus}x {o.accelerator} per replica (tensor parallel {o.tensor_parallel}), "
        f"{count_text(o)}, {plural(o.total_gpus, 'GPU')} at peak."
    )
    extra = []
    if b.workload.rag is not None:
        index = b.sizing.workload_kind.figures.get("vector index memory [GiB]") if b.sizing.workload_kind else None
        extra.append("vector index" + (f" ({index:,.1f} GiB in memory)" if index else ""))
        extra.append("embedding and retrieval")
    if b.uses_tools:
        extra.append("the tool executor, sandboxed")
    extra.append("the job runner and work queue" if b.offline else "the gateway")
    return text + " CPU node group: " + ", ".join(extra) + "."


def autoscaling(b: Basis, o: Option) -> str:
    a = b.scenario.assumptions
    per_replica = a.utilisation_target * o.requests_per_s_per_replica
    serving = max(o.replicas - o.spare_replicas, 1)
    waiting = max(o.batch_size // 2, 1)
    if o.replicas_min == o.replicas_max:
        return (
            f"Fixed at {plural(o.replicas, 'replica')}: the peak needs all of them, so autoscaling would only "
            f"add cold starts. Re-size when traffic grows past {serving * per_replica:,.2f} req/s."
        )
    return (
        f"Between {o.replicas_min} and {o.replicas_max} replicas. Scale out when requests per replica exceed "
        f"{per_replica:,.2f}/s ({100 * a.utilisation_target:.0f} % of the "
        f"{o.requests_per_s_per_replica:,.2f} req/s one replica sustains at the SLA), when KV-cache use passes "
        f"{100 * KV_WARN:.0f} %, or when more than {waiting} "
        f"requests wait per replica, for 2 minutes; scale in below half of that for 10 minutes."
    )


def slo_text(b: Basis, o: Option) -> list[str]:
    sla = b.workload.sla
    out = []
    if sla.ttft_p95_ms:
        warn = (o.ttft_p95_ms + sla.ttft_p95_ms) / 2
        out.append(
            f"p95 time to first token: SLO {ms(sla.ttft_p95_ms)} (planned {ms(o.ttft_p95_ms)}); warn above "
            f"{ms(warn)} over 10 minutes, page above {ms(sla.ttft_p95_ms)}."
        )
    if sla.tpot_p95_ms:
        warn = (o.tpot_ms + sla.tpot_p95_ms) / 2
        out.append(
            f"Time per output token: SLO {ms(sla.tpot_p95_ms)} (planned {ms(o.tpot_ms)}); warn above {ms(warn)}, "
            f"page above {ms(sla.tpot_p95_ms)}."
        )
    wk = b.sizing.workload_kind
    task_s = wk.figures.get("task latency p95 [s]") if wk is not None and b.workload.agent is not None else None
    if sla.e2e_p95_ms and task_s is not None:  # an agent's target is per task: like with like
        out.append(
            f"p95 end-to-end per task: SLO {ms(sla.e2e_p95_ms)} (planned {ms(1000.0 * task_s)}, "
            f"{ms(o.e2e_p95_ms)} per model call); page above the SLO."
        )
    elif sla.e2e_p95_ms:
        out.append(f"p95 end-to-end: SLO {ms(sla.e2e_p95_ms)} (planned {ms(o.e2e_p95_ms)}); page above the SLO.")
    out.append(
        f"Queue depth: warn when more than {max(o.batch_size, 1):,} requests wait per replica (one full batch at the "
        f"operating point) for 5 minutes."
    )
    out.append(
        f"KV-cache use: warn at {100 * KV_WARN:.0f} %, page at {100 * KV_PAGE:.0f} % (sequences start to be preempted)."
    )
    out.append(
        f"Availability: {100 * sla.availability:.2f} %, an error budget of "
        f"{error_budget_minutes(sla.availability):,.0f} minutes a month."
    )
    return out


def runbook(b: Basis, o: Option) -> list[str]:
    ctx = b.workload.tokens.context_tokens
    peak = b.workload.peak_requests_per_s
    left = capacity_after_loss(o)
    others = "the other replica serves" if o.replicas == 2 else f"the other {o.replicas - 1:,} replicas serve"
    kv = (
        f"KV cache exhausted: each replica holds {o.memory.max_concurrent_sequences:,} sequences of {ctx:,} tokens "
        f"and runs {o.batch_size:,} at the operating point. If preemptions appear or TPOT climbs, cap concurrent "
        f"sequences per replica, add a replica, and reject prompts longer than the p95 "
        f"({b.workload.tokens.input_tokens_p95 or b.workload.tokens.input_tokens:,} tokens) until it settles."
    )
    if b.offline:
        loss = (
            "Node lost mid-run: unfinished items stay on the work queue; replace the node and the run resumes "
            "where it stopped. If the deadline is near, add a replica for the rest of the run."
        )
    elif o.replicas <= 1:
        loss = (
            "Replica lost: with a single replica the service is down until it restarts; the fallback (L3) "
            "answers meanwhile."
        )
    elif left >= peak:
        loss = (
            f"Replica lost at peak: {others} {left:,.2f} req/s against a "
            f"peak of {peak:,.2f} req/s, so the SLA holds; replace the node, then check the alerts cleared."
        )
    else:
        short = 100 * (peak - left) / peak
        loss = (
            f"Replica lost at peak: {others} {left:,.2f} req/s against a "
            f"peak of {peak:,.2f} req/s, {short:.0f} % short: queues grow and TTFT breaks the SLA. Shed or divert to "
            f"the fallback until a replacement is up; carry one more redundant replica if this is not acceptable."
        )
    return [kv, loss, "Bad model or runtime release: roll back (see rollout); the previous version stays deployable."]


def repository(source: str) -> str:
    """The model's home from its catalog source: the first URL, cut at the repository
    ('https://huggingface.co/org/model/blob/main/config.json' -> 'https://huggingface.co/org/model')."""
    m = re.search(r"https?://[^\s;,)]+", source)
    if not m:
        return ""
    url = m.group(0)
    return url.split("/blob/")[0].split("/tree/")[0].split("/resolve/")[0]


def runtime_layer(b: Basis) -> LayerAdvice:
    l4, o = b.scenario.system_map.runtime, b.option
    entries: list[Entry] = []
    if l4.notes:
        entries.append(stated("Runtime", l4.notes))
    if l4.hosting is not None:
        entries.append(stated("Hosting", HOSTING_WORDS[l4.hosting] + "."))
    elif b.hosted is not None:
        entries.append(derived("Hosting", f"The managed API {b.hosted.name}; no GPUs to run."))
    elif o is not None:
        where = b.provider()
        host = "on-prem servers" if where.lower().startswith("on") else f"{where} instances" if where else "GPU servers"
        how = "batch jobs" if b.offline else "containers behind the gateway"
        entries.append(derived("Hosting", f"{o.runtime} in {how} on {host} ({o.hardware})."))
    if o is not None:
        entries.append(derived("Node groups", node_groups(b, o)))
        entries.append(derived("Autoscaling", autoscaling(b, o)))
    entries.append(
        either(
            "Orchestration",
            l4.orchestrator,
            "Kubernetes with the GPU device plugin; one pod per replica, weights from a local cache."
            if o is not None
            else "None needed for a managed API.",
        )
    )
    if l4.gateway or not b.offline:  # a batch job has a job runner and a queue, not a request gateway
        entries.append(
            either(
                "Gateway",
                l4.gateway,
                "An internal API gateway: authentication, per-team rate limits and quotas, request and token metering.",
            )
        )
    elif b.offline:
        entries.append(
            derived(
                "Job runner",
                "A scheduled job runner starts each run in its window, tracks progress and meters tokens per run.",
            )
        )
    if l4.request_queue is not None:
        entries.append(stated("Queue", "A request queue in front of the servers." if l4.request_queue else "No queue."))
    elif b.offline:
        entries.append(
            derived("Queue", "A work queue feeds the batch; failed items are retried, results written as they finish.")
        )
    comps = ["Gateway"] if l4.gateway or not b.offline else ["Job runner"]
    if b.offline:
        comps.append("Work queue")
    if o is not None:
        comps.append(
            f"{o.runtime} x {o.replicas_min}-{o.replicas_max}"
            if o.replicas_min != o.replicas_max
            else f"{o.runtime} x {o.replicas}"
        )
        comps.append(f"{o.gpus}x {o.accelerator}")
    elif b.hosted is not None:
        comps.append(b.hosted.name)
    return LayerAdvice(key="L4", title="Runtime", entries=entries, components=comps)


def operations_layer(b: Basis) -> LayerAdvice:
    l6, o = b.scenario.system_map.operations, b.option
    entries: list[Entry] = []
    if l6.notes:
        entries.append(stated("Operations", l6.notes))
    entries.append(
        either(
            "Owner",
            l6.owner,
            "One team owns the service end to end (model, runtime, "
            + ("job runner" if b.offline else "gateway")
            + "); name it before the pilot starts.",
        )
    )
    hours = "office hours" if b.workload.arrival_pattern.value in ("diurnal", "batch") else "around the clock"
    entries.append(
        either("On-call", l6.on_call, f"The owning team's rota, {hours}; pages come from the SLO alerts below.")
    )
    if o is not None:
        entries.append(derived("SLOs and alerts", " ".join(slo_text(b, o))))
        entries.append(derived("Runbook", " ".join(runbook(b, o))))
    elif b.hosted is not None:
        entries.append(
            derived(
                "SLOs and alerts",
                f"The provider's latency and error rates, measured at our gateway; page when errors exceed "
                f"{100 * (1 - b.workload.sla.availability):.2f} % over an hour or spend passes the monthly budget.",
            )
        )
    if l6.rollout is not None:
        entries.append(stated("Rollout", ROLLOUT_WORDS[l6.rollout] + "."))
    elif b.offline:
        entries.append(
            derived(
                "Rollout",
                "A new model, prompt or runtime version first runs on a sample of one run's items and must pass "
                "the regression gates (L5); the previous version stays deployed and runs the batch until it does.",
            )
        )
    else:
        entries.append(
            derived(
                "Rollout",
                "Canary: the gateway sends 5 % of requests to a new model, prompt or runtime version (one extra "
                "replica) for 24 hours, and it must pass the regression gates (L5); rollback routes traffic back to "
                "the previous version, which stays deployed until the canary passes.",
            )
        )
    entries.append(
        either(
            "Approvals",
            l6.approvals,
            "The owner signs off each release; security reviews any new data source or tool"
            + (
                ", and the data protection officer any change to what data reaches the model."
                if b.sensitivity.level >= 2
                else "."
            ),
        )
    )
    source = b.model_source()
    if o is not None:
        entries.append(
            derived(
                "Model provenance",
                f"Weights of {o.model} from "
                + (repository(source) or "the publisher's official release")
                + "; pin the revision, record its SHA-256 checksum, and serve only from the internal model registry.",
            )
        )
    comps = [
        "SLO alerts",
        "Sample run and rollback" if b.offline and l6.rollout is None else "Canary and rollback",
        l6.owner or "Owning team",
    ]
    return LayerAdvice(key="L6", title="Operations", entries=entries, components=comps)


__all__ = ["capacity_after_loss", "error_budget_minutes", "operations_layer", "runtime_layer"]
