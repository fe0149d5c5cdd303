"""A spot base pool is priced as `archwise size` prices spot hours: x (1 + spot_interruption_rate)
for the work redone after interruptions (tcli3 finding 22). Hand: GCP g2-standard-48 spot
$1.59723/h x 1.05 = $1.677092/h; one node x 730 h = $1,224.28 a month (old: $1,165.98)."""

from __future__ import annotations

import pytest

from app.domain import Catalog
from tests.engine.fleet.fleet_helpers import plan, portfolio, serving

NODE = "GCP g2-standard-48"


def test_a_spot_pool_pays_the_work_interruptions_redo(catalog: Catalog):
    spot = catalog.instance(NODE).price_spot_usd_per_hour
    assert spot is not None
    pf = portfolio(
        [serving("Bot", 1.0)], [{"name": "G", "instance": NODE, "nodes": 1}], assumptions={"pricing": "spot"}
    )
    fp = plan(pf, catalog)
    pool = fp.pools[0]
    assert pool.price_usd_per_node_hour == pytest.approx(spot * 1.05)
    assert "5% of the work redone" in pool.price_basis
    assert fp.cost_usd_per_month == pytest.approx(spot * 1.05 * 730, rel=1e-6)


def test_a_three_year_reserved_pool_is_accepted_and_priced(catalog: Catalog):
    """tcli3 finding 22: `pricing: reserved_3y` was refused in fleet assumptions although the
    catalog carries 3-year prices. Hand: GCP g2-standard-48 at its 3-year rate x 730 h a month."""
    three = catalog.instance(NODE).price_reserved_3y_usd_per_hour
    assert three is not None
    pf = portfolio(
        [serving("Bot", 1.0)], [{"name": "G", "instance": NODE, "nodes": 1}], assumptions={"pricing": "reserved_3y"}
    )
    fp = plan(pf, catalog)
    assert fp.pools[0].price_usd_per_node_hour == pytest.approx(three)
    assert "reserved-3y" in fp.pools[0].price_basis
    assert fp.cost_usd_per_month == pytest.approx(three * 730, rel=1e-6)
