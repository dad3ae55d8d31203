import type { EntryCard, HighlightGround } from "../../api/types";
import { formatNumber, formatRelative } from "../../lib/format";

/**
 * A highlight's ground in words, with the card's own figures: the reason beside the figures
 * can never name another total than they show (the room's total grows with every live tip).
 */
export function groundText(ground: HighlightGround, card: EntryCard): string {
  switch (ground.kind) {
    case "statbate_total":
      return `${formatNumber(card.statbateAllTimeTokens ?? ground.tokens)} tokens tipped all-time on Statbate`;
    case "room_tips":
      return `${formatNumber(card.roomTipsTotal)} tokens tipped in this room`;
    case "recent_tips":
      return `tipped ${ground.level ?? "a lot"} lately, says Chaturbate`;
    case "watchlist":
      return `on ${ground.watchlists.join(", ")}`;
  }
}

export type LookupTone = "muted" | "busy" | "ok" | "warn";

export interface LookupLine {
  state: "none" | "queued" | "retrying" | "found" | "not_found" | "failed" | "stored";
  text: string;
  tone: LookupTone;
  /** Why the last attempt failed, for a link to the failure log. */
  error: string | null;
}

/** Where the card's Statbate figure comes from, and whether a look-up is on its way. */
/** `statbateConnected`: false when no Statbate token is set (a look-up cannot happen). */
export function lookupLine(card: EntryCard, now: Date, statbateConnected?: boolean): LookupLine {
  const lookup = card.lookup;
  if (lookup?.state === "queued") {
    if (lookup.error) return { state: "retrying", text: "look-up failed, retrying", tone: "warn", error: lookup.error };
    return { state: "queued", text: "looking up on Statbate…", tone: "busy", error: null };
  }
  if (lookup?.state === "not_found") {
    return { state: "not_found", text: `not on Statbate (checked ${formatRelative(lookup.at, now)})`, tone: "muted", error: null };
  }
  if (lookup?.state === "failed") {
    return { state: "failed", text: "look-up failed", tone: "warn", error: lookup.error ?? null };
  }
  if (card.statbateCapturedAt) {
    const state = lookup?.state === "found" ? "found" : "stored";
    return { state, text: `looked up ${formatRelative(card.statbateCapturedAt, now)}`, tone: "ok", error: null };
  }
  if (statbateConnected === false) return { state: "none", text: "needs Statbate", tone: "muted", error: null };
  return { state: "none", text: "not looked up", tone: "muted", error: null };
}
