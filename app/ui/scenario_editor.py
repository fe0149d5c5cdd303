"""The scenario editor: every field of a scenario, grouped as an architect thinks of them.

Tabs: Workload · Candidates · Constraints · Assumptions · System map & plan. The groups are
built from the domain's models (`scenario_fields.walk`), so a field added there appears here.
The Workload tab shows only what the chosen kind uses (a batch job's totals and deadline first,
no mean rate; images per request for multimodal work and batch jobs, which may read pages).

`scenario_edited(new_scenario, what)` for every valid change; the Scenarios page turns it into
an undo command that saves it first.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import Assumptions, Candidates, Catalog, Category, Constraints, Scenario, SystemMap, Workload
from app.services.scenarios import BATCH_KINDS, KIND_SECTIONS, kind_label, unknown_name
from app.ui.scenario_fields import YAML, FieldSpec, GroupSpec, walk
from app.ui.scenario_form import ScenarioForm
from app.ui.tab_order import set_visual_tab_order

TABS = ["Workload", "Candidates", "Constraints", "Assumptions", "System map && plan"]
HEADER_FIELDS = ("name", "description")
PLAN_FIELDS = ("author",)  # beside the owner, on the System map & plan tab
SECTION_FIELDS = ("workload", "candidates", "constraints", "assumptions", "system_map")
LISTED_CANDIDATES = ("models", "hardware", "precisions", "runtimes")  # in the candidate lists
# Images per request: a multimodal service, and a batch job over pages or photos (the engine puts
# image tokens into any kind's prefill and offers only models that read images).
KIND_ONLY_FIELDS: dict[str, frozenset[Category]] = {
    "workload.tokens.images_per_request": frozenset({Category.MULTIMODAL, *BATCH_KINDS})
}
KIND_HIDES = {"workload.traffic": BATCH_KINDS}  # a job to a deadline has no arrival rate


def _listed(s: Scenario) -> tuple[object, ...]:
    """What the candidate lists show: the candidates, inline records, whether images are sent
    (the models that read text only are greyed out then), and whether the job embeds (the
    embedding models are offered then)."""
    w = s.workload
    return (
        s.candidates,
        s.models,
        s.instances,
        s.accelerators,
        w.tokens.images_per_request > 0,
        w.is_batch_job,
        (w.is_embedding_job),
    )


class ScenarioEditor(QWidget):
    scenario_edited = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.ui.candidates_panel import CandidatesPanel

        self.scenario: Scenario | None = None
        self.catalog: Catalog | None = None
        self.form = ScenarioForm(self)
        self.form.edited.connect(self.scenario_edited)
        self.form.check_names = self._unknown_name
        root = walk(Scenario)
        by_name = {c.path[-1]: c for c in root.children}

        # Built top-down, each widget under its final parent: a subtree moved into a styled
        # window is styled again, which cost more than building it.
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("Choose a scenario, or start a new one.", self)
        self.title.setObjectName("formTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)  # markup of its own; the name in it is escaped
        lay.addWidget(self.title)
        header_fields = [f for n in HEADER_FIELDS if isinstance(f := by_name.get(n), FieldSpec)]
        header = self.form.box("scenario", "Scenario", header_fields, self)
        header.setTitle("")
        header.setFlat(True)
        lay.addWidget(header)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("scenarioTabs")
        lay.addWidget(self.tabs, 1)

        body = self._tab(TABS[0])
        boxes = self.form.boxes_for(walk(Workload, ("workload",)), title="Workload", parent=body)
        kind_keys = {f"workload.{f}" for f in set(KIND_SECTIONS.values())}
        kinds = [b for b in boxes[1:] if b.objectName().removeprefix("group_") in kind_keys]
        for box in kinds:  # shown by kind, not by a check mark
            box.setCheckable(False)
        # a batch job's rate: derived by the domain from its work and deadline, shown, never typed
        batch_box = self.form.boxes["workload.batch"]
        self.derived_rate = QLabel(batch_box)
        self.derived_rate.setObjectName("derivedRate")
        self.derived_rate.setWordWrap(True)
        batch_grid = batch_box.layout()
        if isinstance(batch_grid, QGridLayout):
            row = batch_grid.rowCount()
            batch_grid.addWidget(QLabel("Rate (derived)", batch_box), row, 0)
            batch_grid.addWidget(self.derived_rate, row, 1, 1, 3)
        self._fill(body, [boxes[0], *kinds, *[b for b in boxes[1:] if b not in kinds]])

        body = self._tab(TABS[1])
        listed = QGroupBox("Models, hardware, precisions and runtimes", body)
        self.candidates = CandidatesPanel(listed)
        self.candidates.setMinimumHeight(360)
        self.candidates.candidates_changed.connect(self._on_candidates_changed)
        QVBoxLayout(listed).addWidget(self.candidates)
        more = walk(Candidates, ("candidates",))
        self._fill(body, [listed, *self.form.boxes_for(more, "More candidates", LISTED_CANDIDATES, body)])
        for tab, model, key in ((TABS[2], Constraints, "constraints"), (TABS[3], Assumptions, "assumptions")):
            body = self._tab(tab)
            self._fill(body, self.form.boxes_for(walk(model, (key,)), tab, parent=body))
        body = self._tab(TABS[4])
        plan = self.form.boxes_for(walk(SystemMap, ("system_map",)), "System map and plan", parent=body)
        grid = plan[0].layout()
        for name in PLAN_FIELDS:
            if isinstance(grid, QGridLayout) and isinstance(spec := by_name.get(name), FieldSpec):
                self.form.add_row(grid, spec, plan[0])
        self._fill(body, [*plan, self._extras_box(root, body)])
        # Tab walks each page as it reads, top to bottom: the kind's own box (built last) comes first
        set_visual_tab_order(header)
        for n in range(self.tabs.count()):
            area = self.tabs.widget(n)
            page = area.widget() if isinstance(area, QScrollArea) else None
            if page is not None:
                set_visual_tab_order(page)
        self.set_scenario(None)

    def _tab(self, title: str) -> QWidget:
        """A scrolling tab, already in place, and the body its boxes are built in."""
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        self.tabs.addTab(area, title)
        body = QWidget()
        area.setWidget(body)
        QVBoxLayout(body)
        return body

    @staticmethod
    def _fill(body: QWidget, widgets: Sequence[QWidget]) -> None:
        lay = body.layout()
        assert isinstance(lay, QVBoxLayout)
        for w in widgets:
            lay.addWidget(w)
        lay.addStretch(1)

    def _extras_box(self, root: GroupSpec, parent: QWidget) -> QGroupBox:
        """The scenario's other parts (records defined inline, the chosen option, and any part
        added to the format later), as YAML: rarely typed, always kept and editable."""
        box = QGroupBox("Defined in this scenario (YAML)", parent)
        box.setObjectName("group_extras")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        for child in root.children:
            name = child.path[-1]
            if name in HEADER_FIELDS or name in SECTION_FIELDS or name in PLAN_FIELDS:
                continue
            if isinstance(child, GroupSpec):
                child = FieldSpec(child.path, child.title, YAML, optional=True, default=None)
            self.form.add_row(grid, child, box)
        note = QLabel("Inline accelerators, instances and models replace same-named catalog records for this scenario.")
        note.setObjectName("fieldHelp")
        note.setWordWrap(True)
        grid.addWidget(note, grid.rowCount(), 0, 1, 4)
        return box

    # -- showing
    def set_catalog(self, catalog: Catalog | None) -> None:
        """The catalog the candidate lists offer (called again when records are added)."""
        self.catalog = catalog
        if self.scenario is not None and self.candidates.scenario is None:  # first filled now
            self.candidates.set_scenario(self.scenario, catalog)
        else:
            self.candidates.set_catalog(catalog)

    def set_scenario(self, scenario: Scenario | None) -> None:
        previous, self.scenario = self.scenario, scenario
        self.tabs.setEnabled(scenario is not None)
        self.form.set_scenario(scenario)
        if scenario is None:
            self.title.setText("Choose a scenario, or start a new one.")
            return
        self.title.setText(f"<b>{escape(scenario.name)}</b> — {kind_label(scenario.workload.category)} workload")
        w = scenario.workload
        self.derived_rate.setText(w.load_summary() if w.is_batch_job else "")
        if previous is None or previous.workload.category is not scenario.workload.category:
            self._show_kind(scenario.workload.category)
        # The lists are refilled only when what they show differs: the candidates, the inline records.
        if self.catalog is not None and (previous is None or _listed(previous) != _listed(scenario)):
            self.candidates.set_scenario(scenario, self.catalog)
        else:
            if previous is not None and previous.name != scenario.name:  # no filter or scroll carried over
                self.candidates.reset_view()
            self.candidates.follow(scenario)

    def _unknown_name(self, scenario: Scenario, path: tuple[str, ...]) -> str:
        if self.catalog is None:
            return ""
        return unknown_name(scenario, self.catalog, path)

    def _show_kind(self, category: Category) -> None:
        section = KIND_SECTIONS.get(category)
        for field in set(KIND_SECTIONS.values()):
            self.form.boxes[f"workload.{field}"].setVisible(field == section)
        for key, kinds in KIND_HIDES.items():
            self.form.boxes[key].setVisible(category not in kinds)
        for key, kinds in KIND_ONLY_FIELDS.items():
            if key in self.form.rows:
                # a set value stays in sight whatever the kind: the engine reads it (an inference
                # API that sends images needs image-reading models, and the user must see why)
                self.form.rows[key].set_visible(category in kinds or bool(self._value_at(key)))

    def _value_at(self, key: str) -> object:
        value: object = self.scenario
        for part in key.split("."):
            value = getattr(value, part, None)
        return value

    def _on_candidates_changed(self, candidates: Candidates) -> None:
        if self.scenario is not None and candidates != self.scenario.candidates:
            new = self.scenario.model_copy(update={"candidates": candidates})
            self.scenario_edited.emit(new, f"Choose candidates of {self.scenario.name}")
