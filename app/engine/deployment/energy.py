"""Energy and carbon from power (the power itself is `app.engine.power`, the one power model).

    E_month    = sum over hours of P_facility x hours     [kWh]
    Wh / 1M tokens = E_month x 1000 / (tokens_month / 1e6)
    CO2e       = E_month x grid intensity                 [kg: kWh x g/kWh / 1000]

P_facility [W] is `app.engine.power.PowerModel.facility_w` at the nodes' busy share
(`app.engine.power.node_busy_share`): the serving replicas' GPUs busy
a = max(1 - exp(-lambda x T), min(1, lambda / lambda_max)) of each hour (a replica's arrival rate
lambda, one request's time in service T, the most it serves lambda_max) and drawing then a share s of
(P_busy - P_idle) that follows what its decode step keeps busy (`app.engine.power.step_power_share`;
with busy_power_fraction set, the share of the step in kernels, `decode_kernel_share`), and every
other accelerator of the nodes (spares, free slots) idle."""

from __future__ import annotations

import numpy as np

from app.domain import Explanation
from app.engine.deployment.energy_levels import LEVEL_COLUMNS, LEVELS_CAPTION, EnergyLevel
from app.engine.power import BETA_COMP, BETA_MEM, PowerModel

ENERGY_QUANTITY = "Energy a month (facility)"
ENERGY_FORMULA = (
    "kWh = share x sum over the traffic levels h (table) of W_h x hours_h / 1000; W_h = f x (nodes_h x "
    "(GPUs a node x P_idle + P_host) + replicas_h x GPUs a replica x (P_busy - P_idle) x a_h x s) x PUE, "
    "the table's W at the meter (share, f: 1 unless listed); a_h = max(1 - exp(-lambda_h x T), "
    "min(1, lambda_h / lambda_max)), lambda_h = the hour's req/s per serving replica, lambda_max the most a replica "
    "serves at any batch; P_busy = TDP and s = min(1, beta_mem x u_mem + beta_comp x u_comp), u_mem and "
    "u_comp the shares of a decode step the GPU's memory system and tensor cores are busy (the roofline's "
    "own step, waits on all-reduce and per-step work included); with the busy power override set, "
    "P_busy = that share of TDP and s = the share of a step in kernels"
)


def energy_kwh(power_w: np.ndarray, hours: np.ndarray | float) -> float:
    """Energy [kWh] of powers [W] held for `hours` [h] each (broadcast), summed."""
    return float(np.sum(np.asarray(power_w, dtype=np.float64) * hours) / 1000.0)


def wh_per_million_tokens(kwh: float, tokens: float) -> float | None:
    """Energy per 1M tokens [Wh] = kWh x 1000 / (tokens / 1e6); None when no tokens are served."""
    if tokens <= 0:
        return None
    return kwh * 1000.0 / (tokens / 1e6)


def co2e_kg(kwh: float, grid_g_per_kwh: float | None) -> float | None:
    """CO2e [kg] of `kwh` at a grid intensity [gCO2e/kWh]; None when the intensity is unknown."""
    if grid_g_per_kwh is None:
        return None
    return kwh * grid_g_per_kwh / 1000.0


HOST_UNKNOWN = "unknown, not counted (the figure is a lower bound)"
HOST_AT_MAX = (
    "<= the catalog's host figure, the node's maximum (system maximum minus the accelerators' TDP) drawn every "
    "hour: the figure is an upper bound; set the Host power assumption to your metered share"
)


def energy_explanation(
    kwh: float,
    pm: PowerModel,
    node_gpus: int,
    gpus_per_replica: int,
    request_s: float | None,
    mean_rate_per_replica: float,
    hours_per_month: float,
    kernel_share: float = 1.0,
    levels: list[EnergyLevel] | None = None,
    step_shares: tuple[float, float] | None = None,
    on_prem_share: float = 1.0,
    node_factor: float = 1.0,
    max_rate: float | None = None,
) -> Explanation:
    """How the option's kWh a month was computed, for the Explain panel: the formula, the power
    model's inputs, a request's time in service T [s], the share s [1] of (P_busy - P_idle) a serving
    GPU draws over a decode step (`Option.kernel_share`) with the step's u_mem and u_comp it is read
    from (`step_shares`; None where s does not follow the step), and the month's traffic levels
    (`levels`, `energy_levels`: hours, rate, nodes, replicas, a and W at the meter each) as the
    explanation's table, so that kWh = on_prem_share x sum of W x hours / 1000 by hand.
    `mean_rate_per_replica` [req/s]: the mean over the hours with traffic of each hour's rate per
    serving replica (for reference: the figure uses each level's own a). `node_factor`: the plan's
    nodes drawn x this (spot's redone work); `on_prem_share` the scenario's share of owned nodes.
    `max_rate` lambda_max [req/s]: the most one replica serves at any batch
    (`Option.peak_requests_per_s_per_replica`; None: not known), the floor of a: lambda / lambda_max."""
    inputs: dict[str, float | str] = {
        "power model": (
            f"follows the step: s = min(1, {BETA_MEM:g} x u_mem + {BETA_COMP:g} x u_comp), P_busy = TDP"
            if pm.follows_step
            else "the busy power override (a share of TDP) while in kernels: s = the share of a step in kernels"
        ),
        "P_idle per accelerator [W]": pm.idle_w,
        "P_busy per accelerator [W]": pm.busy_w,
        "P_host per node [W]": pm.host_w if pm.host_known else HOST_UNKNOWN,
    }
    if pm.host_at_max:
        inputs["P_host is"] = HOST_AT_MAX
    elif pm.host_fraction is not None:
        inputs["P_host is"] = (
            f"{pm.host_fraction:g} x the catalog's host figure (the node's maximum): the Host power "
            "assumption, your stated share"
        )
    inputs |= {
        "PUE": pm.pue,
        "GPUs per node": float(node_gpus),
        "GPUs per replica": float(gpus_per_replica),
        "T, one request alone [s]": "unknown: busy every hour with traffic" if request_s is None else request_s,
        "lambda, mean of the hours with traffic [req/s per serving replica]": mean_rate_per_replica,
        "lambda_max, the most a replica serves at any batch [req/s]": "unknown" if max_rate is None else max_rate,
    }
    if step_shares is not None:
        inputs["u_mem, share of the step the memory system is busy"] = step_shares[0]
        inputs["u_comp, share of the step the tensor cores are busy"] = step_shares[1]
    inputs["s, share of (P_busy - P_idle) drawn over a decode step"] = kernel_share
    if node_factor != 1.0:
        inputs["node factor f (spot: the interrupted work redone)"] = node_factor
    if on_prem_share != 1.0:
        inputs["share of the owned nodes charged to this scenario"] = on_prem_share
    inputs["hours a month"] = hours_per_month
    if levels:
        inputs["traffic levels (the table below)"] = LEVELS_CAPTION
    return Explanation(
        quantity=ENERGY_QUANTITY,
        value=kwh,
        unit="kWh/month",
        formula=ENERGY_FORMULA,
        inputs=inputs,
        source="engine.power: linear idle-to-busy power (Barroso et al., The Datacenter as a Computer, 2018) "
        "over the busy share of an M/G/inf replica, at least its utilisation lambda / lambda_max (Kleinrock 1975); "
        "the step's share s fitted on ML.ENERGY v3 "
        "(Llama-3.1-8B on one H100, vLLM, max_num_seqs 8-768); error vs measurements: bench/energy_accuracy.py",
        table_columns=list(LEVEL_COLUMNS) if levels else [],
        table_rows=[x.row() for x in levels or []],
    )


def sides_co2e_kg(sides: list[tuple[str, float, float | None]]) -> tuple[float | None, list[str]]:
    """CO2e [kg] of energy drawn on several grids (a hybrid's owned base and its cloud burst):

        CO2e = sum over sides with energy of kWh_i x g_i / 1000

    `sides`: (the side in words, its energy [kWh], its grid intensity [gCO2e/kWh] or None). A side
    whose intensity is unknown is left out of the sum and named in the second value (the total is then
    incomplete); None when no side with energy has a known intensity. A side drawing no energy needs none."""
    drawn = [(name, kwh, g) for name, kwh, g in sides if kwh > 0]
    known = [kwh * g / 1000.0 for _, kwh, g in drawn if g is not None]
    missing = [name for name, _, g in drawn if g is None]
    if not drawn:
        return 0.0, []
    return (sum(known) if known else None), missing
