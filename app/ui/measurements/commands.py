"""Undo steps of the Measurements page: the runs as they were before an import or an edit, and a
calibration applied or reverted. Each step writes through the page's services (one transaction)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from app.domain.measurement import Calibration, MeasuredRun


class SetRunsCommand(QUndoCommand):
    """The project's runs replaced (an import, an edit, a removal)."""

    def __init__(self, page: Any, old: list[MeasuredRun], new: list[MeasuredRun], text: str) -> None:
        super().__init__(text)
        self.page, self.old, self.new = page, list(old), list(new)

    def redo(self) -> None:
        self.setObsolete(not self.page.store_runs(self.new))

    def undo(self) -> None:
        self.setObsolete(not self.page.store_runs(self.old))


class ApplyCalibrationCommand(QUndoCommand):
    """A fitted profile made the one the engine uses; undo reverts it."""

    def __init__(self, page: Any, cal: Calibration) -> None:
        super().__init__(f"Calibrate {cal.profile}")
        self.page, self.cal = page, cal

    def redo(self) -> None:
        self.setObsolete(not self.page.store_calibration(self.cal))

    def undo(self) -> None:
        self.setObsolete(not self.page.store_revert(self.cal.profile, 1))


class RevertToCatalogCommand(QUndoCommand):
    """Every applied calibration of one profile, or of every precision of a "<class>/<runtime>",
    reverted; undo applies them again, oldest first. `name` is what Edit -> Undo shows."""

    def __init__(self, page: Any, name: str, applied: list[Calibration]) -> None:
        super().__init__(f"Revert {name} to the catalog")
        self.page, self.applied = page, list(applied)
        self.times: dict[str, int] = {}
        for cal in self.applied:
            self.times[cal.profile] = self.times.get(cal.profile, 0) + 1

    def redo(self) -> None:
        self.setObsolete(not self.page.store_reverts(self.times))

    def undo(self) -> None:
        self.setObsolete(not all(self.page.store_calibration(c) for c in self.applied))
