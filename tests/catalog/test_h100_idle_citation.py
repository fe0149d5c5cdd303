"""The H100 SXM's 73 W idle cites the file that holds it (fix-catalog2 item 6, CLI reviewer finding
10): nvidia-smi's "73W / 700W" line is in do-dcgm-exporter's docs/install.md from commit 61a43f3
(2025-02-11) on; the README the record cited before has no nvidia-smi output."""

from __future__ import annotations

from app.paths import CATALOG_DIR
from app.store.io_formats import catalog_from_dir


def test_the_idle_figure_cites_docs_install_md():
    h100 = catalog_from_dir(CATALOG_DIR).accelerator("NVIDIA H100 SXM")
    assert h100.idle_power_w == 73
    notes = " ".join(h100.notes.split())
    assert "do-dcgm-exporter/blob/61a43f336a12e695f5f1a2c6c4ef886df0e43602/docs/install.md" in notes
    assert "do-dcgm-exporter/blob/47316db8e8f4c34d657ccd15159e9b20eb8d87d5/README.md" not in notes
