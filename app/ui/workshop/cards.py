"""Pinned scenarios as side-by-side cards A, B, C: each figure on its own line, a difference from
A in bold on a bright band with the change written out ('(+12% vs A)'), so it reads in greyscale."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.comparison import Comparison, Pin, compare
from app.ui.workshop.widgets import named

SAID_ONCE = ("Choice",)  # rows whose text is long: a pin with A's value says "same as A"


def card_text(comparison: Comparison, pin: int, name: str, text: str) -> str:
    """A cell as a card says it, shorter than the Compare tab (tgui3 D13: three cards of long text
    clipped at 1366x768): the inputs without the scenario name the card's head already shows, the
    choice without the engine's cheapest design when the matrix recommends another (the card's
    figures are the recommendation's; the Compare tab and the deck say both)."""
    prefix = f"{comparison.names[pin]}: "
    if name == "Inputs" and len(set(comparison.names)) > 1 and text.startswith(prefix):
        return text[len(prefix) :]
    if name == "Choice" and "; cheapest feasible " in text:
        head, _sep, rest = text.partition("; cheapest feasible ")
        diff = rest.rsplit(" (", 1)[1] if rest.endswith(")") and " (" in rest else ""
        return head + (f" ({diff}" if diff else "")
    return text


class CompareCard(QFrame):
    """One pinned result: a letter and scenario name, then figure: value rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopCard")
        self.head = named(QLabel(), "workshopCardHead")
        self.head.setTextFormat(Qt.TextFormat.PlainText)
        self.head.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        self.grid.setColumnStretch(1, 1)
        self.values: dict[str, QLabel] = {}
        self.keys: dict[str, QLabel] = {}
        lay = QVBoxLayout(self)
        lay.addWidget(self.head)
        lay.addLayout(self.grid)
        lay.addStretch(1)

    def show_pin(self, comparison: Comparison, pin: int) -> None:
        # One scenario pinned three times: the hint names it once, each card only its letter (a
        # name repeated on two lines per card pushed the figures out of a 768-line screen).
        same = len(set(comparison.names)) == 1
        self.head.setText(comparison.letters[pin] if same else f"{comparison.letters[pin]}  {comparison.names[pin]}")
        shown = {name for name, _cells in comparison.rows}
        for name, value in self.values.items():  # a row this comparison lacks (no pin re-evaluated): hidden
            value.setVisible(name in shown)
            self.keys[name].setVisible(name in shown)
        for row, (name, cells) in enumerate(comparison.rows):
            if name not in self.values:
                key = named(QLabel(name), "workshopCardKey")
                value = named(QLabel(), "workshopCardValue")
                value.setTextFormat(Qt.TextFormat.PlainText)
                value.setWordWrap(True)
                self.grid.addWidget(key, row, 0, Qt.AlignmentFlag.AlignTop)
                self.grid.addWidget(value, row, 1)
                self.values[name] = value
                self.keys[name] = key
                key.setVisible(self.isVisible())  # now, not on a later turn: the card's height counts them
                value.setVisible(self.isVisible())
            cell = cells[pin]
            label = self.values[name]
            # A long choice repeated word for word on B and C pushed their last figures out of a
            # card at 720 logical lines (1920x1080 at 150 %): what A chose, said once.
            same = pin > 0 and not cell.differs and name in SAID_ONCE
            text = card_text(comparison, pin, name, cell.shown)
            if pin > 0 and cell.differs and name in SAID_ONCE:
                first = card_text(comparison, 0, name, cells[0].shown)
                if text.removesuffix(" (differs)") == first:  # the part the card leaves out is what differs
                    text = f"same as {comparison.letters[0]}; the cheapest feasible design differs"
            label.setText(f"same as {comparison.letters[0]}" if same else text)
            if label.property("differs") != cell.differs:
                label.setProperty("differs", cell.differs)
                label.style().unpolish(label)
                label.style().polish(label)

    def differs(self, figure: str) -> bool:
        return bool(self.values[figure].property("differs"))


class CompareCards(QWidget):
    """Up to three cards from the Analysis page's pins; `clear_requested` asks to drop them."""

    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopCards")
        self.cards = [CompareCard() for _ in range(3)]
        self.hint = named(QLabel(), "workshopHint")
        self.hint.setWordWrap(True)
        self.clear_button = QPushButton("Clear pins")
        self.clear_button.clicked.connect(self.clear_requested)
        top = QHBoxLayout()
        top.addWidget(self.hint, 1)
        top.addWidget(self.clear_button)
        # the cards grow to their wrapped text and scroll when a small screen has not the height
        # (tgui3 D13: fixed-height bands cut their text at 1366x768), never squeezed into a cut
        body = QWidget()
        body.setObjectName("workshopCardsBody")
        row = self.body_row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        for card in self.cards:
            row.addWidget(card, 1)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("workshopCardsScroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setWidget(body)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.scroller, 1)
        self.comparison: Comparison | None = None
        self.show_pins([])

    def show_pins(self, pins: Sequence[Pin]) -> None:
        """`pins`: app.services.comparison.Pin records, A first."""
        self.comparison = compare(pins) if pins else None
        for i, card in enumerate(self.cards):
            card.setVisible(self.comparison is not None and i < len(self.comparison.letters))
            if card.isVisibleTo(self) and self.comparison is not None:
                card.show_pin(self.comparison, i)
        for card in self.cards:  # lay the cards out now, not on a later turn: their sizes are read at once
            card.grid.activate()
        self.body_row.activate()
        n = len(pins)
        names = self.comparison.names if self.comparison is not None else []
        one = f"{names[0]}: " if names and len(set(names)) == 1 else ""
        self.hint.setText(
            "Pin the result on screen (Pin button, Ctrl+D) as A, then move the sliders and pin B and C."
            if not n
            else f"{one}{n} of 3 pinned. Bold on a band: differs from A."
        )
        self.clear_button.setEnabled(bool(n))
