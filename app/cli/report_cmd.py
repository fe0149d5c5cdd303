"""`archwise report SCENARIO.yaml -o FILE.pdf [--author NAME] [--project FILE] [--date D] [--weight K=V]`."""

from __future__ import annotations

import argparse

from app.cli import CliError, close_project


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "report",
        help="size a scenario and write its PDF decision package",
        description="Size SCENARIO.yaml against the project's catalog and write the decision "
        "package (summary, selection matrix, sizing, charts, sources) as one PDF.",
    )
    p.add_argument("scenario", help="scenario YAML file (see catalog/examples/)")
    p.add_argument("-o", "--output", required=True, help="PDF file to write (replaced atomically)")
    p.add_argument("--author", default="", help="author on the title page (default: the scenario's author)")
    p.add_argument("--project", default=None, help="project file (default: the one in the user data folder)")
    p.add_argument("--date", default=None, help="title-page date YYYY-MM-DD (default: SOURCE_DATE_EPOCH or today)")
    p.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="CRITERION=W",
        help="selection weight, repeatable (criteria: quality, ttft_p95, tpot, throughput_per_gpu, "
        "cost_per_mtok, memory_headroom, context_fit, compliance, license, burden)",
    )
    p.add_argument(
        "--quality",
        default=None,
        metavar="BENCHMARK",
        help="the benchmark that stands for quality in the matrix (a published one, or 'Own: TASK, METRIC' "
        "from `archwise quality import`); default: the one chosen on the Selection page, else the one most "
        "candidate models report",
    )
    p.add_argument(
        "--portfolio",
        default=None,
        metavar="PORTFOLIO",
        help="a fleet portfolio file, or a portfolio saved in the project (see `archwise fleet`): the package "
        "gains its Fleet section",
    )
    p.set_defaults(handler=run)


def parse_weights(items: list[str]) -> dict[str, float]:
    weights = {}
    for item in items:
        key, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            weights[key.strip()] = float(value)
        except ValueError:
            raise CliError(f"--weight needs CRITERION=NUMBER, got '{item}'") from None
    return weights


def run(args: argparse.Namespace) -> int:
    weights = parse_weights(args.weight)
    try:
        from app.services.catalog import open_project
        from app.services.reporting import export_decision_package
        from app.services.sizing import load_scenario
    except ImportError as exc:  # a build without the engine or store
        raise CliError(f"report needs the sizing engine and the project store, which are missing: {exc}") from None
    scenario = load_scenario(args.scenario)
    if args.portfolio:
        from app.services.fleet import load_portfolio
        from app.services.portfolios import looks_like_file

        if looks_like_file(args.portfolio):
            load_portfolio(args.portfolio)  # a bad file is refused before a project is opened
    project = open_project(args.project, read_only=True)
    try:
        fleet = None
        if args.portfolio:
            from app.services.fleet import plan_portfolio

            fleet = plan_portfolio(project, args.portfolio)
        path = export_decision_package(
            project, scenario, args.output, author=args.author, weights=weights, date=args.date,
            quality=args.quality, fleet=fleet,
        )  # fmt: skip
    finally:
        close_project(project)
    print(f"wrote {path}")
    return 0
