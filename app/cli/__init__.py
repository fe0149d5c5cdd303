"""Headless commands. Each command module exposes register(subparsers)."""

from __future__ import annotations

import argparse
import sys

from app import __version__
from app.domain import DomainError


class CliError(Exception):
    """Bad input at the command line: printed as one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    from app.cli import catalog_cmd, report_cmd, sizing_cmd

    parser = argparse.ArgumentParser(prog="archwise", description="Size, cost and choose AI deployments.")
    parser.add_argument("--version", action="version", version=f"archwise {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (catalog_cmd, sizing_cmd, report_cmd):
        module.register(sub)
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except BrokenPipeError:  # `archwise ... | head`: the reader left; nothing more to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (CliError, DomainError, OSError) as exc:
        print(f"archwise: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug, not bad input: one line here, the traceback in the log
        log = _log_exception()
        print(f"archwise: internal error ({type(exc).__name__}: {exc}); details in {log}", file=sys.stderr)
        return 1


def _log_exception() -> str:
    import logging
    import traceback

    from app.paths import log_path

    path = log_path()
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(traceback.format_exc())
    except OSError:
        logging.getLogger("archwise").exception("CLI failure")
    return str(path)
