"""Domain objects built by hand for selection and report tests (figures are test inputs, not facts)."""

from __future__ import annotations

import datetime as dt

from app.domain import (
    INSUFFICIENT_HARDWARE,
    Accelerator,
    BindingConstraint,
    Catalog,
    Chart,
    EfficiencyProfile,
    Explanation,
    HostedApi,
    HostedOption,
    Instance,
    MemoryBreakdown,
    Model,
    Option,
    Precision,
    QualityScore,
    ReferenceLine,
    Runtime,
    RuntimeFeatures,
    Scenario,
    Series,
    Sizing,
    Workload,
)

AS_OF = dt.date(2025, 6, 1)


def workload(**over) -> Workload:
    data = dict(
        name="RAG assistant",
        category="rag",
        traffic=dict(requests_per_s=16.7, peak_to_mean=4.0, pattern="spiky", peak_hours_per_day=6),
        tokens=dict(input_tokens=2000, output_tokens=300),
        sla=dict(ttft_p95_ms=500, tpot_p95_ms=60),
        sensitivity="confidential",
        budget_usd_per_month=60000,
    )
    data.update(over)
    return Workload.model_validate(data)


def model(
    name: str,
    quality: dict[str, float] | None = None,
    license: str = "llama3",
    open_weights: bool = True,
    context: int = 8192,
    params: float = 70.0,
) -> Model:
    return Model(
        name=name,
        source=f"https://huggingface.co/test/{name}",
        as_of=AS_OF,
        params_total_b=params,
        layers=80,
        hidden_size=8192,
        attention_heads=64,
        kv_heads=8,
        head_dim=128,
        attention_kind="gqa",
        vocab_size=128256,
        max_context_tokens=context,
        license=license,
        open_weights=open_weights,
        quality=[QualityScore(benchmark=b, score=s, source="test") for b, s in (quality or {}).items()],
    )


def accelerator(name: str = "NVIDIA A100 80GB SXM") -> Accelerator:
    return Accelerator(
        name=name,
        source="https://www.nvidia.com/a100-datasheet.pdf",
        as_of=AS_OF,
        vendor="NVIDIA",
        efficiency_class="nvidia-ampere",
        memory_gib=80,
        memory_bandwidth_gb_s=2039,
        tflops_bf16=312,
    )


def instance(name: str = "On-prem 8x A100 80GB (DGX A100)", count: int = 8) -> Instance:
    return Instance(
        name=name,
        source="https://example.com/dgx-a100-price",
        as_of=AS_OF,
        provider="on-prem",
        deployment="on_prem",
        accelerator="NVIDIA A100 80GB SXM",
        accelerator_count=count,
        capex_usd=200000,
    )


def runtime(name: str = "vLLM", **features) -> Runtime:
    f = dict(continuous_batching=True, paged_kv=True, prefix_caching=True, chunked_prefill=True, tensor_parallel=True)
    f.update(features)
    return Runtime(name=name, source="https://docs.vllm.ai/", as_of=AS_OF, features=RuntimeFeatures(**f))


def hosted_api(
    name: str = "Example API 70B",
    max_sensitivity: str = "internal",
    quality_model: str | None = None,
    context: int | None = 128000,
) -> HostedApi:
    return HostedApi(
        name=name,
        source="https://example.com/pricing",
        as_of=AS_OF,
        provider="Example",
        model="llama-3-70b",
        price_input_usd_per_mtok=0.6,
        price_output_usd_per_mtok=0.8,
        context_tokens=context,
        max_sensitivity=max_sensitivity,
        typical_ttft_ms=400,
        typical_output_tokens_per_s=50,
        quality_model=quality_model,
    )


def efficiency() -> EfficiencyProfile:
    return EfficiencyProfile(
        name="nvidia-ampere",
        source="https://example.com/mlperf-v4.1",
        as_of=AS_OF,
        efficiency_class="nvidia-ampere",
        mfu_prefill=dict(low=0.35, expected=0.45, high=0.55),
        mbu_decode=dict(low=0.6, expected=0.7, high=0.8),
    )


def option(
    model_name: str,
    hardware: str = "On-prem 8x A100 80GB (DGX A100)",
    *,
    gpus: int = 4,
    ttft: float = 300.0,
    tpot: float = 30.0,
    tokens_per_s: float = 2000.0,
    cost: float = 1.0,
    free_gib: float = 20.0,
    capacity: float = 80.0,
    feasible: bool = True,
    replicas: int = 2,
    violations: list[BindingConstraint] | None = None,
    runtime_name: str = "vLLM",
    pp: int = 1,
    precision: Precision = Precision.BF16,
) -> Option:
    mem = MemoryBreakdown(
        capacity_gib=capacity,
        usable_gib=capacity * 0.9,
        weights_gib=35.0,
        kv_cache_gib=max(capacity * 0.9 - 37.0, 0),
        reserve_gib=1.5,
        activation_gib=0.5,
        free_gib=free_gib,
        kv_bytes_per_token=81920.0,
        max_concurrent_sequences=120,
        fits=free_gib >= 0,
    )
    return Option(
        model=model_name,
        hardware=hardware,
        accelerator="NVIDIA A100 80GB SXM",
        runtime=runtime_name,
        gpus=gpus,
        tensor_parallel=gpus // pp,
        pipeline_parallel=pp,
        precision=precision,
        kv_precision=precision,
        batch_size=32,
        memory=mem,
        ttft_ms=ttft * 0.6,
        ttft_p95_ms=ttft,
        tpot_ms=tpot,
        e2e_p95_ms=ttft + 300 * tpot,
        tokens_per_s=tokens_per_s,
        requests_per_s_per_replica=6.0,
        replicas=replicas,
        replicas_min=1,
        replicas_max=replicas + 1,
        total_gpus=gpus * replicas,
        cost_per_month_usd=cost * 50000,
        cost_per_million_tokens_usd=cost,
        cost_per_request_usd=cost * 0.0023,
        feasible=feasible,
        violations=violations or [],
        explanations=[
            Explanation(
                quantity="TPOT",
                value=tpot,
                unit="ms",
                formula="max(bytes / (BW x MBU), flops / (peak x MFU)) + overhead",
                inputs={"bytes_gb": 35.0, "bw_gb_s": 2039, "mbu": 0.7},
                source="efficiency nvidia-ampere",
            )
        ],
    )


def catalog(
    models: list[Model],
    hosted: list[HostedApi] = (),
    runtimes: list[Runtime] | None = None,
    instances: list[Instance] | None = None,
) -> Catalog:
    return Catalog(
        accelerators=[accelerator()],
        instances=instances or [instance()],
        models=list(models),
        runtimes=runtimes or [runtime()],
        hosted_apis=list(hosted),
        efficiency=[efficiency()],
    )


def charts(options: list[Option], sla_ttft: float = 500.0) -> list[Chart]:
    conc = [1, 2, 4, 8, 16, 32, 64, 128]
    lat = [
        Series(name=o.label, x=conc, y=[o.ttft_ms * (1 + c / 64) for c in conc], option_index=i)
        for i, o in enumerate(options[:6])
    ]
    front = sorted(options, key=lambda o: o.ttft_p95_ms)
    return [
        Chart(
            key="latency_vs_concurrency",
            title="p95 TTFT vs concurrency",
            x_label="Concurrency",
            x_unit="sequences",
            y_label="p95 TTFT",
            y_unit="ms",
            series=lat,
            reference_lines=[ReferenceLine(label=f"TTFT SLA {sla_ttft:g} ms", value=sla_ttft)],
        ),
        Chart(
            key="cost_vs_latency",
            title="Cost vs latency",
            x_label="p95 TTFT",
            x_unit="ms",
            y_label="Cost per 1M tokens",
            y_unit="USD",
            kind="scatter",
            series=[
                Series(
                    name="Options",
                    x=[o.ttft_p95_ms for o in options],
                    y=[o.cost_per_million_tokens_usd for o in options],
                ),
                Series(
                    name="Pareto front",
                    x=[o.ttft_p95_ms for o in front[:3]],
                    y=[o.cost_per_million_tokens_usd for o in front[:3]],
                ),
            ],
            reference_lines=[ReferenceLine(label="TTFT SLA", value=sla_ttft, orientation="vertical")],
        ),
        Chart(
            key="memory",
            title="Memory per GPU",
            x_label="Option",
            x_unit="",
            y_label="Memory",
            y_unit="GiB",
            kind="stacked_bar",
            categories=[o.label for o in options[:5]],
            series=[
                Series(
                    name=part,
                    x=list(range(len(options[:5]))),
                    y=[getattr(o.memory, f"{part}_gib") for o in options[:5]],
                )
                for part in ("weights", "kv_cache", "reserve", "activation")
            ],
            reference_lines=[ReferenceLine(label="capacity 80 GiB", value=80.0)],
        ),
    ]


def feasible_sizing(options: list[Option], hosted: list[HostedOption] = (), name: str = "Llama 70B on DGX") -> Sizing:
    return Sizing(
        scenario=name,
        feasible=True,
        recommended=options[0],
        options=options,
        hosted=list(hosted),
        strategy=["Tensor parallelism 4 inside the NVLink domain: TPOT 30 ms vs SLA 60 ms."],
        avoid=["Avoid pipeline parallelism across nodes: the 200 Gb/s network adds 40 ms per token."],
        charts=charts(options),
        evaluated_points=1234,
        assumptions_used={"utilisation_target": 0.7, "mbu_decode": 0.7},
        sources=["https://example.com/mlperf-v4.1"],
    )


def infeasible_sizing(name: str = "Llama 70B on a Raspberry Pi") -> Sizing:
    bc = [
        BindingConstraint(
            constraint="memory",
            required=140.0,
            available=4.0,
            unit="GB",
            detail="needs 140 GB for BF16 weights, the device has 4 GB",
            fix="an 8x 80 GB GPU node, or a 4-bit 8B model",
        ),
        BindingConstraint(
            constraint="ttft",
            required=10.0,
            available=3100.0,
            unit="ms",
            detail="TTFT floor 3.1 s > SLA 10 ms",
            fix="relax the SLA to seconds",
        ),
    ]
    return Sizing(
        scenario=name,
        feasible=False,
        error=INSUFFICIENT_HARDWARE,
        binding_constraints=bc,
        strategy=[],
        avoid=["Do not deploy a 70B model on a 4 GB device."],
        evaluated_points=12,
    )


def scenario(name: str = "Llama 70B on DGX", **over) -> Scenario:
    data = dict(
        name=name,
        description="Internal RAG assistant",
        author="A. Architect",
        workload=workload().model_dump(mode="json"),
        system_map=dict(
            use_case="Answer employee questions from internal documents",
            data_boundary="On-prem, confidential data never leaves the data centre",
            model_strategy="Open-weights 70B model, BF16",
            runtime_path="vLLM on Kubernetes behind the API gateway",
            evaluation="200 labelled questions, weekly regression run",
            operations="Prometheus alerts on KV utilisation and queue depth",
            production_path="Prototype in Q1, pilot with 200 users, production in Q2",
            owner="Platform team",
        ),
    )
    data.update(over)
    return Scenario.model_validate(data)
