"""Bench: sweep the whole shipped catalog through the engine. Target: >= 1,000,000 points
(model x instance x GPU count x TP/PP x precision x 32 batch sizes) in under 1 s on a 2-core
machine, peak RSS under 500 MB.

    .venv/bin/python bench/engine_sweep.py [--runs N]

Prints points evaluated, the median time of the runs (after one warm-up) and points per second,
and the process's peak RSS. Reads the catalog YAML directly (the store is not involved).

Then a whole-catalog size() (the public-chat example with every candidate list emptied): a fresh
search (target < 0.5 s), and what-if previews as a slider makes them: a token step (evaluated
anew), and a traffic and an SLA step (the last evaluation reused, judged against the new SLA).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np

from app.domain import Category, Precision, Scenario, Sla, Tokens, Traffic, Workload
from app.engine.cost import plan
from app.engine.evaluate import evaluate
from app.engine.space import build_space, enumerate_points
from app.engine.violations import masks
from bench.accuracy import load_catalog

TARGET_POINTS, TARGET_S, TARGET_RSS_MB = 1_000_000, 1.0, 500
CHUNK = 8192  # points per evaluate() call: bounds the (points x batch) temporaries


def scenario() -> Scenario:
    wl = Workload(
        name="sweep",
        category=Category.INFERENCE_API,
        traffic=Traffic(requests_per_s=10, peak_to_mean=2),
        tokens=Tokens(input_tokens=1000, output_tokens=250),
        sla=Sla(ttft_p95_ms=1000, tpot_p95_ms=100),
    )
    return Scenario(
        name="whole catalog", workload=wl, candidates={"precisions": list(Precision), "runtimes": ["vLLM", "llama.cpp"]}
    )


def run_once(space, pts, s) -> int:
    done = 0
    w, a = s.workload, s.assumptions
    for start in range(0, len(pts), CHUNK):
        sub = pts.take(np.arange(start, min(start + CHUNK, len(pts))))
        ev = evaluate(space, sub, w, a)
        pl = plan(
            space, sub.hardware, sub.gpus, ev.max_rate, w, a, w.traffic.requests_per_s, w.traffic.peak_requests_per_s
        )
        masks(ev, pl, s)
        done += len(sub) * ev.batch.size
    return done


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--catalog", type=Path, default=ROOT / "catalog", help="catalog folder (default: the shipped one)")
    args = ap.parse_args()
    catalog = load_catalog(args.catalog)
    s = scenario()
    t0 = time.perf_counter()
    space = build_space(s, catalog)
    pts = enumerate_points(space)
    t_enum = time.perf_counter() - t0
    run_once(space, pts, s)  # warm-up
    times, points = [], 0
    for _ in range(args.runs):
        t = time.perf_counter()
        points = run_once(space, pts, s)
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"catalog: {len(space.models)} models x {len(space.hardware)} hardware x {len(space.precisions)} precisions "
        f"x {len(space.runtimes)} runtimes -> {len(pts):,} configurations x 32 batch sizes"
    )
    print(f"enumeration: {t_enum * 1e3:,.0f} ms")
    print(f"points evaluated: {points:,} in {med:.3f} s (median of {args.runs}) = {points / med:,.0f} points/s")
    print(f"peak RSS: {rss_mb:,.0f} MB")
    ok = points >= TARGET_POINTS and med < TARGET_S and rss_mb < TARGET_RSS_MB
    print(
        f"target (>= {TARGET_POINTS:,} points in < {TARGET_S:g} s, RSS < {TARGET_RSS_MB} MB): "
        f"{'met' if ok else 'NOT met'}"
    )
    whole_catalog_sizing(catalog, args.runs)
    return 0


def whole_catalog_sizing(catalog, runs: int) -> None:
    from app.engine import LastEvaluation, size
    from app.paths import EXAMPLES_DIR
    from app.services.sizing import load_scenario

    s = load_scenario(EXAMPLES_DIR / "public-chat-api.yaml")
    s = s.model_copy(
        update={"candidates": s.candidates.model_copy(update={"models": [], "hardware": [], "runtimes": []})}
    )

    def varied(n: int, field: str):
        w = s.workload
        if field == "traffic":
            part = w.traffic.model_copy(update={"requests_per_s": w.traffic.requests_per_s * (1 + 0.1 * n)})
        elif field == "sla":
            part = w.sla.model_copy(update={"ttft_p95_ms": (w.sla.ttft_p95_ms or 1000) * (1 + 0.1 * n)})
        else:
            part = w.tokens.model_copy(update={"input_tokens": w.tokens.input_tokens + 50 * n})
        return s.model_copy(update={"workload": w.model_copy(update={field: part})})

    def timed(fn) -> float:
        t = time.perf_counter()
        fn()
        return (time.perf_counter() - t) * 1e3

    fresh, token_step, traffic_step, sla_step = [], [], [], []
    for n in range(1, runs + 1):
        cache = LastEvaluation()  # what the Analysis page keeps between slider steps
        fresh.append(timed(lambda: size(s, catalog, reuse=cache)))
        traffic_step.append(timed(lambda: size(varied(n, "traffic"), catalog, detailed=False, reuse=cache)))
        sla_step.append(timed(lambda: size(varied(n, "sla"), catalog, detailed=False, reuse=cache)))
        token_step.append(timed(lambda: size(varied(n, "tokens"), catalog, detailed=False, reuse=cache)))
    sz = size(s, catalog)
    print(
        f"whole-catalog size(): {sz.evaluated_points:,} points; fresh search median {statistics.median(fresh):,.0f} ms "
        f"(target < 500 ms); what-if preview: token step {statistics.median(token_step):,.0f} ms, "
        f"traffic step {statistics.median(traffic_step):,.0f} ms, SLA step {statistics.median(sla_step):,.0f} ms "
        f"(evaluation reused)"
    )


if __name__ == "__main__":
    sys.exit(main())
