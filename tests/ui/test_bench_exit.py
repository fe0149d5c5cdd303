"""The UI latency benchmark measures the Analysis page and then workshop mode in one
interpreter, and that interpreter exits cleanly: the widgets each figure builds are deleted when
it is done. Left alive (their signal connections held them), PySide's exit clean-up deleted
them while walking its wrapper table, and deleting the page freed the workshop view under that
walk: "QObject: shared QObject was deleted directly" and a segmentation fault at exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from bench import ui_latency
for workshop in (False, True):
    run = ui_latency.slider_to_redraw_ms(3, 0, workshop=workshop)
    assert len(run.wall) == 3, run
print("measured both", flush=True)
"""


@pytest.mark.gui
def test_both_slider_figures_in_one_interpreter_exit_cleanly(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ARCHWISE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    assert "measured both" in done.stdout, done.stderr[-2000:]
    assert "shared QObject was deleted directly" not in done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
