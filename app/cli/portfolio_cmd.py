"""`archwise portfolio list|import|export|rename|delete`: fleet portfolios saved in the project
(`archwise fleet NAME` plans one by its name)."""

from __future__ import annotations

import argparse

from app.cli import close_project


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser(
        "portfolio",
        help="fleet portfolios saved in the project: list, import, export, rename, delete",
        description="Portfolios kept in the project file, like scenarios. `archwise fleet NAME` plans a saved one.",
    )
    psub = p.add_subparsers(dest="portfolio_command", metavar="ACTION")
    ls = psub.add_parser("list", help="the saved portfolios, oldest first")
    ls.add_argument("--project", default=None)
    ls.set_defaults(handler=run_list)
    imp = psub.add_parser("import", help="save a portfolio YAML file in the project (validated first)")
    imp.add_argument("file")
    imp.add_argument("--name", default=None, help="save it under this name (default: the file's)")
    imp.add_argument("--replace", action="store_true", help="replace a saved portfolio of the same name")
    imp.add_argument("--project", default=None)
    imp.set_defaults(handler=run_import)
    exp = psub.add_parser("export", help="write a saved portfolio as YAML")
    exp.add_argument("name")
    exp.add_argument("-o", "--output", required=True, help="YAML file to write")
    exp.add_argument("--project", default=None)
    exp.set_defaults(handler=run_export)
    ren = psub.add_parser("rename", help="rename a saved portfolio")
    ren.add_argument("name")
    ren.add_argument("new_name")
    ren.add_argument("--project", default=None)
    ren.set_defaults(handler=run_rename)
    rm = psub.add_parser("delete", help="delete a saved portfolio")
    rm.add_argument("name")
    rm.add_argument("--project", default=None)
    rm.set_defaults(handler=run_delete)
    p.set_defaults(handler=lambda args: _usage(p))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _with_project(args: argparse.Namespace, action, read_only: bool = False) -> int:  # type: ignore[no-untyped-def]
    from app.services.catalog import open_project

    project = open_project(args.project, read_only=read_only)
    try:
        action(project)
    finally:
        close_project(project)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from app.services.portfolios import list_portfolios

    return _with_project(args, lambda pr: print("\n".join(list_portfolios(pr)) or "(no portfolios saved)"), True)


def run_import(args: argparse.Namespace) -> int:
    from app.services.fleet import load_portfolio
    from app.services.portfolios import import_portfolio_yaml

    load_portfolio(args.file)  # a bad file is refused before a project is opened

    def action(project) -> None:  # type: ignore[no-untyped-def]
        saved = import_portfolio_yaml(project, args.file, name=args.name, replace=args.replace)
        n = len(saved.workloads)
        print(f"Saved portfolio '{saved.name}' ({n} workload{'s' if n != 1 else ''}) in {project.path}")

    return _with_project(args, action)


def run_export(args: argparse.Namespace) -> int:
    from app.services.portfolios import export_portfolio_yaml

    return _with_project(args, lambda pr: print(f"Wrote {export_portfolio_yaml(pr, args.name, args.output)}"), True)


def run_rename(args: argparse.Namespace) -> int:
    from app.services.portfolios import rename_portfolio

    return _with_project(args, lambda pr: print(f"Renamed to '{rename_portfolio(pr, args.name, args.new_name).name}'"))


def run_delete(args: argparse.Namespace) -> int:
    from app.services.portfolios import delete_portfolio

    def action(project) -> None:  # type: ignore[no-untyped-def]
        delete_portfolio(project, args.name)
        print(f"Deleted '{args.name}'")

    return _with_project(args, action)
