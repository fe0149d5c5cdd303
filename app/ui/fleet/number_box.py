"""A number field that never changes what was typed: the Fleet page's numbers.

A QSpinBox clamps to its range: on a box from 0 the minus sign of "-5" is refused, so the value
became 5, and 1e9 in a box up to 1e6 became 1e6, both silently. The portfolio's own validation
(app.domain.portfolio, the same rules the `fleet` YAML meets) is the boundary: this box takes
any number (its editing range is far wider than any field's) and hands it on; a value the
portfolio refuses is said next to the field and the field shows the kept value again
(PortfolioEditor.propose). Values with a meaning of their own ("size it for me", "no limit")
are shown and typed as words; the box is as wide as its usual range needs."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QWidget

# Far beyond any fleet field's range, so that Qt never clamps a typed value; the domain says the range.
EDIT_LIMIT = 1e15


class NumberBox(QDoubleSpinBox):
    """A spin box over [-EDIT_LIMIT, EDIT_LIMIT] with `decimals`; `words` maps a value with its own
    meaning to the text shown for it (and typed for it); `shown` (low, high) is the usual range the
    box is sized for. Qt's own special-value text (at the minimum) still reads for "no value"."""

    def __init__(
        self,
        decimals: int = 0,
        step: float = 1.0,
        shown: tuple[float, float] = (0.0, 1e6),
        words: dict[float, str] | None = None,
        suffix: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.words = dict(words or {})
        self.setSuffix(suffix)
        self.setDecimals(decimals)
        self.setRange(-EDIT_LIMIT, EDIT_LIMIT)
        self.setSingleStep(step)
        self.setKeyboardTracking(False)  # one edit when the value is done, not per digit typed
        sizer = QDoubleSpinBox()  # the width a box over the usual range (and its words) takes
        sizer.setDecimals(decimals)
        sizer.setRange(*shown)
        sizer.setSuffix(suffix)
        if self.words:
            sizer.setSpecialValueText(max(self.words.values(), key=len))
        self._hint = sizer.sizeHint()
        sizer.deleteLater()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._hint)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._hint)

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        for key, text in self.words.items():
            if value == key:
                return text
        return super().textFromValue(value)

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt's name
        for key, word in self.words.items():
            if text.strip().casefold() == word.casefold():
                return key
        return super().valueFromText(text)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        typed = text.strip().casefold()
        for word in self.words.values():
            if typed == word.casefold():
                return QValidator.State.Acceptable, text, pos
            if typed and word.casefold().startswith(typed) and not typed.lstrip("-").replace(".", "").isdigit():
                return QValidator.State.Intermediate, text, pos
        return super().validate(text, pos)

    def whole(self) -> int:
        """The value as a whole number (the box shows no decimals for a count)."""
        return int(round(self.value()))


__all__ = ["EDIT_LIMIT", "NumberBox"]
