"""The sizing and trade-off engine: numpy and the domain only; no Qt, no database.

size(scenario, catalog) -> Sizing      the whole answer for a scenario
estimate(catalog, model=..., ...)      one exact configuration at one load
"""

from app.engine.estimate import estimate
from app.engine.size import Cancelled, LastEvaluation, size

__all__ = ["Cancelled", "LastEvaluation", "estimate", "size"]
