"""Billed time: how long a provider charges for a rented node that ran for a while.

Providers bill a node's time in steps (per second, per minute, per hour) with a minimum charge
each time a node starts (catalog/instances.yaml's `billing_increment_s` and `billing_minimum_s`,
each with its source). A batch run of 10 minutes on a provider that bills by the hour costs
one hour; on one that bills by the second with a 60 s minimum, 10 minutes."""

from __future__ import annotations

from typing import Any

import numpy as np

from app.domain import Instance

SECONDS_PER_HOUR = 3600.0
# run lengths within this many seconds of a whole step are that step (10 min as a float of hours
# is 600.0000000001 s, not 601 s)
_STEP_TOLERANCE_S = 1e-6


def billed_hours(hours: Any, increment_s: float | None, minimum_s: float | None = None) -> np.ndarray:
    """Hours billed for one node that ran `hours` [h] (a number or an array):

        billed [s] = max(ceil(hours x 3600 / increment_s) x increment_s, minimum_s)   for hours > 0

    `increment_s` [s] the step the provider bills in (None: per second with no rounding, the
    engine's default where the provider publishes none); `minimum_s` [s] the charge for a node
    that ran less (None: no minimum). A node that did not run (hours <= 0) bills nothing; NaN and
    inf pass through (a point that serves nothing has no billed time either)."""
    h = np.asarray(hours, dtype=np.float64)
    if increment_s is None and not minimum_s:
        return h
    seconds = h * SECONDS_PER_HOUR
    with np.errstate(invalid="ignore"):
        if increment_s is not None:
            steps = np.ceil(seconds / increment_s - _STEP_TOLERANCE_S / increment_s)
            seconds = np.where(np.isfinite(seconds), steps * increment_s, seconds)
        if minimum_s:
            seconds = np.where(seconds > 0, np.maximum(seconds, minimum_s), seconds)
    return np.asarray(np.where(h > 0, seconds / SECONDS_PER_HOUR, h), dtype=np.float64)


def billing_words(inst: Instance | None) -> str:
    """How the node is billed, for a cost basis: "billed per hour", "billed per second after a
    60 s minimum"; "" where the catalog states no increment."""
    if inst is None or inst.billing_increment_s is None:
        return ""
    step = inst.billing_increment_s
    unit = {1: "second", 60: "minute", 3600: "hour"}.get(step)
    words = f"billed per {unit}" if unit else f"billed in steps of {step:,} s"
    if inst.billing_minimum_s:
        words += f" after a {inst.billing_minimum_s:,} s minimum"
    return words
