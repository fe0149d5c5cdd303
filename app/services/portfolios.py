"""Portfolios as records of the project, like scenarios: list, open, save, rename, duplicate,
delete, and portfolio YAML files in and out. What the Fleet page and `archwise portfolio` call.

    names = list_portfolios(project)                        # oldest first
    portfolio = open_portfolio(project, "Platform")         # DomainError: unknown name, damaged record
    save_portfolio_record(project, edited, old_name="Platform")  # replace (rename when names differ)
    save_portfolio_record(project, new)                     # add; refused when the name is taken
    rename_portfolio(project, "Platform", "Platform 2027")
    duplicate_portfolio(project, "Platform")                # 'Platform (copy)', saved
    delete_portfolio(project, "Platform")
    imported = import_portfolio_yaml(project, "platform.yaml")   # saved; 'X (2)' when X is taken
    export_portfolio_yaml(project, "Platform", "out.yaml")  # written through a temporary file
    portfolio, base_dir = portfolio_from(project, "platform.yaml" or "Platform")   # the CLI's argument

Every write is one transaction in the store (one user action, one commit). A portfolio's workload
that points at a scenario `file:` keeps working once stored: a relative path is made absolute
(against the YAML's folder) on import; a stored portfolio's remaining relative paths are read
against the project file's folder (`base_dir`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain import DomainError
from app.domain.portfolio import Portfolio

if TYPE_CHECKING:
    from app.store import Project

YAML_SUFFIXES = (".yaml", ".yml")


def list_portfolios(project: Project) -> list[str]:
    """Names of the project's portfolios, oldest first."""
    return project.portfolio_names()


def open_portfolio(project: Project, name: str) -> Portfolio:
    """The saved portfolio `name`; DomainError (one line) naming the saved ones when unknown."""
    return project.portfolio(name)


def base_dir(project: Project) -> Path:
    """The folder a stored portfolio's relative scenario `file:` paths are read against."""
    return project.path.parent


def unique_portfolio_name(project: Project, base: str) -> str:
    """`base`, or `base (2)`, `base (3)` ... whichever no saved portfolio has yet (case ignored)."""
    names = {n.casefold() for n in project.portfolio_names()}
    if base.casefold() not in names:
        return base
    n = 2
    while f"{base} ({n})".casefold() in names:
        n += 1
    return f"{base} ({n})"


def save_portfolio_record(project: Project, portfolio: Portfolio, old_name: str | None = None) -> Portfolio:
    """Replace the saved portfolio `old_name` (a rename when the names differ), or add a new one
    (`old_name` None: refused when the name is taken, so nothing is overwritten). One transaction."""
    project.save_portfolio(portfolio, old_name=old_name)
    return portfolio


def rename_portfolio(project: Project, old_name: str, new_name: str) -> Portfolio:
    """The saved portfolio `old_name` under `new_name` (validated like a file's name)."""
    renamed = open_portfolio(project, old_name).edited(name=new_name)
    project.save_portfolio(renamed, old_name=old_name)
    return renamed


def duplicate_portfolio(project: Project, name: str) -> Portfolio:
    """A saved copy of `name` under a free name ('X (copy)', 'X (copy) (2)' ...)."""
    source = open_portfolio(project, name)
    copy = source.edited(name=unique_portfolio_name(project, f"{source.name} (copy)"))
    project.save_portfolio(copy)
    return copy


def delete_portfolio(project: Project, name: str) -> None:
    project.delete_portfolio(name)


def with_absolute_files(portfolio: Portfolio, folder: Path) -> Portfolio:
    """`portfolio` with each workload's relative scenario `file:` made absolute against `folder`."""
    workloads = [
        w.edited(file=str((folder / w.file).resolve())) if w.file is not None and not Path(w.file).is_absolute() else w
        for w in portfolio.workloads
    ]
    return portfolio.edited(workloads=workloads) if workloads != list(portfolio.workloads) else portfolio


def read_portfolio_yaml(project: Project, path: str | os.PathLike[str], name: str | None = None) -> Portfolio:
    """A portfolio file read and validated (not saved yet): its scenario files made absolute,
    renamed to `name` when given, else 'X (2)' when X is taken."""
    from app.services.fleet import load_portfolio

    p = Path(path)
    portfolio = with_absolute_files(load_portfolio(p), p.parent)
    wanted = name.strip() if name else unique_portfolio_name(project, portfolio.name)
    return portfolio.edited(name=wanted) if wanted != portfolio.name else portfolio


def import_portfolio_yaml(
    project: Project, path: str | os.PathLike[str], name: str | None = None, replace: bool = False
) -> Portfolio:
    """Read, validate and save a portfolio file as a record (one transaction). Without `replace`
    the record takes a free name ('X (2)'); with it, a saved portfolio of the same name (or of
    `name`) is replaced. DomainError (one line) for a bad file; nothing is written then."""
    from app.services.fleet import load_portfolio

    if replace:
        p = Path(path)
        portfolio = with_absolute_files(load_portfolio(p), p.parent)
        if name and name.strip() != portfolio.name:
            portfolio = portfolio.edited(name=name.strip())
        project.save_portfolio(portfolio, replace=True)
        return portfolio
    portfolio = read_portfolio_yaml(project, path, name)
    project.save_portfolio(portfolio)
    return portfolio


def export_portfolio_yaml(project: Project, name: str, path: str | os.PathLike[str]) -> Path:
    """The saved portfolio `name` as a YAML file (temporary file renamed into place: never
    half-written); `.yaml` is added when the path has no YAML suffix. Importing it gives the same
    portfolio back, and `archwise fleet` plans it."""
    from app.services.fleet import save_portfolio

    target = Path(path)
    if target.suffix.lower() not in YAML_SUFFIXES:
        target = target.with_name(target.name + ".yaml")
    return save_portfolio(open_portfolio(project, name), target)


def looks_like_file(ref: str) -> bool:
    """Whether the CLI's PORTFOLIO argument names a file (an existing path or a YAML suffix)
    rather than a portfolio saved in the project."""
    return Path(ref).suffix.lower() in YAML_SUFFIXES or Path(ref).is_file()


def portfolio_from(project: Project | None, ref: str) -> tuple[Portfolio, Path]:
    """(portfolio, folder its relative scenario files are read against) for the CLI's argument:
    a portfolio YAML file, else the name of a portfolio saved in `project`. DomainError (one
    line) for a bad file or an unknown name; a name needs a project."""
    from app.services.fleet import load_portfolio

    if looks_like_file(ref):
        return load_portfolio(ref), Path(ref).parent
    if project is None:
        raise DomainError(f"{ref}: no such portfolio file, and no project to find a portfolio of that name in")
    return open_portfolio(project, ref), base_dir(project)
