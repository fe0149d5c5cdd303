"""`archwise fleet` and `portfolio import` on a portfolio holding -5 or 1e9 where its range ends
(issue 18 leftovers, hardening item 3): one line naming the field, the value and the range, exit
2, nothing written to the project; never a value changed to fit. (The YAML boundary already held
these; the test keeps it holding beside the Fleet page's, which did not.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from app.store import Project

ROOT = Path(__file__).resolve().parents[2]
SAAS = ROOT / "catalog" / "examples" / "fleet" / "saas-cascade.yaml"
CASES = [  # (where in the file, value, what the one line says)
    (("fleet", "reserve_nodes"), -5, "fleet.reserve_nodes: must be a whole number from 0 to 10,000, got -5"),
    (("fleet", "pools", 0, "price_usd_per_hour"), 1e9, "must be above 0 and at most 1,000,000 USD/h, got 1000000000.0"),
    (("fleet", "assumptions", "grid_gco2e_per_kwh"), -5, "grid_gco2e_per_kwh: must be between 0 and 2,000, got -5.0"),
]


def _archwise(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *argv], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("where, value, says", CASES, ids=["reserve-5", "price1e9", "grid-5"])
def test_out_of_range_fleet_numbers_exit_2_and_write_nothing(tmp_path, where, value, says):
    data = yaml.safe_load(SAAS.read_text())
    node = data
    for key in where[:-1]:
        node = node.setdefault(key, {}) if isinstance(key, str) else node[key]
    node[where[-1]] = value
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data))
    project = tmp_path / "p.archwise"
    Project.open(project, create=True).close()
    planned = _archwise("fleet", str(bad), "--project", str(project))
    assert planned.returncode == 2 and planned.stderr.count("\n") == 1, planned.stderr
    assert says in planned.stderr
    imported = _archwise("portfolio", "import", str(bad), "--project", str(project))
    assert imported.returncode == 2 and says in imported.stderr, imported.stderr
    listed = _archwise("portfolio", "list", "--project", str(project))
    assert data["name"] not in listed.stdout  # nothing written
