"""`estimate` counts a rented node's host power as `size`, the deployment table and the fleet do
(CLI reviewer tcli4 finding 6: RunPod 1x H100 SXM at 1.5 req/s drew 493 W in `estimate` against
1,298 W in `size`: the host was left out). RunPod's record states no host; the engine scales the
DGX H100's 4,600 W host to one GPU: 575 W. Hand, catalog figures (H100 idle 73 W, busy = TDP
700 W: the step model, k read off the result is the step's power share s), PUE 1.4, T and k read off the result:

    busy = (1 - exp(-rate x T)) x k
    P    = (73 + 575 + busy x (700 - 73)) x 1.4     [W]  (before: without the 575)"""

from __future__ import annotations

import math
from pathlib import Path

from numpy.testing import assert_allclose

from app.engine.estimate import estimate
from app.store.io_formats import catalog_from_dir

ROOT = Path(__file__).resolve().parents[2]


def test_a_rented_node_gets_the_host_power_size_gives_it():
    catalog = catalog_from_dir(ROOT / "catalog")
    assert catalog.instance("RunPod 1x H100 SXM").host_power_w is None
    assert catalog.instance("On-prem 8x H100 SXM (DGX H100)").host_power_w == 4600
    e = estimate(catalog, model="Llama-3.1-8B-Instruct", hardware="RunPod 1x H100 SXM", gpus=1,
                 input_tokens=1000, output_tokens=200, rate=1.5)  # fmt: skip
    en = e.energy
    assert en is not None and en.request_s is not None
    busy = (1.0 - math.exp(-1.5 * en.request_s)) * en.kernel_share
    assert_allclose(en.power_w, (73 + 575 + busy * (700 - 73)) * 1.4, rtol=1e-3)
    assert_allclose(en.energy_kwh_per_month, en.power_w * 730 / 1000, rtol=1e-9)
