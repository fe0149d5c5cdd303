"""The energy model against measured serving power (bench/validation/energy.yaml).

Two kinds of rows (`basis`):
- `gpu` (ML.ENERGY v2 and v3): measured average GPU power = energy per request x requests per second /
  GPUs, against the model's power of one accelerator, P = idle + (busy - idle) x a x s:
  a = 1 - exp(-requests per second x latency per request) (app.engine.power.active_share: the share
  of the time the replica has a request in service) and s the share of (busy - idle) the GPU draws over
  a decode step, from the engine's step for the row's model, GPUs, runtime and precision at its mean
  requests in flight (requests per second x latency per request, Little's law; prompt tokens TOKENS
  below where a row gives none): by default (the step model) busy = TDP and
  s = min(1, BETA_MEM x u_mem + BETA_COMP x u_comp) (app.engine.power.step_power_share); with
  `--busy-fraction` (the override) busy = that share of TDP and s = k, the share of the step in kernels.
  A row naming no model has s = 1. `--rule active` scores a x 1, `--rule utilisation` a = the row's
  utilisation (served rate / saturated rate), both under the override's busy power.
- `system` (MLPerf Inference Power): measured average wall power of the whole node, against the
  model's node power gpus x P(a x s) + host (app.engine.power.PowerModel.node_w), the accelerator's TDP
  capped at the row's gpu_power_limit_w and the host power taken from the catalog node named in
  host_power_from (its host_power_w per accelerator x gpus); the step is one replica's (replica_gpus,
  tensor_parallel, pipeline_parallel) at the batch the KV cache holds (`in_flight: max`). Also prints
  the measured energy per 1M output tokens [Wh] and the host power the wall reading leaves once the
  model's GPUs are taken out.
Prints one line per row with the model before (busy_power_fraction 0.54 x TDP while in kernels, the
default until 2026-12-01) and after, then the mean absolute percentage error of each, over all rows,
per basis, per split (`train`: the only rows the step model's coefficients are fitted on, the ML.ENERGY
v3 H100 sweep of Llama-3.1-8B; `held_out`: every other row), per source family and per accelerator.
`--fit` fits BETA_MEM and BETA_COMP on the train rows and prints them.

Run:   .venv/bin/python bench/energy_accuracy.py
       .venv/bin/python bench/energy_accuracy.py --fit                 # refit the two coefficients
       .venv/bin/python bench/energy_accuracy.py --busy-fraction 0.54  # the override (the model before)
       .venv/bin/python bench/energy_accuracy.py --busy-fraction 0.5 --rule active   # before k
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.domain import Accelerator, Assumptions, Catalog, Instance, parse  # noqa: E402
from app.engine.estimate import step_power_inputs  # noqa: E402
from app.engine.power import BETA_COMP, BETA_MEM, PowerModel, accelerator_power_w, active_share  # noqa: E402

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
    kernels: float = 1.0  # the share of (P_busy - P_idle) drawn over a step: s (step model) or k (override)
    accelerator: str = ""
    mem_share: float = 0.0  # u_mem of the row's decode step (the step model's input)
    comp_share: float = 0.0  # u_comp

    @property
    def measured_wh_per_million_tokens(self) -> float | None:
        """Measured energy per 1M output tokens [Wh] = W / (tokens/s) / 3600 x 1e6 (system rows)."""
        if not self.tokens_per_s:
            return None
        return self.measured_w / self.tokens_per_s / 3600.0 * 1e6

    @property
    def error_pct(self) -> float:
        return 100.0 * (self.predicted_w - self.measured_w) / self.measured_w

    @property
    def family(self) -> str:
        """The row's source family, from its id: ML.ENERGY v2 (2024), v3 (2025-26), MLPerf v4.1, v5.1."""
        for prefix, name in FAMILIES:
            if self.id.startswith(prefix):
                return name
        return "other"


FAMILIES = (
    ("mlenergy3-", "ML.ENERGY v3"),
    ("mlenergy-", "ML.ENERGY v2"),
    ("mlperf41-", "MLPerf v4.1"),
    ("mlperf51-", "MLPerf v5.1"),
)


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
# The model before the step model: busy power = this share of TDP while a GPU runs kernels (the
# default busy_power_fraction until 2026-12-01), what `--before` and the before column score.
BEFORE_BUSY_FRACTION = 0.54


def catalog() -> Catalog:
    """The shipped catalog (read once)."""
    if not _CATALOG:
        from app.store.io_formats import catalog_from_dir

        _CATALOG.append(catalog_from_dir(ROOT / "catalog"))
    return _CATALOG[0]


def in_flight_of(r: dict) -> float:
    """Sequences in flight [1]: requests per second x latency per request (Little's law), else the
    row's `in_flight` ("max": as many as the KV cache and the scheduler hold, a saturated run)."""
    rate = r.get("requests_per_s", r.get("samples_per_s", 0.0))
    if r.get("latency_s"):
        return max(rate * r["latency_s"], 1.0)
    given = r.get("in_flight", 1.0)
    return 1e9 if given == "max" else max(float(given), 1.0)


def step_of(r: dict, a: Assumptions, rule: str = "kernel") -> tuple[float, float, float]:
    """(share, u_mem, u_comp) for a row: the engine's share of (P_busy - P_idle) a GPU draws over the
    row's decode step at its mean requests in flight (`app.engine.estimate.step_power_inputs` under
    the assumptions `a`: the step's activity, or with busy_power_fraction set the share of the step in
    kernels) and the step's memory and tensor-core busy shares; (1, 0, 0) for a row naming no model,
    or under the rules before the kernel share."""
    if rule != "kernel" or not r.get("model"):
        return 1.0, 0.0, 0.0
    return step_power_inputs(
        catalog(),
        model=r["model"],
        hardware=r["accelerator"],
        gpus=r.get("replica_gpus", r["gpus"]),
        tensor_parallel=r.get("tensor_parallel", r.get("replica_gpus", r["gpus"])),
        pipeline_parallel=r.get("pipeline_parallel", 1),
        precision=r.get("precision", "bf16"),
        runtime=r.get("runtime", "vLLM"),
        input_tokens=int(r.get("input_tokens", TOKENS[0])),
        output_tokens=int(r.get("output_tokens", TOKENS[1])),
        concurrency=in_flight_of(r),
        assumptions=a,
    )


def kernels_of(r: dict, rule: str = "kernel", a: Assumptions | None = None) -> float:
    """The share of (P_busy - P_idle) the row's GPUs draw over a step [1] (`step_of`)."""
    return step_of(r, a or Assumptions(), rule)[0]


def busy_share(r: dict, rule: str = "kernel") -> float:
    """The share of the time the row's replica serves in the model: `kernel` and `active` (the engine's
    rule) = active_share(req/s of the replica, one request's time in service), the row's latency_s
    (a row without one: busy all the time it has traffic); `utilisation` (the model before) = the row's
    served rate over its saturated rate."""
    if rule == "utilisation":
        return float(r["utilisation"])
    rate = r.get("requests_per_s", r.get("samples_per_s", 0.0))
    return float(active_share(rate, r.get("latency_s")))


def _capped(r: dict, acc: Accelerator) -> Accelerator:
    """The accelerator at the row's GPU power limit (gpu_power_limit_w caps its TDP)."""
    limit = r.get("gpu_power_limit_w")
    if limit is not None and acc.tdp_w is not None:
        return acc.model_copy(update={"tdp_w": min(acc.tdp_w, float(limit))})
    return acc


def system_power_w(
    r: dict, acc: Accelerator, nodes: dict[str, Instance], a: Assumptions, rule: str = "kernel"
) -> float:
    """The model's node power [W] for a `system` row: gpus x P_accel(a x s) + host (no PUE: wall power).

    TDP capped at the row's gpu_power_limit_w; host = host_power_w of the catalog node named in
    host_power_from, per accelerator, x gpus (0 when the row names none: accelerators only)."""
    acc = _capped(r, acc)
    host = 0.0
    donor = nodes[r["host_power_from"]] if r.get("host_power_from") else None
    if donor is not None and donor.host_power_w is not None:
        host = donor.host_power_w / donor.accelerator_count * r["gpus"]
    model = PowerModel.of(acc, a, host)
    assert model is not None
    return float(model.node_w(r["gpus"], busy_share(r, rule) * kernels_of(r, rule, a)))


def score(a: Assumptions, rule: str = "kernel") -> list[Scored]:
    accs, nodes, out = accelerators(), instances(), []
    for r in rows():
        acc = accs[r["accelerator"]]
        share, mem, comp = step_of(r, a, rule)
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
                    share,
                    acc.name,
                    mem,
                    comp,
                )
            )
            continue
        pm = PowerModel.of(_capped(r, acc), a, 0.0)
        assert pm is not None
        measured = r["energy_per_request_j"] * r["requests_per_s"] / r["gpus"]
        a_share = busy_share(r, rule)
        predicted = float(accelerator_power_w(pm.idle_w, pm.busy_w, a_share * share))
        out.append(
            Scored(
                r["id"],
                r.get("split", "train"),
                r["utilisation"],
                measured,
                predicted,
                busy_share=a_share,
                kernels=share,
                accelerator=acc.name,
                mem_share=mem,
                comp_share=comp,
            )
        )
    return out


def mean_abs_error(
    scored: list[Scored],
    split: str | None = None,
    basis: str | None = None,
    family: str | None = None,
    accelerator: str | None = None,
) -> float:
    """Mean |error| [%] over the rows (of one split, basis, source family and accelerator when given)."""
    rows = [
        s
        for s in scored
        if (split is None or s.split == split)
        and (basis is None or s.basis == basis)
        and (family is None or s.family == family)
        and (accelerator is None or s.accelerator == accelerator)
    ]
    return sum(abs(s.error_pct) for s in rows) / len(rows)


def fit_betas(scored: list[Scored], split: str = "train") -> tuple[float, float]:
    """(beta_mem, beta_comp) [1] fitted on the GPU rows of `split`: the pair on a 0.005 grid over
    [0, 1.5]^2 that minimises the mean squared relative power error of the model as the engine runs it,
    P = idle + (TDP - idle) x a x min(1, beta_mem x u_mem + beta_comp x u_comp) (the clip included)."""
    accs = accelerators()
    by_id = {r["id"]: r for r in rows()}
    idle, span, um, uc, measured = [], [], [], [], []
    for s in scored:
        if s.split != split or s.basis != "gpu":
            continue
        acc = _capped(by_id[s.id], accs[s.accelerator])
        tdp = acc.tdp_w or 1.0
        lo = acc.idle_power_w if acc.idle_power_w is not None else tdp * Assumptions().idle_power_fraction
        idle.append(lo)
        span.append((tdp - lo) * (s.busy_share or 1.0))
        um.append(s.mem_share)
        uc.append(s.comp_share)
        measured.append(s.measured_w)
    grid = np.arange(0.0, 1.5 + 1e-9, 0.005)
    bm, bc = np.meshgrid(grid, grid, indexing="ij")
    share = np.clip(bm[..., None] * np.array(um) + bc[..., None] * np.array(uc), 0.0, 1.0)
    predicted = np.array(idle) + np.array(span) * share
    loss = np.mean(((predicted - np.array(measured)) / np.array(measured)) ** 2, axis=-1)
    i, j = np.unravel_index(np.argmin(loss), loss.shape)
    return float(grid[i]), float(grid[j])


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


def implied_host_w(scored: list[Scored]) -> dict[str, float]:
    """{row id: measured wall power - the model's accelerators [W]} for the system rows: the host power
    the measurement leaves once the model's GPUs are taken out (the catalog's host figure is an upper
    bound: node maximum minus the accelerators' TDP)."""
    nodes = instances()
    by_id = {r["id"]: r for r in rows()}
    out = {}
    for s in scored:
        if s.basis != "system":
            continue
        r = by_id[s.id]
        donor = nodes[r["host_power_from"]] if r.get("host_power_from") else None
        host = (
            0.0
            if donor is None or donor.host_power_w is None
            else donor.host_power_w / donor.accelerator_count * r["gpus"]
        )
        out[s.id] = s.measured_w - (s.predicted_w - host)
    return out


def summary(scored: list[Scored]) -> list[str]:
    """Mean absolute errors [%]: all rows, per basis, split, source family and accelerator."""
    lines = [f"mean absolute error {mean_abs_error(scored):.1f}% over {len(scored)} rows"]
    groups: list[tuple[str, dict]] = [(f"basis {b}", {"basis": b}) for b in ("gpu", "system")]
    groups += [(f"split {sp}", {"split": sp}) for sp in ("train", "held_out")]
    groups += [(name, {"family": name}) for _, name in FAMILIES]
    groups += [(acc, {"accelerator": acc}) for acc in sorted({s.accelerator for s in scored})]
    groups += [(f"held_out {name}", {"split": "held_out", "family": name}) for _, name in FAMILIES]
    for label, keys in groups:
        n = sum(1 for s in scored if all(getattr(s, "family" if k == "family" else k) == v for k, v in keys.items()))
        if n:
            lines.append(f"  {label:28} {mean_abs_error(scored, **keys):5.1f}% over {n} rows")
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--idle-fraction", type=float, default=None, help="assumptions.idle_power_fraction")
    p.add_argument("--busy-fraction", type=float, default=None, help="assumptions.busy_power_fraction (override)")
    p.add_argument(
        "--rule",
        choices=RULES,
        default="kernel",
        help="busy share: kernel (the engine's: a x s), active (before k: a) or utilisation (before that)",
    )
    p.add_argument("--fit", action="store_true", help="fit BETA_MEM and BETA_COMP on the train rows and print them")
    args = p.parse_args(argv)
    over: dict[str, float] = {}
    if args.idle_fraction is not None:
        over["idle_power_fraction"] = args.idle_fraction
    if args.busy_fraction is not None:
        over["busy_power_fraction"] = args.busy_fraction
    a = Assumptions(**over)
    before = score(Assumptions(**{**over, "busy_power_fraction": BEFORE_BUSY_FRACTION}), args.rule)
    scored = score(a, args.rule)
    if args.fit:
        bm, bc = fit_betas(scored)
        print(f"fitted on the train rows: BETA_MEM {bm:.3f}, BETA_COMP {bc:.3f}")
    model = (
        f"busy_power_fraction {a.busy_power_fraction:g} (override)"
        if a.busy_power_fraction is not None
        else f"step model (BETA_MEM {BETA_MEM:g}, BETA_COMP {BETA_COMP:g})"
    )
    print(f"idle_power_fraction {a.idle_power_fraction:g}, {model}, busy share rule: {args.rule}")
    print(f"before: busy_power_fraction {BEFORE_BUSY_FRACTION:g} x TDP while in kernels (the model until 2026-12-01)")
    print(
        f"{'row':54} {'basis':>6} {'split':>8} {'u':>6} {'a':>6} {'u_mem':>6} {'u_comp':>6} {'s':>6} "
        f"{'measured W':>11} {'before W':>9} {'err':>7} {'model W':>9} {'error':>7} {'Wh/1M tok':>10}"
    )
    for s, b in zip(scored, before, strict=True):
        wh = s.measured_wh_per_million_tokens
        print(
            f"{s.id:54} {s.basis:>6} {s.split:>8} {s.utilisation:6.3f} {s.busy_share or 0:6.4f} {s.mem_share:6.3f} "
            f"{s.comp_share:6.3f} {s.kernels:6.3f} {s.measured_w:11.1f} {b.predicted_w:9.1f} {b.error_pct:+6.1f}% "
            f"{s.predicted_w:9.1f} {s.error_pct:+6.1f}% {'' if wh is None else f'{wh:10.1f}'}"
        )
    hosts = implied_host_w(scored)
    if hosts:
        print(
            "system rows: the host power the wall reading leaves over the model's GPUs (measured - GPUs x P_accel) "
            "[W]: " + ", ".join(f"{rid} {w:,.0f}" for rid, w in hosts.items())
        )
    print("before:")
    for line in summary(before):
        print(line)
    print("after:")
    for line in summary(scored):
        print(line)
    for split in ("train", "held_out"):
        implied = implied_busy_fraction(before, split, a)
        if implied is not None:
            print(f"  before, {split}: saturated rows imply busy {implied:.3f} x TDP")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
