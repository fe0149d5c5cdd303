"""Headless commands. Each command module exposes register(subparsers)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import NoReturn

from app import __version__
from app.domain import DomainError, Within


class CliError(Exception):
    """Bad input at the command line: printed as one line, exit code 2."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2), like every other bad input;
    the usage itself is one `--help` away. Subcommand parsers inherit the class."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def number_flag(rng: Within, whole: bool = False) -> Callable[[str], float]:
    """An argparse `type` for a numeric flag: finite and within `rng` (the domain's range for
    the same figure), else one line naming the flag and the range. `whole`: an integer."""

    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
        try:
            value = rng.check(value, "value")
        except DomainError:
            raise argparse.ArgumentTypeError(f"must be {rng.describe()}, got {text!r}") from None
        if whole:
            if value != int(value):
                raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}")
            return int(value)
        return value

    convert.__name__ = "number"
    return convert


def build_parser() -> argparse.ArgumentParser:
    from app.cli import catalog_cmd, report_cmd, sizing_cmd

    parser = OneLineParser(prog="archwise", description="Size, cost and choose AI deployments.")
    parser.add_argument("--version", action="version", version=f"archwise {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (catalog_cmd, sizing_cmd, report_cmd):
        module.register(sub)
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed as one line
        return exc.code if isinstance(exc.code, int) else 2
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
