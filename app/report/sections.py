"""The sections of the decision package, each a list of flowables.

The selection matrix and its sensitivity arrive duck-typed (app.selection's SelectionMatrix and
Sensitivity): report and selection are sibling layers and do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, KeepTogether, NextPageTemplate, PageBreak, Paragraph, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from app import __version__
from app.advice import Advice, derive_advice
from app.domain import BAND_LABELS, Catalog, Option, Scenario, Sizing
from app.domain.energy_bound import lower_bound_cell, upper_bound_cell
from app.domain.fleet_results import FleetPlan
from app.domain.numbers import figure
from app.report.bench_section import bench_plan_section
from app.report.charts import chart_drawing
from app.report.deployment import deployment_section
from app.report.fleet_section import fleet_section
from app.report.meta import ReportMeta
from app.report.numbering import heading, number_headings, ref
from app.report.quality_section import quality_section
from app.report.recommend import Recommendation, reconcile
from app.report.sources import assumption_rows, source_rows, used_options
from app.report.styles import ERROR_FILL, ERROR_INK, OK_FILL, OK_INK, para, styles, table
from app.report.system_map import path_section, system_map_section
from app.report.text import markup, money, num, pct

PORTRAIT_W = 495.0  # frame widths [pt], see package.py
LANDSCAPE_W = 741.0
SHORTLIST = 5


@dataclass
class Ctx:
    scenario: Scenario
    sizing: Sizing
    matrix: Any
    sens: Any
    catalog: Catalog
    meta: ReportMeta
    fleet: FleetPlan | None = None  # a portfolio planned with the scenario: the Fleet section
    rec: Recommendation = field(init=False)
    advice: Advice = field(init=False)

    def __post_init__(self) -> None:
        self.rec = reconcile(self.sizing, self.matrix, self.sens)
        self.advice = derive_advice(self.scenario, self.sizing, self.catalog, self.rec.option, self.rec.hosted)

    @property
    def workload(self):
        return self.scenario.workload


KIND_LABELS = {
    "rag": "retrieval-augmented assistant (RAG)",
    "agent": "agent",
    "multimodal": "multimodal",
    "batch": "batch job",
    "synthetic_data": "synthetic-data generation",
    "fine_tuning": "fine-tuning",
    "inference_api": "inference API",
    "evaluation": "evaluation run",
}


def kind_label(w) -> str:
    return KIND_LABELS.get(w.category.value, w.category.value.replace("_", " "))


def h1(text: str) -> Paragraph:
    return para(text, "h1")


def h2(text: str) -> Paragraph:
    return para(text, "h2")


def bullets(items: list[str], empty: str) -> list:
    if not items:
        return [para(empty)]
    return [Paragraph(markup(t), styles()["bullet"], bulletText="•") for t in items]


def boxed(flowables: list, fill, border, width: float = PORTRAIT_W):
    from reportlab.platypus import Table, TableStyle

    from app.report.styles import FONT

    t = Table([[flowables]], colWidths=[width])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("BOX", (0, 0), (-1, -1), 1, border),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return t


# -- title and contents ------------------------------------------------------------------------


def title_page(c: Ctx) -> list:
    m, s = c.meta, c.scenario
    rows = [["Project", m.project]] if m.project else []
    rows += [["Scenario", s.name], ["Date", m.date.isoformat()]]
    if m.author or s.author:
        rows.append(["Author", m.author or s.author])
    rows += [
        ["Workload", f"{c.workload.name} ({kind_label(c.workload)})"],
        ["Recommendation", c.rec.label or no_recommendation(c.sizing)],
        ["Prepared with", f"Archwise {__version__}; {c.sizing.evaluated_points:,} configurations evaluated"],
    ]
    out = [Spacer(1, 120), para(m.title, "title"), para(s.name, "subtitle")]
    if s.description:
        out += [para(s.description), Spacer(1, 12)]
    out += [
        table(rows, [110, 300], header=False, zebra=False, label_col=True),
        NextPageTemplate("portrait"),
        PageBreak(),
    ]
    return out


def no_recommendation(z: Sizing) -> str:
    """The title page's words when nothing is recommended: the verdict's reason, budget or SLA."""
    if z.error_kind == "budget":
        if z.error and z.error.startswith("No single option within budget"):
            return z.error  # a deployment model (e.g. the hybrid) fits: the summary's own sentence
        b = next((x for x in z.binding_constraints if x.constraint == "budget"), None)
        if b is not None:
            return (
                f"none within the budget: options meet the SLA, but the cheapest costs "
                f"{money(b.required)} a month against a budget of {money(b.available)}"
            )
        return "none within the budget: options meet the SLA, but none within the budget"
    return "none: no option in scope meets the SLA"


def contents() -> list:
    from reportlab.platypus import TableStyle

    from app.report.styles import FONT

    toc = TableOfContents(
        dotsMinLevel=0,
        tableStyle=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    toc.levelStyles = [styles()["toc1"], styles()["toc2"]]
    return [para("Contents", "h1_plain"), toc, PageBreak()]


# -- summary -----------------------------------------------------------------------------------


def sla_rows(c: Ctx, o: Option) -> list[list[str]]:
    sla, w = c.workload.sla, c.workload

    def status(value: float, limit: float | None) -> str:
        if not limit:
            return ""  # the Target cell says "no target set"
        return "met" if value <= limit else "missed"

    return (
        [
            ["Figure", "Value", "Target", "Status"],
            [
                # an embedding model streams no tokens: its request ends with its prefill (one vector)
                "p95 time to first token" if o.generates else "p95 latency per request (one vector)",
                num(o.ttft_p95_ms, 0, "ms"),
                num(sla.ttft_p95_ms, 0, "ms") if sla.ttft_p95_ms else "no target set",
                status(o.ttft_p95_ms, sla.ttft_p95_ms),
            ],
            *decode_rows(c, o, status),
            *e2e_rows(c, o, status),
            [
                "Replicas for peak (autoscaling)",
                replicas_text(o),
                num(w.peak_requests_per_s, 1, "req/s peak"),
                "",
            ],
            ["GPUs in all", f"{o.priced_text(o.total_gpus, 'd')} ({o.gpus} per replica)", "", ""],
            [
                "Cost per month",
                money(priced(o, o.cost_per_month_usd)),
                money(w.budget_usd_per_month) if w.budget_usd_per_month else "no budget set",
                status(o.cost_per_month_usd, w.budget_usd_per_month) if o.priced else "",
            ],
            [
                f"Cost per 1M tokens ({counted_tokens(c, o)})",
                money(priced(o, o.cost_per_million_tokens_usd), 2),
                "",
                "",
            ],
            ["Cost per request", money(priced(o, o.cost_per_request_usd), 4), "", ""],
        ]
        + (
            [["Cost per run", money(o.cost_per_run_usd), f"{o.runs_per_month or 1:,.3g} runs per month", ""]]
            if o.cost_per_run_usd is not None
            else []
        )
        + carbon_rows(c, o)
    )


def grid_words(c: Ctx, o: Option) -> str:
    """The grid intensity the option's CO2e uses, in words: the instance region's catalog figure,
    else the scenario's site figure (as `engine.deployment.compare.grid_intensity` picks it)."""
    inst = next((i for i in c.catalog.instances if i.name == o.hardware), None)
    region = inst.region if inst is not None else ""
    for r in c.catalog.grid_regions if region else []:
        if r.name.casefold() == region.casefold():
            return f"at {r.grid_gco2e_per_kwh:,.0f} g CO2e/kWh ({r.name}, catalog)"
    g = c.scenario.assumptions.grid_gco2e_per_kwh
    if g is not None:
        return f"at {g:,.0f} g CO2e/kWh (scenario's site grid)"
    return "grid intensity unknown: set the site's grid intensity in the scenario's assumptions"


def carbon_rows(c: Ctx, o: Option) -> list[list[str]]:
    """The recommendation's energy and CO2e a month (tgui3 D10): the carbon figures a report owes.
    ≈ a physical estimate (rented nodes); ≥ a lower bound (a figure it needs, such as host power, unknown)."""
    short = o.lower_bound_short()  # a lower bound: "≥ 1,234 kWh (no host)", as the deployment table
    mark = "" if short else ("≈" if o.energy_estimated else "")
    left_out = o.energy_lower_bound or (o.energy_bound_reason if o.energy_bound == "upper" else "")

    def cell(text: str) -> str:
        # an upper bound (a host at its catalogued maximum): "≤ 9,988 kWh (host max)"
        return upper_bound_cell(mark + text) if o.energy_bound == "upper" else lower_bound_cell(mark + text, short)

    pue = f"facility, PUE {c.scenario.assumptions.pue:g}"
    return [
        [
            "Energy per month",
            "n/a" if o.energy_kwh_per_month is None else cell(num(o.energy_kwh_per_month, 0, "kWh")),
            left_out or pue,
            "",
        ],
        [
            "CO2e per month",
            "n/a" if o.co2e_kg_per_month is None else cell(num(o.co2e_kg_per_month, 0, "kg")),
            grid_words(c, o),
            "",
        ],
    ]


def decode_rows(c: Ctx, o: Option, status) -> list[list[str]]:
    """TPOT and output rate; an embedding model decodes nothing (one vector per request), so it
    shows its vectors/s instead and says TPOT does not apply rather than print 0 ms."""
    sla = c.workload.sla
    if not o.generates:
        return [
            ["Time per output token", "n/a: one vector per request, no decode", "", ""],
            ["Vectors/s per replica (max)", num(o.requests_per_s_per_replica, 0), "", ""],
        ]
    return [
        [
            "Time per output token, p95 (mean)" if o.tpot_p95_ms is not None else "Time per output token",
            f"{num(o.tpot_p95_ms, 1, 'ms')} ({num(o.tpot_ms, 1, 'ms')})"
            if o.tpot_p95_ms is not None
            else num(o.tpot_ms, 1, "ms"),
            num(sla.tpot_p95_ms, 1, "ms") if sla.tpot_p95_ms else "no target set",
            status(o.tpot_p95_ms if o.tpot_p95_ms is not None else o.tpot_ms, sla.tpot_p95_ms),
        ],
        ["Output tokens/s per replica at the operating batch", num(o.tokens_per_s, 0), "", ""],
    ]


def counted_tokens(c: Ctx, o: Option) -> str:
    """Which tokens a "per 1M tokens" figure of option `o` counts, in words (engine:
    Evaluation.tokens_per_request): every token the model processes per request."""
    images = c.workload.tokens.images_per_request > 0
    if not o.generates:
        return "prompt tokens; an embedding model generates none"
    return "prompt text + image + output tokens" if images else "input + output tokens"


def e2e_rows(c: Ctx, o: Option, status) -> list[list[str]]:
    """The end-to-end row(s): like with like. An agent's target is per task (its calls and tool
    time chained), so its task time is compared with it and a single call is shown beside it."""
    sla, w = c.workload.sla, c.workload
    target = num(sla.e2e_p95_ms, 0, "ms") if sla.e2e_p95_ms else "no target set"
    wk = c.sizing.workload_kind
    task_s = wk.figures.get("task latency p95 [s]") if wk is not None and w.agent is not None else None
    if task_s is None:
        return [["p95 end-to-end latency", num(o.e2e_p95_ms, 0, "ms"), target, status(o.e2e_p95_ms, sla.e2e_p95_ms)]]
    task_ms = 1000.0 * task_s
    return [
        ["p95 end-to-end per task", num(task_ms, 0, "ms"), target, status(task_ms, sla.e2e_p95_ms)],
        [f"p95 per model call ({figure(w.agent.calls_per_task)} a task)", num(o.e2e_p95_ms, 0, "ms"), "", ""],
    ]


def hosted_rows(c: Ctx, h) -> list[list[str]]:
    w = c.workload
    return [
        ["Figure", "Value", "Target", "Status"],
        ["Provider, model", f"{h.provider}, {h.model}", "", ""],
        [
            "Cost per month",
            money(h.cost_per_month_usd),
            money(w.budget_usd_per_month) if w.budget_usd_per_month else "no budget",
            "met" if not w.budget_usd_per_month or h.cost_per_month_usd <= w.budget_usd_per_month else "missed",
        ],
        ["Cost per 1M tokens", money(h.cost_per_million_tokens_usd, 2), "", ""],
        ["Cost per request", money(h.cost_per_request_usd, 4), "", ""],
        ["Latency", f"the provider's; measure it in the prototype ({ref('Path to production')})", "", ""],
    ]


def summary(c: Ctx) -> list:
    z, rec = c.sizing, c.rec
    out = [heading("Summary", 0)]
    if not z.feasible and rec.hosted is None:
        return out + error_block(c)
    o, h = rec.option, rec.hosted
    caveat = o.host_ram_unverified if o is not None else ""  # no RAM figure: feasible only if the server holds it
    said = "Verdict: feasible if the host RAM holds the index (not verified)" if caveat else "Verdict: feasible"
    verdict = [Paragraph(f"{said}, the SLA is met", styles()["verdict_ok"])]
    if o is not None and not o.priced:  # nothing planned (a bare accelerator): n/a, not 1 replica at $0
        verdict.append(para(f"Recommended: {rec.label}: {o.replicas_text}, {o.cost_summary}."))
    elif o is not None:
        verdict.append(
            para(
                f"Recommended: {rec.label}: {o.replicas} {'replica' if o.replicas == 1 else 'replicas'} "
                f"({o.gpus_in_all_text}), "
                + (f"{money(o.cost_per_run_usd)} per run, " if o.cost_per_run_usd is not None else "")
                + f"{money(o.cost_per_month_usd)} per month{o.reserved_row_text}."
            )
        )
    elif h is not None:
        verdict.append(
            para(f"Recommended: {rec.label}: {money(h.cost_per_month_usd)} per month at the workload's traffic.")
        )
    verdict += [para(caveat[:1].upper() + caveat[1:] + ".")] if caveat else []
    verdict += [para(n + ".") for n in z.scope_notes]
    out += [boxed(verdict, OK_FILL, OK_INK), Spacer(1, 6), h2("Why this option")]
    out += [para(r) for r in rec.reasons]
    out.append(Spacer(1, 4))
    if o is not None:
        out += [table(sla_rows(c, o), [170, 110, 130, 85], numeric_cols=(1, 2))]
    elif h is not None:
        out += [table(hosted_rows(c, h), [170, 180, 90, 55], numeric_cols=(2,))]
    out.append(Spacer(1, 6))
    allowed = sorted((x for x in z.hosted if x.allowed and x is not h), key=lambda x: x.cost_per_month_usd)
    if allowed and o is not None:
        a = allowed[0]
        line = (
            f"For comparison, the cheapest hosted API cleared for this data is {a.name}: "
            f"{money(a.cost_per_month_usd)} per month ({money(a.cost_per_million_tokens_usd, 2)} per 1M tokens)"
        )
        if a.break_even_requests_per_s:
            line += f"; self-hosting is cheaper above {num(a.break_even_requests_per_s, 2)} requests/s"
        out.append(para(line + "."))
    stages = c.advice.stages
    if stages:
        out += [h2("Next steps")] + bullets(
            [
                f"{s.name}: {s.hardware}"
                + f", {s.duration}"
                + (f", {stage_money(s.cost_usd)} {s.cost_period}" if s.cost_usd is not None else "")
                + "."
                for s in stages
            ],
            "",
        )
    if z.strategy and strategy_is_recommendation(c):
        out += [h2("Key points")] + bullets(z.strategy[:3], "")
    return out


def strategy_is_recommendation(c: Ctx) -> bool:
    """Whether the sizing's strategy (and its charts' lead) is the recommended option's: the
    engine's pick when they agree, else a sizing led by the recommendation (Sizing.chart_lead)."""
    z, o = c.sizing, c.rec.option
    if c.rec.agrees:
        return True
    return o is not None and 0 <= z.chart_lead < len(z.options) and z.options[z.chart_lead].label == o.label


def stage_money(value: float) -> str:
    """A stage's cost: whole dollars from $10, cents below (a $0.80 prototype is not "$1")."""
    return money(value, 0 if value >= 10 else 2)


def error_block(c: Ctx) -> list:
    z = c.sizing
    head = [
        Paragraph(markup(z.error or "Hardware constraints insufficient for SLA"), styles()["verdict_error"]),
        para(
            (
                "Candidate deployments meet the workload's SLA, but none within its budget."
                if z.error_kind == "budget"
                else "No candidate model can take the workload's inputs, whatever the hardware."
                if z.error_kind == "model"
                else "No candidate deployment in scope meets the workload's SLA."
            )
            + " The binding constraints below say by how much, and what would fix each."
        ),
        *(para(n + ".") for n in z.scope_notes),
    ]
    rows = [["Constraint", "Required", "Available", "Unit", "What it means", "What would fix it"]]
    for b in z.binding_constraints:
        required, available, unit = constraint_figures(b)
        rows.append([b.title, required, available, unit, b.detail, b.fix])
    out = [boxed(head, ERROR_FILL, ERROR_INK), Spacer(1, 8), h2("Binding constraints")]
    if len(rows) > 1:
        out.append(table(rows, constraint_widths([r[3] for r in rows]), numeric_cols=(1, 2)))
    else:
        out.append(para("The engine named no binding constraint."))
    out.append(para(f"{z.evaluated_points:,} configurations were evaluated.", "small"))
    return out


def constraint_figures(b) -> tuple[str, str, str]:
    """(required, available, unit) as the package prints them: money as money ("$1,857", "per
    month"), other figures with separators and their unit."""
    unit = b.unit or ""
    if unit.startswith("USD"):
        period = unit[3:].lstrip("/ ")
        return money(b.required), money(b.available), f"per {period}" if period else ""
    return num(b.required, 4 if abs(b.required) < 1 else 1), num(b.available, 4 if abs(b.available) < 1 else 1), unit


def constraint_widths(units: list[str]) -> list[float]:
    """Column widths [pt] for the binding-constraints table: the unit column as wide as its
    longest unit (a unit never wraps), the two prose columns share the rest."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.report.styles import FONT, FONT_BOLD

    unit_w = max([36.0] + [stringWidth(u, FONT_BOLD if i == 0 else FONT, 7.5) + 8 for i, u in enumerate(units)])
    unit_w = min(unit_w, 90.0)
    prose = (PORTRAIT_W - 62 - 56 - 56 - unit_w) / 2
    return [62, 56, 56, unit_w, prose, prose]


# -- workload, system map -----------------------------------------------------------------------


def kind_rows(w) -> list[list[str]]:
    """The workload kind's own figures, as the scenario states them."""
    rows: list[list[str]] = []
    if w.batch is not None:
        b = w.batch
        rows += [["Requests in the batch", f"{b.total_requests:,}"], ["Deadline", f"{figure(b.hours_per_run)} hours"]]
        if b.start_window:
            rows.append(["Start window", b.start_window])
        recurrence = getattr(b, "recurrence", None)
        if recurrence:
            rows.append(["Recurrence", str(getattr(recurrence, "value", recurrence)).replace("_", " ")])
    if w.rag is not None:
        r = w.rag
        rows += [
            ["Corpus", f"{r.corpus_documents:,} documents, {figure(r.chunks_per_document)} chunks each"],
            ["Chunk size", f"{r.chunk_tokens:,} tokens"],
            [
                "Embedding",
                f"{r.embedding_model}, {r.embedding_dim:,} dimensions"
                if r.embedding_model
                else f"{r.embedding_dim:,}-dimension vectors",
            ],
            ["Re-index deadline", f"{figure(r.reindex_hours)} hours"],
        ]
    if w.agent is not None:
        rows += [
            ["Model calls per task", figure(w.agent.calls_per_task)],
            ["Tool time per call", f"{figure(w.agent.tool_latency_ms)} ms"],
        ]
    if w.fine_tuning is not None:
        f = w.fine_tuning
        rows += [
            ["Fine-tuning method", f.method.value.upper() if f.method.value != "full" else "full fine-tuning"],
            ["Training data", f"{figure(f.dataset_tokens)} tokens per epoch, {figure(f.epochs)} epochs"],
            ["Sequence length", f"{f.sequence_length:,} tokens"],
        ]
    if w.tokens.images_per_request:
        rows.append(["Images per request", figure(w.tokens.images_per_request)])
    return rows


def _figure_name(name: str) -> str:
    return name[:1].upper() + name[1:]


def kind_figure(name: str, value: float) -> tuple[str, str]:
    """(label, value) of one workload-kind figure, formatted like the rest of the package: money
    as money ("$24", "$6.44"), hours as "4.5 h", counts and other figures with separators."""
    label, _, unit = name.partition(" [")
    unit = unit.rstrip("]")
    label = _figure_name(label)
    if unit == "USD":
        return label, money(value, 0 if abs(value) >= 10 else 2)
    if unit == "h":
        return label, num(value, 1, "h")
    if unit == "ms":
        return label, num(value, 0 if abs(value) >= 100 else 1, "ms")
    if unit:
        digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2 if abs(value) >= 0.1 else 3
        return label, num(value, digits, unit)
    if float(value).is_integer():
        return label, f"{int(value):,}"
    return label, num(value, 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2)


def output_row(c: Ctx) -> list[str]:
    """The output tokens a request asks for; an embedding job on an embedding model returns one
    vector per request (its "1 output token" is that vector, not a generated token)."""
    k, o = c.workload.tokens, c.rec.option
    if c.workload.is_embedding_job and o is not None and not o.generates:
        return ["Output per request", "one vector (no generated tokens)"]
    return ["Output tokens (mean / p95)", f"{k.output_tokens:,} / {k.output_tokens_p95 or k.output_tokens:,}"]


def workload_section(c: Ctx) -> list:
    w, s = c.workload, c.scenario
    t, k, sla = w.offered_traffic, w.tokens, w.sla
    rows = [["Field", "Value"], ["Workload", f"{w.name}: {kind_label(w)}"]]
    if w.description:
        rows.append(["Description", w.description])
    if w.users:
        rows.append(["Users", f"{w.users:,}"])
    if w.is_batch_job or t is None:  # the load in words, once: a batch run's work and derived rate
        rows.append(["Load", w.load_summary()])
    else:
        rows += [
            ["Mean arrival rate", num(t.requests_per_s, 2, "requests/s")],
            ["Peak", f"{num(t.peak_to_mean, 1)}x the mean: {num(t.peak_requests_per_s, 2)} requests/s"],
            ["Traffic pattern", f"{t.pattern.value}, {num(t.peak_hours_per_day, 1)} peak hours a day"],
        ]
    rows += [
        ["Input tokens (mean / p95)", f"{k.input_tokens:,} / {k.input_tokens_p95 or k.input_tokens:,}"],
        output_row(c),
    ]
    if k.shared_prefix_tokens:
        rows.append(
            ["Shared prefix", f"{k.shared_prefix_tokens:,} tokens, {pct(k.prefix_cache_hit_ratio)} prefix-cache hits"]
        )
    rows.append(["Context per sequence (p95)", f"{w.sequence_tokens:,} tokens"])
    rows += kind_rows(w)
    targets = []
    if sla.ttft_p95_ms:
        what = "latency per request" if w.is_embedding_job else "time to first token"
        targets.append(f"p95 {what} {num(sla.ttft_p95_ms, 0, 'ms')}")
    if sla.tpot_p95_ms:
        targets.append(f"time per output token {num(sla.tpot_p95_ms, 1, 'ms')}")
    if sla.e2e_p95_ms:
        targets.append(f"p95 end-to-end {num(sla.e2e_p95_ms, 0, 'ms')}")
    rows += [
        ["Latency targets", "; ".join(targets) or "none: throughput and cost only"],
        ["Availability", pct(sla.availability, 2)],
        ["Data sensitivity", w.sensitivity.value],
        ["Budget", f"{money(w.budget_usd_per_month)} per month" if w.budget_usd_per_month else "none set"],
    ]
    cand, con = s.candidates, s.constraints
    rows += [
        ["Candidate models", ", ".join(cand.models) or "every model in the catalog"],
        ["Candidate hardware", ", ".join(cand.hardware) or "every instance in the catalog"],
        [
            "Precisions, runtimes",
            f"{', '.join(p.value.upper() for p in cand.precisions)}; {', '.join(cand.runtimes)}",
        ],
        [
            "Hosted APIs",
            ", ".join(cand.hosted_apis) or ("none (self-hosted only)" if con.self_hosted_only else "none listed"),
        ],
        ["Constraints", constraint_text(con)],
    ]
    out = [heading("Workload and SLA", 0), table(rows, [150, 345], label_col=True)]
    wk = c.sizing.workload_kind
    if wk is not None and wk.figures:
        fig_rows = [["Figure", "Value"]] + [list(kind_figure(n, v)) for n, v in wk.figures.items()]
        out += [
            h2(f"What the {kind_label(w)} needs"),
            table(fig_rows, [300, 195], numeric_cols=(1,)),
        ] + bullets(wk.notes, "")
    return out


def constraint_text(con) -> str:
    parts = []
    if con.providers:
        parts.append("providers " + ", ".join(con.providers))
    if con.regions:
        parts.append("regions " + ", ".join(con.regions))
    if con.max_gpus:
        parts.append(f"at most {con.max_gpus} GPUs per replica")
    if con.max_total_gpus:
        parts.append(f"at most {con.max_total_gpus} GPUs in all")
    if con.on_prem_only:
        parts.append("on-prem only")
    if con.self_hosted_only:
        parts.append("self-hosted only")
    return "; ".join(parts) or "none"


def system_map(c: Ctx) -> list:
    return [PageBreak(), *system_map_section(c.advice)]


# -- selection matrix ------------------------------------------------------------------------------


def _heat(n: float) -> colors.Color:
    """White (worst) to green (best) for a normalised value n in 0..1."""
    n = min(max(n, 0.0), 1.0)
    return colors.Color(1 - 0.45 * n, 1 - 0.2 * n, 1 - 0.42 * n)


def selection(c: Ctx) -> list:
    m, sens = c.matrix, c.sens
    out = [NextPageTemplate("landscape"), PageBreak(), heading("Selection matrix", 0)]
    if m is None:
        return out + [para("No selection matrix was computed."), NextPageTemplate("portrait"), PageBreak()]
    head = (
        ["#", "Option"]
        + [f"{cr.name.split(' (')[0]} [{cr.unit}] {'↑' if cr.direction == 'benefit' else '↓'}" for cr in m.criteria]
        + ["Score"]
    )
    rows, extra = [head], []
    for r in m.ranked:
        cells = [str(r.rank), r.label]
        for k, cr in enumerate(m.criteria):
            cells.append(num(r.values.get(cr.key), cr.digits))
            extra.append(("BACKGROUND", (2 + k, len(rows)), (2 + k, len(rows)), _heat(r.normalised.get(cr.key, 0.0))))
        cells.append(num(100 * r.score, 1))
        rows.append(cells)
    n_crit = len(m.criteria)
    crit_w = min(56.0, (LANDSCAPE_W - 18 - 120 - 38) / max(n_crit, 1))
    widths = [18, LANDSCAPE_W - 18 - 38 - crit_w * n_crit, *([crit_w] * n_crit), 38]
    out += [h2("Ranked options")]
    if len(rows) > 1:
        out += [
            table(rows, widths, numeric_cols=tuple(range(2, 3 + n_crit)), zebra=False, extra=extra),
            para(
                "Cells shade from white (worst on that criterion) to green (best). ↑ higher is better, "
                "↓ lower is better. n/a: no figure (see the normalisation note below)."
                + (f" Quality is the score on {m.quality_benchmark}." if m.quality_benchmark else ""),
                "small",
            ),
        ]
    else:
        out.append(para("No option passed the hard constraints."))
    crit_rows = [["Criterion", "Unit", "Better", "Weight", "Share", "How it is measured"]]
    for cr in m.criteria:
        crit_rows.append(
            [
                cr.name,
                cr.unit,
                "higher" if cr.direction == "benefit" else "lower",
                num(cr.weight, 2),
                pct(cr.weight_share, 1),
                cr.description,
            ]
        )
    out += [
        CondPageBreak(150),
        h2("Criteria and weights"),
        table(crit_rows, [120, 58, 42, 42, 42, 437], numeric_cols=(3, 4)),
        Spacer(1, 4),
        *([para(f"Weights: {m.weights_note}", "small")] if m.weights_note else []),
        *([para(f"Unknown figures: {m.unknown_note}.", "small")] if m.unknown_note else []),
        para(f"Normalisation: {m.normalisation}", "small"),
        para(
            f"Hard constraints exclude a row rather than score it low: infeasible SLA, over budget, context "
            f"shorter than the workload's {m.needed_context_tokens:,} tokens, or data sensitivity "
            f"({m.workload_sensitivity}) above what the deployment may receive.",
            "small",
        ),
    ]

    if m.excluded:
        ex = [["Option", "Excluded because"]] + [[r.label, "; ".join(r.reasons)] for r in m.excluded]
        out += [CondPageBreak(80), h2("Excluded options"), table(ex, [230, LANDSCAPE_W - 230])]
    z = c.sizing
    if not m.ranked and z.error_kind == "budget" and z.error and z.error.startswith("No single option within budget"):
        # the matrix scores single options; the row that fits is a deployment of them (CLI review finding 18)
        out.append(
            para(
                f"No single option passes the budget, so the matrix ranks none. {z.error}: that deployment "
                f"mixes the options above, and is the recommendation.",
                "small",
            )
        )
    out += sensitivity_section(m, sens)
    return out + [NextPageTemplate("portrait"), PageBreak()]


def sensitivity_section(m, sens) -> list:
    out = [CondPageBreak(140), h2("Sensitivity of the top choice")]
    if sens is None or sens.top is None:
        return out + [para("Not computed: no option passed the hard constraints." if sens else "Not computed.")]
    out.append(para(f"Top choice: {sens.top}. {sens.method}", "small"))
    rows = [["Criterion", "Weight", "Share", "Can fall to", "Then first", "Can rise to", "Then first"]]
    for w in sens.weights:
        down = (
            f"{pct(w.down_to_share, 1)} (weight {num(w.down_to_weight, 2)})"
            if w.down_to_share is not None
            else "0 % without change"
        )
        if w.up_to_share is None:
            up = "100 % without change"
        else:
            up = f"{pct(w.up_to_share, 1)} (weight {num(w.up_to_weight, 2) if w.up_to_weight is not None else '∞'})"
        rows.append([w.name, num(w.weight, 2), pct(w.share, 1), down, w.down_winner or "", up, w.up_winner or ""])
    out.append(table(rows, [120, 42, 42, 105, 164, 105, 163], numeric_cols=(1, 2)))
    st = [["Option", "Rank", "First in", "Keeps its rank in", "Mean rank"]]
    for r in sens.stability[:12]:
        st.append([r.label, str(r.rank), pct(r.top_share, 1), pct(r.rank_share, 1), num(r.mean_rank, 2)])
    out += [
        CondPageBreak(100),
        h2("Rank stability under perturbed weights"),
        table(st, [360, 50, 100, 130, 101], numeric_cols=(1, 2, 3, 4)),
    ]
    if len(sens.stability) > 12:
        out.append(para(f"{len(sens.stability) - 12} lower-ranked options not shown.", "small"))
    return out


# -- sizing of shortlisted options -----------------------------------------------------------------


def shortlist(c: Ctx) -> list[int]:
    z = c.sizing
    picks: list[int] = []
    if c.rec.option is not None:
        picks += [i for i, o in enumerate(z.options) if o == c.rec.option][:1]
    if z.recommended is not None:
        picks += [i for i, o in enumerate(z.options) if o == z.recommended][:1]
    if c.matrix is not None:
        picks += [r.option_index for r in c.matrix.ranked if r.option_index is not None]
    picks += [i for i, o in enumerate(z.options) if o.feasible]
    if not any(o.feasible for o in z.options):
        picks += list(range(min(3, len(z.options))))  # the closest misses, to show why
    out: list[int] = []
    for i in picks:
        if i not in out:
            out.append(i)
    return out[:SHORTLIST]


SYMBOLS = {"kv_heads": "KV heads", "head_dim": "head dim", "MFU_prefill": "MFU(prefill)", "MFU_decode": "MFU(decode)"}


def symbol(text: str) -> str:
    """A formula or input name as the report writes it: 'KV heads' rather than 'kv_heads'."""
    for code, words in SYMBOLS.items():
        text = text.replace(code, words)
    return text


def priced(o: Option, value: float) -> float | None:
    """`value`, or None ("n/a" in the report) where no operating point serves `o`: not $0."""
    return value if o.priced else None


def replicas_text(o: Option) -> str:
    """'2 (1 to 2)', or 'n/a (throughput)' where nothing serves: no replicas are planned."""
    if not o.priced:
        return f"n/a ({o.why_unpriced})"
    return f"{o.replicas} ({o.replicas_min} to {o.replicas_max})"


def option_block(o: Option, n: int, job: Any = None) -> list:
    """One shortlisted option's figures. `job`: a batch job's BatchSpec, whose rows lead with the run
    (time to finish it, throughput) instead of time to first token, which nobody waits on (D17)."""
    mem = o.memory
    kv = [
        ["Hardware", o.hardware, "Runtime", o.runtime],
        [
            "GPUs per replica",
            f"{o.gpus} x {o.accelerator}",
            "Parallelism",
            f"TP {o.tensor_parallel} x PP {o.pipeline_parallel}",
        ],
        [
            "Precision (weights / KV)",
            f"{o.precision.value} / {o.kv_precision.value}",
            "Batch at operating point",
            str(o.batch_size),
        ],
        [
            "Memory per GPU",
            f"{num(mem.capacity_gib, 1)} GiB, usable {num(mem.usable_gib, 1)}",
            "Weights / KV / reserve / act.",
            f"{num(mem.weights_gib, 1)} / {num(mem.kv_cache_gib, 1)} / "
            f"{num(mem.reserve_gib, 1)} / {num(mem.activation_gib, 1)} GiB",
        ],
        [
            "Free memory per GPU",
            f"{num(mem.free_gib, 1)} GiB ({'fits' if mem.fits else 'does not fit'})",
            "KV per token, max sequences",
            f"{num(mem.kv_bytes_per_token, 0)} B, {mem.max_concurrent_sequences:,}",
        ],
        [
            "TTFT unloaded / p95",
            f"{num(o.ttft_ms, 0)} / {num(o.ttft_p95_ms, 0)} ms",
            "TPOT, p95 end-to-end",
            f"{num(o.tpot_ms, 1) if o.generates else 'n/a'} ms, {num(o.e2e_p95_ms, 0)} ms",
        ],
        [
            "Output tokens/s per replica at the operating batch",
            num(o.tokens_per_s, 0) if o.generates else "n/a: one vector per request",
            "Max req/s per replica at SLA",
            num(priced(o, o.requests_per_s_per_replica), 2),
        ],
        [
            "Replicas (min to max)",
            replicas_text(o),
            "GPUs in all",
            o.priced_text(o.total_gpus, "d"),
        ],
        [
            "Cost per month",
            money(priced(o, o.cost_per_month_usd)),
            "Per 1M tokens, per request",
            f"{money(priced(o, o.cost_per_million_tokens_usd), 2)}, {money(priced(o, o.cost_per_request_usd), 4)}",
        ],
        ["Feasible", "yes" if o.feasible else "no", "Pareto front", "yes" if o.pareto else "no"],
    ]
    if job is not None and o.priced and o.requests_per_s_per_replica > 0:
        # a batch job: the run first, per-request latency after (only the run has a target)
        reps = max(o.replicas, 1)
        hours = job.total_requests / (reps * o.requests_per_s_per_replica) / 3600.0
        row = next(k for k, r in enumerate(kv) if r[0] == "TTFT unloaded / p95")
        kv.insert(
            3,
            [
                "Time to finish a run",
                f"{num(hours, 2)} h on {reps} replica(s) (deadline {job.hours_per_run:g} h)",
                "Throughput (all replicas)",
                f"{num(reps * o.requests_per_s_per_replica, 2)} req/s",
            ],
        )
        kv.append(kv.pop(row + 1))  # per-request latency: no target for a job, last
    for key, band in o.bands.items():
        if not o.generates and key in ("tpot_ms", "tokens_per_s"):  # nothing decoded: no band to show
            continue
        if job is not None and key == "ttft_p95_ms":  # no first-token target for a job
            continue
        name, unit = BAND_LABELS.get(key, (key, ""))
        kv.append(
            [
                f"{name} band",
                f"{figure(band.low)} / {figure(band.expected)} / {figure(band.high)} {unit}",
                "",
                "low / expected / high",
            ]
        )
    kv = [[para(r[0], "cell_label"), r[1], para(r[2], "cell_label"), r[3]] for r in kv]
    out = [heading(o.label, 1), table(kv, [100, 150, 105, 140], header=False)]
    if o.violations:
        out += [para("Misses:", "label")] + bullets(
            [v.detail or f"{v.constraint}: needs {v.required:g} {v.unit}, has {v.available:g}" for v in o.violations],
            "",
        )
    if o.flags:
        out += bullets(o.flags, "")
    if o.explanations:
        ex = [["Quantity", "Value", "Formula", "Inputs", "Source"]]
        for e in o.explanations:
            inputs = ", ".join(
                f"{symbol(k)} = {figure(v)}" if isinstance(v, float) else f"{symbol(k)} = {v}"
                for k, v in e.inputs.items()
            )
            if e.table_rows:  # the traffic levels the figure sums, one "(...)" group each
                levels = "; ".join("(" + ", ".join(figure(v) for v in r) + ")" for r in e.table_rows)
                inputs += f"; levels ({', '.join(e.table_columns)}): {levels}"
            ex.append([e.quantity, num(e.value, 2, e.unit), symbol(e.formula), inputs, e.source])
        out += [Spacer(1, 4), table(ex, [62, 62, 150, 146, 75], numeric_cols=(1,))]
    return out


def sizing_section(c: Ctx) -> list:
    z = c.sizing
    out = [heading("Sizing of the shortlisted options", 0)]
    picks = shortlist(c)
    if not picks:
        out.append(para("The engine returned no options for this scenario."))
    elif not z.feasible:
        out.append(para("No option is feasible; the closest candidates evaluated, with what they miss:"))
    for n, i in enumerate(picks, start=1):
        w = c.scenario.workload  # a batch job without a first-token target leads with its run
        out += option_block(z.options[i], n, w.batch if w.is_batch_job and not w.sla.ttft_p95_ms else None)
    if z.hosted:
        rows = [["Hosted API", "Model", "Per month", "Per 1M tokens", "Allowed", "Break-even"]]
        for h in z.hosted:
            rows.append(
                [
                    f"{h.name} ({h.provider})",
                    h.model,
                    "image cost unknown" if h.image_cost_unknown else money(h.cost_per_month_usd),
                    "image cost unknown" if h.image_cost_unknown else money(h.cost_per_million_tokens_usd, 2),
                    "yes" if h.allowed else f"no: {h.reason}",
                    num(h.break_even_requests_per_s, 2, "req/s") if h.break_even_requests_per_s else "n/a",
                ]
            )
        out += [h2("Hosted APIs"), table(rows, [130, 90, 62, 62, 91, 60], numeric_cols=(2, 3, 5))]
        bases = [f"{h.name}: {h.image_basis}" for h in z.hosted if h.image_basis]
        if bases:
            out.append(para("Images billed as input tokens: " + "; ".join(bases) + ".", "small"))
    return out


def charts_section(c: Ctx) -> list:
    out = [
        PageBreak(),
        heading("Charts", 0),
        para("Drawn from the same chart data as the Analysis page; dashed lines are SLA and capacity limits.", "small"),
    ]
    if not c.sizing.charts:
        return out + [para("The engine returned no chart data for this scenario.")]
    first = shortlist(c)
    for ch in c.sizing.charts:
        block = [h2(ch.title), chart_drawing(ch, PORTRAIT_W, 290, first)]
        if ch.kind == "stacked_bar" and ch.categories:
            block.append(
                para("; ".join(f"#{ch.bar_option(k) + 1} {name}" for k, name in enumerate(ch.categories)), "caption")
            )
        out.append(KeepTogether(block))
    return out


# -- strategy, evaluation, assumptions and sources -----------------------------------------------------


def strategy_section(c: Ctx) -> list:
    z, rec = c.sizing, c.rec
    out = [heading("Inference strategy and what to avoid", 0), h2("Strategy")]
    if not strategy_is_recommendation(c) and z.recommended is not None and z.strategy:
        out.append(
            para(
                f"Not for the recommendation ({rec.label}): the engine derives its strategy from its own "
                f"evaluation of its cheapest design, {z.recommended.label}, so the figures below are that "
                f"design's. The same rules carry over to the recommendation, with its own figures in "
                f"{ref('Sizing of the shortlisted options')}.",
                "small",
            )
        )
    elif not rec.agrees and rec.option is not None and z.strategy:
        out.append(para(f"For the recommendation, {rec.label}, as sized in its own figures.", "small"))
    return (
        out
        + bullets(z.strategy, "The engine derived no strategy (no feasible option).")
        + [h2("What to avoid")]
        + bullets(z.avoid, "Nothing specific to avoid was derived.")
    )


def assumptions_section(c: Ctx) -> list:
    out = [
        heading("Assumptions and sources", 0),
        h2("Assumptions"),
        table(assumption_rows(c.scenario), [290, 110, 95], label_col=True),
    ]
    extra = [o for o in (c.rec.option, c.sizing.recommended) if o is not None]
    opts = used_options(c.sizing, c.matrix, shortlist(c), extra)
    src = source_rows(c.catalog, c.sizing, opts)
    out += [
        h2("Catalog sources"),
        para("The catalog records behind the options this package shows, with where each figure comes from.", "small"),
        table(src, [70, 140, 225, 60]),
    ]
    if c.matrix is not None and c.matrix.quality_benchmark:
        out.append(
            para(
                f"Quality scores compare models on {c.matrix.quality_benchmark}"
                + (
                    ", chosen for this decision"
                    if getattr(c.matrix, "quality_chosen", False)
                    else ", the benchmark most candidate models report"
                )
                + f"; each score's source is under Quality evidence ({ref('Selection matrix')}).",
                "small",
            )
        )
    return out


def _deployment(c: Ctx) -> list:
    o, z = c.rec.option, c.sizing
    out = deployment_section(z.deployments, c.scenario, shortlist(c), o.model if o is not None else "")
    rows = z.deployments.rows if z.deployments is not None else []
    if o is not None and rows and all(z.options[r.option_index] != o for r in rows if r.option_index is not None):
        out.insert(
            1,
            para(
                f"The recommendation itself, {o.label}, costs {money(o.cost_per_month_usd)} a month on its own "
                f"plan; the rows below are each deployment model's cheapest option of {o.model}.",
                "small",
            ),
        )
    return out + [PageBreak()]


def _strategy(c: Ctx) -> list:
    return strategy_section(c) + [PageBreak()]


def _path(c: Ctx) -> list:
    return path_section(c.advice, c.scenario.system_map.production_path) + [PageBreak()]


def _bench(c: Ctx) -> list:
    out = bench_plan_section(c.scenario, c.rec.option)  # after the sources: the next step, before a fleet
    return [PageBreak(), *out] if out else []


def _fleet(c: Ctx) -> list:
    return fleet_section(c.fleet, c.rec.label)


# The package's parts in order: what the Report page lists (the first item of each pair) is what
# `story` builds (the second). Section numbers are generated from the headings these draw.
SECTIONS: tuple[tuple[str, Any], ...] = (
    ("title page", title_page),
    ("contents", lambda c: contents()),
    ("summary and verdict", lambda c: summary(c) + [PageBreak()]),
    ("workload and SLA", workload_section),
    ("system map", system_map),
    ("selection matrix with sensitivity, quality evidence and quality per dollar", selection),
    ("", quality_section),
    ("sizing of each shortlisted option", sizing_section),
    ("charts", charts_section),
    ("deployment models compared (cost, energy, break-even, hybrid)", _deployment),
    ("inference strategy and what to avoid", _strategy),
    ("path to production", _path),
    ("assumptions and sources", assumptions_section),
    ("benchmark plan that would confirm the recommended option", _bench),
    ("fleet plan (when the project has a fleet portfolio)", _fleet),
)


def contents_list() -> list[str]:
    """What the package holds, in words, in the order it is built."""
    return [name for name, _build in SECTIONS if name]


def story(c: Ctx) -> list:
    out: list = []
    for _name, build in SECTIONS:
        out += build(c)
    number_headings(out)
    return out
