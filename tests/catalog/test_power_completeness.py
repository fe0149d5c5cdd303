"""How the shipped catalog's power fields reach the energy model (issue 18): a device without a TDP
gives no energy figure (never zero), an on-prem node without host power is marked incomplete, a
catalogued idle figure is used as is, and a board-level SoC carries no second host figure. Every
on-prem node either states its host power or says where it was sought."""

from __future__ import annotations

import pytest

from app.domain import Assumptions, Catalog
from app.domain.hardware import Deployment
from app.engine.power import host_power_basis, node_power_model
from app.store.io_formats import catalog_from_dir

HOST_SOURCED, HOST_NOT_FOUND, HOST_MISSING = "sourced", "not found (searched)", "MISSING"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_dir()


def _inst(catalog: Catalog, name: str):
    return next(i for i in catalog.instances if i.name == name)


def _acc(catalog: Catalog, name: str):
    return next(a for a in catalog.accelerators if a.name == name)


def host_status(inst) -> str:
    """SOURCED: host_power_w given; NOT_FOUND: notes say where it was sought."""
    if inst.host_power_w is not None:
        return HOST_SOURCED
    notes = " ".join((inst.notes or "").split())
    return HOST_NOT_FOUND if "host_power_w: not found (searched" in notes else HOST_MISSING


def test_every_on_prem_node_states_host_power_or_where_it_was_sought(catalog):
    on_prem = [i for i in catalog.instances if i.deployment is Deployment.ON_PREM]
    status = {i.name: host_status(i) for i in on_prem}
    assert HOST_MISSING not in status.values(), status
    # 2026-11-30: DGX A100 3300 W, DGX H100 4600 W (system maximum - 8 x TDP), Raspberry Pi 0 W (the
    # board is the SoC record); the Gaudi 3 UBB kit has no published system maximum
    assert sorted(n for n, s in status.items() if s == HOST_SOURCED) == [
        "On-prem 8x A100 80GB (DGX A100)",
        "On-prem 8x H100 SXM (DGX H100)",
        "On-prem Raspberry Pi 5 4GB",
    ]


def test_a_tpu_without_tdp_gives_no_power_model_so_energy_is_unknown_not_zero(catalog):
    inst = _inst(catalog, "GCP TPU v5litepod-8")
    assert _acc(catalog, inst.accelerator).tdp_w is None
    assert node_power_model(inst, _acc(catalog, inst.accelerator), Assumptions(), catalog) is None


def test_gaudi3_node_uses_its_catalogued_idle_and_says_host_power_is_unknown(catalog):
    inst = _inst(catalog, "On-prem 8x Intel Gaudi 3 (UBB kit)")
    acc = _acc(catalog, inst.accelerator)
    a = Assumptions()
    pm = node_power_model(inst, acc, a, catalog)
    assert pm is not None
    # idle: the hl-smi reading 264 W, not the assumed share of the 900 W TDP
    assert pm.idle_from_catalog and pm.idle_w == pytest.approx(264.0)
    # the stated 7200 W is the eight accelerators' TDP alone: nothing is left for a host
    assert (pm.host_known, pm.host_w) == (False, 0.0)
    host, basis = host_power_basis(inst, catalog)
    assert host is None and "incomplete" in basis


def test_raspberry_pi_node_adds_no_host_to_its_board_power(catalog):
    inst = _inst(catalog, "On-prem Raspberry Pi 5 4GB")
    acc = _acc(catalog, inst.accelerator)
    a = Assumptions()
    pm = node_power_model(inst, acc, a, catalog)
    assert pm is not None and pm.host_known and pm.host_w == 0.0
    # idle: Jeff Geerling's whole-board 3.3 W; at full busy share (a x s = 1) the node draws the board's
    # 12 W (its TDP: the step model's busy power) and nothing more (no host counted twice)
    assert pm.idle_w == pytest.approx(3.3)
    assert float(pm.node_w(1, 1.0)) == pytest.approx(12.0)
    # the override (the model before): 12 W x busy_power_fraction
    old = node_power_model(inst, acc, Assumptions(busy_power_fraction=0.54), catalog)
    assert old is not None and float(old.node_w(1, 1.0)) == pytest.approx(12.0 * 0.54)
    assert float(pm.node_w(1, 0.0)) == pytest.approx(3.3)


def test_every_node_of_a_whole_board_soc_adds_no_host_power(catalog):
    """An SoC record's power is the whole board or machine (Apple at the wall, the Pi's board), so a
    node of one states host_power_w 0 rather than leaving the engine to add or guess a host."""
    socs = {a.name for a in catalog.accelerators if a.kind == "soc"}
    nodes = [i for i in catalog.instances if i.accelerator in socs]
    assert nodes, "no SoC node in the catalog"
    for inst in nodes:
        assert inst.host_power_w == 0, inst.name
