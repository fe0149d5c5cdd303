"""Run by test_workshop_xvfb.py in a child process on a real X server (Xvfb): enter and leave
workshop mode and print what the window's geometry was, as JSON on the last line. Screenshots go
to the folder given as the first argument (normal, workshop, after leaving).

Not a test module: it needs DISPLAY and QT_QPA_PLATFORM=xcb, which the pytest process lacks."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QRect
from PySide6.QtTest import QTest


def wait_for(condition, timeout_ms: int = 5000) -> bool:
    """Process events until `condition()` holds (as qtbot.waitUntil); False after `timeout_ms`."""
    timer = QElapsedTimer()
    timer.start()
    while not condition():
        if timer.elapsed() > timeout_ms:
            return False
        QTest.qWait(20)
    return True


def rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def main(outdir: Path) -> dict:
    home = Path(tempfile.mkdtemp(prefix="archwise-xvfb-"))
    os.environ["ARCHWISE_HOME"] = str(home)
    from app import store
    from app.ui.app import create_application
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings
    from app.ui.workshop import WorkshopView

    app = create_application()
    screen = app.primaryScreen()
    available = screen.availableGeometry()
    window = MainWindow(Settings(home / "settings"))
    path = home / "p.archwise"
    store.Project.open(path, create=True).close()
    window.show()
    window.open_project(str(path))
    # a window that is neither the screen's size nor at its corner: the case a restore gets wrong
    wanted = QRect(available.x() + 37, available.y() + 29, available.width() * 3 // 4, available.height() * 3 // 4)
    window.setGeometry(wanted)
    wait_for(lambda: window.windowHandle() is not None and window.windowHandle().isExposed())
    wait_for(lambda: window.geometry() == wanted)
    window.show_page("Catalog")
    before = window.geometry()
    window.grab().save(str(outdir / "1-normal.png"))

    window.actions.workshop.setChecked(True)
    full = wait_for(lambda: window.geometry() == screen.geometry())
    in_workshop = window.geometry()
    workshop_view = isinstance(window.centralWidget(), WorkshopView)
    window.grab().save(str(outdir / "2-workshop.png"))

    window.actions.workshop.setChecked(False)
    wait_for(lambda: not window.isFullScreen() and window.geometry() == before)
    after = window.geometry()
    page = window.stack.currentIndex()
    wait_for(lambda: window.centralWidget().isVisible(), 2000)
    pages_visible = window.centralWidget().isVisible() and window.stack.currentWidget().isVisible()
    window.grab().save(str(outdir / "3-left.png"))
    result = {
        "screen": rect(screen.geometry()),
        "available": rect(available),
        "before": rect(before),
        "workshop": rect(in_workshop),
        "reached_full_screen": bool(full),
        "workshop_view": workshop_view,
        "after": rect(after),
        "page_after": page,
        "pages_visible": pages_visible,
        "platform": app.platformName(),
    }
    window.close()
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # this checkout's `app`
    print(json.dumps(main(Path(sys.argv[1]))))
