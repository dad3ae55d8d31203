import { fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { SessionSummary } from "../../api/types";
import { FakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { SessionReportDialog, suggestedTheme, themeOf } from "./SessionReport";

const REPORT = [
  "S: 2026-11-20/21 Stream – Cozy Friday",
  "Partial: not listening 21:40–21:55",
  "Duration: 3h 12m",
  "Room Subject: Spin the wheel [100 tk] #tease #friday",
  "",
  "## Tokens",
  "",
  "- Received: at least 4,210",
  "",
].join("\n");

const session: SessionSummary = {
  id: 42,
  broadcaster: "hudson_cage",
  startedAt: "2026-11-21T02:04:00Z",
  endedAt: "2026-11-21T05:16:00Z",
  status: "ENDED",
  durationSeconds: 11_520,
  tokens: 4210,
  tipCount: 40,
  tippers: 14,
  topTippers: [],
  newFollowers: 12,
  unfollows: 3,
  chatMessages: 600,
  privateMessages: 4,
  uniqueVisitors: 143,
  coverage: { state: "partial", gaps: [{ startedAt: "2026-11-21T02:40:00Z", endedAt: "2026-11-21T02:55:00Z" }] },
};

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
  api.on("GET", "/api/sessions/42/report", { body: REPORT, contentType: "text/markdown; charset=utf-8" });
});

describe("SessionReportDialog", () => {
  it("test_reads_the_theme_and_suggests_one_from_the_room_subject", () => {
    expect(themeOf(REPORT)).toBe("Cozy Friday");
    expect(themeOf("S: 2026-11-20 Stream –\n")).toBe("");
    expect(suggestedTheme(REPORT)).toBe("Spin the wheel");
    expect(suggestedTheme("Room Subject: Unknown")).toBe("");
  });

  it("test_shows_the_markdown_as_the_server_wrote_it_and_copies_it_when_asked", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    renderWithProviders(<SessionReportDialog session={session} onClose={() => undefined} />);

    const markdown = await screen.findByTestId("report-markdown");
    expect(markdown.textContent).toBe(REPORT);
    expect(api.last("GET", "/api/sessions/42/report")?.headers.get("Accept")).toBe("text/markdown");
    expect(screen.getByTestId("coverage-partial")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("report-copy"));

    expect(writeText).toHaveBeenCalledWith(REPORT);
    expect(await screen.findByText("Copied to the clipboard")).toBeInTheDocument();
  });

  it("test_saves_the_theme_and_reads_the_report_again", async () => {
    api.on("PUT", "/api/sessions/42/theme", (request) => ({ body: { sessionId: 42, ...(request.body as object) } }));
    renderWithProviders(<SessionReportDialog session={session} onClose={() => undefined} />);

    const theme = await screen.findByTestId("report-theme");
    expect(theme).toHaveValue("Cozy Friday");
    fireEvent.change(theme, { target: { value: "Wheel night" } });
    await userEvent.click(screen.getByTestId("report-theme-save"));

    await vi.waitFor(() => expect(api.last("PUT", "/api/sessions/42/theme")?.body).toEqual({ theme: "Wheel night" }));
    await vi.waitFor(() => expect(api.requests.filter((r) => r.path === "/api/sessions/42/report")).toHaveLength(2));
  });
});
