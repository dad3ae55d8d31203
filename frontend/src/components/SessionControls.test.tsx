import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { setCsrfToken } from "../api/client";
import type { Session } from "../api/types";
import { FakeApi } from "../test/fakeApi";
import { renderWithProviders } from "../test/render";
import { SessionControls } from "./SessionControls";

const liveSession: Session = {
  id: 31,
  broadcaster: "hudson_cage",
  startedAt: new Date(Date.now() - 65_000).toISOString(),
  endedAt: null,
  status: "LIVE",
};

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
  setCsrfToken("csrf-session-test");
});

afterEach(() => setCsrfToken(null));

describe("SessionControls", () => {
  it("test_asks_before_ending_and_keeps_the_show_live_when_cancelled", async () => {
    api.on("GET", "/api/session/current", { body: { session: liveSession } });
    renderWithProviders(<SessionControls />);

    await userEvent.click(await screen.findByTestId("session-end"));
    expect(screen.getByTestId("session-end-ask")).toHaveTextContent("End the show?");
    await userEvent.click(screen.getByTestId("session-end-cancel"));

    expect(api.last("POST", "/api/session/end")).toBeUndefined();
    expect(screen.getByTestId("session-status")).toHaveAttribute("data-live", "true");
    expect(screen.getByTestId("session-end")).toBeEnabled();
  });

  it("test_offers_no_usable_button_while_the_status_is_loading", async () => {
    api.on("GET", "/api/session/current", { body: { session: null } });
    renderWithProviders(<SessionControls />);

    // The first render comes before the answer.
    expect(screen.getByTestId("session-status")).toHaveTextContent("Checking…");
    expect(screen.getByTestId("session-pending")).toBeDisabled();
    expect(screen.queryByTestId("session-start")).not.toBeInTheDocument();
    expect(screen.queryByTestId("session-end")).not.toBeInTheDocument();
    expect(await screen.findByText("Offline")).toBeInTheDocument();
    expect(screen.getByTestId("session-start")).toBeEnabled();
  });

  it("test_shows_offline_and_start_button_when_no_session_is_live", async () => {
    api.on("GET", "/api/session/current", { body: { session: null } });

    renderWithProviders(<SessionControls />);

    expect(await screen.findByText("Offline")).toBeInTheDocument();
    expect(screen.getByTestId("session-status")).toHaveAttribute("data-live", "false");
    expect(screen.getByTestId("session-start")).toBeEnabled();
    expect(screen.queryByTestId("session-end")).not.toBeInTheDocument();
  });

  it("test_goes_live_with_running_clock_when_start_is_clicked", async () => {
    api.on("GET", "/api/session/current", { body: { session: null } });
    api.on("POST", "/api/session/start", { body: liveSession });
    renderWithProviders(<SessionControls />);

    await userEvent.click(await screen.findByTestId("session-start"));

    await waitFor(() => expect(screen.getByTestId("session-status")).toHaveAttribute("data-live", "true"));
    expect(screen.getByTestId("session-status")).toHaveTextContent("LIVE");
    expect(screen.getByTestId("session-elapsed").textContent).toMatch(/^0:01:0\d$/);
    expect(api.last("POST", "/api/session/start")?.headers.get("X-CSRF-Token")).toBe("csrf-session-test");
  });

  it("test_ends_the_live_session_by_id_when_end_is_clicked", async () => {
    let current: Session | null = liveSession;
    api.on("GET", "/api/session/current", () => ({ body: { session: current } }));
    api.on("POST", "/api/session/end", () => {
      const ended: Session = { ...liveSession, status: "ENDED", endedAt: new Date().toISOString() };
      current = null;
      return { body: ended };
    });
    renderWithProviders(<SessionControls />);

    await userEvent.click(await screen.findByTestId("session-end"));
    await userEvent.click(screen.getByTestId("session-end-confirm"));

    expect(await screen.findByText("Offline")).toBeInTheDocument();
    expect(api.last("POST", "/api/session/end")?.body).toEqual({ sessionId: 31 });
  });

  it("test_shows_problem_detail_when_ending_fails", async () => {
    api.on("GET", "/api/session/current", { body: { session: liveSession } });
    api.on("POST", "/api/session/end", {
      status: 409,
      body: { title: "Session already ended", status: 409, detail: "Session 31 has ended." },
    });
    renderWithProviders(<SessionControls />);

    await userEvent.click(await screen.findByTestId("session-end"));
    await userEvent.click(screen.getByTestId("session-end-confirm"));

    expect(await screen.findByTestId("session-error")).toHaveTextContent("Session 31 has ended.");
  });
});
