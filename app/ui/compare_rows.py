"""The Compare tab's rows: one source with the options table and the pins.

The decision rows (inputs, verdict, energy a month, what binds) are the workshop grid's
(`app.services.comparison_grid`: the pins' cards and the follow-up deck read them too); the Choice
row names the matrix's recommendation and the engine's cheapest feasible design beside it when that
is another one (`comparison.choice_text`, as the banner); the figures of the design the pin stands
for are the options table's own cells (`option_cells`, the columns declared once in
`app.ui.option_columns`), so a pinned column reads, field by field, as the design's row in the
options table: the same energy, costs, latency, replicas and wording.

Each pin speaks for the selection matrix's recommendation (`comparison_grid.chosen`); a hosted API
recommended has no row in the options table: its two costs fill the cost rows, the other figures
read "–". A row empty for every pin (a serving workload's cost per run, the first violation of
feasible designs) is left out; a cell empty beside another pin's figure reads "–". Differences
from A as in `app.services.comparison`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.services import comparison_grid as cg
from app.services.comparison import LETTERS, REEVALUATED, Cell, Pin, choice_text, difference_text
from app.ui.option_columns import EMBEDDING_TTFT_HEADER, OPTION_COLUMNS, option_cells

BEFORE = (cg.INPUTS, cg.VERDICT)  # the grid's rows above the choice and the design's figures
CHOICE = "Choice"
AFTER = (cg.ENERGY, cg.BINDS)  # and below them (energy a month with its CO2e: not a table column)
SKIPPED = frozenset({"rank"})  # the table's order of the options, not a figure of the design
# a hosted API's figures in the cost columns (HostedOption's fields)
HOSTED = {"cost_month": "cost_per_month_usd", "cost_mtok": "cost_per_million_tokens_usd"}
NONE = "–"  # a figure the pin's design does not have (a hosted API's replicas, no design at all)
COLUMNS = [c for c in OPTION_COLUMNS if c.key not in SKIPPED]
# Each column's row name: the table's header, short (the row names share a narrow pane with three
# pinned columns); the table's whole header is the row name's tooltip (TIPS).
SHORT = {
    "tps": "Output tok/s",
    "cost_month": "USD/month",
    "cost_run": "USD/run",
    "cost_mtok": "USD/1M tok",
    "energy_mtok": "Wh/1M tok",
}
ROW_OF = {c.key: SHORT.get(c.key, c.header) for c in COLUMNS}  # column key -> its row's name
TIPS = {ROW_OF[c.key]: c.header for c in COLUMNS if ROW_OF[c.key] != c.header}
ROW_NAMES = [*BEFORE, CHOICE, *ROW_OF.values(), *AFTER]  # every row the tab can show, in order


def design_cells(pin: Pin) -> dict[str, tuple[Any, str]]:
    """Column key -> (value, text) of the design the pin stands for, as its options-table row."""
    option = cg.chosen(pin)
    if option is not None:
        values, texts = option_cells(option)
        return {c.key: (v, t) for c, v, t in zip(OPTION_COLUMNS, values, texts, strict=True)}
    hosted = cg.hosted_of(pin)
    cells: dict[str, tuple[Any, str]] = {}
    for c in COLUMNS:
        value = getattr(hosted, HOSTED[c.key]) if hosted is not None and c.key in HOSTED else None
        cells[c.key] = (value, c.fmt(value) if value is not None else NONE)
    return cells


def choice(pin: Pin) -> str:
    """What the pin chose, as the banner says it; nothing within budget: the grid's design (the
    cheapest over budget, marked so), whose figures the rows below show."""
    text = choice_text(pin)
    if text == "none" and cg.chosen(pin) is not None:
        return cg.grid([pin]).cell(cg.DESIGN, 0).text
    return text


def _compared(values: list[Any], texts: list[str]) -> list[Cell]:
    """Cells differing from A: numbers by their change, a text ('≥ 12 (no host)' too) as differs."""
    cells = []
    for i, (value, text) in enumerate(zip(values, texts, strict=True)):
        base, base_text = values[0], texts[0]
        if i == 0:
            diff = None
        elif (
            isinstance(value, (int, float))
            and isinstance(base, (int, float))
            and not isinstance(value, bool)
            and not text.startswith("≥")
            and not base_text.startswith("≥")
        ):
            diff = difference_text(value, base) if text != base_text else None
        else:
            diff = None if text == base_text else ""
        cells.append(Cell(text, diff))
    return cells


def compare_rows(pins: Sequence[Pin]) -> list[tuple[str, list[Cell]]]:
    """(row name, one cell per pin) for `pins` (at most three, A first); the row names alone
    (no cells) when nothing is pinned."""
    pins = list(pins)[: len(LETTERS)]
    if not pins:
        return [(name, []) for name in ROW_NAMES]
    grid = dict(cg.grid(pins).rows)
    rows: list[tuple[str, list[Cell]]] = [(name, grid[name]) for name in BEFORE]
    choices = [choice(p) for p in pins]
    rows.append((CHOICE, _compared(choices, choices)))
    designs = [design_cells(p) for p in pins]
    generates = any(getattr(cg.chosen(p), "generates", True) for p in pins)
    for c in COLUMNS:
        values = [d[c.key][0] for d in designs]
        texts = [d[c.key][1] for d in designs]
        if not any(texts):
            continue
        name = ROW_OF[c.key] if c.key != "ttft" or generates else EMBEDDING_TTFT_HEADER
        rows.append((name, _compared(values, [t or NONE for t in texts])))  # an empty cell beside a figure
    rows += [(name, grid[name]) for name in AFTER]
    if REEVALUATED in grid:
        rows.append((REEVALUATED, grid[REEVALUATED]))
    return rows
