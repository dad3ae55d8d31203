"""`mhc paste parse FILE [--kind pm|dm|public] [--json]`: what a pasted chat log holds.

Reads the file (`-` for standard input) with the panel's chat-log parser, the configured
broadcaster as the owner, and prints the messages, tips, tip-menu items and names found,
each name with where it was read. Needs no database and stores nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import msgspec

from mhc.domain.chatlog import ChatLog, ChatMessage, MessageKind, PasteKind, parse_chat_log
from mhc.domain.errors import InvalidInput
from mhc.domain.usernames import normalize_username
from mhc.entrypoints.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    paste = subparsers.add_parser("paste", help="pasted chat logs")
    commands = paste.add_subparsers(dest="paste_command", metavar="COMMAND")
    commands.required = True
    parse = commands.add_parser(
        "parse", help="print the messages, tips, tip menu and names a pasted chat holds"
    )
    parse.add_argument("file", help="a text file of pasted chat, or - for standard input")
    parse.add_argument(
        "--kind",
        choices=[kind.value for kind in PasteKind],
        default=PasteKind.PUBLIC.value,
        help="what the paste is, for lines that do not say (default public)",
    )
    parse.add_argument("--json", action="store_true", help="print JSON")
    parse.set_defaults(handler=parse_file)


def parse_file(args: argparse.Namespace, settings: Settings) -> int:
    text = _read(args.file)
    log = parse_chat_log(
        text, owner=normalize_username(settings.broadcaster), kind=PasteKind(args.kind)
    )
    if args.json:
        document = {**msgspec.structs.asdict(log), "tips": log.tips}
        sys.stdout.write(msgspec.json.encode(document).decode() + "\n")
    else:
        sys.stdout.write(describe(log))
    return 0


def describe(log: ChatLog) -> str:
    """The parse as text: a summary, then messages, tips, tip menu and names."""
    formats = ", ".join(log.formats) or "nothing recognised"
    lines = [
        f"{log.lines} lines ({formats}): {len(log.messages) - len(log.tips)} messages, "
        f"{len(log.tips)} tips, {len(log.tip_menu)} tip-menu items, {len(log.names)} names; "
        f"{log.noise} noise, {log.unparsed} not understood"
    ]
    if log.room:
        lines.append(f"room: {log.room}")
    if log.messages:
        lines.append("\nmessages:")
        lines.extend(_message(m) for m in log.messages)
    if log.tips:
        lines.append("\ntips:")
        lines.extend(f"  {t.speaker}  {t.tokens} tokens  {t.note or ''}".rstrip() for t in log.tips)
    if log.tip_menu:
        lines.append("\ntip menu:")
        lines.extend(f"  {item.item}  {item.price}" for item in log.tip_menu)
    if log.names:
        lines.append("\nnames:")
        lines.extend(f"  {n.username}  ({', '.join(n.sources)})" for n in log.names)
    return "\n".join(lines) + "\n"


def _message(message: ChatMessage) -> str:
    clock = message.clock.isoformat() if message.clock else "--:--:--"
    said = message.text
    if message.kind is not MessageKind.TIP:
        who = f"{message.speaker} (owner)" if message.from_owner else message.speaker
        said = f"{who}: {said}"
    return f"  {message.line:>5}  {clock}  {message.kind.value:<6}  {said}"


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InvalidInput(f"cannot read {name}: {exc.strerror}", field="file") from None
