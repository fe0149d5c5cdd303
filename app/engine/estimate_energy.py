"""The energy of one configuration at one load (`archwise estimate`), from the one power model
(`engine.power`) the options, the deployment comparison, the on-prem cost and the fleet use, so the
same nodes at the same load give the same kWh and electricity everywhere (issue 18).

The configuration is one replica of `gpus` accelerators; it holds whole nodes of its hardware,
ceil(gpus / node GPUs) of them (a bare accelerator: `gpus` devices, no host), and every accelerator
beside the replica's idles:

    a_node = gpus x a x k / (nodes x node GPUs)     (`power.node_busy_share`)
    a      = max(1 - exp(-rate x T), min(1, rate / max rate))   (`power.active_share`)
    P      = nodes x P_fac(a_node)                                       [W] at the meter
    kWh/month = P x hours_per_month / 1000  (the load held every hour of the month)
    Wh per 1M tokens = P / (rate x tokens per request) / 3600 x 1e6
    on-prem USD/month = nodes x (capex amortised + operations share) + kWh x USD/kWh  (`cost.on_prem_fixed_month_usd`)

rate [req/s] the load served, T [s] one request alone (`Evaluation.request_s`), max rate [req/s] the
most the replica serves at any batch it holds (`Evaluation.peak_rate`), k [1] the share of a
decode step the GPUs run kernels at the estimate's own batch (`Evaluation.kernel_share`). An option
reads k at its operating batch (the SLA's max rate), so at another load the two k differ, and the
estimate's is the one of its load."""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.domain import Assumptions, Catalog
from app.engine.cost import hardware_power, on_prem_fixed_month_usd
from app.engine.power import node_busy_share, node_power_model
from app.engine.space import Hardware


@dataclass(frozen=True)
class LoadEnergy:
    """Energy of one configuration at one load. None where the hardware has no power figure."""

    nodes: int
    power_w: float | None  # [W] facility power (x PUE)
    energy_kwh_per_month: float | None  # [kWh/month] at this load every hour
    energy_wh_per_million_tokens: float | None  # [Wh/1M tokens]
    on_prem_usd_per_month: float | None  # [USD/month] on-prem nodes only: fixed + electricity
    request_s: float | None  # [s] T
    kernel_share: float  # [1] k


def load_energy(
    hw: Hardware,
    gpus: int,
    a: Assumptions,
    rate: float,
    tokens_per_request: float,
    request_s: float | None,
    kernel_share: float,
    catalog: Catalog | None = None,
    max_rate: float | None = None,
) -> LoadEnergy:
    """The energy of one replica of `gpus` on `hw` serving `rate` [req/s] of `tokens_per_request`
    [tokens] (see the module docstring). With `catalog`, a node without a host figure of its own
    takes the host power `size`, the deployment table and the fleet give it (`power.host_power_basis`:
    a rented node's host scaled from an on-prem node of its accelerator), so the same node at the
    same load draws the same watts everywhere (CLI reviewer tcli4 finding 6: 493 W against 1,298 W).
    `max_rate` [req/s]: the most the replica serves (`power.active_share`); None: no such floor."""
    node = max(int(hw.node_gpus), 1) if hw.instance is not None else 1
    nodes = math.ceil(gpus / node) if hw.instance is not None else gpus
    if hw.instance is not None and catalog is not None:
        power = node_power_model(hw.instance, hw.accelerator, a, catalog)
    else:
        power = hardware_power(hw, a)
    if power is None:
        return LoadEnergy(nodes, None, None, None, None, request_s, kernel_share)
    share = node_busy_share(rate, 1.0, gpus, nodes, node, request_s, kernel_share, max_rate)
    watts = float(nodes * power.facility_w(node, share))
    kwh = watts * a.hours_per_month / 1000.0
    tokens_s = rate * tokens_per_request
    wh_mtok = watts / tokens_s / 3600.0 * 1e6 if tokens_s > 0 else None
    on_prem = None
    if hw.on_prem and hw.instance is not None and hw.instance.capex_usd:
        on_prem = nodes * on_prem_fixed_month_usd(hw.instance, a) + kwh * a.electricity_usd_per_kwh
        on_prem *= a.on_prem_share if a.on_prem_share is not None else 1.0
    return LoadEnergy(nodes, watts, kwh, wh_mtok, on_prem, request_s, kernel_share)
