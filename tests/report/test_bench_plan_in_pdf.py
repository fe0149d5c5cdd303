"""The decision package's benchmark plan, read back from real exported PDFs (pypdf) of a serving,
a batch and an agent scenario written from a blank workload: each command uses only flags its
tool documents, and the result files the vllm bench serve commands would write import back with
the package's own `archwise calibrate` line as fully matched runs (issue 21, "close the loop").

Found on reading the PDFs (each test fails on the code before the fix): the batch job's import
line named `...-r*.json`, a pattern no command writes (a shell passes an unmatched glob on
literally, so calibrate refused the whole import); a batch job had no run at the load its sizing
assumes (all requests at once); an agent's concurrency sweep used the per-task SLA as the per-call
time (sweep to 256 instead of 32)."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import re
import shlex

import pytest
from pypdf import PdfReader

from app.domain import Category
from app.services import measurements as ms
from app.services import scenarios
from app.services.reporting import export_decision_package
from app.store import Project

# Flags each client documents (read 2026-11-30):
# vllm bench serve: https://docs.vllm.ai/en/latest/cli/bench/serve/
VLLM_FLAGS = {
    "--backend", "--model", "--dataset-name", "--random-input-len", "--random-output-len",
    "--random-range-ratio", "--ignore-eos", "--save-result", "--metadata", "--num-prompts",
    "--request-rate", "--max-concurrency", "--result-filename",
}  # fmt: skip
# genai-perf profile: https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/perf_analyzer/genai-perf/README.html
GENAI_PERF_FLAGS = {
    "-m", "--endpoint-type", "--streaming", "--synthetic-input-tokens-mean", "--synthetic-input-tokens-stddev",
    "--output-tokens-mean", "--output-tokens-stddev", "--concurrency", "--request-count", "--profile-export-file",
}  # fmt: skip
STARTS = ("vllm bench serve", "genai-perf profile", "archwise calibrate", "# ")
CONTINUES = re.compile(r"^(-|'|archwise-|[a-z_]+=)")

CASES = {
    "serving": (
        Category.INFERENCE_API,
        "Contract clause lookup API",
        dict(
            traffic=dict(requests_per_s=6.0, peak_to_mean=3.0),
            tokens=dict(input_tokens=1500, input_tokens_p95=4000, output_tokens=300),
            sla=dict(ttft_p95_ms=1000, tpot_p95_ms=60),
        ),
    ),
    "batch": (
        Category.BATCH,
        "Quarterly invoice extraction",
        dict(tokens=dict(input_tokens=3000, output_tokens=400), batch=dict(total_requests=120000, deadline_hours=12)),
    ),
    "agent": (
        Category.AGENT,
        "IT helpdesk agent",
        dict(
            traffic=dict(requests_per_s=1.5, peak_to_mean=2.0),
            tokens=dict(input_tokens=2000, output_tokens=250),
            sla=dict(e2e_p95_ms=45000, tpot_p95_ms=70),
            agent=dict(calls_per_task=5, tool_latency_ms=300),
        ),
    ),
}


def build(project, category, name, **workload):
    """New scenario of a kind, the user's own numbers typed in (as the window does)."""
    blank = scenarios.new_blank(project, category)
    data = blank.model_dump(mode="json")
    data["name"] = data["workload"]["name"] = name
    for key, value in workload.items():
        if isinstance(value, dict) and isinstance(data["workload"].get(key), dict):
            data["workload"][key].update(value)
        else:
            data["workload"][key] = value
    data["candidates"].update(
        models=["Llama-3.1-8B-Instruct", "Qwen2.5-14B-Instruct"], hardware=["AWS g6e.4xlarge", "AWS p5.4xlarge"]
    )
    data["candidates"]["hosted_apis"] = []
    return scenarios.save_scenario(project, type(blank).model_validate(data), old_name=blank.name)


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """case -> the benchmark plan's commands as read back from the exported PDF."""
    folder = tmp_path_factory.mktemp("pkg")
    project = Project.open(folder / "mine.archwise", create=True)
    out = {}
    try:
        for case, (category, name, workload) in CASES.items():
            scenario = build(project, category, name, **workload)
            path = export_decision_package(project, scenario, folder / f"{case}.pdf", date=dt.date(2026, 11, 30))
            text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
            out[case] = commands(text[text.index("Before buying") :])
    finally:
        project.close()
    return out


def commands(section: str) -> list[str]:
    """The section's command lines, rejoined where the PDF wrapped them (page headers dropped): a
    line that starts with a flag, a quoted or KEY=VALUE metadata item or a result file name
    continues the command before it (the PDF wraps at spaces)."""
    out: list[str] = []
    for raw in section.splitlines():
        line = raw.strip()
        if not line or line.startswith(("mine · ", "Archwise ", "page ")):
            continue
        if line.startswith(STARTS):
            out.append(line)
        elif out and CONTINUES.match(line):
            out[-1] += " " + line
    return out


def vllm_result(command: str) -> tuple[str, dict]:
    """(file name, content) that `vllm bench serve --save-result` writes for `command`: each
    --metadata KEY=VALUE a top-level key; figures of the real sample vllm_bench_serve_l40s_llama3b_10qps.json."""
    args = shlex.split(command)
    metadata = {}
    for item in args[args.index("--metadata") + 1 :]:
        if item.startswith("--"):
            break
        key, _, value = item.partition("=")
        metadata[key] = value
    rate = args[args.index("--request-rate") + 1]
    n = int(args[args.index("--num-prompts") + 1])
    return args[args.index("--result-filename") + 1], {
        "date": "20261130-120000",
        "backend": args[args.index("--backend") + 1],
        "model_id": args[args.index("--model") + 1],
        **metadata,
        "request_rate": "inf" if rate == "inf" else float(rate),
        "max_concurrency": int(args[args.index("--max-concurrency") + 1]) if "--max-concurrency" in args else None,
        "completed": n,
        "total_input_tokens": n * int(args[args.index("--random-input-len") + 1]),
        "total_output_tokens": n * int(args[args.index("--random-output-len") + 1]),
        "output_throughput": 2249.25,
        "mean_ttft_ms": 54.58,
        "mean_tpot_ms": 13.58,
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_command_uses_documented_flags(packages, case):
    cmds = packages[case]
    vllm = [c for c in cmds if c.startswith("vllm bench serve")]
    genai = [c for c in cmds if c.startswith("genai-perf profile")]
    assert vllm and genai and len(vllm) >= len(genai)
    for cmd in vllm:
        assert {a for a in shlex.split(cmd) if a.startswith("-")} <= VLLM_FLAGS, cmd
    for cmd in genai:
        assert {a for a in shlex.split(cmd) if a.startswith("-")} <= GENAI_PERF_FLAGS, cmd


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_package_results_import_back_matched(packages, case, tmp_path):
    cmds = packages[case]
    for cmd in (c for c in cmds if c.startswith("vllm bench serve")):
        name, content = vllm_result(cmd)
        (tmp_path / name).write_text(json.dumps(content), encoding="utf-8")
    (line,) = [c for c in cmds if c.startswith("archwise calibrate")]  # the one uncommented import
    args = shlex.split(line)[2:]
    patterns = [a for a in args if not a.startswith("-")]
    written = sorted(p.name for p in tmp_path.iterdir())
    for pattern in patterns:  # as a shell expands them: each must match a file the commands wrote
        assert fnmatch.filter(written, pattern), f"{pattern} matches no result file: {written}"
    files = sorted({tmp_path / f for pat in patterns for f in fnmatch.filter(written, pat)})
    project = Project.open(tmp_path / "check.archwise", create=True)
    try:
        catalog = project.catalog()
        runs = ms.match(ms.import_files(files), catalog)
    finally:
        project.close()
    assert len(runs) == len(written)
    for run in runs:
        assert ms.problems(run, catalog) == "", run.id  # model, device, GPUs, precision, lengths, load
    loads = {r.load for r in runs}
    if case == "batch":
        assert loads == {"concurrency", "offline"}  # the sweep, then every request at once
        (off,) = [c for c in cmds if "--max-concurrency" not in c and c.startswith("vllm bench serve")]
        assert "--num-prompts 4000 --request-rate inf" in off  # min(120,000 requests, 4,000)
    else:
        assert loads == {"concurrency", "rate"}


def test_an_agent_sweeps_to_its_per_call_time(packages):
    """Peak 1.5 x 2 = 3 calls/s; per call (45,000 - 5 x 300) / 5 = 8,700 ms; 3 x 8.7 = 26 in flight:
    the sweep runs 1 .. 32 (the per-task 45 s would give 135, swept to 256)."""
    concs = [
        int(shlex.split(c)[shlex.split(c).index("--max-concurrency") + 1])
        for c in packages["agent"]
        if "--max-concurrency" in c
    ]
    assert concs == [1, 2, 4, 8, 16, 32]
