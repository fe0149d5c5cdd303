"""A figure sized on a calibrated profile says so in the decision package (the PDF read back),
and the charts carry the mark: ringed points, "(calibrated)" legend names, a key entry."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from app.domain import Scenario
from app.services import measurements as ms
from app.services.reporting import export_decision_package
from app.services.sizing import size_scenario
from app.store import Project

DATA = Path(__file__).resolve().parents[1] / "data" / "measurements"

SCENARIO = Scenario.model_validate(
    {
        "name": "Support chat on an L40S",
        "workload": {
            "name": "Support chat",
            "category": "inference_api",
            "traffic": {"requests_per_s": 1.0, "peak_to_mean": 2.0},
            "tokens": {"input_tokens": 1000, "output_tokens": 270},
            "sla": {"ttft_p95_ms": 2000},
        },
        "candidates": {"models": ["Llama-3.2-3B-Instruct"], "hardware": ["NVIDIA L40S"], "precisions": ["bf16"]},
    }
)


def test_calibrated_profile_is_named_in_window_figures_and_report(tmp_path):
    project = Project.open(tmp_path / "p.archwise", create=True)
    try:
        runs = ms.import_files([DATA / "plain.csv"])
        ms.add_runs(project, runs)
        cal = ms.fit(runs[1:], project.catalog())[0]
        ms.apply(project, cal)
        sizing = size_scenario(project, SCENARIO)
        opt = sizing.recommended
        assert opt is not None
        note = f"calibrated profile 'nvidia-ada/vLLM/bf16': {cal.summary()}"
        assert note in opt.flags  # the window's options table and Explain tab show the flags
        out = export_decision_package(project, SCENARIO, tmp_path / "d.pdf", author="Test", date="2026-11-30")
        text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(out)).pages)
        assert "calibrated on 1 of your runs" in text
        assert "your measurements: plain.csv" in text  # the sources list says where the factors come from
        # the charts mark the points sized on it (issue 21: they were drawn like catalog points)
        assert opt.calibration == cal.summary()
        marked = [s for c in sizing.charts for s in c.series if s.calibration]
        assert marked and all(s.calibration == cal.summary() for s in marked)
        assert {c.key for c in sizing.charts if any(s.calibration for s in c.series)} >= {"latency_vs_concurrency"}
        assert "(calibrated)" in text and "Ringed: calibrated on 1 of your runs, residual" in text
    finally:
        project.close()
