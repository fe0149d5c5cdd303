"""Headless commands. Each command module exposes register(subparsers)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from app import __version__
from app.domain import DomainError, Within


class CliError(Exception):
    """Bad input at the command line: printed as one line, exit code 2."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2), like every other bad input;
    the usage itself is one `--help` away. Subcommand parsers inherit the class."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def number_flag(rng: Within, whole: bool = False, unit: str = "") -> Callable[[str], float]:
    """An argparse `type` for a numeric flag: finite and within `rng` (the domain's range for
    the same figure), else one line naming the flag and the range (with `unit` after a bound:
    "must be between 1 and 1,000,000 req/s"). `whole`: an integer."""

    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
        try:
            value = rng.check(value, "value")
        except DomainError:
            said = rng.describe(value)
            said += f" {unit}" if unit and said[-1:].isdigit() else ""
            raise argparse.ArgumentTypeError(f"must be {said}, got {text!r}") from None
        if whole:
            if value != int(value):
                raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}")
            return int(value)
        return value

    convert.__name__ = "number"
    return convert


def build_parser() -> argparse.ArgumentParser:
    from app.cli import calibrate_cmd, catalog_cmd, fleet_cmd, portfolio_cmd, quality_cmd, report_cmd, sizing_cmd

    parser = OneLineParser(prog="archwise", description="Size, cost and choose AI deployments.")
    parser.add_argument("--version", action="version", version=f"archwise {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (catalog_cmd, sizing_cmd, fleet_cmd, portfolio_cmd, report_cmd, calibrate_cmd, quality_cmd):
        module.register(sub)
    return parser


def _tolerant_output() -> None:
    """Output works in any locale: a character the terminal's encoding lacks (a C or Latin-1
    locale, PYTHONIOENCODING=ascii) prints as '?' instead of ending the command."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is not None and encoding != "utf8":
            reconfigure(errors="replace")


def close_project(project: Any) -> None:
    """Close `project`, first saying on stderr (a line each) its notes (a shipped catalog merged
    on opening) and any invalid record it set aside."""
    for note in getattr(project, "notes", None) or []:
        print(f"archwise: note: {note}", file=sys.stderr)
    quarantined = getattr(project, "quarantined", None) or []
    if quarantined:
        more = f" and {len(quarantined) - 3} more" if len(quarantined) > 3 else ""
        print(
            f"archwise: note: {len(quarantined)} invalid record(s) in {project.path} were set aside: "
            f"{'; '.join(quarantined[:3])}{more}",
            file=sys.stderr,
        )
    project.close()


def _utf8_argv(argv: list[str]) -> list[str]:
    """Arguments as typed: under a C locale Python decodes argv as ASCII with surrogate escapes,
    so a record name like 'Lab GPU Ω' arrives mangled; its bytes are UTF-8 in every terminal."""
    out = []
    for arg in argv:
        try:
            out.append(os.fsencode(arg).decode("utf-8"))
        except UnicodeDecodeError:  # not UTF-8 either: keep what Python made of it
            out.append(arg)
    return out


def main(argv: list[str]) -> int:
    from app.logs import log_warnings

    _tolerant_output()
    log_warnings()
    parser = build_parser()
    try:
        args = parser.parse_args(_utf8_argv(argv))
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
    from app.logs import log_exception

    return log_exception("CLI failure")
