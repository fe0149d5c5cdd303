"""A fleet's on-prem pool is priced with the one on-prem month (`engine.on_prem`) the options and the
deployment comparison use: colocation and the installation share are in it (tcli5 N7: the fleet
took `colo_usd_per_kw_month: 180, install_share: 0.1` and priced the DGX pool as if both were 0).

Hand figures: one DGX H100 node (270,000 USD, 10.2 kW stated power) adds 10.2 kW x $180 = $1,836 of
colocation and 270,000 x 0.1 / 48 = $562.5 of amortised installation a month: $2,398.5 a node-month
on top of the same plan without them (same nodes, same kWh)."""

from __future__ import annotations

from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from app.store.io_formats import catalog_from_dir
from tests.engine.fleet.fleet_helpers import plan, portfolio, serving

ROOT = Path(__file__).resolve().parents[3]
DGX = "On-prem 8x H100 SXM (DGX H100)"


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir(ROOT / "catalog")


def _plan(catalog, **extra):
    pf = portfolio(
        [serving("Steady 8B", 2, priority="interactive", team="Alpha")],
        [{"name": "Owned", "instance": DGX, "nodes": 1}],
        assumptions={"electricity_usd_per_kwh": 0.15, "pue": 1.25, **extra},
    )
    return plan(pf, catalog, failures=False)


def test_on_prem_pool_pays_colocation_and_installation(catalog):
    base = _plan(catalog)
    colo = _plan(catalog, colo_usd_per_kw_month=180, install_share=0.1)
    assert base.pools[0].nodes == colo.pools[0].nodes == 1
    assert_allclose(colo.energy_kwh_per_week, base.energy_kwh_per_week, rtol=1e-12)
    extra_month = 10.2 * 180 + 270_000 * 0.1 / 48  # 2,398.5
    assert_allclose(colo.cost_usd_per_month - base.cost_usd_per_month, extra_month, rtol=1e-9)
    assert_allclose(colo.pools[0].cost_usd_per_month - base.pools[0].cost_usd_per_month, extra_month, rtol=1e-9)
    assert "colocation" in colo.pools[0].price_basis
