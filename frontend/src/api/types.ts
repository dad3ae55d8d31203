/*
 * Wire types of the MHC HTTP API (camelCase JSON, ISO-8601 UTC timestamps).
 *
 * Every request and response type here is an alias of the generated `schema.d.ts`
 * (`npm run gen:api` from the backend's `openapi.json`), so the compiler notices when the
 * backend changes a shape. Components import API types from this module only; the names are
 * the app's own, the schema's names appear on the right-hand side.
 *
 * Hand-written on purpose, because they are not wire shapes:
 * - `ClientProblem`: an error as the client reports it, built from the generated `Problem`;
 * - `IsoDateTime`: documentation alias for the `format: date-time` strings;
 * - the `ROLES`, `INTERACTION_TYPES`, ... lists: runtime copies of generated unions for
 *   filter dropdowns (a `.d.ts` has no values), checked to name every member;
 * - `ANALYSIS_DIMENSIONS` / `AnalysisDimension`: the analysis tabs, checked against the
 *   insight lists of `PersonAnalysis`.
 */

import type { components, operations } from "./schema";

type Schemas = components["schemas"];

// --- operations -------------------------------------------------------------
// Look a request or response up by the backend's operationId, so that an endpoint function
// cannot drift from the route it calls.

export type OperationId = keyof operations;

type JsonContent<R> = R extends { content: { "application/json": infer T } } ? T : never;

/** The JSON body of an operation's success response; `void` for 204 No Content. */
export type ResponseOf<Op extends OperationId> = operations[Op]["responses"] extends infer R
  ? R extends { 200: infer Ok }
    ? JsonContent<Ok>
    : R extends { 201: infer Created }
      ? JsonContent<Created>
      : R extends { 202: infer Accepted }
        ? JsonContent<Accepted>
        : R extends { 204: unknown }
          ? void
          : never
  : never;

/** The JSON request body an operation accepts. */
export type BodyOf<Op extends OperationId> = JsonContent<operations[Op]["requestBody"]>;

/** The query parameters an operation accepts. */
export type QueryOf<Op extends OperationId> = NonNullable<operations[Op]["parameters"]["query"]>;

// --- runtime lists of generated unions ----------------------------------------

type Missing<T, L extends readonly unknown[]> = Exclude<T, L[number]>;

/** `values` as a list of `T`; does not compile unless it names every member of `T`. */
function everyMember<T extends string>() {
  return <const L extends readonly T[]>(
    values: L & ([Missing<T, L>] extends [never] ? unknown : { missing: Missing<T, L> }),
  ): readonly T[] => values;
}

export type IsoDateTime = string;

export type Role = Schemas["Role"];
export const ROLES = everyMember<Role>()(["MODEL", "VIEWER", "BOTH", "UNKNOWN"]);

export type SnapshotSource = Schemas["SnapshotSource"];
export const SNAPSHOT_SOURCES = everyMember<SnapshotSource>()([
  "statbate_member",
  "statbate_profile",
  "statbate_model",
  "cb_stats",
  "manual",
]);

export type InteractionType = Schemas["InteractionType"];
export const INTERACTION_TYPES = everyMember<InteractionType>()([
  "CHAT_MESSAGE",
  "PRIVATE_MESSAGE",
  "DIRECT_MESSAGE",
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
  "TIP_MENU",
  "UNKNOWN_EVENT",
]);

export type InteractionSource = Schemas["InteractionSource"];
export const INTERACTION_SOURCES = everyMember<InteractionSource>()([
  "cb_events",
  "statbate",
  "statbate_plus",
  "manual",
  "lookup",
  "paste",
]);

export type Confidence = Schemas["Confidence"];
export const CONFIDENCES = everyMember<Confidence>()(["low", "medium", "high"]);

export type EvidenceType = Schemas["EvidenceType"];

// --- errors -------------------------------------------------------------------

/** RFC 9457 problem details, as every error response of the API carries them. */
export type Problem = Schemas["Problem"];
export type ProblemFieldError = Schemas["FieldError"];

/**
 * The problem an `ApiError` carries: the server's, or one the client makes up for a network
 * error or a reply that is not problem JSON (a proxy's error page), which has no `type` and
 * maybe no `detail`.
 */
export type ClientProblem = Pick<Problem, "title" | "status"> &
  Partial<Omit<Problem, "title" | "status">>;

// --- auth -----------------------------------------------------------------

export type LoginRequest = Schemas["LoginRequest"];
export type LoginResponse = Schemas["LoginOut"];

/** `csrfToken` is null when the caller used an API key: no cookie, so no CSRF. */
export type Me = Schemas["MeOut"];
export type ApiKey = Schemas["ApiKeyOut"];
export type NewApiKey = Schemas["ApiKeyCreatedOut"];
export type BrowserSession = Schemas["BrowserSessionOut"];
export type TotpStatus = Schemas["TotpStatusOut"];
export type TotpSetup = Schemas["TotpSetupOut"];
export type SetupState = Schemas["SetupStateOut"];

// --- people ---------------------------------------------------------------

export type Person = Schemas["PersonOut"];
export type PersonListItem = Schemas["DirectoryPersonOut"];
export type PeopleQuery = QueryOf<"listPeople">;
export type PeopleSort = NonNullable<PeopleQuery["sort"]>;
export type SortOrder = NonNullable<PeopleQuery["order"]>;
export type PeoplePage = Schemas["DirectoryPage"];

export type Alias = Schemas["AliasOut"];

export type Snapshot = Schemas["SnapshotOut"];
export type SnapshotPage = Schemas["SnapshotPage"];
export type Delta = Schemas["DeltaOut"];

/** Tip metadata: {tokens, isAnon, message, user, receivedAt}; other types carry their raw event. */
export type Interaction = Schemas["InteractionOut"];
export type InteractionPage = Schemas["InteractionPage"];
/** An interaction in the owner's room, named after the person it belongs to. */
export type InteractionWithUsername = Schemas["RoomInteractionOut"];
/** One interaction fetched as evidence for an insight. */
export type EvidenceInteraction = Schemas["EvidenceInteractionOut"];

export type Note = Schemas["NoteOut"];

export type Attribute = Schemas["AttributeOut"];
export type AttributeInput = Schemas["AttributeIn"];

export type WatchlistRef = Schemas["WatchlistRefOut"];
export type WatchlistSummary = Schemas["WatchlistOut"];

export type RoomStats = Schemas["RoomStatsOut"];
export type PersonDetail = Schemas["PersonDetailOut"];

// --- lookup ---------------------------------------------------------------

export type LookupRequest = Schemas["LookupRequest"];
export type LookupResult = Schemas["LookupResultOut"];
export type ServiceFailure = Schemas["LookupFailureOut"];
export type LookupResponse = Schemas["LookupResponse"];
/** A name the panel has never seen: nobody is created until the owner acts on it. */
export type NewName = Schemas["NewNameOut"];
export type OpenedPerson = ResponseOf<"openPerson">;

// --- pasted chat, PMs and DMs ---------------------------------------------

export type PasteKind = Schemas["PasteKind"];
export type PasteRequest = BodyOf<"savePaste">;
export type PastePreview = ResponseOf<"previewPaste">;
export type PasteLine = Schemas["PasteLineOut"];
export type PastePerson = Schemas["PastePersonOut"];
export type PasteSaved = ResponseOf<"savePaste">;

/** A person's PM, DM and public threads (oldest first), tips, and the newest tip menu seen. */
export type Communications = ResponseOf<"getPersonCommunications">;
export type ThreadMessage = Schemas["ThreadMessageOut"];
export type TipMenuSeen = Schemas["TipMenuSeenOut"];
export type NewPersonMessage = BodyOf<"addPersonMessage">;

// --- sessions -------------------------------------------------------------

export type SessionStatus = Schemas["SessionStatus"];
export type Session = Schemas["SessionOut"];
export type TopTipper = Schemas["TopTipperOut"];
export type SessionSummary = Schemas["SessionSummaryOut"];
export type SessionSummaryPage = Schemas["SessionSummaryPage"];
export type CurrentSession = Schemas["CurrentSessionOut"];
export type SessionDetail = Schemas["SessionDetailOut"];
/** How much of a session the panel heard: counts are whole only when `state` is "full". */
export type Coverage = Schemas["CoverageOut"];
export type SessionTheme = Schemas["SessionThemeOut"];

// --- owner page -----------------------------------------------------------

export type HudsonCbStats = Schemas["CbStatsOut"];
export type HudsonStatbateModel = Schemas["StatbateModelOut"];
export type HudsonFollowers = Schemas["FollowersOut"];
export type Hudson = Schemas["HudsonOut"];

// --- watchlists -----------------------------------------------------------

export type WatchlistMember = Schemas["WatchlistMemberOut"];
export type WatchlistMemberPage = Schemas["WatchlistMemberPage"];
export type AddedMember = Schemas["MemberAddedOut"];

// --- operations -----------------------------------------------------------

export type Failure = Schemas["FailureOut"];
export type FailurePage = Schemas["FailurePage"];
export type WorkerHealth = Schemas["WorkerOut"];
export type Health = Schemas["HealthOut"];

/** One of the worker's scheduled jobs; `lastStatus` is null before its first run. */
export type Job = ResponseOf<"listJobs">[number];

/** An answer from an outside service that did not match our contract, counted per kind. */
export type Drift = ResponseOf<"listDrift">["items"][number];
export type DriftPage = ResponseOf<"listDrift">;

/** A long job's progress; `total` is null until the job has counted its work. */
export type Backfill = ResponseOf<"getBackfill">;
export type BackfillPage = ResponseOf<"listBackfills">;
export type BackfillRequest = BodyOf<"startBackfill">;
export type BackfillKind = Backfill["kind"];
export type BackfillStatus = Backfill["status"];
export const BACKFILL_KINDS = everyMember<BackfillKind>()(["statbate_snapshots", "tip_history", "chat_import"]);

/** The audit row of one erased person: a hash of the name, never the name. */
export type Erasure = ResponseOf<"listErasures">["items"][number];
export type ErasurePlan = ResponseOf<"planPersonErasure">;
export type ErasurePage = ResponseOf<"listErasures">;

export type ExportFormat = NonNullable<QueryOf<"exportAll">["format"]>;

// --- analysis -------------------------------------------------------------

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

/** `activityHeatmap`: interactions per weekday (0 = Monday) and hour in `timezone`, 7 rows of 24. */
export type PersonAnalysis = Schemas["PersonAnalysisOut"];

type InsightListKey = {
  [K in keyof PersonAnalysis]: PersonAnalysis[K] extends Insight[] ? K : never;
}[keyof PersonAnalysis];

export const ANALYSIS_DIMENSIONS = everyMember<InsightListKey>()([
  "spending",
  "engagement",
  "loyalty",
  "timing",
  "tags",
]);
export type AnalysisDimension = InsightListKey;

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

// --- connections ------------------------------------------------------------

export type ConnectionName = Schemas["ConnectionName"];
export type ConnectionState = Schemas["ConnectionState"];
export type Connection = Schemas["ConnectionOut"];
export type ConnectionPart = Schemas["ConnectionPartOut"];
export type ConnectionTest = Schemas["ConnectionTestOut"];
export type SetConnectionRequest = Schemas["SetConnectionRequest"];

/** A card that changed without a room event (a look-up landed): `event: card` on the stream. */
export type CardUpdate = Schemas["CardUpdateOut"];

export type HighlightGround = Schemas["HighlightGroundOut"];

/** Chaturbate's latest user object about someone, and when it was seen. */
export type ViewerFlags = Schemas["ViewerFlagsOut"];

export type LookupStatus = Schemas["LookupStatusOut"];

export type ViewerCounts = Schemas["ViewerCountsOut"];

export type PersonFlags = Schemas["PersonFlagsOut"];

/** What "Include Statbate" did for one person of a lookup. */
export type StatbateUse = Schemas["StatbateUseOut"];

// --- alerts ---------------------------------------------------------------

export type AlertKind = Schemas["AlertKind"];
export type AlertRule = Schemas["AlertRuleOut"];
export type AlertRuleParams = Schemas["RuleParamsBody"];
export type CreateAlertRule = Schemas["CreateAlertRuleRequest"];
export type UpdateAlertRule = Schemas["UpdateAlertRuleRequest"];
/** An alert sent: `event: alert` on the alert stream, and a row of the log. */
export type Alert = Schemas["AlertOut"];
export type AlertDelivery = Schemas["DeliveryOut"];
export type AlertPage = Schemas["AlertPageOut"];
export type AlertSettings = Schemas["AlertSettingsOut"];
export type TestAlert = Schemas["TestAlertOut"];
export type PushoverCheck = Schemas["PushoverCheckOut"];

/** Chaturbate's `recentTips` scale, least first. */
export const RECENT_TIPS_LEVELS = ["none", "few", "some", "lots", "tons"] as const satisfies readonly NonNullable<
  AlertRuleParams["levels"]
>[number][];

// --- settings -------------------------------------------------------------

/** The owner's clock: every time shown is in `timezone` (IANA), on a 12- or 24-hour `clock`. */
export type OwnerSettings = Schemas["SettingsOut"];
export type OwnerSettingsRequest = Schemas["SettingsRequest"];
