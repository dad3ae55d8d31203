export type DeltaDirection = "up" | "down" | "flat" | "none";

export interface FormattedDelta {
  text: string;
  direction: DeltaDirection;
}

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const compactFormat = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

export function formatNumber(value: number | null | undefined): string {
  return isNumber(value) ? numberFormat.format(value) : "—";
}

/** 1 → "1 tip", 2_000 → "2,000 tips". */
export function plural(count: number, word: string): string {
  return `${formatNumber(count)} ${word}${count === 1 ? "" : "s"}`;
}

/** A signed delta: "+2,000" (up), "−150" (down), "±0" (flat) or "—" when unknown. */
export function formatDelta(value: number | null | undefined): FormattedDelta {
  if (!isNumber(value)) return { text: "—", direction: "none" };
  if (value > 0) return { text: `+${numberFormat.format(value)}`, direction: "up" };
  if (value < 0) return { text: `−${numberFormat.format(Math.abs(value))}`, direction: "down" };
  return { text: "±0", direction: "flat" };
}

export function deltaClassName(direction: DeltaDirection): string {
  switch (direction) {
    case "up":
      return "text-emerald-400";
    case "down":
      return "text-rose-400";
    case "flat":
      return "text-slate-400";
    case "none":
      return "text-slate-600";
  }
}

// --- the owner's clock ------------------------------------------------------------------
// Every time the panel shows is on the owner's clock: their time zone (an IANA name) and their
// choice of a 12- or 24-hour clock, stored on the server (GET /api/settings). The API sends
// instants with their offset; OwnerClockProvider loads the settings once and sets them here,
// so every function below (and TimeText) writes times the owner's way.

export type ClockStyle = "12h" | "24h";

export interface OwnerClock {
  timezone: string;
  clock: ClockStyle;
}

export const DEFAULT_OWNER_CLOCK: OwnerClock = { timezone: "UTC", clock: "24h" };

let ownerClock: OwnerClock = DEFAULT_OWNER_CLOCK;

/** Whether this browser knows the IANA zone `name`. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Make `clock` the one every time is shown on (a zone this browser does not know reads as UTC). */
export function setOwnerClock(clock: OwnerClock): void {
  ownerClock = isTimeZone(clock.timezone) ? clock : { ...clock, timezone: DEFAULT_OWNER_CLOCK.timezone };
}

export function getOwnerClock(): OwnerClock {
  return ownerClock;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The year, month (1–12) and day of a plain "YYYY-MM-DD" that names a real day; else null. */
function calendarDay(text: string): { year: number; month: number; day: number } | null {
  const match = DATE_ONLY.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const midnight = new Date(Date.UTC(year, month - 1, day));
  return midnight.getUTCMonth() === month - 1 && midnight.getUTCDate() === day ? { year, month, day } : null;
}
// An instant: a date, a time and the offset ("Z", "+01:00", "+0100", "+01"). The API always
// writes the offset; a value from outside without one (a metric a service sent) is read as UTC,
// as the server reads it.
const INSTANT =
  /^(?<day>\d{4}-\d{2}-\d{2})[T ](?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:\.(?<fraction>\d+))?)?(?:Z|(?<sign>[+-])(?<offsetHours>\d{2}):?(?<offsetMinutes>\d{2})?)?$/;

function toDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const day = calendarDay(iso);
  // A calendar day alone is its midnight on this device, as a day picker means it.
  if (day) return new Date(day.year, day.month - 1, day.day);
  const parts = INSTANT.exec(iso)?.groups;
  const date = calendarDay(parts?.day ?? "");
  if (!parts || !date) return null;
  const [hour, minute, second] = [Number(parts.hour), Number(parts.minute), Number(parts.second ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const milliseconds = Math.floor(Number(`0.${parts.fraction ?? 0}`) * 1000);
  const offset = Number(parts.offsetHours ?? 0) * 60 + Number(parts.offsetMinutes ?? 0);
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute, second, milliseconds);
  return new Date(wall - (parts.sign === "-" ? -offset : offset) * 60_000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timezone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", { ...options, timeZone: timezone });
    formatters.set(key, found);
  }
  return found;
}

type Fields = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

function fields(date: Date, clock: OwnerClock): Fields {
  const parts = formatter(clock.timezone, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: clock.clock === "12h" ? "numeric" : "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: clock.clock === "12h" ? "h12" : "h23",
  }).formatToParts(date);
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

function timeOf(f: Fields, clock: OwnerClock, seconds: boolean): string {
  const time = `${f.hour}:${f.minute}${seconds ? `:${f.second}` : ""}`;
  return clock.clock === "12h" ? `${time} ${(f.dayPeriod ?? "").toUpperCase()}` : time;
}

export interface TimeOptions {
  /** Seconds too: where the order of close events matters. */
  seconds?: boolean;
  /** The zone's short name after the time ("EST", "GMT+1"). */
  zone?: boolean;
  /** Another clock than the owner's (tests, previews). */
  clock?: OwnerClock;
}

/** The short name of the owner's zone at `iso` (or now): "EST", "GMT+1", "UTC". */
export function zoneLabel(iso?: string | null, clock: OwnerClock = ownerClock): string {
  const date = (iso ? toDate(iso) : null) ?? new Date();
  const part = formatter(clock.timezone, { timeZoneName: "short" })
    .formatToParts(date)
    .find((item) => item.type === "timeZoneName");
  return part?.value ?? clock.timezone;
}

/** "5 Jan 2026, 14:03" or "5 Jan 2026, 2:03 PM" on the owner's clock; "—" when absent. */
export function formatDateTime(iso: string | null | undefined, options: TimeOptions = {}): string {
  const date = toDate(iso);
  if (!date) return "—";
  const clock = options.clock ?? ownerClock;
  const f = fields(date, clock);
  const text = `${f.day} ${f.month} ${f.year}, ${timeOf(f, clock, options.seconds ?? false)}`;
  return options.zone ? `${text} ${zoneLabel(iso, clock)}` : text;
}

/** "5 Jan 2026": the owner's calendar day; a plain date ("2025-12-24") is shown as given. */
export function formatDate(iso: string | null | undefined, clock: OwnerClock = ownerClock): string {
  const day = iso ? calendarDay(iso) : null;
  if (day) return `${day.day} ${MONTHS[day.month - 1]} ${day.year}`;
  const date = toDate(iso);
  if (!date) return "—";
  const f = fields(date, clock);
  return `${f.day} ${f.month} ${f.year}`;
}

/** "2026-11-20": the owner's calendar day of `iso`, for file names and day pickers. */
export function formatDayKey(iso: string | null | undefined, clock: OwnerClock = ownerClock): string {
  const date = toDate(iso);
  if (!date) return "";
  const f = formatter(clock.timezone, { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => f.find((item) => item.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** "14:03" or "2:03 PM" (with seconds when asked) on the owner's clock; "—" when absent. */
export function formatTime(iso: string | null | undefined, options: TimeOptions = {}): string {
  const date = toDate(iso);
  if (!date) return "—";
  const clock = options.clock ?? ownerClock;
  const text = timeOf(fields(date, clock), clock, options.seconds ?? false);
  return options.zone ? `${text} ${zoneLabel(iso, clock)}` : text;
}

/** "14:03:27" or "2:03:27 PM" on the owner's clock, for live feeds; "—" when absent. */
export function formatClock(iso: string | null | undefined, clock: OwnerClock = ownerClock): string {
  return formatTime(iso, { seconds: true, clock });
}

/** A clock hour (0–23) as the owner reads it: "21:00" or "9 PM". */
export function formatHour(hour: number, clock: OwnerClock = ownerClock): string {
  const whole = ((Math.floor(hour) % 24) + 24) % 24;
  if (clock.clock === "24h") return `${String(whole).padStart(2, "0")}:00`;
  return `${whole % 12 || 12} ${whole < 12 ? "AM" : "PM"}`;
}

/** A clock hour as an axis tick: "18" on a 24-hour clock, "6p" on a 12-hour one. */
export function formatHourTick(hour: number, clock: OwnerClock = ownerClock): string {
  const whole = ((Math.floor(hour) % 24) + 24) % 24;
  return clock.clock === "24h" ? String(whole) : `${whole % 12 || 12}${whole < 12 ? "a" : "p"}`;
}

/** "2026-02" → "Feb 2026": a calendar month as given, whatever the zone. */
export function formatMonth(month: string): string {
  const [year, number] = month.split("-").map(Number);
  const name = MONTHS[(number ?? 0) - 1];
  return year && name ? `${name} ${year}` : month;
}

/** The instant a calendar day (YYYY-MM-DD) starts on the owner's clock, `plusDays` later. */
export function zonedDayStart(day: string, plusDays = 0, clock: OwnerClock = ownerClock): string | undefined {
  const calendar = calendarDay(day);
  if (!calendar) return undefined;
  const midnight = Date.UTC(calendar.year, calendar.month - 1, calendar.day + plusDays);
  if (Number.isNaN(midnight)) return undefined;
  // The zone's offset at that moment, taken twice: the second look settles a DST change.
  let instant = midnight - offsetAt(midnight, clock.timezone);
  instant = midnight - offsetAt(instant, clock.timezone);
  return new Date(instant).toISOString();
}

/** Milliseconds the zone's clock is ahead of UTC at `time`. */
function offsetAt(time: number, timezone: string): number {
  const f = fields(new Date(time), { timezone, clock: "24h" });
  const month = MONTHS.indexOf(f.month ?? "");
  const local = Date.UTC(Number(f.year), month, Number(f.day), Number(f.hour) % 24, Number(f.minute), Number(f.second));
  return local - Math.floor(time / 1000) * 1000;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A count that needs every event of a session: exact when the panel heard all of it, else a
 * lower bound ("at least 1,200"), and "Unknown" rather than a silent 0.
 */
export function formatCount(value: number | null | undefined, complete: boolean): string {
  if (!isNumber(value)) return "—";
  if (complete) return formatNumber(value);
  return value > 0 ? `at least ${formatNumber(value)}` : "Unknown";
}

/** How long ago `iso` was, tersely ("45s", "12m", "2h 05m"); "—" when absent. */
export function formatSince(iso: string | null | undefined, now: Date = new Date()): string {
  const date = toDate(iso);
  if (!date) return "—";
  return formatDuration(Math.max(0, (now.getTime() - date.getTime()) / 1000));
}

/** 950 → "950", 12_400 → "12.4k", 3_100_000 → "3.1M": big token counts at a glance. */
export function formatCompact(value: number | null | undefined): string {
  if (!isNumber(value)) return "—";
  return compactFormat.format(value);
}

/** "3 minutes ago"; "—" when absent. */
export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  const date = toDate(iso);
  if (!date) return "—";
  const milliseconds = now.getTime() - date.getTime();
  if (Math.abs(milliseconds) < 45_000) return "just now";
  const distance = inWholeUnits(Math.abs(milliseconds) / 1000);
  return milliseconds >= 0 ? `${distance} ago` : `in ${distance}`;
}

// The units of a distance in time, and how many of each make the next (a month is 30 days).
const UNITS = ["second", "minute", "hour", "day", "month", "year"];
const NEXT_UNIT = [60, 60, 24, 30, 12];

/** "3 minutes", "1 hour", "5 months": `seconds` rounded in the largest unit it reaches. */
function inWholeUnits(seconds: number): string {
  let amount = seconds;
  let unit = 0;
  for (const size of NEXT_UNIT) {
    if (Math.round(amount) < size) break;
    amount /= size;
    unit += 1;
  }
  const whole = Math.round(amount);
  return `${whole} ${UNITS[unit]}${whole === 1 ? "" : "s"}`;
}

/** "2h 05m", "12m", "45s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (!isNumber(seconds) || seconds < 0) return "—";
  const whole = Math.floor(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, "0")}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${whole}s`;
}

/** A wait in words a status line can carry: "2 s", "12 min", "3 h", "2 d". */
export function formatAge(seconds: number | null | undefined): string {
  if (!isNumber(seconds) || seconds < 0) return "—";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/** The worker's lag: mostly well under a second, where "0 s" would read as a stopped clock. */
export function formatLag(seconds: number | null | undefined): string {
  return isNumber(seconds) && seconds >= 0 && seconds < 1 ? "< 1 s" : formatAge(seconds);
}

/** A running clock since `startIso`: "0:04:09", "12:00:01". */
export function formatElapsed(startIso: string, now: Date = new Date()): string {
  const start = toDate(startIso);
  if (!start) return "—";
  const total = Math.max(0, Math.floor((now.getTime() - start.getTime()) / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${hours}:${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}

const SOURCE_LABELS: Record<string, string> = {
  statbate_member: "Statbate",
  statbate_profile: "Statbate",
  statbate_model: "Statbate",
  statbate: "Statbate",
  statbate_plus: "Statbate Plus",
  cb_stats: "Chaturbate",
  cb_events: "Chaturbate",
  chaturbate: "Chaturbate",
  manual: "Manual",
  lookup: "Lookup",
};

/** Which outside service a figure came from, as the user knows it. */
export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? humanize(source);
}

const SOURCE_DETAILS: Record<string, string> = {
  statbate_member: "Statbate · member",
  statbate_profile: "Statbate · profile",
  statbate_model: "Statbate · model",
  cb_stats: "Chaturbate · stats",
};

export function sourceDetailLabel(source: string): string {
  return SOURCE_DETAILS[source] ?? sourceLabel(source);
}

/** "all_time_tokens" → "All time tokens", "numFollowers" → "Num followers". */
export function humanize(key: string): string {
  const spaced = key
    .replace(/[._]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return spaced ? spaced.charAt(0).toUpperCase() + spaced.slice(1) : key;
}

/** "VIEWER" → "Viewer". */
export function roleLabel(role: string): string {
  return role.charAt(0) + role.slice(1).toLowerCase();
}

const METRIC_LABELS: Record<string, string> = {
  did: "Donor id",
  rid: "Room id",
  all_time_tokens: "All-time tokens",
  models_tipped_2weeks: "Models tipped (2 wk)",
  models_messaged_2weeks: "Models messaged (2 wk)",
  last_tip_amount: "Last tip amount",
  first_tip_date: "First tip",
  last_tip_date: "Last tip",
  token_balance: "Token balance",
  num_followers: "Followers",
  tips_in_last_hour: "Tips in last hour",
  time_online_minutes: "Time online",
  sessions_count: "Sessions",
  sessions_total_duration: "Time broadcast",
  sessions_average_duration: "Average session",
  income_tokens: "Income (tokens)",
  income_usd: "Income",
  num_viewers: "Viewers",
  num_registered_viewers: "Registered viewers",
  num_tokened_viewers: "Tokened viewers",
  votes_up: "Votes up",
  votes_down: "Votes down",
  satisfaction_score: "Satisfaction %",
};

export function metricLabel(key: string): string {
  return METRIC_LABELS[key] ?? humanize(key);
}

export function interactionTypeLabel(type: string): string {
  return humanize(type);
}

// Identifiers are numbers too, but "90,001" reads as a quantity: show them as they are.
const IDENTIFIER_KEY = /(^|[._])(r|d)?id$/i;

/** 2h 5m of seconds → "2 h 05 min", 45 min → "45 min", 20 s → "< 1 min"; "—" when unknown. */
export function formatHoursMinutes(seconds: number | null | undefined): string {
  if (!isNumber(seconds) || seconds < 0) return "—";
  const minutes = Math.floor(seconds / 60);
  if (minutes === 0) return seconds === 0 ? "0 min" : "< 1 min";
  const hours = Math.floor(minutes / 60);
  if (hours === 0) return `${minutes} min`;
  return `${formatNumber(hours)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

const usdFormat = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** 1234.5 → "$1,234.50"; "—" when unknown. */
export function formatUsd(value: number | null | undefined): string {
  return isNumber(value) ? usdFormat.format(value) : "—";
}

// Statbate's model tables give gender as a number (and its other tables contradict them), the
// Events API as a letter. The label is what most of its documentation says; the raw code stays
// on hover, so a wrong guess is visible.
const GENDER_LABELS: Record<string, string> = {
  "0": "Male",
  "1": "Female",
  "2": "Trans",
  "3": "Couple",
  m: "Male",
  f: "Female",
  t: "Trans",
  c: "Couple",
  s: "Trans",
};

/** A gender code as a word ("Female"), or the code itself when unknown. */
export function genderLabel(code: unknown): string {
  const label = typeof code === "string" || isNumber(code) ? GENDER_LABELS[String(code).toLowerCase()] : undefined;
  return label ?? String(code);
}

function lastPart(key: string): string {
  return key.split(".").pop() ?? key;
}

/** What a metric is, by its key: how its value and its changes are written. */
export function metricKind(key: string): "identifier" | "gender" | "seconds" | "minutes" | "usd" | "plain" {
  const name = lastPart(key).toLowerCase();
  if (IDENTIFIER_KEY.test(key)) return "identifier";
  if (name === "gender") return "gender";
  if (name.endsWith("duration") || name.endsWith("_seconds")) return "seconds";
  if (name.endsWith("_minutes")) return "minutes";
  if (name === "usd" || name.endsWith("_usd")) return "usd";
  return "plain";
}

/** Whether a metric is a quantity worth a delta and a chart (not an id, not a code). */
export function isQuantityMetric(key: string): boolean {
  const kind = metricKind(key);
  return kind !== "identifier" && kind !== "gender";
}

/** A number of the metric `key` written as its kind reads: durations, dollars, plain counts. */
export function formatMetricNumber(value: number, key: string): string {
  switch (metricKind(key)) {
    case "identifier":
      return String(value);
    case "gender":
      return genderLabel(value);
    case "seconds":
      return formatHoursMinutes(value);
    case "minutes":
      return formatHoursMinutes(value * 60);
    case "usd":
      return formatUsd(value);
    case "plain":
      return formatNumber(value);
  }
}

/** A change of the metric `key`, signed and written as its values are: "+1 h 05 min", "−$12.00". */
export function formatMetricDelta(value: number | null | undefined, key: string): FormattedDelta {
  const delta = formatDelta(value);
  if (!isNumber(value) || value === 0 || metricKind(key) === "plain") return delta;
  const sign = value > 0 ? "+" : "−";
  return { ...delta, text: `${sign}${formatMetricNumber(Math.abs(value), key)}` };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;


/** Render any metric value: numbers grouped, dates readable, lists and objects compact. */
export function formatMetricValue(value: unknown, key = ""): string {
  if (value === null || value === undefined) return "—";
  if (isNumber(value)) return formatMetricNumber(value, key);
  if (typeof value === "string" && metricKind(key) === "gender") return genderLabel(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") {
    if (ISO_DATE.test(value)) {
      return value.length <= 10 ? formatDate(value) : formatDateTime(value, { zone: true });
    }
    return value;
  }
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === "string" || isNumber(item))) {
      return value.length ? value.join(", ") : "none";
    }
    return `${value.length} item${value.length === 1 ? "" : "s"}`;
  }
  return JSON.stringify(value);
}

/** Flatten nested objects into dotted keys (`income.tokens`) so any payload shows as rows. */
export function flattenMetrics(metrics: Record<string, unknown>, prefix = ""): [string, unknown][] {
  const rows: [string, unknown][] = [];
  for (const [key, value] of Object.entries(metrics)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      rows.push(...flattenMetrics(value as Record<string, unknown>, name));
    } else {
      rows.push([name, value]);
    }
  }
  return rows;
}

/** Tokens of a tip interaction, when its metadata carries them. */
export function tipTokens(metadata: Record<string, unknown>): number | null {
  const tokens = metadata["tokens"];
  return isNumber(tokens) ? tokens : null;
}
