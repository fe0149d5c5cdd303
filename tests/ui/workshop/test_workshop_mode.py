"""Workshop mode with real widgets: entering and leaving restore the window, the presenter flow
visits every view, the chart in view stays while the sliders move, the cards show differences,
the matrix re-ranks live, and the session's slide deck reads back with its titles and values."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

from app.paths import EXAMPLES_DIR
from app.services import comparison_grid as cg
from app.services.sizing import load_scenario
from app.ui.main_window import MainWindow
from app.ui.window_geometry import fit_rect
from app.ui.workshop import STEPS, WorkshopView
from app.ui.workshop.compare_grid import shown_text

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform


@pytest.fixture
def window(qtbot, settings, tmp_path, monkeypatch):
    from app import store

    path = tmp_path / "main.archwise"
    store.Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.errors = []
    monkeypatch.setattr("app.ui.main_window.QMessageBox.warning", lambda *a: w.errors.append(a[2]))
    w.show()
    assert w.open_project(str(path))
    yield w
    if w.analysis_page is not None:
        w.analysis_page.runner.cancel()
    w.report_page.runner.cancel()


@pytest.fixture
def analysed(qtbot, window):
    """The window with the shipped RAG example analysed (as a user opens it)."""
    page = window.ensure_analysis_page()
    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        window.document.add(scenario, f"Open {scenario.name}")
        window.analyse()
    qtbot.waitUntil(lambda: page.sizing is not None and page.sizing.detailed and not page.runner.busy, timeout=60000)
    return window


def _move_traffic(qtbot, page, steps: int) -> None:
    slider = page.whatif.sliders["traffic"]
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        slider.setValue(slider.value() + steps)
    qtbot.waitUntil(lambda: page.sizing.detailed and not page.runner.busy, timeout=60000)


def test_entering_and_leaving_restore_the_exact_geometry_and_page(qtbot, window):
    available = window.screen().availableGeometry()
    wanted = fit_rect(
        QRect(available.x() + 13, available.y() + 17, available.width() - 60, available.height() - 50), available
    )
    window.setGeometry(wanted)
    window.show_page("Selection matrix")
    before, pages = window.geometry(), window.centralWidget()

    window.actions.workshop.setChecked(True)
    assert isinstance(window.centralWidget(), WorkshopView)
    assert window.isFullScreen()
    assert not window.rail.isVisibleTo(window)  # no catalog, no forms: the rail went with the pages

    window.actions.workshop.setChecked(False)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.centralWidget() is pages
    assert window.geometry() == before
    assert window.stack.currentWidget() is window.selection_page
    assert window.styleSheet() == ""


def test_leaving_gives_back_a_maximised_window_and_the_sliders(qtbot, window):
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    window.actions.workshop.setChecked(True)
    view = window.workshop.view
    page = window.analysis_page
    assert page.whatif.parentWidget() is view.side  # one set of sliders, borrowed
    qtbot.keyClick(view, Qt.Key_Escape)  # a presenter leaves full screen with Esc
    assert not window.actions.workshop.isChecked()
    qtbot.waitUntil(window.isMaximized)
    assert page.whatif.parentWidget() is page.main_splitter.widget(0)  # back where it was


def test_closing_in_workshop_mode_remembers_the_normal_geometry(qtbot, window, settings):
    from app.ui.window_geometry import screen_key

    available = window.screen().availableGeometry()
    window.actions.workshop.setChecked(True)
    normal = window.workshop.normal_geometry()
    window.close()
    assert settings.window_geometry(screen_key(available)) == normal


def test_the_presenter_flow_visits_each_view_with_one_key(qtbot, analysed):
    window = analysed
    window.actions.workshop.setChecked(True)
    view = window.workshop.view
    sizing = window.analysis_page.sizing
    seen = [view.current_step()]
    view.step_changed.connect(seen.append)
    for _ in STEPS[1:]:
        qtbot.keyClick(view, Qt.Key_PageDown)
    assert seen == [s.key for s in STEPS]
    assert view.current_step() == STEPS[-1].key
    qtbot.keyClick(view, Qt.Key_PageDown)  # wraps round to the verdict
    assert view.current_step() == "verdict"
    assert sizing.recommended.label in view.verdict_page.text()
    if sum(o.feasible for o in sizing.options) > 1:  # the alternatives the room asks for next
        assert view.verdict_page.others.text().startswith("Next options\n#2 ")
    for step in STEPS:
        if step.chart_key is None:
            continue
        view.show_step(step.key)
        chart = next(c for c in sizing.charts if c.key == step.chart_key)
        shown = view.chart_steps[step.key].view
        assert shown.chart == chart
        first = next(s for s in chart.series if s.option_index is not None or s.role != "option")
        if chart.kind == "line":
            x, y = shown.series_item(first.name).getData()
            assert list(y) == pytest.approx(first.y)
        key = view.chart_steps[step.key].key
        assert key.isVisibleTo(view) == bool(chart.categories)  # bars '#1 … #8' get their key
        if chart.categories:
            # each bar under the options table's rank (D6): the lead bar is the recommendation's
            assert key.text().startswith(f"#{chart.bar_option(0) + 1} " + chart.categories[0][:20])
    qtbot.keyClick(view, Qt.Key_PageUp)
    assert view.current_step() == STEPS[-2].key


def test_the_chart_in_view_stays_while_the_sliders_move(qtbot, analysed):
    window = analysed
    window.actions.workshop.setChecked(True)
    view, page = window.workshop.view, window.analysis_page
    view.show_step("cost")
    before = view.chart_steps["cost"].view.chart
    _move_traffic(qtbot, page, 80)
    assert view.current_step() == "cost"
    after = view.chart_steps["cost"].view.chart
    assert after == next(c for c in page.sizing.charts if c.key == "cost_vs_latency")
    assert after != before
    assert view.strip.text().startswith(("✔", "✖"))


def test_pinned_cards_highlight_what_differs_from_a(qtbot, analysed):
    window = analysed
    window.actions.workshop.setChecked(True)
    view, page = window.workshop.view, window.analysis_page
    qtbot.keyClick(view, Qt.Key_D, Qt.ControlModifier)  # pin A
    _move_traffic(qtbot, page, 120)
    view.pin_button.click()  # pin B
    view.show_step("compare")
    grid = view.cards
    a, b, c = grid.heads
    assert a.isVisible() and b.isVisible() and not c.isVisible()
    cmp = grid.comparison
    assert not any(grid.differs(name, 0) for name, _cells in cmp.rows)
    differing = [name for name, cells in cmp.rows if cells[1].differs]
    assert "Inputs" in differing and len(differing) > 1  # the traffic moved, and so did the figures
    for name in differing:
        assert grid.differs(name, 1)
        assert grid.cell(name, 1).text() == shown_text(dict(cmp.rows)[name][1])  # '(+12%)': by how much
    view.cards.clear_button.click()
    assert not a.isVisible() and not view.cards.keys["Verdict"].isVisible() and not page.compare.pinned


def test_matrix_weights_rerank_live_and_reach_the_selection_page(qtbot, analysed):
    window = analysed
    window.actions.workshop.setChecked(True)
    view = window.workshop.view
    view.show_step("matrix")
    matrix = view.matrix
    assert matrix.ranked_labels() and matrix.sliders
    key = next(iter(matrix.sliders))
    with qtbot.waitSignal(matrix.weights_changed, timeout=5000):
        matrix.sliders[key].setValue(0 if matrix.sliders[key].value() else 10)
    assert window.selection_page.sliders and window.selection_page.sliders[key].value() == matrix.sliders[key].value()
    assert (
        matrix.matrix.criteria[[c.key for c in matrix.matrix.criteria].index(key)].weight == matrix.sliders[key].value()
    )


def test_session_export_writes_pngs_and_a_deck_with_titles_and_comparison(qtbot, analysed, tmp_path):
    from pptx import Presentation
    from PySide6.QtGui import QImageReader

    from app.ui.workshop.export import export_session

    window = analysed
    window.actions.workshop.setChecked(True)
    view, page = window.workshop.view, window.analysis_page
    view.pin()
    _move_traffic(qtbot, page, 120)
    view.pin()
    written = export_session(view, tmp_path / "session")
    deck = tmp_path / "session.pptx"
    assert written[-1] == deck and deck.exists()
    pngs = written[:-1]
    assert [p.name for p in pngs] == [f"session-{s.key}.png" for s in STEPS if s.chart_key]
    for p in pngs:
        reader = QImageReader(str(p))
        assert reader.format() == b"png" and reader.size().width() >= 1600
    slides = list(Presentation(str(deck)).slides)
    titles = [s.shapes.title.text for s in slides]
    sizing = page.sizing
    charts = [c.title for c in sizing.charts if c.key in {s.chart_key for s in STEPS}]
    assert titles[0].startswith("Workshop: ")
    assert "Verdict" in titles and "Pinned scenarios compared" in titles
    for title in charts:
        assert title in titles
    assert titles[-1] == "Sources"
    text = " ".join(sh.text_frame.text for sh in slides[-1].shapes if sh.has_text_frame)
    assert "Archwise" in text and "as of" in text  # the sources once, on their own slide (tgui4 D23)
    table = next(sh.table for sh in slides[titles.index("Pinned scenarios compared")].shapes if sh.has_table)
    cells = {table.cell(r, 0).text: [table.cell(r, c).text for c in range(1, 3)] for r in range(1, len(table.rows))}
    cmp = cg.grid(page.compare.pins())  # the workshop grid's rows, as the room saw them
    for name, row in cmp.rows:
        for i, cell in enumerate(row):
            assert cells[name][i].startswith(cell.text)
    assert any("vs A" in t for row in cells.values() for t in row)


def test_pins_made_on_the_analysis_page_show_there_too(qtbot, analysed):
    page = analysed.analysis_page
    assert not page.side_tabs.isTabVisible(2)
    page.pin_button.click()
    assert page.side_tabs.isTabVisible(2) and page.compare.table.columnCount() == 1
    page.compare.clear()
    assert not page.side_tabs.isTabVisible(2)


def test_workshop_type_keeps_its_share_of_a_larger_screen():
    from app.ui.workshop.view import scaled_qss, type_scale

    assert type_scale(768) == 1.0 and type_scale(720) == 1.0  # never smaller than designed
    assert type_scale(1080) == pytest.approx(1080 / 768)  # 1.406: the same share of the wall
    assert type_scale(2160) == 2.0
    # at 200 % a 1366x768 screen is 683x384 logical: the design's look at twice the pixels
    assert type_scale(384, 2.0) == 0.5 and type_scale(720, 1.5) == pytest.approx(720 / 768)
    # and there the pixel sizes too (a slider's 22-px handle is 22 device pixels); 1 px stays 1 px
    assert scaled_qss("width: 22px; margin: -9px 0; border: 1px; font-size: 16pt", 0.5) == (
        "width: 11px; margin: -4px 0; border: 1px; font-size: 8pt"
    )
    assert scaled_qss("width: 22px; font-size: 16pt", 1080 / 768) == "width: 22px; font-size: 22pt"
    assert scaled_qss("QWidget { font-size: 16pt; } QLabel { font-size: 22pt; }", 1.5) == (
        "QWidget { font-size: 24pt; } QLabel { font-size: 33pt; }"
    )


def test_workshop_matrix_follows_the_selection_pages_quality_choice_and_weights(qtbot, analysed):
    """One source of truth: the quality chosen and the weights set on the Selection page are the
    workshop matrix's; a matrix first other than the verdict's option carries the report's words."""
    from pathlib import Path

    window = analysed
    evals = Path(__file__).resolve().parents[2] / "data" / "evals"
    window.show_page("Selection matrix")
    page = window.selection_page
    qtbot.waitUntil(lambda: page.matrix is not None, timeout=60000)
    page.quality_panel.files_chosen.emit([str(evals / "lm-eval_Meta-Llama-3.1-70B-Instruct_gsm8k_judge_2.json")])
    own = next(c.benchmark for c in page.matrix.quality_choices if c.own)
    page.quality_panel.combo.setCurrentIndex(page.quality_panel.combo.findData(own))
    assert page.matrix.quality_benchmark == own
    for key, slider in page.sliders.items():  # quality alone decides: the matrix's first is the best model
        slider.setValue(10 if key == "quality" else 0)
    window.actions.workshop.setChecked(True)
    view = window.workshop.view
    view.show_step("matrix")
    matrix = view.matrix
    assert matrix.matrix.quality_benchmark == own
    assert matrix._names["quality"].text() == f"Quality ({own})"
    assert matrix.weights() == page.weights()
    top, engine = matrix.matrix.top, view.sizing.recommended
    assert top is not None and engine is not None
    if top.label != engine.label:
        assert f"The engine's cheapest design that meets the SLA is {engine.label}" in matrix.reconciliation.text()
        # where the step has room the paragraph shows; a short step (1366x768 at 200 %) keeps the
        # weights whole and the paragraph moves to the summary's tooltip (a matrix step of its own)
        from app.ui.workshop.matrix import WorkshopMatrix

        step = WorkshopMatrix()
        qtbot.addWidget(step)
        step.setStyleSheet(window.styleSheet())
        step.resize(1346, 1000)
        step.show()
        step.show_matrix(matrix.base, view.sizing)
        assert step.reconciliation.text() and not step.reconciliation.isHidden() and not step.summary.toolTip()
        step.resize(1346, step.weights_height() + 60)
        qtbot.waitUntil(lambda: step.reconciliation.isHidden())
        assert step.summary.toolTip() == step.reconciliation.text()
    else:
        assert matrix.reconciliation.isHidden()


def test_ctrl_d_in_a_whatif_value_box_pins_the_value_typed_there(qtbot, analysed):
    window = analysed
    window.actions.workshop.setChecked(True)
    view, page = window.workshop.view, window.analysis_page
    window.activateWindow()
    box = page.whatif.boxes["traffic"]
    assert view.isAncestorOf(box)  # the workshop view holds the sliders while shown
    box.setFocus()
    qtbot.waitUntil(box.hasFocus, timeout=5000)
    box.selectAll()
    qtbot.keyClicks(box, "12")  # typed, not yet taken: the box takes a value on Enter or when left
    qtbot.keyClick(box, Qt.Key_D, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(page.compare.pinned) == 1, timeout=60000)
    pin = page.compare.pins()[0]
    assert pin.title.startswith("12 req/s")  # the value typed, not the one before it
    assert pin.sizing.assumptions_used["mean requests/s"] == 12  # and its own result
    assert box.hasFocus() and box.value() == 12
    # A second Ctrl+D with nothing typed pins the same values at once.
    qtbot.keyClick(box, Qt.Key_D, Qt.ControlModifier)
    assert len(page.compare.pinned) == 2 and page.compare.pins()[1].title == pin.title
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=60000)
