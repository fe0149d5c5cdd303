"""`catalog import` checks that each instance names an accelerator the project (or the same file)
has, naming the closest, before anything is written (fix-catalog2 item 5, CLI reviewer finding 14).
Before the fix "Bad node" (accelerator NVIDIA H900) was imported and the error surfaced only when a
scenario named the node."""

from __future__ import annotations

import pytest
import yaml

from app.domain import DomainError
from app.store import Project

NODE = {
    "name": "Bad node",
    "source": "test",
    "as_of": "2026-11-30",
    "provider": "X",
    "deployment": "cloud",
    "accelerator": "NVIDIA H900",
    "accelerator_count": 8,
    "price_on_demand_usd_per_hour": 3,
}


def _write(path, data):
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_an_unknown_accelerator_is_refused_naming_the_closest(tmp_path):
    path = _write(tmp_path / "k03b.yaml", {"kind": "instances", "records": [NODE]})
    project = Project.open(tmp_path / "c.archwise", create=True)
    try:
        with pytest.raises(DomainError) as err:
            project.import_file(path)
        text = str(err.value)
        assert text.startswith("k03b.yaml: record 1 (Bad node): no accelerator named 'NVIDIA H900'")
        assert "closest: " in text and "NVIDIA H" in text
        assert project.catalog().lookup("instances", "Bad node") is None  # nothing written
    finally:
        project.close()


def test_an_accelerator_of_the_project_is_accepted(tmp_path):
    h900 = {
        "name": "NVIDIA H900",
        "source": "test",
        "as_of": "2026-11-30",
        "vendor": "NVIDIA",
        "efficiency_class": "nvidia-hopper",
        "memory_gib": 80,
        "memory_bandwidth_gb_s": 3000,
        "tflops_bf16": 500,
    }
    project = Project.open(tmp_path / "c.archwise", create=True)
    try:
        project.import_file(_write(tmp_path / "acc.yaml", {"kind": "accelerators", "records": [h900]}))
        report = project.import_file(_write(tmp_path / "node.yaml", {"kind": "instances", "records": [NODE]}))
        assert report.added == ["instances: Bad node"]  # H900 is now the project's
    finally:
        project.close()
