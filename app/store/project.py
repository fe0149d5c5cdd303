"""A project: one SQLite file holding the catalog, workloads and scenarios.

One transaction per action; every record is validated by the domain before it is written;
a file that cannot be used (not SQLite, corrupted, locked, read-only, from a newer Archwise)
raises ProjectError with one message that names the file and says what to do."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import create_engine, event, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app import __version__
from app.domain import CATALOG_KINDS, Catalog, DomainError, Model, Scenario, Sourced, Workload, parse, readable_errors
from app.domain.evaluation import EvalResult
from app.domain.portfolio import Portfolio
from app.domain.wording import with_article
from app.paths import CATALOG_DIR
from app.store import field_merge, io_formats, session_lock, shipped_stamp
from app.store.migrations import MIGRATIONS, migrate
from app.store.query_bound import QUERY_LIMIT_S, bound, bound_engine, was_stopped
from app.store.schema import (
    SCHEMA_VERSION,
    Base,
    EvaluationRow,
    Meta,
    PortfolioRow,
    RecordRow,
    ScenarioRow,
    WorkloadRow,
)
from app.store.schema_check import schema_mismatches
from app.store.writers import other_writers, writing

SQLITE_HEADER = b"SQLite format 3\x00"


class ProjectError(DomainError):
    """The project file cannot be used; the message names it and says what to do."""


class ProjectBusy(ProjectError):
    """A write refused because another process held the file's write lock past the timeout;
    the message says who when it is another Archwise window or command. Nothing was written:
    the same write may simply be tried again."""


class ProjectInUse(ProjectError):
    """The project is open in another Archwise window or held by a command that writes it (its
    session lock); the message says which. Nothing was opened or changed."""


class RecordChanged(DomainError):
    """An edit refused because the stored record changed since it was read; `current` is the
    record as stored now (None: deleted, or no longer readable); `records`, when given, are all
    records of the kind as stored now (a record renamed elsewhere is among them under its new
    name), for a view to show the file instead of guessing."""

    def __init__(self, message: str, current: Sourced | None, records: list[Sourced] | None = None) -> None:
        super().__init__(message)
        self.current = current
        self.records = records


class ScenarioChanged(DomainError):
    """A scenario edit refused because another window or command changed one of the edited
    fields (or renamed or deleted the scenario) since it was read; nothing was written.
    `current` is the scenario as stored now (None: gone, or no longer readable)."""

    def __init__(self, message: str, current: Scenario | None) -> None:
        super().__init__(message)
        self.current = current


@dataclass
class MergeReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept_user_edits: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.kept_user_edits)} of your edits kept, "
            f"{self.unchanged} unchanged"
        )


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.added)} added, {len(self.replaced)} replaced"


def digest(record: Sourced) -> str:
    """A stable fingerprint of a record's content (user_modified aside)."""
    data = record.model_dump(mode="json", exclude={"user_modified"})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _dump(record) -> str:
    return record.model_dump_json(exclude_defaults=False)


# How long a connection waits for another writer's lock before the user is told [s].
BUSY_TIMEOUT_S = 2.0


class Project:
    def __init__(
        self, path: Path, engine, busy_timeout_s: float = BUSY_TIMEOUT_S, query_limit_s: float = QUERY_LIMIT_S
    ) -> None:
        self.path = path
        self._engine = engine
        self._busy_timeout_s = busy_timeout_s
        self.query_limit_s = query_limit_s  # any one statement running longer is stopped [s]
        # How long a write waits for another writer's lock [s]; None: busy_timeout_s. The window
        # sets it short, so its (GUI) thread never waits long: a refused write is said and undone.
        self.write_timeout_s: float | None = None
        # who this process is, for the note another writer reads when this one holds the lock
        self.writer = "archwise command"
        self._catalog: Catalog | None = None
        # invalid records set aside by the last catalog() read, named: the rest of the project works
        self.quarantined: list[str] = []
        # one-line notes for whoever opened it (the CLI prints them on stderr, the window in its status
        # bar): e.g. that the shipped catalog was merged in on opening
        self.notes: list[str] = []
        self._session_lock: session_lock.SessionLock | None = None  # held while open, when asked for

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        path: str | os.PathLike,
        create: bool = False,
        catalog_dir: Path = CATALOG_DIR,
        busy_timeout_s: float = BUSY_TIMEOUT_S,
        read_only: bool = False,
        query_limit_s: float = QUERY_LIMIT_S,
        session: str | None = None,
    ) -> Project:
        """The project at `path`. `read_only`: for work that only reads (list, show, export,
        size): it does not take the write lock to open, so it never waits on a writer (WAL
        readers run beside one); such a Project must not be written through. `query_limit_s`:
        any one statement running longer is stopped and said (a hostile or damaged file) [s].
        `session` ("Archwise window", "archwise command"): hold the project's session lock as
        that while it is open (see session_lock); ProjectInUse, nothing opened or changed, when
        another process holds it."""
        p = Path(path).expanduser()
        if session is None:
            return cls._open(p, create, catalog_dir, busy_timeout_s, read_only, query_limit_s)
        try:
            lock = session_lock.hold(p, session)
        except session_lock.InUse as exc:
            raise ProjectInUse(
                f"{p} is open in {exc.holder}. One Archwise window or command changes a project at a time, "
                "so it was not opened here and nothing was changed: close it there and try again, or "
                "open another project file."
            ) from None
        try:
            project = cls._open(p, create, catalog_dir, busy_timeout_s, read_only, query_limit_s)
        except BaseException:
            session_lock.release(lock)
            raise
        if lock is None:  # its folder was made just now: the lock file can be made beside it now
            try:
                lock = session_lock.hold(p, session)
            except session_lock.InUse:  # another opened the new file in between: it holds it; so do we not
                lock = None
        project._session_lock = lock
        return project

    @classmethod
    def _open(
        cls,
        p: Path,
        create: bool,
        catalog_dir: Path,
        busy_timeout_s: float,
        read_only: bool,
        query_limit_s: float,
    ) -> Project:
        if not p.exists():
            if not create:
                raise ProjectError(f"{p}: no such project file. Choose another file or create a new project.")
            return cls._create(p, catalog_dir)
        cls._check_file(p)
        version = cls._schema_version(p, busy_timeout_s, query_limit_s)
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"{p} was written by a newer Archwise (project schema {version}; Archwise {__version__} reads "
                f"schema {SCHEMA_VERSION} and older). It was not opened and is unchanged. Update Archwise, or "
                "open another project."
            )
        if version < SCHEMA_VERSION:
            cls._migrate(p, version)
            cls._schema_version(p, busy_timeout_s, query_limit_s)  # the upgraded tables are checked too
        project = cls(p, _engine_for(p, busy_timeout_s, query_limit_s), busy_timeout_s, query_limit_s)
        project._check_writable(lock=not read_only)
        return project

    @classmethod
    def _create(cls, p: Path, catalog_dir: Path) -> Project:
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProjectError(f"{p}: cannot create its folder ({exc.strerror}). Choose a writable folder.") from None
        # seed into a temporary file and rename it into place: a failed seed leaves nothing behind
        try:
            fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
            os.close(fd)
        except OSError as exc:
            raise ProjectError(f"{p}: cannot be created ({exc.strerror or exc}). Choose a writable folder.") from None
        tmp_path = Path(tmp)
        try:
            engine = _engine_for(tmp_path)
            Base.metadata.create_all(engine)
            project = cls(tmp_path, engine)
            shipped = io_formats.read_catalog_dir(catalog_dir)
            with project._session("create the project") as s:
                s.add(Meta(key="schema_version", value=str(SCHEMA_VERSION)))
                s.add(Meta(key=shipped_stamp.META_KEY, value=shipped_stamp.stamp(catalog_dir)))
                # One bulk INSERT (executemany), not an ORM object per record: the first start
                # seeds ~160 records before the window shows them.
                s.execute(
                    insert(RecordRow),
                    [
                        dict(
                            kind=kind,
                            name=r.name,
                            name_key=r.name.casefold(),
                            data=_dump(r),
                            user_modified=False,
                            shipped_digest=digest(r),
                        )
                        for kind, records in shipped.items()
                        for r in records
                    ],
                )
            engine.dispose()
            os.replace(tmp_path, p)
        except BaseException as exc:
            for suffix in ("", "-wal", "-shm"):
                Path(str(tmp_path) + suffix).unlink(missing_ok=True)
            if isinstance(exc, (OSError, sqlite3.Error, SQLAlchemyError)):
                raise _project_error(p, "be created", exc) from None
            raise
        project = cls(p, _engine_for(p))
        project._catalog = Catalog(**shipped)  # what was just written, in the same order: no read-back
        return project

    @staticmethod
    def _check_file(p: Path) -> None:
        try:
            with open(p, "rb") as fh:
                header = fh.read(16)
        except OSError as exc:
            raise ProjectError(f"{p}: cannot be read ({exc.strerror}). Check its permissions.") from None
        if header != SQLITE_HEADER:
            raise ProjectError(
                f"{p} is not an Archwise project (not an SQLite file, or corrupted). "
                f"Open another file or create a new project."
            )

    @staticmethod
    def _schema_version(p: Path, busy_timeout_s: float = BUSY_TIMEOUT_S, query_limit_s: float = QUERY_LIMIT_S) -> int:
        # Read-only, and without a live write-ahead log also immutable: a read-only connection to a
        # WAL-mode file otherwise leaves -wal and -shm files beside it, even when it is then refused.
        live_wal = Path(f"{p}-wal").exists()
        uri = f"{p.resolve().as_uri()}?mode=ro" + ("" if live_wal else "&immutable=1")
        try:
            con = sqlite3.connect(uri, uri=True, timeout=busy_timeout_s)
            bound(con, query_limit_s)  # the whole check: a hostile file must not hold the opening forever
            try:
                foreign = con.execute(
                    "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"
                ).fetchall()
                if foreign:  # checked before any write: a planted trigger fires on the first one
                    raise ProjectError(
                        f"{p} contains {', '.join(f'{with_article(t)} {n!r}' for t, n in foreign[:3])}"
                        f"{' and more' if len(foreign) > 3 else ''}, which Archwise never creates: a file from "
                        "elsewhere could use them to change or hide data, so it was not opened. Ask its author "
                        "for a clean copy, or import its records from an export."
                    )
                known = set(Base.metadata.tables) | {i.name for t in Base.metadata.tables.values() for i in t.indexes}
                present = con.execute("SELECT type, name FROM sqlite_master ORDER BY name").fetchall()
                extra = [
                    f"{with_article(t)} {n!r}"
                    for t, n in present
                    if n not in known and not (t == "index" and str(n).startswith("sqlite_autoindex_"))
                ]
                # only Archwise's tables and indices (a file without them is not a project at all)
                if extra and {"meta", "records"} <= {n for _, n in present}:
                    raise ProjectError(
                        f"{p} contains {', '.join(extra[:3])}{' and more' if len(extra) > 3 else ''}, which "
                        "Archwise never creates, so it was not opened. Ask its author for a clean copy, or "
                        "import its records from an export."
                    )
                row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                con.execute("SELECT count(*) FROM records").fetchone()
                if row is not None and str(row[0]) == str(SCHEMA_VERSION):
                    # tables of Archwise's names must also be Archwise's: columns, types, unique rules
                    # (an older schema is checked after its upgrade)
                    mismatches = schema_mismatches(con)
                    if mismatches:
                        raise ProjectError(
                            f"{p} has tables that are not Archwise's ({'; '.join(mismatches[:3])}"
                            f"{'; and more' if len(mismatches) > 3 else ''}), so it was not opened and is unchanged. "
                            "Ask its author for a clean copy, or import its records from an export."
                        )
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            if was_stopped(exc):
                raise _project_error(p, "be opened", exc, query_limit_s) from None
            raise ProjectError(
                f"{p} is not a readable Archwise project ({exc}). Open another file or create a new project."
            ) from None
        if row is None or not str(row[0]).isdigit():
            raise ProjectError(f"{p} has no schema version: not an Archwise project. Open another file.")
        return int(row[0])

    @staticmethod
    def _migrate(p: Path, version: int) -> None:
        if version not in MIGRATIONS:
            raise ProjectError(f"{p} has schema {version}, which this Archwise cannot upgrade. Open another file.")
        if not os.access(p, os.W_OK):
            raise ProjectError(f"{p} needs upgrading but is read-only. Copy it to a writable folder and open the copy.")
        backup = p.with_name(f"{p.name}.v{version}.bak")
        shutil.copy2(p, backup)
        con = sqlite3.connect(p, timeout=BUSY_TIMEOUT_S)
        bound(con)
        try:
            migrate(con, version, SCHEMA_VERSION)
        except sqlite3.DatabaseError as exc:
            raise ProjectError(
                f"{p} could not be upgraded ({exc}); it is unchanged and a copy is at {backup}."
            ) from None
        finally:
            con.close()

    def _check_writable(self, lock: bool = True) -> None:
        # the mode bits too: root may write anywhere, but a file marked read-only means "do not"
        if not os.access(self.path, os.W_OK) or not self.path.stat().st_mode & 0o200:
            self.close()
            raise ProjectError(f"{self.path} is read-only. Copy it to a writable folder, or use File → Save As.")
        folder = self.path.parent
        if not os.access(folder, os.W_OK) or not folder.stat().st_mode & 0o222:  # no one may write there
            # SQLite writes its journal beside the file: a read-only folder makes every edit fail
            self.close()
            raise ProjectError(
                f"{self.path} is in a read-only folder ({folder}), where no change can be saved. "
                "Copy it to a writable folder and open the copy."
            )
        if not lock:
            return
        try:  # take and release the write lock: a file another program holds fails here, not mid-edit
            con = sqlite3.connect(self.path, timeout=self._busy_timeout_s, isolation_level=None)
            try:
                con.execute("BEGIN IMMEDIATE")
                con.execute("ROLLBACK")
            finally:
                con.close()
        except sqlite3.Error as exc:
            self.close()
            raise _project_error(self.path, "open", exc, self.query_limit_s) from None

    # ------------------------------------------------------------------ transactions
    @contextmanager
    def _session(self, action: str, touches_catalog: bool = True):
        """One transaction; `touches_catalog=False` (scenarios, settings) keeps the parsed catalog."""
        try:
            with writing(self.path, self.writer, action), Session(self._engine) as s, s.begin():
                wait_s = self._busy_timeout_s if self.write_timeout_s is None else self.write_timeout_s
                s.connection().exec_driver_sql(f"PRAGMA busy_timeout = {int(wait_s * 1000)}")
                yield s
        except DomainError:
            raise
        except SQLAlchemyError as exc:
            raise _project_error(self.path, action, exc, self.query_limit_s) from None
        finally:
            if touches_catalog:
                self._catalog = None

    # ------------------------------------------------------------------ catalog
    def catalog(self) -> Catalog:
        if self._catalog is None:
            kinds: dict[str, list] = {k: [] for k in CATALOG_KINDS}
            try:
                with Session(self._engine) as s:
                    rows = s.execute(select(RecordRow.kind, RecordRow.data).order_by(RecordRow.id)).all()
            except SQLAlchemyError as exc:
                raise _project_error(self.path, "read the catalog", exc, self.query_limit_s) from None
            quarantined = []
            for kind, data in rows:
                if kind in kinds:
                    try:
                        kinds[kind].append(CATALOG_KINDS[kind].model_validate_json(data))
                    except ValueError as exc:  # pydantic's ValidationError is one
                        quarantined.append(_quarantine_note(kind, data, exc))
            self.quarantined = quarantined
            self._catalog = Catalog(**kinds)
        return self._catalog

    def records(self, kind: str) -> list[Sourced]:
        return list(self.catalog().records(io_formats.check_kind(kind)))

    def upsert(self, kind: str, record: Sourced) -> None:
        """Insert or replace (by case-insensitive name) a record the user wrote or edited."""
        cls = CATALOG_KINDS[io_formats.check_kind(kind)]
        if not isinstance(record, cls):
            record = parse(cls, record if isinstance(record, dict) else record.model_dump())
        record = record.model_copy(update={"user_modified": True})
        with self._session(f"save {record.name}") as s:
            self._put(s, kind, record)

    @staticmethod
    def _put(s: Session, kind: str, record: Sourced) -> bool:
        """Write one record; True when it replaced an existing one."""
        row = s.scalar(select(RecordRow).where(RecordRow.kind == kind, RecordRow.name_key == record.name.casefold()))
        if row is None:
            s.add(
                RecordRow(
                    kind=kind, name=record.name, name_key=record.name.casefold(), data=_dump(record), user_modified=True
                )
            )
            return False
        row.name, row.data, row.user_modified = record.name, _dump(record), True
        return True

    def replace(self, kind: str, old_name: str, record: Sourced, read: Sourced | None = None) -> Sourced:
        """Store `record` in place of the record named `old_name` (an edit, possibly a rename) in
        one transaction and return the record as stored; DomainError when another record of the
        kind already has the new name (names are unique per kind, any capitalisation), and
        nothing is written.

        `read`: the record as the caller read it. Then only the fields where `record` differs
        from `read` are written (a change made meanwhile to other fields is kept), and when the
        stored record no longer equals `read` in those fields, or was deleted (another window or
        an `archwise` command changed it), RecordChanged is raised and nothing is written. A
        record that equals its shipped version again is no longer marked as edited by the user,
        so catalog updates keep reaching it."""
        cls = CATALOG_KINDS[io_formats.check_kind(kind)]
        if not isinstance(record, cls):
            record = parse(cls, record if isinstance(record, dict) else record.model_dump())
        with self._session(f"save {record.name}") as s:
            row = s.scalar(select(RecordRow).where(RecordRow.kind == kind, RecordRow.name_key == old_name.casefold()))
            if record.name.casefold() != old_name.casefold():
                clash = s.scalar(
                    select(RecordRow.name).where(RecordRow.kind == kind, RecordRow.name_key == record.name.casefold())
                )
                if clash is not None:  # the table shows the file: the name may have been taken meanwhile
                    raise RecordChanged(
                        f"a record named '{clash}' already exists in {kind.replace('_', ' ')}; names are unique",
                        None,
                        self._stored(s, kind),
                    )
            if read is not None:
                record = self._rebase(s, kind, cls, row, read, record)
            if row is None:
                record = record.model_copy(update={"user_modified": True})
                self._put(s, kind, record)
                return record
            shipped = row.shipped_digest is not None and digest(record) == row.shipped_digest
            record = record.model_copy(update={"user_modified": not shipped})
            row.name, row.name_key, row.data, row.user_modified = (
                record.name,
                record.name.casefold(),
                _dump(record),
                not shipped,
            )
            return record

    @staticmethod
    def _stored(s: Session, kind: str) -> list[Sourced]:
        """Every readable record of `kind` as the transaction sees it (invalid ones left out, as catalog() does)."""
        cls = CATALOG_KINDS[kind]
        out: list[Sourced] = []
        for data in s.scalars(select(RecordRow.data).where(RecordRow.kind == kind).order_by(RecordRow.id)):
            try:
                out.append(cls.model_validate_json(data))
            except ValueError:
                continue
        return out

    @staticmethod
    def _rebase(s: Session, kind: str, cls: type, row: RecordRow | None, read: Sourced, record: Sourced) -> Sourced:
        """`record`'s changes from `read` applied to the stored row; RecordChanged when the row
        is gone or another writer changed one of those fields since `read`."""
        label = kind.replace("_", " ")
        if row is None:
            raise RecordChanged(
                f"{read.name} was deleted or renamed in {label} since this window read it (by another window or an "
                "archwise command); your edit was not saved and the table now shows the file",
                None,
                Project._stored(s, kind),
            )
        before = read.model_dump(mode="json", exclude={"user_modified"})
        after = record.model_dump(mode="json", exclude={"user_modified"})
        changed = [k for k in after if after[k] != before.get(k)]
        try:
            stored = cls.model_validate_json(row.data)
        except ValueError:
            stored = None
        now = stored.model_dump(mode="json", exclude={"user_modified"}) if stored is not None else {}
        moved = [k for k in changed if now.get(k) != before.get(k)]
        if stored is None or moved:
            raise RecordChanged(
                f"{read.name} was changed in {label} since this window read it (by another window or an "
                f"archwise command: {', '.join(f.replace('_', ' ') for f in moved) or 'unreadable'}); your "
                "edit was not saved and the table now shows the file. Make the edit again if you still want it",
                stored,
                Project._stored(s, kind),
            )
        data = dict(now)
        data.update({k: after[k] for k in changed})
        return parse(cls, data)

    def insert(self, kind: str, record: Sourced) -> Sourced:
        """Add a new record (the window's Add, Duplicate, and undo of a delete) and return it as
        stored. Unlike upsert it never replaces: when a record of that name (any capitalisation)
        exists, added meanwhile by another window or an `archwise` command, RecordChanged names it
        and nothing is written."""
        cls = CATALOG_KINDS[io_formats.check_kind(kind)]
        if not isinstance(record, cls):
            record = parse(cls, record if isinstance(record, dict) else record.model_dump())
        record = record.model_copy(update={"user_modified": True})
        with self._session(f"add {record.name}") as s:
            taken = s.scalar(
                select(RecordRow.data).where(RecordRow.kind == kind, RecordRow.name_key == record.name.casefold())
            )
            if taken is not None:
                try:
                    current: Sourced | None = cls.model_validate_json(taken)
                except ValueError:
                    current = None
                raise RecordChanged(
                    f"a record named '{current.name if current else record.name}' already exists in "
                    f"{kind.replace('_', ' ')} (added by another window or an archwise command); {record.name} was "
                    "not added and the table now shows the file",
                    current,
                    self._stored(s, kind),
                )
            self._put(s, kind, record)
        return record

    def delete(self, kind: str, name: str, read: Sourced | None = None) -> None:
        """Delete the record named `name` (any capitalisation). `read`: the record as the caller
        read it; then the delete is refused with RecordChanged (and nothing is written) when the
        stored record no longer equals it, or is gone (changed, renamed or deleted meanwhile by
        another window or an `archwise` command): a user deletes what they saw, nothing else."""
        io_formats.check_kind(kind)
        label = kind.replace("_", " ")
        with self._session(f"delete {name}") as s:
            row = s.scalar(select(RecordRow).where(RecordRow.kind == kind, RecordRow.name_key == name.casefold()))
            if row is None and read is not None:
                raise RecordChanged(
                    f"{name} was deleted or renamed in {label} since this window read it (by another window or an "
                    "archwise command); nothing was deleted and the table now shows the file",
                    None,
                    self._stored(s, kind),
                )
            if row is None:
                raise DomainError(f"no {kind[:-1].replace('_', ' ')} named '{name}' in {self.path.name}")
            if read is not None:
                try:
                    stored: Sourced | None = CATALOG_KINDS[kind].model_validate_json(row.data)
                except ValueError:
                    stored = None
                seen = read.model_dump(mode="json", exclude={"user_modified"})
                now = stored.model_dump(mode="json", exclude={"user_modified"}) if stored is not None else {}
                moved = [k for k in seen if now.get(k) != seen[k]]
                if moved:
                    raise RecordChanged(
                        f"{name} was changed in {label} since this window read it (by another window or an archwise "
                        f"command: {', '.join(f.replace('_', ' ') for f in moved)}); it was not deleted and the "
                        "table now shows the file. Delete it again if you still want it gone",
                        stored,
                        self._stored(s, kind),
                    )
            s.delete(row)

    def merge_catalog(self, catalog_dir: Path = CATALOG_DIR, dry_run: bool = False) -> MergeReport:
        """Bring in a newer shipped catalog: new records are added, shipped records the user never
        edited are updated, the user's edits are kept as they are; the project remembers which
        shipped catalog it took (`shipped_catalog_unseen`). `dry_run`: what a merge would do,
        nothing written."""
        report = MergeReport()
        records_of = io_formats.read_catalog_dir(catalog_dir)
        try:
            # a dry run only reads: no write lock, no writer's note, nothing to commit
            with Session(self._engine) if dry_run else self._session("merge the catalog") as s:
                # one read of the rows, not a query per shipped record
                rows = {(row.kind, row.name_key): row for row in s.scalars(select(RecordRow))}
                for kind, records in records_of.items():
                    for r in records:
                        d = digest(r)
                        row = rows.get((kind, r.name.casefold()))
                        if row is None:
                            if not dry_run:
                                s.add(
                                    RecordRow(
                                        kind=kind,
                                        name=r.name,
                                        name_key=r.name.casefold(),
                                        data=_dump(r),
                                        user_modified=False,
                                        shipped_digest=d,
                                    )
                                )
                            report.added.append(f"{kind}: {r.name}")
                        elif row.user_modified:
                            report.kept_user_edits.append(f"{kind}: {r.name}")
                        elif row.shipped_digest != d:
                            if not dry_run:
                                row.data, row.shipped_digest, row.name = _dump(r), d, r.name
                            report.updated.append(f"{kind}: {r.name}")
                        else:
                            report.unchanged += 1
                if not dry_run:
                    s.merge(Meta(key=shipped_stamp.META_KEY, value=shipped_stamp.stamp(catalog_dir)))
        except SQLAlchemyError as exc:  # a dry run's reads (the merge's session says its own)
            raise _project_error(self.path, "compare with the shipped catalog", exc, self.query_limit_s) from None
        return report

    def shipped_catalog_unseen(self, catalog_dir: Path = CATALOG_DIR) -> bool:
        """True when `catalog_dir` (this release's shipped catalog) is not the one this project was
        created or last merged from (one read of the meta table and of the catalog files' bytes)."""
        try:
            with Session(self._engine) as s:
                stored = s.scalar(select(Meta.value).where(Meta.key == shipped_stamp.META_KEY))
        except SQLAlchemyError as exc:
            raise _project_error(self.path, "read the meta table", exc, self.query_limit_s) from None
        return shipped_stamp.is_unseen(stored, catalog_dir)

    # ------------------------------------------------------------------ import / export
    def import_file(self, path: str | os.PathLike) -> ImportReport:
        """Every record of the file validated first, then all written in one transaction."""
        pairs = io_formats.read_records(path)
        self._check_references(pairs, Path(path).name)
        # everything but the writing is done before the transaction: the lock is held only for
        # one read of the rows it may replace and one bulk INSERT of the new ones (not a SELECT
        # and an ORM object per record)
        prepared = [
            (kind, record.name, record.name.casefold(), _dump(record.model_copy(update={"user_modified": True})))
            for kind, record in pairs
        ]
        report = ImportReport()
        with self._session(f"import {Path(path).name}") as s:
            kinds = sorted({kind for kind, _ in pairs})
            existing = {(r.kind, r.name_key): r for r in s.scalars(select(RecordRow).where(RecordRow.kind.in_(kinds)))}
            new_rows: dict[tuple[str, str], dict[str, object]] = {}
            for kind, name, name_key, data in prepared:
                key = (kind, name_key)
                row = existing.get(key)
                if row is not None:
                    row.name, row.data, row.user_modified = name, data, True
                    replaced = True
                else:
                    replaced = key in new_rows  # the file names it twice: the later one wins
                    new_rows[key] = dict(kind=kind, name=name, name_key=name_key, data=data, user_modified=True)
                (report.replaced if replaced else report.added).append(f"{kind}: {name}")
            if new_rows:
                s.execute(RecordRow.__table__.insert(), list(new_rows.values()))  # Core executemany
        return report

    def _check_references(self, pairs: list[tuple[str, Sourced]], file_name: str) -> None:
        """Each instance of an import names an accelerator of the project or of the same file; else
        DomainError naming the record and the closest accelerators (before anything is written)."""
        instances = [(n, r) for n, (kind, r) in enumerate(pairs, 1) if kind == "instances"]
        if not instances:
            return
        ours = [r for kind, r in pairs if kind == "accelerators"]
        catalog = self.catalog().merged_with(accelerators=ours) if ours else self.catalog()
        for n, r in instances:
            try:
                catalog.accelerator(getattr(r, "accelerator", ""))
            except DomainError as exc:
                raise DomainError(f"{file_name}: record {n} ({r.name}): {exc}") from None

    def export(self, kind: str, path: str | os.PathLike) -> Path:
        fmt = io_formats.format_of(Path(path))
        return io_formats.write_atomic(path, io_formats.render(kind, self.records(kind), fmt))

    def import_hf_config(self, path: str | os.PathLike, name: str | None = None) -> Model:
        """A model from a Hugging Face config.json (offline: the user points at the file)."""
        p = Path(path)
        try:
            config = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DomainError(f"{p}: no such file") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DomainError(f"{p.name}: not a readable JSON file ({exc})") from None
        if not isinstance(config, dict):
            raise DomainError(f"{p.name}: a config.json holds a JSON object")
        from app.store.hf_config import model_from_config

        default = str(config.get("_name_or_path") or "").rstrip("/").split("/")[-1] or (
            p.parent.name if p.parent.name else p.stem
        )
        model = model_from_config(config, name or default, f"Hugging Face config.json imported from {p.name}")
        self.upsert("models", model)
        return model

    # ------------------------------------------------------------------ workloads and scenarios
    # ------------------------------------------------------------------ own evaluations
    def evaluations(self) -> list[EvalResult]:
        """The team's evaluation results, in import order; an unreadable row is set aside."""
        try:
            with Session(self._engine) as s:
                rows = s.scalars(select(EvaluationRow.data).order_by(EvaluationRow.id)).all()
        except SQLAlchemyError as exc:
            raise _project_error(self.path, "read the evaluations", exc) from None
        out = []
        for data in rows:
            try:
                out.append(EvalResult.model_validate_json(data))
            except ValueError:
                continue
        return out

    def add_evaluations(self, results: list[EvalResult]) -> tuple[int, int]:
        """Write validated results in one transaction: (added, replaced). A result with the same
        model, task, metric and quantisation as a stored one replaces it."""
        added = replaced = 0
        with self._session("import evaluations", touches_catalog=False) as s:
            existing = {
                (r.model_key, r.task_key, r.metric_key, r.quant_key): r for r in s.scalars(select(EvaluationRow))
            }
            for res in results:
                row = existing.get(res.key)
                if row is not None:
                    row.data = res.model_dump_json()
                    replaced += 1
                else:
                    row = EvaluationRow(
                        model_key=res.key[0],
                        task_key=res.key[1],
                        metric_key=res.key[2],
                        quant_key=res.key[3],
                        data=res.model_dump_json(),
                    )
                    s.add(row)
                    existing[res.key] = row
                    added += 1
        return added, replaced

    def workload_templates(self, catalog_dir: Path = CATALOG_DIR) -> list[Workload]:
        path = catalog_dir / "workloads.yaml"
        if not path.exists():
            return []
        import yaml

        data = yaml.load(path.read_text(encoding="utf-8"), Loader=io_formats.YAML_LOADER) or {}
        return [parse(Workload, r, what=f"workloads.yaml: {r.get('name', '?')}") for r in data.get("records", [])]

    def workloads(self) -> list[Workload]:
        return self._named(WorkloadRow, Workload)

    def save_workload(self, workload: Workload, old_name: str | None = None) -> None:
        self._save_named(WorkloadRow, workload, old_name)

    def delete_workload(self, name: str) -> None:
        self._delete_named(WorkloadRow, name)

    def scenarios(self) -> list[Scenario]:
        return self._named(ScenarioRow, Scenario)

    def save_scenario(self, scenario: Scenario, old_name: str | None = None, read: Scenario | None = None) -> Scenario:
        """Store `scenario` in place of the one named `old_name` (None: add it) and return it as
        stored. `read`: the scenario as the caller read it; then only the fields where `scenario`
        differs from `read` are written onto the stored record (another window's change to other
        fields is kept), and ScenarioChanged is raised, nothing written, when the stored record
        was renamed, deleted or changed in one of those fields since `read`."""
        if read is None or old_name is None:
            self._save_named(ScenarioRow, scenario, old_name)
            return scenario
        with self._session(f"save {scenario.name}", touches_catalog=False) as s:
            row = s.scalar(select(ScenarioRow).where(ScenarioRow.name == old_name))
            if row is None:
                raise ScenarioChanged(
                    f"Scenario '{old_name}' was renamed or deleted by another window or an archwise command since "
                    "this window read it; your edit was not saved. The list now shows the file",
                    None,
                )
            before, after = read.model_dump(mode="json"), scenario.model_dump(mode="json")
            changed = field_merge.changed_fields(before, after)
            try:  # as this version reads it: a field an older version did not write has its default
                stored: Scenario | None = Scenario.model_validate_json(row.data)
            except ValueError:
                stored = None
            now = stored.model_dump(mode="json") if stored is not None else {}
            moved = [f for f in changed if field_merge.value_at(now, f) != field_merge.value_at(before, f)]
            if stored is None or moved:
                fields = ", ".join(dict.fromkeys(field_merge.field_label(f) for f in moved)) or "unreadable"
                raise ScenarioChanged(
                    f"Scenario '{old_name}' was changed by another window or an archwise command since this window "
                    f"read it ({fields}); your edit was not saved and the scenario was read again from the file. "
                    "Make the edit again if you still want it",
                    stored,
                )
            try:
                merged = Scenario.model_validate(field_merge.applied(now, after, changed))
            except ValidationError as exc:
                raise DomainError(f"scenario '{scenario.name}': {readable_errors(exc)}") from None
            clash = s.scalar(select(ScenarioRow).where(ScenarioRow.name == merged.name))
            if clash is not None and clash is not row:
                raise DomainError(f"a scenario named '{merged.name}' already exists")
            row.name, row.data = merged.name, merged.model_dump_json()
            return merged

    def delete_scenario(self, name: str) -> None:
        self._delete_named(ScenarioRow, name)

    def scenario_names(self) -> list[str]:
        """The saved scenarios' names in the order they were created (no record is parsed)."""
        try:
            with Session(self._engine) as s:
                return list(s.scalars(select(ScenarioRow.name).order_by(ScenarioRow.id)))
        except SQLAlchemyError as exc:
            raise _project_error(self.path, "read scenarios", exc, self.query_limit_s) from None

    def scenario(self, name: str) -> Scenario:
        """One saved scenario by its exact name; DomainError when there is none."""
        try:
            with Session(self._engine) as s:
                data = s.scalar(select(ScenarioRow.data).where(ScenarioRow.name == name))
        except SQLAlchemyError as exc:
            raise _project_error(self.path, f"read scenario {name}", exc, self.query_limit_s) from None
        if data is None:
            raise DomainError(f"no scenario named '{name}' in {self.path.name}")
        return _stored_item(Scenario, data, f"scenario '{name}'", self.path)

    # ------------------------------------------------------------------ fleet portfolios
    def portfolio_names(self) -> list[str]:
        """The saved portfolios' names in the order they were created (no record is parsed)."""
        try:
            with Session(self._engine) as s:
                return list(s.scalars(select(PortfolioRow.name).order_by(PortfolioRow.id)))
        except SQLAlchemyError as exc:
            raise _project_error(self.path, "read portfolios", exc, self.query_limit_s) from None

    def portfolios(self) -> list[Portfolio]:
        """Every readable saved portfolio, oldest first (an unreadable one is named when opened)."""
        return self._named(PortfolioRow, Portfolio)

    def portfolio(self, name: str) -> Portfolio:
        """One saved portfolio by its name (case ignored when no exact match); DomainError when
        there is none (naming the saved ones) or when its record holds values Archwise refuses."""
        names: list[str] = []
        try:
            with Session(self._engine) as s:
                data = s.scalar(select(PortfolioRow.data).where(PortfolioRow.name == name))
                if data is None:
                    rows = s.execute(select(PortfolioRow.name, PortfolioRow.data)).all()
                    same = [d for n, d in rows if n.casefold() == name.strip().casefold()]
                    data = same[0] if len(same) == 1 else None
                    names = [n for n, _ in rows]
        except SQLAlchemyError as exc:
            raise _project_error(self.path, f"read portfolio {name}", exc, self.query_limit_s) from None
        if data is None:
            saved = f"saved: {', '.join(names[:8])}{' ...' if len(names) > 8 else ''}" if names else "none is saved"
            raise DomainError(f"no portfolio named '{name}' in {self.path.name} ({saved})")
        return _stored_item(Portfolio, data, f"portfolio '{name}'", self.path)

    def save_portfolio(self, portfolio: Portfolio, old_name: str | None = None, replace: bool = False) -> None:
        """Write `portfolio` in one transaction. `old_name`: the saved portfolio it replaces (a
        rename when the names differ; DomainError when there is none). Without it a new record,
        refused when another holds the same name (case ignored) unless `replace`."""
        with self._session(f"save portfolio {portfolio.name}", touches_catalog=False) as s:
            rows = list(s.scalars(select(PortfolioRow)))
            row = None
            if old_name is not None:
                row = next((r for r in rows if r.name == old_name), None)
                if row is None:
                    raise DomainError(f"no portfolio named '{old_name}' in {self.path.name}")
            key = portfolio.name.casefold()
            clash = next((r for r in rows if r.name.casefold() == key and r is not row), None)
            if clash is not None:
                if not replace or old_name is not None:
                    raise DomainError(f"a portfolio named '{clash.name}' already exists")
                row = clash
            data = portfolio.model_dump_json()
            if row is None:
                s.add(PortfolioRow(name=portfolio.name, data=data))
            else:
                row.name, row.data = portfolio.name, data

    def delete_portfolio(self, name: str) -> None:
        """Remove the saved portfolio `name` (exact) in one transaction; DomainError when none."""
        with self._session(f"delete portfolio {name}", touches_catalog=False) as s:
            row = s.scalar(select(PortfolioRow).where(PortfolioRow.name == name))
            if row is None:
                raise DomainError(f"no portfolio named '{name}' in {self.path.name}")
            s.delete(row)

    # ------------------------------------------------------------------ small project settings
    def setting(self, key: str) -> str | None:
        """A project-level setting (e.g. the scenario last opened), kept in the meta table."""
        try:
            with Session(self._engine) as s:
                return s.scalar(select(Meta.value).where(Meta.key == f"setting.{key}"))
        except SQLAlchemyError as exc:
            raise _project_error(self.path, "read its settings", exc, self.query_limit_s) from None

    def set_setting(self, key: str, value: str | None) -> None:
        self.set_settings({key: value})

    def set_settings(self, values: Mapping[str, str | None]) -> None:
        """Several project settings in one transaction (all kept or none); None removes a key."""
        with self._session("save its settings", touches_catalog=False) as s:
            for key, value in values.items():
                row = s.get(Meta, f"setting.{key}")
                if value is None:
                    if row is not None:
                        s.delete(row)
                elif row is None:
                    s.add(Meta(key=f"setting.{key}", value=value))
                else:
                    row.value = value

    def _named(self, table, cls) -> list:
        """Every readable item of `table`; one that is not (a value outside its range, a damaged
        record) is left out here and named when it is opened by name (see `scenario`)."""
        try:
            with Session(self._engine) as s:
                stored = list(s.scalars(select(table.data).order_by(table.id)))
        except SQLAlchemyError as exc:
            raise _project_error(self.path, f"read {table.__tablename__}", exc, self.query_limit_s) from None
        items = []
        for data in stored:
            try:
                items.append(cls.model_validate_json(data))
            except ValueError:  # pydantic's ValidationError is one
                continue
        return items

    def _save_named(self, table, item, old_name: str | None) -> None:
        with self._session(f"save {item.name}", touches_catalog=False) as s:
            row = s.scalar(select(table).where(table.name == (old_name or item.name)))
            clash = s.scalar(select(table).where(table.name == item.name))
            if clash is not None and clash is not row:
                raise DomainError(f"{with_article(table.__tablename__[:-1])} named '{item.name}' already exists")
            if row is None:
                s.add(table(name=item.name, data=item.model_dump_json()))
            else:
                row.name, row.data = item.name, item.model_dump_json()

    def _delete_named(self, table, name: str) -> None:
        with self._session(f"delete {name}", touches_catalog=False) as s:
            row = s.scalar(select(table).where(table.name == name))
            if row is None:
                raise DomainError(f"no {table.__tablename__[:-1]} named '{name}'")
            s.delete(row)

    # ------------------------------------------------------------------ files
    def save_as(self, path: str | os.PathLike) -> Path:
        """A consistent copy of the project at `path` (SQLite backup to a temporary file, then
        rename). This Project keeps pointing at its own file; open the copy to work on it."""
        target = Path(path).expanduser()
        if target.resolve() == self.path.resolve():
            return target
        folder = target.parent
        if not folder.is_dir():
            raise ProjectError(f"{folder}: no such folder")
        try:  # replacing a file another window has open would pull it from under that window's edits
            held = session_lock.hold(target, self.writer)
        except session_lock.InUse as exc:
            raise ProjectInUse(
                f"{target} is open in {exc.holder}, so it was not replaced: save under another name, or close "
                "it there and try again."
            ) from None
        try:
            self._copy_to(target, folder)
        finally:
            session_lock.release(held)
        return target

    def _copy_to(self, target: Path, folder: Path) -> None:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
        try:
            src = sqlite3.connect(self.path)
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
            os.replace(tmp, target)
        except BaseException as exc:
            Path(tmp).unlink(missing_ok=True)
            if isinstance(exc, (OSError, sqlite3.Error)):
                raise ProjectError(f"{target}: could not be written ({exc}). Choose another place.") from None
            raise

    def close(self) -> None:
        self._engine.dispose()
        session_lock.release(self._session_lock)  # after the last write: another may open it now
        self._session_lock = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _stored_item(cls, data: str, what: str, path: Path):
    """`data` (a stored JSON record) as `cls`; a DomainError that names every value outside its
    documented range, with the range, when it is not valid: the file holds it as it was written
    (by another version, another program or by hand) and nothing is clamped or changed."""
    try:
        return cls.model_validate_json(data)
    except ValidationError as exc:
        raise DomainError(
            f"{what} in {path.name} holds values Archwise cannot use, so it was not opened (the file is "
            f"unchanged): {readable_errors(exc)}. Delete it, or import a corrected copy"
        ) from None
    except ValueError as exc:
        raise DomainError(f"{what} in {path.name} is damaged ({exc}), so it was not opened") from None


def _quarantine_note(kind: str, data: str, exc: ValueError) -> str:
    """'models: Bad model (layers: must be ...)': an invalid record set aside, named for the user."""
    try:
        name = str(json.loads(data).get("name") or "?")
    except (ValueError, AttributeError):
        name = "?"
    reason = readable_errors(exc) if isinstance(exc, ValidationError) else str(exc)
    return f"{kind}: {name} ({reason.splitlines()[0][:160]})"


def _engine_for(path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S, query_limit_s: float = QUERY_LIMIT_S):
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": busy_timeout_s})
    bound_engine(engine, query_limit_s)  # every statement stops after query_limit_s (a hostile file)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_con, _record) -> None:  # every connection: WAL journal, foreign keys enforced
        cur = dbapi_con.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        # sqlite.org/security.html, "defense against the dark arts", for files from elsewhere:
        cur.execute("PRAGMA trusted_schema=OFF")  # the schema may not call risky functions
        cur.execute("PRAGMA cell_size_check=ON")  # a damaged page is an error, not a wild read
        cur.execute("PRAGMA mmap_size=0")  # no memory-mapped reads of a file another program may change
        cur.close()

    return engine


def _project_error(path: Path, action: str, exc: Exception, query_limit_s: float = QUERY_LIMIT_S) -> ProjectError:
    text = str(getattr(exc, "orig", exc) or exc)
    low = text.lower()
    if was_stopped(exc):
        hint = (
            f"a query on it ran longer than {query_limit_s:g} s and was stopped: the file is damaged, or made to "
            "stall Archwise (another program may have changed its tables); nothing was changed. Open a backup, "
            "or ask its author for a clean copy"
        )
    elif "locked" in low or "busy" in low:
        others = other_writers(path)
        if others:
            hint = f"{' and '.join(others[:2])} is using it; wait for it to finish, or close it, and try again"
        else:
            hint = "another program (not an Archwise window or command) is using it; close that and try again"
        return ProjectBusy(f"{path}: could not {action}: {hint}")
    elif "readonly" in low or "read-only" in low:
        hint = "the file is read-only; copy it to a writable folder or use File → Save As"
    elif "disk is full" in low or "no space" in low or "too large" in low or "disk i/o" in low:
        hint = "the disk is full (or the file is over a size limit); free some space and try again"
    elif "unable to open" in low and not os.access(path.parent, os.W_OK):
        hint = f"its folder {path.parent} is read-only; copy the project to a writable folder"
    elif "malformed" in low or "not a database" in low or "no such table" in low:
        hint = "the file is damaged; open a backup or create a new project"
    else:
        hint = text
    return ProjectError(f"{path}: could not {action}: {hint}")
