"""The deployment comparison for a scenario already sized (the Deployment page's slider)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain import Catalog, DeploymentComparison, Scenario, Sizing
from app.engine.deployment import compare
from app.services.sizing import catalog_for

if TYPE_CHECKING:
    from app.store import Project


def compare_deployments(
    source: Project | Catalog,
    scenario: Scenario,
    sizing: Sizing,
    percentile: float | None = None,
    model: str | None = None,
) -> DeploymentComparison:
    """Best option of each deployment model over the scenario's horizon; `percentile` sizes the
    hybrid's owned base (None: the scenario's assumption). Reuses the sizing: no re-evaluation.
    `model`: the model to compare (the selection matrix's recommendation, as the decision package's
    deployment section compares it, `reporting.deployments_for_model`); None or the engine's
    recommended model: the engine's comparison. A note names the model when it is not the engine's."""
    catalog = catalog_for(source, scenario)
    rec = sizing.recommended
    if (
        model is None
        or rec is None
        or model == rec.model
        or not any(o.feasible and o.model == model for o in sizing.options)
    ):
        return compare(sizing, scenario, catalog, percentile)
    options = [o if o.model == model else o.model_copy(update={"feasible": False}) for o in sizing.options]
    out = compare(sizing.model_copy(update={"options": options}), scenario, catalog, percentile)
    out.notes.insert(
        0,
        f"Compared for {model}, the selection matrix's recommended model (as the decision package's deployment "
        f"section); the engine's cheapest design runs {rec.model}",
    )
    return out


def model_for(sizing: Sizing, recommendation: object) -> str | None:
    """The model the Deployment page compares: the recommendation's (an app.report Recommendation,
    or None) when it recommends a self-hosted option, else None (the engine's pick)."""
    option = getattr(recommendation, "option", None)
    model = getattr(option, "model", None)
    return model if isinstance(model, str) else None
