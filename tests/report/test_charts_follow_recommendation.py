"""The charts and the strategy speak for the selection matrix's recommendation (issue 19, window
defects): a scenario whose matrix winner (Qwen2.5-32B on p5, quality weighted up) is not the
engine's cheapest design (Llama-3.1-8B). The engine sized again, led by the recommendation, plots
it first in every chart and derives the Strategy section from its figures; the PDF read back with
pypdf says so. Real project in a temporary SQLite file."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from report_builders import saved_driver_assistant
from test_package_from_scratch import flat

from app.services.reporting import (
    export_decision_package,
    package_recommendation,
    scenario_catalog,
    sizing_for_recommendation,
)
from app.services.sizing import size_scenario
from app.store import Project

DAY = dt.date(2026, 11, 30)
WEIGHTS = {"quality": 10.0}  # quality weighted up: the 32B model overtakes the cheaper 8B one


@pytest.fixture(scope="module")
def led(tmp_path_factory):
    folder = tmp_path_factory.mktemp("led")
    project = Project.open(folder / "logistics.archwise", create=True)
    s = saved_driver_assistant(project)
    z = size_scenario(project, s)
    rec, _m, _s = package_recommendation(project, s, z, WEIGHTS)
    focused = sizing_for_recommendation(s, scenario_catalog(project, s), z, rec)
    pdf = export_decision_package(project, s, folder / "driver.pdf", sizing=z, weights=WEIGHTS, date=DAY)
    yield s, z, rec, focused, [flat(p.extract_text()) for p in PdfReader(pdf).pages]
    project.close()


def test_the_engine_alone_plots_its_own_pick_and_not_the_recommendation(led):
    _s, z, rec, _f, _p = led
    assert rec.option is not None and not rec.agrees
    index = [o.label for o in z.options].index(rec.option.label)
    assert index >= 4  # beyond the four options the latency chart draws: the old charts missed it
    latency = z.chart("latency_vs_concurrency")
    assert all(x.option_index != index for x in latency.series)
    assert z.chart_lead == 0


def test_every_chart_leads_with_the_recommendation(led):
    _s, z, rec, focused, _p = led
    index = [o.label for o in z.options].index(rec.option.label)
    assert focused.chart_lead == index
    assert [o.label for o in focused.options] == [o.label for o in z.options]  # the same figures
    latency = focused.chart("latency_vs_concurrency")
    assert latency.series[0].option_index == index  # drawn first: named first, first colour
    assert latency.series[0].name == f"{rec.option.label} · TTFT p95"
    traffic = focused.chart("replicas_vs_traffic")
    assert traffic.series[0].option_index == index
    memory = focused.chart("memory")
    # its bar first (tgui3 D6: it was #8 of 8, last), the others in rank order
    assert memory.category_options[0] == index
    assert memory.categories[0] == rec.option.label and memory.bar_option(0) == index
    assert memory.category_options[1:] == sorted(memory.category_options[1:])


def test_strategy_is_the_recommendations_own(led):
    _s, z, rec, focused, _p = led
    o = rec.option
    line = next(x for x in focused.strategy if x.startswith("Run "))
    assert line.startswith(f"Run {o.replicas} replica(s) for peak")
    assert focused.strategy != z.strategy
    weights = next(x for x in focused.strategy if x.startswith("Precision "))
    assert f"{o.memory.weights_gib:,.1f} GiB of weights per GPU" in weights


def test_pdf_strategy_and_charts_speak_for_the_recommendation(led):
    _s, z, rec, focused, pages = led
    text = " ".join(pages)
    strategy = text.rsplit("Inference strategy and what to avoid", 1)[1].split("What to avoid", 1)[0]
    assert "Not for the recommendation" not in strategy
    assert f"For the recommendation, {rec.label}" in strategy
    assert f"Run {rec.option.replicas} replica(s) for peak" in strategy
    charts = text.split("Drawn from the same chart data as the Analysis page", 1)[1].split("Inference strategy")[0]
    assert f"{rec.option.label} · TTFT p95" in charts  # the latency chart's legend names its curve
