"""The benchmark runs that would confirm a sizing (issue 21, "close the loop"): the recommended
runtime's own client (`vllm bench serve`; `python -m sglang.bench_serving` for SGLang;
`trtllm-bench` for TensorRT-LLM; `llama-bench` for llama.cpp) and `genai-perf profile` against its
OpenAI-compatible server (vllm serve, SGLang, trtllm-serve, llama-server), command lines with the
scenario's prompt and output lengths, a concurrency sweep and its peak request rate, whose result
files `archwise calibrate` reads back.

The lengths: vLLM's random dataset draws each length uniformly from [mean x (1 - r), mean x (1 + r)]
(`--random-range-ratio r`), whose 95th percentile is mean x (1 + 0.9 r), so r = (p95 / mean - 1) / 0.9
(capped at 0.95; 0 when the scenario gives no p95). GenAI-Perf draws normally: its standard deviation
is (p95 - mean) / 1.645. Both use the input ratio for the output too when only the input's p95 is
known. The sweep: concurrency 1, 2, 4, ... up to the peak rate x the SLA's end-to-end time (Little's
law, at least 8, at most 512; 64 when the SLA gives no time; an agent's end-to-end SLA is per task,
so per call it is (SLA - calls x tool time) / calls), then the peak rate itself and half of it. A
batch job (no arrival rate: its work and deadline) adds one offline run, every request at once, the
load its sizing assumes (the replica's steady-state rate at the batch that fits), and no rate runs.

A shared prefix the sizing counts as cached (shared_prefix_tokens x prefix_cache_hit_ratio > 0) is
measured with prompts that repeat prefixes, so a share h of the requests finds theirs cached: N
requests over K = max(1, round(N x (1 - h))) distinct prefixes of the shared length (each prefix
misses once, then hits), the rest of the prompt fresh. vLLM: --dataset-name prefix_repetition
(--prefix-repetition-prefix-len / -suffix-len / -num-prefixes / -output-len; lengths fixed at the
means); SGLang: --dataset-name generated-shared-prefix (--gsp-num-groups K, --gsp-prompts-per-group
N / K); GenAI-Perf: --num-prefix-prompts K --prefix-prompt-length P with the fresh part as the
synthetic input. trtllm-bench's dataset and llama-bench draw every prompt fresh: the plan says so.
Flags: https://docs.vllm.ai/en/latest/cli/bench/serve/ (dataset choices incl. prefix_repetition),
SGLang bench_serving's generated-shared-prefix options, GenAI-Perf's "Prefix Prompt" options
(read 2026-11-30).
"""

from __future__ import annotations

import math
import shlex
from dataclasses import dataclass, field

from app.domain import Category, Precision, Scenario, Tokens

MAX_RANGE_RATIO = 0.95
Z95 = 1.645  # standard normal 95th percentile
# An offline run's requests: enough for the batch to fill and hold most of the run (the engine's
# offline cap is 2,048 sequences, app.engine.calibration.OFFLINE_MAX_BATCH), never more than the job's.
OFFLINE_PROMPTS = 4000


@dataclass(frozen=True)
class Target:
    """The configuration to benchmark: as the calibration will name it."""

    model: str
    accelerator: str
    gpus: int
    precision: Precision
    runtime: str = "vLLM"
    tensor_parallel: int | None = None
    pipeline_parallel: int = 1  # pipeline stages per replica (gpus = tensor_parallel x pipeline_parallel)
    # Replicas serving the scenario's peak (spares left out), when the configuration is a sized option:
    # one server is benchmarked, so its runs use the peak rate / replicas (CLI review finding 17)
    replicas: int | None = None


@dataclass
class BenchPlan:
    concurrencies: list[int]
    rates_rps: list[float]
    offline_prompts: int | None = None  # a batch job's offline run: requests sent at once (None: none)
    vllm: list[str] = field(default_factory=list)  # vLLM's client; empty when another runtime serves
    genai_perf: list[str] = field(default_factory=list)
    calibrate: str = ""
    runtime: str = "vLLM"
    client_title: str = ""  # what `client` runs: "SGLang client (python -m sglang.bench_serving), ..."
    client: list[str] = field(default_factory=list)  # the runtime's own benchmark commands
    server: str = "vllm serve"  # the OpenAI-compatible server GenAI-Perf is pointed at
    notes: list[str] = field(default_factory=list)  # what the runs assume, said before the commands

    def script(self) -> str:
        """The plan as a shell script, with what each block is for."""
        lines = [
            "#!/bin/sh",
            "# Benchmark plan written by Archwise: run against your server, then import the results.",
            "# --model below is the catalog's name: put the name your server serves it under.",
            *(f"# {note}" for note in self.notes),
            "",
            f"# {self.client_title}",
            *self.client,
            "",
            *(
                [
                    f"# or NVIDIA GenAI-Perf / AIPerf against {self.server} (same sweep, closed loop)",
                    *self.genai_perf,
                    "",
                ]
                if self.genai_perf
                else []
            ),
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


@dataclass(frozen=True)
class SharedPrefix:
    """The prompt's shared prefix the sizing counts as cached: `tokens` [tokens] of each prompt,
    found in the cache by a share `hit_ratio` of the requests."""

    tokens: int
    hit_ratio: float

    @staticmethod
    def of(tok: Tokens) -> SharedPrefix | None:
        """None when the sizing assumes no cached prefix (no shared tokens or no hits)."""
        if tok.shared_prefix_tokens <= 0 or tok.prefix_cache_hit_ratio <= 0:
            return None
        return SharedPrefix(int(tok.shared_prefix_tokens), float(tok.prefix_cache_hit_ratio))

    def distinct(self, prompts: int) -> int:
        """Distinct prefixes among `prompts` requests so that a share hit_ratio reuses a cached one:
        max(1, round(N x (1 - h))) (each prefix misses once, then hits)."""
        return max(1, min(prompts, round(prompts * (1.0 - self.hit_ratio))))

    def note(self, input_tokens: int) -> str:
        return (
            f"Prefix cache: {self.tokens:,} of the {input_tokens:,} prompt tokens are a shared prefix, found "
            f"cached by {self.hit_ratio:.0%} of requests as sized; the runs repeat prefixes to match "
            f"(N requests over max(1, round(N x {1 - self.hit_ratio:.2g})) prefixes), lengths at their means."
        )


FRESH_PROMPTS = (
    "{client} draws every prompt fresh: these runs measure no prefix-cache hits, so expect a slower "
    "time to first token than sized; the GenAI-Perf runs below repeat the prefix."
)


def concurrency_sweep(peak_rps: float, e2e_s: float | None) -> list[int]:
    """1, 2, 4, ... up to peak rate x end-to-end time (Little's law), at least 8, at most 512."""
    top = 64 if e2e_s is None else min(max(peak_rps * e2e_s, 8.0), 512.0)
    return [2**k for k in range(int(math.ceil(math.log2(top))) + 1)]


def plan(scenario: Scenario, target: Target) -> BenchPlan:
    """The commands that measure `target` under `scenario`'s load."""
    wl = scenario.workload
    tok, sla = wl.tokens, wl.sla
    peak = wl.traffic.requests_per_s * wl.traffic.peak_to_mean if wl.traffic else None
    whole = peak
    if peak and target.replicas and target.replicas > 1:
        peak = peak / target.replicas  # one server: its share of the peak
    e2e_s = None
    if sla.e2e_p95_ms and wl.agent is not None and wl.category is Category.AGENT:
        # the SLA is per task; each call gets (SLA - tool time) / calls (app.engine.kinds.per_call_budget_ms)
        per_call_ms = (sla.e2e_p95_ms - wl.agent.calls_per_task * wl.agent.tool_latency_ms) / wl.agent.calls_per_task
        e2e_s = max(per_call_ms, 0.0) / 1e3 or None
    elif sla.e2e_p95_ms:
        e2e_s = sla.e2e_p95_ms / 1e3
    elif sla.ttft_p95_ms and sla.tpot_p95_ms:
        e2e_s = (sla.ttft_p95_ms + tok.output_tokens * sla.tpot_p95_ms) / 1e3
    concs = concurrency_sweep(peak or 1.0, e2e_s)
    job = wl.batch if wl.is_batch_job else None
    rates = [round(peak / 2, 4), round(peak, 4)] if peak and job is None else []
    offline = min(job.total_requests, OFFLINE_PROMPTS) if job is not None else None
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
        *([f"pipeline_parallel_size={target.pipeline_parallel}"] * (target.pipeline_parallel > 1)),
        f"precision={target.precision.value}",
        f"runtime={target.runtime}",
    ]
    slug = "".join(c if c.isalnum() else "-" for c in scenario.name.casefold()).strip("-")[:40] or "scenario"
    q = shlex.quote
    kind = runtime_kind(target.runtime)
    out = BenchPlan(
        concurrencies=concs, rates_rps=rates, runtime=target.runtime, server=SERVERS[kind], offline_prompts=offline
    )
    if target.pipeline_parallel > 1:
        out.notes.append(_pipeline_note(kind, tp, target.pipeline_parallel))
    if rates and whole and peak != whole:
        out.notes.append(
            f"One server is one replica of {target.replicas}: its Poisson runs are at its share of the peak, "
            f"{whole:g} / {target.replicas} = {peak:.4g} req/s, and half of it."
        )
    prefix = SharedPrefix.of(tok)
    lengths = Lengths(tok.input_tokens, tok.output_tokens, r, sd_in, sd_out, prefix)
    if prefix is not None:
        out.notes.append(prefix.note(tok.input_tokens))
    context = (
        f"--model {q(target.model)} --accelerator {q(target.accelerator)} --gpus {target.gpus} --tp {tp} "
        f"--precision {target.precision.value} --runtime {q(target.runtime)}"
    )
    then = (
        "then every request at once (offline, as the batch job is sized)"
        if offline
        else "then Poisson arrivals at the scenario's peak rate"
        if rates
        else ""
    )
    if kind == "sglang":
        out.client_title = f"SGLang client (python -m sglang.bench_serving), closed loop {then}".strip()
        out.client = _sglang(target, lengths, concs, rates, slug, offline)
        imports = [f"archwise calibrate archwise-{slug}-sglang-*.jsonl {context} --apply"]
    elif kind == "trtllm":
        out.client_title = "TensorRT-LLM (trtllm-bench): a dataset of the workload's lengths, then the sweep" + (
            ", then every request at once (offline, as the batch job is sized)" if offline else ""
        )
        out.client = _trtllm(target, lengths, concs, tp, slug, offline, target.pipeline_parallel)
        if prefix is not None:
            out.notes.append(FRESH_PROMPTS.format(client="trtllm-bench's dataset"))
        imports = [f"archwise calibrate archwise-{slug}-trtllm-*.txt {context} --apply"]
    elif kind == "llamacpp":
        out.client_title = "llama.cpp (llama-bench): prefill and decode of one sequence at the workload's lengths"
        out.client = _llama_bench(target, lengths, slug)
        if prefix is not None:
            out.notes.append(FRESH_PROMPTS.format(client="llama-bench"))
        imports = [f"archwise calibrate archwise-{slug}-llama-bench.json {context} --apply"]
    else:
        out.client_title = f"vLLM client (vllm bench serve), closed loop {then}".strip()
        out.vllm = out.client = _vllm(target, lengths, concs, rates, slug, meta, offline)
        # only the patterns the commands above write: a glob that matches no file reaches
        # calibrate as a literal name, which it cannot read (the whole import is then refused)
        patterns = [f"archwise-{slug}-c*.json"] + [f"archwise-{slug}-r*.json"] * bool(rates)
        patterns += [f"archwise-{slug}-offline.json"] * bool(offline)
        imports = [f"archwise calibrate {' '.join(patterns)} --apply"]
    for c in concs:
        count = max(200, 10 * c)
        fresh = tok.input_tokens - (prefix.tokens if prefix is not None else 0)
        shared = (
            f"--num-prefix-prompts {prefix.distinct(count)} --prefix-prompt-length {prefix.tokens} "
            if prefix is not None
            else ""
        )
        out.genai_perf.append(
            f"genai-perf profile -m {q(target.model)} --endpoint-type chat --streaming "
            f"{shared}--synthetic-input-tokens-mean {fresh} --synthetic-input-tokens-stddev {sd_in} "
            f"--output-tokens-mean {tok.output_tokens} --output-tokens-stddev {sd_out} "
            f"--concurrency {c} --request-count {count} "
            f"--profile-export-file {q(f'archwise-{slug}-genai-perf-c{c}.json')}"
        )
    out.calibrate = "\n".join(
        [
            *imports,
            "# GenAI-Perf: its *_genai_perf.json summaries (artifacts folder) do not name the device",
            f"# archwise calibrate artifacts/*/archwise-{slug}-genai-perf-c*_genai_perf.json {context} --apply",
        ]
    )
    if wl.is_embedding_job:
        _as_embedding_job(out, kind)
    return out


EMBEDDING_NOTE = (
    "an embedding job: each request returns one vector (no token stream, so no TTFT or TPOT); the runs "
    "measure the per-request latency and the requests (vectors) per second"
)


def _as_embedding_job(out: BenchPlan, kind: str) -> None:
    """An embedding job's plan: vLLM's client posts to the server's /v1/embeddings with
    `vllm bench serve --backend openai-embeddings --endpoint /v1/embeddings` (the backend table
    ASYNC_REQUEST_FUNCS in vllm/benchmarks/lib/endpoint_request_func.py, read 2026-11-30); no chat
    benchmark is written for the other runtimes or GenAI-Perf, and the result files are not fitted
    (calibrate fits TTFT, TPOT and output tokens/s)."""
    out.notes.append(EMBEDDING_NOTE)
    if kind == "vllm":
        out.client_title = (
            "vLLM client (vllm bench serve, embeddings endpoint): closed loop, then every request at once"
        )
        out.vllm = out.client = [
            c.replace("--backend vllm ", "--backend openai-embeddings --endpoint /v1/embeddings ").replace(
                " --ignore-eos", ""
            )
            for c in out.client
        ]
    else:
        out.client_title = f"no {out.runtime} benchmark is written for an embedding job (its tools time token streams)"
        out.client = []
    out.genai_perf = []
    out.calibrate = (
        "# archwise calibrate fits TTFT, TPOT and output tokens/s: an embedding run has none of them, so none is "
        "written;\n# compare the runs' mean latency and request throughput (vectors/s) with the sizing"
    )


@dataclass(frozen=True)
class Lengths:
    """The workload's tokens as the clients take them: means, vLLM/SGLang's uniform range ratio,
    and GenAI-Perf / trtllm-bench's normal standard deviations [tokens]."""

    input: int
    output: int
    range_ratio: float
    sd_input: int
    sd_output: int
    prefix: SharedPrefix | None = None  # a cached shared prefix the runs must repeat

    def vllm_dataset(self, prompts: int) -> str:
        """`vllm bench serve`'s dataset flags for `prompts` requests: random lengths, or the
        prefix_repetition dataset when a shared prefix is counted as cached."""
        p = self.prefix
        if p is None:
            return (
                f"--dataset-name random --random-input-len {self.input} --random-output-len {self.output} "
                f"--random-range-ratio {self.range_ratio:g}"
            )
        return (
            f"--dataset-name prefix_repetition --prefix-repetition-prefix-len {p.tokens} "
            f"--prefix-repetition-suffix-len {self.input - p.tokens} "
            f"--prefix-repetition-num-prefixes {p.distinct(prompts)} --prefix-repetition-output-len {self.output}"
        )

    def sglang_dataset(self, prompts: int) -> str:
        """`sglang.bench_serving`'s dataset flags: random, or generated-shared-prefix with one
        shared system prompt per group and N / K questions per group."""
        p = self.prefix
        if p is None:
            return (
                f"--dataset-name random --random-input-len {self.input} --random-output-len {self.output} "
                f"--random-range-ratio {self.range_ratio:g}"
            )
        groups = p.distinct(prompts)
        return (
            f"--dataset-name generated-shared-prefix --gsp-num-groups {groups} "
            f"--gsp-prompts-per-group {max(1, round(prompts / groups))} --gsp-system-prompt-len {p.tokens} "
            f"--gsp-question-len {self.input - p.tokens} --gsp-output-len {self.output}"
        )


def runtime_kind(runtime: str) -> str:
    """'vllm', 'sglang', 'trtllm' or 'llamacpp' from a catalog runtime name; vLLM's client for others
    (TGI, Triton: OpenAI-compatible servers that `vllm bench serve --backend openai-chat` can drive)."""
    name = runtime.casefold().replace("-", "").replace(" ", "").replace(".", "")
    if "sglang" in name:
        return "sglang"
    if "tensorrt" in name or "trtllm" in name:
        return "trtllm"
    if "llamacpp" in name or "llamaserver" in name:
        return "llamacpp"
    return "vllm"


def _pipeline_note(kind: str, tp: int, pp: int) -> str:
    """How to start the server so the runs measure TP `tp` x PP `pp`: vLLM's --tensor-parallel-size /
    --pipeline-parallel-size (https://docs.vllm.ai/en/latest/serving/parallelism_scaling.html), SGLang's
    --tp-size / --pp-size, trtllm-bench's own --tp / --pp (in the commands below); llama.cpp splits the
    layers over the GPUs by default (-sm layer), which is its pipeline.

    Flags checked against the runtimes' own argument parsers (read 2026-11-30):
    - SGLang: python/sglang/srt/server_args.py in github.com/sgl-project/sglang declares
      "--tensor-parallel-size", "--tp-size" and "--pipeline-parallel-size", "--pp-size"
      (add_argument; later versions as the fields tp_size / pp_size with those long aliases).
    - TensorRT-LLM: tensorrt_llm/commands/serve.py in github.com/NVIDIA/TensorRT-LLM (commit
      00209af1) declares @click.option("--tensor_parallel_size", "--tp_size") and
      @click.option("--pipeline_parallel_size", "--pp_size") on trtllm-serve: underscores, not dashes."""
    server = {
        "vllm": f"vllm serve MODEL --tensor-parallel-size {tp} --pipeline-parallel-size {pp}",
        "sglang": f"python -m sglang.launch_server --model-path MODEL --tp-size {tp} --pp-size {pp}",
        "trtllm": f"trtllm-serve MODEL --tp_size {tp} --pp_size {pp} (trtllm-bench below takes --tp {tp} --pp {pp})",
        "llamacpp": f"llama-server -m MODEL.gguf -sm layer over {tp * pp} GPUs (no tensor x pipeline grid)",
    }[kind]
    return f"the option runs tensor parallel {tp} x pipeline parallel {pp}: start the server as {server}"


SERVERS = {"vllm": "vllm serve", "sglang": "the SGLang server", "trtllm": "trtllm-serve", "llamacpp": "llama-server"}


def _vllm(
    target: Target,
    n: Lengths,
    concs: list[int],
    rates: list[float],
    slug: str,
    meta: list[str],
    offline: int | None = None,
) -> list[str]:
    """`vllm bench serve` (https://docs.vllm.ai/en/latest/cli/bench/serve.html): --save-result writes
    each --metadata KEY=VALUE into the result JSON, which the vLLM importer reads back. The offline
    run (`offline` prompts, --request-rate inf and no --max-concurrency) is read back as load
    "offline" (request_rate "inf", max_concurrency null in the file)."""
    q = shlex.quote
    head = f"vllm bench serve --backend vllm --model {q(target.model)}"
    tail = f"--ignore-eos --save-result --metadata {' '.join(q(m) for m in meta)}"

    def common(prompts: int) -> str:
        return f"{head} {n.vllm_dataset(prompts)} {tail}"

    out = [
        f"{common(max(200, 10 * c))} --num-prompts {max(200, 10 * c)} --request-rate inf --max-concurrency {c} "
        f"--result-filename {q(f'archwise-{slug}-c{c}.json')}"
        for c in concs
    ]
    out += [
        f"{common(max(200, int(rate * 120)))} --num-prompts {max(200, int(rate * 120))} --request-rate {rate:g} "
        f"--result-filename {q(f'archwise-{slug}-r{rate:g}.json')}"
        for rate in rates
    ]
    if offline:
        out.append(
            f"{common(offline)} --num-prompts {offline} --request-rate inf "
            f"--result-filename {q(f'archwise-{slug}-offline.json')}"
        )
    return out


def _sglang(
    target: Target, n: Lengths, concs: list[int], rates: list[float], slug: str, offline: int | None = None
) -> list[str]:
    """`python -m sglang.bench_serving` (https://docs.sglang.io/developer_guide/bench_serving.html):
    the random dataset with --random-input-len / --random-output-len / --random-range-ratio (the same
    uniform draw as vLLM's), --max-concurrency, --request-rate, and --output-file: one JSONL line a run,
    its "backend" sglang, which the SGLang importer reads. The file does not name the device: the
    calibrate command gives it."""
    q = shlex.quote

    def common(prompts: int) -> str:
        return f"python -m sglang.bench_serving --backend sglang --model {q(target.model)} {n.sglang_dataset(prompts)}"

    out = [
        f"{common(max(200, 10 * c))} --num-prompts {max(200, 10 * c)} --request-rate inf --max-concurrency {c} "
        f"--output-file {q(f'archwise-{slug}-sglang-c{c}.jsonl')}"
        for c in concs
    ]
    out += [
        f"{common(max(200, int(rate * 120)))} --num-prompts {max(200, int(rate * 120))} --request-rate {rate:g} "
        f"--output-file {q(f'archwise-{slug}-sglang-r{rate:g}.jsonl')}"
        for rate in rates
    ]
    if offline:
        out.append(
            f"{common(offline)} --num-prompts {offline} --request-rate inf "
            f"--output-file {q(f'archwise-{slug}-sglang-offline.jsonl')}"
        )
    return out


def _trtllm(
    target: Target, n: Lengths, concs: list[int], tp: int, slug: str, offline: int | None = None, pp: int = 1
) -> list[str]:
    """`trtllm-bench` (https://nvidia.github.io/TensorRT-LLM/commands/trtllm-bench.html): prepare-dataset
    token-norm-dist writes requests of the workload's lengths (normal, the standard deviations above),
    then `throughput --dataset ... --tp N --concurrency C --streaming` prints the report whose REQUEST
    DETAILS (its measured concurrency) and PERFORMANCE OVERVIEW (with --streaming also TTFT and TPOT:
    https://developer.nvidia.com/blog/llm-inference-benchmarking-performance-tuning-with-tensorrt-llm/)
    the trtllm-bench importer reads; tee keeps it in a file. Without --concurrency every request is
    issued at once (the offline run of a batch job). trtllm-bench drives the engine in-process (no
    server): the GenAI-Perf commands below measure trtllm-serve under the same sweep."""
    q = shlex.quote
    data = q(f"archwise-{slug}-trtllm-dataset.jsonl")
    par = f"--tp {tp}" + (f" --pp {pp}" if pp > 1 else "")  # throughput's --pp: pipeline parallelism size
    out = [
        f"trtllm-bench --model {q(target.model)} prepare-dataset --output {data} token-norm-dist "
        f"--num-requests {max(200, 10 * concs[-1], offline or 0)} --input-mean {n.input} --input-stdev {n.sd_input} "
        f"--output-mean {n.output} --output-stdev {n.sd_output}"
    ]
    out += [
        f"trtllm-bench --model {q(target.model)} throughput --dataset {data} {par} --concurrency {c} "
        f"--num_requests {max(200, 10 * c)} --streaming | tee {q(f'archwise-{slug}-trtllm-c{c}.txt')}"
        for c in concs
    ]
    if offline:
        out.append(
            f"trtllm-bench --model {q(target.model)} throughput --dataset {data} {par} "
            f"--num_requests {offline} --streaming | tee {q(f'archwise-{slug}-trtllm-offline.txt')}"
        )
    return out


def _llama_bench(target: Target, n: Lengths, slug: str) -> list[str]:
    """`llama-bench` (https://github.com/ggml-org/llama.cpp/blob/master/tools/llama-bench/README.md):
    -p prompt tokens and -n generated tokens time prefill and decode of one sequence (batch 1),
    -ngl 99 offloads every layer, -r 5 repetitions, -o json to stdout: the llama-bench importer reads
    that file. Load under concurrency: the GenAI-Perf commands below, against llama-server."""
    q = shlex.quote
    return [
        f"llama-bench -m {q(target.model + '.gguf')} -p {n.input} -n {n.output} -ngl 99 -r 5 -o json "
        f"> {q(f'archwise-{slug}-llama-bench.json')}"
    ]


__all__ = ["BenchPlan", "SharedPrefix", "Target", "concurrency_sweep", "plan", "runtime_kind"]
