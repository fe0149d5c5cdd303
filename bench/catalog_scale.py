"""Bench: whole-catalog sizing as the catalog grows. Target: time and memory linear in the
number of instances (10x the shipped instances costs about 10x, 100x about 100x), and no
numpy warning on the way.

    .venv/bin/python bench/catalog_scale.py [--factors 1 10 100] [--runs 1]

Each factor k copies every shipped instance k times under new names ("AWS p5.48xlarge #3", the
same figures), then sizes the public-chat example with every instance as a candidate (one model,
FP8, so the engine's work per instance is small and anything that scans the catalog per
instance shows). Prints
instances, points evaluated, the median time of size(), the peak RSS of a child process per
factor, and the time per instance, which should stay flat.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def scaled_catalog(factor: int):
    """The shipped catalog with every instance copied `factor` times under new names."""
    from app.store.io_formats import catalog_from_dir

    catalog = catalog_from_dir()
    copies = [
        inst.model_copy(update={"name": inst.name if n == 0 else f"{inst.name} #{n}"})
        for inst in catalog.instances
        for n in range(factor)
    ]
    return catalog.model_copy(update={"instances": copies})


def one_factor(factor: int, runs: int) -> dict:
    from app.engine import size
    from app.paths import EXAMPLES_DIR
    from app.services.sizing import load_scenario

    s = load_scenario(EXAMPLES_DIR / "public-chat-api.yaml")
    # one model and one precision: evaluation per instance is small, so what grows faster than the
    # catalog (a lookup that scans it per instance) shows
    only = {"hardware": [], "models": ["Llama-3.1-8B-Instruct"], "precisions": ["fp8"], "hosted_apis": []}
    s = s.model_copy(update={"candidates": s.candidates.model_copy(update=only)})
    catalog = scaled_catalog(factor)
    times = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a numpy overflow warning fails the bench
        for _ in range(runs):
            t = time.perf_counter()
            sz = size(s, catalog)
            times.append(time.perf_counter() - t)
    return {
        "factor": factor,
        "instances": len(catalog.instances),
        "points": sz.evaluated_points,
        "seconds": statistics.median(times),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:  # one factor in a fresh process, so its peak RSS is its own
        print(json.dumps(one_factor(args.child, args.runs)))
        return 0
    base = None
    for factor in args.factors:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(factor), "--runs", str(args.runs)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        per = r["seconds"] / r["instances"] * 1e3
        base = base or per
        print(
            f"x{factor:<4} {r['instances']:>6,} instances  {r['points']:>12,} points  {r['seconds']:8.2f} s  "
            f"{per:6.2f} ms/instance ({per / base:4.2f}x the 1x figure)  peak RSS {r['rss_mb']:,.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
