"""The fleet's grid intensity is the owned site's (issue 18 leftovers, hardening item 4): it counts
the energy of pools whose region has no catalog figure (an on-prem pool has no region) and never
replaces a catalogued region's figure, the rule the Deployment comparison follows (33b4e95).
Before, setting it (the only way to get an on-prem pool's CO2e) moved every cloud pool onto it.

Three pools, one node each, each carrying its own workload: Lambda (region "us", 366.2 g/kWh),
GCP a3-highgpu-8g (region "us-central1", 412.72 g/kWh) and an on-prem DGX (no region); the
fleet's grid 250 g/kWh. Figures from catalog/grid_regions.yaml, copied here by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.store.io_formats import catalog_from_dir
from tests.engine.fleet.fleet_helpers import EIGHT_GPU, plan, portfolio, serving

ROOT = Path(__file__).resolve().parents[3]
GCP = "GCP a3-highgpu-8g"
DGX = "On-prem 8x H100 SXM (DGX H100)"
GRID = {"Lambda": 366.2, "GCP": 412.72, "Owned": 250.0}  # g CO2e/kWh: "us", "us-central1", the site


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir(ROOT / "catalog")


def test_pools_in_two_regions_keep_their_figures_and_the_site_grid_counts_on_prem(catalog):
    assert (catalog.instance(EIGHT_GPU).region, catalog.instance(GCP).region) == ("us", "us-central1")
    assert not catalog.instance(DGX).region
    pools = [
        {"name": "Lambda", "instance": EIGHT_GPU, "nodes": 1},
        {"name": "GCP", "instance": GCP, "nodes": 1},
        {"name": "Owned", "instance": DGX, "nodes": 1},
    ]
    work = [serving(f"Chat on {p['name']}", 4, team=p["name"], pools=[p["name"]]) for p in pools]
    fp = plan(
        portfolio(work, pools, assumptions={"grid_gco2e_per_kwh": GRID["Owned"]}),
        catalog,
        failures=False,
        compare=False,
    )
    kwh = {p.name: p.energy_kwh_per_week for p in fp.pools}
    assert all(v > 0 for v in kwh.values()), kwh
    # kg a week = sum over pools of kWh a week x that pool's g/kWh / 1000
    expected = sum(kwh[name] * GRID[name] for name in GRID) / 1000
    assert fp.co2e_kg_per_week == pytest.approx(expected, rel=1e-9)
    assert fp.co2e_kg_per_week != pytest.approx(sum(kwh.values()) * GRID["Owned"] / 1000, rel=1e-3)  # the old rule
    for k in fp.kpis:  # each workload runs on one pool: its CO2e is its kWh at that pool's grid
        assert k.co2e_kg_per_week == pytest.approx(k.energy_kwh_per_week * GRID[k.team] / 1000, rel=1e-9)


def test_a_cloud_region_without_a_fleet_grid_keeps_its_figure_and_on_prem_stays_unknown(catalog):
    pools = [{"name": "GCP", "instance": GCP, "nodes": 1}, {"name": "Owned", "instance": DGX, "nodes": 1}]
    work = [serving(f"Chat on {p['name']}", 4, team=p["name"], pools=[p["name"]]) for p in pools]
    fp = plan(portfolio(work, pools), catalog, failures=False, compare=False)
    gcp, owned = fp.kpis
    assert gcp.co2e_kg_per_week == pytest.approx(gcp.energy_kwh_per_week * GRID["GCP"] / 1000, rel=1e-9)
    assert owned.co2e_kg_per_week is None  # no region, no site grid: not guessed
    assert "Owned: On-prem 8x H100 SXM (DGX H100) has no region" in fp.co2e_note
