"""A new catalog record typed in: one field per column, the required ones marked, validated by
the domain when OK is pressed (the dialog stays open with the domain's message until it passes).

Nothing is filled in for the user but the date of entry: a figure they did not type would be a
figure nobody can defend.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import readable_errors
from app.ui.columns import Column, is_scalar
from app.ui.inline_message import InlineMessage


def _enum_type(annotation) -> type[enum.Enum] | None:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    for arg in typing.get_args(annotation):
        found = _enum_type(arg)
        if found is not None:
            return found
    return None


def addable(record_cls: type, columns: list[Column]) -> bool:
    """Whether every required field of `record_cls` has a column (efficiency profiles carry
    low/expected/high bands no cell holds: those are duplicated or imported instead)."""
    keys = {c.key for c in columns}
    return all(k in keys for k, f in record_cls.model_fields.items() if f.is_required())


class AddRecordDialog(QDialog):
    """`record` holds the validated record once the dialog is accepted."""

    def __init__(self, record_cls: type, columns: list[Column], taken_names: set[str], title: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.record_cls = record_cls
        self.taken = {n.casefold() for n in taken_names}
        self.record = None
        self.fields: dict[str, QWidget] = {}
        self.numeric = {k for k, f in record_cls.model_fields.items() if is_scalar(f.annotation)[1]}
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        for col in columns:
            if not col.editable:
                continue
            info = record_cls.model_fields[col.key]
            required = info.is_required()
            widget = self._editor(col.key, info, required)
            label = QLabel(f"{col.header}{' *' if required else ''}")
            if info.description:
                label.setToolTip(info.description)
                widget.setToolTip(info.description)
            form.addRow(label, widget)
            self.fields[col.key] = widget
        scroll = QScrollArea()
        scroll.setWidget(form_widget)
        scroll.setWidgetResizable(True)
        self.message = InlineMessage()  # keeps its room: the fields never jump
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.Ok)
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                "Fields marked * are required. Give the source (a URL or document) and the date you "
                "read it: every figure carries them."
            )
        )
        lay.addWidget(scroll, 1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(520, 640)

    def _editor(self, key: str, info, required: bool) -> QWidget:
        kind = _enum_type(info.annotation)
        if kind is not None:
            box = QComboBox()
            default = info.default.value if isinstance(info.default, enum.Enum) else info.default
            box.addItem("choose…" if required else (f"default: {default}" if default is not None else ""), None)
            for member in kind:
                box.addItem(str(member.value), member.value)
            return box
        if info.annotation is bool:
            box = QCheckBox()
            box.setChecked(bool(info.default))
            return box
        edit = QLineEdit()
        if key == "as_of":
            edit.setText(dt.date.today().isoformat())
        elif not required and info.default not in (None, ""):
            edit.setPlaceholderText(f"default: {info.default}")
        elif required:
            edit.setPlaceholderText("required")
        return edit

    def values(self) -> dict:
        """What the user entered; empty fields are left out, so the domain's defaults apply."""
        data = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                value = widget.currentData()
            elif isinstance(widget, QCheckBox):
                value = widget.isChecked()
            else:  # thousands separators are fine in numbers, kept in text
                text = widget.text().strip()
                value = (text.replace(",", "") if key in self.numeric else text) or None
            if value is not None:
                data[key] = value
        return data

    def accept(self) -> None:
        data = self.values()
        data["user_modified"] = True
        try:
            record = self.record_cls.model_validate(data)
        except ValidationError as exc:
            self._refuse(readable_errors(exc))
            return
        if record.name.casefold() in self.taken:
            self._refuse(f"a record named {record.name} exists; choose another name")
            return
        self.record = record
        super().accept()

    def _refuse(self, message: str) -> None:
        self.message.setText(f"Not added — {message}")
        self.message.show()
