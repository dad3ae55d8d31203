import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";

import type { Attribute, Insight, PersonAnalysis, PersonDetail } from "../../api/types";
import { FakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { PersonPage } from "../PersonPage";

const detail: PersonDetail = {
  person: {
    id: 12,
    username: "big_tipper_77",
    platform: "chaturbate",
    role: "VIEWER",
    rid: null,
    did: null,
    firstSeenAt: "2025-11-02T20:15:00Z",
    lastSeenAt: "2026-02-27T22:40:00Z",
    isExcluded: false,
    aliases: [],
  },
  latestSnapshots: [],
  deltas: [],
  roomStats: { tipsTotal: 850, tipCount: 14, lastTipAt: null, messages: 120, visits: 9, lastSeenInRoomAt: null },
  notes: [],
  attributes: [],
  watchlists: [],
};

const roomTips: Insight = {
  key: "spending.room",
  summary: "Tipped 850 tokens in 14 tips; the last one 3 days ago.",
  confidence: "high",
  enoughData: true,
  sources: ["Chaturbate Events"],
  evidence: { items: [{ type: "interaction", id: 4411, source: "cb_events" }], total: 14 },
  facts: { tip_total: 850 },
};

const siteWide: Insight = {
  key: "spending.site_wide",
  summary: "No Statbate snapshot yet: look them up with Statbate to know their spending elsewhere.",
  confidence: "low",
  enoughData: false,
  sources: ["Statbate"],
  evidence: { items: [{ type: "snapshot", id: 88, source: "statbate_member" }], total: 1 },
  facts: {},
};

function analysis(extra: Partial<PersonAnalysis> = {}): PersonAnalysis {
  return {
    personId: 12,
    username: "big_tipper_77",
    isExcluded: false,
    generatedAt: "2026-03-06T12:00:00Z",
    timezone: "Europe/Berlin",
    spending: [roomTips, siteWide],
    engagement: [],
    loyalty: [],
    timing: [],
    tags: [],
    activityHeatmap: Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0)),
    months: [{ month: "2026-02", interactions: 40, tips: 14, tokens: 850, activeDays: 6 }],
    suggestions: [
      {
        key: "tipper",
        value: "regular",
        confidence: "medium",
        reason: "Tips in most sessions they attend.",
        insightKey: "spending.frequency",
        evidence: { items: [{ type: "interaction", id: 4411, source: "cb_events" }], total: 1 },
        currentValue: null,
      },
      {
        key: "timezone",
        value: "CET",
        confidence: "low",
        reason: "Active mostly in the evening, Berlin time.",
        insightKey: "timing.room_hours",
        evidence: { items: [], total: 0 },
        currentValue: null,
      },
    ],
    ...extra,
  };
}

const accepted: Attribute = {
  key: "tipper",
  value: "regular",
  confidence: "medium",
  evidenceType: "interaction",
  evidenceId: 4411,
  updatedAt: "2026-03-06T12:01:00Z",
};

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
  api.on("GET", "/api/person/12", { body: detail });
  api.on("GET", "/api/watchlists", { body: [] });
});

function renderAnalysis() {
  return renderWithProviders(
    <Routes>
      <Route path="/person/:id" element={<PersonPage />} />
    </Routes>,
    { route: "/person/12?tab=analysis" },
  );
}

describe("Person analysis tab", () => {
  it("test_shows_insights_with_confidence_sources_and_evidence_links_when_loaded", async () => {
    api.on("GET", "/api/person/12/analysis", { body: analysis() });
    renderAnalysis();

    const spending = (await screen.findAllByTestId("analysis-section")).find((item) => item.dataset["section"] === "spending");
    const [room, site] = within(spending!).getAllByTestId("insight");
    expect(within(room!).getByTestId("insight-confidence")).toHaveTextContent("high");
    expect(within(room!).getByTestId("insight-source")).toHaveTextContent("Chaturbate Events");
    expect(within(room!).getByTestId("evidence-link")).toHaveAttribute("href", "/person/12?tab=interactions&highlight=4411");
    expect(within(room!).queryByTestId("insight-not-enough")).not.toBeInTheDocument();
    expect(site).toHaveAttribute("data-enough-data", "false");
    expect(within(site!).getByTestId("insight-not-enough")).toBeInTheDocument();
    expect(within(site!).getByTestId("evidence-link")).toHaveAttribute("href", "/person/12?tab=timeline&snapshot=88");
    expect(screen.getAllByTestId("heatmap-cell")).toHaveLength(168);
    expect(screen.getByTestId("month-row")).toHaveTextContent("Feb 2026");
  });

  it("test_stores_suggestion_and_refreshes_attributes_when_accept_is_clicked", async () => {
    let stored: Attribute[] = [];
    api.on("GET", "/api/person/12", () => ({ body: { ...detail, attributes: stored } }));
    api.on("GET", "/api/person/12/analysis", () => ({ body: analysis({ suggestions: analysis().suggestions.slice(stored.length) }) }));
    api.on("POST", "/api/person/12/analysis/accept", () => {
      stored = [accepted];
      return { body: accepted };
    });
    renderAnalysis();

    const first = (await screen.findAllByTestId("suggestion"))[0]!;
    await userEvent.click(within(first).getByTestId("suggestion-accept"));

    expect(api.last("POST", "/api/person/12/analysis/accept")?.body).toEqual({ key: "tipper", value: "regular" });
    expect(await screen.findByTestId("suggestion-feedback")).toHaveTextContent("Saved tipper=regular");
    await waitFor(() => expect(screen.getAllByTestId("suggestion").map((item) => item.dataset["key"])).toEqual(["timezone"]));
    await waitFor(() => expect(screen.getByTestId("tab-attributes")).toHaveTextContent("Attributes1"));
    expect(api.requests.filter((item) => item.method === "GET" && item.path === "/api/person/12").length).toBeGreaterThan(1);
  });

  it("test_forgets_suggestion_when_dismiss_is_clicked", async () => {
    api.on("GET", "/api/person/12/analysis", { body: analysis() });
    api.on("POST", "/api/person/12/analysis/dismiss", { status: 204 });
    renderAnalysis();

    const second = (await screen.findAllByTestId("suggestion"))[1]!;
    await userEvent.click(within(second).getByTestId("suggestion-dismiss"));

    expect(api.last("POST", "/api/person/12/analysis/dismiss")?.body).toEqual({ key: "timezone", value: "CET" });
    expect(await screen.findByTestId("suggestion-feedback")).toHaveTextContent("Dismissed timezone=CET");
  });

  it("test_offers_to_analyse_anyway_and_accepts_for_them_when_person_is_excluded", async () => {
    api.on("GET", "/api/person/12/analysis", (request) =>
      request.search.get("includeExcluded") === "true"
        ? { body: analysis({ isExcluded: true }) }
        : { status: 409, body: { title: "Excluded person", status: 409, detail: "big_tipper_77 is excluded." } },
    );
    api.on("POST", "/api/person/12/analysis/accept", { body: accepted });
    renderAnalysis();

    await userEvent.click(await screen.findByTestId("analysis-include-excluded"));

    expect(await screen.findByTestId("analysis-excluded-shown")).toBeInTheDocument();
    expect(screen.getAllByTestId("insight")).toHaveLength(2);
    await userEvent.click(screen.getAllByTestId("suggestion-accept")[0]!);
    await screen.findByTestId("suggestion-feedback");
    expect(api.last("POST", "/api/person/12/analysis/accept")?.search.get("includeExcluded")).toBe("true");
  });

  it("test_shows_why_when_accepting_a_suggestion_that_is_no_longer_made", async () => {
    api.on("GET", "/api/person/12/analysis", { body: analysis() });
    api.on("POST", "/api/person/12/analysis/accept", {
      status: 409,
      body: { title: "Conflict", status: 409, detail: "tipper is now whale, not regular." },
    });
    renderAnalysis();

    await userEvent.click((await screen.findAllByTestId("suggestion-accept"))[0]!);

    expect(await screen.findByTestId("suggestion-error")).toHaveTextContent("tipper is now whale, not regular.");
  });
});
