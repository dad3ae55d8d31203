/*
 * Wire types of the MHC HTTP API (camelCase JSON, ISO-8601 UTC timestamps).
 *
 * Every component imports API types from this module only, so that the hand-written
 * shapes below can later be replaced by re-exports from the generated `schema.d.ts`
 * (`npm run gen:api`) without touching any caller.
 */

import type { components } from "./schema";

type Schemas = components["schemas"];

export type IsoDateTime = string;

export type Role = "MODEL" | "VIEWER" | "BOTH" | "UNKNOWN";
export const ROLES: readonly Role[] = ["MODEL", "VIEWER", "BOTH", "UNKNOWN"];

export type SnapshotSource = "statbate_member" | "statbate_model" | "cb_stats" | "manual";
export const SNAPSHOT_SOURCES: readonly SnapshotSource[] = [
  "statbate_member",
  "statbate_model",
  "cb_stats",
  "manual",
];

export type InteractionType =
  | "CHAT_MESSAGE"
  | "PRIVATE_MESSAGE"
  | "TIP"
  | "FOLLOW"
  | "UNFOLLOW"
  | "FANCLUB_JOIN"
  | "MEDIA_PURCHASE"
  | "USER_ENTER"
  | "USER_LEAVE"
  | "ROOM_SUBJECT_CHANGE"
  | "BROADCAST_START"
  | "BROADCAST_STOP"
  | "PROFILE_PASTE"
  | "CHAT_IMPORT"
  | "MANUAL_NOTE"
  | "UNKNOWN_EVENT";
export const INTERACTION_TYPES: readonly InteractionType[] = [
  "CHAT_MESSAGE",
  "PRIVATE_MESSAGE",
  "TIP",
  "FOLLOW",
  "UNFOLLOW",
  "FANCLUB_JOIN",
  "MEDIA_PURCHASE",
  "USER_ENTER",
  "USER_LEAVE",
  "ROOM_SUBJECT_CHANGE",
  "BROADCAST_START",
  "BROADCAST_STOP",
  "PROFILE_PASTE",
  "CHAT_IMPORT",
  "MANUAL_NOTE",
  "UNKNOWN_EVENT",
];

export type InteractionSource = "cb_events" | "statbate_plus" | "manual" | "lookup";
export const INTERACTION_SOURCES: readonly InteractionSource[] = [
  "cb_events",
  "statbate_plus",
  "manual",
  "lookup",
];

export type Confidence = "low" | "medium" | "high";
export const CONFIDENCES: readonly Confidence[] = ["low", "medium", "high"];
export type EvidenceType = "snapshot" | "interaction" | "manual";

/** A metric value as stored in `normalizedMetrics`; usually a number, sometimes not. */
export type MetricValue = unknown;
export type Metrics = Record<string, MetricValue>;

export interface ProblemFieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: ProblemFieldError[];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

// --- auth -----------------------------------------------------------------

export interface LoginRequest {
  password: string;
  totpCode?: string;
}

export interface LoginResponse {
  csrfToken: string;
  totpEnabled: boolean;
}

export interface Me {
  authenticated: boolean;
  /** Null when the caller used an API key: no cookie, so no CSRF. */
  csrfToken: string | null;
  totpEnabled: boolean;
}

// --- people ---------------------------------------------------------------

export interface Person {
  id: number;
  username: string;
  platform: string;
  role: Role;
  rid: number | null;
  did: number | null;
  firstSeenAt: IsoDateTime;
  lastSeenAt: IsoDateTime;
  isExcluded: boolean;
  aliases: string[];
}

export interface PersonListItem extends Person {
  tipsTotal: number | null;
  lastInteractionAt: IsoDateTime | null;
}

export interface Alias {
  alias: string;
  validFrom: IsoDateTime;
  validTo: IsoDateTime | null;
}

export interface Snapshot {
  id: number;
  personId: number;
  source: SnapshotSource;
  capturedAt: IsoDateTime;
  normalizedMetrics: Metrics;
  rawPayload?: Record<string, unknown>;
}

export interface Delta {
  source: SnapshotSource;
  newerCapturedAt: IsoDateTime;
  olderCapturedAt: IsoDateTime | null;
  deltas: Record<string, number | null>;
}

export interface TipUser {
  inFanclub?: boolean;
  isMod?: boolean;
  gender?: string;
  recentTips?: string;
  hasTokens?: boolean;
}

export interface Interaction {
  id: number;
  personId: number;
  sessionId: number | null;
  type: InteractionType;
  content: string | null;
  occurredAt: IsoDateTime;
  source: InteractionSource;
  /** Tip metadata: {tokens, isAnon, message, user, receivedAt}; other types carry their raw event. */
  metadata: Record<string, unknown>;
}

export interface InteractionWithUsername extends Interaction {
  username: string;
}

export interface Note {
  id: number;
  personId: number;
  content: string;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export interface Attribute {
  key: string;
  value: string;
  confidence: Confidence;
  evidenceType: EvidenceType;
  evidenceId: number | null;
  updatedAt: IsoDateTime;
}

export interface AttributeInput {
  key: string;
  value: string;
  confidence?: Confidence;
  evidenceType?: EvidenceType;
  evidenceId?: number | null;
}

export interface WatchlistRef {
  id: number;
  name: string;
  isSystem: boolean;
}

export interface WatchlistSummary extends WatchlistRef {
  memberCount: number;
}

export interface RoomStats {
  tipsTotal: number;
  tipCount: number;
  lastTipAt: IsoDateTime | null;
  messages: number;
  visits: number;
  lastSeenInRoomAt: IsoDateTime | null;
}

export interface PersonDetail {
  person: Person;
  latestSnapshots: Snapshot[];
  deltas: Delta[];
  roomStats: RoomStats | null;
  notes: Note[];
  attributes: Attribute[];
  watchlists: WatchlistRef[];
}

// --- lookup ---------------------------------------------------------------

export interface LookupRequest {
  username?: string;
  role?: Role;
  pastedText?: string;
  includeStatbate: boolean;
  includeMyRoomData: boolean;
}

export interface LookupResult extends PersonDetail {
  interactions: Interaction[];
}

export interface ServiceFailure {
  service: string;
  message: string;
}

export interface LookupResponse {
  people: LookupResult[];
  excluded: string[];
  failures: ServiceFailure[];
}

// --- sessions -------------------------------------------------------------

export type SessionStatus = "LIVE" | "ENDED";

export interface Session {
  id: number;
  broadcaster: string;
  startedAt: IsoDateTime;
  endedAt: IsoDateTime | null;
  status: SessionStatus;
}

export interface TopTipper {
  personId: number;
  username: string;
  tokens: number;
}

export interface SessionSummary extends Session {
  durationSeconds: number;
  tokens: number;
  tipCount: number;
  tippers: number;
  topTippers: TopTipper[];
  newFollowers: number;
  unfollows: number;
  chatMessages: number;
  privateMessages: number;
  uniqueVisitors: number;
}

export interface CurrentSession {
  session: Session | null;
}

export interface SessionDetail {
  summary: SessionSummary;
  interactions: Page<InteractionWithUsername>;
}

// --- owner page -----------------------------------------------------------

export interface HudsonCbStats {
  source: "chaturbate";
  capturedAt: IsoDateTime;
  metrics: Metrics;
  deltas: Record<string, number | null>;
}

export interface HudsonStatbateModel {
  source: "statbate";
  capturedAt: IsoDateTime;
  metrics: Metrics;
}

export interface HudsonFollowers {
  count: number;
  delta: number | null;
  source: "chaturbate";
  capturedAt: IsoDateTime;
}

export interface Hudson {
  broadcaster: string;
  live: boolean;
  currentSession: Session | null;
  cbStats: HudsonCbStats | null;
  statbateModel: HudsonStatbateModel | null;
  followers: HudsonFollowers | null;
  recentTips: InteractionWithUsername[];
  recentInteractions: InteractionWithUsername[];
  sessions: SessionSummary[];
}

// --- watchlists -----------------------------------------------------------

export interface WatchlistMember {
  person: Person;
  addedAt: IsoDateTime;
  lastInteractionAt: IsoDateTime | null;
  lastDelta: Delta | null;
  online: boolean | null;
}

export interface AddedMember {
  person: Person;
  addedAt: IsoDateTime;
}

// --- operations -----------------------------------------------------------

export interface Failure {
  id: number;
  service: string;
  endpoint: string;
  status: number | null;
  message: string;
  occurredAt: IsoDateTime;
}

export interface WorkerHealth {
  lastPollAt: IsoDateTime | null;
  lastEventAt: IsoDateTime | null;
  lagSeconds: number | null;
  lastError: string | null;
  stale: boolean;
}

export interface Health {
  status: "ok" | "degraded";
  database: "ok" | "down";
  worker: WorkerHealth | null;
  version: string;
}

// --- analysis -------------------------------------------------------------
// From here on the shapes come from the generated schema, so the compiler notices when the
// backend changes them.

export type Evidence = Schemas["EvidenceOut"];

/** The first pieces of evidence (at most 20); `total` counts them all. */
export type EvidenceSet = Schemas["EvidenceSetOut"];

/**
 * One finding. `enoughData` is false when the summary explains why it cannot conclude yet;
 * `sources` are labels of the services it came from ("Chaturbate Events", "Statbate");
 * `facts` are snake_case figures, like a snapshot's normalizedMetrics.
 */
export type Insight = Schemas["InsightOut"];

export type SuggestedAttribute = Schemas["SuggestedAttributeOut"];

/** One month ("YYYY-MM", owner's time zone) of a person's activity in the room. */
export type MonthActivity = Schemas["MonthActivityOut"];

export const ANALYSIS_DIMENSIONS = ["spending", "engagement", "loyalty", "timing", "tags"] as const;
export type AnalysisDimension = (typeof ANALYSIS_DIMENSIONS)[number];

/** `activityHeatmap`: interactions per weekday (0 = Monday) and hour in `timezone`, 7 rows of 24. */
export type PersonAnalysis = Schemas["PersonAnalysisOut"];

export type SuggestionDecision = Schemas["AnalysisDecisionRequest"];

export type SessionTipperAnalysis = Schemas["SessionTipperOut"];
export type SessionPersonAnalysis = Schemas["SessionPersonOut"];

/** `enterToTipConversion`: share in [0, 1] of people who entered and also tipped; null when nobody entered. */
export type SessionAnalysis = Schemas["SessionAnalysisOut"];

// --- live radar -----------------------------------------------------------

export type RadarHighlight = Schemas["Highlight"];

/** What the owner should know about someone the moment they walk into the room. */
export type EntryCard = Schemas["EntryCardOut"];

export type PresentCard = Schemas["PresentPersonOut"];

/** One room event as the radar stream announces it (`id` is the interaction id). */
export type RadarEvent = Schemas["RadarEventOut"];

export type RadarRoom = Schemas["RoomOut"];
