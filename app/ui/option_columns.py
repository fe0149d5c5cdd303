"""The options table's columns, declared once (header, getter, format, alignment): what each
cell of a ranked option shows, the headers' tooltips, and the texts of figures an option lacks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from app.domain.energy_bound import lower_bound_cell, upper_bound_cell
from app.domain.results import NOT_PRICED
from app.engine.deployment.carbon_explain import CO2E_QUANTITY
from app.ui.columns import Column

_R = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_L = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
Getter = Callable[[Any], Any]


def _num(fmt: str) -> Callable[[Any], str]:
    return lambda v: "" if v is None else format(v, fmt)


def _priced(fmt: str) -> Callable[[Any], str]:
    """A figure an unpriced option does not have (its getter gives None): "n/a", not 0."""
    return lambda v: NOT_PRICED if v is None else format(v, fmt)


def _generated(fmt: str) -> Callable[[Any], str]:
    """A decode figure (TPOT, output tokens/s): "n/a" for an embedding model, which returns one
    vector per request and generates no tokens (its getter gives None), never 0."""
    return lambda v: "n/a" if v is None else format(v, fmt)


def _if_generates(getter: Getter) -> Getter:
    return lambda o: getter(o) if o.generates else None


def _if_priced(getter: Getter) -> Getter:
    """None where the option is not priced (no operating point meets the SLA): "First violation"
    says why; sorted with the empty cells."""
    return lambda o: getter(o) if o.priced else None


OPTION_COLUMNS: list[Column] = [
    Column("rank", "Rank", lambda o: o.rank, _num("d"), _R, False),
    Column("model", "Model", lambda o: o.model, str, _L, False),
    Column("hardware", "Hardware", lambda o: o.hardware, str, _L, False),
    Column("runtime", "Runtime", lambda o: o.runtime, str, _L, False),
    Column("precision", "Precision", lambda o: o.precision.value, str, _L, False),
    Column("tp", "TP×PP", lambda o: f"{o.tensor_parallel}×{o.pipeline_parallel}", str, _R, False),
    Column("replicas", "Replicas", _if_priced(lambda o: o.replicas), _priced("d"), _R, False),
    Column("total_gpus", "GPUs", _if_priced(lambda o: o.total_gpus), _priced("d"), _R, False),
    Column("ttft", "TTFT p95 [ms]", lambda o: o.ttft_p95_ms, _num(",.0f"), _R, False),
    Column("tpot", "TPOT [ms]", _if_generates(lambda o: o.tpot_ms), _generated(",.1f"), _R, False),
    # output tokens/s of one replica at its share of the peak (the operating point), not its maximum
    Column(
        "tps",
        "Output at operating batch [tok/s/replica]",
        _if_generates(lambda o: o.tokens_per_s),
        _generated(",.0f"),
        _R,
        False,
    ),
    Column("cost_month", "Cost [USD/month]", _if_priced(lambda o: o.cost_per_month_usd), _priced(",.0f"), _R, False),
    # batch and training jobs: the cost of one run (empty while serving)
    Column("cost_run", "Cost [USD/run]", lambda o: o.cost_per_run_usd, _num(",.0f"), _R, False),
    Column(
        "cost_mtok",
        "Cost [USD/1M tok]",
        _if_priced(lambda o: o.cost_per_million_tokens_usd),
        _priced(",.3f"),
        _R,
        False,
    ),
    # no energy figure (no TDP catalogued for the hardware, or nothing served): "n/a", never 0 or blank
    Column("energy_mtok", "Energy [Wh/1M tok]", lambda o: o.energy_wh_per_million_tokens, _priced(",.0f"), _R, False),
    # a feasible option whose host-RAM check could not run (no RAM in the node's record) says so (D7)
    Column("feasible", "Feasible", lambda o: _feasible_words(o), str, _L, False),
    Column("why_not", "First violation", lambda o: first_violation(o), str, _L, False),
]
# What a header means where its name alone cannot say it (the header's tooltip)
PER_MTOK_TIP = (
    "Per 1M processed tokens: each request counts its prompt's text tokens, its image tokens and the "
    "tokens it generates; an embedding model generates none, so only its prompt counts."
)
HEADER_TIPS = {
    "tpot": "Time per output token at the operating point; n/a for an embedding model (no decode).",
    "tps": "Output tokens/s of one replica running at its operating batch (the most it serves within the SLA: "
    "the max req/s x output tokens); at the peak load it carries its share, at most this. n/a for an "
    "embedding model (one vector per request, no generated tokens).",
    "cost_mtok": PER_MTOK_TIP,
    "energy_mtok": PER_MTOK_TIP,
}
HARDWARE_COLUMN = [c.key for c in OPTION_COLUMNS].index("hardware")
TTFT_COLUMN = [c.key for c in OPTION_COLUMNS].index("ttft")
EMBEDDING_TTFT_HEADER = "Latency per request p95 [ms]"
ENERGY_COLUMN = [c.key for c in OPTION_COLUMNS].index("energy_mtok")


def energy_gap_text(o: Any) -> str:
    """What an option's energy lacks, and the partial figure it has, as the deployment table's
    tooltip says it: "no host power of X (lower bound 1,234: host power not included)"."""
    part = o.energy_wh_per_million_tokens
    have = f" (lower bound {part:,.0f}: {o.lower_bound_note()})" if part is not None else " (no energy figure)"
    return "no " + ", no ".join(o.energy_missing) + have


def _grid_words(o: Any) -> str:
    """ " at 650 g CO2e/kWh (<its source>)" from the option's CO2e explanation (tgui6 D6: a cloud
    with no published region borrows the site's grid, said); "" when the option has none."""
    for e in getattr(o, "explanations", None) or []:
        if e.quantity == CO2E_QUANTITY:
            grid = e.inputs.get("grid g CO2e/kWh")
            where = e.source.removeprefix("grid: ")
            return f" at {grid:,.0f} g CO2e/kWh ({where})" if isinstance(grid, (int, float)) else ""
    return ""


def energy_month_text(o: Any) -> str:
    """An option's power, energy per month and CO2e per 1M tokens as the engine gives them (the
    PDF's sustainability table), for the row's tooltip; '' when it has no energy figure."""
    if o.energy_kwh_per_month is None:
        return ""
    power = f" ({o.power_kw:,.2f} kW average)" if o.power_kw is not None else ""
    co2 = (
        f"; {o.co2e_g_per_million_tokens:,.1f} g CO2e per 1M tokens{_grid_words(o)}"
        if o.co2e_g_per_million_tokens is not None
        else "; CO2e n/a (no grid intensity)"
    )
    bound = " (lower bounds)" if o.energy_incomplete else ""
    if o.energy_bound == "upper":
        bound = f" (≤: {o.energy_bound_reason})"
    return f"Energy: {o.energy_kwh_per_month:,.0f} kWh per month{power}{co2}{bound}"


COST_RUN_COLUMN = [c.key for c in OPTION_COLUMNS].index("cost_run")


def option_cells(option: Any) -> tuple[list[Any], list[str]]:
    """An option's cells as the options table shows them, one per OPTION_COLUMNS entry: (values,
    texts). The one source of an option's figures on screen: the options table and the Compare
    tab's rows read them here, so a pin never says another figure than the option's row."""
    values = [c.getter(option) for c in OPTION_COLUMNS]
    texts = [c.fmt(v) for c, v in zip(OPTION_COLUMNS, values, strict=True)]
    if option.energy_incomplete and option.energy_wh_per_million_tokens is not None:
        # the known part, as the lower bound it is, worded as the deployment table words it
        texts[ENERGY_COLUMN] = lower_bound_cell(texts[ENERGY_COLUMN], option.lower_bound_short())
    elif option.energy_bound == "upper" and option.energy_wh_per_million_tokens is not None:
        # a host at its catalogued maximum every hour: the figure is at most this
        texts[ENERGY_COLUMN] = upper_bound_cell(texts[ENERGY_COLUMN])
    return values, texts


def _feasible_words(option: Any) -> str:
    """'yes', 'no', or 'yes, host RAM not verified' for a RAG option on a node with no RAM figure."""
    if not option.feasible:
        return "no"
    return "yes, host RAM not verified" if getattr(option, "host_ram_unverified", "") else "yes"


def first_violation(option: Any) -> str:
    """The line that says what rules an option out first; '' for a feasible one."""
    if not option.violations:
        return ""
    return str(option.violations[0].line)
