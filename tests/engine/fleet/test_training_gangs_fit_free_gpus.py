"""A training run in a fleet trains on the GPUs that are free, in gangs that hold its state (tcli6 N16, N17).

LoRA r=16 of Llama-3.1-8B-Instruct, 2e8 tokens x 2 epochs, on H100 SXM (BF16 989.4 TFLOPS, MFU 0.50). By hand:
    GPU-hours = 4 x 8.03e9 x 4e8 / (989.4e12 x 0.50) / 3600 = 7.214 GPU-h; its state fits 1 GPU.
`size` prices it on a whole 8-GPU node: 8 GPUs x 0.90 h. A chatbot holds a replica (and its spare) on the
same single node in every hour, so a rigid 8-GPU unit never fits in the 00:00-06:00 window and the run
was "Not feasible, 0 % done" (greedy), while the MILP preempted the interactive chatbot to run it.
Now the run is data-parallel in 1-GPU gangs, up to 8 at once: 7.214 gang-hours per run, at most
8 - chatbot GPUs per hour, finished within the window in both methods, the chatbot served every hour."""

from __future__ import annotations

import math

import pytest
from fleet_helpers import EIGHT_GPU, plan, portfolio, serving

GPU_H = 4 * 8.03e9 * 4e8 / (989.4e12 * 0.5) / 3600


def _lora() -> dict:
    return {
        "name": "LoRA",
        "workload": {
            "name": "LoRA",
            "category": "fine_tuning",
            "tokens": {"input_tokens": 1500, "output_tokens": 300},
            "fine_tuning": {"method": "lora", "dataset_tokens": 2.0e8, "epochs": 2, "lora_rank": 16},
        },
        "candidates": {"models": ["Llama-3.1-8B-Instruct"], "precisions": ["bf16"]},
        "priority": "training",
        "team": "ml",
        "schedule": {"window": "00:00-06:00", "recurrence": "weekly"},
    }


@pytest.mark.parametrize("method", ["greedy", "milp"])
def test_lora_trains_on_the_free_gpus(catalog, method):
    assert pytest.approx(7.214, abs=1e-3) == GPU_H
    pf = portfolio([serving("Chat", 1.0), _lora()], [{"name": "L", "instance": EIGHT_GPU, "nodes": 1}])
    fp = plan(pf, catalog, method=method)
    spec = next(s for s in fp.replica_specs if s.unit == "LoRA")
    assert spec.gpus == 1  # the gang: the GPUs that hold its state
    assert spec.unit_hours_per_run == pytest.approx(GPU_H, rel=1e-3)
    assert spec.max_gangs == 8  # the 8 GPUs `size` prices it on
    lora = next(u for u in fp.units if u.name == "LoRA")
    chat = next(u for u in fp.units if u.name == "Chat")
    assert lora.run_done_share == [pytest.approx(1.0)]
    assert fp.feasible
    # the chatbot (interactive) is never displaced by the training run
    assert max(chat.unmet_rps_by_hour) == 0.0
    gangs = lora.replicas_by_hour["L"]
    chat_gpus = chat.gpus_by_hour
    window = lora.run_hours[0]
    assert sum(gangs[h] for h in window) >= GPU_H - 1e-6  # the work done: 7.214 gang-hours of 1 GPU
    assert sum(gangs[h] for h in window) <= math.ceil(GPU_H) + len(window)
    for h in window:
        assert gangs[h] + chat_gpus[h] <= 8 + 1e-9
    assert sum(gangs) == sum(gangs[h] for h in window)  # nothing outside its window
