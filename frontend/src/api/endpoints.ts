import { request, setCsrfToken } from "./client";
import type {
  AddedMember,
  Alias,
  Attribute,
  AttributeInput,
  CurrentSession,
  Failure,
  Health,
  Hudson,
  Interaction,
  InteractionSource,
  InteractionType,
  LoginRequest,
  LoginResponse,
  LookupRequest,
  LookupResponse,
  InteractionWithUsername,
  Me,
  Note,
  Page,
  PersonAnalysis,
  PersonDetail,
  PersonListItem,
  RadarRoom,
  Role,
  Session,
  SessionAnalysis,
  SessionDetail,
  SessionSummary,
  Snapshot,
  SnapshotSource,
  SuggestionDecision,
  WatchlistMember,
  WatchlistRef,
  WatchlistSummary,
} from "./types";

export interface Paging {
  limit?: number;
  offset?: number;
}

export type PeopleSort = "lastSeen" | "username" | "spend" | "firstSeen";
export type SortOrder = "asc" | "desc";

export interface PeopleFilters extends Paging {
  q?: string;
  role?: Role | "";
  watchlistId?: number | null;
  excluded?: boolean | null;
  seenSince?: string;
  minSpend?: number | null;
  sort?: PeopleSort;
  order?: SortOrder;
}

export interface InteractionFilters extends Paging {
  type?: InteractionType[];
  source?: InteractionSource | "";
  since?: string;
  until?: string;
  sessionId?: number | null;
  sort?: SortOrder;
}

// --- auth -----------------------------------------------------------------

export async function login(body: LoginRequest): Promise<LoginResponse> {
  const response = await request<LoginResponse>("POST", "/api/auth/login", {
    body,
    skipAuthRedirect: true,
  });
  setCsrfToken(response.csrfToken);
  return response;
}

export async function logout(): Promise<void> {
  try {
    await request<void>("POST", "/api/auth/logout", { skipAuthRedirect: true });
  } finally {
    setCsrfToken(null);
  }
}

export async function getMe(signal?: AbortSignal): Promise<Me> {
  const options = signal ? { signal, skipAuthRedirect: true } : { skipAuthRedirect: true };
  const me = await request<Me>("GET", "/api/auth/me", options);
  setCsrfToken(me.csrfToken);
  return me;
}

// --- lookup and people ----------------------------------------------------

export function lookup(body: LookupRequest): Promise<LookupResponse> {
  return request("POST", "/api/lookup", { body });
}

export function listPeople(filters: PeopleFilters): Promise<Page<PersonListItem>> {
  return request("GET", "/api/people", {
    query: {
      q: filters.q,
      role: filters.role,
      watchlistId: filters.watchlistId,
      excluded: filters.excluded,
      seenSince: filters.seenSince,
      minSpend: filters.minSpend,
      sort: filters.sort,
      order: filters.order,
      limit: filters.limit,
      offset: filters.offset,
    },
  });
}

export function getPerson(id: number): Promise<PersonDetail> {
  return request("GET", `/api/person/${id}`);
}

export function getSnapshots(
  id: number,
  params: Paging & { source?: SnapshotSource | "" },
): Promise<Page<Snapshot>> {
  return request("GET", `/api/person/${id}/snapshots`, {
    query: { source: params.source, limit: params.limit, offset: params.offset },
  });
}

export function getInteractions(id: number, filters: InteractionFilters): Promise<Page<Interaction>> {
  return request("GET", `/api/person/${id}/interactions`, {
    query: {
      type: filters.type ?? [],
      source: filters.source,
      since: filters.since,
      until: filters.until,
      sessionId: filters.sessionId,
      sort: filters.sort,
      limit: filters.limit,
      offset: filters.offset,
    },
  });
}

export function getAliases(id: number): Promise<Alias[]> {
  return request("GET", `/api/person/${id}/aliases`);
}

export function addNote(personId: number, content: string): Promise<Note> {
  return request("POST", `/api/person/${personId}/note`, { body: { content } });
}

export function updateNote(noteId: number, content: string): Promise<Note> {
  return request("PATCH", `/api/note/${noteId}`, { body: { content } });
}

export function deleteNote(noteId: number): Promise<void> {
  return request("DELETE", `/api/note/${noteId}`);
}

export function putAttributes(personId: number, attributes: AttributeInput[]): Promise<Attribute[]> {
  return request("PUT", `/api/person/${personId}/attributes`, { body: { attributes } });
}

export function getInteraction(id: number): Promise<InteractionWithUsername> {
  return request("GET", `/api/interaction/${id}`);
}

export function getSnapshot(id: number): Promise<Snapshot> {
  return request("GET", `/api/snapshot/${id}`);
}

// --- analysis -------------------------------------------------------------

/** 409 for an excluded person unless `includeExcluded`. */
export function getPersonAnalysis(id: number, includeExcluded = false): Promise<PersonAnalysis> {
  return request("GET", `/api/person/${id}/analysis`, {
    query: { includeExcluded: includeExcluded ? true : undefined },
  });
}

/** 409 when the analysis no longer suggests that key = value. */
export function acceptSuggestion(
  personId: number,
  decision: SuggestionDecision,
  includeExcluded = false,
): Promise<Attribute> {
  return request("POST", `/api/person/${personId}/analysis/accept`, {
    body: decision,
    query: { includeExcluded: includeExcluded ? true : undefined },
  });
}

export function dismissSuggestion(personId: number, decision: SuggestionDecision): Promise<void> {
  return request("POST", `/api/person/${personId}/analysis/dismiss`, { body: decision });
}

export function getSessionAnalysis(id: number): Promise<SessionAnalysis> {
  return request("GET", `/api/session/${id}/analysis`);
}

// --- sessions -------------------------------------------------------------

export function getCurrentSession(): Promise<CurrentSession> {
  return request("GET", "/api/session/current");
}

export function startSession(): Promise<Session> {
  return request("POST", "/api/session/start", { body: {} });
}

export function endSession(sessionId?: number): Promise<Session> {
  return request("POST", "/api/session/end", {
    body: sessionId === undefined ? {} : { sessionId },
  });
}

export function listSessions(paging: Paging): Promise<Page<SessionSummary>> {
  return request("GET", "/api/sessions", { query: { ...paging } });
}

export function getSession(
  id: number,
  params: Paging & { type?: InteractionType[] },
): Promise<SessionDetail> {
  return request("GET", `/api/session/${id}`, {
    query: { limit: params.limit, offset: params.offset, type: params.type ?? [] },
  });
}

// --- owner page -----------------------------------------------------------

export function getHudson(): Promise<Hudson> {
  return request("GET", "/api/hudson");
}

// --- live radar -----------------------------------------------------------

export function getRadarRoom(): Promise<RadarRoom> {
  return request("GET", "/api/radar/room");
}

/** Server-sent events; `after` names the last event already shown (first connection only). */
export function radarStreamUrl(after: number | null): string {
  return after === null ? "/api/radar/stream" : `/api/radar/stream?after=${after}`;
}

// --- watchlists -----------------------------------------------------------

export function listWatchlists(): Promise<WatchlistSummary[]> {
  return request("GET", "/api/watchlists");
}

export function createWatchlist(name: string): Promise<WatchlistRef> {
  return request("POST", "/api/watchlists", { body: { name } });
}

export function renameWatchlist(id: number, name: string): Promise<WatchlistRef> {
  return request("PATCH", `/api/watchlist/${id}`, { body: { name } });
}

export function deleteWatchlist(id: number): Promise<void> {
  return request("DELETE", `/api/watchlist/${id}`);
}

export function listWatchlistMembers(id: number, paging: Paging): Promise<Page<WatchlistMember>> {
  return request("GET", `/api/watchlist/${id}/members`, { query: { ...paging } });
}

export function addWatchlistMember(
  id: number,
  member: { personId: number } | { username: string },
): Promise<AddedMember> {
  return request("POST", `/api/watchlist/${id}/member`, { body: member });
}

export function removeWatchlistMember(id: number, personId: number): Promise<void> {
  return request("DELETE", `/api/watchlist/${id}/member/${personId}`);
}

// --- operations -----------------------------------------------------------

export function listFailures(paging: Paging): Promise<Page<Failure>> {
  return request("GET", "/api/failures", { query: { ...paging } });
}

export function getHealth(): Promise<Health> {
  return request("GET", "/api/health");
}
