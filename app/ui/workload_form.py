"""The workload form: every field with its unit; each edit is validated by the domain first.

A valid edit is announced as `workload_edited(old, new, what)` (the page turns it into an undo
command); a bad one shows the domain's message next to the form and the stored value stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import (
    DomainError,
    FineTuneMethod,
    IndexPlacement,
    IndexType,
    RetrievalDevice,
    Sensitivity,
    TrafficPattern,
    Workload,
    parse,
)
from app.ui.inline_message import InlineMessage

NOT_SET = "not set"


@dataclass(frozen=True)
class FieldSpec:
    """One form field: where it lives in the Workload, its label, unit and range."""

    path: tuple[str, ...]
    label: str
    suffix: str = ""
    decimals: int = 0
    maximum: float = 1e9
    optional: bool = False  # 0 in the box means "not set" (None)
    scale: float = 1.0  # shown = stored × scale (fractions as percent)
    choices: type[Enum] | None = None  # an enum: a combo box

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def integer(self) -> bool:
        return self.decimals == 0 and self.choices is None


GROUPS: list[tuple[str, str | None, list[FieldSpec]]] = [
    (
        "Traffic",
        None,
        [
            FieldSpec(("traffic", "requests_per_s"), "Mean rate", " req/s", 3, 1e6),
            FieldSpec(("traffic", "peak_to_mean"), "Peak-to-mean", " ×", 2, 1e4),
            FieldSpec(("traffic", "pattern"), "Pattern", choices=TrafficPattern),
            FieldSpec(("traffic", "peak_hours_per_day"), "Peak hours", " h/day", 1, 48),
        ],
    ),
    (
        "Tokens",
        None,
        [
            FieldSpec(("tokens", "input_tokens"), "Input, mean", " tokens", maximum=1e8),
            FieldSpec(("tokens", "input_tokens_p95"), "Input, p95", " tokens", maximum=1e8, optional=True),
            FieldSpec(("tokens", "output_tokens"), "Output, mean", " tokens", maximum=1e8),
            FieldSpec(("tokens", "output_tokens_p95"), "Output, p95", " tokens", maximum=1e8, optional=True),
            FieldSpec(("tokens", "shared_prefix_tokens"), "Shared prefix", " tokens", maximum=1e8),
            FieldSpec(("tokens", "prefix_cache_hit_ratio"), "Prefix cache hits", " %", 1, 1000, scale=100),
            FieldSpec(("tokens", "images_per_request"), "Images", " per request", 2, 1e4),
        ],
    ),
    (
        "Service level (p95)",
        None,
        [
            FieldSpec(("sla", "ttft_p95_ms"), "Time to first token", " ms", 0, 1e8, optional=True),
            FieldSpec(("sla", "tpot_p95_ms"), "Time per output token", " ms", 1, 1e8, optional=True),
            FieldSpec(("sla", "e2e_p95_ms"), "End to end", " ms", 0, 1e9, optional=True),
            FieldSpec(("sla", "availability"), "Availability", " %", 3, 1000, scale=100),
        ],
    ),
    (
        "Data and budget",
        None,
        [
            FieldSpec(("sensitivity",), "Data sensitivity", choices=Sensitivity),
            FieldSpec(("budget_usd_per_month",), "Budget", " USD/month", 0, 1e10, optional=True),
        ],
    ),
    (
        "Batch",
        "batch",
        [
            FieldSpec(("batch", "total_requests"), "Total requests", " requests", maximum=1e12),
            FieldSpec(("batch", "deadline_hours"), "Deadline", " h", 1, 1e6),
        ],
    ),
    (
        "Fine-tuning",
        "fine_tuning",
        [
            FieldSpec(("fine_tuning", "method"), "Method", choices=FineTuneMethod),
            FieldSpec(("fine_tuning", "dataset_tokens"), "Dataset", " tokens/epoch", 0, 1e15),
            FieldSpec(("fine_tuning", "epochs"), "Epochs", " epochs", 1, 1e4),
            FieldSpec(("fine_tuning", "sequence_length"), "Sequence length", " tokens", maximum=1e7),
            FieldSpec(("fine_tuning", "micro_batch_size"), "Micro-batch", " sequences", maximum=1e5),
            FieldSpec(("fine_tuning", "lora_rank"), "LoRA rank", "", maximum=1e5),
        ],
    ),
    (
        "Retrieval (RAG)",
        "rag",
        [
            FieldSpec(("rag", "corpus_documents"), "Corpus", " documents", maximum=1e12),
            FieldSpec(("rag", "chunks_per_document"), "Chunks", " per document", 1, 1e6),
            FieldSpec(("rag", "chunk_tokens"), "Chunk size", " tokens", maximum=1e7),
            FieldSpec(("rag", "embedding_dim"), "Embedding size", " dimensions", maximum=1e6),
            FieldSpec(("rag", "vector_bytes_per_dim"), "Vector precision", " bytes/dim", 3, 64),
            FieldSpec(("rag", "index_type"), "Index type", choices=IndexType),
            FieldSpec(("rag", "hnsw_m"), "HNSW links (M)", " per vector", maximum=256),
            FieldSpec(("rag", "index_in"), "Index in", choices=IndexPlacement),
            FieldSpec(("rag", "index_overhead"), "Index overhead", " ×", 2, 100, optional=True),
            FieldSpec(("rag", "embed_on"), "Embed query on", choices=RetrievalDevice),
            FieldSpec(("rag", "top_k"), "Chunks retrieved", " chunks", maximum=1e4),
            FieldSpec(("rag", "rerank_candidates"), "Re-rank candidates", " chunks", maximum=1e4),
            FieldSpec(("rag", "reindex_hours"), "Re-index within", " h", 1, 1e5),
        ],
    ),
    (
        "Agent",
        "agent",
        [
            FieldSpec(("agent", "calls_per_task"), "Model calls", " per task", 1, 1e5),
            FieldSpec(("agent", "tool_latency_ms"), "Tool latency", " ms/call", 0, 1e8),
        ],
    ),
]
FIELDS: dict[str, FieldSpec] = {f.key: f for _, _, specs in GROUPS for f in specs}


def field_value(workload: Workload, path: tuple[str, ...]):
    value = workload
    for part in path:
        value = getattr(value, part, None) if value is not None else None
    return value


def with_field(workload: Workload, path: tuple[str, ...], value) -> Workload:
    """A validated copy of `workload` with the field at `path` set; DomainError otherwise."""
    data = workload.model_dump(mode="json")
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return parse(Workload, data, what=workload.name)


class WorkloadForm(QWidget):
    """Shows one workload; emits `workload_edited(old, new, what)` for every valid change."""

    workload_edited = Signal(object, object, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.workload: Workload | None = None
        self.editors: dict[str, QWidget] = {}
        self.groups: dict[str | None, QGroupBox] = {}
        self.title = QLabel("Choose a workload, or create one from a template.", objectName="formTitle")
        self.title.setWordWrap(True)
        self.message = InlineMessage()  # keeps its room: a message never moves the fields under it
        self.message.hide()
        self.name_edit = QLineEdit()
        self.name_edit.editingFinished.connect(self._on_name_edited)
        self.category = QLabel()
        head = QFormLayout()
        head.addRow("Name", self.name_edit)
        head.addRow("Category", self.category)

        body = QWidget()
        body_lay = QVBoxLayout(body)
        body_lay.setContentsMargins(0, 0, 0, 0)
        body_lay.addLayout(head)
        for title, spec_attr, specs in GROUPS:
            box = QGroupBox(title)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
            for spec in specs:
                editor = self._editor(spec)
                self.editors[spec.key] = editor
                form.addRow(spec.label, editor)
            self.groups[spec_attr or title] = box
            body_lay.addWidget(box)
        body_lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.message)
        lay.addWidget(scroll, 1)
        self.set_workload(None)

    def _editor(self, spec: FieldSpec) -> QWidget:
        if spec.choices is not None:
            box = QComboBox()
            for member in spec.choices:
                box.addItem(member.value.replace("_", " "), member.value)
            box.activated.connect(lambda _i, s=spec: self._on_field_edited(s))
            return box
        spin = QDoubleSpinBox()
        spin.setDecimals(spec.decimals)
        # The box lets through what the domain judges (0 included): the domain's message is the one shown.
        spin.setRange(0.0, spec.maximum)
        spin.setSuffix(spec.suffix)
        spin.setGroupSeparatorShown(True)
        spin.setKeyboardTracking(False)  # one edit when the user presses Enter or leaves the box
        spin.setCorrectionMode(QAbstractSpinBox.CorrectToPreviousValue)
        spin.setAlignment(Qt.AlignRight)
        if spec.optional:
            spin.setSpecialValueText(NOT_SET)
        spin.valueChanged.connect(lambda _v, s=spec: self._on_field_edited(s))
        return spin

    # -- showing
    def set_workload(self, workload: Workload | None) -> None:
        self.workload = workload
        self.message.hide()
        for w in (*self.editors.values(), self.name_edit):
            w.setEnabled(workload is not None)
        if workload is None:
            self.title.setText("Choose a workload, or create one from a template.")
            self.name_edit.clear()
            self.category.clear()
            for key in ("batch", "fine_tuning", "rag", "agent"):
                self.groups[key].hide()
            return
        # The first sentence of the description; all of it (the template's arithmetic) in the tooltip.
        first = workload.description.split(". ")[0].rstrip(".")
        self.title.setText(f"<b>{escape(workload.name)}</b>" + (f" — {escape(first)}." if first else ""))
        self.title.setToolTip(workload.description)
        self.name_edit.setText(workload.name)
        self.category.setText(workload.category.value.replace("_", " "))
        for key in ("batch", "fine_tuning", "rag", "agent"):
            self.groups[key].setVisible(getattr(workload, key) is not None)
        for spec in FIELDS.values():
            self._show_value(spec)

    def _show_value(self, spec: FieldSpec) -> None:
        editor = self.editors[spec.key]
        value = field_value(self.workload, spec.path) if self.workload is not None else None
        editor.blockSignals(True)
        try:
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value.value if isinstance(value, Enum) else value)))
            else:
                editor.setValue(0.0 if value is None else float(value) * spec.scale)
        finally:
            editor.blockSignals(False)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- editing
    def _on_field_edited(self, spec: FieldSpec) -> None:
        if self.workload is None:
            return
        editor = self.editors[spec.key]
        if isinstance(editor, QComboBox):
            value = editor.currentData()
        else:
            shown = editor.value()
            # undo the percent scaling without float noise (99.9 % -> 0.999, not 0.9990000000000001)
            value = None if spec.optional and shown == 0 else round(shown / spec.scale, spec.decimals + 4)
            if value is not None and spec.integer:
                value = int(round(value))
        self._propose(spec.path, value, spec.label)

    def _on_name_edited(self) -> None:
        if self.workload is not None and self.name_edit.text().strip() != self.workload.name:
            self._propose(("name",), self.name_edit.text().strip(), "name")

    def _propose(self, path: tuple[str, ...], value, what: str) -> None:
        old = self.workload
        try:
            new = with_field(old, path, value)
        except DomainError as exc:
            self.show_message(f"{exc} (kept the previous value)")
            if path == ("name",):
                self.name_edit.setText(old.name)
            else:
                self._show_value(FIELDS[".".join(path)])
            return
        self.show_message("")
        if new != old:
            self.workload_edited.emit(old, new, what)
