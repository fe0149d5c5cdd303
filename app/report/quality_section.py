"""The package's quality evidence: which benchmark stands for quality in this decision and where
each score comes from, what the missing scores could change, and quality per dollar (the
matrix's quality charts with their Pareto fronts). Reads the SelectionMatrix, its Sensitivity
(`sens.missing`) and the catalog; computes nothing."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import CondPageBreak, KeepTogether

from app.report.charts import chart_drawing
from app.report.styles import para, table
from app.report.text import num

OWN_PREFIX = "Own: "  # app.domain.evaluation.OWN_PREFIX, the team's own evaluations


def what_stands_for_quality(m: Any) -> str:
    """One sentence: the benchmark, whose figure it is, and whether the user chose it."""
    bench = m.quality_benchmark
    if not bench:
        return "No candidate model has a quality score, so quality does not move the ranking."
    choice = next((c for c in m.quality_choices if c.benchmark == bench), None)
    whose = (
        "the team's own evaluation (imported results)"
        if bench.startswith(OWN_PREFIX)
        else "a published score, one evaluator's table"
    )
    why = (
        "chosen for this decision"
        if m.quality_chosen
        else "the benchmark most candidate models report (no other was chosen)"
    )
    count = f"; {choice.models_scored} of {choice.models} candidate models have a score on it" if choice else ""
    return f"Quality in this decision stands for {bench}: {whose}, {why}{count}."


def evidence_sources(m: Any) -> list[str]:
    """The distinct quality sources of the ranked rows, in first-use order: each is cited once
    under the evidence table and the rows refer to it by number ([1]) (tgui3 D6: one five-line
    source paragraph repeated on 40 rows)."""
    return list(dict.fromkeys(r.quality_source for r in m.ranked if r.quality_source))


def evidence_rows(m: Any) -> list[list[str]]:
    unit = next((c.unit for c in m.criteria if c.key == "quality"), "%")
    number = {s: n for n, s in enumerate(evidence_sources(m), start=1)}
    rows = [["Option", f"Score [{unit}]", "Format", "Source", "Note"]]
    for r in m.ranked:
        score = r.values.get("quality")
        at = "" if score is None else ("API" if r.kind == "hosted" else (r.quality_precision or "bf16").upper())
        rows.append(
            [
                r.label,
                num(score, 1) if score is not None else "unknown",
                at,
                f"[{number[r.quality_source]}]" if r.quality_source else "",
                r.notes.get("quality", ""),
            ]
        )
    return rows


def quality_section(c: Any) -> list[Any]:
    """Flowables for section 4's quality pages (after the matrix, before the sizing)."""
    from app.report.sections import PORTRAIT_W, h2  # sections lists this section: import when drawn

    m, sens = c.matrix, c.sens
    if m is None:
        return []
    out: list[Any] = [CondPageBreak(200), h2("Quality evidence"), para(what_stands_for_quality(m))]
    others = [ch for ch in m.quality_choices if ch.benchmark != m.quality_benchmark]
    if others:
        out.append(
            para(
                "Other benchmarks the candidates have scores on (never mixed into one column): "
                + "; ".join(f"{ch.benchmark} ({ch.models_scored} of {ch.models})" for ch in others[:8])
                + ("; ..." if len(others) > 8 else "")
                + ".",
                "small",
            )
        )
    if m.quality_benchmark and m.ranked:
        out.append(table(evidence_rows(m), [200, 44, 40, 40, 171], numeric_cols=(1,)))
        cited = evidence_sources(m)
        if cited:
            out.append(para("Sources: " + " ".join(f"[{n}] {s}" for n, s in enumerate(cited, start=1)), "small"))
    md = getattr(sens, "missing", None)
    if md is not None and md.top is not None:
        out += [CondPageBreak(120), h2("Missing scores"), para(md.statement), para(md.method, "small")]
        moving = [r for r in md.ranges if r.best_rank != r.worst_rank]
        if moving:
            rows = [["Option", "Rank", "Could be", "Unknown"]]
            rows += [
                [r.label, str(r.rank), f"{r.best_rank} to {r.worst_rank}", ", ".join(r.unknown) or "-"] for r in moving
            ]
            out.append(table(rows, [260, 40, 60, 135], numeric_cols=(1,)))
    for ch in m.quality_charts:
        front: list[str] = next((list(s.labels) for s in ch.series if s.role == "pareto"), [])
        block = [CondPageBreak(300), h2(ch.title), chart_drawing(ch, PORTRAIT_W, 260)]
        text = (
            f"Pareto front (no other option has the same or higher quality at the same or lower "
            f"{pareto_axis(ch)}, and is better on one of the two): " + "; ".join(front) + "."
            if front
            else "No option has both a quality score and this figure."
        )
        if ch.categories:
            text += f" Not drawn (no score on the benchmark): {'; '.join(ch.categories)}."
        block.append(para(text, "caption"))
        out.append(KeepTogether(block))
    return out


def pareto_axis(ch: Any) -> str:
    """The chart's other axis in words for the Pareto caption: "cost per 1M tokens", "p95 TTFT"."""
    label = str(ch.x_label)
    return label[:1].lower() + label[1:] if label[1:2].islower() else label  # "TTFT ..." stays
