import { describe, expect, it } from "vitest";

import type { LookupResult } from "../api/types";
import { foundAsLabel, rankLookup, snippet, statbateAllTime } from "./lookupRank";

function result(id: number, tips: number | null, allTime: number | null, lastVisit: string | null): LookupResult {
  return {
    person: {
      id,
      username: `viewer_${id}`,
      platform: "chaturbate",
      role: "VIEWER",
      rid: null,
      did: null,
      firstSeenAt: "2026-01-01T00:00:00Z",
      lastSeenAt: "2026-01-01T00:00:00Z",
      isExcluded: false,
      aliases: [],
    },
    latestSnapshots:
      allTime === null
        ? []
        : [
            {
              id,
              personId: id,
              source: "statbate_member",
              capturedAt: "2026-01-01T00:00:00Z",
              normalizedMetrics: { all_time_tokens: allTime },
            },
          ],
    deltas: [],
    interactions: [],
    roomStats:
      tips === null
        ? null
        : { tipsTotal: tips, tipCount: 1, lastTipAt: null, messages: 0, visits: 1, lastSeenInRoomAt: lastVisit },
    notes: [],
    attributes: [],
    watchlists: [],
    foundAs: ["speaker"],
  };
}

describe("rankLookup", () => {
  it("test_ranks_by_tips_here_then_statbate_all_time_then_last_visit", () => {
    const ranked = rankLookup([
      result(1, 0, null, null),
      result(2, 500, 100, null),
      result(3, 0, 9000, null),
      result(4, 0, null, "2026-02-01T00:00:00Z"),
      result(5, 500, 20000, null),
      result(6, null, null, null),
    ]);

    expect(ranked.map((r) => r.person.id)).toEqual([5, 2, 3, 4, 1, 6]);
  });

  it("test_reads_all_time_tokens_of_the_member_snapshot_only", () => {
    expect(statbateAllTime(result(1, 0, 1234, null))).toBe(1234);
    expect(statbateAllTime(result(1, 0, null, null))).toBeNull();
  });
});

describe("labels", () => {
  it("test_says_where_a_name_was_read_and_cuts_notes", () => {
    expect(foundAsLabel(["speaker", "tip", "mention"])).toBe("spoke · tipped · @mention");
    expect(snippet("Tips big on Fridays\nand more")).toBe("Tips big on Fridays");
    expect(snippet("x".repeat(80), 10)).toBe(`${"x".repeat(9)}…`);
  });
});
