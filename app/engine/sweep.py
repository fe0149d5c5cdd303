"""The full candidate table of a scenario (every point at its operating batch), for CSV export
and the sweep benchmark. Vectorised like size(); rows are built only at the end."""

from __future__ import annotations

import numpy as np

from app.domain import Catalog, Scenario
from app.domain.units import GIB
from app.engine.evaluate import evaluate
from app.engine.kinds import training_gpu_hours
from app.engine.size import plan_points, traffic, training_job
from app.engine.space import build_space, enumerate_points
from app.engine.tables import PRECISIONS
from app.engine.violations import masks


def sweep_rows(scenario: Scenario, catalog: Catalog) -> list[dict]:
    catalog = catalog.merged_with(
        accelerators=scenario.accelerators, instances=scenario.instances, models=scenario.models
    )
    space = build_space(scenario, catalog)
    pts = enumerate_points(space)
    w, a = scenario.workload, scenario.assumptions
    load = traffic(scenario)
    ev = evaluate(space, pts, w, a)
    job = training_gpu_hours(space, pts, w) if training_job(scenario) else None
    pl = plan_points(space, pts, ev, w, a, load, job)
    mk = masks(ev, pl, scenario)
    cost = np.nan_to_num(pl.cost_per_month, nan=np.inf)
    order = np.lexsort((ev.ttft_floor, pts.gpus, np.where(mk.feasible, cost, 0.0), mk.count(), ~mk.feasible))
    n = np.arange(len(pts))
    j = ev.best_batch_index
    broken = {k: v for k, v in mk.broken.items()}
    rows = []
    fin = lambda x: "" if not np.isfinite(x) else round(float(x), 6)
    for rank, i in enumerate(order, 1):
        serves = ev.max_rate[i] > 0
        rows.append(
            {
                "rank": rank,
                "model": space.models[pts.model[i]].name,
                "hardware": space.hardware[pts.hardware[i]].name,
                "accelerator": space.hardware[pts.hardware[i]].accelerator.name,
                "runtime": space.runtimes[pts.runtime[i]].name,
                "gpus": int(pts.gpus[i]),
                "tensor_parallel": int(pts.tp[i]),
                "pipeline_parallel": int(pts.pp[i]),
                "precision": PRECISIONS[pts.precision[i]].value,
                "kv_precision": PRECISIONS[pts.kv_precision[i]].value,
                "feasible": bool(mk.feasible[i]),
                "violations": " ".join(k for k, v in broken.items() if v[i]),
                "batch_size": int(ev.batch[j[i]]) if serves else "",
                "weights_gib_per_gpu": round(ev.weights[i] / GIB, 3),
                "kv_cache_gib_per_gpu": round(max(ev.kv_budget[i], 0) / GIB, 3),
                "max_concurrent_sequences": int(min(ev.max_seqs[i], 1e9)),
                "ttft_ms": round(ev.ttft_floor[i] * 1e3, 3),
                "ttft_p95_ms": fin(ev.curve_ttft_p95[i, j[i]] * 1e3) if serves else "",
                "tpot_ms": fin(ev.curve_tpot[i, j[i]] * 1e3) if serves else round(ev.tpot_floor[i] * 1e3, 3),
                "e2e_p95_ms": fin(
                    (ev.curve_ttft_p95[i, j[i]] + (ev.tokens.output_p95 - 1) * ev.curve_tpot[i, j[i]]) * 1e3
                )
                if serves
                else "",
                "tokens_per_s": fin(ev.curve_rate[i, j[i]] * ev.tokens.output) if serves else "",
                # no operating point meets the SLA: empty like the plan's figures, not "0.0"
                "requests_per_s_per_replica": fin(ev.max_rate[i]) if ev.max_rate[i] > 0 else "",
                "replicas": fin(pl.replicas[i]),
                "total_gpus": fin(pl.total_gpus[i]),
                "cost_per_month_usd": fin(pl.cost_per_month[i]),
                "cost_per_million_tokens_usd": fin(pl.cost_per_mtok[i]),
                "cost_per_request_usd": fin(pl.cost_per_request[i]),
                "cost_per_run_usd": "" if pl.cost_per_run is None else fin(pl.cost_per_run[i]),
            }
        )
    del n
    return rows
