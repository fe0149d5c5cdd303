"""The Help window (Guide, Glossary, Keyboard shortcuts tabs) and the About box."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.help.content import glossary, guide_sections


class GuideTab(QWidget):
    """Section titles on the left, the chosen section on the right; `note` goes above it (F1's
    text about the focused field)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections = guide_sections()
        self.titles = QListWidget()
        self.titles.addItems([s.title for s in self.sections])
        self.titles.setMaximumWidth(260)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.note = ""
        self.titles.currentRowChanged.connect(self._show)
        lay = QHBoxLayout(self)
        lay.addWidget(self.titles)
        lay.addWidget(self.text, 1)
        self.titles.setCurrentRow(0)

    def show_section(self, key: str, note: str = "") -> None:
        self.note = note
        keys = [s.key for s in self.sections]
        row = keys.index(key) if key in keys else 0
        if self.titles.currentRow() == row:
            self._show(row)
        else:
            self.titles.setCurrentRow(row)

    def _show(self, row: int) -> None:
        if row < 0:
            return
        section = self.sections[row]
        note = f"> {self.note}\n\n" if self.note else ""
        self.text.setMarkdown(f"## {section.title}\n\n{note}{section.markdown}")


class GlossaryTab(QWidget):
    """The terms, filtered as you type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.terms = glossary()
        self.filter = QLineEdit(placeholderText="Filter terms (e.g. KV, p95, MFU)")
        self.filter.setClearButtonEnabled(True)
        self.text = QTextBrowser()
        self.filter.textChanged.connect(self._show)
        lay = QVBoxLayout(self)
        lay.addWidget(self.filter)
        lay.addWidget(self.text, 1)
        self._show("")

    def _show(self, needle: str) -> None:
        n = needle.strip().casefold()
        shown = [t for t in self.terms if not n or n in t.term.casefold() or n in t.text.casefold()]
        self.text.setHtml(
            "".join(f"<p><b>{escape(t.term)}</b><br>{escape(t.text)}</p>" for t in shown) or "<p>No term matches.</p>"
        )

    def shown_terms(self) -> list[str]:
        n = self.filter.text().strip().casefold()
        return [t.term for t in self.terms if not n or n in t.term.casefold() or n in t.text.casefold()]


class ShortcutsTab(QTableWidget):
    """(keys, what they do) rows."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(len(rows), 2, parent)
        self.setHorizontalHeaderLabels(["Keys", "Does"])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for r, (keys, what) in enumerate(rows):
            self.setItem(r, 0, QTableWidgetItem(keys))
            self.setItem(r, 1, QTableWidgetItem(what))
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def rows(self) -> list[tuple[str, str]]:
        out = []
        for r in range(self.rowCount()):
            keys, what = self.item(r, 0), self.item(r, 1)
            out.append((keys.text() if keys else "", what.text() if what else ""))
        return out


class HelpDialog(QDialog):
    """Non-modal: it can stay open beside the window."""

    def __init__(self, shortcuts: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Archwise help")
        self.guide = GuideTab()
        self.glossary = GlossaryTab()
        self.shortcuts = ShortcutsTab(shortcuts)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.guide, "Guide")
        self.tabs.addTab(self.glossary, "Glossary")
        self.tabs.addTab(self.shortcuts, "Keyboard shortcuts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(buttons)
        self.resize(900, 600)

    def show_tab(self, tab: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)
        self.show()
        self.raise_()
        self.activateWindow()


def about_html(version: str, versions: list[tuple[str, str]], places: list[tuple[str, str]]) -> str:
    rows = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in versions)
    where = "".join(f"<tr><td>{escape(k)}</td><td><code>{escape(v)}</code></td></tr>" for k, v in places)
    return (
        f"<h3>Archwise {escape(version)}</h3>"
        "<p>Decision support for serving and running AI workloads: sizing, cost, selection matrix "
        "and decision reports.</p>"
        f"<p><b>Versions</b></p><table cellspacing='4'>{rows}</table>"
        f"<p><b>Where your files are</b></p><table cellspacing='4'>{where}</table>"
    )


class AboutDialog(QDialog):
    def __init__(self, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Archwise")
        self.text = QTextBrowser()
        self.text.setHtml(html)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text, 1)
        lay.addWidget(buttons)
        self.resize(640, 460)
