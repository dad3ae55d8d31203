"""`mhc report latest|SESSION_ID`: a show's stream report as Markdown on stdout (or a file).

The same report the panel shows (domain.report): generated from stored data, in the owner's
time zone and clock. An unknown session ends with exit 1 and one line on stderr.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import anyio

from mhc.domain.errors import InvalidInput
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import Settings

LATEST = "latest"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = subparsers.add_parser(
        "report", help="print a session's stream report as Markdown (latest or by id)"
    )
    report.add_argument(
        "session", metavar="latest|SESSION_ID", help="the newest session, or a session's id"
    )
    report.add_argument("--out", type=Path, metavar="FILE", help="write it here, not to stdout")
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    target: str = args.session.strip().lower()
    if target != LATEST and not (target.isdigit() and 0 < int(target) < 2**63):
        raise InvalidInput(f"expected 'latest' or a session id, got {args.session!r}")
    if settings.log_level != "DEBUG":
        # The report is the command's answer; start-up chatter stays out of the way.
        logging.getLogger().setLevel(logging.ERROR)
    markdown = anyio.run(_report, target, settings)
    if args.out is None:
        sys.stdout.write(markdown)
    else:
        args.out.write_text(markdown, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


async def _report(target: str, settings: Settings) -> str:
    async with open_container(settings, migrate=True) as container:
        reports = container.reports()
        found = await (reports.latest() if target == LATEST else reports.report(int(target)))
    return found.markdown
