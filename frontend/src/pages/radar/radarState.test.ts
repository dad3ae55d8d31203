import { describe, expect, it } from "vitest";

import type { EntryCard, PresentCard, RadarEvent, RadarRoom } from "../../api/types";
import {
  FEED_CAP,
  initialRadarState,
  parseRadarEvent,
  radarReducer,
  SPOTLIGHT_HOLD_MS,
  spotlightArrival,
  type RadarState,
} from "./radarState";

function card(personId: number, username: string, extra: Partial<EntryCard> = {}): EntryCard {
  return {
    personId,
    username,
    roomTipsTotal: 0,
    roomTipCount: 0,
    lastTipAt: null,
    lastTipTokens: null,
    visits: 1,
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
    ...extra,
  };
}

function event(id: number, type: RadarEvent["type"], personId: number, username: string, extra: Partial<RadarEvent> = {}): RadarEvent {
  return {
    id,
    type,
    occurredAt: `2026-03-06T21:${String(id % 60).padStart(2, "0")}:00Z`,
    personId,
    username,
    content: null,
    tokens: null,
    sessionId: 31,
    card: null,
    ...extra,
  };
}

const whale = card(12, "big_tipper_77", {
  roomTipsTotal: 4250,
  roomTipCount: 31,
  visits: 12,
  statbateAllTimeTokens: 120_000,
  highlight: "big_spender",
  highlightReason: "120,000 tokens on Statbate",
});

function present(entry: EntryCard, enteredAt: string): PresentCard {
  return { ...entry, enteredAt };
}

const RECEIVED = Date.parse("2026-03-06T21:30:00Z");

function receive(state: RadarState, item: RadarEvent, receivedAt = RECEIVED): RadarState {
  return radarReducer(state, { type: "event", event: item, receivedAt });
}

function run(...events: RadarEvent[]): RadarState {
  return events.reduce((state, item) => receive(state, item), initialRadarState);
}

describe("radar reducer: events", () => {
  it("test_puts_newest_event_on_top_when_events_arrive", () => {
    const state = run(
      event(101, "CHAT_MESSAGE", 7, "chatty_friend_3", { content: "hi hudson" }),
      event(102, "TIP", 12, "big_tipper_77", { tokens: 50 }),
    );
    expect(state.feed.map((item) => item.id)).toEqual([102, 101]);
    expect(state.lastEventId).toBe(102);
  });

  it("test_ignores_an_event_when_its_id_was_already_shown", () => {
    const once = run(event(101, "FOLLOW", 7, "chatty_friend_3"));
    const twice = receive(once, event(101, "FOLLOW", 7, "chatty_friend_3"));
    expect(twice).toBe(once);
  });

  it("test_keeps_only_the_newest_events_when_feed_exceeds_cap", () => {
    const many = Array.from({ length: FEED_CAP + 25 }, (_, index) =>
      event(1000 + index, "CHAT_MESSAGE", 7, "chatty_friend_3", { content: `line ${index}` }),
    );
    const state = run(...many);
    expect(state.feed).toHaveLength(FEED_CAP);
    expect(state.feed[0]?.id).toBe(1000 + FEED_CAP + 24);
    expect(state.feed.at(-1)?.id).toBe(1025);
  });
});

describe("radar reducer: presence", () => {
  it("test_adds_person_and_entry_card_when_user_enters", () => {
    const state = run(event(201, "USER_ENTER", 12, "big_tipper_77", { card: whale }));
    expect(state.present.map((item) => item.username)).toEqual(["big_tipper_77"]);
    expect(state.present[0]?.enteredAt).toBe(state.feed[0]?.occurredAt);
    expect(state.arrivals[0]?.card.highlight).toBe("big_spender");
    expect(state.arrivals[0]?.reason).toBe("enter");
  });

  it("test_removes_person_when_user_leaves", () => {
    const state = run(
      event(201, "USER_ENTER", 12, "big_tipper_77", { card: whale }),
      event(202, "USER_ENTER", 8, "quiet_lurker_12", { card: card(8, "quiet_lurker_12") }),
      event(203, "USER_LEAVE", 12, "big_tipper_77"),
    );
    expect(state.present.map((item) => item.username)).toEqual(["quiet_lurker_12"]);
    expect(state.arrivals.map((item) => item.card.username)).toEqual(["quiet_lurker_12", "big_tipper_77"]);
  });

  it("test_lists_person_once_with_new_entry_time_when_they_enter_twice", () => {
    const state = run(
      event(201, "USER_ENTER", 12, "big_tipper_77", { card: whale }),
      event(202, "USER_LEAVE", 12, "big_tipper_77"),
      event(203, "USER_ENTER", 12, "big_tipper_77", { card: { ...whale, visits: 13 } }),
    );
    expect(state.present).toHaveLength(1);
    expect(state.present[0]?.visits).toBe(13);
    expect(state.present[0]?.enteredAt).toBe("2026-03-06T21:23:00Z");
    expect(state.arrivals).toHaveLength(1);
  });

  it("test_empties_the_room_when_broadcast_starts_or_stops", () => {
    const entered = run(event(201, "USER_ENTER", 12, "big_tipper_77", { card: whale }));
    const started = receive(entered, event(202, "BROADCAST_START", 1, "hudson_cage", { sessionId: 32 }));
    expect(started.present).toEqual([]);
    expect(started.live).toBe(true);
    expect(started.sessionId).toBe(32);
    expect(started.since).toBe("2026-03-06T21:22:00Z");

    const back = receive(started, event(203, "USER_ENTER", 12, "big_tipper_77", { card: whale }));
    const stopped = receive(back, event(204, "BROADCAST_STOP", 1, "hudson_cage"));
    expect(stopped.present).toEqual([]);
    expect(stopped.live).toBe(false);
  });

  it("test_counts_a_tip_into_the_present_card_when_tip_carries_no_card", () => {
    const state = run(
      event(201, "USER_ENTER", 12, "big_tipper_77", { card: whale }),
      event(202, "TIP", 12, "big_tipper_77", { tokens: 250, content: "for the show" }),
    );
    expect(state.present[0]).toMatchObject({ roomTipsTotal: 4500, roomTipCount: 32, lastTipTokens: 250 });
    expect(state.arrivals[0]?.card.roomTipsTotal).toBe(4500);
  });

  it("test_a_tip_the_card_already_counts_is_not_added_again_when_its_event_comes_after_the_card", () => {
    const entered = run(event(201, "USER_ENTER", 12, "big_tipper_77", { card: whale }));
    // The card was read again after the tip was stored (a look-up finished): it counts the tip.
    const fresher = { ...whale, roomTipsTotal: 4500, roomTipCount: 32, countedThrough: 202 };
    const updated = radarReducer(entered, { type: "card", update: { personId: 12, card: fresher } });
    const tipped = receive(updated, event(202, "TIP", 12, "big_tipper_77", { tokens: 250 }));
    expect(tipped.present[0]).toMatchObject({ roomTipsTotal: 4500, roomTipCount: 32 });
    const later = receive(tipped, event(203, "TIP", 12, "big_tipper_77", { tokens: 50 }));
    expect(later.present[0]).toMatchObject({ roomTipsTotal: 4550, roomTipCount: 33 });
  });

  it("test_shows_card_of_uncarded_tipper_and_counts_them_in_the_room_when_tip_has_card", () => {
    const tipper = card(9, "silent_whale_9", { roomTipsTotal: 1000, roomTipCount: 1 });
    const state = run(event(301, "TIP", 9, "silent_whale_9", { tokens: 1000, card: tipper }));
    expect(state.arrivals[0]).toMatchObject({ reason: "tip", card: { username: "silent_whale_9" } });
    expect(state.present.map((item) => [item.username, item.roomTipsTotal])).toEqual([["silent_whale_9", 1000]]);
  });

  it("test_a_chatter_is_in_the_room_and_a_leave_takes_them_out_when_no_enter_came", () => {
    const chatter = card(5, "night_owl_3");
    const chatted = run(event(310, "CHAT_MESSAGE", 5, "night_owl_3", { content: "hi", card: chatter }));
    expect(chatted.present.map((item) => [item.username, item.enteredAt])).toEqual([
      ["night_owl_3", "2026-03-06T21:10:00Z"],
    ]);
    expect(chatted.arrivals).toEqual([]);
    const again = receive(chatted, event(311, "FOLLOW", 5, "night_owl_3"));
    expect(again.present.map((item) => item.enteredAt)).toEqual(["2026-03-06T21:10:00Z"]);
    expect(receive(again, event(312, "USER_LEAVE", 5, "night_owl_3")).present).toEqual([]);
  });

  it("test_a_landed_look_up_replaces_the_card_wherever_it_shows_when_a_card_update_comes", () => {
    const entered = run(event(320, "USER_ENTER", 12, "big_tipper_77", { card: whale }));
    const looked = card(12, "big_tipper_77", {
      statbateAllTimeTokens: 88_000,
      lookup: { state: "found", at: "2026-03-06T21:20:05Z", error: null, attempts: 1 },
    });
    const updated = radarReducer(entered, { type: "card", update: { personId: 12, card: looked } });
    expect(updated.present[0]?.statbateAllTimeTokens).toBe(88_000);
    expect(updated.present[0]?.enteredAt).toBe(entered.present[0]?.enteredAt);
    expect(updated.arrivals[0]?.card.lookup?.state).toBe("found");
    expect(updated.feed).toBe(entered.feed);
  });
});

describe("radar reducer: room snapshot and connection", () => {
  const room: RadarRoom = {
    live: true,
    sessionId: 31,
    since: "2026-03-06T20:00:00Z",
    present: [
      present(card(8, "quiet_lurker_12"), "2026-03-06T20:10:00Z"),
      present(whale, "2026-03-06T20:40:00Z"),
    ],
    recent: [event(150, "USER_ENTER", 12, "big_tipper_77"), event(149, "USER_ENTER", 8, "quiet_lurker_12")],
    lastEventId: 150,
    counts: { viewers: 24, registered: 19, tokened: 7, capturedAt: "2026-03-06T20:58:00Z" },
  };

  it("test_loads_presence_feed_and_cards_when_room_snapshot_arrives", () => {
    const state = radarReducer(initialRadarState, { type: "room", room, receivedAt: RECEIVED });
    expect(state.live).toBe(true);
    expect(state.present.map((item) => item.username)).toEqual(["big_tipper_77", "quiet_lurker_12"]);
    expect(state.feed.map((item) => item.id)).toEqual([150, 149]);
    expect(state.arrivals.map((item) => item.reason)).toEqual(["present", "present"]);
    expect(state.lastEventId).toBe(150);
  });

  it("test_merges_without_duplicates_when_stream_and_snapshot_overlap", () => {
    const streamed = run(event(150, "USER_ENTER", 12, "big_tipper_77"), event(151, "FOLLOW", 8, "quiet_lurker_12"));
    const state = radarReducer(streamed, { type: "room", room, receivedAt: RECEIVED });
    expect(state.feed.map((item) => item.id)).toEqual([151, 150, 149]);
    expect(state.lastEventId).toBe(151);
  });

  it("test_reports_connection_status_when_it_changes", () => {
    const live = radarReducer(initialRadarState, { type: "connection", status: "live" });
    expect(live.connection).toBe("live");
    expect(radarReducer(live, { type: "connection", status: "live" })).toBe(live);
    expect(radarReducer(live, { type: "connection", status: "reconnecting" }).connection).toBe("reconnecting");
  });
});

describe("spotlight", () => {
  const regular = card(8, "quiet_lurker_12");

  it("test_keeps_big_spender_in_spotlight_when_a_regular_enters_within_the_hold", () => {
    const state = receive(
      receive(initialRadarState, event(201, "USER_ENTER", 12, "big_tipper_77", { card: whale }), RECEIVED),
      event(202, "USER_ENTER", 8, "quiet_lurker_12", { card: regular }),
      RECEIVED + 1_000,
    );
    expect(spotlightArrival(state.arrivals, RECEIVED + 5_000)?.card.username).toBe("big_tipper_77");
    expect(spotlightArrival(state.arrivals, RECEIVED + SPOTLIGHT_HOLD_MS)?.card.username).toBe("quiet_lurker_12");
  });

  it("test_shows_newest_arrival_when_nobody_is_highlighted", () => {
    const state = run(
      event(201, "USER_ENTER", 7, "chatty_friend_3", { card: card(7, "chatty_friend_3") }),
      event(202, "USER_ENTER", 8, "quiet_lurker_12", { card: regular }),
    );
    expect(spotlightArrival(state.arrivals, RECEIVED)?.card.username).toBe("quiet_lurker_12");
    expect(spotlightArrival([], RECEIVED)).toBeUndefined();
  });
});

describe("stream message parsing", () => {
  it("test_parses_event_and_defaults_missing_fields_when_data_is_valid", () => {
    const parsed = parseRadarEvent(
      JSON.stringify({ id: 5, type: "TIP", occurredAt: "2026-03-06T21:00:00Z", personId: 12, username: "big_tipper_77", tokens: 25 }),
    );
    expect(parsed).toMatchObject({ id: 5, tokens: 25, content: null, sessionId: null, card: null });
  });

  it("test_returns_null_when_data_is_not_a_radar_event", () => {
    expect(parseRadarEvent("not json")).toBeNull();
    expect(parseRadarEvent(JSON.stringify({ id: "5", type: "TIP" }))).toBeNull();
    expect(parseRadarEvent("null")).toBeNull();
  });
});
