import type { InteractionFilters, Paging, PeopleFilters } from "./endpoints";

// Invalidating a key also invalidates every key it starts: `person(id)` covers that person's
// snapshots, interactions and analyses. The prefixes below are named so that mutations
// invalidate them by name, and the keys under them are built from them.
const allSessions = ["sessions"] as const;
const person = (id: number) => ["person", id] as const;
const personAnalyses = (id: number) => [...person(id), "analysis"] as const;
const watchlists = ["watchlists"] as const;
const watchlistMemberPages = (id: number) => [...watchlists, id, "members"] as const;
const allBackfills = ["backfills"] as const;
const alerts = ["alerts"] as const;

/** TanStack Query keys, in one place so that mutations invalidate the right caches. */
export const keys = {
  me: ["me"] as const,
  apiKeys: ["account", "keys"] as const,
  browserSessions: ["account", "sessions"] as const,
  totp: ["account", "totp"] as const,
  setup: (token: string) => ["setup", token] as const,
  erasurePlan: (personId: number) => ["erasure-plan", personId] as const,
  currentSession: ["session", "current"] as const,
  /** Every page of the session list. */
  allSessions,
  sessions: (paging: Paging) => [...allSessions, paging] as const,
  session: (id: number, paging: Paging) => ["session", id, paging] as const,
  hudson: ["hudson"] as const,
  people: (filters: PeopleFilters) => ["people", filters] as const,
  /** A person's detail, and the prefix of everything else loaded about them. */
  person,
  personSnapshots: (id: number, source: string) => [...person(id), "snapshots", source] as const,
  personInteractions: (id: number, filters: InteractionFilters) =>
    [...person(id), "interactions", filters] as const,
  personAliases: (id: number) => [...person(id), "aliases"] as const,
  personCommunications: (id: number) => [...person(id), "communications"] as const,
  /** A person's analysis with and without excluded people's data. */
  personAnalyses,
  personAnalysis: (id: number, includeExcluded: boolean) => [...personAnalyses(id), includeExcluded] as const,
  sessionAnalysis: (id: number) => ["session", id, "analysis"] as const,
  sessionReport: (id: number) => ["session", id, "report"] as const,
  settings: ["settings"] as const,
  interaction: (id: number) => ["interaction", id] as const,
  snapshot: (id: number) => ["snapshot", id] as const,
  radarRoom: ["radar", "room"] as const,
  /** The lists with their counts, and the prefix of every list's member pages. */
  watchlists,
  /** Every page of one list's members. */
  watchlistMemberPages,
  watchlistMembers: (id: number, paging: Paging) => [...watchlistMemberPages(id), paging] as const,
  failures: (paging: Paging) => ["failures", paging] as const,
  recentFailures: ["failures", "recent"] as const,
  health: ["health"] as const,
  jobs: ["jobs"] as const,
  drift: (paging: Paging) => ["drift", paging] as const,
  /** Every page of the backfill list and every single backfill followed on its own. */
  allBackfills,
  backfills: (paging: Paging) => [...allBackfills, paging] as const,
  backfill: (id: number) => [...allBackfills, "one", id] as const,
  erasures: (paging: Paging) => ["erasures", paging] as const,
  connections: ["connections"] as const,
  personFlags: (id: number) => [...person(id), "chaturbate"] as const,
  /** The alert rules, settings and every page of the log. */
  alerts,
  alertRules: [...alerts, "rules"] as const,
  alertSettings: [...alerts, "settings"] as const,
  alertLog: (paging: Paging) => [...alerts, "log", paging] as const,
};
