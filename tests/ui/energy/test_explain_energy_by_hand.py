"""D1 (GUI tester, issue 18): the Explain panel's "Energy a month (facility)" is reproducible with a
calculator from what the panel itself shows. The old panel showed one "a at that lambda" (the mean
rate's, not the one used) and hid the two-level day: (49 + 301 x 0.99988 x 0.7424) x 1.4 x 730 /
1000 = 278.4 kWh from the screen against 268.3 shown, and "P_host per node [W] = 0" where the host
is unknown.

The scenario is the tester's "Claims handler assistant" (1.4 req/s mean, peak/mean 2.4 over the
default 8 peak hours: 3.36 req/s for 8 h a day and (24 x 1.4 - 8 x 3.36) / 16 = 0.42 req/s for 16 h)
on one 1-GPU Lambda H100 PCIe node (rented: host power unknown). By hand from the panel:

    s   = min(1, 0.735 u_mem + 0.945 u_comp)
    a_h = 1 - exp(-(req/s_h / replicas_h) x T)
    W_h = (nodes_h x GPUs a node x P_idle (no host counted)
           + replicas_h x GPUs a replica x (P_busy - P_idle) x a_h x s) x PUE
    kWh = sum_h W_h x h_h / 1000

(h_h = 730 x 8 / 24 = 243.3 and 486.7 h a month). Everything is read back from the real widget's
document (its tables' cells and its input lines), not from the Option."""

from __future__ import annotations

import math
import re

import pytest
from PySide6.QtGui import QTextTable

from app.domain import Scenario, parse
from app.services.sizing import size_scenario
from app.store import Project
from app.ui.explain_panel import ExplainPanel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SCENARIO = {
    "name": "Claims handler assistant",
    "workload": {
        "name": "Claims handler chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.4, "peak_to_mean": 2.4, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {
            "input_tokens": 1500,
            "output_tokens": 250,
            "input_tokens_p95": 4000,
            "output_tokens_p95": 600,
            "shared_prefix_tokens": 800,
            "prefix_cache_hit_ratio": 0.6,
        },
        "sla": {"ttft_p95_ms": 1000.0, "tpot_p95_ms": 60.0},
    },
    "candidates": {
        "models": ["Qwen2.5-32B-Instruct"],
        "hardware": ["Lambda 1x H100 PCIe"],
        "gpu_counts": [1],
        "runtimes": ["vLLM"],
    },
}


def _tables(doc) -> list[list[list[str]]]:
    """Every table of the document (nested ones included) as rows of cell texts."""
    out, frames = [], [doc.rootFrame()]
    while frames:
        frame = frames.pop()
        frames.extend(frame.childFrames())
        if isinstance(frame, QTextTable):
            rows = []
            for r in range(frame.rows()):
                cells = []
                for c in range(frame.columns()):
                    cell = frame.cellAt(r, c)
                    cursor = cell.firstCursorPosition()
                    cursor.setPosition(cell.lastCursorPosition().position(), cursor.MoveMode.KeepAnchor)
                    cells.append(cursor.selectedText())
                rows.append(cells)
            out.append(rows)
    return out


def _value(text: str) -> float:
    return float(text.replace(",", "").replace("\u2060", "").strip())


def test_energy_a_month_recomputes_from_the_panels_own_text(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.archwise", create=True)
    try:
        sizing = size_scenario(project, parse(Scenario, SCENARIO))
    finally:
        project.close()
    option = next(o for o in sizing.options if o.hardware == "Lambda 1x H100 PCIe" and o.gpus == 1)
    panel = ExplainPanel()
    qtbot.addWidget(panel)
    panel.resize(370, 700)  # the Explain tab at 1366x768
    panel.show()
    panel.show_option(option)
    qtbot.waitExposed(panel)
    text = panel.toPlainText().replace("\u2060", "")

    def shown(name: str) -> str:
        m = re.search(re.escape(name) + r" = ([^\n\u2029]+)", text)
        assert m, f"{name!r} not on the panel"
        return m.group(1).strip()

    tables = _tables(panel.document())
    levels = next(
        t
        for t in tables
        if t and [c.replace("\u2060", "") for c in t[0]] == ["h", "req/s", "nodes", "replicas", "a", "W"]
    )
    figure = next(row for t in tables for row in t if row and row[0] == "Energy a month (facility)")
    kwh_shown = _value(figure[1])

    # the host is unknown on a rented node: said so, never "0 W"
    assert shown("P_host per node [W]") == "unknown, not counted (the figure is a lower bound)"
    idle, busy = _value(shown("P_idle per accelerator [W]")), _value(shown("P_busy per accelerator [W]"))
    pue = _value(shown("PUE"))
    node_gpus, replica_gpus = _value(shown("GPUs per node")), _value(shown("GPUs per replica"))
    t = _value(shown("T, one request alone [s]"))
    u_mem = _value(shown("u_mem, share of the step the memory system is busy"))
    u_comp = _value(shown("u_comp, share of the step the tensor cores are busy"))
    s = min(1.0, 0.735 * u_mem + 0.945 * u_comp)
    assert s == pytest.approx(_value(shown("s, share of (P_busy - P_idle) drawn over a decode step")), rel=5e-3)
    assert (idle, busy, pue, node_gpus, replica_gpus) == (49, 350, 1.4, 1, 1)

    rows = [[_value(c) for c in r] for r in levels[1:]]
    assert [r[1] for r in rows] == pytest.approx([3.36, 0.42])  # the two-level day, busiest first
    assert [r[0] for r in rows] == pytest.approx([730 * 8 / 24, 730 * 16 / 24], rel=1e-3)
    kwh = 0.0
    for hours, rate, nodes, replicas, a, watts in rows:
        assert a == pytest.approx(1 - math.exp(-rate / replicas * t), rel=5e-3)
        by_hand = (nodes * node_gpus * idle + replicas * replica_gpus * (busy - idle) * a * s) * pue
        assert by_hand == pytest.approx(watts, rel=5e-3)
        kwh += by_hand * hours / 1000
    assert kwh == pytest.approx(kwh_shown, rel=5e-3)
    # the mean rate's single a (what the old panel showed) gives the 3.6 % higher figure
    one_a = 1 - math.exp(-1.4 * t)
    assert (idle + (busy - idle) * one_a * s) * pue * 730 / 1000 > kwh_shown * 1.02
