"""`charts_wanted`: a what-if preview builds only the charts some plot shows; each chart it
builds is the one a full sizing builds, and a left-out chart is absent (never an older one)."""

from __future__ import annotations

from app.engine import size
from app.engine.charts import TRAFFIC_KEY
from app.engine.deployment.energy_chart import KEY as ENERGY_KEY
from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario
from app.store.io_formats import catalog_from_dir

CHEAP = {"latency_vs_concurrency", "cost_vs_latency", "memory"}


def test_left_out_charts_are_absent_and_the_rest_identical():
    catalog = catalog_from_dir()
    scenario = load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    full = size(scenario, catalog, detailed=False, deployments=False)
    assert {c.key for c in full.charts} == CHEAP | {TRAFFIC_KEY, ENERGY_KEY}
    some = size(scenario, catalog, detailed=False, deployments=False, charts_wanted=CHEAP)
    assert {c.key for c in some.charts} == CHEAP
    by_key = {c.key: c for c in full.charts}
    for chart in some.charts:
        assert chart == by_key[chart.key]
    assert some.options == full.options  # the rows do not depend on which charts were built
    with_energy = size(scenario, catalog, detailed=False, deployments=False, charts_wanted=CHEAP | {ENERGY_KEY})
    assert {c.key for c in with_energy.charts} == CHEAP | {ENERGY_KEY}
    assert next(c for c in with_energy.charts if c.key == ENERGY_KEY) == by_key[ENERGY_KEY]
