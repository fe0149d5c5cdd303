"""A boolean is not a number: YAML's `true` in a numeric field of a scenario or a portfolio is
refused at the boundary (pydantic alone reads it as 1, so `requests_per_s: true` sized 1 req/s)."""

from __future__ import annotations

import pytest
import yaml

from app.cli import main
from app.domain import Assumptions, DomainError, Traffic, parse
from app.domain.portfolio import HourlyProfile, NodePool, Stage
from app.domain.scenario import EvaluationLayer, SystemMap
from app.paths import EXAMPLES_DIR


@pytest.mark.parametrize(
    "cls, data, field",
    [
        (Traffic, {"requests_per_s": True}, "requests_per_s"),
        (Traffic, {"requests_per_s": 1, "peak_to_mean": False}, "peak_to_mean"),
        (Assumptions, {"pue": True}, "pue"),
        (Assumptions, {"max_zones": True}, "max_zones"),
        (HourlyProfile, {"days_per_week": True}, "days_per_week"),
        (Stage, {"model": "m", "answers": True}, "answers"),
        (NodePool, {"name": "p", "instance": "i", "failure_domains": True}, "failure_domains"),
        (NodePool, {"name": "p", "instance": "i", "nodes": True}, "nodes"),
        (SystemMap, {"pilot_traffic_share": True}, "pilot_traffic_share"),
        (EvaluationLayer, {"golden_set_size": True}, "golden_set_size"),
    ],
)
def test_numeric_field_refuses_a_boolean(cls, data, field):
    with pytest.raises(DomainError, match=field):
        parse(cls, data)


def test_boolean_list_item_is_refused():
    with pytest.raises(DomainError, match=r"levels\.3: must be a number, not true"):
        parse(HourlyProfile, {"levels": [1.0] * 3 + [True] + [1.0] * 20})


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.archwise"
    assert main(["catalog", "list", "runtimes", "--project", str(path)]) == 0
    return path


def test_size_refuses_a_boolean_rate(tmp_path, capsys, project):
    data = yaml.safe_load((EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml").read_text(encoding="utf-8"))
    data["workload"]["traffic"]["requests_per_s"] = True
    scenario = tmp_path / "s.yaml"
    scenario.write_text(yaml.safe_dump(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["size", str(scenario), "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "workload.traffic.requests_per_s: must be a number, not true" in err


def test_numbers_the_gui_writes_still_read():
    assert parse(Traffic, {"requests_per_s": 1}).requests_per_s == 1
    assert parse(Traffic, {"requests_per_s": "2.5"}).requests_per_s == 2.5
    assert parse(SystemMap, {"pilot_traffic_share": 0.25}).pilot_traffic_share == 0.25
