"""Section 3 (the system map: the reference-architecture figure and the six layers) and
section 8 (the path from prototype to production), both from app.advice."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

from app.advice import Advice
from app.report.diagram import architecture_drawing
from app.report.numbering import heading
from app.report.styles import para, styles, table
from app.report.text import markup

WIDTH = 495.0  # portrait frame width [pt]
DERIVED = "derived"
STATED = "as stated"


def system_map_section(advice: Advice) -> list[Any]:
    out: list[Any] = [
        heading("System map", 0),
        para(
            "The architecture around the model in six layers, for "
            + (advice.option_label or "the scenario")
            + ". Entries marked “derived” are Archwise's proposal from the workload, its data sensitivity "
            "and the sizing; “as stated” entries are the scenario's own words. Either can be edited in the "
            "scenario's system map.",
            "small",
        ),
        KeepTogether(
            [
                architecture_drawing(advice, WIDTH),
                para("Reference architecture: the six layers with the chosen components.", "caption"),
            ]
        ),
    ]
    for layer in advice.layers:
        rows: list[list[Any]] = [["Element", "Decision", "Basis"]]
        for e in layer.entries:
            rows.append([e.label, e.text, DERIVED if e.derived else STATED])
        out += [
            CondPageBreak(90),
            para(f"{layer.key} {layer.title}", "h3"),
            table(rows, [92, 353, 50], label_col=True),
        ]
    return out


def path_section(advice: Advice, stated: str) -> list[Any]:
    out: list[Any] = [heading("Path to production", 0)]
    if stated:
        out.append(para(f"As the scenario states it: {stated}"))
    if not advice.stages:
        return out + [para("No option is feasible, so there is no path to production to plan yet.")]
    out.append(
        para(
            f"For {advice.option_label}. Each stage names what must be measured before the next one starts; "
            "durations are planning assumptions, costs are run rates from the catalog prices.",
            "small",
        )
    )
    for s in advice.stages:
        rows: list[list[Any]] = [
            ["Hardware", s.hardware],
            ["Serves", s.traffic],
            ["Cost", s.cost_note],
            ["Duration", s.duration],
            [
                "Measure before moving on" if s.name != "Production" else "Keep measuring",
                [Paragraph(markup(c), styles()["cell"], bulletText="•") for c in s.exit_criteria],
            ],
        ]
        out += [CondPageBreak(110), para(s.name, "h3"), table(rows, [110, 385], header=False, label_col=True)]
    out.append(Spacer(1, 4))
    return out


__all__ = ["path_section", "system_map_section"]
