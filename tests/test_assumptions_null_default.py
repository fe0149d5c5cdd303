"""`null` for an assumption means its default, as an omitted key does (tcli5 N20:
`growth_per_quarter: null` was refused as "'None' is not a number"), through the CLI's own reader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from app.domain import Assumptions, Scenario, parse

SCENARIO = {
    "name": "Null assumptions",
    "workload": {
        "name": "chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.0},
        "tokens": {"input_tokens": 500, "output_tokens": 100},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["AWS g6.xlarge"]},
}


@pytest.mark.parametrize("key", sorted(Assumptions.model_fields))
def test_every_assumption_null_is_its_default(key):
    got = parse(Scenario, SCENARIO | {"assumptions": {key: None}}).assumptions
    assert getattr(got, key) == getattr(Assumptions(), key)


def test_growth_null_is_zero_and_other_values_still_checked():
    a = parse(Scenario, SCENARIO | {"assumptions": {"growth_per_quarter": None, "pue": None}}).assumptions
    assert a.growth_per_quarter == 0.0 and a.pue == pytest.approx(1.4)
    with pytest.raises(Exception, match="is not a number"):
        parse(Scenario, SCENARIO | {"assumptions": {"growth_per_quarter": "fast"}})


def test_cli_accepts_growth_null(tmp_path: Path):
    path = tmp_path / "s.yaml"
    data = SCENARIO | {"assumptions": {"growth_per_quarter": None, "grid_gco2e_per_kwh": None}}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "app", "size", str(path)],
        capture_output=True,
        text=True,
        env={"ARCHWISE_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).resolve().parents[1],
        timeout=300,
    )
    assert "is not a number" not in out.stdout + out.stderr
    assert out.returncode == 0, out.stdout + out.stderr
