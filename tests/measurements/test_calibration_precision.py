"""Calibrations are keyed per (accelerator family, runtime, weight precision) (issue 21): a fit on
BF16 runs moves BF16 predictions and leaves FP8 ones on the same device and runtime alone; a
calibration stored before precision joined the key (profile "<class>/<runtime>", no precision)
still loads, still applies to every precision and still reverts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain import Precision
from app.domain.measurement import MeasuredRun
from app.engine import estimate
from app.engine.calibration import base_profile, fit, profile_key, scaled
from app.services import measurements as ms
from app.store import Project
from app.store.calibrations import CALIBRATIONS_KEY
from app.store.io_formats import catalog_from_dir

ROOT = Path(__file__).resolve().parents[2]
TRUE_MBU = 1.25


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir(ROOT / "catalog")


def tpot(catalog, precision: str, conc: float = 8) -> float:
    return estimate(
        catalog,
        model="Llama-3.2-3B-Instruct",
        hardware="NVIDIA L40S",
        gpus=1,
        precision=precision,
        runtime="vLLM",
        input_tokens=999,
        output_tokens=270,
        concurrency=conc,
    ).tpot_ms


@pytest.fixture(scope="module")
def runs(catalog):
    """BF16 runs of a device whose kernels use the bandwidth 25 % better than the catalog says."""
    prof, _ = base_profile(catalog, "nvidia-ada", "vLLM")
    truth = catalog.merged_with(efficiency=[scaled(prof, "mbu_decode", TRUE_MBU)])
    return [
        MeasuredRun(
            id=f"bf16#{i}",
            source_file="l40s.csv",
            model="Llama-3.2-3B-Instruct",
            accelerator="NVIDIA L40S",
            gpus=1,
            runtime="vLLM",
            precision=Precision.BF16,
            input_tokens=999,
            output_tokens=270,
            load="concurrency",
            concurrency=c,
            tpot_ms=tpot(truth, "bf16", c),
        )
        for i, c in enumerate((1, 8, 32), 1)
    ]


def test_the_key_carries_the_precision(catalog, runs):
    assert profile_key(runs[0], catalog) == ("nvidia-ada", "vLLM", Precision.BF16)
    cal = fit(runs, catalog, "nvidia-ada", "vLLM", precision=Precision.BF16)
    assert cal.profile == "nvidia-ada/vLLM/bf16" and cal.precision is Precision.BF16 and not cal.replaced


def test_a_bf16_fit_leaves_fp8_alone(catalog, runs):
    cal = fit(runs, catalog, "nvidia-ada", "vLLM", precision=Precision.BF16)
    after = catalog.merged_with(efficiency=[cal.after])
    assert tpot(after, "bf16") < tpot(catalog, "bf16")  # the device is faster than the catalog said
    assert tpot(after, "fp8") == tpot(catalog, "fp8")  # another precision on the same device and runtime


def test_a_calibration_stored_before_the_key_had_precision_keeps_working(tmp_path, catalog, runs):
    old = fit(runs, catalog, "nvidia-ada", "vLLM")  # no precision: the "<class>/<runtime>" profile
    assert old.profile == "nvidia-ada/vLLM" and old.precision is None
    stored = json.loads(old.model_dump_json())
    del stored["precision"]  # as an earlier version wrote it
    project = Project.open(tmp_path / "p.archwise", create=True)
    try:
        shipped_bf16, shipped_fp8 = tpot(project.catalog(), "bf16"), tpot(project.catalog(), "fp8")
        ms.apply(project, old)
        project.set_setting(CALIBRATIONS_KEY, json.dumps([{**stored, "applied": True}]))
        loaded = ms.calibrations(project)
        assert [(c.profile, c.precision, c.applied) for c in loaded] == [("nvidia-ada/vLLM", None, True)]
        # the old profile still applies to every precision on that runtime, as it did
        assert tpot(project.catalog(), "bf16") < shipped_bf16 and tpot(project.catalog(), "fp8") < shipped_fp8
        ms.revert(project, "nvidia-ada/vLLM")
        assert (tpot(project.catalog(), "bf16"), tpot(project.catalog(), "fp8")) == (shipped_bf16, shipped_fp8)
    finally:
        project.close()
