"""N24 (issue 18): an energy figure that rests on a host's catalogued maximum (the DGX H100's 4,600 W
= 10.2 kW system maximum - 8 x 700 W TDP, drawn every hour) reads as the upper bound it is,
"≤ 1,234 (host max)", in the options table and the deployment table, with the reason in the tooltip;
the Explain panel says what P_host is. Real table models and panel over a real sizing."""

from __future__ import annotations

from app.domain import Scenario, parse
from app.engine import size
from app.store.io_formats import catalog_from_dir
from app.ui.deployment.table_model import DEPLOYMENT_COLUMNS, DeploymentTableModel
from app.ui.explain_panel import ExplainPanel
from app.ui.options_table_model import ENERGY_COLUMN, OptionsTableModel
from app.ui.roles import DISPLAY, TOOLTIP

DGX = "On-prem 8x H100 SXM (DGX H100)"
SCENARIO = {
    "name": "Quiet chat on our DGX",
    "workload": {
        "name": "Quiet chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 0.5},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": [DGX], "gpu_counts": [1], "precisions": ["bf16"]},
}


def test_host_maximum_reads_as_an_upper_bound(qtbot):
    sizing = size(parse(Scenario, SCENARIO), catalog_from_dir())
    o = sizing.options[0]
    assert o.energy_bound == "upper"
    options = OptionsTableModel()
    options.set_options(sizing.options)
    i = options.index(0, ENERGY_COLUMN)
    assert options.data(i, DISPLAY) == f"≤ {o.energy_wh_per_million_tokens:,.0f} (host max)"
    assert "host at its catalogued maximum" in options.data(i, TOOLTIP)

    rows = DeploymentTableModel()
    rows.set_comparison(sizing.deployments)
    r = next(n for n in range(rows.rowCount()) if rows.row(n).label == "On-prem (capex)")
    c = [col.key for col in DEPLOYMENT_COLUMNS].index("wh_mtok")
    row = rows.row(r)
    assert rows.data(rows.index(r, c), DISPLAY) == f"≤ {row.energy_wh_per_million_tokens:,.0f} (host max)"
    assert rows.data(rows.index(r, c), TOOLTIP) == f"Energy {row.energy_bound_reason}"
    assert f"{DGX}: 4,600 W a node" in row.energy_bound_reason

    panel = ExplainPanel()
    qtbot.addWidget(panel)
    panel.show_option(o)
    text = panel.toPlainText().replace("\u2060", "")
    assert "P_host per node [W] = 4,600" in text
    assert "P_host is = <= the catalog's host figure, the node's maximum" in text
