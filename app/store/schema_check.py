"""Is a file's schema exactly Archwise's? Checked on open, before anything is written.

A project file is data from elsewhere. A table of the right name with other columns, another
column type or a lost unique constraint would make the first read or write fail deep inside
(or, worse, succeed and store what Archwise cannot read back). `schema_mismatches` lists every
difference from `schema.Base` in words; the caller refuses the file with them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sqlalchemy import UniqueConstraint
from sqlalchemy.dialects import sqlite as sqlite_dialect

from app.store.schema import Base


def affinity(declared: str) -> str:
    """SQLite's type affinity of a declared column type (the rules of sqlite.org/datatype3.html
    §3.1, in their order): what the column actually stores."""
    t = declared.upper()
    if "INT" in t:
        return "INTEGER"
    if "CHAR" in t or "CLOB" in t or "TEXT" in t:
        return "TEXT"
    if "BLOB" in t or not t:
        return "BLOB"
    if "REAL" in t or "FLOA" in t or "DOUB" in t:
        return "REAL"
    return "NUMERIC"


@dataclass(frozen=True)
class ColumnShape:
    """What a column must be: name, affinity, NOT NULL, part of the primary key."""

    name: str
    affinity: str
    not_null: bool
    primary_key: bool

    def words(self) -> str:
        flags = [w for w, on in (("primary key", self.primary_key), ("NOT NULL", self.not_null)) if on]
        return f"{self.name} {self.affinity}{' ' + ' '.join(flags) if flags else ''}"


def expected_tables() -> dict[str, tuple[list[ColumnShape], set[frozenset[str]]]]:
    """table -> (columns in order, unique column sets) as `schema.Base` creates them."""
    dialect = sqlite_dialect.dialect()
    tables: dict[str, tuple[list[ColumnShape], set[frozenset[str]]]] = {}
    for name, table in Base.metadata.tables.items():
        columns = [
            ColumnShape(
                c.name,
                affinity(c.type.compile(dialect=dialect)),
                not c.nullable or c.primary_key,
                c.primary_key,
            )
            for c in table.columns
        ]
        unique = {
            frozenset(c.name for c in con.columns) for con in table.constraints if isinstance(con, UniqueConstraint)
        }
        unique |= {frozenset([c.name]) for c in table.columns if c.unique}
        pk = [c.name for c in table.primary_key.columns]
        if len(pk) > 1 or (pk and affinity(table.columns[pk[0]].type.compile(dialect=dialect)) != "INTEGER"):
            unique.add(frozenset(pk))  # an INTEGER PRIMARY KEY is the rowid, with no index of its own
        tables[name] = (columns, unique)
    return tables


def _unique_sets(con: sqlite3.Connection, table: str) -> set[frozenset[str]]:
    found = set()
    for row in con.execute(f"PRAGMA index_list({_quoted(table)})").fetchall():
        index, unique = row[1], row[2]
        if unique:
            found.add(frozenset(r[2] for r in con.execute(f"PRAGMA index_info({_quoted(index)})").fetchall()))
    return found


def _quoted(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def schema_mismatches(con: sqlite3.Connection) -> list[str]:
    """Every way the file behind `con` differs from Archwise's tables, in words ('table
    records: column data is INTEGER, Archwise writes TEXT NOT NULL'); empty when it is
    Archwise's own. Tables that are missing are named too."""
    problems: list[str] = []
    for table, (columns, unique) in expected_tables().items():
        rows = con.execute(f"PRAGMA table_info({_quoted(table)})").fetchall()
        if not rows:
            problems.append(f"table {table} is missing")
            continue
        found = {
            r[1]: ColumnShape(str(r[1]), affinity(str(r[2] or "")), bool(r[3]) or bool(r[5]), bool(r[5])) for r in rows
        }
        for want in columns:
            got = found.pop(want.name, None)
            if got is None:
                problems.append(f"table {table} has no column {want.name}")
            elif got != want:
                problems.append(f"table {table}: column {got.words()}, Archwise writes {want.words()}")
        problems += [f"table {table} has a column {name} that Archwise never creates" for name in found]
        have = _unique_sets(con, table)
        for cols in sorted(unique - have, key=sorted):
            problems.append(f"table {table} lacks the rule that {', '.join(sorted(cols))} is unique")
        for cols in sorted(have - unique, key=sorted):
            problems.append(
                f"table {table} has a rule that {', '.join(sorted(cols))} is unique, which Archwise never sets"
            )
    return problems


__all__ = ["ColumnShape", "affinity", "expected_tables", "schema_mismatches"]
