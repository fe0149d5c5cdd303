"""Which release of the shipped catalog a project was last seeded or merged from.

A project remembers, in its meta table, the Archwise version and a fingerprint of the shipped
catalog files it last took records from (`catalog merge`, or its creation). Comparing that with
the files of the running release tells, without parsing a YAML file, whether this release ships
a catalog the project has not seen.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from app import __version__
from app.domain import CATALOG_KINDS

META_KEY = "shipped_catalog"  # value: "<archwise version> <sha256 of the catalog files>"


def files_digest(catalog_dir: Path) -> str:
    """sha256 over the catalog files of `catalog_dir`, kind by kind (a missing file counts as
    empty): any change to a shipped figure, source or record changes it."""
    h = hashlib.sha256()
    for kind in CATALOG_KINDS:
        path = catalog_dir / f"{kind}.yaml"
        h.update(kind.encode() + b"\0")
        h.update(path.read_bytes() if path.exists() else b"")
        h.update(b"\0")
    return h.hexdigest()


def stamp(catalog_dir: Path) -> str:
    """What a project stores once it has taken the records of `catalog_dir` (this release)."""
    return f"{__version__} {files_digest(catalog_dir)}"


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version)[:3])


def is_unseen(stored: str | None, catalog_dir: Path) -> bool:
    """True when `catalog_dir` holds a shipped catalog the project (its stored stamp) has not taken
    in: other files, from this release or an older one. A project last merged by a newer release
    is left alone (an older Archwise never turns its records back); one from before the stamp
    existed (None) has not seen it."""
    if stored is None:
        return True
    version, _, digest = stored.partition(" ")
    if _release(version) > _release(__version__):
        return False
    return digest != files_digest(catalog_dir)
