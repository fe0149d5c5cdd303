"""tgui6 D3 (rest): a fine-tuning run's verdict and Explain say the run's GPUs, hours, GPU-hours
and $ a run, not a serving replica's figures. The old verdict read "1 replica(s), 1 GPU(s), TTFT
p95 12 ms, TPOT 2.5 ms, $12/run" while the run was priced on 4 training GPUs, and no GPU-hours were
on screen. Real AnalysisPage and ExplainPanel over the real engine.

By hand (the engine's fine-tuning rule, as tests/engine/deployment/test_training_run_energy.py):
LoRA of Llama-3.1-8B on 3e8 tokens x 2 epochs = 4 x 8.03e9 x 6e8 / (989.4e12 x 0.5) / 3600
= 10.82 GPU-hours; on one DGX H100 (8 GPUs) that is 10.82 / 8 = 1.353 h a run."""

from __future__ import annotations

import copy

import pytest
from test_verdict_banner import page  # noqa: F401 - the fixture

from app.domain import Scenario, parse
from app.ui.explain_panel import ExplainPanel
from tests.engine.deployment.test_training_run_energy import LORA

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
GPU_HOURS = 4 * 8.03e9 * 6e8 / (989.4e12 * 0.5) / 3600


def test_training_verdict_and_explain_give_the_runs_gpu_hours(qtbot, page):  # noqa: F811 - the fixture
    data = copy.deepcopy(LORA)
    data["candidates"]["hardware"] = ["On-prem 8x H100 SXM (DGX H100)"]
    with qtbot.waitSignal(page.sizing_changed, timeout=60000) as blocker:
        page.set_scenario(parse(Scenario, data))
    o = blocker.args[0].recommended
    assert o.train_gpus == 8
    assert o.train_gpu_hours == pytest.approx(GPU_HOURS, rel=1e-3)
    assert o.train_hours == pytest.approx(GPU_HOURS / 8, rel=1e-3)
    text = page.banner.text()
    words = f"a training run on 8 GPU(s) for {GPU_HOURS / 8:,.2f} h = {GPU_HOURS:,.2f} GPU-hours"
    assert words in text
    assert f"${o.cost_per_run_usd:,.0f}/run" in text
    assert "TTFT" not in text and "replica(s)" not in text
    panel = ExplainPanel()
    qtbot.addWidget(panel)
    panel.show_option(o)
    shown = panel.toPlainText().replace("\u2060", "")
    assert "Training run: " + words in shown
    assert f"${o.cost_per_run_usd:,.0f}/run" in shown
