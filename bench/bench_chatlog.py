"""Throughput of the chat-log parser on ~20 MB of generated, realistic pastes, and its worst
time on hostile inputs of up to 1 MB.

Run: `uv run python bench/bench_chatlog.py [--megabytes 20] [--runs 5]`.
The pastes mix every format of the design note (the site's copied chat with badges, tips,
notices, tip menus, toy notices and lost colons; the bookmarklet's structured export in both
generations; PM threads; lists of names, mentions and profile links; CSV and JSON exports),
generated from a fixed seed, so every run measures the same input. Times are the process's CPU
time (wall time is printed too: on a shared machine it measures the neighbours as much as the
parser). Exit status 1 when a target is missed: at least 20 MB/s, and no input of up to 1 MB
over 1 s.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time

from mhc.domain.chatlog import PasteKind, parse_chat_log

OWNER = "hudson_cage"
TARGET_MB_PER_S = 20.0
WORST_CASE_LIMIT_S = 1.0

PHRASES = (
    "hello there",
    "hi hudson",
    "love this room",
    "so hot",
    "wow nice shirt",
    "please more",
    "lol haha omg",
    "good evening from berlin",
    "what time is it where you are",
    "great music tonight",
    "thanks for the tip",
    "welcome back",
    "can you do the spin again",
    "you look amazing",
    "brb getting a drink",
)
BADGES = ("", "", "", "", "👑 ", "💎 ", "[Fan] ", "(m) ", "⭐ ", "🔥🔥 ")
NOISE = (
    "{name} has joined the room.",
    "{name} has left the room.",
    "Notice: Welcome {name}! Please read the room rules.",
    "Lovense Lush is now vibrating at level 2 for 5 sec because {name} tipped 25 tokens",
    "Notice: 312 tokens remaining to reach the goal",
    "{name} is now following",
    "Broadcaster hudson_cage has left the room.",
    "To send a tip, press Ctrl+Enter",
    "-----",
)
MENU = ("Flex", "Spin around", "Oil show", "Dance", "Kiss the camera", "Song request")


class Paste:
    """One generator of realistic pastes over a fixed cast."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        cast = [
            f"{rng.choice(['big', 'shy', 'night', 'lazy', 'velvet', 'rowdy'])}_"
            f"{rng.choice(['tipper', 'owl', 'wolf', 'fox', 'viking', 'fan'])}_{n}"
            for n in range(4000)
        ]
        # A show's chat: some hundreds of people, a few of them saying most of it (Zipf).
        self.names = rng.choices(cast[:800], weights=[1 / rank for rank in range(1, 801)], k=20000)

    def message(self) -> str:
        return " ".join(self.rng.choices(PHRASES, k=self.rng.randrange(1, 4)))

    def room_chat(self, lines: int) -> list[str]:
        rng, out = self.rng, []
        out.append("Notice: Tip Menu:")
        out.extend(f"Notice: ⭐ {item} ({rng.choice((10, 25, 35, 50, 100))})" for item in MENU)
        for _ in range(lines):
            name = rng.choice(self.names)
            roll = rng.random()
            if roll < 0.74:
                badge = rng.choice(BADGES)
                rating = f" |{rng.randrange(1, 500)}|" if rng.random() < 0.15 else ":"
                mention = f" @{rng.choice(self.names)}" if rng.random() < 0.06 else ""
                out.append(f"{badge}{name}{rating} {self.message()}{mention}")
            elif roll < 0.82:
                note = f" - {self.message()}" if rng.random() < 0.5 else ""
                out.append(f"{name} tipped {rng.choice((1, 5, 25, 50, 100, 500))} tokens{note}")
            elif roll < 0.93:
                out.append(rng.choice(NOISE).format(name=name))
            elif roll < 0.95:
                out.append(f"{name}{self.message().capitalize()}")
            else:
                out.append(f"{OWNER}: {self.message()}")
        return out

    def structured(self, lines: int, *, with_type: bool) -> list[str]:
        rng, out = self.rng, []
        clock = rng.randrange(20 * 3600, 22 * 3600)
        for _ in range(lines):
            clock = (clock + rng.randrange(0, 40)) % 86400
            stamp = f"{clock // 3600:02d}:{clock // 60 % 60:02d}:{clock % 60:02d}"
            owner = rng.random() < 0.2
            name = OWNER if owner else rng.choice(self.names)
            kind = rng.choice(("PUBLIC", "PUBLIC", "PUBLIC", "PM", "TIPS"))
            text = (
                f"{name} tipped {rng.choice((5, 25, 100))} tokens: {self.message()}"
                if kind == "TIPS"
                else self.message()
            )
            head = f"ChatType: [{kind}] | " if with_type else ""
            out.append(
                f"{head}Timestamp: [{stamp}] | Username: [{name}] | Message: [{text}] | "
                f"isBroadcaster: [{'true' if owner else 'false'}]"
            )
        return out

    def names_list(self, lines: int) -> list[str]:
        rng = self.rng
        return [
            rng.choice(
                (
                    ", ".join(rng.choices(self.names, k=rng.randrange(2, 8))),
                    f"https://chaturbate.com/{rng.choice(self.names)}/",
                    f"@{rng.choice(self.names)} @{rng.choice(self.names)}",
                    rng.choice(self.names),
                )
            )
            for _ in range(lines)
        ]

    def csv(self, rows: int) -> list[str]:
        rng = self.rng
        out = ["time,user,type,message"]
        out.extend(
            f"21:{rng.randrange(60):02d}:{rng.randrange(60):02d},{rng.choice(self.names)},"
            f'PUBLIC,"{self.message()}, really"'
            for _ in range(rows)
        )
        return out

    def json(self, rows: int) -> list[str]:
        rng = self.rng
        items = [
            {"username": rng.choice(self.names), "message": self.message(), "time": "21:05:00"}
            for _ in range(rows)
        ]
        return [json.dumps(items)]


def generate_pastes(megabytes: float, seed: int = 20261203) -> list[tuple[PasteKind, str]]:
    """Pastes of about `megabytes` MB in all: 60% room chat, 25% structured, 15% the rest."""
    paste = Paste(seed)
    target = int(megabytes * 1_000_000)
    pastes: list[tuple[PasteKind, str]] = []
    size = 0
    cycle = 0
    while size < target:
        cycle += 1
        for kind, lines in (
            (PasteKind.PUBLIC, paste.room_chat(3000)),
            (PasteKind.PUBLIC, paste.structured(800, with_type=True)),
            (PasteKind.PM, paste.structured(400, with_type=False)),
            (PasteKind.PUBLIC, paste.names_list(300)),
            (PasteKind.PUBLIC, paste.csv(300)),
            (PasteKind.PUBLIC, paste.json(200)),
        ):
            text = "\n".join(lines)
            pastes.append((kind, text))
            size += len(text.encode())
    return pastes


def hostile_inputs(size: int = 1_000_000) -> dict[str, str]:
    """Inputs of about `size` bytes shaped to make a careless parser backtrack or loop."""
    return {
        "one long line": "a" * size,
        "brackets": "[]" * (size // 2),
        "at signs": "@" * size,
        "words and spaces": "a " * (size // 2) + "!",
        "spaces then a word": " " * (size - 1) + "x",
        "flags": "(m)" * (size // 3),
        "colons": "a:" * (size // 2),
        "pipes": "a |1| " * (size // 6),
        "tip notices run together": "x tipped 5 tokens " * (size // 18),
        "structured fields": "Timestamp: [" * (size // 12),
        "structured messages": ("Username: [a] | Message: [" + "] | " * 50 + "\n") * (size // 230),
        "menu prices": "Tip Menu\n" + ("Flex - " + "-" * 60 + " 5\n") * (size // 70),
        "lost colons": ("rowdy_viking_59" * 4 + "loving it\n") * (size // 70),
        "long list": ", ".join(["x_1"] * (size // 5)),
        "json nesting": "[" * (size // 2) + "]" * (size // 2),
        "csv quotes": "user,message\n" + 'a_1,"' + '""' * (size // 2) + '"',
        "links": "chaturbate.com/" * (size // 15),
        "statbate paths": "statbate.com" + "/a" * (size // 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    pastes = generate_pastes(args.megabytes)
    megabytes = sum(len(text.encode()) for _, text in pastes) / 1_000_000
    cpu_rates, wall_rates = [], []
    messages = names = 0
    for _ in range(args.runs):
        cpu, wall = time.process_time(), time.perf_counter()
        logs = [parse_chat_log(text, owner=OWNER, kind=kind) for kind, text in pastes]
        cpu_rates.append(megabytes / (time.process_time() - cpu))
        wall_rates.append(megabytes / (time.perf_counter() - wall))
        messages = sum(len(log.messages) for log in logs)
        names = sum(len(log.names) for log in logs)
    median = statistics.median(cpu_rates)
    print(
        f"parse_chat_log: {megabytes:.1f} MB in {len(pastes)} pastes, {messages} messages, "
        f"{names} names; over {args.runs} runs median {median:.1f} MB/s of CPU time "
        f"(min {min(cpu_rates):.1f}, max {max(cpu_rates):.1f}), "
        f"{statistics.median(wall_rates):.1f} MB/s of wall time; "
        f"target >= {TARGET_MB_PER_S:.0f} MB/s"
    )

    worst_name, worst, worst_wall = "", 0.0, 0.0
    for name, text in hostile_inputs().items():
        cpu, wall = time.process_time(), time.perf_counter()
        parse_chat_log(text, owner=OWNER)
        elapsed = time.process_time() - cpu
        if elapsed > worst:
            worst_name, worst, worst_wall = name, elapsed, time.perf_counter() - wall
    print(
        f"hostile inputs of 1 MB: slowest {worst * 1000:.0f} ms of CPU time "
        f"({worst_wall * 1000:.0f} ms of wall time; {worst_name}); "
        f"limit {WORST_CASE_LIMIT_S * 1000:.0f} ms"
    )
    return 0 if median >= TARGET_MB_PER_S and worst <= WORST_CASE_LIMIT_S else 1


if __name__ == "__main__":
    sys.exit(main())
