"""A bench file that gives a context field in a form Archwise cannot use is told what is wrong
with the value (completed 0, tensor_parallel_size "0", precision fp3), not that the field is
missing; a flag still supplies it. A portfolio given where a scenario is expected says so."""

from __future__ import annotations

import json

import pytest
import yaml

from app.cli import main
from app.domain import DomainError
from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario

RUN = {
    "date": "20261128-101500",
    "backend": "vllm",
    "model_id": "meta-llama/Llama-3.1-8B-Instruct",
    "num_prompts": 400,
    "request_rate": "inf",
    "max_concurrency": 8,
    "duration": 264.2,
    "completed": 400,
    "total_input_tokens": 400000,
    "total_output_tokens": 80000,
    "output_throughput": 302.8,
    "mean_ttft_ms": 110,
    "mean_tpot_ms": 26.0,
    "gpu": "NVIDIA L40S",
    "tensor_parallel_size": "1",
    "precision": "bf16",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("proj") / "cal.archwise"
    assert main(["catalog", "list", "runtimes", "--project", str(path)]) == 0
    return str(path)


def _calibrate(tmp_path, capsys, project, change, *flags):
    path = tmp_path / "run.json"
    path.write_text(json.dumps({**RUN, **change}), encoding="utf-8")
    capsys.readouterr()
    code = main(["calibrate", str(path), "--project", project, *flags])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "change, says",
    [
        (
            {"completed": 0},
            "completed 0: no request finished, so the file gives no tokens per request "
            "(give --input-tokens, --output-tokens)",
        ),
        (
            {"tensor_parallel_size": "0"},
            "tensor_parallel_size '0' is not a GPU count (a whole number from 1) (give --gpus)",
        ),
        ({"precision": "fp3"}, "precision 'fp3' is not one Archwise knows (fp32, bf16"),
    ],
)
def test_a_bad_value_is_named_not_called_missing(tmp_path, capsys, project, change, says):
    code, err = _calibrate(tmp_path, capsys, project, change)
    assert code == 2 and err.count("\n") == 1
    assert says in err and "lacks" not in err


def test_a_flag_still_gives_what_the_file_gives_badly(tmp_path, capsys, project):
    code, _ = _calibrate(tmp_path, capsys, project, {"precision": "fp3"}, "--precision", "bf16")
    assert code == 0


def test_a_portfolio_is_not_a_scenario(tmp_path, capsys):
    portfolio = EXAMPLES_DIR / "fleet" / "saas-cascade.yaml"
    with pytest.raises(DomainError, match="this is a portfolio file .* not a scenario"):
        load_scenario(portfolio)
    data = yaml.safe_load(portfolio.read_text(encoding="utf-8"))
    data["workloads"][0] = {"name": "Loop", "file": str(portfolio)}
    looped = tmp_path / "looped.yaml"
    looped.write_text(yaml.safe_dump(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["fleet", str(looped)]) == 2
    err = capsys.readouterr().err
    assert "this is a portfolio file" in err and "Extra inputs" not in err
