"""`assumptions.idle_power_fraction` is the fallback for a device with no measured idle power; a
measured idle is the device's idle and wins (fix-catalog2 item 3, CLI reviewer finding 1). Before
the fix the user's fraction was dropped without a word for every catalogued idle (H100 SXM 73 W):
the sizing and the fleet now say so in their notes."""

from __future__ import annotations

from pathlib import Path

from numpy.testing import assert_allclose
from scenario_builders import scenario

from app.domain import Assumptions
from app.engine import size
from app.engine.power import PowerModel
from app.store.io_formats import catalog_from_dir
from tests.engine.fleet.fleet_helpers import plan, portfolio, serving

DGX = "On-prem 8x H100 SXM (DGX H100)"
NOTE = "idle_power_fraction 0 not used for NVIDIA H100 SXM (73 W)"


def _chat(fraction: float | None) -> dict:
    data = {
        "name": "Chat",
        "workload": {
            "name": "Chat",
            "category": "inference_api",
            "tokens": {"input_tokens": 300, "output_tokens": 100},
            "traffic": {"requests_per_s": 0.5},
            "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 100},
        },
        "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["RunPod 1x H100 SXM"], "hosted_apis": []},
    }
    if fraction is not None:
        data["assumptions"] = {"idle_power_fraction": fraction}
    return data


def test_the_measured_idle_wins_and_the_fraction_is_the_fallback(catalog):
    h100 = catalog.accelerator("NVIDIA H100 SXM")
    assert h100.idle_power_w == 73 and h100.tdp_w == 700
    pm = PowerModel.of(h100, Assumptions(idle_power_fraction=0.0), None)
    assert pm is not None and pm.idle_w == 73.0  # measured, not 0 x 700
    bare = next(x for x in catalog.accelerators if x.tdp_w and x.idle_power_w is None)
    pm = PowerModel.of(bare, Assumptions(idle_power_fraction=0.1), None)
    assert pm is not None
    assert_allclose(pm.idle_w, 0.1 * bare.tdp_w)  # the fraction of TDP where nothing is measured


def test_the_sizing_says_the_fraction_is_not_used(catalog):
    z = size(scenario(_chat(0.0)), catalog, detailed=False, deployments=False)
    assert any(n.startswith(NOTE) for n in z.scope_notes), z.scope_notes
    quiet = size(scenario(_chat(None)), catalog, detailed=False, deployments=False)
    assert not any("idle_power_fraction" in n for n in quiet.scope_notes)


def test_the_fleet_says_the_fraction_is_not_used():
    cat = catalog_from_dir(Path(__file__).resolve().parents[2] / "catalog")
    pf = portfolio(
        [serving("Steady 8B", 2, team="Gamma")],
        [{"name": "Owned", "instance": DGX, "nodes": 1}],
        assumptions={"idle_power_fraction": 0.0},
    )
    fp = plan(pf, cat, failures=False)
    assert any(n.startswith(NOTE) for n in fp.notes), fp.notes


def test_an_idle_above_busy_power_is_said_when_clamped(catalog):
    # a plausible record: idle 160 W, TDP 300 W; busy = 300 x 0.5 = 150 W, so the idle is taken as 150 W
    warm = {
        "name": "Warm GPU",
        "source": "hand-made test record",
        "as_of": "2026-11-30",
        "vendor": "NVIDIA",
        "efficiency_class": "nvidia-ada",
        "memory_gib": 48,
        "memory_bandwidth_gb_s": 864,
        "tflops_bf16": 181,
        "tdp_w": 300,
        "idle_power_w": 160,
    }
    node = {
        "name": "Warm node",
        "provider": "X",
        "accelerator": "Warm GPU",
        "accelerator_count": 1,
        "price_on_demand_usd_per_hour": 1.0,
        "source": "hand-made test record",
        "as_of": "2026-11-30",
    }
    data = _chat(None) | {"accelerators": [warm], "instances": [node]}
    data["candidates"]["hardware"] = ["Warm node"]
    data["assumptions"] = {"busy_power_fraction": 0.5}
    s = scenario(data)
    merged = catalog.merged_with(accelerators=s.accelerators)
    pm = PowerModel.of(merged.accelerator("Warm GPU"), s.assumptions, None)
    assert pm is not None and pm.idle_w == 150.0
    z = size(s, catalog, detailed=False, deployments=False)
    assert any(
        n.startswith("Warm GPU: measured idle 160 W is above its busy power") and "150 W" in n for n in z.scope_notes
    )
