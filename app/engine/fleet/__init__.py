"""The fleet planner (issue 17): several workloads sharing node pools through a week.

    plan_fleet(portfolio, scenarios, catalog, method="greedy" | "milp") -> FleetPlan

Inputs are domain records (`app.domain.portfolio`), the output a frozen `FleetPlan`
(`app.domain.fleet_results`). Per-replica capacity comes from the existing engine
(`app.engine.size`) on each pool's node type; nothing here re-derives the physics.
"""

from app.engine.fleet.plan import Method, SizingCache, plan_fleet

__all__ = ["Method", "SizingCache", "plan_fleet"]
