import type { InteractionFilters, Paging, PeopleFilters } from "./endpoints";

/** TanStack Query keys, in one place so that mutations invalidate the right caches. */
export const keys = {
  me: ["me"] as const,
  currentSession: ["session", "current"] as const,
  sessions: (paging: Paging) => ["sessions", paging] as const,
  session: (id: number, paging: Paging) => ["session", id, paging] as const,
  hudson: ["hudson"] as const,
  people: (filters: PeopleFilters) => ["people", filters] as const,
  person: (id: number) => ["person", id] as const,
  personSnapshots: (id: number, source: string) => ["person", id, "snapshots", source] as const,
  personInteractions: (id: number, filters: InteractionFilters) =>
    ["person", id, "interactions", filters] as const,
  personAliases: (id: number) => ["person", id, "aliases"] as const,
  personAnalysis: (id: number, includeExcluded: boolean) =>
    ["person", id, "analysis", includeExcluded] as const,
  sessionAnalysis: (id: number) => ["session", id, "analysis"] as const,
  interaction: (id: number) => ["interaction", id] as const,
  snapshot: (id: number) => ["snapshot", id] as const,
  radarRoom: ["radar", "room"] as const,
  watchlists: ["watchlists"] as const,
  watchlistMembers: (id: number, paging: Paging) => ["watchlists", id, "members", paging] as const,
  failures: (paging: Paging) => ["failures", paging] as const,
  recentFailures: ["failures", "recent"] as const,
  health: ["health"] as const,
  jobs: ["jobs"] as const,
  drift: (paging: Paging) => ["drift", paging] as const,
  backfills: (paging: Paging) => ["backfills", paging] as const,
  backfill: (id: number) => ["backfills", "one", id] as const,
  erasures: (paging: Paging) => ["erasures", paging] as const,
};
