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
