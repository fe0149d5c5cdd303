"""The verdict in large type: a one-line strip over every step, and the verdict step's page.
Feasibility is said in words and a sign (✔ / ✖), so it reads on a washed-out projector and in
greyscale, not only by colour."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from app.domain import Sizing
from app.services.session_export import runner_up_lines, verdict_lines
from app.ui.workshop.widgets import named


class VerdictStrip(QLabel):
    """The verdict's first line, always in view, on one line: elided ('…') when the window is
    narrow (a 1366x768 screen at 150 % had it on three lines over the step), the whole verdict in
    its tooltip and on the verdict step (tgui4 D25). `text()` is the whole text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopVerdictStrip")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        # its width is the window's, never the text's: a long verdict must not widen the window
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._full = ""
        self.setText("Run an analysis: the verdict shows here.")

    def text(self) -> str:
        """The whole verdict line (what is drawn may be elided)."""
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def shown_text(self) -> str:
        """The line as drawn."""
        return super().text()

    def _elide(self) -> None:
        width = self.contentsRect().width() - 2 * self.margin() - self.indent() - 2
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(width, 1))
        if super().text() != shown:
            super().setText(shown)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()

    def show_sizing(self, sizing: Sizing | None, recommendation: Any = None) -> None:
        """`recommendation`: the decision package's (app.report.Recommendation), None: the engine's pick."""
        if sizing is None:
            self.setText("No result: run an analysis first.")
            self._mark(False)
            return
        lines = verdict_lines(sizing, recommendation)
        ok = bool(sizing.feasible and sizing.recommended is not None)
        self.setText(("✔ " if ok else "✖ ") + lines[0] + (f" — {lines[1]}" if ok and len(lines) > 1 else ""))
        self._mark(not ok)

    def _mark(self, error: bool) -> None:
        if self.property("error") != error:  # the QSS colours the strip by this property
            self.setProperty("error", error)
            self.style().unpolish(self)
            self.style().polish(self)


class VerdictPage(QScrollArea):
    """The verdict step: every line of the verdict, one per row, in large type; a verdict with
    many binding constraints scrolls rather than squeezing its lines onto each other."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopVerdictPage")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = named(QWidget(), "workshopVerdictBody")
        self.setWidget(inner)
        self.lines: list[QLabel] = []
        self._lay = QVBoxLayout(inner)
        self._lay.setContentsMargins(24, 16, 24, 16)
        self.others = named(QLabel(), "workshopRunnersUp")  # the alternatives, smaller
        self.others.setTextFormat(Qt.TextFormat.PlainText)
        self.others.setWordWrap(True)
        self._lay.addSpacing(12)
        self._lay.addWidget(self.others)
        self._lay.addStretch(1)

    def show_sizing(self, sizing: Sizing | None, recommendation: Any = None) -> None:
        """`recommendation`: the decision package's (app.report.Recommendation), None: the engine's pick."""
        texts = (
            verdict_lines(sizing, recommendation) if sizing is not None else ["No result yet: run an analysis first."]
        )
        others = (
            runner_up_lines(sizing, recommendation=recommendation) if sizing is not None and sizing.feasible else []
        )
        self.others.setText("Next options\n" + "\n".join(others) if others else "")
        self.others.setVisible(bool(others))
        while len(self.lines) < len(texts):
            label = named(QLabel(), "workshopVerdictLine")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            self._lay.insertWidget(len(self.lines), label)
            self.lines.append(label)
        for i, label in enumerate(self.lines):
            label.setVisible(i < len(texts))
            if i < len(texts):
                label.setText(texts[i])
                label.setProperty("headline", i == 0)
                label.style().unpolish(label)
                label.style().polish(label)

    def text(self) -> str:
        return "\n".join(label.text() for label in self.lines if label.isVisible())
