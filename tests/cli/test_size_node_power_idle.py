"""An owned node whose accelerator has no TDP but a catalogued idle power (Apple M3 Ultra: 9.2 W at
the wall, whole machine) and a stated node power (270 W) idles at the catalogued 9.2 W, busy at the
node power, and its note says the idle is catalogued (CLI reviewer N21). The old model idled it at
busy x idle_power_fraction and said no idle power was catalogued.

Hand calculation, steady traffic 0.02 req/s all day (PUE 1.4, 730 h a month): between
(nodes x 9.2 + replicas x (270 - 9.2) x a x s) x 1.4 x 730 / 1000 kWh (the serving replica busy) and
the same with every node busy, a = 1 - exp(-0.02 x T), T and s (the step model's share of P_busy -
P_idle) read from the option's explanation inputs; the old idle was busy x idle_power_fraction."""

from __future__ import annotations

import json
import math

import pytest
import yaml

from app.__main__ import main

SCENARIO = {
    "name": "mac",
    "workload": {
        "name": "Contract Q&A",
        "category": "inference_api",
        "traffic": {"requests_per_s": 0.02, "peak_to_mean": 1.0, "pattern": "steady"},
        "tokens": {"input_tokens": 2000, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 8000, "tpot_p95_ms": 120},
    },
    "candidates": {
        "models": ["Qwen2.5-14B-Instruct"],
        "hardware": ["Mac Studio M3 Ultra"],
        "precisions": ["q4_k_m"],
        "runtimes": ["llama.cpp"],
    },
    "instances": [
        {
            "name": "Mac Studio M3 Ultra",
            "provider": "on-prem",
            "deployment": "on_prem",
            "accelerator": "Apple M3 Ultra",
            "accelerator_count": 1,
            "capex_usd": 5600,
            "power_w": 270,
            "source": "test quote",
            "as_of": "2026-11-30",
        }
    ],
    "assumptions": {"pue": 1.4, "hours_per_month": 730},
}


def test_catalogued_idle_is_used_and_named(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(SCENARIO))
    capsys.readouterr()
    assert main(["size", str(path), "--json", "--project", str(tmp_path / "p.sqlite")]) == 0
    data = json.loads(capsys.readouterr().out)
    o = data["options"][0]
    e = next(x for x in o["explanations"] if x["quantity"].startswith("Energy a month"))
    inputs = e["inputs"]
    assert inputs["P_idle per accelerator [W]"] == pytest.approx(9.2)  # old: 270 x idle share
    assert inputs["P_busy per accelerator [W]"] == pytest.approx(270.0)
    t = inputs["T, one request alone [s]"]
    s = inputs["s, share of (P_busy - P_idle) drawn over a decode step"]
    a = 1 - math.exp(-0.02 * t)
    assert e["table_rows"][0][4] == pytest.approx(a, rel=1e-6)  # the one level's a (steady traffic)
    nodes, replicas = o["nodes"], o["replicas"]
    # idle floor: every node at the catalogued 9.2 W; ceiling: every node's Mac busy a x s of the time
    floor = nodes * 9.2 * 1.4 * 730 / 1000
    ceiling = (nodes * 9.2 + nodes * (270 - 9.2) * a * s) * 1.4 * 730 / 1000
    served = (nodes * 9.2 + replicas * (270 - 9.2) * a * s) * 1.4 * 730 / 1000
    assert floor < served <= o["energy_kwh_per_month"] <= ceiling * 1.0001
    assert o["energy_kwh_per_month"] < 0.25 * nodes * 270 * 1.4 * 730 / 1000  # old: nameplate every hour
    notes = [n for r in data["deployments"]["rows"] for n in r["assumptions"] if n.startswith("Apple M3 Ultra")]
    assert notes and all("idle 9.2 W (catalogued idle)" in n for n in notes)
    assert not any("no measured idle power catalogued" in n for n in notes)
