"""D14: after F11 / F11 (workshop mode and back) the Analysis page's candidate lists come back laid
out at their own width: 'Check shown' whole, the '4 checked' line under the list, not over it. The
pages were re-laid out at the workshop's larger type while out of the window; their layouts kept
that width. Real window, the app's own style sheet, a real project in tmp_path, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QStackedLayout, QWidget

from app.paths import EXAMPLES_DIR, STYLE_DIR
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform


@pytest.fixture
def styled(qapp):
    """The app's style sheet, as `archwise` runs (its padding and type widen the lists' pages)."""
    before = qapp.styleSheet()
    qapp.setStyleSheet((STYLE_DIR / "archwise.qss").read_text(encoding="utf-8"))
    yield
    qapp.setStyleSheet(before)


@pytest.fixture
def window(qtbot, settings, tmp_path, styled):
    from app import store

    path = tmp_path / "main.archwise"
    store.Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    yield w
    if w.analysis_page is not None:
        w.analysis_page.runner.cancel()
    w.report_page.runner.cancel()


def _stale_layouts(page) -> list[str]:
    """Widgets on the page whose layout is laid out at another size than the widget's (a stacked
    layout lays out its current page only: not compared)."""
    return [
        f"{type(x).__name__} {x.objectName()}: {x.size().toTuple()} laid out at {x.layout().geometry().size()}"
        for x in page.findChildren(QWidget)
        if x.isVisible()
        and x.layout() is not None
        and not isinstance(x.layout(), QStackedLayout)
        and x.layout().geometry().size() != x.size()
    ]


def test_the_candidate_lists_come_back_whole_after_two_workshop_cycles(qtbot, window):
    window.setGeometry(QRect(1, 25, 1364, 742))
    page = window.ensure_analysis_page()
    window.show_page("Analysis")
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        window.open_example(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    panel = page.candidates
    panel.setCurrentIndex(0)  # Models
    button, hint, view = (
        panel.findChild(QWidget, "candidates_models_check_shown"),
        panel.hints["models"],
        panel.views["models"],
    )
    holder = button.parentWidget()
    assert button.geometry().right() < holder.width()  # whole before
    for _cycle in range(2):
        window.actions.workshop.setChecked(True)
        qtbot.waitUntil(window.isFullScreen)
        window.actions.workshop.setChecked(False)
        qtbot.waitUntil(lambda: not window.isFullScreen())
    assert _stale_layouts(page) == []
    assert button.geometry().right() < holder.width()  # 'Check shown' whole, not 'Chec'
    assert (
        hint.mapTo(holder, QPoint(0, 0)).y() >= view.mapTo(holder, QPoint(0, 0)).y() + view.height()
    )  # under the list


def test_esc_leaves_workshop_mode_right_after_the_export_dialog(qtbot, window):
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QFileDialog

    page = window.ensure_analysis_page()
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        window.open_example(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    window.actions.workshop.setChecked(True)
    qtbot.waitUntil(window.isFullScreen)
    view = window.workshop.view

    def cancel() -> None:  # Qt's own file dialog, cancelled as a user would
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, cancel)
            return
        dialog.reject()

    QTimer.singleShot(0, cancel)
    view.export_requested.emit()  # Export session…, then Cancel
    focus = QApplication.focusWidget()
    assert focus is not None and (focus is view or view.isAncestorOf(focus))  # the keys reach the view
    QTest.keyClick(focus, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.workshop.active
