"""A region in constraints.regions that no catalog (or inline) instance, grid record or hosted API
names is refused with the closest names, in the engine, by `size` (exit 2) and at the scenario
editor's field (tcli5 N5: 'eu-central1' silently dropped every cloud candidate)."""

from __future__ import annotations

import copy

import pytest
import yaml

from app.cli import main
from app.domain import DomainError, Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "Region typo",
    "workload": {
        "name": "chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 2},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["AWS g6e.xlarge (eu-central-1)"]},
    "constraints": {"regions": ["eu-central1"]},
}
REFUSED = (
    "unknown region 'eu-central1': no catalog instance, grid record or hosted API names it, so it would "
    "leave out every cloud offer; closest: eu-central-1"
)


def _scenario(**constraints):
    data = copy.deepcopy(SCENARIO)
    data["constraints"].update(constraints)
    return parse(Scenario, data)


def test_engine_refuses_an_unknown_region_with_the_closest(catalog):
    with pytest.raises(DomainError) as err:
        size(_scenario(), catalog)
    assert str(err.value).startswith(REFUSED)
    # a known region (any case), a grid record's name, a hosted API's residency: accepted
    sized = size(_scenario(regions=["EU-Central-1"]), catalog)
    assert sized.options and all(o.hardware == "AWS g6e.xlarge (eu-central-1)" for o in sized.options)
    # a list with a known region stands; the unknown one is noted, not silently dropped
    sized = size(_scenario(regions=["eu-central1", "eu-central-1"]), catalog)
    assert sized.options
    assert any(n.startswith("unknown region 'eu-central1': no catalog instance") for n in sized.scope_notes)


def test_size_exits_2_naming_the_closest_region(tmp_path, capsys):
    path = tmp_path / "typo.yaml"
    path.write_text(yaml.safe_dump(SCENARIO))
    code = main(["size", str(path), "--project", str(tmp_path / "p.archwise")])
    _, err = capsys.readouterr()
    assert code == 2
    assert REFUSED in err
