"""One on-prem node's month before electricity: the one formula the options (`engine.cost`), the
deployment comparison's on-prem and hybrid rows (`engine.deployment.pricing`), the estimate and the
fleet's on-prem pools all use (tcli5 N1, N7).

Per node [USD]:

    capex paid       = capex x (1 + install_share)                     (up front, on order)
    running month    = capex x operations_share / 12 + power_w / 1000 x colo_usd_per_kw_month
    amortised month  = capex paid / (amortisation_years x 12) + running month

Electricity is not here: it comes from the modelled kWh (engine.power) x electricity_usd_per_kwh.
Colocation is charged on the node's stated power (`Instance.power_w`, its nameplate kW), none
where the catalog states no power."""

from __future__ import annotations

from app.domain import Assumptions, Instance


def capex_paid_usd(inst: Instance, a: Assumptions) -> float:
    """What buying one node costs up front [USD]: capex x (1 + install_share) (installation,
    network and racking); 0 without a capex."""
    return (inst.capex_usd or 0.0) * (1.0 + a.install_share)


def colo_month_usd(inst: Instance, a: Assumptions) -> float:
    """Colocation of one node a month [USD]: power_w / 1000 [kW] x colo_usd_per_kw_month."""
    return (inst.power_w or 0.0) / 1000.0 * a.colo_usd_per_kw_month


def running_month_usd(inst: Instance, a: Assumptions) -> float:
    """One node's running month before electricity [USD]: operations (capex x operations_share / 12)
    + colocation (`colo_month_usd`); the capex itself is paid up front or amortised."""
    return (inst.capex_usd or 0.0) * a.operations_share / 12.0 + colo_month_usd(inst, a)


def amortised_month_usd(inst: Instance, a: Assumptions) -> float:
    """One node's month before electricity with its capex spread [USD]:
    capex x (1 + install_share) / (amortisation_years x 12) + `running_month_usd`."""
    return capex_paid_usd(inst, a) / (a.amortisation_years * 12.0) + running_month_usd(inst, a)
