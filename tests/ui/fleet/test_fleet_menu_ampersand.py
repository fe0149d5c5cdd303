"""Fleet's "From a scenario of this project" menu shows a scenario named with "&" as named
(GUI test, issue 13: "R&D assistant" read "RD assistant", the "&" taken as a mnemonic)."""

from __future__ import annotations

from app.ui.fleet.editors import WorkloadList


def test_scenario_names_with_ampersand_are_shown_whole(qtbot):
    editor = WorkloadList()
    qtbot.addWidget(editor)
    editor.scenario_names = lambda: ["R&D assistant", "Q&A bot"]
    editor._fill_add_menu()
    sub = next(a.menu() for a in editor.add_menu.actions() if a.menu() is not None)
    actions = sub.actions()
    assert [a.iconText() for a in actions] == ["R&D assistant", "Q&A bot"]  # as displayed, mnemonics removed
