"""The candidate space: which models, hardware, runtimes, precisions and GPU counts a scenario
puts in scope, and every valid (model x hardware x count x TP x PP x precision x runtime)
point of it as integer index arrays (built with numpy, not Python loops)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from app.domain import (
    Accelerator,
    AcceleratorKind,
    Catalog,
    Deployment,
    DomainError,
    EfficiencyProfile,
    Instance,
    Modality,
    Model,
    Precision,
    Runtime,
    Scenario,
)
from app.domain.formats import is_block_quantised
from app.domain.wording import with_article
from app.engine.tables import (
    PRECISION_CODE,
    PRECISIONS,
    runtime_allows_kv,
    runtime_allows_precision,
    runtime_allows_weight_only,
    runtime_supports,
)

TP_CHOICES = np.array([1, 2, 4, 8, 16], dtype=np.int64)
# Beyond one node a replica spans nodes with pipeline stages (TP stays inside the node).
MAX_NODES_PER_REPLICA = 4


@dataclass(frozen=True)
class Hardware:
    """A place to run: a catalog instance, or a bare accelerator named in the scenario."""

    name: str
    accelerator: Accelerator
    node_gpus: int
    instance: Instance | None
    max_nodes: int | None

    @property
    def on_prem(self) -> bool:
        return self.instance is not None and self.instance.deployment is Deployment.ON_PREM


@dataclass
class Space:
    models: list[Model]
    hardware: list[Hardware]
    runtimes: list[Runtime]
    precisions: list[Precision]
    kv_precisions: list[Precision]  # empty = follow the weights (see kv_for)
    gpu_counts: list[int]
    max_gpus: int | None
    efficiency_profiles: list[EfficiencyProfile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # (hardware index, precision code) -> (peak TFLOP/s, math format): filled on first use by
    # evaluate.gather, so a search split into chunks works each pair out once
    math_peaks: dict[tuple[int, int], tuple[float, str]] = field(default_factory=dict)
    # (hardware, runtime) -> efficiency factors, and (hardware, runtime, the assumptions' serving
    # knobs) -> the runtime's scheduler limits there: worked out once per search, like math_peaks
    runtime_factors: dict[tuple[int, int, int], Any] = field(default_factory=dict)  # (hw, runtime, precision)
    scheduler_limits: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    host_cpu: Accelerator | None = None  # the catalog's server CPU: where host-side RAG steps run
    encoders: dict[str, Model] = field(default_factory=dict)  # RAG embedder / re-ranker by casefold name
    # per-hardware figures that depend on a few assumptions only (cost.hourly_price), computed
    # once per space instead of once per chunk of points: whole-catalog sizing stays linear
    memo: dict[object, object] = field(default_factory=dict, repr=False, compare=False)


def kv_for(weights: Precision) -> Precision:
    """KV cache format when the scenario does not say: the weights' float format; BF16 for
    integer weights (INT8/INT4 quantise weights only in vLLM and llama.cpp by default)."""
    if weights in (Precision.INT8, Precision.INT4) or is_block_quantised(weights):
        return Precision.BF16  # GGUF, MXFP4 and NVFP4 checkpoints keep a 16-bit KV cache by default too
    return weights


def kv_on(accel: Accelerator, weights: Precision) -> Precision:
    """KV format by default on `accel` for `weights` as served there: kv_for, except that weights
    the device holds only weight-only (FP8 on an A100 or T4: W8A16) keep a 16-bit KV cache like
    their activations, and BF16 is FP16 on a device without BF16 (the model's 16-bit dtype)."""
    if weights in accel.weight_only and accel.half_format is not None:
        return accel.half_format
    return accel.serves_as(kv_for(weights)) or kv_for(weights)


def served_codes(accels: list[Accelerator], formats: list[Precision], dedupe: bool = True) -> np.ndarray:
    """(devices x formats) table of the format code each device serves each asked format in
    (Accelerator.serves_as), -1 where it cannot. With `dedupe`, a format a device already
    serves for an earlier entry of `formats` is -1 too (BF16 and FP16 both asked, on a T4)."""
    out = np.full((len(accels), len(formats)), -1, dtype=np.int64)
    for i, a in enumerate(accels):
        seen: set[Precision] = set()
        for j, f in enumerate(formats):
            served = a.serves_as(f)
            if served is None or (dedupe and served in seen):
                continue
            seen.add(served)
            out[i, j] = PRECISION_CODE[served]
    return out


def hardware_of(catalog: Catalog, name: str) -> Hardware:
    """A catalog instance by name, else a bare accelerator (one node of up to 8 devices, unpriced)."""
    if catalog.lookup("instances", name) is None and catalog.lookup("accelerators", name) is not None:
        accel = catalog.accelerator(name)
        per_node = 8 if accel.kind in (AcceleratorKind.GPU, AcceleratorKind.NPU, AcceleratorKind.TPU) else 1
        return Hardware(accel.name, accel, per_node, None, None)
    inst = catalog.instance(name)  # DomainError naming the closest instance when neither exists
    accel = catalog.accelerator(inst.accelerator)
    return Hardware(inst.name, accel, inst.accelerator_count, inst, inst.max_nodes)


def refuse_embedding_model(m: Model, embedding_job: bool = False) -> None:
    """Serving sizing is for models that generate; an embedder only encodes (no decode, no TPOT).
    An embedding job (a batch job of one output token per request, `Workload.is_embedding_job`)
    is the exception: each request is one prefill, which the engine sizes like any other."""
    if m.modality is Modality.EMBEDDING and not embedding_job:
        raise DomainError(
            f"{m.name} is an embedding model: it encodes text and generates nothing, so it has no "
            f"TTFT/TPOT to size. Size it as a RAG workload's embedder (workload.rag) instead."
        )


def in_regions(h: Hardware, regions: list[str]) -> bool:
    """Whether `h` may run under a region constraint: a cloud instance whose region is one of
    `regions` (case-insensitive). An instance with no region does not satisfy the constraint: its
    residency is unknown. On-prem nodes and bare accelerators run at the user's own site: kept."""
    if h.instance is None or h.on_prem:
        return True
    wanted = {r.casefold() for r in regions}
    return bool(h.instance.region) and (h.instance.region or "").casefold() in wanted


def region_exclusions(scenario: Scenario, catalog: Catalog) -> list[str]:
    """The region constraint's note on the cloud instances it leaves out because their region is
    unknown: ["N instances excluded: region unknown (names...); to keep one, add a copy that names
    the region you will rent in"], or [] when none (or no constraint). The catalog says "Region:
    not published" in such an instance's notes, with where it was looked for."""
    k, c = scenario.constraints, scenario.candidates
    if not k.regions:
        return []
    typos = [
        f"unknown region '{r}': no catalog instance, grid record or hosted API names it, so no offer there"
        + (f"; closest: {close}" if close else "")
        for r, close in unknown_regions(scenario, catalog)
    ]
    names = c.hardware or [i.name for i in catalog.instances]
    unknown = []
    for n in names:
        inst = next((i for i in catalog.instances if i.name.casefold() == n.casefold()), None)
        if inst is None or inst.deployment is Deployment.ON_PREM or inst.region:
            continue
        if k.providers and inst.provider.casefold() not in {p.casefold() for p in k.providers}:
            continue
        unknown.append(inst.name)
    if not unknown:
        return typos
    shown = ", ".join(unknown[:4]) + (f" and {len(unknown) - 4} more" if len(unknown) > 4 else "")
    word = "instance" if len(unknown) == 1 else "instances"
    one = "it" if len(unknown) == 1 else "one"
    return typos + [
        f"{len(unknown)} {word} excluded: region unknown, so residency in {', '.join(k.regions)} "
        f"is not verified ({shown}); to keep {one}, add a copy that names the region you will rent in"
    ]


def known_regions(catalog: Catalog) -> list[str]:
    """Every region name the catalog knows: its instances' regions, its grid records' names and its
    hosted APIs' data-residency names ("EU"), each once (first spelling kept)."""
    seen: dict[str, str] = {}
    names = [i.region or "" for i in catalog.instances] + [g.name for g in catalog.grid_regions]
    names += [r for api in catalog.hosted_apis for r in api.data_residency]
    for n in names:
        if n:
            seen.setdefault(n.casefold(), n)
    return list(seen.values())


def unknown_regions(scenario: Scenario, catalog: Catalog) -> list[tuple[str, str]]:
    """(region, its closest known names) for each region of `constraints.regions` that no catalog
    (or inline) instance, grid record or hosted API names. `catalog`: merged with the scenario's
    instances."""
    known = known_regions(catalog)
    folded = {k.casefold() for k in known}
    out: list[tuple[str, str]] = []
    for region in scenario.constraints.regions:
        if region.strip().casefold() in folded:
            continue
        close = difflib.get_close_matches(region, known, n=3, cutoff=0.6) or difflib.get_close_matches(
            region, known, n=3, cutoff=0.0
        )
        out.append((region, ", ".join(close)))
    return out


def unknown_region(scenario: Scenario, catalog: Catalog) -> str:
    """Why `constraints.regions` is refused: none of its regions is named by a catalog (or inline)
    instance, grid record or hosted API, so it would silently drop every cloud offer (tcli5 N5: a
    typo 'eu-central1' turned the answer into on-prem); with the closest names. '' otherwise (a list
    with some known regions stands; `region_exclusions` notes the unknown ones)."""
    regions = scenario.constraints.regions
    found = unknown_regions(scenario, catalog)
    if not regions or len(found) < len(regions):
        return ""
    region, close = found[0]
    return (
        f"unknown region '{region}': no catalog instance, grid record or hosted API names it, so it would "
        "leave out every cloud offer"
        + (f" ({len(found) - 1} more region(s) unknown too)" if len(found) > 1 else "")
        + (f"; closest: {close}" if close else "")
    )


def build_space(scenario: Scenario, catalog: Catalog) -> Space:
    c, k = scenario.candidates, scenario.constraints
    refused = unknown_region(scenario, catalog) if k.regions else ""
    if refused:
        raise DomainError(refused)
    if c.models:
        models = [catalog.model(n) for n in c.models]
        for m in models:
            refuse_embedding_model(m, scenario.workload.is_embedding_job)
    elif scenario.workload.tokens.images_per_request > 0:
        # images in: every model that reads images (a named text model stays, refused by name)
        models = [m for m in catalog.models if m.reads_images]
    else:
        kinds = (Modality.TEXT, Modality.VISION_LANGUAGE)
        if scenario.workload.is_embedding_job:  # one vector per request: the embedders are candidates too
            kinds += (Modality.EMBEDDING,)
        models = [m for m in catalog.models if m.modality in kinds]
    if c.hardware:
        hardware = [hardware_of(catalog, n) for n in c.hardware]
    else:
        hardware = [hardware_of(catalog, i.name) for i in catalog.instances]
    if k.providers:
        allowed = {p.casefold() for p in k.providers}
        hardware = [h for h in hardware if h.instance is None or h.instance.provider.casefold() in allowed]
    if k.regions:
        hardware = [h for h in hardware if in_regions(h, k.regions)]
    if k.on_prem_only:
        hardware = [h for h in hardware if h.on_prem]
    runtimes = [catalog.runtime(n) for n in (c.runtimes or ["vLLM"])]
    runtimes = [r for r in runtimes if not r.hosted] or runtimes
    if not models:
        raise DomainError(
            "no candidate models: the workload sends images and the catalog has no vision-language model; "
            "add one (archwise model import-config) or name one under candidates.models"
            if scenario.workload.tokens.images_per_request > 0
            else "no candidate models: name some under candidates.models"
        )
    if not hardware:
        unknown = region_exclusions(scenario, catalog)
        raise DomainError(
            "no candidate hardware left after the constraints (providers, regions, on-prem only)"
            + (f"; {unknown[0]}" if unknown else "")
        )
    per_replica = min([x for x in (k.max_gpus, k.max_total_gpus) if x] or [0]) or None
    rag = scenario.workload.rag
    named = [n for n in ((rag.embedding_model, rag.rerank_model) if rag else ()) if n]
    encoders = {n.casefold(): catalog.model(n) for n in named}
    return Space(
        models,
        hardware,
        runtimes,
        list(c.precisions) or [Precision.BF16],
        list(c.kv_precisions),
        list(c.gpu_counts),
        per_replica,
        list(catalog.efficiency),
        host_cpu=next((x for x in catalog.accelerators if x.kind is AcceleratorKind.CPU), None),
        encoders=encoders,
    )


@dataclass
class Points:
    """One row per candidate point; indices into the Space's lists."""

    model: np.ndarray
    hardware: np.ndarray
    runtime: np.ndarray
    precision: np.ndarray  # Precision code (tables.PRECISIONS)
    kv_precision: np.ndarray
    gpus: np.ndarray
    tp: np.ndarray
    pp: np.ndarray
    runtime_ok: np.ndarray  # False where no candidate runtime runs on this hardware (kept to explain why)

    def __len__(self) -> int:
        return int(self.model.size)

    def take(self, idx: np.ndarray) -> Points:
        return Points(**{k: v[idx] for k, v in self.__dict__.items()})


def enumerate_points(space: Space) -> Points:
    """Every valid point: TP divides the GPUs and the heads and stays inside a node; PP = GPUs/TP
    divides the layers; the replica fits in the nodes it may use."""
    M, H, R, P = len(space.models), len(space.hardware), len(space.runtimes), len(space.precisions)
    kv_list = space.kv_precisions
    K = max(len(kv_list), 1)
    node = np.array([h.node_gpus for h in space.hardware])
    nodes_cap = np.array([min(h.max_nodes or MAX_NODES_PER_REPLICA, MAX_NODES_PER_REPLICA) for h in space.hardware])
    if space.gpu_counts:
        counts = np.array(sorted(set(space.gpu_counts)), dtype=np.int64)
    else:
        counts = np.array([1, 2, 4, 8, 16, 32], dtype=np.int64)
    m, h, r, p, kv, g, t = np.meshgrid(
        np.arange(M), np.arange(H), np.arange(R), np.arange(P), np.arange(K), counts, TP_CHOICES, indexing="ij"
    )
    m, h, r, p, kv, g, t = (a.ravel() for a in (m, h, r, p, kv, g, t))
    heads = np.array([x.attention_heads for x in space.models])[m]
    kv_heads = np.array([x.kv_heads for x in space.models])[m]
    layers = np.array([x.layers for x in space.models])[m]
    pp = g // np.maximum(t, 1)
    ok = (g % t == 0) & (t <= node[h]) & (heads % t == 0)
    ok &= (kv_heads % t == 0) | (t % kv_heads == 0)
    ok &= (pp >= 1) & (layers >= pp)
    # one node unless it is full: a replica larger than a node fills whole nodes
    ok &= (g <= node[h]) | ((g % node[h] == 0) & (g // node[h] <= nodes_cap[h]))
    # a replica never mixes partial nodes: counts below a node use TP only, above it TP = node
    ok &= (pp == 1) | (t == node[h]) | (g <= node[h])
    if space.max_gpus:
        ok &= g <= space.max_gpus
    if not space.gpu_counts:
        ok &= (g <= node[h]) | (g % node[h] == 0)
    # runtime compatibility: drop pairs no runtime supports only when another candidate runtime does
    rt_hw = np.array([[runtime_supports(rt, hw.accelerator) for hw in space.hardware] for rt in space.runtimes])
    rt_prec = np.array([[runtime_allows_precision(rt, pr) for pr in space.precisions] for rt in space.runtimes])
    supported = rt_hw[r, h] & rt_prec[r, p]
    any_runtime = rt_hw.any(axis=0)[h]
    ok &= supported | (~any_runtime & (r == 0))
    # number formats: only those each device runs (natively or weight-only), BF16 as FP16 where
    # the device has no BF16; a format asked for twice on one device (BF16 and FP16 on a T4) once
    weights_code = served_codes([hw.accelerator for hw in space.hardware], space.precisions)
    ok &= weights_code[h, p] >= 0
    # a format the device holds only weight-only needs a runtime with that weight-only kernel
    # (FP8 on an A100: vLLM's FP8 Marlin, not TensorRT-LLM)
    rt_wo = np.array(
        [
            [
                [
                    code < 0 or runtime_allows_weight_only(rt, hw.accelerator, PRECISIONS[code])
                    for code in weights_code[j]
                ]
                for j, hw in enumerate(space.hardware)
            ]
            for rt in space.runtimes
        ],
        dtype=bool,
    ).reshape(R, H, P)
    ok &= rt_wo[r, h, p] | ~supported
    if kv_list:
        kv_code = served_codes([hw.accelerator for hw in space.hardware], kv_list, dedupe=False)
        ok &= kv_code[h, kv] >= 0
    sel = np.nonzero(ok)[0]
    hs, ps = h[sel], p[sel]
    prec = weights_code[hs, ps]
    if kv_list:
        kv_codes = kv_code[hs, kv[sel]]
    else:
        kv_default = np.array(
            [[PRECISION_CODE[kv_on(hw.accelerator, x)] for x in PRECISIONS] for hw in space.hardware], dtype=np.int64
        )
        kv_codes = kv_default[hs, prec]
    # the KV format each point ends up with must be one its runtime stores (runtimes.yaml kv_precisions)
    rt_kv = np.array([[runtime_allows_kv(rt, x) for x in PRECISIONS] for rt in space.runtimes])
    keep = rt_kv[r[sel], kv_codes] | ~any_runtime[sel]
    sel, hs, prec, kv_codes = sel[keep], hs[keep], prec[keep], kv_codes[keep]
    return Points(
        model=m[sel],
        hardware=hs,
        runtime=r[sel],
        precision=prec,
        kv_precision=kv_codes,
        gpus=g[sel],
        tp=t[sel],
        pp=pp[sel],
        runtime_ok=supported[sel],
    )


def _names(formats) -> str:
    xs = [f.value for f in formats]
    return xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + " or " + xs[-1]


def _runs(accel: Accelerator) -> str:
    """What the device computes in and what it holds weight-only, in words."""
    native = [p for p in PRECISIONS if p in accel.native or p is Precision.FP32]
    wo = [p for p in PRECISIONS if p in accel.weight_only]
    text = ", ".join(p.value for p in native) + " natively"
    return text + (f"; {', '.join(p.value for p in wo)} weight-only" if wo else "")


def why_empty(space: Space) -> str:
    """Why enumerate_points found no point, naming the real cause: the number formats asked for
    (no device in scope serves them), the runtimes (none serves those formats on those devices),
    the KV formats, and only then the GPU counts and tensor-parallel degrees."""
    accels = [hw.accelerator for hw in space.hardware]
    asked = space.precisions
    served = served_codes(accels, asked, dedupe=False)
    if (served < 0).all():
        parts = []
        for a in {a.name: a for a in accels}.values():
            offer = [p for p in (a.half_format, *sorted(a.weight_only, key=PRECISION_CODE.get)) if p]
            parts.append(
                f"{_names(asked).upper()} is not available on {a.name} (it runs {_runs(a)}); "
                f"choose {_names(offer) if offer else 'fp32'}"
            )
        return "no valid configuration: " + "; ".join(parts)
    # (runtime, device, format) triples a runtime can serve
    blocked: list[str] = []
    any_ok = False
    for rt in space.runtimes:
        for j, a in enumerate(accels):
            if not runtime_supports(rt, a):
                continue
            for i in range(len(asked)):
                code = served[j, i]
                if code < 0:
                    continue
                fmt = PRECISIONS[code]
                if not runtime_allows_precision(rt, fmt):
                    blocked.append(f"{rt.name} does not serve {fmt.value} weights")
                elif not runtime_allows_weight_only(rt, a, fmt):
                    blocked.append(
                        f"{rt.name} has no weight-only {fmt.value} path and {a.name} has no {fmt.value} "
                        f"math units (it runs {_runs(a)})"
                    )
                else:
                    any_ok = True
    if not any_ok and blocked:
        return (
            "no valid configuration: "
            + "; ".join(dict.fromkeys(blocked))
            + ". Choose another format or a runtime that serves it (runtimes.yaml weight_precisions, "
            "weight_only_precisions)"
        )
    if space.kv_precisions and (served_codes(accels, space.kv_precisions, dedupe=False) < 0).all():
        return (
            f"no valid configuration: no device in scope stores {with_article(_names(space.kv_precisions))} KV cache "
            f"({'; '.join(f'{a.name} runs {_runs(a)}' for a in {a.name: a for a in accels}.values())})"
        )
    return (
        "no valid configuration: the GPU counts and tensor-parallel degrees in scope do not "
        "divide the candidate models' attention heads (or exceed max_gpus / a node)"
    )
