"""Opens a project (a path, or None for the default one) through the catalog service."""

from __future__ import annotations

from pathlib import Path

from app.domain import Catalog


def open_project(path: str | Path | None) -> tuple[object, Catalog]:
    """(project, catalog) for `path` (None = the default project). Raises DomainError (the store's
    ProjectError is one) with a message naming the file and what to do."""
    from app.services import catalog as catalog_service

    project = catalog_service.open_project(path, who="Archwise window")  # a second window is refused
    return project, catalog_service.load_catalog(project)


__all__ = ["open_project"]
