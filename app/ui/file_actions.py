"""File-menu work that goes beyond opening projects: catalog records, model configs and scenario
YAML files in and out. Each method asks where (a file dialog) and hands off to a service; the
window's guard turns a DomainError into one message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog

from app.domain import CATALOG_KINDS
from app.paths import EXAMPLES_DIR
from app.ui import file_dialogs

RECORD_FILES = [file_dialogs.CATALOG_RECORDS, file_dialogs.ALL_FILES]
EXPORT_FORMATS = [file_dialogs.YAML, file_dialogs.CSV, file_dialogs.JSON]
SCENARIO = file_dialogs.FileKind("Scenario", (".yaml", ".yml"))


class FileActions(QObject):
    catalog_changed = Signal()  # records were added or replaced

    def __init__(self, window: Any) -> None:  # the MainWindow (its guard, messages, document)
        super().__init__(window)
        self.window = window

    # -- catalog records
    def choose_catalog_import(self) -> None:
        path = file_dialogs.open_path(self.window, "Import catalog records", RECORD_FILES)
        if path:
            self.import_catalog_records(path)

    def import_catalog_records(self, path: str) -> None:
        from app.services import catalog as service

        report = self.window.guard("Import", lambda: service.import_records(self.window.project, path))
        if report is not None:
            self.catalog_changed.emit()
            self.window.show_message(f"Imported {Path(path).name}: {report}")

    def choose_catalog_export(self) -> None:
        if self.window.project is None:
            self.window.show_message("Open a project first.")
            return
        kind, ok = QInputDialog.getItem(self.window, "Export catalog kind", "Kind:", list(CATALOG_KINDS), 0, False)
        if not ok:
            return
        path = file_dialogs.save_path(self.window, f"Export {kind}", EXPORT_FORMATS, f"{kind}.yaml")
        if path:
            self.export_catalog_kind(kind, path)

    def export_catalog_kind(self, kind: str, path: str) -> None:
        from app.services import catalog as service

        written = self.window.guard("Export", lambda: service.export_records(self.window.project, kind, path))
        if written is not None:
            self.window.show_message(f"Exported {kind} to {written}")

    def choose_model_import(self) -> None:
        path = file_dialogs.open_path(self.window, "Import model from config.json", [file_dialogs.HF_CONFIG])
        if path:
            self.import_model_config(path)

    def import_model_config(self, path: str) -> None:
        from app.services import catalog as service

        model = self.window.guard("Import model", lambda: service.import_model_config(self.window.project, path))
        if model is not None:
            self.catalog_changed.emit()
            self.window.show_message(f"Imported model {model.name} from {Path(path).name}")

    # -- scenario files
    def choose_scenario_import(self) -> None:
        path = file_dialogs.open_path(self.window, "Import scenario", [SCENARIO, file_dialogs.ALL_FILES])
        if path:
            self.import_scenario(path)

    def import_scenario(self, path: str | Path, reuse_same: bool = False) -> bool:
        """Read a scenario file into the project as a new scenario (one undo step) and open it;
        with `reuse_same`, a saved scenario the file would repeat unchanged is opened instead."""
        from app.services import scenarios as service

        if reuse_same:
            same = self.window.guard("Open scenario", lambda: service.saved_copy(self.window.project, path))
            if same is not None and self.window.document.open(same):
                return True

        scenario = self.window.guard("Import scenario", lambda: service.read_yaml(self.window.project, path))
        if scenario is None:
            return False
        self.window.document.add(scenario, f"Import scenario {scenario.name}")
        self.window.show_message(f"Imported {Path(path).name} as scenario {scenario.name}")
        return True

    def choose_scenario_export(self) -> None:
        scenario = self.window.document.scenario
        if scenario is None:
            self.window.show_message("Open a scenario first (Scenarios page).")
            return
        stem = file_dialogs.stem_for(scenario.name, "scenario")
        path = file_dialogs.save_path(self.window, "Export scenario", [SCENARIO], f"{stem}.yaml")
        if path:
            self.export_scenario(path)

    def export_scenario(self, path: str | Path) -> None:
        from app.services import scenarios as service

        scenario = self.window.document.scenario
        written = self.window.guard("Export scenario", lambda: service.export_yaml(scenario, path))
        if written is not None:
            self.window.show_message(f"Exported scenario {scenario.name} to {written}")

    # -- menus
    def fill_recent_menu(self) -> None:
        menu = self.window.actions.recent_menu
        menu.clear()
        recent = self.window.settings.get("project/recent")
        for p in recent:
            menu.addAction(p.replace("&", "&&"), lambda p=p: self.window.open_project(p))  # a path's "&" shown
        menu.setEnabled(bool(recent))

    def fill_examples_menu(self) -> None:
        menu = self.window.actions.examples_menu
        menu.clear()
        examples = sorted(EXAMPLES_DIR.glob("*.yaml")) if EXAMPLES_DIR.exists() else []
        for ex in examples:
            menu.addAction(ex.stem.replace("-", " "), lambda ex=ex: self.window.open_example(ex))
        menu.setEnabled(bool(examples))
