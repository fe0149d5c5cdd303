"""Opens projects through the store service when it exists; one clear message otherwise.

The store (`app.services.catalog` / `app.store`) is built by another part; until it lands the
window runs with an empty catalog and says so.
"""

from __future__ import annotations

from pathlib import Path

from app.domain import Catalog, DomainError


class StoreUnavailable(Exception):
    pass


def open_project(path: str | Path | None):
    """(project, catalog) for `path` (None = the default project). Raises DomainError or StoreUnavailable."""
    try:
        from app.services import catalog as catalog_service
    except ImportError:
        catalog_service = None
    if catalog_service is not None and hasattr(catalog_service, "open_project"):
        project = catalog_service.open_project(path)
        return project, catalog_service.load_catalog(project)
    try:
        from app.store import Project
    except ImportError:
        raise StoreUnavailable("The project store is not available yet: the catalog is empty and edits are not saved.") from None
    if path is None:
        raise StoreUnavailable("The catalog service is not available yet: open a project file with File → Open.")
    project = Project.open(Path(path), create=True)
    return project, project.catalog()


def empty_catalog() -> Catalog:
    return Catalog()


__all__ = ["open_project", "StoreUnavailable", "DomainError", "empty_catalog"]
