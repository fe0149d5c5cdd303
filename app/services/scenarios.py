"""Scenario use cases: the project's scenarios as records (list, open, save, rename, duplicate,
delete), blank workloads of every kind, new from a template, and scenario YAML files in and out.

Every write is one transaction in the store (one user action, one commit): what the window shows
was saved first. Both faces use these; the GUI wraps each write in an undo command.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from app.domain import (
    BATCH_CATEGORIES,
    AgentSpec,
    BatchSpec,
    Catalog,
    Category,
    DomainError,
    FineTuneSpec,
    RagSpec,
    Scenario,
    Tokens,
    Traffic,
    Workload,
    readable_errors,
)
from app.domain.workload import window_hours
from app.engine.space import unknown_region

if TYPE_CHECKING:
    from app.store import Project

LAST_SCENARIO = "last_scenario"  # project setting: the scenario open when the project was left
LAST_PAGE = "last_page"  # project setting: the page shown then
WORKLOADS_ADOPTED = "workloads_adopted"  # project setting: saved workloads were made scenarios

# The kind-specific part every workload kind needs: which Workload field, and a blank one.
# Round placeholders a user is expected to overwrite; none is a catalog figure.
KIND_SECTIONS: dict[Category, str] = {
    Category.BATCH: "batch",
    Category.SYNTHETIC_DATA: "batch",
    Category.EVALUATION: "batch",
    Category.FINE_TUNING: "fine_tuning",
    Category.RAG: "rag",
    Category.AGENT: "agent",
}
BATCH_KINDS = BATCH_CATEGORIES  # described by work, deadline and recurrence: their rate is derived


def kind_label(category: Category) -> str:
    """'fine tuning', 'inference api' ... as a person writes the kind."""
    return {"inference_api": "inference API", "rag": "RAG"}.get(category.value, category.value.replace("_", " "))


def blank_section(category: Category) -> BatchSpec | FineTuneSpec | RagSpec | AgentSpec | None:
    """The kind-specific section a new workload of `category` starts with (None: it has none)."""
    field = KIND_SECTIONS.get(category)
    if field == "batch":
        return BatchSpec(total_requests=10_000, deadline_hours=24.0)
    if field == "fine_tuning":
        return FineTuneSpec(dataset_tokens=10_000_000.0)
    if field == "rag":
        return RagSpec(corpus_documents=10_000)
    if field == "agent":
        return AgentSpec()
    return None


def blank_workload(category: Category, name: str) -> Workload:
    """A workload of `category` with no description and round placeholder numbers: 1 req/s (a
    batch or training job has no rate: its work says it), 1,000 tokens in and 200 out, no SLA
    targets, the kind's own section with its defaults."""
    update: dict[str, object] = {}
    field = KIND_SECTIONS.get(category)
    if field is not None:
        update[field] = blank_section(category)
    # a job (batch kinds, a training run) is described by its work, not an arrival rate
    job = category in BATCH_KINDS or category is Category.FINE_TUNING
    images = 1.0 if category is Category.MULTIMODAL else 0.0
    return Workload(
        name=name,
        category=category,
        traffic=None if job else Traffic(requests_per_s=1.0),
        tokens=Tokens(input_tokens=1000, output_tokens=200, images_per_request=images),
        **update,
    )


def with_category(workload: Workload, category: Category) -> Workload:
    """`workload` turned into another kind: the new kind's section added (blank) when missing,
    the others kept (switching back restores them); a multimodal workload gets one image, and a
    job turned into a service gets arrivals at the rate its deadline asked for [req/s]."""
    data = workload.model_dump()
    data["category"] = category
    field = KIND_SECTIONS.get(category)
    if field is not None and data.get(field) is None:
        section = blank_section(category)
        data[field] = section.model_dump() if section is not None else None
    if category is Category.MULTIMODAL and data["tokens"]["images_per_request"] <= 0:
        data["tokens"]["images_per_request"] = 1.0
    serves = category not in BATCH_KINDS and category is not Category.FINE_TUNING
    if serves and data.get("traffic") is None:
        # a job turned into a service: arrivals at the rate its deadline asked for (else 1 req/s)
        rate = workload.batch.requests_per_s if workload.batch is not None else 1.0
        data["traffic"] = Traffic(requests_per_s=rate).model_dump()
    return Workload.model_validate(data)


def with_start_window(workload: Workload, window: str | None) -> Workload:
    """`workload` with its batch start window set to `window` (HH:MM-HH:MM, or None).

    A deadline longer than the new window is brought down to the window's length [h], so the
    window and the deadline can be typed in either order (a 24 h default never blocks an 8 h
    window); a malformed window raises the domain's ValueError/ValidationError."""
    data = workload.model_dump()
    batch = data.get("batch") or {}
    batch["start_window"] = window
    if window is not None:
        hours = window_hours(window)
        deadline = batch.get("deadline_hours")
        if deadline is not None and deadline > hours + 1e-9:
            batch["deadline_hours"] = hours
    data["batch"] = batch
    return Workload.model_validate(data)


# ---------------------------------------------------------------- the project's scenarios
def list_scenarios(project: Project) -> list[str]:
    """Names of the project's scenarios, oldest first."""
    return project.scenario_names()


def open_scenario(project: Project, name: str) -> Scenario:
    return project.scenario(name)


def unique_name(project: Project, base: str, taken: list[str] | None = None) -> str:
    """`base`, or `base (2)`, `base (3)` ... whichever no scenario has yet."""
    names = {n.casefold() for n in (project.scenario_names() if taken is None else taken)}
    if base.casefold() not in names:
        return base
    n = 2
    while f"{base} ({n})".casefold() in names:
        n += 1
    return f"{base} ({n})"


def save_scenario(
    project: Project, scenario: Scenario, old_name: str | None = None, read: Scenario | None = None
) -> Scenario:
    """Replace the scenario named `old_name` (a rename when the names differ), or add a new one
    (`old_name` None: refused when the name is taken, so nothing is overwritten). One transaction.
    `read`: the scenario as this window read it: only the fields changed from it are written, and
    an edit of a field another window changed meanwhile is refused (app.store.ScenarioChanged).
    Returns the scenario as stored."""
    if old_name is None and scenario.name.casefold() in {n.casefold() for n in project.scenario_names()}:
        raise DomainError(f"a scenario named '{scenario.name}' already exists")
    return project.save_scenario(scenario, old_name=old_name, read=read)


def delete_scenario(project: Project, name: str) -> None:
    project.delete_scenario(name)
    if project.setting(LAST_SCENARIO) == name:
        project.set_setting(LAST_SCENARIO, None)


def renamed(scenario: Scenario, name: str) -> Scenario:
    """`scenario` under another name; its workload follows when it carried the same name."""
    data = scenario.model_dump()
    data["name"] = name.strip()
    if scenario.workload.name == scenario.name and data["name"]:
        data["workload"]["name"] = data["name"]
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:  # an empty name reads 'A name is required', nothing more
        where = f"scenario '{data['name']}': " if data["name"] else ""
        raise DomainError(where + readable_errors(exc)) from None


# Fields typed as names (a list of names, or one name), and the catalog kind each must be found in.
NAMED_CANDIDATES: dict[tuple[str, ...], str] = {
    ("candidates", "hosted_apis"): "hosted_apis",
    ("workload", "rag", "embedding_model"): "models",
    ("workload", "rag", "rerank_model"): "models",
}


def unknown_name(scenario: Scenario, catalog: Catalog, path: tuple[str, ...]) -> str:
    """Why a name typed at `path` (a field of NAMED_CANDIDATES) is not in the catalog (or among
    the scenario's inline models), with the closest catalog names ("No model named 'x'; closest:
    ..."), as the analysis would say; '' if all are (an empty field: '')."""
    if path == ("constraints", "regions"):  # a region no record names drops every cloud offer
        why = unknown_region(scenario, catalog.merged_with(instances=list(scenario.instances)))
        return why[:1].upper() + why[1:]
    kind = NAMED_CANDIDATES.get(path)
    if kind is None:
        return ""
    value: Any = scenario
    for part in path:
        value = getattr(value, part, None)
    names = [value] if isinstance(value, str) else list(value or [])
    if kind == "models" and scenario.models:
        catalog = catalog.merged_with(models=list(scenario.models))
    for name in names:
        try:
            catalog.find(kind, name)
        except DomainError as exc:
            return str(exc)[:1].upper() + str(exc)[1:]
    return ""


def blank_scenario(project: Project, category: Category) -> Scenario:
    """A new scenario (not saved yet) with a blank workload of `category` and default candidates."""
    name = unique_name(project, f"New {kind_label(category)} scenario")
    return Scenario(name=name, workload=blank_workload(category, name))


def template_scenario(project: Project, template: Workload) -> Scenario:
    """A new scenario (not saved yet) with the template's numbers. The template's description
    explains the template, not the user's problem: it is left out (the report would print it)."""
    name = unique_name(project, template.name)
    return Scenario(name=name, workload=template.model_copy(update={"name": name, "description": ""}))


def duplicate_of(project: Project, scenario: Scenario) -> Scenario:
    """A copy (not saved yet) under a free name."""
    return renamed(scenario, unique_name(project, f"{scenario.name} (copy)"))


def new_blank(project: Project, category: Category) -> Scenario:
    return save_scenario(project, blank_scenario(project, category))


def from_template(project: Project, template: Workload) -> Scenario:
    return save_scenario(project, template_scenario(project, template))


def duplicate(project: Project, scenario: Scenario) -> Scenario:
    return save_scenario(project, duplicate_of(project, scenario))


def adopt_workloads(project: Project) -> list[str]:
    """Workloads saved by an Archwise that kept them apart become scenarios, once per project
    (default candidates, the workload's own description). Returns the new scenarios' names."""
    if project.setting(WORKLOADS_ADOPTED):
        return []
    taken, made = project.scenario_names(), list[str]()
    for workload in project.workloads():
        name = unique_name(project, workload.name, taken + made)
        project.save_scenario(Scenario(name=name, description=workload.description, workload=workload))
        made.append(name)
    project.set_setting(WORKLOADS_ADOPTED, "1")
    return made


def templates(project: Project) -> list[Workload]:
    return project.workload_templates()


# ---------------------------------------------------------------- files
def read_yaml(project: Project, path: str | os.PathLike[str]) -> Scenario:
    """A scenario file read and validated (not saved yet), renamed 'X (2)' when X is taken."""
    from app.services.sizing import load_scenario

    scenario = load_scenario(path)
    name = unique_name(project, scenario.name)
    return renamed(scenario, name) if name != scenario.name else scenario


def saved_copy(project: Project, path: str | os.PathLike[str]) -> str | None:
    """The name of a saved scenario the file would add again unchanged (same name and content),
    e.g. an example opened twice; None when the file says something new."""
    from app.services.sizing import load_scenario

    scenario = load_scenario(path)
    if scenario.name in project.scenario_names() and project.scenario(scenario.name) == scenario:
        return scenario.name
    return None


def import_yaml(project: Project, path: str | os.PathLike[str]) -> Scenario:
    return save_scenario(project, read_yaml(project, path))


def export_yaml(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    """The scenario as a YAML file (a temporary file renamed into place: never half-written).
    Reading it back with `import_yaml` or `archwise size` gives the same scenario."""
    from app.services.sizing import scenario_yaml
    from app.store.io_formats import write_atomic

    target = Path(path)
    if target.suffix.lower() not in (".yaml", ".yml"):
        target = target.with_name(target.name + ".yaml")
    return write_atomic(target, scenario_yaml(scenario))


# ---------------------------------------------------------------- where the user left off
def last_opened(project: Project) -> tuple[str | None, str | None]:
    """(scenario name, page title) saved when the project was last used."""
    return project.setting(LAST_SCENARIO), project.setting(LAST_PAGE)


def remember_opened(project: Project, scenario: str | None = None, page: str | None = None) -> None:
    """Keep the open scenario and/or page (each its own small transaction, skipped when unchanged)."""
    for key, value in ((LAST_SCENARIO, scenario), (LAST_PAGE, page)):
        if value is not None and project.setting(key) != value:
            project.set_setting(key, value)
