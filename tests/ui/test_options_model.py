"""The options model: one row per hardware (its best option) with the variants folded under
it, sorted with feasible rows first, filtered by feasibility, deployment and provider; passes
Qt's model tester empty, grouped, flat and filtered. Real sizings of the shipped examples."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from app.ui.options_table_model import OPTION_COLUMNS, OptionFilter, OptionsTableModel, hardware_places

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(scope="module")
def catalog():
    from app.store.io_formats import catalog_from_dir

    return catalog_from_dir()


def _sizing(catalog, example: str):
    from app.engine import size
    from app.paths import EXAMPLES_DIR
    from app.services.sizing import load_scenario

    scenario = load_scenario(EXAMPLES_DIR / example)
    return scenario, size(scenario, catalog, detailed=False)


@pytest.fixture(scope="module")
def cloud(catalog):
    return _sizing(catalog, "rag-assistant-cloud.yaml")


@pytest.fixture
def model(qapp, cloud, catalog):
    scenario, sizing = cloud
    m = OptionsTableModel()
    m.set_hardware(hardware_places(catalog, scenario))
    m.set_options(sizing.options)
    return m


def _rows(model, parent=None):
    """Option indices of the top rows, or of the rows folded under `parent`."""
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    return [model.option_index(model.index(r, 0, parent)) for r in range(model.rowCount(parent))]


def test_empty_options_model_passes_qtmodeltester(qtmodeltester):
    model = OptionsTableModel()
    qtmodeltester.check(model)
    assert model.columnCount() == len(OPTION_COLUMNS)


def test_grouping_puts_one_row_per_hardware_first_with_its_best_option(model, cloud):
    _scenario, sizing = cloud
    hardware = list(dict.fromkeys(o.hardware for o in sizing.options))  # in rank order of their best option
    assert len(hardware) > 1
    top = _rows(model)
    assert [sizing.options[n].hardware for n in top] == hardware  # one row each, best first
    for row, n in enumerate(top):
        same = [i for i, o in enumerate(sizing.options) if o.hardware == sizing.options[n].hardware]
        assert n == same[0]  # the head is that hardware's best-ranked option
        assert _rows(model, model.index(row, 0)) == same[1:]  # the variants, folded, in rank order
        label = model.index(row, [c.key for c in OPTION_COLUMNS].index("hardware")).data()
        assert label == sizing.options[n].hardware + (f" (+{len(same) - 1})" if len(same) > 1 else "")
    assert model.shown_count() == len(sizing.options)
    model.set_grouped(False)
    assert _rows(model) == list(range(len(sizing.options)))


def test_sorting_keeps_feasible_first_heads_follow_the_sort_and_the_selection_its_option(model, catalog):
    _scenario, pi = _sizing(catalog, "llama3-70b-on-8x-a100.yaml")
    model.set_options(pi.options)
    cost = [c.key for c in OPTION_COLUMNS].index("cost_month")
    held = QPersistentModelIndex(model.index_of_option(3))
    model.sort(cost, Qt.DescendingOrder)
    shown = _rows(model) + [n for r in range(model.rowCount()) for n in _rows(model, model.index(r, 0))]
    feasible = [pi.options[n].feasible for n in shown]
    assert feasible == sorted(feasible, reverse=True)
    head = pi.options[_rows(model)[0]]
    assert head.cost_per_month_usd == max(o.cost_per_month_usd for o in pi.options if o.feasible)
    assert model.option_index(held) == 3  # a selected row stays on its option


def test_filters_feasible_only_deployment_and_provider(model, cloud, catalog):
    _scenario, sizing = cloud
    providers = {model.place(n)[0] for n in range(len(sizing.options))}
    assert {"AWS", "RunPod"} <= providers
    model.set_filter(OptionFilter(provider="AWS"))
    shown = [n for n in range(len(sizing.options)) if model.index_of_option(n).isValid()]
    assert shown and all(sizing.options[n].hardware.startswith("AWS ") for n in shown)
    assert model.shown_count() == len(shown) == sum(o.hardware.startswith("AWS ") for o in sizing.options)
    model.set_filter(OptionFilter(deployment="on_prem"))
    assert model.shown_count() == 0 and model.rowCount() == 0  # this scenario is all cloud
    _s, a100 = _sizing(catalog, "llama3-70b-on-8x-a100.yaml")
    model.set_options(a100.options)
    model.set_hardware(hardware_places(catalog))
    assert model.shown_count() == len(a100.options)  # the DGX is on-prem
    model.set_filter(OptionFilter(feasible_only=True, deployment="on_prem"))
    assert 0 < model.shown_count() == sum(o.feasible for o in a100.options) < len(a100.options)


@pytest.mark.parametrize(
    "setup",
    [
        lambda m: None,
        lambda m: m.set_grouped(False),
        lambda m: m.set_filter(OptionFilter(provider="AWS")),
        lambda m: m.sort(8, Qt.DescendingOrder),
    ],
)
def test_filled_options_model_passes_qtmodeltester(qtmodeltester, model, setup):
    setup(model)
    qtmodeltester.check(model)


def test_the_options_panel_filters_and_keeps_the_selected_option(qtbot, cloud, catalog):
    from app.ui.options_panel import OptionsPanel

    scenario, sizing = cloud
    panel = OptionsPanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 300)
    panel.show()
    panel.set_options(sizing.options)
    panel.set_hardware(catalog, scenario)
    providers = [panel.provider.itemText(i) for i in range(panel.provider.count())]
    assert providers[0] == "Any provider" and "AWS" in providers and "RunPod" in providers
    aws = next(n for n, o in enumerate(sizing.options) if o.hardware.startswith("AWS ") and n)
    panel.view.setCurrentIndex(panel.model.index_of_option(aws))
    panel.provider.setCurrentIndex(panel.provider.findText("AWS"))
    assert panel.model.option_index(panel.view.currentIndex()) == aws
    assert panel.shown.text() == f"{panel.model.shown_count()} of {len(sizing.options)} shown"
    panel.grouped.setChecked(False)
    assert panel.model.option_index(panel.view.currentIndex()) == aws
    panel.provider.setCurrentIndex(0)
    panel.grouped.setChecked(True)
    index = panel.view.currentIndex()
    assert panel.model.option_index(index) == aws
    assert not index.parent().isValid() or panel.view.isExpanded(index.parent())  # a variant's group opens


def test_opened_groups_stay_open_across_re_runs_and_a_single_group_opens_itself(qtbot, cloud, catalog):
    from app.ui.options_panel import OptionsPanel

    _scenario, sizing = cloud
    panel = OptionsPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_options(sizing.options)
    folded = next(r for r in range(panel.model.rowCount()) if panel.model.rowCount(panel.model.index(r, 0)))
    hardware = panel.model.option(panel.model.option_index(panel.model.index(folded, 0))).hardware
    panel.view.expand(panel.model.index(folded, 0))
    panel.set_options(sizing.options)  # a what-if re-run
    opened = [r for r in range(panel.model.rowCount()) if panel.view.isExpanded(panel.model.index(r, 0))]
    assert [panel.model.option(panel.model.option_index(panel.model.index(r, 0))).hardware for r in opened] == [
        hardware
    ]
    _s, a100 = _sizing(catalog, "llama3-70b-on-8x-a100.yaml")  # one server: its options show at once
    panel.set_options(a100.options)
    assert panel.model.rowCount() == 1 and panel.view.isExpanded(panel.model.index(0, 0))
