import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import type { LookupResponse } from "../api/types";
import { FakeApi } from "../test/fakeApi";
import { renderWithProviders } from "../test/render";
import { HomePage } from "./HomePage";

const found: LookupResponse = {
  people: [
    {
      person: {
        id: 12,
        username: "big_tipper_77",
        platform: "chaturbate",
        role: "VIEWER",
        rid: null,
        did: 90210,
        firstSeenAt: "2025-11-02T20:15:00Z",
        lastSeenAt: "2026-02-27T22:40:00Z",
        isExcluded: false,
        aliases: ["tipper_old"],
      },
      latestSnapshots: [
        {
          id: 5,
          personId: 12,
          source: "statbate_member",
          capturedAt: "2026-02-27T22:41:00Z",
          normalizedMetrics: { all_time_tokens: 12000, models_tipped_2weeks: 5 },
        },
      ],
      deltas: [
        {
          source: "statbate_member",
          newerCapturedAt: "2026-02-27T22:41:00Z",
          olderCapturedAt: "2026-02-20T10:00:00Z",
          deltas: { all_time_tokens: 2000, models_tipped_2weeks: -1 },
        },
      ],
      interactions: [],
      roomStats: { tipsTotal: 850, tipCount: 14, lastTipAt: "2026-02-27T22:30:00Z", messages: 120, visits: 9, lastSeenInRoomAt: "2026-02-27T22:40:00Z" },
      notes: [{ id: 3, personId: 12, content: "Likes long sessions", createdAt: "2026-01-01T10:00:00Z", updatedAt: "2026-01-01T10:00:00Z" }],
      attributes: [{ key: "tipper", value: "whale", confidence: "high", evidenceType: "manual", evidenceId: null, updatedAt: "2026-01-01T10:00:00Z" }],
      watchlists: [{ id: 1, name: "Friends", isSystem: true }],
      foundAs: ["typed"],
    },
  ],
  newNames: [],
  excluded: ["smk_lover"],
  failures: [{ service: "statbate", message: "Statbate answered 503" }],
  statbate: [],
};

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
});

describe("HomePage", () => {
  it("test_shows_person_cards_with_deltas_and_failures_when_lookup_returns", async () => {
    api.on("POST", "/api/lookup", { body: found });
    renderWithProviders(<HomePage />);

    await userEvent.type(screen.getByTestId("lookup-username"), "big_tipper_77");
    await userEvent.click(screen.getByTestId("lookup-submit"));

    const card = await screen.findByTestId("person-card");
    expect(within(card).getByTestId("person-card-link")).toHaveAttribute("href", "/person/12");
    expect(within(card).getByTestId("source-label")).toHaveTextContent("Statbate");
    const directions = within(card).getAllByTestId("delta").map((node) => node.dataset["direction"]);
    expect(directions).toEqual(["up", "down"]);
    expect(within(card).getByTestId("room-tips-total")).toHaveTextContent("850 tk");
    expect(within(card).getByText("Likes long sessions")).toBeInTheDocument();
    expect(screen.getByTestId("failure-banner")).toHaveTextContent("Statbate answered 503");
    expect(screen.getByTestId("excluded-notice")).toHaveTextContent("smk_lover");
  });

  it("test_shows_problem_detail_when_lookup_is_rejected", async () => {
    api.on("POST", "/api/lookup", {
      status: 400,
      body: { title: "Invalid input", status: 400, detail: "No username found in the pasted text." },
    });
    renderWithProviders(<HomePage />);

    await userEvent.type(screen.getByTestId("lookup-paste"), "!!!");
    await userEvent.click(screen.getByTestId("lookup-submit"));

    expect(await screen.findByTestId("lookup-error")).toHaveTextContent("No username found in the pasted text.");
  });

  it("test_lists_known_people_ranked_then_new_names_and_opens_cards_on_demand", async () => {
    const [base] = found.people;
    const quiet = { ...base!, person: { ...base!.person, id: 13, username: "quiet_lurker_12" }, roomStats: null, latestSnapshots: [], notes: [], watchlists: [], foundAs: ["speaker"] };
    api.on("POST", "/api/lookup", {
      body: { ...found, people: [quiet, base], newNames: [{ username: "lazy_wolf_39", foundAs: ["mention"] }], failures: [] },
    });
    api.on("GET", "/api/watchlists", { body: [] });
    renderWithProviders(<HomePage />);

    await userEvent.type(screen.getByTestId("lookup-paste"), "quiet_lurker_12: hi @lazy_wolf_39");
    await userEvent.click(screen.getByTestId("lookup-submit"));

    const rows = await screen.findAllByTestId("lookup-row");
    expect(rows.map((row) => row.dataset["username"])).toEqual(["big_tipper_77", "quiet_lurker_12"]);
    expect(within(rows[0]!).getByTestId("lookup-tips-here")).toHaveTextContent("850 tk");
    expect(within(rows[0]!).getByTestId("lookup-all-time")).toHaveTextContent("12,000 tk");
    expect(within(rows[0]!).getByText("Likes long sessions")).toBeInTheDocument();
    expect(screen.getByTestId("lookup-new-row")).toHaveTextContent("lazy_wolf_39");
    expect(screen.getByTestId("lookup-new-row")).toHaveTextContent("new");
    expect(screen.queryByTestId("person-card")).toBeNull();

    await userEvent.click(within(rows[1]!).getByTestId("lookup-card-toggle"));

    expect(screen.getByTestId("person-card")).toHaveAttribute("data-username", "quiet_lurker_12");
  });

  it("test_previews_and_saves_a_pasted_pm_thread", async () => {
    const preview = {
      formats: ["chat"], lines: 2, messages: 2, tips: 0, tipMenuItems: 0, noise: 0, unparsed: 0,
      new: 2, stored: 0, recorded: 0, orphans: 0, excluded: [],
      people: [{ username: "velvet_fox_93", personId: null, isNew: true, messages: 2, tips: 0, newMessages: 2 }],
      room: null, tipMenuModel: null, tipMenu: [], tipMenuNew: false, timed: false, day: "2026-12-01", sessionId: 4,
      timeZone: "UTC", sample: [],
    };
    api.on("POST", "/api/paste/preview", { body: preview });
    api.on("POST", "/api/paste/save", {
      body: {
        stored: 2, alreadyStored: 0, recorded: 0, created: ["velvet_fox_93"], tipMenuStored: false,
        people: [{ ...preview.people[0], personId: 31 }], day: "2026-12-01", sessionId: 4,
      },
    });
    renderWithProviders(<HomePage />);

    await userEvent.type(screen.getByTestId("lookup-paste"), "velvet_fox_93: hey{enter}hudson_cage: hi");
    await userEvent.click(screen.getByTestId("lookup-save"));
    await userEvent.click(screen.getByTestId("paste-kind-pm"));
    await userEvent.click(screen.getByTestId("paste-preview"));

    expect(await screen.findByTestId("paste-preview-summary")).toHaveTextContent("2 messages");
    expect(screen.getByTestId("paste-person")).toHaveTextContent("velvet_fox_93 · new");
    expect(api.last("POST", "/api/paste/preview")?.body).toEqual({
      text: "velvet_fox_93: hey\nhudson_cage: hi",
      kind: "pm",
    });

    await userEvent.click(screen.getByTestId("paste-save"));

    expect(await screen.findByTestId("paste-saved")).toHaveTextContent("Saved 2 messages");
    expect(screen.getByTestId("paste-saved-person")).toHaveAttribute("href", "/person/31?tab=communications");
  });
});
