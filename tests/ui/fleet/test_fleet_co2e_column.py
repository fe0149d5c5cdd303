"""The Fleet page's KPI table has a CO2e column, and the fleet form sets the site's grid intensity
(GUI tester D28). Real widgets, plan from the engine."""

from __future__ import annotations

import pytest

from app.domain import parse
from app.domain.portfolio import Portfolio
from app.engine.fleet import plan_fleet
from app.ui.fleet import results
from app.ui.fleet.editors import FleetForm
from tests.engine.conftest import load_shipped_catalog
from tests.engine.fleet.fleet_helpers import scenarios, serving

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _pf(**assumptions: float) -> Portfolio:
    pools = [{"name": "own", "instance": "On-prem 8x H100 SXM (DGX H100)", "nodes": 1}]
    return parse(Portfolio, {"name": "t", "workloads": [serving("Chat", 2.0)],
                             "fleet": {"pools": pools, "assumptions": assumptions}})  # fmt: skip


def test_kpi_table_shows_co2e_and_the_form_sets_the_grid(qtbot):
    catalog = load_shipped_catalog()
    pf = _pf(grid_gco2e_per_kwh=380.0)
    fp = plan_fleet(pf, scenarios(pf), catalog, failures=False, compare=False)
    assert results.KPI_COLUMNS[-1] == "kg CO2e/month"
    k = fp.kpis[0]
    assert results.kpi_rows(fp)[0][-1] == f"{k.energy_kwh_per_month * 0.380:,.0f}"
    bare = _pf()
    fp0 = plan_fleet(bare, scenarios(bare), catalog, failures=False, compare=False)
    assert results.kpi_rows(fp0)[0][-1] == "unknown"
    form = FleetForm()
    qtbot.addWidget(form)
    form.set_portfolio(bare)
    proposals = []
    form.proposed.connect(lambda *args: proposals.append(args))
    assert form.grid.text() == "from each pool's region"
    form.grid.setValue(380)
    assert proposals and proposals[-1][0].fleet.assumptions.grid_gco2e_per_kwh == 380
