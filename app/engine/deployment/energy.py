"""Energy and carbon from power (the power itself is `app.engine.power`, the one power model).

    E_month    = sum over hours of P_facility x hours     [kWh]
    Wh / 1M tokens = E_month x 1000 / (tokens_month / 1e6)
    CO2e       = E_month x grid intensity                 [kg: kWh x g/kWh / 1000]

P_facility [W] is `app.engine.power.PowerModel.facility_w` at each hour's utilisation (the share of
the fleet's sustainable rate the hour's traffic uses)."""

from __future__ import annotations

import numpy as np


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
