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
    tpot: np.ndarray,
    step: np.ndarray,
    batch: np.ndarray,
    rate: np.ndarray,
    prefill_busy: np.ndarray,
    output: float,
    arrival_cv2: float = 1.0,
    service_cv2: float = 0.0,
    output_sigma: float = 0.0,
) -> np.ndarray:
    """p95 time per output token [s] where closed_loop's `tpot` is the mean, on the batch grid.

    A request's TPOT is the mean of the n = output - 1 steps it decodes in. Two things make it slower
    than the mean m = s / (1 - rho) (s the decode step [s], rho = X t_pb the prefill share, X =
    `rate` [req/s], t_pb = `prefill_busy` [s], rho capped at PREFILL_SHARE_CAP):
    - the requests in flight: with Poisson arrivals their number is Poisson with mean B (M/G/inf),
      so a request may decode among B95 = B + z sqrt(B) + (z^2 - 1) / 6 (Cornish-Fisher) at
      step(B95), interpolated on the grid (extrapolated past its end): d_b = (step(B95) - s) / (1 - rho);
    - the prefills its steps carry: each step also runs the prompts that arrived during the step
      before it (step-level scheduling, chunked prefill), so n steps last the delay busy period of an
      M/G/1 queue started by n s of decode work (Kleinrock 1975, Queueing Systems I, sec. 5.8: mean
      x / (1 - rho), variance x X E[S^2] / (1 - rho)^3 for one started by work x), with
      X E[S^2] = X t_pb^2 (c_a^2 + c_s^2) (bursty arrivals and long prompts, Kingman's pair):
          var = s X t_pb^2 (c_a^2 + c_s^2) / (n_eff (1 - rho)^3),
      n_eff = n exp(-sigma_o^2) the harmonic mean of lognormal output lengths (E[1/n] = exp(sigma_o^2)
      / n): short answers average fewer steps. d_p = the lognormal p95 of (m, var) less m.
    The two are independent: p95 = m + sqrt(d_b^2 + d_p^2), never below the mean.

    Example: s = 20 ms, X = 2 req/s, t_pb = 100 ms (rho = 0.2), c_a^2 = 1, c_s^2 = 0, n = 100, one
    grid point (d_b = 0): m = 25 ms, var = 0.02 x 2 x 0.01 / (100 x 0.512) = 7.8125e-6 s^2
    (sd 2.795 ms), d_p = 25 ms x (exp(1.6449 x 0.11146 - 0.11146^2 / 2) - 1) = 4.844 ms: p95 29.84 ms.
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
    tpb = np.asarray(prefill_busy, dtype=np.float64)[:, None]
    rho = np.minimum(rate * tpb, PREFILL_SHARE_CAP)
    inv = 1 / (1 - rho)
    d_b = np.maximum(step95 - step, 0.0) * inv
    n_eff = n * np.exp(-(output_sigma**2))
    # the lognormal's sigma^2 = ln(1 + var / m^2), var / m^2 = X t_pb^2 (c_a^2 + c_s^2) / (n_eff s (1 - rho))
    # (m = s / (1 - rho)); no decode step (an embedding model): no spread
    with np.errstate(divide="ignore", invalid="ignore"):
        s2 = rate * (tpb * tpb * (arrival_cv2 + service_cv2) / n_eff) * inv / step
    s2 = np.log1p(np.where(step > 0, s2, 0.0))
    d_p = tpot * np.expm1(Z95 * np.sqrt(s2) - s2 / 2)
    p95: np.ndarray = np.maximum(tpot + np.sqrt(d_b * d_b + d_p * d_p), tpot)
    return p95


def lognormal_p95(mean: np.ndarray, var: np.ndarray) -> np.ndarray:
    """95th percentile of the lognormal with this mean and variance (moments matched) [mean's unit].

    sigma^2 = ln(1 + var / mean^2), p95 = mean exp(z sigma - sigma^2 / 2); the mean where it is 0."""
    mean = np.asarray(mean, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        s2 = np.maximum(var, 0.0) / (mean * mean)
    s2 = np.log1p(np.where(mean > 0, s2, 0.0))
    sigma = np.sqrt(s2)
    sigma *= Z95
    s2 *= 0.5
    sigma -= s2
    p95: np.ndarray = mean * np.exp(sigma)
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


def ttft_p95(
    prefill: np.ndarray,
    step: np.ndarray,
    busy: np.ndarray,
    rate: np.ndarray,
    arrival_cv2: float,
    service_cv2: float,
) -> np.ndarray:
    """p95 time to first token [s] at an open arrival `rate` X [req/s] with step-level scheduling.

    A continuous-batching server runs in steps: each step decodes the batch (s = `step` [s]) and
    prefills every prompt that arrived during the step before it (chunked prefill), whose first
    tokens come at the step's end. One queue served so is a gated single-queue polling system with
    the decode step as its switch-over time (Takagi 1986, Analysis of Polling Systems: mean cycle
    s / (1 - rho)). With rho = X t_pb (t_pb = `busy`, one mean prompt's prefill GPU time [s],
    capped at PREFILL_SHARE_CAP) the step lengths follow D' = s + W(D), W the prefill work of the
    arrivals in D: given D its mean is rho D, its variance a D (a = X t_pb^2 (c_a^2 + c_s^2), Kingman's
    pair) and its third cumulant b D (b = X t_pb^3 (1 + c_s^2)^3, lognormal prompts). The recursion's
    stationary cumulants (law of total cumulance; Resing 1993 on polling systems as branching
    processes) are
        m = E[D] = s / (1 - rho),   V = a m / (1 - rho^2),   K = (b m + 3 rho a V) / (1 - rho^3).
    A request arrives in a length-biased step D* (E[D*] = m + V / m, E[D*^2] = E[D^3] / m =
    m^2 + 3 V + K / m), waits its rest U D* (U uniform) and then the next step: s, its own prefill and
    the work of the others that arrived in D*:
        TTFT = prefill + s + U D* + W(D*)
        E = prefill + s + (1/2 + rho) E[D*]
        Var = E[D*^2] (1/3 + rho + rho^2) - E[D*]^2 (1/2 + rho)^2 + a E[D*] + t_pb^2 c_s^2
    and p95 = the lognormal p95 of (E, Var) (`lognormal_p95`). The tail grows as 1 / (1 - rho)
    and with the decode step: a new prompt waits for the decode steps of the whole batch, which a
    queue of prefills alone (`queue_wait_p95`) leaves out. No decode step (an embedding model, s = 0):
    `prefill` + `queue_wait_p95` (the prefill-only M/G/1 queue).

    Example: prefill = t_pb = 40 ms, s = 20 ms, X = 10 req/s (rho = 0.4), Poisson, c_s^2 = 0:
    a = 0.016 s, b = 6.4e-4 s^2, m = 33.33 ms, V = 6.349e-4 s^2, K = 3.582e-5 s^3, E[D*] = 52.38 ms,
    E[D*^2] = 4.090e-3 s^2; E = 40 + 20 + 0.9 x 52.38 = 107.1 ms, Var = 3.654e-3 - 2.222e-3 + 8.381e-4
    = 2.270e-3 s^2 (sd 47.6 ms): p95 = 196.9 ms. The prefill queue alone (Kingman's wait,
    `queue_wait_p95`) said 40 + 20 + 69.3 = 129.3 ms.
    """
    tpb = np.asarray(busy, dtype=np.float64)
    cs2 = service_cv2
    # written for few whole-grid (N, B) operations, in place (each new grid-sized array costs page
    # faults): V / m = a / (1 - rho^2) and K / m need no m
    rho = np.minimum(rate * tpb, PREFILL_SHARE_CAP)
    a = rho * (tpb * (arrival_cv2 + cs2))
    om = 1 - rho  # 1 - rho
    m = step / om
    r = om * (1 + rho)  # 1 - rho^2, then V / m
    np.divide(a, r, out=r)
    d1 = m + r
    # E[D*^2] = m (m + 3 r) + rho (t_pb^2 (1 + c_s^2)^3 + 3 a r) / (1 - rho^3)
    d2 = a * r
    d2 *= 3
    d2 += tpb * tpb * (1 + cs2) ** 3
    d2 *= rho
    cube = rho * rho
    cube *= rho
    np.subtract(1, cube, out=cube)
    d2 /= cube
    r *= 3
    r += m
    r *= m
    d2 += r
    h = rho + 0.5
    hd = h * d1  # (1/2 + rho) E[D*]
    mean = prefill + step + hd
    # Var = E[D*^2] (1/3 + rho (1 + rho)) - hd^2 + a E[D*] + t_pb^2 c_s^2
    h -= 0.5
    h *= rho + 1
    h += 1 / 3
    d2 *= h
    hd *= hd
    d2 -= hd
    a *= d1
    d2 += a
    d2 += tpb * tpb * cs2
    stepped = lognormal_p95(mean, d2)
    if np.all(step > 0):
        return stepped
    prefill_only = prefill + queue_wait_p95(rate, tpb, arrival_cv2, service_cv2)
    out: np.ndarray = np.where(step > 0, stepped, prefill_only)
    return out


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


def output_sigma(w: Workload) -> float:
    """sigma of the output lengths as a lognormal fitted to their mean and p95 (0 without a p95)."""
    t = w.tokens
    return lognormal_sigma(t.output_tokens, t.output_tokens_p95)
