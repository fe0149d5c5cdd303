"""Data sensitivity against who holds the machine (Instance.tenancy): marketplace hosts (Akash) hold
public data only; the data layer's wording follows the tenancy of the recommended hardware."""

from __future__ import annotations

import pytest

from app.advice import derive_advice
from app.domain import Scenario, Tenancy, parse
from app.engine import size

AKASH = "Akash 1x RTX PRO 6000 Blackwell"


def scenario(sensitivity: str, hardware: list[str]) -> Scenario:
    return parse(
        Scenario,
        {
            "name": f"Assistant, {sensitivity} data",
            "workload": {
                "name": "Assistant",
                "category": "inference_api",
                "sensitivity": sensitivity,
                "traffic": {"requests_per_s": 1},
                "tokens": {"input_tokens": 1000, "output_tokens": 200},
                "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
            },
            "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": hardware, "precisions": ["bf16"]},
        },
    )


def boundary(s: Scenario, catalog) -> str:
    sz = size(s, catalog)
    advice = derive_advice(s, sz, catalog)
    layer = next(x for x in advice.layers if x.key == "L2")
    return next(e.text for e in layer.entries if e.label == "Data boundary")


def test_the_catalog_marks_akash_as_a_marketplace(catalog):
    assert catalog.instance(AKASH).trust is Tenancy.MARKETPLACE
    assert catalog.instance("Lambda 1x H100 SXM").trust is Tenancy.PROVIDER
    assert catalog.instance("On-prem 8x H100 SXM (DGX H100)").trust is Tenancy.DEDICATED


@pytest.mark.parametrize("level", ["internal", "confidential", "regulated"])
def test_marketplace_hosts_are_ruled_out_above_public_data(catalog, level):
    sz = size(scenario(level, [AKASH, "Lambda 1x H100 SXM"]), catalog)
    on_akash = [o for o in sz.options if o.hardware == AKASH]
    assert on_akash and not any(o.feasible for o in on_akash)
    assert all(o.violations[0].constraint == "sensitivity" for o in on_akash)
    assert f"data is {level}" in on_akash[0].violations[0].detail
    assert sz.recommended is not None and sz.recommended.hardware == "Lambda 1x H100 SXM"


def test_only_marketplace_hardware_for_confidential_data_is_a_policy_verdict(catalog):
    sz = size(scenario("confidential", [AKASH]), catalog)
    assert not sz.feasible and sz.error_kind == "policy"
    assert sz.error.startswith("No hardware in scope may hold confidential data")
    assert [b.constraint for b in sz.binding_constraints] == ["sensitivity"]


def test_public_data_may_use_the_marketplace_and_the_wording_says_whose_machines(catalog):
    s = scenario("public", [AKASH])
    sz = size(s, catalog)
    assert sz.feasible and sz.recommended.hardware == AKASH
    text = boundary(s, catalog)
    assert "marketplace hosts" in text and "third parties" in text and "dedicated" not in text


def test_regulated_data_on_a_provider_cloud_claims_no_dedicated_environment(catalog):
    text = boundary(scenario("regulated", ["Lambda 1x H100 SXM"]), catalog)
    assert "dedicated, access-controlled environment" not in text
    assert "shared hardware" in text
    owned = boundary(scenario("regulated", ["On-prem 8x H100 SXM (DGX H100)"]), catalog)
    assert "dedicated, access-controlled environment" in owned
