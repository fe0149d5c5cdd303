"""Scenarios the report tests save in a real project, as a user types them in the window."""

from __future__ import annotations

from scenario_builders import driver_assistant, with_

from app.domain import Category, Scenario
from app.services import scenarios


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
