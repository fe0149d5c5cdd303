"""The quality bar above the matrix: which benchmark stands for quality, and Import evaluations.

The panel only shows and asks: the Selection page hands its signals to app.services.quality
(remember the choice, import the files) and rebuilds the matrix.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.selection import QualityChoice
from app.ui.file_dialogs import ALL_FILES, CSV, JSON, start_folder
from app.ui.inline_message import InlineMessage

EVAL_FILTERS = ["Evaluation results (*.json *.csv)", JSON.filter, CSV.filter, ALL_FILES.filter]


def choice_label(choice: QualityChoice) -> str:
    """'Own: golden, accuracy · your evaluation · 2 of 3 models' for the combo box."""
    who = "your evaluation" if choice.own else "published"
    return f"{choice.benchmark} · {who} · {choice.models_scored} of {choice.models} models"


class QualityPanel(QWidget):
    """`benchmark_chosen(name)` when the user picks another benchmark; `files_chosen(paths)` when
    they pick evaluation files to import."""

    benchmark_chosen = Signal(str)
    files_chosen = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        # wider where there is room (stretch); 24 characters at least, so the page fits 683 px
        # logical (a 1366x768 screen at 200 %): at 40 the Selection matrix page scrolled sideways
        self.combo.setMinimumContentsLength(24)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setToolTip(
            "The benchmark or own evaluation task that stands for quality in this decision. Scores from "
            "different evaluators are never mixed in one column; a model without a score on it is unknown."
        )
        self.import_button = QPushButton("Import evaluations…")
        self.import_button.setToolTip(
            "lm-evaluation-harness results .json, or a .csv with the columns model, task, metric, score (%), "
            "n, date, notes"
        )
        self.message = InlineMessage(self, lines=2)  # red only for errors; hidden while empty
        self.message.hide()
        row = QHBoxLayout()
        row.addWidget(QLabel("Quality stands for"))
        row.addWidget(self.combo, 1)
        row.addWidget(self.import_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.message)
        self._filling = False
        self.combo.currentIndexChanged.connect(self._on_combo_changed)
        self.import_button.clicked.connect(self._on_import_clicked)

    def set_choices(self, choices: Sequence[QualityChoice], current: str | None) -> None:
        """Fill the combo with the matrix's benchmarks, `current` selected (no signal)."""
        self._filling = True
        try:
            self.combo.clear()
            for c in choices:
                self.combo.addItem(choice_label(c), c.benchmark)
            index = self.combo.findData(current) if current else -1
            self.combo.setCurrentIndex(max(index, 0) if self.combo.count() else -1)
            self.combo.setEnabled(self.combo.count() > 1)
        finally:
            self._filling = False

    def current_benchmark(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data else None

    def say(self, text: str) -> None:
        """A neutral line (an import went through, the choice is kept): not the error style."""
        self._show_message(text, "note")

    def warn(self, text: str) -> None:
        """An error line in the red inline style (nothing imported, …)."""
        self._show_message(text, "error")

    def _show_message(self, text: str, tone: str) -> None:
        self.message.setProperty("tone", tone)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- slots ---------------------------------------------------------------------------------
    def _on_combo_changed(self, index: int) -> None:
        if not self._filling and index >= 0:
            self.benchmark_chosen.emit(str(self.combo.itemData(index)))

    def _on_import_clicked(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import evaluation results", start_folder(), ";;".join(EVAL_FILTERS)
        )
        if paths:
            self.files_chosen.emit(list(paths))
