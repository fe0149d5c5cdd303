"""The fleet counts an embedding batch replica busy the whole run, as the options do (tcli5 N2):
a replica at its max rate is busy max(1 - exp(-lambda T), lambda / peak) = 1 of its run, not the
1 - exp(-1) = 63 % the exponential alone gives a prefill-bound request at lambda T = 1.

Qwen3-Embedding-8B bf16, 200,000 x 512-token inputs a night on one owned DGX H100 (8 x H100: TDP
700 W, idle 73 W, host 4,600 W; PUE 1.4, 730 h). By hand, with the option's replica rate lambda_max
[req/s] and GPUs per replica g, 30.42 runs a month:
    busy GPU-hours = 200,000 / (lambda_max x 3600) x g x 30.42, at a = 1 and s = 1 (compute-bound)
    kWh/month = ((8 x 73 + 4,600) x 730 + busy GPU-hours x (700 - 73)) x 1.4 / 1000"""

from __future__ import annotations

from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from app.domain.portfolio import HOURS_PER_WEEK
from app.engine.fleet.units import narrowed
from app.engine.size import size
from app.store.io_formats import catalog_from_dir
from tests.engine.fleet.fleet_helpers import batch, plan, portfolio, scenarios

ROOT = Path(__file__).resolve().parents[3]
DGX = "On-prem 8x H100 SXM (DGX H100)"


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir(ROOT / "catalog")


def test_embedding_run_busy_whole_run_in_fleet_and_options(catalog):
    job = batch("Embed", 200_000, "00:00-08:00")
    job["workload"]["tokens"] = {"input_tokens": 512, "output_tokens": 1}
    job["candidates"] = {"models": ["Qwen3-Embedding-8B"], "precisions": ["bf16"]}
    pf = portfolio([job], [{"name": "Owned", "instance": DGX, "nodes": 1}])
    entry = pf.workloads[0]
    o = size(narrowed(scenarios(pf)[entry.label], DGX, 8, None, entry), catalog).recommended
    assert o is not None and o.kernel_share == 1.0 and o.request_s is not None
    rate = o.requests_per_s_per_replica
    assert rate * o.request_s < 1.5  # requests do not overlap for free: the exponential reads < 78 %
    busy_gpu_hours = 200_000 / (rate * 3600.0) * o.gpus * 730.0 / 24.0
    kwh = ((8 * 73 + 4600) * 730.0 + busy_gpu_hours * (700 - 73)) * 1.4 / 1000.0
    assert_allclose(o.energy_kwh_per_month, kwh, rtol=1e-3)
    fp = plan(pf, catalog, failures=False)
    fleet_kwh = fp.energy_kwh_per_week * 730.0 / HOURS_PER_WEEK
    assert_allclose(fleet_kwh, kwh, rtol=1e-3)
    # the work above the idle node, where the exponential alone read 63 % of it
    idle = (8 * 73 + 4600) * 730.0 * 1.4 / 1000.0
    assert_allclose(fleet_kwh - idle, kwh - idle, rtol=1e-3)
    assert_allclose(o.energy_kwh_per_month - idle, kwh - idle, rtol=1e-3)
