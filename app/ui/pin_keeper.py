"""The pinned scenarios kept with the project: every pin or clear is saved (one transaction for
the three letters), and opening the project, or building the Analysis page, brings them back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from app.services import pins as pins_service
from app.services import reporting


class PinKeeper(QObject):
    """`window` is the MainWindow (its project, guard and Analysis page)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window: Any = window  # the MainWindow (importing it here would be circular)
        self._restoring = False

    def attach(self, page: Any) -> None:
        """Follow the Analysis page's pins from now on, starting with the project's. Each pin, and
        the page's banner, names the selection matrix's recommendation with the Selection page's
        weights (the decision package's), worked out again when those weights change."""
        page.compare.pins_changed.connect(self._on_pins_changed)
        page.compare.recommend = self.recommend
        page.recommend = self.recommend
        page.kind_figures = self.kind_figures
        selection = self.window.selection_page
        selection.weights_changed.connect(lambda _w: page.compare.recommend_again())
        selection.weights_changed.connect(lambda _w: page.recommend_again())
        self.restore()

    def kind_figures(self, scenario: Any, option: Any) -> Any:
        """The workload kind's figures for `option` (the banner's batch hours of the recommendation)."""
        w = self.window
        project = w.project
        if project is None:
            return None
        return w.guard("Recommendation", lambda: reporting.kind_figures_for(project, scenario, option), box=False)

    def recommend(self, scenario: Any, sizing: Any) -> Any:
        """The matrix's recommendation for `sizing` (None: the engine's pick stands)."""
        w = self.window
        project = w.project
        if project is None or sizing is None:
            return None
        weights = w.selection_page.weights() if w.selection_page.sliders else None
        return w.guard(
            "Recommendation", lambda: reporting.matrix_recommendation(project, scenario, sizing, weights), box=False
        )

    def restore(self) -> None:
        """Show the open project's kept pins (none: an empty comparison)."""
        w = self.window
        page = w.analysis_page
        if page is None or w.project is None:
            return
        project = w.project
        restored = w.guard("Pinned scenarios", lambda: pins_service.restore_pins(project), box=False) or []
        self._restoring = True
        try:
            page.compare.set_pinned([(p.label, p.scenario, p.sizing) for p in restored])
        finally:
            self._restoring = False

    def _on_pins_changed(self, _count: int) -> None:
        w = self.window
        if self._restoring or w.project is None or w.analysis_page is None:
            return
        project = w.project
        pinned = [(title, scenario) for title, scenario, _sizing in w.analysis_page.compare.pinned]
        w.guard("Keeping the pins", lambda: pins_service.save_pins(project, pinned), box=False)
