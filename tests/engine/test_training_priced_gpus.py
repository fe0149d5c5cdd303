"""A training option's GPUs and hours are the ones its price pays for (CLI review finding 13).

LoRA r=16 on Qwen2.5-14B-Instruct, 2e8 tokens x 2 epochs. By hand:
    GPU-hours = 4 x 14.77e9 x 4e8 / (989.4e12 x 0.50 MFU) / 3600 = 13.2695 GPU-h
    Lambda 8x H100 SXM: the run holds the whole node, so 8 GPUs x 13.2695 / 8 = 1.6587 h;
        billed per minute: ceil(99.52) = 100 min x $31.92 / 60 = $53.20
    RunPod 1x H100 SXM on 2 pods: 2 GPUs x 6.635 h.
Before, every option said 1 GPU for 13.27 h while the 8-GPU node was priced for 1.66 h."""

from __future__ import annotations

import pytest
import yaml

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = """
name: HM claims-notes LoRA
workload:
  name: Claims notes LoRA
  category: fine_tuning
  tokens: {input_tokens: 1500, output_tokens: 200}
  fine_tuning: {method: lora, dataset_tokens: 2.0e8, epochs: 2, lora_rank: 16}
candidates:
  models: [Qwen2.5-14B-Instruct]
  hardware: [RunPod 1x H100 SXM, Lambda 8x H100 SXM]
  precisions: [bf16]
"""
GPU_H = 4 * 14.77e9 * 4e8 / (989.4e12 * 0.5) / 3600


def test_training_figures_describe_the_gpus_priced(catalog):
    sz = size(parse(Scenario, yaml.safe_load(SCENARIO)), catalog)
    assert abs(GPU_H - 13.2695) < 1e-3
    lam = next(o for o in sz.options if o.hardware == "Lambda 8x H100 SXM" and o.gpus == 1)
    assert lam.train_gpu_hours == pytest.approx(GPU_H, rel=1e-4)
    assert lam.train_gpus == 8
    assert lam.train_hours == pytest.approx(GPU_H / 8, rel=1e-4)
    assert lam.cost_per_run_usd == pytest.approx(100 * 31.92 / 60, abs=0.01)
    two = next(o for o in sz.options if o.hardware == "RunPod 1x H100 SXM" and o.gpus == 2)
    assert two.train_gpus == 2 and two.train_hours == pytest.approx(GPU_H / 2, rel=1e-4)
    one = next(o for o in sz.options if o.hardware == "RunPod 1x H100 SXM" and o.gpus == 1)
    assert one.train_gpus == 1 and one.train_hours == pytest.approx(GPU_H, rel=1e-4)
    # GPU-hours are conserved: GPUs x hours is the same run whichever the option
    for o in sz.options:
        if o.train_gpus:
            assert o.train_gpus * o.train_hours == pytest.approx(GPU_H, rel=1e-4)
