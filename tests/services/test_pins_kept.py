"""Pinned scenarios kept with the project: one setting per letter, written together, read back,
a damaged one left out. A real SQLite file, closed and reopened."""

from __future__ import annotations

import json

from app import store
from app.paths import EXAMPLES_DIR
from app.services import pins
from app.services.sizing import load_scenario


def test_pins_survive_closing_and_reopening_the_project_file(tmp_path):
    path = tmp_path / "room.archwise"
    scenario = load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    busier = scenario.model_copy(
        update={"workload": scenario.workload.model_copy(update={"description": "three times the traffic"})}
    )
    project = store.Project.open(path, create=True)
    pins.save_pins(project, [("1 req/s", scenario), ("3 req/s", busier)])
    project.close()

    project = store.Project.open(path)
    kept = pins.load_pins(project)
    assert [p.label for p in kept] == ["1 req/s", "3 req/s"]
    assert kept[0].scenario == scenario and kept[1].scenario == busier
    assert project.setting("workshop.pin.C") is None
    restored = pins.restore_pins(project)
    assert [r.sizing.scenario for r in restored] == [scenario.name, busier.name]
    # Clearing keeps the clear: every letter goes in the same write.
    pins.save_pins(project, [])
    project.close()
    project = store.Project.open(path)
    assert pins.load_pins(project) == []
    assert all(project.setting(k) is None for k in pins.PIN_KEYS)
    project.close()


def test_a_damaged_pin_is_left_out_and_the_others_come_back(tmp_path):
    scenario = load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    project = store.Project.open(tmp_path / "p.archwise", create=True)
    pins.save_pins(project, [("A", scenario), ("B", scenario), ("C", scenario)])
    project.set_settings(
        {"workshop.pin.A": "{not json", "workshop.pin.B": json.dumps({"label": "B", "scenario": {"name": 3}})}
    )
    assert [p.label for p in pins.load_pins(project)] == ["C"]
    project.close()


def test_set_settings_writes_and_removes_in_one_call(tmp_path):
    project = store.Project.open(tmp_path / "s.archwise", create=True)
    project.set_settings({"a": "1", "b": "2"})
    project.set_settings({"a": None, "b": "3", "c": "4"})
    assert (project.setting("a"), project.setting("b"), project.setting("c")) == (None, "3", "4")
    project.close()
