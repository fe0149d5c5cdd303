"""`archwise size` on a LoRA fine-tuning run written from scratch (issue 12): the verdict, table,
strategy and avoid-list speak of the training run (memory per GPU for the method, GPU-hours,
time to train, cost per run), not of serving latencies; a one-off run on dedicated on-prem
hardware says it carries the hardware's whole month."""

from __future__ import annotations

import pytest
import yaml

from app.cli import main

GIB = 1024.0**3
LORA = {
    "name": "Support LoRA",
    "workload": {
        "name": "Support-reply LoRA",
        "category": "fine_tuning",
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "fine_tuning": {"method": "lora", "dataset_tokens": 1.0e8, "epochs": 1, "lora_rank": 16},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["RunPod 1x H100 SXM", "On-prem 8x H100 SXM (DGX H100)"],
        "precisions": ["bf16"],
    },
}

# Hand calculation, Llama-3.1-8B (8.03 B params, 32 layers, hidden 4096, MLP 14336), LoRA r=16:
# FLOPs = 4 x 8.03e9 x 1e8 tokens = 3.212e18; H100 BF16 989 TFLOP/s at the Hopper class's 50% MFU
# -> 3.212e18 / 4.945e14 / 3600 = 1.8043 GPU-hours, $3.99/h x 1.8043 = $7.20 on RunPod.
GPU_HOURS = 4 * 8.03e9 * 1e8 / (989e12 * 0.50) / 3600
# Memory: BF16 base 2 B x 8.03e9 + adapters 32 x 7 x 16 x (4096 + 14336) params x 16 B (AdamW state)
# + activations 4096 tokens x 4096 x (2 x 32 + 34) B (gradient checkpointing) = 17.47 GiB on 1 GPU.
MEMORY_GIB = (8.03e9 * 2 + 32 * 7 * 16 * (4096 + 14336) * 16 + 4096 * 4096 * (2 * 32 + 34)) / GIB


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    folder = tmp_path_factory.mktemp("training_cli")
    project = folder / "cli.archwise"
    scenario = folder / "lora.yaml"
    scenario.write_text(yaml.safe_dump(LORA), encoding="utf-8")
    return str(scenario), str(project)


def test_the_verdict_and_strategy_talk_about_the_training_run(capsys, output):
    scenario, project = output
    assert main(["size", scenario, "--project", project]) == 0
    text = capsys.readouterr().out
    verdict = next(line for line in text.splitlines() if line.startswith("Verdict"))
    assert "training run" in verdict and "RunPod 1x H100 SXM" in verdict
    assert f"{MEMORY_GIB:,.1f} GiB per GPU" in verdict
    assert f"{GPU_HOURS:,.1f} GPU-hours" in verdict and f"about {GPU_HOURS:,.1f} h to train" in verdict
    assert f"${3.99 * GPU_HOURS:,.0f}/run" in verdict
    assert "TTFT" not in verdict and "TPOT" not in verdict and "replica" not in verdict
    strategy = text.split("Strategy:")[1].split("Avoid:")[0]
    assert "Serve with" not in strategy and "max_num_seqs" not in strategy and "replica" not in strategy
    assert f"{GPU_HOURS:,.1f} GPU-hours" in strategy
    table = text.split("Options (")[1].split("Strategy:")[0]
    assert "GPU-hours" in table and "TTFT" not in table and "TPOT" not in table


def test_a_one_off_run_on_dedicated_on_prem_hardware_says_it_carries_the_month(capsys, output):
    scenario, project = output
    assert main(["size", scenario, "--project", project]) == 0
    text = capsys.readouterr().out
    onprem = [line for line in text.splitlines() if "On-prem 8x H100" in line and "$" in line]
    assert any("charged their whole month" in line and "set on_prem_share" in line for line in onprem), text
