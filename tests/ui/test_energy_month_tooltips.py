"""D14: the window shows each option's and each deployment row's kWh per month, average power and
g CO2e per 1M tokens (the PDF's sustainability table) in the energy tooltips, as the engine gives
them: the UI only formats. Real sizing of a shipped example, real table models."""

from __future__ import annotations

import pytest

from app.domain import DeploymentComparison, DeploymentRow
from app.ui.deployment.table_model import DEPLOYMENT_COLUMNS, DeploymentTableModel
from app.ui.options_table_model import ENERGY_COLUMN, OptionsTableModel
from app.ui.roles import TOOLTIP

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_option_row_tooltip_carries_kwh_month_power_and_co2e_per_mtok(qapp):
    from app.engine import size
    from app.paths import EXAMPLES_DIR
    from app.services.sizing import load_scenario
    from app.store.io_formats import catalog_from_dir

    sizing = size(load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml"), catalog_from_dir(), detailed=False)
    base = next(o for o in sizing.options if not o.violations and o.energy_kwh_per_month is not None)
    # hand-set figures: 730 h x 1.5 kW = 1,095 kWh/month; 12.34 g per 1M tokens
    option = base.model_copy(
        update={
            "power_kw": 1.5,
            "energy_kwh_per_month": 1095.0,
            "co2e_g_per_million_tokens": 12.34,
            "energy_incomplete": False,
            "energy_missing": [],
        }
    )
    model = OptionsTableModel()
    model.set_options([option])
    tip = model.data(model.index(0, ENERGY_COLUMN), TOOLTIP)
    assert "Energy: 1,095 kWh per month (1.50 kW average); 12.3 g CO2e per 1M tokens" in tip
    no_grid = option.model_copy(update={"co2e_g_per_million_tokens": None})
    model.set_options([no_grid])
    assert "1,095 kWh per month (1.50 kW average); CO2e n/a" in model.data(model.index(0, ENERGY_COLUMN), TOOLTIP)


def test_deployment_energy_cell_tooltip_carries_kwh_month_and_power():
    wh = next(i for i, c in enumerate(DEPLOYMENT_COLUMNS) if c.key == "wh_mtok")
    co2 = next(i for i, c in enumerate(DEPLOYMENT_COLUMNS) if c.key == "co2_mtok")
    row = DeploymentRow(
        deployment="on_prem",
        pricing="capex",
        label="On-prem",
        hardware="hw",
        model="m",
        nodes=1,
        upfront_usd=0.0,
        cost_per_month_usd=1.0,
        horizon_cost_usd=12.0,
        cost_per_million_tokens_usd=1.0,
        power_kw=2.25,
        energy_kwh_per_month=1642.5,  # 2.25 kW x 730 h
        energy_wh_per_million_tokens=80.0,
        co2e_kg_per_month=657.0,  # 1,642.5 kWh x 400 g/kWh
        co2e_g_per_million_tokens=32.0,
    )
    model = DeploymentTableModel()
    model.set_comparison(
        DeploymentComparison(horizon_months=12, growth_per_quarter=0, hybrid_base_percentile=60, rows=[row])
    )
    assert model.data(model.index(0, wh), TOOLTIP) == "1,642 kWh per month (2.25 kW average)"
    assert model.data(model.index(0, co2)).strip() == "32.0"
