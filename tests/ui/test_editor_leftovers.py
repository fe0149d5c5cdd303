"""What a new user met in the scenario editor (issue 13 leftovers): a multimodal batch job, the Tab
order, and messages that named the kind twice. Real window, a real empty project in tmp_path,
each scenario started from a blank workload; no sleeps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QGroupBox, QScrollArea, QWidget

from app import store
from app.domain import Category
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(qtbot, settings, tmp_path):
    path = tmp_path / "empty.archwise"
    store.Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_project(str(path))
    w.show_page("Scenarios")
    yield w
    for page in (w.analysis_page, w.report_page):
        if page is not None:
            page.runner.cancel()
    w.close()


def edit(row, text: str) -> None:
    """Type `text` in a field and leave it, as a user does."""
    row.editor.setText(text)
    row.editor.editingFinished.emit()


def choose(row, value: str) -> None:
    box = row.editor
    box.setCurrentIndex(box.findData(value))
    box.activated.emit(box.currentIndex())


# -- 1. a multimodal batch job ------------------------------------------------------------------
def test_a_batch_job_over_scanned_pages_says_its_images_in_the_editor(window):
    """From a blank batch workload: images per request is offered, kept, and the job stays a
    batch job; the engine then offers only models that read images."""
    page = window.scenarios_page
    page.new_blank(Category.BATCH)
    rows = page.editor.form.rows
    images = rows["workload.tokens.images_per_request"]
    assert images.editor.isVisible()  # was hidden for every kind but multimodal
    assert "batch job" in images.help.text()
    edit(images, "2")
    s = window.document.scenario
    assert s.workload.category is Category.BATCH and s.workload.is_batch_job
    assert s.workload.tokens.images_per_request == 2
    assert images.message.text() == ""


def test_a_blank_batch_job_can_become_multimodal_and_back(window):
    """A blank batch job has no arrival rate; turning it into a multimodal service gives it the
    rate its deadline asked for (10,000 requests in 24 h = 0.1157 req/s) instead of refusing."""
    page = window.scenarios_page
    page.new_blank(Category.BATCH)
    rows = page.editor.form.rows
    choose(rows["workload.category"], "multimodal")
    w = window.document.scenario.workload
    assert rows["workload.category"].message.text() == ""
    assert w.category is Category.MULTIMODAL and w.tokens.images_per_request == 1.0
    assert w.traffic is not None and w.traffic.requests_per_s == pytest.approx(10_000 / (24 * 3600))
    choose(rows["workload.category"], "batch")
    w = window.document.scenario.workload
    assert w.is_batch_job and w.tokens.images_per_request == 1.0
    assert rows["workload.tokens.images_per_request"].editor.isVisible()


# -- 3. Tab order follows the page ---------------------------------------------------------------
def _tab_stops(body: QWidget) -> list[QWidget]:
    """The form's stops on a page as the eye reads them: visible editors (and check marks of
    optional boxes), top to bottom, then left to right, by their place on the page."""
    form_widgets = [
        w
        for w in body.findChildren(QWidget)
        if (w.objectName().startswith("field_") or (isinstance(w, QGroupBox) and w.isCheckable()))
        and w.isVisibleTo(body)
        and w.isEnabled()
    ]

    def place(w: QWidget) -> tuple[int, int]:
        p = w.mapTo(body, QPoint(0, 0))
        return p.y(), p.x()

    return sorted(form_widgets, key=place)


def _walk(start: QWidget, stops: list[QWidget]) -> list[QWidget]:
    """Press Tab from `start` until every stop was passed (or the chain came back): the stops in
    the order focus reached them."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen = [start]
    for _ in range(4 * len(stops) + 20):
        window = start.window()
        window.focusNextChild()
        now = QApplication.focusWidget()
        if now is None or now is start:
            break
        # the stop itself, else the stop holding it (a combo box's own line edit)
        owner = now if now in stops else next((s for s in stops if s.isAncestorOf(now)), None)
        if owner is not None and owner not in seen:
            seen.append(owner)
        if len(seen) == len(stops):
            break
    return seen


@pytest.mark.parametrize("category", list(Category), ids=lambda c: c.value)
def test_tab_walks_every_editor_group_in_the_order_it_is_shown(window, qtbot, category):
    page = window.scenarios_page
    page.new_blank(category)
    window.activateWindow()
    editor = page.editor
    for n in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(n)
        area = editor.tabs.widget(n)
        assert isinstance(area, QScrollArea)
        body = area.widget()
        stops = _tab_stops(body)
        assert stops, editor.tabs.tabText(n)
        qtbot.waitUntil(lambda s=stops[0]: s.isVisible())
        walked = _walk(stops[0], stops)
        names = [w.objectName() for w in walked]
        expected = [w.objectName() for w in stops]
        assert names == expected, "\n".join([category.value, editor.tabs.tabText(n), *names, "--", *expected])


# -- 4. messages say the kind once ----------------------------------------------------------------
def test_a_cleared_deadline_reads_as_an_architect_writes(window):
    page = window.scenarios_page
    page.new_blank(Category.BATCH)
    rows = page.editor.form.rows
    edit(rows["workload.batch.deadline_hours"], "")
    text = rows["workload.batch.deadline_hours"].message.text()
    assert text == "A run needs 'Deadline per run' or 'Start window' (e.g. 22:00-06:00) to finish within"
    choose(rows["workload.batch.recurrence"], "daily")
    edit(rows["workload.batch.deadline_hours"], "30")
    text = rows["workload.batch.deadline_hours"].message.text()
    assert text == "A daily job must finish within 24 h, before the next run; 'Deadline per run' is 30 h"
    edit(rows["workload.tokens.shared_prefix_tokens"], "5000")  # the blank workload's prompts are 1,000
    assert rows["workload.tokens.shared_prefix_tokens"].message.text() == "'Shared prefix' cannot exceed 'Input, mean'"
