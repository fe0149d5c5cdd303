"""L1 use case, L2 data and L3 model strategy: the scenario's words where it states them, else
what an experienced architect would write from the workload's kind, sensitivity and the sizing."""

from __future__ import annotations

from app.advice.basis import Basis, ms, usd
from app.advice.records import Entry, LayerAdvice
from app.domain.hardware import Tenancy
from app.domain.workload import Category, Sensitivity

KIND_WORDS = {
    Category.RAG: "a retrieval-augmented assistant (answers grounded in the organisation's documents)",
    Category.AGENT: "an agent that chains model calls and tool calls to finish a task",
    Category.MULTIMODAL: "a multimodal service (images and text in, text out)",
    Category.BATCH: "an offline batch job to a deadline",
    Category.SYNTHETIC_DATA: "a synthetic-data generation job to a deadline",
    Category.FINE_TUNING: "fine-tuning a model, then serving it",
    Category.INFERENCE_API: "an inference API serving interactive requests",
    Category.EVALUATION: "an evaluation run over a test set",
}

KIND_SHORT = {
    Category.RAG: "RAG assistant",
    Category.AGENT: "Agent",
    Category.MULTIMODAL: "Multimodal service",
    Category.BATCH: "Batch job",
    Category.SYNTHETIC_DATA: "Synthetic data job",
    Category.FINE_TUNING: "Fine-tuned model",
    Category.INFERENCE_API: "Inference API",
    Category.EVALUATION: "Evaluation run",
}

RETENTION_WORDS = {
    "none": "nothing kept after the response",
    "session": "kept for the session only",
    "30_days": "30 days",
    "90_days": "90 days",
    "1_year": "one year",
    "per_policy": "per the records policy",
}

ROUTING_WORDS = {
    "single_model": "one model serves every request",
    "cascade": "a small model first, a larger one when it is not confident",
    "router": "a router picks the model per request",
    "primary_with_fallback": "a primary model with a fallback",
}

FINE_TUNING_WORDS = {
    "none": "none",
    "prompting_only": "prompting only",
    "lora": "LoRA adapters",
    "full": "full fine-tuning",
}


def stated(label: str, text: str) -> Entry:
    return Entry(label=label, text=text, derived=False)


def derived(label: str, text: str) -> Entry:
    return Entry(label=label, text=text, derived=True)


def either(label: str, given: str, fallback: str) -> Entry:
    return stated(label, given) if given else derived(label, fallback)


def sla_words(b: Basis) -> str:
    sla = b.workload.sla
    parts = []
    if sla.ttft_p95_ms:
        parts.append(f"p95 time to first token under {ms(sla.ttft_p95_ms)}")
    if sla.tpot_p95_ms:
        parts.append(f"time per output token under {ms(sla.tpot_p95_ms)}")
    if sla.e2e_p95_ms:
        per = " per task" if b.workload.agent is not None else ""
        parts.append(f"p95 end-to-end{per} under {ms(sla.e2e_p95_ms)}")
    if b.workload.batch is not None:
        parts.append(f"the batch finished within {b.workload.batch.hours_per_run:g} hours")
    parts.append(f"{100 * sla.availability:.2f} % availability")
    if b.workload.budget_usd_per_month:
        parts.append(f"within {usd(b.workload.budget_usd_per_month)} a month")
    return ", ".join(parts)


def use_case_layer(b: Basis) -> LayerAdvice:
    l1, w, s = b.scenario.system_map.use_case, b.workload, b.scenario
    what = s.description or w.description or f"{w.name}: {KIND_WORDS[b.kind]}."
    users = f"{w.users:,} users" if w.users else ""
    if w.is_batch_job or w.offered_traffic is None:  # a job's load is its work, not a rate
        users += (", " if users else "") + w.load_summary()
    else:
        users += (", " if users else "") + f"{w.mean_requests_per_s or 0:,.2f} requests/s on average"
        users += f", {w.peak_requests_per_s:,.2f} at peak"
    entries = [
        either("Use case", l1.notes, what),
        either("Users and load", l1.users, users[0].upper() + users[1:] + "."),
        either(
            "Quality bar",
            l1.quality_bar,
            f"Service level: {sla_words(b)}. Answer quality: the pass rate on the golden set (L5) that the "
            "business owner signs off before the pilot.",
        ),
    ]
    # a batch job has no users waiting on it: whoever submits and schedules the runs is its client
    client = "Job submitter/scheduler" if w.is_batch_job else f"{w.users:,} users" if w.users else "Users"
    comps = [client, KIND_SHORT[b.kind], "Quality bar"]
    return LayerAdvice(key="L1", title="Use case and quality bar", entries=entries, components=comps)


def boundary_text(b: Basis) -> str:
    where = b.provider()
    home = "on-prem" if where.lower() in ("on-prem", "onprem", "on prem") else (f"our {where} account" if where else "")
    level = b.sensitivity
    if b.hosted is not None:
        return (
            f"Prompts and outputs go to {b.hosted.provider}'s API, which is cleared for {level.value} data; "
            "a data-processing agreement and no training on our data are contract conditions."
        )
    tenancy = b.tenancy()
    carried = "Prompts, retrieved documents and outputs" if b.workload.rag is not None else "Prompts and outputs"
    if tenancy is Tenancy.MARKETPLACE:  # third parties hold the machines: the data does not stay with us
        return (
            f"{carried} run on {where} marketplace hosts: machines that independent third parties hold, "
            "with no data-processing agreement with us; "
            + (
                "public data only, so nothing else goes there."
                if level is Sensitivity.PUBLIC
                else f"not cleared for {level.value} data: choose a provider cloud, bare metal or on-prem."
            )
        )
    if home == "on-prem":
        place = "on-prem"
    elif home:
        place = "in " + home
    else:
        place = "inside our own infrastructure"
    base = f"{carried} stay {place}"
    if level is Sensitivity.PUBLIC:
        return base + "; public data, so hosted APIs are also acceptable."
    if level is Sensitivity.INTERNAL:
        return base + "; internal data may go only to vendors under a data-processing agreement."
    if level is Sensitivity.CONFIDENTIAL:
        return base + ", in the agreed region; no hosted API that is not cleared for confidential data."
    if tenancy is Tenancy.PROVIDER:  # shared provider hardware: say so, do not claim a dedicated one
        environment = (
            ", in an access-controlled account on the provider's shared hardware under its data-processing "
            "agreement (dedicated hosts where the regulation requires single tenancy)"
        )
    else:
        environment = " in a dedicated, access-controlled environment"
    return base + environment + "; regulated data never leaves it, and each flow has a documented legal basis."


def retention_text(b: Basis) -> str:
    level = b.sensitivity
    if level is Sensitivity.PUBLIC:
        return "Prompts and outputs kept 90 days for debugging and evaluation."
    if level is Sensitivity.INTERNAL:
        return "Prompts and outputs kept 30 days, then deleted; metrics and token counts kept longer."
    if level is Sensitivity.CONFIDENTIAL:
        return "Prompts and outputs kept 30 days at most, encrypted, readable by the owning team only."
    return "Prompts and outputs kept only as the records policy requires, encrypted, with access itself logged."


def data_layer(b: Basis) -> LayerAdvice:
    l2, level = b.scenario.system_map.data, b.sensitivity
    strict = level.level >= Sensitivity.CONFIDENTIAL.level
    entries = [
        derived("Sensitivity", f"{level.value.capitalize()} data (public, internal, confidential, regulated)."),
        either("Data boundary", l2.boundary or l2.notes, boundary_text(b)),
    ]
    if l2.sources:
        entries.append(stated("Sources", l2.sources))
    elif b.workload.rag is not None:
        r = b.workload.rag
        entries.append(
            derived(
                "Sources",
                f"A corpus of {r.corpus_documents:,} documents in chunks of {r.chunk_tokens:,} tokens, "
                f"re-indexed within {r.reindex_hours:g} hours.",
            )
        )
    if l2.permissions:
        entries.append(stated("Permissions", l2.permissions))
    elif b.retrieves:
        entries.append(
            derived(
                "Permissions",
                "Retrieval filters by the caller's own access rights (document ACLs checked at query time), "
                "so the model never sees a passage the user could not open.",
            )
        )
    if l2.retention is not None:
        entries.append(stated("Retention", RETENTION_WORDS[l2.retention].capitalize() + "."))
    else:
        entries.append(derived("Retention", retention_text(b)))
    if l2.audit_logging is not None:
        entries.append(stated("Audit log", "Every model call is logged." if l2.audit_logging else "No audit log."))
    elif level.level >= Sensitivity.INTERNAL.level:
        entries.append(
            derived(
                "Audit log",
                "Every model call logged: caller, time, model and version, token counts"
                + ("; append-only, kept apart from the application's own logs." if strict else "."),
            )
        )
    if l2.pii_redaction is not None:
        entries.append(stated("PII redaction", "Personal data redacted." if l2.pii_redaction else "No redaction."))
    elif strict:
        what = "personal and health data (PII/PHI)" if level is Sensitivity.REGULATED else "personal data (PII)"
        entries.append(
            derived(
                "PII redaction",
                f"Detect and mask {what} in logs and traces; before any call that leaves the boundary.",
            )
        )
    if b.uses_tools:
        agent = b.workload.agent
        budget = f" and {agent.calls_per_task:g} calls per task" if agent is not None else ""
        entries.append(
            derived(
                "Tool permissions",
                "An allow-list of tools per task, read-only by default, with the caller's own rights (no shared "
                "service account); any action that writes, pays or sends needs a person's approval; every tool "
                f"call logged with its arguments, bounded by a timeout{budget}.",
            )
        )
    if b.retrieves:
        entries.append(
            derived(
                "Prompt injection",
                "Retrieved and tool-returned text is data, not instructions: kept apart from the system "
                "prompt, stripped of markup, answers must cite their passages, and outputs are checked "
                "before they reach a user or a tool.",
            )
        )
    comps = ["Documents and index" if b.workload.rag is not None or b.kind is Category.RAG else "Prompts and outputs"]
    comps.append(f"{level.value} boundary")
    comps.append("Audit log" if level.level >= Sensitivity.INTERNAL.level else "Request log")
    return LayerAdvice(key="L2", title="Data", entries=entries, components=comps)


def model_strategy_layer(b: Basis) -> LayerAdvice:
    l3, w, o = b.scenario.system_map.model_strategy, b.workload, b.option
    entries = []
    if l3.notes:
        entries.append(stated("Strategy", l3.notes))
    if b.hosted is not None:
        model = f"{b.hosted.model} through {b.hosted.name}"
    elif o is not None:
        model = (
            f"{o.model} at {o.precision.value.upper()} weights, {o.kv_precision.value.upper()} KV cache, "
            f"served by {o.runtime}"
        )
    else:
        model = "No model in scope meets the SLA (see the summary)."
    entries.append(derived("Model", model))
    if l3.routing is not None:
        entries.append(stated("Routing", ROUTING_WORDS[l3.routing].capitalize() + "."))
    else:
        entries.append(
            derived(
                "Routing",
                "One model serves every request; add a router only when the golden set shows a cheaper model "
                "is good enough for a known share of requests.",
            )
        )
    k = w.tokens
    ctx = f"Prompts of {k.input_tokens:,} tokens on average ({k.input_tokens_p95 or k.input_tokens:,} at p95)"
    if k.shared_prefix_tokens:
        ctx += f", of which {k.shared_prefix_tokens:,} are a shared prefix kept in the prefix cache"
    if w.rag is not None:
        ctx += f"; retrieved passages of {w.rag.chunk_tokens:,} tokens each fill the rest"
    if k.images_per_request:
        ctx += f"; {k.images_per_request:g} images per request"
    entries.append(either("Context", l3.context, ctx + "."))
    if l3.fine_tuning is not None:
        entries.append(stated("Fine-tuning", FINE_TUNING_WORDS[l3.fine_tuning].capitalize() + "."))
    elif w.fine_tuning is not None:
        entries.append(
            derived(
                "Fine-tuning",
                f"{w.fine_tuning.method.value.upper()} on {w.fine_tuning.dataset_tokens:,.0f} tokens per epoch, "
                "as the workload states.",
            )
        )
    else:
        entries.append(
            derived(
                "Fine-tuning",
                "No fine-tuning at first: "
                + ("prompting and retrieval" if w.rag is not None or b.kind is Category.RAG else "prompting")
                + "; fine-tune only when the golden set shows a gap it cannot close.",
            )
        )
    entries.append(either("Fallback", l3.fallback, fallback_text(b)))
    comps = [o.model if o is not None else (b.hosted.model if b.hosted is not None else "Model")]
    if w.rag is not None or b.kind is Category.RAG:
        comps.append("Retriever")
    if b.uses_tools:
        comps.append("Tool calls")
    comps.append("Fallback")
    return LayerAdvice(key="L3", title="Model strategy", entries=entries, components=comps)


def fallback_text(b: Basis) -> str:
    allowed = sorted((h for h in b.sizing.hosted if h.allowed), key=lambda h: h.cost_per_month_usd)
    if b.hosted is not None:
        others = [h for h in allowed if h.name != b.hosted.name]
        if others:
            return f"{others[0].name}, also cleared for this data, behind the same gateway."
        return "A second region or provider of the same API; without one, requests queue and the client retries."
    if allowed:
        return (
            f"{allowed[0].name} takes overflow and outages (cleared for {b.sensitivity.value} data), "
            f"at {usd(allowed[0].cost_per_million_tokens_usd)} per 1M tokens."
        )
    if b.offline:
        return (
            f"No hosted API is cleared for {b.sensitivity.value} data: failed items go back on the work queue "
            "and are retried, within the run's window; a node lost mid-run is replaced and the run resumes."
        )
    if b.option is not None and b.option.replicas > 1:
        return (
            f"No hosted API is cleared for {b.sensitivity.value} data: the redundant replica carries an "
            "outage, and beyond it requests queue or are shed with a clear message."
        )
    return "Requests queue and are shed with a clear message; no hosted API is cleared for this data."


__all__ = ["data_layer", "derived", "either", "model_strategy_layer", "stated", "use_case_layer"]
