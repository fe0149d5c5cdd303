"""The Deployment page's on-prem row (and the report's Deployment section, which prints the same
rows) shows the option the options table recommends when the two tie within 0.1 % (engine.size's
COST_TIE), so both give the same nodes, kWh and electricity (issue 18). A nightly batch of 200,000
Llama-3.1-8B requests on one DGX H100: the table recommends 1 GPU (the tie goes to fewer GPUs); the
row showed the PP8 option ($9,639.48 against $9,640.38 a month, 5,329.0 kWh against 5,336.5).

By hand (DGX H100: 8 x H100 SXM, idle 73 W, P_busy = TDP 700 W (the step model: k below is the
step's share s of (TDP - idle), the option's kernel_share), host 4,600 W; PUE 1.4; $0.12/kWh;
730 h; a run a day, 30.4 runs a month):

    kWh/month = ((8 x 73 + 4,600) x 730 + GPU-hours x a x k x (700 - 73)) x 1.4 / 1000
    GPU-hours = 200,000 / (rate x 3600) x 730 / 24,  a = 1 - exp(-rate x T)

rate, T and k the recommended option's (`requests_per_s_per_replica`, `request_s`, `kernel_share`)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from app.domain import Assumptions
from app.engine.fleet.units import narrowed
from app.engine.size import size
from app.store.io_formats import catalog_from_dir
from tests.engine.fleet.fleet_helpers import batch, portfolio, scenarios, serving

ROOT = Path(__file__).resolve().parents[3]
DGX = "On-prem 8x H100 SXM (DGX H100)"


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir(ROOT / "catalog")


def _sized(entry, catalog):
    pf = portfolio([entry], [{"name": "Owned", "instance": DGX, "nodes": 1}])
    e = pf.workloads[0]
    return size(narrowed(scenarios(pf)[e.label], DGX, 8, None, e), catalog)


def _on_prem_row(sz):
    rows = [r for r in sz.deployments.rows if r.deployment == "on_prem"]
    assert len(rows) == 1
    return rows[0]


def test_batch_on_prem_row_is_the_recommended_option(catalog):
    sz = _sized(batch("Nightly", 200_000, "00:00-08:00"), catalog)
    o = sz.recommended
    assert o.gpus == 1
    row = _on_prem_row(sz)
    assert sz.options[row.option_index] is o
    rate = o.requests_per_s_per_replica
    gpu_hours = 200_000 / (rate * 3600.0) * 730.0 / 24.0
    work = gpu_hours * (1.0 - math.exp(-rate * o.request_s)) * o.kernel_share * (700.0 - 73.0)
    kwh = ((8 * 73.0 + 4600.0) * 730.0 + work) * 1.4 / 1000.0
    assert_allclose(row.energy_kwh_per_month, kwh, rtol=1e-3)
    assert_allclose(o.energy_kwh_per_month, kwh, rtol=1e-3)
    a, capex = Assumptions(), catalog.instance(DGX).capex_usd
    cost = capex / (a.amortisation_years * 12) + capex * a.operations_share / 12 + kwh * 0.12
    assert_allclose(row.cost_per_month_usd, cost, rtol=1e-3)
    assert_allclose(o.cost_per_month_usd, cost, rtol=1e-3)


def test_serving_on_prem_row_is_the_recommended_option(catalog):
    sz = _sized(serving("Chat", 0.2), catalog)
    o = sz.recommended
    row = _on_prem_row(sz)
    assert sz.options[row.option_index] is o
    assert_allclose(row.energy_kwh_per_month, o.energy_kwh_per_month, rtol=1e-9)
    assert_allclose(row.cost_per_month_usd, o.cost_per_month_usd, rtol=1e-9)
