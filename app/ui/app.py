"""QApplication set-up, the one exception hook, and `run_gui`."""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.logs import log_exception, log_file, log_warnings
from app.paths import STYLE_DIR
from app.ui.guards import install_guards
from app.ui.gui_thread_gc import collect_on_gui_thread


class ExceptionHook(QObject):
    """Logs every uncaught exception to the log file, then shows a short message on the GUI thread."""

    exception_caught = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.exception_caught.connect(self._on_exception_caught, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = lambda args: self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(self, exc_type: type[BaseException], exc_value: BaseException | None, tb: TracebackType | None) -> None:
        where = log_exception("uncaught exception", exc_info=(exc_type, exc_value, tb))
        # Queued: safe from any thread.
        self.exception_caught.emit(f"{exc_type.__name__}: {exc_value}\n\nNothing was lost. Details are in {where}.")

    def _on_exception_caught(self, summary: str) -> None:
        QMessageBox.warning(None, "Archwise", f"Something went wrong: {summary}")


def create_application(argv: list[str] | None = None) -> QApplication:
    # A sizing worker holds the GIL for up to the switch interval (5 ms by default) after the GUI
    # thread asks for it: a shorter one hands results and input events over sooner.
    sys.setswitchinterval(0.0005)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("Archwise")
    app.setOrganizationName("Archwise")
    app.setApplicationVersion(__version__)
    qss = STYLE_DIR / "archwise.qss"
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    collect_on_gui_thread(app)  # a worker thread never finalises a Qt object
    install_guards(app)  # the wheel edits only the focused field; data text is never read as rich text
    return app


def run_gui(project_path: str | None = None) -> int:
    """Start the desktop app on `project_path` (or the last / default project); returns the exit code."""
    app = create_application()
    log_file()  # the log exists from the start, so every later traceback has a place
    log_warnings()
    hook = ExceptionHook()
    hook.install()
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    window = MainWindow(Settings())
    window.show()
    window.open_project(project_path)
    return app.exec()
