"""The simulator's own cost of one room event, in a room of a hundred and after a raid.

Run: `uv run python bench/bench_simulator_room.py [--viewers 200] [--raid 1000] [--steps 2000]
[--rounds 5]`.

The simulator stands in for Chaturbate on the machine the panel runs on in the load bench
(`bench_load.py`), so what it spends is taken from the panel under test. A live broadcast of
`--viewers` viewers runs 400 events to fill the room, then `--raid` new viewers walk in (none
for the first figure), then `--steps` events are timed: the process's CPU time per event,
median of `--rounds` rounds, each on a fresh room, with the number of people present at the end.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime

from mhc.simulator.world import World

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
# Longer than any run: the broadcast must not stop (a stop sends everyone out).
FOREVER = 10**9
FILL_STEPS = 400
EVENTS_PER_SECOND = 200


def one_round(viewers: int, raid: int, steps: int, seed: int) -> tuple[float, int]:
    """CPU seconds per event, and how many are present at the end."""
    room = World(
        seed=seed,
        broadcaster="hudson_cage",
        viewer_count=viewers,
        start=START,
        broadcast_length=(FOREVER, FOREVER),
    )
    room.start_broadcast()
    for _ in range(FILL_STEPS):
        room.step()
    for number in range(raid):
        room.enter(f"raider_{number:04d}")
    started = time.process_time()
    for _ in range(steps):
        room.step()
    spent = (time.process_time() - started) / steps
    return spent, sum(viewer.present for viewer in room.viewers.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--raid", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{'room':<24} {'present':>8} {'µs/event':>9} {f'cores at {EVENTS_PER_SECOND}/s':>15}")
    for label, raid in (("before the raid", 0), (f"after a raid of {args.raid:,}", args.raid)):
        rounds = [one_round(args.viewers, raid, args.steps, seed) for seed in range(args.rounds)]
        per_event = statistics.median(spent for spent, _ in rounds)
        present = round(statistics.median(count for _, count in rounds))
        print(
            f"{label:<24} {present:>8} {per_event * 1e6:>9.1f} "
            f"{per_event * EVENTS_PER_SECOND:>15.3f}"
        )


if __name__ == "__main__":
    main()
