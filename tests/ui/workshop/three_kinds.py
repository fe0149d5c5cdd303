"""Three different scenarios as a user types them from blank workloads (a chat assistant, a
nightly batch job, a multimodal one), sized and each pinned with the selection matrix's
recommendation (default weights): the A/B/C grid's tests and the probe script read them."""

from __future__ import annotations

from pathlib import Path

from app.domain import Category, Scenario, Sizing
from app.services import scenarios
from app.services.comparison import Pin
from app.store import Project

HARDWARE = ["AWS g6e.4xlarge", "AWS p5.4xlarge", "AWS g6.xlarge"]


def blank(project: Project, category: Category, name: str, **workload: dict) -> Scenario:
    s = scenarios.blank_scenario(project, category)
    data = s.model_dump(mode="json")
    data["name"] = data["workload"]["name"] = name
    for key, values in workload.items():
        if key == "candidates":
            data["candidates"].update(values)
        else:
            data["workload"][key].update(values)
    return Scenario.model_validate(data)


def three_scenarios(folder: Path) -> list[Scenario]:
    project = Project.open(folder / "room.archwise", create=True)
    try:
        return [
            blank(
                project,
                Category.INFERENCE_API,
                "Support chat",
                traffic={"requests_per_s": 4.0, "peak_to_mean": 2.0},
                tokens={"input_tokens": 1500, "output_tokens": 300},
                sla={"ttft_p95_ms": 800, "tpot_p95_ms": 50},
                candidates={"models": ["Llama-3.1-8B-Instruct", "Qwen2.5-32B-Instruct"], "hardware": HARDWARE},
            ),
            blank(
                project,
                Category.BATCH,
                "Nightly ticket summaries",
                tokens={"input_tokens": 3000, "output_tokens": 250},
                batch={"total_requests": 200_000, "deadline_hours": 8.0, "recurrence": "daily"},
                candidates={"models": ["Llama-3.1-8B-Instruct"], "hardware": HARDWARE},
            ),
            blank(
                project,
                Category.MULTIMODAL,
                "Damage photo triage",
                traffic={"requests_per_s": 0.5, "peak_to_mean": 3.0},
                tokens={"input_tokens": 600, "output_tokens": 150, "images_per_request": 2.0},
                sla={"ttft_p95_ms": 2000},
                candidates={"models": ["Qwen2.5-VL-7B-Instruct"], "hardware": HARDWARE},
            ),
        ]
    finally:
        project.close()


def title_of(s: Scenario) -> str:
    """A pin's title as the Analysis page writes the what-if values, short."""
    w, t = s.workload, s.workload.tokens
    load = f"{w.traffic.requests_per_s:g} req/s" if w.traffic is not None else f"{w.batch.total_requests:,} a run"
    return f"{load} · {t.input_tokens:,}→{t.output_tokens:,} tokens"


def sized(scenario_list: list[Scenario]) -> list[tuple[str, Scenario, Sizing]]:
    """(title, scenario, sizing) for each, sized over the catalog as shipped: what
    ComparePanel.set_pinned takes."""
    from app.services.sizing import size_scenario
    from app.store.io_formats import catalog_from_dir

    catalog = catalog_from_dir()
    return [(title_of(s), s, size_scenario(catalog, s, deployments=False)) for s in scenario_list]


def pins_of(scenario_list: list[Scenario]) -> list[Pin]:
    """Each scenario sized and pinned with its matrix recommendation (default weights)."""
    from app.report.recommend import reconcile
    from app.selection import build_matrix, sensitivity
    from app.store.io_formats import catalog_from_dir

    catalog = catalog_from_dir()
    out = []
    for title, s, sizing in sized(scenario_list):
        matrix = build_matrix(sizing, catalog, s.workload, None)
        out.append(Pin(title, s.name, sizing, reconcile(sizing, matrix, sensitivity(matrix))))
    return out
