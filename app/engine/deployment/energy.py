"""Power, energy and carbon at an operating point.

    P_accel(u) = P_idle + (P_busy - P_idle) x u          [W], u = utilisation in [0, 1]
    P_node(u)  = n_accel x P_accel(u) + P_host            [W]
    P_facility = P_node x PUE                             [W]
    E_month    = sum over hours of P_facility x hours     [kWh]
    Wh / 1M tokens = E_month x 1000 / (tokens_month / 1e6)
    CO2e       = E_month x grid intensity                 [kg: kWh x g/kWh / 1000]

P_busy = TDP x busy_power_fraction; P_idle = the measured idle power where the catalog has one,
else TDP x idle_power_fraction (both assumptions, stated with the result). Utilisation is the share
of the fleet's sustainable rate the hour's traffic uses. Linear between idle and busy is the usual
first-order server power model (Barroso & Hoelzle, The Datacenter as a Computer, ch. 5); its error
against measured LLM serving is in bench/validation/energy.yaml."""

from __future__ import annotations

import numpy as np


def accelerator_power_w(idle_w: float, busy_w: float, utilisation: np.ndarray | float) -> np.ndarray:
    """Power of one accelerator [W] at utilisation `u` (clipped to [0, 1]), linear from idle to busy."""
    u = np.clip(np.asarray(utilisation, dtype=np.float64), 0.0, 1.0)
    return idle_w + (max(busy_w, idle_w) - idle_w) * u


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
