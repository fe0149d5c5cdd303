"""The window's actions: File, Edit and View menus, with shortcuts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass
class Actions:
    new: QAction
    open: QAction
    save: QAction
    save_as: QAction
    import_scenario: QAction
    export_scenario: QAction
    import_catalog: QAction
    export_catalog: QAction
    import_model: QAction
    export_package: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    workshop: QAction
    recent_menu: QMenu
    examples_menu: QMenu


def build_actions(window: QMainWindow, undo_stack) -> Actions:
    def act(text: str, shortcut=None) -> QAction:
        a = QAction(text, window)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        return a

    undo = undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    redo = undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    workshop = act("&Workshop mode", "F11")
    workshop.setCheckable(True)
    acts = Actions(
        new=act("&New project…", QKeySequence.New),
        open=act("&Open project…", QKeySequence.Open),
        save=act("&Save", QKeySequence.Save),
        save_as=act("Save project &as…", QKeySequence.SaveAs),
        import_scenario=act("Import &scenario (YAML)…"),
        export_scenario=act("Export scena&rio (YAML)…"),
        import_catalog=act("&Import catalog records…"),
        export_catalog=act("&Export catalog kind…"),
        import_model=act("Import &model from config.json…"),
        export_package=act("Export &decision package…", "Ctrl+E"),
        quit=act("&Quit", QKeySequence.Quit),
        undo=undo,
        redo=redo,
        workshop=workshop,
        recent_menu=QMenu("&Recent projects", window),
        examples_menu=QMenu("Open e&xample", window),
    )
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    for item in (
        acts.new,
        acts.open,
        acts.save,
        acts.save_as,
        acts.recent_menu,
        acts.examples_menu,
        None,
        acts.import_scenario,
        acts.export_scenario,
        None,
        acts.import_catalog,
        acts.export_catalog,
        acts.import_model,
        None,
        acts.export_package,
        None,
        acts.quit,
    ):
        if item is None:
            file_menu.addSeparator()
        elif isinstance(item, QMenu):
            file_menu.addMenu(item)
        else:
            file_menu.addAction(item)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addAction(acts.undo)
    edit_menu.addAction(acts.redo)
    view_menu = bar.addMenu("&View")
    view_menu.addAction(acts.workshop)
    return acts
