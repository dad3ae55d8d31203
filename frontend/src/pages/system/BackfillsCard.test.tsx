import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import type { Backfill } from "../../api/types";
import { FakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { backfill } from "../../test/systemFixtures";
import { BackfillsCard } from "./BackfillsCard";

const page = (items: Backfill[]) => ({ body: { items, total: items.length, limit: 10, offset: 0 } });

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
});

async function rowOf(id: number): Promise<HTMLElement> {
  const rows = await screen.findAllByTestId("backfill-row");
  const row = rows.find((item) => item.dataset.backfillId === String(id));
  if (!row) throw new Error(`no row for backfill ${id}`);
  return row;
}

describe("Cancelling a backfill", () => {
  it("test_offers_cancel_only_on_queued_and_running_rows_when_the_list_shows_them", async () => {
    api.on("GET", "/api/backfills", page([backfill(9), backfill(8, { status: "queued", startedAt: null }), backfill(7, { status: "done", done: 38 })]));
    renderWithProviders(<BackfillsCard />);

    expect(within(await rowOf(9)).getByTestId("backfill-cancel")).toHaveTextContent("Cancel");
    expect(within(await rowOf(8)).getByTestId("backfill-cancel")).toBeEnabled();
    expect(within(await rowOf(7)).queryByTestId("backfill-cancel")).toBeNull();
  });

  it("test_shows_cancelling_until_the_row_ends_when_a_running_backfill_is_cancelled", async () => {
    let cancelled = false;
    api.on("GET", "/api/backfills", () =>
      page([cancelled ? backfill(9, { status: "cancelled", lastError: "cancelled from the panel", finishedAt: "2026-03-06T21:00:05Z" }) : backfill(9)]),
    );
    api.on("POST", "/api/backfills/9/cancel", () => ({ status: 202, body: backfill(9, { cancelRequestedAt: "2026-03-06T21:00:01Z" }) }));
    renderWithProviders(<BackfillsCard />);

    await userEvent.click(within(await rowOf(9)).getByTestId("backfill-cancel"));

    expect(api.last("POST", "/api/backfills/9/cancel")).toBeDefined();
    const button = within(await rowOf(9)).getByTestId("backfill-cancel");
    expect(button).toHaveTextContent("Cancelling…");
    expect(button).toBeDisabled();
    cancelled = true;
    await waitFor(() => expect(screen.getByTestId("backfill-row")).toHaveAttribute("data-status", "cancelled"));
    expect(screen.queryByTestId("backfill-cancel")).toBeNull();
    expect(screen.getByTestId("backfill-last-error")).toHaveTextContent("cancelled from the panel");
  });

  it("test_shows_cancelling_without_a_click_when_the_row_already_has_a_cancel_requested", async () => {
    api.on("GET", "/api/backfills", page([backfill(9, { cancelRequestedAt: "2026-03-06T21:00:01Z" })]));
    renderWithProviders(<BackfillsCard />);

    const button = within(await rowOf(9)).getByTestId("backfill-cancel");
    expect(button).toHaveTextContent("Cancelling…");
    expect(button).toBeDisabled();
  });

  it("test_shows_the_problem_detail_when_the_cancel_is_refused", async () => {
    api.on("GET", "/api/backfills", page([backfill(9)]));
    api.on("POST", "/api/backfills/9/cancel", {
      status: 409,
      body: { title: "Conflict", status: 409, detail: "backfill 9 has already ended (done): there is nothing to cancel" },
    });
    renderWithProviders(<BackfillsCard />);

    await userEvent.click(within(await rowOf(9)).getByTestId("backfill-cancel"));

    expect(await screen.findByTestId("backfill-cancel-error")).toHaveTextContent("has already ended (done)");
    expect(screen.getByTestId("backfill-cancel")).toHaveTextContent("Cancel");
  });
});
