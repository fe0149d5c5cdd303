"""The Explain panel's energy per 1M tokens and CO2e a month (tgui6 D6): how the option's Wh/1M
tokens and kg CO2e follow from its kWh a month, the tokens it serves a month and the grid intensity,
with the grid's source said (the region's catalog figure, or the scenario's site grid and why)."""

from __future__ import annotations

from app.domain import Catalog, Deployment, Explanation, Instance, Scenario

WH_QUANTITY = "Energy per 1M tokens"
CO2E_QUANTITY = "CO2e a month"


def grid_source(inst: Instance, catalog: Catalog, s: Scenario) -> tuple[float | None, str]:
    """The grid intensity [g CO2e/kWh] the instance's CO2e uses and where it comes from, in words,
    as `compare.grid_intensity` picks it: its region's catalog figure, else the scenario's site grid
    (said: an own site, an offer that publishes no region, or a region the catalog has no figure
    for), else None (with the same words)."""
    if inst.region:
        for g in catalog.grid_regions:
            if g.name.casefold() == inst.region.casefold():
                return g.grid_gco2e_per_kwh, f"region {g.name}, catalog figure"
    site = s.assumptions.grid_gco2e_per_kwh
    if inst.deployment is Deployment.ON_PREM:
        why = "the scenario's site grid (your own site)"
    elif inst.region:
        why = f"the scenario's site grid: the catalog has no figure for region {inst.region}"
    else:
        why = f"the scenario's site grid: {inst.name} publishes no region, so your site's figure stands in"
    return site, why


def carbon_explanations(
    kwh: float, tokens: float, grid: float | None, grid_words: str, co2e_kg: float | None
) -> list[Explanation]:
    """The two explanations: Wh per 1M tokens = kWh x 1000 / (tokens / 1e6), when tokens [a month]
    are served; CO2e [kg/month] = kWh x g/kWh / 1000, when the grid intensity is known."""
    out: list[Explanation] = []
    if tokens > 0:
        out.append(
            Explanation(
                quantity=WH_QUANTITY,
                value=kwh * 1000.0 / (tokens / 1e6),
                unit="Wh",
                formula="Wh per 1M tokens = kWh a month x 1000 / (tokens a month / 1,000,000)",
                inputs={"kWh a month": kwh, "tokens a month": tokens},
            )
        )
    if grid is None or co2e_kg is None:  # CO2e n/a: the options table and rows say why
        return out
    out.append(
        Explanation(
            quantity=CO2E_QUANTITY,
            value=co2e_kg,
            unit="kg",
            formula="kg CO2e = kWh a month x grid g CO2e/kWh / 1000",
            inputs={"kWh a month": kwh, "grid g CO2e/kWh": grid},
            source=f"grid: {grid_words}",
        )
    )
    return out
