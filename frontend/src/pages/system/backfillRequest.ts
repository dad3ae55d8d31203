import type { BackfillKind, BackfillRequest } from "../../api/types";

export const MAX_USERNAMES = 1000;

export type SnapshotTarget = "usernames" | "watchlist";

/** The start form as the controls hold it: text everywhere, "" for unset. */
export interface BackfillDraft {
  kind: BackfillKind;
  target: SnapshotTarget;
  usernames: string;
  watchlistId: string;
  since: string;
  until: string;
}

export const EMPTY_DRAFT: BackfillDraft = {
  kind: "statbate_snapshots",
  target: "usernames",
  usernames: "",
  watchlistId: "",
  since: "",
  until: "",
};

const USERNAME = /^[A-Za-z0-9_]{1,64}$/;

/** Names typed or pasted one per line, or separated by commas or spaces; "@name" works too. */
export function parseUsernames(text: string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const name = raw.replace(/^@/, "");
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    names.push(name);
  }
  return names;
}

export type DraftCheck = { ok: true; request: BackfillRequest } | { ok: false; message: string };

/** The request the draft stands for, or why it cannot be sent yet. */
export function checkDraft(draft: BackfillDraft): DraftCheck {
  if (draft.kind === "statbate_snapshots") {
    if (draft.target === "watchlist") {
      const watchlistId = Number(draft.watchlistId);
      if (!draft.watchlistId || !Number.isInteger(watchlistId)) return { ok: false, message: "Choose a watchlist." };
      return { ok: true, request: { kind: draft.kind, watchlistId } };
    }
    const usernames = parseUsernames(draft.usernames);
    if (usernames.length === 0) return { ok: false, message: "Enter at least one username." };
    const invalid = usernames.filter((name) => !USERNAME.test(name));
    if (invalid.length > 0) {
      const shown = invalid.slice(0, 3).join(", ");
      return { ok: false, message: `Not a username: ${shown}${invalid.length > 3 ? ` and ${invalid.length - 3} more` : ""}.` };
    }
    if (usernames.length > MAX_USERNAMES) {
      return { ok: false, message: `At most ${MAX_USERNAMES.toLocaleString("en-US")} names at a time (this is ${usernames.length.toLocaleString("en-US")}).` };
    }
    return { ok: true, request: { kind: draft.kind, usernames } };
  }
  // Tips and chat take an optional range of whole days: "until" includes its day.
  if (draft.since && draft.until && draft.since > draft.until) {
    return { ok: false, message: "“Since” must not be after “until”." };
  }
  const request: BackfillRequest = { kind: draft.kind };
  if (draft.since) request.since = draft.since;
  if (draft.until) request.until = draft.until;
  return { ok: true, request };
}
