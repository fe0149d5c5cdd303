"""An option whose energy leaves the host out shows the known part as a labelled lower bound in the
options table, "≥ 1,234 (no host)", the same figure and words as its deployment row and `size --json`,
with the missing figure in its tooltip, never the partial number as if whole (issue 18: the options
table said "incomplete" beside the deployment row's "≥ 1,234 (no host)")."""

from __future__ import annotations

from app.domain import Scenario, parse
from app.engine import size
from app.store.io_formats import catalog_from_dir
from app.ui.options_table_model import ENERGY_COLUMN, OptionsTableModel
from app.ui.roles import DISPLAY, TOOLTIP

SCENARIO = {
    "name": "energy gaps",
    "workload": {
        "name": "Chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 2.0},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["AWS g6e.4xlarge", "RunPod 1x H100 SXM"]},
}


def test_incomplete_energy_reads_incomplete(qapp):
    sizing = size(parse(Scenario, SCENARIO), catalog_from_dir())
    model = OptionsTableModel()
    model.set_options(sizing.options)
    cells = {}
    for row in range(model.rowCount()):
        i = model.index(row, ENERGY_COLUMN)
        hw = sizing.options[model.option_index(i)].hardware
        cells.setdefault(hw, (model.data(i, DISPLAY), model.data(i, TOOLTIP)))
    g6e = next(o for o in sizing.options if o.hardware == "AWS g6e.4xlarge")
    text, tip = cells["AWS g6e.4xlarge"]
    assert text == f"≥ {g6e.energy_wh_per_million_tokens:,.0f} (no host)"
    assert (
        "Energy incomplete: no host power of AWS g6e.4xlarge "
        f"(lower bound {g6e.energy_wh_per_million_tokens:,.0f}: host power not included)"
    ) in tip
    assert g6e.energy_lower_bound == "lower bound: host power not included"  # as the row's, in the JSON
    text, tip = cells["RunPod 1x H100 SXM"]
    # RunPod's host is the DGX's maximum scaled to one GPU: a whole figure, at most this (N24)
    assert text.startswith("≤ ") and text.endswith(" (host max)")
    assert float(text.removeprefix("≤ ").removesuffix(" (host max)").replace(",", "")) > 0
    assert "Energy incomplete" not in tip
    assert next(o for o in sizing.options if o.hardware == "RunPod 1x H100 SXM").energy_lower_bound == ""


def test_options_cell_and_deployment_cell_agree(qapp):
    from app.ui.deployment.table_model import DEPLOYMENT_COLUMNS, DeploymentTableModel

    data = {**SCENARIO, "candidates": {**SCENARIO["candidates"], "hardware": ["AWS g6e.4xlarge"]}}
    sizing = size(parse(Scenario, data), catalog_from_dir())
    options, rows = OptionsTableModel(), DeploymentTableModel()
    options.set_options(sizing.options)
    rows.set_comparison(sizing.deployments)
    r = next(i for i in range(rows.rowCount()) if rows.row(i).pricing == "on_demand")
    n = rows.row(r).option_index
    o = next(i for i in range(options.rowCount()) if options.option_index(options.index(i, 0)) == n)
    col = next(k for k, c in enumerate(DEPLOYMENT_COLUMNS) if c.key == "wh_mtok")
    cell = options.data(options.index(o, ENERGY_COLUMN), DISPLAY)
    assert cell.startswith("≥ ") and cell.endswith(" (no host)")
    assert cell == rows.data(rows.index(r, col), DISPLAY)
    assert sizing.options[n].energy_lower_bound == rows.row(r).energy_lower_bound


def test_deployment_row_without_host_power_reads_incomplete(qapp):
    from app.ui.deployment.table_model import DEPLOYMENT_COLUMNS, DeploymentTableModel

    data = {**SCENARIO, "candidates": {**SCENARIO["candidates"], "hardware": ["AWS g6e.4xlarge"]}}
    c = size(parse(Scenario, data), catalog_from_dir()).deployments
    model = DeploymentTableModel()
    model.set_comparison(c)
    row = next(i for i in range(model.rowCount()) if model.row(i).pricing == "on_demand")
    assert model.row(row).energy_missing == ["host power of AWS g6e.4xlarge"]
    col = next(k for k, col in enumerate(DEPLOYMENT_COLUMNS) if col.key == "wh_mtok")
    # the known part, accelerators only, as the labelled lower bound it is (tgui3 D22), not a bare word
    r = model.row(row)
    assert r.energy_wh_per_million_tokens is not None and r.energy_wh_per_million_tokens > 0
    assert model.data(model.index(row, col), DISPLAY) == f"≥ {r.energy_wh_per_million_tokens:,.0f} (no host)"
    co2 = next(k for k, col in enumerate(DEPLOYMENT_COLUMNS) if col.key == "co2_month")
    if r.co2e_kg_per_month is not None:
        assert model.data(model.index(row, co2), DISPLAY) == f"≥ {r.co2e_kg_per_month:,.0f} (no host)"
    tip = model.data(model.index(row, col), TOOLTIP)
    assert tip.startswith("Energy incomplete: no host power of AWS g6e.4xlarge")
    assert "lower bound" in tip and "host power not included" in tip
    assert r.energy_lower_bound == "lower bound: host power not included"


def test_a_hybrid_that_never_bursts_takes_no_gap_from_its_burst_side(qapp):
    # 6 req/s mean, 12 at peak: two owned DGX nodes carry every hour at P60, so the g6e burst side
    # (no host power in the catalog) draws nothing and leaves the hybrid's energy complete
    data = {
        **SCENARIO,
        "workload": {
            **SCENARIO["workload"],
            "traffic": {"requests_per_s": 6.0, "peak_to_mean": 2.0, "pattern": "diurnal", "peak_hours_per_day": 8},
        },
        "candidates": {
            "models": ["Llama-3.1-8B-Instruct"],
            "hardware": ["AWS g6e.12xlarge", "On-prem 8x H100 SXM (DGX H100)"],
        },
    }
    c = size(parse(Scenario, data), catalog_from_dir()).deployments
    hybrid = c.row("hybrid", "mixed")
    assert hybrid is not None and not hybrid.burst_node_hours_per_month
    assert hybrid.energy_incomplete is False and hybrid.energy_missing == []
    assert c.row("cloud", "on_demand").energy_missing == ["host power of AWS g6e.12xlarge"]
