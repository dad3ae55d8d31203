import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { EntryCard, RadarEvent, RadarRoom } from "../api/types";
import { FakeApi } from "../test/fakeApi";
import { FakeEventSource } from "../test/fakeEventSource";
import { renderWithProviders } from "../test/render";
import { RadarPage } from "./RadarPage";

const whale: EntryCard = {
  personId: 12,
  username: "big_tipper_77",
  roomTipsTotal: 4250,
  roomTipCount: 31,
  lastTipAt: "2026-03-01T22:00:00Z",
  lastTipTokens: 200,
  visits: 12,
  statbateAllTimeTokens: 120_000,
  statbateLastTipDate: "2026-03-05",
  statbateCapturedAt: "2026-03-05T10:00:00Z",
  watchlists: [{ id: 1, name: "Friends", isSystem: true }],
  notes: [{ id: 3, personId: 12, content: "Likes long sessions", createdAt: "2026-01-01T10:00:00Z", updatedAt: "2026-01-01T10:00:00Z" }],
  tags: [{ key: "tipper", value: "whale", confidence: "high", evidenceType: "manual", evidenceId: null, updatedAt: "2026-01-01T10:00:00Z" }],
  highlight: "big_spender",
  highlightReason: "120,000 tokens tipped all-time on Statbate",
  highlightGrounds: [{ kind: "statbate_total", tokens: 120_000, level: null, watchlists: [] }],
  flags: null,
  lookup: null,
  firstRoomEventAt: null,
  countedThrough: null,
};

const room: RadarRoom = {
  live: true,
  sessionId: 31,
  since: new Date(Date.now() - 3_600_000).toISOString(),
  present: [
    {
      ...whale,
      personId: 8,
      username: "quiet_lurker_12",
      roomTipsTotal: 0,
      roomTipCount: 0,
      highlight: null,
      highlightReason: null,
      watchlists: [],
      notes: [],
      tags: [],
      enteredAt: new Date(Date.now() - 600_000).toISOString(),
    },
  ],
  recent: [],
  lastEventId: 140,
  counts: null,
};

function radarEvent(id: number, type: RadarEvent["type"], extra: Partial<RadarEvent> = {}): RadarEvent {
  return {
    id,
    type,
    occurredAt: new Date().toISOString(),
    personId: 12,
    username: "big_tipper_77",
    content: null,
    tokens: null,
    sessionId: 31,
    card: null,
    ...extra,
  };
}

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
  FakeEventSource.install();
});

afterEach(() => {
  vi.useRealTimers();
});

async function connected(): Promise<FakeEventSource> {
  await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
  const source = FakeEventSource.latest();
  act(() => source.open());
  return source;
}

describe("RadarPage", () => {
  it("test_streams_after_the_room_snapshot_and_shows_who_is_present_when_opened", async () => {
    api.on("GET", "/api/radar/room", { body: room });
    renderWithProviders(<RadarPage />);

    expect(screen.getByTestId("radar-connection")).toHaveAttribute("data-state", "connecting");
    const source = await connected();

    expect(source.url).toBe("/api/radar/stream?after=140");
    expect(screen.getByTestId("radar-connection")).toHaveAttribute("data-state", "live");
    const presence = screen.getByTestId("radar-present");
    expect(within(presence).getAllByTestId("radar-present-item").map((item) => item.dataset["username"])).toEqual([
      "quiet_lurker_12",
    ]);
  });

  it("test_shows_highlighted_entry_card_and_tip_when_big_spender_enters_and_tips", async () => {
    api.on("GET", "/api/radar/room", { body: room });
    renderWithProviders(<RadarPage />);
    const source = await connected();

    act(() => source.emit("interaction", radarEvent(141, "USER_ENTER", { card: whale }), "141"));
    act(() => source.emit("interaction", radarEvent(142, "TIP", { tokens: 500, content: "for the show" }), "142"));

    const card = screen.getAllByTestId("radar-card").find((item) => item.dataset["username"] === "big_tipper_77");
    expect(card).toBeDefined();
    expect(within(card!).getByTestId("radar-highlight")).toHaveTextContent("Big spender");
    expect(card).toHaveTextContent("4,750");
    expect(card).toHaveTextContent("Likes long sessions");
    expect(card).toHaveTextContent("Friends");
    const events = screen.getAllByTestId("radar-event");
    expect(events.map((item) => item.dataset["type"])).toEqual(["TIP", "USER_ENTER"]);
    expect(events[0]).toHaveTextContent("500");
    expect(screen.getByTestId("radar-present-count")).toHaveTextContent("2");

    act(() => source.emit("interaction", radarEvent(143, "USER_LEAVE"), "143"));
    expect(screen.getByTestId("radar-present-count")).toHaveTextContent("1");
  });

  it("test_reads_the_room_again_and_resumes_after_last_event_when_stream_is_refused", async () => {
    let reads = 0;
    api.on("GET", "/api/radar/room", () => {
      reads += 1;
      return { body: reads === 1 ? room : { ...room, lastEventId: 145 } };
    });
    renderWithProviders(<RadarPage />);
    const first = await connected();
    act(() => first.emit("interaction", radarEvent(141, "FOLLOW"), "141"));

    act(() => first.fail());
    expect(screen.getByTestId("radar-connection")).toHaveAttribute("data-state", "reconnecting");
    expect(FakeEventSource.instances).toHaveLength(1);

    vi.useFakeTimers({ shouldAdvanceTime: true });
    act(() => first.fail(true));
    await act(() => vi.advanceTimersByTimeAsync(1000));
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2));
    expect(FakeEventSource.latest().url).toBe("/api/radar/stream?after=145");
    expect(reads).toBe(2);
  });

  it("test_hides_a_kind_of_event_when_its_filter_is_switched_off", async () => {
    api.on("GET", "/api/radar/room", { body: room });
    renderWithProviders(<RadarPage />);
    const source = await connected();
    act(() => {
      source.emit("interaction", radarEvent(141, "CHAT_MESSAGE", { content: "hello hudson!" }));
      source.emit("interaction", radarEvent(142, "TIP", { tokens: 25 }));
    });

    await userEvent.click(screen.getByTestId("radar-filter-chat"));

    expect(screen.getAllByTestId("radar-event").map((item) => item.dataset["type"])).toEqual(["TIP"]);
  });
});
