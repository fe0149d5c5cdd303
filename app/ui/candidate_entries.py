"""What the candidate lists offer: one `Candidate` per name, with the words it is grouped,
filtered and shown by. No Qt here: the lists' model reads these.

Offered per list: the catalog's records, the scenario's inline records (which replace same-named
catalog ones), and any name the scenario asks for that neither has (so it stays visible and
checked, under "Not in the catalog").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.domain import Precision, unfit_reason
from app.domain.numbers import figure

KINDS = [("models", "Models"), ("hardware", "Instances"), ("precisions", "Precisions"), ("runtimes", "Runtimes")]
NOT_IN_CATALOG = "Not in the catalog"

# Grouping choices per list: (key, label shown in the "Group by" box). "" = no grouping.
GROUPINGS: dict[str, list[tuple[str, str]]] = {
    "models": [("", "No grouping"), ("family", "By family")],
    "hardware": [
        ("provider", "By provider"),
        ("family", "By accelerator family"),
        ("deployment", "By deployment"),
        ("", "No grouping"),
    ],
    "precisions": [],
    "runtimes": [],
}

_WORDS = {"nvidia": "NVIDIA", "amd": "AMD", "tpu": "TPU", "cpu": "CPU", "sbc": "SBC", "cdna3": "CDNA3", "arm": "Arm"}
_DEPLOYMENTS = {"cloud": "Cloud", "bare_metal": "Bare metal", "on_prem": "On-prem"}


@dataclass(frozen=True)
class Candidate:
    """One checkable name: `label` is what the list shows, `groups` its group per grouping key,
    `search` the lower-case text the filter box matches (every word typed must occur)."""

    name: str
    label: str
    tooltip: str = ""
    groups: dict[str, str] = field(default_factory=dict)
    search: str = ""
    unfit: str = ""  # why it cannot serve the scenario's workload ('reads text only'); '' = it can


def family_label(efficiency_class: str) -> str:
    """'nvidia-hopper' -> 'NVIDIA Hopper', 'amd-cdna3' -> 'AMD CDNA3', 'google-tpu' -> 'Google TPU'."""
    words = [w for w in efficiency_class.replace("_", "-").split("-") if w]
    return " ".join(_WORDS.get(w, w.capitalize()) for w in words) or "Other"


def short_accelerator(accelerator: Any, name: str) -> str:
    """The accelerator's name without a one-word vendor prefix ('NVIDIA H100 SXM' -> 'H100 SXM');
    a vendor of several words is kept ('Raspberry Pi 5 (4GB)')."""
    vendor = getattr(accelerator, "vendor", "") or ""
    if vendor and " " not in vendor and name.startswith(vendor + " "):
        return name[len(vendor) + 1 :]
    return name


def _instance(inst: Any, accelerators: dict[str, Any]) -> Candidate:
    acc = accelerators.get(inst.accelerator.casefold())
    short = short_accelerator(acc, inst.accelerator)
    deployment = _DEPLOYMENTS.get(getattr(inst.deployment, "value", str(inst.deployment)), str(inst.deployment))
    family = family_label(acc.efficiency_class) if acc is not None else "Other"
    where = ", ".join(p for p in (inst.provider, inst.region or "", deployment.lower()) if p)
    memory = f", {acc.memory_gib:g} GiB each" if acc is not None else ""
    tooltip = f"{inst.name}: {inst.accelerator_count}× {inst.accelerator}{memory} ({where})"
    return Candidate(
        name=inst.name,
        label=f"{inst.name} — {inst.accelerator_count}× {short}",
        tooltip=tooltip,
        groups={"provider": inst.provider, "family": family, "deployment": deployment},
        search=" ".join((inst.name, inst.accelerator, inst.provider, inst.region or "", deployment, family)).lower(),
    )


def _accelerator(acc: Any) -> Candidate:
    """A bare accelerator offered as hardware (a scenario's inline device)."""
    family = family_label(acc.efficiency_class)
    return Candidate(
        name=acc.name,
        label=f"{acc.name} — one device, {acc.memory_gib:g} GiB",
        tooltip=f"{acc.name}: a bare {acc.vendor} device (no instance), {acc.memory_gib:g} GiB",
        groups={"provider": "Devices (no instance)", "family": family, "deployment": "Devices (no instance)"},
        search=" ".join((acc.name, acc.vendor, family)).lower(),
    )


def _model(model: Any, workload: Any) -> Candidate:
    active = f" ({figure(model.params_active_b, 3)} B active)" if model.params_active_b else ""
    size = f"{figure(model.params_total_b, 3)} B{active}"  # 1,030 B, never 1.03e+03B
    unfit = unfit_reason(model, workload) if workload is not None else ""
    tooltip = f"{model.name}: {size} parameters, {model.max_context_tokens:,} tokens context"
    return Candidate(
        name=model.name,
        label=f"{model.name} — {size}" + (f" — {unfit}" if unfit else ""),
        tooltip=tooltip + (f". Not offered for this workload: {unfit}." if unfit else ""),
        groups={"family": model.family or "Other"},
        search=" ".join((model.name, model.family or "")).lower(),
        unfit=unfit,
    )


def _plain(name: str, groups: dict[str, str] | None = None) -> Candidate:
    return Candidate(name=name, label=name, tooltip=name, groups=groups or {}, search=name.lower())


def candidate_entries(catalog: Any, scenario: Any) -> dict[str, list[Candidate]]:
    """The candidates of each list (KINDS' keys), names unique (case-insensitive), in catalog order."""
    inline_models = list(getattr(scenario, "models", []) or [])
    inline_instances = list(getattr(scenario, "instances", []) or [])
    inline_accelerators = list(getattr(scenario, "accelerators", []) or [])
    accelerators = {a.name.casefold(): a for a in [*getattr(catalog, "accelerators", []), *inline_accelerators]}
    # Embedding models encode and never generate: a service sizes them in a RAG workload, not here;
    # a batch job lists them (offered when it is an embedding job: one vector per request, else
    # greyed with the reason, app.domain.fit).
    workload = getattr(scenario, "workload", None)
    batch_job = bool(getattr(workload, "is_batch_job", False))
    models = [
        m
        for m in [*getattr(catalog, "models", []), *inline_models]
        if batch_job or getattr(m.modality, "value", "") != "embedding"
    ]
    out: dict[str, list[Candidate]] = {
        "models": [_model(m, getattr(scenario, "workload", None)) for m in models],
        "hardware": [_instance(i, accelerators) for i in [*getattr(catalog, "instances", []), *inline_instances]]
        + [_accelerator(a) for a in inline_accelerators],
        "precisions": [_plain(p.value) for p in Precision],
        "runtimes": [_plain(r.name) for r in getattr(catalog, "runtimes", []) if not getattr(r, "hosted", False)],
    }
    if scenario is not None:
        for kind, names in selected_names(scenario).items():
            missing = {k: NOT_IN_CATALOG for k, _ in GROUPINGS[kind] if k}
            out[kind] += [_plain(n, missing) for n in names]
    for kind, entries in out.items():  # a later same-named record (inline) replaces an earlier one
        by_name: dict[str, Candidate] = {}
        for entry in entries:
            key = entry.name.casefold()
            if key not in by_name or entry.label != entry.name:
                by_name[key] = entry
        out[kind] = list(by_name.values())
    return out


def selected_names(scenario: Any) -> dict[str, list[str]]:
    """The names a scenario's candidates name, per list."""
    c = scenario.candidates
    return {
        "models": list(c.models),
        "hardware": list(c.hardware),
        "precisions": [p.value for p in c.precisions],
        "runtimes": list(c.runtimes),
    }
