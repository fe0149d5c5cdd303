"""The ECC GDDR data-centre cards expose less memory than their "48 GB"/"24 GB" (CLI review finding 2).

nvidia-smi reports 46,068 MiB on an L40S and 23,028 / 23,034 MiB on an A10 / A10G / L4, and vLLM's
gpu_memory_utilization is a fraction of that total, so the catalog stores it (MiB / 1024, rounded to
0.01 GiB). Before, the L40S counted 48 GiB and held 44 sequences of the claims-photo workload.

Hand calculation, Qwen3-VL-8B-Instruct bf16 on one L40S (figures the engine reports as inputs):
    usable = 0.9 x 44.99 = 40.491 GiB
    KV     = 40.491 - 16.1007 (weights) - 1.5 (reserve) - 0.15625 (activations) = 22.734 GiB
    one sequence: 4,128 tokens (page-rounded prefill + output) x 147,456 B = 0.5669 GiB
    22.734 / 0.5669 = 40.1 -> 40 sequences (44 with 48 GiB)
"""

from __future__ import annotations

import pytest
import yaml

from app.domain import Scenario, parse
from app.engine import size

GIB = 1024**3
SCENARIO = """
name: Harbor Mutual damage-photo triage
workload:
  name: Vehicle damage photo triage
  category: multimodal
  traffic: {requests_per_s: 0.8, peak_to_mean: 2.0, pattern: diurnal, peak_hours_per_day: 10}
  tokens: {input_tokens: 800, output_tokens: 250, images_per_request: 3}
  sla: {ttft_p95_ms: 3000, tpot_p95_ms: 80, availability: 0.99}
candidates:
  models: [Qwen3-VL-8B-Instruct]
  hardware: [Nebius 1x L40S]
  precisions: [bf16]
  runtimes: [vLLM]
"""


@pytest.mark.parametrize(
    ("name", "mib"),
    [("NVIDIA L40S", 46068), ("NVIDIA A10", 23028), ("NVIDIA A10G", 23028), ("NVIDIA L4", 23034)],
)
def test_gddr_card_counts_the_memory_nvidia_smi_reports(catalog, name, mib):
    acc = catalog.accelerator(name)
    assert acc.memory_gib == pytest.approx(mib / 1024, abs=0.006)
    assert "nvidia-smi" in acc.notes and str(mib) in acc.notes.replace(",", "")


def test_l40s_holds_40_claims_sequences_not_44(catalog):
    sz = size(parse(Scenario, yaml.safe_load(SCENARIO)), catalog)
    mem = sz.options[0].memory
    assert mem.capacity_gib == pytest.approx(44.99)
    assert mem.usable_gib == pytest.approx(0.9 * 44.99)
    kv = 0.9 * 44.99 - mem.weights_gib - 1.5 - 0.15625
    assert mem.weights_gib == pytest.approx(16.10, abs=0.01)
    assert mem.kv_cache_gib == pytest.approx(kv, rel=1e-6)
    assert mem.kv_bytes_per_token == 147456
    assert int(kv * GIB // (4128 * 147456)) == 40
    assert mem.max_concurrent_sequences == 40
