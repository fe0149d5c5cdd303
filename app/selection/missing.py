"""Decisions under missing data: how far an unknown score could move each row.

A criterion marked `unknown_when_missing` (quality) leaves a row's cell unknown when the model
has no score on the matrix's benchmark. The matrix scores such a cell at the middle of the
field (normalised 0.5); here each unknown cell ranges over its plausible range instead, the
lowest to the highest score of the field (normalised 0..1), the known cells held fixed.

A row's score is linear in each of its cells with a positive weight, so over that box of
possibilities its rank is extreme at corners:
    best rank:  its own unknown cells at 1, every other row's at 0
    worst rank: its own unknown cells at 0, every other row's at 1
and each rank is exact: 1 + the rows scoring above it + the rows tied with it that come before
it in the matrix (ties keep the matrix's order, as the matrix does).

"If an unknown score turned out low": each row with an unknown cell, that cell at 0 (the
lowest of the field) and every other unknown at the middle; when the top choice changes, the
statement names the row and the new top choice. The same with every unknown at 0 at once.
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from app.domain.common import DomainModel
from app.selection.matrix import SelectionMatrix


class RankRange(DomainModel):
    label: str
    rank: int  # in the matrix (unknowns at the middle)
    best_rank: int
    worst_rank: int
    unknown: list[str] = Field(default_factory=list)  # criterion names with an unknown cell


class MissingData(DomainModel):
    ranges: list[RankRange] = Field(default_factory=list)  # ranked rows, in rank order
    unknown_rows: int = 0
    top: str | None = None
    top_if_all_low: str | None = None  # first choice with every unknown at the lowest of the field
    # (row with the unknown score, the first choice if that score were the lowest of the field)
    changes_if_low: list[tuple[str, str]] = Field(default_factory=list)
    method: str = ""
    statement: str = ""  # missing_statement(self): what the window and the report say

    @property
    def decisive(self) -> bool:
        """True when no unknown score can change the first choice."""
        return (
            not self.changes_if_low
            and self.top_if_all_low == self.top
            and all(r.best_rank > 1 for r in self.ranges[1:])
        )


METHOD = (
    "A model without a score on the chosen benchmark is unknown, not zero: the matrix scores it at the "
    "middle of the field, and its rank is shown over the whole plausible range, from the lowest to the "
    "highest score of the field (the other figures fixed, the other unknown scores at their least "
    "favourable end)."
)


_TIE = 1e-12


def _top(scores: np.ndarray) -> int:
    return int(np.argmax(scores))  # ties keep the matrix order (the first maximum)


def rank_of(scores: np.ndarray, i: int) -> int:
    """Row i's rank under `scores`: 1 + rows above it + tied rows before it (matrix order)."""
    above = np.sum(scores > scores[i] + _TIE)
    tied_before = np.sum(np.abs(scores[:i] - scores[i]) <= _TIE)
    return int(1 + above + tied_before)


def missing_data(matrix: SelectionMatrix) -> MissingData:
    """Rank ranges and 'would the choice change' for the matrix's unknown cells."""
    ranked = matrix.ranked
    keys = [c.key for c in matrix.criteria]
    unknown_keys = {c.key for c in matrix.criteria if c.unknown_when_missing and c.weight > 0}
    names = {c.key: c.name for c in matrix.criteria}
    if not ranked:
        return MissingData(method=METHOD)
    w = np.array([c.weight for c in matrix.criteria], dtype=float)
    w = w / w.sum()
    n = np.array([[r.normalised[k] for k in keys] for r in ranked], dtype=float)
    mask = np.array([[k in unknown_keys and r.values.get(k) is None for k in keys] for r in ranked], dtype=bool)
    # a criterion with no known value anywhere cannot tell rows apart: no range from it
    mask[:, ~np.any(~mask, axis=0)] = False

    def scores(fill: np.ndarray) -> np.ndarray:
        return np.asarray(np.where(mask, fill, n) @ w)

    ranges = []
    for i, r in enumerate(ranked):
        own = mask[i]
        if not mask.any():
            best = worst = i + 1
        else:
            hi = np.zeros_like(n)
            hi[i] = 1.0
            s_best = scores(hi)
            lo = np.ones_like(n)
            lo[i] = 0.0
            s_worst = scores(lo)
            best, worst = rank_of(s_best, i), rank_of(s_worst, i)
        ranges.append(
            RankRange(
                label=r.label,
                rank=r.rank or i + 1,
                best_rank=best,
                worst_rank=worst,
                unknown=[names[k] for k, m in zip(keys, own, strict=True) if m],
            )
        )
    changes: list[tuple[str, str]] = []
    mid = np.full_like(n, 0.5)
    for j in np.nonzero(mask.any(axis=1))[0].tolist():
        fill = mid.copy()
        fill[j] = 0.0
        t = _top(scores(fill))
        if t != 0:
            changes.append((ranked[j].label, ranked[t].label))
    all_low = ranked[_top(scores(np.zeros_like(n)))].label
    md = MissingData(
        ranges=ranges,
        unknown_rows=int(np.count_nonzero(mask.any(axis=1))),
        top=ranked[0].label,
        top_if_all_low=all_low,
        changes_if_low=changes,
        method=METHOD,
    )
    md.statement = missing_statement(md)
    return md


def missing_statement(md: MissingData) -> str:
    """One or two sentences for the report and the window: which choice an unknown score could change."""
    if md.top is None:
        return ""
    if not md.unknown_rows:
        return "Every option has a score on the quality benchmark: no choice rests on a missing score."
    parts = []
    for row, new_top in md.changes_if_low:
        parts.append(f"if {row}'s unknown score were the lowest of the field, {new_top} would come first")
    rivals = [r.label for r in md.ranges[1:] if r.best_rank == 1 and r.unknown]
    text = f"{md.unknown_rows} option(s) have no score on the quality benchmark. "
    if parts:
        text += "The first choice depends on them: " + "; ".join(parts) + ". "
    elif md.top_if_all_low != md.top:
        text += f"With every unknown score at the lowest of the field, {md.top_if_all_low} would come first. "
    else:
        text += f"Were every unknown score the lowest of the field, {md.top} would still come first. "
    if rivals:
        text += (
            f"With a score at the top of the field, {', '.join(rivals[:3])}"
            + (f" and {len(rivals) - 3} more" if len(rivals) > 3 else "")
            + " could come first instead."
        )
    return text.strip()
