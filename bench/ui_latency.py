"""UI latency benchmark. Targets: cold start to a shown, populated main window < 1 s;
slider change to redrawn plots p95 < 50 ms; switching between scenarios in a 100-scenario
project < 100 ms per switch.

The slider figure: the Analysis page on the shipped catalog and the example scenario
catalog/examples/llama3-70b-on-8x-a100.yaml; each what-if change (traffic, tokens, SLA in turn)
is timed from the slider's value change, through the sizing in the worker thread, to the four
plots, the options table and the verdict repainted on the GUI thread (a plot whose chart came back
unchanged, as the latency curves when only the traffic moves, is not drawn again and has nothing
to repaint: it is not waited for; nor is a table with no changed cell in view, or an unchanged
verdict).

The same figure in workshop mode (issue 19): the Analysis page's sliders borrowed by the workshop
view, to its one full-size chart repainted, at 1366x768 with the workshop style. Each slider figure
is printed with the load average around it (this machine is shared: wall times grow with the
load) and the process CPU time per change (GUI thread and sizing worker together), which the load
changes much less. The Analysis figure also gives the GUI-thread CPU time of each options table
paint (the cells a step changed, in view).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ui_latency.py [--changes N] [--sliders | --workshop]
  --sliders: only the two slider figures (the Analysis page, then workshop mode)
  --workshop: only the workshop slider figure
  --baseline REF: the slider figures of git commit REF too (checked out in a temporary worktree),
      measured in rounds alternating with this tree's, each in a fresh interpreter; prints both and
      the ratio (this tree / REF), so a before/after pair shares the machine's load
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_CHILD = r"""
import time, os, sys, tempfile
t0 = time.perf_counter()
from app.ui.app import create_application
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
app = create_application()
w = MainWindow(Settings(tempfile.mkdtemp()))
w.show()
w.open_project(None)
app.processEvents()
print(time.perf_counter() - t0)
print("pyqtgraph" in sys.modules, "reportlab" in sys.modules)
"""


def cold_start_seconds(runs: int = 5) -> tuple[list[float], list[float]]:
    """Wall times of a fresh interpreter from `python` to a shown window with the project opened:
    (first starts, later starts). A first start has a new ARCHWISE_HOME, so the default project
    is seeded from catalog/; a later start opens the project that start made.

    Bytecode is cached as on a user's machine: PYTHONDONTWRITEBYTECODE (set in some sandboxes)
    is dropped, so only the warm-up run compiles our modules; it is reported, not counted."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    first, later = [], []
    for n in range(runs + 1):
        home = tempfile.mkdtemp()
        for kind in ("first start", "later start"):
            t0 = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", _CHILD],
                capture_output=True,
                text=True,
                env={**env, "ARCHWISE_HOME": home},
                check=True,
            )
            total = time.perf_counter() - t0
            inside, lazy = out.stdout.splitlines()[:2]
            if n:
                (first if kind == "first start" else later).append(total)
            print(
                f"  {kind if n else 'warm-up (bytecode compiled)'}: {total * 1000:.0f} ms total, "
                f"{float(inside) * 1000:.0f} ms in-process; pyqtgraph, reportlab imported at start: {lazy}"
            )
            if not n:
                break
    return first, later


EXAMPLE = "llama3-70b-on-8x-a100.yaml"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_TREE = {"root": ROOT}  # whose `app` the slider figures measure (--tree: another checkout's)


@dataclass
class SliderRun:
    """One slider figure: per change, wall ms and process CPU ms (all threads); the drag's per-step
    wall ms and how many results it showed."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    drag: list[float] = field(default_factory=list)
    frames: int = 0
    table_paint: list[float] = field(default_factory=list)  # GUI-thread CPU ms of each options table paint
    syncs: list[int] = field(default_factory=list)  # per change: window updates (syncs) delivered


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def slider_to_redraw_ms(changes: int = 40, drag_steps: int = 0, workshop: bool = False) -> SliderRun:
    """Milliseconds from a what-if slider change to the four plots repainted (`workshop`: to the
    workshop view's full-size latency chart repainted, at 1366x768 with its style), per change; then,
    with `drag_steps`, a drag: the traffic slider moved one step every 16 ms (a 60 Hz mouse),
    and for each step the milliseconds until plots showing that value or a later one were
    painted, and how many results were shown (a newer step supersedes a waiting one)."""
    sys.path.insert(0, _TREE["root"])
    import shiboken6
    from PySide6.QtCore import QEventLoop, QThreadPool, QTimer

    from app.paths import EXAMPLES_DIR
    from app.services.sizing import load_scenario
    from app.ui.app import create_application
    from bench.accuracy import load_catalog

    app = create_application()
    catalog = load_catalog()
    scenario = load_scenario(EXAMPLES_DIR / EXAMPLE)
    from app.ui.analysis_page import AnalysisPage

    page = AnalysisPage(lambda: catalog)
    charts = page.charts
    if workshop:
        from app.paths import STYLE_DIR
        from app.ui.workshop import WorkshopView

        host = WorkshopView(page)  # borrows the page's sliders, as the window's workshop mode does
        host.setStyleSheet((STYLE_DIR / "workshop.qss").read_text(encoding="utf-8"))
        host.resize(1366, 768)
        host.attach()
        host.show()
        host.show_step("latency")
        charts = {"latency": host.chart_steps["latency"].view}
    else:
        page.resize(1440, 860)
        page.show()
    # Window updates per change: each one a sync of the window that paints what is dirty and
    # flushes it to the screen (a step's plots in one, not one each: app.ui.screen_update).
    from PySide6.QtCore import QEvent, QObject

    class SyncCount(QObject):
        delivered = 0

        def eventFilter(self, _watched, event) -> bool:  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.UpdateRequest:
                self.delivered += 1
            return False

    sync_count = SyncCount()
    (host if workshop else page).installEventFilter(sync_count)
    painted: dict = {}  # view -> when its last paint finished
    paints: dict = {}  # view -> when each of its paints finished
    shown: list = []  # (when, traffic, the plots that drew it) of every sizing shown
    waiting: dict = {"loop": None, "count": 0}  # the event loop wait_for runs, and what it waits for

    # The other widgets a result repaints on the Analysis page: the options table (cells whose
    # text changed, in view) and the verdict banner. Counted like a plot: the figure ends with the
    # last of them painted. (Workshop mode hides the page: its chart is the figure.)
    others = {} if workshop else {"options table": page.table, "verdict": page.banner}
    table = others.get("options table")
    run = SliderRun()
    for view in [*charts.values(), *others.values()]:
        original = view.paintEvent

        def paint_event(event, view=view, original=original):
            cpu = time.thread_time()
            original(event)
            if view is table:
                run.table_paint.append((time.thread_time() - cpu) * 1000)
            painted[view] = time.perf_counter()
            paints.setdefault(view, []).append(painted[view])
            if waiting["loop"] is not None and settled(waiting["count"]):
                waiting["loop"].quit()

        view.paintEvent = paint_event
    done = {"n": 0, "t": 0.0}  # sizings shown, and when the last one was handed to the views
    # A view that did not draw the last sizing (its chart came back as it was: traffic moves no
    # latency curve) has nothing to repaint for it. Older trees' views do not count their draws:
    # there every view must repaint.
    draws: dict = {}  # view -> its draw count when the last sizing was shown
    redrawn: set = set()  # the views that drew the last sizing

    table_changed = [False]  # the options table was told of a change in view since the last result
    banner_text = [page.banner.text()]

    def on_table_changed(top_left=None, bottom_right=None, *_roles) -> None:
        table = page.table
        if table_changed[0]:
            return  # known already: no more work for the bench between a change and its paint
        if top_left is None:  # a reset or a new layout: everything in view
            table_changed[0] = True
            return
        rect = table.visualRect(top_left).united(table.visualRect(bottom_right))
        if rect.intersects(table.viewport().rect()):
            table_changed[0] = True

    if others:
        page.table_model.dataChanged.connect(on_table_changed)
        page.table_model.modelReset.connect(lambda: on_table_changed())
        page.table_model.layoutChanged.connect(lambda *_args: on_table_changed())

    def on_sizing_changed(_sizing) -> None:
        done["n"] += 1
        done["t"] = time.perf_counter()
        redrawn.clear()
        for v in charts.values():
            count = getattr(v, "draws", None)
            if count is None or count != draws.get(v):
                redrawn.add(v)
            draws[v] = count
        if others and table_changed[0]:
            redrawn.add(page.table)
        if others and page.banner.text() != banner_text[0]:
            redrawn.add(page.banner)
        table_changed[0], banner_text[0] = False, page.banner.text()
        shown.append((done["t"], page.sized_scenario.workload.traffic.requests_per_s, frozenset(redrawn)))
        if waiting["loop"] is not None and settled(waiting["count"]):
            waiting["loop"].quit()  # no plot in view changed: nothing will be painted for it

    page.sizing_changed.connect(on_sizing_changed)

    # the plots on screen (a chart in a hidden tab is painted when shown, not on each change)
    views = [v for v in [*charts.values(), *others.values()] if v.isVisible()]

    def settled(count: int) -> bool:
        return done["n"] >= count and all(painted.get(v, 0.0) > done["t"] for v in views if v in redrawn)

    def wait_for(count: int) -> None:
        """Run the event loop (no busy polling) until `count` sizings were shown and every plot
        has been painted since, by the ordinary event loop (no forced repaint)."""
        if settled(count):
            return
        # The paint hook quits the loop once every plot has been painted after the result: no
        # polling timer, which would take the GIL from the sizing worker every millisecond.
        loop = QEventLoop()
        waiting["loop"], waiting["count"] = loop, count
        guard = QTimer(singleShot=True, interval=10_000)  # never hang the bench on a lost paint
        guard.timeout.connect(loop.quit)
        guard.start()
        loop.exec()
        guard.stop()
        waiting["loop"] = None

    page.set_scenario(scenario)
    wait_for(1)
    sliders = page.whatif.sliders
    plan = [("traffic", s) for s in (-40, -20, 20, 40)] + [
        ("input", 30),
        ("input", -30),
        ("output", 30),
        ("output", -30),
        ("ttft", 40),
        ("ttft", -40),
    ]
    run.table_paint.clear()  # the first result's paints are not a change's
    for i in range(changes):
        key, step = plan[i % len(plan)]
        slider = sliders[key]
        target = done["n"] + 1
        t0, cpu0, syncs0 = time.perf_counter(), time.process_time(), sync_count.delivered
        slider.setValue(slider.value() + step)
        wait_for(target)
        ends = [painted[v] for v in views if v in redrawn] or [done["t"]]  # no plot changed: the result
        run.wall.append((max(ends) - t0) * 1000)
        run.cpu.append((time.process_time() - cpu0) * 1000)
        while page.runner.busy:  # the next change starts from an idle page
            app.processEvents()
        app.processEvents()  # the updates the result posted, counted with it
        run.syncs.append(sync_count.delivered - syncs0)
    if drag_steps:
        run.drag, run.frames = _drag(app, page, paints, shown, drag_steps)
    page.stop_work()
    QThreadPool.globalInstance().waitForDone()  # no sizing still running into a deleted page
    if workshop:
        host.detach()  # the sliders go back to the page before either closes
        host.close()
    page.close()
    # Delete both now, as the window deletes its pages. Left alone they lived on (their signal
    # connections hold them) into PySide's exit clean-up, which deletes leftover top-level
    # widgets while walking its table of wrappers: deleting a page there dropped the last
    # reference to a workshop view, whose deletion changed the table under the walk ("QObject:
    # shared QObject was deleted directly", then a segmentation fault at exit).
    for widget in ([host] if workshop else []) + [page]:
        shiboken6.delete(widget)
    return run


def _drag(app, page, paints: dict, shown: list, steps: int) -> tuple[list[float], int]:
    from PySide6.QtCore import QEventLoop, QTimer

    slider = page.whatif.sliders["traffic"]
    slider.setValue(slider.value() - steps)  # start low: the drag then sweeps up through the catalog's range
    while page.runner.busy or page._detail_timer.isActive():
        app.processEvents()
    first = len(shown)
    moves: list = []  # (when, traffic after the move)
    loop = QEventLoop()
    timer = QTimer(interval=16)

    def tick() -> None:
        if len(moves) == steps:
            timer.stop()
            QTimer.singleShot(1000, loop.quit)  # the last results come in and are painted
            return
        slider.setValue(slider.value() + 1)
        moves.append((time.perf_counter(), page.current_scenario().workload.traffic.requests_per_s))

    timer.timeout.connect(tick)
    timer.start()
    loop.exec()
    results = shown[first:]
    views = list(paints)
    latencies = []
    for t_move, value in moves:
        result = next(((t, redrawn) for t, v, redrawn in results if t >= t_move and v >= value), None)
        if result is None:
            continue
        t_shown, redrawn = result  # the plots that drew this result; the others showed it already
        painted_at = [next((p for p in paints[v] if p > t_shown), None) for v in views if v in redrawn]
        if None not in painted_at:
            latencies.append((max(painted_at, default=t_shown) - t_move) * 1000)
    return latencies, len(results)


def scenario_switch_ms(scenarios: int = 100, switches: int = 200) -> tuple[float, list, list]:
    """A project with `scenarios` scenarios (every workload kind, the shipped examples among them):
    (ms to open it in the window, ms per switch on the Scenarios page, ms per switch from the
    Analysis page's list). A switch is timed from the user's pick in the list until the events it
    posted (layout, repaint) are handled: the editor (or the Analysis page's lists and sliders)
    filled and painted. On the Analysis page the sizing that follows runs in its worker and is
    not counted (a newer pick supersedes a waiting one). Each switch gives (wall ms, GUI-thread
    CPU ms): on a shared, loaded machine the CPU time is the steadier figure."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from app.domain import Category
    from app.paths import EXAMPLES_DIR
    from app.services import scenarios as service
    from app.store import Project
    from app.ui.app import create_application
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = create_application()
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "hundred.archwise")
    with Project.open(path, create=True) as project:
        examples = sorted(EXAMPLES_DIR.glob("*.yaml"))
        kinds = list(Category)
        for n in range(scenarios):
            if n < len(examples):
                service.import_yaml(project, examples[n])
            else:
                service.new_blank(project, kinds[n % len(kinds)])
    window = MainWindow(Settings(folder))
    window.resize(1366, 768)
    window.show()
    t0 = time.perf_counter()
    window.open_project(path)
    window.show_page("Scenarios")
    app.processEvents()
    window.repaint()
    opened = (time.perf_counter() - t0) * 1000
    page = window.scenarios_page
    count = page.list.count()

    def timed(pick) -> list[tuple[float, float]]:
        out = []
        for i in range(switches):
            t, cpu = time.perf_counter(), time.thread_time()
            pick((i * 37 + 1) % count)  # hops across the list, never the same one twice in a row
            app.processEvents()  # the layout and the repaint the switch posted
            out.append(((time.perf_counter() - t) * 1000, (time.thread_time() - cpu) * 1000))
        return out

    on_editor = timed(page.list.setCurrentRow)
    analysis = window.ensure_analysis_page()
    window.show_page("Analysis")
    app.processEvents()
    box = analysis.scenario_box

    def pick_in_box(row: int) -> None:
        box.setCurrentIndex(row)
        box.activated.emit(row)

    on_analysis = timed(pick_in_box)
    analysis.runner.cancel()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone()  # the cancelled sizing ends before the window goes
    window.close()
    return opened, on_editor, on_analysis


def _figures(ms: list[float]) -> str:
    return f"median {statistics.median(ms):.1f} ms, p95 {_percentile(ms, 0.95):.1f} ms, max {max(ms):.1f} ms"


def _load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


SLIDER_FIGURES = (
    ("Analysis page", False, "plots in view, options table and verdict"),
    ("Workshop mode", True, "the full-size latency chart"),
)


def print_slider_figures(changes: int, drag_steps: int, which=SLIDER_FIGURES) -> None:
    """Each slider figure (the Analysis page's, workshop mode's) with the load average around it."""
    for title, workshop, what in which:
        print(f"{title}: slider -> redrawn {what}, {changes} changes, {EXAMPLE} (target p95 < 50 ms):")
        before = _load()
        run = slider_to_redraw_ms(changes, drag_steps, workshop=workshop)
        print(f"  wall: {_figures(run.wall)}")
        print(f"  process CPU per change (GUI thread + sizing worker): {_figures(run.cpu)}")
        print(f"  window updates (syncs) per change: median {statistics.median(run.syncs):g}, max {max(run.syncs)}")
        if run.table_paint:
            print(
                f"  options table, GUI-thread CPU per paint: {_figures(run.table_paint)}; {len(run.table_paint)} paints"
            )
        if run.drag:
            print(
                f"  a drag of {drag_steps} traffic steps at 60 Hz, each step to the plots showing it (or a later "
                f"one): {_figures(run.drag)}; {run.frames} results shown"
            )
        print(f"  load average {before} before, {_load()} after, on {os.cpu_count()} CPUs")


def _child_figures(tree: str, changes: int, drag_steps: int) -> dict:
    """Both slider figures of `tree`'s app, measured in a fresh interpreter running this file
    (tried twice: a crash of a run is reported, not counted)."""
    for _attempt in range(2):
        out = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--child", tree, "--changes", str(changes)]
            + ["--drag-steps", str(drag_steps)],
            capture_output=True,
            text=True,
            cwd=tree,
            env={**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
        )
        lines = out.stdout.strip().splitlines()
        if out.returncode == 0 and lines:
            return dict(json.loads(lines[-1]))
        print(f"  (a run in {tree} ended with {out.returncode}: {out.stderr.strip()[-300:]})")
    raise RuntimeError(f"the slider figures of {tree} could not be measured")


def compare_with(ref: str, changes: int, drag_steps: int, rounds: int) -> None:
    """This tree against git commit `ref` (a temporary worktree), in alternating rounds."""
    folder = tempfile.mkdtemp(prefix="archwise-baseline-")
    tree = os.path.join(folder, "tree")
    subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", tree, ref], check=True, capture_output=True)
    sha = subprocess.run(["git", "-C", tree, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout
    try:
        runs: dict[str, list[dict]] = {"before": [], "after": []}
        loads = [os.getloadavg()[0]]
        for r in range(rounds):
            for name, where in (
                (("before", tree), ("after", ROOT)) if r % 2 == 0 else (("after", ROOT), ("before", tree))
            ):
                runs[name].append(_child_figures(where, changes, drag_steps))
                loads.append(os.getloadavg()[0])
        print(
            f"Before ({ref} = {sha.strip()}) and after (this tree), {rounds} alternating rounds of {changes} "
            f"changes each, {EXAMPLE}; load average {min(loads):.2f} to {max(loads):.2f} on {os.cpu_count()} CPUs:"
        )
        for title, key in (("Analysis page", "analysis"), ("Workshop mode", "workshop")):
            for what in ("wall", "cpu", "drag", "table_paint"):
                b = [x for run in runs["before"] for x in run[key].get(what, [])]
                a = [x for run in runs["after"] for x in run[key].get(what, [])]
                if not a or not b:
                    continue
                label = {
                    "wall": "slider -> redraw, wall",
                    "cpu": "process CPU per change",
                    "drag": "drag step, wall",
                    "table_paint": "options table paint, GUI-thread CPU",
                }
                mb, ma = statistics.median(b), statistics.median(a)
                pb, pa = _percentile(b, 0.95), _percentile(a, 0.95)
                print(
                    f"  {title}, {label[what]}: before median {mb:.1f} / p95 {pb:.1f} ms; after median {ma:.1f} / "
                    f"p95 {pa:.1f} ms; after/before {ma / mb:.2f} (median), {pa / pb:.2f} (p95)"
                )
            b = [x for run in runs["before"] for x in run[key].get("syncs", [])]
            a = [x for run in runs["after"] for x in run[key].get("syncs", [])]
            if a and b:
                print(
                    f"  {title}, window updates (syncs) per change: before median {statistics.median(b):g} / mean "
                    f"{statistics.mean(b):.2f}; after median {statistics.median(a):g} / mean {statistics.mean(a):.2f}"
                )
    finally:
        subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", tree], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--changes", type=int, default=40, help="slider changes to time (>= 30)")
    ap.add_argument("--drag-steps", type=int, default=120, help="60 Hz slider steps in the drag (0: none)")
    ap.add_argument("--skip-cold-start", action="store_true")
    ap.add_argument("--only-scenarios", action="store_true", help="only the 100-scenario switching figure")
    ap.add_argument("--sliders", action="store_true", help="only the slider figures: Analysis page, workshop mode")
    ap.add_argument("--workshop", action="store_true", help="only slider -> redraw in workshop mode (one chart)")
    ap.add_argument("--baseline", metavar="REF", help="also measure git commit REF; print both and the ratio")
    ap.add_argument("--rounds", type=int, default=4, help="alternating rounds with --baseline")
    ap.add_argument("--child", metavar="TREE", help=argparse.SUPPRESS)  # measure TREE's app, print JSON
    args = ap.parse_args(argv)
    if args.child:
        _TREE["root"] = os.path.abspath(args.child)
        found = {}
        for key, workshop in (("analysis", False), ("workshop", True)):
            run = slider_to_redraw_ms(args.changes, args.drag_steps, workshop=workshop)
            found[key] = {
                "wall": run.wall,
                "cpu": run.cpu,
                "drag": run.drag,
                "table_paint": run.table_paint,
                "syncs": run.syncs,
            }
        print(json.dumps(found), flush=True)
        os._exit(0)  # no interpreter teardown: the parent needs only the line above
    if args.baseline:
        compare_with(args.baseline, args.changes, args.drag_steps, args.rounds)
        return 0
    if args.workshop or args.sliders:
        print_slider_figures(args.changes, args.drag_steps, SLIDER_FIGURES[1:] if args.workshop else SLIDER_FIGURES)
        return 0
    print("Switching scenarios in a 100-scenario project (target < 100 ms per switch):")
    opened, editor, analysis = scenario_switch_ms()
    print(f"  opening the project in the window: {opened:.0f} ms")
    print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    for where, pairs in (("Scenarios page (editor)", editor), ("Analysis page (lists, sliders)", analysis)):
        for what, ms in (("wall", [w for w, _ in pairs]), ("GUI-thread CPU", [c for _, c in pairs])):
            print(
                f"  {where}, {what}: median {statistics.median(ms):.1f} ms, p95 {_percentile(ms, 0.95):.1f} ms, "
                f"max {max(ms):.1f} ms over {len(ms)} switches"
            )
    if args.only_scenarios:
        return 0
    if not args.skip_cold_start:
        print("Cold start to shown, populated main window (target < 1 s):")
        first, later = cold_start_seconds()
        for kind, times in (("first start (project seeded)", first), ("later start", later)):
            print(f"  {kind}: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    print_slider_figures(args.changes, args.drag_steps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
