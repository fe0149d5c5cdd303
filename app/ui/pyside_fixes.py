"""Work-arounds for PySide6 bugs, applied once when the UI package is first imported."""

from __future__ import annotations

import ctypes
import sys


def keep_singletons_alive() -> None:
    """Work around a PySide6 6.12 refcount bug: a Python override that returns None (or a bool),
    reached through a C++ call (pyqtgraph's itemChange, QAbstractItemModel.data, ...), loses one
    reference to the singleton each time. Python 3.12+ makes them immortal; on 3.11 a few thousand
    redraws would deallocate None and abort the process. Give each a count no session can exhaust."""
    if sys.version_info < (3, 12):
        for singleton in (None, True, False):
            ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


keep_singletons_alive()
