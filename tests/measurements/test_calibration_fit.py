"""Calibrating on one device's runs moves that device's predictions toward its measurements and
leaves the other devices' predictions exactly as they were; apply, revert and undo through the
project file; a bad file changes nothing."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from app.domain import DomainError, Precision
from app.domain.measurement import MeasuredRun
from app.engine import estimate
from app.engine.calibration import _scaled, base_profile, fit, residuals
from app.services import measurements as ms
from app.store import Project
from app.store.io_formats import catalog_from_dir

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "measurements"


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir(ROOT / "catalog")


def l40s_run(i: int, conc: float, tpot_ms: float) -> MeasuredRun:
    return MeasuredRun(
        id=f"l40s#{i}",
        source_file="l40s.csv",
        model="Llama-3.2-3B-Instruct",
        accelerator="NVIDIA L40S",
        gpus=1,
        runtime="vLLM",
        precision=Precision.BF16,
        input_tokens=999,
        output_tokens=270,
        load="concurrency",
        concurrency=conc,
        tpot_ms=tpot_ms,
    )


# Constructed measurements: a device whose kernels use the memory bandwidth 25 % better than the
# catalog's profile says (its TPOT, from the engine itself with mbu_decode x1.25), at three loads.
TRUE_MBU = 1.25


@pytest.fixture(scope="module")
def runs(catalog):
    prof, _ = base_profile(catalog, "nvidia-ada", "vLLM")
    truth = catalog.merged_with(efficiency=[_scaled(prof, "mbu_decode", TRUE_MBU)])
    return [l40s_run(i, c, tpot(truth, "NVIDIA L40S", c)) for i, c in enumerate((1, 8, 32), 1)]


def tpot(catalog, hardware: str, conc: float = 16) -> float:
    return estimate(
        catalog,
        model="Llama-3.2-3B-Instruct",
        hardware=hardware,
        gpus=1,
        precision="bf16",
        runtime="vLLM",
        input_tokens=999,
        output_tokens=270,
        concurrency=conc,
    ).tpot_ms


def test_fit_moves_the_device_toward_its_runs_and_leaves_others(catalog, runs):
    cal = fit(runs, catalog, "nvidia-ada", "vLLM")
    after = catalog.merged_with(efficiency=[cal.after])
    before_rows, after_rows = residuals(runs, catalog), residuals(runs, after)
    for b, a in zip(before_rows, after_rows, strict=True):
        assert abs(math.log(a.predicted / a.measured)) < abs(math.log(b.predicted / b.measured))
    assert cal.residual_after < cal.residual_before
    assert cal.residual_after < 0.03  # the fit finds the device again: within 3 % of its runs
    assert cal.multipliers["mbu_decode"] == pytest.approx(TRUE_MBU, abs=0.1)
    # another accelerator class (Ampere) and the same class on another runtime are untouched
    assert tpot(after, "NVIDIA A100 80GB SXM") == tpot(catalog, "NVIDIA A100 80GB SXM")
    assert estimate(
        after,
        model="Llama-3.2-3B-Instruct",
        hardware="NVIDIA L40S",
        gpus=1,
        precision="bf16",
        runtime="TensorRT-LLM",
        input_tokens=999,
        output_tokens=270,
        concurrency=16,
    ).tpot_ms == (
        estimate(
            catalog,
            model="Llama-3.2-3B-Instruct",
            hardware="NVIDIA L40S",
            gpus=1,
            precision="bf16",
            runtime="TensorRT-LLM",
            input_tokens=999,
            output_tokens=270,
            concurrency=16,
        ).tpot_ms
    )
    # provenance and marking
    assert cal.profile == "nvidia-ada/vLLM" and not cal.replaced  # a new runtime-specific profile
    assert cal.after.calibrated and cal.after.calibration_note.startswith("calibrated on 3 of your runs, residual")
    assert cal.files == ["l40s.csv"] and cal.run_ids == ["l40s#1", "l40s#2", "l40s#3"] and cal.rows == 3
    assert set(cal.multipliers) <= {"mbu_decode", "mfu_decode", "step_overhead_ms"}  # TPOT informs decode only
    band = cal.after.mbu_decode
    base = base_profile(catalog, "nvidia-ada", "vLLM")[0].mbu_decode
    assert band.high - band.low < base.high - base.low  # narrowed to the residuals
    flags = estimate(
        after,
        model="Llama-3.2-3B-Instruct",
        hardware="NVIDIA L40S",
        gpus=1,
        precision="bf16",
        runtime="vLLM",
        input_tokens=999,
        output_tokens=270,
        concurrency=16,
    ).flags
    assert any("calibrated on 3 of your runs" in f for f in flags)


def test_apply_revert_and_revert_to_catalog(tmp_path, runs):
    project = Project.open(tmp_path / "p.archwise", create=True)
    try:
        shipped = tpot(project.catalog(), "NVIDIA L40S")
        cal = ms.fit(runs, project.catalog())[0]
        assert cal.first_run_date is None  # constructed runs carry no date
        ms.add_runs(project, runs)
        ms.apply(project, cal)
        calibrated = tpot(project.catalog(), "NVIDIA L40S")
        assert calibrated < shipped  # the device is faster than the catalog said
        assert tpot(project.catalog(), "NVIDIA L40S", 32) == pytest.approx(runs[2].tpot_ms, rel=0.03)
        assert [c.profile for c in ms.applied(project)] == ["nvidia-ada/vLLM/bf16"]
        assert [r.id for r in ms.runs(project)] == ["l40s#1", "l40s#2", "l40s#3"]
        # a second fit on top, then one undo gives the first fit back, "revert to catalog" the shipped one
        second = ms.fit(runs[:1], project.catalog())[0]
        assert second.replaced and second.before.calibration_note  # it replaces the first fit
        ms.apply(project, second)
        ms.revert(project, "nvidia-ada/vLLM/bf16")
        assert tpot(project.catalog(), "NVIDIA L40S") == calibrated
        assert ms.revert_to_catalog(project, "nvidia-ada/vLLM/bf16") == 1
        assert tpot(project.catalog(), "NVIDIA L40S") == shipped
        assert "nvidia-ada/vLLM/bf16" not in {p.name for p in project.catalog().efficiency}
        with pytest.raises(DomainError, match="no applied calibration"):
            ms.revert(project, "nvidia-ada/vLLM/bf16")
        assert len(ms.calibrations(project)) == 2  # the history stays
    finally:
        project.close()


def test_a_bad_file_changes_nothing(tmp_path):
    project = Project.open(tmp_path / "p.archwise", create=True)
    try:
        ms.add_runs(project, ms.import_files([DATA / "plain.csv"]))
        bad = tmp_path / "broken.json"
        bad.write_text('{"mean_ttft_ms": 5', encoding="utf-8")
        with pytest.raises(DomainError, match="broken.json"):
            ms.import_files([DATA / "llama_bench.json", bad])
        assert [r.id for r in ms.runs(project)] == ["plain.csv#1", "plain.csv#2"]
    finally:
        project.close()


def test_missing_context_is_named_with_its_flags(catalog):
    run = ms.import_files([DATA / "sglang_bench_serving.jsonl"])[0]
    why = ms.problems(run, catalog)
    assert "lacks model, accelerator, gpus, precision" in why and "--accelerator" in why
    with pytest.raises(DomainError, match="nothing to calibrate"):
        ms.fit([run], catalog)
    filled = ms.import_files(
        [DATA / "sglang_bench_serving.jsonl"],
        ms.Context(model="Llama-3.1-8B-Instruct", accelerator="NVIDIA H100 SXM", gpus=1, precision=Precision.BF16),
    )[0]
    assert ms.problems(filled, catalog) == ""


def test_names_match_the_catalog(catalog):
    runs = ms.match(ms.import_files([DATA / "llama_bench.json"]), catalog)
    assert runs[0].model == "Qwen2.5-7B-Instruct"  # "-Q4_K_M" dropped to find the record
