"""The pinned scenarios kept with the project: every pin or clear is saved (one transaction for
the three letters), and opening the project, or building the Analysis page, brings them back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from app.services import comparison_grid, reporting
from app.services import pins as pins_service
from app.services.comparison import reevaluation_note


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

    def restore(self, calibrated_at: str = "") -> None:
        """Show the open project's kept pins (none: an empty comparison). `calibrated_at` ("14:05"):
        the pins are sized again because a calibration was applied or reverted then; a pin whose
        choice or cost moved says so on its card, with what it showed before (tgui3 D16)."""
        w = self.window
        page = w.analysis_page
        if page is None or w.project is None:
            return
        project = w.project
        before = page.compare.pins() if calibrated_at else []
        restored = w.guard("Pinned scenarios", lambda: pins_service.restore_pins(project), box=False) or []
        self._restoring = True
        try:
            page.compare.set_pinned(
                [(p.label, p.scenario, p.sizing) for p in restored], None, [p.design for p in restored]
            )
            if before:
                # each pin keeps the design it showed (its figures sized again), not whatever the
                # calibrated engine or matrix now recommends (tgui4 D22/D24); a hosted API keeps none
                designs = [
                    (kept.label if (kept := comparison_grid.chosen(old)) is not None else "") if old.title == t else ""
                    for old, (t, _s, _z) in zip(before, page.compare.pinned, strict=False)
                ]
                page.compare.set_pinned(page.compare.pinned, None, designs)
                after = page.compare.pins()
                notes = [
                    reevaluation_note(old, new, calibrated_at) if old.title == new.title else ""
                    for old, new in zip(before, after, strict=False)
                ]
                # a note kept from an earlier calibration stays until the figures move again
                notes = [
                    n or (old.note if old.title == new.title else "")
                    for n, old, new in zip(notes, before, after, strict=False)
                ]
                page.compare.set_pinned(page.compare.pinned, notes, designs)
        finally:
            self._restoring = False
        if before:
            self._on_pins_changed(len(page.compare.pinned))  # the designs kept, with the project

    def _on_pins_changed(self, _count: int) -> None:
        w = self.window
        if self._restoring or w.project is None or w.analysis_page is None:
            return
        project = w.project
        compare = w.analysis_page.compare
        pinned = [(title, scenario) for title, scenario, _sizing in compare.pinned]
        designs = list(compare.designs)
        w.guard("Keeping the pins", lambda: pins_service.save_pins(project, pinned, designs), box=False)
