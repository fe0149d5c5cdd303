"""Bench: the analytic p95s under load against the engine's own discrete-event simulation.

The sizing judges every candidate on analytic percentiles (`app.engine.serving`): p95 TTFT from a
queue wait, p95 TPOT from `serving.tpot_p95`. `app.engine.simulate` steps the same replica
iteration by iteration (continuous batching, prefill admitted into the decode step) with the same
roofline, so the two differ only in the queueing and batching. This bench writes scenarios from a
blank workload (no example file), sizes each one candidate, and at a range of utilisations prints
the analytic and simulated TTFT and TPOT p50 / p95 with the error (analytic / simulated - 1).

Utilisation u is of the replica's capacity: the option's max sustainable rate with no SLA (the
closed-loop rate at the largest batch the KV cache and the scheduler admit). The analytic figures
at a rate are the product's own: the batch grid index `options.operating_index` picks (the smallest
batch whose closed-loop rate covers it), `options.ttft_p95_at` and `Evaluation.curve_tpot_p95`
there; the p50s are the unloaded TTFT (prefill + one step) and the mean TPOT.

    .venv/bin/python bench/queue_vs_sim.py [--requests N] [--seeds 7,8,9] [--only NAME]

Prints one row per (scenario, u) and, at the end, the median and worst |error| of each p95 over
u <= 0.95, and over 0.3 <= u <= 0.8 apart.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.domain import Option, Scenario  # noqa: E402
from app.engine import size  # noqa: E402
from app.engine.evaluate import Evaluation, evaluate  # noqa: E402
from app.engine.options import ttft_p95_at  # noqa: E402
from app.engine.simulate import simulate  # noqa: E402
from app.engine.space import Space, build_space, enumerate_points  # noqa: E402
from app.store.io_formats import catalog_from_dir  # noqa: E402

UTILISATIONS = (0.3, 0.5, 0.7, 0.8, 0.9, 0.95)

# (name, input tokens, input p95, output tokens, output p95): chat, RAG and code shapes as a user
# types them (means and p95s, no example file)
SHAPES = (
    ("chat 1k/200", 1000, 2500, 200, 500),
    ("RAG 4k/300", 4000, 7000, 300, 600),
    ("code 2k/100", 2000, 4000, 100, 250),
)
# (label, model, hardware, GPUs): one GPU and tensor parallel 4 in one node
CONFIGS = (
    ("8B 1xH100", "Llama-3.1-8B-Instruct", "Lambda 1x H100 SXM", 1),
    ("70B TP4 H100", "Llama-3.1-70B-Instruct", "Lambda 8x H100 SXM", 4),
)


def scenario(shape: tuple, config: tuple) -> Scenario:
    """A blank workload with `shape`'s tokens on `config`'s one candidate, no SLA (capacity)."""
    name, inp, inp95, out, out95 = shape
    label, model, hardware, gpus = config
    return Scenario.model_validate(
        {
            "name": f"{name} on {label}",
            "workload": {
                "name": name,
                "category": "inference_api",
                "traffic": {"requests_per_s": 1.0, "peak_to_mean": 1.0, "pattern": "steady"},
                "tokens": {
                    "input_tokens": inp,
                    "input_tokens_p95": inp95,
                    "output_tokens": out,
                    "output_tokens_p95": out95,
                },
                "sla": {},
            },
            "candidates": {
                "models": [model],
                "hardware": [hardware],
                "precisions": ["fp8"],
                "runtimes": ["vLLM"],
                "gpu_counts": [gpus],
            },
        }
    )


@dataclass
class Case:
    scenario: Scenario
    space: Space
    option: Option
    ev: Evaluation
    index: int  # the option's point in ev


def case_of(s: Scenario, catalog) -> Case:
    """Size `s` (one candidate), and evaluate its space for the analytic figures at any rate."""
    sz = size(s, catalog, detailed=False, deployments=False, charts_wanted=())
    o = sz.options[0]
    space = build_space(s, catalog)
    pts = enumerate_points(space)
    ev = evaluate(space, pts, s.workload, s.assumptions)
    match = np.nonzero((pts.tp == o.tensor_parallel) & (pts.pp == o.pipeline_parallel) & (pts.gpus == o.gpus))[0]
    return Case(s, space, o, ev, int(match[0]))


def analytic(c: Case, rate: float) -> dict[str, float]:
    """The product's analytic figures at `rate` [req/s] per replica [ms]."""
    ev, i = c.ev, c.index
    ok = ev.reachable[i] & (ev.curve_rate[i] >= rate)
    j = int(np.argmax(ok)) if ok.any() else int(ev.best_batch_index[i])
    idx = np.array([i])
    ttft95 = float(ttft_p95_at(ev, idx, np.array([j]), np.array([rate]), c.scenario)[0])
    return {
        "ttft50": float(ev.prefill[i] + ev.step[i, j]) * 1e3,
        "ttft95": ttft95 * 1e3,
        "tpot50": float(ev.curve_tpot[i, j]) * 1e3,
        "tpot95": float(ev.curve_tpot_p95[i, j]) * 1e3,
    }


def simulated(c: Case, rate: float, requests: int, seeds: list[int]) -> dict[str, float]:
    """The simulation's percentiles at `rate`, averaged over `seeds` [ms]."""
    runs = [simulate(c.space, c.option, c.scenario, rate=rate, requests=requests, seed=sd) for sd in seeds]
    mean = lambda key: statistics.fmean(getattr(r, key) for r in runs)  # noqa: E731
    return {
        "ttft50": mean("ttft_p50_ms"),
        "ttft95": mean("ttft_p95_ms"),
        "tpot50": mean("tpot_p50_ms"),
        "tpot95": mean("tpot_p95_ms"),
        "batch": mean("mean_batch"),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=3000, help="requests per simulated run")
    ap.add_argument("--seeds", default="7,8,9", help="simulation seeds, comma-separated (the mean is shown)")
    ap.add_argument("--only", help="only scenarios whose name contains this")
    args = ap.parse_args()
    seeds = [int(x) for x in args.seeds.split(",")]
    catalog = catalog_from_dir()
    errors: dict[str, list[tuple[float, float]]] = {"ttft95": [], "tpot95": []}
    cpu_analytic = 0.0
    print(
        f"{'scenario':<28} {'u':>4} {'req/s':>7} {'batch':>6} | "
        f"{'TTFT p50 a/s':>15} {'TTFT p95 a/s':>17} {'err':>6} | {'TPOT p50 a/s':>13} {'TPOT p95 a/s':>13} {'err':>6}"
    )
    for config in CONFIGS:
        for shape in SHAPES:
            s = scenario(shape, config)
            if args.only and args.only not in s.name:
                continue
            c = case_of(s, catalog)
            capacity = c.option.requests_per_s_per_replica
            for u in UTILISATIONS:
                rate = u * capacity
                t0 = time.process_time()
                a = analytic(c, rate)
                cpu_analytic += time.process_time() - t0
                m = simulated(c, rate, args.requests, seeds)
                e_ttft = a["ttft95"] / m["ttft95"] - 1
                e_tpot = a["tpot95"] / m["tpot95"] - 1
                errors["ttft95"].append((u, e_ttft))
                errors["tpot95"].append((u, e_tpot))
                print(
                    f"{s.name:<28} {u:>4.2f} {rate:>7.3g} {m['batch']:>6.1f} | "
                    f"{a['ttft50']:>6.0f}/{m['ttft50']:<6.0f}  {a['ttft95']:>7.0f}/{m['ttft95']:<7.0f} {e_ttft:>+6.0%} | "
                    f"{a['tpot50']:>5.1f}/{m['tpot50']:<5.1f}  {a['tpot95']:>5.1f}/{m['tpot95']:<5.1f} {e_tpot:>+6.0%}"
                )
    for key, rows in errors.items():
        for lo, hi in ((0.3, 0.95), (0.3, 0.8), (0.9, 0.95)):
            sel = [abs(e) for u, e in rows if lo <= u <= hi]
            signed = [e for u, e in rows if lo <= u <= hi]
            if sel:
                print(
                    f"{key} error, u {lo}..{hi}: median |err| {statistics.median(sel):.1%}, worst |err| {max(sel):.1%}, "
                    f"most optimistic {min(signed):+.1%}"
                )
    print(f"analytic CPU {cpu_analytic * 1e3:.1f} ms; seeds {seeds}, {args.requests} requests each")


if __name__ == "__main__":
    main()
