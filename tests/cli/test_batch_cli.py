"""`archwise size` on a batch job written from scratch: --json carries the cost periods and the
text output labels each cost with its period (no bare per-run figure under a per-month heading)."""

from __future__ import annotations

import json

import pytest
import yaml

from app.cli import main

NIGHTLY = {
    "name": "Nightly summaries",
    "workload": {
        "name": "Nightly ticket summaries",
        "category": "batch",
        "tokens": {"input_tokens": 2000, "output_tokens": 250},
        "batch": {"total_requests": 200_000, "recurrence": "business_days", "start_window": "22:00-06:00"},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["RunPod 1x H100 SXM"]},
}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch_cli")
    project = folder / "cli.archwise"
    assert main(["catalog", "list", "models", "--project", str(project)]) == 0  # creates and seeds it
    scenario = folder / "nightly.yaml"
    scenario.write_text(yaml.safe_dump(NIGHTLY), encoding="utf-8")
    return str(scenario), str(project)


def test_size_json_carries_cost_per_run_and_month(capsys, files):
    scenario, project = files
    capsys.readouterr()
    assert main(["size", scenario, "--json", "--project", project]) == 0
    rec = json.loads(capsys.readouterr().out)["recommended"]
    runs = 730 / 24 * 5 / 7  # business nights in a 730-hour month
    assert rec["runs_per_month"] == pytest.approx(runs)
    assert rec["cost_per_month_usd"] == pytest.approx(rec["cost_per_run_usd"] * runs)
    assert "rented" in rec["cost_basis"]


def test_size_text_labels_each_period(capsys, files):
    scenario, project = files
    capsys.readouterr()
    assert main(["size", scenario, "--project", project]) == 0
    out = capsys.readouterr().out
    assert "/run, $" in out and "/month (21.7 runs/month)" in out
    header = next(line for line in out.splitlines() if line.startswith("#") and "option" in line)
    assert "$/run" in header and "$/month" in header
    assert "rate the deadline needs [req/s]: 6.944" in out
