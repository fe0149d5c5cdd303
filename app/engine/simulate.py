"""A discrete-event simulation of one option under continuous batching, to check the analytic
p95s: requests arrive (Poisson, or bursty for spiky traffic), wait, are admitted up to the KV
cache and the scheduler limits, prefill in the iteration that admits them (chunked to
max_batched_tokens), then decode one token per iteration. Iteration time comes from the same
roofline as the analytic model, so the two differ only in the queueing and batching dynamics."""

from __future__ import annotations

from collections import deque

import numpy as np

from app.domain import Option, Scenario, Simulation, TrafficPattern
from app.engine import roofline as rf
from app.engine.evaluate import gather, prompt_shape
from app.engine.options import fmt_ms
from app.engine.serving import lognormal_sigma
from app.engine.space import Points, Space
from app.engine.tables import PRECISION_CODE

MAX_BATCH = 1024


def _lengths(rng, n: int, mean: float, p95: float | None) -> np.ndarray:
    """Token lengths with the given mean and p95 (lognormal), or all equal to the mean."""
    s = lognormal_sigma(mean, p95)
    if s == 0.0:
        return np.full(n, int(round(mean)))
    mu = np.log(mean) - s * s / 2  # mean = exp(mu + s^2 / 2)
    return np.maximum(np.round(rng.lognormal(mu, s, n)), 1).astype(int)


def _arrivals(rng, n: int, rate: float, pattern: TrafficPattern) -> np.ndarray:
    if pattern is TrafficPattern.SPIKY:  # balanced two-phase hyperexponential, c^2 = 2
        p = 0.5 * (1 + np.sqrt(1 / 3))
        fast = rng.random(n) < p
        gaps = np.where(fast, rng.exponential(1 / (2 * p * rate), n), rng.exponential(1 / (2 * (1 - p) * rate), n))
    else:
        gaps = rng.exponential(1 / rate, n)
    return np.cumsum(gaps)


def simulate(
    space: Space, option: Option, s: Scenario, rate: float | None = None, requests: int = 2000, seed: int = 7
) -> Simulation:
    """Simulate `option` (which must belong to `space`) at `rate` req/s per replica (default: its peak share)."""
    mi = next(i for i, m in enumerate(space.models) if m.name == option.model)
    hi = next(i for i, h in enumerate(space.hardware) if h.name == option.hardware)
    ri = next((i for i, r in enumerate(space.runtimes) if r.name == option.runtime), 0)
    one = lambda v: np.array([v])
    pts = Points(
        model=one(mi),
        hardware=one(hi),
        runtime=one(ri),
        precision=one(PRECISION_CODE[option.precision]),
        kv_precision=one(PRECISION_CODE[option.kv_precision]),
        gpus=one(option.gpus),
        tp=one(option.tensor_parallel),
        pp=one(option.pipeline_parallel),
        runtime_ok=one(True),
    )
    a, w = s.assumptions, s.workload
    f, _, _ = gather(space, pts, a)
    cap = int(min(option.memory.max_concurrent_sequences, float(f.max_sequences[0]), MAX_BATCH))
    cap = max(cap, 1)
    batches = np.arange(1, cap + 1, dtype=np.float64)
    t = w.tokens
    # the prompt the analytic model prefills: text + images x the model's tokens per image, less
    # prefix-cache hits; and the vision encoder's work on the request's images [FLOP]
    shape, enc = prompt_shape(space, pts, w)
    tok = shape.at(0)
    encoder = float(np.asarray(enc, dtype=np.float64).reshape(-1)[0])
    context = tok.decode_context
    step, _ = rf.decode_token_s(f, batches[None, :], context)
    step = step[0]
    # GPU time per prompt token: the mean prompt's loaded prefill (rf.prefill_busy_s: the per-step
    # all-reduce and hop latencies are paid once per step, in the decode step, not once per prompt),
    # as the analytic model charges it (evaluate's `busy`), linear in the prompt's length about it
    cached = tok.cached_prefill
    new_mean = max(tok.new_prefill, 1.0)
    text_busy = float(rf.prefill_busy_s(f, new_mean, cached)[0])
    prefill_per_token = text_busy / new_mean / float(f.pp[0])
    # the vision encoder's GPU time per request [s]: a fixed cost per request, whatever its length
    encoder_s = (float(rf.prefill_busy_s(f, new_mean, cached, encoder)[0]) - text_busy) / float(f.pp[0])
    rng = np.random.default_rng(seed)
    rate = rate or max(option.requests_per_s_per_replica, 1e-9) * 0.7
    arrive = _arrivals(rng, requests, rate, w.arrival_pattern)
    prompt = _lengths(rng, requests, tok.new_prefill, tok.new_prefill_p95 if t.input_tokens_p95 else None)
    output = _lengths(rng, requests, t.output_tokens, t.output_tokens_p95)
    first = np.full(requests, np.nan)
    done = np.full(requests, np.nan)
    waiting: deque[int] = deque()
    running: dict[int, int] = {}  # request -> tokens still to generate
    clock, nxt, batch_sum, iters = 0.0, 0, 0.0, 0
    budget = float(f.max_batched_tokens[0])
    while nxt < requests or waiting or running:
        while nxt < requests and arrive[nxt] <= clock:
            waiting.append(nxt)
            nxt += 1
        if not waiting and not running:
            clock = arrive[nxt]
            continue
        admitted, tokens = [], 0
        while waiting and len(running) + len(admitted) < cap and (tokens == 0 or tokens + prompt[waiting[0]] <= budget):
            r = waiting.popleft()
            admitted.append(r)
            tokens += prompt[r]
        decoding = len(running)
        dt = (step[decoding - 1] if decoding else 0.0) + tokens * prefill_per_token + len(admitted) * encoder_s
        if decoding == 0:
            dt += float(f.step_overhead_s[0])
        clock += dt
        batch_sum += decoding
        iters += 1
        for r in list(running):
            running[r] -= 1
            if running[r] <= 0:
                done[r] = clock
                del running[r]
        for r in admitted:
            first[r] = clock  # the prefill's logits give the first token
            if output[r] > 1:
                running[r] = output[r] - 1
            else:
                done[r] = clock
    ttft = (first - arrive) * 1e3 + sum(option.retrieval_ms.values())  # RAG: retrieval precedes prefill
    tpot = np.where(output > 1, (done - first) / np.maximum(output - 1, 1), np.nan) * 1e3
    e2e = (done - arrive) * 1e3
    warm = slice(requests // 10, None)  # drop the first 10% (empty-system start)
    pct = lambda x, q: float(np.nanpercentile(x[warm], q))
    broken = [
        f"{name} p95 {fmt_ms(got)} > SLA {fmt_ms(target)} at {rate:,.3g} req/s per replica: the analytic "
        "figure is optimistic here; keep headroom below this rate or measure it (bench-plan)"
        for name, got, target in (
            ("TTFT", pct(ttft, 95), w.sla.ttft_p95_ms),
            ("TPOT", pct(tpot, 95), w.sla.tpot_p95_ms),
        )
        if target and got > target
    ]
    return Simulation(
        option=option.label,
        requests=requests,
        rate_rps=rate,
        seed=seed,
        ttft_p50_ms=pct(ttft, 50),
        ttft_p95_ms=pct(ttft, 95),
        tpot_p50_ms=pct(tpot, 50),
        tpot_p95_ms=pct(tpot, 95),
        e2e_p95_ms=pct(e2e, 95),
        mean_batch=batch_sum / max(iters, 1),
        prefill_tokens_mean=float(prompt.mean()),
        analytic_ttft_p95_ms=option.ttft_p95_ms,
        analytic_tpot_ms=option.tpot_ms,
        analytic_tpot_p95_ms=option.tpot_p95_ms,
        sla_broken=broken,
        notes=[
            "iteration-level continuous batching; prefill admitted FIFO within max_batched_tokens; "
            "speculative decoding not simulated",
            f"first {requests // 10} requests dropped as warm-up",
        ],
    )
