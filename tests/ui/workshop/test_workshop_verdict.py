"""The workshop's verdict in large type, on scenarios written from a blank workload in the
editor: a feasible one names its option and its figures, an infeasible one says so and names the
binding constraint with its numbers. Real window, real project file, the real engine."""

from __future__ import annotations

import pytest

from app.domain import INSUFFICIENT_HARDWARE, Category
from app.ui.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
MODEL, HARDWARE = "Llama-3.1-8B-Instruct", "RunPod 1x H100 SXM"


@pytest.fixture
def window(qtbot, settings, tmp_path):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.resize(1366, 768)
    w.show()
    assert w.open_project(str(tmp_path / "verdict.archwise"))
    yield w
    for page in (w.analysis_page, w.report_page):
        if page is not None:
            page.runner.cancel()
    w.close()


def type_into(window, key: str, text: str) -> None:
    row = window.scenarios_page.editor.form.rows[key]
    row.editor.setText(text)
    row.editor.editingFinished.emit()
    assert row.message.text() == "", f"{key}: {row.message.text()}"


def write_and_analyse(qtbot, window, ttft_ms: str) -> None:
    """A blank inference-API workload typed in the editor: 0.5 req/s, 1,000 tokens in and 200 out,
    the TTFT target given, one model on one single-GPU server; then analysed."""
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.INFERENCE_API)
    type_into(window, "workload.traffic.requests_per_s", "0.5")
    type_into(window, "workload.tokens.input_tokens", "1000")
    type_into(window, "workload.tokens.output_tokens", "200")
    type_into(window, "workload.sla.ttft_p95_ms", ttft_ms)
    page.editor.candidates.set_checked("models", [MODEL])
    page.editor.candidates.set_checked("hardware", [HARDWARE])
    type_into(window, "candidates.gpu_counts", "1")
    analysis = window.ensure_analysis_page()
    with qtbot.waitSignal(analysis.sizing_changed, timeout=60000):
        window.analyse()
    qtbot.waitUntil(lambda: analysis.sizing.detailed and not analysis.runner.busy, timeout=60000)
    assert analysis.sized_scenario == window.document.scenario  # the scenario as written, sized


def test_a_feasible_verdict_names_its_option_in_large_type(qtbot, window):
    write_and_analyse(qtbot, window, "2000")
    window.actions.workshop.setChecked(True)
    view = window.workshop.view
    assert view.current_step() == "verdict" and view.verdict_page.isVisible()
    headline, *rest = [label for label in view.verdict_page.lines if label.isVisible()]
    # One 8B model on one H100 at half a request a second: feasible, one replica on one GPU.
    assert headline.text().startswith(f"Feasible: {MODEL} · {HARDWARE}")
    assert headline.property("headline") is True
    assert rest[0].text() == "1 replica(s), 1 GPU(s)"
    assert headline.font().pointSizeF() > window.font().pointSizeF() * 1.5  # large type for the room
    view.show_step("latency")  # the strip over every other step says the same in one line
    assert view.strip.isVisible() and view.strip.text().startswith(f"✔ Feasible: {MODEL} · {HARDWARE}")
    assert view.strip.property("error") is False


def test_an_infeasible_verdict_names_the_binding_constraint(qtbot, window):
    write_and_analyse(qtbot, window, "5")  # no server sends a first token of 1,000 prompt tokens in 5 ms
    window.actions.workshop.setChecked(True)
    view = window.workshop.view
    sizing = window.analysis_page.sizing
    assert not sizing.feasible and sizing.binding_constraints
    lines = [label.text() for label in view.verdict_page.lines if label.isVisible()]
    assert lines[0] == INSUFFICIENT_HARDWARE
    ttft = [line for line in lines[1:] if line.lower().startswith("time to first token")]
    assert len(ttft) == 1, lines  # the latency target binds, and the verdict says so with its numbers
    assert "SLA 5.00 ms" in ttft[0] and HARDWARE in ttft[0] and "Fix: " in ttft[0]
    assert not view.verdict_page.others.isVisible()  # no "next options" for an infeasible verdict
    view.show_step("cost")
    assert view.strip.text().startswith(f"✖ {INSUFFICIENT_HARDWARE}") and view.strip.property("error") is True
