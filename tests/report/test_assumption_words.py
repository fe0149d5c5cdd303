"""D13: the assumptions table said "the runtime's default" for assumptions no runtime sets (on-prem
share, grid intensity) and printed field names ("Grid gco2e per kwh", "On prem share"). Every
assumption now has a label in words, and an empty one says what is used instead."""

from __future__ import annotations

from app.domain import Assumptions, Scenario, parse
from app.report.sources import LABELS, RUNTIME_KNOBS, assumption_rows

SCENARIO = {
    "name": "Tutoring chat",
    "workload": {
        "name": "Tutoring chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.67},
        "tokens": {"input_tokens": 1500, "output_tokens": 400},
    },
}


def test_every_assumption_is_labelled_in_words():
    assert set(Assumptions.model_fields) <= set(LABELS)


def test_empty_assumptions_say_what_is_used():
    rows = {r[0]: r[1] for r in assumption_rows(parse(Scenario, SCENARIO))[1:]}
    assert rows["On-prem: share of the nodes' month charged to this scenario"] == (
        "dedicated: the whole month of the nodes"
    )
    grid = rows["Grid carbon intensity [gCO2e/kWh]"]
    assert "region figure" in grid and "on-prem node without a region" in grid and "CO2e is n/a" in grid
    runtime_default = {k for k, v in rows.items() if v == "the runtime's default"}
    assert runtime_default == {LABELS[k][0] for k in RUNTIME_KNOBS}
    assert rows["On-prem lead time, order to serving [days]"] == "90"
    # empty since 2026-12-01 (the power follows the step; a number is the override): says what is used
    assert rows["Accelerator power while running kernels (share of TDP)"].startswith("follows each step")
