"""Which analysis a page may show for the open scenario: a result belongs to one project file, one
scenario and the inputs it was sized from, never to a scenario name alone (two projects can each
hold a "Chat" with other inputs; a reopened project's "Chat" is not the last one's)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain import Scenario

# The scenario's text that the engine never reads: an edit of it keeps the analysis (the pages
# show the open scenario's text with it); every other field is an input of the sizing.
TEXT_FIELDS = frozenset({"name", "description", "author", "system_map"})


@dataclass(frozen=True)
class AnalysisKey:
    project_file: str  # the project's resolved file path ("" for a project given as a bare catalog)
    scenario: str  # the scenario's name within that project
    inputs: str  # the scenario's sizing inputs as JSON (everything but TEXT_FIELDS)


def analysis_key(project: Any, scenario: Scenario | None) -> AnalysisKey | None:
    """The key of `scenario` as sized against `project` (a store Project, or a Catalog: no file);
    None without a scenario."""
    if scenario is None:
        return None
    path = getattr(project, "path", None)
    where = str(Path(path).resolve()) if path is not None else ""
    return AnalysisKey(where, scenario.name, scenario.model_dump_json(exclude=set(TEXT_FIELDS)))


def with_text_of(sized: Scenario, opened: Scenario) -> Scenario:
    """The sized scenario (what-if values included) with the open scenario's text: an author,
    description or system map edited since the analysis is what the report prints."""
    update = {f: getattr(opened, f) for f in TEXT_FIELDS - {"name"} if getattr(sized, f) != getattr(opened, f)}
    return sized.model_copy(update=update) if update else sized
