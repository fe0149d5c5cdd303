"""Deployment models compared over a horizon, and what each costs in energy.

`profile` turns the workload's traffic into 24 hourly rates; `energy` gives power, kWh and CO2e at an
operating point; `horizon` accumulates monthly costs and finds break-even months; `pricing` prices a
fleet month by month under each deployment model (cloud on-demand / reserved / spot, bare-metal
lease, on-prem capex, hybrid); `compare` picks the best option of each model and builds the
comparison (`DeploymentComparison`) and each option's deployment and energy figures."""

from app.engine.deployment.compare import attach, attach_options, compare, completed

__all__ = ["attach", "attach_options", "compare", "completed"]
