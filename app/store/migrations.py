"""Forward migrations between schema versions, each one function on a raw SQLite connection.
A backup copy of the file is written before the first step runs (see project.open)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable


def _v1_to_v2(con: sqlite3.Connection) -> None:
    """v2 remembers the digest of the shipped record each row was seeded from (catalog merge)."""
    cols = {row[1] for row in con.execute("PRAGMA table_info(records)")}
    if "shipped_digest" not in cols:
        con.execute("ALTER TABLE records ADD COLUMN shipped_digest VARCHAR(64)")


def _v2_to_v3(con: sqlite3.Connection) -> None:
    """v3 keeps the team's own evaluation results (quality import)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS evaluations (id INTEGER NOT NULL PRIMARY KEY, model_key VARCHAR(200) NOT NULL, "
        "task_key VARCHAR(200) NOT NULL, metric_key VARCHAR(200) NOT NULL, quant_key VARCHAR(32) NOT NULL, "
        "data TEXT NOT NULL, CONSTRAINT uq_evaluations UNIQUE (model_key, task_key, metric_key, quant_key))"
    )


def _v3_to_v4(con: sqlite3.Connection) -> None:
    """v4 keeps fleet portfolios as records of the project (issue 17)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS portfolios (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL UNIQUE, "
        "data TEXT NOT NULL)"
    )


def _v4_to_v5(con: sqlite3.Connection) -> None:
    """v5 states in a field whether an instance's reserved price has a published contract term
    (`reserved_term_published`), where v4 read the phrase "term not stated" in its notes (issue 18):
    the instance rows whose notes say so, with a reserved price, get the field false, once."""
    rows = con.execute("SELECT id, data FROM records WHERE kind = 'instances'").fetchall()
    for row_id, data in rows:
        try:
            record = json.loads(data)
        except ValueError:
            continue  # a broken row stays as it is: the catalog loader reports it
        if not isinstance(record, dict) or "reserved_term_published" in record:
            continue
        notes = " ".join(str(record.get("notes") or "").split()).casefold()
        if record.get("price_reserved_usd_per_hour") is not None and "term not stated" in notes:
            record["reserved_term_published"] = False
            con.execute("UPDATE records SET data = ? WHERE id = ?", (json.dumps(record), row_id))


# MIGRATIONS[n] takes a file from version n to n + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
}


def migrate(con: sqlite3.Connection, start: int, target: int) -> None:
    """Run every step from `start` to `target` in one transaction."""
    with con:
        for version in range(start, target):
            MIGRATIONS[version](con)
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(target),))
