"""Schema versions: an old file is upgraded after a backup; a newer one is refused."""

from __future__ import annotations

import sqlite3

import pytest

from app.store import Project, ProjectError
from app.store.schema import SCHEMA_VERSION

V1_SCHEMA = """
CREATE TABLE meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (id INTEGER PRIMARY KEY, kind VARCHAR(32) NOT NULL, name VARCHAR(200) NOT NULL,
                      name_key VARCHAR(200) NOT NULL, data TEXT NOT NULL, user_modified BOOLEAN NOT NULL,
                      CONSTRAINT uq_records_kind_name UNIQUE (kind, name_key));
CREATE TABLE workloads (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE scenarios (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL UNIQUE, data TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
"""
RUNTIME = (
    '{"name": "vLLM", "source": "https://docs.vllm.ai", "as_of": "2025-06-01", "notes": "", "user_modified": true}'
)


def v1_file(path):
    con = sqlite3.connect(path)
    con.executescript(V1_SCHEMA)
    con.execute(
        "INSERT INTO records (kind, name, name_key, data, user_modified) VALUES (?, ?, ?, ?, 1)",
        ("runtimes", "vLLM", "vllm", RUNTIME),
    )
    con.commit()
    con.close()


def test_v1_file_is_backed_up_then_upgraded(tmp_path):
    path = tmp_path / "old.archwise"
    v1_file(path)
    before = path.read_bytes()
    p = Project.open(path)
    try:
        backup = tmp_path / "old.archwise.v1.bak"
        assert backup.exists() and backup.read_bytes() == before
        con = sqlite3.connect(path)
        assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        assert "shipped_digest" in {r[1] for r in con.execute("PRAGMA table_info(records)")}
        con.close()
        assert p.catalog().find("runtimes", "vllm").user_modified
        # the upgraded file works: a merge adds the shipped catalog and keeps the user's vLLM
        report = p.merge_catalog()
        assert "runtimes: vLLM" in report.kept_user_edits and report.added
    finally:
        p.close()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.archwise"
    Project.open(path, create=True).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 5),))
    con.commit()
    con.close()
    with pytest.raises(ProjectError, match="newer Archwise") as err:
        Project.open(path)
    assert str(path) in str(err.value)
