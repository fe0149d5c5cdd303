"""D12: the prototype in Next steps is the recommended configuration's model, precision and runtime.
A BF16 recommendation (the selection matrix's choice) got an FP8 prototype, whose pass criteria
(weights 19.5 GiB, 13.2 ms per token) do not test the BF16 design being bought (39 GiB, 26.5 ms)."""

from __future__ import annotations

from app.advice import derive_advice
from app.domain import Precision, Scenario, parse
from app.engine import size
from app.store.io_formats import catalog_from_dir

TUTORING = {
    "name": "Tutoring chat",
    "workload": {
        "name": "Tutoring chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.67, "peak_to_mean": 3.0},
        "tokens": {"input_tokens": 1500, "output_tokens": 400},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 50},
    },
    "candidates": {
        "models": ["gpt-oss-20b"],
        "hardware": ["On-prem 8x Intel Gaudi 3 (UBB kit)"],
        "precisions": ["bf16", "fp8"],
        "runtimes": ["vLLM"],
    },
}


def test_a_bf16_recommendation_gets_a_bf16_prototype():
    catalog = catalog_from_dir()
    s = parse(Scenario, TUTORING)
    sz = size(s, catalog)
    bf16 = [o for o in sz.options if o.feasible and o.precision is Precision.BF16]
    fp8 = [o for o in sz.options if o.feasible and o.precision is Precision.FP8]
    assert bf16 and fp8  # both on one Gaudi 3 each: the old rule's tie went to the cheaper FP8 replica
    o = min(bf16, key=lambda x: x.gpus)
    prototype = derive_advice(s, sz, catalog, option=o).stages[0]
    assert prototype.name == "Prototype"
    assert prototype.hardware.endswith(f"{o.gpus}x Intel Gaudi 3, BF16"), prototype.hardware
    assert f"weights {o.memory.weights_gib:,.1f} GiB" in prototype.exit_criteria[0]
