"""The pinned scenarios kept with the project: every pin or clear is saved (one transaction for
the three letters), and opening the project, or building the Analysis page, brings them back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from app.services import pins as pins_service


class PinKeeper(QObject):
    """`window` is the MainWindow (its project, guard and Analysis page)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window: Any = window  # the MainWindow (importing it here would be circular)
        self._restoring = False

    def attach(self, page: Any) -> None:
        """Follow the Analysis page's pins from now on, starting with the project's."""
        page.compare.pins_changed.connect(self._on_pins_changed)
        self.restore()

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
