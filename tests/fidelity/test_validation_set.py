"""bench/validation/measurements.yaml: at least 40 sourced rows that validate, cover the
accelerators, model kinds, parallelism and metrics the issue asks for, and name catalog
records that exist."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from app.paths import CATALOG_DIR

MOE_MODELS = {
    "Mixtral-8x7B-Instruct-v0.1",
    "Mixtral-8x22B-Instruct-v0.1",
    "Qwen3-30B-A3B",
    "Qwen3-235B-A22B",
    "DeepSeek-V3",
}


def _names(kind: str) -> set[str] | None:
    path = CATALOG_DIR / f"{kind}.yaml"
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {r["name"] for r in data.get("records", [])}


def test_at_least_forty_rows_with_unique_ids(measurements):
    assert len(measurements) >= 40
    assert len({m.id for m in measurements}) == len(measurements)


def test_every_row_is_sourced_and_dated(measurements):
    for m in measurements:
        assert "http" in m.source or "github.com" in m.source, f"{m.id}: source must be a URL"
        assert m.as_of <= dt.date(2026, 11, 30), m.id


def test_coverage_of_hardware_models_parallelism_and_metrics(measurements):
    accelerators = {m.accelerator for m in measurements}
    assert len(accelerators) >= 5, accelerators
    assert any(m.model in MOE_MODELS for m in measurements)
    assert any(m.model not in MOE_MODELS for m in measurements)
    assert any(m.gpus == 1 for m in measurements) and any(m.gpus > 1 for m in measurements)
    metrics = {m.metric for m in measurements}
    assert {"output_tokens_per_s", "tpot_ms", "ttft_ms"} <= metrics
    assert {m.split for m in measurements} == {"train", "test"}
    assert {m.load for m in measurements} == {"offline", "concurrency", "rate"}


PHYSICAL = {"tpot_ms": (1, 2000), "ttft_ms": (1, 600_000), "output_tokens_per_s": (0.1, 1e6)}


def test_values_are_in_physical_ranges(measurements):
    assert {m.metric for m in measurements} <= set(PHYSICAL)  # every row is checked by one range
    for m in measurements:
        low, high = PHYSICAL[m.metric]
        assert low <= m.value <= high, m.id


@pytest.mark.parametrize("kind, attr", [("models", "model"), ("accelerators", "accelerator"), ("runtimes", "runtime")])
def test_rows_name_catalog_records(measurements, kind, attr):
    names = _names(kind)
    if names is None:
        pytest.skip(f"catalog/{kind}.yaml is not in the tree yet")
    missing = sorted({getattr(m, attr) for m in measurements} - names)
    assert not missing, f"rows name {kind} the catalog lacks: {missing}"


def test_a_bad_row_is_rejected_with_its_id(accuracy, tmp_path):
    bad = {
        "kind": "measurements",
        "records": [
            {
                "id": "bad-row",
                "source": "https://example.org/x",
                "as_of": "2026-01-01",
                "model": "m",
                "accelerator": "a",
                "gpus": 2,
                "tensor_parallel": 1,
                "precision": "bf16",
                "runtime": "vLLM",
                "input_tokens": 10,
                "output_tokens": 10,
                "load": "offline",
                "metric": "tpot_ms",
                "value": 5,
                "split": "test",
            }
        ],
    }
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    from app.domain import DomainError

    with pytest.raises(DomainError, match="bad-row"):
        accuracy.load_measurements(path)
