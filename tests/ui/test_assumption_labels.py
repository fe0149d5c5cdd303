"""Assumption fields read as words with units, not as their field names ("Colo USD per kw month")."""

from __future__ import annotations

import pytest

from app.domain import Scenario
from app.ui.scenario_fields import label_for, unit_for

ASSUMPTIONS = Scenario.model_fields["assumptions"].annotation.model_fields  # type: ignore[union-attr]


@pytest.mark.parametrize("name", sorted(ASSUMPTIONS))
def test_assumption_label_is_not_the_field_name(name):
    label = label_for(name)
    for token in (" per kw", "gco2e", "usd per", " days", "kwh", "on prem"):
        assert token not in label.lower(), f"{name}: {label!r}"  # a unit or a raw word in the label


@pytest.mark.parametrize(
    "name, label, unit",
    [
        ("colo_usd_per_kw_month", "Colocation cost", "USD per kW per month"),
        ("grid_gco2e_per_kwh", "Grid carbon intensity", "g CO2e/kWh"),
        ("on_prem_lead_time_days", "On-prem lead time", "days"),
    ],
)
def test_tester_examples(name, label, unit):
    assert label_for(name) == label
    assert unit_for(name, ASSUMPTIONS[name]) == unit
