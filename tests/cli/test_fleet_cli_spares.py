"""`archwise fleet` names a spare replica (N + k) in the placement and says the weekly figures are an
average week of the month (issue 18)."""

from __future__ import annotations

import yaml

from app.cli import main

CHAT = {
    "name": "Chat",
    "workload": {
        "name": "Chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 20.0, "peak_to_mean": 1.0},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 1000, "tpot_p95_ms": 50, "availability": 0.9994},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "precisions": ["bf16"]},
    "profile": {"pattern": "flat"},
}


def test_the_placement_names_the_spare(tmp_path, capsys):
    path = tmp_path / "spares.yaml"
    pools = [{"name": "gpu", "instance": "RunPod 1x H100 SXM", "nodes": "auto"}]
    path.write_text(yaml.safe_dump({"name": "s", "workloads": [CHAT], "fleet": {"pools": pools}}), encoding="utf-8")
    assert main(["fleet", str(path), "--project", str(tmp_path / "p.archwise")]) == 0
    out = capsys.readouterr().out
    assert "1 x Chat spare (N+k) (1 GPU)" in out
    assert "(an average week of the month: a monthly job's run once a month)" in out
