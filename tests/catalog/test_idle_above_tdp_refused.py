"""An accelerator whose idle power is above its TDP is refused at import and edit, with the figures
(fix-catalog2 item 4, CLI reviewer finding 15). Before the fix it was imported and the engine then
clamped the 900 W idle to 0.5 x 300 W = 150 W without a word (engine.power)."""

from __future__ import annotations

import pytest
import yaml

from app.cli import main
from app.domain import Accelerator, DomainError, parse

WEIRD = {
    "name": "Weird GPU",
    "source": "test",
    "as_of": "2026-11-30",
    "vendor": "X",
    "efficiency_class": "nvidia-hopper",
    "memory_gib": 80,
    "memory_bandwidth_gb_s": 3000,
    "tflops_bf16": 500,
    "tdp_w": 300,
    "idle_power_w": 900,
}


def test_the_record_is_refused_with_both_figures():
    with pytest.raises(DomainError, match="idle_power_w 900 W above tdp_w 300 W"):
        parse(Accelerator, WEIRD)
    ok = parse(Accelerator, WEIRD | {"idle_power_w": 60})  # a plausible idle passes
    assert ok.idle_power_w == 60


def test_catalog_import_refuses_it_and_adds_nothing(tmp_path, capsys):
    path = tmp_path / "k06b.yaml"
    path.write_text(yaml.safe_dump({"kind": "accelerators", "records": [WEIRD]}), encoding="utf-8")
    project = str(tmp_path / "c.archwise")
    assert main(["catalog", "import", str(path), "--project", project]) == 2
    assert "idle_power_w 900 W above tdp_w 300 W" in capsys.readouterr().err
    assert main(["catalog", "show", "accelerators", "Weird GPU", "--project", project]) != 0
