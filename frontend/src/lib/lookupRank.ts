import type { LookupResult } from "../api/types";
import { isNumber } from "./format";

/** A member's all-time tokens from their newest Statbate member snapshot; null when unknown. */
export function statbateAllTime(result: LookupResult): number | null {
  const snapshot = result.latestSnapshots.find((item) => item.source === "statbate_member");
  const tokens = snapshot?.normalizedMetrics["all_time_tokens"];
  return isNumber(tokens) ? tokens : null;
}

function time(iso: string | null | undefined): number {
  return iso ? Date.parse(iso) || 0 : 0;
}

/**
 * The order of a lookup's table: who tipped most here first, then who spends most on the site
 * (Statbate all-time), then who was in the room last; ties keep the order of the paste.
 */
export function rankLookup(people: readonly LookupResult[]): LookupResult[] {
  return people
    .map((result, index) => ({ result, index }))
    .sort((a, b) => {
      const tips = (b.result.roomStats?.tipsTotal ?? 0) - (a.result.roomStats?.tipsTotal ?? 0);
      if (tips) return tips;
      const spend = (statbateAllTime(b.result) ?? -1) - (statbateAllTime(a.result) ?? -1);
      if (spend) return spend;
      const visit = time(b.result.roomStats?.lastSeenInRoomAt) - time(a.result.roomStats?.lastSeenInRoomAt);
      return visit || a.index - b.index;
    })
    .map(({ result }) => result);
}

const PLACES: Record<string, string> = {
  typed: "typed",
  speaker: "spoke",
  tip: "tipped",
  mention: "@mention",
  url: "profile link",
  list: "list",
  field: "export",
};

/** Where a lookup read a name, in words: "spoke · tipped". */
export function foundAsLabel(places: readonly string[]): string {
  return places.map((place) => PLACES[place] ?? place).join(" · ");
}

/** The first line of a note, cut to `length` characters. */
export function snippet(text: string, length = 60): string {
  const line = text.split("\n", 1)[0]?.trim() ?? "";
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
