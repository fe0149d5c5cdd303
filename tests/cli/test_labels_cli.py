"""Labels and messages that said less than they meant (issue 12): what an agent's traffic rate
counts, what the options' tok/s and req/s columns are, a project kept from an older catalog,
and an integer written too large."""

from __future__ import annotations

import shutil

import pytest
import yaml

from app.cli import main
from app.domain import DomainError, Scenario, parse
from app.domain.workload import AgentSpec, Traffic
from app.paths import CATALOG_DIR
from app.store import Project

CHAT = {
    "name": "Labels",
    "workload": {
        "name": "Chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.0},
        "tokens": {"input_tokens": 500, "output_tokens": 100},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["RunPod 1x H100 SXM"], "precisions": ["bf16"]},
}


def test_an_agents_rate_is_documented_as_model_calls_not_tasks():
    text = Traffic.model_fields["requests_per_s"].description or ""
    assert "model calls per second" in text and "not tasks" in text
    assert "tasks per second x calls per task" in (AgentSpec.model_fields["calls_per_task"].description or "")
    readme = (CATALOG_DIR.parent / "README.md").read_text(encoding="utf-8")
    assert "model calls/s = tasks/s x calls_per_task" in readme


def test_the_options_table_says_tok_s_is_at_the_operating_batch_and_req_s_is_the_maximum(capsys, tmp_path):
    scenario = tmp_path / "chat.yaml"
    scenario.write_text(yaml.safe_dump(CHAT), encoding="utf-8")
    assert main(["size", str(scenario), "--project", str(tmp_path / "p.archwise")]) == 0
    header = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("#  "))
    # the figure is the replica's rate at its operating batch (its capacity), not at the peak load
    # (tcli3 finding 23: 1,292 tok/s printed "at peak" where the peak gives 3.75 req/s x 300 = 1,125)
    assert "out tok/s/replica at op. batch" in header and "max req/s/replica" in header
    assert "at peak" not in header


def test_a_project_from_an_older_catalog_says_merge_updates_it(capsys, tmp_path):
    # An older release listed the T4's 65 TFLOP/s FP16 tensor peak as tflops_bf16 (Turing has no BF16).
    old = tmp_path / "old_catalog"
    shutil.copytree(CATALOG_DIR, old)
    path = old / "accelerators.yaml"
    text = path.read_text(encoding="utf-8")
    t4 = text.index("  - name: NVIDIA T4\n")
    at = text.index("    tflops_fp16: 65\n", t4)
    path.write_text(text[:at] + "    tflops_bf16: 65\n" + text[at + len("    tflops_fp16: 65\n") :], encoding="utf-8")
    project = tmp_path / "old.archwise"
    Project.open(project, create=True, catalog_dir=old).close()
    assert main(["catalog", "list", "accelerators", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert "tflops_fp16" in out.splitlines()[0]
    assert "1 of them are from an older release" in out and "NVIDIA T4" in out and "archwise catalog merge" in out
    assert main(["catalog", "merge", "--project", str(project)]) == 0
    assert main(["catalog", "list", "accelerators", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert "older release" not in out


@pytest.mark.parametrize("written", ["1e200", "12.5", 0])
def test_an_integer_out_of_range_says_whole_number_and_its_range(written):
    data = yaml.safe_load(yaml.safe_dump(CHAT))
    data["workload"]["tokens"]["input_tokens"] = written
    with pytest.raises(DomainError) as err:
        parse(Scenario, data)
    assert "input_tokens: must be a whole number from 1 to 1,000,000,000" in str(err.value)


def test_an_integer_written_as_a_whole_float_string_is_read():
    data = yaml.safe_load(yaml.safe_dump(CHAT))
    data["workload"]["tokens"]["input_tokens"] = "2e3"  # YAML 1.1 reads 2e3 as a string
    assert parse(Scenario, data).workload.tokens.input_tokens == 2000
