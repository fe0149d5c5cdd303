"""An older release's shipped catalog, for the tests of what a newer release does with a project
seeded from it. Importable from any test file (tests/ is on sys.path, see scenario_builders)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from app.paths import CATALOG_DIR
from app.store import Project

PI = "Raspberry Pi 5 (16GB)"  # the last accelerator: "new" in this release
OLD_L4_TDP_W = 99.0  # the older release's figure; this release ships 72 W (catalog/accelerators.yaml)


def older_release(tmp_path: Path) -> Path:
    """The shipped catalog as an older release shipped it: the L4 at 99 W, no Raspberry Pi 5 16 GB."""
    old = tmp_path / "old_catalog"
    shutil.copytree(CATALOG_DIR, old)
    path = old / "accelerators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["records"] = [r for r in data["records"] if r["name"] != PI]
    for r in data["records"]:
        if r["name"] == "NVIDIA L4":
            r["tdp_w"] = OLD_L4_TDP_W
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return old


def seeded_by_older_release(path: Path, old: Path) -> None:
    """A project the older release created, with the user's own T4 bandwidth."""
    with Project.open(path, create=True, catalog_dir=old) as project:
        t4 = project.catalog().find("accelerators", "NVIDIA T4")
        project.upsert("accelerators", t4.model_copy(update={"memory_bandwidth_gb_s": 999.0}))
