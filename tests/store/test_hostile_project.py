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
        ("CREATE INDEX ix_spy ON records (data)", "an index 'ix_spy'".replace("an index", "a index")),
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
