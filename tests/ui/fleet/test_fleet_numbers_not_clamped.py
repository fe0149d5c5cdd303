"""The Fleet page never changes a number typed (issue 18 leftovers, hardening item 3): "-5" was
turned into 5 (a spin box from 0 drops the minus sign) and 1e9 into 1e6 (clamped to the box's
maximum), both silently. Now the portfolio's validation, the one the `fleet` YAML meets, is the
boundary: a refused value is said next to its field, nothing is proposed, and the field shows the
last valid value; a value the YAML takes (a rate of 1e9 req/s) is taken as typed.

Real editors (FleetForm, PoolsEditor, WorkloadForm) on a portfolio written as a user writes it;
values typed with the keyboard and Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.domain import parse
from app.domain.portfolio import Portfolio
from app.ui.fleet.editors import FleetForm, PoolsEditor
from app.ui.fleet.workload_form import WorkloadForm
from tests.engine.fleet.fleet_helpers import serving

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _portfolio() -> Portfolio:
    pools = [{"name": "own", "instance": "On-prem 8x H100 SXM (DGX H100)", "nodes": 1}]
    return parse(Portfolio, {"name": "t", "workloads": [serving("Chat", 2.0)], "fleet": {"pools": pools}})


def _editor(qtbot, cls):
    editor = cls()
    qtbot.addWidget(editor)
    editor.set_portfolio(_portfolio())
    proposals: list = []
    editor.proposed.connect(lambda portfolio, text: proposals.append((portfolio, text)))
    return editor, proposals


def _type(box, text: str) -> None:
    box.lineEdit().selectAll()
    QTest.keyClicks(box.lineEdit(), text)
    QTest.keyClick(box.lineEdit(), Qt.Key.Key_Return)


def test_a_negative_reserve_is_refused_at_its_field_not_made_positive(qtbot):
    form, proposals = _editor(qtbot, FleetForm)
    _type(form.reserve, "-5")
    assert proposals == []  # was: a reserve of 5 nodes
    assert "reserve_nodes: must be a whole number from 0 to 10,000, got -5" in form.rows["reserve_nodes"].message.text()
    assert form.reserve.value() == 0  # the kept value, shown again
    _type(form.reserve, "2")  # a valid value goes through and clears the message
    assert proposals[-1][0].fleet.reserve_nodes == 2
    assert form.rows["reserve_nodes"].message.text() == ""


def test_a_pue_above_its_range_is_refused_not_clamped(qtbot):
    form, proposals = _editor(qtbot, FleetForm)
    _type(form.pue, "9")
    assert proposals == []  # was: clamped to 5
    assert "pue: must be between 1 and 5" in form.rows["pue"].message.text()
    assert form.pue.value() == pytest.approx(1.4)  # the kept value (the default PUE)


def test_pool_price_and_nodes_out_of_range_are_said_under_the_table(qtbot):
    editor, proposals = _editor(qtbot, PoolsEditor)
    price = editor.table.cellWidget(0, 5)
    _type(price, "1000000000")
    assert proposals == []  # was: a price of 1,000,000 USD/h
    assert "price_usd_per_hour: must be above 0 and at most 1,000,000 USD/h, got 1000000000" in editor.message.text()
    assert editor.table.cellWidget(0, 5).text() == "catalog's"  # the kept value: the catalog's price
    nodes = editor.table.cellWidget(0, 2)
    _type(nodes, "-5")
    assert proposals == []  # was: "size it for me" (any value below 0 read as auto)
    assert "nodes: a whole number from 0 to 100,000, or auto (got -5)" in editor.message.text()
    assert editor.table.cellWidget(0, 2).value() == 1
    _type(editor.table.cellWidget(0, 2), "size it for me")  # the words still choose auto
    assert proposals[-1][0].fleet.pools[0].nodes == "auto"


def test_a_rate_the_yaml_takes_is_taken_as_typed(qtbot):
    form, proposals = _editor(qtbot, WorkloadForm)
    form.show_row(0)
    _type(form.rate, "1000000000")
    assert proposals[-1][0].workloads[0].workload.traffic.requests_per_s == 1e9  # was 1e6
    form.set_portfolio(proposals[-1][0])
    assert form.rate.value() == 1e9
    _type(form.rate, "-5")
    assert len(proposals) == 1  # refused
    assert "requests_per_s: must be a positive number, got -5" in form.rows["rate"].message.text()
    assert form.rate.value() == 1e9
