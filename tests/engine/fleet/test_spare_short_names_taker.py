"""A serving workload short of its N + 1 spare because a less important job holds the GPUs says so (tcli6 N31).

One 8-GPU node (Lambda 8x H100), a chatbot at 1 req/s with availability 99.9 % (N + 1: 1 replica + 1 spare
of 1 GPU each, 2 GPUs every hour) and a LoRA training run (1-GPU gangs, up to 8 at once, 7.214 GPU-h by
hand: 4 x 8.03e9 x 4e8 / (989.4e12 x 0.5) / 3600) allowed only 00:00-01:00 on Monday. In that hour the
8 GPUs hold the chatbot's replica + the run's gangs; the spare has no GPU left (8 - 1 = 7 gangs < 7.214:
the run does not finish either). The note said "1 short (no room)", as if the node were full of more
important work; it now names the training run that holds the room, and what to do."""

from __future__ import annotations

import pytest
from fleet_helpers import EIGHT_GPU, plan, portfolio, serving


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
        "schedule": {"window": "00:00-01:00", "recurrence": "weekly"},
    }


@pytest.mark.parametrize("method", ["greedy", "milp"])
def test_spare_short_note_names_the_training_run(catalog, method):
    chat = serving("Chat", 1.0)
    chat["workload"]["sla"]["availability"] = 0.999
    pf = portfolio([chat, _lora()], [{"name": "L", "instance": EIGHT_GPU, "nodes": 1}])
    fp = plan(pf, catalog, method=method, failures=False, compare=False)
    c = next(u for u in fp.units if u.name == "Chat")
    lora = next(u for u in fp.units if u.name == "LoRA")
    assert c.replicas_by_hour["L"][1] == 2  # replica + spare outside the run's hour
    short = [h for h in range(168) if c.spare_replicas_by_hour["L"][h] < 1 and c.demand_rps_by_hour[h] > 0]
    assert short == [0]
    assert lora.replicas_by_hour["L"][0] == 7
    assert lora.run_done_share[0] == pytest.approx(7 / (4 * 8.03e9 * 4e8 / (989.4e12 * 0.5) / 3600), rel=0.01)
    note = next(n for n in fp.notes if n.startswith("Chat: SLA availability"))
    assert "1 short" in note
    assert "no room" not in note
    assert "LoRA (training)" in note
    assert "Mon 00:00" in note
