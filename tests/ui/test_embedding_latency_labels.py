"""An embedding job's latency is per request, not a time to first token (hosted-mm review): the
options table's column, the what-if knob and the selection matrix's criterion say so for it, and
keep "TTFT" for a generating workload. Real widgets, the shipped catalog, a real sizing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain import Scenario, parse
from app.engine import size
from app.selection import build_matrix
from app.store.io_formats import catalog_from_dir
from app.ui.options_table_model import TTFT_COLUMN, OptionsTableModel
from app.ui.whatif_panel import WhatIfPanel

EMBED = {
    "name": "Weekly re-embed",
    "workload": {
        "name": "Weekly re-embed",
        "category": "batch",
        "tokens": {"input_tokens": 512, "output_tokens": 1},
        "batch": {"total_requests": 200000, "recurrence": "weekly", "start_window": "00:00-08:00"},
        "sla": {"ttft_p95_ms": 500},
    },
    "candidates": {
        "models": ["Qwen3-Embedding-8B"],
        "hardware": ["Lambda 1x H100 SXM"],
        "precisions": ["bf16"],
        "runtimes": ["vLLM"],
    },
}
CHAT = {
    "name": "Chat",
    "workload": {
        "name": "Chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.0},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 1000},
    },
    "candidates": {**EMBED["candidates"], "models": ["Llama-3.1-8B-Instruct"]},
}


def test_embedding_latency_is_per_request_everywhere(qtbot):
    catalog = catalog_from_dir()
    embed, chat = parse(Scenario, EMBED), parse(Scenario, CHAT)
    sz_embed, sz_chat = size(embed, catalog), size(chat, catalog)

    model = OptionsTableModel()
    model.set_options(sz_embed.options)
    assert model.headerData(TTFT_COLUMN, Qt.Orientation.Horizontal) == "Latency per request p95 [ms]"
    model.set_options(sz_chat.options)
    assert model.headerData(TTFT_COLUMN, Qt.Orientation.Horizontal) == "TTFT p95 [ms]"

    panel = WhatIfPanel()
    qtbot.addWidget(panel)
    panel.set_scenario(embed)
    assert panel.titles["ttft"].text() == "Latency per request p95 SLA"
    panel.set_scenario(chat)
    assert panel.titles["ttft"].text() == "TTFT p95 SLA"

    m = build_matrix(sz_embed, catalog, embed.workload)
    ttft = next(c for c in m.criteria if c.key == "ttft_p95")
    assert ttft.name == "p95 latency per request" and ttft.description.startswith("Latency of one request")
    m_chat = build_matrix(sz_chat, catalog, chat.workload)
    assert next(c for c in m_chat.criteria if c.key == "ttft_p95").name == "p95 TTFT"
