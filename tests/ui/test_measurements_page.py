"""The Measurements page with real widgets: import a result file, edit a run's context (undoable),
fit, apply (undoable), revert to the catalog; the chart shows predicted against measured."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QUndoStack

from app.services import measurements as ms
from app.store import Project
from app.ui.measurements.page import MeasurementsPage
from app.ui.measurements.runs_model import COLUMNS

DATA = Path(__file__).resolve().parent.parent / "data" / "measurements"


@pytest.fixture
def page(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.archwise", create=True)
    stack = QUndoStack()
    w = MeasurementsPage(lambda: project, stack)
    qtbot.addWidget(w)
    w.resize(1200, 700)
    yield w, project, stack
    w.runner.cancel()
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=60_000)
    project.close()
    # pyqtgraph's items hold reference cycles: collect them here, on the GUI thread, not whenever
    # the garbage collector next runs (it may run on a later test's worker thread, where Qt warns
    # "Timers cannot be started from another thread")
    w.close()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # destroyed here, on this thread
    gc.collect()


def test_import_edit_fit_apply_revert(page, qtbot, qtmodeltester):
    w, project, stack = page
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        assert w.import_files([str(DATA / "plain.csv")])
    assert [r.id for r in ms.runs(project)] == ["plain.csv#1", "plain.csv#2"]
    qtmodeltester.check(w.runs_model)
    qtmodeltester.check(w.residuals_model)
    assert w.residuals_model.rowCount() == 4  # TTFT, TPOT, throughput of run 1; TPOT of run 2
    how = w.residuals_model.columnCount() - 1  # "Predicted as": how the engine was asked
    assert w.residuals_model.headerData(how, Qt.Orientation.Horizontal) == "Predicted as"
    assert w.residuals_model.index(0, how).data() == "steady state, Poisson 2.5 req/s"
    assert w.residuals_model.index(3, how).data() == "steady state, 16 in flight"
    xs, ys = w.plot.catalog.getData()
    assert list(xs) == [54.58]  # the TTFT chart first: measured on x, predicted on y
    # an edit of the context is one undo step, written to the project
    gpus = next(i for i, c in enumerate(COLUMNS) if c.field == "gpus")
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        assert w.runs_model.setData(w.runs_model.index(1, gpus), "2")
    assert ms.runs(project)[1].gpus == 2
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        stack.undo()
    assert ms.runs(project)[1].gpus == 1
    # a refused edit says why and changes nothing
    messages = []
    w.message_posted.connect(messages.append)
    assert not w.runs_model.setData(w.runs_model.index(1, gpus), "-3")
    assert messages and "GPUs" in messages[-1] and ms.runs(project)[1].gpus == 1
    # fit (on a worker), then apply: the project's engine uses the fitted profile
    with qtbot.waitSignal(w.results_shown, timeout=120_000):
        w.fit_button.click()
    assert w.fitted is not None and w.apply_button.isEnabled()
    assert w.plot.calibrated.getData()[0] is not None
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        w.apply_button.click()
    assert [c.profile for c in ms.applied(project)] == ["nvidia-ada/vLLM/bf16"]
    assert "calibrated on 2 of your runs" in w.status.text()
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        stack.undo()  # undo the apply
    assert ms.applied(project) == []
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        stack.redo()
    assert w.revert_button.isEnabled() and w.profiles.currentData() == "nvidia-ada/vLLM/bf16"
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        w.revert_button.click()
    assert ms.applied(project) == []
    assert "catalog's efficiency profiles" in w.status.text()


def test_a_bad_file_says_one_line_and_changes_nothing(page, qtbot, tmp_path):
    w, project, stack = page
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    messages = []
    w.message_posted.connect(messages.append)
    assert not w.import_files([str(bad)])
    assert messages == ["bad.json: expected a JSON object or a list of objects"]
    assert ms.runs(project) == [] and stack.count() == 0
    assert "Refused bad.json: expected a JSON object" in w.import_report.text().replace("</b>", "").replace("<b>", "")


def test_a_bad_file_among_good_ones_is_refused_alone(page, qtbot, tmp_path):
    """D22: a multi-file import with one file that is not JSON and one with impossible values:
    the good files import, the bad file is named with why, and the values not used are listed
    file by file on the page itself (not only in the status bar, cut at the window's edge)."""
    w, project, stack = page
    bad = tmp_path / "notjson.json"
    bad.write_text("this is { not json", encoding="utf-8")
    text = (DATA / "plain.csv").read_text(encoding="utf-8")
    own = tmp_path / "own.csv"  # plain.csv with one bad cell: its good rows import
    own.write_text(text + "Llama-3.2-3B-Instruct,NVIDIA L40S,1,1,vLLM,bf16,0,270.2,16,,,14.1,,2025-05-30,\n")
    messages = []
    w.message_posted.connect(messages.append)
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        assert w.import_files([str(DATA / "plain.csv"), str(bad), str(own)])
    ids = [r.id for r in ms.runs(project)]
    assert ids == ["plain.csv#1", "plain.csv#2", "own.csv#1", "own.csv#2", "own.csv#3"] and stack.count() == 1
    assert messages[0].startswith("Imported 5 run(s) from own.csv, plain.csv; 1 value(s) not used: ")
    assert "; 1 file(s) refused: notjson.json: " in messages[0]
    report = w.import_report
    assert not report.isHidden()
    shown = report.text()
    assert "<b>Refused</b> notjson.json: " in shown
    assert "Not used: own.csv: line 9: input_tokens 0 must be &gt; 0" in shown


def test_a_csv_with_impossible_values_imports_nothing(page, qtbot, tmp_path):
    """The tester's bench-broken.csv (gpus "one", ttft_ms "abc", tpot_ms -5) used to import as
    "Imported 1 run(s)": its one row has no usable figure, so it is refused with one line naming
    the file, the line and each bad value."""
    w, project, stack = page
    bad = tmp_path / "bench-broken.csv"
    bad.write_text(
        "model,accelerator,gpus,ttft_ms,tpot_ms\nLlama-3.1-8B-Instruct,NVIDIA L40S,one,abc,-5", encoding="utf-8"
    )
    messages = []
    w.message_posted.connect(messages.append)
    assert not w.import_files([str(bad)])
    assert messages == [
        "bench-broken.csv: line 2: gpus 'one' is not a number, ttft_ms 'abc' is not a number, "
        "tpot_ms -5 must be > 0 (no row has a usable figure)"
    ]
    assert ms.runs(project) == [] and stack.count() == 0


def test_check_state_toggles_inclusion(page, qtbot):
    w, project, stack = page
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        w.import_files([str(DATA / "plain.csv")])
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        w.runs_model.setData(w.runs_model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert ms.runs(project)[0].included is False


def test_a_csv_with_some_bad_cells_keeps_its_good_rows(page, qtbot, tmp_path):
    """A bad cell no longer refuses the whole file: the good rows import, the message names the
    line, column, value and why, and the run whose length was bad says so in its tooltip."""
    w, project, stack = page
    text = (DATA / "plain.csv").read_text(encoding="utf-8")
    text += "Llama-3.2-3B-Instruct,NVIDIA L40S,1,1,vLLM,bf16,0,270.2,16,,,14.1,,2025-05-30,\n"
    own = tmp_path / "own.csv"
    own.write_text(text, encoding="utf-8")
    messages = []
    w.message_posted.connect(messages.append)
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        assert w.import_files([str(own)])
    assert messages[0] == (
        "Imported 3 run(s) from own.csv; 1 value(s) not used: own.csv: line 9: input_tokens 0 must be > 0 (left empty)"
    )
    assert [r.id for r in ms.runs(project)] == ["own.csv#1", "own.csv#2", "own.csv#3"]
    tip = w.runs_model.data(w.runs_model.index(2, 0), Qt.ItemDataRole.ToolTipRole)
    assert "line 9: input_tokens 0 must be > 0 (give --input-tokens)" in tip and "lacks" not in tip


def test_large_figures_read_as_whole_numbers(page, qtbot):
    """trtllm-bench's 28,390.4 output tokens/s read "2.839e+04" in both tables."""
    w, project, stack = page
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        assert w.import_files([str(DATA / "trtllm_bench_throughput.txt")])
    out = next(i for i, c in enumerate(COLUMNS) if c.header == "Output [tok/s]")
    assert w.runs_model.index(0, out).data() == "28,390"
    assert w.residuals_model.index(0, 2).data() == "28,390"  # Measured


def test_run_buttons_need_runs(page, qtbot):
    """With no run, "Fit to these runs" and "Remove run" are disabled; an import enables the fit,
    selecting a run enables its removal; removing the last run disables both again."""
    w, project, stack = page
    w.refresh()
    assert not w.fit_button.isEnabled() and not w.remove_button.isEnabled()
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        assert w.import_files([str(DATA / "plain.csv")])
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=60_000)
    assert w.fit_button.isEnabled() and not w.remove_button.isEnabled()
    w.runs_view.selectAll()
    assert w.remove_button.isEnabled()
    with qtbot.waitSignal(w.results_shown, timeout=60_000):
        w.remove_button.click()
    assert ms.runs(project) == []
    assert not w.fit_button.isEnabled() and not w.remove_button.isEnabled()
