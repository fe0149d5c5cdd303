"""Energy of a billed whole rented node counts its host (issue 18). A Qubrid 8x H200 node had no host
figure and no on-prem H200 node to scale one from, so its host counted 0 W: 2 replicas x 1 GPU on two
billed H200 nodes drew 1.69 kW where the same setup on H100 nodes drew 13.74 kW. HGX H200 drops into
HGX H100 systems (NVIDIA, 2023-11-13), so it borrows the DGX H100's 4,600 W host, and says so."""

from __future__ import annotations

import pytest
import yaml

from app.domain import Scenario, parse
from app.engine import size
from app.engine.power import host_power_basis, node_power_model

H200 = "Qubrid 8x H200 141GB bare metal"
SCENARIO = f"""
name: two bare-metal H200 nodes
workload:
  name: api
  category: inference_api
  tokens: {{input_tokens: 1000, output_tokens: 300}}
  traffic: {{requests_per_s: 2, peak_to_mean: 1.0}}
candidates:
  models: [gpt-oss-120b]
  hardware: [{H200}]
"""


def test_h200_node_borrows_the_hgx_h100_host(catalog):
    inst = next(i for i in catalog.instances if i.name == H200)
    host, basis = host_power_basis(inst, catalog)
    # DGX H100: 4,600 W host for 8 GPUs -> 575 W a GPU x 8 = 4,600 W
    assert host == pytest.approx(4600.0)
    assert "NVIDIA H100 SXM" in basis and "HGX H200" in basis
    acc = next(a for a in catalog.accelerators if a.name == inst.accelerator)
    pm = node_power_model(inst, acc, parse(Scenario, yaml.safe_load(SCENARIO)).assumptions, catalog)
    # idle node: 8 x 75 W (catalogued H200 idle) + 4,600 W host = 5,200 W
    assert float(pm.node_w(8, 0.0)) == pytest.approx(8 * 75 + 4600)


def test_two_billed_h200_nodes_draw_their_hosts(catalog):
    sz = size(parse(Scenario, yaml.safe_load(SCENARIO)), catalog)
    o = next(o for o in sz.options if o.gpus == 1 and o.nodes == 2)
    # two whole nodes powered all month: at least idle, 2 x 5,200 W x PUE 1.4 = 14.56 kW (was 2.01 kW);
    # at most all 16 GPUs busy, 2 x (8 x 350 + 4,600) x 1.4 = 20.72 kW
    assert 14.56 <= o.power_kw <= 20.72
    # 2 replicas of 1 GPU each busy a share a <= 1 of 350 - 75 W: 14.56 + 2 x 0.275 x 1.4 x a kW
    assert o.power_kw <= 14.56 + 2 * 0.275 * 1.4 + 1e-9
    row = next(r for r in sz.deployments.rows if r.hardware == H200)
    assert any("HGX H200" in s for s in row.assumptions)


def test_a_rented_node_without_any_host_figure_says_energy_incomplete(catalog):
    inst = next(i for i in catalog.instances if i.name == H200)
    bare = catalog.model_copy(update={"instances": [inst]})
    host, basis = host_power_basis(inst, bare)
    assert host is None and "host power unknown" in basis
