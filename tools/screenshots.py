"""`python tools/screenshots.py OUTDIR` (`make screenshots`): PNGs of each page and of workshop mode (run under Xvfb,
or with QT_QPA_PLATFORM=offscreen). A temporary project and settings: nothing of the user's is read
or written. The example scenario is analysed first so Analysis, Selection and Report are populated.

`python tools/screenshots.py --measurements OUTDIR` writes the Measurements page shots
(08-measurements-1366x768.png and -1920x1080.png) with the sample result files imported and fitted.

`python tools/screenshots.py --matrix OUTDIR` takes every page in normal mode and every view of
workshop mode, plus the Help window, with the window filling the screen it runs on, into
OUTDIR/<width>x<height>@<QT_SCALE_FACTOR>/; `make screenshots` runs it once per screen size and
scale (1366x768, 1920x1080, 1920x1080 at 1.5, 2732x1536 at 2) under Xvfb."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

EXAMPLES = ["rag-assistant-cloud", "llama3-70b-on-8x-a100"]  # the first whose models the catalog has


def _settle(app, ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _wait(signal, timeout_ms: int = 60000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def _wait_until(done, signal, timeout_ms: int = 180_000) -> None:
    """Wait on `signal` until `done()` holds (checked first: a signal already sent is not waited for)."""
    waited = 0
    while not done():
        if waited >= timeout_ms:
            raise RuntimeError(f"gave up after {timeout_ms} ms waiting on {signal}")
        _wait(signal, 10_000)
        waited += 10_000


def _settle_page(app, window) -> None:
    """The page in view finished what it computes off the GUI thread (the Deployment page's
    comparison in its worker: a shot once caught "Comparing the deployment models…"); then the
    layout settles."""
    page = window.deployment_page
    if page is not None and page.isVisible():  # shown: set_context has started its worker if it needs one
        _wait_until(lambda: not page.runner.busy, page.comparison_shown)
    _settle(app, 300)


def _example(project):
    """The first example whose models are all in the project."""
    from app.paths import EXAMPLES_DIR
    from app.services.sizing import load_scenario

    names = {m.name.casefold() for m in project.records("models")}
    for stem in EXAMPLES:
        scenario = load_scenario(EXAMPLES_DIR / f"{stem}.yaml")
        if all(m.casefold() in names for m in scenario.candidates.models):
            return scenario
    raise RuntimeError(f"no example among {EXAMPLES} has all its models in the catalog")


def take_screenshots(outdir: Path) -> list[Path]:
    home = Path(tempfile.mkdtemp(prefix="archwise-shots-"))
    os.environ["ARCHWISE_HOME"] = str(home)  # a private default project and log
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795392000")  # a fixed report date (2026-11-23)
    from app.ui.app import create_application
    from app.ui.main_window import PAGES, MainWindow
    from app.ui.settings import Settings

    app = create_application()
    outdir.mkdir(parents=True, exist_ok=True)
    window = MainWindow(Settings(home / "settings"))
    window.resize(1440, 900)
    window.show()
    window.open_project(str(home / "Capacity plan.archwise"))
    scenario = _example(window.project)

    scenarios = window.scenarios_page
    for template in scenarios.templates[:3]:
        scenarios.new_from_template(template)

    analysis = window.ensure_analysis_page()
    window.document.add(scenario, f"Open {scenario.name}")
    window.analyse()
    _wait(analysis.sizing_changed)
    window.report_page.author.setText("A. Architect")

    window.catalog_page.views["accelerators"].table.selectRow(0)  # the detail panel shows its source
    _open_fleet_example(window)
    written = []
    for i, page in enumerate(PAGES):
        window.rail.setCurrentRow(i)
        _settle_page(app, window)
        path = outdir / f"{i + 1:02d}-{page.lower().replace(' ', '-')}.png"
        window.grab().save(str(path))
        written.append(path)

    written += deployment_screenshots(app, window, outdir)  # the example still open and analysed
    window.resize(1440, 900)
    window.rail.setCurrentRow(PAGES.index("Analysis"))
    if hasattr(analysis, "pin_button") and analysis.pin_button.isEnabled():
        analysis.pin_button.click()  # A: the scenario as given; B: the same at about three times the traffic
        traffic = analysis.whatif.sliders["traffic"]
        traffic.setValue(traffic.value() + 60)
        _wait(analysis.sizing_changed)
        analysis.pin_button.click()
    # Full screen needs a window manager, which Xvfb lacks: the window is given the screen by hand.
    window.setGeometry(window.screen().availableGeometry())
    window.actions.workshop.setChecked(True)
    window.workshop.view.show_step("latency")
    _settle(app, 500)
    path = outdir / "06-workshop-mode.png"
    window.grab().save(str(path))
    written.append(path)
    window.actions.workshop.setChecked(False)
    _settle(app, 300)
    written += editor_screenshots(app, window, outdir)
    written += fleet_screenshots(app, window, outdir)
    window.close()
    return written


def _open_fleet_example(window) -> None:
    """The Fleet page with the enterprise-platform example planned."""
    from app.services.fleet import example_portfolios

    page = window.ensure_fleet_page()
    example = next(p for p in example_portfolios() if p.stem == "enterprise-platform")
    if page.plan is None:
        page.open_portfolio(example)
        _wait(page.plan_shown)


def fleet_screenshots(app, window, outdir: Path) -> list[Path]:
    """The Fleet page at the two screen sizes it must fit: demand chart, placement, failures."""
    _open_fleet_example(window)
    page = window.fleet_page
    window.show_page("Fleet")
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for width, height in EDITOR_SIZES:
        window.resize(width, height)
        for tab in (0, 1, 3):
            page.outputs.setCurrentIndex(tab)
            _settle(app, 300)
            path = outdir / f"08-fleet-{_slug(page.outputs.tabText(tab))}-{width}x{height}.png"
            window.grab().save(str(path))
            written.append(path)
    page.outputs.setCurrentIndex(0)
    return written


EDITOR_SIZES = [(1366, 768), (1920, 1080)]


def deployment_screenshots(app, window, outdir: Path) -> list[Path]:
    """The Deployment page of the analysed example at the two screen sizes its table must fit."""
    window.show_page("Deployment")
    written = []
    for width, height in EDITOR_SIZES:
        window.showNormal()
        window.resize(width, height)
        _settle_page(app, window)
        path = outdir / f"08-deployment-{width}x{height}.png"
        window.grab().save(str(path))
        written.append(path)
    return written


def editor_screenshots(app, window, outdir: Path) -> list[Path]:
    """Each tab of the scenario editor at a laptop's and a desktop's size, on a scenario built
    as a user would: a blank RAG workload with its own description and system map."""
    from app.domain import Category
    from app.ui.scenario_editor import TABS

    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.RAG)
    rows = page.editor.form.rows
    for key, text in (
        ("description", "Answer employees' questions from the intranet, with citations."),
        ("workload.traffic.requests_per_s", "0.5"),
        ("workload.tokens.input_tokens", "8000"),
        ("workload.sla.ttft_p95_ms", "800"),
        ("workload.rag.corpus_documents", "200000"),
        ("system_map.use_case.users", "2,000 employees in HR, IT and finance."),
        ("system_map.data.boundary", "Confidential: prompts never leave the company's cloud account."),
    ):
        row = rows[key]
        (row.editor.setPlainText if hasattr(row.editor, "setPlainText") else row.editor.setText)(text)
        (getattr(row.editor, "editingFinished", None) or row.editor.editing_finished).emit()
    tokens = rows["workload.tokens.input_tokens_p95"]
    tokens.editor.setText("100")  # below the mean: the message beside the field shows in the shot
    tokens.editor.editingFinished.emit()
    window.show_page("Scenarios")
    written = []
    for width, height in EDITOR_SIZES:
        window.showNormal()
        window.resize(width, height)
        _settle(app, 300)
        for i, tab in enumerate(TABS):
            page.editor.tabs.setCurrentIndex(i)
            _settle(app, 150)
            slug = tab.lower().replace("&&", "and").replace(" ", "-")
            path = outdir / f"07-editor-{slug}-{width}x{height}.png"
            window.grab().save(str(path))
            written.append(path)
    return written


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def matrix_screenshots(outdir: Path) -> list[Path]:
    """Every page and every workshop view at the screen's size and scale (see the docstring)."""
    home = Path(tempfile.mkdtemp(prefix="archwise-shots-"))
    os.environ["ARCHWISE_HOME"] = str(home)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795392000")
    from app.ui.app import create_application
    from app.ui.main_window import PAGES, MainWindow
    from app.ui.settings import Settings
    from app.ui.workshop import STEPS

    app = create_application()
    screen = app.primaryScreen()
    size = screen.size()
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    physical = f"{round(size.width() * float(scale))}x{round(size.height() * float(scale))}"
    folder = outdir / f"{physical}@{scale}"
    folder.mkdir(parents=True, exist_ok=True)
    window = MainWindow(Settings(home / "settings"))
    window.show()
    window.setGeometry(screen.availableGeometry())  # no window manager under Xvfb: fill the screen by hand
    window.open_project(str(home / "Capacity plan.archwise"))
    scenario = _example(window.project)
    analysis = window.ensure_analysis_page()
    window.document.add(scenario, f"Open {scenario.name}")
    window.analyse()
    _wait(analysis.sizing_changed)
    _settle(app, 600)
    written = []

    def shot(name: str, widget=None) -> None:
        path = folder / f"{name}.png"
        (widget or window).grab().save(str(path))
        written.append(path)

    for i, page in enumerate(PAGES):
        window.rail.setCurrentRow(i)
        _settle_page(app, window)
        shot(f"normal-{i + 1:02d}-{_slug(page)}")
    window.rail.setCurrentRow(PAGES.index("Analysis"))
    analysis.pin_button.click()  # A as given, B at about three times the traffic, C at a third
    traffic = analysis.whatif.sliders["traffic"]
    start = traffic.value()
    for step in (120, -120):
        traffic.setValue(start + step)
        _wait(analysis.sizing_changed)
        for _ in range(300):  # the detailed result of these values, then the pin (it pins what is sized)
            if analysis.sizing is not None and analysis.sizing.detailed and not analysis.runner.busy:
                break
            _settle(app, 100)
        _settle(app, 300)
        analysis.pin_button.click()
        _settle(app, 300)
    analysis.side_tabs.setCurrentWidget(analysis.compare)
    _settle(app, 400)
    shot("normal-03-analysis-compare")
    # The workshop's A/B/C grid with three different scenarios typed from blank workloads (a chat,
    # a batch job, a multimodal one): the case that must fit without scrolling (issue 19).
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "ui" / "workshop"))
    from three_kinds import sized, three_scenarios

    analysis.compare.set_pinned(sized(three_scenarios(home)))
    window.actions.workshop.setChecked(True)
    _settle(app, 600)
    view = window.workshop.view
    for i, step in enumerate(STEPS):
        view.show_step(step.key)
        _settle(app, 500)
        shot(f"workshop-{i + 1:02d}-{step.key}")
        if step.key == "compare":
            _grid_report(view.cards, folder / "workshop-compare.json")
    window.actions.workshop.setChecked(False)
    _settle(app, 300)
    window.help.show_guide("charts")
    _settle(app, 300)
    shot("help-guide", window.help.dialog)
    window.help.glossary_action.trigger()
    _settle(app, 300)
    shot("help-glossary", window.help.dialog)
    window.help.dialog.close()
    about = window.help.show_about()
    _settle(app, 300)
    shot("help-about", about)
    about.close()
    window.close()
    return written


def _grid_report(grid, path: Path) -> None:
    """What the A/B/C grid could show at this size: its size, type, rows on each page."""
    import json

    fit = grid.fit
    cells = [c for row in grid.values.values() for c in row if c.isVisible()]
    path.write_text(
        json.dumps(
            {
                "grid": [grid.width(), grid.height()],
                "type_px": fit.px,
                "pages": fit.pages,
                "elided": [c.text() for c in cells if c.elided()],
            },
            indent=1,
            ensure_ascii=False,
        )
    )


def measurements_screenshots(outdir: Path, sizes=((1366, 768), (1920, 1080))) -> list[Path]:
    """08-measurements-<w>x<h>.png: the Measurements page with the sample result files of
    tests/data/measurements imported (plain CSV, vLLM, trtllm-bench with its device and model given
    in the table, llama-bench), fitted and applied, in a temporary project."""
    home = Path(tempfile.mkdtemp(prefix="archwise-shots-"))
    os.environ["ARCHWISE_HOME"] = str(home)
    from app.ui.app import create_application
    from app.ui.main_window import PAGES, MainWindow
    from app.ui.measurements.runs_model import COLUMNS
    from app.ui.settings import Settings

    data = Path(__file__).resolve().parents[1] / "tests" / "data" / "measurements"
    app = create_application()
    outdir.mkdir(parents=True, exist_ok=True)
    window = MainWindow(Settings(home / "settings"))
    window.resize(*sizes[0])
    window.show()
    window.open_project(str(home / "Measured.archwise"))
    window.rail.setCurrentRow(PAGES.index("Measurements"))
    page = window.ensure_measurements_page()
    _settle(app, 300)
    files = ["plain.csv", "vllm_bench_serve_l40s_llama3b_10qps.json", "trtllm_bench_throughput.txt", "llama_bench.json"]
    page.import_files([str(data / f) for f in files])
    _wait(page.results_shown)
    trt = next(i for i, r in enumerate(page.runs) if r.source_file == "trtllm_bench_throughput.txt")
    for field, value in (("accelerator", "NVIDIA H100 SXM"), ("model", "Llama-3.1-8B-Instruct")):
        col = next(i for i, c in enumerate(COLUMNS) if c.field == field)
        page.runs_model.setData(page.runs_model.index(trt, col), value)
        _wait(page.results_shown)
    page.fit_button.click()
    _wait(page.results_shown, 180_000)
    page.apply_button.click()
    _wait(page.results_shown)
    written = []
    for w, h in sizes:
        window.resize(w, h)
        _settle(app, 500)
        path = outdir / f"08-measurements-{w}x{h}.png"
        window.grab().save(str(path))
        written.append(path)
    window.close()
    return written


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (`--help` prints it; it once became an output folder named '--help')."""
    parser = argparse.ArgumentParser(
        prog="python tools/screenshots.py",
        description="Write Archwise's screenshots (run under Xvfb, or with QT_QPA_PLATFORM=offscreen). "
        "A temporary project and settings: nothing of the user's is read or written.",
    )
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument(
        "--measurements",
        action="store_true",
        help="only the Measurements page shots (08-measurements-1366x768.png and -1920x1080.png)",
    )
    kind.add_argument(
        "--matrix",
        action="store_true",
        help="every page and workshop view at the screen's size and scale, into OUTDIR/<w>x<h>@<scale>/",
    )
    parser.add_argument(
        "outdir",
        nargs="?",
        type=Path,
        help="the folder to write into (default: docs/screenshots; build/screenshots with --matrix)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's `app`, not an installed one
    if args.measurements:
        written = measurements_screenshots((args.outdir or Path("docs/screenshots")).resolve())
    elif args.matrix:
        written = matrix_screenshots((args.outdir or Path("build/screenshots")).resolve())
    else:
        written = take_screenshots((args.outdir or Path("docs/screenshots")).resolve())
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
