"""Small wording faults (tcli3 findings 6 and 7): a pool's name as the user spelt it in an error,
"1 workload" in the singular, and an interactive API at an impossible rate told to lower its rate
(not "less work per run, a longer deadline": it has neither), its spare count with separators."""

from __future__ import annotations

import re

import pytest
import yaml

from app.cli import main
from app.domain import Scenario, parse
from app.domain.portfolio import Portfolio
from app.engine import size
from app.store.io_formats import catalog_from_dir

WORKLOAD = {
    "name": "W",
    "category": "inference_api",
    "traffic": {"requests_per_s": 5, "peak_to_mean": 2},
    "tokens": {"input_tokens": 1000, "output_tokens": 200},
    "sla": {"ttft_p95_ms": 1000, "tpot_p95_ms": 50},
}


def portfolio(pools_of_a: list[str]) -> dict:
    return {
        "name": "One",
        "workloads": [
            {
                "name": "A",
                "workload": WORKLOAD,
                "candidates": {"models": ["Llama-3.1-8B-Instruct"], "precisions": ["bf16"]},
                "pools": pools_of_a,
            }
        ],
        "fleet": {"pools": [{"name": "L", "instance": "Lambda 8x H100 SXM", "nodes": 1}]},
    }


def test_an_unknown_pool_error_names_the_pools_as_spelt():
    with pytest.raises(ValueError) as e:
        parse(Portfolio, portfolio(["Nowhere"]))
    assert "workload A: no pool named Nowhere (pools: L)" in str(e.value)


def test_one_workload_is_singular(capsys, tmp_path):
    path = tmp_path / "one.yaml"
    path.write_text(yaml.safe_dump(portfolio(["L"])), encoding="utf-8")
    assert main(["portfolio", "import", str(path), "--name", "Casc A", "--project", str(tmp_path / "p.archwise")]) == 0
    out = capsys.readouterr().out
    assert "Saved portfolio 'Casc A' (1 workload) in " in out


def test_an_api_at_an_impossible_rate_is_told_to_lower_its_rate():
    catalog = catalog_from_dir()
    s = parse(
        Scenario,
        {
            "name": "bad rate",
            "workload": {**WORKLOAD, "traffic": {"requests_per_s": 1e15, "peak_to_mean": 2}},
            "candidates": {
                "models": ["Llama-3.1-8B-Instruct"],
                "hardware": ["RunPod 1x H100 SXM"],
                "precisions": ["bf16"],
                "runtimes": ["vLLM"],
            },
        },
    )
    sz = size(s, catalog)
    # each option's own GPU-count violation (the verdict's binding constraint words its fix apart)
    gpus = [v for o in sz.options for v in o.violations if v.constraint == "gpus"]
    assert gpus
    for v in gpus:
        assert v.fix == "a lower request rate, or a faster option per GPU"
        spare = re.search(r"\(\+([0-9,]+) spare\)", v.detail)
        assert spare is not None and (int(spare.group(1).replace(",", "")) < 1000 or "," in spare.group(1))
