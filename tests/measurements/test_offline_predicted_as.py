"""An imported offline run (trtllm-bench throughput: all requests queued at once) is predicted the
way batch jobs are sized, and the residual says so (issue 21 review). Batch sizing takes the
replica's steady-state rate at the batch that fits (app.engine.size, requests_per_s_per_replica),
not the finite-run ramp of app.engine.finite_run; the offline prediction takes the steady state at
min(what the KV cache holds, the file's batch cap). Both are the same model: the test holds them
within 2 % (they differ only by the batch grid point) so that a change to one shows here."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain import Precision, Scenario, parse
from app.domain.measurement import MeasuredRun
from app.engine import size
from app.engine.estimate import estimate
from app.services import measurements as ms
from app.store import Project

DATA = Path(__file__).resolve().parents[1] / "data" / "measurements"
CONTEXT = ms.Context(model="Llama-3.1-8B-Instruct", accelerator="NVIDIA H100 SXM")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    project = Project.open(tmp_path_factory.mktemp("p") / "p.archwise", create=True)
    yield project.catalog()
    project.close()


def test_offline_run_says_how_it_was_predicted(catalog):
    (run,) = ms.match(ms.import_files([DATA / "trtllm_bench_throughput.txt"], CONTEXT), catalog)
    assert (run.load, run.max_batch, run.input_tokens, run.output_tokens) == ("offline", 4096, 128.0, 128.0)
    (res,) = ms.compare([run], catalog)
    held = estimate(
        catalog, model=run.model, hardware=run.accelerator, gpus=1, precision=run.precision,
        runtime="TensorRT-LLM", input_tokens=128, output_tokens=128, concurrency=1,
    ).memory.max_concurrent_sequences  # fmt: skip
    assert held < 4096  # one H100 holds fewer 256-token sequences than the file's cap
    assert res.predicted_as == f"offline: steady state, batch {int(held):,} (KV cache), as batch jobs are sized"
    at_batch = estimate(
        catalog, model=run.model, hardware=run.accelerator, gpus=1, precision=run.precision,
        runtime="TensorRT-LLM", input_tokens=128, output_tokens=128, concurrency=int(held),
    )  # fmt: skip
    assert res.predicted == pytest.approx(at_batch.output_tokens_per_s)


def test_offline_prediction_is_the_batch_job_model(catalog):
    (run,) = ms.match(ms.import_files([DATA / "trtllm_bench_throughput.txt"], CONTEXT), catalog)
    (res,) = ms.compare([run], catalog)
    instance = next(
        i.name for i in catalog.instances if i.accelerator == "NVIDIA H100 SXM" and i.accelerator_count == 1
    )
    job = parse(
        Scenario,
        {
            "name": "3,000 requests of 128 in / 128 out, one run a day",
            "workload": {
                "name": "offline replay",
                "category": "batch",
                "tokens": {"input_tokens": 128, "output_tokens": 128},
                "batch": {"total_requests": 3000, "recurrence": "daily", "deadline_hours": 1},
            },
            "candidates": {
                "models": ["Llama-3.1-8B-Instruct"],
                "hardware": [instance],
                "precisions": ["fp8"],
                "runtimes": ["TensorRT-LLM"],
            },
        },
    )
    one_gpu = next(o for o in size(job, catalog).options if o.gpus == 1)
    sized = one_gpu.requests_per_s_per_replica * 128  # output tokens/s of one replica, as batch sizing has it
    assert res.predicted == pytest.approx(sized, rel=0.02)


def test_closed_loop_and_rate_runs_say_their_load(catalog):
    runs = ms.match(ms.import_files([DATA / "plain.csv"]), catalog)
    said = {r.run_id: r.predicted_as for r in ms.compare(runs, catalog)}
    assert said == {"plain.csv#1": "steady state, Poisson 2.5 req/s", "plain.csv#2": "steady state, 16 in flight"}


def test_trtllm_bench_with_request_details_is_read_at_its_concurrency(catalog):
    """trtllm-bench 0.21+ prints REQUEST DETAILS with the run's measured mean concurrency (a
    `--concurrency C` run, as the benchmark plan writes, sits near C): that is its load. Before, the
    report was read as offline and predicted at the batch the KV cache holds (thousands in flight)."""
    ctx = ms.Context(accelerator="NVIDIA H100 SXM")
    (run,) = ms.match(ms.import_files([DATA / "trtllm_bench_pytorch_0_21.txt"], ctx), catalog)
    assert (run.load, run.concurrency, run.max_batch) == ("concurrency", 94.605, 3840)
    assert (run.ttft_ms, run.tpot_ms, run.output_tokens_per_s) == (162.6706, 7.3272, 11076.77)
    said = {r.predicted_as for r in ms.compare([run], catalog)}
    assert said == {"steady state, 94.605 in flight"}


def test_vllm_bench_throughput_imports_as_an_offline_run(catalog):
    """`vllm bench throughput --output-json` (requests/s, no output length) was refused as "a JSON
    object none of the known benchmark tools writes". It imports as an offline vLLM run; the output
    length the user gives turns its requests/s into output tokens/s: 21.043 x 128 = 2,693.504."""
    (raw,) = ms.import_files([DATA / "vllm_bench_throughput.json"])
    assert (raw.runtime, raw.load, raw.requests_per_s, raw.output_tokens_per_s) == ("vLLM", "offline", 21.043, None)
    why = ms.problems(raw, catalog)
    assert "output_tokens" in why and "--output-tokens" in why
    assert "measured no" not in why
    ctx = ms.Context(
        model="Llama-3.1-8B-Instruct",
        accelerator="NVIDIA L40S",
        gpus=1,
        precision=Precision.BF16,
        input_tokens=128,
        output_tokens=128,
    )
    (run,) = ms.match(ms.import_files([DATA / "vllm_bench_throughput.json"], ctx), catalog)
    assert run.output_tokens_per_s == pytest.approx(2693.504)
    assert ms.problems(run, catalog) == ""
    (res,) = ms.compare([run], catalog)
    assert res.predicted_as.startswith("offline: steady state, batch ") and res.predicted_as.endswith(
        "as batch jobs are sized"
    )
    longer = MeasuredRun.model_validate({**run.model_dump(), "output_tokens": "256"})  # as a table edit does
    assert longer.output_tokens_per_s == pytest.approx(21.043 * 256)
