"""The energy model against measured serving power (bench/validation/energy.yaml).

Two kinds of rows (`basis`):
- `gpu` (ML.ENERGY): measured average GPU power = energy per request x requests per second / GPUs,
  against the model's power of one accelerator running kernels a share a x k of the time,
  P = idle + (busy - idle) x a x k, a = 1 - exp(-requests per second x latency per request)
  (app.engine.power.active_share: the share of the time the replica has a request in service) and
  k the share of a decode step each GPU runs kernels (app.engine.estimate.kernel_share for the row's
  model, GPUs, runtime and precision at its mean requests in flight, requests per second x latency
  per request by Little's law, at the TOKENS shape below: the row files publish no token counts),
  with idle and busy from the accelerator's catalog record and the assumptions. A row naming no
  model has k = 1. `--rule active` scores the model before k (a x 1), `--rule utilisation` the one
  before that (a = the row's utilisation: served rate / saturated rate).
- `system` (MLPerf Inference Power): measured average wall power of the whole node, against the
  model's node power gpus x P(a) + host (app.engine.power.PowerModel.node_w), the accelerator's TDP
  capped at the row's gpu_power_limit_w and the host power taken from the catalog node named in
  host_power_from (its host_power_w per accelerator x gpus). Also prints the measured energy per 1M
  output tokens [Wh] (= W / tokens per s / 3600 x 1e6); at the measured throughput the model's error in
  it is the power error.
Prints one line per row, the mean absolute percentage error over all rows, per basis and per split
(`train`: the rows the default busy_power_fraction was read from; `held_out`: rows added afterwards
and used for nothing), and the busy-power fraction that the saturated GPU rows of each split imply
(measured power at u = 1 / TDP).

Run:   .venv/bin/python bench/energy_accuracy.py
       .venv/bin/python bench/energy_accuracy.py --rule active        # the model before k: a x 1
       .venv/bin/python bench/energy_accuracy.py --idle-fraction 0.2 --busy-fraction 0.52
       .venv/bin/python bench/energy_accuracy.py --rule utilisation   # the model before: a = u
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.domain import Accelerator, Assumptions, Catalog, Instance, parse  # noqa: E402
from app.engine.estimate import kernel_share  # noqa: E402
from app.engine.power import PowerModel, accelerator_power_w, active_share  # noqa: E402

ENERGY = ROOT / "bench" / "validation" / "energy.yaml"
ACCELERATORS = ROOT / "catalog" / "accelerators.yaml"
INSTANCES = ROOT / "catalog" / "instances.yaml"
# Prompt and response tokens for the rows' kernel share where a row gives none: the ML.ENERGY files
# publish no token counts. A stated assumption; k moves by less than 0.02 between 200/300 and
# 1000/300 tokens for the rows here (Llama-3 8B at TP 1 and 70B at TP 8 on A100, checked 2026-11-30).
TOKENS = (256, 256)


@dataclass(frozen=True)
class Scored:
    id: str
    split: str
    utilisation: float
    measured_w: float
    predicted_w: float
    basis: str = "gpu"  # "gpu": one accelerator's power; "system": the whole node at the wall
    tokens_per_s: float | None = None  # system rows: measured output tokens per second
    busy_share: float | None = None  # a: the share of the time the model takes the accelerators as busy
    kernels: float = 1.0  # k: the share of a decode step each GPU runs kernels (1: not modelled)

    @property
    def measured_wh_per_million_tokens(self) -> float | None:
        """Measured energy per 1M output tokens [Wh] = W / (tokens/s) / 3600 x 1e6 (system rows)."""
        if not self.tokens_per_s:
            return None
        return self.measured_w / self.tokens_per_s / 3600.0 * 1e6

    @property
    def error_pct(self) -> float:
        return 100.0 * (self.predicted_w - self.measured_w) / self.measured_w


def rows() -> list[dict]:
    return yaml.safe_load(ENERGY.read_text(encoding="utf-8"))["rows"]


def accelerators() -> dict[str, Accelerator]:
    records = yaml.safe_load(ACCELERATORS.read_text(encoding="utf-8"))["records"]
    return {a.name: a for a in (parse(Accelerator, r) for r in records)}


def instances() -> dict[str, Instance]:
    records = yaml.safe_load(INSTANCES.read_text(encoding="utf-8"))["records"]
    return {i.name: i for i in (parse(Instance, r) for r in records)}


RULES = ("kernel", "active", "utilisation")
_CATALOG: list[Catalog] = []


def catalog() -> Catalog:
    """The shipped catalog (read once)."""
    if not _CATALOG:
        from app.store.io_formats import catalog_from_dir

        _CATALOG.append(catalog_from_dir(ROOT / "catalog"))
    return _CATALOG[0]


def kernels_of(r: dict, rule: str = "kernel") -> float:
    """k for a row: the engine's kernel share of a decode step for the row's configuration at its mean
    requests in flight (requests per second x latency per request, Little's law); 1 for a row naming
    no model, or under the rules before it."""
    if rule != "kernel" or not r.get("model"):
        return 1.0
    rate = r.get("requests_per_s", r.get("samples_per_s", 0.0))
    in_flight = rate * r["latency_s"] if r.get("latency_s") else float(r.get("in_flight", 1.0))
    return kernel_share(
        catalog(),
        model=r["model"],
        hardware=r["accelerator"],
        gpus=r["gpus"],
        tensor_parallel=r.get("tensor_parallel", r["gpus"]),
        precision=r.get("precision", "bf16"),
        runtime=r.get("runtime", "vLLM"),
        input_tokens=int(r.get("input_tokens", TOKENS[0])),
        output_tokens=int(r.get("output_tokens", TOKENS[1])),
        concurrency=max(in_flight, 1.0),
    )


def busy_share(r: dict, rule: str = "kernel") -> float:
    """The share of the time the row's replica serves in the model: `kernel` and `active` (the engine's
    rule) = active_share(req/s of the replica, one request's time in service), the row's latency_s
    (a row without one: busy all the time it has traffic); `utilisation` (the model before) = the row's
    served rate over its saturated rate."""
    if rule == "utilisation":
        return float(r["utilisation"])
    rate = r.get("requests_per_s", r.get("samples_per_s", 0.0))
    return float(active_share(rate, r.get("latency_s")))


def system_power_w(
    r: dict, acc: Accelerator, nodes: dict[str, Instance], a: Assumptions, rule: str = "kernel"
) -> float:
    """The model's node power [W] for a `system` row: gpus x P_accel(a x k) + host (no PUE: wall power).

    TDP capped at the row's gpu_power_limit_w; host = host_power_w of the catalog node named in
    host_power_from, per accelerator, x gpus (0 when the row names none: accelerators only)."""
    limit = r.get("gpu_power_limit_w")
    if limit is not None and acc.tdp_w is not None:
        acc = acc.model_copy(update={"tdp_w": min(acc.tdp_w, float(limit))})
    host = 0.0
    donor = nodes[r["host_power_from"]] if r.get("host_power_from") else None
    if donor is not None and donor.host_power_w is not None:
        host = donor.host_power_w / donor.accelerator_count * r["gpus"]
    model = PowerModel.of(acc, a, host)
    assert model is not None
    return float(model.node_w(r["gpus"], busy_share(r, rule) * kernels_of(r, rule)))


def score(a: Assumptions, rule: str = "kernel") -> list[Scored]:
    accs, nodes, out = accelerators(), instances(), []
    for r in rows():
        acc = accs[r["accelerator"]]
        if r.get("basis") == "system":
            predicted = system_power_w(r, acc, nodes, a, rule)
            out.append(
                Scored(
                    r["id"],
                    r.get("split", "train"),
                    r["utilisation"],
                    float(r["system_power_w"]),
                    predicted,
                    "system",
                    r.get("tokens_per_s"),
                    busy_share(r, rule),
                    kernels_of(r, rule),
                )
            )
            continue
        assert acc.tdp_w is not None
        busy = acc.tdp_w * a.busy_power_fraction
        idle = min(acc.idle_power_w if acc.idle_power_w is not None else acc.tdp_w * a.idle_power_fraction, busy)
        measured = r["energy_per_request_j"] * r["requests_per_s"] / r["gpus"]
        share, k = busy_share(r, rule), kernels_of(r, rule)
        predicted = float(accelerator_power_w(idle, busy, share * k))
        out.append(
            Scored(r["id"], r.get("split", "train"), r["utilisation"], measured, predicted, busy_share=share, kernels=k)
        )
    return out


def mean_abs_error(scored: list[Scored], split: str | None = None, basis: str | None = None) -> float:
    """Mean |error| [%] over the rows (of one split and one basis when given)."""
    rows = [s for s in scored if (split is None or s.split == split) and (basis is None or s.basis == basis)]
    return sum(abs(s.error_pct) for s in rows) / len(rows)


def implied_busy_fraction(
    scored: list[Scored], split: str | None = "train", a: Assumptions | None = None
) -> float | None:
    """Mean over the saturated GPU rows (of one split; None: all) of the busy power [x TDP] that makes
    the model meet the measurement: (idle + (measured - idle) / (a x k)) / TDP (the model inverted),
    idle the catalog's measured idle power, else the assumptions' share of TDP."""
    accs = accelerators()
    by_id = {r["id"]: r for r in rows()}
    sat = [s for s in scored if s.basis == "gpu" and s.utilisation >= 1.0 and (split is None or s.split == split)]
    if not sat:
        return None
    fractions = []
    for s in sat:
        acc = accs[by_id[s.id]["accelerator"]]
        tdp = acc.tdp_w or 1.0
        idle = acc.idle_power_w if acc.idle_power_w is not None else tdp * (a or Assumptions()).idle_power_fraction
        share = (s.busy_share or 1.0) * s.kernels
        fractions.append((idle + (s.measured_w - idle) / share) / tdp)
    return sum(fractions) / len(fractions)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--idle-fraction", type=float, default=None, help="assumptions.idle_power_fraction")
    p.add_argument("--busy-fraction", type=float, default=None, help="assumptions.busy_power_fraction")
    p.add_argument(
        "--rule",
        choices=RULES,
        default="kernel",
        help="busy share: kernel (the engine's: a x k), active (before k: a) or utilisation (before that)",
    )
    args = p.parse_args(argv)
    over = {}
    if args.idle_fraction is not None:
        over["idle_power_fraction"] = args.idle_fraction
    if args.busy_fraction is not None:
        over["busy_power_fraction"] = args.busy_fraction
    a = Assumptions(**over)
    scored = score(a, args.rule)
    print(
        f"idle_power_fraction {a.idle_power_fraction:g}, busy_power_fraction {a.busy_power_fraction:g}, "
        f"busy share rule: {args.rule}"
    )
    print(
        f"{'row':52} {'basis':>6} {'split':>8} {'u':>6} {'a':>8} {'k':>6} {'measured W':>11} {'model W':>9} {'error':>8} "
        f"{'Wh/1M tok':>10}"
    )
    for s in scored:
        wh = s.measured_wh_per_million_tokens
        print(
            f"{s.id:52} {s.basis:>6} {s.split:>8} {s.utilisation:6.3f} {s.busy_share or 0:8.6f} {s.kernels:6.3f} "
            f"{s.measured_w:11.1f} "
            f"{s.predicted_w:9.1f} {s.error_pct:+7.1f}% {'' if wh is None else f'{wh:10.1f}'}"
        )
    print(f"mean absolute error {mean_abs_error(scored):.1f}% over {len(scored)} rows")
    for basis in ("gpu", "system"):
        n = sum(1 for s in scored if s.basis == basis)
        if n:
            print(f"  basis {basis}: {mean_abs_error(scored, basis=basis):.1f}% over {n} rows")
    for split in ("train", "held_out"):
        n = sum(1 for s in scored if s.split == split)
        if n:
            implied = implied_busy_fraction(scored, split, a)
            tail = f"; saturated rows imply busy {implied:.3f} x TDP" if implied is not None else ""
            print(f"  {split}: {mean_abs_error(scored, split):.1f}% over {n} rows{tail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
