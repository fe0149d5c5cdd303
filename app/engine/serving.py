"""Serving under load: continuous batching as a closed-form fixed point, queueing for p95
TTFT, the best operating point per candidate at the SLA. Shapes: (N,) per point, (N, B)
per point and batch size of the grid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from app.domain import TrafficPattern, Workload

# Concurrency levels every candidate is evaluated at (32 values, 1 to 4096, roughly x1.3 apart).
BATCH_GRID = np.unique(np.round(np.geomspace(1, 4096, 32))).astype(np.float64)

# Squared coefficient of variation of inter-arrival times inside the busy period (Kingman's c_a^2).
# Many independent users make Poisson arrivals (1); "spiky" traffic also clumps inside the busy
# minute, which we state as 2 (a two-phase hyperexponential). Stated, not measured: README.
ARRIVAL_CV2 = {
    TrafficPattern.STEADY: 1.0,
    TrafficPattern.DIURNAL: 1.0,
    TrafficPattern.SPIKY: 2.0,
    TrafficPattern.BATCH: 1.0,
}
P95_TAIL = 0.05
PREFILL_SHARE_CAP = 0.95  # chunked prefill never starves decode completely

# A draft model (or EAGLE/Medusa heads) costs about 1/20 of a target decode step per draft token.
DRAFT_COST_SHARE = 0.05


@dataclass(frozen=True)
class TokenShape:
    """A workload's token arithmetic, after prefix caching and images.

    The image-dependent figures (new_prefill, new_prefill_p95, decode_context, max_context,
    input) are per point arrays when `of` is given per point tokens per image (each model its
    own); `at(i)` is point i's scalar shape."""

    new_prefill: Any  # tokens each request prefills (cache hits excluded, images included)
    cached_prefill: float  # tokens read from the prefix cache
    new_prefill_p95: Any
    decode_context: Any  # mean tokens in the KV cache while decoding
    max_context: Any  # tokens one sequence holds at its end (p95), for KV capacity
    output: float
    output_p95: float
    input: Any

    def at(self, i: int) -> TokenShape:
        """Point i's token shape (scalars); the shape itself when it is scalar already."""
        return TokenShape(**{k: float(v[i]) if isinstance(v, np.ndarray) else v for k, v in vars(self).items()})

    @classmethod
    def of(cls, w: Workload, tokens_per_image: float | np.ndarray = 0.0) -> TokenShape:
        t = w.tokens
        images = t.images_per_request * tokens_per_image
        cached = t.shared_prefix_tokens * t.prefix_cache_hit_ratio
        inp = t.input_tokens + images
        inp95 = (t.input_tokens_p95 or t.input_tokens) + images
        return cls(
            new_prefill=inp - cached,
            cached_prefill=cached,
            new_prefill_p95=inp95 - cached,
            decode_context=inp + t.output_tokens / 2,
            max_context=t.context_tokens + images,
            output=float(t.output_tokens),
            output_p95=float(t.output_tokens_p95 or t.output_tokens),
            input=inp if isinstance(inp, np.ndarray) else float(inp),
        )


def speculative_tokens_per_step(draft: int, acceptance: float) -> float:
    """Expected tokens one verify step yields: (1 - a^(k+1)) / (1 - a) (Leviathan et al. 2023)."""
    if draft <= 0:
        return 1.0
    if acceptance >= 1.0:
        return draft + 1.0
    return (1 - acceptance ** (draft + 1)) / (1 - acceptance)


def closed_loop(
    prefill_latency: np.ndarray, prefill_busy: np.ndarray, step: np.ndarray, batch: np.ndarray, output: float
) -> dict[str, np.ndarray]:
    """Latency, rate and TPOT with `batch` requests in flight (Little's law, solved exactly).

    With chunked prefill sharing the GPU, decode slows by 1 / (1 - X x t_pb) where X is the
    request rate and t_pb the GPU time one prefill takes. With L the request latency,
    a = TTFT = t_p + t (one step to wait for) and b = (output - 1) x t:
        L = a + b / (1 - B t_pb / L)   =>   L^2 - (B t_pb + a + b) L + a B t_pb = 0,
    whose larger root is the latency; X = B / L; TPOT = (L - a) / (output - 1).
    """
    tp_lat = prefill_latency[:, None]
    tpb = prefill_busy[:, None]
    a = tp_lat + step
    b = (output - 1) * step
    s = batch * tpb + a + b
    latency = (s + np.sqrt(np.maximum(s * s - 4 * a * batch * tpb, 0.0))) / 2
    rate = batch / latency
    busy = np.minimum(rate * tpb, PREFILL_SHARE_CAP)
    tpot = step / (1 - busy)
    return {"latency": latency, "rate": rate, "tpot": tpot, "ttft": a, "prefill_share": busy}


# z of the 95th percentile of a standard normal
Z95 = 1.6449


def tpot_p95(
    tpot: np.ndarray, step: np.ndarray, batch: np.ndarray, rate: np.ndarray, prefill_busy: np.ndarray, output: float
) -> np.ndarray:
    """p95 time per output token [s] where closed_loop's `tpot` is the mean, on the batch grid.

    Two things make a request decode slower than the mean, both counted at their 95th percentile:
    - the requests in flight: with Poisson arrivals their number is Poisson with mean B (M/G/inf),
      so a request may decode among B95 = B + z sqrt(B) + (z^2 - 1) / 6 (Cornish-Fisher) at
      step(B95), interpolated on the grid (extrapolated past its end);
    - the prefills it shares its steps with: N ~ Poisson(X D) arrive while it decodes for
      D = (output - 1) x TPOT (X = `rate`), each t_pb of GPU time: + N95 t_pb / (output - 1).
    The mean of the second alone is closed_loop's step / (1 - X t_pb); never below the mean.
    """
    n = output - 1
    if n <= 0:
        return tpot
    grid = np.asarray(batch, dtype=np.float64)
    b95 = _poisson_p95(grid)
    k = np.clip(np.searchsorted(grid, b95), 1, grid.size - 1) if grid.size > 1 else np.zeros(grid.size, int)
    if grid.size > 1:
        lo, hi = grid[k - 1], grid[k]
        w = (b95 - lo) / (hi - lo)
        step95 = step[:, k - 1] + w * (step[:, k] - step[:, k - 1])
    else:
        step95 = step
    n95 = _poisson_p95(rate * n * tpot)
    p95: np.ndarray = np.maximum(np.maximum(step95, step) + n95 * prefill_busy[:, None] / n, tpot)
    return p95


def _poisson_p95(mean: np.ndarray) -> np.ndarray:
    """95th percentile of a Poisson of this mean (Cornish-Fisher), never below the mean."""
    p95: np.ndarray = np.maximum(mean + Z95 * np.sqrt(mean) + (Z95 * Z95 - 1) / 6, mean)
    return p95


def queue_wait_p95(rate: np.ndarray, service: np.ndarray, arrival_cv2: float, service_cv2: float) -> np.ndarray:
    """p95 wait for the prefill server at `rate` [s] (Kingman G/G/1 with an exponential tail).

    mean wait W = rho / (1 - rho) x (c_a^2 + c_s^2) / 2 x service; a request waits at all with
    probability ~rho, and then ~exponentially, so p95 = W / rho x ln(rho / 0.05) for rho > 0.05.
    """
    rho = np.clip(rate * service, 0.0, 0.999)
    mean = rho / (1 - rho) * (arrival_cv2 + service_cv2) / 2 * service
    with np.errstate(divide="ignore", invalid="ignore"):
        tail = np.where(rho > P95_TAIL, mean / np.maximum(rho, 1e-12) * np.log(rho / P95_TAIL), 0.0)
    return np.maximum(tail, 0.0)


# Prompt lengths in chat traces (ShareGPT, LMSYS-Chat) have a coefficient of variation of about
# 1 to 1.4; we cap the fitted c^2 at 2 (sigma = sqrt(ln 3)) so that one p95 far above the mean
# does not turn into an implausibly heavy tail.
MAX_LENGTH_SIGMA = float(np.sqrt(np.log(3.0)))


def lognormal_sigma(mean: float, p95: float | None) -> float:
    """sigma of the lognormal with this mean and p95 (the lighter-tailed root), 0 without a p95.

    p95 / mean = exp(1.645 s - s^2 / 2); solved for s, capped at MAX_LENGTH_SIGMA (c^2 = 2)."""
    if not p95 or p95 <= mean:
        return 0.0
    ratio = np.log(p95 / mean)
    s = 1.645 - np.sqrt(max(1.645**2 - 2 * ratio, 0.0))
    return float(min(max(s, 1e-3), MAX_LENGTH_SIGMA))


def service_cv2(w: Workload) -> float:
    """The prefill service time's c_s^2: prompt lengths as a lognormal fitted to mean and p95
    (prefill time is close to linear in prompt length), c^2 = exp(s^2) - 1."""
    t = w.tokens
    return float(np.expm1(lognormal_sigma(t.input_tokens, t.input_tokens_p95) ** 2))
