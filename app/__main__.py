"""`python -m app` / `archwise`: the GUI with no arguments, a CLI command otherwise.

`archwise --project FILE` opens the GUI on that project.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    argv = [a for a in argv if not a.startswith("-psn_")]  # macOS Finder adds -psn_...
    if argv and argv[0] != "--project":
        from app.cli import main as cli_main

        return cli_main(argv)
    project = argv[1] if len(argv) > 1 else None
    from app.ui.app import run_gui

    return run_gui(project)


if __name__ == "__main__":
    sys.exit(main())
