"""The reads the panel plans once (the radar's, the look-up's, some pages'): each timed on a
connection that plans it for every run's values and on one that plans it once, as the pools open
them.

Every read in the adapters' PLANNED_ONCE sets is timed, with the values the panel asks it for
(the newest page of the room and pages behind it, one person's cards and a page's, one name and
a paste's, the first page of each): warmed until psycopg has prepared it on both connections,
then run in turn on each, with the rows compared (but for the pages that show how long the live
show has run). A read that came out slower planned once would not belong there.

    uv run python bench/bench_plans.py                        # 1M interactions, filled here
    uv run python bench/bench_plans.py --database-url URL --keep --database-name mhc_bench_pages

`--keep` times a database bench_pages.py filled (at 10M, say) instead of filling one.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass
from typing import Any

import psycopg

from bench_pages import BENCH_DB, BULK_LOAD, OWNER, Shape, fill_database
from mhc.adapters.postgres import radar, read_models
from mhc.adapters.postgres.pool import connection_options
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.radar import CARD_NOTES, RADAR_TYPES
from room_panel import database_url_for, postgres_server

# psycopg prepares a statement on its sixth run on a connection.
WARM_RUNS = 8
PAGE = 200


@dataclass(frozen=True)
class Case:
    label: str
    folder: str
    query: str
    params: dict[str, Any]
    # Whether two reads a moment apart answer the same (the owner's page and the list of
    # sessions show how long the live show has run).
    steady: bool = True


def cases(conn: psycopg.Connection[Any]) -> list[Case]:
    """The reads with the values the panel asks them for, taken from the database."""

    def one(statement: str, *params: Any) -> Any:
        row = conn.execute(statement, params).fetchone()
        assert row is not None
        return row[0]

    newest = one("SELECT max(id) FROM interactions")
    whale = one("SELECT person_id FROM person_totals ORDER BY interactions DESC LIMIT 1")
    whale_name = one("SELECT username FROM persons WHERE id = %s", whale)
    in_the_room = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT person_id FROM (SELECT person_id FROM interactions"
            " WHERE source = 'cb_events' ORDER BY id DESC LIMIT 400) AS latest LIMIT %s",
            (PAGE,),
        )
    ]
    names = [
        row[0]
        for row in conn.execute("SELECT username FROM persons WHERE id = ANY(%s)", (in_the_room,))
    ]
    types = [str(t) for t in RADAR_TYPES]
    ended_session = one("SELECT max(id) FROM stream_sessions WHERE ended_at IS NOT NULL")
    biggest_list = one(
        "SELECT watchlist_id FROM watchlist_members GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    )

    def page(after: int) -> dict[str, Any]:
        return {"after": after, "limit": PAGE, "types": types}

    return [
        Case("following, from the newest event", "radar", "following", page(newest - 3)),
        Case("following, 5,000 events behind", "radar", "following", page(newest - 5_000)),
        Case("following, from the first event", "radar", "following", page(0)),
        Case("newest 50", "radar", "newest", {"after": 0, "limit": 50, "types": types}),
        Case(
            "card_facts, a whale",
            "radar",
            "card_facts",
            {"person_ids": [whale], "notes": CARD_NOTES},
        ),
        Case(
            f"card_facts, {len(in_the_room)} people",
            "radar",
            "card_facts",
            {"person_ids": in_the_room, "notes": CARD_NOTES},
        ),
        Case(
            f"card_fingerprints, {len(in_the_room)} people",
            "radar",
            "card_fingerprints",
            {"person_ids": in_the_room},
        ),
        Case(
            "find_persons, one name",
            "read_models",
            "find_persons",
            {"names": [whale_name], "platform": "chaturbate"},
        ),
        Case(
            f"find_persons, {len(names)} names",
            "read_models",
            "find_persons",
            {"names": names, "platform": "chaturbate"},
        ),
        Case(
            "person_bundles, a whale",
            "read_models",
            "person_bundles",
            {"person_ids": [whale], "interactions_limit": 20},
        ),
        Case(
            f"person_bundles, {len(in_the_room)} people",
            "read_models",
            "person_bundles",
            {"person_ids": in_the_room, "interactions_limit": 20},
        ),
        Case(
            "session_summaries, the first page",
            "read_models",
            "session_summaries",
            {"broadcaster": OWNER, "limit": 20, "offset": 0},
            steady=False,
        ),
        Case(
            "session_detail, the last show",
            "read_models",
            "session_detail",
            {"session_id": ended_session, "types": None, "limit": 50, "offset": 0},
        ),
        Case(
            "watchlist_members, the largest list",
            "read_models",
            "watchlist_members",
            {"watchlist_id": biggest_list, "broadcaster": OWNER, "limit": 25, "offset": 0},
        ),
        Case(
            "hudson_overview",
            "read_models",
            "hudson_overview",
            {"broadcaster": OWNER, "recent_limit": 25, "session_limit": 10},
            steady=False,
        ),
    ]


def timed(conn: psycopg.Connection[Any], query: str, params: dict[str, Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    rows = conn.execute(query, params).fetchall()
    return time.perf_counter() - started, rows


def compare(database_url: str, runs: int) -> list[tuple[str, float, float]]:
    """Each read's median time planned for each run and planned once."""

    def connect(*, generic_plans: bool) -> psycopg.Connection[Any]:
        options = connection_options(generic_plans=generic_plans)
        return psycopg.connect(database_url, autocommit=True, options=options)

    results = []
    with connect(generic_plans=False) as each_run, connect(generic_plans=True) as once:
        planned = cases(each_run)
        covered = {(case.folder, case.query) for case in planned}
        every = {("radar", q) for q in radar.PLANNED_ONCE} | {
            ("read_models", q) for q in read_models.PLANNED_ONCE
        }
        assert covered == every, f"not timed: {sorted(every - covered)}"
        for case in planned:
            query = load_queries(case.folder)[case.query]
            for conn in (each_run, once):
                for _ in range(WARM_RUNS):
                    timed(conn, query, case.params)
            times: dict[bool, list[float]] = {False: [], True: []}
            for _ in range(runs):
                for generic, conn in ((False, each_run), (True, once)):
                    seconds, _ = timed(conn, query, case.params)
                    times[generic].append(seconds)
            if case.steady:
                same = timed(each_run, query, case.params)[1] == timed(once, query, case.params)[1]
                assert same, f"{case.label}: the two plans answered differently"
            results.append(
                (case.label, statistics.median(times[False]), statistics.median(times[True]))
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each read on each")
    parser.add_argument("--database-url", help="a server where the bench may create its database")
    parser.add_argument("--keep", action="store_true", help="time the filled database as it is")
    parser.add_argument("--database-name", default=BENCH_DB, help="the database to fill and use")
    args = parser.parse_args()

    with postgres_server(args.database_url, **BULK_LOAD) as server_url:
        if args.keep:
            database_url = database_url_for(server_url, args.database_name)
        else:
            shape = Shape.of(args.interactions, None)
            database_url, _ = fill_database(server_url, shape, args.database_name)
        with psycopg.connect(database_url) as conn:
            size = conn.execute("SELECT count(*) FROM interactions").fetchone()
        results = compare(database_url, args.runs)

    print(f"\n{size[0] if size else 0:,} interactions; medians of {args.runs} runs in turn")
    print(f"{'read':40s} {'planned each run':>17s} {'planned once':>13s} {'ratio':>6s}")
    for label, each_run, once in results:
        print(
            f"{label:40s} {each_run * 1000:14.2f} ms {once * 1000:10.2f} ms {once / each_run:5.2f}x"
        )


if __name__ == "__main__":
    main()
