"""No splitter pane can be dragged out of sight: the options table stays when its handle is
dragged far past it (it used to collapse to 0 px and be hard to get back). Real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSplitter

from app import store
from app.ui.splitters import MIN_PANE
from tests.ui.test_scenarios_page import close, make_window


def test_dragging_a_handle_far_leaves_every_pane_visible(qtbot, settings, tmp_path):
    path = tmp_path / "main.archwise"
    store.Project.open(path, create=True).close()
    window = make_window(qtbot, settings, path)
    try:
        window.show_page("Analysis")
        page = window.analysis_page
        QApplication.processEvents()
        centre = page.centre_splitter
        centre.moveSplitter(centre.height() + 400, 1)  # the table/explain pane dragged to the bottom
        QApplication.processEvents()
        assert centre.sizes()[1] >= MIN_PANE and page.options.height() > 0
        centre.moveSplitter(0, 1)  # and the charts dragged to the top: they stay too
        QApplication.processEvents()
        assert centre.sizes()[0] >= MIN_PANE
        for split in window.findChildren(QSplitter):  # every splitter of every page
            assert not split.childrenCollapsible(), split.objectName() or type(split.parent()).__name__
            for i in range(split.count()):
                horizontal = split.orientation() == Qt.Orientation.Horizontal
                w = split.widget(i)
                assert (w.minimumWidth() if horizontal else w.minimumHeight()) >= MIN_PANE
    finally:
        close(window)
