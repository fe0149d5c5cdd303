"""Throughput of a finite offline run: the batch trajectory of N queued requests.

A max-throughput benchmark (trtllm-bench throughput, vLLM benchmark_throughput) queues all of its
N requests at once. The steady-state model holds B sequences in flight for ever; a real run first
fills the batch (prefill chunks limited by the scheduler's token budget per step), holds it while
the queue lasts, and ends with a tail in which the last requests finish at an ever smaller batch.
When B is a large share of N (many GPUs, short runs) that ramp lowers the average throughput.

The trajectory is simulated step by step in decode steps (it depends only on N, B, the token
budget and the lengths, not on the hardware); the hardware enters through the decode step time
at each batch size, so the run's time is sum over steps of step(b_n) plus the GPU time of the N
prefills, compared with the steady-state time of the same work.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

LENGTHS = ("fixed", "uniform")
LENGTH_SEED = 20261130  # the uniform lengths are drawn once, the same every time (deterministic)


def request_lengths(total_requests: int, mean_tokens: float, lengths: str, seed: int) -> np.ndarray:
    """Per-request token counts [tokens] of a run, in arrival order.

    "fixed": every request `mean_tokens` long (trtllm-bench prepare_dataset with stdev 0).
    "uniform": integers uniform from 1 to 2 x mean - 1, whose mean is `mean_tokens` (SGLang
    bench_serving --dataset-name random with --random-range-ratio 0 draws 1..max).
    """
    n = int(total_requests)
    if lengths == "fixed":
        return np.full(n, max(int(round(mean_tokens)), 1), dtype=np.int64)
    if lengths != "uniform":
        raise ValueError(f"lengths must be one of {', '.join(LENGTHS)}, got '{lengths}'")
    top = max(int(round(2 * mean_tokens - 1)), 1)
    return np.random.default_rng(seed).integers(1, top + 1, size=n)


@lru_cache(maxsize=4096)
def decode_batch_histogram(
    total_requests: int,
    max_batch: int,
    input_tokens: int,
    output_tokens: int,
    token_budget: int,
    lengths: str = "fixed",
) -> tuple[np.ndarray, np.ndarray]:
    """Decode batch sizes of a finite run and the number of steps spent at each.

    Scheduler (in-flight batching with chunked prefill, first come first served): each step gives
    every decoding sequence one token and fills the rest of `token_budget` [tokens/step] with
    prompt tokens of admitted requests; a request is admitted while fewer than `max_batch`
    [sequences] are admitted and unfinished, decodes from the step after its prompt is done and
    leaves after its output tokens' decode steps. `input_tokens` and `output_tokens` are the
    means; `lengths` says how they vary (request_lengths).

    Returns (batch sizes [sequences], steps at each [steps]), only batch sizes > 0.
    """
    budget = max(int(token_budget), 1)
    cap = max(int(max_batch), 1)
    prompts = request_lengths(total_requests, input_tokens, lengths, LENGTH_SEED).tolist()
    outputs = request_lengths(total_requests, output_tokens, lengths, LENGTH_SEED + 1).tolist()
    leaving: dict[int, int] = {}  # step -> sequences that finish at its end
    nxt, admitted, decoding, partial = 0, 0, 0, 0
    counts: dict[int, int] = {}
    n = 0
    while nxt < total_requests or admitted:
        free = max(budget - decoding, 0)
        starting = 0
        while free > 0 and (partial or (nxt < total_requests and admitted < cap)):
            if not partial:
                partial = prompts[nxt]
                out = outputs[nxt]
                nxt += 1
                admitted += 1
            take = min(free, partial)
            partial -= take
            free -= take
            if partial == 0:
                starting += 1
                leaving[n + out] = leaving.get(n + out, 0) + 1
        if decoding:
            counts[decoding] = counts.get(decoding, 0) + 1
        done = leaving.pop(n, 0)
        decoding += starting - done
        admitted -= done
        n += 1
        if n > 10_000_000:  # a guard: no real run is this long; the loop cannot spin
            break
    sizes = np.array(sorted(counts), dtype=np.float64)
    steps = np.array([counts[int(b)] for b in sizes], dtype=np.float64)
    return sizes, steps


def finite_run_factor(
    sizes: np.ndarray,
    steps: np.ndarray,
    grid: np.ndarray,
    step_s: np.ndarray,
    prefill_busy_s: float,
    total_requests: int,
    output_tokens: int,
    steady_batch: float,
) -> float:
    """Steady-state time over finite-run time for the same work (<= 1, dimensionless).

    finite  = sum_b steps(b) x step(b) + N x t_pb
    steady  = N x (output_tokens x step(B) / B + t_pb)
    with step(b) [s] interpolated on (`grid`, `step_s`) and t_pb [s] the GPU time of one prefill.
    """
    at = np.interp(sizes, grid, step_s)
    finite = float(np.sum(steps * at)) + total_requests * prefill_busy_s
    step_b = float(np.interp(steady_batch, grid, step_s))
    steady = total_requests * (output_tokens * step_b / steady_batch + prefill_busy_s)
    return min(steady / finite, 1.0) if finite > 0 else 1.0
