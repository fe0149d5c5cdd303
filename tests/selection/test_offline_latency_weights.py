"""An offline job with no latency target does not let p95 TTFT and TPOT decide (tcli3 finding 13):
their default weights are 0 for a batch/offline workload whose SLA sets no TTFT/TPOT/e2e target,
the matrix and the decision package say so; a target, an explicit weight or a serving workload
keeps the defaults (TTFT 2.0, TPOT 1.0)."""

from __future__ import annotations

import pytest
import yaml
from pypdf import PdfReader

from app.cli import main
from app.domain import Scenario, parse
from app.engine import size
from app.selection import build_matrix
from app.store.io_formats import catalog_from_dir

BATCH = {
    "name": "Contract extraction",
    "category": "batch",
    "tokens": {"input_tokens": 1500, "output_tokens": 200},
    "batch": {"total_requests": 120000, "recurrence": "business_days", "start_window": "22:00-04:00"},
}
CANDIDATES = {
    "models": ["Llama-3.1-8B-Instruct"],
    "hardware": ["Lambda 1x H100 SXM", "AWS p5.48xlarge"],
    "precisions": ["bf16"],
    "runtimes": ["vLLM"],
}


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir()


def scenario(workload: dict) -> Scenario:
    return parse(Scenario, {"name": "Offline", "workload": workload, "candidates": CANDIDATES})


def matrix(catalog, workload: dict, weights: dict | None = None):
    s = scenario(workload)
    return build_matrix(size(s, catalog), catalog, s.workload, weights)


def test_batch_without_latency_target_weighs_latency_zero(catalog):
    m = matrix(catalog, BATCH)
    w = m.weights()
    assert (w["ttft_p95"], w["tpot"]) == (0.0, 0.0)
    assert (w["cost_per_mtok"], w["quality"]) == (3.0, 3.0)
    share = {c.key: c.weight_share for c in m.criteria}
    assert share["ttft_p95"] == 0.0 and share["tpot"] == 0.0
    assert m.weights_note.startswith("p95 TTFT and TPOT weigh 0 by default here")


def test_a_latency_target_or_weight_or_serving_keeps_the_defaults(catalog):
    with_target = matrix(catalog, {**BATCH, "sla": {"tpot_p95_ms": 80}})
    assert (with_target.weights()["ttft_p95"], with_target.weights()["tpot"]) == (2.0, 1.0)
    assert with_target.weights_note == ""
    chosen = matrix(catalog, BATCH, {"ttft_p95": 1.5})
    assert (chosen.weights()["ttft_p95"], chosen.weights()["tpot"]) == (1.5, 0.0)
    assert chosen.weights_note == ""
    api = {
        "name": "Chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.0},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
    }
    serving = matrix(catalog, api)
    assert (serving.weights()["ttft_p95"], serving.weights()["tpot"]) == (2.0, 1.0)
    assert serving.weights_note == ""


def test_the_decision_package_states_the_zero_weights(tmp_path):
    path = tmp_path / "batch.yaml"
    path.write_text(yaml.safe_dump({"name": "Offline", "workload": BATCH, "candidates": CANDIDATES}))
    out = tmp_path / "batch.pdf"
    assert main(["report", str(path), "-o", str(out)]) == 0
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(out)).pages)
    assert "Weights: p95 TTFT and TPOT weigh 0 by default here: an offline job with no latency target" in text
