"""A training run that cannot hold one micro-batch, or whose sequences are longer than the model's
context, is refused with its reason (GUI tester tgui6 D17: a 1e9-token sequence was "Feasible,
$6/run" on 17,179,869,184 GPUs holding 373,840 GiB each).

Llama-3.1-8B (32 layers, hidden 4096, context 131,072) on an H100 SXM (80 GiB): activations per GPU
with gradient checkpointing = seq x micro-batch x hidden x (2 x layers + 34) bytes; usable memory
= 80 GiB x 0.9 - 1.5 GiB = 70.5 GiB.
    seq 4,096 x 1:   4,096 x 4,096 x 98 B = 1.531 GiB: fits, runs.
    seq 65,536 x 8:  524,288 x 4,096 x 98 B = 196.0 GiB > 70.5: no GPU count holds it.
    seq 1e9: longer than the 131,072-token context (and 373,840 GiB of activations)."""

from __future__ import annotations

import pytest
import yaml

from app.domain import Scenario, parse
from app.engine import size

BLANK = """
name: Library helpdesk LoRA
workload:
  name: Helpdesk LoRA
  category: fine_tuning
  tokens: {input_tokens: 1000, output_tokens: 200}
  fine_tuning:
    {method: lora, dataset_tokens: 5.0e7, epochs: 1, lora_rank: 16, sequence_length: SEQ, micro_batch_size: MB}
candidates:
  models: [Llama-3.1-8B-Instruct]
  hardware: [RunPod 1x H100 SXM, Lambda 8x H100 SXM]
  precisions: [bf16]
"""
GIB = 2**30
USABLE = 80 * 0.9 - 1.5


def run(catalog, seq, mb):
    text = BLANK.replace("SEQ", str(seq)).replace("MB", str(mb))
    return size(parse(Scenario, yaml.safe_load(text)), catalog)


def test_a_run_that_fits_is_feasible(catalog):
    z = run(catalog, 4096, 1)
    assert z.feasible and z.recommended is not None
    assert all(not any(v.constraint in ("context", "memory") for v in o.violations) for o in z.options if o.feasible)


def test_activations_above_a_gpu_are_refused_whatever_the_gpu_count(catalog):
    z = run(catalog, 65536, 8)
    act = 65536 * 8 * 4096 * (2 * 32 + 34) / GIB
    assert act == pytest.approx(196.0, abs=0.05)
    assert not z.feasible and z.recommended is None
    memory = next(b for b in z.binding_constraints if b.constraint == "memory")
    assert memory.required == pytest.approx(act, rel=1e-9)
    assert memory.available == pytest.approx(USABLE, rel=1e-9)
    assert "sharding the state over more GPUs does not shrink them" in memory.detail
    assert all(not o.feasible for o in z.options)
    assert all(o.train_state_gpus == 1 for o in z.options)  # never 2**34 GPUs


def test_a_sequence_past_the_context_is_refused_in_words(catalog):
    z = run(catalog, 1_000_000_000, 1)
    assert not z.feasible and z.recommended is None
    context = next(b for b in z.binding_constraints if b.constraint == "context")
    assert (context.required, context.available) == (1e9, 131072.0)
    assert "longer than Llama-3.1-8B-Instruct's context of 131,072 tokens" in context.detail
    assert "context" in (z.error or "").casefold()
