"""The one power model: what a node draws at a utilisation, for every place that needs it (the
deployment comparison's kWh, on-prem electricity in `engine.cost`, the fleet's node power).

    P_idle     = the catalog's measured idle power, else TDP x idle_power_fraction        [W] per accelerator
    a          = max(1 - exp(-lambda x T), min(1, lambda / lambda_max))   (`active_share`)  [1] time busy
    u_mem      = t_mem / t_step,  u_comp = t_comp / t_step   (`step_activity`)             [1] per GPU
    s          = min(1, BETA_MEM x u_mem + BETA_COMP x u_comp)   (`step_power_share`)     [1] per GPU
    P_accel(a) = P_idle + (TDP - P_idle) x a x s                                          [W]
    P_node(a)  = n_accel x P_accel(a) + P_host                                            [W] (IT power)
    P_fac(a)   = P_node(a) x PUE                                                          [W] (at the meter)

Busy power follows what the GPU does in a step. t_step [s] is the decode step the engine times TPOT
with (`roofline.decode_token_s`: GEMMs, attention, the tensor-parallel all-reduces and the runtime's
per-step CPU work); t_mem [s] the time its bytes (weights it touches, KV it reads) keep the memory
system busy at the bandwidth the roofline attains (x MBU); t_comp [s] the time its FLOPs keep the tensor
cores busy at the rate it attains (x MFU). While the GPU waits on an all-reduce or on the host neither
runs, so both shares fall with those waits (the mechanism ML.ENERGY names: "CPU-side overheads may
bottleneck execution and underutilize the GPU, increasing static power wastage",
https://ml.energy/blog/measurement/energy/llm-inference-energy-a-longitudinal-analysis, read
2026-11-30). A memory-bound decode at a small batch streams weights and leaves the tensor cores mostly
idle (u_mem ~0.8, u_comp ~0.04): s ~0.65; a big batch whose GEMMs keep the tensor cores busy adds
u_comp ~0.6 and meets the power limit (s = 1: the clocks drop, TDP holds). Dynamic power as the sum of
each unit's activity times its power is the usual counter-based GPU power model (Isci and Martonosi,
MICRO 2003; Hong and Kim, ISCA 2010); the two coefficients are its per-unit powers, as shares of
(TDP - P_idle). BETA_MEM 0.735 and BETA_COMP 0.945 were fitted (`bench/energy_accuracy.py --fit`,
least squares on the relative power error, the clip included) ONLY on the 11 `train` rows of
bench/validation/energy.yaml: the ML.ENERGY v3 sweep of Llama-3.1-8B-Instruct on one H100 SXM (vLLM,
BF16, max_num_seqs 8 to 768; avg_power_watts 486-690 W), chosen as train before fitting. Everything
else there is held out (Qwen3 8B/14B/32B, Llama-3.1/3.3-70B, Llama-3.1-405B-FP8 on H100 and B200 at TP
1-8, the 2024 v2 A100 rows, MLPerf Power): bench/energy_accuracy.py prints the error of each row, of
train and held out, and of each source family and GPU. The form (a clipped sum) was chosen on the train
rows: the product form 1 - (1 - b_m u_mem)(1 - b_c u_comp) fitted them closer (1.5 % against 2.7 %)
only with b_c at the search's upper bound 1.6, a unit drawing more than the GPU's whole headroom.

Worked example (train rows, 256 input tokens assumed): Llama-3.1-8B in BF16 on one H100 SXM (TDP 700 W,
idle 73 W). At 8 sequences in flight the engine's step has u_mem = 0.825 and u_comp = 0.044:
s = min(1, 0.735 x 0.825 + 0.945 x 0.044) = 0.648, P = 73 + 627 x 0.648 = 479 W (measured 486 W). At
512 in flight u_mem = 0.519, u_comp = 0.630: s = 0.977, P = 686 W (measured 688 W). The model this
replaced (busy 0.54 x TDP while in kernels) read 324 W and 366 W.

`busy_power_fraction` (Assumptions) is the user's override: set, P_busy = TDP x busy_power_fraction and
s = k, the share of the decode step the GPU runs kernels (`decode_kernel_share`), the model before
(2026-11-30); projects saved with that model carry its default 0.54 and keep it until the field is
cleared. The accelerators of a replica draw this power while it has a request in service and idle power
otherwise; `a` is the share of the hour it is busy at its arrival rate lambda [req/s] and a request's
time in service T [s] (0.2 req/s of 2-s requests: a = 1 - exp(-0.4) = 33 %). Where the GPUs wait
longer than the engine's step says (the 2024 vLLM of ML.ENERGY v2, whose A100 runs were far slower than
the roofline), the model overstates their power: those rows are reported apart, not fitted. Linear
between idle and busy in the busy share is the usual first-order server power model (Barroso, Hoelzle
and Ranganathan, The Datacenter as a Computer, 3rd ed., 2018, ch. 5). Host power (CPUs, memory, NICs,
fans) is held constant: the catalog's figure is the node maximum minus the accelerators' TDP, an upper
bound (MLPerf Power wall readings less the model's GPUs leave 1.6-2.7 kW for hosts the catalog gives 4.6 kW),
so every figure resting on it is marked an upper bound (`host_at_max`) unless the user sets
`Assumptions.host_power_fraction`, the share of that maximum their host draws (host = fraction x figure); 0 for a
device whose idle and TDP are already the whole machine at the wall (`Accelerator.whole_system_power`:
Apple Macs, Raspberry Pi boards). A node without an accelerator TDP but with a stated node power
(`Instance.power_w`) draws that power at load, spread over its accelerators."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from app.domain import Accelerator, Assumptions, Catalog, Instance
from app.domain.hardware import Deployment


def accelerator_power_w(idle_w: float, busy_w: float, utilisation: np.ndarray | float) -> np.ndarray:
    """Power of one accelerator [W] busy a share `a` of the time (`utilisation`, clipped to [0, 1]):
    P_idle x (1 - a) + P_busy x a."""
    u = np.clip(np.asarray(utilisation, dtype=np.float64), 0.0, 1.0)
    return idle_w + (max(busy_w, idle_w) - idle_w) * u


def active_share(
    rate_per_replica: np.ndarray | float,
    request_s: np.ndarray | float | None,
    max_rate: np.ndarray | float | None = None,
) -> np.ndarray:
    """Share of the time a replica has at least one request in service [1]:

        a = max(1 - exp(-lambda x T), min(1, lambda / lambda_max))

    lambda [req/s] the replica's arrival rate; T [s] one request's time in service alone (TTFT +
    output tokens x TPOT at batch 1: `Option.request_s`, the evaluation's closed-loop latency at the
    smallest batch). Poisson arrivals served by continuous batching (a request starts when it
    arrives, below capacity) make an M/G/inf system: the number in service is Poisson with mean
    lambda x T whatever the service-time distribution (Kleinrock, Queueing Systems vol. 1, 1975, the
    M/G/inf queue), so the replica is idle exp(-lambda T) of the time. At 0.2 req/s and T = 2 s:
    a = 0.33; from about three requests in flight (lambda T >= 3) a >= 0.95. Batching slows each
    request as load grows, so T at batch 1 makes `a` a lower bound there, but only where lambda T is
    already large and a close to 1. T unknown (None, or not finite: a point that serves nothing):
    busy all of every hour with traffic (a = 1 for lambda > 0), the side that does not understate.

    lambda_max [req/s] (`max_rate`) the most the replica serves at any batch it holds, the SLA aside
    (`Evaluation.peak_rate`, `Option.peak_requests_per_s_per_replica`; a batch job's max rate; None, 0
    or not finite: no such floor). While busy a replica serves at most lambda_max, so lambda <=
    a x lambda_max: the floor is a lower bound whatever the batching. The M/G/inf form holds
    while requests overlap for free; where they do not (a prefill-only embedding request is
    compute-bound, a batch job runs its replicas at their max rate), a replica serving lambda of its
    lambda_max is busy at least lambda / lambda_max of the time (the utilisation of a single server,
    Kleinrock 1975, M/G/1), which the exponential misses: an embedding replica at its max rate of
    58.46 req/s with T = 1 / 58.46 s has lambda x T = 1, so 1 - exp(-1) = 0.632, but it is busy all
    of the run: a = max(0.632, 58.46 / 58.46) = 1."""
    lam = np.maximum(np.asarray(rate_per_replica, dtype=np.float64), 0.0)
    if request_s is None:
        return np.asarray(np.where(lam > 0, 1.0, 0.0))
    t = np.asarray(request_s, dtype=np.float64)
    known = np.isfinite(t) & (t >= 0)
    with np.errstate(invalid="ignore", over="ignore"):
        a = -np.expm1(-lam * np.where(known, t, 0.0))
    a = np.maximum(a, _utilisation_floor(lam, max_rate))
    return np.asarray(np.where(known, a, np.where(lam > 0, 1.0, 0.0)))


def _utilisation_floor(lam: np.ndarray, max_rate: np.ndarray | float | None) -> np.ndarray:
    """min(1, lambda / lambda_max) [1]; 0 where lambda_max is None, not positive or not finite."""
    if max_rate is None:
        return np.zeros_like(lam)
    cap = np.asarray(max_rate, dtype=np.float64)
    ok = np.isfinite(cap) & (cap > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        u = np.where(ok, lam / np.where(ok, cap, 1.0), 0.0)
    return np.asarray(np.clip(np.nan_to_num(u), 0.0, 1.0))


def decode_kernel_share(
    step_s: np.ndarray | float, comm_s: np.ndarray | float, overhead_s: np.ndarray | float
) -> np.ndarray:
    """Share of a decode step one GPU spends running its kernels [1]:

        k = (t_step - t_comm - t_overhead) / t_step

    t_step [s] the time between two tokens (`roofline.decode_token_s`); t_comm [s] the step's
    tensor-parallel all-reduces (2 per layer, latency + wire time: the GPU waits on the link);
    t_overhead [s] the runtime's per-step CPU work (scheduling, sampling, launch: the GPU waits on
    the host). What is left is the GEMMs and attention (memory- or compute-bound alike: the
    accelerator is busy either way). Example: a 22.45 ms step with 2.85 ms of all-reduce and 1.5 ms
    of overhead: k = 18.1 / 22.45 = 0.806. Clipped to [0, 1]; 1 where the step is not positive
    (nothing to share out: no reduction)."""
    t = np.asarray(step_s, dtype=np.float64)
    waits = np.asarray(comm_s, dtype=np.float64) + np.asarray(overhead_s, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.where(t > 0, 1.0 - waits / np.where(t > 0, t, 1.0), 1.0)
    return np.asarray(np.clip(np.nan_to_num(k, nan=1.0), 0.0, 1.0))


# The step model's coefficients [1]: the power a fully busy memory system and fully busy tensor
# cores each add, as shares of (TDP - P_idle). Fitted on the train rows of bench/validation/energy.yaml
# (`bench/energy_accuracy.py --fit`); see the module docstring.
BETA_MEM = 0.735
BETA_COMP = 0.945


def step_activity(
    mem_s: np.ndarray | float, comp_s: np.ndarray | float, step_s: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray]:
    """(u_mem, u_comp) [1]: the shares of a step `step_s` [s] one GPU's memory system and tensor cores
    would be busy moving its bytes and doing its FLOPs at their peaks, `mem_s` = bytes / peak
    bandwidth [s] and `comp_s` = FLOPs / peak FLOP/s [s]:

        u_mem = mem_s / t_step,  u_comp = comp_s / t_step

    The step's waits (all-reduce, the runtime's per-step work, the efficiency lost below the peaks)
    are in t_step and not in the numerators, so they lower both. Example: an 8B BF16 model on one
    H100 (16.06 GB of weights, 3,350 GB/s) reading 16.3 GB in a 7.0 ms step: u_mem = 4.87 / 7.0 =
    0.70. Each clipped to [0, 1]; 0 where the step is not positive."""
    t = np.asarray(step_s, dtype=np.float64)
    ok = t > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        u_mem = np.where(ok, np.asarray(mem_s, dtype=np.float64) / np.where(ok, t, 1.0), 0.0)
        u_comp = np.where(ok, np.asarray(comp_s, dtype=np.float64) / np.where(ok, t, 1.0), 0.0)
    return np.clip(np.nan_to_num(u_mem), 0.0, 1.0), np.clip(np.nan_to_num(u_comp), 0.0, 1.0)


def step_power_share(
    mem_share: np.ndarray | float,
    comp_share: np.ndarray | float,
    beta_mem: float = BETA_MEM,
    beta_comp: float = BETA_COMP,
) -> np.ndarray:
    """The share of (TDP - P_idle) a GPU draws over a step [1], from what the step keeps busy:

        s = min(1, beta_mem x u_mem + beta_comp x u_comp)

    u_mem, u_comp [1] (`step_activity`); beta_mem, beta_comp [1] the module's fitted coefficients.
    Clipped at 1: the GPU's power limit (TDP) holds whatever the work (the clocks drop)."""
    s = beta_mem * np.asarray(mem_share, dtype=np.float64) + beta_comp * np.asarray(comp_share, dtype=np.float64)
    return np.asarray(np.clip(s, 0.0, 1.0))


@dataclass(frozen=True)
class PowerModel:
    """How one node's power follows utilisation. Watts per accelerator (idle, busy) and per node (host)."""

    idle_w: float
    busy_w: float
    host_w: float
    pue: float
    idle_from_catalog: bool
    host_known: bool
    from_node_power: bool = False  # no accelerator TDP: the node's stated power_w at load
    # busy_w is the TDP and the share a GPU draws of (busy - idle) follows its step (step_power_share);
    # False: busy_w is the user's busy_power_fraction x TDP, drawn the share of a step in kernels
    follows_step: bool = False
    # host_w is the catalog's host figure, the node's maximum (system maximum - accelerators' TDP),
    # drawn every hour: the energy is an upper bound (Assumptions.host_power_fraction empty)
    host_at_max: bool = False
    # the user's share of that maximum (Assumptions.host_power_fraction) host_w was scaled by; None: not set
    host_fraction: float | None = None

    @classmethod
    def of(
        cls, acc: Accelerator, a: Assumptions, host_w: float | None, inst: Instance | None = None
    ) -> PowerModel | None:
        """The model for `acc` under the assumptions; None when neither a TDP nor a node power is known."""
        tdp = acc.tdp_w
        if tdp is None:
            if inst is None or not inst.power_w:
                return None
            busy = inst.power_w / max(inst.accelerator_count, 1)
            # the catalogued idle (a Mac's at the wall) when there is one, never above the node power
            measured = acc.idle_power_w
            idle = min(measured if measured is not None else busy * a.idle_power_fraction, busy)
            return cls(
                idle,
                busy,
                0.0,
                a.pue,
                measured is not None,
                acc.whole_system_power,
                from_node_power=True,
                follows_step=a.busy_power_fraction is None,
            )
        # the step model: busy = TDP, scaled by the step's activity; an override: the stated share of TDP
        busy = tdp * (1.0 if a.busy_power_fraction is None else a.busy_power_fraction)
        measured = acc.idle_power_w
        idle = min(measured if measured is not None else tdp * a.idle_power_fraction, busy)
        if host_w is None and acc.whole_system_power:
            host_w = 0.0  # the device's figures are the whole machine at the wall: no host on top
        # a host figure is the node's maximum (the catalog's derivation): drawn as is unless the user
        # states the share of it the host draws (host_power_fraction)
        scaled = host_w is not None and host_w > 0 and a.host_power_fraction is not None
        return cls(
            idle,
            busy,
            (host_w or 0.0) * (a.host_power_fraction if scaled and a.host_power_fraction is not None else 1.0),
            a.pue,
            measured is not None,
            host_w is not None,
            follows_step=a.busy_power_fraction is None,
            host_at_max=host_w is not None and host_w > 0 and not scaled,
            host_fraction=a.host_power_fraction if scaled else None,
        )

    def node_w(self, node_gpus: int | float | np.ndarray, utilisation: np.ndarray | float) -> np.ndarray:
        """IT power of one node [W] busy a share `a` (`utilisation`) of the time: GPUs x P_accel(a) + host."""
        return np.asarray(node_gpus * accelerator_power_w(self.idle_w, self.busy_w, utilisation) + self.host_w)

    def facility_w(self, node_gpus: int | float | np.ndarray, utilisation: np.ndarray | float) -> np.ndarray:
        """Facility power of one node [W] busy a share `a` (`utilisation`) of the time:
        (GPUs x P_accel(a) + host) x PUE."""
        return self.node_w(node_gpus, utilisation) * self.pue

    @property
    def host_words(self) -> str:
        """What the host figure is, after it: " (its catalogued maximum: an upper bound)", " (0.4 of its
        catalogued maximum: the Host power assumption)", or "" (no host, or none drawn)."""
        if self.host_at_max:
            return " (its catalogued maximum: an upper bound)"
        if self.host_fraction is not None:
            return f" ({self.host_fraction:g} of its catalogued maximum: the Host power assumption)"
        return ""

    def describe(self, acc_name: str) -> str:
        """One line saying where the figures come from (for tooltips, bases and the report)."""
        if self.from_node_power:
            idle = "catalogued idle" if self.idle_from_catalog else "idle share of the node power assumed"
            host = "host included" if self.host_known else "host power unknown"
            return (
                f"{acc_name}: busy {self.busy_w:,.0f} W per accelerator (the node's stated power, no TDP "
                f"catalogued), idle {self.idle_w:,.1f} W ({idle}); {host}; PUE {self.pue:g}"
            )
        idle = "catalogued idle" if self.idle_from_catalog else "idle share of TDP assumed"
        host = f"host {self.host_w:,.0f} W{self.host_words}" if self.host_known else "host power unknown"
        busy = (
            f"up to TDP {self.busy_w:,.0f} W as its steps keep it busy"
            if self.follows_step
            else f"busy {self.busy_w:,.0f} W"
        )
        return f"{acc_name}: {busy}, idle {self.idle_w:,.0f} W ({idle}); {host}; PUE {self.pue:g}"


# Accelerators whose 8-GPU baseboard drops into another's host platform, so a rented node of the
# first may borrow the host power of an on-prem node of the second when no node of its own states one.
# NVIDIA, 2023-11-13 (https://nvidianews.nvidia.com/news/nvidia-supercharges-hopper-the-worlds-leading-ai-computing-platform):
# HGX H200 boards "are compatible with both the hardware and software of HGX H100 systems" (quoted from
# memory of that release; not re-read in this session: check the wording against the page).
HOST_PLATFORM_PROXY: dict[str, tuple[str, str]] = {
    "NVIDIA H200 SXM": ("NVIDIA H100 SXM", "HGX H200 drops into HGX H100 systems (NVIDIA, 2023-11-13): same host"),
}


def host_power_basis(inst: Instance, catalog: Catalog) -> tuple[float | None, str]:
    """(host power [W] of one node of `inst`, where it comes from). Its own figure; else, for a rented
    node (cloud, bare metal), the per-accelerator host share of an on-prem node with the same
    accelerator, or of one with the accelerator whose host platform it shares (`HOST_PLATFORM_PROXY`);
    else (None, "host power unknown"). An on-prem node without a figure borrows none: its own spec is
    what is bought. A node of a device whose figures are the whole machine (`whole_system_power`:
    a Mac, a Raspberry Pi) has host 0 W: counting a host on top would count it twice."""
    if inst.host_power_w is not None:
        return inst.host_power_w, f"host {inst.host_power_w:,.0f} W per node (catalog)"
    device = next((x for x in catalog.accelerators if x.name == inst.accelerator), None)
    if device is not None and device.whole_system_power:
        return 0.0, f"host 0 W: {device.name}'s power figures are the whole machine at the wall (host included)"
    if inst.deployment is not Deployment.ON_PREM:
        proxy = HOST_PLATFORM_PROXY.get(inst.accelerator)
        for acc, why in [(inst.accelerator, "with the same accelerator")] + (
            [(proxy[0], f"with {proxy[0]} ({proxy[1]})")] if proxy else []
        ):
            for other in catalog.instances:
                if other.accelerator == acc and other.host_power_w is not None:
                    host = other.host_power_w / other.accelerator_count * inst.accelerator_count
                    return host, f"host {host:,.0f} W per node, scaled from {other.name} {why}"
    return None, "host power unknown: accelerators only (energy incomplete)"


def host_power_w(inst: Instance, catalog: Catalog) -> float | None:
    """The node's host power [W] (`host_power_basis`), None when unknown."""
    return host_power_basis(inst, catalog)[0]


def idle_fraction_unused(a: Assumptions, accelerators: Iterable[Accelerator]) -> list[str]:
    """The note when the user's `idle_power_fraction` (a value other than its default) is not used
    for some of `accelerators`: a measured idle power (`Accelerator.idle_power_w`) is the device's
    idle, and the share of TDP is only the fallback for a device without one. [] when nothing to say."""
    default = Assumptions.model_fields["idle_power_fraction"].default
    if a.idle_power_fraction == default:
        return []
    measured = {x.name: x.idle_power_w for x in accelerators if x.tdp_w is not None and x.idle_power_w is not None}
    if not measured:
        return []
    named = ", ".join(f"{n} ({w:,.0f} W)" for n, w in sorted(measured.items()))
    return [
        f"idle_power_fraction {a.idle_power_fraction:g} not used for {named}: a measured idle power is the "
        "device's idle; the share of TDP applies only to devices with no measured idle power"
    ]


def idle_clamped(a: Assumptions, accelerators: Iterable[Accelerator]) -> list[str]:
    """The note when a measured idle power is above the busy power the assumptions give
    (TDP x busy_power_fraction): `PowerModel.of` then takes the busy power as the idle too."""
    out: list[str] = []
    if a.busy_power_fraction is None:  # the step model: busy is the TDP, never below a measured idle
        return out
    for x in {x.name: x for x in accelerators}.values():
        if x.tdp_w is not None and x.idle_power_w is not None and x.idle_power_w > x.tdp_w * a.busy_power_fraction:
            busy = x.tdp_w * a.busy_power_fraction
            out.append(
                f"{x.name}: measured idle {x.idle_power_w:,.0f} W is above its busy power ({x.tdp_w:,.0f} W TDP x "
                f"busy_power_fraction {a.busy_power_fraction:g} = {busy:,.0f} W); idle taken as {busy:,.0f} W "
                "(raise busy_power_fraction if the device draws more at load)"
            )
    return out


def power_notes(a: Assumptions, catalog: Catalog, accelerators: Iterable[str]) -> list[str]:
    """The sizing's and the fleet's notes on the idle power used for the named accelerators."""
    used = [catalog.accelerator(n) for n in dict.fromkeys(accelerators)]
    return idle_fraction_unused(a, used) + idle_clamped(a, used)


def node_power_model(
    inst: Instance, acc: Accelerator, a: Assumptions, catalog: Catalog | None = None
) -> PowerModel | None:
    """The power model of one node of `inst`. Host power [W]: `host_power_w` when a catalog is given,
    else the instance's own figure; without either, a stated node power_w minus the accelerators' TDP."""
    host = host_power_w(inst, catalog) if catalog is not None else inst.host_power_w
    if host is None and inst.power_w and acc.tdp_w is not None:
        # a node power stated without a host figure: the host is what the accelerators' TDP leaves
        # (the catalog's own derivation), so the node at full load at TDP draws its stated power
        # (nothing left: the stated power is the accelerators' alone, the host stays unknown)
        host = inst.power_w - inst.accelerator_count * acc.tdp_w
        host = host if host > 0 else None
    return PowerModel.of(acc, a, host, inst)


def node_busy_share(
    rate: np.ndarray | float,
    replicas: np.ndarray | float,
    gpus_per_replica: np.ndarray | float,
    nodes: np.ndarray | float,
    node_gpus: np.ndarray | float,
    request_s: np.ndarray | float | None,
    kernel_share: np.ndarray | float = 1.0,
    max_rate: np.ndarray | float | None = None,
) -> np.ndarray:
    """The busy share of `nodes` nodes' accelerators taken together [1], when `replicas` serving
    replicas of `gpus_per_replica` share `rate` [req/s] and every other accelerator (spares, free
    slots) idles:

        a_node = replicas x gpus_per_replica x active_share(rate / replicas, T, lambda_max) x k / (nodes x node_gpus)

    `max_rate` lambda_max [req/s]: the most one replica serves (`active_share`); None: no such floor.

    k (`kernel_share`, `decode_kernel_share`) the share of each decode step a serving GPU runs
    kernels (1: busy the whole step, the model before). So that, P_node being linear in its share,
    nodes x P_node(a_node) = nodes x (node_gpus x P_idle + P_host) + replicas x gpus_per_replica x
    (P_busy - P_idle) x a x k: the serving GPUs run kernels a share a x k of the hour and every other
    accelerator idles. 0 where there are no nodes or replicas; clipped to [0, 1]."""
    held = np.asarray(nodes, dtype=np.float64) * np.asarray(node_gpus, dtype=np.float64)
    busy = busy_accelerators(rate, replicas, gpus_per_replica, request_s, kernel_share, max_rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(held > 0, busy / np.where(held > 0, held, 1.0), 0.0)
    return np.asarray(np.clip(np.nan_to_num(share), 0.0, 1.0))


def busy_accelerators(
    rate: np.ndarray | float,
    replicas: np.ndarray | float,
    gpus_per_replica: np.ndarray | float,
    request_s: np.ndarray | float | None,
    kernel_share: np.ndarray | float = 1.0,
    max_rate: np.ndarray | float | None = None,
) -> np.ndarray:
    """Accelerators' worth running kernels [GPUs] when `replicas` replicas of `gpus_per_replica`
    share `rate` [req/s] evenly:

        busy = replicas x gpus_per_replica x active_share(rate / replicas, T, lambda_max) x k

    `max_rate` lambda_max [req/s] the most one replica serves (None: no floor, `active_share`).

    The one busy count every energy figure is built on (`node_busy_share` for the options, the
    deployment comparison and the on-prem cost; the fleet's pool energy): each accelerator adds
    (P_busy - P_idle) x busy to the idle power of what is held. Example: 2 replicas of 1 GPU sharing
    0.4 req/s of 2-s requests, k = 0.9: 2 x (1 - exp(-0.4)) x 0.9 = 0.593 GPUs. 0 where there are
    no replicas."""
    reps = np.asarray(replicas, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_replica = np.where(reps > 0, np.asarray(rate, dtype=np.float64) / np.where(reps > 0, reps, 1.0), 0.0)
        busy = reps * np.asarray(gpus_per_replica, dtype=np.float64) * active_share(per_replica, request_s, max_rate)
        busy = busy * np.clip(np.asarray(kernel_share, dtype=np.float64), 0.0, 1.0)
    return np.asarray(np.where(reps > 0, np.nan_to_num(busy), 0.0))


def dedicated_kwh(
    power: PowerModel,
    node_gpus: float,
    nodes: np.ndarray | float,
    serving_slots: np.ndarray | float,
    rate_per_replica: np.ndarray | float,
    gpus_per_replica: np.ndarray | float,
    request_s: np.ndarray | float | None,
    day_rates: np.ndarray,
    hours_per_month: float,
    kernel_share: np.ndarray | float = 1.0,
    max_rate: np.ndarray | float | None = None,
) -> np.ndarray:
    """Facility energy a month [kWh] of `nodes` held all month. In each profile hour the rate needs
    replicas_h = ceil(rate_h / rate_per_replica), at least 1 and at most `serving_slots` (the
    replicas the non-spare nodes hold); their GPUs are busy a share a_h = active_share(rate_h /
    replicas_h, request_s, max_rate) of the hour and every other accelerator idles (`node_busy_share`):

        kWh = sum_h nodes x P_fac(node_busy_share_h) x (hours_per_month / 24) / 1000

    `request_s` [s]: one request's time in service alone; `day_rates` [req/s]: the 24 hourly rates;
    `kernel_share` [1]: the share of each decode step a serving GPU runs kernels (`decode_kernel_share`);
    `max_rate` [req/s]: the most one replica serves (`Evaluation.peak_rate`; None: no floor, `active_share`).
    Broadcasts over points (arrays of the same shape)."""
    slots = np.asarray(serving_slots, dtype=np.float64)
    rates = np.asarray(day_rates, dtype=np.float64).reshape((-1,) + (1,) * slots.ndim)
    watts = _dedicated_w_by_hour(
        power, node_gpus, nodes, slots, rate_per_replica, gpus_per_replica, request_s, rates, kernel_share, max_rate
    )
    hours_each = hours_per_month / rates.shape[0]
    return np.asarray(np.sum(watts, axis=0) * hours_each / 1000.0)


def dedicated_kwh_each_day(
    power: PowerModel,
    node_gpus: float,
    nodes: np.ndarray,
    serving_slots: np.ndarray,
    rate_per_replica: np.ndarray,
    gpus_per_replica: np.ndarray,
    request_s: np.ndarray | None,
    day_rates: np.ndarray,
    alone: np.ndarray,
    hours_per_month: float,
    kernel_share: np.ndarray | float = 1.0,
    max_rate: np.ndarray | float | None = None,
) -> np.ndarray:
    """`dedicated_kwh` [kWh] of points (N,) each at a day of its own: `day_rates` [req/s] (24, N),
    column n point n's 24 hourly rates (the traffic chart's steps: one call, not one per step).

    Each point's kWh is the one `dedicated_kwh` gives it among the points at its day, to the last
    bit: numpy sums a lone point's 24 hours pairwise and a group's hour by hour, so `alone` [bool]
    (N,) says which points were the only one of their hardware at their day."""
    watts = _dedicated_w_by_hour(
        power,
        node_gpus,
        nodes,
        serving_slots,
        rate_per_replica,
        gpus_per_replica,
        request_s,
        day_rates,
        kernel_share,
        max_rate,
    )
    each = np.where(alone, np.ascontiguousarray(watts.T).sum(axis=1), np.sum(watts, axis=0))
    hours_each = hours_per_month / watts.shape[0]
    return np.asarray(each * hours_each / 1000.0)


def _dedicated_w_by_hour(
    power: PowerModel,
    node_gpus: float,
    nodes: np.ndarray | float,
    slots: np.ndarray,
    rate_per_replica: np.ndarray | float,
    gpus_per_replica: np.ndarray | float,
    request_s: np.ndarray | float | None,
    rates: np.ndarray,
    kernel_share: np.ndarray | float,
    max_rate: np.ndarray | float | None = None,
) -> np.ndarray:
    """Facility power [W] of `nodes` in each profile hour (hours first: `rates` [req/s] (24, ...)),
    as `dedicated_kwh` describes it."""
    nodes = np.asarray(nodes, dtype=np.float64)
    slots = np.asarray(slots, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        need = np.ceil(rates / np.asarray(rate_per_replica, dtype=np.float64) - 1e-9)
    replicas = np.clip(np.nan_to_num(need, nan=np.inf, posinf=np.inf), 1.0, slots)
    t = None if request_s is None else np.asarray(request_s, dtype=np.float64)
    share = node_busy_share(rates, replicas, gpus_per_replica, nodes, node_gpus, t, kernel_share, max_rate)
    return np.asarray(nodes * power.facility_w(node_gpus, share))
