"""The project file: seeding, edits, merges, workloads and scenarios, save-as, bad files."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
import yaml

from app.domain import CATALOG_KINDS, DomainError, Scenario, parse
from app.paths import CATALOG_DIR
from app.store import Project, ProjectError


def shipped_counts() -> dict[str, int]:
    out = {}
    for kind in CATALOG_KINDS:
        path = CATALOG_DIR / f"{kind}.yaml"
        out[kind] = len(yaml.safe_load(path.read_text())["records"]) if path.exists() else 0
    return out


def test_new_project_is_seeded_from_the_shipped_catalog(project):
    cat = project.catalog()
    assert {k: len(getattr(cat, k)) for k in CATALOG_KINDS} == shipped_counts()
    assert all(not r.user_modified for r in cat.accelerators)


def test_the_new_projects_catalog_is_what_its_file_holds(project):
    """A new project hands out the records it seeded without reading them back: the same as
    opening the file afresh, record for record and in order."""
    reopened = Project.open(project.path)
    try:
        assert reopened.catalog() == project.catalog()
    finally:
        reopened.close()


def test_wal_and_foreign_keys(project):
    con = sqlite3.connect(project.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    with project._engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_upsert_marks_user_edits_and_survives_reopen(project, tmp_path):
    h100 = project.catalog().find("accelerators", "nvidia h100 sxm")
    project.upsert("accelerators", h100.model_copy(update={"memory_gib": 81.0}))
    project.close()
    again = Project.open(project.path)
    rec = again.catalog().find("accelerators", "NVIDIA H100 SXM")
    assert rec.memory_gib == 81.0 and rec.user_modified
    again.close()


def test_delete_and_unknown_names(project):
    project.delete("runtimes", "tgi")
    assert all(r.name != "TGI" for r in project.records("runtimes"))
    with pytest.raises(DomainError, match="no runtime named"):
        project.delete("runtimes", "TGI")
    with pytest.raises(DomainError, match="unknown kind"):
        project.records("gpus")


def test_merge_keeps_user_edits_updates_and_adds(project, tmp_path):
    # a newer shipped catalog: one record changed that the user never touched, one the user edited, one new
    newer = tmp_path / "catalog"
    newer.mkdir()
    for kind in CATALOG_KINDS:
        src = CATALOG_DIR / f"{kind}.yaml"
        if src.exists():
            (newer / f"{kind}.yaml").write_text(src.read_text())
    data = yaml.safe_load((newer / "accelerators.yaml").read_text())
    for r in data["records"]:
        if r["name"] == "NVIDIA L4":
            r["tdp_w"] = 73.0  # we corrected a figure
        if r["name"] == "NVIDIA T4":
            r["memory_bandwidth_gb_s"] = 321.0  # the user edited this one: their value must stay
    data["records"].append(dict(data["records"][0], name="NVIDIA Future X", memory_gib=512))
    (newer / "accelerators.yaml").write_text(yaml.safe_dump(data))
    t4 = project.catalog().find("accelerators", "NVIDIA T4")
    project.upsert("accelerators", t4.model_copy(update={"memory_bandwidth_gb_s": 999.0}))
    report = project.merge_catalog(newer)
    cat = project.catalog()
    assert cat.find("accelerators", "NVIDIA L4").tdp_w == 73.0
    assert cat.find("accelerators", "NVIDIA T4").memory_bandwidth_gb_s == 999.0
    assert cat.find("accelerators", "NVIDIA Future X").memory_gib == 512
    assert "accelerators: NVIDIA Future X" in report.added
    assert "accelerators: NVIDIA L4" in report.updated
    assert "accelerators: NVIDIA T4" in report.kept_user_edits


def test_workloads_and_scenarios_round_trip(project):
    templates = project.workload_templates()
    assert len({w.category for w in templates}) == 8
    w = templates[0]
    project.save_workload(w)
    project.save_workload(w.model_copy(update={"name": "Renamed"}), old_name=w.name)
    assert [x.name for x in project.workloads()] == ["Renamed"]
    with pytest.raises(DomainError, match="already exists"):
        project.save_workload(w.model_copy(update={"name": "Other"}))
        project.save_workload(w.model_copy(update={"name": "Renamed"}), old_name="Other")
    s = parse(Scenario, {"name": "S1", "workload": w.model_dump(mode="json")})
    project.save_scenario(s)
    assert project.scenarios()[0] == s
    project.delete_scenario("S1")
    assert project.scenarios() == []


def test_save_as_copies_everything(project, tmp_path):
    h100 = project.catalog().find("accelerators", "NVIDIA H100 SXM")
    project.upsert("accelerators", h100.model_copy(update={"notes": "ours"}))
    copy = project.save_as(tmp_path / "copy.archwise")
    other = Project.open(copy)
    assert other.catalog() == project.catalog()
    other.close()


def test_missing_file_without_create(tmp_path):
    with pytest.raises(ProjectError, match="no such project file"):
        Project.open(tmp_path / "nope.archwise")


def test_corrupted_file_gives_one_clear_message(tmp_path):
    bad = tmp_path / "garbage.archwise"
    bad.write_bytes(os.urandom(4096))
    with pytest.raises(ProjectError, match="not an Archwise project") as err:
        Project.open(bad)
    assert str(bad) in str(err.value) and "\n" not in str(err.value)
    truncated = tmp_path / "truncated.archwise"
    truncated.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(ProjectError):
        Project.open(truncated)


def test_sqlite_file_that_is_not_a_project(tmp_path):
    other = tmp_path / "other.archwise"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(ProjectError, match="not a readable Archwise project"):
        Project.open(other)


def test_read_only_file(project):
    project.close()
    os.chmod(project.path, stat.S_IRUSR)
    try:
        with pytest.raises(ProjectError, match="read-only"):
            Project.open(project.path)
    finally:
        os.chmod(project.path, stat.S_IRUSR | stat.S_IWUSR)


def test_read_only_folder_for_a_new_project(tmp_path):
    target = tmp_path / "a" / "b.archwise"
    (tmp_path / "a").write_text("a file, not a folder")
    with pytest.raises(ProjectError, match="cannot create its folder"):
        Project.open(target, create=True)


def test_locked_file_gives_one_clear_message(project):
    holder = sqlite3.connect(project.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ProjectError, match="another program"):
            Project.open(project.path, busy_timeout_s=0.05)  # the lock is held throughout: no need to wait 2 s
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_failed_seed_leaves_no_file(tmp_path):
    bad_catalog = tmp_path / "catalog"
    bad_catalog.mkdir()
    (bad_catalog / "accelerators.yaml").write_text("kind: accelerators\nrecords:\n  - {name: X, memory_gib: -1}\n")
    with pytest.raises(DomainError):
        Project.open(tmp_path / "new.archwise", create=True, catalog_dir=bad_catalog)
    assert list(tmp_path.glob("new.archwise*")) == []
