"""estimate(): one exact configuration at one load, like the single-config calculators
architects know (llm-analysis, LLM-Viewer), with the engine's serving model and bands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Required, TypedDict, Unpack

import numpy as np

from app.domain import (
    Assumptions,
    Band,
    Catalog,
    Category,
    DomainError,
    Estimate,
    EstimateEnergy,
    Modality,
    Precision,
    Scenario,
    Sla,
    Tokens,
    Traffic,
    TrafficPattern,
    Workload,
)
from app.engine import roofline as rf
from app.engine import serving as sv
from app.engine.cost import plan
from app.engine.estimate_energy import load_energy
from app.engine.evaluate import evaluate, generates
from app.engine.finite_run import decode_batch_histogram, finite_run_factor
from app.engine.options import build, ttft_p95_at
from app.engine.space import Points, Space, hardware_of, kv_on, refuse_embedding_model
from app.engine.tables import PRECISION_CODE, math_format, runtime_allows_precision, runtime_supports
from app.engine.violations import masks

RATE_GRID = 256
FINITE_RUN_GRID = 48  # decode step times interpolated between this many batch sizes


def _precision(p) -> Precision:
    try:
        return p if isinstance(p, Precision) else Precision(str(p).strip().lower())
    except ValueError:
        raise DomainError(f"precision must be one of {', '.join(x.value for x in Precision)}, got '{p}'") from None


@dataclass(frozen=True)
class Figures:
    """The headline figures of one configuration at one load and one efficiency level, without
    the memory breakdown, cost plan and explanations (what a fit evaluates thousands of times).
    Same numbers as estimate()'s at that level."""

    ttft_ms: float  # [ms]
    tpot_ms: float  # [ms]
    output_tokens_per_s: float  # [tokens/s] for the replica
    requests_per_s: float  # [req/s]
    concurrency: float  # sequences in flight the figures assume
    max_concurrent_sequences: int  # KV-cache capacity at the workload's context [sequences]
    regime: str


class Configuration(TypedDict, total=False):
    """One exact configuration and its request lengths, as estimate(), figures() and
    kernel_share() take them (keywords); a key left out takes the default in its comment."""

    model: Required[str]  # the catalog's model name
    hardware: Required[str]  # the catalog's instance or node name
    gpus: Required[int]  # [devices] of one replica
    tensor_parallel: int | None  # None: gpus / pipeline_parallel
    pipeline_parallel: int  # 1
    precision: Precision | str  # "bf16": the weights' precision
    kv_precision: Precision | str | None  # None: what the accelerator holds the KV cache in
    runtime: str  # "vLLM"
    input_tokens: Required[int]  # [tokens] per request
    output_tokens: Required[int]  # [tokens] per request
    assumptions: Assumptions | None  # None: Assumptions()
    # [images] sent with each request (a vision-language model): each adds the model's
    # tokens_per_image to every prefill and its vision encoder's work; 0
    images_per_request: float


_CONFIGURATION_KEYS = Configuration.__required_keys__ | Configuration.__optional_keys__


def _setup(catalog: Catalog, config: Configuration, concurrency: float | None, rate: float | None):
    """Validate the configuration and build the one-point space, points and workload."""
    unknown = sorted(set(config) - _CONFIGURATION_KEYS)
    if unknown:  # what a misspelt keyword would raise, were the keywords spelt out
        raise TypeError(f"unexpected configuration keyword(s): {', '.join(unknown)}")
    model, hardware, gpus = config["model"], config["hardware"], config["gpus"]
    input_tokens, output_tokens = config["input_tokens"], config["output_tokens"]
    pipeline_parallel = config.get("pipeline_parallel", 1)
    tensor_parallel, assumptions = config.get("tensor_parallel"), config.get("assumptions")
    precision, kv_precision = config.get("precision", "bf16"), config.get("kv_precision")
    runtime = config.get("runtime", "vLLM")
    images_per_request = float(config.get("images_per_request", 0.0))
    if (concurrency is None) == (rate is None):
        raise DomainError("give exactly one of concurrency or rate")
    if concurrency is not None and concurrency < 1:
        raise DomainError(f"concurrency must be at least 1, got {concurrency}")
    if rate is not None and not rate > 0:
        raise DomainError(f"rate must be positive, got {rate}")
    if input_tokens < 1 or output_tokens < 1:
        raise DomainError("input and output tokens must be at least 1")
    tp = tensor_parallel or max(gpus // max(pipeline_parallel, 1), 1)
    if gpus < 1 or tp < 1 or pipeline_parallel < 1 or tp * pipeline_parallel != gpus:
        raise DomainError(f"gpus ({gpus}) must equal tensor parallel ({tp}) x pipeline parallel ({pipeline_parallel})")
    a = assumptions or Assumptions()
    m = catalog.model(model)
    if m.modality is Modality.EMBEDDING and output_tokens != 1:
        raise DomainError(
            f"{m.name} is an embedding model: it returns one vector per request and generates no "
            f"tokens, so it has no TPOT. Give --output-tokens 1 to estimate its encoding (one prefill "
            f"per request), or size it in a batch job with 1 output token per request"
        )
    refuse_embedding_model(m, embedding_job=True)  # one vector per request: one prefill, sized as such
    if not images_per_request >= 0 or not np.isfinite(images_per_request):
        raise DomainError(f"images per request must be 0 or more, got {images_per_request}")
    if images_per_request > 0 and not m.reads_images:
        raise DomainError(
            f"{m.name} does not read images (modality: {m.modality.value}); images per request need a "
            "vision-language model"
        )
    hw = hardware_of(catalog, hardware)
    rt = catalog.runtime(runtime)
    asked = _precision(precision)
    prec = hw.accelerator.serves_as(asked)
    if prec is None:
        acc = hw.accelerator
        held = ", ".join(sorted(p.value for p in acc.weight_only))
        raise DomainError(
            f"{acc.name} does not run {asked.value.upper()}: it computes in "
            f"{', '.join(sorted(p.value for p in acc.native))}"
            + (f" and holds {held} weights weight-only" if held else "")
        )
    kvp = _precision(kv_precision) if kv_precision else kv_on(hw.accelerator, prec)
    if m.attention_heads % tp:
        raise DomainError(f"tensor parallel {tp} does not divide {m.name}'s {m.attention_heads} attention heads")
    if m.layers < pipeline_parallel:
        raise DomainError(f"pipeline parallel {pipeline_parallel} exceeds {m.name}'s {m.layers} layers")
    space = Space([m], [hw], [rt], [prec], [kvp], [gpus], None, list(catalog.efficiency))
    one = lambda v: np.array([v])
    pts = Points(
        model=one(0),
        hardware=one(0),
        runtime=one(0),
        precision=one(PRECISION_CODE[prec]),
        kv_precision=one(PRECISION_CODE[kvp]),
        gpus=one(gpus),
        tp=one(tp),
        pp=one(pipeline_parallel),
        runtime_ok=one(runtime_supports(rt, hw.accelerator)),
    )
    wl = Workload(
        name="estimate",
        category=Category.INFERENCE_API,
        traffic=Traffic(requests_per_s=rate or 1.0, peak_to_mean=1.0, pattern=TrafficPattern.STEADY),
        tokens=Tokens(input_tokens=input_tokens, output_tokens=output_tokens, images_per_request=images_per_request),
        sla=Sla(),
    )
    return space, pts, wl, a, m, hw, rt, asked, prec, kvp, tp


def figures(
    catalog: Catalog,
    *,
    concurrency: float | None = None,
    rate: float | None = None,
    level: str = "expected",
    total_requests: int | None = None,
    lengths: str = "fixed",
    **config: Unpack[Configuration],
) -> Figures:
    """estimate()'s TTFT, TPOT and throughput at one efficiency `level` only, for fits that
    evaluate a configuration many times (about ten times faster than estimate()).

    `total_requests` [requests]: with a `concurrency`, the figures are those of a finite offline
    run of that many requests all queued at once (its batch ramps up and its tail finishes at a
    small batch, see app.engine.finite_run), with request lengths "fixed" or "uniform" about
    the given means (app.engine.finite_run.request_lengths); without it, steady state."""
    space, pts, wl, a, *_ = _setup(catalog, config, concurrency, rate)
    ev, j, conc, ttft, tpot, x, regime = _load_point(
        space, pts, wl, a, level, concurrency, rate, total_requests, lengths
    )
    return Figures(
        ttft_ms=ttft * 1e3,
        tpot_ms=tpot * 1e3,
        output_tokens_per_s=x * wl.tokens.output_tokens,
        requests_per_s=x,
        concurrency=conc,
        max_concurrent_sequences=int(min(ev.max_seqs[0], 1e9)),
        regime=regime,
    )


def kernel_share(catalog: Catalog, *, concurrency: float, **config: Unpack[Configuration]) -> float:
    """The share of (P_busy - P_idle) each GPU of one configuration draws over a decode step [1] with
    `concurrency` sequences in flight (at most what the KV cache and the scheduler hold): what
    `engine.power` scales an accelerator's busy power by (`Evaluation.kernel_share`): the step's
    activity (`power.step_power_share`), or with the assumptions' busy_power_fraction set the share of
    the step in kernels (`power.decode_kernel_share`). For checking the power model against measured
    runs (bench/energy_accuracy.py)."""
    return step_power_inputs(catalog, concurrency=concurrency, **config)[0]


def step_power_inputs(
    catalog: Catalog, *, concurrency: float, **config: Unpack[Configuration]
) -> tuple[float, float, float]:
    """(power share, u_mem, u_comp) [1] of one configuration's decode step with `concurrency`
    sequences in flight (capped at what the KV cache and the scheduler hold): `kernel_share` and the
    step's memory and tensor-core busy shares at the peaks (`power.step_activity`)."""
    space, pts, wl, a, *_ = _setup(catalog, config, max(float(concurrency), 1.0), None)
    probe = evaluate(space, pts, wl, a, batch=np.array([1.0]))
    cap = max(min(float(probe.max_seqs[0]), float(probe.features.max_sequences[0])), 1.0)
    ev = evaluate(space, pts, wl, a, batch=np.array([min(max(float(concurrency), 1.0), cap)]))
    share = float(ev.kernel_share[0, 0]) if ev.kernel_share is not None else 1.0
    mem = float(ev.mem_share[0, 0]) if ev.mem_share is not None else 0.0
    comp = float(ev.comp_share[0, 0]) if ev.comp_share is not None else 0.0
    return share, mem, comp


def estimate(
    catalog: Catalog,
    *,
    concurrency: float | None = None,
    rate: float | None = None,
    total_requests: int | None = None,
    **config: Unpack[Configuration],
) -> Estimate:
    """Memory, TTFT, TPOT, latency and throughput for one configuration at `concurrency`
    sequences in flight (closed loop) or an offered Poisson `rate` [req/s]; with
    `total_requests` and a concurrency, the average of a finite offline run (see figures())."""
    space, pts, wl, a, m, hw, rt, asked, prec, kvp, tp = _setup(catalog, config, concurrency, rate)
    levels = {}
    for level in ("low", "expected", "high"):
        levels[level] = _at_load(space, pts, wl, a, level, concurrency, rate, total_requests, catalog)
    est = levels["expected"]
    bands = {}
    for key in ("ttft_ms", "tpot_ms", "output_tokens_per_s", "requests_per_s", "e2e_ms", "ttft_p95_ms", "tpot_p95_ms"):
        if any(getattr(levels[lv], key) is None for lv in levels):
            continue  # a p95 some level has none of (saturated there): no band
        xs = sorted(getattr(levels[lv], key) for lv in levels)
        bands[key] = Band(low=xs[0], expected=min(max(getattr(est, key), xs[0]), xs[2]), high=xs[2])
    est.bands = bands
    if prec is not asked:
        est.flags.append(
            f"{asked.value.upper()} asked; {hw.accelerator.name} has no {asked.value.upper()} units, so the weights "
            f"are served as {prec.value.upper()} (same memory)"
        )
    fmt = math_format(hw.accelerator, prec)
    if fmt is not prec:
        peak = hw.accelerator.peak_tflops(fmt) or 0.0
        est.flags.append(
            f"weight-only {prec.value.upper()} (emulated): dequantised to {fmt.value.upper()} on "
            f"{hw.accelerator.name}; matmuls at the {fmt.value.upper()} peak of {peak:,.4g} TFLOP/s per device"
        )
    if not est.runtime_ok:
        est.flags.append(f"{rt.name} does not list {hw.accelerator.kind.value} devices among those it runs on")
    if not runtime_allows_precision(rt, prec):
        served = ", ".join(p.value for p in rt.weight_precisions)
        est.flags.append(
            f"{rt.name} does not serve {prec.value} weights (it serves {served}); the figures assume it did"
        )
    if m.modality is Modality.EMBEDDING and "prefill only" not in est.regime:  # no decode step to be bound by
        est.regime = "prefill only: an embedding model returns one vector per request"
    out = est.result(
        m.name, hw, rt.name, config["gpus"], tp, config.get("pipeline_parallel", 1), prec, kvp,
        config["input_tokens"], config["output_tokens"], rate,
    )  # fmt: skip
    out.embedding = m.modality is Modality.EMBEDDING
    images = float(config.get("images_per_request", 0.0))
    if images > 0:
        out.images_per_request = images
        out.image_tokens_per_request = images * (m.tokens_per_image or 0)
    return out


class _Point:
    """The numbers of one estimate at one efficiency level, before they become a record."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def result(self, model, hw, runtime, gpus, tp, pp, prec, kvp, inp, out, rate) -> Estimate:
        return Estimate(
            model=model,
            hardware=hw.name,
            accelerator=hw.accelerator.name,
            runtime=runtime,
            gpus=gpus,
            tensor_parallel=tp,
            pipeline_parallel=pp,
            precision=prec,
            kv_precision=kvp,
            input_tokens=inp,
            output_tokens=out,
            concurrency=self.concurrency,
            rate_rps=rate,
            memory=self.memory,
            fits=self.memory.fits,
            ttft_ms=self.ttft_ms,
            tpot_ms=self.tpot_ms,
            ttft_p95_ms=self.ttft_p95_ms,
            tpot_p95_ms=self.tpot_p95_ms,
            e2e_ms=self.e2e_ms,
            output_tokens_per_s=self.output_tokens_per_s,
            requests_per_s=self.requests_per_s,
            regime=self.regime,
            bands=self.bands,
            explanations=self.explanations,
            flags=self.flags,
            energy=EstimateEnergy(
                nodes=self.energy.nodes,
                power_w=self.energy.power_w,
                energy_kwh_per_month=self.energy.energy_kwh_per_month,
                energy_wh_per_million_tokens=self.energy.energy_wh_per_million_tokens,
                on_prem_usd_per_month=self.energy.on_prem_usd_per_month,
                request_s=self.energy.request_s,
                kernel_share=self.energy.kernel_share,
            ),
        )


def _load_point(space, pts, wl, a, level, concurrency, rate, total_requests=None, lengths="fixed"):
    """(evaluation, grid index, concurrency, TTFT [s], TPOT [s], rate [req/s], regime) at one level.

    With `total_requests` and a `concurrency`, the rate is the average of a finite run of that many
    requests queued at once (app.engine.finite_run), never more than the steady state's."""
    probe = evaluate(space, pts, wl, a, level=level, batch=np.array([1.0]))
    kv_max = float(probe.max_seqs[0])
    # an explicit concurrency is what the user runs: only the KV cache limits it, not max_num_seqs
    scheduler = max(float(probe.features.max_sequences[0]), concurrency or 0)
    cap = max(min(kv_max, scheduler), 1.0)
    if concurrency is not None:
        in_service = min(float(concurrency), cap)
        ev = evaluate(space, pts, wl, a, level=level, batch=np.array([in_service]))
        lat = float(ev.curve_latency[0, 0])
        x = float(ev.curve_rate[0, 0])
        queue = max(float(concurrency) / x - lat, 0.0) if concurrency > in_service else 0.0
        ttft = float(ev.prefill[0] + ev.step[0, 0]) + queue  # closed loop: no arrival queue
        if not generates(space, pts)[0]:  # one vector per request: its latency is the batch's shared prefill
            ttft = lat + queue
        tpot = float(ev.curve_tpot[0, 0])
        conc = float(concurrency)
        regime = _regime(ev, 0)
        if concurrency > in_service:
            regime += f"; only {int(in_service):,} of {int(concurrency):,} sequences fit the KV cache, the rest queue"
        if total_requests is not None:
            k = _finite_run_factor(space, pts, wl, a, level, ev, in_service, int(total_requests), lengths)
            x *= k
            if k < 0.995:
                regime += f"; a run of {int(total_requests):,} requests averages {k:.0%} of the steady rate"
    else:
        grid = np.unique(np.round(np.geomspace(1, max(cap, 1.0), RATE_GRID)))
        ev = evaluate(space, pts, wl, a, level=level, batch=grid)
        rates = ev.curve_rate[0]
        hit = np.nonzero(rates >= rate)[0]
        j = int(hit[0]) if hit.size else int(np.argmax(rates))
        x = float(min(rate, rates[j]))
        if hit.size:
            wait = sv.queue_wait_p95(np.array([x]), np.array([ev.prefill[0] / ev.features.pp[0]]), 1.0, 0.0)[0]
        else:  # above capacity the queue grows without bound: no steady wait exists, the service time is shown
            wait = 0.0
        ttft = float(ev.prefill[0] + ev.step[0, j] + wait * 0.5)  # mean-ish: half the p95 tail
        tpot = float(ev.curve_tpot[0, j])
        conc = float(grid[j])
        regime = _regime(ev, j)
        if not generates(space, pts)[0]:
            # one vector per request: the requests in flight are the rate times each one's latency
            # (Little's law), queued ones included, not the batch size that reaches the rate
            ttft = float(ev.curve_latency[0, j]) + wait * 0.5  # the batch's shared prefill, plus the wait
            conc = x * ttft
            regime = "prefill only: an embedding model returns one vector per request"
        if not hit.size:
            regime = (
                f"saturated: {rate:g} req/s offered, at most {rates.max():.3g} req/s served; the queue grows "
                f"without bound, so the times shown are service at full batch, before any queueing; " + regime
            )
    if not ev.fits[0]:
        regime = "does not fit"
    return ev, (0 if concurrency is not None else j), conc, ttft, tpot, x, regime


def _finite_run_factor(space, pts, wl, a, level, ev, batch: float, total_requests: int, lengths: str) -> float:
    """Steady-state over finite-run time for `total_requests` queued at once with at most `batch`
    in flight (app.engine.finite_run.finite_run_factor); decode steps from a batch grid up to it."""
    batch = max(min(float(batch), float(total_requests)), 1.0)
    grid = np.unique(np.round(np.geomspace(1, batch, FINITE_RUN_GRID)))
    gev = evaluate(space, pts, wl, a, level=level, batch=grid)
    tok = wl.tokens
    sizes, steps = decode_batch_histogram(
        total_requests,
        int(batch),
        int(tok.input_tokens),
        int(tok.output_tokens),
        int(ev.features.max_batched_tokens[0]),
        lengths,
    )
    busy = float(ev.prefill[0] - rf.prefill_fixed_latency_s(ev.features)[0]) / float(ev.features.pp[0])
    return finite_run_factor(
        sizes, steps, grid, gev.step[0], busy, total_requests, int(tok.output_tokens), float(int(batch))
    )


def _at_load(space, pts, wl, a, level, concurrency, rate, total_requests=None, catalog=None) -> _Point:
    ev, j, conc, ttft, tpot, x, regime = _load_point(space, pts, wl, a, level, concurrency, rate, total_requests)
    out = float(wl.tokens.output_tokens)
    e2e = ttft + (out - 1) * tpot
    k = float(ev.kernel_share[0, j]) if ev.kernel_share is not None else 1.0
    t = float(ev.request_s[0])
    # the replica at the rate it serves here: the explanations (TTFT p95 under load) at the asked
    # rate, not at 1 req/s (tcli6 N8)
    at = x if x > 0 else 1.0
    pl = plan(
        space, pts.hardware, pts.gpus, np.array([float(ev.curve_rate[0, j])]), wl, a, at, at,
        request_s=np.array([t]), tokens_per_request=ev.tokens_per_request, kernel_share=np.array([k]),
        peak_rate_per_replica=ev.peak_rate,
    )  # fmt: skip
    hw = space.hardware[int(pts.hardware[0])]
    top = float(ev.peak_rate[0])  # the most the replica serves at any batch it holds
    energy = load_energy(
        hw, int(pts.gpus[0]), a, x, float(ev.tokens_per_request[0]), t, k, catalog, top if top > 0 else None
    )
    scenario = Scenario(name="estimate", workload=wl, assumptions=a)
    mk = masks(ev, pl, scenario)
    opt = build(ev, pl, mk, 0, scenario)
    mem = opt.memory
    ttft95 = tpot95 = None
    if concurrency is None and rate is not None and x >= rate * (1 - 1e-9) and bool(ev.fits[0]):
        # an open arrival rate the replica keeps up with: the p95 `size` judges an option's SLA on
        # (its step-level queue at the batch that rate needs), so both faces show the same figure
        ttft95 = float(ttft_p95_at(ev, np.array([0]), np.array([j]), np.array([x]), scenario)[0]) * 1e3
        tpot95 = float(ev.curve_tpot_p95[0, j]) * 1e3
    if not ev.fits[0]:
        regime = "does not fit: " + opt.violations[0].detail if opt.violations else "does not fit"
    return _Point(
        concurrency=conc,
        memory=mem,
        ttft_ms=ttft * 1e3,
        tpot_ms=tpot * 1e3,
        ttft_p95_ms=ttft95,
        tpot_p95_ms=tpot95,
        e2e_ms=e2e * 1e3,
        output_tokens_per_s=x * out,
        requests_per_s=x,
        regime=regime,
        bands={},
        explanations=opt.explanations,
        flags=opt.flags,
        runtime_ok=bool(pts.runtime_ok[0]),
        energy=energy,
    )


def _regime(ev, j: int) -> str:
    mem, comp = float(ev.step_mem[0, j]), float(ev.step_comp[0, j])
    return "memory-bound decode" if mem >= comp else "compute-bound decode"
