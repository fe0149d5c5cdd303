"""The report's "shared vs separate" prices the fleet the plan shows (the CLI reviewer's pf_owned
portfolio: day chat 30 req/s 07:00-18:00, a nightly 300,000-request batch 22:00-06:00 and a photo
reader on DGX H100 nodes sized "auto"). One DGX carries all three: day chat peaks at 3 GPUs and the
photo reader needs 1, the batch's 8.2 GPU-hours fit in its 8-hour window beside the photo reader
(6 GPUs free an hour at 90 %). Before, the greedy plan bought 2 DGX ($19,362/month) and the MILP
plan showed 1 DGX ($9,726) while its comparison said "shared 16 GPUs $19,362".
The fleet's 99.9 % availability target, by engine.size's rule (a node a = 0.99937 in a zone of
z = 0.9995: one node gives 0.99887), holds a second DGX in the other failure domain: 2 DGX shared;
alone, each serving workload holds 2 and the night batch (no availability target) 1."""

from __future__ import annotations

import pytest
from fleet_helpers import plan

from app.domain import parse
from app.domain.portfolio import Portfolio

PROFILE = [0.0] * 7 + [0.5] + [1.0] * 9 + [0.5] + [0.0] * 6


def pf_owned() -> Portfolio:
    def w(name: str, workload: dict, model: str, precision: str, priority: str, **extra: object) -> dict:
        return {"name": name, "workload": {"name": name, **workload}, "model": model, "precision": precision,
                "priority": priority, "team": name, **extra}  # fmt: skip

    chat = {"category": "inference_api", "traffic": {"requests_per_s": 30, "peak_to_mean": 2},
            "tokens": {"input_tokens": 1000, "output_tokens": 200},
            "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80}}  # fmt: skip
    night = {"category": "batch", "tokens": {"input_tokens": 3000, "output_tokens": 400},
             "batch": {"total_requests": 300000, "recurrence": "daily", "start_window": "22:00-06:00"}}  # fmt: skip
    photo = {"category": "multimodal", "traffic": {"requests_per_s": 1.5, "peak_to_mean": 2},
             "tokens": {"input_tokens": 400, "output_tokens": 150, "images_per_request": 2},
             "sla": {"ttft_p95_ms": 3000, "tpot_p95_ms": 60}}  # fmt: skip
    data = {
        "name": "pf owned",
        "workloads": [
            w("Day chat", chat, "Llama-3.1-8B-Instruct", "fp8", "interactive", profile={"levels": PROFILE}),
            w("Night batch", night, "Llama-3.1-8B-Instruct", "fp8", "batch"),
            w("Photo reader", photo, "Qwen3-VL-8B-Instruct", "bf16", "best_effort"),
        ],
        "fleet": {
            "pools": [
                {"name": "DGX", "instance": "On-prem 8x H100 SXM (DGX H100)", "nodes": "auto", "failure_domains": 2}
            ],  # fmt: skip
            "max_utilisation": 0.9,
            "assumptions": {"pricing": "on_demand", "electricity_usd_per_kwh": 0.12, "pue": 1.4, "repair_hours": 4},
        },
    }
    return parse(Portfolio, data)


@pytest.mark.parametrize("method", ["greedy", "milp"])
def test_one_dgx_and_the_comparison_prices_it(catalog, method):
    fp = plan(pf_owned(), catalog, method=method, failures=False)
    assert fp.feasible
    assert [p.nodes for p in fp.pools] == [2]
    assert fp.gpus == 16
    s = fp.sharing
    assert s is not None
    assert s.shared_gpus == fp.gpus == 16
    assert s.shared_cost_usd_per_month == pytest.approx(fp.cost_usd_per_month, abs=1.0)
    assert s.separate_gpus == 40  # 2 + 1 + 2 DGX alone
    assert s.saving_gpus == 24
