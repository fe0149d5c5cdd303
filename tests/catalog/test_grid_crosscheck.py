"""Stockholm's grid figure (issue 18): Google's 2.73 gCO2eq/kWh for europe-north2 stands on the
catalog's operational basis, and its record says so against a lifecycle source (Electricity Maps'
SE-SE3 yearly average, 21 gCO2eq/kWh for 2024, read 2026-12-01)."""

from __future__ import annotations

import pytest
import yaml

from app.domain import GridRegion, parse
from app.paths import CATALOG_DIR


@pytest.fixture(scope="module")
def regions() -> dict[str, GridRegion]:
    records = yaml.safe_load((CATALOG_DIR / "grid_regions.yaml").read_text(encoding="utf-8"))["records"]
    return {g.name: g for g in (parse(GridRegion, r) for r in records)}


def test_stockholm_keeps_googles_operational_figure_and_states_the_lifecycle_cross_check(regions):
    se = regions["eu-north-1"]
    assert se.grid_gco2e_per_kwh == pytest.approx(2.73)
    notes = " ".join(se.notes.split())
    assert "Cross-check" in notes and "operational" in notes and "lifecycle" in notes.lower()
    assert "SE-SE3" in notes and "21 gCO2eq/kWh" in notes and "electricitymaps.com" in notes
    # the lifecycle/operational ratio the note quotes: 21 / 2.73 = 7.7, "about 8"
    assert 21 / se.grid_gco2e_per_kwh == pytest.approx(7.7, abs=0.05)


def test_a10g_idle_keeps_the_settled_p8_reading_and_names_the_24_w_one():
    """Two nvidia-smi readings of an A10G in the same P8/persistence-on/no-process state (11 W at 17 C on
    an idle node, 24 W at 28 C just after CUDA validator pods): the record keeps 11 W and says why."""
    from app.domain import Accelerator

    records = yaml.safe_load((CATALOG_DIR / "accelerators.yaml").read_text(encoding="utf-8"))["records"]
    a10g = next(parse(Accelerator, r) for r in records if r["name"] == "NVIDIA A10G")
    notes = " ".join(a10g.notes.split())
    assert a10g.idle_power_w == 11
    assert "24 W" in notes and "11 W stays" in notes and "P8" in notes and "28 C" in notes
