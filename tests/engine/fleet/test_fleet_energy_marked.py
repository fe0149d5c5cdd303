"""A pool whose node has no power figure (TPU: no accelerator TDP) is energy n/a, never 0 kWh, and a
pool whose node has no host power is a lower bound (">= ... (no host)"), as `archwise size` marks
them (CLI reviewer N4): in the plan's fields (--json), the CLI text, the Fleet page's verdict and
tables, and the PDF's fleet section read back with pypdf."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import SimpleDocTemplate

from app.cli.fleet_cmd import render_plan
from app.report.fleet_section import fleet_section
from app.report.fleet_section import kpi_rows as report_kpi_rows
from app.report.styles import register_fonts
from app.store.io_formats import catalog_from_dir
from app.ui.fleet.results import KPI_COLUMNS, TEAM_COLUMNS, kpi_rows, team_rows, verdict_text
from tests.engine.fleet.fleet_helpers import plan, portfolio, serving

ROOT = Path(__file__).resolve().parents[3]
TPU = "GCP TPU v5litepod-8"
GAUDI = "On-prem 8x Intel Gaudi 3 (UBB kit)"
GRID = {"grid_gco2e_per_kwh": 350.0}


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir(ROOT / "catalog")


def _pdf_text(fp, path: Path) -> str:
    register_fonts()
    SimpleDocTemplate(str(path)).build(fleet_section(fp))
    return " ".join((p.extract_text() or "") for p in PdfReader(str(path)).pages).replace("\n", " ")


def test_tpu_pool_energy_is_na_not_zero(catalog, tmp_path):
    assert catalog.accelerator(catalog.instance(TPU).accelerator).tdp_w is None
    pf = portfolio([serving("Chat", 5, team="Alpha")], [{"name": "TPU", "instance": TPU, "nodes": 1}],
                   assumptions=GRID)  # fmt: skip
    fp = plan(pf, catalog, failures=False)
    assert fp.pools[0].nodes == 1
    # old code: 0.0 kWh, power 0.0 kW, 0 kg CO2e with no note
    data = fp.model_dump(mode="json")
    assert data["energy_kwh_per_week"] is None and data["energy_kwh_per_month"] is None
    assert data["co2e_kg_per_week"] is None and data["co2e_kg_per_month"] is None
    assert data["pools"][0]["energy_kwh_per_week"] is None and data["pools"][0]["power_kw_per_node"] is None
    assert data["kpis"][0]["energy_kwh_per_week"] is None and data["kpis"][0]["co2e_kg_per_week"] is None
    assert data["teams"][0]["co2e_kg_per_week"] is None
    assert "no accelerator TDP" in fp.energy_note and "Google TPU v5e" in fp.energy_note
    assert "Google TPU v5e" in fp.co2e_note
    text = render_plan(fp)
    assert "energy n/a, CO2e unknown" in text and " 0 kWh" not in text
    assert f"Energy {fp.energy_note}" in text
    assert kpi_rows(fp)[0][KPI_COLUMNS.index("kWh/month")] == "n/a"
    assert kpi_rows(fp)[0][KPI_COLUMNS.index("kg CO2e/month")] == "unknown"
    assert team_rows(fp)[0][TEAM_COLUMNS.index("kg CO2e/month")] == "unknown"
    assert "energy n/a: no accelerator TDP" in verdict_text(fp)
    assert report_kpi_rows(fp)[1][-2:] == ["n/a", "unknown"]
    pdf = _pdf_text(fp, tmp_path / "tpu.pdf")
    assert "energy n/a: no accelerator TDP" in pdf and "0 kWh" not in pdf


def test_pool_without_host_power_is_a_lower_bound(catalog, tmp_path):
    assert catalog.instance(GAUDI).host_power_w is None
    pf = portfolio([serving("Chat", 5, team="Alpha")], [{"name": "Gaudi", "instance": GAUDI, "nodes": 1}],
                   assumptions=GRID)  # fmt: skip
    fp = plan(pf, catalog, failures=False)
    kwh, kg = fp.energy_kwh_per_month, fp.co2e_kg_per_month
    assert kwh is not None and kwh > 0 and kg == pytest.approx(kwh * 350.0 / 1000, rel=1e-9)
    assert fp.energy_lower_bound and fp.pools[0].energy_lower_bound and fp.kpis[0].energy_lower_bound
    assert fp.teams[0].co2e_lower_bound
    assert "host power unknown" in fp.energy_note
    text = render_plan(fp)
    assert f">= {kwh:,.0f} kWh/month" in text and f"CO2e >= {kg:,.0f} kg/month" in text
    assert kpi_rows(fp)[0][KPI_COLUMNS.index("kWh/month")] == f"≥ {fp.kpis[0].energy_kwh_per_month:,.0f} (no host)"
    assert team_rows(fp)[0][TEAM_COLUMNS.index("kg CO2e/month")].endswith("(no host)")
    assert f"≥ {kwh:,.0f} kWh/month" in verdict_text(fp)
    assert report_kpi_rows(fp)[1][-2].endswith("(no host)")
    pdf = _pdf_text(fp, tmp_path / "gaudi.pdf")
    assert "≥" in pdf or ">=" in pdf
    assert "host power unknown" in pdf


def test_known_pool_stays_plain(catalog):
    pf = portfolio([serving("Chat", 5)], [{"name": "Cloud", "instance": "Lambda 8x H100 SXM", "nodes": 1}],
                   assumptions=GRID)  # fmt: skip
    fp = plan(pf, catalog, failures=False)
    assert fp.energy_note == "" and not fp.energy_lower_bound
    assert fp.energy_kwh_per_week is not None and fp.energy_kwh_per_week > 0
    assert "(no host)" not in render_plan(fp)
