import type {
  CardUpdate,
  EntryCard,
  IsoDateTime,
  PresentCard,
  RadarEvent,
  RadarRoom,
  ViewerCounts,
} from "../../api/types";

/** The feed keeps this many events: enough for a busy hour, little enough for a phone. */
export const FEED_CAP = 200;
/** Entry cards of the latest arrivals kept on screen. */
export const ARRIVALS_CAP = 8;
/** A highlighted arrival keeps the spotlight this long, unless another highlighted one comes. */
export const SPOTLIGHT_HOLD_MS = 20_000;
/** Any of these says someone is in the room, an enter or not (the Events API skips some). */
export const PRESENCE_TYPES: ReadonlySet<RadarEvent["type"]> = new Set([
  "USER_ENTER",
  "CHAT_MESSAGE",
  "PRIVATE_MESSAGE",
  "TIP",
  "FOLLOW",
  "FANCLUB_JOIN",
  "MEDIA_PURCHASE",
]);

export type ConnectionStatus = "connecting" | "live" | "reconnecting";

/** An entry card shown because someone walked in (or tipped before anyone carded them). */
export interface Arrival {
  card: EntryCard;
  at: IsoDateTime;
  eventId: number;
  reason: "enter" | "tip" | "present";
  /** When this browser received it (ms): server and browser clocks may disagree. */
  receivedAt: number;
}

export interface RadarState {
  connection: ConnectionStatus;
  live: boolean;
  sessionId: number | null;
  since: IsoDateTime | null;
  lastEventId: number | null;
  /** Newest first. */
  feed: RadarEvent[];
  /** Newest entry first. */
  present: PresentCard[];
  /** Newest first, one per person. */
  arrivals: Arrival[];
  /** The room's size as the Stats API last counted it. */
  counts: ViewerCounts | null;
}

export type RadarAction =
  | { type: "room"; room: RadarRoom; receivedAt: number }
  | { type: "event"; event: RadarEvent; receivedAt: number }
  | { type: "card"; update: CardUpdate }
  | { type: "connection"; status: ConnectionStatus };

export const initialRadarState: RadarState = {
  connection: "connecting",
  live: false,
  sessionId: null,
  since: null,
  lastEventId: null,
  feed: [],
  present: [],
  arrivals: [],
  counts: null,
};

function maxId(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** What is known about someone whose event came without a card. */
function bareCard(event: RadarEvent): EntryCard {
  return {
    personId: event.personId,
    username: event.username,
    roomTipsTotal: 0,
    roomTipCount: 0,
    lastTipAt: null,
    lastTipTokens: null,
    visits: 0,
    statbateAllTimeTokens: null,
    statbateLastTipDate: null,
    statbateCapturedAt: null,
    watchlists: [],
    notes: [],
    tags: [],
    highlight: null,
    highlightReason: null,
    highlightGrounds: [],
    flags: null,
    lookup: null,
    firstRoomEventAt: null,
    countedThrough: null,
  };
}

/** A card with one more tip counted in (the event carried no fresher card), unless the card's
 * figures were read after that tip was stored and count it already. */
function withTip(card: EntryCard, event: RadarEvent): EntryCard {
  if (card.countedThrough !== null && event.id <= card.countedThrough) return card;
  const tokens = event.tokens ?? 0;
  return {
    ...card,
    roomTipsTotal: card.roomTipsTotal + tokens,
    roomTipCount: card.roomTipCount + 1,
    lastTipAt: event.occurredAt,
    lastTipTokens: tokens,
  };
}

function withoutPerson<T extends { personId: number }>(items: T[], personId: number): T[] {
  return items.filter((item) => item.personId !== personId);
}

function pushArrival(arrivals: Arrival[], arrival: Arrival): Arrival[] {
  const others = arrivals.filter((item) => item.card.personId !== arrival.card.personId);
  return [arrival, ...others].slice(0, ARRIVALS_CAP);
}

/** Replace the card of whoever `card` describes, wherever it is shown. */
function refreshCards(state: RadarState, personId: number, update: (card: EntryCard) => EntryCard): RadarState {
  return {
    ...state,
    present: state.present.map((item) => (item.personId === personId ? { ...update(item), enteredAt: item.enteredAt } : item)),
    arrivals: state.arrivals.map((item) => (item.card.personId === personId ? { ...item, card: update(item.card) } : item)),
  };
}

function knownCard(state: RadarState, personId: number): EntryCard | undefined {
  return state.present.find((item) => item.personId === personId) ?? state.arrivals.find((item) => item.card.personId === personId)?.card;
}

function applyEvent(state: RadarState, event: RadarEvent, receivedAt: number): RadarState {
  if (state.feed.some((item) => item.id === event.id)) return state;
  let next: RadarState = {
    ...state,
    lastEventId: maxId(state.lastEventId, event.id),
    feed: [event, ...state.feed].slice(0, FEED_CAP),
  };
  const card = event.card;
  if (card) next = refreshCards(next, event.personId, () => card);

  switch (event.type) {
    case "USER_ENTER": {
      const entered = card ?? knownCard(state, event.personId) ?? bareCard(event);
      return {
        ...next,
        present: [{ ...entered, enteredAt: event.occurredAt }, ...withoutPerson(next.present, event.personId)],
        arrivals: pushArrival(next.arrivals, { card: entered, at: event.occurredAt, eventId: event.id, reason: "enter", receivedAt }),
      };
    }
    case "USER_LEAVE":
      return { ...next, present: withoutPerson(next.present, event.personId) };
    case "BROADCAST_START":
      return { ...next, live: true, sessionId: event.sessionId, since: event.occurredAt, present: [] };
    case "BROADCAST_STOP":
      return { ...next, live: false, since: null, present: [] };
    case "TIP": {
      const tipped = inRoom(next, state, event);
      if (card) {
        return {
          ...tipped,
          arrivals: pushArrival(tipped.arrivals, { card, at: event.occurredAt, eventId: event.id, reason: "tip", receivedAt }),
        };
      }
      return refreshCards(tipped, event.personId, (known) => withTip(known, event));
    }
    default:
      return PRESENCE_TYPES.has(event.type) ? inRoom(next, state, event) : next;
  }
}

/** Someone who chats, tips, follows... is in the room even without an enter. */
function inRoom(next: RadarState, before: RadarState, event: RadarEvent): RadarState {
  if (next.present.some((item) => item.personId === event.personId)) return next;
  const card = event.card ?? knownCard(before, event.personId) ?? bareCard(event);
  return { ...next, present: [{ ...card, enteredAt: event.occurredAt }, ...next.present] };
}

/** The room as the server sees it now, merged with whatever the stream already delivered. */
function applyRoom(state: RadarState, room: RadarRoom, receivedAt: number): RadarState {
  const byId = new Map<number, RadarEvent>();
  for (const event of [...room.recent, ...state.feed]) byId.set(event.id, event);
  const feed = [...byId.values()].sort((a, b) => b.id - a.id).slice(0, FEED_CAP);
  const present = [...room.present].sort((a, b) => b.enteredAt.localeCompare(a.enteredAt));
  const arrivals =
    state.arrivals.length > 0
      ? state.arrivals
      : present
          .slice(0, ARRIVALS_CAP)
          .map((card): Arrival => ({ card, at: card.enteredAt, eventId: 0, reason: "present", receivedAt }));
  return {
    ...state,
    live: room.live,
    sessionId: room.sessionId,
    since: room.since,
    lastEventId: maxId(state.lastEventId, room.lastEventId),
    feed,
    present,
    arrivals,
    counts: room.counts,
  };
}

export function radarReducer(state: RadarState, action: RadarAction): RadarState {
  switch (action.type) {
    case "room":
      return applyRoom(state, action.room, action.receivedAt);
    case "event":
      return applyEvent(state, action.event, action.receivedAt);
    case "card":
      return refreshCards(state, action.update.personId, () => action.update.card);
    case "connection":
      return action.status === state.connection ? state : { ...state, connection: action.status };
  }
}

/**
 * The arrival to show big: a highlighted one that arrived within the hold, else the newest.
 * In a busy room a big spender would otherwise scroll out of the spotlight within a second.
 */
export function spotlightArrival(arrivals: Arrival[], now: number): Arrival | undefined {
  const held = arrivals.find(
    (arrival) => arrival.card.highlight !== null && arrival.reason !== "present" && now - arrival.receivedAt < SPOTLIGHT_HOLD_MS,
  );
  return held ?? arrivals[0];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** A `card` message's data as a CardUpdate, or null when it is not one. */
export function parseCardUpdate(data: string): CardUpdate | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value["personId"] !== "number" || !isRecord(value["card"])) return null;
  return value as unknown as CardUpdate;
}

/** A stream message's data as a RadarEvent, or null when it is not one. */
export function parseRadarEvent(data: string): RadarEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const { id, type, personId, username, occurredAt } = value;
  if (typeof id !== "number" || typeof type !== "string" || typeof personId !== "number") return null;
  if (typeof username !== "string" || typeof occurredAt !== "string") return null;
  const card = isRecord(value["card"]) ? (value["card"] as unknown as EntryCard) : null;
  return {
    ...(value as unknown as RadarEvent),
    content: typeof value["content"] === "string" ? value["content"] : null,
    tokens: typeof value["tokens"] === "number" ? value["tokens"] : null,
    sessionId: typeof value["sessionId"] === "number" ? value["sessionId"] : null,
    card,
  };
}
