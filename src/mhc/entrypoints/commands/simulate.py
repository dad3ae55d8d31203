"""`mhc simulate`: serve the loopback simulator of Chaturbate and Statbate until Ctrl-C."""

from __future__ import annotations

import argparse
import threading
from datetime import UTC, datetime

from mhc.entrypoints.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help="serve a simulated Chaturbate room and Statbate on loopback (demo, tests, bench)",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8900, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same world")
    parser.add_argument("--broadcaster", help="room owner (default: MHC_BROADCASTER)")
    parser.add_argument("--viewers", type=int, default=40, help="size of the population")
    parser.add_argument(
        "--events-per-second", type=float, default=1.0, help="room activity; 0 = none"
    )
    parser.add_argument(
        "--start-time",
        type=datetime.fromisoformat,
        help="virtual clock start (ISO); without it event times are the real time",
    )
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to answers")
    parser.add_argument("--fault-5xx", type=float, default=0.0, help="share of 5xx answers")
    parser.add_argument("--fault-429", type=float, default=0.0, help="share of 429 answers")
    parser.add_argument(
        "--retry-after", type=float, default=1.0, help="Retry-After seconds sent with 429"
    )
    parser.add_argument(
        "--fault-drop", type=float, default=0.0, help="share of answers cut mid-body"
    )
    parser.add_argument("--revoked-tokens", action="store_true", help="refuse every token")
    parser.add_argument(
        "--plus-session-expired", action="store_true", help="Statbate Plus redirects to login"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here, where only this command needs it (see cli.py).
    from mhc.simulator import Faults, SimulatorConfig, run_simulator

    start = args.start_time
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    config = SimulatorConfig(
        seed=args.seed,
        host=args.host,
        port=args.port,
        broadcaster=args.broadcaster or settings.broadcaster,
        viewers=args.viewers,
        start_time=start,
        events_per_second=args.events_per_second,
        faults=Faults(
            latency=args.latency,
            share_5xx=args.fault_5xx,
            share_429=args.fault_429,
            retry_after=args.retry_after,
            share_drop=args.fault_drop,
            revoked_tokens=args.revoked_tokens,
            plus_session_expired=args.plus_session_expired,
        ),
    )
    with run_simulator(config) as simulator:
        print(f"Simulator of Chaturbate and Statbate listening on {simulator.base_url}")
        print(f"  Events API     {simulator.base_url}/events/{config.broadcaster}/<token>/")
        print(f"  Stats API      {simulator.base_url}/statsapi/")
        print(f"  Statbate API   {simulator.statbate_api_base_url}")
        print(f"  Statbate Plus  {simulator.base_url}")
        print(f"  Pushover       {simulator.base_url}/1/")
        print("Point the panel at it (these are the simulator's own made-up credentials):")
        for name, value in simulator.environment().items():
            print(f"export {name}={value}")
        print("Ctrl-C stops it.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")
    return 0
