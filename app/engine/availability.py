"""Spare replicas for an availability target.

A serving fleet meets its availability target when, at peak, enough replicas are up to carry the
peak. Three steps, each a formula an architect can check by hand:

1. Per-unit availability from fleet failure rates: a = MTBF / (MTBF + repair time), with the MTBF
   of a failure unit = GPU MTBF / GPUs in the unit (a unit is what one failure takes down: a node
   that packs several replicas, or a replica's own GPUs when it fills whole nodes).
2. N + k units: the probability that at least N of N + k independent units are up is the binomial
   tail sum_{i=N}^{N+k} C(N+k, i) a^i (1-a)^(N+k-i); k is the smallest that meets the target.
3. Failure domains: one zone gives at most its own availability z, however many spares it holds.
   A target above that needs the units spread over D zones, m per zone:
   P = sum_{j=1}^{D} C(D, j) z^j (1-z)^(D-j) P(at least N of j x m units up).
   The plan is the smallest D x m that meets the target (fewer zones on a tie).

Only failures count: planned maintenance is assumed rolling with surge (a new replica starts
before an old one drains). Units fail independently apart from their zone.
"""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

EXACT_LIMIT = 50.0  # expected failed units n(1-a) above which the binomial uses its normal approximation
MAX_UNITS = 10**12  # beyond this a plan is not worth searching (the point is out on every other count)


def percent(x: float) -> str:
    """An availability as a percentage with the digits its nines need: 0.999 -> '99.90%',
    0.9995 -> '99.950%', 0.99999 -> '99.9990%'."""
    if x >= 1.0:
        return "100%"
    # rounded: 1 - 0.99999 is 1.00000000001e-05, whose log would ask for one digit too many
    digits = max(math.ceil(round(-math.log10(max(1.0 - x, 1e-15)), 6)) - 1, 1)
    return f"{x * 100:.{digits}f}%"


def unit_availability(unit_gpus: float, gpu_mtbf_hours: float, repair_hours: float) -> float:
    """a = MTBF_unit / (MTBF_unit + repair) [fraction], MTBF_unit = gpu_mtbf_hours / unit_gpus [h]."""
    mtbf = gpu_mtbf_hours / max(unit_gpus, 1.0)
    return mtbf / (mtbf + repair_hours)


def at_least(n: int, need: int, a: float) -> float:
    """P(at least `need` of `n` independent units are up), each up with probability `a`:
    sum_{f=0}^{n-need} C(n, f) (1-a)^f a^(n-f) over the number of failed units f.

    Summed in log space from f = 0 (a^n underflows for large n) and stopped once the terms, past
    the mode, no longer change the sum; the normal approximation (with continuity correction)
    above EXACT_LIMIT expected failures, where an exact sum would take thousands of terms."""
    if need <= 0:
        return 1.0
    if n < need:
        return 0.0
    q = 1.0 - a
    if q <= 0.0:
        return 1.0
    if a <= 0.0:
        return 0.0
    allowed = n - need  # failed units the fleet can absorb
    if n * q > EXACT_LIMIT:
        sd = math.sqrt(n * q * a)
        return NormalDist(n * q, sd).cdf(allowed + 0.5)
    log_term = n * math.log(a)
    ratio = math.log(q) - math.log(a)
    total = 0.0
    for f in range(allowed + 1):
        if f:
            log_term += math.log((n - f + 1) / f) + ratio
        term = math.exp(log_term)
        total += term
        if f > n * q and term <= 1e-17 * total:  # past the mode the terms only shrink
            break
    return min(total, 1.0)


def served(per_zone: int, zones: int, need: int, a: float, z: float) -> float:
    """P(peak served) [fraction] with `per_zone` units in each of `zones` zones, each zone up with
    probability z: sum_{j=1}^{D} C(D, j) z^j (1-z)^(D-j) P(at least `need` of j x per_zone up)."""
    return sum(
        math.comb(zones, j) * z**j * (1.0 - z) ** (zones - j) * at_least(j * per_zone, need, a)
        for j in range(1, zones + 1)
    )


def zones_up_at_least(s: int, zones: int, z: float) -> float:
    """P(at least s of `zones` zones up): the most a plan needing s zones can give."""
    return sum(math.comb(zones, j) * z**j * (1.0 - z) ** (zones - j) for j in range(s, zones + 1))


def smallest_per_zone(need: int, zones: int, a: float, z: float, target: float, below: int | None = None) -> int | None:
    """Smallest units per zone that meet `target` with `zones` zones, or None if none can (or
    none with fewer than `below` units in all, when given: a plan already found needs those).

    The probability grows with the units per zone: first skip the sizes whose zones could not
    carry the peak even with every unit up (fewer zones than needed stay up), then double the
    spares until the target is met, then bisect."""
    m = math.ceil(need / zones)
    # P < P(enough zones up) whenever a unit can fail: a target equal to that bound is out of reach
    while (ub := zones_up_at_least(math.ceil(need / m), zones, z)) < target or (ub == target and a < 1.0):
        s = math.ceil(need / m)
        if s <= 1:
            return None  # even one whole zone per peak is not enough: more zones, or a lower target
        m = math.ceil(need / (s - 1))
    cap = 4 * m + 1024 if below is None else -(-below // zones) - 1  # the most units per zone worth trying
    if m > cap:
        return None
    if served(m, zones, need, a, z) >= target:
        return m
    lo, extra = m, 1
    while served(min(m + extra, cap), zones, need, a, z) < target:
        if m + extra >= cap:
            return None
        lo = m + extra
        extra *= 2
    hi = min(m + extra, cap)
    while hi - lo > 1:  # served(lo) < target <= served(hi)
        mid = (lo + hi) // 2
        if served(mid, zones, need, a, z) >= target:
            hi = mid
        else:
            lo = mid
    return hi


@lru_cache(maxsize=1 << 16)
def spread(need: int, a: float, target: float, z: float, max_zones: int) -> tuple[int, int, float]:
    """(units in all, zones, P(peak served)) of the smallest plan that serves `need` units' worth
    of peak with probability >= `target`: the fewest units over 1..max_zones zones, fewer zones
    on a tie. When no plan can, the best one tried (each of `max_zones` zones holding the whole
    peak), whose probability is then below the target."""
    best: tuple[int, int, float] | None = None
    for zones in range(1, max_zones + 1):
        m = smallest_per_zone(need, zones, a, z, target, None if best is None else best[0])
        if m is not None:
            best = (zones * m, zones, served(m, zones, need, a, z))
    if best is None:
        return max_zones * need, max_zones, served(need, max_zones, need, a, z)
    return best


@lru_cache(maxsize=1 << 16)
def single_zone(units: int, need: int, a: float, z: float) -> float:
    """P(peak served) [fraction] of `units` units in one zone: z x P(at least `need` up)."""
    return z * at_least(units, need, a)
