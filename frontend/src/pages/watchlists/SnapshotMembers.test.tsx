import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import { FakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { backfill } from "../../test/systemFixtures";
import { WatchlistsPage } from "../WatchlistsPage";

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi()
    .on("GET", "/api/watchlists", {
      body: [
        { id: 1, name: "Friends", isSystem: true, memberCount: 2 },
        { id: 6, name: "Empty list", isSystem: false, memberCount: 0 },
      ],
    })
    .on("GET", "/api/watchlist/1/members", { body: { items: [], total: 0, limit: 25, offset: 0 } })
    .install();
});

describe("Snapshot members", () => {
  it("test_queues_a_snapshot_of_the_list_and_shows_its_progress_when_clicked", async () => {
    api.on("POST", "/api/backfills", { status: 202, body: backfill(21, { status: "queued", total: 2, done: 0, failed: 0 }) });
    api.on("GET", "/api/backfills/21", { body: backfill(21, { status: "done", total: 2, done: 2, failed: 0 }) });
    renderWithProviders(<WatchlistsPage />, { route: "/watchlists?list=1" });

    await userEvent.click(await screen.findByTestId("watchlist-snapshot"));

    expect(api.last("POST", "/api/backfills")?.body).toEqual({ kind: "statbate_snapshots", watchlistId: 1 });
    const progress = await screen.findByTestId("watchlist-snapshot-progress");
    await waitFor(() => expect(progress).toHaveAttribute("data-status", "done"));
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("data-percent", "100");
    expect(within(progress).getByTestId("backfill-counts")).toHaveTextContent("2 / 2 names");
    expect(screen.getByTestId("watchlist-snapshot")).toBeEnabled();
  });

  it("test_cancels_the_snapshot_from_its_progress_when_cancel_is_clicked", async () => {
    const queued = backfill(21, { status: "queued", total: 2, done: 0, failed: 0 });
    const cancelled = { ...queued, status: "cancelled" as const, cancelRequestedAt: "2026-03-06T21:00:01Z", finishedAt: "2026-03-06T21:00:01Z" };
    api.on("POST", "/api/backfills", { status: 202, body: queued });
    api.on("GET", "/api/backfills/21", () => ({ body: api.last("POST", "/api/backfills/21/cancel") ? cancelled : queued }));
    api.on("POST", "/api/backfills/21/cancel", { status: 202, body: cancelled });
    renderWithProviders(<WatchlistsPage />, { route: "/watchlists?list=1" });

    await userEvent.click(await screen.findByTestId("watchlist-snapshot"));
    await userEvent.click(await screen.findByTestId("backfill-cancel"));

    const progress = await screen.findByTestId("watchlist-snapshot-progress");
    await waitFor(() => expect(progress).toHaveAttribute("data-status", "cancelled"));
    expect(screen.queryByTestId("backfill-cancel")).toBeNull();
  });

  it("test_cannot_snapshot_a_list_when_it_has_no_members", async () => {
    api.on("GET", "/api/watchlist/6/members", { body: { items: [], total: 0, limit: 25, offset: 0 } });
    renderWithProviders(<WatchlistsPage />, { route: "/watchlists?list=6" });

    expect(await screen.findByTestId("watchlist-snapshot")).toBeDisabled();
  });

  it("test_shows_why_when_the_snapshot_is_refused", async () => {
    api.on("POST", "/api/backfills", {
      status: 409,
      body: { title: "Conflict", status: 409, detail: "Statbate snapshots need STATBATE_API_TOKEN." },
    });
    renderWithProviders(<WatchlistsPage />, { route: "/watchlists?list=1" });

    await userEvent.click(await screen.findByTestId("watchlist-snapshot"));

    expect(await screen.findByTestId("watchlist-snapshot-error")).toHaveTextContent("need STATBATE_API_TOKEN");
  });
});
