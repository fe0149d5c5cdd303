"""A cascade's stages as a small table: each row a target (a catalog model served on the fleet, or
a hosted API) and the share of the workload's requests it answers; the last stage answers the
rest, so the shares always add to 1 and only the earlier ones are typed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableWidget, QWidget

from app.domain.portfolio import Stage
from app.ui.fleet.number_box import NumberBox

COLUMNS = ["Target", "Answers [% of requests]"]
ROW_PX = 30  # [px] a row with a combo box and a spin box
ANSWERS_PX = 150  # [px] the share column: "100.0 %" and the spin arrows


def _key(stage: Stage) -> str:
    return f"model:{stage.model}" if stage.model else f"hosted:{stage.hosted}"


class CascadeTable(QTableWidget):
    stages_edited = Signal(list)  # the new list of Stage records (validated by the routing)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(COLUMNS)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(1, ANSWERS_PX)
        self.setMinimumWidth(360)  # a target's name stays readable next to its share
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFixedHeight(ROW_PX * 4)  # room for three stages; never pushes the form around
        self.verticalHeader().setDefaultSectionSize(ROW_PX)
        self.targets: list[tuple[str, str]] = []  # (key, text)
        self.stages: list[Stage] = []

    def set_targets(self, models: list[str], hosted: list[str]) -> None:
        self.targets = [(f"model:{m}", f"{m} (on the fleet)") for m in models]
        self.targets += [(f"hosted:{h}", f"{h} (hosted API)") for h in hosted]

    def set_stages(self, stages: list[Stage]) -> None:
        self.stages = list(stages)
        self.setRowCount(len(stages))
        for r, stage in enumerate(stages):
            box = QComboBox()
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(20)
            for key, text in self.targets:
                box.addItem(text, key)
            if box.findData(_key(stage)) < 0:
                box.addItem(stage.target, _key(stage))
            box.setCurrentIndex(box.findData(_key(stage)))
            box.activated.connect(lambda _i, row=r, b=box: self._on_target(row, b.currentData()))
            self.setCellWidget(r, 0, box)
            spin = NumberBox(1, shown=(0, 100), suffix=" %")  # -5 or 500 is refused by the routing, not clamped
            spin.setValue(stage.answers * 100)
            last = r == len(stages) - 1
            spin.setReadOnly(last)
            spin.setToolTip("The last stage answers what reaches it" if last else "Share answered at this stage")
            spin.valueChanged.connect(lambda v, row=r: self._on_answers(row, v / 100))
            self.setCellWidget(r, 1, spin)

    @staticmethod
    def _stage(key: str, answers: float) -> Stage:
        kind, _, name = key.partition(":")
        return Stage(answers=answers, **{kind: name})

    def _with_rest(self, stages: list[Stage]) -> list[Stage]:
        """The last stage answers 1 - the others (rounded to a millionth: the routing checks to 1e-6)."""
        if not stages:
            return stages
        rest = round(1.0 - sum(s.answers for s in stages[:-1]), 6)
        last = stages[-1]
        return [*stages[:-1], self._stage(_key(last), max(rest, 0.0))]

    def _on_target(self, row: int, key: str) -> None:
        stages = list(self.stages)
        stages[row] = self._stage(key, stages[row].answers)
        self.stages_edited.emit(stages)

    def _on_answers(self, row: int, answers: float) -> None:
        if row == len(self.stages) - 1:
            return
        stages = list(self.stages)
        stages[row] = self._stage(_key(stages[row]), answers)
        self.stages_edited.emit(self._with_rest(stages))

    def with_new_stage(self, model: str | None) -> list[Stage]:
        """The stages with one more at the end: the last one so far answers half of what it did,
        the new one the rest. A first stage is the workload's model (or the first target)."""
        key = f"model:{model}" if model else (self.targets[0][0] if self.targets else "")
        if not key:
            return list(self.stages)
        if not self.stages:
            return [self._stage(key, 1.0)]
        last = self.stages[-1]
        used = {_key(s) for s in self.stages}
        unused = [key for key, *_ in self.targets if key not in used]
        if not unused:  # every target is a stage already: a cascade names each once
            return list(self.stages)
        new_key = unused[-1]  # the largest left (targets run small to large, hosted last)
        halved = [*self.stages[:-1], self._stage(_key(last), round(last.answers / 2, 6))]
        return self._with_rest([*halved, self._stage(new_key, 0.0)])

    def without_last(self) -> list[Stage]:
        return self._with_rest(list(self.stages[:-1]))
