"""What the title page says about the package (no reportlab here)."""

from __future__ import annotations

import datetime as dt

from app.domain import DomainError
from app.domain.common import DomainModel


class ReportError(DomainError):
    """The package could not be written; the message says which file and why."""


class ReportMeta(DomainModel):
    project: str = ""  # project name (the .archwise file's stem)
    author: str = ""
    date: dt.date  # printed on the title page; pass a fixed date for reproducible output
    title: str = "Decision package"
    # The PDF's creation date (its metadata): this moment when None, or SOURCE_DATE_EPOCH when set;
    # pass one for byte-identical output.
    created: dt.datetime | None = None


def creation_time(meta: ReportMeta) -> dt.datetime:
    """When the package was made [UTC]: meta.created, else SOURCE_DATE_EPOCH, else now."""
    import os

    if meta.created is not None:
        c = meta.created
        return c.astimezone(dt.UTC) if c.tzinfo else c.replace(tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
