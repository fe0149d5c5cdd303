"""Form hazards: the wheel edits only a focused field, a validation message never moves the
fields under it, and every saved file ends in its kind's suffix (so the Open dialog shows it).
Real widgets and real file dialogs (Qt's own, as on the offscreen platform)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QLineEdit,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain import Category
from app.ui import file_dialogs
from app.ui.guards import GuardStyle, install_guards, remove_guards

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def wheel_guard(qapp):
    guard = install_guards(qapp)
    yield guard
    remove_guards(qapp)


def _wheel(widget: QWidget, notches: int = -1) -> None:
    """One real wheel turn over the middle of `widget` (negative: towards the user, i.e. down),
    through the window system as a mouse delivers it (spontaneous: Qt's wheel focus applies)."""
    top = widget.window()
    QTest.wheelEvent(top.windowHandle(), QPointF(widget.mapTo(top, widget.rect().center())), QPoint(0, 120 * notches))
    QApplication.processEvents()


@pytest.fixture
def scrolled_form(qtbot):
    """A scroll area with many fields, too tall for its view, as a long form is."""
    area = QScrollArea()
    body = QWidget()
    lay = QVBoxLayout(body)
    fields: list[QWidget] = []
    for i in range(30):
        spin = QDoubleSpinBox()
        spin.setRange(0, 10_000)
        spin.setValue(800)
        combo = QComboBox()
        combo.addItems(["steady", "diurnal", "spiky"])
        fields += [spin, combo] if i % 2 else [combo, spin]
        lay.addWidget(fields[-2])
        lay.addWidget(fields[-1])
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.resize(300, 200)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area, fields


def test_wheel_over_an_unfocused_spin_box_or_combo_leaves_its_value_and_scrolls(wheel_guard, scrolled_form):
    area, fields = scrolled_form
    spin = next(f for f in fields[4:] if isinstance(f, QDoubleSpinBox))  # not the first: it has focus
    combo = next(f for f in fields[4:] if isinstance(f, QComboBox))
    assert not spin.hasFocus() and not combo.hasFocus()
    _wheel(spin)
    _wheel(combo)
    assert spin.value() == 800 and combo.currentIndex() == 0
    assert area.verticalScrollBar().value() > 0, "the turn went to the scroll area: the form scrolled"
    for field in fields:  # a wheel turn never gives them focus either
        assert field.focusPolicy() == Qt.StrongFocus


def test_wheel_over_the_focused_field_still_steps_it(qtbot, wheel_guard, scrolled_form):
    _area, fields = scrolled_form
    spin = next(f for f in fields if isinstance(f, QDoubleSpinBox))
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    _wheel(spin, notches=1)
    assert spin.value() == 801


def test_the_guard_covers_widgets_made_later_and_sliders_but_not_scroll_bars(qtbot, wheel_guard):
    holder = QWidget()
    lay = QVBoxLayout(holder)
    spin, slider, name = QSpinBox(), QSlider(Qt.Horizontal), QLineEdit()
    spin.setValue(5)
    slider.setValue(50)
    lay.addWidget(name)  # the field being typed in: focus is there
    lay.addWidget(spin)
    lay.addWidget(slider)
    qtbot.addWidget(holder)
    holder.show()
    name.setFocus()
    _wheel(spin)
    _wheel(slider)
    assert spin.value() == 5 and slider.value() == 50


def test_create_application_installs_the_guard_once(qapp):
    from app.ui.app import create_application

    interval, sheet = sys.getswitchinterval(), qapp.styleSheet()
    try:
        assert create_application() is qapp
        create_application()
        assert len(qapp.findChildren(GuardStyle, "archwiseGuardStyle")) == 1
    finally:
        remove_guards(qapp)
        qapp.setStyleSheet(sheet)
        sys.setswitchinterval(interval)


def test_the_scenario_editor_ignores_the_wheel_while_scrolling(qtbot, wheel_guard, tmp_path):
    page = _scenarios_page(qtbot, tmp_path)
    combo = page.editor.form.rows["workload.sensitivity"].editor
    before = combo.currentIndex()
    _wheel(combo)
    assert combo.currentIndex() == before
    assert page.document.scenario.workload.sensitivity.value == combo.currentData()


def _scenarios_page(qtbot, tmp_path):
    from app import store
    from app.ui.scenario_document import ScenarioDocument
    from app.ui.scenarios_page import ScenariosPage

    project = store.Project.open(tmp_path / "hazards.archwise", create=True)
    stack = QUndoStack()
    document = ScenarioDocument(stack)
    page = ScenariosPage(document)
    page.undo_stack_ref = stack
    qtbot.addWidget(page)
    page.set_project(project, project.catalog())
    document.set_project(project)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.new_blank(Category.RAG)
    page.destroyed.connect(project.close)
    return page


def test_a_validation_message_does_not_move_the_fields(qtbot, tmp_path):
    page = _scenarios_page(qtbot, tmp_path)
    form = page.editor.form
    target = form.rows["workload.tokens.output_tokens"].editor
    QApplication.processEvents()
    at = target.mapTo(page, QPoint(0, 0))
    p95 = form.rows["workload.tokens.input_tokens_p95"]
    p95.editor.setText("100")  # below the mean: refused, with a message beside the field
    p95.editor.editingFinished.emit()
    assert "'Input, p95'" in p95.message.text() and page.document.scenario.workload.tokens.input_tokens_p95 is None
    QApplication.processEvents()
    assert target.mapTo(page, QPoint(0, 0)) == at, "the next click must land where the user aimed"
    p95.editor.setText("9,000")  # accepted: the message goes, the room stays
    p95.editor.editingFinished.emit()
    QApplication.processEvents()
    assert p95.message.text() == "" and target.mapTo(page, QPoint(0, 0)) == at
    assert page.document.scenario.workload.tokens.input_tokens_p95 == 9000


def test_a_long_message_keeps_its_height_and_reads_in_full_in_the_tooltip(qtbot):
    from app.ui.inline_message import InlineMessage

    message = InlineMessage()
    qtbot.addWidget(message)
    message.resize(200, message.height())
    height = message.height()
    text = "input_tokens_p95 cannot be below the mean " * 10
    message.setText(text)
    message.show()
    assert message.height() == height and message.toolTip() == text


# -- file dialogs


def _answer_file_dialog(qtbot, name: str, name_filter: str | None = None) -> None:
    """When the next file dialog opens, type `name` (optionally choose a filter) and accept."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, answer)
            return
        if name_filter is not None:
            dialog.selectNameFilter(name_filter)
            dialog.filterSelected.emit(name_filter)
        dialog.selectFile(name)
        dialog.accept()

    QTimer.singleShot(0, answer)


@pytest.mark.parametrize(
    ("typed", "written"),
    [("foo", "foo.archwise"), ("foo.archwise", "foo.archwise"), ("plan.v2", "plan.v2.archwise")],
)
def test_save_as_adds_the_project_suffix_and_open_then_shows_the_file(qtbot, settings, tmp_path, typed, written):
    from app.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.open_project(str(tmp_path / "first.archwise"))
    _answer_file_dialog(qtbot, str(tmp_path / typed))
    window.actions.save_as.trigger()
    assert window.project_path == str(tmp_path / written) and (tmp_path / written).exists()
    assert not (tmp_path / typed).exists() or typed == written

    def look() -> None:  # the Open dialog, on its default filter, lists the saved project
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, look)
            return
        dialog.setDirectory(str(tmp_path))
        seen["filter"] = dialog.selectedNameFilter()
        seen["listed"] = written in _listed(dialog)
        dialog.reject()

    seen: dict = {}
    QTimer.singleShot(0, look)
    window.actions.open.trigger()
    assert seen == {"filter": "Archwise project (*.archwise)", "listed": True}


def _listed(dialog: QFileDialog) -> list[str]:
    """The names Qt's file dialog lists under its current filter (read from its own view)."""
    from PySide6.QtWidgets import QListView

    view = dialog.findChild(QListView, "listView")
    model = view.model()
    root = view.rootIndex()
    QApplication.processEvents()
    if model.canFetchMore(root):
        model.fetchMore(root)
    return [model.index(r, 0, root).data() for r in range(model.rowCount(root))]


@pytest.mark.parametrize(
    ("kinds", "typed", "chosen", "written"),
    [
        ([file_dialogs.PDF], "package", None, "package.pdf"),
        ([file_dialogs.PDF], "package.PDF", None, "package.PDF"),
        ([file_dialogs.YAML, file_dialogs.CSV], "gpus", None, "gpus.yaml"),
        ([file_dialogs.YAML, file_dialogs.CSV], "gpus.yml", None, "gpus.yml"),
        ([file_dialogs.YAML, file_dialogs.CSV], "gpus", file_dialogs.CSV.filter, "gpus.csv"),
    ],
)
def test_save_path_adds_the_suffix_of_the_chosen_filter(qtbot, tmp_path, kinds, typed, chosen, written):
    _answer_file_dialog(qtbot, str(tmp_path / typed), chosen)
    assert file_dialogs.save_path(None, "Save", kinds, str(tmp_path)) == str(tmp_path / written)


def test_a_cancelled_dialog_answers_none(qtbot, tmp_path):
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, cancel)
            return
        dialog.reject()

    QTimer.singleShot(0, cancel)
    assert file_dialogs.save_path(None, "Save", [file_dialogs.PROJECT], str(tmp_path)) is None


def test_with_suffix():
    assert file_dialogs.with_suffix("a/foo", file_dialogs.PROJECT) == "a/foo.archwise"
    assert file_dialogs.with_suffix("a/foo.ARCHWISE", file_dialogs.PROJECT) == "a/foo.ARCHWISE"
    assert file_dialogs.with_suffix("x.yml", file_dialogs.YAML) == "x.yml"
    assert file_dialogs.with_suffix("x", file_dialogs.ALL_FILES) == "x"
    assert file_dialogs.with_suffix("", file_dialogs.PDF) == ""


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_range_messages_read_whole_beside_their_fields_in_every_editor_group(qtbot, settings, tmp_path, size):
    """At 1366x768 the one-line message column (~200 px) cut nearly every range message ('must be
    a whole number from 1 to 1,000,…'). Each group's fields, given -5, show their message whole:
    on two lines where the column is narrow, one where it is wide; no row moves when it shows."""
    from PySide6.QtWidgets import QLineEdit

    from app.ui.main_window import MainWindow

    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    assert w.open_project(str(tmp_path / "m.archwise"))
    w.show_page("Scenarios")
    page = w.scenarios_page
    page.new_blank(Category.RAG)
    tabs, checked = page.editor.tabs, 0
    for t in range(tabs.count()):
        tabs.setCurrentIndex(t)
        QApplication.processEvents()
        for key in ("workload.users", "workload.rag.top_k", "assumptions.gpu_mtbf_hours", "assumptions.kv_block_size"):
            row = page.editor.form.rows[key]
            if not tabs.widget(t).isAncestorOf(row.editor) or not isinstance(row.editor, QLineEdit):
                continue
            before = row.editor.mapTo(page, QPoint(0, 0))
            row.editor.setText("-5")
            row.editor.editingFinished.emit()
            QApplication.processEvents()
            message = row.message
            assert message.text().startswith("must be "), key
            lines = message.shown_lines()
            assert " ".join(lines) == message.text(), (key, lines)  # whole, nothing cut
            assert len(lines) <= message.lines and message.lines == (2 if size[0] == 1366 else 1)
            assert message.height() >= len(lines) * message.fontMetrics().lineSpacing()
            assert row.editor.mapTo(page, QPoint(0, 0)) == before  # the message had its room already
            checked += 1
    assert checked == 4
    w.close()
