"""The Selection matrix and Report pages follow the Analysis page's result: while shown at once,
else when next shown (rebuilding them for every what-if step would cost more than the step, and
would turn each preview into a detailed sizing)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from app.services.deployment import model_for
from app.ui.analysis_key import analysis_key, with_text_of


class AnalysisFollowers(QObject):
    def __init__(self, window: Any) -> None:  # the MainWindow: its pages, project, guard, messages
        super().__init__(window)
        self.window = window
        self.selection_stale = False
        self.report_stale = False
        self.deployment_stale = False

    def analysed(self) -> tuple[Any, Any]:
        """(scenario, sizing) the Analysis page shows for the open scenario of the open project, or
        (None, None). A result sized from another project file (the same scenario name in both),
        or from other inputs than the open scenario's, is not this scenario's analysis; the
        scenario carries the open one's text (author, description, system map)."""
        w = self.window
        page = w.analysis_page
        opened = w.document.scenario
        if page is None or page.sizing is None or page.sized_key != analysis_key(w.project, opened):
            return None, None
        sizing = page.current_sizing()
        scenario = page.sized_scenario or page.current_scenario()
        return with_text_of(scenario, opened), sizing

    def on_open_scenario_changed(self, _scenario: object) -> None:
        """The open scenario was edited, undone, or another opened (another project's too): the
        Report page follows it at once while shown, else when next shown."""
        self.report_stale = True
        if self.window.stack.currentWidget() is self.window.report_page:
            self.refresh_report()

    def on_sizing_changed(self, _sizing: object) -> None:
        """After every run, what-if previews included."""
        w = self.window
        page = w.analysis_page
        scenario = page.sized_scenario or page.current_scenario()
        if scenario is not None:
            w.show_message(f"Analysed {scenario.name}")
        self.selection_stale = self.report_stale = self.deployment_stale = True
        if w.stack.currentWidget() is w.selection_page:
            self.refresh_selection()
        elif w.deployment_page is not None and w.stack.currentWidget() is w.deployment_page:
            self.refresh_deployment()
        elif w.stack.currentWidget() is w.report_page:
            self.refresh_report()

    def on_page_shown(self, page: object) -> None:
        w = self.window
        if page is not None and page in (w.selection_page, w.deployment_page):
            self.size_if_none(page)
        if page is self.window.selection_page and self.selection_stale:
            self.refresh_selection()
        if page is self.window.report_page and self.report_stale:
            self.refresh_report()
        if page is not None and page is self.window.deployment_page and self.deployment_stale:
            self.refresh_deployment()

    def on_project_opened(self) -> None:
        """A project opened (a start reopens the last one) on a page that shows the analysis: the
        open scenario is sized, so the page left shows its analysis again, not an empty one. The
        Report page only here: another scenario opened later stays "not analysed yet" (D10)."""
        w = self.window
        page = w.stack.currentWidget()
        if page is not None and page in (w.selection_page, w.deployment_page, w.report_page):
            self.size_if_none(page)

    def size_if_none(self, page: Any) -> None:
        """A page that shows the analysis, shown before any (a project reopened on it, D31): the
        open scenario is sized now, as the Analysis page does when shown; the page says so and
        follows the result (on_sizing_changed)."""
        w = self.window
        scenario = w.document.scenario
        analysis = w.analysis_page
        if scenario is None or (analysis is not None and (self.analysed()[1] is not None or analysis.runner.busy)):
            return
        w.ensure_analysis_page().run()
        page.summary.setText(f"Analysing {scenario.name}…")

    def refresh_deployment(self) -> None:
        w = self.window
        page = w.deployment_page
        if page is None:
            return
        scenario, sizing = self.analysed()
        self.deployment_stale = False
        # the recommendation's model, as the decision package compares it (D11)
        rec = getattr(w.analysis_page, "recommendation", None) if w.analysis_page is not None else None
        model = model_for(sizing, rec) if sizing is not None else None
        w.guard("Deployment", lambda: page.set_context(w.project, scenario, sizing, model), box=False)

    def refresh_report(self) -> None:
        w = self.window
        # another scenario opened since (the Scenarios page, another project): the page is about
        # that one, not sized yet (D10); the analysed one's result never stands in for it
        scenario, sizing = self.analysed()
        self.report_stale = False
        weights = w.selection_page.weights() if w.selection_page.sliders else None
        w.report_page.set_context(w.project, scenario, sizing, weights)

    def refresh_selection(self) -> None:
        w = self.window
        scenario, sizing = self.analysed()
        if sizing is None or w.project is None:
            return
        self.selection_stale = False
        w.guard("Selection matrix", lambda: w.selection_page.set_sizing(w.project, scenario, sizing), box=False)
