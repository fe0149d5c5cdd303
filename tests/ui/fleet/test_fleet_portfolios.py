"""The project's portfolios on the Fleet page: duplicate, switch, rename, delete, each undoable and
kept in the project (real widgets, a real SQLite project in tmp)."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from app.services import portfolios
from app.store import Project
from app.ui.fleet.page import FleetPage

WAIT = 60_000


def test_duplicate_rename_switch_delete_and_undo(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.archwise", create=True)
    stack = QUndoStack()
    page = FleetPage(lambda: project, stack)
    qtbot.addWidget(page)
    page.set_project(project)
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        assert page.new_portfolio()
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        assert page.duplicate_portfolio()
    assert portfolios.list_portfolios(project) == ["New portfolio", "New portfolio (copy)"]
    assert page.chooser.count() == 2 and page.chooser.currentText() == "New portfolio (copy)"

    page.portfolio_name.setText("Variant B")
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        page.rename_button.click()
    assert portfolios.list_portfolios(project) == ["New portfolio", "Variant B"]
    page.portfolio_name.setText("New portfolio")  # a name taken: refused, said, kept
    page.rename_button.click()
    assert "already exists" in page.message.text()
    assert page.portfolio.name == "Variant B" and portfolios.list_portfolios(project) == ["New portfolio", "Variant B"]

    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        page.chooser.setCurrentIndex(0)
        page.chooser.activated.emit(0)
    assert page.portfolio.name == "New portfolio"

    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        page.delete_button.click()  # the other one opens
    assert portfolios.list_portfolios(project) == ["Variant B"] and page.portfolio.name == "Variant B"
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        stack.undo()
    assert sorted(portfolios.list_portfolios(project)) == ["New portfolio", "Variant B"]
    assert page.portfolio.name == "New portfolio"
    page.shutdown()
    project.close()


def test_catalog_offered_again_when_it_changes(qtbot, tmp_path):
    """The window hands a changed catalog on: the model, fallback and node-type choices follow it."""
    project = Project.open(tmp_path / "p.archwise", create=True)
    page = FleetPage(lambda: project, QUndoStack())
    qtbot.addWidget(page)
    page.set_project(project)
    catalog = project.catalog()
    assert page.form.model.count() == len(catalog.models) + 1  # + "Archwise chooses"
    fewer = catalog.model_copy(update={"models": catalog.models[:2], "hosted_apis": catalog.hosted_apis[:1]})
    page.refresh_catalog(fewer)
    assert page.form.model.count() == 3 and page.form.fallback.count() == 2
    assert page.form.cascade.targets[0][0] == f"model:{catalog.models[0].name}" and len(page.form.cascade.targets) == 3
    project.close()
