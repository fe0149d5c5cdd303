"""Every SQLite statement runs against a deadline.

A project file is data from elsewhere: a view over an endless recursive query, or a table
swapped for one by another program while the project is open, would otherwise hold the
calling thread forever. SQLite calls a progress handler every few thousand virtual-machine
steps; when the statement has run longer than its limit the handler answers "stop" and the
statement fails with `sqlite3.OperationalError: interrupted`, which the store words for the
user (see `project._project_error`).

Waiting for another writer's lock is not counted: SQLite does not step the VM while it waits
(that wait has its own bound, the busy timeout)."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

# How long one statement may run before it is stopped [s]. A 100,000-record import (the largest
# write measured, bench/) runs its one bulk INSERT in about 2 s; ten times that is still an
# answer a user waits for, not a frozen window.
QUERY_LIMIT_S = 20.0

# VM steps between two looks at the clock: about a millisecond of work, so the check costs
# nothing measurable and a stop comes within milliseconds of the deadline.
_STEPS = 10_000

_INTERRUPTED = "interrupted"


class Deadline:
    """A per-connection deadline, restarted before each statement (`restart`)."""

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        self._at = time.monotonic() + limit_s

    def restart(self) -> None:
        self._at = time.monotonic() + self.limit_s

    def passed(self) -> int:
        """The progress handler: non-zero stops the running statement."""
        return 1 if time.monotonic() > self._at else 0


def bound(con: sqlite3.Connection, limit_s: float = QUERY_LIMIT_S) -> Deadline:
    """Install a deadline on `con` (a plain sqlite3 connection) and return it; the deadline
    starts now: call `restart()` before each statement of a long-lived connection."""
    deadline = Deadline(limit_s)
    con.set_progress_handler(deadline.passed, _STEPS)
    return deadline


def bound_engine(engine: Any, limit_s: float = QUERY_LIMIT_S) -> None:
    """Bound every statement a SQLAlchemy engine runs: each pooled connection gets a deadline
    when it is opened, restarted before each statement."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _install(dbapi_con: sqlite3.Connection, record: Any) -> None:
        record.info["deadline"] = bound(dbapi_con, limit_s)

    @event.listens_for(engine, "before_cursor_execute")
    def _restart(conn: Any, *_: Any) -> None:
        deadline = conn.info.get("deadline")
        if deadline is not None:
            deadline.restart()


def was_stopped(exc: BaseException) -> bool:
    """True when `exc` (sqlite3's, or SQLAlchemy's wrapping it) is a statement stopped by its deadline."""
    text = str(getattr(exc, "orig", exc) or exc).lower()
    return _INTERRUPTED in text


__all__ = ["QUERY_LIMIT_S", "Deadline", "bound", "bound_engine", "was_stopped"]
