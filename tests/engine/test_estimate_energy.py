"""`estimate` says what a configuration draws at its own load, from the same power model as the
options, the deployment comparison and the fleet (issue 18: one electricity figure for the same
nodes at the same load). Hand calculation, catalog figures: H100 SXM TDP 700 W, idle 73 W (measured),
P_busy = TDP = 700 W (the step model; k below is the step's power share s, `kernel_share`); DGX
H100 host 4,600 W; PUE 1.4, $0.12/kWh, 730 h a month (defaults). T (one request alone) and k (the
share of (TDP - idle) drawn over a decode step at the estimate's batch) are the
engine's, read off the result as inputs:

    busy = gpus x (1 - exp(-rate x T)) x k
    P    = (nodes x (node GPUs x 73 + host) + busy x (700 - 73)) x 1.4   [W]
    kWh/month = P x 730 / 1000;  Wh per 1M tokens = P / (rate x 1,200 tokens) / 3600 x 1e6

Before, `estimate` had no energy: its cost plan counted neither a nor k and was never shown."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from app.cli import main
from app.domain import Assumptions
from app.engine.estimate import estimate
from app.store.io_formats import catalog_from_dir

ROOT = Path(__file__).resolve().parents[2]
DGX = "On-prem 8x H100 SXM (DGX H100)"
LLAMA8 = "Llama-3.1-8B-Instruct"
P_BUSY, P_IDLE, HOST, PUE, USD_KWH = 700.0, 73.0, 4600.0, 1.4, 0.12


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir(ROOT / "catalog")


def _run(catalog, hardware: str, gpus: int, rate: float):
    return estimate(
        catalog, model=LLAMA8, hardware=hardware, gpus=gpus, input_tokens=1000, output_tokens=200, rate=rate
    )


def test_estimate_on_an_on_prem_node_draws_the_power_model_at_its_load(catalog):
    e = _run(catalog, DGX, 1, 2.0)
    en = e.energy
    assert en is not None and en.nodes == 1 and en.request_s is not None
    assert 0.5 < en.kernel_share <= 1.0
    busy = (1.0 - math.exp(-2.0 * en.request_s)) * en.kernel_share
    watts = (8 * P_IDLE + HOST + busy * (P_BUSY - P_IDLE)) * PUE
    assert_allclose(en.power_w, watts, rtol=1e-3)
    kwh = watts * 730.0 / 1000.0
    assert_allclose(en.energy_kwh_per_month, kwh, rtol=1e-3)
    assert_allclose(en.energy_wh_per_million_tokens, watts / (2.0 * 1200) / 3600 * 1e6, rtol=1e-3)
    a, capex = Assumptions(), catalog.instance(DGX).capex_usd
    fixed = capex / (a.amortisation_years * 12) + capex * a.operations_share / 12
    assert_allclose(en.on_prem_usd_per_month, fixed + kwh * USD_KWH, rtol=1e-3)


def test_estimate_on_bare_accelerators_counts_them_only(catalog):
    e = _run(catalog, "NVIDIA H100 SXM", 2, 1.0)
    en = e.energy
    assert en is not None and en.nodes == 2 and en.on_prem_usd_per_month is None
    busy = 2 * (1.0 - math.exp(-1.0 * en.request_s)) * en.kernel_share
    watts = (2 * P_IDLE + busy * (P_BUSY - P_IDLE)) * PUE
    assert_allclose(en.power_w, watts, rtol=1e-3)
    assert_allclose(en.energy_kwh_per_month, watts * 730.0 / 1000.0, rtol=1e-3)


def test_estimate_prints_the_energy_line(capsys, tmp_path):
    project = str(tmp_path / "cli.archwise")
    argv = ["estimate", "--model", LLAMA8, "--hardware", DGX, "--gpus", "1", "--input-tokens", "1000"]
    assert main([*argv, "--output-tokens", "200", "--rate", "2", "--project", project]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("energy:"))
    assert "for 1 node(s) at this load" in line and "kWh/month" in line and "on-prem $" in line


def test_estimate_csv_carries_the_energy_columns(catalog):
    import csv
    import io

    from app.services.sizing import estimate_rows

    row = {"model": LLAMA8, "hardware": DGX, "gpus": "1", "input_tokens": "1000", "output_tokens": "200", "rate": "2"}
    out = list(csv.DictReader(io.StringIO(estimate_rows(catalog, [row]))))
    en = _run(catalog, DGX, 1, 2.0).energy
    assert en is not None and en.energy_kwh_per_month is not None
    assert_allclose(float(out[0]["energy_kwh_per_month"]), en.energy_kwh_per_month, atol=0.05)
    assert_allclose(float(out[0]["on_prem_usd_per_month"]), en.on_prem_usd_per_month, atol=0.005)
