"""D11: with an EU region constraint every cloud instance whose record names no region is left out
(residency not verified), so the deployment comparison has no cloud row, and its note said only
"no cloud instance among the candidates meets the limits". The note now says the region constraint
left them out, how many, and what to add."""

from __future__ import annotations

import copy

from app.domain import Scenario, parse
from app.engine import size
from tests.engine.deployment.test_budget_missing_note import SCENARIO


def eu(hardware: list[str]) -> Scenario:
    data = copy.deepcopy(SCENARIO)
    data["workload"].pop("budget_usd_per_month")
    data["candidates"]["hardware"] = hardware
    data["constraints"] = {"regions": ["eu-central-1", "europe-west4"]}
    return parse(Scenario, data)


def test_cloud_note_names_the_region_constraint(catalog):
    assert not catalog.instance("RunPod 1x H100 SXM").region  # no region in the record
    c = size(eu(["RunPod 1x H100 SXM", "On-prem 8x H100 SXM (DGX H100)"]), catalog, deployments=True).deployments
    assert c.row("cloud", "on_demand") is None
    cloud = next(m for m in c.missing if m.startswith("cloud:"))
    assert "the region constraint left out 1 cloud offer whose record names no region" in cloud
    assert "add a copy of one with your region and its price" in cloud


def test_no_region_words_without_a_region_constraint(catalog):
    data = copy.deepcopy(SCENARIO)
    data["workload"].pop("budget_usd_per_month")
    data["candidates"]["hardware"] = ["On-prem 8x H100 SXM (DGX H100)"]
    c = size(parse(Scenario, data), catalog, deployments=True).deployments
    assert not any("region constraint" in m for m in c.missing)
