"""Section 9: the assumptions in one table, as an architect names them, and the catalog sources
of the records the decision used (the recommended and shortlisted options, the matrix's rows,
the hosted APIs compared), not every record the engine looked at."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from app.domain import Catalog, Option, Scenario, Sizing

Fmt = Callable[[Any], str]


def _pct(v: Any) -> str:
    return f"{100 * float(v):g} %"


def _plain(v: Any) -> str:
    return f"{v:,}" if isinstance(v, int) else f"{v:g}" if isinstance(v, float) else str(v)


PRICING = {
    "on_demand": "on-demand",
    "spot": "spot",
    "reserved": "reserved (1-year commitment)",
    "reserved_3y": "reserved (3-year commitment)",
}

# key -> (label, format). Keys added later fall back to their words, capitalised.
LABELS: dict[str, tuple[str, Fmt]] = {
    "utilisation_target": ("Utilisation target (of the rate one replica sustains at the SLA)", _pct),
    "headroom": ("Headroom over the peak", _pct),
    "redundancy_replicas": ("Redundant replicas (N+k)", _plain),
    "gpu_mtbf_hours": ("Hours between failures per GPU (Llama 3 fleet)", _plain),
    "repair_hours": ("Hours to replace a failed node", _plain),
    "zone_availability": ("Availability of one zone or site", _pct),
    "max_zones": ("Zones the replicas may spread across", _plain),
    "pricing": ("Cloud pricing", lambda v: PRICING.get(str(v), str(v).replace("_", " "))),
    "hours_per_month": ("Hours in a month", _plain),
    "electricity_usd_per_kwh": ("Electricity price [USD/kWh]", _plain),
    "pue": ("Power usage effectiveness (PUE)", _plain),
    "amortisation_years": ("Hardware amortisation [years]", _plain),
    "operations_share": ("Operations cost per year (share of the purchase price)", _pct),
    "on_prem_share": ("On-prem: share of the nodes' month charged to this scenario", _pct),
    "idle_power_fraction": ("Accelerator power at zero load (share of TDP)", _pct),
    "horizon_years": ("Deployment comparison horizon [years]", _plain),
    "growth_per_quarter": ("Traffic growth per quarter", _pct),
    "hybrid_base_percentile": ("Hybrid: owned base sized to this percentile of hourly traffic", _plain),
    "spot_interruption_rate": ("Spot: share of work redone after interruptions", _pct),
    "colo_usd_per_kw_month": ("On-prem colocation [USD per kW per month]", _plain),
    "install_share": ("On-prem installation, network and racking (share of capex)", _pct),
    "on_prem_lead_time_days": ("On-prem lead time, order to serving [days]", _plain),
    "busy_power_fraction": ("Accelerator power while running kernels (share of TDP)", _pct),
    "host_power_fraction": ("Host power (share of the catalog's host maximum)", _pct),
    "grid_gco2e_per_kwh": ("Grid carbon intensity [gCO2e/kWh]", _plain),
    "gpu_memory_fraction": ("GPU memory the runtime may use", _pct),
    "max_batched_tokens": ("Tokens per prefill chunk (chunked prefill)", _plain),
    "max_concurrent_sequences": ("Concurrent sequences per replica, at most", _plain),
    "kv_block_size": ("KV-cache page size [tokens]", _plain),
    "speculative_draft_tokens": ("Speculative decoding: draft tokens per step", lambda v: _plain(v) if v else "off"),
    "speculative_acceptance_rate": ("Speculative decoding: draft tokens accepted", _pct),
}


# What an empty (None) assumption means. Only the serving knobs (RUNTIME_KNOBS) fall back to the
# runtime's own default; any other empty one says what is used instead.
UNSET = {
    "redundancy_replicas": "as many as the availability target needs",
    "on_prem_share": "dedicated: the whole month of the nodes",
    "host_power_fraction": "the catalog's host maximum (system maximum - the accelerators' TDP) every hour: "
    "energy figures resting on it are upper bounds (≤)",
    "busy_power_fraction": "follows each step: idle + (TDP - idle) x min(1, the memory and tensor-core busy "
    "shares of the decode step, weighted by coefficients fitted on ML.ENERGY v3 H100 runs: app.engine.power)",
    "grid_gco2e_per_kwh": "each instance's region figure from the catalog; none for an on-prem node without a "
    "region (or an offer without a region figure), so its CO2e is n/a",
}
RUNTIME_KNOBS = frozenset({"gpu_memory_fraction", "max_batched_tokens", "max_concurrent_sequences"})


def unset_text(key: str) -> str:
    """What an empty assumption means in the table."""
    if key in UNSET:
        return UNSET[key]
    return "the runtime's default" if key in RUNTIME_KNOBS else "not set"


def label_for(key: str) -> tuple[str, Fmt]:
    if key in LABELS:
        return LABELS[key]
    words = key.replace("_usd", " [USD]").replace("_per_", " per ").replace("_", " ")
    return words[:1].upper() + words[1:], lambda v: _plain(v).replace("_", " ")


def assumption_rows(scenario: Scenario) -> list[list[str]]:
    a = scenario.assumptions
    rows = [["Assumption", "Value", "Set by"]]
    for key, value in a.model_dump(mode="json").items():
        label, fmt = label_for(key)
        if isinstance(value, dict | list):
            value = (
                ", ".join(f"{k} {v}" for k, v in value.items())
                if isinstance(value, dict)
                else ", ".join(map(str, value))
            )
        default = type(a).model_fields[key].get_default(call_default_factory=True)
        if hasattr(default, "model_dump"):
            default = default.model_dump(mode="json")
        set_by = (
            "Archwise default" if value == default or value == getattr(default, "value", default) else "the scenario"
        )
        rows.append([label, fmt(value) if value is not None else unset_text(key), set_by])
    return rows


KIND_NAMES = {
    "models": "Model",
    "instances": "Instance",
    "accelerators": "Accelerator",
    "runtimes": "Runtime",
    "hosted_apis": "Hosted API",
    "efficiency": "Efficiency profile",
    "grid_regions": "Grid region",
}


def used_options(sizing: Sizing, matrix: Any, shortlist: Iterable[int], extra: Iterable[Option]) -> list[Option]:
    picks = set(shortlist)
    if matrix is not None:
        picks |= {r.option_index for r in matrix.ranked if r.option_index is not None}
    opts = [sizing.options[i] for i in sorted(picks) if 0 <= i < len(sizing.options)]
    return opts + [o for o in extra if o not in opts]


def source_rows(catalog: Catalog, sizing: Sizing, options: list[Option]) -> list[list[str]]:
    """(kind, record, source, as of) for the records behind `options` and the hosted APIs compared."""
    wanted: set[tuple[str, str]] = set()
    runtimes: set[str] = set()
    for o in options:
        wanted |= {
            ("models", o.model),
            ("instances", o.hardware),
            ("accelerators", o.accelerator),
            ("runtimes", o.runtime),
        }
        runtimes.add(o.runtime.lower())
    for h in sizing.hosted:
        wanted.add(("hosted_apis", h.name))
    rows: dict[tuple[str, str], list[str]] = {}
    classes: set[str] = set()
    for kind, name in sorted(wanted):
        try:
            rec = catalog.find(kind, name)
        except Exception:  # noqa: BLE001 - e.g. an accelerator used directly as hardware is not an instance
            continue
        rows[(kind, rec.name)] = [KIND_NAMES[kind], rec.name, " ".join(rec.source.split()), rec.as_of.isoformat()]
        if kind == "accelerators":
            classes.add(getattr(rec, "efficiency_class", ""))
        model = getattr(rec, "quality_model", None) if kind == "hosted_apis" else None
        if model:
            try:
                m = catalog.model(model)
                rows[("models", m.name)] = ["Model", m.name, " ".join(m.source.split()), m.as_of.isoformat()]
            except Exception:  # noqa: BLE001 - the API's quality model is not in the catalog: nothing to cite
                pass
    for e in catalog.efficiency:
        if e.efficiency_class in classes and (e.runtime is None or e.runtime.lower() in runtimes):
            rows[("efficiency", e.name)] = [
                KIND_NAMES["efficiency"],
                e.name,
                " ".join(e.source.split()),
                e.as_of.isoformat(),
            ]
    order = list(KIND_NAMES)
    return [["Kind", "Record", "Source", "As of"]] + [
        rows[k] for k in sorted(rows, key=lambda k: (order.index(k[0]), k[1].lower()))
    ]


__all__ = ["assumption_rows", "label_for", "source_rows", "used_options"]
