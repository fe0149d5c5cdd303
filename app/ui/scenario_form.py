"""Editors for scenario fields, built from `scenario_fields` specs: one row per field (label,
editor, unit, message) in a group box per nested record.

`ScenarioForm.edited(new_scenario, what)` fires for every valid change (the page turns it into
an undo command that saves it). A change the domain refuses leaves the scenario as it was and
says why beside the field, in a line that is always there (no layout jumps); the typed text stays
so it can be corrected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.domain import Category, DomainError, Scenario, plain_message, readable_errors
from app.services.scenarios import renamed, with_category, with_start_window
from app.ui.inline_message import InlineMessage
from app.ui.scenario_fields import (
    BOOL,
    CHOICE,
    INTEGER,
    LONGTEXT,
    NUMBER,
    TEXT,
    YAML,
    FieldSpec,
    GroupSpec,
    blank_record,
    choice_label,
    format_value,
    label_for,
    parse_text,
    user_words,
    value_at,
)

NOT_SET = "not set"
TEXTS = (TEXT, LONGTEXT, YAML)
LABEL_WIDTH = 190  # [px]
MESSAGE_ONE_LINE_PX = 360  # [px] a field message column narrower than this keeps room for two lines


class PlainEdit(QPlainTextEdit):
    """A multi-line box that commits when it loses focus (like a line edit's editingFinished)."""

    editing_finished = Signal()

    def __init__(self, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()


class FieldRow(QObject):
    """One field's widgets; `committed(spec, value)` when the user finishes an edit."""

    committed = Signal(object, object)

    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        super().__init__(parent)
        self.spec = spec
        self._shown: tuple[Any] | None = None  # (the value the editor shows,), None: not known
        self.label = QLabel(spec.label, parent)
        self.editor = self._editor(spec, parent)
        self.editor.setObjectName(f"field_{spec.key}")
        self.unit = QLabel(spec.unit, parent)
        self.unit.setObjectName("fieldUnit")
        # Always present, as wide as its column: a message never moves another field. One line
        # where the column holds a range message ('must be a whole number from 1 to 1,000,000,000,
        # got -5': ~340 px at 9 pt), two where it is narrower (1366x768).
        self.message = InlineMessage(
            parent, lines=1, objectName="fieldMessage", narrow_lines=2, narrow_below_px=MESSAGE_ONE_LINE_PX
        )
        self.help = QLabel(spec.help, parent) if spec.help else None
        if self.help is not None:
            self.help.setObjectName("fieldHelp")
            self.help.setWordWrap(True)
        for w in (self.label, self.editor):
            w.setToolTip(spec.help)

    def _editor(self, spec: FieldSpec, parent: QWidget) -> QWidget:
        if spec.kind == BOOL:
            box = QCheckBox(parent)
            box.clicked.connect(lambda on: self.committed.emit(spec, bool(on)))
            return box
        if spec.kind == CHOICE:
            combo = QComboBox(parent)
            if spec.optional:
                combo.addItem(NOT_SET, None)
            for choice in spec.choices:
                combo.addItem(choice_label(choice), choice)
            combo.activated.connect(lambda _i: self.committed.emit(spec, combo.currentData()))
            return combo
        if spec.kind in (LONGTEXT, YAML):
            edit = PlainEdit(4 if spec.kind == YAML else 2, parent)
            edit.editing_finished.connect(self._on_text_finished)
            return edit
        line = QLineEdit(parent)
        if spec.kind in (NUMBER, INTEGER):
            line.setAlignment(Qt.AlignmentFlag.AlignRight)
        if spec.optional:
            line.setPlaceholderText(NOT_SET)
        elif spec.has_default:
            line.setPlaceholderText(f"{format_value(spec, spec.default) or 'empty'} (default)")
        line.editingFinished.connect(self._on_text_finished)
        return line

    def text(self) -> str:
        e = self.editor
        return e.toPlainText() if isinstance(e, QPlainTextEdit) else e.text() if isinstance(e, QLineEdit) else ""

    def commit_text(self) -> None:
        """Commit what the box holds now (File → Save while typing)."""
        self._on_text_finished()

    def _on_text_finished(self) -> None:
        self._shown = None  # the box now holds what was typed
        if self.spec.kind == YAML:
            try:
                value = yaml.safe_load(self.text()) if self.text().strip() else self.spec.default
            except yaml.YAMLError as exc:
                self.show_message(f"not valid YAML ({getattr(exc, 'problem', exc)})")
                return
        else:
            try:
                value = parse_text(self.spec, self.text())
            except ValueError as exc:
                self.show_message(str(exc))
                return
        self.committed.emit(self.spec, value)

    def show_value(self, value: Any) -> None:
        """Show `value` without emitting; the unit says when it is the default."""
        if self._shown == (value,) and not self.message.text():
            return  # already shown (switching scenarios touches only the fields that differ)
        self._shown = (value,)
        e: Any = self.editor
        spec = self.spec
        e.blockSignals(True)
        try:
            if isinstance(e, QCheckBox):
                e.setChecked(bool(value))
            elif isinstance(e, QComboBox):
                e.setCurrentIndex(max(0, e.findData(format_value(spec, value) if value is not None else None)))
            elif spec.kind == YAML:
                dumped = _plain(value)
                text = "" if dumped in (None, [], {}) else yaml.safe_dump(dumped, sort_keys=False, allow_unicode=True)
                if e.toPlainText() != text:
                    e.setPlainText(text)
            elif isinstance(e, QPlainTextEdit):
                if e.toPlainText() != (value or ""):
                    e.setPlainText(value or "")
            else:
                e.setText(format_value(spec, value))
        finally:
            e.blockSignals(False)
        # an empty box says 'default' in its placeholder already
        shown = value not in (None, [], "")
        is_default = shown and spec.has_default and value == spec.default and spec.kind not in TEXTS
        self.unit.setText(f"{spec.unit} · default".lstrip(" ·") if is_default else spec.unit)

    def show_message(self, text: str) -> None:
        if text != self.message.text():
            self.message.setText(text)
        if text:
            self._shown = None  # the box holds what was typed, not the stored value

    def set_visible(self, on: bool) -> None:
        for w in (self.label, self.editor, self.unit, self.message, self.help):
            if w is not None:
                w.setVisible(on)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def field_message(exc: ValidationError, path: tuple[str, ...]) -> str:
    """The domain's words for what is wrong with the field at `path` ('must be > 0'), or with the
    record it belongs to ('shared_prefix_tokens cannot exceed input_tokens'), without the path."""
    mine, others = [], []
    for err in exc.errors():
        loc = tuple(str(p) for p in err["loc"])
        msg = user_words(plain_message(err))  # the domain's words with field labels for names
        if loc == path:
            mine.append(msg)
        elif loc[: len(path)] == path and len(loc) == len(path) + 1 and loc[-1].isdigit():
            mine.append(f"item {int(loc[-1]) + 1} ({err.get('input')}): {msg}")  # one item of a list
        elif loc and loc == path[: len(loc)] and len(loc) >= len(path) - 1 and loc != ("workload",):
            # the record the field sits in (its own group box): no 'Batch:' before 'a run needs ...'
            mine.append(msg[:1].upper() + msg[1:])
        else:
            where = " › ".join(label_for(p) for p in (loc[1:] if loc[:1] == ("workload",) else loc))
            others.append(f"{where}: {msg}" if where else msg)
    return "; ".join(mine or others)


def _set_at(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = data
    for part in path[:-1]:
        if node.get(part) is None:
            node[part] = {}
        node = node[part]
    node[path[-1]] = value


class ScenarioForm(QObject):
    """Builds group boxes of field rows and turns a committed value into a validated scenario."""

    edited = Signal(object, str)  # the new Scenario, what changed (the undo text)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scenario: Scenario | None = None
        self.rows: dict[str, FieldRow] = {}
        self.boxes: dict[str, QGroupBox] = {}
        # (scenario, path) -> why a name typed there is not in the catalog, or ''; set by the editor
        self.check_names: Callable[[Scenario, tuple[str, ...]], str] | None = None

    # -- building
    def boxes_for(
        self, group: GroupSpec, title: str | None = None, skip: tuple[str, ...] = (), parent: QWidget | None = None
    ) -> list[QGroupBox]:
        """A box with `group`'s own fields, then one box per nested record (fields in `skip` left out).
        Built under `parent` from the start: a widget moved later into a styled window is styled again."""
        fields = [c for c in group.children if isinstance(c, FieldSpec) and c.path[-1] not in skip]
        nested = [c for c in group.children if isinstance(c, GroupSpec) and c.path[-1] not in skip]
        out = []
        if fields:
            out.append(self.box(group.key or "root", title or group.title, fields, parent))
        for child in nested:
            out.append(self.group_box(child, parent))
        return out

    def group_box(self, group: GroupSpec, parent: QWidget | None = None) -> QGroupBox:
        box = self.box(group.key, group.title, [c for c in group.children if isinstance(c, FieldSpec)], parent)
        lay = box.layout()
        assert isinstance(lay, QGridLayout)
        for child in group.children:
            if isinstance(child, GroupSpec):
                lay.addWidget(self.group_box(child, box), lay.rowCount(), 0, 1, 4)
        if group.optional:  # a record that may be absent: the box's check mark adds or removes it
            box.setCheckable(True)
            box.clicked.connect(lambda on, g=group: self._on_optional_group_clicked(g, on))
        return box

    def box(self, key: str, title: str, fields: list[FieldSpec], parent: QWidget | None = None) -> QGroupBox:
        box = QGroupBox(title, parent)
        box.setObjectName(f"group_{key}")
        grid = QGridLayout(box)
        # the message column gets the larger share: a range message ('must be between 1 and
        # 1,000,000,000 tokens, got -5') needs up to ~420 px, a number's editor far less
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        grid.setColumnMinimumWidth(0, LABEL_WIDTH)  # the same in every box: editors line up
        grid.setColumnMinimumWidth(1, 180)
        grid.setColumnMinimumWidth(2, 130)
        grid.setVerticalSpacing(2)
        for spec in fields:
            self.add_row(grid, spec, box)
        self.boxes[key] = box
        return box

    def add_row(self, grid: QGridLayout, spec: FieldSpec, parent: QWidget) -> FieldRow:
        row = FieldRow(spec, parent)
        r = grid.rowCount()
        align = Qt.AlignmentFlag.AlignTop if spec.kind in (LONGTEXT, YAML) else Qt.AlignmentFlag.AlignVCenter
        grid.addWidget(row.label, r, 0, align)
        if spec.kind in (LONGTEXT, YAML):  # wide: the message beside it, at its top
            grid.addWidget(row.editor, r, 1, 1, 2)
            grid.addWidget(row.message, r, 3, Qt.AlignmentFlag.AlignTop)
        else:
            grid.addWidget(row.editor, r, 1)
            grid.addWidget(row.unit, r, 2)
            grid.addWidget(row.message, r, 3)
        if row.help is not None:  # right under its own field, a little apart from the next one
            row.help.setContentsMargins(0, 0, 0, 4)
            grid.addWidget(row.help, r + 1, 1, 1, 3)
        row.committed.connect(self._on_committed)
        self.rows[spec.key] = row
        return row

    # -- showing
    def set_scenario(self, scenario: Scenario | None) -> None:
        """Show `scenario`. A refused value stays in its box with its message while the same
        scenario is shown again after another edit and its stored value has not moved: the user
        sees what was refused until they change it (another scenario starts clean)."""
        previous, self.scenario = self.scenario, scenario
        same = previous is not None and scenario is not None and previous.name == scenario.name
        for row in self.rows.values():
            row.editor.setEnabled(scenario is not None)
            path = row.spec.path
            if same and row.message.text() and value_at(previous, path) == value_at(scenario, path):
                continue  # still refused: the typed text and the reason stay
            row.show_message("")
            if scenario is not None:
                row.show_value(value_at(scenario, path))
        for key, box in self.boxes.items():
            if box.isCheckable() and scenario is not None:
                box.setChecked(value_at(scenario, tuple(key.split("."))) is not None)

    def refused(self) -> list[str]:
        """'Mean rate 8 req/s' for each field whose typed text was refused (its message shown):
        the value saved, and so analysed, in its place; [] when every field holds what is saved."""
        out: list[str] = []
        if self.scenario is None:
            return out
        for row in self.rows.values():
            if row.message.text() and row.editor.isEnabled():
                saved = format_value(row.spec, value_at(self.scenario, row.spec.path)) or "not set"
                out.append(f"{row.spec.label} {saved} {row.spec.unit}".strip())
        return out

    # -- editing
    def commit_focused(self) -> None:
        """Take the text being typed in a box now, as leaving the box would (File → Save)."""
        focused = QApplication.focusWidget()
        for row in self.rows.values():
            if row.editor is focused and isinstance(focused, (QLineEdit, QPlainTextEdit)):
                row.commit_text()

    def _on_committed(self, spec: FieldSpec, value: Any) -> None:
        old = self.scenario
        if old is None:
            return
        row = self.rows[spec.key]
        try:
            new = self.changed(old, spec.path, value)
        except DomainError as exc:
            row.show_message(str(exc))
            return
        refused = self.check_names(new, spec.path) if self.check_names is not None else ""
        if refused:  # a name the catalog lacks: said here, not by a failed analysis later
            row.show_message(refused)
            return
        row.show_message("")
        if new != old:
            self.edited.emit(new, f"Set {spec.label.lower()} of {old.name}")
        else:
            row.show_value(value_at(old, spec.path))  # e.g. '1,000' typed for 1000: shown as stored

    @staticmethod
    def changed(old: Scenario, path: tuple[str, ...], value: Any) -> Scenario:
        """A validated copy of `old` with the value at `path` set; DomainError otherwise."""
        if path == ("name",):  # the workload's name follows while it is the scenario's
            return renamed(old, value or "")
        if path == ("workload", "category"):
            try:
                workload = with_category(old.workload, Category(value))
            except (ValueError, ValidationError) as exc:
                msg = readable_errors(exc) if isinstance(exc, ValidationError) else str(exc)
                raise DomainError(f"category: {msg}") from None
            return old.model_copy(update={"workload": workload})
        if path == ("workload", "batch", "start_window"):  # a long deadline follows the window down
            try:
                workload = with_start_window(old.workload, value)
            except (ValueError, ValidationError) as exc:
                msg = field_message(exc, ("batch", "start_window")) if isinstance(exc, ValidationError) else str(exc)
                raise DomainError(user_words(msg)) from None
            return old.model_copy(update={"workload": workload})
        data = old.model_dump()
        _set_at(data, path, value)
        try:
            return Scenario.model_validate(data)
        except ValidationError as exc:
            raise DomainError(field_message(exc, path)) from None

    def _on_optional_group_clicked(self, group: GroupSpec, on: bool) -> None:
        old = self.scenario
        if old is None:
            return
        try:
            value = blank_record(group.model) if on else None
            new = self.changed(old, group.path, value)
        except (ValidationError, DomainError) as exc:
            self.boxes[group.key].setChecked(not on)
            msg = readable_errors(exc) if isinstance(exc, ValidationError) else str(exc)
            self.boxes[group.key].setToolTip(f"Cannot add {group.title.lower()} with its defaults: {msg}")
            return
        self.edited.emit(new, f"{'Add' if on else 'Remove'} {group.title.lower()} of {old.name}")
