"""A value a result file gives that is not a finite number in its documented range is never used:
before, 1e300 was fitted, -36 and NaN were silently dropped, max_concurrency "four" was silently
read as an offline run and a CSV with gpus "one" imported as 1 run. Every reader keeps the good
rows and values and says the bad ones (test_bad_cells_kept.py, test_bad_values_kept_json.py); a
file is refused, with one line naming the file, where and the file's own key, only when no figure
is left (below), or for a trtllm-bench report's bad value."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from app.domain import DomainError
from app.store.measurements import parse_text, read_runs

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "measurements"
VLLM = json.loads((DATA / "vllm_l40s_llama8b_c4.json").read_text())


def vllm(**changes: object) -> str:
    return json.dumps({**VLLM, **changes})


PLAIN = "model,accelerator,gpus,ttft_ms,tpot_ms,concurrency\n"
AIPERF_CSV = "Metric,avg,min,max\nTime To First Token (ms),{ttft},1,2\nInter Token Latency (ms),12,1,2\n"
TRT = (DATA / "trtllm_bench_throughput.txt").read_text()


def edited(name: str, key: str, value: object) -> str:
    return json.dumps({**json.loads((DATA / name).read_text()), key: value})


AIPERF, LEGACY, LLMPERF = "aiperf_profile_export_aiperf.json", "genai_perf_legacy_ns.json", "llmperf_summary.json"


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        (
            "c_all.json",
            vllm(mean_ttft_ms=-1, mean_tpot_ms="n/a", output_throughput=math.nan),
            "c_all.json: row 1: mean_ttft_ms -1 must be > 0; mean_tpot_ms 'n/a' is not a number; "
            "output_throughput nan is not a finite number (no usable figure)",
        ),
        (
            "b.csv",
            PLAIN + "Llama-3.1-8B-Instruct,NVIDIA L40S,one,abc,-5,4\n",
            "b.csv: line 2: gpus 'one' is not a number",
        ),
        (
            "lp.json",
            json.dumps(
                {
                    **json.loads((DATA / LLMPERF).read_text()),
                    "results_ttft_s_mean": "abc",
                    "results_mean_output_throughput_token_per_s": -1,
                }
            ),
            "lp.json: row 1: results_ttft_s_mean 'abc' is not a number; "
            "results_mean_output_throughput_token_per_s -1 must be > 0 (no usable figure)",
        ),
        (
            "t.txt",
            TRT.replace("Average Output Length (tokens): 128.0000", "Average Output Length (tokens): -128"),
            "t.txt: PERFORMANCE OVERVIEW: output_tokens -128 must be > 0",
        ),
    ],
)
def test_bad_values_refuse_the_file(name, text, says):
    with pytest.raises(DomainError) as err:
        parse_text(text, name)
    msg = str(err.value)
    assert says in msg and "\n" not in msg


def test_good_values_still_read():
    (run,) = parse_text(vllm(), "ok.json")
    assert (run.ttft_ms, run.tpot_ms, run.concurrency) == (150.0, 36.0, 4.0)
    (zero,) = parse_text(vllm(mean_tpot_ms=0), "one_token.json")  # vLLM's TPOT when outputs are 1 token
    assert zero.tpot_ms is None
    (offline,) = parse_text(vllm(max_concurrency=None, request_rate="inf"), "off.json")
    assert offline.load == "offline"
    assert len(read_runs(DATA / "plain.csv")) == 2
