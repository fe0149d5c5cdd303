"""The window on the default project takes a newer shipped catalog too, and says so in the status
bar (code_health item 4; the CLI's side is tests/cli/test_default_catalog_follows.py). Real main
window, the default project in the test's own ARCHWISE_HOME, seeded by an "older release"."""

from __future__ import annotations

import pytest
from catalog_builders import PI, older_release, seeded_by_older_release

from app.paths import default_project_path
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_the_window_opens_the_default_project_with_the_newer_catalog_and_says_so(qtbot, settings, tmp_path):
    seeded_by_older_release(default_project_path(), older_release(tmp_path))
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_project(None)  # no last project in these settings: the default one
    said = w.statusBar().toolTip() or w.statusBar().currentMessage()  # the whole text, when cut
    assert said == (
        "Opened the default project; the default project took this release's shipped catalog: "
        "1 new and 1 updated shipped record(s); your 1 edited record(s) kept"
    )
    catalog = w.project.catalog()
    assert catalog.find("accelerators", "NVIDIA L4").tdp_w == 72.0 and catalog.find("accelerators", PI)
    w.close()
