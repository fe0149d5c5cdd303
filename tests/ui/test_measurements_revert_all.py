"""The Measurements page (real widgets, real project file): "revert to catalog" for every
precision of an accelerator class and runtime at once, undoable; a fit that moved nothing is
shown as "no change", never as "calibrated" (issue 21 review)."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QUndoStack

from app.domain import Precision
from app.domain.measurement import MeasuredRun
from app.engine import calibration as fitting
from app.services import measurements as ms
from app.store import Project
from app.ui.measurements.page import MeasurementsPage

HEADER = "model,accelerator,gpus,runtime,precision,input_tokens,output_tokens,concurrency,ttft_ms,tpot_ms\n"


def own_csv(project, path, precisions, scale):
    """A plain CSV of runs on one L40S measuring the catalog's prediction x `scale`."""
    lines = [HEADER]
    for prec in precisions:
        for c in (4, 16):
            probe = MeasuredRun(
                id="p", model="Llama-3.1-8B-Instruct", accelerator="NVIDIA L40S", gpus=1, runtime="vLLM",
                precision=Precision(prec), input_tokens=1000, output_tokens=200, load="concurrency",
                concurrency=c, ttft_ms=1, tpot_ms=1,
            )  # fmt: skip
            pred = fitting.predicted_figures(probe, project.catalog())
            lines.append(
                f"Llama-3.1-8B-Instruct,NVIDIA L40S,1,vLLM,{prec},1000,200,{c},"
                f"{pred['ttft_ms'] * scale:.6g},{pred['tpot_ms'] * scale:.6g}\n"
            )
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


@pytest.fixture
def page(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.archwise", create=True)
    stack = QUndoStack()
    w = MeasurementsPage(lambda: project, stack)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    yield w, project, stack
    w.runner.cancel()
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=60_000)
    project.close()
    w.close()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def fit_and_apply(w, qtbot):
    with qtbot.waitSignal(w.results_shown, timeout=120_000):
        w.fit_button.click()
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        w.apply_button.click()


def test_revert_every_precision_at_once_and_undo(page, qtbot, tmp_path):
    w, project, stack = page
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        assert w.import_files([own_csv(project, tmp_path / "own.csv", ("bf16", "fp8"), 0.7)])
    fit_and_apply(w, qtbot)
    both = ["nvidia-ada/vLLM/bf16", "nvidia-ada/vLLM/fp8"]
    assert sorted(c.profile for c in ms.applied(project)) == both
    items = [w.profiles.itemText(i) for i in range(w.profiles.count())]
    assert "nvidia-ada/vLLM (all precisions)" in items
    w.profiles.setCurrentIndex(items.index("nvidia-ada/vLLM (all precisions)"))
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        w.revert_button.click()
    assert ms.applied(project) == []
    assert not any(p.calibration_note for p in project.catalog().efficiency)
    assert stack.undoText() == "Revert nvidia-ada/vLLM (all precisions) to the catalog"
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        stack.undo()
    assert sorted(c.profile for c in ms.applied(project)) == both
    assert sum(1 for p in project.catalog().efficiency if p.calibration_note.startswith("calibrated on 2")) == 2
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        stack.redo()
    assert ms.applied(project) == []


def test_a_fit_that_moved_nothing_is_shown_as_no_change(page, qtbot, tmp_path):
    w, project, stack = page
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        assert w.import_files([own_csv(project, tmp_path / "exact.csv", ("bf16",), 1.0)])
    messages = []
    w.message_posted.connect(messages.append)
    fit_and_apply(w, qtbot)
    fit_said = next(m for m in messages if "nvidia-ada/vLLM/bf16:" in m)  # the fit's message
    assert "no change" in fit_said and "calibrated on" not in fit_said
    assert [c.changed for c in ms.applied(project)] == [False]
    text = w.status.text()
    assert "nvidia-ada/vLLM/bf16: fitted on 2 of your runs, no change: median residual already 0 %" in text
    assert "calibrated on" not in text
    assert w.profiles.currentText() == "nvidia-ada/vLLM/bf16 (no change)"
    assert not any(p.calibration_note for p in project.catalog().efficiency)
