"""A region constraint (data residency) admits only what is known to be in those regions
(fix-catalog2 item 1, GUI tester D8).

Rules, each with a test that failed before the fix:
- a cloud instance with no region does not satisfy a region constraint: it is excluded, and the
  sizing says "N instances excluded: region unknown" (verdict, CLI, decision package);
- on-prem nodes run at the user's own site: kept;
- a hosted API passes only when its published data residency names one of the regions; an empty
  residency list is unknown and is not allowed.
"""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from scenario_builders import scenario

from app.engine import size

EU = "EU node 1x L40S"
NOWHERE = "Somewhere 1x L40S"
US = "US node 1x L40S"
ONPREM = "Own site 1x L40S"


def _node(name: str, region: str | None, price: float, on_prem: bool = False) -> dict:
    rec = {
        "name": name,
        "provider": "on-prem" if on_prem else name.split()[0],
        "deployment": "on_prem" if on_prem else "cloud",
        "accelerator": "NVIDIA L40S",
        "accelerator_count": 1,
        "source": "hand-made test record",
        "as_of": "2026-11-30",
    }
    if region:
        rec["region"] = region
    if on_prem:
        rec |= {"capex_usd": 20000.0, "power_w": 600.0}
    else:
        rec["price_on_demand_usd_per_hour"] = price
    return rec


def _data(hardware: list[str], regions: list[str], hosted: list[str] | None = None) -> dict:
    return {
        "name": "EU subtitles",
        "workload": {
            "category": "inference_api",
            "name": "EU subtitles",
            "tokens": {"input_tokens": 300, "output_tokens": 100},
            "traffic": {"requests_per_s": 0.5},
            "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 100},
        },
        "candidates": {
            "models": ["Llama-3.1-8B-Instruct"],
            "hardware": hardware,
            "hosted_apis": hosted or [],
        },
        "constraints": {"regions": regions},
        # the region-less node is the cheapest: before the fix it was recommended
        "instances": [_node(NOWHERE, None, 0.50), _node(EU, "eu-west-1", 1.45), _node(US, "us-east-1", 0.40)],
    }


def test_an_instance_without_region_is_excluded_and_said(catalog):
    s = scenario(_data([NOWHERE, EU, US], ["eu-west-1", "europe-west4"]))
    z = size(s, catalog, detailed=False, deployments=False)
    hardware = {o.hardware for o in z.options}
    assert hardware == {EU}
    assert z.recommended is not None and z.recommended.hardware == EU
    assert z.scope_notes and z.scope_notes[0].startswith("1 instance excluded: region unknown")
    assert NOWHERE in z.scope_notes[0]


def test_only_unknown_regions_left_is_an_error_naming_them(catalog):
    from app.domain import DomainError

    s = scenario(_data([NOWHERE, US], ["eu-west-1"]))
    try:
        size(s, catalog, detailed=False, deployments=False)
    except DomainError as e:
        assert "1 instance excluded: region unknown" in str(e)
    else:  # pragma: no cover - the old code sized the region-less node
        raise AssertionError("a region-less instance satisfied the region constraint")


def test_on_prem_nodes_are_kept_at_the_users_site(catalog):
    data = _data([ONPREM, NOWHERE], ["eu-west-1"])
    data["instances"].append(_node(ONPREM, None, 0, on_prem=True))
    z = size(scenario(data), catalog, detailed=False, deployments=False)
    assert {o.hardware for o in z.options} == {ONPREM}
    assert "1 instance excluded" in z.scope_notes[0]


def test_hosted_apis_need_a_residency_in_the_regions(catalog):
    apis = [h.name for h in catalog.hosted_apis]
    eu = next(h for h in catalog.hosted_apis if h.data_residency == ["EU"])
    us = next(h for h in catalog.hosted_apis if h.data_residency == ["US"])
    unknown = next(h for h in catalog.hosted_apis if not h.data_residency)
    s = scenario(_data([EU], ["eu-west-1", "EU"], hosted=[eu.name, us.name, unknown.name]))
    assert apis
    hosted = {h.name: h for h in size(s, catalog, detailed=False, deployments=False).hosted}
    assert hosted[eu.name].allowed or "region" not in hosted[eu.name].reason
    assert not hosted[us.name].allowed and "data residency US" in hosted[us.name].reason
    assert not hosted[unknown.name].allowed and hosted[unknown.name].reason.startswith("region unknown")


def test_the_cli_and_the_package_state_the_exclusion(catalog, tmp_path):
    from app.cli.sizing_cmd import render_sizing
    from app.services import scenarios
    from app.services.reporting import export_decision_package
    from app.store import Project

    s = scenario(_data([NOWHERE, EU, US], ["eu-west-1"]))
    z = size(s, catalog, detailed=False, deployments=False)
    assert "note: 1 instance excluded: region unknown" in render_sizing(z)
    project = Project.open(tmp_path / "eu.archwise", create=True)
    try:
        saved = scenarios.save_scenario(project, s)
        path = export_decision_package(project, saved, tmp_path / "eu.pdf", date=dt.date(2026, 11, 30))
    finally:
        project.close()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "1 instance excluded: region unknown" in text
