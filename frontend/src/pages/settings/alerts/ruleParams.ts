import type { AlertKind, AlertRuleParams } from "../../../api/types";

/** What each kind of rule watches for, in the owner's words. */
export const KIND_LABELS: Record<AlertKind, { title: string; help: string }> = {
  watchlist_enters: { title: "Someone on a list enters", help: "A member of the lists you choose walks in." },
  big_spender_enters: {
    title: "A big spender enters",
    help: "Their all-time Statbate total reaches the amount (checked when their look-up lands too).",
  },
  recent_tips: { title: "Chaturbate says they tip a lot", help: "Their recentTips is one of the levels you choose." },
  first_visit_tip: { title: "A first-time visitor tips big", help: "Someone new to the room tips at least the amount at once." },
  noted_enters: { title: "Someone with a note enters", help: "You wrote a note about them; the alert quotes it." },
};

export const ALERT_KINDS = Object.keys(KIND_LABELS) as AlertKind[];

/** What a new rule of `kind` starts with: what the defaults use. */
export function defaultParams(kind: AlertKind, watchlistIds: number[]): AlertRuleParams {
  switch (kind) {
    case "watchlist_enters":
      return { watchlistIds: watchlistIds.slice(0, 1), minTokens: null, levels: [] };
    case "big_spender_enters":
      return { watchlistIds: [], minTokens: 10_000, levels: [] };
    case "first_visit_tip":
      return { watchlistIds: [], minTokens: 100, levels: [] };
    case "recent_tips":
      return { watchlistIds: [], minTokens: null, levels: ["lots", "tons"] };
    case "noted_enters":
      return { watchlistIds: [], minTokens: null, levels: [] };
  }
}

/** A rule's parameters as one line ("Friends, Ones to Watch", "≥ 10,000 tokens"). */
export function paramsSummary(
  kind: AlertKind,
  params: AlertRuleParams,
  watchlistNames: ReadonlyMap<number, string>,
): string {
  switch (kind) {
    case "watchlist_enters":
      return (params.watchlistIds ?? []).map((id) => watchlistNames.get(id) ?? `list ${id}`).join(", ");
    case "big_spender_enters":
    case "first_visit_tip":
      return `≥ ${(params.minTokens ?? 0).toLocaleString("en-US")} tokens`;
    case "recent_tips":
      return (params.levels ?? []).join(", ");
    case "noted_enters":
      return "any note";
  }
}
