"""Busy power follows what the GPU does in a step (issue 18, engine accuracy): the share s of
(TDP - idle) a serving GPU draws is min(1, BETA_MEM x u_mem + BETA_COMP x u_comp), u_mem and u_comp the
shares of the decode step its memory system and tensor cores are busy (`engine.power`). Before, every
GPU drew busy_power_fraction 0.54 x TDP while in kernels, whatever the batch: ML.ENERGY v3 measured an
H100 at 486 W serving 8 sequences of Llama-3.1-8B and 688 W serving 512 (the model read 324 and 366 W)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from app.domain import Assumptions, Scenario, parse
from app.engine.estimate import _setup, step_power_inputs
from app.engine.evaluate import evaluate
from app.engine.power import (
    BETA_COMP,
    BETA_MEM,
    accelerator_power_w,
    node_power_model,
    step_activity,
    step_power_share,
)

H100 = "NVIDIA H100 SXM"
DGX = "On-prem 8x H100 SXM (DGX H100)"
LLAMA8 = "Llama-3.1-8B-Instruct"


def test_fitted_coefficients_are_the_stated_ones():
    assert (BETA_MEM, BETA_COMP) == (0.735, 0.945)


def test_power_at_two_operating_points_by_hand():
    # small batch, memory-bound: weights streamed (u_mem 0.825), tensor cores nearly idle (u_comp 0.044)
    # s = 0.735 x 0.825 + 0.945 x 0.044 = 0.606375 + 0.04158 = 0.647955
    # P = 73 + (700 - 73) x 0.647955 = 479.27 W (one H100 SXM: TDP 700 W, idle 73 W catalogued)
    small = step_power_share(0.825, 0.044)
    assert_allclose(small, 0.647955, rtol=1e-12)
    assert_allclose(accelerator_power_w(73.0, 700.0, small), 479.267785, rtol=1e-9)
    # big batch: the GEMMs keep the tensor cores busy (u_comp 0.630), KV and weights u_mem 0.519:
    # s = 0.735 x 0.519 + 0.945 x 0.630 = 0.381465 + 0.59535 = 0.976815; P = 73 + 627 x 0.976815 = 685.46 W
    big = step_power_share(0.519, 0.630)
    assert_allclose(big, 0.976815, rtol=1e-12)
    assert_allclose(accelerator_power_w(73.0, 700.0, big), 685.463005, rtol=1e-9)
    # more than the power limit allows: clipped at TDP (the clocks drop)
    assert step_power_share(0.9, 0.9) == 1.0


def test_step_activity_by_hand():
    # 4.87 ms of weight traffic at the attained bandwidth and 0.3 ms of GEMMs in a 7 ms step
    u_mem, u_comp = step_activity(4.87e-3, 0.3e-3, 7.0e-3)
    assert_allclose((u_mem, u_comp), (4.87 / 7.0, 0.3 / 7.0), rtol=1e-12)
    # no step (nothing to share out): 0; shares above 1 (bad input) clipped
    u_mem, u_comp = step_activity(np.array([1e-3, 2e-3]), np.array([0.0, 3e-3]), np.array([0.0, 1e-3]))
    assert_allclose(u_mem, [0.0, 1.0]) and assert_allclose(u_comp, [0.0, 1.0])


def test_more_work_in_a_step_never_lowers_power_and_stays_between_idle_and_tdp():
    grid = np.linspace(0.0, 1.0, 41)
    um, uc = np.meshgrid(grid, grid, indexing="ij")
    s = step_power_share(um, uc)
    assert np.all(np.diff(s, axis=0) >= 0) and np.all(np.diff(s, axis=1) >= 0)
    watts = accelerator_power_w(73.0, 700.0, s)
    assert watts.min() == pytest.approx(73.0) and watts.max() == pytest.approx(700.0)
    assert np.all((watts >= 73.0) & (watts <= 700.0))


def _ev(catalog, batch: np.ndarray, a: Assumptions | None = None):
    config = {"model": LLAMA8, "hardware": H100, "gpus": 1, "input_tokens": 256, "output_tokens": 400}
    if a is not None:
        config["assumptions"] = a
    space, pts, wl, a_, *_ = _setup(catalog, config, 8.0, None)
    return evaluate(space, pts, wl, a_, batch=batch)


def test_engine_shares_are_the_roofline_step(catalog):
    """u_mem and u_comp are the engine's own decode step: the bytes' time at the attained bandwidth
    (Evaluation.step_mem) and the FLOPs' time at the attained rate (step_comp), over the step."""
    batch = np.array([8.0, 64.0, 512.0])
    ev = _ev(catalog, batch)
    assert ev.mem_share is not None and ev.comp_share is not None and ev.kernel_share is not None
    assert_allclose(ev.mem_share[0], ev.step_mem[0] / ev.step[0], rtol=1e-12)
    assert_allclose(ev.comp_share[0], ev.step_comp[0] / ev.step[0], rtol=1e-12)
    assert_allclose(ev.kernel_share[0], step_power_share(ev.mem_share[0], ev.comp_share[0]), rtol=1e-12)
    # memory-bound at 8 in flight, the tensor cores take over at 512: the power share rises with them
    assert ev.mem_share[0, 0] > 0.7 and ev.comp_share[0, 0] < 0.1
    assert ev.comp_share[0, 2] > 0.5
    assert ev.kernel_share[0, 0] < ev.kernel_share[0, 1] <= ev.kernel_share[0, 2] <= 1.0
    # what bench/energy_accuracy.py reads gives the same figures
    share, mem, comp = step_power_inputs(
        catalog, model=LLAMA8, hardware=H100, gpus=1, input_tokens=256, output_tokens=400, concurrency=8
    )
    assert_allclose((share, mem, comp), (ev.kernel_share[0, 0], ev.mem_share[0, 0], ev.comp_share[0, 0]))


def test_override_keeps_the_model_before(catalog):
    """busy_power_fraction set: busy = that share of TDP, drawn the share of a step in kernels k (the
    model before, what projects saved with it keep); unset (the default): TDP and the step's share s."""
    batch = np.array([8.0])
    new, old = _ev(catalog, batch), _ev(catalog, batch, Assumptions(busy_power_fraction=0.54))
    k = (old.step[0, 0] - old.step_comm[0, 0] - old.features.step_overhead_s[0]) / old.step[0, 0]
    assert_allclose(old.kernel_share[0, 0], k, rtol=1e-12)
    assert new.kernel_share[0, 0] != pytest.approx(old.kernel_share[0, 0])
    inst = catalog.instance(DGX)
    acc = catalog.accelerator(inst.accelerator)
    assert node_power_model(inst, acc, Assumptions(), catalog).busy_w == 700.0
    assert node_power_model(inst, acc, Assumptions(busy_power_fraction=0.54), catalog).busy_w == pytest.approx(378.0)


def test_a_scenario_saved_with_the_old_default_still_loads_and_keeps_it(catalog):
    """Projects and files saved before 2026-12-01 carry busy_power_fraction 0.54: they load, and size
    with it (their figures do not move under the user); a scenario without it takes the step model."""
    data = {
        "name": "Saved in November",
        "workload": {
            "name": "Chat",
            "category": "inference_api",
            "traffic": {"requests_per_s": 1.0},
            "tokens": {"input_tokens": 1000, "output_tokens": 200},
            "sla": {"ttft_p95_ms": 2000},
        },
        "candidates": {"models": [LLAMA8], "hardware": [DGX], "precisions": ["bf16"]},
        "assumptions": {"busy_power_fraction": 0.54, "pue": 1.4},
    }
    saved = parse(Scenario, data)
    assert saved.assumptions.busy_power_fraction == 0.54
    fresh = parse(Scenario, {**data, "assumptions": {"pue": 1.4}})
    assert fresh.assumptions.busy_power_fraction is None
    # round trip through the JSON the project file stores
    again = parse(Scenario, saved.model_dump(mode="json"))
    assert again.assumptions.busy_power_fraction == 0.54
