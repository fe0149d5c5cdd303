"""A device whose power figures are the whole machine at the wall (an Apple Mac, a Raspberry Pi board:
`Accelerator.whole_system_power`) carries no host power on top: a node of it has host 0 W, known, so its
energy is complete and the host is not counted twice (issue 18). A GPU node without a host figure stays
"host power unknown"."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from app.domain import Assumptions, Instance, parse
from app.engine.deployment.compare import energy_gaps
from app.engine.power import PowerModel, host_power_basis, node_power_model


def _node(accelerator: str) -> Instance:
    """An on-prem node a user adds for one device, with no host or node power stated."""
    return parse(
        Instance,
        {
            "name": f"Our {accelerator}",
            "source": "test",
            "as_of": "2026-11-30",
            "provider": "on-prem",
            "deployment": "on_prem",
            "accelerator": accelerator,
            "accelerator_count": 1,
            "capex_usd": 2000,
        },
    )


def test_a_mac_node_adds_no_host_to_its_whole_system_figures(catalog):
    # Apple M2 Pro: the Mac mini's 7 W idle and 100 W maximum at the wall (catalog). With
    # busy_power_fraction 1 and PUE 1.4: at u = 0.5 the Mac draws 7 + (100 - 7) x 0.5 = 53.5 W and
    # nothing more (host 0 W); at the meter 53.5 x 1.4 = 74.9 W.
    inst = _node("Apple M2 Pro")
    acc = catalog.accelerator("Apple M2 Pro")
    assert acc.whole_system_power and (acc.idle_power_w, acc.tdp_w) == (7.0, 100.0)
    catalog = catalog.model_copy(update={"instances": [*catalog.instances, inst]})
    pm = node_power_model(inst, acc, Assumptions(busy_power_fraction=1.0, pue=1.4), catalog)
    assert pm is not None and pm.host_known and pm.host_w == 0.0
    assert_allclose(pm.node_w(1, 0.5), 53.5)
    assert_allclose(pm.facility_w(1, 0.5), 74.9)
    assert energy_gaps(inst, acc, pm) == []
    host, basis = host_power_basis(inst, catalog)
    assert host == 0.0 and "whole machine" in basis


def test_a_bare_mac_without_a_node_is_complete_too(catalog):
    pm = PowerModel.of(catalog.accelerator("Apple M2 Pro"), Assumptions(), None)
    assert pm is not None and (pm.host_known, pm.host_w) == (True, 0.0)


def test_a_gpu_node_without_a_host_figure_still_says_host_unknown(catalog):
    inst = _node("NVIDIA L40S")
    acc = catalog.accelerator("NVIDIA L40S")
    assert not acc.whole_system_power
    catalog = catalog.model_copy(update={"instances": [*catalog.instances, inst]})
    pm = node_power_model(inst, acc, Assumptions(), catalog)
    assert pm is not None and not pm.host_known
    assert energy_gaps(inst, acc, pm) == [f"host power of {inst.name}"]
    assert host_power_basis(inst, catalog)[0] is None


def test_a_stated_host_figure_wins_over_the_whole_system_rule(catalog):
    # a user who measured their Mac rack's switch and fans states them on the node: they are added
    inst = _node("Apple M2 Pro").model_copy(update={"host_power_w": 30.0})
    pm = node_power_model(inst, catalog.accelerator("Apple M2 Pro"), Assumptions(), catalog)
    assert pm is not None and pm.host_w == 30.0


@pytest.mark.parametrize("vendor", ["Apple", "Raspberry Pi"])
def test_macs_and_pi_boards_are_marked_whole_system_in_the_catalog(catalog, vendor):
    records = [a for a in catalog.accelerators if a.vendor == vendor]
    assert records and all(a.whole_system_power for a in records)
    # a figure given for them is quoted as the whole system in notes
    for a in records:
        if a.idle_power_w is not None or a.tdp_w is not None:
            assert "whole" in " ".join((a.notes or "").split()).lower(), a.name


def test_package_tdp_socs_are_not_whole_system(catalog):
    # GB10 and Ryzen AI Max+: idle measured on the whole box, but tdp_w is the SoC package's
    for name in ("NVIDIA GB10 (DGX Spark)", "AMD Ryzen AI Max+ 395"):
        assert not catalog.accelerator(name).whole_system_power
