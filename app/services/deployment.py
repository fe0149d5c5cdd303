"""The deployment comparison for a scenario already sized (the Deployment page's slider)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain import Catalog, DeploymentComparison, Scenario, Sizing
from app.engine.deployment import compare
from app.services.sizing import catalog_for

if TYPE_CHECKING:
    from app.store import Project


def compare_deployments(
    source: Project | Catalog, scenario: Scenario, sizing: Sizing, percentile: float | None = None
) -> DeploymentComparison:
    """Best option of each deployment model over the scenario's horizon; `percentile` sizes the
    hybrid's owned base (None: the scenario's assumption). Reuses the sizing: no re-evaluation."""
    return compare(sizing, scenario, catalog_for(source, scenario), percentile)
