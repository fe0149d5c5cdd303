"""Candidate lists at catalog size: the accelerator beside each instance, a filter box, grouping
by provider / accelerator family / deployment, "select all in group", checks kept when the
catalog changes, and the tree model passes Qt's model tester flat, grouped and filtered.
Real widgets over the shipped catalog."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton

from app.domain import Catalog, Instance
from app.paths import EXAMPLES_DIR
from app.store.io_formats import catalog_from_dir
from app.ui.commands import InsertRecordCommand

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_dir()


@pytest.fixture
def scenario():
    from app.services.sizing import load_scenario

    return load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")


@pytest.fixture
def panel(qtbot, catalog, scenario):
    from app.ui.candidates_panel import CandidatesPanel

    p = CandidatesPanel()
    qtbot.addWidget(p)
    p.resize(270, 600)
    p.set_scenario(scenario, catalog)
    p.setCurrentIndex(1)  # Instances
    p.show()
    qtbot.waitExposed(p)
    return p


def _shown(panel, kind: str = "hardware") -> list[str]:
    """Labels of the candidate rows the view shows (groups opened or not), top to bottom."""
    proxy, model = panel.proxies[kind], panel.models[kind]
    out = []

    def walk(parent):
        for row in range(proxy.rowCount(parent)):
            index = proxy.index(row, 0, parent)
            if model.entry(proxy.mapToSource(index)) is None:
                walk(index)
            else:
                out.append(index.data())

    walk(proxy.index(-1, -1))
    return out


def test_each_instance_shows_its_accelerator(panel, catalog):
    labels = _shown(panel)
    assert "AWS p5.48xlarge — 8× H100 SXM" in labels
    assert len(labels) == len(catalog.instances)  # every catalog instance is offered
    pi = next(i for i in catalog.instances if i.accelerator.startswith("Raspberry Pi"))
    assert any(label.startswith(pi.name + " — 1× Raspberry Pi 5") for label in labels)  # a two-word vendor stays


def test_filter_narrows_the_list_by_every_word(panel, catalog):
    everything = len(_shown(panel))
    panel.filters["hardware"].setText("h100 aws")
    labels = _shown(panel)
    assert 0 < len(labels) < everything
    assert all("AWS" in label and "H100" in label for label in labels)
    assert "AWS p5.48xlarge — 8× H100 SXM" in labels
    panel.filters["hardware"].setText("lambda")  # a provider name matches too
    assert all(label.startswith("Lambda") for label in _shown(panel))
    panel.filters["hardware"].clear()
    assert len(_shown(panel)) == everything


def test_grouping_by_provider_family_and_deployment(panel, catalog):
    proxy, box = panel.proxies["hardware"], panel.group_boxes["hardware"]
    providers = sorted({i.provider for i in catalog.instances}, key=str.casefold)
    assert box.currentData() == "provider"
    assert [proxy.index(r, 0).data().split(" (")[0] for r in range(proxy.rowCount())] == providers
    box.setCurrentIndex(box.findData("family"))
    groups = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert any(g.startswith("NVIDIA Hopper (") for g in groups) and any(g.startswith("AMD CDNA3 (") for g in groups)
    box.setCurrentIndex(box.findData("deployment"))
    groups = [proxy.index(r, 0).data().split(" (")[0] for r in range(proxy.rowCount())]
    assert groups == ["Bare metal", "Cloud", "On-prem"]  # bare-metal leases since issue 18
    box.setCurrentIndex(box.findData(""))
    assert proxy.rowCount() == len(catalog.instances)  # flat


def test_checking_a_group_checks_every_member_shown(qtbot, panel, catalog):
    view, proxy = panel.views["hardware"], panel.proxies["hardware"]
    panel.set_checked("hardware", [])
    panel.filters["hardware"].setText("h100")
    aws = next(proxy.index(r, 0) for r in range(proxy.rowCount()) if proxy.index(r, 0).data().startswith("AWS"))
    with qtbot.waitSignal(panel.candidates_changed) as changed:
        _click_check_box(view, aws)
    h100_on_aws = sorted(i.name for i in catalog.instances if i.provider == "AWS" and "H100" in i.accelerator)
    n_aws = sum(i.provider == "AWS" for i in catalog.instances)  # 16 US records + the EU copies (D11)
    assert sorted(panel.checked("hardware")) == h100_on_aws  # the H200 and A100 AWS nodes stay unchecked
    assert sorted(changed.args[0].hardware) == h100_on_aws
    assert aws.data(Qt.CheckStateRole) == Qt.CheckState.Checked  # every member shown is
    assert aws.data().startswith(f"AWS ({len(h100_on_aws)} of {n_aws})")
    assert panel.itemText(1) == f"Instances ({len(h100_on_aws)})"
    panel.filters["hardware"].clear()
    # the AWS group by its label (groups sort by name: "Akash" comes before "AWS")
    aws = next(proxy.index(r, 0) for r in range(proxy.rowCount()) if proxy.index(r, 0).data().startswith("AWS"))
    assert aws.data(Qt.CheckStateRole) == Qt.CheckState.PartiallyChecked  # of all the AWS instances
    _click_check_box(view, aws)  # partly checked -> all of them
    assert len(panel.checked("hardware")) == n_aws
    _click_check_box(view, aws)  # checked -> none
    assert panel.checked("hardware") == []


def _click_check_box(view, index) -> None:
    """A real mouse click on the check box of the row at `index`."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    view.scrollTo(index)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, box.center() if box.isValid() else QPoint(5, 5))


def test_check_shown_and_clear(qtbot, panel, catalog):
    panel.findChild(QToolButton, "candidates_hardware_clear").click()
    assert panel.checked("hardware") == [] and panel.itemText(1) == "Instances (all)"
    panel.filters["hardware"].setText("l40s")
    with qtbot.waitSignal(panel.candidates_changed):
        panel.findChild(QToolButton, "candidates_hardware_check_shown").click()
    assert sorted(panel.checked("hardware")) == sorted(i.name for i in catalog.instances if "L40S" in i.accelerator)


def test_a_new_catalog_record_appears_at_once_and_the_checks_stay(panel, catalog):
    panel.set_checked("hardware", ["AWS p5.48xlarge"])
    new = Instance(
        name="Lab rack A",
        source="test fixture",
        as_of=dt.date(2026, 11, 1),
        provider="on-prem",
        deployment="on_prem",
        accelerator="NVIDIA L40S",
        accelerator_count=4,
        capex_usd=100_000,
    )
    panel.set_catalog(catalog.model_copy(update={"instances": [*catalog.instances, new]}))
    assert "Lab rack A — 4× L40S" in _shown(panel)
    assert panel.checked("hardware") == ["AWS p5.48xlarge"]
    assert [p.value for p in panel.candidates().precisions] == [p.value for p in panel.scenario.candidates.precisions]


def test_a_name_the_scenario_asks_for_but_the_catalog_lacks_stays_checked(panel, scenario, catalog):
    wanted = scenario.candidates.model_copy(update={"hardware": ["AWS p5.48xlarge", "Retired box"]})
    panel.set_scenario(scenario.model_copy(update={"candidates": wanted}), catalog)
    proxy = panel.proxies["hardware"]
    last = proxy.index(proxy.rowCount() - 1, 0)
    assert last.data() == "Not in the catalog (1 of 1)"
    assert sorted(panel.checked("hardware")) == ["AWS p5.48xlarge", "Retired box"]


def test_a_main_window_catalog_edit_reaches_the_candidate_lists(qtbot, settings, tmp_path):
    from app.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.open_project(str(tmp_path / "lists.archwise"))
    page = window.ensure_analysis_page()
    model = window.catalog_page.models["instances"]
    copy = model.record(0).model_copy(update={"name": "Lab copy of an instance"})
    with qtbot.waitSignal(window.catalog_page.catalog_changed):
        window.undo_stack.push(InsertRecordCommand(model, model.rowCount(), copy, "Add a copy"))
    assert any(label.startswith("Lab copy of an instance — ") for label in _shown(page.candidates))
    with qtbot.waitSignal(window.catalog_page.catalog_changed):
        window.undo_stack.undo()
    assert not any(label.startswith("Lab copy of an instance") for label in _shown(page.candidates))


@pytest.mark.parametrize("grouping", ["", "provider", "family", "deployment"])
def test_candidate_tree_model_passes_qtmodeltester(qtmodeltester, catalog, scenario, grouping):
    from app.ui.candidate_entries import candidate_entries
    from app.ui.candidate_model import CandidateFilterProxy, CandidateTreeModel

    model = CandidateTreeModel()
    qtmodeltester.check(model)  # empty
    model.set_entries(candidate_entries(catalog, scenario)["hardware"], ["AWS p5.48xlarge"])
    model.set_grouping(grouping)
    qtmodeltester.check(model)
    proxy = CandidateFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("h100")
    qtmodeltester.check(proxy)


def test_family_and_accelerator_names():
    from app.ui.candidate_entries import family_label

    assert family_label("nvidia-hopper") == "NVIDIA Hopper"
    assert family_label("amd-cdna3") == "AMD CDNA3"
    assert family_label("google-tpu") == "Google TPU"
    assert family_label("") == "Other"


def test_the_hint_under_a_list_follows_its_checks(qtbot, panel, catalog):
    """'None checked: all that apply.' only while nothing is checked; checks say how many."""
    hint = panel.hints["models"]
    panel.set_checked("models", [])
    assert hint.text() == "None checked: all that apply."
    panel.set_checked("models", [m.name for m in catalog.models[:2]])
    assert panel.itemText(0) == "Models (2)"
    assert "None checked" not in hint.text() and hint.text().startswith("2 checked")
    panel.set_checked("models", [])
    assert hint.text() == "None checked: all that apply."


def test_filter_reads_x_as_the_multiplication_sign_in_any_case(panel, catalog):
    panel.filters["hardware"].setText("8x h100 SXM")  # typed with a letter x; the label says 8×
    labels = _shown(panel)
    assert "AWS p5.48xlarge — 8× H100 SXM" in labels
    panel.filters["hardware"].setText("8 × H100")
    assert "AWS p5.48xlarge — 8× H100 SXM" in _shown(panel)


def test_catalog_search_folds_x_case_and_spaces(qtbot, catalog):
    from PySide6.QtGui import QUndoStack

    from app.domain import Instance
    from app.ui.record_table_model import RecordProxy, RecordTableModel
    from app.ui.search_text import search_key

    assert search_key("Lambda 1×  H100 SXM") == search_key("lambda 1x h100 sxm") == "lambda 1x h100 sxm"
    model = RecordTableModel(Instance, catalog.instances, QUndoStack())
    proxy = RecordProxy()
    proxy.setSourceModel(model)
    proxy.set_search("lambda 1 × h100  SXM")  # the name says 'Lambda 1x H100 SXM'
    shown = {proxy.index(r, 0).data() for r in range(proxy.rowCount())}
    assert shown == {"Lambda 1x H100 SXM"}
