"""An option priced `pricing: reserved` is flagged dominated by a deployment row on other hardware
too, when that row costs less a month and commits no longer (tcli5 N18: GCP a3-highgpu-8g reserved
all month at $179,240 beside a $63,890 reserved + on-demand row on Hyperstack, unflagged, because
only rows on the option's own instance were compared)."""

from __future__ import annotations

from app.domain import Scenario, parse
from app.engine import size

# the reviewer's /tmp/tcli5/s/npc_res.yaml
SCENARIO = {
    "name": "NPC dialogue for an online RPG",
    "workload": {
        "name": "NPC dialogue (evening peak)",
        "category": "inference_api",
        "traffic": {"requests_per_s": 30, "peak_to_mean": 3, "pattern": "spiky", "peak_hours_per_day": 5},
        "tokens": {"input_tokens": 900, "output_tokens": 120},
        "sla": {"ttft_p95_ms": 600, "tpot_p95_ms": 45, "availability": 0.995},
        "sensitivity": "internal",
    },
    "candidates": {
        "models": ["Llama-3.3-70B-Instruct"],
        "hardware": ["GCP a3-highgpu-8g", "Hyperstack 1x H100 SXM"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
        "gpu_counts": [2, 4, 8],
    },
    "assumptions": {
        "horizon_years": 2,
        "pricing": "reserved",
        "growth_per_quarter": 0.1,
        "hybrid_base_percentile": 50,
        "electricity_usd_per_kwh": 0.15,
        "pue": 1.25,
        "colo_usd_per_kw_month": 180,
        "on_prem_lead_time_days": 45,
        "grid_gco2e_per_kwh": 300,
    },
}


def test_reserved_option_dominated_by_a_row_on_other_hardware(catalog):
    sizing = size(parse(Scenario, SCENARIO), catalog)
    rows = sizing.deployments.rows
    # the cheapest row a month that commits no more than a 1-year reservation (serving: no spot)
    fit = [r for r in rows if r.pricing != "spot" and r.commitment_months <= 12]
    best = min(fit, key=lambda r: r.cost_per_month_usd)
    gcp = [o for o in sizing.options if o.hardware == "GCP a3-highgpu-8g" and o.pricing == "reserved_1y" and o.priced]
    assert gcp
    assert not any(r.hardware == "GCP a3-highgpu-8g" for r in fit)  # no row of its own beats it
    for o in gcp:
        assert best.hardware != o.hardware and best.cost_per_month_usd < o.cost_per_month_usd
        flags = [f for f in o.flags if f.startswith("dominated:")]
        assert flags == [
            f"dominated: this plan reserves the busiest hour's {o.replicas} replica(s)' nodes all month "
            f"(${o.cost_per_month_usd:,.0f}/month, 12 months committed); {best.label} on {best.hardware} "
            f"costs ${best.cost_per_month_usd:,.0f}/month and commits "
            + (f"{best.commitment_months:g} months" if best.commitment_months else "nothing")
        ]
