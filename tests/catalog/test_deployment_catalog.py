"""Catalog figures the deployment comparison reads: 3-year prices, host power, grid intensity."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from app.domain import Accelerator, GridRegion, Instance, parse
from app.paths import CATALOG_DIR


def _records(kind: str) -> list[dict]:
    return yaml.safe_load((CATALOG_DIR / f"{kind}.yaml").read_text(encoding="utf-8"))["records"]


@pytest.fixture(scope="module")
def instances() -> dict[str, Instance]:
    return {i.name: i for i in (parse(Instance, r) for r in _records("instances"))}


@pytest.fixture(scope="module")
def accelerators() -> dict[str, Accelerator]:
    return {a.name: a for a in (parse(Accelerator, r) for r in _records("accelerators"))}


@pytest.fixture(scope="module")
def regions() -> dict[str, GridRegion]:
    return {g.name: g for g in (parse(GridRegion, r) for r in _records("grid_regions"))}


def test_three_year_prices_undercut_one_year_and_on_demand(instances):
    with_3y = [i for i in instances.values() if i.price_reserved_3y_usd_per_hour is not None]
    assert len(with_3y) >= 4
    for i in with_3y:
        assert i.price_reserved_usd_per_hour is not None, i.name
        assert (
            i.price_reserved_3y_usd_per_hour < i.price_reserved_usd_per_hour < (i.price_on_demand_usd_per_hour or 1e9)
        )
        # GCP: Cyclenerd's month_3y / 730 h; AWS: the 3-year Standard RI rate (instances.vantage.sh copy)
        notes = " ".join(i.notes.split())
        assert "month_3y" in notes or "3-year Standard RI" in notes, (
            f"{i.name}: notes say where the 3-year figure comes from"
        )


def test_gcp_three_year_price_is_the_month_3y_figure_over_730_hours(instances):
    # Cyclenerd pricing.yml (generated 2025-03-06), us-central1 a3-highgpu-8g month_3y 28,370.998
    assert instances["GCP a3-highgpu-8g"].price_reserved_3y_usd_per_hour == pytest.approx(
        28370.99821392 / 730, abs=1e-5
    )


def test_host_power_is_system_maximum_less_accelerator_tdp(instances, accelerators):
    derived = [i for i in instances.values() if i.host_power_w is not None and i.host_power_w > 0]
    assert {i.name for i in derived} >= {"On-prem 8x A100 80GB (DGX A100)", "On-prem 8x H100 SXM (DGX H100)"}
    for i in derived:
        tdp = accelerators[i.accelerator].tdp_w
        assert i.host_power_w == pytest.approx(i.power_w - i.accelerator_count * tdp), i.name


def test_every_on_prem_node_states_its_host_power_or_why_not(instances):
    for i in instances.values():
        if i.deployment.value == "on_prem":
            assert (
                i.host_power_w is not None or "accelerators only" in " ".join(i.notes.split()) or "only" in i.notes
            ), i.name


def test_grid_intensity_covers_every_named_cloud_region(instances, regions):
    named = {i.region for i in instances.values() if i.region}
    assert named <= set(regions), f"regions without a grid figure: {sorted(named - set(regions))}"
    for g in regions.values():
        assert 0 < g.grid_gco2e_per_kwh < 1000 and g.as_of <= dt.date(2026, 11, 30)
        # Google's per-region data, EIA's national average, or EPA eGRID's subregion table
        assert "region-carbon-info" in g.source or "eia.gov" in g.source or "epa.gov" in g.source


def test_accelerators_idle_power_never_exceeds_tdp(accelerators):
    for a in accelerators.values():
        # an idle figure may stand without a TDP (Apple publishes idle wall power for bins whose
        # maximum it does not): the rule is idle < TDP wherever both are known
        if a.idle_power_w is not None and a.tdp_w is not None:
            assert a.idle_power_w < a.tdp_w, a.name
