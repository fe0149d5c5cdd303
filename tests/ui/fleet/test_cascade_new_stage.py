"""Adding a cascade stage picks a target not yet in the cascade (a cascade names each once)."""

from __future__ import annotations

from app.ui.fleet.cascade_table import CascadeTable


def test_adding_a_stage_never_repeats_a_target(qtbot):
    table = CascadeTable()
    qtbot.addWidget(table)
    table.set_targets(["Small", "Large"], [])
    table.set_stages([])
    first = table.with_new_stage("Small")
    table.set_stages(first)
    second = table.with_new_stage(None)
    assert [s.target for s in second] == ["Small", "Large"]
    table.set_stages(second)
    assert [s.target for s in table.with_new_stage(None)] == ["Small", "Large"]  # nothing left to add
