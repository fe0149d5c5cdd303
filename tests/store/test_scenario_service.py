"""Scenarios as project records through app.services.scenarios: real SQLite in tmp_path."""

from __future__ import annotations

import pytest

from app.domain import Category, DomainError
from app.paths import EXAMPLES_DIR
from app.services import scenarios as svc
from app.store import Project


@pytest.mark.parametrize("category", list(Category))
def test_a_blank_workload_of_every_kind_is_valid_and_says_nothing_of_its_own(category):
    w = svc.blank_workload(category, "Mine")
    assert w.category is category and w.description == "" and w.name == "Mine"
    section = svc.KIND_SECTIONS.get(category)
    if section is not None:
        assert getattr(w, section) is not None
    if category is Category.MULTIMODAL:
        assert w.tokens.images_per_request > 0


def test_new_blank_is_saved_and_comes_back_after_reopening(tmp_path):
    path = tmp_path / "p.archwise"
    with Project.open(path, create=True) as project:
        first = svc.new_blank(project, Category.RAG)
        second = svc.new_blank(project, Category.RAG)
        assert (first.name, second.name) == ("New RAG scenario", "New RAG scenario (2)")
        svc.remember_opened(project, scenario=second.name, page="Analysis")
    with Project.open(path) as project:
        assert svc.list_scenarios(project) == [first.name, second.name]
        assert svc.open_scenario(project, second.name) == second
        assert svc.last_opened(project) == (second.name, "Analysis")


def test_rename_duplicate_delete(project):
    s = svc.new_blank(project, Category.AGENT)
    r = svc.renamed(s, "  Coding agent ")
    assert r.name == r.workload.name == "Coding agent"
    svc.save_scenario(project, r, old_name=s.name)
    assert svc.list_scenarios(project) == ["Coding agent"]
    copy = svc.duplicate(project, r)
    assert copy.name == "Coding agent (copy)" and copy.workload == r.workload.model_copy(update={"name": copy.name})
    svc.remember_opened(project, scenario=copy.name)
    svc.delete_scenario(project, copy.name)
    assert svc.list_scenarios(project) == ["Coding agent"] and svc.last_opened(project)[0] is None
    with pytest.raises(DomainError, match="name"):
        svc.renamed(r, "   ")
    batch = svc.new_blank(project, Category.BATCH)
    for old_name in (batch.name, None):  # neither a rename nor a new record overwrites another
        with pytest.raises(DomainError, match="already exists"):
            svc.save_scenario(project, svc.renamed(batch, "Coding agent"), old_name=old_name)


def test_switching_kind_adds_the_new_section_and_keeps_the_old():
    w = svc.blank_workload(Category.RAG, "W")
    b = svc.with_category(w, Category.BATCH)
    assert b.category is Category.BATCH and b.batch is not None and b.rag == w.rag
    assert svc.with_category(b, Category.MULTIMODAL).tokens.images_per_request == 1.0


def test_yaml_export_then_import_gives_the_same_scenario(project, tmp_path):
    example = svc.import_yaml(project, EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    again = svc.import_yaml(project, EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    assert again.name == f"{example.name} (2)"
    out = svc.export_yaml(example, tmp_path / "mine")
    assert out.name == "mine.yaml"
    svc.delete_scenario(project, example.name)
    assert svc.import_yaml(project, out) == example


def test_a_bad_yaml_file_is_refused_with_its_name_and_nothing_saved(project, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nworkload: {name: w, category: rag}\n", encoding="utf-8")
    with pytest.raises(DomainError, match="bad.yaml"):
        svc.import_yaml(project, bad)
    assert svc.list_scenarios(project) == []


def test_saving_a_scenario_keeps_the_parsed_catalog(project):
    catalog = project.catalog()
    svc.new_blank(project, Category.INFERENCE_API)
    assert project.catalog() is catalog  # a scenario edit does not re-read ~160 records


def test_workloads_saved_before_scenarios_become_scenarios_once(project):
    w = svc.blank_workload(Category.RAG, "Old workload").model_copy(update={"description": "kept"})
    project.save_workload(w)
    assert svc.adopt_workloads(project) == ["Old workload"]
    assert svc.open_scenario(project, "Old workload").workload == w
    svc.delete_scenario(project, "Old workload")
    assert svc.adopt_workloads(project) == [] and svc.list_scenarios(project) == []
