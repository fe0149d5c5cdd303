"""A pin's kept design (the design it showed before a calibration sized it again, tgui4 D24) is
kept with the project: saved, read back after closing and reopening the file, and carried by the
restored pin, so the reopened card still describes that design. Pins without one read "". A real
SQLite file."""

from __future__ import annotations

import json

from app import store
from app.paths import EXAMPLES_DIR
from app.services import pins
from app.services.comparison import Pin
from app.services.sizing import load_scenario


def test_a_kept_design_survives_reopening_and_the_pin_describes_it(tmp_path):
    path = tmp_path / "room.archwise"
    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    project = store.Project.open(path, create=True)
    assert pins.restore_pins(project) == []  # nothing pinned yet
    pins.save_pins(project, [("as given", scenario)])
    engine = pins.restore_pins(project)[0].sizing
    other = next(o for o in engine.options if o.feasible and o.label != engine.recommended.label)
    pins.save_pins(project, [("as given", scenario), ("again", scenario)], [other.label, ""])
    project.close()

    project = store.Project.open(path)
    assert [p.design for p in pins.load_pins(project)] == [other.label, ""]
    assert "design" not in json.loads(project.setting("workshop.pin.B"))  # none kept: not written
    a, b = pins.restore_pins(project)
    project.close()
    assert a.design == other.label and b.design == ""
    assert Pin(a.label, scenario.name, a.sizing, design=a.design).option.label == other.label
    assert Pin(b.label, scenario.name, b.sizing, design=b.design).option.label == b.sizing.recommended.label
