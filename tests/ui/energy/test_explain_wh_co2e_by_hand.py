"""D6 (GUI tester, issue 18): the Explain panel shows how Wh per 1M tokens and CO2e a month follow
from kWh a month, and which grid intensity it used. The old panel showed kWh a month only: a
Hyperstack row (no published region) was priced at the site's 650 g/kWh with nothing on screen
saying so, and tokens a month were nowhere.

By hand from the panel: Wh/1M = kWh x 1000 / (tokens / 1e6); kg CO2e = kWh x g/kWh / 1000, and the
tokens a month = 1.4 req/s x (1500 + 250) tok x 730 h x 3600 s = 6,438.6 M. Lambda's region "us" is
catalogued at 366.2 g/kWh; Hyperstack publishes no region, so the site's 650 g stands in, said."""

from __future__ import annotations

import re

import pytest

from app.domain import Scenario, parse
from app.services.sizing import size_scenario
from app.store import Project
from app.ui.explain_panel import ExplainPanel
from app.ui.option_columns import energy_month_text
from tests.ui.energy.test_explain_energy_by_hand import SCENARIO as CLAIMS
from tests.ui.energy.test_explain_energy_by_hand import _tables, _value

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SCENARIO = {
    **CLAIMS,
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["Lambda 1x H100 PCIe", "Hyperstack 1x H100 SXM"],
        "gpu_counts": [1],
        "runtimes": ["vLLM"],
    },
    "assumptions": {"grid_gco2e_per_kwh": 650.0},
}
TOKENS = 1.4 * 1750 * 730 * 3600


def _panel_text(qtbot, option):
    panel = ExplainPanel()
    qtbot.addWidget(panel)
    panel.resize(370, 700)
    panel.show()
    panel.show_option(option)
    qtbot.waitExposed(panel)
    return panel, panel.toPlainText().replace("\u2060", "")


def test_wh_and_co2e_recompute_from_the_panels_text(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.archwise", create=True)
    try:
        sizing = size_scenario(project, parse(Scenario, SCENARIO))
    finally:
        project.close()
    seen = {}
    for hw, grid, said in (
        ("Lambda 1x H100 PCIe", 366.2, "region us, catalog figure"),
        ("Hyperstack 1x H100 SXM", 650.0, "Hyperstack 1x H100 SXM publishes no region"),
    ):
        option = next(o for o in sizing.options if o.hardware == hw and o.energy_kwh_per_month is not None)
        panel, text = _panel_text(qtbot, option)
        figures = {row[0]: row[1] for t in _tables(panel.document()) for row in t if len(row) >= 2}
        kwh = _value(figures["Energy a month (facility)"])
        wh, kg = _value(figures["Energy per 1M tokens"]), _value(figures["CO2e a month"])

        def shown(name: str, text: str = text) -> str:
            m = re.search(re.escape(name) + r" = ([^\n\u2029]+)", text)
            assert m, f"{name!r} not on the panel"
            return m.group(1).strip()

        tokens = _value(shown("tokens a month"))
        assert tokens == pytest.approx(TOKENS, rel=1e-3)
        assert _value(shown("grid g CO2e/kWh")) == pytest.approx(grid, abs=0.5)
        assert said in text
        # the panel's own figures, within their rounding
        assert wh == pytest.approx(kwh * 1000 / (tokens / 1e6), rel=5e-3, abs=0.05)
        assert kg == pytest.approx(kwh * grid / 1000, rel=5e-3, abs=0.5)
        assert wh == pytest.approx(option.energy_wh_per_million_tokens, rel=5e-3, abs=0.05)
        assert kg == pytest.approx(option.co2e_kg_per_month, rel=5e-3, abs=0.5)
        # the options table row's tooltip names the grid too
        tip = energy_month_text(option)
        assert f"at {grid:,.0f} g CO2e/kWh" in tip and said in tip
        seen[hw] = kg / kwh
    assert seen["Hyperstack 1x H100 SXM"] > seen["Lambda 1x H100 PCIe"]
