import { queryOptions } from "@tanstack/react-query";

import {
  getInteraction,
  getMe,
  getSettings,
  getSnapshot,
  listConnections,
  listFailures,
  listWatchlists,
  type Paging,
} from "./endpoints";
import { keys } from "./keys";

// Queries that more than one view loads: each key is paired with its fetcher once, so two views
// never put different answers under the same key. Views add their own options (polling,
// `enabled`) by spreading these.

/** Who is signed in (and the CSRF token writes need): asked once, kept until a change. */
export function meQuery() {
  return queryOptions({ queryKey: keys.me, queryFn: ({ signal }) => getMe(signal), staleTime: Infinity });
}

/** The owner's settings (his clock): asked once, kept until he changes them. */
export function settingsQuery() {
  return queryOptions({ queryKey: keys.settings, queryFn: getSettings, staleTime: Infinity });
}

export function watchlistsQuery() {
  return queryOptions({ queryKey: keys.watchlists, queryFn: listWatchlists });
}

export function interactionQuery(id: number) {
  return queryOptions({ queryKey: keys.interaction(id), queryFn: () => getInteraction(id) });
}

export function snapshotQuery(id: number) {
  return queryOptions({ queryKey: keys.snapshot(id), queryFn: () => getSnapshot(id) });
}

export function failuresQuery(paging: Paging) {
  return queryOptions({ queryKey: keys.failures(paging), queryFn: () => listFailures(paging) });
}

export function connectionsQuery() {
  return queryOptions({ queryKey: keys.connections, queryFn: listConnections });
}
