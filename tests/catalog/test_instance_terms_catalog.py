"""Billing steps and regions in the catalog (issue 18): where an instance states how its provider bills a
node's time, its notes cite the page it was read from and the day; the steps are seconds,
minutes or hours, and the providers read here carry them. A rented instance names its region or
says it is not published."""

from __future__ import annotations

import re

import pytest
import yaml

from app.domain import Instance, parse
from app.paths import CATALOG_DIR


@pytest.fixture(scope="module")
def instances() -> list[Instance]:
    records = yaml.safe_load((CATALOG_DIR / "instances.yaml").read_text(encoding="utf-8"))["records"]
    return [parse(Instance, r) for r in records]


def test_every_billing_step_is_sourced_and_dated(instances):
    billed = [i for i in instances if i.billing_increment_s is not None or i.billing_minimum_s is not None]
    assert len(billed) >= 50
    for i in billed:
        notes = " ".join(i.notes.split())
        said = notes[notes.index("Billing:") :]
        assert re.search(r"https?://\S+", said), f"{i.name}: the billing sentence cites a URL"
        assert re.search(r"read 20\d\d-\d\d-\d\d", said), f"{i.name}: and the day it was read"
        assert i.billing_increment_s in (1, 60, 3600), i.name


def test_the_providers_read_carry_their_steps(instances):
    by = {(i.provider, i.billing_increment_s, i.billing_minimum_s) for i in instances if "TPU" not in i.name}
    assert ("AWS", 1, 60) in by and ("GCP", 1, 60) in by  # per second after a 1-minute minimum
    assert ("Lambda", 60, None) in by and ("Azure", 60, None) in by and ("Hyperstack", 60, None) in by
    assert ("RunPod", 1, None) in by and ("Nebius", 1, None) in by
    for i in instances:
        if i.provider in {"AWS", "Azure", "Lambda", "RunPod", "Hyperstack", "Nebius"}:
            assert i.billing_increment_s is not None, i.name


def test_every_rented_instance_names_its_region_or_says_it_is_not_published(instances):
    # an instance with no region is excluded by a region constraint (engine: scope_notes say so);
    # the catalog says why it has none, so the exclusion can be defended
    for i in instances:
        if i.deployment.value == "on_prem":
            continue  # the user's own site
        notes = " ".join(i.notes.split())
        assert i.region or re.search(r"Region: not published", notes), f"{i.name}: region or 'Region: not published'"


def test_every_price_has_a_source_and_a_date(instances):
    import datetime as dt

    fields = (
        "price_on_demand_usd_per_hour",
        "price_spot_usd_per_hour",
        "price_reserved_usd_per_hour",
        "price_reserved_3y_usd_per_hour",
        "price_lease_usd_per_month",
        "capex_usd",
    )
    priced = [i for i in instances if any(getattr(i, f) is not None for f in fields)]
    assert len(priced) >= 80
    for i in priced:
        if i.deployment.value == "on_prem":  # capex quotes cite the publication (launch, analyst note)
            assert len(i.source) > 20, f"{i.name}: the capex names its source"
        else:
            assert "http" in i.source, f"{i.name}: a rented node's price cites a URL"
        assert dt.date(2020, 1, 1) <= i.as_of <= dt.date(2026, 11, 30), f"{i.name}: dated, not in the future"
