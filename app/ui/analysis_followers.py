"""The Selection matrix and Report pages follow the Analysis page's result: while shown at once,
else when next shown (rebuilding them for every what-if step would cost more than the step, and
would turn each preview into a detailed sizing)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from app.services.deployment import model_for


class AnalysisFollowers(QObject):
    def __init__(self, window: Any) -> None:  # the MainWindow: its pages, project, guard, messages
        super().__init__(window)
        self.window = window
        self.selection_stale = False
        self.report_stale = False
        self.deployment_stale = False

    def analysed(self) -> tuple[Any, Any]:
        """(scenario, sizing) the Analysis page shows, or (None, None)."""
        page = self.window.analysis_page
        if page is None:
            return None, None
        sizing = page.current_sizing()
        scenario = page.sized_scenario or page.current_scenario()
        return scenario, sizing

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

    def size_if_none(self, page: Any) -> None:
        """A page that shows the analysis, shown before any (a project reopened on it, D31): the
        open scenario is sized now, as the Analysis page does when shown; the page says so and
        follows the result (on_sizing_changed)."""
        w = self.window
        scenario = w.document.scenario
        analysis = w.analysis_page
        if scenario is None or (analysis is not None and (analysis.sizing is not None or analysis.runner.busy)):
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
        scenario, sizing = self.analysed()
        self.report_stale = False
        opened = w.document.scenario
        if scenario is not None and opened is not None and scenario.name != opened.name:
            # another scenario was opened since (the Scenarios page): the page is about that one,
            # not sized yet (D10); the analysed one's result never stands in for it
            scenario, sizing = None, None
        weights = w.selection_page.weights() if w.selection_page.sliders else None
        w.report_page.set_context(w.project, scenario, sizing, weights)

    def refresh_selection(self) -> None:
        w = self.window
        scenario, sizing = self.analysed()
        if sizing is None or w.project is None:
            return
        self.selection_stale = False
        w.guard("Selection matrix", lambda: w.selection_page.set_sizing(w.project, scenario, sizing), box=False)
