"""Class 7 of issue 15 (in part): a project file is data from elsewhere. A file carrying triggers
or views (which Archwise never creates) is refused before anything runs or is written; an
invalid record is set aside and named in one line while the rest of the project works."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from app.cli import main
from app.paths import EXAMPLES_DIR
from app.store import Project, ProjectError

A100 = str(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "seed.archwise"
    Project.open(path, create=True).close()
    return path


def _copy_with(seeded, folder, *sql: str):
    path = folder / "shared.archwise"
    shutil.copyfile(seeded, path)
    con = sqlite3.connect(path)
    for statement in sql:  # a statement, or (statement, parameters)
        con.execute(*((statement,) if isinstance(statement, str) else statement))
    con.commit()
    con.close()
    return path


PLANTED = [
    (  # rewrites every price on the first write
        "CREATE TRIGGER cheap AFTER UPDATE ON records BEGIN "
        "UPDATE records SET data = replace(data, '\"price', '\"x') WHERE id = new.id; END",
        "trigger 'cheap'",
    ),
    ("CREATE TRIGGER spy AFTER INSERT ON records BEGIN DELETE FROM records; END", "trigger 'spy'"),
    (  # a query over it never ends
        "CREATE VIEW forever AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c",
        "view 'forever'",
    ),
    ("CREATE VIEW records_v AS SELECT * FROM records", "view 'records_v'"),
]
COMMANDS = [["catalog", "list", "models"], ["catalog", "import", "IMPORT"], ["catalog", "merge"], ["size", A100]]


@pytest.mark.parametrize("sql, named", PLANTED, ids=[n for _, n in PLANTED])
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_file_with_triggers_or_views_is_refused_untouched(tmp_path, capsys, seeded, sql, named, argv):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = _copy_with(seeded, folder, sql)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    mine = tmp_path / "mine.yaml"
    mine.write_text("kind: runtimes\nrecords:\n  - {name: Mine, source: my notes, as_of: 2026-01-01}\n")
    argv = [str(mine) if a == "IMPORT" else a for a in argv]
    capsys.readouterr()
    assert main([*argv, "--project", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and named in err and "Archwise never creates" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_project_open_refuses_a_planted_trigger(tmp_path, seeded):
    path = _copy_with(seeded, tmp_path, PLANTED[0][0])
    with pytest.raises(ProjectError, match="trigger 'cheap'"):
        Project.open(path)


def _model_data(path, name: str) -> dict:
    con = sqlite3.connect(path)
    (data,) = con.execute("SELECT data FROM records WHERE kind = 'models' AND name = ?", (name,)).fetchone()
    con.close()
    return json.loads(data)


BROKEN = [  # (name of the record, what its stored JSON becomes, what the note says)
    ("Llama-3.1-8B-Instruct", lambda d: {**d, "layers": -5}, "layers: must be a"),
    ("Llama-3.1-8B-Instruct", lambda d: {**d, "head_dim": 3}, "attention_heads x head_dim"),
    ("Llama-3.1-8B-Instruct", lambda d: {**d, "colour": "red"}, "colour"),
    ("Llama-3.1-8B-Instruct", lambda d: "not a record", "?"),
]


@pytest.mark.parametrize("name, damage, says", BROKEN, ids=["range", "shape", "unknown field", "not a record"])
def test_an_invalid_record_is_set_aside_and_named_once(tmp_path, capsys, seeded, name, damage, says):
    data = damage(_model_data(seeded, name))
    path = _copy_with(
        seeded,
        tmp_path,
        ("UPDATE records SET data = ? WHERE kind = 'models' AND name = ?", (json.dumps(data), name)),
    )
    capsys.readouterr()
    assert main(["catalog", "list", "models", "--project", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "1 invalid record(s)" in err and says in err
    assert name in err or says == "?"
    assert name not in out and "Llama-3.1-70B-Instruct" in out  # the rest of the catalog is there
    assert main(["size", A100, "--project", str(path)]) == 0  # and sizing works without it
    assert "Verdict: feasible" in capsys.readouterr().out


def test_the_window_names_a_record_set_aside(qtbot, tmp_path, seeded):
    from PySide6.QtGui import QUndoStack

    from app.ui.catalog_page import CatalogPage

    data = {**_model_data(seeded, "Qwen3-8B"), "kv_heads": 5}
    path = _copy_with(seeded, tmp_path, ("UPDATE records SET data = ? WHERE name = 'Qwen3-8B'", (json.dumps(data),)))
    project = Project.open(path)
    page = CatalogPage(QUndoStack())
    qtbot.addWidget(page)
    page.set_project(project, project.catalog())
    assert not page.notice.isHidden()
    assert "1 invalid record(s)" in page.notice.text() and "Qwen3-8B" in page.notice.text()
    assert "Qwen3-8B" not in [m.name for m in page.models["models"].records()]
    project.close()


@pytest.mark.parametrize(
    "planted, named",
    [
        ("CREATE TABLE stash (x)", "a table 'stash'"),
        ("CREATE INDEX ix_spy ON records (data)", "an index 'ix_spy'"),
        ("CREATE TABLE meta2 (key, value)", "a table 'meta2'"),
    ],
)
def test_a_foreign_table_or_index_is_refused_and_named(tmp_path, planted, named):
    """Class 7: the schema must be exactly Archwise's tables and indices; the file is unchanged."""
    path = tmp_path / "p.archwise"
    Project.open(path, create=True).close()
    con = sqlite3.connect(path)
    con.execute(planted)
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="never creates") as info:
        Project.open(path)
    assert named in str(info.value)
    assert path.read_bytes() == before


def _swap(table: str, create: str) -> list[str]:
    """SQL that replaces Archwise's `table` by `create` (same name), keeping its rows where it can."""
    return [
        f"ALTER TABLE {table} RENAME TO old_{table}",
        create,
        f"INSERT INTO {table} SELECT * FROM old_{table}",
        f"DROP TABLE old_{table}",
    ]


ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"
MISSHAPEN = [  # (SQL that changes an Archwise table, what the message names)
    (
        _swap(
            "scenarios",
            "CREATE TABLE scenarios (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL UNIQUE, data BLOB NOT NULL)",
        ),
        "column data BLOB NOT NULL, Archwise writes data TEXT NOT NULL",
    ),
    (
        _swap(
            "workloads",
            "CREATE TABLE workloads (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, data TEXT NOT NULL)",
        ),
        "table workloads lacks the rule that name is unique",
    ),
    (["ALTER TABLE records ADD COLUMN owner TEXT"], "table records has a column owner that Archwise never creates"),
    (["ALTER TABLE workloads DROP COLUMN data"], "table workloads has no column data"),
    (
        _swap("meta", "CREATE TABLE meta (key VARCHAR(64) PRIMARY KEY, value TEXT)"),
        "column value TEXT, Archwise writes value TEXT NOT NULL",
    ),
    (["DROP TABLE scenarios"], "table scenarios is missing"),
]


@pytest.mark.parametrize(
    "sql, named", MISSHAPEN, ids=["type", "unique", "extra column", "no column", "null", "no table"]
)
def test_tables_with_archwise_names_but_other_columns_are_refused_untouched(tmp_path, capsys, seeded, sql, named):
    """Class 7: the schema is checked by its columns, types and unique rules, not only by table
    names; a mismatch is one line naming it, and the file is byte-identical afterwards."""
    folder = tmp_path / "shared"
    folder.mkdir()
    path = _copy_with(seeded, folder, *sql)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(ProjectError, match="not Archwise's") as info:
        Project.open(path)
    assert named in str(info.value)
    capsys.readouterr()
    assert main(["catalog", "list", "models", "--project", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and named in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


ENDLESS_TABLES = [  # (an Archwise table another program swaps for an endless view, a read that queries it)
    (
        f"CREATE VIEW records AS {ENDLESS} SELECT x AS id, 'models' AS kind, 'm' AS name, 'm' AS name_key, "
        "'{}' AS data, 0 AS user_modified, NULL AS shipped_digest FROM c",
        lambda project: project.records("models"),
    ),
    (
        f"CREATE VIEW scenarios AS {ENDLESS} SELECT x AS id, 's' || x AS name, '{{}}' AS data FROM c",
        lambda project: project.scenario_names(),
    ),
    (
        f"CREATE VIEW meta AS {ENDLESS} SELECT 'k' || x AS key, 'v' AS value FROM c",
        lambda project: project.setting("last_scenario"),
    ),
    (
        f"CREATE VIEW workloads AS {ENDLESS} SELECT x AS id, 'w' || x AS name, 'not json' AS data FROM c",
        lambda project: project.workloads(),
    ),
]


@pytest.mark.parametrize("view, read", ENDLESS_TABLES, ids=["records", "scenarios", "meta", "workloads"])
def test_an_endless_query_is_stopped_and_said(tmp_path, seeded, view, read):
    """Class 7: every query is bounded in time. Another program swaps a table of an open project
    for a view over an endless recursive query (the open-time check cannot see it then): the
    read is stopped after the project's query limit with one message, instead of hanging."""
    path = tmp_path / "p.archwise"
    shutil.copyfile(seeded, path)
    table = view.split()[2]
    with Project.open(path, query_limit_s=0.2) as project:
        con = sqlite3.connect(path)
        con.execute(f"ALTER TABLE {table} RENAME TO stash")
        con.execute(view)
        con.commit()
        con.close()
        with pytest.raises(ProjectError, match="ran longer than 0.2 s and was stopped") as info:
            read(project)
        assert str(info.value).count("\n") == 0 and str(path) in str(info.value)


def test_every_connection_runs_with_sqlites_defensive_settings(tmp_path, seeded):
    """Class 7: sqlite.org/security.html's settings for files from elsewhere, on the connection
    every read and write of a project uses."""
    path = tmp_path / "p.archwise"
    shutil.copyfile(seeded, path)
    with Project.open(path) as project, project._engine.connect() as con:
        pragma = con.exec_driver_sql
        assert pragma("PRAGMA trusted_schema").scalar() == 0
        assert pragma("PRAGMA cell_size_check").scalar() == 1
        assert pragma("PRAGMA mmap_size").scalar() == 0
