"""A fit on one device's runs applies to its whole efficiency class, but only that device is marked
"calibrated"; another device of the class says "profile fitted on <device> runs" (tgui3 D12)."""

from __future__ import annotations

from pathlib import Path

from app.domain import Scenario
from app.domain.results import CALIBRATED_FLAG
from app.services import measurements as ms
from app.services.sizing import size_scenario
from app.store import Project

DATA = Path(__file__).resolve().parents[1] / "data" / "measurements"

SCENARIO = Scenario.model_validate(
    {
        "name": "Support chat on Ada",
        "workload": {
            "name": "Support chat",
            "category": "inference_api",
            "traffic": {"requests_per_s": 1.0, "peak_to_mean": 2.0},
            "tokens": {"input_tokens": 1000, "output_tokens": 270},
            "sla": {"ttft_p95_ms": 2000},
        },
        "candidates": {
            "models": ["Llama-3.2-3B-Instruct"],
            "hardware": ["NVIDIA L40S", "NVIDIA L4"],
            "precisions": ["bf16"],
        },
    }
)


def test_only_the_measured_device_is_marked_calibrated(tmp_path):
    project = Project.open(tmp_path / "p.archwise", create=True)
    try:
        runs = ms.import_files([DATA / "plain.csv"])
        ms.add_runs(project, runs)
        cal = ms.fit(runs[1:], project.catalog())[0]
        assert {r.accelerator for r in runs[1:]} == {"NVIDIA L40S"}
        assert cal.after.calibrated_on == ["NVIDIA L40S"]
        ms.apply(project, cal)
        sizing = size_scenario(project, SCENARIO)
        l40s = [o for o in sizing.options if o.accelerator == "NVIDIA L40S"]
        l4 = [o for o in sizing.options if o.accelerator == "NVIDIA L4"]
        assert l40s and l4
        assert all(o.calibration == cal.summary() for o in l40s)
        for o in l4:
            assert o.calibration == ""  # no ring, no "(calibrated)", no "cal." in the legend
            assert not any(f.startswith(CALIBRATED_FLAG) for f in o.flags)
            assert any(
                f.startswith("profile fitted on NVIDIA L40S runs") and "not measured on it" in f for f in o.flags
            )
        marked = {s.option_index for c in sizing.charts for s in c.series if s.calibration}
        assert all(sizing.options[n].accelerator == "NVIDIA L40S" for n in marked)
    finally:
        project.close()
