"""The benchmark runs that would confirm a sizing (issue 21, "close the loop"): `vllm bench serve`
and `genai-perf profile` command lines with the scenario's prompt and output lengths, a concurrency
sweep and its peak request rate, whose result files `archwise calibrate` reads back.

The lengths: vLLM's random dataset draws each length uniformly from [mean x (1 - r), mean x (1 + r)]
(`--random-range-ratio r`), whose 95th percentile is mean x (1 + 0.9 r), so r = (p95 / mean - 1) / 0.9
(capped at 0.95; 0 when the scenario gives no p95). GenAI-Perf draws normally: its standard deviation
is (p95 - mean) / 1.645. Both use the input ratio for the output too when only the input's p95 is
known. The sweep: concurrency 1, 2, 4, ... up to the peak rate x the SLA's end-to-end time (Little's
law, at least 8, at most 512; 64 when the SLA gives no time), then the peak rate itself and half of it.
"""

from __future__ import annotations

import math
import shlex
from dataclasses import dataclass, field

from app.domain import Precision, Scenario

MAX_RANGE_RATIO = 0.95
Z95 = 1.645  # standard normal 95th percentile


@dataclass(frozen=True)
class Target:
    """The configuration to benchmark: as the calibration will name it."""

    model: str
    accelerator: str
    gpus: int
    precision: Precision
    runtime: str = "vLLM"
    tensor_parallel: int | None = None


@dataclass
class BenchPlan:
    concurrencies: list[int]
    rates_rps: list[float]
    vllm: list[str] = field(default_factory=list)
    genai_perf: list[str] = field(default_factory=list)
    calibrate: str = ""

    def script(self) -> str:
        """The plan as a shell script, with what each block is for."""
        lines = [
            "#!/bin/sh",
            "# Benchmark plan written by Archwise: run against your server, then import the results.",
            "# --model below is the catalog's name: put the name your server serves it under.",
            "",
            "# vLLM client (vllm bench serve), closed loop then Poisson arrivals at the scenario's peak rate",
            *self.vllm,
            "",
            "# or NVIDIA GenAI-Perf / AIPerf (same sweep, closed loop)",
            *self.genai_perf,
            "",
            "# then fit the efficiency factors to the results",
            self.calibrate,
            "",
        ]
        return "\n".join(lines)


def _ratio(mean: int, p95: int | None) -> float:
    """vLLM's --random-range-ratio whose uniform draw has the given mean and p95."""
    if not p95 or p95 <= mean:
        return 0.0
    return round(min((p95 / mean - 1.0) / 0.9, MAX_RANGE_RATIO), 3)


def _stddev(mean: int, p95: int | None) -> int:
    """GenAI-Perf's --*-tokens-stddev whose normal draw has the given mean and p95 [tokens]."""
    return 0 if not p95 or p95 <= mean else int(round((p95 - mean) / Z95))


def concurrency_sweep(peak_rps: float, e2e_s: float | None) -> list[int]:
    """1, 2, 4, ... up to peak rate x end-to-end time (Little's law), at least 8, at most 512."""
    top = 64 if e2e_s is None else min(max(peak_rps * e2e_s, 8.0), 512.0)
    return [2**k for k in range(int(math.ceil(math.log2(top))) + 1)]


def plan(scenario: Scenario, target: Target) -> BenchPlan:
    """The commands that measure `target` under `scenario`'s load."""
    wl = scenario.workload
    tok, sla = wl.tokens, wl.sla
    peak = wl.traffic.requests_per_s * wl.traffic.peak_to_mean if wl.traffic else None
    e2e_s = None
    if sla.e2e_p95_ms:
        e2e_s = sla.e2e_p95_ms / 1e3
    elif sla.ttft_p95_ms and sla.tpot_p95_ms:
        e2e_s = (sla.ttft_p95_ms + tok.output_tokens * sla.tpot_p95_ms) / 1e3
    concs = concurrency_sweep(peak or 1.0, e2e_s)
    rates = [round(peak / 2, 4), round(peak, 4)] if peak else []
    tp = target.tensor_parallel or target.gpus
    r_in = _ratio(tok.input_tokens, tok.input_tokens_p95)
    r = max(r_in, _ratio(tok.output_tokens, tok.output_tokens_p95))
    sd_in = _stddev(tok.input_tokens, tok.input_tokens_p95)
    sd_out = _stddev(tok.output_tokens, tok.output_tokens_p95) or (
        int(round(tok.output_tokens * sd_in / tok.input_tokens)) if sd_in else 0
    )
    meta = [
        f"archwise_model={target.model}",
        f"accelerator={target.accelerator}",
        f"tensor_parallel_size={tp}",
        f"precision={target.precision.value}",
        f"runtime={target.runtime}",
    ]
    slug = "".join(c if c.isalnum() else "-" for c in scenario.name.casefold()).strip("-")[:40] or "scenario"
    q = shlex.quote
    out = BenchPlan(concurrencies=concs, rates_rps=rates)
    common = (
        f"vllm bench serve --backend vllm --model {q(target.model)} --dataset-name random "
        f"--random-input-len {tok.input_tokens} --random-output-len {tok.output_tokens} "
        f"--random-range-ratio {r:g} --ignore-eos --save-result --metadata {' '.join(q(m) for m in meta)}"
    )
    for c in concs:
        out.vllm.append(
            f"{common} --num-prompts {max(200, 10 * c)} --request-rate inf --max-concurrency {c} "
            f"--result-filename {q(f'archwise-{slug}-c{c}.json')}"
        )
    for rate in rates:
        out.vllm.append(
            f"{common} --num-prompts {max(200, int(rate * 120))} --request-rate {rate:g} "
            f"--result-filename {q(f'archwise-{slug}-r{rate:g}.json')}"
        )
    for c in concs:
        out.genai_perf.append(
            f"genai-perf profile -m {q(target.model)} --endpoint-type chat --streaming "
            f"--synthetic-input-tokens-mean {tok.input_tokens} --synthetic-input-tokens-stddev {sd_in} "
            f"--output-tokens-mean {tok.output_tokens} --output-tokens-stddev {sd_out} "
            f"--concurrency {c} --request-count {max(200, 10 * c)} "
            f"--profile-export-file {q(f'archwise-{slug}-genai-perf-c{c}.json')}"
        )
    context = (
        f"--model {q(target.model)} --accelerator {q(target.accelerator)} --gpus {target.gpus} --tp {tp} "
        f"--precision {target.precision.value} --runtime {q(target.runtime)}"
    )
    out.calibrate = (
        f"archwise calibrate archwise-{slug}-c*.json archwise-{slug}-r*.json --apply\n"
        "# GenAI-Perf: its *_genai_perf.json summaries (artifacts folder) do not name the device\n"
        f"# archwise calibrate artifacts/*/archwise-{slug}-genai-perf-c*_genai_perf.json {context} --apply"
    )
    return out


__all__ = ["BenchPlan", "Target", "concurrency_sweep", "plan"]
