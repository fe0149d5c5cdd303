"""Portfolios written the way a user writes them (inline workloads), planned straight on the engine."""

from __future__ import annotations

from typing import Any

from app.domain import Candidates, Catalog, Scenario, parse
from app.domain.fleet_results import FleetPlan
from app.domain.portfolio import Portfolio
from app.engine.fleet import plan_fleet

ONE_GPU = "RunPod 1x H100 SXM"  # 1 GPU per node, $3.99/h: node counts are replica counts
EIGHT_GPU = "Lambda 8x H100 SXM"


def hours(start: int, end: int) -> list[float]:
    """24 levels: 1 from `start` to `end` (exclusive), 0 elsewhere."""
    return [1.0 if start <= h < end else 0.0 for h in range(24)]


def _peak_hours(ptm: float) -> int:
    """Peak hours a day that keep the mean at `ptm` (hours x ptm <= 24, Traffic's rule); the levels
    shape the plan's week, these only make the traffic record valid."""
    return max(1, min(8, int(24 / ptm + 1e-9)))


def serving(name: str, rps: float, levels: list[float] | None = None, priority: str = "interactive",
            team: str = "team", model: str = "Llama-3.1-8B-Instruct", **extra: Any) -> dict[str, Any]:  # fmt: skip
    """A chat workload whose busiest hour carries `rps` (its levels' peak; flat: every hour), 1,000
    tokens in, 200 out, TTFT p95 1 s. The plan keeps a workload's declared mean, so the mean declared
    is rps x mean(levels) / max(levels), and the peak-to-mean is max / mean."""
    mean = rps if levels is None else rps * (sum(levels) / 24) / max(levels)
    entry: dict[str, Any] = {
        "name": name,
        "workload": {
            "name": name,
            "category": "inference_api",
            "traffic": {
                "requests_per_s": mean,
                "peak_to_mean": rps / mean,
                "peak_hours_per_day": _peak_hours(rps / mean),
            },
            "tokens": {"input_tokens": 1000, "output_tokens": 200},
            "sla": {"ttft_p95_ms": 1000, "tpot_p95_ms": 50},
        },
        "candidates": {"models": [model], "precisions": ["bf16"]},
        "priority": priority,
        "team": team,
        "profile": {"levels": levels} if levels is not None else {"pattern": "flat"},
    }
    entry.update(extra)
    return entry


def batch(name: str, requests: int, window: str, priority: str = "batch", team: str = "team",
          recurrence: str = "daily", **extra: Any) -> dict[str, Any]:  # fmt: skip
    entry: dict[str, Any] = {
        "name": name,
        "workload": {
            "name": name,
            "category": "batch",
            "tokens": {"input_tokens": 1000, "output_tokens": 200},
            "batch": {"total_requests": requests, "recurrence": recurrence, "start_window": window},
        },
        "candidates": {"models": ["Llama-3.1-8B-Instruct"], "precisions": ["bf16"]},
        "priority": priority,
        "team": team,
    }
    entry.update(extra)
    return entry


def portfolio(workloads: list[dict[str, Any]], pools: list[dict[str, Any]], **fleet: Any) -> Portfolio:
    data = {"name": "test", "workloads": workloads, "fleet": {"pools": pools, "max_utilisation": 1.0, **fleet}}
    return parse(Portfolio, data)


def scenarios(pf: Portfolio) -> dict[str, Scenario]:
    out = {}
    for w in pf.workloads:
        assert w.workload is not None
        out[w.label] = Scenario(name=w.label, workload=w.workload, candidates=w.candidates or Candidates())
    return out


def plan(pf: Portfolio, catalog: Catalog, method: str = "greedy", **kw: Any) -> FleetPlan:
    return plan_fleet(pf, scenarios(pf), catalog, method=method, **kw)  # type: ignore[arg-type]


def rate(fp: FleetPlan, unit: str, pool: str) -> float:
    """The engine's max req/s per replica for `unit` on `pool` (what the plan divides by)."""
    return next(s.requests_per_s for s in fp.replica_specs if s.unit == unit and s.pool == pool)
