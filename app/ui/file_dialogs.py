"""Every file dialog of the window: one kind of file per filter, and a saved name always ends
in its kind's suffix.

Qt's own dialog (and some native ones) write exactly the name typed, so "foo" saved as a project
became a file `foo` that the Open dialog's "*.archwise" filter then hid. `save_path` appends the
suffix of the chosen filter unless the name already ends in one of that kind's suffixes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_START = {"folder": ""}  # the open project's folder; '' = the user's documents


@dataclass(frozen=True)
class FileKind:
    """A kind of file: its filter label and suffixes (the first is the one appended)."""

    label: str
    suffixes: tuple[str, ...]

    @property
    def filter(self) -> str:
        """'Archwise project (*.archwise)', as QFileDialog reads a filter."""
        return f"{self.label} ({' '.join('*' + s for s in self.suffixes)})"

    def has_suffix(self, path: str) -> bool:
        return any(path.lower().endswith(s) for s in self.suffixes)


PROJECT = FileKind("Archwise project", (".archwise",))
PDF = FileKind("PDF", (".pdf",))
YAML = FileKind("YAML", (".yaml", ".yml"))
CSV = FileKind("CSV", (".csv",))
CSV_DATA = FileKind("CSV data", (".csv",))
JSON = FileKind("JSON", (".json",))
PNG = FileKind("PNG image", (".png",))
SVG = FileKind("SVG drawing", (".svg",))
CATALOG_RECORDS = FileKind("Catalog records", (".yaml", ".yml", ".csv", ".json"))
HF_CONFIG = FileKind("config.json", (".json",))
ALL_FILES = FileKind("All files", ("",))


def with_suffix(path: str, kind: FileKind) -> str:
    """`path` ending in one of `kind`'s suffixes: unchanged if it does, else with the first added
    ('foo' -> 'foo.archwise', 'plan.v2' -> 'plan.v2.archwise', 'a.YAML' stays)."""
    if not path or kind.has_suffix(path) or not kind.suffixes[0]:
        return path
    return path + kind.suffixes[0]


def start_in(folder: str | os.PathLike[str] | None) -> None:
    """Dialogs open in `folder` (the project's); None: in the user's documents."""
    _START["folder"] = str(folder) if folder else ""


def start_folder() -> str:
    """Where a dialog opens: the project's folder, else the user's documents, else home; never
    the program's own folder (the working directory)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for folder in (_START["folder"], documents):
        if folder and Path(folder).is_dir():
            return folder
    return str(Path.home())


def _start_path(directory: str) -> str:
    """A suggested file name ('plan.pdf') or '' placed in `start_folder`; a full path kept."""
    if directory and Path(directory).is_absolute():
        return directory
    return os.path.join(start_folder(), directory) if directory else start_folder()


def _dialog(parent: QWidget | None, title: str, directory: str, kinds: list[FileKind]) -> QFileDialog:
    dialog = QFileDialog(parent, title, _start_path(directory), ";;".join(k.filter for k in kinds))
    dialog.setObjectName("fileDialog")
    dialog.selectNameFilter(kinds[0].filter)
    return dialog


def save_path(parent: QWidget | None, title: str, kinds: list[FileKind], directory: str = "") -> str | None:
    """Ask for a file to write (the first kind's filter chosen); the answer carries the suffix of
    the filter the user left chosen. None when cancelled."""
    dialog = _dialog(parent, title, directory, kinds)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(kinds[0].suffixes[0].lstrip("."))  # native dialogs append it themselves
    dialog.filterSelected.connect(
        lambda chosen: dialog.setDefaultSuffix(_kind_of(chosen, kinds).suffixes[0].lstrip("."))
    )
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    return with_suffix(dialog.selectedFiles()[0], _kind_of(dialog.selectedNameFilter(), kinds))


def open_path(parent: QWidget | None, title: str, kinds: list[FileKind], directory: str = "") -> str | None:
    """Ask for an existing file (the first kind's filter chosen; add ALL_FILES to offer the rest).
    None when cancelled."""
    dialog = _dialog(parent, title, directory, kinds)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


def _kind_of(name_filter: str, kinds: list[FileKind]) -> FileKind:
    return next((k for k in kinds if k.filter == name_filter), kinds[0])


def stem_for(name: str, fallback: str) -> str:
    """A file name stem from a record's name: letters, digits, '-' and '_' kept."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name).strip("-") or fallback
