"""SQLite projects: tables, sessions, migrations, seeding, import and export. The only
package that knows SQL."""

from app.store.project import (
    ImportReport,
    MergeReport,
    Project,
    ProjectBusy,
    ProjectError,
    ProjectInUse,
    RecordChanged,
    ScenarioChanged,
)

__all__ = [
    "ImportReport",
    "MergeReport",
    "Project",
    "ProjectBusy",
    "ProjectError",
    "ProjectInUse",
    "RecordChanged",
    "ScenarioChanged",
]
