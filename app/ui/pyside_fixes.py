"""Work-arounds for PySide6 bugs and costs, applied once when the UI package is first imported."""

from __future__ import annotations

import ctypes
import sys
from types import ModuleType


def keep_singletons_alive() -> None:
    """Work around a PySide6 6.12 refcount bug: a Python override that returns None (or a bool),
    reached through a C++ call (pyqtgraph's itemChange, QAbstractItemModel.data, ...), loses one
    reference to the singleton each time. Python 3.12+ makes them immortal; on 3.11 a few thousand
    redraws would deallocate None and abort the process. Give each a count no session can exhaust."""
    if sys.version_info < (3, 12):
        for singleton in (None, True, False):
            ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


def faster_feature_check() -> None:
    """PySide6's import hook asks, for every module imported after it, whether the module uses
    PySide6 (for `from __feature__ import ...`), by reading its source with inspect.getsource:
    about 65 ms over the ~350 modules a start imports (PYSIDE-2029). Reading the file's bytes
    answers the same question (is "PySide6" in the source) in a fraction of that. Left alone
    when the hook is not where PySide6 6.x keeps it."""
    import PySide6.QtCore  # noqa: F401  (installs the hook)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "archwise", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))
        try:
            with open(path, "rb") as fh:
                return b"PySide6" in fh.read()
        except OSError:
            return bool(original(module))

    uses_pyside.archwise = True  # type: ignore[attr-defined]  # marks the hook as ours
    feature.__dict__["_mod_uses_pyside"] = uses_pyside


keep_singletons_alive()
faster_feature_check()
