"""What the scenario editor shows, read from the domain's pydantic models (no Qt here).

`walk(Model)` lists a model's fields as `FieldSpec`s and nested models as `GroupSpec`s, so a
field another engineer adds to the domain appears in the editor without code here: its label
comes from its name, its unit from `json_schema_extra={"unit": ...}` or the name's suffix
(`_ms`, `_usd_per_month`, ...), its help from the field's `description` (else the table below).
Types map to editors: numbers, yes/no, choices (enums, Literals), text, comma lists; anything
else (lists of records, say) is edited as YAML.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

NUMBER, INTEGER, BOOL, CHOICE, TEXT, LONGTEXT, LIST, YAML = (
    "number",
    "integer",
    "bool",
    "choice",
    "text",
    "longtext",
    "list",
    "yaml",
)

# Labels where the name alone reads poorly; others: the name without its unit, spaced.
LABELS = {
    # Assumptions behind the availability and deployment comparison (app.domain.scenario.Assumptions)
    "zone_availability": "Zone availability",
    "max_zones": "Zones to spread over",
    "on_prem_share": "On-prem share charged",
    "idle_power_fraction": "Idle power",
    "growth_per_quarter": "Traffic growth per quarter",
    "hybrid_base_percentile": "Hybrid owned base",
    "spot_interruption_rate": "Spot work redone",
    "colo_usd_per_kw_month": "Colocation cost",
    "install_share": "Installation and network",
    "on_prem_lead_time_days": "On-prem lead time",
    "busy_power_fraction": "Busy power (override)",
    "host_power_fraction": "Host power",
    "grid_gco2e_per_kwh": "Grid carbon intensity",
    "requests_per_s": "Mean rate",
    "peak_to_mean": "Peak to mean",
    "peak_hours_per_day": "Peak hours",
    "input_tokens": "Input, mean",
    "output_tokens": "Output, mean",
    "input_tokens_p95": "Input, p95",
    "output_tokens_p95": "Output, p95",
    "prefix_cache_hit_ratio": "Prefix cache hit ratio",
    "ttft_p95_ms": "Time to first token (p95)",
    "tpot_p95_ms": "Time per output token (p95)",
    "e2e_p95_ms": "End to end (p95)",
    "budget_usd_per_month": "Budget",
    "users": "Users",
    "max_gpus": "Max GPUs per replica",
    "max_total_gpus": "Max GPUs in total",
    "on_prem_only": "On-prem only",
    "self_hosted_only": "Self-hosted only",
    "utilisation_target": "Utilisation target",
    "redundancy_replicas": "Redundancy replicas",
    "hours_per_month": "Hours billed per month",
    "electricity_usd_per_kwh": "Electricity price",
    "pue": "PUE",
    "gpu_memory_fraction": "GPU memory fraction",
    "kv_block_size": "KV block size",
    "kv_precisions": "KV-cache precisions",
    "gpu_counts": "GPU counts",
    "hosted_apis": "Hosted APIs",
    "lora_rank": "LoRA rank",
    "evaluation": "Evaluation plan",
    "vector_bytes_per_dim": "Vector precision",
    "reindex_hours": "Re-index within",
    "tool_latency_ms": "Tool latency per call",
    "corpus_documents": "Corpus",
    "chunks_per_document": "Chunks",
    "chunk_tokens": "Chunk size",
    "embedding_model": "Embedding model",
    "embedding_dim": "Embedding size",
    "author": "Author (title page)",
    "query_tokens": "Query length",
    "total_requests": "Requests per run",
    "deadline_hours": "Deadline per run",
    "hnsw_m": "HNSW links (M)",
    "ef_search": "HNSW search list (ef)",
    "index_in": "Index in",
    "embed_on": "Embed query on",
    "top_k": "Chunks retrieved (top k)",
    "rerank": "Re-rank",
    "rerank_candidates": "Re-rank candidates",
    "rerank_model": "Re-rank model",
    "rerank_on": "Re-rank on",
}
# How a choice reads in a list ('inference API', not 'inference_api').
CHOICE_LABELS = {"rag": "RAG", "inference_api": "inference API", "lora": "LoRA", "qlora": "QLoRA"}
# Units where the name's suffix does not say it.
UNITS = {
    "zone_availability": "fraction 0–1",
    "max_zones": "zones",
    "on_prem_share": "fraction of the month",
    "idle_power_fraction": "of TDP",
    "growth_per_quarter": "fraction per quarter",
    "hybrid_base_percentile": "percentile of hourly traffic",
    "spot_interruption_rate": "fraction of work",
    "colo_usd_per_kw_month": "USD per kW per month",
    "install_share": "of capex, up front",
    "on_prem_lead_time_days": "days",
    "busy_power_fraction": "of TDP",
    "host_power_fraction": "of the catalogued maximum",
    "grid_gco2e_per_kwh": "g CO2e/kWh",
    "requests_per_s": "req/s",
    "peak_to_mean": "×",
    "peak_hours_per_day": "h/day",
    "prefix_cache_hit_ratio": "fraction 0–1",
    "images_per_request": "per request",
    "availability": "fraction 0–1",
    "utilisation_target": "fraction of max rate",
    "headroom": "fraction over peak",
    "redundancy_replicas": "replicas",
    "hours_per_month": "h/month",
    "pue": "×",
    "operations_share": "of capex per year",
    "gpu_memory_fraction": "fraction 0–1",
    "max_batched_tokens": "tokens",
    "max_concurrent_sequences": "sequences",
    "kv_block_size": "tokens/page",
    "speculative_draft_tokens": "tokens/step",
    "speculative_acceptance_rate": "fraction 0–1",
    "max_gpus": "GPUs",
    "max_total_gpus": "GPUs",
    "dataset_tokens": "tokens/epoch",
    "epochs": "epochs",
    "sequence_length": "tokens",
    "micro_batch_size": "sequences",
    "corpus_documents": "documents",
    "chunks_per_document": "per document",
    "embedding_dim": "dimensions",
    "vector_bytes_per_dim": "bytes/dim",
    "index_overhead": "×",
    "calls_per_task": "calls/task",
    "total_requests": "requests",
    "users": "people",
    "input_tokens_p95": "tokens",
    "output_tokens_p95": "tokens",
    "hnsw_m": "links/vector",
    "ef_search": "candidates",
    "top_k": "chunks",
    "rerank_candidates": "chunks",
}
SUFFIX_UNITS = [
    ("_usd_per_month", "USD/month"),
    ("_usd_per_kwh", "USD/kWh"),
    ("_usd_per_hour", "USD/h"),
    ("_usd", "USD"),
    ("_ms", "ms"),
    ("_hours", "h"),
    ("_years", "years"),
    ("_gib", "GiB"),
    ("_gb_s", "GB/s"),
    ("_tokens", "tokens"),
    ("_per_s", "/s"),
]
# What each knob changes, for the Assumptions, Constraints and Candidates tabs (a field's own
# `description` in the domain wins over this).
HELP = {
    "utilisation_target": "Share of a replica's maximum sustainable rate the autoscaler aims for on mean "
    "traffic. Lower: more replicas and cost, more slack for bursts.",
    "headroom": "Capacity above the peak that the autoscaling ceiling allows. Raises the maximum replica "
    "count and the peak-hour cost.",
    "redundancy_replicas": "Spare replicas beyond what the peak needs (1 = N+1). Each adds its cost; "
    "together they let the service survive a replica failure at peak.",
    "pricing": "Which cloud price is used: on-demand, spot, reserved (1 year) or reserved 3y "
    "(on-demand where no other price is published; the option is flagged).",
    "hours_per_month": "Hours billed per month for capacity that is always on; scales every monthly cloud cost.",
    "electricity_usd_per_kwh": "Price of power: on-prem electricity cost is the modelled kWh (GPUs between "
    "idle and busy power by the share of each hour they serve, host power, PUE) times this price.",
    "pue": "Facility power over IT power (1.0 = no overhead); multiplies every option's energy (cloud "
    "estimates too) and the on-prem electricity cost.",
    "amortisation_years": "On-prem only: years over which the purchase price is spread. Shorter: higher monthly cost.",
    "operations_share": "On-prem only: yearly operations cost as a share of the purchase price.",
    "gpu_memory_fraction": "Share of GPU memory the runtime may use (vLLM gpu_memory_utilization). What is "
    "left after the weights holds the KV cache, so this sets the maximum concurrency. Empty: each runtime's "
    "own default.",
    "max_batched_tokens": "Tokens per prefill chunk (vLLM max_num_batched_tokens): how prefill interleaves "
    "with decode; changes time to first token under load. Empty: each runtime's own default.",
    "max_concurrent_sequences": "Cap on sequences batched together (vLLM max_num_seqs), even when KV memory "
    "would allow more. Empty: each runtime's own default.",
    "kv_block_size": "Tokens per KV-cache page; larger pages waste more of each sequence's last page.",
    "speculative_draft_tokens": "Draft tokens proposed per verification step (0 = off). With the acceptance "
    "rate it shortens time per output token.",
    "speculative_acceptance_rate": "Share of draft tokens the target model accepts; used only with draft tokens.",
    "providers": "Only hardware of these providers, comma separated (empty = any).",
    "regions": "Only instances and hosted APIs in these regions (empty = any).",
    "max_gpus": "Largest replica allowed, in GPUs (empty = no limit).",
    "max_total_gpus": "GPUs across all replicas, e.g. the size of an on-prem cluster (empty = no limit).",
    "on_prem_only": "Leave out cloud instances and hosted APIs.",
    "self_hosted_only": "Leave out hosted APIs.",
    "kv_precisions": "Comma separated, e.g. fp8 (empty = follow the weights' precision).",
    "gpu_counts": "Comma separated, e.g. 1, 2, 4 (empty = 1, 2, 4, 8 in a node and whole nodes beyond).",
    "hosted_apis": "Hosted APIs to compare against, comma separated catalog names (empty = none).",
    "use_case": "What the system does, for whom, and what a good answer is.",
    "data_boundary": "Where prompts and documents may go: what stays on premises or in one account.",
    "model_strategy": "Which models and why: open weights or hosted, fine-tuned or not, fallbacks.",
    "runtime_path": "How a request travels: gateway, serving runtime, retrieval, tools.",
    "evaluation": "How quality is measured before and after launch: data sets, metrics, cadence.",
    "operations": "Scaling triggers, monitoring, on-call, upgrades.",
    "production_path": "From pilot to everyone: stages, gates, dates.",
    "owner": "The team or person accountable for the service.",
    "embedding_model": "A catalog model of the embedding kind (empty: the embedding figures use the size below).",
}
ACRONYMS = {"ttft": "TTFT", "tpot": "TPOT", "gpu": "GPU", "gpus": "GPUs", "kv": "KV", "usd": "USD", "api": "API"}
ACRONYMS |= {
    "pii": "PII",
    "mtbf": "MTBF",
    "apis": "APIs",
    "rag": "RAG",
    "lora": "LoRA",
    "p95": "p95",
    "e2e": "end-to-end",
    "sla": "SLA",
}


@dataclass(frozen=True)
class FieldSpec:
    """One editable value: where it is in the scenario, how it is edited, labelled and explained."""

    path: tuple[str, ...]
    label: str
    kind: str
    unit: str = ""
    help: str = ""
    default: Any = PydanticUndefined  # PydanticUndefined: required
    optional: bool = False  # None allowed (an empty box means "not set")
    choices: tuple[str, ...] = ()
    item_kind: str = TEXT  # for LIST: what each comma-separated item is

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def has_default(self) -> bool:
        return self.default is not PydanticUndefined


@dataclass(frozen=True)
class GroupSpec:
    """A nested record (traffic, tokens, batch, ...): its title and its own fields."""

    path: tuple[str, ...]
    title: str
    model: type[BaseModel]
    optional: bool = False
    children: list[FieldSpec | GroupSpec] = field(default_factory=list)

    @property
    def key(self) -> str:
        return ".".join(self.path)


def choice_label(value: str) -> str:
    return CHOICE_LABELS.get(value, value.replace("_", " "))


def label_for(name: str) -> str:
    if name in LABELS:
        return LABELS[name]
    stem = name
    for suffix, _unit in SUFFIX_UNITS:
        if stem.endswith(suffix) and stem != suffix.lstrip("_"):
            stem = stem[: -len(suffix)]
            break
    words = [ACRONYMS.get(w, w) for w in stem.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


_INTERNAL_NAME = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def user_words(text: str) -> str:
    """`text` with internal field names ('deadline_hours') replaced by their labels
    ("'Deadline per run'"), so a refusal speaks the form's language."""
    return _INTERNAL_NAME.sub(lambda m: f"'{label_for(m.group(0))}'", text)


def unit_for(name: str, info: FieldInfo) -> str:
    extra = info.json_schema_extra
    if isinstance(extra, dict) and isinstance(extra.get("unit"), str):
        return str(extra["unit"])
    if name in UNITS:
        return UNITS[name]
    return next((unit for suffix, unit in SUFFIX_UNITS if name.endswith(suffix)), "")


def _strip(annotation: Any) -> tuple[Any, bool]:
    """(the type inside Annotated / Optional, whether None is allowed)."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def _scalar_kind(tp: Any) -> tuple[str, tuple[str, ...]]:
    if isinstance(tp, type) and issubclass(tp, Enum):
        return CHOICE, tuple(str(m.value) for m in tp)
    if get_origin(tp) is Literal:
        return CHOICE, tuple(str(a) for a in get_args(tp))
    if tp is bool:
        return BOOL, ()
    if tp is int:
        return INTEGER, ()
    if tp is float:
        return NUMBER, ()
    if tp is str:
        return TEXT, ()
    return YAML, ()


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def field_spec(path: tuple[str, ...], info: FieldInfo) -> FieldSpec | GroupSpec:
    name = path[-1]
    tp, optional = _strip(info.annotation)
    if _is_model(tp):
        described = info.description or ""
        return walk(tp, path, optional=optional, title=described[:1].upper() + described[1:])
    kind, item_kind = YAML, TEXT
    choices: tuple[str, ...] = ()
    if get_origin(tp) is list:
        item, _ = _strip(get_args(tp)[0]) if get_args(tp) else (str, False)
        item_kind, _item_choices = _scalar_kind(item)
        kind = LIST if item_kind in (TEXT, INTEGER, NUMBER, CHOICE) else YAML
    else:
        kind, choices = _scalar_kind(tp)
    if kind == TEXT and (name == "description" or path[0] == "system_map"):
        kind = LONGTEXT
    default: Any = PydanticUndefined
    if info.default is not PydanticUndefined:
        default = info.default
    elif info.default_factory is not None:
        default = info.default_factory()  # type: ignore[call-arg]
    return FieldSpec(
        path=path,
        label=label_for(name),
        kind=kind,
        unit=unit_for(name, info) if kind in (NUMBER, INTEGER) else "",
        help=info.description or HELP.get(name, ""),
        default=default,
        optional=optional,
        choices=choices,
        item_kind=item_kind,
    )


def walk(model: type[BaseModel], prefix: tuple[str, ...] = (), optional: bool = False, title: str = "") -> GroupSpec:
    """The editor's tree for `model`: its fields in declaration order, nested models as groups
    (titled by their field's description when it has one: 'L1 use case and quality bar')."""
    title = title or (label_for(prefix[-1]) if prefix else model.__name__)
    group = GroupSpec(path=prefix, title=title, model=model, optional=optional)
    for name, info in model.model_fields.items():
        group.children.append(field_spec((*prefix, name), info))
    return group


def blank_record(model: type[BaseModel]) -> dict[str, Any]:
    """A record of `model` to start from when the user adds an optional part: its defaults, and
    for each required field the smallest plain value (1, '', the first choice, no) for the user
    to overwrite. Validation still decides; a model it cannot satisfy raises ValidationError."""
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if not info.is_required():
            continue
        tp, _optional = _strip(info.annotation)
        kind, choices = _scalar_kind(tp)
        if _is_model(tp):
            data[name] = blank_record(tp)
        else:
            data[name] = {INTEGER: 1, NUMBER: 1.0, BOOL: False, TEXT: "", CHOICE: choices[0] if choices else ""}.get(
                kind
            )
    return model.model_validate(data).model_dump()


def leaves(group: GroupSpec) -> list[FieldSpec]:
    """Every field under `group`, depth first."""
    out: list[FieldSpec] = []
    for child in group.children:
        out.extend(leaves(child) if isinstance(child, GroupSpec) else [child])
    return out


def value_at(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if data is None:
            return None
        data = data.get(part) if isinstance(data, dict) else getattr(data, part, None)
    return data


def format_value(spec: FieldSpec, value: Any) -> str:
    """The text an editor shows for `value` (numbers without float noise, lists comma separated)."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if spec.kind == LIST:
        return ", ".join(format_value(FieldSpec(spec.path, "", spec.item_kind), v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.12g}"
    return str(value)


def parse_text(spec: FieldSpec, text: str) -> Any:
    """The value typed in a box: '' means the default (or not set); numbers may carry thousands
    separators. Raises ValueError with a short message for text that is not a number."""
    text = text.strip()
    if spec.kind == LIST:
        items = [t.strip() for t in text.split(",") if t.strip()]
        return [parse_text(FieldSpec(spec.path, "", spec.item_kind), t) for t in items]
    if text == "":
        if spec.optional:
            return None
        if spec.has_default:
            return spec.default
        return "" if spec.kind in (TEXT, LONGTEXT) else None
    if spec.kind in (NUMBER, INTEGER):
        cleaned = text.replace(",", "").replace("_", "").replace(" ", "")
        try:
            number = float(cleaned)
        except ValueError:
            raise ValueError(f"'{text}' is not a number") from None
        if spec.kind == INTEGER:
            if number != int(number):
                raise ValueError(f"{text}: a whole number is needed")
            return int(number)
        return number
    return text
