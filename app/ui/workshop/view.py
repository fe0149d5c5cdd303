"""The workshop window's content: the verdict strip, the step tabs, one view at a time (the
verdict, one chart at full size, the matrix, the A/B/C cards) and the what-if sliders beside it.

The view follows an AnalysisPage: it borrows the page's what-if panel while shown (`attach` /
`detach`: one set of sliders, one undo history), sizes nothing itself and redraws only the step in
view when a result arrives; a chart keeps its axes while the sliders move (`live`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.domain import Sizing

if TYPE_CHECKING:
    from app.ui.chart_view import ChartView

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from app.logs import log_exception
from app.ui.workshop.compare_grid import CompareGrid
from app.ui.workshop.matrix import WorkshopMatrix
from app.ui.workshop.steps import NEXT_KEYS, PREVIOUS_KEYS, STEPS, Step, tab_title
from app.ui.workshop.verdict import VerdictPage, VerdictStrip
from app.ui.workshop.widgets import named

LINE_WIDTH = 4  # [px] curves and reference lines: visible from the back of a room
TICK_PT = 14  # [pt] axis numbers, at 1366x768
AXIS_TITLE_PT = 16  # [pt]
LEGEND_PT = 14  # [pt]
SIDE_WIDTH = 400  # [px] the sliders' column at 1366x768 (large type needs it)
DESIGN_HEIGHT = 768  # [px] the screen height the sizes above are for


def type_scale(screen_height: int, pixel_ratio: float = 1.0) -> float:
    """How much larger workshop type is drawn on a screen `screen_height` logical pixels high
    with `pixel_ratio` device pixels per logical one (QT_SCALE_FACTOR, a HiDPI setting): a
    projected 1080-line image is as large on the wall as a 768-line one, so text keeps its share
    of the height (×1.41 at 1080); never smaller than designed in device pixels (at most
    1/pixel_ratio smaller in logical ones: 1366x768 at 200 % is 683x384 logical, ×0.5, the
    design's look), at most ×2."""
    return min(max(screen_height / DESIGN_HEIGHT, 1.0 / max(pixel_ratio, 1.0)), 2.0)


def scaled_qss(qss: str, scale: float) -> str:
    """`qss` with every point size multiplied by `scale` ('16pt' → '23pt' at ×1.41); below ×1
    (a screen scaled up, 1366x768 at 200 %: type_scale) every pixel size too, so the design is
    drawn whole at its device pixels (a 22 px slider handle is 11 logical px there, 22 on the
    screen); a 1-px line stays 1 px."""
    import re

    out = re.sub(r"(\d+(?:\.\d+)?)pt\b", lambda m: f"{round(float(m.group(1)) * scale)}pt", qss)
    if scale < 1:

        def px(m: re.Match[str]) -> str:
            return f"{m.group(1)}{max(round(float(m.group(2)) * scale), 1) if float(m.group(2)) else 0}px"

        out = re.sub(r"(-?)(\d+(?:\.\d+)?)px\b", px, out)
    return out


def projector_chart(mode: str = "workshop", scale: float = 1.0) -> ChartView:
    """A ChartView for a room: thick lines, large axis type (× `scale`), option names in the legend."""
    from app.ui.chart_view import ChartView as _ChartView

    view = _ChartView(mode=mode)
    view.line_width = LINE_WIDTH
    view.set_marker_size(round(3 * LINE_WIDTH * scale))  # shapes that read from the back of the room
    view.full_legend = True
    view.label_style = {"font-size": f"{round(AXIS_TITLE_PT * scale)}pt"}
    view.legend.setLabelTextSize(f"{round(LEGEND_PT * scale)}pt")
    font = QFont()
    font.setPointSize(round(TICK_PT * scale))
    for side in ("left", "bottom"):
        view.getAxis(side).setStyle(tickFont=font)
    view.ref_font = font  # the SLA lines' labels
    view._apply_axis_colours()  # the style keys' pens at the new width
    return view


def _short(label: str, most: int = 44) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"


class ChartStep(QWidget):
    """One chart step: the chart's title in large type over its plot."""

    def __init__(self, step: Step, scale: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopChartStep")
        self.step = step
        self.title = named(QLabel(step.title), "workshopChartTitle")
        self.title.setWordWrap(True)
        self.view = projector_chart(scale=scale)
        self.view.cache_text()  # on screen: its text repaints from pixmaps on each what-if step
        self.stale = True  # a result came while another step was in view
        # A bar chart's axis says '#1 … #8' (the room has no table to look them up in): the key.
        self.key = named(QLabel(), "workshopChartKey")
        self.key.setTextFormat(Qt.TextFormat.PlainText)
        self.key.setWordWrap(True)
        self.key.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.key)

    def show_sizing(self, sizing: Sizing, highlighted: int | None) -> None:
        chart = next((c for c in sizing.charts if c.key == self.step.chart_key), None) if sizing else None
        if chart is None:
            return
        if self.title.text() != chart.title:
            self.title.setText(chart.title)
        key = "   ".join(f"#{chart.bar_option(i) + 1} {_short(c)}" for i, c in enumerate(chart.categories))
        if self.key.text() != key:
            self.key.setText(key)
            self.key.setVisible(bool(key))
        self.view.set_chart(chart, live=not sizing.detailed)  # axes hold while the sliders move
        self.view.highlight(highlighted)
        self.stale = False


class WorkshopView(QWidget):
    """`step_changed(key)` after each step shown; `export_requested` / `leave_requested` from its
    buttons; `weights_changed(dict)` from the matrix step."""

    step_changed = Signal(str)
    export_requested = Signal()
    leave_requested = Signal()
    weights_changed = Signal(dict)

    def __init__(self, analysis: Any, scale: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the QSS's black background
        self.analysis = analysis
        self.sizing: Sizing | None = None
        # the decision package's recommendation (the matrix's first choice with the Selection page's
        # weights) for the detailed result: what the verdict speaks for, as the PDF and the deck do
        self.recommendation: Any = None
        self._matrix_stale = True
        # The Selection matrix page's weights (set by the controller): the room starts from them.
        self.selection_weights: Callable[[], dict[str, float]] | None = None
        self._home: tuple[QSplitter, int] | None = None  # where the borrowed sliders live
        self.strip = VerdictStrip()
        self.tabs = named(QTabBar(), "workshopSteps")
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        for step in STEPS:
            self.tabs.addTab(step.title)
        self.pin_button = QPushButton("Pin A/B/C")
        self.pin_button.setToolTip("Pin the result on screen for the side-by-side cards (Ctrl+D)")
        self.export_button = QPushButton("Export…")  # short: the step tabs keep the width at 150 %
        self.export_button.setToolTip(
            "Export the session: the charts and the pinned comparison as a slide deck and PNGs"
        )
        self.leave_button = QPushButton("Leave (F11)")
        # The what-if column folds away (Ctrl+H) for a chart at the window's whole width: on a
        # 1366x768 screen at 150 % it left the chart a third of the window (tgui4 D25)
        self.side_button = QPushButton("What-if ▸")
        self.side_button.setCheckable(True)
        self.side_button.setToolTip("Hide or show the what-if sliders beside the charts (Ctrl+H)")
        self.side_button.toggled.connect(lambda _on: self._show_side())
        self.content = named(QStackedWidget(), "workshopContent")
        self.verdict_page = VerdictPage()
        self.matrix = WorkshopMatrix()
        self.cards = CompareGrid(scale)
        self.chart_steps: dict[str, ChartStep] = {}
        self.pages: dict[str, QWidget] = {}
        for step in STEPS:
            if step.chart_key is not None:
                page: QWidget = self.chart_steps.setdefault(step.key, ChartStep(step, scale))
            else:
                page = {"verdict": self.verdict_page, "matrix": self.matrix, "compare": self.cards}[step.key]
            self.pages[step.key] = page
            self.content.addWidget(page)
        self.side = named(QWidget(), "workshopSide")
        self.side.setFixedWidth(round(SIDE_WIDTH * scale))
        self.side_lay = QVBoxLayout(self.side)
        self.side_lay.setContentsMargins(0, 0, 0, 0)
        self.side_lay.addWidget(self.pin_button)
        self.side_lay.addStretch(1)
        self._build_layout()
        self._connect()
        self.show_step("verdict")

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.tabs, 1)
        for button in (self.side_button, self.export_button, self.leave_button):
            bar.addWidget(button)
        body = QHBoxLayout()
        body.addWidget(self.content, 1)
        body.addWidget(self.side)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.strip)
        lay.addLayout(bar)
        lay.addLayout(body, 1)

    def _connect(self) -> None:
        a = self.analysis
        a.sizing_changed.connect(self._on_sizing_changed)
        a.compare.pins_changed.connect(self._on_pins_changed)
        a.table.selectionModel().currentRowChanged.connect(self._on_option_selected)
        self.tabs.currentChanged.connect(lambda i: self.show_step(STEPS[i].key))
        self.pin_button.clicked.connect(self.pin)
        self.export_button.clicked.connect(self.export_requested)
        self.leave_button.clicked.connect(self.leave_requested)
        self.cards.clear_requested.connect(a.compare.clear)
        self.matrix.weights_changed.connect(self.weights_changed)
        shortcuts = (
            (NEXT_KEYS, self.next_step),
            (PREVIOUS_KEYS, self.previous_step),
            (["Ctrl+D"], self.pin),
            (["Ctrl+H"], self.side_button.toggle),
            (["Ctrl+Down"], lambda: self.cards.page_rows(1)),  # the A/B/C grid's rows a short screen pages
            (["Ctrl+Up"], lambda: self.cards.page_rows(-1)),
            (["Esc"], self.leave_requested.emit),  # what a presenter presses to leave full screen
        )
        for keys, fn in shortcuts:
            for key in keys:
                QShortcut(QKeySequence(key), self, fn, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- the borrowed sliders
    def attach(self) -> None:
        """Show the Analysis page's what-if sliders here (until `detach`) and catch up with its result."""
        whatif = self.analysis.whatif
        home = whatif.parentWidget()
        if self._home is None and isinstance(home, QSplitter):
            self._home = (home, home.indexOf(whatif))
        self.side_lay.insertWidget(0, whatif)
        whatif.show()
        self.analysis.chart_demand = self.charts_shown
        self.analysis.chart_lead = self.lead_label
        self._on_sizing_changed(self.analysis.sizing)
        self._on_pins_changed()

    def detach(self) -> None:
        """Give the sliders back to the Analysis page, where they were."""
        if self.analysis.chart_demand == self.charts_shown:
            self.analysis.chart_demand = None
        if self.analysis.chart_lead == self.lead_label:
            self.analysis.chart_lead = None
        if self._home is not None:
            splitter, index = self._home
            splitter.insertWidget(index, self.analysis.whatif)
            self._home = None

    def charts_shown(self) -> set[str]:
        """The chart key of the step in view, while this view is on screen (what a what-if
        preview must build for it)."""
        key = STEPS[self.content.currentIndex()].chart_key if self.isVisible() else None
        return {key} if key else set()

    def lead_label(self) -> str | None:
        """The label of the recommendation, a self-hosted option or a hosted API: the charts lead
        with it (None: the engine's pick)."""
        rec = self.recommendation
        hosted = getattr(rec, "hosted", None) is not None
        return rec.label if rec is not None and (getattr(rec, "option", None) is not None or hosted) else None

    def hosted_lead(self) -> bool:
        """Whether the recommendation is a hosted API (no self-hosted option to highlight)."""
        rec = self.recommendation
        return rec is not None and getattr(rec, "option", None) is None and getattr(rec, "hosted", None) is not None

    def highlighted(self) -> int | None:
        """The option the charts highlight: the recommendation's, else the one selected on the
        Analysis page; none when a hosted API is recommended (the cost chart leads with its price,
        and a self-hosted point marked would read as the recommendation)."""
        if self.hosted_lead():
            return None
        label = self.lead_label()
        labels = [o.label for o in self.sizing.options] if self.sizing is not None else []
        return labels.index(label) if label in labels else self.analysis.selected_option_index()

    def _follow_recommendation(self) -> None:
        """A detailed result whose charts lead with another option than the recommendation is sized
        again, led by it (the Analysis page asks once per scenario and label)."""
        if self.isVisible():
            self.analysis.lead_with(self.lead_label())

    # -- steps
    def current_step(self) -> str:
        return STEPS[self.content.currentIndex()].key

    def show_step(self, key: str) -> None:
        index = [s.key for s in STEPS].index(key)
        if self.tabs.currentIndex() != index:
            self.tabs.setCurrentIndex(index)  # comes back here through currentChanged
            return
        self.content.setCurrentIndex(index)
        # the verdict step says it all, larger; the A/B/C grid speaks for its pins, not the result on
        # screen, and needs the height (a 2x screen held one row of it under the strip)
        self.strip.setVisible(key not in ("verdict", "compare"))
        self._show_side()
        self._refresh(key)
        self.step_changed.emit(key)

    def _show_side(self) -> None:
        """The what-if column beside the step, unless folded away (side_button) or the step is the
        matrix (it has its own sliders) or the cards (they need the width)."""
        folded = self.side_button.isChecked()
        self.side_button.setText("What-if ◂" if folded else "What-if ▸")
        self.side.setVisible(not folded and self.current_step() not in ("matrix", "compare"))
        self.side_button.setEnabled(self.current_step() not in ("matrix", "compare"))

    def next_step(self) -> None:
        self.show_step(STEPS[(self.content.currentIndex() + 1) % len(STEPS)].key)

    def previous_step(self) -> None:
        self.show_step(STEPS[(self.content.currentIndex() - 1) % len(STEPS)].key)

    def pin(self) -> None:
        if self.analysis.pin_button.isEnabled():
            self.analysis.pin_button.click()

    # -- results
    def _on_sizing_changed(self, sizing: Sizing | None) -> None:
        self.sizing = sizing
        y_labels = {c.key: c.y_label for c in sizing.charts} if sizing is not None else {}
        for i, each in enumerate(STEPS):
            text = tab_title(each, y_labels.get(each.chart_key or ""))
            if self.tabs.tabText(i) != text:
                self.tabs.setTabText(i, text)
        self._update_recommendation()
        self._follow_recommendation()
        self.strip.show_sizing(sizing, self.recommendation)
        self._matrix_stale = True
        for step in self.chart_steps.values():
            step.stale = True
        self._refresh(self.current_step())

    def _on_pins_changed(self, *_args: object) -> None:
        self.cards.show_pins(self.analysis.compare.pins())
        self.pin_button.setText(f"Pin A/B/C ({len(self.analysis.compare.pinned)} pinned)")

    def _on_option_selected(self, *_args: object) -> None:
        key = self.current_step()
        if key in self.chart_steps:
            self.chart_steps[key].view.highlight(self.highlighted())

    def _refresh(self, key: str) -> None:
        """Redraw the step in view only (the others when next shown)."""
        if key == "verdict":
            self.verdict_page.show_sizing(self.sizing, self.recommendation)
        elif key in self.chart_steps:
            step = self.chart_steps[key]
            if step.stale and self.sizing is not None:
                step.show_sizing(self.sizing, self.highlighted())
                if step.stale:  # a preview without this chart: one with it follows
                    self.analysis.ensure_charts()
        elif key == "matrix":
            self._refresh_matrix()
        elif key == "compare":
            self._on_pins_changed()

    def _update_recommendation(self) -> None:
        """The package's recommendation: the one the Analysis page worked out for its result (the
        Selection page's weights; a preview keeps the last one's choice by label), built once."""
        sizing = self.sizing
        feasible = sizing is not None and self.analysis.sized_scenario is not None and sizing.feasible
        self.recommendation = self.analysis.recommendation if feasible else None

    def _refresh_matrix(self) -> None:
        """Rebuild the matrix from a detailed result (a drag's previews are skipped: the detailed
        sizing follows them within a fifth of a second)."""
        sizing, scenario = self.sizing, self.analysis.sized_scenario
        if not self._matrix_stale or sizing is None or not sizing.detailed or scenario is None:
            return
        project = self.analysis.project_getter()
        if project is None:
            return
        from app.domain import DomainError
        from app.services import reporting

        # One source of truth with the Selection page: its weights (when it has them) and the
        # scenario's remembered quality choice, over the catalog with the team's own results.
        weights = (self.selection_weights() if self.selection_weights is not None else None) or None
        weights = weights or self.matrix.weights() or None
        try:
            matrix, sens = reporting.build_selection(project, scenario, sizing, weights)
        except DomainError as exc:
            self.matrix.summary.setText(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - logged in full; the room reads one line
            where = log_exception("workshop matrix")
            self.matrix.summary.setText(f"The matrix could not be built: {exc}. Details are in {where}.")
            return
        self._matrix_stale = False
        self.matrix.show_matrix(matrix, sizing, sens)
        self.recommendation = reporting.recommendation_for(sizing, matrix, sens)  # the room's weights
        self.strip.show_sizing(sizing, self.recommendation)
        self._follow_recommendation()
