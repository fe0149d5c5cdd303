"""The selection matrix's weights kept with the project, per scenario (tgui6 D11: the weights a
decision package printed were lost on quit, so a reopened project recommended another option).

Stored as a project setting (JSON: criterion key -> weight); a value that no longer reads (an
unknown criterion, a weight out of range, a damaged text) is dropped on reading, never raised.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

from app.domain import DomainError, Workload

if TYPE_CHECKING:
    from app.store import Project

# Project setting that remembers, per scenario, the selection matrix's weights.
WEIGHTS_SETTING = "selection_weights:"


def saved_weights(project: Project, scenario_name: str) -> dict[str, float] | None:
    """The weights last set for `scenario_name`'s matrix, or None (none set, or none readable)."""
    from app.selection.criteria import CRITERIA_BY_KEY
    from app.selection.matrix import WEIGHT_RANGE

    try:
        raw = project.setting(WEIGHTS_SETTING + scenario_name)
    except DomainError:
        return None
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    out: dict[str, float] = {}
    for key, value in data.items():
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if (
            key in CRITERIA_BY_KEY
            and number
            and math.isfinite(value)
            and WEIGHT_RANGE.low <= value <= WEIGHT_RANGE.high
        ):
            out[key] = float(value)
    return out if out and sum(out.values()) > 0 else None


def save_weights(project: Project, scenario_name: str, weights: dict[str, float] | None) -> None:
    """Keep `weights` for `scenario_name`'s matrix (one transaction); None forgets them."""
    text = json.dumps({k: float(v) for k, v in weights.items()}, sort_keys=True) if weights else None
    project.set_setting(WEIGHTS_SETTING + scenario_name, text)


def defaults_for(workload: Workload | None) -> dict[str, float]:
    """The matrix's default weights for `workload`'s kind (what Reset weights goes back to)."""
    from app.selection.criteria import default_weights

    return default_weights(workload)
