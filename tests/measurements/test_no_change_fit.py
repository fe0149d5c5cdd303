"""A fit that moves no factor is stored and said as what it is (issue 21 review): "fitted on N of
your runs, no change", the efficiency record in force untouched, no figure marked calibrated.
Before, such a fit was applied as "calibrated on N of your runs" with narrowed bands although no
figure changed. A fit that moves a factor is still applied and said as calibrated."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import Precision
from app.domain.measurement import MeasuredRun
from app.engine import calibration as fitting
from app.services import measurements as ms
from app.store import Project

NOW = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)
PROFILE = "nvidia-ada/vLLM/bf16"


def run(i: int, concurrency: float, **figures: float) -> MeasuredRun:
    return MeasuredRun(
        id=f"own.csv#{i}",
        source_file="own.csv",
        model="Llama-3.1-8B-Instruct",
        accelerator="NVIDIA L40S",
        gpus=1,
        runtime="vLLM",
        precision=Precision.BF16,
        input_tokens=1000,
        output_tokens=200,
        load="concurrency",
        concurrency=concurrency,
        **figures,
    )


def as_predicted(catalog, scale: float = 1.0) -> list[MeasuredRun]:
    """Runs measuring what the catalog predicts (x scale): at 1 the engine is already right."""
    out = []
    for i, c in enumerate((4.0, 16.0), 1):
        probe = run(i, c, ttft_ms=1.0, tpot_ms=1.0)
        pred = fitting.predicted_figures(probe, catalog)
        out.append(run(i, c, ttft_ms=pred["ttft_ms"] * scale, tpot_ms=pred["tpot_ms"] * scale))
    return out


@pytest.fixture
def project(tmp_path):
    p = Project.open(tmp_path / "p.archwise", create=True)
    yield p
    p.close()


def test_a_fit_that_moves_nothing_is_no_calibration(project):
    catalog = project.catalog()
    (cal,) = [fitting.fit(as_predicted(catalog), catalog, "nvidia-ada", "vLLM", precision=Precision.BF16, now=NOW)]
    assert cal.changed is False and cal.multipliers == {}
    assert cal.after == cal.before  # bands not narrowed, not flagged calibrated
    assert not cal.after.calibrated and cal.after.calibration_note == ""
    text = cal.summary()
    assert text.startswith("fitted on 2 of your runs, no change: median residual already 0 %")
    assert "calibrated on" not in text
    records_before = {p.name: p for p in catalog.efficiency}
    stored = ms.apply(project, cal)
    assert stored.applied and [c.profile for c in ms.applied(project)] == [PROFILE]
    after = project.catalog()
    assert {p.name: p for p in after.efficiency} == records_before  # the record in force untouched
    assert not any(p.calibration_note for p in after.efficiency)  # no figure says "calibrated on"
    ms.revert(project, PROFILE)
    assert ms.applied(project) == [] and {p.name: p for p in project.catalog().efficiency} == records_before


def test_a_fit_that_moves_a_factor_is_a_calibration(project):
    catalog = project.catalog()
    runs = as_predicted(catalog, scale=0.7)  # 30 % faster than the catalog says
    cal = fitting.fit(runs, catalog, "nvidia-ada", "vLLM", precision=Precision.BF16, now=NOW)
    assert cal.changed is True and cal.multipliers
    assert cal.summary().startswith("calibrated on 2 of your runs")
    ms.apply(project, cal)
    (prof,) = [p for p in project.catalog().efficiency if p.name == PROFILE]
    assert prof.calibrated and prof.calibration_note.startswith("calibrated on 2 of your runs")


def test_no_change_after_an_earlier_fit_says_the_figures_keep_it(project):
    catalog = project.catalog()
    first = fitting.fit(as_predicted(catalog, scale=0.7), catalog, "nvidia-ada", "vLLM", precision=Precision.BF16)
    ms.apply(project, first)
    again = project.catalog()
    cal = fitting.fit(as_predicted(again), again, "nvidia-ada", "vLLM", precision=Precision.BF16, now=NOW)
    assert cal.changed is False
    assert (
        "no change" in cal.summary() and "figures keep the earlier fit, calibrated on 2 of your runs" in cal.summary()
    )


def test_a_fit_every_move_of_which_worsens_a_figure_is_no_calibration(project):
    """TTFT exact, TPOT 30 % high: every factor that would fix TPOT also moves TTFT at concurrency,
    so each move is refused (fit() never worsens a figure); the result is no change, said so."""
    catalog = project.catalog()
    runs = [r.model_copy(update={"tpot_ms": r.tpot_ms * 0.7}) for r in as_predicted(catalog)]
    cal = fitting.fit(runs, catalog, "nvidia-ada", "vLLM", precision=Precision.BF16, now=NOW)
    assert cal.changed is False and cal.residual_before == cal.residual_after
    assert "no change" in cal.summary() and "TPOT 43 %" in cal.summary()  # (1 - 0.7) / 0.7 = 42.9 %
