"""Use cases over the project store, shared by the CLI and the GUI."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain import CATALOG_KINDS, Catalog, DomainError, Model, Sourced
from app.paths import default_project_path

if TYPE_CHECKING:
    from app.store import ImportReport, MergeReport, Project


def open_project(
    path: str | os.PathLike[str] | None = None, read_only: bool = False, who: str = "archwise command"
) -> Project:
    """The project at `path`, or the default one in the user data folder (created and seeded
    from the shipped catalog on first use). ProjectError (a DomainError) when it cannot be used.
    `read_only`: the work only reads, so it does not wait on another program writing. Otherwise
    the project's session lock is held as `who` until it is closed: ProjectInUse (a ProjectError
    naming the holder) when another Archwise window or writing command has it open."""
    from app.store import Project, ProjectError

    default = path is None
    if path is None:
        try:
            path = default_project_path()
        except OSError as exc:  # the user data folder cannot be created (unwritable or missing home)
            raise ProjectError(
                f"the user data folder {exc.filename or ''} cannot be created ({exc.strerror or exc}). "
                "Set ARCHWISE_HOME to a writable folder, or open a project file (--project FILE)."
            ) from None
    project = Project.open(Path(path), create=True, read_only=read_only, session=None if read_only else who)
    follow_shipped_catalog(project, merge=default)
    return project


def follow_shipped_catalog(project: Project, merge: bool) -> None:
    """A release that ships a catalog `project` has not taken in: with `merge` (the default project,
    which Archwise made from the shipped catalog and keeps for the user) it is merged in now (new
    records added, the shipped records the user never edited updated, the user's edits kept);
    else (a project file of the user's, kept as it is) a note says what a merge would bring and
    the command that does it. Either is said in one line in `project.notes`; nothing when the
    catalog brings nothing new. A merge refused (another program writing) is said, not raised."""
    try:
        if not project.shipped_catalog_unseen():
            return
        report = project.merge_catalog(dry_run=not merge)
    except DomainError as exc:
        if not merge:
            return  # only a note was at stake: the command goes on
        project.notes.append(
            f"this release's shipped catalog was not merged into {project.path.name} ({exc}); "
            "`archwise catalog merge` brings it in later"
        )
        return
    news = f"{len(report.added)} new and {len(report.updated)} updated shipped record(s)"
    if not report.added and not report.updated:
        return
    if merge:
        kept = f"; your {len(report.kept_user_edits)} edited record(s) kept" if report.kept_user_edits else ""
        project.notes.append(f"the default project took this release's shipped catalog: {news}{kept}")
    else:
        project.notes.append(
            f"this release ships {news} that {project.path.name} lacks: "
            f"`archwise catalog merge --project {project.path}` brings them in and keeps your edits"
        )


def write_file(path: str | os.PathLike[str], text: str) -> Path:
    """Write `text` to `path` through a temporary file beside it (removed on every failure)."""
    from app.store.io_formats import write_atomic

    return write_atomic(path, text)


def load_catalog(project: Project) -> Catalog:
    return project.catalog()


def check_kind(kind: str) -> str:
    if kind not in CATALOG_KINDS:
        raise DomainError(f"unknown kind '{kind}'; kinds are {', '.join(CATALOG_KINDS)}")
    return kind


def list_records(project: Project, kind: str) -> list[Sourced]:
    return project.records(check_kind(kind))


def differs_from_shipped(project: Project, kind: str) -> tuple[list[str], list[str]]:
    """(kept from an older release, edited here): names of this project's `kind` records that
    differ from this release's shipped record of the same name. A project keeps its records until
    `catalog merge`, which updates the first and keeps the second."""
    from app.store.io_formats import catalog_from_dir

    shipped = {r.name.casefold(): r for r in getattr(catalog_from_dir(), check_kind(kind))}
    older: list[str] = []
    edited: list[str] = []
    for r in project.records(kind):
        ref = shipped.get(r.name.casefold())
        if ref is not None and ref.model_dump(mode="json", exclude={"user_modified"}) != r.model_dump(
            mode="json", exclude={"user_modified"}
        ):
            (edited if r.user_modified else older).append(r.name)
    return older, edited


def show_record(project: Project, kind: str, name: str) -> Sourced:
    """Case-insensitive; DomainError naming the closest names when nothing matches."""
    return project.catalog().find(check_kind(kind), name)


def import_records(project: Project, path: str | os.PathLike[str]) -> ImportReport:
    return project.import_file(path)


def export_records(project: Project, kind: str, path: str | os.PathLike[str]) -> Path:
    return project.export(check_kind(kind), path)


def import_model_config(project: Project, path: str | os.PathLike[str], name: str | None = None) -> Model:
    return project.import_hf_config(path, name)


def merge_shipped_catalog(project: Project) -> MergeReport:
    return project.merge_catalog()
