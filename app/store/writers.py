"""Who is writing a project: a small note beside the file for each Archwise writer.

SQLite says only that the file is locked, not by whom. A user told "another program is using
it" cannot tell a second Archwise window (close it, or wait for its import) from a sync client
or a backup tool. So each Archwise write leaves a note `.NAME.writer.PID` beside the project
while its transaction runs (who: "Archwise window" or "archwise command"; what: the
action) and removes it after; a refused writer reads the notes of live processes to say which.
A note left by a process that died (kill -9) is ignored and removed by the next reader."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


def _prefix(project: Path) -> str:
    return f".{project.name}.writer."


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # signal 0: no signal sent, only "does it exist"
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return False
    return True


@contextmanager
def writing(project: Path, who: str, action: str) -> Iterator[None]:
    """Leave a note that `who` (this process: "Archwise window", "archwise command") is doing
    `action` on `project` while the block runs. A note that cannot be written (full disk,
    read-only folder) is skipped: it only improves a message; the write says what went wrong."""
    note = project.with_name(f"{_prefix(project)}{os.getpid()}")
    try:
        note.write_text(json.dumps({"who": who, "action": action, "host": socket.gethostname()}), encoding="utf-8")
        written = True
    except OSError:
        written = False
    try:
        yield
    finally:
        if written:
            with suppress(OSError):
                note.unlink(missing_ok=True)


def other_writers(project: Path) -> list[str]:
    """'another Archwise window (import big.yaml)' for each other live Archwise process writing
    `project` now (on this machine; a note from another machine on a shared folder is named
    with its host). Notes of processes that are gone are removed."""
    found: list[str] = []
    try:
        notes = sorted(project.parent.glob(f"{_prefix(project)}*"))
    except OSError:
        return found
    host = socket.gethostname()
    for note in notes:
        suffix = note.name[len(_prefix(project)) :]
        if not suffix.isdigit() or int(suffix) == os.getpid():
            continue
        try:
            info = json.loads(note.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(info, dict):
            continue
        same_host = info.get("host") == host
        if same_host and not _alive(int(suffix)):
            note.unlink(missing_ok=True)
            continue
        where = "" if same_host else f" on {str(info.get('host'))[:40]}"
        who, action = str(info.get("who") or "Archwise process")[:40], str(info.get("action") or "writing")[:80]
        found.append(f"another {who}{where} ({action})")
    return found


__all__ = ["other_writers", "writing"]
