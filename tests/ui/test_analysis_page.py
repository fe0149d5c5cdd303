"""The Analysis page on the real engine: verdicts, ranked rows, linked plots, explain, cancel,
candidates and the workshop comparison. Real widgets; waits on signals, never sleeps."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.domain import INSUFFICIENT_HARDWARE, Catalog, Model, parse
from app.paths import EXAMPLES_DIR
from app.store.io_formats import catalog_from_dir

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown windows
LLAMA3_8B = dict(  # huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct/blob/main/config.json
    name="Test Llama-3-8B",
    source="https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct/blob/main/config.json",
    as_of=dt.date(2026, 11, 24),
    params_total_b=8.03,
    layers=32,
    hidden_size=4096,
    intermediate_size=14336,
    attention_heads=32,
    kv_heads=8,
    head_dim=128,
    attention_kind="gqa",
    vocab_size=128256,
    max_context_tokens=8192,
)
A100_EXAMPLE = EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"
PI_EXAMPLE = EXAMPLES_DIR / "llama3-70b-on-raspberry-pi.yaml"


def shipped_catalog() -> Catalog:
    """The shipped catalog read straight from its YAML files (no store), plus a test model."""
    return catalog_from_dir().merged_with(models=[parse(Model, LLAMA3_8B)])


@pytest.fixture(scope="module")
def catalog():
    return shipped_catalog()


@pytest.fixture
def page(qtbot, catalog):
    from app.ui.analysis_page import AnalysisPage

    p = AnalysisPage(lambda: catalog)
    qtbot.addWidget(p)
    p.resize(1300, 850)
    p.show()
    yield p
    p.runner.cancel()


def choose_example(page, path):
    box = page.scenario_box
    index = next(i for i in range(box.count()) if box.itemData(i) == ("path", str(path)))
    box.setCurrentIndex(index)


def run_and_wait(qtbot, page, start=None):
    with qtbot.waitSignal(page.sizing_changed, timeout=20000) as blocker:
        (start or page.run)()
    return blocker.args[0]


def test_example_run_shows_the_verdict_and_ranked_rows(qtbot, page):
    choose_example(page, A100_EXAMPLE)
    sizing = run_and_wait(qtbot, page)
    assert page.current_sizing() is sizing and page.current_scenario().name == "Llama-3 70B on 8x A100 (on-prem)"
    assert page.table_model.shown_count() == len(sizing.options) > 0
    if sizing.feasible:
        assert "Recommended" in page.banner.text() and "Feasible" in page.banner.text()
    else:
        assert INSUFFICIENT_HARDWARE in page.banner.text()
    # Feasible rows come first in the table, whatever it is sorted by.
    for column in (0, 8, 11):
        page.table.sortByColumn(column, Qt.DescendingOrder)
        model = page.table_model
        flags = [model.index(r, 0).data(Qt.UserRole + 1) for r in range(model.rowCount())]
        assert flags == sorted(flags, reverse=True)
    # The candidates panel and the sliders show the scenario.
    assert page.candidates.checked("models") == ["Llama-3-70B-Instruct"]
    assert page.candidates.checked("precisions") == ["fp16"]
    assert page.whatif.labels["ttft"].text() == "500 ms"


def test_feasible_scenario_names_the_recommended_option(qtbot, page, catalog):
    from app.services.sizing import load_scenario
    from app.ui.whatif_panel import apply_knob

    light = apply_knob(load_scenario(A100_EXAMPLE), "traffic", 1.0)
    sizing = run_and_wait(qtbot, page, lambda: page.set_scenario(light))
    assert sizing.feasible
    assert sizing.recommended.label in page.banner.text() and "Feasible" in page.banner.text()
    first = page.table_model.index(0, 0)
    assert page.table_model.option_index(first) == 0 and page.table_model.option(0).feasible
    assert page.selected_option_index() == 0
    # every explained quantity shows its formula (on its own row under the value since 8357c12)
    text = page.explain.toPlainText()
    formulas = [e.formula for e in sizing.options[0].explanations if e.formula]
    assert "How the numbers were computed" in text and formulas and formulas[0] in text


def test_infeasible_raspberry_pi_names_memory_and_ttft(qtbot, page):
    choose_example(page, PI_EXAMPLE)
    sizing = run_and_wait(qtbot, page)
    assert not sizing.feasible
    text = page.banner.text()
    assert INSUFFICIENT_HARDWARE in text
    kinds = {c.constraint for c in sizing.binding_constraints}
    assert {"memory", "ttft"} <= kinds
    for c in sizing.binding_constraints:
        assert c.title in text and c.fix.split(":")[0] in text.replace("&#x27;", "'")
    # The infeasible row is greyed and says why.
    why = page.table_model.index(0, page.table_model.columnCount() - 1).data()
    assert why == sizing.options[0].violations[0].line  # "GPU memory: ...", named once
    assert page.table_model.index(0, 1).data(Qt.ForegroundRole) is not None


def test_clicking_a_plot_point_selects_the_option_everywhere(qtbot, page):
    choose_example(page, A100_EXAMPLE)
    sizing = run_and_wait(qtbot, page)
    view = page.charts["latency_vs_concurrency"]
    slot, series = next((i, s) for i, s in enumerate(view._series) if s.option_index and s.option_index > 0)
    view.items[slot].sigClicked.emit(view.items[slot], None)  # what pyqtgraph emits on a curve click
    assert page.selected_option_index() == series.option_index
    assert all(v.highlighted == series.option_index for v in page.charts.values())
    assert sizing.options[series.option_index].label.split(" · ")[0] in page.explain.toPlainText()
    # Selecting a row highlights that option in every plot, and the memory bar outline follows.
    page.table.setCurrentIndex(page.table_model.index_of_option(1))
    assert all(v.highlighted == 1 for v in page.charts.values())
    bars = page.charts["memory"].items[0]
    assert bars.opts["pens"][1].width() == 3 and bars.opts["pens"][0].width() != 3


def test_explain_panel_shows_formulas_bands_and_flags(qtbot, page):
    choose_example(page, A100_EXAMPLE)
    sizing = run_and_wait(qtbot, page)
    page.select_option(0)
    text = page.explain.toPlainText().replace("\u2060", "")  # units hold word joiners: never broken
    option = sizing.options[0]
    for e in option.explanations[:3]:
        assert e.quantity in text and e.formula in text
    assert "Low – expected – high" in text  # two columns: readable in the side panel at 1366x768
    from app.domain import BAND_LABELS
    from app.domain.numbers import figure

    for key, band in option.bands.items():
        name, unit = BAND_LABELS.get(key, (key, ""))
        assert f"{figure(band.low)} – {figure(band.expected)} – {figure(band.high)}" in text
        assert (f"{name} [{unit}]" if unit else name) in text
    for flag in option.flags:
        assert flag in text


def test_cancel_a_long_run(qtbot, page):
    from app.engine import Cancelled

    real = page.service

    class SlowService:  # the real service, but sizing polls `cancelled` for up to 20 s first
        load_scenario = staticmethod(real.load_scenario)

        @staticmethod
        def size_scenario(
            project,
            scenario,
            progress=None,
            cancelled=None,
            detailed=True,
            reuse=None,
            deployments=True,
            charts_wanted=None,
            lead=None,
        ):
            import time

            t0 = time.monotonic()
            while time.monotonic() - t0 < 20:
                if cancelled():
                    raise Cancelled()
                progress(5)
                time.sleep(0.005)  # the worker thread, not the test, waits here
            return real.size_scenario(
                project,
                scenario,
                detailed=detailed,
                reuse=reuse,
                deployments=deployments,
                charts_wanted=charts_wanted,
                lead=lead,
            )

    page.service = SlowService
    choose_example(page, A100_EXAMPLE)
    page.run()
    qtbot.waitUntil(lambda: page.progress.value() == 5, timeout=5000)
    assert page.cancel_button.isEnabled()
    with qtbot.waitSignal(page.runner.finished, timeout=5000):
        qtbot.mouseClick(page.cancel_button, Qt.LeftButton)
    assert "Cancelled" in page.banner.text() and page.current_sizing() is None
    assert not page.runner.busy and not page.cancel_button.isEnabled()


def test_checking_a_candidate_re_runs_with_it(qtbot, page, catalog):
    choose_example(page, A100_EXAMPLE)
    run_and_wait(qtbot, page)
    extra = LLAMA3_8B["name"]
    with qtbot.waitSignal(
        page.sizing_changed, timeout=20000, check_params_cb=lambda s: any(o.model == extra for o in s.options)
    ):
        page.candidates.set_checked("models", ["Llama-3-70B-Instruct", extra])
    assert page.current_scenario().candidates.models == ["Llama-3-70B-Instruct", extra]


def test_pinned_scenarios_compare_in_whole_columns(qtbot, page, catalog):
    """Three pins on the Analysis page at a 1366x768 window's size (the page beside the rail):
    the Compare tab's pane widens so each column is at least MIN_COLUMN and no word is cut.
    (Workshop mode is the window's own view now, tests/ui/workshop: its cards are tested there.)"""
    from PySide6.QtGui import QFontMetrics

    from app.ui.compare_view import MIN_COLUMN, unbreakable_pieces

    page.resize(1366 - 190, 700)
    choose_example(page, A100_EXAMPLE)
    run_and_wait(qtbot, page)
    # Three traffic levels sized by the service and pinned as the Pin button does (the button's
    # own flow is tested in tests/ui/workshop; here the columns' layout is the point).
    scenario = page.sized_scenario
    for factor in (1.0, 0.1, 4.0):
        w = scenario.workload
        rate = w.traffic.requests_per_s * factor
        s = scenario.model_copy(
            update={"workload": w.model_copy(update={"traffic": w.traffic.model_copy(update={"requests_per_s": rate})})}
        )
        page.compare.pin(f"{rate:,.3g} req/s", s, page.service.size_scenario(catalog, s, deployments=False))
    table = page.compare.table
    assert table.columnCount() == 3 and page.side_tabs.isTabVisible(2)
    rows = {table.verticalHeaderItem(r).text(): r for r in range(table.rowCount())}
    # a tenth of the traffic needs fewer GPUs (or turns a verdict), so some headline figure differs
    assert any(page.compare.differs(rows[r], 1) for r in ("Verdict", "Replicas", "GPUs", "USD/1M tok"))
    assert not page.compare.differs(rows["Verdict"], 0)
    before = page.lower_splitter.sizes()
    assert before[1] < page.compare.wanted_width()  # the pane as laid out is too narrow for three columns
    page.side_tabs.setCurrentWidget(page.compare)
    qtbot.waitUntil(lambda: table.columnWidth(2) >= MIN_COLUMN)
    assert page.lower_splitter.sizes()[0] >= 320  # the options table keeps rank, model and hardware
    assert sum(table.columnWidth(c) for c in range(3)) <= table.viewport().width()  # no sideways scrolling
    assert table.horizontalScrollBar().maximum() == 0
    for c in range(3):
        for r in range(table.rowCount()):
            item = table.item(r, c)
            metrics = QFontMetrics(item.font())
            widest = max(metrics.horizontalAdvance(piece) for piece in unbreakable_pieces(item.text()))
            assert widest < table.columnWidth(c) - 6, item.text()  # wraps between words, never cuts one
    page.compare.clear()
    assert not page.side_tabs.isTabVisible(2)


def test_options_model_with_engine_rows_passes_qtmodeltester(qtbot, page, qtmodeltester):
    choose_example(page, A100_EXAMPLE)
    run_and_wait(qtbot, page)
    qtmodeltester.check(page.table_model)
    page.options.grouped.setChecked(False)
    qtmodeltester.check(page.table_model)


def test_explain_panel_shows_the_rag_request_path(qtbot, page, tmp_path):
    from app.domain import Scenario

    s = parse(
        Scenario,
        {
            "name": "Policy assistant",
            "workload": {
                "name": "Policy questions",
                "category": "rag",
                "traffic": {"requests_per_s": 0.3},
                "tokens": {"input_tokens": 3000, "output_tokens": 250},
                "sla": {"ttft_p95_ms": 1500},
                "rag": {"corpus_documents": 20000, "rerank": True},
            },
            "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["Lambda 1x H100 SXM"]},
        },
    )
    sizing = run_and_wait(qtbot, page, lambda: page.set_scenario(s))
    page.select_option(0)
    text = page.explain.toPlainText()
    o = sizing.options[0]
    assert "RAG request path" in text and "embed the query" in text and "re-rank" in text
    for step in ("RAG step 1: embed the query", "RAG step 2: vector search", "RAG step 3: re-rank"):
        assert step in text
    assert set(o.retrieval_ms) == {"embed_query", "search", "rerank"}
    page.explain.grab().save(str(tmp_path / "explain-rag.png"))


def test_compare_cells_break_only_where_qt_wraps():
    """A pinned cell wraps at spaces and after a hyphen before a letter (Unicode line breaking),
    never inside a number's sign: the column floor is sized to those unbreakable pieces."""
    from app.ui.compare_view import unbreakable_pieces

    assert unbreakable_pieces("(TP2, fp16, TensorRT-LLM) (differs)") == [
        "(TP2,",
        "fp16,",
        "TensorRT-",
        "LLM)",
        "(differs)",
    ]
    assert unbreakable_pieces("0.498 USD (-74% vs A)") == ["0.498", "USD", "(-74%", "vs", "A)"]
