"""Throughput of `extract_usernames` on ~20 MB of generated, realistic pasted room chat.

Run: `uv run python bench/bench_username_extraction.py [--megabytes 20] [--runs 5]`.
The text is generated from a fixed seed, so every run measures the same input.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from mhc.domain.usernames import extract_usernames

PHRASES = (
    "hello there",
    "hi friend",
    "love this room",
    "so hot",
    "wow nice body",
    "please more",
    "lol haha omg",
    "yes no maybe later",
    "show me your smile",
    "good evening from berlin",
    "what time is it where you are",
    "great music",
    "thanks for the tip",
    "welcome back",
)
BADGES = ("", "", "", "👑 ", "💎 ", "[Fan] ", "(m) ", "⭐ ", "🔥🔥 ")


def generate_chat(megabytes: float, seed: int = 20260101) -> str:
    """Deterministic chat log of about `megabytes` MB (UTF-8)."""
    rng = random.Random(seed)
    names = [
        f"{rng.choice(['big', 'shy', 'night', 'cam', 'tok', 'hot'])}_"
        f"{rng.choice(['tipper', 'viewer', 'owl', 'fan', 'lover', 'guy'])}_{n}"
        for n in range(5000)
    ]
    target = int(megabytes * 1_000_000)
    lines: list[str] = []
    size = 0
    while size < target:
        name = rng.choice(names)
        stamp = f"[{rng.randrange(24):02d}:{rng.randrange(60):02d}] "
        roll = rng.random()
        message = " ".join(rng.choices(PHRASES, k=rng.randrange(1, 6)))
        if roll < 0.55:
            line = f"{stamp}{rng.choice(BADGES)}{name}: {message}"
        elif roll < 0.67:
            line = f"{name}: {message} @{rng.choice(names)} {message}"
        elif roll < 0.79:
            tokens = rng.choice((1, 5, 25, 50, 100, 500))
            line = f"{stamp}{name} tipped {tokens} tokens -- {message}"
        elif roll < 0.85:
            line = f"Notice: Welcome {name}! Please read the room rules."
        elif roll < 0.90:
            line = f"{name} has joined the room."
        elif roll < 0.95:
            line = ", ".join(rng.choices(names, k=rng.randrange(2, 8)))
        else:
            line = f"check https://chaturbate.com/{name}/ and chaturbate.com/{rng.choice(names)}"
        lines.append(line)
        size += len(line.encode()) + 1
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    text = generate_chat(args.megabytes)
    megabytes = len(text.encode()) / 1_000_000
    rates = []
    found = 0
    for _ in range(args.runs):
        started = time.perf_counter()
        found = len(extract_usernames(text))
        rates.append(megabytes / (time.perf_counter() - started))
    print(
        f"extract_usernames: {megabytes:.1f} MB, {found} distinct usernames, "
        f"median {statistics.median(rates):.1f} MB/s over {args.runs} runs "
        f"(min {min(rates):.1f}, max {max(rates):.1f})"
    )


if __name__ == "__main__":
    main()
