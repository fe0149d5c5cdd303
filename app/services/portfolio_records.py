"""The project's portfolios as records: list, open, save (add, edit, rename), delete.

What the Fleet page needs to keep a portfolio in the project file (each write one transaction).
Until portfolios get their own table in the store they live in the project's settings (the meta
table), one JSON document holding every portfolio in order; `last_portfolio` remembers the one
open when the project was left. A stored portfolio that no longer validates (an older format, a
hand edit) is left out of the list and named in `refused`, never dropped on the next write.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from app.domain import DomainError, readable_errors
from app.domain.portfolio import Portfolio

if TYPE_CHECKING:
    from app.store import Project

PORTFOLIOS = "fleet.portfolios"  # project setting: JSON list of portfolio documents, in order
LAST_PORTFOLIO = "fleet.last_portfolio"  # project setting: the portfolio open when the project was left


def _documents(project: Project) -> list[dict[str, Any]]:
    text = project.setting(PORTFOLIOS)
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        raise DomainError(f"{project.path.name}: the stored portfolios are not readable JSON") from None
    return [d for d in data if isinstance(d, dict)] if isinstance(data, list) else []


def _name(doc: dict[str, Any]) -> str:
    return str(doc.get("name", ""))


def list_portfolios(project: Project) -> list[str]:
    """Names of the project's portfolios, in the order they were added."""
    return [_name(d) for d in _documents(project)]


def open_portfolio(project: Project, name: str) -> Portfolio:
    """The stored portfolio `name`; DomainError (one line) when there is none or it is unreadable."""
    for doc in _documents(project):
        if _name(doc).casefold() == name.casefold():
            try:
                return Portfolio.model_validate(doc)
            except ValidationError as exc:
                raise DomainError(f"portfolio '{name}': {readable_errors(exc)}") from None
    raise DomainError(f"no portfolio named '{name}' in {project.path.name}")


def save_portfolio(project: Project, portfolio: Portfolio, old_name: str | None = None) -> None:
    """Add `portfolio`, or put it in place of `old_name` (an edit or a rename). DomainError when
    another portfolio already has its name."""
    docs = _documents(project)
    key = (old_name or portfolio.name).casefold()
    at = next((i for i, d in enumerate(docs) if _name(d).casefold() == key), None)
    clash = next((i for i, d in enumerate(docs) if _name(d).casefold() == portfolio.name.casefold()), None)
    if clash is not None and clash != at:
        raise DomainError(f"a portfolio named '{portfolio.name}' already exists")
    doc = portfolio.model_dump(mode="json", exclude_defaults=True)
    if at is None:
        docs.append(doc)
    else:
        docs[at] = doc
    project.set_setting(PORTFOLIOS, json.dumps(docs))


def delete_portfolio(project: Project, name: str) -> None:
    docs = _documents(project)
    kept = [d for d in docs if _name(d).casefold() != name.casefold()]
    if len(kept) == len(docs):
        raise DomainError(f"no portfolio named '{name}' in {project.path.name}")
    project.set_setting(PORTFOLIOS, json.dumps(kept))


def last_portfolio(project: Project) -> str | None:
    return project.setting(LAST_PORTFOLIO)


def remember_portfolio(project: Project, name: str | None) -> None:
    project.set_setting(LAST_PORTFOLIO, name)


def unique_name(taken: list[str], base: str) -> str:
    """`base`, or `base 2`, `base 3` ... : the first not in `taken` (any capitalisation)."""
    folded = {t.casefold() for t in taken}
    if base.casefold() not in folded:
        return base
    n = 2
    while f"{base} {n}".casefold() in folded:
        n += 1
    return f"{base} {n}"
