"""A user's own benchmark runs and the efficiency profiles fitted to them (issue 21).

A `MeasuredRun` is one run of one serving configuration at one load, as read from a benchmark
tool's result file (vLLM, SGLang, AIPerf/GenAI-Perf, trtllm-bench, llama-bench, LLMPerf, or the
plain CSV). What the file does not say (often the device, the parallelism or the precision) stays
empty until the user gives it: nothing is guessed. A `Calibration` is a fitted profile with its
provenance: which files and runs, when, and the residuals before and after.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, model_validator

from app.domain.common import DomainModel, Precision
from app.domain.runtime import EfficiencyProfile

Load = Literal["concurrency", "rate", "offline"]

# The measured figures a run may carry, with the engine's names (app.domain.results.Estimate).
METRICS: tuple[str, ...] = ("ttft_ms", "tpot_ms", "output_tokens_per_s")
METRIC_LABELS: dict[str, str] = {
    "ttft_ms": "TTFT [ms]",
    "tpot_ms": "TPOT [ms]",
    "output_tokens_per_s": "Output throughput [tokens/s]",
}

# The documented range of each number an importer reads: (exclusive lower, inclusive upper bound),
# in the field's unit. A value a file gives outside it (or not a finite number) refuses the file.
RANGES: dict[str, tuple[float, float]] = {
    "gpus": (0.0, 100_000.0),  # GPUs per replica
    "tensor_parallel": (0.0, 100_000.0),
    "input_tokens": (0.0, 10_000_000.0),  # mean prompt [tokens]
    "output_tokens": (0.0, 10_000_000.0),  # mean output [tokens]
    "concurrency": (0.0, 10_000_000.0),  # sequences in flight
    "rate_rps": (0.0, 10_000_000.0),  # [req/s]
    "max_batch": (0.0, 10_000_000.0),
    "ttft_ms": (0.0, 86_400_000.0),  # a day [ms]
    "tpot_ms": (0.0, 3_600_000.0),  # an hour per token [ms]
    "output_tokens_per_s": (0.0, 1e9),  # [tokens/s]
}
WHOLE = ("gpus", "tensor_parallel", "max_batch")  # counts: whole numbers only


def unread_note(fields: str, why: str) -> str:
    """A run's note for context a file gives but in a form Archwise cannot use: "gpus: tp_size
    '0' is not a GPU count". `fields` (CONTEXT_FLAGS keys, comma separated) are the fields left
    empty because of it; `unread_reasons` finds the note again so a message says what is wrong
    with the value instead of that the field is missing."""
    return f"{fields}: {why}"


def unread_reasons(notes: str) -> list[tuple[list[str], str]]:
    """The (fields, why) of each `unread_note` in a run's notes ("; " between notes)."""
    out = []
    for part in notes.split("; "):
        head, sep, why = part.partition(": ")
        fields = head.split(", ")
        if sep and all(f in CONTEXT_FLAGS for f in fields):
            out.append((fields, why))
    return out


# The context a fit needs, with the CLI flag that gives each one.
CONTEXT_FLAGS: dict[str, str] = {
    "model": "--model",
    "accelerator": "--accelerator",
    "gpus": "--gpus",
    "runtime": "--runtime",
    "precision": "--precision",
    "input_tokens": "--input-tokens",
    "output_tokens": "--output-tokens",
    "load": "--concurrency, --rate or --offline",
}


class MeasuredRun(DomainModel):
    """One measured run: the configuration, the load and what was measured (means per request)."""

    id: str = Field(min_length=1, max_length=200)  # "<file name>#<row>"
    source_file: str = ""  # the file it was read from (name only)
    source_format: str = ""  # the importer that read it ("vllm", "sglang", ...)
    measured_on: dt.date | None = None  # the run's own date when the file has one
    model: str | None = None
    accelerator: str | None = None
    gpus: int | None = Field(default=None, gt=0)
    tensor_parallel: int | None = Field(default=None, gt=0)
    runtime: str | None = None
    precision: Precision | None = None
    input_tokens: float | None = Field(default=None, gt=0)  # mean prompt [tokens]
    output_tokens: float | None = Field(default=None, gt=0)  # mean output [tokens]
    load: Load | None = None
    concurrency: float | None = Field(default=None, gt=0)  # sequences in flight (closed loop)
    rate_rps: float | None = Field(default=None, gt=0)  # offered Poisson rate [req/s]
    max_batch: int | None = Field(default=None, gt=0)  # offline: the runtime's batch cap
    ttft_ms: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    tpot_ms: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    output_tokens_per_s: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    # requests/s a file measured without the output length (`vllm bench throughput --output-json`):
    # with output_tokens, output_tokens_per_s = requests_per_s x output_tokens [tokens/s], derived
    # again whenever the length changes (derived_throughput)
    requests_per_s: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    included: bool = True  # the user may leave a run out of the fit
    notes: str = ""

    @model_validator(mode="before")
    @classmethod
    def derived_throughput(cls, data: Any) -> Any:
        """Output tokens/s of a run that measured requests/s: requests/s x the output length the
        user gives (none until then: the file does not say it)."""
        if not isinstance(data, dict) or data.get("requests_per_s") in (None, ""):
            return data
        try:
            rps, out = float(data["requests_per_s"]), float(data.get("output_tokens") or 0)
        except (TypeError, ValueError):
            return data  # the field validators word the error
        return {**data, "output_tokens_per_s": rps * out if out > 0 else None}

    def missing(self) -> list[str]:
        """The context fields (CONTEXT_FLAGS keys) a fit still needs for this run."""
        out = [k for k in ("model", "accelerator", "gpus", "runtime", "precision") if getattr(self, k) is None]
        out += [k for k in ("input_tokens", "output_tokens") if getattr(self, k) is None]
        if (
            self.load is None
            or (self.load == "concurrency" and self.concurrency is None)
            or (self.load == "rate" and self.rate_rps is None)
        ):
            out.append("load")
        return out

    def measured(self) -> dict[str, float]:
        """The figures this run measured, by metric name."""
        return {m: float(v) for m in METRICS if (v := getattr(self, m)) is not None}

    def describe(self) -> str:
        """One line naming the configuration, for tables and messages."""
        load = {
            "concurrency": f"concurrency {self.concurrency:g}" if self.concurrency else "concurrency ?",
            "rate": f"{self.rate_rps:g} req/s" if self.rate_rps else "rate ?",
            "offline": "offline",
        }.get(self.load or "", "load ?")
        io = (
            f"{self.input_tokens:.0f}/{self.output_tokens:.0f} tokens"
            if self.input_tokens and self.output_tokens
            else "lengths ?"
        )
        return (
            f"{self.model or 'model ?'} on {self.gpus or '?'}x {self.accelerator or 'device ?'}, "
            f"{self.runtime or 'runtime ?'} {self.precision.value if self.precision else 'precision ?'}, {io}, {load}"
        )


class Residual(DomainModel):
    """One measured figure against the engine's prediction for the same configuration."""

    run_id: str
    metric: str
    measured: float
    predicted: float | None  # None: the engine could not answer (reason says why)
    low: float | None = None  # the prediction's band
    high: float | None = None
    reason: str = ""
    # how the engine was asked: "offline: steady state, batch 3,989 (KV cache)", "16 in flight",
    # "Poisson 2.5 req/s" (an offline run is predicted as batch jobs are sized, said here)
    predicted_as: str = ""

    @property
    def error(self) -> float | None:
        """Signed relative error (predicted - measured) / measured."""
        return None if self.predicted is None else (self.predicted - self.measured) / self.measured


class Calibration(DomainModel):
    """An efficiency profile fitted to the user's runs, with where it came from."""

    profile: str  # "<efficiency_class>/<runtime>/<precision>" ("<efficiency_class>/<runtime>" before 2026-11-30)
    efficiency_class: str
    runtime: str
    # the weight precision the fitted profile is keyed to; None: every precision on that runtime
    # (calibrations stored before precision joined the key load so, and keep applying as they did)
    precision: Precision | None = None
    precisions: list[Precision] = Field(default_factory=list)  # the runs' precisions
    before: EfficiencyProfile  # the profile the engine used until now (restored by revert)
    replaced: bool = False  # `before` was a record of that name (else the fit adds a new one)
    after: EfficiencyProfile
    multipliers: dict[str, float] = Field(default_factory=dict)  # factor -> x on the expected value
    files: list[str] = Field(default_factory=list)
    first_run_date: dt.date | None = None  # the runs' own dates, where their files give one
    last_run_date: dt.date | None = None
    run_ids: list[str] = Field(default_factory=list)
    rows: int = 0  # measured figures fitted (a run may carry TTFT, TPOT and throughput)
    residual_before: float  # median |relative error| before the fit [fraction]
    residual_after: float  # the same after
    p90_after: float = 0.0  # 90th percentile |relative error| after [fraction]
    # metric -> (median |relative error| before, after) [fraction], for each figure the runs measured
    by_metric: dict[str, tuple[float, float]] = Field(default_factory=dict)
    fitted_at: dt.datetime
    applied: bool = False
    # whether the fit moved any factor; False: the runs confirm the profile in force, `after` is
    # `before` unchanged, and applying it records the check without marking any figure calibrated
    changed: bool = True

    def per_figure(self) -> str:
        """ "TTFT 14 % -> 9 %, TPOT 17 % -> 2 %": each figure's median |error| before -> after."""
        return ", ".join(
            f"{METRIC_LABELS[m].split(' [')[0]} {b * 100:.0f} % -> {a * 100:.0f} %"
            for m in METRICS
            if (pair := self.by_metric.get(m)) is not None
            for b, a in [pair]
        )

    def summary(self) -> str:
        """ "calibrated on 14 of your runs, residual 6 % (was 17 %; TTFT 14 % -> 9 %, ...)" (what the
        window, the CLI and the report say): the headline median and each figure's before -> after.
        A fit that moved nothing says so: "fitted on 3 of your runs, no change: median residual
        already 4 % (TTFT 3 %, TPOT 5 %)"."""
        figures = self.per_figure()
        if not self.changed:
            # every move was refused or bought nothing: no figure changes, so none is "calibrated"
            same = ", ".join(
                f"{METRIC_LABELS[m].split(' [')[0]} {pair[0] * 100:.0f} %"
                for m in METRICS
                if (pair := self.by_metric.get(m)) is not None
            )
            kept = f"; figures keep the earlier fit, {self.before.calibration_note}" if self.before.calibrated else ""
            return (
                f"fitted on {len(self.run_ids)} of your runs, no change: median residual already "
                f"{self.residual_before * 100:.0f} %" + (f" ({same})" if same else "") + kept
            )
        return (
            f"calibrated on {len(self.run_ids)} of your runs, residual {self.residual_after * 100:.0f} % "
            f"(was {self.residual_before * 100:.0f} %" + (f"; {figures})" if figures else ")")
        )


__all__ = [
    "CONTEXT_FLAGS",
    "METRICS",
    "METRIC_LABELS",
    "RANGES",
    "WHOLE",
    "Calibration",
    "Load",
    "MeasuredRun",
    "Residual",
]
