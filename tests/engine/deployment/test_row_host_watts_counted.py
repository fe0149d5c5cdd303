"""tcli6 N21: with `host_power_fraction` set, a deployment row states the host watts its energy
counts, not the catalog's maximum. The old rows said "host 4,600 W per node (catalog)" and "host
575 W per node, scaled ..." while the figures used 2,300 W and 287.5 W (x 0.5); with 0 the rows
said 4,600 W while 0 W was counted."""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.engine import size
from tests.engine.deployment.test_hybrid_p100_is_on_prem_row import SCENARIO


def _host_lines(catalog, fraction):
    data = copy.deepcopy(SCENARIO)
    data["assumptions"].update(host_power_fraction=fraction)
    rows = size(parse(Scenario, data), catalog).deployments
    return {
        key: [x for x in rows.row(*key).assumptions if x.startswith("host ")]
        for key in (("on_prem", "capex"), ("cloud", "on_demand"))
    }


@pytest.mark.parametrize(
    ("fraction", "dgx", "lambda_1x"),
    [(0.5, "host 2,300 W per node counted: 50%", "host 288 W per node counted: 50%"), (0.0, "host 0 W", "host 0 W")],
)
def test_rows_state_the_host_watts_counted(catalog, fraction, dgx, lambda_1x):
    assert catalog.instance("On-prem 8x H100 SXM (DGX H100)").host_power_w == pytest.approx(4600)
    lines = _host_lines(catalog, fraction)
    assert len(lines[("on_prem", "capex")]) == 1 and lines[("on_prem", "capex")][0].startswith(dgx)
    assert len(lines[("cloud", "on_demand")]) == 1 and lines[("cloud", "on_demand")][0].startswith(lambda_1x)
    assert "4,600 W" in lines[("on_prem", "capex")][0]  # the catalog's maximum it is a share of
    if fraction == 0.0:
        assert lines[("on_prem", "capex")][0].endswith("host excluded")
