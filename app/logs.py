"""The log file: every traceback Archwise catches goes here, from the window and the CLI alike.

`log_file()` attaches one file handler to the "archwise" logger (once) and returns the file it
writes: `archwise.log` in the user data folder, or, when that folder cannot be written (a
read-only or missing home), one in the system's temporary folder, so a message that says
"details are in FILE" always names a file that exists and holds them.
"""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from pathlib import Path

LOGGER = "archwise"
_handler: logging.FileHandler | None = None


def _candidates() -> list[Path]:
    out = []
    try:
        from app.paths import log_path

        out.append(log_path())
    except OSError:  # the user data folder cannot be created
        pass
    uid = getattr(os, "getuid", lambda: "user")()
    out.append(Path(tempfile.gettempdir()) / f"archwise-{uid}.log")
    return out


def log_file() -> Path | None:
    """The log file in use: the first candidate that can be opened for appending (checked on
    every call, so a changed ARCHWISE_HOME is followed); None when none can be written."""
    global _handler
    logger = logging.getLogger(LOGGER)
    for path in _candidates():
        if _handler is not None and Path(_handler.baseFilename) == path.absolute() and path.exists():
            return path
        try:
            handler = logging.FileHandler(path, encoding="utf-8")
        except OSError:
            continue
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        if _handler is not None:
            logger.removeHandler(_handler)
            _handler.close()
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        _handler = handler
        return path
    if not logger.handlers:  # nothing writable: stay quiet rather than dump tracebacks on stderr
        logger.addHandler(logging.NullHandler())
    return None


def log_exception(message: str, exc_info: object = True) -> str:
    """Write `message` and the traceback (the one being handled, or `exc_info`) to the log;
    returns the log file's name for the user's message ('the log could not be written' if none)."""
    path = log_file()
    logging.getLogger(LOGGER).error(message, exc_info=exc_info)  # type: ignore[arg-type]
    if _handler is not None:
        _handler.flush()
    return str(path) if path else "no log file (the user data and temporary folders cannot be written)"


def log_warnings() -> None:
    """Python and numpy warnings (RuntimeWarning: overflow ...) go to the log file, not to the
    user's terminal or console: a figure's own message says when it is out of range."""

    def to_log(message, category, filename, lineno, file=None, line=None) -> None:  # type: ignore[no-untyped-def]
        log_file()
        logging.getLogger(LOGGER).warning("%s:%s: %s: %s", filename, lineno, category.__name__, message)

    warnings.showwarning = to_log


__all__ = ["LOGGER", "log_exception", "log_file", "log_warnings"]
