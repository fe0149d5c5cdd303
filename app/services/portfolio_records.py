"""What the Fleet page remembers about the project's portfolios beyond the records themselves
(those are `app.services.portfolios`): the portfolio open when the project was left, and free
names for new workloads and pools."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store import Project

LAST_PORTFOLIO = "fleet.last_portfolio"  # project setting: the portfolio open when the project was left


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
