import { buildQuery, request, setCsrfToken } from "./client";
import type {
  BodyOf,
  ConnectionName,
  ExportFormat,
  InteractionSource,
  InteractionType,
  LookupRequest,
  LoginRequest,
  NewPersonMessage,
  PasteRequest,
  PeopleSort,
  QueryOf,
  ResponseOf,
  Role,
  SnapshotSource,
  SortOrder,
  SuggestionDecision,
} from "./types";

export type Paging = Pick<QueryOf<"listFailures">, "limit" | "offset">;

export type { PeopleSort, SortOrder };

// The filter objects below are page state (also the query-cache keys): "" means "any", as the
// form controls give it. Each endpoint turns them into its generated query type.

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

export async function login(body: LoginRequest): Promise<ResponseOf<"login">> {
  const response = await request<ResponseOf<"login">>("POST", "/api/auth/login", {
    body,
    skipAuthRedirect: true,
  });
  setCsrfToken(response.csrfToken);
  return response;
}

export async function logout(): Promise<void> {
  try {
    await request<ResponseOf<"logout">>("POST", "/api/auth/logout", { skipAuthRedirect: true });
  } finally {
    setCsrfToken(null);
  }
}

export async function getMe(signal?: AbortSignal): Promise<ResponseOf<"me">> {
  const options = signal ? { signal, skipAuthRedirect: true } : { skipAuthRedirect: true };
  const me = await request<ResponseOf<"me">>("GET", "/api/auth/me", options);
  setCsrfToken(me.csrfToken);
  return me;
}

// --- the owner's account --------------------------------------------------

export function listApiKeys(): Promise<ResponseOf<"listApiKeys">> {
  return request("GET", "/api/auth/keys");
}

/** 403 when the password is wrong (the session stays). */
export function createApiKey(body: BodyOf<"createApiKey">): Promise<ResponseOf<"createApiKey">> {
  return request("POST", "/api/auth/keys", { body });
}

export function revokeApiKey(id: number, password: string): Promise<ResponseOf<"revokeApiKey">> {
  return request("POST", `/api/auth/keys/${id}/revoke`, {
    body: { password } satisfies BodyOf<"revokeApiKey">,
  });
}

export function getTotp(): Promise<ResponseOf<"getTotp">> {
  return request("GET", "/api/auth/totp");
}

export function setupTotp(password: string): Promise<ResponseOf<"setupTotp">> {
  return request("POST", "/api/auth/totp/setup", { body: { password } satisfies BodyOf<"setupTotp"> });
}

export function enableTotp(code: string): Promise<ResponseOf<"enableTotp">> {
  return request("POST", "/api/auth/totp/enable", { body: { code } satisfies BodyOf<"enableTotp"> });
}

export function disableTotp(password: string): Promise<ResponseOf<"disableTotp">> {
  return request("POST", "/api/auth/totp/disable", {
    body: { password } satisfies BodyOf<"disableTotp">,
  });
}

export function listBrowserSessions(): Promise<ResponseOf<"listBrowserSessions">> {
  return request("GET", "/api/auth/sessions");
}

export function endBrowserSession(id: number): Promise<ResponseOf<"endBrowserSession">> {
  return request("DELETE", `/api/auth/sessions/${id}`);
}

export async function endEveryBrowserSession(): Promise<ResponseOf<"endEveryBrowserSession">> {
  const ended = await request<ResponseOf<"endEveryBrowserSession">>("POST", "/api/auth/sessions/end-all");
  setCsrfToken(null);
  return ended;
}

export async function changePassword(body: BodyOf<"changePassword">): Promise<ResponseOf<"changePassword">> {
  const response = await request<ResponseOf<"changePassword">>("POST", "/api/auth/password", { body });
  setCsrfToken(response.csrfToken);
  return response;
}

// --- the first run --------------------------------------------------------

export function getSetup(token: string, signal?: AbortSignal): Promise<ResponseOf<"getSetup">> {
  return request("GET", "/api/setup", {
    query: { token } satisfies QueryOf<"getSetup">,
    skipAuthRedirect: true,
    ...(signal ? { signal } : {}),
  });
}

export function completeSetup(body: BodyOf<"completeSetup">): Promise<ResponseOf<"completeSetup">> {
  return request("POST", "/api/setup", { body, skipAuthRedirect: true });
}

// --- lookup and people ----------------------------------------------------

export function lookup(body: LookupRequest): Promise<ResponseOf<"lookup">> {
  return request("POST", "/api/lookup", { body });
}

/** The person of a name; created when the name is new to the panel (`created`). */
export function openPerson(username: string): Promise<ResponseOf<"openPerson">> {
  return request("POST", "/api/people", { body: { username } satisfies BodyOf<"openPerson"> });
}

// --- pasted chat, PMs and DMs ---------------------------------------------

export function previewPaste(body: PasteRequest): Promise<ResponseOf<"previewPaste">> {
  return request("POST", "/api/paste/preview", { body });
}

export function savePaste(body: PasteRequest): Promise<ResponseOf<"savePaste">> {
  return request("POST", "/api/paste/save", { body });
}

export function getCommunications(personId: number): Promise<ResponseOf<"getPersonCommunications">> {
  return request("GET", `/api/person/${personId}/communications`);
}

export function addPersonMessage(
  personId: number,
  body: NewPersonMessage,
): Promise<ResponseOf<"addPersonMessage">> {
  return request("POST", `/api/person/${personId}/messages`, { body });
}

export function listPeople(filters: PeopleFilters): Promise<ResponseOf<"listPeople">> {
  return request("GET", "/api/people", {
    query: {
      q: filters.q,
      role: filters.role || undefined,
      watchlistId: filters.watchlistId,
      excluded: filters.excluded,
      seenSince: filters.seenSince,
      minSpend: filters.minSpend,
      sort: filters.sort,
      order: filters.order,
      limit: filters.limit,
      offset: filters.offset,
    } satisfies QueryOf<"listPeople">,
  });
}

export function getPerson(id: number): Promise<ResponseOf<"getPerson">> {
  return request("GET", `/api/person/${id}`);
}

export function getSnapshots(
  id: number,
  params: Paging & { source?: SnapshotSource | "" },
): Promise<ResponseOf<"listPersonSnapshots">> {
  return request("GET", `/api/person/${id}/snapshots`, {
    query: {
      source: params.source || undefined,
      limit: params.limit,
      offset: params.offset,
    } satisfies QueryOf<"listPersonSnapshots">,
  });
}

export function getInteractions(
  id: number,
  filters: InteractionFilters,
): Promise<ResponseOf<"listPersonInteractions">> {
  return request("GET", `/api/person/${id}/interactions`, {
    query: {
      type: filters.type ?? [],
      source: filters.source ? [filters.source] : [],
      since: filters.since,
      until: filters.until,
      sessionId: filters.sessionId,
      sort: filters.sort,
      limit: filters.limit,
      offset: filters.offset,
    } satisfies QueryOf<"listPersonInteractions">,
  });
}

export function getAliases(id: number): Promise<ResponseOf<"listPersonAliases">> {
  return request("GET", `/api/person/${id}/aliases`);
}

export function addNote(personId: number, content: string): Promise<ResponseOf<"addPersonNote">> {
  return request("POST", `/api/person/${personId}/note`, {
    body: { content } satisfies BodyOf<"addPersonNote">,
  });
}

export function updateNote(noteId: number, content: string): Promise<ResponseOf<"editNote">> {
  return request("PATCH", `/api/note/${noteId}`, {
    body: { content } satisfies BodyOf<"editNote">,
  });
}

export function deleteNote(noteId: number): Promise<ResponseOf<"deleteNote">> {
  return request("DELETE", `/api/note/${noteId}`);
}

export function putAttributes(
  personId: number,
  attributes: BodyOf<"setPersonAttributes">["attributes"],
): Promise<ResponseOf<"setPersonAttributes">> {
  return request("PUT", `/api/person/${personId}/attributes`, {
    body: { attributes } satisfies BodyOf<"setPersonAttributes">,
  });
}

export function planPersonErasure(personId: number): Promise<ResponseOf<"planPersonErasure">> {
  return request("GET", `/api/person/${personId}/erasure`);
}

/** 400 unless `confirm` is the person's username. */
export function erasePerson(
  personId: number,
  body: BodyOf<"erasePerson">,
): Promise<ResponseOf<"erasePerson">> {
  return request("POST", `/api/person/${personId}/erasure`, { body });
}

export function getInteraction(id: number): Promise<ResponseOf<"getInteraction">> {
  return request("GET", `/api/interaction/${id}`);
}

export function getSnapshot(id: number): Promise<ResponseOf<"getSnapshot">> {
  return request("GET", `/api/snapshot/${id}`);
}

// --- analysis -------------------------------------------------------------

/** 409 for an excluded person unless `includeExcluded`. */
export function getPersonAnalysis(
  id: number,
  includeExcluded = false,
): Promise<ResponseOf<"getPersonAnalysis">> {
  return request("GET", `/api/person/${id}/analysis`, {
    query: {
      includeExcluded: includeExcluded ? true : undefined,
    } satisfies QueryOf<"getPersonAnalysis">,
  });
}

/** 409 when the analysis no longer suggests that key = value. */
export function acceptSuggestion(
  personId: number,
  decision: SuggestionDecision,
  includeExcluded = false,
): Promise<ResponseOf<"acceptSuggestion">> {
  return request("POST", `/api/person/${personId}/analysis/accept`, {
    body: decision satisfies BodyOf<"acceptSuggestion">,
    query: {
      includeExcluded: includeExcluded ? true : undefined,
    } satisfies QueryOf<"acceptSuggestion">,
  });
}

export function dismissSuggestion(
  personId: number,
  decision: SuggestionDecision,
): Promise<ResponseOf<"dismissSuggestion">> {
  return request("POST", `/api/person/${personId}/analysis/dismiss`, {
    body: decision satisfies BodyOf<"dismissSuggestion">,
  });
}

/** Snapshots the person's Statbate tag spending, top models and activity; 409 when excluded,
 * 502 when Statbate fails on every part. */
export function captureStatbateProfile(personId: number): Promise<ResponseOf<"captureStatbateProfile">> {
  return request("POST", `/api/person/${personId}/statbate-profile`);
}

export function getSessionAnalysis(id: number): Promise<ResponseOf<"getSessionAnalysis">> {
  return request("GET", `/api/session/${id}/analysis`);
}

// --- sessions -------------------------------------------------------------

export function getCurrentSession(): Promise<ResponseOf<"getCurrentSession">> {
  return request("GET", "/api/session/current");
}

export function startSession(): Promise<ResponseOf<"startSession">> {
  return request("POST", "/api/session/start", { body: {} });
}

export function endSession(sessionId?: number): Promise<ResponseOf<"endSession">> {
  return request("POST", "/api/session/end", {
    body: (sessionId === undefined ? {} : { sessionId }) satisfies BodyOf<"endSession">,
  });
}

export function listSessions(paging: Paging): Promise<ResponseOf<"listSessions">> {
  return request("GET", "/api/sessions", {
    query: { ...paging } satisfies QueryOf<"listSessions">,
  });
}

export function getSession(
  id: number,
  params: Paging & { type?: InteractionType[] },
): Promise<ResponseOf<"getSession">> {
  return request("GET", `/api/session/${id}`, {
    query: {
      limit: params.limit,
      offset: params.offset,
      type: params.type ?? [],
    } satisfies QueryOf<"getSession">,
  });
}

/** The session's stream report, as Markdown (the same text for the same data). */
export function getSessionReport(id: number): Promise<string> {
  return request("GET", `/api/sessions/${id}/report`, { text: "text/markdown" });
}

export function setSessionTheme(id: number, theme: string): Promise<ResponseOf<"setSessionTheme">> {
  return request("PUT", `/api/sessions/${id}/theme`, {
    body: { theme } satisfies BodyOf<"setSessionTheme">,
  });
}

// --- settings -------------------------------------------------------------

export function getSettings(): Promise<ResponseOf<"getSettings">> {
  return request("GET", "/api/settings");
}

/** 400 naming the field when the zone is not an IANA name the server knows. */
export function updateSettings(settings: BodyOf<"updateSettings">): Promise<ResponseOf<"updateSettings">> {
  return request("PUT", "/api/settings", { body: settings });
}

// --- owner page -----------------------------------------------------------

export function getHudson(): Promise<ResponseOf<"getHudson">> {
  return request("GET", "/api/hudson");
}

// --- live radar -----------------------------------------------------------

export function getRadarRoom(): Promise<ResponseOf<"getRadarRoom">> {
  return request("GET", "/api/radar/room");
}

/** Server-sent events; `after` names the last event already shown (first connection only). */
export function radarStreamUrl(after: number | null): string {
  return after === null ? "/api/radar/stream" : `/api/radar/stream?after=${after}`;
}

export function getPersonFlags(personId: number): Promise<ResponseOf<"getPersonChaturbateFlags">> {
  return request("GET", `/api/person/${personId}/chaturbate`);
}

// --- alerts ---------------------------------------------------------------

/** Server-sent events: every new alert (EventSource resumes with Last-Event-ID on its own). */
export const ALERT_STREAM_URL = "/api/alerts/stream";

export function listAlerts(paging: Paging): Promise<ResponseOf<"listAlerts">> {
  return request("GET", "/api/alerts", {
    query: { limit: paging.limit, offset: paging.offset } satisfies QueryOf<"listAlerts">,
  });
}

export function listAlertRules(): Promise<ResponseOf<"listAlertRules">> {
  return request("GET", "/api/alerts/rules");
}

export function createAlertRule(body: BodyOf<"createAlertRule">): Promise<ResponseOf<"createAlertRule">> {
  return request("POST", "/api/alerts/rules", { body });
}

export function updateAlertRule(
  ruleId: number,
  body: BodyOf<"updateAlertRule">,
): Promise<ResponseOf<"updateAlertRule">> {
  return request("PATCH", `/api/alerts/rules/${ruleId}`, { body });
}

export function deleteAlertRule(ruleId: number): Promise<void> {
  return request("DELETE", `/api/alerts/rules/${ruleId}`);
}

export function muteAlertRule(ruleId: number, minutes: number): Promise<ResponseOf<"muteAlertRule">> {
  return request("POST", `/api/alerts/rules/${ruleId}/mute`, {
    body: { minutes } satisfies BodyOf<"muteAlertRule">,
  });
}

export function getAlertSettings(): Promise<ResponseOf<"getAlertSettings">> {
  return request("GET", "/api/alerts/settings");
}

export function muteAlerts(minutes: number): Promise<ResponseOf<"muteAlerts">> {
  return request("POST", "/api/alerts/mute", { body: { minutes } satisfies BodyOf<"muteAlerts"> });
}

export function sendTestAlert(): Promise<ResponseOf<"sendTestAlert">> {
  return request("POST", "/api/alerts/test");
}

export function checkPushover(): Promise<ResponseOf<"checkPushover">> {
  return request("POST", "/api/alerts/pushover/check");
}

// --- watchlists -----------------------------------------------------------

export function listWatchlists(): Promise<ResponseOf<"listWatchlists">> {
  return request("GET", "/api/watchlists");
}

export function createWatchlist(name: string): Promise<ResponseOf<"createWatchlist">> {
  return request("POST", "/api/watchlists", {
    body: { name } satisfies BodyOf<"createWatchlist">,
  });
}

export function renameWatchlist(id: number, name: string): Promise<ResponseOf<"renameWatchlist">> {
  return request("PATCH", `/api/watchlist/${id}`, {
    body: { name } satisfies BodyOf<"renameWatchlist">,
  });
}

export function deleteWatchlist(id: number): Promise<ResponseOf<"deleteWatchlist">> {
  return request("DELETE", `/api/watchlist/${id}`);
}

export function listWatchlistMembers(
  id: number,
  paging: Paging,
): Promise<ResponseOf<"listWatchlistMembers">> {
  return request("GET", `/api/watchlist/${id}/members`, {
    query: { ...paging } satisfies QueryOf<"listWatchlistMembers">,
  });
}

/** A member by id, or by username: a name nobody has is refused (404) unless `createIfUnknown`. */
export type NewMember = { personId: number } | { username: string; createIfUnknown?: boolean };

export function addWatchlistMember(id: number, member: NewMember): Promise<ResponseOf<"addWatchlistMember">> {
  return request("POST", `/api/watchlist/${id}/member`, {
    body: member satisfies BodyOf<"addWatchlistMember">,
  });
}

export function removeWatchlistMember(
  id: number,
  personId: number,
): Promise<ResponseOf<"removeWatchlistMember">> {
  return request("DELETE", `/api/watchlist/${id}/member/${personId}`);
}

// --- operations -----------------------------------------------------------

export function listFailures(paging: Paging): Promise<ResponseOf<"listFailures">> {
  return request("GET", "/api/failures", {
    query: { ...paging } satisfies QueryOf<"listFailures">,
  });
}

export function getHealth(): Promise<ResponseOf<"getHealth">> {
  return request("GET", "/api/health");
}

export function listJobs(): Promise<ResponseOf<"listJobs">> {
  return request("GET", "/api/jobs");
}

export function listDrift(paging: Paging): Promise<ResponseOf<"listDrift">> {
  return request("GET", "/api/drift", {
    query: { ...paging } satisfies QueryOf<"listDrift">,
  });
}

// --- backfills ------------------------------------------------------------

export function listBackfills(paging: Paging): Promise<ResponseOf<"listBackfills">> {
  return request("GET", "/api/backfills", {
    query: { ...paging } satisfies QueryOf<"listBackfills">,
  });
}

export function getBackfill(id: number): Promise<ResponseOf<"getBackfill">> {
  return request("GET", `/api/backfills/${id}`);
}

/** Queues the job for the worker (202); 404 for an unknown watchlist, 409 without credentials. */
export function startBackfill(body: BodyOf<"startBackfill">): Promise<ResponseOf<"startBackfill">> {
  return request("POST", "/api/backfills", { body });
}

/** A queued job comes back cancelled; a running one with `cancelRequestedAt` set until its
 * process stops after the chunk in hand. 409 once it has ended. */
export function cancelBackfill(id: number): Promise<ResponseOf<"cancelBackfill">> {
  return request("POST", `/api/backfills/${id}/cancel`);
}

// --- export and erasure ---------------------------------------------------

// Downloads are plain links: the session cookie authenticates them, and the browser saves the
// attachment itself instead of this app holding a whole export in memory.
export function exportAllUrl(format: ExportFormat): string {
  return `/api/export${buildQuery({ format } satisfies QueryOf<"exportAll">)}`;
}

export function exportPersonUrl(personId: number, format: ExportFormat): string {
  return `/api/person/${personId}/export${buildQuery({ format } satisfies QueryOf<"exportPerson">)}`;
}

export function listErasures(paging: Paging): Promise<ResponseOf<"listErasures">> {
  return request("GET", "/api/erasures", {
    query: { ...paging } satisfies QueryOf<"listErasures">,
  });
}

// --- connections ----------------------------------------------------------

export function listConnections(): Promise<ResponseOf<"listConnections">> {
  return request("GET", "/api/connections");
}

/** Stores the value sealed; the answer carries its last four characters, never the value. */
export function setConnection(
  name: ConnectionName,
  body: BodyOf<"setConnection">,
): Promise<ResponseOf<"setConnection">> {
  return request("PUT", `/api/connections/${name}`, { body });
}

export function removeConnection(name: ConnectionName): Promise<ResponseOf<"removeConnection">> {
  return request("DELETE", `/api/connections/${name}`);
}

/** One cheap real call with the value in use; 409 when none is set. */
export function testConnection(name: ConnectionName): Promise<ResponseOf<"testConnection">> {
  return request("POST", `/api/connections/${name}/test`);
}
