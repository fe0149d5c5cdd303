"""The PDF's fleet chart names its hours 00, 03 ... 21 as the Fleet page does, not "#1 ... #24"
(GUI tester D19); option charts keep their numbers. Drawn to a real PDF, read back with pypdf."""

from __future__ import annotations

from pypdf import PdfReader
from reportlab.graphics import renderPDF

from app.domain import Chart, Series
from app.report.charts import chart_drawing
from app.report.styles import register_fonts


def _text(chart: Chart, path) -> str:
    register_fonts()
    renderPDF.drawToFile(chart_drawing(chart, 460, 290), str(path))
    return PdfReader(str(path)).pages[0].extract_text()


def _stacked(categories: list[str]) -> Chart:
    n = len(categories)
    return Chart(
        key="fleet_demand", title="GPUs by workload, Mon", x_label="Hour", x_unit="h", y_label="GPUs",
        y_unit="GPUs", kind="stacked_bar", categories=categories,
        series=[Series(name="Chat", x=[float(k) for k in range(n)], y=[1.0 + k % 3 for k in range(n)])],
    )  # fmt: skip


def test_hour_bars_are_labelled_by_hour(tmp_path):
    text = _text(_stacked([f"{h:02d}" for h in range(24)]), tmp_path / "hours.pdf")
    assert "#1" not in text and "#24" not in text
    for hour in ("00", "03", "12", "21"):
        assert hour in text


def test_option_bars_keep_their_numbers(tmp_path):
    text = _text(_stacked(["Llama-3.1-8B · Lambda 8x H100", "Llama-3.1-70B · AWS p5.48xlarge"]), tmp_path / "o.pdf")
    assert "#1" in text and "#2" in text
