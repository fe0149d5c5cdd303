"""The options table during a what-if drag: its repaint runs none of our Python (the cells are
Qt's own items; a Python model answered some 1,300 calls a repaint, ~6.5 ms of each ~9.5 ms),
and it keeps what it did: every cell shows its option after in-place updates, resets, a header
click and the filters; the selected option and the groups the user opened survive a slider step;
a sort keeps the selection on its option. Real widgets, the real engine, shipped examples."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt

import app
from app.domain.energy_bound import upper_bound_cell
from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario
from app.store.io_formats import catalog_from_dir
from app.ui.options_table_model import HARDWARE_COLUMN, OPTION_COLUMNS, OPTION_ROLE

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown windows

APP = str(Path(app.__file__).resolve().parent)  # our package, wherever it was imported from
COST = [c.key for c in OPTION_COLUMNS].index("cost_month")


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir()


def _options(catalog, traffic_factor: float = 1.0):
    """The cloud RAG example's options (seven hardware, variants folded), traffic scaled."""
    from app.engine import size

    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    traffic = scenario.workload.traffic
    workload = scenario.workload.model_copy(
        update={"traffic": traffic.model_copy(update={"requests_per_s": traffic.requests_per_s * traffic_factor})}
    )
    scenario = scenario.model_copy(update={"workload": workload})
    return scenario, size(scenario, catalog, detailed=False).options


def _panel(qtbot, catalog, options, scenario):
    from app.ui.options_panel import OptionsPanel

    panel = OptionsPanel()
    qtbot.addWidget(panel)
    panel.resize(1400, 400)
    panel.show()
    panel.set_hardware(catalog, scenario)
    panel.set_options(options)
    return panel


def _all_shown(model, parent=None):
    parent = QModelIndex() if parent is None else parent
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from _all_shown(model, index)


def _assert_cells_show_their_options(model) -> int:
    """Every shown cell's text is its option's figure (a group head's hardware with its
    variant count) and carries its option; returns how many rows were checked."""
    rows = 0
    for index in _all_shown(model):
        n = model.option_index(index)
        option = model.option(n)
        folded = model.rowCount(index) if not index.parent().isValid() else 0
        for column, c in enumerate(OPTION_COLUMNS[:-1]):  # the last column's text is checked by its own tests
            cell = index.siblingAtColumn(column)
            expected = c.fmt(c.getter(option))
            if column == HARDWARE_COLUMN and folded:
                expected += f" (+{folded})"
            if c.key == "energy_mtok" and option.energy_incomplete:
                continue  # a lower bound, worded by its own tests
            if c.key == "energy_mtok" and option.energy_bound == "upper":
                expected = upper_bound_cell(expected)  # a host at its catalogued maximum every hour
            assert cell.data() == expected, (n, c.key)
            assert cell.data(OPTION_ROLE) == n
        rows += 1
    assert rows == model.shown_count()
    return rows


def test_repainting_the_options_table_runs_none_of_our_python(qtbot, catalog):
    scenario, options = _options(catalog)
    panel = _panel(qtbot, catalog, options, scenario)
    panel.model.set_colours(["#1f77b4", "#ff7f0e", "#2ca02c"])
    panel.view.expandAll()
    panel.view.setCurrentIndex(panel.model.index(1, 0, panel.model.index(0, 0)))
    ours: list[str] = []

    def profile(frame, event, _arg) -> None:
        if event == "call" and frame.f_code.co_filename.startswith(APP):
            ours.append(f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_name}")

    sys.setprofile(profile)
    try:
        cells = panel.view.viewport().grab()  # paints every row in view, as a repaint does
        panel.view.header().viewport().grab()
    finally:
        sys.setprofile(None)
    assert ours == []
    assert not cells.isNull()


def test_cells_follow_in_place_updates_resets_sorting_and_filters(qtbot, catalog, qtmodeltester):
    scenario, options = _options(catalog)
    _scenario, busier = _options(catalog, 1.3)
    panel = _panel(qtbot, catalog, options, scenario)
    model = panel.model
    _assert_cells_show_their_options(model)
    for later in (busier, options, busier[:-5], options):  # figures move; then rows go and come back
        panel.set_options(later)
        _assert_cells_show_their_options(model)
    model.sort(COST, Qt.SortOrder.DescendingOrder)  # heads change: group sizes move between rows
    _assert_cells_show_their_options(model)
    qtmodeltester.check(model)
    # every 4th option out of reach (as a tighter SLA would make it): feasible rows first, greyed rest
    some = [o.model_copy(update={"feasible": False}) if n % 4 == 1 else o for n, o in enumerate(options)]
    panel.set_options(some)
    _assert_cells_show_their_options(model)
    greyed = [i for i in _all_shown(model) if not model.option(model.option_index(i)).feasible]
    assert greyed and all(i.data(Qt.ItemDataRole.ForegroundRole) is not None for i in greyed)
    panel.feasible_only.setChecked(True)
    assert 0 < _assert_cells_show_their_options(model) == sum(o.feasible for o in some) < len(some)
    panel.grouped.setChecked(False)
    assert _assert_cells_show_their_options(model) == model.rowCount()
    panel.feasible_only.setChecked(False)
    panel.provider.setCurrentIndex(panel.provider.findText("AWS"))
    assert all(model.option(model.option_index(i)).hardware.startswith("AWS ") for i in _all_shown(model))
    _assert_cells_show_their_options(model)
    qtmodeltester.check(model)


def test_no_item_outlives_its_row_in_python(qtbot, catalog):
    """Qt deletes the items of removed rows and of a deleted model; PySide must hear of each, or
    it hands the stale wrapper out for the next object made at that address (a QTextDocument came
    back as a QStandardItem)."""
    import shiboken6

    from app.ui.options_table_model import OptionsTableModel

    scenario, options = _options(catalog)
    model = OptionsTableModel()
    model.set_options(options)
    model.set_grouped(False)  # one row per option
    rows = model.rowCount()
    items = [model.itemFromIndex(model.index(r, c)) for r in range(rows - 5, rows) for c in range(len(OPTION_COLUMNS))]
    kept = [model.itemFromIndex(model.index(0, c)) for c in range(len(OPTION_COLUMNS))]
    assert all(shiboken6.isValid(i) for i in items + kept)
    model.set_options(options[:-5])  # the last five rows go
    assert model.rowCount() == rows - 5
    assert not any(shiboken6.isValid(i) for i in items)
    shiboken6.delete(model)
    assert not any(shiboken6.isValid(i) for i in kept)


def test_a_header_click_sorts_and_the_selection_stays_on_its_option(qtbot, catalog):
    scenario, options = _options(catalog)
    panel = _panel(qtbot, catalog, options, scenario)
    model, view = panel.model, panel.view
    top = next(r for r in range(model.rowCount()) if model.rowCount(model.index(r, 0)) > 1)
    variant = model.index(1, 0, model.index(top, 0))  # a folded option, not its group's best
    view.setCurrentIndex(variant)
    chosen = model.option_index(variant)
    header = view.header()
    for _click in range(2):  # ascending, then descending cost
        x = header.sectionViewportPosition(COST) + header.sectionSize(COST) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
        assert header.sortIndicatorSection() == COST
        assert model.option_index(view.currentIndex()) == chosen
        _assert_cells_show_their_options(model)
        heads = [model.option(model.option_index(model.index(r, 0))) for r in range(model.rowCount())]
        feasible = [o for o in heads if o.feasible]
        costs = [o.cost_per_month_usd for o in feasible]
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        assert costs == sorted(costs, reverse=descending)  # the feasible heads by cost...
        assert heads[: len(feasible)] == feasible  # ...before the infeasible ones
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def _settled(page) -> bool:
    return page.sizing is not None and page.sizing.detailed and not page.runner.busy and page._pending is None


def test_a_slider_step_keeps_the_chosen_variant_selected_and_its_group_open(qtbot, catalog):
    from app.ui.analysis_page import AnalysisPage

    page = AnalysisPage(lambda: catalog)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    with qtbot.waitSignal(page.sizing_changed, timeout=30000):
        page.set_scenario(load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml"))
    qtbot.waitUntil(lambda: _settled(page), timeout=30000)
    model, view = page.table_model, page.table
    top = next(r for r in range(model.rowCount()) if model.rowCount(model.index(r, 0)) > 1)
    variant = model.index(model.rowCount(model.index(top, 0)) - 1, 0, model.index(top, 0))
    view.scrollTo(variant)  # opens the group, as a user's click on its arrow
    view.setCurrentIndex(variant)
    label = model.option(model.option_index(variant)).label
    before = page.sizing
    slider = page.whatif.sliders["traffic"]
    slider.setValue(slider.value() + 5)
    qtbot.waitUntil(lambda: _settled(page) and page.sizing is not before, timeout=30000)
    current = view.currentIndex()
    assert model.option(model.option_index(current)).label == label
    assert current.parent().isValid() and view.isExpanded(current.parent())
    assert page.sizing.options == model.options()
    _assert_cells_show_their_options(model)
