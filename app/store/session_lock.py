"""One Archwise session per project file: a lock beside it, `.NAME.lock`, held while a window
has the project open or a command that writes runs on it.

SQLite keeps each write whole, but two copies of the app on one file each keep their own view of
it (the open scenario, the undo stack, the catalog page) and neither knows what the other wrote;
the second copy must be told before it shows anything editable. The lock is an operating-system
lock on the file (`flock` on POSIX, `msvcrt.locking` on Windows): the kernel lets go of it when
the holder exits, however it exits (a crash, kill -9, a power cut), so a stale lock never blocks
anyone. The file holds a note (who, process id, host, since when) that a refused opener reads to
say who holds the project. The holder removes the file when it lets go.

Within one process the lock is counted, not refused: a window that opens its own project again,
or opens the next one before closing the last, holds it once."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

# The byte locked on Windows, far past the note so that reading the note is never blocked
# (Windows locks are mandatory: a locked byte cannot be read by another process).
_WINDOWS_LOCK_OFFSET = 1 << 30


class InUse(Exception):
    """The project is held by another process; `holder` says by whom, in words."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


@dataclass
class SessionLock:
    """A held lock on `path` (the lock file), counted per process."""

    path: Path
    fd: int
    count: int = 1


# The locks this process holds, by lock file: an OS lock belongs to the process (one per file),
# so the count of its holders in this process has to live at process level too.
_HELD: dict[Path, SessionLock] = {}


def lock_path(project: Path) -> Path:
    """The lock file beside `project`: `.NAME.lock` (hidden, as SQLite's -wal beside it is not)."""
    return project.with_name(f".{project.name}.lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _holder(fd: int) -> str:
    """Who holds the lock, from the note in the file; a note not written yet (the holder is between
    taking the lock and writing it) or unreadable is named only as another Archwise process."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096).decode("utf-8"))
    except (OSError, ValueError):
        return "another Archwise process"
    if not isinstance(info, dict):
        return "another Archwise process"
    who = str(info.get("who") or "Archwise process")[:40]
    host = str(info.get("host") or "")[:40]
    where = f" on {host}" if host and host != socket.gethostname() else ""
    since = str(info.get("since") or "")[:5]
    when = f", since {since} UTC" if since else ""
    return f"another {who} (process {str(info.get('pid') or '?')[:12]}{where}{when})"


def hold(project: Path, who: str) -> SessionLock | None:
    """Take the session lock of `project` for `who` ("Archwise window", "archwise command").
    Raises InUse when another process holds it. None when no lock file can be made beside the
    project (a read-only or missing folder): the lock only guards writes, which fail there anyway
    with their own message, so opening is not refused for it."""
    path = lock_path(project).absolute()
    held = _HELD.get(path)
    if held is not None:
        held.count += 1
        return held
    for _ in range(5):  # the file may be removed by its last holder between our open and our lock
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None
        if not _try_lock(fd):
            holder = _holder(fd)
            os.close(fd)
            raise InUse(holder)
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except OSError:
            same = False
        if not same:  # we locked a file its holder had already removed: try the new one
            os.close(fd)
            continue
        note = {"who": who, "pid": os.getpid(), "host": socket.gethostname(), "since": _now()}
        with suppress(OSError):  # the note only improves another's message
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, json.dumps(note).encode("utf-8"))
        lock = _HELD[path] = SessionLock(path, fd)
        return lock
    return None


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%H:%M")


def release(lock: SessionLock | None) -> None:
    """Let go of `lock` once; the last holder in this process removes the file and unlocks it."""
    if lock is None or _HELD.get(lock.path) is not lock:
        return
    lock.count -= 1
    if lock.count > 0:
        return
    del _HELD[lock.path]
    with suppress(OSError):  # removed while still locked, so no one locks the old file after us
        lock.path.unlink(missing_ok=True)
    with suppress(OSError):
        os.close(lock.fd)  # closing the descriptor lets go of the OS lock


__all__ = ["InUse", "SessionLock", "hold", "lock_path", "release"]
