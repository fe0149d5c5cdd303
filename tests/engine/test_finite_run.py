"""A finite offline run (N requests queued at once): its batch trajectory, checked step by step on
a small case worked by hand, and its throughput, never above the steady state's and equal to it
when the run is long."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from app.engine.estimate import estimate, figures
from app.engine.finite_run import LENGTH_SEED, decode_batch_histogram, finite_run_factor, request_lengths


def test_trajectory_of_a_small_run_by_hand():
    # 4 requests, at most 2 in flight, 2-token prompts, 3 output tokens, 3 tokens per step.
    # step 0: prompt 1 whole + 1 token of prompt 2          decoding 0
    # step 1: last token of prompt 2; r1 decodes           decoding 1
    # steps 2, 3: r1 and r2 decode (r1 leaves after 3)     decoding 2, 2
    # step 4: r2 decodes, prompt 3 whole (2 of 3 tokens)   decoding 1 (r2 leaves)
    # step 5: r3 decodes, prompt 4 whole                   decoding 1
    # steps 6, 7: r3 and r4                                decoding 2, 2 (r3 leaves)
    # step 8: r4                                           decoding 1
    sizes, steps = decode_batch_histogram(4, 2, 2, 3, 3)
    assert_allclose(sizes, [1, 2])
    assert_allclose(steps, [4, 4])
    assert float(np.sum(sizes * steps)) == 4 * 3  # every output token decoded once


def test_factor_by_hand():
    # step(b) = 1 + b [s]; finite = 4 x 2 + 4 x 3 = 20 s; steady = 4 x 3 x 3 / 2 = 18 s
    k = finite_run_factor(np.array([1.0, 2.0]), np.array([4.0, 4.0]), np.array([1.0, 2.0]),
                          np.array([2.0, 3.0]), 0.0, 4, 3, 2.0)  # fmt: skip
    assert_allclose(k, 0.9)


CONFIG = dict(
    model="Llama-3.1-8B-Instruct",
    hardware="NVIDIA H100 SXM",
    gpus=1,
    tensor_parallel=1,
    precision="fp8",
    runtime="TensorRT-LLM",
    input_tokens=500,
    output_tokens=2000,
    concurrency=64,
)


def test_a_short_run_is_slower_and_a_long_one_is_steady(catalog):
    steady = figures(catalog, **CONFIG).output_tokens_per_s
    # 100 requests, 64 at a time: the last 36 decode at a batch where the weights' read dominates
    # the step, so the run averages ~86 % of the steady rate (0.8615 when written)
    short = figures(catalog, **CONFIG, total_requests=100).output_tokens_per_s
    long = figures(catalog, **CONFIG, total_requests=200_000).output_tokens_per_s
    assert 0.75 * steady < short < 0.95 * steady
    assert_allclose(long, steady, rtol=0.01)
    full = estimate(catalog, **CONFIG, total_requests=100)
    assert_allclose(full.output_tokens_per_s, short, rtol=1e-12)
    assert "a run of 100 requests averages" in full.regime


def test_uniform_lengths_keep_their_mean_and_every_token():
    # SGLang's random dataset with range ratio 0 draws 1..max; mean 1023 -> 1..2045
    outs = request_lengths(10_000, 1023, "uniform", 7)
    assert outs.min() >= 1 and outs.max() <= 2045
    assert_allclose(outs.mean(), 1023, rtol=0.02)
    assert (outs == request_lengths(10_000, 1023, "uniform", 7)).all()  # the same every time
    sizes, steps = decode_batch_histogram(800, 391, 2047, 1023, 8192, "uniform")
    drawn = request_lengths(800, 1023, "uniform", LENGTH_SEED + 1)
    assert float(np.sum(sizes * steps)) == float(drawn.sum())  # every output token decoded once
