"""A short batch run on a rented (burst) node billed by the whole hour: the fleet counts the node's
energy for the hours the run works, as `size` does, while billing still rounds the rental up to the
hour (CLI reviewer N15: fleet 27.82 kWh/month against size 0.73 for a 66-s run, each run's whole
planned hour counted powered).

The job: 3,000 requests daily in 02:00-04:00, Llama-3.1-8B fp8 on a 1x H100 node billed per hour
($3/h, 3,600 s step and minimum). One rule: the fleet's kWh a month for the job equals the option's
own `energy_kwh_per_month` from `size` (same power model, same work hours); the money stays one
billed hour a run: 30.42 runs x $3 = $91.25 a month."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from app.__main__ import main
from app.domain import Instance, parse
from app.store.io_formats import catalog_from_dir
from tests.engine.fleet.fleet_helpers import batch, plan, portfolio

ROOT = Path(__file__).resolve().parents[3]
INSTANCE = {
    "name": "Hourly Cloud 1x H100",
    "provider": "HourlyCo",
    "deployment": "cloud",
    "region": "us-east-1",
    "accelerator": "NVIDIA H100 SXM",
    "accelerator_count": 1,
    "price_on_demand_usd_per_hour": 3.0,
    "billing_increment_s": 3600,
    "billing_minimum_s": 3600,
    "source": "test quote",
    "as_of": "2026-11-30",
}
JOB = batch("QA", 3000, "02:00-04:00", candidates={"models": ["Llama-3.1-8B-Instruct"], "precisions": ["fp8"]})
JOB["workload"]["tokens"] = {"input_tokens": 1000, "output_tokens": 100}


def _size_option(tmp_path, capsys) -> dict:
    scenario = {
        "name": "hourly",
        "workload": JOB["workload"],
        "candidates": {
            "models": ["Llama-3.1-8B-Instruct"],
            "hardware": [INSTANCE["name"]],
            "precisions": ["fp8"],
            "gpu_counts": [1],
        },  # fmt: skip
        "instances": [INSTANCE],
        "assumptions": {"pricing": "on_demand"},
    }
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(scenario))
    capsys.readouterr()
    assert main(["size", str(path), "--json", "--project", str(tmp_path / "p.sqlite")]) == 0
    return json.loads(capsys.readouterr().out)["options"][0]


def test_burst_run_energy_counts_work_hours_like_size(tmp_path, capsys):
    catalog = catalog_from_dir(ROOT / "catalog")
    catalog = catalog.model_copy(update={"instances": [*catalog.instances, parse(Instance, INSTANCE)]})
    pools = [
        {"name": "Base", "instance": "On-prem Raspberry Pi 5 4GB", "nodes": 1},  # a fleet needs a base pool
        {"name": "Hourly", "instance": INSTANCE["name"], "burst": True, "nodes": "auto"},
    ]
    pf = portfolio([JOB], pools, assumptions={"pricing": "on_demand"})
    fp = plan(pf, catalog, failures=False, compare=False)
    assert fp.feasible
    kpi = fp.kpis[0]
    option = _size_option(tmp_path, capsys)
    assert option["energy_kwh_per_month"] > 0
    # one rule in both faces (old fleet: every planned hour powered, ~38x size's figure)
    assert kpi.energy_kwh_per_month == pytest.approx(option["energy_kwh_per_month"], rel=0.01)
    # billing still whole hours: one billed hour a run, 730 / 24 runs a month x $3
    hourly = fp.pools[1]
    assert hourly.name == "Hourly" and fp.kpis[0].gpu_hours_per_week > 0
    assert hourly.energy_kwh_per_month == pytest.approx(kpi.energy_kwh_per_month, rel=1e-9)
    assert hourly.cost_usd_per_month == pytest.approx(730 / 24 * 3.0, rel=0.01)
