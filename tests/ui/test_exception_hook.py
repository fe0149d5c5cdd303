"""The one exception hook logs the traceback and shows a short message on the GUI thread."""

import threading

from app.paths import log_path
from app.ui.app import ExceptionHook


def test_worker_thread_exception_is_logged_and_reported_on_gui_thread(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr("app.ui.app.QMessageBox.warning", lambda *a: shown.append(a[2]))
    hook = ExceptionHook()
    old = threading.excepthook
    hook.install()
    try:

        def boom():
            raise ValueError("bad number")

        with qtbot.waitSignal(hook.exception_caught):
            t = threading.Thread(target=boom)
            t.start()
            t.join()
        qtbot.waitUntil(lambda: bool(shown))
    finally:
        import sys

        threading.excepthook = old
        sys.excepthook = sys.__excepthook__
    assert "ValueError: bad number" in shown[0] and "Traceback" not in shown[0]
    assert "ValueError: bad number" in log_path().read_text(encoding="utf-8")
