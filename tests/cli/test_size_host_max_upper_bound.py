"""N24 (issue 18): `size` marks energy resting on a host's catalogued maximum (DGX H100: 4,600 W =
10.2 kW system maximum - 8 x 700 W TDP, every hour) as an upper bound: "<= 1.234 (host max)" in the
deployment table with the reason under it, and `energy_bound: "upper"` with the reason in --json;
`host_power_fraction` set, neither."""

from __future__ import annotations

import json

import yaml

from app.__main__ import main

DGX = "On-prem 8x H100 SXM (DGX H100)"
SCENARIO = {
    "name": "Quiet chat on our DGX",
    "workload": {
        "name": "Quiet chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 0.5},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": [DGX], "gpu_counts": [1], "precisions": ["bf16"]},
}


def _size(tmp_path, capsys, data, *flags):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data))
    capsys.readouterr()
    assert main(["size", str(path), *flags, "--project", str(tmp_path / "p.sqlite")]) == 0
    return capsys.readouterr().out


def test_json_and_text_mark_the_upper_bound(tmp_path, capsys):
    data = json.loads(_size(tmp_path, capsys, SCENARIO, "--json"))
    row = next(r for r in data["deployments"]["rows"] if r["label"] == "On-prem (capex)")
    assert row["energy_bound"] == "upper"
    assert row["energy_bound_reason"].startswith("upper bound: host at its catalogued maximum every hour")
    assert data["options"][0]["energy_bound"] == "upper"
    text = _size(tmp_path, capsys, SCENARIO)
    assert f"<= {row['energy_wh_per_million_tokens'] / 1000:,.3f} (host max)" in text
    assert f"On-prem (capex): energy an {row['energy_bound_reason']} (<=)" in text


def test_metered_host_share_is_not_marked(tmp_path, capsys):
    metered = {**SCENARIO, "assumptions": {"host_power_fraction": 0.4}}
    data = json.loads(_size(tmp_path, capsys, metered, "--json"))
    row = next(r for r in data["deployments"]["rows"] if r["label"] == "On-prem (capex)")
    assert row["energy_bound"] is None and row["energy_host_max"] == []
    assert "(host max)" not in _size(tmp_path, capsys, metered)
