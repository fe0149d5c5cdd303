"""An embedding job in the window: the what-if panel offers no output-token knob (one vector per
request, nothing generated; it read "1 tokens"), the options table shows n/a for TPOT and output
rate rather than 0, and the per-1M-tokens headers say which tokens they count."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from scenario_builders import claim_photos, embedding_reindex, scenario

from app.engine import size
from app.store.io_formats import catalog_from_dir
from app.ui.options_table_model import OPTION_COLUMNS, OptionsTableModel
from app.ui.whatif_panel import WhatIfPanel

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir()


def test_an_embedding_job_has_no_output_knob(qtbot):
    panel = WhatIfPanel()
    qtbot.addWidget(panel)
    panel.set_scenario(scenario(embedding_reindex()))
    box, slider = panel.boxes["output"], panel.sliders["output"]
    assert not box.isEnabled() and not slider.isEnabled()
    assert box.text() == "one vector"  # not "1 tokens"
    assert "one vector per request" in slider.toolTip()
    assert panel.boxes["input"].isEnabled() and panel.boxes["input"].text() == "512 tokens"


def test_a_generating_job_keeps_its_output_knob(qtbot):
    panel = WhatIfPanel()
    qtbot.addWidget(panel)
    panel.set_scenario(scenario(claim_photos()))
    assert panel.boxes["output"].isEnabled() and panel.boxes["output"].text() == "300 tokens"


def test_the_options_table_says_na_for_an_embedder_and_what_per_1m_counts(qapp, catalog):
    model = OptionsTableModel()
    model.set_options(size(scenario(embedding_reindex()), catalog, detailed=False).options)
    keys = [c.key for c in OPTION_COLUMNS]
    row = model.index(0, 0)
    assert model.data(model.index(0, keys.index("model"))) == "Qwen3-Embedding-0.6B"
    assert model.data(model.index(row.row(), keys.index("tpot"))) == "n/a"
    assert model.data(model.index(row.row(), keys.index("tps"))) == "n/a"
    tip = model.headerData(keys.index("cost_mtok"), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "image tokens" in tip and "embedding model generates none" in tip
