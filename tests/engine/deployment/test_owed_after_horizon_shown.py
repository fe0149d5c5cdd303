"""tgui6 D2: what a lease or reservation held at the horizon's end owes for months after it (the
renewed-term rule, 5799203) is its own figure beside the cost over the horizon: the row's JSON
field, the CLI table's column and the Deployment page's column (it was folded into the last
month's cash, said only in the PDF, so a reserved-3y row's 'cost over 48 months' carried 24 months
past the horizon unseen). The hand figures of test_commitment_renewed_term: the Qubrid lease row
owes 18 node-months x $11,117.90 = $200,122.20 of its $1,600,977.60."""

from __future__ import annotations

import copy

import pytest

from app.cli.sizing_cmd import deployments_table
from app.domain import Scenario, parse
from app.engine import size
from tests.engine.deployment.test_on_prem_colo_option_month import SCENARIO as NPC

QUBRID = 11_117.9


def test_lease_row_says_what_it_owes_after_the_horizon(catalog):
    data = copy.deepcopy(NPC)
    data["candidates"]["hardware"] = ["Qubrid 8x H100 80GB bare metal"]
    sz = size(parse(Scenario, data), catalog)
    row = sz.deployments.row("bare_metal", "lease")
    assert row.owed_after_horizon_usd == pytest.approx(18 * QUBRID, rel=1e-6)  # 200,122.20
    assert row.horizon_cost_usd == pytest.approx(144 * QUBRID, rel=1e-6)  # 126 months held + 18 owed
    assert row.model_dump(mode="json")["owed_after_horizon_usd"] == pytest.approx(200_122.2, abs=0.1)  # --json
    table = "\n".join(deployments_table(sz))
    assert "owed after mo 24" in table
    line = next(x for x in table.splitlines() if x.startswith("Bare-metal lease"))
    assert "1,600,978" in line and "200,122" in line
    assert any(
        n.startswith("Bare-metal lease: $200,122 of its $1,600,978 over 24 months") for n in sz.deployments.notes
    )


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_page_notes_say_it(catalog, qtbot):
    from app.ui.deployment.page import DeploymentPage

    data = copy.deepcopy(NPC)
    data["candidates"]["hardware"] = ["Qubrid 8x H100 80GB bare metal"]
    scenario = parse(Scenario, data)
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    page.set_context(catalog, scenario, size(scenario, catalog))
    said = (
        "Bare-metal lease: $200,122 of its $1,600,978 over 24 months is owed for months after month 24 (the rest "
        "of the lease or reservation term each node held at the end is in, charged in month 24); months 1-24 alone "
        "cost $1,400,855"
    )
    qtbot.waitUntil(lambda: said in page.notes.text(), timeout=20000)
