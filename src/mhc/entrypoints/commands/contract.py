"""`mhc contract list|record|check`: the external services' contracts, from the owner's side.

- `list` names every endpoint the panel reads and the credentials each needs.
- `record SERVICE ENDPOINT [NAME...] --out FILE` makes one read-only call with the configured
  credentials and writes the answer, secrets masked (and names replaced with --pseudonymise),
  ready to commit under tests/contracts/payloads/SERVICE/ENDPOINT.json.
- `check FILE...` compares recorded answers with the contracts and prints the drift report;
  it exits 1 when an answer differs.

None of them needs the database.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

import anyio
import msgspec

from mhc.domain.contracts.report import check_answer, render_report
from mhc.domain.errors import InvalidInput
from mhc.entrypoints.contract_probe import (
    PROBES,
    CapturedAnswer,
    Probe,
    RecordedAnswer,
    capture_answer,
    credentials_of,
    find_probe,
    missing_credentials,
    recorded,
)
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    contract = subparsers.add_parser(
        "contract", help="the external services' contracts: list, record an answer, check"
    )
    commands = contract.add_subparsers(dest="contract_command", metavar="COMMAND")
    commands.required = True

    listing = commands.add_parser("list", help="the endpoints the panel reads")
    listing.set_defaults(handler=list_endpoints)

    record = commands.add_parser(
        "record", help="save one real answer, masked, for the contract tests"
    )
    record.add_argument("service", help="cb_events, cb_stats, statbate or statbate_plus")
    record.add_argument("endpoint", help="an endpoint name from `mhc contract list`")
    record.add_argument("names", nargs="*", metavar="NAME", help="who to ask about")
    record.add_argument("--out", type=Path, help="file to write (default: standard output)")
    record.add_argument(
        "--pseudonymise",
        action="store_true",
        help="replace every username in the answer with person_1, person_2...",
    )
    record.set_defaults(handler=record_answer)

    check = commands.add_parser("check", help="compare recorded answers with the contracts")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.set_defaults(handler=check_recorded)


def list_endpoints(args: argparse.Namespace, settings: Settings) -> int:
    available = credentials_of(settings)
    for probe in PROBES:
        contract = probe.contract
        missing = missing_credentials(probe, available)
        state = "ready" if not missing else "needs " + " and ".join(missing)
        asks = {"member": " NAME", "members": " NAME...", "room": " [ROOM]"}.get(
            probe.asks_about, ""
        )
        print(f"{contract.service} {contract.name}{asks}  ({contract.endpoint}; {state})")
    return 0


def record_answer(args: argparse.Namespace, settings: Settings) -> int:
    probe = find_probe(args.service, args.endpoint)
    missing = missing_credentials(probe, credentials_of(settings))
    if missing:
        raise InvalidInput(f"recording {probe.contract.name} needs " + " and ".join(missing))
    # Retries and drift warnings would only get in the way of the one line that matters.
    if settings.log_level != "DEBUG":
        logging.getLogger().setLevel(logging.ERROR)
    answer = anyio.run(_capture, settings, probe, list(args.names))
    document = recorded(
        probe,
        answer,
        secrets=settings.secrets,
        recorded_at=datetime.now(UTC),
        hide_names=args.pseudonymise,
    )
    text = msgspec.json.format(msgspec.json.encode(document), indent=2).decode() + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} (HTTP {answer.status}, secrets masked)", file=sys.stderr)
    if answer.error is not None:
        print(f"mhc: the call failed after this answer: {answer.error}", file=sys.stderr)
        return 1
    return 0


async def _capture(settings: Settings, probe: Probe, names: list[str]) -> CapturedAnswer:
    # Recording reads one answer; nothing of it goes to the database.
    async with open_container(settings, database=False) as container:
        return await capture_answer(container, settings, probe, names)


def check_recorded(args: argparse.Namespace, settings: Settings) -> int:
    checks = []
    for path in args.files:
        try:
            answer = msgspec.json.decode(path.read_bytes(), type=RecordedAnswer)
        except (OSError, msgspec.DecodeError) as exc:
            raise InvalidInput(f"{path}: not a recorded answer ({exc})") from None
        contract = find_probe(answer.service, answer.name).contract
        checks.append(check_answer(contract, str(path), answer.status, answer.body))
    sys.stdout.write(render_report(checks, generated_at=datetime.now(UTC)))
    return 0 if all(check.matches for check in checks) else 1
