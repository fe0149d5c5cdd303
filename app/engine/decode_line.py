"""The straight line through measured batch-1 decode times: bandwidth term plus a fixed cost.

A batch-1 decode step of a dense model reads every weight once, so its time is

    t = T_mem / k + c

T_mem  the step's memory-bound time at the profile's current MBU (weights and KV bytes over
       bandwidth x MBU_0, no step overhead) [s], as the engine predicts it
k      the factor the MBU is off by: the fitted MBU is MBU_0 x k [-]
c      the fixed cost per token that does not scale with the bytes read [s]: kernel launches and
       command encoding, and the non-matmul graph operations (norms, RoPE, softmax, the KV copy)

On Apple Silicon llama.cpp (Metal) the fixed cost is large: Llama 2 7B on an M2 Max reads
6.67 GiB (Q8_0) in ~18 ms and 3.56 GiB (Q4_0) in ~10 ms, yet the two tokens take 25.0 and 16.4 ms
(llama.cpp discussion 4167), so about 6 ms of every token is not the weights. A single MBU cannot
hold both: it is either right for the big formats and too fast for the small, or the reverse.

The fit takes k and c from measured runs of one profile: with x_i = T_mem,i and t_i the measured
token times, it minimises the squared *relative* residuals

    sum_i ((x_i / k + c - t_i) / t_i)^2

which is linear least squares in (a = 1 / k, c) on the rows (x_i / t_i, 1 / t_i) -> 1, so a 100 ms
F16 token and a 10 ms Q4_0 token weigh alike. With two runs the line passes through both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class DecodeLine:
    """A fitted decode line: MBU multiplier k [-] and fixed cost per token c [s]."""

    mbu_factor: float
    fixed_s: float
    runs: int


def fit_decode_line(memory_s: npt.ArrayLike, measured_s: npt.ArrayLike) -> DecodeLine:
    """Fit t = T_mem / k + c to measured batch-1 token times (see the module docstring).

    Parameters
    ----------
    memory_s : memory-bound token time of each run at the profile's current MBU [s]
    measured_s : measured time per output token of the same runs [s]

    Returns the MBU multiplier k and the fixed cost c [s]. Raises ValueError with fewer than two
    runs, non-positive times, or runs whose memory times are all equal (no slope to fit), and when
    the fitted slope or fixed cost comes out negative (the runs do not follow the line).
    """
    x = np.asarray(memory_s, dtype=float).ravel()
    t = np.asarray(measured_s, dtype=float).ravel()
    if x.shape != t.shape or x.size < 2:
        raise ValueError("need at least two runs, each with a memory time and a measured time")
    if np.any(x <= 0) or np.any(t <= 0):
        raise ValueError("times must be positive")
    if np.ptp(x) <= 1e-12 * float(np.max(x)):
        raise ValueError("all runs move the same bytes: the slope cannot be told from the fixed cost")
    design = np.column_stack([x / t, 1.0 / t])
    (a, c), *_ = np.linalg.lstsq(design, np.ones_like(t), rcond=None)
    if a <= 0 or c < 0:
        raise ValueError(f"the runs do not follow a line with a positive slope and cost (1/k = {a:.3g}, c = {c:.3g} s)")
    return DecodeLine(mbu_factor=float(1.0 / a), fixed_s=float(c), runs=int(x.size))
