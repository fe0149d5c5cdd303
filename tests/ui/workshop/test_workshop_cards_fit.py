"""Three pinned scenarios as workshop cards fit the compare step at 1366x768 and 1920x1080: no
line of any card is clipped (each label gets the height its wrapped text needs). Real widgets
with the workshop style sheet at the size the step has on those screens (measured under Xvfb:
1346x569 at type scale 1, 1900x823 at 1080/768)."""

from __future__ import annotations

import pytest

from app.paths import EXAMPLES_DIR, STYLE_DIR
from app.services.comparison import Pin
from app.services.sizing import load_scenario, size_scenario
from app.store.io_formats import catalog_from_dir
from app.ui.workshop.cards import CompareCards
from app.ui.workshop.view import scaled_qss

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform


@pytest.fixture(scope="module")
def pins():
    """The RAG example pinned at its traffic, about three times it and about a third (the screenshots' pins)."""
    catalog = catalog_from_dir()
    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    out = []
    for factor in (1.0, 3.0, 1 / 3):
        w = scenario.workload
        rate = w.traffic.requests_per_s * factor
        s = scenario.model_copy(
            update={"workload": w.model_copy(update={"traffic": w.traffic.model_copy(update={"requests_per_s": rate})})}
        )
        out.append(
            Pin(
                f"{rate:.3g} req/s · 8,000→400 tokens · TTFT ≤ 800 ms",
                s.name,
                size_scenario(catalog, s, deployments=False),
            )
        )
    return out


def whole(cards) -> bool:
    """Every label of every shown card as tall as its wrapped text and inside its card (the cards
    grow and the step scrolls: tgui3 D13), once the scroll area has laid the grown cards out."""
    return all(
        label.height() >= label.heightForWidth(label.width())
        and label.geometry().bottom() <= card.contentsRect().bottom()
        for card in cards.cards
        if card.isVisible()
        for label in [card.head, *card.values.values()]
        if label.isVisible()
    )


@pytest.mark.parametrize(
    "width,height,scale", [(1346, 569, 1.0), (1900, 823, 1080 / 768)], ids=["1366x768", "1920x1080"]
)
def test_three_cards_show_every_line_whole(qtbot, pins, width, height, scale):
    cards = CompareCards()
    qtbot.addWidget(cards)
    cards.setStyleSheet(scaled_qss((STYLE_DIR / "workshop.qss").read_text(encoding="utf-8"), scale))
    cards.resize(width, height)
    cards.show()
    cards.show_pins(pins)
    qtbot.waitUntil(lambda: all(c.isVisible() for c in cards.cards))
    assert cards.hint.text().startswith(f"{pins[0].scenario_name}: 3 of 3 pinned")  # the one scenario, named once
    choice = cards.comparison.rows[[n for n, _c in cards.comparison.rows].index("Choice")][1]
    for i, card in enumerate(cards.cards):
        assert card.head.text() in "ABC"
        if i and not choice[i].differs:  # a long choice is said once, on A
            assert card.values["Choice"].text() == "same as A"
    qtbot.waitUntil(lambda: whole(cards), timeout=5000)


@pytest.fixture(scope="module")
def recommended_pins(pins):
    """The same pins, each with the selection matrix's recommendation (default weights), which for
    the RAG example is not the engine's cheapest design: the Choice row says both."""
    from dataclasses import replace

    from app.report.recommend import reconcile
    from app.selection import build_matrix, sensitivity

    catalog = catalog_from_dir()
    workload = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml").workload
    out = []
    for pin in pins:
        matrix = build_matrix(pin.sizing, catalog, workload, None)
        out.append(replace(pin, recommendation=reconcile(pin.sizing, matrix, sensitivity(matrix))))
    return out


@pytest.mark.parametrize(
    "width,height,scale",
    [(1346, 569, 1.0), (1900, 823, 1080 / 768)],
    ids=["1366x768", "1920x1080"],
)
def test_cards_naming_recommendation_and_cheapest_show_every_line_whole(qtbot, recommended_pins, width, height, scale):
    cards = CompareCards()
    qtbot.addWidget(cards)
    cards.setStyleSheet(scaled_qss((STYLE_DIR / "workshop.qss").read_text(encoding="utf-8"), scale))
    cards.resize(width, height)
    cards.show()
    cards.show_pins(recommended_pins)
    qtbot.waitUntil(lambda: all(c.isVisible() for c in cards.cards))
    # a card names the recommendation its figures are for; the Compare tab also names the cheapest
    assert "(matrix)" in cards.cards[0].values["Choice"].text()
    assert "cheapest feasible" not in cards.cards[0].values["Choice"].text()
    qtbot.waitUntil(lambda: whole(cards), timeout=5000)


@pytest.fixture(scope="module")
def three_scenarios():
    """Three different scenarios pinned, each with the matrix's recommendation: long inputs (the
    scenario name before the what-if values) and long choices on every card (tgui3 D13)."""
    from app.report.recommend import reconcile
    from app.selection import build_matrix, sensitivity

    catalog = catalog_from_dir()
    out = []
    for name in ("rag-assistant-cloud.yaml", "public-chat-api.yaml", "engineering-agent.yaml"):
        s = load_scenario(EXAMPLES_DIR / name)
        sizing = size_scenario(catalog, s, deployments=False)
        matrix = build_matrix(sizing, catalog, s.workload, None)
        w = s.workload
        title = f"{w.traffic.requests_per_s:.3g} req/s · {w.tokens.input_tokens:,}→{w.tokens.output_tokens:,} tokens"
        out.append(Pin(title, s.name, sizing, reconcile(sizing, matrix, sensitivity(matrix))))
    return out


def test_three_scenarios_cards_grow_and_scroll_whole_at_1366(qtbot, three_scenarios):
    cards = CompareCards()
    qtbot.addWidget(cards)
    cards.setStyleSheet(scaled_qss((STYLE_DIR / "workshop.qss").read_text(encoding="utf-8"), 1.0))
    cards.resize(1346, 569)
    cards.show()
    cards.show_pins(three_scenarios)
    qtbot.waitUntil(lambda: all(c.isVisible() for c in cards.cards))
    for i, card in enumerate(cards.cards):
        # the head names the scenario: the inputs band says only the values
        assert card.head.text().endswith(three_scenarios[i].scenario_name)
        assert not card.values["Inputs"].text().startswith(three_scenarios[i].scenario_name)
    qtbot.waitUntil(lambda: whole(cards), timeout=5000)
