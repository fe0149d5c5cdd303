"""`archwise quality import FILE... [--model NAME] [--quantisation Q]` and `archwise quality list`."""

from __future__ import annotations

import argparse
import json

from app.cli import close_project
from app.domain import Precision


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    q = sub.add_parser(
        "quality",
        help="import and list the team's own evaluation results",
        description="Own evaluation results for the selection matrix's quality column: EleutherAI "
        "lm-evaluation-harness results .json files, or a .csv with the columns model, task, metric, "
        "score (percent), and optionally n, date, notes, stderr, quantisation.",
    )
    qsub = q.add_subparsers(dest="quality_command", metavar="ACTION")
    imp = qsub.add_parser("import", help="import results files (all read and checked first, then stored at once)")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--model", default=None, help="the catalog model the runs used (when a file names a local path)")
    imp.add_argument(
        "--quantisation",
        default=None,
        choices=[x.value for x in Precision],
        help="the weight format the runs used (one of %(choices)s)",
    )
    imp.add_argument("--project", default=None)
    imp.set_defaults(handler=run_import)
    ls = qsub.add_parser("list", help="list the stored evaluation results")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--project", default=None)
    ls.set_defaults(handler=run_list)
    q.set_defaults(handler=lambda args: _usage(q))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def run_import(args: argparse.Namespace) -> int:
    from app.services.catalog import open_project
    from app.services.quality import import_evaluations

    project = open_project(args.project)
    try:
        summary = import_evaluations(project, args.files, model=args.model, quantisation=args.quantisation)
    finally:
        close_project(project)
    print(f"imported {summary}")
    for r in summary.results:
        print(f"  {r.model}: {r.benchmark} = {r.score:.1f} % ({r.provenance()})")
    for note in summary.notes:
        print(f"  note: {note}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from app.services.catalog import open_project
    from app.services.quality import list_evaluations

    project = open_project(args.project, read_only=True)
    try:
        results = list_evaluations(project)
    finally:
        close_project(project)
    if args.json:
        print(json.dumps([r.model_dump(mode="json") for r in results], indent=2))
        return 0
    if not results:
        print("no evaluation results in this project (archwise quality import FILE...)")
    for r in results:
        print(f"{r.model}\t{r.benchmark}\t{r.score:.2f}\t{r.provenance()}")
    return 0
