import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import type { SessionAnalysis } from "../../api/types";
import { FakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { formatShare, SessionAnalysisPanel } from "./SessionAnalysisPanel";

const analysis: SessionAnalysis = {
  sessionId: 31,
  startedAt: "2026-03-06T20:00:00Z",
  endedAt: "2026-03-06T23:00:00Z",
  topTippers: [
    { personId: 12, username: "big_tipper_77", tokens: 1200, tips: 4, evidence: { type: "interaction", id: 4411, source: "cb_events" } },
  ],
  newcomers: [{ personId: 8, username: "quiet_lurker_12", evidence: { type: "interaction", id: 4400, source: "cb_events" }, priorSessions: 0 }],
  returningRegulars: [
    { personId: 12, username: "big_tipper_77", evidence: { type: "interaction", id: 4390, source: "cb_events" }, priorSessions: 7 },
  ],
  enterToTipConversion: 0.125,
  coverage: { state: "full", gaps: [] },
  insights: [
    {
      key: "session.conversion",
      summary: "1 of 8 people who entered tipped (12%).",
      confidence: "low",
      enoughData: true,
      sources: ["Chaturbate Events"],
      evidence: { items: [{ type: "interaction", id: 4411, source: "cb_events" }], total: 1 },
      facts: {},
    },
  ],
};

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
});

describe("SessionAnalysisPanel", () => {
  it("test_formats_conversion_share_when_small_or_missing", () => {
    expect(formatShare(0.125)).toBe("13%");
    expect(formatShare(0.004)).toBe("0.4%");
    expect(formatShare(0)).toBe("0%");
    expect(formatShare(null)).toBe("—");
  });

  it("test_lists_tippers_newcomers_regulars_and_conversion_when_loaded", async () => {
    api.on("GET", "/api/session/31/analysis", { body: analysis });
    renderWithProviders(<SessionAnalysisPanel sessionId={31} />);

    expect(await screen.findByTestId("session-conversion")).toHaveTextContent("13%");
    const tippers = screen.getByTestId("session-analysis-tippers");
    expect(tippers).toHaveTextContent("big_tipper_77");
    expect(tippers).toHaveTextContent("1,200 tk");
    expect(within(tippers).getByTestId("evidence-link")).toHaveAttribute("href", "/person/12?tab=interactions&highlight=4411");
    expect(screen.getByTestId("session-analysis-newcomers")).toHaveTextContent("quiet_lurker_12");
    expect(screen.getByTestId("session-analysis-regulars")).toHaveTextContent("7 earlier sessions");
    expect(screen.getByTestId("insight")).toHaveTextContent("1 of 8 people who entered tipped");
  });

  it("test_previews_the_interaction_when_insight_evidence_is_opened", async () => {
    api.on("GET", "/api/session/31/analysis", { body: analysis });
    api.on("GET", "/api/interaction/4411", {
      body: {
        id: 4411,
        personId: 12,
        sessionId: 31,
        type: "TIP",
        content: null,
        occurredAt: "2026-03-06T21:00:00Z",
        source: "cb_events",
        metadata: { tokens: 500, message: "for the show" },
        username: "big_tipper_77",
      },
    });
    renderWithProviders(<SessionAnalysisPanel sessionId={31} />);

    const insight = await screen.findByTestId("insight");
    await userEvent.click(within(insight).getByTestId("evidence-link"));

    const popover = await screen.findByTestId("evidence-popover");
    expect(await within(popover).findByText("500 tokens — “for the show”")).toBeInTheDocument();
    expect(within(popover).getByRole("link")).toHaveAttribute("href", "/person/12?tab=interactions&highlight=4411");
  });

  it("test_says_partial_and_gives_lower_bounds_when_the_panel_missed_part_of_the_session", async () => {
    api.on("GET", "/api/session/31/analysis", {
      body: {
        ...analysis,
        coverage: { state: "partial", gaps: [{ startedAt: "2026-03-06T21:40:00Z", endedAt: "2026-03-06T21:55:00Z" }] },
      },
    });
    renderWithProviders(<SessionAnalysisPanel sessionId={31} />);

    const note = await screen.findByTestId("session-analysis-partial");
    expect(note).toHaveTextContent("Partial: the panel was not listening 21:40–21:55 UTC, so counts are at least these.");
    expect(screen.getByTestId("session-analysis-tippers")).toHaveTextContent("at least 1,200 tk");
    expect(screen.getByTestId("session-analysis")).toHaveAttribute("data-coverage", "partial");
  });
});
