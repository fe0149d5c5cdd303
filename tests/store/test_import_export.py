"""Import and export in YAML, JSON and CSV: round trips, malformed files, invalid records."""

from __future__ import annotations

import pytest

from app.domain import DomainError
from app.store import Project


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".csv"])
@pytest.mark.parametrize("kind", ["accelerators", "instances", "hosted_apis", "efficiency", "runtimes"])
def test_round_trip(project, tmp_path, kind, suffix):
    path = tmp_path / f"{kind}{suffix}"
    project.export(kind, path)
    fresh = Project.open(tmp_path / "fresh.archwise", create=True)
    try:
        for rec in fresh.records(kind):
            fresh.delete(kind, rec.name)
        report = fresh.import_file(path)
        assert len(report.added) == len(project.records(kind))
        strip = lambda rs: sorted((r.model_copy(update={"user_modified": False}) for r in rs), key=lambda r: r.name)
        assert strip(fresh.records(kind)) == strip(project.records(kind))
    finally:
        fresh.close()


def test_import_replaces_same_names_and_marks_them_edited(project, tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text(
        "kind: accelerators\nrecords:\n"
        "  - {name: nvidia l4, vendor: NVIDIA, efficiency_class: nvidia-ada, memory_gib: 24,\n"
        "     memory_bandwidth_gb_s: 300, tflops_bf16: 121, source: our lab, as_of: 2026-11-01}\n"
        "  - {name: Lab NPU, vendor: Lab, efficiency_class: intel-gaudi, memory_gib: 96,\n"
        "     memory_bandwidth_gb_s: 3000, tflops_bf16: 800, source: datasheet, as_of: 2026-10-01}\n"
    )
    report = project.import_file(f)
    assert report.replaced == ["accelerators: nvidia l4"] and report.added == ["accelerators: Lab NPU"]
    assert project.catalog().find("accelerators", "NVIDIA L4").source == "our lab"


def _unchanged(project, before):
    assert project.catalog() == before


@pytest.mark.parametrize(
    "name,text,match",
    [
        ("bad.yaml", "kind: accelerators\nrecords: [ {name: X\n", "not valid YAML"),
        ("bad.json", '{"kind": "accelerators", "records": [', "not valid JSON"),
        ("nokind.yaml", "- just a list\n", "expected a mapping"),
        ("wrongkind.yaml", "kind: gpus\nrecords: []\n", "unknown kind"),
        (
            "neg.yaml",
            "kind: accelerators\nrecords:\n  - {name: A, vendor: v, efficiency_class: c, memory_gib: 10,"
            " memory_bandwidth_gb_s: 1, tflops_bf16: 1, source: s s, as_of: 2026-01-01}\n"
            "  - {name: B, vendor: v, efficiency_class: c, memory_gib: -1, memory_bandwidth_gb_s: 1,"
            " tflops_bf16: 1, source: s s, as_of: 2026-01-01}\n",
            "record 2 .B.: memory_gib",
        ),
        (
            "accelerators.csv",
            "name,vendor,efficiency_class,memory_gib,memory_bandwidth_gb_s,tflops_bf16,source,as_of\n"
            "A,v,c,ten,1,1,src,2026-01-01\n",
            "row 2 .A.: memory_gib",
        ),
        ("empty.csv", "", "no rows"),
        ("notes.txt", "hello", "use a .yaml"),
    ],
)
def test_malformed_files_leave_the_project_untouched(project, tmp_path, name, text, match):
    before = project.catalog()
    f = tmp_path / name
    f.write_text(text)
    with pytest.raises(DomainError, match=match) as err:
        project.import_file(f)
    assert "\n" not in str(err.value)
    _unchanged(project, before)


def test_missing_import_file(project, tmp_path):
    with pytest.raises(DomainError, match="no such file"):
        project.import_file(tmp_path / "missing.yaml")


def test_export_is_atomic(project, tmp_path):
    target = tmp_path / "acc.yaml"
    target.write_text("previous content")
    with pytest.raises(DomainError):
        project.export("gpus", target)
    assert target.read_text() == "previous content"
    project.export("accelerators", target)
    assert target.read_text().startswith("kind: accelerators")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    with pytest.raises(DomainError, match="no such folder"):
        project.export("accelerators", tmp_path / "missing" / "x.yaml")
