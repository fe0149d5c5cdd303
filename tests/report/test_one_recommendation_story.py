"""One story in the decision package and the workshop deck (GUI test report, logistics driver
assistant): when the selection matrix recommends another model than the engine's cheapest design,
every section speaks for the recommendation, or names the other option and says why. The PDF and
the deck are read back (pypdf, python-pptx); a real project in a temporary SQLite file."""

from __future__ import annotations

import datetime as dt

import pytest
from pptx import Presentation
from pypdf import PdfReader
from report_builders import saved_driver_assistant
from test_package_from_scratch import flat

from app.services.reporting import export_decision_package, package_recommendation
from app.services.session_export import export_session_deck
from app.services.sizing import size_scenario
from app.store import Project

DAY = dt.date(2026, 11, 30)
WEIGHTS = {"quality": 10.0}  # the room weights quality up: the 32B model overtakes the 8B one


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    folder = tmp_path_factory.mktemp("driver")
    project = Project.open(folder / "logistics.archwise", create=True)
    s = saved_driver_assistant(project)
    z = size_scenario(project, s)
    rec, _m, _s = package_recommendation(project, s, z, WEIGHTS)
    pdf = export_decision_package(project, s, folder / "driver.pdf", sizing=z, weights=WEIGHTS, date=DAY)
    deck = export_session_deck(folder / "driver.pptx", s, z, [], [], project=project, date=DAY, weights=WEIGHTS)
    yield s, z, rec, [flat(p.extract_text()) for p in PdfReader(pdf).pages], Presentation(str(deck))
    project.close()


def section(pages: list[str], start: str, end: str) -> str:
    """The text from the last `start` (the contents list names it first) to the next `end`."""
    text = " ".join(pages)
    return text.rsplit(start, 1)[1].split(end, 1)[0]


def test_the_matrix_recommends_another_model_than_the_engine(driver):
    _s, z, rec, _pages, _deck = driver
    assert rec.option is not None and not rec.agrees
    assert rec.option.model == "Qwen2.5-32B-Instruct" and z.recommended.model == "Llama-3.1-8B-Instruct"


def test_deployment_pages_price_the_recommended_model(driver):
    _s, _z, rec, pages, _deck = driver
    text = section(pages, "Deployment: cloud, bare metal, on-prem or hybrid", "Cumulative cost by deployment model")
    assert "all serving Qwen2.5-32B-Instruct, the recommended option's model" in text
    assert "Llama-3.1-8B" not in text  # the old pages priced the engine's 8B design without saying so
    # the cloud on-demand row is the recommendation itself: 5 x p5.4xlarge (4 before the step-level p95s
    # lowered a replica's max rate near capacity), the summary's monthly figure
    o = rec.option
    assert o.replicas == 5 and o.pricing == "on_demand"
    assert f"Cloud on-demand AWS p5.4xlarge {o.replicas} $0 ${o.cost_per_month_usd:,.0f}" in text


def test_strategy_is_the_recommendations_own(driver):
    _s, z, rec, pages, _deck = driver
    text = section(pages, "Inference strategy and what to avoid", "What to avoid")
    assert f"For the recommendation, {rec.label}" in text  # it once was the engine's pick's, said so
    assert "Not for the recommendation" not in text
    assert f"Run {rec.option.replicas} replica(s) for peak" in text


def test_deck_verdict_and_matrix_slide_speak_for_the_recommendation(driver):
    _s, z, rec, _pages, deck = driver
    slides = {s.shapes.title.text: s for s in deck.slides if s.shapes.title is not None}
    assert "Selection matrix" in slides  # the deck had no matrix slide
    verdict = " ".join(sh.text_frame.text for sh in slides["Verdict"].shapes if sh.has_text_frame)
    assert f"Feasible: {rec.option.label}" in verdict
    assert f"{rec.option.replicas} replica(s), {rec.option.total_gpus} GPU(s)" in verdict
    assert f"the engine's cheapest design is {z.recommended.label}" in verdict
    table = next(sh for sh in slides["Selection matrix"].shapes if sh.has_table).table
    assert table.cell(1, 0).text == "1" and table.cell(1, 1).text == rec.option.label
