"""The A/B/C grid names the design a pin describes (tgui4 D24): its precision, an over-budget pin's
cheapest design with its figures marked over budget (not a row of dashes), and a pin sized again
after a calibration keeps its pinned design rather than the new recommendation. Sized over the
catalog as shipped."""

from __future__ import annotations

import pytest
from three_kinds import HARDWARE, blank, sized

from app.domain import Category, Scenario
from app.services import comparison_grid as cg
from app.services.comparison import Pin, compare
from app.store import Project


@pytest.fixture(scope="module")
def chats(tmp_path_factory):
    """A chat within no budget and the same chat with a $500/month budget."""
    project = Project.open(tmp_path_factory.mktemp("room") / "room.archwise", create=True)
    try:
        chat = blank(
            project,
            Category.INFERENCE_API,
            "Support chat",
            traffic={"requests_per_s": 4.0, "peak_to_mean": 2.0},
            tokens={"input_tokens": 1500, "output_tokens": 300},
            sla={"ttft_p95_ms": 800, "tpot_p95_ms": 50},
            candidates={"models": ["Llama-3.1-8B-Instruct"], "hardware": HARDWARE},
        )
    finally:
        project.close()
    data = chat.model_dump(mode="json")
    data["name"] = "Support chat ($500)"
    data["workload"]["budget_usd_per_month"] = 500.0
    return sized([chat, Scenario.model_validate(data)])


def test_an_over_budget_pin_shows_its_cheapest_design_marked_over_budget(chats):
    (t, s, ok), (t2, s2, over) = chats
    assert over.error_kind == "budget" and over.recommended is None
    cheapest = min((o for o in over.options if o.priced), key=lambda o: o.cost_per_month_usd)
    grid = cg.grid([Pin(t, s.name, ok), Pin(t2, s2.name, over)])
    b = {name: cells[1] for name, cells in grid.rows}
    # the cheapest design meeting the SLA: 2 x AWS g6e.4xlarge (1x L40S each, FP8), $2,924/month > $500
    assert cheapest.hardware == "AWS g6e.4xlarge" and cheapest.precision.value == "fp8"
    assert b[cg.DESIGN].text == "Llama-3.1-8B-Instruct (fp8) · 2 × AWS g6e.4xlarge · over budget"
    assert b[cg.PER_MONTH].text == f"${cheapest.cost_per_month_usd:,.0f} (over the $500 budget)"
    assert b[cg.PER_MILLION].text == f"${cheapest.cost_per_million_tokens_usd:,.3f}"
    assert b[cg.LATENCY].text.startswith(f"TTFT {cheapest.ttft_p95_ms:,.0f}")
    assert b[cg.VERDICT].text.startswith("✖ No option within budget")
    # A is the same design within no budget: the same $ a month, so no difference drawn
    assert b[cg.PER_MONTH].difference is None


def test_the_design_row_names_the_precision(chats):
    (t, s, ok), _ = chats
    a = dict(cg.grid([Pin(t, s.name, ok)]).rows)
    o = ok.recommended
    assert a[cg.DESIGN][0].text == f"{o.model} ({o.precision.value}) · {o.replicas} × {o.hardware}"


def test_a_pin_sized_again_keeps_its_pinned_design(chats):
    """The pin showed the BF16 H100 design; sized again, the engine recommends the FP8 L40S one: the
    pin still describes the BF16 H100 design, with that design's new figures."""
    (t, s, ok), _ = chats
    bf16 = next(o for o in ok.options if o.hardware == "AWS p5.4xlarge" and o.precision.value == "bf16")
    assert ok.recommended is not None and ok.recommended.label != bf16.label
    pin = Pin(t, s.name, ok, None, "re-evaluated after calibration at 14:05", design=bf16.label)
    assert pin.option == bf16
    row = dict(cg.grid([pin]).rows)
    assert row[cg.DESIGN][0].text == f"Llama-3.1-8B-Instruct (bf16) · {bf16.replicas} × AWS p5.4xlarge"
    assert row[cg.PER_MONTH][0].text == f"${bf16.cost_per_month_usd:,.0f}"
    old = dict(compare([pin]).rows)  # the Compare tab's rows say it too
    assert old["Choice"][0].text == bf16.label
    assert old["TTFT p95"][0].text == f"{bf16.ttft_p95_ms:,.0f} ms"
