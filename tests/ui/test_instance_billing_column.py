"""The catalog window shows how each instance is billed (issue 18): the instances table has
"Billing increment [s]" and "Billing minimum [s]" columns, AWS at 1 s after a 60 s minimum,
Lambda at 60 s, and a provider that publishes none left empty."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from app.store import Project
from app.ui.catalog_page import CatalogPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def page(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.archwise", create=True)
    page = CatalogPage(QUndoStack())
    qtbot.addWidget(page)
    page.set_project(project, project.catalog())
    yield page
    project.close()


def test_billing_columns_say_the_step_and_minimum(page):
    model = page.models["instances"]
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    assert "Billing increment [s]" in headers and "Billing minimum [s]" in headers
    inc, low = headers.index("Billing increment [s]"), headers.index("Billing minimum [s]")
    names = [r.name for r in model.records()]

    def cell(name: str, col: int) -> str:
        return model.data(model.index(names.index(name), col))

    assert (cell("AWS p5.48xlarge", inc), cell("AWS p5.48xlarge", low)) == ("1", "60")
    assert (cell("Lambda 8x H100 SXM", inc), cell("Lambda 8x H100 SXM", low)) == ("60", "")
    assert cell("CoreWeave HGX H100 8x", inc) == ""  # not published: billed per second by the engine
