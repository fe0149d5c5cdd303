"""Explain: how the selected option's numbers were computed, as readable HTML tables.

Explanations (quantity, value, unit; under each, its formula, inputs and source on a row of their
own, readable in the side panel at 1366x768), the low/expected/high bands,
violations with their fixes, and flags (e.g. uncalibrated efficiency profiles).
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from app.domain import BAND_LABELS, Option
from app.domain.numbers import figure
from app.ui.training_words import training_run_words

_TABLE = '<table border="1" cellspacing="0" cellpadding="4" width="100%">'
# Rich-text table headers break only between words, and not at all: a narrow panel scrolls
# sideways rather than showing 'Criterio / n' (QTextDocument's default style sheet).
HEADERS_WHOLE = "th { white-space: nowrap; }"
# A number and its unit are never broken ('65,53 / 6' at 1366x768): the panel scrolls sideways instead.
WHOLE = "style='white-space:nowrap'"


def _unit(text: str) -> str:
    """A unit (or a name holding one) as HTML that never breaks inside: a word joiner (U+2060)
    after each '/' and '-' ('min/month', 'node-hours/month'), where Qt would otherwise break a
    line; the cell's width is its whole unit, the panel scrolls sideways instead."""
    return escape(text).replace("/", "/\u2060").replace("-", "-\u2060")


def _num(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return figure(value)
    return escape(str(value))


def _rows_html(columns: list[str], rows: list[list[float]]) -> str:
    """An explanation's table (e.g. the energy's traffic levels) under its inputs: a header row of
    `columns` and one row of figures each, as the engine gives them."""
    head = "".join(f"<th>{_unit(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td align='right'>{_num(v)}</td>" for v in r) + "</tr>" for r in rows)
    # a narrower padding than the panel's other tables: six columns fit the side panel at 1366x768
    return f'<table border="1" cellspacing="0" cellpadding="2"><tr>{head}</tr>{body}</table>'


def _feasible_html(o: Option) -> str:
    """'Feasible', 'Feasible, host RAM not verified' (no RAM figure for the node) or 'Not feasible'."""
    if not o.feasible:
        return "<b>Not feasible</b>"
    return "Feasible, host RAM not verified" if o.host_ram_unverified else "Feasible"


def option_html(option: Option) -> str:
    """The whole explanation of one Option as an HTML fragment."""
    o = option
    parts = [
        f"<h3>#{o.rank or ''} {escape(o.label)}</h3>",
        f"<p>{_feasible_html(o)} · "
        + (
            f"{o.replicas} replica(s) × {o.gpus} GPU(s), "
            if o.priced  # nothing serves at the SLA: no replicas, not "0 replica(s)"
            else f"{o.gpus} GPU(s) a replica, no replicas planned ({escape(o.why_unpriced)}), "
        )
        + f"TP{o.tensor_parallel}×PP{o.pipeline_parallel}, {escape(o.runtime)}, weights {o.precision.value}"
        + (
            f" (weight-only: math in {escape(o.math_format)} at {figure(o.math_tflops_per_device)} TFLOP/s)"
            if o.precision_emulated
            else ""
        )
        + f", KV {o.kv_precision.value}, batch {o.batch_size}</p>",
        (
            f"<p><b>Training run</b>: {escape(training_run_words(o))}"
            + (
                f"; training memory {figure(o.train_memory_gib_per_gpu)} GiB per GPU"
                if o.train_memory_gib_per_gpu is not None
                else ""
            )
            + " (the replica, latency and memory figures below are for serving the tuned model, not the run)</p>"
            if o.train_hours is not None
            else ""
        ),
        f"<p>Cost {escape(o.cost_summary)}"
        + (f" — {escape(o.cost_basis)}" if o.cost_per_run_usd is not None else "")
        + "</p>",
    ]
    if o.violations:
        parts.append("<h4>Violations</h4>" + _TABLE + "<tr><th>Constraint</th><th>Needs</th><th>Has</th></tr>")
        # The detail and the fix on a row of their own under each, as wide as the table: as the
        # fourth and fifth columns they were a few letters wide ('$8,85 / 7/ / mont / h', D15).
        for v in o.violations:
            said = " ".join(x for x in (escape(v.detail), f"<i>Fix: {escape(v.fix)}</i>" if v.fix else "") if x)
            parts.append(
                f"<tr><td>{escape(v.title)}</td><td align='right' {WHOLE}>{_num(v.required)} {_unit(v.unit)}</td>"
                f"<td align='right' {WHOLE}>{_num(v.available)} {_unit(v.unit)}</td></tr>"
                + (f"<tr><td colspan='3'>{said}</td></tr>" if said else "")
            )
        parts.append("</table>")
    if o.bands:
        # Two columns, the unit with the quantity and the range on one unbroken line: readable in
        # the side panel's width at 1366x768, where five columns broke every number.
        parts.append("<h4>Uncertainty bands</h4>" + _TABLE + "<tr><th>Quantity</th><th>Low – expected – high</th></tr>")
        for key, band in o.bands.items():
            name, unit = BAND_LABELS.get(key, (key, ""))
            parts.append(
                f"<tr><td>{escape(name)}{f' [{_unit(unit)}]' if unit else ''}</td>"
                f"<td align='right' style='white-space:nowrap'>{_num(band.low)} – <b>{_num(band.expected)}</b> – "
                f"{_num(band.high)}</td></tr>"
            )
        parts.append("</table>")
    if o.retrieval_ms:
        labels = {"embed_query": "embed the query", "search": "vector search", "rerank": "re-rank"}
        steps = " → ".join(f"{escape(labels.get(k, k))} {_num(v)} ms" for k, v in o.retrieval_ms.items())
        parts.append(
            f"<h4>RAG request path</h4><p>{steps} → generate. TTFT as users see it: "
            f"{_num(o.ttft_p95_ms)} ms p95, {_num(o.ttft_ms)} ms unloaded (retrieval included; "
            f"each step's device and formula are in the table below).</p>"
        )
    m = o.memory
    parts.append(
        f"<h4>Memory per GPU</h4><p>{_num(m.capacity_gib)} GiB capacity, {_num(m.usable_gib)} usable: "
        f"weights {_num(m.weights_gib)}, KV cache {_num(m.kv_cache_gib)}, activations {_num(m.activation_gib)}, "
        f"reserve {_num(m.reserve_gib)}, free {_num(m.free_gib)} GiB; "
        f"{_num(m.kv_bytes_per_token)} KV {_unit('bytes/token')}, up to {m.max_concurrent_sequences} sequences.</p>"
    )
    if o.explanations:
        # Quantity, value and unit on one row; the formula, its inputs and the source on a row of
        # their own under it, as wide as the table: six columns in the side panel at 1366x768
        # left the formula and inputs one or two letters wide.
        parts.append(
            "<h4>How the numbers were computed</h4>" + _TABLE + "<tr><th>Quantity</th><th>Value</th><th>Unit</th></tr>"
        )
        for e in o.explanations:
            inputs = "<br>".join(f"{_unit(str(k))} = {_num(v)}" for k, v in e.inputs.items())
            how = [f"<div><code>{escape(e.formula)}</code></div>"] if e.formula else []
            how += [f"<div>{inputs}</div>"] if inputs else []
            how += [_rows_html(e.table_columns, e.table_rows)] if e.table_rows else []
            how += [f"<div><i>{escape(e.source)}</i></div>"] if e.source else []
            parts.append(
                f"<tr><td><b>{escape(e.quantity)}</b></td><td align='right' {WHOLE}>{_num(e.value)}</td>"
                f"<td {WHOLE}>{_unit(e.unit)}</td></tr>"
                + (f"<tr><td colspan='3'>{''.join(how)}</td></tr>" if how else "")
            )
        parts.append("</table>")
    if o.flags:
        parts.append("<h4>Flags</h4><ul>" + "".join(f"<li>{escape(f)}</li>" for f in o.flags) + "</ul>")
    return "".join(parts)


class ExplainPanel(QTextBrowser):
    """Shows `option_html` for the selected option; a hint when nothing is selected."""

    HINT = "<p>Select an option in the table or click a point in a plot to see how its numbers were computed.</p>"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explainPanel")
        self.document().setDefaultStyleSheet(HEADERS_WHOLE)
        self.setOpenExternalLinks(True)
        self.option: Option | None = None
        self._html = self.HINT  # the text shown: the same text is not laid out again
        self.setHtml(self.HINT)

    def show_option(self, option: Option | None) -> None:
        """Show `option`'s explanation (the hint for None). A text equal to the one shown (the same
        option sized again, e.g. to lead the charts with another) keeps the laid-out document: a
        rich-text layout of the tables costs tens of ms."""
        self.option = option
        html = self.HINT if option is None else option_html(option)
        if html != self._html:
            self._html = html
            self.setHtml(html)
