"""The team's own evaluation results: one score of one model on one task, with its provenance.

An `EvalResult` is what an import of an lm-evaluation-harness results file or a plain CSV yields
per (task, metric). Scores are percent [0..100], higher is better; `stderr_pts` is the standard
error in the same percentage points. The selection matrix compares models on one `benchmark`
(task and metric) at a time, so results of one task never mix with another's.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from app.domain.common import DomainModel, Name, PositiveInt
from app.domain.ranges import Within

# Prefix of a benchmark name that comes from the team's own evaluations (never from the catalog).
OWN_PREFIX = "Own: "


class EvalResult(DomainModel):
    """One imported score. `quantisation` is the weight format the run used ("bf16", "fp8",
    "int4", ...) or "" when the file does not say."""

    model: Name  # the catalog model it was run on
    task: Name
    metric: Name
    score: Annotated[float, Within(0, 100)]  # [%], higher is better
    stderr_pts: Annotated[float, Within(0, 100)] | None = None  # [percentage points]
    n: PositiveInt | None = None  # samples scored
    date: dt.date | None = None  # when the run finished
    quantisation: str = ""
    model_as_run: str = ""  # the model as the file names it (a repo id, a local path)
    source_file: str = ""  # the file it was imported from (name only)
    harness: str = ""  # "lm-evaluation-harness 0.4.3", "csv"
    notes: str = Field(default="", max_length=2000)

    @property
    def benchmark(self) -> str:
        """The name the matrix's quality column uses: 'Own: <task>, <metric>'."""
        return f"{OWN_PREFIX}{self.task}, {self.metric}"

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes a result the same result: a re-import of it replaces the old one."""
        return (self.model.casefold(), self.task.casefold(), self.metric.casefold(), self.quantisation.casefold())

    def provenance(self) -> str:
        """One line: file, date, model as run and quantisation, n, stderr."""
        parts = [self.source_file or "imported"]
        if self.harness:
            parts.append(self.harness)
        if self.date:
            parts.append(self.date.isoformat())
        run = self.model_as_run or self.model
        parts.append(f"run on {run}" + (f" ({self.quantisation})" if self.quantisation else " (format not stated)"))
        if self.n:
            parts.append(f"n = {self.n:,}")
        if self.stderr_pts is not None:
            parts.append(f"stderr ± {self.stderr_pts:.2f} pts")
        return ", ".join(parts)


__all__ = ["EvalResult", "OWN_PREFIX"]
