"""D32: a project file that lacks this release's shipped records (one new, one corrected) opens
with a bar over the pages saying so, and its button merges them, keeping the user's edit; the
Catalog page shows the merged figure at once. Real window, real SQLite file seeded by an "older
release" (tests/catalog_builders.py), read back after the merge."""

from __future__ import annotations

import pytest
from catalog_builders import OLD_L4_TDP_W, PI, older_release, seeded_by_older_release

from app.store import Project
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_the_window_offers_the_shipped_catalog_and_merges_it(qtbot, settings, tmp_path):
    path = tmp_path / "uni.archwise"
    seeded_by_older_release(path, older_release(tmp_path))
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_project(str(path))
    bar = w.catalog_update
    assert bar.isVisible()
    assert "1 new and 1 updated catalog record(s)" in bar.text.text() and "uni.archwise lacks" in bar.text.text()
    assert "your 1 edited record(s) are kept" in bar.text.text()
    with Project.open(path) as project:
        assert project.catalog().find("accelerators", "NVIDIA L4").tdp_w == OLD_L4_TDP_W  # nothing yet
    bar.merge_button.click()
    assert "Merged the shipped catalog: 1 added, 1 updated, 1 of your edits kept" in bar.text.text()
    assert w.project.catalog().find("accelerators", "NVIDIA L4").tdp_w == 72.0
    assert w.project.catalog().find("accelerators", PI).name == PI
    assert w.project.catalog().find("accelerators", "NVIDIA T4").memory_bandwidth_gb_s == 999.0  # the edit kept
    bar.dismiss_button.click()
    assert not bar.isVisible()
    w.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.show()
    assert again.open_project(str(path))
    assert not again.catalog_update.isVisible()  # merged: nothing more to say
    again.close()
