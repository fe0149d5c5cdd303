"""Bench: the engine's share of a what-if slider step (issues 13 and 19). Target: well under 10 ms
of CPU per step, so that slider-to-redraw p95 < 50 ms leaves the GUI its share.

A step is what the Analysis page's worker runs for each slider change: `size_scenario` of the
scenario with one what-if value changed, as a preview (`detailed=False`, no deployment
comparison, the page's `evaluation_cache()` kept between steps, the charts its plots show). The
steps are the ones `bench/ui_latency.py` makes (traffic up and down, input and output tokens,
the TTFT SLA), on the shipped examples of several workload kinds.

    .venv/bin/python bench/engine_preview.py [--rounds N] [--profile] [--scenario NAME]

Prints, per scenario and view (Analysis page: four plots; workshop mode: the latency chart only),
the median and p95 process CPU ms per step, and, per kind of step, the median. `--profile`
prints the top of a cProfile of the Analysis page's steps instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.domain import Scenario  # noqa: E402
from app.paths import EXAMPLES_DIR  # noqa: E402
from app.services import sizing as service  # noqa: E402
from bench.accuracy import load_catalog  # noqa: E402

EXAMPLES = (
    "llama3-70b-on-8x-a100.yaml",  # the one bench/ui_latency.py drives
    "rag-assistant-cloud.yaml",
    "engineering-agent.yaml",
    "weekend-batch-summaries.yaml",
    "public-chat-api.yaml",
)
# The charts a preview builds (AnalysisPage.charts_wanted): the cost curve's tab shown, energy behind
# it; workshop mode shows one chart, so neither traffic curve is built.
VIEWS = {
    "analysis": {"latency_vs_concurrency", "cost_vs_latency", "memory", "replicas_vs_traffic"},
    "workshop": {"latency_vs_concurrency", "cost_vs_latency", "memory"},
}
# (what-if knob, factor on the baseline), as bench/ui_latency.py's slider plan moves them
PLAN = (
    ("traffic", 0.6),
    ("traffic", 0.8),
    ("traffic", 1.25),
    ("traffic", 1.6),
    ("input", 1.35),
    ("input", 0.75),
    ("output", 1.35),
    ("output", 0.75),
    ("ttft", 1.5),
    ("ttft", 0.7),
)


def with_knob(scenario: Scenario, key: str, factor: float) -> Scenario:
    """`scenario` with one what-if value scaled by `factor`, as the what-if panel's `apply_knob`
    makes it (a batch job's rate changes the work a run holds; a p95 length stays >= its mean)."""
    w = scenario.workload
    if key == "traffic" and w.is_batch_job and w.batch is not None:
        w = w.model_copy(update={"batch": w.batch.at_rate(w.batch.requests_per_s * factor)})
    elif key == "traffic" and w.traffic is not None:
        w = w.model_copy(
            update={"traffic": w.traffic.model_copy(update={"requests_per_s": w.traffic.requests_per_s * factor})}
        )
    elif key in ("input", "output"):
        t = w.tokens
        mean, p95 = ("input_tokens", "input_tokens_p95") if key == "input" else ("output_tokens", "output_tokens_p95")
        value = max(1, int(getattr(t, mean) * factor))
        update: dict = {mean: value}
        if getattr(t, p95) is not None and getattr(t, p95) < value:
            update[p95] = value
        if key == "input" and t.shared_prefix_tokens > value:
            update["shared_prefix_tokens"] = value
        w = w.model_copy(update={"tokens": t.model_copy(update=update)})
    elif key == "ttft" and w.sla.ttft_p95_ms is not None:
        w = w.model_copy(update={"sla": w.sla.model_copy(update={"ttft_p95_ms": w.sla.ttft_p95_ms * factor})})
    return scenario.model_copy(update={"workload": w})


def steps_cpu_ms(
    catalog, scenario: Scenario, charts: set[str], rounds: int, profiler: cProfile.Profile | None = None
) -> dict[str, list[float]]:
    """Process CPU ms of each preview step, by knob, after the baseline's own detailed sizing
    (which fills the evaluation cache, as opening the scenario on the Analysis page does);
    `profiler` is enabled around the steps only."""
    cache = service.evaluation_cache()
    service.size_scenario(catalog, scenario, reuse=cache, deployments=False)
    out: dict[str, list[float]] = {}
    for _ in range(rounds):
        for key, factor in PLAN:
            step = with_knob(scenario, key, factor)
            t = time.process_time()
            if profiler is not None:
                profiler.enable()
            service.size_scenario(catalog, step, detailed=False, reuse=cache, deployments=False, charts_wanted=charts)
            if profiler is not None:
                profiler.disable()
            out.setdefault(key, []).append((time.process_time() - t) * 1000)
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * 0.95
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="passes over the slider plan per scenario and view")
    ap.add_argument("--profile", action="store_true", help="cProfile the Analysis page's steps instead")
    ap.add_argument("--scenario", action="append", help="an example file name (default: several kinds)")
    args = ap.parse_args()
    catalog = load_catalog()
    names = args.scenario or list(EXAMPLES)
    scenarios = {n: service.load_scenario(EXAMPLES_DIR / n) for n in names}
    if args.profile:
        prof = cProfile.Profile()
        for s in scenarios.values():
            steps_cpu_ms(catalog, s, VIEWS["analysis"], args.rounds, prof)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(60)
        return 0
    everything: list[float] = []
    for name, s in scenarios.items():
        for view, charts in VIEWS.items():
            by_knob = steps_cpu_ms(catalog, s, charts, args.rounds)
            steps = [x for xs in by_knob.values() for x in xs]
            everything += steps
            knobs = ", ".join(f"{k} {statistics.median(v):.1f}" for k, v in by_knob.items())
            print(
                f"{name} [{view}]: CPU per step median {statistics.median(steps):.1f} ms, p95 {_p95(steps):.1f} ms "
                f"(by knob, median ms: {knobs})"
            )
    print(
        f"all steps: median {statistics.median(everything):.1f} ms, p95 {_p95(everything):.1f} ms "
        f"of process CPU (target: well under 10 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
