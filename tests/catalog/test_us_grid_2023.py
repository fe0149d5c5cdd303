"""The US national grid intensity is EIA's 2023 figure (FAQ id=74: 4,183,271 million kWh, 1,532 million
metric tons of CO2, "about 0.81 pounds per kWh"), not the 2022 one (0.86 lb/kWh = 390 g/kWh)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from app.domain import GridRegion, parse
from app.paths import CATALOG_DIR


def test_us_grid_is_eia_2023():
    records = yaml.safe_load((CATALOG_DIR / "grid_regions.yaml").read_text(encoding="utf-8"))["records"]
    us = next(parse(GridRegion, r) for r in records if r["name"] == "us")
    by_hand = 1532e6 * 1e6 / (4_183_271e6)  # g CO2 / kWh = 366.2
    assert us.grid_gco2e_per_kwh == pytest.approx(by_hand, abs=0.05)
    assert us.grid_gco2e_per_kwh == pytest.approx(0.81 * 453.592, rel=0.01)  # the FAQ's rounded 0.81 lb/kWh
    assert us.as_of == dt.date(2023, 12, 31) and "eia.gov" in us.source
