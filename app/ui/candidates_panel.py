"""Candidate sets: checkable lists of models, instances, precisions and runtimes.

Filled from the project's catalog (plus the scenario's inline records) and prefilled from the
scenario. Nothing checked in a list means "all that apply", as in the scenario file.
`candidates_changed(Candidates)` fires when the user checks or unchecks an item.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QToolBox, QVBoxLayout, QWidget

from app.domain import Precision

KINDS = [("models", "Models"), ("hardware", "Instances"), ("precisions", "Precisions"), ("runtimes", "Runtimes")]


def catalog_names(catalog, scenario) -> dict[str, list[str]]:
    """Names offered per list: the catalog's, the scenario's inline records, and any name the
    scenario asks for that the catalog lacks (so it stays visible and checked)."""
    # Embedding models encode and never generate: they are sized in a RAG workload, not here.
    cat = {
        "models": [m.name for m in getattr(catalog, "models", []) if getattr(m.modality, "value", "") != "embedding"],
        "hardware": [i.name for i in getattr(catalog, "instances", [])],
        "precisions": [p.value for p in Precision],
        "runtimes": [r.name for r in getattr(catalog, "runtimes", []) if not getattr(r, "hosted", False)],
    }
    if scenario is not None:
        cat["models"] += [m.name for m in scenario.models]
        cat["hardware"] += [i.name for i in scenario.instances] + [a.name for a in scenario.accelerators]
        wanted = selected_names(scenario)
        for kind, names in wanted.items():
            cat[kind] += names
    return {kind: list(dict.fromkeys(names)) for kind, names in cat.items()}


def selected_names(scenario) -> dict[str, list[str]]:
    c = scenario.candidates
    return {
        "models": list(c.models),
        "hardware": list(c.hardware),
        "precisions": [p.value for p in c.precisions],
        "runtimes": list(c.runtimes),
    }


class CandidatesPanel(QToolBox):
    candidates_changed = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.scenario = None
        self.lists: dict[str, QListWidget] = {}
        for kind, title in KINDS:
            page = QWidget()
            lay = QVBoxLayout(page)
            lay.setContentsMargins(2, 2, 2, 2)
            hint = QLabel("None checked: all that apply. Changes re-run the analysis.")
            hint.setWordWrap(True)
            lst = QListWidget(objectName=f"candidates_{kind}")
            lst.itemChanged.connect(self._on_item_changed)
            lay.addWidget(lst, 1)
            lay.addWidget(hint)
            self.addItem(page, title)
            self.lists[kind] = lst
        self.setEnabled(False)

    def set_scenario(self, scenario, catalog) -> None:
        """Offer the catalog's names and check the scenario's, without emitting."""
        self.scenario = scenario
        self.setEnabled(scenario is not None)
        names = catalog_names(catalog, scenario)
        wanted = selected_names(scenario) if scenario is not None else {k: [] for k, _ in KINDS}
        for kind, lst in self.lists.items():
            lst.blockSignals(True)
            lst.clear()
            on = {n.casefold() for n in wanted[kind]}
            for name in sorted(names[kind], key=lambda n: (n.casefold() not in on, n.casefold())):
                item = QListWidgetItem(name)
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
                item.setCheckState(Qt.Checked if name.casefold() in on else Qt.Unchecked)
                lst.addItem(item)
            lst.blockSignals(False)
            self.setItemText(list(self.lists).index(kind), f"{dict(KINDS)[kind]} ({len(on) or 'all'})")

    def checked(self, kind: str) -> list[str]:
        lst = self.lists[kind]
        return [lst.item(i).text() for i in range(lst.count()) if lst.item(i).checkState() == Qt.Checked]

    def set_checked(self, kind: str, names: list[str]) -> None:
        """Check exactly `names` in one list (emits once)."""
        lst, on = self.lists[kind], {n.casefold() for n in names}
        lst.blockSignals(True)
        for i in range(lst.count()):
            lst.item(i).setCheckState(Qt.Checked if lst.item(i).text().casefold() in on else Qt.Unchecked)
        lst.blockSignals(False)
        self._on_item_changed(None)

    def candidates(self):
        """The scenario's Candidates with the checked names."""
        c = self.scenario.candidates
        precisions = [Precision(p) for p in self.checked("precisions")]
        return c.model_copy(
            update={
                "models": self.checked("models"),
                "hardware": self.checked("hardware"),
                "precisions": precisions or list(Precision),
                "runtimes": self.checked("runtimes"),
            }
        )

    def _on_item_changed(self, _item) -> None:
        if self.scenario is None:
            return
        for n, (kind, title) in enumerate(KINDS):
            self.setItemText(n, f"{title} ({len(self.checked(kind)) or 'all'})")
        self.scenario = self.scenario.model_copy(update={"candidates": self.candidates()})
        self.candidates_changed.emit(self.scenario.candidates)
