"""A v4 project keeps what its Hyperstack reserved prices said (issue 18 leftover): v4 read "term
not stated" in an instance's notes; v5 reads the field `reserved_term_published`, and the upgrade
sets it false on the v4 rows whose notes said so (a reserved price), leaving the others as they were."""

from __future__ import annotations

import json
import sqlite3

from app.engine.deployment.compare import reserved_term_unstated
from app.store import Project
from app.store.schema import SCHEMA_VERSION


def _as_v4(path) -> None:
    """The file as v4 wrote it: no instance row carries the new field; schema version 4."""
    con = sqlite3.connect(path)
    for row_id, data in con.execute("SELECT id, data FROM records WHERE kind = 'instances'").fetchall():
        record = json.loads(data)
        record.pop("reserved_term_published", None)
        con.execute("UPDATE records SET data = ? WHERE id = ?", (json.dumps(record), row_id))
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    con.commit()
    con.close()


def test_a_v4_project_keeps_hyperstacks_unpublished_term(tmp_path):
    path = tmp_path / "old.archwise"
    Project.open(path, create=True).close()
    _as_v4(path)
    con = sqlite3.connect(path)
    (data,) = con.execute("SELECT data FROM records WHERE name_key = 'hyperstack 1x h100 sxm'").fetchone()
    con.close()
    assert "reserved_term_published" not in json.loads(data)
    p = Project.open(path)
    try:
        con = sqlite3.connect(path)
        assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        con.close()
        catalog = p.catalog()
        assert reserved_term_unstated(catalog.instance("Hyperstack 1x H100 SXM"))
        assert catalog.instance("Hyperstack 1x RTX PRO 6000 SE").reserved_term_published is False
        gcp = [i for i in catalog.instances if i.provider == "GCP" and i.price_reserved_usd_per_hour]
        assert gcp and all(i.reserved_term_published for i in gcp)  # a stated 1-year term stays stated
        assert not reserved_term_unstated(catalog.instance("RunPod 1x H100 SXM"))
    finally:
        p.close()
