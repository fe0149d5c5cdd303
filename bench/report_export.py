"""Bench: export a full decision package for a scenario with 30 candidates. Target: < 1 s.

    .venv/bin/python bench/report_export.py [--runs N] [--keep FILE.pdf]

Uses the real engine (app.engine.size) over the shipped catalog when it is available: the
Llama-3-70B example scenario widened to every text model in the catalog on the example's
hardware, so the matrix holds at least 30 rows. Without an engine it says so and times a
synthetic 30-option sizing built by tests/selection/selection_factories.py. Prints the time of
the first export (fonts registered, reportlab imported) and the median of the following ones.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.paths import EXAMPLES_DIR

TARGET_S = 1.0
CANDIDATES = 30


def real_case():
    """(scenario, sizing, catalog, label) from the engine, or None when it is not there."""
    try:
        from app.engine import size
        from app.services.sizing import load_scenario
        from app.store import Project
    except ImportError:
        return None
    example = EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"
    if not example.exists():
        return None
    scenario = load_scenario(example)
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.open(Path(tmp) / "bench.archwise", create=True)
        try:
            catalog = project.catalog()
        finally:
            project.close()
    catalog = catalog.merged_with(
        accelerators=scenario.accelerators, instances=scenario.instances, models=scenario.models
    )
    text_models = [m.name for m in catalog.models if m.modality.value == "text"]
    hardware = list(scenario.candidates.hardware)
    for inst in catalog.instances:  # add hardware until the scenario has CANDIDATES model x hardware pairs
        if len(text_models) * max(len(hardware), 1) >= CANDIDATES:
            break
        if inst.name not in hardware:
            hardware.append(inst.name)
    wide = scenario.model_copy(
        update={"candidates": scenario.candidates.model_copy(update={"models": text_models, "hardware": hardware})}
    )
    t = time.perf_counter()
    sizing = size(wide, catalog)
    engine_s = time.perf_counter() - t
    return wide, sizing, catalog, f"engine: {len(sizing.options)} options, sized in {engine_s:.2f} s"


def synthetic_case():
    sys.path.insert(0, str(ROOT / "tests" / "selection"))
    import selection_factories as f

    names = [f"Synthetic-Model-{i:02d}" for i in range(CANDIDATES)]
    models = [
        f.model(n, quality={"MMLU (5-shot)": 60 + i}, license="Apache-2.0" if i % 3 else "llama3")
        for i, n in enumerate(names)
    ]
    opts = [
        f.option(n, cost=0.5 + 0.1 * i, ttft=200 + 9 * i, tpot=20 + i, tokens_per_s=3000 - 40 * i, free_gib=10 + i % 9)
        for i, n in enumerate(names)
    ]
    return (
        f.scenario("Bench: 30 candidates"),
        f.feasible_sizing(opts, name="Bench: 30 candidates"),
        f.catalog(models),
        "SYNTHETIC sizing (app.engine not available): 30 options",
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", default=None, help="also keep the last PDF here")
    args = ap.parse_args()

    import datetime as dt

    from app.selection import build_matrix, sensitivity

    case = real_case() or synthetic_case()
    scenario, sizing, catalog, label = case
    t = time.perf_counter()
    matrix = build_matrix(sizing, catalog, scenario.workload)
    sens = sensitivity(matrix)
    select_s = time.perf_counter() - t

    from app.report import ReportMeta, write_decision_package

    meta = ReportMeta(project="bench", author="bench", date=dt.date(2026, 11, 23))
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "package.pdf"
        for _ in range(max(args.runs, 2)):
            t = time.perf_counter()
            write_decision_package(out, scenario, sizing, matrix, catalog, meta, sens)
            times.append(time.perf_counter() - t)
        from pypdf import PdfReader

        pages = len(PdfReader(out).pages)
        if args.keep:
            Path(args.keep).write_bytes(out.read_bytes())
    warm = statistics.median(times[1:])
    print(f"report_export: {label}; matrix rows {len(matrix.rows)} ({len(matrix.ranked)} ranked)")
    print(f"  selection matrix + sensitivity (1,000 draws): {select_s * 1000:.0f} ms")
    print(f"  export, first (reportlab import + font registration): {times[0]:.3f} s")
    print(
        f"  export, median of {len(times) - 1} warm runs: {warm:.3f} s  ({pages} pages; target < {TARGET_S:g} s: "
        f"{'met' if times[0] < TARGET_S else 'NOT met'} cold, {'met' if warm < TARGET_S else 'NOT met'} warm)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
