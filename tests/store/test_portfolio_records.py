"""Portfolios are records of the project, like scenarios: saved, listed, opened, renamed,
duplicated and deleted (each one transaction), imported from and exported to YAML, and a schema 3
file is upgraded to hold them."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from app.domain import DomainError
from app.paths import EXAMPLES_DIR
from app.services import portfolios as service
from app.services.fleet import FleetSession, load_portfolio
from app.store import Project
from app.store.schema import SCHEMA_VERSION

ENTERPRISE = EXAMPLES_DIR / "fleet" / "enterprise-platform.yaml"
SAAS = EXAMPLES_DIR / "fleet" / "saas-cascade.yaml"


def test_save_list_open_round_trip(project):
    saas = load_portfolio(SAAS)
    service.save_portfolio_record(project, saas)
    assert service.list_portfolios(project) == [saas.name]
    assert service.open_portfolio(project, saas.name) == saas
    assert project.portfolios() == [saas]
    # a name is found whatever its case when only one portfolio has it
    assert service.open_portfolio(project, saas.name.upper()) == saas


def test_new_record_never_overwrites_a_saved_one(project):
    saas = load_portfolio(SAAS)
    service.save_portfolio_record(project, saas)
    other = saas.edited(description="changed")
    with pytest.raises(DomainError, match="already exists"):
        service.save_portfolio_record(project, other.edited(name=saas.name.upper()))
    assert service.open_portfolio(project, saas.name).description == saas.description
    service.save_portfolio_record(project, other, old_name=saas.name)  # an edit replaces
    assert service.open_portfolio(project, saas.name).description == "changed"


def test_rename_duplicate_delete(project):
    saas = load_portfolio(SAAS)
    service.save_portfolio_record(project, saas)
    copy = service.duplicate_portfolio(project, saas.name)
    assert copy.name == f"{saas.name} (copy)"
    renamed = service.rename_portfolio(project, copy.name, "Cascade B")
    assert service.list_portfolios(project) == [saas.name, "Cascade B"]
    assert renamed.edited(name=saas.name) == saas
    with pytest.raises(DomainError, match="already exists"):
        service.rename_portfolio(project, "Cascade B", saas.name)
    with pytest.raises(DomainError, match="name"):
        service.rename_portfolio(project, "Cascade B", "   ")
    service.delete_portfolio(project, "Cascade B")
    assert service.list_portfolios(project) == [saas.name]
    with pytest.raises(DomainError, match="no portfolio named 'Cascade B'"):
        service.delete_portfolio(project, "Cascade B")


def test_unknown_name_is_one_line_naming_the_saved_ones(project):
    with pytest.raises(DomainError, match="no portfolio named 'Nope'.*none is saved"):
        service.open_portfolio(project, "Nope")
    service.save_portfolio_record(project, load_portfolio(SAAS))
    with pytest.raises(DomainError) as err:
        service.open_portfolio(project, "Nope")
    assert "\n" not in str(err.value) and "SaaS" in str(err.value)


def test_import_makes_scenario_files_absolute_and_plans_from_the_project(project, tmp_path):
    # the example names ../rag-assistant-cloud.yaml: once stored it must not depend on the cwd
    imported = service.import_portfolio_yaml(project, ENTERPRISE)
    files = [w.file for w in imported.workloads if w.file is not None]
    assert files and all(f == str((ENTERPRISE.parent / "../rag-assistant-cloud.yaml").resolve()) for f in files)
    again = service.import_portfolio_yaml(project, ENTERPRISE)
    assert again.name == f"{imported.name} (2)"
    replaced = service.import_portfolio_yaml(project, ENTERPRISE, replace=True)
    assert service.list_portfolios(project) == [imported.name, again.name] and replaced == imported
    stored = service.open_portfolio(project, imported.name)
    plan = FleetSession(project, stored, service.base_dir(project)).plan(compare=False, failures=False)
    assert plan.units


def test_export_then_import_gives_the_same_portfolio(project, tmp_path):
    saas = service.import_portfolio_yaml(project, SAAS)
    out = service.export_portfolio_yaml(project, saas.name, tmp_path / "out")
    assert out.name == "out.yaml" and not list(tmp_path.glob(".*.tmp"))
    assert load_portfolio(out) == saas
    assert service.import_portfolio_yaml(project, out, name="Copy").edited(name=saas.name) == saas


def test_bad_file_writes_nothing(project, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: X\nworkloads: []\nfleet: {pools: []}\n", encoding="utf-8")
    with pytest.raises(DomainError):
        service.import_portfolio_yaml(project, bad)
    assert service.list_portfolios(project) == []


def test_damaged_record_is_named_when_opened(project):
    saas = load_portfolio(SAAS)
    service.save_portfolio_record(project, saas)
    con = sqlite3.connect(project.path)
    con.execute("UPDATE portfolios SET data = replace(data, '\"answers\":0.7', '\"answers\":7')")
    con.commit()
    con.close()
    assert project.portfolios() == []  # left out of the list of readable ones
    with pytest.raises(DomainError, match="holds values Archwise cannot use"):
        service.open_portfolio(project, saas.name)


def test_schema_3_file_is_upgraded_with_a_portfolio_table(tmp_path):
    path = tmp_path / "v3.archwise"
    Project.open(path, create=True).close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE portfolios")
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    kept = tmp_path / "kept.archwise"
    shutil.copy2(path, kept)
    p = Project.open(path)
    try:
        assert (tmp_path / "v3.archwise.v3.bak").read_bytes() == kept.read_bytes()
        con = sqlite3.connect(path)
        assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        con.close()
        service.save_portfolio_record(p, load_portfolio(SAAS))
        assert service.list_portfolios(p) == [load_portfolio(SAAS).name]
    finally:
        p.close()
