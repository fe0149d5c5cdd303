"""Each benchmark tool's real sample file imports with the tool's own figures (see
tests/data/measurements/README.md for where each file comes from); bad files get one line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.domain import DomainError, Precision
from app.store.measurements import parse_text, read_runs

DATA = Path(__file__).resolve().parent.parent / "data" / "measurements"


def one(name: str):
    runs = read_runs(DATA / name)
    assert len(runs) == 1
    return runs[0]


def test_vllm_save_result_json():
    r = one("vllm_bench_serve_l40s_llama3b_10qps.json")
    assert r.source_format == "vllm"
    assert (r.model, r.runtime, r.accelerator) == ("Llama-3.2-3B-Instruct", "vLLM", "NVIDIA L40S")
    assert r.measured_on == dt.date(2025, 5, 30)
    assert r.input_tokens == pytest.approx(299700 / 300)
    assert r.output_tokens == pytest.approx(81050 / 300)
    assert (r.load, r.rate_rps) == ("rate", 10.0)
    assert r.ttft_ms == pytest.approx(54.577085783294024)
    assert r.tpot_ms == pytest.approx(13.577995860227945)
    assert r.output_tokens_per_s == pytest.approx(2249.247363167692)
    # "4xNVIDIA_L40S" behind a gateway: four replicas or one TP4 server? Not guessed: asked.
    assert r.gpus is None and "gpus" in r.missing() and "precision" in r.missing()


def test_sglang_bench_serving_jsonl():
    r = one("sglang_bench_serving.jsonl")
    assert (r.source_format, r.runtime) == ("sglang", "SGLang")
    # a 5 req/s Poisson rate with a concurrency cap of 256 beside it: the rate paces the run
    assert (r.load, r.rate_rps, r.concurrency) == ("rate", 5.0, None)
    assert r.input_tokens == pytest.approx(302118 / 1000)
    assert r.ttft_ms == pytest.approx(91.69221715730964)
    assert r.tpot_ms == pytest.approx(11.808901276564441)
    assert r.output_tokens_per_s == pytest.approx(957.162043188693)
    assert {"model", "accelerator", "gpus", "precision"} <= set(r.missing())


def test_aiperf_json():
    r = one("aiperf_profile_export_aiperf.json")
    assert (r.source_format, r.model) == ("aiperf", "gpt-oss-20b")
    assert r.accelerator == "NVIDIA RTX 6000 Ada Generation"  # from the GPU telemetry
    assert (r.load, r.concurrency) == ("concurrency", 100.0)
    assert r.input_tokens == pytest.approx(110000 / 200)
    assert r.output_tokens == pytest.approx(96.85)
    assert r.ttft_ms == pytest.approx(1588.797775365)
    # total_osl / benchmark_duration, the figure the CSV export of the same run prints (1274.63)
    assert r.output_tokens_per_s == pytest.approx(19370.0 / 15.196591969000002)
    assert r.output_tokens_per_s == pytest.approx(1274.63, abs=0.01)


def test_genai_perf_json():
    r = one("genai_perf_profile_export_genai_perf.json")
    assert (r.source_format, r.model, r.runtime) == ("aiperf", "ensemble", "TensorRT-LLM")
    assert (r.load, r.concurrency) == ("concurrency", 100.0)
    assert (r.input_tokens, r.output_tokens) == (200.85, 2565.855)
    assert r.ttft_ms == pytest.approx(184.63779366666665)
    assert r.tpot_ms == pytest.approx(2.1767344516666665)
    assert r.output_tokens_per_s == pytest.approx(44190.56002502682)


def test_genai_perf_legacy_json_in_ns():
    r = one("genai_perf_legacy_ns.json")
    assert (r.model, r.runtime, r.concurrency) == ("gpt2_vllm", "vLLM", 1.0)
    assert r.ttft_ms == pytest.approx(20.75777122095672)  # 20,757,771 ns
    assert r.tpot_ms == pytest.approx(3.8601011100274306)
    assert (r.input_tokens, r.output_tokens) == (pytest.approx(550.0523917995445), pytest.approx(17.763097949886106))
    assert r.output_tokens_per_s == pytest.approx(217.1010500160076)


def test_unknown_latency_unit_is_refused():
    with pytest.raises(DomainError, match=r"^x.json: time_to_first_token is in 'fortnights'"):
        parse_text('{"time_to_first_token": {"unit": "fortnights", "avg": 3}}', "x.json")


def test_aiperf_csv():
    r = one("aiperf_profile_export_aiperf.csv")
    assert r.source_format == "aiperf-csv"
    assert (r.ttft_ms, r.tpot_ms, r.output_tokens_per_s, r.output_tokens) == (1588.80, 51.76, 1274.63, 96.85)
    assert {"model", "accelerator", "load", "input_tokens"} <= set(r.missing())


def test_trtllm_bench_report():
    r = one("trtllm_bench_throughput.txt")
    assert (r.model, r.runtime, r.precision) == ("Llama-3.1-8B", "TensorRT-LLM", Precision.FP8)
    assert (r.gpus, r.tensor_parallel, r.load, r.max_batch) == (1, 1, "offline", 4096)
    assert (r.input_tokens, r.output_tokens) == (128.0, 128.0)
    assert r.output_tokens_per_s == pytest.approx(28390.4265)
    assert r.missing() == ["accelerator"]  # the report does not name the GPU


@pytest.mark.parametrize("name", ["llama_bench.json", "llama_bench.csv"])
def test_llama_bench(name):
    pp, tg = read_runs(DATA / name)
    for r in (pp, tg):
        assert (r.model, r.accelerator, r.runtime) == (
            "Qwen2.5-7B-Instruct-Q4_K_M",
            "NVIDIA GeForce RTX 4080",
            "llama.cpp",
        )
        assert r.precision is Precision.Q4_K_M  # "qwen2 7B Q4_K - Medium"
        assert (r.load, r.concurrency) == ("concurrency", 1.0)
    avg_pp, avg_tg = (7100.002165, 118.881588) if name.endswith("json") else (7285.676949, 119.915244)
    assert pp.input_tokens == 512 and pp.ttft_ms == pytest.approx(512 / avg_pp * 1e3)  # 72.1 ms
    assert tg.output_tokens == 128 and tg.tpot_ms == pytest.approx(1e3 / avg_tg)  # 8.41 ms
    assert pp.missing() == ["gpus"]


def test_llmperf_summary():
    r = one("llmperf_summary.json")
    assert (r.model, r.load, r.concurrency) == ("TinyLlama-1.1B-Chat-v1.0", "concurrency", 5.0)
    assert r.ttft_ms == pytest.approx(253.82229144015583)
    # LLMPerf's inter-token latency includes the TTFT: TPOT = (e2e - TTFT) / (out - 1)
    assert r.tpot_ms == pytest.approx((1.1840654935201018 - 0.25382229144015583) / (99.44 - 1) * 1e3)
    assert r.output_tokens_per_s == pytest.approx(335.40081105324157)


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("llama 7B mostly Q4_0", Precision.Q4_0),
        ("qwen2 7B Q5_K - Medium", Precision.Q5_K_M),
        ("models/x-Q8_0.gguf", Precision.Q8_0),
        ("gpt-oss 20B MXFP4 MoE", Precision.MXFP4),
        ("llama 8B Q6_K", None),
    ],
)
def test_gguf_types(text, fmt):
    from app.store.measurements.names import precision_of

    got, note = precision_of(text)
    assert got is fmt
    assert bool(note) == (fmt is None)


def test_plain_csv():
    a, b = read_runs(DATA / "plain.csv")
    assert a.missing() == [] and b.missing() == []
    assert (a.load, a.rate_rps, b.load, b.concurrency) == ("rate", 2.5, "concurrency", 16.0)
    assert a.output_tokens_per_s == 562.3
    assert (b.tpot_ms, b.ttft_ms) == (14.1, None)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ('{"x": 1}', "none of the known benchmark tools"),
        ("{not json", "not valid JSON"),
        ("hello,world\n1,2\n", "not a result file Archwise reads"),
        ("model,gpu_count\nA,1\n", "unknown column(s) gpu_count"),
    ],
)
def test_bad_files_get_one_clear_line(text, says):
    with pytest.raises(DomainError) as err:
        parse_text(text, "bad.json")
    msg = str(err.value)
    assert says in msg and "\n" not in msg


def test_unreadable_and_binary_files(tmp_path):
    with pytest.raises(DomainError, match="cannot be read"):
        read_runs(tmp_path / "missing.json")
    blob = tmp_path / "blob.json"
    blob.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DomainError, match="not a text file"):
        read_runs(blob)
