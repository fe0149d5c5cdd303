"""The main window shell, settings and the background worker runner."""

import json

import pytest

from app.ui.main_window import PAGES, MainWindow
from app.ui.workers import TaskRunner

# The offscreen platform plugin warns about a feature it lacks; not our code.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_window_has_the_rail_and_says_what_is_missing(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert [window.rail.item(i).text() for i in range(window.rail.count())] == PAGES
    window.open_project(None)
    window.rail.setCurrentRow(2)
    assert window.stack.currentIndex() == 2
    assert window.stack.currentWidget() is window.analysis_page
    assert window.catalog_page.tabs.count() == 7  # six kinds + grid regions
    expected = [
        window.catalog_page,
        window.scenarios_page,
        window.analysis_page,
        window.selection_page,
        window.ensure_deployment_page(),
        window.report_page,
    ]
    for row, page in enumerate(expected):
        window.rail.setCurrentRow(row)
        assert window.stack.currentWidget() is page
    assert all(not window.rail.item(i).icon().isNull() for i in range(window.rail.count()))
    assert not window.windowIcon().isNull()
    assert window.actions.export_package.shortcut().toString() == "Ctrl+E"


def test_corrupted_project_file_gives_a_message(qtbot, settings, tmp_path, monkeypatch):
    bad = tmp_path / "broken.archwise"
    bad.write_bytes(b"this is not a sqlite database" * 10)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    shown = []
    monkeypatch.setattr("app.ui.main_window.QMessageBox.warning", lambda *a: shown.append(a[2]))
    assert window.open_project(str(bad)) is False
    assert len(shown) == 1 and str(bad) in shown[0] and "not an Archwise project" in shown[0]
    assert window.project is None


def test_settings_remember_recent(settings):
    settings.add_recent("/a.archwise")
    settings.add_recent("/b.archwise")
    settings.add_recent("/a.archwise")
    assert settings.get("project/recent") == ["/a.archwise", "/b.archwise"]
    assert settings.get("project/last") == "/a.archwise"


def _long_job(progress, cancelled):
    # Polls the cancellation predicate like the engine does; bounded so a test can never hang.
    for i in range(10_000_000):
        if cancelled():
            return "cancelled"
        if i % 100_000 == 0:
            progress(i / 10_000_000, "working")
    return "done"


def test_cancel_a_long_run(qtbot):
    runner = TaskRunner()
    results = []
    runner.result_ready.connect(results.append)
    with qtbot.waitSignal(runner.progressed, timeout=5000):
        runner.start(_long_job)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.cancel()
    assert results == [] and not runner.busy


def test_newer_run_supersedes_older(qtbot):
    runner = TaskRunner()
    results = []
    runner.result_ready.connect(results.append)
    runner.start(_long_job)
    with qtbot.waitSignal(runner.finished, timeout=10000):
        runner.start(lambda progress, cancelled: 42)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert results == [42]


@pytest.fixture
def window(qtbot, settings, tmp_path, monkeypatch):
    from app import store

    path = tmp_path / "main.archwise"
    store.Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.errors = []
    monkeypatch.setattr("app.ui.main_window.QMessageBox.warning", lambda *a: w.errors.append(a[2]))
    w.show()
    assert w.open_project(str(path))
    yield w
    for page in (w.analysis_page, w.report_page):
        if page is not None:
            page.runner.cancel()


def test_open_example_analyses_it_and_fills_matrix_and_report(qtbot, window):
    window.ensure_analysis_page()
    with qtbot.waitSignal(window.analysis_page.sizing_changed, timeout=60000):
        next(a for a in window.actions.examples_menu.actions() if a.text() == "llama3 70b on 8x a100").trigger()
    assert window.stack.currentWidget() is window.analysis_page
    window.rail.setCurrentRow(PAGES.index("Report"))  # the report follows the analysis when shown
    assert "Llama-3 70B on 8x A100" in window.report_page.summary.toPlainText()
    assert window.report_page.export_button.isEnabled()
    window.rail.setCurrentRow(PAGES.index("Selection matrix"))
    assert window.selection_page.model.rowCount() > 0 and window.selection_page.sliders
    assert window.errors == []


def test_scenario_analyse_goes_to_the_analysis_page(qtbot, window):
    from app.domain import Category

    page = window.scenarios_page
    window.rail.setCurrentRow(PAGES.index("Scenarios"))
    page.new_from_template(page.templates[0])
    window.ensure_analysis_page()
    with qtbot.waitSignal(window.analysis_page.sizing_changed, timeout=60000):
        page.analyse_button.click()
        assert window.stack.currentWidget() is window.analysis_page
    assert window.analysis_page.current_scenario() == window.document.scenario
    assert window.document.scenario.workload.description == ""  # the template's text stays out of the report
    page.new_blank(Category.AGENT)
    assert window.analysis_page.scenario_box.currentText() == "New agent scenario"


def test_undo_from_the_edit_menu_reaches_scenarios(window):
    page = window.scenarios_page
    page.new_from_template(page.templates[0])
    assert window.actions.undo.isEnabled() and "New scenario" in window.actions.undo.text()
    window.actions.undo.trigger()
    assert window.project.scenarios() == [] and window.document.scenario is None
    window.actions.redo.trigger()
    assert len(window.project.scenarios()) == 1 and page.list.count() == 1


def test_import_and_export_catalog_records(window, tmp_path):
    src = tmp_path / "extra.yaml"
    src.write_text(
        """kind: accelerators
records:
  - name: Test Accelerator X
    vendor: Test
    memory_gib: 48
    memory_bandwidth_gb_s: 900
    tflops_bf16: 180
    efficiency_class: test
    source: test fixture
    as_of: 2026-01-01
""",
        encoding="utf-8",
    )
    window.files.import_catalog_records(str(src))
    names = [r.name for r in window.catalog_page.models["accelerators"].records()]
    assert "Test Accelerator X" in names and "Imported extra.yaml" in window.statusBar().currentMessage()
    out = tmp_path / "accelerators.csv"
    window.files.export_catalog_kind("accelerators", str(out))
    assert out.exists() and "Test Accelerator X" in out.read_text(encoding="utf-8")
    assert window.errors == []


def test_bad_import_gives_a_message_and_changes_nothing(window, tmp_path):
    before = window.project.records("accelerators")
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: accelerators\nrecords:\n  - name: Broken\n    memory_gib: -1\n", encoding="utf-8")
    window.files.import_catalog_records(str(bad))
    assert len(window.errors) == 1 and "bad.yaml" in window.errors[0] and "Traceback" not in window.errors[0]
    assert window.project.records("accelerators") == before


def test_import_model_from_config_json(window, tmp_path):
    config = tmp_path / "config.json"
    config.write_text(
        json.dumps(
            {  # the shape of Meta-Llama-3-8B's config.json
                "_name_or_path": "meta-llama/Meta-Llama-3-8B",
                "architectures": ["LlamaForCausalLM"],
                "model_type": "llama",
                "hidden_size": 4096,
                "intermediate_size": 14336,
                "num_attention_heads": 32,
                "num_hidden_layers": 32,
                "num_key_value_heads": 8,
                "vocab_size": 128256,
                "max_position_embeddings": 8192,
                "torch_dtype": "bfloat16",
            }
        ),
        encoding="utf-8",
    )
    window.files.import_model_config(str(config))
    assert not window.errors
    imported = [r for r in window.catalog_page.models["models"].records() if r.name == "Meta-Llama-3-8B"]
    assert imported and imported[0].params_total_b == 8.03 and imported[0].max_context_tokens == 8192


def test_save_as_reopens_the_copy(window, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    window.scenarios_page.new_from_template(window.scenarios_page.templates[0])
    target = tmp_path / "copy.archwise"

    def answer() -> None:  # Qt's own file dialog, answered as a user would
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, answer)
            return
        dialog.selectFile(str(target))
        dialog.accept()

    QTimer.singleShot(0, answer)
    window.actions.save_as.trigger()
    assert window.project_path == str(target) and target.exists()
    assert len(window.project.scenarios()) == 1 and window.scenarios_page.list.count() == 1
    assert window.document.scenario == window.project.scenarios()[0]


def test_catalog_tabs_build_their_table_when_first_shown(window):
    page = window.catalog_page
    assert set(page.views) == {"accelerators"}  # a start builds the shown tab's table only
    page.tabs.setCurrentIndex(list(page.models).index("models"))
    view = page.views["models"]
    assert set(page.views) == {"accelerators", "models"}
    assert page.tabs.currentWidget().isAncestorOf(view) and view.isVisible()
    assert view.proxy.rowCount() == page.models["models"].rowCount() > 0
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentIndex(list(page.models).index("models"))
    assert page.views["models"] is view  # built once


def test_the_scenarios_page_is_built_when_first_shown_with_the_open_project(window):
    from app.services import scenarios

    assert window._scenarios_page is None  # a start shows the catalog
    scenarios.new_blank(window.project, scenarios.Category.RAG)
    window.open_project(str(window.project.path))
    window.rail.setCurrentRow(PAGES.index("Scenarios"))
    page = window.stack.currentWidget()
    assert page is window.scenarios_page and page.list.count() == 1
    assert page.editor.scenario == window.document.scenario


def test_the_window_fits_the_screen_it_opens_on(qtbot, settings):
    """First start: never larger than the screen's free area, never smaller than usable."""
    from app.ui.window_geometry import smallest_size

    window = MainWindow(settings)
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    assert available.contains(window.geometry())
    assert window.width() >= smallest_size(available).width()
    assert window.height() >= smallest_size(available).height()


def test_a_saved_geometry_is_clamped_and_remembered_per_screen_size(qtbot, settings):
    """A tiny window left on one screen opens usable; a geometry is kept per screen size."""
    from PySide6.QtCore import QRect

    from app.ui.window_geometry import fit_rect, screen_key

    small, large = QRect(0, 0, 1366, 768), QRect(0, 0, 1920, 1080)
    assert fit_rect(None, small) == QRect(0, 0, 1366, 768)  # 1400x860 wanted, the screen is smaller
    assert fit_rect(None, large).size().toTuple() == (1400, 860)
    assert fit_rect(QRect(30, 40, 748, 425), large) == QRect(30, 40, 1000, 650)
    assert fit_rect(QRect(900, 600, 1400, 860), small) == QRect(0, 0, 1366, 768)
    assert fit_rect(QRect(500, 100, 1000, 700), small) == QRect(366, 68, 1000, 700)
    assert fit_rect(QRect(0, 0, 900, 600), QRect(0, 0, 800, 600)) == QRect(0, 0, 800, 600)

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    key = screen_key(window.screen().availableGeometry())
    window.setGeometry(window.geometry().adjusted(0, 0, 0, 0))
    window.close()
    assert not settings.window_geometry(key).isEmpty()
    assert settings.window_geometry("1920x1080").isEmpty()  # another screen size keeps its own
