"""`python -m app.ui.screenshots OUTDIR`: PNGs of each page and of workshop mode (run under Xvfb)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer


def _settle(app, ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def take_screenshots(outdir: Path) -> list[Path]:
    from app.ui.app import create_application
    from app.ui.main_window import PAGES, MainWindow
    from app.ui.settings import Settings

    app = create_application()
    outdir.mkdir(parents=True, exist_ok=True)
    window = MainWindow(Settings(Path(tempfile.mkdtemp(prefix="archwise-shots-"))))
    window.resize(1440, 900)
    window.show()
    window.open_project(None)
    written = []
    for i, page in enumerate(PAGES):
        window.rail.setCurrentRow(i)
        _settle(app)
        path = outdir / f"{i + 1:02d}-{page.lower().replace(' ', '-')}.png"
        window.grab().save(str(path))
        written.append(path)
    window.rail.setCurrentRow(0)
    window.actions.workshop.setChecked(True)
    _settle(app, 300)
    path = outdir / "06-workshop-mode.png"
    window.grab().save(str(path))
    written.append(path)
    window.actions.workshop.setChecked(False)
    window.close()
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    outdir = Path(argv[0] if argv else "docs/screenshots")
    for p in take_screenshots(outdir):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
