"""What the report tests build: scenarios saved in a real project as a user types them in the
window, and decision packages written from a scenario file and read back with pypdf."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from scenario_builders import driver_assistant, with_

from app.domain import Category, Scenario, Sizing, parse
from app.report import ReportMeta, write_decision_package
from app.selection import SelectionMatrix, build_matrix, sensitivity
from app.services import scenarios
from app.services.sizing import size_scenario
from app.store.io_formats import catalog_from_dir


def saved_driver_assistant(project) -> Scenario:
    """tests/scenario_builders.py's driver assistant on a blank agent workload, with its
    description, saved in `project`: the selection matrix with quality weighted up recommends
    Qwen2.5-32B on p5, not the engine's cheapest design (Llama-3.1-8B)."""
    blank = scenarios.new_blank(project, Category.AGENT)
    data = with_(
        driver_assistant(blank.model_dump(mode="json")),
        description="Answers delivery drivers' questions on the road.",
    )
    return scenarios.save_scenario(project, type(blank).model_validate(data), old_name=blank.name)


@dataclass(frozen=True)
class Package:
    """A decision package written from a scenario file's dict and read back with pypdf."""

    scenario: Scenario
    sizing: Sizing
    matrix: SelectionMatrix
    pages: list[str]  # each page's text as pypdf extracts it

    @property
    def flat_pages(self) -> list[str]:
        """Each page's text with its white space folded to single spaces."""
        return [" ".join(p.split()) for p in self.pages]

    @property
    def text(self) -> str:
        """The whole package's text, white space folded."""
        return " ".join(self.flat_pages)


def written_package(folder: Path, data: dict[str, Any], project: str) -> Package:
    """`data` (a scenario file's dict) sized on the shipped catalog, its selection matrix with the
    default weights, written as `folder / "p.pdf"` for `project` by "A. Architect" on 2026-11-30
    (a fixed date: the same text every run), and read back."""
    catalog = catalog_from_dir()
    scenario = parse(Scenario, data)
    sizing = size_scenario(catalog, scenario)
    matrix = build_matrix(sizing, catalog, scenario.workload)
    meta = ReportMeta(project=project, author="A. Architect", date=dt.date(2026, 11, 30))
    path = write_decision_package(folder / "p.pdf", scenario, sizing, matrix, catalog, meta, sensitivity(matrix))
    return Package(scenario, sizing, matrix, [p.extract_text() for p in PdfReader(path).pages])
